/* syncMObjects (Opportunity, OpportunityPersonRole; Program Cost and Tag items) and deleteMObjects. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MKTOWS_SRV_MAX_MOBJ_SYNC 300

static void s_status(struct mkt__MObjStatus *st, struct soap *soap, const struct mkt__MObject *m, long long id,
                     enum mkt__MObjStatusEnum status, const char *error)
{
    st->id = MKTOWS_SRV_NEW(soap, int, 1);
    if (st->id)
        *st->id = (int)(id ? id : m->id ? *m->id : 0);
    st->externalKey = m->externalKey;
    st->status = status;
    st->error = error ? soap_strdup(soap, error) : NULL;
}

/* Program: UPDATE only, Cost and Tag items for a configured program. */
static void s_sync_program(struct soap *soap, const struct mkt__MObject *m, enum mkt__SyncOperationEnum op,
                           struct mkt__MObjStatus *st)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    const mktows_srv_program *p = m->id ? mktows_srv_config_program(cfg, NULL, *m->id) : NULL;
    if (op != mkt__SyncOperationEnum__UPDATE)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "Program can only be synced with UPDATE");
    if (!p)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "no program has this id");
    if (!m->typeAttribList || m->typeAttribList->__sizetypeAttrib <= 0)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__UNCHANGED, NULL);
    for (int i = 0; i < m->typeAttribList->__sizetypeAttrib; i++) {
        const struct mkt__TypeAttrib *ta = &m->typeAttribList->typeAttrib[i];
        const char *kind = ta->attrType ? ta->attrType : "";
        const char *need[2] = { NULL, NULL };
        if (!strcasecmp(kind, "Cost")) {
            need[0] = "Month";
            need[1] = "Amount";
        } else if (!strcasecmp(kind, "Tag")) {
            need[0] = "Type";
            need[1] = "Value";
        } else {
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "typeAttrib attrType must be Cost or Tag");
        }
        const char *vals[2] = { NULL, NULL };
        for (int k = 0; ta->attrList && k < ta->attrList->__sizeattrib; k++)
            for (int j = 0; j < 2; j++)
                if (ta->attrList->attrib[k].name && !strcasecmp(ta->attrList->attrib[k].name, need[j]))
                    vals[j] = ta->attrList->attrib[k].value;
        for (int j = 0; j < 2; j++)
            if (!vals[j] || !*vals[j]) {
                char msg[96];
                snprintf(msg, sizeof msg, "%s needs %s", kind, need[j]);
                return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, msg);
            }
        if (!strcasecmp(kind, "Tag")) {
            int known = 0;
            for (size_t t = 0; t < cfg->tag_count && !known; t++)
                if (!strcasecmp(cfg->tags[t].type, vals[0]))
                    for (size_t v = 0; v < cfg->tags[t].value_count; v++)
                        known |= !strcasecmp(cfg->tags[t].values[v], vals[1]);
            for (size_t c = 0; c < cfg->channel_count && !strcasecmp(vals[0], "Channel"); c++)
                known |= !strcasecmp(cfg->channels[c].name, vals[1]);
            if (!known)
                return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED,
                                "tags and channels must already be defined (getTags / getChannels)");
        }
    }
    for (int i = 0; i < m->typeAttribList->__sizetypeAttrib; i++) {
        const struct mkt__TypeAttrib *ta = &m->typeAttribList->typeAttrib[i];
        int n = ta->attrList ? ta->attrList->__sizeattrib : 0;
        mktows_srv_attr *a = MKTOWS_SRV_NEW(soap, mktows_srv_attr, n);
        for (int k = 0; a && k < n; k++) {
            a[k].name = ta->attrList->attrib[k].name ? ta->attrList->attrib[k].name : "";
            a[k].value = ta->attrList->attrib[k].value;
        }
        if (!a || mktows_store_program_item(mktows_srv_of(soap)->store, p->id,
                                            strcasecmp(ta->attrType, "Cost") ? "Tag" : "Cost", a, (size_t)n))
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "database failure");
    }
    s_status(st, soap, m, p->id, mkt__MObjStatusEnum__UPDATED, NULL);
}

