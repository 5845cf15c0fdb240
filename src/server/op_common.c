/* Helpers the operations share: zeroed allocation, small value checks, lead keys, opaque stream
 * positions. */
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *mktows_srv_soap_alloc(void *soap, size_t size)
{
    return soap_malloc(soap, size);
}

void *mktows_srv_new(struct soap *soap, size_t size)
{
    void *p = soap_malloc(soap, size ? size : 1);
    if (p)
        memset(p, 0, size ? size : 1);
    return p;
}

time_t *mktows_srv_time(struct soap *soap, long long t)
{
    time_t *p = MKTOWS_SRV_NEW(soap, time_t, 1);
    if (p)
        *p = (time_t)t;
    return p;
}

int mktows_srv_is_integer(const char *v)
{
    if (!*v)
        return 1; /* empty clears the value */
    char *end = NULL;
    errno = 0;
    (void)strtoll(v, &end, 10);
    return errno == 0 && end != v && *end == '\0';
}

int mktows_srv_wanted(const struct mkt__ArrayOfString *include, const char *name)
{
    if (!include || include->__sizestringItem <= 0)
        return 1;
    for (int i = 0; i < include->__sizestringItem; i++)
        if (include->stringItem[i] && !strcasecmp(include->stringItem[i], name))
            return 1;
    return 0;
}

int mktows_srv_lead_kind(struct soap *soap, enum mkt__LeadKeyRef key_type, mktows_srv_lead_by *by, char *msg,
                         size_t msg_len)
{
    switch (key_type) {
    case mkt__LeadKeyRef__IDNUM: *by = MKTOWS_SRV_BY_ID; return 0;
    case mkt__LeadKeyRef__EMAIL: *by = MKTOWS_SRV_BY_EMAIL; return 0;
    case mkt__LeadKeyRef__COOKIE: *by = MKTOWS_SRV_BY_COOKIE; return 0;
    default:
        snprintf(msg, msg_len, "keyType %s is not supported by mktows-server (IDNUM, EMAIL, COOKIE are)",
                 soap_mkt__LeadKeyRef2s(soap, key_type));
        return MKTOWS_MKTO_LEAD_KEY_BAD;
    }
}

int mktows_srv_lead_ids(struct soap *soap, enum mkt__LeadKeyRef key_type, const char *value, long long **ids,
                        size_t *n, char *msg, size_t msg_len)
{
    mktows_srv_lead_by kind = MKTOWS_SRV_BY_ID;
    int code = mktows_srv_lead_kind(soap, key_type, &kind, msg, msg_len);
    if (code)
        return code;
    *ids = NULL;
    *n = 0;
    if (!value || !*value)
        return 0;
    mktows_srv_lead *leads = NULL;
    size_t count = 0;
    if (mktows_store_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), kind, value, &leads, &count, msg,
                          msg_len))
        return MKTOWS_MKTO_INTERNAL;
    *ids = MKTOWS_SRV_NEW(soap, long long, count);
    if (!*ids) {
        snprintf(msg, msg_len, "out of memory");
        return MKTOWS_MKTO_INTERNAL;
    }
    for (size_t i = 0; i < count; i++)
        (*ids)[i] = leads[i].id;
    *n = count;
    return 0;
}

int mktows_srv_lead_key_id(struct soap *soap, const struct mkt__LeadKey *k, int i, long long *id)
{
    *id = 0;
    if (!k->keyValue || !*k->keyValue)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "leadKey %d has no keyValue", i + 1);
    char msg[512];
    long long *found = NULL;
    size_t count = 0;
    int code = mktows_srv_lead_ids(soap, k->keyType, k->keyValue, &found, &count, msg, sizeof msg);
    if (code)
        return mktows_srv_fault(soap, code, "%s", msg);
    if (count)
        *id = found[count - 1]; /* EMAIL: the most recently created lead */
    return SOAP_OK;
}

int mktows_srv_lead_ids_by_name(struct soap *soap, const char *name, const char *value, long long **ids,
                                size_t *n, char *msg, size_t msg_len)
{
    enum mkt__LeadKeyRef t;
    if (name && (!strcasecmp(name, "Id") || !strcasecmp(name, "IDNUM")))
        t = mkt__LeadKeyRef__IDNUM;
    else if (name && !strcasecmp(name, "Email"))
        t = mkt__LeadKeyRef__EMAIL;
    else if (name && !strcasecmp(name, "COOKIE"))
        t = mkt__LeadKeyRef__COOKIE;
    else if (!name || soap_s2mkt__LeadKeyRef(soap, name, &t) != SOAP_OK) {
        soap->error = SOAP_OK;
        snprintf(msg, msg_len, "lead key type '%s' is not valid (IDNUM, EMAIL or COOKIE)", name ? name : "");
        return MKTOWS_MKTO_LEAD_KEY_BAD;
    }
    return mktows_srv_lead_ids(soap, t, value, ids, n, msg, msg_len);
}

unsigned mktows_srv_hash(unsigned h, const char *s)
{
    if (!h)
        h = 2166136261u;
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    h ^= 0xff; /* separates "ab","c" from "a","bc" */
    h *= 16777619u;
    return h;
}

char *mktows_srv_pos_make(struct soap *soap, const char *tag, unsigned hash, long long last_id)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s.%llx.%08x", tag, (unsigned long long)last_id, hash);
    return soap_strdup(soap, buf);
}

int mktows_srv_pos_parse(const char *text, const char *tag, unsigned hash, long long *last_id)
{
    size_t tl = strlen(tag);
    if (!text || strncmp(text, tag, tl) != 0 || text[tl] != '.')
        return -1;
    unsigned long long id = 0;
    unsigned h = 0;
    int used = 0;
    if (sscanf(text + tl + 1, "%16llx.%8x%n", &id, &h, &used) != 2 || text[tl + 1 + used] != '\0' || h != hash
        || id > 0x7fffffffffffffffULL)
        return -1;
    *last_id = (long long)id;
    return 0;
}
