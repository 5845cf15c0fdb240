/* `mktows decode <operation> FILE|-`: every operation's captured response decodes to the JSON
 * written by hand next to it (tests/data/decode/<op>.xml -> <op>.json), and every kind of bad
 * input gets a clear error and the right exit status.
 *
 * Two levels: the command (build/bin/mktows, run as a user runs it: fork/exec, stdout, stderr and
 * exit status checked) and, through their private headers and the internal static library, the
 * XML reader, the schema reader and the decoder (src/lib/xml_reader.c, schema.c,
 * decode_envelope.c: the engine of mktows_decode_json()), for cases no response can reach
 * (VersionedItem, LeadSelector's xsi:type) and for exhaustive checks (every truncation of every
 * fixture). */
#include "mock_transport.h"
#include "files.h"
#include "runner.h"
#include "cli_run.h"
#include "server_calls.h"
#include "server_harness.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "private/json_writer.h"
#include "private/xml_reader.h"
#include "private/schema.h"
#include "private/decode_envelope.h"

#define S_BIN MKTOWS_BIN_DIR "/mktows"
#define S_DATA MKTOWS_TEST_DATA "/decode"
#define S_WSDL_PATH MKTOWS_SOURCE_DIR "/wsdl/mktows-2_7.wsdl"
#define S_TNS "http://www.marketo.com/mktows/"

/* Every operation of the interface description (gen/mktows_iface.h), in WSDL order, with the
 * response element scripts/regen read from the WSDL. */
#define S_NAME(op, fn, REQ, RESP, req_el, resp_el, ...) #op,
static const char *const s_ops[] = { MKTOWS_IFACE_OPERATIONS(S_NAME) NULL };
#undef S_NAME
#define S_RESPONSE(op, fn, REQ, RESP, req_el, resp_el, ...) #resp_el,
static const char *const s_responses[] = { MKTOWS_IFACE_OPERATIONS(S_RESPONSE) NULL };
#undef S_RESPONSE

static char s_tmp[256];
static mktows_schema *s_schema;

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                      */

/* JSON text without the white space between tokens (strings untouched), so that hand-written,
 * indented expectations compare exactly, key order included, with the command's compact output. */
static char *s_squeeze(const char *json)
{
    char *out = malloc(strlen(json) + 1);
    size_t n = 0;
    int in_string = 0;
    for (const char *p = json; *p; p++) {
        if (in_string) {
            out[n++] = *p;
            if (*p == '\\' && p[1])
                out[n++] = *++p;
            else if (*p == '"')
                in_string = 0;
        } else if (*p == '"') {
            in_string = 1;
            out[n++] = *p;
        } else if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return out;
}

typedef mktows_cli_result s_result;

static void s_result_free(s_result *r)
{
    mktows_test_cli_result_free(r);
}

/* Run build/bin/mktows with @p args (NULL-terminated, without argv[0]), stdin from @p stdin_path
 * (NULL: /dev/null), in this process's environment. */
static void s_run_in(s_result *r, const char *const *args, const char *stdin_path)
{
    mktows_test_cli_run(r, s_tmp, args, NULL, stdin_path, NULL);
}

#define S_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void s_run(s_result *r, const char *const *args)
{
    s_run_in(r, args, NULL);
}

static void s_show(const char *what, const s_result *r)
{
    fprintf(stderr, "\n--- %s: exit %d\n--- stdout:\n%s\n--- stderr:\n%s\n", what, r->status, r->out, r->err);
}

static int s_one_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl && nl[1] == '\0';
}

/* In-process: decode @p xml as a response of @p op. Returns the JSON (caller frees) or NULL with
 * the message in @p err. */
static char *s_decode(const char *op_name, const char *xml, char *err, size_t err_size)
{
    const mktows_schema_op *op = mktows_schema_op_find_(s_schema, op_name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    mktows_xml_doc *doc = NULL;
    if (mktows_xml_parse_(&doc, xml, strlen(xml), err, err_size))
        return NULL;
    char *json = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&json, &len);
    int is_fault = 0;
    int rc = mktows_decode_envelope_(s_schema, op, mktows_xml_root_(doc), 0, NULL, mem, &is_fault, err, err_size);
    fclose(mem);
    mktows_xml_doc_free_(doc);
    if (rc) {
        free(json);
        return NULL;
    }
    return json;
}

/* In-process: decode the element @p xml as type @p type_name of the mktows schema. */
static char *s_decode_value(const char *type_name, const char *xml, char *err, size_t err_size)
{
    const mktows_schema_type *t = mktows_schema_type_find_(s_schema, S_TNS, type_name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    mktows_xml_doc *doc = NULL;
    if (mktows_xml_parse_(&doc, xml, strlen(xml), err, err_size))
        return NULL;
    char *json = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&json, &len);
    int rc = mktows_decode_value_(s_schema, t, mktows_xml_root_(doc), mem, err, err_size);
    fclose(mem);
    mktows_xml_doc_free_(doc);
    if (rc) {
        free(json);
        return NULL;
    }
    return json;
}

#define S_ENV_OPEN "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'" \
                   " xmlns:m='http://www.marketo.com/mktows/'" \
                   " xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'><s:Body>"
#define S_ENV_CLOSE "</s:Body></s:Envelope>"
#define S_ENVELOPE(body) S_ENV_OPEN body S_ENV_CLOSE

/* Expect @p xml to decode as @p op to exactly @p expected (compact JSON). */
static void s_expect_json(const char *op, const char *xml, const char *expected)
{
    char err[1024];
    char *json = s_decode(op, xml, err, sizeof err);
    if (!json) {
        fprintf(stderr, "\n%s: unexpected error: %s\n", op, err);
        CU_FAIL("decoding failed");
        return;
    }
    if (strcmp(json, expected) != 0)
        fprintf(stderr, "\n%s:\n  got      %s\n  expected %s\n", op, json, expected);
    CU_ASSERT_STRING_EQUAL(json, expected);
    free(json);
}

/* Expect @p xml to fail as @p op with an error containing @p what. */
static void s_expect_error(const char *op, const char *xml, const char *what)
{
    char err[1024] = "";
    char *json = s_decode(op, xml, err, sizeof err);
    if (json || !strstr(err, what))
        fprintf(stderr, "\n%s: expected an error with \"%s\", got %s%s\n", op, what, json ? "JSON " : "error: ",
                json ? json : err);
    CU_ASSERT_PTR_NULL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, what));
    free(json);
}

static int s_setup(void)
{
    snprintf(s_tmp, sizeof s_tmp, "/tmp/mktows-test-cli-decode-XXXXXX");
    if (!mkdtemp(s_tmp))
        return -1;
    size_t len;
    char *wsdl = mktows_read_file(S_WSDL_PATH, &len);
    char err[512];
    if (!wsdl)
        return -1;
    int rc = mktows_schema_load_(&s_schema, wsdl, len, err, sizeof err);
    free(wsdl);
    if (rc)
        fprintf(stderr, "schema: %s\n", err);
    return rc;
}

static int s_teardown(void)
{
    /* every file the tests wrote (outputs, and the responses they decode from a file) */
    DIR *d = opendir(s_tmp);
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[512];
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", s_tmp, e->d_name);
            unlink(path);
        }
    }
    if (d)
        closedir(d);
    if (rmdir(s_tmp) != 0)
        fprintf(stderr, "could not remove %s\n", s_tmp);
    mktows_schema_free_(s_schema);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Every operation                                                                              */

