/* syncLead on the wire, against the mock transport: the request envelope matches the syncLead
 * page's example element for element, the page's response parses, headers are signed afresh on
 * every call, MktowsContextHeader goes only on syncLead, and the trace never holds the key. */
#include "runner.h"
#include "private/call.h"
#include "private/soap.h" /* mktows_client_soap() */

#include <mktows/mktows.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_transport.h"
#include "soapH.h"
#include "files.h"
#include "xml_compare.h"

#define S_MKT_NS "http://www.marketo.com/mktows/"

static const char *const s_header_values[] = { "requestSignature", "requestTimestamp", NULL };

static const mktows_lead_attribute s_george[] = {
    { "FirstName", "George", NULL },
    { "LastName", "of the Jungle", NULL },
};

static mktows_sync_lead_request s_page_request(void)
{
    mktows_sync_lead_request r = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    r.email = "t@t.com";
    r.attrs = s_george;
    r.attr_count = 2;
    r.return_lead = 0;
    return r;
}

static char *s_fixture(const char *relpath)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", MKTOWS_TEST_DATA, relpath);
    return mktows_read_file(path, NULL);
}

/* The header of @p xml carries this client's user id, a timestamp within a minute of now and the
 * signature of that timestamp. */
static void s_assert_signed_header(const char *xml)
{
    char *uid = mktows_xml_text(xml, "mktowsUserId");
    char *ts = mktows_xml_text(xml, "requestTimestamp");
    char *sig = mktows_xml_text(xml, "requestSignature");
    CU_ASSERT_PTR_NOT_NULL_FATAL(uid);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ts);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sig);
    CU_ASSERT_STRING_EQUAL(uid, MKTOWS_MOCK_USER_ID);
    time_t t = 0;
    CU_ASSERT_EQUAL(mktows_timestamp_parse(ts, &t), MKTOWS_OK);
    CU_ASSERT_TRUE(llabs((long long)(time(NULL) - t)) <= 60);
    char expected[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL(mktows_sign(ts, MKTOWS_MOCK_USER_ID, MKTOWS_MOCK_KEY, expected), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(sig, expected);
    free(uid);
    free(ts);
    free(sig);
}

static void test_wire__render_matches_synclead_page_request(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_sync_lead_request r = s_page_request();
    char *xml = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_render(c, &r, &xml), MKTOWS_OK);
    char *expected = s_fixture("synclead/request.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
    char why[512] = "";
    int diff = mktows_xml_compare(expected, xml, s_header_values, why, sizeof why);
    if (diff)
        fprintf(stderr, "\n%s\n%s\n", why, xml);
    CU_ASSERT_EQUAL(diff, 0);
    s_assert_signed_header(xml);
    CU_ASSERT_STRING_EQUAL(mktows_client_errmsg(c), "");
    free(expected);
    mktows_free(xml);
    mktows_client_free(c);
}

static void test_wire__request_has_no_must_understand_attribute(void)
{
    mktows_client *c = mktows_mock_client_new("Default", NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_sync_lead_request r = s_page_request();
    char *xml = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_render(c, &r, &xml), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_xml_count_attrs(xml, "mustUnderstand"), 0);
    CU_ASSERT_EQUAL(mktows_xml_count(xml, S_MKT_NS, "MktowsContextHeader"), 1);
    mktows_free(xml);
    mktows_client_free(c);
}

static void test_wire__render_writes_every_field_in_schema_order(void)
{
    static const char *const expected =
        "<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/' xmlns:m='http://www.marketo.com/mktows/'>"
        "<e:Header><m:AuthenticationHeader><mktowsUserId>" MKTOWS_MOCK_USER_ID "</mktowsUserId>"
        "<requestSignature/><requestTimestamp/></m:AuthenticationHeader></e:Header>"
        "<e:Body><m:paramsSyncLead><leadRecord><Id>77</Id><Email>a&amp;b@example.com</Email>"
        "<ForeignSysPersonId>SF-1</ForeignSysPersonId><ForeignSysType>SFDC</ForeignSysType>"
        "<leadAttributeList><attribute><attrName>Company</attrName><attrType>string</attrType>"
        "<attrValue>J\xc3\xbcngle &lt;Inc&gt;</attrValue></attribute><attribute><attrName>Empty</attrName><attrValue/>"
        "</attribute></leadAttributeList></leadRecord><returnLead>true</returnLead>"
        "<marketoCookie>id:123-ABC-456&amp;token:_mch-x</marketoCookie></m:paramsSyncLead></e:Body></e:Envelope>";
    static const mktows_lead_attribute attrs[] = { { "Company", "J\xc3\xbcngle <Inc>", "string" }, { "Empty", "", NULL } };
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_sync_lead_request r = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    r.id = 77;
    r.email = "a&b@example.com";
    r.foreign_sys_person_id = "SF-1";
    r.foreign_sys_type = "SFDC";
    r.attrs = attrs;
    r.attr_count = 2;
    r.return_lead = 1;
    r.marketo_cookie = "id:123-ABC-456&token:_mch-x";
    char *xml = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_render(c, &r, &xml), MKTOWS_OK);
    char why[512] = "";
    int diff = mktows_xml_compare(expected, xml, s_header_values, why, sizeof why);
    if (diff)
        fprintf(stderr, "\n%s\n%s\n", why, xml);
    CU_ASSERT_EQUAL(diff, 0);
    mktows_free(xml);
    mktows_client_free(c);
}

