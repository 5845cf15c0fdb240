/* The response decoder behind mktows_decode_json() (see private/decode_envelope.h). */
#include "private/decode_envelope.h"

#include "private/json_writer.h"

#include <stdarg.h>
#include <string.h>

typedef struct s_decoder {
    const mktows_schema *schema;
    mktows_json w;
    char path[1024];
    size_t path_len;
    char *err;
    size_t err_size;
    int failed;
    mktows_decode_skipped *skipped; /* NULL: strict; otherwise lenient, and what was skipped */
} s_decoder;

__attribute__((format(printf, 3, 4)))
static int s_fail(s_decoder *d, const mktows_xml_node *at, const char *fmt, ...)
{
    if (d->failed)
        return -1;
    d->failed = 1;
    int n = snprintf(d->err, d->err_size, "%s (line %d, column %d): ", d->path, at->line, at->column);
    if (n < 0 || (size_t)n >= d->err_size)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err + n, d->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Append "/name" or "/name[index]" to the path; returns the previous length for s_path_pop. */
static size_t s_path_push(s_decoder *d, const char *name, int index)
{
    /* As snprintf("%s%s[%d]") would, truncated to the buffer, without snprintf: this runs for
     * every element of every response. */
    size_t old = d->path_len, cap = sizeof d->path - 1, n = old;
    char num[16], *q = num + sizeof num;
    if (index > 0) {
        *--q = ']';
        for (unsigned v = (unsigned)index; v; v /= 10)
            *--q = (char)('0' + v % 10);
        *--q = '[';
    }
    const char *parts[3] = { old ? "/" : "", name, q };
    size_t lens[3] = { old ? 1 : 0, strlen(name), (size_t)(num + sizeof num - q) };
    for (int i = 0; i < 3; i++) {
        size_t take = lens[i] < cap - n ? lens[i] : cap - n;
        memcpy(d->path + n, parts[i], take);
        n += take;
    }
    d->path[n] = '\0';
    d->path_len = n;
    return old;
}

static void s_path_pop(s_decoder *d, size_t old)
{
    d->path_len = old;
    d->path[old] = '\0';
}

/* Lenient only: note that @p c, a child of the element at the current path, is skipped (with
 * its subtree). The first one is described; the rest are counted. */
static void s_note_skipped(s_decoder *d, const mktows_xml_node *c)
{
    if (d->skipped->count++ == 0)
        snprintf(d->skipped->first, sizeof d->skipped->first, "<%.128s> in %.800s (line %d, column %d)", c->qname,
                 d->path, c->line, c->column);
}

static int s_is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int s_only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!s_is_xml_space(s[i]))
            return 0;
    return 1;
}

