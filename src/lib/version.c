/* The library's own version and interface hash, for mktows_version(). */
#include <mktows/version.h>

#include "mktows_iface.h"

const char *mktows_version(unsigned *num, unsigned long long *interface_hash)
{
    if (num)
        *num = MKTOWS_VERSION_NUM;
    if (interface_hash)
        *interface_hash = MKTOWS_IFACE_HASH;
    return MKTOWS_VERSION_STRING;
}
