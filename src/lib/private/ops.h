/* Internal: helpers behind the generated typed calls (gen/mktows_ops.c) and the pagers and
 * batch helpers built on them. */
#ifndef MKTOWS_PRIVATE_OPS_H
#define MKTOWS_PRIVATE_OPS_H

#include <mktows/client.h>

/* A response parsed but lacks its required child @p element: record MKTOWS_ERR_PARSE on the
 * client and return it. */
mktows_code mktows_ops_missing_(mktows_client *client, const char *success, const char *element);

#endif
