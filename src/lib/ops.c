/* Shared helpers of the generated typed calls (gen/mktows_ops.c). */
#include "private/client.h"
#include "private/ops.h"

mktows_code mktows_ops_missing_(mktows_client *client, const char *success, const char *element)
{
    return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "%s without its required %s element", success, element);
}
