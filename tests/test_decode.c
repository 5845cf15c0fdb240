/* The decode engine as public API (<mktows/decode.h>) and the raw body of the last response
 * (mktows_client_last_response()): a typed call's response, served by the mock transport, in
 * which one element is absent, one is xsi:nil and one has a value. The typed call's gSOAP
 * structures show NULL for both the absent and the nil element (gSOAP in C mode cannot tell them
 * apart); the raw body decoded with mktows_decode_json() does. Plus the errors of both functions. */
#include "runner.h"

#include "private/schema.h"
#include "private/call.h"

#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>

#include <stdlib.h>
#include <string.h>

#include "mock_transport.h"
#include "files.h"

#include "private/json_writer.h"

/* A getLead response: Id and Email have values, ForeignSysPersonId is absent, ForeignSysType is
 * xsi:nil; in the attributes, attrType is nil in one and a value in the other, and attrValue is
 * the empty string (a value, not nil) in the second. */
static const char s_get_lead[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
    " xmlns:ns1=\"http://www.marketo.com/mktows/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    "<SOAP-ENV:Body><ns1:successGetLead><result><count>1</count><leadRecordList><leadRecord>"
    "<Id>87</Id>"
    "<Email>rufus@marketo.com</Email>"
    "<ForeignSysType xsi:nil=\"true\"/>"
    "<leadAttributeList>"
    "<attribute><attrName>AnonymousIP</attrName><attrType xsi:nil=\"true\"/><attrValue>192.168.1.25</attrValue></attribute>"
    "<attribute><attrName>Company</attrName><attrType>string</attrType><attrValue></attrValue></attribute>"
    "</leadAttributeList>"
    "</leadRecord></leadRecordList></result></ns1:successGetLead></SOAP-ENV:Body></SOAP-ENV:Envelope>";

static const char s_get_lead_json[] =
    "{\"successGetLead\":{\"result\":{\"count\":1,\"leadRecordList\":{\"leadRecord\":[{"
    "\"Id\":87,"
    "\"Email\":\"rufus@marketo.com\","
    "\"ForeignSysType\":null,"
    "\"leadAttributeList\":{\"attribute\":["
    "{\"attrName\":\"AnonymousIP\",\"attrType\":null,\"attrValue\":\"192.168.1.25\"},"
    "{\"attrName\":\"Company\",\"attrType\":\"string\",\"attrValue\":\"\"}"
    "]}}]}}}}";

static mktows_client *s_c;
static mktows_mock *s_m;

static void s_begin(void)
{
    s_c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_c);
    s_m = mktows_mock_install(s_c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_m);
}

static void s_end(void)
{
    mktows_client_free(s_c);
    mktows_mock_free(s_m);
    s_c = NULL;
    s_m = NULL;
}

static mktows_code s_get_lead_call(struct mkt__SuccessGetLead **r)
{
    struct mkt__LeadKey key;
    struct mkt__ParamsGetLead p = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__EMAIL, "rufus@marketo.com") };
    return mktows_get_lead(s_c, &p, r);
}

/* ------------------------------------------------------------------------------------------ */

static void test_decode__typed_call_collapses_absent_and_nil_but_decode_tells_them_apart(void)
{
    s_begin();
    mktows_mock_push(s_m, 200, s_get_lead);
    struct mkt__SuccessGetLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get_lead_call(&r), MKTOWS_OK);
    struct mkt__LeadRecord *lead = &r->result->leadRecordList->leadRecord[0];
    /* The gSOAP structures: a value, and NULL for both the absent and the nil element. */
    CU_ASSERT_STRING_EQUAL(lead->Email, "rufus@marketo.com");
    CU_ASSERT_PTR_NULL(lead->ForeignSysPersonId); /* absent */
    CU_ASSERT_PTR_NULL(lead->ForeignSysType);     /* xsi:nil: the same NULL */

    const char *xml = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_EQUAL(len, strlen(s_get_lead));
    CU_ASSERT_EQUAL(memcmp(xml, s_get_lead, len), 0);
    CU_ASSERT_EQUAL(xml[len], '\0');

    char *json = NULL;
    char err[1024];
    CU_ASSERT_EQUAL_FATAL(mktows_decode_json("getLead", xml, len, MKTOWS_DECODE_DEFAULT, &json, err, sizeof err),
                          MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    if (strcmp(json, s_get_lead_json) != 0)
        fprintf(stderr, "\ngot      %s\nexpected %s\n", json, s_get_lead_json);
    CU_ASSERT_STRING_EQUAL(json, s_get_lead_json);
    /* The three states, spelled out: absent = no key, nil = null, value = the value. */
    CU_ASSERT_PTR_NULL(strstr(json, "\"ForeignSysPersonId\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"ForeignSysType\":null"));
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"Email\":\"rufus@marketo.com\""));
    mktows_free(json);
    s_end();
}

