/* The requests of the benchmark rig (bench/run), for the C programs. The peers in bench/peers/
 * build the same ones in their languages: keep them in step. */
#ifndef MKTOWS_BENCH_WORKLOAD_H
#define MKTOWS_BENCH_WORKLOAD_H

#include <mktows/mktows.h>
#include <mktows/ops.h>

/* Credentials every stack signs with (bench/run exports them as MARKETO_USER_ID and
 * MARKETO_ENCRYPTION_KEY, and configures mktows-server with them). */
#define MKTOWS_BENCH_USER_ID "bench_1_0123456789ABCDEF"
#define MKTOWS_BENCH_KEY "bench-encryption-key"

/* syncLead: Email george@jungle.com, FirstName George, LastName "of the Jungle", returnLead false. */
void mktows_bench_sync_lead_request(mktows_sync_lead_request *req);

/* syncMultipleLeads with MKTOWS_BENCH_BATCH_LEADS leads: Email leadNNN@example.com and eight
 * attributes each (FirstName FirstN, LastName LastN, Company "Company N Ltd", Title "Engineer",
 * Phone "+1 555 NNNN", City Springfield, State CA, Country USA), dedupEnabled true.
 * Caller frees with mktows_bench_batch_request_free(); NULL on out of memory. */
struct mkt__ParamsSyncMultipleLeads *mktows_bench_batch_request_new(void);
void mktows_bench_batch_request_free(struct mkt__ParamsSyncMultipleLeads *params);

#endif
