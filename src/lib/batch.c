/* Batched syncs: split the records into calls of at most MKTOWS_BATCH_MAX, match the statuses of
 * each answer to its records by position. */
#include "private/client.h"

#include <mktows/batch.h>
#include <mktows/ops.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* One kind of batched call: send records [first, first + n) and fill their statuses. */
typedef mktows_code (*s_send_fn)(mktows_client *client, const void *ctx, size_t first, size_t n,
                                 mktows_record_status *st);

static mktows_code s_set(mktows_record_status *st, int status, const char *name, long long id, const char *error)
{
    st->code = MKTOWS_OK;
    st->status = status;
    st->status_name = name;
    st->id = id;
    if (error && !(st->error = strdup(error)))
        return MKTOWS_ERR_NO_MEMORY;
    return MKTOWS_OK;
}

static mktows_code s_run(mktows_client *client, size_t count, size_t batch_size, s_send_fn send, const void *ctx,
                         mktows_batch_result **out)
{
    assert(client);
    assert(out);
    *out = NULL;
    if (batch_size == 0 || batch_size > MKTOWS_BATCH_MAX)
        batch_size = MKTOWS_BATCH_MAX;
    mktows_batch_result *res = calloc(1, sizeof *res);
    if (!res)
        return MKTOWS_ERR_NO_MEMORY;
    res->count = count;
    if (count && !(res->statuses = calloc(count, sizeof *res->statuses))) {
        free(res);
        return MKTOWS_ERR_NO_MEMORY;
    }
    mktows_code rc = MKTOWS_OK;
    size_t first = 0;
    while (first < count) {
        size_t n = count - first < batch_size ? count - first : batch_size;
        mktows_record_status *st = &res->statuses[first];
        for (size_t i = 0; i < n; i++) {
            st[i].code = MKTOWS_ERR_PARSE; /* until the answer names it */
            st[i].status = -1;
            st[i].sent = 1;
        }
        res->calls++;
        rc = send(client, ctx, first, n, st);
        if (rc != MKTOWS_OK) {
            for (size_t i = 0; i < n; i++) {
                if (rc == MKTOWS_ERR_NO_MEMORY || st[i].code != MKTOWS_OK) {
                    st[i].code = rc;
                    st[i].status = -1;
                    st[i].status_name = NULL;
                }
            }
            first += n;
            break;
        }
        first += n;
    }
    res->next_index = first;
    for (size_t i = first; i < count; i++) {
        res->statuses[i].code = rc;
        res->statuses[i].status = -1;
    }
    for (size_t i = 0; i < count; i++) {
        const mktows_record_status *s = &res->statuses[i];
        if (s->code != MKTOWS_OK || (s->status_name && strcmp(s->status_name, "FAILED") == 0))
            res->failed++;
    }
    *out = res;
    return rc;
}

/* ---- syncMultipleLeads ---- */

typedef struct s_leads_ctx {
    const struct mkt__LeadRecord *records;
    const enum xsd__boolean *dedup;
} s_leads_ctx;

static mktows_code s_send_leads(mktows_client *client, const void *vctx, size_t first, size_t n,
                                mktows_record_status *st)
{
    const s_leads_ctx *ctx = vctx;
    struct mkt__ArrayOfLeadRecord list = { .__sizeleadRecord = (int)n,
                                           .leadRecord = (struct mkt__LeadRecord *)&ctx->records[first] };
    struct mkt__ParamsSyncMultipleLeads params = { .leadRecordList = &list,
                                                   .dedupEnabled = (enum xsd__boolean *)ctx->dedup };
    struct mkt__SuccessSyncMultipleLeads *r;
    mktows_code rc = mktows_sync_multiple_leads(client, &params, &r);
    if (rc != MKTOWS_OK)
        return rc;
    const struct mkt__ArrayOfSyncStatus *sl = r->result->syncStatusList;
    size_t got = sl && sl->__sizesyncStatus > 0 && sl->syncStatus ? (size_t)sl->__sizesyncStatus : 0;
    for (size_t i = 0; i < n && i < got; i++) {
        const struct mkt__SyncStatus *s = &sl->syncStatus[i];
        if (s_set(&st[i], (int)s->status, soap_mkt__LeadSyncStatus2s(NULL, s->status), s->leadId, s->error) !=
            MKTOWS_OK)
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory copying statuses");
    }
    if (got != n)
        return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "syncMultipleLeads sent %zu records, got %zu statuses",
                                   n, got);
    return MKTOWS_OK;
}

mktows_code mktows_sync_multiple_leads_batched(mktows_client *client, const struct mkt__LeadRecord *records,
                                               size_t count, const enum xsd__boolean *dedup_enabled,
                                               size_t batch_size, mktows_batch_result **out)
{
    assert(records || count == 0);
    s_leads_ctx ctx = { records, dedup_enabled };
    return s_run(client, count, batch_size, s_send_leads, &ctx, out);
}

