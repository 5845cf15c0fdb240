/* One call on the client's context: begin (release the last call, fresh headers), finish (map the
 * result), release. Also the helpers behind MKTOWS_CALL. */
#include "private/client.h"
#include "private/ops.h"

#include <mktows/ops.h>

#include <assert.h>

void mktows_client_release(mktows_client *client)
{
    assert(client);
    struct soap *soap = client->soap;
    mktows_headers_clear_(client);
    soap->header = NULL; /* whatever reading a response put there lives in the memory freed below */
    soap_destroy(soap);
    soap_end(soap);
    soap->header = NULL;
    soap->fault = NULL;
}

mktows_code mktows_client_begin(mktows_client *client, const char *operation, struct soap **out)
{
    assert(client);
    if (out)
        *out = NULL;
    client->in_call = 0;
    mktows_client_release(client);
    mktows_client_clear_error_(client);
    mktows_trace_forget_(client);

    mktows_code rc = MKTOWS_OK;
    const mktows_ops_entry_ *op = mktows_operation_entry_(client, operation);
    if (!op)
        rc = mktows_client_fail_(client, MKTOWS_ERR_INVALID_ARGUMENT, "unknown operation \"%s\"",
                                 operation ? operation : "(null)");
    else
        rc = mktows_headers_set_(client, op);
    client->begin_rc = rc;
    if (rc != MKTOWS_OK)
        return rc;

    client->soap->status = 0;
    client->timed_out = 0;
    client->operation = op->info.name;
    client->bad_status_line = 0;
    client->announced_too_long = 0;
    client->peer_closed = 0;
    client->raw_body_bytes = 0;
    mktows_transport_begin_(client);
    client->soap->error = SOAP_OK;
    mktows_trace_begin_(client);
    client->in_call = 1;
    if (out)
        *out = client->soap;
    return MKTOWS_OK;
}

mktows_code mktows_client_finish(mktows_client *client, int soap_status)
{
    assert(client);
    if (client->begin_rc != MKTOWS_OK)
        return client->begin_rc; /* the begin error, recorded when it happened */
    if (!client->in_call)
        return mktows_client_fail_(client, MKTOWS_ERR_INVALID_ARGUMENT,
                                   "mktows_client_finish() without mktows_client_begin()");
    client->in_call = 0;
    mktows_trace_emit_(client);
    return mktows_fault_map_(client, soap_status);
}

int mktows_call_begin_(mktows_client *client, const char *operation)
{
    return mktows_client_begin(client, operation, NULL) == MKTOWS_OK;
}

struct soap *mktows_call_soap_(mktows_client *client)
{
    assert(client);
    return client->soap;
}

mktows_code mktows_call_finish_(mktows_client *client, int soap_status)
{
    return mktows_client_finish(client, soap_status);
}
