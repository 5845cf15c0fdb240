/* Request signing: HMAC-SHA1 known answers (RFC 2202) and the Marketo signature. */
#include "runner.h"

#include <mktows/sign.h>

#include <string.h>

#include "private/hmac.h"

typedef struct s_vector {
    unsigned char key[80];
    size_t key_len;
    unsigned char data[80];
    size_t data_len;
    const char *digest;
} s_vector;

static void s_fill(unsigned char *buf, unsigned char byte, size_t n)
{
    memset(buf, byte, n);
}

/* RFC 2202 section 3: the seven HMAC-SHA1 test cases. */
static void test_sign__hmac_sha1_matches_rfc2202_vectors(void)
{
    s_vector v[7];
    memset(v, 0, sizeof v);
    s_fill(v[0].key, 0x0b, v[0].key_len = 20);
    memcpy(v[0].data, "Hi There", v[0].data_len = 8);
    v[0].digest = "b617318655057264e28bc0b6fb378c8ef146be00";

    memcpy(v[1].key, "Jefe", v[1].key_len = 4);
    memcpy(v[1].data, "what do ya want for nothing?", v[1].data_len = 28);
    v[1].digest = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";

    s_fill(v[2].key, 0xaa, v[2].key_len = 20);
    s_fill(v[2].data, 0xdd, v[2].data_len = 50);
    v[2].digest = "125d7342b9ac11cd91a39af48aa17b4f63f175d3";

    for (size_t i = 0; i < 25; i++)
        v[3].key[i] = (unsigned char)(i + 1);
    v[3].key_len = 25;
    s_fill(v[3].data, 0xcd, v[3].data_len = 50);
    v[3].digest = "4c9007f4026250c6bc8414f9bf50c86c2d7235da";

    s_fill(v[4].key, 0x0c, v[4].key_len = 20);
    memcpy(v[4].data, "Test With Truncation", v[4].data_len = 20);
    v[4].digest = "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04";

    s_fill(v[5].key, 0xaa, v[5].key_len = 80);
    memcpy(v[5].data, "Test Using Larger Than Block-Size Key - Hash Key First", v[5].data_len = 54);
    v[5].digest = "aa4ae5e15272d00e95705637ce8a3b55ed402112";

    s_fill(v[6].key, 0xaa, v[6].key_len = 80);
    memcpy(v[6].data, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
           v[6].data_len = 73);
    v[6].digest = "e8e99d0f45237d786d6bbaa7965c7808bbff1a91";

    for (size_t i = 0; i < 7; i++) {
        char out[MKTOWS_SIGNATURE_SIZE];
        CU_ASSERT_EQUAL(mktows_hmac_sha1_hex(v[i].key, v[i].key_len, v[i].data, v[i].data_len, out), MKTOWS_OK);
        CU_ASSERT_STRING_EQUAL(out, v[i].digest);
    }
}

