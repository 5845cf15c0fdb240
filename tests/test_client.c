/* The client handle: option checks, TLS defaults, timeouts handed to gSOAP, keep-alive and
 * TCP_NODELAY on a real loopback connection, the headers each operation's binding names, strerror. */
#include "runner.h"
#include "private/call.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mock_transport.h"
#include "soapH.h"
#include "private/soap.h" /* mktows_client_soap() */
#include "files.h"

static mktows_client_options s_opts(const char *endpoint)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.user_id = MKTOWS_MOCK_USER_ID;
    o.encryption_key = MKTOWS_MOCK_KEY;
    return o;
}

static void s_expect_invalid(const mktows_client_options *o)
{
    mktows_client *c = (mktows_client *)o; /* must be reset to NULL */
    CU_ASSERT_EQUAL(mktows_client_new(o, &c), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_PTR_NULL(c);
}

static void test_client__new_rejects_missing_or_bad_options(void)
{
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL(mktows_client_new(NULL, &c), MKTOWS_ERR_INVALID_ARGUMENT);
    mktows_client_options o = s_opts("https://123-ABC-456.mktoapi.com/soap/mktows/2_7");
    o.version = 0;
    s_expect_invalid(&o);
    o = s_opts(NULL);
    s_expect_invalid(&o);
    o = s_opts("");
    s_expect_invalid(&o);
    o = s_opts("ftp://example.com/x");
    s_expect_invalid(&o);
    o = s_opts("https://");
    s_expect_invalid(&o);
    o = s_opts("example.com/soap");
    s_expect_invalid(&o);
    o = s_opts("http://example.com/soap");
    o.user_id = "";
    s_expect_invalid(&o);
    o = s_opts("http://example.com/soap");
    o.encryption_key = NULL;
    s_expect_invalid(&o);
    o = s_opts("http://example.com/soap");
    o.recv_timeout_ms = -1;
    s_expect_invalid(&o);
    o = s_opts("http://example.com/soap");
    o.version = MKTOWS_CLIENT_OPTIONS_VERSION + 1; /* a newer caller than the library */
    s_expect_invalid(&o);
}

/* A program compiled against another generation of the bindings (another MKTOWS_IFACE_HASH) or
 * another major version is refused with its own code, before anything is read. */
static void test_client__new_refuses_a_program_built_against_other_bindings(void)
{
    mktows_client_options o = s_opts("http://example.com/soap");
    mktows_client *c = (mktows_client *)&o;
    CU_ASSERT_EQUAL(mktows_client_new_checked(&o, MKTOWS_IFACE_HASH ^ 1, MKTOWS_VERSION_NUM, &c),
                    MKTOWS_ERR_INTERFACE_MISMATCH);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_EQUAL(mktows_client_new_checked(&o, MKTOWS_IFACE_HASH, MKTOWS_VERSION_NUM + 0x10000, &c),
                    MKTOWS_ERR_INTERFACE_MISMATCH);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_strerror(MKTOWS_ERR_INTERFACE_MISMATCH), "rebuild"));
    /* The same major version with another minor or patch, and options of version 1, are accepted. */
    o.version = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new_checked(&o, MKTOWS_IFACE_HASH, MKTOWS_VERSION_NUM + 1, &c), MKTOWS_OK);
    mktows_client_free(c);

    unsigned num = 0;
    unsigned long long hash = 0;
    CU_ASSERT_STRING_EQUAL(mktows_version(&num, &hash), MKTOWS_VERSION_STRING);
    CU_ASSERT_EQUAL(num, MKTOWS_VERSION_NUM);
    CU_ASSERT_EQUAL(hash, MKTOWS_IFACE_HASH);
    CU_ASSERT_PTR_NOT_NULL(mktows_version(NULL, NULL));
}

static void test_client__new_copies_the_option_strings(void)
{
    char endpoint[] = "http://example.com/soap/mktows/2_7";
    char key[] = "k3y";
    mktows_client_options o = s_opts(endpoint);
    o.encryption_key = key;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    memset(endpoint, 'x', sizeof endpoint - 1);
    memset(key, 'x', sizeof key - 1);
    CU_ASSERT_STRING_EQUAL(mktows_client_endpoint(c), "http://example.com/soap/mktows/2_7");
    CU_ASSERT_STRING_EQUAL(mktows_client_errmsg(c), "");
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 0);
    CU_ASSERT_PTR_NULL(mktows_client_fault_code(c));
    mktows_client_free(c);
    mktows_client_free(NULL);
}

