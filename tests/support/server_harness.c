#include "server_harness.h"

#include <mktows/client.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int s_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int s_make_cert(mktows_test_server *srv)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
             " -keyout '%s/key.pem' -out '%s/cert.pem' -subj /CN=localhost"
             " -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >'%s/openssl.log' 2>&1",
             srv->dir, srv->dir, srv->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "harness: openssl req failed (see %s/openssl.log)\n", srv->dir);
        return -1;
    }
    snprintf(srv->ca_file, sizeof srv->ca_file, "%s/cert.pem", srv->dir);
    return 0;
}

/* One line from @p fd (without its newline) into @p buf; empty when none comes within 20 s. */
static void s_read_line(int fd, char *buf, size_t size)
{
    size_t len = 0;
    struct pollfd p = { fd, POLLIN, 0 };
    while (len < size - 1) {
        if (poll(&p, 1, 20000) <= 0)
            break;
        ssize_t k = read(fd, buf + len, 1);
        if (k <= 0 || buf[len] == '\n')
            break;
        len++;
    }
    buf[len] = '\0';
}

static int s_spawn(mktows_test_server *srv)
{
    char bin[512], conf[300], cert[300], key[300];
    if (srv->opts.program)
        snprintf(bin, sizeof bin, "%s", srv->opts.program);
    else
        snprintf(bin, sizeof bin, "%s/mktows-server", MKTOWS_BIN_DIR);
    snprintf(conf, sizeof conf, "%s/server.conf", srv->dir);
    snprintf(cert, sizeof cert, "%s/cert.pem", srv->dir);
    snprintf(key, sizeof key, "%s/key.pem", srv->dir);
    const char *argv[40];
    int n = 0;
    argv[n++] = bin;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    if (srv->opts.config) {
        argv[n++] = "--config";
        argv[n++] = conf;
    } else if (srv->opts.config_path) {
        argv[n++] = "--config";
        argv[n++] = srv->opts.config_path;
    }
    if (srv->opts.persistent) {
        argv[n++] = "--db";
        argv[n++] = srv->db_path;
    }
    if (srv->opts.tls) {
        argv[n++] = "--tls-cert";
        argv[n++] = cert;
        argv[n++] = "--tls-key";
        argv[n++] = key;
    }
    /* The server never outlives this process: it stops once we are no longer its parent and then
     * removes the temporary directory (unless MKTOWS_TEST_KEEP asks to keep it). */
    pid_t parent = getpid();
    char parent_arg[32];
    snprintf(parent_arg, sizeof parent_arg, "%d", (int)parent);
    argv[n++] = "--parent-pid";
    argv[n++] = parent_arg;
    if (!getenv("MKTOWS_TEST_KEEP")) {
        argv[n++] = "--remove-if-orphaned";
        argv[n++] = srv->dir;
    }
    if (srv->opts.admin) {
        argv[n++] = "--admin-listen";
        argv[n++] = "127.0.0.1:0";
    }
    for (int i = 0; i < 16 && srv->opts.extra[i]; i++)
        argv[n++] = srv->opts.extra[i];
    argv[n] = NULL;

    int fds[2];
    if (pipe(fds))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* SIGTERM as soon as we lose our parent, rather than at the server's next 200 ms check.
         * PR_SET_PDEATHSIG fires when the parent *thread* that forked us exits, not the process:
         * a harness called from a thread that then ends stops its server early (the suites call
         * it from the main thread). It survives execv. SIGTERM/SIGINT stay blocked until the
         * server has its handlers (it unblocks them), so an early one still means a clean stop.
         * If the parent died before prctl, no signal comes; the server's own --parent-pid check
         * (at start, then every 200 ms) covers that race, so the child need not check getppid(). */
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGTERM);
        sigaddset(&stop_signals, SIGINT);
        sigprocmask(SIG_BLOCK, &stop_signals, NULL);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        int log = open(srv->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (log >= 0)
            dup2(log, 2);
        close(fds[0]);
        close(fds[1]);
        setenv("MARKETO_USER_ID", MKTOWS_TEST_USER, 1);
        setenv("MARKETO_ENCRYPTION_KEY", MKTOWS_TEST_KEY, 1);
        execv(bin, (char *const *)argv);
        fprintf(stderr, "harness: exec %s: %s\n", bin, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    srv->pid = pid;
    /* Read the URL line (the server prints it when it is ready), and the admin URL line. */
    s_read_line(fds[0], srv->url, sizeof srv->url);
    if (srv->opts.admin)
        s_read_line(fds[0], srv->admin_url, sizeof srv->admin_url);
    close(fds[0]);
    if (strncmp(srv->url, "http", 4) != 0) {
        fprintf(stderr, "harness: mktows-server did not print its URL (log: %s)\n", srv->log_path);
        mktows_test_server_kill(srv);
        return -1;
    }
    return 0;
}

int mktows_test_server_start(mktows_test_server *srv, const mktows_test_server_options *opts)
{
    memset(srv, 0, sizeof *srv);
    mktows_test_server_options def = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    srv->opts = opts ? *opts : def;
    snprintf(srv->dir, sizeof srv->dir, "/tmp/mktows-test-server-XXXXXX");
    if (!mkdtemp(srv->dir)) {
        perror("harness: mkdtemp");
        return -1;
    }
    snprintf(srv->log_path, sizeof srv->log_path, "%s/server.log", srv->dir);
    snprintf(srv->db_path, sizeof srv->db_path, "%s/leads.db", srv->dir);
    if (srv->opts.config) {
        char conf[300];
        snprintf(conf, sizeof conf, "%s/server.conf", srv->dir);
        if (s_write_file(conf, srv->opts.config))
            return -1;
    }
    if (srv->opts.tls && s_make_cert(srv))
        return -1;
    return s_spawn(srv);
}

int mktows_test_server_restart(mktows_test_server *srv)
{
    if (srv->pid)
        mktows_test_server_stop(srv);
    return s_spawn(srv);
}

static int s_wait(pid_t pid, int timeout_ms, int *status)
{
    for (int waited = 0; waited < timeout_ms; waited += 10) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        struct timespec ts = { 0, 10 * 1000000L };
        nanosleep(&ts, NULL);
    }
    return -1;
}