static void test_cli_decode__wsdl_has_every_operation_with_its_success_element(void)
{
    size_t n = 0;
    for (; s_ops[n]; n++) {
        const mktows_schema_op *op = mktows_schema_op_find_(s_schema, s_ops[n]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(op);
        CU_ASSERT_STRING_EQUAL(op->element, s_responses[n]);
        CU_ASSERT_EQUAL(op->type->kind, MKTOWS_SCHEMA_COMPLEX);
    }
    CU_ASSERT_EQUAL(n, MKTOWS_IFACE_OPERATION_COUNT);
    CU_ASSERT_EQUAL(mktows_schema_op_count_(s_schema), MKTOWS_IFACE_OPERATION_COUNT);
}

static void test_cli_decode__every_operation_decodes_to_its_expected_json(void)
{
    for (int i = 0; s_ops[i]; i++) {
        if (mktows_test_operation_is_new(s_ops[i]))
            continue;
        char xml[512], json_path[512];
        snprintf(xml, sizeof xml, "%s/%s.xml", S_DATA, s_ops[i]);
        snprintf(json_path, sizeof json_path, "%s/%s.json", S_DATA, s_ops[i]);
        char *expected = mktows_read_file(json_path, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
        s_result r;
        s_run(&r, S_ARGS("decode", s_ops[i], xml));
        char *want = s_squeeze(expected);
        char *got = s_squeeze(r.out);
        if (r.status != 0 || strcmp(want, got) != 0 || r.err[0]) {
            s_show(s_ops[i], &r);
            fprintf(stderr, "--- expected:\n%s\n", want);
        }
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.err, "");
        CU_ASSERT_STRING_EQUAL(got, want);
        CU_ASSERT(s_one_line(r.out)); /* compact: one line of JSON */
        free(want);
        free(got);
        free(expected);
        s_result_free(&r);
    }
}

static void test_cli_decode__reads_the_envelope_from_stdin(void)
{
    s_result r;
    s_run_in(&r, S_ARGS("decode", "getLead", "-"), S_DATA "/getLead.xml");
    char *expected = mktows_read_file(S_DATA "/getLead.json", NULL);
    char *want = s_squeeze(expected);
    char *got = s_squeeze(r.out);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
    free(got);
    free(expected);
    s_result_free(&r);

    /* Errors on stdin are reported as "stdin". */
    s_run_in(&r, S_ARGS("decode", "getLead", "-"), "/dev/null");
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: stdin: the input is empty\n");
    s_result_free(&r);
}


/* ------------------------------------------------------------------------------------------ */
/* The same fixtures through the library's typed calls                                          */

/* Serve @p fixture (tests/data/decode/...) to a typed call and return its code; *resp_out gets the
 * borrowed response. The request is zeroed: only the response matters here. */
#define S_TYPED_CALL(fn, ptype, rtype, fixture, status, code_out, resp_out)                        \
    do {                                                                                            \
        mktows_client *c_ = mktows_mock_client_new(NULL, NULL, NULL, NULL);                         \
        CU_ASSERT_PTR_NOT_NULL_FATAL(c_);                                                           \
        mktows_mock *m_ = mktows_mock_install(c_);                                                  \
        CU_ASSERT_PTR_NOT_NULL_FATAL(m_);                                                           \
        CU_ASSERT_EQUAL_FATAL(mktows_mock_push_file(m_, (status), "decode/" fixture), 0);          \
        struct ptype params_;                                                                       \
        memset(&params_, 0, sizeof params_);                                                        \
        struct rtype *r_ = NULL;                                                                    \
        *(code_out) = fn(c_, &params_, &r_);                                                        \
        if (*(code_out) != MKTOWS_OK && (status) == 200)                                            \
            fprintf(stderr, "\n%s: %s\n", #fn, mktows_strerror(*(code_out)));                     \
        resp_out;                                                                                   \
        mktows_client_free(c_);                                                                     \
        mktows_mock_free(m_);                                                                       \
    } while (0)

#define S_TYPED_OK(op, fn, REQ, RESP, ...)                                                         \
    if (!mktows_test_operation_is_new(#op)) {                                                       \
        mktows_code code_;                                                                          \
        S_TYPED_CALL(mktows_##fn, REQ, RESP, #op ".xml", 200, &code_, (void)r_);                    \
        CU_ASSERT_EQUAL(code_, MKTOWS_OK);                                                          \
        n++;                                                                                        \
    }

static void test_cli_decode__every_fixture_also_parses_with_the_library_typed_call(void)
{
    /* The fixtures are checked against the schema by decode; the generated deserializers behind
     * mktows_<op>() must accept them too, so both readings of the WSDL agree on each response. */
    int n = 0;
    MKTOWS_IFACE_OPERATIONS(S_TYPED_OK)
    CU_ASSERT(n > 0);

    /* The values the JSON shows are the values the library reads: xs:long ids above 2^31 and 2^53. */
    mktows_code code;
    long long ids[2] = { 0, 0 };
    S_TYPED_CALL(mktows_get_lead_activity, mkt__ParamsGetLeadActivity, mkt__SuccessGetLeadActivity,
                 "getLeadActivity.xml", 200, &code,
                 if (r_ && r_->leadActivityList->activityRecordList &&
                     r_->leadActivityList->activityRecordList->__sizeactivityRecord == 2) {
                     ids[0] = r_->leadActivityList->activityRecordList->activityRecord[0].id;
                     ids[1] = r_->leadActivityList->activityRecordList->activityRecord[1].id;
                 });
    CU_ASSERT_EQUAL(code, MKTOWS_OK);
    CU_ASSERT_EQUAL(ids[0], 3000000123LL);
    CU_ASSERT_EQUAL(ids[1], 9007199254740993LL);

    /* The Fault fixture is the library's MKTOWS_MKTO_LEAD_NOT_FOUND. */
    S_TYPED_CALL(mktows_get_lead, mkt__ParamsGetLead, mkt__SuccessGetLead, "fault_20103.xml", 500, &code, (void)r_);
    CU_ASSERT_EQUAL(code, MKTOWS_MKTO_LEAD_NOT_FOUND);
}


/* ------------------------------------------------------------------------------------------ */
/* Responses of the local server                                                                */

/* The last response body the client received. */
static char *s_last_response;

static void s_keep_response(void *userdata, mktows_trace_dir dir, const char *xml, size_t len)
{
    (void)userdata;
    if (dir != MKTOWS_TRACE_RESPONSE)
        return;
    free(s_last_response);
    s_last_response = malloc(len + 1);
    memcpy(s_last_response, xml, len);
    s_last_response[len] = '\0';
}

/* Decode the last response as @p op with the command; returns 1 for a success element, 2 for a
 * Fault, 0 when nothing was received, -1 when decode failed. */
static int s_decode_last(const char *op)
{
    if (!s_last_response)
        return 0;
    char path[512];
    snprintf(path, sizeof path, "%s/server_%s.xml", s_tmp, op);
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, s_last_response, strlen(s_last_response)), 0);
    free(s_last_response);
    s_last_response = NULL;
    s_result r;
    s_run(&r, S_ARGS("decode", op, path));
    int kind = -1;
    if (r.status == 0 && strncmp(r.out, "{\"success", 9) == 0)
        kind = 1;
    else if (r.status == 0 && strncmp(r.out, "{\"Fault\":", 9) == 0)
        kind = 2;
    else
        s_show(op, &r);
    s_result_free(&r);
    unlink(path);
    return kind;
}

#define S_SERVER_CALL(fn, op, name)                                                                  \
    do {                                                                                             \
        struct mkt__Params##op params_;                                                              \
        memset(&params_, 0, sizeof params_);                                                         \
        struct mkt__Success##op *r_ = NULL;                                                          \
        mktows_code code_ = fn(c, &params_, &r_);                                                    \
        int kind_ = s_decode_last(name);                                                             \
        CU_ASSERT(kind_ >= 0);                                                                       \
        if (kind_ > 0) {                                                                             \
            /* decode and the library agree on success vs fault */                                 \
            CU_ASSERT_EQUAL(kind_ == 1, code_ == MKTOWS_OK);                                         \
            decoded++;                                                                               \
        }                                                                                            \
    } while (0)

static void test_cli_decode__the_local_server_responses_decode(void)
{
    mktows_test_server srv;
    mktows_test_server_options so = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &so), 0);
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = srv.url;
    o.user_id = MKTOWS_TEST_USER;
    o.encryption_key = MKTOWS_TEST_KEY;
    o.recv_timeout_ms = 20000;
    o.trace = s_keep_response;
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&o, &c), MKTOWS_OK);

    /* A real lead first, so that getLead has something to return. */
    mktows_sync_lead_result *res = NULL;
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "decode@example.com", NULL, NULL, &res, "FirstName", "Dee", NULL), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_decode_last("syncLead"), 1);
    mktows_sync_lead_result_free(res);
    struct mkt__ResultGetLead *lead = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_lead(c, mkt__LeadKeyRef__EMAIL, "decode@example.com", &lead), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_decode_last("getLead"), 1);

    int ids[3];
    CU_ASSERT_EQUAL(mktows_test_sync_many(c, "decode-many-", 1, 3, ids, "Company", "Acme"), MKTOWS_OK);
    CU_ASSERT_EQUAL(s_decode_last("syncMultipleLeads"), 1);
    static const char *const emails[] = { "decode-many-1@example.com", "decode-many-2@example.com" };
    struct mkt__ResultGetMultipleLeads *many = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, mktows_test_key_selector(c, mkt__LeadKeyRef__EMAIL, emails, 2), NULL, 0,
                                             &many),
                    MKTOWS_OK);
    CU_ASSERT_EQUAL(s_decode_last("getMultipleLeads"), 1);

    /* Every operation with an empty request: whatever the server answers (a result or a Fault for
     * the missing parameters) must be a well-formed response of that operation. */
    int decoded = 0;
    S_SERVER_CALL(mktows_delete_mobjects, DeleteMObjects, "deleteMObjects");
    S_SERVER_CALL(mktows_describe_mobject, DescribeMObject, "describeMObject");
    S_SERVER_CALL(mktows_get_mobjects, GetMObjects, "getMObjects");
    S_SERVER_CALL(mktows_sync_mobjects, SyncMObjects, "syncMObjects");
    S_SERVER_CALL(mktows_get_campaigns_for_source, GetCampaignsForSource, "getCampaignsForSource");
    S_SERVER_CALL(mktows_get_import_to_list_status, GetImportToListStatus, "getImportToListStatus");
    S_SERVER_CALL(mktows_get_lead, GetLead, "getLead");
    S_SERVER_CALL(mktows_get_lead_activity, GetLeadActivity, "getLeadActivity");
    S_SERVER_CALL(mktows_get_lead_changes, GetLeadChanges, "getLeadChanges");
    S_SERVER_CALL(mktows_get_multiple_leads, GetMultipleLeads, "getMultipleLeads");
    S_SERVER_CALL(mktows_import_to_list, ImportToList, "importToList");
    S_SERVER_CALL(mktows_list_mobjects, ListMObjects, "listMObjects");
    S_SERVER_CALL(mktows_list_operation, ListOperation, "listOperation");
    S_SERVER_CALL(mktows_request_campaign, RequestCampaign, "requestCampaign");
    S_SERVER_CALL(mktows_schedule_campaign, ScheduleCampaign, "scheduleCampaign");
    S_SERVER_CALL(mktows_sync_lead_raw, SyncLead, "syncLead");
    S_SERVER_CALL(mktows_sync_multiple_leads, SyncMultipleLeads, "syncMultipleLeads");
    S_SERVER_CALL(mktows_sync_custom_objects, SyncCustomObjects, "syncCustomObjects");
    S_SERVER_CALL(mktows_delete_custom_objects, DeleteCustomObjects, "deleteCustomObjects");
    S_SERVER_CALL(mktows_get_custom_objects, GetCustomObjects, "getCustomObjects");
    S_SERVER_CALL(mktows_merge_leads, MergeLeads, "mergeLeads");
    S_SERVER_CALL(mktows_get_channels, GetChannels, "getChannels");
    S_SERVER_CALL(mktows_get_tags, GetTags, "getTags");
    CU_ASSERT(decoded >= 20); /* the library may refuse a few empty requests before sending */

    mktows_client_free(c);
    free(s_last_response);
    s_last_response = NULL;
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* ------------------------------------------------------------------------------------------ */
/* Faults                                                                                       */

