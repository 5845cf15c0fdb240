/* Authentication like the real service (unknown user, bad signature, missing header: 20014; a
 * timestamp outside the window: 20016), the shape of the faults, and the optional limits
 * (20015 daily quota, 20023 rate, 20024 concurrency). */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static int s_setup(void)
{
    if (mktows_test_server_start(&s_srv, NULL))
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

static mktows_code s_sync_email(mktows_client *c, const char *email)
{
    return mktows_test_sync(c, 0, email, NULL, NULL, NULL, NULL);
}

/* syncLead whose AuthenticationHeader is rewritten: timestamp @p age_s seconds in the past (signed
 * correctly), or no header at all when @p drop is set. */
static mktows_code s_sync_with_header(mktows_client *c, long age_s, int drop)
{
    struct soap *soap = NULL;
    if (mktows_client_begin(c, "syncLead", &soap) != MKTOWS_OK)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    if (drop) {
        soap->header = NULL;
    } else {
        char ts[MKTOWS_TIMESTAMP_SIZE], sig[MKTOWS_SIGNATURE_SIZE];
        mktows_timestamp_format(time(NULL) - age_s, -7 * 3600, ts);
        mktows_sign(ts, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, sig);
        soap->header->mkt__AuthenticationHeader->requestTimestamp = soap_strdup(soap, ts);
        soap->header->mkt__AuthenticationHeader->requestSignature = soap_strdup(soap, sig);
    }
    struct mkt__LeadRecord rec;
    memset(&rec, 0, sizeof rec);
    rec.Email = "header@example.com";
    struct mkt__ParamsSyncLead req;
    memset(&req, 0, sizeof req);
    req.leadRecord = &rec;
    struct mkt__SuccessSyncLead resp;
    int status = soap_call___mkt__syncLead(soap, mktows_client_endpoint(c), NULL, &req, &resp);
    return mktows_client_finish(c, status);
}

static void test_auth__bad_signature_is_authentication_failed(void)
{
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, "not-the-key");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(s_sync_email(c, "badsig@example.com"), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20014);
    mktows_client_free(c);
}

static void test_auth__unknown_user_is_authentication_failed(void)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = s_srv.url;
    o.user_id = "nobody_1_0000";
    o.encryption_key = MKTOWS_TEST_KEY;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync_email(c, "nobody@example.com"), MKTOWS_MKTO_AUTH_FAILED);
    /* the same answer as a wrong key for a real user: user ids cannot be enumerated */
    char unknown[256];
    snprintf(unknown, sizeof unknown, "%s", mktows_client_marketo_message(c) ? mktows_client_marketo_message(c) : "");
    mktows_client_free(c);
    c = mktows_test_client_new(&s_srv, NULL, "not-the-key");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(s_sync_email(c, "badsig2@example.com"), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_STRING_EQUAL(unknown, mktows_client_marketo_message(c) ? mktows_client_marketo_message(c) : "-");
    CU_ASSERT_PTR_NULL(strstr(unknown, "unknown"));
    mktows_client_free(c);
}

/* --reject-replays: the same signed request twice within the window, the second is refused
 * (20014); a fresh signature goes through. Without the option both copies are accepted. */
static char *s_signed_get_tags(const char *ts)
{
    char sig[MKTOWS_SIGNATURE_SIZE];
    mktows_sign(ts, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, sig);
    char *body = malloc(2048);
    snprintf(body, 2048,
             "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
             "xmlns:m=\"http://www.marketo.com/mktows/\"><s:Header><m:AuthenticationHeader><mktowsUserId>%s"
             "</mktowsUserId><requestSignature>%s</requestSignature><requestTimestamp>%s</requestTimestamp>"
             "</m:AuthenticationHeader></s:Header><s:Body><m:paramsGetTags/></s:Body></s:Envelope>",
             MKTOWS_TEST_USER, sig, ts);
    return body;
}

