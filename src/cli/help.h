/* One source for a command's documentation: `--help`, the man page (mktows.1, mktows-server.1) and
 * the bash completion are all printed from a mktows_cli_doc, so they cannot drift apart.
 *
 * A command describes itself once:
 *
 *     static const mktows_cli_option s_options[] = {
 *         { "user-id", 1, 0, S_OPT_USER_ID, "ID", "the mktowsUserId", NULL },
 *         ...
 *         { NULL, 0, 0, 0, NULL, NULL, NULL }
 *     };
 *     static const mktows_cli_doc s_doc = { "sign", "print the request signature ...",
 *         "[--user-id ID] ...", "Print the Marketo ...", s_options, "Exit status: ..." };
 *
 * and parses with mktows_cli_parser_init_doc(&p, argc, argv, &s_doc). The parser then answers
 * -h/--help (mktows_cli_doc_print_help) and the hidden --help-format=man|bash that the build runs
 * to write the man page and the completion script. */
#ifndef MKTOWS_CLI_HELP_H
#define MKTOWS_CLI_HELP_H

#include "cli.h"

#include <stdio.h>

typedef struct mktows_cli_doc {
    const char *name;        /* "sync-lead" (for mktows-server: "mktows-server") */
    const char *summary;     /* one line, lower case, no full stop: for `mktows --help` and NAME */
    const char *synopsis;    /* what follows "Usage: mktows sync-lead "; lines separated by '\n' */
    const char *description; /* paragraphs separated by "\n\n" */
    const mktows_cli_option *options; /* terminated by name == NULL; entries without help are hidden */
    const char *epilogue;    /* free text after the options (output, exit status, examples); may be NULL */
} mktows_cli_doc;

/* The hidden option the build uses: "--help-format=man" or "--help-format=bash". */
#define MKTOWS_CLI_HELP_FORMAT "help-format"

/* `--help`: "Usage: <prog> <name> <synopsis>", the description, the options by group (each
 * "  --name ARG" then its help at column 23), "-h, --help", then the epilogue. @p prog is
 * "mktows" for a command, NULL for a program of its own (mktows-server). */
void mktows_cli_doc_print_help(const mktows_cli_doc *doc, const char *prog, FILE *out);

/* The man page section of a command (".SS" heading, synopsis, description, ".TP" per option,
 * epilogue as preformatted text), in roff. */
void mktows_cli_doc_print_man_section(const mktows_cli_doc *doc, const char *prog, FILE *out);

/* The completion words of a command, two lines: every documented option as "--name" plus
 * "--help", space-separated; then the options whose value is a path (argument FILE or DIR, or
 * ending in "FILE"/"DIR"), for which the completion offers file names. */
void mktows_cli_doc_print_words(const mktows_cli_doc *doc, FILE *out);

/* Write @p text to @p out escaped for roff: '\' as \e, '-' as \-, a leading '.' or '\'' guarded. */
void mktows_cli_roff_escape(const char *text, FILE *out);

/* Handle "--help-format=FORMAT" for @p doc: 0 done (printed), -1 unknown format (reported). */
int mktows_cli_doc_print_format(const mktows_cli_doc *doc, const char *prog, const char *format, FILE *out);

#endif /* MKTOWS_CLI_HELP_H */
