/* mktows-server: a local Marketo-compatible SOAP server (mktows 2_7), see docs/server.md.
 *
 * main() reads the options and the config, opens the store and writes the fixtures into it, sets up
 * the listening gSOAP context (and TLS), the optional admin endpoint (admin.c) and the reset signals
 * (reset.c), says it is ready (stdout, --ready-fd, --pid-file) and hands the context to
 * mktows_srv_serve() (serve.c), which serves connections until
 * SIGINT/SIGTERM (or, with --parent-pid, until that parent is gone); a connection idles out after
 * MKTOWS_SRV_IDLE_S. Then main() closes the store and, when the parent died, removes the folder
 * given with --remove-if-orphaned. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "orphan.h"
#include "usage.h"
#include "admin.h"
#include "fixtures.h"
#include "inject.h"
#include "request_log.h"

#include "private/schema.h"

#include <mktows/version.h>

#include "soapH.h"

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define MKTOWS_SRV_IDLE_S 30
#define MKTOWS_SRV_MAX_REQUEST_BYTES (32ULL * 1024 * 1024)
#define MKTOWS_SRV_PATH "/soap/mktows/2_7"
#define S_MAX_REPEATED 64 /* --fixtures and --fail, each */

/* The one value a signal handler touches, so it has to be a file-scope object: SIGINT/SIGTERM set
 * it, the accept loop (mktows_srv_serve) reads it. The server's context itself is main()'s and
 * passed explicitly. */
static volatile sig_atomic_t s_stop;

static void s_on_signal(int sig)
{
    (void)sig;
    s_stop = 1;
}

static void s_usage(FILE *f)
{
    mktows_srv_usage(f);
}

static int s_parse_listen(const char *arg, char *host, size_t host_len, int *port)
{
    const char *colon = strrchr(arg, ':');
    if (!colon)
        return -1;
    size_t hl = (size_t)(colon - arg);
    const char *h = arg;
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl >= host_len)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    char *end = NULL;
    long p = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end || p < 0 || p > 65535)
        return -1;
    *port = (int)p;
    return 0;
}

static int s_bound_port(SOAP_SOCKET fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len))
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

static int s_tls_setup(struct soap *soap, const char *cert, const char *key)
{
    if (soap_ssl_server_context(soap, SOAP_SSL_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) {
        soap_print_fault(soap, stderr);
        return -1;
    }
    SSL_CTX *ctx = soap->ctx;
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
        fprintf(stderr, "mktows-server: cannot load TLS certificate %s\n", cert);
        return -1;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        fprintf(stderr, "mktows-server: cannot load TLS key %s (or it does not match the certificate)\n", key);
        return -1;
    }
    return 0;
}

/* --ready-fd: the endpoint URL (and the admin URL) on descriptor @p fd, which is then closed. */
static int s_ready_fd(int fd, const char *text)
{
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t k = write(fd, text + done, len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        done += (size_t)k;
    }
    return close(fd);
}

/* --pid-file: written once the server listens (to a temporary name, then renamed). */
static int s_pid_file(const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    int ok = fprintf(f, "%d\n", (int)getpid()) > 0;
    if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

/* Every connection holds a descriptor; the store, logs, admin listener and TLS files need some
 * more. Raises the soft RLIMIT_NOFILE as far as needed (up to the hard limit), or says why the
 * configured connections cannot be served. */
static int s_reserve_descriptors(int connections)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)connections + 64;
    if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
        return 0;
    rlim_t hard = rl.rlim_max;
    rl.rlim_cur = hard != RLIM_INFINITY && hard < need ? hard : need;
    if (setrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= need)
        return 0;
    fprintf(stderr,
            "mktows-server: connections = %d needs %llu open files, but at most %llu are allowed (ulimit -n): "
            "raise the limit or lower connections\n",
            connections, (unsigned long long)need, (unsigned long long)(hard == RLIM_INFINITY ? need : hard));
    return -1;
}

