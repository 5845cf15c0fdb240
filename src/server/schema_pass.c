/* Two passes over a SOAP message that follow it through the WSDL's schema (the embedded WSDL read
 * by the library's schema reader): one over each request before gSOAP parses it, one over each
 * response after gSOAP wrote it. Both only edit the text: they never rewrite what they keep.
 *
 * Requests: empty elements for optional simple values read as absent (issue 10, point 1).
 * SOAP clients write unset optional members as empty elements: PHP's SoapClient sends
 * <startPosition><latestCreatedAt/><offset/></startPosition>, and Marketo's service took them as
 * absent. gSOAP's typed readers refuse an empty xs:dateTime, xs:int, xs:boolean or enumeration
 * ("Validation constraint violation: empty value"), and read an empty xs:string as "", which the
 * handlers would take as a value. So the pass follows the request (the input element of the
 * operation in the Body, the header elements, xsi:type where it names a subtype) and cuts out every
 * element that
 *   - the schema declares with minOccurs="0" and a simple type (string, number, boolean, dateTime,
 *     enumeration), and
 *   - is empty: no child element, no character data but white space, no CDATA section, and no
 *     attribute other than namespace declarations and xsi:type (so xsi:nil="true" stays as sent).
 * Required elements are left alone: an empty required value is the client's error, and gSOAP's
 * fault for it is the one the client gets. Elements the schema does not know are left alone too.
 * On the way it checks what gSOAP's dispatcher would otherwise misread (it looks at the first
 * element of the Body before the rest is parsed): a document that is not well-formed (tags that do
 * not nest, text outside the root, nothing at all) or not a SOAP 1.1 Envelope with a Body is fault
 * 20012, a Body without an operation element 20017. So are a DOCTYPE (SOAP forbids one, and gSOAP
 * would drop the entities it defines from the values) and nesting deeper than S_MAX_DEPTH.
 *
 * Responses: as the reference pages print them (issue 10, point 7). gSOAP leaves out an optional
 * member that is NULL, and writes xs:dateTime in UTC with "Z". Marketo's service wrote every
 * nillable element it had no value for as <name xsi:nil="true"/>, and dates with an offset
 * ("+00:00" for UTC). The pass follows the response (the operation's output element in the Body)
 * and inserts, in sequence order, an xsi:nil element for every nillable member (maxOccurs 1) that
 * gSOAP left out, and writes the "Z" of every xs:dateTime value as "+00:00". Members that are not
 * nillable stay left out, as the WSDL requires. */
#include "schema_pass.h"

#include <mktows/error.h>

#include "private/schema.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define S_MAX_DEPTH 128
#define S_STR_(x) #x
#define S_STR(x) S_STR_(x)
#define S_MAX_NS 256
#define S_SOAP11_ENV "http://schemas.xmlsoap.org/soap/envelope/"
#define S_XSI "http://www.w3.org/2001/XMLSchema-instance"

/* Where an element stands in the envelope. */
typedef enum s_role {
    S_ROLE_OTHER,    /* not followed through the schema */
    S_ROLE_ENVELOPE, /* soap:Envelope */
    S_ROLE_HEADER,   /* soap:Header: children are header elements */
    S_ROLE_BODY,     /* soap:Body: the child is an operation's input element */
    S_ROLE_TYPED     /* an element whose schema type is known (type != NULL) */
} s_role;

typedef struct s_span {
    const char *p;
    size_t n;
} s_span;

typedef struct s_binding {
    s_span prefix; /* empty: the default namespace */
    s_span uri;
} s_binding;

typedef struct s_frame {
    s_span qname;                   /* as written, to match its end tag */
    size_t next_particle;           /* responses: the first particle of its type not yet written */
    int nil;                        /* xsi:nil="true" */
    s_role role;
    const mktows_schema_type *type; /* S_ROLE_TYPED: the element's type */
    size_t start;                   /* offset of its '<' */
    size_t ns_mark;                 /* bindings in scope before its own declarations */
    int droppable;                  /* an optional element of a simple type */
    int content;                    /* a child element, character data or CDATA */
    int attrs;                      /* an attribute other than xmlns and xsi:type */
} s_frame;

