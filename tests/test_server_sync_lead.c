/* syncLead against mktows-server over loopback, through the library's client: create and update,
 * returnLead, every key-precedence rule of the syncLead page, attribute checks and getLead. */
#include "runner.h"
#include "private/call.h"
#include "private/client.h"
#include <mktows/ops.h>
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <string.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "# custom fields on top of the standard ones\n"
    "[field Region]\n"
    "type = string\n"
    "[field Visits]\n"
    "type = integer\n";

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

static const char *s_attr(int id, const char *name)
{
    static char buf[256];
    return mktows_test_attr_of(s_c, id, name, buf, sizeof buf);
}

static void test_sync_lead__creates_new_lead_then_updates_it(void)
{
    mktows_sync_lead_result *r1 = NULL, *r2 = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "george@jungle.com", NULL, NULL, &r1,
                                           "FirstName", "George", "LastName", "of the Jungle", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r1->status, MKTOWS_SYNC_CREATED);
    CU_ASSERT_TRUE(r1->lead_id > 0);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "george@jungle.com", NULL, NULL, &r2,
                                           "FirstName", "George2", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r2->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r2->lead_id, r1->lead_id);
    CU_ASSERT_STRING_EQUAL(s_attr(r1->lead_id, "FirstName"), "George2");
    CU_ASSERT_STRING_EQUAL(s_attr(r1->lead_id, "LastName"), "of the Jungle");
    mktows_sync_lead_result_free(r1);
    mktows_sync_lead_result_free(r2);
}

static void test_sync_lead__return_lead_returns_the_full_record(void)
{
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "full@example.com", "FULL-1", NULL, &r,
                                           "Company", "Acme", "Region", "EMEA", "Visits", "3", NULL), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->lead);
    CU_ASSERT_EQUAL(r->lead->id, r->lead_id);
    CU_ASSERT_STRING_EQUAL(r->lead->email, "full@example.com");
    CU_ASSERT_STRING_EQUAL(r->lead->foreign_sys_person_id, "FULL-1");
    CU_ASSERT_STRING_EQUAL(r->lead->foreign_sys_type, "CUSTOM");
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "Company"), "Acme");
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "Region"), "EMEA");
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "Visits"), "3");
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "IsAnonymous"), "false");
    CU_ASSERT_PTR_NOT_NULL(mktows_test_lead_attr(r->lead, "CreatedAt"));
    mktows_sync_lead_result_free(r);
}

static void test_sync_lead__return_lead_false_returns_no_record(void)
{
    mktows_sync_lead_request req = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    req.email = "norecord@example.com";
    req.return_lead = 0;
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_lead(s_c, &req, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_CREATED);
    CU_ASSERT_PTR_NULL(r->lead);
    mktows_sync_lead_result_free(r);
}

static int s_create(const char *email, const char *fid, const char *cookie)
{
    mktows_sync_lead_result *r = NULL;
    if (mktows_test_sync(s_c, 0, email, fid, cookie, &r, NULL) != MKTOWS_OK)
        return 0;
    int id = r->status == MKTOWS_SYNC_CREATED ? r->lead_id : 0;
    mktows_sync_lead_result_free(r);
    return id;
}

static void test_key_precedence__marketo_id_wins_over_all_other_keys(void)
{
    int a = s_create("id-a@example.com", "IDPREC-A", NULL);
    int b = s_create("id-b@example.com", "IDPREC-B", "cookie-idprec-b");
    CU_ASSERT_FATAL(a && b);
    /* Id of a, with b's email and cookie: a is updated and takes the email */
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, a, "id-b@example.com", NULL, "cookie-idprec-b", &r,
                                           "Title", "by id", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r->lead_id, a);
    mktows_sync_lead_result_free(r);
    CU_ASSERT_STRING_EQUAL(s_attr(a, "Title"), "by id");
    CU_ASSERT_PTR_NULL(s_attr(b, "Title"));
}

static void test_key_precedence__id_with_foreign_id_updates_the_foreign_id(void)
{
    int a = s_create("fid-upd@example.com", "OLD-FID", NULL);
    CU_ASSERT_FATAL(a != 0);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, a, NULL, "NEW-FID", NULL, &r, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r->lead_id, a);
    CU_ASSERT_STRING_EQUAL(r->lead->foreign_sys_person_id, "NEW-FID");
    mktows_sync_lead_result_free(r);
    /* the new foreign id is now the lead's unique key */
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, NULL, "NEW-FID", NULL, &r, "Title", "x", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->lead_id, a);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    mktows_sync_lead_result_free(r);
}

