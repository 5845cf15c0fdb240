/* mktows decode: print a captured response envelope of one operation (its successX element or a
 * SOAP Fault) as JSON, after checking it against the schema of the built-in WSDL. Works offline:
 * no credentials, no network. The work is the library's mktows_decode_json(). */
#include "cli.h"
#include "config.h"
#include "help.h"
#include "suggest.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CMD "decode"
#define S_MAX_INPUT MKTOWS_DECODE_MAX_BYTES

enum { S_OPT_FAIL_ON_FAULT = 1, S_OPT_LENIENT };

static const mktows_cli_option s_options[] = {
    { "fail-on-fault", 0, 0, S_OPT_FAIL_ON_FAULT, NULL, "exit 1 (after printing it) when the envelope holds a SOAP Fault",
      NULL },
    { "lenient", 0, 0, S_OPT_LENIENT, NULL, "skip an element the schema does not know (and all inside it)\n"
      "instead of failing, as the typed calls do; the JSON leaves it out\n"
      "and stderr says \"mktows: decode: FILE: warning: skipped unknown\n"
      "element <X> in PATH (line L, column C)[, and N more]\". Everything\n"
      "else is checked as strictly as without it", NULL },
    MKTOWS_CLI_QUIET_OPTION,
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const mktows_cli_doc s_doc = {
    S_CMD,
    "print a captured response envelope of an operation as JSON (offline)",
    "[--fail-on-fault] [--lenient] [--quiet] <operation> FILE|-",
    "Decode a captured response of a mktows operation (its SOAP 1.1 envelope, holding the\n"
    "operation's successX element or a SOAP Fault) and print it as JSON on stdout. The\n"
    "envelope is checked against the mktows 2_7 schema; '-' reads standard input. A file\n"
    "written by --trace DIR (NNNN-<operation>-response.xml) is such an envelope.\n"
    "\n"
    "Output: {\"<successX>\":{...}} or {\"Fault\":{...}}, keys named after the elements.\n"
    "  repeating elements (ArrayOf* items): always arrays, also for zero or one item\n"
    "  absent element: no key; xsi:nil=\"true\": null\n"
    "  xs:int, xs:long, xs:integer: numbers with their exact digits; xs:boolean: true/false\n"
    "  xs:dateTime: the string as written; enumerations and strings: strings",
    s_options,
    "Exit status: 0 decoded (a Fault too, unless --fail-on-fault; with --lenient, also when\n"
    "elements were skipped), 1 the input is unreadable, malformed, truncated or not a\n"
    "response of <operation>, 2 usage error.\n"
};

static void s_help(FILE *out)
{
    mktows_cli_doc_print_help(&s_doc, MKTOWS_CLI_PROG, out);
    fputs("\nOperations:", out);
    for (size_t i = 0; i < mktows_operation_count(); i++)
        fprintf(out, "%s%s", i % 4 == 0 ? "\n  " : " ", mktows_operation_at(i)->name);
    fputc('\n', out);
}

static int s_known_operation(const char *name)
{
    return mktows_operation_find(name) != NULL;
}

/* Read all of @p path ("-": stdin) into a heap buffer. Reports errors; returns 0 or -1. */
static int s_read_all(const char *path, const char *label, char **out, size_t *out_len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        mktows_cli_error(S_CMD, "%s: cannot open: %s", label, strerror(errno));
        return -1;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    int rc = 0;
    for (;;) {
        if (!buf) {
            mktows_cli_error(S_CMD, "%s: out of memory", label);
            rc = -1;
            break;
        }
        if (n == cap) {
            if (cap >= S_MAX_INPUT) {
                mktows_cli_error(S_CMD, "%s: larger than %u MiB", label, S_MAX_INPUT / (1024u * 1024u));
                rc = -1;
                break;
            }
            cap *= 2;
            char *more = realloc(buf, cap);
            if (!more) {
                free(buf);
                buf = NULL;
                continue;
            }
            buf = more;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                mktows_cli_error(S_CMD, "%s: read error: %s", label, strerror(errno));
                rc = -1;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (rc) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = n;
    return 0;
}

static void s_input_error(const char *label, const char *detail)
{
    char text[2048], line[1536];
    snprintf(text, sizeof text, "%s: %s", label, detail);
    mktows_cli_error(S_CMD, "%s", mktows_cli_one_line(line, sizeof line, text));
}

int mktows_cli_cmd_decode(int argc, char **argv)
{
    char err[1024];
    int fail_on_fault = 0, lenient = 0, only_args = 0, status = MKTOWS_CLI_EXIT_ERROR;
    const char *args[2] = { NULL, NULL };
    int nargs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_args && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            s_help(stdout);
            return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        }
        if (!only_args && strncmp(a, "--" MKTOWS_CLI_HELP_FORMAT "=", strlen(MKTOWS_CLI_HELP_FORMAT) + 3) == 0) {
            if (mktows_cli_doc_print_format(&s_doc, MKTOWS_CLI_PROG, a + strlen(MKTOWS_CLI_HELP_FORMAT) + 3, stdout))
                return mktows_cli_usage_error(S_CMD, "--%s wants man, bash or text", MKTOWS_CLI_HELP_FORMAT);
            return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        }
        if (!only_args && strcmp(a, "--quiet") == 0) {
            mktows_cli_set_quiet(1);
        } else if (!only_args && strcmp(a, "--fail-on-fault") == 0) {
            fail_on_fault = 1;
        } else if (!only_args && strcmp(a, "--lenient") == 0) {
            lenient = 1;
        } else if (!only_args && strcmp(a, "--") == 0) {
            only_args = 1;
        } else if (!only_args && a[0] == '-' && a[1] != '\0') {
            const char *eq = strchr(a, '=');
            const char *near = a[1] == '-' ? mktows_cli_suggest_option(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2),
                                                                       s_options) : NULL;
            if (near)
                status = mktows_cli_usage_error(S_CMD, "unknown option '%s'; did you mean '--%s'?", a, near);
            else
                status = mktows_cli_usage_error(S_CMD, "unknown option '%s'", a);
            goto done;
        } else if (nargs == 2) {
            status = mktows_cli_usage_error(S_CMD, "unexpected argument '%s'", a);
            goto done;
        } else {
            args[nargs++] = a;
        }
    }
    if (nargs < 2) {
        status = mktows_cli_usage_error(S_CMD, "%s", nargs == 0 ? "missing <operation> and FILE (or - for stdin)"
                                                                : "missing FILE (or - for stdin)");
        goto done;
    }
    if (!s_known_operation(args[0])) {
        char names[1024];
        size_t k = 0;
        names[0] = '\0';
        for (size_t i = 0; i < mktows_operation_count() && k < sizeof names; i++) {
            int w = snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "", mktows_operation_at(i)->name);
            if (w > 0)
                k += (size_t)w;
        }
        char shown[128];
        status = mktows_cli_usage_error(S_CMD, "unknown operation '%s'; the operations are: %s",
                                        mktows_cli_one_line(shown, sizeof shown, args[0]), names);
        goto done;
    }

    const char *path = args[1];
    const char *label = strcmp(path, "-") == 0 ? "stdin" : path;
    char *data = NULL;
    size_t len = 0;
    if (s_read_all(path, label, &data, &len))
        goto done;
    char *json = NULL;
    int flags = (fail_on_fault ? MKTOWS_DECODE_FAULT_IS_ERROR : 0) | (lenient ? MKTOWS_DECODE_LENIENT : 0);
    mktows_code rc = mktows_decode_json(args[0], data, len, flags, &json, err, sizeof err);
    free(data);
    if (rc == MKTOWS_OK || rc == MKTOWS_ERR_FAULT) {
        fputs(json, stdout);
        fputc('\n', stdout);
        mktows_free(json);
        /* What --lenient skipped: all of errbuf on success; after "...SOAP Fault; " for a Fault that
         * is an error (the contract of MKTOWS_DECODE_LENIENT). */
        const char *note = rc == MKTOWS_OK ? err : strstr(err, "; skipped unknown element ");
        if (note && rc == MKTOWS_ERR_FAULT)
            note += 2;
        if (note && *note) {
            char text[1536], line[1536];
            snprintf(text, sizeof text, "%s: warning: %s", label, note);
            if (!mktows_cli_is_quiet())
                mktows_cli_error(S_CMD, "%s", mktows_cli_one_line(line, sizeof line, text));
        }
        status = mktows_cli_finish_stdout(rc == MKTOWS_ERR_FAULT ? MKTOWS_CLI_EXIT_ERROR : MKTOWS_CLI_EXIT_OK);
    } else if (rc == MKTOWS_ERR_PARSE) {
        s_input_error(label, err);
    } else {
        mktows_cli_error(S_CMD, "%s: %s", label, err[0] ? err : mktows_strerror(rc));
    }
done:
    return status;
}
