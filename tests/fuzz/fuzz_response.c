/* libFuzzer harness: the typed calls' receive path, for every operation. A fresh client sends the
 * operation's request (all members absent) through mktows_call() to an in-memory connection,
 * which answers with the input; gSOAP reads it into the operation's generated response type, the
 * library maps the outcome (HTTP status, SOAP fault, Marketo code) and checks the result element.
 *
 * Input: one byte whose low 5 bits pick the operation (mktows_operation_at(), modulo their
 * count), then the response: as is when it starts with "HTTP/" (status line, headers, body: any
 * framing, chunked, gzip, several responses, ...), otherwise a body that the harness frames as
 * "HTTP/1.1 200 OK" with its Content-Length.
 *
 * The connection is this file's own stand-in for a socket, installed as the CUnit suites'
 * tests/support/mock_transport.c does (soap->fopen / fsend / frecv / fclose / fpoll through
 * mktows_client_soap()): requests are discarded, reads are served in pieces of at most 97 bytes
 * to exercise gSOAP's buffering. Nothing outlives an input. MKTOWS_FUZZ_ECHO=1 in the environment
 * prints each call's outcome to stderr. */
#include <mktows/client.h>
#include <mktows/ops.h>

#include "private/soap.h"
#include "stdsoap2.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *s_in;
static size_t s_in_len, s_in_off;
static int s_null_fd = -1;

static SOAP_SOCKET s_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
    (void)endpoint;
    (void)host;
    (void)port;
    soap->socket = s_null_fd;
    return s_null_fd;
}

static int s_fclose(struct soap *soap)
{
    soap->socket = SOAP_INVALID_SOCKET;
    return SOAP_OK;
}

static int s_fpoll(struct soap *soap)
{
    (void)soap;
    return SOAP_OK;
}

static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    (void)soap;
    (void)data;
    (void)len;
    return SOAP_OK;
}

static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    (void)soap;
    size_t left = s_in_len - s_in_off;
    if (len > left)
        len = left;
    if (len > 97)
        len = 97;
    memcpy(data, s_in + s_in_off, len);
    s_in_off += len;
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (s_null_fd < 0 && (s_null_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        abort();
    const mktows_operation_info *op = mktows_operation_at((data[0] & 0x1f) % mktows_operation_count());
    const uint8_t *body = data + 1;
    size_t body_len = size - 1;

    uint8_t *framed = NULL;
    if (body_len >= 5 && memcmp(body, "HTTP/", 5) == 0) {
        s_in = body;
        s_in_len = body_len;
    } else {
        char head[160];
        int n = snprintf(head, sizeof head,
                         "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n",
                         body_len);
        framed = malloc((size_t)n + body_len);
        if (!framed)
            return 0;
        memcpy(framed, head, (size_t)n);
        memcpy(framed + n, body, body_len);
        s_in = framed;
        s_in_len = (size_t)n + body_len;
    }
    s_in_off = 0;

    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = "http://fuzz.invalid/soap/mktows/2_7";
    o.user_id = "bigcorp1_461839624B16E06BA2D663";
    o.encryption_key = "fuzz-key";
    o.workspace = "Default";
    mktows_client *client = NULL;
    if (mktows_client_new(&o, &client) != MKTOWS_OK)
        abort();
    struct soap *soap = mktows_client_soap(client);
    soap->fopen = s_fopen;
    soap->fclose = s_fclose;
    soap->fsend = s_fsend;
    soap->frecv = s_frecv;
    soap->fpoll = s_fpoll;

    /* Every request member absent: the request's content does not matter here, only that one
     * is sent so that the response is read. 4 KiB is more than any request type. */
    static union {
        char bytes[4096];
        long double align;
    } params;
    void *resp = NULL;
    mktows_code rc = mktows_call(client, op->name, &params, &resp);
    if (rc == MKTOWS_OK) {
        if (!resp)
            abort();
    } else {
        if (resp)
            abort();
        (void)mktows_client_errmsg(client);
        (void)mktows_client_marketo_code(client);
        (void)mktows_client_fault_string(client);
    }
    if (getenv("MKTOWS_FUZZ_ECHO"))
        fprintf(stderr, "%s: %s (%d) %s\n", op->name, mktows_strerror(rc), (int)rc,
                rc == MKTOWS_OK ? "" : mktows_client_errmsg(client));
    const char *raw = NULL;
    size_t raw_len = 0;
    (void)mktows_client_last_response(client, &raw, &raw_len);
    mktows_client_free(client);
    free(framed);
    return 0;
}
