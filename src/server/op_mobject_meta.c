/* MObject metadata: listMObjects and describeMObject, and the field lists syncMObjects checks
 * attributes against. Opportunity and OpportunityPersonRole have the standard fields of the
 * syncMObjects page; LeadRecord's fields come from the config; ActivityRecord's are the
 * describeMObject page's. */
#include "op_mobject_meta.h"
#include "config.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <string.h>
#include <strings.h>

typedef struct s_meta_field {
    const char *name;
    const char *type;
    int read_only;
} s_meta_field;

static const s_meta_field s_opportunity[] = {
    { "Id", "integer", 1 }, { "Name", "string", 0 }, { "Amount", "currency", 0 }, { "CloseDate", "date", 0 },
    { "Description", "text", 0 }, { "ExpectedRevenue", "currency", 0 }, { "ExternalCreatedDate", "datetime", 0 },
    { "Fiscal", "string", 0 }, { "FiscalQuarter", "integer", 0 }, { "FiscalYear", "integer", 0 },
    { "ForecastCategoryName", "string", 0 }, { "IsClosed", "boolean", 0 }, { "IsWon", "boolean", 0 },
    { "LastActivityDate", "date", 0 }, { "LeadSource", "string", 0 }, { "NextStep", "string", 0 },
    { "Probability", "integer", 0 }, { "Quantity", "float", 0 }, { "Stage", "string", 0 }, { "Type", "string", 0 },
    { "CompanyId", "integer", 0 }, { "CreatedAt", "datetime", 1 }, { "UpdatedAt", "datetime", 1 }, { NULL, NULL, 0 }
};

static const s_meta_field s_role[] = {
    { "Id", "integer", 1 }, { "OpportunityId", "integer", 0 }, { "PersonId", "integer", 0 }, { "Role", "string", 0 },
    { "ExternalCreatedDate", "datetime", 0 }, { "IsPrimary", "boolean", 0 }, { "CreatedAt", "datetime", 1 },
    { "UpdatedAt", "datetime", 1 }, { NULL, NULL, 0 }
};

/* ActivityRecord as the describeMObject page shows it: the ActivityRecord elements by their element
 * names, each with the object it comes from, its description and size; every field read-only and
 * update-blocked, displayName nil, all dated 2010-01-01T00:00:00+00:00. */
typedef struct s_activity_field {
    const char *name;
    const char *description;
    const char *source;
    const char *type;
    int size;       /* 0: nil */
    int is_name;
} s_activity_field;

static const char s_activity_description[] =
    "An activity: fields of the event, its campaign, its lead and the lead's company";
/* updatedAt of every object's and field's metadata: the date the describeMObject page gives */
#define S_METADATA_UPDATED_AT 1262304000 /* 2010-01-01T00:00:00+00:00 */

static const s_activity_field s_activity[] = {
    { "id", "The activity's id", "Event", "integer", 10, 0 },
    { "activityDateTime", "When the activity happened", "Event", "dateTime", 0, 0 },
    { "activityType", "The activity type", "Event", "string", 255, 1 },
    { "mktgAssetName", "The asset the activity concerns (an email, a landing page, a field)", "Event", "string", 255, 0 },
    { "activityAttributes", "The attributes of this activity type, as name and value pairs", "Event", "Array", 0, 0 },
    { "campaign", "The campaign that ran it", "Campaign", "string", 255, 0 },
    { "personName", "The lead's name", "Lead", "string", 255, 0 },
    { "mktPersonId", "The lead's id", "Lead", "integer", 10, 0 },
    { "foreignSysId", "The lead's id in a foreign system", "Lead", "string", 50, 0 },
    { "orgName", "The lead's company", "Company", "string", 255, 0 },
    { "foreignSysOrgId", "The company's id in a foreign system", "Company", "string", 50, 0 },
};

static const s_meta_field s_program[] = {
    { "Id", "integer", 1 }, { "Name", "string", 1 }, { "Type", "string", 1 }, { "Workspace Id", "integer", 1 },
    { "Workspace Name", "string", 1 }, { "Tree Path", "string", 1 }, { "Is Archived", "boolean", 1 },
    { "Start Date", "datetime", 1 }, { "End Date", "datetime", 1 }, { "Description", "text", 1 },
    { "Channel", "string", 1 }, { NULL, NULL, 0 }
};

const char *mktows_srv_mobj_canonical(const char *type)
{
    if (!type)
        return NULL;
    if (!strcasecmp(type, "Opportunity"))
        return "Opportunity";
    if (!strcasecmp(type, "OpportunityPersonRole") || !strcasecmp(type, "OpportunityLeadRole"))
        return "OpportunityPersonRole";
    if (!strcasecmp(type, "Program"))
        return "Program";
    return NULL;
}

static const s_meta_field *s_fields(const char *type)
{
    if (!strcmp(type, "Opportunity"))
        return s_opportunity;
    if (!strcmp(type, "OpportunityPersonRole"))
        return s_role;
    if (!strcmp(type, "Program"))
        return s_program;
    return NULL;
}

const char *mktows_srv_mobj_field(const char *type, const char *name, int *read_only)
{
    const s_meta_field *f = s_fields(type);
    for (; f && name && f->name; f++)
        if (!strcasecmp(f->name, name)) {
            if (read_only)
                *read_only = f->read_only;
            return f->name;
        }
    return NULL;
}

