/* syncLead (the syncLead docs page) and getLead by IDNUM, EMAIL or COOKIE. */
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <string.h>

static const char *s_nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static int s_sync_lead(struct soap *soap, struct mkt__ParamsSyncLead *in, struct mkt__SuccessSyncLead *out)
{
    mktows_srv_sync req;
    char msg[512];
    int code = mktows_srv_sync_prepare(soap, in ? in->leadRecord : NULL, in ? in->marketoCookie : NULL, &req, msg,
                                       sizeof msg);
    if (code)
        return mktows_srv_fault(soap, code, "%s", msg);

    int want = in->returnLead == xsd__boolean__true_;
    mktows_srv_sync_result res;
    mktows_srv_lead lead;
    if (mktows_store_sync(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), &req, &res, want ? &lead : NULL))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", res.message);
    if (res.error)
        return mktows_srv_fault(soap, res.error, "%s", res.message);

    struct mkt__ResultSyncLead *result = soap_malloc(soap, sizeof *result);
    struct mkt__SyncStatus *status = soap_malloc(soap, sizeof *status);
    if (!result || !status)
        return soap->error = SOAP_EOM;
    memset(result, 0, sizeof *result);
    memset(status, 0, sizeof *status);
    result->leadId = (int)res.id;
    status->leadId = (int)res.id;
    status->status = res.created ? mkt__LeadSyncStatus__CREATED : mkt__LeadSyncStatus__UPDATED;
    result->syncStatus = status;
    if (want) {
        result->leadRecord = soap_malloc(soap, sizeof *result->leadRecord);
        if (!result->leadRecord || mktows_srv_fill_record(soap, &lead, result->leadRecord, NULL))
            return soap->error = SOAP_EOM;
    }
    out->result = result;
    return SOAP_OK;
}

MKTOWS_SRV_OP(syncLead, mkt__ParamsSyncLead, mkt__SuccessSyncLead, s_sync_lead)

/* ---- getLead ---- */

static int s_get_lead(struct soap *soap, struct mkt__ParamsGetLead *in, struct mkt__SuccessGetLead *out)
{
    if (!in || !in->leadKey || !s_nonempty(in->leadKey->keyValue))
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "leadKey with keyType and keyValue is required");
    char msg[512];
    mktows_srv_lead_by kind = MKTOWS_SRV_BY_ID;
    int code = mktows_srv_lead_kind(soap, in->leadKey->keyType, &kind, msg, sizeof msg);
    if (code)
        return mktows_srv_fault(soap, code, "%s", msg);
    mktows_srv_lead *leads = NULL;
    size_t count = 0;
    char err[256];
    if (mktows_store_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), kind, in->leadKey->keyValue, &leads,
                          &count, err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
    if (count == 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_NOT_FOUND, "no lead matches %s %s",
                                soap_mkt__LeadKeyRef2s(soap, in->leadKey->keyType), in->leadKey->keyValue);
    struct mkt__ResultGetLead *result = soap_malloc(soap, sizeof *result);
    struct mkt__ArrayOfLeadRecord *list = soap_malloc(soap, sizeof *list);
    struct mkt__LeadRecord *recs = soap_malloc(soap, count * sizeof *recs);
    if (!result || !list || !recs)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < count; i++)
        if (mktows_srv_fill_record(soap, &leads[i], &recs[i], NULL))
            return soap->error = SOAP_EOM;
    list->__sizeleadRecord = (int)count;
    list->leadRecord = recs;
    result->count = (int)count;
    result->leadRecordList = list;
    out->result = result;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getLead, mkt__ParamsGetLead, mkt__SuccessGetLead, s_get_lead)
