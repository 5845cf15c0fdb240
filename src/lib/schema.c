/* The mktows schema read from the built-in WSDL (see private/schema.h). */
#include "private/schema.h"

#include "private/xml_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_XSD "http://www.w3.org/2001/XMLSchema"
#define S_WSDL "http://schemas.xmlsoap.org/wsdl/"

/* A type as read, before references are resolved. */
typedef struct s_ref {
    const char *ns, *local;
} s_ref;

typedef struct s_type {
    mktows_schema_type t;
    s_ref base_ref;
    s_ref *particle_refs;        /* one per own particle */
    mktows_schema_particle *own; /* own particles (before inheritance) */
    size_t own_count;
    int resolving, resolved;
} s_type;

typedef struct s_global {
    const char *name;
    s_ref type;
} s_global;

struct mktows_schema {
    const mktows_schema_table *table; /* set: the schema is these static tables, nothing below */
    mktows_xml_doc *doc;        /* every string points into it */
    const char *tns;
    s_type *types;
    size_t type_count;
    mktows_schema_type builtins[8];
    mktows_schema_op *ops;
    size_t op_count;
    mktows_schema_header *headers;
    size_t header_count;
    char *err;
    size_t err_size;
    int oom;                    /* an allocation failed */
};

static const struct { const char *name; mktows_schema_kind kind; } s_builtin[8] = {
    { "string", MKTOWS_SCHEMA_STRING },       { "int", MKTOWS_SCHEMA_INT },
    { "long", MKTOWS_SCHEMA_LONG },           { "integer", MKTOWS_SCHEMA_INTEGER },
    { "boolean", MKTOWS_SCHEMA_BOOLEAN },     { "dateTime", MKTOWS_SCHEMA_DATETIME },
    { "anySimpleType", MKTOWS_SCHEMA_ANYSIMPLE }, { "base64Binary", MKTOWS_SCHEMA_BASE64 },
};

__attribute__((format(printf, 2, 3)))
static int s_schema_fail(mktows_schema *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, s->err_size, fmt, ap);
    va_end(ap);
    return -1;
}

/* Zeroed memory, or NULL with "out of memory" recorded on @p s. */
static void *s_calloc(mktows_schema *s, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        s->oom = 1;
        s_schema_fail(s, "out of memory");
    }
    return p;
}

static int s_schema_is(const mktows_xml_node *n, const char *ns, const char *local)
{
    return n->ns && strcmp(n->ns, ns) == 0 && strcmp(n->local, local) == 0;
}

static int s_qname(mktows_schema *s, const mktows_xml_node *n, const char *attr, s_ref *out)
{
    const char *v = mktows_xml_attr_value_(n, NULL, attr);
    if (!v)
        return s_schema_fail(s, "line %d: <%s> has no %s", n->line, n->qname, attr);
    if (mktows_xml_resolve_qname_(n, v, &out->ns, &out->local))
        return s_schema_fail(s, "line %d: %s=\"%s\" is not a resolvable QName", n->line, attr, v);
    return 0;
}

static int s_occurs(mktows_schema *s, const mktows_xml_node *n, const char *attr, int dflt, int *out)
{
    const char *v = mktows_xml_attr_value_(n, NULL, attr);
    if (!v) {
        *out = dflt;
        return 0;
    }
    if (strcmp(v, "unbounded") == 0) {
        *out = -1;
        return 0;
    }
    char *end;
    long x = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || x < 0 || x > 1000000)
        return s_schema_fail(s, "line %d: bad %s=\"%s\"", n->line, attr, v);
    *out = (int)x;
    return 0;
}

