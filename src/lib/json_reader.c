/* A strict, small RFC 8259 JSON parser (see private/json_reader.h). Recursive descent over the
 * bytes, with a depth limit, so a hostile input can neither blow the stack nor go unnoticed. */
#include "private/json_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct s_parser {
    const char *p, *end, *start;
    int depth;
    int oom;
    char *err;
    size_t err_size;
} s_parser;

__attribute__((format(printf, 2, 3)))
static int s_fail(s_parser *ps, const char *fmt, ...)
{
    int line = 1, col = 1;
    for (const char *c = ps->start; c < ps->p; c++) {
        if (*c == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)*c & 0xC0) != 0x80) {
            col++;
        }
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->err && ps->err_size)
        snprintf(ps->err, ps->err_size, "line %d, column %d: %s", line, col, msg);
    return -1;
}

static mktows_jv *s_new(s_parser *ps, mktows_jv_kind kind)
{
    mktows_jv *v = calloc(1, sizeof *v);
    if (!v) {
        ps->oom = 1;
        if (ps->err && ps->err_size)
            snprintf(ps->err, ps->err_size, "out of memory");
        return NULL;
    }
    v->kind = kind;
    return v;
}

void mktows_jv_free_(mktows_jv *v)
{
    while (v) {
        mktows_jv *next = v->next;
        mktows_jv_free_(v->first);
        free(v->text);
        free(v->key);
        free(v);
        v = next;
    }
}

static void s_space(s_parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static const char *s_describe(s_parser *ps, char *buf, size_t size)
{
    if (ps->p >= ps->end)
        return "the end of the input";
    unsigned char c = (unsigned char)*ps->p;
    if (c >= 0x20 && c < 0x7f)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "byte 0x%02X", c);
    return buf;
}

static int s_hex4(s_parser *ps, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        if (ps->p >= ps->end)
            return s_fail(ps, "unexpected end of input in a \\u escape");
        char c = *ps->p++;
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return s_fail(ps, "bad \\u escape: '%c' is not a hex digit", c);
    }
    *out = v;
    return 0;
}

/* Length of the valid UTF-8 sequence at @p s (at most @p n bytes), or 0. */
static size_t s_utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len;
    unsigned cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

