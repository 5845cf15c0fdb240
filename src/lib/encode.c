/* The request encoder (see private/encode.h): JSON → the request element, through the schema. */
#include "private/encode.h"

#include "private/decode_envelope.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_XSD "http://www.w3.org/2001/XMLSchema"

typedef struct s_encoder {
    const mktows_schema *schema;
    FILE *out;
    char path[1024];
    char *err;
    size_t err_size;
} s_encoder;

__attribute__((format(printf, 2, 3)))
static int s_fail(s_encoder *e, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(e->err, e->err_size, "%s: %s", e->path, msg);
    return -1;
}

static size_t s_push_key(s_encoder *e, const char *key)
{
    size_t old = strlen(e->path);
    snprintf(e->path + old, sizeof e->path - old, ".%s", key);
    return old;
}

static size_t s_push_index(s_encoder *e, size_t i)
{
    size_t old = strlen(e->path);
    snprintf(e->path + old, sizeof e->path - old, "[%zu]", i);
    return old;
}

static void s_pop(s_encoder *e, size_t old)
{
    e->path[old] = '\0';
}

static const char *s_jv_kind(const mktows_jv *v)
{
    switch (v->kind) {
    case MKTOWS_JV_NULL: return "null";
    case MKTOWS_JV_BOOL: return v->boolean ? "true" : "false";
    case MKTOWS_JV_NUMBER: return "a number";
    case MKTOWS_JV_STRING: return "a string";
    case MKTOWS_JV_ARRAY: return "an array";
    case MKTOWS_JV_OBJECT: return "an object";
    }
    return "?";
}

/* Character data, escaped; control characters and the non-characters U+FFFE and U+FFFF, which XML
 * 1.0 cannot carry, are an error. (The text is valid UTF-8 without surrogates: the JSON reader's.) */
static int s_text(s_encoder *e, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", e->out); break;
        case '<': fputs("&lt;", e->out); break;
        case '>': fputs("&gt;", e->out); break;
        case '\r': fputs("&#13;", e->out); break;
        case 0xEF: /* EF BF BE / EF BF BF: U+FFFE / U+FFFF */
            if (i + 2 < n && (unsigned char)s[i + 1] == 0xBF && ((unsigned char)s[i + 2] & 0xFE) == 0xBE)
                return s_fail(e, "non-character U+%04X cannot be sent in XML", 0xFFFEu | ((unsigned char)s[i + 2] & 1u));
            fputc(c, e->out);
            break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n')
                return s_fail(e, "control character U+%04X cannot be sent in XML", c);
            fputc(c, e->out);
        }
    }
    return 0;
}

/* "an integer (xs:int)" etc.: what the schema expects of a simple type, for messages. */
static void s_expects(const mktows_schema_type *t, char *buf, size_t size)
{
    switch (t->kind) {
    case MKTOWS_SCHEMA_STRING: snprintf(buf, size, "a string (xs:string)"); return;
    case MKTOWS_SCHEMA_ANYSIMPLE: snprintf(buf, size, "a string (xs:anySimpleType)"); return;
    case MKTOWS_SCHEMA_INT: snprintf(buf, size, "an integer (xs:int)"); return;
    case MKTOWS_SCHEMA_LONG: snprintf(buf, size, "an integer (xs:long)"); return;
    case MKTOWS_SCHEMA_INTEGER: snprintf(buf, size, "an integer (xs:integer)"); return;
    case MKTOWS_SCHEMA_BOOLEAN: snprintf(buf, size, "true or false (xs:boolean)"); return;
    case MKTOWS_SCHEMA_DATETIME:
        snprintf(buf, size, "a date and time string, YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm] (xs:dateTime)");
        return;
    case MKTOWS_SCHEMA_BASE64: snprintf(buf, size, "a base64 string (xs:base64Binary)"); return;
    case MKTOWS_SCHEMA_ENUM: {
        size_t k = (size_t)snprintf(buf, size, "one of ");
        for (size_t i = 0; i < t->enum_count && k < size; i++)
            k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "", t->enum_values[i]);
        if (k < size)
            snprintf(buf + k, size - k, " (%s)", t->name);
        return;
    }
    case MKTOWS_SCHEMA_COMPLEX: snprintf(buf, size, "an object (%s)", t->name); return;
    }
}

