/* mktows call <operation> and mktows <operation-command>: any operation of the WSDL, with its
 * parameters as JSON (--params), as a raw request element (--params-xml) or, for the common
 * cases, friendly flags (sugar.c) that build the same JSON. The work is the library's
 * mktows_call_json() / mktows_call_xml() / mktows_call_json_page(). */
#include "cli.h"
#include "config.h"
#include "connect.h"
#include "help.h"
#include "progress.h"
#include "sugar.h"
#include "trace.h"

#include <mktows/mktows.h>
#include <mktows/json.h>
#include <mktows/ops.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_MAX_INPUT (64u * 1024u * 1024u)

enum {
    S_OPT_PARAMS = 1, S_OPT_PARAMS_XML, S_OPT_DRY_RUN, S_OPT_ALL, S_OPT_RESUME, S_OPT_MAX_PAGES, S_OPT_LENIENT,
    S_OPT_WORKSPACE, S_OPT_SUGAR_BASE = 100, S_OPT_SUGAR_END = 200 /* the friendly flags: base + index */
};
_Static_assert((int)S_OPT_SUGAR_END <= (int)MKTOWS_CLI_OPT_CONFIG, "the shared options' ids follow the friendly flags'");

static int s_is_sugar(int id)
{
    return id >= S_OPT_SUGAR_BASE && id < S_OPT_SUGAR_END;
}

/* Room for one command's options: the fixed ones below, the friendly flags, the end marker. */
#define S_MAX_OPTIONS MKTOWS_CLI_MAX_OPTIONS

/* A command's documentation, built at run time from the operation table (help.h): what --help,
 * the man page and the completion print. */
typedef struct s_doc {
    mktows_cli_doc doc;
    mktows_cli_option options[S_MAX_OPTIONS + 1];
    char name[160];
    char summary[160];
    char *synopsis;
    char *description;
    char *epilogue;
} s_doc;

typedef struct s_args {
    const char *command;     /* for messages: "call getLead", "call" or "get-lead" */
    const char *operation;   /* "getLead"; NULL for `mktows call` without one */
    const mktows_operation_info *info;
    const char *params;
    const char *params_xml;
    int dry_run, all, lenient, max_pages;
    const char *resume, *workspace;
    mktows_cli_common common; /* connection, configuration and output options */
    mktows_cli_sugar sugar;
    s_doc doc;
} s_args;

static const mktows_cli_option s_params_options[] = {
    { "params", 1, 0, S_OPT_PARAMS, "JSON|@FILE|-", "the parameters as JSON: inline, from FILE, or from\n"
      "standard input ('-')", "Parameters" },
    { "params-xml", 1, 0, S_OPT_PARAMS_XML, "FILE", "the request element as XML instead ('-': standard input)",
      "Parameters" },
};

static const mktows_cli_option s_paging_options[] = {
    { "all", 0, 0, S_OPT_ALL, NULL, "follow the stream to its end; print one record per line (JSON\n"
      "lines); progress (records done) on stderr when it is a terminal", "Paging" },
    { "resume", 1, 0, S_OPT_RESUME, "FILE", "with --all: continue from the position saved in FILE, and save\n"
      "the position there after each page", "Paging" },
    { "max-pages", 1, 0, S_OPT_MAX_PAGES, "N", "with --all: stop after N pages (continue later with --resume)",
      "Paging" },
};

static const mktows_cli_option s_tail_options[] = {
    { "workspace", 1, 0, S_OPT_WORKSPACE, "W", "the MktowsContextHeader's targetWorkspace, where the binding\n"
      "names that header (default: the profile's workspace)", "Connection" },
    MKTOWS_CLI_CONNECTION_OPTIONS,
    MKTOWS_CLI_CONFIG_OPTIONS,
    { "dry-run", 0, 0, S_OPT_DRY_RUN, NULL, "print the signed SOAP envelope that would be sent and send\n"
      "nothing", "Output" },
    { "lenient", 0, 0, S_OPT_LENIENT, NULL, "leave out response elements the schema does not know\n"
      "(with a warning)", "Output" },
    MKTOWS_CLI_QUIET_OPTION,
};

