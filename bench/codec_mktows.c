/* codec_mktows: mktows-c without the network (bench/run). The client's gSOAP context gets an
 * in-memory transport: what the library sends is counted and dropped, and every call receives a
 * canned response (bench/canned.c) from memory. This reaches the client's context through the
 * internal mktows_client_soap() (src/lib/private/soap.h), as the test suites' mock transport
 * does, so it links the internal static library: the public API has no transport hook.
 *
 *   codec_mktows synclead CALLS   mktows_sync_lead(): sign + encode the request, decode the response
 *   codec_mktows batch CALLS      mktows_sync_multiple_leads() with 300 leads, 300-status response
 *   codec_mktows json CALLS       mktows_decode_json() of the 300-status response, and the typed
 *                                 decode of the same bytes (gSOAP's, on the client's context)
 *   codec_mktows rss CALLS        RSS after 10^3 and after CALLS mktows_sync_lead() calls
 *
 * Each mode makes 100 warm-up calls (json and rss: none), then CALLS, and prints one line of
 * key=value figures. Exits 1 when a call fails. */
#include "canned.h"
#include "workload.h"

#include "private/soap.h"
#include "soapH.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define S_WARMUP 100

/* The in-memory connection: one per process (gSOAP's callbacks get only the context). */
static struct {
    const char *resp;          /* the whole HTTP response served to every request */
    size_t resp_len;
    size_t off;                /* next byte of resp to serve */
    int receiving;             /* the current request has been answered (in part) */
    char head[4096];           /* first bytes of the current request, to find its HTTP header */
    size_t head_len;
    unsigned long long sent;   /* bytes of the current request */
    int fd;                    /* /dev/null standing in for the socket */
} s_mem = { .fd = -1 };

static SOAP_SOCKET s_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
    (void)endpoint;
    (void)host;
    (void)port;
    if (s_mem.fd < 0)
        s_mem.fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    soap->socket = s_mem.fd;
    return s_mem.fd;
}

static int s_fclose(struct soap *soap)
{
    soap->socket = SOAP_INVALID_SOCKET;
    return SOAP_OK;
}

static int s_fpoll(struct soap *soap)
{
    (void)soap;
    return SOAP_OK;
}

static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    (void)soap;
    if (s_mem.receiving) {
        s_mem.receiving = 0;
        s_mem.sent = 0;
        s_mem.head_len = 0;
    }
    if (s_mem.head_len < sizeof s_mem.head - 1) {
        size_t n = len < sizeof s_mem.head - 1 - s_mem.head_len ? len : sizeof s_mem.head - 1 - s_mem.head_len;
        memcpy(s_mem.head + s_mem.head_len, data, n);
        s_mem.head_len += n;
        s_mem.head[s_mem.head_len] = '\0';
    }
    s_mem.sent += len;
    return SOAP_OK;
}

static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    (void)soap;
    if (!s_mem.receiving) {
        s_mem.receiving = 1;
        s_mem.off = 0;
    }
    size_t left = s_mem.resp_len - s_mem.off;
    if (len > left)
        len = left;
    memcpy(data, s_mem.resp + s_mem.off, len);
    s_mem.off += len;
    return len;
}

/* Bytes of the last request's body (after its HTTP header). */
static unsigned long long s_request_body_bytes(void)
{
    const char *end = strstr(s_mem.head, "\r\n\r\n");
    return end ? s_mem.sent - (unsigned long long)(end + 4 - s_mem.head) : s_mem.sent;
}