/* <xs:sequence> of <xs:element>: the own particles of @p t. */
static int s_sequence(mktows_schema *s, s_type *t, const mktows_xml_node *seq)
{
    size_t n = 0;
    for (const mktows_xml_node *c = seq->children; c; c = c->next)
        n++;
    t->own = s_calloc(s, n, sizeof *t->own);
    t->particle_refs = s_calloc(s, n, sizeof *t->particle_refs);
    if (!t->own || !t->particle_refs)
        return -1;
    for (const mktows_xml_node *c = seq->children; c; c = c->next) {
        if (!s_schema_is(c, S_XSD, "element"))
            return s_schema_fail(s, "line %d: complexType %s: unsupported <%s> in a sequence", c->line, t->t.name,
                          c->qname);
        mktows_schema_particle *p = &t->own[t->own_count];
        p->name = mktows_xml_attr_value_(c, NULL, "name");
        if (!p->name)
            return s_schema_fail(s, "line %d: element without a name", c->line);
        if (s_qname(s, c, "type", &t->particle_refs[t->own_count]) ||
            s_occurs(s, c, "minOccurs", 1, &p->min_occurs) || s_occurs(s, c, "maxOccurs", 1, &p->max_occurs))
            return -1;
        const char *nil = mktows_xml_attr_value_(c, NULL, "nillable");
        p->nillable = nil && strcmp(nil, "true") == 0;
        t->own_count++;
    }
    return 0;
}

static int s_read_complex(mktows_schema *s, s_type *t, const mktows_xml_node *n)
{
    t->t.kind = MKTOWS_SCHEMA_COMPLEX;
    const char *abs = mktows_xml_attr_value_(n, NULL, "abstract");
    t->t.is_abstract = abs && strcmp(abs, "true") == 0;
    for (const mktows_xml_node *c = n->children; c; c = c->next) {
        if (s_schema_is(c, S_XSD, "sequence")) {
            if (s_sequence(s, t, c))
                return -1;
        } else if (s_schema_is(c, S_XSD, "complexContent") && c->children && s_schema_is(c->children, S_XSD, "extension")) {
            const mktows_xml_node *ext = c->children;
            if (s_qname(s, ext, "base", &t->base_ref))
                return -1;
            for (const mktows_xml_node *e = ext->children; e; e = e->next) {
                if (!s_schema_is(e, S_XSD, "sequence"))
                    return s_schema_fail(s, "line %d: unsupported <%s> in an extension", e->line, e->qname);
                if (s_sequence(s, t, e))
                    return -1;
            }
        } else if (!s_schema_is(c, S_XSD, "annotation")) {
            return s_schema_fail(s, "line %d: complexType %s: unsupported <%s>", c->line, t->t.name, c->qname);
        }
    }
    return 0;
}

static int s_read_simple(mktows_schema *s, s_type *t, const mktows_xml_node *n)
{
    const mktows_xml_node *r = n->children;
    if (!r || !s_schema_is(r, S_XSD, "restriction"))
        return s_schema_fail(s, "line %d: simpleType %s: only restrictions are supported", n->line, t->t.name);
    t->t.kind = MKTOWS_SCHEMA_ENUM;
    size_t count = 0;
    for (const mktows_xml_node *e = r->children; e; e = e->next)
        count++;
    const char **values = s_calloc(s, count, sizeof *values);
    if (!values)
        return -1;
    t->t.enum_values = values;
    for (const mktows_xml_node *e = r->children; e; e = e->next) {
        const char *v = mktows_xml_attr_value_(e, NULL, "value");
        if (!s_schema_is(e, S_XSD, "enumeration") || !v)
            return s_schema_fail(s, "line %d: simpleType %s: only enumerations are supported", e->line, t->t.name);
        values[t->t.enum_count++] = v;
    }
    return 0;
}

static s_type *s_named(mktows_schema *s, const char *local)
{
    for (size_t i = 0; i < s->type_count; i++)
        if (strcmp(s->types[i].t.name, local) == 0)
            return &s->types[i];
    return NULL;
}

const mktows_schema_type *mktows_schema_type_find_(const mktows_schema *schema, const char *ns,
                                                  const char *local)
{
    if (!ns)
        return NULL;
    if (strcmp(ns, S_XSD) == 0) {
        for (size_t i = 0; i < sizeof s_builtin / sizeof s_builtin[0]; i++)
            if (strcmp(s_builtin[i].name, local) == 0)
                return mktows_schema_builtin_at_(schema, i);
        return NULL;
    }
    if (strcmp(ns, mktows_schema_namespace_(schema)) != 0)
        return NULL;
    if (schema->table) {
        for (size_t i = 0; i < schema->table->type_count; i++)
            if (strcmp(schema->table->types[i].name, local) == 0)
                return &schema->table->types[i];
        return NULL;
    }
    s_type *t = s_named((mktows_schema *)schema, local);
    return t ? &t->t : NULL;
}

