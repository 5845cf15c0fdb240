/* Every operation on the wire, against the mock transport: the typed call sends exactly the golden
 * request envelope in tests/data/ops/<operation>/request.xml (written by hand from the interface
 * sheet and the docs tables; compared element for element by namespace URI, header values
 * aside), the canned successX response parses into the generated types, a fault maps to its
 * Marketo code, and a successX without its required child is a parse error. */
#include "runner.h"

#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_transport.h"
#include "files.h"
#include "xml_compare.h"

static const char *const s_header_values[] = { "requestSignature", "requestTimestamp", NULL };

static mktows_client *s_c;
static mktows_mock *s_m;

/* A fresh client and mock, with tests/data/ops/<op>/response.xml queued. */
static void s_begin(const char *op)
{
    s_c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_c);
    s_m = mktows_mock_install(s_c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_m);
    char rel[256];
    snprintf(rel, sizeof rel, "ops/%s/response.xml", op);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(s_m, 200, rel), 0);
}

static void s_end(void)
{
    mktows_client_free(s_c);
    mktows_mock_free(s_m);
    s_c = NULL;
    s_m = NULL;
}

/* The last request's body equals tests/data/ops/<op>/<file>, and its header is this client's. */
static void s_check_request(const char *op, const char *file)
{
    size_t n = mktows_mock_request_count(s_m);
    CU_ASSERT_TRUE_FATAL(n > 0);
    const char *body = mktows_mock_request_body(s_m, n - 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    char path[1024];
    snprintf(path, sizeof path, "%s/ops/%s/%s", MKTOWS_TEST_DATA, op, file);
    char *expected = mktows_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
    char why[512] = "";
    int diff = mktows_xml_compare(expected, body, s_header_values, why, sizeof why);
    if (diff)
        fprintf(stderr, "\n%s: %s\n%s\n", op, why, body);
    CU_ASSERT_EQUAL(diff, 0);
    char *uid = mktows_xml_text(body, "mktowsUserId");
    CU_ASSERT_PTR_NOT_NULL(uid);
    if (uid)
        CU_ASSERT_STRING_EQUAL(uid, MKTOWS_MOCK_USER_ID);
    free(uid);
    /* SOAPAction names the operation. */
    char action[160];
    snprintf(action, sizeof action, "\"http://www.marketo.com/mktows/%s\"", op);
    const char *raw = mktows_mock_request(s_m, n - 1);
    CU_ASSERT_PTR_NOT_NULL(raw && strstr(raw, action));
    free(expected);
}

static time_t s_utc(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return timegm(&tm);
}

static enum xsd__boolean s_true = xsd__boolean__true_, s_false = xsd__boolean__false_;

/* ---- one test per operation ---- */

static void test_ops__delete_mobjects(void)
{
    s_begin("deleteMObjects");
    int id = 1234;
    struct mkt__MObject obj = { .type = "Opportunity", .id = &id };
    struct mkt__ArrayOfMObject list = { .__sizemObject = 1, .mObject = &obj };
    struct mkt__ParamsDeleteMObjects p = { .mObjectList = &list };
    struct mkt__SuccessDeleteMObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_delete_mobjects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("deleteMObjects", "request.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->result->mObjStatusList);
    CU_ASSERT_EQUAL_FATAL(r->result->mObjStatusList->__sizemObjStatus, 1);
    CU_ASSERT_EQUAL(*r->result->mObjStatusList->mObjStatus[0].id, 1234);
    CU_ASSERT_EQUAL(r->result->mObjStatusList->mObjStatus[0].status, mkt__MObjStatusEnum__DELETED);
    s_end();
}

static void test_ops__describe_mobject(void)
{
    s_begin("describeMObject");
    struct mkt__ParamsDescribeMObject p = { .objectName = "Opportunity" };
    struct mkt__SuccessDescribeMObject *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_describe_mobject(s_c, &p, &r), MKTOWS_OK);
    s_check_request("describeMObject", "request.xml");
    struct mkt__MObjectMetadata *md = r->result->metadata;
    CU_ASSERT_PTR_NOT_NULL_FATAL(md);
    CU_ASSERT_STRING_EQUAL(md->name, "Opportunity");
    CU_ASSERT_PTR_NULL(md->description); /* nil */
    CU_ASSERT_EQUAL_FATAL(md->fieldList->__sizefield, 1);
    CU_ASSERT_STRING_EQUAL(md->fieldList->field[0].dataType, "currency");
    CU_ASSERT_PTR_NULL(md->fieldList->field[0].size);
    CU_ASSERT_EQUAL(md->updatedAt, s_utc(2013, 7, 31, 19, 38, 47)); /* -07:00 offset */
    s_end();
}

static void test_ops__get_mobjects(void)
{
    s_begin("getMObjects");
    struct mkt__MObjCriteria crit = { .attrName = "Name", .comparison = mkt__ComparisonEnum__EQ,
                                      .attrValue = "Big Deal" };
    struct mkt__ArrayOfMObjCriteria crits = { .__sizemObjCriteria = 1, .mObjCriteria = &crit };
    struct mkt__ParamsGetMObjects p = { .type = "Opportunity", .mObjCriteriaList = &crits, .includeDetails = &s_true };
    struct mkt__SuccessGetMObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_mobjects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getMObjects", "request.xml");
    CU_ASSERT_EQUAL(r->result->returnCount, 1);
    CU_ASSERT_EQUAL(r->result->hasMore, xsd__boolean__false_);
    CU_ASSERT_STRING_EQUAL(r->result->newStreamPosition, "b3Bwb3J0dW5pdHk6MTIzNA==");
    CU_ASSERT_EQUAL_FATAL(r->result->mObjectList->__sizemObject, 1);
    CU_ASSERT_STRING_EQUAL(r->result->mObjectList->mObject[0].attribList->attrib[0].value, "Big Deal");
    s_end();
}

static void test_ops__sync_mobjects(void)
{
    s_begin("syncMObjects");
    struct mkt__Attrib attrs[2];
    mktows_attrib_init(&attrs[0], "Name", "Big Deal");
    mktows_attrib_init(&attrs[1], "Amount", "1000");
    struct mkt__ArrayOfAttrib al;
    struct mkt__MObject obj = { .type = "Opportunity", .attribList = mktows_attrib_array_init(&al, attrs, 2) };
    struct mkt__ArrayOfMObject list = { .__sizemObject = 1, .mObject = &obj };
    struct mkt__ParamsSyncMObjects p = { .mObjectList = &list, .operation = mkt__SyncOperationEnum__UPSERT };
    struct mkt__SuccessSyncMObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_mobjects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("syncMObjects", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->mObjStatusList->__sizemObjStatus, 1);
    CU_ASSERT_EQUAL(*r->result->mObjStatusList->mObjStatus[0].id, 1235);
    CU_ASSERT_EQUAL(r->result->mObjStatusList->mObjStatus[0].status, mkt__MObjStatusEnum__CREATED);
    s_end();
}

static void test_ops__get_campaigns_for_source(void)
{
    s_begin("getCampaignsForSource");
    struct mkt__ParamsGetCampaignsForSource p = { .source = mkt__ReqCampSourceType__MKTOWS, .name = "Trigger",
                                                  .exactName = &s_false };
    struct mkt__SuccessGetCampaignsForSource *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_campaigns_for_source(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getCampaignsForSource", "request.xml");
    CU_ASSERT_EQUAL(r->result->returnCount, 2);
    CU_ASSERT_EQUAL_FATAL(r->result->campaignRecordList->__sizecampaignRecord, 2);
    CU_ASSERT_EQUAL(r->result->campaignRecordList->campaignRecord[1].id, 1002);
    CU_ASSERT_STRING_EQUAL(r->result->campaignRecordList->campaignRecord[0].name, "Trigger Welcome");
    s_end();
}

static void test_ops__get_import_to_list_status(void)
{
    s_begin("getImportToListStatus");
    struct mkt__ParamsGetImportToListStatus p = { .programName = "Trade Show 2013", .listName = "Visitors" };
    struct mkt__SuccessGetImportToListStatus *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_import_to_list_status(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getImportToListStatus", "request.xml");
    CU_ASSERT_EQUAL(r->result->status, mkt__ImportToListStatusEnum__COMPLETE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->result->startedTime);
    CU_ASSERT_EQUAL(*r->result->startedTime, s_utc(2013, 8, 1, 8, 0, 0)); /* +02:00 offset */
    CU_ASSERT_PTR_NULL(r->result->estimatedTime); /* nil */
    CU_ASSERT_EQUAL(*r->result->rowsImported, 2);
    s_end();
}

static void test_ops__get_lead(void)
{
    s_begin("getLead");
    struct mkt__LeadKey key;
    struct mkt__ParamsGetLead p = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__EMAIL, "t@t.com") };
    struct mkt__SuccessGetLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getLead", "request.xml");
    CU_ASSERT_EQUAL(r->result->count, 1);
    struct mkt__LeadRecord *lead = &r->result->leadRecordList->leadRecord[0];
    CU_ASSERT_EQUAL(*lead->Id, 87);
    CU_ASSERT_STRING_EQUAL(lead->Email, "t@t.com");
    CU_ASSERT_PTR_NULL(lead->ForeignSysPersonId);
    CU_ASSERT_PTR_NULL(lead->ForeignSysType);
    CU_ASSERT_EQUAL_FATAL(lead->leadAttributeList->__sizeattribute, 2);
    CU_ASSERT_STRING_EQUAL(lead->leadAttributeList->attribute[0].attrType, "string");
    CU_ASSERT_PTR_NULL(lead->leadAttributeList->attribute[1].attrType);
    s_end();
}

static void test_ops__get_lead_activity(void)
{
    s_begin("getLeadActivity");
    struct mkt__LeadKey key;
    static const enum mkt__ActivityType types[] = { mkt__ActivityType__VisitWebpage, mkt__ActivityType__FillOutForm };
    mktows_activity_filter f;
    time_t oldest = s_utc(2013, 8, 1, 0, 13, 13);
    struct mkt__StreamPosition pos = { .oldestCreatedAt = &oldest };
    int batch = 10;
    struct mkt__ParamsGetLeadActivity p = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__IDNUM, "87"),
                                            .activityFilter = mktows_activity_filter_init_types(&f, types, 2, NULL, 0),
                                            .startPosition = &pos, .batchSize = &batch };
    struct mkt__SuccessGetLeadActivity *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_activity(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getLeadActivity", "request.xml");
    struct mkt__LeadActivityList *l = r->leadActivityList;
    CU_ASSERT_EQUAL(l->remainingCount, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l->newStartPosition);
    CU_ASSERT_PTR_NULL(l->newStartPosition->oldestCreatedAt);
    CU_ASSERT_STRING_EQUAL(l->newStartPosition->offset, "ID:3000000001");
    CU_ASSERT_EQUAL_FATAL(l->activityRecordList->__sizeactivityRecord, 1);
    struct mkt__ActivityRecord *a = &l->activityRecordList->activityRecord[0];
    CU_ASSERT_EQUAL(a->id, 3000000001LL); /* xs:long above 2^31 */
    CU_ASSERT_EQUAL(a->activityDateTime, s_utc(2013, 8, 1, 16, 15, 0));
    CU_ASSERT_PTR_NULL(a->campaign);
    CU_ASSERT_STRING_EQUAL(a->personName, "George of the Jungle");
    s_end();
}

