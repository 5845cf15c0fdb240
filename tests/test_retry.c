/* The retry policy and the client-side rate limit, on the mock transport with a fake clock (no test
 * sleeps): the backoff schedule and its jitter bounds, the budget (attempts and time), which errors
 * and which operations are retried, the rate limit's sliding window, and the wait reports. */
#include "runner.h"

#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>
#include <mktows/batch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_transport.h"
#include "private/client.h"
#include "private/retry.h"

/* ---- a fake clock: time moves only when the client sleeps ---- */

typedef struct s_clock {
    long long now;
    long long sleeps[64];
    int nsleeps;
    unsigned long long rnd;      /* what random() returns */
} s_clock;

static long long s_now(void *ctx) { return ((s_clock *)ctx)->now; }
static void s_sleep(void *ctx, long long ms)
{
    s_clock *c = ctx;
    if (c->nsleeps < 64)
        c->sleeps[c->nsleeps++] = ms;
    c->now += ms;
}
static unsigned long long s_rand(void *ctx) { return ((s_clock *)ctx)->rnd; }

typedef struct s_events {
    mktows_wait_event ev[64];
    int n;
} s_events;

static void s_on_wait(void *userdata, const mktows_wait_event *e)
{
    s_events *es = userdata;
    if (es->n < 64)
        es->ev[es->n++] = *e;
}

typedef struct s_fixture {
    mktows_client *client;
    mktows_mock *mock;
    s_clock clock;
    s_events events;
} s_fixture;

static void s_setup(s_fixture *f, int retry_on)
{
    memset(f, 0, sizeof *f);
    f->client = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->client);
    f->mock = mktows_mock_install(f->client);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->mock);
    f->clock.now = 1000000;
    mktows_clock_vtable vt = { .now_ms = s_now, .sleep_ms = s_sleep, .random = s_rand, .ctx = &f->clock };
    mktows_client_set_clock_(f->client, &vt);
    mktows_client_set_wait_callback(f->client, s_on_wait, &f->events);
    if (retry_on) {
        mktows_retry_policy p = MKTOWS_RETRY_POLICY_INIT;
        CU_ASSERT_EQUAL_FATAL(mktows_client_set_retry(f->client, &p), MKTOWS_OK);
    }
}

static void s_teardown(s_fixture *f)
{
    mktows_client_free(f->client);
    mktows_mock_free(f->mock);
}

static mktows_code s_get_lead(s_fixture *f)
{
    struct mkt__LeadKey key;
    struct mkt__ParamsGetLead req = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__EMAIL, "t@t.com") };
    struct mkt__SuccessGetLead *resp;
    return mktows_get_lead(f->client, &req, &resp);
}

static void s_push_fault(s_fixture *f, int code)
{
    char path[64];
    snprintf(path, sizeof path, "retry/fault_%d.xml", code);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(f->mock, 500, path), 0);
}

static void s_push_ok(s_fixture *f)
{
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(f->mock, 200, "ops/getLead/response.xml"), 0);
}

/* No answer: the connection closes after the request was sent (MKTOWS_ERR_TRANSPORT). */
static void s_push_cut(s_fixture *f)
{
    mktows_mock_push_raw(f->mock, "", 0);
}

/* ------------------------------------------------------------------------------------------ */

static void test_retry__backoff_doubles_up_to_the_cap(void)
{
    mktows_retry_policy p = MKTOWS_RETRY_POLICY_INIT;
    p.base_delay_ms = 250;
    p.max_delay_ms = 3000;
    static const long long want[] = { 250, 500, 1000, 2000, 3000, 3000, 3000 };
    for (int i = 0; i < 7; i++)
        CU_ASSERT_EQUAL(mktows_retry_backoff_ms_(&p, i + 1), want[i]);
    p.max_delay_ms = 1LL << 40; /* no overflow however many attempts */
    CU_ASSERT(mktows_retry_backoff_ms_(&p, 200) == 1LL << 40);
}

static void test_retry__is_off_by_default(void)
{
    s_fixture f;
    s_setup(&f, 0);
    s_push_fault(&f, 20023);
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_MKTO_RATE_LIMIT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 1);
    CU_ASSERT_EQUAL(f.clock.nsleeps, 0);
    s_teardown(&f);
}