static void test_cli_decode__fault_prints_the_fault_and_exits_0(void)
{
    char *expected = mktows_read_file(S_DATA "/fault_20103.json", NULL);
    char *want = s_squeeze(expected);
    s_result r;
    s_run(&r, S_ARGS("decode", "getLead", S_DATA "/fault_20103.xml"));
    char *got = s_squeeze(r.out);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
    s_result_free(&r);

    /* A Fault is any operation's possible answer. */
    s_run(&r, S_ARGS("decode", "syncMObjects", S_DATA "/fault_20103.xml"));
    CU_ASSERT_EQUAL(r.status, 0);
    s_result_free(&r);

    /* --fail-on-fault: same JSON, exit 1. */
    s_run(&r, S_ARGS("decode", "--fail-on-fault", "getLead", S_DATA "/fault_20103.xml"));
    got = s_squeeze(r.out);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
    s_result_free(&r);

    /* --fail-on-fault does not change a success. */
    s_run(&r, S_ARGS("decode", "getLead", "--fail-on-fault", S_DATA "/getLead.xml"));
    CU_ASSERT_EQUAL(r.status, 0);
    s_result_free(&r);
    free(want);
    free(expected);
}

/* --lenient: an element the schema does not know is left out of the JSON, named on stderr as a
 * warning, exit 0; without it, the same file is an error. Everything else stays an error. */
