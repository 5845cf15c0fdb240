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
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
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

/* gSOAP timeout units for ms (> 0): whole seconds when they are exact or large, else -microseconds. */
static int s_gsoap_units(long ms)
{
    if (ms % 1000 == 0 || ms > 2000000L)
        return (int)((ms + 999) / 1000);
    return (int)(-ms * 1000);
}

void mktows_transport_begin_(mktows_client *client)
{
    client->deadline_ms = client->call_timeout_ms > 0 ? s_now_ms() + client->call_timeout_ms : 0;
}

/* How long the next wait may last: the stall timeout, cut to what is left of the call's deadline.
 * *by_deadline says which one it is. 0 with *by_deadline set: the deadline has passed. -1: no limit. */
static long s_limit(const mktows_client *client, long stall_ms, int *by_deadline)
{
    *by_deadline = 0;
    long limit = stall_ms > 0 ? stall_ms : -1;
    if (client->deadline_ms) {
        long left = (long)(client->deadline_ms - s_now_ms());
        if (left < 0)
            left = 0;
        if (limit < 0 || left <= limit) {
            limit = left;
            *by_deadline = 1;
        }
    }
    return limit;
}

static SOAP_SOCKET s_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
    mktows_client *client = soap->user;
    int saved_connect = soap->connect_timeout, saved_send = soap->send_timeout, saved_recv = soap->recv_timeout;
    int by_deadline = 0;
    long timeout_ms = s_limit(client, s_timeout_ms(soap->connect_timeout), &by_deadline), start = s_now_ms();
    if (by_deadline && timeout_ms == 0) {
        client->timed_out = MKTOWS_TIMED_OUT_CALL;
        soap->errnum = ETIMEDOUT;
        soap_set_receiver_error(soap, "Timeout", "the call's deadline passed before connecting", SOAP_TCP_ERROR);
        return SOAP_INVALID_SOCKET;
    }
    if (by_deadline) {
        /* the connect and, over TLS, the handshake's reads and writes */
        soap->connect_timeout = s_gsoap_units(timeout_ms);
        int by = 0;
        long send_ms = s_limit(client, s_timeout_ms(saved_send), &by), recv_ms = s_limit(client, s_timeout_ms(saved_recv), &by);
        soap->send_timeout = send_ms > 0 ? s_gsoap_units(send_ms) : saved_send;
        soap->recv_timeout = recv_ms > 0 ? s_gsoap_units(recv_ms) : saved_recv;
    }
    s_sigpipe_guard g; /* the TLS handshake and a failed verification's shutdown write too */
    s_sigpipe_block(&g);
    SOAP_SOCKET sk = client->orig_fopen(soap, endpoint, host, port);
    s_sigpipe_restore(&g);
    soap->connect_timeout = saved_connect;
    soap->send_timeout = saved_send;
    soap->recv_timeout = saved_recv;
    if (!soap_valid_socket(sk) && soap->error == SOAP_TCP_ERROR && timeout_ms > 0 && s_now_ms() - start >= timeout_ms)
        client->timed_out = by_deadline ? MKTOWS_TIMED_OUT_CALL : MKTOWS_TIMED_OUT_CONNECT;
    if (soap_valid_socket(sk) && mktows_tls_check_host_(client, soap, host) != 0) {
        s_sigpipe_block(&g);
        client->orig_fclose(soap); /* the TLS shutdown writes */
        s_sigpipe_restore(&g);
        return SOAP_INVALID_SOCKET;
    }
    if (soap_valid_socket(sk)) {
        int on = 1;
        int fl = fcntl(sk, F_GETFL);
        if (!soap->ssl && fl >= 0 && !(fl & O_NONBLOCK))
            (void)fcntl(sk, F_SETFL, fl | O_NONBLOCK); /* s_fsend_tcp / s_frecv_tcp poll themselves */
        (void)setsockopt(sk, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
#ifdef SO_NOSIGPIPE
        (void)setsockopt(sk, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
#endif
    }
    return sk;
}

/* ---- plain TCP: our own send and receive ----
 *
 * gSOAP's tcp send and receive wait in select() before every send() and recv() when a timeout is
 * set, and the SIGPIPE guard above costs four more system calls per write. For plain TCP neither is
 * needed: send() gets MSG_NOSIGNAL, and the socket is non-blocking (gSOAP makes it so when timeouts
 * are set; s_fopen makes sure), so we try the system call first and poll() only when it would block.
 * gSOAP sends a stored message (SOAP_IO_STORE) as the HTTP header, then the body: the header is held
 * back and leaves with the body's first piece in one sendmsg(), one packet for a small request. */

/* Wait until fd is ready for `events`, at most `timeout_ms` (-1: no limit). 1 when ready, 0 on
 * timeout, -1 on error (errno set). */
static int s_wait(int fd, short events, long timeout_ms)
{
    struct pollfd pfd = { fd, events, 0 };
    int r;
    do
        r = poll(&pfd, 1, timeout_ms < 0 ? -1 : timeout_ms > 0x7fffffffL ? 0x7fffffff : (int)timeout_ms);
    while (r < 0 && errno == EINTR);
    return r;
}

/* Wait for the socket within the stall timeout and the call's deadline; on a timeout, record which
 * one ran out (as `stall_kind` or MKTOWS_TIMED_OUT_CALL) and set errno. As s_wait(). */
static int s_wait_limited(mktows_client *client, int fd, short events, long stall_ms, int stall_kind)
{
    int by_deadline = 0;
    long limit = s_limit(client, stall_ms, &by_deadline);
    int r = limit == 0 ? 0 : s_wait(fd, events, limit);
    if (r == 0) {
        client->timed_out = by_deadline ? MKTOWS_TIMED_OUT_CALL : stall_kind;
        errno = ETIMEDOUT;
    }
    return r;
}

/* The call's deadline has passed: recorded as a timeout. */
static int s_past_deadline(mktows_client *client)
{
    if (!client->deadline_ms || s_now_ms() < client->deadline_ms)
        return 0;
    client->timed_out = MKTOWS_TIMED_OUT_CALL;
    errno = ETIMEDOUT;
    return 1;
}

/* Send iov[0..n) whole: 0, or -1 with soap->errnum set and client->timed_out on a stall. */
static int s_sendv(struct soap *soap, struct iovec *iov, int n)
{
    mktows_client *client = soap->user;
    long timeout_ms = s_timeout_ms(soap->send_timeout);
    while (n > 0) {
        if (s_past_deadline(client)) {
            soap->errnum = errno;
            return -1;
        }
        struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)n };
        ssize_t w = sendmsg(soap->socket, &msg, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
                s_wait_limited(client, soap->socket, POLLOUT, timeout_ms, MKTOWS_TIMED_OUT_SEND) > 0)
                continue;
            soap->errnum = errno;
            return -1;
        }
        size_t done = (size_t)w;
        while (n > 0 && done >= iov->iov_len) {
            done -= iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + done;
            iov->iov_len -= done;
        }
    }
    return 0;
}

