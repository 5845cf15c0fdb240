/* The mktows command (build/bin/mktows), driven as a user drives it: fork/exec with a controlled
 * environment, stdout and stderr captured, exit status checked. Traffic goes only to 127.0.0.1:
 * a listening socket that never answers (to prove nothing was sent), a closed port, and a one-shot
 * mock server that replies with a canned response from tests/data/cli/.
 *
 * The argument helpers of the command (src/cli/args.c) are unit-tested here too, through the
 * static library the command itself links (mktows_cli_args). sync-lead's JSON is the library's (mktows_decode_json(), tested in test_decode.c). */
#define _GNU_SOURCE /* strcasestr */
#include "files.h"
#include "runner.h"
#include "cli_run.h"
#include "server_harness.h"

#include <mktows/mktows.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define S_BIN MKTOWS_BIN_DIR "/mktows"
#define S_DATA MKTOWS_TEST_DATA "/cli"

#define S_USER "bigcorp1_461839624B16E06BA2D663"
#define S_TS "2013-07-31T12:38:47-07:00"
#define S_KEY "cli-test-key-41c7"
/* printf '%s' "2013-07-31T12:38:47-07:00bigcorp1_461839624B16E06BA2D663" \
 *   | openssl dgst -sha1 -hmac "cli-test-key-41c7" */
#define S_SIG "d725f247466edf3e6ff33f214602f58a8b5ef73e"
/* Same message, key "cli-test-key-41c7\n" (only one of two trailing newlines is stripped):
 *   ... | openssl dgst -sha1 -mac HMAC -macopt hexkey:$(printf 'cli-test-key-41c7\n' | xxd -p) */
#define S_SIG_KEY_NL "a77ad7c35ea7a46682d4bb711f5d405f497ae926"
/* Same message, key "ключ" (UTF-8 bytes):  ... | openssl dgst -sha1 -hmac "ключ" */
#define S_SIG_UTF8_KEY "784534942a3a5428a7948f6884be1aaa046e4565"

static char s_tmp[256];

/* ------------------------------------------------------------------------------------------ */
/* Running the command                                                                          */

typedef mktows_cli_result s_result;

static void s_result_free(s_result *r)
{
    mktows_test_cli_result_free(r);
}

static void s_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", s_tmp, name);
}

/* Run build/bin/mktows with @p args (NULL-terminated, without argv[0]) and an environment made of
 * PATH and the sanitizer settings of this process plus @p env (NULL-terminated "NAME=value"). */
static void s_run(s_result *r, const char *const *args, const char *const *env)
{
    mktows_test_cli_run(r, s_tmp, args, env ? env : (const char *const[]){ NULL }, NULL, NULL);
}

/* s_run, with stdout going to @p stdout_path when not NULL (e.g. "/dev/full"); r->out is then "". */
static void s_run_to(s_result *r, const char *const *args, const char *const *env, const char *stdout_path)
{
    mktows_test_cli_run(r, s_tmp, args, env ? env : (const char *const[]){ NULL }, NULL, stdout_path);
}

#define S_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define S_ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define S_NOENV ((const char *const[]){ NULL })

/* Print what the command said when an assertion about it is about to fail. */
static void s_show(const char *what, const s_result *r)
{
    fprintf(stderr, "\n--- %s: exit %d\n--- stdout:\n%s\n--- stderr:\n%s\n", what, r->status, r->out, r->err);
}

static int s_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int s_count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Loopback sockets                                                                             */

/* A listening socket on 127.0.0.1 with a kernel-chosen port. */
static int s_listen(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

/* 1 if a connection is waiting on the listening socket @p fd (it is accepted and closed). */
static int s_has_connection(int fd)
{
    struct pollfd p = { fd, POLLIN, 0 };
    if (poll(&p, 1, 0) <= 0)
        return 0;
    int c = accept(fd, NULL, NULL);
    if (c >= 0)
        close(c);
    return 1;
}

/* A port on 127.0.0.1 that nobody listens on: bound, then closed. */
static int s_closed_port(void)
{
    int port = 0;
    int fd = s_listen(&port);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    return port;
}

/* A one-shot HTTP server in a child process: accepts one connection, saves the request (headers
 * and body) to <tmp>/request, answers with @p status_line and the body read from @p body_file, and
 * exits. */
typedef struct s_mock {
    pid_t pid;
    int port;
    char request_path[512];
} s_mock;

static int s_read_request(int c, char **out, size_t *out_len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    long content_length = -1;
    int chunked = 0;
    size_t header_end = 0;
    for (;;) {
        struct pollfd p = { c, POLLIN, 0 };
        if (poll(&p, 1, 20000) <= 0)
            break;
        if (n + 4096 + 1 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        ssize_t k = recv(c, buf + n, cap - n - 1, 0);
        if (k <= 0)
            break;
        n += (size_t)k;
        buf[n] = '\0';
        if (!header_end) {
            char *e = strstr(buf, "\r\n\r\n");
            if (!e)
                continue;
            header_end = (size_t)(e - buf) + 4;
            for (char *line = buf; line < e; line = strstr(line, "\r\n") + 2) {
                if (strncasecmp(line, "Content-Length:", 15) == 0)
                    content_length = strtol(line + 15, NULL, 10);
                if (strncasecmp(line, "Transfer-Encoding:", 18) == 0 && strstr(line, "chunked") &&
                    strstr(line, "chunked") < strstr(line, "\r\n"))
                    chunked = 1;
            }
        }
        if (content_length >= 0 && n - header_end >= (size_t)content_length)
            break;
        if (chunked && n >= 5 && strstr(buf + header_end, "\r\n0\r\n\r\n"))
            break;
        if (content_length < 0 && !chunked && strstr(buf + header_end, "Envelope>"))
            break;
    }
    *out = buf;
    *out_len = n;
    return n > 0 ? 0 : -1;
}

static void s_mock_start(s_mock *m, const char *status_line, const char *body_file)
{
    memset(m, 0, sizeof *m);
    s_path(m->request_path, sizeof m->request_path, "request");
    unlink(m->request_path);
    char body_path[512];
    snprintf(body_path, sizeof body_path, "%s/%s", S_DATA, body_file);
    size_t body_len = 0;
    char *body = mktows_read_file(body_path, &body_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);

    int fd = s_listen(&m->port);
    CU_ASSERT_FATAL(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    m->pid = fork();
    CU_ASSERT_FATAL(m->pid >= 0);
    if (m->pid == 0) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 15000) <= 0)
            _exit(3);
        int c = accept(fd, NULL, NULL);
        if (c < 0)
            _exit(4);
        char *req = NULL;
        size_t req_len = 0;
        if (s_read_request(c, &req, &req_len) != 0)
            _exit(5);
        (void)mktows_write_file(m->request_path, req, req_len);
        char head[512];
        const char *type = strstr(body_file, ".html") ? "text/html" : "text/xml; charset=utf-8";
        int hl = snprintf(head, sizeof head,
                          "%s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n", status_line, type, body_len);
        if (send(c, head, (size_t)hl, MSG_NOSIGNAL) != hl ||
            send(c, body, body_len, MSG_NOSIGNAL) != (ssize_t)body_len)
            _exit(6);
        shutdown(c, SHUT_WR);
        /* Wait for the client to close so the response is not cut short by a reset. */
        char drain[256];
        struct pollfd q = { c, POLLIN, 0 };
        while (poll(&q, 1, 5000) > 0 && recv(c, drain, sizeof drain, 0) > 0)
            ;
        close(c);
        free(req);
        _exit(0);
    }
    close(fd);
    free(body);
}

