/* The one place that turns gSOAP's soap->error into an mktows_code and records the error detail
 * (HTTP status, SOAP faultcode / faultstring, Marketo code from the serviceException detail). */
#include "private/client.h"
#include "private/schema.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *s_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Decode the five predefined entities and numeric character references (UTF-8) in place. */
static void s_decode_entities(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (*r != '&') {
            *w++ = *r++;
            continue;
        }
        static const struct { const char *name; char c; } s_ents[] = {
            { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
        };
        size_t i;
        for (i = 0; i < sizeof s_ents / sizeof s_ents[0]; i++) {
            size_t n = strlen(s_ents[i].name);
            if (strncmp(r, s_ents[i].name, n) == 0) {
                *w++ = s_ents[i].c;
                r += n;
                break;
            }
        }
        if (i < sizeof s_ents / sizeof s_ents[0])
            continue;
        if (r[1] == '#') {
            char *end = NULL;
            unsigned long cp = (r[2] == 'x' || r[2] == 'X') ? strtoul(r + 3, &end, 16) : strtoul(r + 2, &end, 10);
            if (end && *end == ';' && cp > 0 && cp <= 0x10FFFF) {
                if (cp < 0x80) {
                    *w++ = (char)cp;
                } else if (cp < 0x800) {
                    *w++ = (char)(0xC0 | (cp >> 6));
                    *w++ = (char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    *w++ = (char)(0xE0 | (cp >> 12));
                    *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *w++ = (char)(0x80 | (cp & 0x3F));
                } else {
                    *w++ = (char)(0xF0 | (cp >> 18));
                    *w++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                    *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *w++ = (char)(0x80 | (cp & 0x3F));
                }
                r = end + 1;
                continue;
            }
        }
        *w++ = *r++; /* not an entity we know: keep it as is */
    }
    *w = '\0';
}

char *mktows_xml_child_text_(const char *xml, const char *name)
{
    size_t name_len = strlen(name);
    for (const char *p = xml ? strchr(xml, '<') : NULL; p; p = strchr(p + 1, '<')) {
        const char *tag = p + 1;
        if (*tag == '/' || *tag == '?' || *tag == '!')
            continue;
        const char *end = tag + strcspn(tag, " \t\r\n/>");
        const char *colon = memchr(tag, ':', (size_t)(end - tag));
        const char *local = colon ? colon + 1 : tag;
        if ((size_t)(end - local) != name_len || strncmp(local, name, name_len) != 0)
            continue;
        const char *gt = strchr(end, '>');
        if (!gt)
            return NULL;
        if (gt[-1] == '/')
            return strdup(""); /* <code/> */
        const char *text = gt + 1;
        const char *lt = strchr(text, '<');
        if (!lt)
            return NULL;
        char *out = strndup(text, (size_t)(lt - text));
        if (out)
            s_decode_entities(out);
        return out;
    }
    return NULL;
}

/* A parsed int with nothing but surrounding white space, or -1. */
static int s_parse_code(const char *s)
{
    if (!s)
        return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || errno)
        return -1;
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
        end++;
    return (*end == '\0' && v > 0 && v < 1000000) ? (int)v : -1;
}

static mktows_code s_map_fault(mktows_client *client, struct soap *soap)
{
    struct SOAP_ENV__Fault *f = soap->fault;
    const char *code = NULL, *string = NULL, *detail = NULL;
    if (f) {
        code = f->faultcode;
        string = f->faultstring;
        if (!code && f->SOAP_ENV__Code)
            code = f->SOAP_ENV__Code->SOAP_ENV__Value;
        if (!string && f->SOAP_ENV__Reason)
            string = f->SOAP_ENV__Reason->SOAP_ENV__Text;
        if (f->detail)
            detail = f->detail->__any;
        else if (f->SOAP_ENV__Detail)
            detail = f->SOAP_ENV__Detail->__any;
    }
    client->fault_code = s_strdup(code);
    client->fault_string = s_strdup(string);

    /* Marketo: <detail><ns1:serviceException><name/><message/><code>20014</code></...></detail>.
     * Matched by local name: the prefix is whatever the server chose. */
    mktows_code rc = MKTOWS_ERR_FAULT;
    char *message = NULL;
    int marketo = -1;
    if (detail && strstr(detail, "serviceException")) {
        char *code_text = mktows_xml_child_text_(detail, "code");
        marketo = s_parse_code(code_text);
        free(code_text);
        message = mktows_xml_child_text_(detail, "message");
    }
    if (marketo > 0) {
        client->marketo_code = marketo;
        if (message && *message)
            client->marketo_message = s_strdup(message);
        rc = mktows_code_from_marketo(marketo);
        mktows_client_fail_(client, rc, "Marketo error %d: %s", marketo,
                            message && *message ? message : (string ? string : "(no message)"));
    } else {
        mktows_client_fail_(client, rc, "SOAP fault %s: %s", code ? code : "(no faultcode)",
                            string ? string : "(no faultstring)");
    }
    free(message);
    return rc;
}

