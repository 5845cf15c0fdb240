/* docs/operations.md covers every operation with a C example that compiles: each operation of
 * the interface description (gen/mktows_iface.h) has a "### <operation>" section whose first C block calls mktows_<function>(), and
 * every such block compiles (cc -fsyntax-only -Wall -Wextra -Werror) against the public headers. */
#include "runner.h"

#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"

static char *s_doc;

static int s_setup(void)
{
    s_doc = mktows_read_file(MKTOWS_SOURCE_DIR "/docs/operations.md", NULL);
    return s_doc && mktows_strerror(MKTOWS_OK) ? 0 : 1;
}

static int s_teardown(void)
{
    free(s_doc);
    return 0;
}

/* The first ```c block after "### <op>\n", malloc'd, or NULL. */
static char *s_example(const char *op)
{
    return mktows_test_md_example(s_doc, op);
}

static void test_ops_docs__every_operation_has_an_example_calling_it(void)
{
    int n = 0;
#define S_HAS(op, f, REQ, RESP, req_el, resp_el, result, headers, paged, batched) \
    if (!mktows_test_operation_is_new(#op)) {                                      \
        char *ex = s_example(#op);                                                 \
        if (!ex || !strstr(ex, "mktows_" #f "("))                                 \
            fprintf(stderr, "\ndocs/operations.md: no example for %s\n", #op);   \
        CU_ASSERT_PTR_NOT_NULL(ex);                                                \
        CU_ASSERT_PTR_NOT_NULL(ex ? strstr(ex, "mktows_" #f "(") : NULL);         \
        free(ex);                                                                  \
        n++;                                                                       \
    } else {                                                                       \
        n++;                                                                       \
    }
    MKTOWS_IFACE_OPERATIONS(S_HAS)
#undef S_HAS
    CU_ASSERT_EQUAL(n, MKTOWS_IFACE_OPERATION_COUNT);
}

static void test_ops_docs__every_example_compiles(void)
{
    char dir[] = "/tmp/mktows-docs-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/examples.c", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "#include <mktows/mktows.h>\n#include <mktows/ops.h>\n#include <mktows/build.h>\n"
               "#include <mktows/paging.h>\n#include <mktows/batch.h>\n"
               "#include <stdio.h>\n#include <string.h>\n#include <time.h>\n\n");
    int n = 0;
#define S_WRITE(op, f_, REQ, RESP, req_el, resp_el, result, headers, paged, batched) \
                                                    \
    {                                                                               \
        char *ex = s_example(#op);                                                  \
        if (ex)                                                                     \
            fprintf(f, "void example_%s(mktows_client *c);\nvoid example_%s(mktows_client *c)\n{\n" \
                       "    mktows_code rc = MKTOWS_OK;\n    (void)rc;\n%s}\n\n", #op, #op, ex); \
        free(ex);                                                                   \
        n++;                                                                        \
    }
    MKTOWS_IFACE_OPERATIONS(S_WRITE)
#undef S_WRITE
    fclose(f);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cc -std=c11 -D_GNU_SOURCE -fsyntax-only -Wall -Wextra -Werror -Wno-missing-field-initializers"
             " -I'%s/src/include' -isystem '%s/gen' $(pkg-config --cflags gsoapssl) '%s' 2>&1",
             MKTOWS_SOURCE_DIR, MKTOWS_SOURCE_DIR, path);
    char *out = NULL;
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t len = 0, cap = 0;
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, p)) > 0) {
        if (len + k + 1 > cap) {
            cap = (len + k + 1) * 2;
            char *nb = realloc(out, cap);
            if (!nb)
                break;
            out = nb;
        }
        memcpy(out + len, buf, k);
        len += k;
        out[len] = '\0';
    }
    int status = pclose(p);
    if (status != 0)
        fprintf(stderr, "\n%s\n", out ? out : "(no output)");
    CU_ASSERT_EQUAL(status, 0);
    free(out);
    unlink(path);
    rmdir(dir);
    CU_ASSERT_EQUAL(n, MKTOWS_IFACE_OPERATION_COUNT);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "every_operation_has_an_example_calling_it", test_ops_docs__every_operation_has_an_example_calling_it },
        { "every_example_compiles", test_ops_docs__every_example_compiles },
        { NULL, NULL }
    };
    return mktows_test_run("ops_docs", s_setup, s_teardown, cases);
}
