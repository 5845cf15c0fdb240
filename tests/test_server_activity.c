/* The activity log through getLeadActivity and getLeadChanges (filters, stream positions, paging,
 * resuming), and mergeLeads (the merge rule, the losers' history, the errors). */
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

static const char s_config[] = "[list Merge List]\n";

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

/* getLeadActivity by IDNUM; *out valid until the next call on s_c. */
static mktows_code s_activity(int id, struct mkt__ActivityTypeFilter *filter, struct mkt__StreamPosition *pos,
                              int batch, struct mkt__LeadActivityList **out)
{
    char text[24];
    snprintf(text, sizeof text, "%d", id);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = text };
    struct mkt__ParamsGetLeadActivity req = { .leadKey = &key, .activityFilter = filter, .startPosition = pos,
                                              .batchSize = batch ? &batch : NULL };
    struct mkt__SuccessGetLeadActivity resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, getLeadActivity, &req, &resp);
    *out = resp.leadActivityList;
    return rc;
}

static const char *s_act_attr(const struct mkt__ActivityRecord *a, const char *name)
{
    for (int i = 0; a->activityAttributes && i < a->activityAttributes->__sizeattribute; i++)
        if (!strcmp(a->activityAttributes->attribute[i].attrName, name))
            return a->activityAttributes->attribute[i].attrValue;
    return NULL;
}

/* Sync the same lead @p n times with Title = "<prefix><i>" in one syncMultipleLeads call. */
static void s_changes(const char *email, const char *prefix, int n)
{
    struct mkt__LeadRecord *recs = calloc((size_t)n, sizeof *recs);
    struct mkt__Attribute *attrs = calloc((size_t)n, sizeof *attrs);
    struct mkt__ArrayOfAttribute *lists = calloc((size_t)n, sizeof *lists);
    char (*vals)[32] = calloc((size_t)n, sizeof *vals);
    for (int i = 0; i < n; i++) {
        snprintf(vals[i], sizeof vals[i], "%s%d", prefix, i);
        attrs[i].attrName = "Title";
        attrs[i].attrValue = vals[i];
        lists[i].__sizeattribute = 1;
        lists[i].attribute = &attrs[i];
        recs[i].Email = (char *)email;
        recs[i].leadAttributeList = &lists[i];
    }
    struct mkt__ArrayOfLeadRecord arr = { .__sizeleadRecord = n, .leadRecord = recs };
    struct mkt__ParamsSyncMultipleLeads req = { .leadRecordList = &arr };
    struct mkt__SuccessSyncMultipleLeads resp;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, syncMultipleLeads, &req, &resp), MKTOWS_OK);
    free(recs);
    free(attrs);
    free(lists);
    free(vals);
}

/* Values are compared whole, whatever their length: the same 3,000-byte value synced again is no
 * change, and one that differs only past byte 1,024 is a change whose old value is whole. */
static void test_lead_activity__long_values_are_compared_and_logged_whole(void)
{
    char *v1 = malloc(3001), *v2 = malloc(3001);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v2);
    for (int i = 0; i < 3000; i++)
        v1[i] = (char)('a' + i % 26);
    v1[3000] = '\0';
    memcpy(v2, v1, 3001);
    v2[2000] = 'Z';
    int id = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "longval", 0, 1, &id, "FirstName", v1), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "longval", 0, 1, NULL, "FirstName", v1), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "longval", 0, 1, NULL, "FirstName", v2), MKTOWS_OK);
    struct mkt__LeadActivityList *l = NULL;
    CU_ASSERT_EQUAL_FATAL(s_activity(id, NULL, NULL, 0, &l), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(l->returnCount, 2); /* New Lead, one Change Data Value */
    struct mkt__ActivityRecord *a = l->activityRecordList->activityRecord;
    CU_ASSERT_STRING_EQUAL(a[0].activityType, "Change Data Value");
    CU_ASSERT_STRING_EQUAL(s_act_attr(&a[0], "Old Value"), v1);
    CU_ASSERT_STRING_EQUAL(s_act_attr(&a[0], "New Value"), v2);
    free(v1);
    free(v2);
}

