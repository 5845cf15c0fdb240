/* getMObjects over the Opportunity and OpportunityPersonRole objects in the store and the
 * configured programs: id, externalKey, criteria, associations, paging. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MKTOWS_SRV_MOBJ_BATCH 100

const char *mktows_srv_mobj_attr(const mktows_srv_mobj *o, const char *name)
{
    for (size_t i = 0; i < o->attr_count; i++)
        if (!strcasecmp(o->attrs[i].name, name))
            return o->attrs[i].value;
    return NULL;
}

static int s_number(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    *out = strtod(s, &end);
    return s && *s && end != s && *end == '\0' && errno == 0;
}

/* a OP b: numbers as numbers, anything else case-insensitively as text */
static int s_compare(const char *a, enum mkt__ComparisonEnum op, const char *b)
{
    double x, y;
    int c;
    if (s_number(a, &x) && s_number(b, &y))
        c = x < y ? -1 : x > y;
    else
        c = strcasecmp(a, b);
    switch (op) {
    case mkt__ComparisonEnum__EQ: return c == 0;
    case mkt__ComparisonEnum__NE: return c != 0;
    case mkt__ComparisonEnum__LT: return c < 0;
    case mkt__ComparisonEnum__LE: return c <= 0;
    case mkt__ComparisonEnum__GT: return c > 0;
    case mkt__ComparisonEnum__GE: return c >= 0;
    }
    return 0;
}

static int s_name_is(const char *name, const char *want)
{
    char a[64], b[64];
    mktows_srv_type_key(name, a, sizeof a);
    mktows_srv_type_key(want, b, sizeof b);
    return !strcmp(a, b);
}

/* The criteria attribute names of the getMObjects page, plus every field of the type. */
static int s_known_criterion(const char *type, const char *name)
{
    static const char *const page[] = { "Name", "Role", "Type", "Stage", "CRM Id", "Created At", "Updated At",
                                        "Tag Type", "Tag Value", "Workspace Name", "Workspace Id", "Include Archive",
                                        NULL };
    for (size_t i = 0; page[i]; i++)
        if (s_name_is(name, page[i]))
            return 1;
    return mktows_srv_mobj_field(type, name, NULL) != NULL;
}

/* One criterion against a stored object. Times compare as times. */
static int s_match_criterion(struct soap *soap, const mktows_srv_mobj *o, const struct mkt__MObjCriteria *c)
{
    const char *v = c->attrValue ? c->attrValue : "";
    if (s_name_is(c->attrName, "Created At") || s_name_is(c->attrName, "Updated At")) {
        time_t t = 0;
        if (soap_s2dateTime(soap, v, &t) != SOAP_OK) {
            soap->error = SOAP_OK;
            return 0;
        }
        long long mine = s_name_is(c->attrName, "Created At") ? o->created_s : o->updated_s;
        char a[32], b[32];
        snprintf(a, sizeof a, "%lld", mine);
        snprintf(b, sizeof b, "%lld", (long long)t);
        return s_compare(a, c->comparison, b);
    }
    if (s_name_is(c->attrName, "CRM Id"))
        return s_compare(o->ext_value ? o->ext_value : "", c->comparison, v);
    if (s_name_is(c->attrName, "Id")) {
        char a[32];
        snprintf(a, sizeof a, "%lld", o->id);
        return s_compare(a, c->comparison, v);
    }
    if (s_name_is(c->attrName, "Include Archive"))
        return 1; /* decides which programs are candidates (s_include_archive) */
    if (s_name_is(c->attrName, "Tag Type") || s_name_is(c->attrName, "Tag Value")) {
        /* a program's channel is its tag of type Channel */
        const char *channel = mktows_srv_mobj_attr(o, "Channel");
        if (!channel || !*channel)
            return 0;
        return s_compare(s_name_is(c->attrName, "Tag Type") ? "Channel" : channel, c->comparison, v);
    }
    if (!strcmp(o->type, "Opportunity") || !strcmp(o->type, "OpportunityPersonRole")) {
        if (s_name_is(c->attrName, "Workspace Name") || s_name_is(c->attrName, "Workspace Id"))
            return 1; /* Opportunities are not in workspaces here */
    }
    const char *mine = NULL;
    for (size_t i = 0; i < o->attr_count && !mine; i++)
        if (s_name_is(o->attrs[i].name, c->attrName))
            mine = o->attrs[i].value;
    return s_compare(mine ? mine : "", c->comparison, v);
}

