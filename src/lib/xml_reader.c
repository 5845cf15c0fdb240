/* A small, strict XML reader (see private/xml_reader.h). Recursive descent over a buffer held in memory; every
 * allocation comes from one arena that mktows_xml_doc_free_() releases at once. */
#include "private/xml_reader.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_MAX_DEPTH 256

typedef struct s_block {
    struct s_block *next;
    size_t used, size;
    max_align_t data[];
} s_block;

struct mktows_xml_doc {
    s_block *blocks;
    mktows_xml_node *root;
};

typedef struct s_parser {
    mktows_xml_doc *doc;
    const char *s;
    size_t len, pos;
    char *err;
    size_t err_size;
    int failed;
    int oom;       /* an allocation failed: the error is "out of memory" */
    /* incremental line counting for node positions */
    size_t lc_pos;
    int lc_line, lc_col;
} s_parser;

typedef struct s_buf {
    char *p;
    size_t n, cap;
    int oom;       /* an append failed: the content is incomplete */
} s_buf;

/* ---- memory ---- */

/* Record that an allocation failed (the first error wins, as for s_fail_at); returns -1. */
static int s_oom(s_parser *p)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    p->oom = 1;
    snprintf(p->err, p->err_size, "out of memory");
    return -1;
}

/* Zeroed memory from the document's arena; NULL (after s_oom) when it cannot grow. */
static void *s_alloc(s_parser *p, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    s_block *b = p->doc->blocks;
    if (!b || b->size - b->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        b = malloc(sizeof *b + cap);
        if (!b) {
            s_oom(p);
            return NULL;
        }
        b->size = cap;
        b->used = 0;
        b->next = p->doc->blocks;
        p->doc->blocks = b;
    }
    void *r = (char *)b->data + b->used;
    b->used += size;
    memset(r, 0, size);
    return r;
}

static char *s_strndup(s_parser *p, const char *s, size_t n)
{
    char *r = s_alloc(p, n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

/* Append to a temporary buffer; after a failed allocation it only sets b->oom, which whoever
 * finishes the buffer checks (s_buf_finish). */
static void s_buf_add(s_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* The content of @p b copied into the arena (NULL after s_oom); frees @p b. */
static char *s_buf_finish(s_parser *p, s_buf *b)
{
    char *r = NULL;
    if (b->oom)
        s_oom(p);
    else
        r = s_strndup(p, b->p ? b->p : "", b->n);
    free(b->p);
    b->p = NULL;
    return r;
}

/* ---- positions and errors ---- */

static void s_position(s_parser *p, size_t pos, int *line, int *col)
{
    if (pos < p->lc_pos) {
        p->lc_pos = 0;
        p->lc_line = 1;
        p->lc_col = 1;
    }
    for (; p->lc_pos < pos && p->lc_pos < p->len; p->lc_pos++) {
        unsigned char c = (unsigned char)p->s[p->lc_pos];
        if (c == '\n') {
            p->lc_line++;
            p->lc_col = 1;
        } else if ((c & 0xC0) != 0x80) { /* count characters, not UTF-8 continuation bytes */
            p->lc_col++;
        }
    }
    *line = p->lc_line;
    *col = p->lc_col;
}

__attribute__((format(printf, 3, 4)))
static int s_fail_at(s_parser *p, size_t pos, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    int line, col;
    s_position(p, pos, &line, &col);
    int n = snprintf(p->err, p->err_size, "line %d, column %d: ", line, col);
    if (n < 0 || (size_t)n >= p->err_size)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

#define S_FAIL(p, ...) s_fail_at((p), (p)->pos, __VA_ARGS__)

/* ---- characters ---- */

static int s_eof(const s_parser *p) { return p->pos >= p->len; }
static int s_peek(const s_parser *p) { return s_eof(p) ? -1 : (unsigned char)p->s[p->pos]; }
static int s_starts(const s_parser *p, const char *lit)
{
    size_t n = strlen(lit);
    return p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0;
}
static int s_is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static void s_skip_space(s_parser *p)
{
    while (!s_eof(p) && s_is_space(s_peek(p)))
        p->pos++;
}

/* Length of the valid UTF-8 sequence at s[0..avail) encoding an XML 1.0 Char, or 0. */
static size_t s_char_len(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
    }
    size_t n;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)))
        return 0; /* overlong or out of range */
    if ((v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFE || v == 0xFFFF)
        return 0; /* surrogates and non-characters are not XML Chars */
    *cp = v;
    return n;
}

/* Check the character at the current position and return its byte length (0 after an error). */
static size_t s_char(s_parser *p)
{
    uint32_t cp;
    size_t n = s_char_len((const unsigned char *)p->s + p->pos, p->len - p->pos, &cp);
    if (n == 0) {
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c < 0x80)
            S_FAIL(p, "character U+%04X is not allowed in XML", c);
        else
            S_FAIL(p, "invalid UTF-8 byte 0x%02X", c);
    }
    return n;
}

