/* W3C request timestamps: formatting with negative, positive and zero UTC offsets, the local
 * offset of "now", and parsing. */
#include "runner.h"

#include <mktows/sign.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 2013-07-31T19:38:47Z: the instant of the syncLead page's example timestamp. */
#define S_T 1375299527

static void test_timestamp__negative_offset_is_written_with_minus(void)
{
    char out[MKTOWS_TIMESTAMP_SIZE];
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, -7 * 3600, out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "2013-07-31T12:38:47-07:00");
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, -(9 * 3600 + 30 * 60), out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "2013-07-31T10:08:47-09:30");
}

static void test_timestamp__positive_offset_is_written_with_plus(void)
{
    char out[MKTOWS_TIMESTAMP_SIZE];
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, 5 * 3600 + 30 * 60, out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "2013-08-01T01:08:47+05:30");
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, 14 * 3600, out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "2013-08-01T09:38:47+14:00");
}

static void test_timestamp__zero_offset_is_written_plus_00_00(void)
{
    char out[MKTOWS_TIMESTAMP_SIZE];
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, 0, out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "2013-07-31T19:38:47+00:00");
    CU_ASSERT_EQUAL(mktows_timestamp_format(0, 0, out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "1970-01-01T00:00:00+00:00");
}

static void test_timestamp__sub_minute_offset_still_names_the_same_instant(void)
{
    char out[MKTOWS_TIMESTAMP_SIZE];
    time_t back = 0;
    /* Local mean time of Los Angeles before 1883: -7:52:58. */
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, -(7 * 3600 + 52 * 60 + 58), out), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(out, "2013-07-31T11:46:47-07:52");
    CU_ASSERT_EQUAL(mktows_timestamp_parse(out, &back), MKTOWS_OK);
    CU_ASSERT_EQUAL((long long)back, (long long)S_T);
}

static void test_timestamp__out_of_range_offset_or_year_is_rejected(void)
{
    char out[MKTOWS_TIMESTAMP_SIZE];
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, 18 * 3600 + 60, out), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_timestamp_format(S_T, -(18 * 3600 + 60), out), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_timestamp_format((time_t)253402300800LL, 0, out), MKTOWS_ERR_INVALID_ARGUMENT); /* 10000-01-01 */
    CU_ASSERT_STRING_EQUAL(out, "");
}

