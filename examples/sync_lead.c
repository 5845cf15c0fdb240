/* sync_lead: create or update george@jungle.com (FirstName George, LastName "of the Jungle") with
 * syncLead, as the PHP, Java and Ruby samples on Marketo's syncLead page do, and print the result.
 *
 * Configuration comes from the environment:
 *   MARKETO_SOAP_ENDPOINT   e.g. https://123-ABC-456.mktoapi.com/soap/mktows/2_7
 *   MARKETO_USER_ID         the SOAP API user id (mktowsUserId)
 *   MARKETO_ENCRYPTION_KEY  the SOAP API encryption key (never printed)
 *   MARKETO_WORKSPACE       optional: target workspace (MktowsContextHeader)
 *
 * Exit status: 0 on success, 1 on any error (with a message on stderr). */
#include <mktows/mktows.h>

#include <stdio.h>
#include <stdlib.h>

static const char *s_env(const char *name, int required)
{
    const char *v = getenv(name);
    if (v && *v)
        return v;
    if (required)
        fprintf(stderr, "sync_lead: %s is not set\n", name);
    return NULL;
}

int main(void)
{
    const char *endpoint = s_env("MARKETO_SOAP_ENDPOINT", 1);
    const char *user_id = s_env("MARKETO_USER_ID", 1);
    const char *key = s_env("MARKETO_ENCRYPTION_KEY", 1);
    if (!endpoint || !user_id || !key)
        return 1;

    /* The client signs every call (HMAC-SHA1 of timestamp + user id) and sets the SOAP headers. */
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = endpoint;
    opts.user_id = user_id;
    opts.encryption_key = key;
    opts.workspace = s_env("MARKETO_WORKSPACE", 0);
    opts.connect_timeout_ms = 20000; /* the PHP sample's connection_timeout */

    mktows_client *client = NULL;
    mktows_code rc = mktows_client_new(&opts, &client);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "sync_lead: cannot create the client: %s\n", mktows_strerror(rc));
        return 1;
    }

    /* The lead: its key (Email) and the attributes to set. */
    static const mktows_lead_attribute attrs[] = {
        { "FirstName", "George", NULL },
        { "LastName", "of the Jungle", NULL },
    };
    mktows_sync_lead_request req = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    req.email = "george@jungle.com";
    req.attrs = attrs;
    req.attr_count = sizeof attrs / sizeof attrs[0];
    req.return_lead = 0;

    mktows_sync_lead_result *result = NULL;
    rc = mktows_sync_lead(client, &req, &result);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "sync_lead: syncLead failed: %s: %s\n", mktows_strerror(rc), mktows_client_errmsg(client));
        if (mktows_client_marketo_code(client))
            fprintf(stderr, "sync_lead: Marketo error code %d\n", mktows_client_marketo_code(client));
        mktows_client_free(client);
        return 1;
    }

    printf("leadId: %d\n", result->lead_id);
    printf("status: %s\n", mktows_sync_status_name(result->status));
    printf("error:  %s\n", result->error ? result->error : "(none)");
    if (result->lead) {
        printf("lead:   Id %d, Email %s\n", result->lead->id, result->lead->email ? result->lead->email : "(none)");
        for (size_t i = 0; i < result->lead->attr_count; i++)
            printf("        %s = %s\n", result->lead->attrs[i].name, result->lead->attrs[i].value);
    }

    mktows_sync_lead_result_free(result);
    mktows_client_free(client);
    return 0;
}
