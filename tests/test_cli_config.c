/* The mktows command's shared infrastructure: the config file and its profiles, the one
 * credentials loader (precedence options > environment > profile), --trace DIR, suggestions,
 * --version, the progress reporter (fake clock, fake terminal), and the man page and bash
 * completion, which must list exactly the options --help lists. The pure parts are called
 * directly (mktows_cli_args); the rest drives build/bin/mktows with a controlled environment. */
#include "files.h"
#include "runner.h"
#include "server_harness.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_run.h"
#include "cli.h"
#include "config.h"
#include "progress.h"
#include "suggest.h"

#define S_BIN MKTOWS_BIN_DIR "/mktows"
#define S_USER "bigcorp1_461839624B16E06BA2D663"
#define S_TS "2013-07-31T12:38:47-07:00"
#define S_KEY "cli-test-key-41c7"

static char s_tmp[256];

typedef mktows_cli_result s_result;

static void s_free(s_result *r)
{
    mktows_test_cli_result_free(r);
}

#define S_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define S_ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define S_NOENV ((const char *const[]){ NULL })

/* Run mktows with @p args and only PATH, the sanitizer settings and @p env in its environment. */
static void s_run(s_result *r, const char *const *args, const char *const *env)
{
    mktows_test_cli_run(r, s_tmp, args, env, NULL, NULL);
}

static void s_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", s_tmp, name);
}

static void s_write(const char *name, const char *text, mode_t mode)
{
    char p[512];
    s_path(p, sizeof p, name);
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(p, text, strlen(text)), 0);
    CU_ASSERT_EQUAL(chmod(p, mode), 0);
}

