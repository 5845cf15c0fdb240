#include "private/call.h"
#include "server_calls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

mktows_code mktows_test_sync(mktows_client *c, int id, const char *email, const char *foreign_id,
                             const char *cookie, mktows_sync_lead_result **out, ...)
{
    mktows_lead_attribute attrs[16];
    size_t n = 0;
    va_list ap;
    va_start(ap, out);
    const char *name;
    while (n < 16 && (name = va_arg(ap, const char *)) != NULL) {
        attrs[n].name = name;
        attrs[n].value = va_arg(ap, const char *);
        attrs[n].type = NULL;
        n++;
    }
    va_end(ap);
    mktows_sync_lead_request req = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    req.id = id;
    req.email = email;
    req.foreign_sys_person_id = foreign_id;
    req.foreign_sys_type = foreign_id ? "CUSTOM" : NULL;
    req.marketo_cookie = cookie;
    req.attrs = n ? attrs : NULL;
    req.attr_count = n;
    req.return_lead = 1;
    mktows_sync_lead_result *res = NULL;
    mktows_code rc = mktows_sync_lead(c, &req, &res);
    if (out)
        *out = res;
    else
        mktows_sync_lead_result_free(res);
    return rc;
}

const char *mktows_test_lead_attr(const mktows_lead *lead, const char *name)
{
    if (!lead)
        return NULL;
    for (size_t i = 0; i < lead->attr_count; i++)
        if (lead->attrs[i].name && strcmp(lead->attrs[i].name, name) == 0)
            return lead->attrs[i].value;
    return NULL;
}

mktows_code mktows_test_get_lead(mktows_client *c, enum mkt__LeadKeyRef type, const char *value,
                                 struct mkt__ResultGetLead **out)
{
    struct mkt__LeadKey key;
    memset(&key, 0, sizeof key);
    key.keyType = type;
    key.keyValue = (char *)value;
    struct mkt__ParamsGetLead req = { .leadKey = &key };
    struct mkt__SuccessGetLead resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(c, getLead, &req, &resp);
    *out = rc == MKTOWS_OK ? resp.result : NULL;
    return rc;
}

const char *mktows_test_record_attr(const struct mkt__LeadRecord *rec, const char *name)
{
    if (!rec || !rec->leadAttributeList)
        return NULL;
    for (int i = 0; i < rec->leadAttributeList->__sizeattribute; i++) {
        const struct mkt__Attribute *a = &rec->leadAttributeList->attribute[i];
        if (a->attrName && strcmp(a->attrName, name) == 0)
            return a->attrValue;
    }
    return NULL;
}

const char *mktows_test_attr_of(mktows_client *c, int id, const char *name, char *buf, size_t len)
{
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%d", id);
    struct mkt__ResultGetLead *res = NULL;
    if (mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, idtext, &res) != MKTOWS_OK || !res
        || !res->leadRecordList || res->leadRecordList->__sizeleadRecord != 1)
        return NULL;
    const struct mkt__LeadRecord *rec = &res->leadRecordList->leadRecord[0];
    const char *v = NULL;
    if (strcmp(name, "Email") == 0)
        v = rec->Email;
    else if (strcmp(name, "ForeignSysPersonId") == 0)
        v = rec->ForeignSysPersonId;
    else
        v = mktows_test_record_attr(rec, name);
    if (!v)
        return NULL;
    snprintf(buf, len, "%s", v);
    return buf;
}

mktows_code mktows_test_sync_cookie_only(mktows_client *c, const char *cookie, int *lead_id, int *created)
{
    struct mkt__LeadRecord rec;
    memset(&rec, 0, sizeof rec);
    struct mkt__ParamsSyncLead req;
    memset(&req, 0, sizeof req);
    req.leadRecord = &rec;
    req.returnLead = xsd__boolean__false_;
    req.marketoCookie = (char *)cookie;
    struct mkt__SuccessSyncLead resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(c, syncLead, &req, &resp);
    if (rc == MKTOWS_OK && resp.result && resp.result->syncStatus) {
        *lead_id = resp.result->leadId;
        *created = resp.result->syncStatus->status == mkt__LeadSyncStatus__CREATED;
    }
    return rc;
}

