/* Empty elements for optional simple values read as absent (issue 10, point 1).
 *
 * SOAP clients write unset optional members as empty elements: PHP's SoapClient sends
 * <startPosition><latestCreatedAt/><offset/></startPosition>, and Marketo's service took them as
 * absent. gSOAP's typed readers refuse an empty xs:dateTime, xs:int, xs:boolean or enumeration
 * ("Validation constraint violation: empty value"), and read an empty xs:string as "", which the
 * handlers would take as a value. So before gSOAP parses a request, this pass follows the request
 * through the WSDL's schema (the input element of the operation in the Body, the header elements,
 * xsi:type where it names a subtype) and cuts out every element that
 *   - the schema declares with minOccurs="0" and a simple type (string, number, boolean, dateTime,
 *     enumeration), and
 *   - is empty: no child element, no character data but white space, no CDATA section, and no
 *     attribute other than namespace declarations and xsi:type (so xsi:nil="true" stays as sent).
 * Required elements are left alone: an empty required value is the client's error, and gSOAP's
 * fault for it is the one the client gets. Elements the schema does not know are left alone too.
 *
 * The pass only cuts bytes out of the text; it never rewrites what it keeps. On the way it checks
 * what gSOAP's dispatcher would otherwise misread (it looks at the first element of the Body before
 * the rest is parsed): a document that is not well-formed (tags that do not nest, text outside the
 * root, nothing at all) or not a SOAP 1.1 Envelope with a Body is fault 20012, a Body without an
 * operation element 20017. Text it does not follow (a DOCTYPE, nesting deeper than S_MAX_DEPTH) is
 * parsed as sent, and gSOAP reports what it finds. */
#include "server.h"

#include "private/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_DEPTH 128
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
    s_role role;
    const mktows_schema_type *type; /* S_ROLE_TYPED: the element's type */
    size_t start;                   /* offset of its '<' */
    size_t ns_mark;                 /* bindings in scope before its own declarations */
    int droppable;                  /* an optional element of a simple type */
    int content;                    /* a child element, character data or CDATA */
    int attrs;                      /* an attribute other than xmlns and xsi:type */
} s_frame;

typedef struct s_cut {
    size_t from, to;
} s_cut;

typedef struct s_pass {
    const mktows_schema *schema;
    const char *xml;
    size_t len, pos;
    s_binding ns[S_MAX_NS];
    size_t ns_count;
    s_frame stack[S_MAX_DEPTH];
    size_t depth;
    s_cut *cuts;
    size_t cut_count, cut_cap;
    int roots;                      /* top-level elements seen */
    int saw_body, saw_operation;    /* a soap:Body, and an element in it */
    const char *error;              /* why the request is not a SOAP message (20012) */
} s_pass;

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

