/* The server's transport: pipelining, slow clients, the request deadline and the connection limit
 * ([limits] request_timeout_s and connections), HTTP keep-alive (many calls, one connection), TLS with a throwaway
 * self-signed certificate, GET ?WSDL with soap:address pointing at the server, 404 elsewhere, and a
 * clean exit on SIGTERM while a client still holds a connection open. */
#define _GNU_SOURCE /* memmem */
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <mktows/json.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

static void test_keep_alive__200_calls_reuse_one_connection(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    int ok = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 200; i++) {
        char email[64];
        snprintf(email, sizeof email, "ka%d@example.com", i % 20);
        ok += mktows_test_sync(c, 0, email, NULL, NULL, NULL, "LeadScore", "1", NULL) == MKTOWS_OK;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "keep-alive: 200 syncs (returnLead) on one connection in %.3f s (%.0f calls/s)\n", dt, 200 / dt);
    CU_ASSERT_EQUAL(ok, 200);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    /* the server logs one "connection N from" line per accepted connection */
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, " from 127.0.0.1"), 1);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "connection 1 closed after 200 requests"), 1);
    mktows_test_server_clean_up(&srv);
}

/* A TCP connection to the server of @p url ("http://127.0.0.1:PORT/..."). */
static int s_connect(const char *url)
{
    int port = 0;
    if (sscanf(url, "http://127.0.0.1:%d/", &port) != 1 && sscanf(url, "https://127.0.0.1:%d/", &port) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Everything the server sends on @p fd within @p ms, NUL-terminated (caller frees). */
static char *s_read_for(int fd, int ms)
{
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    struct pollfd p = { fd, POLLIN, 0 };
    while (n + 1 < cap && poll(&p, 1, ms) > 0) {
        ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    return buf;
}

static size_t s_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* HTTP/1.1 pipelining: three requests in one write, three answers, in order. */
static void test_pipelining__requests_sent_before_the_answers_are_all_answered_in_order(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    char *env[3] = { NULL, NULL, NULL };
    static const char *const ops[3] = { "getTags", "getChannels", "getTags" };
    static const char *const params[3] = { "{}", "{\"tag\":{\"type\":\"Channel\"}}", "{}" };
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL_FATAL(mktows_call_json(c, ops[i], params[i], MKTOWS_CALL_DRY_RUN, &env[i], NULL, 0), MKTOWS_OK);
    char *all = malloc(65536);
    size_t n = 0;
    for (int i = 0; i < 3; i++)
        n += (size_t)snprintf(all + n, 65536 - n,
                              "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                              "Content-Length: %zu\r\n\r\n%s", strlen(env[i]), env[i]);
    int fd = s_connect(srv.url);
    CU_ASSERT_TRUE_FATAL(fd >= 0);
    CU_ASSERT_EQUAL((size_t)send(fd, all, n, 0), n);
    char *got = s_read_for(fd, 2000);
    CU_ASSERT_EQUAL(s_count(got, "HTTP/1.1 200"), 3);
    if (s_count(got, "HTTP/1.1 200") != 3)
        fprintf(stderr, "\n--- got:\n%.3000s\n---\n", got);
    const char *a = strstr(got, "successGetTags"), *b = strstr(got, "successGetChannels");
    CU_ASSERT_TRUE(a && b && a < b && strstr(b, "successGetTags"));
    close(fd);
    free(got);
    free(all);
    for (int i = 0; i < 3; i++)
        mktows_free(env[i]);
    mktows_client_free(c);
    int stopped = mktows_test_server_stop(&srv);
    CU_ASSERT_EQUAL(stopped, 0);
    if (stopped != 0) {
        char log[600];
        snprintf(log, sizeof log, "cat %s/server.log 2>/dev/null | tail -40 >&2", srv.dir);
        (void)system(log);
    }
    mktows_test_server_clean_up(&srv);
}

/* 300 connections that never finish their request: past the 256 slots, the connection slowest to
 * send its request is closed to make room (or, when none has been at it for a second yet, the new
 * one is answered 503 with Retry-After), and a real client is still served. */
static void test_slow_clients__cannot_starve_a_real_one_and_the_excess_gets_503(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    enum { N = 300 };
    int fds[N];
    for (int i = 0; i < N; i++) {
        fds[i] = s_connect(srv.url);
        CU_ASSERT_TRUE_FATAL(fds[i] >= 0);
        static const char partial[] = "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: x\r\n";
        (void)send(fds[i], partial, sizeof partial - 1, 0);
    }
    /* the excess (accepted within the first second, when no slot is old enough to give up) got 503 */
    struct timespec pause = { 0, 400000000L };
    nanosleep(&pause, NULL);
    size_t busy = 0;
    for (int i = 0; i < N; i++) {
        char buf[256];
        struct pollfd p = { fds[i], POLLIN, 0 };
        if (poll(&p, 1, 0) > 0) {
            ssize_t r = recv(fds[i], buf, sizeof buf - 1, MSG_DONTWAIT);
            if (r > 0) {
                buf[r] = '\0';
                busy += strstr(buf, "503") && strstr(buf, "Retry-After") ? 1 : 0;
            }
        }
    }
    /* every connection past the 256 slots was either answered 503 (when no slot was old enough to
     * give up) or made room by closing the slowest one: none was dropped unanswered with the
     * slots full of slow clients */
    int refused = mktows_test_server_log_count(&srv, "refusing a connection");
    int evicted = mktows_test_server_log_count(&srv, "slowest to send");
    CU_ASSERT_TRUE(refused + evicted >= N - 256);
    CU_ASSERT_EQUAL((size_t)refused, busy);
    sleep(2); /* the slow connections are now the oldest */
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "real@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CU_ASSERT_TRUE(t1.tv_sec - t0.tv_sec < 3);
    mktows_client_free(c);
    for (int i = 0; i < N; i++)
        close(fds[i]);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static double s_seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 1 when the server closed @p fd within @p ms (end of input or reset), 0 otherwise; what it sent
 * first is appended to @p got (NUL-terminated, up to @p len). */
static int s_closed_within(int fd, int ms, char *got, size_t len)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t n = got ? strlen(got) : 0;
    do { /* at least once, also for ms == 0 */
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, ms > 0 ? 20 : 0) <= 0)
            continue;
        char buf[512];
        ssize_t r = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (r <= 0)
            return 1;
        if (got && n + 1 < len) {
            size_t k = (size_t)r < len - 1 - n ? (size_t)r : len - 1 - n;
            memcpy(got + n, buf, k);
            got[n += k] = '\0';
        }
    } while (s_seconds_since(&t0) * 1000 < ms);
    return 0;
}

/* --request-timeout-s 1: a request trickled a byte every 100 ms, each byte well within the stall
 * timeout, is cut 1 s after its first byte; a connection that has sent nothing yet is idle, not
 * slow, and stays open. */
static void test_request_timeout__a_trickled_request_is_closed_when_its_time_is_up(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.extra[0] = "--request-timeout-s";
    o.extra[1] = "1";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    int idle = s_connect(srv.url), fd = s_connect(srv.url);
    CU_ASSERT_TRUE_FATAL(idle >= 0 && fd >= 0);
    static const char request[] = "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: x\r\nX-Slow: "
                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int closed = 0;
    for (size_t i = 0; i < sizeof request - 1 && !closed; i++) {
        if (send(fd, request + i, 1, MSG_NOSIGNAL) != 1)
            closed = 1;
        else
            closed = s_closed_within(fd, 100, NULL, 0);
    }
    double took = s_seconds_since(&t0);
    fprintf(stderr, "request timeout: the trickled request was cut after %.2f s\n", took);
    CU_ASSERT_TRUE(closed);
    CU_ASSERT_TRUE(took >= 0.9 && took < 3.0);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "request not read within 1 s: closing"), 1);
    CU_ASSERT_FALSE(s_closed_within(idle, 0, NULL, 0)); /* idle is not slow: it is still open */
    /* and a whole request on it is served */
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "after-timeout@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    mktows_client_free(c);
    close(fd);
    close(idle);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* --connections 4: four slow connections take every slot; a fifth at once (no slot has been slow
 * for a second yet) is answered 503 with Retry-After and closed, never closed without a word; a
 * second later the slowest slot is given up for a real client, which is served. */
static void test_connection_limit__the_excess_gets_503_then_the_slowest_makes_room(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.extra[0] = "--connections";
    o.extra[1] = "4";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    int fds[4];
    for (int i = 0; i < 4; i++) {
        fds[i] = s_connect(srv.url);
        CU_ASSERT_TRUE_FATAL(fds[i] >= 0);
        static const char partial[] = "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: x\r\n";
        CU_ASSERT_EQUAL(send(fds[i], partial, sizeof partial - 1, MSG_NOSIGNAL), (ssize_t)(sizeof partial - 1));
    }
    int fifth = s_connect(srv.url);
    CU_ASSERT_TRUE_FATAL(fifth >= 0);
    char got[512] = "";
    CU_ASSERT_TRUE(s_closed_within(fifth, 3000, got, sizeof got));
    CU_ASSERT_EQUAL(strncmp(got, "HTTP/1.1 503 Service Unavailable\r\n", 34), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "\r\nRetry-After: 1\r\n"));
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "refusing a connection: too many connections"), 1);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "slowest to send"), 0);
    close(fifth);

    struct timespec pause = { 1, 200000000L };
    nanosleep(&pause, NULL);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "room@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "all 4 connections taken: closing the one slowest to send"), 1);
    int closed = 0;
    for (int i = 0; i < 4; i++) {
        closed += s_closed_within(fds[i], 0, NULL, 0);
        close(fds[i]);
    }
    CU_ASSERT_EQUAL(closed, 1); /* exactly one slow connection gave up its slot */
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* Bad values for the two limits stop the server at start with exit 2, naming the setting. */
static void test_limits__bad_connections_and_request_timeout_exit_2(void)
{
    static const char *const cases[][2] = {
        { "--connections 0", "bad value '0' for connections" },
        { "--connections 4097", "bad value '4097' for connections" },
        { "--request-timeout-s 0", "bad value '0' for request_timeout_s" },
        { "--request-timeout-s 1s", "bad value '1s' for request_timeout_s" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[256], *out = NULL;
        snprintf(cmd, sizeof cmd,
                 "MARKETO_USER_ID=u MARKETO_ENCRYPTION_KEY=k timeout 10 bin/mktows-server --listen 127.0.0.1:0 %s",
                 cases[i][0]);
        int rc = mktows_test_run_command(cmd, &out);
        CU_ASSERT_EQUAL(rc, 2);
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, cases[i][1]));
        if (rc != 2 || !out || !strstr(out, cases[i][1]))
            fprintf(stderr, "%s: exit %d: %s\n", cases[i][0], rc, out ? out : "");
        free(out);
    }
}