/* Wait for the mock to finish; returns its exit status (0 = served one request). */
static int s_mock_stop(s_mock *m)
{
    int st = 0;
    for (int waited_ms = 0;; waited_ms += 10) {
        if (waitpid(m->pid, &st, WNOHANG) == m->pid)
            break;
        if (waited_ms >= 40000) {
            kill(m->pid, SIGKILL);
            waitpid(m->pid, &st, 0);
            return -1;
        }
        usleep(10000);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ------------------------------------------------------------------------------------------ */
/* Suite setup                                                                                  */

static int s_setup(void)
{
    snprintf(s_tmp, sizeof s_tmp, "/tmp/mktows-cli-XXXXXX");
    if (!mkdtemp(s_tmp))
        return 1;
    signal(SIGPIPE, SIG_IGN);
    return access(S_BIN, X_OK) == 0 ? 0 : 1;
}

static int s_teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_tmp);
    return system(cmd) == 0 ? 0 : 1;
}

static void test_cli__one_line_collapses_whitespace_and_truncates(void)
{
    char buf[16];
    CU_ASSERT_STRING_EQUAL(mktows_cli_one_line(buf, sizeof buf, "  a\n\r\tb  c \n"), "a b c");
    CU_ASSERT_STRING_EQUAL(mktows_cli_one_line(buf, sizeof buf, NULL), "");
    CU_ASSERT_STRING_EQUAL(mktows_cli_one_line(buf, sizeof buf, "0123456789abcde"), "0123456789abcde");
    CU_ASSERT_STRING_EQUAL(mktows_cli_one_line(buf, sizeof buf, "0123456789abcdef"), "0123456789ab...");
    /* Never cuts a UTF-8 character in half: "\xc3\xab" is one character. */
    CU_ASSERT_STRING_EQUAL(mktows_cli_one_line(buf, sizeof buf, "0123456789a\xc3\xab" "cdefgh"),
                           "0123456789a...");
}

static void test_cli__positive_int_accepts_only_1_to_int_max(void)
{
    int v = 0;
    CU_ASSERT_EQUAL(mktows_cli_parse_positive_int("1", &v), 0);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(mktows_cli_parse_positive_int("2147483647", &v), 0);
    CU_ASSERT_EQUAL(v, 2147483647);
    CU_ASSERT_EQUAL(mktows_cli_parse_positive_int("007", &v), 0);
    CU_ASSERT_EQUAL(v, 7);
    static const char *const bad[] = { "", "0", "000", "-1", "+1", " 1", "1 ", "1e3", "0x10", "2147483648",
                                       "18446744073709551617", "99999999999999999999999999", NULL };
    for (int i = 0; bad[i]; i++) {
        v = -42;
        CU_ASSERT_EQUAL(mktows_cli_parse_positive_int(bad[i], &v), -1);
        CU_ASSERT_EQUAL(v, -42);
    }
    CU_ASSERT_EQUAL(mktows_cli_parse_positive_int(NULL, &v), -1);
}

/* ------------------------------------------------------------------------------------------ */
/* Top level: help, version, usage                                                              */

static void test_cli__version_prints_name_and_version(void)
{
    s_result r;
    s_run(&r, S_ARGS("--version"), S_NOENV);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_TRUE(s_starts_with(r.out, "mktows "));
    CU_ASSERT_EQUAL(s_count_lines(r.out), 1);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);
}

static void test_cli__help_is_available_everywhere(void)
{
    const char *const *cases[] = {
        S_ARGS("--help"), S_ARGS("-h"), S_ARGS("help"), S_ARGS("help", "sign"),
        S_ARGS("help", "sync-lead"), S_ARGS("sign", "--help"), S_ARGS("sync-lead", "--help"),
        S_ARGS("sign", "-h"), S_ARGS("sync-lead", "--email", "x@y.z", "--help"), NULL
    };
    for (int i = 0; cases[i]; i++) {
        s_result r;
        s_run(&r, cases[i], S_NOENV);
        if (r.status != 0 || !strstr(r.out, "Usage: mktows") || *r.err)
            s_show(cases[i][0], &r);
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "Usage: mktows"));
        CU_ASSERT_STRING_EQUAL(r.err, "");
        s_result_free(&r);
    }
}

static void test_cli__command_help_lists_every_option(void)
{
    static const char *const sign_opts[] = { "--user-id", "--timestamp", "--key-file", "--json", NULL };
    static const char *const sync_opts[] = {
        "--email", "--id", "--foreign-id", "--foreign-type", "--cookie", "--attr", "--workspace",
        "--return-lead", "--dry-run", "--trace", "--endpoint", "--user-id", "--key-file", "--ca-file",
        "--ca-path", "--insecure", "--timeout-ms", "MARKETO_SOAP_ENDPOINT", "MARKETO_USER_ID",
        "MARKETO_ENCRYPTION_KEY", NULL
    };
    s_result r;
    s_run(&r, S_ARGS("sign", "--help"), S_NOENV);
    for (int i = 0; sign_opts[i]; i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, sign_opts[i]));
    s_result_free(&r);
    s_run(&r, S_ARGS("sync-lead", "--help"), S_NOENV);
    for (int i = 0; sync_opts[i]; i++)
        CU_ASSERT_PTR_NOT_NULL(strstr(r.out, sync_opts[i]));
    /* the library's rule since ForeignSysType became required with ForeignSysPersonId */
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "required with --foreign-id"));
    s_result_free(&r);
}