static void test_client__https_verifies_peer_and_host_by_default(void)
{
    mktows_client_options o = s_opts("https://123-ABC-456.mktoapi.com/soap/mktows/2_7");
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    struct soap *soap = mktows_client_soap(c);
    CU_ASSERT_TRUE(soap->ssl_flags & SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION);
    CU_ASSERT_FALSE(soap->ssl_flags & SOAP_SSL_SKIP_HOST_CHECK);
    CU_ASSERT_FALSE(soap->ssl_flags & SOAP_SSL_ALLOW_EXPIRED_CERTIFICATE);
    CU_ASSERT_PTR_NOT_NULL(soap->ctx);
    mktows_client_free(c);

    o.tls_no_verify_peer = 1;
    o.tls_no_verify_host = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    soap = mktows_client_soap(c);
    CU_ASSERT_FALSE(soap->ssl_flags & SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION);
    CU_ASSERT_TRUE(soap->ssl_flags & SOAP_SSL_SKIP_HOST_CHECK);
    mktows_client_free(c);
}

static void test_client__unreadable_ca_file_is_tls_error(void)
{
    mktows_client_options o = s_opts("https://123-ABC-456.mktoapi.com/soap/mktows/2_7");
    o.ca_file = "/nonexistent/mktows-ca.pem";
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL(mktows_client_new(&o, &c), MKTOWS_ERR_TLS);
    CU_ASSERT_PTR_NULL(c);
}

static void test_client__timeouts_reach_gsoap_in_microseconds(void)
{
    mktows_client_options o = s_opts("http://example.com/soap");
    o.connect_timeout_ms = 1500;
    o.send_timeout_ms = 250;
    o.recv_timeout_ms = 0; /* default */
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    struct soap *soap = mktows_client_soap(c);
    CU_ASSERT_EQUAL(soap->connect_timeout, -1500000);
    CU_ASSERT_EQUAL(soap->send_timeout, -250000);
    CU_ASSERT_EQUAL(soap->recv_timeout, -MKTOWS_DEFAULT_RECV_TIMEOUT_MS * 1000);
    mktows_client_free(c);

    o.recv_timeout_ms = 3600 * 1000 + 1; /* too many microseconds for an int: whole seconds */
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_client_soap(c)->recv_timeout, 3601);
    mktows_client_free(c);
}

static void test_client__keep_alive_and_no_sigpipe_are_configured(void)
{
    mktows_client_options o = s_opts("http://example.com/soap");
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    struct soap *soap = mktows_client_soap(c);
    CU_ASSERT_TRUE(soap->imode & SOAP_IO_KEEPALIVE);
    CU_ASSERT_TRUE(soap->omode & SOAP_IO_KEEPALIVE);
#ifdef MSG_NOSIGNAL
    CU_ASSERT_TRUE(soap->socket_flags & MSG_NOSIGNAL);
#endif
    mktows_client_free(c);
}

/* Every operation of the interface description, with the SOAP headers its binding names. */
#define S_OP(op, fn, REQ, RESP, req_el, resp_el, result, headers, ...) { #op, (headers) },
static const struct {
    const char *name;
    unsigned headers;
} s_ops[] = { MKTOWS_IFACE_OPERATIONS(S_OP) { NULL, 0 } };
#undef S_OP

