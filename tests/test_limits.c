/* What a hostile or broken server can make the client do, bounded and classified honestly: a
 * response larger than max_response_bytes, a gzip bomb, elements nested thousands deep, a body cut
 * off by a closed connection, a response that does not begin with an HTTP status line. Each ends
 * quickly with its own error code, and memory stays within a small multiple of the bound.
 * (Elements nested deeper than the client's bound, MKTOWS_MAX_DEPTH, cannot be built from the
 * schema: its types do not recurse, and unknown elements are skipped, see below.) */
#include "runner.h"

#include "hostile_peer.h"

#include <mktows/mktows.h>
#include <mktows/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <zlib.h>

typedef struct s_case {
    const char *head;      /* HTTP header block sent first; when it ends in "Content-Length: " the
                              body's size and the blank line follow */
    const char *body;      /* sent once after the header, or NULL */
    size_t body_len;
    int flood;             /* then send this many MB of 'x' (0: none) */
    int close_early;       /* close right after head and body */
} s_case;

/* A getLead response up to the text of a lead's Email: what the tests below make endless. */
#define S_PREFIX                                                                                   \
    "<?xml version=\"1.0\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">" \
    "<SOAP-ENV:Body><mkt:successGetLead xmlns:mkt=\"http://www.marketo.com/mktows/\"><result><count>1</count>"

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long s_maxrss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void s_behave(int fd, void *arg, volatile int *stop)
{
    const s_case *c = arg;
    mktows_hostile_read_request(fd);
    char head[512];
    size_t hl = strlen(c->head);
    if (hl >= 16 && strcmp(c->head + hl - 16, "Content-Length: ") == 0)
        snprintf(head, sizeof head, "%s%zu\r\n\r\n", c->head, c->body_len);
    else
        snprintf(head, sizeof head, "%s", c->head);
    if (send(fd, head, strlen(head), MSG_NOSIGNAL) < 0)
        return;
    if (c->body && send(fd, c->body, c->body_len, MSG_NOSIGNAL) < 0)
        return;
    if (c->close_early)
        return;
    static char chunk[65536];
    memset(chunk, 'x', sizeof chunk);
    for (long sent = 0; !*stop && sent < (long)c->flood * 1048576L; sent += (long)sizeof chunk)
        if (send(fd, chunk, sizeof chunk, MSG_NOSIGNAL) < 0)
            return;
    while (!*stop)
        mktows_hostile_sleep_ms(10);
}

/* The trace file s_call() gives the client (NULL: none). */
static FILE *s_trace_file;

/* One getLead against a peer acting out @p c; the code, the message and the seconds it took. */
static mktows_code s_call(const s_case *c, long long max_response, char *msg, size_t msg_len, double *secs)
{
    mktows_hostile_peer p;
    CU_ASSERT_EQUAL_FATAL(mktows_hostile_peer_start(&p, s_behave, (void *)c), 0);
    char url[128];
    mktows_hostile_peer_url(&p, url, sizeof url);
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = url;
    o.user_id = "limits_user";
    o.encryption_key = "limits-key";
    o.call_timeout_ms = 20000;
    o.max_response_bytes = max_response;
    o.trace_file = s_trace_file;
    mktows_client *cl = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &cl), MKTOWS_OK);
    char *out = NULL;
    double t0 = s_now();
    mktows_code rc =
        mktows_call_json(cl, "getLead", "{\"leadKey\":{\"keyType\":\"EMAIL\",\"keyValue\":\"a@b.c\"}}", 0, &out, NULL, 0);
    *secs = s_now() - t0;
    snprintf(msg, msg_len, "%s", mktows_client_errmsg(cl));
    mktows_free(out);
    mktows_client_free(cl);
    mktows_hostile_peer_stop(&p);
    if (*secs > 5)
        fprintf(stderr, "\n%s after %.2f s: %s\n", mktows_strerror(rc), *secs, msg);
    return rc;
}

/* A Content-Length past the bound is refused as the header is read, before any of the body. */
static void test_limits__a_response_larger_than_max_response_bytes_is_refused_early(void)
{
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000000000\r\n\r\n" S_PREFIX
                 "<leadRecordList><leadRecord><Email>",
                 NULL, 0, 300, 0 };
    long before = s_maxrss_kib();
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 2 * 1048576, msg, sizeof msg, &secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "announces 1000000000 bytes (Content-Length), more than max_response_bytes"));
    CU_ASSERT_TRUE(secs < 5);
    /* 300 MB were on offer; the client held a few times its 2 MB bound at most */
    CU_ASSERT_TRUE(s_maxrss_kib() - before < 64 * 1024);
}

