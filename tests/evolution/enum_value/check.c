/* Evolution case: a value added to the ForeignSysType enumeration (MICROSOFT). It round-trips
 * through the local server: synced with a lead, read back with getLead, printed by decode. */
#include "evolution/common.h"

static void test_case__new_enum_value_round_trips_through_the_server(void)
{
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    enum mkt__ForeignSysType type = mkt__ForeignSysType__MICROSOFT;
    struct mkt__LeadRecord lead = { .Email = "enum@example.com", .ForeignSysPersonId = "MS-1",
                                    .ForeignSysType = &type };
    struct mkt__ParamsSyncLead params = { .leadRecord = &lead, .returnLead = xsd__boolean__false_ };
    struct mkt__SuccessSyncLead *synced = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_raw(c, &params, &synced), MKTOWS_OK);

    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__EMAIL, .keyValue = "enum@example.com" };
    struct mkt__ParamsGetLead get = { .leadKey = &key };
    struct mkt__SuccessGetLead *out = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead(c, &get, &out), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(out->result->leadRecordList->__sizeleadRecord, 1);
    const struct mkt__LeadRecord *rec = &out->result->leadRecordList->leadRecord[0];
    CU_ASSERT_PTR_NOT_NULL_FATAL(rec->ForeignSysType);
    CU_ASSERT_EQUAL(*rec->ForeignSysType, mkt__ForeignSysType__MICROSOFT);

    const char *xml = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_client_last_response(c, &xml, &len), MKTOWS_OK);
    CU_ASSERT_TRUE(s_decode_has("getLead", xml, "\"ForeignSysType\":\"MICROSOFT\""));
    mktows_client_free(c);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "new_enum_value_round_trips_through_the_server", test_case__new_enum_value_round_trips_through_the_server },
        { NULL, NULL }
    };
    return mktows_test_run("case_check", s_setup, s_teardown, cases);
}
