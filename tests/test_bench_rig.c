/* The benchmark rig's C programs work at all (bench/run measures with them; this measures nothing):
 * the canned server answers syncLead, syncMultipleLeads and ?WSDL, the floor client and mktows-c's
 * round-trip program complete calls against it over one and several connections, and the
 * in-memory codec program decodes the canned responses. A few hundred calls, well under a second. */
#define _GNU_SOURCE /* pipe2 */

#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define S_BENCH MKTOWS_BUILD_DIR "/bench/"

static pid_t s_pid;
static char s_url[256];

/* Start canned_server and read the URL it prints. */
static int s_setup(void)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    s_pid = fork();
    if (s_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        execl(S_BENCH "canned_server", "canned_server", "--wsdl", MKTOWS_SOURCE_DIR "/wsdl/mktows-2_7.wsdl",
              (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    struct pollfd p = { .fd = fds[0], .events = POLLIN };
    while (s_pid > 0 && len < sizeof s_url - 1 && poll(&p, 1, 5000) > 0) {
        if (read(fds[0], s_url + len, 1) != 1 || s_url[len] == '\n')
            break;
        len++;
    }
    s_url[len] = '\0';
    close(fds[0]);
    return strncmp(s_url, "http://127.0.0.1:", 17) == 0 ? 0 : -1;
}

static int s_teardown(void)
{
    int status = 1;
    if (s_pid > 0) {
        kill(s_pid, SIGTERM);
        waitpid(s_pid, &status, 0);
    }
    return status == 0 ? 0 : -1;
}

static void test_bench_rig__canned_server_answers_sync_lead_batch_and_wsdl(void)
{
    char *r = mktows_test_http_post(s_url, "<Envelope><Body><paramsSyncLead/></Body></Envelope>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "HTTP/1.1 200 OK"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "<mkt:successSyncLead>"));
    free(r);

    r = mktows_test_http_post(s_url, "<Envelope><Body><paramsSyncMultipleLeads/></Body></Envelope>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    int statuses = 0;
    for (const char *p = r; (p = strstr(p, "<syncStatus>")) != NULL; p++)
        statuses++;
    CU_ASSERT_EQUAL(statuses, 300);
    free(r);

    r = mktows_test_http_get(s_url, "/soap/mktows/2_7?WSDL");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "<wsdl:definitions"));
    free(r);
}

static void s_run(const char *cmd, const char *expect)
{
    char *out = NULL;
    int rc = mktows_test_run_command(cmd, &out);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, expect));
    if (rc != 0 || !out || !strstr(out, expect))
        fprintf(stderr, "%s\n-> %s\n", cmd, out ? out : "(no output)");
    free(out);
}

static void test_bench_rig__floor_and_mktows_clients_complete_calls(void)
{
    char body[] = "/tmp/mktows-bench-rig-XXXXXX";
    int fd = mkstemp(body);
    CU_ASSERT_FATAL(fd >= 0);
    static const char envelope[] = "<Envelope><Body><paramsSyncLead/></Body></Envelope>";
    CU_ASSERT_EQUAL(write(fd, envelope, sizeof envelope - 1), (ssize_t)(sizeof envelope - 1));
    close(fd);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "timeout 60 " S_BENCH "floor_client %s %s 200", s_url, body);
    s_run(cmd, "calls=200 connections=1 ");
    snprintf(cmd, sizeof cmd, "timeout 60 " S_BENCH "floor_client %s %s 200 4", s_url, body);
    s_run(cmd, "calls=200 connections=4 ");
    unlink(body);
    snprintf(cmd, sizeof cmd,
             "MARKETO_USER_ID=u MARKETO_ENCRYPTION_KEY=k timeout 60 " S_BENCH "rt_mktows %s 100", s_url);
    s_run(cmd, "calls=100 ");
}

static void test_bench_rig__codec_program_decodes_the_canned_responses(void)
{
    s_run("timeout 60 " S_BENCH "codec_mktows synclead 50", "calls=50 per_call_us=");
    s_run("timeout 60 " S_BENCH "codec_mktows batch 2", "request_bytes=");
    s_run("timeout 60 " S_BENCH "codec_mktows json 2", "json_over_typed=");
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "canned_server_answers_sync_lead_batch_and_wsdl", test_bench_rig__canned_server_answers_sync_lead_batch_and_wsdl },
        { "floor_and_mktows_clients_complete_calls", test_bench_rig__floor_and_mktows_clients_complete_calls },
        { "codec_program_decodes_the_canned_responses", test_bench_rig__codec_program_decodes_the_canned_responses },
        { NULL, NULL },
    };
    return mktows_test_run("bench_rig", s_setup, s_teardown, cases);
}