/* The same for an error status, whose body gSOAP reads whole for the message: a Content-Length of
 * 160 TB (the fuzzers' find, its bare CR inside the value dropped by gSOAP's line reader) is
 * refused, never allocated. */
static void test_limits__an_error_status_announcing_a_huge_body_is_refused_unread(void)
{
    s_case c = { "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
                 "Content-Length: 160\r1111111111111.111\r\n\r\n<html>gone</html>",
                 NULL, 0, 0, 0 };
    long before = s_maxrss_kib();
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "announces 160111111111111 bytes (Content-Length)"));
    CU_ASSERT_TRUE(secs < 5);
    CU_ASSERT_TRUE(s_maxrss_kib() - before < 64 * 1024);
}

/* --trace of 300 MB on offer, its length not announced (the body ends when the connection
 * closes): the trace holds at most the 2 MB bound of the response (plus the request), and memory
 * stays as bounded as without it. */
static void test_limits__a_trace_of_a_huge_response_is_capped_by_max_response_bytes(void)
{
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n" S_PREFIX
                 "<leadRecordList><leadRecord><Email>",
                 NULL, 0, 300, 0 };
    s_trace_file = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_trace_file);
    long before = s_maxrss_kib();
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 2 * 1048576, msg, sizeof msg, &secs);
    long size = ftell(s_trace_file);
    fclose(s_trace_file);
    s_trace_file = NULL;
    fprintf(stderr, "\ntrace of a 300 MB response with a 2 MiB bound: %ld bytes, %.2f s\n", size, secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_LIMIT);
    /* exactly the bound of the response (the read that crossed it is cut) and the ~1 KB request */
    CU_ASSERT_TRUE(size > 2 * 1048576 && size <= 2 * 1048576 + 4096);
    CU_ASSERT_TRUE(secs < 5);
    CU_ASSERT_TRUE(s_maxrss_kib() - before < 64 * 1024);
}

/* A gzip body: the response's start, then 400 MB of the same byte in an Email: about 400 KB on
 * the wire. */
static unsigned char *s_gzip_bomb(size_t *len)
{
    static const char start[] = S_PREFIX "<leadRecordList><leadRecord><Email>";
    z_stream z;
    memset(&z, 0, sizeof z);
    CU_ASSERT_EQUAL_FATAL(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = 2 * 1048576;
    unsigned char *out = malloc(cap);
    static unsigned char in[1048576];
    memset(in, 'x', sizeof in);
    z.next_out = out;
    z.avail_out = (uInt)cap;
    z.next_in = (unsigned char *)start;
    z.avail_in = sizeof start - 1;
    CU_ASSERT_EQUAL_FATAL(deflate(&z, Z_NO_FLUSH), Z_OK);
    for (int i = 0; i < 400; i++) {
        z.next_in = in;
        z.avail_in = sizeof in;
        CU_ASSERT_EQUAL_FATAL(deflate(&z, i == 399 ? Z_FINISH : Z_NO_FLUSH) != Z_STREAM_ERROR, 1);
    }
    *len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

static void test_limits__a_gzip_bomb_stops_at_the_inflation_bound(void)
{
    size_t n = 0;
    unsigned char *bomb = s_gzip_bomb(&n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bomb);
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\nContent-Length: ",
                 (const char *)bomb, n, 0, 0 };
    long before = s_maxrss_kib();
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "inflates"));
    CU_ASSERT_TRUE(secs < 5);
    CU_ASSERT_TRUE(s_maxrss_kib() - before < 64 * 1024);
    free(bomb);
}

/* Elements the schema does not have are skipped whatever their depth, in linear time and memory;
 * a document that then ends inside them is malformed, reported as soon as its Content-Length is in
 * (not after a stall). */
static void test_limits__elements_nested_thousands_deep_are_skipped_and_the_cut_document_reported(void)
{
    size_t depth = 20000, cap = depth * 7 + 512;
    char *body = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    size_t n = (size_t)snprintf(body, cap, "%s", S_PREFIX);
    for (size_t i = 0; i < depth; i++) { /* elements the schema does not have: skipped, however deep */
        memcpy(body + n, "<a>", 3);
        n += 3;
    }
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ", body, n, 0, 0 };
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "ended inside the XML document"));
    CU_ASSERT_TRUE(secs < 5);
    free(body);
}