/* Replace bytes [from, to) by a nil element named @p name (prefix @p xsi) or by @p text (NULL: cut). */
typedef struct s_edit {
    size_t from, to;
    const char *name;
    s_span xsi;
    const char *text;
    char utf8[4];                   /* a character reference written out (utf8_len bytes) */
    unsigned char utf8_len;
} s_edit;

typedef struct s_pass {
    const mktows_schema *schema;
    int response;                   /* 1: a response (nils and dates), 0: a request (cuts) */
    const char *xml;
    size_t len, pos;
    size_t ns_count;
    size_t depth;
    s_edit *edits;
    size_t edit_count, edit_cap;
    int roots;                      /* top-level elements seen */
    int saw_body, saw_operation;    /* a soap:Body, and an element in it */
    const char *error;              /* why the request is not a SOAP message (20012) */
    /* last, and not zeroed by s_pass_new(): entries are written whole as they are pushed (about
     * 36 KB that calloc() spent a tenth of a request's instructions clearing, twice a request) */
    s_binding ns[S_MAX_NS];
    s_frame stack[S_MAX_DEPTH];
} s_pass;

/* A pass over @p len bytes of @p xml: everything before the stacks zeroed; NULL when out of memory. */
static s_pass *s_pass_new(const mktows_schema *schema, int response, const char *xml, size_t len)
{
    s_pass *ps = malloc(sizeof *ps);
    if (!ps)
        return NULL;
    memset(ps, 0, offsetof(s_pass, ns));
    ps->schema = schema;
    ps->response = response;
    ps->xml = xml;
    ps->len = len;
    return ps;
}

static int s_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int s_name_end(char c)
{
    return s_is_space(c) || c == '/' || c == '>' || c == '=';
}

static int s_span_is(s_span s, const char *text)
{
    return strlen(text) == s.n && memcmp(s.p, text, s.n) == 0;
}

/* The URI bound to @p prefix, or an empty span when none is. */
static s_span s_lookup(const s_pass *ps, s_span prefix)
{
    for (size_t i = ps->ns_count; i-- > 0;)
        if (ps->ns[i].prefix.n == prefix.n && memcmp(ps->ns[i].prefix.p, prefix.p, prefix.n) == 0)
            return ps->ns[i].uri;
    return (s_span){ "", 0 };
}

/* Split "p:local" into prefix and local name. */
static void s_split(s_span qname, s_span *prefix, s_span *local)
{
    const char *colon = memchr(qname.p, ':', qname.n);
    if (colon) {
        *prefix = (s_span){ qname.p, (size_t)(colon - qname.p) };
        *local = (s_span){ colon + 1, qname.n - (size_t)(colon - qname.p) - 1 };
    } else {
        *prefix = (s_span){ qname.p, 0 };
        *local = qname;
    }
}

/* The schema particle of @p type named @p local, or NULL. */
static const mktows_schema_particle *s_particle(const mktows_schema_type *type, s_span local)
{
    if (!type || type->kind != MKTOWS_SCHEMA_COMPLEX)
        return NULL;
    for (size_t i = 0; i < type->particle_count; i++)
        if (s_span_is(local, type->particles[i].name))
            return &type->particles[i];
    return NULL;
}

/* The local name in @p local as a C string in @p name, when @p ns is the schema's namespace and the
 * name fits; 0 otherwise. */
static int s_own_name(const s_pass *ps, s_span ns, s_span local, char *name, size_t size)
{
    if (!s_span_is(ns, mktows_schema_namespace_(ps->schema)) || local.n >= size)
        return 0;
    memcpy(name, local.p, local.n);
    name[local.n] = '\0';
    return 1;
}

/* A named type of the schema's namespace, from a local name in a span. */
static const mktows_schema_type *s_named_type(const s_pass *ps, s_span ns, s_span local)
{
    char name[128];
    if (!s_own_name(ps, ns, local, name, sizeof name))
        return NULL;
    return mktows_schema_type_find_(ps->schema, mktows_schema_namespace_(ps->schema), name);
}

