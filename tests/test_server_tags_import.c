/* getTags and getChannels from the config, importToList (UPSERTLEADS, LISTONLY, clearList, CSV
 * quoting) with getImportToListStatus, an empty request to every operation (each
 * answers, none with 20019), and 20019 for an operation the WSDL does not define. */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "[field Visits]\n"
    "type = integer\n"
    "[tag Region]\n"
    "values = EMEA, APAC, AMER\n"
    "[tag Product]\n"
    "values = Widgets\n"
    "[channel Webinar]\n"
    "statuses = Invited, Registered, Attended*\n"
    "[channel Tradeshow]\n"
    "statuses = Visited*\n"
    "[list Imported]\n"
    "program = Import Program\n"
    "[list Stray]\n";

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

static void test_tags__all_then_filtered_then_unknown(void)
{
    struct mkt__ParamsGetTags req = { 0 };
    struct mkt__SuccessGetTags resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, getTags, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->tagList->__sizetag, 2);
    CU_ASSERT_STRING_EQUAL(resp.result->tagList->tag[0].type, "Region");
    CU_ASSERT_EQUAL(resp.result->tagList->tag[0].values->__sizestringItem, 3);

    char *only[] = { "apac" };
    struct mkt__ArrayOfString vals = { .__sizestringItem = 1, .stringItem = only };
    struct mkt__Tag t = { .type = "Region", .values = &vals };
    struct mkt__ArrayOfTag tl = { .__sizetag = 1, .tag = &t };
    req.tagList = &tl;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, getTags, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->tagList->__sizetag, 1);
    CU_ASSERT_EQUAL_FATAL(resp.result->tagList->tag[0].values->__sizestringItem, 1);
    CU_ASSERT_STRING_EQUAL(resp.result->tagList->tag[0].values->stringItem[0], "APAC");
    t.type = "Colour";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, getTags, &req, &resp), MKTOWS_MKTO_BAD_PARAMETER);
}

static const char *s_prog(const struct mkt__ProgressionStatus *p, const char *name)
{
    for (int i = 0; i < p->progressionStatus->__sizeattrib; i++)
        if (!strcmp(p->progressionStatus->attrib[i].name, name))
            return p->progressionStatus->attrib[i].value;
    return NULL;
}

static void test_channels__progression_statuses_with_steps_and_success(void)
{
    struct mkt__ParamsGetChannels req = { 0 };
    struct mkt__SuccessGetChannels resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, getChannels, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->tags->__sizetagStatus, 2);
    /* channels and their statuses in name order, as the getChannels page lists them */
    CU_ASSERT_STRING_EQUAL(resp.result->tags->tagStatus[0].tagValue, "Tradeshow");
    struct mkt__TagStatus *w = &resp.result->tags->tagStatus[1];
    CU_ASSERT_STRING_EQUAL(w->tagValue, "Webinar");
    CU_ASSERT_EQUAL_FATAL(w->statusList->__sizeprogressionStatusItem, 3);
    CU_ASSERT_STRING_EQUAL(s_prog(&w->statusList->progressionStatusItem[0], "Status"), "Attended");
    CU_ASSERT_STRING_EQUAL(s_prog(&w->statusList->progressionStatusItem[0], "Step"), "3");
    CU_ASSERT_STRING_EQUAL(s_prog(&w->statusList->progressionStatusItem[0], "Success"), "true");
    CU_ASSERT_STRING_EQUAL(s_prog(&w->statusList->progressionStatusItem[1], "Status"), "Invited");
    CU_ASSERT_STRING_EQUAL(s_prog(&w->statusList->progressionStatusItem[1], "Success"), "false");

    char *names[] = { "tradeshow" };
    struct mkt__ArrayOfString vals = { .__sizestringItem = 1, .stringItem = names };
    struct mkt__Tag t = { .values = &vals };
    req.tag = &t;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, getChannels, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(resp.result->tags->__sizetagStatus, 1);
    CU_ASSERT_STRING_EQUAL(resp.result->tags->tagStatus[0].tagValue, "Tradeshow");
    names[0] = "Podcast";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, getChannels, &req, &resp), MKTOWS_MKTO_BAD_PARAMETER);
}