mktows_code mktows_test_sync_many(mktows_client *c, const char *prefix, int first, int n, int *ids_out,
                                  const char *attr, const char *value)
{
    for (int done = 0; done < n;) {
        int k = n - done < 300 ? n - done : 300;
        struct mkt__LeadRecord *recs = calloc((size_t)k, sizeof *recs);
        struct mkt__Attribute *attrs = calloc((size_t)k, sizeof *attrs);
        struct mkt__ArrayOfAttribute *lists = calloc((size_t)k, sizeof *lists);
        char (*emails)[96] = calloc((size_t)k, sizeof *emails);
        if (!recs || !attrs || !lists || !emails) {
            free(recs); free(attrs); free(lists); free(emails);
            return MKTOWS_ERR_NO_MEMORY;
        }
        for (int i = 0; i < k; i++) {
            snprintf(emails[i], sizeof emails[i], "%s%d@example.com", prefix, first + done + i);
            recs[i].Email = emails[i];
            if (attr) {
                attrs[i].attrName = (char *)attr;
                attrs[i].attrValue = (char *)value;
                lists[i].__sizeattribute = 1;
                lists[i].attribute = &attrs[i];
                recs[i].leadAttributeList = &lists[i];
            }
        }
        struct mkt__ArrayOfLeadRecord arr = { .__sizeleadRecord = k, .leadRecord = recs };
        struct mkt__ParamsSyncMultipleLeads req = { .leadRecordList = &arr };
        struct mkt__SuccessSyncMultipleLeads resp;
        memset(&resp, 0, sizeof resp);
        mktows_code rc = MKTOWS_CALL(c, syncMultipleLeads, &req, &resp);
        if (rc == MKTOWS_OK && (!resp.result || !resp.result->syncStatusList
                                || resp.result->syncStatusList->__sizesyncStatus != k))
            rc = MKTOWS_ERR_PARSE;
        for (int i = 0; rc == MKTOWS_OK && ids_out && i < k; i++)
            ids_out[done + i] = resp.result->syncStatusList->syncStatus[i].leadId;
        free(recs); free(attrs); free(lists); free(emails);
        if (rc != MKTOWS_OK)
            return rc;
        done += k;
    }
    return MKTOWS_OK;
}

mktows_code mktows_test_get_multiple(mktows_client *c, struct mkt__LeadSelector *sel, const char *pos, int batch,
                                     struct mkt__ResultGetMultipleLeads **out)
{
    struct mkt__ParamsGetMultipleLeads req;
    memset(&req, 0, sizeof req);
    req.leadSelector = sel;
    req.streamPosition = (char *)pos;
    req.batchSize = batch ? &batch : NULL;
    struct mkt__SuccessGetMultipleLeads resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(c, getMultipleLeads, &req, &resp);
    *out = rc == MKTOWS_OK ? resp.result : NULL;
    if (rc == MKTOWS_OK && !resp.result)
        rc = MKTOWS_ERR_PARSE;
    return rc;
}

static struct soap *s_scratch_soap;

static void s_scratch_free(void)
{
    soap_destroy(s_scratch_soap);
    soap_end(s_scratch_soap);
    soap_free(s_scratch_soap);
}

struct soap *mktows_test_scratch(void)
{
    if (!s_scratch_soap) {
        s_scratch_soap = soap_new();
        atexit(s_scratch_free);
    }
    return s_scratch_soap;
}

struct mkt__LeadSelector *mktows_test_key_selector(mktows_client *c, enum mkt__LeadKeyRef type,
                                                   const char *const *values, int n)
{
    (void)c;
    struct soap *soap = mktows_test_scratch();
    struct mkt__LeadSelector *sel = soap_new_mkt__LeadSelector(soap, 1);
    struct mkt__LeadKeySelector *ks = soap_new_mkt__LeadKeySelector(soap, 1);
    struct mkt__ArrayOfString *vals = soap_new_mkt__ArrayOfString(soap, 1);
    vals->__sizestringItem = n;
    vals->stringItem = soap_malloc(soap, (size_t)(n ? n : 1) * sizeof(char *));
    for (int i = 0; i < n; i++)
        vals->stringItem[i] = soap_strdup(soap, values[i]);
    ks->keyType = type;
    ks->keyValues = vals;
    sel->mkt__LeadKeySelector = ks;
    return sel;
}

struct mkt__LeadSelector *mktows_test_list_selector(mktows_client *c, const char *name, int id)
{
    (void)c;
    struct soap *soap = mktows_test_scratch();
    struct mkt__LeadSelector *sel = soap_new_mkt__LeadSelector(soap, 1);
    struct mkt__StaticListSelector *ls = soap_new_mkt__StaticListSelector(soap, 1);
    ls->staticListName = name ? soap_strdup(soap, name) : NULL;
    if (id) {
        ls->staticListId = soap_malloc(soap, sizeof(int));
        *ls->staticListId = id;
    }
    sel->mkt__StaticListSelector = ls;
    return sel;
}

