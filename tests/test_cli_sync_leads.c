/* `mktows sync-leads` end to end against mktows-server (in memory): a generated CSV of 10,000 rows
 * with awkward quoting (embedded commas, doubled quotes, line ends, CRLF, a BOM, UTF-8) and some bad
 * rows; every good row must be in the store exactly once (read back with the getMultipleLeads pager)
 * and every row reported exactly once in the results. Then the same run killed with SIGKILL part way
 * and run again; and under the server's emulated rate and concurrency limits, where the retry
 * policy carries every row through. Also --trace DIR shared by several connections, the config
 * profile's rate, and the usage errors. */
#include "files.h"
#include "runner.h"
#include "server_harness.h"

#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>
#include <mktows/paging.h>
#include <mktows/retry.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_BIN MKTOWS_BIN_DIR "/mktows"
#define S_ROWS 10000

static char s_tmp[256];

static void s_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", s_tmp, name);
}

/* Row i (1-based) is bad when it returns a reason. */
static const char *s_bad(int i)
{
    if (i % 97 == 0)
        return "no key";
    if (i % 89 == 0)
        return "bad id";
    if (i % 83 == 0)
        return "bad type";
    return NULL;
}

static int s_good_count(void)
{
    int n = 0;
    for (int i = 1; i <= S_ROWS; i++)
        n += s_bad(i) == NULL;
    return n;
}

/* prefix distinguishes the runs (each suite case uses its own leads). */
static void s_write_csv(const char *path, const char *prefix)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("\xEF\xBB\xBF" "Email,FirstName,Note,Id,ForeignSysPersonId,ForeignSysType\r\n", f);
    for (int i = 1; i <= S_ROWS; i++) {
        const char *bad = s_bad(i);
        if (bad && strcmp(bad, "no key") == 0)
            fprintf(f, ",\"Nobody, %d\",x,,,\r\n", i);
        else if (bad && strcmp(bad, "bad id") == 0)
            fprintf(f, "%s%d@x.org,B,x,12x,,\r\n", prefix, i);
        else if (bad)
            fprintf(f, ",B,x,,fid%d,ORACLE\r\n", i);
        else if (i % 3 == 0)
            fprintf(f, "%s%d@x.org,\"Ann \"\"the, %d\"\"\",\"line one\r\nline two, \xC3\xA9\",,,\n", prefix, i, i);
        else
            fprintf(f, "\"%s%d@x.org\",Bob,\"\",,,\r\n", prefix, i);
    }
    CU_ASSERT_EQUAL(fclose(f), 0);
}

static mktows_test_server s_srv;

static const char s_config_plain[] = "[field Note]\ntype = string\n";

static void s_start(const char *config)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = config;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&s_srv, &o), 0);
}

/* Start the CLI with @p args; returns its pid. */
static pid_t s_spawn(const char *const *args)
{
    char *argv[40];
    int n = 0;
    argv[n++] = (char *)"mktows";
    for (int i = 0; args[i] && n < 39; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    char log[512];
    s_path(log, sizeof log, "cli.log");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(fd, 2);
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(nul, 1);
        setenv("MARKETO_SOAP_ENDPOINT", s_srv.url, 1);
        setenv("MARKETO_USER_ID", MKTOWS_TEST_USER, 1);
        setenv("MARKETO_ENCRYPTION_KEY", MKTOWS_TEST_KEY, 1);
        execv(S_BIN, argv);
        _exit(127);
    }
    return pid;
}

