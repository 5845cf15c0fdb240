/* The server's command line and config file: the documented example config starts and takes
 * effect (user, custom field, workspaces, rules), and bad configs are refused with exit status 2
 * and a message naming the line. */
#include "files.h"
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_config__documented_example_starts_and_takes_effect(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config_path = MKTOWS_SOURCE_DIR "/data/server/mktows-server.conf";
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);

    /* the user from the file */
    mktows_client_options co = MKTOWS_CLIENT_OPTIONS_INIT;
    co.endpoint = srv.url;
    co.user_id = "bigcorp1_461839624B16E06BA2D663";
    co.encryption_key = "899756834129871744AAEE88DDCC77CDEEDEC1AAAD66";
    co.workspace = "America";
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_client_new(&co, &c), MKTOWS_OK);
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync(c, 0, "conf@example.com", NULL, NULL, &r, "Region", "EMEA",
                                           "Country", "Germany", NULL), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "Region"), "EMEA");
    CU_ASSERT_STRING_EQUAL(mktows_test_lead_attr(r->lead, "LeadPartition"), "EU");
    mktows_sync_lead_result_free(r);
    mktows_client_free(c);
    /* the environment's user works too */
    c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(mktows_test_sync(c, 0, "env@example.com", NULL, NULL, NULL, NULL), MKTOWS_OK);
    /* the issue-4 sections: campaign, channel, tag, list, custom object, program */
    struct mkt__ParamsGetCampaignsForSource creq = { .source = mkt__ReqCampSourceType__SALES };
    struct mkt__SuccessGetCampaignsForSource cresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getCampaignsForSource, &creq, &cresp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(cresp.result->returnCount, 1);
    CU_ASSERT_EQUAL(cresp.result->campaignRecordList->campaignRecord[0].id, 2001);
    CU_ASSERT_STRING_EQUAL(cresp.result->campaignRecordList->campaignRecord[0].name, "Send Invitation");
    struct mkt__ParamsGetChannels chreq = { 0 };
    struct mkt__SuccessGetChannels chresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getChannels, &chreq, &chresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(chresp.result->tags->__sizetagStatus, 2);
    struct mkt__ParamsGetTags treq = { 0 };
    struct mkt__SuccessGetTags tresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getTags, &treq, &tresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(tresp.result->tagList->__sizetag, 1);
    struct mkt__ResultGetMultipleLeads *gm = NULL;
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, mktows_test_list_selector(c, NULL, 1001), NULL, 0, &gm), MKTOWS_OK);
    CU_ASSERT_EQUAL(mktows_test_get_multiple(c, mktows_test_list_selector(c, "Webinar Invitees", 0), NULL, 0, &gm),
                    MKTOWS_OK);
    struct mkt__ParamsGetCustomObjects coreq = { .objTypeName = "RoadShow" };
    struct mkt__SuccessGetCustomObjects coresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getCustomObjects, &coreq, &coresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(coresp.result->returnCount, 1); /* from the fixtures file the config names */
    int pid = 3001;
    struct mkt__ParamsGetMObjects preq = { .type = "Program", .id = &pid };
    struct mkt__SuccessGetMObjects presp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getMObjects, &preq, &presp), MKTOWS_OK);
    CU_ASSERT_EQUAL(presp.result->returnCount, 1);
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* Run mktows-server with a config text and no environment user; returns the exit status and output. */
static int s_run_config(const char *text, char **out)
{
    char path[] = "/tmp/mktows-test-conf-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "env -u MARKETO_USER_ID -u MARKETO_ENCRYPTION_KEY timeout 10 '%s/mktows-server'"
             " --listen 127.0.0.1:0 --config '%s' </dev/null", MKTOWS_BIN_DIR, path);
    int rc = mktows_test_run_command(cmd, out);
    remove(path);
    return rc;
}

static void test_config__unknown_setting_is_refused_with_its_line_number(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(s_run_config("[user u]\nkey = k\n[server]\nmax_skw_s = 10\n", &out), 2);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, ":4: [server]: unknown setting 'max_skw_s' (expected max_skew_s,"));
    free(out);
}

