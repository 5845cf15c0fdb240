/* syncLead request validation: each rule of the syncLead page's request table, checked before any
 * traffic, with a message that names the rule. */
#include "runner.h"

#include <mktows/mktows.h>

#include <string.h>

#include "mock_transport.h"

static const mktows_lead_attribute s_ok_attrs[] = { { "FirstName", "George", NULL } };

static mktows_sync_lead_request s_valid(void)
{
    mktows_sync_lead_request r = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    r.email = "george@jungle.com";
    r.attrs = s_ok_attrs;
    r.attr_count = 1;
    return r;
}

/* @p r fails validation with a message containing @p words, and mktows_sync_lead() sends nothing. */
static void s_rejects(const mktows_sync_lead_request *r, const char *words)
{
    char why[256] = "unchanged";
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(r, why, sizeof why), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, words));
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(r, NULL, 0), MKTOWS_ERR_VALIDATION);

    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_sync_lead_result *res = NULL;
    char *xml = NULL;
    CU_ASSERT_EQUAL(mktows_sync_lead(c, r, &res), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_PTR_NULL(res);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), words));
    CU_ASSERT_EQUAL(mktows_sync_lead_render(c, r, &xml), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_PTR_NULL(xml);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 0);
    CU_ASSERT_EQUAL(mktows_mock_connects(m), 0);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_validate__valid_request_passes_with_empty_message(void)
{
    mktows_sync_lead_request r = s_valid();
    char why[64] = "unchanged";
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(&r, why, sizeof why), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(why, "");
    r.email = NULL;
    r.id = 5;
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(&r, NULL, 0), MKTOWS_OK);
    r.id = 0;
    r.foreign_sys_person_id = "SF-1";
    r.foreign_sys_type = "NETSUITE";
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(&r, NULL, 0), MKTOWS_OK);
    r.attrs = NULL;
    r.attr_count = 0;
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(&r, NULL, 0), MKTOWS_OK);
}

static void test_validate__one_lead_key_is_required(void)
{
    mktows_sync_lead_request r = s_valid();
    r.email = NULL;
    s_rejects(&r, "one of Id, Email or ForeignSysPersonId is required");
}

static void test_validate__empty_keys_are_rejected(void)
{
    mktows_sync_lead_request r = s_valid();
    r.email = "";
    s_rejects(&r, "Email must not be empty");
    r = s_valid();
    r.foreign_sys_person_id = "";
    s_rejects(&r, "ForeignSysPersonId must not be empty");
    r = s_valid();
    r.id = -3;
    s_rejects(&r, "Id must be a positive");
    r = s_valid();
    r.marketo_cookie = "";
    s_rejects(&r, "marketoCookie must not be empty");
}

static void test_validate__foreign_sys_type_must_be_a_known_value(void)
{
    mktows_sync_lead_request r = s_valid();
    r.foreign_sys_person_id = "X-1";
    r.foreign_sys_type = "sfdc";
    s_rejects(&r, "ForeignSysType must be CUSTOM, SFDC or NETSUITE");
}

static void test_validate__foreign_sys_type_needs_foreign_sys_person_id(void)
{
    mktows_sync_lead_request r = s_valid();
    r.foreign_sys_type = "CUSTOM";
    s_rejects(&r, "ForeignSysType is only allowed with ForeignSysPersonId");
}

/* syncLead page, request table: foreignSysType is "Only required when foreignSysPersonId is present". */
static void test_validate__foreign_sys_person_id_needs_foreign_sys_type(void)
{
    mktows_sync_lead_request r = s_valid();
    r.foreign_sys_person_id = "SF-1";
    s_rejects(&r, "ForeignSysType (CUSTOM, SFDC or NETSUITE) is required with ForeignSysPersonId");
    r.email = NULL;
    s_rejects(&r, "ForeignSysType (CUSTOM, SFDC or NETSUITE) is required with ForeignSysPersonId");
    r.foreign_sys_type = "CUSTOM";
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(&r, NULL, 0), MKTOWS_OK);
}

static void test_validate__attribute_name_is_required(void)
{
    static const mktows_lead_attribute nameless[] = { { "FirstName", "George", NULL }, { "", "x", NULL } };
    static const mktows_lead_attribute null_name[] = { { NULL, "x", NULL } };
    mktows_sync_lead_request r = s_valid();
    r.attrs = nameless;
    r.attr_count = 2;
    s_rejects(&r, "attribute 1: attrName is required");
    r.attrs = null_name;
    r.attr_count = 1;
    s_rejects(&r, "attribute 0: attrName is required");
}

static void test_validate__attribute_value_is_required(void)
{
    static const mktows_lead_attribute valueless[] = { { "LastName", NULL, NULL } };
    mktows_sync_lead_request r = s_valid();
    r.attrs = valueless;
    s_rejects(&r, "attribute 0 (LastName): attrValue is required");
}

static void test_validate__attribute_count_without_array_is_rejected(void)
{
    mktows_sync_lead_request r = s_valid();
    r.attrs = NULL;
    r.attr_count = 2;
    s_rejects(&r, "attrs is NULL but attr_count is 2");
}

static void test_validate__wrong_version_or_null_request_is_rejected(void)
{
    mktows_sync_lead_request r = s_valid();
    r.version = 2;
    s_rejects(&r, "unsupported request version");
    char why[64];
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(NULL, why, sizeof why), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_STRING_EQUAL(why, "the request is NULL");
}

static void test_validate__long_reason_is_truncated_safely(void)
{
    mktows_sync_lead_request r = s_valid();
    r.email = NULL;
    char why[8];
    CU_ASSERT_EQUAL(mktows_sync_lead_validate(&r, why, sizeof why), MKTOWS_ERR_VALIDATION);
    CU_ASSERT_EQUAL(strlen(why), sizeof why - 1);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "valid_request_passes_with_empty_message", test_validate__valid_request_passes_with_empty_message },
        { "one_lead_key_is_required", test_validate__one_lead_key_is_required },
        { "empty_keys_are_rejected", test_validate__empty_keys_are_rejected },
        { "foreign_sys_type_must_be_a_known_value", test_validate__foreign_sys_type_must_be_a_known_value },
        { "foreign_sys_type_needs_foreign_sys_person_id", test_validate__foreign_sys_type_needs_foreign_sys_person_id },
        { "foreign_sys_person_id_needs_foreign_sys_type", test_validate__foreign_sys_person_id_needs_foreign_sys_type },
        { "attribute_name_is_required", test_validate__attribute_name_is_required },
        { "attribute_value_is_required", test_validate__attribute_value_is_required },
        { "attribute_count_without_array_is_rejected", test_validate__attribute_count_without_array_is_rejected },
        { "wrong_version_or_null_request_is_rejected", test_validate__wrong_version_or_null_request_is_rejected },
        { "long_reason_is_truncated_safely", test_validate__long_reason_is_truncated_safely },
        { NULL, NULL }
    };
    return mktows_test_run("sync_lead_validate", NULL, NULL, cases);
}
