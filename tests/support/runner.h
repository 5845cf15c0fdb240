/* The CUnit runner every suite uses: one suite per executable, basic (verbose) output, and an exit
 * status that is non-zero when any assertion failed, not only on framework errors. */
#ifndef MKTOWS_TEST_RUNNER_H
#define MKTOWS_TEST_RUNNER_H

#include <CUnit/CUnit.h>

typedef struct mktows_test_case {
    const char *name;      /* says the behaviour: "signature_matches_known_answer" */
    void (*fn)(void);
} mktows_test_case;

/* Run the NULL-terminated @p cases as suite @p suite. setup/teardown may be NULL (they run once
 * around the suite, returning 0 on success). Returns the process exit status for main(). */
int mktows_test_run(const char *suite, int (*setup)(void), int (*teardown)(void),
                    const mktows_test_case *cases);

#endif
