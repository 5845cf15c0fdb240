#include "xml_compare.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdsoap2.h"

/* Exported by libgsoapssl (built WITH_DOM) but declared only in generated code that uses DOM. */
struct soap_dom_element *soap_in_xsd__anyType(struct soap *, const char *, struct soap_dom_element *,
                                              const char *);
void soap_default_xsd__anyType(struct soap *, struct soap_dom_element *);

typedef struct s_doc {
    struct soap *soap;
    struct soap_dom_element *root;
} s_doc;

static int s_parse(const char *xml, s_doc *doc)
{
    doc->soap = soap_new1(SOAP_C_UTFSTRING | SOAP_DOM_TREE);
    doc->root = NULL;
    if (!doc->soap)
        return -1;
    soap_set_namespaces(doc->soap, NULL); /* keep every namespace as found */
    struct soap_dom_element *dom = soap_malloc(doc->soap, sizeof *dom);
    if (!dom)
        return -1;
    soap_default_xsd__anyType(doc->soap, dom);
    doc->soap->is = xml;
    if (soap_begin_recv(doc->soap) || !soap_in_xsd__anyType(doc->soap, NULL, dom, NULL) ||
        soap_end_recv(doc->soap))
        return -1;
    doc->root = dom;
    return 0;
}

static void s_done(s_doc *doc)
{
    if (doc->soap) {
        soap_destroy(doc->soap);
        soap_end(doc->soap);
        soap_free(doc->soap);
    }
    doc->soap = NULL;
}

static const char *s_local(const char *name)
{
    const char *c = name ? strrchr(name, ':') : NULL;
    return c ? c + 1 : (name ? name : "");
}

static const char *s_ns(const char *ns)
{
    return ns ? ns : "";
}

/* Compare a and b ignoring leading and trailing white space. */
static int s_text_equal(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && isspace((unsigned char)a[la - 1]))
        la--;
    while (lb && isspace((unsigned char)b[lb - 1]))
        lb--;
    return la == lb && strncmp(a, b, la) == 0;
}

static int s_is_xmlns(const struct soap_dom_attribute *att)
{
    return strncmp(att->name, "xmlns", 5) == 0 && (att->name[5] == '\0' || att->name[5] == ':');
}

static size_t s_count_atts(const struct soap_dom_element *e)
{
    size_t n = 0;
    for (const struct soap_dom_attribute *a = e->atts; a; a = a->next)
        if (a->name && !s_is_xmlns(a))
            n++;
    return n;
}

static int s_fail(char *why, size_t why_len, const char *fmt, ...)
{
    if (why && why_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, why_len, fmt, ap);
        va_end(ap);
    }
    return 1;
}

static int s_in_list(const char *name, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static int s_cmp(const struct soap_dom_element *e, const struct soap_dom_element *a, const char *const *ignore,
                 char *why, size_t why_len)
{
    if (strcmp(s_ns(e->nstr), s_ns(a->nstr)) != 0 || strcmp(s_local(e->name), s_local(a->name)) != 0)
        return s_fail(why, why_len, "expected element {%s}%s, got {%s}%s", s_ns(e->nstr), s_local(e->name),
                      s_ns(a->nstr), s_local(a->name));
    if (s_count_atts(e) != s_count_atts(a))
        return s_fail(why, why_len, "element %s: expected %zu attributes, got %zu", s_local(e->name),
                      s_count_atts(e), s_count_atts(a));
    for (const struct soap_dom_attribute *ea = e->atts; ea; ea = ea->next) {
        if (!ea->name || s_is_xmlns(ea))
            continue;
        const struct soap_dom_attribute *aa;
        for (aa = a->atts; aa; aa = aa->next)
            if (aa->name && strcmp(s_ns(ea->nstr), s_ns(aa->nstr)) == 0 &&
                strcmp(s_local(ea->name), s_local(aa->name)) == 0)
                break;
        if (!aa)
            return s_fail(why, why_len, "element %s: missing attribute {%s}%s", s_local(e->name), s_ns(ea->nstr),
                          s_local(ea->name));
        if (!s_text_equal(ea->text, aa->text))
            return s_fail(why, why_len, "element %s: attribute %s is \"%s\", expected \"%s\"", s_local(e->name),
                          s_local(ea->name), aa->text ? aa->text : "", ea->text ? ea->text : "");
    }
    if (!s_in_list(s_local(e->name), ignore) && !s_text_equal(e->text, a->text))
        return s_fail(why, why_len, "element %s: text \"%s\", expected \"%s\"", s_local(e->name),
                      a->text ? a->text : "", e->text ? e->text : "");
    const struct soap_dom_element *ec = e->elts, *ac = a->elts;
    for (; ec && ac; ec = ec->next, ac = ac->next)
        if (s_cmp(ec, ac, ignore, why, why_len))
            return 1;
    if (ec)
        return s_fail(why, why_len, "element %s: missing child %s", s_local(e->name), s_local(ec->name));
    if (ac)
        return s_fail(why, why_len, "element %s: unexpected child %s", s_local(e->name), s_local(ac->name));
    return 0;
}

int mktows_xml_compare(const char *expected, const char *actual, const char *const *ignore_text, char *why,
                       size_t why_len)
{
    s_doc e = { NULL, NULL }, a = { NULL, NULL };
    int rc;
    if (s_parse(expected, &e))
        rc = s_fail(why, why_len, "expected XML does not parse");
    else if (s_parse(actual, &a))
        rc = s_fail(why, why_len, "actual XML does not parse");
    else
        rc = s_cmp(e.root, a.root, ignore_text, why, why_len);
    s_done(&e);
    s_done(&a);
    return rc;
}

static int s_count(const struct soap_dom_element *e, const char *ns, const char *name)
{
    int n = 0;
    for (; e; e = e->next) {
        if ((!ns || strcmp(s_ns(e->nstr), ns) == 0) && strcmp(s_local(e->name), name) == 0)
            n++;
        n += s_count(e->elts, ns, name);
    }
    return n;
}

int mktows_xml_count(const char *xml, const char *ns, const char *name)
{
    s_doc d;
    int n = s_parse(xml, &d) ? -1 : s_count(d.root, ns, name);
    s_done(&d);
    return n;
}

static const struct soap_dom_element *s_find(const struct soap_dom_element *e, const char *name)
{
    for (; e; e = e->next) {
        if (strcmp(s_local(e->name), name) == 0)
            return e;
        const struct soap_dom_element *f = s_find(e->elts, name);
        if (f)
            return f;
    }
    return NULL;
}

char *mktows_xml_text(const char *xml, const char *name)
{
    s_doc d;
    char *out = NULL;
    if (s_parse(xml, &d) == 0) {
        const struct soap_dom_element *e = s_find(d.root, name);
        if (e)
            out = strdup(e->text ? e->text : "");
    }
    s_done(&d);
    return out;
}

static int s_count_attr(const struct soap_dom_element *e, const char *name)
{
    int n = 0;
    for (; e; e = e->next) {
        for (const struct soap_dom_attribute *a = e->atts; a; a = a->next)
            if (a->name && strcmp(s_local(a->name), name) == 0)
                n++;
        n += s_count_attr(e->elts, name);
    }
    return n;
}

int mktows_xml_count_attrs(const char *xml, const char *name)
{
    s_doc d;
    int n = s_parse(xml, &d) ? -1 : s_count_attr(d.root, name);
    s_done(&d);
    return n;
}