static void test_decode__last_response_is_kept_with_and_without_trace_and_replaced_by_the_next_call(void)
{
    char *traced = NULL;
    size_t traced_len = 0;
    FILE *trace = open_memstream(&traced, &traced_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(trace);
    s_c = mktows_mock_client_new(NULL, NULL, NULL, trace);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_c);
    s_m = mktows_mock_install(s_c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_m);

    const char *xml = NULL;
    size_t len = 99;
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK); /* no call yet */
    CU_ASSERT_STRING_EQUAL(xml, "");
    CU_ASSERT_EQUAL(len, 0);

    mktows_mock_push(s_m, 200, s_get_lead);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(s_m, 200, "decode/getTags.xml"), 0);
    struct mkt__SuccessGetLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get_lead_call(&r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_EQUAL(len, strlen(s_get_lead));
    mktows_client_release(s_c); /* frees the structures, not the body */
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_EQUAL(len, strlen(s_get_lead));

    struct mkt__ParamsGetTags tp = { 0 };
    struct mkt__SuccessGetTags *tr = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_tags(s_c, &tp, &tr), MKTOWS_OK);
    char *expected = mktows_read_file(MKTOWS_TEST_DATA "/decode/getTags.xml", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_EQUAL(len, strlen(expected));
    CU_ASSERT_STRING_EQUAL(xml, expected);
    char *json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getTags", xml, len, 0, &json, NULL, 0), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(json);
    mktows_free(json);

    /* A call that fails before it is sent forgets the body: there is no response to it. */
    CU_ASSERT_EQUAL(mktows_client_begin(s_c, "noSuchOperation", NULL), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(xml, "");
    CU_ASSERT_EQUAL(len, 0);

    /* So does a syncLead that local validation rejects (no key field): it is never sent. */
    mktows_mock_push(s_m, 200, s_get_lead);
    CU_ASSERT_EQUAL_FATAL(s_get_lead_call(&r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_EQUAL(len, strlen(s_get_lead));
    mktows_sync_lead_request bad = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead(s_c, &bad, &res), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_PTR_NULL(res);
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(xml, "");
    CU_ASSERT_EQUAL(len, 0);

    /* The trace saw the same response bodies. */
    fflush(trace);
    CU_ASSERT_PTR_NOT_NULL(strstr(traced, "<ForeignSysType xsi:nil=\"true\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(traced, "successGetTags"));
    s_end();
    fclose(trace);
    free(traced);
    free(expected);
}

static void test_decode__no_body_after_the_connection_closes_without_a_response(void)
{
    s_begin();
    mktows_mock_push(s_m, 200, s_get_lead);
    struct mkt__SuccessGetLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get_lead_call(&r), MKTOWS_OK);
    /* nothing queued: the mock closes the connection */
    mktows_code rc = s_get_lead_call(&r);
    CU_ASSERT_NOT_EQUAL(rc, MKTOWS_OK);
    const char *xml = NULL;
    size_t len = 99;
    CU_ASSERT_EQUAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(xml, "");
    CU_ASSERT_EQUAL(len, 0);
    s_end();
}

static void test_decode__fault_response_decodes_to_fault_and_can_be_an_error(void)
{
    s_begin();
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(s_m, 500, "decode/fault_20103.xml"), 0);
    struct mkt__SuccessGetLead *r = NULL;
    CU_ASSERT_EQUAL(s_get_lead_call(&r), MKTOWS_MKTO_LEAD_NOT_FOUND);
    const char *xml = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    static const char expected[] =
        "{\"Fault\":{\"faultcode\":\"SOAP-ENV:Client\",\"faultstring\":\"20103 - Lead not found\","
        "\"detail\":{\"serviceException\":{\"name\":\"mktServiceException\","
        "\"message\":\"No lead found with IDNUM = 999 (20103)\",\"code\":20103}}}}";
    char *json = NULL;
    char err[256];
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", xml, len, 0, &json, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, expected);
    mktows_free(json);
    json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", xml, len, MKTOWS_DECODE_FAULT_IS_ERROR, &json, err, sizeof err),
                    MKTOWS_ERR_FAULT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json); /* still decoded: the caller frees it */
    CU_ASSERT_STRING_EQUAL(json, expected);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "Fault"));
    mktows_free(json);
    s_end();
}

/* mktows_decode_json() on @p xml fails with @p code, *out NULL, and @p what in the message. */
static void s_expect(const char *op, const char *xml, size_t len, int flags, mktows_code code, const char *what)
{
    char *json = (char *)"not touched";
    char err[1024] = "junk";
    mktows_code rc = mktows_decode_json(op, xml, len, flags, &json, err, sizeof err);
    if (rc != code || !strstr(err, what))
        fprintf(stderr, "\n%s: expected %d with \"%s\", got %d: %s\n", op ? op : "(null)", code, what, rc, err);
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT_PTR_NULL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, what));
}

static void test_decode__errors_say_what_and_where(void)
{
    size_t n = strlen(s_get_lead);
    s_expect("getLeads", s_get_lead, n, 0, MKTOWS_ERR_INVALID_ARGUMENT, "unknown operation \"getLeads\"");
    s_expect("successGetLead", s_get_lead, n, 0, MKTOWS_ERR_INVALID_ARGUMENT, "unknown operation");
    s_expect(NULL, s_get_lead, n, 0, MKTOWS_ERR_INVALID_ARGUMENT, "no operation");
    s_expect("getLead", NULL, 5, 0, MKTOWS_ERR_INVALID_ARGUMENT, "no input");
    s_expect("getLead", s_get_lead, n, 8, MKTOWS_ERR_INVALID_ARGUMENT, "unknown flags 0x8");
    s_expect("getLead", NULL, 0, 0, MKTOWS_ERR_PARSE, "the input is empty");
    s_expect("getLead", "", 0, 0, MKTOWS_ERR_PARSE, "the input is empty");
    /* truncated: the reader gives the line and column */
    s_expect("getLead", s_get_lead, n - 20, 0, MKTOWS_ERR_PARSE, "line 2, column ");
    s_expect("getLead", s_get_lead, n - 20, 0, MKTOWS_ERR_PARSE, "truncated");
    s_expect("getLead", "<a><b></a>", 10, 0, MKTOWS_ERR_PARSE, "line 1, column 7: end tag </a> does not match");
    s_expect("getLead", "HTTP/1.1 200 OK\r\n\r\n<x/>", 24, 0, MKTOWS_ERR_PARSE, "HTTP status line");
    /* well-formed, but the response of another operation, or not what the schema says */
    s_expect("getTags", s_get_lead, n, 0, MKTOWS_ERR_PARSE, "is the response of getLead, not of getTags");
    static const char bad_count[] =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"http://www.marketo.com/mktows/\">"
        "<s:Body><m:successGetLead><result><count>many</count></result></m:successGetLead></s:Body></s:Envelope>";
    s_expect("getLead", bad_count, strlen(bad_count), 0, MKTOWS_ERR_PARSE,
             "Envelope/Body/successGetLead/result/count (line 1, column ");
    s_expect("getLead", bad_count, strlen(bad_count), 0, MKTOWS_ERR_PARSE, "'many' is not a valid xs:int");
    static const char nil_not_allowed[] =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"http://www.marketo.com/mktows/\""
        " xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<s:Body><m:successGetLead><result><count i:nil=\"true\"/></result></m:successGetLead></s:Body></s:Envelope>";
    s_expect("getLead", nil_not_allowed, strlen(nil_not_allowed), 0, MKTOWS_ERR_PARSE, "is not nillable");

    /* no errbuf, and a tiny one: still the code, never an overflow */
    char *json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", "<", 1, 0, &json, NULL, 0), MKTOWS_ERR_PARSE);
    CU_ASSERT_PTR_NULL(json);
    char tiny[8];
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", "<", 1, 0, &json, tiny, sizeof tiny), MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(strlen(tiny), sizeof tiny - 1);
}

