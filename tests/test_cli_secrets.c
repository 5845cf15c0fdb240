/* The mktows command and its secrets: while a call runs, the process cannot dump core and its
 * environment no longer holds the encryption key; a trace file that others could read is made
 * 0600 before anything is written to it. */
#define _GNU_SOURCE /* memmem */
#include "runner.h"

#include "cli_run.h"
#include "hostile_peer.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define S_KEY "secret-key-0123456789-abcdefghij"

static void s_silent(int fd, void *arg, volatile int *stop)
{
    (void)arg;
    mktows_hostile_read_request(fd);
    while (!*stop)
        mktows_hostile_sleep_ms(20);
}

static char *s_slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *buf = calloc(1, 65536);
    ssize_t n = read(fd, buf, 65535);
    close(fd);
    *len = n > 0 ? (size_t)n : 0;
    return buf;
}

static void test_cli_secrets__a_running_call_cannot_dump_core_and_its_environment_has_no_key(void)
{
    mktows_hostile_peer p;
    CU_ASSERT_EQUAL_FATAL(mktows_hostile_peer_start(&p, s_silent, NULL), 0);
    char url[128], env_url[200];
    mktows_hostile_peer_url(&p, url, sizeof url);
    snprintf(env_url, sizeof env_url, "MARKETO_SOAP_ENDPOINT=%s", url);
    pid_t pid = fork();
    if (pid == 0) {
        /* core dumps allowed as far as this process may allow them: the command must turn them off */
        struct rlimit rl;
        if (getrlimit(RLIMIT_CORE, &rl) == 0) {
            rl.rlim_cur = rl.rlim_max;
            (void)setrlimit(RLIMIT_CORE, &rl);
        }
        setenv("MARKETO_SOAP_ENDPOINT", url, 1);
        setenv("MARKETO_USER_ID", "secrets_user", 1);
        setenv("MARKETO_ENCRYPTION_KEY", S_KEY, 1);
        setenv("HOME", "/nonexistent", 1);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(MKTOWS_BIN_DIR "/mktows", "mktows", "sync-lead", "--email", "s@example.com", "--timeout-ms", "5000",
              (char *)NULL);
        _exit(127);
    }
    CU_ASSERT_TRUE_FATAL(pid > 0);
    mktows_hostile_sleep_ms(700); /* the call is waiting for the silent peer by now */
    char path[64];
    size_t len = 0;
    snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
    char *limits = s_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(limits);
    const char *core = strstr(limits, "Max core file size");
    CU_ASSERT_PTR_NOT_NULL(core);
    if (core)
        CU_ASSERT_EQUAL(strncmp(core + strspn(core + 18, " ") + 18, "0", 1), 0);
    snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
    char *environ_text = s_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(environ_text);
    CU_ASSERT_PTR_NULL(memmem(environ_text, len, S_KEY, strlen(S_KEY)));
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    mktows_hostile_peer_stop(&p);
    free(limits);
    free(environ_text);
}

static void test_cli_secrets__an_existing_trace_file_readable_by_others_is_made_0600(void)
{
    mktows_hostile_peer p;
    CU_ASSERT_EQUAL_FATAL(mktows_hostile_peer_start(&p, s_silent, NULL), 0);
    char dir[] = "/tmp/mktows-secrets-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char trace[300];
    snprintf(trace, sizeof trace, "%s/trace.xml", dir);
    int fd = open(trace, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CU_ASSERT_TRUE_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(fchmod(fd, 0644), 0);
    close(fd);
    char url[128], env_url[200];
    mktows_hostile_peer_url(&p, url, sizeof url);
    snprintf(env_url, sizeof env_url, "MARKETO_SOAP_ENDPOINT=%s", url);
    const char *const env[] = { env_url, "MARKETO_USER_ID=secrets_user", "MARKETO_ENCRYPTION_KEY=" S_KEY,
                                "HOME=/nonexistent", NULL };
    const char *const args[] = { "sync-lead", "--email", "s@example.com", "--timeout-ms", "300", "--trace", trace,
                                 NULL };
    mktows_cli_result r;
    mktows_test_cli_run(&r, dir, args, env, NULL, NULL);
    mktows_hostile_peer_stop(&p);
    struct stat st;
    CU_ASSERT_EQUAL_FATAL(stat(trace, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
    CU_ASSERT_EQUAL(r.status, 1); /* the silent peer: a timeout */
    mktows_test_cli_result_free(&r);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "a_running_call_cannot_dump_core_and_its_environment_has_no_key",
          test_cli_secrets__a_running_call_cannot_dump_core_and_its_environment_has_no_key },
        { "an_existing_trace_file_readable_by_others_is_made_0600",
          test_cli_secrets__an_existing_trace_file_readable_by_others_is_made_0600 },
        { NULL, NULL },
    };
    return mktows_test_run("cli_secrets", NULL, NULL, cases);
}
