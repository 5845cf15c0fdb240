/* Evolution case: ResultGetMultipleLeads/remainingCount widened from xs:int to xs:long. A count
 * past 2^31 parses exactly through the typed call and decode; paging through the local server
 * still works. */
#include "evolution/common.h"

static const char s_page[] =
    S_ENVELOPE("<ns1:successGetMultipleLeads><result><returnCount>0</returnCount>"
               "<remainingCount>5000000000</remainingCount><newStreamPosition>p2</newStreamPosition>"
               "</result></ns1:successGetMultipleLeads>");

static void test_case__a_count_past_2_31_parses_exactly(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push(m, 200, s_page);
    struct mkt__ParamsGetMultipleLeads params = { .streamPosition = "p1" };
    struct mkt__SuccessGetMultipleLeads *out = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads(c, &params, &out), MKTOWS_OK);
    CU_ASSERT_EQUAL(out->result->remainingCount, 5000000000LL);
    mktows_client_free(c);
    mktows_mock_free(m);
    CU_ASSERT_TRUE(s_decode_has("getMultipleLeads", s_page, "\"remainingCount\":5000000000"));
}

static void test_case__paging_through_the_server_still_works(void)
{
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    for (int i = 0; i < 5; i++) {
        char email[64];
        snprintf(email, sizeof email, "wide%d@example.com", i);
        struct mkt__LeadRecord lead = { .Email = email };
        struct mkt__ParamsSyncLead sp = { .leadRecord = &lead, .returnLead = xsd__boolean__false_ };
        struct mkt__SuccessSyncLead *so = NULL;
        CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_raw(c, &sp, &so), MKTOWS_OK);
    }
    int batch = 2;
    time_t since = 0;
    struct mkt__ParamsGetMultipleLeads params = { .lastUpdatedAt = &since, .batchSize = &batch };
    mktows_pager *pager = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &pager), MKTOWS_OK);
    struct mkt__SuccessGetMultipleLeads *page = NULL;
    int leads = 0;
    while (mktows_get_multiple_leads_next(pager, &page) == MKTOWS_OK && page)
        leads += page->result->returnCount;
    CU_ASSERT_TRUE(mktows_pager_done(pager));
    CU_ASSERT_EQUAL(leads, 5);
    mktows_pager_free(pager);
    mktows_client_free(c);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "a_count_past_2_31_parses_exactly", test_case__a_count_past_2_31_parses_exactly },
        { "paging_through_the_server_still_works", test_case__paging_through_the_server_still_works },
        { NULL, NULL }
    };
    return mktows_test_run("case_check", s_setup, s_teardown, cases);
}
