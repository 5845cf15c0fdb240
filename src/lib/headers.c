/* The SOAP headers of a call: set afresh before every call, never reused from the previous one. */
#include "private/client.h"

#include <openssl/crypto.h>
#include <string.h>

/* The 23 operations of mktows 2_7, in WSDL order. All take AuthenticationHeader. */
static const char *const s_operations[] = {
    "deleteMObjects", "describeMObject", "getMObjects", "syncMObjects", "getCampaignsForSource",
    "getImportToListStatus", "getLead", "getLeadActivity", "getLeadChanges", "getMultipleLeads",
    "importToList", "listMObjects", "listOperation", "requestCampaign", "scheduleCampaign", "syncLead",
    "syncMultipleLeads", "syncCustomObjects", "deleteCustomObjects", "getCustomObjects", "mergeLeads",
    "getChannels", "getTags",
};

int mktows_operation_known_(const char *operation)
{
    if (!operation)
        return 0;
    for (size_t i = 0; i < sizeof s_operations / sizeof s_operations[0]; i++)
        if (strcmp(operation, s_operations[i]) == 0)
            return 1;
    return 0;
}

mktows_code mktows_headers_set_(mktows_client *client, const char *operation)
{
    struct soap *soap = client->soap;
    char timestamp[MKTOWS_TIMESTAMP_SIZE];
    char signature[MKTOWS_SIGNATURE_SIZE];
    mktows_code rc;

    soap->header = NULL; /* never send a stale header, whatever happens below */

    if ((rc = mktows_timestamp_now(timestamp)) != MKTOWS_OK)
        return mktows_client_fail_(client, rc, "cannot format the current time as a request timestamp");
    if ((rc = mktows_sign(signature, timestamp, client->user_id, client->key)) != MKTOWS_OK)
        return mktows_client_fail_(client, rc, "cannot compute the request signature");

    struct SOAP_ENV__Header *header = soap_new_SOAP_ENV__Header(soap, -1);
    struct mkt__AuthenticationHeaderInfo *auth = soap_new_mkt__AuthenticationHeaderInfo(soap, -1);
    if (!header || !auth)
        return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");
    auth->mktowsUserId = soap_strdup(soap, client->user_id);
    auth->requestSignature = soap_strdup(soap, signature);
    auth->requestTimestamp = soap_strdup(soap, timestamp);
    OPENSSL_cleanse(signature, sizeof signature);
    if (!auth->mktowsUserId || !auth->requestSignature || !auth->requestTimestamp)
        return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");
    header->mkt__AuthenticationHeader = auth;

    /* MktowsContextHeader is part of syncLead's binding only. */
    if (client->workspace && strcmp(operation, "syncLead") == 0) {
        struct mkt__MktowsContextHeaderInfo *ctx = soap_new_mkt__MktowsContextHeaderInfo(soap, -1);
        if (!ctx || !(ctx->targetWorkspace = soap_strdup(soap, client->workspace)))
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");
        header->mkt__MktowsContextHeader = ctx;
    }
    soap->header = header;
    return MKTOWS_OK;
}