static int s_resolve_type(mktows_schema *s, s_type *t)
{
    if (t->resolved)
        return 0;
    if (t->resolving)
        return s_schema_fail(s, "type %s derives from itself", t->t.name);
    t->resolving = 1;
    const mktows_schema_particle *inherited = NULL;
    size_t inherited_count = 0;
    if (t->base_ref.local) {
        const mktows_schema_type *b = mktows_schema_type_find_(s, t->base_ref.ns, t->base_ref.local);
        if (!b || b->kind != MKTOWS_SCHEMA_COMPLEX)
            return s_schema_fail(s, "type %s: unknown base type %s", t->t.name, t->base_ref.local);
        s_type *bt = (s_type *)b; /* t is the first member of s_type */
        if (s_resolve_type(s, bt))
            return -1;
        t->t.base = b;
        inherited = b->particles;
        inherited_count = b->particle_count;
    }
    mktows_schema_particle *all = s_calloc(s, inherited_count + t->own_count, sizeof *all);
    if (!all)
        return -1;
    t->t.particles = all;
    if (inherited_count)
        memcpy(all, inherited, inherited_count * sizeof *all);
    for (size_t i = 0; i < t->own_count; i++) {
        t->own[i].type = mktows_schema_type_find_(s, t->particle_refs[i].ns, t->particle_refs[i].local);
        if (!t->own[i].type)
            return s_schema_fail(s, "type %s: element %s has an unknown type %s", t->t.name, t->own[i].name,
                          t->particle_refs[i].local);
        all[inherited_count + i] = t->own[i];
    }
    t->t.particle_count = inherited_count + t->own_count;
    t->resolving = 0;
    t->resolved = 1;
    return 0;
}

static int s_op_cmp(const void *a, const void *b)
{
    return strcmp(((const mktows_schema_op *)a)->name, ((const mktows_schema_op *)b)->name);
}

/* The global element of the one part of message @p name: its name and type; -1 when there is none. */
static int s_message_element(mktows_schema *s, const mktows_xml_node *defs, const s_global *globals, size_t nglobals,
                             const char *op, const s_ref *msg, const char **element, const mktows_schema_type **type)
{
    const mktows_xml_node *part = NULL;
    for (const mktows_xml_node *m = defs->children; m && !part; m = m->next) {
        const char *mn = mktows_xml_attr_value_(m, NULL, "name");
        if (s_schema_is(m, S_WSDL, "message") && mn && strcmp(mn, msg->local) == 0)
            part = m->children;
    }
    s_ref el;
    if (!part || !s_schema_is(part, S_WSDL, "part") || s_qname(s, part, "element", &el))
        return s_schema_fail(s, "operation %s: message %s has no part element", op, msg->local);
    for (size_t i = 0; i < nglobals; i++)
        if (strcmp(globals[i].name, el.local) == 0) {
            *element = globals[i].name;
            *type = mktows_schema_type_find_(s, globals[i].type.ns, globals[i].type.local);
        }
    if (!*element || !*type || (*type)->kind != MKTOWS_SCHEMA_COMPLEX)
        return s_schema_fail(s, "operation %s: element %s is not a known complex element", op, el.local);
    return 0;
}