/* The server holds its users' keys: once started, its environment (/proc/PID/environ) no longer
 * holds MARKETO_ENCRYPTION_KEY's value, and it cannot dump core (RLIMIT_CORE 0). */
static void test_secrets__the_running_server_keeps_no_key_in_its_environment_and_dumps_no_core(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    char path[64], buf[65536];
    snprintf(path, sizeof path, "/proc/%d/environ", (int)srv.pid);
    FILE *f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    CU_ASSERT_TRUE(n > 0);
    CU_ASSERT_PTR_NOT_NULL(memmem(buf, n, "MARKETO_USER_ID=" MKTOWS_TEST_USER, strlen("MARKETO_USER_ID=" MKTOWS_TEST_USER)));
    CU_ASSERT_PTR_NULL(memmem(buf, n, MKTOWS_TEST_KEY, strlen(MKTOWS_TEST_KEY)));
    snprintf(path, sizeof path, "/proc/%d/limits", (int)srv.pid);
    f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int core_zero = 0;
    char line[256];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "Max core file size", 18) == 0) {
            unsigned long soft = 1, hard = 1;
            core_zero = sscanf(line + 18, " %lu %lu", &soft, &hard) == 2 && soft == 0 && hard == 0;
        }
    fclose(f);
    CU_ASSERT_TRUE(core_zero);
    /* and the key still works: the server's own copy is the one it uses */
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "secrets@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_tls__create_and_update_over_https(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.tls = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    CU_ASSERT_EQUAL(strncmp(srv.url, "https://", 8), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_sync_lead_result *r1 = NULL, *r2 = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(c, 0, "tls@example.com", NULL, NULL, &r1, "FirstName", "Tls", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r1->status, MKTOWS_SYNC_CREATED);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(c, 0, "tls@example.com", NULL, NULL, &r2, "FirstName", "Tls2", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r2->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r2->lead_id, r1->lead_id);
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r2->lead, "FirstName"), "Tls2");
    mktows_sync_lead_result_free(r1);
    mktows_sync_lead_result_free(r2);
    mktows_client_free(c);

    /* a client that does not trust the throwaway certificate refuses it */
    mktows_client_options co = MKTOWS_CLIENT_OPTIONS_INIT;
    co.endpoint = srv.url;
    co.user_id = MKTOWS_TEST_USER;
    co.encryption_key = MKTOWS_TEST_KEY;
    c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&co, &c), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "tls@example.com", NULL, NULL, NULL, NULL), MKTOWS_ERR_TLS);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* A TLS connection to @p url on @p fd, handshake done (the throwaway certificate is not checked:
 * what is tested is the server's answer, not its identity); NULL when the handshake fails. */
static SSL *s_tls_open(SSL_CTX *ctx, int fd)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl || !SSL_set_fd(ssl, fd) || SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}

