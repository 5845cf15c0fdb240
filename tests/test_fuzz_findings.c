/* What the libFuzzer harnesses (tests/fuzz, docs/testing.md#fuzzing) found and was fixed, as
 * regression cases that need no fuzzer. Meaningful on the sanitizer build, where the reports
 * these cases once raised stop the suite. (A finding in the CLI's config parser has its case in
 * test_cli_config.c, beside the parser's other cases.) */
#include "runner.h"

#include <mktows/json.h>
#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "mock_transport.h"

/* A syncLead answered with the raw HTTP response @p http; returns the call's code. */
static mktows_code s_sync_lead_answered(const char *http, size_t len)
{
    mktows_client *c = mktows_mock_client_new(NULL, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    mktows_mock *m = mktows_mock_install(c);
    mktows_mock_push_raw(m, http, len);
    struct mkt__ParamsSyncLead params = { 0 };
    struct mkt__SuccessSyncLead *resp = NULL;
    mktows_code rc = mktows_sync_lead_raw(c, &params, &resp);
    mktows_client_free(c);
    mktows_mock_free(m);
    return rc;
}

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
    mktows_code rc = s_sync_lead_answered(http, (size_t)n + len);
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

/* fuzz_server, and the same in a response: a gzip header cut inside its FEXTRA length made gSOAP
 * shift EOF (-1) left (UBSan, in soap_getgziphdr). cmake/gsoap-patches/soap_getgziphdr_fextra.cmake
 * makes it an error. */
static void test_fuzz_findings__gzip_header_cut_in_its_extra_length_is_an_error(void)
{
    static const char cut[] = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\n"
                              "Content-Length: 4\r\n\r\n\x1f\x8b\x08\x04";
    static const char cut_later[] = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\n"
                                    "Content-Length: 11\r\n\r\n\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\x03\x05";
    CU_ASSERT_NOT_EQUAL(s_sync_lead_answered(cut, sizeof cut - 1), MKTOWS_OK);
    CU_ASSERT_NOT_EQUAL(s_sync_lead_answered(cut_later, sizeof cut_later - 1), MKTOWS_OK);
}

/* fuzz_json: U+FFFF in a JSON string went into the request XML, which no XML reader accepts (the
 * library's own refused it when reading the request back). Now a validation error, as control
 * characters already were. */
static void test_fuzz_findings__non_characters_in_json_parameters_are_a_validation_error(void)
{
    static const char *const params[] = { "{\"objectName\":\"a\xef\xbf\xbf\"}", "{\"objectName\":\"\\uFFFEb\"}" };
    for (size_t i = 0; i < 2; i++) {
        char *xml = NULL, err[512] = "";
        CU_ASSERT_EQUAL(mktows_encode_request("describeMObject", params[i], strlen(params[i]), &xml, err, sizeof err),
                        MKTOWS_ERR_VALIDATION);
        CU_ASSERT_PTR_NULL(xml);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, i == 0 ? "U+FFFF" : "U+FFFE"));
        mktows_free(xml);
    }
    /* U+FEFF and U+FFFD are XML characters: sent as they are */
    static const char ok[] = "{\"objectName\":\"\xef\xbb\xbf\xef\xbf\xbd\"}";
    char *xml = NULL;
    CU_ASSERT_EQUAL(mktows_encode_request("describeMObject", ok, sizeof ok - 1, &xml, NULL, 0), MKTOWS_OK);
    CU_ASSERT_PTR_NOT_NULL(xml && strstr(xml, "\xef\xbb\xbf\xef\xbf\xbd"));
    mktows_free(xml);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "percent_without_hex_digits_in_a_header_attribute_is_kept",
          test_fuzz_findings__percent_without_hex_digits_in_a_header_attribute_is_kept },
        { "gzip_header_cut_in_its_extra_length_is_an_error",
          test_fuzz_findings__gzip_header_cut_in_its_extra_length_is_an_error },
        { "non_characters_in_json_parameters_are_a_validation_error",
          test_fuzz_findings__non_characters_in_json_parameters_are_a_validation_error },
        { NULL, NULL }
    };
    return mktows_test_run("fuzz_findings", NULL, NULL, cases);
}
