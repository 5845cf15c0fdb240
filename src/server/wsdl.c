/* GET <endpoint>?WSDL: the WSDL built into the binary, with soap:address pointing at this server
 * (scheme from the connection, host and port from the request's Host header), as Marketo did. */
#include "server.h"
#include "serve.h"

#include "soapH.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MKTOWS_SRV_PATH "/soap/mktows/2_7"
/* The address committed in wsdl/mktows-2_7.wsdl. */
static const char s_placeholder[] = "https://localhost" MKTOWS_SRV_PATH;

/* "scheme://host[:port]" this request reached, written to @p out. */
static void s_base(struct soap *soap, char *out, size_t out_len)
{
    const char *scheme = mktows_srv_of(soap)->tls ? "https" : "http";
    const char *ep = soap->endpoint;
    const char *host = NULL;
    size_t host_len = 0;
    if (ep && (strncmp(ep, "http://", 7) == 0 || strncmp(ep, "https://", 8) == 0)) {
        host = strstr(ep, "://") + 3;
        host_len = strcspn(host, "/?");
        /* only a plain host[:port] goes into the XML; anything else falls back to our own URL */
        if (strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") < host_len)
            host_len = 0;
    }
    if (!host || !host_len) {
        /* no Host header: the URL printed at start */
        host = strstr(mktows_srv_of(soap)->url, "://") + 3;
        host_len = strcspn(host, "/");
    }
    snprintf(out, out_len, "%s://%.*s", scheme, (int)host_len, host);
}

int mktows_srv_http_get(struct soap *soap)
{
    const char *path = soap->path;
    const char *q = strchr(path, '?');
    size_t plen = q ? (size_t)(q - path) : strlen(path);
    if (plen != strlen(MKTOWS_SRV_PATH) || strncmp(path, MKTOWS_SRV_PATH, plen) != 0 || !q
        || strcasecmp(q + 1, "wsdl") != 0)
        return 404;

    char base[512];
    s_base(soap, base, sizeof base);
    const char *src = mktows_srv_wsdl_data;
    const char *at = strstr(src, s_placeholder);
    size_t blen = strlen(base);
    size_t len = mktows_srv_wsdl_data_size - (at ? strlen("https://localhost") : 0) + (at ? blen : 0);
    char *doc = soap_malloc(soap, len + 1);
    if (!doc)
        return soap->error = SOAP_EOM;
    if (at) {
        size_t pre = (size_t)(at - src);
        memcpy(doc, src, pre);
        memcpy(doc + pre, base, blen);
        size_t rest = mktows_srv_wsdl_data_size - pre - strlen("https://localhost");
        memcpy(doc + pre + blen, at + strlen("https://localhost"), rest);
    } else {
        memcpy(doc, src, mktows_srv_wsdl_data_size);
    }
    doc[len] = '\0';

    soap->http_content = "text/xml; charset=utf-8";
    soap->length = len;
    if (soap_response(soap, SOAP_FILE) || soap_send_raw(soap, doc, len) || soap_end_send(soap))
        return soap_closesock(soap);
    return SOAP_OK;
}