static void test_cli_decode__lenient_skips_unknown_elements_with_a_warning_and_exits_0(void)
{
    static const char file[] = MKTOWS_TEST_DATA "/cli/success_unknown_element.xml";
    static const char json[] = "{\"successSyncLead\":{\"result\":{\"leadId\":1089965,\"syncStatus\":{\"leadId\":1089965,"
                               "\"status\":\"UPDATED\",\"error\":null},\"leadRecord\":null}}}\n";
    s_result r;
    s_run(&r, S_ARGS("decode", "syncLead", file));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: " MKTOWS_TEST_DATA "/cli/success_unknown_element.xml: "
                                  "Envelope/Body/successSyncLead/result (line 13, column 9): unknown element "
                                  "<mergedInto> in <result> (ResultSyncLead)\n");
    s_result_free(&r);

    s_run(&r, S_ARGS("decode", "--lenient", "syncLead", file));
    if (r.status != 0)
        s_show("--lenient", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, json);
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: " MKTOWS_TEST_DATA "/cli/success_unknown_element.xml: warning: "
                                  "skipped unknown element <mergedInto> in Envelope/Body/successSyncLead/result "
                                  "(line 13, column 9)\n");
    s_result_free(&r);

    /* stdin, the option after the arguments */
    s_run_in(&r, S_ARGS("decode", "syncLead", "-", "--lenient"), file);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, json);
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: stdin: warning: skipped unknown element <mergedInto> in "
                                  "Envelope/Body/successSyncLead/result (line 13, column 9)\n");
    s_result_free(&r);

    /* nothing to skip: no warning */
    s_run(&r, S_ARGS("decode", "--lenient", "getLead", S_DATA "/getLead.xml"));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);

    /* still errors: another operation's response, a bad value */
    s_run(&r, S_ARGS("decode", "--lenient", "getTags", S_DATA "/getLead.xml"));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "is the response of getLead, not of getTags"));
    s_result_free(&r);
    char path[512];
    snprintf(path, sizeof path, "%s/lenient_bad_value.xml", s_tmp);
    static const char bad_value[] =
        S_ENVELOPE("<m:successSyncLead><result><new/><leadId>x</leadId></result></m:successSyncLead>");
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, bad_value, sizeof bad_value - 1), 0);
    s_run_in(&r, S_ARGS("decode", "--lenient", "syncLead", "-"), path);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: stdin: Envelope/Body/successSyncLead/result/leadId "
                                  "(line 1, column 201): 'x' is not a valid xs:int\n");
    s_result_free(&r);

    /* with --fail-on-fault: a Fault with unknown elements is printed, warned about, and exit 1 */
    snprintf(path, sizeof path, "%s/lenient_fault.xml", s_tmp);
    static const char fault[] = S_ENVELOPE("<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring>"
                                           "<p:hop xmlns:p='urn:example:proxy'/></s:Fault>");
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, fault, sizeof fault - 1), 0);
    s_run_in(&r, S_ARGS("decode", "--lenient", "--fail-on-fault", "getLead", "-"), path);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "{\"Fault\":{\"faultcode\":\"s:Client\",\"faultstring\":\"x\"}}\n");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: stdin: warning: skipped unknown element <p:hop> in "
                                  "Envelope/Body/Fault (line 1, column 236)\n");
    s_result_free(&r);
}

static void test_cli_decode__fault_variants(void)
{
    /* Any prefix, faultactor, no detail, a code beyond 64 bits kept exact. */
    s_expect_json("getLead",
                  "<e:Envelope xmlns:e='http://schemas.xmlsoap.org/soap/envelope/'><e:Body><e:Fault>"
                  "<faultcode>e:Server</faultcode><faultstring>Internal error</faultstring>"
                  "<faultactor>http://example.com/soap</faultactor></e:Fault></e:Body></e:Envelope>",
                  "{\"Fault\":{\"faultcode\":\"e:Server\",\"faultstring\":\"Internal error\","
                  "\"faultactor\":\"http://example.com/soap\"}}");
    s_expect_json("getLead",
                  S_ENVELOPE("<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring><detail>"
                             "<q:serviceException xmlns:q='http://www.marketo.com/mktows/'><code> 000123456789012345678901234567890 </code>"
                             "</q:serviceException></detail></s:Fault>"),
                  "{\"Fault\":{\"faultcode\":\"s:Client\",\"faultstring\":\"x\",\"detail\":{\"serviceException\":"
                  "{\"code\":123456789012345678901234567890}}}}");
    s_expect_error("getLead", S_ENVELOPE("<s:Fault><faultstring>x</faultstring></s:Fault>"),
                   "missing <faultcode> in the Fault");
    s_expect_error("getLead",
                   S_ENVELOPE("<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring><detail>"
                              "<m:serviceException><code>twenty</code></m:serviceException></detail></s:Fault>"),
                   "'twenty' is not a valid xs:integer");
    s_expect_error("getLead",
                   S_ENVELOPE("<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring><detail>"
                              "<other/></detail></s:Fault>"),
                   "unexpected element <other> in the fault detail");
}

/* ------------------------------------------------------------------------------------------ */
/* Wire details                                                                                 */

