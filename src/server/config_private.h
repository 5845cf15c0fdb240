/* Helpers shared by the config readers (config.c, config_objects.c); not used elsewhere. */
#ifndef MKTOWS_CONFIG_PRIVATE_H
#define MKTOWS_CONFIG_PRIVATE_H

#include <stddef.h>

/* strdup of s (NULL reads as ""); exits with a message when out of memory. */
char *mktows_srv_cfg_dup(const char *s);
/* Room for element @p count of an array of @p count elements of @p size bytes: realloc'd, the new
 * element zeroed. Exits with a message when out of memory. */
void *mktows_srv_cfg_grow(void *p, size_t count, size_t size);
/* Trim whitespace at both ends, in place; returns the first non-space character. */
char *mktows_srv_cfg_trim(char *s);
/* A whole decimal number in [min, max] into *out: 0, or -1 (and *out unchanged). */
int mktows_srv_cfg_parse_long(const char *v, long min, long max, long *out);
/* snprintf into err. */
void mktows_srv_cfg_err(char *err, size_t err_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
