/* Fault injection (inject.h). The rules are few, so a mutex-guarded array is all it takes. */
#include "inject.h"

#include "request_log.h"
#include "fault.h"

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

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static s_rule *s_rules;
static size_t s_count;

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

int mktows_srv_inject_add(const char *spec, mktows_srv_rule_origin origin, char *err, size_t err_len)
{
    s_rule r;
    if (s_parse(spec, &r, err, err_len))
        return -1;
    r.origin = origin;
    pthread_mutex_lock(&s_lock);
    s_rule *grown = realloc(s_rules, (s_count + 1) * sizeof *s_rules);
    if (grown) {
        s_rules = grown;
        s_rules[s_count++] = r;
    }
    pthread_mutex_unlock(&s_lock);
    if (!grown) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    return 0;
}

void mktows_srv_inject_reset(void)
{
    pthread_mutex_lock(&s_lock);
    size_t k = 0;
    for (size_t i = 0; i < s_count; i++)
        if (s_rules[i].origin == MKTOWS_SRV_RULE_CONFIG) {
            s_rules[k] = s_rules[i];
            s_rules[k++].calls = 0;
        }
    s_count = k;
    pthread_mutex_unlock(&s_lock);
}

void mktows_srv_inject_clear(void)
{
    pthread_mutex_lock(&s_lock);
    s_count = 0;
    pthread_mutex_unlock(&s_lock);
}

size_t mktows_srv_inject_describe(char *out, size_t len)
{
    size_t need = 0;
    if (len)
        *out = '\0';
    pthread_mutex_lock(&s_lock);
    for (size_t i = 0; i < s_count; i++) {
        int k = snprintf(need < len ? out + need : NULL, need < len ? len - need : 0, "%s calls=%lu%s\n",
                         s_rules[i].spec, s_rules[i].calls,
                         s_rules[i].origin == MKTOWS_SRV_RULE_CONFIG ? "" : " (run time)");
        if (k > 0)
            need += (size_t)k;
    }
    pthread_mutex_unlock(&s_lock);
    return need;
}

void mktows_srv_inject_free(void)
{
    pthread_mutex_lock(&s_lock);
    free(s_rules);
    s_rules = NULL;
    s_count = 0;
    pthread_mutex_unlock(&s_lock);
}

int mktows_srv_inject(struct soap *soap, const char *op)
{
    s_rule fired;
    memset(&fired, 0, sizeof fired);
    int any = 0;
    long delay_ms = 0;
    pthread_mutex_lock(&s_lock);
    for (size_t i = 0; i < s_count; i++) {
        s_rule *r = &s_rules[i];
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
    pthread_mutex_unlock(&s_lock);
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