static mktows_code s_import(const char *program, const char *list, const char *header, char **rows, int n,
                            enum mkt__ImportToListModeEnum mode, int clear)
{
    struct mkt__ArrayOfString r = { .__sizestringItem = n, .stringItem = rows };
    struct mkt__ParamsImportToList req = { .programName = (char *)program, .importFileHeader = (char *)header,
                                           .importFileRows = &r, .importListMode = mode, .listName = (char *)list,
                                           .clearList = clear ? xsd__boolean__true_ : xsd__boolean__false_ };
    struct mkt__SuccessImportToList resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, importToList, &req, &resp);
    if (rc == MKTOWS_OK)
        CU_ASSERT_EQUAL(resp.result->importStatus, mkt__ImportToListStatusEnum__COMPLETE);
    return rc;
}

static mktows_code s_status(const char *program, const char *list, struct mkt__ResultGetImportToListStatus **out)
{
    struct mkt__ParamsGetImportToListStatus req = { .programName = (char *)program, .listName = (char *)list };
    struct mkt__SuccessGetImportToListStatus resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, getImportToListStatus, &req, &resp);
    *out = resp.result;
    return rc;
}

static void test_import_to_list__upsert_then_list_only_with_status(void)
{
    struct mkt__ResultGetImportToListStatus *st = NULL;
    CU_ASSERT_EQUAL(s_status("Import Program", "Imported", &st), MKTOWS_MKTO_BAD_PARAMETER); /* nothing yet */
    char *rows[] = { "joe@company.com,Joe,Smith,3", "\"mary@company.com\",\"Mary, Jr.\",Rodgers,", "wanda@megacorp.com,Wanda,,many",
                     "only-two,columns" };
    CU_ASSERT_EQUAL_FATAL(s_import("Import Program", "Imported", "Email Address,First Name,Last Name,Visits", rows, 4,
                                   mkt__ImportToListModeEnum__UPSERTLEADS, 0), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(s_status("import program", "imported", &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st->status, mkt__ImportToListStatusEnum__COMPLETE);
    CU_ASSERT_EQUAL(*st->rowsImported, 2);
    CU_ASSERT_EQUAL(*st->rowsFailed, 2); /* Visits=many, wrong column count */
    CU_ASSERT_EQUAL(*st->estimatedRows, 4);
    CU_ASSERT_PTR_NOT_NULL(st->importSummary);

    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(s_c, mkt__LeadKeyRef__EMAIL, "mary@company.com", &g), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_test_record_attr(&g->leadRecordList->leadRecord[0], "FirstName"), "Mary, Jr.");
    struct mkt__ResultGetMultipleLeads *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_multiple(s_c, mktows_test_list_selector(s_c, "Imported", 0), NULL, 0, &r),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 2);

    /* LISTONLY with clearList: known leads only, the rest ignored */
    char *only[] = { "joe@company.com", "stranger@nowhere.com" };
    CU_ASSERT_EQUAL_FATAL(s_import("Import Program", "Imported", "Email", only, 2, mkt__ImportToListModeEnum__LISTONLY, 1),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(s_status("Import Program", "Imported", &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(*st->rowsImported, 1);
    CU_ASSERT_EQUAL(*st->rowsIgnored, 1);
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_multiple(s_c, mktows_test_list_selector(s_c, "Imported", 0), NULL, 0, &r),
                          MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 1);
}

static void test_import_to_list__bad_parameters_get_documented_codes(void)
{
    char *rows[] = { "a@b.com" };
    CU_ASSERT_EQUAL(s_import("Import Program", "No List", "Email", rows, 1, mkt__ImportToListModeEnum__UPSERTLEADS, 0),
                    MKTOWS_MKTO_LIST_NOT_FOUND);
    CU_ASSERT_EQUAL(s_import("Other Program", "Imported", "Email", rows, 1, mkt__ImportToListModeEnum__UPSERTLEADS, 0),
                    MKTOWS_MKTO_LIST_NOT_FOUND);
    CU_ASSERT_EQUAL(s_import("Import Program", "Stray", "Email", rows, 1, mkt__ImportToListModeEnum__UPSERTLEADS, 0),
                    MKTOWS_MKTO_LIST_NOT_FOUND); /* a list outside any program */
    CU_ASSERT_EQUAL(s_import(NULL, "Imported", "Email", rows, 1, mkt__ImportToListModeEnum__UPSERTLEADS, 0),
                    MKTOWS_MKTO_PARAMETER_REQUIRED);
    CU_ASSERT_EQUAL(s_import("Import Program", "Imported", "Email,Shoe Size", rows, 1,
                             mkt__ImportToListModeEnum__UPSERTLEADS, 0), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL(s_import("Import Program", "Imported", "First Name", rows, 1, mkt__ImportToListModeEnum__UPSERTLEADS,
                             0), MKTOWS_MKTO_BAD_PARAMETER);
    struct mkt__ResultGetImportToListStatus *st = NULL;
    CU_ASSERT_EQUAL(s_status("Import Program", "Nope", &st), MKTOWS_MKTO_LIST_NOT_FOUND);
    CU_ASSERT_EQUAL(s_status(NULL, "Imported", &st), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

/* An empty request to each operation of the interface description: a result or a documented
 * 201xx fault, never 20019; an operation new to the WSDL, which no handler implements yet, gets
 * exactly 20019 (after authentication). */
#define EMPTY_CALL(op, fn, REQ, RESP, ...)                                                      \
    do {                                                                                       \
        struct REQ req_;                                                                       \
        struct RESP *resp_ = NULL;                                                             \
        memset(&req_, 0, sizeof req_);                                                         \
        mktows_code rc_ = mktows_##fn(s_c, &req_, &resp_);                                     \
        int code_ = mktows_client_marketo_code(s_c);                                           \
        int ok_ = mktows_test_operation_is_new(#op)                                            \
                      ? rc_ == MKTOWS_MKTO_UNSUPPORTED_OPERATION && code_ == 20019             \
                      : rc_ == MKTOWS_OK || (code_ >= 20101 && code_ <= 20123);                \
        if (!ok_)                                                                              \
            fprintf(stderr, "%s: rc %d code %d\n", #op, (int)rc_, code_);                     \
        CU_ASSERT_TRUE(ok_);                                                                   \
        answered++;                                                                            \
    } while (0);

static void test_operations__every_operation_answers_without_unsupported_operation(void)
{
    int answered = 0;
    MKTOWS_IFACE_OPERATIONS(EMPTY_CALL)
    CU_ASSERT_EQUAL(answered, MKTOWS_IFACE_OPERATION_COUNT);
}

/* An operation the WSDL does not define: 20019 "Unsupported Operation" after authentication. */
static void test_operations__unknown_operation_is_unsupported_operation_fault(void)
{
    char ts[MKTOWS_TIMESTAMP_SIZE], sig[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL_FATAL(mktows_timestamp_format(time(NULL), 0, ts), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_sign(ts, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, sig), MKTOWS_OK);
    char body[2048];
    snprintf(body, sizeof body,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
             "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
             " xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Header><ns1:AuthenticationHeader>"
             "<mktowsUserId>%s</mktowsUserId><requestSignature>%s</requestSignature>"
             "<requestTimestamp>%s</requestTimestamp></ns1:AuthenticationHeader></SOAP-ENV:Header>"
             "<SOAP-ENV:Body><ns1:paramsDeleteLead><leadId>1</leadId></ns1:paramsDeleteLead></SOAP-ENV:Body>"
             "</SOAP-ENV:Envelope>", MKTOWS_TEST_USER, sig, ts);
    char *resp = mktows_test_http_post(s_srv.url, body);
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<faultstring>20019 - Unsupported Operation</faultstring>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<code>20019</code>"));
    free(resp);
    /* without a valid signature it is an authentication failure first */
    body[strstr(body, sig) - body] ^= 1;
    resp = mktows_test_http_post(s_srv.url, body);
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<code>20014</code>"));
    free(resp);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "tags__all_then_filtered_then_unknown", test_tags__all_then_filtered_then_unknown },
        { "channels__progression_statuses_with_steps_and_success", test_channels__progression_statuses_with_steps_and_success },
        { "import_to_list__upsert_then_list_only_with_status", test_import_to_list__upsert_then_list_only_with_status },
        { "import_to_list__bad_parameters_get_documented_codes", test_import_to_list__bad_parameters_get_documented_codes },
        { "operations__every_operation_answers_without_unsupported_operation", test_operations__every_operation_answers_without_unsupported_operation },
        { "operations__unknown_operation_is_unsupported_operation_fault", test_operations__unknown_operation_is_unsupported_operation_fault },
        { NULL, NULL }
    };
    return mktows_test_run("server_tags_import", s_setup, s_teardown, cases);
}
