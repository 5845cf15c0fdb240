/* Internal: the steps of one call on the client's gSOAP context, for code built with the
 * library's own objects: the typed calls (ops.c), the syncLead convenience, and the tests through
 * the internal static library. Programs call operations through <mktows/ops.h>: the typed calls,
 * or mktows_call() by name. Not installed. */
#ifndef MKTOWS_PRIVATE_CALL_H
#define MKTOWS_PRIVATE_CALL_H

#include <mktows/client.h>

struct soap;


/**
 * @brief Prepare the client's gSOAP context for one call of @p operation (the WSDL operation name,
 *        e.g. "getLead"): releases the previous call's memory (soap_destroy + soap_end), clears the
 *        error detail, and sets soap->header afresh with a newly signed AuthenticationHeader (and the
 *        MktowsContextHeader on "syncLead" when a workspace is set).
 * @param out  receives the client's context (borrowed: owned by the client; do not free it).
 * @return MKTOWS_OK, MKTOWS_ERR_INVALID_ARGUMENT (unknown operation name), MKTOWS_ERR_CRYPTO.
 */
mktows_code mktows_client_begin(mktows_client *client, const char *operation, struct soap **out);

/**
 * @brief Finish a call started with mktows_client_begin(): map the gSOAP status @p soap_status
 *        (the return value of soap_call___mkt__X) to an ::mktows_code and record the error detail.
 *        The response structures stay valid until the next mktows_client_begin() or
 *        mktows_client_release() on this client (they are owned by the client).
 * @return MKTOWS_OK or the mapped error (see docs/errors.md); if the last mktows_client_begin()
 *         failed, that error, unchanged.
 */
mktows_code mktows_client_finish(mktows_client *client, int soap_status);


/**
 * Call any generated operation with the client's endpoint, headers, TLS and keep-alive applied:
 *
 *     struct mkt__ParamsGetLead req = {0};  ... fill req ...
 *     struct mkt__SuccessGetLead resp;
 *     mktows_code rc = MKTOWS_CALL(client, getLead, &req, &resp);
 *
 * Evaluates to an mktows_code. Needs "soapH.h" (the generated bindings) included before use, and
 * soap_call___mkt__<op> at link time: libmktows.so does not export it, so this links only in code
 * built with the library's objects (see above); everyone else calls mktows_get_lead() and friends.
 */
#define MKTOWS_CALL(client, op, req, resp) \
    mktows_call_finish_((client), mktows_call_begin_((client), #op) \
        ? soap_call___mkt__##op(mktows_call_soap_((client)), mktows_client_endpoint(client), NULL, (req), (resp)) \
        : -1)

/** Helper behind MKTOWS_CALL (not for direct use): mktows_client_begin(); 1 on success, 0 on error. */
int mktows_call_begin_(mktows_client *client, const char *operation);
/** Helper behind MKTOWS_CALL (not for direct use): the client's context (borrowed). */
struct soap *mktows_call_soap_(mktows_client *client);
/** Helper behind MKTOWS_CALL (not for direct use): mktows_client_finish(). */
mktows_code mktows_call_finish_(mktows_client *client, int soap_status);

#endif /* MKTOWS_PRIVATE_CALL_H */
