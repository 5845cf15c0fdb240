/* mktows call <operation> and mktows <operation-command>: any operation of the WSDL, with its
 * parameters as JSON (--params), as a raw request element (--params-xml) or, for the common
 * cases, friendly flags (sugar.c) that build the same JSON. The work is the library's
 * mktows_call_json() / mktows_call_xml() / mktows_call_json_page(). */
#include "cli.h"
#include "sugar.h"

#include <mktows/mktows.h>
#include <mktows/json.h>
#include <mktows/ops.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_MAX_INPUT (64u * 1024u * 1024u)

enum {
    S_OPT_PARAMS = 1, S_OPT_PARAMS_XML, S_OPT_DRY_RUN, S_OPT_ALL, S_OPT_RESUME, S_OPT_MAX_PAGES, S_OPT_LENIENT,
    S_OPT_WORKSPACE, S_OPT_TRACE, S_OPT_ENDPOINT, S_OPT_USER_ID, S_OPT_KEY_FILE, S_OPT_CA_FILE, S_OPT_CA_PATH,
    S_OPT_INSECURE, S_OPT_TIMEOUT_MS, S_OPT_SUGAR_BASE = 100
};

typedef struct s_args {
    const char *command;     /* "call" or "get-lead" */
    const char *operation;   /* "getLead" */
    const mktows_operation_info *info;
    const char *params;
    const char *params_xml;
    int dry_run, all, lenient, insecure, timeout_ms, max_pages;
    const char *resume, *workspace, *trace, *endpoint, *user_id, *key_file, *ca_file, *ca_path;
    mktows_cli_sugar sugar;
} s_args;

static s_args *s_current; /* for the help callback */

static void s_help(void)
{
    const s_args *a = s_current;
    char cmd[160];
    if (strcmp(a->command, "call") == 0)
        snprintf(cmd, sizeof cmd, "%s call %s", MKTOWS_CLI_PROG, a->operation ? a->operation : "<operation>");
    else
        snprintf(cmd, sizeof cmd, "%s %s", MKTOWS_CLI_PROG, a->command);
    printf("Usage: %s [--params JSON|@FILE|-] [--params-xml FILE|-] [--dry-run]%s\n"
           "       [--workspace W] [--lenient] [--trace FILE] [--endpoint URL] [--user-id ID] [--key-file FILE]\n"
           "       [--ca-file FILE] [--ca-path DIR] [--insecure] [--timeout-ms N]\n\n",
           cmd, a->info && a->info->paged ? " [--all [--resume FILE] [--max-pages N]]" : "");
    if (!a->info) {
        printf("Call any operation of the WSDL by name, e.g. '%s call getLead --params '{...}''.\n"
               "Operations:", MKTOWS_CLI_PROG);
        for (size_t i = 0; i < mktows_operation_count(); i++)
            printf("%s%s", i % 4 == 0 ? "\n  " : " ", mktows_operation_at(i)->name);
        printf("\nRun '%s call <operation> --help' for its parameters.\n", MKTOWS_CLI_PROG);
        return;
    }
    printf("Call %s and print its result as one line of JSON (the response's result element, as\n"
           "'mktows decode' prints it).\n\n", a->operation);
    mktows_cli_sugar_help(a->operation);
    printf("Parameters (--params): a JSON object, the request element <%s>, in the shape\n"
           "'mktows decode' prints: element names as keys, arrays for elements that may repeat,\n"
           "null for xsi:nil, no key for an absent element; the keys of an abstract type pick\n"
           "its xsi:type. Its elements:\n", a->info->request_element);
    char *desc = NULL;
    if (mktows_request_describe(a->operation, &desc) == MKTOWS_OK) {
        fputs(desc, stdout);
        mktows_free(desc);
    }
    printf("\nOptions:\n"
           "  --params JSON|@FILE|-  the parameters as JSON: inline, from FILE, or from stdin\n"
           "  --params-xml FILE|-    the request element <%s> as XML instead\n"
           "  --dry-run              print the signed SOAP envelope and send nothing\n",
           a->info->request_element);
    if (a->info->paged)
        printf("  --all                  follow the stream to its end; print one record per line (JSON lines)\n"
               "  --resume FILE          with --all: continue from the position saved in FILE, and save the\n"
               "                         position there after each page\n"
               "  --max-pages N          with --all: stop after N pages (continue later with --resume)\n");
    printf("  --lenient              leave out response elements the schema does not know (warning)\n"
           "  --workspace W          the MktowsContextHeader's workspace, where the binding names it\n"
           "  connection options as for 'mktows sync-lead' (--endpoint, --user-id, --key-file,\n"
           "  --ca-file, --ca-path, --insecure, --timeout-ms, --trace)\n\n"
           "Exit status: 0 success; 1 error (network, TLS, a Marketo fault: 'mktows: %s failed:\n"
           "Marketo error N: ...'); 2 usage error or parameters that do not fit the schema (the JSON\n"
           "path is named; nothing is sent).\n", a->operation);
}