static void test_auth__replayed_signature_is_refused_with_reject_replays(void)
{
    for (int on = 0; on <= 1; on++) {
        mktows_test_server srv;
        mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
        o.extra[0] = on ? "--reject-replays" : NULL;
        CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
        char ts[MKTOWS_TIMESTAMP_SIZE], ts2[MKTOWS_TIMESTAMP_SIZE];
        mktows_timestamp_format(time(NULL), 0, ts);
        mktows_timestamp_format(time(NULL) - 1, 3600, ts2); /* another signature, same window */
        char *body = s_signed_get_tags(ts), *other = s_signed_get_tags(ts2);
        char *first = mktows_test_http_post(srv.url, body);
        char *again = mktows_test_http_post(srv.url, body);
        char *fresh = mktows_test_http_post(srv.url, other);
        CU_ASSERT_PTR_NOT_NULL_FATAL(first);
        CU_ASSERT_PTR_NOT_NULL_FATAL(again);
        CU_ASSERT_PTR_NOT_NULL_FATAL(fresh);
        CU_ASSERT_PTR_NOT_NULL(strstr(first, "successGetTags"));
        CU_ASSERT_PTR_NOT_NULL(strstr(fresh, "successGetTags"));
        if (on) {
            CU_ASSERT_PTR_NOT_NULL(strstr(again, "<code>20014</code>"));
            CU_ASSERT_PTR_NOT_NULL(strstr(again, "replayed"));
        } else {
            CU_ASSERT_PTR_NOT_NULL(strstr(again, "successGetTags"));
        }
        free(first);
        free(again);
        free(fresh);
        free(body);
        free(other);
        mktows_test_server_clean_up(&srv);
    }
}

static void test_auth__missing_header_is_authentication_failed(void)
{
    CU_ASSERT_EQUAL(s_sync_with_header(s_c, 0, 1), MKTOWS_MKTO_AUTH_FAILED);
}

static void test_auth__timestamp_older_than_window_is_request_expired(void)
{
    CU_ASSERT_EQUAL(s_sync_with_header(s_c, 3600, 0), MKTOWS_MKTO_REQUEST_EXPIRED);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(s_c), 20016);
}

static void test_auth__timestamp_in_the_future_beyond_window_is_request_expired(void)
{
    CU_ASSERT_EQUAL(s_sync_with_header(s_c, -3600, 0), MKTOWS_MKTO_REQUEST_EXPIRED);
}

static void test_auth__timestamp_inside_window_in_another_zone_is_accepted(void)
{
    CU_ASSERT_EQUAL(s_sync_with_header(s_c, 600, 0), MKTOWS_OK);
}

static void test_auth__window_is_configurable_with_max_skew(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.extra[0] = "--max-skew";
    o.extra[1] = "60";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(s_sync_with_header(c, 120, 0), MKTOWS_MKTO_REQUEST_EXPIRED);
    CU_ASSERT_EQUAL(s_sync_with_header(c, 30, 0), MKTOWS_OK);
    mktows_client_free(c);
    mktows_test_server_clean_up(&srv);
}

static char s_last_response[8192];

static void s_trace(void *userdata, mktows_trace_dir dir, const char *xml, size_t len)
{
    (void)userdata;
    if (dir == MKTOWS_TRACE_RESPONSE)
        snprintf(s_last_response, sizeof s_last_response, "%.*s", (int)len, xml);
}

static void test_fault__is_soap11_client_fault_with_service_exception_detail(void)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = s_srv.url;
    o.user_id = MKTOWS_TEST_USER;
    o.encryption_key = "not-the-key";
    o.trace = s_trace;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync_email(c, "fault@example.com"), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 500);
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_code(c), "SOAP-ENV:Client");
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_fault_string(c), "Authentication failed"));
    const char *xml = s_last_response;
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<detail><ns1:serviceException xmlns:ns1=\"http://www.marketo.com/mktows/\">"
                                       "<name>mktServiceException</name><message>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "</message><code>20014</code></ns1:serviceException></detail>"));
    /* the service sends no response headers */
    CU_ASSERT_PTR_NULL(strstr(xml, "SOAP-ENV:Header"));
    mktows_client_free(c);
}