static mktows_element_state s_state(const char *path)
{
    mktows_element_state st = (mktows_element_state)-1;
    char err[512];
    mktows_code rc = mktows_decode_state("getLead", s_get_lead, strlen(s_get_lead), path, &st, err, sizeof err);
    if (rc != MKTOWS_OK)
        fprintf(stderr, "\n%s: %s\n", path, err);
    CU_ASSERT_EQUAL(rc, MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(err, "");
    return st;
}

static void test_decode__state_of_one_element_by_path(void)
{
    s_begin();
    mktows_mock_push(s_m, 200, s_get_lead);
    struct mkt__SuccessGetLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get_lead_call(&r), MKTOWS_OK);
    const struct mkt__LeadRecord *lead = &r->result->leadRecordList->leadRecord[0];
    const char *xml = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_client_last_response(s_c, &xml, &len), MKTOWS_OK);
    mktows_element_state st = MKTOWS_ELEMENT_VALUE;
    /* Both NULL in the typed result; the state tells them apart. */
    CU_ASSERT_PTR_NULL(lead->ForeignSysPersonId);
    CU_ASSERT_EQUAL(mktows_decode_state("getLead", xml, len,
                                        "result/leadRecordList/leadRecord[1]/ForeignSysPersonId", &st, NULL, 0), MKTOWS_OK);
    CU_ASSERT_EQUAL(st, MKTOWS_ELEMENT_ABSENT);
    CU_ASSERT_PTR_NULL(lead->ForeignSysType);
    CU_ASSERT_EQUAL(mktows_decode_state("getLead", xml, len, "result/leadRecordList/leadRecord[1]/ForeignSysType",
                                        &st, NULL, 0), MKTOWS_OK);
    CU_ASSERT_EQUAL(st, MKTOWS_ELEMENT_NIL);
    s_end();

    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[1]/Email"), MKTOWS_ELEMENT_VALUE);
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[1]/Id"), MKTOWS_ELEMENT_VALUE);
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[1]/leadAttributeList/attribute[1]/attrType"),
                    MKTOWS_ELEMENT_NIL);
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[1]/leadAttributeList/attribute[2]/attrType"),
                    MKTOWS_ELEMENT_VALUE);
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[1]/leadAttributeList/attribute[2]/attrValue"),
                    MKTOWS_ELEMENT_VALUE); /* empty: still a value */
    /* past the end of an array, and below an absent or nil element: absent */
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[2]"), MKTOWS_ELEMENT_ABSENT);
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[2]/Email"), MKTOWS_ELEMENT_ABSENT);
    CU_ASSERT_EQUAL(s_state("result/leadRecordList/leadRecord[1]/leadAttributeList/attribute[3]/attrName"),
                    MKTOWS_ELEMENT_ABSENT);
    CU_ASSERT_EQUAL(s_state("result"), MKTOWS_ELEMENT_VALUE);
    CU_ASSERT_EQUAL(s_state(""), MKTOWS_ELEMENT_VALUE);
}

static void s_state_error(const char *op, const char *xml, const char *path, mktows_code code, const char *what)
{
    mktows_element_state st = MKTOWS_ELEMENT_VALUE;
    char err[512] = "junk";
    mktows_code rc = mktows_decode_state(op, xml, xml ? strlen(xml) : 0, path, &st, err, sizeof err);
    if (rc != code || !strstr(err, what))
        fprintf(stderr, "\n%s: expected %d with \"%s\", got %d: %s\n", path ? path : "(null)", code, what, rc, err);
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT_EQUAL(st, MKTOWS_ELEMENT_ABSENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, what));
}

static void test_decode__state_refuses_paths_the_schema_does_not_allow(void)
{
    const char *x = s_get_lead;
    s_state_error("getLead", x, "result/leadRecordList/leadRecord[1]/ForeignSysTyp", MKTOWS_ERR_INVALID_ARGUMENT,
                  "LeadRecord has no element <ForeignSysTyp>");
    s_state_error("getLead", x, "result/leadRecordList/leadRecord/Email", MKTOWS_ERR_INVALID_ARGUMENT,
                  "<leadRecord> may repeat: give an index, leadRecord[1]");
    s_state_error("getLead", x, "result[1]", MKTOWS_ERR_INVALID_ARGUMENT, "<result> does not repeat");
    s_state_error("getLead", x, "result/count/x", MKTOWS_ERR_INVALID_ARGUMENT, "int is a simple type");
    s_state_error("getLead", x, "result/leadRecordList/leadRecord[0]", MKTOWS_ERR_INVALID_ARGUMENT, "a bad index");
    s_state_error("getLead", x, "result/leadRecordList/leadRecord[x]", MKTOWS_ERR_INVALID_ARGUMENT, "a bad index");
    s_state_error("getLead", x, "result/leadRecordList/leadRecord[1]x", MKTOWS_ERR_INVALID_ARGUMENT, "unexpected 'x'");
    s_state_error("getLead", x, "result/", MKTOWS_ERR_INVALID_ARGUMENT, "ends in '/'");
    s_state_error("getLead", x, "/result", MKTOWS_ERR_INVALID_ARGUMENT, "an empty step");
    s_state_error("getLead", x, "successGetLead/result", MKTOWS_ERR_INVALID_ARGUMENT, "no element <successGetLead>");
    s_state_error("getLead", x, NULL, MKTOWS_ERR_INVALID_ARGUMENT, "no path");
    s_state_error("getLeads", x, "result", MKTOWS_ERR_INVALID_ARGUMENT, "unknown operation");
    s_state_error("getTags", x, "result", MKTOWS_ERR_PARSE, "is the response of getLead");
    s_state_error("getLead", "<a>", "result", MKTOWS_ERR_PARSE, "line 1, column ");
    char *fault = mktows_read_file(MKTOWS_TEST_DATA "/decode/fault_20103.xml", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fault);
    s_state_error("getLead", fault, "result", MKTOWS_ERR_FAULT, "Fault");
    free(fault);
}