static double s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long s_rss_kib(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
        rss = 0;
    fclose(f);
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static mktows_client *s_client_new(void)
{
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = "http://127.0.0.1:9/soap/mktows/2_7"; /* never connected to */
    opts.user_id = MKTOWS_BENCH_USER_ID;
    opts.encryption_key = MKTOWS_BENCH_KEY;
    mktows_client *client = NULL;
    if (mktows_client_new(&opts, &client) != MKTOWS_OK)
        return NULL;
    struct soap *soap = mktows_client_soap(client);
    soap->fopen = s_fopen;
    soap->fclose = s_fclose;
    soap->fsend = s_fsend;
    soap->frecv = s_frecv;
    soap->fpoll = s_fpoll;
    return client;
}

static int s_sync_lead(mktows_client *client, const mktows_sync_lead_request *req)
{
    mktows_sync_lead_result *res = NULL;
    mktows_code rc = mktows_sync_lead(client, req, &res);
    if (rc != MKTOWS_OK || res->status != MKTOWS_SYNC_UPDATED) {
        fprintf(stderr, "codec_mktows: syncLead: %s: %s\n", mktows_strerror(rc), mktows_client_errmsg(client));
        return -1;
    }
    mktows_sync_lead_result_free(res);
    return 0;
}

static int s_batch(mktows_client *client, const struct mkt__ParamsSyncMultipleLeads *params)
{
    struct mkt__SuccessSyncMultipleLeads *resp = NULL;
    mktows_code rc = mktows_sync_multiple_leads(client, params, &resp);
    if (rc != MKTOWS_OK || resp->result->syncStatusList->__sizesyncStatus != MKTOWS_BENCH_BATCH_LEADS) {
        fprintf(stderr, "codec_mktows: syncMultipleLeads: %s: %s\n", mktows_strerror(rc),
                mktows_client_errmsg(client));
        return -1;
    }
    return 0;
}

/* gSOAP's typed decode of the canned response on the client's context, as a call receives it. */
static int s_typed_decode(struct soap *soap)
{
    struct mkt__SuccessSyncMultipleLeads resp;
    s_mem.receiving = 0;
    int rc = soap_recv___mkt__syncMultipleLeads(soap, &resp);
    int n = rc == SOAP_OK && resp.result && resp.result->syncStatusList ? resp.result->syncStatusList->__sizesyncStatus : -1;
    soap_destroy(soap);
    soap_end(soap);
    if (n != MKTOWS_BENCH_BATCH_LEADS) {
        fprintf(stderr, "codec_mktows: typed decode failed (gSOAP error %d)\n", rc);
        return -1;
    }
    return 0;
}

static int s_json_decode(const char *body, size_t len)
{
    char *json = NULL, err[256];
    mktows_code rc = mktows_decode_json("syncMultipleLeads", body, len, 0, &json, err, sizeof err);
    mktows_free(json);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "codec_mktows: mktows_decode_json: %s: %s\n", mktows_strerror(rc), err);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long calls = argc == 3 ? atol(argv[2]) : 0;
    const char *mode = argc == 3 ? argv[1] : "";
    if (calls < 1 || (strcmp(mode, "synclead") && strcmp(mode, "batch") && strcmp(mode, "json") && strcmp(mode, "rss"))) {
        fputs("usage: codec_mktows synclead|batch|json|rss CALLS\n", stderr);
        return 2;
    }
    size_t body_len, batch_len, http_len;
    const char *body = mktows_bench_sync_lead_body(&body_len);
    char *batch = mktows_bench_batch_body(MKTOWS_BENCH_BATCH_LEADS, &batch_len);
    int batch_mode = strcmp(mode, "synclead") && strcmp(mode, "rss");
    char *http = batch_mode ? mktows_bench_http_ok(batch, batch_len, &http_len) : mktows_bench_http_ok(body, body_len, &http_len);
    mktows_client *client = s_client_new();
    struct mkt__ParamsSyncMultipleLeads *params = mktows_bench_batch_request_new();
    if (!batch || !http || !client || !params) {
        fputs("codec_mktows: set-up failed\n", stderr);
        return 1;
    }
    s_mem.resp = http;
    s_mem.resp_len = http_len;
    mktows_sync_lead_request req;
    mktows_bench_sync_lead_request(&req);

    int failed = 0;
    double t0, secs;
    if (strcmp(mode, "synclead") == 0) {
        for (int i = 0; i < S_WARMUP && !failed; i++)
            failed = s_sync_lead(client, &req);
        t0 = s_now_us();
        for (long i = 0; i < calls && !failed; i++)
            failed = s_sync_lead(client, &req);
        secs = (s_now_us() - t0) / 1e6;
        printf("calls=%ld per_call_us=%.3f request_bytes=%llu response_bytes=%zu\n", calls, secs * 1e6 / (double)calls,
               s_request_body_bytes(), body_len);
    } else if (strcmp(mode, "batch") == 0) {
        for (int i = 0; i < S_WARMUP / 10 && !failed; i++)
            failed = s_batch(client, params);
        t0 = s_now_us();
        for (long i = 0; i < calls && !failed; i++)
            failed = s_batch(client, params);
        secs = (s_now_us() - t0) / 1e6;
        unsigned long long bytes = s_request_body_bytes() + batch_len;
        printf("calls=%ld per_call_us=%.2f request_bytes=%llu response_bytes=%zu mb_per_s=%.2f\n", calls,
               secs * 1e6 / (double)calls, s_request_body_bytes(), batch_len,
               (double)bytes * (double)calls / secs / 1e6);
    } else if (strcmp(mode, "json") == 0) {
        struct soap *soap = mktows_client_soap(client);
        failed = s_json_decode(batch, batch_len) || s_typed_decode(soap);
        t0 = s_now_us();
        for (long i = 0; i < calls && !failed; i++)
            failed = s_json_decode(batch, batch_len);
        double json_s = (s_now_us() - t0) / 1e6;
        t0 = s_now_us();
        for (long i = 0; i < calls && !failed; i++)
            failed = s_typed_decode(soap);
        double typed_s = (s_now_us() - t0) / 1e6;
        printf("calls=%ld response_bytes=%zu json_us=%.2f json_mb_per_s=%.2f typed_us=%.2f typed_mb_per_s=%.2f"
               " json_over_typed=%.3f\n",
               calls, batch_len, json_s * 1e6 / (double)calls, (double)batch_len * (double)calls / json_s / 1e6,
               typed_s * 1e6 / (double)calls, (double)batch_len * (double)calls / typed_s / 1e6, json_s / typed_s);
    } else {
        long first = calls < 1000 ? calls : 1000, rss_first = 0;
        for (long i = 0; i < calls && !failed; i++) {
            failed = s_sync_lead(client, &req);
            if (i + 1 == first)
                rss_first = s_rss_kib();
        }
        long rss_last = s_rss_kib();
        printf("calls=%ld rss_kib_after_1000=%ld rss_kib_after_all=%ld growth_kib=%ld\n", calls, rss_first, rss_last,
               rss_last - rss_first);
    }
    mktows_bench_batch_request_free(params);
    mktows_client_free(client);
    free(http);
    free(batch);
    if (s_mem.fd >= 0)
        close(s_mem.fd);
    return failed ? 1 : 0;
}