static const mktows_cli_option s_progress_option[] = { MKTOWS_CLI_PROGRESS_OPTION };

#define S_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Append @p count options; @p hidden: accepted but not documented (help NULL), so that an option
 * that does not apply gets its own message rather than "unknown option". */
static void s_append(s_doc *d, size_t *n, const mktows_cli_option *o, size_t count, int hidden)
{
    for (size_t i = 0; i < count; i++) {
        assert(*n < S_MAX_OPTIONS); /* raise MKTOWS_CLI_MAX_OPTIONS */
        if (*n >= S_MAX_OPTIONS)
            return;
        d->options[*n] = o[i];
        if (hidden)
            d->options[*n].help = NULL;
        (*n)++;
    }
}

static const char s_exit_status[] =
    "Exit status: 0 success; 1 error (missing credentials, network, TLS, a Marketo\n"
    "fault: \"mktows: OPERATION failed: Marketo error N: ...\"); 2 usage error or\n"
    "parameters that do not fit the schema (the JSON path is named; nothing is sent).\n";

static const char s_params_shape[] =
    "The parameters (--params) are a JSON object, the request element, in the shape\n"
    "'mktows decode' prints: element names as keys, arrays for elements that may\n"
    "repeat, null for xsi:nil, no key for an absent element; the keys of an abstract\n"
    "type pick its xsi:type.";

/* The doc of `mktows call` (@p a->info NULL) or of one operation's command. Returns 0, or -1 when
 * out of memory (reported). */
