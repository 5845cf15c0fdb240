/* The SOAP headers of a call: set afresh before every call, never reused from the previous one. */
#include "private/client.h"
#include "private/ops.h"

#include <openssl/crypto.h>
#include <string.h>

int mktows_operation_known_(const char *operation)
{
    return mktows_ops_entry_find_(operation) != NULL;
}

const mktows_ops_entry_ *mktows_operation_entry_(mktows_client *client, const char *operation)
{
    if (operation && client->last_op && strcmp(client->last_op->info.name, operation) == 0)
        return client->last_op;
    const mktows_ops_entry_ *e = mktows_ops_entry_find_(operation);
    if (e)
        client->last_op = e;
    return e;
}

mktows_code mktows_headers_set_(mktows_client *client, const mktows_ops_entry_ *op)
{
    struct soap *soap = client->soap;
    mktows_headers_ *h = &client->headers;
    mktows_code rc;

    soap->header = NULL; /* never send a stale header, whatever happens below */
    /* The structures live on the client, not in the soap context: nothing to allocate, nothing to
     * copy; the serializers only read them. */
    memset(&h->header, 0, sizeof h->header);

    /* The AuthenticationHeader goes where the binding names it: on every operation of mktows 2_7. */
    if (op && (op->info.headers & MKTOWS_IFACE_HDR_AUTH)) {
        if ((rc = mktows_timestamp_now(h->timestamp)) != MKTOWS_OK)
            return mktows_client_fail_(client, rc, "cannot format the current time as a request timestamp");
        /* mktows_sign(), with the key prepared once per client */
        if ((rc = mktows_hmac_hex_(&client->hmac, h->timestamp, strlen(h->timestamp), client->user_id,
                                   strlen(client->user_id), h->signature)) != MKTOWS_OK)
            return mktows_client_fail_(client, rc, "cannot compute the request signature");
        memset(&h->auth, 0, sizeof h->auth);
        h->auth.mktowsUserId = client->user_id;
        h->auth.requestSignature = h->signature;
        h->auth.requestTimestamp = h->timestamp;
        h->header.mkt__AuthenticationHeader = &h->auth;
    }

    /* The MktowsContextHeader goes where the operation's binding names it (the interface
     * description read it from the WSDL), and only when the client has a workspace. */
    if (client->workspace && op && (op->info.headers & MKTOWS_IFACE_HDR_CONTEXT)) {
        h->context.targetWorkspace = client->workspace;
        h->header.mkt__MktowsContextHeader = &h->context;
    }
    soap->header = &h->header;
    return MKTOWS_OK;
}

void mktows_headers_clear_(mktows_client *client)
{
    mktows_headers_ *h = &client->headers;
    if (client->soap && client->soap->header == &h->header)
        client->soap->header = NULL;
    OPENSSL_cleanse(h->signature, sizeof h->signature);
    memset(&h->header, 0, sizeof h->header);
    memset(&h->auth, 0, sizeof h->auth);
}
