/* syncLead: validate, build mkt__ParamsSyncLead, call, copy the result out (caller-owned). */
#include "private/client.h"
#include "mktows_writer.h"
#include "mktows_reader.h"
#include "private/errbuf.h"

#include <mktows/sync_lead.h>

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private/sync_lead.h"

const char *mktows_sync_status_name(mktows_sync_status status)
{
    switch (status) {
    case MKTOWS_SYNC_CREATED: return "CREATED";
    case MKTOWS_SYNC_UPDATED: return "UPDATED";
    case MKTOWS_SYNC_FAILED: return "FAILED";
    }
    return "UNKNOWN";
}

/* A request that breaks a rule of the syncLead page: MKTOWS_ERR_VALIDATION with the reason. */
#define S_INVALID(errbuf, errbuf_len, ...) mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, (errbuf), (errbuf_len), __VA_ARGS__)

static int s_foreign_sys_type(const char *s, enum mkt__ForeignSysType *out)
{
    if (strcmp(s, "CUSTOM") == 0)
        *out = mkt__ForeignSysType__CUSTOM;
    else if (strcmp(s, "SFDC") == 0)
        *out = mkt__ForeignSysType__SFDC;
    else if (strcmp(s, "NETSUITE") == 0)
        *out = mkt__ForeignSysType__NETSUITE;
    else
        return -1;
    return 0;
}

mktows_code mktows_sync_lead_validate(const mktows_sync_lead_request *req, char *errbuf, size_t errbuf_len)
{
    enum mkt__ForeignSysType fst;
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    if (!req)
        return S_INVALID(errbuf, errbuf_len, "the request is NULL");
    if (req->version != MKTOWS_SYNC_LEAD_REQUEST_VERSION)
        return S_INVALID(errbuf, errbuf_len, "unsupported request version %d (expected %d)", req->version,
                         MKTOWS_SYNC_LEAD_REQUEST_VERSION);
    if (req->id < 0)
        return S_INVALID(errbuf, errbuf_len, "Id must be a positive lead id (got %d)", req->id);
    if (req->email && !*req->email)
        return S_INVALID(errbuf, errbuf_len, "Email must not be empty (leave it NULL to not send it)");
    if (req->foreign_sys_person_id && !*req->foreign_sys_person_id)
        return S_INVALID(errbuf, errbuf_len,
                         "ForeignSysPersonId must not be empty (leave it NULL to not send it)");
    if (req->id == 0 && !req->email && !req->foreign_sys_person_id)
        return S_INVALID(errbuf, errbuf_len, "one of Id, Email or ForeignSysPersonId is required");
    /* syncLead page, request table: foreignSysType is "Optional - Only required when foreignSysPersonId
     * is present"; without a foreign id it means nothing, so it is refused there too. */
    if (req->foreign_sys_type) {
        if (s_foreign_sys_type(req->foreign_sys_type, &fst) != 0)
            return S_INVALID(errbuf, errbuf_len, "ForeignSysType must be CUSTOM, SFDC or NETSUITE (got \"%s\")",
                             req->foreign_sys_type);
        if (!req->foreign_sys_person_id)
            return S_INVALID(errbuf, errbuf_len, "ForeignSysType is only allowed with ForeignSysPersonId");
    } else if (req->foreign_sys_person_id) {
        return S_INVALID(errbuf, errbuf_len,
                         "ForeignSysType (CUSTOM, SFDC or NETSUITE) is required with ForeignSysPersonId");
    }
    if (req->marketo_cookie && !*req->marketo_cookie)
        return S_INVALID(errbuf, errbuf_len, "marketoCookie must not be empty (leave it NULL to not send it)");
    if (req->attr_count && !req->attrs)
        return S_INVALID(errbuf, errbuf_len, "attrs is NULL but attr_count is %zu", req->attr_count);
    if (req->attr_count > (size_t)INT_MAX)
        return S_INVALID(errbuf, errbuf_len, "too many attributes (%zu)", req->attr_count);
    for (size_t i = 0; i < req->attr_count; i++) {
        const mktows_lead_attribute *a = &req->attrs[i];
        if (!a->name || !*a->name)
            return S_INVALID(errbuf, errbuf_len, "attribute %zu: attrName is required (non-empty)", i);
        if (!a->value)
            return S_INVALID(errbuf, errbuf_len, "attribute %zu (%s): attrValue is required (non-NULL)", i,
                             a->name);
    }
    return MKTOWS_OK;
}