/* Send what s_fsend held back (the HTTP header), if anything. */
static int s_flush_held(struct soap *soap)
{
    mktows_client *client = soap->user;
    if (!client->held.len)
        return SOAP_OK;
    struct iovec iov = { client->held.data, client->held.len };
    int rc = s_sendv(soap, &iov, 1);
    mktows_buf_reset(&client->held);
    return rc ? SOAP_EOF : SOAP_OK;
}

static int s_fsend_tcp(struct soap *soap, const char *data, size_t len)
{
    mktows_client *client = soap->user;
    /* A stored message's header: gSOAP sends it with the output mode switched from STORE to
     * BUFFER, then the body. Keep it for the body's first write (a small header only). */
    if ((soap->omode & SOAP_IO) == SOAP_IO_STORE && (soap->mode & SOAP_IO) == SOAP_IO_BUFFER &&
        !client->held.len && len <= 4096) {
        mktows_buf_append(&client->held, data, len);
        if (!client->held.oom)
            return SOAP_OK;
        mktows_buf_reset(&client->held);
    }
    struct iovec iov[2];
    int n = 0;
    if (client->held.len)
        iov[n++] = (struct iovec){ client->held.data, client->held.len };
    iov[n++] = (struct iovec){ (void *)data, len };
    int rc = s_sendv(soap, iov, n);
    mktows_buf_reset(&client->held);
    client->awaiting_response = !rc;
    return rc ? SOAP_EOF : SOAP_OK;
}

