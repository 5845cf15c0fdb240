/* A hostile client against mktows-server: HTTP messages that lie or break (Content-Length longer or
 * shorter than the body, a Content-Length past the request limit, malformed and oversized chunks,
 * a gzip bomb), and XML built to cost (a DOCTYPE with nested entities, deep nesting, 200,000
 * attributes, bad UTF-8, a raw NUL, a 1 MB header line). Each gets Marketo's fault 20012 with a
 * message naming what is wrong, within a second or two, with the server's peak memory (VmHWM)
 * within 64 MB of where it started, and a request that was not read whole is never served (a
 * truncated syncLead creates no lead). docs/server.md lists these bounds. */
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include <mktows/sign.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static mktows_test_server s_srv;

static int s_setup(void)
{
    return mktows_test_server_start(&s_srv, NULL) ? 1 : 0;
}

static int s_teardown(void)
{
    int rc = mktows_test_server_stop(&s_srv);
    mktows_test_server_clean_up(&s_srv);
    return rc == 0 ? 0 : 1;
}

static double s_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The server's VmHWM (peak resident memory) in kB, or -1. */
static long s_server_hwm_kb(void)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)s_srv.pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* Sends @p len bytes of @p data on a new connection (closing our side for writing after it when
 * @p half_close), and reads the answer until the server closes or a whole response (by its
 * Content-Length) has come, for at most 10 s. Returns the answer (malloc'd, NUL-terminated; ""
 * when none) and its time in *secs. */
