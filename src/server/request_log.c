/* The request log and its counters (request_log.h). */
#include "request_log.h"

#include "serve.h"
#include "server.h"

#include "soapH.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One server's log and counts (request_log.h), owned by its context (server.h). */
struct mktows_srv_request_log {
    pthread_mutex_t lock;
    FILE *file;                /* NULL: no --log */
    int owned;                 /* 1 when file is one we opened */
    mktows_srv_request_counts counts;
};

/* The request this thread is serving. Per thread, not per server: it lives from
 * mktows_srv_request_begin() to mktows_srv_request_end() and names the log it is counted in. */
static _Thread_local struct {
    int active;
    struct mktows_srv_request_log *log;
    struct timespec started;   /* CLOCK_MONOTONIC */
    struct timespec wall;      /* CLOCK_REALTIME */
    char host[65];             /* the peer, formatted only when a line is written */
    int port;
    char user[128];
    char op[64];
    int code;
    int dropped;
    int counted;
} s_cur;

struct mktows_srv_request_log *mktows_srv_request_log_new(void)
{
    struct mktows_srv_request_log *log = calloc(1, sizeof *log);
    if (!log)
        return NULL;
    if (pthread_mutex_init(&log->lock, NULL) != 0) {
        free(log);
        return NULL;
    }
    return log;
}

void mktows_srv_request_log_free(struct mktows_srv_request_log *log)
{
    if (!log)
        return;
    if (log->file && log->owned)
        fclose(log->file);
    pthread_mutex_destroy(&log->lock);
    free(log);
}

int mktows_srv_request_log_open(struct mktows_srv_request_log *log, const char *path, char *err, size_t err_len)
{
    if (strcmp(path, "-") == 0) {
        log->file = stderr;
        return 0;
    }
    FILE *f = fopen(path, "ae");
    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    log->file = f;
    log->owned = 1;
    return 0;
}

/* A token without spaces or control characters, "-" when empty. */
static void s_token(char *out, size_t len, const char *in)
{
    size_t n = 0;
    for (; in && *in && n + 1 < len; in++)
        out[n++] = (unsigned char)*in <= ' ' ? '_' : *in;
    if (n == 0 && len > 1)
        out[n++] = '-';
    out[n] = '\0';
}

void mktows_srv_request_begin(struct soap *soap)
{
    memset(&s_cur, 0, sizeof s_cur);
    s_cur.active = 1;
    s_cur.log = mktows_srv_of(soap)->request_log;
    clock_gettime(CLOCK_MONOTONIC, &s_cur.started);
    clock_gettime(CLOCK_REALTIME, &s_cur.wall);
    size_t n = strnlen(soap->host, sizeof s_cur.host - 1);
    memcpy(s_cur.host, soap->host, n);
    s_cur.host[n] = '\0';
    s_cur.port = soap->port;
    s_token(s_cur.user, sizeof s_cur.user, NULL);
    s_token(s_cur.op, sizeof s_cur.op, NULL);
}

void mktows_srv_request_op(const struct soap *soap, const char *op)
{
    s_token(s_cur.op, sizeof s_cur.op, op);
    const struct mkt__AuthenticationHeaderInfo *h = soap->header ? soap->header->mkt__AuthenticationHeader : NULL;
    if (h && h->mktowsUserId)
        s_token(s_cur.user, sizeof s_cur.user, h->mktowsUserId);
}

void mktows_srv_request_fault(int code)
{
    s_cur.code = code;
}

void mktows_srv_request_dropped(void)
{
    s_cur.dropped = 1;
}

/* Count the current request and write its line, once. */
static void s_finish(void)
{
    if (!s_cur.active || s_cur.counted)
        return;
    s_cur.counted = 1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = ((long long)now.tv_sec - s_cur.started.tv_sec) * 1000000
                   + (now.tv_nsec - s_cur.started.tv_nsec) / 1000;

    struct mktows_srv_request_log *log = s_cur.log;
    pthread_mutex_lock(&log->lock);
    log->counts.requests++;
    if (s_cur.dropped)
        log->counts.dropped++;
    else if (s_cur.code)
        log->counts.faults++;
    if (log->file) { /* the line is formatted only when there is a log to write it to */
        char outcome[32], when[40], peer[80], peer_token[80];
        if (s_cur.dropped)
            snprintf(outcome, sizeof outcome, "dropped");
        else if (s_cur.code)
            snprintf(outcome, sizeof outcome, "fault:%d", s_cur.code);
        else
            snprintf(outcome, sizeof outcome, "ok");
        struct tm tm;
        gmtime_r(&s_cur.wall.tv_sec, &tm);
        size_t k = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(when + k, sizeof when - k, ".%06ldZ", s_cur.wall.tv_nsec / 1000);
        snprintf(peer, sizeof peer, "%.64s:%d", s_cur.host, s_cur.port);
        s_token(peer_token, sizeof peer_token, peer);
        fprintf(log->file, "%s %s %s %s %s %lldus\n", when, peer_token, s_cur.user, s_cur.op, outcome, us);
        fflush(log->file);
    }
    pthread_mutex_unlock(&log->lock);
}

void mktows_srv_request_answering(void)
{
    s_finish();
}

void mktows_srv_request_end(void)
{
    s_finish();
    s_cur.active = 0;
}

mktows_srv_request_counts mktows_srv_request_counts_get(struct mktows_srv_request_log *log)
{
    pthread_mutex_lock(&log->lock);
    mktows_srv_request_counts c = log->counts;
    pthread_mutex_unlock(&log->lock);
    return c;
}
