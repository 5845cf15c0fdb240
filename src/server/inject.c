/* Fault injection (inject.h). The rules are few, so a mutex-guarded array is all it takes. */
#include "inject.h"

#include "request_log.h"
#include "fault.h"
#include "serve.h"
#include "server.h"

#include "soapH.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

typedef enum { S_CODE, S_DROP, S_DELAY } s_action;

typedef struct s_rule {
    char op[64];          /* "*" = every operation */
    s_action action;
    int code;             /* S_CODE */
    long delay_ms;        /* S_DELAY */
    unsigned long nth;    /* 0 = every call */
    unsigned long calls;  /* calls of op counted so far */
    mktows_srv_rule_origin origin;
    char spec[128];
} s_rule;

/* One server's rules (inject.h), owned by its context (server.h). */
struct mktows_srv_inject_rules {
    pthread_mutex_t lock;
    s_rule *rule;
    size_t count;
};

static const char s_form[] = "expected OP:CODE, OP:drop or OP:delay=MS, each optionally @N (the Nth call only),"
                             " e.g. getLead:20023 or syncLead:20024@3";

static int s_number(const char *text, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int s_parse(const char *spec, s_rule *out, char *err, size_t err_len)
{
    s_rule r;
    memset(&r, 0, sizeof r);
    char buf[128];
    if (snprintf(buf, sizeof buf, "%s", spec) >= (int)sizeof buf) {
        snprintf(err, err_len, "'%.40s...': too long", spec);
        return -1;
    }
    snprintf(r.spec, sizeof r.spec, "%s", spec);
    char *colon = strchr(buf, ':');
    char *at = colon ? strchr(colon, '@') : NULL;
    long n = 0;
    if (at) {
        *at = '\0';
        if (s_number(at + 1, 1, 1000000000L, &n)) {
            snprintf(err, err_len, "'%s': @N wants a call number from 1, %s", spec, s_form);
            return -1;
        }
        r.nth = (unsigned long)n;
    }
    if (!colon || colon == buf || (size_t)(colon - buf) >= sizeof r.op) {
        snprintf(err, err_len, "'%s': %s", spec, s_form);
        return -1;
    }
    *colon = '\0';
    memcpy(r.op, buf, (size_t)(colon - buf) + 1);
    const char *what = colon + 1;
    if (strcmp(what, "drop") == 0) {
        r.action = S_DROP;
    } else if (strncmp(what, "delay=", 6) == 0) {
        r.action = S_DELAY;
        if (s_number(what + 6, 0, 600000, &r.delay_ms)) {
            snprintf(err, err_len, "'%s': delay=MS wants milliseconds from 0 to 600000", spec);
            return -1;
        }
    } else if (s_number(what, 10000, 99999, &n) == 0 && mktows_marketo_message((mktows_code)n)) {
        r.action = S_CODE;
        r.code = (int)n;
    } else {
        snprintf(err, err_len, "'%s': '%s' is not a Marketo error code (docs/errors.md), drop or delay=MS; %s", spec,
                 what, s_form);
        return -1;
    }
    *out = r;
    return 0;
}

int mktows_srv_inject_check(const char *spec, char *err, size_t err_len)
{
    s_rule r;
    return s_parse(spec, &r, err, err_len);
}

struct mktows_srv_inject_rules *mktows_srv_inject_new(void)
{
    struct mktows_srv_inject_rules *rules = calloc(1, sizeof *rules);
    if (!rules)
        return NULL;
    if (pthread_mutex_init(&rules->lock, NULL) != 0) {
        free(rules);
        return NULL;
    }
    return rules;
}

void mktows_srv_inject_free(struct mktows_srv_inject_rules *rules)
{
    if (!rules)
        return;
    pthread_mutex_destroy(&rules->lock);
    free(rules->rule);
    free(rules);
}

int mktows_srv_inject_add(struct mktows_srv_inject_rules *rules, const char *spec, mktows_srv_rule_origin origin,
                          char *err, size_t err_len)
{
    s_rule r;
    if (s_parse(spec, &r, err, err_len))
        return -1;
    r.origin = origin;
    pthread_mutex_lock(&rules->lock);
    s_rule *grown = realloc(rules->rule, (rules->count + 1) * sizeof *rules->rule);
    if (grown) {
        rules->rule = grown;
        rules->rule[rules->count++] = r;
    }
    pthread_mutex_unlock(&rules->lock);
    if (!grown) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    return 0;
}

void mktows_srv_inject_reset(struct mktows_srv_inject_rules *rules)
{
    pthread_mutex_lock(&rules->lock);
    size_t k = 0;
    for (size_t i = 0; i < rules->count; i++)
        if (rules->rule[i].origin == MKTOWS_SRV_RULE_CONFIG) {
            rules->rule[k] = rules->rule[i];
            rules->rule[k++].calls = 0;
        }
    rules->count = k;
    pthread_mutex_unlock(&rules->lock);
}

void mktows_srv_inject_clear(struct mktows_srv_inject_rules *rules)
{
    pthread_mutex_lock(&rules->lock);
    rules->count = 0;
    pthread_mutex_unlock(&rules->lock);
}

size_t mktows_srv_inject_describe(struct mktows_srv_inject_rules *rules, char *out, size_t len)
{
    size_t need = 0;
    if (len)
        *out = '\0';
    pthread_mutex_lock(&rules->lock);
    for (size_t i = 0; i < rules->count; i++) {
        const s_rule *r = &rules->rule[i];
        int k = snprintf(need < len ? out + need : NULL, need < len ? len - need : 0, "%s calls=%lu%s\n", r->spec,
                         r->calls, r->origin == MKTOWS_SRV_RULE_CONFIG ? "" : " (run time)");
        if (k > 0)
            need += (size_t)k;
    }
    pthread_mutex_unlock(&rules->lock);
    return need;
}

int mktows_srv_inject(struct soap *soap, const char *op)
{
    s_rule fired;
    memset(&fired, 0, sizeof fired);
    int any = 0;
    long delay_ms = 0;
    struct mktows_srv_inject_rules *rules = mktows_srv_of(soap)->inject;
    pthread_mutex_lock(&rules->lock);
    for (size_t i = 0; i < rules->count; i++) {
        s_rule *r = &rules->rule[i];
        if (strcmp(r->op, "*") != 0 && strcasecmp(r->op, op) != 0)
            continue;
        r->calls++;
        if (r->nth && r->calls != r->nth)
            continue;
        if (r->action == S_DELAY) {
            delay_ms += r->delay_ms; /* delays add up and do not stop a fault or a drop */
        } else if (!any) {
            fired = *r;
            any = 1;
        }
    }
    pthread_mutex_unlock(&rules->lock);
    if (delay_ms > 0) {
        struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
    if (!any)
        return SOAP_OK;
    if (fired.action == S_DROP) {
        mktows_srv_request_dropped();
        mktows_srv_request_answering();
        soap->keep_alive = 0;
        if (soap_valid_socket(soap->socket))
            shutdown(soap->socket, SHUT_RDWR);
        return soap->error = SOAP_EOF;
    }
    return mktows_srv_fault(soap, fired.code, "%s: injected by the rule %s", op, fired.spec);
}
