/**
 * @file mktows/client.h
 * @brief The client handle: endpoint, credentials, workspace, TLS, timeouts, keep-alive, trace, and
 *        error detail. One gSOAP context per client, reused across calls; never share a client
 *        between threads.
 */
#ifndef MKTOWS_CLIENT_H
#define MKTOWS_CLIENT_H

#include <stddef.h>
#include <stdio.h>
#include <mktows/export.h>
#include <mktows/error.h>
#include <mktows/export.h>
#include <mktows/version.h>

#include "mktows_iface.h"

#ifdef __cplusplus
extern "C" {
#endif

struct soap;
/** The client handle (opaque). Create with mktows_client_new(), free with mktows_client_free(). */
typedef struct mktows_client mktows_client;

/** Direction of a traced message. */
typedef enum mktows_trace_dir {
    MKTOWS_TRACE_REQUEST = 0,  /**< the SOAP request envelope the client sent */
    MKTOWS_TRACE_RESPONSE = 1  /**< the response body the server sent back */
} mktows_trace_dir;

/**
 * Trace callback: receives the raw XML of each request and response (HTTP body only). The data is
 * borrowed for the duration of the callback. It never contains the encryption key (only the
 * signature derived from it).
 */
typedef void (*mktows_trace_fn)(void *userdata, mktows_trace_dir dir, const char *xml, size_t len);

/** Version of ::mktows_client_options this header describes; set by MKTOWS_CLIENT_OPTIONS_INIT. */
#define MKTOWS_CLIENT_OPTIONS_VERSION 2

/** Connect timeout used when mktows_client_options::connect_timeout_ms is 0. */
#define MKTOWS_DEFAULT_CONNECT_TIMEOUT_MS 10000
/** Send stall timeout used when mktows_client_options::send_timeout_ms is 0. */
#define MKTOWS_DEFAULT_SEND_TIMEOUT_MS 30000
/** Receive stall timeout used when mktows_client_options::recv_timeout_ms is 0. */
#define MKTOWS_DEFAULT_RECV_TIMEOUT_MS 60000
/** Deadline of a whole call used when mktows_client_options::call_timeout_ms is 0 (5 minutes). */
#define MKTOWS_DEFAULT_CALL_TIMEOUT_MS 300000
/** Largest response body used when mktows_client_options::max_response_bytes is 0 (64 MiB: a
 *  1,000-record getLeadChanges page is a few MB). */
#define MKTOWS_DEFAULT_MAX_RESPONSE_BYTES (64LL * 1024 * 1024)

/** Options for mktows_client_new(). Initialise with MKTOWS_CLIENT_OPTIONS_INIT. Strings are copied. */
typedef struct mktows_client_options {
    int version;                /**< MKTOWS_CLIENT_OPTIONS_VERSION */
    const char *endpoint;       /**< required: e.g. "https://123-ABC-456.mktoapi.com/soap/mktows/2_7" */
    const char *user_id;        /**< required: mktowsUserId */
    const char *encryption_key; /**< required: the shared secret; copied, wiped on free, never traced */
    const char *workspace;      /**< optional: targetWorkspace sent in MktowsContextHeader on syncLead */
    int connect_timeout_ms;     /**< 0 = MKTOWS_DEFAULT_CONNECT_TIMEOUT_MS */
    int send_timeout_ms;        /**< 0 = MKTOWS_DEFAULT_SEND_TIMEOUT_MS */
    int recv_timeout_ms;        /**< 0 = MKTOWS_DEFAULT_RECV_TIMEOUT_MS */
    const char *ca_file;        /**< optional PEM bundle; NULL = the system CA store */
    const char *ca_path;        /**< optional hashed CA directory; NULL = the system CA store */
    int tls_no_verify_peer;     /**< 1 = do not verify the server certificate (explicit opt-out) */
    int tls_no_verify_host;     /**< 1 = do not check the certificate's host name (explicit opt-out) */
    mktows_trace_fn trace;      /**< optional trace callback */
    void *trace_userdata;       /**< passed to @ref trace */
    FILE *trace_file;           /**< optional: raw XML is also written here (borrowed, not closed) */
    /* version 2 */
    int call_timeout_ms;        /**< the deadline of a whole call: connect, send and receive
                                     together, however the peer trickles (0 =
                                     MKTOWS_DEFAULT_CALL_TIMEOUT_MS). The three timeouts above
                                     bound each stall within it. */
    long long max_response_bytes; /**< the largest response body accepted, after gzip inflation
                                       (0 = MKTOWS_DEFAULT_MAX_RESPONSE_BYTES); a larger one ends
                                       the call with MKTOWS_ERR_LIMIT as soon as it passes it */
} mktows_client_options;

/** Initialiser for ::mktows_client_options: current version, everything else zero / NULL.
 *  Designated, so members can be added anywhere (C99; from C++ it needs C++20). */
#define MKTOWS_CLIENT_OPTIONS_INIT { .version = MKTOWS_CLIENT_OPTIONS_VERSION }

/**
 * @brief Create a client.
 * @param out   receives the client; caller frees with mktows_client_free().
 * @param opts  options; strings are copied, so they may be freed after the call. Options of an
 *              older ::MKTOWS_CLIENT_OPTIONS_VERSION are accepted.
 * @return MKTOWS_OK, MKTOWS_ERR_INVALID_ARGUMENT (missing endpoint / user id / key, bad URL scheme,
 *         an options version newer than the library's), MKTOWS_ERR_TLS (TLS context could not be
 *         set up), MKTOWS_ERR_NO_MEMORY, and MKTOWS_ERR_INTERFACE_MISMATCH when the program was
 *         compiled against generated bindings of another WSDL (MKTOWS_IFACE_HASH) or another
 *         major version (MKTOWS_VERSION_MAJOR) than the library it runs with.
 *
 * mktows_client_new() is a macro: it passes the caller's MKTOWS_IFACE_HASH and
 * MKTOWS_VERSION_NUM to mktows_client_new_checked(), which compares them with the library's own.
 */
#define mktows_client_new(opts, out) mktows_client_new_checked((opts), MKTOWS_IFACE_HASH, MKTOWS_VERSION_NUM, (out))
/** @brief mktows_client_new() with the caller's interface hash and version made explicit. */
MKTOWS_EXTERN mktows_code mktows_client_new_checked(const mktows_client_options *opts,
                                                    unsigned long long interface_hash, unsigned version_num,
                                                    mktows_client **out);

/** @brief Close the connection, wipe the key and free the client and all results it still holds. NULL is a no-op. */
MKTOWS_EXTERN void mktows_client_free(mktows_client *client);

/** @brief The endpoint URL. Borrowed: valid for the life of the client. */
MKTOWS_EXTERN const char *mktows_client_endpoint(const mktows_client *client);

/* ---- error detail of the last call (borrowed: valid until the next call on this client) ---- */

/** @brief Human-readable detail of the last error ("" after success). */
MKTOWS_EXTERN const char *mktows_client_errmsg(const mktows_client *client);
/** @brief HTTP status of the last response, 0 if none was received. */
MKTOWS_EXTERN int mktows_client_http_status(const mktows_client *client);
/** @brief Marketo error code (e.g. 20014) from the last fault's serviceException detail, 0 if none. */
MKTOWS_EXTERN int mktows_client_marketo_code(const mktows_client *client);
/** @brief The message of the last fault's serviceException detail ("mktowsUserId and requestSignature do not match"), NULL if
 *         none: what the service said, without parsing mktows_client_errmsg(). */
MKTOWS_EXTERN const char *mktows_client_marketo_message(const mktows_client *client);
/** @brief SOAP faultcode of the last fault, NULL if none. */
MKTOWS_EXTERN const char *mktows_client_fault_code(const mktows_client *client);
/** @brief SOAP faultstring of the last fault, NULL if none. */
MKTOWS_EXTERN const char *mktows_client_fault_string(const mktows_client *client);

/** Largest response body mktows_client_last_response() keeps, in bytes (64 MiB). */
#define MKTOWS_LAST_RESPONSE_MAX_BYTES (64u * 1024u * 1024u)

/**
 * @brief The raw body of the last call's response: the SOAP envelope as it arrived, after the HTTP
 *        header, de-chunked and decompressed. Kept for every call, traced or not, so that it can be
 *        decoded with mktows_decode_json() (<mktows/decode.h>), which tells an absent element, an
 *        xsi:nil one and one with a value apart where the typed call's structures cannot.
 * @param client   the client.
 * @param out      receives the body, NUL-terminated for convenience. Borrowed: valid until the
 *                 next call on @p client begins (any typed call, pager step or batch
 *                 call) or mktows_client_free();
 *                 mktows_client_release() leaves it. "" when that call received no body (no call
 *                 yet, a connection error, a timeout before the response, a request that
 *                 mktows_sync_lead() rejected by local validation).
 * @param out_len  receives its length in bytes.
 * @return ::MKTOWS_OK, or ::MKTOWS_ERR_NO_MEMORY when the body could not be kept whole (an
 *         allocation failed or it was larger than ::MKTOWS_LAST_RESPONSE_MAX_BYTES); then *out is
 *         NULL and *out_len 0. The call itself is not affected.
 */
MKTOWS_EXTERN mktows_code mktows_client_last_response(const mktows_client *client, const char **out, size_t *out_len);

/** @brief Free the memory of the last call's response now (it is freed at the next call anyway). */
MKTOWS_EXTERN void mktows_client_release(mktows_client *client);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_CLIENT_H */
