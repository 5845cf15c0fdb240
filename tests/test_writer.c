/* The direct XML writers (gen/mktows_writer.c) against gSOAP's own serializers, byte for byte: for
 * every operation's request and response, the golden message of tests/data/ops/<op>/ is read into
 * the generated structures, then written both ways; then again with each text value in turn
 * replaced by awkward text (markup characters, control characters, UTF-8, empty) and with each
 * simple element in turn left out. And whole envelopes: a dry-run call of every operation sends
 * the same bytes with the writers as with gSOAP's serializers. */
#include "runner.h"

#include "files.h"

#include <mktows/mktows.h>
#include <mktows/json.h>
#include <mktows/ops.h>

#include "soapH.h"
#include "mktows_iface.h"
#include "mktows_writer.h"
#include "private/client.h"
#include "private/writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void *(*s_reader)(struct soap *soap, const char *tag);
typedef int (*s_out)(struct soap *soap, const char *tag, const void *value);
typedef int (*s_writer)(struct mktows_w *w, const void *value);

typedef struct s_element {
    const char *op, *kind, *tag; /* tag: the element name in the golden message */
    s_reader read;
    s_out out;
    s_writer write;
} s_element;

#define S_FUNCS(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)             \
    static void *s_read_req_##fn(struct soap *soap, const char *tag)                             \
    {                                                                                            \
        struct REQ *p = soap_new_##REQ(soap, -1);                                                \
        return p && soap_get_##REQ(soap, p, tag, NULL) ? p : NULL;                               \
    }                                                                                            \
    static void *s_read_resp_##fn(struct soap *soap, const char *tag)                            \
    {                                                                                            \
        struct RESP *p = soap_new_##RESP(soap, -1);                                              \
        return p && soap_get_##RESP(soap, p, tag, NULL) ? p : NULL;                              \
    }                                                                                            \
    static int s_out_req_##fn(struct soap *soap, const char *tag, const void *v)                 \
    {                                                                                            \
        return soap_out_##REQ(soap, tag, 0, (const struct REQ *)v, "");                          \
    }                                                                                            \
    static int s_out_resp_##fn(struct soap *soap, const char *tag, const void *v)                \
    {                                                                                            \
        return soap_out_##RESP(soap, tag, 0, (const struct RESP *)v, "");                        \
    }
MKTOWS_IFACE_OPERATIONS(S_FUNCS)
#undef S_FUNCS