static void test_ops__get_lead_changes(void)
{
    s_begin("getLeadChanges");
    static const enum mkt__ActivityType types[] = { mkt__ActivityType__ChangeDataValue, mkt__ActivityType__NewLead };
    static const char *const ids[] = { "87", "88" };
    mktows_activity_filter f;
    mktows_lead_selector sel;
    time_t oldest = s_utc(2013, 8, 1, 0, 13, 13);
    struct mkt__StreamPosition pos = { .oldestCreatedAt = &oldest };
    int batch = 100;
    struct mkt__ParamsGetLeadChanges p = {
        .startPosition = &pos, .activityFilter = mktows_activity_filter_init_types(&f, types, 2, NULL, 0),
        .batchSize = &batch, .leadSelector = mktows_lead_selector_init_keys(&sel, mkt__LeadKeyRef__IDNUM, ids, 2) };
    struct mkt__SuccessGetLeadChanges *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_changes(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getLeadChanges", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->leadChangeRecordList->__sizeleadChangeRecord, 1);
    struct mkt__LeadChangeRecord *c = &r->result->leadChangeRecordList->leadChangeRecord[0];
    CU_ASSERT_EQUAL(c->id, 4294967297LL);
    CU_ASSERT_EQUAL(c->activityDateTime, s_utc(2013, 8, 1, 4, 30, 0)); /* +05:30 offset */
    CU_ASSERT_PTR_NULL(c->mktgAssetName);
    CU_ASSERT_EQUAL(*r->result->newStartPosition->oldestCreatedAt, oldest);
    s_end();
}

static void test_ops__get_multiple_leads_static_list(void)
{
    s_begin("getMultipleLeads");
    static const char *const attrs[] = { "FirstName", "LastName" };
    mktows_lead_selector sel;
    struct mkt__ArrayOfString inc;
    int batch = 2;
    struct mkt__ParamsGetMultipleLeads p = { .leadSelector = mktows_lead_selector_init_list_name(&sel, "Trade Show"),
                                             .batchSize = &batch, .includeAttributes = mktows_string_array_init(&inc, attrs, 2) };
    struct mkt__SuccessGetMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getMultipleLeads", "request.xml");
    CU_ASSERT_EQUAL(r->result->returnCount, 2);
    CU_ASSERT_EQUAL_FATAL(r->result->leadRecordList->__sizeleadRecord, 2);
    CU_ASSERT_EQUAL(*r->result->leadRecordList->leadRecord[1].Id, 88);
    CU_ASSERT_EQUAL(r->result->leadRecordList->leadRecord[1].leadAttributeList->__sizeattribute, 0);
    s_end();
}

static void test_ops__get_multiple_leads_last_updated_from_position(void)
{
    s_begin("getMultipleLeads");
    mktows_lead_selector sel;
    time_t latest = s_utc(2013, 7, 31, 19, 38, 47);
    struct mkt__ParamsGetMultipleLeads p = {
        .leadSelector = mktows_lead_selector_init_updated(&sel, s_utc(2013, 6, 30, 19, 38, 47), &latest),
        .streamPosition = "8UJZetaMb1V6uUZl+L7DcPP2jG+PMmtpF" };
    struct mkt__SuccessGetMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getMultipleLeads", "request_last_updated.xml");
    s_end();
}

static void test_ops__import_to_list(void)
{
    s_begin("importToList");
    static const char *const rows[] = { "a@t.com,Ann", "b@t.com,Bob" };
    struct mkt__ArrayOfString r_rows;
    struct mkt__ParamsImportToList p = { .programName = "Trade Show 2013", .importFileHeader = "Email,FirstName",
                                         .importFileRows = mktows_string_array_init(&r_rows, rows, 2),
                                         .importListMode = mkt__ImportToListModeEnum__UPSERTLEADS,
                                         .listName = "Visitors", .clearList = xsd__boolean__false_ };
    struct mkt__SuccessImportToList *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_import_to_list(s_c, &p, &r), MKTOWS_OK);
    s_check_request("importToList", "request.xml");
    CU_ASSERT_EQUAL(r->result->importStatus, mkt__ImportToListStatusEnum__PROCESSING);
    s_end();
}