/* Fill @p params from a validated @p req, allocating in @p soap; strings are borrowed from @p req. */
static mktows_code s_build(struct soap *soap, const mktows_sync_lead_request *req,
                           struct mkt__ParamsSyncLead *params)
{
    soap_default_mkt__ParamsSyncLead(soap, params);
    struct mkt__LeadRecord *lead = soap_new_mkt__LeadRecord(soap, -1);
    if (!lead)
        return MKTOWS_ERR_NO_MEMORY;
    if (req->id) {
        if (!(lead->Id = soap_malloc(soap, sizeof *lead->Id)))
            return MKTOWS_ERR_NO_MEMORY;
        *lead->Id = req->id;
    }
    /* The serializer only reads: the caller's strings are borrowed for the call. */
    lead->Email = (char *)req->email;
    lead->ForeignSysPersonId = (char *)req->foreign_sys_person_id;
    if (req->foreign_sys_type) {
        if (!(lead->ForeignSysType = soap_malloc(soap, sizeof *lead->ForeignSysType)))
            return MKTOWS_ERR_NO_MEMORY;
        if (s_foreign_sys_type(req->foreign_sys_type, lead->ForeignSysType) != 0)
            return MKTOWS_ERR_VALIDATION;
    }
    if (req->attr_count) {
        struct mkt__ArrayOfAttribute *list = soap_new_mkt__ArrayOfAttribute(soap, -1);
        struct mkt__Attribute *attrs = soap_new_mkt__Attribute(soap, (int)req->attr_count);
        if (!list || !attrs)
            return MKTOWS_ERR_NO_MEMORY;
        for (size_t i = 0; i < req->attr_count; i++) {
            attrs[i].attrName = (char *)req->attrs[i].name;
            attrs[i].attrValue = (char *)req->attrs[i].value;
            attrs[i].attrType = (char *)req->attrs[i].type;
        }
        list->__sizeattribute = (int)req->attr_count;
        list->attribute = attrs;
        lead->leadAttributeList = list;
    }
    params->leadRecord = lead;
    params->returnLead = req->return_lead ? xsd__boolean__true_ : xsd__boolean__false_;
    params->marketoCookie = (char *)req->marketo_cookie;
    return MKTOWS_OK;
}

