/* Pagers against the mock transport: multi-page canned sequences are followed to the end, every
 * request after the first carries the previous page's position, a caller can stop, save the
 * position as a string and resume with a new pager, and bad streams end in an error, not a loop. */
#include "runner.h"

#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>
#include <mktows/paging.h>

#include <stdlib.h>
#include <string.h>

#include "mock_transport.h"
#include "xml_compare.h"

#define S_ENV_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope" \
    " xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"" \
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" \
    " xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Body>"
#define S_ENV_CLOSE "</SOAP-ENV:Body></SOAP-ENV:Envelope>"

/* A getMultipleLeads page with leads first..first+n-1. */
static void s_push_leads_page(mktows_mock *m, int first, int n, int remaining, const char *next)
{
    char body[8192];
    size_t len = (size_t)snprintf(body, sizeof body,
                                  S_ENV_OPEN "<ns1:successGetMultipleLeads><result><returnCount>%d</returnCount>"
                                  "<remainingCount>%d</remainingCount><newStreamPosition>%s</newStreamPosition>"
                                  "<leadRecordList>", n, remaining, next);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(body + len, sizeof body - len, "<leadRecord><Id>%d</Id></leadRecord>", first + i);
    snprintf(body + len, sizeof body - len, "</leadRecordList></result></ns1:successGetMultipleLeads>" S_ENV_CLOSE);
    mktows_mock_push(m, 200, body);
}

static char *s_request_text(mktows_mock *m, size_t i, const char *element)
{
    return mktows_xml_text(mktows_mock_request_body(m, i), element);
}

static void test_paging__multiple_leads_follows_stream_position_to_the_end(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    s_push_leads_page(m, 1, 2, 4, "pos-A");
    s_push_leads_page(m, 3, 2, 2, "pos-B");
    s_push_leads_page(m, 5, 2, 0, "");

    mktows_lead_selector sel;
    int batch = 2;
    struct mkt__ParamsGetMultipleLeads params = { .leadSelector = mktows_lead_selector_init_list_name(&sel, "Trade Show"),
                                                  .batchSize = &batch };
    mktows_pager *pager = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &pager), MKTOWS_OK);
    CU_ASSERT_PTR_NULL(mktows_pager_position(pager));
    CU_ASSERT_EQUAL(mktows_pager_remaining(pager), -1);
    struct mkt__SuccessGetMultipleLeads *page;
    int seen[7] = { 0 }, pages = 0;
    mktows_code rc;
    while ((rc = mktows_get_multiple_leads_next(pager, &page)) == MKTOWS_OK && page) {
        pages++;
        for (int i = 0; i < page->result->leadRecordList->__sizeleadRecord; i++) {
            int id = *page->result->leadRecordList->leadRecord[i].Id;
            CU_ASSERT_TRUE_FATAL(id >= 1 && id <= 6);
            seen[id]++;
        }
    }
    CU_ASSERT_EQUAL(rc, MKTOWS_OK);
    CU_ASSERT_EQUAL(pages, 3);
    CU_ASSERT_EQUAL(mktows_pager_pages(pager), 3);
    CU_ASSERT_TRUE(mktows_pager_done(pager));
    CU_ASSERT_EQUAL(mktows_pager_remaining(pager), 0);
    for (int id = 1; id <= 6; id++)
        CU_ASSERT_EQUAL(seen[id], 1);
    /* After the end: no more traffic. */
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NULL(page);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_request_count(m), 3);

    char *p0 = s_request_text(m, 0, "streamPosition"), *p1 = s_request_text(m, 1, "streamPosition"),
         *p2 = s_request_text(m, 2, "streamPosition");
    CU_ASSERT_PTR_NULL(p0);
    CU_ASSERT_PTR_NOT_NULL(p1);
    CU_ASSERT_PTR_NOT_NULL(p2);
    if (p1 && p2) {
        CU_ASSERT_STRING_EQUAL(p1, "pos-A");
        CU_ASSERT_STRING_EQUAL(p2, "pos-B");
    }
    free(p0);
    free(p1);
    free(p2);
    /* Every page carries the caller's other params. */
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 2), NULL, "staticListName"), 1);
    mktows_pager_free(pager);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_paging__caller_stops_saves_position_and_resumes(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    s_push_leads_page(m, 1, 2, 2, "pos-A");
    s_push_leads_page(m, 3, 2, 0, "");
    struct mkt__ParamsGetMultipleLeads params = { 0 };
    mktows_pager *pager = NULL;
    struct mkt__SuccessGetMultipleLeads *page;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &pager), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    char saved[64];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mktows_pager_position(pager));
    snprintf(saved, sizeof saved, "%s", mktows_pager_position(pager));
    CU_ASSERT_STRING_EQUAL(saved, "pos-A");
    mktows_pager_free(pager); /* stop */

    mktows_pager *again = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &again), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_pager_set_position(again, saved), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_next(again, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    CU_ASSERT_EQUAL(*page->result->leadRecordList->leadRecord[0].Id, 3);
    char *sent = s_request_text(m, 1, "streamPosition");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sent);
    CU_ASSERT_STRING_EQUAL(sent, "pos-A");
    free(sent);
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(again, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NULL(page);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 2);
    /* The params were not touched. */
    CU_ASSERT_PTR_NULL(params.streamPosition);
    mktows_pager_free(again);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void s_push_changes_page(mktows_mock *m, int id, int remaining, const char *offset)
{
    char body[4096];
    snprintf(body, sizeof body,
             S_ENV_OPEN "<ns1:successGetLeadChanges><result><returnCount>1</returnCount>"
             "<remainingCount>%d</remainingCount><newStartPosition><latestCreatedAt xsi:nil=\"true\"/>"
             "<oldestCreatedAt>2013-08-01T00:13:13+00:00</oldestCreatedAt><activityCreatedAt xsi:nil=\"true\"/>"
             "<offset>%s</offset></newStartPosition><leadChangeRecordList><leadChangeRecord><id>%d</id>"
             "<activityDateTime>2013-08-01T10:00:00Z</activityDateTime><activityType>New Lead</activityType>"
             "<mktPersonId>87</mktPersonId></leadChangeRecord></leadChangeRecordList></result>"
             "</ns1:successGetLeadChanges>" S_ENV_CLOSE,
             remaining, offset, id);
    mktows_mock_push(m, 200, body);
}