static void test_cli_decode__arrays_have_zero_one_and_many_items(void)
{
    /* Repeated element outside a wrapper: always an array. */
    s_expect_json("listMObjects", S_ENVELOPE("<m:successListMObjects><result/></m:successListMObjects>"),
                  "{\"successListMObjects\":{\"result\":{\"objects\":[]}}}");
    s_expect_json("listMObjects",
                  S_ENVELOPE("<m:successListMObjects><result><objects>Program</objects></result></m:successListMObjects>"),
                  "{\"successListMObjects\":{\"result\":{\"objects\":[\"Program\"]}}}");
    /* ArrayOf* wrappers: empty, one item, many items. */
    s_expect_json("getLead",
                  S_ENVELOPE("<m:successGetLead><result><count>0</count><leadRecordList/></result></m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":0,\"leadRecordList\":{\"leadRecord\":[]}}}}");
    s_expect_json("getLead",
                  S_ENVELOPE("<m:successGetLead><result><count>1</count><leadRecordList><leadRecord><Id>5</Id>"
                             "</leadRecord></leadRecordList></result></m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":1,\"leadRecordList\":{\"leadRecord\":[{\"Id\":5}]}}}}");
    s_expect_json("mergeLeads",
                  S_ENVELOPE("<m:successMergeLeads><result><mergeStatus><losingLeadIdList><integerItem>1</integerItem>"
                             "<integerItem>2</integerItem><integerItem>3</integerItem></losingLeadIdList>"
                             "<status>FAILED</status></mergeStatus></result></m:successMergeLeads>"),
                  "{\"successMergeLeads\":{\"result\":{\"mergeStatus\":{\"losingLeadIdList\":{\"integerItem\":[1,2,3]},"
                  "\"status\":\"FAILED\"}}}}");
}

static void test_cli_decode__nil_absent_and_value_stay_distinct(void)
{
    /* Email nil, ForeignSysPersonId absent, Id a value; the list itself nil, then absent. */
    s_expect_json("getLead",
                  S_ENVELOPE("<m:successGetLead><result><count>1</count><leadRecordList><leadRecord><Id>5</Id>"
                             "<Email xsi:nil='true'/><ForeignSysType>NETSUITE</ForeignSysType></leadRecord>"
                             "</leadRecordList></result></m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":1,\"leadRecordList\":{\"leadRecord\":[{\"Id\":5,"
                  "\"Email\":null,\"ForeignSysType\":\"NETSUITE\"}]}}}}");
    s_expect_json("getLead",
                  S_ENVELOPE("<m:successGetLead><result><count>0</count><leadRecordList xsi:nil='true'/></result>"
                             "</m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":0,\"leadRecordList\":null}}}");
    s_expect_json("getLead",
                  S_ENVELOPE("<m:successGetLead><result><count>0</count></result></m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":0}}}");
    /* An empty element is an empty string, not nil; xsi:nil="false" is a value. */
    s_expect_json("getLead",
                  S_ENVELOPE("<m:successGetLead><result><count>1</count><leadRecordList><leadRecord><Email/>"
                             "<ForeignSysPersonId xsi:nil='false'>x</ForeignSysPersonId></leadRecord></leadRecordList>"
                             "</result></m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":1,\"leadRecordList\":{\"leadRecord\":[{\"Email\":\"\","
                  "\"ForeignSysPersonId\":\"x\"}]}}}}");
    /* Required but nillable (MObjStatus/id): nil is fine, absence is not. */
    s_expect_json("deleteMObjects",
                  S_ENVELOPE("<m:successDeleteMObjects><result><mObjStatusList><mObjStatus><id xsi:nil='1'/>"
                             "<status>SKIPPED</status></mObjStatus></mObjStatusList></result></m:successDeleteMObjects>"),
                  "{\"successDeleteMObjects\":{\"result\":{\"mObjStatusList\":{\"mObjStatus\":[{\"id\":null,"
                  "\"status\":\"SKIPPED\"}]}}}}");
    s_expect_error("deleteMObjects",
                   S_ENVELOPE("<m:successDeleteMObjects><result><mObjStatusList><mObjStatus>"
                              "<status>SKIPPED</status></mObjStatus></mObjStatusList></result></m:successDeleteMObjects>"),
                   "missing <id> (xs:int) before <status>");
    /* nil where the schema does not allow it, and nil with content. */
    s_expect_error("getLead",
                   S_ENVELOPE("<m:successGetLead><result><count xsi:nil='true'/></result></m:successGetLead>"),
                   "<count> is not nillable");
    s_expect_error("getLead",
                   S_ENVELOPE("<m:successGetLead><result><count>0</count><leadRecordList xsi:nil='true'>"
                              "<leadRecord/></leadRecordList></result></m:successGetLead>"),
                   "has xsi:nil=\"true\" but is not empty");
}

static void test_cli_decode__xs_long_keeps_exact_digits_above_2_31_and_2_53(void)
{
#define S_CHANGE(id) S_ENVELOPE("<m:successGetLeadChanges><result><returnCount>1</returnCount><remainingCount>0" \
                                "</remainingCount><newStartPosition/><leadChangeRecordList><leadChangeRecord><id>" id \
                                "</id><activityDateTime>2013-06-09T14:04:54-08:00</activityDateTime><activityType>" \
                                "x</activityType><mktPersonId>1</mktPersonId></leadChangeRecord>" \
                                "</leadChangeRecordList></result></m:successGetLeadChanges>")
#define S_CHANGE_JSON(id) "{\"successGetLeadChanges\":{\"result\":{\"returnCount\":1,\"remainingCount\":0," \
                          "\"newStartPosition\":{},\"leadChangeRecordList\":{\"leadChangeRecord\":[{\"id\":" id \
                          ",\"activityDateTime\":\"2013-06-09T14:04:54-08:00\",\"activityType\":\"x\"," \
                          "\"mktPersonId\":\"1\"}]}}}}"
    s_expect_json("getLeadChanges", S_CHANGE("2147483648"), S_CHANGE_JSON("2147483648"));
    s_expect_json("getLeadChanges", S_CHANGE("9007199254740993"), S_CHANGE_JSON("9007199254740993"));
    s_expect_json("getLeadChanges", S_CHANGE("9223372036854775807"), S_CHANGE_JSON("9223372036854775807"));
    s_expect_json("getLeadChanges", S_CHANGE("-9223372036854775808"), S_CHANGE_JSON("-9223372036854775808"));
    s_expect_json("getLeadChanges", S_CHANGE(" +0042 "), S_CHANGE_JSON("42"));
    s_expect_error("getLeadChanges", S_CHANGE("9223372036854775808"), "out of range for xs:long");
    s_expect_error("getLeadChanges", S_CHANGE("12.5"), "'12.5' is not a valid xs:long");
    s_expect_error("getLeadChanges", S_CHANGE(""), "'' is not a valid xs:long");
    /* xs:int stops at 2^31 - 1. */
    s_expect_json("getLead", S_ENVELOPE("<m:successGetLead><result><count>-2147483648</count></result></m:successGetLead>"),
                  "{\"successGetLead\":{\"result\":{\"count\":-2147483648}}}");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead><result><count>2147483648</count></result></m:successGetLead>"),
                   "2147483648 is out of range for xs:int");
#undef S_CHANGE
#undef S_CHANGE_JSON
}

static void test_cli_decode__versioned_item_id_beyond_64_bits_keeps_exact_digits(void)
{
    /* No response carries a VersionedItem (ArrayOfVersionedItem is unused), so the type is decoded
     * directly. */
    char err[512];
    char *json = s_decode_value("VersionedItem",
                                "<versionedItem xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>"
                                "<id>+000340282366920938463463374607431768211457</id><name>Spring launch</name>"
                                "<type xsi:nil='true'/><timestamp>2014-11-13T10:00:00.5+01:00</timestamp>"
                                "</versionedItem>",
                                err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, "{\"id\":340282366920938463463374607431768211457,\"name\":\"Spring launch\","
                                 "\"type\":null,\"timestamp\":\"2014-11-13T10:00:00.5+01:00\"}");
    free(json);
    json = s_decode_value("VersionedItem",
                          "<v><id>-18446744073709551617</id><name>n</name><timestamp>2014-11-13T10:00:00Z</timestamp></v>",
                          err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"id\":-18446744073709551617,"));
    free(json);
    json = s_decode_value("VersionedItem", "<v><id>1e30</id><name>n</name><timestamp>2014-11-13T10:00:00Z</timestamp></v>",
                          err, sizeof err);
    CU_ASSERT_PTR_NULL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "'1e30' is not a valid xs:integer"));

    char out[64];
    CU_ASSERT_EQUAL(mktows_decode_integer_("-0", out, sizeof out), 0);
    CU_ASSERT_STRING_EQUAL(out, "0");
    CU_ASSERT_EQUAL(mktows_decode_integer_("\n 007\t", out, sizeof out), 0);
    CU_ASSERT_STRING_EQUAL(out, "7");
    CU_ASSERT_EQUAL(mktows_decode_integer_("+", out, sizeof out), -1);
    CU_ASSERT_EQUAL(mktows_decode_integer_("1 2", out, sizeof out), -1);
    CU_ASSERT_EQUAL(mktows_decode_integer_("0x10", out, sizeof out), -1);
    CU_ASSERT_EQUAL(mktows_decode_integer_("123", out, 3), -1); /* does not fit */
}

static void test_cli_decode__datetime_is_checked_and_kept_as_written(void)
{
    static const char *const good[] = { "2013-06-09T14:04:54-08:00", "2013-09-25T14:15:03+05:30",
                                        "2013-06-01T00:00:00Z", "2013-06-01T00:00:00", "2012-02-29T23:59:59.999999Z",
                                        "2013-12-31T24:00:00+14:00", "-0044-03-15T12:00:00Z", "12013-01-01T00:00:00Z",
                                        NULL };
    static const char *const bad[] = { "2013-06-09 14:04:54", "2013-13-01T00:00:00Z", "2013-02-29T00:00:00Z",
                                       "2013-06-31T00:00:00Z", "2013-06-09T14:60:00Z", "2013-06-09T14:04:54+15:00",
                                       "2013-06-09T14:04:54+0800", "2013-06-09T24:00:01Z", "13-06-09T14:04:54Z",
                                       "2013-06-09T14:04:54.Z", "2013-06-09", "", NULL };
    for (int i = 0; good[i]; i++) {
        if (mktows_decode_check_datetime_(good[i]))
            fprintf(stderr, "\nrejected %s\n", good[i]);
        CU_ASSERT_EQUAL(mktows_decode_check_datetime_(good[i]), 0);
    }
    for (int i = 0; bad[i]; i++) {
        if (!mktows_decode_check_datetime_(bad[i]))
            fprintf(stderr, "\naccepted %s\n", bad[i]);
        CU_ASSERT_EQUAL(mktows_decode_check_datetime_(bad[i]), -1);
    }
    /* In a response: surrounding white space is dropped (xs:dateTime collapses it), the rest kept. */
    s_expect_json("getImportToListStatus",
                  S_ENVELOPE("<m:successGetImportToListStatus><result><status>FAILED</status><startedTime>\n"
                             "  2013-05-10T09:28:55.000-07:00 </startedTime></result></m:successGetImportToListStatus>"),
                  "{\"successGetImportToListStatus\":{\"result\":{\"status\":\"FAILED\","
                  "\"startedTime\":\"2013-05-10T09:28:55.000-07:00\"}}}");
    s_expect_error("getImportToListStatus",
                   S_ENVELOPE("<m:successGetImportToListStatus><result><status>FAILED</status><startedTime>"
                              "yesterday</startedTime></result></m:successGetImportToListStatus>"),
                   "'yesterday' is not a valid xs:dateTime");
}

