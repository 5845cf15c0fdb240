/* The config file, the shared options and the one credentials loader (config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CONFIG_MAX (1024 * 1024)
#define S_FORMS "'[default]', '[profile NAME]', 'key = value' or a '#' comment"

void mktows_cli_profile_clean_up(mktows_cli_profile *p)
{
    free(p->endpoint);
    free(p->user_id);
    free(p->key_file);
    free(p->workspace);
    free(p->ca_file);
    memset(p, 0, sizeof *p);
}

static int s_err(char *err, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int s_err(char *err, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
    return -1;
}

static char *s_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* A path from the config: "~/x" is under $HOME, a relative one is under the config file's folder. */
static char *s_path_value(const char *config_path, const char *v)
{
    char buf[PATH_MAX];
    const char *home = getenv("HOME");
    if (v[0] == '~' && v[1] == '/' && home && *home) {
        snprintf(buf, sizeof buf, "%s%s", home, v + 1);
        return strdup(buf);
    }
    const char *slash = strrchr(config_path, '/');
    if (v[0] == '/' || !slash)
        return strdup(v);
    snprintf(buf, sizeof buf, "%.*s/%s", (int)(slash - config_path), config_path, v);
    return strdup(buf);
}

static int s_positive(const char *v, int *out)
{
    return mktows_cli_parse_positive_int(v, out);
}

int mktows_cli_parse_rate(const char *v, int *calls, int *seconds)
{
    const char *slash = strchr(v, '/');
    if (!slash)
        return -1;
    char left[32];
    size_t n = (size_t)(slash - v);
    if (n == 0 || n >= sizeof left)
        return -1;
    memcpy(left, v, n);
    left[n] = '\0';
    return s_positive(left, calls) || s_positive(slash + 1, seconds) || *calls > 100000 ? -1 : 0;
}

/* Add @p name to the list of known profiles @p known (", "-separated) unless it is there. */
static void s_known_add(char *known, size_t size, const char *name)
{
    size_t len = strlen(name);
    for (const char *k = known; (k = strstr(k, name)) != NULL; k += len)
        if ((k == known || (k - known >= 2 && k[-2] == ',' && k[-1] == ' ')) && (k[len] == ',' || k[len] == '\0'))
            return;
    size_t used = strlen(known);
    snprintf(known + used, size - used, "%s%s", used ? ", " : "", name);
}

