/* docs/testing-with-the-server.md's pytest and PHPUnit examples, taken from the page as printed
 * and run with the test runners a user has (Debian's python3-pytest and phpunit) against the
 * built server, found on PATH as the examples expect (server_testdouble does the same for the
 * page's CTest wrapper script and runs the Python helper class alone).
 *
 * pytest: the page's helper block is tests/mktows_server.py, its test block tests/test_marketo.py,
 * beside tests/leads.json and the code under test the example names, tests/interop/guide/
 * my_integration.py (getLead through zeep, tried again on 20023). The injected fault must reach
 * it and the retry must succeed. PHPUnit: the page's class is MarketoSyncTest.php beside
 * leads.json; both of its tests must pass (a syncLead CREATED then UPDATED; after the reset the
 * lead is gone and the fixture's is there). Each is skipped, with a message, only when its runner
 * is not installed (scripts/test installs both). */
#include "files.h"
#include "runner.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_GUIDE MKTOWS_SOURCE_DIR "/docs/testing-with-the-server.md"
#define S_DATA MKTOWS_SOURCE_DIR "/tests/interop/guide"

static char s_dir[] = "/tmp/mktows-guide-XXXXXX";

static int s_setup(void)
{
    return mkdtemp(s_dir) ? 0 : 1;
}

static int s_teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
    return mktows_test_run_command(cmd, NULL) == 0 ? 0 : 1;
}

/* Write @p text to s_dir/@p name; 0 or -1. */
static int s_put(const char *name, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", s_dir, name);
    return text ? mktows_write_file(path, text, strlen(text)) : -1;
}

static int s_copy(const char *from, const char *name)
{
    char *text = mktows_read_file(from, NULL);
    int rc = s_put(name, text);
    free(text);
    return rc;
}

static void test_guide__the_pytest_example_runs_with_pytest(void)
{
    if (mktows_test_run_command("/usr/bin/python3 -c 'import pytest, zeep'", NULL) != 0) {
        fprintf(stderr, "SKIPPED: python3-pytest or python3-zeep is not installed (apt-get install python3-pytest python3-zeep)\n");
        return;
    }
    char *doc = mktows_read_file(S_GUIDE, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char *helper = mktows_test_md_block_nth(doc, "pytest", "python", 0);
    char *tests = mktows_test_md_block_nth(doc, "pytest", "python", 1);
    free(doc);
    CU_ASSERT_PTR_NOT_NULL(helper && strstr(helper, "class MktowsServer"));
    CU_ASSERT_PTR_NOT_NULL(tests && strstr(tests, "def test_"));
    char tests_dir[300];
    snprintf(tests_dir, sizeof tests_dir, "%s/tests", s_dir);
    CU_ASSERT_EQUAL(mkdir(tests_dir, 0700), 0);
    CU_ASSERT_EQUAL(s_put("tests/mktows_server.py", helper), 0);
    CU_ASSERT_EQUAL(s_put("tests/test_marketo.py", tests), 0);
    free(helper);
    free(tests);
    CU_ASSERT_EQUAL_FATAL(s_copy(S_DATA "/my_integration.py", "tests/my_integration.py"), 0);
    CU_ASSERT_EQUAL_FATAL(s_copy(S_DATA "/leads.json", "tests/leads.json"), 0);

    char cmd[1200], *out = NULL;
    /* -s shows what my_integration prints; -p no:cacheprovider leaves nothing behind */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && PATH='%s':\"$PATH\" PYTHONDONTWRITEBYTECODE=1 timeout 120 /usr/bin/python3 -m pytest -s"
             " -p no:cacheprovider tests",
             s_dir, MKTOWS_BIN_DIR);
    int status = mktows_test_run_command(cmd, &out);
    CU_ASSERT_EQUAL(status, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    int ok = status == 0 && strstr(out, " 1 passed") && strstr(out, "fetch_lead: attempt 1: fault 20023\n")
             && strstr(out, "fetch_lead: attempt 2: ok\n");
    CU_ASSERT_TRUE(ok);
    if (!ok)
        fprintf(stderr, "\npytest output:\n%s\n", out);
    free(out);
}

static void test_guide__the_phpunit_example_runs_with_phpunit(void)
{
    if (mktows_test_run_command("command -v phpunit && php -r 'exit(class_exists(\"SoapClient\") ? 0 : 1);'", NULL)
        != 0) {
        fprintf(stderr, "SKIPPED: phpunit or php8.2-soap is not installed (apt-get install phpunit php8.2-soap)\n");
        return;
    }
    char *doc = mktows_read_file(S_GUIDE, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    char *test = mktows_test_md_block_nth(doc, "PHPUnit", "php", 0);
    free(doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(test);
    CU_ASSERT_PTR_NOT_NULL(strstr(test, "final class MarketoSyncTest extends TestCase"));
    CU_ASSERT_EQUAL(s_put("MarketoSyncTest.php", test), 0);
    free(test);
    CU_ASSERT_EQUAL_FATAL(s_copy(S_DATA "/leads.json", "leads.json"), 0);

    char cmd[1200], *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && PATH='%s':\"$PATH\" timeout 120 phpunit MarketoSyncTest.php", s_dir,
             MKTOWS_BIN_DIR);
    int status = mktows_test_run_command(cmd, &out);
    CU_ASSERT_EQUAL(status, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    int ok = status == 0 && strstr(out, "OK (2 tests, 4 assertions)");
    CU_ASSERT_TRUE(ok);
    if (!ok)
        fprintf(stderr, "\nphpunit output:\n%s\n", out);
    free(out);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "guide__the_pytest_example_runs_with_pytest", test_guide__the_pytest_example_runs_with_pytest },
        { "guide__the_phpunit_example_runs_with_phpunit", test_guide__the_phpunit_example_runs_with_phpunit },
        { NULL, NULL }
    };
    return mktows_test_run("server_interop_guide", s_setup, s_teardown, cases);
}
