/* The interface evolution suite: for one case of tests/evolution/ (named on the command line),
 * tests/evolution/run changes a copy of the WSDL, regenerates, builds and runs the whole suite of
 * the changed tree with no hand edit. Registered once per case (CTest label "evolution;slow"). */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_case;

static void test_evolution__change_reaches_everything_through_regen(void)
{
    char work[512], cmd[2048];
    snprintf(work, sizeof work, "%s/evolution/%s", MKTOWS_BUILD_DIR, s_case);
    /* Only the first case also runs a program of this build against the changed library. */
    int mixed = strcmp(s_case, "lead_record_element") == 0;
    snprintf(cmd, sizeof cmd, "'%s/tests/evolution/run' '%s' '%s' %s %s%s%s >'%s.log' 2>&1", MKTOWS_SOURCE_DIR,
             s_case, work, MKTOWS_SANITIZE_CFLAGS[0] ? "ON" : "OFF", mixed ? "'" : "", mixed ? MKTOWS_BIN_DIR : "",
             mixed ? "'" : "", work);
    char mk[600];
    snprintf(mk, sizeof mk, "mkdir -p '%s/evolution'", MKTOWS_BUILD_DIR);
    CU_ASSERT_EQUAL_FATAL(system(mk), 0);
    int rc = system(cmd);
    if (rc != 0) {
        snprintf(cmd, sizeof cmd, "tail -n 60 '%s.log' >&2", work);
        if (system(cmd) != 0)
            fprintf(stderr, "(no log)\n");
    }
    CU_ASSERT_EQUAL(rc, 0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_evolution CASE (a folder of tests/evolution/)\n");
        return 2;
    }
    s_case = argv[1];
    static const mktows_test_case cases[] = {
        { "change_reaches_everything_through_regen", test_evolution__change_reaches_everything_through_regen },
        { NULL, NULL }
    };
    return mktows_test_run("evolution", NULL, NULL, cases);
}
