/* lead_nil: fetch one lead by email with getLead and print its response as JSON, in which an
 * element the service left out has no key, one it sent as xsi:nil is null, and one with a value
 * is the value. The typed result (struct mkt__LeadRecord) cannot tell the first two apart: gSOAP
 * gives both as NULL. See docs/library.md, "Absent, nil and value".
 *
 *   lead_nil rufus@marketo.com
 *
 * Configuration comes from the environment: MARKETO_SOAP_ENDPOINT, MARKETO_USER_ID,
 * MARKETO_ENCRYPTION_KEY. Exit status: 0 on success, 1 on any error. */
#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/decode.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: lead_nil EMAIL\n");
        return 1;
    }
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = getenv("MARKETO_SOAP_ENDPOINT");
    opts.user_id = getenv("MARKETO_USER_ID");
    opts.encryption_key = getenv("MARKETO_ENCRYPTION_KEY");
    mktows_client *client = NULL;
    mktows_code rc = mktows_client_new(&opts, &client);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "lead_nil: cannot create the client: %s\n", mktows_strerror(rc));
        return 1;
    }

    struct mkt__LeadKey key;
    struct mkt__ParamsGetLead params = { .leadKey = mktows_lead_key_init(&key, mkt__LeadKeyRef__EMAIL, argv[1]) };
    struct mkt__SuccessGetLead *resp = NULL;
    const char *xml = NULL;
    size_t len = 0;
    char *json = NULL;
    char err[1024] = "";
    rc = mktows_get_lead(client, &params, &resp);
    if (rc == MKTOWS_OK)
        rc = mktows_client_last_response(client, &xml, &len);
    if (rc == MKTOWS_OK)
        rc = mktows_decode_json("getLead", xml, len, MKTOWS_DECODE_DEFAULT, &json, err, sizeof err);
    if (rc == MKTOWS_OK)
        printf("%s\n", json);
    else
        fprintf(stderr, "lead_nil: %s: %s\n", mktows_strerror(rc), err[0] ? err : mktows_client_errmsg(client));
    mktows_free(json);
    mktows_client_free(client);
    return rc == MKTOWS_OK ? 0 : 1;
}