static int s_doc_build(s_args *a)
{
    s_doc *d = &a->doc;
    const mktows_operation_info *info = a->info;
    size_t n = 0;
    int pages = !info || info->paged; /* `mktows call` documents paging: some operations page */
    s_append(d, &n, s_params_options, S_COUNT(s_params_options), 0);
    if (info) {
        size_t k = mktows_cli_sugar_options(info->name, S_OPT_SUGAR_BASE, d->options + n, S_MAX_OPTIONS - n);
        assert(n + k < S_MAX_OPTIONS); /* raise MKTOWS_CLI_MAX_OPTIONS */
        n += k < S_MAX_OPTIONS - n ? k : S_MAX_OPTIONS - n;
    }
    s_append(d, &n, s_paging_options, S_COUNT(s_paging_options), !pages);
    s_append(d, &n, s_tail_options, S_COUNT(s_tail_options), 0);
    s_append(d, &n, s_progress_option, 1, !pages);
    d->options[n] = (mktows_cli_option){ NULL, 0, 0, 0, NULL, NULL, NULL };

    const char *actions = info ? mktows_cli_sugar_actions(info->name) : NULL;
    int has_sugar = info && mktows_cli_sugar_options(info->name, 0, NULL, 0) > 0;
    snprintf(d->name, sizeof d->name, "%s", a->command);
    if (info)
        snprintf(d->summary, sizeof d->summary, "call %s%s", info->name, info->paged ? " (pages: --all)" : "");
    else
        snprintf(d->summary, sizeof d->summary, "call any operation by name: mktows call <operation> --params JSON");

    size_t len = 0;
    FILE *f = open_memstream(&d->synopsis, &len);
    if (f) {
        if (actions || has_sugar) { /* list-operation add|remove|is-member [--email E]... [--id N] ... */
            int first = 1;
            if (actions) {
                for (const char *c = actions; *c; c++)
                    fputc(*c == ' ' ? '|' : *c, f);
                first = 0;
            }
            for (const mktows_cli_option *o = d->options; o->name; o++) {
                if (!s_is_sugar(o->id))
                    continue;
                fprintf(f, "%s[--%s %s]%s", first ? "" : " ", o->name, o->arg, o->repeatable ? "..." : "");
                first = 0;
            }
            fputs("\n", f);
        }
        fprintf(f, "%s[--params JSON|@FILE|- | --params-xml FILE]\n", info ? "" : "<operation> ");
        if (!info || info->paged)
            fputs("[--all [--resume FILE] [--max-pages N] [--progress]]\n", f);
        fputs("[--dry-run] [--lenient] [--workspace W] [--trace DIR|FILE] [--quiet]\n"
              "[--endpoint URL] [--user-id ID] [--key-file FILE]\n"
              "[--ca-file FILE] [--ca-path DIR] [--insecure] [--timeout-ms N]\n"
              "[--config FILE] [--profile NAME]", f);
        if (fclose(f) != 0) {
            free(d->synopsis);
            d->synopsis = NULL;
        }
    }
    f = open_memstream(&d->description, &len);
    if (f) {
        if (info) {
            fprintf(f, "Call %s and print its result as one line of JSON (the response's result\n"
                       "element, as 'mktows decode' prints it).", info->name);
            if (info->paged)
                fputs(" With --all, follow the stream to its end and print\n"
                      "one record per line.", f);
            if (actions)
                fputs("\n\nThe first argument is the action: add (ADDTOLIST), remove (REMOVEFROMLIST)\n"
                      "or is-member (ISMEMBEROFLIST).", f);
            if (has_sugar)
                fputs("\n\nThe friendly flags build the same --params JSON; give them or --params or\n"
                      "--params-xml.", f);
            fputs("\n\n", f);
            fputs(s_params_shape, f);
            fputs(" Its elements are listed below.", f);
        } else {
            fputs("Call any operation of the WSDL by name and print its result as one line of\n"
                  "JSON, as its own command (mktows get-lead ...) does; the paging options apply\n"
                  "to the operations that page. 'mktows call <operation> --help' lists the\n"
                  "operation's parameters and friendly flags.\n\n", f);
            fputs(s_params_shape, f);
        }
        if (fclose(f) != 0) {
            free(d->description);
            d->description = NULL;
        }
    }
    f = open_memstream(&d->epilogue, &len);
    if (f) {
        if (info) {
            char *desc = NULL;
            fprintf(f, "Parameters: the request element <%s>:\n", info->request_element);
            if (mktows_request_describe(info->name, &desc) == MKTOWS_OK)
                fputs(desc, f);
            mktows_free(desc);
            fputc('\n', f);
        } else {
            fputs("Operations:", f);
            for (size_t i = 0; i < mktows_operation_count(); i++)
                fprintf(f, "%s%s", i % 4 == 0 ? "\n  " : " ", mktows_operation_at(i)->name);
            fputs("\n\n", f);
        }
        fputs("Credentials: options, else MARKETO_SOAP_ENDPOINT, MARKETO_USER_ID and\n"
              "MARKETO_ENCRYPTION_KEY, else the profile of the config file.\n\n", f);
        fputs(s_exit_status, f);
        if (fclose(f) != 0) {
            free(d->epilogue);
            d->epilogue = NULL;
        }
    }
    if (!d->synopsis || !d->description || !d->epilogue) {
        mktows_cli_error(a->command, "out of memory");
        return -1;
    }
    d->doc = (mktows_cli_doc){ d->name, d->summary, d->synopsis, d->description, d->options, d->epilogue };
    return 0;
}

static void s_doc_clean_up(s_doc *d)
{
    free(d->synopsis);
    free(d->description);
    free(d->epilogue);
    memset(d, 0, sizeof *d);
}

#define S_NONEMPTY(opt, v) \
    do { \
        if (!*(v)) \
            return mktows_cli_usage_error(a->command, "--%s is empty", (opt)); \
    } while (0)

