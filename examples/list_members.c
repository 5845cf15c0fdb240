/* list_members: print the Id and Email of every lead in a static list, page by page with the
 * getMultipleLeads pager, then add the first of them to the list again with listOperation
 * (ISMEMBEROFLIST checks membership without changing anything).
 *
 *   list_members "Trade Show" [saved-stream-position]
 *
 * Configuration comes from the environment: MARKETO_SOAP_ENDPOINT, MARKETO_USER_ID,
 * MARKETO_ENCRYPTION_KEY. The position of the next page is printed to stderr after each page, so
 * an interrupted run can be resumed by passing it as the second argument.
 * Exit status: 0 on success, 1 on any error. */
#include <mktows/mktows.h>
#include <mktows/build.h>
#include <mktows/ops.h>
#include <mktows/paging.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: list_members LIST_NAME [STREAM_POSITION]\n");
        return 1;
    }
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = getenv("MARKETO_SOAP_ENDPOINT");
    opts.user_id = getenv("MARKETO_USER_ID");
    opts.encryption_key = getenv("MARKETO_ENCRYPTION_KEY");
    mktows_client *client = NULL;
    mktows_code rc = mktows_client_new(&opts, &client);
    if (rc != MKTOWS_OK) {
        fprintf(stderr, "list_members: cannot create the client: %s\n", mktows_strerror(rc));
        return 1;
    }

    mktows_lead_selector sel;
    int batch = 100;
    struct mkt__ParamsGetMultipleLeads params = { .leadSelector = mktows_lead_selector_init_list_name(&sel, argv[1]),
                                                  .batchSize = &batch };
    mktows_pager *pager = NULL;
    if ((rc = mktows_get_multiple_leads_pager(client, &params, &pager)) == MKTOWS_OK && argc == 3)
        rc = mktows_pager_set_position(pager, argv[2]);
    int first_id = 0;
    struct mkt__SuccessGetMultipleLeads *page = NULL;
    while (rc == MKTOWS_OK && (rc = mktows_get_multiple_leads_next(pager, &page)) == MKTOWS_OK && page) {
        const struct mkt__ArrayOfLeadRecord *leads = page->result->leadRecordList;
        for (int i = 0; leads && i < leads->__sizeleadRecord; i++) {
            const struct mkt__LeadRecord *lead = &leads->leadRecord[i];
            int id = lead->Id ? *lead->Id : 0;
            if (!first_id)
                first_id = id;
            printf("%d\t%s\n", id, lead->Email ? lead->Email : "");
        }
        if (mktows_pager_position(pager))
            fprintf(stderr, "next position: %s\n", mktows_pager_position(pager));
    }
    mktows_pager_free(pager);

    if (rc == MKTOWS_OK && first_id) {
        char id_text[16];
        snprintf(id_text, sizeof id_text, "%d", first_id);
        struct mkt__ListKey list;
        struct mkt__LeadKey key;
        struct mkt__ArrayOfLeadKey members;
        struct mkt__ParamsListOperation check = {
            .listOperation = mkt__ListOperationType__ISMEMBEROFLIST,
            .listKey = mktows_list_key_init(&list, mkt__ListKeyType__MKTOLISTNAME, argv[1]),
            .listMemberList = mktows_lead_key_array_init(&members, mktows_lead_key_init(&key, mkt__LeadKeyRef__IDNUM, id_text), 1) };
        struct mkt__SuccessListOperation *resp = NULL;
        if ((rc = mktows_list_operation(client, &check, &resp)) == MKTOWS_OK)
            printf("lead %d is %sa member\n", first_id, resp->result->success == xsd__boolean__true_ ? "" : "not ");
    }
    if (rc != MKTOWS_OK)
        fprintf(stderr, "list_members: %s: %s\n", mktows_strerror(rc), mktows_client_errmsg(client));
    mktows_client_free(client);
    return rc == MKTOWS_OK ? 0 : 1;
}
