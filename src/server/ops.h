/* Shared by the operations (op_*.c, lead_record.c, op_common.c): records, lead keys, stream
 * positions, soap memory, and MKTOWS_SRV_OP, which defines an operation's handler. Private to
 * src/server. */
#ifndef MKTOWS_SERVER_OPS_H
#define MKTOWS_SERVER_OPS_H

#include "config.h"
#include "fault.h"
#include "op_mobject_meta.h"
#include "store.h"

#include "soapH.h" /* the generated types the operations read and write */

#include <stddef.h>
#include <time.h>

/* A stored lead as a response LeadRecord; @p include (optional) limits the attributes. 0 or -1. */
int mktows_srv_fill_record(struct soap *soap, const mktows_srv_lead *lead, struct mkt__LeadRecord *rec,
                           const struct mkt__ArrayOfString *include);
/* Check a request LeadRecord (+ cookie) and fill @p req. Returns 0 or a Marketo code with msg. */
int mktows_srv_sync_prepare(struct soap *soap, const struct mkt__LeadRecord *r, const char *cookie,
                            mktows_srv_sync *req, char *msg, size_t msg_len);


/* The value of attribute @p name of a stored MObject (case-insensitive), or NULL. */
const char *mktows_srv_mobj_attr(const mktows_srv_mobj *o, const char *name);

/* The store's arena (store.h) backed by the request's gSOAP memory: what the store returns lives
 * until soap_end, like the rest of the response. MKTOWS_SRV_ARENA(soap) is a pointer to one, valid
 * in the enclosing block (pass it straight to the store call). */
void *mktows_srv_soap_alloc(void *soap, size_t size);
#define MKTOWS_SRV_ARENA(soap) (&(const mktows_srv_arena){ .alloc = mktows_srv_soap_alloc, .ctx = (soap) })
/* Zeroed soap memory (freed by soap_end); NULL when out of memory. */
void *mktows_srv_new(struct soap *soap, size_t size);
#define MKTOWS_SRV_NEW(soap, T, n) ((T *)mktows_srv_new((soap), sizeof(T) * (size_t)(n)))
/* A time_t holding @p t in soap memory (optional dateTime elements); NULL when out of memory. */
time_t *mktows_srv_time(struct soap *soap, long long t);
/* 1 when @p v is a whole decimal number that fits a long long, or empty (which clears a value). */
int mktows_srv_is_integer(const char *v);
/* 1 when attribute @p name is asked for: @p include (includeAttributes) is absent or empty, or names
 * it (case-insensitively). */
int mktows_srv_wanted(const struct mkt__ArrayOfString *include, const char *name);

/* The mktows_store_find() lookup for a keyType: 0 and *by for IDNUM, EMAIL,
 * COOKIE; 20102 for another key type, with msg. */
int mktows_srv_lead_kind(struct soap *soap, enum mkt__LeadKeyRef key_type, mktows_srv_lead_by *by, char *msg,
                         size_t msg_len);
/* Lead ids for one lead key (IDNUM, EMAIL or COOKIE). Returns 0
 * (ids in soap memory, possibly none), 20102 for another key type, or 20011; msg says why. */
int mktows_srv_lead_ids(struct soap *soap, enum mkt__LeadKeyRef key_type, const char *value, long long **ids,
                        size_t *n, char *msg, size_t msg_len);
/* The lead one LeadKey (number @p i of the request, from 0) names: *id, the most recently created
 * lead when several match, or 0 when none does. SOAP_OK, or a fault: 20101 when the key has no
 * keyValue, else the code of mktows_srv_lead_ids(). */
int mktows_srv_lead_key_id(struct soap *soap, const struct mkt__LeadKey *k, int i, long long *id);
/* Lead ids for a key given as an Attribute (mergeLeads): attrName IDNUM / EMAIL / COOKIE /
 * ForeignSysPersonId... Same returns. */
int mktows_srv_lead_ids_by_name(struct soap *soap, const char *name, const char *value, long long **ids,
                                size_t *n, char *msg, size_t msg_len);

/* Opaque stream positions: "<tag>.<last id>.<hash of the query>" in base 36 pieces. */
unsigned mktows_srv_hash(unsigned h, const char *s);
char *mktows_srv_pos_make(struct soap *soap, const char *tag, unsigned hash, long long last_id);
/* 0 and *last_id, or -1 when the text is not a position of this tag and query (20122). */
int mktows_srv_pos_parse(const char *text, const char *tag, unsigned hash, long long *last_id);

/* The handler of OP: dispatch.c's skeleton __mkt__OP (one for every operation of the WSDL) runs
 * authentication and limits around it, and answers 20019 for an operation no file implements. */
#define MKTOWS_SRV_OP(OP, PARAMS, SUCCESS, IMPL)                                                 \
    int mktows_srv_op_##OP(struct soap *soap, struct PARAMS *in, struct SUCCESS *out)            \
    {                                                                                            \
        return IMPL(soap, in, out);                                                              \
    }

#endif
