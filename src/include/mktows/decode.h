/**
 * @file mktows/decode.h
 * @brief Decode a response envelope of any mktows operation to JSON, keeping the three states
 *        of an element apart: absent, xsi:nil and a value.
 *
 * The typed calls (<mktows/ops.h>) hand back gSOAP's C structures, in which an absent optional
 * element and an element sent as `xsi:nil="true"` both arrive as a NULL pointer: a limitation of
 * gSOAP in C mode (even pointer-to-pointer members collapse nil to absent). Where the schema
 * allows all three states and the difference matters, decode the raw body of the same response
 * instead:
 *
 *     const char *xml;
 *     size_t len;
 *     char *json;
 *     if (mktows_get_lead(client, &params, &resp) == MKTOWS_OK &&
 *         mktows_client_last_response(client, &xml, &len) == MKTOWS_OK &&
 *         mktows_decode_json("getLead", xml, len, 0, &json, NULL, 0) == MKTOWS_OK) {
 *         puts(json);            // {"successGetLead":{"result":{...}}}
 *         mktows_free(json);
 *     }
 *
 * The JSON, keys named after the elements, in schema order:
 *   - `{"<successX>":{...}}` for a response (with ::MKTOWS_DECODE_UNWRAP, only the value of its
 *     one child, usually `result`), `{"Fault":{...}}` for a SOAP Fault;
 *   - an absent optional element has no key; `xsi:nil="true"` is `null`; a value is the value;
 *   - an element that may repeat (every ArrayOf* item) is always an array, also for 0 or 1 item;
 *   - xs:int, xs:long and xs:integer are JSON numbers with their exact digits (any size, never
 *     rounded); xs:boolean is true/false; xs:dateTime is the string as written (offset kept);
 *     enumerations, strings, xs:anySimpleType and xs:base64Binary are strings.
 *
 * The envelope is checked against the mktows 2_7 schema of the WSDL built into the library, by
 * default strictly: an element the schema does not know is an error (::MKTOWS_DECODE_LENIENT
 * skips it and reports it instead). The XML reader is strict either way (no DTDs, UTF-8 only,
 * exact positions in errors). No network, no client,
 * no global state: safe to call from any thread.
 */
#ifndef MKTOWS_DECODE_H
#define MKTOWS_DECODE_H

#include <stddef.h>
#include <mktows/export.h>
#include <mktows/error.h>
#include <mktows/sync_lead.h> /* mktows_free() */

