/* Client lifecycle (new / free), the endpoint, and the error-detail accessors. */
#include "private/client.h"
#include "private/runtime.h"

#include <assert.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* gSOAP timeouts: positive = seconds, negative = microseconds. Microseconds overflow an int past
 * about 35 minutes, so longer timeouts are rounded up to whole seconds. */
static int s_gsoap_timeout(int ms, int default_ms)
{
    if (ms == 0)
        ms = default_ms;
    if (ms <= 2000000)
        return -ms * 1000;
    return ms / 1000 + (ms % 1000 != 0);
}

static char *s_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* "http://host..." or "https://host..." with a non-empty host. */
static int s_endpoint_scheme(const char *endpoint, int *is_https)
{
    const char *rest;
    if (strncasecmp(endpoint, "https://", 8) == 0) {
        *is_https = 1;
        rest = endpoint + 8;
    } else if (strncasecmp(endpoint, "http://", 7) == 0) {
        *is_https = 0;
        rest = endpoint + 7;
    } else {
        return -1;
    }
    return (*rest == '\0' || *rest == '/' || *rest == ':') ? -1 : 0;
}

/* No #undef needed: the macro mktows_client_new() takes arguments, and this is not a call. */
mktows_code mktows_client_new_checked(const mktows_client_options *opts, unsigned long long interface_hash,
                                      unsigned version_num, mktows_client **out)
{
    assert(out);
    *out = NULL;
    /* A program compiled against other generated structs (another WSDL) or another major version
     * would read and write them with the wrong layout: refuse before anything is touched. */
    if (interface_hash != MKTOWS_IFACE_HASH || (version_num >> 16) != MKTOWS_VERSION_MAJOR)
        return MKTOWS_ERR_INTERFACE_MISMATCH;
    /* Options of this version and of every older one are accepted (members are only appended). */
    if (!opts || opts->version < 1 || opts->version > MKTOWS_CLIENT_OPTIONS_VERSION)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    if (!opts->endpoint || !*opts->endpoint || !opts->user_id || !*opts->user_id ||
        !opts->encryption_key || !*opts->encryption_key)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    if (opts->connect_timeout_ms < 0 || opts->send_timeout_ms < 0 || opts->recv_timeout_ms < 0)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    /* Members of later versions are read only from options that have them. */
    int call_timeout_ms = opts->version >= 2 ? opts->call_timeout_ms : 0;
    long long max_response = opts->version >= 2 ? opts->max_response_bytes : 0;
    if (call_timeout_ms < 0 || max_response < 0)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    int is_https = 0;
    if (s_endpoint_scheme(opts->endpoint, &is_https) != 0)
        return MKTOWS_ERR_INVALID_ARGUMENT;

    mktows_client *client = calloc(1, sizeof *client);
    if (!client)
        return MKTOWS_ERR_NO_MEMORY;
    mktows_retry_init_(&client->retry);
    client->is_https = is_https;
    client->endpoint = s_strdup(opts->endpoint);
    client->user_id = s_strdup(opts->user_id);
    client->workspace = opts->workspace && *opts->workspace ? s_strdup(opts->workspace) : NULL;
    client->trace = opts->trace;
    client->trace_userdata = opts->trace_userdata;
    client->trace_file = opts->trace_file;
    mktows_code hrc = mktows_hmac_init_(&client->hmac, opts->encryption_key, strlen(opts->encryption_key));
    if (hrc != MKTOWS_OK) {
        mktows_client_free(client);
        return hrc;
    }
    if (!client->endpoint || !client->user_id ||
        (opts->workspace && *opts->workspace && !client->workspace)) {
        mktows_client_free(client);
        return MKTOWS_ERR_NO_MEMORY;
    }

    /* Keep-alive in and out; strings are UTF-8 both ways (no &#xNN; re-encoding). SOAP_IO_STORE:
     * a request is serialized once into memory and then sent with its Content-Length, instead of
     * serialized twice (once to count its length, once to send it). Set on input too, or gSOAP
     * drops it after the first message. */
    soap_mode mode = SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING | SOAP_IO_STORE;
    /* Input: SOAP_XML_STRICT, so that a response lacking an element the schema requires, or with a
     * value its type does not allow, is refused instead of read with defaults (a status of 0, a
     * lead id of 0); unknown elements are still skipped (mktows_r_ignore_unknown), as a newer
     * service may add some. */
    struct soap *soap = mktows_soap_new_(mode | SOAP_XML_STRICT, mode);
    if (!soap) {
        mktows_client_free(client);
        return MKTOWS_ERR_NO_MEMORY;
    }
    client->soap = soap;
    soap->user = client;
    soap->fignore = mktows_r_ignore_unknown;
    /* The binding's own table, not whatever `namespaces` the runtime would resolve. */
    if (soap_set_namespaces(soap, mktows_namespaces_()) != SOAP_OK) {
        mktows_client_free(client);
        return MKTOWS_ERR_NO_MEMORY;
    }
    soap->connect_timeout = s_gsoap_timeout(opts->connect_timeout_ms, MKTOWS_DEFAULT_CONNECT_TIMEOUT_MS);
    soap->send_timeout = s_gsoap_timeout(opts->send_timeout_ms, MKTOWS_DEFAULT_SEND_TIMEOUT_MS);
    soap->recv_timeout = s_gsoap_timeout(opts->recv_timeout_ms, MKTOWS_DEFAULT_RECV_TIMEOUT_MS);
    client->call_timeout_ms = call_timeout_ms ? call_timeout_ms : MKTOWS_DEFAULT_CALL_TIMEOUT_MS;
    /* Bounds on what a peer can make the client hold (docs/library.md, "Limits"): the body size
     * (gSOAP counts it after inflation; the inflation ratio itself is bounded at build time,
     * cmake/gsoap.cmake) and the nesting depth (the schema nests about ten deep). */
    soap->recv_maxlength = (ULONG64)(max_response ? max_response : MKTOWS_DEFAULT_MAX_RESPONSE_BYTES);
    soap->maxlevel = MKTOWS_MAX_DEPTH;
#ifdef MSG_NOSIGNAL
    soap->socket_flags = MSG_NOSIGNAL; /* plain-TCP send() never raises SIGPIPE */
#endif
    mktows_transport_install_(client);
    mktows_trace_install_(client);
    mktows_http_head_install_(client);

    if (is_https) {
        mktows_code rc = mktows_tls_setup_(client, opts);
        if (rc != MKTOWS_OK) {
            mktows_client_free(client);
            return rc;
        }
    }
    *out = client;
    return MKTOWS_OK;
}