/* MKTOWS_DECODE_UNWRAP: for every operation's captured response, the unwrapped JSON is exactly what
 * the default output holds under {"successX":{"<its one child>":...}}; a Fault is unchanged; the
 * envelope is checked as strictly. */
static void test_decode__unwrap_gives_the_one_child_of_the_success_element_and_leaves_a_fault(void)
{
    for (size_t i = 0; mktows_operation_at(i); i++) {
        const char *op = mktows_operation_at(i)->name;
        if (mktows_test_operation_is_new(op))
            continue;
        char path[512], wrapper[160];
        snprintf(path, sizeof path, "%s/decode/%s.xml", MKTOWS_TEST_DATA, op);
        size_t len = 0;
        char *xml = mktows_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        char *whole = NULL, *bare = NULL;
        char err[1024];
        CU_ASSERT_EQUAL(mktows_decode_json(op, xml, len, MKTOWS_DECODE_DEFAULT, &whole, err, sizeof err), MKTOWS_OK);
        mktows_code rc = mktows_decode_json(op, xml, len, MKTOWS_DECODE_UNWRAP, &bare, err, sizeof err);
        if (rc != MKTOWS_OK)
            fprintf(stderr, "\n%s, unwrapped: %s\n", op, err);
        CU_ASSERT_EQUAL(rc, MKTOWS_OK);
        CU_ASSERT_STRING_EQUAL(err, "");
        snprintf(wrapper, sizeof wrapper, "{\"success%c%s\":{\"%s\":", op[0] - 'a' + 'A', op + 1,
                 strcmp(op, "getLeadActivity") == 0 ? "leadActivityList" : "result");
        CU_ASSERT_PTR_NOT_NULL(whole);
        CU_ASSERT_PTR_NOT_NULL(bare);
        if (whole && bare) {
            size_t wl = strlen(wrapper), bl = strlen(bare);
            CU_ASSERT_EQUAL(strlen(whole), wl + bl + 2);
            CU_ASSERT_EQUAL(strncmp(whole, wrapper, wl), 0);
            CU_ASSERT_EQUAL(strncmp(whole + wl, bare, bl), 0);
            CU_ASSERT_STRING_EQUAL(whole + wl + bl, "}}");
            CU_ASSERT_EQUAL(bare[0], '{');
        }
        mktows_free(whole);
        mktows_free(bare);
        free(xml);
    }

    /* syncLead, spelled out: leadRecord is absent in this capture, so it has no key; error is nil. */
    size_t len = 0;
    char *xml = mktows_read_file(MKTOWS_TEST_DATA "/decode/syncLead.xml", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    char *json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("syncLead", xml, len, MKTOWS_DECODE_UNWRAP, &json, NULL, 0), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, "{\"leadId\":1090240,\"syncStatus\":{\"leadId\":1090240,\"status\":\"UPDATED\","
                                 "\"error\":null}}");
    mktows_free(json);
    /* Checked as strictly as without the flag: the path of an error is the whole path. */
    char *bad = strstr(xml, "<status>UPDATED</status>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
    memcpy(bad, "<status>UPDATES</status>", strlen("<status>UPDATES</status>"));
    s_expect("syncLead", xml, len, MKTOWS_DECODE_UNWRAP, MKTOWS_ERR_PARSE,
             "Envelope/Body/successSyncLead/result/syncStatus/status (line ");
    s_expect("syncLead", xml, len, MKTOWS_DECODE_UNWRAP, MKTOWS_ERR_PARSE, "'UPDATES' is not a value of LeadSyncStatus");
    free(xml);

    /* A Fault: unchanged, and an error with MKTOWS_DECODE_FAULT_IS_ERROR too. */
    xml = mktows_read_file(MKTOWS_TEST_DATA "/decode/fault_20103.xml", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    char *plain = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", xml, len, MKTOWS_DECODE_DEFAULT, &plain, NULL, 0), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plain);
    CU_ASSERT_TRUE(strncmp(plain, "{\"Fault\":{", 10) == 0);
    json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", xml, len, MKTOWS_DECODE_UNWRAP, &json, NULL, 0), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, plain);
    mktows_free(json);
    json = NULL;
    char err[256];
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", xml, len, MKTOWS_DECODE_UNWRAP | MKTOWS_DECODE_FAULT_IS_ERROR,
                                       &json, err, sizeof err),
                    MKTOWS_ERR_FAULT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, plain);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "Fault"));
    mktows_free(json);
    mktows_free(plain);
    free(xml);
}

/* s_get_lead with five elements the schema does not know, one per line at column 1: beside
 * <result> in successGetLead (holding known names and a bad int, none of which is looked at),
 * first in <result>, in the middle of the array item leadRecord[1], inside attribute[2], and last
 * in leadAttributeList. */