static void test_key_precedence__foreign_id_alone_is_a_unique_key(void)
{
    mktows_sync_lead_result *r1 = NULL, *r2 = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, NULL, "ALONE-1", NULL, &r1, "City", "Paris", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r1->status, MKTOWS_SYNC_CREATED);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, NULL, "ALONE-1", NULL, &r2, "City", "Lyon", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r2->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r2->lead_id, r1->lead_id);
    CU_ASSERT_STRING_EQUAL(s_attr(r1->lead_id, "City"), "Lyon");
    mktows_sync_lead_result_free(r1);
    mktows_sync_lead_result_free(r2);
}

static void test_key_precedence__foreign_id_with_email_updates_the_email(void)
{
    int a = s_create("before@example.com", "FID-EMAIL", NULL);
    int other = s_create("after@example.com", NULL, NULL);
    CU_ASSERT_FATAL(a && other);
    mktows_sync_lead_result *r = NULL;
    /* a lead already has after@example.com, but the foreign id takes precedence */
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "after@example.com", "FID-EMAIL", NULL, &r, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r->lead_id, a);
    CU_ASSERT_STRING_EQUAL(r->lead->email, "after@example.com");
    mktows_sync_lead_result_free(r);
}

static void test_key_precedence__foreign_id_wins_over_cookie(void)
{
    int a = s_create("fc-a@example.com", "FC-A", NULL);
    int b = s_create("fc-b@example.com", NULL, "cookie-fc-b");
    CU_ASSERT_FATAL(a && b);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, NULL, "FC-A", "cookie-fc-b", &r, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->lead_id, a);
    mktows_sync_lead_result_free(r);
}

static void test_key_precedence__cookie_wins_over_email(void)
{
    int a = s_create("ce-a@example.com", NULL, "cookie-ce-a");
    int b = s_create("ce-b@example.com", NULL, NULL);
    CU_ASSERT_FATAL(a && b);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "ce-b@example.com", NULL, "cookie-ce-a", &r, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r->lead_id, a);
    CU_ASSERT_STRING_EQUAL(r->lead->email, "ce-b@example.com");
    mktows_sync_lead_result_free(r);
}

static void test_key_precedence__email_is_not_unique_most_recently_updated_lead_wins(void)
{
    /* two leads share an email (possible: different foreign ids) */
    int a = s_create("shared@example.com", "SHARED-A", NULL);
    int b = s_create("shared@example.com", "SHARED-B", NULL);
    CU_ASSERT_FATAL(a && b && a != b);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "shared@example.com", NULL, NULL, &r, "Title", "1", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->lead_id, b);
    mktows_sync_lead_result_free(r);
    /* touch a: now a is the most recently updated */
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, NULL, "SHARED-A", NULL, NULL, "Title", "2", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "shared@example.com", NULL, NULL, &r, "Title", "3", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->lead_id, a);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    mktows_sync_lead_result_free(r);
    /* getLead by email sees both */
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__EMAIL, "shared@example.com", &g), MKTOWS_OK);
    CU_ASSERT_EQUAL(g->count, 2);
}

static void test_key_precedence__unknown_marketo_id_is_lead_not_found(void)
{
    CU_ASSERT_EQUAL(mktows_test_sync(s_c, 987654, "nobody@example.com", NULL, NULL, NULL, NULL),
                    MKTOWS_MKTO_LEAD_NOT_FOUND);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(s_c), 20103);
}

static void test_cookie__anonymous_lead_found_by_cookie_becomes_known(void)
{
    int id = 0, created = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_cookie_only(s_c, "id:561-HYG-937&token:_mch-anon-1", &id, &created),
                          MKTOWS_OK);
    CU_ASSERT_TRUE(created);
    CU_ASSERT_STRING_EQUAL(s_attr(id, "IsAnonymous"), "true");
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "now.known@example.com", NULL, "id:561-HYG-937&token:_mch-anon-1",
                                           &r, "FirstName", "Known", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r->lead_id, id);
    CU_ASSERT_STRING_EQUAL(r->lead->email, "now.known@example.com");
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "IsAnonymous"), "false");
    mktows_sync_lead_result_free(r);
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__COOKIE, "id:561-HYG-937&token:_mch-anon-1", &g),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(g->count, 1);
    CU_ASSERT_EQUAL(*g->leadRecordList->leadRecord[0].Id, id);
}