static void test_ops__list_mobjects(void)
{
    s_begin("listMObjects");
    struct mkt__ParamsListMObjects p;
    memset(&p, 0, sizeof p);
    struct mkt__SuccessListMObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_list_mobjects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("listMObjects", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->__sizeobjects, 3);
    CU_ASSERT_STRING_EQUAL(r->result->objects[2], "Program");
    s_end();
}

static void test_ops__list_operation(void)
{
    s_begin("listOperation");
    struct mkt__ListKey lk;
    struct mkt__LeadKey keys[2];
    struct mkt__ArrayOfLeadKey members;
    mktows_lead_key_init(&keys[0], mkt__LeadKeyRef__IDNUM, "87");
    mktows_lead_key_init(&keys[1], mkt__LeadKeyRef__IDNUM, "88");
    struct mkt__ParamsListOperation p = { .listOperation = mkt__ListOperationType__ADDTOLIST,
                                          .listKey = mktows_list_key_init(&lk, mkt__ListKeyType__MKTOLISTNAME, "Trade Show"),
                                          .listMemberList = mktows_lead_key_array_init(&members, keys, 2), .strict = &s_false };
    struct mkt__SuccessListOperation *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_list_operation(s_c, &p, &r), MKTOWS_OK);
    s_check_request("listOperation", "request.xml");
    CU_ASSERT_EQUAL(r->result->success, xsd__boolean__true_);
    CU_ASSERT_EQUAL_FATAL(r->result->statusList->__sizeleadStatus, 2);
    CU_ASSERT_EQUAL(r->result->statusList->leadStatus[1].status, xsd__boolean__false_);
    CU_ASSERT_STRING_EQUAL(r->result->statusList->leadStatus[1].leadKey->keyValue, "88");
    s_end();
}

