/* Small memory helpers: the growable buffer and mktows_free(). */
#include "private/client.h"

#include <mktows/sync_lead.h>

#include <stdlib.h>
#include <string.h>

void mktows_buf_reset(mktows_buf *buf)
{
    buf->len = 0;
    buf->oom = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

void mktows_buf_append(mktows_buf *buf, const char *data, size_t len)
{
    if (buf->oom || len == 0)
        return;
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 4096;
        while (cap < buf->len + len + 1)
            cap *= 2;
        char *nd = realloc(buf->data, cap);
        if (!nd) {
            buf->oom = 1;
            return;
        }
        buf->data = nd;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void mktows_buf_free(mktows_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->oom = 0;
}

void mktows_free(void *ptr)
{
    free(ptr);
}
