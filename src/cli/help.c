/* Printing a command's documentation (help.h) as --help text, a man page section and completion
 * words. */
#include "help.h"

#include <stdlib.h>
#include <string.h>

#define S_HELP_COLUMN 23

static const char *s_group(const mktows_cli_option *o)
{
    return o->group ? o->group : "Options";
}

/* Print @p text with every line after a '\n' indented by @p indent spaces. */
static void s_put_indented(const char *text, int indent, FILE *out)
{
    for (const char *c = text; *c; c++) {
        fputc(*c, out);
        if (*c == '\n' && c[1])
            fprintf(out, "%*s", indent, "");
    }
}

static void s_put_option(const char *names, const char *help, FILE *out)
{
    int n = fprintf(out, "  %s", names);
    if (n >= S_HELP_COLUMN - 1) {
        fprintf(out, "\n%*s", S_HELP_COLUMN, "");
    } else {
        fprintf(out, "%*s", S_HELP_COLUMN - n, "");
    }
    s_put_indented(help, S_HELP_COLUMN, out);
    fputc('\n', out);
}

void mktows_cli_doc_print_help(const mktows_cli_doc *doc, const char *prog, FILE *out)
{
    char usage[128];
    if (prog)
        snprintf(usage, sizeof usage, "Usage: %s %s ", prog, doc->name);
    else
        snprintf(usage, sizeof usage, "Usage: %s ", doc->name);
    fputs(usage, out);
    s_put_indented(doc->synopsis ? doc->synopsis : "", (int)strlen(usage), out);
    fputs("\n", out);
    if (doc->description) {
        fputs("\n", out);
        fputs(doc->description, out);
        fputs("\n", out);
    }
    const char *group = NULL;
    for (const mktows_cli_option *o = doc->options; o && o->name; o++) {
        if (!o->help)
            continue;
        if (!group || strcmp(group, s_group(o)) != 0) {
            group = s_group(o);
            fprintf(out, "\n%s:\n", group);
        }
        char names[96];
        if (o->takes_value)
            snprintf(names, sizeof names, "--%s %s", o->name, o->arg ? o->arg : "VALUE");
        else
            snprintf(names, sizeof names, "--%s", o->name);
        s_put_option(names, o->help, out);
    }
    if (!group)
        fputs("\nOptions:\n", out);
    s_put_option("-h, --help", "show this help", out);
    if (doc->epilogue) {
        fputs("\n", out);
        fputs(doc->epilogue, out);
        if (*doc->epilogue && doc->epilogue[strlen(doc->epilogue) - 1] != '\n')
            fputc('\n', out);
    }
}

void mktows_cli_roff_escape(const char *text, FILE *out)
{
    int line_start = 1;
    for (const char *c = text; *c; c++) {
        if (line_start && (*c == '.' || *c == '\''))
            fputs("\\&", out);
        line_start = *c == '\n';
        if (*c == '\\')
            fputs("\\e", out);
        else if (*c == '-')
            fputs("\\-", out);
        else
            fputc(*c, out);
    }
}

/* Preformatted text (.nf/.fi), for the synopsis and the epilogue, whose layout matters. */
static void s_man_preformatted(const char *text, FILE *out)
{
    fputs(".nf\n", out);
    mktows_cli_roff_escape(text, out);
    if (*text && text[strlen(text) - 1] != '\n')
        fputc('\n', out);
    fputs(".fi\n", out);
}

/* Paragraphs: lines joined (roff fills them), blank lines become .PP. */
static void s_man_paragraphs(const char *text, FILE *out)
{
    fputs(".PP\n", out);
    for (const char *c = text; *c;) {
        const char *nl = strchr(c, '\n');
        size_t len = nl ? (size_t)(nl - c) : strlen(c);
        if (len == 0) {
            fputs(".PP\n", out);
        } else {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", (int)len, c);
            mktows_cli_roff_escape(line, out);
            fputc('\n', out);
        }
        c += len + (nl ? 1 : 0);
    }
}

void mktows_cli_doc_print_man_section(const mktows_cli_doc *doc, const char *prog, FILE *out)
{
    if (prog) {
        fputs(".SS \"", out);
        mktows_cli_roff_escape(prog, out);
        fputc(' ', out);
        mktows_cli_roff_escape(doc->name, out);
        fputs("\"\n", out);
        if (doc->summary) {
            fputs(".PP\n", out);
            mktows_cli_roff_escape(doc->summary, out);
            fputs(".\n", out);
        }
        fputs(".PP\n", out);
        char line[128];
        snprintf(line, sizeof line, "%s %s ", prog, doc->name);
        char *syn = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&syn, &len);
        if (m) {
            fputs(line, m);
            s_put_indented(doc->synopsis ? doc->synopsis : "", (int)strlen(line), m);
            fclose(m);
            s_man_preformatted(syn, out);
            free(syn);
        }
    }
    if (doc->description)
        s_man_paragraphs(doc->description, out);
    const char *group = NULL;
    for (const mktows_cli_option *o = doc->options; o && o->name; o++) {
        if (!o->help)
            continue;
        if (!group || strcmp(group, s_group(o)) != 0) {
            group = s_group(o);
            fputs(".PP\n\\fB", out);
            mktows_cli_roff_escape(group, out);
            fputs(":\\fR\n", out);
        }
        fputs(".TP\n\\fB\\-\\-", out);
        mktows_cli_roff_escape(o->name, out);
        fputs("\\fR", out);
        if (o->takes_value) {
            fputs(" \\fI", out);
            mktows_cli_roff_escape(o->arg ? o->arg : "VALUE", out);
            fputs("\\fR", out);
        }
        fputc('\n', out);
        mktows_cli_roff_escape(o->help, out);
        fputc('\n', out);
    }
    fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the help\n", out);
    if (doc->epilogue) {
        fputs(".PP\n", out);
        s_man_preformatted(doc->epilogue, out);
    }
}

static int s_is_path(const mktows_cli_option *o)
{
    if (!o->takes_value || !o->arg)
        return 0;
    size_t n = strlen(o->arg);
    return (n >= 4 && (strcmp(o->arg + n - 4, "FILE") == 0)) || (n >= 3 && strcmp(o->arg + n - 3, "DIR") == 0);
}

void mktows_cli_doc_print_words(const mktows_cli_doc *doc, FILE *out)
{
    for (const mktows_cli_option *o = doc->options; o && o->name; o++)
        if (o->help)
            fprintf(out, "--%s ", o->name);
    fputs("--help\n", out);
    const char *sep = "";
    for (const mktows_cli_option *o = doc->options; o && o->name; o++)
        if (o->help && s_is_path(o)) {
            fprintf(out, "%s--%s", sep, o->name);
            sep = " ";
        }
    fputc('\n', out);
}

int mktows_cli_doc_print_format(const mktows_cli_doc *doc, const char *prog, const char *format, FILE *out)
{
    if (strcmp(format, "man") == 0)
        mktows_cli_doc_print_man_section(doc, prog, out);
    else if (strcmp(format, "bash") == 0)
        mktows_cli_doc_print_words(doc, out);
    else if (strcmp(format, "text") == 0)
        mktows_cli_doc_print_help(doc, prog, out);
    else
        return -1;
    return 0;
}
