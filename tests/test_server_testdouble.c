/* mktows-server as a test double, used as a user's own test suite would use it: fixtures from
 * JSON and CSV (and the messages for bad ones), a reset through the admin endpoint and through
 * SIGHUP, fault injection (a Marketo code on every call and on the Nth, a dropped connection, a
 * delay; from the command line and at run time), the request log and its counter, the connection
 * kept after a fault, and --ready-fd / --pid-file. docs/testing-with-the-server.md describes them. */
#include "files.h"
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_DEMO_CONF MKTOWS_SOURCE_DIR "/data/server/mktows-server.conf"
#define S_DEMO_FIXTURES MKTOWS_SOURCE_DIR "/data/server/mktows-server-fixtures.json"

static char s_dir[] = "/tmp/mktows-testdouble-XXXXXX";

static int s_setup(void)
{
    return mkdtemp(s_dir) ? 0 : 1;
}

static int s_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
    return getenv("MKTOWS_TEST_KEEP") ? 0 : mktows_test_run_command(cmd, NULL);
}

/* Write @p text to s_dir/@p name; the path goes to @p path. */
static const char *s_file(const char *name, const char *text, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", s_dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The number of leads getLead finds for @p type / @p value, or -1 on an error. */
static int s_leads(mktows_client *c, enum mkt__LeadKeyRef type, const char *value)
{
    struct mkt__ResultGetLead *r = NULL;
    mktows_code rc = mktows_test_get_lead(c, type, value, &r);
    if (rc == MKTOWS_MKTO_LEAD_NOT_FOUND)
        return 0;
    return rc == MKTOWS_OK && r ? r->count : -1;
}

/* The leads on static list @p name, or -1. */
static int s_list_size(mktows_client *c, const char *name)
{
    struct mkt__ResultGetMultipleLeads *r = NULL;
    if (mktows_test_get_multiple(c, mktows_test_list_selector(c, name, 0), NULL, 0, &r) != MKTOWS_OK || !r)
        return -1;
    return r->returnCount;
}

static void test_fixtures__json_and_csv_seed_leads_activities_lists_and_objects(void)
{
    char csv[300];
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_file("leads.csv",
                                        "Email Address,First Name,Region,Lists\n"
                                        "csv1@example.com,Carla,EMEA,Trade Show;Newsletter\n"
                                        "csv2@example.com,\"Smith, Jr.\",,\n",
                                        csv, sizeof csv));
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF; /* names the JSON fixtures itself */
    o.extra[0] = "--fixtures";
    o.extra[1] = csv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);

    /* leads from the JSON file, with their Id and attributes */
    struct mkt__ResultGetLead *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->count, 1);
    CU_ASSERT_STRING_EQUAL(r->leadRecordList->leadRecord[0].Email, "t@t.com");
    CU_ASSERT_STRING_EQUAL(mktows_test_record_attr(&r->leadRecordList->leadRecord[0], "FirstName"), "Tina");
    CU_ASSERT_EQUAL(s_leads(c, mkt__LeadKeyRef__IDNUM, "88"), 1);
    /* leads from the CSV file, by display name, a quoted field kept whole */
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(c, mkt__LeadKeyRef__EMAIL, "csv2@example.com", &r), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_test_record_attr(&r->leadRecordList->leadRecord[0], "FirstName"), "Smith, Jr.");
    /* list members: 87 and 88 from JSON and csv1 from CSV on Trade Show */
    CU_ASSERT_EQUAL(s_list_size(c, "Trade Show"), 3);
    CU_ASSERT_EQUAL(s_list_size(c, "Newsletter"), 2);
    /* the activities, as written (no made-up New Lead) */
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = "87" };
    struct mkt__ParamsGetLeadActivity areq = { .leadKey = &key };
    struct mkt__SuccessGetLeadActivity aresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getLeadActivity, &areq, &aresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(aresp.leadActivityList->returnCount, 2);
    /* the custom object and the Opportunity */
    struct mkt__ParamsGetCustomObjects coreq = { .objTypeName = "RoadShow" };
    struct mkt__SuccessGetCustomObjects coresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getCustomObjects, &coreq, &coresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(coresp.result->returnCount, 1);
    struct mkt__ParamsGetMObjects mreq = { .type = "Opportunity" };
    struct mkt__SuccessGetMObjects mresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getMObjects, &mreq, &mresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(mresp.result->returnCount, 1);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* Start the server with the demo config and @p fixtures; exit status, and its output in *out. */
