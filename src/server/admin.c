/* The admin endpoint (admin.h): one thread, one connection at a time, each answered and closed.
 * Requests are small (a rule or two): a request of more than 16 KiB, or one that takes more than
 * 5 s to arrive, is answered 413 or dropped. */
#include "admin.h"

#include "inject.h"
#include "request_log.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#define S_MAX_REQUEST 16384

/* One server's admin listener (admin.h): made by mktows_srv_admin_start(), owned by the server
 * context (its member admin) and released by mktows_srv_admin_stop(). */
struct mktows_srv_admin {
    mktows_server *srv;   /* borrowed: the server it serves */
    int listen_fd;
    pthread_t thread;
    atomic_int stop;      /* set by mktows_srv_admin_stop(), read by the thread between polls */
};

static void s_reply(int fd, int status, const char *reason, const char *type, const char *body)
{
    char head[256];
    size_t len = strlen(body);
    int k = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status,
                     reason, type, len);
    if (send(fd, head, (size_t)k, MSG_NOSIGNAL) == k && len)
        (void)!send(fd, body, len, MSG_NOSIGNAL);
}

/* The value of header @p name (with its colon, lower case) in the request head @p head, or NULL. */
static const char *s_header(const char *head, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line; line = strstr(line + 2, "\r\n"))
        if (strncasecmp(line + 2, name, n) == 0)
            return line + 2 + n;
    return NULL;
}

/* Read the request head and its Content-Length body into buf: 0 with *body, or an HTTP status. */
static int s_read_request(int fd, char *buf, size_t cap, char **body, size_t *body_len)
{
    size_t len = 0;
    char *end = NULL;
    long content_length = 0;
    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 5000) <= 0)
            return 408;
        ssize_t k = recv(fd, buf + len, cap - 1 - len, 0);
        if (k <= 0)
            return -1;
        len += (size_t)k;
        buf[len] = '\0';
        if (!end && (end = strstr(buf, "\r\n\r\n")) != NULL) {
            *end = '\0';
            const char *cl = s_header(buf, "content-length:");
            content_length = cl ? strtol(cl, NULL, 10) : 0;
            if (content_length < 0 || (size_t)content_length > cap - 1 - (size_t)(end + 4 - buf))
                return 413;
        }
        if (end && len - (size_t)(end + 4 - buf) >= (size_t)content_length)
            break;
        if (len + 1 >= cap)
            return 413;
    }
    *body = end + 4;
    *body_len = (size_t)content_length;
    (*body)[*body_len] = '\0';
    return 0;
}

static void s_fail_post(mktows_server *srv, int fd, char *body)
{
    char err[400], *save = NULL;
    int added = 0;
    for (char *line = strtok_r(body, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (!*line)
            continue;
        if (mktows_srv_inject_add(srv->inject, line, MKTOWS_SRV_RULE_RUNTIME, err, sizeof err)) {
            char msg[460];
            snprintf(msg, sizeof msg, "%s\n", err);
            s_reply(fd, 400, "Bad Request", "text/plain", msg);
            return;
        }
        added++;
    }
    if (!added) {
        s_reply(fd, 400, "Bad Request", "text/plain", "no rule in the body: one OP:ACTION[@N] a line\n");
        return;
    }
    s_reply(fd, 200, "OK", "text/plain", "added\n");
}

static void s_handle(mktows_server *srv, int fd)
{
    char buf[S_MAX_REQUEST], *body = NULL;
    size_t body_len = 0;
    int status = s_read_request(fd, buf, sizeof buf, &body, &body_len);
    if (status < 0)
        return;
    if (status == 408 || status == 413) {
        s_reply(fd, status, status == 408 ? "Request Timeout" : "Payload Too Large", "text/plain", "\n");
        return;
    }
    char method[16] = "", path[256] = "";
    if (sscanf(buf, "%15s %255s", method, path) != 2) {
        s_reply(fd, 400, "Bad Request", "text/plain", "not an HTTP request\n");
        return;
    }
    int get = !strcmp(method, "GET"), post = !strcmp(method, "POST"), del = !strcmp(method, "DELETE");
    if (!strcmp(path, "/reset") && post) {
        char err[512], msg[560];
        if (mktows_srv_reset(srv, err, sizeof err)) {
            snprintf(msg, sizeof msg, "reset failed: %s\n", err);
            s_reply(fd, 500, "Internal Server Error", "text/plain", msg);
        } else {
            s_reply(fd, 200, "OK", "text/plain", "reset\n");
        }
    } else if (!strcmp(path, "/stats") && get) {
        mktows_srv_request_counts c = mktows_srv_request_counts_get(srv->request_log);
        char json[160];
        snprintf(json, sizeof json, "{\"requests\":%lu,\"faults\":%lu,\"dropped\":%lu}\n", c.requests, c.faults,
                 c.dropped);
        s_reply(fd, 200, "OK", "application/json", json);
    } else if (!strcmp(path, "/fail") && (get || post || del)) {
        if (post) {
            s_fail_post(srv, fd, body);
        } else if (del) {
            mktows_srv_inject_clear(srv->inject);
            s_reply(fd, 200, "OK", "text/plain", "cleared\n");
        } else {
            char rules[8192];
            mktows_srv_inject_describe(srv->inject, rules, sizeof rules);
            s_reply(fd, 200, "OK", "text/plain", rules);
        }
    } else if (!strcmp(path, "/health") && get) {
        s_reply(fd, 200, "OK", "text/plain", "ok\n");
    } else if (!strcmp(path, "/reset") || !strcmp(path, "/stats") || !strcmp(path, "/fail")
               || !strcmp(path, "/health")) {
        s_reply(fd, 405, "Method Not Allowed", "text/plain", "see docs/testing-with-the-server.md\n");
    } else {
        s_reply(fd, 404, "Not Found", "text/plain", "POST /reset, GET /stats, GET|POST|DELETE /fail, GET /health\n");
    }
}

static void *s_main(void *arg)
{
    struct mktows_srv_admin *admin = arg;
    while (!atomic_load(&admin->stop)) {
        struct pollfd p = { admin->listen_fd, POLLIN, 0 };
        if (poll(&p, 1, 200) <= 0)
            continue;
        int fd = accept(admin->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        s_handle(admin->srv, fd);
        shutdown(fd, SHUT_WR);
        close(fd);
    }
    return NULL;
}

int mktows_srv_admin_start(mktows_server *srv, const char *host, int port, int *bound_port, char *err,
                           size_t err_len)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    int gai = getaddrinfo(*host ? host : NULL, port_text, &hints, &res);
    if (gai) {
        snprintf(err, err_len, "%s: %s", host, gai_strerror(gai));
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 16)) {
        snprintf(err, err_len, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    *bound_port = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                           : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    struct mktows_srv_admin *admin = calloc(1, sizeof *admin);
    if (!admin) {
        snprintf(err, err_len, "out of memory");
        close(fd);
        return -1;
    }
    admin->srv = srv;
    admin->listen_fd = fd;
    atomic_init(&admin->stop, 0);
    /* SIGINT and SIGTERM stay with the main thread */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(&admin->thread, NULL, s_main, admin);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, err_len, "cannot start a thread");
        close(fd);
        free(admin);
        return -1;
    }
    srv->admin = admin;
    return 0;
}

void mktows_srv_admin_stop(mktows_server *srv)
{
    struct mktows_srv_admin *admin = srv->admin;
    if (!admin)
        return;
    atomic_store(&admin->stop, 1);
    pthread_join(admin->thread, NULL);
    close(admin->listen_fd);
    free(admin);
    srv->admin = NULL;
}
