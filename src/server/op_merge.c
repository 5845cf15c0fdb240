/* mergeLeads: one winning lead, one or more losing leads, each named by a key given as an
 * Attribute (attrName IDNUM / EMAIL / COOKIE, attrValue the key). The merge rule is in
 * store_merge.c and docs/server.md. */
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <stdio.h>
#include <string.h>

/* The one lead a key list names; SOAP_OK with *id, or a fault. */
static int s_resolve(struct soap *soap, const struct mkt__ArrayOfAttribute *keys, const char *what, long long *id)
{
    if (!keys || keys->__sizeattribute <= 0 || !keys->attribute[0].attrValue || !*keys->attribute[0].attrValue)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED,
                                "%s: a lead key (attrName IDNUM, EMAIL or COOKIE, attrValue) is required",
                                what);
    *id = 0;
    char msg[512];
    for (int i = 0; i < keys->__sizeattribute; i++) {
        const struct mkt__Attribute *a = &keys->attribute[i];
        long long *ids = NULL;
        size_t n = 0;
        int code = mktows_srv_lead_ids_by_name(soap, a->attrName, a->attrValue, &ids, &n, msg, sizeof msg);
        if (code)
            return mktows_srv_fault(soap, code, "%s: %s", what, msg);
        if (n == 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_NOT_FOUND,
                                    "%s: no lead matches %s %s", what, a->attrName ? a->attrName : "",
                                    a->attrValue ? a->attrValue : "");
        if (n > 1)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "%s: %s %s matches %zu leads; use IDNUM", what,
                                    a->attrName ? a->attrName : "", a->attrValue ? a->attrValue : "", n);
        if (*id && *id != ids[0])
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "%s: the keys name different leads", what);
        *id = ids[0];
    }
    return SOAP_OK;
}

static int s_merge_leads(struct soap *soap, struct mkt__ParamsMergeLeads *in, struct mkt__SuccessMergeLeads *out)
{
    long long winner = 0;
    int rc = s_resolve(soap, in->winningLeadKeyList, "winningLeadKeyList", &winner);
    if (rc != SOAP_OK)
        return rc;
    if (!in->losingLeadKeyLists || in->losingLeadKeyLists->__sizekeyList <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "losingLeadKeyLists needs at least one keyList");
    int n = in->losingLeadKeyLists->__sizekeyList;
    long long *losers = MKTOWS_SRV_NEW(soap, long long, n);
    if (!losers)
        return soap->error = SOAP_EOM;
    size_t count = 0;
    for (int i = 0; i < n; i++) {
        long long id = 0;
        char what[64];
        snprintf(what, sizeof what, "losingLeadKeyLists keyList %d", i + 1);
        if ((rc = s_resolve(soap, &in->losingLeadKeyLists->keyList[i], what, &id)) != SOAP_OK)
            return rc;
        if (id == winner)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "%s names the winning lead %lld", what, winner);
        int dup = 0;
        for (size_t k = 0; k < count; k++)
            dup |= losers[k] == id;
        if (!dup)
            losers[count++] = id;
    }
    char err[256];
    if (mktows_store_merge(mktows_srv_of(soap)->store, winner, losers, count, err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);

    struct mkt__ResultMergeLeads *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultMergeLeads, 1);
    struct mkt__MergeStatus *st = MKTOWS_SRV_NEW(soap, struct mkt__MergeStatus, 1);
    struct mkt__ArrayOfInteger *lost = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfInteger, 1);
    int *w = MKTOWS_SRV_NEW(soap, int, 1), *ids = MKTOWS_SRV_NEW(soap, int, count);
    if (!res || !st || !lost || !w || !ids)
        return soap->error = SOAP_EOM;
    *w = (int)winner;
    for (size_t i = 0; i < count; i++)
        ids[i] = (int)losers[i];
    lost->__sizeintegerItem = (int)count;
    lost->integerItem = ids;
    st->winningLeadId = w;
    st->losingLeadIdList = lost;
    st->status = mkt__LeadMergeStatusEnum__MERGED;
    res->mergeStatus = st;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(mergeLeads, mkt__ParamsMergeLeads, mkt__SuccessMergeLeads, s_merge_leads)