/* Overwrite the text of <name>...</name> with 'X' so two envelopes can be compared byte for byte. */
static void s_mask(char *xml, const char *name)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", name);
    snprintf(close, sizeof close, "</%s>", name);
    char *a = strstr(xml, open), *b = a ? strstr(a, close) : NULL;
    if (a && b)
        for (char *p = a + strlen(open); p < b; p++)
            *p = 'X';
}

static void test_wire__render_is_byte_for_byte_what_is_sent(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    mktows_sync_lead_request r = s_page_request();
    mktows_sync_lead_result *res = NULL;
    char *xml = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_render(c, &r, &xml), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 1); /* render sent nothing */
    /* ...and left the kept-alive connection to the next call. */
    mktows_sync_lead_result *res2 = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res2), MKTOWS_OK);
    mktows_sync_lead_result_free(res2);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 2);
    CU_ASSERT_EQUAL(mktows_mock_connects(m), 1);
    char *wire = strdup(mktows_mock_request_body(m, 0));
    s_mask(wire, "requestTimestamp");
    s_mask(wire, "requestSignature");
    s_mask(xml, "requestTimestamp");
    s_mask(xml, "requestSignature");
    CU_ASSERT_STRING_EQUAL(xml, wire);
    free(wire);
    mktows_free(xml);
    mktows_sync_lead_result_free(res);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_wire__page_response_parses_to_lead_1089965_updated(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    mktows_sync_lead_request r = s_page_request();
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_EQUAL(res->lead_id, 1089965);
    CU_ASSERT_EQUAL(res->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_STRING_EQUAL(mktows_sync_status_name(res->status), "UPDATED");
    CU_ASSERT_PTR_NULL(res->error);
    CU_ASSERT_PTR_NULL(res->lead);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 200);
    CU_ASSERT_STRING_EQUAL(mktows_client_errmsg(c), "");
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 0);
    /* The request went out as a SOAP 1.1 POST with the operation's SOAPAction. */
    const char *raw = mktows_mock_request(m, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    CU_ASSERT_EQUAL(strncmp(raw, "POST /soap/mktows/2_7 HTTP/1.1\r\n", 32), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(raw, "SOAPAction: \"http://www.marketo.com/mktows/syncLead\"\r\n"));
    mktows_sync_lead_result_free(res);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_wire__returned_lead_record_is_copied_out(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response_with_lead.xml"), 0);
    mktows_sync_lead_request r = s_page_request();
    r.return_lead = 1;
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
    mktows_client_free(c); /* the result must outlive the client */
    mktows_mock_free(m);
    CU_ASSERT_EQUAL(res->lead_id, 42);
    CU_ASSERT_EQUAL(res->status, MKTOWS_SYNC_CREATED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res->lead);
    CU_ASSERT_EQUAL(res->lead->id, 42);
    CU_ASSERT_STRING_EQUAL(res->lead->email, "george@jungle.com");
    CU_ASSERT_PTR_NULL(res->lead->foreign_sys_person_id);
    CU_ASSERT_PTR_NULL(res->lead->foreign_sys_type);
    CU_ASSERT_EQUAL_FATAL(res->lead->attr_count, 2);
    CU_ASSERT_STRING_EQUAL(res->lead->attrs[0].name, "FirstName");
    CU_ASSERT_STRING_EQUAL(res->lead->attrs[0].type, "string");
    CU_ASSERT_STRING_EQUAL(res->lead->attrs[0].value, "George");
    CU_ASSERT_STRING_EQUAL(res->lead->attrs[1].value, "of the Jungle & Co");
    CU_ASSERT_PTR_NULL(res->lead->attrs[1].type);
    mktows_sync_lead_result_free(res);
}

static void test_wire__context_header_only_on_sync_lead_with_workspace(void)
{
    mktows_client *c = mktows_mock_client_new("Default", NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    mktows_mock_push(m, 200,
                     "<?xml version='1.0'?><s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/' "
                     "xmlns:m='http://www.marketo.com/mktows/'><s:Body><m:successGetLead><result><count>0</count>"
                     "</result></m:successGetLead></s:Body></s:Envelope>");
    mktows_sync_lead_request r = s_page_request();
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
    mktows_sync_lead_result_free(res);

    struct mkt__ParamsGetLead req;
    struct mkt__LeadKey key;
    struct mkt__SuccessGetLead resp;
    memset(&req, 0, sizeof req);
    memset(&key, 0, sizeof key);
    key.keyType = mkt__LeadKeyRef__EMAIL;
    key.keyValue = "t@t.com";
    req.leadKey = &key;
    CU_ASSERT_EQUAL(MKTOWS_CALL(c, getLead, &req, &resp), MKTOWS_OK);
    mktows_client_release(c);

    CU_ASSERT_EQUAL_FATAL(mktows_mock_request_count(m), 2);
    const char *sync = mktows_mock_request_body(m, 0), *get = mktows_mock_request_body(m, 1);
    CU_ASSERT_EQUAL(mktows_xml_count(sync, S_MKT_NS, "MktowsContextHeader"), 1);
    char *ws = mktows_xml_text(sync, "targetWorkspace");
    CU_ASSERT_STRING_EQUAL(ws, "Default");
    free(ws);
    CU_ASSERT_EQUAL(mktows_xml_count(get, S_MKT_NS, "AuthenticationHeader"), 1);
    CU_ASSERT_EQUAL(mktows_xml_count(get, S_MKT_NS, "MktowsContextHeader"), 0);
    CU_ASSERT_EQUAL(mktows_xml_count(get, S_MKT_NS, "paramsGetLead"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_mock_request(m, 1), "SOAPAction: \"http://www.marketo.com/mktows/getLead\""));
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_wire__no_context_header_without_workspace(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    mktows_sync_lead_request r = s_page_request();
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 0), NULL, "MktowsContextHeader"), 0);
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 0), S_MKT_NS, "AuthenticationHeader"), 1);
    mktows_sync_lead_result_free(res);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_wire__headers_are_signed_afresh_and_connection_is_kept_alive(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    mktows_sync_lead_request r = s_page_request();
    for (int i = 0; i < 3; i++) {
        mktows_sync_lead_result *res = NULL;
        CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
        mktows_sync_lead_result_free(res);
    }
    CU_ASSERT_EQUAL_FATAL(mktows_mock_request_count(m), 3);
    for (size_t i = 0; i < 3; i++) {
        const char *body = mktows_mock_request_body(m, i);
        CU_ASSERT_EQUAL(mktows_xml_count(body, S_MKT_NS, "AuthenticationHeader"), 1);
        CU_ASSERT_EQUAL(mktows_xml_count(body, NULL, "requestTimestamp"), 1);
        s_assert_signed_header(body);
        CU_ASSERT_PTR_NOT_NULL(strstr(mktows_mock_request(m, i), "Connection: keep-alive\r\n"));
    }
    CU_ASSERT_EQUAL(mktows_mock_connects(m), 1);
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* The i-th request's HTTP header is exactly gSOAP's for a syncLead POST of its body, with
 * @p extra (NULL: none) where gSOAP writes soap->http_extra_header. */
static void s_assert_http_header(const mktows_mock *m, size_t i, const char *extra)
{
    const char *req = mktows_mock_request(m, i), *body = mktows_mock_request_body(m, i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    char want[1024];
    snprintf(want, sizeof want,
             "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: mock.invalid\r\nUser-Agent: gSOAP/2.8\r\n"
             "Content-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n%s%sConnection: keep-alive\r\n"
             "Accept-Encoding: gzip,deflate\r\nSOAPAction: \"http://www.marketo.com/mktows/syncLead\"\r\n\r\n",
             strlen(body), extra ? extra : "", extra ? "\r\n" : "");
    CU_ASSERT_EQUAL((size_t)(body - req), strlen(want));
    CU_ASSERT_EQUAL(strncmp(req, want, strlen(want)), 0);
}

/* The HTTP header is gSOAP's on every call, whatever the body's length (the library writes it from
 * a copy kept on the client, http_head.c), and an extra header set for one call goes to gSOAP's
 * writer and is sent on that call only. */
static void test_wire__http_header_is_gsoaps_on_every_call(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    static const char *const emails[] = { "t@t.com", "a-much-longer-address@example.com", "x@y.z", "t@t.com" };
    for (size_t i = 0; i < 4; i++)
        CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    for (size_t i = 0; i < 4; i++) {
        mktows_sync_lead_request r = s_page_request();
        r.email = emails[i];
        if (i == 2)
            mktows_client_soap(c)->http_extra_header = "X-Mktows-Test: 1";
        mktows_sync_lead_result *res = NULL;
        CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
        mktows_sync_lead_result_free(res);
    }
    CU_ASSERT_EQUAL_FATAL(mktows_mock_request_count(m), 4);
    for (size_t i = 0; i < 4; i++)
        s_assert_http_header(m, i, i == 2 ? "X-Mktows-Test: 1" : NULL);
    CU_ASSERT_EQUAL(mktows_mock_connects(m), 1);
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* Header names in any letter case, as HTTP allows: Content-Length still ends the body (the call
 * does not wait for more), Content-Type is still kept; an upper-case "ACTION" attribute in the
 * Content-Type goes to gSOAP's own handling. */
static void test_wire__response_header_names_in_any_case(void)
{
    char *body = s_fixture("synclead/response.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    static const char *const heads[] = {
        "HTTP/1.1 200 OK\r\ncontent-type: text/xml; charset=utf-8\r\ncontent-length: ",
        "HTTP/1.1 200 OK\r\nCONTENT-TYPE: text/xml\r\nCONTENT-LENGTH: ",
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml; ACTION=\"x\"\r\ncOnTeNt-LeNgTh: ",
    };
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        char http[8192];
        int n = snprintf(http, sizeof http, "%s%zu\r\n\r\n", heads[i], strlen(body));
        CU_ASSERT_FATAL(n > 0 && (size_t)n + strlen(body) < sizeof http);
        memcpy(http + n, body, strlen(body));
        mktows_mock_push_raw(m, http, (size_t)n + strlen(body));
        mktows_sync_lead_request r = s_page_request();
        mktows_sync_lead_result *res = NULL;
        CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
        mktows_sync_lead_result_free(res);
        const char *last = NULL;
        size_t last_len = 0;
        CU_ASSERT_EQUAL(mktows_client_last_response(c, &last, &last_len), MKTOWS_OK);
        CU_ASSERT_EQUAL(last_len, strlen(body));
    }
    CU_ASSERT_EQUAL(mktows_mock_connects(m), 1);
    mktows_client_free(c);
    mktows_mock_free(m);
    free(body);
}

typedef struct s_trace {
    char *req;
    char *resp;
    int calls;
} s_trace;

static void s_trace_cb(void *userdata, mktows_trace_dir dir, const char *xml, size_t len)
{
    s_trace *t = userdata;
    char **slot = dir == MKTOWS_TRACE_REQUEST ? &t->req : &t->resp;
    free(*slot);
    *slot = strndup(xml, len);
    t->calls++;
}

static void test_wire__trace_holds_request_and_response_but_never_the_key(void)
{
    s_trace t = { NULL, NULL, 0 };
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    mktows_client *c = mktows_mock_client_new("Default", s_trace_cb, &t, f);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, "synclead/response.xml"), 0);
    mktows_sync_lead_request r = s_page_request();
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead(c, &r, &res), MKTOWS_OK);
    mktows_sync_lead_result_free(res);

    CU_ASSERT_EQUAL(t.calls, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t.req);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t.resp);
    CU_ASSERT_STRING_EQUAL(t.req, mktows_mock_request_body(m, 0)); /* the body, no HTTP header */
    char *page = s_fixture("synclead/response.xml");
    CU_ASSERT_STRING_EQUAL(t.resp, page);
    CU_ASSERT_PTR_NULL(strstr(t.req, MKTOWS_MOCK_KEY));
    CU_ASSERT_PTR_NULL(strstr(t.resp, MKTOWS_MOCK_KEY));
    CU_ASSERT_PTR_NULL(strstr(t.req, "HTTP/1.1"));

    /* The render does not trace. */
    char *xml = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead_render(c, &r, &xml), MKTOWS_OK);
    CU_ASSERT_EQUAL(t.calls, 2);
    mktows_free(xml);

    rewind(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<mkt:paramsSyncLead>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<ns1:successSyncLead>"));
    CU_ASSERT_PTR_NULL(strstr(buf, MKTOWS_MOCK_KEY));
    fclose(f);
    free(page);
    free(t.req);
    free(t.resp);
    mktows_client_free(c);
    mktows_mock_free(m);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "render_matches_synclead_page_request", test_wire__render_matches_synclead_page_request },
        { "request_has_no_must_understand_attribute", test_wire__request_has_no_must_understand_attribute },
        { "render_writes_every_field_in_schema_order", test_wire__render_writes_every_field_in_schema_order },
        { "render_is_byte_for_byte_what_is_sent", test_wire__render_is_byte_for_byte_what_is_sent },
        { "page_response_parses_to_lead_1089965_updated", test_wire__page_response_parses_to_lead_1089965_updated },
        { "returned_lead_record_is_copied_out", test_wire__returned_lead_record_is_copied_out },
        { "context_header_only_on_sync_lead_with_workspace", test_wire__context_header_only_on_sync_lead_with_workspace },
        { "no_context_header_without_workspace", test_wire__no_context_header_without_workspace },
        { "headers_are_signed_afresh_and_connection_is_kept_alive", test_wire__headers_are_signed_afresh_and_connection_is_kept_alive },
        { "http_header_is_gsoaps_on_every_call", test_wire__http_header_is_gsoaps_on_every_call },
        { "response_header_names_in_any_case", test_wire__response_header_names_in_any_case },
        { "trace_holds_request_and_response_but_never_the_key", test_wire__trace_holds_request_and_response_but_never_the_key },
        { NULL, NULL }
    };
    return mktows_test_run("wire_sync_lead", NULL, NULL, cases);
}
