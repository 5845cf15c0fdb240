/* The library's batching helpers and pagers end to end against mktows-server: 1,000 leads in 4
 * calls with 1,000 statuses; 2,500 leads paged with getMultipleLeads, stopped after one page and
 * resumed from the saved position by a new client and pager, each lead exactly once; getLeadChanges
 * paged and resumed through the pager's StreamPosition string; custom objects and MObjects batched. */
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include <mktows/batch.h>
#include <mktows/paging.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "[custom_object Seat]\n"
    "keys = row, number\n"
    "fields = holder\n";

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

/* n lead records with emails <prefix><i>@example.com; free with free(). */
static struct mkt__LeadRecord *s_records(const char *prefix, int n, char (**emails)[64])
{
    struct mkt__LeadRecord *recs = calloc((size_t)n, sizeof *recs);
    *emails = calloc((size_t)n, sizeof **emails);
    for (int i = 0; recs && *emails && i < n; i++) {
        snprintf((*emails)[i], sizeof (*emails)[i], "%s%d@example.com", prefix, i);
        recs[i].Email = (*emails)[i];
    }
    return recs;
}

static void test_batch__1000_leads_in_4_calls_with_1000_statuses(void)
{
    char (*emails)[64] = NULL;
    struct mkt__LeadRecord *recs = s_records("batch", 1000, &emails);
    CU_ASSERT_PTR_NOT_NULL_FATAL(recs);
    struct mkt__Attribute bad = { .attrName = "NoSuchField", .attrValue = "x" };
    struct mkt__ArrayOfAttribute bad_list = { .__sizeattribute = 1, .attribute = &bad };
    recs[500].leadAttributeList = &bad_list;
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(s_c, &(struct mkt__ParamsSyncMultipleLeads){ 0 },
                                                             recs, 1000, 0, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 4);
    CU_ASSERT_EQUAL(res->count, 1000);
    CU_ASSERT_EQUAL(res->next_index, 1000);
    CU_ASSERT_EQUAL(res->failed, 1);
    int created = 0;
    for (size_t i = 0; i < res->count; i++)
        created += res->statuses[i].code == MKTOWS_OK && res->statuses[i].status_name
                   && !strcmp(res->statuses[i].status_name, "CREATED") && res->statuses[i].id > 0;
    CU_ASSERT_EQUAL(created, 999);
    CU_ASSERT_STRING_EQUAL(res->statuses[500].status_name, "FAILED");
    CU_ASSERT_PTR_NOT_NULL(res->statuses[500].error);
    mktows_batch_result_free(res);
    free(recs);
    free(emails);
}

static int s_cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void test_pager__2500_leads_each_once_with_stop_and_resume(void)
{
    time_t t0 = time(NULL) - 1;
    char (*emails)[64] = NULL;
    struct mkt__LeadRecord *recs = s_records("pager", 2500, &emails);
    CU_ASSERT_PTR_NOT_NULL_FATAL(recs);
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(s_c, &(struct mkt__ParamsSyncMultipleLeads){ 0 },
                                                             recs, 2500, 0, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 9);
    long long *mine = malloc(2500 * sizeof *mine);
    for (int i = 0; i < 2500; i++)
        mine[i] = res->statuses[i].id;
    mktows_batch_result_free(res);
    qsort(mine, 2500, sizeof *mine, s_cmp_ll);
    int *seen = calloc(2500, sizeof *seen);

    struct mkt__LastUpdateAtSelector since;
    memset(&since, 0, sizeof since);
    since.oldestUpdatedAt = t0;
    struct mkt__LeadSelector sel = { .mkt__LastUpdateAtSelector = &since };
    int batch = 1000;
    struct mkt__ParamsGetMultipleLeads params;
    memset(&params, 0, sizeof params);
    params.leadSelector = &sel;
    params.batchSize = &batch;

    /* page 1, then stop and save the position */
    mktows_pager *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(s_c, &params, &p), MKTOWS_OK);
    struct mkt__SuccessGetMultipleLeads *page = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    for (int i = 0; i < page->result->returnCount; i++) {
        long long id = *page->result->leadRecordList->leadRecord[i].Id;
        long long *hit = bsearch(&id, mine, 2500, sizeof *mine, s_cmp_ll);
        if (hit)
            seen[hit - mine]++;
    }
    char saved[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mktows_pager_position(p));
    snprintf(saved, sizeof saved, "%s", mktows_pager_position(p));
    mktows_pager_free(p);

    /* resume with another client and pager */
    mktows_client *c2 = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c2);
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c2, &params, &p), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_pager_set_position(p, saved), MKTOWS_OK);
    int pages = 1;
    for (;;) {
        CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_next(p, &page), MKTOWS_OK);
        if (!page)
            break;
        pages++;
        for (int i = 0; i < page->result->returnCount; i++) {
            long long id = *page->result->leadRecordList->leadRecord[i].Id;
            long long *hit = bsearch(&id, mine, 2500, sizeof *mine, s_cmp_ll);
            if (hit)
                seen[hit - mine]++;
        }
        if (pages > 10)
            break;
    }
    CU_ASSERT_TRUE(mktows_pager_done(p));
    CU_ASSERT_TRUE(pages >= 3); /* leads of earlier tests may match the selector too */
    int once = 0;
    for (int i = 0; i < 2500; i++)
        once += seen[i] == 1;
    CU_ASSERT_EQUAL(once, 2500);
    mktows_pager_free(p);
    mktows_client_free(c2);
    free(seen);
    free(mine);
    free(recs);
    free(emails);
}