static int s_wait(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Check the results file (jsonl) and the store. */
static void s_verify(const char *results, const char *prefix)
{
    FILE *f = fopen(results, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int *seen = calloc(S_ROWS + 1, sizeof *seen);
    char line[4096];
    int lines = 0, wrong = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long row = 0;
        lines++;
        if (sscanf(line, "{\"row\":%llu,", &row) != 1 || row < 1 || row > S_ROWS) {
            wrong++;
            continue;
        }
        seen[row]++;
        int rejected = strstr(line, "\"status\":\"REJECTED\"") != NULL;
        int landed = strstr(line, "\"status\":\"CREATED\"") || strstr(line, "\"status\":\"UPDATED\"");
        if (s_bad((int)row) ? !rejected : !landed) {
            if (wrong < 5)
                fprintf(stderr, "unexpected: %s", line);
            wrong++;
        }
    }
    fclose(f);
    int dup = 0, missing = 0;
    for (int i = 1; i <= S_ROWS; i++) {
        dup += seen[i] > 1;
        missing += seen[i] == 0;
    }
    CU_ASSERT_EQUAL(lines, S_ROWS);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(dup, 0);
    CU_ASSERT_EQUAL(missing, 0);

    /* the store: every good row's lead exactly once, with its awkward values intact */
    mktows_client *c = mktows_test_client_new(&s_srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    /* under the server's emulated limits the CLI may leave the rate window full: retry 20023 */
    mktows_retry_policy policy = MKTOWS_RETRY_POLICY_INIT;
    CU_ASSERT_EQUAL_FATAL(mktows_client_set_retry(c, &policy), MKTOWS_OK);
    struct mkt__LastUpdateAtSelector since = { .oldestUpdatedAt = 0 };
    struct mkt__LeadSelector sel = { .mkt__LastUpdateAtSelector = &since };
    int batch = 1000;
    struct mkt__ParamsGetMultipleLeads params = { .leadSelector = &sel, .batchSize = &batch };
    mktows_pager *p = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_get_multiple_leads_pager(c, &params, &p), MKTOWS_OK);
    memset(seen, 0, (S_ROWS + 1) * sizeof *seen);
    int others = 0, bad_values = 0;
    size_t plen = strlen(prefix);
    struct mkt__SuccessGetMultipleLeads *page;
    mktows_code rc;
    while ((rc = mktows_get_multiple_leads_next(p, &page)) == MKTOWS_OK && page) {
        const struct mkt__ArrayOfLeadRecord *l = page->result->leadRecordList;
        for (int i = 0; l && i < l->__sizeleadRecord; i++) {
            const struct mkt__LeadRecord *lr = &l->leadRecord[i];
            int n = 0;
            if (!lr->Email || strncmp(lr->Email, prefix, plen) != 0 || sscanf(lr->Email + plen, "%d@", &n) != 1 ||
                n < 1 || n > S_ROWS) {
                others++;
                continue;
            }
            seen[n]++;
            if (n % 3 == 0 && lr->leadAttributeList) {
                char want[64];
                snprintf(want, sizeof want, "Ann \"the, %d\"", n);
                for (int k = 0; k < lr->leadAttributeList->__sizeattribute; k++) {
                    const struct mkt__Attribute *at = &lr->leadAttributeList->attribute[k];
                    if (strcmp(at->attrName, "FirstName") == 0 && strcmp(at->attrValue, want) != 0)
                        bad_values++;
                    if (strcmp(at->attrName, "Note") == 0 && strcmp(at->attrValue, "line one\r\nline two, \xC3\xA9") != 0 &&
                        strcmp(at->attrValue, "line one\nline two, \xC3\xA9") != 0)
                        bad_values++;
                }
            }
        }
    }
    /* the pager ran to its end: a call that failed would leave leads unseen ("absent") */
    if (rc != MKTOWS_OK)
        fprintf(stderr, "\n  reading the store back failed: %s: %s\n", mktows_strerror(rc), mktows_client_errmsg(c));
    CU_ASSERT_EQUAL(rc, MKTOWS_OK);
    mktows_pager_free(p);
    mktows_client_free(c);
    int good = 0, twice = 0, absent = 0, stored_bad = 0;
    for (int i = 1; i <= S_ROWS; i++) {
        if (s_bad(i)) {
            stored_bad += seen[i] > 0;
            continue;
        }
        good++;
        twice += seen[i] > 1;
        absent += seen[i] == 0;
    }
    CU_ASSERT_EQUAL(good, s_good_count());
    CU_ASSERT_EQUAL(twice, 0);
    CU_ASSERT_EQUAL(absent, 0);
    CU_ASSERT_EQUAL(stored_bad, 0);
    CU_ASSERT_EQUAL(bad_values, 0);
    (void)others;
    free(seen);
}

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_cli_sync_leads__every_good_row_lands_exactly_once(void)
{
    s_start(s_config_plain);
    char csv[512], res[512];
    s_path(csv, sizeof csv, "one.csv");
    s_path(res, sizeof res, "one.jsonl");
    s_write_csv(csv, "one");
    double t = s_now();
    const char *args[] = { "sync-leads", "--csv", csv, "--results", res, "--results-format", "jsonl",
                           "--concurrency", "4", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(args)), 1); /* some rows are bad */
    fprintf(stderr, "\n  10,000 rows in %.2f s\n", s_now() - t);
    s_verify(res, "one");
    /* the state file is beside the results; a second run has nothing left to do */
    char state[600];
    snprintf(state, sizeof state, "%s.state", res);
    struct stat sb;
    CU_ASSERT_EQUAL(stat(state, &sb), 0);
    CU_ASSERT_EQUAL(s_wait(s_spawn(args)), 1);
    s_verify(res, "one");
    mktows_test_server_clean_up(&s_srv);
}

