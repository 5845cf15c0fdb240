/* Campaigns from the config file: getCampaignsForSource (source, name, exactName),
 * requestCampaign (by id, by name with tokens; the Request Campaign activity) and scheduleCampaign
 * (the campaign_runs row in the database), with their error codes. */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "[program Spring Launch]\n"
    "[campaign Send Welcome]\n"
    "id = 2101\n"
    "program = Spring Launch\n"
    "description = Welcome email on request\n"
    "[campaign Welcome Sales]\n"
    "program = Spring Launch\n"
    "source = SALES\n"
    "[campaign Nightly Batch]\n"
    "program = Spring Launch\n"
    "source = MKTOWS, SALES\n";

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    o.persistent = 1; /* the tests read campaign_runs from the database */
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

static mktows_code s_campaigns(enum mkt__ReqCampSourceType source, const char *name, int exact,
                               struct mkt__ResultGetCampaignsForSource **out)
{
    enum xsd__boolean ex = exact ? xsd__boolean__true_ : xsd__boolean__false_;
    struct mkt__ParamsGetCampaignsForSource req = { .source = source, .name = (char *)name,
                                                    .exactName = exact >= 0 ? &ex : NULL };
    struct mkt__SuccessGetCampaignsForSource resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, getCampaignsForSource, &req, &resp);
    *out = resp.result;
    return rc;
}

