/* Internal: the table of operations (iface.c) behind mktows_call() and the client's headers. */
#ifndef MKTOWS_PRIVATE_OPS_H
#define MKTOWS_PRIVATE_OPS_H

#include <mktows/ops.h>

/* One operation: what the WSDL says of it, and its typed call taking and giving untyped pointers. */
typedef struct mktows_ops_entry_ {
    mktows_operation_info info;
    mktows_code (*call)(mktows_client *client, const void *params, void **out);
} mktows_ops_entry_;

/* The entry of @p name, NULL when the WSDL has no such operation. */
const mktows_ops_entry_ *mktows_ops_entry_find_(const char *name);

/* ops.c: each operation's typed call behind an untyped signature (mktows_ops_call_get_lead_, ...). */
#define MKTOWS_OPS_CALL_DECLARE_(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched) \
    mktows_code mktows_ops_call_##fn##_(mktows_client *client, const void *params, void **out);
MKTOWS_IFACE_OPERATIONS(MKTOWS_OPS_CALL_DECLARE_)
#undef MKTOWS_OPS_CALL_DECLARE_

#endif