/* 200,000 attributes on one element: refused at the 65th (gSOAP compared each new attribute with
 * all earlier ones: minutes of CPU). */
static void test_limits__an_element_with_thousands_of_attributes_is_refused_at_once(void)
{
    size_t n_attrs = 200000, cap = n_attrs * 16 + 1024;
    char *body = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    size_t n = (size_t)snprintf(body, cap, "%s<leadRecordList", S_PREFIX);
    for (size_t i = 0; i < n_attrs; i++)
        n += (size_t)snprintf(body + n, cap - n, " a%zu=\"1\"", i);
    n += (size_t)snprintf(body + n, cap - n, "/></result></mkt:successGetLead></SOAP-ENV:Body></SOAP-ENV:Envelope>");
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ", body, n, 0, 0 };
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_LIMIT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "64 attributes"));
    CU_ASSERT_TRUE(secs < 3);
    free(body);
}

static void test_limits__a_body_cut_by_a_closed_connection_is_a_transport_error(void)
{
    static const char part[] = S_PREFIX "<leadRecordList><leadRecord><Id>1</Id>";
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n", part, sizeof part - 1, 0,
                 1 };
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_TRANSPORT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "closed"));
    if (rc != MKTOWS_ERR_TRANSPORT)
        fprintf(stderr, "\n%s: %s\n", mktows_strerror(rc), msg);
}

static void test_limits__a_response_without_a_status_line_is_a_protocol_error(void)
{
    static const char *const heads[] = {
        "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n",
        "SMTP ready\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        s_case c = { heads[i], NULL, 0, 0, 1 };
        char msg[512];
        double secs;
        mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
        CU_ASSERT_EQUAL(rc, MKTOWS_ERR_PROTOCOL);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "status line"));
        if (rc != MKTOWS_ERR_PROTOCOL)
            fprintf(stderr, "\n%s: %s: %s\n", heads[i], mktows_strerror(rc), msg);
    }
}

/* A chunked response whose chunk size is not hexadecimal fails at once (gSOAP used to skip to the
 * next hexadecimal digits and wait for that many bytes, until the deadline), as a protocol error. */
static void test_limits__a_malformed_chunk_size_fails_at_once(void)
{
    static const char body[] = "zz\r\n" S_PREFIX "\r\n0\r\n\r\n";
    s_case c = { "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n", body,
                 sizeof body - 1, 0, 0 };
    char msg[512];
    double secs;
    mktows_code rc = s_call(&c, 0, msg, sizeof msg, &secs);
    fprintf(stderr, "\nmalformed chunk size: %s after %.3f s: %s\n", mktows_strerror(rc), secs, msg);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_PROTOCOL);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "chunk"));
    CU_ASSERT_TRUE(secs < 2);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "a_response_larger_than_max_response_bytes_is_refused_early",
          test_limits__a_response_larger_than_max_response_bytes_is_refused_early },
        { "an_error_status_announcing_a_huge_body_is_refused_unread",
          test_limits__an_error_status_announcing_a_huge_body_is_refused_unread },
        { "a_trace_of_a_huge_response_is_capped_by_max_response_bytes",
          test_limits__a_trace_of_a_huge_response_is_capped_by_max_response_bytes },
        { "a_gzip_bomb_stops_at_the_inflation_bound", test_limits__a_gzip_bomb_stops_at_the_inflation_bound },
        { "elements_nested_thousands_deep_are_skipped_and_the_cut_document_reported",
          test_limits__elements_nested_thousands_deep_are_skipped_and_the_cut_document_reported },
        { "an_element_with_thousands_of_attributes_is_refused_at_once",
          test_limits__an_element_with_thousands_of_attributes_is_refused_at_once },
        { "a_body_cut_by_a_closed_connection_is_a_transport_error",
          test_limits__a_body_cut_by_a_closed_connection_is_a_transport_error },
        { "a_malformed_chunk_size_fails_at_once", test_limits__a_malformed_chunk_size_fails_at_once },
        { "a_response_without_a_status_line_is_a_protocol_error",
          test_limits__a_response_without_a_status_line_is_a_protocol_error },
        { NULL, NULL },
    };
    return mktows_test_run("limits", NULL, NULL, cases);
}