static void test_campaigns_for_source__filters_by_source_and_name(void)
{
    struct mkt__ResultGetCampaignsForSource *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_campaigns(mkt__ReqCampSourceType__MKTOWS, NULL, -1, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 2);
    CU_ASSERT_EQUAL(r->campaignRecordList->campaignRecord[0].id, 2101);
    CU_ASSERT_STRING_EQUAL(r->campaignRecordList->campaignRecord[0].name, "Send Welcome");
    CU_ASSERT_STRING_EQUAL(r->campaignRecordList->campaignRecord[0].description, "Welcome email on request");
    CU_ASSERT_EQUAL_FATAL(s_campaigns(mkt__ReqCampSourceType__SALES, "welcome", 0, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    CU_ASSERT_STRING_EQUAL(r->campaignRecordList->campaignRecord[0].name, "Welcome Sales");
    CU_ASSERT_EQUAL_FATAL(s_campaigns(mkt__ReqCampSourceType__MKTOWS, "Send", 1, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 0);
    CU_ASSERT_EQUAL_FATAL(s_campaigns(mkt__ReqCampSourceType__MKTOWS, "send welcome", 1, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 1);
    CU_ASSERT_EQUAL(s_campaigns(mkt__ReqCampSourceType__MKTOWS, NULL, 1, &r), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

static mktows_code s_request(int *campaign_id, const char *program, const char *campaign, const int *leads, int n,
                             struct mkt__ArrayOfAttrib *tokens)
{
    struct mkt__LeadKey keys[4];
    char text[4][24];
    for (int i = 0; i < n; i++) {
        snprintf(text[i], sizeof text[i], "%d", leads[i]);
        keys[i].keyType = mkt__LeadKeyRef__IDNUM;
        keys[i].keyValue = text[i];
    }
    struct mkt__ArrayOfLeadKey list = { .__sizeleadKey = n, .leadKey = keys };
    struct mkt__ParamsRequestCampaign req = { .source = mkt__ReqCampSourceType__MKTOWS, .campaignId = campaign_id,
                                              .leadList = &list, .programName = (char *)program,
                                              .campaignName = (char *)campaign, .programTokenList = tokens };
    struct mkt__SuccessRequestCampaign resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, requestCampaign, &req, &resp);
    if (rc == MKTOWS_OK)
        CU_ASSERT_EQUAL(resp.result->success, xsd__boolean__true_);
    return rc;
}

static int s_runs(const char *kind, char *tokens, size_t len)
{
    sqlite3 *db = NULL;
    int n = -1;
    if (sqlite3_open_v2(s_srv.db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(db, "SELECT COUNT(*), MAX(tokens) FROM campaign_runs WHERE kind = ?", -1, &st, NULL);
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            n = sqlite3_column_int(st, 0);
            const unsigned char *t = sqlite3_column_text(st, 1);
            if (tokens)
                snprintf(tokens, len, "%s", t ? (const char *)t : "");
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

static void test_request_campaign__by_id_and_by_name_with_tokens_logs_activity(void)
{
    int ids[2];
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "camp", 0, 2, ids, NULL, NULL), MKTOWS_OK);
    int cid = 2101;
    CU_ASSERT_EQUAL(s_request(&cid, NULL, NULL, ids, 2, NULL), MKTOWS_OK);
    struct mkt__Attrib tok = { .name = "{{my.message}}", .value = "Hello there" };
    struct mkt__ArrayOfAttrib tokens = { .__sizeattrib = 1, .attrib = &tok };
    CU_ASSERT_EQUAL(s_request(NULL, "Spring Launch", "Nightly Batch", ids, 1, &tokens), MKTOWS_OK);

    /* the first lead has two Request Campaign activities, the newest with the token */
    char text[24];
    snprintf(text, sizeof text, "%d", ids[0]);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = text };
    enum mkt__ActivityType rc_type = mkt__ActivityType__RequestCampaign;
    struct mkt__ArrayOfActivityType types = { .__sizeactivityType = 1, .activityType = &rc_type };
    struct mkt__ActivityTypeFilter f = { .includeTypes = &types };
    struct mkt__ParamsGetLeadActivity req = { .leadKey = &key, .activityFilter = &f };
    struct mkt__SuccessGetLeadActivity resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, getLeadActivity, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.leadActivityList->returnCount, 2);
    struct mkt__ActivityRecord *a = &resp.leadActivityList->activityRecordList->activityRecord[0];
    CU_ASSERT_STRING_EQUAL(a->activityType, "Request Campaign");
    CU_ASSERT_STRING_EQUAL(a->campaign, "Nightly Batch");
    int found = 0;
    for (int i = 0; i < a->activityAttributes->__sizeattribute; i++)
        found |= !strcmp(a->activityAttributes->attribute[i].attrName, "{{my.message}}")
                 && !strcmp(a->activityAttributes->attribute[i].attrValue, "Hello there");
    CU_ASSERT_TRUE(found);
    CU_ASSERT_EQUAL(s_runs("request", NULL, 0), 2);
}

static void test_request_campaign__bad_parameters_get_documented_codes(void)
{
    int ids[1];
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "campbad", 0, 1, ids, NULL, NULL), MKTOWS_OK);
    int cid = 9999, good = 2101, unknown = 999999;
    CU_ASSERT_EQUAL(s_request(&cid, NULL, NULL, ids, 1, NULL), MKTOWS_MKTO_CAMPAIGN_NOT_FOUND);
    CU_ASSERT_EQUAL(s_request(NULL, "Spring Launch", "No Such Campaign", ids, 1, NULL), MKTOWS_MKTO_CAMPAIGN_NOT_FOUND);
    CU_ASSERT_EQUAL(s_request(&good, "Spring Launch", "Send Welcome", ids, 1, NULL), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL(s_request(NULL, NULL, NULL, ids, 1, NULL), MKTOWS_MKTO_PARAMETER_REQUIRED);
    CU_ASSERT_EQUAL(s_request(&good, NULL, NULL, ids, 0, NULL), MKTOWS_MKTO_LEAD_KEY_REQUIRED);
    CU_ASSERT_EQUAL(s_request(&good, NULL, NULL, &unknown, 1, NULL), MKTOWS_MKTO_LEAD_NOT_FOUND);
    struct mkt__Attrib tok = { .name = "message", .value = "x" };
    struct mkt__ArrayOfAttrib tokens = { .__sizeattrib = 1, .attrib = &tok };
    CU_ASSERT_EQUAL(s_request(NULL, "Spring Launch", "Send Welcome", ids, 1, &tokens), MKTOWS_MKTO_BAD_PARAMETER);
    /* Welcome Sales is for source SALES only */
    CU_ASSERT_EQUAL(s_request(NULL, "Spring Launch", "Welcome Sales", ids, 1, NULL), MKTOWS_MKTO_CAMPAIGN_NOT_FOUND);
}

static void test_schedule_campaign__records_run_time_and_tokens(void)
{
    time_t at = time(NULL) + 3600;
    struct mkt__Attrib tok = { .name = "{{my.subject}}", .value = "Tonight" };
    struct mkt__ArrayOfAttrib tokens = { .__sizeattrib = 1, .attrib = &tok };
    struct mkt__ParamsScheduleCampaign req = { .programName = "Spring Launch", .campaignName = "Nightly Batch",
                                               .campaignRunAt = &at, .programTokenList = &tokens };
    struct mkt__SuccessScheduleCampaign resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, scheduleCampaign, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(resp.result->success, xsd__boolean__true_);
    char t[256] = "";
    CU_ASSERT_EQUAL(s_runs("schedule", t, sizeof t), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{{my.subject}}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "Tonight"));

    req.campaignName = "Nope";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, scheduleCampaign, &req, &resp), MKTOWS_MKTO_CAMPAIGN_NOT_FOUND);
    req.programName = "No Program";
    req.campaignName = "Nightly Batch";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, scheduleCampaign, &req, &resp), MKTOWS_MKTO_CAMPAIGN_NOT_FOUND);
    req.programName = NULL;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, scheduleCampaign, &req, &resp), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "campaigns_for_source__filters_by_source_and_name", test_campaigns_for_source__filters_by_source_and_name },
        { "request_campaign__by_id_and_by_name_with_tokens_logs_activity", test_request_campaign__by_id_and_by_name_with_tokens_logs_activity },
        { "request_campaign__bad_parameters_get_documented_codes", test_request_campaign__bad_parameters_get_documented_codes },
        { "schedule_campaign__records_run_time_and_tokens", test_schedule_campaign__records_run_time_and_tokens },
        { NULL, NULL }
    };
    return mktows_test_run("server_campaigns", s_setup, s_teardown, cases);
}
