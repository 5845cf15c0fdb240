/* The fixed responses of the benchmark rig (bench/run), shared by the canned-response server and
 * the in-memory codec benchmark so that every stack decodes the same bytes. */
#ifndef MKTOWS_BENCH_CANNED_H
#define MKTOWS_BENCH_CANNED_H

#include <stddef.h>

/* Statuses in the batch response (and leads in the batch request): issue 9's 300-lead case. */
#define MKTOWS_BENCH_BATCH_LEADS 300

/* The syncLead response body (one UPDATED status, leadRecord nil). Static. */
const char *mktows_bench_sync_lead_body(size_t *len);

/* A syncMultipleLeads response body with @p count statuses (lead ids 1000001..., CREATED).
 * Caller frees with free(); NULL on out of memory. */
char *mktows_bench_batch_body(int count, size_t *len);

/* "HTTP/1.1 200 OK" with Content-Type text/xml and Content-Length, followed by @p body.
 * Caller frees with free(); NULL on out of memory. */
char *mktows_bench_http_ok(const char *body, size_t body_len, size_t *len);

#endif
