/* mktows_sync_lead_render(): run the real call path against a capturing transport that takes the
 * bytes gSOAP writes and answers nothing, so the envelope is exactly what would go on the wire. The
 * client's own connection and callbacks are set aside for the call and put back afterwards. */
#include "private/client.h"
#include "mktows_writer.h"
#include "mktows_reader.h"
#include "private/sync_lead.h"

#include <mktows/ops.h>

#include <assert.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct s_saved {
    SOAP_SOCKET (*fopen)(struct soap *, const char *, const char *, int);
    int (*fclose)(struct soap *);
    int (*fsend)(struct soap *, const char *, size_t);
    size_t (*frecv)(struct soap *, char *, size_t);
    int (*fpoll)(struct soap *);
    SOAP_SOCKET socket;
    int keep_alive;
} s_saved;

typedef struct s_capture {
    mktows_buf wire;
    int fd;            /* /dev/null: a real descriptor to stand in for the socket */
} s_capture;

static SOAP_SOCKET s_cap_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
    (void)endpoint;
    (void)host;
    (void)port;
    s_capture *cap = ((mktows_client *)soap->user)->render_capture;
    if (cap->fd < 0)
        cap->fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    soap->socket = cap->fd;
    return cap->fd;
}

static int s_cap_fclose(struct soap *soap)
{
    soap->socket = SOAP_INVALID_SOCKET;
    return SOAP_OK;
}

static int s_cap_fsend(struct soap *soap, const char *data, size_t len)
{
    s_capture *cap = ((mktows_client *)soap->user)->render_capture;
    mktows_buf_append(&cap->wire, data, len);
    return SOAP_OK;
}

static size_t s_cap_frecv(struct soap *soap, char *data, size_t len)
{
    (void)soap;
    (void)data;
    (void)len;
    return 0; /* end of input: nothing was sent, nothing comes back */
}

static int s_cap_fpoll(struct soap *soap)
{
    (void)soap;
    return SOAP_OK;
}

/* Set the client's transport aside and capture instead. */
static void s_capture_install(mktows_client *client, struct soap *soap, s_capture *cap, s_saved *saved)
{
    s_saved now = { soap->fopen, soap->fclose, soap->fsend, soap->frecv, soap->fpoll, soap->socket, soap->keep_alive };
    *saved = now;
    soap->fopen = s_cap_fopen;
    soap->fclose = s_cap_fclose;
    soap->fsend = s_cap_fsend;
    soap->frecv = s_cap_frecv;
    soap->fpoll = s_cap_fpoll;
    soap->socket = SOAP_INVALID_SOCKET;
    client->render_capture = cap;
    client->trace_paused = 1;
}

/* Put the transport back, release the call and return the captured body through *out_xml. */
static mktows_code s_capture_finish(mktows_client *client, struct soap *soap, s_capture *cap, const s_saved *saved,
                                    char **out_xml)
{
    mktows_code rc = MKTOWS_OK;
    soap->fopen = saved->fopen;
    soap->fclose = saved->fclose;
    soap->fsend = saved->fsend;
    soap->frecv = saved->frecv;
    soap->fpoll = saved->fpoll;
    soap->socket = saved->socket;
    soap->keep_alive = saved->keep_alive;
    /* The capture ends in an expected EOF; left in soap->error, soap_end() would close the real,
     * kept-alive connection. */
    soap->error = SOAP_OK;
    soap->errnum = 0;
    client->render_capture = NULL;
    client->trace_paused = 0;
    client->in_call = 0;
    if (cap->fd >= 0)
        close(cap->fd);
    mktows_client_release(client);
    mktows_client_clear_error_(client);

    /* The capture is the HTTP request: header, blank line, body. Keep the body. */
    const char *body = cap->wire.data ? strstr(cap->wire.data, "\r\n\r\n") : NULL;
    if (cap->wire.oom) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory capturing the request");
    } else if (!body) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_TRANSPORT, "the request was not written");
    } else if (!(*out_xml = strdup(body + 4))) {
        rc = mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory");
    }
    mktows_buf_free(&cap->wire);
    return rc;
}

mktows_code mktows_sync_lead_render(mktows_client *client, const mktows_sync_lead_request *req, char **out_xml)
{
    assert(client);
    assert(out_xml);
    *out_xml = NULL;
    struct soap *soap = NULL;
    struct mkt__ParamsSyncLead params;
    mktows_code rc = mktows_sync_lead_prepare_(client, req, &soap, &params);
    if (rc != MKTOWS_OK)
        return rc;
    client->in_call = 0; /* render never reaches mktows_client_finish() */
    struct mkt__SuccessSyncLead resp;
    soap_default_mkt__SuccessSyncLead(soap, &resp);

    s_capture cap = { { NULL, 0, 0, 0 }, -1 };
    s_saved saved;
    s_capture_install(client, soap, &cap, &saved);
    (void)MKTOWS_EXCHANGE(client, soap, syncLead, sync_lead_raw, &params, &resp); /* fails at recv: expected */
    return s_capture_finish(client, soap, &cap, &saved, out_xml);
}

mktows_code mktows_render_call_(mktows_client *client, const char *operation, const void *params, char **out_xml)
{
    assert(client);
    assert(out_xml);
    *out_xml = NULL;
    struct soap *soap = client->soap;
    s_capture cap = { { NULL, 0, 0, 0 }, -1 };
    s_saved saved;
    s_capture_install(client, soap, &cap, &saved);
    void *resp = NULL;
    mktows_code rc = mktows_call(client, operation, params, &resp); /* fails at recv: expected */
    if (rc == MKTOWS_ERR_INVALID_ARGUMENT || rc == MKTOWS_ERR_CRYPTO || rc == MKTOWS_ERR_NO_MEMORY) {
        s_saved keep = saved;
        char *ignored = NULL;
        (void)s_capture_finish(client, soap, &cap, &keep, &ignored);
        free(ignored);
        return mktows_client_fail_(client, rc, "the request could not be rendered: %s", mktows_strerror(rc));
    }
    return s_capture_finish(client, soap, &cap, &saved, out_xml);
}
