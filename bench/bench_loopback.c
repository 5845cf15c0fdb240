/* bench_loopback: the cost of one signed syncLead call over a kept-alive loopback connection.
 *
 *   build/bin/bench_loopback [CALLS] [SERVER_BINARY]
 *
 * Starts build/bin/mktows-server on 127.0.0.1 (port picked by the kernel, leads in memory), makes
 * one warm-up call, then CALLS syncLead calls (default 2000) on one client, and prints the latency
 * distribution. Target (issue 2): well under a millisecond per call on loopback, i.e. no Nagle or
 * delayed-ACK stall (those cost ~40 ms each). Also prints the client's resident memory after the
 * warm-up and at the end: soap_destroy/soap_end after every call keep it flat. Exits 1 if p50
 * reaches 1 ms or the client's RSS grows by more than 1 MiB. */
#include <mktows/mktows.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_USER "bench_1_0123456789ABCDEF"
#define S_KEY "bench-encryption-key"

static double s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Resident set size in KiB (Linux), 0 when unknown. */
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

static int s_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Start the server; its first stdout line is the endpoint URL. */
static pid_t s_start(const char *bin, char *url, size_t url_len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        setenv("MARKETO_USER_ID", S_USER, 1);
        setenv("MARKETO_ENCRYPTION_KEY", S_KEY, 1);
        execl(bin, bin, "--listen", "127.0.0.1:0", "--quiet", (char *)NULL);
        fprintf(stderr, "bench: cannot run %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    if (!f || !fgets(url, (int)url_len, f)) {
        if (f)
            fclose(f);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    fclose(f);
    url[strcspn(url, "\r\n")] = '\0';
    return pid;
}

int main(int argc, char **argv)
{
    int calls = argc > 1 ? atoi(argv[1]) : 2000;
    const char *bin = argc > 2 ? argv[2] : MKTOWS_BIN_DIR "/mktows-server";
    if (calls <= 0) {
        fprintf(stderr, "usage: bench_loopback [CALLS] [SERVER_BINARY]\n");
        return 2;
    }
    char url[512];
    pid_t pid = s_start(bin, url, sizeof url);
    if (pid < 0) {
        fprintf(stderr, "bench: could not start %s\n", bin);
        return 1;
    }

    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = url;
    o.user_id = S_USER;
    o.encryption_key = S_KEY;
    mktows_client *c = NULL;
    mktows_code rc = mktows_client_new(&o, &c);
    double *lat = calloc((size_t)calls, sizeof *lat);
    int failed = rc != MKTOWS_OK || !lat;

    mktows_lead_attribute attrs[] = { { "FirstName", "Ada", NULL }, { "LastName", "Lovelace", NULL } };
    mktows_sync_lead_request req = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    req.email = "ada@example.com";
    req.attrs = attrs;
    req.attr_count = 2;

    double total_start = 0;
    long rss_start = 0;
    for (int i = -1; !failed && i < calls; i++) { /* i = -1: warm-up (connect, first insert) */
        if (i == 0) {
            total_start = s_now_us();
            rss_start = s_rss_kib();
        }
        mktows_sync_lead_result *res = NULL;
        double t0 = s_now_us();
        rc = mktows_sync_lead(c, &req, &res);
        double t1 = s_now_us();
        if (rc != MKTOWS_OK) {
            fprintf(stderr, "bench: call %d failed: %s: %s\n", i, mktows_strerror(rc), mktows_client_errmsg(c));
            failed = 1;
        } else if (i >= 0) {
            lat[i] = t1 - t0;
        }
        mktows_sync_lead_result_free(res);
    }
    double total_us = s_now_us() - total_start;
    long rss_end = s_rss_kib();
    mktows_client_free(c);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    if (failed) {
        free(lat);
        return 1;
    }

    qsort(lat, (size_t)calls, sizeof *lat, s_cmp);
    double p50 = lat[calls / 2], p99 = lat[(size_t)((calls - 1) * 0.99)], max = lat[calls - 1];
    printf("syncLead over one kept-alive loopback connection, %d calls\n", calls);
    printf("  per call: p50 %.0f us, p99 %.0f us, max %.0f us\n", p50, p99, max);
    printf("  throughput: %.0f calls/s (client and server on the same machine)\n", calls / (total_us / 1e6));
    printf("  client memory: RSS %ld KiB after warm-up, %ld KiB after %d calls\n", rss_start, rss_end, calls);
    free(lat);
    if (rss_end - rss_start > 1024) {
        fprintf(stderr, "bench: client RSS grew by %ld KiB: memory is not released per call\n", rss_end - rss_start);
        return 1;
    }
    if (p50 >= 1000.0) {
        fprintf(stderr, "bench: p50 %.0f us is not under 1 ms: look for a Nagle / delayed-ACK stall\n", p50);
        return 1;
    }
    return 0;
}