int mktows_test_server_stop(mktows_test_server *srv)
{
    if (!srv->pid)
        return 0;
    int status = 0, rc;
    kill(srv->pid, SIGTERM);
    if (s_wait(srv->pid, 15000, &status) == 0) {
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    } else {
        fprintf(stderr, "harness: mktows-server did not stop on SIGTERM; killing it\n");
        kill(srv->pid, SIGKILL);
        waitpid(srv->pid, &status, 0);
        rc = -1;
    }
    srv->pid = 0;
    return rc;
}

void mktows_test_server_kill(mktows_test_server *srv)
{
    if (!srv->pid)
        return;
    int status;
    kill(srv->pid, SIGKILL);
    waitpid(srv->pid, &status, 0);
    srv->pid = 0;
}

void mktows_test_server_clean_up(mktows_test_server *srv)
{
    mktows_test_server_stop(srv);
    if (srv->dir[0] && !getenv("MKTOWS_TEST_KEEP")) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", srv->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "harness: could not remove %s\n", srv->dir);
    }
    srv->dir[0] = '\0';
}

int mktows_test_server_log_count(const mktows_test_server *srv, const char *needle)
{
    FILE *f = fopen(srv->log_path, "r");
    if (!f)
        return -1;
    char line[2048];
    int n = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, needle))
            n++;
    fclose(f);
    return n;
}

int mktows_test_run_command(const char *cmd, char **out)
{
    char full[4096];
    snprintf(full, sizeof full, "exec 2>&1; %s", cmd);
    FILE *p = popen(full, "r");
    if (!p)
        return -1;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        pclose(p);
        return -1;
    }
    size_t k;
    while ((k = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += k;
        if (cap - len < 2) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    buf[len] = '\0';
    int status = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

mktows_client *mktows_test_client_new(const mktows_test_server *srv, const char *workspace, const char *key)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = srv->url;
    o.user_id = MKTOWS_TEST_USER;
    o.encryption_key = key ? key : MKTOWS_TEST_KEY;
    o.workspace = workspace;
    o.ca_file = srv->opts.tls ? srv->ca_file : NULL;
    o.recv_timeout_ms = 20000;
    mktows_client *c = NULL;
    if (mktows_client_new(&o, &c) != MKTOWS_OK)
        return NULL;
    return c;
}
