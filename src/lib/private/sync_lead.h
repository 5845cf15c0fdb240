/* Internal: shared by sync_lead.c and render.c. */
#ifndef MKTOWS_PRIVATE_SYNC_LEAD_H
#define MKTOWS_PRIVATE_SYNC_LEAD_H

#include <mktows/sync_lead.h>

#include "soapH.h"

/* Fill @p params from a validated @p req, allocating in @p soap; strings are borrowed from @p req. */
mktows_code mktows_sync_lead_build_(struct soap *soap, const mktows_sync_lead_request *req,
                                    struct mkt__ParamsSyncLead *params);

/* Validate @p req before any traffic; on failure release the previous call and its response body, record
 * "invalid syncLead request: <reason>" as the client's error and return MKTOWS_ERR_VALIDATION. */
mktows_code mktows_sync_lead_check_(mktows_client *client, const mktows_sync_lead_request *req);

#endif