/* The signature `sign` prints for S_TS with @p user and @p key. */
static void s_sig(const char *user, const char *key, char out[MKTOWS_SIGNATURE_SIZE + 1])
{
    char sig[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL(mktows_sign(S_TS, user, key, sig), MKTOWS_OK);
    snprintf(out, MKTOWS_SIGNATURE_SIZE + 1, "%s", sig);
}

static int s_setup(void)
{
    snprintf(s_tmp, sizeof s_tmp, "/tmp/mktows-cli-config-XXXXXX");
    return mkdtemp(s_tmp) ? 0 : -1;
}

static int s_teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- the config file parser ---- */

static void test_cli_config__parse_picks_the_profile_and_resolves_paths(void)
{
    static const char text[] = "# comment\n; also a comment\n\n[default]\nendpoint = http://d/\nuser_id=du\n"
                               "[profile prod]\n  endpoint = \"https://p/\"  \nuser_id = pu\nkey_file = keys/p.key\n"
                               "workspace = Europe\ntimeout_ms = 2500\nrate = 100/20\nca_file = /etc/ca.pem\r\n";
    mktows_cli_profile p;
    char err[512] = "";
    CU_ASSERT_EQUAL(mktows_cli_config_parse("/home/u/.config/mktows/config", text, "prod", 1, &p, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(p.endpoint, "https://p/");
    CU_ASSERT_STRING_EQUAL(p.user_id, "pu");
    CU_ASSERT_STRING_EQUAL(p.key_file, "/home/u/.config/mktows/keys/p.key");
    CU_ASSERT_STRING_EQUAL(p.workspace, "Europe");
    CU_ASSERT_STRING_EQUAL(p.ca_file, "/etc/ca.pem");
    CU_ASSERT_EQUAL(p.timeout_ms, 2500);
    CU_ASSERT_EQUAL(p.rate_calls, 100);
    CU_ASSERT_EQUAL(p.rate_seconds, 20);
    mktows_cli_profile_clean_up(&p);
    CU_ASSERT_EQUAL(mktows_cli_config_parse("c", text, "default", 1, &p, err, sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(p.endpoint, "http://d/");
    CU_ASSERT_PTR_NULL(p.key_file);
    mktows_cli_profile_clean_up(&p);
    /* absent and not required: empty */
    CU_ASSERT_EQUAL(mktows_cli_config_parse("c", "[profile x]\n", "default", 0, &p, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(p.endpoint);
}

static void test_cli_config__bad_lines_name_file_line_and_the_expected_form(void)
{
    struct { const char *text; const char *message; } cases[] = {
        { "[default]\nendpoint\n", "cfg:2: expected '[default]', '[profile NAME]', 'key = value'" },
        { "endpoint = x\n", "cfg:1: 'endpoint' before any section" },
        { "[default]\nemail = x\n", "cfg:2: unknown key 'email' (expected one of endpoint, user_id" },
        { "[default]\nencryption_key = x\n", "cfg:2: the encryption key does not go in the config file" },
        { "[default\n", "cfg:1: malformed section header" },
        { "[prod]\n", "cfg:1: unknown section '[prod]' (expected '[default]' or '[profile NAME]')" },
        { "[default]\n\ntimeout_ms = soon\n", "cfg:3: timeout_ms must be a positive integer" },
        { "[default]\nrate = 100\n", "cfg:2: rate must be CALLS/SECONDS, got '100' (expected e.g. 'rate = 100/20')" },
        { "[default]\nuser_id = a\nuser_id = b\n", "cfg:3: 'user_id' is set twice" },
        { "[default]\nuser_id =\n", "cfg:2: 'user_id' is empty" },
        { NULL, NULL }
    };
    for (int i = 0; cases[i].text; i++) {
        mktows_cli_profile p;
        char err[512] = "";
        CU_ASSERT_EQUAL(mktows_cli_config_parse("cfg", cases[i].text, "default", 0, &p, err, sizeof err), -1);
        if (!strstr(err, cases[i].message))
            fprintf(stderr, "\n  expected '%s'\n  got      '%s'\n", cases[i].message, err);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].message));
    }
}

static void test_cli_config__unknown_profile_lists_the_known_ones(void)
{
    mktows_cli_profile p;
    char err[512] = "";
    CU_ASSERT_EQUAL(mktows_cli_config_parse("cfg", "[default]\n[profile prod]\n[profile sandbox]\n", "prd", 1, &p,
                                            err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "no profile 'prd' in cfg (known: default, prod, sandbox)");
}

/* Found by tests/fuzz/fuzz_cli_config: a profile name that ends the first one listed ("work" in
 * "xwork") made the list's duplicate check read the byte before the buffer (ASan). */
static void test_cli_config__known_profiles_list_a_name_that_ends_another(void)
{
    mktows_cli_profile p;
    char err[512] = "";
    CU_ASSERT_EQUAL(mktows_cli_config_parse("cfg", "[profile xwork]\n[profile work]\n[profile ork]\n", "prd", 1, &p,
                                            err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(err, "no profile 'prd' in cfg (known: xwork, work, ork)");
}

/* ---- credentials: options > environment > profile ---- */

static void test_cli_config__precedence_is_options_then_environment_then_profile(void)
{
    char cfg[512], kf[512], kf_env[600], cfg_env[600];
    s_path(cfg, sizeof cfg, "prec.conf");
    s_path(kf, sizeof kf, "profile.key");
    s_write("profile.key", "profile-key\n", 0600);
    s_write("opt.key", "option-key\n", 0600);
    char text[1024];
    snprintf(text, sizeof text, "[default]\nuser_id = default-user\nkey_file = %s\n[profile p]\nuser_id = p-user\n"
             "key_file = profile.key\n", kf);
    s_write("prec.conf", text, 0600);
    snprintf(cfg_env, sizeof cfg_env, "MKTOWS_CONFIG=%s", cfg);
    char opt_key[512];
    s_path(opt_key, sizeof opt_key, "opt.key");
    (void)kf_env;

    struct { const char *const *args; const char *const *env; const char *user; const char *key; } cases[] = {
        /* profile only ([default], then --profile, then MKTOWS_PROFILE) */
        { S_ARGS("sign", "--timestamp", S_TS, "--config", cfg), S_NOENV, "default-user", "profile-key" },
        { S_ARGS("sign", "--timestamp", S_TS, "--config", cfg, "--profile", "p"), S_NOENV, "p-user", "profile-key" },
        { S_ARGS("sign", "--timestamp", S_TS), S_ENV(cfg_env, "MKTOWS_PROFILE=p"), "p-user", "profile-key" },
        /* the environment beats the profile */
        { S_ARGS("sign", "--timestamp", S_TS, "--config", cfg),
          S_ENV("MARKETO_USER_ID=env-user", "MARKETO_ENCRYPTION_KEY=env-key"), "env-user", "env-key" },
        /* options beat both */
        { S_ARGS("sign", "--timestamp", S_TS, "--config", cfg, "--user-id", "opt-user", "--key-file", opt_key),
          S_ENV("MARKETO_USER_ID=env-user", "MARKETO_ENCRYPTION_KEY=env-key"), "opt-user", "option-key" },
        { NULL, NULL, NULL, NULL }
    };
    for (int i = 0; cases[i].args; i++) {
        s_result r;
        s_run(&r, cases[i].args, cases[i].env);
        char want[MKTOWS_SIGNATURE_SIZE + 2];
        s_sig(cases[i].user, cases[i].key, want);
        strcat(want, "\n");
        if (r.status != 0 || strcmp(r.out, want) != 0)
            fprintf(stderr, "\n  case %d: status %d out '%s' err '%s'\n", i, r.status, r.out, r.err);
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.out, want);
        CU_ASSERT_STRING_EQUAL(r.err, "");
        s_free(&r);
    }
}

static void test_cli_config__xdg_config_home_then_home(void)
{
    char xdg[512], home[512], dir[600], xdg_env[600], home_env[600];
    s_path(xdg, sizeof xdg, "xdg");
    s_path(home, sizeof home, "home");
    snprintf(dir, sizeof dir, "%s/mktows", xdg);
    mkdir(xdg, 0700);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/.config", home);
    mkdir(home, 0700);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/.config/mktows", home);
    mkdir(dir, 0700);
    s_write("xdg/mktows/config", "[default]\nuser_id = xdg-user\n", 0600);
    s_write("home/.config/mktows/config", "[default]\nuser_id = home-user\n", 0600);
    snprintf(xdg_env, sizeof xdg_env, "XDG_CONFIG_HOME=%s", xdg);
    snprintf(home_env, sizeof home_env, "HOME=%s", home);
    struct { const char *const *env; const char *user; } cases[] = {
        { S_ENV(xdg_env, home_env, "MARKETO_ENCRYPTION_KEY=" S_KEY), "xdg-user" },
        { S_ENV(home_env, "MARKETO_ENCRYPTION_KEY=" S_KEY), "home-user" },
        /* a relative XDG_CONFIG_HOME is ignored, as the XDG spec says */
        { S_ENV("XDG_CONFIG_HOME=relative", home_env, "MARKETO_ENCRYPTION_KEY=" S_KEY), "home-user" },
        { NULL, NULL }
    };
    for (int i = 0; cases[i].env; i++) {
        s_result r;
        s_run(&r, S_ARGS("sign", "--timestamp", S_TS), cases[i].env);
        char want[MKTOWS_SIGNATURE_SIZE + 2];
        s_sig(cases[i].user, S_KEY, want);
        strcat(want, "\n");
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_STRING_EQUAL(r.out, want);
        s_free(&r);
    }
    /* no config anywhere and no profile asked for: fine, the environment is enough */
    s_result r;
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS), S_ENV("MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 0);
    s_free(&r);
}

static void test_cli_config__config_errors_exit_1_with_file_line(void)
{
    char cfg[512];
    s_path(cfg, sizeof cfg, "bad.conf");
    s_write("bad.conf", "[default]\nuser_id = u\nbogus = 1\n", 0600);
    s_result r;
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--config", cfg), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "bad.conf:3: unknown key 'bogus'"));
    s_free(&r);
    s_write("bad.conf", "[default]\nuser_id = u\n[profile prod]\n", 0600);
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--config", cfg, "--profile", "staging"),
          S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "no profile 'staging' in "));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "(known: default, prod)"));
    s_free(&r);
    char missing[512];
    s_path(missing, sizeof missing, "no-such.conf");
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--config", missing), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "cannot read config file"));
    s_free(&r);
}

static void test_cli_config__every_missing_credential_in_one_message(void)
{
    s_result r;
    s_run(&r, S_ARGS("sync-lead", "--email", "t@t.com", "--dry-run"), S_ENV("MARKETO_USER_ID="));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: sync-lead: missing credentials: no endpoint (pass --endpoint, set "
                                  "MARKETO_SOAP_ENDPOINT or put 'endpoint = ...' in the profile); MARKETO_USER_ID "
                                  "is empty; no encryption key (pass --key-file FILE, set MARKETO_ENCRYPTION_KEY or "
                                  "put 'key_file = PATH' in the profile)\n");
    s_free(&r);
}

static void test_cli_config__a_key_file_others_can_read_gets_a_warning(void)
{
    char kf[512];
    s_path(kf, sizeof kf, "loose.key");
    s_write("loose.key", S_KEY "\n", 0644);
    s_result r;
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--user-id", S_USER, "--key-file", kf), S_NOENV);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "mktows: warning: key file '"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "(mode 0644); run chmod 600"));
    CU_ASSERT_PTR_NULL(strstr(r.err, S_KEY));
    s_free(&r);
    /* --quiet: only errors */
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--user-id", S_USER, "--key-file", kf, "--quiet"), S_NOENV);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_free(&r);
    CU_ASSERT_EQUAL(chmod(kf, 0600), 0);
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--user-id", S_USER, "--key-file", kf), S_NOENV);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_free(&r);
}

/* ---- --trace DIR ---- */

static void test_cli_config__trace_dir_writes_files_that_decode_reads(void)
{
    mktows_test_server srv;
    mktows_test_server_options opts = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    CU_ASSERT_FATAL(mktows_test_server_start(&srv, &opts) == 0);
    char dir[512], dir_arg[600], endpoint[600];
    s_path(dir, sizeof dir, "trace");
    snprintf(dir_arg, sizeof dir_arg, "%s/", dir);
    snprintf(endpoint, sizeof endpoint, "MARKETO_SOAP_ENDPOINT=%s", srv.url);
    const char *const *env = S_ENV(endpoint, "MARKETO_USER_ID=" MKTOWS_TEST_USER,
                                   "MARKETO_ENCRYPTION_KEY=" MKTOWS_TEST_KEY);
    s_result r;
    s_run(&r, S_ARGS("sync-lead", "--email", "trace@example.com", "--trace", dir_arg), env);
    CU_ASSERT_EQUAL(r.status, 0);
    s_free(&r);
    /* a second run numbers on */
    s_run(&r, S_ARGS("sync-lead", "--email", "trace2@example.com", "--trace", dir), env);
    CU_ASSERT_EQUAL(r.status, 0);
    s_free(&r);
    mktows_test_server_clean_up(&srv);

    struct stat st;
    CU_ASSERT_EQUAL(stat(dir, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0700);
    const char *names[] = { "0001-syncLead-request.xml", "0001-syncLead-response.xml", "0002-syncLead-request.xml",
                            "0002-syncLead-response.xml", NULL };
    for (int i = 0; names[i]; i++) {
        char p[700];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
        char *t = mktows_read_file(p, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_PTR_NULL(strstr(t, MKTOWS_TEST_KEY));
        free(t);
    }
    char resp[700];
    snprintf(resp, sizeof resp, "%s/0002-syncLead-response.xml", dir);
    s_run(&r, S_ARGS("decode", "syncLead", resp), S_NOENV);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "{\"successSyncLead\":{\"result\":{\"leadId\":"));
    s_free(&r);
}

/* ---- suggestions and --version ---- */

static void test_cli_config__misspelt_options_and_commands_get_a_suggestion(void)
{
    struct { const char *const *args; const char *message; } cases[] = {
        { S_ARGS("sync-lead", "--emial", "x"), "mktows: sync-lead: unknown option '--emial'; did you mean '--email'?" },
        { S_ARGS("sync-lead", "--retrun-lead"), "did you mean '--return-lead'?" },
        { S_ARGS("sign", "--timestmp=x"), "did you mean '--timestamp'?" },
        { S_ARGS("decode", "--lenent", "getLead", "-"), "did you mean '--lenient'?" },
        { S_ARGS("sycn-lead"), "mktows: unknown command: sycn-lead; did you mean 'sync-lead'?" },
        { S_ARGS("help", "decod"), "did you mean 'decode'?" },
        { NULL, NULL }
    };
    for (int i = 0; cases[i].args; i++) {
        s_result r;
        s_run(&r, cases[i].args, S_NOENV);
        CU_ASSERT_EQUAL(r.status, 2);
        if (!strstr(r.err, cases[i].message))
            fprintf(stderr, "\n  expected '%s'\n  got '%s'\n", cases[i].message, r.err);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, cases[i].message));
        s_free(&r);
    }
    s_result r;
    s_run(&r, S_ARGS("sign", "--zzzzzzzz"), S_NOENV);
    CU_ASSERT_PTR_NULL(strstr(r.err, "did you mean"));
    s_free(&r);
    CU_ASSERT_EQUAL(mktows_cli_edit_distance("emial", 5, "email"), 1);
    CU_ASSERT_EQUAL(mktows_cli_edit_distance("kitten", 6, "sitting"), 3);
}

