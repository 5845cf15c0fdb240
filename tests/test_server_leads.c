/* syncMultipleLeads and getMultipleLeads against mktows-server: statuses per record, dedupEnabled,
 * the three leadSelector kinds, includeAttributes, batchSize, and paging over 2,500 leads with the
 * opaque streamPosition (each lead exactly once; resuming from a saved position). */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "[field Visits]\n"
    "type = integer\n"
    "[list Paging]\n"
    "id = 1500\n";

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

static struct mkt__LeadRecord s_rec(const char *email, struct mkt__ArrayOfAttribute *attrs)
{
    struct mkt__LeadRecord r;
    memset(&r, 0, sizeof r);
    r.Email = (char *)email;
    r.leadAttributeList = attrs;
    return r;
}

static void test_sync_multiple__reports_a_status_for_every_record(void)
{
    struct mkt__Attribute good = { .attrName = "FirstName", .attrValue = "Ada" };
    struct mkt__Attribute bad = { .attrName = "NoSuchField", .attrValue = "x" };
    struct mkt__ArrayOfAttribute ga = { .__sizeattribute = 1, .attribute = &good };
    struct mkt__ArrayOfAttribute ba = { .__sizeattribute = 1, .attribute = &bad };
    struct mkt__LeadRecord recs[3] = { s_rec("multi-a@example.com", &ga), s_rec("multi-b@example.com", NULL),
                                       s_rec("multi-c@example.com", &ba) };
    struct mkt__ArrayOfLeadRecord arr = { .__sizeleadRecord = 3, .leadRecord = recs };
    struct mkt__ParamsSyncMultipleLeads req = { .leadRecordList = &arr };
    struct mkt__SuccessSyncMultipleLeads resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_OK);
    struct mkt__ArrayOfSyncStatus *st = resp.result->syncStatusList;
    CU_ASSERT_EQUAL_FATAL(st->__sizesyncStatus, 3);
    CU_ASSERT_EQUAL(st->syncStatus[0].status, mkt__LeadSyncStatus__CREATED);
    CU_ASSERT_EQUAL(st->syncStatus[1].status, mkt__LeadSyncStatus__CREATED);
    CU_ASSERT_EQUAL(st->syncStatus[2].status, mkt__LeadSyncStatus__FAILED);
    CU_ASSERT_PTR_NOT_NULL(st->syncStatus[2].error);
    CU_ASSERT_PTR_NOT_NULL(strstr(st->syncStatus[2].error ? st->syncStatus[2].error : "", "20105"));
    int a = st->syncStatus[0].leadId;
    CU_ASSERT_TRUE(a > 0 && st->syncStatus[1].leadId > a);
    /* the same again: both are updates of the same leads */
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_OK);
    st = resp.result->syncStatusList;
    CU_ASSERT_EQUAL(st->syncStatus[0].status, mkt__LeadSyncStatus__UPDATED);
    CU_ASSERT_EQUAL(st->syncStatus[0].leadId, a);
    CU_ASSERT_EQUAL(st->syncStatus[1].status, mkt__LeadSyncStatus__UPDATED);
    char buf[64];
    CU_ASSERT_STRING_EQUAL(mktows_test_attr_of(s_c, a, "FirstName", buf, sizeof buf), "Ada");
}

static void test_sync_multiple__dedup_disabled_creates_a_duplicate_by_email(void)
{
    struct mkt__LeadRecord rec = s_rec("dup@example.com", NULL);
    struct mkt__ArrayOfLeadRecord arr = { .__sizeleadRecord = 1, .leadRecord = &rec };
    enum xsd__boolean off = xsd__boolean__false_;
    struct mkt__ParamsSyncMultipleLeads req = { .leadRecordList = &arr };
    struct mkt__SuccessSyncMultipleLeads resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_OK);
    int first = resp.result->syncStatusList->syncStatus[0].leadId;
    req.dedupEnabled = &off;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(resp.result->syncStatusList->syncStatus[0].status, mkt__LeadSyncStatus__CREATED);
    CU_ASSERT_NOT_EQUAL(resp.result->syncStatusList->syncStatus[0].leadId, first);
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__EMAIL, "dup@example.com", &g), MKTOWS_OK);
    CU_ASSERT_EQUAL(g->count, 2);
}

static void test_sync_multiple__bad_requests_get_documented_codes(void)
{
    struct mkt__ParamsSyncMultipleLeads req = { 0 };
    struct mkt__SuccessSyncMultipleLeads resp;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_MKTO_LEAD_DETAIL_REQUIRED);
    struct mkt__LeadRecord *recs = calloc(301, sizeof *recs);
    for (int i = 0; i < 301; i++)
        recs[i].Email = "too-many@example.com";
    struct mkt__ArrayOfLeadRecord arr = { .__sizeleadRecord = 301, .leadRecord = recs };
    req.leadRecordList = &arr;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_MKTO_BAD_PARAMETER);
    free(recs);
}