static void test_client__every_operation_gets_the_headers_its_binding_names(void)
{
    mktows_client *c = mktows_mock_client_new("Default", NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    size_t n = 0;
    for (size_t i = 0; s_ops[i].name; i++, n++) {
        struct soap *soap = NULL;
        CU_ASSERT_EQUAL_FATAL(mktows_client_begin(c, s_ops[i].name, &soap), MKTOWS_OK);
        CU_ASSERT_PTR_EQUAL(soap, mktows_client_soap(c));
        CU_ASSERT_PTR_NOT_NULL_FATAL(soap->header);
        const struct mkt__AuthenticationHeaderInfo *auth = soap->header->mkt__AuthenticationHeader;
        CU_ASSERT_PTR_NOT_NULL_FATAL(auth);
        CU_ASSERT_STRING_EQUAL(auth->mktowsUserId, MKTOWS_MOCK_USER_ID);
        char sig[MKTOWS_SIGNATURE_SIZE];
        CU_ASSERT_EQUAL(mktows_sign(auth->requestTimestamp, MKTOWS_MOCK_USER_ID, MKTOWS_MOCK_KEY, sig), MKTOWS_OK);
        CU_ASSERT_STRING_EQUAL(auth->requestSignature, sig);
        CU_ASSERT_TRUE(s_ops[i].headers & MKTOWS_IFACE_HDR_AUTH); /* every mktows 2_7 operation */
        if (s_ops[i].headers & MKTOWS_IFACE_HDR_CONTEXT) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(soap->header->mkt__MktowsContextHeader);
            CU_ASSERT_STRING_EQUAL(soap->header->mkt__MktowsContextHeader->targetWorkspace, "Default");
        } else {
            CU_ASSERT_PTR_NULL(soap->header->mkt__MktowsContextHeader);
        }
        mktows_client_release(c);
        CU_ASSERT_PTR_NULL(soap->header);
    }
    CU_ASSERT_EQUAL(n, MKTOWS_IFACE_OPERATION_COUNT);
    mktows_client_free(c);
}

static void test_client__each_begin_builds_a_new_header(void)
{
    mktows_client *c = mktows_mock_client_new("Default", NULL, NULL, NULL);
    struct soap *soap = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_begin(c, "syncLead", &soap), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(soap->header->mkt__MktowsContextHeader);
    /* A caller scribbling on the header cannot leak into the next call. */
    soap->header->mkt__AuthenticationHeader->requestSignature = "stale";
    CU_ASSERT_EQUAL_FATAL(mktows_client_begin(c, "getLead", &soap), MKTOWS_OK);
    CU_ASSERT_STRING_NOT_EQUAL(soap->header->mkt__AuthenticationHeader->requestSignature, "stale");
    CU_ASSERT_PTR_NULL(soap->header->mkt__MktowsContextHeader);
    mktows_client_free(c);
}