static void test_cli_decode__xsi_type_selects_a_derived_type(void)
{
    /* Responses carry no LeadSelector; the request type shows the decoder honours xsi:type. */
    char err[512];
#define S_PARAMS(sel) "<p xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:k='http://www.marketo.com/mktows/'>" \
                      sel "<batchSize>100</batchSize></p>"
    char *json = s_decode_value("ParamsGetMultipleLeads",
                                S_PARAMS("<leadSelector xsi:type='k:LeadKeySelector'><keyType>EMAIL</keyType>"
                                         "<keyValues><stringItem>a@example.com</stringItem></keyValues></leadSelector>"),
                                err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, "{\"leadSelector\":{\"keyType\":\"EMAIL\",\"keyValues\":{\"stringItem\":"
                                 "[\"a@example.com\"]}},\"batchSize\":100}");
    free(json);
    json = s_decode_value("ParamsGetMultipleLeads",
                          S_PARAMS("<leadSelector xsi:type='k:StaticListSelector'><staticListId>7</staticListId>"
                                   "</leadSelector>"),
                          err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_STRING_EQUAL(json, "{\"leadSelector\":{\"staticListId\":7},\"batchSize\":100}");
    free(json);

    json = s_decode_value("ParamsGetMultipleLeads", S_PARAMS("<leadSelector><staticListId>7</staticListId></leadSelector>"),
                          err, sizeof err);
    CU_ASSERT_PTR_NULL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "abstract type LeadSelector and needs an xsi:type"));
    json = s_decode_value("ParamsGetMultipleLeads", S_PARAMS("<leadSelector xsi:type='k:LeadRecord'/>"), err, sizeof err);
    CU_ASSERT_PTR_NULL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "xsi:type=\"k:LeadRecord\" is not LeadSelector or derived from it"));
    json = s_decode_value("ParamsGetMultipleLeads", S_PARAMS("<leadSelector xsi:type='nope:LeadKeySelector'/>"), err,
                          sizeof err);
    CU_ASSERT_PTR_NULL(json);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "is not a type of the mktows schema"));
#undef S_PARAMS
}

static void test_cli_decode__namespaces_are_matched_by_uri_not_prefix(void)
{
    /* A default namespace on the success element, undeclared again for the unqualified children. */
    s_expect_json("requestCampaign",
                  "<Envelope xmlns='http://schemas.xmlsoap.org/soap/envelope/'><Body>"
                  "<successRequestCampaign xmlns='http://www.marketo.com/mktows/'><result xmlns=''>"
                  "<success>false</success></result></successRequestCampaign></Body></Envelope>",
                  "{\"successRequestCampaign\":{\"result\":{\"success\":false}}}");
    /* The right local name in the wrong namespace is not the element. */
    s_expect_error("requestCampaign",
                   S_ENVELOPE("<x:successRequestCampaign xmlns:x='urn:other'><result><success>true</success></result>"
                              "</x:successRequestCampaign>"),
                   "unexpected element <x:successRequestCampaign> in namespace urn:other");
    s_expect_error("requestCampaign",
                   S_ENVELOPE("<successRequestCampaign><result><success>true</success></result></successRequestCampaign>"),
                   "must be in the namespace http://www.marketo.com/mktows/");
    /* Children are unqualified: a default namespace leaking onto them is an error. */
    s_expect_error("requestCampaign",
                   S_ENVELOPE("<successRequestCampaign xmlns='http://www.marketo.com/mktows/'><result>"
                              "<success>true</success></result></successRequestCampaign>"),
                   "the children of <successRequestCampaign> are unqualified");
}

/* ------------------------------------------------------------------------------------------ */
/* Schema violations                                                                            */

static void test_cli_decode__schema_violations_are_errors_with_a_path(void)
{
    s_expect_error("getLead",
                   S_ENVELOPE("<m:successGetLead><result><count>1</count><leadRecordList><leadRecord><Id>5</Id>"
                              "<Phone>1</Phone></leadRecord></leadRecordList></result></m:successGetLead>"),
                   "Envelope/Body/successGetLead/result/leadRecordList/leadRecord[1] (line 1, column");
    s_expect_error("getLead",
                   S_ENVELOPE("<m:successGetLead><result><count>1</count><leadRecordList><leadRecord><Id>5</Id>"
                              "<Phone>1</Phone></leadRecord></leadRecordList></result></m:successGetLead>"),
                   "unknown element <Phone> in <leadRecord> (LeadRecord)");
    s_expect_error("getLead",
                   S_ENVELOPE("<m:successGetLead><result><count>1</count><leadRecordList><leadRecord><Email>e</Email>"
                              "<Id>5</Id></leadRecord></leadRecordList></result></m:successGetLead>"),
                   "<Id> is out of order in <leadRecord> (LeadRecord)");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead><result><count>1</count><count>2</count></result></m:successGetLead>"),
                   "<count> appears more than once");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead><result/></m:successGetLead>"),
                   "missing <count> (xs:int) in <result>");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead/>"), "missing <result> (ResultGetLead) in <m:successGetLead>");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead><result><count>one</count></result></m:successGetLead>"),
                   "'one' is not a valid xs:int");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead><result><count><n>1</n></count></result></m:successGetLead>"),
                   "unexpected element <n>: count holds a xs:int value, not elements");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetLead><result>hello<count>1</count></result></m:successGetLead>"),
                   "unexpected text in <result>, which holds only elements");
    s_expect_error("requestCampaign",
                   S_ENVELOPE("<m:successRequestCampaign><result><success>yes</success></result></m:successRequestCampaign>"),
                   "'yes' is not a valid xs:boolean");
    s_expect_error("importToList",
                   S_ENVELOPE("<m:successImportToList><result><importStatus>DONE</importStatus></result></m:successImportToList>"),
                   "'DONE' is not a value of ImportToListStatusEnum");
    /* Enumerations are exact: no white space trimming (xs:string restrictions preserve it). */
    s_expect_error("importToList",
                   S_ENVELOPE("<m:successImportToList><result><importStatus> COMPLETE</importStatus></result></m:successImportToList>"),
                   "is not a value of ImportToListStatusEnum");
}