static void test_cli__usage_errors_exit_2_with_a_message(void)
{
    struct { const char *const *args; const char *message; } cases[] = {
        { S_ARGS("frobnicate"), "mktows: unknown command: frobnicate" },
        { S_ARGS("--frobnicate"), "mktows: unknown option: --frobnicate" },
        { S_ARGS("help", "frobnicate"), "mktows: unknown command: frobnicate" },
        { S_ARGS("sign", "--frobnicate"), "mktows: sign: unknown option '--frobnicate'" },
        { S_ARGS("sign", "--user-id"), "mktows: sign: option '--user-id' needs a value" },
        { S_ARGS("sign", "--user-id", "u", "extra"), "mktows: sign: unexpected argument 'extra'" },
        { S_ARGS("sign", "--json=yes"), "mktows: sign: option '--json' takes no value" },
        { S_ARGS("sign", "--user-id", "a", "--user-id", "b"), "option '--user-id' given more than once" },
        { S_ARGS("sign", "--timestamp="), "mktows: sign: --timestamp is empty" },
        { S_ARGS("sync-lead", "--bogus"), "mktows: sync-lead: unknown option '--bogus'" },
        { S_ARGS("sync-lead", "--email"), "mktows: sync-lead: option '--email' needs a value" },
        { S_ARGS("sync-lead", "--email", "a@b.c", "--timeout-ms", "soon"), "--timeout-ms must be a positive integer" },
        { S_ARGS("sync-lead", "--email", ""), "mktows: sync-lead: --email is empty" },
        { NULL, NULL }
    };
    for (int i = 0; cases[i].args; i++) {
        s_result r;
        s_run(&r, cases[i].args, S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
        if (r.status != 2 || !strstr(r.err, cases[i].message))
            s_show(cases[i].message, &r);
        CU_ASSERT_EQUAL(r.status, 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, cases[i].message));
        CU_ASSERT_STRING_EQUAL(r.out, "");
        s_result_free(&r);
    }
    s_result r;
    s_run(&r, S_ARGS("sign", "--user-id", "u", "extra"), S_NOENV);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "see 'mktows sign --help'"));
    s_result_free(&r);
}

static void test_cli__a_failed_write_to_stdout_exits_1(void)
{
    if (access("/dev/full", W_OK) != 0)
        return;  /* no /dev/full here: nothing to check */
    s_result r;
    s_run_to(&r, S_ARGS("--version"), S_NOENV, "/dev/full");
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: write: standard output: "));
    s_result_free(&r);
    s_run_to(&r, S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY),
             "/dev/full");
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: write: standard output: "));
    s_result_free(&r);
}

static void test_cli__no_arguments_prints_usage_and_exits_2(void)
{
    s_result r;
    s_run(&r, (const char *const[]){ NULL }, S_NOENV);
    CU_ASSERT_EQUAL(r.status, 2);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "Usage: mktows"));
    s_result_free(&r);
}

/* Run `mktows <args>` against a one-shot mock server (started here) that answers @p status_line
 * and tests/data/cli/@p body_file, with all three credentials in the environment; asserts that
 * the mock served its request and stopped. m->request_path holds what was sent. */
static void s_run_mock(s_result *r, s_mock *m, const char *status_line, const char *body_file,
                       const char *const *args)
{
    s_mock_start(m, status_line, body_file);
    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "MARKETO_SOAP_ENDPOINT=http://127.0.0.1:%d/soap/mktows/2_7", m->port);
    s_run(r, args, S_ENV(endpoint, "MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(s_mock_stop(m), 0);
}

/* ------------------------------------------------------------------------------------------ */
/* mktows sign                                                                                  */

static void test_cli__sign_prints_the_known_answer(void)
{
    s_result r;
    s_run(&r, S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, S_SIG "\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);

    /* "--name=value" works as well as "--name value", in any order. */
    s_run(&r, S_ARGS("sign", "--timestamp=" S_TS, "--user-id=" S_USER), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, S_SIG "\n");
    s_result_free(&r);

    /* A key that is not ASCII is used as its UTF-8 bytes. */
    s_run(&r, S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS),
          S_ENV("MARKETO_ENCRYPTION_KEY=\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87"));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, S_SIG_UTF8_KEY "\n");
    s_result_free(&r);
}

static void test_cli__sign_takes_user_id_from_the_environment(void)
{
    s_result r;
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS),
          S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY, "MARKETO_USER_ID=" S_USER));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, S_SIG "\n");
    s_result_free(&r);

    /* --user-id wins over the environment. */
    s_run(&r, S_ARGS("sign", "--timestamp", S_TS, "--user-id", S_USER),
          S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY, "MARKETO_USER_ID=someone_else"));
    CU_ASSERT_STRING_EQUAL(r.out, S_SIG "\n");
    s_result_free(&r);

    s_run(&r, S_ARGS("sign", "--timestamp", S_TS), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "mktows: sign: no user id"));
    s_result_free(&r);
}

static void test_cli__sign_reads_the_key_file_and_strips_one_newline(void)
{
    char kf[512];
    s_path(kf, sizeof kf, "key");
    const char *kf_args[] = { "sign", "--user-id", S_USER, "--timestamp", S_TS, "--key-file", kf, NULL };

    struct { const char *content; const char *sig; } cases[] = {
        { S_KEY, S_SIG },
        { S_KEY "\n", S_SIG },
        { S_KEY "\r\n", S_SIG },
        { S_KEY "\n\n", S_SIG_KEY_NL },  /* only one line end is dropped */
        { NULL, NULL }
    };
    for (int i = 0; cases[i].content; i++) {
        CU_ASSERT_EQUAL_FATAL(mktows_write_file(kf, cases[i].content, strlen(cases[i].content)), 0);
        s_result r;
        /* The file wins over a (wrong) key in the environment. */
        s_run(&r, kf_args, S_ENV("MARKETO_ENCRYPTION_KEY=wrong-key"));
        CU_ASSERT_EQUAL(r.status, 0);
        CU_ASSERT_EQUAL(strlen(r.out), 41);
        CU_ASSERT_EQUAL(r.out[40], '\n');
        r.out[40] = '\0';
        CU_ASSERT_STRING_EQUAL(r.out, cases[i].sig);
        s_result_free(&r);
    }
}

