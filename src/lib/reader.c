/* Runtime of the direct response readers: see private/reader.h and scripts/gen-reader.py.
 *
 * What gSOAP 2.8.124 does with the input this tokenizer accepts (stdsoap2.c, read for this):
 * - soap_peek_element() skips blanks before a start tag and reads the name and the attributes;
 *   xmlns declarations apply to the element itself; an attribute named twice is an error.
 * - An unqualified member name matches an element by its name only when the element has no prefix
 *   (soap_match_tag: "p:leadId" never matches "leadId"); its default namespace does not matter in
 *   the non-strict mode. A prefixed element is given up on here.
 * - soap_ignore_element() skips an unknown element, unless it is in the SOAP-ENV namespace.
 * - Strings (soap_string_in, flag 1, SOAP_C_UTFSTRING): raw bytes as they are (valid UTF-8 is
 *   decoded and encoded again: the same bytes), &lt; &gt; &amp; &quot; &apos; and &#N; decoded,
 *   code points from 0x80 encoded as UTF-8, whitespace kept. soap_char() reads at most 7 bytes
 *   after '&' looking for ';', and turns &#0; into a NUL that ends the C string: longer
 *   references and zero are given up on, and so are other entity names (gSOAP knows the HTML
 *   ones).
 * - Numbers, dates, booleans, enums (soap_value): text up to the next '<' with blanks trimmed, at
 *   most 1023 bytes; an empty element is SOAP_EMPTY. Conversions are gSOAP's own (soap_s2int...).
 * - Whitespace: gSOAP calls every byte <= 32 blank; here only space, tab, CR and LF are, and other
 *   control bytes are given up on. */
#include "private/reader.h"

#include <stdint.h>
#include <strings.h>

#define S_NS_MKT "http://www.marketo.com/mktows/"
#define S_NS_ENV "http://schemas.xmlsoap.org/soap/envelope/"
#define S_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

/* Byte classes: whitespace, name start, name character, plain text (printable ASCII that needs
 * no attention in text: not '<', '&', '/', blank), plain attribute value (printable ASCII but
 * quotes, '<', '>', '&'). */
enum { S_WS = 1, S_NSTART = 2, S_NCHAR = 4, S_PLAIN = 8, S_AVAL = 16 };
/* ASCII only (bytes from 0x80 are 0): tab, LF, CR = S_WS; space = S_WS | S_AVAL; letters and '_' =
 * all but S_WS; digits, '-', '.' = S_NCHAR | S_PLAIN | S_AVAL; '<' and '&' = 0; '/' = S_AVAL;
 * '>' = S_PLAIN; quotes = S_PLAIN; other printable ASCII = S_PLAIN | S_AVAL. */
static const unsigned char s_cls[256] = {
     0,  0,  0,  0,  0,  0,  0,  0,  0,  1,  1,  0,  0,  1,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    17, 24,  8, 24, 24, 24,  0,  8, 24, 24, 24, 24, 24, 28, 28, 16,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 24, 24,  0, 24,  8, 24,
    24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 24, 24, 24, 24, 30,
    24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 24, 24, 24, 24,  0,
};

int mktows_r_fail(mktows_r *r, const char *why)
{
    if (!r->gave_up) {
        r->gave_up = 1;
        r->why = why;
    }
    return -1;
}

int mktows_r_ignore_unknown(struct soap *soap, const char *tag)
{
    (void)soap;
    (void)tag;
    return SOAP_OK;
}

void mktows_r_init(mktows_r *r, struct soap *soap, const char *p, const char *end)
{
    r->soap = soap;
    r->strict = (soap->imode & SOAP_XML_STRICT) != 0;
    r->p = p;
    r->end = end;
    r->gave_up = 0;
    r->why = NULL;
    r->depth = 0;
    r->nns = 0;
    r->dflt = MKTOWS_R_NS_NONE;
    r->local = NULL;
    r->local_len = 0;
    r->prefixed = 0;
    r->ns = MKTOWS_R_NS_NONE;
    r->nil = 0;
    r->empty = 0;
}

static int s_ws(unsigned char c)
{
    return s_cls[c] & S_WS;
}