static void test_cli_decode__envelope_structure_is_checked(void)
{
    s_expect_error("getLead", "<successGetLead xmlns='http://www.marketo.com/mktows/'/>",
                   "the root element <successGetLead> is not a SOAP 1.1 Envelope");
    s_expect_error("getLead", "<e:Envelope xmlns:e='http://www.w3.org/2003/05/soap-envelope'><e:Body/></e:Envelope>",
                   "a SOAP 1.2 envelope");
    s_expect_error("getLead", S_ENVELOPE(""), "the Body is empty (expected successGetLead or a Fault)");
    s_expect_error("getLead",
                   S_ENVELOPE("<m:successGetLead><result><count>0</count></result></m:successGetLead><m:successGetLead/>"),
                   "more than one element in the Body");
    s_expect_error("getLead",
                   "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Header/></s:Envelope>",
                   "expected the SOAP Body");
    s_expect_error("getLead", S_ENVELOPE("<m:successGetTags><result><tagList/></result></m:successGetTags>"),
                   "<m:successGetTags> is the response of getTags, not of getLead (expected successGetLead)");
    s_expect_error("getLead", S_ENVELOPE("<m:paramsGetLead/>"), "unexpected element <m:paramsGetLead>");
}

/* ------------------------------------------------------------------------------------------ */
/* Malformed input                                                                              */

static void s_expect_xml_error(const char *xml, const char *what)
{
    mktows_xml_doc *doc = NULL;
    char err[512] = "";
    int rc = mktows_xml_parse_(&doc, xml, strlen(xml), err, sizeof err);
    if (rc == 0 || !strstr(err, what))
        fprintf(stderr, "\n%s\n  expected an error with \"%s\", got rc %d: %s\n", xml, what, rc, err);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, what));
    mktows_xml_doc_free_(doc);
}

static void test_cli_decode__malformed_xml_is_reported_with_line_and_column(void)
{
    s_expect_xml_error("<a>\n  <b>x</c>\n</a>", "line 2, column 7: end tag </c> does not match start tag <b> (line 2)");
    s_expect_xml_error("<a>&nbsp;</a>", "line 1, column 4: unknown entity '&nbsp;'");
    s_expect_xml_error("<a>AT&T</a>", "'&' must start an entity or character reference");
    s_expect_xml_error("<a>&#0;</a>", "character reference '&#0;' is not an XML character");
    s_expect_xml_error("<a>&#x110000;</a>", "out of range");
    s_expect_xml_error("<p:a/>", "line 1, column 2: namespace prefix 'p' is not declared");
    s_expect_xml_error("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "a DOCTYPE is not allowed");
    s_expect_xml_error("<a/><b/>", "line 1, column 5: content after the end of the root element </a>");
    s_expect_xml_error("<a x='1' x='2'/>", "duplicate attribute 'x'");
    s_expect_xml_error("<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>", "duplicate attribute 'q:x'");
    s_expect_xml_error("<a x='<'/>", "'<' is not allowed in an attribute value");
    s_expect_xml_error("<a x=1/>", "attribute value must be quoted");
    s_expect_xml_error("<a>\xC3\x28</a>", "invalid UTF-8 byte 0xC3");
    s_expect_xml_error("<a>\xED\xA0\x80</a>", "invalid UTF-8 byte 0xED"); /* a UTF-16 surrogate */
    s_expect_xml_error("<a>\x01</a>", "character U+0001 is not allowed");
    s_expect_xml_error("hello", "expected '<' to start the root element");
    s_expect_xml_error("<?xml version='1.0' encoding='ISO-8859-1'?><a/>", "only UTF-8 input is supported");
    s_expect_xml_error("<a>]]></a>", "']]>' is not allowed in content");
    s_expect_xml_error("", "the input is empty");
    s_expect_xml_error(" \n\t", "the input holds only white space");
    s_expect_xml_error("<!-- only a comment -->", "no root element");
    s_expect_xml_error("<a><b>x", "line 1, column 8: unexpected end of input: element <b> (line 1) is not closed (truncated?)");
    s_expect_xml_error("<a><b>x</b", "line 1, column 11: unexpected end of input in end tag </b (truncated?)");
    s_expect_xml_error("<a><b>x</", "unexpected end of input in an end tag name (truncated?)");
    s_expect_xml_error("<a><", "unexpected end of input in an element name (truncated?)");
    s_expect_xml_error("<a>< b/></a>", "line 1, column 5: expected an element name, found U+0020");
    s_expect_xml_error("<a><1/></a>", "expected an element name, found '1'");
    s_expect_xml_error("<a><b x='1", "unexpected end of input in an attribute value (truncated?)");
    s_expect_xml_error("<a><b", "unexpected end of input in start tag <b> (truncated?)");
    s_expect_xml_error("<a><!-- x", "unexpected end of input in a comment (truncated?)");

    /* Nesting is bounded (the reader recurses). */
    size_t depth = 300;
    char *deep = malloc(depth * 7 + 1);
    size_t k = 0;
    for (size_t i = 0; i < depth; i++)
        k += (size_t)sprintf(deep + k, "<a>");
    for (size_t i = 0; i < depth; i++)
        k += (size_t)sprintf(deep + k, "</a>");
    s_expect_xml_error(deep, "elements are nested more than 256 deep");
    free(deep);

    /* What the reader keeps: text exactly as written (leading space too), entities and references
     * replaced, CDATA, \r\n as \n, a BOM skipped, comments and PIs ignored. */
    const char *xml = "\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?><!-- c --><a> x &lt;&#x20AC;&#233;<![CDATA[<&>]]>\r\n"
                      "<?pi?></a>";
    mktows_xml_doc *doc = NULL;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(mktows_xml_parse_(&doc, xml, strlen(xml), err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(mktows_xml_root_(doc)->text, " x <\xE2\x82\xAC\xC3\xA9<&>\n");
    mktows_xml_doc_free_(doc);
}

static void test_cli_decode__every_truncation_of_every_fixture_fails(void)
{
    size_t cases = 0;
    for (int i = 0; s_ops[i]; i++) {
        if (mktows_test_operation_is_new(s_ops[i]))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s.xml", S_DATA, s_ops[i]);
        size_t len;
        char *xml = mktows_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        size_t end = len;
        while (end > 0 && xml[end - 1] != '>')
            end--; /* the whole document up to its last '>' */
        for (size_t cut = 0; cut < end; cut++) {
            mktows_xml_doc *doc = NULL;
            char err[512];
            int rc = mktows_xml_parse_(&doc, xml, cut, err, sizeof err);
            if (rc == 0)
                fprintf(stderr, "\n%s cut at %zu parsed\n", s_ops[i], cut);
            CU_ASSERT_EQUAL(rc, -1);
            mktows_xml_doc_free_(doc);
            cases++;
        }
        free(xml);
    }
    CU_ASSERT(cases > 20000);
}

static void test_cli_decode__bad_input_exits_1_with_a_clear_message(void)
{
    char path[512];
    s_result r;

    /* Empty file. */
    snprintf(path, sizeof path, "%s/empty.xml", s_tmp);
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, "", 0), 0);
    s_run(&r, S_ARGS("decode", "getLead", path));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    char want[1024];
    snprintf(want, sizeof want, "mktows: decode: %s: the input is empty\n", path);
    CU_ASSERT_STRING_EQUAL(r.err, want);
    s_result_free(&r);

    /* Truncated capture: the first 700 bytes of getLeadActivity.xml. */
    size_t len;
    char *xml = mktows_read_file(S_DATA "/getLeadActivity.xml", &len);
    CU_ASSERT_FATAL(len > 700);
    snprintf(path, sizeof path, "%s/truncated.xml", s_tmp);
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, xml, 700), 0);
    free(xml);
    s_run(&r, S_ARGS("decode", "getLeadActivity", path));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    snprintf(want, sizeof want, "mktows: decode: %s: line ", path);
    CU_ASSERT_NSTRING_EQUAL(r.err, want, strlen(want));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "is not closed (truncated?)"));
    CU_ASSERT(s_one_line(r.err));
    s_result_free(&r);

    /* Malformed. */
    snprintf(path, sizeof path, "%s/bad.xml", s_tmp);
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, "<a>\n  <b>x</c>\n</a>\n", 19), 0);
    s_run(&r, S_ARGS("decode", "getLead", path));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    snprintf(want, sizeof want,
             "mktows: decode: %s: line 2, column 7: end tag </c> does not match start tag <b> (line 2)\n", path);
    CU_ASSERT_STRING_EQUAL(r.err, want);
    s_result_free(&r);

    /* Another operation's response: nothing on stdout. */
    s_run(&r, S_ARGS("decode", "getTags", S_DATA "/getLead.xml"));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    snprintf(want, sizeof want,
             "mktows: decode: %s/getLead.xml: Envelope/Body (line 4, column 5): <ns1:successGetLead> is the response "
             "of getLead, not of getTags (expected successGetTags)\n",
             S_DATA);
    CU_ASSERT_STRING_EQUAL(r.err, want);
    s_result_free(&r);

    /* A whole HTTP response rather than its body. */
    static const char http[] = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<x/>";
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(path, http, sizeof http - 1), 0);
    s_run(&r, S_ARGS("decode", "getLead", path));
    CU_ASSERT_EQUAL(r.status, 1);
    snprintf(want, sizeof want,
             "mktows: decode: %s: starts with an HTTP status line: keep only the body (the SOAP envelope)\n", path);
    CU_ASSERT_STRING_EQUAL(r.err, want);
    s_result_free(&r);

    /* A file that cannot be read. */
    s_run(&r, S_ARGS("decode", "getLead", "/nonexistent/x.xml"));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: /nonexistent/x.xml: cannot open: No such file or directory\n");
    s_result_free(&r);
}

