/* The schema of the WSDL built into the library (wsdl/mktows-2_7.wsdl, embedded at build time, see
 * CMakeLists.txt): the one place that reads it, for the decoder and the JSON calls. */
#include "private/errbuf.h"
#include "private/schema.h"

extern const char mktows_wsdl_embedded[];
extern const size_t mktows_wsdl_embedded_size;

mktows_code mktows_schema_load_builtin_(mktows_schema **out, char *errbuf, size_t errbuf_len)
{
    char err[1024];
    int rc = mktows_schema_load_(out, mktows_wsdl_embedded, mktows_wsdl_embedded_size, err, sizeof err);
    if (rc == 0)
        return MKTOWS_OK;
    return rc == -2 ? mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                    : mktows_errbuf_fail_(MKTOWS_ERR_PARSE, errbuf, errbuf_len,
                                          "the built-in WSDL cannot be read: %s", err);
}
