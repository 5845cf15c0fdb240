/* The syncLead page's workspace and partition rules, one test each, against a server with
 * workspaces Europe (partition EU) and America (partition US) and two assignment rules; and a
 * second server with workspaces disabled, where only "Default" exists. */
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <string.h>

static mktows_test_server s_srv, s_off;
static mktows_client *s_none, *s_europe, *s_america, *s_off_default;

static const char s_config[] =
    "[server]\n"
    "workspaces = on\n"
    "[workspace Europe]\n"
    "primary_partition = EU\n"
    "[workspace America]\n"
    "primary_partition = US\n"
    "[rules]\n"
    "rule = Country = Germany -> EU\n"
    "rule = Country = Canada -> US\n";

static const char s_config_off[] =
    "[server]\n"
    "workspaces = off\n";

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    if (mktows_test_server_start(&s_srv, &o))
        return 1;
    o.config = s_config_off;
    if (mktows_test_server_start(&s_off, &o))
        return 1;
    s_none = mktows_test_client_new(&s_srv, NULL, NULL);
    s_europe = mktows_test_client_new(&s_srv, "Europe", NULL);
    s_america = mktows_test_client_new(&s_srv, "America", NULL);
    s_off_default = mktows_test_client_new(&s_off, NULL, NULL);
    return s_none && s_europe && s_america && s_off_default ? 0 : 1;
}

static int s_teardown(void)
{
    mktows_client_free(s_none);
    mktows_client_free(s_europe);
    mktows_client_free(s_america);
    mktows_client_free(s_off_default);
    int rc = mktows_test_server_stop(&s_srv) | mktows_test_server_stop(&s_off);
    mktows_test_server_clean_up(&s_srv);
    mktows_test_server_clean_up(&s_off);
    return rc == 0 ? 0 : 1;
}

static const char *s_partition(int id)
{
    static char buf[128];
    return mktows_test_attr_of(s_none, id, "LeadPartition", buf, sizeof buf);
}

/* Create a lead through @p c and return its id (0 on failure). */
static int s_create(mktows_client *c, const char *email, const char *fid, const char *cookie, const char *country)
{
    mktows_sync_lead_result *r = NULL;
    mktows_code rc = country ? mktows_test_sync(c, 0, email, fid, cookie, &r, "Country", country, NULL)
                             : mktows_test_sync(c, 0, email, fid, cookie, &r, NULL);
    int id = rc == MKTOWS_OK && r->status == MKTOWS_SYNC_CREATED ? r->lead_id : 0;
    mktows_sync_lead_result_free(r);
    return id;
}

static void test_workspace_header__new_lead_goes_to_primary_partition_of_named_workspace(void)
{
    int id = s_create(s_america, "ws-new@example.com", NULL, NULL, "France");
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "US");
}

static void test_workspace_header__new_lead_qualifying_for_rule_goes_to_rule_partition(void)
{
    int id = s_create(s_america, "ws-rule@example.com", NULL, NULL, "Germany");
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "EU");
}

static void test_no_header__new_lead_goes_to_primary_partition_of_default_workspace(void)
{
    int id = s_create(s_none, "nohdr-new@example.com", NULL, NULL, "France");
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "Default");
}

static void test_no_header__new_lead_qualifying_for_rule_goes_to_rule_partition(void)
{
    int id = s_create(s_none, "nohdr-rule@example.com", NULL, NULL, "Canada");
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "US");
}

static void test_workspace_header__lead_matched_by_id_must_be_in_named_primary_partition(void)
{
    int id = s_create(s_america, "ws-id@example.com", NULL, NULL, NULL);
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_EQUAL(mktows_test_sync(s_europe, id, NULL, NULL, NULL, NULL, "Title", "x", NULL),
                    MKTOWS_MKTO_LEAD_SYNC_FAILED);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(s_europe), 20106);
    CU_ASSERT_EQUAL(mktows_test_sync(s_america, id, NULL, NULL, NULL, NULL, "Title", "x", NULL), MKTOWS_OK);
}

static void test_workspace_header__lead_matched_by_foreign_id_must_be_in_named_primary_partition(void)
{
    int id = s_create(s_america, "ws-fid@example.com", "WS-FID-1", NULL, NULL);
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_EQUAL(mktows_test_sync(s_europe, 0, NULL, "WS-FID-1", NULL, NULL, NULL), MKTOWS_MKTO_LEAD_SYNC_FAILED);
    CU_ASSERT_EQUAL(mktows_test_sync(s_america, 0, NULL, "WS-FID-1", NULL, NULL, NULL), MKTOWS_OK);
}

static void test_workspace_header__lead_matched_by_cookie_must_be_in_named_primary_partition(void)
{
    int id = s_create(s_america, "ws-cookie@example.com", NULL, "cookie-ws-1", NULL);
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_EQUAL(mktows_test_sync(s_europe, 0, "ws-cookie@example.com", NULL, "cookie-ws-1", NULL, NULL),
                    MKTOWS_MKTO_LEAD_SYNC_FAILED);
    CU_ASSERT_EQUAL(mktows_test_sync(s_america, 0, "ws-cookie@example.com", NULL, "cookie-ws-1", NULL, NULL),
                    MKTOWS_OK);
}

