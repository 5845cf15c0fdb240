/* HMAC-SHA1 with a prepared key (see private/hmac.h), as RFC 2104 defines it. */
#include "private/hmac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string.h>

#define S_BLOCK 64 /* SHA-1 block size */

void mktows_hmac_clean_up_(mktows_hmac *h)
{
    EVP_MD_CTX_free(h->inner); /* EVP_MD_CTX_free wipes the digest state */
    EVP_MD_CTX_free(h->outer);
    EVP_MD_CTX_free(h->work);
    EVP_MD_free(h->md);
    memset(h, 0, sizeof *h);
}

mktows_code mktows_hmac_init_(mktows_hmac *h, const void *key, size_t key_len)
{
    memset(h, 0, sizeof *h);
    unsigned char k[S_BLOCK], pad[S_BLOCK];
    mktows_code rc = MKTOWS_ERR_CRYPTO;
    h->md = EVP_MD_fetch(NULL, "SHA1", NULL);
    h->inner = EVP_MD_CTX_new();
    h->outer = EVP_MD_CTX_new();
    h->work = EVP_MD_CTX_new();
    if (!h->inner || !h->outer || !h->work) {
        rc = MKTOWS_ERR_NO_MEMORY;
        goto out;
    }
    if (!h->md)
        goto out;
    memset(k, 0, sizeof k);
    if (key_len > S_BLOCK) {
        unsigned int n = 0;
        if (!EVP_Digest(key, key_len, k, &n, h->md, NULL))
            goto out;
    } else if (key_len) {
        memcpy(k, key, key_len);
    }
    for (size_t i = 0; i < S_BLOCK; i++)
        pad[i] = k[i] ^ 0x36;
    if (!EVP_DigestInit_ex(h->inner, h->md, NULL) || !EVP_DigestUpdate(h->inner, pad, S_BLOCK))
        goto out;
    for (size_t i = 0; i < S_BLOCK; i++)
        pad[i] = k[i] ^ 0x5c;
    if (!EVP_DigestInit_ex(h->outer, h->md, NULL) || !EVP_DigestUpdate(h->outer, pad, S_BLOCK))
        goto out;
    rc = MKTOWS_OK;
out:
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(pad, sizeof pad);
    if (rc != MKTOWS_OK)
        mktows_hmac_clean_up_(h);
    return rc;
}

mktows_code mktows_hmac_hex_(mktows_hmac *h, const void *a, size_t a_len, const void *b, size_t b_len,
                             char out[MKTOWS_SIGNATURE_SIZE])
{
    static const char s_hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    mktows_code rc = MKTOWS_ERR_CRYPTO;
    out[0] = '\0';
    if (!h->work)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    if (!EVP_MD_CTX_copy_ex(h->work, h->inner) || (a_len && !EVP_DigestUpdate(h->work, a, a_len)) ||
        (b_len && !EVP_DigestUpdate(h->work, b, b_len)) || !EVP_DigestFinal_ex(h->work, md, &n) ||
        !EVP_MD_CTX_copy_ex(h->work, h->outer) || !EVP_DigestUpdate(h->work, md, n) ||
        !EVP_DigestFinal_ex(h->work, md, &n) || n != 20)
        goto out;
    for (unsigned int i = 0; i < n; i++) {
        out[2 * i] = s_hex[md[i] >> 4];
        out[2 * i + 1] = s_hex[md[i] & 0x0f];
    }
    out[2 * n] = '\0';
    rc = MKTOWS_OK;
out:
    OPENSSL_cleanse(md, sizeof md);
    return rc;
}