#define S_ROWS(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)              \
    { #op, "request", "mkt:" #req_el, s_read_req_##fn, s_out_req_##fn, mktows_writer_request_##fn }, \
    { #op, "response", "mkt:" #resp_el, s_read_resp_##fn, s_out_resp_##fn, mktows_writer_response_##fn },
static s_element s_elements[] = { MKTOWS_IFACE_OPERATIONS(S_ROWS) };
#undef S_ROWS
#define S_COUNT (sizeof s_elements / sizeof s_elements[0])

static const soap_mode s_mode = SOAP_C_UTFSTRING | SOAP_XML_TREE;

/* Read the element `tag` (in an envelope or alone) from xml; NULL when gSOAP refuses it. */
static void *s_read(struct soap *soap, const s_element *e, const char *xml)
{
    soap->is = xml;
    if (soap_begin_recv(soap))
        return NULL;
    void *v = NULL;
    if (strstr(xml, "Envelope")) {
        if (soap_envelope_begin_in(soap) || soap_recv_header(soap) || soap_body_begin_in(soap))
            return NULL;
    }
    v = e->read(soap, e->tag);
    if (!v || soap_end_recv(soap))
        v = NULL;
    soap->is = NULL;
    return v;
}

/* gSOAP's serialization of the element's content: what lies between its start and end tags. */
static char *s_gsoap_content(struct soap *soap, const s_element *e, const void *v)
{
    char *out = NULL;
    soap->os = (const char **)&out;
    soap_set_omode(soap, SOAP_IO_STORE);
    soap->ns = 1; /* no namespace declarations: the content is compared, not the start tag */
    if (soap_begin_send(soap) || e->out(soap, "wrapper", v) || soap_end_send(soap)) {
        soap->os = NULL;
        return NULL;
    }
    soap->os = NULL;
    if (!out)
        return NULL;
    const char *start = strstr(out, "<wrapper");
    const char *end = strrchr(out, '<');
    if (!start || !end || strncmp(end, "</wrapper>", 10) != 0) {
        /* an element written empty: <wrapper/> */
        return strdup(start && strstr(start, "/>") ? "" : "(unexpected)");
    }
    start = strchr(start, '>') + 1;
    return strndup(start, (size_t)(end - start));
}

static char *s_writer_content(struct soap *soap, const s_element *e, const void *v, int *rc)
{
    mktows_w w = { 0 };
    mktows_w_reset(&w, soap);
    *rc = e->write(&w, v);
    /* w.data is not NUL-terminated: copied by length (strndup() would be checked as a string
     * under ASan's strict_string_checks, reading past the buffer). */
    char *s = *rc == 0 ? malloc(w.len + 1) : NULL;
    if (s) {
        if (w.len)
            memcpy(s, w.data, w.len);
        s[w.len] = '\0';
    }
    mktows_w_free(&w);
    return s;
}

/* Both ways for the message xml; 1 when it could be read and both agree, 0 when unreadable,
 * -1 on a difference (reported). */
static int s_compare(const s_element *e, const char *xml, const char *what)
{
    struct soap *soap = soap_new1(s_mode);
    soap_set_namespaces(soap, namespaces);
    int result = 0;
    void *v = s_read(soap, e, xml);
    if (v) {
        char *want = s_gsoap_content(soap, e, v);
        int rc = 0;
        char *have = s_writer_content(soap, e, v, &rc);
        result = 1;
        if (!want || !have || strcmp(want, have) != 0) {
            fprintf(stderr, "\n%s %s (%s), writer rc %d:\n gSOAP:  %s\n writer: %s\n", e->op, e->kind, what, rc,
                    want ? want : "(null)", have ? have : "(null)");
            result = -1;
        }
        free(want);
        free(have);
    }
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
    return result;
}

static char *s_golden(const s_element *e)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/ops/%s/%s.xml", MKTOWS_TEST_DATA, e->op, e->kind);
    return mktows_read_file(path, NULL);
}

/* gen-writer.py found a writer for every element (a type it cannot follow would leave that
 * operation to gSOAP: slower, so worth knowing). */
static void test_writer__every_request_and_response_has_a_writer(void)
{
#define S_CHECK(op, fn, kind, ctype, supported)                                                    \
    if (!(supported))                                                                              \
        fprintf(stderr, "\n%s %s: no direct writer (gSOAP serializes it)\n", #op, #kind);           \
    CU_ASSERT_TRUE(supported);
    MKTOWS_WRITER_ELEMENTS(S_CHECK)
#undef S_CHECK
}

static void test_writer__goldens_are_written_as_gsoap_writes_them(void)
{
    for (size_t i = 0; i < S_COUNT; i++) {
        const s_element *e = &s_elements[i];
        if (mktows_test_operation_is_new(e->op))
            continue;
        char *xml = s_golden(e);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        int r = s_compare(e, xml, "golden");
        if (r == 0)
            fprintf(stderr, "\n%s %s: gSOAP cannot read the golden message\n", e->op, e->kind);
        CU_ASSERT_EQUAL(r, 1);
        free(xml);
    }
}

/* Text values as they appear in XML, and what they stand for. */
static const char *const s_awkward[] = {
    "a &amp; b &lt;c&gt; d \"e\" 'f'",
    "tab\there, line\nfeed, return&#xD; and &#x1;&#x1F;&#x7F; controls",
    "\xc3\xa9t\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 ]]&gt; &amp;amp;",
    "",
    "   spaced   ",
};

/* Each text value of the golden in turn replaced (variants gSOAP cannot read, a number's element
 * given text, are skipped), then each simple element in turn left out. */
static void test_writer__awkward_text_and_absent_elements_are_written_as_gsoap_writes_them(void)
{
    size_t compared = 0;
    for (size_t i = 0; i < S_COUNT; i++) {
        const s_element *e = &s_elements[i];
        if (mktows_test_operation_is_new(e->op))
            continue;
        char *xml = s_golden(e);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        size_t n = strlen(xml);
        const char *body = strstr(xml, "Body>");
        size_t from = body ? (size_t)(body - xml) : 0;
        for (size_t p = from; p < n; p++) {
            /* a simple element: <name>text</name> with no markup inside */
            if (xml[p] != '<' || xml[p + 1] == '/' || xml[p + 1] == '!' || xml[p + 1] == '?')
                continue;
            const char *gt = strchr(xml + p, '>');
            if (!gt || gt[-1] == '/')
                continue;
            const char *text = gt + 1;
            const char *lt = strchr(text, '<');
            if (!lt || lt[1] != '/')
                continue;
            const char *close_end = strchr(lt, '>');
            if (!close_end)
                continue;
            for (size_t k = 0; k <= sizeof s_awkward / sizeof s_awkward[0]; k++) {
                const char *with = k < sizeof s_awkward / sizeof s_awkward[0] ? s_awkward[k] : NULL;
                size_t head = with ? (size_t)(text - xml) : p;
                size_t tail = with ? (size_t)(lt - xml) : (size_t)(close_end + 1 - xml);
                size_t wl = with ? strlen(with) : 0;
                char *variant = malloc(n + wl + 1);
                CU_ASSERT_PTR_NOT_NULL_FATAL(variant);
                memcpy(variant, xml, head);
                memcpy(variant + head, with ? with : "", wl);
                memcpy(variant + head + wl, xml + tail, n - tail + 1);
                int r = s_compare(e, variant, with ? "awkward text" : "element left out");
                CU_ASSERT_NOT_EQUAL(r, -1);
                if (r == -1)
                    fprintf(stderr, " variant:\n%s\n", variant);
                compared += r == 1;
                free(variant);
            }
        }
        free(xml);
    }
    /* Most variants are readable: the comparison really ran. */
    CU_ASSERT_TRUE(compared > 500);
}

/* The signature and timestamp of a dry-run envelope, blanked: they change every second. */
static void s_blank(char *env, const char *tag)
{
    char open[64];
    snprintf(open, sizeof open, "<%s>", tag);
    char *p = strstr(env, open);
    if (!p)
        return;
    p += strlen(open);
    for (; *p && *p != '<'; p++)
        *p = '-';
}

/* Every operation's dry-run envelope, with the writers and with gSOAP's serializers, for a client
 * with @p user_id and @p workspace (the SOAP header is written by the writers too). */
static void s_envelopes_compare(const char *user_id, const char *workspace)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = "http://127.0.0.1:9/soap/mktows/2_7";
    o.user_id = user_id;
    o.encryption_key = "899756834129871744AAEE88DDCC77CDEEDEC1AAAD66";
    o.workspace = workspace;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        const char *op = mktows_operation_at(i)->name;
        if (mktows_test_operation_is_new(op))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/ops/%s/request.xml", MKTOWS_TEST_DATA, op);
        size_t len = 0;
        char *xml = mktows_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        char *env[2] = { NULL, NULL };
        for (int off = 0; off < 2; off++) {
            c->writer_off = off;
            char why[256] = "";
            mktows_code rc = mktows_call_xml(c, op, xml, len, MKTOWS_CALL_DRY_RUN, &env[off], why, sizeof why);
            if (rc != MKTOWS_OK)
                fprintf(stderr, "\n%s: %s %s\n", op, mktows_strerror(rc), why);
            CU_ASSERT_EQUAL(rc, MKTOWS_OK);
            if (env[off]) {
                s_blank(env[off], "requestSignature");
                s_blank(env[off], "requestTimestamp");
            }
        }
        CU_ASSERT_PTR_NOT_NULL(env[0]);
        CU_ASSERT_PTR_NOT_NULL(env[1]);
        if (env[0] && env[1] && strcmp(env[0], env[1]) != 0)
            fprintf(stderr, "\n%s:\n writer: %s\n gSOAP:  %s\n", op, env[0], env[1]);
        CU_ASSERT_STRING_EQUAL(env[0] ? env[0] : "", env[1] ? env[1] : "-");
        mktows_free(env[0]);
        mktows_free(env[1]);
        free(xml);
    }
    mktows_client_free(c);
}

