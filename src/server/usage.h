/* usage.c: the documented options (--help, man page and completion come from them). Private to
 * src/server. */
#ifndef MKTOWS_SERVER_USAGE_H
#define MKTOWS_SERVER_USAGE_H

#include <stdio.h>

void mktows_srv_usage(FILE *out);
/* --help-format=man|bash|text: 0 printed, -1 unknown format or write error. */
int mktows_srv_help_format(const char *format, FILE *out);

#endif
