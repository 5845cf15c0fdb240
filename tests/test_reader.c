/* The direct response readers (gen/mktows_reader.c over src/lib/reader.c) against gSOAP's own
 * deserializers: every operation's golden response (tests/data/ops/<op>/response.xml) is received
 * as an HTTP message twice, once by gSOAP's stub soap_recv___mkt__<op>() and once by
 * mktows_reader_recv_<fn>() (which gives up and leaves the same bytes to gSOAP when it does not
 * follow them); both results are serialized by gSOAP (with xsi:nil for NULL, so that NULL and ""
 * differ) and compared byte for byte, and so are the status codes and faults. Then thousands of
 * variants of each golden: awkward text, elements left out, repeated, reordered, given xsi:nil,
 * unknown elements, other prefixes and default namespaces, compact and CRLF layouts, CDATA and
 * comments (which must make the fast path give up). The goldens and most variants must take the
 * fast path: a reader that always gives up fails here. Plus the body arriving in small pieces,
 * two messages on one kept-alive connection, and hostile input to the tokenizer. */
#include "runner.h"

#include "files.h"

#include "soapH.h"
#include "mktows_iface.h"
#include "mktows_reader.h"
#include "private/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*s_recv_fn)(struct soap *soap, void *resp);
typedef int (*s_fast_fn)(struct soap *soap, void *resp, struct mktows_r *r);
typedef int (*s_out_fn)(struct soap *soap, const char *tag, const void *resp);
typedef void *(*s_new_fn)(struct soap *soap);

typedef struct s_op {
    const char *op;
    s_recv_fn recv;
    s_fast_fn fast;
    s_out_fn out;
    s_new_fn make;
} s_op;

#define S_FUNCS(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)               \
    static int s_recv_##fn(struct soap *soap, void *resp)                                          \
    {                                                                                              \
        return soap_recv___mkt__##op(soap, (struct RESP *)resp);                                   \
    }                                                                                              \
    static int s_fast_##fn(struct soap *soap, void *resp, struct mktows_r *r)                      \
    {                                                                                              \
        return mktows_reader_recv_##fn(soap, (struct RESP *)resp, r);                              \
    }                                                                                              \
    static int s_out_##fn(struct soap *soap, const char *tag, const void *resp)                    \
    {                                                                                              \
        return soap_out_##RESP(soap, tag, 0, (const struct RESP *)resp, "");                       \
    }                                                                                              \
    static void *s_new_##fn(struct soap *soap)                                                     \
    {                                                                                              \
        return soap_new_##RESP(soap, -1);                                                          \
    }
MKTOWS_IFACE_OPERATIONS(S_FUNCS)
#undef S_FUNCS

