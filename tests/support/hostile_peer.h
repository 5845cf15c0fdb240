/* A hostile HTTP peer for tests: a listening socket on loopback and a thread that accepts one
 * connection and hands it to a behaviour of the test's (trickle, flood, lie about lengths, ...). */
#ifndef MKTOWS_TEST_HOSTILE_PEER_H
#define MKTOWS_TEST_HOSTILE_PEER_H

#include <pthread.h>

typedef struct mktows_hostile_peer mktows_hostile_peer;

/* What the peer does with the accepted connection @p fd; it should return soon after *stop
 * becomes non-zero or the client goes away (send() fails). The peer closes fd afterwards. */
typedef void (*mktows_hostile_fn)(int fd, void *arg, volatile int *stop);

struct mktows_hostile_peer {
    int listen_fd;
    int port;
    mktows_hostile_fn fn;
    void *arg;
    volatile int stop;
    pthread_t thread;
};

/* Listen on 127.0.0.1 (a free port, in p->port) and serve one connection with @p fn. 0 or -1. */
int mktows_hostile_peer_start(mktows_hostile_peer *p, mktows_hostile_fn fn, void *arg);
/* Stop and join the thread, close the socket. */
void mktows_hostile_peer_stop(mktows_hostile_peer *p);
/* "http://127.0.0.1:PORT/soap/mktows/2_7" into @p buf. */
void mktows_hostile_peer_url(const mktows_hostile_peer *p, char *buf, size_t len);
/* Read the request's HTTP header and as much of its body as arrives within a moment. */
void mktows_hostile_read_request(int fd);
/* Sleep @p ms milliseconds. */
void mktows_hostile_sleep_ms(long ms);

#endif
