/* Internal definition of the client handle and the helpers the library's files share.
 * Not installed; nothing outside src/lib includes it. */
#ifndef MKTOWS_PRIVATE_CLIENT_H
#define MKTOWS_PRIVATE_CLIENT_H

#include <mktows/client.h>
#include <mktows/sign.h>

#include "private/call.h"

#include <stddef.h>

#include "soapH.h"
#include "private/writer.h"
#include "private/reader.h"
#include "private/hmac.h"

#include "private/soap.h"
#include "private/retry.h"
#include "private/http_head.h"

/* The deepest element nesting a response may have (the schema's is about ten). */
#define MKTOWS_MAX_DEPTH 64
/* Past its first MB, a gzip body may inflate at most this many times (SOAP_MINDEFLATERATIO, set
 * for the library's gSOAP runtime in cmake/gsoap.cmake; gSOAP's own default allowed 1,032). */
#define MKTOWS_GZIP_MAX_RATIO 256

enum { MKTOWS_TIMED_OUT_CONNECT = 1, MKTOWS_TIMED_OUT_SEND = 2, MKTOWS_TIMED_OUT_RECV = 3, MKTOWS_TIMED_OUT_CALL = 4 };

/* A growable byte buffer (trace capture, render capture). */
typedef struct mktows_buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;     /* set when an append failed: the content is incomplete */
} mktows_buf;

void mktows_buf_reset(mktows_buf *buf);
void mktows_buf_append(mktows_buf *buf, const char *data, size_t len);
void mktows_buf_free(mktows_buf *buf);

/* headers.c: the SOAP header of the current call, owned by the client (the soap context's
 * soap->header points here during a call; mktows_client_release() clears it). */
typedef struct mktows_headers_ {
    struct SOAP_ENV__Header header;
    struct mkt__AuthenticationHeaderInfo auth;       /* strings: the client's user id, the two below */
    struct mkt__MktowsContextHeaderInfo context;     /* the client's workspace */
    char timestamp[MKTOWS_TIMESTAMP_SIZE];
    char signature[MKTOWS_SIGNATURE_SIZE];           /* wiped when the call is released */
} mktows_headers_;

struct mktows_client {
    struct soap *soap;             /* one context per client, reused across calls (keep-alive) */
    char *endpoint;
    char *user_id;
    mktows_hmac hmac;              /* the encryption key, prepared for signing (hmac.c); the key
                                      itself is not kept */
    char *workspace;               /* NULL = no MktowsContextHeader */
    int is_https;
    int tls_check_host;            /* tls.c: the chain is not verified but the host name is */

    mktows_trace_fn trace;
    void *trace_userdata;
    FILE *trace_file;
    mktows_buf trace_req;          /* request bytes of the current call, HTTP headers stripped later */
    mktows_buf trace_resp;         /* response bytes of the current call */
    mktows_buf last_resp;          /* response body of the last call, for mktows_client_last_response();
                                      always captured, freed when the next call begins; oom also set
                                      when it grew past MKTOWS_LAST_RESPONSE_MAX_BYTES */

    /* error detail of the last call */
    char errmsg[512];
    int http_status;
    int marketo_code;
    char *fault_code;              /* malloc'd copy */
    char *fault_string;            /* malloc'd copy */
    char *marketo_message;         /* malloc'd copy of serviceException/message, NULL if none */

    mktows_code begin_rc;          /* result of the last begin, for MKTOWS_CALL */
    int in_call;                   /* begin succeeded and finish has not run yet */

    /* gSOAP's own callbacks, wrapped by ours (transport.c, trace.c) */
    SOAP_SOCKET (*orig_fopen)(struct soap *, const char *, const char *, int);
    int (*orig_fsend)(struct soap *, const char *, size_t);
    int (*orig_fclose)(struct soap *);
    size_t (*orig_frecv)(struct soap *, char *, size_t);
    int (*orig_fparse)(struct soap *);
    int (*orig_fparsehdr)(struct soap *, const char *, const char *);
    int (*orig_fpost)(struct soap *, const char *, const char *, int, const char *, const char *, ULONG64);
    int (*orig_fposthdr)(struct soap *, const char *, const char *);
    int tracing;                   /* trace hooks installed (a callback or a file was given) */
    int trace_paused;              /* render(): capture nothing */
    int resp_body;                 /* the response's HTTP header has been parsed: bytes are body */
    int timed_out;                 /* MKTOWS_TIMED_OUT_*: transport.c saw a timeout in this call */
    int call_timeout_ms;           /* the deadline of a call, from its begin */
    const char *operation;         /* the current call's operation (a static name), NULL outside one */
    int bad_status_line;           /* trace.c: the response did not begin with an HTTP status line */
    unsigned long long announced_too_long; /* transport.c: the Content-Length the response announced,
                                          when past max_response_bytes (0: none was) */
    int peer_closed;               /* transport.c: the peer closed the connection during this call */
    unsigned long long raw_body_bytes; /* plain (not chunked, not gzip) response body bytes received so
                                          far (trace.c) */
    long long deadline_ms;         /* CLOCK_MONOTONIC ms at which the current call times out; 0 none */
    unsigned long long resp_body_bytes; /* response body bytes received in this call (after HTTP header) */
    int awaiting_response;         /* transport.c: sent since the last receive */
    mktows_w writer;               /* the direct request writer's buffer (writer.c), reused */
    int writer_off;                /* 1: serialize requests with gSOAP (tests compare the two) */
    mktows_r reader;               /* the direct response reader's state (reader.c), reused */
    int reader_off;                /* 1: read responses with gSOAP only (tests compare the two) */
    mktows_buf held;               /* transport.c: a stored message's HTTP header, sent with its body */
    void *render_capture;          /* render.c's capture state during mktows_sync_lead_render() */

