/* `cmake --install` gives a usable package: a program outside the tree builds against the installed
 * headers (public and generated) and library with find_package(mktows) and with pkg-config, and
 * runs. */
#include "runner.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* HMAC-SHA1 of "2013-07-31T12:38:47-07:00demo17_1_809934544BFABAE58E5D27" keyed "27272727aa":
 *   printf '%s' '2013-07-31T12:38:47-07:00demo17_1_809934544BFABAE58E5D27' | openssl dgst -sha1 -hmac 27272727aa */
#define S_EXPECTED "92f05a6be4838ae1c0e5aafe814891ee72968a08\ncould not connect to the endpoint\n"

static char s_dir[256];
static char s_libdir[512];

static int s_setup(void)
{
    snprintf(s_dir, sizeof s_dir, "/tmp/mktows-install-XXXXXX");
    if (!mkdtemp(s_dir))
        return 1;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cmake --install '%s' --prefix '%s/prefix' >'%s/install.log' 2>&1",
             MKTOWS_BUILD_DIR, s_dir, s_dir);
    if (mktows_test_run_command(cmd, NULL) != 0) {
        fprintf(stderr, "cmake --install failed, see %s/install.log\n", s_dir);
        return 1;
    }
    /* lib or lib/<multiarch>, whichever GNUInstallDirs chose */
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "dirname \"$(find '%s/prefix' -name mktows.pc | head -n 1)\"", s_dir);
    if (mktows_test_run_command(cmd, &out) != 0 || !out)
        return 1;
    out[strcspn(out, "\n")] = '\0';
    snprintf(s_libdir, sizeof s_libdir, "%s/..", out); /* .../pkgconfig/.. */
    free(out);
    return 0;
}

static int s_teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
    return getenv("MKTOWS_TEST_KEEP") ? 0 : mktows_test_run_command(cmd, NULL);
}

static void test_install__installs_headers_library_programs_and_package_files(void)
{
    static const char *const files[] = {
        "include/mktows/mktows.h", "include/mktows/ops.h", "include/mktows/decode.h",
        "include/mktows/gen/soapH.h", "include/mktows/gen/soapStub.h", "include/mktows/gen/mktows_iface.h",
        "bin/mktows", "bin/mktows-server", "share/mktows/mktows-server.conf",
        "share/mktows/mktows-server-fixtures.json", NULL
    };
    for (int i = 0; files[i]; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/prefix/%s", s_dir, files[i]);
        if (access(path, R_OK) != 0)
            fprintf(stderr, "missing after install: %s\n", files[i]);
        CU_ASSERT_EQUAL(access(path, R_OK), 0);
    }
    char path[700];
    snprintf(path, sizeof path, "%s/cmake/mktows/mktowsConfig.cmake", s_libdir);
    CU_ASSERT_EQUAL(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/libmktows.so", s_libdir);
    CU_ASSERT_EQUAL(access(path, R_OK), 0);
}

static void test_install__installed_program_finds_its_library(void)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "env -u LD_LIBRARY_PATH '%s/prefix/bin/mktows' --version 2>&1", s_dir);
    CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "mktows"));
    free(out);
}

static void test_install__find_package_consumer_builds_and_runs(void)
{
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "cmake -S '%s/tests/data/install/consumer' -B '%s/cmake-consumer' -DCMAKE_PREFIX_PATH='%s/prefix'"
             " -DCMAKE_C_FLAGS='%s' >'%s/consumer.log' 2>&1"
             " && cmake --build '%s/cmake-consumer' >>'%s/consumer.log' 2>&1",
             MKTOWS_SOURCE_DIR, s_dir, s_dir, MKTOWS_SANITIZE_CFLAGS, s_dir, s_dir, s_dir);
    int rc = mktows_test_run_command(cmd, NULL);
    if (rc != 0)
        fprintf(stderr, "find_package consumer failed to build, see %s/consumer.log\n", s_dir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    snprintf(cmd, sizeof cmd, "'%s/cmake-consumer/consumer'", s_dir);
    CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, S_EXPECTED);
    free(out);
}

static void test_install__pkg_config_consumer_builds_and_runs(void)
{
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "PKG_CONFIG_PATH='%s/pkgconfig' cc %s '%s/tests/data/install/consumer/main.c' -o '%s/pc-consumer'"
             " $(PKG_CONFIG_PATH='%s/pkgconfig' pkg-config --cflags --libs mktows) -Wl,-rpath,'%s'"
             " >'%s/pc.log' 2>&1",
             s_libdir, MKTOWS_SANITIZE_CFLAGS, MKTOWS_SOURCE_DIR, s_dir, s_libdir, s_libdir, s_dir);
    int rc = mktows_test_run_command(cmd, NULL);
    if (rc != 0)
        fprintf(stderr, "pkg-config consumer failed to build, see %s/pc.log\n", s_dir);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    snprintf(cmd, sizeof cmd, "'%s/pc-consumer'", s_dir);
    CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, S_EXPECTED);
    free(out);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "installs_headers_library_programs_and_package_files", test_install__installs_headers_library_programs_and_package_files },
        { "installed_program_finds_its_library", test_install__installed_program_finds_its_library },
        { "find_package_consumer_builds_and_runs", test_install__find_package_consumer_builds_and_runs },
        { "pkg_config_consumer_builds_and_runs", test_install__pkg_config_consumer_builds_and_runs },
        { NULL, NULL }
    };
    return mktows_test_run("install", s_setup, s_teardown, cases);
}