static int s_parse(s_args *a, int argc, char **argv)
{
    if (s_doc_build(a) != 0)
        return MKTOWS_CLI_EXIT_ERROR;
    mktows_cli_parser p;
    mktows_cli_parser_init_doc(&p, argc, argv, &a->doc.doc);
    const char *v;
    int id;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        if (s_is_sugar(id)) {
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
        default: {
            int st = mktows_cli_common_option(a->command, &a->common, id, v);
            if (st != 0)
                return st < 0 ? MKTOWS_CLI_EXIT_USAGE : st;
            break;
        }
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;
    if (!a->info)
        return mktows_cli_usage_error(a->command, "missing <operation>");
    if (!a->info->paged && (a->all || a->resume || a->max_pages || a->common.progress))
        return mktows_cli_usage_error(a->command, "%s does not page: --all, --resume, --max-pages and --progress "
                                      "do not apply", a->operation);
    if (a->params && a->params_xml)
        return mktows_cli_usage_error(a->command, "give --params or --params-xml, not both");
    if ((a->params || a->params_xml) && a->sugar.used)
        return mktows_cli_usage_error(a->command, "give --params/--params-xml or the friendly flags, not both");
    if ((a->resume || a->max_pages || a->common.progress) && !a->all)
        return mktows_cli_usage_error(a->command, "--resume, --max-pages and --progress need --all");
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

/* --all: every page, records as JSON lines; progress (records done) on stderr when it is a
 * terminal or with --progress (progress.h), never with --quiet. */
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
    mktows_cli_progress progress;
    mktows_cli_progress_init(&progress, stderr, "records", 0, a->common.progress);
    unsigned long long done = 0;
    int status = MKTOWS_CLI_EXIT_OK, pages = 0;
    char err[1024];
    for (;;) {
        mktows_json_page *page = NULL;
        mktows_code rc = mktows_call_json_page(client, a->operation, params, position,
                                               a->lenient ? MKTOWS_DECODE_LENIENT : 0, &page, err, sizeof err);
        if (rc != MKTOWS_OK) {
            mktows_cli_progress_finish(&progress); /* end its line before the message */
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
            mktows_cli_progress_finish(&progress);
            status = mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
            break;
        }
        done += page->record_count;
        mktows_cli_progress_update(&progress, done);
        int more = page->more && page->position &&
                   !(position && strcmp(position, page->position) == 0 && page->record_count == 0);
        if (page->position) {
            free(position);
            position = strdup(page->position);
            if (a->resume && position && s_save_position(a, a->resume, position) != 0) {
                mktows_json_page_free(page);
                mktows_cli_progress_finish(&progress);
                status = MKTOWS_CLI_EXIT_ERROR;
                break;
            }
        }
        mktows_json_page_free(page);
        if (!more || (a->max_pages && pages >= a->max_pages)) {
            mktows_cli_progress_finish(&progress);
            break;
        }
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

    mktows_cli_settings settings;
    memset(&settings, 0, sizeof settings);
    mktows_cli_trace *trace = NULL;
    mktows_client *client = NULL;
    char *out = NULL;
    if (mktows_cli_connect(a->command, &a->common, a->workspace, a->dry_run, &settings, &trace, &client) != 0)
        goto done;
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
        mktows_cli_warning_in(a->command, "%s", mktows_cli_one_line(line, sizeof line, err));
    status = MKTOWS_CLI_EXIT_OK;
done:
    mktows_free(out);
    mktows_client_free(client);
    if (mktows_cli_trace_close(a->command, trace) != 0 && status == MKTOWS_CLI_EXIT_OK)
        status = MKTOWS_CLI_EXIT_ERROR;
    mktows_cli_settings_clean_up(&settings);
    free(params_buf);
    free(sugar_json);
    mktows_free(json_from_xml);
    return mktows_cli_finish_stdout(status);
}

static int s_main(s_args *a, int argc, char **argv)
{
    int status = s_parse(a, argc, argv);
    if (status < 0)
        status = s_run(a);
    mktows_cli_sugar_clean_up(&a->sugar);
    s_doc_clean_up(&a->doc);
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
    if (argc < 2 || argv[1][0] == '-') /* no operation: --help, --help-format, else a usage error */
        return s_main(&a, argc, argv);
    a.operation = argv[1];
    a.info = mktows_operation_find(a.operation);
    if (!a.info) {
        char shown[128];
        const char *near = mktows_cli_nearest_operation(a.operation);
        mktows_cli_one_line(shown, sizeof shown, a.operation);
        if (near)
            return mktows_cli_usage_error("call", "unknown operation '%s'; did you mean '%s'?", shown, near);
        return mktows_cli_usage_error("call", "unknown operation '%s'", shown);
    }
    /* "call getLead" in messages and in its --help, whose options are the operation's */
    char command[160];
    snprintf(command, sizeof command, "call %s", a.info->name);
    a.command = command;
    argv[1] = argv[0];
    return s_main(&a, argc - 1, argv + 1);
}