static void test_workspace_header__lead_matched_by_email_ignores_named_workspace_and_stays_in_its_partition(void)
{
    int id = s_create(s_america, "ws-email@example.com", NULL, NULL, NULL);
    CU_ASSERT_FATAL(id != 0);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_europe, 0, "ws-email@example.com", NULL, NULL, &r, "Title", "t", NULL),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r->lead_id, id);
    mktows_sync_lead_result_free(r);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "US");
}

static void test_no_header__existing_lead_is_updated_in_its_current_partition(void)
{
    int id = s_create(s_europe, "nohdr-upd@example.com", "NOHDR-1", "cookie-nohdr-1", NULL);
    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "EU");
    /* by Id, by foreign id, by cookie and by email; Country=Canada would send a *new* lead to US */
    CU_ASSERT_EQUAL(mktows_test_sync(s_none, id, NULL, NULL, NULL, NULL, "Country", "Canada", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_sync(s_none, 0, NULL, "NOHDR-1", NULL, NULL, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_sync(s_none, 0, "nohdr-upd@example.com", NULL, "cookie-nohdr-1", NULL, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_sync(s_none, 0, "nohdr-upd@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(s_partition(id), "EU");
}

static void test_workspace_header__unknown_workspace_is_bad_parameter(void)
{
    mktows_client *c = mktows_test_client_new(&s_srv, "Atlantis", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "atlantis@example.com", NULL, NULL, NULL, NULL), MKTOWS_MKTO_BAD_PARAMETER);
    mktows_client_free(c);
}

static void test_workspace_header__workspace_names_are_case_insensitive(void)
{
    /* the page's Java sample sends "default" */
    mktows_client *c = mktows_test_client_new(&s_srv, "america", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(c, 0, "lower@example.com", NULL, NULL, &r, NULL), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "LeadPartition"), "US");
    mktows_sync_lead_result_free(r);
    mktows_client_free(c);
}

static void test_workspaces_disabled__only_default_workspace_exists(void)
{
    mktows_client *def = mktows_test_client_new(&s_off, "default", NULL);
    mktows_client *eu = mktows_test_client_new(&s_off, "Europe", NULL);
    CU_ASSERT_FATAL(def && eu);
    mktows_sync_lead_result *r = NULL;
    /* header naming Default, or no header: fine, and everything is in partition Default */
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(def, 0, "off@example.com", NULL, NULL, &r, "Country", "Germany", NULL),
                          MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "LeadPartition"), "Default");
    mktows_sync_lead_result_free(r);
    CU_ASSERT_EQUAL(mktows_test_sync(s_off_default, 0, "off@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    /* any other workspace is an error */
    CU_ASSERT_EQUAL(mktows_test_sync(eu, 0, "off2@example.com", NULL, NULL, NULL, NULL), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(eu), 20110);
    mktows_client_free(def);
    mktows_client_free(eu);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "workspace_header__new_lead_goes_to_primary_partition_of_named_workspace", test_workspace_header__new_lead_goes_to_primary_partition_of_named_workspace },
        { "workspace_header__new_lead_qualifying_for_rule_goes_to_rule_partition", test_workspace_header__new_lead_qualifying_for_rule_goes_to_rule_partition },
        { "no_header__new_lead_goes_to_primary_partition_of_default_workspace", test_no_header__new_lead_goes_to_primary_partition_of_default_workspace },
        { "no_header__new_lead_qualifying_for_rule_goes_to_rule_partition", test_no_header__new_lead_qualifying_for_rule_goes_to_rule_partition },
        { "workspace_header__lead_matched_by_id_must_be_in_named_primary_partition", test_workspace_header__lead_matched_by_id_must_be_in_named_primary_partition },
        { "workspace_header__lead_matched_by_foreign_id_must_be_in_named_primary_partition", test_workspace_header__lead_matched_by_foreign_id_must_be_in_named_primary_partition },
        { "workspace_header__lead_matched_by_cookie_must_be_in_named_primary_partition", test_workspace_header__lead_matched_by_cookie_must_be_in_named_primary_partition },
        { "workspace_header__lead_matched_by_email_ignores_named_workspace_and_stays_in_its_partition", test_workspace_header__lead_matched_by_email_ignores_named_workspace_and_stays_in_its_partition },
        { "no_header__existing_lead_is_updated_in_its_current_partition", test_no_header__existing_lead_is_updated_in_its_current_partition },
        { "workspace_header__unknown_workspace_is_bad_parameter", test_workspace_header__unknown_workspace_is_bad_parameter },
        { "workspace_header__workspace_names_are_case_insensitive", test_workspace_header__workspace_names_are_case_insensitive },
        { "workspaces_disabled__only_default_workspace_exists", test_workspaces_disabled__only_default_workspace_exists },
        { NULL, NULL }
    };
    return mktows_test_run("server_workspaces", s_setup, s_teardown, cases);
}