/* 1 when the request asks for archived programs too (criterion Include Archive = true). */
static int s_include_archive(const struct mkt__ParamsGetMObjects *in)
{
    for (int i = 0; in->mObjCriteriaList && i < in->mObjCriteriaList->__sizemObjCriteria; i++) {
        const struct mkt__MObjCriteria *c = &in->mObjCriteriaList->mObjCriteria[i];
        if (s_name_is(c->attrName, "Include Archive") && c->attrValue && !strcasecmp(c->attrValue, "true"))
            return 1;
    }
    return 0;
}

typedef struct s_query {
    const char *type;
    const struct mkt__ParamsGetMObjects *in;
    long long assoc_opportunity;   /* from an Opportunity association given by externalKey */
    mktows_srv_mobj *roles;        /* for Opportunity + Lead association */
    size_t role_count;
} s_query;

static int s_match(struct soap *soap, const s_query *q, const mktows_srv_mobj *o)
{
    const struct mkt__ParamsGetMObjects *in = q->in;
    if (in->id && o->id != *in->id)
        return 0;
    if (in->externalKey && (!o->ext_name || !in->externalKey->name || strcasecmp(o->ext_name, in->externalKey->name)
                            || !o->ext_value || strcmp(o->ext_value, in->externalKey->value ? in->externalKey->value : "")))
        return 0;
    for (int i = 0; in->mObjCriteriaList && i < in->mObjCriteriaList->__sizemObjCriteria; i++)
        if (!s_match_criterion(soap, o, &in->mObjCriteriaList->mObjCriteria[i]))
            return 0;
    for (int i = 0; in->mObjAssociationList && i < in->mObjAssociationList->__sizemObjAssociation; i++) {
        const struct mkt__MObjAssociation *a = &in->mObjAssociationList->mObjAssociation[i];
        long long id = a->id ? *a->id : q->assoc_opportunity;
        char text[32];
        snprintf(text, sizeof text, "%lld", id);
        const char *t = a->mObjType ? a->mObjType : "";
        if (!strcmp(q->type, "Opportunity") && !strcasecmp(t, "Company")) {
            const char *v = mktows_srv_mobj_attr(o, "CompanyId");
            if (!v || strcmp(v, text))
                return 0;
        } else if (!strcmp(q->type, "Opportunity")) { /* Lead / Person: through the roles */
            char oid[32];
            snprintf(oid, sizeof oid, "%lld", o->id);
            int found = 0;
            for (size_t r = 0; r < q->role_count && !found; r++) {
                const char *ro = mktows_srv_mobj_attr(&q->roles[r], "OpportunityId"), *rp = mktows_srv_mobj_attr(&q->roles[r], "PersonId");
                found = ro && rp && !strcmp(ro, oid) && !strcmp(rp, text);
            }
            if (!found)
                return 0;
        } else {
            const char *v = mktows_srv_mobj_attr(o, !strcasecmp(t, "Opportunity") ? "OpportunityId" : "PersonId");
            if (!v || strcmp(v, text))
                return 0;
        }
    }
    return 1;
}

static struct mkt__Attrib *s_attrib(struct soap *soap, const char *name, const char *value)
{
    struct mkt__Attrib *a = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, 1);
    if (a) {
        a->name = soap_strdup(soap, name);
        a->value = soap_strdup(soap, value ? value : "");
    }
    return a;
}

