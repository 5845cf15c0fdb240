/* syncLead (marketo-soap-docs/synclead.md) and getLead by IDNUM, EMAIL or COOKIE. */
#include "server.h"

#include <mktows/sign.h>

#include "soapH.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *s_nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* ---- building LeadRecord responses ---- */

static struct mkt__Attribute *s_attr(struct soap *soap, struct mkt__Attribute *a, const char *name,
                                     const char *value)
{
    const mktows_srv_field *f = mktows_srv_config_field(&mktows_srv->cfg, name);
    a->attrName = soap_strdup(soap, name);
    a->attrType = soap_strdup(soap, f ? f->type : "string");
    a->attrValue = soap_strdup(soap, value ? value : "");
    return a;
}

static int s_fill_record(struct soap *soap, const mktows_srv_lead *lead, struct mkt__LeadRecord *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->Id = soap_malloc(soap, sizeof *rec->Id);
    if (!rec->Id)
        return -1;
    *rec->Id = (int)lead->id;
    rec->Email = lead->email;
    rec->ForeignSysPersonId = lead->foreign_id;
    if (lead->foreign_type) {
        enum mkt__ForeignSysType t;
        if (soap_s2mkt__ForeignSysType(soap, lead->foreign_type, &t) == SOAP_OK) {
            rec->ForeignSysType = soap_malloc(soap, sizeof *rec->ForeignSysType);
            if (!rec->ForeignSysType)
                return -1;
            *rec->ForeignSysType = t;
        }
        soap->error = SOAP_OK;
    }
    size_t n = lead->attr_count + 4;
    struct mkt__ArrayOfAttribute *list = soap_malloc(soap, sizeof *list);
    struct mkt__Attribute *attrs = soap_malloc(soap, n * sizeof *attrs);
    if (!list || !attrs)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < lead->attr_count; i++)
        s_attr(soap, &attrs[k++], lead->attrs[i].name, lead->attrs[i].value);
    char ts[MKTOWS_TIMESTAMP_SIZE];
    if (mktows_timestamp_format(ts, (time_t)lead->created_s, 0) == MKTOWS_OK)
        s_attr(soap, &attrs[k++], "CreatedAt", ts);
    if (mktows_timestamp_format(ts, (time_t)lead->updated_s, 0) == MKTOWS_OK)
        s_attr(soap, &attrs[k++], "UpdatedAt", ts);
    s_attr(soap, &attrs[k++], "IsAnonymous", lead->anonymous ? "true" : "false");
    s_attr(soap, &attrs[k++], "LeadPartition", lead->partition);
    list->__sizeattribute = (int)k;
    list->attribute = attrs;
    rec->leadAttributeList = list;
    return 0;
}

/* ---- syncLead ---- */

static int s_integer(const char *v)
{
    if (!*v)
        return 1; /* empty clears the value */
    char *end = NULL;
    errno = 0;
    (void)strtoll(v, &end, 10);
    return errno == 0 && end != v && *end == '\0';
}

/* The partition a new lead goes to: the first assignment rule it qualifies for, else @p base. */
static const char *s_assign(const mktows_srv_config *cfg, const char *email, const mktows_srv_attr *attrs,
                            size_t n, const char *base)
{
    for (size_t r = 0; r < cfg->rule_count; r++) {
        const mktows_srv_rule *rule = &cfg->rules[r];
        const char *value = NULL;
        if (strcasecmp(rule->attr, "Email") == 0)
            value = email;
        for (size_t i = 0; i < n; i++)
            if (strcasecmp(attrs[i].name, rule->attr) == 0)
                value = attrs[i].value;
        if (value && strcmp(value, rule->value) == 0)
            return rule->partition;
    }
    return base;
}