/* 1 when the integer text @p digits (no sign, no leading zeros) is at most @p max. */
static int s_le(const char *digits, const char *max)
{
    size_t a = strlen(digits), b = strlen(max);
    return a < b || (a == b && strcmp(digits, max) <= 0);
}

static int s_simple(s_encoder *e, const mktows_schema_type *t, const mktows_jv *v)
{
    char want[600];
    s_expects(t, want, sizeof want);
    switch (t->kind) {
    case MKTOWS_SCHEMA_STRING:
    case MKTOWS_SCHEMA_ANYSIMPLE:
        if (v->kind != MKTOWS_JV_STRING)
            return s_fail(e, "expected %s, got %s", want, s_jv_kind(v));
        return s_text(e, v->text, v->len);
    case MKTOWS_SCHEMA_INT:
    case MKTOWS_SCHEMA_LONG:
    case MKTOWS_SCHEMA_INTEGER: {
        if (v->kind != MKTOWS_JV_NUMBER || strpbrk(v->text, ".eE"))
            return s_fail(e, "expected %s, got %s%s%s", want, s_jv_kind(v), v->kind == MKTOWS_JV_NUMBER ? " " : "",
                          v->kind == MKTOWS_JV_NUMBER ? v->text : "");
        int neg = v->text[0] == '-';
        const char *digits = v->text + neg;
        if ((t->kind == MKTOWS_SCHEMA_INT && !s_le(digits, neg ? "2147483648" : "2147483647")) ||
            (t->kind == MKTOWS_SCHEMA_LONG && !s_le(digits, neg ? "9223372036854775808" : "9223372036854775807")))
            return s_fail(e, "%s is out of range: expected %s", v->text, want);
        fputs(strcmp(v->text, "-0") == 0 ? "0" : v->text, e->out);
        return 0;
    }
    case MKTOWS_SCHEMA_BOOLEAN:
        if (v->kind != MKTOWS_JV_BOOL)
            return s_fail(e, "expected %s, got %s", want, s_jv_kind(v));
        fputs(v->boolean ? "true" : "false", e->out);
        return 0;
    case MKTOWS_SCHEMA_DATETIME:
        if (v->kind != MKTOWS_JV_STRING || mktows_decode_check_datetime_(v->text))
            return s_fail(e, "expected %s, got %s%s%.80s%s", want, s_jv_kind(v),
                          v->kind == MKTOWS_JV_STRING ? " \"" : "", v->kind == MKTOWS_JV_STRING ? v->text : "",
                          v->kind == MKTOWS_JV_STRING ? "\"" : "");
        return s_text(e, v->text, v->len);
    case MKTOWS_SCHEMA_BASE64:
        if (v->kind != MKTOWS_JV_STRING || strspn(v->text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                           "0123456789+/= \t\n") != v->len)
            return s_fail(e, "expected %s, got %s", want, s_jv_kind(v));
        return s_text(e, v->text, v->len);
    case MKTOWS_SCHEMA_ENUM:
        if (v->kind == MKTOWS_JV_STRING)
            for (size_t i = 0; i < t->enum_count; i++)
                if (strcmp(t->enum_values[i], v->text) == 0)
                    return s_text(e, v->text, v->len);
        if (v->kind == MKTOWS_JV_STRING)
            return s_fail(e, "expected %s, got \"%.80s\"", want, v->text);
        return s_fail(e, "expected %s, got %s", want, s_jv_kind(v));
    case MKTOWS_SCHEMA_COMPLEX:
        break;
    }
    return s_fail(e, "internal error: not a simple type");
}

static int s_declares(const mktows_schema_type *t, const char *name)
{
    for (size_t i = 0; i < t->particle_count; i++)
        if (strcmp(t->particles[i].name, name) == 0)
            return 1;
    return 0;
}