static void test_get_multiple__lead_key_selector_and_include_attributes(void)
{
    int ids[3];
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "keysel", 0, 3, ids, "Visits", "7"), MKTOWS_OK);
    const char *emails[] = { "keysel2@example.com", "keysel0@example.com", "nobody@example.com" };
    struct mkt__ResultGetMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_multiple(s_c, mktows_test_key_selector(s_c, mkt__LeadKeyRef__EMAIL, emails, 3),
                                                   NULL, 0, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 2);
    CU_ASSERT_EQUAL(r->remainingCount, 0);
    CU_ASSERT_TRUE(!r->newStreamPosition || !*r->newStreamPosition); /* required element: empty at the end */
    CU_ASSERT_EQUAL(*r->leadRecordList->leadRecord[0].Id, ids[0]); /* id order */
    CU_ASSERT_EQUAL(*r->leadRecordList->leadRecord[1].Id, ids[2]);
    CU_ASSERT_STRING_EQUAL(mktows_test_record_attr(&r->leadRecordList->leadRecord[0], "Visits"), "7");
    CU_ASSERT_PTR_NOT_NULL(mktows_test_record_attr(&r->leadRecordList->leadRecord[0], "UpdatedAt"));

    /* includeAttributes: only Visits */
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%d", ids[1]);
    const char *byid[] = { idtext };
    struct mkt__ParamsGetMultipleLeads req;
    memset(&req, 0, sizeof req);
    req.leadSelector = mktows_test_key_selector(s_c, mkt__LeadKeyRef__IDNUM, byid, 1);
    char *only[] = { "Visits" };
    struct mkt__ArrayOfString inc = { .__sizestringItem = 1, .stringItem = only };
    req.includeAttributes = &inc;
    struct mkt__SuccessGetMultipleLeads resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, getMultipleLeads, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->returnCount, 1);
    CU_ASSERT_EQUAL(resp.result->leadRecordList->leadRecord[0].leadAttributeList->__sizeattribute, 1);
    CU_ASSERT_STRING_EQUAL(mktows_test_record_attr(&resp.result->leadRecordList->leadRecord[0], "Visits"), "7");
    only[0] = "NoSuchField";
    req.leadSelector = mktows_test_key_selector(s_c, mkt__LeadKeyRef__IDNUM, byid, 1);
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, getMultipleLeads, &req, &resp), MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD);
}

static void test_get_multiple__bad_selectors_get_documented_codes(void)
{
    struct mkt__ResultGetMultipleLeads *r = NULL;
    const char *v[] = { "x" };
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, mktows_test_key_selector(s_c, mkt__LeadKeyRef__SFDCLEADID, v, 1),
                                             NULL, 0, &r), MKTOWS_MKTO_LEAD_KEY_BAD);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, mktows_test_key_selector(s_c, mkt__LeadKeyRef__EMAIL, v, 0),
                                             NULL, 0, &r), MKTOWS_MKTO_LEAD_KEY_REQUIRED);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, NULL, NULL, 0, &r), MKTOWS_MKTO_PARAMETER_REQUIRED);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, mktows_test_list_selector(s_c, "No such list", 0), NULL, 0, &r),
                    MKTOWS_MKTO_LIST_NOT_FOUND);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, mktows_test_list_selector(s_c, NULL, 0), NULL, 0, &r),
                    MKTOWS_MKTO_PARAMETER_REQUIRED);

    struct soap *soap = mktows_test_scratch();
    struct mkt__LeadSelector *sel = soap_new_mkt__LeadSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector = soap_new_mkt__LastUpdateAtSelector(soap, 1);
    time_t now = time(NULL);
    sel->mkt__LastUpdateAtSelector->oldestUpdatedAt = now - 31 * 86400;
    sel->mkt__LastUpdateAtSelector->latestUpdatedAt = soap_malloc(soap, sizeof(time_t));
    *sel->mkt__LastUpdateAtSelector->latestUpdatedAt = now;
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, sel, NULL, 0, &r), MKTOWS_MKTO_TIME_RANGE_EXCEEDED);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(s_c), 20022);

    sel = soap_new_mkt__LeadSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector = soap_new_mkt__LastUpdateAtSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector->oldestUpdatedAt = now - 3600;
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, sel, "not-a-position", 0, &r), MKTOWS_MKTO_BAD_STREAM_POSITION);
    sel = soap_new_mkt__LeadSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector = soap_new_mkt__LastUpdateAtSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector->oldestUpdatedAt = now - 3600;
    CU_ASSERT_EQUAL(mktows_test_get_multiple(s_c, sel, NULL, -5, &r), MKTOWS_MKTO_BAD_PARAMETER);
}

static struct mkt__LeadSelector *s_since(time_t since)
{
    struct soap *soap = mktows_test_scratch();
    struct mkt__LeadSelector *sel = soap_new_mkt__LeadSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector = soap_new_mkt__LastUpdateAtSelector(soap, 1);
    sel->mkt__LastUpdateAtSelector->oldestUpdatedAt = since;
    return sel;
}