/* Set TZ to a POSIX rule (no tzdata needed), call now, and check the offset it writes. */
static void s_check_now_in_zone(const char *tz, const char *suffix_a, const char *suffix_b)
{
    char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    setenv("TZ", tz, 1);
    tzset();
    char out[MKTOWS_TIMESTAMP_SIZE];
    time_t before = time(NULL);
    CU_ASSERT_EQUAL_FATAL(mktows_timestamp_now(out), MKTOWS_OK);
    time_t after = time(NULL), parsed = 0;
    CU_ASSERT_EQUAL(strlen(out), MKTOWS_TIMESTAMP_SIZE - 1);
    const char *suffix = out + strlen(out) - 6;
    CU_ASSERT_TRUE(strcmp(suffix, suffix_a) == 0 || strcmp(suffix, suffix_b) == 0);
    CU_ASSERT_EQUAL(mktows_timestamp_parse(out, &parsed), MKTOWS_OK);
    CU_ASSERT_TRUE(parsed >= before && parsed <= after);
    if (old) {
        setenv("TZ", old, 1);
        free(old);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

static void test_timestamp__now_uses_the_local_utc_offset(void)
{
    s_check_now_in_zone("PST8PDT,M3.2.0,M11.1.0", "-08:00", "-07:00");
    s_check_now_in_zone("IST-5:30", "+05:30", "+05:30");
    s_check_now_in_zone("UTC0", "+00:00", "+00:00");
}

static void test_timestamp__parse_reads_offsets_z_and_fractions(void)
{
    time_t t = 0;
    CU_ASSERT_EQUAL(mktows_timestamp_parse("2013-07-31T12:38:47-07:00", &t), MKTOWS_OK);
    CU_ASSERT_EQUAL((long long)t, (long long)S_T);
    CU_ASSERT_EQUAL(mktows_timestamp_parse("2013-08-01T01:08:47+05:30", &t), MKTOWS_OK);
    CU_ASSERT_EQUAL((long long)t, (long long)S_T);
    CU_ASSERT_EQUAL(mktows_timestamp_parse("2013-07-31T19:38:47Z", &t), MKTOWS_OK);
    CU_ASSERT_EQUAL((long long)t, (long long)S_T);
    CU_ASSERT_EQUAL(mktows_timestamp_parse("2013-07-31T19:38:47.123+00:00", &t), MKTOWS_OK);
    CU_ASSERT_EQUAL((long long)t, (long long)S_T);
    CU_ASSERT_EQUAL(mktows_timestamp_parse("2000-02-29T00:00:00+00:00", &t), MKTOWS_OK);
    CU_ASSERT_EQUAL((long long)t, 951782400LL);
}

static void test_timestamp__parse_rejects_anything_else(void)
{
    static const char *const bad[] = {
        "", "2013-07-31T12:38:47", "2013-07-31 12:38:47-07:00", "2013-13-01T00:00:00Z", "2013-02-29T00:00:00Z",
        "2013-07-31T24:00:00Z", "2013-07-31T12:60:00Z", "2013-07-31T12:38:47-0700", "2013-07-31T12:38:47+19:00",
        "2013-07-31T12:38:47Zjunk", "13-07-31T12:38:47Z", "2013-07-31T12:38:47.Z", NULL
    };
    for (size_t i = 0; bad[i]; i++) {
        time_t t = 0;
        CU_ASSERT_EQUAL(mktows_timestamp_parse(bad[i], &t), MKTOWS_ERR_INVALID_ARGUMENT);
    }
}

static void test_timestamp__format_then_parse_round_trips(void)
{
    static const long offsets[] = { -12 * 3600, -7 * 3600, -3 * 3600 - 30 * 60, 0, 3600, 5 * 3600 + 45 * 60, 13 * 3600 };
    static const time_t times[] = { 0, 951782400, S_T, 1700000000, 4102444799 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
        for (size_t j = 0; j < sizeof times / sizeof times[0]; j++) {
            char out[MKTOWS_TIMESTAMP_SIZE];
            time_t back = 0;
            CU_ASSERT_EQUAL(mktows_timestamp_format(times[j], offsets[i], out), MKTOWS_OK);
            CU_ASSERT_EQUAL(mktows_timestamp_parse(out, &back), MKTOWS_OK);
            CU_ASSERT_EQUAL((long long)back, (long long)times[j]);
        }
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "negative_offset_is_written_with_minus", test_timestamp__negative_offset_is_written_with_minus },
        { "positive_offset_is_written_with_plus", test_timestamp__positive_offset_is_written_with_plus },
        { "zero_offset_is_written_plus_00_00", test_timestamp__zero_offset_is_written_plus_00_00 },
        { "sub_minute_offset_still_names_the_same_instant", test_timestamp__sub_minute_offset_still_names_the_same_instant },
        { "out_of_range_offset_or_year_is_rejected", test_timestamp__out_of_range_offset_or_year_is_rejected },
        { "now_uses_the_local_utc_offset", test_timestamp__now_uses_the_local_utc_offset },
        { "parse_reads_offsets_z_and_fractions", test_timestamp__parse_reads_offsets_z_and_fractions },
        { "parse_rejects_anything_else", test_timestamp__parse_rejects_anything_else },
        { "format_then_parse_round_trips", test_timestamp__format_then_parse_round_trips },
        { NULL, NULL }
    };
    return mktows_test_run("timestamp", NULL, NULL, cases);
}
