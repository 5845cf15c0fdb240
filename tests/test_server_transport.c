/* The server's transport: HTTP keep-alive (many calls, one connection), TLS with a throwaway
 * self-signed certificate, GET ?WSDL with soap:address pointing at the server, 404 elsewhere, and a
 * clean exit on SIGTERM while a client still holds a connection open. */
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
    if (sscanf(url, "http://127.0.0.1:%d/", &port) != 1)
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
        { "keep_alive__200_calls_reuse_one_connection", test_keep_alive__200_calls_reuse_one_connection },
        { "tls__create_and_update_over_https", test_tls__create_and_update_over_https },
        { "wsdl__get_returns_wsdl_with_soap_address_of_the_server", test_wsdl__get_returns_wsdl_with_soap_address_of_the_server },
        { "shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly", test_shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly },
        { NULL, NULL }
    };
    return mktows_test_run("server_transport", NULL, NULL, cases);
}
