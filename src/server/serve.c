/* The connection server of mktows-server: the main thread accepts connections; each connection
 * gets its own thread and its own gSOAP context (soap_copy) and is served with HTTP keep-alive until
 * the client closes it, it idles (the master context's timeouts), or the server stops. A stop wakes
 * every connection (shutdown(2) on its socket) and waits for the threads. */
#include "serve.h"

#include "config.h"
#include "server.h"
#include "schema_pass.h"
#include "orphan.h"
#include "fault.h"
#include "refuse.h"
#include "request_log.h"

#include "soapH.h"

#include <assert.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The slot arrays hold the most connections [limits] connections allows; the configured number
 * of them is used (s_max). A request must be read whole (header and body) within [limits]
 * request_timeout_s of its first byte, however slowly it trickles in (docs/server.md). */
#define MKTOWS_SRV_MAX_CONNECTIONS MKTOWS_SRV_CONNECTIONS_MAX
/* With every slot taken, the connection that has spent longest in an unfinished request (or
 * idle), if at least this long, is closed to make room for a new one. */
#define MKTOWS_SRV_EVICT_AFTER_MS 1000

/* Live connections, so that shutdown can wake them and a full server can make room. */
static pthread_mutex_t s_conn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t s_conn_done = PTHREAD_COND_INITIALIZER;
static SOAP_SOCKET s_conn_sock[MKTOWS_SRV_MAX_CONNECTIONS];
static int s_conn_used[MKTOWS_SRV_MAX_CONNECTIONS];
/* ms: since its request began, or idle. Written by the connection's own thread without s_conn_lock
 * (twice a request), read by the accept loop under it to choose whom to evict. */
static _Atomic long long s_conn_since[MKTOWS_SRV_MAX_CONNECTIONS];
static int s_conn_evicted[MKTOWS_SRV_MAX_CONNECTIONS];
static int s_conn_active;
static int s_max = MKTOWS_SRV_CONNECTIONS_DEFAULT; /* slots in use: the server's cfg.max_connections */
static unsigned long s_total_connections, s_total_requests;

typedef struct mktows_srv_conn {
    mktows_server *srv; /* the server this connection belongs to (mktows_srv_of) */
    int slot;
    unsigned long number;
    unsigned long requests;
    /* receiving (s_frecv): the bytes after a request that belong to the next one (pipelining),
     * and when the request being read began */
    size_t (*orig_frecv)(struct soap *, char *, size_t);
    int (*orig_fsend)(struct soap *, const char *, size_t); /* sending (s_fsend) */
    char *stash;
    size_t stash_len, stash_off;
    long long request_began_ms; /* 0: between requests */
    int input_ended;            /* the socket gave no more bytes (closed, or the deadline passed) */
    /* closing (s_fshutdownsocket): after a request that was not read whole, what the client still sends
     * is read and dropped for a moment first, so that the fault reaches it */
    int (*orig_fshutdownsocket)(struct soap *, SOAP_SOCKET, int);
    int linger;
} mktows_srv_conn;

/* How long and how much s_fshutdownsocket() reads of a refused request before it closes anyway. */
#define MKTOWS_SRV_LINGER_MS 2000
#define MKTOWS_SRV_LINGER_BYTES (64LL << 20)

static long long s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void s_mark(const mktows_srv_conn *c, long long since)
{
    if (c->slot < 0)
        return; /* not one of the accept loop's connections */
    atomic_store_explicit(&s_conn_since[c->slot], since, memory_order_relaxed);
}

/* Closing a connection whose last request was refused before it was read whole (too large, cut
 * short, a broken chunk): closing a socket with unread input makes the kernel send a reset, which
 * can destroy the fault on its way to the client. So the server stops sending, then reads and drops
 * what still arrives, for at most MKTOWS_SRV_LINGER_MS or MKTOWS_SRV_LINGER_BYTES, as web servers'
 * "lingering close" does. */