void mktows_client_free(mktows_client *client)
{
    if (!client)
        return;
    mktows_headers_clear_(client); /* the last signature wiped */
    if (client->soap) {
        client->soap->header = NULL;
        soap_destroy(client->soap);
        soap_end(client->soap);
        soap_free(client->soap); /* closes the kept-alive connection */
    }
    mktows_hmac_clean_up_(&client->hmac);
    mktows_retry_clean_up_(&client->retry);
    free(client->endpoint);
    free(client->user_id);
    free(client->workspace);
    free(client->fault_code);
    free(client->fault_string);
    free(client->marketo_message);
    mktows_buf_free(&client->trace_req);
    mktows_buf_free(&client->trace_resp);
    mktows_buf_free(&client->last_resp);
    mktows_buf_free(&client->held);
    mktows_w_free(&client->writer);
    mktows_http_head_clean_up_(&client->http_head);
    free(client);
}

const char *mktows_client_endpoint(const mktows_client *client)
{
    assert(client);
    return client->endpoint;
}

struct soap *mktows_client_soap(mktows_client *client)
{
    assert(client);
    return client->soap;
}

void mktows_client_clear_error_(mktows_client *client)
{
    client->errmsg[0] = '\0';
    client->http_status = 0;
    client->marketo_code = 0;
    free(client->fault_code);
    free(client->fault_string);
    free(client->marketo_message);
    client->fault_code = NULL;
    client->fault_string = NULL;
    client->marketo_message = NULL;
}

mktows_code mktows_client_fail_(mktows_client *client, mktows_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(client->errmsg, sizeof client->errmsg, fmt, ap);
    va_end(ap);
    return code;
}

const char *mktows_client_errmsg(const mktows_client *client)
{
    assert(client);
    return client->errmsg;
}

int mktows_client_http_status(const mktows_client *client)
{
    assert(client);
    return client->http_status;
}

int mktows_client_marketo_code(const mktows_client *client)
{
    assert(client);
    return client->marketo_code;
}

const char *mktows_client_fault_code(const mktows_client *client)
{
    assert(client);
    return client->fault_code;
}

const char *mktows_client_marketo_message(const mktows_client *client)
{
    assert(client);
    return client->marketo_message;
}

const char *mktows_client_fault_string(const mktows_client *client)
{
    assert(client);
    return client->fault_string;
}