static long s_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    long n = 0;
    int ch;
    while ((ch = fgetc(f)) != EOF)
        n += ch == '\n';
    fclose(f);
    return n;
}

static void test_cli_sync_leads__killed_with_sigkill_and_rerun_lands_every_row_once(void)
{
    s_start("[field Note]\ntype = string\n[limits]\nlatency_ms = 40\n");
    char csv[512], res[512];
    s_path(csv, sizeof csv, "kill.csv");
    s_path(res, sizeof res, "kill.jsonl");
    s_write_csv(csv, "kill");
    const char *args[] = { "sync-leads", "--csv", csv, "--results", res, "--results-format", "jsonl",
                           "--concurrency", "2", "--batch-size", "100", NULL };
    int kills = 0;
    for (int round = 0; round < 3; round++) {
        pid_t pid = s_spawn(args);
        long before = s_lines(res);
        /* wait until this run has written some rows of its own, then kill it */
        double t0 = s_now();
        while (s_lines(res) <= before + 300 && s_now() - t0 < 20)
            usleep(2000);
        usleep((useconds_t)(round * 7000));
        int killed = kill(pid, SIGKILL) == 0;
        int st = s_wait(pid);
        if (killed && st == 128 + SIGKILL)
            kills++;
    }
    CU_ASSERT(kills >= 1);
    fprintf(stderr, "\n  killed %d times, %ld result lines before the last run\n", kills, s_lines(res));
    CU_ASSERT(s_lines(res) < S_ROWS);
    CU_ASSERT_EQUAL(s_wait(s_spawn(args)), 1);
    s_verify(res, "kill");
    mktows_test_server_clean_up(&s_srv);
}

static void test_cli_sync_leads__retries_carry_every_row_through_the_service_limits(void)
{
    /* 20 calls a second and 2 at once, against 4 connections with 100-lead calls: 20023 and 20024 */
    s_start("[field Note]\ntype = string\n[limits]\nrate = 20/1\nconcurrency = 2\nlatency_ms = 20\n");
    char csv[512], res[512];
    s_path(csv, sizeof csv, "limits.csv");
    s_path(res, sizeof res, "limits.jsonl");
    s_write_csv(csv, "lim");
    const char *args[] = { "sync-leads", "--csv", csv, "--results", res, "--results-format", "jsonl",
                           "--concurrency", "4", "--batch-size", "100", "--verbose", NULL };
    double t = s_now();
    CU_ASSERT_EQUAL(s_wait(s_spawn(args)), 1);
    fprintf(stderr, "\n  under limits: %.2f s\n", s_now() - t);
    s_verify(res, "lim");
    char log[512];
    s_path(log, sizeof log, "cli.log");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "grep -c 'retrying in' %s", log);
    char *out = NULL;
    mktows_test_run_command(cmd, &out);
    fprintf(stderr, "  retries reported: %s", out ? out : "?\n");
    CU_ASSERT(out && atoi(out) > 0);
    free(out);
    mktows_test_server_clean_up(&s_srv);
}