static int s_sync_lead(struct soap *soap, struct mkt__ParamsSyncLead *in, struct mkt__SuccessSyncLead *out)
{
    const mktows_srv_config *cfg = &mktows_srv->cfg;
    if (!in || !in->leadRecord)
        return mktows_srv_fault(soap, 20104, "leadRecord is required");
    struct mkt__LeadRecord *r = in->leadRecord;

    mktows_srv_sync req;
    memset(&req, 0, sizeof req);
    if (r->Id) {
        if (*r->Id <= 0)
            return mktows_srv_fault(soap, 20103, "no lead has Id %d", *r->Id);
        req.id = *r->Id;
    }
    req.email = s_nonempty(r->Email);
    req.foreign_id = s_nonempty(r->ForeignSysPersonId);
    if (req.foreign_id && r->ForeignSysType)
        req.foreign_type = soap_mkt__ForeignSysType2s(soap, *r->ForeignSysType);
    req.cookie = s_nonempty(in->marketoCookie);
    if (!req.id && !req.email && !req.foreign_id && !req.cookie)
        return mktows_srv_fault(soap, 20101, "one of Id, Email, ForeignSysPersonId (or marketoCookie) is required");

    /* Attributes: names from the field list only (20105), canonical spelling. */
    int n = r->leadAttributeList ? r->leadAttributeList->__sizeattribute : 0;
    mktows_srv_attr *attrs = NULL;
    if (n > 0) {
        attrs = soap_malloc(soap, (size_t)n * sizeof *attrs);
        if (!attrs)
            return soap->error = SOAP_EOM;
    }
    for (int i = 0; i < n; i++) {
        const struct mkt__Attribute *a = &r->leadAttributeList->attribute[i];
        if (!s_nonempty(a->attrName))
            return mktows_srv_fault(soap, 20105, "attribute %d has no attrName", i + 1);
        const mktows_srv_field *f = mktows_srv_config_field(cfg, a->attrName);
        if (!f)
            return mktows_srv_fault(soap, 20105, "unknown lead attribute '%s'", a->attrName);
        if (f->read_only)
            return mktows_srv_fault(soap, 20105, "lead attribute '%s' is read-only", f->name);
        const char *value = a->attrValue ? a->attrValue : "";
        if (strcmp(f->type, "integer") == 0 && !s_integer(value))
            return mktows_srv_fault(soap, 20106, "attribute %s must be an integer, not '%s'", f->name, value);
        attrs[i].name = f->name;
        attrs[i].value = value;
    }
    req.attrs = attrs;
    req.attr_count = (size_t)(n > 0 ? n : 0);
    if (!req.id && !req.email && !req.foreign_id) {
        /* Cookie only: Email may still come as an attribute. */
        for (size_t i = 0; i < req.attr_count; i++)
            if (strcasecmp(attrs[i].name, "Email") == 0 && *attrs[i].value)
                req.email = attrs[i].value;
    }

    /* Workspaces (the page's two rule lists) decide where new leads go and which matches are allowed. */
    struct mkt__MktowsContextHeaderInfo *ctx = soap->header ? soap->header->mkt__MktowsContextHeader : NULL;
    const char *named = ctx ? s_nonempty(ctx->targetWorkspace) : NULL;
    const mktows_srv_workspace *def = &cfg->workspaces[0];
    if (!cfg->workspaces_enabled) {
        if (named && strcasecmp(named, "Default") != 0)
            return mktows_srv_fault(soap, 20110, "workspace '%s' does not exist: workspaces are not enabled,"
                                                 " only Default exists", named);
        req.new_partition = def->primary_partition;
        req.workspace = "Default";
    } else if (named) {
        const mktows_srv_workspace *w = mktows_srv_config_workspace(cfg, named);
        if (!w)
            return mktows_srv_fault(soap, 20110, "workspace '%s' does not exist", named);
        req.workspace = w->name;
        req.require_partition = w->primary_partition;
        req.new_partition = s_assign(cfg, req.email, attrs, req.attr_count, w->primary_partition);
    } else {
        req.workspace = def->name;
        req.new_partition = s_assign(cfg, req.email, attrs, req.attr_count, def->primary_partition);
    }

    int want = in->returnLead == xsd__boolean__true_;
    mktows_srv_sync_result res;
    mktows_srv_lead lead;
    if (mktows_store_sync(mktows_srv->store, soap, &req, &res, want ? &lead : NULL))
        return mktows_srv_fault(soap, 20011, "%s", res.message);
    if (res.error)
        return mktows_srv_fault(soap, res.error, "%s", res.message);

    struct mkt__ResultSyncLead *result = soap_malloc(soap, sizeof *result);
    struct mkt__SyncStatus *status = soap_malloc(soap, sizeof *status);
    if (!result || !status)
        return soap->error = SOAP_EOM;
    memset(result, 0, sizeof *result);
    memset(status, 0, sizeof *status);
    result->leadId = (int)res.id;
    status->leadId = (int)res.id;
    status->status = res.created ? mkt__LeadSyncStatus__CREATED : mkt__LeadSyncStatus__UPDATED;
    result->syncStatus = status;
    if (want) {
        result->leadRecord = soap_malloc(soap, sizeof *result->leadRecord);
        if (!result->leadRecord || s_fill_record(soap, &lead, result->leadRecord))
            return soap->error = SOAP_EOM;
    }
    out->result = result;
    return SOAP_OK;
}