/* An email longer than any buffer, synced again as it is, is no change either (the matched lead's
 * email was once kept cut to 511 bytes, and the cut copy differed from the request's). */
static void test_lead_activity__a_long_email_synced_again_is_no_change(void)
{
    char email[801];
    memset(email, 'm', 780);
    strcpy(email + 780, "@long.example.com");
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, email, NULL, NULL, &r, "FirstName", "Long", NULL), MKTOWS_OK);
    int id = r->lead_id;
    mktows_sync_lead_result_free(r);
    r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, email, NULL, NULL, &r, "Email", email, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->lead_id, id);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    mktows_sync_lead_result_free(r);
    struct mkt__LeadActivityList *l = NULL;
    CU_ASSERT_EQUAL_FATAL(s_activity(id, NULL, NULL, 0, &l), MKTOWS_OK);
    CU_ASSERT_EQUAL(l->returnCount, 1); /* New Lead only */
    if (l->returnCount >= 1)
        CU_ASSERT_STRING_EQUAL(l->activityRecordList->activityRecord[0].activityType, "New Lead");
}

static void test_lead_activity__new_lead_change_and_list_are_logged_newest_first(void)
{
    int id = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "act", 0, 1, &id, "FirstName", "Ann"), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "act", 0, 1, NULL, "FirstName", "Anna"), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "act", 0, 1, NULL, "FirstName", "Anna"), MKTOWS_OK); /* no change */
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, "Merge List", &id, 1, 0, NULL,
                                              NULL), MKTOWS_OK);
    struct mkt__LeadActivityList *l = NULL;
    CU_ASSERT_EQUAL_FATAL(s_activity(id, NULL, NULL, 0, &l), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(l->returnCount, 3);
    CU_ASSERT_EQUAL(l->remainingCount, 0);
    struct mkt__ActivityRecord *a = l->activityRecordList->activityRecord;
    CU_ASSERT_STRING_EQUAL(a[0].activityType, "Add to List");
    CU_ASSERT_STRING_EQUAL(a[0].mktgAssetName, "Merge List");
    CU_ASSERT_STRING_EQUAL(a[1].activityType, "Change Data Value");
    CU_ASSERT_STRING_EQUAL(s_act_attr(&a[1], "Attribute Name"), "FirstName");
    CU_ASSERT_STRING_EQUAL(s_act_attr(&a[1], "Old Value"), "Ann");
    CU_ASSERT_STRING_EQUAL(s_act_attr(&a[1], "New Value"), "Anna");
    CU_ASSERT_STRING_EQUAL(a[2].activityType, "New Lead");
    CU_ASSERT_TRUE(a[0].id > a[1].id && a[1].id > a[2].id);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%d", id);
    CU_ASSERT_STRING_EQUAL(a[2].mktPersonId, idtext);
    CU_ASSERT_TRUE(labs((long)(a[2].activityDateTime - time(NULL))) < 60);

    /* includeTypes / excludeTypes */
    enum mkt__ActivityType nl = mkt__ActivityType__NewLead;
    struct mkt__ArrayOfActivityType types = { .__sizeactivityType = 1, .activityType = &nl };
    struct mkt__ActivityTypeFilter f = { .includeTypes = &types };
    CU_ASSERT_EQUAL_FATAL(s_activity(id, &f, NULL, 0, &l), MKTOWS_OK);
    CU_ASSERT_EQUAL(l->returnCount, 1);
    struct mkt__ActivityTypeFilter fx = { .excludeTypes = &types };
    CU_ASSERT_EQUAL_FATAL(s_activity(id, &fx, NULL, 0, &l), MKTOWS_OK);
    CU_ASSERT_EQUAL(l->returnCount, 2);
    struct mkt__ActivityTypeFilter both = { .includeTypes = &types, .excludeTypes = &types };
    CU_ASSERT_EQUAL(s_activity(id, &both, NULL, 0, &l), MKTOWS_MKTO_BAD_PARAMETER);
}

