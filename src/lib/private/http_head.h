/* The HTTP request header of a call, written from a per-client copy (http_head.c). */
#ifndef MKTOWS_PRIVATE_HTTP_HEAD_H
#define MKTOWS_PRIVATE_HTTP_HEAD_H

#include <stddef.h>

/* What gSOAP's http_post() wrote for the last plain POST, and what it wrote it from. Owned by the
 * client (caller storage: zeroed to start, released with mktows_http_head_clean_up_()). */
typedef struct mktows_http_head {
    char *text;          /* the header, with the Content-Length value cut out at length_at */
    size_t len, length_at;
    char *key;           /* endpoint, host, path, action, HTTP version: NUL-terminated, one after another */
    size_t key_len;
    int has_action, port, ssl, keep_alive, recv_timeout, zlib, zlib_out, chunked;
    int valid;
} mktows_http_head;

void mktows_http_head_clean_up_(mktows_http_head *head);

#endif /* MKTOWS_PRIVATE_HTTP_HEAD_H */
