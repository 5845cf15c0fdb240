/**
 * @file mktows/json.h
 * @brief Call any operation by name with its parameters as JSON, and get the response as JSON.
 *
 * The parameters are the operation's request element (`paramsGetLead` for getLead) in the shape
 * mktows_decode_json() prints: element names as keys, arrays for the elements that may repeat
 * (every ArrayOf* item, also for one item), `null` for `xsi:nil` (only where the schema says
 * nillable), no key for an absent optional element; xs:int / xs:long / xs:integer are JSON
 * integers (any number of digits, kept exact), xs:boolean true/false, xs:dateTime and
 * enumerations strings. Like the decoder, the JSON names no xsi:type: a value whose type is
 * abstract (`leadSelector`: LeadSelector) is sent as the one derived type whose elements hold
 * all of its keys, with `xsi:type` set accordingly:
 *
 *     {"leadSelector":{"keyType":"EMAIL","keyValues":{"stringItem":["a@b.c"]}},"batchSize":100}
 *     -> <leadSelector xsi:type="mkt:LeadKeySelector">...
 *
 * The JSON is parsed strictly (RFC 8259; nesting at most 64 deep, 64 MiB at most; duplicate
 * keys are an error) and checked against the schema of the WSDL built into the library before
 * anything is sent. A violation is ::MKTOWS_ERR_VALIDATION with the JSON path and what the
 * schema expects there in @p errbuf, e.g.
 * `$.leadKey.keyType: expected one of IDNUM, COOKIE, EMAIL, ... (LeadKeyRef), got "MAIL"`,
 * `$: required element 'leadKey' missing`, `$.foo: unknown element 'foo' (expected leadKey)`.
 *
 * The encoded request is read into the operation's generated request type by gSOAP and sent
 * with mktows_call(), so headers, signing, TLS, keep-alive and errors are those of the typed
 * calls.
 */
#ifndef MKTOWS_JSON_H
#define MKTOWS_JSON_H

#include <stddef.h>
#include <mktows/export.h>
#include <mktows/error.h>
#include <mktows/client.h>
#include <mktows/decode.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Encode JSON parameters as the request element of @p operation, checked against the schema.
 *
 * @param operation   as the WSDL names it ("getLead").
 * @param params_json the JSON text (need not be NUL-terminated), @p len bytes.
 * @param out_xml     receives `<mkt:paramsX xmlns:mkt=... xmlns:xsi=...>...</mkt:paramsX>`
 *                    (caller frees with mktows_free()); NULL on error.
 * @param errbuf, errbuf_len optional: a one-line reason on error, "" on success.
 * @return ::MKTOWS_OK; ::MKTOWS_ERR_VALIDATION for JSON that is malformed or does not fit the
 *         schema; ::MKTOWS_ERR_INVALID_ARGUMENT for an unknown operation; ::MKTOWS_ERR_NO_MEMORY.
 */
MKTOWS_EXTERN mktows_code mktows_encode_request(const char *operation, const char *params_json, size_t len,
                                                char **out_xml, char *errbuf, size_t errbuf_len);

/**
 * @brief The inverse: a request element of @p operation (alone, or in a SOAP envelope) as JSON
 *        parameters, checked strictly against the schema (mktows_decode_json()'s rules).
 *
 * @param out_json receives the JSON object (caller frees with mktows_free()); NULL on error.
 * @return ::MKTOWS_OK; ::MKTOWS_ERR_VALIDATION when the XML is malformed or not a request of
 *         @p operation; ::MKTOWS_ERR_INVALID_ARGUMENT; ::MKTOWS_ERR_NO_MEMORY.
 */
MKTOWS_EXTERN mktows_code mktows_decode_request_json(const char *operation, const char *xml, size_t len,
                                                     char **out_json, char *errbuf, size_t errbuf_len);

/** Flag for mktows_call_json(): do not send; *out receives the signed request envelope that
 *  would be sent (XML, not JSON). */
#define MKTOWS_CALL_DRY_RUN 0x100

/**
 * @brief Call @p operation with JSON parameters; the response as JSON.
 *
 * @param client      the client; the call replaces its last response and error detail.
 * @param operation   as the WSDL names it.
 * @param params_json the parameters as JSON (NUL-terminated).
 * @param flags       the MKTOWS_DECODE_* flags for the response (::MKTOWS_DECODE_UNWRAP,
 *                    ::MKTOWS_DECODE_LENIENT), and ::MKTOWS_CALL_DRY_RUN.
 * @param out         receives the response as mktows_decode_json() prints it (with
 *                    ::MKTOWS_CALL_DRY_RUN: the request envelope); caller frees with
 *                    mktows_free(); NULL on error.
 * @param errbuf, errbuf_len optional: a one-line reason on error; with ::MKTOWS_DECODE_LENIENT
 *                    a success may note skipped elements here (see that flag).
 * @return ::MKTOWS_OK; ::MKTOWS_ERR_VALIDATION (the parameters: nothing was sent);
 *         ::MKTOWS_ERR_INVALID_ARGUMENT (unknown operation: nothing was sent); otherwise the
 *         codes of the typed calls, with the detail on the client (a Marketo fault:
 *         mktows_client_marketo_code() / _message()); ::MKTOWS_ERR_PARSE when the response
 *         cannot be decoded.
 */
