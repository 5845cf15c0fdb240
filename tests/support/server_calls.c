#include "server_calls.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

mktows_code mktows_test_sync(mktows_client *c, int id, const char *email, const char *foreign_id,
                             const char *cookie, mktows_sync_lead_result **out, ...)
{
    mktows_attr attrs[16];
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
    struct mkt__ParamsGetLead req = { &key };
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
