/* Fault injection (inject.c): rules that make an operation fail on purpose, from --fail, the
 * [faults] section of the config and the admin endpoint (POST /fail).
 *
 *   OP:CODE[@N]       answer with Marketo's fault CODE (20023, 20024, ...)
 *   OP:drop[@N]       close the connection without answering
 *   OP:delay=MS[@N]   answer MS milliseconds late
 *
 * OP is an operation name (getLead, syncLead, ...) or * for every operation. Without @N the rule
 * applies to every call of OP; with it, only to the Nth (counted from 1, since the start or the last
 * reset). Calls are counted after authentication, as Marketo's limits are checked. */
#ifndef MKTOWS_SERVER_INJECT_H
#define MKTOWS_SERVER_INJECT_H

#include <stddef.h>

struct soap;

/* Check one rule without adding it: 0, or -1 with the expected form in err. */
int mktows_srv_inject_check(const char *spec, char *err, size_t err_len);
/* Where a rule comes from, which says whether a reset keeps it. */
typedef enum mktows_srv_rule_origin {
    MKTOWS_SRV_RULE_RUNTIME, /* the admin endpoint's POST /fail: dropped by a reset */
    MKTOWS_SRV_RULE_CONFIG   /* --fail and the config's [faults]: kept by a reset */
} mktows_srv_rule_origin;
/* One server's rules and their call counts (inject.c): a part of the server context (server.h),
 * its member inject. */
struct mktows_srv_inject_rules;
/* No rules yet: caller frees with mktows_srv_inject_free(). NULL out of memory. */
struct mktows_srv_inject_rules *mktows_srv_inject_new(void);
/* Release @p rules (NULL: nothing). */
void mktows_srv_inject_free(struct mktows_srv_inject_rules *rules);
/* Check and add one rule from @p origin to @p rules. 0, or -1 with the expected form in err. */
int mktows_srv_inject_add(struct mktows_srv_inject_rules *rules, const char *spec, mktows_srv_rule_origin origin,
                          char *err, size_t err_len);
/* Back to the configuration: rules added at run time are dropped, every count starts again. */
void mktows_srv_inject_reset(struct mktows_srv_inject_rules *rules);
/* Drop every rule, those of the configuration too (the admin endpoint's DELETE /fail). */
void mktows_srv_inject_clear(struct mktows_srv_inject_rules *rules);
/* The rules, one "SPEC calls=N" a line, into @p out; returns the length it needed. */
size_t mktows_srv_inject_describe(struct mktows_srv_inject_rules *rules, char *out, size_t len);

/* For a call of @p op that passed authentication: count it in the rules of its server
 * (mktows_srv_of(soap)->inject) and apply the first rule that fires.
 * Returns SOAP_OK (no rule, or only a delay), a Marketo fault (the skeleton returns it), or
 * SOAP_EOF when the connection was dropped (shut down; nothing is sent). */
int mktows_srv_inject(struct soap *soap, const char *op);

#endif
