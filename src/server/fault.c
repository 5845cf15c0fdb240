/* SOAP 1.1 Faults as Marketo sent them:
 *
 *   <faultcode>SOAP-ENV:Client</faultcode><faultstring>20014 - Authentication failed</faultstring>
 *   <detail><ns1:serviceException xmlns:ns1="http://www.marketo.com/mktows/">
 *     <name>mktServiceException</name><message>...</message><code>20014</code>
 *   </ns1:serviceException></detail>
 *
 * The detail is literal XML placed in SOAP_ENV__Detail.__any by soap_sender_fault/soap_receiver_fault. */
#include "server.h"

#include <mktows/error.h>

#include "soapH.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Escape &, <, > and quotes for element content. */
static void s_escape(char *out, size_t out_len, const char *in)
{
    size_t n = 0;
    for (; *in && n + 7 < out_len; in++) {
        const char *rep = NULL;
        switch (*in) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: break;
        }
        if (rep) {
            size_t k = strlen(rep);
            memcpy(out + n, rep, k);
            n += k;
        } else {
            out[n++] = *in;
        }
    }
    out[n] = '\0';
}

int mktows_srv_fault(struct soap *soap, int code, const char *fmt, ...)
{
    char detail_text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail_text, sizeof detail_text, fmt, ap);
    va_end(ap);

    const char *title = mktows_marketo_message((mktows_code)code);
    if (!title)
        title = "Internal Error";
    char message[768], escaped[1600], faultstring[256], detail[2048];
    snprintf(message, sizeof message, "%s: %s", title, detail_text);
    s_escape(escaped, sizeof escaped, message);
    snprintf(faultstring, sizeof faultstring, "%d - %s", code, title);
    snprintf(detail, sizeof detail,
             "<ns1:serviceException xmlns:ns1=\"http://www.marketo.com/mktows/\">"
             "<name>mktServiceException</name><message>%s</message><code>%d</code>"
             "</ns1:serviceException>", escaped, code);

    soap->header = NULL; /* no response headers */
    int server_side = code == 10001 || code == 20011 || code == 20106;
    if (server_side)
        return soap_receiver_fault(soap, soap_strdup(soap, faultstring), soap_strdup(soap, detail));
    return soap_sender_fault(soap, soap_strdup(soap, faultstring), soap_strdup(soap, detail));
}