/* The text without leading and trailing XML white space, copied into @p out (truncated). */
static const char *s_trim(const char *s, char *out, size_t size)
{
    while (s_is_xml_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && s_is_xml_space(s[n - 1]))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

/* ---- lexical checks ---- */

int mktows_decode_integer_(const char *text, char *out, size_t size)
{
    while (s_is_xml_space(*text))
        text++;
    int neg = 0;
    if (*text == '+' || *text == '-')
        neg = *text++ == '-';
    const char *digits = text;
    while (*text >= '0' && *text <= '9')
        text++;
    size_t n = (size_t)(text - digits);
    while (s_is_xml_space(*text))
        text++;
    if (n == 0 || *text != '\0')
        return -1;
    while (n > 1 && *digits == '0') {
        digits++;
        n--;
    }
    if (n == 1 && *digits == '0')
        neg = 0;
    if (n + (size_t)neg + 1 > size)
        return -1;
    size_t k = 0;
    if (neg)
        out[k++] = '-';
    memcpy(out + k, digits, n);
    out[k + n] = '\0';
    return 0;
}

/* 1 when the normalised integer @p v lies within [-(max+1), max] for max given as digits. */
static int s_fits(const char *v, const char *max, const char *min_abs)
{
    const char *lim = max;
    if (*v == '-') {
        v++;
        lim = min_abs;
    }
    size_t n = strlen(v), ln = strlen(lim);
    return n < ln || (n == ln && strcmp(v, lim) <= 0);
}

static int s_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int s_num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int mktows_decode_check_datetime_(const char *s)
{
    /* [-]YYYY[Y*]-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm] */
    if (*s == '-')
        s++;
    int yl = 0;
    while (s[yl] >= '0' && s[yl] <= '9')
        yl++;
    if (yl < 4 || (yl > 4 && s[0] == '0'))
        return -1;
    long year = 0;
    for (int i = 0; i < yl && i < 9; i++)
        year = year * 10 + (s[i] - '0');
    s += yl;
    if (s[0] != '-' || !s_digits(s + 1, 2) || s[3] != '-' || !s_digits(s + 4, 2) || s[6] != 'T' ||
        !s_digits(s + 7, 2) || s[9] != ':' || !s_digits(s + 10, 2) || s[12] != ':' || !s_digits(s + 13, 2))
        return -1;
    int mon = s_num(s + 1, 2), day = s_num(s + 4, 2), hh = s_num(s + 7, 2), mm = s_num(s + 10, 2),
        ss = s_num(s + 13, 2);
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1])
        return -1;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (mon == 2 && day == 29 && !leap)
        return -1;
    if (mm > 59 || ss > 59 || hh > 24)
        return -1;
    s += 15;
    int frac_zero = 1;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return -1;
        while (*s >= '0' && *s <= '9')
            frac_zero &= *s++ == '0';
    }
    if (hh == 24 && (mm || ss || !frac_zero))
        return -1;
    if (*s == 'Z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        if (!s_digits(s + 1, 2) || s[3] != ':' || !s_digits(s + 4, 2))
            return -1;
        int th = s_num(s + 1, 2), tm = s_num(s + 4, 2);
        if (tm > 59 || th > 14 || (th == 14 && tm))
            return -1;
        s += 6;
    }
    return *s == '\0' ? 0 : -1;
}

static int s_base64(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '+' ||
              *s == '/' || *s == '=' || s_is_xml_space(*s)))
            return -1;
    return 0;
}

/* ---- values ---- */

static const char *s_kind_name(const mktows_schema_type *t)
{
    switch (t->kind) {
    case MKTOWS_SCHEMA_STRING: return "xs:string";
    case MKTOWS_SCHEMA_INT: return "xs:int";
    case MKTOWS_SCHEMA_LONG: return "xs:long";
    case MKTOWS_SCHEMA_INTEGER: return "xs:integer";
    case MKTOWS_SCHEMA_BOOLEAN: return "xs:boolean";
    case MKTOWS_SCHEMA_DATETIME: return "xs:dateTime";
    case MKTOWS_SCHEMA_ANYSIMPLE: return "xs:anySimpleType";
    case MKTOWS_SCHEMA_BASE64: return "xs:base64Binary";
    case MKTOWS_SCHEMA_ENUM:
    case MKTOWS_SCHEMA_COMPLEX: return t->name;
    }
    return t->name;
}

static int s_simple(s_decoder *d, const mktows_xml_node *n, const mktows_schema_type *t)
{
    if (n->children)
        return s_fail(d, n->children, "unexpected element <%s>: %s holds a %s value, not elements",
                      n->children->qname, n->qname, s_kind_name(t));
    char buf[512];
    switch (t->kind) {
    case MKTOWS_SCHEMA_STRING:
    case MKTOWS_SCHEMA_ANYSIMPLE:
        mktows_json_string_n_(&d->w, n->text, n->text_len);
        return 0;
    case MKTOWS_SCHEMA_INT:
    case MKTOWS_SCHEMA_LONG:
    case MKTOWS_SCHEMA_INTEGER: {
        char big[4096];
        if (mktows_decode_integer_(n->text, big, sizeof big))
            return s_fail(d, n, "'%s' is not a valid %s", s_trim(n->text, buf, 80), s_kind_name(t));
        if ((t->kind == MKTOWS_SCHEMA_INT && !s_fits(big, "2147483647", "2147483648")) ||
            (t->kind == MKTOWS_SCHEMA_LONG && !s_fits(big, "9223372036854775807", "9223372036854775808")))
            return s_fail(d, n, "%s is out of range for %s", s_trim(n->text, buf, 80), s_kind_name(t));
        mktows_json_number_text_(&d->w, big);
        return 0;
    }
    case MKTOWS_SCHEMA_BOOLEAN:
        s_trim(n->text, buf, sizeof buf);
        if (strcmp(buf, "true") == 0 || strcmp(buf, "1") == 0)
            mktows_json_bool_(&d->w, 1);
        else if (strcmp(buf, "false") == 0 || strcmp(buf, "0") == 0)
            mktows_json_bool_(&d->w, 0);
        else
            return s_fail(d, n, "'%.80s' is not a valid xs:boolean (true, false, 1 or 0)", buf);
        return 0;
    case MKTOWS_SCHEMA_DATETIME:
        s_trim(n->text, buf, sizeof buf);
        if (mktows_decode_check_datetime_(buf))
            return s_fail(d, n, "'%.80s' is not a valid xs:dateTime (YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm])", buf);
        mktows_json_string_(&d->w, buf);
        return 0;
    case MKTOWS_SCHEMA_BASE64:
        if (s_base64(n->text))
            return s_fail(d, n, "not valid xs:base64Binary");
        mktows_json_string_(&d->w, s_trim(n->text, buf, sizeof buf));
        return 0;
    case MKTOWS_SCHEMA_ENUM:
        for (size_t i = 0; i < t->enum_count; i++)
            if (strcmp(t->enum_values[i], n->text) == 0) {
                mktows_json_string_(&d->w, t->enum_values[i]);
                return 0;
            }
        return s_fail(d, n, "'%.80s' is not a value of %s", n->text, t->name);
    case MKTOWS_SCHEMA_COMPLEX:
        break;
    }
    return s_fail(d, n, "internal error: not a simple type");
}