static void test_retry__rate_and_concurrency_faults_are_retried_with_jittered_backoff(void)
{
    s_fixture f;
    s_setup(&f, 1);
    s_push_fault(&f, 20023);
    s_push_fault(&f, 20024);
    s_push_fault(&f, 20023);
    s_push_ok(&f);
    f.clock.rnd = 0; /* the low end of the jitter: d/2 */
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 4);
    CU_ASSERT_EQUAL_FATAL(f.clock.nsleeps, 3);
    CU_ASSERT_EQUAL(f.clock.sleeps[0], 500);
    CU_ASSERT_EQUAL(f.clock.sleeps[1], 1000);
    CU_ASSERT_EQUAL(f.clock.sleeps[2], 2000);
    CU_ASSERT_EQUAL_FATAL(f.events.n, 3);
    CU_ASSERT_EQUAL(f.events.ev[0].reason, MKTOWS_WAIT_RETRY);
    CU_ASSERT_EQUAL(f.events.ev[0].attempt, 1);
    CU_ASSERT_EQUAL(f.events.ev[0].marketo_code, 20023);
    CU_ASSERT_EQUAL(f.events.ev[1].marketo_code, 20024);
    CU_ASSERT_EQUAL(f.events.ev[1].code, MKTOWS_MKTO_CONCURRENCY_LIMIT);
    CU_ASSERT_STRING_EQUAL(f.events.ev[2].operation, "getLead");
    CU_ASSERT_EQUAL(f.events.ev[2].wait_ms, 2000);
    /* every attempt carried its own header (signed at its start) */
    for (size_t i = 0; i < 4; i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(mktows_mock_request_body(f.mock, i), "requestSignature"));
    unsigned long long retries, waited;
    mktows_client_wait_stats(f.client, &retries, &waited);
    CU_ASSERT_EQUAL(retries, 3);
    CU_ASSERT_EQUAL(waited, 3500);
    s_teardown(&f);
}

static void test_retry__jitter_stays_within_half_to_full_delay(void)
{
    static const unsigned long long rnds[] = { 0, 1, 499, 500, 501, 12345678901ULL, ~0ULL };
    for (size_t r = 0; r < sizeof rnds / sizeof *rnds; r++) {
        s_fixture f;
        s_setup(&f, 1);
        f.clock.rnd = rnds[r];
        s_push_fault(&f, 20024);
        s_push_fault(&f, 20024);
        s_push_ok(&f);
        CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
        CU_ASSERT_EQUAL_FATAL(f.clock.nsleeps, 2);
        CU_ASSERT(f.clock.sleeps[0] >= 500 && f.clock.sleeps[0] <= 1000);
        CU_ASSERT(f.clock.sleeps[1] >= 1000 && f.clock.sleeps[1] <= 2000);
        s_teardown(&f);
    }
    /* the top of the range is reachable */
    s_fixture f;
    s_setup(&f, 1);
    f.clock.rnd = 500; /* 500 % 501 = 500 -> 500 + 500 */
    s_push_fault(&f, 20023);
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(f.clock.sleeps[0], 1000);
    s_teardown(&f);
}

static void test_retry__gives_up_after_max_attempts(void)
{
    s_fixture f;
    s_setup(&f, 1);
    mktows_retry_policy p = MKTOWS_RETRY_POLICY_INIT;
    p.max_attempts = 3;
    CU_ASSERT_EQUAL(mktows_client_set_retry(f.client, &p), MKTOWS_OK);
    for (int i = 0; i < 5; i++)
        s_push_fault(&f, 20024);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_MKTO_CONCURRENCY_LIMIT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 3);
    CU_ASSERT_EQUAL(f.clock.nsleeps, 2);
    CU_ASSERT_EQUAL_FATAL(f.events.n, 3);
    CU_ASSERT_EQUAL(f.events.ev[2].reason, MKTOWS_WAIT_GIVE_UP);
    CU_ASSERT_EQUAL(f.events.ev[2].attempt, 3);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(f.client), 20024); /* the detail of the last attempt */
    s_teardown(&f);
}