static int s_list(struct soap *soap, struct mkt__ParamsListMObjects *in, struct mkt__SuccessListMObjects *out)
{
    (void)in;
    static const char *const names[] = { "ActivityRecord", "LeadRecord", "Opportunity", "OpportunityPersonRole" };
    struct mkt__ResultListMObjects *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultListMObjects, 1);
    char **objs = MKTOWS_SRV_NEW(soap, char *, 4);
    if (!res || !objs)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < 4; i++)
        objs[i] = (char *)names[i];
    res->__sizeobjects = 4;
    res->objects = objs;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(listMObjects, mkt__ParamsListMObjects, mkt__SuccessListMObjects, s_list)

static void s_field_meta(struct mkt__MObjFieldMetadata *m, const char *object, const char *name, const char *display,
                         const char *type, int read_only, int custom)
{
    m->name = (char *)name;
    m->description = NULL;
    m->displayName = (char *)(display ? display : name);
    m->sourceObject = (char *)object;
    m->dataType = (char *)type;
    m->isReadonly = read_only ? xsd__boolean__true_ : xsd__boolean__false_;
    m->isUpdateBlocked = m->isReadonly;
    m->isPrimaryKey = !strcmp(name, "Id") ? xsd__boolean__true_ : xsd__boolean__false_;
    m->isCustom = custom ? xsd__boolean__true_ : xsd__boolean__false_;
    m->isDynamic = xsd__boolean__false_;
    m->updatedAt = S_METADATA_UPDATED_AT;
}

/* The fields of ActivityRecord into @p f (sizeof s_activity / sizeof s_activity[0] of them). The
 * nillable members point at static, never written values. */
static void s_activity_meta(struct mkt__MObjFieldMetadata *f)
{
    static int sizes[] = { 10, 50, 255 };
    static enum xsd__boolean flags[] = { xsd__boolean__false_, xsd__boolean__true_ };
    for (size_t i = 0; i < sizeof s_activity / sizeof s_activity[0]; i++) {
        const s_activity_field *a = &s_activity[i];
        struct mkt__MObjFieldMetadata *m = &f[i];
        m->name = (char *)a->name;
        m->description = (char *)a->description;
        m->displayName = NULL; /* nil, as the page has it */
        m->sourceObject = (char *)a->source;
        m->dataType = (char *)a->type;
        m->size = NULL;
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            if (a->size == sizes[k])
                m->size = &sizes[k];
        m->isReadonly = xsd__boolean__true_;
        m->isUpdateBlocked = xsd__boolean__true_;
        m->isName = &flags[a->is_name];
        m->isPrimaryKey = i == 0 ? xsd__boolean__true_ : xsd__boolean__false_;
        m->isCustom = xsd__boolean__false_;
        m->isDynamic = xsd__boolean__false_;
        m->dynamicFieldRef = NULL;
        m->updatedAt = S_METADATA_UPDATED_AT;
    }
}

static int s_describe(struct soap *soap, struct mkt__ParamsDescribeMObject *in, struct mkt__SuccessDescribeMObject *out)
{
    if (!in->objectName || !*in->objectName)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "objectName is required");
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    const char *name = NULL;
    const s_meta_field *fixed = NULL;
    int is_virtual = 0, lead = 0, activity = 0;
    if (!strcasecmp(in->objectName, "LeadRecord")) {
        name = "LeadRecord";
        lead = is_virtual = 1;
    } else if (!strcasecmp(in->objectName, "ActivityRecord")) {
        name = "ActivityRecord";
        activity = is_virtual = 1;
    } else if ((name = mktows_srv_mobj_canonical(in->objectName)) != NULL) {
        fixed = s_fields(name);
    } else {
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "no MObject named '%s' (see listMObjects)", in->objectName);
    }
    size_t n = 0;
    if (lead)
        n = cfg->field_count + 1;
    else if (activity)
        n = sizeof s_activity / sizeof s_activity[0];
    else
        while (fixed[n].name)
            n++;
    struct mkt__MObjFieldMetadata *f = MKTOWS_SRV_NEW(soap, struct mkt__MObjFieldMetadata, n);
    struct mkt__ArrayOfMObjFieldMetadata *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfMObjFieldMetadata, 1);
    struct mkt__MObjectMetadata *meta = MKTOWS_SRV_NEW(soap, struct mkt__MObjectMetadata, 1);
    struct mkt__ResultDescribeMObject *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultDescribeMObject, 1);
    if (!f || !arr || !meta || !res)
        return soap->error = SOAP_EOM;
    if (lead) {
        s_field_meta(&f[0], "Lead", "Id", "Id", "integer", 1, 0);
        size_t std = 0;
        while (mktows_srv_standard_fields[std][0])
            std++;
        for (size_t i = 0; i < cfg->field_count; i++)
            s_field_meta(&f[i + 1], "Lead", cfg->fields[i].name, cfg->fields[i].display_name, cfg->fields[i].type,
                         cfg->fields[i].read_only, i >= std && !cfg->fields[i].read_only);
    } else if (activity) {
        s_activity_meta(f);
    } else {
        for (size_t i = 0; i < n; i++)
            s_field_meta(&f[i], name, fixed[i].name, NULL, fixed[i].type, fixed[i].read_only, 0);
    }
    arr->__sizefield = (int)n;
    arr->field = f;
    meta->name = (char *)name;
    meta->isCustom = xsd__boolean__false_;
    meta->isVirtual = is_virtual ? xsd__boolean__true_ : xsd__boolean__false_;
    meta->fieldList = arr;
    meta->updatedAt = S_METADATA_UPDATED_AT;
    if (activity)
        meta->description = (char *)s_activity_description;
    res->metadata = meta;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(describeMObject, mkt__ParamsDescribeMObject, mkt__SuccessDescribeMObject, s_describe)