/* ------------------------------------------------------------------------------------------ */
/* Command line                                                                                 */

static void test_cli_decode__unknown_operation_is_a_usage_error_listing_the_operations(void)
{
    s_result r;
    s_run(&r, S_ARGS("decode", "getLeads", S_DATA "/getLead.xml"));
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    char want[128];
    snprintf(want, sizeof want, "mktows: decode: unknown operation 'getLeads'; the operations are: %s, ", s_ops[0]);
    CU_ASSERT(strncmp(r.err, want, strlen(want)) == 0);
    for (int i = 0; s_ops[i]; i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, s_ops[i]));
    CU_ASSERT(s_one_line(r.err));
    s_result_free(&r);

    /* Names are case-sensitive, as in the WSDL. */
    s_run(&r, S_ARGS("decode", "GetLead", S_DATA "/getLead.xml"));
    CU_ASSERT_EQUAL(r.status, 2);
    s_result_free(&r);
}

static void test_cli_decode__usage_errors_exit_2(void)
{
    const char *const *const cases[] = {
        S_ARGS("decode"),
        S_ARGS("decode", "getLead"),
        S_ARGS("decode", "getLead", "a.xml", "b.xml"),
        S_ARGS("decode", "--pretty", "getLead", "a.xml"),
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s_result r;
        s_run(&r, cases[i]);
        if (r.status != 2)
            s_show("usage", &r);
        CU_ASSERT_EQUAL(r.status, 2);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT(strncmp(r.err, "mktows: decode: ", 16) == 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "(see 'mktows decode --help')"));
        s_result_free(&r);
    }
    /* "--" ends the options: a file named like an option. */
    s_result r;
    s_run(&r, S_ARGS("decode", "--", "getLead", "--fail-on-fault"));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: decode: --fail-on-fault: cannot open: No such file or directory\n");
    s_result_free(&r);
}

static void test_cli_decode__help_lists_the_command_and_its_options(void)
{
    s_result r;
    s_run(&r, S_ARGS("--help"));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\n  decode "));
    s_result_free(&r);

    const char *const *const helps[] = { S_ARGS("decode", "--help"), S_ARGS("help", "decode"),
                                                S_ARGS("decode", "getLead", "-h") };
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
        s_run(&r, helps[i]);
        CU_ASSERT_EQUAL(r.status, 0);
        static const char usage[] = "Usage: mktows decode [--fail-on-fault] [--lenient] [--quiet] <operation> FILE|-\n";
        CU_ASSERT(strncmp(r.out, usage, strlen(usage)) == 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "--fail-on-fault"));
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\n  --lenient "));
        for (int k = 0; s_ops[k]; k++)
            CU_ASSERT_PTR_NOT_NULL(strstr(r.out, s_ops[k]));
        CU_ASSERT_STRING_EQUAL(r.err, "");
        s_result_free(&r);
    }
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "wsdl_has_every_operation_with_its_success_element",
          test_cli_decode__wsdl_has_every_operation_with_its_success_element },
        { "every_operation_decodes_to_its_expected_json", test_cli_decode__every_operation_decodes_to_its_expected_json },
        { "every_fixture_also_parses_with_the_library_typed_call",
          test_cli_decode__every_fixture_also_parses_with_the_library_typed_call },
        { "the_local_server_responses_decode", test_cli_decode__the_local_server_responses_decode },
        { "reads_the_envelope_from_stdin", test_cli_decode__reads_the_envelope_from_stdin },
        { "fault_prints_the_fault_and_exits_0", test_cli_decode__fault_prints_the_fault_and_exits_0 },
        { "lenient_skips_unknown_elements_with_a_warning_and_exits_0",
          test_cli_decode__lenient_skips_unknown_elements_with_a_warning_and_exits_0 },
        { "fault_variants", test_cli_decode__fault_variants },
        { "arrays_have_zero_one_and_many_items", test_cli_decode__arrays_have_zero_one_and_many_items },
        { "nil_absent_and_value_stay_distinct", test_cli_decode__nil_absent_and_value_stay_distinct },
        { "xs_long_keeps_exact_digits_above_2_31_and_2_53",
          test_cli_decode__xs_long_keeps_exact_digits_above_2_31_and_2_53 },
        { "versioned_item_id_beyond_64_bits_keeps_exact_digits",
          test_cli_decode__versioned_item_id_beyond_64_bits_keeps_exact_digits },
        { "datetime_is_checked_and_kept_as_written", test_cli_decode__datetime_is_checked_and_kept_as_written },
        { "xsi_type_selects_a_derived_type", test_cli_decode__xsi_type_selects_a_derived_type },
        { "namespaces_are_matched_by_uri_not_prefix", test_cli_decode__namespaces_are_matched_by_uri_not_prefix },
        { "schema_violations_are_errors_with_a_path", test_cli_decode__schema_violations_are_errors_with_a_path },
        { "envelope_structure_is_checked", test_cli_decode__envelope_structure_is_checked },
        { "malformed_xml_is_reported_with_line_and_column",
          test_cli_decode__malformed_xml_is_reported_with_line_and_column },
        { "every_truncation_of_every_fixture_fails", test_cli_decode__every_truncation_of_every_fixture_fails },
        { "bad_input_exits_1_with_a_clear_message", test_cli_decode__bad_input_exits_1_with_a_clear_message },
        { "unknown_operation_is_a_usage_error_listing_the_operations",
          test_cli_decode__unknown_operation_is_a_usage_error_listing_the_operations },
        { "usage_errors_exit_2", test_cli_decode__usage_errors_exit_2 },
        { "help_lists_the_command_and_its_options", test_cli_decode__help_lists_the_command_and_its_options },
        { NULL, NULL }
    };
    return mktows_test_run("cli_decode", s_setup, s_teardown, cases);
}