static void test_lead_activity__pages_with_offset_and_batch_size(void)
{
    s_changes("actpage@example.com", "t", 25); /* New Lead + 24 changes */
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__EMAIL, "actpage@example.com", &g), MKTOWS_OK);
    int id = *g->leadRecordList->leadRecord[0].Id;
    struct mkt__StreamPosition pos;
    memset(&pos, 0, sizeof pos);
    char offset[32] = "";
    long long last = -1;
    int total = 0, pages = 0, remaining_seen[4] = { 0 };
    for (;;) {
        struct mkt__LeadActivityList *l = NULL;
        pos.offset = *offset ? offset : NULL;
        CU_ASSERT_EQUAL_FATAL(s_activity(id, NULL, &pos, 10, &l), MKTOWS_OK);
        for (int i = 0; i < l->returnCount; i++) {
            long long aid = l->activityRecordList->activityRecord[i].id;
            CU_ASSERT_TRUE(last < 0 || aid < last);
            last = aid;
        }
        total += l->returnCount;
        if (pages < 4)
            remaining_seen[pages] = l->remainingCount;
        pages++;
        if (l->remainingCount == 0 || pages > 5)
            break;
        CU_ASSERT_PTR_NOT_NULL_FATAL(l->newStartPosition);
        CU_ASSERT_PTR_NOT_NULL_FATAL(l->newStartPosition->offset);
        /* as the getLeadActivity page: the stream's latestCreatedAt, no activityCreatedAt */
        CU_ASSERT_PTR_NOT_NULL(l->newStartPosition->latestCreatedAt);
        CU_ASSERT_PTR_NULL(l->newStartPosition->activityCreatedAt);
        snprintf(offset, sizeof offset, "%s", l->newStartPosition->offset);
    }
    CU_ASSERT_EQUAL(total, 25);
    CU_ASSERT_EQUAL(pages, 3);
    CU_ASSERT_EQUAL(remaining_seen[0], 15);
    CU_ASSERT_EQUAL(remaining_seen[1], 5);
    /* batchSize is capped at 100 */
    struct mkt__LeadActivityList *l = NULL;
    CU_ASSERT_EQUAL(s_activity(id, NULL, NULL, 500, &l), MKTOWS_OK);
}

static void test_lead_activity__bad_parameters_get_documented_codes(void)
{
    struct mkt__LeadActivityList *l = NULL;
    CU_ASSERT_EQUAL(s_activity(987654, NULL, NULL, 0, &l), MKTOWS_MKTO_LEAD_NOT_FOUND);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__SFDCLEADID, .keyValue = "x" };
    struct mkt__ParamsGetLeadActivity req = { .leadKey = &key };
    struct mkt__SuccessGetLeadActivity resp;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, getLeadActivity, &req, &resp), MKTOWS_MKTO_LEAD_KEY_BAD);
    key.keyValue = "";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, getLeadActivity, &req, &resp), MKTOWS_MKTO_LEAD_KEY_REQUIRED);
    int id = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "actbad", 0, 1, &id, NULL, NULL), MKTOWS_OK);
    struct mkt__StreamPosition pos;
    memset(&pos, 0, sizeof pos);
    pos.offset = "garbage";
    CU_ASSERT_EQUAL(s_activity(id, NULL, &pos, 0, &l), MKTOWS_MKTO_BAD_STREAM_POSITION);
    CU_ASSERT_EQUAL(s_activity(id, NULL, NULL, -1, &l), MKTOWS_MKTO_BAD_PARAMETER);
}

static mktows_code s_changes_call(struct mkt__StreamPosition *pos, struct mkt__ArrayOfString *names,
                                  struct mkt__LeadSelector *sel, int batch, struct mkt__ResultGetLeadChanges **out)
{
    struct mkt__ParamsGetLeadChanges req = { .startPosition = pos, .activityNameFilter = names,
                                             .batchSize = batch ? &batch : NULL, .leadSelector = sel };
    struct mkt__SuccessGetLeadChanges resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, getLeadChanges, &req, &resp);
    *out = resp.result;
    return rc;
}

