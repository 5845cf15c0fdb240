/* mktows call and the per-operation commands end to end against mktows-server: every operation's
 * command with its golden request (--params-xml) answers JSON or a Marketo fault, never a usage
 * error; friendly flags; bad JSON, schema violations (with the JSON path), unknown operations
 * (with the nearest name) and faults; --all over 2,500 leads each exactly once; --resume after
 * --max-pages continues without a gap or a repeat. */
#include "runner.h"
#include "cli_run.h"
#include "server_harness.h"

#include <mktows/mktows.h>
#include <mktows/batch.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files.h"

#define S_BIN MKTOWS_BIN_DIR "/mktows"

static mktows_test_server s_srv;

static char s_env[1024];

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    if (mktows_test_server_start(&s_srv, &o))
        return 1;
    snprintf(s_env, sizeof s_env, "MARKETO_SOAP_ENDPOINT='%s' MARKETO_USER_ID='%s' MARKETO_ENCRYPTION_KEY='%s'",
             s_srv.url, MKTOWS_TEST_USER, MKTOWS_TEST_KEY);
    return 0;
}

static int s_teardown(void)
{
    int rc = mktows_test_server_stop(&s_srv);
    mktows_test_server_clean_up(&s_srv);
    return rc == 0 ? 0 : 1;
}

/* Run `mktows ARGS` with the server's credentials; stdout to *out, stderr to *err. */
static int s_run(const char *args, char **out, char **err)
{
    return mktows_test_cli_shell(s_env, s_srv.dir, args, out, err);
}

static void test_cli_call__every_operation_command_answers_json_or_a_marketo_fault(void)
{
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        const char *op = mktows_operation_at(i)->name;
        if (mktows_test_operation_is_new(op))
            continue;
        /* the command name: kebab case, derived as the CLI does */
        char kebab[128], args[1024];
        size_t n = 0;
        for (size_t k = 0; op[k] && n + 2 < sizeof kebab; k++) {
            if (op[k] >= 'A' && op[k] <= 'Z' && k > 0 && op[k - 1] >= 'a' && op[k - 1] <= 'z')
                kebab[n++] = '-';
            kebab[n++] = (char)(op[k] >= 'A' && op[k] <= 'Z' ? op[k] - 'A' + 'a' : op[k]);
        }
        kebab[n] = '\0';
        const char *cmd = strcmp(op, "syncLead") == 0 ? "call syncLead" : kebab; /* sync-lead has its own flags */
        snprintf(args, sizeof args, "%s --params-xml %s/ops/%s/request.xml", cmd, MKTOWS_TEST_DATA, op);
        char *out = NULL, *err = NULL;
        int rc = s_run(args, &out, &err);
        char want[160];
        snprintf(want, sizeof want, "mktows: %s failed: Marketo error ", op);
        int ok = (rc == 0 && out[0] == '{' && !*err) || (rc == 1 && strncmp(err, want, strlen(want)) == 0);
        if (!ok)
            fprintf(stderr, "\n  %s: exit %d\n  stdout: %s\n  stderr: %s\n", cmd, rc, out, err);
        CU_ASSERT_TRUE(ok);
        free(out);
        free(err);
    }
}

