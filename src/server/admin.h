/* The test-double controls: a reset (reset.c) from a signal or the admin endpoint, and the admin
 * endpoint itself (admin.c), a small HTTP/1.1 listener of its own, off unless --admin-listen is
 * given. It shares nothing with the SOAP port: its socket, its thread and its parser are its own.
 *
 *   POST   /reset   the store back to the fixtures, the fault rules back to the configuration
 *   GET    /stats   {"requests":N,"faults":N,"dropped":N} since the start
 *   GET    /fail    the fault injection rules, one a line, with their call counts
 *   POST   /fail    add the rules in the body (one a line, as --fail takes them) until the next reset
 *   DELETE /fail    drop every rule, the configuration's too
 *   GET    /health  "ok" */
#ifndef MKTOWS_SERVER_ADMIN_H
#define MKTOWS_SERVER_ADMIN_H

#include "server.h"

#include <stddef.h>

/* Empty @p srv's store and write its fixtures again; drop the fault rules added at run time and
 * start their counts again. 0, or -1 with a message in err (the store is then as it was). */
int mktows_srv_reset(mktows_server *srv, char *err, size_t err_len);

/* Block SIGHUP and SIGUSR1 in the calling thread (and so in every thread it starts later) and start
 * a thread that resets @p srv (borrowed: it must outlive mktows_srv_reset_signals_stop()) on each.
 * The thread's state goes to srv->reset_signals (owned by @p srv until the stop). Call before any
 * other thread starts; signals are the process's, so for one server a process. 0 or -1. */
int mktows_srv_reset_signals_start(mktows_server *srv);
/* Stop and join the thread of @p srv and release srv->reset_signals (not started: nothing). */
void mktows_srv_reset_signals_stop(mktows_server *srv);

/* Listen on @p host (numeric or a name; "" = every address) port @p port (0: the kernel picks) and
 * serve the admin endpoint of @p srv (borrowed: it must outlive mktows_srv_admin_stop()) on a
 * thread of its own. Its socket and thread go to srv->admin (owned by @p srv until the stop).
 * *bound_port gets the port. 0, or -1 with a message in err. */
int mktows_srv_admin_start(mktows_server *srv, const char *host, int port, int *bound_port, char *err,
                           size_t err_len);
/* Stop and join the admin thread of @p srv, close its socket and release srv->admin (not started:
 * nothing). */
void mktows_srv_admin_stop(mktows_server *srv);

#endif
