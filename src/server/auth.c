/* Per-call checks, in the order the service applied them: the AuthenticationHeader (20014), the
 * timestamp window (20016), then the optional limits: daily quota (20015), calls per window (20023)
 * and concurrent calls (20024). */
#include "config.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "replay.h"

#include <mktows/sign.h>

#include "soapH.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* One server's counts (fault.h), owned by its context (server.h). */
struct mktows_srv_limits {
    pthread_mutex_t lock;
    int inflight;
    long day;                    /* UTC day number of day_calls; -1 before the first call */
    long day_calls;
    long long *ring;             /* times (ms) of the last rate_calls accepted calls; made at the first */
    size_t ring_len, ring_head;
};

struct mktows_srv_limits *mktows_srv_limits_new(void)
{
    struct mktows_srv_limits *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    if (pthread_mutex_init(&l->lock, NULL) != 0) {
        free(l);
        return NULL;
    }
    l->day = -1;
    return l;
}

void mktows_srv_limits_free(struct mktows_srv_limits *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l->ring);
    free(l);
}

static long long s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Constant-time, case-insensitive comparison of two hex signatures. */
static int s_sig_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned diff = (unsigned)(la ^ lb);
    for (size_t i = 0; i < la && i < lb; i++) {
        unsigned ca = (unsigned char)a[i], cb = (unsigned char)b[i];
        if (ca >= 'A' && ca <= 'F')
            ca += 32;
        if (cb >= 'A' && cb <= 'F')
            cb += 32;
        diff |= ca ^ cb;
    }
    return diff == 0;
}

static int s_check_auth(struct soap *soap)
{
    mktows_server *srv = mktows_srv_of(soap);
    const mktows_srv_config *cfg = &srv->cfg;
    struct mkt__AuthenticationHeaderInfo *h = soap->header ? soap->header->mkt__AuthenticationHeader : NULL;
    if (!h || !h->mktowsUserId || !h->requestSignature || !h->requestTimestamp)
        return mktows_srv_fault(soap, MKTOWS_MKTO_AUTH_FAILED,
                                "missing AuthenticationHeader (mktowsUserId, requestSignature,"
                                             " requestTimestamp)");
    const mktows_srv_user *user = mktows_srv_config_user(cfg, h->mktowsUserId);
    char expected[MKTOWS_SIGNATURE_SIZE];
    /* An unknown user and a wrong signature get the same answer, after the same work (a signature
     * with a key nobody has), so that user ids cannot be told apart by the reply. */
    mktows_hmac *hmac = user ? (mktows_hmac *)&user->hmac : (mktows_hmac *)&cfg->no_user_hmac;
    mktows_code signed_ok =
        hmac->state /* prepared at start (mktows_srv_config_prepare_keys); a context that did not is signed afresh */
            ? mktows_hmac_hex_(hmac, h->requestTimestamp, strlen(h->requestTimestamp), h->mktowsUserId,
                               strlen(h->mktowsUserId), expected)
            : mktows_sign(h->requestTimestamp, h->mktowsUserId, user ? user->key : "\x01 no such user", expected);
    if (signed_ok != MKTOWS_OK)
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "cannot compute the signature");
    int ok = s_sig_equal(expected, h->requestSignature) && user;
    memset(expected, 0, sizeof expected);
    if (!ok)
        return mktows_srv_fault(soap, MKTOWS_MKTO_AUTH_FAILED, "mktowsUserId and requestSignature do not match");
    time_t ts;
    if (mktows_timestamp_parse(h->requestTimestamp, &ts) != MKTOWS_OK)
        return mktows_srv_fault(soap, MKTOWS_MKTO_AUTH_FAILED,
                                "requestTimestamp is not a W3C date-time with a UTC offset");
    double skew = difftime(time(NULL), ts);
    if (skew > (double)cfg->max_skew_s || -skew > (double)cfg->max_skew_s)
        return mktows_srv_fault(soap, MKTOWS_MKTO_REQUEST_EXPIRED,
                                "requestTimestamp %s is %.0f s away from the server clock"
                                             " (window %ld s)", h->requestTimestamp, skew, cfg->max_skew_s);
    if (cfg->reject_replays) {
        int seen = mktows_srv_replay_check(srv->replay, h->requestSignature, cfg->max_skew_s);
        if (seen < 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "out of memory remembering signatures");
        if (seen)
            return mktows_srv_fault(soap, MKTOWS_MKTO_AUTH_FAILED,
                                    "this requestSignature was already used (a replayed request)");
    }
    return SOAP_OK;
}