#define S_ROWS(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)                \
    { #op, s_recv_##fn, s_fast_##fn, s_out_##fn, s_new_##fn },
static const s_op s_ops[] = { MKTOWS_IFACE_OPERATIONS(S_ROWS) };
#undef S_ROWS
#define S_OPS (sizeof s_ops / sizeof s_ops[0])

/* ---- an HTTP response as the socket's input, delivered `chunk` bytes per read ---- */

typedef struct s_input {
    const char *data;
    size_t len, pos, chunk;
    size_t traced;     /* body bytes the fpreparerecv hook saw (after the HTTP header, as trace.c) */
    int in_body;
    int (*fparse)(struct soap *);
} s_input;

static size_t s_frecv(struct soap *soap, char *buf, size_t len)
{
    s_input *in = soap->user;
    size_t n = in->len - in->pos;
    if (n > len)
        n = len;
    if (in->chunk && n > in->chunk)
        n = in->chunk;
    memcpy(buf, in->data + in->pos, n);
    in->pos += n;
    return n;
}

static int s_preparerecv(struct soap *soap, const char *data, size_t len)
{
    (void)data;
    s_input *in = soap->user;
    if (in->in_body)
        in->traced += len;
    return SOAP_OK;
}

static int s_fparse(struct soap *soap)
{
    s_input *in = soap->user;
    int rc = in->fparse(soap);
    in->in_body = 1;
    return rc;
}

static char *s_http(const char *body)
{
    size_t n = strlen(body);
    char *msg = malloc(n + 200);
    if (msg)
        snprintf(msg, n + 200,
                 "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n%s", n, body);
    return msg;
}

static struct soap *s_context(s_input *in)
{
    struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
    soap_set_namespaces(soap, namespaces);
    soap->user = in;
    soap->frecv = s_frecv;
    soap->fpreparerecv = s_preparerecv;
    in->fparse = soap->fparse;
    soap->fparse = s_fparse;
    return soap;
}

/* gSOAP's serialization of a result, NULL members as xsi:nil. */
static char *s_serialize(struct soap *soap, const s_op *o, const void *v)
{
    char *out = NULL;
    soap->os = (const char **)&out;
    soap_set_omode(soap, SOAP_IO_STORE | SOAP_XML_NIL);
    soap->ns = 1;
    int bad = soap_begin_send(soap) || o->out(soap, "result", v) || soap_end_send(soap);
    soap->os = NULL;
    soap_clr_omode(soap, SOAP_IO_STORE | SOAP_XML_NIL);
    return bad || !out ? NULL : strdup(out);
}

typedef struct s_outcome {
    int rc;
    char *text;    /* serialized result, or the fault string */
    int fast;      /* the fast path read it */
    const char *why;
} s_outcome;

static void s_receive(const s_op *o, const char *http, size_t chunk, int fast, s_outcome *res)
{
    s_input in = { http, strlen(http), 0, chunk, 0, 0, NULL };
    struct soap *soap = s_context(&in);
    mktows_r r;
    memset(&r, 0, sizeof r);
    void *v = o->make(soap);
    res->rc = fast ? o->fast(soap, v, &r) : o->recv(soap, v);
    res->fast = r.fast == 1;
    res->why = r.why;
    if (res->rc == SOAP_OK)
        res->text = s_serialize(soap, o, v);
    else
        res->text = strdup(soap->fault && soap->fault->faultstring ? soap->fault->faultstring : "(no fault)");
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
}

static size_t s_compared, s_fast_taken;

/* Both ways; 1 when they agree (fast_taken counted), -1 on a difference (reported). */
static int s_compare(const s_op *o, const char *body, const char *what)
{
    char *http = s_http(body);
    s_outcome g = { 0, NULL, 0, NULL }, f = { 0, NULL, 0, NULL };
    s_receive(o, http, 0, 0, &g);
    s_receive(o, http, 0, 1, &f);
    int ok = g.rc == f.rc && g.text && f.text && strcmp(g.text, f.text) == 0;
    if (!ok)
        fprintf(stderr, "\n%s (%s): gSOAP rc %d, fast rc %d (fast path %s)\n gSOAP: %s\n fast:  %s\n body: %s\n", o->op, what,
                g.rc, f.rc, f.fast ? "taken" : f.why ? f.why : "not taken", g.text ? g.text : "(null)",
                f.text ? f.text : "(null)", body);
    s_compared++;
    s_fast_taken += f.fast;
    if (getenv("MKTOWS_TEST_READER_VERBOSE"))
        fprintf(stderr, "variant\t%s\t%s\t%s\n", what, f.fast ? "fast" : "gave-up", f.fast ? "" : f.why ? f.why : "-");
    free(g.text);
    free(f.text);
    free(http);
    return ok ? (f.fast ? 2 : 1) : -1;
}

static char *s_golden(const char *op)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/ops/%s/response.xml", MKTOWS_TEST_DATA, op);
    return mktows_read_file(path, NULL);
}

