/* JSON parameters for every operation (<mktows/json.h>), against the mock transport: for each
 * operation of the table, its golden request (tests/data/ops/<op>/request.xml) read back as JSON
 * with mktows_decode_request_json(), sent with mktows_call_json(), must put the golden request on
 * the wire again (element for element, header values aside), and the response comes back as the
 * decoder's JSON. Plus the encoder's checks, each naming the JSON path and what the schema
 * expects, and the strict JSON parser. */
#include "runner.h"

#include <mktows/mktows.h>
#include <mktows/json.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "mock_transport.h"
#include "xml_compare.h"

static const char *const s_header_values[] = { "requestSignature", "requestTimestamp", NULL };

static void test_call_json__every_operation_json_in_golden_request_on_the_wire_json_out(void)
{
    int checked = 0;
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        const char *op = mktows_operation_at(i)->name;
        if (mktows_test_operation_is_new(op)) {
            fprintf(stderr, "\n  %s: new operation, no golden request yet: skipped\n", op);
            continue;
        }
        char path[1024], err[1024];
        snprintf(path, sizeof path, "%s/ops/%s/request.xml", MKTOWS_TEST_DATA, op);
        size_t len = 0;
        char *golden = mktows_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(golden);
        char *params = NULL;
        mktows_code rc = mktows_decode_request_json(op, golden, len, &params, err, sizeof err);
        if (rc != MKTOWS_OK)
            fprintf(stderr, "\n%s: %s\n", op, err);
        CU_ASSERT_EQUAL_FATAL(rc, MKTOWS_OK);
        CU_ASSERT_EQUAL(params[0], '{');

        mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        mktows_mock *m = mktows_mock_install(c);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        snprintf(path, sizeof path, "ops/%s/response.xml", op);
        CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m, 200, path), 0);
        char *out = NULL;
        rc = mktows_call_json(c, op, params, MKTOWS_DECODE_UNWRAP, &out, err, sizeof err);
        if (rc != MKTOWS_OK)
            fprintf(stderr, "\n%s: %s: %s\n", op, mktows_strerror(rc), err);
        CU_ASSERT_EQUAL(rc, MKTOWS_OK);
        CU_ASSERT_EQUAL_FATAL(mktows_mock_request_count(m), 1);
        char why[512] = "";
        int diff = mktows_xml_compare(golden, mktows_mock_request_body(m, 0), s_header_values, why, sizeof why);
        if (diff)
            fprintf(stderr, "\n%s: %s\n%s\n%s\n", op, why, params, mktows_mock_request_body(m, 0));
        CU_ASSERT_EQUAL(diff, 0);

        /* JSON out: what the decoder makes of the same response. */
        snprintf(path, sizeof path, "%s/ops/%s/response.xml", MKTOWS_TEST_DATA, op);
        char *resp = mktows_read_file(path, &len);
        char *expected = NULL;
        CU_ASSERT_EQUAL(mktows_decode_json(op, resp, len, MKTOWS_DECODE_UNWRAP, &expected, NULL, 0), MKTOWS_OK);
        CU_ASSERT_PTR_NOT_NULL(out);
        if (out && expected)
            CU_ASSERT_STRING_EQUAL(out, expected);

        /* --dry-run: the same request, nothing sent. */
        char *env = NULL;
        CU_ASSERT_EQUAL(mktows_call_json(c, op, params, MKTOWS_CALL_DRY_RUN, &env, err, sizeof err), MKTOWS_OK);
        CU_ASSERT_EQUAL(mktows_mock_request_count(m), 1);
        CU_ASSERT_PTR_NOT_NULL(env);
        if (env)
            CU_ASSERT_EQUAL(mktows_xml_compare(golden, env, s_header_values, why, sizeof why), 0);

        mktows_free(env);
        mktows_free(expected);
        free(resp);
        mktows_free(out);
        mktows_free(params);
        free(golden);
        mktows_client_free(c);
        mktows_mock_free(m);
        checked++;
    }
    CU_ASSERT_TRUE(checked > 0);
}