static void test_cli_sync_leads__usage_errors_exit_2(void)
{
    s_start(s_config_plain);
    const char *a1[] = { "sync-leads", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a1)), 2);
    const char *a2[] = { "sync-leads", "--csv", "-", NULL }; /* stdin needs --state */
    CU_ASSERT_EQUAL(s_wait(s_spawn(a2)), 2);
    const char *a3[] = { "sync-leads", "--csv", "x.csv", "--concurrency", "11", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a3)), 2);
    const char *a4[] = { "sync-leads", "--csv", "x.csv", "--batch-size", "301", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a4)), 2);
    const char *a5[] = { "sync-leads", "--csv", "x.csv", "--rate-limit", "100", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a5)), 2);
    const char *a6[] = { "sync-leads", "--csv", "x.csv", "--results-format", "xml", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a6)), 2);
    /* a missing file is not a usage error */
    const char *a7[] = { "sync-leads", "--csv", "/nonexistent/x.csv", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a7)), 1);
    /* a resumed run refuses an input that changed */
    char csv[512], res[512];
    s_path(csv, sizeof csv, "small.csv");
    s_path(res, sizeof res, "small.csv.out");
    FILE *f = fopen(csv, "w");
    fputs("Email\na@x.org\nb@x.org\n", f);
    fclose(f);
    const char *a8[] = { "sync-leads", "--csv", csv, "--results", res, NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a8)), 0);
    f = fopen(csv, "w");
    fputs("Email\na@x.org\nc@x.org\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(s_wait(s_spawn(a8)), 1);
    mktows_test_server_clean_up(&s_srv);
}

/* The results, byte for byte, in both formats: CSV fields quoted with doubled quotes when they hold a
 * comma, quote or line end; JSON strings with \\, \", \t and \u00XX escapes; the rejected rows' reasons. */
static void test_cli_sync_leads__results_quote_and_escape_awkward_keys(void)
{
    s_start(s_config_plain);
    char csv[512], res[512];
    s_path(csv, sizeof csv, "odd.csv");
    s_path(res, sizeof res, "odd.out");
    static const char input[] = "Email,FirstName,Id\r\n"
                                "\"we\\\"\"ird\t\x01x@y.org\",A,\r\n"
                                ",B,\r\n"
                                "\"a,b@c.org\",C,\r\n"
                                "ok@x.org,D,12x\r\n"
                                "\"bad\"x,E,\r\n"
                                "plain@x.org,F,\r\n";
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(csv, input, sizeof input - 1), 0);
    const char *a1[] = { "sync-leads", "--csv", csv, "--results", res, NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a1)), 1);
    char *got = mktows_read_file(res, NULL);
    CU_ASSERT_STRING_EQUAL(got ? got : "",
                           "row,key,lead_id,status,error\n"
                           "1,\"Email:we\\\"\"ird\t\x01x@y.org\",,REJECTED,\"Email holds a character XML cannot "
                           "carry (a control character, or bytes that are not UTF-8)\"\n"
                           "2,,,REJECTED,\"no key: Id, Email or ForeignSysPersonId is required\"\n"
                           "3,\"Email:a,b@c.org\",1,CREATED,\n"
                           "4,,,REJECTED,Id must be a positive integer (1 to 2147483647)\n"
                           "5,,,REJECTED,text after the closing quote of a field\n"
                           "6,Email:plain@x.org,2,CREATED,\n");
    free(got);
    char state[600];
    snprintf(state, sizeof state, "%s.state", res);
    unlink(state);
    const char *a2[] = { "sync-leads", "--csv", csv, "--results", res, "--results-format", "jsonl", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a2)), 1);
    got = mktows_read_file(res, NULL);
    CU_ASSERT_STRING_EQUAL(got ? got : "",
        "{\"row\":1,\"key\":\"Email:we\\\\\\\"ird\\t\\u0001x@y.org\",\"leadId\":null,\"status\":\"REJECTED\",\"error\":\"Email "
        "holds a character XML cannot carry (a control character, or bytes that are not UTF-8)\"}\n"
        "{\"row\":2,\"key\":\"\",\"leadId\":null,\"status\":\"REJECTED\",\"error\":\"no key: Id, Email or "
        "ForeignSysPersonId is required\"}\n"
        "{\"row\":3,\"key\":\"Email:a,b@c.org\",\"leadId\":1,\"status\":\"UPDATED\",\"error\":null}\n"
        "{\"row\":4,\"key\":\"\",\"leadId\":null,\"status\":\"REJECTED\",\"error\":\"Id must be a positive integer "
        "(1 to 2147483647)\"}\n"
        "{\"row\":5,\"key\":\"\",\"leadId\":null,\"status\":\"REJECTED\",\"error\":\"text after the closing quote of "
        "a field\"}\n"
        "{\"row\":6,\"key\":\"Email:plain@x.org\",\"leadId\":2,\"status\":\"UPDATED\",\"error\":null}\n");
    free(got);
    mktows_test_server_clean_up(&s_srv);
}

