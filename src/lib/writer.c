/* Runtime of the direct XML writers: see private/writer.h and scripts/gen-writer.py. */
#include "private/writer.h"

#include <stdio.h>
#include <stdlib.h>

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
}

static int s_element(struct soap *soap, const char *tag, const mktows_w *w)
{
    if (soap_element_begin_out(soap, tag, 0, "") || soap_send_raw(soap, w->data, w->len) ||
        soap_element_end_out(soap, tag))
        return soap->error;
    return SOAP_OK;
}

static int s_message(struct soap *soap, const char *tag, const mktows_w *w)
{
    if (soap_envelope_begin_out(soap) || soap_putheader(soap) || soap_body_begin_out(soap) ||
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