int mktows_cli_config_parse(const char *path, const char *text, const char *name, int required,
                            mktows_cli_profile *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    char *copy = strdup(text);
    if (!copy)
        return s_err(err, err_size, "out of memory");
    char known[512] = "";
    int in_section = 0, selected = 0, found = 0, line_no = 0, rc = 0;
    unsigned seen = 0; /* keys set in the current section, one bit each */
    static const char *const keys[] = { "endpoint", "user_id", "key_file", "workspace", "timeout_ms",
                                        "rate", "ca_file", NULL };
    for (char *line = copy, *next; line && rc == 0; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        char *s = s_trim(line);
        if (*s == '\0' || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || *s_trim(end + 1) != '\0') {
                rc = s_err(err, err_size, "%s:%d: malformed section header (expected " S_FORMS ")", path, line_no);
                break;
            }
            *end = '\0';
            char *inner = s_trim(s + 1);
            const char *section;
            if (strcmp(inner, "default") == 0) {
                section = "default";
            } else if (strncmp(inner, "profile", 7) == 0 && (inner[7] == ' ' || inner[7] == '\t')) {
                section = s_trim(inner + 8);
                if (!*section || strpbrk(section, " \t[]")) {
                    rc = s_err(err, err_size, "%s:%d: bad profile name (expected '[profile NAME]', NAME without "
                               "spaces)", path, line_no);
                    break;
                }
            } else {
                rc = s_err(err, err_size, "%s:%d: unknown section '[%s]' (expected '[default]' or "
                           "'[profile NAME]')", path, line_no, inner);
                break;
            }
            in_section = 1;
            seen = 0;
            selected = strcmp(section, name) == 0;
            if (selected && found) {
                rc = s_err(err, err_size, "%s:%d: profile '%s' is defined twice", path, line_no, section);
                break;
            }
            found |= selected;
            s_known_add(known, sizeof known, section);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = s_err(err, err_size, "%s:%d: expected " S_FORMS, path, line_no);
            break;
        }
        *eq = '\0';
        char *key = s_trim(s), *value = s_trim(eq + 1);
        size_t vlen = strlen(value);
        if (vlen >= 2 && ((value[0] == '"' && value[vlen - 1] == '"') || (value[0] == '\'' && value[vlen - 1] == '\''))) {
            value[vlen - 1] = '\0';
            value++;
        }
        int k = 0;
        while (keys[k] && strcmp(keys[k], key) != 0)
            k++;
        if (!keys[k]) {
            if (strcmp(key, "encryption_key") == 0 || strcmp(key, "key") == 0)
                rc = s_err(err, err_size, "%s:%d: the encryption key does not go in the config file: put it in a "
                           "file of its own (mode 0600) and name that with 'key_file = PATH'", path, line_no);
            else
                rc = s_err(err, err_size, "%s:%d: unknown key '%s' (expected one of endpoint, user_id, key_file, "
                           "workspace, timeout_ms, rate, ca_file)", path, line_no, key);
            break;
        }
        if (!in_section) {
            rc = s_err(err, err_size, "%s:%d: '%s' before any section (expected '[default]' or '[profile NAME]' "
                       "first)", path, line_no, key);
            break;
        }
        if (seen & (1u << k)) {
            rc = s_err(err, err_size, "%s:%d: '%s' is set twice in this section", path, line_no, key);
            break;
        }
        seen |= 1u << k;
        if (!*value) {
            rc = s_err(err, err_size, "%s:%d: '%s' is empty (expected '%s = VALUE')", path, line_no, key, key);
            break;
        }
        int n1 = 0, n2 = 0;
        if (k == 4 && s_positive(value, &n1)) {
            rc = s_err(err, err_size, "%s:%d: timeout_ms must be a positive integer of milliseconds, got '%s' "
                       "(expected e.g. 'timeout_ms = 30000')", path, line_no, value);
            break;
        }
        if (k == 5 && mktows_cli_parse_rate(value, &n1, &n2)) {
            rc = s_err(err, err_size, "%s:%d: rate must be CALLS/SECONDS, got '%s' (expected e.g. 'rate = 100/20')",
                       path, line_no, value);
            break;
        }
        if (!selected)
            continue;
        char **slot = NULL;
        switch (k) {
        case 0: slot = &out->endpoint; break;
        case 1: slot = &out->user_id; break;
        case 2: out->key_file = s_path_value(path, value); break;
        case 3: slot = &out->workspace; break;
        case 4: out->timeout_ms = n1; break;
        case 5: out->rate_calls = n1; out->rate_seconds = n2; break;
        case 6: out->ca_file = s_path_value(path, value); break;
        }
        if (slot)
            *slot = strdup(value);
    }
    free(copy);
    if (rc == 0 && !found && required)
        rc = s_err(err, err_size, "no profile '%s' in %s (known: %s)", name, path, *known ? known : "none");
    if (rc)
        mktows_cli_profile_clean_up(out);
    return rc;
}

int mktows_cli_config_path(const char *config_opt, char *out, size_t size, int *is_explicit)
{
    *is_explicit = 1;
    if (config_opt) {
        snprintf(out, size, "%s", config_opt);
        return 0;
    }
    const char *env = getenv("MKTOWS_CONFIG");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return 0;
    }
    *is_explicit = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0] == '/') { /* the XDG spec: a relative value is to be ignored */
        snprintf(out, size, "%s/mktows/config", xdg);
        return 0;
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        snprintf(out, size, "%s/.config/mktows/config", home);
        return 0;
    }
    return -1;
}