static int s_dup(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

static mktows_code s_copy_lead(struct soap *soap, const struct mkt__LeadRecord *in, mktows_lead **out)
{
    mktows_lead *lead = calloc(1, sizeof *lead);
    *out = lead;
    if (!lead)
        return MKTOWS_ERR_NO_MEMORY;
    lead->id = in->Id ? *in->Id : 0;
    if (s_dup(&lead->email, in->Email) || s_dup(&lead->foreign_sys_person_id, in->ForeignSysPersonId) ||
        s_dup(&lead->foreign_sys_type,
              in->ForeignSysType ? soap_mkt__ForeignSysType2s(soap, *in->ForeignSysType) : NULL))
        return MKTOWS_ERR_NO_MEMORY;
    if (in->leadAttributeList && in->leadAttributeList->__sizeattribute > 0 && in->leadAttributeList->attribute) {
        size_t n = (size_t)in->leadAttributeList->__sizeattribute;
        lead->attrs = calloc(n, sizeof *lead->attrs);
        if (!lead->attrs)
            return MKTOWS_ERR_NO_MEMORY;
        lead->attr_count = n;
        for (size_t i = 0; i < n; i++) {
            const struct mkt__Attribute *a = &in->leadAttributeList->attribute[i];
            char *name = NULL, *value = NULL, *type = NULL;
            int bad = s_dup(&name, a->attrName) | s_dup(&value, a->attrValue) | s_dup(&type, a->attrType);
            lead->attrs[i].name = name;
            lead->attrs[i].value = value;
            lead->attrs[i].type = type;
            if (bad)
                return MKTOWS_ERR_NO_MEMORY;
        }
    }
    return MKTOWS_OK;
}

static mktows_code s_copy_result(mktows_client *client, const struct mkt__SuccessSyncLead *resp,
                                 mktows_sync_lead_result **out)
{
    const struct mkt__ResultSyncLead *r = resp->result;
    if (!r || !r->syncStatus)
        return mktows_client_fail_(client, MKTOWS_ERR_PARSE, "successSyncLead without result/syncStatus");
    mktows_sync_lead_result *res = calloc(1, sizeof *res);
    if (!res)
        return mktows_client_fail_(client, MKTOWS_ERR_NO_MEMORY, "out of memory copying the result");
    res->lead_id = r->leadId;
    switch (r->syncStatus->status) {
    case mkt__LeadSyncStatus__CREATED: res->status = MKTOWS_SYNC_CREATED; break;
    case mkt__LeadSyncStatus__UPDATED: res->status = MKTOWS_SYNC_UPDATED; break;
    case mkt__LeadSyncStatus__FAILED: res->status = MKTOWS_SYNC_FAILED; break;
    }
    mktows_code rc = MKTOWS_OK;
    if (s_dup(&res->error, r->syncStatus->error))
        rc = MKTOWS_ERR_NO_MEMORY;
    if (rc == MKTOWS_OK && r->leadRecord)
        rc = s_copy_lead(client->soap, r->leadRecord, &res->lead);
    if (rc != MKTOWS_OK) {
        mktows_sync_lead_result_free(res);
        return mktows_client_fail_(client, rc, "out of memory copying the result");
    }
    *out = res;
    return MKTOWS_OK;
}

mktows_code mktows_sync_lead_prepare_(mktows_client *client, const mktows_sync_lead_request *req,
                                      struct soap **soap, struct mkt__ParamsSyncLead *params)
{
    mktows_code rc = mktows_sync_lead_validate(req, client->errmsg, sizeof client->errmsg);
    if (rc != MKTOWS_OK) {
        char reason[sizeof client->errmsg];
        memcpy(reason, client->errmsg, sizeof reason);
        mktows_client_release(client);
        mktows_client_clear_error_(client);
        mktows_trace_forget_(client); /* a rejected request has no response: forget the last one */
        return mktows_client_fail_(client, rc, "invalid syncLead request: %s", reason);
    }
    if ((rc = mktows_client_begin(client, "syncLead", soap)) != MKTOWS_OK)
        return rc;
    if ((rc = s_build(*soap, req, params)) != MKTOWS_OK) {
        client->in_call = 0;
        mktows_client_release(client);
        return mktows_client_fail_(client, rc, "cannot build the syncLead request");
    }
    return MKTOWS_OK;
}

mktows_code mktows_sync_lead(mktows_client *client, const mktows_sync_lead_request *req,
                             mktows_sync_lead_result **out)
{
    assert(client);
    assert(out);
    *out = NULL;
    struct soap *soap = NULL;
    struct mkt__ParamsSyncLead params;
    mktows_code rc = mktows_sync_lead_prepare_(client, req, &soap, &params);
    if (rc != MKTOWS_OK)
        return rc;
    struct mkt__SuccessSyncLead resp;
    soap_default_mkt__SuccessSyncLead(soap, &resp);
    int status = MKTOWS_EXCHANGE(client, soap, syncLead, sync_lead_raw, &params, &resp);
    rc = mktows_client_finish(client, status);
    if (rc == MKTOWS_OK)
        rc = s_copy_result(client, &resp, out);
    mktows_client_release(client);
    return rc;
}

void mktows_sync_lead_result_free(mktows_sync_lead_result *result)
{
    if (!result)
        return;
    if (result->lead) {
        mktows_lead *lead = result->lead;
        free(lead->email);
        free(lead->foreign_sys_person_id);
        free(lead->foreign_sys_type);
        for (size_t i = 0; i < lead->attr_count; i++) {
            free((char *)lead->attrs[i].name);
            free((char *)lead->attrs[i].value);
            free((char *)lead->attrs[i].type);
        }
        free(lead->attrs);
        free(lead);
    }
    free(result->error);
    free(result);
}
