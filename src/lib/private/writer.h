/* The runtime of the direct XML writers (gen/mktows_writer.c, written by scripts/gen-writer.py):
 * a growable buffer the element content is written into, escaped as gSOAP escapes it, and the
 * send that puts it between gSOAP's own envelope, header and element tags. */
#ifndef MKTOWS_PRIVATE_WRITER_H
#define MKTOWS_PRIVATE_WRITER_H

#include "soapH.h"

#include <string.h>

typedef struct mktows_w {
    struct soap *soap; /* for gSOAP's value conversions (soap_long2s, soap_dateTime2s, ...) */
    char *data;
    size_t len, cap;
    int oom;
    /* what soap_envelope_begin_out() writes for a fresh message (writer.c), built once and used
     * while the prolog and namespace table still give the same bytes */
    char *envelope;
    size_t envelope_len;
    /* the SOAP header of the message being sent (writer.c), written once after the content at
     * data + body_len; head_len 0: gSOAP writes it (soap_putheader()) */
    size_t body_len, head_len;
} mktows_w;

/* Grow so that n more bytes fit; sets oom and returns 0 when it cannot. */
int mktows_w_grow_(mktows_w *w, size_t n);

static inline void mktows_w_raw(mktows_w *w, const char *s, size_t n)
{
    if (w->cap - w->len < n && !mktows_w_grow_(w, n))
        return;
    memcpy(w->data + w->len, s, n);
    w->len += n;
}

#define MKTOWS_W_LIT(w, lit) mktows_w_raw((w), (lit), sizeof(lit) - 1)

/* As soap_send(): NULL writes nothing. */
static inline void mktows_w_raw_str(mktows_w *w, const char *s)
{
    if (s)
        mktows_w_raw(w, s, strlen(s));
}

/* Element text as soap_string_out(soap, s, 0) writes it with SOAP_C_UTFSTRING: & < > and DEL as
 * references, control characters but tab and line feed as &#xN;, everything else as it is. */
void mktows_w_text(mktows_w *w, const char *s);

/* Whether the writers may stand in for gSOAP's serializers on this context: w given, and none of
 * the output modes they do not follow (indentation, canonical XML, DOM, xsi:nil for absent members,
 * no xsi:type, default namespaces, multibyte or nil strings; UTF-8 strings required). */
int mktows_w_usable(const struct soap *soap, const mktows_w *w);

/* Empty the buffer for a new message (its memory is kept, unless it grew large). */
void mktows_w_reset(mktows_w *w, struct soap *soap);

/* Release the buffer's memory. */
void mktows_w_free(mktows_w *w);

/* Send the message as the stub would: envelope, SOAP header, <tag> (gSOAP), the content in w,
 * </tag>, end of envelope. Returns SOAP_OK or the gSOAP error (the socket closed on error). */
int mktows_w_send(struct soap *soap, const char *endpoint, const char *action, const char *tag, mktows_w *w);

#endif