static void test_config__bad_value_is_refused_with_its_line_and_expected_form(void)
{
    static const char *const cases[][2] = {
        { "[user u]\nkey = k\n[limits]\nrate = often\n", ":4: [limits] rate: expected CALLS/SECONDS such as 100/20" },
        { "[user u]\nkey = k\n[server]\n\nworkspaces = maybe\n", ":5: [server] workspaces: expected on or off" },
        { "[user u]\nkey = k\n[faults]\nfail = getLead\n", ":4: [faults] fail: 'getLead': expected OP:CODE" },
        { "[user u]\nkey = k\n[faults]\nfail = getLead:12345\n", "'12345' is not a Marketo error code" },
        { "[user u]\nkey = k\n[faults]\nfailure = getLead:20023\n", ":4: [faults]: unknown setting 'failure'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        CU_ASSERT_EQUAL(s_run_config(cases[i][0], &out), 2);
        if (!out || !strstr(out, cases[i][1]))
            fprintf(stderr, "case %zu: %s\n", i, out ? out : "(no output)");
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, cases[i][1]));
        free(out);
    }
}

static void test_config__rule_naming_unknown_partition_is_refused(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(s_run_config("[user u]\nkey = k\n[rules]\nrule = Country = Mars -> NOWHERE\n", &out), 2);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "partition NOWHERE"));
    free(out);
}

static void test_config__bad_object_sections_are_refused(void)
{
    static const char *const cases[][2] = {
        { "[user u]\nkey = k\n[campaign Lonely]\nid = 5\n", "campaign Lonely needs program = NAME" },
        { "[user u]\nkey = k\n[program P]\nchannel = Radio\n", "program P: no [channel Radio]" },
        { "[user u]\nkey = k\n[custom_object Thing]\nfields = a, b\n", "custom_object Thing needs keys" },
        { "[user u]\nkey = k\n[campaign C]\nprogram = P\nsource = FAX\n", "source must be MKTOWS, SALES or both" },
        { "[user u]\nkey = k\n[list L]\n[list l]\n", "list l is defined twice" },
        { "[user u]\nkey = k\n[list L]\ncolour = red\n", "bad or unknown setting 'colour'" },
        { "[user u]\nkey = k\n[field Region]\ndisplay_name = Last Name\n",
          "fields LastName and Region have the same display name 'Last Name'" },
        { "[user u]\nkey = k\n[field Title]\ndisplay_name = Role\n[field title]\n", "field title is already defined" },
        { "[user u]\nkey = k\n[field UpdatedAt]\ndisplay_name = Changed\n", "field UpdatedAt is a system field" },
        { "[user u]\nkey = k\n[channel Webinar]\nstatuses = Invited@10=Invited\n",
          "channel Webinar: status 'Invited' has a behavior value but the channel no behavior = ATTRIBUTE" },
        { "[user u]\nkey = k\n[channel Webinar]\nstatuses = Invited@ten\n", "@STEP wants a number" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        CU_ASSERT_EQUAL(s_run_config(cases[i][0], &out), 2);
        if (!out || !strstr(out, cases[i][1]))
            fprintf(stderr, "case %zu: %s\n", i, out ? out : "(no output)");
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, cases[i][1]));
        free(out);
    }
}

static void test_config__server_without_any_user_refuses_to_start(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(s_run_config("[server]\nworkspaces = off\n", &out), 2);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "no users"));
    free(out);
}

static void test_command_line__help_exits_0_and_bad_listen_exits_2(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "'%s/mktows-server' --help", MKTOWS_BIN_DIR);
    char *out = NULL;
    CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "--listen HOST:PORT"));
    free(out);
    snprintf(cmd, sizeof cmd, "'%s/mktows-server' --listen nowhere", MKTOWS_BIN_DIR);
    CU_ASSERT_EQUAL(mktows_test_run_command(cmd, NULL), 2);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "config__documented_example_starts_and_takes_effect", test_config__documented_example_starts_and_takes_effect },
        { "config__unknown_setting_is_refused_with_its_line_number", test_config__unknown_setting_is_refused_with_its_line_number },
        { "config__bad_value_is_refused_with_its_line_and_expected_form",
          test_config__bad_value_is_refused_with_its_line_and_expected_form },
        { "config__rule_naming_unknown_partition_is_refused", test_config__rule_naming_unknown_partition_is_refused },
        { "config__bad_object_sections_are_refused", test_config__bad_object_sections_are_refused },
        { "config__server_without_any_user_refuses_to_start", test_config__server_without_any_user_refuses_to_start },
        { "command_line__help_exits_0_and_bad_listen_exits_2", test_command_line__help_exits_0_and_bad_listen_exits_2 },
        { NULL, NULL }
    };
    return mktows_test_run("server_config", NULL, NULL, cases);
}
