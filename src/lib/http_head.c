/* The HTTP request header of a call, from a copy kept on the client.
 *
 * gSOAP's http_post() formats the header of every request line by line: snprintf for the request
 * line, Host and SOAPAction, soap_puthttphdr() for Content-Type, Content-Length and Connection,
 * and each line sent in pieces after a search for line feeds (about 7,000 instructions a call).
 * For the plain POST every call of this library makes, the header depends only on the endpoint,
 * the SOAPAction, the TLS flag, the HTTP version, the compression and keep-alive settings, and the
 * body's length. So the first time, gSOAP's own http_post() writes it into a copy (its fposthdr
 * callback swapped for one that captures, the Content-Length value cut out); while those inputs
 * stay the same, the copy is sent with the new length. Anything else (another method, a proxy,
 * credentials, extra headers, MIME/DIME/MTOM, SOAP 1.2, a header callback of the caller's) goes
 * to gSOAP's http_post() as before. */
#include "private/client.h"

#include <stdlib.h>
#include <string.h>

/* Appends n bytes to a malloc'd buffer; -1 when out of memory. */
static int s_append(char **data, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*cap - *len < n + 1) {
        size_t c = *cap ? *cap : 256;
        while (c - *len < n + 1)
            c *= 2;
        char *p = realloc(*data, c);
        if (!p)
            return -1;
        *data = p;
        *cap = c;
    }
    memcpy(*data + *len, s, n);
    *len += n;
    (*data)[*len] = '\0';
    return 0;
}

/* The capture under way (the client's, while its http_post() runs). */
typedef struct s_capture {
    char *text;
    size_t len, cap, length_at;
    int lengths; /* Content-Length lines seen */
    int oom;
} s_capture;

static void s_capture_raw(s_capture *cap, const char *s, size_t n)
{
    if (!cap->oom && s_append(&cap->text, &cap->len, &cap->cap, s, n))
        cap->oom = 1;
}

/* As http_send_header(): the text without its line feeds (gSOAP allows none in a header). */
static void s_capture_text(s_capture *cap, const char *s)
{
    for (const char *t; !cap->oom; s = t + 1) {
        t = strchr(s, '\n');
        if (!t)
            t = s + strlen(s);
        s_capture_raw(cap, s, (size_t)(t - s));
        if (!*t)
            break;
    }
}

/* fposthdr while capturing: http_post_header()'s bytes, into the capture. */
static int s_capture_hdr(struct soap *soap, const char *key, const char *val)
{
    s_capture *cap = ((mktows_client *)soap->user)->http_capture;
    if (key) {
        s_capture_text(cap, key);
        if (val) {
            s_capture_raw(cap, ": ", 2);
            if (strcmp(key, "Content-Length") == 0) {
                cap->length_at = cap->len; /* the value is not kept: it is the one part that changes */
                cap->lengths++;
            } else {
                s_capture_text(cap, val);
            }
        }
    }
    s_capture_raw(cap, "\r\n", 2);
    return SOAP_OK;
}

/* 1 when the header is the plain POST's, made from the inputs mktows_http_head records. */
static int s_plain(const mktows_client *client, const struct soap *soap, const char *endpoint, const char *host,
                   const char *path)
{
#if defined(WITH_COOKIES) || defined(WITH_NTLM)
    (void)client;
    (void)soap;
    (void)endpoint;
    (void)host;
    (void)path;
    return 0; /* cookies and NTLM add headers of their own */
#else
    return endpoint && host && path && soap->status == SOAP_POST && soap->fposthdr == client->orig_fposthdr &&
           !soap->proxy_host && !soap->origin && !soap->bearer && !(soap->userid && soap->passwd) &&
           !(soap->proxy_userid && soap->proxy_passwd) && !soap->http_extra_header && soap->version == 1 &&
           !(soap->mode & (SOAP_ENC_DIME | SOAP_ENC_MTOM | SOAP_ENC_MIME)) && !(soap->imode & SOAP_ENC_MTOM);
#endif
}

/* Compares the NUL-terminated field at *p with s (NULL: "") and moves past it. */
static int s_key_field(const char **p, const char *end, const char *s)
{
    size_t n = s ? strlen(s) + 1 : 1;
    if ((size_t)(end - *p) < n || memcmp(*p, s ? s : "", n) != 0)
        return 0;
    *p += n;
    return 1;
}

