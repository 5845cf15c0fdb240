/* The 21 operations mktows-server does not implement yet (issue 4): after the usual authentication
 * and limits they answer fault 20019 Unsupported Operation, so clients get a well-formed Marketo
 * fault rather than a transport error. */
#include "server.h"

#include "soapH.h"

static int s_unsupported(struct soap *soap, const char *op)
{
    int rc = mktows_srv_call_begin(soap, op);
    if (rc != SOAP_OK)
        return rc;
    mktows_srv_call_end(soap);
    return mktows_srv_fault(soap, 20019, "%s is not implemented by mktows-server yet", op);
}

/* Defines the generated skeleton for operation OP (request type mkt__ParamsT, response mkt__SuccessT). */
#define MKTOWS_SRV_UNSUPPORTED(OP, T)                                                              \
    int __mkt__##OP(struct soap *soap, struct mkt__Params##T *in, struct mkt__Success##T *out)   \
    {                                                                                            \
        (void)in;                                                                                \
        (void)out;                                                                               \
        return s_unsupported(soap, #OP);                                                         \
    }

MKTOWS_SRV_UNSUPPORTED(deleteMObjects, DeleteMObjects)
MKTOWS_SRV_UNSUPPORTED(describeMObject, DescribeMObject)
MKTOWS_SRV_UNSUPPORTED(getMObjects, GetMObjects)
MKTOWS_SRV_UNSUPPORTED(syncMObjects, SyncMObjects)
MKTOWS_SRV_UNSUPPORTED(getImportToListStatus, GetImportToListStatus)
MKTOWS_SRV_UNSUPPORTED(importToList, ImportToList)
MKTOWS_SRV_UNSUPPORTED(listMObjects, ListMObjects)
MKTOWS_SRV_UNSUPPORTED(getChannels, GetChannels)
MKTOWS_SRV_UNSUPPORTED(getTags, GetTags)