static void test_client__strerror_names_every_code(void)
{
    static const mktows_code codes[] = {
        MKTOWS_OK, MKTOWS_ERR_INVALID_ARGUMENT, MKTOWS_ERR_NO_MEMORY, MKTOWS_ERR_VALIDATION, MKTOWS_ERR_CONNECT,
        MKTOWS_ERR_TRANSPORT, MKTOWS_ERR_TIMEOUT, MKTOWS_ERR_TLS, MKTOWS_ERR_HTTP, MKTOWS_ERR_PARSE, MKTOWS_ERR_FAULT,
        MKTOWS_ERR_SERVICE, MKTOWS_ERR_CRYPTO, MKTOWS_ERR_IO, MKTOWS_ERR_INTERFACE_MISMATCH, MKTOWS_MKTO_AUTH_FAILED, MKTOWS_MKTO_STREAM_AT_END,
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = mktows_strerror(codes[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown error code");
    }
    CU_ASSERT_STRING_EQUAL(mktows_strerror((mktows_code)999), "unknown error code");
    CU_ASSERT_EQUAL(mktows_code_from_marketo(20014), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(mktows_code_from_marketo(10001), MKTOWS_MKTO_INTERNAL_SEVERE);
    CU_ASSERT_EQUAL(mktows_code_from_marketo(20999), MKTOWS_ERR_SERVICE);
    CU_ASSERT_EQUAL(mktows_code_from_marketo(7), MKTOWS_ERR_SERVICE);
}

/* OpenSSL writes to the socket without MSG_NOSIGNAL. Simulate that with gSOAP's own send path and
 * socket_flags 0 on a socket whose peer is gone: the client's send wrapper must swallow the SIGPIPE
 * (with SIGPIPE at its default disposition, a leaked one would end this test program). */
static void test_client__write_to_closed_peer_does_not_raise_sigpipe(void)
{
    void (*old)(int) = signal(SIGPIPE, SIG_DFL);
    mktows_client_options o = s_opts("http://example.com/soap");
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    struct soap *soap = mktows_client_soap(c);
    int flags = soap->socket_flags;
    soap->socket_flags = 0;
    soap->socket = sv[0];
    CU_ASSERT_NOT_EQUAL(soap->fsend(soap, "x", 1), SOAP_OK);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    CU_ASSERT_FALSE(sigismember(&pending, SIGPIPE));
    soap->socket_flags = flags;
    soap->socket = SOAP_INVALID_SOCKET;
    close(sv[0]);
    mktows_client_free(c);
    signal(SIGPIPE, old);
}

/* ---- a loopback HTTP server thread: answers every request on a connection, counts accepts ---- */

typedef struct s_server {
    int listen_fd;
    int requests_to_serve;
    int accepts;
    int served;
    char *response;      /* full HTTP response */
} s_server;

static int s_read_request(int fd)
{
    char buf[16384];
    size_t n = 0;
    for (;;) {
        ssize_t k = recv(fd, buf + n, sizeof buf - 1 - n, 0);
        if (k <= 0)
            return -1;
        n += (size_t)k;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (!end)
            continue;
        char *cl = strstr(buf, "Content-Length: ");
        size_t want = (size_t)(end + 4 - buf) + (cl ? strtoul(cl + 16, NULL, 10) : 0);
        if (n >= want)
            return 0;
    }
}

static void *s_serve(void *arg)
{
    s_server *s = arg;
    while (s->served < s->requests_to_serve) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            break;
        s->accepts++;
        while (s->served < s->requests_to_serve && s_read_request(fd) == 0) {
            size_t len = strlen(s->response);
            if (send(fd, s->response, len, MSG_NOSIGNAL) != (ssize_t)len)
                break;
            s->served++;
        }
        close(fd);
    }
    return NULL;
}

static void test_client__real_connection_is_kept_alive_with_tcp_nodelay(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    CU_ASSERT_FATAL(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
                    getsockname(fd, (struct sockaddr *)&a, &al) == 0 && listen(fd, 4) == 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/synclead/response.xml", MKTOWS_TEST_DATA);
    char *body = mktows_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    size_t cap = strlen(body) + 256;
    s_server srv = { fd, 3, 0, 0, malloc(cap) };
    snprintf(srv.response, cap, "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n%s",
             strlen(body), body);
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, s_serve, &srv), 0);

    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d/soap/mktows/2_7", ntohs(a.sin_port));
    mktows_client_options o = s_opts(endpoint);
    o.recv_timeout_ms = 5000;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    static const mktows_lead_attribute attrs[] = { { "FirstName", "George", NULL } };
    mktows_sync_lead_request r = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    r.email = "george@jungle.com";
    r.attrs = attrs;
    r.attr_count = 1;
    for (int i = 0; i < 3; i++) {
        mktows_sync_lead_result *res = NULL;
        CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
        if (res) {
            CU_ASSERT_EQUAL(res->lead_id, 1089965);
        }
        mktows_sync_lead_result_free(res);
        if (i == 0) {
            int nodelay = 0;
            socklen_t len = sizeof nodelay;
            struct soap *soap = mktows_client_soap(c);
            CU_ASSERT_TRUE(soap_valid_socket(soap->socket));
            CU_ASSERT_EQUAL(getsockopt(soap->socket, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
            CU_ASSERT_TRUE(nodelay != 0);
        }
    }
    mktows_client_free(c);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(srv.served, 3);
    CU_ASSERT_EQUAL(srv.accepts, 1);
    free(srv.response);
    free(body);
    close(fd);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "new_rejects_missing_or_bad_options", test_client__new_rejects_missing_or_bad_options },
        { "new_refuses_a_program_built_against_other_bindings",
          test_client__new_refuses_a_program_built_against_other_bindings },
        { "new_copies_the_option_strings", test_client__new_copies_the_option_strings },
        { "https_verifies_peer_and_host_by_default", test_client__https_verifies_peer_and_host_by_default },
        { "unreadable_ca_file_is_tls_error", test_client__unreadable_ca_file_is_tls_error },
        { "timeouts_reach_gsoap_in_microseconds", test_client__timeouts_reach_gsoap_in_microseconds },
        { "keep_alive_and_no_sigpipe_are_configured", test_client__keep_alive_and_no_sigpipe_are_configured },
        { "every_operation_gets_the_headers_its_binding_names", test_client__every_operation_gets_the_headers_its_binding_names },
        { "each_begin_builds_a_new_header", test_client__each_begin_builds_a_new_header },
        { "strerror_names_every_code", test_client__strerror_names_every_code },
        { "write_to_closed_peer_does_not_raise_sigpipe", test_client__write_to_closed_peer_does_not_raise_sigpipe },
        { "real_connection_is_kept_alive_with_tcp_nodelay", test_client__real_connection_is_kept_alive_with_tcp_nodelay },
        { NULL, NULL }
    };
    return mktows_test_run("client", NULL, NULL, cases);
}
