/* canned_server: the benchmark rig's HTTP server (bench/run). It answers every POST with the same
 * prebuilt response, so that the server's cost is the same whichever client calls it.
 *
 *   canned_server [--listen HOST:PORT] [--wsdl FILE] [--dump DIR]
 *
 * HTTP/1.1 on IPv4, kept alive until the client closes (or sends "Connection: close"), one thread
 * and poll(), at most 64 connections. A POST whose body holds paramsSyncMultipleLeads gets the
 * 300-status syncMultipleLeads response, any other POST the syncLead response (bench/canned.c).
 * A GET whose target has the query "?wsdl" (any case) gets FILE given with --wsdl. Requests need a
 * Content-Length (every client measured sends one).
 *
 * When ready it prints its endpoint URL (http://127.0.0.1:PORT/soap/mktows/2_7) and a newline on
 * stdout. On SIGTERM or SIGINT it prints "served N requests on M connections" on stderr and
 * exits 0 (M tells whether the clients kept their connections alive).
 * --dump DIR writes the two response bodies to DIR/sync_lead_response.xml and
 * DIR/sync_multiple_leads_response.xml (for the peers' in-process codec runs) and exits. */
#define _GNU_SOURCE /* memmem, strcasestr */
#include "canned.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define S_MAX_CONN 64
#define S_MAX_HEAD 16384

typedef struct s_conn {
    int fd;
    char *buf;   /* bytes received and not yet consumed */
    size_t len;
    size_t cap;
} s_conn;

typedef struct s_reply {
    char *data;
    size_t len;
} s_reply;

static volatile sig_atomic_t s_stop;

static void s_on_signal(int sig)
{
    (void)sig;
    s_stop = 1;
}

static int s_write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int s_write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "canned_server: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