static int s_read_text(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = malloc(S_CONFIG_MAX + 1);
    if (!buf) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    size_t n = fread(buf, 1, S_CONFIG_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > S_CONFIG_MAX) {
        free(buf);
        errno = bad ? EIO : EFBIG;
        return -1;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        free(buf);
        errno = EINVAL;
        return -1;
    }
    *out = buf;
    return 0;
}

int mktows_cli_config_load(const char *what, const char *config_opt, const char *profile_opt,
                           mktows_cli_profile *out)
{
    memset(out, 0, sizeof *out);
    const char *env_profile = getenv("MKTOWS_PROFILE");
    const char *name = profile_opt ? profile_opt : (env_profile && *env_profile) ? env_profile : NULL;
    char path[PATH_MAX];
    int is_explicit = 0;
    if (mktows_cli_config_path(config_opt, path, sizeof path, &is_explicit) != 0) {
        if (name) {
            mktows_cli_error(what, "no profile '%s': no config file (HOME is not set; use --config FILE)", name);
            return -1;
        }
        return 0;
    }
    char *text = NULL;
    if (s_read_text(path, &text) != 0) {
        if (errno == ENOENT && !is_explicit && !name)
            return 0; /* no config file: fine */
        if (errno == ENOENT && !is_explicit)
            mktows_cli_error(what, "no profile '%s': config file '%s' does not exist", name, path);
        else
            mktows_cli_error(what, "cannot read config file '%s': %s", path,
                             errno == EINVAL ? "contains a NUL byte" : strerror(errno));
        return -1;
    }
    char err[1024];
    int rc = mktows_cli_config_parse(path, text, name ? name : "default", name != NULL, out, err, sizeof err);
    free(text);
    if (rc != 0) {
        mktows_cli_error(what, "%s", err);
        return -1;
    }
    return 0;
}

/* ---- shared options ---- */

int mktows_cli_common_option(const char *what, mktows_cli_common *c, int id, const char *value)
{
    const char **slot = NULL;
    const char *name = NULL;
    switch (id) {
    case MKTOWS_CLI_OPT_CONFIG: slot = &c->config; name = "config"; break;
    case MKTOWS_CLI_OPT_PROFILE: slot = &c->profile; name = "profile"; break;
    case MKTOWS_CLI_OPT_ENDPOINT: slot = &c->endpoint; name = "endpoint"; break;
    case MKTOWS_CLI_OPT_USER_ID: slot = &c->user_id; name = "user-id"; break;
    case MKTOWS_CLI_OPT_KEY_FILE: slot = &c->key_file; name = "key-file"; break;
    case MKTOWS_CLI_OPT_CA_FILE: slot = &c->ca_file; name = "ca-file"; break;
    case MKTOWS_CLI_OPT_CA_PATH: slot = &c->ca_path; name = "ca-path"; break;
    case MKTOWS_CLI_OPT_TRACE: slot = &c->trace; name = "trace"; break;
    case MKTOWS_CLI_OPT_INSECURE:
        c->insecure = 1;
        return 0;
    case MKTOWS_CLI_OPT_QUIET:
        c->quiet = 1;
        mktows_cli_set_quiet(1);
        return 0;
    case MKTOWS_CLI_OPT_PROGRESS:
        c->progress = 1;
        return 0;
    case MKTOWS_CLI_OPT_TIMEOUT_MS:
        if (mktows_cli_parse_positive_int(value, &c->timeout_ms) != 0)
            return mktows_cli_usage_error(what, "--timeout-ms must be a positive integer of milliseconds, got '%s'",
                                          value);
        return 0;
    default:
        return -1;
    }
    if (!*value)
        return mktows_cli_usage_error(what, "--%s is empty", name);
    *slot = value;
    return 0;
}

/* ---- resolution ---- */

void mktows_cli_settings_clean_up(mktows_cli_settings *s)
{
    free(s->endpoint);
    free(s->user_id);
    mktows_cli_key_free(s->key);
    free(s->workspace);
    free(s->ca_file);
    free(s->ca_path);
    memset(s, 0, sizeof *s);
}

