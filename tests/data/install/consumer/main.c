/* Uses the installed headers (public and generated) and library: prints the signature of a fixed
 * timestamp and user id, and the name of a typed call's failure without a server. */
#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <stdio.h>

int main(void)
{
    char sig[MKTOWS_SIGNATURE_SIZE];
    if (mktows_sign("2013-07-31T12:38:47-07:00", "demo17_1_809934544BFABAE58E5D27", "27272727aa", sig) != MKTOWS_OK)
        return 1;
    printf("%s\n", sig);

    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = "http://127.0.0.1:1/soap/mktows/2_7"; /* nothing listens on port 1 */
    o.user_id = "demo17_1_809934544BFABAE58E5D27";
    o.encryption_key = "27272727aa";
    o.connect_timeout_ms = 2000;
    mktows_client *c = NULL;
    if (mktows_client_new(&o, &c) != MKTOWS_OK)
        return 1;
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__EMAIL, .keyValue = "t@t.com" };
    struct mkt__ParamsGetLead p = { .leadKey = &key };
    struct mkt__SuccessGetLead *r = NULL;
    printf("%s\n", mktows_strerror(mktows_get_lead(c, &p, &r)));
    mktows_client_free(c);
    return 0;
}