int main(int argc, char **argv)
{
    /* The users' keys are in memory: no core dumps (and no ptrace by other users). */
    struct rlimit no_core = { 0, 0 };
    (void)setrlimit(RLIMIT_CORE, &no_core);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const char *listen_arg = "127.0.0.1:8080", *config_path = NULL, *db_path = NULL;
    const char *tls_cert = NULL, *tls_key = NULL;
    const char *skew_arg = NULL, *rate_arg = NULL, *conc_arg = NULL, *quota_arg = NULL;
    const char *parent_arg = NULL, *orphan_dir_arg = NULL;
    const char *replay_arg = NULL;
    const char *connections_arg = NULL, *request_timeout_arg = NULL;
    const char *admin_arg = NULL, *latency_arg = NULL, *log_arg = NULL, *ready_arg = NULL, *pid_file = NULL;
    const char *fixture_args[S_MAX_REPEATED], *fail_args[S_MAX_REPEATED];
    size_t fixture_argc = 0, fail_argc = 0;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            s_usage(stdout);
            return 0;
        } else if (!strncmp(a, "--help-format=", 14)) { /* hidden: the build writes the man page and completion */
            if (mktows_srv_help_format(a + 14, stdout) != 0) {
                fprintf(stderr, "mktows-server: --help-format wants man, bash or text\n");
                return 2;
            }
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("mktows-server %s\n", mktows_version(NULL, NULL));
            return 0;
        } else if (!strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        } else if (!strcmp(a, "--reject-replays")) {
            replay_arg = "on";
            continue;
        } else if (!strcmp(a, "--fixtures") || !strcmp(a, "--fail")) {
            const char **list = !strcmp(a, "--fixtures") ? fixture_args : fail_args;
            size_t *n = list == fixture_args ? &fixture_argc : &fail_argc;
            if (i + 1 >= argc || *n >= S_MAX_REPEATED) {
                fprintf(stderr, "mktows-server: %s %s\n", a, i + 1 >= argc ? "needs a value" : "given too often");
                return 2;
            }
            list[(*n)++] = argv[++i];
            continue;
        } else if (!strcmp(a, "--listen")) slot = &listen_arg;
        else if (!strcmp(a, "--config")) slot = &config_path;
        else if (!strcmp(a, "--db")) slot = &db_path;
        else if (!strcmp(a, "--tls-cert")) slot = &tls_cert;
        else if (!strcmp(a, "--tls-key")) slot = &tls_key;
        else if (!strcmp(a, "--max-skew")) slot = &skew_arg;
        else if (!strcmp(a, "--rate-limit")) slot = &rate_arg;
        else if (!strcmp(a, "--concurrency-limit")) slot = &conc_arg;
        else if (!strcmp(a, "--daily-quota")) slot = &quota_arg;
        else if (!strcmp(a, "--parent-pid")) slot = &parent_arg;
        else if (!strcmp(a, "--remove-if-orphaned")) slot = &orphan_dir_arg;
        else if (!strcmp(a, "--admin-listen")) slot = &admin_arg;
        else if (!strcmp(a, "--latency-ms")) slot = &latency_arg;
        else if (!strcmp(a, "--connections")) slot = &connections_arg;
        else if (!strcmp(a, "--request-timeout-s")) slot = &request_timeout_arg;
        else if (!strcmp(a, "--log")) slot = &log_arg;
        else if (!strcmp(a, "--ready-fd")) slot = &ready_arg;
        else if (!strcmp(a, "--pid-file")) slot = &pid_file;
        if (!slot) {
            fprintf(stderr, "mktows-server: unknown option %s (see --help)\n", a);
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "mktows-server: %s needs a value\n", a);
            return 2;
        }
        *slot = argv[++i];
    }
    if (!tls_cert != !tls_key) {
        fputs("mktows-server: --tls-cert and --tls-key go together\n", stderr);
        return 2;
    }
    char host[256], admin_host[256] = "";
    int port = 0, admin_port = 0, ready_fd = -1;
    if (s_parse_listen(listen_arg, host, sizeof host, &port)) {
        fprintf(stderr, "mktows-server: --listen wants HOST:PORT, not '%s'\n", listen_arg);
        return 2;
    }
    if (admin_arg && s_parse_listen(admin_arg, admin_host, sizeof admin_host, &admin_port)) {
        fprintf(stderr, "mktows-server: --admin-listen wants HOST:PORT, not '%s'\n", admin_arg);
        return 2;
    }
    if (ready_arg) {
        char *end = NULL;
        long fd = strtol(ready_arg, &end, 10);
        if (end == ready_arg || *end || fd < 3 || fd > 65535 || fcntl((int)fd, F_GETFD) < 0) {
            fprintf(stderr, "mktows-server: --ready-fd wants an open file descriptor from 3, not '%s'\n", ready_arg);
            return 2;
        }
        ready_fd = (int)fd;
    }

    static mktows_server srv; /* passed to every part explicitly; static for its size only */
    srv.quiet = quiet;
    if (mktows_srv_context_init(&srv)) {
        fputs("mktows-server: out of memory\n", stderr);
        return 1;
    }
    char err[512];
    static char orphan_dir[4096];
    if (parent_arg) {
        char *end = NULL;
        long pp = strtol(parent_arg, &end, 10);
        if (end == parent_arg || *end || pp <= 0 || (long)(pid_t)pp != pp) {
            fprintf(stderr, "mktows-server: --parent-pid wants a process id, not '%s'\n", parent_arg);
            return 2;
        }
        srv.parent_pid = (pid_t)pp;
    }
    if (orphan_dir_arg) {
        if (!parent_arg) {
            fputs("mktows-server: --remove-if-orphaned needs --parent-pid\n", stderr);
            return 2;
        }
        if (mktows_srv_orphan_dir_check(orphan_dir_arg, orphan_dir, sizeof orphan_dir, err, sizeof err)) {
            fprintf(stderr, "mktows-server: --remove-if-orphaned: %s\n", err);
            return 2;
        }
    }
    if (mktows_srv_orphaned(srv.parent_pid)) {
        /* The parent died before we got here: nothing to serve. */
        fprintf(stderr, "mktows-server: parent process %d is gone; not starting\n", (int)srv.parent_pid);
        if (*orphan_dir)
            mktows_srv_orphan_dir_remove(orphan_dir);
        return 1;
    }
    mktows_srv_config_init(&srv.cfg);
    if (config_path && mktows_srv_config_load(&srv.cfg, config_path, err, sizeof err)) {
        fprintf(stderr, "mktows-server: config: %s\n", err);
        return 2;
    }
    const char *env_user = getenv("MARKETO_USER_ID"), *env_key = getenv("MARKETO_ENCRYPTION_KEY");
    if (env_user && *env_user && env_key && *env_key) {
        mktows_srv_config_add_user(&srv.cfg, env_user, env_key);
        /* our copy is the one that counts: the environment's is wiped in place (it is also what
         * /proc/PID/environ shows) */
        OPENSSL_cleanse((char *)env_key, strlen(env_key));
    }
    /* command-line limits override the config file */
    const char *const overrides[][2] = {
        { "max_skew_s", skew_arg }, { "rate", rate_arg }, { "concurrency", conc_arg }, { "daily_quota", quota_arg },
        { "latency_ms", latency_arg }, { "reject_replays", replay_arg }, { "connections", connections_arg },
        { "request_timeout_s", request_timeout_arg },
    };
    for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
        if (overrides[i][1] && mktows_srv_config_set(&srv.cfg, overrides[i][0], overrides[i][1])) {
            fprintf(stderr, "mktows-server: bad value '%s' for %s (see --help)\n", overrides[i][1], overrides[i][0]);
            return 2;
        }
    }
    if (srv.cfg.user_count == 0) {
        fputs("mktows-server: no users: give --config with a [user ID] section, or set MARKETO_USER_ID and"
              " MARKETO_ENCRYPTION_KEY\n", stderr);
        return 2;
    }
    if (mktows_srv_config_check(&srv.cfg, err, sizeof err)) {
        fprintf(stderr, "mktows-server: config: %s\n", err);
        return 2;
    }
    if (mktows_srv_config_prepare_keys(&srv.cfg)) {
        fputs("mktows-server: cannot prepare the users' keys (OpenSSL or memory)\n", stderr);
        return 1;
    }
    if (s_reserve_descriptors(srv.cfg.max_connections))
        return 2;
    /* fault rules: the config's, then --fail's */
    for (size_t i = 0; i < srv.cfg.fault_count + fail_argc; i++) {
        const char *spec = i < srv.cfg.fault_count ? srv.cfg.faults[i] : fail_args[i - srv.cfg.fault_count];
        if (mktows_srv_inject_add(srv.inject, spec, MKTOWS_SRV_RULE_CONFIG, err, sizeof err)) {
            fprintf(stderr, "mktows-server: --fail %s\n", err);
            return 2;
        }
    }
    /* fixtures: the config's, then --fixtures's, read and checked before anything is written */
    static mktows_srv_fixtures fixtures;
    for (size_t i = 0; i < srv.cfg.fixture_count + fixture_argc; i++) {
        const char *file = i < srv.cfg.fixture_count ? srv.cfg.fixtures[i] : fixture_args[i - srv.cfg.fixture_count];
        if (mktows_srv_fixtures_load(&fixtures, &srv.cfg, file, err, sizeof err)) {
            fprintf(stderr, "mktows-server: fixtures: %s\n", err);
            return 2;
        }
    }
    srv.fixtures = &fixtures;
    if (log_arg && mktows_srv_request_log_open(srv.request_log, log_arg, err, sizeof err)) {
        fprintf(stderr, "mktows-server: --log %s\n", err);
        return 2;
    }
    if (mktows_store_open(&srv.store, db_path, err, sizeof err)) {
        fprintf(stderr, "mktows-server: store: %s\n", err);
        return 1;
    }
    if (srv.cfg.first_activity_id > 1 && mktows_store_activity_floor(srv.store, srv.cfg.first_activity_id)) {
        fprintf(stderr, "mktows-server: store: cannot set the first activity id\n");
        mktows_store_close(srv.store);
        return 1;
    }
    int skipped = 0;
    if (fixtures.count && mktows_store_seed(srv.store, &fixtures, MKTOWS_SRV_SEED_IF_EMPTY, srv.cfg.first_activity_id,
                                            srv.cfg.workspaces[0].primary_partition, &skipped, err, sizeof err)) {
        fprintf(stderr, "mktows-server: fixtures: %s\n", err);
        mktows_store_close(srv.store);
        return 2;
    }
    if (skipped)
        mktows_srv_log(&srv,
                       "fixtures not written: the store %s already holds data (POST /reset or SIGHUP writes them)",
                       db_path);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = s_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* A parent may start us with SIGINT/SIGTERM blocked so that one sent before this point (say a
     * PR_SET_PDEATHSIG) waits for the handler instead of killing us before we can clean up. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);
    /* SIGHUP and SIGUSR1 reset the server (reset.c): blocked here, before any thread starts */
    if (mktows_srv_reset_signals_start(&srv)) {
        fputs("mktows-server: cannot start the reset signal thread\n", stderr);
        return 1;
    }

    if (mktows_schema_load_(&srv.schema, mktows_srv_wsdl_data, mktows_srv_wsdl_data_size, err, sizeof err)) {
        fprintf(stderr, "mktows-server: the built-in WSDL cannot be read: %s\n", err);
        return 1;
    }

    soap_ssl_init();
    /* UTF-8 strings both ways: values are stored and sent back exactly as they came (without
     * SOAP_C_UTFSTRING gSOAP narrows text to 8-bit characters and cuts what does not fit). */
    struct soap *master = soap_new2(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING, SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING);
    if (!master) {
        fputs("mktows-server: out of memory\n", stderr);
        return 1;
    }
    master->bind_flags = SO_REUSEADDR;
    master->accept_timeout = -200000; /* 200 ms, to notice a stop request */
    master->recv_timeout = MKTOWS_SRV_IDLE_S;
    master->send_timeout = MKTOWS_SRV_IDLE_S;
    master->max_keep_alive = 1000000;
    /* A request body, after gzip inflation, may be at most this large (gSOAP's recv_maxlength; the
     * inflation ratio itself is bounded at build time, cmake/gsoap.cmake). */
    master->recv_maxlength = MKTOWS_SRV_MAX_REQUEST_BYTES;
    master->fget = mktows_srv_http_get;
    if (tls_cert) {
        srv.tls = 1;
        if (s_tls_setup(master, tls_cert, tls_key))
            return 1;
    }
    if (!soap_valid_socket(soap_bind(master, *host ? host : NULL, port, 128))) {
        fprintf(stderr, "mktows-server: cannot listen on %s: ", listen_arg);
        soap_print_fault(master, stderr);
        return 1;
    }
    int bound = s_bound_port(master->master);
    int v6 = strchr(host, ':') != NULL;
    snprintf(srv.url, sizeof srv.url, "%s://%s%s%s:%d%s", srv.tls ? "https" : "http", v6 ? "[" : "",
             *host ? host : "localhost", v6 ? "]" : "", bound, MKTOWS_SRV_PATH);
    char ready[1200];
    int k = snprintf(ready, sizeof ready, "%s\n", srv.url);
    if (admin_arg) {
        int admin_bound = 0;
        if (mktows_srv_admin_start(&srv, admin_host, admin_port, &admin_bound, err, sizeof err)) {
            fprintf(stderr, "mktows-server: cannot listen on %s (--admin-listen): %s\n", admin_arg, err);
            return 1;
        }
        int a6 = strchr(admin_host, ':') != NULL;
        snprintf(ready + k, sizeof ready - (size_t)k, "http://%s%s%s:%d/\n", a6 ? "[" : "",
                 *admin_host ? admin_host : "localhost", a6 ? "]" : "", admin_bound);
    }
    fputs(ready, stdout);
    fflush(stdout);
    mktows_srv_log(&srv, "listening on %s (%zu users, workspaces %s, store %s, %zu fixture records, %zu fault rules)",
                   srv.url, srv.cfg.user_count, srv.cfg.workspaces_enabled ? "on" : "off",
                   db_path ? db_path : "in memory", fixtures.count, srv.cfg.fault_count + fail_argc);
    /* the ready lines first, then the pid file: once the file is there, the lines are too */
    if (ready_fd >= 0 && s_ready_fd(ready_fd, ready))
        mktows_srv_log(&srv, "--ready-fd %d: %s", ready_fd, strerror(errno));
    if (pid_file && s_pid_file(pid_file)) {
        fprintf(stderr, "mktows-server: --pid-file %s: %s\n", pid_file, strerror(errno));
        return 1;
    }

    int served = mktows_srv_serve(&srv, master, &s_stop);
    if (pid_file)
        remove(pid_file);
    if (served) {
        if (*orphan_dir && mktows_srv_orphaned(srv.parent_pid))
            mktows_srv_orphan_dir_remove(orphan_dir);
        _exit(1);
    }
    mktows_srv_admin_stop(&srv);
    mktows_srv_reset_signals_stop(&srv);
    soap_destroy(master);
    soap_end(master);
    soap_free(master);
    mktows_store_close(srv.store);
    mktows_srv_fixtures_clean_up(&fixtures);
    mktows_srv_config_clean_up(&srv.cfg);
    mktows_schema_free_(srv.schema);
    mktows_srv_context_clean_up(&srv);
    if (*orphan_dir && mktows_srv_orphaned(srv.parent_pid)) {
        mktows_srv_log(&srv, "parent process %d is gone: removing %s", (int)srv.parent_pid, orphan_dir);
        if (mktows_srv_orphan_dir_remove(orphan_dir))
            return 1;
    }
    return 0;
}