static const char s_get_lead_unknown[] =
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
    " xmlns:ns1=\"http://www.marketo.com/mktows/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    "<SOAP-ENV:Body><ns1:successGetLead>\n"
    "<x:ext xmlns:x=\"urn:example:proxy\"><Email>not me</Email><count>many</count></x:ext>\n"
    "<result>\n"
    "<newField>1</newField>\n"
    "<count>1</count><leadRecordList><leadRecord><Id>87</Id>\n"
    "<Score><value>3</value></Score>\n"
    "<Email>rufus@marketo.com</Email>"
    "<ForeignSysType xsi:nil=\"true\"/>"
    "<leadAttributeList>"
    "<attribute><attrName>AnonymousIP</attrName><attrType xsi:nil=\"true\"/><attrValue>192.168.1.25</attrValue></attribute>"
    "<attribute><attrName>Company</attrName><attrType>string</attrType>\n"
    "<hint>free text</hint>\n"
    "<attrValue></attrValue></attribute>\n"
    "<trailing/>\n"
    "</leadAttributeList>"
    "</leadRecord></leadRecordList></result></ns1:successGetLead></SOAP-ENV:Body></SOAP-ENV:Envelope>";

static void test_decode__lenient_skips_unknown_elements_at_any_depth_and_says_so(void)
{
    size_t n = strlen(s_get_lead_unknown);
    char *json = NULL;
    char err[1024] = "junk";
    /* Strict (the default): the first unknown element is the error. */
    s_expect("getLead", s_get_lead_unknown, n, 0, MKTOWS_ERR_PARSE,
             "Envelope/Body/successGetLead (line 3, column 1): unexpected element <x:ext> in namespace "
             "urn:example:proxy: the children of <ns1:successGetLead> are unqualified");

    /* Lenient: the JSON of the same response without them; the first named, the rest counted
     * (<Email> and <count> inside <x:ext> are part of what was skipped, not counted). */
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", s_get_lead_unknown, n, MKTOWS_DECODE_LENIENT, &json, err,
                                       sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, s_get_lead_json);
    CU_ASSERT_STRING_EQUAL(err, "skipped unknown element <x:ext> in Envelope/Body/successGetLead (line 3, column 1), "
                                "and 4 more");
    mktows_free(json);

    /* Unwrapped too: the result object alone, the same note. */
    json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", s_get_lead_unknown, n,
                                       MKTOWS_DECODE_LENIENT | MKTOWS_DECODE_UNWRAP, &json, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    static const char wrapper[] = "{\"successGetLead\":{\"result\":";
    CU_ASSERT_EQUAL(strlen(json), strlen(s_get_lead_json) - strlen(wrapper) - 2);
    CU_ASSERT_EQUAL(strncmp(json, s_get_lead_json + strlen(wrapper), strlen(json)), 0);
    CU_ASSERT_STRING_EQUAL(err, "skipped unknown element <x:ext> in Envelope/Body/successGetLead (line 3, column 1), "
                                "and 4 more");
    mktows_free(json);

    /* One at each depth, alone: the path is its parent's, with the index of an array item. */
    static const struct { const char *cut_from, *cut_to, *note; } one[] = {
        { "<x:ext", "<newField>", "skipped unknown element <newField> in Envelope/Body/successGetLead/result "
                                  "(line 5, column 1)" },
        { "<x:ext", "<Score>", "skipped unknown element <Score> in Envelope/Body/successGetLead/result/"
                               "leadRecordList/leadRecord[1] (line 7, column 1)" },
        { "<x:ext", "<hint>", "skipped unknown element <hint> in Envelope/Body/successGetLead/result/"
                              "leadRecordList/leadRecord[1]/leadAttributeList/attribute[2] (line 9, column 1)" },
        { "<x:ext", "<trailing/>", "skipped unknown element <trailing> in Envelope/Body/successGetLead/result/"
                                   "leadRecordList/leadRecord[1]/leadAttributeList (line 11, column 1)" },
    };
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        /* Keep the lines (so the positions hold) but blank out every unknown element but one. */
        char *xml = strdup(s_get_lead_unknown);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        static const char *const all[][2] = {
            { "<x:ext", "</x:ext>" }, { "<newField>", "</newField>" }, { "<Score>", "</Score>" },
            { "<hint>", "</hint>" }, { "<trailing/>", "<trailing/>" },
        };
        for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
            if (strcmp(all[k][0], one[i].cut_to) == 0)
                continue;
            char *from = strstr(xml, all[k][0]), *to = strstr(from, all[k][1]);
            CU_ASSERT_PTR_NOT_NULL_FATAL(from);
            CU_ASSERT_PTR_NOT_NULL_FATAL(to);
            memset(from, ' ', (size_t)(to - from) + strlen(all[k][1]));
        }
        json = NULL;
        mktows_code rc = mktows_decode_json("getLead", xml, n, MKTOWS_DECODE_LENIENT, &json, err, sizeof err);
        if (rc != MKTOWS_OK || strcmp(err, one[i].note) != 0)
            fprintf(stderr, "\n%s: %d %s\n", one[i].cut_to, rc, err);
        CU_ASSERT_EQUAL(rc, MKTOWS_OK);
        CU_ASSERT_STRING_EQUAL(err, one[i].note);
        CU_ASSERT_PTR_NOT_NULL(json);
        if (json)
            CU_ASSERT_STRING_EQUAL(json, s_get_lead_json);
        mktows_free(json);
        free(xml);
    }

    /* Nothing to skip: errbuf is "", as without the flag; no errbuf at all is fine. */
    strcpy(err, "junk");
    json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", s_get_lead, strlen(s_get_lead), MKTOWS_DECODE_LENIENT, &json, err,
                                       sizeof err), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(err, "");
    CU_ASSERT_PTR_NOT_NULL(json);
    if (json)
        CU_ASSERT_STRING_EQUAL(json, s_get_lead_json);
    mktows_free(json);
    json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", s_get_lead_unknown, n, MKTOWS_DECODE_LENIENT, &json, NULL, 0),
                    MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(json);
    mktows_free(json);

    /* mktows_decode_state() stays strict. */
    mktows_element_state st = MKTOWS_ELEMENT_VALUE;
    CU_ASSERT_EQUAL(mktows_decode_state("getLead", s_get_lead_unknown, n, "result", &st, NULL, 0), MKTOWS_ERR_PARSE);
}

#define S_ENV_OPEN "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"" \
                   " xmlns:m=\"http://www.marketo.com/mktows/\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