static void test_ops__request_campaign(void)
{
    s_begin("requestCampaign");
    struct mkt__LeadKey key;
    struct mkt__ArrayOfLeadKey leads;
    struct mkt__Attrib tok;
    struct mkt__ArrayOfAttrib toks;
    struct mkt__ParamsRequestCampaign p = {
        .source = mkt__ReqCampSourceType__MKTOWS,
        .leadList = mktows_lead_key_array_init(&leads, mktows_lead_key_init(&key, mkt__LeadKeyRef__IDNUM, "87"), 1),
        .programName = "Trade Show 2013", .campaignName = "Welcome",
        .programTokenList = mktows_attrib_array_init(&toks, mktows_attrib_init(&tok, "{{my.message}}", "Hello & welcome"), 1) };
    struct mkt__SuccessRequestCampaign *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_request_campaign(s_c, &p, &r), MKTOWS_OK);
    s_check_request("requestCampaign", "request.xml");
    CU_ASSERT_EQUAL(r->result->success, xsd__boolean__true_);
    s_end();
}

static void test_ops__schedule_campaign(void)
{
    s_begin("scheduleCampaign");
    struct mkt__Attrib toks[2];
    struct mkt__ArrayOfAttrib tl;
    mktows_attrib_init(&toks[0], "{{my.subject}}", "See you");
    mktows_attrib_init(&toks[1], "{{my.day}}", "Thursday");
    time_t at = s_utc(2013, 8, 1, 17, 0, 0);
    struct mkt__ParamsScheduleCampaign p = { .programName = "Trade Show 2013", .campaignName = "Nurture",
                                             .campaignRunAt = &at, .programTokenList = mktows_attrib_array_init(&tl, toks, 2) };
    struct mkt__SuccessScheduleCampaign *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_schedule_campaign(s_c, &p, &r), MKTOWS_OK);
    s_check_request("scheduleCampaign", "request.xml");
    CU_ASSERT_EQUAL(r->result->success, xsd__boolean__true_);
    s_end();
}

static void test_ops__sync_lead_raw(void)
{
    s_begin("syncLead");
    struct mkt__Attribute a;
    struct mkt__ArrayOfAttribute al;
    enum mkt__ForeignSysType fst = mkt__ForeignSysType__SFDC;
    struct mkt__LeadRecord lead = {
        .Email = "t@t.com", .ForeignSysPersonId = "29", .ForeignSysType = &fst,
        .leadAttributeList = mktows_attribute_array_init(&al, mktows_attribute_init(&a, "FirstName", "George"), 1) };
    struct mkt__ParamsSyncLead p = { .leadRecord = &lead, .returnLead = xsd__boolean__true_,
                                     .marketoCookie = "id:123-ABC-456&token:_mch-x" };
    struct mkt__SuccessSyncLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead_raw(s_c, &p, &r), MKTOWS_OK);
    s_check_request("syncLead", "request.xml");
    CU_ASSERT_EQUAL(r->result->leadId, 87);
    CU_ASSERT_EQUAL(r->result->syncStatus->status, mkt__LeadSyncStatus__UPDATED);
    CU_ASSERT_PTR_NULL(r->result->syncStatus->error);
    CU_ASSERT_EQUAL(*r->result->leadRecord->ForeignSysType, mkt__ForeignSysType__SFDC);
    s_end();
}

