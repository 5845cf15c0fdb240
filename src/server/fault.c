/* SOAP 1.1 Faults as Marketo sent them:
 *
 *   <faultcode>SOAP-ENV:Client</faultcode><faultstring>20014 - Authentication failed</faultstring>
 *   <detail><ns1:serviceException xmlns:ns1="http://www.marketo.com/mktows/">
 *     <name>mktServiceException</name><message>...</message><code>20014</code>
 *   </ns1:serviceException></detail>
 *
 * The detail is literal XML placed in SOAP_ENV__Detail.__any by soap_sender_fault/soap_receiver_fault. */
#include "fault.h"
#include "request_log.h"

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

    mktows_srv_request_fault(code);
    soap->header = NULL; /* no response headers */
    /* SOAP 1.1, as Marketo answered, also to a request that never got as far as an Envelope */
    if (soap->version != 1)
        soap->version = 1;
    int server_side = code == MKTOWS_MKTO_INTERNAL_SEVERE || code == MKTOWS_MKTO_INTERNAL
                      || code == MKTOWS_MKTO_LEAD_SYNC_FAILED;
    if (server_side)
        return soap_receiver_fault(soap, soap_strdup(soap, faultstring), soap_strdup(soap, detail));
    return soap_sender_fault(soap, soap_strdup(soap, faultstring), soap_strdup(soap, detail));
}

/* The Marketo code for an error gSOAP raised while reading a request. */
static int s_code_for(int soap_error)
{
    switch (soap_error) {
    case SOAP_NO_METHOD:
        return MKTOWS_MKTO_UNSUPPORTED_OPERATION;
    case SOAP_NO_TAG:
    case SOAP_OCCURS:
    case SOAP_REQUIRED:
        return MKTOWS_MKTO_INVALID_REQUEST; /* an expected parameter is missing */
    case SOAP_EMPTY:
        return MKTOWS_MKTO_PARAMETER_REQUIRED; /* a required value is empty */
    case SOAP_TYPE:
    case SOAP_LENGTH:
    case SOAP_PATTERN:
    case SOAP_PROHIBITED:
        return MKTOWS_MKTO_BAD_PARAMETER; /* a value its type does not allow (number, date, enumeration) */
    case SOAP_EOM:
        return MKTOWS_MKTO_INTERNAL;
    default:
        return MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD; /* XML, SOAP or HTTP that cannot be read */
    }
}

int mktows_srv_fault_from_soap(struct soap *soap)
{
    if (soap->error == SOAP_OK || soap->error == SOAP_EOF || soap->error >= SOAP_STOP)
        return soap->error;
    if (soap->error == SOAP_FAULT && soap->fault && soap->fault->detail && soap->fault->detail->__any)
        return SOAP_FAULT; /* one of ours */
    /* an HTTP status (404 for a GET of another path, 405 ...) stays the response's status */
    int http_status = soap->error >= 300 && soap->error < 600 ? soap->error : 0;
    int code = s_code_for(soap->error);
    /* gSOAP's own words for the error, as the message's detail */
    soap_set_fault(soap);
    const char *what = soap_fault_string(soap);
    const char *more = soap_fault_detail(soap);
    if (what && strncmp(what, "mktows: ", 8) == 0) {
        /* a bound of our runtime patches (cmake/gsoap-patches/): a message too costly to read, not a
         * value of the wrong type, whatever gSOAP's error code for it */
        code = MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD;
        what += 8;
    }
    char text[400];
    snprintf(text, sizeof text, "%s%s%s", what ? what : "the request cannot be read",
             more && *more ? ": " : "", more && *more ? more : "");
    soap->fault = NULL;
    mktows_srv_fault(soap, code, "%s", text);
    if (http_status)
        soap->error = http_status;
    return soap->error;
}

/* gSOAP's soap_send_fault() turns keep-alive off before it sends; Marketo's service (HTTP/1.1 behind
 * a front end) kept the connection, and the client docs say so. So the fault is serialized to
 * memory as the operations' responses are (dispatch.c) and sent with the connection's keep-alive
 * as it is. */
int mktows_srv_send_fault(struct soap *soap)
{
    int status = soap->error;
    int http = status >= 300 && status < 600 ? status : 500;
    int keep_alive = soap->keep_alive;
    const char *xml = NULL;
    soap_set_fault(soap);
    soap->error = SOAP_OK;
    soap->encodingStyle = NULL; /* no encodingStyle in Faults */
    soap_serializeheader(soap);
    soap_serializefault(soap);
    soap->os = &xml;
    int rc = soap_begin_send(soap) || soap_envelope_begin_out(soap) || soap_putheader(soap)
             || soap_body_begin_out(soap) || soap_putfault(soap) || soap_body_end_out(soap)
             || soap_envelope_end_out(soap) || soap_end_send(soap);
    soap->os = NULL;
    if (rc || !xml) {
        soap->keep_alive = 0;
        return soap_closesock(soap);
    }
    soap->keep_alive = keep_alive;
    soap->http_content = "text/xml; charset=utf-8";
    soap->length = strlen(xml);
    mktows_srv_request_answering();
    if (soap_response(soap, SOAP_FILE + http) || soap_send_raw(soap, xml, (size_t)soap->length)
        || soap_end_send(soap)) {
        soap->keep_alive = 0;
        return soap_closesock(soap);
    }
    return soap_closesock(soap); /* closes only when the connection is not kept alive */
}
