/* getMultipleLeads (three selectors, lastUpdatedAt, paging) and syncMultipleLeads. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MKTOWS_SRV_GML_DEFAULT_BATCH 100
#define MKTOWS_SRV_GML_MAX_BATCH 1000
#define MKTOWS_SRV_MAX_KEYS 100       /* LeadKeySelector: more keys are ignored (the docs page) */
#define MKTOWS_SRV_MAX_SYNC 300       /* syncMultipleLeads records per call */
#define MKTOWS_SRV_MAX_RANGE_S (30LL * 86400)

static int s_keys(struct soap *soap, const struct mkt__LeadKeySelector *ks, mktows_srv_lead_query *q, unsigned *h)
{
    char msg[512];
    if (!ks->keyValues || ks->keyValues->__sizestringItem <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "LeadKeySelector needs keyValues/stringItem");
    int n = ks->keyValues->__sizestringItem;
    if (n > MKTOWS_SRV_MAX_KEYS)
        n = MKTOWS_SRV_MAX_KEYS;
    long long *all = MKTOWS_SRV_NEW(soap, long long, 1);
    size_t count = 0, cap = 1;
    if (!all)
        return soap->error = SOAP_EOM;
    *h = mktows_srv_hash(*h, soap_mkt__LeadKeyRef2s(soap, ks->keyType));
    for (int i = 0; i < n; i++) {
        long long *ids = NULL;
        size_t k = 0;
        const char *v = ks->keyValues->stringItem[i];
        int code = mktows_srv_lead_ids(soap, ks->keyType, v, &ids, &k, msg, sizeof msg);
        if (code)
            return mktows_srv_fault(soap, code, "%s", msg);
        *h = mktows_srv_hash(*h, v);
        if (count + k > cap) {
            size_t ncap = (count + k) * 2;
            long long *m = MKTOWS_SRV_NEW(soap, long long, ncap);
            if (!m)
                return soap->error = SOAP_EOM;
            memcpy(m, all, count * sizeof *m);
            all = m;
            cap = ncap;
        }
        if (k)
            memcpy(all + count, ids, k * sizeof *ids);
        count += k;
    }
    q->kind = MKTOWS_SRV_Q_IDS;
    q->ids = all;
    q->id_count = count;
    return SOAP_OK;
}

static int s_get_multiple(struct soap *soap, struct mkt__ParamsGetMultipleLeads *in,
                          struct mkt__SuccessGetMultipleLeads *out)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    mktows_srv_lead_query q;
    memset(&q, 0, sizeof q);
    q.latest_s = -1;
    unsigned h = mktows_srv_hash(0, "getMultipleLeads");
    char num[64];
    const struct mkt__LeadSelector *sel = in ? in->leadSelector : NULL;
    if (sel && sel->mkt__LeadKeySelector) {
        int rc = s_keys(soap, sel->mkt__LeadKeySelector, &q, &h);
        if (rc != SOAP_OK)
            return rc;
    } else if (sel && sel->mkt__StaticListSelector) {
        const struct mkt__StaticListSelector *ls = sel->mkt__StaticListSelector;
        const mktows_srv_list *list = NULL;
        if (ls->staticListName && *ls->staticListName)
            list = mktows_srv_config_list(cfg, ls->staticListName, 0);
        else if (ls->staticListId)
            list = mktows_srv_config_list(cfg, NULL, *ls->staticListId);
        else
            return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED,
                                    "StaticListSelector needs staticListName or staticListId");
        if (!list || (ls->staticListId && list->id != *ls->staticListId))
            return mktows_srv_fault(soap, MKTOWS_MKTO_LIST_NOT_FOUND,
                                    "no static list %s", ls->staticListName ? ls->staticListName : "with that id");
        q.kind = MKTOWS_SRV_Q_LIST;
        q.list_id = list->id;
        snprintf(num, sizeof num, "list %d", list->id);
        h = mktows_srv_hash(h, num);
    } else if (sel && sel->mkt__LastUpdateAtSelector) {
        const struct mkt__LastUpdateAtSelector *us = sel->mkt__LastUpdateAtSelector;
        q.kind = MKTOWS_SRV_Q_UPDATED;
        q.oldest_s = (long long)us->oldestUpdatedAt;
        if (us->latestUpdatedAt) {
            q.latest_s = (long long)*us->latestUpdatedAt;
            if (q.latest_s < q.oldest_s)
                return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "latestUpdatedAt is before oldestUpdatedAt");
            if (q.latest_s - q.oldest_s > MKTOWS_SRV_MAX_RANGE_S)
                return mktows_srv_fault(soap, MKTOWS_MKTO_TIME_RANGE_EXCEEDED,
                                        "oldestUpdatedAt to latestUpdatedAt is more than 30 days");
        }
        snprintf(num, sizeof num, "upd %lld %lld", q.oldest_s, q.latest_s);
        h = mktows_srv_hash(h, num);
    } else if (sel) {
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "leadSelector needs an xsi:type: LeadKeySelector, StaticListSelector"
                                             " or LastUpdateAtSelector");
    } else if (in && in->lastUpdatedAt) {
        q.kind = MKTOWS_SRV_Q_UPDATED;
        q.oldest_s = (long long)*in->lastUpdatedAt;
        snprintf(num, sizeof num, "upd %lld", q.oldest_s);
        h = mktows_srv_hash(h, num);
    } else {
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED,
                                "leadSelector (or the deprecated lastUpdatedAt) is required");
    }

    q.limit = MKTOWS_SRV_GML_DEFAULT_BATCH;
    if (in->batchSize) {
        if (*in->batchSize <= 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                    "batchSize must be positive, not %d", *in->batchSize);
        q.limit = *in->batchSize < MKTOWS_SRV_GML_MAX_BATCH ? *in->batchSize : MKTOWS_SRV_GML_MAX_BATCH;
    }
    if (in->includeAttributes)
        for (int i = 0; i < in->includeAttributes->__sizestringItem; i++) {
            const char *a = in->includeAttributes->stringItem[i];
            if (!a || !mktows_srv_config_field(cfg, a))
                return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD,
                                        "includeAttributes: unknown lead attribute '%s'", a ? a : "");
        }
    if (in->streamPosition && *in->streamPosition
        && mktows_srv_pos_parse(in->streamPosition, "gml", h, &q.after_id))
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_STREAM_POSITION,
                                "streamPosition '%s' does not belong to this leadSelector",
                                in->streamPosition);

    mktows_srv_lead *leads = NULL;
    size_t count = 0;
    long long remaining = 0;
    char err[256];
    if (mktows_store_leads_page(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), &q, &leads, &count, &remaining,
                                err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);

    struct mkt__ResultGetMultipleLeads *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetMultipleLeads, 1);
    struct mkt__ArrayOfLeadRecord *list = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfLeadRecord, 1);
    struct mkt__LeadRecord *recs = MKTOWS_SRV_NEW(soap, struct mkt__LeadRecord, count);
    if (!res || !list || !recs)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < count; i++)
        if (mktows_srv_fill_record(soap, &leads[i], &recs[i], in->includeAttributes))
            return soap->error = SOAP_EOM;
    list->__sizeleadRecord = (int)count;
    list->leadRecord = recs;
    res->returnCount = (int)count;
    res->remainingCount = (int)remaining;
    /* newStreamPosition is a required element: empty once the stream is exhausted */
    res->newStreamPosition = remaining > 0 && count > 0 ? mktows_srv_pos_make(soap, "gml", h, leads[count - 1].id)
                                                        : soap_strdup(soap, "");
    res->leadRecordList = list;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getMultipleLeads, mkt__ParamsGetMultipleLeads, mkt__SuccessGetMultipleLeads, s_get_multiple)

