/* Error mapping: Marketo faults to their codes, faults without detail, HTTP errors, unreadable
 * bodies, refused connections, timeouts, and the begin/finish contract of MKTOWS_CALL. */
#include "runner.h"
#include "private/call.h"

#include <mktows/mktows.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mock_transport.h"
#include "soapH.h"

static const mktows_lead_attribute s_attrs[] = { { "FirstName", "George", NULL } };

static mktows_sync_lead_request s_request(void)
{
    mktows_sync_lead_request r = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    r.email = "t@t.com";
    r.attrs = s_attrs;
    r.attr_count = 1;
    return r;
}

/* One syncLead against the mock answering @p status with the body of @p fixture (or @p body). */
static mktows_code s_sync_with(mktows_client *c, mktows_mock *m, int status, const char *fixture, const char *body)
{
    if (fixture) {
        CU_ASSERT_EQUAL(mktows_mock_push_file(m, status, fixture), 0);
    } else if (body) {
        mktows_mock_push(m, status, body);
    }
    mktows_sync_lead_request r = s_request();
    mktows_sync_lead_result *res = (mktows_sync_lead_result *)&r; /* must be reset to NULL on error */
    mktows_code rc = mktows_sync_lead(c, &r, &res);
    if (getenv("MKTOWS_TEST_VERBOSE"))
        fprintf(stderr, "[rc %d: %s] ", rc, mktows_client_errmsg(c));
    if (rc != MKTOWS_OK) {
        CU_ASSERT_PTR_NULL(res);
    }
    mktows_sync_lead_result_free(rc == MKTOWS_OK ? res : NULL);
    return rc;
}

static void test_fault__auth_failure_maps_to_20014(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 500, "faults/auth_20014.xml", NULL), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20014);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 500);
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_code(c), "SOAP-ENV:Client");
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_string(c), "20014 - Authentication failed");
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "Authentication failed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "20014"));
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__bad_attribute_maps_to_20105_with_its_message(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 500, "faults/attribute_20105.xml", NULL), MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20105);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "Attribute 'Fooo' not found"));
    /* The service's own message, readable without parsing the error text. */
    CU_ASSERT_STRING_EQUAL(mktows_client_marketo_message(c), "Attribute 'Fooo' not found");
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__unknown_marketo_code_maps_to_service_error(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 500, "faults/unknown_20999.xml", NULL), MKTOWS_ERR_SERVICE);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20999);
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_code(c), "SOAP-ENV:Server");
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__detail_is_matched_by_local_name_and_entities_decoded(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 500, "faults/other_prefix_20016.xml", NULL), MKTOWS_MKTO_REQUEST_EXPIRED);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20016);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "Request Expired <timestamp too old>"));
    CU_ASSERT_STRING_EQUAL(mktows_client_marketo_message(c), "Request Expired <timestamp too old>");
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__fault_without_detail_is_fault(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_PTR_NULL(mktows_client_marketo_message(c));
    CU_ASSERT_EQUAL(s_sync_with(c, m, 500, "faults/no_detail.xml", NULL), MKTOWS_ERR_FAULT);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 0);
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_code(c), "SOAP-ENV:Server");
    CU_ASSERT_STRING_EQUAL(mktows_client_fault_string(c), "Internal proxy failure");
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__fault_keeps_the_connection_and_next_call_clears_detail(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 500, "faults/auth_20014.xml", NULL), MKTOWS_MKTO_AUTH_FAILED);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 200, "synclead/response.xml", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 0);
    CU_ASSERT_PTR_NULL(mktows_client_fault_code(c));
    CU_ASSERT_PTR_NULL(mktows_client_fault_string(c));
    CU_ASSERT_STRING_EQUAL(mktows_client_errmsg(c), "");
    CU_ASSERT_EQUAL(mktows_mock_connects(m), 1);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__http_500_without_soap_body_is_http_error(void)
{
    static const char http[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n"
                               "Content-Length: 21\r\n\r\n<h1>Server Error</h1>";
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push_raw(m, http, sizeof http - 1);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 0, NULL, NULL), MKTOWS_ERR_HTTP);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 500);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 0);
    CU_ASSERT_PTR_NULL(mktows_client_fault_code(c));
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__http_503_with_empty_body_is_http_error(void)
{
    static const char http[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push_raw(m, http, sizeof http - 1);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 0, NULL, NULL), MKTOWS_ERR_HTTP);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 503);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__garbage_body_is_parse_error(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 200, NULL, "this is not XML \x01\x02 at all"), MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 200);
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* Required means required: a success without an element the schema requires, or with a value its
 * type does not allow, is a parse error naming what is wrong, never defaults (status 0, lead 0);
 * an element the schema does not have is still skipped. */