static void test_writer__every_request_envelope_is_the_same_with_and_without_the_writers(void)
{
    s_envelopes_compare("bigcorp1_461839624B16E06BA2D663", "Europe");
    s_envelopes_compare("bigcorp1_461839624B16E06BA2D663", NULL);
    s_envelopes_compare("a&b<c>\x01\x7f\xc3\xa9\td", "Eu<r>&ope\x1f \xe2\x82\xac");
}

static void test_writer__text_escaping_known_answers(void)
{
    mktows_w w = { 0 };
    mktows_w_reset(&w, NULL);
    mktows_w_text(&w, "a&b<c>d\"e'f\tg\nh\ri\x01j\x1fk\x7fl\xc3\xa9");
    MKTOWS_W_LIT(&w, "|");
    mktows_w_text(&w, "");
    mktows_w_raw(&w, "", 1);
    CU_ASSERT_STRING_EQUAL(w.data, "a&amp;b&lt;c&gt;d\"e'f\tg\nh&#xD;i&#x1;j&#x1F;k&#x7F;l\xc3\xa9|");
    mktows_w_free(&w);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "writer__text_escaping_known_answers", test_writer__text_escaping_known_answers },
        { "writer__every_request_and_response_has_a_writer", test_writer__every_request_and_response_has_a_writer },
        { "writer__goldens_are_written_as_gsoap_writes_them", test_writer__goldens_are_written_as_gsoap_writes_them },
        { "writer__awkward_text_and_absent_elements_are_written_as_gsoap_writes_them",
          test_writer__awkward_text_and_absent_elements_are_written_as_gsoap_writes_them },
        { "writer__every_request_envelope_is_the_same_with_and_without_the_writers",
          test_writer__every_request_envelope_is_the_same_with_and_without_the_writers },
        { NULL, NULL },
    };
    return mktows_test_run("writer", NULL, NULL, cases);
}
