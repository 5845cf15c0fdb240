/* Reset without a restart (admin.h): the store emptied and written again from the fixtures in one
 * transaction, the fault rules back to the configuration, the signatures seen and the [limits]
 * counts forgotten; from POST /reset or SIGHUP / SIGUSR1. */
#include "admin.h"

#include "fault.h"
#include "fixtures.h"
#include "inject.h"
#include "server.h"
#include "serve.h"
#include "replay.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The signal thread of one server (admin.h): made by mktows_srv_reset_signals_start(), owned by
 * the server context (its member reset_signals) and released by mktows_srv_reset_signals_stop().
 * No signal handler is involved (the thread takes the signals with sigwait()), so nothing here
 * has to be a file-scope object; but signals are the process's, so one server a process should
 * start it (a second server's thread would take some of the first's). */
struct mktows_srv_reset_signals {
    mktows_server *srv;   /* borrowed: the server it resets (the thread's argument is this struct) */
    sigset_t set;         /* what it waits for */
    pthread_t thread;
    atomic_int stopping;  /* set by mktows_srv_reset_signals_stop() before it wakes the thread */
};

int mktows_srv_reset(mktows_server *srv, char *err, size_t err_len)
{
    static const mktows_srv_fixtures none = { NULL, 0 };
    const mktows_srv_fixtures *fx = srv->fixtures ? srv->fixtures : &none;
    int skipped = 0;
    if (mktows_store_seed(srv->store, fx, MKTOWS_SRV_SEED_WIPE, srv->cfg.first_activity_id,
                          srv->cfg.workspaces[0].primary_partition, &skipped, err, err_len))
        return -1;
    mktows_srv_inject_reset(srv->inject);
    mktows_srv_replay_reset(srv->replay);
    mktows_srv_limits_reset(srv->limits);
    mktows_srv_log(srv, "reset: store emptied, %zu fixture records written, fault rules back to the configuration, "
                   "signatures seen and limit counts forgotten", fx->count);
    return 0;
}

static void *s_wait_signals(void *arg)
{
    struct mktows_srv_reset_signals *w = arg;
    for (;;) {
        int sig = 0;
        if (sigwait(&w->set, &sig) != 0 || atomic_load(&w->stopping))
            break;
        char err[512];
        if (mktows_srv_reset(w->srv, err, sizeof err))
            fprintf(stderr, "mktows-server: reset on signal %d failed: %s\n", sig, err);
    }
    return NULL;
}

int mktows_srv_reset_signals_start(mktows_server *srv)
{
    struct mktows_srv_reset_signals *w = calloc(1, sizeof *w);
    if (!w)
        return -1;
    w->srv = srv;
    atomic_init(&w->stopping, 0);
    sigemptyset(&w->set);
    sigaddset(&w->set, SIGHUP);
    sigaddset(&w->set, SIGUSR1);
    if (pthread_sigmask(SIG_BLOCK, &w->set, NULL) != 0) {
        free(w);
        return -1;
    }
    /* SIGINT and SIGTERM stay with the main thread */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int rc = pthread_create(&w->thread, NULL, s_wait_signals, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        free(w);
        return -1;
    }
    srv->reset_signals = w;
    return 0;
}

void mktows_srv_reset_signals_stop(mktows_server *srv)
{
    struct mktows_srv_reset_signals *w = srv->reset_signals;
    if (!w)
        return;
    atomic_store(&w->stopping, 1);
    pthread_kill(w->thread, SIGUSR1);
    pthread_join(w->thread, NULL);
    free(w);
    srv->reset_signals = NULL;
}