static int s_value(s_decoder *d, const mktows_xml_node *n, const mktows_schema_type *t, int nillable, int bare);

/* 1 when complex type @p t declares an element named @p local. */
static int s_declares(const mktows_schema_type *t, const char *local)
{
    for (size_t i = 0; i < t->particle_count; i++)
        if (strcmp(t->particles[i].name, local) == 0)
            return 1;
    return 0;
}

/* Lenient only: from @p c on, skip the children that complex type @p t does not know, and return
 * the first one it does (or NULL). Known means: the local name of one of its elements, whether
 * or not the child is qualified; such a child is never skipped, so a misplaced, repeated or
 * wrongly qualified element is still an error. Strict: returns @p c. */
static const mktows_xml_node *s_skip_unknown(s_decoder *d, const mktows_xml_node *c, const mktows_schema_type *t)
{
    if (!d->skipped)
        return c;
    while (c && !s_declares(t, c->local)) {
        s_note_skipped(d, c);
        c = c->next;
    }
    return c;
}

/* The children of @p n against the particles of complex type @p t, as a JSON object; or, when
 * @p bare, as the value of its one child alone (no braces, no key): the caller has checked that
 * @p t has exactly one particle, required and not repeating, so exactly one value is written. */
static int s_complex(s_decoder *d, const mktows_xml_node *n, const mktows_schema_type *t, int bare)
{
    if (!s_only_space(n->text, n->text_len))
        return s_fail(d, n, "unexpected text in <%s>, which holds only elements", n->qname);
    const mktows_xml_node *c = s_skip_unknown(d, n->children, t);
    if (!bare)
        mktows_json_object_begin_(&d->w);
    for (size_t i = 0; i < t->particle_count; i++) {
        const mktows_schema_particle *p = &t->particles[i];
        int count = 0, repeats = p->max_occurs != 1;
        if (repeats) {
            mktows_json_key_(&d->w, p->name);
            mktows_json_array_begin_(&d->w);
        }
        while (c && !c->ns && strcmp(c->local, p->name) == 0) {
            if (p->max_occurs >= 0 && count == p->max_occurs)
                return p->max_occurs == 1 ? s_fail(d, c, "<%s> appears more than once", p->name)
                                          : s_fail(d, c, "more than %d <%s> elements", p->max_occurs, p->name);
            count++;
            if (!repeats && !bare)
                mktows_json_key_(&d->w, p->name);
            size_t old = s_path_push(d, p->name, repeats ? count : 0);
            int rc = s_value(d, c, p->type, p->nillable, 0);
            s_path_pop(d, old);
            if (rc)
                return -1;
            c = s_skip_unknown(d, c->next, t);
        }
        if (repeats)
            mktows_json_array_end_(&d->w);
        if (count < p->min_occurs) {
            if (c && c->ns)
                break; /* reported below: a qualified child where unqualified ones belong */
            if (c)
                return s_fail(d, c, "missing <%s> (%s) before <%s>", p->name, s_kind_name(p->type), c->qname);
            return s_fail(d, n, "missing <%s> (%s) in <%s>", p->name, s_kind_name(p->type), n->qname);
        }
    }
    if (c) {
        if (c->ns)
            return s_fail(d, c, "unexpected element <%s> in namespace %s: the children of <%s> are unqualified",
                          c->qname, c->ns, n->qname);
        if (s_declares(t, c->local))
            return s_fail(d, c, "<%s> is out of order in <%s> (%s)", c->local, n->qname, t->name);
        return s_fail(d, c, "unknown element <%s> in <%s> (%s)", c->qname, n->qname, t->name);
    }
    if (!bare)
        mktows_json_object_end_(&d->w);
    return 0;
}

