/* Evolution case: a whole new operation, getLeadScore, with its own request and response types.
 * It is in the operation table, callable through its generated typed call and by name, signed,
 * answered by the local server with Marketo's fault 20019 (no handler implements it), and its
 * response decodes. */
#include "evolution/common.h"

static void test_case__new_operation_is_in_the_table(void)
{
    const mktows_operation_info *op = mktows_operation_find("getLeadScore");
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    CU_ASSERT_STRING_EQUAL(op->function, "get_lead_score");
    CU_ASSERT_STRING_EQUAL(op->request_element, "paramsGetLeadScore");
    CU_ASSERT_STRING_EQUAL(op->response_element, "successGetLeadScore");
    CU_ASSERT_TRUE(op->headers & MKTOWS_IFACE_HDR_AUTH);
    CU_ASSERT_EQUAL(mktows_operation_count(), 24);
}

static void test_case__server_answers_the_typed_and_the_named_call_with_20019(void)
{
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = "1" };
    struct mkt__ParamsGetLeadScore params = { .leadKey = &key };
    struct mkt__SuccessGetLeadScore *out = NULL;
    CU_ASSERT_EQUAL(mktows_get_lead_score(c, &params, &out), MKTOWS_MKTO_UNSUPPORTED_OPERATION);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20019);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 500);

    void *any = NULL;
    CU_ASSERT_EQUAL(mktows_call(c, "getLeadScore", &params, &any), MKTOWS_MKTO_UNSUPPORTED_OPERATION);
    CU_ASSERT_PTR_NULL(any);
    /* The server is still serving the operations it implements, on the same connection. */
    struct mkt__ParamsGetLead get = { .leadKey = &key };
    struct mkt__SuccessGetLead *lead = NULL;
    CU_ASSERT_EQUAL(mktows_get_lead(c, &get, &lead), MKTOWS_MKTO_LEAD_NOT_FOUND);
    mktows_client_free(c);
}

static const char s_success[] =
    S_ENVELOPE("<ns1:successGetLeadScore><result><leadId>1</leadId><score>87</score></result>"
               "</ns1:successGetLeadScore>");

static void test_case__its_response_parses_and_decodes(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push(m, 200, s_success);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = "1" };
    struct mkt__ParamsGetLeadScore params = { .leadKey = &key };
    void *any = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_call(c, "getLeadScore", &params, &any), MKTOWS_OK);
    const struct mkt__SuccessGetLeadScore *out = any;
    CU_ASSERT_EQUAL(out->result->score, 87);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_mock_request_body(m, 0), "requestSignature"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_mock_request_body(m, 0), "paramsGetLeadScore"));
    mktows_client_free(c);
    mktows_mock_free(m);
    CU_ASSERT_TRUE(s_decode_has("getLeadScore", s_success, "\"score\":87"));
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "new_operation_is_in_the_table", test_case__new_operation_is_in_the_table },
        { "server_answers_the_typed_and_the_named_call_with_20019",
          test_case__server_answers_the_typed_and_the_named_call_with_20019 },
        { "its_response_parses_and_decodes", test_case__its_response_parses_and_decodes },
        { NULL, NULL }
    };
    return mktows_test_run("case_check", s_setup, s_teardown, cases);
}