static void test_cli_config__version_names_cli_library_and_interface(void)
{
    unsigned long long iface = 0;
    const char *lib = mktows_version(NULL, &iface);
    char want[256];
    snprintf(want, sizeof want, "mktows %s (libmktows %s, interface %016llx)\n", lib, lib, iface);
    s_result r;
    s_run(&r, S_ARGS("--version"), S_NOENV);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, want);
    s_free(&r);
}

/* ---- progress ---- */

static double s_fake_now(void *clock)
{
    return *(double *)clock;
}

static void test_cli_config__progress_redraws_on_a_terminal_with_rate_and_eta(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    double now = 100.0;
    mktows_cli_progress p;
    mktows_cli_progress_init_with(&p, f, "rows", 1000, 0, 1, s_fake_now, &now);
    mktows_cli_progress_update(&p, 10); /* too soon: nothing */
    now = 102.0;
    mktows_cli_progress_update(&p, 200);
    now = 102.1;
    mktows_cli_progress_update(&p, 210); /* within 200 ms of the last draw: nothing */
    now = 104.0;
    mktows_cli_progress_update(&p, 400);
    now = 105.0;
    mktows_cli_progress_update(&p, 1000);
    mktows_cli_progress_finish(&p);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(buf, "\rmktows: 200 of 1000 rows, 100/s, ETA 0:08"
                                "\rmktows: 400 of 1000 rows, 100/s, ETA 0:06"
                                "\rmktows: 1000 of 1000 rows, 200/s         " /* blanks what is left of the ETA */
                                "\rmktows: 1000 of 1000 rows, 200/s\n");
    free(buf);
}

