/* Answering a connection the server has no room for (refuse.h). */
#include "refuse.h"

#include "serve.h"

#include "stdsoap2.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char s_busy[] = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                             "Content-Length: 0\r\nConnection: close\r\n\r\n";

typedef struct s_refusal {
    mktows_srv_refusals *refusals;
    const mktows_server *srv;
    struct soap *soap; /* a copy of the master's context, holding the connection */
} s_refusal;

int mktows_srv_refusals_init(mktows_srv_refusals *r)
{
    r->in_flight = 0;
    if (pthread_mutex_init(&r->lock, NULL))
        return -1;
    if (pthread_cond_init(&r->done, NULL)) {
        pthread_mutex_destroy(&r->lock);
        return -1;
    }
    return 0;
}

void mktows_srv_refusals_destroy(mktows_srv_refusals *r)
{
    pthread_cond_destroy(&r->done);
    pthread_mutex_destroy(&r->lock);
}

/* One refusal fewer in progress; wakes mktows_srv_refusals_wait(). */
static void s_count_out(mktows_srv_refusals *r)
{
    pthread_mutex_lock(&r->lock);
    r->in_flight--;
    pthread_cond_broadcast(&r->done);
    pthread_mutex_unlock(&r->lock);
}

static void *s_refuse_main(void *arg)
{
    s_refusal *job = arg;
    struct soap *soap = job->soap;
    if (soap_ssl_accept(soap) == SOAP_OK) {
        if (soap->fsend(soap, s_busy, sizeof s_busy - 1) != SOAP_OK)
            mktows_srv_log(job->srv, "a refused TLS connection did not take its 503");
    }
    soap_force_closesock(soap);
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
    OPENSSL_thread_stop();
    mktows_srv_refusals *r = job->refusals;
    free(job);
    /* last: once it is counted out, the accept loop may return and the TLS context go */
    s_count_out(r);
    return NULL;
}

/* Start a TLS refusal of master's connection on its own thread; -1 when it cannot (the caller
 * then closes the connection). */
static int s_refuse_tls(mktows_srv_refusals *r, const mktows_server *srv, struct soap *master)
{
    pthread_mutex_lock(&r->lock);
    int room = r->in_flight < MKTOWS_SRV_TLS_REFUSALS_MAX;
    if (room)
        r->in_flight++;
    pthread_mutex_unlock(&r->lock);
    if (!room) {
        mktows_srv_log(srv, "%d TLS refusals already in progress: closing without an answer",
                       MKTOWS_SRV_TLS_REFUSALS_MAX);
        return -1;
    }
    s_refusal *job = calloc(1, sizeof *job);
    struct soap *soap = job ? soap_copy(master) : NULL;
    int rc = -1;
    if (soap) {
        master->socket = SOAP_INVALID_SOCKET; /* the connection belongs to the copy now */
        soap->user = NULL;
        soap->recv_timeout = soap->send_timeout = MKTOWS_SRV_TLS_REFUSAL_S;
        *job = (s_refusal){ r, srv, soap };
        /* like the connection threads: SIGINT/SIGTERM stay with the main thread */
        sigset_t block, old;
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigaddset(&block, SIGTERM);
        pthread_attr_t attr;
        pthread_t th;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_sigmask(SIG_BLOCK, &block, &old);
        rc = pthread_create(&th, &attr, s_refuse_main, job);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_attr_destroy(&attr);
        if (rc) {
            mktows_srv_log(srv, "cannot start a thread to refuse a TLS connection: %s", strerror(rc));
            master->socket = soap->socket; /* back to the caller, who closes it */
            soap->socket = SOAP_INVALID_SOCKET;
            soap_free(soap);
            rc = -1;
        }
    }
    if (rc) {
        free(job);
        s_count_out(r);
    }
    return rc;
}

void mktows_srv_refuse(mktows_srv_refusals *r, const mktows_server *srv, struct soap *master, const char *why)
{
    mktows_srv_log(srv, "refusing a connection: %s", why);
    if (srv->tls) {
        if (s_refuse_tls(r, srv, master) == 0)
            return;
    } else {
        /* the socket's buffer takes these few bytes at once: no wait for a slow reader */
        (void)send(master->socket, s_busy, sizeof s_busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    soap_force_closesock(master);
}

int mktows_srv_refusals_wait(mktows_srv_refusals *r, const struct timespec *deadline)
{
    pthread_mutex_lock(&r->lock);
    while (r->in_flight > 0)
        if (pthread_cond_timedwait(&r->done, &r->lock, deadline) == ETIMEDOUT)
            break;
    int left = r->in_flight;
    pthread_mutex_unlock(&r->lock);
    return left;
}