static size_t s_frecv_tcp(struct soap *soap, char *data, size_t len)
{
    mktows_client *client = soap->user;
    if (s_flush_held(soap) != SOAP_OK)
        return 0;
    long timeout_ms = s_timeout_ms(soap->recv_timeout);
    /* Right after a request the answer cannot be there yet: wait first, then read. Every read
     * checks the deadline first, so a peer that trickles bytes cannot hold the call past it. */
    int ready = 1;
    if (s_past_deadline(client))
        ready = 0;
    else if (client->awaiting_response)
        ready = s_wait_limited(client, soap->socket, POLLIN, timeout_ms, MKTOWS_TIMED_OUT_RECV);
    client->awaiting_response = 0;
    /* A body with a Content-Length ends there: never wait for bytes a complete response does not
     * have (a document cut short is then known at once), nor read into what follows it. */
    if (client->resp_body && soap->length > 0 && !(soap->mode & SOAP_ENC_ZLIB) &&
        (soap->mode & SOAP_IO) != SOAP_IO_CHUNK) {
        if (client->raw_body_bytes >= soap->length)
            return 0;
        if (len > soap->length - client->raw_body_bytes)
            len = (size_t)(soap->length - client->raw_body_bytes);
    }
    while (ready > 0) {
        ssize_t r = recv(soap->socket, data, len, 0);
        if (r == 0)
            client->peer_closed = 1;
        if (r >= 0)
            return (size_t)r;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            ready = -1;
            break;
        }
        ready = s_wait_limited(client, soap->socket, POLLIN, timeout_ms, MKTOWS_TIMED_OUT_RECV);
    }
    soap->errnum = errno;
    return 0;
}

/* ---- TLS: gSOAP's own send and receive, OpenSSL's writes under the SIGPIPE guard ---- */

static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    if (!soap->ssl)
        return s_fsend_tcp(soap, data, len);
    mktows_client *client = soap->user;
    if (s_past_deadline(client)) {
        soap->errnum = ETIMEDOUT;
        return SOAP_EOF;
    }
    int saved = soap->send_timeout, by_deadline = 0;
    long timeout_ms = s_limit(client, s_timeout_ms(saved), &by_deadline), start = s_now_ms();
    if (by_deadline)
        soap->send_timeout = s_gsoap_units(timeout_ms);
    s_sigpipe_guard g;
    s_sigpipe_block(&g);
    int rc = client->orig_fsend(soap, data, len);
    s_sigpipe_restore(&g);
    soap->send_timeout = saved;
    if (rc != SOAP_OK && timeout_ms > 0 && s_now_ms() - start >= timeout_ms)
        client->timed_out = by_deadline ? MKTOWS_TIMED_OUT_CALL : MKTOWS_TIMED_OUT_SEND;
    return rc;
}

/* Wait for input ourselves first, so a timeout is known as one; gSOAP's frecv then reads. */
static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    if (!soap->ssl && soap_valid_socket(soap->socket))
        return s_frecv_tcp(soap, data, len);
    mktows_client *client = soap->user;
    if (s_past_deadline(client)) {
        soap->errnum = ETIMEDOUT;
        return 0;
    }
    int saved = soap->recv_timeout, by_deadline = 0;
    long timeout_ms = s_limit(client, s_timeout_ms(saved), &by_deadline);
    if (timeout_ms >= 0 && soap_valid_socket(soap->socket) && !(soap->ssl && SSL_pending(soap->ssl) > 0)) {
        if (s_wait_limited(client, soap->socket, POLLIN, s_timeout_ms(saved), MKTOWS_TIMED_OUT_RECV) == 0) {
            soap->errnum = ETIMEDOUT;
            return 0;
        }
        timeout_ms = s_limit(client, s_timeout_ms(saved), &by_deadline);
    }
    if (by_deadline && timeout_ms > 0)
        soap->recv_timeout = s_gsoap_units(timeout_ms); /* an SSL record that arrives slowly */
    if (client->resp_body && soap->length > 0 && !(soap->mode & SOAP_ENC_ZLIB) &&
        (soap->mode & SOAP_IO) != SOAP_IO_CHUNK) { /* as s_frecv_tcp: the body ends at its length */
        if (client->raw_body_bytes >= soap->length) {
            soap->recv_timeout = saved;
            return 0;
        }
        if (len > soap->length - client->raw_body_bytes)
            len = (size_t)(soap->length - client->raw_body_bytes);
    }
    size_t n = client->orig_frecv(soap, data, len);
    soap->recv_timeout = saved;
    if (n == 0 && !client->timed_out)
        client->peer_closed = 1;
    return n;
}

static int s_fclose(struct soap *soap)
{
    mktows_client *client = soap->user;
    mktows_buf_reset(&client->held);
    if (!soap->ssl)
        return client->orig_fclose(soap); /* shutdown() and close() write nothing */
    s_sigpipe_guard g;
    s_sigpipe_block(&g);
    int rc = client->orig_fclose(soap);
    s_sigpipe_restore(&g);
    return rc;
}