/* The input type of the operation whose input element is @p local, or NULL. */
static const mktows_schema_type *s_input_type(const s_pass *ps, s_span local)
{
    size_t n = mktows_schema_op_count_(ps->schema);
    for (size_t i = 0; i < n; i++) {
        const mktows_schema_op *op = mktows_schema_op_at_(ps->schema, i);
        if (op->input_element && s_span_is(local, op->input_element))
            return op->input_type;
    }
    return NULL;
}

static int s_add_edit(s_pass *ps, s_edit edit)
{
    if (ps->edit_count == ps->edit_cap) {
        size_t cap = ps->edit_cap ? ps->edit_cap * 2 : 16;
        s_edit *c = realloc(ps->edits, cap * sizeof *c);
        if (!c)
            return -1;
        ps->edits = c;
        ps->edit_cap = cap;
    }
    ps->edits[ps->edit_count++] = edit;
    return 0;
}

/* The prefix bound to the XML Schema instance namespace, or an empty span. */
static int s_xsi_prefix(const s_pass *ps, s_span *out)
{
    for (size_t i = ps->ns_count; i-- > 0;)
        if (s_span_is(ps->ns[i].uri, S_XSI) && ps->ns[i].prefix.n) {
            *out = ps->ns[i].prefix;
            return 1;
        }
    return 0;
}

/* Responses: nil elements, before offset @p at, for the nillable members of @p f's type from its
 * next particle up to (not including) particle @p upto. */
static int s_add_nils(s_pass *ps, const s_frame *f, size_t upto, size_t at)
{
    s_span xsi;
    if (!f->type || f->type->kind != MKTOWS_SCHEMA_COMPLEX || f->nil || !s_xsi_prefix(ps, &xsi))
        return 0;
    for (size_t j = f->next_particle; j < upto && j < f->type->particle_count; j++) {
        const mktows_schema_particle *p = &f->type->particles[j];
        if (p->nillable && p->max_occurs == 1
            && s_add_edit(ps, (s_edit){ .from = at, .to = at, .name = p->name, .xsi = xsi }))
            return -1;
    }
    return 0;
}

/* Skip past @p end (searching from the current position); -1 when it never comes. */
static int s_skip_past(s_pass *ps, const char *end)
{
    size_t n = strlen(end);
    for (size_t i = ps->pos; i + n <= ps->len; i++)
        if (memcmp(ps->xml + i, end, n) == 0) {
            ps->pos = i + n;
            return 0;
        }
    return -1;
}

/* An element ends at @p end; its end tag starts at @p end_tag (== @p end for <x/>). Requests: cut it
 * if it is an empty optional simple value. Responses: the nils its type still owes, and its date. */
static int s_close(s_pass *ps, size_t end_tag, size_t end)
{
    s_frame *f = &ps->stack[ps->depth - 1];
    int rc = 0;
    if (!ps->response) {
        if (f->droppable && !f->content && !f->attrs)
            rc = s_add_edit(ps, (s_edit){ .from = f->start, .to = end });
    } else if (end_tag != end && f->role == S_ROLE_TYPED) {
        if (f->type->kind == MKTOWS_SCHEMA_COMPLEX)
            rc = s_add_nils(ps, f, f->type->particle_count, end_tag);
        else if (f->type->kind == MKTOWS_SCHEMA_DATETIME && end_tag > f->start && ps->xml[end_tag - 1] == 'Z')
            rc = s_add_edit(ps, (s_edit){ .from = end_tag - 1, .to = end_tag, .text = "+00:00" });
    }
    ps->depth--;
    ps->ns_count = f->ns_mark;
    return rc;
}

/* The operation whose output element is @p local, or NULL. */
static const mktows_schema_type *s_output_type(const s_pass *ps, s_span local)
{
    char name[128];
    if (local.n >= sizeof name)
        return NULL;
    memcpy(name, local.p, local.n);
    name[local.n] = '\0';
    const mktows_schema_op *op = mktows_schema_op_by_element_(ps->schema, name);
    return op ? op->type : NULL;
}

/* The type and role of a new element named @p qname (namespaces of its own tag already bound),
 * with its xsi:type (may be empty); responses: the nils owed before it in its parent, at its
 * start. Returns 0 or -1 (out of memory). */
