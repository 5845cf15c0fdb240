/* spawn: one whole process, timed from outside (bench/run's cold start and peak RSS).
 *
 *   spawn COMMAND [ARG...]
 *
 * Runs COMMAND once (stdin /dev/null, stdout and stderr to /dev/null unless SPAWN_KEEP_OUTPUT is
 * set) and prints one line:
 *   wall_us=X cpu_us=X maxrss_kib=X exit=N
 * wall: a monotonic clock from just before fork() to just after wait4(); cpu: the child's user +
 * system time; maxrss: the kernel's peak resident set of the child (ru_maxrss). This program is
 * small on purpose: the kernel counts the forked copy of it in the child's peak until exec, so
 * its own RSS (about 1 MiB) is the floor of what can be measured. Exit status 0 when the command
 * ran (whatever its own status), 1 when it could not be started. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: spawn COMMAND [ARG...]\n", stderr);
        return 2;
    }
    int keep = getenv("SPAWN_KEEP_OUTPUT") != NULL;
    double t0 = s_now_us();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        if (!keep) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    if (pid < 0)
        return 1;
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        return 1;
    double wall = s_now_us() - t0;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    printf("wall_us=%.0f cpu_us=%.0f maxrss_kib=%ld exit=%d\n", wall, cpu, ru.ru_maxrss, code);
    return code == 127 ? 1 : 0;
}