static int s_fits(const mktows_schema_type *t, const mktows_jv *obj)
{
    if (t->is_abstract)
        return 0;
    for (const mktows_jv *m = obj->first; m; m = m->next)
        if (!s_declares(t, m->key))
            return 0;
    return 1;
}

/* The concrete type of an object declared as @p t: @p t itself when it is concrete and declares
 * every key, else the one type derived from it that does. NULL with the error reported. */
static const mktows_schema_type *s_pick_type(s_encoder *e, const mktows_schema_type *t, const mktows_jv *obj)
{
    if (s_fits(t, obj))
        return t;
    const mktows_schema_type *found = NULL;
    size_t n = 0;
    char names[512] = "";
    size_t k = 0;
    for (size_t i = 0; i < mktows_schema_type_count_(e->schema); i++) {
        const mktows_schema_type *d = mktows_schema_type_at_(e->schema, i);
        if (d == t || d->kind != MKTOWS_SCHEMA_COMPLEX || !mktows_schema_derives_from_(d, t) || d->is_abstract)
            continue;
        if (k < sizeof names)
            k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", k ? ", " : "", d->name);
        if (s_fits(d, obj)) {
            found = d;
            n++;
        }
    }
    if (n == 1)
        return found;
    if (!k) { /* no derived types: name the first unknown key */
        char expected[512] = "";
        size_t j = 0;
        for (size_t i = 0; i < t->particle_count && j < sizeof expected; i++)
            j += (size_t)snprintf(expected + j, sizeof expected - j, "%s%s", i ? ", " : "", t->particles[i].name);
        for (const mktows_jv *m = obj->first; m; m = m->next)
            if (!s_declares(t, m->key)) {
                size_t old = s_push_key(e, m->key);
                s_fail(e, "unknown element '%.64s' (expected %s)", m->key, *expected ? expected : "no elements");
                s_pop(e, old);
                return NULL;
            }
    }
    if (n == 0)
        return (void)s_fail(e, "%s is abstract: the keys must be the elements of one of %s (the JSON names no type: "
                               "the keys pick it)", t->name, names), NULL;
    return (void)s_fail(e, "the keys fit more than one of %s: add a key that tells them apart", names), NULL;
}

static int s_element(s_encoder *e, const mktows_schema_particle *p, const mktows_jv *v);

static int s_complex_body(s_encoder *e, const mktows_schema_type *t, const mktows_jv *obj)
{
    for (size_t i = 0; i < t->particle_count; i++) {
        const mktows_schema_particle *p = &t->particles[i];
        const mktows_jv *v = mktows_jv_get_(obj, p->name);
        if (!v) {
            if (p->min_occurs > 0)
                return s_fail(e, "required element '%s' missing", p->name);
            continue;
        }
        size_t old = s_push_key(e, p->name);
        int rc;
        if (p->max_occurs != 1) {
            if (v->kind != MKTOWS_JV_ARRAY) {
                rc = s_fail(e, "expected an array: <%s> may repeat (an array also for one item)", p->name);
            } else if ((int)v->count < p->min_occurs) {
                rc = s_fail(e, "at least %d item(s) needed", p->min_occurs);
            } else if (p->max_occurs > 0 && v->count > (size_t)p->max_occurs) {
                rc = s_fail(e, "at most %d item(s) allowed", p->max_occurs);
            } else {
                rc = 0;
                size_t idx = 0;
                for (const mktows_jv *item = v->first; item && !rc; item = item->next, idx++) {
                    size_t o2 = s_push_index(e, idx);
                    rc = s_element(e, p, item);
                    s_pop(e, o2);
                }
            }
        } else {
            rc = s_element(e, p, v);
        }
        if (rc)
            return -1;
        s_pop(e, old);
    }
    return 0;
}

