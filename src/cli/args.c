/* Option parsing and diagnostics for the mktows command. */
#include "cli.h"
#include "help.h"
#include "suggest.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mktows_cli_error(const char *what, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s: ", MKTOWS_CLI_PROG, what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int s_quiet;

void mktows_cli_set_quiet(int quiet)
{
    s_quiet = quiet;
}

int mktows_cli_is_quiet(void)
{
    return s_quiet;
}

void mktows_cli_warning(const char *fmt, ...)
{
    if (s_quiet)
        return;
    va_list ap;
    fprintf(stderr, "%s: warning: ", MKTOWS_CLI_PROG);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void mktows_cli_warning_in(const char *what, const char *fmt, ...)
{
    if (s_quiet)
        return;
    va_list ap;
    fprintf(stderr, "%s: %s: warning: ", MKTOWS_CLI_PROG, what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int mktows_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s: ", MKTOWS_CLI_PROG, command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see '%s %s --help')\n", MKTOWS_CLI_PROG, command);
    return MKTOWS_CLI_EXIT_USAGE;
}

const char *mktows_cli_one_line(char *out, size_t size, const char *text)
{
    size_t n = 0;
    int space = 0, truncated = 0;
    if (size == 0)
        return out;
    for (const unsigned char *c = (const unsigned char *)(text ? text : ""); *c; c++) {
        if (*c <= ' ' || *c == 0x7f) {
            space = n > 0;
            continue;
        }
        if (n + space + 1 >= size) {
            truncated = 1;
            break;
        }
        if (space)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)*c;
    }
    out[n] = '\0';
    if (truncated && size > 4) {
        /* Back up to a UTF-8 character boundary before the ellipsis. */
        size_t end = n < size - 4 ? n : size - 4;
        while (end > 0 && ((unsigned char)out[end] & 0xC0) == 0x80)
            end--;
        memcpy(out + end, "...", 4);
    }
    return out;
}

void mktows_cli_parser_init(mktows_cli_parser *p, const char *command, int argc, char **argv,
                            const mktows_cli_option *options, void (*help)(void))
{
    memset(p, 0, sizeof *p);
    p->command = command;
    p->argc = argc;
    p->argv = argv;
    p->next = 1;
    p->options = options;
    p->help = help;
    size_t n = 0;
    while (options[n].name)
        n++;
    assert(n <= MKTOWS_CLI_MAX_OPTIONS); /* else repeats past the limit go unnoticed: raise it */
}

void mktows_cli_parser_init_doc(mktows_cli_parser *p, int argc, char **argv, const mktows_cli_doc *doc)
{
    mktows_cli_parser_init(p, doc->name, argc, argv, doc->options, NULL);
    p->doc = doc;
}

#define S_OPT_HELP -2 /* from s_next: -h or --help */
#define S_OPT_HELP_FORMAT -4 /* from s_next: --help-format=FORMAT, *value = FORMAT */
#define S_OPT_ERROR -3 /* from s_next: a usage error, reported */

/* The next option's id, MKTOWS_CLI_OPT_END, S_OPT_HELP or S_OPT_ERROR. */
static int s_next(mktows_cli_parser *p, const char **value)
{
    *value = NULL;
    if (p->next >= p->argc)
        return MKTOWS_CLI_OPT_END;
    const char *arg = p->argv[p->next++];

    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
        return S_OPT_HELP;
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
        /* "--" would end the options, but no command takes positional arguments. */
        mktows_cli_usage_error(p->command, "unexpected argument '%s'", arg);
        return S_OPT_ERROR;
    }

    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
    if (eq && name_len == strlen(MKTOWS_CLI_HELP_FORMAT) && strncmp(name, MKTOWS_CLI_HELP_FORMAT, name_len) == 0) {
        *value = eq + 1;
        return S_OPT_HELP_FORMAT;
    }

    for (int i = 0; p->options[i].name; i++) {
        const mktows_cli_option *o = &p->options[i];
        if (strlen(o->name) != name_len || strncmp(o->name, name, name_len) != 0)
            continue;
        if (i < MKTOWS_CLI_MAX_OPTIONS) {
            if (p->seen[i] && !o->repeatable) {
                mktows_cli_usage_error(p->command, "option '--%s' given more than once", o->name);
                return S_OPT_ERROR;
            }
            p->seen[i] = 1;
        }
        if (!o->takes_value) {
            if (eq) {
                mktows_cli_usage_error(p->command, "option '--%s' takes no value", o->name);
                return S_OPT_ERROR;
            }
            return o->id;
        }
        if (eq) {
            *value = eq + 1;
        } else {
            if (p->next >= p->argc) {
                mktows_cli_usage_error(p->command, "option '--%s' needs a value", o->name);
                return S_OPT_ERROR;
            }
            *value = p->argv[p->next++];
        }
        return o->id;
    }
    const char *near = mktows_cli_suggest_option(name, name_len, p->options);
    if (near)
        mktows_cli_usage_error(p->command, "unknown option '--%.*s'; did you mean '--%s'?", (int)name_len, name,
                               near);
    else
        mktows_cli_usage_error(p->command, "unknown option '--%.*s'", (int)name_len, name);
    return S_OPT_ERROR;
}

int mktows_cli_next(mktows_cli_parser *p, const char **value)
{
    int id = s_next(p, value);
    if (id == S_OPT_HELP_FORMAT) {
        mktows_cli_doc fallback = { p->command, NULL, NULL, NULL, p->options, NULL };
        if (mktows_cli_doc_print_format(p->doc ? p->doc : &fallback, MKTOWS_CLI_PROG, *value, stdout) != 0) {
            mktows_cli_usage_error(p->command, "--%s wants man, bash or text", MKTOWS_CLI_HELP_FORMAT);
            p->exit_status = MKTOWS_CLI_EXIT_USAGE;
            return MKTOWS_CLI_OPT_STOP;
        }
        p->exit_status = mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        return MKTOWS_CLI_OPT_STOP;
    }
    if (id == S_OPT_HELP) {
        if (p->doc)
            mktows_cli_doc_print_help(p->doc, MKTOWS_CLI_PROG, stdout);
        else
            p->help();
        p->exit_status = mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        return MKTOWS_CLI_OPT_STOP;
    }
    if (id == S_OPT_ERROR) {
        p->exit_status = MKTOWS_CLI_EXIT_USAGE;
        return MKTOWS_CLI_OPT_STOP;
    }
    return id;
}

int mktows_cli_parse_positive_int(const char *text, int *out)
{
    if (!text || !*text)
        return -1;
    for (const char *c = text; *c; c++)
        if (*c < '0' || *c > '9')
            return -1;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (errno == ERANGE || *end != '\0' || v < 1 || v > INT_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

int mktows_cli_finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        mktows_cli_error("write", "standard output: %s", strerror(errno ? errno : EIO));
        return MKTOWS_CLI_EXIT_ERROR;
    }
    return status;
}