static int s_run_with_fixtures(const char *fixtures, char **out)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "timeout 10 '%s/mktows-server' --listen 127.0.0.1:0 --config '%s' --fixtures '%s'"
             " </dev/null", MKTOWS_BIN_DIR, S_DEMO_CONF, fixtures);
    return mktows_test_run_command(cmd, out);
}

static void test_fixtures__a_bad_file_is_refused_naming_the_file_and_the_place(void)
{
    static const struct {
        const char *name, *text, *expected;
    } cases[] = {
        { "syntax.json", "{\"leads\": [\n  {\"Id\": 1,}\n]}", "syntax.json: not JSON: line 2" },
        { "field.json", "{\"leads\": [{\"Id\": 1}, {\"Id\": 2, \"attributes\": {\"Colour\": \"red\"}}]}",
          "field.json: $.leads[1]: \"attributes\": \"Colour\" is not a writable lead field" },
        { "list.json", "{\"listMembers\": [{\"list\": \"Nope\", \"leads\": [1]}]}",
          "list.json: $.listMembers[0]: \"list\": no [list Nope] in the config" },
        { "lead.json", "{\"activities\": [{\"lead\": 4242, \"type\": \"Visit Webpage\"}]}",
          "lead.json: $.activities[0]: no lead with Id 4242" },
        { "twice.json", "{\"leads\": [{\"Id\": 5}, {\"Id\": 5}]}", "twice.json: $.leads[1]: a record with the same Id" },
        { "kind.json", "{\"lead\": []}", "kind.json: $.lead: unknown member (expected leads, activities" },
        { "cobj.json", "{\"customObjects\": [{\"type\": \"RoadShow\", \"fields\": {\"rid\": \"r\"}}]}",
          "cobj.json: $.customObjects[0]: \"fields\": the key field \"MKTOID\" of RoadShow is missing" },
        { "bad.csv", "Email,Colour\na@b.c,red\n", "bad.csv:1: column 2 \"Colour\": expected a writable lead field" },
        { "row.csv", "Email,Id\na@b.c,1\nb@b.c,x\n", "row.csv:3: Id: expected a whole number" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[300], *out = NULL;
        CU_ASSERT_PTR_NOT_NULL_FATAL(s_file(cases[i].name, cases[i].text, path, sizeof path));
        CU_ASSERT_EQUAL(s_run_with_fixtures(path, &out), 2);
        if (!out || !strstr(out, cases[i].expected))
            fprintf(stderr, "case %s: %s\n", cases[i].name, out ? out : "(no output)");
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, cases[i].expected));
        free(out);
    }
}

/* Change the demo store: a new lead, lead 88 off the list, the custom object deleted. */
static void s_change_things(mktows_client *c)
{
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "new@example.com", NULL, NULL, NULL, "FirstName", "Nina", NULL), MKTOWS_OK);
    const int ids[] = { 88 };
    CU_ASSERT_EQUAL(mktows_test_list_op(c, mkt__ListOperationType__REMOVEFROMLIST, "Trade Show", ids, 1, 0, NULL, NULL),
                    MKTOWS_OK);
    CU_ASSERT_EQUAL(s_leads(c, mkt__LeadKeyRef__EMAIL, "new@example.com"), 1);
    CU_ASSERT_EQUAL(s_list_size(c, "Trade Show"), 1);
}

static void s_assert_as_seeded(mktows_client *c)
{
    CU_ASSERT_EQUAL(s_leads(c, mkt__LeadKeyRef__EMAIL, "new@example.com"), 0);
    CU_ASSERT_EQUAL(s_leads(c, mkt__LeadKeyRef__IDNUM, "87"), 1);
    CU_ASSERT_EQUAL(s_list_size(c, "Trade Show"), 2);
}