static void test_sign__hmac_accepts_key_with_nul_bytes_and_empty_input(void)
{
    char a[MKTOWS_SIGNATURE_SIZE], b[MKTOWS_SIGNATURE_SIZE];
    const unsigned char key[] = { 'a', 0, 'b' };
    CU_ASSERT_EQUAL(mktows_hmac_sha1_hex(key, 3, "m", 1, a), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_hmac_sha1_hex(key, 1, "m", 1, b), MKTOWS_OK);
    CU_ASSERT_STRING_NOT_EQUAL(a, b); /* bytes after the NUL count */
    /* HMAC-SHA1 with empty key and message: printf '' | openssl dgst -sha1 -hmac '' */
    CU_ASSERT_EQUAL(mktows_hmac_sha1_hex(NULL, 0, NULL, 0, a), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(a, "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
}

/* Known answers computed independently, once, with OpenSSL's command line:
 *   printf '%s' '2013-07-31T12:38:47-07:00bigcorp1_461839624B16E06BA2D663' \
 *       | openssl dgst -sha1 -hmac 'bigcorp1_secret_key_0123456789'
 *   printf '%s' '2013-07-31T12:38:47-07:00demo17_1_809934544BFABAE58E5D27' \
 *       | openssl dgst -sha1 -hmac '27272727aa'                                  */
static void test_sign__signature_matches_known_answer(void)
{
    char out[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL(mktows_sign("2013-07-31T12:38:47-07:00", "bigcorp1_461839624B16E06BA2D663",
                                "bigcorp1_secret_key_0123456789", out),
                    MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "bc0eff137d173b6d9e6f4ed1ab8423ce31293685");
    CU_ASSERT_EQUAL(mktows_sign("2013-07-31T12:38:47-07:00", "demo17_1_809934544BFABAE58E5D27", "27272727aa", out),
                    MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "92f05a6be4838ae1c0e5aafe814891ee72968a08");
}

static void test_sign__signature_is_hmac_of_timestamp_then_user_id(void)
{
    char a[MKTOWS_SIGNATURE_SIZE], b[MKTOWS_SIGNATURE_SIZE];
    const char *msg = "2020-01-02T03:04:05+00:00user";
    CU_ASSERT_EQUAL(mktows_sign("2020-01-02T03:04:05+00:00", "user", "k", a), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_hmac_sha1_hex("k", 1, msg, strlen(msg), b), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(a, b);
    CU_ASSERT_EQUAL(strlen(a), 40);
    for (size_t i = 0; i < 40; i++)
        CU_ASSERT_TRUE((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f'));
}

static void test_sign__null_strings_are_invalid_arguments(void)
{
    char out[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL(mktows_sign(NULL, "u", "k", out), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_sign("t", NULL, "k", out), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_sign("t", "u", NULL, out), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_STRING_EQUAL(out, "");
}

/* The client's prepared key (private/hmac.h) signs exactly as mktows_hmac_sha1_hex(): keys of
 * every length around the SHA-1 block (64: hashed first above it), messages in two parts. */
static void test_sign__prepared_key_matches_hmac_for_every_key_length(void)
{
    char key[200], msg[150];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (char)(i * 7 + 1);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char)('a' + i % 26);
    for (size_t kl = 1; kl < sizeof key; kl += kl < 70 ? 1 : 13) {
        mktows_hmac h;
        CU_ASSERT_EQUAL_FATAL(mktows_hmac_init_(&h, key, kl), MKTOWS_OK);
        for (size_t ml = 0; ml < sizeof msg; ml += 37) {
            char want[MKTOWS_SIGNATURE_SIZE], have[MKTOWS_SIGNATURE_SIZE];
            CU_ASSERT_EQUAL(mktows_hmac_sha1_hex(key, kl, msg, ml, want), MKTOWS_OK);
            size_t split = ml / 3;
            CU_ASSERT_EQUAL(mktows_hmac_hex_(&h, msg, split, msg + split, ml - split, have), MKTOWS_OK);
            CU_ASSERT_STRING_EQUAL(have, want);
        }
        mktows_hmac_clean_up_(&h);
    }
    mktows_hmac h;
    const char *k = "899756834129871744AAEE88DDCC77CDEEDEC1AAAD66";
    CU_ASSERT_EQUAL_FATAL(mktows_hmac_init_(&h, k, strlen(k)), MKTOWS_OK);
    char sig[MKTOWS_SIGNATURE_SIZE], want[MKTOWS_SIGNATURE_SIZE];
    const char *ts = "2013-07-31T12:38:47-07:00", *uid = "bigcorp1_461839624B16E06BA2D663";
    CU_ASSERT_EQUAL(mktows_sign(ts, uid, k, want), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_hmac_hex_(&h, ts, strlen(ts), uid, strlen(uid), sig), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(sig, want);
    mktows_hmac_clean_up_(&h);
    mktows_hmac_clean_up_(&h); /* twice: a no-op */
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "hmac_sha1_matches_rfc2202_vectors", test_sign__hmac_sha1_matches_rfc2202_vectors },
        { "hmac_accepts_key_with_nul_bytes_and_empty_input", test_sign__hmac_accepts_key_with_nul_bytes_and_empty_input },
        { "signature_matches_known_answer", test_sign__signature_matches_known_answer },
        { "signature_is_hmac_of_timestamp_then_user_id", test_sign__signature_is_hmac_of_timestamp_then_user_id },
        { "null_strings_are_invalid_arguments", test_sign__null_strings_are_invalid_arguments },
        { "prepared_key_matches_hmac_for_every_key_length",
          test_sign__prepared_key_matches_hmac_for_every_key_length },
        { NULL, NULL }
    };
    return mktows_test_run("sign", NULL, NULL, cases);
}