static void test_fault__a_success_lacking_a_required_element_is_a_parse_error(void)
{
#define S_SYNC_BODY(inner)                                                                         \
    "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"                     \
    "<m:successSyncLead xmlns:m='http://www.marketo.com/mktows/'><result>" inner                   \
    "</result></m:successSyncLead></s:Body></s:Envelope>"
    static const struct {
        const char *body;
        mktows_code want;
        const char *says;
    } cases[] = {
        { S_SYNC_BODY("<leadId>7</leadId><syncStatus><leadId>7</leadId><status>CREATED</status><error xsi:nil='true' "
                      "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'/></syncStatus>"),
          MKTOWS_OK, NULL },
        { S_SYNC_BODY("<leadId>7</leadId><syncStatus><leadId>7</leadId><status>CREATED</status></syncStatus>"
                      "<newerElement><x>1</x></newerElement>"),
          MKTOWS_OK, NULL },
        { S_SYNC_BODY("<leadId>7</leadId><syncStatus><leadId>7</leadId></syncStatus>"), MKTOWS_ERR_PARSE, "status" },
        { S_SYNC_BODY("<syncStatus><leadId>7</leadId><status>CREATED</status></syncStatus>"), MKTOWS_ERR_PARSE,
          "leadId" },
        { S_SYNC_BODY("<leadId>7</leadId><syncStatus><leadId>7</leadId><status>BOGUS</status></syncStatus>"),
          MKTOWS_ERR_PARSE, "status" },
        { S_SYNC_BODY("<leadId>seven</leadId><syncStatus><leadId>7</leadId><status>CREATED</status></syncStatus>"),
          MKTOWS_ERR_PARSE, "leadId" },
    };
#undef S_SYNC_BODY
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
        mktows_mock *m = mktows_mock_install(c);
        mktows_code rc = s_sync_with(c, m, 200, NULL, cases[i].body);
        CU_ASSERT_EQUAL(rc, cases[i].want);
        if (cases[i].says)
            CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), cases[i].says));
        if (rc != cases[i].want || (cases[i].says && !strstr(mktows_client_errmsg(c), cases[i].says)))
            fprintf(stderr, "\ncase %zu: %s: %s\n", i, mktows_strerror(rc), mktows_client_errmsg(c));
        mktows_client_free(c);
        mktows_mock_free(m);
    }
}

static void test_fault__wrong_body_element_is_parse_error(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 200, NULL,
                                "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
                                "<successGetTags/></s:Body></s:Envelope>"),
                    MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 200, NULL,
                                "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
                                "<m:successSyncLead xmlns:m='http://www.marketo.com/mktows/'><result><leadId>1"),
                    MKTOWS_ERR_PARSE);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__server_closing_without_answer_is_transport_error(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c); /* nothing queued: EOF on the first read */
    CU_ASSERT_EQUAL(s_sync_with(c, m, 0, NULL, NULL), MKTOWS_ERR_TRANSPORT);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 0);
    mktows_client_free(c);
    mktows_mock_free(m);
}

static void test_fault__connection_dropped_mid_body_is_transport_error(void)
{
    static const char http[] = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n"
                               "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>";
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push_raw(m, http, sizeof http - 1);
    CU_ASSERT_EQUAL(s_sync_with(c, m, 0, NULL, NULL), MKTOWS_ERR_TRANSPORT);
    mktows_client_free(c);
    mktows_mock_free(m);
}

/* A loopback TCP socket bound to a kernel-chosen port; listening or not. */
static int s_loopback(int do_listen, char *endpoint, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0 ||
        (do_listen && listen(fd, 4) != 0)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    snprintf(endpoint, len, "http://127.0.0.1:%d/soap/mktows/2_7", ntohs(a.sin_port));
    return fd;
}

static mktows_client *s_real_client(const char *endpoint, int recv_timeout_ms)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.user_id = MKTOWS_MOCK_USER_ID;
    o.encryption_key = MKTOWS_MOCK_KEY;
    o.connect_timeout_ms = 2000;
    o.send_timeout_ms = 2000;
    o.recv_timeout_ms = recv_timeout_ms;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL(mktows_client_new(&o, &c), MKTOWS_OK);
    return c;
}