mktows_code mktows_test_list_op(mktows_client *c, enum mkt__ListOperationType op, const char *list,
                                const int *ids, int n, int strict, int *statuses, int *success)
{
    struct mkt__ListKey key = { .keyType = mkt__ListKeyType__MKTOLISTNAME, .keyValue = (char *)list };
    struct mkt__LeadKey *keys = calloc((size_t)(n ? n : 1), sizeof *keys);
    char (*text)[24] = calloc((size_t)(n ? n : 1), sizeof *text);
    if (!keys || !text) {
        free(keys);
        free(text);
        return MKTOWS_ERR_NO_MEMORY;
    }
    for (int i = 0; i < n; i++) {
        snprintf(text[i], sizeof text[i], "%d", ids[i]);
        keys[i].keyType = mkt__LeadKeyRef__IDNUM;
        keys[i].keyValue = text[i];
    }
    struct mkt__ArrayOfLeadKey members = { .__sizeleadKey = n, .leadKey = keys };
    enum xsd__boolean st = strict ? xsd__boolean__true_ : xsd__boolean__false_;
    struct mkt__ParamsListOperation req = { .listOperation = op, .listKey = list ? &key : NULL,
                                            .listMemberList = &members, .strict = &st };
    struct mkt__SuccessListOperation resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(c, listOperation, &req, &resp);
    free(keys);
    free(text);
    if (rc != MKTOWS_OK)
        return rc;
    if (!resp.result)
        return MKTOWS_ERR_PARSE;
    if (success)
        *success = resp.result->success == xsd__boolean__true_;
    for (int i = 0; statuses && i < n; i++)
        statuses[i] = resp.result->statusList && i < resp.result->statusList->__sizeleadStatus
                      && resp.result->statusList->leadStatus[i].status == xsd__boolean__true_;
    return MKTOWS_OK;
}

/* The port of a plain "http://host:port/..." URL, or -1. */
static int s_http_port(const char *url)
{
    int port = 0;
    const char *colon = strncmp(url, "http://", 7) == 0 ? strrchr(url + 7, ':') : NULL;
    return colon && sscanf(colon + 1, "%d", &port) == 1 ? port : -1;
}

/* Send @p request (@p len bytes) to 127.0.0.1:@p port and read until the server closes the
 * connection; the whole response in a malloc'd string, or NULL. */
static char *s_http_exchange(int port, const char *request, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (write(fd, request, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    size_t cap = 1 << 16, got = 0;
    char *buf = malloc(cap);
    ssize_t k;
    while (buf && (k = read(fd, buf + got, cap - got - 1)) > 0) {
        got += (size_t)k;
        if (cap - got < 2) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    close(fd);
    if (buf)
        buf[got] = '\0';
    return buf;
}

char *mktows_test_http_post(const char *url, const char *body)
{
    int port = s_http_port(url);
    if (port < 0)
        return NULL;
    size_t blen = strlen(body);
    char *req = malloc(blen + 512);
    if (!req)
        return NULL;
    int n = snprintf(req, 512, "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                     "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n", port, blen);
    memcpy(req + n, body, blen);
    char *resp = s_http_exchange(port, req, (size_t)n + blen);
    free(req);
    return resp;
}

char *mktows_test_http_get(const char *url, const char *path_query)
{
    int port = s_http_port(url);
    if (port < 0)
        return NULL;
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
                     path_query, port);
    if (n < 0 || (size_t)n >= sizeof req)
        return NULL;
    return s_http_exchange(port, req, (size_t)n);
}

char *mktows_test_http_request(const char *url, const char *method, const char *path, const char *body)
{
    int port = s_http_port(url);
    if (port < 0)
        return NULL;
    size_t blen = body ? strlen(body) : 0;
    char *req = malloc(blen + 512);
    if (!req)
        return NULL;
    int n = snprintf(req, 512, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n", method, path, port, blen);
    if (n < 0 || n >= 512) {
        free(req);
        return NULL;
    }
    if (blen)
        memcpy(req + n, body, blen);
    char *resp = s_http_exchange(port, req, (size_t)n + blen);
    free(req);
    return resp;
}
