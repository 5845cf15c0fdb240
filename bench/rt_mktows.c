/* rt_mktows: mktows-c's signed syncLead round trip through the public API (bench/run).
 *
 *   MARKETO_USER_ID=... MARKETO_ENCRYPTION_KEY=... rt_mktows URL CALLS
 *
 * One client, one kept-alive connection; 50 warm-up calls, then CALLS mktows_sync_lead() calls
 * (bench/workload.c's request), each signing a fresh AuthenticationHeader. Prints one line:
 *   calls=N seconds=S per_call_us=X p50_us=X
 * Exits 1 when a call fails. */
#include "workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define S_WARMUP 50

static double s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int s_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int s_call(mktows_client *client, const mktows_sync_lead_request *req)
{
    mktows_sync_lead_result *res = NULL;
    mktows_code rc = mktows_sync_lead(client, req, &res);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "rt_mktows: syncLead failed: %s: %s\n", mktows_strerror(rc), mktows_client_errmsg(client));
        return -1;
    }
    mktows_sync_lead_result_free(res);
    return 0;
}

int main(int argc, char **argv)
{
    const char *user = getenv("MARKETO_USER_ID"), *key = getenv("MARKETO_ENCRYPTION_KEY");
    long calls = argc == 3 ? atol(argv[2]) : 0;
    if (calls < 1 || !user || !key) {
        fputs("usage: MARKETO_USER_ID=... MARKETO_ENCRYPTION_KEY=... rt_mktows URL CALLS\n", stderr);
        return 2;
    }
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = argv[1];
    opts.user_id = user;
    opts.encryption_key = key;
    mktows_client *client = NULL;
    mktows_code rc = mktows_client_new(&opts, &client);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "rt_mktows: cannot create the client: %s\n", mktows_strerror(rc));
        return 1;
    }
    mktows_sync_lead_request req;
    mktows_bench_sync_lead_request(&req);
    double *lat = calloc((size_t)calls, sizeof *lat);
    int failed = !lat;
    for (int i = 0; i < S_WARMUP && !failed; i++)
        failed = s_call(client, &req) != 0;
    double t0 = s_now_us();
    for (long i = 0; i < calls && !failed; i++) {
        double t = s_now_us();
        failed = s_call(client, &req) != 0;
        lat[i] = s_now_us() - t;
    }
    double secs = (s_now_us() - t0) / 1e6;
    mktows_client_free(client);
    if (failed) {
        free(lat);
        return 1;
    }
    qsort(lat, (size_t)calls, sizeof *lat, s_cmp);
    printf("calls=%ld seconds=%.4f per_call_us=%.2f p50_us=%.2f\n", calls, secs, secs * 1e6 / (double)calls,
           lat[calls / 2]);
    free(lat);
    return 0;
}