static void test_attributes__unknown_attribute_name_is_lead_attribute_bad(void)
{
    CU_ASSERT_EQUAL(mktows_test_sync(s_c, 0, "badattr@example.com", NULL, NULL, NULL, "NoSuchField", "x", NULL),
                    MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(s_c), 20105);
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_code(s_c), "SOAP-ENV:Client");
    /* nothing was written */
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__EMAIL, "badattr@example.com", &g),
                    MKTOWS_MKTO_LEAD_NOT_FOUND);
}

static void test_attributes__read_only_system_field_is_lead_attribute_bad(void)
{
    CU_ASSERT_EQUAL(mktows_test_sync(s_c, 0, "ro@example.com", NULL, NULL, NULL, "LeadPartition", "x", NULL),
                    MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD);
}

static void test_attributes__custom_fields_from_config_are_accepted(void)
{
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "custom@example.com", NULL, NULL, &r, "Region", "APAC",
                                           "Visits", "12", NULL), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "Region"), "APAC");
    mktows_sync_lead_result_free(r);
    CU_ASSERT_EQUAL(mktows_test_sync(s_c, 0, "custom@example.com", NULL, NULL, NULL, "Visits", "many", NULL),
                    MKTOWS_MKTO_LEAD_SYNC_FAILED);
}

static void test_foreign_id__taken_by_another_lead_is_lead_sync_failed(void)
{
    int a = s_create("taken-a@example.com", "TAKEN-A", NULL);
    int b = s_create("taken-b@example.com", "TAKEN-B", NULL);
    CU_ASSERT_FATAL(a && b);
    CU_ASSERT_EQUAL(mktows_test_sync(s_c, b, NULL, "TAKEN-A", NULL, NULL, NULL), MKTOWS_MKTO_LEAD_SYNC_FAILED);
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_code(s_c), "SOAP-ENV:Server");
}

static void test_request__lead_record_without_any_key_is_lead_key_required(void)
{
    struct mkt__LeadRecord rec;
    memset(&rec, 0, sizeof rec);
    struct mkt__ParamsSyncLead req;
    memset(&req, 0, sizeof req);
    req.leadRecord = &rec;
    struct mkt__SuccessSyncLead resp;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, syncLead, &req, &resp), MKTOWS_MKTO_LEAD_KEY_REQUIRED);
}

static void test_get_lead__finds_by_id_email_and_cookie_and_reports_not_found(void)
{
    int a = s_create("getlead@example.com", NULL, "cookie-getlead");
    CU_ASSERT_FATAL(a != 0);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%d", a);
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__IDNUM, idtext, &g), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(g->leadRecordList->leadRecord[0].Email, "getlead@example.com");
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__EMAIL, "GETLEAD@example.com", &g), MKTOWS_OK);
    CU_ASSERT_EQUAL(*g->leadRecordList->leadRecord[0].Id, a);
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__COOKIE, "cookie-getlead", &g), MKTOWS_OK);
    CU_ASSERT_EQUAL(*g->leadRecordList->leadRecord[0].Id, a);
    CU_ASSERT_EQUAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__IDNUM, "99999", &g), MKTOWS_MKTO_LEAD_NOT_FOUND);
    char bad_id[40];
    snprintf(bad_id, sizeof bad_id, "%dx", a);
    CU_ASSERT_EQUAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__IDNUM, bad_id, &g), MKTOWS_MKTO_LEAD_NOT_FOUND);
    CU_ASSERT_EQUAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__SFDCLEADID, "x", &g), MKTOWS_MKTO_LEAD_KEY_BAD);
}

/* The responses of syncLead and getLead (typed calls) are read by the direct reader
 * (gen/mktows_reader.c), and what it reads is what gSOAP reads from the same server. */
