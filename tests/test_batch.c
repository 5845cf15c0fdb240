/* Batched syncs against the mock transport (one canned answer per request): 1,000 records make
 * 4 calls of at most 300 and come back with 1,000 statuses in the caller's order; a failed call
 * stops the run and says where to resume. */
#include "runner.h"

#include <mktows/mktows.h>
#include <mktows/batch.h>
#include <mktows/build.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mock_transport.h"
#include "xml_compare.h"

#define S_ENV_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope" \
    " xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"" \
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" \
    " xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Body>"
#define S_ENV_CLOSE "</SOAP-ENV:Body></SOAP-ENV:Envelope>"

/* A growing string for canned bodies. */
typedef struct s_str { char *p; size_t len, cap; } s_str;

static void s_add(s_str *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void s_add(s_str *s, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(s->p ? s->p + s->len : NULL, s->p ? s->cap - s->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (s->p && s->len + (size_t)n < s->cap) {
            s->len += (size_t)n;
            return;
        }
        size_t cap = (s->cap ? s->cap * 2 : 4096) + (size_t)n;
        char *np = realloc(s->p, cap);
        if (!np)
            return;
        s->p = np;
        s->cap = cap;
    }
}

/* Answer for leads [first, first + n): leadId 10000 + index; every 7th FAILED with an error. */
static void s_push_lead_statuses(mktows_mock *m, size_t first, size_t n)
{
    s_str s = { 0 };
    s_add(&s, S_ENV_OPEN "<ns1:successSyncMultipleLeads><result><syncStatusList>");
    for (size_t i = first; i < first + n; i++) {
        if (i % 7 == 0)
            s_add(&s, "<syncStatus><leadId>%zu</leadId><status>FAILED</status><error>bad %zu</error></syncStatus>",
                  10000 + i, i);
        else
            s_add(&s, "<syncStatus><leadId>%zu</leadId><status>%s</status><error xsi:nil=\"true\"/></syncStatus>",
                  10000 + i, i % 2 ? "CREATED" : "UPDATED");
    }
    s_add(&s, "</syncStatusList></result></ns1:successSyncMultipleLeads>" S_ENV_CLOSE);
    mktows_mock_push(m, 200, s.p);
    free(s.p);
}

#define S_N 1000

static struct mkt__LeadRecord *s_leads(char emails[][48], size_t n)
{
    struct mkt__LeadRecord *leads = calloc(n, sizeof *leads);
    for (size_t i = 0; leads && i < n; i++) {
        snprintf(emails[i], 48, "lead%zu@example.com", i);
        leads[i].Email = emails[i];
    }
    return leads;
}

static void test_batch__thousand_leads_make_four_calls_and_thousand_statuses(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    static char emails[S_N][48];
    struct mkt__LeadRecord *leads = s_leads(emails, S_N);
    CU_ASSERT_PTR_NOT_NULL_FATAL(leads);
    s_push_lead_statuses(m, 0, 300);
    s_push_lead_statuses(m, 300, 300);
    s_push_lead_statuses(m, 600, 300);
    s_push_lead_statuses(m, 900, 100);
    enum xsd__boolean dedup = xsd__boolean__true_;
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(c, &(struct mkt__ParamsSyncMultipleLeads){ .dedupEnabled = &dedup },
                                                             leads, S_N, 0, &res), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_EQUAL(res->calls, 4);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 4);
    CU_ASSERT_EQUAL(res->count, S_N);
    CU_ASSERT_EQUAL(res->next_index, S_N);
    size_t failed = 0;
    for (size_t i = 0; i < S_N; i++) {
        const mktows_record_status *s = &res->statuses[i];
        CU_ASSERT_EQUAL(s->code, MKTOWS_OK);
        CU_ASSERT_EQUAL(s->sent, 1);
        CU_ASSERT_EQUAL(s->id, (long long)(10000 + i));
        CU_ASSERT_PTR_NOT_NULL_FATAL(s->status_name);
        if (i % 7 == 0) {
            failed++;
            CU_ASSERT_STRING_EQUAL(s->status_name, "FAILED");
            CU_ASSERT_EQUAL(s->status, mkt__LeadSyncStatus__FAILED);
            CU_ASSERT_PTR_NOT_NULL_FATAL(s->error);
            char want[48];
            snprintf(want, sizeof want, "bad %zu", i);
            CU_ASSERT_STRING_EQUAL(s->error, want);
        } else {
            CU_ASSERT_STRING_EQUAL(s->status_name, i % 2 ? "CREATED" : "UPDATED");
            CU_ASSERT_PTR_NULL(s->error);
        }
    }
    CU_ASSERT_EQUAL(res->failed, failed);
    /* 300, 300, 300, 100 records, in order, each call with dedupEnabled. */
    const int sizes[4] = { 300, 300, 300, 100 };
    for (size_t k = 0; k < 4; k++) {
        const char *body = mktows_mock_request_body(m, k);
        CU_ASSERT_EQUAL(mktows_xml_count(body, NULL, "leadRecord"), sizes[k]);
        CU_ASSERT_EQUAL(mktows_xml_count(body, NULL, "dedupEnabled"), 1);
        char *first = mktows_xml_text(body, "Email");
        char want[48];
        snprintf(want, sizeof want, "lead%zu@example.com", k * 300);
        CU_ASSERT_PTR_NOT_NULL(first);
        if (first)
            CU_ASSERT_STRING_EQUAL(first, want);
        free(first);
    }
    mktows_batch_result_free(res);
    free(leads);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_batch__failed_call_stops_and_says_where_to_resume(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    static char emails[S_N][48];
    struct mkt__LeadRecord *leads = s_leads(emails, S_N);
    CU_ASSERT_PTR_NOT_NULL_FATAL(leads);
    s_push_lead_statuses(m, 0, 250);
    CU_ASSERT_EQUAL(mktows_mock_push_file(m, 500, "faults/auth_20014.xml"), 0);
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(c, &(struct mkt__ParamsSyncMultipleLeads){ 0 },
                                                             leads, S_N, 250, &res), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    CU_ASSERT_EQUAL(res->calls, 2);
    CU_ASSERT_EQUAL(res->next_index, 500);
    CU_ASSERT_EQUAL(res->statuses[249].code, MKTOWS_OK);
    CU_ASSERT_EQUAL(res->statuses[250].code, MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(res->statuses[250].sent, 1);
    CU_ASSERT_PTR_NULL(res->statuses[250].status_name);
    CU_ASSERT_EQUAL(res->statuses[500].sent, 0);
    CU_ASSERT_EQUAL(res->statuses[999].code, MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(res->failed, (size_t)(36 + 750)); /* 0, 7, ..., 245 failed, and 750 not done */
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 0), NULL, "dedupEnabled"), 0);
    mktows_batch_result_free(res);
    free(leads);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_batch__short_answer_is_a_parse_error_for_the_missing_records(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    static char emails[10][48];
    struct mkt__LeadRecord *leads = s_leads(emails, 10);
    s_push_lead_statuses(m, 0, 8);
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(c, &(struct mkt__ParamsSyncMultipleLeads){ 0 },
                                                             leads, 10, 0, &res), MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(res->statuses[7].code, MKTOWS_OK);
    CU_ASSERT_EQUAL(res->statuses[8].code, MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(res->statuses[9].code, MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(res->next_index, 10);
    mktows_batch_result_free(res);
    free(leads);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_batch__custom_objects_and_mobjects_split_at_300(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    enum { N = 301 };
    static struct mkt__CustomObj objs[N];
    static struct mkt__MObject mobjs[N];
    for (size_t k = 0; k < 2; k++) {
        size_t n = k == 0 ? 300 : 1;
        s_str s = { 0 };
        s_add(&s, S_ENV_OPEN "<ns1:successSyncCustomObjects><result><syncCustomObjStatusList>");
        for (size_t i = 0; i < n; i++)
            s_add(&s, "<syncCustomObjStatus><objTypeName>RoadShow</objTypeName><status>%s</status>"
                      "</syncCustomObjStatus>", k ? "UPDATED" : "CREATED");
        s_add(&s, "</syncCustomObjStatusList></result></ns1:successSyncCustomObjects>" S_ENV_CLOSE);
        mktows_mock_push(m, 200, s.p);
        free(s.p);
    }
    for (size_t k = 0; k < 2; k++) {
        size_t n = k == 0 ? 300 : 1;
        s_str s = { 0 };
        s_add(&s, S_ENV_OPEN "<ns1:successSyncMObjects><result><mObjStatusList>");
        for (size_t i = 0; i < n; i++)
            s_add(&s, "<mObjStatus><id>%zu</id><status>%s</status></mObjStatus>", 5000 + k * 300 + i,
                  k ? "UNCHANGED" : "CREATED");
        s_add(&s, "</mObjStatusList></result></ns1:successSyncMObjects>" S_ENV_CLOSE);
        mktows_mock_push(m, 200, s.p);
        free(s.p);
    }
    for (size_t i = 0; i < N; i++)
        mobjs[i].type = "Opportunity";
    enum mkt__SyncOperationEnum op = mkt__SyncOperationEnum__UPSERT;
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_custom_objects_batched(c, &(struct mkt__ParamsSyncCustomObjects){ .objTypeName = "RoadShow", .operation = &op },
                                                             objs, N, 0, &res), MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 2);
    CU_ASSERT_STRING_EQUAL(res->statuses[0].status_name, "CREATED");
    CU_ASSERT_STRING_EQUAL(res->statuses[300].status_name, "UPDATED");
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 0), NULL, "customObj"), 300);
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 1), NULL, "customObj"), 1);
    mktows_batch_result_free(res);
    CU_ASSERT_EQUAL_FATAL(mktows_sync_mobjects_batched(c, &(struct mkt__ParamsSyncMObjects){ .operation = mkt__SyncOperationEnum__UPSERT },
                                                       mobjs, N, 0, &res),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 2);
    CU_ASSERT_EQUAL(res->statuses[300].id, 5300);
    CU_ASSERT_STRING_EQUAL(res->statuses[300].status_name, "UNCHANGED");
    CU_ASSERT_EQUAL(res->failed, 0);
    CU_ASSERT_EQUAL(mktows_xml_count(mktows_mock_request_body(m, 2), NULL, "mObject"), 300);
    mktows_batch_result_free(res);
    /* Nothing to send: no call, an empty result. */
    CU_ASSERT_EQUAL_FATAL(mktows_sync_mobjects_batched(c, &(struct mkt__ParamsSyncMObjects){ .operation = mkt__SyncOperationEnum__UPSERT },
                                                       NULL, 0, 0, &res),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(res->calls, 0);
    CU_ASSERT_EQUAL(res->count, 0);
    mktows_batch_result_free(res);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 4);
    mktows_client_free(c);
    mktows_mock_free(m);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "thousand_leads_make_four_calls_and_thousand_statuses", test_batch__thousand_leads_make_four_calls_and_thousand_statuses },
        { "failed_call_stops_and_says_where_to_resume", test_batch__failed_call_stops_and_says_where_to_resume },
        { "short_answer_is_a_parse_error_for_the_missing_records", test_batch__short_answer_is_a_parse_error_for_the_missing_records },
        { "custom_objects_and_mobjects_split_at_300", test_batch__custom_objects_and_mobjects_split_at_300 },
        { NULL, NULL }
    };
    return mktows_test_run("batch", NULL, NULL, cases);
}