/* The operations of the portType, each with the elements of its input and output messages' parts. */
static int s_operations(mktows_schema *s, const mktows_xml_node *defs, const s_global *globals, size_t nglobals)
{
    const mktows_xml_node *port = NULL;
    size_t n = 0;
    for (const mktows_xml_node *c = defs->children; c; c = c->next)
        if (s_schema_is(c, S_WSDL, "portType"))
            port = c;
    if (!port)
        return s_schema_fail(s, "no wsdl:portType");
    for (const mktows_xml_node *o = port->children; o; o = o->next)
        n++;
    if (!(s->ops = s_calloc(s, n, sizeof *s->ops)))
        return -1;
    for (const mktows_xml_node *o = port->children; o; o = o->next) {
        if (!s_schema_is(o, S_WSDL, "operation"))
            continue;
        mktows_schema_op *op = &s->ops[s->op_count];
        op->name = mktows_xml_attr_value_(o, NULL, "name");
        s_ref in = { 0 }, msg = { 0 };
        for (const mktows_xml_node *io = o->children; io; io = io->next) {
            if (s_schema_is(io, S_WSDL, "output") && s_qname(s, io, "message", &msg))
                return -1;
            if (s_schema_is(io, S_WSDL, "input") && s_qname(s, io, "message", &in))
                return -1;
        }
        if (!op->name || !msg.local || !in.local)
            return s_schema_fail(s, "line %d: operation without a name, an input or an output message", o->line);
        if (s_message_element(s, defs, globals, nglobals, op->name, &msg, &op->element, &op->type) ||
            s_message_element(s, defs, globals, nglobals, op->name, &in, &op->input_element, &op->input_type))
            return -1;
        s->op_count++;
    }
    qsort(s->ops, s->op_count, sizeof *s->ops, s_op_cmp);
    return 0;
}

/* The global elements no operation's message carries in the body: the SOAP headers. */
static int s_headers(mktows_schema *s, const s_global *globals, size_t nglobals)
{
    if (!(s->headers = s_calloc(s, nglobals ? nglobals : 1, sizeof *s->headers)))
        return -1;
    for (size_t i = 0; i < nglobals; i++) {
        int in_body = 0;
        for (size_t k = 0; k < s->op_count && !in_body; k++)
            in_body = s->ops[k].element == globals[i].name || s->ops[k].input_element == globals[i].name;
        if (in_body)
            continue;
        const mktows_schema_type *t = mktows_schema_type_find_(s, globals[i].type.ns, globals[i].type.local);
        if (!t)
            return s_schema_fail(s, "element %s: unknown type %s", globals[i].name, globals[i].type.local);
        s->headers[s->header_count++] = (mktows_schema_header){ globals[i].name, t };
    }
    return 0;
}

int mktows_schema_load_(mktows_schema **out, const char *wsdl, size_t len, char *err, size_t err_size)
{
    mktows_schema *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, err_size, "out of memory");
        return -2;
    }
    s->err = err;
    s->err_size = err_size;
    s_global *globals = NULL;
    size_t nglobals = 0;
    for (size_t i = 0; i < sizeof s_builtin / sizeof s_builtin[0]; i++) {
        s->builtins[i].name = s_builtin[i].name;
        s->builtins[i].kind = s_builtin[i].kind;
    }
    int xrc = mktows_xml_parse_(&s->doc, wsdl, len, err, err_size);
    if (xrc) {
        s->oom = xrc == -2;
        goto fail;
    }
    const mktows_xml_node *defs = mktows_xml_root_(s->doc);
    const mktows_xml_node *schema = NULL;
    if (!s_schema_is(defs, S_WSDL, "definitions")) {
        s_schema_fail(s, "not a WSDL 1.1 document");
        goto fail;
    }
    for (const mktows_xml_node *c = defs->children; c; c = c->next)
        if (s_schema_is(c, S_WSDL, "types"))
            for (const mktows_xml_node *x = c->children; x; x = x->next)
                if (s_schema_is(x, S_XSD, "schema"))
                    schema = x;
    if (!schema || !(s->tns = mktows_xml_attr_value_(schema, NULL, "targetNamespace"))) {
        s_schema_fail(s, "no xs:schema with a targetNamespace");
        goto fail;
    }
    size_t n = 0;
    for (const mktows_xml_node *c = schema->children; c; c = c->next)
        n++;
    s->types = s_calloc(s, n, sizeof *s->types);
    globals = s_calloc(s, n, sizeof *globals);
    if (!s->types || !globals)
        goto fail;
    for (const mktows_xml_node *c = schema->children; c; c = c->next) {
        const char *name = mktows_xml_attr_value_(c, NULL, "name");
        if (!name) {
            s_schema_fail(s, "line %d: <%s> without a name", c->line, c->qname);
            goto fail;
        }
        if (s_schema_is(c, S_XSD, "complexType") || s_schema_is(c, S_XSD, "simpleType")) {
            s_type *t = &s->types[s->type_count++];
            t->t.name = name;
            if (s_schema_is(c, S_XSD, "complexType") ? s_read_complex(s, t, c) : s_read_simple(s, t, c))
                goto fail;
        } else if (s_schema_is(c, S_XSD, "element")) {
            globals[nglobals].name = name;
            if (s_qname(s, c, "type", &globals[nglobals].type))
                goto fail;
            nglobals++;
        } else {
            s_schema_fail(s, "line %d: unsupported <%s> in the schema", c->line, c->qname);
            goto fail;
        }
    }
    for (size_t i = 0; i < s->type_count; i++)
        if (s->types[i].t.kind == MKTOWS_SCHEMA_COMPLEX && s_resolve_type(s, &s->types[i]))
            goto fail;
    if (s_operations(s, defs, globals, nglobals) || s_headers(s, globals, nglobals))
        goto fail;
    free(globals);
    *out = s;
    return 0;