/* Append "; " + @p item to the list of problems. */
static void s_problem(char *list, size_t size, const char *item)
{
    size_t used = strlen(list);
    snprintf(list + used, size - used, "%s%s", used ? "; " : "", item);
}

/* option > environment > profile, for one string; a set-but-empty variable is a problem. */
static char *s_pick(const char *option, const char *env_name, char *from_profile, const char *label,
                    const char *opt_name, const char *key, int needed, char *problems, size_t size, int *count)
{
    if (option)
        return strdup(option);
    const char *env = getenv(env_name);
    if (env && !*env) {
        if (needed) {
            char item[128];
            snprintf(item, sizeof item, "%s is empty", env_name);
            s_problem(problems, size, item);
            (*count)++;
        }
        return NULL;
    }
    if (env)
        return strdup(env);
    if (from_profile)
        return strdup(from_profile);
    if (needed) {
        char item[256];
        snprintf(item, sizeof item, "no %s (pass %s, set %s or put '%s = ...' in the profile)", label, opt_name,
                 env_name, key);
        s_problem(problems, size, item);
        (*count)++;
    }
    return NULL;
}

int mktows_cli_settings_load(const char *what, const mktows_cli_common *c, unsigned need,
                             mktows_cli_settings *out)
{
    memset(out, 0, sizeof *out);
    mktows_cli_profile prof;
    if (mktows_cli_config_load(what, c->config, c->profile, &prof) != 0)
        return MKTOWS_CLI_EXIT_ERROR;

    char problems[1024] = "";
    int count = 0;
    out->endpoint = s_pick(c->endpoint, "MARKETO_SOAP_ENDPOINT", prof.endpoint, "endpoint", "--endpoint", "endpoint",
                           (need & MKTOWS_CLI_NEED_ENDPOINT) != 0, problems, sizeof problems, &count);
    out->user_id = s_pick(c->user_id, "MARKETO_USER_ID", prof.user_id, "user id", "--user-id", "user_id",
                          (need & MKTOWS_CLI_NEED_USER_ID) != 0, problems, sizeof problems, &count);
    const char *key_file = c->key_file;
    int key_from_env = 0;
    if ((need & MKTOWS_CLI_NEED_KEY) && !key_file) {
        const char *env = getenv("MARKETO_ENCRYPTION_KEY");
        if (env && !*env) {
            s_problem(problems, sizeof problems, "MARKETO_ENCRYPTION_KEY is empty");
            count++;
        } else if (env) {
            key_from_env = 1;
        } else if (prof.key_file) {
            key_file = prof.key_file;
        } else {
            s_problem(problems, sizeof problems, "no encryption key (pass --key-file FILE, set "
                      "MARKETO_ENCRYPTION_KEY or put 'key_file = PATH' in the profile)");
            count++;
        }
    }
    int rc = 0;
    if (count > 0) {
        if (count == 1)
            mktows_cli_error(what, "%s", problems);
        else
            mktows_cli_error(what, "missing credentials: %s", problems);
        rc = MKTOWS_CLI_EXIT_ERROR;
    } else if ((need & MKTOWS_CLI_NEED_KEY) && (key_file || key_from_env)) {
        if (mktows_cli_load_key(what, key_from_env ? NULL : key_file, &out->key) != 0)
            rc = MKTOWS_CLI_EXIT_ERROR;
    }
    if (prof.workspace)
        out->workspace = strdup(prof.workspace);
    const char *ca = c->ca_file ? c->ca_file : prof.ca_file;
    if (ca)
        out->ca_file = strdup(ca);
    if (c->ca_path)
        out->ca_path = strdup(c->ca_path);
    out->insecure = c->insecure;
    out->timeout_ms = c->timeout_ms ? c->timeout_ms : prof.timeout_ms;
    out->rate_calls = prof.rate_calls;
    out->rate_seconds = prof.rate_seconds;
    mktows_cli_profile_clean_up(&prof);
    return rc;
}