static void test_cli_config__progress_is_off_without_a_terminal_unless_forced_and_never_when_quiet(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    double now = 0;
    mktows_cli_progress p;
    mktows_cli_progress_init_with(&p, f, "rows", 0, 0, 0, s_fake_now, &now);
    now = 5;
    mktows_cli_progress_update(&p, 50);
    mktows_cli_progress_finish(&p);
    fflush(f);
    CU_ASSERT_EQUAL(len, 0);
    /* forced, not a terminal: whole lines, at most one a second, no total = no ETA */
    mktows_cli_progress_init_with(&p, f, "rows", 0, 1, 0, s_fake_now, &now);
    now = 5.5;
    mktows_cli_progress_update(&p, 10);
    now = 6;
    mktows_cli_progress_update(&p, 20);
    now = 6.5;
    mktows_cli_progress_update(&p, 30);
    mktows_cli_progress_finish(&p);
    fflush(f);
    CU_ASSERT_STRING_EQUAL(buf, "mktows: 20 rows, 20/s\nmktows: 30 rows, 20/s\n");
    /* --quiet wins */
    mktows_cli_set_quiet(1);
    size_t before = len;
    mktows_cli_progress_init_with(&p, f, "rows", 0, 1, 1, s_fake_now, &now);
    now = 60;
    mktows_cli_progress_update(&p, 10);
    mktows_cli_progress_finish(&p);
    fflush(f);
    CU_ASSERT_EQUAL(len, before);
    mktows_cli_set_quiet(0);
    fclose(f);
    free(buf);
}

