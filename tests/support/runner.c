#include "runner.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mktows_test_run(const char *suite, int (*setup)(void), int (*teardown)(void),
                    const mktows_test_case *cases)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        return 2;
    }
    CU_pSuite s = CU_add_suite(suite, setup, teardown);
    if (!s) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    for (const mktows_test_case *c = cases; c->name; c++) {
        if (!CU_add_test(s, c->name, c->fn)) {
            fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
            CU_cleanup_registry();
            return 2;
        }
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures();
    unsigned failed_suites = CU_get_number_of_suites_failed();
    unsigned ran = CU_get_number_of_tests_run();
    CU_ErrorCode err = CU_get_error();
    CU_cleanup_registry();
    if (err != CUE_SUCCESS || failed_suites > 0)
        return 2;
    if (ran == 0) {
        fprintf(stderr, "%s: no test ran\n", suite);
        return 1;
    }
    return failures ? 1 : 0;
}

int mktows_test_operation_is_new(const char *op)
{
    const char *list = getenv("MKTOWS_TEST_NEW_OPERATIONS");
    size_t n = strlen(op);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, op, n) == 0) {
            fprintf(stderr, "\n%s is new to the WSDL ($MKTOWS_TEST_NEW_OPERATIONS): not checked here\n", op);
            return 1;
        }
        p = end ? end + 1 : p + len;
    }
    return 0;
}