MKTOWS_EXTERN mktows_code mktows_call_json(mktows_client *client, const char *operation, const char *params_json,
                                           int flags, char **out, char *errbuf, size_t errbuf_len);

/**
 * @brief As mktows_call_json(), with the request element given as XML (`<mkt:paramsGetLead
 *        xmlns:mkt="http://www.marketo.com/mktows/">...`, alone or in an envelope), checked
 *        against the schema the same way (mktows_decode_request_json()).
 */
MKTOWS_EXTERN mktows_code mktows_call_xml(mktows_client *client, const char *operation, const char *request_xml,
                                          size_t len, int flags, char **out, char *errbuf, size_t errbuf_len);

/** One page of a paged operation, from mktows_call_json_page(); free with mktows_json_page_free(). */
typedef struct mktows_json_page {
    char *records;        /**< the page's records, one JSON value per line, each ending in "\n" ("" for none) */
    size_t record_count;  /**< number of lines in records */
    char *position;       /**< the new position member's value as JSON (pass it back as position_json
                               for the next page); NULL when the response has none */
    int more;             /**< 1 when the stream has more records (remainingCount > 0, hasMore true) */
    char *response;       /**< the whole response, unwrapped (the result object), as JSON */
} mktows_json_page;

/**
 * @brief One page of a paged operation (MKTOWS_IFACE_PAGED: getMultipleLeads, getLeadChanges,
 *        getLeadActivity, getCustomObjects, getMObjects, ...) by name.
 *
 * @param position_json NULL: the parameters' own position; otherwise the JSON value of the
 *                    request's position member (`streamPosition` / `startPosition`) to send,
 *                    e.g. the `position` of the previous page, replacing the parameters' own.
 * @param flags       ::MKTOWS_DECODE_LENIENT or 0.
 * @param out         receives the page (caller frees with mktows_json_page_free()); NULL on error.
 * @return as mktows_call_json(); ::MKTOWS_ERR_INVALID_ARGUMENT also when @p operation does not page.
 */
MKTOWS_EXTERN mktows_code mktows_call_json_page(mktows_client *client, const char *operation, const char *params_json,
                                                const char *position_json, int flags, mktows_json_page **out,
                                                char *errbuf, size_t errbuf_len);
/** @brief Free a page; NULL is a no-op. */
MKTOWS_EXTERN void mktows_json_page_free(mktows_json_page *page);

/**
 * @brief The request's position member of a paged operation ("streamPosition",
 *        "startPosition"), or NULL when @p operation does not page. Static.
 */
MKTOWS_EXTERN const char *mktows_operation_position_member(const char *operation);

/**
 * @brief A description of the request element of @p operation from the schema: one line per
 *        element ("  leadKey: an object (LeadKey), required"), nested elements indented, for
 *        help texts. Caller frees *out with mktows_free().
 */
MKTOWS_EXTERN mktows_code mktows_request_describe(const char *operation, char **out);

/* ---- reading JSON ---- */

/** The kind of a JSON value. */
typedef enum mktows_json_kind {
    MKTOWS_JSON_NULL,
    MKTOWS_JSON_BOOL,
    MKTOWS_JSON_NUMBER,
    MKTOWS_JSON_STRING,
    MKTOWS_JSON_ARRAY,
    MKTOWS_JSON_OBJECT
} mktows_json_kind;

/** One parsed JSON value; objects keep their members in document order. */
typedef struct mktows_json_value {
    mktows_json_kind kind;
    int boolean;                     /**< MKTOWS_JSON_BOOL: 0 or 1 */
    char *text;                      /**< MKTOWS_JSON_STRING: the decoded UTF-8 (NUL-free); _NUMBER: as
                                          written, so integers of any size stay exact; else NULL */
    size_t len;                      /**< length of text */
    char *key;                       /**< a member of an object: its name; else NULL */
    struct mktows_json_value *first; /**< array items or object members */
    struct mktows_json_value *next;  /**< the next item or member */
    size_t count;                    /**< number of items or members */
} mktows_json_value;

/**
 * @brief Parse one JSON text with the library's strict RFC 8259 reader (the one the parameters of
 *        mktows_call_json() go through): one value, no comments or trailing commas, no duplicate
 *        keys, valid UTF-8, no U+0000, nesting depth at most 64, input at most 64 MiB.
 * @param out  receives the value; caller frees with mktows_json_value_free().
 * @return ::MKTOWS_OK, ::MKTOWS_ERR_PARSE ("line L, column C: ..." in @p errbuf) or
 *         ::MKTOWS_ERR_NO_MEMORY; *out is NULL on error.
 */
MKTOWS_EXTERN mktows_code mktows_json_parse(const char *text, size_t len, mktows_json_value **out, char *errbuf,
                                            size_t errbuf_len);
/** @brief The member @p key of object @p object, or NULL (also when @p object is NULL or not an object). */
MKTOWS_EXTERN const mktows_json_value *mktows_json_get(const mktows_json_value *object, const char *key);
/** @brief Free a value from mktows_json_parse(). NULL is a no-op. */
MKTOWS_EXTERN void mktows_json_value_free(mktows_json_value *value);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_JSON_H */