static void test_retry__gives_up_when_the_time_budget_is_spent(void)
{
    s_fixture f;
    s_setup(&f, 1);
    mktows_retry_policy p = MKTOWS_RETRY_POLICY_INIT;
    p.max_total_ms = 2500;
    p.max_attempts = 100;
    CU_ASSERT_EQUAL(mktows_client_set_retry(f.client, &p), MKTOWS_OK);
    f.clock.rnd = 1000; /* waits: 500 + 1000 % 501 = 999, then 1000 + 1000 % 1001 = 2000 */
    for (int i = 0; i < 5; i++)
        s_push_fault(&f, 20023);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_MKTO_RATE_LIMIT);
    /* the second wait would end 2999 ms after the first attempt started: stop after 2 attempts */
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 2);
    CU_ASSERT_EQUAL_FATAL(f.clock.nsleeps, 1);
    CU_ASSERT_EQUAL(f.clock.sleeps[0], 999);
    s_teardown(&f);
}

static void test_retry__other_service_errors_are_not_retried(void)
{
    s_fixture f;
    s_setup(&f, 1);
    s_push_fault(&f, 20015); /* the daily quota: waiting minutes would not help */
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_MKTO_REQUEST_LIMIT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 1);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(f.mock, 500, "faults/auth_20014.xml"), 0);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 2);
    CU_ASSERT_EQUAL(f.clock.nsleeps, 0);
    s_teardown(&f);
}

static void test_retry__request_expired_is_retried_with_a_new_signature(void)
{
    s_fixture f;
    s_setup(&f, 1);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(f.mock, 500, "faults/other_prefix_20016.xml"), 0);
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 2);
    s_teardown(&f);
}

static void test_retry__transport_errors_are_retried_for_reads(void)
{
    s_fixture f;
    s_setup(&f, 1);
    s_push_cut(&f);
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 2);
    CU_ASSERT_EQUAL(f.events.ev[0].code, MKTOWS_ERR_TRANSPORT);
    /* HTTP 503 from a proxy, too */
    mktows_mock_push(f.mock, 503, "<html>busy</html>");
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 4);
    /* but not HTTP 500 without a fault, nor 404 */
    mktows_mock_push(f.mock, 404, "<html>no</html>");
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_ERR_HTTP);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 5);
    s_teardown(&f);
}

static void test_retry__transport_errors_are_not_retried_for_unsafe_operations(void)
{
    s_fixture f;
    s_setup(&f, 1);
    /* requestCampaign may have run the campaign: not repeated */
    struct mkt__ParamsRequestCampaign rc_req = { .source = mkt__ReqCampSourceType__MKTOWS };
    struct mkt__SuccessRequestCampaign *rc_resp;
    s_push_cut(&f);
    CU_ASSERT_EQUAL(mktows_request_campaign(f.client, &rc_req, &rc_resp), MKTOWS_ERR_TRANSPORT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 1);
    /* ... but a rate-limit fault is refused before any work: repeated for any operation */
    s_push_fault(&f, 20023);
    s_push_cut(&f);
    CU_ASSERT_EQUAL(mktows_request_campaign(f.client, &rc_req, &rc_resp), MKTOWS_ERR_TRANSPORT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 3);

    /* syncMultipleLeads is an upsert: repeated; with dedupEnabled false it creates: not repeated */
    struct mkt__LeadRecord rec = { .Email = "a@b.c" };
    struct mkt__ArrayOfLeadRecord list = { .__sizeleadRecord = 1, .leadRecord = &rec };
    enum xsd__boolean no = xsd__boolean__false_;
    struct mkt__ParamsSyncMultipleLeads sml = { .leadRecordList = &list, .dedupEnabled = &no };
    struct mkt__SuccessSyncMultipleLeads *sml_resp;
    size_t before = mktows_mock_request_count(f.mock);
    s_push_cut(&f);
    CU_ASSERT_EQUAL(mktows_sync_multiple_leads(f.client, &sml, &sml_resp), MKTOWS_ERR_TRANSPORT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), before + 1);
    sml.dedupEnabled = NULL;
    s_push_cut(&f);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(f.mock, 200, "ops/syncMultipleLeads/response.xml"), 0);
    CU_ASSERT_EQUAL(mktows_sync_multiple_leads(f.client, &sml, &sml_resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), before + 3);
    s_teardown(&f);
}

