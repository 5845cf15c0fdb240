/**
 * @file mktows/error.h
 * @brief The one error enum of mktows-c, and mktows_strerror().
 *
 * Every fallible function returns an ::mktows_code. Codes are appended, never renumbered.
 * Codes below 1000 are the toolkit's own. Codes 10001 and 20011..20123 are Marketo's service
 * error codes, numbered exactly as the service numbers them (the `code` in a fault's
 * `serviceException` detail), so `(int)code` is the Marketo code.
 */
#ifndef MKTOWS_ERROR_H
#define MKTOWS_ERROR_H

#include <mktows/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The result of every fallible mktows-c function; see docs/errors.md. */
typedef enum mktows_code {
    MKTOWS_OK = 0,                     /**< success */
    MKTOWS_ERR_INVALID_ARGUMENT = 1,   /**< a caller passed a bad argument (e.g. an empty endpoint) */
    MKTOWS_ERR_NO_MEMORY = 2,          /**< out of memory */
    MKTOWS_ERR_VALIDATION = 3,         /**< request rejected by local validation before any traffic */
    MKTOWS_ERR_CONNECT = 4,            /**< could not resolve or connect to the endpoint */
    MKTOWS_ERR_TRANSPORT = 5,          /**< the connection failed while sending or receiving */
    MKTOWS_ERR_TIMEOUT = 6,            /**< connect, send or receive timed out */
    MKTOWS_ERR_TLS = 7,                /**< TLS handshake or certificate / host-name verification failed */
    MKTOWS_ERR_HTTP = 8,               /**< the server answered with an HTTP error status and no SOAP fault */
    MKTOWS_ERR_PARSE = 9,              /**< the response was not the XML the interface defines */
    MKTOWS_ERR_FAULT = 10,             /**< a SOAP fault without a Marketo serviceException detail */
    MKTOWS_ERR_SERVICE = 11,           /**< a Marketo serviceException with a code not listed below */
    MKTOWS_ERR_CRYPTO = 12,            /**< OpenSSL failed to compute a signature */
    MKTOWS_ERR_IO = 13,                /**< a local file could not be read or written */
    MKTOWS_ERR_INTERFACE_MISMATCH = 14, /**< the program was compiled against other generated
                                             bindings (another WSDL) or another major version of
                                             the library than the one it runs with: rebuild it */
    MKTOWS_ERR_LIMIT = 15,             /**< the response went past a bound of the client: its size
                                            (max_response_bytes), a gzip body inflating too far, or
                                            elements nested too deep; the message names the bound */
    MKTOWS_ERR_PROTOCOL = 16,          /**< the peer broke HTTP: a response that does not begin
                                            with a status line, a malformed header block */

    /* Marketo service error codes (marketo-soap-docs error-codes page). */
    MKTOWS_MKTO_INTERNAL_SEVERE = 10001,        /**< Internal Error: severe system failure */
    MKTOWS_MKTO_INTERNAL = 20011,               /**< Internal Error: API service failure */
    MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD = 20012, /**< Request Not Understood */
    MKTOWS_MKTO_ACCESS_DENIED = 20013,          /**< Access Denied */
    MKTOWS_MKTO_AUTH_FAILED = 20014,            /**< Authentication failed */
    MKTOWS_MKTO_REQUEST_LIMIT = 20015,          /**< Request Limit Exceeded (daily quota) */
    MKTOWS_MKTO_REQUEST_EXPIRED = 20016,        /**< Request Expired (timestamp too old) */
    MKTOWS_MKTO_INVALID_REQUEST = 20017,        /**< Invalid Request */
    MKTOWS_MKTO_UNSUPPORTED_OPERATION = 20019,  /**< Unsupported Operation */
    MKTOWS_MKTO_TIME_RANGE_EXCEEDED = 20022,    /**< Time range in query filter exceeded limit */
    MKTOWS_MKTO_RATE_LIMIT = 20023,             /**< Rate Limit Exceeded (100 calls / 20 s) */
    MKTOWS_MKTO_CONCURRENCY_LIMIT = 20024,      /**< Concurrency Limit Exceeded (10 calls) */
    MKTOWS_MKTO_LEAD_KEY_REQUIRED = 20101,      /**< Lead Key Required */
    MKTOWS_MKTO_LEAD_KEY_BAD = 20102,           /**< Lead Key Bad */
    MKTOWS_MKTO_LEAD_NOT_FOUND = 20103,         /**< Lead Not Found */
    MKTOWS_MKTO_LEAD_DETAIL_REQUIRED = 20104,   /**< Lead Detail Required */
    MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD = 20105,     /**< Lead Attribute Bad */
    MKTOWS_MKTO_LEAD_SYNC_FAILED = 20106,       /**< Lead Sync Failed */
    MKTOWS_MKTO_ACTIVITY_KEY_BAD = 20107,       /**< Activity Key Bad */
    MKTOWS_MKTO_LEAD_OWNER_NOT_FOUND = 20108,   /**< Lead Owner Not Found */
    MKTOWS_MKTO_PARAMETER_REQUIRED = 20109,     /**< Parameter Required */
    MKTOWS_MKTO_BAD_PARAMETER = 20110,          /**< Bad Parameter */
    MKTOWS_MKTO_LIST_NOT_FOUND = 20111,         /**< List Not Found */
    MKTOWS_MKTO_CAMPAIGN_NOT_FOUND = 20113,     /**< Campaign Not Found */
    MKTOWS_MKTO_BAD_PARAMETER_VALUE = 20114,    /**< Bad Parameter (value) */
    MKTOWS_MKTO_BAD_STREAM_POSITION = 20122,    /**< Bad Stream Position */
    MKTOWS_MKTO_STREAM_AT_END = 20123           /**< Stream at End */
} mktows_code;

/**
 * @brief A short English description of @p code.
 * @return a static string (never NULL; "unknown error code" for values outside the enum).
 */
MKTOWS_EXTERN const char *mktows_strerror(mktows_code code);

/**
 * @brief Map a Marketo service error number (as found in a fault's serviceException/code) to the enum.
 * @return the matching MKTOWS_MKTO_* code, or ::MKTOWS_ERR_SERVICE for a number the enum does not list.
 */
MKTOWS_EXTERN mktows_code mktows_code_from_marketo(int marketo_code);

/**
 * @brief Marketo's own message text for a MKTOWS_MKTO_* code ("Authentication failed", ...), as the
 *        error-codes page gives it. Used for the `message` of serviceException faults.
 * @return a static string, or NULL when @p code is not a Marketo service code.
 */
MKTOWS_EXTERN const char *mktows_marketo_message(mktows_code code);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_ERROR_H */
