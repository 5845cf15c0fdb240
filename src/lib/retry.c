/* Retries with exponential backoff and jitter, and a client-side rate limit (a sliding window of
 * call start times), for every typed call (ops.c runs each attempt between
 * mktows_retry_before_attempt_() and mktows_retry_after_failure_()). Off unless asked for. */
#include "private/client.h"
#include "private/retry.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the real clock ---- */

static long long s_now_ms(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void s_sleep_ms(void *ctx, long long ms)
{
    (void)ctx;
    struct timespec ts = { .tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* splitmix64: small, fast, good enough for jitter (not for secrets). */
static unsigned long long s_random(void *ctx)
{
    unsigned long long *x = ctx;
    unsigned long long z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void s_real_clock(mktows_retry_state *st)
{
    st->clock = (mktows_clock_vtable){ .now_ms = s_now_ms, .sleep_ms = s_sleep_ms, .random = s_random,
                                       .ctx = &st->rng };
}

void mktows_retry_init_(mktows_retry_state *st)
{
    memset(st, 0, sizeof *st);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* different clients (threads) draw different jitter */
    st->rng = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 20) ^ (uintptr_t)st;
    s_real_clock(st);
}

void mktows_retry_clean_up_(mktows_retry_state *st)
{
    free(st->ring);
    st->ring = NULL;
}

void mktows_client_set_clock_(mktows_client *client, const mktows_clock_vtable *clock)
{
    assert(client);
    if (clock)
        client->retry.clock = *clock;
    else
        s_real_clock(&client->retry);
}

/* ---- public setters ---- */

mktows_code mktows_client_set_retry(mktows_client *client, const mktows_retry_policy *policy)
{
    assert(client);
    if (!policy) {
        client->retry.retry_on = 0;
        return MKTOWS_OK;
    }
    if (policy->version < 1 || policy->version > MKTOWS_RETRY_POLICY_VERSION || policy->max_attempts < 1 ||
        policy->base_delay_ms < 1 || policy->max_delay_ms < policy->base_delay_ms || policy->max_total_ms < 0)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    client->retry.policy = *policy;
    client->retry.retry_on = 1;
    return MKTOWS_OK;
}

mktows_code mktows_client_set_rate_limit(mktows_client *client, int calls, int seconds)
{
    assert(client);
    if (calls < 0 || seconds < 0 || (calls == 0) != (seconds == 0) || calls > 100000)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    long long *ring = NULL;
    if (calls > 0 && !(ring = calloc((size_t)calls, sizeof *ring)))
        return MKTOWS_ERR_NO_MEMORY;
    mktows_retry_state *st = &client->retry;
    free(st->ring);
    st->ring = ring;
    st->rate_calls = calls;
    st->rate_window_ms = (long long)seconds * 1000;
    st->ring_len = st->ring_head = 0;
    return MKTOWS_OK;
}

void mktows_client_set_wait_callback(mktows_client *client, mktows_wait_fn fn, void *userdata)
{
    assert(client);
    client->retry.wait_fn = fn;
    client->retry.wait_userdata = userdata;
}

void mktows_client_wait_stats(const mktows_client *client, unsigned long long *retries,
                              unsigned long long *waited_ms)
{
    assert(client);
    if (retries)
        *retries = client->retry.retries;
    if (waited_ms)
        *waited_ms = client->retry.waited_ms;
}

/* ---- which operations may be repeated ---- */

static int s_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

int mktows_operation_is_idempotent(const char *operation)
{
    if (!operation || !mktows_operation_known_(operation))
        return 0;
    /* Reads change nothing. */
    if (s_prefix(operation, "get") || s_prefix(operation, "list") || s_prefix(operation, "describe"))
        return strcmp(operation, "listOperation") != 0; /* ADDTOLIST / REMOVEFROMLIST write */
    /* Upserts keyed by the records' keys: a second identical call finds the records the first
     * wrote and updates them to the same values. */
    static const char *const s_upserts[] = { "syncLead", "syncMultipleLeads", "syncCustomObjects", "syncMObjects",
                                             NULL };
    for (const char *const *u = s_upserts; *u; u++)
        if (strcmp(operation, *u) == 0)
            return 1;
    return 0;
}

/* ---- the decisions ---- */

/* 1 when this call may be repeated after a transport error: its operation is idempotent and its
 * request does not make it otherwise (checked only when a transport error happened). */
static int s_call_safe(const mktows_retry_call *call)
{
    if (!mktows_operation_is_idempotent(call->operation))
        return 0;
#ifdef SOAP_TYPE_mkt__ParamsSyncMultipleLeads
    if (strcmp(call->operation, "syncMultipleLeads") == 0) {
        /* dedupEnabled false: every call creates new leads */
        const struct mkt__ParamsSyncMultipleLeads *p = call->params;
        return !p->dedupEnabled || *p->dedupEnabled == xsd__boolean__true_;
    }
#endif
#ifdef SOAP_TYPE_mkt__ParamsSyncMObjects
    if (strcmp(call->operation, "syncMObjects") == 0) {
        const struct mkt__ParamsSyncMObjects *p = call->params;
        return p->operation != mkt__SyncOperationEnum__INSERT;
    }
#endif
    return 1;
}

static void s_report(mktows_client *client, mktows_wait_reason reason, const mktows_retry_call *call,
                     mktows_code code, long long wait_ms)
{
    mktows_retry_state *st = &client->retry;
    if (wait_ms > 0)
        st->waited_ms += (unsigned long long)wait_ms;
    if (!st->wait_fn)
        return;
    mktows_wait_event ev = { .reason = reason, .operation = call->operation, .attempt = call->attempt,
                             .code = code, .marketo_code = code == MKTOWS_OK ? 0 : client->marketo_code,
                             .wait_ms = wait_ms };
    st->wait_fn(st->wait_userdata, &ev);
}

void mktows_retry_before_attempt_(mktows_client *client, mktows_retry_call *call)
{
    mktows_retry_state *st = &client->retry;
    long long now = st->clock.now_ms(st->clock.ctx);
    if (call->attempt == 0)
        call->started_ms = now;
    call->attempt++;
    if (st->rate_calls <= 0)
        return;
    if (st->ring_len == st->rate_calls) {
        /* the oldest of the last rate_calls starts must be a full window ago */
        long long free_at = st->ring[st->ring_head] + st->rate_window_ms;
        if (free_at > now) {
            s_report(client, MKTOWS_WAIT_RATE_LIMIT, call, MKTOWS_OK, free_at - now);
            st->clock.sleep_ms(st->clock.ctx, free_at - now);
            now = st->clock.now_ms(st->clock.ctx);
            if (now < free_at)
                now = free_at; /* a clock that did not move (tests) must not let the next call through early */
        }
        st->ring[st->ring_head] = now;
        st->ring_head = (st->ring_head + 1) % st->rate_calls;
    } else {
        st->ring[(st->ring_head + st->ring_len) % st->rate_calls] = now;
        st->ring_len++;
    }
}

long long mktows_retry_backoff_ms_(const mktows_retry_policy *policy, int attempt)
{
    long long d = policy->base_delay_ms;
    for (int i = 1; i < attempt && d < policy->max_delay_ms; i++)
        d *= 2;
    return d < policy->max_delay_ms ? d : policy->max_delay_ms;
}

/* 1 when an attempt that failed with @p rc may be repeated. */
static int s_retryable(const mktows_client *client, const mktows_retry_call *call, mktows_code rc)
{
    switch (rc) {
    case MKTOWS_MKTO_RATE_LIMIT:        /* refused before any work: safe for every operation */
    case MKTOWS_MKTO_CONCURRENCY_LIMIT:
    case MKTOWS_MKTO_REQUEST_EXPIRED:   /* the next attempt is signed with a new timestamp */
    case MKTOWS_ERR_CONNECT:            /* nothing was sent */
        return 1;
    case MKTOWS_ERR_TRANSPORT:          /* the request may have been processed */
    case MKTOWS_ERR_TIMEOUT:
        return s_call_safe(call);
    case MKTOWS_ERR_HTTP:
        return s_call_safe(call) && (client->http_status == 502 || client->http_status == 503 ||
                              client->http_status == 504);
    default:
        return 0;
    }
}

int mktows_retry_after_failure_(mktows_client *client, mktows_retry_call *call, mktows_code rc)
{
    mktows_retry_state *st = &client->retry;
    if (!st->retry_on || !s_retryable(client, call, rc))
        return 0;
    const mktows_retry_policy *p = &st->policy;
    long long d = mktows_retry_backoff_ms_(p, call->attempt);
    /* "equal jitter": uniform in [d/2, d] */
    long long half = d / 2;
    long long wait = half + (long long)(st->clock.random(st->clock.ctx) % (unsigned long long)(d - half + 1));
    long long now = st->clock.now_ms(st->clock.ctx);
    if (call->attempt >= p->max_attempts ||
        (p->max_total_ms > 0 && now + wait - call->started_ms > p->max_total_ms)) {
        s_report(client, MKTOWS_WAIT_GIVE_UP, call, rc, 0);
        return 0;
    }
    s_report(client, MKTOWS_WAIT_RETRY, call, rc, wait);
    st->clock.sleep_ms(st->clock.ctx, wait);
    st->retries++;
    return 1;
}