#ifdef __cplusplus
extern "C" {
#endif

/** Flag for mktows_decode_json(): no flags. */
#define MKTOWS_DECODE_DEFAULT 0
/**
 * Flag for mktows_decode_json(): return ::MKTOWS_ERR_FAULT (instead of ::MKTOWS_OK) when the
 * envelope holds a SOAP Fault. The Fault is still decoded and returned through @p out.
 */
#define MKTOWS_DECODE_FAULT_IS_ERROR 1
/**
 * Flag for mktows_decode_json(): for a response, return the value of the successX element's one
 * child instead of `{"<successX>":{"result":...}}`: the `result` object itself (for getLeadActivity,
 * the `leadActivityList` object), e.g. `{"leadId":1089965,"syncStatus":{...},"leadRecord":null}`
 * for syncLead. Every successX element holds exactly one, required element, so nothing is lost.
 * A SOAP Fault is returned unchanged, as `{"Fault":{...}}`; the whole envelope is checked as
 * without the flag. May be combined with ::MKTOWS_DECODE_FAULT_IS_ERROR.
 */
#define MKTOWS_DECODE_UNWRAP 2
/**
 * Flag for mktows_decode_json(): skip an element the schema does not know, with everything inside
 * it, instead of failing; say so in @p errbuf. This is how the typed calls (gSOAP) read a response,
 * so a response they accept, from a newer service or through a proxy that adds an element, also
 * decodes. Only unknown elements are forgiven:
 *   - unknown: a child whose local name is none of the elements its parent's type declares (or,
 *     in a SOAP Fault, none of faultcode, faultstring, faultactor, detail; in detail, none of
 *     serviceException; in serviceException, none of name, message, code), at any depth, in any
 *     place among its siblings, qualified or not;
 *   - still errors: malformed XML, the response of another operation, the envelope's own
 *     structure (Envelope, Header, Body, one element in the Body), a declared element that is
 *     missing, repeated, out of order or qualified when it must not be, bad values (e.g. "many"
 *     for an xs:int), an element inside a simple value, a bad xsi:nil or xsi:type, stray text.
 * Skipped elements leave no trace in the JSON. When anything was skipped, the call still returns
 * ::MKTOWS_OK and @p errbuf holds one line,
 * "skipped unknown element <X> in PATH (line L, column C)" for the first one (PATH: its parent,
 * as in error messages; X: its name as written), followed by ", and N more" when N other
 * elements were skipped (those inside a skipped element are not counted); when nothing was
 * skipped @p errbuf is "". So `rc == MKTOWS_OK && errbuf[0] != '\0'` means "decoded, but not
 * all of it" (pass an @p errbuf of at least 2 bytes to tell). With ::MKTOWS_DECODE_FAULT_IS_ERROR
 * and a Fault, @p errbuf reads "the envelope holds a SOAP Fault; skipped unknown element ...".
 * May be combined with the other flags.
 */
#define MKTOWS_DECODE_LENIENT 4

/** Largest input mktows_decode_json() accepts, in bytes (64 MiB). */
#define MKTOWS_DECODE_MAX_BYTES (64u * 1024u * 1024u)

/**
 * @brief Decode a captured response envelope of @p operation to JSON.
 *
 * @param out         receives a NUL-terminated JSON text (one object, no trailing newline);
 *                    caller frees with mktows_free(). Set to NULL on every error except
 *                    ::MKTOWS_ERR_FAULT.
 * @param operation   the operation as the WSDL names it, e.g. "getLead" (see
 *                    mktows_operation_at() in <mktows/ops.h>).
 * @param xml         the response body: the SOAP 1.1 envelope, without the HTTP status line and
 *                    headers; need not be NUL-terminated. May be NULL when @p len is 0.
 * @param len         its length in bytes (at most ::MKTOWS_DECODE_MAX_BYTES).
 * @param flags       ::MKTOWS_DECODE_DEFAULT, or ::MKTOWS_DECODE_FAULT_IS_ERROR,
 *                    ::MKTOWS_DECODE_UNWRAP and ::MKTOWS_DECODE_LENIENT, alone or or'ed together.
 * @param errbuf      optional (NULL): receives a one-line description of an error, "" on success
 *                    (with ::MKTOWS_DECODE_LENIENT, a success that skipped elements says so here:
 *                    see that flag). For malformed XML it starts "line L, column C: "; for a
 *                    well-formed envelope that does not match the schema it starts with the
 *                    element path and position, e.g.
 *                    "Envelope/Body/successGetLead/result/count (line 6, column 9): ...".
 * @param errbuf_len  size of @p errbuf in bytes (1024 is always enough to hold the whole message).
 * @return ::MKTOWS_OK: a response or a Fault was decoded;
 *         ::MKTOWS_ERR_FAULT: only with ::MKTOWS_DECODE_FAULT_IS_ERROR, the envelope holds a Fault
 *         and *out holds it as `{"Fault":{...}}` (caller frees);
 *         ::MKTOWS_ERR_PARSE: the input is empty, truncated, not well-formed XML, starts with an
 *         HTTP status line, is too large, or is not a response of @p operation;
 *         ::MKTOWS_ERR_INVALID_ARGUMENT: @p operation is NULL or not an mktows operation, @p xml
 *         is NULL with a non-zero @p len, or @p flags has an unknown bit;
 *         ::MKTOWS_ERR_NO_MEMORY.
 */
MKTOWS_EXTERN mktows_code mktows_decode_json(const char *operation, const char *xml, size_t len, int flags,
                                             char **out, char *errbuf, size_t errbuf_len);

/** The state of one element of a response; see mktows_decode_state(). */
typedef enum mktows_element_state {
    MKTOWS_ELEMENT_ABSENT = 0, /**< not in the response (also when an element above it is absent or nil) */
    MKTOWS_ELEMENT_NIL = 1,    /**< present, with xsi:nil="true" */
    MKTOWS_ELEMENT_VALUE = 2   /**< present with a value (an empty element is a value: "") */
} mktows_element_state;

/**
 * @brief The state of one element of a response envelope of @p operation: absent, xsi:nil or a
 *        value. For C programs without a JSON parser: where a typed result shows NULL, this says
 *        which of the first two it was.
 *
 *     mktows_element_state st;
 *     if (lead->ForeignSysType == NULL &&
 *         mktows_decode_state("getLead", xml, len,
                               *                             "result/leadRecordList/leadRecord[1]/ForeignSysType",
                               &st, NULL, 0) == MKTOWS_OK)
 *         puts(st == MKTOWS_ELEMENT_NIL ? "sent as nil" : "left out");
 *
 * The whole envelope is checked as by mktows_decode_json() without ::MKTOWS_DECODE_LENIENT (and
 * as costly: decode once with
 * mktows_decode_json() when asking about many elements).
 *
 * @param out         receives the state (::MKTOWS_ELEMENT_ABSENT on every error).
 * @param operation   as for mktows_decode_json().
 * @param xml, len    as for mktows_decode_json().
 * @param path        the element, from inside the response element (successGetLead): element
 *                    names joined by '/', and after an element that may repeat (every ArrayOf*
 *                    item) its position among its siblings, counted from 1, as in XPath and in the
 *                    paths of decode errors: "result/leadRecordList/leadRecord[2]/Email". "" is
 *                    the response element itself. The path is checked against the schema, so a
 *                    misspelt name is an error, never "absent".
 * @param errbuf      optional (NULL): a one-line description of an error, "" on success.
 * @param errbuf_len  its size in bytes.
 * @return ::MKTOWS_OK; ::MKTOWS_ERR_INVALID_ARGUMENT for a path the schema does not allow (an
 *         unknown element, a missing index on an element that may repeat, an index on one that
 *         may not, a step below a simple value) or an unknown operation; ::MKTOWS_ERR_FAULT when
 *         the envelope is a SOAP Fault (it has no response element); ::MKTOWS_ERR_PARSE and
 *         ::MKTOWS_ERR_NO_MEMORY as for mktows_decode_json().
 */
MKTOWS_EXTERN mktows_code mktows_decode_state(const char *operation, const char *xml, size_t len, const char *path,
                                              mktows_element_state *out, char *errbuf, size_t errbuf_len);


#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_DECODE_H */