#define PAGING_LEADS 2500

static int s_cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static double s_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_get_multiple__paging_2500_leads_returns_each_once_and_resumes(void)
{
    time_t t0 = time(NULL) - 1;
    int *ids = calloc(PAGING_LEADS, sizeof *ids);
    double start = s_now_s();
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "paging", 0, PAGING_LEADS, ids, "Visits", "1"), MKTOWS_OK);
    double synced = s_now_s();
    /* seen[k] counts how often lead ids[k] came back */
    int *sorted = malloc(PAGING_LEADS * sizeof *sorted), *seen = calloc(PAGING_LEADS, sizeof *seen);
    memcpy(sorted, ids, PAGING_LEADS * sizeof *sorted);
    qsort(sorted, PAGING_LEADS, sizeof *sorted, s_cmp_int);

    char saved[256] = "", pos[256] = "";
    int pages = 0, total = 0, second_page_first = 0;
    for (;;) {
        struct mkt__ResultGetMultipleLeads *r = NULL;
        if (mktows_test_get_multiple(s_c, s_since(t0), *pos ? pos : NULL, 1000, &r) != MKTOWS_OK) {
            CU_FAIL("getMultipleLeads failed");
            break;
        }
        pages++;
        CU_ASSERT_TRUE(r->returnCount <= 1000);
        for (int i = 0; i < r->returnCount; i++) {
            int id = *r->leadRecordList->leadRecord[i].Id;
            int *hit = bsearch(&id, sorted, PAGING_LEADS, sizeof *sorted, s_cmp_int);
            if (hit)
                seen[hit - sorted]++;
            total++;
        }
        if (pages == 2 && r->returnCount)
            second_page_first = *r->leadRecordList->leadRecord[0].Id;
        if (r->remainingCount == 0) {
            CU_ASSERT_TRUE(!r->newStreamPosition || !*r->newStreamPosition); /* required element: empty at the end */
            break;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->newStreamPosition);
        snprintf(pos, sizeof pos, "%s", r->newStreamPosition);
        if (pages == 1)
            snprintf(saved, sizeof saved, "%s", pos);
        if (pages > 10)
            break;
    }
    CU_ASSERT_EQUAL(pages, 3);
    fprintf(stderr, "paging: %d leads synced in %.2f s (9 syncMultipleLeads calls), read back in %.2f s (%d pages)\n",
            PAGING_LEADS, synced - start, s_now_s() - synced, pages);
    int once = 0;
    for (int i = 0; i < PAGING_LEADS; i++)
        once += seen[i] == 1;
    CU_ASSERT_EQUAL(once, PAGING_LEADS);
    CU_ASSERT_TRUE(total >= PAGING_LEADS);

    /* resume from the position saved after page 1, with a fresh client */
    mktows_client *c2 = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c2);
    struct mkt__ResultGetMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c2, s_since(t0), saved, 1000, &r), MKTOWS_OK);
    if (r && r->returnCount)
        CU_ASSERT_EQUAL(*r->leadRecordList->leadRecord[0].Id, second_page_first);
    /* a position is bound to its selector */
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c2, s_since(t0 - 5), saved, 1000, &r),
                    MKTOWS_MKTO_BAD_STREAM_POSITION);
    /* default batch size is 100 */
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c2, s_since(t0), NULL, 0, &r), MKTOWS_OK);
    if (r)
        CU_ASSERT_EQUAL(r->returnCount, 100);
    /* the deprecated lastUpdatedAt, without a leadSelector, selects the same leads */
    struct mkt__ParamsGetMultipleLeads req;
    memset(&req, 0, sizeof req);
    req.lastUpdatedAt = &t0;
    struct mkt__SuccessGetMultipleLeads resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c2, getMultipleLeads, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(resp.result->returnCount, 100);
    CU_ASSERT_EQUAL(resp.result->returnCount + resp.result->remainingCount, total);
    mktows_client_free(c2);
    free(ids);
    free(sorted);
    free(seen);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "sync_multiple__reports_a_status_for_every_record", test_sync_multiple__reports_a_status_for_every_record },
        { "sync_multiple__dedup_disabled_creates_a_duplicate_by_email", test_sync_multiple__dedup_disabled_creates_a_duplicate_by_email },
        { "sync_multiple__bad_requests_get_documented_codes", test_sync_multiple__bad_requests_get_documented_codes },
        { "get_multiple__lead_key_selector_and_include_attributes", test_get_multiple__lead_key_selector_and_include_attributes },
        { "get_multiple__bad_selectors_get_documented_codes", test_get_multiple__bad_selectors_get_documented_codes },
        { "get_multiple__paging_2500_leads_returns_each_once_and_resumes", test_get_multiple__paging_2500_leads_returns_each_once_and_resumes },
        { NULL, NULL }
    };
    return mktows_test_run("server_leads", s_setup, s_teardown, cases);
}