static void s_skip_ws(mktows_r *r)
{
    const char *p = r->p, *end = r->end; /* locals: r->p may alias s_cls for the compiler */
    while (p < end && (s_cls[(unsigned char)*p] & S_WS))
        p++;
    r->p = p;
}

/* A name: NCName or NCName:NCName. Sets *colon to the colon or NULL. */
static int s_name(mktows_r *r, const char **name, size_t *len, const char **colon)
{
    const char *s = r->p;
    const char *end = r->end;
    *colon = NULL;
    if (s >= end || !(s_cls[(unsigned char)*s] & S_NSTART))
        return mktows_r_fail(r, "name");
    s++;
    for (;;) {
        while (s < end && (s_cls[(unsigned char)*s] & S_NCHAR))
            s++;
        if (s + 1 < end && *s == ':' && !*colon && (s_cls[(unsigned char)s[1]] & S_NSTART)) {
            *colon = s;
            s += 2;
            continue;
        }
        break;
    }
    if ((size_t)(s - r->p) > MKTOWS_R_MAX_NAME)
        return mktows_r_fail(r, "long name");
    *name = r->p;
    *len = (size_t)(s - r->p);
    r->p = s;
    return 0;
}

static int s_uri(const char *v, size_t n)
{
#define S_IS(lit) (n == sizeof(lit) - 1 && memcmp(v, lit, n) == 0)
    if (S_IS(S_NS_MKT))
        return MKTOWS_R_NS_MKT;
    if (S_IS(S_NS_ENV))
        return MKTOWS_R_NS_ENV;
    if (S_IS(S_NS_XSI))
        return MKTOWS_R_NS_XSI;
#undef S_IS
    return MKTOWS_R_NS_OTHER;
}

/* The namespace of prefix [p, p+n) (n == 0: the default namespace); -1 when not declared. */
static int s_resolve(const mktows_r *r, const char *p, size_t n)
{
    if (n == 0)
        return r->dflt;
    for (int i = r->nns - 1; i >= 0; i--)
        if (r->nsd[i].len == n && (n == 0 || memcmp(r->nsd[i].prefix, p, n) == 0))
            return r->nsd[i].ns;
    return n == 0 ? MKTOWS_R_NS_NONE : -1;
}

