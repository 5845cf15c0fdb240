/* The fixed responses of the benchmark rig: see canned.h. They have the shape of mktows-server's
 * own responses (SOAP-ENV prefix, unqualified children, xsi:nil for the empty error). */
#include "canned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_HEAD                                                                                                  \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                              \
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""                          \
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:mkt=\"http://www.marketo.com/mktows/\">\n" \
    " <SOAP-ENV:Body>\n"
#define S_TAIL " </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>\n"

static const char s_sync_lead[] = S_HEAD
    "  <mkt:successSyncLead>\n"
    "   <result>\n"
    "    <leadId>1000001</leadId>\n"
    "    <syncStatus>\n"
    "     <leadId>1000001</leadId>\n"
    "     <status>UPDATED</status>\n"
    "     <error xsi:nil=\"true\"/>\n"
    "    </syncStatus>\n"
    "    <leadRecord xsi:nil=\"true\"/>\n"
    "   </result>\n"
    "  </mkt:successSyncLead>\n" S_TAIL;

const char *mktows_bench_sync_lead_body(size_t *len)
{
    *len = sizeof s_sync_lead - 1;
    return s_sync_lead;
}

char *mktows_bench_batch_body(int count, size_t *len)
{
    static const char open[] = S_HEAD "  <mkt:successSyncMultipleLeads>\n   <result>\n    <syncStatusList>\n";
    static const char close[] = "    </syncStatusList>\n   </result>\n  </mkt:successSyncMultipleLeads>\n" S_TAIL;
    static const char item[] = "     <syncStatus>\n"
                               "      <leadId>%d</leadId>\n"
                               "      <status>CREATED</status>\n"
                               "      <error xsi:nil=\"true\"/>\n"
                               "     </syncStatus>\n";
    size_t cap = sizeof open + sizeof close + (size_t)count * (sizeof item + 16);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t n = 0;
    memcpy(out, open, sizeof open - 1);
    n += sizeof open - 1;
    for (int i = 0; i < count; i++)
        n += (size_t)snprintf(out + n, cap - n, item, 1000001 + i);
    memcpy(out + n, close, sizeof close);
    n += sizeof close - 1;
    *len = n;
    return out;
}

char *mktows_bench_http_ok(const char *body, size_t body_len, size_t *len)
{
    char head[160];
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n",
                      body_len);
    char *out = malloc((size_t)hn + body_len + 1);
    if (!out)
        return NULL;
    memcpy(out, head, (size_t)hn);
    memcpy(out + hn, body, body_len);
    out[(size_t)hn + body_len] = '\0';
    *len = (size_t)hn + body_len;
    return out;
}