static void test_cli__sign_without_a_key_fails_with_exit_1(void)
{
    char kf[512], missing[512];
    s_path(kf, sizeof kf, "key-empty");
    s_path(missing, sizeof missing, "no-such-key-file");
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(kf, "\n", 1), 0);
    CU_ASSERT_EQUAL(chmod(kf, 0600), 0); /* a looser mode adds a warning line (see test_cli_config) */

    struct { const char *const *args; const char *const *env; const char *message; } cases[] = {
        { S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS), S_NOENV,
          "mktows: sign: no encryption key (pass --key-file FILE, set MARKETO_ENCRYPTION_KEY or put "
          "'key_file = PATH' in the profile)" },
        { S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS), S_ENV("MARKETO_ENCRYPTION_KEY="),
          "mktows: sign: MARKETO_ENCRYPTION_KEY is empty" },
        { S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS, "--key-file", kf), S_NOENV,
          "is empty" },
        { S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS, "--key-file", missing),
          S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY), "cannot open key file" },
        { NULL, NULL, NULL }
    };
    for (int i = 0; cases[i].args; i++) {
        s_result r;
        s_run(&r, cases[i].args, cases[i].env);
        if (r.status != 1 || !strstr(r.err, cases[i].message))
            s_show(cases[i].message, &r);
        CU_ASSERT_EQUAL(r.status, 1);
        CU_ASSERT_STRING_EQUAL(r.out, "");
        CU_ASSERT_PTR_NOT_NULL(strstr(r.err, cases[i].message));
        CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: sign: "));
        CU_ASSERT_EQUAL(s_count_lines(r.err), 1);
        s_result_free(&r);
    }
}

static void test_cli__sign_never_prints_the_key(void)
{
    char kf[512];
    s_path(kf, sizeof kf, "key-nul");
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(kf, S_KEY "\0tail", sizeof S_KEY + 4), 0);
    const char *const *cases[] = {
        S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS),
        S_ARGS("sign", "--user-id", S_USER),
        S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS, "--json"),
        S_ARGS("sign", "--user-id", S_USER, "--key-file", kf),  /* rejected: NUL byte */
        NULL
    };
    for (int i = 0; cases[i]; i++) {
        s_result r;
        s_run(&r, cases[i], S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
        CU_ASSERT_PTR_NULL(strstr(r.out, S_KEY));
        CU_ASSERT_PTR_NULL(strstr(r.err, S_KEY));
        s_result_free(&r);
    }
    s_result r;
    s_run(&r, cases[3], S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "NUL byte"));
    s_result_free(&r);
}

/* Extract the string value of "key" from a flat one-line JSON object written by the command. */
static int s_json_field(const char *json, const char *key, char *out, size_t size)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    if (!p)
        return -1;
    p += strlen(pat);
    const char *e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= size)
        return -1;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return 0;
}

static int s_is_hex40(const char *s)
{
    if (strlen(s) != 40)
        return 0;
    for (int i = 0; i < 40; i++)
        if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
            return 0;
    return 1;
}

static void test_cli__sign_without_timestamp_prints_json_with_now(void)
{
    s_result r;
    time_t before = time(NULL);
    s_run(&r, S_ARGS("sign", "--user-id", S_USER), S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY, "TZ=America/Los_Angeles"));
    time_t after = time(NULL);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_TRUE(s_starts_with(r.out, "{\"requestTimestamp\":\""));
    char ts[64] = "", sig[64] = "";
    CU_ASSERT_EQUAL(s_json_field(r.out, "requestTimestamp", ts, sizeof ts), 0);
    CU_ASSERT_EQUAL(s_json_field(r.out, "requestSignature", sig, sizeof sig), 0);
    CU_ASSERT_TRUE(s_is_hex40(sig));
    time_t t = 0;
    CU_ASSERT_EQUAL(mktows_timestamp_parse(ts, &t), MKTOWS_OK);
    CU_ASSERT_TRUE(t >= before - 1 && t <= after + 1);
    char expect[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL(mktows_sign(ts, S_USER, S_KEY, expect), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(sig, expect);
    char line[256];
    snprintf(line, sizeof line, "{\"requestTimestamp\":\"%s\",\"requestSignature\":\"%s\"}\n", ts, sig);
    CU_ASSERT_STRING_EQUAL(r.out, line);
    s_result_free(&r);

    /* --json with --timestamp: the same shape for the given timestamp. */
    s_run(&r, S_ARGS("sign", "--user-id", S_USER, "--timestamp", S_TS, "--json"),
          S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "{\"requestTimestamp\":\"" S_TS "\",\"requestSignature\":\"" S_SIG "\"}\n");
    s_result_free(&r);
}

/* --timestamp is signed byte for byte, so --json escapes it: quotes, backslashes and control
 * characters, and every byte that is not valid UTF-8 becomes \ufffd; valid UTF-8 passes. */
static void test_cli__sign_json_escapes_the_timestamp(void)
{
    static const char ts[] = "q\" b\\ \t\n\x01\x1f \x7f Zo\xc3\xab \xf0\x9f\x98\x80 \x80\xc0\xaf\xed\xa0\x80 \xe2\x82";
    char expect_sig[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL_FATAL(mktows_sign(ts, S_USER, S_KEY, expect_sig), MKTOWS_OK);
    char expect[512];
    snprintf(expect, sizeof expect,
             "{\"requestTimestamp\":\"q\\\" b\\\\ \\u0009\\u000a\\u0001\\u001f \x7f Zo\xc3\xab \xf0\x9f\x98\x80 "
             "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\",\"requestSignature\":\"%s\"}\n",
             expect_sig);
    s_result r;
    s_run(&r, S_ARGS("sign", "--user-id", S_USER, "--timestamp", ts, "--json"),
          S_ENV("MARKETO_ENCRYPTION_KEY=" S_KEY));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, expect);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);
}

/* ------------------------------------------------------------------------------------------ */
/* mktows sync-lead                                                                             */

