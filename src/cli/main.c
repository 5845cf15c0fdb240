/* mktows: the command-line tool of mktows-c. `mktows <command> [options]`; this file only
 * dispatches to the commands, each of which lives in its own cmd_<name>.c. */
#include "cli.h"
#include "manpage.h"
#include "suggest.h"

#include <mktows/version.h>

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_KEBAB_MAX 128

#ifndef MKTOWS_CLI_VERSION
#define MKTOWS_CLI_VERSION "unknown"
#endif

static const mktows_cli_command s_commands[] = {
    { "sign", "print the request signature for a user id and timestamp", mktows_cli_cmd_sign },
    { "sync-lead", "create or update one lead (syncLead), or print the request with --dry-run",
      mktows_cli_cmd_sync_lead },
    { "sync-leads", "create or update the leads of a CSV file (syncMultipleLeads), resumably",
      mktows_cli_cmd_sync_leads },
    { "decode", "print a captured response envelope of an operation as JSON (offline)",
      mktows_cli_cmd_decode },
    { "export", "export leads, a lead's activities or lead changes as JSON lines or CSV, resumably",
      mktows_cli_cmd_export },
    { "call", "call any operation by name: mktows call <operation> --params JSON", mktows_cli_cmd_call },
    { NULL, NULL, NULL }
};

static const mktows_cli_command *s_find(const char *name);

static void s_usage(FILE *out)
{
    fprintf(out,
            "Usage: %s <command> [options]\n"
            "       %s --help | --version\n"
            "       %s help <command>\n"
            "\n"
            "A command-line client for the Marketo SOAP API (mktows 2_7).\n"
            "\n"
            "Commands:\n",
            MKTOWS_CLI_PROG, MKTOWS_CLI_PROG, MKTOWS_CLI_PROG);
    for (const mktows_cli_command *c = s_commands; c->name; c++)
        fprintf(out, "  %-26s %s\n", c->name, c->summary);
    fprintf(out, "\nOperation commands (one per operation of the WSDL, as 'mktows call <operation>'):\n");
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        const mktows_operation_info *op = mktows_operation_at(i);
        char kebab[128];
        mktows_cli_kebab(op->name, kebab, sizeof kebab);
        if (s_find(kebab))
            fprintf(out, "  %-26s (the command above; 'mktows call %s' for --params)\n", kebab, op->name);
        else
            fprintf(out, "  %-26s %s%s\n", kebab, op->name, op->paged ? " (pages: --all)" : "");
    }
    fprintf(out,
            "\n"
            "Environment:\n"
            "  MARKETO_SOAP_ENDPOINT   the SOAP endpoint, e.g. https://123-ABC-456.mktoapi.com/soap/mktows/2_7\n"
            "  MARKETO_USER_ID         the SOAP API user id (mktowsUserId)\n"
            "  MARKETO_ENCRYPTION_KEY  the SOAP API encryption key (never printed)\n"
            "\n"
            "Exit status: 0 success, 1 error, 2 usage error.\n"
            "Run '%s <command> --help' for a command's options.\n",
            MKTOWS_CLI_PROG);
}

static const mktows_cli_command *s_find(const char *name)
{
    for (const mktows_cli_command *c = s_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* "mktows: unknown command: X; did you mean 'Y'? (see 'mktows --help')", Y the nearest of the
 * commands above, "help" and the per-operation commands (suggest.c). */
static int s_unknown_command(const char *name)
{
    size_t n_static = sizeof s_commands / sizeof s_commands[0];
    const char **names = calloc(n_static + 1 + mktows_operation_count() + 1, sizeof *names);
    char *kebabs = calloc(mktows_operation_count() + 1, S_KEBAB_MAX);
    const char *near = NULL;
    if (names && kebabs) {
        size_t n = 0;
        for (const mktows_cli_command *c = s_commands; c->name; c++)
            names[n++] = c->name;
        names[n++] = "help";
        for (size_t i = 0; i < mktows_operation_count(); i++) {
            char *k = kebabs + i * S_KEBAB_MAX;
            mktows_cli_kebab(mktows_operation_at(i)->name, k, S_KEBAB_MAX);
            names[n++] = k;
        }
        names[n] = NULL;
        near = mktows_cli_suggest(name, strlen(name), names);
    }
    if (near)
        mktows_cli_error("unknown command", "%s; did you mean '%s'? (see '%s --help')", name, near, MKTOWS_CLI_PROG);
    else
        mktows_cli_error("unknown command", "%s (see '%s --help')", name, MKTOWS_CLI_PROG);
    free(names);
    free(kebabs);
    return MKTOWS_CLI_EXIT_USAGE;
}

/* The commands above first; then one per operation, by its kebab-case name. */
static int s_run_command(const char *name, int argc, char **argv)
{
    const mktows_cli_command *c = s_find(name);
    if (c)
        return c->run(argc, argv);
    const char *op = mktows_cli_operation_by_command(name);
    if (op)
        return mktows_cli_cmd_operation(op, argc, argv);
    return s_unknown_command(name);
}

int main(int argc, char **argv)
{
    mktows_cli_secrets_protect();
    if (argc < 2) {
        s_usage(stderr);
        return MKTOWS_CLI_EXIT_USAGE;
    }
    const char *first = argv[1];

    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        s_usage(stdout);
        return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
    }
    if (strcmp(first, "--version") == 0) {
        unsigned long long iface = 0;
        const char *lib = mktows_version(NULL, &iface);
        printf("%s %s (libmktows %s, interface %016llx)\n", MKTOWS_CLI_PROG, MKTOWS_CLI_VERSION, lib, iface);
        return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
    }
    if (strncmp(first, "--help-format=", 14) == 0) /* hidden: the build writes mktows.1 and the completion */
        return mktows_cli_print_format(first + 14, s_commands);
    if (strcmp(first, "help") == 0) {
        if (argc == 2) {
            s_usage(stdout);
            return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        }
        if (argc > 3) {
            mktows_cli_error("help", "unexpected argument '%s' (see '%s --help')", argv[3],
                             MKTOWS_CLI_PROG);
            return MKTOWS_CLI_EXIT_USAGE;
        }
        char *help_argv[] = { argv[2], (char *)"--help", NULL };
        return s_run_command(argv[2], 2, help_argv);
    }
    if (first[0] == '-') {
        mktows_cli_error("unknown option", "%s (see '%s --help')", first, MKTOWS_CLI_PROG);
        return MKTOWS_CLI_EXIT_USAGE;
    }
    return s_run_command(first, argc - 1, argv + 1);
}