static void test_cli_call__get_lead_by_flags_and_params_and_errors(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(s_run("sync-lead --email zed@example.com", &out, NULL), 0);
    free(out);
    CU_ASSERT_EQUAL(s_run("get-lead --email zed@example.com", &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"Email\":\"zed@example.com\""));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("call getLead --params '{\"leadKey\":{\"keyType\":\"EMAIL\",\"keyValue\":\"zed@example.com\"}}'",
                          &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"count\":1"));
    free(out);
    free(err);
    /* a Marketo fault */
    CU_ASSERT_EQUAL(s_run("get-lead --email nobody@example.com", &out, &err), 1);
    CU_ASSERT_STRING_EQUAL(out, "");
    CU_ASSERT_EQUAL(strncmp(err, "mktows: getLead failed: Marketo error 20103", 43), 0);
    free(out);
    free(err);
    /* bad JSON, a schema violation with its path, unknown operations: exit 2, nothing sent */
    CU_ASSERT_EQUAL(s_run("call getLead --params '{\"leadKey\":'", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not valid JSON: line 1, column 12: unexpected end of input"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("get-lead --params '{\"leadKey\":{\"keyType\":\"MAIL\",\"keyValue\":\"x\"}}'", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "$.leadKey.keyType: expected one of IDNUM, COOKIE, EMAIL,"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("call getLeed", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown operation 'getLeed'; did you mean 'getLead'?"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("get-leed --email x", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "did you mean 'get-lead'?"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("get-tags --email x", &out, &err), 2);
    free(out);
    free(err);
    /* --params from a file and from stdin */
    char path[512], args[1024];
    snprintf(path, sizeof path, "%s/p.json", s_srv.dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("{\"leadKey\":{\"keyType\":\"EMAIL\",\"keyValue\":\"zed@example.com\"}}\n", f);
    fclose(f);
    snprintf(args, sizeof args, "get-lead --params @%s", path);
    CU_ASSERT_EQUAL(s_run(args, &out, NULL), 0);
    free(out);
    snprintf(args, sizeof args, "get-lead --params - < %s", path);
    CU_ASSERT_EQUAL(s_run(args, &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "zed@example.com"));
    free(out);
    /* list-operation with its action, and --dry-run sends nothing */
    CU_ASSERT_EQUAL(s_run("list-operation is-member --list Nope --email zed@example.com --dry-run", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "<listOperation>ISMEMBEROFLIST</listOperation>"));
    free(out);
    /* --since / --until take a day alone: from its start and to its end, in UTC */
    CU_ASSERT_EQUAL(s_run("get-multiple-leads --since 2026-01-01 --until 2026-01-31 --dry-run", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "<latestUpdatedAt>2026-01-31T23:59:59Z</latestUpdatedAt>"
                                       "<oldestUpdatedAt>2026-01-01T00:00:00Z</oldestUpdatedAt>"));
    free(out);
    CU_ASSERT_EQUAL(s_run("get-lead-changes --since 2026-02-01 --dry-run", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "<oldestCreatedAt>2026-02-01T00:00:00Z</oldestCreatedAt>"));
    free(out);
    err = NULL;
    CU_ASSERT_EQUAL(s_run("get-multiple-leads --since 2026-1-1 --dry-run", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "xs:dateTime"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("--help", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "get-mobjects"));
    free(out);
    CU_ASSERT_EQUAL(s_run("get-lead --help", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "keyType: one of IDNUM"));
    free(out);
}

static int s_cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Count, for each of the 2,500 ids in @p mine, the lines of @p out whose "Id" is it. */
static void s_count(const char *out, const long long *mine, int *seen, int *lines)
{
    for (const char *l = out; l && *l;) {
        const char *nl = strchr(l, '\n');
        const char *id = strstr(l, "\"Id\":");
        if (id && (!nl || id < nl)) {
            long long v = atoll(id + 5);
            const long long *hit = bsearch(&v, mine, 2500, sizeof *mine, s_cmp_ll);
            if (hit)
                seen[hit - mine]++;
        }
        (*lines)++;
        l = nl ? nl + 1 : NULL;
    }
}

static void test_cli_call__all_pages_2500_leads_each_once_and_resumes(void)
{
    time_t t0 = time(NULL) - 1;
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__LeadRecord *recs = calloc(2500, sizeof *recs);
    char (*emails)[64] = calloc(2500, sizeof *emails);
    for (int i = 0; i < 2500; i++) {
        snprintf(emails[i], sizeof emails[i], "all%d@example.com", i);
        recs[i].Email = emails[i];
    }
    mktows_batch_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_sync_multiple_leads_batched(c, &(struct mkt__ParamsSyncMultipleLeads){ 0 }, recs,
                                                             2500, 0, &res), MKTOWS_OK);
    long long *mine = malloc(2500 * sizeof *mine);
    for (int i = 0; i < 2500; i++)
        mine[i] = res->statuses[i].id;
    mktows_batch_result_free(res);
    mktows_client_free(c);
    qsort(mine, 2500, sizeof *mine, s_cmp_ll);

    char since[64], args[1024], resume[512];
    struct tm tm;
    gmtime_r(&t0, &tm);
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);

    /* one run to the end */
    int *seen = calloc(2500, sizeof *seen), lines = 0;
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "get-multiple-leads --since %s --batch-size 300 --all", since);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    s_count(out, mine, seen, &lines);
    int once = 0;
    for (int i = 0; i < 2500; i++)
        once += seen[i] == 1;
    CU_ASSERT_EQUAL(once, 2500);
    int all_lines = lines; /* 2,500 and the few leads other tests touched within the second */
    CU_ASSERT_TRUE(lines >= 2500 && lines < 2600);
    free(out);
    free(err);

    /* stopped after 2 pages, then resumed from the saved position */
    memset(seen, 0, 2500 * sizeof *seen);
    lines = 0;
    snprintf(resume, sizeof resume, "%s/position.json", s_srv.dir);
    snprintf(args, sizeof args, "get-multiple-leads --since %s --batch-size 1000 --all --resume %s --max-pages 2", since,
             resume);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    s_count(out, mine, seen, &lines);
    CU_ASSERT_EQUAL(lines, 2000);
    CU_ASSERT_EQUAL(access(resume, F_OK), 0);
    free(out);
    free(err);
    snprintf(args, sizeof args, "get-multiple-leads --since %s --batch-size 1000 --all --resume %s", since, resume);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    s_count(out, mine, seen, &lines);
    once = 0;
    for (int i = 0; i < 2500; i++)
        once += seen[i] == 1;
    CU_ASSERT_EQUAL(once, 2500);
    CU_ASSERT_EQUAL(lines, all_lines);
    free(out);
    free(err);
    free(seen);
    free(mine);
    free(recs);
    free(emails);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "cli_call__every_operation_command_answers_json_or_a_marketo_fault",
          test_cli_call__every_operation_command_answers_json_or_a_marketo_fault },
        { "cli_call__get_lead_by_flags_and_params_and_errors", test_cli_call__get_lead_by_flags_and_params_and_errors },
        { "cli_call__all_pages_2500_leads_each_once_and_resumes", test_cli_call__all_pages_2500_leads_each_once_and_resumes },
        { NULL, NULL }
    };
    return mktows_test_run("cli_call", s_setup, s_teardown, cases);
}