/* A CSV of @p n leads "<prefix>N@x.org" (N = 1..n) with one attribute. */
static void s_write_small_csv(const char *path, const char *prefix, int n)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("Email,FirstName\n", f);
    for (int i = 1; i <= n; i++)
        fprintf(f, "%s%d@x.org,N%d\n", prefix, i, i);
    CU_ASSERT_EQUAL(fclose(f), 0);
}

/* rows= of the state file, or -1 when there is none (yet). */
static long long s_state_rows(const char *state)
{
    char *text = mktows_read_file(state, NULL);
    const char *p = text ? strstr(text, "\nrows=") : NULL;
    long long rows = p ? atoll(p + 6) : -1;
    free(text);
    return rows;
}

/* The checkpoint moves at most about once a second, not after every batch: killed with SIGKILL
 * while outcomes written after the checkpoint are in the results, the next run truncates them,
 * sends those rows again (UPDATED) and ends with every row once and no lead created twice. */
static void test_cli_sync_leads__checkpoint_moves_once_a_second_and_a_kill_resends_only_after_it(void)
{
    s_start("[field Note]\ntype = string\n[limits]\nlatency_ms = 30\n");
    enum { ROWS = 3000 };
    char csv[512], res[512], state[600];
    s_path(csv, sizeof csv, "interval.csv");
    s_path(res, sizeof res, "interval.jsonl");
    snprintf(state, sizeof state, "%s.state", res);
    s_write_small_csv(csv, "iv", ROWS);
    const char *args[] = { "sync-leads", "--csv", csv, "--results", res, "--results-format", "jsonl",
                           "--batch-size", "25", NULL };
    double t0 = s_now();
    pid_t pid = s_spawn(args);
    long long last = -1, at_kill = -1;
    long lines_at_kill = 0;
    int moves = 0;
    while (s_now() - t0 < 30) {
        long long rows = s_state_rows(state);
        long lines = s_lines(res);
        if (rows != last) { /* the first state file counts as a move */
            moves++;
            last = rows;
        }
        /* moved at least once, and several batches written after it */
        if (rows > 0 && lines >= rows + 100) {
            at_kill = rows;
            lines_at_kill = lines;
            break;
        }
        usleep(3000);
    }
    double elapsed = s_now() - t0;
    CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
    CU_ASSERT_EQUAL(s_wait(pid), 128 + SIGKILL);
    fprintf(stderr, "\n  killed after %.2f s: checkpoint at row %lld (moved %d times), %ld rows in the results\n",
            elapsed, at_kill, moves, lines_at_kill);
    CU_ASSERT(at_kill > 0);
    /* per batch it would have moved every 25 rows; once a second it moves at most elapsed + 1 times */
    CU_ASSERT(moves <= (int)elapsed + 1);
    CU_ASSERT(lines_at_kill > at_kill);

    CU_ASSERT_EQUAL(s_wait(s_spawn(args)), 0);
    FILE *f = fopen(res, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int *seen = calloc(ROWS + 1, sizeof *seen), *ids = calloc(ROWS + 1, sizeof *ids);
    char line[512];
    int lines = 0, updated = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long row = 0;
        long long id = 0;
        lines++;
        const char *lid = strstr(line, "\"leadId\":");
        if (sscanf(line, "{\"row\":%llu,", &row) != 1 || row < 1 || row > ROWS || !lid ||
            sscanf(lid, "\"leadId\":%lld", &id) != 1 || id < 1 || id > ROWS) {
            bad++; /* a lead id above ROWS would be a lead created twice (the store counts from 1) */
            continue;
        }
        seen[row]++;
        ids[id]++;
        updated += strstr(line, "\"status\":\"UPDATED\"") != NULL;
    }
    fclose(f);
    int once = 0, ids_once = 0;
    for (int i = 1; i <= ROWS; i++) {
        once += seen[i] == 1;
        ids_once += ids[i] == 1;
    }
    fprintf(stderr, "  after the rerun: %d lines, %d UPDATED (sent again)\n", lines, updated);
    CU_ASSERT_EQUAL(lines, ROWS);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(once, ROWS);
    CU_ASSERT_EQUAL(ids_once, ROWS);
    /* the rows written after the checkpoint were sent again: at least those, at most those plus the
     * batches that were in flight */
    CU_ASSERT(updated >= lines_at_kill - at_kill);
    free(seen);
    free(ids);
    mktows_test_server_clean_up(&s_srv);
}

