/* The SOAP headers of a call: set afresh before every call, never reused from the previous one. */
#include "private/client.h"
#include "private/ops.h"

#include <openssl/crypto.h>
#include <string.h>

int mktows_operation_known_(const char *operation)
{
    return mktows_ops_entry_find_(operation) != NULL;
}

mktows_code mktows_headers_set_(mktows_client *client, const char *operation)
{
    struct soap *soap = client->soap;
    const mktows_ops_entry_ *op = mktows_ops_entry_find_(operation);
    char timestamp[MKTOWS_TIMESTAMP_SIZE];
    char signature[MKTOWS_SIGNATURE_SIZE];
    mktows_code rc;

    soap->header = NULL; /* never send a stale header, whatever happens below */

    struct SOAP_ENV__Header *header = soap_new_SOAP_ENV__Header(soap, -1);
    if (!header)
        return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");

    /* The AuthenticationHeader goes where the binding names it: on every operation of mktows 2_7. */
    if (op && (op->info.headers & MKTOWS_IFACE_HDR_AUTH)) {
        if ((rc = mktows_timestamp_now(timestamp)) != MKTOWS_OK)
            return mktows_client_fail_(client, rc, "cannot format the current time as a request timestamp");
        /* mktows_sign(), with the key prepared once per client */
        if ((rc = mktows_hmac_hex_(&client->hmac, timestamp, strlen(timestamp), client->user_id,
                                   strlen(client->user_id), signature)) != MKTOWS_OK)
            return mktows_client_fail_(client, rc, "cannot compute the request signature");
        struct mkt__AuthenticationHeaderInfo *auth = soap_new_mkt__AuthenticationHeaderInfo(soap, -1);
        if (!auth)
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");
        auth->mktowsUserId = soap_strdup(soap, client->user_id);
        auth->requestSignature = soap_strdup(soap, signature);
        auth->requestTimestamp = soap_strdup(soap, timestamp);
        OPENSSL_cleanse(signature, sizeof signature);
        if (!auth->mktowsUserId || !auth->requestSignature || !auth->requestTimestamp)
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");
        header->mkt__AuthenticationHeader = auth;
    }

    /* The MktowsContextHeader goes where the operation's binding names it (the interface
     * description read it from the WSDL), and only when the client has a workspace. */
    if (client->workspace && op && (op->info.headers & MKTOWS_IFACE_HDR_CONTEXT)) {
        struct mkt__MktowsContextHeaderInfo *ctx = soap_new_mkt__MktowsContextHeaderInfo(soap, -1);
        if (!ctx || !(ctx->targetWorkspace = soap_strdup(soap, client->workspace)))
            return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory building the SOAP header");
        header->mkt__MktowsContextHeader = ctx;
    }
    soap->header = header;
    return MKTOWS_OK;
}