static void test_retry__operations_safe_to_repeat(void)
{
    static const char *const safe[] = { "getLead", "getMultipleLeads", "getLeadActivity", "getLeadChanges",
                                        "getMObjects", "getCustomObjects", "getCampaignsForSource", "getTags",
                                        "getChannels", "getImportToListStatus", "listMObjects", "describeMObject",
                                        "syncLead", "syncMultipleLeads", "syncCustomObjects", "syncMObjects", NULL };
    static const char *const unsafe[] = { "listOperation", "requestCampaign", "scheduleCampaign", "mergeLeads",
                                          "importToList", "deleteMObjects", "deleteCustomObjects", "getNothing",
                                          "", NULL };
    for (int i = 0; safe[i]; i++)
        CU_ASSERT_EQUAL(mktows_operation_is_idempotent(safe[i]), 1);
    for (int i = 0; unsafe[i]; i++)
        CU_ASSERT_EQUAL(mktows_operation_is_idempotent(unsafe[i]), 0);
    CU_ASSERT_EQUAL(mktows_operation_is_idempotent(NULL), 0);
    /* every operation of the interface description is in one of the lists above; one the WSDL has
     * just gained (the evolution suite) cannot be, and must follow the documented rule: a read
     * (get*, list*, describe*, but listOperation) is safe to repeat, anything else is not */
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        const char *op = mktows_operation_at(i)->name;
        int in_list = 0;
        for (int k = 0; safe[k]; k++)
            in_list |= strcmp(op, safe[k]) == 0;
        for (int k = 0; unsafe[k]; k++)
            in_list |= strcmp(op, unsafe[k]) == 0;
        if (in_list)
            continue;
        if (!mktows_test_operation_is_new(op)) {
            fprintf(stderr, "\n%s is in neither list of test_retry__operations_safe_to_repeat\n", op);
            CU_FAIL("an operation of the interface is not classified by this test");
            continue;
        }
        int read = (strncmp(op, "get", 3) == 0 || strncmp(op, "list", 4) == 0 || strncmp(op, "describe", 8) == 0) &&
                   strcmp(op, "listOperation") != 0;
        CU_ASSERT_EQUAL(mktows_operation_is_idempotent(op), read);
    }
}

static void test_retry__rate_limit_holds_calls_to_a_sliding_window(void)
{
    s_fixture f;
    s_setup(&f, 0);
    CU_ASSERT_EQUAL(mktows_client_set_rate_limit(f.client, 3, 10), MKTOWS_OK);
    long long t0 = f.clock.now;
    for (int i = 0; i < 3; i++)
        s_push_ok(&f);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(f.clock.nsleeps, 0); /* a burst of 3 goes through */
    f.clock.now += 4000;                  /* 4 s later: the 4th waits for the 1st to leave the window */
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(f.clock.nsleeps, 1);
    CU_ASSERT_EQUAL(f.clock.sleeps[0], 6000);
    CU_ASSERT_EQUAL(f.clock.now, t0 + 10000);
    CU_ASSERT_EQUAL_FATAL(f.events.n, 1);
    CU_ASSERT_EQUAL(f.events.ev[0].reason, MKTOWS_WAIT_RATE_LIMIT);
    CU_ASSERT_EQUAL(f.events.ev[0].wait_ms, 6000);
    CU_ASSERT_EQUAL(f.events.ev[0].code, MKTOWS_OK);
    /* the 5th and 6th also wait for theirs (the 2nd and 3rd started at t0): no sleep beyond t0 + 10 s */
    s_push_ok(&f);
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(f.clock.nsleeps, 1);
    /* the 7th: the window holds t0+10 s three times, so it waits until t0 + 20 s */
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(f.clock.now, t0 + 20000);
    /* never more than 3 starts in 10 s: a long quiet spell does not bank tokens */
    f.clock.now += 60000;
    int slept = f.clock.nsleeps;
    for (int i = 0; i < 4; i++)
        s_push_ok(&f);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(f.clock.nsleeps, slept + 1);
    CU_ASSERT_EQUAL(f.clock.sleeps[slept], 10000);
    /* off again */
    CU_ASSERT_EQUAL(mktows_client_set_rate_limit(f.client, 0, 0), MKTOWS_OK);
    for (int i = 0; i < 5; i++)
        s_push_ok(&f);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    CU_ASSERT_EQUAL(f.clock.nsleeps, slept + 1);
    s_teardown(&f);
}