static void s_sync_one(struct soap *soap, const struct mkt__MObject *m, enum mkt__SyncOperationEnum op,
                       struct mkt__MObjStatus *st)
{
    const char *type = mktows_srv_mobj_canonical(m->type);
    if (!type)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED,
                        "type must be Opportunity, OpportunityPersonRole or Program");
    if (!strcmp(type, "Program"))
        return s_sync_program(soap, m, op, st);
    int na = m->attribList ? m->attribList->__sizeattrib : 0;
    int nas = m->associationList ? m->associationList->__sizemObjAssociation : 0;
    mktows_srv_attr *attrs = MKTOWS_SRV_NEW(soap, mktows_srv_attr, na + nas);
    if (!attrs)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "out of memory");
    char msg[256];
    for (int i = 0; i < na; i++) {
        int ro = 0;
        const char *f = mktows_srv_mobj_field(type, m->attribList->attrib[i].name, &ro);
        if (!f || ro) {
            snprintf(msg, sizeof msg, "'%s' is not a writable field of %s",
                     m->attribList->attrib[i].name ? m->attribList->attrib[i].name : "", type);
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, msg);
        }
        attrs[i].name = f;
        attrs[i].value = m->attribList->attrib[i].value ? m->attribList->attrib[i].value : "";
    }
    /* associations become the link fields */
    for (int i = 0; i < nas; i++) {
        const struct mkt__MObjAssociation *a = &m->associationList->mObjAssociation[i];
        const char *t = a->mObjType ? a->mObjType : "";
        const char *field = !strcmp(type, "Opportunity") && !strcasecmp(t, "Company") ? "CompanyId"
                            : !strcmp(type, "OpportunityPersonRole") && (!strcasecmp(t, "Lead") || !strcasecmp(t, "Person"))
                                ? "PersonId"
                            : !strcmp(type, "OpportunityPersonRole") && !strcasecmp(t, "Opportunity") ? "OpportunityId"
                                                                                                       : NULL;
        if (!field)
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "unsupported mObjAssociation");
        long long id = a->id ? *a->id : 0;
        if (!id && a->externalKey && !strcmp(field, "OpportunityId")) {
            mktows_srv_mobj opp;
            if (mktows_store_mobj_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), "Opportunity", 0,
                                       a->externalKey->name, a->externalKey->value, &opp) == 1)
                id = opp.id;
        }
        if (!id)
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "mObjAssociation names no object");
        snprintf(msg, sizeof msg, "%lld", id);
        attrs[na + i].name = field;
        attrs[na + i].value = soap_strdup(soap, msg);
    }
    /* the object to update: by id, else by external key */
    mktows_srv_mobj cur;
    int found = 0;
    if (m->id)
        found = mktows_store_mobj_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), type, *m->id, NULL, NULL,
                                       &cur);
    else if (m->externalKey && m->externalKey->name)
        found = mktows_store_mobj_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), type, 0,
                                       m->externalKey->name, m->externalKey->value, &cur);
    if (found < 0)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "database failure");
    if (op == mkt__SyncOperationEnum__INSERT && found)
        return s_status(st, soap, m, cur.id, mkt__MObjStatusEnum__SKIPPED, NULL);
    if (op == mkt__SyncOperationEnum__UPDATE && !found)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__SKIPPED, NULL);
    if (!found && m->id && op == mkt__SyncOperationEnum__UPSERT)
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "no object has this id");
    if (!strcmp(type, "OpportunityPersonRole")) {
        /* both links are required and must exist */
        const char *opp = found ? mktows_srv_mobj_attr(&cur, "OpportunityId") : NULL, *person = found ? mktows_srv_mobj_attr(&cur, "PersonId") : NULL;
        for (int i = 0; i < na + nas; i++) {
            if (!strcmp(attrs[i].name, "OpportunityId"))
                opp = attrs[i].value;
            if (!strcmp(attrs[i].name, "PersonId"))
                person = attrs[i].value;
        }
        mktows_srv_mobj o;
        if (!opp || !person || !*opp || !*person)
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "OpportunityId and PersonId are required");
        if (mktows_store_mobj_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), "Opportunity", atoll(opp), NULL,
                                   NULL, &o) != 1)
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "no Opportunity has this OpportunityId");
        if (mktows_store_lead_exists(mktows_srv_of(soap)->store, atoll(person)) != 1)
            return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "no lead has this PersonId");
    }
    long long id = 0;
    const char *en = m->externalKey ? m->externalKey->name : NULL, *ev = m->externalKey ? m->externalKey->value : NULL;
    if (mktows_store_mobj_put(mktows_srv_of(soap)->store, found ? cur.id : 0, type, en, ev, attrs, (size_t)(na + nas),
                              &id))
        return s_status(st, soap, m, 0, mkt__MObjStatusEnum__FAILED, "database failure");
    s_status(st, soap, m, id, found ? mkt__MObjStatusEnum__UPDATED : mkt__MObjStatusEnum__CREATED, NULL);
}