static size_t s_put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string, at the opening quote. The decoded text is never longer than the encoded one. */
static int s_string(s_parser *ps, char **out, size_t *out_len)
{
    ps->p++; /* '"' */
    const char *q = ps->p;
    while (q < ps->end && *q != '"') {
        if (*q == '\\' && q + 1 < ps->end)
            q++;
        q++;
    }
    char *buf = malloc((size_t)(q - ps->p) + 1);
    if (!buf) {
        ps->oom = 1;
        return s_fail(ps, "out of memory");
    }
    size_t n = 0;
    for (;;) {
        if (ps->p >= ps->end) {
            free(buf);
            return s_fail(ps, "unexpected end of input in a string (missing '\"')");
        }
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"') {
            ps->p++;
            break;
        }
        if (c < 0x20) {
            free(buf);
            return s_fail(ps, "control character 0x%02X in a string (escape it)", c);
        }
        if (c == '\\') {
            ps->p++;
            if (ps->p >= ps->end) {
                free(buf);
                return s_fail(ps, "unexpected end of input in an escape");
            }
            char e = *ps->p++;
            switch (e) {
            case '"': buf[n++] = '"'; break;
            case '\\': buf[n++] = '\\'; break;
            case '/': buf[n++] = '/'; break;
            case 'b': buf[n++] = '\b'; break;
            case 'f': buf[n++] = '\f'; break;
            case 'n': buf[n++] = '\n'; break;
            case 'r': buf[n++] = '\r'; break;
            case 't': buf[n++] = '\t'; break;
            case 'u': {
                unsigned cp;
                if (s_hex4(ps, &cp)) {
                    free(buf);
                    return -1;
                }
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    free(buf);
                    return s_fail(ps, "a lone low surrogate \\u%04X", cp);
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') {
                        free(buf);
                        return s_fail(ps, "a high surrogate \\u%04X without its low surrogate", cp);
                    }
                    ps->p += 2;
                    if (s_hex4(ps, &lo)) {
                        free(buf);
                        return -1;
                    }
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        free(buf);
                        return s_fail(ps, "a high surrogate followed by \\u%04X, not a low surrogate", lo);
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if (cp == 0) {
                    free(buf);
                    return s_fail(ps, "\\u0000 is not allowed (XML cannot carry it)");
                }
                n += s_put_utf8(buf + n, cp);
                break;
            }
            default:
                free(buf);
                ps->p--;
                return s_fail(ps, "bad escape '\\%c'", e);
            }
            continue;
        }
        size_t k = s_utf8_len((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
        if (!k) {
            free(buf);
            return s_fail(ps, "invalid UTF-8 in a string");
        }
        memcpy(buf + n, ps->p, k);
        n += k;
        ps->p += k;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}

static int s_number(s_parser *ps, mktows_jv *v)
{
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
        return s_fail(ps, "a number needs a digit here");
    if (*ps->p == '0') {
        ps->p++;
        if (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            return s_fail(ps, "leading zeros are not allowed in a number");
    } else {
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
            return s_fail(ps, "a digit must follow the decimal point");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
            return s_fail(ps, "a digit must follow the exponent");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    v->len = (size_t)(ps->p - s);
    v->text = malloc(v->len + 1);
    if (!v->text) {
        ps->oom = 1;
        return s_fail(ps, "out of memory");
    }
    memcpy(v->text, s, v->len);
    v->text[v->len] = '\0';
    return 0;
}

static int s_literal(s_parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return s_fail(ps, "unexpected '%c' (expected a value)", *ps->p);
    ps->p += n;
    return 0;
}

static int s_value(s_parser *ps, mktows_jv **out);

static int s_container(s_parser *ps, mktows_jv *v, char close)
{
    if (++ps->depth > MKTOWS_JSON_READ_MAX_DEPTH)
        return s_fail(ps, "nested deeper than %d levels", MKTOWS_JSON_READ_MAX_DEPTH);
    ps->p++;
    mktows_jv **tail = &v->first;
    char buf[32];
    s_space(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        size_t key_len = 0;
        if (close == '}') {
            s_space(ps);
            if (ps->p >= ps->end || *ps->p != '"')
                return s_fail(ps, "expected a member name in double quotes, found %s", s_describe(ps, buf, sizeof buf));
            const char *at = ps->p;
            if (s_string(ps, &key, &key_len))
                return -1;
            for (mktows_jv *m = v->first; m; m = m->next)
                if (strcmp(m->key, key) == 0) {
                    ps->p = at;
                    free(key);
                    return s_fail(ps, "duplicate member \"%.64s\"", m->key);
                }
            s_space(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                free(key);
                return s_fail(ps, "expected ':' after a member name, found %s", s_describe(ps, buf, sizeof buf));
            }
            ps->p++;
        }
        mktows_jv *item = NULL;
        if (s_value(ps, &item)) {
            free(key);
            mktows_jv_free_(item);
            return -1;
        }
        item->key = key;
        *tail = item;
        tail = &item->next;
        v->count++;
        s_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            s_space(ps);
            if (ps->p < ps->end && *ps->p == close)
                return s_fail(ps, "trailing comma before '%c'", close);
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            ps->depth--;
            return 0;
        }
        return s_fail(ps, "expected ',' or '%c', found %s", close, s_describe(ps, buf, sizeof buf));
    }
}

static int s_value(s_parser *ps, mktows_jv **out)
{
    char buf[32];
    *out = NULL;
    s_space(ps);
    if (ps->p >= ps->end)
        return s_fail(ps, "unexpected end of input (expected a value)");
    mktows_jv *v;
    switch (*ps->p) {
    case '{':
    case '[': {
        char c = *ps->p;
        if (!(v = s_new(ps, c == '{' ? MKTOWS_JV_OBJECT : MKTOWS_JV_ARRAY)))
            return -1;
        *out = v;
        return s_container(ps, v, c == '{' ? '}' : ']');
    }
    case '"':
        if (!(v = s_new(ps, MKTOWS_JV_STRING)))
            return -1;
        *out = v;
        return s_string(ps, &v->text, &v->len);
    case 't':
    case 'f':
        if (!(v = s_new(ps, MKTOWS_JV_BOOL)))
            return -1;
        *out = v;
        v->boolean = *ps->p == 't';
        return s_literal(ps, v->boolean ? "true" : "false");
    case 'n':
        if (!(v = s_new(ps, MKTOWS_JV_NULL)))
            return -1;
        *out = v;
        return s_literal(ps, "null");
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
            if (!(v = s_new(ps, MKTOWS_JV_NUMBER)))
                return -1;
            *out = v;
            return s_number(ps, v);
        }
        return s_fail(ps, "unexpected %s (expected a value)", s_describe(ps, buf, sizeof buf));
    }
}

int mktows_json_parse_(const char *text, size_t len, mktows_jv **out, char *err, size_t err_size)
{
    *out = NULL;
    s_parser ps = { text ? text : "", (text ? text : "") + len, text ? text : "", 0, 0, err, err_size };
    if (len > MKTOWS_JSON_READ_MAX_BYTES) {
        snprintf(err, err_size, "larger than %u MiB", MKTOWS_JSON_READ_MAX_BYTES / (1024u * 1024u));
        return -1;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        ps.p += 3; /* RFC 8259 8.1: a parser may ignore a byte order mark */
    mktows_jv *v = NULL;
    int rc = s_value(&ps, &v);
    if (rc == 0) {
        s_space(&ps);
        if (ps.p < ps.end) {
            char buf[32];
            rc = s_fail(&ps, "unexpected %s after the value", s_describe(&ps, buf, sizeof buf));
        }
    }
    if (rc) {
        mktows_jv_free_(v);
        return ps.oom ? -2 : -1;
    }
    *out = v;
    return 0;
}

mktows_jv *mktows_jv_get_(const mktows_jv *obj, const char *key)
{
    if (!obj || obj->kind != MKTOWS_JV_OBJECT)
        return NULL;
    for (mktows_jv *m = obj->first; m; m = m->next)
        if (strcmp(m->key, key) == 0)
            return m;
    return NULL;
}

void mktows_jv_write_(mktows_json *w, const mktows_jv *v)
{
    switch (v->kind) {
    case MKTOWS_JV_NULL: mktows_json_null_(w); break;
    case MKTOWS_JV_BOOL: mktows_json_bool_(w, v->boolean); break;
    case MKTOWS_JV_NUMBER: mktows_json_number_text_(w, v->text); break;
    case MKTOWS_JV_STRING: mktows_json_string_n_(w, v->text, v->len); break;
    case MKTOWS_JV_ARRAY:
        mktows_json_array_begin_(w);
        for (const mktows_jv *c = v->first; c; c = c->next)
            mktows_jv_write_(w, c);
        mktows_json_array_end_(w);
        break;
    case MKTOWS_JV_OBJECT:
        mktows_json_object_begin_(w);
        for (const mktows_jv *c = v->first; c; c = c->next) {
            mktows_json_key_(w, c->key);
            mktows_jv_write_(w, c);
        }
        mktows_json_object_end_(w);
        break;
    }
}

static char *s_dup(const char *s, size_t n, int *oom)
{
    if (!s)
        return NULL;
    char *d = malloc(n + 1);
    if (!d) {
        *oom = 1;
        return NULL;
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

mktows_jv *mktows_jv_copy_(const mktows_jv *v)
{
    int oom = 0;
    mktows_jv *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->kind = v->kind;
    c->boolean = v->boolean;
    c->len = v->len;
    c->count = v->count;
    c->text = s_dup(v->text, v->len, &oom);
    c->key = v->key ? s_dup(v->key, strlen(v->key), &oom) : NULL;
    mktows_jv **tail = &c->first;
    for (const mktows_jv *i = v->first; i && !oom; i = i->next) {
        if (!(*tail = mktows_jv_copy_(i)))
            oom = 1;
        else
            tail = &(*tail)->next;
    }
    if (oom) {
        mktows_jv_free_(c);
        return NULL;
    }
    return c;
}

/* ---- the public reader (<mktows/json.h>) ---- */

mktows_code mktows_json_parse(const char *text, size_t len, mktows_json_value **out, char *errbuf, size_t errbuf_len)
{
    char local[256];
    if (!out)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!text && len)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    int rc = mktows_json_parse_(text, len, out, errbuf && errbuf_len ? errbuf : local,
                                errbuf && errbuf_len ? errbuf_len : sizeof local);
    return rc == 0 ? MKTOWS_OK : rc == -2 ? MKTOWS_ERR_NO_MEMORY : MKTOWS_ERR_PARSE;
}

const mktows_json_value *mktows_json_get(const mktows_json_value *object, const char *key)
{
    return key ? mktows_jv_get_(object, key) : NULL;
}

void mktows_json_value_free(mktows_json_value *value)
{
    mktows_jv_free_(value);
}