static void test_ops__sync_multiple_leads(void)
{
    s_begin("syncMultipleLeads");
    struct mkt__Attribute a;
    struct mkt__ArrayOfAttribute al;
    int id = 88;
    struct mkt__LeadRecord leads[2] = {
        { .Email = "a@t.com",
          .leadAttributeList = mktows_attribute_array_init(&al, mktows_attribute_init(&a, "FirstName", "Ann"), 1) },
        { .Id = &id } };
    struct mkt__ArrayOfLeadRecord list = { .__sizeleadRecord = 2, .leadRecord = leads };
    struct mkt__ParamsSyncMultipleLeads p = { .leadRecordList = &list, .dedupEnabled = &s_true };
    struct mkt__SuccessSyncMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads(s_c, &p, &r), MKTOWS_OK);
    s_check_request("syncMultipleLeads", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->syncStatusList->__sizesyncStatus, 2);
    CU_ASSERT_EQUAL(r->result->syncStatusList->syncStatus[1].status, mkt__LeadSyncStatus__FAILED);
    CU_ASSERT_STRING_EQUAL(r->result->syncStatusList->syncStatus[1].error, "Lead not found");
    s_end();
}

static void test_ops__sync_custom_objects(void)
{
    s_begin("syncCustomObjects");
    struct mkt__Attribute keys[2], vals[1];
    struct mkt__ArrayOfAttribute kl, vl;
    mktows_attribute_init(&keys[0], "MKTOID", "87");
    mktows_attribute_init(&keys[1], "rid", "rid1");
    mktows_attribute_init(&vals[0], "city", "San Mateo");
    struct mkt__CustomObj obj = { .customObjKeyList = mktows_attribute_array_init(&kl, keys, 2),
                                  .customObjAttributeList = mktows_attribute_array_init(&vl, vals, 1) };
    struct mkt__ArrayOfCustomObj objs = { .__sizecustomObj = 1, .customObj = &obj };
    enum mkt__SyncOperationEnum op = mkt__SyncOperationEnum__UPSERT;
    struct mkt__ParamsSyncCustomObjects p = { .objTypeName = "RoadShow", .customObjList = &objs, .operation = &op };
    struct mkt__SuccessSyncCustomObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_custom_objects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("syncCustomObjects", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->syncCustomObjStatusList->__sizesyncCustomObjStatus, 1);
    CU_ASSERT_EQUAL(r->result->syncCustomObjStatusList->syncCustomObjStatus[0].status, mkt__SyncStatusEnum__CREATED);
    s_end();
}

static void test_ops__delete_custom_objects(void)
{
    s_begin("deleteCustomObjects");
    struct mkt__Attribute keys[2];
    mktows_attribute_init(&keys[0], "MKTOID", "87");
    mktows_attribute_init(&keys[1], "rid", "rid1");
    struct mkt__ArrayOfAttribute kl;
    struct mkt__ArrayOfKeyList kls = { .__sizekeyList = 1, .keyList = mktows_attribute_array_init(&kl, keys, 2) };
    struct mkt__ParamsDeleteCustomObjects p = { .objTypeName = "RoadShow", .customObjKeyLists = &kls };
    struct mkt__SuccessDeleteCustomObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_delete_custom_objects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("deleteCustomObjects", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->deleteCustomObjStatusList->__sizesyncCustomObjStatus, 1);
    CU_ASSERT_EQUAL(r->result->deleteCustomObjStatusList->syncCustomObjStatus[0].status, mkt__SyncStatusEnum__DELETED);
    s_end();
}