int mktows_r_open(mktows_r *r)
{
    if (r->gave_up)
        return -1;
    s_skip_ws(r);
    if (r->end - r->p < 2)
        return mktows_r_fail(r, "end of input");
    if (r->p[0] != '<')
        return mktows_r_fail(r, "text between elements");
    if (r->p[1] == '/')
        return 0;
    if (r->p[1] == '!' || r->p[1] == '?')
        return mktows_r_fail(r, "comment, CDATA, DOCTYPE or processing instruction");
    if (r->depth >= MKTOWS_R_MAX_DEPTH)
        return mktows_r_fail(r, "too deep");
    r->p++;
    const char *name, *colon;
    size_t name_len;
    if (s_name(r, &name, &name_len, &colon))
        return -1;
    struct {
        const char *name, *colon, *value;
        size_t len, vlen;
    } att[MKTOWS_R_MAX_ATTRS];
    int natt = 0;
    int empty = 0;
    for (;;) {
        const char *before = r->p;
        s_skip_ws(r);
        if (r->p >= r->end)
            return mktows_r_fail(r, "end of input in a start tag");
        if (*r->p == '>') {
            r->p++;
            break;
        }
        if (*r->p == '/') {
            if (r->end - r->p < 2 || r->p[1] != '>')
                return mktows_r_fail(r, "start tag");
            r->p += 2;
            empty = 1;
            break;
        }
        if (r->p == before)
            return mktows_r_fail(r, "no space before an attribute");
        if (natt == MKTOWS_R_MAX_ATTRS)
            return mktows_r_fail(r, "too many attributes");
        if (s_name(r, &att[natt].name, &att[natt].len, &att[natt].colon))
            return -1;
        s_skip_ws(r);
        if (r->p >= r->end || *r->p != '=')
            return mktows_r_fail(r, "attribute without a value");
        r->p++;
        s_skip_ws(r);
        if (r->p >= r->end || (*r->p != '"' && *r->p != '\''))
            return mktows_r_fail(r, "unquoted attribute");
        char q = *r->p++;
        const char *v = r->p, *t = r->p, *end = r->end;
        /* The namespace URIs every envelope declares: compared whole rather than scanned. */
        static const struct {
            const char *uri;
            size_t len;
        } known[] = {
#define S_K(lit) { lit, sizeof(lit) - 1 }
            S_K(S_NS_ENV), S_K(S_NS_XSI), S_K(S_NS_MKT), S_K("http://schemas.xmlsoap.org/soap/encoding/"),
            S_K("http://www.w3.org/2001/XMLSchema"),
#undef S_K
        };
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
            if ((size_t)(end - t) > known[k].len && t[known[k].len] == q && memcmp(t, known[k].uri, known[k].len) == 0) {
                t += known[k].len;
                break;
            }
        }
        for (;;) {
            while (t < end && (s_cls[(unsigned char)*t] & S_AVAL))
                t++;
            if (t >= end)
                return mktows_r_fail(r, "end of input in an attribute");
            if (*t == q)
                break;
            if (*t != '"' && *t != '\'')
                return mktows_r_fail(r, "attribute value");
            t++; /* the other quote */
        }
        r->p = t;
        att[natt].value = v;
        att[natt].vlen = (size_t)(r->p - v);
        r->p++;
        for (int i = 0; i < natt; i++)
            if (att[i].len == att[natt].len && memcmp(att[i].name, att[natt].name, att[i].len) == 0)
                return mktows_r_fail(r, "attribute given twice");
        natt++;
    }
    /* Declarations first: they apply to the element and its attributes. */
    int outer_nns = r->nns, outer_dflt = r->dflt;
    for (int i = 0; i < natt; i++) {
        size_t plen;
        const char *prefix;
        if (att[i].len == 5 && memcmp(att[i].name, "xmlns", 5) == 0 && !att[i].colon) {
            prefix = NULL;
            plen = 0;
        } else if (att[i].colon && att[i].colon - att[i].name == 5 && memcmp(att[i].name, "xmlns", 5) == 0) {
            prefix = att[i].colon + 1;
            plen = att[i].len - 6;
            if (att[i].vlen == 0)
                return mktows_r_fail(r, "prefix undeclared");
        } else {
            continue;
        }
        if (r->nns == MKTOWS_R_MAX_NS)
            return mktows_r_fail(r, "too many namespace declarations");
        r->nsd[r->nns].prefix = prefix;
        r->nsd[r->nns].len = plen;
        r->nsd[r->nns].ns = att[i].vlen == 0 ? MKTOWS_R_NS_NONE : s_uri(att[i].value, att[i].vlen);
        if (plen == 0)
            r->dflt = r->nsd[r->nns].ns;
        r->nns++;
    }
    int nil = 0;
    for (int i = 0; i < natt; i++) {
        if (att[i].len >= 5 && memcmp(att[i].name, "xmlns", 5) == 0 && (att[i].len == 5 || att[i].colon == att[i].name + 5))
            continue;
        if (!att[i].colon || s_resolve(r, att[i].name, (size_t)(att[i].colon - att[i].name)) != MKTOWS_R_NS_XSI ||
            att[i].len - (size_t)(att[i].colon + 1 - att[i].name) != 3 || memcmp(att[i].colon + 1, "nil", 3) != 0)
            return mktows_r_fail(r, "attribute");
        const char *v = att[i].value;
        size_t n = att[i].vlen;
        if ((n == 4 && memcmp(v, "true", 4) == 0) || (n == 1 && v[0] == '1'))
            nil = 1;
        else if (!((n == 5 && memcmp(v, "false", 5) == 0) || (n == 1 && v[0] == '0')))
            return mktows_r_fail(r, "xsi:nil value");
    }
    int ns;
    if (colon) {
        ns = s_resolve(r, name, (size_t)(colon - name));
        if (ns < 0)
            return mktows_r_fail(r, "undeclared prefix");
        r->local = colon + 1;
        r->local_len = name_len - (size_t)(colon + 1 - name);
    } else {
        ns = s_resolve(r, NULL, 0);
        r->local = name;
        r->local_len = name_len;
    }
    r->prefixed = colon != NULL;
    r->ns = ns;
    r->nil = nil;
    r->empty = empty;
    r->open[r->depth].name = name;
    r->open[r->depth].len = name_len;
    r->open[r->depth].nns = outer_nns;
    r->open[r->depth].dflt = outer_dflt;
    r->depth++;
    return 1;
}

