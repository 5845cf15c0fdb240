/* Runtime of the direct XML writers: see private/writer.h and scripts/gen-writer.py. */
#include "private/writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kept between messages up to this size; a larger buffer is freed after its message. */
#define S_KEEP_BYTES (1u << 20)

int mktows_w_grow_(mktows_w *w, size_t n)
{
    if (w->oom)
        return 0;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap - w->len < n) {
        if (cap > (size_t)-1 / 2) {
            w->oom = 1;
            return 0;
        }
        cap *= 2;
    }
    char *p = realloc(w->data, cap);
    if (!p) {
        w->oom = 1;
        return 0;
    }
    w->data = p;
    w->cap = cap;
    return 1;
}

/* 0: as it is; 1: a reference; 2: the end of the string. */
static const unsigned char s_class[256] = {
    [0] = 2,
    [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1,
    [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
    [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1,
    [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
    ['&'] = 1, ['<'] = 1, ['>'] = 1, [0x7F] = 1,
};

void mktows_w_text(mktows_w *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;;) {
        while (!s_class[*p])
            p++;
        if (p > run)
            mktows_w_raw(w, (const char *)run, (size_t)(p - run));
        if (s_class[*p] == 2)
            return;
        switch (*p) {
        case '&': MKTOWS_W_LIT(w, "&amp;"); break;
        case '<': MKTOWS_W_LIT(w, "&lt;"); break;
        case '>': MKTOWS_W_LIT(w, "&gt;"); break;
        default: {
            char ref[8];
            int n = snprintf(ref, sizeof ref, "&#x%X;", (unsigned)*p);
            mktows_w_raw(w, ref, (size_t)n);
        }
        }
        run = ++p;
    }
}

int mktows_w_usable(const struct soap *soap, const mktows_w *w)
{
    const soap_mode not_followed = SOAP_XML_INDENT | SOAP_XML_CANONICAL | SOAP_XML_DOM | SOAP_XML_NIL |
                                   SOAP_XML_NOTYPE | SOAP_XML_DEFAULTNS | SOAP_C_NILSTRING | SOAP_C_MBSTRING;
    return w && !(soap->omode & not_followed) && (soap->omode & SOAP_C_UTFSTRING) && !soap->wsuid &&
           !soap->feltbegout && !soap->feltendout;
}

void mktows_w_reset(mktows_w *w, struct soap *soap)
{
    w->soap = soap;
    w->len = 0;
    w->oom = 0;
}

void mktows_w_free(mktows_w *w)
{
    free(w->data);
    w->data = NULL;
    w->len = w->cap = 0;
    w->oom = 0;
    free(w->envelope);
    w->envelope = NULL;
    w->envelope_len = 0;
}

/* 1 when @p v needs no escaping in an attribute value: soap_string_out() would write it as it is. */
static int s_attr_plain(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p >= 0x7F || *p == '&' || *p == '<' || *p == '>' || *p == '"')
            return 0;
    return 1;
}

/* The bytes soap_envelope_begin_out() sends for a fresh message before its '>': the prolog, the
 * start tag, and an xmlns attribute for every entry of the namespace table (soap_element() with
 * soap->ns == 0). Built into w->envelope; 0 when a URI would need escaping (then gSOAP writes it). */
static int s_envelope_build(struct soap *soap, mktows_w *w)
{
    free(w->envelope);
    w->envelope = NULL;
    size_t n = (soap->prolog ? strlen(soap->prolog) : 0) + sizeof "<SOAP-ENV:Envelope";
    for (const struct Namespace *ns = soap->local_namespaces; ns && ns->id; ns++) {
        const char *t = ns->out ? ns->out : ns->ns;
        if (*ns->id && t && *t) {
            if (!s_attr_plain(ns->id) || !s_attr_plain(t))
                return 0;
            n += strlen(ns->id) + strlen(t) + sizeof " xmlns:=\"\"";
        }
    }
    char *e = malloc(n);
    if (!e)
        return 0;
    size_t k = (size_t)snprintf(e, n, "%s<SOAP-ENV:Envelope", soap->prolog ? soap->prolog : "");
    for (const struct Namespace *ns = soap->local_namespaces; ns && ns->id; ns++) {
        const char *t = ns->out ? ns->out : ns->ns;
        if (*ns->id && t && *t)
            k += (size_t)snprintf(e + k, n - k, " xmlns:%s=\"%s\"", ns->id, t);
    }
    w->envelope = e;
    w->envelope_len = k;
    return 1;
}

/* Compares @p s with the text at *p and moves past it; 0 when it differs. */
static int s_skip(const char **p, const char *s)
{
    size_t n = strlen(s);
    if (strncmp(*p, s, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* 1 when w->envelope is what the prolog and namespace table give now, compared byte for byte (the
 * table is allocated afresh by gSOAP at times, and reading a message may set an entry's out URI). */
static int s_envelope_current(const struct soap *soap, const mktows_w *w)
{
    const char *p = w->envelope;
    if (!p || !s_skip(&p, soap->prolog ? soap->prolog : "") || !s_skip(&p, "<SOAP-ENV:Envelope"))
        return 0;
    for (const struct Namespace *ns = soap->local_namespaces; ns && ns->id; ns++) {
        const char *t = ns->out ? ns->out : ns->ns;
        if (*ns->id && t && *t
            && !(s_skip(&p, " xmlns:") && s_skip(&p, ns->id) && s_skip(&p, "=\"") && s_skip(&p, t) && s_skip(&p, "\"")))
            return 0;
    }
    return *p == '\0';
}

/* soap_envelope_begin_out(), for a fresh message in the plain modes mktows_w_usable() admits: the
 * same bytes and the same state (level, part, ns), from the prefix built once; anything else goes
 * to gSOAP. The namespace attributes were about a sixth of a call's instructions (soap_attribute()
 * escapes each URI, soap_element() formats each name). */
static int s_envelope_begin(struct soap *soap, mktows_w *w)
{
    if (soap->version != 1 || soap->ns || soap->level + 1 > soap->maxlevel || (soap->mode & SOAP_XML_CANONICAL))
        return soap_envelope_begin_out(soap);
    if (!s_envelope_current(soap, w) && !s_envelope_build(soap, w))
        return soap_envelope_begin_out(soap);
    soap->part = SOAP_IN_ENVELOPE;
    soap->level++;
    if (soap_send_raw(soap, w->envelope, w->envelope_len))
        return soap->error;
    soap->ns = 1;
    return soap_element_start_end_out(soap, NULL);
}

/* A text element of a header entry, as soap_out_string() writes it with the writers' modes. */
static void s_text_element(mktows_w *w, const char *open, size_t open_len, const char *text, const char *close,
                           size_t close_len)
{
    mktows_w_raw(w, open, open_len);
    mktows_w_text(w, text);
    mktows_w_raw(w, close, close_len);
}

#define S_TEXT_ELEMENT(w, name, text) \
    s_text_element((w), "<" name ">", sizeof "<" name ">" - 1, (text), "</" name ">", sizeof "</" name ">" - 1)

/* The content of <SOAP-ENV:Header> as soap_out_SOAP_ENV__Header() writes it, for the header
 * mktows_headers_set_() builds (the AuthenticationHeader's three strings, no audit, no mode; the
 * MktowsContextHeader's workspace), written after the message content (w->body_len, w->head_len).
 * Any other shape is left to gSOAP (head_len 0). It is written once and sent by both of gSOAP's
 * passes (the count, then the message); gSOAP's serializers cost about 4,500 instructions a call. */
static void s_header_build(struct soap *soap, mktows_w *w)
{
    w->body_len = w->len;
    w->head_len = 0;
    const struct SOAP_ENV__Header *h = soap->header;
    if (!soap->version || !h || (soap->omode & SOAP_XML_GRAPH))
        return; /* (a graph may give an entry an id) */
    const struct mkt__AuthenticationHeaderInfo *auth = h->mkt__AuthenticationHeader;
    const struct mkt__MktowsContextHeaderInfo *ctx = h->mkt__MktowsContextHeader;
    if ((auth && (!auth->mktowsUserId || !auth->requestSignature || !auth->requestTimestamp || auth->audit ||
                  auth->mode)) ||
        (ctx && !ctx->targetWorkspace))
        return;
    if (auth) {
        MKTOWS_W_LIT(w, "<mkt:AuthenticationHeader>");
        S_TEXT_ELEMENT(w, "mktowsUserId", auth->mktowsUserId);
        S_TEXT_ELEMENT(w, "requestSignature", auth->requestSignature);
        S_TEXT_ELEMENT(w, "requestTimestamp", auth->requestTimestamp);
        MKTOWS_W_LIT(w, "</mkt:AuthenticationHeader>");
    }
    if (ctx) {
        MKTOWS_W_LIT(w, "<mkt:MktowsContextHeader>");
        S_TEXT_ELEMENT(w, "targetWorkspace", ctx->targetWorkspace);
        MKTOWS_W_LIT(w, "</mkt:MktowsContextHeader>");
    }
    w->head_len = w->oom ? 0 : w->len - w->body_len;
    w->oom = 0; /* the content was whole (mktows_w_send checked): only the header falls back */
    w->len = w->body_len;
}

/* soap_putheader(), from the bytes s_header_build() wrote when it wrote them. */
static int s_header(struct soap *soap, const mktows_w *w)
{
    if (!w->head_len || !soap->version || !soap->header)
        return soap_putheader(soap);
    soap->part = SOAP_IN_HEADER;
    if (soap_element_begin_out(soap, "SOAP-ENV:Header", 0, "") ||
        soap_send_raw(soap, w->data + w->body_len, w->head_len) || soap_element_end_out(soap, "SOAP-ENV:Header"))
        return soap->error;
    soap->part = SOAP_END_HEADER;
    return SOAP_OK;
}

static int s_element(struct soap *soap, const char *tag, const mktows_w *w)
{
    if (soap_element_begin_out(soap, tag, 0, "") || soap_send_raw(soap, w->data, w->body_len) ||
        soap_element_end_out(soap, tag))
        return soap->error;
    return SOAP_OK;
}

static int s_message(struct soap *soap, const char *tag, mktows_w *w)
{
    if (s_envelope_begin(soap, w) || s_header(soap, w) || soap_body_begin_out(soap) ||
        s_element(soap, tag, w) || soap_body_end_out(soap) || soap_envelope_end_out(soap))
        return soap->error;
    return SOAP_OK;
}

int mktows_w_send(struct soap *soap, const char *endpoint, const char *action, const char *tag, mktows_w *w)
{
    int rc;
    if (w->oom) {
        rc = soap->error = SOAP_EOM;
    } else {
        /* As soap_send___mkt__<op>(): the serialization of the arguments marks nothing in literal
         * mode, so only the header's is kept. */
        soap_begin(soap);
        soap_set_version(soap, 1);
        soap->encodingStyle = NULL;
        soap_serializeheader(soap);
        s_header_build(soap, w);
        if (soap_begin_count(soap))
            rc = soap->error;
        else if ((soap->mode & SOAP_IO_LENGTH) && s_message(soap, tag, w))
            rc = soap->error;
        else if (soap_end_count(soap))
            rc = soap->error;
        else if (soap_connect(soap, endpoint, action) || s_message(soap, tag, w) || soap_end_send(soap))
            rc = soap_closesock(soap);
        else
            rc = SOAP_OK;
    }
    if (w->cap > S_KEEP_BYTES)
        mktows_w_free(w);
    return rc;
}
