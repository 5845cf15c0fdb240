/* bench_sync_leads [ROWS] [CONCURRENCY]: `mktows sync-leads` with ROWS leads (default 100,000)
 * against mktows-server (store in memory) on loopback. Reports the CLI process's CPU time per lead
 * (getrusage of the child: user + system) and its max RSS, for ROWS and for ROWS / 10 (flat memory
 * means the two RSS figures are close). Target: <= 2 us client CPU per lead. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_USER "bench_user_0123456789ABCDEF"
#define S_KEY "bench-key-7d6da4d"

static char s_dir[] = "/tmp/mktows-bench-sync-leads-XXXXXX";

static pid_t s_server(char *url, size_t n)
{
    char conf[300];
    snprintf(conf, sizeof conf, "%s/server.conf", s_dir);
    FILE *f = fopen(conf, "w");
    if (!f)
        return -1;
    fprintf(f, "[user %s]\nkey = %s\n[field Note]\ntype = string\n", S_USER, S_KEY);
    fclose(f);
    int p[2];
    if (pipe(p) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        execl(MKTOWS_BIN_DIR "/mktows-server", "mktows-server", "--listen", "127.0.0.1:0", "--config", conf,
              "--quiet", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    FILE *in = fdopen(p[0], "r");
    if (!in || !fgets(url, (int)n, in))
        return -1;
    url[strcspn(url, "\n")] = '\0';
    return pid;
}

static void s_csv(const char *path, long rows, const char *prefix)
{
    FILE *f = fopen(path, "w");
    fputs("Email,FirstName,LastName,Note\r\n", f);
    for (long i = 1; i <= rows; i++)
        fprintf(f, "%s%ld@bench.example.org,\"Ann, %ld\",Smith,\"a note\nover two lines\"\r\n", prefix, i, i);
    fclose(f);
}

/* Issue 8's targets for the large run: client CPU per lead, and memory flat (the large run's RSS
 * within 1 MiB of the small run's). */
#define S_TARGET_US_PER_LEAD 2.0
static double s_last_cpu_us_per_lead;
static long s_last_maxrss_kib;

static int s_run(const char *url, long rows, const char *conc, const char *prefix)
{
    char csv[300], res[300];
    snprintf(csv, sizeof csv, "%s/%s.csv", s_dir, prefix);
    snprintf(res, sizeof res, "%s/%s.out", s_dir, prefix);
    s_csv(csv, rows, prefix);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("MARKETO_SOAP_ENDPOINT", url, 1);
        setenv("MARKETO_USER_ID", S_USER, 1);
        setenv("MARKETO_ENCRYPTION_KEY", S_KEY, 1);
        execl(MKTOWS_BIN_DIR "/mktows", "mktows", "sync-leads", "--csv", csv, "--results", res, "--concurrency",
              conc, (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0)
        return 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double cpu_us = (double)ru.ru_utime.tv_sec * 1e6 + (double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_sec * 1e6 +
                    (double)ru.ru_stime.tv_usec;
    double user_us = (double)ru.ru_utime.tv_sec * 1e6 + (double)ru.ru_utime.tv_usec;
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    s_last_cpu_us_per_lead = cpu_us / (double)rows;
    s_last_maxrss_kib = ru.ru_maxrss;
    printf("%8ld leads, concurrency %s: exit %d, wall %.2f s (%.0f leads/s), client CPU %.2f us/lead "
           "(user %.2f), max RSS %ld KiB\n",
           rows, conc, WIFEXITED(st) ? WEXITSTATUS(st) : -1, wall, (double)rows / wall, cpu_us / (double)rows,
           user_us / (double)rows, ru.ru_maxrss);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? atol(argv[1]) : 100000;
    const char *conc = argc > 2 ? argv[2] : "2";
    if (!mkdtemp(s_dir))
        return 1;
    char url[512];
    pid_t srv = s_server(url, sizeof url);
    if (srv <= 0)
        return 1;
    int rc = s_run(url, rows / 10, conc, "small");
    long small_rss = s_last_maxrss_kib;
    rc |= s_run(url, rows, conc, "large");
    int cpu_ok = s_last_cpu_us_per_lead <= S_TARGET_US_PER_LEAD;
    int mem_ok = s_last_maxrss_kib - small_rss <= 1024;
    printf("target: client CPU <= %.1f us/lead: %s; memory flat (large run within 1 MiB of the small run's RSS): %s\n",
           S_TARGET_US_PER_LEAD, cpu_ok ? "PASS" : "FAIL", mem_ok ? "PASS" : "FAIL");
    if (!cpu_ok || !mem_ok)
        rc = 1;
    kill(srv, SIGTERM);
    waitpid(srv, NULL, 0);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