static int s_classify(s_pass *ps, s_frame *f, s_span qname, s_span xsi_type)
{
    s_span prefix, local;
    s_split(qname, &prefix, &local);
    s_span ns = s_lookup(ps, prefix);
    s_frame *parent = ps->depth ? &ps->stack[ps->depth - 1] : NULL;
    f->role = S_ROLE_OTHER;
    f->type = NULL;
    f->droppable = 0;
    if (!parent) {
        ps->roots++;
        if (s_span_is(ns, S_SOAP11_ENV) && s_span_is(local, "Envelope"))
            f->role = S_ROLE_ENVELOPE;
        else if (!ps->error)
            ps->error = "the document is not a SOAP 1.1 Envelope (http://schemas.xmlsoap.org/soap/envelope/)";
        return 0;
    }
    switch (parent->role) {
    case S_ROLE_ENVELOPE:
        if (s_span_is(local, "Header"))
            f->role = S_ROLE_HEADER;
        else if (s_span_is(local, "Body")) {
            f->role = S_ROLE_BODY;
            ps->saw_body = 1;
        }
        return 0;
    case S_ROLE_HEADER: {
        /* a header element of the schema's namespace: its declared type */
        char name[128];
        if (s_own_name(ps, ns, local, name, sizeof name))
            f->type = mktows_schema_header_type_(ps->schema, name);
        break;
    }
    case S_ROLE_BODY:
        ps->saw_operation = 1;
        if (s_span_is(ns, mktows_schema_namespace_(ps->schema)))
            f->type = ps->response ? s_output_type(ps, local) : s_input_type(ps, local);
        break;
    case S_ROLE_TYPED: {
        const mktows_schema_particle *p = s_particle(parent->type, local);
        if (p) {
            f->type = p->type;
            f->droppable = p->min_occurs == 0 && p->type->kind != MKTOWS_SCHEMA_COMPLEX;
            size_t k = (size_t)(p - parent->type->particles);
            if (ps->response && k >= parent->next_particle) {
                if (s_add_nils(ps, parent, k, f->start))
                    return -1;
                parent->next_particle = p->max_occurs == 1 ? k + 1 : k;
            }
        }
        break;
    }
    case S_ROLE_OTHER:
        return 0;
    }
    if (f->type && xsi_type.n) {
        s_span tprefix, tlocal;
        s_split(xsi_type, &tprefix, &tlocal);
        const mktows_schema_type *sub = s_named_type(ps, s_lookup(ps, tprefix), tlocal);
        if (sub && sub->kind == MKTOWS_SCHEMA_COMPLEX)
            f->type = sub;
    }
    if (f->type)
        f->role = S_ROLE_TYPED;
    return 0;
}