static int s_element(s_encoder *e, const mktows_schema_particle *p, const mktows_jv *v)
{
    const mktows_schema_type *t = p->type;
    if (v->kind == MKTOWS_JV_NULL) {
        if (!p->nillable) {
            char want[600];
            s_expects(t, want, sizeof want);
            return s_fail(e, "null is not allowed: <%s> is not nillable (expected %s%s)", p->name, want,
                          p->min_occurs == 0 ? ", or leave the key out" : "");
        }
        fprintf(e->out, "<%s xsi:nil=\"true\"/>", p->name);
        return 0;
    }
    if (t->kind != MKTOWS_SCHEMA_COMPLEX) {
        fprintf(e->out, "<%s>", p->name);
        if (s_simple(e, t, v))
            return -1;
        fprintf(e->out, "</%s>", p->name);
        return 0;
    }
    if (v->kind != MKTOWS_JV_OBJECT)
        return s_fail(e, "expected an object (%s), got %s", t->name, s_jv_kind(v));
    const mktows_schema_type *actual = s_pick_type(e, t, v);
    if (!actual)
        return -1;
    if (actual != t)
        fprintf(e->out, "<%s xsi:type=\"mkt:%s\">", p->name, actual->name);
    else
        fprintf(e->out, "<%s>", p->name);
    if (s_complex_body(e, actual, v))
        return -1;
    fprintf(e->out, "</%s>", p->name);
    return 0;
}

int mktows_encode_request_(const mktows_schema *schema, const mktows_schema_op *op, const mktows_jv *params,
                          FILE *out, char *err, size_t err_size)
{
    s_encoder e = { schema, out, "$", err, err_size };
    if (params->kind != MKTOWS_JV_OBJECT)
        return s_fail(&e, "expected an object (the elements of %s), got %s", op->input_element, s_jv_kind(params));
    const mktows_schema_type *t = op->input_type;
    for (const mktows_jv *m = params->first; m; m = m->next)
        if (!s_declares(t, m->key)) {
            char expected[512] = "";
            size_t j = 0;
            for (size_t i = 0; i < t->particle_count && j < sizeof expected; i++)
                j += (size_t)snprintf(expected + j, sizeof expected - j, "%s%s", i ? ", " : "", t->particles[i].name);
            s_push_key(&e, m->key);
            return s_fail(&e, "unknown element '%.64s' (expected %s)", m->key, *expected ? expected : "no elements");
        }
    fprintf(out, "<mkt:%s xmlns:mkt=\"%s\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
            op->input_element, mktows_schema_namespace_(schema));
    if (s_complex_body(&e, t, params))
        return -1;
    fprintf(out, "</mkt:%s>", op->input_element);
    return 0;
}

/* ---- help ---- */

static void s_describe(const mktows_schema *schema, const mktows_schema_type *t, int depth, FILE *out)
{
    for (size_t i = 0; i < t->particle_count; i++) {
        const mktows_schema_particle *p = &t->particles[i];
        char want[600];
        s_expects(p->type, want, sizeof want);
        fprintf(out, "  %*s%s%s: %s%s%s\n", depth * 2, "", p->name, p->max_occurs != 1 ? "[]" : "", want,
                p->min_occurs > 0 ? ", required" : ", optional", p->nillable ? ", may be null" : "");
        if (p->type->kind != MKTOWS_SCHEMA_COMPLEX || depth >= 4)
            continue;
        if (p->type->is_abstract) {
            for (size_t k = 0; k < mktows_schema_type_count_(schema); k++) {
                const mktows_schema_type *d = mktows_schema_type_at_(schema, k);
                if (d != p->type && d->kind == MKTOWS_SCHEMA_COMPLEX && mktows_schema_derives_from_(d, p->type)) {
                    fprintf(out, "  %*s  as %s (these keys pick it):\n", depth * 2, "", d->name);
                    s_describe(schema, d, depth + 2, out);
                }
            }
        } else {
            s_describe(schema, p->type, depth + 1, out);
        }
    }
}

void mktows_encode_describe_(const mktows_schema *schema, const mktows_schema_op *op, FILE *out)
{
    s_describe(schema, op->input_type, 0, out);
}
