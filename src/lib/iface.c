/* The table of operations, expanded from the interface description (gen/mktows_iface.h): what the
 * WSDL says of each, and its typed call by name. The only list of operations in the library. */
#include "private/client.h"
#include "private/ops.h"

#include <mktows/ops.h>

#include <string.h>

#define S_ENTRY(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched) \
    { { #op, #fn, #req_el, #resp_el, #result, (headers), (paged), (batched) }, mktows_ops_call_##fn##_ },
static const mktows_ops_entry_ s_ops[] = { MKTOWS_IFACE_OPERATIONS(S_ENTRY) };
#undef S_ENTRY

size_t mktows_operation_count(void)
{
    return sizeof s_ops / sizeof s_ops[0];
}

const mktows_operation_info *mktows_operation_at(size_t index)
{
    return index < sizeof s_ops / sizeof s_ops[0] ? &s_ops[index].info : NULL;
}

const mktows_ops_entry_ *mktows_ops_entry_find_(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof s_ops / sizeof s_ops[0]; i++)
        if (strcmp(s_ops[i].info.name, name) == 0)
            return &s_ops[i];
    return NULL;
}

const mktows_operation_info *mktows_operation_find(const char *name)
{
    const mktows_ops_entry_ *e = mktows_ops_entry_find_(name);
    return e ? &e->info : NULL;
}