/* 1 when complex type @p t holds exactly one element, required and not repeating: the shape of
 * every successX element, whose one child s_complex() can write bare. */
static int s_has_one_child(const mktows_schema_type *t)
{
    return t->kind == MKTOWS_SCHEMA_COMPLEX && t->particle_count == 1 && t->particles[0].min_occurs == 1 &&
           t->particles[0].max_occurs == 1;
}

/* One element's value: honours xsi:nil and xsi:type. With @p bare, the value of its one child
 * instead (see s_complex); an element of any other shape is then an error. */
static int s_value(s_decoder *d, const mktows_xml_node *n, const mktows_schema_type *t, int nillable, int bare)
{
    const char *nil = mktows_xml_attr_value_(n, MKTOWS_XSI, "nil");
    if (nil) {
        char buf[16];
        s_trim(nil, buf, sizeof buf);
        int is_nil = strcmp(buf, "true") == 0 || strcmp(buf, "1") == 0;
        if (!is_nil && strcmp(buf, "false") != 0 && strcmp(buf, "0") != 0)
            return s_fail(d, n, "xsi:nil=\"%s\" is not a boolean", nil);
        if (is_nil) {
            if (!nillable)
                return s_fail(d, n, "<%s> is not nillable, but has xsi:nil=\"%s\"", n->qname, nil);
            if (n->children || n->text_len)
                return s_fail(d, n, "<%s> has xsi:nil=\"%s\" but is not empty", n->qname, nil);
            mktows_json_null_(&d->w);
            return 0;
        }
    }
    const char *xtype = mktows_xml_attr_value_(n, MKTOWS_XSI, "type");
    if (xtype) {
        const char *ns, *local;
        const mktows_schema_type *actual = NULL;
        if (mktows_xml_resolve_qname_(n, xtype, &ns, &local) == 0)
            actual = mktows_schema_type_find_(d->schema, ns, local);
        if (!actual)
            return s_fail(d, n, "xsi:type=\"%s\" is not a type of the mktows schema", xtype);
        if (t->kind == MKTOWS_SCHEMA_COMPLEX ? !mktows_schema_derives_from_(actual, t) : actual != t)
            return s_fail(d, n, "xsi:type=\"%s\" is not %s or derived from it", xtype, t->name);
        t = actual;
    }
    if (bare && !s_has_one_child(t))
        return s_fail(d, n, "<%s> (%s) does not hold exactly one element, so it cannot be unwrapped", n->qname,
                      t->name);
    if (t->kind != MKTOWS_SCHEMA_COMPLEX)
        return s_simple(d, n, t);
    if (t->is_abstract)
        return s_fail(d, n, "<%s> has the abstract type %s and needs an xsi:type naming a concrete one", n->qname,
                      t->name);
    return s_complex(d, n, t, bare);
}

/* ---- SOAP ---- */

static int s_is(const mktows_xml_node *n, const char *ns, const char *local)
{
    return n->ns && strcmp(n->ns, ns) == 0 && strcmp(n->local, local) == 0;
}

static int s_unqualified(const mktows_xml_node *n, const char *local)
{
    return !n->ns && strcmp(n->local, local) == 0;
}

static const char *const s_fault_children[] = { "faultcode", "faultstring", "faultactor", "detail", NULL };
static const char *const s_detail_children[] = { "serviceException", NULL };
static const char *const s_exception_children[] = { "name", "message", "code", NULL };

