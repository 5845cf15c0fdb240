/* Running build/bin/mktows from a test: see cli_run.h. */
#include "cli_run.h"

#include "files.h"
#include "server_harness.h"

#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define S_BIN MKTOWS_BIN_DIR "/mktows"

static char *s_read_or_empty(const char *path)
{
    char *text = mktows_read_file(path, NULL);
    return text ? text : strdup("");
}

void mktows_test_cli_run(mktows_cli_result *r, const char *dir, const char *const *args, const char *const *env,
                         const char *stdin_path, const char *stdout_path)
{
    static const char *const pass[] = { "PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
                                        "LD_LIBRARY_PATH", NULL };
    char *argv[64], *envp[64], passbuf[8][4096];
    int na = 0, ne = 0;

    memset(r, 0, sizeof *r);
    argv[na++] = (char *)"mktows";
    for (int i = 0; args[i] && na < 63; i++)
        argv[na++] = (char *)args[i];
    argv[na] = NULL;
    if (env) {
        for (int i = 0; pass[i]; i++) {
            const char *v = getenv(pass[i]);
            if (v) {
                snprintf(passbuf[i], sizeof passbuf[i], "%s=%s", pass[i], v);
                envp[ne++] = passbuf[i];
            }
        }
        envp[ne++] = (char *)"LC_ALL=C";
        for (int i = 0; env[i] && ne < 63; i++)
            envp[ne++] = (char *)env[i];
        envp[ne] = NULL;
    }

    char out_path[512], err_path[512];
    snprintf(out_path, sizeof out_path, "%s/stdout", dir);
    snprintf(err_path, sizeof err_path, "%s/stderr", dir);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
        int o = stdout_path ? open(stdout_path, O_WRONLY) : open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || o < 0 || e < 0)
            _exit(126);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        if (env)
            execve(S_BIN, argv, envp);
        else
            execv(S_BIN, argv);
        _exit(127);
    }
    int wstatus = 0;
    /* 60 s is far above what any case needs, even under ASan; a hang fails instead of blocking. */
    for (int waited_ms = 0;; waited_ms += 10) {
        if (waitpid(pid, &wstatus, WNOHANG) == pid)
            break;
        if (waited_ms >= 60000) {
            kill(pid, SIGKILL);
            waitpid(pid, &wstatus, 0);
            break;
        }
        usleep(10000);
    }
    r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    r->out = stdout_path ? strdup("") : s_read_or_empty(out_path);
    r->err = s_read_or_empty(err_path);
}

void mktows_test_cli_result_free(mktows_cli_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

int mktows_test_cli_shell(const char *env_prefix, const char *dir, const char *args, char **out, char **err)
{
    char cmd[8192], errfile[512];
    snprintf(errfile, sizeof errfile, "%s/stderr.txt", dir);
    snprintf(cmd, sizeof cmd, "%s timeout 120 %s %s 2>%s", env_prefix, S_BIN, args, errfile);
    char *o = NULL;
    int rc = mktows_test_run_command(cmd, &o);
    if (out)
        *out = o ? o : strdup("");
    else
        free(o);
    if (err)
        *err = s_read_or_empty(errfile);
    return rc;
}
