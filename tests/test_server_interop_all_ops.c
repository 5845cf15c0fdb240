/* Every operation of the WSDL from three SOAP clients we did not write: PHP's SoapClient
 * (php8.2-soap), python3-zeep and node-soap (npm `soap`, scripts/node-soap). Each runs its script
 * of tests/interop/ against a fresh mktows-server with the demo configuration
 * (data/server/mktows-server.conf and its fixtures): the client is built from the served ?WSDL,
 * calls every operation that WSDL names with parameters that succeed, checks each result's
 * content, and reads one Marketo fault's detail/serviceException/code (20103).
 *
 * The scripts print "PASS <op>: ..." or "FAIL <op>: ..." per operation. Here the list of
 * operations comes from the interface description (gen/mktows_iface.h, from the WSDL), so an
 * operation a script does not call fails its client's case; operations named in
 * $MKTOWS_TEST_NEW_OPERATIONS (the interface evolution suite) are skipped, and the scripts say
 * SKIP for them. A client that is not installed (scripts/test installs all three) is skipped
 * with a message naming what to install; node-soap is installed into its cache folder here when
 * it is missing and npm is there. */
#include "runner.h"
#include "server_harness.h"

#include "mktows_iface.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DEMO_CONF MKTOWS_SOURCE_DIR "/data/server/mktows-server.conf"
#define S_SCRIPTS MKTOWS_SOURCE_DIR "/tests/interop"

#define S_OP_NAME(op, ...) #op,
static const char *const s_operations[] = { MKTOWS_IFACE_OPERATIONS(S_OP_NAME) };

/* The line of @p out that starts with @p prefix, or NULL. */
static const char *s_line(const char *out, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, n) == 0)
            return p;
    return NULL;
}

/* Start a server with the demo config, run @p command (the client's interpreter and script; the
 * endpoint and credentials in the environment, @p env_extra before it), and check that it passed
 * every operation of the interface and the fault. */
static void s_drive(const char *client, const char *env_extra, const char *command)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = S_DEMO_CONF;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    char cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "%s MARKETO_SOAP_ENDPOINT='%s' MARKETO_USER_ID='%s' MARKETO_ENCRYPTION_KEY='%s' timeout 120 %s",
             env_extra, srv.url, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, command);
    int status = mktows_test_run_command(cmd, &out);
    CU_ASSERT_EQUAL(status, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    int bad = status != 0;
    size_t checked = 0;
    for (size_t i = 0; i < sizeof s_operations / sizeof s_operations[0]; i++) {
        const char *op = s_operations[i];
        char prefix[128];
        snprintf(prefix, sizeof prefix, "PASS %s: ", op);
        if (mktows_test_operation_is_new(op))
            continue;
        checked++;
        if (!s_line(out, prefix)) {
            fprintf(stderr, "\n%s: %s did not pass\n", client, op);
            CU_FAIL("an operation of the WSDL did not pass");
            bad = 1;
        }
    }
    CU_ASSERT(checked > 0);
    if (!s_line(out, "PASS fault: ")) {
        fprintf(stderr, "\n%s: the fault's detail/serviceException/code was not read as 20103\n", client);
        CU_FAIL("the fault detail was not read");
        bad = 1;
    }
    if (s_line(out, "FAIL ")) {
        CU_FAIL("the script reported a failure");
        bad = 1;
    }
    if (bad)
        fprintf(stderr, "\n%s output:\n%s\n", client, out);
    else
        printf("\n%s: %zu operations and the fault passed\n", client, checked);
    free(out);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

static void test_all_ops__php_soapclient_calls_every_operation_of_the_wsdl(void)
{
    if (mktows_test_run_command("php -r 'exit(class_exists(\"SoapClient\") ? 0 : 1);'", NULL) != 0) {
        fprintf(stderr, "SKIPPED: php with the soap extension is not installed (apt-get install php8.2-cli php8.2-soap)\n");
        return;
    }
    s_drive("PHP SoapClient", "", "php '" S_SCRIPTS "/php_all_ops.php'");
}

static void test_all_ops__python_zeep_calls_every_operation_of_the_wsdl(void)
{
    if (mktows_test_run_command("/usr/bin/python3 -c 'import zeep'", NULL) != 0) {
        fprintf(stderr, "SKIPPED: python3-zeep is not installed (apt-get install python3-zeep)\n");
        return;
    }
    s_drive("zeep", "", "/usr/bin/python3 '" S_SCRIPTS "/zeep_all_ops.py'");
}

static void test_all_ops__node_soap_calls_every_operation_of_the_wsdl(void)
{
    /* scripts/node-soap prints the node_modules folder, installing node-soap first when it is
     * missing; when it cannot (no node or npm, a Node.js too old, no registry) it says why. */
    char *where = NULL;
    int status = mktows_test_run_command("timeout 240 '" MKTOWS_SOURCE_DIR "/scripts/node-soap' --install", &where);
    if (status != 0 || !where) {
        fprintf(stderr, "SKIPPED: node-soap cannot be installed: %s\n", where ? where : "(no output)");
        free(where);
        return;
    }
    /* the last line is the folder (an install says what it does before it) */
    size_t len = strlen(where);
    while (len && where[len - 1] == '\n')
        where[--len] = '\0';
    const char *folder = strrchr(where, '\n') ? strrchr(where, '\n') + 1 : where;
    CU_ASSERT_EQUAL_FATAL(folder[0], '/');
    char env[1200];
    snprintf(env, sizeof env, "NODE_PATH='%s'", folder);
    free(where);
    s_drive("node-soap", env, "node '" S_SCRIPTS "/node_all_ops.js'");
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "all_ops__php_soapclient_calls_every_operation_of_the_wsdl",
          test_all_ops__php_soapclient_calls_every_operation_of_the_wsdl },
        { "all_ops__python_zeep_calls_every_operation_of_the_wsdl",
          test_all_ops__python_zeep_calls_every_operation_of_the_wsdl },
        { "all_ops__node_soap_calls_every_operation_of_the_wsdl",
          test_all_ops__node_soap_calls_every_operation_of_the_wsdl },
        { NULL, NULL }
    };
    return mktows_test_run("server_interop_all_ops", NULL, NULL, cases);
}