/* mktows_encode_request() rejects @p json with exactly @p message. */
static void s_rejects(const char *op, const char *json, const char *message)
{
    char *xml = (char *)1, err[1024];
    CU_ASSERT_EQUAL(mktows_encode_request(op, json, strlen(json), &xml, err, sizeof err), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_PTR_NULL(xml);
    if (strcmp(err, message) != 0)
        fprintf(stderr, "\n  got:      %s\n  expected: %s\n", err, message);
    CU_ASSERT_STRING_EQUAL(err, message);
}

static void test_encode__schema_violations_name_the_json_path_and_what_is_expected(void)
{
    s_rejects("getLead", "{\"leadKey\":{\"keyType\":\"MAIL\",\"keyValue\":\"x\"}}",
              "$.leadKey.keyType: expected one of IDNUM, COOKIE, EMAIL, LEADOWNEREMAIL, SFDCACCOUNTID, SFDCCONTACTID, "
              "SFDCLEADID, SFDCLEADOWNERID, SFDCOPPTYID (LeadKeyRef), got \"MAIL\"");
    s_rejects("getLead", "{}", "$: required element 'leadKey' missing");
    s_rejects("getLead", "{\"foo\":1}", "$.foo: unknown element 'foo' (expected leadKey)");
    s_rejects("getLead", "{\"leadKey\":{\"keyType\":\"EMAIL\"}}", "$.leadKey: required element 'keyValue' missing");
    s_rejects("getMultipleLeads", "{\"batchSize\":\"10\"}", "$.batchSize: expected an integer (xs:int), got a string");
    s_rejects("getMultipleLeads", "{\"batchSize\":2147483648}",
              "$.batchSize: 2147483648 is out of range: expected an integer (xs:int)");
    s_rejects("getMultipleLeads", "{\"batchSize\":1.5}", "$.batchSize: expected an integer (xs:int), got a number 1.5");
    s_rejects("getMultipleLeads", "{\"includeAttributes\":{\"stringItem\":\"Email\"}}",
              "$.includeAttributes.stringItem: expected an array: <stringItem> may repeat (an array also for one item)");
    s_rejects("getMultipleLeads", "{\"includeAttributes\":{\"stringItem\":[\"a\",2]}}",
              "$.includeAttributes.stringItem[1]: expected a string (xs:string), got a number");
    s_rejects("getMultipleLeads", "{\"lastUpdatedAt\":\"yesterday\"}",
              "$.lastUpdatedAt: expected a date and time string, YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm] (xs:dateTime), "
              "got a string \"yesterday\"");
    s_rejects("getMultipleLeads", "{\"lastUpdatedAt\":null}",
              "$.lastUpdatedAt: null is not allowed: <lastUpdatedAt> is not nillable (expected a date and time string, "
              "YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm] (xs:dateTime), or leave the key out)");
    s_rejects("getMultipleLeads", "{\"leadSelector\":{\"keyType\":\"EMAIL\",\"staticListName\":\"x\"}}",
              "$.leadSelector: LeadSelector is abstract: the keys must be the elements of one of LastUpdateAtSelector, "
              "StaticListSelector, LeadKeySelector (the JSON names no type: the keys pick it)");
    s_rejects("listOperation", "[]", "$: expected an object (the elements of paramsListOperation), got an array");
    s_rejects("getLead", "{\"leadKey\":{\"keyType\":\"EMAIL\",\"keyValue\":\"a\",}}",
              "the parameters are not valid JSON: line 1, column 46: trailing comma before '}'");
}

static void test_encode__leadselector_type_is_picked_by_its_keys_and_nil_is_sent(void)
{
    const char *json = "{\"leadSelector\":{\"staticListName\":\"Trade Show\",\"staticListId\":null},\"batchSize\":2}";
    char *xml = NULL, err[1024];
    CU_ASSERT_EQUAL_FATAL(mktows_encode_request("getMultipleLeads", json, strlen(json), &xml, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<leadSelector xsi:type=\"mkt:StaticListSelector\"><staticListName>Trade Show"
                                       "</staticListName><staticListId xsi:nil=\"true\"/></leadSelector>"));
    /* and back: the decoder prints the same shape */
    char *back = NULL;
    CU_ASSERT_EQUAL(mktows_decode_request_json("getMultipleLeads", xml, strlen(xml), &back, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(back, json);
    mktows_free(back);
    mktows_free(xml);
}

static void test_encode__escapes_text_and_keeps_big_integers_exact(void)
{
    const char *json = "{\"leadKey\":{\"keyType\":\"EMAIL\",\"keyValue\":\"a<&>\\\"\\u00e9\\ud83d\\ude00\"}}";
    char *xml = NULL, err[1024];
    CU_ASSERT_EQUAL_FATAL(mktows_encode_request("getLead", json, strlen(json), &xml, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<keyValue>a&lt;&amp;&gt;\"\xC3\xA9\xF0\x9F\x98\x80</keyValue>"));
    mktows_free(xml);
    /* xs:long in a StreamPosition offset is a string; an xs:int at its limit stays exact */
    json = "{\"batchSize\":-2147483648}";
    CU_ASSERT_EQUAL(mktows_encode_request("getMultipleLeads", json, strlen(json), &xml, err, sizeof err), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(xml && strstr(xml, "<batchSize>-2147483648</batchSize>"));
    mktows_free(xml);
}

static void test_json__parser_is_strict(void)
{
    static const char *const bad[] = {
        "", "{", "{\"a\":1}x", "{'a':1}", "{\"a\":01}", "{\"a\":1,\"a\":2}", "[1,]", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\x01\"}", "{\"a\":\"\xC0\xAF\"}", "{\"a\":tru}",
        "{\"a\":-}", "{\"a\":1.}", "/* c */{}", NULL,
    };
    for (size_t i = 0; bad[i]; i++) {
        char *xml = NULL, err[1024] = "";
        mktows_code rc = mktows_encode_request("getTags", bad[i], strlen(bad[i]), &xml, err, sizeof err);
        if (rc != MKTOWS_ERR_VALIDATION || strncmp(err, "the parameters are not valid JSON: ", 35) != 0)
            fprintf(stderr, "\n  accepted or wrong message for %s: %s\n", bad[i], err);
        CU_ASSERT_EQUAL(rc, MKTOWS_ERR_VALIDATION);
        CU_ASSERT_EQUAL(strncmp(err, "the parameters are not valid JSON: ", 35), 0);
    }
    /* nesting beyond the limit */
    char deep[300];
    memset(deep, '[', 200);
    deep[200] = '\0';
    char *xml = NULL, err[1024];
    CU_ASSERT_EQUAL(mktows_encode_request("getTags", deep, 200, &xml, err, sizeof err), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "nested deeper than 64 levels"));
}

/* The same reader, public: values, members in order, exact numbers, and its errors. */
static void test_json__public_reader_gives_values_and_errors(void)
{
    const char *text = "{\"Id\": 12345678901234567890, \"Email\": \"a\\u00e9@b.c\", \"ok\": true,"
                       " \"none\": null, \"list\": [1, 2, 3]}";
    mktows_json_value *v = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_json_parse(text, strlen(text), &v, NULL, 0), MKTOWS_OK);
    CU_ASSERT_EQUAL(v->kind, MKTOWS_JSON_OBJECT);
    CU_ASSERT_EQUAL(v->count, 5);
    CU_ASSERT_STRING_EQUAL(mktows_json_get(v, "Id")->text, "12345678901234567890");
    CU_ASSERT_EQUAL(mktows_json_get(v, "Id")->kind, MKTOWS_JSON_NUMBER);
    CU_ASSERT_STRING_EQUAL(mktows_json_get(v, "Email")->text, "a\xC3\xA9@b.c");
    CU_ASSERT_EQUAL(mktows_json_get(v, "ok")->boolean, 1);
    CU_ASSERT_EQUAL(mktows_json_get(v, "none")->kind, MKTOWS_JSON_NULL);
    CU_ASSERT_EQUAL(mktows_json_get(v, "list")->count, 3);
    CU_ASSERT_STRING_EQUAL(mktows_json_get(v, "list")->first->next->text, "2");
    CU_ASSERT_PTR_NULL(mktows_json_get(v, "missing"));
    CU_ASSERT_PTR_NULL(mktows_json_get(mktows_json_get(v, "list"), "x")); /* not an object */
    mktows_json_value_free(v);

    char err[128] = "";
    v = (mktows_json_value *)text;
    CU_ASSERT_EQUAL(mktows_json_parse("{\"a\":1,}", 8, &v, err, sizeof err), MKTOWS_ERR_PARSE);
    CU_ASSERT_PTR_NULL(v);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 1"));
    CU_ASSERT_EQUAL(mktows_json_parse("{\"a\":1,\"a\":2}", 13, &v, NULL, 0), MKTOWS_ERR_PARSE);
    mktows_json_value_free(NULL);
}

static void test_call_json__unknown_operation_and_nothing_sent_on_a_violation(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    char *out = NULL, err[512];
    CU_ASSERT_EQUAL(mktows_call_json(c, "getLaed", "{}", 0, &out, err, sizeof err), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_call_json(c, "getLead", "{\"leadKey\":1}", 0, &out, err, sizeof err), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_STRING_EQUAL(err, "$.leadKey: expected an object (LeadKey), got a number");
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 0);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_STRING_EQUAL(mktows_operation_position_member("getLeadActivity"), "startPosition");
    CU_ASSERT_PTR_NULL(mktows_operation_position_member("getLead"));
    mktows_client_free(c);
    mktows_mock_free(m);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "call_json__every_operation_json_in_golden_request_on_the_wire_json_out",
          test_call_json__every_operation_json_in_golden_request_on_the_wire_json_out },
        { "encode__schema_violations_name_the_json_path_and_what_is_expected",
          test_encode__schema_violations_name_the_json_path_and_what_is_expected },
        { "encode__leadselector_type_is_picked_by_its_keys_and_nil_is_sent",
          test_encode__leadselector_type_is_picked_by_its_keys_and_nil_is_sent },
        { "encode__escapes_text_and_keeps_big_integers_exact", test_encode__escapes_text_and_keeps_big_integers_exact },
        { "json__parser_is_strict", test_json__parser_is_strict },
        { "json__public_reader_gives_values_and_errors", test_json__public_reader_gives_values_and_errors },
        { "call_json__unknown_operation_and_nothing_sent_on_a_violation",
          test_call_json__unknown_operation_and_nothing_sent_on_a_violation },
        { NULL, NULL }
    };
    return mktows_test_run("call_json", NULL, NULL, cases);
}
