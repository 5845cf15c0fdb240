/* LeadRecord in both directions: a stored lead as a response LeadRecord, and a request LeadRecord
 * checked and turned into a store sync (syncLead, syncMultipleLeads, importToList). */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "ops.h"

#include <mktows/sign.h>

#include "soapH.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *s_nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static void s_attr(struct soap *soap, struct mkt__Attribute *a, const char *name, const char *value)
{
    const mktows_srv_field *f = mktows_srv_config_field(&mktows_srv_of(soap)->cfg, name);
    a->attrName = soap_strdup(soap, name);
    a->attrType = soap_strdup(soap, f ? f->type : "string");
    a->attrValue = soap_strdup(soap, value ? value : "");
}

int mktows_srv_fill_record(struct soap *soap, const mktows_srv_lead *lead, struct mkt__LeadRecord *rec,
                           const struct mkt__ArrayOfString *include)
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
        if (mktows_srv_wanted(include, lead->attrs[i].name))
            s_attr(soap, &attrs[k++], lead->attrs[i].name, lead->attrs[i].value);
    char ts[MKTOWS_TIMESTAMP_SIZE];
    if (mktows_srv_wanted(include, "CreatedAt") && mktows_timestamp_format((time_t)lead->created_s, 0, ts) == MKTOWS_OK)
        s_attr(soap, &attrs[k++], "CreatedAt", ts);
    if (mktows_srv_wanted(include, "UpdatedAt") && mktows_timestamp_format((time_t)lead->updated_s, 0, ts) == MKTOWS_OK)
        s_attr(soap, &attrs[k++], "UpdatedAt", ts);
    if (mktows_srv_wanted(include, "IsAnonymous"))
        s_attr(soap, &attrs[k++], "IsAnonymous", lead->anonymous ? "true" : "false");
    if (mktows_srv_wanted(include, "LeadPartition"))
        s_attr(soap, &attrs[k++], "LeadPartition", lead->partition);
    list->__sizeattribute = (int)k;
    list->attribute = attrs;
    rec->leadAttributeList = list;
    return 0;
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

static int s_fail(char *msg, size_t len, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int s_fail(char *msg, size_t len, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, len, fmt, ap);
    va_end(ap);
    return code;
}

int mktows_srv_sync_prepare(struct soap *soap, const struct mkt__LeadRecord *r, const char *cookie,
                            mktows_srv_sync *req, char *msg, size_t msg_len)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    memset(req, 0, sizeof *req);
    if (!r)
        return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_DETAIL_REQUIRED, "leadRecord is required");
    if (r->Id) {
        if (*r->Id <= 0)
            return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_NOT_FOUND, "no lead has Id %d", *r->Id);
        req->id = *r->Id;
    }
    req->email = s_nonempty(r->Email);
    req->foreign_id = s_nonempty(r->ForeignSysPersonId);
    if (req->foreign_id && r->ForeignSysType)
        req->foreign_type = soap_mkt__ForeignSysType2s(soap, *r->ForeignSysType);
    req->cookie = s_nonempty(cookie);
    if (!req->id && !req->email && !req->foreign_id && !req->cookie)
        return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_KEY_REQUIRED,
                      "one of Id, Email, ForeignSysPersonId (or marketoCookie) is required");

    /* Attributes: names from the field list only (20105), canonical spelling. */
    int n = r->leadAttributeList ? r->leadAttributeList->__sizeattribute : 0;
    mktows_srv_attr *attrs = NULL;
    if (n > 0) {
        attrs = soap_malloc(soap, (size_t)n * sizeof *attrs);
        if (!attrs)
            return s_fail(msg, msg_len, MKTOWS_MKTO_INTERNAL, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        const struct mkt__Attribute *a = &r->leadAttributeList->attribute[i];
        if (!s_nonempty(a->attrName))
            return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD, "attribute %d has no attrName", i + 1);
        const mktows_srv_field *f = mktows_srv_config_field(cfg, a->attrName);
        if (!f)
            return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD, "unknown lead attribute '%s'", a->attrName);
        if (f->read_only)
            return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD, "lead attribute '%s' is read-only", f->name);
        const char *value = a->attrValue ? a->attrValue : "";
        if (strcmp(f->type, "integer") == 0 && !mktows_srv_is_integer(value))
            return s_fail(msg, msg_len, MKTOWS_MKTO_LEAD_SYNC_FAILED,
                          "attribute %s must be an integer, not '%s'", f->name, value);
        attrs[i].name = f->name;
        attrs[i].value = value;
    }
    req->attrs = attrs;
    req->attr_count = (size_t)(n > 0 ? n : 0);
    if (!req->id && !req->email && !req->foreign_id) {
        /* Cookie only: Email may still come as an attribute. */
        for (size_t i = 0; i < req->attr_count; i++)
            if (strcasecmp(attrs[i].name, "Email") == 0 && *attrs[i].value)
                req->email = attrs[i].value;
    }

    /* Workspaces (the syncLead page's two rule lists) decide where new leads go and which matches
     * are allowed. */
    struct mkt__MktowsContextHeaderInfo *ctx = soap->header ? soap->header->mkt__MktowsContextHeader : NULL;
    const char *named = ctx ? s_nonempty(ctx->targetWorkspace) : NULL;
    const mktows_srv_workspace *def = &cfg->workspaces[0];
    if (!cfg->workspaces_enabled) {
        if (named && strcasecmp(named, "Default") != 0)
            return s_fail(msg, msg_len, MKTOWS_MKTO_BAD_PARAMETER,
                          "workspace '%s' does not exist: workspaces are not enabled,"
                                               " only Default exists", named);
        req->new_partition = def->primary_partition;
        req->workspace = "Default";
    } else if (named) {
        const mktows_srv_workspace *w = mktows_srv_config_workspace(cfg, named);
        if (!w)
            return s_fail(msg, msg_len, MKTOWS_MKTO_BAD_PARAMETER, "workspace '%s' does not exist", named);
        req->workspace = w->name;
        req->require_partition = w->primary_partition;
        req->new_partition = s_assign(cfg, req->email, attrs, req->attr_count, w->primary_partition);
    } else {
        req->workspace = def->name;
        req->new_partition = s_assign(cfg, req->email, attrs, req->attr_count, def->primary_partition);
    }
    return 0;
}