/* A start tag at ps->pos ('<' then a name). -1 when it cannot be read. */
static int s_start_tag(s_pass *ps)
{
    size_t start = ps->pos++;
    size_t name_at = ps->pos;
    while (ps->pos < ps->len && !s_name_end(ps->xml[ps->pos]))
        ps->pos++;
    s_span qname = { ps->xml + name_at, ps->pos - name_at };
    if (!qname.n)
        return -1;
    s_frame f = { .qname = qname, .start = start, .ns_mark = ps->ns_count };
    s_span type_prefix = { "", 0 }, type_value = { "", 0 };
    int has_type = 0, empty_tag = 0;
    for (;;) {
        while (ps->pos < ps->len && s_is_space(ps->xml[ps->pos]))
            ps->pos++;
        if (ps->pos >= ps->len)
            return -1;
        if (ps->xml[ps->pos] == '>') {
            ps->pos++;
            break;
        }
        if (ps->xml[ps->pos] == '/') {
            if (ps->pos + 1 >= ps->len || ps->xml[ps->pos + 1] != '>')
                return -1;
            ps->pos += 2;
            empty_tag = 1;
            break;
        }
        size_t an = ps->pos;
        while (ps->pos < ps->len && !s_name_end(ps->xml[ps->pos]))
            ps->pos++;
        s_span aname = { ps->xml + an, ps->pos - an };
        while (ps->pos < ps->len && s_is_space(ps->xml[ps->pos]))
            ps->pos++;
        if (!aname.n || ps->pos >= ps->len || ps->xml[ps->pos] != '=')
            return -1;
        ps->pos++;
        while (ps->pos < ps->len && s_is_space(ps->xml[ps->pos]))
            ps->pos++;
        if (ps->pos >= ps->len || (ps->xml[ps->pos] != '"' && ps->xml[ps->pos] != '\''))
            return -1;
        char quote = ps->xml[ps->pos++];
        const char *vend = memchr(ps->xml + ps->pos, quote, ps->len - ps->pos);
        if (!vend)
            return -1;
        s_span value = { ps->xml + ps->pos, (size_t)(vend - (ps->xml + ps->pos)) };
        ps->pos = (size_t)(vend - ps->xml) + 1;
        s_span ap, al;
        s_split(aname, &ap, &al);
        if (s_span_is(aname, "xmlns") || (ap.n && s_span_is(ap, "xmlns"))) {
            if (ps->ns_count == S_MAX_NS)
                return -1;
            ps->ns[ps->ns_count++] = (s_binding){ ap.n ? al : (s_span){ aname.p, 0 }, value };
        } else if (ap.n && s_span_is(al, "type") && !has_type) {
            has_type = 1; /* xsi:type when the prefix is bound to the instance namespace (below) */
            type_prefix = ap;
            type_value = value;
        } else {
            f.attrs = 1;
            if (ap.n && s_span_is(al, "nil") && s_span_is(value, "true"))
                f.nil = 1; /* responses only write xsi: for the instance namespace */
        }
    }
    /* The tag's own declarations are bound now. */
    if (has_type && !s_span_is(s_lookup(ps, type_prefix), S_XSI)) {
        f.attrs = 1;
        has_type = 0;
    }
    if (ps->depth)
        ps->stack[ps->depth - 1].content = 1;
    if (s_classify(ps, &f, qname, has_type ? type_value : (s_span){ "", 0 }))
        return -1;
    ps->stack[ps->depth++] = f;
    if (empty_tag)
        return s_close(ps, ps->pos, ps->pos);
    return 0;
}

/* An end tag at ps->pos ("</"). -1 when it cannot be read or does not close the open element. */
static int s_end_tag(s_pass *ps)
{
    if (!ps->depth)
        return -1;
    size_t name_at = ps->pos + 2;
    const char *gt = memchr(ps->xml + name_at, '>', ps->len - name_at);
    if (!gt)
        return -1;
    s_span name = { ps->xml + name_at, (size_t)(gt - (ps->xml + name_at)) };
    while (name.n && s_is_space(name.p[name.n - 1]))
        name.n--;
    const s_span open = ps->stack[ps->depth - 1].qname;
    if (name.n != open.n || memcmp(name.p, open.p, open.n) != 0)
        return -1;
    size_t end_tag = ps->pos;
    ps->pos = (size_t)(gt - ps->xml) + 1;
    return s_close(ps, end_tag, ps->pos);
}

/* Walk the whole document: 0 followed, -1 not well-formed (ps->error may say more), 1 not followed
 * (a DOCTYPE, or nesting too deep; ps->error says which). */
/* The length of the character of text at ps->pos (a byte, a UTF-8 sequence, a reference), or 0
 * when XML 1.0 cannot carry it (a control character, NUL, a lone surrogate, invalid UTF-8, an
 * undefined entity): then ps->error says so. Values are stored exactly as sent, so one that cannot
 * be sent back as XML is refused instead of stored. */
