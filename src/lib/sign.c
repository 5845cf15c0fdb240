/* Request signing: lower-case hex HMAC-SHA1 over requestTimestamp + userId. */
#include <mktows/sign.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

mktows_code mktows_hmac_sha1_hex(const void *key, size_t key_len, const void *msg, size_t msg_len,
                                 char out[MKTOWS_SIGNATURE_SIZE])
{
    static const unsigned char s_empty[1] = { 0 };
    static const char s_hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    if (!out)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    out[0] = '\0';
    if ((!key && key_len) || (!msg && msg_len) || key_len > (size_t)INT_MAX)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    /* OpenSSL wants non-NULL pointers even for empty input. */
    if (!HMAC(EVP_sha1(), key_len ? key : s_empty, (int)key_len, msg_len ? msg : s_empty, msg_len, md,
              &md_len) ||
        md_len != 20) {
        OPENSSL_cleanse(md, sizeof md);
        return MKTOWS_ERR_CRYPTO;
    }
    for (unsigned int i = 0; i < md_len; i++) {
        out[2 * i] = s_hex[md[i] >> 4];
        out[2 * i + 1] = s_hex[md[i] & 0x0f];
    }
    out[2 * md_len] = '\0';
    OPENSSL_cleanse(md, sizeof md);
    return MKTOWS_OK;
}

mktows_code mktows_sign(const char *timestamp, const char *user_id, const char *encryption_key,
                        char out[MKTOWS_SIGNATURE_SIZE])
{
    if (!out)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    out[0] = '\0';
    if (!timestamp || !user_id || !encryption_key)
        return MKTOWS_ERR_INVALID_ARGUMENT;

    size_t ts_len = strlen(timestamp), uid_len = strlen(user_id);
    char *msg = malloc(ts_len + uid_len + 1);
    if (!msg)
        return MKTOWS_ERR_NO_MEMORY;
    memcpy(msg, timestamp, ts_len);
    memcpy(msg + ts_len, user_id, uid_len);
    msg[ts_len + uid_len] = '\0';

    mktows_code rc = mktows_hmac_sha1_hex(encryption_key, strlen(encryption_key), msg, ts_len + uid_len, out);
    free(msg);
    return rc;
}