/* The text between <tag> and </tag> (first occurrence), or "" */
static void s_element(const char *xml, const char *tag, char *out, size_t size)
{
    char open_tag[128], close_tag[128];
    snprintf(open_tag, sizeof open_tag, "<%s>", tag);
    snprintf(close_tag, sizeof close_tag, "</%s>", tag);
    out[0] = '\0';
    const char *p = strstr(xml, open_tag);
    if (!p)
        return;
    p += strlen(open_tag);
    const char *e = strstr(p, close_tag);
    if (!e || (size_t)(e - p) >= size)
        return;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
}

static void test_cli__sync_lead_dry_run_prints_the_signed_envelope_and_sends_nothing(void)
{
    int port = 0;
    int lfd = s_listen(&port);
    CU_ASSERT_FATAL(lfd >= 0);
    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "MARKETO_SOAP_ENDPOINT=http://127.0.0.1:%d/soap/mktows/2_7", port);

    s_result r;
    s_run(&r, S_ARGS("sync-lead", "--email", "t@t.com", "--attr", "FirstName=George",
                     "--attr", "LastName=of the Jungle", "--dry-run"),
          S_ENV(endpoint, "MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY));
    if (r.status != 0)
        s_show("dry run", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.err, "");
    CU_ASSERT_FALSE(s_has_connection(lfd));

    const char *x = r.out;
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "Envelope"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "paramsSyncLead"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "AuthenticationHeader"));
    CU_ASSERT_PTR_NULL(strstr(x, "MktowsContextHeader"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<Email>t@t.com</Email>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<returnLead>false</returnLead>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<mktowsUserId>" S_USER "</mktowsUserId>"));
    const char *first = strstr(x, "<attrName>FirstName</attrName>");
    const char *george = strstr(x, "<attrValue>George</attrValue>");
    const char *last = strstr(x, "<attrName>LastName</attrName>");
    const char *jungle = strstr(x, "<attrValue>of the Jungle</attrValue>");
    CU_ASSERT_TRUE(first && george && last && jungle && first < george && george < last && last < jungle);
    CU_ASSERT_PTR_NULL(strstr(x, S_KEY));

    char ts[64], sig[64];
    s_element(x, "requestTimestamp", ts, sizeof ts);
    s_element(x, "requestSignature", sig, sizeof sig);
    CU_ASSERT_TRUE(s_is_hex40(sig));
    time_t t = 0;
    CU_ASSERT_EQUAL(mktows_timestamp_parse(ts, &t), MKTOWS_OK);
    char expect[MKTOWS_SIGNATURE_SIZE];
    CU_ASSERT_EQUAL(mktows_sign(ts, S_USER, S_KEY, expect), MKTOWS_OK);
    CU_ASSERT_STRING_EQUAL(sig, expect);
    s_result_free(&r);
    close(lfd);
}

static void test_cli__sync_lead_dry_run_carries_every_option(void)
{
    char kf[512];
    s_path(kf, sizeof kf, "key-sync");
    CU_ASSERT_EQUAL_FATAL(mktows_write_file(kf, S_KEY "\n", strlen(S_KEY) + 1), 0);

    s_result r;
    /* Credentials from options only; the environment has none. */
    s_run(&r, S_ARGS("sync-lead", "--id", "0042", "--foreign-id", "SF-1", "--foreign-type", "SFDC",
                     "--cookie", "id:561-HYG-937&token:_mch-x", "--attr", "Formula=a=b",
                     "--attr", "Note=", "--attr", "Company=A&B <C>", "--workspace", "Europe",
                     "--return-lead", "--dry-run", "--endpoint", "http://127.0.0.1:9/soap/mktows/2_7",
                     "--user-id", S_USER, "--key-file", kf),
          S_NOENV);
    if (r.status != 0)
        s_show("dry run with every option", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    const char *x = r.out;
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<Id>42</Id>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<ForeignSysPersonId>SF-1</ForeignSysPersonId>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<ForeignSysType>SFDC</ForeignSysType>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<marketoCookie>id:561-HYG-937&amp;token:_mch-x</marketoCookie>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<attrName>Formula</attrName>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<attrValue>a=b</attrValue>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<attrName>Note</attrName>"));
    CU_ASSERT_TRUE(strstr(x, "<attrValue></attrValue>") || strstr(x, "<attrValue/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<attrValue>A&amp;B &lt;C&gt;</attrValue>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "MktowsContextHeader"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<targetWorkspace>Europe</targetWorkspace>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<returnLead>true</returnLead>"));
    CU_ASSERT_PTR_NULL(strstr(x, "<Email>"));
    CU_ASSERT_PTR_NULL(strstr(x, S_KEY));
    CU_ASSERT_PTR_NULL(strstr(r.err, S_KEY));
    s_result_free(&r);
}

/* Invalid requests: exit 2, one clear line on stderr, nothing on stdout, no connection, and no
 * credentials needed to find out. */
static void test_cli__sync_lead_rejects_invalid_requests_before_any_traffic(void)
{
    int port = 0;
    int lfd = s_listen(&port);
    CU_ASSERT_FATAL(lfd >= 0);
    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "MARKETO_SOAP_ENDPOINT=http://127.0.0.1:%d/soap/mktows/2_7", port);

    struct { const char *const *args; const char *message; } cases[] = {
        { S_ARGS("sync-lead", "--attr", "FirstName=George"), "mktows: sync-lead: invalid request: " },
        { S_ARGS("sync-lead", "--email", "t@t.com", "--foreign-type", "SFDC"),
          "mktows: sync-lead: invalid request: " },
        { S_ARGS("sync-lead", "--foreign-id", "X1", "--foreign-type", "ORACLE"),
          "mktows: sync-lead: invalid request: " },
        { S_ARGS("sync-lead", "--foreign-id", "X1"),
          "mktows: sync-lead: invalid request: ForeignSysType (CUSTOM, SFDC or NETSUITE) is required with "
          "ForeignSysPersonId (see 'mktows sync-lead --help')" },
        { S_ARGS("sync-lead", "--email", "t@t.com", "--foreign-id", "X1"),
          "ForeignSysType (CUSTOM, SFDC or NETSUITE) is required with ForeignSysPersonId" },
        { S_ARGS("sync-lead", "--id", "abc"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", "0"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", "-5"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", "+5"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", " 5"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", "12x"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", "2147483648"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", "99999999999999999999999"), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--id", ""), "--id must be a positive integer" },
        { S_ARGS("sync-lead", "--email", "t@t.com", "--attr", "FirstName"),
          "mktows: sync-lead: --attr needs Name=Value, got 'FirstName'" },
        { S_ARGS("sync-lead", "--email", "t@t.com", "--attr", "=George"),
          "mktows: sync-lead: --attr needs a non-empty name" },
        { NULL, NULL }
    };
    const char *const *envs[] = {
        S_ENV(endpoint, "MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY),
        S_NOENV,  /* validation comes before the credentials */
    };
    for (int e = 0; e < 2; e++) {
        for (int i = 0; cases[i].args; i++) {
            s_result r;
            s_run(&r, cases[i].args, envs[e]);
            if (r.status != 2 || !strstr(r.err, cases[i].message) || s_count_lines(r.err) != 1)
                s_show(cases[i].message, &r);
            CU_ASSERT_EQUAL(r.status, 2);
            CU_ASSERT_STRING_EQUAL(r.out, "");
            CU_ASSERT_PTR_NOT_NULL(strstr(r.err, cases[i].message));
            CU_ASSERT_EQUAL(s_count_lines(r.err), 1);
            CU_ASSERT_FALSE(s_has_connection(lfd));
            s_result_free(&r);
        }
    }
    /* The rules name what is wrong. */
    s_result r;
    s_run(&r, cases[0].args, S_NOENV);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "Email"));
    s_result_free(&r);
    s_run(&r, cases[1].args, S_NOENV);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "ForeignSysType"));
    s_result_free(&r);
    s_run(&r, cases[2].args, S_NOENV);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "ForeignSysType"));
    s_result_free(&r);
    close(lfd);
}

