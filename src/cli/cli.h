/* The mktows command: declarations shared by main.c, the commands (cmd_*.c) and the helpers
 * (args.c, creds.c). Built only on the public API, <mktows/mktows.h>. */
#ifndef MKTOWS_CLI_H
#define MKTOWS_CLI_H

#include <stddef.h>

/* Exit statuses of every command. */
#define MKTOWS_CLI_EXIT_OK 0     /* success */
#define MKTOWS_CLI_EXIT_ERROR 1  /* the work failed: environment, files, network, service */
#define MKTOWS_CLI_EXIT_USAGE 2  /* the command line is wrong (including an invalid request) */

#define MKTOWS_CLI_PROG "mktows"

/* A command: "sign", "sync-lead", ... argv[0] is the command name; returns the exit status. */
typedef struct mktows_cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} mktows_cli_command;

int mktows_cli_cmd_sign(int argc, char **argv);
int mktows_cli_cmd_sync_lead(int argc, char **argv);
int mktows_cli_cmd_decode(int argc, char **argv);
/* `mktows call <operation> ...` (argv[0] "call") */
int mktows_cli_cmd_call(int argc, char **argv);
/* `mktows <kebab-case operation> ...`, e.g. "get-lead": @p operation as the WSDL names it */
int mktows_cli_cmd_operation(const char *operation, int argc, char **argv);
int mktows_cli_cmd_sync_leads(int argc, char **argv);
/* `mktows export leads|activities|changes ...` */
int mktows_cli_cmd_export(int argc, char **argv);

/* ---- diagnostics: "mktows: <what>: <detail>" on stderr ---- */

