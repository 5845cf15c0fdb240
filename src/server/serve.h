/* The connection server (serve.c): the accept loop, one thread and one gSOAP context per
 * connection, the request log line, the response sender, and the HTTP GET handler (wsdl.c).
 * Private to src/server. */
#ifndef MKTOWS_SERVER_SERVE_H
#define MKTOWS_SERVER_SERVE_H

#include "server.h"

#include <signal.h>
#include <stddef.h>

struct soap;

/* "mktows-server: <message>" on stderr, unless @p srv runs --quiet. */
void mktows_srv_log(const mktows_server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Accept connections on @p master until *stop is set, each served for @p srv on its own thread;
 * then wake the open connections and wait for them (10 s at most). 0, or -1 when some did not
 * finish. @p srv (borrowed) must outlive the call. */
int mktows_srv_serve(mktows_server *srv, struct soap *master, volatile sig_atomic_t *stop);
/* Serve the requests of one connection whose context is set up (a copy of the master's, or any
 * context whose frecv/fsend stand in for a socket) for @p srv until the client closes it or an
 * error ends it; the caller then releases the context. What each connection thread runs; also the
 * fuzz harness's seam (tests/fuzz/fuzz_server.c), which serves requests from memory. A context
 * without soap->user gets a connection record for the time of the call. */
void mktows_srv_serve_connection(mktows_server *srv, struct soap *soap);
/* The server a connection's context serves: every operation, check and fault reaches its
 * configuration and store through this. @p soap must be a connection's context (soap->user is its
 * connection record, set by the accept loop or mktows_srv_serve_connection()); never the master's.
 * Borrowed: valid while the server runs. */
mktows_server *mktows_srv_of(struct soap *soap);

/* Send the serialized response @p xml of an operation (its whole SOAP envelope, soap memory) with
 * mktows_srv_response_fix() applied (respond in serve.c). Returns SOAP_STOP once sent (the
 * skeleton's caller then serves the next request of the connection), or an error. */
int mktows_srv_respond(struct soap *soap, const char *xml);

/* Embedded WSDL (generated at build time from wsdl/mktows-2_7.wsdl). */
extern const char mktows_srv_wsdl_data[];
extern const size_t mktows_srv_wsdl_data_size;

/* HTTP GET handler: ?WSDL with soap:address rewritten to this server. */
int mktows_srv_http_get(struct soap *soap);

#endif