static void test_pager__lead_changes_resume_from_saved_stream_position(void)
{
    time_t t0 = time(NULL) - 1;
    char (*emails)[64] = NULL;
    struct mkt__LeadRecord *recs = s_records("chgpager", 30, &emails);
    CU_ASSERT_PTR_NOT_NULL_FATAL(recs);
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(s_c, &(struct mkt__ParamsSyncMultipleLeads){ 0 },
                                                             recs, 30, 0, &res), MKTOWS_OK);
    mktows_batch_result_free(res);

    char *names[] = { "New Lead" };
    struct mkt__ArrayOfString nf = { .__sizestringItem = 1, .stringItem = names };
    struct mkt__StreamPosition start;
    memset(&start, 0, sizeof start);
    start.oldestCreatedAt = &t0;
    int batch = 12;
    const char *keys[30];
    for (int i = 0; i < 30; i++)
        keys[i] = emails[i];
    struct mkt__ParamsGetLeadChanges params;
    memset(&params, 0, sizeof params);
    params.leadSelector = mktows_test_key_selector(s_c, mkt__LeadKeyRef__EMAIL, keys, 30);
    params.startPosition = &start;
    params.activityNameFilter = &nf;
    params.batchSize = &batch;
    mktows_pager *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_pager(s_c, &params, &p), MKTOWS_OK);
    struct mkt__SuccessGetLeadChanges *page = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_next(p, &page), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(page->result->returnCount, 12);
    CU_ASSERT_EQUAL(page->result->remainingCount, 18);
    char saved[512];
    snprintf(saved, sizeof saved, "%s", mktows_pager_position(p));
    mktows_pager_free(p);

    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_pager(s_c, &params, &p), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_pager_set_position(p, saved), MKTOWS_OK);
    int total = 12;
    for (int pages = 0; pages < 10; pages++) {
        CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes_next(p, &page), MKTOWS_OK);
        if (!page)
            break;
        total += page->result->returnCount;
    }
    CU_ASSERT_EQUAL(total, 30);
    mktows_pager_free(p);
    free(recs);
    free(emails);
}

static void test_batch__custom_objects_and_mobjects_over_300(void)
{
    enum { N = 350 };
    struct mkt__CustomObj *objs = calloc(N, sizeof *objs);
    struct mkt__Attribute (*keys)[2] = calloc(N, sizeof *keys);
    struct mkt__ArrayOfAttribute *kl = calloc(N, sizeof *kl);
    char (*num)[16] = calloc(N, sizeof *num);
    for (int i = 0; i < N; i++) {
        snprintf(num[i], sizeof num[i], "%d", i);
        keys[i][0].attrName = "row";
        keys[i][0].attrValue = "A";
        keys[i][1].attrName = "number";
        keys[i][1].attrValue = num[i];
        kl[i].__sizeattribute = 2;
        kl[i].attribute = keys[i];
        objs[i].customObjKeyList = &kl[i];
    }
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_custom_objects_batched(s_c, &(struct mkt__ParamsSyncCustomObjects){ .objTypeName = "Seat" },
                                                             objs, N, 0, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 2);
    CU_ASSERT_EQUAL(res->count, N);
    CU_ASSERT_EQUAL(res->failed, 0);
    mktows_batch_result_free(res);

    struct mkt__MObject *mo = calloc(N, sizeof *mo);
    for (int i = 0; i < N; i++)
        mo[i].type = "Opportunity";
    CU_ASSERT_EQUAL_FATAL(mktows_sync_mobjects_batched(s_c, &(struct mkt__ParamsSyncMObjects){ .operation = mkt__SyncOperationEnum__INSERT },
                                                       mo, N, 0, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 2);
    CU_ASSERT_EQUAL(res->failed, 0);
    CU_ASSERT_TRUE(res->statuses[N - 1].id > res->statuses[0].id);
    mktows_batch_result_free(res);
    free(mo);
    free(objs);
    free(keys);
    free(kl);
    free(num);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "batch__1000_leads_in_4_calls_with_1000_statuses", test_batch__1000_leads_in_4_calls_with_1000_statuses },
        { "pager__2500_leads_each_once_with_stop_and_resume", test_pager__2500_leads_each_once_with_stop_and_resume },
        { "pager__lead_changes_resume_from_saved_stream_position", test_pager__lead_changes_resume_from_saved_stream_position },
        { "batch__custom_objects_and_mobjects_over_300", test_batch__custom_objects_and_mobjects_over_300 },
        { NULL, NULL }
    };
    return mktows_test_run("server_paging", s_setup, s_teardown, cases);
}
