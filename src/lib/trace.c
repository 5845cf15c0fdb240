/* Trace of the raw XML bodies, the copy of the last response body that
 * mktows_client_last_response() returns (kept whether or not tracing is on, up to
 * MKTOWS_LAST_RESPONSE_MAX_BYTES, emptied when the next call begins, its memory kept up to 64 KiB),
 * and the count of response body
 * bytes (used to tell a truncated document from a dropped connection). The request is captured through fpreparesend, which gSOAP calls once
 * with each piece of the serialized body (never the HTTP header) as it stores the message before
 * sending it (SOAP_IO_STORE: the body is serialized once, then sent with its length); the response through
 * fpreparerecv, keeping only what arrives after fparse has consumed the HTTP header (gSOAP passes
 * the first raw read, header included, before parsing, then the de-chunked, decompressed body).
 * Neither ever sees the encryption key: only the signature derived from it is serialized. */
#include "private/client.h"

#include <assert.h>
#include <string.h>

static int s_preparesend(struct soap *soap, const char *data, size_t len)
{
    mktows_client *client = soap->user;
    if (client->tracing && !client->trace_paused)
        mktows_buf_append(&client->trace_req, data, len);
    return SOAP_OK;
}

/* "HTTP/1.x NNN" and a blank or the end: what every response must begin with. gSOAP reads a
 * first line without a status as a request (and reports "HTTP 405"). */
static int s_status_line_ok(const char *line)
{
    return strncmp(line, "HTTP/1.", 7) == 0 && (line[7] == '0' || line[7] == '1') && line[8] == ' ' &&
           line[9] >= '1' && line[9] <= '5' && line[10] >= '0' && line[10] <= '9' && line[11] >= '0' &&
           line[11] <= '9' && (line[12] == ' ' || line[12] == '\0' || line[12] == '\r');
}

static int s_fparse(struct soap *soap)
{
    mktows_client *client = soap->user;
    int rc = client->orig_fparse(soap);
    client->resp_body = 1;
    /* (the body bytes read with the header come to s_preparerecv right after this) */
    client->raw_body_bytes = 0;
    if (rc != SOAP_EOF && !s_status_line_ok(soap->msgbuf)) {
        client->bad_status_line = 1;
        return soap->error = SOAP_HTTP_ERROR;
    }
    return rc;
}

static int s_preparerecv(struct soap *soap, const char *data, size_t len)
{
    mktows_client *client = soap->user;
    if (!client->resp_body)
        return SOAP_OK;
    client->resp_body_bytes += len;
    if (!(soap->mode & SOAP_ENC_ZLIB) && (soap->mode & SOAP_IO) != SOAP_IO_CHUNK)
        client->raw_body_bytes += len; /* a plain body: these are the bytes as they came */
    if (client->trace_paused)
        return SOAP_OK;
    if (client->tracing) {
        /* The runtime stops at recv_maxlength only after the read that crossed it; the trace never
         * holds more than the bound itself. */
        size_t room = len;
        if (soap->recv_maxlength)
            room = soap->recv_maxlength > client->trace_resp.len
                       ? (size_t)(soap->recv_maxlength - client->trace_resp.len)
                       : 0;
        mktows_buf_append(&client->trace_resp, data, len < room ? len : room);
    }
    if (!client->last_resp.oom && len > MKTOWS_LAST_RESPONSE_MAX_BYTES - client->last_resp.len) {
        mktows_buf_free(&client->last_resp); /* too large to keep: reported, never truncated */
        client->last_resp.oom = 1;
    }
    mktows_buf_append(&client->last_resp, data, len);
    return SOAP_OK;
}

/* A last-response buffer up to this size is kept for the next call's body (emptied, not freed):
 * one malloc and one free fewer per call. A larger one is freed. */
#define S_LAST_RESP_KEEP_BYTES (64u * 1024u)

void mktows_trace_forget_(mktows_client *client)
{
    if (client->last_resp.cap <= S_LAST_RESP_KEEP_BYTES)
        mktows_buf_reset(&client->last_resp);
    else
        mktows_buf_free(&client->last_resp);
}

mktows_code mktows_client_last_response(const mktows_client *client, const char **out, size_t *out_len)
{
    assert(client);
    assert(out);
    assert(out_len);
    *out = NULL;
    *out_len = 0;
    if (client->last_resp.oom)
        return MKTOWS_ERR_NO_MEMORY;
    *out = client->last_resp.data ? client->last_resp.data : "";
    *out_len = client->last_resp.len;
    return MKTOWS_OK;
}

void mktows_trace_install_(mktows_client *client)
{
    struct soap *soap = client->soap;
    client->tracing = client->trace || client->trace_file;
    client->orig_fparse = soap->fparse;
    soap->fparse = s_fparse;
    soap->fpreparesend = s_preparesend;
    soap->fpreparerecv = s_preparerecv;
}

void mktows_trace_begin_(mktows_client *client)
{
    client->resp_body = 0;
    client->resp_body_bytes = 0;
    mktows_buf_reset(&client->trace_req);
    mktows_buf_reset(&client->trace_resp);
}

static void s_emit(mktows_client *client, mktows_trace_dir dir, const mktows_buf *buf)
{
    if (!buf->len)
        return;
    if (client->trace)
        client->trace(client->trace_userdata, dir, buf->data, buf->len);
    if (client->trace_file) {
        fwrite(buf->data, 1, buf->len, client->trace_file);
        if (buf->data[buf->len - 1] != '\n')
            fputc('\n', client->trace_file);
        fflush(client->trace_file);
    }
}

void mktows_trace_emit_(mktows_client *client)
{
    if (!client->tracing || client->trace_paused)
        return;
    s_emit(client, MKTOWS_TRACE_REQUEST, &client->trace_req);
    s_emit(client, MKTOWS_TRACE_RESPONSE, &client->trace_resp);
    client->resp_body = 0;
    mktows_buf_reset(&client->trace_req);
    mktows_buf_reset(&client->trace_resp);
}
