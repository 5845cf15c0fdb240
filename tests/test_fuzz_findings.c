/* What the libFuzzer harnesses (tests/fuzz, docs/testing.md#fuzzing) found and was fixed, as
 * regression cases that need no fuzzer. Meaningful on the sanitizer build, where the reports
 * these cases once raised stop the suite. (A finding in the CLI's config parser has its case in
 * test_cli_config.c, beside the parser's other cases.) */
#include "runner.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "mock_transport.h"

/* A syncLead whose response says @p content_type; returns the call's code. */
static mktows_code s_sync_lead_with_content_type(const char *content_type)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/synclead/response.xml", MKTOWS_TEST_DATA);
    size_t len = 0;
    char *body = mktows_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    char *http = malloc(len + 512);
    CU_ASSERT_PTR_NOT_NULL_FATAL(http);
    int n = snprintf(http, 512, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n", content_type,
                     len);
    memcpy(http + n, body, len);

    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push_raw(m, http, (size_t)n + len);
    struct mkt__ParamsSyncLead params = { 0 };
    struct mkt__SuccessSyncLead *resp = NULL;
    mktows_code rc = mktows_sync_lead_raw(c, &params, &resp);
    mktows_client_free(c);
    mktows_mock_free(m);
    free(http);
    free(body);
    return rc;
}

/* fuzz_response and fuzz_server: gSOAP decoded "%" and any two characters in an HTTP header
 * attribute as a hex escape, shifting a negative "digit" left (UBSan: left shift of negative
 * value, in soap_decode). cmake/gsoap-patches/soap_decode_percent.cmake keeps such a '%' as it is. */
static void test_fuzz_findings__percent_without_hex_digits_in_a_header_attribute_is_kept(void)
{
    CU_ASSERT_EQUAL(s_sync_lead_with_content_type("text/xml; charset=%_k"), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync_lead_with_content_type("text/xml; charset=utf-8; x=%\x01z"), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_sync_lead_with_content_type("text/xml; charset=%75tf-8"), MKTOWS_OK); /* a real escape */
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "percent_without_hex_digits_in_a_header_attribute_is_kept",
          test_fuzz_findings__percent_without_hex_digits_in_a_header_attribute_is_kept },
        { NULL, NULL }
    };
    return mktows_test_run("fuzz_findings", NULL, NULL, cases);
}