static void test_reset__post_reset_on_the_admin_endpoint_goes_back_to_the_fixtures(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    o.admin = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    CU_ASSERT_NSTRING_EQUAL_FATAL(srv.admin_url, "http://127.0.0.1:", 17);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    s_change_things(c);

    /* the admin endpoint is not on the SOAP port: there /reset is a SOAP request that fails */
    char *resp = mktows_test_http_request(srv.url, "POST", "/reset", "");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "<code>20012</code>"));
    free(resp);
    CU_ASSERT_EQUAL(s_leads(c, mkt__LeadKeyRef__EMAIL, "new@example.com"), 1);

    resp = mktows_test_http_request(srv.admin_url, "POST", "/reset", NULL);
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "HTTP/1.1 200 OK") && strstr(resp, "\r\n\r\nreset\n"));
    free(resp);
    s_assert_as_seeded(c);
    /* a GET is not a reset */
    resp = mktows_test_http_request(srv.admin_url, "GET", "/reset", NULL);
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "HTTP/1.1 405"));
    free(resp);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_reset__sighup_goes_back_to_the_fixtures(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    s_change_things(c);
    CU_ASSERT_EQUAL(kill(srv.pid, SIGHUP), 0);
    /* the reset is done when the log says so */
    for (int i = 0; i < 500 && mktows_test_server_log_count(&srv, "reset: store emptied") < 1; i++)
        usleep(10000);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "reset: store emptied"), 1);
    s_assert_as_seeded(c);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_inject__a_code_on_every_call_and_on_the_nth(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    o.extra[0] = "--fail";
    o.extra[1] = "getLead:20023";
    o.extra[2] = "--fail";
    o.extra[3] = "getMultipleLeads:20024@2";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__ResultGetLead *r = NULL;
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_MKTO_RATE_LIMIT);
        CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 20023);
    }
    struct mkt__ResultGetMultipleLeads *m = NULL;
    struct mkt__LeadSelector *sel = mktows_test_list_selector(c, "Trade Show", 0);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, sel, NULL, 0, &m), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, sel, NULL, 0, &m), MKTOWS_MKTO_CONCURRENCY_LIMIT);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, sel, NULL, 0, &m), MKTOWS_OK);
    /* other operations are not touched */
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "x@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_inject__a_dropped_connection_and_a_delay(void)
{
    char log[300];
    snprintf(log, sizeof log, "%s/drop.log", s_dir);
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    const char *args[] = { "--fail", "getLead:drop@1", "--fail", "getMultipleLeads:delay=400",
                           "--latency-ms", "100", "--log", log, NULL };
    memcpy(o.extra, args, sizeof args);
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    /* the first getLead: the connection is closed without a response */
    struct mkt__ResultGetLead *r = NULL;
    mktows_code rc = mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r);
    CU_ASSERT(rc == MKTOWS_ERR_TRANSPORT || rc == MKTOWS_ERR_PARSE);
    CU_ASSERT_EQUAL(mktows_client_marketo_code(c), 0);
    /* the next one works (on a new connection), 100 ms late (--latency-ms) */
    double t0 = s_now();
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    double dt = s_now() - t0;
    CU_ASSERT(dt >= 0.1);
    /* getMultipleLeads: 100 + 400 ms late */
    struct mkt__ResultGetMultipleLeads *m = NULL;
    t0 = s_now();
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, mktows_test_list_selector(c, "Trade Show", 0), NULL, 0, &m), MKTOWS_OK);
    dt = s_now() - t0;
    CU_ASSERT(dt >= 0.5);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    char *text = mktows_read_file(log, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " getLead dropped "));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " getLead ok "));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " getMultipleLeads ok "));
    free(text);
    mktows_test_server_clean_up(&srv);
}

static void test_inject__rules_added_at_run_time_through_the_admin_endpoint_until_a_reset(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    o.admin = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__ResultGetLead *r = NULL;
    char *resp = mktows_test_http_request(srv.admin_url, "POST", "/fail", "getLead:20015@2\n");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "HTTP/1.1 200 OK"));
    free(resp);
    resp = mktows_test_http_request(srv.admin_url, "POST", "/fail", "getLead:12345\n");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "HTTP/1.1 400") && strstr(resp, "not a Marketo error code"));
    free(resp);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_MKTO_REQUEST_LIMIT);
    resp = mktows_test_http_request(srv.admin_url, "GET", "/fail", NULL);
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "getLead:20015@2 calls=2 (run time)"));
    free(resp);
    /* a reset drops it: the 2nd call after the reset works */
    resp = mktows_test_http_request(srv.admin_url, "POST", "/reset", NULL);
    free(resp);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* A reset forgets the [limits] counts too: with a daily quota of 2, the third call gets 20015
 * until the reset, and the next call after it is served. */