/* Whether any limit is configured ([limits], fixed once the server runs). Without one nothing
 * needs counting, and the calls do not take the counts' lock at all. */
static int s_limited(const mktows_srv_config *cfg)
{
    return cfg->daily_quota > 0 || cfg->rate_calls > 0 || cfg->concurrency_limit > 0;
}

/* Limits: returns 0 and counts the call in @p l, or a Marketo code. */
static int s_admit(const mktows_srv_config *cfg, struct mktows_srv_limits *l)
{
    int code = 0;
    if (!s_limited(cfg))
        return 0;
    pthread_mutex_lock(&l->lock);
    if (cfg->daily_quota > 0) {
        long day = (long)(time(NULL) / 86400);
        if (day != l->day) {
            l->day = day;
            l->day_calls = 0;
        }
        if (l->day_calls >= cfg->daily_quota)
            code = MKTOWS_MKTO_REQUEST_LIMIT;
    }
    int rate_full = 0;
    long long now = s_now_ms();
    if (!code && cfg->rate_calls > 0) {
        if (!l->ring)
            l->ring = calloc((size_t)cfg->rate_calls, sizeof *l->ring);
        /* once the ring is full, ring_head is the oldest of the last rate_calls admitted calls */
        rate_full = !l->ring || (l->ring_len == (size_t)cfg->rate_calls
                                 && now - l->ring[l->ring_head] < (long long)cfg->rate_window_s * 1000);
        if (rate_full)
            code = MKTOWS_MKTO_RATE_LIMIT;
    }
    if (!code && cfg->concurrency_limit > 0 && l->inflight >= cfg->concurrency_limit)
        code = MKTOWS_MKTO_CONCURRENCY_LIMIT;
    if (!code && cfg->rate_calls > 0) {
        /* only admitted calls count */
        l->ring[l->ring_head] = now;
        l->ring_head = (l->ring_head + 1) % (size_t)cfg->rate_calls;
        if (l->ring_len < (size_t)cfg->rate_calls)
            l->ring_len++;
    }
    if (!code) {
        l->inflight++;
        l->day_calls++;
    }
    pthread_mutex_unlock(&l->lock);
    return code;
}

void mktows_srv_limits_reset(struct mktows_srv_limits *l)
{
    pthread_mutex_lock(&l->lock);
    l->day = -1;
    l->day_calls = 0;
    l->ring_len = 0;
    l->ring_head = 0;
    pthread_mutex_unlock(&l->lock);
}

int mktows_srv_call_begin(struct soap *soap, const char *op)
{
    int rc = s_check_auth(soap);
    if (rc != SOAP_OK)
        return rc;
    mktows_server *srv = mktows_srv_of(soap);
    const mktows_srv_config *cfg = &srv->cfg;
    int code = s_admit(cfg, srv->limits);
    switch (code) {
    case 0:
        break;
    case MKTOWS_MKTO_REQUEST_LIMIT:
        return mktows_srv_fault(soap, code, "%s: more than %ld calls today", op, cfg->daily_quota);
    case MKTOWS_MKTO_RATE_LIMIT:
        return mktows_srv_fault(soap, code, "%s: more than %d calls in %d s", op, cfg->rate_calls,
                                cfg->rate_window_s);
    default:
        return mktows_srv_fault(soap, code, "%s: more than %d concurrent calls", op, cfg->concurrency_limit);
    }
    if (cfg->latency_ms > 0)
        usleep((useconds_t)cfg->latency_ms * 1000);
    return SOAP_OK;
}

void mktows_srv_call_end(struct soap *soap)
{
    soap->header = NULL;
    mktows_server *srv = mktows_srv_of(soap);
    if (!s_limited(&srv->cfg))
        return; /* s_admit() counted nothing */
    pthread_mutex_lock(&srv->limits->lock);
    srv->limits->inflight--;
    pthread_mutex_unlock(&srv->limits->lock);
}