/* 500 calls of 2 leads over 10 connections: enough for calls to end at the same moment, which
 * paired one call's request with another's response before trace.c numbered per thread */
#define S_TRACE_ROWS 1000
#define S_TRACE_BATCH 2
#define S_TRACE_CALLS (S_TRACE_ROWS / S_TRACE_BATCH)

static void test_cli_sync_leads__trace_dir_pairs_each_request_with_its_response_across_connections(void)
{
    s_start(s_config_plain);
    char csv[512], res1[512], res2[512], dir[512];
    s_path(csv, sizeof csv, "trace.csv");
    s_path(res1, sizeof res1, "trace-1.jsonl");
    s_path(res2, sizeof res2, "trace-2.jsonl");
    s_path(dir, sizeof dir, "trace/");
    s_write_small_csv(csv, "tr", S_TRACE_ROWS);
    /* the first run creates the leads: row -> leadId */
    const char *a1[] = { "sync-leads", "--csv", csv, "--results", res1, "--results-format", "jsonl", NULL };
    CU_ASSERT_EQUAL_FATAL(s_wait(s_spawn(a1)), 0);
    long long lead_of[S_TRACE_ROWS + 1] = { 0 };
    FILE *f = fopen(res1, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        unsigned long long row = 0;
        long long lead = 0;
        if (sscanf(line, "{\"row\":%llu,\"key\":\"Email:tr%*d@x.org\",\"leadId\":%lld", &row, &lead) == 2 &&
            row >= 1 && row <= S_TRACE_ROWS)
            lead_of[row] = lead;
    }
    fclose(f);
    /* the second run updates them over 10 connections, traced into one directory: each response
     * file must answer the request file of its own number */
    char batch[16];
    snprintf(batch, sizeof batch, "%d", S_TRACE_BATCH);
    const char *a2[] = { "sync-leads", "--csv", csv, "--results", res2, "--concurrency", "10", "--batch-size", batch,
                         "--trace", dir, NULL };
    CU_ASSERT_EQUAL_FATAL(s_wait(s_spawn(a2)), 0);
    int pairs = 0, mismatched = 0, leads = 0;
    for (int n = 1; n <= S_TRACE_CALLS + 1; n++) {
        char req_path[600], resp_path[600];
        snprintf(req_path, sizeof req_path, "%s%04d-syncMultipleLeads-request.xml", dir, n);
        snprintf(resp_path, sizeof resp_path, "%s%04d-syncMultipleLeads-response.xml", dir, n);
        char *req = mktows_read_file(req_path, NULL), *resp = mktows_read_file(resp_path, NULL);
        if (req && resp) {
            pairs++;
            const char *q = req, *r = resp;
            while ((q = strstr(q, "<Email>tr")) != NULL) {
                int i = 0;
                long long got = -1;
                q += strlen("<Email>tr");
                r = strstr(r, "<leadId>");
                if (sscanf(q, "%d@", &i) != 1 || i < 1 || i > S_TRACE_ROWS || !r || sscanf(r, "<leadId>%lld", &got) != 1 ||
                    got != lead_of[i])
                    mismatched++;
                if (r)
                    r++;
                leads++;
            }
        } else {
            CU_ASSERT_EQUAL(n, S_TRACE_CALLS + 1); /* exactly one exchange per call, each with both files */
            CU_ASSERT_PTR_NULL(req);
            CU_ASSERT_PTR_NULL(resp);
        }
        free(req);
        free(resp);
    }
    CU_ASSERT_EQUAL(pairs, S_TRACE_CALLS);
    CU_ASSERT_EQUAL(leads, S_TRACE_ROWS);
    CU_ASSERT_EQUAL(mismatched, 0);
    mktows_test_server_clean_up(&s_srv);
}