static void test_reader__every_response_has_a_reader(void)
{
#define S_CHECK(op, fn, ctype, element, supported)                                                 \
    if (!(supported))                                                                              \
        fprintf(stderr, "\n%s: no direct reader (gSOAP reads it)\n", #op);                          \
    CU_ASSERT_TRUE(supported);
    MKTOWS_READER_ELEMENTS(S_CHECK)
#undef S_CHECK
}

static void test_reader__goldens_are_read_as_gsoap_reads_them_on_the_fast_path(void)
{
    for (size_t i = 0; i < S_OPS; i++) {
        if (mktows_test_operation_is_new(s_ops[i].op))
            continue;
        char *xml = s_golden(s_ops[i].op);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        int r = s_compare(&s_ops[i], xml, "golden");
        if (r == 1)
            fprintf(stderr, "\n%s: the fast path gave up on the golden response\n", s_ops[i].op);
        CU_ASSERT_EQUAL(r, 2);
        free(xml);
    }
}

/* ---- variants ---- */

typedef struct s_span {
    size_t start, end;      /* the element, start tag to end tag */
    size_t open_end;        /* after its start tag's '>' */
    size_t close_start;     /* its end tag's '<' (== end for <x/>) */
    int depth, leaf;
} s_span;

/* The elements of a well-formed golden (no comments, CDATA or PIs after the declaration). */
static size_t s_spans(const char *xml, s_span *out, size_t max)
{
    size_t n = 0, stack[64];
    int depth = 0;
    for (const char *p = xml; (p = strchr(p, '<')) != NULL;) {
        if (p[1] == '?' || p[1] == '!') {
            p++;
            continue;
        }
        const char *gt = strchr(p, '>');
        if (!gt)
            break;
        if (p[1] == '/') {
            if (depth > 0) {
                s_span *s = &out[stack[--depth]];
                s->close_start = (size_t)(p - xml);
                s->end = (size_t)(gt + 1 - xml);
            }
        } else if (n < max && depth < 64) {
            s_span *s = &out[n];
            s->start = (size_t)(p - xml);
            s->open_end = (size_t)(gt + 1 - xml);
            s->depth = depth;
            s->leaf = 1;
            for (int d = 0; d < depth; d++)
                out[stack[d]].leaf = 0;
            if (gt[-1] == '/') {
                s->close_start = s->end = s->open_end;
            } else {
                stack[depth++] = n;
            }
            n++;
        }
        p = gt + 1;
    }
    return n;
}

static char *s_splice(const char *xml, size_t from, size_t to, const char *with, size_t with_len)
{
    size_t n = strlen(xml);
    char *v = malloc(n - (to - from) + with_len + 1);
    memcpy(v, xml, from);
    memcpy(v + from, with, with_len);
    memcpy(v + from + with_len, xml + to, n - to + 1);
    return v;
}

static size_t s_failures;

static void s_try(const s_op *o, char *variant, const char *what)
{
    int r = s_compare(o, variant, what);
    if (r < 0)
        s_failures++;
    free(variant);
}

static const char *const s_awkward[] = {
    "a &amp; b &lt;c&gt; d &quot;e&quot; &apos;f&apos; \"g\" 'h' >",
    "tab\there, line\nfeed, return\r and &#xD;&#13;&#x9;&#1;&#x1F;&#x7F; references",
    "\xc3\xa9t\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 &#233;&#xE9;&#x4E2D;&#x10348;&#65;&#x42;",
    "",
    "   spaced   ",
    "\n  \n",
    "&#x1F600;",          /* 7 bytes before ';': gSOAP reads it differently */
    "&#128512;",
    "&#0;x",              /* gSOAP's string ends there */
    "&nbsp;&copy;",       /* HTML entities gSOAP knows */
    "&bogus;",
    "a]]>b/>c",
    "\xff\xfe bad UTF-8 \xc0\x80",
    "<![CDATA[cdata <text> & more]]>",
    "before<!-- comment -->after",
    "x<?pi data?>y",
    "12",
    " 12 ",
    "-7",
    "true",
    "2026-11-30T01:02:03Z",
    "CREATED",
};
#define S_AWKWARD (sizeof s_awkward / sizeof s_awkward[0])

static void s_variants(const s_op *o, const char *xml)
{
    s_span spans[512];
    size_t n = s_spans(xml, spans, 512);
    /* Spans from the response element down (the envelope and body are depth 0 and 1). */
    for (size_t i = 0; i < n; i++) {
        const s_span *s = &spans[i];
        if (s->depth < 2)
            continue;
        int inner = s->depth > 2;
        if (s->leaf) {
            for (size_t k = 0; k < S_AWKWARD; k++) {
                char *with = strdup(s_awkward[k]);
                if (s->close_start == s->open_end && s->open_end == s->end) {
                    free(with);
                    break; /* <x/>: nothing to replace */
                }
                s_try(o, s_splice(xml, s->open_end, s->close_start, with, strlen(with)), "awkward text");
                free(with);
            }
        }
        if (inner) {
            /* left out */
            s_try(o, s_splice(xml, s->start, s->end, "", 0), "element left out");
            /* repeated: a second copy right after, then one with other content */
            s_try(o, s_splice(xml, s->end, s->end, xml + s->start, s->end - s->start), "element repeated");
            /* xsi:nil */
            size_t name_end = s->start + 1;
            while (xml[name_end] != ' ' && xml[name_end] != '>' && xml[name_end] != '/')
                name_end++;
            static const char nil[] = " xsi:nil=\"true\"";
            s_try(o, s_splice(xml, name_end, name_end, nil, sizeof nil - 1), "xsi:nil");
            static const char nil_false[] = " xsi:nil=\"false\"";
            s_try(o, s_splice(xml, name_end, name_end, nil_false, sizeof nil_false - 1), "xsi:nil false");
            static const char other_attr[] = " id=\"x1\"";
            s_try(o, s_splice(xml, name_end, name_end, other_attr, sizeof other_attr - 1), "an id attribute");
            /* reordered with its next sibling */
            for (size_t j = i + 1; j < n; j++) {
                if (spans[j].depth < s->depth)
                    break;
                if (spans[j].depth == s->depth) {
                    const s_span *t = &spans[j];
                    size_t a = s->end - s->start, gap = t->start - s->end, b = t->end - t->start;
                    char *swapped = malloc(a + gap + b);
                    memcpy(swapped, xml + t->start, b);
                    memcpy(swapped + b, xml + s->end, gap);
                    memcpy(swapped + b + gap, xml + s->start, a);
                    s_try(o, s_splice(xml, s->start, t->end, swapped, a + gap + b), "reordered");
                    free(swapped);
                    break;
                }
            }
        }
        /* an unknown element (with children) first inside this one, and a comment */
        if (s->open_end != s->end) {
            static const char unknown[] = "<zzUnknown a=\"\"><zzChild>1</zzChild><zzEmpty/>text</zzUnknown>";
            static const char unknown_plain[] = "<zzUnknown><zzChild>1 &amp; 2</zzChild><zzEmpty/></zzUnknown>";
            static const char unknown_env[] = "<SOAP-ENV:zzUnknown/>";
            static const char comment[] = "<!-- a comment -->";
            s_try(o, s_splice(xml, s->open_end, s->open_end, unknown, sizeof unknown - 1), "unknown element with attribute");
            s_try(o, s_splice(xml, s->open_end, s->open_end, unknown_plain, sizeof unknown_plain - 1), "unknown element");
            s_try(o, s_splice(xml, s->open_end, s->open_end, unknown_env, sizeof unknown_env - 1), "unknown SOAP-ENV element");
            s_try(o, s_splice(xml, s->open_end, s->open_end, comment, sizeof comment - 1), "comment");
        }
    }
}

/* Replace every occurrence of `from` by `to`. */
static char *s_replace_all(const char *xml, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), count = 0;
    for (const char *p = xml; (p = strstr(p, from)) != NULL; p += fl)
        count++;
    char *out = malloc(strlen(xml) + count * (tl > fl ? tl - fl : 0) + 1);
    char *o = out;
    const char *p = xml;
    for (const char *q; (q = strstr(p, from)) != NULL; p = q + fl) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, tl);
        o += tl;
    }
    strcpy(o, p);
    return out;
}

