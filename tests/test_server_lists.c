/* listOperation and StaticListSelector against mktows-server: add, check, remove, strict mode,
 * the list key errors, and getMultipleLeads over a list. */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <string.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "[list Newsletter]\n"
    "id = 1234\n"
    "[list Webinar Attendees]\n"
    "program = Webinar 2026\n";

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    if (mktows_test_server_start(&s_srv, &o))
        return 1;
    s_c = mktows_test_client_new(&s_srv, NULL, NULL);
    return s_c ? 0 : 1;
}

static int s_teardown(void)
{
    mktows_client_free(s_c);
    int rc = mktows_test_server_stop(&s_srv);
    mktows_test_server_clean_up(&s_srv);
    return rc == 0 ? 0 : 1;
}

static void test_list_operation__add_check_remove_round_trip(void)
{
    int ids[3];
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "listrt", 0, 3, ids, NULL, NULL), MKTOWS_OK);
    int st[3] = { 0 }, ok = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, "Newsletter", ids, 2, 0, st, &ok),
                          MKTOWS_OK);
    CU_ASSERT_TRUE(ok && st[0] && st[1]);
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ISMEMBEROFLIST, "newsletter", ids, 3, 0, st,
                                              &ok), MKTOWS_OK);
    CU_ASSERT_TRUE(st[0] && st[1] && !st[2]);
    CU_ASSERT_FALSE(ok);

    /* getMultipleLeads over the list, by name and by id */
    struct mkt__ResultGetMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_multiple(s_c, mktows_test_list_selector(s_c, "Newsletter", 0), NULL, 0, &r),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 2);
    CU_ASSERT_EQUAL(r->remainingCount, 0);
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_multiple(s_c, mktows_test_list_selector(s_c, NULL, 1234), NULL, 1, &r),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 1);
    CU_ASSERT_EQUAL(r->remainingCount, 1);
    CU_ASSERT_EQUAL(*r->leadRecordList->leadRecord[0].Id, ids[0]);

    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__REMOVEFROMLIST, "Newsletter", ids, 1, 0, st,
                                              &ok), MKTOWS_OK);
    CU_ASSERT_TRUE(ok && st[0]);
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ISMEMBEROFLIST, "Newsletter", ids, 2, 0, st,
                                              NULL), MKTOWS_OK);
    CU_ASSERT_TRUE(!st[0] && st[1]);
}

static void test_list_operation__non_strict_skips_unknown_leads_strict_fails_whole_call(void)
{
    int ids[2];
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "strict", 0, 1, ids, NULL, NULL), MKTOWS_OK);
    ids[1] = 999999;
    int st[2] = { 0 }, ok = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, "Webinar Attendees", ids, 2, 0,
                                              st, &ok), MKTOWS_OK);
    CU_ASSERT_TRUE(st[0] && !st[1] && !ok);
    /* strict: the unknown lead fails the call and nothing changes */
    CU_ASSERT_EQUAL(mktows_test_list_op(s_c, mkt__ListOperationType__REMOVEFROMLIST, "Webinar Attendees", ids, 2, 1,
                                        st, &ok), MKTOWS_MKTO_LEAD_NOT_FOUND);
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ISMEMBEROFLIST, "Webinar Attendees", ids, 1,
                                              0, st, NULL), MKTOWS_OK);
    CU_ASSERT_TRUE(st[0]);
}

static void test_list_operation__bad_parameters_get_documented_codes(void)
{
    int ids[1] = { 1 };
    CU_ASSERT_EQUAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, "No Such List", ids, 1, 0, NULL, NULL),
                    MKTOWS_MKTO_LIST_NOT_FOUND);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(s_c), 20111);
    CU_ASSERT_EQUAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, NULL, ids, 1, 0, NULL, NULL),
                    MKTOWS_MKTO_PARAMETER_REQUIRED);
    CU_ASSERT_EQUAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, "Newsletter", ids, 0, 0, NULL, NULL),
                    MKTOWS_MKTO_LEAD_KEY_REQUIRED);

    struct mkt__ListKey key = { .keyType = mkt__ListKeyType__MKTOSALESUSERID, .keyValue = "Newsletter" };
    struct mkt__LeadKey lk = { .keyType = mkt__LeadKeyRef__SFDCLEADID, .keyValue = "x" };
    struct mkt__ArrayOfLeadKey members = { .__sizeleadKey = 1, .leadKey = &lk };
    struct mkt__ParamsListOperation req = { .listOperation = mkt__ListOperationType__ADDTOLIST, .listKey = &key,
                                            .listMemberList = &members };
    struct mkt__SuccessListOperation resp;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, listOperation, &req, &resp), MKTOWS_MKTO_BAD_PARAMETER);
    key.keyType = mkt__ListKeyType__MKTOLISTNAME;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, listOperation, &req, &resp), MKTOWS_MKTO_LEAD_KEY_BAD);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "list_operation__add_check_remove_round_trip", test_list_operation__add_check_remove_round_trip },
        { "list_operation__non_strict_skips_unknown_leads_strict_fails_whole_call", test_list_operation__non_strict_skips_unknown_leads_strict_fails_whole_call },
        { "list_operation__bad_parameters_get_documented_codes", test_list_operation__bad_parameters_get_documented_codes },
        { NULL, NULL }
    };
    return mktows_test_run("server_lists", s_setup, s_teardown, cases);
}