/* Print "mktows: <what>: <formatted detail>\n" to stderr. */
void mktows_cli_error(const char *what, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Same as mktows_cli_error, with " (see 'mktows <command> --help')" appended; returns
 * MKTOWS_CLI_EXIT_USAGE so callers can write `return mktows_cli_usage_error(...)`. */
int mktows_cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "mktows: warning: <formatted detail>\n" on stderr, unless --quiet (mktows_cli_set_quiet). */
void mktows_cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "mktows: <what>: warning: <formatted detail>\n" on stderr, unless --quiet. */
void mktows_cli_warning_in(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* --quiet: from now on only errors go to stderr (no warnings, no progress). */
void mktows_cli_set_quiet(int quiet);
int mktows_cli_is_quiet(void);

/* Copy @p text into @p out (of @p size bytes) as one line for a diagnostic: every run of control
 * characters and spaces becomes one space, leading and trailing space is dropped, and text that
 * does not fit ends in "...". Returns @p out. */
const char *mktows_cli_one_line(char *out, size_t size, const char *text);

/* ---- option parsing: long options only ("--name value" or "--name=value"), plus -h ---- */

typedef struct mktows_cli_option {
    const char *name;   /* without the leading "--" */
    int takes_value;    /* 1: "--name VALUE" or "--name=VALUE"; 0: a flag */
    int repeatable;     /* 1: may be given more than once (each occurrence is returned) */
    int id;             /* returned by mktows_cli_next() */
    /* Documentation (help.h): --help, the man page and the bash completion are all printed from
     * these, so they cannot drift. NULL help = not documented (hidden). */
    const char *arg;    /* the value's name in the help, "FILE" (takes_value only) */
    const char *help;   /* one or more lines separated by '\n' */
    const char *group;  /* heading the option is listed under ("Connection"); NULL = "Options" */
} mktows_cli_option;

#define MKTOWS_CLI_OPT_END 0   /* no more options */
#define MKTOWS_CLI_OPT_STOP -1 /* stop and exit with the parser's exit_status (see mktows_cli_next) */
#define MKTOWS_CLI_MAX_OPTIONS 32

typedef struct mktows_cli_parser {
    const char *command;              /* for messages: "sign" */
    int argc;
    char **argv;
    int next;                         /* index of the next argv element */
    const mktows_cli_option *options; /* terminated by an entry with name == NULL */
    void (*help)(void);               /* prints the command's help on stdout */
    int exit_status;                  /* after MKTOWS_CLI_OPT_STOP: what the command exits with */
    int seen[MKTOWS_CLI_MAX_OPTIONS];
    const struct mktows_cli_doc *doc; /* set by mktows_cli_parser_init_doc (help.h); may be NULL */
} mktows_cli_parser;

/* Start parsing argv[1..argc-1] (argv[0] is the command name); @p help prints the command's help. */
void mktows_cli_parser_init(mktows_cli_parser *p, const char *command, int argc, char **argv,
                            const mktows_cli_option *options, void (*help)(void));
/* Start parsing with the command's documentation (help.h): the options are doc->options, -h/--help
 * prints mktows_cli_doc_print_help(doc), and the hidden --help-format=man|bash prints its man page
 * section or completion words. */
void mktows_cli_parser_init_doc(mktows_cli_parser *p, int argc, char **argv, const struct mktows_cli_doc *doc);
/* The next option's id (> 0) with *value set to its value (NULL for a flag), or MKTOWS_CLI_OPT_END,
 * or MKTOWS_CLI_OPT_STOP when the command must stop and exit with p->exit_status: for -h/--help,
 * after printing the help and flushing stdout (0, or 1 when stdout cannot be written); for a
 * usage error, after reporting it (2). Positional arguments are usage errors. The loop of every
 * command:
 *
 *     while ((id = mktows_cli_next(&p, &v)) > 0)
 *         switch (id) { ... }
 *     if (id == MKTOWS_CLI_OPT_STOP)
 *         return p.exit_status;
 */
int mktows_cli_next(mktows_cli_parser *p, const char **value);

/* Parse a positive decimal int (1..INT_MAX): digits only, no sign, no spaces. 0 on success. */
int mktows_cli_parse_positive_int(const char *text, int *out);

/* ---- the encryption key (creds.c; the credentials loader is config.h's mktows_cli_settings_load) ---- */

/* Load the encryption key: from @p key_file when not NULL (one trailing "\n" or "\r\n" stripped;
 * a warning when the file is readable by its group or others),
 * else from MARKETO_ENCRYPTION_KEY. Rejects a missing source, an unreadable file, an empty key and
 * a key containing a NUL byte. Errors are reported on stderr under @p what (the key itself never
 * is). Returns 0 and sets *out (caller frees with mktows_cli_key_free) or -1. */
int mktows_cli_load_key(const char *what, const char *key_file, char **out);
/* For the command's own process (main.c), first thing: no core dumps (RLIMIT_CORE 0, not
 * dumpable), and a key read from MARKETO_ENCRYPTION_KEY is wiped from the environment once copied. */
void mktows_cli_secrets_protect(void);
/* Wipe and free a key from mktows_cli_load_key(). NULL is a no-op. */
void mktows_cli_key_free(char *key);

/* ---- output ---- */

/* Flush stdout and report a failed write ("mktows: write: ..."); returns @p status, or
 * MKTOWS_CLI_EXIT_ERROR when the output could not be written. */
int mktows_cli_finish_stdout(int status);

/* ---- operations (report.c) ---- */

struct mktows_client;
/* "mktows: <operation> failed: Marketo error N: ..." or "...: <strerror>: <detail>" on stderr. */
void mktows_cli_report_call_error(const char *operation, const struct mktows_client *client, int rc,
                                  const char *errbuf);
/* The command name of an operation: kebab case of its WSDL name, a dash before an upper-case letter
 * that follows a lower-case letter or a digit, all lower case (getMObjects -> get-mobjects). */
void mktows_cli_kebab(const char *name, char *out, size_t size);
/* The operation whose command name is @p command, or NULL. */
const char *mktows_cli_operation_by_command(const char *command);
/* The operation name nearest to @p name (mktows_cli_suggest), or NULL when none is close. */
const char *mktows_cli_nearest_operation(const char *name);

#endif /* MKTOWS_CLI_H */