static void test_cli__sync_lead_without_credentials_fails_with_exit_1(void)
{
    struct { const char *const *env; const char *message; } cases[] = {
        { S_ENV("MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY),
          "mktows: sync-lead: no endpoint (pass --endpoint, set MARKETO_SOAP_ENDPOINT or put 'endpoint = ...' in "
          "the profile)" },
        { S_ENV("MARKETO_SOAP_ENDPOINT=http://127.0.0.1:9/", "MARKETO_ENCRYPTION_KEY=" S_KEY),
          "mktows: sync-lead: no user id (pass --user-id, set MARKETO_USER_ID or put 'user_id = ...' in the "
          "profile)" },
        { S_ENV("MARKETO_SOAP_ENDPOINT=http://127.0.0.1:9/", "MARKETO_USER_ID=" S_USER),
          "mktows: sync-lead: no encryption key (pass --key-file FILE, set MARKETO_ENCRYPTION_KEY or put "
          "'key_file = PATH' in the profile)" },
        { S_ENV("MARKETO_SOAP_ENDPOINT=", "MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY),
          "mktows: sync-lead: MARKETO_SOAP_ENDPOINT is empty" },
        { NULL, NULL }
    };
    for (int dry = 0; dry < 2; dry++) {
        for (int i = 0; cases[i].env; i++) {
            s_result r;
            if (dry)
                s_run(&r, S_ARGS("sync-lead", "--email", "t@t.com", "--dry-run"), cases[i].env);
            else
                s_run(&r, S_ARGS("sync-lead", "--email", "t@t.com"), cases[i].env);
            if (r.status != 1 || !strstr(r.err, cases[i].message))
                s_show(cases[i].message, &r);
            CU_ASSERT_EQUAL(r.status, 1);
            CU_ASSERT_STRING_EQUAL(r.out, "");
            CU_ASSERT_PTR_NOT_NULL(strstr(r.err, cases[i].message));
            CU_ASSERT_PTR_NULL(strstr(r.err, S_KEY));
            s_result_free(&r);
        }
    }
}

static void test_cli__sync_lead_to_a_closed_port_reports_a_connect_error(void)
{
    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "MARKETO_SOAP_ENDPOINT=http://127.0.0.1:%d/soap/mktows/2_7",
             s_closed_port());
    s_result r;
    s_run(&r, S_ARGS("sync-lead", "--email", "t@t.com", "--timeout-ms", "5000"),
          S_ENV(endpoint, "MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY));
    if (r.status != 1 || !strcasestr(r.err, "connect"))
        s_show("closed port", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: syncLead failed: "));
    CU_ASSERT_PTR_NOT_NULL(strcasestr(r.err, "connect"));
    CU_ASSERT_EQUAL(s_count_lines(r.err), 1);
    CU_ASSERT_PTR_NULL(strstr(r.err, S_KEY));
    s_result_free(&r);
}

static void test_cli__sync_lead_prints_the_result_as_json(void)
{
    s_mock m;
    char trace[512];
    s_path(trace, sizeof trace, "trace.xml");
    unlink(trace);

    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "success.xml",
               S_ARGS("sync-lead", "--email", "t@t.com", "--attr", "FirstName=George",
                      "--attr", "LastName=of the Jungle", "--workspace", "Europe", "--trace", trace));
    if (r.status != 0)
        s_show("success", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "{\"leadId\":1089965,\"syncStatus\":{\"leadId\":1089965,\"status\":\"UPDATED\","
                                  "\"error\":null},\"leadRecord\":null}\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);

    /* What went over the wire. */
    char *req = mktows_read_file(m.request_path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_TRUE(s_starts_with(req, "POST /soap/mktows/2_7 "));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "paramsSyncLead"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "<mktowsUserId>" S_USER "</mktowsUserId>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "<targetWorkspace>Europe</targetWorkspace>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "<attrValue>of the Jungle</attrValue>"));
    CU_ASSERT_PTR_NULL(strstr(req, S_KEY));
    free(req);

    /* The trace has both messages and no key. */
    char *t = mktows_read_file(trace, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "paramsSyncLead"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "successSyncLead"));
    CU_ASSERT_PTR_NULL(strstr(t, S_KEY));
    struct stat st;
    CU_ASSERT_EQUAL(stat(trace, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 077, 0);
    free(t);
}

static void test_cli__sync_lead_prints_the_returned_lead_record(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "success_return_lead.xml",
               S_ARGS("sync-lead", "--email", "zoe@example.com", "--return-lead"));
    if (r.status != 0)
        s_show("return lead", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out,
        "{\"leadId\":1090240,\"syncStatus\":{\"leadId\":1090240,\"status\":\"CREATED\",\"error\":null},"
        "\"leadRecord\":{\"Id\":1090240,\"Email\":\"zoe@example.com\",\"ForeignSysPersonId\":null,"
        "\"ForeignSysType\":null,\"leadAttributeList\":{\"attribute\":["
        "{\"attrName\":\"FirstName\",\"attrType\":\"string\",\"attrValue\":\"Zo\xc3\xab \xe2\x82\xac\"},"
        "{\"attrName\":\"Notes\",\"attrValue\":\"say \\\"hi\\\"\\t\\\\ back\\nline 2\"}]}}}\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);

    char *req = mktows_read_file(m.request_path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "<returnLead>true</returnLead>"));
    CU_ASSERT_PTR_NULL(strstr(req, "MktowsContextHeader"));
    free(req);
}

/* The JSON is the response as it came: an element that is left out has no key (not null). */
static void test_cli__sync_lead_leaves_out_absent_elements(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "success_absent.xml", S_ARGS("sync-lead", "--email", "t@t.com"));
    if (r.status != 0)
        s_show("absent elements", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "{\"leadId\":1089965,\"syncStatus\":{\"leadId\":1089965,\"status\":\"UPDATED\"}}\n");
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);
}

