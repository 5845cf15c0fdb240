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

/* 1 when @p op is named in $MKTOWS_TEST_NEW_OPERATIONS (comma-separated): an operation the WSDL
 * has just gained, for which hand-written artefacts (a docs example, captured responses, a server
 * handler) cannot exist yet. The interface evolution suite sets it for its scratch tree; suites
 * that check such artefacts per operation skip those operations, say so, and check the rest. */
int mktows_test_operation_is_new(const char *op);

#endif
