/**
 * @file mktows/sign.h
 * @brief Marketo request signing: HMAC-SHA1 and the W3C request timestamp.
 *
 * requestSignature = lower-case hex HMAC-SHA1(key = encryption key, message = requestTimestamp + userId).
 * These functions need no client and do no I/O.
 */
#ifndef MKTOWS_SIGN_H
#define MKTOWS_SIGN_H

#include <stddef.h>
#include <time.h>
#include <mktows/export.h>
#include <mktows/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Size of a hex HMAC-SHA1 digest buffer: 40 hex digits and the terminating NUL. */
#define MKTOWS_SIGNATURE_SIZE 41
/** Size of a timestamp buffer: "2013-07-31T12:38:47-07:00" and the terminating NUL. */
#define MKTOWS_TIMESTAMP_SIZE 26

/**
 * @brief Lower-case hex HMAC-SHA1 of @p msg keyed with @p key.
 * @param out      caller's buffer of MKTOWS_SIGNATURE_SIZE bytes; NUL-terminated on success.
 * @param key      key bytes (may contain NUL bytes); @p key_len may be 0.
 * @param msg      message bytes; @p msg_len may be 0.
 * @return MKTOWS_OK, or MKTOWS_ERR_CRYPTO if OpenSSL fails.
 */
MKTOWS_EXTERN mktows_code mktows_hmac_sha1_hex(const void *key, size_t key_len, const void *msg, size_t msg_len,
                                               char out[MKTOWS_SIGNATURE_SIZE]);

/**
 * @brief The Marketo request signature: hex HMAC-SHA1 of @p timestamp followed by @p user_id,
 *        keyed with the NUL-terminated @p encryption_key.
 * @return MKTOWS_OK, MKTOWS_ERR_INVALID_ARGUMENT for a NULL string, or MKTOWS_ERR_CRYPTO.
 */
MKTOWS_EXTERN mktows_code mktows_sign(const char *timestamp, const char *user_id, const char *encryption_key,
                                      char out[MKTOWS_SIGNATURE_SIZE]);

/**
 * @brief Format @p t as a W3C date-time in the zone @p utc_offset_s seconds east of UTC,
 *        e.g. "2013-07-31T12:38:47-07:00"; a zero offset is written "+00:00".
 * @param out  caller's buffer of MKTOWS_TIMESTAMP_SIZE bytes.
 * @return MKTOWS_OK, or MKTOWS_ERR_INVALID_ARGUMENT if the offset is not within +-18 hours or the
 *         year does not fit in four digits.
 */
MKTOWS_EXTERN mktows_code mktows_timestamp_format(time_t t, long utc_offset_s, char out[MKTOWS_TIMESTAMP_SIZE]);

/**
 * @brief The current time as a W3C date-time with the local UTC offset (from localtime_r's tm_gmtoff).
 * @return MKTOWS_OK or MKTOWS_ERR_INVALID_ARGUMENT (clock out of range).
 */
MKTOWS_EXTERN mktows_code mktows_timestamp_now(char out[MKTOWS_TIMESTAMP_SIZE]);

/**
 * @brief Parse a W3C date-time with an explicit offset ("...Z" or "...+hh:mm"), as written by
 *        mktows_timestamp_format(), into seconds since the epoch. Used by the server to check the
 *        request window.
 * @return MKTOWS_OK, or MKTOWS_ERR_INVALID_ARGUMENT for any other text.
 */
MKTOWS_EXTERN mktows_code mktows_timestamp_parse(const char *text, time_t *out);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_SIGN_H */
