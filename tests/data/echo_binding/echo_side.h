/* The echo binding's half of the two_bindings program (echo_side.c): a server for the echo service
 * on 127.0.0.1 in a thread of this process, and its client. Only echo_side.c includes the echo
 * binding's headers: one translation unit cannot include two bindings' soapH.h. */
#ifndef MKTOWS_TEST_ECHO_SIDE_H
#define MKTOWS_TEST_ECHO_SIDE_H

#include <stddef.h>

/* Listen on 127.0.0.1 (the kernel picks the port) and serve @p requests requests in a thread.
 * Returns 0 or -1 (message on stderr). */
int echo_side_start(int requests);
/* Call echo(@p text) on that server with the binding's own client stub; the answer goes to
 * @p out. Returns 0 or -1 (message on stderr). */
int echo_side_call(const char *text, char *out, size_t out_size);
/* Wait for the server thread; returns 0 when it served every request. */
int echo_side_stop(void);

#endif
