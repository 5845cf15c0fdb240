/* See hostile_peer.h. */
#include "hostile_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

void mktows_hostile_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

void mktows_hostile_read_request(int fd)
{
    char buf[16384];
    struct pollfd pfd = { fd, POLLIN, 0 };
    while (poll(&pfd, 1, 200) > 0 && recv(fd, buf, sizeof buf, 0) > 0)
        ;
}

static void *s_main(void *arg)
{
    mktows_hostile_peer *p = arg;
    int fd = accept(p->listen_fd, NULL, NULL);
    if (fd < 0)
        return NULL;
    p->fn(fd, p->arg, &p->stop);
    close(fd);
    return NULL;
}

int mktows_hostile_peer_start(mktows_hostile_peer *p, mktows_hostile_fn fn, void *arg)
{
    memset(p, 0, sizeof *p);
    p->fn = fn;
    p->arg = arg;
    p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (p->listen_fd < 0)
        return -1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (bind(p->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(p->listen_fd, 4) != 0 ||
        getsockname(p->listen_fd, (struct sockaddr *)&a, &len) != 0) {
        close(p->listen_fd);
        return -1;
    }
    p->port = ntohs(a.sin_port);
    if (pthread_create(&p->thread, NULL, s_main, p) != 0) {
        close(p->listen_fd);
        return -1;
    }
    return 0;
}

void mktows_hostile_peer_stop(mktows_hostile_peer *p)
{
    p->stop = 1;
    shutdown(p->listen_fd, SHUT_RDWR);
    pthread_join(p->thread, NULL);
    close(p->listen_fd);
}

void mktows_hostile_peer_url(const mktows_hostile_peer *p, char *buf, size_t len)
{
    snprintf(buf, len, "http://127.0.0.1:%d/soap/mktows/2_7", p->port);
}