/* A named type of the schema's namespace, from a local name in a span. */
static const mktows_schema_type *s_named_type(const s_pass *ps, s_span ns, s_span local)
{
    char name[128];
    if (!s_span_is(ns, mktows_schema_namespace_(ps->schema)) || local.n >= sizeof name)
        return NULL;
    memcpy(name, local.p, local.n);
    name[local.n] = '\0';
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

static int s_add_cut(s_pass *ps, size_t from, size_t to)
{
    if (ps->cut_count == ps->cut_cap) {
        size_t cap = ps->cut_cap ? ps->cut_cap * 2 : 16;
        s_cut *c = realloc(ps->cuts, cap * sizeof *c);
        if (!c)
            return -1;
        ps->cuts = c;
        ps->cut_cap = cap;
    }
    ps->cuts[ps->cut_count++] = (s_cut){ from, to };
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

/* An element ends at @p end: cut it if it is an empty optional simple value. */
static int s_close(s_pass *ps, size_t end)
{
    s_frame *f = &ps->stack[--ps->depth];
    ps->ns_count = f->ns_mark;
    if (f->droppable && !f->content && !f->attrs)
        return s_add_cut(ps, f->start, end);
    return 0;
}

/* The type and role of a new element named @p qname (namespaces of its own tag already bound),
 * with its xsi:type (may be empty). */
static void s_classify(s_pass *ps, s_frame *f, s_span qname, s_span xsi_type)
{
    s_span prefix, local;
    s_split(qname, &prefix, &local);
    s_span ns = s_lookup(ps, prefix);
    const s_frame *parent = ps->depth ? &ps->stack[ps->depth - 1] : NULL;
    f->role = S_ROLE_OTHER;
    f->type = NULL;
    f->droppable = 0;
    if (!parent) {
        ps->roots++;
        if (s_span_is(ns, S_SOAP11_ENV) && s_span_is(local, "Envelope"))
            f->role = S_ROLE_ENVELOPE;
        else if (!ps->error)
            ps->error = "the document is not a SOAP 1.1 Envelope (http://schemas.xmlsoap.org/soap/envelope/)";
        return;
    }
    switch (parent->role) {
    case S_ROLE_ENVELOPE:
        if (s_span_is(local, "Header"))
            f->role = S_ROLE_HEADER;
        else if (s_span_is(local, "Body")) {
            f->role = S_ROLE_BODY;
            ps->saw_body = 1;
        }
        return;
    case S_ROLE_HEADER:
        f->type = s_named_type(ps, ns, local);
        break;
    case S_ROLE_BODY:
        ps->saw_operation = 1;
        if (s_span_is(ns, mktows_schema_namespace_(ps->schema)))
            f->type = s_input_type(ps, local);
        break;
    case S_ROLE_TYPED: {
        const mktows_schema_particle *p = s_particle(parent->type, local);
        if (p) {
            f->type = p->type;
            f->droppable = p->min_occurs == 0 && p->type->kind != MKTOWS_SCHEMA_COMPLEX;
        }
        break;
    }
    case S_ROLE_OTHER:
        return;
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
        }
    }
    /* The tag's own declarations are bound now. */
    if (has_type && !s_span_is(s_lookup(ps, type_prefix), S_XSI)) {
        f.attrs = 1;
        has_type = 0;
    }
    if (ps->depth)
        ps->stack[ps->depth - 1].content = 1;
    s_classify(ps, &f, qname, has_type ? type_value : (s_span){ "", 0 });
    ps->stack[ps->depth++] = f;
    if (empty_tag)
        return s_close(ps, ps->pos);
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
    ps->pos = (size_t)(gt - ps->xml) + 1;
    return s_close(ps, ps->pos);
}

/* Walk the whole document: 0 followed, -1 not well-formed (ps->error may say more), 1 not followed
 * (a DOCTYPE, or nesting too deep: gSOAP decides). */
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
            ps->pos++;
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
            return 1; /* DOCTYPE and the like */
        } else if (left >= 2 && rest[1] == '/') {
            rc = s_end_tag(ps);
        } else if (ps->depth == S_MAX_DEPTH) {
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

int mktows_srv_lenient(const struct mktows_schema *schema, const char *xml, size_t len, char **out,
                      size_t *dropped, char *err, size_t err_len)
{
    *out = NULL;
    *dropped = 0;
    s_pass *ps = calloc(1, sizeof *ps);
    if (!ps)
        return 0; /* parsed as sent */
    ps->schema = schema;
    ps->xml = xml;
    ps->len = len;
    int code = 0;
    int walked = s_walk(ps);
    if (walked < 0) {
        code = 20012;
        snprintf(err, err_len, "the request is not well-formed XML (at byte %zu of %zu)", ps->pos, len);
    } else if (walked == 0 && ps->error) {
        code = 20012;
        snprintf(err, err_len, "%s", ps->error);
    } else if (walked == 0 && !ps->saw_body) {
        code = 20012;
        snprintf(err, err_len, "the Envelope has no Body");
    } else if (walked == 0 && !ps->saw_operation) {
        code = 20017;
        snprintf(err, err_len, "the Body names no operation (paramsGetLead, paramsSyncLead, ...)");
    } else if (walked == 0 && ps->cut_count && (*out = malloc(len + 1))) {
        char *o = *out;
        size_t n = 0, from = 0;
        for (size_t i = 0; i < ps->cut_count; i++) {
            memcpy(o + n, xml + from, ps->cuts[i].from - from);
            n += ps->cuts[i].from - from;
            from = ps->cuts[i].to;
        }
        memcpy(o + n, xml + from, len - from);
        n += len - from;
        o[n] = '\0';
        *dropped = ps->cut_count;
    }
    free(ps->cuts);
    free(ps);
    return code;
}