int mktows_r_close(mktows_r *r)
{
    if (r->gave_up)
        return -1;
    if (r->depth <= 0)
        return mktows_r_fail(r, "close without open");
    if (r->empty) {
        r->empty = 0;
    } else {
        const char *name = r->open[r->depth - 1].name;
        size_t len = r->open[r->depth - 1].len;
        s_skip_ws(r);
        if ((size_t)(r->end - r->p) < len + 3 || r->p[0] != '<' || r->p[1] != '/' || memcmp(r->p + 2, name, len) != 0)
            return mktows_r_fail(r, "end tag");
        r->p += 2 + len;
        s_skip_ws(r);
        if (r->p >= r->end || *r->p != '>')
            return mktows_r_fail(r, "end tag");
        r->p++;
    }
    r->depth--;
    r->nns = r->open[r->depth].nns;
    r->dflt = r->open[r->depth].dflt;
    return 0;
}

/* UTF-8 length of a valid sequence at s (RFC 3629: shortest form, no surrogates, up to U+10FFFF),
 * 0 when not valid. */
static size_t s_utf8(const unsigned char *s, const unsigned char *end)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - s) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* A reference at s ('&'): its length through ';' and its code point, 0 when given up on. */
static size_t s_ref(const char *s, const char *end, uint32_t *cp)
{
    const char *semi = NULL;
    /* soap_char() reads at most 7 bytes looking for ';': the name may have 6. */
    for (const char *t = s + 1; t < end && t <= s + 7; t++) {
        if (*t == ';') {
            semi = t;
            break;
        }
    }
    if (!semi)
        return 0;
    const char *b = s + 1;
    size_t n = (size_t)(semi - b);
#define S_IS(lit) (n == sizeof(lit) - 1 && memcmp(b, lit, n) == 0)
    if (S_IS("lt"))
        *cp = '<';
    else if (S_IS("gt"))
        *cp = '>';
    else if (S_IS("amp"))
        *cp = '&';
    else if (S_IS("quot"))
        *cp = '"';
    else if (S_IS("apos"))
        *cp = '\'';
#undef S_IS
    else if (n >= 2 && b[0] == '#') {
        uint32_t v = 0;
        if (b[1] == 'x' || b[1] == 'X') {
            if (n < 3)
                return 0;
            for (size_t i = 2; i < n; i++) {
                char c = b[i];
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0)
                    return 0;
                v = v * 16 + (uint32_t)d;
            }
        } else {
            for (size_t i = 1; i < n; i++) {
                if (b[i] < '0' || b[i] > '9')
                    return 0;
                v = v * 10 + (uint32_t)(b[i] - '0');
            }
        }
        /* at most 5 digits: no overflow. Zero ends gSOAP's string; surrogates and beyond
         * U+10FFFF are not characters. */
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
    } else {
        return 0;
    }
    return (size_t)(semi - s) + 1;
}

enum { S_TEXT_AMP = 1, S_TEXT_NONWS = 2, S_TEXT_SLASH_GT = 4 };