/* gSOAP skips an element the schema does not know, and so does the decoder that prints the JSON
 * (MKTOWS_DECODE_LENIENT): the sync went through, so exit 0 with the result, and a warning on
 * stderr naming what was left out. */
static void test_cli__sync_lead_skips_an_unknown_element_with_a_warning_and_exits_0(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "success_unknown_element.xml",
               S_ARGS("sync-lead", "--email", "t@t.com"));
    if (r.status != 0)
        s_show("unknown element", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_STRING_EQUAL(r.out, "{\"leadId\":1089965,\"syncStatus\":{\"leadId\":1089965,\"status\":\"UPDATED\","
                                  "\"error\":null},\"leadRecord\":null}\n");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: sync-lead: warning: skipped unknown element <mergedInto> in "
                                  "Envelope/Body/successSyncLead/result (line 13, column 9)\n");
    s_result_free(&r);
}

/* A body the typed call accepts (gSOAP keeps one of two <status>) but even the lenient decoder
 * refuses: nothing on stdout, exit 1, and a message that says first that the sync succeeded, with
 * the lead id and status, so that nobody retries the write blindly. */
static void test_cli__sync_lead_result_the_decoder_refuses_says_the_sync_succeeded_and_exits_1(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "success_repeated_element.xml",
               S_ARGS("sync-lead", "--email", "t@t.com"));
    if (r.status != 1)
        s_show("repeated element", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: sync-lead: the sync succeeded (leadId 1089965, status UPDATED), but its "
                                  "result cannot be printed: malformed or unexpected response: "
                                  "Envelope/Body/successSyncLead/result/syncStatus (line 10, column 11): "
                                  "<status> appears more than once\n");
    s_result_free(&r);
}

static void test_cli__sync_lead_fault_shows_the_marketo_code_and_message(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 500 Internal Server Error", "fault_20014.xml",
               S_ARGS("sync-lead", "--email", "t@t.com"));
    if (r.status != 1 || !strstr(r.err, "Marketo error 20014"))
        s_show("fault", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    /* The service's message starts with Marketo's text for the code: shown once, as is. */
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: syncLead failed: Marketo error 20014: Authentication failed (20014)\n");
    s_result_free(&r);

    /* A message of the service's own: Marketo's text first, the message in parentheses. */
    s_run_mock(&r, &m, "HTTP/1.1 500 Internal Server Error", "fault_20016.xml",
               S_ARGS("sync-lead", "--email", "t@t.com"));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: syncLead failed: Marketo error 20016: Request Expired "
                                  "(requestTimestamp is 3600 s away from the server clock)\n");
    s_result_free(&r);
}

static void test_cli__sync_lead_http_error_without_fault_exits_1(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 404 Not Found", "not_found.html",
               S_ARGS("sync-lead", "--email", "t@t.com"));
    if (r.status != 1 || !strstr(r.err, "404"))
        s_show("HTTP 404", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: syncLead failed: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "404"));
    CU_ASSERT_EQUAL(s_count_lines(r.err), 1);
    s_result_free(&r);
}

/* A server that accepts the connection (the kernel does, from the backlog) and never answers:
 * --timeout-ms bounds the wait. */
static void test_cli__sync_lead_timeout_ms_bounds_a_silent_server(void)
{
    int port = 0;
    int lfd = s_listen(&port);
    CU_ASSERT_FATAL(lfd >= 0);
    char endpoint[128];
    snprintf(endpoint, sizeof endpoint, "MARKETO_SOAP_ENDPOINT=http://127.0.0.1:%d/soap/mktows/2_7", port);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    s_result r;
    s_run(&r, S_ARGS("sync-lead", "--email", "t@t.com", "--timeout-ms", "700"),
          S_ENV(endpoint, "MARKETO_USER_ID=" S_USER, "MARKETO_ENCRYPTION_KEY=" S_KEY));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (r.status != 1 || !strcasestr(r.err, "timed out"))
        s_show("silent server", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: syncLead failed: "));
    CU_ASSERT_PTR_NOT_NULL(strcasestr(r.err, "timed out"));
    CU_ASSERT_TRUE(secs < 20.0);
    s_result_free(&r);
    close(lfd);
}

static void test_cli__sync_lead_failed_status_prints_json_and_exits_1(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "failed.xml",
               S_ARGS("sync-lead", "--email", "t@t.com", "--attr", "Bogus=1"));
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "{\"leadId\":0,\"syncStatus\":{\"leadId\":0,\"status\":\"FAILED\","
                                  "\"error\":\"Lead attribute 'Bogus' not found\"},\"leadRecord\":null}\n");
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: syncLead failed: status FAILED: Lead attribute 'Bogus' not found\n");
    s_result_free(&r);
}

static void test_cli__sync_lead_insecure_warns_on_stderr(void)
{
    s_mock m;
    s_result r;
    s_run_mock(&r, &m, "HTTP/1.1 200 OK", "success.xml",
               S_ARGS("sync-lead", "--email", "t@t.com", "--insecure"));
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: warning: --insecure: "));
    CU_ASSERT_TRUE(s_starts_with(r.out, "{\"leadId\":1089965,"));
    s_result_free(&r);
}

/* TLS against mktows-server with a throwaway self-signed certificate for localhost / 127.0.0.1:
 * verification is on by default, --ca-file trusts it, the host name is checked, --insecure turns
 * both checks off and says so. */
