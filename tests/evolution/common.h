/* Shared by the evolution cases' checks (each case's check.c is copied into the scratch tree as
 * tests/test_case_check.c and includes this file from the source tree). */
#ifndef MKTOWS_EVOLUTION_COMMON_H
#define MKTOWS_EVOLUTION_COMMON_H

#include "mock_transport.h"
#include "runner.h"
#include "server_harness.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>
#include <mktows/paging.h>

#include <stdlib.h>
#include <string.h>

#define S_ENVELOPE(body)                                                                           \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope"                                 \
    " xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"http://www.marketo.com/mktows/\">" \
    "<SOAP-ENV:Body>" body "</SOAP-ENV:Body></SOAP-ENV:Envelope>"

static mktows_test_server s_srv;

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    return mktows_test_server_start(&s_srv, &o) == 0 ? 0 : 1;
}

static int s_teardown(void)
{
    mktows_test_server_clean_up(&s_srv);
    return 0;
}

/* mktows_decode_json() of @p xml for @p op contains @p needle. */
static int s_decode_has(const char *op, const char *xml, const char *needle)
{
    char *json = NULL;
    char err[512];
    mktows_code rc = mktows_decode_json(op, xml, strlen(xml), MKTOWS_DECODE_DEFAULT, &json, err, sizeof err);
    int found = rc == MKTOWS_OK && json && strstr(json, needle) != NULL;
    if (!found)
        fprintf(stderr, "\ndecode %s: %s: %s\n", op, rc == MKTOWS_OK ? "no" : err, rc == MKTOWS_OK ? needle : "");
    mktows_free(json);
    return found;
}

#endif
