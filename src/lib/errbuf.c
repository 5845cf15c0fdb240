/* Error detail into a caller's buffer: see private/errbuf.h. */
#include "private/errbuf.h"

#include <stdarg.h>
#include <stdio.h>

mktows_code mktows_errbuf_fail_(mktows_code code, char *errbuf, size_t errbuf_len, const char *fmt, ...)
{
    if (errbuf && errbuf_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, errbuf_len, fmt, ap);
        va_end(ap);
    }
    return code;
}