#define S_RESULT(inner) S_ENV_OPEN "<s:Body><m:successGetLead><result>" inner \
                        "</result></m:successGetLead></s:Body></s:Envelope>"

static void test_decode__lenient_is_strict_about_everything_but_unknown_elements(void)
{
    const int L = MKTOWS_DECODE_LENIENT;
    size_t n = strlen(s_get_lead_unknown);
    /* malformed or truncated XML */
    s_expect("getLead", s_get_lead_unknown, n - 20, L, MKTOWS_ERR_PARSE, "truncated");
    s_expect("getLead", "<a><b></a>", 10, L, MKTOWS_ERR_PARSE, "line 1, column 7: end tag </a> does not match");
    /* the response of another operation */
    s_expect("getTags", s_get_lead_unknown, n, L, MKTOWS_ERR_PARSE, "is the response of getLead, not of getTags");
    /* a bad value of a known element, also next to a skipped one */
    static const char bad_int[] = S_RESULT("<new/><count>many</count>");
    s_expect("getLead", bad_int, strlen(bad_int), L, MKTOWS_ERR_PARSE,
             "Envelope/Body/successGetLead/result/count (line 1, column ");
    s_expect("getLead", bad_int, strlen(bad_int), L, MKTOWS_ERR_PARSE, "'many' is not a valid xs:int");
    /* a known element missing, repeated, out of order, or qualified */
    static const char missing[] = S_RESULT("<new/>");
    s_expect("getLead", missing, strlen(missing), L, MKTOWS_ERR_PARSE, "missing <count> (xs:int) in <result>");
    static const char repeated[] = S_RESULT("<count>1</count><count>1</count>");
    s_expect("getLead", repeated, strlen(repeated), L, MKTOWS_ERR_PARSE, "<count> appears more than once");
    static const char order[] = S_RESULT("<leadRecordList/><count>1</count>");
    s_expect("getLead", order, strlen(order), L, MKTOWS_ERR_PARSE, "missing <count> (xs:int) before <leadRecordList>");
    static const char qualified[] = S_RESULT("<m:count>1</m:count>");
    s_expect("getLead", qualified, strlen(qualified), L, MKTOWS_ERR_PARSE,
             "unexpected element <m:count> in namespace http://www.marketo.com/mktows/: the children of <result> "
             "are unqualified");
    /* an element inside a simple value, nil on what is not nillable, stray text */
    static const char in_simple[] = S_RESULT("<count>1<new/></count>");
    s_expect("getLead", in_simple, strlen(in_simple), L, MKTOWS_ERR_PARSE,
             "unexpected element <new>: count holds a xs:int value, not elements");
    static const char nil[] = S_RESULT("<count i:nil=\"true\"/>");
    s_expect("getLead", nil, strlen(nil), L, MKTOWS_ERR_PARSE, "is not nillable");
    static const char text[] = S_RESULT("oops<count>1</count>");
    s_expect("getLead", text, strlen(text), L, MKTOWS_ERR_PARSE, "unexpected text in <result>");
    /* the envelope's own structure */
    static const char two[] = S_ENV_OPEN "<s:Body><m:successGetLead><result><count>0</count></result>"
                              "</m:successGetLead><extra/></s:Body></s:Envelope>";
    s_expect("getLead", two, strlen(two), L, MKTOWS_ERR_PARSE, "more than one element in the Body");
    static const char after[] = S_ENV_OPEN "<s:Body><m:successGetLead><result><count>0</count></result>"
                                "</m:successGetLead></s:Body><extra/></s:Envelope>";
    s_expect("getLead", after, strlen(after), L, MKTOWS_ERR_PARSE, "unexpected element <extra> after the Body");
}

/* A SOAP 1.1 Fault may carry more (qualified Fault children, any detail entries): leniently,
 * skipped like the rest; with MKTOWS_DECODE_FAULT_IS_ERROR, the note follows the Fault's. */
static void test_decode__lenient_skips_unknown_elements_in_a_fault(void)
{
    static const char fault[] =
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>\n"
        "<faultcode>s:Client</faultcode><faultstring>20103 - Lead not found</faultstring>\n"
        "<p:hop xmlns:p=\"urn:example:proxy\">edge-1</p:hop>\n"
        "<detail><p:trace xmlns:p=\"urn:example:proxy\"/>"
        "<m:serviceException xmlns:m=\"http://www.marketo.com/mktows/\"><name>mktServiceException</name>"
        "<retryAfter>0</retryAfter><code>20103</code></m:serviceException></detail>\n"
        "</s:Fault></s:Body></s:Envelope>";
    static const char expected[] =
        "{\"Fault\":{\"faultcode\":\"s:Client\",\"faultstring\":\"20103 - Lead not found\","
        "\"detail\":{\"serviceException\":{\"name\":\"mktServiceException\",\"code\":20103}}}}";
    size_t n = strlen(fault);
    s_expect("getLead", fault, n, 0, MKTOWS_ERR_PARSE, "unexpected element <p:hop> in the Fault");
    char *json = NULL;
    char err[1024];
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", fault, n, MKTOWS_DECODE_LENIENT, &json, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, expected);
    CU_ASSERT_STRING_EQUAL(err, "skipped unknown element <p:hop> in Envelope/Body/Fault (line 3, column 1), and 2 more");
    mktows_free(json);
    json = NULL;
    CU_ASSERT_EQUAL(mktows_decode_json("getLead", fault, n, MKTOWS_DECODE_LENIENT | MKTOWS_DECODE_FAULT_IS_ERROR,
                                       &json, err, sizeof err), MKTOWS_ERR_FAULT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, expected);
    CU_ASSERT_STRING_EQUAL(err, "the envelope holds a SOAP Fault; skipped unknown element <p:hop> in "
                                "Envelope/Body/Fault (line 3, column 1), and 2 more");
    mktows_free(json);
}

/* ------------------------------------------------------------------------------------------ */
/* The JSON writer behind mktows_decode_json() (src/lib/json_writer.c, compiled in)            */