static int s_fill(struct soap *soap, const mktows_srv_mobj *o, struct mkt__MObject *m)
{
    m->type = o->type;
    m->id = MKTOWS_SRV_NEW(soap, int, 1);
    m->createdAt = MKTOWS_SRV_NEW(soap, time_t, 1);
    m->updatedAt = MKTOWS_SRV_NEW(soap, time_t, 1);
    m->attribList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttrib, 1);
    struct mkt__Attrib *at = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, o->attr_count);
    struct mkt__MObjAssociation *as = MKTOWS_SRV_NEW(soap, struct mkt__MObjAssociation, 2);
    m->associationList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfMObjAssociation, 1);
    if (!m->id || !m->createdAt || !m->updatedAt || !m->attribList || !at || !as || !m->associationList)
        return -1;
    *m->id = (int)o->id;
    *m->createdAt = (time_t)o->created_s;
    *m->updatedAt = (time_t)o->updated_s;
    if (o->ext_name)
        m->externalKey = s_attrib(soap, o->ext_name, o->ext_value);
    for (size_t i = 0; i < o->attr_count; i++) {
        at[i].name = (char *)o->attrs[i].name;
        at[i].value = (char *)o->attrs[i].value;
    }
    m->attribList->__sizeattrib = (int)o->attr_count;
    m->attribList->attrib = at;
    int n = 0;
    static const char *const links[][2] = { { "CompanyId", "Company" }, { "PersonId", "Lead" },
                                            { "OpportunityId", "Opportunity" } };
    for (size_t i = 0; i < 3 && n < 2; i++) {
        const char *v = mktows_srv_mobj_attr(o, links[i][0]);
        if (!v || !*v)
            continue;
        as[n].mObjType = (char *)links[i][1];
        as[n].id = MKTOWS_SRV_NEW(soap, int, 1);
        if (!as[n].id)
            return -1;
        *as[n].id = atoi(v);
        n++;
    }
    m->associationList->__sizemObjAssociation = n;
    m->associationList->mObjAssociation = as;
    return 0;
}

/* A program's attributes as the getMObjects page lists them: Name, Type, Workspace Id, Workspace
 * Name, Tree Path, Is Archived, and Start Date / End Date where configured; with includeDetails also
 * Description. @p attrs has room for S_PROGRAM_ATTRS; @p num 2 x 24 bytes for the numbers. Returns
 * the count. */
#define S_PROGRAM_ATTRS 9
static size_t s_program_attrs(struct soap *soap, const mktows_srv_program *p, int details, mktows_srv_attr *attrs)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    const char *ws = p->workspace ? p->workspace : "Default";
    const mktows_srv_workspace *w = mktows_srv_config_workspace(cfg, ws);
    char num[24];
    snprintf(num, sizeof num, "%d", w ? (int)(w - cfg->workspaces) + 1 : 1);
    size_t n = 0;
    attrs[n++] = (mktows_srv_attr){ "Name", p->name };
    attrs[n++] = (mktows_srv_attr){ "Type", p->type ? p->type : "Default" };
    attrs[n++] = (mktows_srv_attr){ "Workspace Id", soap_strdup(soap, num) };
    attrs[n++] = (mktows_srv_attr){ "Workspace Name", w ? w->name : ws };
    if (p->folder) {
        attrs[n++] = (mktows_srv_attr){ "Tree Path", p->folder };
    } else {
        size_t len = strlen(ws) + strlen(p->name) + 32;
        char *path = MKTOWS_SRV_NEW(soap, char, len);
        if (path)
            snprintf(path, len, "/Marketing Activities/%s/%s", w ? w->name : ws, p->name);
        attrs[n++] = (mktows_srv_attr){ "Tree Path", path ? path : "" };
    }
    attrs[n++] = (mktows_srv_attr){ "Is Archived", p->archived ? "true" : "false" };
    if (p->start_date)
        attrs[n++] = (mktows_srv_attr){ "Start Date", p->start_date };
    if (p->end_date)
        attrs[n++] = (mktows_srv_attr){ "End Date", p->end_date };
    if (details)
        attrs[n++] = (mktows_srv_attr){ "Description", p->description ? p->description : "" };
    return n;
}

/* Program objects from the config: the page's attributes, and a typeAttribList with the program's
 * channel as a Tag (Type = Channel) followed by the Cost and Tag items syncMObjects added, as the
 * page shows them. */
