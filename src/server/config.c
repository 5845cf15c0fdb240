/* The server's configuration: an INI-style file read by our own small parser (docs/server.md).
 *
 *   [server]            max_skew_s = 900, workspaces = on|off, first_activity_id = 1, fixtures = FILE,
 *                       reject_replays = on|off
 *   [limits]            rate = 100/20, concurrency = 10, daily_quota = 10000, latency_ms = 0,
 *                       connections = 256, request_timeout_s = 30
 *   [faults]            fail = OP:CODE[@N] | OP:drop[@N] | OP:delay=MS[@N]   (inject.h)
 *   [user ID]           key = SECRET
 *   [field NAME]        type = string, display_name = Shown Name
 *   [workspace NAME]    primary_partition = PARTITION
 *   [rules]             rule = ATTR = VALUE -> PARTITION   (first match wins)
 *
 * '#' or ';' at the start of a line or after whitespace starts a comment.
 */
#include "config.h"
#include "config_private.h"
#include "inject.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int s_add_field(mktows_srv_config *cfg, const char *name, const char *type, const char *display,
                       int read_only)
{
    for (size_t i = 0; i < cfg->field_count; i++) {
        if (strcasecmp(cfg->fields[i].name, name) == 0) {
            free(cfg->fields[i].type);
            cfg->fields[i].type = mktows_srv_cfg_dup(type);
            return 0;
        }
    }
    cfg->fields = mktows_srv_cfg_grow(cfg->fields, cfg->field_count, sizeof *cfg->fields);
    mktows_srv_field *f = &cfg->fields[cfg->field_count++];
    memset(f, 0, sizeof *f);
    f->name = mktows_srv_cfg_dup(name);
    f->type = mktows_srv_cfg_dup(type);
    f->display_name = mktows_srv_cfg_dup(display ? display : name);
    f->read_only = read_only;
    return 0;
}

static mktows_srv_workspace *s_add_workspace(mktows_srv_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->workspace_count; i++)
        if (strcasecmp(cfg->workspaces[i].name, name) == 0)
            return &cfg->workspaces[i];
    cfg->workspaces = mktows_srv_cfg_grow(cfg->workspaces, cfg->workspace_count, sizeof *cfg->workspaces);
    mktows_srv_workspace *w = &cfg->workspaces[cfg->workspace_count++];
    w->name = mktows_srv_cfg_dup(name);
    w->primary_partition = mktows_srv_cfg_dup(name);
    return w;
}

int mktows_srv_config_init(mktows_srv_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_skew_s = 900;
    cfg->max_connections = MKTOWS_SRV_CONNECTIONS_DEFAULT;
    cfg->request_timeout_s = 30;
    for (size_t i = 0; mktows_srv_standard_fields[i][0]; i++)
        s_add_field(cfg, mktows_srv_standard_fields[i][0], mktows_srv_standard_fields[i][1],
                    mktows_srv_standard_fields[i][2], 0);
    for (size_t i = 0; mktows_srv_system_fields[i][0]; i++)
        s_add_field(cfg, mktows_srv_system_fields[i][0], mktows_srv_system_fields[i][1],
                    mktows_srv_system_fields[i][2], 1);
    s_add_workspace(cfg, "Default");
    return 0;
}

int mktows_srv_config_add_user(mktows_srv_config *cfg, const char *id, const char *key)
{
    for (size_t i = 0; i < cfg->user_count; i++) {
        if (strcmp(cfg->users[i].id, id) == 0) {
            free(cfg->users[i].key);
            cfg->users[i].key = mktows_srv_cfg_dup(key);
            return 0;
        }
    }
    cfg->users = mktows_srv_cfg_grow(cfg->users, cfg->user_count, sizeof *cfg->users);
    cfg->users[cfg->user_count].id = mktows_srv_cfg_dup(id);
    cfg->users[cfg->user_count].key = mktows_srv_cfg_dup(key);
    cfg->user_count++;
    return 0;
}

