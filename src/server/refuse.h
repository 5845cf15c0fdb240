/* Answering a connection the server has no room for (refuse.c): 503 Service Unavailable with
 * Retry-After, never a silent close. Over TLS the answer needs a handshake first, so it runs on a
 * thread of its own, bounded in time and in number. Private to src/server. */
#ifndef MKTOWS_SERVER_REFUSE_H
#define MKTOWS_SERVER_REFUSE_H

#include "server.h"

#include <pthread.h>
#include <time.h>

struct soap;

/* At most this many TLS refusals at once; past it, a connection is closed without an answer. */
#define MKTOWS_SRV_TLS_REFUSALS_MAX 8
/* Seconds a TLS refusal may spend on its handshake, and then on sending the answer. */
#define MKTOWS_SRV_TLS_REFUSAL_S 2

/* The TLS refusals in progress. Owned by the accept loop (mktows_srv_serve), which waits for them
 * before it returns: they share the master context's TLS context. */
typedef struct mktows_srv_refusals {
    pthread_mutex_t lock;
    pthread_cond_t done;
    int in_flight;
} mktows_srv_refusals;

/* 0, or -1 when the lock or condition cannot be made. */
int mktows_srv_refusals_init(mktows_srv_refusals *r);
void mktows_srv_refusals_destroy(mktows_srv_refusals *r);

/* Answer the connection just accepted on @p master (its socket; the call takes it: master->socket
 * is invalid afterwards) with 503 and close it, logging @p why. Plain TCP: at once, without
 * waiting. TLS: on a detached thread counted in @p r, or closed without an answer when
 * MKTOWS_SRV_TLS_REFUSALS_MAX are in progress (logged). @p srv is borrowed and must outlive every
 * refusal (mktows_srv_refusals_wait). */
void mktows_srv_refuse(mktows_srv_refusals *r, const mktows_server *srv, struct soap *master, const char *why);

/* Wait until no TLS refusal is in progress, or @p deadline (CLOCK_REALTIME) passes; the number
 * still in progress. */
int mktows_srv_refusals_wait(mktows_srv_refusals *r, const struct timespec *deadline);

#endif
