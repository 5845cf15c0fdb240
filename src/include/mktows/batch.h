/**
 * @file mktows/batch.h
 * @brief Batching helpers for syncMultipleLeads, syncCustomObjects and syncMObjects: any number of
 *        records, sent in calls of at most 300 (Marketo's recommended maximum), with a status for
 *        every record.
 *
 * Records are sent in order. The service answers each call with one status per record, in the
 * order of the request; the helpers match them by position. The first call that fails stops the
 * run: the records of that call get its error code, the records after it are marked not sent
 * (mktows_record_status::sent is 0), and mktows_batch_result::next_index says where to resume.
 *
 *     struct mkt__ParamsSyncMultipleLeads params = { .dedupEnabled = &dedup };
 *     mktows_batch_result *res;
 *     mktows_code rc = mktows_sync_multiple_leads_batched(client, &params, leads, 1000, 0, &res);
 *     for (size_t i = 0; i < res->count; i++)
 *         printf("%zu %s %lld\n", i, res->statuses[i].status_name, res->statuses[i].id);
 *     mktows_batch_result_free(res);
 */
#ifndef MKTOWS_BATCH_H
#define MKTOWS_BATCH_H

#include <stddef.h>

#include <mktows/export.h>
#include <mktows/client.h>
#include <mktows/error.h>
#include <mktows/ops.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The most records one call carries (syncMultipleLeads page: "no higher than 300"). */
#define MKTOWS_BATCH_MAX 300

/** What happened to one record. */
typedef struct mktows_record_status {
    mktows_code code;        /**< MKTOWS_OK: the service returned a status for it (which may be FAILED);
                                  otherwise the error of its call, or MKTOWS_ERR_PARSE when the answer
                                  had no status for it */
    int sent;                /**< 1 when its call got an answer (success or fault), 0 when not sent */
    int status;              /**< the service's status enum value: LeadSyncStatus (syncMultipleLeads),
                                  SyncStatusEnum (syncCustomObjects), MObjStatusEnum (syncMObjects);
                                  -1 when code is not MKTOWS_OK */
    const char *status_name; /**< "CREATED", "UPDATED", "FAILED", ... (static); NULL when code is not OK */
    long long id;            /**< leadId (syncMultipleLeads) or MObject id (syncMObjects); 0 when none */
    char *error;             /**< the service's error text for this record; NULL when none (owned by the result) */
} mktows_record_status;

/** The outcome of a batched sync. Caller frees with mktows_batch_result_free(). */
typedef struct mktows_batch_result {
    size_t count;                     /**< number of records given = number of entries in statuses */
    mktows_record_status *statuses;   /**< one per record, in the caller's order */
    size_t calls;                     /**< calls made (including a failed one) */
    size_t next_index;                /**< first record not sent (== count when all were sent) */
    size_t failed;                    /**< records with status FAILED or a code other than MKTOWS_OK */
} mktows_batch_result;

/* For each operation of MKTOWS_IFACE_BATCHED (gen/mktows_iface.h; today syncMultipleLeads,
 * syncCustomObjects and syncMObjects):
 *
 * mktows_<operation>_batched(client, params, records, count, batch_size, &out): the operation over
 *     any number of records, in calls of at most @p batch_size (0 = MKTOWS_BATCH_MAX; larger values
 *     are capped to it). @p params is the request every call sends (dedupEnabled, objTypeName,
 *     operation, ...); its record list is ignored and replaced by each call's slice of @p records
 *     (borrowed for the call). @p out receives the result, also when a call fails; caller frees it
 *     with mktows_batch_result_free(). MKTOWS_OK when every call succeeded (records may still have
 *     FAILED statuses), else the error of the call that failed (detail on the client);
 *     MKTOWS_ERR_NO_MEMORY (*out NULL).
 */
#define MKTOWS_BATCH_DECLARE_(op, fn, REQ, RESP, RESULT, RECORDS, RECORDS_T, RECORD, RECORD_T, STATUSES, STATUS, \
                              STATUS_T, STATUS_ENUM, STATUS_ID)                                                 \
    MKTOWS_EXTERN mktows_code mktows_##fn##_batched(mktows_client *client, const struct REQ *params,            \
                                                    const struct RECORD_T *records, size_t count,               \
                                                    size_t batch_size, mktows_batch_result **out);
MKTOWS_IFACE_BATCHED(MKTOWS_BATCH_DECLARE_)
#undef MKTOWS_BATCH_DECLARE_

/** @brief Free a batch result. NULL is a no-op. */
MKTOWS_EXTERN void mktows_batch_result_free(mktows_batch_result *result);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_BATCH_H */