static int s_fshutdownsocket(struct soap *soap, SOAP_SOCKET sock, int how)
{
    mktows_srv_conn *c = soap->user;
    if (c->linger && how == SOAP_SHUT_RDWR) {
        c->linger = 0;
        shutdown(sock, SHUT_WR);
        long long until = s_now_ms() + MKTOWS_SRV_LINGER_MS, dropped = 0;
        char buf[16384];
        for (long long left; dropped < MKTOWS_SRV_LINGER_BYTES && (left = until - s_now_ms()) > 0;) {
            struct pollfd p = { sock, POLLIN, 0 };
            if (poll(&p, 1, (int)left) <= 0)
                break;
            ssize_t n = recv(sock, buf, sizeof buf, MSG_DONTWAIT);
            if (n <= 0)
                break;
            dropped += n;
        }
    }
    return c->orig_fshutdownsocket(soap, sock, how);
}

static int s_request_limit_s(const mktows_server *srv)
{
    return srv->cfg.request_timeout_s > 0 ? srv->cfg.request_timeout_s : 30;
}

mktows_server *mktows_srv_of(struct soap *soap)
{
    mktows_srv_conn *c = soap->user;
    assert(c && c->srv); /* a connection's context: the accept loop's or mktows_srv_serve_connection()'s */
    return c->srv;
}

/* The connection's receive: first what an earlier read took past its request (pipelined bytes),
 * then the socket; a request not read whole within [limits] request_timeout_s of its first byte ends
 * the connection (each wait is cut to what is left of that). */
static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    mktows_srv_conn *c = soap->user;
    if (soap->is)
        return c->orig_frecv(soap, data, len); /* parsing a body from memory */
    if (c->stash_off < c->stash_len) {
        size_t n = c->stash_len - c->stash_off < len ? c->stash_len - c->stash_off : len;
        memcpy(data, c->stash + c->stash_off, n);
        c->stash_off += n;
        if (!c->request_began_ms)
            s_mark(c, c->request_began_ms = s_now_ms());
        return n;
    }
    int saved = soap->recv_timeout;
    if (c->request_began_ms) {
        int limit_s = s_request_limit_s(c->srv);
        long long left = c->request_began_ms + limit_s * 1000LL - s_now_ms();
        if (left <= 0) {
            mktows_srv_log(c->srv, "connection %lu: request not read within %d s: closing", c->number, limit_s);
            return 0;
        }
        if (saved <= 0 || left < saved * 1000LL)
            soap->recv_timeout = -(int)(left > 2000000 ? 2000000000 : left * 1000);
    }
    size_t n = c->orig_frecv(soap, data, len);
    soap->recv_timeout = saved;
    c->input_ended = !n;
    if (!n && c->request_began_ms) {
        int limit_s = s_request_limit_s(c->srv);
        if (s_now_ms() >= c->request_began_ms + limit_s * 1000LL) /* the wait was cut to the deadline */
            mktows_srv_log(c->srv, "connection %lu: request not read within %d s: closing", c->number, limit_s);
    }
    if (n && !c->request_began_ms)
        s_mark(c, c->request_began_ms = s_now_ms());
    return n;
}

/* The connection's send (plain TCP): first without waiting, which takes all of a response the
 * socket has room for, as it nearly always has; only what is left goes through gSOAP's send, which
 * waits for room with select(2) before every send(2), within send_timeout. That select is one
 * system call a response saved. An error is left to gSOAP's send to meet again and report. */
static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    mktows_srv_conn *c = soap->user;
    if (soap_valid_socket(soap->socket)) {
        ssize_t n = send(soap->socket, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        }
        if (!len)
            return SOAP_OK;
    }
    return c->orig_fsend(soap, data, len);
}

/* After a request was read: keep what gSOAP read past it for the next one (a pipelined request). */
static void s_keep_the_rest(struct soap *soap)
{
    mktows_srv_conn *c = soap->user;
    size_t rest = soap->buflen > soap->bufidx ? soap->buflen - soap->bufidx : 0;
    size_t unread = c->stash_len - c->stash_off;
    char *keep = rest + unread ? malloc(rest + unread) : NULL;
    if (keep) {
        if (rest) /* read past this request, before the stash's rest */
            memcpy(keep, soap->buf + soap->bufidx, rest);
        if (unread)
            memcpy(keep + rest, c->stash + c->stash_off, unread);
    }
    free(c->stash);
    c->stash = keep;
    c->stash_len = keep ? rest + unread : 0;
    c->stash_off = 0;
    soap->bufidx = soap->buflen;
    c->request_began_ms = 0;
    s_mark(c, s_now_ms());
}