static int s_key_matches(const mktows_http_head *h, const struct soap *soap, const char *endpoint, const char *host,
                         int port, const char *path, const char *action)
{
    if (!h->valid || h->port != port || h->ssl != (soap->ssl != NULL) || h->keep_alive != soap->keep_alive ||
        h->recv_timeout != soap->recv_timeout || h->zlib != ((soap->omode & SOAP_ENC_ZLIB) != 0) ||
        h->zlib_out != soap->zlib_out || h->chunked != ((soap->omode & SOAP_IO) == SOAP_IO_CHUNK) ||
        h->has_action != (action != NULL))
        return 0;
    const char *p = h->key, *end = h->key + h->key_len;
    return s_key_field(&p, end, endpoint) && s_key_field(&p, end, host) && s_key_field(&p, end, path) &&
           s_key_field(&p, end, action) && s_key_field(&p, end, soap->http_version) && p == end;
}

/* Keep the capture as the client's copy, with the inputs it was made from; nothing on failure. */
static void s_keep(mktows_http_head *h, s_capture *cap, const struct soap *soap, const char *endpoint,
                   const char *host, int port, const char *path, const char *action)
{
    mktows_http_head_clean_up_(h);
    if (cap->oom || cap->lengths != 1)
        return;
    char *key = NULL;
    size_t len = 0, size = 0;
    const char *fields[] = { endpoint, host, path, action ? action : "", soap->http_version };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (s_append(&key, &len, &size, fields[i], strlen(fields[i]) + 1)) {
            free(key);
            return;
        }
    h->text = cap->text;
    h->len = cap->len;
    h->length_at = cap->length_at;
    cap->text = NULL;
    h->key = key;
    h->key_len = len;
    h->has_action = action != NULL;
    h->port = port;
    h->ssl = soap->ssl != NULL;
    h->keep_alive = soap->keep_alive;
    h->recv_timeout = soap->recv_timeout;
    h->zlib = (soap->omode & SOAP_ENC_ZLIB) != 0;
    h->zlib_out = soap->zlib_out;
    h->chunked = (soap->omode & SOAP_IO) == SOAP_IO_CHUNK;
    h->valid = 1;
}

/* The decimal digits of n (as SOAP_ULONG_FORMAT writes them) at the end of buf; returns the first. */
static char *s_digits(char *end, ULONG64 n)
{
    *--end = '\0';
    do
        *--end = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    return end;
}

static int s_send(struct soap *soap, const mktows_http_head *h, ULONG64 count)
{
    char buf[24];
    const char *digits = s_digits(buf + sizeof buf, count);
    if (soap_send_raw(soap, h->text, h->length_at) || soap_send_raw(soap, digits, strlen(digits)) ||
        soap_send_raw(soap, h->text + h->length_at, h->len - h->length_at))
        return soap->error;
    return SOAP_OK;
}

static int s_fpost(struct soap *soap, const char *endpoint, const char *host, int port, const char *path,
                   const char *action, ULONG64 count)
{
    mktows_client *client = soap->user;
    if (!s_plain(client, soap, endpoint, host, path))
        return client->orig_fpost(soap, endpoint, host, port, path, action, count);
    mktows_http_head *h = &client->http_head;
    if (!s_key_matches(h, soap, endpoint, host, port, path, action)) {
        s_capture cap = { NULL, 0, 0, 0, 0, 0 };
        client->http_capture = &cap;
        soap->fposthdr = s_capture_hdr;
        int rc = client->orig_fpost(soap, endpoint, host, port, path, action, count);
        soap->fposthdr = client->orig_fposthdr;
        client->http_capture = NULL;
        if (rc == SOAP_OK)
            s_keep(h, &cap, soap, endpoint, host, port, path, action);
        else
            mktows_http_head_clean_up_(h);
        free(cap.text);
        if (rc != SOAP_OK)
            return rc;
        if (!h->valid) /* not kept (out of memory, no Content-Length): gSOAP writes it */
            return client->orig_fpost(soap, endpoint, host, port, path, action, count);
    }
    soap->http_content = NULL; /* as soap_http_content_type(): used once */
    return s_send(soap, h, count);
}

void mktows_http_head_install_(mktows_client *client)
{
    struct soap *soap = client->soap;
    client->orig_fpost = soap->fpost;
    client->orig_fposthdr = soap->fposthdr;
    soap->fpost = s_fpost;
}

void mktows_http_head_clean_up_(mktows_http_head *head)
{
    free(head->text);
    free(head->key);
    memset(head, 0, sizeof *head);
}
