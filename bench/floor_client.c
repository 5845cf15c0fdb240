/* floor_client: the cheapest possible client (bench/run). It sends one fixed, pre-built request
 * over kept-alive connections and reads each response by its Content-Length: no XML, no signing,
 * no allocation per call. Against the canned server it is the floor every stack is measured from;
 * against mktows-server it is the load generator (the request must then carry a valid signature,
 * made when the body was rendered: mktows-server accepts it for --max-skew seconds).
 *
 *   floor_client URL BODY_FILE CALLS [CONNECTIONS [SOAPACTION]]
 *
 * BODY_FILE holds the SOAP envelope. CALLS are shared out over CONNECTIONS threads (default 1),
 * each with its own connection, after 50 warm-up calls each that are neither timed nor counted.
 * Prints one line:
 *   calls=N connections=C seconds=S per_call_us=X p50_us=X p99_us=X calls_per_s=X
 * (per_call_us is wall time over calls; p50/p99 are of the individual calls' latencies). Exits 1
 * when a response is not "200" or a connection fails. */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define S_WARMUP 50

typedef struct s_job {
    const struct sockaddr_in *addr;
    const char *request;
    size_t request_len;
    long calls;
    double *lat_us;  /* calls entries */
    pthread_barrier_t *warm; /* every thread and main: the clock starts after the warm-up */
    int failed;
} s_job;

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

/* Send the request and read one whole response into buf. 0 on a 200 response. */
static int s_call(int fd, const s_job *job, char *buf, size_t cap)
{
    for (size_t off = 0; off < job->request_len;) {
        ssize_t n = send(fd, job->request + off, job->request_len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        off += (size_t)n;
    }
    size_t len = 0, want = 0;
    for (;;) {
        ssize_t n = recv(fd, buf + len, cap - len - 1, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        len += (size_t)n;
        buf[len] = '\0';
        if (!want) {
            char *end = strstr(buf, "\r\n\r\n");
            if (!end)
                continue;
            char *cl = strcasestr(buf, "\r\nContent-Length:");
            if (!cl || cl > end)
                return -1;
            want = (size_t)(end + 4 - buf) + strtoul(cl + 17, NULL, 10);
            if (want >= cap)
                return -1;
        }
        if (len >= want)
            return strncmp(buf + 8, " 200", 4) == 0 && len == want ? 0 : -1;
    }
}

static void *s_run(void *arg)
{
    s_job *job = arg;
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
    if (!buf || fd < 0 || connect(fd, (const struct sockaddr *)job->addr, sizeof *job->addr) != 0) {
        job->failed = 1;
    } else {
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        for (int i = 0; i < S_WARMUP && !job->failed; i++)
            job->failed = s_call(fd, job, buf, cap) != 0;
    }
    pthread_barrier_wait(job->warm);
    if (!job->failed) {
        for (long i = 0; i < job->calls && !job->failed; i++) {
            double t0 = s_now_us();
            job->failed = s_call(fd, job, buf, cap) != 0;
            job->lat_us[i] = s_now_us() - t0;
        }
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static char *s_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n == cap) {
            char *bigger = realloc(data, cap = cap ? cap * 2 : 65536);
            if (!bigger) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
        }
        r = fread(data + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 6) {
        fputs("usage: floor_client URL BODY_FILE CALLS [CONNECTIONS [SOAPACTION]]\n", stderr);
        return 2;
    }
    const char *url = argv[1];
    long calls = atol(argv[3]);
    int nconn = argc > 4 ? atoi(argv[4]) : 1;
    const char *action = argc > 5 ? argv[5] : "http://www.marketo.com/mktows/syncLead";
    char host[256], path[1024] = "/";
    int port = 80;
    if (calls < 1 || nconn < 1 || nconn > 256 || sscanf(url, "http://%255[^:/]:%d%1023s", host, &port, path) < 2) {
        fprintf(stderr, "floor_client: bad arguments (URL must be http://HOST:PORT/PATH)\n");
        return 2;
    }
    size_t body_len;
    char *body = s_read_file(argv[2], &body_len);
    if (!body) {
        fprintf(stderr, "floor_client: cannot read %s\n", argv[2]);
        return 1;
    }
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    struct hostent *he = inet_pton(AF_INET, host, &addr.sin_addr) == 1 ? NULL : gethostbyname(host);
    if (he)
        memcpy(&addr.sin_addr, he->h_addr_list[0], sizeof addr.sin_addr);

    size_t cap = body_len + 1024;
    char *request = malloc(cap);
    if (!request)
        return 1;
    int hn = snprintf(request, cap,
                      "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: text/xml; charset=utf-8\r\n"
                      "Content-Length: %zu\r\nSOAPAction: \"%s\"\r\n\r\n",
                      path, host, port, body_len, action);
    memcpy(request + hn, body, body_len);
    free(body);

    s_job *jobs = calloc((size_t)nconn, sizeof *jobs);
    pthread_t *threads = calloc((size_t)nconn, sizeof *threads);
    double *lat = calloc((size_t)calls, sizeof *lat);
    if (!jobs || !threads || !lat)
        return 1;
    long given = 0;
    pthread_barrier_t warm;
    pthread_barrier_init(&warm, NULL, (unsigned)nconn + 1);
    for (int i = 0; i < nconn; i++) {
        jobs[i] = (s_job){ .addr = &addr, .request = request, .request_len = (size_t)hn + body_len,
                           .calls = calls / nconn + (i < calls % nconn), .lat_us = lat + given, .warm = &warm };
        given += jobs[i].calls;
    }
    for (int i = 0; i < nconn; i++)
        pthread_create(&threads[i], NULL, s_run, &jobs[i]);
    pthread_barrier_wait(&warm);
    double t0 = s_now_us();
    int failed = 0;
    for (int i = 0; i < nconn; i++) {
        pthread_join(threads[i], NULL);
        failed |= jobs[i].failed;
    }
    double secs = (s_now_us() - t0) / 1e6;
    if (failed) {
        fprintf(stderr, "floor_client: a call failed (no connection, or a response other than 200)\n");
        return 1;
    }
    qsort(lat, (size_t)calls, sizeof *lat, s_cmp);
    printf("calls=%ld connections=%d seconds=%.4f per_call_us=%.2f p50_us=%.2f p99_us=%.2f calls_per_s=%.0f\n", calls,
           nconn, secs, secs * 1e6 / (double)calls, lat[calls / 2], lat[(size_t)((double)calls * 0.99)],
           (double)calls / secs);
    free(lat);
    free(jobs);
    free(threads);
    free(request);
    return 0;
}