static void test_retry__retried_attempts_count_against_the_rate_limit(void)
{
    s_fixture f;
    s_setup(&f, 1);
    CU_ASSERT_EQUAL(mktows_client_set_rate_limit(f.client, 2, 60), MKTOWS_OK);
    f.clock.rnd = 0;
    s_push_fault(&f, 20023);
    s_push_fault(&f, 20023);
    s_push_ok(&f);
    CU_ASSERT_EQUAL(s_get_lead(&f), MKTOWS_OK);
    /* attempt 1 at t, retry wait 500, attempt 2, wait 1000, attempt 3 waits for the window */
    CU_ASSERT_EQUAL_FATAL(f.events.n, 3);
    CU_ASSERT_EQUAL(f.events.ev[2].reason, MKTOWS_WAIT_RATE_LIMIT);
    CU_ASSERT_EQUAL(f.events.ev[2].attempt, 3);
    CU_ASSERT_EQUAL(f.events.ev[2].wait_ms, 60000 - 1500);
    s_teardown(&f);
}

static void test_retry__setters_reject_bad_values(void)
{
    s_fixture f;
    s_setup(&f, 0);
    mktows_retry_policy p = MKTOWS_RETRY_POLICY_INIT;
    p.max_attempts = 0;
    CU_ASSERT_EQUAL(mktows_client_set_retry(f.client, &p), MKTOWS_ERR_INVALID_ARGUMENT);
    p = (mktows_retry_policy)MKTOWS_RETRY_POLICY_INIT;
    p.max_delay_ms = p.base_delay_ms - 1;
    CU_ASSERT_EQUAL(mktows_client_set_retry(f.client, &p), MKTOWS_ERR_INVALID_ARGUMENT);
    p = (mktows_retry_policy)MKTOWS_RETRY_POLICY_INIT;
    p.version = MKTOWS_RETRY_POLICY_VERSION + 1;
    CU_ASSERT_EQUAL(mktows_client_set_retry(f.client, &p), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_client_set_retry(f.client, NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_client_set_rate_limit(f.client, 5, 0), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_client_set_rate_limit(f.client, -1, 5), MKTOWS_ERR_INVALID_ARGUMENT);
    s_teardown(&f);
}

static void test_retry__batches_and_pagers_go_through_it(void)
{
    s_fixture f;
    s_setup(&f, 1);
    struct mkt__LeadRecord rec = { .Email = "a@b.c" };
    struct mkt__ParamsSyncMultipleLeads params = { 0 };
    s_push_fault(&f, 20024);
    CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(f.mock, 200, "ops/syncMultipleLeads/response.xml"), 0);
    mktows_batch_result *res = NULL;
    mktows_code rc = mktows_sync_multiple_leads_batched(f.client, &params, &rec, 1, 0, &res);
    CU_ASSERT_EQUAL(mktows_mock_request_count(f.mock), 2);
    CU_ASSERT_EQUAL(f.events.n, 1);
    CU_ASSERT_PTR_NOT_NULL(res);
    (void)rc; /* the canned answer may hold more statuses than one record: only the retry matters here */
    mktows_batch_result_free(res);
    s_teardown(&f);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "backoff_doubles_up_to_the_cap", test_retry__backoff_doubles_up_to_the_cap },
        { "is_off_by_default", test_retry__is_off_by_default },
        { "rate_and_concurrency_faults_are_retried_with_jittered_backoff",
          test_retry__rate_and_concurrency_faults_are_retried_with_jittered_backoff },
        { "jitter_stays_within_half_to_full_delay", test_retry__jitter_stays_within_half_to_full_delay },
        { "gives_up_after_max_attempts", test_retry__gives_up_after_max_attempts },
        { "gives_up_when_the_time_budget_is_spent", test_retry__gives_up_when_the_time_budget_is_spent },
        { "other_service_errors_are_not_retried", test_retry__other_service_errors_are_not_retried },
        { "request_expired_is_retried_with_a_new_signature", test_retry__request_expired_is_retried_with_a_new_signature },
        { "transport_errors_are_retried_for_reads", test_retry__transport_errors_are_retried_for_reads },
        { "transport_errors_are_not_retried_for_unsafe_operations",
          test_retry__transport_errors_are_not_retried_for_unsafe_operations },
        { "operations_safe_to_repeat", test_retry__operations_safe_to_repeat },
        { "rate_limit_holds_calls_to_a_sliding_window", test_retry__rate_limit_holds_calls_to_a_sliding_window },
        { "retried_attempts_count_against_the_rate_limit", test_retry__retried_attempts_count_against_the_rate_limit },
        { "setters_reject_bad_values", test_retry__setters_reject_bad_values },
        { "batches_and_pagers_go_through_it", test_retry__batches_and_pagers_go_through_it },
        { NULL, NULL }
    };
    return mktows_test_run("retry", NULL, NULL, cases);
}
