/* Internal: shared by sync_lead.c and render.c. */
#ifndef MKTOWS_PRIVATE_SYNC_LEAD_H
#define MKTOWS_PRIVATE_SYNC_LEAD_H

#include <mktows/sync_lead.h>

#include "soapH.h"

/* Everything before a syncLead goes out: validate @p req (on failure release the previous call
 * and its response body, record "invalid syncLead request: <reason>" and return
 * MKTOWS_ERR_VALIDATION), begin the call (fresh signed headers) and build @p params in *@p soap.
 * On MKTOWS_OK the call has begun; on any error it has not and the client's error is set. */
mktows_code mktows_sync_lead_prepare_(mktows_client *client, const mktows_sync_lead_request *req,
                                      struct soap **soap, struct mkt__ParamsSyncLead *params);

#endif
