/* HMAC-SHA1 with a prepared key (see private/hmac.h), as RFC 2104 defines it.
 *
 * SHA-1 through OpenSSL's low-level SHA1_* functions, deprecated in OpenSSL 3 but kept: unlike
 * EVP_MD_fetch()/EVP_sha1(), they do not initialise OpenSSL's provider machinery, which costs a
 * one-call process (mktows sync-lead over http://) about a quarter of its start-up instructions;
 * and a prepared state is a plain struct, copied by assignment. Known answers: tests/test_sign.c. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "private/hmac.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <stdlib.h>
#include <string.h>

#define S_BLOCK SHA_CBLOCK /* 64 */

struct mktows_hmac_state {
    SHA_CTX inner, outer; /* after key ^ ipad, after key ^ opad */
};

void mktows_hmac_clean_up_(mktows_hmac *h)
{
    if (h->state) {
        OPENSSL_cleanse(h->state, sizeof *h->state);
        free(h->state);
    }
    h->state = NULL;
}

mktows_code mktows_hmac_init_(mktows_hmac *h, const void *key, size_t key_len)
{
    h->state = calloc(1, sizeof *h->state);
    if (!h->state)
        return MKTOWS_ERR_NO_MEMORY;
    unsigned char k[S_BLOCK], pad[S_BLOCK];
    memset(k, 0, sizeof k);
    int ok = 1;
    if (key_len > S_BLOCK)
        ok = SHA1(key, key_len, k) != NULL;
    else if (key_len)
        memcpy(k, key, key_len);
    for (size_t i = 0; i < S_BLOCK; i++)
        pad[i] = k[i] ^ 0x36;
    ok = ok && SHA1_Init(&h->state->inner) && SHA1_Update(&h->state->inner, pad, S_BLOCK);
    for (size_t i = 0; i < S_BLOCK; i++)
        pad[i] = k[i] ^ 0x5c;
    ok = ok && SHA1_Init(&h->state->outer) && SHA1_Update(&h->state->outer, pad, S_BLOCK);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(pad, sizeof pad);
    if (!ok) {
        mktows_hmac_clean_up_(h);
        return MKTOWS_ERR_CRYPTO;
    }
    return MKTOWS_OK;
}

mktows_code mktows_hmac_hex_(mktows_hmac *h, const void *a, size_t a_len, const void *b, size_t b_len,
                             char out[MKTOWS_SIGNATURE_SIZE])
{
    static const char s_hex[] = "0123456789abcdef";
    unsigned char md[SHA_DIGEST_LENGTH];
    out[0] = '\0';
    if (!h->state)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    SHA_CTX c = h->state->inner;
    int ok = (!a_len || SHA1_Update(&c, a, a_len)) && (!b_len || SHA1_Update(&c, b, b_len)) && SHA1_Final(md, &c);
    c = h->state->outer;
    ok = ok && SHA1_Update(&c, md, sizeof md) && SHA1_Final(md, &c);
    OPENSSL_cleanse(&c, sizeof c);
    if (ok) {
        for (size_t i = 0; i < sizeof md; i++) {
            out[2 * i] = s_hex[md[i] >> 4];
            out[2 * i + 1] = s_hex[md[i] & 0x0f];
        }
        out[2 * sizeof md] = '\0';
    }
    OPENSSL_cleanse(md, sizeof md);
    return ok ? MKTOWS_OK : MKTOWS_ERR_CRYPTO;
}
