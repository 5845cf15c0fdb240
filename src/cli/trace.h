/* --trace for every command that talks to Marketo.
 *
 * --trace DIR (a path ending in '/' or an existing directory; created with mode 0700 if missing)
 * writes each exchange as two files of their own, mode 0600:
 *     DIR/0001-syncLead-request.xml  DIR/0001-syncLead-response.xml  DIR/0002-...
 * numbered on from the highest number already in DIR, the operation named after the request's
 * Body element (paramsSyncLead -> syncLead). A response file is exactly the body that
 * `mktows decode <operation> FILE` reads. --trace FILE appends both messages to FILE (mode 0600),
 * '-' to stderr, as before. The trace never holds the encryption key (the library never serializes
 * it).
 *
 *     mktows_cli_trace *trace = NULL;
 *     if (common.trace && mktows_cli_trace_open(S_CMD, common.trace, &trace) != 0) ... exit 1
 *     mktows_cli_trace_attach(trace, &opts);       // before mktows_client_new()
 *     ...
 *     mktows_client_free(client);
 *     if (mktows_cli_trace_close(S_CMD, trace) != 0) ... exit 1 (a write failed; reported)
 */
#ifndef MKTOWS_CLI_TRACE_H
#define MKTOWS_CLI_TRACE_H

#include <mktows/mktows.h>

typedef struct mktows_cli_trace mktows_cli_trace;

/* Open the trace named by @p arg. Errors are reported under @p what. Returns 0 or -1. */
int mktows_cli_trace_open(const char *what, const char *arg, mktows_cli_trace **out);
/* Make the client options trace into @p trace (NULL: nothing). */
void mktows_cli_trace_attach(mktows_cli_trace *trace, mktows_client_options *opts);
/* The number of the last exchange written to a directory (0: none yet, or a FILE trace). */
unsigned mktows_cli_trace_count(const mktows_cli_trace *trace);
/* Close and free (NULL: no-op); reports the first write error under @p what. Returns 0 or -1. */
int mktows_cli_trace_close(const char *what, mktows_cli_trace *trace);

#endif /* MKTOWS_CLI_TRACE_H */