/* ---- man page and completion: exactly the options --help lists ---- */

/* The "--name" words of @p text that start an option line of --help ("  --name ..."), sorted into
 * one space-separated string. */
static void s_help_options(const char *text, char *out, size_t size)
{
    char found[64][48];
    int n = 0;
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *s = l;
        if (strncmp(s, "  -h, --help", 12) == 0) {
            snprintf(found[n++], sizeof found[0], "--help");
            continue;
        }
        if (strncmp(s, "  --", 4) != 0 || n >= 63)
            continue;
        s += 2;
        size_t k = strcspn(s, " \n=");
        snprintf(found[n++], sizeof found[0], "%.*s", (int)k, s);
    }
    qsort(found, (size_t)n, sizeof found[0], (int (*)(const void *, const void *))strcmp);
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", found[i]);
}

/* The same from a space-separated word list. */
static void s_sorted_words(const char *words, char *out, size_t size)
{
    char text[4096] = "";
    for (const char *w = words; *w;) {
        size_t k = strcspn(w, " \"");
        if (k)
            snprintf(text + strlen(text), sizeof text - strlen(text), "  %.*s\n", (int)k, w);
        w += k;
        if (*w)
            w++;
    }
    s_help_options(text, out, size);
}

/* The options a man page section lists: ".TP" followed by "\fB\-\-name\fR". */
static void s_man_options(const char *section, char *out, size_t size)
{
    char text[8192] = "";
    for (const char *t = section; (t = strstr(t, ".TP\n")) != NULL;) {
        t += 4;
        if (strncmp(t, "\\fB\\-h\\fR, \\fB\\-\\-help", 21) == 0) {
            strcat(text, "  -h, --help\n");
            continue;
        }
        if (strncmp(t, "\\fB\\-\\-", 7) != 0)
            continue;
        t += 7;
        char name[64];
        size_t n = 0;
        while (*t && *t != '\\' && n < sizeof name - 1)
            name[n++] = *t++;
        while (strncmp(t, "\\-", 2) == 0) { /* "\-" inside the name */
            name[n++] = '-';
            t += 2;
            while (*t && *t != '\\' && n < sizeof name - 1)
                name[n++] = *t++;
        }
        name[n] = '\0';
        snprintf(text + strlen(text), sizeof text - strlen(text), "  --%s\n", name);
    }
    s_help_options(text, out, size);
}

