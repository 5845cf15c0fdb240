/* Batched syncs: split the records into calls of at most MKTOWS_BATCH_MAX, match the statuses of
 * each answer to its records by position. One engine for every operation the interface description
 * lists in MKTOWS_IFACE_BATCHED: it names the record list, the status list and their members. */
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

/* ---- one engine for every operation of MKTOWS_IFACE_BATCHED (gen/mktows_iface.h) ---- */

/* A status's id as a number, whatever the WSDL makes of it: xs:int or xs:long, required (a value)
 * or optional (a pointer, 0 when absent). */
static long long s_num_int(const int *v) { return *v; }
static long long s_num_long(const LONG64 *v) { return *v; }
static long long s_num_int_ptr(int *const *v) { return *v ? **v : 0; }
static long long s_num_long_ptr(LONG64 *const *v) { return *v ? **v : 0; }
#define S_NUMBER(p)                                                                             \
    _Generic((p), const int *: s_num_int, const LONG64 *: s_num_long, int *const *: s_num_int_ptr, \
             LONG64 *const *: s_num_long_ptr)(p)
/* The status id column of MKTOWS_IFACE_BATCHED: id_(member) or no_id_(). */
#define S_ID_id_(member) S_NUMBER(&s->member)
#define S_ID_no_id_() 0LL
#define S_STATUS_ID(column) S_ID_##column

/* What a batched call needs besides the records: the caller's request (its other members) and
 * the records. */
typedef struct s_batch_ctx {
    const void *params;
    const void *records;
} s_batch_ctx;

#define S_BATCHED(op, fn, REQ, RESP, RESULT, RECORDS, RECORDS_T, RECORD, RECORD_T, STATUSES, STATUS,      \
                  STATUS_T, STATUS_ENUM, STATUS_ID)                                                     \
    static mktows_code s_send_##fn(mktows_client *client, const void *vctx, size_t first, size_t n,      \
                                   mktows_record_status *st)                                             \
    {                                                                                                    \
        const s_batch_ctx *ctx = vctx;                                                                   \
        struct RECORDS_T list = { .__size##RECORD = (int)n,                                              \
                                  .RECORD = (struct RECORD_T *)ctx->records + first };                   \
        struct REQ params = *(const struct REQ *)ctx->params;                                            \
        params.RECORDS = &list;                                                                          \
        struct RESP *r;                                                                                  \
        mktows_code rc = mktows_##fn(client, &params, &r);                                               \
        if (rc != MKTOWS_OK)                                                                             \
            return rc;                                                                                   \
        const __typeof__(*r->RESULT->STATUSES) *sl = r->RESULT->STATUSES;                                \
        size_t got = sl && sl->__size##STATUS > 0 && sl->STATUS ? (size_t)sl->__size##STATUS : 0;       \
        for (size_t i = 0; i < n && i < got; i++) {                                                      \
            const struct STATUS_T *s = &sl->STATUS[i];                                                   \
            if (s_set(&st[i], (int)s->status, soap_##STATUS_ENUM##2s(NULL, s->status),                   \
                      S_STATUS_ID(STATUS_ID), s->error) != MKTOWS_OK)                                    \
                return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory copying statuses"); \
        }                                                                                                \
        if (got != n)                                                                                    \
            return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "%s sent %zu records, got %zu statuses", \
                                       #op, n, got);                                                     \
        return MKTOWS_OK;                                                                                \
    }                                                                                                    \
                                                                                                         \
    mktows_code mktows_##fn##_batched(mktows_client *client, const struct REQ *params,                   \
                                      const struct RECORD_T *records, size_t count, size_t batch_size,   \
                                      mktows_batch_result **out)                                         \
    {                                                                                                    \
        assert(params);                                                                                  \
        assert(records || count == 0);                                                                   \
        s_batch_ctx ctx = { params, records };                                                           \
        return s_run(client, count, batch_size, s_send_##fn, &ctx, out);                                 \
    }
MKTOWS_IFACE_BATCHED(S_BATCHED)
#undef S_BATCHED

void mktows_batch_result_free(mktows_batch_result *result)
{
    if (!result)
        return;
    for (size_t i = 0; i < result->count; i++)
        free(result->statuses[i].error);
    free(result->statuses);
    free(result);
}
