/* Helpers the server suites share: syncLead through the library, raw calls through the generated
 * stubs (for requests the library would refuse to build), and reading attributes back. */
#ifndef MKTOWS_TEST_SERVER_CALLS_H
#define MKTOWS_TEST_SERVER_CALLS_H

#include <mktows/mktows.h>

#include "soapH.h"

/* syncLead with email / foreign id / id and NULL-terminated name, value pairs. */
mktows_code mktows_test_sync(mktows_client *c, int id, const char *email, const char *foreign_id,
                             const char *cookie, mktows_sync_lead_result **out, ...);

/* The value of attribute @p name in @p lead, or NULL. */
const char *mktows_test_lead_attr(const mktows_lead *lead, const char *name);

/* getLead through the raw stub. On MKTOWS_OK, *out points into the client's memory (valid until
 * the next call on @p c). */
mktows_code mktows_test_get_lead(mktows_client *c, enum mkt__LeadKeyRef type, const char *value,
                                 struct mkt__ResultGetLead **out);
/* The value of attribute @p name of a generated LeadRecord, or NULL. */
const char *mktows_test_record_attr(const struct mkt__LeadRecord *rec, const char *name);
/* getLead by Id and return attribute @p name (copied into @p buf), or NULL. */
const char *mktows_test_attr_of(mktows_client *c, int id, const char *name, char *buf, size_t len);

/* syncLead with only a marketoCookie (the library insists on Id, Email or ForeignSysPersonId). */
mktows_code mktows_test_sync_cookie_only(mktows_client *c, const char *cookie, int *lead_id, int *created);

/* syncMultipleLeads of @p n leads with emails "<prefix><i>@example.com" for i = first .. first+n-1,
 * each with attribute @p attr = @p value (optional), in calls of at most 300. The lead ids go to
 * @p ids_out (optional, n entries). */
mktows_code mktows_test_sync_many(mktows_client *c, const char *prefix, int first, int n, int *ids_out,
                                  const char *attr, const char *value);

/* getMultipleLeads with @p sel, a stream position (or NULL) and a batch size (0 = none). On
 * MKTOWS_OK, *out points into the client's memory (valid until the next call on @p c). */
mktows_code mktows_test_get_multiple(mktows_client *c, struct mkt__LeadSelector *sel, const char *pos, int batch,
                                     struct mkt__ResultGetMultipleLeads **out);
/* A gSOAP context for building requests (the client's own context is reset at the start of every
 * call, so request data must not live there). Freed at exit. */
struct soap *mktows_test_scratch(void);
/* A LeadKeySelector / StaticListSelector selector in scratch memory (@p c is unused). */
struct mkt__LeadSelector *mktows_test_key_selector(mktows_client *c, enum mkt__LeadKeyRef type,
                                                   const char *const *values, int n);
struct mkt__LeadSelector *mktows_test_list_selector(mktows_client *c, const char *name, int id);

/* listOperation on list @p list with lead ids; statuses (optional) get one 0/1 per lead. */
mktows_code mktows_test_list_op(mktows_client *c, enum mkt__ListOperationType op, const char *list,
                                const int *ids, int n, int strict, int *statuses, int *success);

/* POST @p body (a whole SOAP envelope) to @p url's SOAP endpoint over plain HTTP and return the
 * whole HTTP response (headers and body) in a malloc'd string, or NULL. */
char *mktows_test_http_post(const char *url, const char *body);

/* Any plain HTTP request (@p body may be NULL) to @p url's port; the whole response, malloc'd, or NULL. */
char *mktows_test_http_request(const char *url, const char *method, const char *path, const char *body);
/* Plain HTTP GET of @p path_query on @p url's port; the whole response in a malloc'd string, or NULL. */
char *mktows_test_http_get(const char *url, const char *path_query);

#endif
