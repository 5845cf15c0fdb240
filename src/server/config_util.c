/* Small helpers the config readers share (config_private.h): allocation that cannot fail, trimming,
 * numbers, error messages. */
#include "config_private.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void s_out_of_memory(void)
{
    fputs("mktows-server: out of memory\n", stderr);
    exit(1);
}

char *mktows_srv_cfg_dup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        s_out_of_memory();
    return d;
}

void *mktows_srv_cfg_grow(void *p, size_t count, size_t size)
{
    void *n = realloc(p, (count + 1) * size);
    if (!n)
        s_out_of_memory();
    memset((char *)n + count * size, 0, size);
    return n;
}

char *mktows_srv_cfg_trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

void mktows_srv_cfg_err(char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

int mktows_srv_cfg_parse_long(const char *v, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}
