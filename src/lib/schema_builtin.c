/* The schema of the WSDL built into the library (wsdl/mktows-2_7.wsdl): its tables, generated at
 * build time (schema_table_gen.c), for the decoder and the JSON calls. Nothing is parsed at run
 * time. */
#include "private/errbuf.h"
#include "private/schema.h"

mktows_code mktows_schema_load_builtin_(mktows_schema **out, char *errbuf, size_t errbuf_len)
{
    if (mktows_schema_from_table_(out, &mktows_schema_table_builtin_) == 0)
        return MKTOWS_OK;
    return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
}
