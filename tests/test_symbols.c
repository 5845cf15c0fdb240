/* Symbol hygiene of libmktows.so: it exports its public API (mktows_*) and nothing a gSOAP program
 * also defines. libgsoapssl.so calls back into whichever binding defines `namespaces`,
 * soap_getheader, soap_putfault, ... first in the process; a library that exported them would take
 * over another binding's callbacks, or lose its own. Two levels:
 *   - the built library, opened with dlopen(): dlsym() finds the API and none of gSOAP's names
 *     (neither the runtime's functions nor a binding's callbacks and namespace table), and every
 *     defined dynamic symbol (nm -D) is an mktows_ name;
 *   - two_bindings (tests/data/echo_binding): one program with libmktows.so and an unrelated gSOAP
 *     binding linked with libgsoapssl.so; its echo service answers its own client in-process, and
 *     libmktows makes real syncLead and getLead calls to mktows-server.
 *
 * MKTOWS_TEST_LIBMKTOWS=/path/to/libmktows.so.N checks another build of the library instead (the
 * program then loads it through LD_LIBRARY_PATH). */
#include "runner.h"
#include "server_harness.h"

#include <dlfcn.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_lib;
static void *s_handle;

static int s_setup(void)
{
    s_lib = getenv("MKTOWS_TEST_LIBMKTOWS");
    if (!s_lib || !*s_lib)
        s_lib = MKTOWS_LIBMKTOWS_PATH;
    s_handle = dlopen(s_lib, RTLD_NOW | RTLD_LOCAL);
    if (!s_handle)
        fprintf(stderr, "dlopen %s: %s\n", s_lib, dlerror());
    return s_handle ? 0 : 1;
}

static int s_teardown(void)
{
    return s_handle && dlclose(s_handle) != 0;
}

/* dlsym() on the library's handle searches the library and its dependencies: a gSOAP name found
 * there is one a program would bind to. */
static void test_symbols__library_hides_the_gsoap_runtime_and_the_binding_callbacks(void)
{
    static const char *const hidden[] = {
        /* the binding: its namespace table and the callbacks every generated binding defines */
        "namespaces", "soap_getheader", "soap_putheader", "soap_serializeheader", "soap_header",
        "soap_fault", "soap_getfault", "soap_putfault", "soap_serializefault", "soap_faultcode",
        "soap_faultsubcode", "soap_faultstring", "soap_faultdetail", "soap_check_faultsubcode",
        "soap_check_faultdetail", "soap_getelement", "soap_putelement", "soap_markelement",
        /* the binding's serializers, client stubs and server dispatcher */
        "soap_in_mkt__LeadRecord", "soap_new_mkt__LeadKey", "soap_call___mkt__getLead", "soap_serve",
        /* the runtime (soap_init() and soap_new() are macros for soap_init_REQUIRE_lib_v<version>
         * and soap_new_REQUIRE_lib_v<version>, which call soap_initialize()) */
        "soap_initialize", "soap_done", "soap_free", "soap_begin_send", "soap_connect", "soap_bind",
        "soap_ssl_client_context", "soap_strdup",
        NULL
    };
    for (int i = 0; hidden[i]; i++) {
        void *sym = dlsym(s_handle, hidden[i]);
        if (sym)
            fprintf(stderr, "\n%s: %s is visible\n", s_lib, hidden[i]);
        CU_ASSERT_PTR_NULL(sym);
    }
}

static void test_symbols__library_exports_the_public_api(void)
{
    static const char *const exported[] = {
        "mktows_client_new_checked", "mktows_version", "mktows_call", "mktows_operation_at", "mktows_client_free", "mktows_strerror", "mktows_sign", "mktows_get_lead",
        "mktows_sync_lead", "mktows_decode_json", "mktows_get_multiple_leads_pager", NULL
    };
    for (int i = 0; exported[i]; i++) {
        void *sym = dlsym(s_handle, exported[i]);
        if (!sym)
            fprintf(stderr, "\n%s: %s is not exported\n", s_lib, exported[i]);
        CU_ASSERT_PTR_NOT_NULL(sym);
    }
    /* private helpers stay inside, although their names start with mktows_ */
    CU_ASSERT_PTR_NULL(dlsym(s_handle, "mktows_client_soap"));
    CU_ASSERT_PTR_NULL(dlsym(s_handle, "mktows_client_fail_"));
    CU_ASSERT_PTR_NULL(dlsym(s_handle, "mktows_xml_parse_"));
}

static void test_symbols__every_exported_symbol_is_an_mktows_name(void)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "nm -D --defined-only '%s' | awk '{ print $NF }'", s_lib);
    CU_ASSERT_EQUAL_FATAL(mktows_test_run_command(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    int n = 0, others = 0;
    for (char *save = NULL, *name = strtok_r(out, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
        n++;
        if (strncmp(name, "mktows_", 7) != 0) {
            if (others++ < 10)
                fprintf(stderr, "\n%s exports %s", s_lib, name);
        }
    }
    if (others)
        fprintf(stderr, "\n%d exported symbols are not mktows_ names\n", others);
    CU_ASSERT_EQUAL(others, 0);
    CU_ASSERT(n > 100); /* the API: 23 typed calls with _keep and _free, pagers, builders, ... */
    free(out);
}

static void test_symbols__two_bindings_in_one_process_each_use_their_own(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    char libdir[512] = "";
    if (getenv("MKTOWS_TEST_LIBMKTOWS")) {
        char copy[512];
        snprintf(copy, sizeof copy, "%s", s_lib);
        snprintf(libdir, sizeof libdir, "LD_LIBRARY_PATH='%s' ", dirname(copy));
    }
    char cmd[2048], *out = NULL;
    snprintf(cmd, sizeof cmd, "%stimeout 60 '%s' '%s' '%s' '%s'", libdir, MKTOWS_TWO_BINDINGS_BIN, srv.url,
             MKTOWS_TEST_USER, MKTOWS_TEST_KEY);
    int rc = mktows_test_run_command(cmd, &out);
    if (rc != 0)
        fprintf(stderr, "\ntwo_bindings exited with %d:\n%s\n", rc, out ? out : "");
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "echo: before mktows\n"
                                "syncLead: CREATED\n"
                                "getLead: 1 lead, two.bindings@example.com\n"
                                "echo: after mktows\n"
                                "ok\n");
    free(out);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "library_hides_the_gsoap_runtime_and_the_binding_callbacks",
          test_symbols__library_hides_the_gsoap_runtime_and_the_binding_callbacks },
        { "library_exports_the_public_api", test_symbols__library_exports_the_public_api },
        { "every_exported_symbol_is_an_mktows_name", test_symbols__every_exported_symbol_is_an_mktows_name },
        { "two_bindings_in_one_process_each_use_their_own",
          test_symbols__two_bindings_in_one_process_each_use_their_own },
        { NULL, NULL }
    };
    return mktows_test_run("symbols", s_setup, s_teardown, cases);
}
