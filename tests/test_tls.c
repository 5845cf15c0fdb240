/* TLS against a local OpenSSL server with throw-away certificates: the certificate and host name
 * are verified by default, the opt-outs work, a trusted server keeps one connection across calls,
 * and a peer that resets the connection mid-request is an error code, not a crash. */
#include "runner.h"

#include <mktows/mktows.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mock_transport.h"
#include "files.h"

static char s_dir[256];
static char s_good_cert[300], s_good_key[300], s_wrong_cert[300], s_wrong_key[300];
static char *s_response;

typedef enum s_mode { S_ANSWER, S_DROP_AFTER_HANDSHAKE } s_mode;

typedef struct s_server {
    int listen_fd;
    int port;
    SSL_CTX *ctx;
    s_mode mode;
    int accepts;
    int handshakes;
    int served;
    pthread_t thread;
} s_server;

static int s_openssl_req(const char *cert, const char *key, const char *cn, const char *san)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
             "-subj '/CN=%s' -addext 'subjectAltName=%s' -keyout '%s' -out '%s' >/dev/null 2>&1",
             cn, san, key, cert);
    return system(cmd) == 0 ? 0 : -1;
}

static int s_setup(void)
{
    snprintf(s_dir, sizeof s_dir, "/tmp/mktows-tls-XXXXXX");
    if (!mkdtemp(s_dir))
        return 1;
    snprintf(s_good_cert, sizeof s_good_cert, "%s/good.pem", s_dir);
    snprintf(s_good_key, sizeof s_good_key, "%s/good.key", s_dir);
    snprintf(s_wrong_cert, sizeof s_wrong_cert, "%s/wrong.pem", s_dir);
    snprintf(s_wrong_key, sizeof s_wrong_key, "%s/wrong.key", s_dir);
    if (s_openssl_req(s_good_cert, s_good_key, "127.0.0.1", "IP:127.0.0.1,DNS:localhost") ||
        s_openssl_req(s_wrong_cert, s_wrong_key, "wrong.example", "DNS:wrong.example"))
        return 1;
    char path[1024];
    snprintf(path, sizeof path, "%s/synclead/response.xml", MKTOWS_TEST_DATA);
    char *body = mktows_read_file(path, NULL);
    if (!body)
        return 1;
    size_t cap = strlen(body) + 256;
    s_response = malloc(cap);
    snprintf(s_response, cap, "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n%s",
             strlen(body), body);
    free(body);
    signal(SIGPIPE, SIG_DFL); /* a stray SIGPIPE must kill this process: that is what we test */
    return 0;
}

static int s_teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
    free(s_response);
    return system(cmd) == 0 ? 0 : 1;
}

static int s_read_request(SSL *ssl)
{
    static char buf[1 << 16];
    size_t n = 0;
    for (;;) {
        int k = SSL_read(ssl, buf + n, (int)(sizeof buf - 1 - n));
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
    /* The server's own writes to a client that hung up must not end the test: block SIGPIPE in
     * this thread only (EPIPE's SIGPIPE goes to the writing thread). */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    for (;;) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            break;
        s->accepts++;
        SSL *ssl = SSL_new(s->ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) == 1) {
            s->handshakes++;
            if (s->mode == S_DROP_AFTER_HANDSHAKE) {
                struct linger lg = { 1, 0 }; /* close with RST */
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            } else {
                while (s_read_request(ssl) == 0) {
                    int len = (int)strlen(s_response);
                    if (SSL_write(ssl, s_response, len) != len)
                        break;
                    s->served++;
                }
                SSL_shutdown(ssl);
            }
        }
        SSL_free(ssl);
        close(fd);
        ERR_clear_error();
    }
    return NULL;
}

static int s_server_start(s_server *s, const char *cert, const char *key, s_mode mode)
{
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->ctx = SSL_CTX_new(TLS_server_method());
    if (!s->ctx || SSL_CTX_use_certificate_chain_file(s->ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(s->ctx, key, SSL_FILETYPE_PEM) != 1)
        return -1;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (s->listen_fd < 0 || bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(s->listen_fd, (struct sockaddr *)&a, &al) != 0 || listen(s->listen_fd, 8) != 0)
        return -1;
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->thread, NULL, s_serve, s) == 0 ? 0 : -1;
}

static void s_server_stop(s_server *s)
{
    shutdown(s->listen_fd, SHUT_RDWR); /* wakes accept() */
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
    SSL_CTX_free(s->ctx);
}

static mktows_client *s_client(const s_server *s, const char *host, const char *ca_file, int no_peer, int no_host)
{
    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "https://%s:%d/soap/mktows/2_7", host, s->port);
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.user_id = MKTOWS_MOCK_USER_ID;
    o.encryption_key = MKTOWS_MOCK_KEY;
    o.ca_file = ca_file;
    o.tls_no_verify_peer = no_peer;
    o.tls_no_verify_host = no_host;
    o.recv_timeout_ms = 5000;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL(mktows_client_new(&o, &c), MKTOWS_OK);
    return c;
}

