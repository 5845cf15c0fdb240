/* W3C date-time request timestamps ("2013-07-31T12:38:47-07:00"): format, now, parse. */
#include <mktows/sign.h>

#include <stdio.h>
#include <string.h>

#define S_MAX_OFFSET_S (18L * 3600L)

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long long s_days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static int s_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int s_days_in_month(int y, int m)
{
    static const int s_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && s_is_leap(y) ? 29 : s_days[m - 1];
}

/* @p v (0 <= v < 10^width) as exactly @p width decimal digits; returns the end. */
static char *s_put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

mktows_code mktows_timestamp_format(time_t t, long utc_offset_s, char out[MKTOWS_TIMESTAMP_SIZE])
{
    if (!out)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    out[0] = '\0';
    if (utc_offset_s > S_MAX_OFFSET_S || utc_offset_s < -S_MAX_OFFSET_S)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    /* W3C offsets have minute resolution; historical zones (LMT) can have seconds. Drop them and
     * shift the wall clock by the same truncated offset, so the text still names instant t. */
    long off_min = utc_offset_s / 60;
    time_t wall = t + (time_t)(off_min * 60);
    struct tm tm;
    if (!gmtime_r(&wall, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    long abs_min = off_min < 0 ? -off_min : off_min;
    /* "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", written by hand: this runs on every call. */
    int year = tm.tm_year + 1900;
    char *p = out;
    p = s_put_digits(p, year, 4);
    *p++ = '-';
    p = s_put_digits(p, tm.tm_mon + 1, 2);
    *p++ = '-';
    p = s_put_digits(p, tm.tm_mday, 2);
    *p++ = 'T';
    p = s_put_digits(p, tm.tm_hour, 2);
    *p++ = ':';
    p = s_put_digits(p, tm.tm_min, 2);
    *p++ = ':';
    p = s_put_digits(p, tm.tm_sec, 2);
    *p++ = off_min < 0 ? '-' : '+';
    p = s_put_digits(p, (int)(abs_min / 60), 2);
    *p++ = ':';
    p = s_put_digits(p, (int)(abs_min % 60), 2);
    *p = '\0';
    return MKTOWS_OK;
}

mktows_code mktows_timestamp_now(char out[MKTOWS_TIMESTAMP_SIZE])
{
    if (!out)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    out[0] = '\0';
    time_t now = time(NULL);
    struct tm local;
    if (now == (time_t)-1 || !localtime_r(&now, &local))
        return MKTOWS_ERR_INVALID_ARGUMENT;
    return mktows_timestamp_format(now, local.tm_gmtoff, out);
}

/* Read exactly @p n decimal digits. */
static int s_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

static int s_expect(const char **p, char c)
{
    if (**p != c)
        return -1;
    (*p)++;
    return 0;
}

mktows_code mktows_timestamp_parse(const char *text, time_t *out)
{
    int y, mo, d, h, mi, s;
    const char *p = text;
    if (!text || !out)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    if (s_digits(&p, 4, &y) || s_expect(&p, '-') || s_digits(&p, 2, &mo) || s_expect(&p, '-') ||
        s_digits(&p, 2, &d) || s_expect(&p, 'T') || s_digits(&p, 2, &h) || s_expect(&p, ':') ||
        s_digits(&p, 2, &mi) || s_expect(&p, ':') || s_digits(&p, 2, &s))
        return MKTOWS_ERR_INVALID_ARGUMENT;
    /* Optional fractional seconds (other W3C writers emit them); ignored. */
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return MKTOWS_ERR_INVALID_ARGUMENT;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > s_days_in_month(y, mo) || h > 23 || mi > 59 || s > 59)
        return MKTOWS_ERR_INVALID_ARGUMENT;

    long offset_s = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om;
        p++;
        if (s_digits(&p, 2, &oh) || s_expect(&p, ':') || s_digits(&p, 2, &om) || om > 59)
            return MKTOWS_ERR_INVALID_ARGUMENT;
        offset_s = sign * (oh * 3600L + om * 60L);
        if (offset_s > S_MAX_OFFSET_S || offset_s < -S_MAX_OFFSET_S)
            return MKTOWS_ERR_INVALID_ARGUMENT;
    } else {
        return MKTOWS_ERR_INVALID_ARGUMENT;
    }
    if (*p != '\0')
        return MKTOWS_ERR_INVALID_ARGUMENT;

    long long secs = s_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL + h * 3600LL + mi * 60LL + s -
                     offset_s;
    time_t t = (time_t)secs;
    if ((long long)t != secs)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    *out = t;
    return MKTOWS_OK;
}
