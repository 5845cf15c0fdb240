/* Internal: error detail into a caller's buffer, for the functions that report through
 * (errbuf, errbuf_len) instead of a client (decode, the JSON calls, the built-in schema). */
#ifndef MKTOWS_PRIVATE_ERRBUF_H
#define MKTOWS_PRIVATE_ERRBUF_H

#include <mktows/error.h>

#include <stddef.h>

/* Format into @p errbuf (when not NULL and @p errbuf_len > 0) and return @p code. */
mktows_code mktows_errbuf_fail_(mktows_code code, char *errbuf, size_t errbuf_len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