static void test_cli__sync_lead_verifies_tls_unless_told_otherwise(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.tls = 1;
    CU_ASSERT_FATAL(mktows_test_server_start(&srv, &o) == 0);
    CU_ASSERT_FATAL(strncmp(srv.url, "https://127.0.0.1:", 18) == 0);
    /* The same server under a name its certificate does not carry: 127.1 is 127.0.0.1. */
    char other_host[600];
    snprintf(other_host, sizeof other_host, "https://127.1:%.100s", srv.url + 18);
    const char *const *env = S_ENV("MARKETO_USER_ID=" MKTOWS_TEST_USER, "MARKETO_ENCRYPTION_KEY=" MKTOWS_TEST_KEY);
    s_result r;

    /* The system CA store does not know the certificate. */
    s_run(&r, S_ARGS("sync-lead", "--endpoint", srv.url, "--email", "tls@example.com"), env);
    if (r.status != 1 || !strstr(r.err, "TLS"))
        s_show("TLS, default verification", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_STRING_EQUAL(r.out, "");
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: syncLead failed: TLS"));
    CU_ASSERT_EQUAL(s_count_lines(r.err), 1);
    s_result_free(&r);

    s_run(&r, S_ARGS("sync-lead", "--endpoint", srv.url, "--email", "tls@example.com", "--ca-file", srv.ca_file),
          env);
    if (r.status != 0)
        s_show("TLS, --ca-file", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_TRUE(s_starts_with(r.out, "{\"leadId\":"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\"status\":\"CREATED\""));
    CU_ASSERT_STRING_EQUAL(r.err, "");
    s_result_free(&r);

    s_run(&r, S_ARGS("sync-lead", "--endpoint", other_host, "--email", "tls@example.com", "--ca-file",
                     srv.ca_file), env);
    if (r.status != 1 || !strstr(r.err, "TLS"))
        s_show("TLS, wrong host name", &r);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_TRUE(s_starts_with(r.err, "mktows: syncLead failed: TLS"));
    s_result_free(&r);

    s_run(&r, S_ARGS("sync-lead", "--endpoint", other_host, "--email", "tls@example.com", "--insecure"), env);
    if (r.status != 0)
        s_show("TLS, --insecure", &r);
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "\"status\":\"UPDATED\""));
    CU_ASSERT_STRING_EQUAL(r.err, "mktows: warning: --insecure: the server's TLS certificate and host name are "
                                  "NOT verified\n");
    s_result_free(&r);

    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "one_line_collapses_whitespace_and_truncates", test_cli__one_line_collapses_whitespace_and_truncates },
        { "positive_int_accepts_only_1_to_int_max", test_cli__positive_int_accepts_only_1_to_int_max },
        { "version_prints_name_and_version", test_cli__version_prints_name_and_version },
        { "help_is_available_everywhere", test_cli__help_is_available_everywhere },
        { "command_help_lists_every_option", test_cli__command_help_lists_every_option },
        { "usage_errors_exit_2_with_a_message", test_cli__usage_errors_exit_2_with_a_message },
        { "a_failed_write_to_stdout_exits_1", test_cli__a_failed_write_to_stdout_exits_1 },
        { "no_arguments_prints_usage_and_exits_2", test_cli__no_arguments_prints_usage_and_exits_2 },
        { "sign_prints_the_known_answer", test_cli__sign_prints_the_known_answer },
        { "sign_takes_user_id_from_the_environment", test_cli__sign_takes_user_id_from_the_environment },
        { "sign_reads_the_key_file_and_strips_one_newline",
          test_cli__sign_reads_the_key_file_and_strips_one_newline },
        { "sign_without_a_key_fails_with_exit_1", test_cli__sign_without_a_key_fails_with_exit_1 },
        { "sign_never_prints_the_key", test_cli__sign_never_prints_the_key },
        { "sign_without_timestamp_prints_json_with_now", test_cli__sign_without_timestamp_prints_json_with_now },
        { "sign_json_escapes_the_timestamp", test_cli__sign_json_escapes_the_timestamp },
        { "sync_lead_dry_run_prints_the_signed_envelope_and_sends_nothing",
          test_cli__sync_lead_dry_run_prints_the_signed_envelope_and_sends_nothing },
        { "sync_lead_dry_run_carries_every_option", test_cli__sync_lead_dry_run_carries_every_option },
        { "sync_lead_rejects_invalid_requests_before_any_traffic",
          test_cli__sync_lead_rejects_invalid_requests_before_any_traffic },
        { "sync_lead_without_credentials_fails_with_exit_1",
          test_cli__sync_lead_without_credentials_fails_with_exit_1 },
        { "sync_lead_to_a_closed_port_reports_a_connect_error",
          test_cli__sync_lead_to_a_closed_port_reports_a_connect_error },
        { "sync_lead_prints_the_result_as_json", test_cli__sync_lead_prints_the_result_as_json },
        { "sync_lead_prints_the_returned_lead_record", test_cli__sync_lead_prints_the_returned_lead_record },
        { "sync_lead_leaves_out_absent_elements", test_cli__sync_lead_leaves_out_absent_elements },
        { "sync_lead_skips_an_unknown_element_with_a_warning_and_exits_0",
          test_cli__sync_lead_skips_an_unknown_element_with_a_warning_and_exits_0 },
        { "sync_lead_result_the_decoder_refuses_says_the_sync_succeeded_and_exits_1",
          test_cli__sync_lead_result_the_decoder_refuses_says_the_sync_succeeded_and_exits_1 },
        { "sync_lead_fault_shows_the_marketo_code_and_message",
          test_cli__sync_lead_fault_shows_the_marketo_code_and_message },
        { "sync_lead_http_error_without_fault_exits_1", test_cli__sync_lead_http_error_without_fault_exits_1 },
        { "sync_lead_timeout_ms_bounds_a_silent_server", test_cli__sync_lead_timeout_ms_bounds_a_silent_server },
        { "sync_lead_failed_status_prints_json_and_exits_1",
          test_cli__sync_lead_failed_status_prints_json_and_exits_1 },
        { "sync_lead_insecure_warns_on_stderr", test_cli__sync_lead_insecure_warns_on_stderr },
        { "sync_lead_verifies_tls_unless_told_otherwise", test_cli__sync_lead_verifies_tls_unless_told_otherwise },
        { NULL, NULL }
    };
    return mktows_test_run("cli", s_setup, s_teardown, cases);
}