static char *s_exchange(const void *data, size_t len, int half_close, double *secs)
{
    int port = 0;
    sscanf(s_srv.url, "http://127.0.0.1:%d/", &port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(1, cap + 1);
    double t0 = s_now();
    if (fd < 0 || !out || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        *secs = 0;
        return out;
    }
    /* send while reading: the server may answer (and stop reading) before all of it is sent */
    size_t sent = 0;
    int done_sending = 0;
    while (s_now() - t0 < 10) {
        struct pollfd p = { fd, POLLIN | (done_sending ? 0 : POLLOUT), 0 };
        if (poll(&p, 1, 100) <= 0)
            continue;
        if ((p.revents & POLLOUT) && !done_sending) {
            ssize_t w = send(fd, (const char *)data + sent, len - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w > 0)
                sent += (size_t)w;
            if (w < 0 || sent == len) {
                done_sending = 1;
                if (half_close)
                    shutdown(fd, SHUT_WR);
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = recv(fd, out + n, cap - n, MSG_DONTWAIT);
            if (r <= 0)
                break;
            n += (size_t)r;
            out[n] = '\0';
            const char *end = strstr(out, "\r\n\r\n"), *cl = strstr(out, "Content-Length: ");
            if (end && cl && cl < end && n >= (size_t)(end + 4 - out) + strtoul(cl + 16, NULL, 10))
                break; /* a whole response */
            if (n == cap)
                break;
        }
    }
    *secs = s_now() - t0;
    close(fd);
    return out;
}

static char *s_http(const char *extra_headers, const void *body, size_t body_len, long long content_length,
                    int half_close, double *secs, size_t *total)
{
    size_t cap = strlen(extra_headers) + 256 + body_len;
    char *msg = malloc(cap);
    int k = snprintf(msg, cap, "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: text/xml; charset=utf-8\r\n%s", extra_headers);
    if (content_length >= 0)
        k += snprintf(msg + k, cap - (size_t)k, "Content-Length: %lld\r\n", content_length);
    k += snprintf(msg + k, cap - (size_t)k, "\r\n");
    memcpy(msg + k, body, body_len);
    *total = (size_t)k + body_len;
    char *resp = s_exchange(msg, *total, half_close, secs);
    free(msg);
    return resp;
}

/* A signed envelope around <ns1:ELEMENT>INNER</ns1:ELEMENT>, with @p prolog (a DOCTYPE, or "")
 * after the XML declaration; malloc'd. */
static char *s_envelope(const char *prolog, const char *element, const char *inner)
{
    char ts[MKTOWS_TIMESTAMP_SIZE], sig[MKTOWS_SIGNATURE_SIZE];
    if (mktows_timestamp_format(time(NULL), 0, ts) != MKTOWS_OK
        || mktows_sign(ts, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, sig) != MKTOWS_OK)
        return NULL;
    size_t n = strlen(prolog) + strlen(inner) + 2048;
    char *body = malloc(n);
    snprintf(body, n,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s"
             "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
             " xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Header><ns1:AuthenticationHeader>"
             "<mktowsUserId>%s</mktowsUserId><requestSignature>%s</requestSignature>"
             "<requestTimestamp>%s</requestTimestamp></ns1:AuthenticationHeader></SOAP-ENV:Header>"
             "<SOAP-ENV:Body><ns1:%s>%s</ns1:%s></SOAP-ENV:Body></SOAP-ENV:Envelope>",
             prolog, MKTOWS_TEST_USER, sig, ts, element, inner, element);
    return body;
}

static char *s_sync_envelope(const char *prolog, const char *email_xml)
{
    char inner[512];
    snprintf(inner, sizeof inner, "<leadRecord><Email>%s</Email></leadRecord><returnLead>false</returnLead>",
             email_xml);
    return s_envelope(prolog, "paramsSyncLead", inner);
}

/* @p resp is a Marketo fault 20012 whose message contains @p words, received within 2 s (@p secs),
 * and the server's peak memory is within 64 MB of @p hwm_before. */
static void s_expect_20012(const char *what, const char *resp, double secs, const char *words, long hwm_before)
{
    long hwm = s_server_hwm_kb();
    int ok = resp && strncmp(resp, "HTTP/1.1 500 ", 13) == 0 && strstr(resp, "<code>20012</code>")
             && strstr(resp, words);
    fprintf(stderr, "%s: %.3f s, server peak %ld -> %ld kB: %s\n", what, secs, hwm_before, hwm,
            ok ? "20012 as expected" : "UNEXPECTED");
    if (!ok)
        fprintf(stderr, "  expected 20012 with \"%s\", got:\n%.1500s\n", words, resp ? resp : "(nothing)");
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_TRUE(secs < 2.0);
    CU_ASSERT_TRUE(hwm > 0 && hwm - hwm_before < 64 * 1024);
}

/* getLead of @p email: 1 when the server has that lead. */
static int s_lead_exists(const char *email)
{
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    struct mkt__ResultGetLead *r = NULL;
    mktows_code rc = c ? mktows_test_get_lead(c, mkt__LeadKeyRef__EMAIL, email, &r) : MKTOWS_ERR_NO_MEMORY;
    mktows_client_free(c);
    return rc == MKTOWS_OK;
}

static void test_content_length__longer_than_the_body_then_closed_is_not_served(void)
{
    char *env = s_sync_envelope("", "cut@example.com");
    long hwm = s_server_hwm_kb();
    double secs;
    size_t total;
    char *resp = s_http("", env, strlen(env), (long long)strlen(env) + 1000, 1, &secs, &total);
    s_expect_20012("Content-Length 1000 past the body, then closed", resp, secs, "bytes its Content-Length announced",
                   hwm);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Connection: close"));
    CU_ASSERT_FALSE(s_lead_exists("cut@example.com")); /* the whole envelope came, but not the promised bytes */
    free(resp);
    free(env);
}

static void test_content_length__longer_than_the_body_then_silent_ends_at_the_request_deadline(void)
{
    /* a second server with a 1 s request deadline: the body never completes */
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.extra[0] = "--request-timeout-s";
    o.extra[1] = "1";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_test_server saved = s_srv;
    s_srv = srv;
    char *env = s_sync_envelope("", "stalled@example.com");
    double secs;
    size_t total;
    char *resp = s_http("", env, strlen(env), (long long)strlen(env) + 1000, 0, &secs, &total);
    fprintf(stderr, "Content-Length past the body, then silence: answered after %.2f s\n", secs);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<code>20012</code>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "bytes its Content-Length announced"));
    CU_ASSERT_TRUE(secs >= 0.9 && secs < 3.0);
    CU_ASSERT_FALSE(s_lead_exists("stalled@example.com"));
    s_srv = saved;
    free(resp);
    free(env);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_content_length__shorter_than_the_body_is_not_well_formed(void)
{
    char *env = s_sync_envelope("", "short@example.com");
    long hwm = s_server_hwm_kb();
    double secs;
    size_t total;
    char *resp = s_http("", env, strlen(env), (long long)strlen(env) - 30, 0, &secs, &total);
    s_expect_20012("Content-Length 30 short of the body", resp, secs, "not well-formed XML", hwm);
    CU_ASSERT_FALSE(s_lead_exists("short@example.com"));
    free(resp);
    free(env);
}

static void test_content_length__past_the_request_limit_is_refused_before_reading(void)
{
    long hwm = s_server_hwm_kb();
    double secs;
    size_t total;
    char *resp = s_http("", "", 0, 2000000000LL, 0, &secs, &total);
    s_expect_20012("Content-Length 2,000,000,000", resp, secs,
                   "Content-Length (2000000000 bytes) is more than the 33554432 bytes a request may have", hwm);
    free(resp);
    /* and a 40 MiB body that is sent anyway: the fault still reaches the client (lingering close) */
    size_t big = 40u << 20;
    char *body = malloc(big);
    memset(body, ' ', big);
    resp = s_http("", body, big, (long long)big, 0, &secs, &total);
    s_expect_20012("a 40 MiB body", resp, secs, "is more than the 33554432 bytes a request may have", hwm);
    free(resp);
    free(body);
}

static void test_chunked__malformed_and_oversized_chunk_sizes_are_refused_at_once(void)
{
    static const struct {
        const char *what, *body;
    } cases[] = {
        { "a chunk size that is not hexadecimal", "zz\r\nabc\r\n0\r\n\r\n" },
        { "a chunk size of 2^60", "FFFFFFFFFFFFFFF\r\nabc" },
        { "garbage between chunks", "5\r\n<?xml\r\nxx5\r\n vers\r\n0\r\n\r\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long hwm = s_server_hwm_kb();
        double secs;
        size_t total;
        char *resp = s_http("Transfer-Encoding: chunked\r\n", cases[i].body, strlen(cases[i].body), -1, 0, &secs,
                            &total);
        s_expect_20012(cases[i].what, resp, secs, "chunked body is malformed", hwm);
        free(resp);
    }
}

static void test_gzip__a_bomb_is_refused_and_costs_little(void)
{
    /* 1 GiB of zeros after the start of an envelope: about 1 MB of gzip */
    z_stream z = { 0 };
    CU_ASSERT_EQUAL_FATAL(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = 2u << 20;
    unsigned char *gz = malloc(cap), *zeros = calloc(1, 1u << 20);
    char *start = s_envelope("", "paramsGetTags", "<x>");
    z.next_out = gz;
    z.avail_out = (uInt)cap;
    z.next_in = (unsigned char *)start;
    z.avail_in = (uInt)strlen(start);
    CU_ASSERT_EQUAL_FATAL(deflate(&z, Z_NO_FLUSH), Z_OK);
    for (int i = 0; i < 1024; i++) {
        z.next_in = zeros;
        z.avail_in = 1u << 20;
        CU_ASSERT_NOT_EQUAL_FATAL(deflate(&z, i == 1023 ? Z_FINISH : Z_NO_FLUSH), Z_STREAM_ERROR);
    }
    size_t gz_len = cap - z.avail_out;
    deflateEnd(&z);
    long hwm = s_server_hwm_kb();
    double secs;
    size_t total;
    char *resp = s_http("Content-Encoding: gzip\r\n", gz, gz_len, (long long)gz_len, 0, &secs, &total);
    fprintf(stderr, "gzip bomb: %zu bytes of gzip for 1 GiB\n", gz_len);
    s_expect_20012("a gzip bomb (1 GiB)", resp, secs, "inflates more than 256 times its size", hwm);
    free(resp);
    free(start);
    free(zeros);
    free(gz);
}

static void test_xml__a_doctype_is_refused_and_its_entities_never_stored(void)
{
    /* nine levels of ten: 10^10 bytes if expanded */
    char dtd[2048] = "<!DOCTYPE x [<!ENTITY a0 \"aaaaaaaaaa\">";
    for (int i = 1; i < 10; i++) {
        char e[128];
        snprintf(e, sizeof e, "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;\">", i, i - 1,
                 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        strcat(dtd, e);
    }
    strcat(dtd, "]>");
    static const struct {
        const char *what, *prolog, *email;
    } cases[] = {
        { "a DOCTYPE with nested entities (billion laughs)", NULL, "&a9;@example.com" },
        { "a DOCTYPE defining one entity", "<!DOCTYPE x [<!ENTITY e \"dtd\">]>", "&e;@example.com" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *env = s_sync_envelope(cases[i].prolog ? cases[i].prolog : dtd, cases[i].email);
        long hwm = s_server_hwm_kb();
        double secs;
        size_t total;
        char *resp = s_http("", env, strlen(env), (long long)strlen(env), 0, &secs, &total);
        s_expect_20012(cases[i].what, resp, secs, "document type declaration", hwm);
        free(resp);
        free(env);
    }
    /* gSOAP would have read them, dropping the entity: the lead "@example.com" */
    CU_ASSERT_FALSE(s_lead_exists("@example.com"));
}

static void test_xml__costly_documents_are_refused_quickly(void)
{
    size_t deep_n = 20000, attrs_n = 200000;
    char *deep = malloc(deep_n * 7 + 1), *attrs = malloc(attrs_n * 12 + 16);
    size_t k = 0;
    for (size_t i = 0; i < deep_n; i++)
        k += (size_t)sprintf(deep + k, "<a>");
    for (size_t i = 0; i < deep_n; i++)
        k += (size_t)sprintf(deep + k, "</a>");
    k = (size_t)sprintf(attrs, "<a");
    for (size_t i = 0; i < attrs_n; i++)
        k += (size_t)sprintf(attrs + k, " a%zu=\"1\"", i);
    sprintf(attrs + k, "/>");
    static const char bad_utf8[] = "<leadRecord><Email>x\xff\xfe@example.com</Email></leadRecord>";
    static const char nul_ref[] = "<leadRecord><Email>x&#0;y@example.com</Email></leadRecord>";
    struct {
        const char *what, *element, *inner, *words;
    } cases[] = {
        { "elements 20,000 deep", "paramsGetTags", deep, "nests elements more than 128 deep" },
        { "200,000 attributes on one element", "paramsGetTags", attrs, "an element has more than 64 attributes" },
        { "bad UTF-8", "paramsSyncLead", bad_utf8, "not UTF-8" },
        { "a NUL character reference", "paramsSyncLead", nul_ref, "cannot carry" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *env = s_envelope("", cases[i].element, cases[i].inner);
        long hwm = s_server_hwm_kb();
        double secs;
        size_t total;
        char *resp = s_http("", env, strlen(env), (long long)strlen(env), 0, &secs, &total);
        s_expect_20012(cases[i].what, resp, secs, cases[i].words, hwm);
        free(resp);
        free(env);
    }
    /* a raw NUL byte in a value */
    char *env = s_envelope("", "paramsSyncLead", "<leadRecord><Email>xNUL@example.com</Email></leadRecord>");
    char *nul = strstr(env, "NUL");
    memmove(nul + 1, nul + 3, strlen(nul + 3) + 1);
    *nul = '\0';
    size_t len = strlen(env) + 1 + strlen(nul + 1);
    long hwm = s_server_hwm_kb();
    double secs;
    size_t total;
    char *resp = s_http("", env, len, (long long)len, 0, &secs, &total);
    s_expect_20012("a raw NUL byte", resp, secs, "cannot carry", hwm);
    free(resp);
    free(env);
    free(deep);
    free(attrs);
}

static void test_http__a_1_mb_header_line_is_refused(void)
{
    size_t n = 1u << 20;
    char *h = malloc(n + 32);
    memcpy(h, "X-Big: ", 7);
    memset(h + 7, 'a', n);
    memcpy(h + 7 + n, "\r\n", 3);
    long hwm = s_server_hwm_kb();
    double secs;
    size_t total;
    char *resp = s_http(h, "", 0, 0, 0, &secs, &total);
    s_expect_20012("a 1 MB header line", resp, secs, "Header line too long", hwm);
    free(resp);
    free(h);
}

int main(void)
{
    static const mktows_test_case tests[] = {
        { "content_length__longer_than_the_body_then_closed_is_not_served",
          test_content_length__longer_than_the_body_then_closed_is_not_served },
        { "content_length__longer_than_the_body_then_silent_ends_at_the_request_deadline",
          test_content_length__longer_than_the_body_then_silent_ends_at_the_request_deadline },
        { "content_length__shorter_than_the_body_is_not_well_formed",
          test_content_length__shorter_than_the_body_is_not_well_formed },
        { "content_length__past_the_request_limit_is_refused_before_reading",
          test_content_length__past_the_request_limit_is_refused_before_reading },
        { "chunked__malformed_and_oversized_chunk_sizes_are_refused_at_once",
          test_chunked__malformed_and_oversized_chunk_sizes_are_refused_at_once },
        { "gzip__a_bomb_is_refused_and_costs_little", test_gzip__a_bomb_is_refused_and_costs_little },
        { "xml__a_doctype_is_refused_and_its_entities_never_stored",
          test_xml__a_doctype_is_refused_and_its_entities_never_stored },
        { "xml__costly_documents_are_refused_quickly", test_xml__costly_documents_are_refused_quickly },
        { "http__a_1_mb_header_line_is_refused", test_http__a_1_mb_header_line_is_refused },
        { NULL, NULL },
    };
    return mktows_test_run("server_hostile", s_setup, s_teardown, tests);
}