static int s_parse_bool(const char *v, int *out)
{
    if (!strcasecmp(v, "on") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1"))
        *out = 1;
    else if (!strcasecmp(v, "off") || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0"))
        *out = 0;
    else
        return -1;
    return 0;
}

/* "100/20" -> calls, window; "off" or "0" -> no limit. */
static int s_parse_rate(const char *v, int *calls, int *window_s)
{
    if (!strcasecmp(v, "off") || !strcmp(v, "0")) {
        *calls = 0;
        *window_s = 0;
        return 0;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%s", v);
    char *slash = strchr(buf, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    long c, w;
    if (mktows_srv_cfg_parse_long(mktows_srv_cfg_trim(buf), 1, 1000000, &c)
        || mktows_srv_cfg_parse_long(mktows_srv_cfg_trim(slash + 1), 1, 86400, &w))
        return -1;
    *calls = (int)c;
    *window_s = (int)w;
    return 0;
}

/* What each [server], [limits] and [faults] setting takes, for the messages of a bad one. */
static const char *const s_forms[][3] = {
    { "server", "max_skew_s", "seconds, from 1 to 31536000" },
    { "server", "workspaces", "on or off" },
    { "server", "reject_replays", "on or off" },
    { "server", "first_activity_id", "a whole number from 1" },
    { "server", "fixtures", "a JSON or CSV fixtures file (relative to the config file)" },
    { "limits", "rate", "CALLS/SECONDS such as 100/20, or off" },
    { "limits", "concurrency", "a whole number from 0 (0 = off)" },
    { "limits", "daily_quota", "a whole number from 0 (0 = off)" },
    { "limits", "latency_ms", "milliseconds, from 0 to 60000" },
    { "limits", "connections", "a whole number from 1 to 4096" },
    { "limits", "request_timeout_s", "seconds, from 1 to 3600" },
    { "faults", "fail", "OP:CODE, OP:drop or OP:delay=MS, each optionally @N" },
};

/* "PATH:LINE: [section] key = value: expected ..." or "... unknown setting (expected one of ...)". */
static void s_bad_setting(char *err, size_t err_len, const char *path, int lineno, const char *section,
                          const char *key)
{
    char known[300] = "";
    for (size_t i = 0; i < sizeof s_forms / sizeof s_forms[0]; i++) {
        if (strcasecmp(s_forms[i][0], section) != 0)
            continue;
        if (strcasecmp(s_forms[i][1], key) == 0) {
            mktows_srv_cfg_err(err, err_len, "%s:%d: [%s] %s: expected %s", path, lineno, section, s_forms[i][1],
                               s_forms[i][2]);
            return;
        }
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", *known ? ", " : "", s_forms[i][1]);
    }
    mktows_srv_cfg_err(err, err_len, "%s:%d: [%s]: unknown setting '%s' (expected %s)", path, lineno, section, key,
                       known);
}

/* A file named in the config: relative to the config file's folder. */
static char *s_relative(const char *config_path, const char *file)
{
    const char *slash = strrchr(config_path, '/');
    if (file[0] == '/' || !slash)
        return mktows_srv_cfg_dup(file);
    size_t dl = (size_t)(slash - config_path) + 1, fl = strlen(file);
    char *p = malloc(dl + fl + 1);
    if (!p)
        return mktows_srv_cfg_dup(file);
    memcpy(p, config_path, dl);
    memcpy(p + dl, file, fl + 1);
    return p;
}

static void s_push(char ***arr, size_t *count, char *value)
{
    *arr = mktows_srv_cfg_grow(*arr, *count, sizeof **arr);
    (*arr)[(*count)++] = value;
}

/* "ATTR = VALUE -> PARTITION" */
static int s_parse_rule(mktows_srv_config *cfg, char *v)
{
    char *arrow = strstr(v, "->");
    if (!arrow)
        return -1;
    *arrow = '\0';
    char *part = mktows_srv_cfg_trim(arrow + 2);
    char *eq = strchr(v, '=');
    if (!eq)
        return -1;
    *eq = '\0';
    char *attr = mktows_srv_cfg_trim(v), *value = mktows_srv_cfg_trim(eq + 1);
    if (!*attr || !*part)
        return -1;
    cfg->rules = mktows_srv_cfg_grow(cfg->rules, cfg->rule_count, sizeof *cfg->rules);
    cfg->rules[cfg->rule_count].attr = mktows_srv_cfg_dup(attr);
    cfg->rules[cfg->rule_count].value = mktows_srv_cfg_dup(value);
    cfg->rules[cfg->rule_count].partition = mktows_srv_cfg_dup(part);
    cfg->rule_count++;
    return 0;
}

/* Reads the lines of @p f into @p cfg, in @p line (@p line_len bytes). */
static int s_parse(mktows_srv_config *cfg, const char *path, FILE *f, char *line, int line_len, char *err,
                   size_t err_len)
{
    enum { NONE, SERVER, LIMITS, FAULTS, USER, FIELD, WORKSPACE, RULES, OBJECT } section = NONE;
    char name[256] = "", object_kind[32] = "";
    int lineno = 0, rc = 0;
    mktows_srv_field *field = NULL;
    while (fgets(line, line_len, f)) {
        lineno++;
        /* a comment starts with '#' or ';' at the start of the line or after whitespace */
        for (char *p = line; *p; p++) {
            if ((*p == '#' || *p == ';') && (p == line || isspace((unsigned char)p[-1]))) {
                *p = '\0';
                break;
            }
        }
        char *s = mktows_srv_cfg_trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close || close[1]) {
                mktows_srv_cfg_err(err, err_len, "%s:%d: bad section header", path, lineno);
                rc = -1;
                break;
            }
            *close = '\0';
            char *kind = mktows_srv_cfg_trim(s + 1);
            char *arg = kind;
            while (*arg && !isspace((unsigned char)*arg))
                arg++;
            if (*arg)
                *arg++ = '\0';
            arg = mktows_srv_cfg_trim(arg);
            snprintf(name, sizeof name, "%s", arg);
            int needs_name = 1;
            if (!strcasecmp(kind, "server")) { section = SERVER; needs_name = 0; }
            else if (!strcasecmp(kind, "limits")) { section = LIMITS; needs_name = 0; }
            else if (!strcasecmp(kind, "rules")) { section = RULES; needs_name = 0; }
            else if (!strcasecmp(kind, "faults")) { section = FAULTS; needs_name = 0; }
            else if (!strcasecmp(kind, "user")) section = USER;
            else if (!strcasecmp(kind, "field")) section = FIELD;
            else if (!strcasecmp(kind, "workspace")) section = WORKSPACE;
            else if (*arg && mktows_srv_config_object_begin(cfg, kind, arg)) {
                section = OBJECT;
                snprintf(object_kind, sizeof object_kind, "%s", kind);
            } else {
                mktows_srv_cfg_err(err, err_len, "%s:%d: unknown section [%s]", path, lineno, kind);
                rc = -1;
                break;
            }
            if (needs_name != (*name != '\0')) {
                mktows_srv_cfg_err(err, err_len, "%s:%d: [%s] %s", path, lineno, kind,
                      needs_name ? "needs a name" : "takes no name");
                rc = -1;
                break;
            }
            if (section == FIELD) {
                /* a standard field's section changes its type or display name; each field once */
                const mktows_srv_field *known = mktows_srv_config_field(cfg, name);
                if (known && (known->configured || known->read_only)) {
                    mktows_srv_cfg_err(err, err_len, "%s:%d: field %s %s", path, lineno, name,
                                       known->read_only ? "is a system field: it cannot be configured"
                                                        : "is already defined");
                    rc = -1;
                    break;
                }
                if (!known)
                    s_add_field(cfg, name, "string", NULL, 0);
                field = (mktows_srv_field *)mktows_srv_config_field(cfg, name);
                field->configured = 1;
            } else if (section == WORKSPACE) {
                s_add_workspace(cfg, name);
            } else if (section == USER) {
                mktows_srv_config_add_user(cfg, name, "");
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq || section == NONE) {
            mktows_srv_cfg_err(err, err_len, "%s:%d: expected key = value inside a section", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = mktows_srv_cfg_trim(s), *val = mktows_srv_cfg_trim(eq + 1);
        int ok = 0;
        const char *section_name = NULL; /* [server], [limits], [faults]: messages say what a key takes */
        switch (section) {
        case SERVER:
            section_name = "server";
            if (!strcasecmp(key, "fixtures")) {
                ok = *val != '\0';
                if (ok)
                    s_push(&cfg->fixtures, &cfg->fixture_count, s_relative(path, val));
                break;
            }
            ok = (!strcasecmp(key, "max_skew_s") || !strcasecmp(key, "workspaces")
                  || !strcasecmp(key, "first_activity_id") || !strcasecmp(key, "reject_replays"))
                 && mktows_srv_config_set(cfg, key, val) == 0;
            break;
        case LIMITS:
            section_name = "limits";
            ok = strcasecmp(key, "max_skew_s") && strcasecmp(key, "workspaces") && strcasecmp(key, "first_activity_id")
                 && strcasecmp(key, "reject_replays")
                 && mktows_srv_config_set(cfg, key, val) == 0;
            break;
        case FAULTS: {
            char why[300];
            if (strcasecmp(key, "fail") != 0) {
                s_bad_setting(err, err_len, path, lineno, "faults", key);
                return -1;
            }
            if (mktows_srv_inject_check(val, why, sizeof why)) {
                mktows_srv_cfg_err(err, err_len, "%s:%d: [faults] fail: %s", path, lineno, why);
                return -1;
            }
            s_push(&cfg->faults, &cfg->fault_count, mktows_srv_cfg_dup(val));
            ok = 1;
            break;
        }
        case USER:
            if (!strcasecmp(key, "key")) {
                mktows_srv_config_add_user(cfg, name, val);
                ok = *val != '\0';
            }
            break;
        case FIELD:
            if (!strcasecmp(key, "type")) {
                free(field->type);
                field->type = mktows_srv_cfg_dup(val);
                ok = *val != '\0';
            } else if (!strcasecmp(key, "display_name")) {
                free(field->display_name);
                field->display_name = mktows_srv_cfg_dup(val);
                ok = *val != '\0';
            }
            break;
        case WORKSPACE:
            if (!strcasecmp(key, "primary_partition")) {
                mktows_srv_workspace *w = s_add_workspace(cfg, name);
                free(w->primary_partition);
                w->primary_partition = mktows_srv_cfg_dup(val);
                ok = *val != '\0';
            }
            break;
        case RULES:
            if (!strcasecmp(key, "rule")) {
                /* the key ends at the first '=', so val is "ATTR = VALUE -> PARTITION" */
                ok = s_parse_rule(cfg, val) == 0;
            }
            break;
        case OBJECT: {
            char why[200] = "";
            int r = mktows_srv_config_object_set(cfg, object_kind, name, key, val, why, sizeof why);
            if (r < 0 && *why) {
                mktows_srv_cfg_err(err, err_len, "%s:%d: %s: %s", path, lineno, key, why);
                return -1;
            }
            ok = r > 0;
            break;
        }
        case NONE:
            break;
        }
        if (!ok && section_name) {
            s_bad_setting(err, err_len, path, lineno, section_name, key);
            rc = -1;
            break;
        }
        if (!ok) {
            mktows_srv_cfg_err(err, err_len, "%s:%d: bad or unknown setting '%s'", path, lineno, key);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && mktows_srv_config_objects_finish(cfg, err, err_len))
        rc = -1;
    return rc;
}

/* The file holds the users' keys: it is read through a buffer of ours, and that buffer and the line
 * buffer are wiped once it is closed, so no copy of a key is left in freed memory (the copies in
 * cfg->users are wiped by mktows_srv_config_clean_up()). */
int mktows_srv_config_load(mktows_srv_config *cfg, const char *path, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        mktows_srv_cfg_err(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    char iobuf[16384]; /* the stream's buffer, ours so that it can be wiped: closed before it goes */
    char line[4096];
    setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    int rc = s_parse(cfg, path, f, line, (int)sizeof line, err, err_len);
    fclose(f);
    OPENSSL_cleanse(iobuf, sizeof iobuf);
    OPENSSL_cleanse(line, sizeof line);
    return rc;
}

int mktows_srv_config_set(mktows_srv_config *cfg, const char *key, const char *val)
{
    long n = 0;
    if (!strcasecmp(key, "max_skew_s"))
        return mktows_srv_cfg_parse_long(val, 1, 365L * 86400, &cfg->max_skew_s);
    if (!strcasecmp(key, "workspaces"))
        return s_parse_bool(val, &cfg->workspaces_enabled);
    if (!strcasecmp(key, "reject_replays"))
        return s_parse_bool(val, &cfg->reject_replays);
    if (!strcasecmp(key, "first_activity_id")) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(val, &end, 10);
        if (errno || end == val || *end || v < 1 || v > 4000000000000000000LL)
            return -1;
        cfg->first_activity_id = v;
        return 0;
    }
    if (!strcasecmp(key, "rate"))
        return s_parse_rate(val, &cfg->rate_calls, &cfg->rate_window_s);
    if (!strcasecmp(key, "concurrency")) {
        if (mktows_srv_cfg_parse_long(val, 0, 100000, &n))
            return -1;
        cfg->concurrency_limit = (int)n;
        return 0;
    }
    if (!strcasecmp(key, "daily_quota"))
        return mktows_srv_cfg_parse_long(val, 0, 1000000000L, &cfg->daily_quota);
    if (!strcasecmp(key, "latency_ms")) {
        if (mktows_srv_cfg_parse_long(val, 0, 60000, &n))
            return -1;
        cfg->latency_ms = (int)n;
        return 0;
    }
    if (!strcasecmp(key, "connections")) {
        if (mktows_srv_cfg_parse_long(val, 1, MKTOWS_SRV_CONNECTIONS_MAX, &n))
            return -1;
        cfg->max_connections = (int)n;
        return 0;
    }
    if (!strcasecmp(key, "request_timeout_s")) {
        if (mktows_srv_cfg_parse_long(val, 1, 3600, &n))
            return -1;
        cfg->request_timeout_s = (int)n;
        return 0;
    }
    return -1;
}

int mktows_srv_config_check(const mktows_srv_config *cfg, char *err, size_t err_len)
{
    /* a display name names one field: importToList headers are read by it */
    for (size_t i = 0; i < cfg->field_count; i++)
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(cfg->fields[i].display_name, cfg->fields[j].display_name) == 0) {
                mktows_srv_cfg_err(err, err_len, "fields %s and %s have the same display name '%s'",
                                   cfg->fields[j].name, cfg->fields[i].name, cfg->fields[i].display_name);
                return -1;
            }
    for (size_t i = 0; i < cfg->user_count; i++) {
        if (!*cfg->users[i].key) {
            mktows_srv_cfg_err(err, err_len, "user %s has no key", cfg->users[i].id);
            return -1;
        }
    }
    for (size_t i = 0; i < cfg->rule_count; i++) {
        const mktows_srv_rule *r = &cfg->rules[i];
        const mktows_srv_field *f = mktows_srv_config_field(cfg, r->attr);
        if (!f || f->read_only) {
            mktows_srv_cfg_err(err, err_len, "rule '%s = %s': no such lead field", r->attr, r->value);
            return -1;
        }
        int found = 0;
        for (size_t w = 0; w < cfg->workspace_count; w++)
            if (strcmp(cfg->workspaces[w].primary_partition, r->partition) == 0)
                found = 1;
        if (!found) {
            mktows_srv_cfg_err(err, err_len, "rule '%s = %s': partition %s is no workspace's primary partition",
                  r->attr, r->value, r->partition);
            return -1;
        }
    }
    return 0;
}

int mktows_srv_config_prepare_keys(mktows_srv_config *cfg)
{
    static const char no_user_key[] = "\x01 no such user";
    if (!cfg->no_user_hmac.state && mktows_hmac_init_(&cfg->no_user_hmac, no_user_key, sizeof no_user_key - 1))
        return -1;
    for (size_t i = 0; i < cfg->user_count; i++) {
        mktows_srv_user *u = &cfg->users[i];
        mktows_hmac_clean_up_(&u->hmac);
        if (mktows_hmac_init_(&u->hmac, u->key, strlen(u->key)))
            return -1;
    }
    return 0;
}

void mktows_srv_config_clean_up(mktows_srv_config *cfg)
{
    mktows_hmac_clean_up_(&cfg->no_user_hmac);
    for (size_t i = 0; i < cfg->user_count; i++) {
        mktows_hmac_clean_up_(&cfg->users[i].hmac);
        if (cfg->users[i].key) {
            volatile char *p = cfg->users[i].key;
            while (*p)
                *p++ = 0;
        }
        free(cfg->users[i].id);
        free(cfg->users[i].key);
    }
    for (size_t i = 0; i < cfg->field_count; i++) {
        free(cfg->fields[i].name);
        free(cfg->fields[i].type);
        free(cfg->fields[i].display_name);
    }
    for (size_t i = 0; i < cfg->workspace_count; i++) {
        free(cfg->workspaces[i].name);
        free(cfg->workspaces[i].primary_partition);
    }
    for (size_t i = 0; i < cfg->rule_count; i++) {
        free(cfg->rules[i].attr);
        free(cfg->rules[i].value);
        free(cfg->rules[i].partition);
    }
    mktows_srv_config_objects_clean_up(cfg);
    for (size_t i = 0; i < cfg->fixture_count; i++)
        free(cfg->fixtures[i]);
    for (size_t i = 0; i < cfg->fault_count; i++)
        free(cfg->faults[i]);
    free(cfg->fixtures);
    free(cfg->faults);
    free(cfg->users);
    free(cfg->fields);
    free(cfg->workspaces);
    free(cfg->rules);
    memset(cfg, 0, sizeof *cfg);
}

const mktows_srv_user *mktows_srv_config_user(const mktows_srv_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->user_count; i++)
        if (strcmp(cfg->users[i].id, id) == 0)
            return &cfg->users[i];
    return NULL;
}

const mktows_srv_field *mktows_srv_config_field_by_display(const mktows_srv_config *cfg, const char *display)
{
    for (size_t i = 0; i < cfg->field_count; i++)
        if (strcasecmp(cfg->fields[i].display_name, display) == 0)
            return &cfg->fields[i];
    return NULL;
}

const mktows_srv_field *mktows_srv_config_field(const mktows_srv_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->field_count; i++)
        if (strcasecmp(cfg->fields[i].name, name) == 0)
            return &cfg->fields[i];
    return NULL;
}

const mktows_srv_workspace *mktows_srv_config_workspace(const mktows_srv_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->workspace_count; i++)
        if (strcasecmp(cfg->workspaces[i].name, name) == 0)
            return &cfg->workspaces[i];
    return NULL;
}