static void test_fault__connection_refused_is_connect_error(void)
{
    char endpoint[128];
    int fd = s_loopback(0, endpoint, sizeof endpoint); /* bound, not listening: connect is refused */
    CU_ASSERT_FATAL(fd >= 0);
    mktows_client *c = s_real_client(endpoint, 1000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(s_sync_with(c, NULL, 0, NULL, NULL), MKTOWS_ERR_CONNECT);
    CU_ASSERT_EQUAL(mktows_client_http_status(c), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "127.0.0.1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "refused"));
    mktows_client_free(c);
    close(fd);
}

static void test_fault__server_that_never_answers_is_timeout(void)
{
    char endpoint[128];
    int fd = s_loopback(1, endpoint, sizeof endpoint); /* listening, never accepts or answers */
    CU_ASSERT_FATAL(fd >= 0);
    mktows_client *c = s_real_client(endpoint, 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(s_sync_with(c, NULL, 0, NULL, NULL), MKTOWS_ERR_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CU_ASSERT_TRUE(s >= 0.15 && s < 5.0);
    mktows_client_free(c);
    close(fd);
}

static void test_fault__unknown_operation_is_invalid_argument(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    struct soap *soap = (struct soap *)c;
    CU_ASSERT_EQUAL(mktows_client_begin(c, "getLeads", &soap), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_PTR_NULL(soap);
    CU_ASSERT_PTR_NOT_NULL(strstr(mktows_client_errmsg(c), "getLeads"));
    CU_ASSERT_EQUAL(mktows_client_begin(c, NULL, &soap), MKTOWS_ERR_INVALID_ARGUMENT);
    /* finish after a failed begin returns the begin error */
    CU_ASSERT_EQUAL(mktows_client_finish(c, SOAP_OK), MKTOWS_ERR_INVALID_ARGUMENT);
    mktows_client_free(c);
}

static void test_fault__mktows_call_returns_begin_error_without_sending(void)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    mktows_mock *m = mktows_mock_install(c);
    struct mkt__ParamsGetTags req;
    struct mkt__SuccessGetTags resp;
    memset(&req, 0, sizeof req);
    /* A valid operation name whose begin succeeds... */
    mktows_mock_push(m, 200,
                     "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body>"
                     "<m:successGetTags xmlns:m='http://www.marketo.com/mktows/'><result><tagList/></result>"
                     "</m:successGetTags></s:Body></s:Envelope>");
    CU_ASSERT_EQUAL(MKTOWS_CALL(c, getTags, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 1);
    /* ...and the helpers with an unknown name: begin fails, nothing is sent, finish returns its error. */
    CU_ASSERT_EQUAL(mktows_call_finish_(c, mktows_call_begin_(c, "getTag") ? 0 : -1), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(mktows_mock_request_count(m), 1);
    mktows_client_free(c);
    mktows_mock_free(m);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "auth_failure_maps_to_20014", test_fault__auth_failure_maps_to_20014 },
        { "bad_attribute_maps_to_20105_with_its_message", test_fault__bad_attribute_maps_to_20105_with_its_message },
        { "unknown_marketo_code_maps_to_service_error", test_fault__unknown_marketo_code_maps_to_service_error },
        { "detail_is_matched_by_local_name_and_entities_decoded", test_fault__detail_is_matched_by_local_name_and_entities_decoded },
        { "fault_without_detail_is_fault", test_fault__fault_without_detail_is_fault },
        { "fault_keeps_the_connection_and_next_call_clears_detail", test_fault__fault_keeps_the_connection_and_next_call_clears_detail },
        { "http_500_without_soap_body_is_http_error", test_fault__http_500_without_soap_body_is_http_error },
        { "http_503_with_empty_body_is_http_error", test_fault__http_503_with_empty_body_is_http_error },
        { "garbage_body_is_parse_error", test_fault__garbage_body_is_parse_error },
        { "a_success_lacking_a_required_element_is_a_parse_error",
          test_fault__a_success_lacking_a_required_element_is_a_parse_error },
        { "wrong_body_element_is_parse_error", test_fault__wrong_body_element_is_parse_error },
        { "server_closing_without_answer_is_transport_error", test_fault__server_closing_without_answer_is_transport_error },
        { "connection_dropped_mid_body_is_transport_error", test_fault__connection_dropped_mid_body_is_transport_error },
        { "connection_refused_is_connect_error", test_fault__connection_refused_is_connect_error },
        { "server_that_never_answers_is_timeout", test_fault__server_that_never_answers_is_timeout },
        { "unknown_operation_is_invalid_argument", test_fault__unknown_operation_is_invalid_argument },
        { "mktows_call_returns_begin_error_without_sending", test_fault__mktows_call_returns_begin_error_without_sending },
        { NULL, NULL }
    };
    return mktows_test_run("fault", NULL, NULL, cases);
}
