/* Internal: the retry policy and rate limit of a client (retry.c), and the clock they run on,
 * which the tests replace (as aws-c-common's tests swap its clock through a vtable) so that no
 * test sleeps. Not installed. */
#ifndef MKTOWS_PRIVATE_RETRY_H
#define MKTOWS_PRIVATE_RETRY_H

#include <mktows/retry.h>

/* The clock, the sleep and the jitter source of a client. */
typedef struct mktows_clock_vtable {
    long long (*now_ms)(void *ctx);               /* monotonic milliseconds */
    void (*sleep_ms)(void *ctx, long long ms);    /* sleep that long (ms > 0) */
    unsigned long long (*random)(void *ctx);      /* 64 random bits, for jitter */
    void *ctx;
} mktows_clock_vtable;

/* The state a client keeps for retries and the rate limit (a member of struct mktows_client). */
typedef struct mktows_retry_state {
    int retry_on;
    mktows_retry_policy policy;
    int rate_calls;                 /* 0 = no rate limit */
    long long rate_window_ms;
    long long *ring;                /* start times of the last rate_calls attempts */
    int ring_len, ring_head;        /* ring_head: the oldest once full */
    mktows_wait_fn wait_fn;
    void *wait_userdata;
    mktows_clock_vtable clock;
    unsigned long long rng;         /* the default jitter source (splitmix64) */
    unsigned long long retries;
    unsigned long long waited_ms;
} mktows_retry_state;

/* One call in progress: what the retry decisions need to know of it. */
typedef struct mktows_retry_call {
    const char *operation;
    const void *params;             /* its request (some requests make an upsert unsafe to repeat) */
    int attempt;                    /* attempts started so far */
    long long started_ms;           /* when the first attempt started */
} mktows_retry_call;

/* Set up (at client creation) and free the state. */
void mktows_retry_init_(mktows_retry_state *st);
void mktows_retry_clean_up_(mktows_retry_state *st);

/* Before each attempt: wait for the rate limit (reporting the wait) and count the attempt. */
void mktows_retry_before_attempt_(mktows_client *client, mktows_retry_call *call);
/* After a failed attempt with @p rc: 1 when it is to be repeated (the wait has been made),
 * 0 when @p rc is the call's result. */
int mktows_retry_after_failure_(mktows_client *client, mktows_retry_call *call, mktows_code rc);

/* The wait (before jitter) after failed attempt @p attempt (1-based) under @p policy. */
long long mktows_retry_backoff_ms_(const mktows_retry_policy *policy, int attempt);

/* Tests: replace the clock of @p client (NULL restores the real one). */
void mktows_client_set_clock_(mktows_client *client, const mktows_clock_vtable *clock);

#endif /* MKTOWS_PRIVATE_RETRY_H */