static int s_statuses(struct soap *soap, const struct mkt__ArrayOfMObject *list, struct mkt__MObjStatus **st, int *n)
{
    if (!list || list->__sizemObject <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "mObjectList needs at least one mObject");
    *n = list->__sizemObject;
    if (*n > MKTOWS_SRV_MAX_MOBJ_SYNC)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "%d objects: at most %d per call", *n, MKTOWS_SRV_MAX_MOBJ_SYNC);
    *st = MKTOWS_SRV_NEW(soap, struct mkt__MObjStatus, *n);
    return *st ? SOAP_OK : (soap->error = SOAP_EOM);
}

static int s_sync(struct soap *soap, struct mkt__ParamsSyncMObjects *in, struct mkt__SuccessSyncMObjects *out)
{
    struct mkt__MObjStatus *st = NULL;
    int n = 0, rc = s_statuses(soap, in->mObjectList, &st, &n);
    if (rc != SOAP_OK)
        return rc;
    for (int i = 0; i < n; i++)
        s_sync_one(soap, &in->mObjectList->mObject[i], in->operation, &st[i]);
    out->result = MKTOWS_SRV_NEW(soap, struct mkt__ResultSyncMObjects, 1);
    struct mkt__ArrayOfMObjStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfMObjStatus, 1);
    if (!out->result || !arr)
        return soap->error = SOAP_EOM;
    arr->__sizemObjStatus = n;
    arr->mObjStatus = st;
    out->result->mObjStatusList = arr;
    return SOAP_OK;
}

MKTOWS_SRV_OP(syncMObjects, mkt__ParamsSyncMObjects, mkt__SuccessSyncMObjects, s_sync)

static int s_delete(struct soap *soap, struct mkt__ParamsDeleteMObjects *in, struct mkt__SuccessDeleteMObjects *out)
{
    struct mkt__MObjStatus *st = NULL;
    int n = 0, rc = s_statuses(soap, in->mObjectList, &st, &n);
    if (rc != SOAP_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        const struct mkt__MObject *m = &in->mObjectList->mObject[i];
        const char *type = mktows_srv_mobj_canonical(m->type);
        if (!type || !strcmp(type, "Program")) {
            s_status(&st[i], soap, m, 0, mkt__MObjStatusEnum__FAILED,
                     "only Opportunity and OpportunityPersonRole objects can be deleted");
            continue;
        }
        if (!m->id) {
            s_status(&st[i], soap, m, 0, mkt__MObjStatusEnum__FAILED, "id is required");
            continue;
        }
        int r = mktows_store_mobj_delete(mktows_srv_of(soap)->store, type, *m->id);
        if (r < 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure deleting an MObject");
        s_status(&st[i], soap, m, 0, r ? mkt__MObjStatusEnum__DELETED : mkt__MObjStatusEnum__UNCHANGED,
                 r ? NULL : "no such object");
    }
    out->result = MKTOWS_SRV_NEW(soap, struct mkt__ResultDeleteMObjects, 1);
    struct mkt__ArrayOfMObjStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfMObjStatus, 1);
    if (!out->result || !arr)
        return soap->error = SOAP_EOM;
    arr->__sizemObjStatus = n;
    arr->mObjStatus = st;
    out->result->mObjStatusList = arr;
    return SOAP_OK;
}

MKTOWS_SRV_OP(deleteMObjects, mkt__ParamsDeleteMObjects, mkt__SuccessDeleteMObjects, s_delete)