static void s_utf8_put(s_buf *b, uint32_t v)
{
    char u[4];
    size_t n;
    if (v < 0x80) {
        u[0] = (char)v;
        n = 1;
    } else if (v < 0x800) {
        u[0] = (char)(0xC0 | (v >> 6));
        u[1] = (char)(0x80 | (v & 0x3F));
        n = 2;
    } else if (v < 0x10000) {
        u[0] = (char)(0xE0 | (v >> 12));
        u[1] = (char)(0x80 | ((v >> 6) & 0x3F));
        u[2] = (char)(0x80 | (v & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (v >> 18));
        u[1] = (char)(0x80 | ((v >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((v >> 6) & 0x3F));
        u[3] = (char)(0x80 | (v & 0x3F));
        n = 4;
    }
    s_buf_add(b, u, n);
}

/* At '&': append the replacement text of an entity or character reference. */
static int s_reference(s_parser *p, s_buf *b)
{
    size_t start = p->pos;
    size_t avail = p->len - p->pos;
    const char *semi = memchr(p->s + p->pos, ';', avail < 16 ? avail : 16);
    if (!semi)
        return S_FAIL(p, "'&' must start an entity or character reference (write &amp;)");
    const char *name = p->s + p->pos + 1;
    size_t n = (size_t)(semi - name);
    static const struct { const char *name; char c; } ents[] = {
        { "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "apos", '\'' }, { "quot", '"' }
    };
    for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
        if (strlen(ents[i].name) == n && memcmp(name, ents[i].name, n) == 0) {
            s_buf_add(b, &ents[i].c, 1);
            p->pos = (size_t)(semi - p->s) + 1;
            return 0;
        }
    }
    if (n >= 2 && name[0] == '#') {
        uint32_t v = 0;
        int hex = name[1] == 'x';
        size_t i = hex ? 2 : 1;
        if (i == n)
            return s_fail_at(p, start, "empty character reference");
        for (; i < n; i++) {
            char c = name[i];
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return s_fail_at(p, start, "bad character reference '&%.*s;'", (int)n, name);
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFF)
                return s_fail_at(p, start, "character reference '&%.*s;' is out of range", (int)n, name);
        }
        if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || (v >= 0xD800 && v <= 0xDFFF) ||
            v == 0xFFFE || v == 0xFFFF)
            return s_fail_at(p, start, "character reference '&%.*s;' is not an XML character", (int)n, name);
        s_utf8_put(b, v);
        p->pos = (size_t)(semi - p->s) + 1;
        return 0;
    }
    return s_fail_at(p, start, "unknown entity '&%.*s;' (only the five predefined entities are allowed)",
                     (int)n, name);
}

static int s_name_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
static int s_name_char(int c)
{
    return s_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* A Name at the current position; returns its length (0 after an error). */
static size_t s_name(s_parser *p, const char *what)
{
    size_t start = p->pos;
    if (s_eof(p)) {
        S_FAIL(p, "unexpected end of input in %s (truncated?)", what);
        return 0;
    }
    int c = s_peek(p);
    if (!s_name_start(c)) {
        if (c <= ' ' || c == 0x7f)
            S_FAIL(p, "expected %s, found U+%04X", what, (unsigned)c);
        else
            S_FAIL(p, "expected %s, found '%c'", what, c);
        return 0;
    }
    while (!s_eof(p) && s_name_char(s_peek(p)))
        p->pos++;
    return p->pos - start;
}

/* Skip a comment or processing instruction at the current position. */
static int s_misc(s_parser *p)
{
    size_t start = p->pos;
    const char *end_lit = s_starts(p, "<!--") ? "-->" : "?>";
    p->pos += s_starts(p, "<!--") ? 4 : 2;
    while (!s_eof(p) && !s_starts(p, end_lit)) {
        size_t n = s_char(p);
        if (!n)
            return -1;
        p->pos += n;
    }
    if (s_eof(p))
        return s_fail_at(p, start, "unexpected end of input in a %s (truncated?)",
                         end_lit[0] == '-' ? "comment" : "processing instruction");
    p->pos += strlen(end_lit);
    return 0;
}

/* ---- namespaces ---- */

static const mktows_xml_ns s_xml_ns = { "xml", "http://www.w3.org/XML/1998/namespace", NULL };

static const char *s_lookup(const mktows_xml_ns *scope, const char *prefix, size_t n)
{
    for (const mktows_xml_ns *b = scope; b; b = b->next)
        if (strlen(b->prefix) == n && memcmp(b->prefix, prefix, n) == 0)
            return b->uri;
    return NULL;
}

int mktows_xml_resolve_qname_(const mktows_xml_node *node, const char *value, const char **ns,
                             const char **local)
{
    while (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r')
        value++;
    const char *colon = strchr(value, ':');
    if (!colon) {
        const char *uri = s_lookup(node->scope, "", 0);
        *ns = uri && *uri ? uri : NULL;
        *local = value;
    } else {
        const char *uri = s_lookup(node->scope, value, (size_t)(colon - value));
        if (!uri || !*uri)
            return -1;
        *ns = uri;
        *local = colon + 1;
    }
    return **local ? 0 : -1;
}

const char *mktows_xml_attr_value_(const mktows_xml_node *node, const char *ns, const char *local)
{
    for (const mktows_xml_attr *a = node->attrs; a; a = a->next)
        if (strcmp(a->local, local) == 0 && ((!ns && !a->ns) || (ns && a->ns && strcmp(ns, a->ns) == 0)))
            return a->value;
    return NULL;
}

/* ---- elements ---- */

typedef struct s_raw_attr {
    const char *qname;
    size_t qlen;
    char *value;
    size_t pos;
} s_raw_attr;

static int s_attr_value(s_parser *p, s_buf *b)
{
    int q = s_peek(p);
    if (q != '"' && q != '\'')
        return S_FAIL(p, "attribute value must be quoted");
    size_t start = p->pos++;
    for (;;) {
        if (s_eof(p))
            return s_fail_at(p, start, "unexpected end of input in an attribute value (truncated?)");
        int c = s_peek(p);
        if (c == q) {
            p->pos++;
            return 0;
        }
        if (c == '<')
            return S_FAIL(p, "'<' is not allowed in an attribute value");
        if (c == '&') {
            if (s_reference(p, b))
                return -1;
            continue;
        }
        size_t n = s_char(p);
        if (!n)
            return -1;
        if (c == '\t' || c == '\n' || c == '\r')
            s_buf_add(b, " ", 1); /* attribute-value normalization */
        else
            s_buf_add(b, p->s + p->pos, n);
        p->pos += n;
    }
}

/* Split a QName into prefix and local part and resolve it. Element names use the default
 * namespace; attribute names do not. */
static int s_resolve(s_parser *p, const mktows_xml_ns *scope, const char *q, size_t n, size_t pos,
                     int is_attr, const char **ns, const char **local)
{
    const char *colon = memchr(q, ':', n);
    if (!colon) {
        const char *uri = is_attr ? NULL : s_lookup(scope, "", 0);
        *ns = uri && *uri ? uri : NULL;
        *local = s_strndup(p, q, n);
        return *local ? 0 : -1;
    }
    size_t pn = (size_t)(colon - q);
    if (pn == 0 || pn + 1 == n || memchr(colon + 1, ':', n - pn - 1))
        return s_fail_at(p, pos, "'%.*s' is not a valid qualified name", (int)n, q);
    const char *uri = s_lookup(scope, q, pn);
    if (!uri || !*uri)
        return s_fail_at(p, pos, "namespace prefix '%.*s' is not declared", (int)pn, q);
    *ns = uri;
    *local = s_strndup(p, colon + 1, n - pn - 1);
    return *local ? 0 : -1;
}

static mktows_xml_node *s_element(s_parser *p, const mktows_xml_ns *scope, int depth);

/* Content of an element up to and including its end tag. */
/* A byte of plain text: printable ASCII but '<', '&' and ']', or tab or line feed. */
static inline int s_plain(unsigned char c)
{
    return (c >= 0x20 && c < 0x7f && c != '<' && c != '&' && c != ']') || c == '\t' || c == '\n';
}

static int s_content(s_parser *p, mktows_xml_node *e, const char *qname, size_t qlen, int depth)
{
    s_buf text = { 0 };
    mktows_xml_node **tail = &e->children;
    int rc = -1;
    for (;;) {
        if (s_eof(p)) {
            s_fail_at(p, p->len, "unexpected end of input: element <%.*s> (line %d) is not closed (truncated?)",
                      (int)qlen, qname, e->line);
            break;
        }
        int c = s_peek(p);
        if (c == '<') {
            if (s_starts(p, "</")) {
                size_t end_pos = p->pos;
                p->pos += 2;
                size_t start = p->pos;
                size_t n = s_name(p, "an end tag name");
                if (!n)
                    break;
                if (s_eof(p)) {
                    s_fail_at(p, p->len, "unexpected end of input in end tag </%.*s (truncated?)", (int)n,
                              p->s + start);
                    break;
                }
                if (n != qlen || memcmp(p->s + start, qname, n) != 0) {
                    s_fail_at(p, end_pos, "end tag </%.*s> does not match start tag <%.*s> (line %d)",
                              (int)n, p->s + start, (int)qlen, qname, e->line);
                    break;
                }
                s_skip_space(p);
                if (s_eof(p)) {
                    s_fail_at(p, p->len, "unexpected end of input in end tag </%.*s> (truncated?)", (int)qlen,
                              qname);
                    break;
                }
                if (s_peek(p) != '>') {
                    S_FAIL(p, "expected '>' to close end tag </%.*s>", (int)qlen, qname);
                    break;
                }
                p->pos++;
                rc = 0;
                break;
            }
            if (s_starts(p, "<![CDATA[")) {
                size_t start = p->pos;
                p->pos += 9;
                while (!s_eof(p) && !s_starts(p, "]]>")) {
                    size_t n = s_char(p);
                    if (!n)
                        goto out;
                    s_buf_add(&text, p->s + p->pos, n);
                    p->pos += n;
                }
                if (s_eof(p)) {
                    s_fail_at(p, start, "unexpected end of input in a CDATA section (truncated?)");
                    break;
                }
                p->pos += 3;
                continue;
            }
            if (s_starts(p, "<!--") || s_starts(p, "<?")) {
                if (s_misc(p))
                    break;
                continue;
            }
            if (s_starts(p, "<!")) {
                S_FAIL(p, "markup declarations are not allowed in content");
                break;
            }
            mktows_xml_node *child = s_element(p, e->scope, depth + 1);
            if (!child)
                break;
            *tail = child;
            tail = &child->next;
            continue;
        }
        if (c == '&') {
            if (s_reference(p, &text))
                break;
            continue;
        }
        if (c == ']' && s_starts(p, "]]>")) {
            S_FAIL(p, "']]>' is not allowed in content");
            break;
        }
        if (c == '\r') { /* end-of-line normalization: \r\n and \r become \n */
            s_buf_add(&text, "\n", 1);
            p->pos += (p->pos + 1 < p->len && p->s[p->pos + 1] == '\n') ? 2 : 1;
            continue;
        }
        /* A run of plain ASCII text (no markup, reference, ']', CR, control or non-ASCII byte,
         * which the character-by-character path below checks) is taken whole. */
        size_t run = p->pos;
        while (run < p->len && s_plain((unsigned char)p->s[run]))
            run++;
        if (run > p->pos) {
            s_buf_add(&text, p->s + p->pos, run - p->pos);
            p->pos = run;
            continue;
        }
        size_t n = s_char(p);
        if (!n)
            break;
        s_buf_add(&text, p->s + p->pos, n);
        p->pos += n;
    }
out:
    if (rc == 0) {
        e->text_len = text.n;
        if (!(e->text = s_buf_finish(p, &text)))
            rc = -1;
    }
    free(text.p);
    return rc;
}

static mktows_xml_node *s_element(s_parser *p, const mktows_xml_ns *scope, int depth)
{
    if (depth > S_MAX_DEPTH) {
        S_FAIL(p, "elements are nested more than %d deep", S_MAX_DEPTH);
        return NULL;
    }
    size_t tag_pos = p->pos;
    p->pos++; /* '<' */
    const char *qname = p->s + p->pos;
    size_t qlen = s_name(p, "an element name");
    if (!qlen)
        return NULL;
    mktows_xml_node *e = s_alloc(p, sizeof *e);
    if (!e)
        return NULL;
    s_position(p, tag_pos, &e->line, &e->column);
    if (!(e->qname = s_strndup(p, qname, qlen)))
        return NULL;

    /* Attributes: collect first, since xmlns declarations apply to the element's own name. */
    s_raw_attr attrs[64];
    size_t nattrs = 0;
    int empty = 0;
    for (;;) {
        size_t before = p->pos;
        s_skip_space(p);
        if (s_eof(p)) {
            s_fail_at(p, p->len, "unexpected end of input in start tag <%.*s> (truncated?)", (int)qlen, qname);
            return NULL;
        }
        if (s_starts(p, "/>")) {
            p->pos += 2;
            empty = 1;
            break;
        }
        if (s_peek(p) == '>') {
            p->pos++;
            break;
        }
        if (p->pos == before) {
            S_FAIL(p, "expected white space, '>' or '/>' in start tag <%.*s>", (int)qlen, qname);
            return NULL;
        }
        if (nattrs == sizeof attrs / sizeof attrs[0]) {
            S_FAIL(p, "too many attributes on <%.*s>", (int)qlen, qname);
            return NULL;
        }
        s_raw_attr *a = &attrs[nattrs];
        a->pos = p->pos;
        a->qname = p->s + p->pos;
        a->qlen = s_name(p, "an attribute name");
        if (!a->qlen)
            return NULL;
        for (size_t i = 0; i < nattrs; i++)
            if (attrs[i].qlen == a->qlen && memcmp(attrs[i].qname, a->qname, a->qlen) == 0) {
                s_fail_at(p, a->pos, "duplicate attribute '%.*s'", (int)a->qlen, a->qname);
                return NULL;
            }
        s_skip_space(p);
        if (s_peek(p) != '=') {
            if (s_eof(p))
                s_fail_at(p, p->len, "unexpected end of input in start tag <%.*s> (truncated?)", (int)qlen, qname);
            else
                S_FAIL(p, "expected '=' after attribute name '%.*s'", (int)a->qlen, a->qname);
            return NULL;
        }
        p->pos++;
        s_skip_space(p);
        s_buf v = { 0 };
        if (s_attr_value(p, &v)) {
            free(v.p);
            return NULL;
        }
        if (!(a->value = s_buf_finish(p, &v)))
            return NULL;
        nattrs++;
    }

    /* Namespace declarations. */
    for (size_t i = 0; i < nattrs; i++) {
        s_raw_attr *a = &attrs[i];
        const char *prefix;
        if (a->qlen == 5 && memcmp(a->qname, "xmlns", 5) == 0)
            prefix = "";
        else if (a->qlen > 6 && memcmp(a->qname, "xmlns:", 6) == 0)
            prefix = s_strndup(p, a->qname + 6, a->qlen - 6);
        else
            continue;
        if (!prefix)
            return NULL;
        if (*prefix && !*a->value) {
            s_fail_at(p, a->pos, "namespace prefix '%s' cannot be undeclared", prefix);
            return NULL;
        }
        mktows_xml_ns *b = s_alloc(p, sizeof *b);
        if (!b)
            return NULL;
        b->prefix = prefix;
        b->uri = a->value;
        b->next = scope;
        scope = b;
    }
    e->scope = scope;
    if (s_resolve(p, scope, qname, qlen, tag_pos + 1, 0, &e->ns, &e->local))
        return NULL;

    mktows_xml_attr **atail = &e->attrs;
    for (size_t i = 0; i < nattrs; i++) {
        s_raw_attr *a = &attrs[i];
        if ((a->qlen == 5 && memcmp(a->qname, "xmlns", 5) == 0) ||
            (a->qlen > 6 && memcmp(a->qname, "xmlns:", 6) == 0))
            continue;
        mktows_xml_attr *r = s_alloc(p, sizeof *r);
        if (!r || s_resolve(p, scope, a->qname, a->qlen, a->pos, 1, &r->ns, &r->local))
            return NULL;
        for (mktows_xml_attr *o = e->attrs; o; o = o->next)
            if (strcmp(o->local, r->local) == 0 && o->ns && r->ns && strcmp(o->ns, r->ns) == 0) {
                s_fail_at(p, a->pos, "duplicate attribute '%.*s'", (int)a->qlen, a->qname);
                return NULL;
            }
        r->value = a->value;
        *atail = r;
        atail = &r->next;
    }

    if (empty) {
        e->text = s_strndup(p, "", 0);
        return e->text ? e : NULL;
    }
    if (s_content(p, e, qname, qlen, depth))
        return NULL;
    return e;
}

/* ---- document ---- */

int mktows_xml_parse_(mktows_xml_doc **out, const char *data, size_t len, char *err, size_t err_size)
{
    mktows_xml_doc *doc = calloc(1, sizeof *doc);
    if (!doc) {
        snprintf(err, err_size, "out of memory");
        return -2;
    }
    s_parser p = { .doc = doc, .s = data, .len = len, .err = err, .err_size = err_size,
                   .lc_line = 1, .lc_col = 1 };
    if (err_size)
        err[0] = '\0';
    if (p.len >= 3 && memcmp(p.s, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    s_skip_space(&p);
    if (s_eof(&p)) {
        snprintf(err, err_size, "%s", len == 0 ? "the input is empty" : "the input holds only white space");
        mktows_xml_doc_free_(doc);
        return -1;
    }
    if (s_starts(&p, "<?xml") && (p.len - p.pos == 5 || s_is_space(p.s[p.pos + 5]) || p.s[p.pos + 5] == '?')) {
        size_t start = p.pos;
        const char *end = NULL;
        for (size_t i = p.pos; i + 1 < p.len; i++)
            if (p.s[i] == '?' && p.s[i + 1] == '>') {
                end = p.s + i;
                break;
            }
        if (!end) {
            s_fail_at(&p, start, "unexpected end of input in the XML declaration (truncated?)");
            goto fail;
        }
        /* Only UTF-8 (or no encoding, which means UTF-8) is accepted. */
        const char *enc = NULL;
        for (const char *q = p.s + start; q + 8 <= end; q++)
            if (memcmp(q, "encoding", 8) == 0) {
                enc = q + 8;
                break;
            }
        if (enc) {
            while (enc < end && (*enc == ' ' || *enc == '=' || *enc == '"' || *enc == '\''))
                enc++;
            if (!((size_t)(end - enc) >= 5 && strncasecmp(enc, "UTF-8", 5) == 0 &&
                  (enc[5] == '"' || enc[5] == '\''))) {
                s_fail_at(&p, start, "only UTF-8 input is supported");
                goto fail;
            }
        }
        p.pos = (size_t)(end - p.s) + 2;
    }
    for (;;) {
        s_skip_space(&p);
        if (s_eof(&p)) {
            s_fail_at(&p, p.len, "no root element");
            goto fail;
        }
        if (s_starts(&p, "<!--") || s_starts(&p, "<?")) {
            if (s_misc(&p))
                goto fail;
            continue;
        }
        if (s_starts(&p, "<!DOCTYPE") || s_starts(&p, "<!")) {
            S_FAIL(&p, "a DOCTYPE is not allowed in a SOAP message");
            goto fail;
        }
        if (s_peek(&p) != '<') {
            S_FAIL(&p, "expected '<' to start the root element, found text");
            goto fail;
        }
        break;
    }
    doc->root = s_element(&p, &s_xml_ns, 0);
    if (!doc->root)
        goto fail;
    for (;;) {
        s_skip_space(&p);
        if (s_eof(&p))
            break;
        if (s_starts(&p, "<!--") || s_starts(&p, "<?")) {
            if (s_misc(&p))
                goto fail;
            continue;
        }
        S_FAIL(&p, "content after the end of the root element </%s>", doc->root->qname);
        goto fail;
    }
    *out = doc;
    return 0;
fail:
    if (!p.failed)
        snprintf(err, err_size, "malformed XML");
    mktows_xml_doc_free_(doc);
    return p.oom ? -2 : -1;
}

const mktows_xml_node *mktows_xml_root_(const mktows_xml_doc *doc)
{
    return doc->root;
}

void mktows_xml_doc_free_(mktows_xml_doc *doc)
{
    if (!doc)
        return;
    for (s_block *b = doc->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(doc);
}
