/* A tiny streaming JSON writer for the mktows command's output: compact, one value per call, commas
 * placed for the caller. Strings are escaped as RFC 8259 requires ('"', '\\' and every control
 * character below U+0020); valid UTF-8 passes through unchanged and each byte of an invalid UTF-8
 * sequence becomes U+FFFD, so the output is always valid JSON.
 * Used by sign and sync-lead. The library has the same writer for mktows_decode_json()
 * (src/lib/json_writer.c, private); the CLI keeps its own because it uses only the public API. */
#ifndef MKTOWS_CLI_JSON_H
#define MKTOWS_CLI_JSON_H

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

void mktows_json_init(mktows_json *w, FILE *out);

void mktows_json_object_begin(mktows_json *w);
void mktows_json_object_end(mktows_json *w);
void mktows_json_array_begin(mktows_json *w);
void mktows_json_array_end(mktows_json *w);

/* An object member's name; the next call writes its value. */
void mktows_json_key(mktows_json *w, const char *key);

/* A NUL-terminated string value; NULL writes null. */
void mktows_json_string(mktows_json *w, const char *s);
/* @p len bytes of @p s (may contain NUL bytes, written as \u0000). */
void mktows_json_string_n(mktows_json *w, const char *s, size_t len);
void mktows_json_int(mktows_json *w, long long v);
/* A number given as its JSON text, written as is: the caller guarantees it is a valid JSON number
 * (used for integers of any size, whose exact digits must survive). */
void mktows_json_number_text(mktows_json *w, const char *text);
void mktows_json_bool(mktows_json *w, int v);
void mktows_json_null(mktows_json *w);

/* Write @p len bytes of @p s to @p out as a quoted, escaped JSON string. */
void mktows_json_write_string(FILE *out, const char *s, size_t len);

#endif /* MKTOWS_CLI_JSON_H */