static void test_lead_changes__filters_pages_and_resumes(void)
{
    time_t t0 = time(NULL) - 1;
    s_changes("chg-a@example.com", "a", 11); /* New Lead + 10 changes */
    s_changes("chg-b@example.com", "b", 11);
    const char *keys[] = { "chg-a@example.com", "chg-b@example.com" };
    char *only[] = { "Change Data Value" };
    struct mkt__ArrayOfString names = { .__sizestringItem = 1, .stringItem = only };
    struct mkt__StreamPosition start;
    memset(&start, 0, sizeof start);
    start.oldestCreatedAt = &t0;

    /* 20 changes of the two leads, 7 at a time: 7, 7, 6 */
    struct mkt__StreamPosition pos = start;
    char offset[32] = "", saved[32] = "";
    int total = 0, pages = 0, second_first = 0;
    long long last = 0;
    for (;;) {
        struct mkt__ResultGetLeadChanges *r = NULL;
        pos.offset = *offset ? offset : NULL;
        CU_ASSERT_EQUAL_FATAL(s_changes_call(&pos, &names, mktows_test_key_selector(s_c, mkt__LeadKeyRef__EMAIL, keys, 2),
                                             7, &r), MKTOWS_OK);
        pages++;
        for (int i = 0; i < r->returnCount; i++) {
            struct mkt__LeadChangeRecord *c = &r->leadChangeRecordList->leadChangeRecord[i];
            CU_ASSERT_STRING_EQUAL(c->activityType, "Change Data Value");
            CU_ASSERT_TRUE(c->id > last);
            last = c->id;
        }
        if (pages == 2 && r->returnCount)
            second_first = (int)r->leadChangeRecordList->leadChangeRecord[0].id;
        total += r->returnCount;
        if (r->remainingCount == 0 || pages > 5)
            break;
        snprintf(offset, sizeof offset, "%s", r->newStartPosition->offset);
        if (pages == 1)
            snprintf(saved, sizeof saved, "%s", offset);
    }
    CU_ASSERT_EQUAL(total, 20);
    CU_ASSERT_EQUAL(pages, 3);

    /* resume from the saved position */
    struct mkt__ResultGetLeadChanges *r = NULL;
    pos = start;
    pos.offset = saved;
    CU_ASSERT_EQUAL_FATAL(s_changes_call(&pos, &names, mktows_test_key_selector(s_c, mkt__LeadKeyRef__EMAIL, keys, 2),
                                         7, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 7);
    if (r->returnCount)
        CU_ASSERT_EQUAL((int)r->leadChangeRecordList->leadChangeRecord[0].id, second_first);

    /* without a name filter, the New Lead activities come too (22 in all) */
    pos = start;
    CU_ASSERT_EQUAL_FATAL(s_changes_call(&pos, NULL, mktows_test_key_selector(s_c, mkt__LeadKeyRef__EMAIL, keys, 2), 0,
                                         &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 22);
}

static void test_lead_changes__bad_parameters_get_documented_codes(void)
{
    struct mkt__ResultGetLeadChanges *r = NULL;
    CU_ASSERT_EQUAL(s_changes_call(NULL, NULL, NULL, 0, &r), MKTOWS_MKTO_PARAMETER_REQUIRED);
    struct mkt__StreamPosition pos;
    memset(&pos, 0, sizeof pos);
    CU_ASSERT_EQUAL(s_changes_call(&pos, NULL, NULL, 0, &r), MKTOWS_MKTO_PARAMETER_REQUIRED);
    time_t t0 = time(NULL) - 60;
    pos.oldestCreatedAt = &t0;
    char *bad[] = { "Eat Lunch" };
    struct mkt__ArrayOfString names = { .__sizestringItem = 1, .stringItem = bad };
    CU_ASSERT_EQUAL(s_changes_call(&pos, &names, NULL, 0, &r), MKTOWS_MKTO_ACTIVITY_KEY_BAD);
    CU_ASSERT_EQUAL(s_changes_call(&pos, NULL, mktows_test_list_selector(s_c, "Nope", 0), 0, &r),
                    MKTOWS_MKTO_LIST_NOT_FOUND);
    pos.offset = "12x";
    CU_ASSERT_EQUAL(s_changes_call(&pos, NULL, NULL, 0, &r), MKTOWS_MKTO_BAD_STREAM_POSITION);
}

/* mergeLeads with IDNUM keys */
static mktows_code s_merge(const char *winner_type, int winner, const int *losers, int n)
{
    char wt[24], lt[8][24];
    snprintf(wt, sizeof wt, "%d", winner);
    struct mkt__Attribute w = { .attrName = (char *)winner_type, .attrValue = wt };
    struct mkt__ArrayOfAttribute wl = { .__sizeattribute = 1, .attribute = &w };
    struct mkt__Attribute la[8];
    struct mkt__ArrayOfAttribute ll[8];
    for (int i = 0; i < n; i++) {
        snprintf(lt[i], sizeof lt[i], "%d", losers[i]);
        la[i].attrName = "IDNUM";
        la[i].attrType = NULL;
        la[i].attrValue = lt[i];
        ll[i].__sizeattribute = 1;
        ll[i].attribute = &la[i];
    }
    struct mkt__ArrayOfKeyList losing = { .__sizekeyList = n, .keyList = ll };
    struct mkt__ParamsMergeLeads req = { .winningLeadKeyList = winner ? &wl : NULL,
                                         .losingLeadKeyLists = n ? &losing : NULL };
    struct mkt__SuccessMergeLeads resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, mergeLeads, &req, &resp);
    if (rc == MKTOWS_OK) {
        CU_ASSERT_EQUAL(resp.result->mergeStatus->status, mkt__LeadMergeStatusEnum__MERGED);
        CU_ASSERT_EQUAL(*resp.result->mergeStatus->winningLeadId, winner);
        CU_ASSERT_EQUAL(resp.result->mergeStatus->losingLeadIdList->__sizeintegerItem, n);
    }
    return rc;
}

static void test_merge_leads__winner_keeps_values_gains_missing_ones_losers_are_deleted(void)
{
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "winner@example.com", NULL, NULL, &r, "FirstName", "Win", NULL),
                          MKTOWS_OK);
    int w = r->lead_id;
    mktows_sync_lead_result_free(r);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "loser@example.com", "LOSER-FID", NULL, &r, "FirstName", "Lose",
                                           "Title", "Boss", NULL), MKTOWS_OK);
    int l = r->lead_id;
    mktows_sync_lead_result_free(r);
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ADDTOLIST, "Merge List", &l, 1, 0, NULL,
                                              NULL), MKTOWS_OK);

    CU_ASSERT_EQUAL_FATAL(s_merge("IDNUM", w, &l, 1), MKTOWS_OK);
    char buf[64];
    CU_ASSERT_STRING_EQUAL(mktows_test_attr_of(s_c, w, "FirstName", buf, sizeof buf), "Win");
    CU_ASSERT_STRING_EQUAL(mktows_test_attr_of(s_c, w, "Title", buf, sizeof buf), "Boss");
    CU_ASSERT_STRING_EQUAL(mktows_test_attr_of(s_c, w, "ForeignSysPersonId", buf, sizeof buf), "LOSER-FID");
    CU_ASSERT_STRING_EQUAL(mktows_test_attr_of(s_c, w, "Email", buf, sizeof buf), "winner@example.com");
    struct mkt__ResultGetLead *g = NULL;
    char lt[24];
    snprintf(lt, sizeof lt, "%d", l);
    CU_ASSERT_EQUAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__IDNUM, lt, &g), MKTOWS_MKTO_LEAD_NOT_FOUND);
    int st = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_list_op(s_c, mkt__ListOperationType__ISMEMBEROFLIST, "Merge List", &w, 1, 0, &st,
                                              NULL), MKTOWS_OK);
    CU_ASSERT_TRUE(st);
    /* the winner's history: Merge Leads first, and the loser's activities came along */
    struct mkt__LeadActivityList *a = NULL;
    CU_ASSERT_EQUAL_FATAL(s_activity(w, NULL, NULL, 0, &a), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(a->activityRecordList->activityRecord[0].activityType, "Merge Leads");
    CU_ASSERT_STRING_EQUAL(s_act_attr(&a->activityRecordList->activityRecord[0], "Merge Ids"), lt);
    int new_leads = 0;
    for (int i = 0; i < a->returnCount; i++)
        new_leads += !strcmp(a->activityRecordList->activityRecord[i].activityType, "New Lead");
    CU_ASSERT_EQUAL(new_leads, 2);
}