static mktows_code s_sync(mktows_client *c, const char *value)
{
    mktows_lead_attribute attrs[] = { { "FirstName", value, NULL } };
    mktows_sync_lead_request r = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    r.email = "george@jungle.com";
    r.attrs = attrs;
    r.attr_count = 1;
    mktows_sync_lead_result *res = NULL;
    mktows_code rc = mktows_sync_lead(c, &r, &res);
    if (rc == MKTOWS_OK) {
        CU_ASSERT_EQUAL(res->lead_id, 1089965);
    }
    mktows_sync_lead_result_free(res);
    return rc;
}

static void test_tls__untrusted_certificate_is_tls_error(void)
{
    s_server s;
    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_good_cert, s_good_key, S_ANSWER), 0);
    mktows_client *c = s_client(&s, "127.0.0.1", NULL, 0, 0); /* system CA store: does not know it */
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_ERR_TLS);
    CU_ASSERT_EQUAL(s.served, 0);
    mktows_client_free(c);
    s_server_stop(&s);
}

static void test_tls__trusted_server_is_verified_and_connection_kept(void)
{
    s_server s;
    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_good_cert, s_good_key, S_ANSWER), 0);
    mktows_client *c = s_client(&s, "127.0.0.1", s_good_cert, 0, 0);
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_OK);
    if (mktows_client_errmsg(c)[0])
        fprintf(stderr, "\n%s\n", mktows_client_errmsg(c));
    mktows_client_free(c);
    s_server_stop(&s);
    CU_ASSERT_EQUAL(s.served, 2);
    CU_ASSERT_EQUAL(s.handshakes, 1);
}

static void test_tls__host_name_mismatch_is_tls_error_unless_opted_out(void)
{
    s_server s;
    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_wrong_cert, s_wrong_key, S_ANSWER), 0);
    mktows_client *c = s_client(&s, "127.0.0.1", s_wrong_cert, 0, 0);
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_ERR_TLS);
    mktows_client_free(c);
    c = s_client(&s, "127.0.0.1", s_wrong_cert, 0, 1);
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_OK);
    mktows_client_free(c);
    s_server_stop(&s);
    CU_ASSERT_EQUAL(s.served, 1);
}

static void test_tls__no_verify_peer_accepts_an_unknown_certificate(void)
{
    s_server s;
    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_wrong_cert, s_wrong_key, S_ANSWER), 0);
    mktows_client *c = s_client(&s, "127.0.0.1", NULL, 1, 1);
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_OK);
    mktows_client_free(c);
    s_server_stop(&s);
}

/* The two switches are separate: with only the peer check off, an unknown certificate for this
 * host is accepted, and a certificate for another host is still refused. */
static void test_tls__no_verify_peer_alone_still_checks_the_host_name(void)
{
    s_server s;
    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_good_cert, s_good_key, S_ANSWER), 0);
    mktows_client *c = s_client(&s, "127.0.0.1", NULL, 1, 0); /* unknown CA, right host */
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_OK);
    mktows_client_free(c);
    s_server_stop(&s);

    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_wrong_cert, s_wrong_key, S_ANSWER), 0);
    c = s_client(&s, "127.0.0.1", NULL, 1, 0); /* unknown CA, wrong host */
    CU_ASSERT_EQUAL(s_sync(c, "George"), MKTOWS_ERR_TLS);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "host name"));
    mktows_client_free(c);
    s_server_stop(&s);
}

/* The server resets the connection right after the handshake while the client writes 4 MB. On
 * Linux the client sees ECONNRESET (gSOAP stops at the first failed write), so this checks the error
 * path; the SIGPIPE guard itself is checked deterministically in test_client. */
static void test_tls__peer_resetting_mid_request_is_an_error_not_a_crash(void)
{
    s_server s;
    CU_ASSERT_EQUAL_FATAL(s_server_start(&s, s_good_cert, s_good_key, S_DROP_AFTER_HANDSHAKE), 0);
    mktows_client *c = s_client(&s, "127.0.0.1", s_good_cert, 0, 0);
    size_t big = 4u << 20; /* 4 MB: many writes after the peer has reset the connection */
    char *value = malloc(big + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(value);
    memset(value, 'x', big);
    value[big] = '\0';
    for (int i = 0; i < 3; i++) {
        mktows_code rc = s_sync(c, value);
        CU_ASSERT_TRUE(rc == MKTOWS_ERR_TRANSPORT || rc == MKTOWS_ERR_TLS);
    }
    free(value);
    mktows_client_free(c);
    s_server_stop(&s);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "untrusted_certificate_is_tls_error", test_tls__untrusted_certificate_is_tls_error },
        { "trusted_server_is_verified_and_connection_kept", test_tls__trusted_server_is_verified_and_connection_kept },
        { "host_name_mismatch_is_tls_error_unless_opted_out", test_tls__host_name_mismatch_is_tls_error_unless_opted_out },
        { "no_verify_peer_accepts_an_unknown_certificate", test_tls__no_verify_peer_accepts_an_unknown_certificate },
        { "no_verify_peer_alone_still_checks_the_host_name", test_tls__no_verify_peer_alone_still_checks_the_host_name },
        { "peer_resetting_mid_request_is_an_error_not_a_crash", test_tls__peer_resetting_mid_request_is_an_error_not_a_crash },
        { NULL, NULL }
    };
    return mktows_test_run("tls", s_setup, s_teardown, cases);
}