static char *s_json_of(void (*write)(mktows_json *w))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mktows_json w;
    mktows_json_init_(&w, f);
    write(&w);
    fclose(f);
    return buf;
}

static void s_write_escapes(mktows_json *w)
{
    mktows_json_string_(w, "q\" b\\ s/ \b\f\n\r\t \x01\x1f \x7f end");
}

static void test_decode__json_escapes_quotes_backslash_and_control_characters(void)
{
    char *s = s_json_of(s_write_escapes);
    CU_ASSERT_STRING_EQUAL(s, "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f \x7f end\"");
    free(s);
}

static void s_write_utf8(mktows_json *w)
{
    /* é (2 bytes), € (3), 😀 (4), U+10FFFF (4) */
    mktows_json_string_(w, "Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf");
}

static void test_decode__json_passes_valid_utf8_through(void)
{
    char *s = s_json_of(s_write_utf8);
    CU_ASSERT_STRING_EQUAL(s, "\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"");
    free(s);
}

static void s_write_bad_utf8(mktows_json *w)
{
    mktows_json_array_begin_(w);
    mktows_json_string_(w, "a\x80z");             /* stray continuation byte */
    mktows_json_string_(w, "\xc0\xaf");           /* overlong '/' */
    mktows_json_string_(w, "\xe2\x82");           /* truncated at the end */
    mktows_json_string_(w, "\xe2\x82x");          /* truncated before ASCII */
    mktows_json_string_(w, "\xed\xa0\x80");       /* UTF-16 surrogate */
    mktows_json_string_(w, "\xf4\x90\x80\x80");   /* above U+10FFFF */
    mktows_json_string_(w, "\xff");
    mktows_json_string_n_(w, "n\0ul", 4);         /* embedded NUL */
    mktows_json_array_end_(w);
}

static void test_decode__json_replaces_invalid_utf8_and_escapes_nul(void)
{
    char *s = s_json_of(s_write_bad_utf8);
    CU_ASSERT_STRING_EQUAL(s, "[\"a\\ufffdz\",\"\\ufffd\\ufffd\",\"\\ufffd\\ufffd\",\"\\ufffd\\ufffdx\","
                              "\"\\ufffd\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\\ufffd\",\"\\ufffd\","
                              "\"n\\u0000ul\"]");
    free(s);
}

static void s_write_nested(mktows_json *w)
{
    mktows_json_object_begin_(w);
    mktows_json_key_(w, "a");
    mktows_json_int_(w, -7);
    mktows_json_key_(w, "b");
    mktows_json_array_begin_(w);
    mktows_json_null_(w);
    mktows_json_bool_(w, 1);
    mktows_json_object_begin_(w);
    mktows_json_object_end_(w);
    mktows_json_array_begin_(w);
    mktows_json_array_end_(w);
    mktows_json_string_(w, NULL);
    mktows_json_array_end_(w);
    mktows_json_key_(w, "k\"ey");
    mktows_json_bool_(w, 0);
    mktows_json_object_end_(w);
}

static void test_decode__json_places_commas_and_colons_in_nested_values(void)
{
    char *s = s_json_of(s_write_nested);
    CU_ASSERT_STRING_EQUAL(s, "{\"a\":-7,\"b\":[null,true,{},[],null],\"k\\\"ey\":false}");
    free(s);
}

static void test_decode__every_listed_operation_decodes_its_captured_response(void)
{
    size_t n = 0;
    for (; mktows_operation_at(n); n++) {
        const char *op = mktows_operation_at(n)->name;
        if (mktows_test_operation_is_new(op))
            continue;
        char path[512], prefix[128];
        snprintf(path, sizeof path, "%s/decode/%s.xml", MKTOWS_TEST_DATA, op);
        size_t len = 0;
        char *xml = mktows_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        char *json = NULL;
        char err[1024];
        mktows_code rc = mktows_decode_json(op, xml, len, 0, &json, err, sizeof err);
        if (rc != MKTOWS_OK)
            fprintf(stderr, "\n%s: %s\n", op, err);
        CU_ASSERT_EQUAL(rc, MKTOWS_OK);
        snprintf(prefix, sizeof prefix, "{\"%s\":{", mktows_operation_at(n)->response_element);
        CU_ASSERT_PTR_NOT_NULL(json);
        if (json)
            CU_ASSERT_EQUAL(strncmp(json, prefix, strlen(prefix)), 0);
        mktows_free(json);
        free(xml);
    }
    CU_ASSERT_EQUAL(n, mktows_operation_count());
    CU_ASSERT_EQUAL(n, MKTOWS_IFACE_OPERATION_COUNT);
    CU_ASSERT_PTR_NULL(mktows_operation_at(n));
    CU_ASSERT_PTR_NULL(mktows_operation_at((size_t)-1));
}

/* Two types are the same in the built-in tables and in a fresh parse of the WSDL: name, kind,
 * base, particles (names, types, occurrences, nillability) and enumeration values. */
static int s_same_type(const mktows_schema_type *a, const mktows_schema_type *b, int depth)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a->name, b->name) != 0 || a->kind != b->kind || a->is_abstract != b->is_abstract ||
        a->particle_count != b->particle_count || a->enum_count != b->enum_count)
        return 0;
    if (depth > 0 && !s_same_type(a->base, b->base, depth - 1))
        return 0;
    for (size_t i = 0; i < a->particle_count; i++) {
        const mktows_schema_particle *p = &a->particles[i], *q = &b->particles[i];
        if (strcmp(p->name, q->name) != 0 || p->min_occurs != q->min_occurs || p->max_occurs != q->max_occurs ||
            p->nillable != q->nillable || strcmp(p->type->name, q->type->name) != 0 || p->type->kind != q->type->kind)
            return 0;
    }
    for (size_t i = 0; i < a->enum_count; i++)
        if (strcmp(a->enum_values[i], b->enum_values[i]) != 0)
            return 0;
    return 1;
}