static int s_fill_program(struct soap *soap, const mktows_srv_program *p, int details, struct mkt__MObject *m)
{
    m->type = "Program";
    m->id = MKTOWS_SRV_NEW(soap, int, 1);
    m->attribList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttrib, 1);
    mktows_srv_attr attrs[S_PROGRAM_ATTRS];
    size_t na = s_program_attrs(soap, p, details, attrs);
    struct mkt__Attrib *at = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, na);
    if (!m->id || !m->attribList || !at)
        return -1;
    *m->id = p->id;
    for (size_t i = 0; i < na; i++)
        at[i] = (struct mkt__Attrib){ .name = (char *)attrs[i].name, .value = (char *)attrs[i].value };
    m->attribList->__sizeattrib = (int)na;
    m->attribList->attrib = at;

    mktows_srv_activity *items = NULL;
    size_t n = 0;
    if (mktows_store_program_items(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), p->id, &items, &n))
        return -1;
    size_t channel = p->channel ? 1 : 0;
    if (!n && !channel)
        return 0;
    m->typeAttribList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfTypeAttrib, 1);
    struct mkt__TypeAttrib *ta = MKTOWS_SRV_NEW(soap, struct mkt__TypeAttrib, n + channel);
    if (!m->typeAttribList || !ta)
        return -1;
    if (channel) {
        struct mkt__Attrib *x = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, 2);
        ta[0].attrList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttrib, 1);
        if (!x || !ta[0].attrList)
            return -1;
        x[0] = (struct mkt__Attrib){ .name = "Type", .value = "Channel" };
        x[1] = (struct mkt__Attrib){ .name = "Value", .value = p->channel };
        ta[0].attrType = "Tag";
        ta[0].attrList->__sizeattrib = 2;
        ta[0].attrList->attrib = x;
    }
    for (size_t i = 0; i < n; i++) {
        struct mkt__TypeAttrib *t = &ta[channel + i];
        t->attrType = items[i].type;
        t->attrList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttrib, 1);
        struct mkt__Attrib *x = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, items[i].attr_count);
        if (!t->attrList || !x)
            return -1;
        for (size_t k = 0; k < items[i].attr_count; k++) {
            x[k].name = (char *)items[i].attrs[k].name;
            x[k].value = (char *)items[i].attrs[k].value;
        }
        t->attrList->__sizeattrib = (int)items[i].attr_count;
        t->attrList->attrib = x;
    }
    m->typeAttribList->__sizetypeAttrib = (int)(n + channel);
    m->typeAttribList->typeAttrib = ta;
    return 0;
}

/* A program as a stored-object view, so criteria work the same way: its page attributes, plus
 * Channel for the Tag Type / Tag Value criteria. @p attrs has room for S_PROGRAM_ATTRS + 1. */
static void s_program_view(struct soap *soap, const mktows_srv_program *p, mktows_srv_mobj *o, mktows_srv_attr *attrs)
{
    memset(o, 0, sizeof *o);
    o->id = p->id;
    o->type = "Program";
    size_t n = s_program_attrs(soap, p, 1, attrs);
    attrs[n++] = (mktows_srv_attr){ "Channel", p->channel ? p->channel : "" };
    o->attrs = attrs;
    o->attr_count = n;
}

static int s_cmp_program(const void *a, const void *b)
{
    const mktows_srv_program *x = *(const mktows_srv_program *const *)a, *y = *(const mktows_srv_program *const *)b;
    return x->id - y->id;
}

