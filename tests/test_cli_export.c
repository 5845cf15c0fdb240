/* mktows export end to end against mktows-server: 1,500 leads as JSON lines and as CSV, each
 * exactly once, the CSV read back with the CSV reader and the right columns; --since filters;
 * --list; changes since a time; --max-pages then --resume into the same file: no record missing or
 * repeated; a checkpoint ahead of the file cut back to it; errors (a malformed --since and usage
 * errors exit 2, an unknown list is the Marketo fault, exit 1). */
#include "runner.h"
#include "cli_run.h"
#include "server_harness.h"

#include "csv.h"

#include <mktows/mktows.h>
#include <mktows/batch.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "files.h"

#define S_BIN MKTOWS_BIN_DIR "/mktows"
#define S_N 1500

static mktows_test_server s_srv;
static char s_env[1024];
static char s_since[64];  /* a second before the 1,500 leads were made */
static long long s_ids[S_N]; /* their ids, sorted */

static const char s_config[] = "[list Newsletter]\nid = 1234\n";

static int s_cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    if (mktows_test_server_start(&s_srv, &o))
        return 1;
    snprintf(s_env, sizeof s_env, "MARKETO_SOAP_ENDPOINT='%s' MARKETO_USER_ID='%s' MARKETO_ENCRYPTION_KEY='%s'",
             s_srv.url, MKTOWS_TEST_USER, MKTOWS_TEST_KEY);
    /* 1,500 leads through the library's batch sync, each with a FirstName, some needing quotes */
    time_t t0 = time(NULL) - 1;
    struct tm tm;
    gmtime_r(&t0, &tm);
    strftime(s_since, sizeof s_since, "%Y-%m-%dT%H:%M:%SZ", &tm);
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    if (!c)
        return 1;
    struct mkt__LeadRecord *recs = calloc(S_N, sizeof *recs);
    struct mkt__Attribute *attrs = calloc(S_N, sizeof *attrs);
    struct mkt__ArrayOfAttribute *lists = calloc(S_N, sizeof *lists);
    char (*emails)[64] = calloc(S_N, sizeof *emails), (*names)[64] = calloc(S_N, sizeof *names);
    int rc = 1;
    if (recs && attrs && lists && emails && names) {
        for (int i = 0; i < S_N; i++) {
            snprintf(emails[i], sizeof emails[i], "exp%d@example.com", i);
            snprintf(names[i], sizeof names[i], i % 3 ? "Name %d" : "Smith, \"J\" %d", i);
            attrs[i].attrName = "FirstName";
            attrs[i].attrValue = names[i];
            lists[i].__sizeattribute = 1;
            lists[i].attribute = &attrs[i];
            recs[i].Email = emails[i];
            recs[i].leadAttributeList = &lists[i];
        }
        mktows_batch_result *res = NULL;
        if (mktows_sync_multiple_leads_batched(c, &(struct mkt__ParamsSyncMultipleLeads){ 0 }, recs, S_N, 0, &res) ==
                MKTOWS_OK) {
            for (int i = 0; i < S_N; i++)
                s_ids[i] = res->statuses[i].id;
            qsort(s_ids, S_N, sizeof *s_ids, s_cmp_ll);
            rc = 0;
        }
        mktows_batch_result_free(res);
    }
    mktows_client_free(c);
    free(recs);
    free(attrs);
    free(lists);
    free(emails);
    free(names);
    return rc;
}

static int s_teardown(void)
{
    int rc = mktows_test_server_stop(&s_srv);
    mktows_test_server_clean_up(&s_srv);
    return rc == 0 ? 0 : 1;
}

/* Run `mktows ARGS`; stdout to *out, stderr to *err (either may be NULL). */
static int s_run(const char *args, char **out, char **err)
{
    return mktows_test_cli_shell(s_env, s_srv.dir, args, out, err);
}