/* The options: the common ones, then the friendly flags of every operation (sugar.c checks that
 * one applies to the operation at hand). */
static mktows_cli_option s_options[MKTOWS_CLI_MAX_OPTIONS + 1];

static void s_options_init(void)
{
    static const mktows_cli_option common[] = {
        { "params", 1, 0, S_OPT_PARAMS, NULL, NULL, NULL }, { "params-xml", 1, 0, S_OPT_PARAMS_XML, NULL, NULL, NULL }, { "dry-run", 0, 0, S_OPT_DRY_RUN, NULL, NULL, NULL },
        { "all", 0, 0, S_OPT_ALL, NULL, NULL, NULL }, { "resume", 1, 0, S_OPT_RESUME, NULL, NULL, NULL }, { "max-pages", 1, 0, S_OPT_MAX_PAGES, NULL, NULL, NULL },
        { "lenient", 0, 0, S_OPT_LENIENT, NULL, NULL, NULL }, { "workspace", 1, 0, S_OPT_WORKSPACE, NULL, NULL, NULL }, { "trace", 1, 0, S_OPT_TRACE, NULL, NULL, NULL },
        { "endpoint", 1, 0, S_OPT_ENDPOINT, NULL, NULL, NULL }, { "user-id", 1, 0, S_OPT_USER_ID, NULL, NULL, NULL }, { "key-file", 1, 0, S_OPT_KEY_FILE, NULL, NULL, NULL },
        { "ca-file", 1, 0, S_OPT_CA_FILE, NULL, NULL, NULL }, { "ca-path", 1, 0, S_OPT_CA_PATH, NULL, NULL, NULL }, { "insecure", 0, 0, S_OPT_INSECURE, NULL, NULL, NULL },
        { "timeout-ms", 1, 0, S_OPT_TIMEOUT_MS, NULL, NULL, NULL },
    };
    size_t n = 0;
    for (; n < sizeof common / sizeof common[0]; n++)
        s_options[n] = common[n];
    for (size_t i = 0; n < MKTOWS_CLI_MAX_OPTIONS && i < mktows_cli_sugar_option_count(); i++, n++) {
        s_options[n].name = mktows_cli_sugar_option_name(i);
        s_options[n].takes_value = 1;
        s_options[n].repeatable = 1;
        s_options[n].id = S_OPT_SUGAR_BASE + (int)i;
    }
    s_options[n].name = NULL;
}

#define S_NONEMPTY(opt, v) \
    do { \
        if (!*(v)) \
            return mktows_cli_usage_error(a->command, "--%s is empty", (opt)); \
    } while (0)

