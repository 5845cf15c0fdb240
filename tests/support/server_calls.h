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

#endif
