/* Internal: a tiny streaming JSON writer for mktows_decode_json(): compact, one value per call,
 * commas placed for the caller. Strings are escaped as RFC 8259 requires ('"', '\\' and every control
 * character below U+0020); valid UTF-8 passes through unchanged and each byte of an invalid UTF-8
 * sequence becomes U+FFFD, so the output is always valid JSON. */
#ifndef MKTOWS_PRIVATE_JSON_WRITER_H
#define MKTOWS_PRIVATE_JSON_WRITER_H

#include <stddef.h>
#include <stdio.h>

#define MKTOWS_JSON_MAX_DEPTH 32

typedef struct mktows_json {
    FILE *out;
    int depth;                                   /* open objects/arrays */
    unsigned char has_items[MKTOWS_JSON_MAX_DEPTH + 1]; /* a value was written at this depth */
    int after_key;                               /* a key was written; its value comes next */
    int overflow;                                /* nesting deeper than MKTOWS_JSON_MAX_DEPTH */
} mktows_json;

void mktows_json_init_(mktows_json *w, FILE *out);

void mktows_json_object_begin_(mktows_json *w);
void mktows_json_object_end_(mktows_json *w);
void mktows_json_array_begin_(mktows_json *w);
void mktows_json_array_end_(mktows_json *w);

/* An object member's name; the next call writes its value. */
void mktows_json_key_(mktows_json *w, const char *key);

/* A NUL-terminated string value; NULL writes null. */
void mktows_json_string_(mktows_json *w, const char *s);
/* @p len bytes of @p s (may contain NUL bytes, written as \u0000). */
void mktows_json_string_n_(mktows_json *w, const char *s, size_t len);
void mktows_json_int_(mktows_json *w, long long v);
/* A number given as its JSON text, written as is: the caller guarantees it is a valid JSON number
 * (used for integers of any size, whose exact digits must survive). */
void mktows_json_number_text_(mktows_json *w, const char *text);
void mktows_json_bool_(mktows_json *w, int v);
void mktows_json_null_(mktows_json *w);

/* Write @p len bytes of @p s to @p out as a quoted, escaped JSON string. */
void mktows_json_write_string_(FILE *out, const char *s, size_t len);

#endif /* MKTOWS_PRIVATE_JSON_WRITER_H */
