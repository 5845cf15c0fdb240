/* The installed demo: after `cmake --install`, the installed mktows-server started with the
 * installed share/mktows/mktows-server.conf (and the fixtures it names) answers every example of
 * docs/operations.md with success. The examples are compiled as they are printed, against the
 * installed headers and library, into one program that runs the example named on its command line;
 * the store goes back to the shipped state (POST /reset) before each, so that every example meets
 * the server as it ships, except where an example reads what the one before it wrote. */
#include "files.h"
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include "mktows_iface.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char s_dir[256];
static char s_prefix[300];

/* An example that reads what the previous one wrote runs right after it, without a reset. */
static const char *const s_follows[][2] = {
    { "getImportToListStatus", "importToList" },
};

static int s_setup(void)
{
    snprintf(s_dir, sizeof s_dir, "/tmp/mktows-demo-XXXXXX");
    if (!mkdtemp(s_dir))
        return 1;
    snprintf(s_prefix, sizeof s_prefix, "%s/prefix", s_dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cmake --install '%s' --prefix '%s' >'%s/install.log' 2>&1", MKTOWS_BUILD_DIR,
             s_prefix, s_dir);
    if (mktows_test_run_command(cmd, NULL) != 0) {
        fprintf(stderr, "cmake --install failed, see %s/install.log\n", s_dir);
        return 1;
    }
    return 0;
}

static int s_teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
    return getenv("MKTOWS_TEST_KEEP") ? 0 : mktows_test_run_command(cmd, NULL);
}