static int s_is_timeout(const mktows_client *client, struct soap *soap)
{
    if (client->timed_out)
        return 1;
    const char *s = soap_fault_string(soap);
    const char *d = soap_fault_detail(soap);
    if (soap->errnum == ETIMEDOUT || soap->errnum == EAGAIN || soap->errnum == EWOULDBLOCK)
        return 1;
    return (s && (strstr(s, "Timeout") || strstr(s, "timed out"))) ||
           (d && (strstr(d, "Timeout") || strstr(d, "timed out")));
}

static const char *s_timeout_what(const mktows_client *client)
{
    switch (client->timed_out) {
    case MKTOWS_TIMED_OUT_CONNECT: return "no connection within the connect timeout";
    case MKTOWS_TIMED_OUT_SEND: return "could not send within the send timeout";
    case MKTOWS_TIMED_OUT_RECV: return "no response within the receive timeout";
    case MKTOWS_TIMED_OUT_CALL: return "the call did not finish within its deadline (call_timeout_ms)";
    default: return "operation timed out";
    }
}

static const char *s_what(struct soap *soap)
{
    const char *d = soap_fault_detail(soap);
    const char *s = soap_fault_string(soap);
    if (d && *d)
        return d;
    return s && *s ? s : "(no detail)";
}

/* The elements the schema requires in an element named @p tag of @p operation's response, as
 * " (one of: a, b)", or "" when that cannot be found out (the message then names the parent only). */