fail:
    free(globals);
    int oom = s->oom;
    mktows_schema_free_(s);
    return oom ? -2 : -1;
}

int mktows_schema_from_table_(mktows_schema **out, const mktows_schema_table *table)
{
    mktows_schema *s = calloc(1, sizeof *s);
    if (!s)
        return -2;
    s->table = table;
    *out = s;
    return 0;
}

const mktows_schema_type *mktows_schema_builtin_at_(const mktows_schema *s, size_t i)
{
    if (i >= sizeof s_builtin / sizeof s_builtin[0])
        return NULL;
    return s->table ? &s->table->builtins[i] : &s->builtins[i];
}

void mktows_schema_free_(mktows_schema *s)
{
    if (!s)
        return;
    if (s->table) {
        free(s);
        return;
    }
    for (size_t i = 0; i < s->type_count; i++) {
        s_type *t = &s->types[i];
        free(t->own);
        free(t->particle_refs);
        free((void *)t->t.particles);
        free((void *)t->t.enum_values);
    }
    free(s->types);
    free(s->ops);
    free(s->headers);
    mktows_xml_doc_free_(s->doc);
    free(s);
}

const char *mktows_schema_namespace_(const mktows_schema *s) { return s->table ? s->table->tns : s->tns; }
size_t mktows_schema_op_count_(const mktows_schema *s) { return s->table ? s->table->op_count : s->op_count; }

const mktows_schema_op *mktows_schema_op_at_(const mktows_schema *s, size_t i)
{
    return s->table ? &s->table->ops[i] : &s->ops[i];
}

const mktows_schema_op *mktows_schema_op_find_(const mktows_schema *s, const char *name)
{
    for (size_t i = 0; i < mktows_schema_op_count_(s); i++)
        if (strcmp(mktows_schema_op_at_(s, i)->name, name) == 0)
            return mktows_schema_op_at_(s, i);
    return NULL;
}

const mktows_schema_op *mktows_schema_op_by_element_(const mktows_schema *s, const char *element)
{
    for (size_t i = 0; i < mktows_schema_op_count_(s); i++)
        if (strcmp(mktows_schema_op_at_(s, i)->element, element) == 0)
            return mktows_schema_op_at_(s, i);
    return NULL;
}

size_t mktows_schema_header_count_(const mktows_schema *s)
{
    return s->table ? s->table->header_count : s->header_count;
}

const mktows_schema_header *mktows_schema_header_at_(const mktows_schema *s, size_t i)
{
    return s->table ? &s->table->headers[i] : &s->headers[i];
}

const mktows_schema_type *mktows_schema_header_type_(const mktows_schema *s, const char *element)
{
    for (size_t i = 0; i < mktows_schema_header_count_(s); i++)
        if (strcmp(mktows_schema_header_at_(s, i)->element, element) == 0)
            return mktows_schema_header_at_(s, i)->type;
    return NULL;
}

int mktows_schema_derives_from_(const mktows_schema_type *t, const mktows_schema_type *base)
{
    for (; t; t = t->base)
        if (t == base)
            return 1;
    return 0;
}

size_t mktows_schema_type_count_(const mktows_schema *s) { return s->table ? s->table->type_count : s->type_count; }

const mktows_schema_type *mktows_schema_type_at_(const mktows_schema *s, size_t i)
{
    return s->table ? &s->table->types[i] : &s->types[i].t;
}