static size_t s_text_char(s_pass *ps)
{
    const unsigned char *u = (const unsigned char *)ps->xml + ps->pos;
    size_t left = ps->len - ps->pos;
    uint32_t v = 0;
    size_t n = 1;
    if (u[0] == '&') {
        const unsigned char *semi = memchr(u, ';', left < 12 ? left : 12);
        if (!semi) {
            ps->error = "the request has an '&' that starts no reference (write &amp;)";
            return 0;
        }
        n = (size_t)(semi - u) + 1;
        static const char *const ents[] = { "&lt;", "&gt;", "&amp;", "&apos;", "&quot;" };
        for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
            if (strlen(ents[i]) == n && memcmp(u, ents[i], n) == 0)
                return n;
        if (n < 4 || u[1] != '#') {
            ps->error = "the request uses an entity XML does not define (only &lt; &gt; &amp; &apos; &quot;)";
            return 0;
        }
        int hex = u[2] == 'x';
        for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
            int d = u[i] >= '0' && u[i] <= '9' ? u[i] - '0'
                    : hex && u[i] >= 'a' && u[i] <= 'f' ? u[i] - 'a' + 10
                    : hex && u[i] >= 'A' && u[i] <= 'F' ? u[i] - 'A' + 10 : -1;
            if (d < 0 || v > 0x10FFFF) {
                ps->error = "the request has a malformed character reference";
                return 0;
            }
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
        }
    } else if (u[0] < 0x80) {
        v = u[0];
    } else {
        size_t len = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2 : 0;
        if (!len || len > 4 || left < len) {
            ps->error = "the request is not UTF-8";
            return 0;
        }
        v = u[0] & (0xFF >> (len + 1));
        for (size_t i = 1; i < len; i++) {
            if ((u[i] & 0xC0) != 0x80) {
                ps->error = "the request is not UTF-8";
                return 0;
            }
            v = v << 6 | (u[i] & 0x3F);
        }
        if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))) {
            ps->error = "the request is not UTF-8 (an overlong form)";
            return 0;
        }
        n = len;
    }
    if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || (v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFE ||
        v == 0xFFFF || v > 0x10FFFF) {
        ps->error = "the request holds a character XML 1.0 cannot carry (a control character, NUL or a lone "
                    "surrogate)";
        return 0;
    }
    /* A character reference in a request is written out as UTF-8 before gSOAP reads the message:
     * gSOAP reads at most 7 characters after '&', so "&#x1F600;" would lose what follows it. */
    if (u[0] == '&' && !ps->response && v != '\r') {
        s_edit e = { .from = ps->pos, .to = ps->pos + n };
        if (v < 0x80) {
            e.utf8[0] = (char)v;
            e.utf8_len = 1;
        } else if (v < 0x800) {
            e.utf8[0] = (char)(0xC0 | v >> 6);
            e.utf8[1] = (char)(0x80 | (v & 0x3F));
            e.utf8_len = 2;
        } else if (v < 0x10000) {
            e.utf8[0] = (char)(0xE0 | v >> 12);
            e.utf8[1] = (char)(0x80 | ((v >> 6) & 0x3F));
            e.utf8[2] = (char)(0x80 | (v & 0x3F));
            e.utf8_len = 3;
        } else {
            e.utf8[0] = (char)(0xF0 | v >> 18);
            e.utf8[1] = (char)(0x80 | ((v >> 12) & 0x3F));
            e.utf8[2] = (char)(0x80 | ((v >> 6) & 0x3F));
            e.utf8[3] = (char)(0x80 | (v & 0x3F));
            e.utf8_len = 4;
        }
        if (v == '<' || v == '&' || v == '>') /* markup: keep it a reference gSOAP reads */
            e.utf8_len = 0;
        if (e.utf8_len && s_add_edit(ps, e) != 0) {
            ps->error = "out of memory";
            return 0;
        }
    }
    return n;
}