/* The header names gSOAP's http_parse_header() acts on. It compares every header line with them
 * one after the other (soap_tag_cmp: case-insensitive, '-' matching any character); a name of
 * another length can match none of them, so such a line (Server, X-Frame-Options, Date, ...) is
 * passed over without the comparisons. Lines that may match go to gSOAP as before. The set of
 * their lengths is one bit mask, built at compile time. */
#define S_LEN_BIT(name) (1ULL << (sizeof name - 1))
static const unsigned long long s_gsoap_header_lengths =
    S_LEN_BIT("Accept-Encoding") | S_LEN_BIT("Access-Control-Request-Headers") |
    S_LEN_BIT("Access-Control-Request-Method") | S_LEN_BIT("Authorization") | S_LEN_BIT("Connection") |
    S_LEN_BIT("Content-Encoding") | S_LEN_BIT("Content-Length") | S_LEN_BIT("Content-Type") | S_LEN_BIT("Cookie") |
    S_LEN_BIT("Cookie2") | S_LEN_BIT("Expect") | S_LEN_BIT("Host") | S_LEN_BIT("Location") | S_LEN_BIT("Origin") |
    S_LEN_BIT("Proxy-Authenticate") | S_LEN_BIT("Proxy-Authorization") | S_LEN_BIT("SOAPAction") |
    S_LEN_BIT("Set-Cookie") | S_LEN_BIT("Set-Cookie2") | S_LEN_BIT("Transfer-Encoding") |
    S_LEN_BIT("WWW-Authenticate") | S_LEN_BIT("X-Forwarded-For");
#undef S_LEN_BIT

/* 1 when @p s holds @p word (lower case) in any letter case. */
static int s_has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++)
        if ((*s | 0x20) == word[0] && strncasecmp(s, word, n) == 0)
            return 1;
    return 0;
}

/* gSOAP's Content-Type handling, for a value it would take no action on: it keeps a copy
 * (soap->http_content), then looks for the attributes "application/dime", "multipart/related",
 * "multipart/form-data" and "action" (soap_http_header_attribute(): every attribute decoded and
 * compared, about 5,000 instructions a response). A value that holds none of "dime", "multipart"
 * and "action" in any case, and no '%' (an escape could spell one), can match none of them; for
 * it only the copy is made. 1 when handled here. */
static int s_content_type_plain(struct soap *soap, const char *val)
{
    if (strchr(val, '%') || s_has_word(val, "dime") || s_has_word(val, "multipart") || s_has_word(val, "action"))
        return 0;
    soap->http_content = soap_strdup(soap, val);
    return 1;
}

/* soap_tag_cmp(key, name) == 0 for a key whose first strlen(name) characters (up to a quote) are
 * all it has, name being letters and '-': each letter in either case, '-' any character. */
static int s_name_is(const char *key, const char *name)
{
    for (; *name; key++, name++)
        if (*name != '-' && (*key | 0x20) != (*name | 0x20))
            return 0;
    return 1;
}

static int s_fparsehdr(struct soap *soap, const char *key, const char *val)
{
    mktows_client *client = soap->user;
    size_t n = strcspn(key, "\""); /* soap_tag_cmp stops at a quote */
    if (n >= 64 || !(s_gsoap_header_lengths >> n & 1))
        return SOAP_OK;
    if (n == sizeof "Content-Type" - 1 && s_name_is(key, "Content-Type") && s_content_type_plain(soap, val))
        return SOAP_OK;
    if (n == sizeof "Content-Length" - 1 && s_name_is(key, "Content-Length")) {
        /* as http_parse_header(), without the comparisons before it */
        soap->length = soap_strtoull(val, NULL, 10);
        if (soap->length == 0)
            soap->body = 0;
        /* More than the bound: refused before any of it is read. (gSOAP would allocate the whole
         * announced length at once to read an error status's body.) */
        if (soap->recv_maxlength && soap->length > soap->recv_maxlength) {
            client->announced_too_long = soap->length;
            soap->length = 0;
            return soap->error = SOAP_LENGTH;
        }
        return SOAP_OK;
    }
    return client->orig_fparsehdr(soap, key, val);
}

void mktows_transport_install_(mktows_client *client)
{
    struct soap *soap = client->soap;
    client->orig_fopen = soap->fopen;
    client->orig_fsend = soap->fsend;
    client->orig_fclose = soap->fclose;
    client->orig_frecv = soap->frecv;
    client->orig_fparsehdr = soap->fparsehdr;
    soap->fparsehdr = s_fparsehdr;
    soap->fopen = s_fopen;
    soap->frecv = s_frecv;
    soap->fsend = s_fsend;
    soap->fclose = s_fclose;
}
