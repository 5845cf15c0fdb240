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
#include <stdio.h>
#include <string.h>

/* The signal thread: what it waits for and the server it resets (its argument). */
typedef struct s_signal_waiter {
    sigset_t set;
    mktows_server *srv;
} s_signal_waiter;

static pthread_t s_thread;
static int s_started;
static volatile sig_atomic_t s_stopping;

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
    s_signal_waiter *w = arg;
    for (;;) {
        int sig = 0;
        if (sigwait(&w->set, &sig) != 0 || s_stopping)
            break;
        char err[512];
        if (mktows_srv_reset(w->srv, err, sizeof err))
            fprintf(stderr, "mktows-server: reset on signal %d failed: %s\n", sig, err);
    }
    return NULL;
}

int mktows_srv_reset_signals_start(mktows_server *srv)
{
    static s_signal_waiter w; /* the thread's argument, for as long as it runs */
    w.srv = srv;
    sigemptyset(&w.set);
    sigaddset(&w.set, SIGHUP);
    sigaddset(&w.set, SIGUSR1);
    if (pthread_sigmask(SIG_BLOCK, &w.set, NULL) != 0)
        return -1;
    /* SIGINT and SIGTERM stay with the main thread */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int rc = pthread_create(&s_thread, NULL, s_wait_signals, &w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0)
        return -1;
    s_started = 1;
    return 0;
}

void mktows_srv_reset_signals_stop(void)
{
    if (!s_started)
        return;
    s_stopping = 1;
    pthread_kill(s_thread, SIGUSR1);
    pthread_join(s_thread, NULL);
    s_started = 0;
}