static void test_ops__get_custom_objects(void)
{
    s_begin("getCustomObjects");
    static const char *const inc[] = { "city" };
    struct mkt__Attribute key;
    struct mkt__ArrayOfAttribute kl;
    struct mkt__ArrayOfString il;
    int batch = 10;
    struct mkt__ParamsGetCustomObjects p = {
        .objTypeName = "RoadShow", .batchSize = &batch,
        .customObjKeyList = mktows_attribute_array_init(&kl, mktows_attribute_init(&key, "MKTOID", "87"), 1),
        .includeAttributes = mktows_string_array_init(&il, inc, 1) };
    struct mkt__SuccessGetCustomObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_custom_objects(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getCustomObjects", "request.xml");
    CU_ASSERT_STRING_EQUAL(r->result->objTypeName, "RoadShow");
    CU_ASSERT_EQUAL_FATAL(r->result->customObjList->__sizecustomObj, 1);
    CU_ASSERT_STRING_EQUAL(r->result->customObjList->customObj[0].customObjAttributeList->attribute[0].attrValue,
                           "San Mateo");
    s_end();
}

static void test_ops__merge_leads(void)
{
    s_begin("mergeLeads");
    struct mkt__Attribute win, lose[2];
    struct mkt__ArrayOfAttribute wl, ll[2];
    mktows_attribute_init(&lose[0], "IDNUM", "88");
    mktows_attribute_init(&lose[1], "IDNUM", "89");
    mktows_attribute_array_init(&ll[0], &lose[0], 1);
    mktows_attribute_array_init(&ll[1], &lose[1], 1);
    struct mkt__ArrayOfKeyList losers = { .__sizekeyList = 2, .keyList = ll };
    struct mkt__ParamsMergeLeads p = {
        .winningLeadKeyList = mktows_attribute_array_init(&wl, mktows_attribute_init(&win, "IDNUM", "87"), 1),
        .losingLeadKeyLists = &losers, .mergeInSales = &s_false };
    struct mkt__SuccessMergeLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_merge_leads(s_c, &p, &r), MKTOWS_OK);
    s_check_request("mergeLeads", "request.xml");
    struct mkt__MergeStatus *ms = r->result->mergeStatus;
    CU_ASSERT_PTR_NOT_NULL_FATAL(ms);
    CU_ASSERT_EQUAL(*ms->winningLeadId, 87);
    CU_ASSERT_EQUAL_FATAL(ms->losingLeadIdList->__sizeintegerItem, 2);
    CU_ASSERT_EQUAL(ms->losingLeadIdList->integerItem[1], 89);
    CU_ASSERT_EQUAL(ms->status, mkt__LeadMergeStatusEnum__MERGED);
    s_end();
}

static void test_ops__get_channels(void)
{
    s_begin("getChannels");
    static const char *const names[] = { "Webinar", "Tradeshow" };
    struct mkt__ArrayOfString vals;
    struct mkt__Tag tag = { .values = mktows_string_array_init(&vals, names, 2) };
    struct mkt__ParamsGetChannels p = { .tag = &tag };
    struct mkt__SuccessGetChannels *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_channels(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getChannels", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->tags->__sizetagStatus, 2);
    struct mkt__TagStatus *ts = &r->result->tags->tagStatus[0];
    CU_ASSERT_STRING_EQUAL(ts->tagValue, "Webinar");
    CU_ASSERT_EQUAL_FATAL(ts->statusList->__sizeprogressionStatusItem, 1);
    CU_ASSERT_EQUAL(ts->statusList->progressionStatusItem[0].progressionStatus->__sizeattrib, 3);
    CU_ASSERT_EQUAL(r->result->tags->tagStatus[1].statusList->__sizeprogressionStatusItem, 0);
    s_end();
}

static void test_ops__get_tags(void)
{
    s_begin("getTags");
    struct mkt__Tag tag = { .type = "Region" };
    struct mkt__ArrayOfTag tags = { .__sizetag = 1, .tag = &tag };
    struct mkt__ParamsGetTags p = { .tagList = &tags };
    struct mkt__SuccessGetTags *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_tags(s_c, &p, &r), MKTOWS_OK);
    s_check_request("getTags", "request.xml");
    CU_ASSERT_EQUAL_FATAL(r->result->tagList->__sizetag, 1);
    CU_ASSERT_EQUAL_FATAL(r->result->tagList->tag[0].values->__sizestringItem, 2);
    CU_ASSERT_STRING_EQUAL(r->result->tagList->tag[0].values->stringItem[1], "APAC");
    s_end();
}

/* ---- every operation: fault mapping, missing result, zero-param requests ---- */