void mktows_srv_log(const mktows_server *srv, const char *fmt, ...)
{
    if (srv->quiet)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(stderr, "mktows-server: %s\n", buf);
}

/* Read one request's HTTP message and its whole body from the connection. Returns SOAP_OK with the
 * body in *body (soap memory) and its length, SOAP_STOP when gSOAP answered the request itself
 * (GET ?WSDL), or an error. */
/* (gSOAP's soap_http_get_body() stops quietly where the input ends, where a body passes
 * recv_maxlength, and where inflation or a chunk fails, so what it returns is checked here: a request
 * read only in part is never served.) When the HTTP header was read but the body cannot be read
 * whole, @p unread says why (the text of its fault 20012, after which the connection is closed). */
static int s_read_body(struct soap *soap, char **body, size_t *len, char *unread, size_t unread_len)
{
    mktows_srv_conn *c = soap->user;
    *unread = '\0';
    soap_begin(soap);
    if (soap_begin_recv(soap))
        return soap->error;
    ULONG64 announced = soap->length;
    int plain = !(soap->mode & SOAP_ENC_ZLIB) && (soap->mode & SOAP_IO) != SOAP_IO_CHUNK;
    if (announced > soap->recv_maxlength) {
        snprintf(unread, unread_len, "the request's Content-Length (%llu bytes) is more than the %llu bytes a request "
                 "may have", (unsigned long long)announced, (unsigned long long)soap->recv_maxlength);
        return SOAP_LENGTH;
    }
    c->input_ended = 0;
    *body = soap_http_get_body(soap, len);
    int error = soap->error;
    if (soap->recv_maxlength && soap->count > soap->recv_maxlength)
        snprintf(unread, unread_len, "the request is more than the %llu bytes a request may have (after inflation)",
                 (unsigned long long)soap->recv_maxlength);
    else if (error == SOAP_ZLIB_ERROR)
        snprintf(unread, unread_len, "the request's compressed body is corrupt, or inflates more than %d times its "
                 "size (the limit)", (int)(1 / (SOAP_MINDEFLATERATIO)));
    else if (error == SOAP_HTTP_ERROR && !plain)
        snprintf(unread, unread_len, "the request's chunked body is malformed (a chunk size that is not hexadecimal, "
                 "or more than the request may have)");
    else if ((!error || error == SOAP_EOF) && *body && (plain ? *len < announced : c->input_ended))
        snprintf(unread, unread_len, plain ? "the request ended after %zu of the %llu bytes its Content-Length announced"
                                           : "the request ended before its body did (%zu bytes read)",
                 *len, (unsigned long long)announced);
    if (*unread)
        return SOAP_LENGTH;
    if (error)
        return error;
    if (!*body)
        return SOAP_EOM;
    s_keep_the_rest(soap);
    return soap_end_recv(soap);
}

int mktows_srv_respond(struct soap *soap, const char *xml)
{
    size_t len = strlen(xml), fixed_len = 0;
    char *fixed = mktows_srv_response_fix(mktows_srv_of(soap)->schema, xml, len, &fixed_len);
    const char *body = fixed ? fixed : xml;
    /* The length is known, so the HTTP header and the body go out in one buffer and one send(2):
     * soap_response(soap, SOAP_FILE) would store the body and send it after the header, in a
     * second send and a second TCP segment. With the length announced (SOAP_IO_LENGTH and
     * soap->count), gSOAP buffers instead. Status 0 is 200 OK with Content-Type "text/xml;
     * charset=utf-8", as SOAP 1.1 has it (the only SOAP version the schema pass lets through). A
     * compressed response (the client accepts gzip) is still stored: its length comes after. */
    size_t body_len = fixed ? fixed_len : len;
    soap->mode |= SOAP_IO_LENGTH;
    soap->count = body_len;
    mktows_srv_request_answering(); /* counted before the client can see the answer */
    int rc = soap_response(soap, SOAP_OK) || soap_send_raw(soap, body, body_len) || soap_end_send(soap);
    free(fixed);
    if (rc)
        return soap_closesock(soap);
    soap_closesock(soap); /* closes only when the connection is not kept alive */
    return SOAP_STOP;
}