static int s_parse(s_args *a, int argc, char **argv)
{
    mktows_cli_parser p;
    s_options_init();
    mktows_cli_parser_init(&p, a->command, argc, argv, s_options, s_help);
    const char *v;
    int id;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        if (id >= S_OPT_SUGAR_BASE) {
            if (!a->info)
                return mktows_cli_usage_error(a->command, "name the operation first");
            int st = mktows_cli_sugar_add(&a->sugar, a->command, a->operation, (size_t)(id - S_OPT_SUGAR_BASE), v);
            if (st >= 0)
                return st;
            continue;
        }
        switch (id) {
        case S_OPT_PARAMS: a->params = v; break;
        case S_OPT_PARAMS_XML: S_NONEMPTY("params-xml", v); a->params_xml = v; break;
        case S_OPT_DRY_RUN: a->dry_run = 1; break;
        case S_OPT_ALL: a->all = 1; break;
        case S_OPT_RESUME: S_NONEMPTY("resume", v); a->resume = v; break;
        case S_OPT_MAX_PAGES:
            if (mktows_cli_parse_positive_int(v, &a->max_pages) != 0)
                return mktows_cli_usage_error(a->command, "--max-pages must be a positive integer, got '%s'", v);
            break;
        case S_OPT_LENIENT: a->lenient = 1; break;
        case S_OPT_WORKSPACE: S_NONEMPTY("workspace", v); a->workspace = v; break;
        case S_OPT_TRACE: S_NONEMPTY("trace", v); a->trace = v; break;
        case S_OPT_ENDPOINT: S_NONEMPTY("endpoint", v); a->endpoint = v; break;
        case S_OPT_USER_ID: S_NONEMPTY("user-id", v); a->user_id = v; break;
        case S_OPT_KEY_FILE: S_NONEMPTY("key-file", v); a->key_file = v; break;
        case S_OPT_CA_FILE: S_NONEMPTY("ca-file", v); a->ca_file = v; break;
        case S_OPT_CA_PATH: S_NONEMPTY("ca-path", v); a->ca_path = v; break;
        case S_OPT_INSECURE: a->insecure = 1; break;
        case S_OPT_TIMEOUT_MS:
            if (mktows_cli_parse_positive_int(v, &a->timeout_ms) != 0)
                return mktows_cli_usage_error(a->command, "--timeout-ms must be a positive integer, got '%s'", v);
            break;
        default:
            return MKTOWS_CLI_EXIT_USAGE;
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;
    if (a->params && a->params_xml)
        return mktows_cli_usage_error(a->command, "give --params or --params-xml, not both");
    if ((a->params || a->params_xml) && a->sugar.used)
        return mktows_cli_usage_error(a->command, "give --params/--params-xml or the friendly flags, not both");
    if (!a->info->paged && (a->all || a->resume || a->max_pages))
        return mktows_cli_usage_error(a->command, "%s does not page: --all, --resume and --max-pages do not apply",
                                      a->operation);
    if ((a->resume || a->max_pages) && !a->all)
        return mktows_cli_usage_error(a->command, "--resume and --max-pages need --all");
    if (a->all && (a->dry_run || a->params_xml))
        return mktows_cli_usage_error(a->command, "--all takes --params or friendly flags, and no --dry-run");
    return -1;
}

/* Read all of @p path ("-": stdin) into a NUL-terminated heap buffer. */
static int s_read_all(const s_args *a, const char *path, char **out, size_t *out_len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        mktows_cli_error(a->command, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            mktows_cli_error(a->command, "out of memory");
            break;
        }
        if (n == cap) {
            if (cap >= S_MAX_INPUT) {
                mktows_cli_error(a->command, "'%s' is larger than 64 MiB", path);
                free(buf);
                buf = NULL;
                break;
            }
            char *more = realloc(buf, cap * 2 + 1);
            if (!more) {
                free(buf);
                buf = NULL;
                continue;
            }
            buf = more;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                mktows_cli_error(a->command, "cannot read '%s': %s", path, strerror(errno));
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (!buf)
        return -1;
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

static FILE *s_open_trace(const char *path, int *owned)
{
    *owned = 0;
    if (strcmp(path, "-") == 0)
        return stderr;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "a");
    if (!f) {
        close(fd);
        return NULL;
    }
    *owned = 1;
    return f;
}

/* Save @p position to @p path: FILE.tmp, fsync, rename. 0 or -1 (reported). */
static int s_save_position(const s_args *a, const char *path, const char *position)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        mktows_cli_error(a->command, "cannot write '%s': %s", tmp, strerror(errno));
        return -1;
    }
    size_t len = strlen(position), off = 0;
    while (off < len) {
        ssize_t w = write(fd, position + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        off += (size_t)w;
    }
    int ok = off == len && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        mktows_cli_error(a->command, "cannot save the position to '%s': %s", path, strerror(ok ? errno : saved));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* --all: every page, records as JSON lines. */
static int s_run_all(s_args *a, mktows_client *client, const char *params)
{
    char *position = NULL;
    size_t len = 0;
    if (a->resume && access(a->resume, F_OK) == 0) {
        if (s_read_all(a, a->resume, &position, &len) != 0)
            return MKTOWS_CLI_EXIT_ERROR;
        while (len && (position[len - 1] == '\n' || position[len - 1] == '\r'))
            position[--len] = '\0';
        if (!len) {
            free(position);
            position = NULL;
        }
    }
    int status = MKTOWS_CLI_EXIT_OK, pages = 0;
    char err[1024];
    for (;;) {
        mktows_json_page *page = NULL;
        mktows_code rc = mktows_call_json_page(client, a->operation, params, position,
                                               a->lenient ? MKTOWS_DECODE_LENIENT : 0, &page, err, sizeof err);
        if (rc != MKTOWS_OK) {
            if (rc == MKTOWS_ERR_VALIDATION) {
                char line[1024];
                status = mktows_cli_usage_error(a->command, "invalid parameters: %s",
                                                mktows_cli_one_line(line, sizeof line, err));
            } else {
                mktows_cli_report_call_error(a->operation, client, rc, err);
                status = MKTOWS_CLI_EXIT_ERROR;
            }
            break;
        }
        pages++;
        fputs(page->records, stdout);
        if (fflush(stdout) != 0) {
            mktows_json_page_free(page);
            status = mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
            break;
        }
        int more = page->more && page->position &&
                   !(position && strcmp(position, page->position) == 0 && page->record_count == 0);
        if (page->position) {
            free(position);
            position = strdup(page->position);
            if (a->resume && position && s_save_position(a, a->resume, position) != 0) {
                mktows_json_page_free(page);
                status = MKTOWS_CLI_EXIT_ERROR;
                break;
            }
        }
        mktows_json_page_free(page);
        if (!more || (a->max_pages && pages >= a->max_pages))
            break;
    }
    free(position);
    return status;
}

static int s_run(s_args *a)
{
    /* The parameters, before credentials: a usage error needs none. */
    char *params_buf = NULL, *sugar_json = NULL;
    const char *params = "{}";
    size_t params_len = 2;
    int status = MKTOWS_CLI_EXIT_ERROR;
    if (a->sugar.used) {
        int st = mktows_cli_sugar_json(&a->sugar, a->command, a->operation, &sugar_json);
        if (st >= 0)
            return st;
        params = sugar_json;
        params_len = strlen(params);
    } else if (a->params_xml) {
        if (s_read_all(a, a->params_xml, &params_buf, &params_len) != 0)
            return MKTOWS_CLI_EXIT_ERROR;
        params = params_buf;
    } else if (a->params) {
        if (a->params[0] == '@' || strcmp(a->params, "-") == 0) {
            if (s_read_all(a, a->params[0] == '@' ? a->params + 1 : "-", &params_buf, &params_len) != 0)
                return MKTOWS_CLI_EXIT_ERROR;
            params = params_buf;
        } else {
            params = a->params;
            params_len = strlen(params);
        }
    }
    /* Check the parameters offline first: a violation is a usage error and nothing is sent. */
    char err[1024], line[1024];
    char *json_from_xml = NULL;
    mktows_code rc;
    if (a->params_xml) {
        rc = mktows_decode_request_json(a->operation, params, params_len, &json_from_xml, err, sizeof err);
    } else {
        char *xml = NULL;
        rc = mktows_encode_request(a->operation, params, params_len, &xml, err, sizeof err);
        mktows_free(xml);
    }
    if (rc != MKTOWS_OK) {
        free(params_buf);
        free(sugar_json);
        mktows_free(json_from_xml);
        if (rc == MKTOWS_ERR_NO_MEMORY) {
            mktows_cli_error(a->command, "out of memory");
            return MKTOWS_CLI_EXIT_ERROR;
        }
        return mktows_cli_usage_error(a->command, "invalid parameters for %s: %s", a->operation,
                                      mktows_cli_one_line(line, sizeof line, err));
    }
    if (json_from_xml) {
        params = json_from_xml;
        params_len = strlen(params);
    }

    mktows_cli_creds creds;
    FILE *trace = NULL;
    int trace_owned = 0;
    mktows_client *client = NULL;
    char *out = NULL;
    if (mktows_cli_creds_load(a->command, &creds, a->endpoint, a->user_id, a->key_file) != 0)
        goto done;
    if (a->ca_file && access(a->ca_file, R_OK) != 0) {
        mktows_cli_error(a->command, "cannot read --ca-file '%s': %s", a->ca_file, strerror(errno));
        goto done;
    }
    if (a->ca_path && access(a->ca_path, R_OK | X_OK) != 0) {
        mktows_cli_error(a->command, "cannot read --ca-path '%s': %s", a->ca_path, strerror(errno));
        goto done;
    }
    if (a->trace && !a->dry_run && !(trace = s_open_trace(a->trace, &trace_owned))) {
        mktows_cli_error(a->command, "cannot open trace file '%s': %s", a->trace, strerror(errno));
        goto done;
    }
    if (a->insecure && !a->dry_run)
        fprintf(stderr, "%s: warning: --insecure: the server's TLS certificate and host name are NOT verified\n",
                MKTOWS_CLI_PROG);
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = creds.endpoint;
    opts.user_id = creds.user_id;
    opts.encryption_key = creds.key;
    opts.workspace = a->workspace;
    opts.connect_timeout_ms = a->timeout_ms;
    opts.send_timeout_ms = a->timeout_ms;
    opts.recv_timeout_ms = a->timeout_ms;
    opts.ca_file = a->ca_file;
    opts.ca_path = a->ca_path;
    opts.tls_no_verify_peer = a->insecure;
    opts.tls_no_verify_host = a->insecure;
    opts.trace_file = trace;
    rc = mktows_client_new(&opts, &client);
    if (rc != MKTOWS_OK) {
        mktows_cli_error(a->command, "cannot create the client: %s%s", mktows_strerror(rc),
                         rc == MKTOWS_ERR_INVALID_ARGUMENT ? " (is the endpoint an http:// or https:// URL?)" : "");
        goto done;
    }
    if (a->all) {
        status = s_run_all(a, client, params);
        goto done;
    }
    int flags = MKTOWS_DECODE_UNWRAP | (a->lenient ? MKTOWS_DECODE_LENIENT : 0) | (a->dry_run ? MKTOWS_CALL_DRY_RUN : 0);
    rc = mktows_call_json(client, a->operation, params, flags, &out, err, sizeof err);
    if (rc == MKTOWS_ERR_VALIDATION) {
        status = mktows_cli_usage_error(a->command, "invalid parameters for %s: %s", a->operation,
                                        mktows_cli_one_line(line, sizeof line, err));
        goto done;
    }
    if (rc != MKTOWS_OK) {
        mktows_cli_report_call_error(a->operation, client, rc, err);
        goto done;
    }
    size_t n = strlen(out);
    fwrite(out, 1, n, stdout);
    if (n == 0 || out[n - 1] != '\n')
        fputc('\n', stdout);
    if (!a->dry_run && err[0])
        mktows_cli_error(a->command, "warning: %s", mktows_cli_one_line(line, sizeof line, err));
    status = MKTOWS_CLI_EXIT_OK;
done:
    mktows_free(out);
    mktows_client_free(client);
    if (trace_owned && fclose(trace) != 0 && status == MKTOWS_CLI_EXIT_OK) {
        mktows_cli_error(a->command, "cannot write trace file '%s': %s", a->trace, strerror(errno));
        status = MKTOWS_CLI_EXIT_ERROR;
    }
    mktows_cli_creds_clean_up(&creds);
    free(params_buf);
    free(sugar_json);
    mktows_free(json_from_xml);
    return mktows_cli_finish_stdout(status);
}

static int s_main(s_args *a, int argc, char **argv)
{
    s_current = a;
    int status = s_parse(a, argc, argv);
    if (status < 0)
        status = s_run(a);
    mktows_cli_sugar_clean_up(&a->sugar);
    return status;
}

int mktows_cli_cmd_operation(const char *operation, int argc, char **argv)
{
    s_args a;
    memset(&a, 0, sizeof a);
    a.command = argv[0];
    a.operation = operation;
    a.info = mktows_operation_find(operation);
    /* A leading word is the friendly action of the operation, if it has one (list-operation add). */
    if (argc > 1 && argv[1][0] != '-') {
        int st = mktows_cli_sugar_action(&a.sugar, a.command, operation, argv[1]);
        if (st >= 0)
            return st;
        argv[1] = argv[0];
        return s_main(&a, argc - 1, argv + 1);
    }
    return s_main(&a, argc, argv);
}

int mktows_cli_cmd_call(int argc, char **argv)
{
    s_args a;
    memset(&a, 0, sizeof a);
    a.command = "call";
    if (argc < 2 || argv[1][0] == '-') {
        s_current = &a;
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            s_help();
            return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        }
        return mktows_cli_usage_error("call", "missing <operation>");
    }
    a.operation = argv[1];
    a.info = mktows_operation_find(a.operation);
    if (!a.info) {
        char shown[128];
        const char *near = mktows_cli_nearest_operation(a.operation, 0);
        mktows_cli_one_line(shown, sizeof shown, a.operation);
        if (near)
            return mktows_cli_usage_error("call", "unknown operation '%s'; did you mean '%s'?", shown, near);
        return mktows_cli_usage_error("call", "unknown operation '%s'", shown);
    }
    argv[1] = argv[0];
    return s_main(&a, argc - 1, argv + 1);
}
