/* Internal: the request encoder behind mktows_encode_request() and mktows_call_json(): JSON in
 * the shape mktows_decode_json() prints, checked against the schema of the built-in WSDL and
 * written as the operation's request element. The inverse of decode_envelope.c. */
#ifndef MKTOWS_PRIVATE_ENCODE_H
#define MKTOWS_PRIVATE_ENCODE_H

#include <stddef.h>
#include <stdio.h>

#include "json_reader.h"
#include "schema.h"

/* Write @p params as the request element of @p op to @p out:
 * <mkt:paramsX xmlns:mkt="TNS" xmlns:xsi="...">children, unqualified, in schema order</mkt:paramsX>.
 * A value of an abstract type, or of one that other types extend, is written as the one type
 * whose elements hold all of the object's keys (its own type first), with xsi:type when that is
 * not the declared type. Returns 0, or -1 with "$.json.path: what the schema expects" in @p err. */
int mktows_encode_request_(const mktows_schema *schema, const mktows_schema_op *op, const mktows_jv *params,
                          FILE *out, char *err, size_t err_size);

/* A description of the request element of @p op, one line per element, indented by depth, for
 * `mktows <command> --help`. */
void mktows_encode_describe_(const mktows_schema *schema, const mktows_schema_op *op, FILE *out);

#endif
