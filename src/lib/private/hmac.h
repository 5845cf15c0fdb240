/* HMAC-SHA1 with the key prepared once per client: the inner and outer SHA-1 states after the
 * padded key are kept, so that signing a request costs two SHA-1 continuations (HMAC() sets up
 * the key, fetches SHA-1 and allocates afresh on every call). Same result as mktows_hmac_sha1_hex(). */
#ifndef MKTOWS_PRIVATE_HMAC_H
#define MKTOWS_PRIVATE_HMAC_H

#include <mktows/error.h>
#include <mktows/sign.h>

#include <stddef.h>

typedef struct mktows_hmac {
    struct mktows_hmac_state *state; /* the SHA-1 states after the padded key (hmac.c); wiped on free */
} mktows_hmac;

/* Prepare @p h for @p key. MKTOWS_OK, MKTOWS_ERR_CRYPTO or MKTOWS_ERR_NO_MEMORY (then nothing is
 * left to clean up). */
mktows_code mktows_hmac_init_(mktows_hmac *h, const void *key, size_t key_len);

/* Lower-case hex HMAC-SHA1 of the concatenation a + b. */
mktows_code mktows_hmac_hex_(mktows_hmac *h, const void *a, size_t a_len, const void *b, size_t b_len,
                             char out[MKTOWS_SIGNATURE_SIZE]);

/* Free and wipe. A zeroed or cleaned-up @p h is a no-op. */
void mktows_hmac_clean_up_(mktows_hmac *h);

#endif