/* Each typed call with zeroed params: a serviceException fault maps to its code and *out stays NULL. */
static void test_ops__every_operation_maps_a_fault_to_its_marketo_code(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    int n = 0;
#define S_FAULT(op, f, REQ, RESP, req_el, resp_el, result, headers, paged, batched) \
                                                               \
    {                                                                                         \
        struct REQ p;                                                                          \
        memset(&p, 0, sizeof p);                                                              \
        struct RESP *r = (struct RESP *)&p;                                                   \
        CU_ASSERT_EQUAL(mktows_mock_push_file(m, 500, "faults/auth_20014.xml"), 0);           \
        mktows_code rc = mktows_##f(c, &p, &r);                                               \
        if (rc != MKTOWS_MKTO_AUTH_FAILED)                                                    \
            fprintf(stderr, "\n%s: %s (%s)\n", #op, mktows_strerror(rc), mktows_client_errmsg(c)); \
        CU_ASSERT_EQUAL(rc, MKTOWS_MKTO_AUTH_FAILED);                                         \
        CU_ASSERT_PTR_NULL(r);                                                                \
        CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20014);                                \
        n++;                                                                                  \
    }
    MKTOWS_IFACE_OPERATIONS(S_FAULT)
#undef S_FAULT
    CU_ASSERT_EQUAL(n, MKTOWS_IFACE_OPERATION_COUNT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), MKTOWS_IFACE_OPERATION_COUNT);
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* A successX without its required child (result / leadActivityList) is MKTOWS_ERR_PARSE. */
static void test_ops__every_operation_rejects_a_success_without_result(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    char body[512];
#define S_EMPTY(op, f, REQ, RESP, req_el, resp_el, result, headers, paged, batched) \
                                                                \
    {                                                                                          \
        struct REQ p;                                                                           \
        memset(&p, 0, sizeof p);                                                               \
        struct RESP *r = NULL;                                                                 \
        snprintf(body, sizeof body,                                                            \
                 "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"" \
                 " xmlns:ns1=\"http://www.marketo.com/mktows/\"><s:Body><ns1:" #resp_el "/></s:Body></s:Envelope>"); \
        mktows_mock_push(m, 200, body);                                                        \
        mktows_code rc = mktows_##f(c, &p, &r);                                                \
        if (rc != MKTOWS_ERR_PARSE)                                                            \
            fprintf(stderr, "\n%s: %s (%s)\n", #op, mktows_strerror(rc), mktows_client_errmsg(c)); \
        CU_ASSERT_EQUAL(rc, MKTOWS_ERR_PARSE);                                                 \
        CU_ASSERT_PTR_NULL(r);                                                                 \
    }
    MKTOWS_IFACE_OPERATIONS(S_EMPTY)
#undef S_EMPTY
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* Only syncLead carries the MktowsContextHeader; every typed call signs afresh. */
static void test_ops__workspace_header_only_on_sync_lead(void)
{
    mktows_client *c = mktows_mock_client_new("Europe", NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(mktows_mock_push_file(m, 200, "ops/getLead/response.xml"), 0);
    CU_ASSERT_EQUAL(mktows_mock_push_file(m, 200, "ops/syncLead/response.xml"), 0);
    struct mkt__LeadKey key;
    struct mkt__ParamsGetLead gp = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__IDNUM, "87") };
    struct mkt__SuccessGetLead *gr;
    CU_ASSERT_EQUAL(mktows_get_lead(c, &gp, &gr), MKTOWS_OK);
    struct mkt__LeadRecord lead = { .Email = "t@t.com" };
    struct mkt__ParamsSyncLead sp = { .leadRecord = &lead, .returnLead = xsd__boolean__false_ };
    struct mkt__SuccessSyncLead *sr;
    CU_ASSERT_EQUAL(mktows_sync_lead_raw(c, &sp, &sr), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 0), NULL, "MktowsContextHeader"), 0);
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 1), NULL, "MktowsContextHeader"), 1);
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* A kept (deep-copied) response outlives the next call and the client. */
static void test_ops__kept_response_outlives_the_client(void)
{
    s_begin("getLead");
    CU_ASSERT_EQUAL(mktows_mock_push_file(s_m, 500, "faults/auth_20014.xml"), 0);
    struct mkt__LeadKey key;
    struct mkt__ParamsGetLead p = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__EMAIL, "t@t.com") };
    struct mkt__SuccessGetLead *r = NULL, *kept = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead(s_c, &p, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_get_lead_keep(r, &kept), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept);
    CU_ASSERT_PTR_NOT_EQUAL(kept, r);
    CU_ASSERT_EQUAL(mktows_get_lead(s_c, &p, &r), MKTOWS_MKTO_AUTH_FAILED);
    s_end();
    CU_ASSERT_EQUAL(kept->result->count, 1);
    CU_ASSERT_STRING_EQUAL(kept->result->leadRecordList->leadRecord[0].Email, "t@t.com");
    CU_ASSERT_STRING_EQUAL(kept->result->leadRecordList->leadRecord[0].leadAttributeList->attribute[1].attrValue,
                           "of the Jungle");
    mktows_get_lead_free(kept);
    mktows_get_lead_free(NULL);
}