/* Count the JSON lines of @p text by their "Id" (or "id"): seen[i] for s_ids[i]; *lines all lines. */
static void s_count_jsonl(const char *text, const char *key, int *seen, int *lines)
{
    for (const char *l = text; l && *l;) {
        const char *nl = strchr(l, '\n');
        const char *id = strstr(l, key);
        if (id && (!nl || id < nl)) {
            long long v = atoll(id + strlen(key));
            const long long *hit = bsearch(&v, s_ids, S_N, sizeof *s_ids, s_cmp_ll);
            if (hit)
                seen[hit - s_ids]++;
        }
        (*lines)++;
        l = nl ? nl + 1 : NULL;
    }
}

static int s_each_once(const int *seen)
{
    int once = 0;
    for (int i = 0; i < S_N; i++)
        once += seen[i] == 1;
    return once;
}

/* Read the CSV file @p path: checks its header starts with @p want (comma-separated), counts rows
 * by the Id of the first column into seen[], checks each FirstName matches its email's index.
 * Returns the number of data rows, -1 when the file is not what it should be. */
static int s_count_csv(const char *path, const char *want, int *seen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    mktows_csv *csv = mktows_csv_new(fd, NULL);
    mktows_csv_record rec;
    int rows = 0, bad = 0;
    long first_name = -1, email = -1;
    while (csv && mktows_csv_next(csv, &rec) == 1) {
        if (rec.error) {
            bad = 1;
            break;
        }
        if (rec.number == 1) {
            char header[1024] = "";
            for (size_t i = 0; i < rec.count; i++) {
                if (i)
                    strncat(header, ",", sizeof header - strlen(header) - 1);
                strncat(header, rec.fields[i], sizeof header - strlen(header) - 1);
                if (strcmp(rec.fields[i], "FirstName") == 0)
                    first_name = (long)i;
                if (strcmp(rec.fields[i], "Email") == 0)
                    email = (long)i;
            }
            if (strncmp(header, want, strlen(want)) != 0) {
                fprintf(stderr, "\n  header: %s\n", header);
                bad = 1;
                break;
            }
            continue;
        }
        rows++;
        long long v = atoll(rec.fields[0]);
        const long long *hit = bsearch(&v, s_ids, S_N, sizeof *s_ids, s_cmp_ll);
        if (hit) {
            seen[hit - s_ids]++;
            int n = -1;
            if (email < 0 || first_name < 0 || sscanf(rec.fields[email], "exp%d@", &n) != 1)
                bad = 1;
            char name[64];
            snprintf(name, sizeof name, n % 3 ? "Name %d" : "Smith, \"J\" %d", n);
            if (!bad && strcmp(rec.fields[first_name], name) != 0)
                bad = 1;
        }
    }
    mktows_csv_free(csv);
    close(fd);
    return bad ? -1 : rows;
}

static void test_cli_export__leads_jsonl_and_csv_each_once(void)
{
    char args[2048], path[512];
    int *seen = calloc(S_N, sizeof *seen), lines = 0;
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "export leads --since %s --batch-size 400", s_since);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(err, "");
    s_count_jsonl(out, "\"Id\":", seen, &lines);
    CU_ASSERT_EQUAL(s_each_once(seen), S_N);
    CU_ASSERT_TRUE(lines >= S_N && lines < S_N + 50);
    free(out);
    free(err);

    memset(seen, 0, S_N * sizeof *seen);
    snprintf(path, sizeof path, "%s/leads.csv", s_srv.dir);
    snprintf(args, sizeof args, "export leads --since %s --batch-size 400 --format csv --output %s", s_since, path);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    int rows = s_count_csv(path, "Id,Email,ForeignSysPersonId,ForeignSysType,FirstName", seen);
    CU_ASSERT_EQUAL(rows, lines);
    CU_ASSERT_EQUAL(s_each_once(seen), S_N);
    free(out);
    free(err);

    /* --columns: exactly these attribute columns */
    snprintf(args, sizeof args, "export leads --since %s --format csv --columns FirstName,Nope 2>&1 | head -1", s_since);
    CU_ASSERT_EQUAL(s_run(args, &out, NULL), 0);
    CU_ASSERT_EQUAL(strncmp(out, "Id,Email,ForeignSysPersonId,ForeignSysType,FirstName,Nope\r\n", 59), 0); /* no warning */
    free(out);
    free(seen);
}

