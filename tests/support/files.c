#include "files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *mktows_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            break;
        if (n + 1024 > cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0)
            break;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

int mktows_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

char *mktows_test_md_example(const char *doc, const char *heading)
{
    return mktows_test_md_block(doc, heading, "c");
}

char *mktows_test_md_block(const char *doc, const char *heading, const char *lang)
{
    char line[160], fence[40];
    snprintf(line, sizeof line, "\n### %s\n", heading);
    snprintf(fence, sizeof fence, "```%s\n", lang);
    const char *h = strstr(doc, line);
    if (!h)
        return NULL;
    const char *next = strstr(h + 1, "\n#");
    const char *b = strstr(h, fence);
    if (!b || (next && b > next))
        return NULL;
    b += strlen(fence);
    const char *e = strstr(b, "```");
    return e ? strndup(b, (size_t)(e - b)) : NULL;
}

char *mktows_test_md_block_nth(const char *doc, const char *heading, const char *lang, int n)
{
    char line[160], fence[40];
    snprintf(line, sizeof line, "\n### %s\n", heading);
    snprintf(fence, sizeof fence, "\n```%s\n", lang);
    const char *h = strstr(doc, line);
    if (!h)
        return NULL;
    h += strlen(line) - 1;
    /* the section ends at the next heading of level 2 or 3 (a code line rarely starts so) */
    const char *end2 = strstr(h, "\n## "), *end3 = strstr(h, "\n### ");
    const char *end = end2 && (!end3 || end2 < end3) ? end2 : end3;
    for (const char *p = h;;) {
        const char *b = strstr(p, fence);
        if (!b || (end && b > end))
            return NULL;
        b += strlen(fence);
        const char *e = strstr(b, "\n```");
        if (!e)
            return NULL;
        if (n-- == 0)
            return strndup(b, (size_t)(e - b) + 1);
        p = e + 4;
    }
}