/* Text from r->p up to the next '<' (which must follow): checked, flags S_TEXT_*. */
static int s_text(mktows_r *r, const char **start, size_t *len, int *flags)
{
    const char *s = r->p;
    const char *end = r->end;
    int f = 0;
    for (;;) {
        const char *run = s;
        while (s < end && (s_cls[(unsigned char)*s] & S_PLAIN))
            s++;
        if (s > run)
            f |= S_TEXT_NONWS;
        if (s >= end)
            return mktows_r_fail(r, "end of input in text");
        unsigned char c = (unsigned char)*s;
        if (c == '<')
            break;
        if (s_cls[c] & S_WS) {
            s++;
        } else if (c == '&') {
            uint32_t cp;
            size_t n = s_ref(s, end, &cp);
            if (!n)
                return mktows_r_fail(r, "reference");
            f |= S_TEXT_AMP | S_TEXT_NONWS;
            s += n;
        } else if (c == '/') {
            f |= S_TEXT_NONWS;
            if (s + 1 < end && s[1] == '>')
                f |= S_TEXT_SLASH_GT;
            s++;
        } else if (c >= 0x80) {
            size_t n = s_utf8((const unsigned char *)s, (const unsigned char *)end);
            if (!n)
                return mktows_r_fail(r, "not UTF-8");
            f |= S_TEXT_NONWS;
            s += n;
        } else {
            return mktows_r_fail(r, "control character");
        }
    }
    *start = r->p;
    *len = (size_t)(s - r->p);
    *flags = f;
    r->p = s;
    return 0;
}

/* The content of an element that may not have elements: text, then its end tag must follow. */
static int s_leaf_text(mktows_r *r, const char **start, size_t *len, int *flags)
{
    if (s_text(r, start, len, flags))
        return -1;
    if (r->end - r->p < 2 || r->p[1] != '/')
        return mktows_r_fail(r, "element inside a value");
    return 0;
}

static int s_skip_content(mktows_r *r)
{
    int base = r->depth;
    if (r->empty)
        return mktows_r_close(r);
    for (;;) {
        const char *t;
        size_t n;
        int f;
        if (s_text(r, &t, &n, &f))
            return -1;
        if (f & S_TEXT_SLASH_GT) /* gSOAP's skipping counts "/>" in text as the end of an element */
            return mktows_r_fail(r, "/> in skipped text");
        if (r->end - r->p >= 2 && r->p[1] == '/') {
            if (mktows_r_close(r))
                return -1;
            if (r->depth < base)
                return 0;
            continue;
        }
        int c = mktows_r_open(r);
        if (c < 0)
            return -1;
        if (r->empty && mktows_r_close(r))
            return -1;
    }
}

int mktows_r_skip(mktows_r *r)
{
    if (r->gave_up)
        return -1;
    if (r->prefixed || (r->ns != MKTOWS_R_NS_NONE && r->ns != MKTOWS_R_NS_MKT))
        return mktows_r_fail(r, "unknown qualified element");
    return s_skip_content(r);
}

int mktows_r_skip_nil(mktows_r *r)
{
    if (r->gave_up)
        return -1;
    if (!r->empty) {
        const char *t;
        size_t n;
        int f;
        if (s_leaf_text(r, &t, &n, &f))
            return -1;
        if (f & S_TEXT_NONWS)
            return mktows_r_fail(r, "content in a nil element");
    }
    return mktows_r_close(r);
}

void *mktows_r_alloc(mktows_r *r, size_t size)
{
    void *p = soap_malloc(r->soap, size);
    if (!p)
        mktows_r_fail(r, "no memory");
    return p;
}

static char *s_put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

int mktows_r_string(mktows_r *r, char **out)
{
    if (r->gave_up)
        return -1;
    if (r->nil) {
        *out = NULL;
        return mktows_r_skip_nil(r);
    }
    const char *t = "";
    size_t n = 0;
    int f = 0;
    if (!r->empty && s_leaf_text(r, &t, &n, &f))
        return -1;
    /* A reference is never shorter than what it stands for. */
    char *s = mktows_r_alloc(r, n + 1);
    if (!s)
        return -1;
    if (!(f & S_TEXT_AMP)) {
        memcpy(s, t, n);
        s[n] = '\0';
    } else {
        char *o = s;
        const char *e = t + n;
        while (t < e) {
            const char *amp = memchr(t, '&', (size_t)(e - t));
            if (!amp) {
                memcpy(o, t, (size_t)(e - t));
                o += e - t;
                break;
            }
            memcpy(o, t, (size_t)(amp - t));
            o += amp - t;
            uint32_t cp = 0;
            size_t k = s_ref(amp, e, &cp);
            o = s_put_utf8(o, cp);
            t = amp + k;
        }
        *o = '\0';
    }
    *out = s;
    return mktows_r_close(r);
}

