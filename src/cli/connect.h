/* The client of a command that talks to Marketo, from its shared options (config.h): the
 * credentials through mktows_cli_settings_load(), the CA locations checked (the library can only
 * say "TLS error" for an unusable one), --trace opened and attached, --insecure warned about. */
#ifndef MKTOWS_CLI_CONNECT_H
#define MKTOWS_CLI_CONNECT_H

#include "config.h"
#include "trace.h"

#include <mktows/mktows.h>

/* Make the client for @p command. @p workspace: the command's own --workspace, or NULL for the
 * profile's. @p dry_run: nothing will be sent (no trace, no --insecure warning). Fills
 * @p settings (clean up with mktows_cli_settings_clean_up() in every case), *trace (close with
 * mktows_cli_trace_close()) and *out (free with mktows_client_free()). Returns 0, or
 * MKTOWS_CLI_EXIT_ERROR after reporting why. */
int mktows_cli_connect(const char *command, const mktows_cli_common *common, const char *workspace, int dry_run,
                       mktows_cli_settings *settings, mktows_cli_trace **trace, mktows_client **out);

#endif