static void test_limits__rate_limit_answers_rate_limit_exceeded(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.extra[0] = "--rate-limit";
    o.extra[1] = "5/20";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(s_sync_email(c, "rate@example.com"), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync_email(c, "rate@example.com"), MKTOWS_MKTO_RATE_LIMIT);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20023);
    mktows_client_free(c);
    mktows_test_server_clean_up(&srv);
}

static void test_limits__daily_quota_answers_request_limit_exceeded(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = "[limits]\ndaily_quota = 3\n";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(s_sync_email(c, "quota@example.com"), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync_email(c, "quota@example.com"), MKTOWS_MKTO_REQUEST_LIMIT);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20015);
    mktows_client_free(c);
    mktows_test_server_clean_up(&srv);
}

typedef struct s_conc_arg {
    mktows_test_server *srv;
    mktows_code rc;
} s_conc_arg;

static void *s_conc_main(void *p)
{
    s_conc_arg *a = p;
    mktows_client *c = mktows_test_client_new(a->srv, NULL, NULL);
    a->rc = c ? s_sync_email(c, "conc@example.com") : MKTOWS_ERR_INVALID_ARGUMENT;
    mktows_client_free(c);
    return NULL;
}

static void test_limits__concurrency_limit_answers_concurrency_limit_exceeded(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    /* every call takes 1.5 s, at most 2 at once: the 5 calls overlap even on a loaded machine */
    o.config = "[limits]\nconcurrency = 2\nlatency_ms = 1500\n";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    enum { N = 5 };
    pthread_t th[N];
    s_conc_arg args[N];
    for (int i = 0; i < N; i++) {
        args[i].srv = &srv;
        args[i].rc = MKTOWS_OK;
        pthread_create(&th[i], NULL, s_conc_main, &args[i]);
    }
    int ok = 0, limited = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        ok += args[i].rc == MKTOWS_OK;
        limited += args[i].rc == MKTOWS_MKTO_CONCURRENCY_LIMIT;
    }
    CU_ASSERT_TRUE(ok >= 1 && ok <= 2);
    CU_ASSERT_TRUE(limited >= 3);
    CU_ASSERT_EQUAL(ok + limited, N);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "auth__bad_signature_is_authentication_failed", test_auth__bad_signature_is_authentication_failed },
        { "auth__unknown_user_is_authentication_failed", test_auth__unknown_user_is_authentication_failed },
        { "auth__replayed_signature_is_refused_with_reject_replays",
          test_auth__replayed_signature_is_refused_with_reject_replays },
        { "auth__missing_header_is_authentication_failed", test_auth__missing_header_is_authentication_failed },
        { "auth__timestamp_older_than_window_is_request_expired", test_auth__timestamp_older_than_window_is_request_expired },
        { "auth__timestamp_in_the_future_beyond_window_is_request_expired", test_auth__timestamp_in_the_future_beyond_window_is_request_expired },
        { "auth__timestamp_inside_window_in_another_zone_is_accepted", test_auth__timestamp_inside_window_in_another_zone_is_accepted },
        { "auth__window_is_configurable_with_max_skew", test_auth__window_is_configurable_with_max_skew },
        { "fault__is_soap11_client_fault_with_service_exception_detail", test_fault__is_soap11_client_fault_with_service_exception_detail },
        { "limits__rate_limit_answers_rate_limit_exceeded", test_limits__rate_limit_answers_rate_limit_exceeded },
        { "limits__daily_quota_answers_request_limit_exceeded", test_limits__daily_quota_answers_request_limit_exceeded },
        { "limits__concurrency_limit_answers_concurrency_limit_exceeded", test_limits__concurrency_limit_answers_concurrency_limit_exceeded },
        { NULL, NULL }
    };
    return mktows_test_run("server_auth", s_setup, s_teardown, cases);
}