static void test_cli_config__man_page_and_completion_list_exactly_the_help_options(void)
{
    char *man = mktows_read_file(MKTOWS_BUILD_DIR "/share/man/man1/mktows.1", NULL);
    char *bash = mktows_read_file(MKTOWS_BUILD_DIR "/share/bash-completion/completions/mktows", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(man);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bash);
    CU_ASSERT_TRUE(strncmp(man, ".\\\"", 3) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(man, "\n.TH MKTOWS 1 "));
    CU_ASSERT_PTR_NOT_NULL(strstr(man, "\n.SH NAME\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(man, "\n.SH SYNOPSIS\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(bash, "\ncomplete -F _mktows mktows\n"));

    /* every command that `mktows --help` lists: the commands, then one per operation */
    s_result top;
    s_run(&top, S_ARGS("--help"), S_NOENV);
    const char *cmds = strstr(top.out, "Commands:\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cmds);
    const char *op_cmds = strstr(top.out, "\nOperation commands ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(op_cmds);
    int checked = 0, checked_ops = 0;
    for (const char *block = cmds; block; block = block == cmds ? op_cmds + 1 : NULL)
    for (const char *l = strchr(block, '\n') + 1; strncmp(l, "  ", 2) == 0; l = strchr(l, '\n') + 1) {
        char cmd[64];
        sscanf(l, "%63s", cmd);
        s_result h;
        s_run(&h, S_ARGS(cmd, "--help"), S_NOENV);
        CU_ASSERT_EQUAL(h.status, 0);
        char from_help[2048], from_man[2048], from_bash[2048];
        s_help_options(h.out, from_help, sizeof from_help);
        s_free(&h);

        char head[128];
        snprintf(head, sizeof head, "\n.SS \"mktows %s\"\n", cmd);
        for (char *c = strchr(head + 8, '-'); c; c = strchr(c + 2, '-')) { /* roff escapes '-' */
            memmove(c + 1, c, strlen(c) + 1);
            *c = '\\';
        }
        const char *sec = strstr(man, head);
        CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
        const char *end = strstr(sec + 1, "\n.SS ");
        if (!end)
            end = strstr(sec + 1, "\n.SH ");
        char *section = strndup(sec, end ? (size_t)(end - sec) : strlen(sec));
        s_man_options(section, from_man, sizeof from_man);
        free(section);

        char label[96];
        snprintf(label, sizeof label, "\n        %s)\n            opts=\"", cmd);
        const char *b = strstr(bash, label);
        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        b += strlen(label);
        char words[2048];
        snprintf(words, sizeof words, "%.*s", (int)strcspn(b, "\""), b);
        s_sorted_words(words, from_bash, sizeof from_bash);

        if (strcmp(from_help, from_man) || strcmp(from_help, from_bash))
            fprintf(stderr, "\n  %s\n  help: %s\n  man:  %s\n  bash: %s\n", cmd, from_help, from_man, from_bash);
        CU_ASSERT_STRING_EQUAL(from_help, from_man);
        CU_ASSERT_STRING_EQUAL(from_help, from_bash);
        CU_ASSERT_PTR_NOT_NULL(strstr(from_help, "--help"));
        checked++;
        checked_ops += block != cmds;
    }
    CU_ASSERT(checked >= 3); /* sign, sync-lead, decode and every command added since */
    CU_ASSERT_EQUAL((size_t)checked_ops, mktows_operation_count()); /* one per operation (sync-lead again) */
    s_free(&top);
    free(man);
    free(bash);

    /* mktows-server, likewise */
    char *out = NULL;
    CU_ASSERT_EQUAL(mktows_test_run_command("'" MKTOWS_BIN_DIR "/mktows-server' --help", &out), 0);
    char from_help[2048], from_man[2048], from_bash[2048];
    s_help_options(out, from_help, sizeof from_help);
    free(out);
    man = mktows_read_file(MKTOWS_BUILD_DIR "/share/man/man1/mktows-server.1", NULL);
    bash = mktows_read_file(MKTOWS_BUILD_DIR "/share/bash-completion/completions/mktows-server", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(man);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bash);
    s_man_options(man, from_man, sizeof from_man);
    const char *b = strstr(bash, "local opts=\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    b += strlen("local opts=\"");
    char words[2048];
    snprintf(words, sizeof words, "%.*s", (int)strcspn(b, "\""), b);
    s_sorted_words(words, from_bash, sizeof from_bash);
    CU_ASSERT_STRING_EQUAL(from_help, from_man);
    CU_ASSERT_STRING_EQUAL(from_help, from_bash);
    CU_ASSERT_PTR_NOT_NULL(strstr(from_help, "--rate-limit"));
    free(man);
    free(bash);
}

static void test_cli_config__man_pages_render_without_warnings(void)
{
    if (mktows_test_run_command("command -v groff >/dev/null", NULL) != 0) {
        fprintf(stderr, "(groff not installed: render check skipped) ");
        return;
    }
    const char *pages[] = { "mktows.1", "mktows-server.1", NULL };
    for (int i = 0; pages[i]; i++) {
        char cmd[1024];
        char *out = NULL;
        snprintf(cmd, sizeof cmd, "groff -man -ww -z '%s/share/man/man1/%s' 2>&1", MKTOWS_BUILD_DIR, pages[i]);
        CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 0);
        CU_ASSERT_STRING_EQUAL(out ? out : "", "");
        free(out);
    }
    char *out = NULL;
    CU_ASSERT_EQUAL(mktows_test_run_command("bash -n '" MKTOWS_BUILD_DIR "/share/bash-completion/completions/mktows' "
                                            "&& bash -n '" MKTOWS_BUILD_DIR
                                            "/share/bash-completion/completions/mktows-server' 2>&1", &out), 0);
    free(out);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "parse_picks_the_profile_and_resolves_paths", test_cli_config__parse_picks_the_profile_and_resolves_paths },
        { "bad_lines_name_file_line_and_the_expected_form",
          test_cli_config__bad_lines_name_file_line_and_the_expected_form },
        { "unknown_profile_lists_the_known_ones", test_cli_config__unknown_profile_lists_the_known_ones },
        { "known_profiles_list_a_name_that_ends_another",
          test_cli_config__known_profiles_list_a_name_that_ends_another },
        { "precedence_is_options_then_environment_then_profile",
          test_cli_config__precedence_is_options_then_environment_then_profile },
        { "xdg_config_home_then_home", test_cli_config__xdg_config_home_then_home },
        { "config_errors_exit_1_with_file_line", test_cli_config__config_errors_exit_1_with_file_line },
        { "every_missing_credential_in_one_message", test_cli_config__every_missing_credential_in_one_message },
        { "a_key_file_others_can_read_gets_a_warning", test_cli_config__a_key_file_others_can_read_gets_a_warning },
        { "trace_dir_writes_files_that_decode_reads", test_cli_config__trace_dir_writes_files_that_decode_reads },
        { "misspelt_options_and_commands_get_a_suggestion",
          test_cli_config__misspelt_options_and_commands_get_a_suggestion },
        { "version_names_cli_library_and_interface", test_cli_config__version_names_cli_library_and_interface },
        { "progress_redraws_on_a_terminal_with_rate_and_eta",
          test_cli_config__progress_redraws_on_a_terminal_with_rate_and_eta },
        { "progress_is_off_without_a_terminal_unless_forced_and_never_when_quiet",
          test_cli_config__progress_is_off_without_a_terminal_unless_forced_and_never_when_quiet },
        { "man_page_and_completion_list_exactly_the_help_options",
          test_cli_config__man_page_and_completion_list_exactly_the_help_options },
        { "man_pages_render_without_warnings", test_cli_config__man_pages_render_without_warnings },
        { NULL, NULL }
    };
    return mktows_test_run("cli_config", s_setup, s_teardown, cases);
}
