/**
 * @file mktows/ops.h
 * @brief Every operation of the WSDL: one typed call each, e.g. mktows_get_lead(), deep copies of
 *        their responses (mktows_get_lead_keep() / mktows_get_lead_free()), the same call by
 *        operation name (mktows_call()), and the table of operations.
 *
 * The list of operations and their facts come from gen/mktows_iface.h, which scripts/regen derives
 * from the WSDL: an operation added to the WSDL gets its typed call here without a hand edit. The
 * request and response types are gSOAP's (struct mkt__ParamsX / struct mkt__SuccessX from
 * gen/soapStub.h); docs/interface.md lists every element of every request and response with its C
 * member. The builders in <mktows/build.h> fill the common request parts (lead selectors, keys,
 * filters, tokens).
 *
 *     struct mkt__LeadKey key;
 *     struct mkt__ParamsGetLead params = { .leadKey = mktows_lead_key_init(&key, MKTOWS_KEY_EMAIL, "t@t.com") };
 *     struct mkt__SuccessGetLead *resp;   // borrowed: valid until the next call on client
 *     if (mktows_get_lead(client, &params, &resp) == MKTOWS_OK)
 *         printf("%d lead(s)\n", resp->result->count);
 *
 * Every typed call:
 * - sends a freshly signed AuthenticationHeader, and the MktowsContextHeader when the operation's
 *   binding names it and the client has a workspace;
 * - maps errors to ::mktows_code with detail on the client (mktows_client_errmsg() and friends);
 * - reads @p params (and everything it points to) during the call only; it must not live in the
 *   client's gSOAP context;
 * - on ::MKTOWS_OK sets *out to the response, which carries its result element; it is borrowed:
 *   owned by the client and valid until the next call on it, mktows_client_release() or
 *   mktows_client_free(). To keep it longer, deep-copy it with mktows_<operation>_keep() and free
 *   the copy with mktows_<operation>_free(). On error *out is NULL.
 *
 * syncLead's typed call is mktows_sync_lead_raw(): the name mktows_sync_lead() belongs to the
 * syncLead convenience call in <mktows/sync_lead.h>.
 */
#ifndef MKTOWS_OPS_H
#define MKTOWS_OPS_H

#include <mktows/client.h>
#include <mktows/error.h>
#include <mktows/export.h>

#include <stddef.h>

#include "soapH.h"
#include "mktows_iface.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MKTOWS_OPS_DECLARE_(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)                \
    MKTOWS_EXTERN mktows_code mktows_##fn(mktows_client *client, const struct REQ *params,       \
                                          struct RESP **out);                                    \
    MKTOWS_EXTERN mktows_code mktows_##fn##_keep(const struct RESP *resp, struct RESP **out);    \
    MKTOWS_EXTERN void mktows_##fn##_free(struct RESP *resp);
/* mktows_<operation>(client, params, &out): the typed call (see above).
 * mktows_<operation>_keep(resp, &out): a deep copy of a response in malloc'd memory; caller frees
 *     it with mktows_<operation>_free(). ::MKTOWS_OK, ::MKTOWS_ERR_INVALID_ARGUMENT (NULL resp) or
 *     ::MKTOWS_ERR_NO_MEMORY (*out is NULL then).
 * mktows_<operation>_free(resp): frees a copy made by _keep(); NULL is a no-op. Never pass a
 *     borrowed response. */
MKTOWS_IFACE_OPERATIONS(MKTOWS_OPS_DECLARE_)
#undef MKTOWS_OPS_DECLARE_

/** What the WSDL says of one operation (from gen/mktows_iface.h). All strings are static. */
typedef struct mktows_operation_info {
    const char *name;             /**< "getLead", as the WSDL names it */
    const char *function;         /**< "get_lead": the typed call is mktows_<function>() */
    const char *request_element;  /**< "paramsGetLead" */
    const char *response_element; /**< "successGetLead" */
    const char *result_member;    /**< "result": the element a valid response carries */
    unsigned headers;             /**< MKTOWS_IFACE_HDR_* flags of the SOAP headers its binding names */
    int paged;                    /**< 1 when it pages with a stream position (<mktows/paging.h>) */
    int batched;                  /**< 1 when it writes a list of records, a status each (<mktows/batch.h>) */
} mktows_operation_info;

/** @brief Number of operations in the WSDL the library was generated from. */
MKTOWS_EXTERN size_t mktows_operation_count(void);
/** @brief The operation at @p index, in WSDL order; NULL past the end. Static: never freed. */
MKTOWS_EXTERN const mktows_operation_info *mktows_operation_at(size_t index);
/** @brief The operation named @p name ("getLead"); NULL when the WSDL has none. Static. */
MKTOWS_EXTERN const mktows_operation_info *mktows_operation_find(const char *name);

/**
 * @brief Call an operation by name: the same call as its typed call, for tools that pick the
 *        operation at run time.
 * @param client     the client.
 * @param operation  the operation's name as the WSDL gives it ("getLead").
 * @param params     its request, a `struct mkt__Params...` as the typed call takes it (read during
 *                   the call only).
 * @param out        receives its response (`struct mkt__Success...`, borrowed as for the typed call)
 *                   on ::MKTOWS_OK, NULL otherwise.
 * @return as the typed call; ::MKTOWS_ERR_INVALID_ARGUMENT for an operation the WSDL does not have.
 */
MKTOWS_EXTERN mktows_code mktows_call(mktows_client *client, const char *operation, const void *params,
                                      void **out);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_OPS_H */
