/* The skeletons soapServer.c dispatches to, one for every operation of the interface description
 * (gen/mktows_iface.h): authentication and limits, then the operation's handler (MKTOWS_SRV_OP in
 * op_*.c), then the response, serialized to memory and sent by mktows_srv_respond() with the nils
 * and dates Marketo wrote (schema_pass.c): the skeleton returns SOAP_STOP, so soapServer.c's own
 * serialization is skipped. An operation the WSDL has but no file implements, such as one just added to the WSDL,
 * is answered with Marketo's fault 20019 after authentication, never a crash or a bare HTTP 500.
 * Between authentication and the handler, the fault injection rules (inject.c) may fail the call. */
#include "serve.h"
#include "fault.h"
#include "ops.h"
#include "inject.h"
#include "request_log.h"

#include "soapH.h"
#include "mktows_iface.h"

/* Each handler is referenced weakly: it is NULL when no op_*.c file defines it. */
#define S_SKELETON(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)              \
    int mktows_srv_op_##op(struct soap *soap, struct REQ *in, struct RESP *out) __attribute__((weak)); \
    int __mkt__##op(struct soap *soap, struct REQ *in, struct RESP *out)                          \
    {                                                                                             \
        mktows_srv_request_op(soap, #op);                                                         \
        int rc = mktows_srv_call_begin(soap, #op);                                                \
        if (rc != SOAP_OK)                                                                        \
            return rc;                                                                            \
        rc = mktows_srv_inject(soap, #op); /* --fail rules */                                     \
        if (rc == SOAP_OK)                                                                        \
            rc = mktows_srv_op_##op ? mktows_srv_op_##op(soap, in, out)                           \
                                    : mktows_srv_fault(soap, MKTOWS_MKTO_UNSUPPORTED_OPERATION,   \
                                                       "%s is not implemented by mktows-server", #op); \
        mktows_srv_call_end(soap);                                                                \
        if (rc != SOAP_OK)                                                                        \
            return rc;                                                                            \
        /* serialized to memory, then sent as Marketo wrote it (mktows_srv_respond) */            \
        const char *xml = NULL;                                                                   \
        soap->encodingStyle = NULL;                                                               \
        soap_serializeheader(soap);                                                               \
        soap_serialize_##RESP(soap, out);                                                         \
        soap->os = &xml;                                                                          \
        rc = soap_begin_send(soap) || soap_envelope_begin_out(soap) || soap_putheader(soap)       \
             || soap_body_begin_out(soap) || soap_put_##RESP(soap, out, "mkt:" #resp_el, "")      \
             || soap_body_end_out(soap) || soap_envelope_end_out(soap) || soap_end_send(soap);    \
        soap->os = NULL;                                                                          \
        return rc || !xml ? soap->error ? soap->error : SOAP_EOM : mktows_srv_respond(soap, xml); \
    }
MKTOWS_IFACE_OPERATIONS(S_SKELETON)
#undef S_SKELETON