    mktows_retry_state retry;      /* retry policy, rate limit, their clock (retry.c) */
    const struct mktows_ops_entry_ *last_op; /* headers.c: the last call's operation entry */
    mktows_headers_ headers;       /* headers.c: the current call's SOAP header */
    mktows_http_head http_head;    /* http_head.c: the last plain POST's HTTP header, reused */
    void *http_capture;            /* http_head.c's capture while gSOAP writes a header into it */
};

/* One exchange of @p op (fn: its typed-call name) on the client's context: the request written by
 * its direct writer (gen/mktows_writer.c, or gSOAP's serializer when writer_off is set), the
 * response read by its direct reader (gen/mktows_reader.c), which leaves the message to gSOAP's
 * stub whenever it does not follow it (always when reader_off is set). The gSOAP status, as
 * soap_call___mkt__<op>() returns it. Needs "mktows_writer.h" and "mktows_reader.h". */
#define MKTOWS_EXCHANGE(client, soap, op, fn, params, resp)                                        \
    (mktows_writer_send_##fn((soap), (client)->endpoint, (params),                                \
                             (client)->writer_off ? NULL : &(client)->writer) ||                   \
             mktows_reader_recv_##fn((soap), (resp), (client)->reader_off ? NULL : &(client)->reader) \
         ? (soap)->error                                                                           \
         : SOAP_OK)

/* namespaces.c: the binding's namespace table, set on every client context. */
const struct Namespace *mktows_namespaces_(void);

/* Clear the error detail (errmsg "", status 0, fault fields NULL). */
void mktows_client_clear_error_(mktows_client *client);
/* Record a formatted error message and return @p code. */
mktows_code mktows_client_fail_(mktows_client *client, mktows_code code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* headers.c: 1 when @p operation is an operation of the interface description. */
int mktows_operation_known_(const char *operation);
/* headers.c: the table entry of @p operation (NULL: none), remembered on the client for the next
 * call of the same operation (a call looks its operation up once, not by name in a 40-entry table
 * each time). */
const struct mktows_ops_entry_ *mktows_operation_entry_(mktows_client *client, const char *operation);
/* headers.c: NULL soap->header, then set a freshly signed AuthenticationHeader (and the
 * MktowsContextHeader when the binding names it for @p op and a workspace is set), in
 * client->headers. */
mktows_code mktows_headers_set_(mktows_client *client, const struct mktows_ops_entry_ *op);
/* headers.c: the call is over: soap->header no longer points at client->headers, the signature
 * is wiped. */
void mktows_headers_clear_(mktows_client *client);

/* fault.c: map the state of client->soap after a call (status @p soap_status) to a code and record
 * the error detail on the client. */
mktows_code mktows_fault_map_(mktows_client *client, int soap_status);
/* fault.c: find the text of the first element with local name @p name inside literal XML
 * @p xml (namespace prefixes ignored). Returns a malloc'd, entity-decoded string or NULL. */
char *mktows_xml_child_text_(const char *xml, const char *name);

/* trace.c: install the body hooks on a new context (they count response body bytes always and
 * capture only when tracing); reset at begin; emit the trace at finish. */
void mktows_trace_install_(mktows_client *client);
void mktows_trace_begin_(mktows_client *client);
void mktows_trace_emit_(mktows_client *client);
/* trace.c: forget the last call's response body (at the start of every call). */
void mktows_trace_forget_(mktows_client *client);

/* tls.c: set up the TLS context for an https endpoint. */
mktows_code mktows_tls_setup_(mktows_client *client, const mktows_client_options *opts);

/* transport.c: wrap gSOAP's fopen (TCP_NODELAY, SO_NOSIGPIPE), fsend and fclose (SIGPIPE blocked
 * around writes: OpenSSL writes without MSG_NOSIGNAL). */
void mktows_transport_install_(mktows_client *client);
/* tls.c: after a TLS handshake, the host name check tls_no_verify_peer alone leaves on. 0, or -1
 * with soap->error SOAP_SSL_ERROR. */
int mktows_tls_check_host_(mktows_client *client, struct soap *soap, const char *host);
/* http_head.c: wrap gSOAP's fpost: a plain POST's header from the copy kept on the client. */
void mktows_http_head_install_(mktows_client *client);
/* transport.c: a call begins: its deadline starts. */
void mktows_transport_begin_(mktows_client *client);

/* render.c: run mktows_call(client, operation, params) against a capturing transport and return
 * the request envelope it wrote (caller frees); nothing is sent. */
mktows_code mktows_render_call_(mktows_client *client, const char *operation, const void *params, char **out_xml);

#endif /* MKTOWS_PRIVATE_CLIENT_H */