static void s_get_first_name(int id, char *buf, size_t len)
{
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%d", id);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = idtext };
    struct mkt__ParamsGetLead req = { .leadKey = &key };
    struct mkt__SuccessGetLead *resp = NULL;
    snprintf(buf, len, "(none)");
    if (mktows_get_lead(s_c, &req, &resp) != MKTOWS_OK || !resp->result->leadRecordList ||
        resp->result->leadRecordList->__sizeleadRecord != 1)
        return;
    const char *v = mktows_test_record_attr(&resp->result->leadRecordList->leadRecord[0], "FirstName");
    snprintf(buf, len, "%s", v ? v : "(null)");
}

static void test_reader__responses_take_the_fast_path_and_read_as_with_gsoap(void)
{
    static const char name[] = "Fa & st <\xc3\xa9> \"q\" \t x";
    unsigned long before = s_c->reader.fast;
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(s_c, 0, "fast@reader.com", NULL, NULL, &r, "FirstName", name, NULL),
                          MKTOWS_OK);
    CU_ASSERT_TRUE(s_c->reader.fast > before);
    char with[256], without[256];
    before = s_c->reader.fast;
    s_get_first_name(r->lead_id, with, sizeof with);
    CU_ASSERT_TRUE(s_c->reader.fast > before);
    s_c->reader_off = 1;
    before = s_c->reader.fast;
    s_get_first_name(r->lead_id, without, sizeof without);
    CU_ASSERT_EQUAL(s_c->reader.fast, before);
    s_c->reader_off = 0;
    CU_ASSERT_STRING_EQUAL(with, without);
    CU_ASSERT_STRING_EQUAL(with, name);
    mktows_sync_lead_result_free(r);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "sync_lead__creates_new_lead_then_updates_it", test_sync_lead__creates_new_lead_then_updates_it },
        { "reader__responses_take_the_fast_path_and_read_as_with_gsoap",
          test_reader__responses_take_the_fast_path_and_read_as_with_gsoap },
        { "sync_lead__return_lead_returns_the_full_record", test_sync_lead__return_lead_returns_the_full_record },
        { "sync_lead__return_lead_false_returns_no_record", test_sync_lead__return_lead_false_returns_no_record },
        { "key_precedence__marketo_id_wins_over_all_other_keys", test_key_precedence__marketo_id_wins_over_all_other_keys },
        { "key_precedence__id_with_foreign_id_updates_the_foreign_id", test_key_precedence__id_with_foreign_id_updates_the_foreign_id },
        { "key_precedence__foreign_id_alone_is_a_unique_key", test_key_precedence__foreign_id_alone_is_a_unique_key },
        { "key_precedence__foreign_id_with_email_updates_the_email", test_key_precedence__foreign_id_with_email_updates_the_email },
        { "key_precedence__foreign_id_wins_over_cookie", test_key_precedence__foreign_id_wins_over_cookie },
        { "key_precedence__cookie_wins_over_email", test_key_precedence__cookie_wins_over_email },
        { "key_precedence__email_is_not_unique_most_recently_updated_lead_wins", test_key_precedence__email_is_not_unique_most_recently_updated_lead_wins },
        { "key_precedence__unknown_marketo_id_is_lead_not_found", test_key_precedence__unknown_marketo_id_is_lead_not_found },
        { "cookie__anonymous_lead_found_by_cookie_becomes_known", test_cookie__anonymous_lead_found_by_cookie_becomes_known },
        { "attributes__unknown_attribute_name_is_lead_attribute_bad", test_attributes__unknown_attribute_name_is_lead_attribute_bad },
        { "attributes__read_only_system_field_is_lead_attribute_bad", test_attributes__read_only_system_field_is_lead_attribute_bad },
        { "attributes__custom_fields_from_config_are_accepted", test_attributes__custom_fields_from_config_are_accepted },
        { "foreign_id__taken_by_another_lead_is_lead_sync_failed", test_foreign_id__taken_by_another_lead_is_lead_sync_failed },
        { "request__lead_record_without_any_key_is_lead_key_required", test_request__lead_record_without_any_key_is_lead_key_required },
        { "get_lead__finds_by_id_email_and_cookie_and_reports_not_found", test_get_lead__finds_by_id_email_and_cookie_and_reports_not_found },
        { NULL, NULL }
    };
    return mktows_test_run("server_sync_lead", s_setup, s_teardown, cases);
}
