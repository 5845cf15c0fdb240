/* The test-server harness (tests/support/server_harness.c): a server it starts never outlives the
 * process that started it, and its temporary folder goes with it, however that process dies. A
 * stop by the harness itself keeps the folder (tests read the log and the database after a stop). */
#define _GNU_SOURCE /* pipe2 */

#include "runner.h"

#include "server_harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_GONE_WITHIN_MS 5000

static void s_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Read one line from @p fd within @p timeout_ms; 0 or -1. */
static int s_read_line(int fd, char *buf, size_t size, int timeout_ms)
{
    size_t len = 0;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    while (len < size - 1) {
        if (poll(&p, 1, timeout_ms) <= 0)
            break;
        ssize_t k = read(fd, buf + len, 1);
        if (k <= 0 || buf[len] == '\n')
            break;
        len++;
    }
    buf[len] = '\0';
    return len > 0 ? 0 : -1;
}

/* Has process @p pid ended?  It is our child (we are a subreaper), so reap it when it has. */
static int s_gone(pid_t pid)
{
    int status;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
        return 1;
    return r < 0 && errno == ECHILD && kill(pid, 0) != 0 && errno == ESRCH;
}

static int s_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_server_harness__server_and_folder_go_when_the_test_process_is_killed(void)
{
    /* Orphans are re-parented to us rather than to init, so we can reap the server (a zombie
     * would still answer kill(pid, 0)) and never depend on what PID 1 does. */
    CU_ASSERT_EQUAL_FATAL(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    int fds[2];
    CU_ASSERT_EQUAL_FATAL(pipe2(fds, O_CLOEXEC), 0);
    pid_t child = fork();
    CU_ASSERT_FATAL(child >= 0);
    if (child == 0) {
        /* The "test process": start a server, say which, and die without any clean-up. */
        close(fds[0]);
        mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
        o.persistent = 1;
        mktows_test_server srv;
        if (mktows_test_server_start(&srv, &o) == 0) {
            char msg[400];
            int n = snprintf(msg, sizeof msg, "%d %s\n", (int)srv.pid, srv.dir);
            if (write(fds[1], msg, (size_t)n) != n)
                _exit(3);
        }
        raise(SIGKILL);
        _exit(4);
    }
    close(fds[1]);
    char line[400];
    int got = s_read_line(fds[0], line, sizeof line, 30000);
    close(fds[0]);
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
    CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CU_ASSERT_EQUAL_FATAL(got, 0);

    int pid = 0;
    char dir[300] = "";
    CU_ASSERT_EQUAL_FATAL(sscanf(line, "%d %299s", &pid, dir), 2);
    CU_ASSERT_FATAL(pid > 0);
    CU_ASSERT_NSTRING_EQUAL_FATAL(dir, "/tmp/mktows-test-server-", 24);

    int gone = 0, removed = 0;
    for (int waited = 0; waited <= S_GONE_WITHIN_MS && !(gone && removed); waited += 50) {
        gone = gone || s_gone((pid_t)pid);
        removed = !s_exists(dir);
        if (!(gone && removed))
            s_sleep_ms(50);
    }
    CU_ASSERT(gone);
    CU_ASSERT(removed);
    if (!gone) {
        fprintf(stderr, "server %d still running %d ms after its test process died; killing it\n", pid,
                S_GONE_WITHIN_MS);
        kill((pid_t)pid, SIGKILL);
        waitpid((pid_t)pid, NULL, 0);
    }
    if (!removed) {
        fprintf(stderr, "%s still there %d ms after the test process died; removing it\n", dir, S_GONE_WITHIN_MS);
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
}

static void test_server_harness__stop_keeps_the_folder_for_the_test(void)
{
    mktows_test_server srv;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, NULL), 0);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    CU_ASSERT(s_exists(srv.dir));
    CU_ASSERT(mktows_test_server_log_count(&srv, "stopped after") == 1);
    char dir[sizeof srv.dir];
    memcpy(dir, srv.dir, sizeof dir);
    mktows_test_server_clean_up(&srv);
    CU_ASSERT(!s_exists(dir));
}

static void test_server_harness__server_refuses_to_remove_dangerous_folders(void)
{
    static const char *const bad[] = { "/", "/tmp", "/etc/hostname", "/no/such/folder", "." };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[600], *out = NULL;
        snprintf(cmd, sizeof cmd,
                 "MARKETO_USER_ID=u_1 MARKETO_ENCRYPTION_KEY=k timeout 10 '%s/mktows-server' --listen 127.0.0.1:0"
                 " --parent-pid $$ --remove-if-orphaned '%s'",
                 MKTOWS_BIN_DIR, bad[i]);
        CU_ASSERT_EQUAL(mktows_test_run_command(cmd, &out), 2);
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "--remove-if-orphaned"));
        free(out);
    }
    char *out = NULL;
    CU_ASSERT_EQUAL(mktows_test_run_command("MARKETO_USER_ID=u_1 MARKETO_ENCRYPTION_KEY=k timeout 10 '" MKTOWS_BIN_DIR
                                            "/mktows-server' --remove-if-orphaned /tmp/x", &out), 2);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "needs --parent-pid"));
    free(out);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "server_and_folder_go_when_the_test_process_is_killed",
          test_server_harness__server_and_folder_go_when_the_test_process_is_killed },
        { "stop_keeps_the_folder_for_the_test", test_server_harness__stop_keeps_the_folder_for_the_test },
        { "server_refuses_to_remove_dangerous_folders", test_server_harness__server_refuses_to_remove_dangerous_folders },
        { NULL, NULL }
    };
    return mktows_test_run("server_harness", NULL, NULL, cases);
}