/* How many lines of the CLI's stderr log (every run so far) contain @p text. */
static int s_log_count(const char *text)
{
    char log[512];
    s_path(log, sizeof log, "cli.log");
    char *all = mktows_read_file(log, NULL);
    int n = 0;
    for (const char *p = all; p && (p = strstr(p, text)) != NULL; p++)
        n++;
    free(all);
    return n;
}

static void test_cli_sync_leads__the_profile_rate_applies_unless_rate_limit_is_given(void)
{
    s_start(s_config_plain);
    char csv[512], res[512], cfg[512];
    s_path(csv, sizeof csv, "rate.csv");
    s_path(cfg, sizeof cfg, "rate.config");
    s_write_small_csv(csv, "rt", 40);
    const char conf[] = "[default]\nrate = 4/1\n";
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(cfg, conf, strlen(conf)), 0);
    /* a loopback endpoint: no rate limit by default, but the profile's rate holds 10 calls back */
    int before = s_log_count("rate limit: waiting");
    s_path(res, sizeof res, "rate-1.csv");
    const char *a1[] = { "sync-leads", "--csv", csv, "--results", res, "--batch-size", "4", "--verbose",
                         "--config", cfg, NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a1)), 0);
    int with_profile = s_log_count("rate limit: waiting") - before;
    CU_ASSERT(with_profile > 0);
    /* --rate-limit off beats the profile */
    before = s_log_count("rate limit: waiting");
    s_path(res, sizeof res, "rate-2.csv");
    const char *a2[] = { "sync-leads", "--csv", csv, "--results", res, "--batch-size", "4", "--verbose",
                         "--config", cfg, "--rate-limit", "off", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a2)), 0);
    CU_ASSERT_EQUAL(s_log_count("rate limit: waiting") - before, 0);
    /* --quiet silences --verbose */
    before = s_log_count("mktows: ");
    s_path(res, sizeof res, "rate-3.csv");
    const char *a3[] = { "sync-leads", "--csv", csv, "--results", res, "--batch-size", "4", "--verbose",
                         "--config", cfg, "--quiet", NULL };
    CU_ASSERT_EQUAL(s_wait(s_spawn(a3)), 0);
    CU_ASSERT_EQUAL(s_log_count("mktows: ") - before, 0);
    mktows_test_server_clean_up(&s_srv);
}

static int s_setup(void)
{
    snprintf(s_tmp, sizeof s_tmp, "/tmp/mktows-test-sync-leads-XXXXXX");
    return mkdtemp(s_tmp) ? 0 : 1;
}

static int s_teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_tmp);
    return mktows_test_run_command(cmd, NULL) == 0 ? 0 : 1;
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "every_good_row_lands_exactly_once", test_cli_sync_leads__every_good_row_lands_exactly_once },
        { "killed_with_sigkill_and_rerun_lands_every_row_once",
          test_cli_sync_leads__killed_with_sigkill_and_rerun_lands_every_row_once },
        { "retries_carry_every_row_through_the_service_limits",
          test_cli_sync_leads__retries_carry_every_row_through_the_service_limits },
        { "trace_dir_pairs_each_request_with_its_response_across_connections",
          test_cli_sync_leads__trace_dir_pairs_each_request_with_its_response_across_connections },
        { "the_profile_rate_applies_unless_rate_limit_is_given",
          test_cli_sync_leads__the_profile_rate_applies_unless_rate_limit_is_given },
        { "usage_errors_exit_2", test_cli_sync_leads__usage_errors_exit_2 },
        { "results_quote_and_escape_awkward_keys", test_cli_sync_leads__results_quote_and_escape_awkward_keys },
        { "checkpoint_moves_once_a_second_and_a_kill_resends_only_after_it",
          test_cli_sync_leads__checkpoint_moves_once_a_second_and_a_kill_resends_only_after_it },
        { NULL, NULL }
    };
    return mktows_test_run("cli_sync_leads", s_setup, s_teardown, cases);
}