static char *s_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    size_t r;
    while (data && (r = fread(data + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *bigger = realloc(data, cap *= 2);
            if (!bigger)
                free(data);
            data = bigger;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

/* The value of header @p name in the header block [head, end), or NULL. */
static const char *s_header(const char *head, const char *end, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = head; p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        if (*p == '\n')
            p++;
        if ((size_t)(end - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            p += nl + 1;
            while (*p == ' ' || *p == '\t')
                p++;
            return p;
        }
    }
    return NULL;
}

/* 1 when the request line [line, end) asks for "...?wsdl" (any case). */
static int s_wants_wsdl(const char *line, const char *end)
{
    const char *q = end ? memchr(line, '?', (size_t)(end - line)) : NULL;
    return q && end - q >= 5 && strncasecmp(q, "?wsdl", 5) == 0;
}

/* Serve every complete request in c->buf. Returns -1 to close the connection. */
static int s_serve(s_conn *c, const s_reply *sync_lead, const s_reply *batch, const s_reply *wsdl,
                   unsigned long long *served)
{
    for (;;) {
        char *end = c->len >= 4 ? memmem(c->buf, c->len, "\r\n\r\n", 4) : NULL;
        if (!end)
            return c->len > S_MAX_HEAD ? -1 : 0;
        size_t head_len = (size_t)(end - c->buf) + 4;
        const char *cl = s_header(c->buf, end, "Content-Length");
        size_t body_len = cl ? strtoul(cl, NULL, 10) : 0;
        if (c->len < head_len + body_len)
            return 0;
        const char *line_end = memchr(c->buf, '\r', head_len);
        const char *conn = s_header(c->buf, end, "Connection");
        int close_after = conn && strncasecmp(conn, "close", 5) == 0;
        const s_reply *reply;
        static const char s_not_found[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        static const char s_no_length[] = "HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        s_reply fixed = { NULL, 0 };
        if (strncmp(c->buf, "POST ", 5) == 0) {
            if (!cl) {
                fixed.data = (char *)s_no_length;
                fixed.len = sizeof s_no_length - 1;
                close_after = 1;
                reply = &fixed;
            } else {
                size_t look = body_len < 4096 ? body_len : 4096;
                reply = memmem(c->buf + head_len, look, "paramsSyncMultipleLeads", 23) ? batch : sync_lead;
            }
        } else if (strncmp(c->buf, "GET ", 4) == 0 && wsdl->data && s_wants_wsdl(c->buf, line_end)) {
            reply = wsdl;
        } else {
            fixed.data = (char *)s_not_found;
            fixed.len = sizeof s_not_found - 1;
            reply = &fixed;
        }
        if (s_write_all(c->fd, reply->data, reply->len) != 0)
            return -1;
        (*served)++;
        memmove(c->buf, c->buf + head_len + body_len, c->len - head_len - body_len);
        c->len -= head_len + body_len;
        if (close_after)
            return -1;
    }
}

static int s_listen(const char *spec, int *port)
{
    char host[64] = "127.0.0.1";
    *port = 0;
    if (spec) {
        const char *colon = strrchr(spec, ':');
        if (!colon || (size_t)(colon - spec) >= sizeof host)
            return -1;
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = '\0';
        *port = atoi(colon + 1);
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((unsigned short)*port) };
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
    if (fd < 0)
        return -1;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    socklen_t sl = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 128) || getsockname(fd, (struct sockaddr *)&sa, &sl)) {
        close(fd);
        return -1;
    }
    *port = ntohs(sa.sin_port);
    return fd;
}

static int s_usage(void)
{
    fputs("usage: canned_server [--listen HOST:PORT] [--wsdl FILE] [--dump DIR]\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *listen_spec = NULL, *wsdl_path = NULL, *dump_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
            listen_spec = argv[++i];
        else if (strcmp(argv[i], "--wsdl") == 0 && i + 1 < argc)
            wsdl_path = argv[++i];
        else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
            dump_dir = argv[++i];
        else
            return s_usage();
    }

    size_t sl_len, batch_len;
    const char *sl_body = mktows_bench_sync_lead_body(&sl_len);
    char *batch_body = mktows_bench_batch_body(MKTOWS_BENCH_BATCH_LEADS, &batch_len);
    if (!batch_body)
        return 1;
    if (dump_dir) {
        int rc = s_write_file(dump_dir, "sync_lead_response.xml", sl_body, sl_len)
                 || s_write_file(dump_dir, "sync_multiple_leads_response.xml", batch_body, batch_len);
        free(batch_body);
        return rc ? 1 : 0;
    }
    s_reply sync_lead, batch, wsdl = { NULL, 0 };
    sync_lead.data = mktows_bench_http_ok(sl_body, sl_len, &sync_lead.len);
    batch.data = mktows_bench_http_ok(batch_body, batch_len, &batch.len);
    free(batch_body);
    if (wsdl_path) {
        size_t wl;
        char *w = s_read_file(wsdl_path, &wl);
        if (!w) {
            fprintf(stderr, "canned_server: cannot read %s\n", wsdl_path);
            return 1;
        }
        wsdl.data = mktows_bench_http_ok(w, wl, &wsdl.len);
        free(w);
    }
    if (!sync_lead.data || !batch.data || (wsdl_path && !wsdl.data))
        return 1;

    int port, lfd = s_listen(listen_spec, &port);
    if (lfd < 0) {
        fprintf(stderr, "canned_server: cannot listen on %s: %s\n", listen_spec ? listen_spec : "127.0.0.1:0",
                strerror(errno));
        return 1;
    }
    struct sigaction sa = { .sa_handler = s_on_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    printf("http://127.0.0.1:%d/soap/mktows/2_7\n", port);
    fflush(stdout);

    s_conn conns[S_MAX_CONN];
    struct pollfd pfds[S_MAX_CONN + 1];
    size_t nconn = 0;
    unsigned long long served = 0, accepted = 0;
    while (!s_stop) {
        pfds[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
        for (size_t i = 0; i < nconn; i++)
            pfds[i + 1] = (struct pollfd){ .fd = conns[i].fd, .events = POLLIN };
        int r = poll(pfds, nconn + 1, 500);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        for (size_t i = nconn; i-- > 0;) {
            if (!pfds[i + 1].revents)
                continue;
            s_conn *c = &conns[i];
            if (c->cap - c->len < 65536) {
                char *bigger = realloc(c->buf, c->cap + 65536);
                if (!bigger)
                    break;
                c->buf = bigger;
                c->cap += 65536;
            }
            ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n > 0)
                c->len += (size_t)n;
            if (n <= 0 || s_serve(c, &sync_lead, &batch, &wsdl, &served) != 0) {
                close(c->fd);
                free(c->buf);
                conns[i] = conns[--nconn];
            }
        }
        if (pfds[0].revents & POLLIN) {
            int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0 && nconn == S_MAX_CONN) {
                close(fd);
            } else if (fd >= 0) {
                int on = 1;
                (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
                conns[nconn++] = (s_conn){ .fd = fd };
                accepted++;
            }
        }
    }
    for (size_t i = 0; i < nconn; i++) {
        close(conns[i].fd);
        free(conns[i].buf);
    }
    close(lfd);
    free(sync_lead.data);
    free(batch.data);
    free(wsdl.data);
    fprintf(stderr, "canned_server: served %llu requests on %llu connections\n", served, accepted);
    return 0;
}
