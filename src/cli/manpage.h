/* `mktows --help-format=man|bash` (manpage.c). */
#ifndef MKTOWS_CLI_MANPAGE_H
#define MKTOWS_CLI_MANPAGE_H

#include "cli.h"

/* Print the man page (man) or the bash completion script (bash) of @p commands (terminated by
 * name == NULL) on stdout; returns the exit status. */
int mktows_cli_print_format(const char *format, const mktows_cli_command *commands);

#endif
