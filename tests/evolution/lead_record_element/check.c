/* Evolution case: an optional element added at the end of LeadRecord
 * (<xs:element name="LeadScore" type="xs:int" minOccurs="0"/>). It goes out on the wire, the
 * local server accepts a request carrying it, the typed call parses it back, decode prints it. */
#include "evolution/common.h"

static void test_case__new_element_goes_out_and_the_server_accepts_it(void)
{
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    int score = 42;
    char *email = "evolution@example.com";
    struct mkt__LeadRecord lead = { .Email = email, .LeadScore = &score };
    struct mkt__ParamsSyncLead params = { .leadRecord = &lead, .returnLead = xsd__boolean__false_ };
    struct mkt__SuccessSyncLead *out = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead_raw(c, &params, &out), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(out);
    mktows_client_free(c);

    /* And on the wire, element for element. */
    c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push(m, 200, S_ENVELOPE("<ns1:successSyncLead><result><leadId>7</leadId><syncStatus><leadId>7</leadId>"
                                        "<status>CREATED</status></syncStatus></result></ns1:successSyncLead>"));
    CU_ASSERT_EQUAL(mktows_sync_lead_raw(c, &params, &out), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_mock_request_body(m, 0), "<LeadScore>42</LeadScore></leadRecord>"));
    mktows_client_free(c);
    mktows_mock_free(m);
}

static const char s_get_lead[] =
    S_ENVELOPE("<ns1:successGetLead><result><count>1</count><leadRecordList><leadRecord><Id>7</Id>"
               "<Email>evolution@example.com</Email><LeadScore>42</LeadScore></leadRecord></leadRecordList>"
               "</result></ns1:successGetLead>");

static void test_case__typed_call_and_decode_read_it_back(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push(m, 200, s_get_lead);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = "7" };
    struct mkt__ParamsGetLead params = { .leadKey = &key };
    struct mkt__SuccessGetLead *out = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead(c, &params, &out), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(out->result->leadRecordList->__sizeleadRecord, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out->result->leadRecordList->leadRecord[0].LeadScore);
    CU_ASSERT_EQUAL(*out->result->leadRecordList->leadRecord[0].LeadScore, 42);
    mktows_client_free(c);
    mktows_mock_free(m);
    CU_ASSERT_TRUE(s_decode_has("getLead", s_get_lead, "\"LeadScore\":42"));
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "new_element_goes_out_and_the_server_accepts_it", test_case__new_element_goes_out_and_the_server_accepts_it },
        { "typed_call_and_decode_read_it_back", test_case__typed_call_and_decode_read_it_back },
        { NULL, NULL }
    };
    return mktows_test_run("case_check", s_setup, s_teardown, cases);
}