/* ---- syncCustomObjects ---- */

typedef struct s_custom_ctx {
    const char *type;
    const struct mkt__CustomObj *objects;
    const enum mkt__SyncOperationEnum *operation;
} s_custom_ctx;

static mktows_code s_send_custom(mktows_client *client, const void *vctx, size_t first, size_t n,
                                 mktows_record_status *st)
{
    const s_custom_ctx *ctx = vctx;
    struct mkt__ArrayOfCustomObj list = { .__sizecustomObj = (int)n,
                                          .customObj = (struct mkt__CustomObj *)&ctx->objects[first] };
    struct mkt__ParamsSyncCustomObjects params = { .objTypeName = (char *)ctx->type, .customObjList = &list,
                                                   .operation = (enum mkt__SyncOperationEnum *)ctx->operation };
    struct mkt__SuccessSyncCustomObjects *r;
    mktows_code rc = mktows_sync_custom_objects(client, &params, &r);
    if (rc != MKTOWS_OK)
        return rc;
    const struct mkt__ArrayOfSyncCustomObjStatus *sl = r->result->syncCustomObjStatusList;
    size_t got = sl && sl->__sizesyncCustomObjStatus > 0 && sl->syncCustomObjStatus
                     ? (size_t)sl->__sizesyncCustomObjStatus : 0;
    for (size_t i = 0; i < n && i < got; i++) {
        const struct mkt__SyncCustomObjStatus *s = &sl->syncCustomObjStatus[i];
        if (s_set(&st[i], (int)s->status, soap_mkt__SyncStatusEnum2s(NULL, s->status), 0, s->error) != MKTOWS_OK)
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory copying statuses");
    }
    if (got != n)
        return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "syncCustomObjects sent %zu objects, got %zu statuses",
                                   n, got);
    return MKTOWS_OK;
}

mktows_code mktows_sync_custom_objects_batched(mktows_client *client, const char *obj_type_name,
                                               const struct mkt__CustomObj *objects, size_t count,
                                               const enum mkt__SyncOperationEnum *operation, size_t batch_size,
                                               mktows_batch_result **out)
{
    assert(objects || count == 0);
    s_custom_ctx ctx = { obj_type_name, objects, operation };
    return s_run(client, count, batch_size, s_send_custom, &ctx, out);
}

/* ---- syncMObjects ---- */

typedef struct s_mobj_ctx {
    const struct mkt__MObject *objects;
    enum mkt__SyncOperationEnum operation;
} s_mobj_ctx;

static mktows_code s_send_mobj(mktows_client *client, const void *vctx, size_t first, size_t n,
                               mktows_record_status *st)
{
    const s_mobj_ctx *ctx = vctx;
    struct mkt__ArrayOfMObject list = { .__sizemObject = (int)n,
                                        .mObject = (struct mkt__MObject *)&ctx->objects[first] };
    struct mkt__ParamsSyncMObjects params = { .mObjectList = &list, .operation = ctx->operation };
    struct mkt__SuccessSyncMObjects *r;
    mktows_code rc = mktows_sync_mobjects(client, &params, &r);
    if (rc != MKTOWS_OK)
        return rc;
    const struct mkt__ArrayOfMObjStatus *sl = r->result->mObjStatusList;
    size_t got = sl && sl->__sizemObjStatus > 0 && sl->mObjStatus ? (size_t)sl->__sizemObjStatus : 0;
    for (size_t i = 0; i < n && i < got; i++) {
        const struct mkt__MObjStatus *s = &sl->mObjStatus[i];
        if (s_set(&st[i], (int)s->status, soap_mkt__MObjStatusEnum2s(NULL, s->status), s->id ? *s->id : 0,
                  s->error) != MKTOWS_OK)
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory copying statuses");
    }
    if (got != n)
        return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "syncMObjects sent %zu objects, got %zu statuses", n,
                                   got);
    return MKTOWS_OK;
}

mktows_code mktows_sync_mobjects_batched(mktows_client *client, const struct mkt__MObject *objects, size_t count,
                                         enum mkt__SyncOperationEnum operation, size_t batch_size,
                                         mktows_batch_result **out)
{
    assert(objects || count == 0);
    s_mobj_ctx ctx = { objects, operation };
    return s_run(client, count, batch_size, s_send_mobj, &ctx, out);
}

void mktows_batch_result_free(mktows_batch_result *result)
{
    if (!result)
        return;
    for (size_t i = 0; i < result->count; i++)
        free(result->statuses[i].error);
    free(result->statuses);
    free(result);
}
