/* Internal: the response decoder behind mktows_decode_json() (and so `mktows decode`): walks a
 * parsed SOAP 1.1 envelope against the schema, checking it as it goes, and writes it as JSON
 * named after the elements.
 *
 * Output shape: {"<successX>":{...}} or {"Fault":{...}}; unwrapped, the value of the successX
 * element's one child (its "result") or, unchanged, {"Fault":{...}}.
 *   - a complex element is an object whose keys follow the schema's order;
 *   - an element that may repeat (every ArrayOf* item, ResultListMObjects/objects) is always an
 *     array, also for zero or one item;
 *   - absent optional element: no key; xsi:nil="true": null; a value: the value;
 *   - xs:int, xs:long, xs:integer: JSON numbers with the exact digits (no rounding, any size);
 *   - xs:boolean: true/false; xs:dateTime: the string as written (offset kept);
 *     enumerations, strings, xs:anySimpleType, xs:base64Binary: strings.
 * Unknown, misplaced, missing or repeated elements, wrong values and text where only elements
 * belong are errors; leniently (a mktows_decode_skipped given), an unknown element is skipped
 * with its subtree instead, and counted. */
#ifndef MKTOWS_PRIVATE_DECODE_ENVELOPE_H
#define MKTOWS_PRIVATE_DECODE_ENVELOPE_H

#include <stddef.h>
#include <stdio.h>

#include "schema.h"
#include "xml_reader.h"

#define MKTOWS_SOAP11_ENV "http://schemas.xmlsoap.org/soap/envelope/"
#define MKTOWS_XSI "http://www.w3.org/2001/XMLSchema-instance"

/* What a lenient decode skipped: the unknown elements, each with its subtree (whose own elements
 * are not counted). */
typedef struct mktows_decode_skipped {
    size_t count;
    char first[1024]; /* the first one: "<qname> in PARENT/PATH (line L, column C)"; "" when none */
} mktows_decode_skipped;

/* Decode the envelope @p root as the response of @p op and write one JSON value to @p out; with
 * @p unwrap, a success is written as the value of the successX element's one child (every
 * successX holds exactly one, required element), a Fault as without it.
 * @p skipped NULL: strict, an element a complex type (or the Fault, its detail, serviceException)
 * does not declare is an error. Otherwise lenient: such an element is skipped with its subtree and
 * noted in *skipped. "Does not declare" goes by local name: a child bearing the name of a declared
 * element is never skipped, so a misplaced, repeated or wrongly qualified one is still an error,
 * as is every other violation (values, nil, xsi:type, text, the envelope's own structure).
 * Returns 0 (*is_fault says whether it was a SOAP Fault) or -1 with a message in @p err; on error
 * @p out may hold a partial value, so callers write to a buffer. The whole envelope is checked
 * either way. */
int mktows_decode_envelope_(const mktows_schema *schema, const mktows_schema_op *op,
                           const mktows_xml_node *root, int unwrap, mktows_decode_skipped *skipped, FILE *out,
                           int *is_fault, char *err, size_t err_size);

/* Decode one element @p node of type @p type (not nillable) and write its JSON value to @p out.
 * The building block of mktows_decode_envelope_, exposed for tests of types that no response
 * reaches (VersionedItem, the LeadSelector kinds). Returns 0 or -1 with a message in @p err. */
int mktows_decode_value_(const mktows_schema *schema, const mktows_schema_type *type,
                        const mktows_xml_node *node, FILE *out, char *err, size_t err_size);

/* Check the lexical form of an xs:dateTime (after white-space collapsing). 0 when valid. */
int mktows_decode_check_datetime_(const char *text);

/* Normalise an integer literal (optional sign, digits, surrounding XML white space) to JSON text
 * in @p out: no '+', no leading zeros, "-0" is "0". Returns 0, or -1 when it is not an integer
 * or does not fit @p out. */
int mktows_decode_integer_(const char *text, char *out, size_t size);

#endif /* MKTOWS_PRIVATE_DECODE_ENVELOPE_H */
