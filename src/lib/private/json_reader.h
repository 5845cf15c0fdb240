/* Internal: a strict, small RFC 8259 JSON parser for the request encoder (encode.c) and the JSON
 * pager. Strict: one value and nothing after it but white space, no comments, no trailing commas,
 * no leading zeros, no duplicate keys in an object, strings of valid UTF-8 with every escape
 * checked (surrogates paired) and no U+0000 (XML cannot carry it). Limits: nesting depth
 * MKTOWS_JSON_READ_MAX_DEPTH, input MKTOWS_JSON_READ_MAX_BYTES. Numbers are kept as their text,
 * so integers of any size stay exact. */
#ifndef MKTOWS_PRIVATE_JSON_READER_H
#define MKTOWS_PRIVATE_JSON_READER_H

#include <stddef.h>

#include <mktows/json.h>

#include "json_writer.h"

#define MKTOWS_JSON_READ_MAX_DEPTH 64
#define MKTOWS_JSON_READ_MAX_BYTES (64u * 1024u * 1024u)

/* The value type is the public one (<mktows/json.h>), under the names the library's files use. */
typedef mktows_json_kind mktows_jv_kind;
typedef mktows_json_value mktows_jv;
#define MKTOWS_JV_NULL MKTOWS_JSON_NULL
#define MKTOWS_JV_BOOL MKTOWS_JSON_BOOL
#define MKTOWS_JV_NUMBER MKTOWS_JSON_NUMBER
#define MKTOWS_JV_STRING MKTOWS_JSON_STRING
#define MKTOWS_JV_ARRAY MKTOWS_JSON_ARRAY
#define MKTOWS_JV_OBJECT MKTOWS_JSON_OBJECT

/* Parse @p len bytes of @p text. Returns 0 and sets *out (free with mktows_jv_free_), -1 with
 * "line L, column C: ..." in @p err, or -2 (out of memory). */
int mktows_json_parse_(const char *text, size_t len, mktows_jv **out, char *err, size_t err_size);
void mktows_jv_free_(mktows_jv *v);

/* The member @p key of object @p obj, or NULL. */
mktows_jv *mktows_jv_get_(const mktows_jv *obj, const char *key);

/* Write @p v with the JSON writer (numbers as their text). */
void mktows_jv_write_(mktows_json *w, const mktows_jv *v);

/* A deep copy of @p v (its key too); NULL when out of memory. */
mktows_jv *mktows_jv_copy_(const mktows_jv *v);

#endif /* MKTOWS_PRIVATE_JSON_READER_H */