/* Lenient only: as s_skip_unknown, for the parts of a Fault, whose children are @p known. */
static const mktows_xml_node *s_skip_unknown_in_fault(s_decoder *d, const mktows_xml_node *c,
                                                      const char *const *known)
{
    if (!d->skipped)
        return c;
    for (; c; c = c->next) {
        size_t i = 0;
        while (known[i] && strcmp(known[i], c->local) != 0)
            i++;
        if (known[i])
            break;
        s_note_skipped(d, c);
    }
    return c;
}

/* An optional unqualified child carrying text; advances *c, past the unknown children that
 * follow it when lenient (@p known: the children of @p parent). *c must already be past any
 * unknown children before it. */
static int s_fault_text(s_decoder *d, const mktows_xml_node **c, const char *name, int required,
                        const mktows_xml_node *parent, const mktows_schema_type *type, const char *const *known)
{
    if (*c && s_unqualified(*c, name)) {
        mktows_json_key_(&d->w, name);
        size_t old = s_path_push(d, name, 0);
        int rc = s_simple(d, *c, type);
        s_path_pop(d, old);
        *c = s_skip_unknown_in_fault(d, (*c)->next, known);
        return rc;
    }
    if (required)
        return s_fail(d, *c ? *c : parent, "missing <%s> in the Fault", name);
    return 0;
}

static int s_fault(s_decoder *d, const mktows_xml_node *f)
{
    const mktows_schema_type *str = mktows_schema_type_find_(d->schema, "http://www.w3.org/2001/XMLSchema", "string");
    const mktows_schema_type *integer =
        mktows_schema_type_find_(d->schema, "http://www.w3.org/2001/XMLSchema", "integer");
    size_t top = s_path_push(d, "Fault", 0);
    if (!s_only_space(f->text, f->text_len))
        return s_fail(d, f, "unexpected text in the Fault");
    mktows_json_object_begin_(&d->w);
    mktows_json_key_(&d->w, "Fault");
    mktows_json_object_begin_(&d->w);
    const char *const *fk = s_fault_children;
    const mktows_xml_node *c = s_skip_unknown_in_fault(d, f->children, fk);
    if (s_fault_text(d, &c, "faultcode", 1, f, str, fk) || s_fault_text(d, &c, "faultstring", 1, f, str, fk) ||
        s_fault_text(d, &c, "faultactor", 0, f, str, fk))
        return -1;
    if (c && s_unqualified(c, "detail")) {
        const mktows_xml_node *det = c;
        size_t old = s_path_push(d, "detail", 0);
        if (!s_only_space(det->text, det->text_len))
            return s_fail(d, det, "unexpected text in the fault detail");
        mktows_json_key_(&d->w, "detail");
        mktows_json_object_begin_(&d->w);
        for (const mktows_xml_node *e = s_skip_unknown_in_fault(d, det->children, s_detail_children); e;
             e = s_skip_unknown_in_fault(d, e->next, s_detail_children)) {
            if (!s_is(e, mktows_schema_namespace_(d->schema), "serviceException"))
                return s_fail(d, e, "unexpected element <%s> in the fault detail (expected the mktows serviceException)",
                              e->qname);
            size_t old2 = s_path_push(d, "serviceException", 0);
            if (!s_only_space(e->text, e->text_len))
                return s_fail(d, e, "unexpected text in serviceException");
            mktows_json_key_(&d->w, "serviceException");
            mktows_json_object_begin_(&d->w);
            const char *const *xk = s_exception_children;
            const mktows_xml_node *x = s_skip_unknown_in_fault(d, e->children, xk);
            if (s_fault_text(d, &x, "name", 0, e, str, xk) || s_fault_text(d, &x, "message", 0, e, str, xk) ||
                s_fault_text(d, &x, "code", 0, e, integer, xk))
                return -1;
            if (x)
                return s_fail(d, x, "unexpected element <%s> in serviceException (name, message, code)", x->qname);
            mktows_json_object_end_(&d->w);
            s_path_pop(d, old2);
        }
        mktows_json_object_end_(&d->w);
        s_path_pop(d, old);
        c = s_skip_unknown_in_fault(d, det->next, fk);
    }
    if (c)
        return s_fail(d, c, "unexpected element <%s> in the Fault (faultcode, faultstring, faultactor, detail)",
                      c->qname);
    mktows_json_object_end_(&d->w);
    mktows_json_object_end_(&d->w);
    s_path_pop(d, top);
    return 0;
}

