/* Socket-level behaviour wrapped around gSOAP's own callbacks: no Nagle delay (TCP_NODELAY on every
 * connection), timeouts told apart from a closed connection (gSOAP reports both as SOAP_EOF with
 * errnum 0), and no SIGPIPE. gSOAP passes MSG_NOSIGNAL (soap->socket_flags) to its own send(), but
 * OpenSSL writes to the socket itself, so writes and the TLS close are done with SIGPIPE blocked and
 * a SIGPIPE they raise is consumed (as libcurl does). */
#include "private/client.h"

#include <errno.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

typedef struct s_sigpipe_guard {
    sigset_t old_mask;
    int was_pending;
} s_sigpipe_guard;

static void s_sigpipe_block(s_sigpipe_guard *g)
{
    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &g->old_mask);
    sigemptyset(&pending);
    g->was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
}

static void s_sigpipe_restore(const s_sigpipe_guard *g)
{
    if (!g->was_pending) {
        sigset_t set, pending;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigemptyset(&pending);
        if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
            struct timespec zero = { 0, 0 };
            (void)sigtimedwait(&set, NULL, &zero);
        }
    }
    pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
}

/* gSOAP timeout (seconds if > 0, microseconds if < 0) in milliseconds; 0 = none. */
static long s_timeout_ms(int t)
{
    if (t > 0)
        return t * 1000L;
    if (t < 0)
        return (-(long)t + 999) / 1000;
    return 0;
}

static long s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static SOAP_SOCKET s_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
    mktows_client *client = soap->user;
    long timeout_ms = s_timeout_ms(soap->connect_timeout), start = s_now_ms();
    s_sigpipe_guard g; /* the TLS handshake and a failed verification's shutdown write too */
    s_sigpipe_block(&g);
    SOAP_SOCKET sk = client->orig_fopen(soap, endpoint, host, port);
    s_sigpipe_restore(&g);
    if (!soap_valid_socket(sk) && soap->error == SOAP_TCP_ERROR && timeout_ms && s_now_ms() - start >= timeout_ms)
        client->timed_out = MKTOWS_TIMED_OUT_CONNECT;
    if (soap_valid_socket(sk)) {
        int on = 1;
        (void)setsockopt(sk, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
#ifdef SO_NOSIGPIPE
        (void)setsockopt(sk, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
#endif
    }
    return sk;
}

static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    mktows_client *client = soap->user;
    s_sigpipe_guard g;
    s_sigpipe_block(&g);
    long timeout_ms = s_timeout_ms(soap->send_timeout), start = s_now_ms();
    int rc = client->orig_fsend(soap, data, len);
    if (rc != SOAP_OK && timeout_ms && s_now_ms() - start >= timeout_ms)
        client->timed_out = MKTOWS_TIMED_OUT_SEND;
    s_sigpipe_restore(&g);
    return rc;
}

/* Wait for input ourselves first, so a timeout is known as one; gSOAP's frecv then reads. */
static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    mktows_client *client = soap->user;
    long timeout_ms = s_timeout_ms(soap->recv_timeout);
    if (timeout_ms && soap_valid_socket(soap->socket) && !(soap->ssl && SSL_pending(soap->ssl) > 0)) {
        struct pollfd pfd = { soap->socket, POLLIN, 0 };
        int r;
        do
            r = poll(&pfd, 1, timeout_ms > 0x7fffffffL ? 0x7fffffff : (int)timeout_ms);
        while (r < 0 && errno == EINTR);
        if (r == 0) {
            client->timed_out = MKTOWS_TIMED_OUT_RECV;
            soap->errnum = ETIMEDOUT;
            return 0;
        }
    }
    return client->orig_frecv(soap, data, len);
}

static int s_fclose(struct soap *soap)
{
    mktows_client *client = soap->user;
    s_sigpipe_guard g;
    s_sigpipe_block(&g);
    int rc = client->orig_fclose(soap);
    s_sigpipe_restore(&g);
    return rc;
}

void mktows_transport_install_(mktows_client *client)
{
    struct soap *soap = client->soap;
    client->orig_fopen = soap->fopen;
    client->orig_fsend = soap->fsend;
    client->orig_fclose = soap->fclose;
    client->orig_frecv = soap->frecv;
    soap->fopen = s_fopen;
    soap->frecv = s_frecv;
    soap->fsend = s_fsend;
    soap->fclose = s_fclose;
}
