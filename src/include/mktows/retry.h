/**
 * @file mktows/retry.h
 * @brief Living within the service's limits: a retry policy (exponential backoff with jitter) and
 *        a client-side rate limit, both off unless asked for, applied by every typed call and so by
 *        every pager step and batch call.
 *
 *     mktows_retry_policy policy = MKTOWS_RETRY_POLICY_INIT;   // 6 attempts, 2 minutes at most
 *     mktows_client_set_retry(client, &policy);
 *     mktows_client_set_rate_limit(client, 100, 20);          // Marketo: 100 calls / 20 s
 *
 * What is retried (see docs/library.md, "Retries and the rate limit"):
 *
 * - Marketo 20023 (rate limit) and 20024 (concurrency limit): always. The service refuses such a
 *   call before doing anything, so repeating it is safe for every operation.
 * - Marketo 20016 (request expired): always; every attempt is signed afresh anyway.
 * - A connection that could not be opened (::MKTOWS_ERR_CONNECT): always; nothing was sent.
 * - A connection that failed or timed out while sending or receiving (::MKTOWS_ERR_TRANSPORT,
 *   ::MKTOWS_ERR_TIMEOUT) and HTTP 502, 503, 504 (::MKTOWS_ERR_HTTP): only for operations that
 *   are safe to repeat, mktows_operation_is_idempotent(): the reads (get*, list*, describe*) and
 *   the upserts syncLead, syncMultipleLeads (unless dedupEnabled is false), syncCustomObjects and
 *   syncMObjects (unless its operation is INSERT). The service may have done the work of the lost
 *   call; doing it again leaves the same records, though it may log the change activity twice.
 * - Nothing else (20015 daily quota, authentication, bad requests, ...).
 *
 * The clock and sleep are the client's monotonic clock and nanosleep(); the tests swap them
 * (src/lib/private/retry.h).
 */
#ifndef MKTOWS_RETRY_H
#define MKTOWS_RETRY_H

#include <mktows/export.h>
#include <mktows/client.h>
#include <mktows/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a wait is for. */
typedef enum mktows_wait_reason {
    MKTOWS_WAIT_RETRY = 0,      /**< an attempt failed with a retryable error; the next one follows the wait */
    MKTOWS_WAIT_RATE_LIMIT = 1, /**< the client-side rate limit holds the call back */
    MKTOWS_WAIT_GIVE_UP = 2     /**< an attempt failed with a retryable error but the budget is spent;
                                     wait_ms is 0 and the call returns that error */
} mktows_wait_reason;

/** One wait, reported before it starts (for a `--verbose` log). */
typedef struct mktows_wait_event {
    mktows_wait_reason reason;
    const char *operation;      /**< "syncMultipleLeads" (static) */
    int attempt;                /**< the attempt that failed (1 = the first), or the one about to start (rate) */
    mktows_code code;           /**< the failed attempt's error; MKTOWS_OK for a rate-limit wait */
    int marketo_code;           /**< its Marketo code (20023, ...), 0 if none */
    long long wait_ms;          /**< how long the client sleeps now */
} mktows_wait_event;

/** Called on the calling thread, before each wait; @p event is borrowed for the call. */
typedef void (*mktows_wait_fn)(void *userdata, const mktows_wait_event *event);

/** Version of ::mktows_retry_policy this header describes. */
#define MKTOWS_RETRY_POLICY_VERSION 1

/** A retry policy. Initialise with MKTOWS_RETRY_POLICY_INIT and change what you need. */
typedef struct mktows_retry_policy {
    int version;              /**< MKTOWS_RETRY_POLICY_VERSION */
    int max_attempts;         /**< attempts in all, the first included (1 = never retry); >= 1 */
    long long max_total_ms;   /**< the budget: no retry starts later than this after the first
                                   attempt started (0 = no time limit) */
    long long base_delay_ms;  /**< the wait after the first failure, before jitter; >= 1 */
    long long max_delay_ms;   /**< the longest wait, before jitter; >= base_delay_ms */
} mktows_retry_policy;

/** The default policy: 6 attempts within 2 minutes, waits of 1, 2, 4, 8, 16 s (capped at 30 s),
 *  each drawn uniformly from [d/2, d] (jitter, so that clients that failed together do not retry
 *  together). */
#define MKTOWS_RETRY_POLICY_INIT                                                                  \
    { .version = MKTOWS_RETRY_POLICY_VERSION, .max_attempts = 6, .max_total_ms = 120000,         \
      .base_delay_ms = 1000, .max_delay_ms = 30000 }

/**
 * @brief Turn retries on (a copy of @p policy is kept) or off (@p policy NULL). Off by default.
 * @return MKTOWS_OK, or MKTOWS_ERR_INVALID_ARGUMENT (an unknown version, max_attempts < 1,
 *         base_delay_ms < 1, max_delay_ms < base_delay_ms, max_total_ms < 0); the client's
 *         policy is then unchanged.
 */
MKTOWS_EXTERN mktows_code mktows_client_set_retry(mktows_client *client, const mktows_retry_policy *policy);

/**
 * @brief A client-side rate limit: at most @p calls calls start in any @p seconds seconds (each
 *        attempt of a retried call counts). A call that would exceed it waits. 0, 0 turns it off
 *        (the default). The limit is per client: N clients of one account share the service's
 *        limit, so give each 1/N of it.
 *
 * It is a token bucket in which every token comes back exactly @p seconds after it was used (a
 * sliding window), the rule the service itself applies; a bucket refilled at an even rate would let
 * 2 * @p calls calls through in one window after an idle spell.
 * @return MKTOWS_OK, MKTOWS_ERR_INVALID_ARGUMENT (negative values, or only one of them 0, or more
 *         than 100000 calls), MKTOWS_ERR_NO_MEMORY.
 */
MKTOWS_EXTERN mktows_code mktows_client_set_rate_limit(mktows_client *client, int calls, int seconds);

/** @brief Report every wait (retry backoff, rate limit, giving up) to @p fn (NULL: none). */
MKTOWS_EXTERN void mktows_client_set_wait_callback(mktows_client *client, mktows_wait_fn fn, void *userdata);

/**
 * @brief 1 when a call of @p operation (a WSDL operation name) may be repeated after a transport
 *        error without changing the outcome: get*, list*, describe*, and syncLead,
 *        syncMultipleLeads, syncCustomObjects, syncMObjects (whose request may still make a
 *        particular call unsafe: syncMultipleLeads with dedupEnabled false, syncMObjects with
 *        INSERT). 0 for the others (deletes, merges, campaigns, list operations, imports) and for
 *        unknown names.
 */
MKTOWS_EXTERN int mktows_operation_is_idempotent(const char *operation);

/** @brief Calls retried and total time spent waiting (retry and rate limit) by this client since it
 *         was created: for progress reports and benchmarks. Either pointer may be NULL. */
MKTOWS_EXTERN void mktows_client_wait_stats(const mktows_client *client, unsigned long long *retries,
                                            unsigned long long *waited_ms);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_RETRY_H */