static void test_paging__lead_changes_sends_new_start_position_and_resumes_from_string(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    s_push_changes_page(m, 1, 2, "ID:1");
    s_push_changes_page(m, 2, 1, "ID:2");
    s_push_changes_page(m, 3, 0, "ID:3");
    s_push_changes_page(m, 3, 0, "ID:3");
    time_t oldest = 1375316000;
    struct mkt__StreamPosition start = { .oldestCreatedAt = &oldest };
    struct mkt__ParamsGetLeadChanges params = { .startPosition = &start };
    mktows_pager *pager = NULL;
    struct mkt__SuccessGetLeadChanges *page;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_pager(c, &params, &pager), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    CU_ASSERT_STRING_EQUAL(mktows_pager_position(pager), "sp1||2013-08-01T00:13:13+00:00||ID:1");
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    char *off = s_request_text(m, 1, "offset");
    char *old = s_request_text(m, 1, "oldestCreatedAt");
    CU_ASSERT_PTR_NOT_NULL_FATAL(off);
    CU_ASSERT_PTR_NOT_NULL_FATAL(old);
    CU_ASSERT_STRING_EQUAL(off, "ID:1");
    CU_ASSERT_STRING_EQUAL(old, "2013-08-01T00:13:13Z");
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 1), NULL, "latestCreatedAt"), 0);
    free(off);
    free(old);
    char saved[128];
    snprintf(saved, sizeof saved, "%s", mktows_pager_position(pager));
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(page);
    CU_ASSERT_EQUAL(mktows_get_lead_changes_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NULL(page);
    mktows_pager_free(pager);

    /* Resume in a new pager from the string saved after page 2. */
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_pager(c, &params, &pager), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_pager_set_position(pager, "not a position"), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_pager_set_position(pager, saved), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_next(pager, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(page);
    off = s_request_text(m, 3, "offset");
    CU_ASSERT_PTR_NOT_NULL_FATAL(off);
    CU_ASSERT_STRING_EQUAL(off, "ID:2");
    free(off);
    CU_ASSERT_TRUE(mktows_pager_done(pager));
    mktows_pager_free(pager);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_paging__lead_activity_custom_objects_and_mobjects_page(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    /* getLeadActivity: two pages */
    mktows_mock_push(m, 200, S_ENV_OPEN "<ns1:successGetLeadActivity><leadActivityList><returnCount>0</returnCount>"
                     "<remainingCount>5</remainingCount><newStartPosition><offset>A1</offset></newStartPosition>"
                     "</leadActivityList></ns1:successGetLeadActivity>" S_ENV_CLOSE);
    mktows_mock_push(m, 200, S_ENV_OPEN "<ns1:successGetLeadActivity><leadActivityList><returnCount>0</returnCount>"
                     "<remainingCount>0</remainingCount><newStartPosition><offset>A2</offset></newStartPosition>"
                     "</leadActivityList></ns1:successGetLeadActivity>" S_ENV_CLOSE);
    /* getCustomObjects: two pages */
    mktows_mock_push(m, 200, S_ENV_OPEN "<ns1:successGetCustomObjects><result><objTypeName>RoadShow</objTypeName>"
                     "<returnCount>1</returnCount><remainingCount>1</remainingCount>"
                     "<newStreamPosition>C1</newStreamPosition></result></ns1:successGetCustomObjects>" S_ENV_CLOSE);
    mktows_mock_push(m, 200, S_ENV_OPEN "<ns1:successGetCustomObjects><result><objTypeName>RoadShow</objTypeName>"
                     "<returnCount>1</returnCount><remainingCount>0</remainingCount>"
                     "<newStreamPosition/></result></ns1:successGetCustomObjects>" S_ENV_CLOSE);
    /* getMObjects: hasMore, then not */
    mktows_mock_push(m, 200, S_ENV_OPEN "<ns1:successGetMObjects><result><returnCount>1</returnCount>"
                     "<hasMore>true</hasMore><newStreamPosition>M1</newStreamPosition></result>"
                     "</ns1:successGetMObjects>" S_ENV_CLOSE);
    mktows_mock_push(m, 200, S_ENV_OPEN "<ns1:successGetMObjects><result><returnCount>1</returnCount>"
                     "<hasMore>false</hasMore><newStreamPosition>M2</newStreamPosition></result>"
                     "</ns1:successGetMObjects>" S_ENV_CLOSE);

    struct mkt__LeadKey key;
    struct mkt__ParamsGetLeadActivity la = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__IDNUM, "87") };
    mktows_pager *p = NULL;
    int pages = 0;
    struct mkt__SuccessGetLeadActivity *lap;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_activity_pager(c, &la, &p), MKTOWS_OK);
    while (mktows_get_lead_activity_next(p, &lap) == MKTOWS_OK && lap)
        pages++;
    CU_ASSERT_EQUAL(pages, 2);
    CU_ASSERT_TRUE(mktows_pager_done(p));
    /* A pager is for one operation only. */
    struct mkt__SuccessGetMObjects *wrong = NULL;
    CU_ASSERT_EQUAL(mktows_get_mobjects_next(p, &wrong), MKTOWS_ERR_INVALID_ARGUMENT);
    mktows_pager_free(p);
    char *off = s_request_text(m, 1, "offset");
    CU_ASSERT_PTR_NOT_NULL_FATAL(off);
    CU_ASSERT_STRING_EQUAL(off, "A1");
    free(off);

    struct mkt__ParamsGetCustomObjects co = { .objTypeName = "RoadShow" };
    struct mkt__SuccessGetCustomObjects *cop;
    CU_ASSERT_EQUAL_FATAL(mktows_get_custom_objects_pager(c, &co, &p), MKTOWS_OK);
    pages = 0;
    while (mktows_get_custom_objects_next(p, &cop) == MKTOWS_OK && cop)
        pages++;
    CU_ASSERT_EQUAL(pages, 2);
    mktows_pager_free(p);
    char *sp = s_request_text(m, 3, "streamPosition");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sp);
    CU_ASSERT_STRING_EQUAL(sp, "C1");
    free(sp);

    struct mkt__ParamsGetMObjects mo = { .type = "Opportunity" };
    struct mkt__SuccessGetMObjects *mop;
    CU_ASSERT_EQUAL_FATAL(mktows_get_mobjects_pager(c, &mo, &p), MKTOWS_OK);
    pages = 0;
    while (mktows_get_mobjects_next(p, &mop) == MKTOWS_OK && mop)
        pages++;
    CU_ASSERT_EQUAL(pages, 2);
    CU_ASSERT_EQUAL(mktows_pager_remaining(p), -1);
    mktows_pager_free(p);
    sp = s_request_text(m, 5, "streamPosition");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sp);
    CU_ASSERT_STRING_EQUAL(sp, "M1");
    free(sp);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 6);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_paging__stream_at_end_fault_ends_the_stream(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    s_push_leads_page(m, 1, 1, 1, "pos-A");
    mktows_mock_push(m, 500, S_ENV_OPEN "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"
                     "<faultstring>20123 - Stream at end</faultstring><detail><ns1:serviceException>"
                     "<name>mktServiceException</name><message>Stream at end</message><code>20123</code>"
                     "</ns1:serviceException></detail></SOAP-ENV:Fault>" S_ENV_CLOSE);
    struct mkt__ParamsGetMultipleLeads params = { 0 };
    mktows_pager *p = NULL;
    struct mkt__SuccessGetMultipleLeads *page;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &p), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(page);
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NULL(page);
    CU_ASSERT_TRUE(mktows_pager_done(p));
    mktows_pager_free(p);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_paging__errors_keep_the_position_and_bad_streams_do_not_loop(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    s_push_leads_page(m, 1, 1, 3, "pos-A");
    CU_ASSERT_EQUAL(mktows_mock_push_file(m, 500, "faults/auth_20014.xml"), 0);
    s_push_leads_page(m, 2, 1, 2, "pos-A"); /* the same position again */
    s_push_leads_page(m, 3, 1, 1, "");      /* more, but no position */
    struct mkt__ParamsGetMultipleLeads params = { 0 };
    mktows_pager *p = NULL;
    struct mkt__SuccessGetMultipleLeads *page;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &p), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_PTR_NULL(page);
    CU_ASSERT_STRING_EQUAL(mktows_pager_position(p), "pos-A");
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_ERR_PARSE);
    CU_ASSERT_PTR_NULL(page);
    CU_ASSERT_EQUAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_ERR_PARSE);
    CU_ASSERT_PTR_NULL(page);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 4);
    mktows_pager_free(p);
    mktows_client_free(c);
    mktows_mock_free(m);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "multiple_leads_follows_stream_position_to_the_end", test_paging__multiple_leads_follows_stream_position_to_the_end },
        { "caller_stops_saves_position_and_resumes", test_paging__caller_stops_saves_position_and_resumes },
        { "lead_changes_sends_new_start_position_and_resumes_from_string",
          test_paging__lead_changes_sends_new_start_position_and_resumes_from_string },
        { "lead_activity_custom_objects_and_mobjects_page", test_paging__lead_activity_custom_objects_and_mobjects_page },
        { "stream_at_end_fault_ends_the_stream", test_paging__stream_at_end_fault_ends_the_stream },
        { "errors_keep_the_position_and_bad_streams_do_not_loop",
          test_paging__errors_keep_the_position_and_bad_streams_do_not_loop },
        { NULL, NULL }
    };
    return mktows_test_run("paging", NULL, NULL, cases);
}
