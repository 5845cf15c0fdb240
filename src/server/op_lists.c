/* listOperation: ADDTOLIST, ISMEMBEROFLIST, REMOVEFROMLIST on a configured static list. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <string.h>

#define MKTOWS_SRV_MAX_LIST_MEMBERS 1000

static int s_list_operation(struct soap *soap, struct mkt__ParamsListOperation *in,
                            struct mkt__SuccessListOperation *out)
{
    if (!in->listKey || !in->listKey->keyValue || !*in->listKey->keyValue)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "listKey with keyType and keyValue is required");
    if (in->listKey->keyType != mkt__ListKeyType__MKTOLISTNAME)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "listKey keyType %s is not supported (MKTOLISTNAME is)",
                                soap_mkt__ListKeyType2s(soap, in->listKey->keyType));
    const mktows_srv_list *list = mktows_srv_config_list(&mktows_srv_of(soap)->cfg, in->listKey->keyValue, 0);
    if (!list)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LIST_NOT_FOUND, "no static list named '%s'", in->listKey->keyValue);
    if (!in->listMemberList || in->listMemberList->__sizeleadKey <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "listMemberList needs at least one leadKey");
    int n = in->listMemberList->__sizeleadKey;
    if (n > MKTOWS_SRV_MAX_LIST_MEMBERS)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "%d leads: at most %d per call", n, MKTOWS_SRV_MAX_LIST_MEMBERS);
    int strict = in->strict && *in->strict == xsd__boolean__true_;
    mktows_srv_list_op op = in->listOperation == mkt__ListOperationType__ADDTOLIST ? MKTOWS_SRV_LIST_ADD
                            : in->listOperation == mkt__ListOperationType__ISMEMBEROFLIST ? MKTOWS_SRV_LIST_IS_MEMBER
                                                                                          : MKTOWS_SRV_LIST_REMOVE;

    long long *ids = MKTOWS_SRV_NEW(soap, long long, n);
    int *status = MKTOWS_SRV_NEW(soap, int, n);
    if (!ids || !status)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < n; i++) {
        const struct mkt__LeadKey *k = &in->listMemberList->leadKey[i];
        int rc = mktows_srv_lead_key_id(soap, k, i, &ids[i]);
        if (rc != SOAP_OK)
            return rc;
        if (!ids[i] && strict)
            return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_NOT_FOUND, "strict: no lead matches %s %s",
                                    soap_mkt__LeadKeyRef2s(soap, k->keyType), k->keyValue);
    }
    char err[256];
    if (strict && op == MKTOWS_SRV_LIST_REMOVE) {
        /* strict removal: every lead must be a member, or nothing happens */
        if (mktows_store_list_apply(mktows_srv_of(soap)->store, list, MKTOWS_SRV_LIST_IS_MEMBER, ids, (size_t)n,
                                    status, err, sizeof err))
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
        for (int i = 0; i < n; i++)
            if (!status[i])
                return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "strict: lead %s is not a member of list %s",
                                        in->listMemberList->leadKey[i].keyValue, list->name);
    }
    if (mktows_store_list_apply(mktows_srv_of(soap)->store, list, op, ids, (size_t)n, status, err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);

    struct mkt__ResultListOperation *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultListOperation, 1);
    struct mkt__ArrayOfLeadStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfLeadStatus, 1);
    struct mkt__LeadStatus *st = MKTOWS_SRV_NEW(soap, struct mkt__LeadStatus, n);
    if (!res || !arr || !st)
        return soap->error = SOAP_EOM;
    int all = 1;
    for (int i = 0; i < n; i++) {
        st[i].leadKey = &in->listMemberList->leadKey[i];
        st[i].status = status[i] ? xsd__boolean__true_ : xsd__boolean__false_;
        all &= status[i];
    }
    arr->__sizeleadStatus = n;
    arr->leadStatus = st;
    res->success = all ? xsd__boolean__true_ : xsd__boolean__false_;
    res->statusList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(listOperation, mkt__ParamsListOperation, mkt__SuccessListOperation, s_list_operation)