/* examples.c: every operation's example as a function, and a main() that runs the one named. */
static int s_write_program(const char *path)
{
    char *doc = mktows_read_file(MKTOWS_SOURCE_DIR "/docs/operations.md", NULL);
    FILE *f = doc ? fopen(path, "w") : NULL;
    if (!f) {
        free(doc);
        return -1;
    }
    fprintf(f, "#include <mktows/mktows.h>\n#include <mktows/ops.h>\n#include <mktows/build.h>\n"
               "#include <mktows/paging.h>\n#include <mktows/batch.h>\n"
               "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <time.h>\n\n");
    int n = 0;
#define S_WRITE(op, f_, REQ, RESP, req_el, resp_el, result, headers, paged, batched)                     \
    {                                                                                                   \
        char *ex = mktows_test_operation_is_new(#op) ? NULL : mktows_test_md_example(doc, #op);         \
        if (!ex && mktows_test_operation_is_new(#op))                                                   \
            n++; /* no example can exist yet */                                                         \
        if (ex) {                                                                                       \
            fprintf(f, "static mktows_code example_%s(mktows_client *c)\n{\n"                           \
                       "    mktows_code rc = MKTOWS_OK;\n%s    return rc;\n}\n\n", #op, ex);            \
            n++;                                                                                        \
        }                                                                                               \
        free(ex);                                                                                       \
    }
    MKTOWS_IFACE_OPERATIONS(S_WRITE)
#undef S_WRITE
    fputs("int main(int argc, char **argv)\n{\n"
          "    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;\n"
          "    o.endpoint = argv[1];\n"
          "    o.user_id = getenv(\"MARKETO_USER_ID\");\n"
          "    o.encryption_key = getenv(\"MARKETO_ENCRYPTION_KEY\");\n"
          "    mktows_client *c = NULL;\n"
          "    if (argc != 3 || mktows_client_new(&o, &c) != MKTOWS_OK)\n"
          "        return 2;\n"
          "    mktows_code rc = MKTOWS_ERR_INVALID_ARGUMENT;\n", f);
#define S_CASE(op, f_, REQ, RESP, req_el, resp_el, result, headers, paged, batched)             \
    if (!mktows_test_operation_is_new(#op))                                                    \
        fprintf(f, "    if (strcmp(argv[2], \"%s\") == 0)\n        rc = example_%s(c);\n", #op, #op);
    MKTOWS_IFACE_OPERATIONS(S_CASE)
#undef S_CASE
    fputs("    if (rc != MKTOWS_OK)\n"
          "        fprintf(stderr, \"%s: %s (%s)\\n\", argv[2], mktows_strerror(rc), mktows_client_errmsg(c));\n"
          "    mktows_client_free(c);\n"
          "    return rc == MKTOWS_OK ? 0 : 1;\n}\n", f);
    fclose(f);
    free(doc);
    return n == MKTOWS_IFACE_OPERATION_COUNT ? 0 : -1;
}

static void test_demo__every_documented_example_runs_against_the_installed_server(void)
{
    char src[400], bin[400], cmd[4096];
    snprintf(src, sizeof src, "%s/examples.c", s_dir);
    snprintf(bin, sizeof bin, "%s/examples", s_dir);
    CU_ASSERT_EQUAL_FATAL(s_write_program(src), 0);
    snprintf(cmd, sizeof cmd,
             "libdir=\"$(dirname \"$(find '%s' -name mktows.pc | head -n 1)\")\";"
             " PKG_CONFIG_PATH=\"$libdir\" cc -std=c11 -D_GNU_SOURCE %s '%s' -o '%s'"
             " $(PKG_CONFIG_PATH=\"$libdir\" pkg-config --cflags --libs mktows) -Wl,-rpath,\"$libdir/..\""
             " >'%s/cc.log' 2>&1",
             s_prefix, MKTOWS_SANITIZE_CFLAGS, src, bin, s_dir);
    int rc = mktows_test_run_command(cmd, NULL);
    if (rc != 0)
        fprintf(stderr, "the examples did not build, see %s/cc.log\n", s_dir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);

    char program[400], config[400];
    snprintf(program, sizeof program, "%s/bin/mktows-server", s_prefix);
    snprintf(config, sizeof config, "%s/share/mktows/mktows-server.conf", s_prefix);
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.program = program;
    o.config_path = config;
    o.admin = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    int ran = 0;
#define S_RUN(op, f_, REQ, RESP, req_el, resp_el, result, headers, paged, batched)                      \
    if (mktows_test_operation_is_new(#op)) {                                                          \
        ran++;                                                                                         \
    } else {                                                                                           \
        const char *after = NULL;                                                                      \
        for (size_t i = 0; i < sizeof s_follows / sizeof s_follows[0]; i++)                            \
            if (strcmp(s_follows[i][0], #op) == 0)                                                     \
                after = s_follows[i][1];                                                               \
        char *resp = mktows_test_http_request(srv.admin_url, "POST", "/reset", NULL);                   \
        CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "200 OK"));                                        \
        free(resp);                                                                                    \
        for (int k = after ? 0 : 1; k < 2; k++) {                                                      \
            snprintf(cmd, sizeof cmd, "MARKETO_USER_ID='%s' MARKETO_ENCRYPTION_KEY='%s' '%s' '%s' '%s'",  \
                     MKTOWS_TEST_USER, MKTOWS_TEST_KEY, bin, srv.url, k ? #op : after);                \
            char *out = NULL;                                                                          \
            int status = mktows_test_run_command(cmd, &out);                                           \
            if (status != 0)                                                                           \
                fprintf(stderr, "\ndocs/operations.md's %s example: %s\n", k ? #op : after,            \
                        out ? out : "");                                                               \
            CU_ASSERT_EQUAL(status, 0);                                                                \
            free(out);                                                                                 \
        }                                                                                              \
        ran++;                                                                                         \
    }
    MKTOWS_IFACE_OPERATIONS(S_RUN)
#undef S_RUN
    CU_ASSERT_EQUAL(ran, MKTOWS_IFACE_OPERATION_COUNT);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "demo__every_documented_example_runs_against_the_installed_server",
          test_demo__every_documented_example_runs_against_the_installed_server },
        { NULL, NULL }
    };
    return mktows_test_run("server_demo", s_setup, s_teardown, cases);
}