/* Serve one request whose HTTP message has been read: the body, with its empty optional elements
 * cut (schema_pass.c), is parsed from memory and dispatched as soap_serve() would. */
static int s_serve_body(struct soap *soap, const char *body, size_t len)
{
    size_t dropped = 0;
    char *lenient = NULL, why[256];
    int code = mktows_srv_lenient(mktows_srv_of(soap)->schema, body, len, &lenient, &dropped, why, sizeof why);
    if (code)
        return mktows_srv_fault(soap, code, "%s", why);
    soap->is = lenient ? lenient : body;
    soap->bufidx = soap->buflen = 0;
    soap->ahead = 0;
    int rc = SOAP_OK;
    if (soap_begin_recv(soap) || soap_envelope_begin_in(soap) || soap_recv_header(soap) || soap_body_begin_in(soap))
        rc = soap->error;
    else if ((rc = soap_serve_request(soap)) == SOAP_STOP || rc == SOAP_OK)
        rc = soap->fserveloop ? soap->fserveloop(soap) : SOAP_OK; /* SOAP_STOP: mktows_srv_respond() answered */
    soap->is = NULL;
    free(lenient);
    return rc;
}

/* soap_serve() with these changes: the body is read whole first and its empty elements for optional
 * simple values are cut (schema_pass.c); a request for an operation the WSDL does not define (gSOAP's
 * SOAP_NO_METHOD) is answered with Marketo's fault 20019 "Unsupported Operation" after the usual
 * authentication, instead of gSOAP's own "method not implemented" fault; every other error
 * gSOAP raises while reading a request becomes a Marketo fault with a serviceException
 * (mktows_srv_fault_from_soap), never a bare SOAP fault; a fault keeps the connection when the
 * request was read to its end (mktows_srv_send_fault); and every request is counted and logged
 * (request_log.c), faulted or dropped ones too. */
static void s_serve(struct soap *soap)
{
    mktows_srv_conn *c = soap->user;
    soap->keep_alive = soap->max_keep_alive + 1;
    do {
        /* The previous request's gSOAP memory (its body, what was parsed from it, its response),
         * which soap_begin() does not free: without this a kept-alive connection kept every
         * request's memory, about 3 KB each, until it closed. (soap_dealloc() also forgets the
         * pointers into it: soap->header, soap->fault, ...) */
        if (c->requests) {
            soap_destroy(soap);
            soap_dealloc(soap, NULL);
        }
        if (soap->keep_alive > 0 && soap->max_keep_alive > 0)
            soap->keep_alive--;
        char *body = NULL, unread[200];
        size_t len = 0;
        int rc = s_read_body(soap, &body, &len, unread, sizeof unread);
        int whole = rc == SOAP_OK; /* read to its end: the connection can go on after a fault */
        if (rc == SOAP_EOF && !*unread)
            return; /* the client closed the connection */
        mktows_srv_request_begin(soap); /* every request is counted and logged (request_log.c) */
        c->requests++;
        if (whole)
            rc = s_serve_body(soap, body, len);
        else if (*unread)
            rc = mktows_srv_fault(soap, MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD, "%s", unread);
        else if (rc >= SOAP_STOP)
            mktows_srv_request_op(soap, "GET"); /* answered by gSOAP (GET ?WSDL) */
        if (rc == SOAP_OK || rc >= SOAP_STOP || rc == SOAP_EOF) {
            mktows_srv_request_end();
            if (rc == SOAP_EOF)
                return; /* dropped on purpose (inject.c) */
            continue;
        }
        if (rc == SOAP_NO_METHOD) {
            char op[sizeof soap->tag];
            memcpy(op, soap->tag, sizeof op);
            soap->error = SOAP_OK;
            mktows_srv_request_op(soap, op);
            if (mktows_srv_call_begin(soap, op) == SOAP_OK) {
                mktows_srv_call_end(soap);
                mktows_srv_fault(soap, MKTOWS_MKTO_UNSUPPORTED_OPERATION,
                                 "'%s' is not an operation of the mktows 2_7 WSDL", op);
            }
        } else {
            mktows_srv_fault_from_soap(soap);
        }
        if (whole) {
            rc = mktows_srv_send_fault(soap); /* keeps the connection */
            mktows_srv_request_end();
            if (rc != SOAP_OK)
                return;
            continue;
        }
        /* the request was not read to its end: answer (gSOAP's soap_send_fault() would not, to a
         * client that has closed its side), then close */
        soap->keep_alive = 0;
        c->linger = 1;
        mktows_srv_send_fault(soap);
        mktows_srv_request_end();
        return;
    } while (soap->keep_alive);
}