static void test_reset__forgets_the_daily_quota_and_rate_window_counts(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    o.admin = 1;
    o.extra[0] = "--daily-quota";
    o.extra[1] = "2";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__ResultGetLead *r = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_MKTO_REQUEST_LIMIT);
    char *resp = mktows_test_http_request(srv.admin_url, "POST", "/reset", NULL);
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "HTTP/1.1 200"));
    free(resp);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "limit counts forgotten"), 1);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_log__one_line_per_request_faults_counted(void)
{
    char log[300];
    snprintf(log, sizeof log, "%s/requests.log", s_dir);
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    o.admin = 1;
    o.extra[0] = "--log";
    o.extra[1] = log;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    mktows_client *bad = mktows_test_client_new(&srv, NULL, "not-the-key");
    CU_ASSERT_PTR_NOT_NULL_FATAL(c && bad);
    struct mkt__ResultGetLead *r = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_lead(bad, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_MKTO_AUTH_FAILED);
    /* a request gSOAP cannot read is a request too */
    char *resp = mktows_test_http_post(srv.url, "<not-soap/>");
    free(resp);
    resp = mktows_test_http_request(srv.admin_url, "GET", "/stats", NULL);
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "{\"requests\":3,\"faults\":2,\"dropped\":0}"));
    free(resp);
    mktows_client_free(c);
    mktows_client_free(bad);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "stopped after 3 connections and 3 requests"), 1);

    char *text = mktows_read_file(log, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    char user[64], op[64], outcome[32], peer[80], when[40];
    long long us = -1;
    int lines = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        CU_ASSERT_EQUAL_FATAL(sscanf(line, "%39s %79s %63s %63s %31s %lldus", when, peer, user, op, outcome, &us), 6);
        CU_ASSERT_EQUAL(strlen(when), 27); /* 2026-11-30T02:31:25.123456Z */
        CU_ASSERT_NSTRING_EQUAL(peer, "127.0.0.1:", 10);
        CU_ASSERT(us >= 0);
        if (lines == 0) {
            CU_ASSERT_STRING_EQUAL(user, MKTOWS_TEST_USER);
            CU_ASSERT_STRING_EQUAL(op, "getLead");
            CU_ASSERT_STRING_EQUAL(outcome, "ok");
        } else if (lines == 1) {
            CU_ASSERT_STRING_EQUAL(user, MKTOWS_TEST_USER);
            CU_ASSERT_STRING_EQUAL(op, "getLead");
            CU_ASSERT_STRING_EQUAL(outcome, "fault:20014");
        } else {
            CU_ASSERT_STRING_EQUAL(user, "-");
            CU_ASSERT_STRING_EQUAL(op, "-");
            CU_ASSERT_STRING_EQUAL(outcome, "fault:20012");
        }
    }
    CU_ASSERT_EQUAL(lines, 3);
    free(text);
    mktows_test_server_clean_up(&srv);
}

static void test_keep_alive__the_connection_serves_the_next_request_after_a_fault(void)
{
    char log[300];
    snprintf(log, sizeof log, "%s/keep.log", s_dir);
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    const char *args[] = { "--fail", "getLead:20023@2", "--log", log, NULL };
    memcpy(o.extra, args, sizeof args);
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__ResultGetLead *r = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_MKTO_RATE_LIMIT);
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__IDNUM, "87", &r), MKTOWS_OK);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    /* one TCP connection: one accept, three requests on it, all three from the same peer port */
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, " from 127.0.0.1"), 1);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "connection 1 closed after 3 requests"), 1);
    char *text = mktows_read_file(log, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    char peers[3][80] = { "", "", "" }, when[40];
    int n = 0;
    for (char *line = strtok(text, "\n"); line && n < 3; line = strtok(NULL, "\n"), n++)
        CU_ASSERT_EQUAL(sscanf(line, "%39s %79s", when, peers[n]), 2);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT_STRING_EQUAL(peers[0], peers[1]);
    CU_ASSERT_STRING_EQUAL(peers[1], peers[2]);
    free(text);
    mktows_test_server_clean_up(&srv);
}

