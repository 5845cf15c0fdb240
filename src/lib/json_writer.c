/* A tiny streaming JSON writer (see private/json_writer.h), behind mktows_decode_json(): the
 * mktows command's decode and sync-lead print their JSON through it. */
#define _GNU_SOURCE /* the *_unlocked stdio functions: the stream is the caller's, used by one thread */
#include "private/json_writer.h"

#include <stdio.h>
#include <string.h>

void mktows_json_init_(mktows_json *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* Before any value or key: the comma that separates it from its predecessor. */
static void s_separate(mktows_json *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    int d = w->depth <= MKTOWS_JSON_MAX_DEPTH ? w->depth : MKTOWS_JSON_MAX_DEPTH;
    if (w->has_items[d])
        putc_unlocked(',', w->out);
    w->has_items[d] = 1;
}

static void s_open(mktows_json *w, int c)
{
    s_separate(w);
    putc_unlocked(c, w->out);
    if (w->depth >= MKTOWS_JSON_MAX_DEPTH) {
        w->overflow = 1;
        return;
    }
    w->depth++;
    w->has_items[w->depth] = 0;
}

static void s_close(mktows_json *w, int c)
{
    putc_unlocked(c, w->out);
    if (w->depth > 0)
        w->depth--;
}

void mktows_json_object_begin_(mktows_json *w) { s_open(w, '{'); }
void mktows_json_object_end_(mktows_json *w) { s_close(w, '}'); }
void mktows_json_array_begin_(mktows_json *w) { s_open(w, '['); }
void mktows_json_array_end_(mktows_json *w) { s_close(w, ']'); }

void mktows_json_key_(mktows_json *w, const char *key)
{
    s_separate(w);
    mktows_json_write_string_(w->out, key, strlen(key));
    putc_unlocked(':', w->out);
    w->after_key = 1;
}

void mktows_json_string_(mktows_json *w, const char *s)
{
    if (!s) {
        mktows_json_null_(w);
        return;
    }
    mktows_json_string_n_(w, s, strlen(s));
}

void mktows_json_string_n_(mktows_json *w, const char *s, size_t len)
{
    s_separate(w);
    mktows_json_write_string_(w->out, s, len);
}

void mktows_json_int_(mktows_json *w, long long v)
{
    s_separate(w);
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    fwrite_unlocked(p, 1, (size_t)(buf + sizeof buf - p), w->out);
}

void mktows_json_number_text_(mktows_json *w, const char *text)
{
    s_separate(w);
    fputs_unlocked(text, w->out);
}

void mktows_json_bool_(mktows_json *w, int v)
{
    s_separate(w);
    fputs_unlocked(v ? "true" : "false", w->out);
}

void mktows_json_null_(mktows_json *w)
{
    s_separate(w);
    fputs_unlocked("null", w->out);
}

/* Length of the valid UTF-8 sequence starting at s[0] (a byte >= 0x80), or 0 if it is invalid
 * (bad lead byte, missing or bad continuation, overlong form, surrogate, above U+10FFFF). */
static size_t s_utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;          /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F;          /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;          /* no overlong forms */
        else if (c == 0xF4)
            hi = 0x8F;          /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

void mktows_json_write_string_(FILE *out, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    putc_unlocked('"', out);
    size_t i = 0;
    while (i < len) {
        /* a run of characters written as they are: printable ASCII but '"' and '\\' */
        size_t run = i;
        while (run < len && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            fwrite_unlocked(s + i, 1, run - i, out);
            i = run;
            continue;
        }
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t n = s_utf8_len(s + i, len - i);
            if (n == 0) {
                fputs_unlocked("\\ufffd", out);
                i++;
            } else {
                fwrite_unlocked(s + i, 1, n, out);
                i += n;
            }
            continue;
        }
        switch (c) {
        case '"':  fputs_unlocked("\\\"", out); break;
        case '\\': fputs_unlocked("\\\\", out); break;
        case '\b': fputs_unlocked("\\b", out); break;
        case '\f': fputs_unlocked("\\f", out); break;
        case '\n': fputs_unlocked("\\n", out); break;
        case '\r': fputs_unlocked("\\r", out); break;
        case '\t': fputs_unlocked("\\t", out); break;
        default:
            fprintf(out, "\\u%04x", c);
        }
        i++;
    }
    putc_unlocked('"', out);
}
