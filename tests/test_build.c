/* Request builders: enum names as the interface sheet writes them, and each builder fills caller
 * storage so that the request serializes as the sheet says (leadSelector xsi:type, filters, keys). */
#include "runner.h"

#include <mktows/build.h>

#include <string.h>

static void test_build__enum_names_are_the_xml_values(void)
{
    enum mkt__LeadKeyRef k;
    CU_ASSERT_EQUAL(mktows_lead_key_type_from_name("IDNUM", &k), MKTOWS_OK);
    CU_ASSERT_EQUAL(k, mkt__LeadKeyRef__IDNUM);
    CU_ASSERT_EQUAL(mktows_lead_key_type_from_name("SFDCOPPTYID", &k), MKTOWS_OK);
    CU_ASSERT_EQUAL(k, mkt__LeadKeyRef__SFDCOPPTYID);
    CU_ASSERT_EQUAL(mktows_lead_key_type_from_name("email", &k), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_lead_key_type_from_name(NULL, &k), MKTOWS_ERR_INVALID_ARGUMENT);

    enum mkt__ActivityType a;
    CU_ASSERT_EQUAL(mktows_activity_type_from_name("VisitWebpage", &a), MKTOWS_OK);
    CU_ASSERT_EQUAL(a, mkt__ActivityType__VisitWebpage);
    CU_ASSERT_EQUAL(mktows_activity_type_from_name("SmartCampaignTestTrigger", &a), MKTOWS_OK);
    CU_ASSERT_EQUAL(a, mkt__ActivityType__SmartCampaignTestTrigger);
    CU_ASSERT_EQUAL(mktows_activity_type_from_name("NewSFDCOpprtnty", &a), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_activity_type_from_name("Visit Webpage", &a), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_STRING_EQUAL(mktows_activity_type_name(mkt__ActivityType__ChangeDataValue), "ChangeDataValue");
    CU_ASSERT_PTR_NULL(mktows_activity_type_name((enum mkt__ActivityType)57));
    /* All 57 names round trip. */
    for (int i = 0; i <= (int)mkt__ActivityType__SmartCampaignTestTrigger; i++) {
        const char *name = mktows_activity_type_name((enum mkt__ActivityType)i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_EQUAL(mktows_activity_type_from_name(name, &a), MKTOWS_OK);
        CU_ASSERT_EQUAL((int)a, i);
    }

    enum mkt__ListKeyType lk;
    CU_ASSERT_EQUAL(mktows_list_key_type_from_name("MKTOLISTNAME", &lk), MKTOWS_OK);
    CU_ASSERT_EQUAL(lk, mkt__ListKeyType__MKTOLISTNAME);
    CU_ASSERT_EQUAL(mktows_list_key_type_from_name("SFDCLEADOWNERID", &lk), MKTOWS_OK);
    enum mkt__ListOperationType lo;
    CU_ASSERT_EQUAL(mktows_list_operation_from_name("ISMEMBEROFLIST", &lo), MKTOWS_OK);
    CU_ASSERT_EQUAL(lo, mkt__ListOperationType__ISMEMBEROFLIST);
    CU_ASSERT_EQUAL(mktows_list_operation_from_name("CLEARLIST", &lo), MKTOWS_ERR_INVALID_ARGUMENT); /* not in 2_7 */
}

static void test_build__each_selector_kind_sets_only_its_subtype(void)
{
    mktows_lead_selector s;
    static const char *const v[] = { "a@t.com", "b@t.com" };
    struct mkt__LeadSelector *sel = mktows_lead_selector_init_keys(&s, mkt__LeadKeyRef__EMAIL, v, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sel->mkt__LeadKeySelector);
    CU_ASSERT_PTR_NULL(sel->mkt__StaticListSelector);
    CU_ASSERT_PTR_NULL(sel->mkt__LastUpdateAtSelector);
    CU_ASSERT_EQUAL(sel->mkt__LeadKeySelector->keyValues->__sizestringItem, 2);
    CU_ASSERT_STRING_EQUAL(sel->mkt__LeadKeySelector->keyValues->stringItem[1], "b@t.com");

    sel = mktows_lead_selector_init_list_id(&s, 1234);
    CU_ASSERT_PTR_NULL(sel->mkt__LeadKeySelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sel->mkt__StaticListSelector);
    CU_ASSERT_PTR_NULL(sel->mkt__StaticListSelector->staticListName);
    CU_ASSERT_EQUAL(*sel->mkt__StaticListSelector->staticListId, 1234);

    sel = mktows_lead_selector_init_list_name(&s, "Trade Show");
    CU_ASSERT_PTR_NULL(sel->mkt__StaticListSelector->staticListId);
    CU_ASSERT_STRING_EQUAL(sel->mkt__StaticListSelector->staticListName, "Trade Show");

    sel = mktows_lead_selector_init_updated(&s, 100, NULL);
    CU_ASSERT_PTR_NULL(sel->mkt__StaticListSelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sel->mkt__LastUpdateAtSelector);
    CU_ASSERT_EQUAL(sel->mkt__LastUpdateAtSelector->oldestUpdatedAt, 100);
    CU_ASSERT_PTR_NULL(sel->mkt__LastUpdateAtSelector->latestUpdatedAt);
    time_t latest = 200;
    sel = mktows_lead_selector_init_updated(&s, 100, &latest);
    latest = 300; /* copied */
    CU_ASSERT_EQUAL(*sel->mkt__LastUpdateAtSelector->latestUpdatedAt, 200);
}

static void test_build__activity_filter_keys_and_tokens(void)
{
    mktows_activity_filter f;
    static const enum mkt__ActivityType inc[] = { mkt__ActivityType__NewLead };
    static const enum mkt__ActivityType exc[] = { mkt__ActivityType__VisitWebpage, mkt__ActivityType__ClickLink };
    struct mkt__ActivityTypeFilter *af = mktows_activity_filter_init_types(&f, inc, 1, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(af->includeTypes);
    CU_ASSERT_PTR_NULL(af->excludeTypes);
    af = mktows_activity_filter_init_types(&f, NULL, 0, exc, 2);
    CU_ASSERT_PTR_NULL(af->includeTypes);
    CU_ASSERT_EQUAL_FATAL(af->excludeTypes->__sizeactivityType, 2);
    CU_ASSERT_EQUAL(af->excludeTypes->activityType[1], mkt__ActivityType__ClickLink);

    struct mkt__ListKey lk;
    CU_ASSERT_PTR_EQUAL(mktows_list_key_init(&lk, mkt__ListKeyType__MKTOLISTNAME, "Trade Show"), &lk);
    CU_ASSERT_STRING_EQUAL(lk.keyValue, "Trade Show");
    struct mkt__LeadKey keys[2];
    struct mkt__ArrayOfLeadKey arr;
    mktows_lead_key_init(&keys[0], mkt__LeadKeyRef__COOKIE, "id:123-ABC-456&token:_mch-x");
    mktows_lead_key_init(&keys[1], mkt__LeadKeyRef__SFDCLEADID, "00Q");
    CU_ASSERT_EQUAL(mktows_lead_key_array_init(&arr, keys, 2)->__sizeleadKey, 2);
    CU_ASSERT_EQUAL(arr.leadKey[0].keyType, mkt__LeadKeyRef__COOKIE);
    CU_ASSERT_EQUAL(mktows_lead_key_array_init(&arr, keys, 0)->__sizeleadKey, 0);
    CU_ASSERT_PTR_NULL(arr.leadKey);

    struct mkt__Attrib tok[1];
    struct mkt__ArrayOfAttrib tl;
    mktows_attrib_array_init(&tl, mktows_attrib_init(&tok[0], "{{my.message}}", "Hello"), 1);
    CU_ASSERT_EQUAL(tl.__sizeattrib, 1);
    CU_ASSERT_STRING_EQUAL(tl.attrib[0].name, "{{my.message}}");
    CU_ASSERT_STRING_EQUAL(tl.attrib[0].value, "Hello");
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "enum_names_are_the_xml_values", test_build__enum_names_are_the_xml_values },
        { "each_selector_kind_sets_only_its_subtype", test_build__each_selector_kind_sets_only_its_subtype },
        { "activity_filter_keys_and_tokens", test_build__activity_filter_keys_and_tokens },
        { NULL, NULL }
    };
    return mktows_test_run("build", NULL, NULL, cases);
}