static void test_ready__ready_fd_and_pid_file_tell_a_harness_when_it_listens(void)
{
    char pid_file[300], bin[400];
    snprintf(pid_file, sizeof pid_file, "%s/server.pid", s_dir);
    snprintf(bin, sizeof bin, "%s/mktows-server", MKTOWS_BIN_DIR);
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        /* the write end as descriptor 9, whatever numbers pipe() gave */
        if (fds[1] != 9) {
            dup2(fds[1], 9);
            close(fds[1]);
        }
        if (fds[0] != 9)
            close(fds[0]);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        setenv("MARKETO_USER_ID", MKTOWS_TEST_USER, 1);
        setenv("MARKETO_ENCRYPTION_KEY", MKTOWS_TEST_KEY, 1);
        char parent[32];
        snprintf(parent, sizeof parent, "%d", (int)getppid());
        execl(bin, bin, "--listen", "127.0.0.1:0", "--ready-fd", "9", "--pid-file", pid_file, "--admin-listen",
              "127.0.0.1:0", "--parent-pid", parent, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    /* the descriptor is closed once the server listens: read to its end */
    char ready[1200] = "";
    size_t len = 0;
    struct pollfd p = { fds[0], POLLIN, 0 };
    while (len < sizeof ready - 1 && poll(&p, 1, 20000) > 0) {
        ssize_t k = read(fds[0], ready + len, sizeof ready - 1 - len);
        if (k <= 0)
            break;
        len += (size_t)k;
    }
    ready[len] = '\0';
    close(fds[0]);
    char url[512] = "", admin[512] = "";
    CU_ASSERT_EQUAL_FATAL(sscanf(ready, "%511s %511s", url, admin), 2);
    CU_ASSERT_NSTRING_EQUAL(url, "http://127.0.0.1:", 17);
    CU_ASSERT_NSTRING_EQUAL(admin, "http://127.0.0.1:", 17);
    /* the pid file comes right after, with the server's pid */
    for (int i = 0; i < 500 && access(pid_file, F_OK) != 0; i++)
        usleep(10000);
    char *text = mktows_read_file(pid_file, NULL);
    CU_ASSERT_PTR_NOT_NULL(text);
    CU_ASSERT_EQUAL(text ? atoi(text) : 0, (int)pid);
    free(text);
    /* and it answers */
    char *resp = mktows_test_http_request(admin, "GET", "/health", NULL);
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "\r\n\r\nok\n"));
    free(resp);
    mktows_test_server srv = { .pid = pid };
    snprintf(srv.url, sizeof srv.url, "%s", url);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "ready@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    mktows_client_free(c);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* removed at exit */
    CU_ASSERT_NOT_EQUAL(access(pid_file, F_OK), 0);
}

/* docs/testing-with-the-server.md's CTest wrapper script, run as printed around a command that
 * prints what it was given. */
static void test_guide__the_ctest_wrapper_script_runs_a_command_against_a_fresh_server(void)
{
    char *doc = mktows_read_file(MKTOWS_SOURCE_DIR "/docs/testing-with-the-server.md", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char *script = mktows_test_md_block(doc, "CTest", "sh");
    free(doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(script);
    CU_ASSERT_NSTRING_EQUAL(script, "#!/bin/sh", 9);
    char path[300], cmd[2000], *out = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_file("with-mktows-server.sh", script, path, sizeof path));
    free(script);
    snprintf(cmd, sizeof cmd,
             "PATH='%s':\"$PATH\" MARKETO_USER_ID=u MARKETO_ENCRYPTION_KEY=k MKTOWS_SERVER_ARGS='--config %s'"
             " timeout 60 sh '%s' sh -c 'echo \"$MARKETO_SOAP_ENDPOINT $MKTOWS_ADMIN_URL\"; exit 3'",
             MKTOWS_BIN_DIR, S_DEMO_CONF, path);
    CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 3); /* the command's own status */
    char url[300] = "", admin[300] = "";
    CU_ASSERT_EQUAL(out ? sscanf(out, "%299s %299s", url, admin) : 0, 2);
    CU_ASSERT_NSTRING_EQUAL(url, "http://127.0.0.1:", 17);
    CU_ASSERT_PTR_NOT_NULL(strstr(url, "/soap/mktows/2_7"));
    CU_ASSERT_NSTRING_EQUAL(admin, "http://127.0.0.1:", 17);
    free(out);
}

