/* The server's transport: HTTP keep-alive (many calls, one connection), TLS with a throwaway
 * self-signed certificate, GET ?WSDL with soap:address pointing at the server, 404 elsewhere, and a
 * clean exit on SIGTERM while a client still holds a connection open. */
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void test_keep_alive__200_calls_reuse_one_connection(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    int ok = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 200; i++) {
        char email[64];
        snprintf(email, sizeof email, "ka%d@example.com", i % 20);
        ok += mktows_test_sync(c, 0, email, NULL, NULL, NULL, "LeadScore", "1", NULL) == MKTOWS_OK;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "keep-alive: 200 syncs (returnLead) on one connection in %.3f s (%.0f calls/s)\n", dt, 200 / dt);
    CU_ASSERT_EQUAL(ok, 200);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    /* the server logs one "connection N from" line per accepted connection */
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, " from 127.0.0.1"), 1);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "connection 1 closed after 200 requests"), 1);
    mktows_test_server_clean_up(&srv);
}

static void test_tls__create_and_update_over_https(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.tls = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    CU_ASSERT_EQUAL(strncmp(srv.url, "https://", 8), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_sync_lead_result *r1 = NULL, *r2 = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(c, 0, "tls@example.com", NULL, NULL, &r1, "FirstName", "Tls", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r1->status, MKTOWS_SYNC_CREATED);
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(c, 0, "tls@example.com", NULL, NULL, &r2, "FirstName", "Tls2", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(r2->status, MKTOWS_SYNC_UPDATED);
    CU_ASSERT_EQUAL(r2->lead_id, r1->lead_id);
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r2->lead, "FirstName"), "Tls2");
    mktows_sync_lead_result_free(r1);
    mktows_sync_lead_result_free(r2);
    mktows_client_free(c);

    /* a client that does not trust the throwaway certificate refuses it */
    mktows_client_options co = MKTOWS_CLIENT_OPTIONS_INIT;
    co.endpoint = srv.url;
    co.user_id = MKTOWS_TEST_USER;
    co.encryption_key = MKTOWS_TEST_KEY;
    c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&co, &c), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "tls@example.com", NULL, NULL, NULL, NULL), MKTOWS_ERR_TLS);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_wsdl__get_returns_wsdl_with_soap_address_of_the_server(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    char *resp = mktows_test_http_get(srv.url, "/soap/mktows/2_7?WSDL");
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_EQUAL(strncmp(resp, "HTTP/1.1 200", 12), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Content-Type: text/xml"));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<wsdl:definitions"));
    char expect[600];
    snprintf(expect, sizeof expect, "<soap:address location=\"%s\"/>", srv.url);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, expect));
    CU_ASSERT_PTR_NULL(strstr(resp, "https://localhost/soap"));
    free(resp);
    /* ?wsdl in lower case too */
    resp = mktows_test_http_get(srv.url, "/soap/mktows/2_7?wsdl");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, expect));
    free(resp);
    resp = mktows_test_http_get(srv.url, "/elsewhere");
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_EQUAL(strncmp(resp, "HTTP/1.1 404", 12), 0);
    free(resp);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "open@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    /* the client keeps its connection open; the server must still stop promptly with status 0 */
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    CU_ASSERT_EQUAL(mktows_test_server_log_count(&srv, "stopped after 1 connections and 1 requests"), 1);
    mktows_client_free(c);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "keep_alive__200_calls_reuse_one_connection", test_keep_alive__200_calls_reuse_one_connection },
        { "tls__create_and_update_over_https", test_tls__create_and_update_over_https },
        { "wsdl__get_returns_wsdl_with_soap_address_of_the_server", test_wsdl__get_returns_wsdl_with_soap_address_of_the_server },
        { "shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly", test_shutdown__sigterm_with_an_open_keep_alive_connection_exits_cleanly },
        { NULL, NULL }
    };
    return mktows_test_run("server_transport", NULL, NULL, cases);
}
