/* A mock transport for client tests: no sockets. Installed on a client's gSOAP context through
 * mktows_client_soap() by replacing soap->fopen / fclose / fsend / frecv / fpoll. It serves queued
 * canned HTTP responses, one per request, and records every request (HTTP header and body).
 * Keep-alive works as with a real server: the "connection" stays open across calls unless a
 * response says "Connection: close", so connects counts real reconnections.
 * Free the mock after the client, or before it only if the client makes no further call. */
#ifndef MKTOWS_TEST_MOCK_TRANSPORT_H
#define MKTOWS_TEST_MOCK_TRANSPORT_H

#include <stddef.h>
#include <stdio.h>

#include <mktows/client.h>

typedef struct mktows_mock mktows_mock;

/* Credentials of the clients the tests create (the user id is the syncLead page's). */
#define MKTOWS_MOCK_ENDPOINT "http://mock.invalid/soap/mktows/2_7"
#define MKTOWS_MOCK_USER_ID "bigcorp1_461839624B16E06BA2D663"
#define MKTOWS_MOCK_KEY "test-encryption-key-do-not-leak"

/* A client for MKTOWS_MOCK_ENDPOINT with the credentials above, optional workspace and trace
 * (NULL for none). Caller frees with mktows_client_free(). NULL on failure. */
mktows_client *mktows_mock_client_new(const char *workspace, mktows_trace_fn trace, void *userdata,
                                      FILE *trace_file);

/* Install on @p client. Returns NULL on out of memory. */
mktows_mock *mktows_mock_install(mktows_client *client);

/* Queue a raw HTTP response (status line, headers, blank line, body), served byte for byte. */
void mktows_mock_push_raw(mktows_mock *mock, const char *http, size_t len);
/* Queue "HTTP/1.1 <status> <reason>" with Content-Type text/xml and Content-Length of @p body. */
void mktows_mock_push(mktows_mock *mock, int status, const char *body);
/* Same, with the body read from tests/data/<relpath>. Returns 0, or -1 if the file is missing. */
int mktows_mock_push_file(mktows_mock *mock, int status, const char *relpath);

/* Requests seen so far. */
size_t mktows_mock_request_count(const mktows_mock *mock);
/* The i-th raw request (HTTP header and body), or NULL. Borrowed from the mock. */
const char *mktows_mock_request(const mktows_mock *mock, size_t i);
/* The body (after the blank line) of the i-th request, or NULL. Borrowed from the mock. */
const char *mktows_mock_request_body(const mktows_mock *mock, size_t i);
/* Number of times the client opened a connection. */
size_t mktows_mock_connects(const mktows_mock *mock);

void mktows_mock_free(mktows_mock *mock);

#endif