static void test_merge_leads__bad_parameters_get_documented_codes(void)
{
    int ids[2];
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "mergebad", 0, 2, ids, NULL, NULL), MKTOWS_OK);
    int unknown = 999999;
    CU_ASSERT_EQUAL(s_merge("IDNUM", 0, &ids[1], 1), MKTOWS_MKTO_LEAD_KEY_REQUIRED);
    CU_ASSERT_EQUAL(s_merge("IDNUM", ids[0], NULL, 0), MKTOWS_MKTO_LEAD_KEY_REQUIRED);
    CU_ASSERT_EQUAL(s_merge("IDNUM", ids[0], &unknown, 1), MKTOWS_MKTO_LEAD_NOT_FOUND);
    CU_ASSERT_EQUAL(s_merge("IDNUM", ids[0], &ids[0], 1), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL(s_merge("SFDCLEADID", ids[0], &ids[1], 1), MKTOWS_MKTO_LEAD_KEY_BAD);
    CU_ASSERT_EQUAL(s_merge("NOTAKEY", ids[0], &ids[1], 1), MKTOWS_MKTO_LEAD_KEY_BAD);
}

/* [server] first_activity_id: activity ids beyond 2^32 travel as xs:long both ways. */
static void test_activity_ids__beyond_32_bits_round_trip(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = "[server]\nfirst_activity_id = 5000000000\n";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    int id = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(c, "bigid", 0, 1, &id, "FirstName", "A"), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(c, "bigid", 0, 1, NULL, "FirstName", "B"), MKTOWS_OK);
    time_t t0 = time(NULL) - 60;
    struct mkt__StreamPosition pos;
    memset(&pos, 0, sizeof pos);
    pos.oldestCreatedAt = &t0;
    int one = 1;
    struct mkt__ParamsGetLeadChanges req = { .startPosition = &pos, .batchSize = &one };
    struct mkt__SuccessGetLeadChanges resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getLeadChanges, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->returnCount, 1);
    CU_ASSERT_EQUAL(resp.result->leadChangeRecordList->leadChangeRecord[0].id, 5000000000LL);
    CU_ASSERT_STRING_EQUAL(resp.result->newStartPosition->offset, "5000000000");
    pos.offset = "5000000000";
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getLeadChanges, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->returnCount, 1);
    CU_ASSERT_EQUAL(resp.result->leadChangeRecordList->leadChangeRecord[0].id, 5000000001LL);
    CU_ASSERT_EQUAL(resp.result->remainingCount, 0);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "lead_activity__long_values_are_compared_and_logged_whole",
          test_lead_activity__long_values_are_compared_and_logged_whole },
        { "lead_activity__a_long_email_synced_again_is_no_change", test_lead_activity__a_long_email_synced_again_is_no_change },
        { "lead_activity__new_lead_change_and_list_are_logged_newest_first", test_lead_activity__new_lead_change_and_list_are_logged_newest_first },
        { "lead_activity__pages_with_offset_and_batch_size", test_lead_activity__pages_with_offset_and_batch_size },
        { "lead_activity__bad_parameters_get_documented_codes", test_lead_activity__bad_parameters_get_documented_codes },
        { "lead_changes__filters_pages_and_resumes", test_lead_changes__filters_pages_and_resumes },
        { "lead_changes__bad_parameters_get_documented_codes", test_lead_changes__bad_parameters_get_documented_codes },
        { "merge_leads__winner_keeps_values_gains_missing_ones_losers_are_deleted", test_merge_leads__winner_keeps_values_gains_missing_ones_losers_are_deleted },
        { "merge_leads__bad_parameters_get_documented_codes", test_merge_leads__bad_parameters_get_documented_codes },
        { "activity_ids__beyond_32_bits_round_trip", test_activity_ids__beyond_32_bits_round_trip },
        { NULL, NULL }
    };
    return mktows_test_run("server_activity", s_setup, s_teardown, cases);
}