/* A free slot, or -1. Called with s_conn_lock held. */
static int s_free_slot(void)
{
    for (int i = 0; i < s_max; i++)
        if (!s_conn_used[i])
            return i;
    return -1;
}

/* Every slot is taken: close the connection that has spent longest in an unfinished request or
 * idle (a slow client holding a slot), if that is at least MKTOWS_SRV_EVICT_AFTER_MS. 1 when one
 * was closed. Called with s_conn_lock held. */
static int s_evict_one(const mktows_server *srv)
{
    long long now = s_now_ms(), oldest = now - MKTOWS_SRV_EVICT_AFTER_MS;
    int victim = -1;
    for (int i = 0; i < s_max; i++) {
        long long since = atomic_load_explicit(&s_conn_since[i], memory_order_relaxed);
        if (s_conn_used[i] && !s_conn_evicted[i] && since <= oldest) {
            oldest = since;
            victim = i;
        }
    }
    if (victim < 0)
        return 0;
    s_conn_evicted[victim] = 1;
    shutdown(s_conn_sock[victim], SHUT_RDWR); /* its thread sees the end of input and closes it */
    mktows_srv_log(srv, "all %d connections taken: closing the one slowest to send its request", s_max);
    return 1;
}

static void *s_conn_main(void *arg)
{
    struct soap *soap = arg;
    mktows_srv_conn *c = soap->user;
    int ok = 1;
    if (c->srv->tls && soap_ssl_accept(soap)) {
        char msg[256];
        soap_sprint_fault(soap, msg, sizeof msg);
        mktows_srv_log(c->srv, "connection %lu: TLS handshake failed: %s", c->number, msg);
        ok = 0;
    }
    if (ok)
        s_serve(soap);
    soap_destroy(soap);
    soap_end(soap);
    mktows_srv_log(c->srv, "connection %lu closed after %lu requests", c->number, c->requests);
    soap_force_closesock(soap);
    soap_free(soap);
    free(c->stash);
    /* Free this thread's OpenSSL state (error queue, ...) now: the thread is detached, and main() may
     * exit before the thread-exit handlers that would otherwise free it have run. */
    OPENSSL_thread_stop();

    /* Last: once the connection is unregistered, main() may free the master context (and the TLS
     * context this connection shared), so nothing of gSOAP may be touched after this. */
    pthread_mutex_lock(&s_conn_lock);
    s_conn_used[c->slot] = 0;
    s_conn_active--;
    s_total_requests += c->requests;
    pthread_cond_broadcast(&s_conn_done);
    pthread_mutex_unlock(&s_conn_lock);
    free(c);
    return NULL;
}