static int s_sync_multiple(struct soap *soap, struct mkt__ParamsSyncMultipleLeads *in,
                           struct mkt__SuccessSyncMultipleLeads *out)
{
    if (!in || !in->leadRecordList || in->leadRecordList->__sizeleadRecord <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_DETAIL_REQUIRED,
                                "leadRecordList with at least one leadRecord is required");
    int n = in->leadRecordList->__sizeleadRecord;
    if (n > MKTOWS_SRV_MAX_SYNC)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "%d leadRecords: at most %d per call", n, MKTOWS_SRV_MAX_SYNC);
    int dedup = !in->dedupEnabled || *in->dedupEnabled == xsd__boolean__true_;
    mktows_srv_sync *reqs = MKTOWS_SRV_NEW(soap, mktows_srv_sync, n);
    mktows_srv_sync_result *res = MKTOWS_SRV_NEW(soap, mktows_srv_sync_result, n);
    if (!reqs || !res)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < n; i++) {
        char msg[512];
        int code = mktows_srv_sync_prepare(soap, &in->leadRecordList->leadRecord[i], NULL, &reqs[i], msg, sizeof msg);
        if (code) {
            reqs[i].error = code;
            reqs[i].error_message = soap_strdup(soap, msg);
        }
        reqs[i].no_email_match = !dedup;
    }
    if (mktows_store_sync_batch(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), reqs, (size_t)n, res))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure during syncMultipleLeads");

    struct mkt__ResultSyncMultipleLeads *result = MKTOWS_SRV_NEW(soap, struct mkt__ResultSyncMultipleLeads, 1);
    struct mkt__ArrayOfSyncStatus *list = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfSyncStatus, 1);
    struct mkt__SyncStatus *st = MKTOWS_SRV_NEW(soap, struct mkt__SyncStatus, n);
    if (!result || !list || !st)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < n; i++) {
        st[i].leadId = (int)res[i].id;
        if (res[i].error) {
            st[i].status = mkt__LeadSyncStatus__FAILED;
            char text[320];
            snprintf(text, sizeof text, "%d: %s", res[i].error, res[i].message);
            st[i].error = soap_strdup(soap, text);
        } else {
            st[i].status = res[i].created ? mkt__LeadSyncStatus__CREATED : mkt__LeadSyncStatus__UPDATED;
        }
    }
    list->__sizesyncStatus = n;
    list->syncStatus = st;
    result->syncStatusList = list;
    out->result = result;
    return SOAP_OK;
}

MKTOWS_SRV_OP(syncMultipleLeads, mkt__ParamsSyncMultipleLeads, mkt__SuccessSyncMultipleLeads, s_sync_multiple)