static int s_walk(s_pass *ps)
{
    while (ps->pos < ps->len) {
        char c = ps->xml[ps->pos];
        if (c != '<') {
            if (!s_is_space(c)) {
                if (!ps->depth)
                    return -1; /* text outside the root element */
                ps->stack[ps->depth - 1].content = 1;
            }
            size_t n = s_text_char(ps);
            if (!n)
                return 0;
            ps->pos += n;
            continue;
        }
        const char *rest = ps->xml + ps->pos;
        size_t left = ps->len - ps->pos;
        int rc;
        if (left >= 2 && rest[1] == '?') {
            rc = s_skip_past(ps, "?>");
        } else if (left >= 4 && memcmp(rest, "<!--", 4) == 0) {
            rc = s_skip_past(ps, "-->");
        } else if (left >= 9 && memcmp(rest, "<![CDATA[", 9) == 0) {
            if (ps->depth)
                ps->stack[ps->depth - 1].content = 1;
            rc = s_skip_past(ps, "]]>");
        } else if (left >= 2 && rest[1] == '!') {
            /* a SOAP 1.1 message must not carry a document type declaration (its section 3);
             * gSOAP would read one and silently drop the entities it defines */
            ps->error = "the request has a document type declaration (<!DOCTYPE ...>), which a SOAP message "
                        "must not have";
            return 1;
        } else if (left >= 2 && rest[1] == '/') {
            rc = s_end_tag(ps);
        } else if (ps->depth == S_MAX_DEPTH) {
            ps->error = "the request nests elements more than " S_STR(S_MAX_DEPTH) " deep";
            return 1;
        } else if (!ps->depth && ps->roots) {
            return -1; /* a second root element */
        } else {
            rc = s_start_tag(ps);
        }
        if (rc)
            return -1;
    }
    return ps->depth || !ps->roots ? -1 : 0;
}

/* The document with the edits applied: a malloc'd, NUL-terminated copy, or NULL (out of memory). */
static char *s_apply(const s_pass *ps, size_t *out_len)
{
    size_t extra = 0;
    for (size_t i = 0; i < ps->edit_count; i++) {
        const s_edit *e = &ps->edits[i];
        extra += e->name ? e->xsi.n + strlen(e->name) + 16 : e->text ? strlen(e->text) : 0;
    }
    char *o = malloc(ps->len + extra + 1);
    if (!o)
        return NULL;
    size_t n = 0, from = 0;
    for (size_t i = 0; i < ps->edit_count; i++) {
        const s_edit *e = &ps->edits[i];
        memcpy(o + n, ps->xml + from, e->from - from);
        n += e->from - from;
        if (e->name)
            n += (size_t)sprintf(o + n, "<%s %.*s:nil=\"true\"/>", e->name, (int)e->xsi.n, e->xsi.p);
        else if (e->utf8_len) {
            memcpy(o + n, e->utf8, e->utf8_len);
            n += e->utf8_len;
        } else if (e->text)
            n += (size_t)sprintf(o + n, "%s", e->text);
        from = e->to;
    }
    memcpy(o + n, ps->xml + from, ps->len - from);
    n += ps->len - from;
    o[n] = '\0';
    *out_len = n;
    return o;
}

int mktows_srv_lenient(const struct mktows_schema *schema, const char *xml, size_t len, char **out,
                      size_t *dropped, char *err, size_t err_len)
{
    *out = NULL;
    *dropped = 0;
    s_pass *ps = s_pass_new(schema, 0, xml, len);
    if (!ps)
        return 0; /* parsed as sent */
    int code = 0;
    int walked = s_walk(ps);
    if (walked < 0) {
        code = MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD;
        snprintf(err, err_len, "the request is not well-formed XML (at byte %zu of %zu)", ps->pos, len);
    } else if (ps->error) { /* a bad character (walked 0), a DOCTYPE or nesting too deep (walked 1) */
        code = MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD;
        snprintf(err, err_len, "%s", ps->error);
    } else if (walked == 0 && !ps->saw_body) {
        code = MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD;
        snprintf(err, err_len, "the Envelope has no Body");
    } else if (walked == 0 && !ps->saw_operation) {
        code = MKTOWS_MKTO_INVALID_REQUEST;
        snprintf(err, err_len, "the Body names no operation (paramsGetLead, paramsSyncLead, ...)");
    } else if (walked == 0 && ps->edit_count) {
        size_t n;
        if ((*out = s_apply(ps, &n)))
            *dropped = ps->edit_count;
    }
    free(ps->edits);
    free(ps);
    return code;
}

char *mktows_srv_response_fix(const struct mktows_schema *schema, const char *xml, size_t len, size_t *out_len)
{
    s_pass *ps = s_pass_new(schema, 1, xml, len);
    if (!ps)
        return NULL;
    char *out = NULL;
    if (s_walk(ps) == 0 && ps->edit_count)
        out = s_apply(ps, out_len);
    free(ps->edits);
    free(ps);
    return out;
}
