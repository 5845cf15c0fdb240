/* One process, two gSOAP bindings (run by test_symbols): the echo service of echo.h, linked with
 * libgsoapssl.so as any gSOAP program is, serves and answers in this process, and libmktows makes
 * real calls to a mktows-server. Each must find its own namespace table and its own soap_*
 * callbacks: with a libmktows that exported `namespaces`, soap_putheader, ..., one of the two
 * would run with the other's and fail.
 *
 *     two_bindings ENDPOINT USER_ID ENCRYPTION_KEY
 *
 * Prints one line per step on stdout; exit 0 when every step succeeded, 1 otherwise. */
#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>

#include <stdio.h>
#include <string.h>

#include "echo_side.h"

#define S_EMAIL "two.bindings@example.com"

static int s_echo(const char *text)
{
    char answer[128] = "";
    if (echo_side_call(text, answer, sizeof answer) != 0)
        return -1;
    printf("echo: %s\n", answer);
    if (strcmp(answer, text) != 0) {
        fprintf(stderr, "echo: sent \"%s\", got \"%s\"\n", text, answer);
        return -1;
    }
    return 0;
}

static int s_fail(mktows_client *c, const char *what, mktows_code rc)
{
    fprintf(stderr, "%s: %s: %s\n", what, mktows_strerror(rc), mktows_client_errmsg(c));
    return -1;
}

static int s_mktows(const char *endpoint, const char *user_id, const char *key)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.user_id = user_id;
    o.encryption_key = key;
    mktows_client *c = NULL;
    mktows_code rc = mktows_client_new(&o, &c);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "mktows_client_new: %s\n", mktows_strerror(rc));
        return -1;
    }
    int result = -1;

    /* syncLead: the signed AuthenticationHeader goes out through the library's soap_putheader. */
    mktows_sync_lead_request req = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    req.email = S_EMAIL;
    mktows_sync_lead_result *synced = NULL;
    rc = mktows_sync_lead(c, &req, &synced);
    if (rc != MKTOWS_OK) {
        s_fail(c, "syncLead", rc);
        goto done;
    }
    printf("syncLead: %s\n", mktows_sync_status_name(synced->status));
    int id = synced->lead_id;
    mktows_sync_lead_result_free(synced);

    /* getLead: the response is read with the library's namespace table (prefix mkt). */
    struct mkt__LeadKey key_email;
    struct mkt__ParamsGetLead params = { .leadKey = mktows_lead_key_init(&key_email, mkt__LeadKeyRef__EMAIL, S_EMAIL) };
    struct mkt__SuccessGetLead *resp = NULL;
    rc = mktows_get_lead(c, &params, &resp);
    if (rc != MKTOWS_OK) {
        s_fail(c, "getLead", rc);
        goto done;
    }
    const struct mkt__ArrayOfLeadRecord *list = resp->result->leadRecordList;
    if (resp->result->count != 1 || !list || list->__sizeleadRecord != 1 || !list->leadRecord[0].Id ||
        *list->leadRecord[0].Id != id || !list->leadRecord[0].Email ||
        strcmp(list->leadRecord[0].Email, S_EMAIL) != 0) {
        fprintf(stderr, "getLead: not the lead syncLead created (id %d)\n", id);
        goto done;
    }
    printf("getLead: %d lead, %s\n", resp->result->count, list->leadRecord[0].Email);
    result = 0;
done:
    mktows_client_free(c);
    return result;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: two_bindings ENDPOINT USER_ID ENCRYPTION_KEY\n");
        return 2;
    }
    if (echo_side_start(2) != 0)
        return 1;
    int failed = s_echo("before mktows") != 0;
    failed |= s_mktows(argv[1], argv[2], argv[3]) != 0;
    failed |= s_echo("after mktows") != 0;
    failed |= echo_side_stop() != 0;
    printf("%s\n", failed ? "FAILED" : "ok");
    return failed ? 1 : 0;
}