static const mktows_schema_type *s_find_child(const mktows_schema_type *t, const char *tag, int depth)
{
    if (!t || depth > 16)
        return NULL;
    for (size_t i = 0; i < t->particle_count; i++) {
        const mktows_schema_particle *p = &t->particles[i];
        if (strcmp(p->name, tag) == 0 && p->type->kind == MKTOWS_SCHEMA_COMPLEX)
            return p->type;
        const mktows_schema_type *found = s_find_child(p->type, tag, depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

static void s_required_children(const char *operation, const char *tag, char *out, size_t len)
{
    out[0] = '\0';
    mktows_schema *schema = NULL;
    if (!operation || !tag || mktows_schema_load_builtin_(&schema, NULL, 0) != MKTOWS_OK)
        return;
    const mktows_schema_op *op = mktows_schema_op_find_(schema, operation);
    const mktows_schema_type *t = op ? s_find_child(op->type, tag, 0) : NULL;
    size_t n = 0;
    for (size_t i = 0; t && i < t->particle_count && n + 1 < len; i++) {
        if (t->particles[i].min_occurs < 1)
            continue;
        int w = snprintf(out + n, len - n, "%s%s", n ? ", " : " (it requires ", t->particles[i].name);
        if (w < 0 || (size_t)w >= len - n)
            break;
        n += (size_t)w;
    }
    if (n && n + 2 < len)
        snprintf(out + n, len - n, ")");
    else
        out[0] = '\0';
    mktows_schema_free_(schema);
}

mktows_code mktows_fault_map_(mktows_client *client, int soap_status)
{
    struct soap *soap = client->soap;
    int err = soap_status == SOAP_OK ? soap->error : soap_status;
    int status = soap->status;
    client->http_status = (status >= 100 && status < 600) ? status : 0;
    if (soap_status == SOAP_OK && err == SOAP_OK) {
        client->errmsg[0] = '\0';
        return MKTOWS_OK;
    }
    mktows_code rc;
    if (soap_soap_error_check(err) && soap->fault) {
        rc = s_map_fault(client, soap);
    } else if (client->announced_too_long) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_LIMIT,
                                 "the response announces %llu bytes (Content-Length), more than max_response_bytes"
                                 " (%llu bytes); none of it is read",
                                 client->announced_too_long, (unsigned long long)soap->recv_maxlength);
    } else if (soap->recv_maxlength && soap->count > soap->recv_maxlength) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_LIMIT,
                                 "the response is larger than max_response_bytes (%llu bytes); nothing of it is kept",
                                 (unsigned long long)soap->recv_maxlength);
    } else if (err == SOAP_ZLIB_ERROR && soap->d_stream && soap->d_stream->msg &&
               strstr(soap->d_stream->msg, "SOAP_MINDEFLATERATIO")) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_LIMIT,
                                 "the gzip-compressed response inflates more than %d times past its first MB",
                                 MKTOWS_GZIP_MAX_RATIO);
    } else if (err == SOAP_LENGTH && soap_fault_string(soap) &&
               strcmp(soap_fault_string(soap), "mktows: too many attributes") == 0) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_LIMIT, "%s", s_what(soap));
    } else if (err == SOAP_LEVEL) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_LIMIT, "the response nests elements more than %d deep",
                                 MKTOWS_MAX_DEPTH);
    } else if (client->bad_status_line) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_PROTOCOL,
                                 "the response does not begin with an HTTP status line: \"%.60s\"", soap->msgbuf);
    } else if (soap_fault_string(soap) && strcmp(soap_fault_string(soap), "mktows: malformed chunk") == 0) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_PROTOCOL, "the response's chunked body is malformed: %s",
                                 s_what(soap));
    } else if (client->timed_out) {
        /* The transport saw a stall or the deadline pass: whatever gSOAP made of the cut-off
         * input (an EOF, an unreadable body, "HTTP 200 is not SOAP"), it is a timeout. */
        rc = mktows_client_fail_(client, MKTOWS_ERR_TIMEOUT, "timed out: %s", s_timeout_what(client));
    } else if (err == SOAP_SSL_ERROR) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_TLS, "TLS error: %s", s_what(soap));
    } else if (err == SOAP_TCP_ERROR) {
        if (s_is_timeout(client, soap))
            rc = mktows_client_fail_(client, MKTOWS_ERR_TIMEOUT, "timed out: %s", s_timeout_what(client));
        else if (client->http_status == 0)
            rc = mktows_client_fail_(client, MKTOWS_ERR_CONNECT, "cannot connect to %s: %s", client->endpoint,
                                     soap->errnum ? strerror(soap->errnum) : s_what(soap));
        else
            rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT, "connection failed: %s", s_what(soap));
    } else if (err == SOAP_EOF || err == SOAP_UDP_ERROR) {
        if (s_is_timeout(client, soap))
            rc = mktows_client_fail_(client, MKTOWS_ERR_TIMEOUT, "timed out: %s", s_timeout_what(client));
        else if (client->http_status && soap->length > 0 && client->raw_body_bytes >= soap->length)
            /* The whole Content-Length arrived but the XML did not end: a malformed document. */
            rc = mktows_client_fail_(client, MKTOWS_ERR_PARSE, "the response body ended inside the XML document");
        else if (soap->errnum)
            rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT, "connection failed: %s", strerror(soap->errnum));
        else
            rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT, "connection closed before the response was complete");
    } else if (client->peer_closed && !(soap->length > 0 && client->raw_body_bytes >= soap->length)) {
        /* whatever gSOAP made of the cut-off document (an XML error, "not SOAP"), it was cut off */
        if (soap->length > 0)
            rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT,
                                     "the connection closed after %llu of the response's %llu bytes",
                                     client->raw_body_bytes, (unsigned long long)soap->length);
        else
            rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT, "the connection closed before the response was complete");
    } else if (err == SOAP_OCCURS) {
        char required[256];
        s_required_children(client->operation, soap->tag, required, sizeof required);
        rc = mktows_client_fail_(client, MKTOWS_ERR_PARSE, "the response's <%s> lacks an element the schema requires%s",
                                 soap->tag, required);
    } else if (err == SOAP_TYPE || err == SOAP_NULL) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_PARSE,
                                 "the response's <%s> holds a value its type does not allow", soap->tag);
    } else if (err >= 200 && err < 300) {
        /* gSOAP reports a 2xx body it could not read as SOAP as "error <status>". */
        rc = mktows_client_fail_(client, MKTOWS_ERR_PARSE, "HTTP %d response is not the expected SOAP message",
                                 err);
    } else if (soap_http_error_check(err)) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_HTTP, "the server answered HTTP %d without a SOAP fault",
                                 client->http_status ? client->http_status : err);
    } else if (soap_xml_error_check(err) || soap_soap_error_check(err) || err == SOAP_ZLIB_ERROR ||
               soap_mime_error_check(err) || soap_dime_error_check(err)) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_PARSE, "malformed response (gSOAP error %d): %s", err,
                                 s_what(soap));
    } else if (err == SOAP_EOM) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory");
    } else {
        rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT, "gSOAP error %d: %s", err, s_what(soap));
    }
    /* Whatever state the connection is in after a failure is unknown: never reuse it. A fault is a
     * complete response, so the kept-alive connection stays usable. */
    if (!(soap_soap_error_check(err) && soap->fault))
        soap_force_closesock(soap);
    return rc;
}