/* The schema compiled into the library at build time is the WSDL's, type for type. */
static void test_decode__builtin_schema_tables_equal_a_parse_of_the_wsdl(void)
{
    size_t len = 0;
    char *wsdl = mktows_read_file(MKTOWS_SOURCE_DIR "/wsdl/mktows-2_7.wsdl", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(wsdl);
    mktows_schema *parsed = NULL, *table = NULL;
    char err[256] = "";
    CU_ASSERT_EQUAL_FATAL(mktows_schema_load_(&parsed, wsdl, len, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(mktows_schema_load_builtin_(&table, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_schema_namespace_(table), mktows_schema_namespace_(parsed));
    CU_ASSERT_EQUAL_FATAL(mktows_schema_type_count_(table), mktows_schema_type_count_(parsed));
    CU_ASSERT_TRUE(mktows_schema_type_count_(table) > 100);
    for (size_t i = 0; i < mktows_schema_type_count_(table); i++) {
        const mktows_schema_type *t = mktows_schema_type_at_(table, i);
        CU_ASSERT_TRUE(s_same_type(t, mktows_schema_type_at_(parsed, i), 8));
        /* found by name, in the table itself */
        CU_ASSERT_PTR_EQUAL(mktows_schema_type_find_(table, mktows_schema_namespace_(table), t->name), t);
    }
    CU_ASSERT_EQUAL_FATAL(mktows_schema_op_count_(table), mktows_schema_op_count_(parsed));
    for (size_t i = 0; i < mktows_schema_op_count_(table); i++) {
        const mktows_schema_op *a = mktows_schema_op_at_(table, i), *b = mktows_schema_op_at_(parsed, i);
        CU_ASSERT_STRING_EQUAL(a->name, b->name);
        CU_ASSERT_STRING_EQUAL(a->element, b->element);
        CU_ASSERT_STRING_EQUAL(a->input_element, b->input_element);
        CU_ASSERT_TRUE(s_same_type(a->type, b->type, 8));
        CU_ASSERT_TRUE(s_same_type(a->input_type, b->input_type, 8));
        CU_ASSERT_PTR_EQUAL(mktows_schema_op_find_(table, a->name), a);
        CU_ASSERT_PTR_EQUAL(mktows_schema_op_by_element_(table, a->element), a);
    }
    /* the header elements, with their declared types (not types named after them) */
    CU_ASSERT_EQUAL_FATAL(mktows_schema_header_count_(table), mktows_schema_header_count_(parsed));
    CU_ASSERT_EQUAL(mktows_schema_header_count_(table), 2);
    for (size_t i = 0; i < mktows_schema_header_count_(table); i++) {
        const mktows_schema_header *a = mktows_schema_header_at_(table, i), *b = mktows_schema_header_at_(parsed, i);
        CU_ASSERT_STRING_EQUAL(a->element, b->element);
        CU_ASSERT_TRUE(s_same_type(a->type, b->type, 8));
        CU_ASSERT_PTR_EQUAL(mktows_schema_header_type_(table, a->element), a->type);
    }
    const mktows_schema_type *auth = mktows_schema_header_type_(table, "AuthenticationHeader");
    CU_ASSERT_TRUE(auth && strcmp(auth->name, "AuthenticationHeaderInfo") == 0);
    CU_ASSERT_PTR_NULL(mktows_schema_header_type_(table, "paramsGetLead")); /* a body element */
    const mktows_schema_type *xs_int = mktows_schema_type_find_(table, "http://www.w3.org/2001/XMLSchema", "int");
    CU_ASSERT_PTR_NOT_NULL(xs_int);
    CU_ASSERT_TRUE(xs_int && xs_int->kind == MKTOWS_SCHEMA_INT);
    mktows_schema_free_(table);
    mktows_schema_free_(parsed);
    free(wsdl);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "builtin_schema_tables_equal_a_parse_of_the_wsdl", test_decode__builtin_schema_tables_equal_a_parse_of_the_wsdl },
        { "typed_call_collapses_absent_and_nil_but_decode_tells_them_apart",
          test_decode__typed_call_collapses_absent_and_nil_but_decode_tells_them_apart },
        { "last_response_is_kept_with_and_without_trace_and_replaced_by_the_next_call",
          test_decode__last_response_is_kept_with_and_without_trace_and_replaced_by_the_next_call },
        { "no_body_after_the_connection_closes_without_a_response",
          test_decode__no_body_after_the_connection_closes_without_a_response },
        { "fault_response_decodes_to_fault_and_can_be_an_error",
          test_decode__fault_response_decodes_to_fault_and_can_be_an_error },
        { "errors_say_what_and_where", test_decode__errors_say_what_and_where },
        { "state_of_one_element_by_path", test_decode__state_of_one_element_by_path },
        { "state_refuses_paths_the_schema_does_not_allow", test_decode__state_refuses_paths_the_schema_does_not_allow },
        { "unwrap_gives_the_one_child_of_the_success_element_and_leaves_a_fault",
          test_decode__unwrap_gives_the_one_child_of_the_success_element_and_leaves_a_fault },
        { "lenient_skips_unknown_elements_at_any_depth_and_says_so",
          test_decode__lenient_skips_unknown_elements_at_any_depth_and_says_so },
        { "lenient_is_strict_about_everything_but_unknown_elements",
          test_decode__lenient_is_strict_about_everything_but_unknown_elements },
        { "lenient_skips_unknown_elements_in_a_fault", test_decode__lenient_skips_unknown_elements_in_a_fault },
        { "every_listed_operation_decodes_its_captured_response",
          test_decode__every_listed_operation_decodes_its_captured_response },
        { "json_escapes_quotes_backslash_and_control_characters",
          test_decode__json_escapes_quotes_backslash_and_control_characters },
        { "json_passes_valid_utf8_through", test_decode__json_passes_valid_utf8_through },
        { "json_replaces_invalid_utf8_and_escapes_nul", test_decode__json_replaces_invalid_utf8_and_escapes_nul },
        { "json_places_commas_and_colons_in_nested_values",
          test_decode__json_places_commas_and_colons_in_nested_values },
        { NULL, NULL }
    };
    return mktows_test_run("decode", NULL, NULL, cases);
}