static void test_cli_export__since_and_list_filter(void)
{
    char args[1024];
    char *out = NULL, *err = NULL;
    /* a later --since: none of the 1,500 */
    time_t later = time(NULL) + 3600;
    char ts[64];
    struct tm tm;
    gmtime_r(&later, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(args, sizeof args, "export leads --since %s", ts);
    CU_ASSERT_EQUAL(s_run(args, &out, NULL), 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    /* --until before them: none either */
    snprintf(args, sizeof args, "export leads --since 2000-01-01T00:00:00Z --until 2000-01-02T00:00:00Z");
    CU_ASSERT_EQUAL(s_run(args, &out, NULL), 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);

    /* --list: only its two members */
    CU_ASSERT_EQUAL(s_run("list-operation add --list Newsletter --email exp7@example.com --email exp8@example.com",
                          &out, NULL), 0);
    free(out);
    CU_ASSERT_EQUAL(s_run("export leads --list Newsletter --format csv", &out, &err), 0);
    int rows = 0;
    for (const char *c = out; *c; c++)
        rows += *c == '\n';
    CU_ASSERT_EQUAL(rows, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "exp7@example.com"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "exp8@example.com"));
    free(out);
    free(err);

    /* changes since a time: the 1,500 new leads and the two list additions, as CSV */
    snprintf(args, sizeof args, "export changes --since %s --batch-size 500 --format csv", s_since);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    CU_ASSERT_EQUAL(strncmp(out, "id,activityDateTime,activityType,mktgAssetName,mktPersonId", 58), 0);
    int news = 0, adds = 0;
    for (const char *c = strstr(out, ",New Lead,"); c; c = strstr(c + 1, ",New Lead,"))
        news++;
    for (const char *c = strstr(out, ",Add to List,"); c; c = strstr(c + 1, ",Add to List,"))
        adds++;
    CU_ASSERT_TRUE(news >= S_N);
    CU_ASSERT_EQUAL(adds, 2);
    free(out);
    free(err);
    /* changes of the list's members only */
    snprintf(args, sizeof args, "export changes --since %s --list Newsletter", s_since);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Add to List"));
    rows = 0;
    for (const char *c = out; *c; c++)
        rows += *c == '\n';
    CU_ASSERT_TRUE(rows >= 2 && rows <= 4);
    free(out);
    free(err);
    /* a lead's activities */
    CU_ASSERT_EQUAL(s_run("export activities --email exp7@example.com --format csv", &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Add to List"));
    free(out);
    free(err);
    /* ... within a time range: all of them since 2000, none since 2099 */
    CU_ASSERT_EQUAL(s_run("export activities --email exp7@example.com --since 2000-01-01T00:00:00Z", &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Add to List"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("export activities --email exp7@example.com --since 2099-01-01T00:00:00Z "
                          "--until 2099-12-31T00:00:00Z", &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("export activities --email exp7@example.com --until 2099-01-01T00:00:00Z", &out, &err), 2);
    free(out);
    free(err);
}

static void test_cli_export__max_pages_then_resume_no_gap_no_repeat(void)
{
    char args[2048], path[512], pos[512];
    int *seen = calloc(S_N, sizeof *seen);
    char *out = NULL, *err = NULL;
    snprintf(path, sizeof path, "%s/resumed.csv", s_srv.dir);
    snprintf(pos, sizeof pos, "%s/resumed.pos", s_srv.dir);
    snprintf(args, sizeof args, "export leads --since %s --batch-size 300 --format csv --output %s --resume %s "
             "--max-pages 2", s_since, path, pos);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    CU_ASSERT_EQUAL(s_count_csv(path, "Id,Email,ForeignSysPersonId,ForeignSysType,FirstName", seen), 600);
    free(out);
    free(err);
    /* a checkpoint behind the file (killed after the fsync of the output, before the position
     * moved): the resumed run cuts the file back to the checkpoint's offset */
    FILE *f = fopen(path, "a");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("999999,half a page written,,,\r\n", f);
    fclose(f);
    snprintf(args, sizeof args, "export leads --since %s --batch-size 300 --format csv --output %s --resume %s "
             "--max-pages 1", s_since, path, pos);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    free(out);
    free(err);
    snprintf(args, sizeof args, "export leads --since %s --batch-size 300 --format csv --output %s --resume %s", s_since,
             path, pos);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    memset(seen, 0, S_N * sizeof *seen);
    int rows = s_count_csv(path, "Id,Email,ForeignSysPersonId,ForeignSysType,FirstName", seen);
    CU_ASSERT_EQUAL(s_each_once(seen), S_N);
    CU_ASSERT_TRUE(rows >= S_N && rows < S_N + 50);
    char *text = mktows_read_file(path, NULL);
    CU_ASSERT_PTR_NULL(strstr(text ? text : "", "999999"));
    free(text);
    free(out);
    free(err);

    /* JSON lines the same way */
    memset(seen, 0, S_N * sizeof *seen);
    snprintf(path, sizeof path, "%s/resumed.jsonl", s_srv.dir);
    snprintf(pos, sizeof pos, "%s/resumed-jsonl.pos", s_srv.dir);
    snprintf(args, sizeof args, "export leads --since %s --batch-size 500 --output %s --resume %s --max-pages 1",
             s_since, path, pos);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    free(out);
    free(err);
    snprintf(args, sizeof args, "export leads --since %s --batch-size 500 --output %s --resume %s", s_since, path, pos);
    CU_ASSERT_EQUAL(s_run(args, &out, &err), 0);
    text = mktows_read_file(path, NULL);
    int lines = 0;
    s_count_jsonl(text, "\"Id\":", seen, &lines);
    CU_ASSERT_EQUAL(s_each_once(seen), S_N);
    free(text);
    free(out);
    free(err);
    free(seen);
}

static void test_cli_export__errors(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(s_run("export leads --since yesterday", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "$.leadSelector.oldestUpdatedAt: expected a date and time"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(s_run("export leads --list Nope", &out, &err), 1);
    CU_ASSERT_EQUAL(strncmp(err, "mktows: getMultipleLeads failed: Marketo error 20111", 52), 0);
    free(out);
    free(err);
    static const char *const usage[] = {
        "export", "export lead --since 2026-01-01T00:00:00Z", "export leads", "export leads --since x --list y",
        "export leads --until 2026-01-01T00:00:00Z --list y", "export activities --since 2026-01-01T00:00:00Z",
        "export activities --email a@b.c --id 3", "export changes", "export leads --list y --format xml",
        "export leads --list y --columns A", "export leads --list y --max-pages 0", "export leads --list y extra",
    };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        int rc = s_run(usage[i], &out, &err);
        if (rc != 2)
            fprintf(stderr, "\n  %s: exit %d: %s\n", usage[i], rc, err);
        CU_ASSERT_EQUAL(rc, 2);
        CU_ASSERT_STRING_EQUAL(out, "");
        free(out);
        free(err);
    }
    CU_ASSERT_EQUAL(s_run("export --help", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--resume FILE"));
    free(out);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "cli_export__leads_jsonl_and_csv_each_once", test_cli_export__leads_jsonl_and_csv_each_once },
        { "cli_export__since_and_list_filter", test_cli_export__since_and_list_filter },
        { "cli_export__max_pages_then_resume_no_gap_no_repeat", test_cli_export__max_pages_then_resume_no_gap_no_repeat },
        { "cli_export__errors", test_cli_export__errors },
        { NULL, NULL }
    };
    return mktows_test_run("cli_export", s_setup, s_teardown, cases);
}