/* docs/testing-with-the-server.md's Python helper class, run as printed with a short driver. */
static void test_guide__the_python_helper_starts_resets_injects_and_stops(void)
{
    char *doc = mktows_read_file(MKTOWS_SOURCE_DIR "/docs/testing-with-the-server.md", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char *helper = mktows_test_md_block(doc, "pytest", "python");
    free(doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(helper);
    CU_ASSERT_PTR_NOT_NULL(strstr(helper, "class MktowsServer"));
    size_t len = strlen(helper) + 2000;
    char *program = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(program);
    snprintf(program, len,
             "%s\n"
             "s = MktowsServer('--config', '%s', program='%s/mktows-server')\n"
             "assert s.url.startswith('http://127.0.0.1:') and s.url.endswith('/soap/mktows/2_7'), s.url\n"
             "s.fail('getLead:20023@2', 'syncLead:drop')\n"
             "assert s.stats() == {'requests': 0, 'faults': 0, 'dropped': 0}, s.stats()\n"
             "s.reset()\n"
             "assert s._admin('GET', '/fail') == '', 'a reset drops the rules added at run time'\n"
             "assert s.stop() == 0\n"
             "print('ok')\n",
             helper, S_DEMO_CONF, MKTOWS_BIN_DIR);
    free(helper);
    char path[300], cmd[600], *out = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s_file("helper.py", program, path, sizeof path));
    free(program);
    snprintf(cmd, sizeof cmd, "timeout 60 python3 '%s'", path);
    int status = mktows_test_run_command(cmd, &out);
    if (status != 0)
        fprintf(stderr, "\n%s\n", out ? out : "");
    CU_ASSERT_EQUAL(status, 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "ok\n"));
    free(out);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "fixtures__json_and_csv_seed_leads_activities_lists_and_objects",
          test_fixtures__json_and_csv_seed_leads_activities_lists_and_objects },
        { "fixtures__a_bad_file_is_refused_naming_the_file_and_the_place",
          test_fixtures__a_bad_file_is_refused_naming_the_file_and_the_place },
        { "reset__post_reset_on_the_admin_endpoint_goes_back_to_the_fixtures",
          test_reset__post_reset_on_the_admin_endpoint_goes_back_to_the_fixtures },
        { "reset__sighup_goes_back_to_the_fixtures", test_reset__sighup_goes_back_to_the_fixtures },
        { "inject__a_code_on_every_call_and_on_the_nth", test_inject__a_code_on_every_call_and_on_the_nth },
        { "inject__a_dropped_connection_and_a_delay", test_inject__a_dropped_connection_and_a_delay },
        { "inject__rules_added_at_run_time_through_the_admin_endpoint_until_a_reset",
          test_inject__rules_added_at_run_time_through_the_admin_endpoint_until_a_reset },
        { "reset__forgets_the_daily_quota_and_rate_window_counts",
          test_reset__forgets_the_daily_quota_and_rate_window_counts },
        { "log__one_line_per_request_faults_counted", test_log__one_line_per_request_faults_counted },
        { "keep_alive__the_connection_serves_the_next_request_after_a_fault",
          test_keep_alive__the_connection_serves_the_next_request_after_a_fault },
        { "ready__ready_fd_and_pid_file_tell_a_harness_when_it_listens",
          test_ready__ready_fd_and_pid_file_tell_a_harness_when_it_listens },
        { "guide__the_ctest_wrapper_script_runs_a_command_against_a_fresh_server",
          test_guide__the_ctest_wrapper_script_runs_a_command_against_a_fresh_server },
        { "guide__the_python_helper_starts_resets_injects_and_stops",
          test_guide__the_python_helper_starts_resets_injects_and_stops },
        { NULL, NULL }
    };
    return mktows_test_run("server_testdouble", s_setup, s_teardown, cases);
}