int mktows_decode_value_(const mktows_schema *schema, const mktows_schema_type *type,
                        const mktows_xml_node *node, FILE *out, char *err, size_t err_size)
{
    s_decoder d = { .schema = schema, .err = err, .err_size = err_size };
    mktows_json_init_(&d.w, out);
    s_path_push(&d, node->local, 0);
    return s_value(&d, node, type, 0, 0);
}

int mktows_decode_envelope_(const mktows_schema *schema, const mktows_schema_op *op,
                           const mktows_xml_node *root, int unwrap, mktows_decode_skipped *skipped, FILE *out,
                           int *is_fault, char *err, size_t err_size)
{
    s_decoder d = { .schema = schema, .err = err, .err_size = err_size, .skipped = skipped };
    mktows_json_init_(&d.w, out);
    *is_fault = 0;
    if (skipped) {
        skipped->count = 0;
        skipped->first[0] = '\0';
    }
    if (!s_is(root, MKTOWS_SOAP11_ENV, "Envelope")) {
        if (root->ns && strcmp(root->ns, "http://www.w3.org/2003/05/soap-envelope") == 0)
            return s_fail(&d, root, "a SOAP 1.2 envelope; mktows 2_7 answers in SOAP 1.1 (%s)", MKTOWS_SOAP11_ENV);
        return s_fail(&d, root, "the root element <%s> is not a SOAP 1.1 Envelope", root->qname);
    }
    s_path_push(&d, "Envelope", 0);
    if (!s_only_space(root->text, root->text_len))
        return s_fail(&d, root, "unexpected text in the Envelope");
    const mktows_xml_node *c = root->children;
    if (c && s_is(c, MKTOWS_SOAP11_ENV, "Header"))
        c = c->next; /* mktows declares no response headers; any that come are not decoded */
    if (!c || !s_is(c, MKTOWS_SOAP11_ENV, "Body"))
        return s_fail(&d, c ? c : root, "expected the SOAP Body%s%s", c ? ", found " : "", c ? c->qname : "");
    const mktows_xml_node *body = c;
    if (body->next)
        return s_fail(&d, body->next, "unexpected element <%s> after the Body", body->next->qname);
    s_path_push(&d, "Body", 0);
    if (!s_only_space(body->text, body->text_len))
        return s_fail(&d, body, "unexpected text in the Body");
    const mktows_xml_node *e = body->children;
    if (!e)
        return s_fail(&d, body, "the Body is empty (expected %s or a Fault)", op->element);
    if (e->next)
        return s_fail(&d, e->next, "more than one element in the Body");
    if (s_is(e, MKTOWS_SOAP11_ENV, "Fault")) {
        *is_fault = 1;
        return s_fault(&d, e);
    }
    const char *tns = mktows_schema_namespace_(schema);
    if (e->ns && strcmp(e->ns, tns) == 0 && strcmp(e->local, op->element) != 0) {
        const mktows_schema_op *other = mktows_schema_op_by_element_(schema, e->local);
        if (other)
            return s_fail(&d, e, "<%s> is the response of %s, not of %s (expected %s)", e->qname, other->name,
                          op->name, op->element);
    }
    if (!s_is(e, tns, op->element)) {
        if (!e->ns && strcmp(e->local, op->element) == 0)
            return s_fail(&d, e, "<%s> must be in the namespace %s", e->qname, tns);
        return s_fail(&d, e, "unexpected element <%s>%s%s (expected %s or a Fault)", e->qname,
                      e->ns ? " in namespace " : "", e->ns ? e->ns : "", op->element);
    }
    size_t old = s_path_push(&d, op->element, 0);
    if (unwrap)
        return s_value(&d, e, op->type, 0, 1); /* its one child's value: result (getLeadActivity: leadActivityList) */
    mktows_json_object_begin_(&d.w);
    mktows_json_key_(&d.w, op->element);
    if (s_value(&d, e, op->type, 0, 0))
        return -1;
    mktows_json_object_end_(&d.w);
    s_path_pop(&d, old);
    return 0;
}
