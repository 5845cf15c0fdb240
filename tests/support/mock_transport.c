#include "mock_transport.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private/soap.h"
#include "stdsoap2.h"
#include "files.h"

#define S_MAX 32

typedef struct s_bytes {
    char *data;
    size_t len;
} s_bytes;

struct mktows_mock {
    struct soap *soap;
    mktows_client *client;
    SOAP_SOCKET (*old_fopen)(struct soap *, const char *, const char *, int);
    int (*old_fclose)(struct soap *);
    int (*old_fsend)(struct soap *, const char *, size_t);
    size_t (*old_frecv)(struct soap *, char *, size_t);
    int (*old_fpoll)(struct soap *);

    s_bytes responses[S_MAX];
    size_t response_count;
    s_bytes requests[S_MAX];
    size_t request_count;   /* requests started */
    int receiving;          /* 1 after the first frecv of the current request */
    size_t recv_off;
    size_t connects;
    int fd;                 /* /dev/null standing in for the socket */
    struct mktows_mock *next;
};

/* gSOAP callbacks get only the soap context: find the mock by it. */
static struct mktows_mock *s_mocks;

static struct mktows_mock *s_find(struct soap *soap)
{
    for (struct mktows_mock *m = s_mocks; m; m = m->next)
        if (m->soap == soap)
            return m;
    return NULL;
}

static void s_append(s_bytes *b, const char *data, size_t len)
{
    char *nd = realloc(b->data, b->len + len + 1);
    if (!nd)
        abort();
    memcpy(nd + b->len, data, len);
    b->len += len;
    nd[b->len] = '\0';
    b->data = nd;
}

static SOAP_SOCKET s_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
    (void)endpoint;
    (void)host;
    (void)port;
    struct mktows_mock *m = s_find(soap);
    if (!m)
        return SOAP_INVALID_SOCKET;
    if (m->fd < 0)
        m->fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    m->connects++;
    soap->socket = m->fd;
    return m->fd;
}

static int s_fclose(struct soap *soap)
{
    soap->socket = SOAP_INVALID_SOCKET;
    return SOAP_OK;
}

static int s_fpoll(struct soap *soap)
{
    (void)soap;
    return SOAP_OK; /* the mock connection is always alive */
}

static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    struct mktows_mock *m = s_find(soap);
    if (!m)
        return SOAP_EOF;
    if (m->request_count == 0 || m->receiving) {
        if (m->request_count == S_MAX)
            return SOAP_EOF;
        m->request_count++;
        m->receiving = 0;
        m->recv_off = 0;
    }
    s_append(&m->requests[m->request_count - 1], data, len);
    return SOAP_OK;
}

static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    struct mktows_mock *m = s_find(soap);
    if (!m || m->request_count == 0)
        return 0;
    m->receiving = 1;
    size_t idx = m->request_count - 1;
    if (idx >= m->response_count)
        return 0; /* no response queued: the server closed the connection */
    const s_bytes *r = &m->responses[idx];
    size_t left = r->len - m->recv_off;
    /* Serve in small pieces to exercise gSOAP's buffering. */
    if (len > left)
        len = left;
    if (len > 97)
        len = 97;
    memcpy(data, r->data + m->recv_off, len);
    m->recv_off += len;
    return len;
}

mktows_mock *mktows_mock_install(mktows_client *client)
{
    struct mktows_mock *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    struct soap *soap = mktows_client_soap(client);
    m->soap = soap;
    m->client = client;
    m->fd = -1;
    m->old_fopen = soap->fopen;
    m->old_fclose = soap->fclose;
    m->old_fsend = soap->fsend;
    m->old_frecv = soap->frecv;
    m->old_fpoll = soap->fpoll;
    soap->fopen = s_fopen;
    soap->fclose = s_fclose;
    soap->fsend = s_fsend;
    soap->frecv = s_frecv;
    soap->fpoll = s_fpoll;
    m->next = s_mocks;
    s_mocks = m;
    return m;
}

void mktows_mock_push_raw(mktows_mock *mock, const char *http, size_t len)
{
    if (mock->response_count == S_MAX)
        abort();
    s_append(&mock->responses[mock->response_count++], http, len);
}

static const char *s_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

void mktows_mock_push(mktows_mock *mock, int status, const char *body)
{
    char head[256];
    size_t blen = strlen(body);
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %zu\r\n\r\n",
                     status, s_reason(status), blen);
    if (mock->response_count == S_MAX)
        abort();
    s_bytes *r = &mock->responses[mock->response_count++];
    s_append(r, head, (size_t)n);
    s_append(r, body, blen);
}

int mktows_mock_push_file(mktows_mock *mock, int status, const char *relpath)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", MKTOWS_TEST_DATA, relpath);
    char *body = mktows_read_file(path, NULL);
    if (!body)
        return -1;
    mktows_mock_push(mock, status, body);
    free(body);
    return 0;
}

size_t mktows_mock_request_count(const mktows_mock *mock)
{
    return mock->request_count;
}

const char *mktows_mock_request(const mktows_mock *mock, size_t i)
{
    return i < mock->request_count ? mock->requests[i].data : NULL;
}

const char *mktows_mock_request_body(const mktows_mock *mock, size_t i)
{
    const char *r = mktows_mock_request(mock, i);
    const char *b = r ? strstr(r, "\r\n\r\n") : NULL;
    return b ? b + 4 : NULL;
}

size_t mktows_mock_connects(const mktows_mock *mock)
{
    return mock->connects;
}

void mktows_mock_free(mktows_mock *mock)
{
    if (!mock)
        return;
    for (struct mktows_mock **p = &s_mocks; *p; p = &(*p)->next)
        if (*p == mock) {
            *p = mock->next;
            break;
        }
    for (size_t i = 0; i < S_MAX; i++) {
        free(mock->responses[i].data);
        free(mock->requests[i].data);
    }
    if (mock->fd >= 0)
        close(mock->fd);
    free(mock);
}

mktows_client *mktows_mock_client_new(const char *workspace, mktows_trace_fn trace, void *userdata,
                                      FILE *trace_file)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = MKTOWS_MOCK_ENDPOINT;
    o.user_id = MKTOWS_MOCK_USER_ID;
    o.encryption_key = MKTOWS_MOCK_KEY;
    o.workspace = workspace;
    o.trace = trace;
    o.trace_userdata = userdata;
    o.trace_file = trace_file;
    mktows_client *client = NULL;
    return mktows_client_new(&o, &client) == MKTOWS_OK ? client : NULL;
}