/* Whitespace between tags removed. */
static char *s_compact(const char *xml)
{
    char *out = strdup(xml);
    char *o = out;
    for (const char *p = xml; *p; p++) {
        if (*p == '>') {
            *o++ = *p;
            const char *q = p + 1;
            while (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t')
                q++;
            if (*q == '<') {
                p = q - 1;
                continue;
            }
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static void s_document_variants(const s_op *o, const char *xml)
{
    char *a = s_replace_all(xml, "ns1:", "m:");
    char *b = s_replace_all(a, "xmlns:ns1=", "xmlns:m=");
    s_try(o, b, "prefix m");
    free(a);
    a = s_replace_all(xml, "SOAP-ENV", "soap");
    s_try(o, a, "prefix soap");
    /* the response element in Marketo's namespace as its default namespace */
    char open[128], close[128];
    const char *el = strstr(xml, "<ns1:");
    if (el) {
        size_t k = strcspn(el + 5, " >");
        snprintf(open, sizeof open, "<ns1:%.*s>", (int)k, el + 5);
        snprintf(close, sizeof close, "</ns1:%.*s>", (int)k, el + 5);
        char dopen[256], dclose[128];
        snprintf(dopen, sizeof dopen, "<%.*s xmlns=\"http://www.marketo.com/mktows/\">", (int)k, el + 5);
        snprintf(dclose, sizeof dclose, "</%.*s>", (int)k, el + 5);
        a = s_replace_all(xml, open, dopen);
        b = s_replace_all(a, close, dclose);
        s_try(o, b, "default namespace");
        free(a);
        snprintf(dopen, sizeof dopen, "<%.*s xmlns=\"urn:other\">", (int)k, el + 5);
        a = s_replace_all(xml, open, dopen);
        b = s_replace_all(a, close, dclose);
        s_try(o, b, "default namespace not Marketo's");
        free(a);
        snprintf(dopen, sizeof dopen, "<m:%.*s xmlns:m=\"http://www.marketo.com/mktows/\">", (int)k, el + 5);
        snprintf(dclose, sizeof dclose, "</m:%.*s>", (int)k, el + 5);
        a = s_replace_all(xml, open, dopen);
        b = s_replace_all(a, close, dclose);
        s_try(o, b, "namespace declared on the element");
        free(a);
        a = s_replace_all(xml, "\"http://www.marketo.com/mktows/\"", "\"http://www.marketo.com/mktows/x\"");
        s_try(o, a, "another namespace");
    }
    s_try(o, s_compact(xml), "compact");
    s_try(o, s_replace_all(xml, "\n", "\r\n"), "CRLF");
    s_try(o, s_replace_all(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", ""), "no declaration");
    s_try(o, s_replace_all(xml, "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\""), "Latin-1");
    s_try(o, s_replace_all(xml, "<SOAP-ENV:Body>", "<SOAP-ENV:Header><h>1</h></SOAP-ENV:Header><SOAP-ENV:Body>"), "header");
    s_try(o, s_replace_all(xml, "</SOAP-ENV:Envelope>", "</SOAP-ENV:Envelope>\n\n  "), "trailing whitespace");
    s_try(o, s_replace_all(xml, "</SOAP-ENV:Envelope>", "</SOAP-ENV:Envelope><x/>"), "trailing element");
    s_try(o, s_replace_all(xml, "</SOAP-ENV:Body>", "<extra/></SOAP-ENV:Body>"), "second body element");
    s_try(o, s_replace_all(xml, "<SOAP-ENV:Body>", "<SOAP-ENV:Body><!DOCTYPE x>"), "doctype");
}

static void test_reader__variants_are_read_as_gsoap_reads_them(void)
{
    s_compared = s_fast_taken = s_failures = 0;
    for (size_t i = 0; i < S_OPS; i++) {
        if (mktows_test_operation_is_new(s_ops[i].op))
            continue;
        char *xml = s_golden(s_ops[i].op);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        s_variants(&s_ops[i], xml);
        s_document_variants(&s_ops[i], xml);
        free(xml);
    }
    fprintf(stderr, "\n%zu variants compared, %zu read on the fast path, %zu differences\n", s_compared, s_fast_taken,
            s_failures);
    CU_ASSERT_EQUAL(s_failures, 0);
    CU_ASSERT_TRUE(s_compared > 2000);
    /* many variants are meant to make it give up (references gSOAP reads its own way, comments,
     * CDATA, other attributes, ...); the others must not */
    CU_ASSERT_TRUE(s_fast_taken > 2000);
}

/* A SOAP Fault (HTTP 500 as servers send it, and 200) is left to gSOAP: same status and fault. */
static void test_reader__faults_are_left_to_gsoap(void)
{
    static const char fault[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
        "<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>20014 - Bad lead</faultstring>"
        "<detail><ns1:serviceException xmlns:ns1=\"http://www.marketo.com/mktows/\"><name>mktServiceException</name>"
        "<message>Bad lead (20014)</message><code>20014</code></ns1:serviceException></detail></SOAP-ENV:Fault>"
        "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    for (size_t i = 0; i < S_OPS; i++) {
        int r = s_compare(&s_ops[i], fault, "fault");
        CU_ASSERT_EQUAL(r, 1);
    }
    char *http = s_http(fault);
    char *p = strstr(http, "200 OK");
    memcpy(p, "500 Int", 7);
    s_outcome g = { 0, NULL, 0, NULL }, f = { 0, NULL, 0, NULL };
    s_receive(&s_ops[0], http, 0, 0, &g);
    s_receive(&s_ops[0], http, 0, 1, &f);
    CU_ASSERT_EQUAL(g.rc, SOAP_CLI_FAULT); /* faultcode SOAP-ENV:Client */
    CU_ASSERT_EQUAL(f.rc, g.rc);
    CU_ASSERT_STRING_EQUAL(f.text ? f.text : "", g.text ? g.text : "-");
    CU_ASSERT_FALSE(f.fast);
    free(g.text);
    free(f.text);
    free(http);
}

/* The body arriving a few bytes per read: the fast path reads the rest itself, the trace hook sees
 * every byte once, and the result is gSOAP's. */
static void test_reader__body_in_small_pieces_is_completed_and_traced(void)
{
    for (size_t i = 0; i < S_OPS; i++) {
        if (mktows_test_operation_is_new(s_ops[i].op))
            continue;
        char *xml = s_golden(s_ops[i].op);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        char *http = s_http(xml);
        size_t body = strlen(xml);
        for (size_t chunk = 7; chunk <= 4096; chunk *= 3) {
            s_input in = { http, strlen(http), 0, chunk, 0, 0, NULL };
            struct soap *soap = s_context(&in);
            mktows_r r;
            memset(&r, 0, sizeof r);
            void *v = s_ops[i].make(soap);
            CU_ASSERT_EQUAL(s_ops[i].fast(soap, v, &r), SOAP_OK);
            CU_ASSERT_EQUAL(r.fast, 1);
            CU_ASSERT_EQUAL(in.pos, in.len);
            CU_ASSERT_EQUAL(in.traced, body);
            char *fast = s_serialize(soap, &s_ops[i], v);
            soap_destroy(soap);
            soap_end(soap);
            soap_free(soap);
            s_outcome g = { 0, NULL, 0, NULL };
            s_receive(&s_ops[i], http, chunk, 0, &g);
            CU_ASSERT_EQUAL(g.rc, SOAP_OK);
            CU_ASSERT_STRING_EQUAL(fast ? fast : "", g.text ? g.text : "-");
            free(fast);
            free(g.text);
        }
        free(http);
        free(xml);
    }
}

/* Two responses on one kept-alive connection, arriving together: the first read on the fast path
 * leaves the second in the buffer, and it is read next (fast path again). */
static void test_reader__kept_alive_connection_reads_the_next_message(void)
{
    const s_op *o = NULL;
    for (size_t i = 0; i < S_OPS; i++)
        if (strcmp(s_ops[i].op, "syncLead") == 0)
            o = &s_ops[i];
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    char *xml = s_golden(o->op);
    char *one = s_http(xml);
    char *a = s_replace_all(one, "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n");
    size_t n = strlen(a);
    char *two = malloc(2 * n + 1);
    memcpy(two, a, n);
    memcpy(two + n, a, n + 1);
    s_input in = { two, 2 * n, 0, 0, 0, 0, NULL };
    struct soap *soap = s_context(&in);
    soap_set_imode(soap, SOAP_IO_KEEPALIVE);
    soap_set_omode(soap, SOAP_IO_KEEPALIVE);
    soap->keep_alive = 1;
    mktows_r r;
    memset(&r, 0, sizeof r);
    for (int k = 0; k < 2; k++) {
        void *v = o->make(soap);
        CU_ASSERT_EQUAL(o->fast(soap, v, &r), SOAP_OK);
        CU_ASSERT_EQUAL(r.fast, (unsigned long)k + 1);
        CU_ASSERT_TRUE(soap->keep_alive != 0);
        soap_destroy(soap);
        soap_end(soap);
    }
    CU_ASSERT_EQUAL(in.pos, in.len);
    soap_free(soap);
    free(two);
    free(a);
    free(one);
    free(xml);
}

static void test_reader__text_known_answers(void)
{
    static const char xml[] = "<x>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#xe9;&#x4E2D; \t\r\n</x>";
    struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
    mktows_r r;
    memset(&r, 0, sizeof r);
    mktows_r_init(&r, soap, xml, xml + sizeof xml - 1);
    CU_ASSERT_EQUAL(mktows_r_open(&r), 1);
    char *s = NULL;
    CU_ASSERT_EQUAL(mktows_r_string(&r, &s), 0);
    CU_ASSERT_STRING_EQUAL(s ? s : "", "<>&\"'AB\xc3\xa9\xe4\xb8\xad \t\r\n");
    CU_ASSERT_EQUAL(r.depth, 0);
    soap_end(soap);
    soap_free(soap);
}

static double s_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run the syncLead reader over [xml, xml+n) positioned on the response element; its status. */
static int s_read_root(struct soap *soap, const char *xml, size_t n, mktows_r *r)
{
    memset(r, 0, sizeof *r);
    mktows_r_init(r, soap, xml, xml + n);
    if (mktows_r_open(r) != 1)
        return -1;
    struct mkt__SuccessSyncLead *v = soap_new_mkt__SuccessSyncLead(soap, -1);
    return mktows_reader_response_sync_lead_raw(r, v);
}

/* Hostile input: linear time, memory bounded by the input, no crash; the reader gives up early
 * where it would have to follow too much (attributes, depth). */
static void test_reader__hostile_input_is_linear_and_bounded(void)
{
    struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
    mktows_r r;
    /* 100,000 attributes */
    size_t n = 100000 * 12 + 64;
    char *xml = malloc(n);
    size_t len = (size_t)snprintf(xml, n, "<successSyncLead><result");
    for (int i = 0; i < 100000; i++)
        len += (size_t)snprintf(xml + len, n - len, " a%d=\"1\"", i);
    len += (size_t)snprintf(xml + len, n - len, "/></successSyncLead>");
    double t0 = s_now_s();
    CU_ASSERT_EQUAL(s_read_root(soap, xml, len, &r), -1);
    CU_ASSERT_TRUE(s_now_s() - t0 < 1.0);
    CU_ASSERT_STRING_EQUAL(r.why ? r.why : "", "too many attributes");
    free(xml);
    /* 1,000,000 nested unknown elements */
    size_t depth = 1000000;
    n = depth * 7 + 64;
    xml = malloc(n);
    len = (size_t)snprintf(xml, n, "<successSyncLead>");
    for (size_t i = 0; i < depth; i++) {
        memcpy(xml + len, "<a>", 3);
        len += 3;
    }
    for (size_t i = 0; i < depth; i++) {
        memcpy(xml + len, "</a>", 4);
        len += 4;
    }
    len += (size_t)snprintf(xml + len, n - len, "</successSyncLead>");
    t0 = s_now_s();
    CU_ASSERT_EQUAL(s_read_root(soap, xml, len, &r), -1);
    CU_ASSERT_TRUE(s_now_s() - t0 < 1.0);
    CU_ASSERT_STRING_EQUAL(r.why ? r.why : "", "too deep");
    free(xml);
    /* a 50 MB text node of &amp; */
    static const char head[] = "<successSyncLead><result><leadId>1</leadId><syncStatus><leadId>1</leadId>"
                               "<status>CREATED</status><error>";
    static const char tail[] = "</error></syncStatus></result></successSyncLead>";
    size_t amps = 50u * 1024 * 1024 / 5;
    n = sizeof head + amps * 5 + sizeof tail;
    xml = malloc(n);
    memcpy(xml, head, sizeof head - 1);
    len = sizeof head - 1;
    for (size_t i = 0; i < amps; i++) {
        memcpy(xml + len, "&amp;", 5);
        len += 5;
    }
    memcpy(xml + len, tail, sizeof tail - 1);
    len += sizeof tail - 1;
    t0 = s_now_s();
    memset(&r, 0, sizeof r);
    mktows_r_init(&r, soap, xml, xml + len);
    CU_ASSERT_EQUAL_FATAL(mktows_r_open(&r), 1);
    struct mkt__SuccessSyncLead *v = soap_new_mkt__SuccessSyncLead(soap, -1);
    CU_ASSERT_EQUAL(mktows_reader_response_sync_lead_raw(&r, v), 0);
    double took = s_now_s() - t0;
    fprintf(stderr, "\n50 MB of &amp; read in %.2f s\n", took);
    CU_ASSERT_TRUE(took < 30.0);
    CU_ASSERT_TRUE(v->result && v->result->syncStatus && v->result->syncStatus->error &&
                   strlen(v->result->syncStatus->error) == amps);
    free(xml);
    soap_end(soap);
    soap_free(soap);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "reader__text_known_answers", test_reader__text_known_answers },
        { "reader__every_response_has_a_reader", test_reader__every_response_has_a_reader },
        { "reader__goldens_are_read_as_gsoap_reads_them_on_the_fast_path",
          test_reader__goldens_are_read_as_gsoap_reads_them_on_the_fast_path },
        { "reader__variants_are_read_as_gsoap_reads_them", test_reader__variants_are_read_as_gsoap_reads_them },
        { "reader__faults_are_left_to_gsoap", test_reader__faults_are_left_to_gsoap },
        { "reader__body_in_small_pieces_is_completed_and_traced",
          test_reader__body_in_small_pieces_is_completed_and_traced },
        { "reader__kept_alive_connection_reads_the_next_message",
          test_reader__kept_alive_connection_reads_the_next_message },
        { "reader__hostile_input_is_linear_and_bounded", test_reader__hostile_input_is_linear_and_bounded },
        { NULL, NULL },
    };
    return mktows_test_run("reader", NULL, NULL, cases);
}
