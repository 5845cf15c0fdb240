/* The typed calls of every operation, expanded from the interface description
 * (gen/mktows_iface.h): begin (release the last call, fresh headers), the exchange (request by its
 * direct writer, response by the gSOAP stub), finish
 * (map the result), and check that the response carries its result element. */
#include "private/client.h"
#include "private/ops.h"
#include "mktows_writer.h"
#include "mktows_reader.h"

#include <mktows/ops.h>

#include <assert.h>
#include <stdlib.h>

/* One attempt of a typed call. */
#define S_ATTEMPT(op, fn, REQ, RESP, resp_el, result)                                              \
    static mktows_code s_attempt_##fn(mktows_client *client, const struct REQ *params, struct RESP **out) \
    {                                                                                              \
        struct soap *soap = NULL;                                                                  \
        mktows_code rc = mktows_client_begin(client, #op, &soap);                                  \
        if (rc != MKTOWS_OK)                                                                       \
            return rc;                                                                             \
        struct RESP *resp = soap_new_##RESP(soap, -1);                                             \
        if (!resp)                                                                                 \
            return mktows_client_finish(client, SOAP_EOM);                                         \
        int status = MKTOWS_EXCHANGE(client, soap, op, fn, (struct REQ *)params, resp);            \
        if ((rc = mktows_client_finish(client, status)) != MKTOWS_OK)                              \
            return rc;                                                                             \
        if (!resp->result)                                                                         \
            return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "%s without its required %s element", \
                                       #resp_el, #result);                                         \
        *out = resp;                                                                               \
        return MKTOWS_OK;                                                                          \
    }

/* The typed call: attempts under the client's rate limit and retry policy (retry.c); each attempt
 * begins afresh (new signature, new headers). */
#define S_DEFINE(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)                             \
    S_ATTEMPT(op, fn, REQ, RESP, resp_el, result)                                                  \
    mktows_code mktows_##fn(mktows_client *client, const struct REQ *params, struct RESP **out)    \
    {                                                                                              \
        assert(client);                                                                            \
        assert(params);                                                                            \
        assert(out);                                                                               \
        *out = NULL;                                                                               \
        mktows_retry_call call = { .operation = #op, .params = params };                           \
        for (;;) {                                                                                 \
            mktows_retry_before_attempt_(client, &call);                                           \
            mktows_code rc = s_attempt_##fn(client, params, out);                                  \
            if (rc == MKTOWS_OK || !mktows_retry_after_failure_(client, &call, rc))                \
                return rc;                                                                         \
        }                                                                                          \
    }                                                                                              \
                                                                                                   \
    mktows_code mktows_##fn##_keep(const struct RESP *resp, struct RESP **out)                     \
    {                                                                                              \
        assert(out);                                                                               \
        *out = NULL;                                                                               \
        if (!resp)                                                                                 \
            return MKTOWS_ERR_INVALID_ARGUMENT;                                                    \
        *out = soap_dup_##RESP(NULL, NULL, resp);                                                  \
        return *out ? MKTOWS_OK : MKTOWS_ERR_NO_MEMORY;                                            \
    }                                                                                              \
                                                                                                   \
    void mktows_##fn##_free(struct RESP *resp)                                                     \
    {                                                                                              \
        soap_del_PointerTo##RESP(&resp);                                                           \
    }                                                                                              \
                                                                                                   \
    mktows_code mktows_ops_call_##fn##_(mktows_client *client, const void *params, void **out)     \
    {                                                                                              \
        struct RESP *resp = NULL;                                                                  \
        mktows_code rc = mktows_##fn(client, params, &resp);                                       \
        *out = resp;                                                                               \
        return rc;                                                                                 \
    }
MKTOWS_IFACE_OPERATIONS(S_DEFINE)
#undef S_DEFINE

mktows_code mktows_call(mktows_client *client, const char *operation, const void *params, void **out)
{
    assert(client);
    assert(out);
    *out = NULL;
    const mktows_ops_entry_ *e = mktows_ops_entry_find_(operation);
    if (!e) {
        mktows_client_clear_error_(client);
        return mktows_client_fail_(client, MKTOWS_ERR_INVALID_ARGUMENT, "the WSDL has no operation \"%.64s\"",
                                   operation ? operation : "(null)");
    }
    if (!params)
        return mktows_client_fail_(client, MKTOWS_ERR_INVALID_ARGUMENT, "no params for %s", operation);
    return e->call(client, params, out);
}