int __mkt__syncLead(struct soap *soap, struct mkt__ParamsSyncLead *in, struct mkt__SuccessSyncLead *out)
{
    int rc = mktows_srv_call_begin(soap, "syncLead");
    if (rc != SOAP_OK)
        return rc;
    rc = s_sync_lead(soap, in, out);
    mktows_srv_call_end(soap);
    return rc;
}

/* ---- getLead ---- */

static int s_get_lead(struct soap *soap, struct mkt__ParamsGetLead *in, struct mkt__SuccessGetLead *out)
{
    if (!in || !in->leadKey || !s_nonempty(in->leadKey->keyValue))
        return mktows_srv_fault(soap, 20101, "leadKey with keyType and keyValue is required");
    int kind;
    switch (in->leadKey->keyType) {
    case mkt__LeadKeyRef__IDNUM: kind = 0; break;
    case mkt__LeadKeyRef__EMAIL: kind = 1; break;
    case mkt__LeadKeyRef__COOKIE: kind = 2; break;
    default:
        return mktows_srv_fault(soap, 20102, "keyType %s is not supported by mktows-server (IDNUM, EMAIL, COOKIE are)",
                                soap_mkt__LeadKeyRef2s(soap, in->leadKey->keyType));
    }
    mktows_srv_lead *leads = NULL;
    size_t count = 0;
    char err[256];
    if (mktows_store_find(mktows_srv->store, soap, kind, in->leadKey->keyValue, &leads, &count, err, sizeof err))
        return mktows_srv_fault(soap, 20011, "%s", err);
    if (count == 0)
        return mktows_srv_fault(soap, 20103, "no lead matches %s %s",
                                soap_mkt__LeadKeyRef2s(soap, in->leadKey->keyType), in->leadKey->keyValue);
    struct mkt__ResultGetLead *result = soap_malloc(soap, sizeof *result);
    struct mkt__ArrayOfLeadRecord *list = soap_malloc(soap, sizeof *list);
    struct mkt__LeadRecord *recs = soap_malloc(soap, count * sizeof *recs);
    if (!result || !list || !recs)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < count; i++)
        if (s_fill_record(soap, &leads[i], &recs[i]))
            return soap->error = SOAP_EOM;
    list->__sizeleadRecord = (int)count;
    list->leadRecord = recs;
    result->count = (int)count;
    result->leadRecordList = list;
    out->result = result;
    return SOAP_OK;
}

int __mkt__getLead(struct soap *soap, struct mkt__ParamsGetLead *in, struct mkt__SuccessGetLead *out)
{
    int rc = mktows_srv_call_begin(soap, "getLead");
    if (rc != SOAP_OK)
        return rc;
    rc = s_get_lead(soap, in, out);
    mktows_srv_call_end(soap);
    return rc;
}