int mktows_srv_serve(mktows_server *srv, struct soap *master, volatile sig_atomic_t *stop)
{
    /* Worker threads leave SIGINT/SIGTERM to the main thread. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    int max = srv->cfg.max_connections;
    s_max = max >= 1 && max <= MKTOWS_SRV_MAX_CONNECTIONS ? max : MKTOWS_SRV_CONNECTIONS_DEFAULT;
    mktows_srv_refusals refusals;
    if (mktows_srv_refusals_init(&refusals)) {
        mktows_srv_log(srv, "cannot set up the accept loop's refusals");
        return -1;
    }

    while (!*stop) {
        if (mktows_srv_orphaned(srv->parent_pid)) {
            mktows_srv_log(srv, "parent process %d is gone: stopping", (int)srv->parent_pid);
            break;
        }
        SOAP_SOCKET s = soap_accept(master);
        if (!soap_valid_socket(s)) {
            if (master->errnum && !*stop) {
                mktows_srv_log(srv, "accept failed: %s", strerror(master->errnum));
                usleep(100000);
            }
            continue;
        }
        pthread_mutex_lock(&s_conn_lock);
        int slot = s_free_slot();
        if (slot < 0 && s_evict_one(srv)) {
            /* wait a moment for the evicted connection's thread to give its slot back */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 200000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while ((slot = s_free_slot()) < 0 && pthread_cond_timedwait(&s_conn_done, &s_conn_lock, &until) == 0)
                ;
        }
        mktows_srv_conn *c = slot >= 0 ? calloc(1, sizeof *c) : NULL;
        struct soap *t = c ? soap_copy(master) : NULL;
        if (!t) {
            pthread_mutex_unlock(&s_conn_lock);
            free(c);
            /* an answer, not a silent close: the client knows to come back */
            mktows_srv_refuse(&refusals, srv, master, slot < 0 ? "too many connections" : "out of memory");
            continue;
        }
        master->socket = SOAP_INVALID_SOCKET; /* the connection belongs to t now */
        c->srv = srv;
        c->slot = slot;
        c->number = ++s_total_connections;
        t->user = c;
        c->orig_frecv = t->frecv;
        t->frecv = s_frecv;
        if (!srv->tls) {
            c->orig_fsend = t->fsend;
            t->fsend = s_fsend;
        }
        c->orig_fshutdownsocket = t->fshutdownsocket;
        t->fshutdownsocket = s_fshutdownsocket;
        s_conn_used[slot] = 1;
        s_conn_evicted[slot] = 0;
        atomic_store_explicit(&s_conn_since[slot], s_now_ms(), memory_order_relaxed);
        s_conn_sock[slot] = s;
        s_conn_active++;
        pthread_mutex_unlock(&s_conn_lock);
        mktows_srv_log(srv, "connection %lu from %s", c->number, t->host);

        pthread_t th;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_sigmask(SIG_BLOCK, &block, &old);
        int rc = pthread_create(&th, &attr, s_conn_main, t);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_attr_destroy(&attr);
        if (rc) {
            mktows_srv_log(srv, "cannot start a thread: %s", strerror(rc));
            pthread_mutex_lock(&s_conn_lock);
            s_conn_used[slot] = 0;
            s_conn_active--;
            pthread_mutex_unlock(&s_conn_lock);
            soap_force_closesock(t);
            soap_free(t);
            free(c);
        }
    }

    mktows_srv_log(srv, "stopping: closing %d open connections", s_conn_active);
    pthread_mutex_lock(&s_conn_lock);
    for (int i = 0; i < MKTOWS_SRV_MAX_CONNECTIONS; i++)
        if (s_conn_used[i])
            shutdown(s_conn_sock[i], SHUT_RDWR);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 10;
    while (s_conn_active > 0)
        if (pthread_cond_timedwait(&s_conn_done, &s_conn_lock, &deadline) == ETIMEDOUT)
            break;
    int left = s_conn_active;
    unsigned long conns = s_total_connections, reqs = s_total_requests;
    pthread_mutex_unlock(&s_conn_lock);
    int refusing = mktows_srv_refusals_wait(&refusals, &deadline);
    if (left || refusing) {
        fprintf(stderr, "mktows-server: %d connections and %d refusals did not finish; exiting anyway\n", left,
                refusing);
        return -1; /* (refusals not destroyed: a thread may still use them) */
    }
    mktows_srv_refusals_destroy(&refusals);
    mktows_srv_log(srv, "stopped after %lu connections and %lu requests", conns, reqs);
    return 0;
}

void mktows_srv_serve_connection(mktows_server *srv, struct soap *soap)
{
    /* A context that is not one of the accept loop's (the fuzz harness's) gets a connection record
     * for the time it is served: its requests are counted and pipelined bytes kept like any other. */
    mktows_srv_conn own = { .srv = srv, .slot = -1 };
    int borrowed = soap->user == NULL;
    if (borrowed)
        soap->user = &own;
    s_serve(soap);
    if (borrowed) {
        free(own.stash);
        soap->user = NULL;
    }
}