static int s_get(struct soap *soap, struct mkt__ParamsGetMObjects *in, struct mkt__SuccessGetMObjects *out)
{
    if (!in->type || !*in->type)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "type is required");
    const char *type = mktows_srv_mobj_canonical(in->type);
    if (!type)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "type '%s' is not Opportunity, OpportunityPersonRole or Program", in->type);
    unsigned h = mktows_srv_hash(mktows_srv_hash(0, "getMObjects"), type);
    char num[32];
    snprintf(num, sizeof num, "%d", in->id ? *in->id : -1);
    h = mktows_srv_hash(h, num);
    if (in->externalKey)
        h = mktows_srv_hash(mktows_srv_hash(h, in->externalKey->name), in->externalKey->value);
    for (int i = 0; in->mObjCriteriaList && i < in->mObjCriteriaList->__sizemObjCriteria; i++) {
        const struct mkt__MObjCriteria *c = &in->mObjCriteriaList->mObjCriteria[i];
        if (!c->attrName || !s_known_criterion(type, c->attrName))
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "mObjCriteria attrName '%s' is not a field of %s",
                                    c->attrName ? c->attrName : "", type);
        h = mktows_srv_hash(mktows_srv_hash(mktows_srv_hash(h, c->attrName), soap_mkt__ComparisonEnum2s(soap, c->comparison)),
                            c->attrValue);
    }
    s_query q;
    memset(&q, 0, sizeof q);
    q.type = type;
    q.in = in;
    char err[256];
    for (int i = 0; in->mObjAssociationList && i < in->mObjAssociationList->__sizemObjAssociation; i++) {
        const struct mkt__MObjAssociation *a = &in->mObjAssociationList->mObjAssociation[i];
        const char *t = a->mObjType ? a->mObjType : "";
        int ok = !strcmp(type, "Opportunity") ? !strcasecmp(t, "Company") || !strcasecmp(t, "Lead") || !strcasecmp(t, "Person")
                 : !strcmp(type, "OpportunityPersonRole") ? !strcasecmp(t, "Lead") || !strcasecmp(t, "Person")
                                                          || !strcasecmp(t, "Opportunity")
                                                          : 0;
        if (!ok)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "%s cannot be associated with '%s'", type, t);
        if (!a->id) {
            mktows_srv_mobj opp;
            if (strcasecmp(t, "Opportunity") || !a->externalKey)
                return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED,
                                        "mObjAssociation needs an id (or, for Opportunity, an externalKey)");
            int f = mktows_store_mobj_find(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), "Opportunity", 0,
                                           a->externalKey->name, a->externalKey->value, &opp);
            q.assoc_opportunity = f == 1 ? opp.id : -1;
        }
        snprintf(num, sizeof num, "%s:%d", t, a->id ? *a->id : -2);
        h = mktows_srv_hash(h, num);
        if (!strcmp(type, "Opportunity") && strcasecmp(t, "Company") && !q.roles
            && mktows_store_mobj_all(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), "OpportunityPersonRole", 0,
                                     &q.roles, &q.role_count, err, sizeof err))
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
    }
    int details = in->includeDetails && *in->includeDetails == xsd__boolean__true_;
    h = mktows_srv_hash(h, details ? "details" : "");
    long long after = 0;
    if (in->streamPosition && *in->streamPosition && mktows_srv_pos_parse(in->streamPosition, "mo", h, &after))
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_STREAM_POSITION,
                                "streamPosition '%s' does not belong to this query", in->streamPosition);

    struct mkt__MObject *objs = MKTOWS_SRV_NEW(soap, struct mkt__MObject, MKTOWS_SRV_MOBJ_BATCH);
    if (!objs)
        return soap->error = SOAP_EOM;
    int n = 0, more = 0;
    long long last = 0;
    if (!strcmp(type, "Program")) {
        const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
        const mktows_srv_program **ps = MKTOWS_SRV_NEW(soap, const mktows_srv_program *, cfg->program_count);
        if (!ps)
            return soap->error = SOAP_EOM;
        for (size_t i = 0; i < cfg->program_count; i++)
            ps[i] = &cfg->programs[i];
        qsort(ps, cfg->program_count, sizeof *ps, s_cmp_program);
        for (size_t i = 0; i < cfg->program_count && !more; i++) {
            mktows_srv_mobj view;
            mktows_srv_attr attrs[S_PROGRAM_ATTRS + 1];
            s_program_view(soap, ps[i], &view, attrs);
            if (view.id <= after || !s_match(soap, &q, &view) || (ps[i]->archived && !s_include_archive(in)))
                continue;
            if (n == MKTOWS_SRV_MOBJ_BATCH) {
                more = 1;
                break;
            }
            if (s_fill_program(soap, ps[i], details, &objs[n++]))
                return soap->error = SOAP_EOM;
            last = view.id;
        }
    } else {
        mktows_srv_mobj *all = NULL;
        size_t count = 0;
        if (mktows_store_mobj_all(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), type, after, &all, &count, err,
                                  sizeof err))
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
        for (size_t i = 0; i < count; i++) {
            if (!s_match(soap, &q, &all[i]))
                continue;
            if (n == MKTOWS_SRV_MOBJ_BATCH) {
                more = 1;
                break;
            }
            if (s_fill(soap, &all[i], &objs[n++]))
                return soap->error = SOAP_EOM;
            last = all[i].id;
        }
    }
    struct mkt__ResultGetMObjects *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetMObjects, 1);
    struct mkt__ArrayOfMObject *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfMObject, 1);
    if (!res || !arr)
        return soap->error = SOAP_EOM;
    arr->__sizemObject = n;
    arr->mObject = objs;
    res->returnCount = n;
    res->hasMore = more ? xsd__boolean__true_ : xsd__boolean__false_;
    res->newStreamPosition = more ? mktows_srv_pos_make(soap, "mo", h, last) : soap_strdup(soap, "");
    res->mObjectList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getMObjects, mkt__ParamsGetMObjects, mkt__SuccessGetMObjects, s_get)