/* Over TLS too, the connection past the limit gets 503 with Retry-After (after a handshake of its
 * own, on a thread of its own), not a silent close. */
static void test_connection_limit__over_tls_the_excess_gets_503_too(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.tls = 1;
    o.extra[0] = "--connections";
    o.extra[1] = "1";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
    int held_fd = s_connect(srv.url), fd = -1;
    CU_ASSERT_TRUE_FATAL(held_fd >= 0);
    SSL *held = s_tls_open(ctx, held_fd), *ssl = NULL;
    CU_ASSERT_PTR_NOT_NULL(held);
    static const char partial[] = "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: x\r\n";
    if (held)
        CU_ASSERT_EQUAL(SSL_write(held, partial, (int)sizeof partial - 1), (int)sizeof partial - 1);
    char got[512] = "";
    int n = 0;
    fd = s_connect(srv.url);
    CU_ASSERT_TRUE(fd >= 0);
    if (held && fd >= 0 && (ssl = s_tls_open(ctx, fd)) != NULL) {
        for (int r; n < (int)sizeof got - 1 && (r = SSL_read(ssl, got + n, (int)sizeof got - 1 - n)) > 0;)
            n += r;
        got[n] = '\0';
    }
    CU_ASSERT_PTR_NOT_NULL(ssl);
    CU_ASSERT_EQUAL(strncmp(got, "HTTP/1.1 503 Service Unavailable\r\n", 34), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "\r\nRetry-After: 1\r\n"));
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "refusing a connection: too many connections"), 1);
    SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    SSL_free(held);
    close(held_fd);
    SSL_CTX_free(ctx);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_wsdl__get_returns_wsdl_with_soap_address_of_the_server(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    char *resp = mktows_test_http_get(srv.url, "/soap/mktows/2_7?WSDL");
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_EQUAL(strncmp(resp, "HTTP/1.1 200", 12), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Content-Type: text/xml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<wsdl:definitions"));
    char expect[600];
    snprintf(expect, sizeof expect, "<soap:address location=\"%s\"/>", srv.url);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, expect));
    CU_ASSERT_PTR_NULL(strstr(resp, "https://localhost/soap"));
    free(resp);
    /* ?wsdl in lower case too */
    resp = mktows_test_http_get(srv.url, "/soap/mktows/2_7?wsdl");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, expect));
    free(resp);
    resp = mktows_test_http_get(srv.url, "/elsewhere");
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_EQUAL(strncmp(resp, "HTTP/1.1 404", 12), 0);
    free(resp);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "open@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    /* the client keeps its connection open; the server must still stop promptly with status 0 */
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "stopped after 1 connections and 1 requests"), 1);
    mktows_client_free(c);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "pipelining__requests_sent_before_the_answers_are_all_answered_in_order",
          test_pipelining__requests_sent_before_the_answers_are_all_answered_in_order },
        { "slow_clients__cannot_starve_a_real_one_and_the_excess_gets_503",
          test_slow_clients__cannot_starve_a_real_one_and_the_excess_gets_503 },
        { "request_timeout__a_trickled_request_is_closed_when_its_time_is_up",
          test_request_timeout__a_trickled_request_is_closed_when_its_time_is_up },
        { "connection_limit__the_excess_gets_503_then_the_slowest_makes_room",
          test_connection_limit__the_excess_gets_503_then_the_slowest_makes_room },
        { "limits__bad_connections_and_request_timeout_exit_2", test_limits__bad_connections_and_request_timeout_exit_2 },
        { "secrets__the_running_server_keeps_no_key_in_its_environment_and_dumps_no_core",
          test_secrets__the_running_server_keeps_no_key_in_its_environment_and_dumps_no_core },
        { "keep_alive__200_calls_reuse_one_connection", test_keep_alive__200_calls_reuse_one_connection },
        { "tls__create_and_update_over_https", test_tls__create_and_update_over_https },
        { "connection_limit__over_tls_the_excess_gets_503_too", test_connection_limit__over_tls_the_excess_gets_503_too },
        { "wsdl__get_returns_wsdl_with_soap_address_of_the_server", test_wsdl__get_returns_wsdl_with_soap_address_of_the_server },
        { "shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly", test_shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly },
        { NULL, NULL }
    };
    return mktows_test_run("server_transport", NULL, NULL, cases);
}