int mktows_r_value(mktows_r *r, const char **out)
{
    if (r->gave_up)
        return -1;
    const char *t = "";
    size_t n = 0;
    int f = 0;
    if (!r->empty && s_leaf_text(r, &t, &n, &f))
        return -1;
    if (f & S_TEXT_AMP)
        return mktows_r_fail(r, "reference in a value");
    while (n && s_ws((unsigned char)*t)) {
        t++;
        n--;
    }
    while (n && s_ws((unsigned char)t[n - 1]))
        n--;
    if (n > MKTOWS_R_MAX_VALUE)
        return mktows_r_fail(r, "long value");
    memcpy(r->value, t, n);
    r->value[n] = '\0';
    *out = r->value;
    return mktows_r_close(r);
}

void *mktows_r_push(mktows_r *r, mktows_r_vec *v, size_t size)
{
    if (r->gave_up)
        return NULL;
    if (v->n >= (size_t)(r->soap->maxoccurs > 0 ? r->soap->maxoccurs : 100000) - 1) {
        mktows_r_fail(r, "too many items");
        return NULL;
    }
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        char *d = mktows_r_alloc(r, cap * size);
        if (!d)
            return NULL;
        if (v->n)
            memcpy(d, v->data, v->n * size);
        /* the old block stays in the soap context until soap_end() */
        v->data = d;
        v->cap = cap;
    }
    void *slot = v->data + v->n * size;
    memset(slot, 0, size);
    v->n++;
    return slot;
}

int mktows_r_usable(const struct soap *soap)
{
    const soap_mode not_followed = SOAP_XML_DOM | SOAP_XML_IGNORENS | SOAP_ENC_LATIN |
                                   SOAP_C_MBSTRING | SOAP_XML_GRAPH | SOAP_ENC_MTOM | SOAP_ENC_DIME | SOAP_ENC_MIME;
    /* strict: only with the fignore that skips unknown elements (strict without it refuses them) */
    int strict = (soap->imode & SOAP_XML_STRICT) != 0;
    int ignore_ok = strict ? soap->fignore == mktows_r_ignore_unknown : !soap->fignore;
    return !(soap->imode & not_followed) && (soap->imode & SOAP_C_UTFSTRING) && ignore_ok &&
           !soap->fsvalidate && !soap->fwvalidate && !soap->feltbegin && !soap->feltendin && !soap->fheader &&
           soap->maxlength <= 0 && !soap->fmimereadopen && !soap->fdimereadopen;
}

/* The XML declaration, if any: its encoding must be UTF-8 (gSOAP switches to Latin-1 for others). */
static int s_prolog(mktows_r *r)
{
    s_skip_ws(r);
    if (r->end - r->p >= 5 && memcmp(r->p, "<?xml", 5) == 0 && (r->end - r->p == 5 || s_ws((unsigned char)r->p[5]))) {
        const char *s = r->p + 5;
        const char *q = NULL;
        for (const char *t = s; t + 1 < r->end; t++) {
            if (*t == '<' || *t == '>')
                break;
            if (t[0] == '?' && t[1] == '>') {
                q = t;
                break;
            }
        }
        /* gSOAP looks at the first 63 bytes only; a declaration that long is unusual. */
        if (!q || q - r->p > 60)
            return mktows_r_fail(r, "XML declaration");
        for (const char *t = s; t < q; t++) {
            unsigned char c = (unsigned char)*t;
            if (c < 0x20 && !s_ws(c))
                return mktows_r_fail(r, "XML declaration");
        }
        const char *enc = NULL;
        for (const char *t = s; t + 9 <= q; t++)
            if (memcmp(t, "encoding", 8) == 0) {
                enc = t;
                break;
            }
        if (enc) {
            if (enc[-1] != ' ' || enc[8] != '=' || enc + 15 > q || (enc[9] != '"' && enc[9] != '\'') ||
                strncasecmp(enc + 10, "utf-8", 5) != 0 || enc[15] != enc[9])
                return mktows_r_fail(r, "encoding not UTF-8");
        }
        r->p = q + 2;
        s_skip_ws(r);
    }
    if (r->p < r->end && r->p[0] != '<')
        return mktows_r_fail(r, "prolog");
    if (r->end - r->p >= 2 && (r->p[1] == '?' || r->p[1] == '!'))
        return mktows_r_fail(r, "prolog");
    return 0;
}