/* ArrayOf* wrappers: absent, empty, one and many items all parse (getMultipleLeads' leadRecordList). */
static void test_ops__array_wrappers_with_zero_one_and_many_items(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    static const char *const lists[] = {
        "",
        "<leadRecordList/>",
        "<leadRecordList><leadRecord><Id>1</Id></leadRecord></leadRecordList>",
        "<leadRecordList><leadRecord><Id>1</Id></leadRecord><leadRecord><Id>2</Id></leadRecord>"
        "<leadRecord><Id>3</Id></leadRecord></leadRecordList>",
    };
    static const int sizes[] = { -1, 0, 1, 3 };
    for (size_t i = 0; i < 4; i++) {
        char body[1024];
        snprintf(body, sizeof body,
                 "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                 " xmlns:ns1=\"http://www.marketo.com/mktows/\"><s:Body><ns1:successGetMultipleLeads><result>"
                 "<returnCount>%d</returnCount><remainingCount>0</remainingCount><newStreamPosition/>%s</result>"
                 "</ns1:successGetMultipleLeads></s:Body></s:Envelope>", sizes[i] < 0 ? 0 : sizes[i], lists[i]);
        mktows_mock_push(m, 200, body);
        struct mkt__ParamsGetMultipleLeads p = { 0 };
        struct mkt__SuccessGetMultipleLeads *r = NULL;
        CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads(c, &p, &r), MKTOWS_OK);
        if (sizes[i] < 0) {
            CU_ASSERT_PTR_NULL(r->result->leadRecordList);
        } else {
            CU_ASSERT_PTR_NOT_NULL_FATAL(r->result->leadRecordList);
            CU_ASSERT_EQUAL(r->result->leadRecordList->__sizeleadRecord, sizes[i]);
            if (sizes[i] == 3)
                CU_ASSERT_EQUAL(*r->result->leadRecordList->leadRecord[2].Id, 3);
        }
        CU_ASSERT_PTR_NOT_NULL(r->result->newStreamPosition); /* required: present, empty */
        CU_ASSERT_STRING_EQUAL(r->result->newStreamPosition ? r->result->newStreamPosition : "-", "");
    }
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* VersionedItem/id is xs:integer: kept as text, so values beyond 64 bits survive. */
static void test_ops__versioned_item_id_beyond_64_bits_is_kept_as_text(void)
{
    struct soap *soap = soap_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(soap);
    const char *xml = "<versionedItem><id>123456789012345678901234567890</id><name>n</name>"
                      "<timestamp>2013-08-01T10:00:00-07:00</timestamp></versionedItem>";
    soap->is = xml;
    struct mkt__VersionedItem item;
    CU_ASSERT_EQUAL_FATAL(soap_read_mkt__VersionedItem(soap, &item), SOAP_OK);
    CU_ASSERT_STRING_EQUAL(item.id, "123456789012345678901234567890");
    CU_ASSERT_EQUAL(item.timestamp, (time_t)1375376400); /* 2013-08-01T17:00:00Z */
    soap->is = NULL;
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "delete_mobjects_request_matches_golden_and_response_parses", test_ops__delete_mobjects },
        { "describe_mobject_request_matches_golden_and_response_parses", test_ops__describe_mobject },
        { "get_mobjects_request_matches_golden_and_response_parses", test_ops__get_mobjects },
        { "sync_mobjects_request_matches_golden_and_response_parses", test_ops__sync_mobjects },
        { "get_campaigns_for_source_request_matches_golden_and_response_parses", test_ops__get_campaigns_for_source },
        { "get_import_to_list_status_request_matches_golden_and_response_parses", test_ops__get_import_to_list_status },
        { "get_lead_request_matches_golden_and_response_parses", test_ops__get_lead },
        { "get_lead_activity_request_matches_golden_and_response_parses", test_ops__get_lead_activity },
        { "get_lead_changes_lead_key_selector_matches_golden_and_response_parses", test_ops__get_lead_changes },
        { "get_multiple_leads_static_list_selector_matches_golden", test_ops__get_multiple_leads_static_list },
        { "get_multiple_leads_last_update_at_selector_matches_golden", test_ops__get_multiple_leads_last_updated_from_position },
        { "import_to_list_request_matches_golden_with_nil_campaign", test_ops__import_to_list },
        { "list_mobjects_request_is_empty_element_and_response_parses", test_ops__list_mobjects },
        { "list_operation_request_matches_golden_and_response_parses", test_ops__list_operation },
        { "request_campaign_with_token_matches_golden", test_ops__request_campaign },
        { "schedule_campaign_with_tokens_matches_golden", test_ops__schedule_campaign },
        { "sync_lead_raw_request_matches_golden_and_response_parses", test_ops__sync_lead_raw },
        { "sync_multiple_leads_request_matches_golden_and_response_parses", test_ops__sync_multiple_leads },
        { "sync_custom_objects_request_matches_golden_and_response_parses", test_ops__sync_custom_objects },
        { "delete_custom_objects_request_matches_golden_and_response_parses", test_ops__delete_custom_objects },
        { "get_custom_objects_request_matches_golden_and_response_parses", test_ops__get_custom_objects },
        { "merge_leads_request_matches_golden_and_response_parses", test_ops__merge_leads },
        { "get_channels_request_matches_golden_and_response_parses", test_ops__get_channels },
        { "get_tags_request_matches_golden_and_response_parses", test_ops__get_tags },
        { "every_operation_maps_a_fault_to_its_marketo_code", test_ops__every_operation_maps_a_fault_to_its_marketo_code },
        { "every_operation_rejects_a_success_without_result", test_ops__every_operation_rejects_a_success_without_result },
        { "workspace_header_only_on_sync_lead", test_ops__workspace_header_only_on_sync_lead },
        { "kept_response_outlives_the_client", test_ops__kept_response_outlives_the_client },
        { "array_wrappers_with_zero_one_and_many_items", test_ops__array_wrappers_with_zero_one_and_many_items },
        { "versioned_item_id_beyond_64_bits_is_kept_as_text", test_ops__versioned_item_id_beyond_64_bits_is_kept_as_text },
        { NULL, NULL }
    };
    return mktows_test_run("ops_wire", NULL, NULL, cases);
}