int mktows_r_begin(mktows_r *r, struct soap *soap, const char *local, size_t local_len)
{
    if (soap->error || soap->status != 200 || soap->length == 0 || soap->length > sizeof soap->buf || soap->ahead ||
        soap->peeked || soap->cdata || (soap->mode & (SOAP_ENC_ZLIB | SOAP_ENC_DIME | SOAP_ENC_MIME | SOAP_ENC_LATIN)) ||
        (soap->mode & SOAP_IO) == SOAP_IO_CHUNK || soap->zlib_in != SOAP_ZLIB_NONE || soap->bufidx > soap->buflen)
        return 0;
    size_t need = (size_t)soap->length;
    size_t have = soap->buflen - soap->bufidx;
    if (have < need) {
        /* The rest of the body from the socket into soap->buf after what is there, as soap_recv_raw()
         * would have read it: the trace hook sees it and soap->count counts it. */
        if (soap->recv_maxlength && soap->count + (need - have) > soap->recv_maxlength)
            return 0;
        if (soap->bufidx + need > sizeof soap->buf) {
            memmove(soap->buf, soap->buf + soap->bufidx, have);
            soap->bufidx = 0;
            soap->buflen = have;
        }
        while (soap->buflen - soap->bufidx < need) {
            size_t n = soap->frecv(soap, soap->buf + soap->buflen, sizeof soap->buf - soap->buflen);
            if (!n)
                return 0; /* gSOAP's own read sees the end or the timeout */
            if (soap->fpreparerecv) {
                int err = soap->fpreparerecv(soap, soap->buf + soap->buflen, n);
                if (err) {
                    soap->buflen += n;
                    soap->count += n;
                    soap->error = err;
                    return -1;
                }
            }
            soap->buflen += n;
            soap->count += n;
        }
    }
    mktows_r_init(r, soap, soap->buf + soap->bufidx, soap->buf + soap->bufidx + need);
    if (s_prolog(r) || mktows_r_open(r) != 1)
        return 0;
    if (r->local_len != 8 || memcmp(r->local, "Envelope", 8) != 0 || r->ns != MKTOWS_R_NS_ENV || r->nil || r->empty)
        return mktows_r_fail(r, "not a SOAP 1.1 envelope"), 0;
    if (mktows_r_open(r) != 1)
        return 0;
    if (r->local_len != 4 || memcmp(r->local, "Body", 4) != 0 || r->ns != MKTOWS_R_NS_ENV || r->nil || r->empty)
        return mktows_r_fail(r, "no Body (a SOAP Header?)"), 0;
    if (mktows_r_open(r) != 1)
        return 0;
    if (r->local_len != local_len || memcmp(r->local, local, local_len) != 0 || r->ns != MKTOWS_R_NS_MKT || r->nil)
        return mktows_r_fail(r, "not the response element (a Fault?)"), 0;
    return 1;
}

int mktows_r_finish(mktows_r *r, int *status)
{
    struct soap *soap = r->soap;
    /* </Body></Envelope> and whitespace only */
    if (r->gave_up || r->depth != 2 || mktows_r_open(r) != 0 || mktows_r_close(r) || mktows_r_open(r) != 0 ||
        mktows_r_close(r))
        return mktows_r_fail(r, "more than the response element in Body or Envelope");
    s_skip_ws(r);
    if (r->p != r->end)
        return mktows_r_fail(r, "after the envelope");
    soap->bufidx = (size_t)(r->end - soap->buf);
    soap->version = 1;
    soap->level = 0;
    soap->error = SOAP_OK;
    r->fast++;
    /* As the stub ends: soap_end_recv(), then soap_closesock() whatever it returned. */
    (void)soap_end_recv(soap);
    *status = soap_closesock(soap);
    return 0;
}

void mktows_r_abandon(mktows_r *r)
{
    r->fallback++;
    if (r->soap)
        r->soap->error = SOAP_OK;
}
