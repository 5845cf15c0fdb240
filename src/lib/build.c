/* Request builders: fill caller storage, allocate nothing. */
#include <mktows/build.h>

#include <assert.h>
#include <string.h>

/* gSOAP numbers enum values 0..N-1 in schema order, and soap_<enum>2s needs no context for a
 * value in range: look names up through the generated tables. */
#define MKTOWS_ENUM_FROM_NAME(fn, type, last)                                          \
    mktows_code fn(const char *name, enum type *out)                                   \
    {                                                                                  \
        assert(out);                                                                   \
        if (!name)                                                                     \
            return MKTOWS_ERR_INVALID_ARGUMENT;                                        \
        for (int i = 0; i <= (int)(last); i++) {                                       \
            const char *s = soap_##type##2s(NULL, (enum type)i);                       \
            if (s && strcmp(s, name) == 0) {                                           \
                *out = (enum type)i;                                                   \
                return MKTOWS_OK;                                                      \
            }                                                                          \
        }                                                                              \
        return MKTOWS_ERR_INVALID_ARGUMENT;                                            \
    }

MKTOWS_ENUM_FROM_NAME(mktows_lead_key_type_from_name, mkt__LeadKeyRef, mkt__LeadKeyRef__SFDCOPPTYID)
MKTOWS_ENUM_FROM_NAME(mktows_activity_type_from_name, mkt__ActivityType, mkt__ActivityType__SmartCampaignTestTrigger)
MKTOWS_ENUM_FROM_NAME(mktows_list_key_type_from_name, mkt__ListKeyType, mkt__ListKeyType__SFDCLEADOWNERID)
MKTOWS_ENUM_FROM_NAME(mktows_list_operation_from_name, mkt__ListOperationType, mkt__ListOperationType__REMOVEFROMLIST)

const char *mktows_activity_type_name(enum mkt__ActivityType type)
{
    if ((int)type < 0 || (int)type > (int)mkt__ActivityType__SmartCampaignTestTrigger)
        return NULL;
    return soap_mkt__ActivityType2s(NULL, type);
}

struct mkt__LeadKey *mktows_lead_key_init(struct mkt__LeadKey *key, enum mkt__LeadKeyRef type, const char *value)
{
    assert(key);
    key->keyType = type;
    key->keyValue = (char *)value; /* serialized only: borrowed */
    return key;
}

struct mkt__ArrayOfLeadKey *mktows_lead_key_array_init(struct mkt__ArrayOfLeadKey *arr, struct mkt__LeadKey *keys, int count)
{
    assert(arr);
    arr->__sizeleadKey = count > 0 ? count : 0;
    arr->leadKey = count > 0 ? keys : NULL;
    return arr;
}

struct mkt__ListKey *mktows_list_key_init(struct mkt__ListKey *key, enum mkt__ListKeyType type, const char *value)
{
    assert(key);
    key->keyType = type;
    key->keyValue = (char *)value;
    return key;
}

struct mkt__ArrayOfString *mktows_string_array_init(struct mkt__ArrayOfString *arr, const char *const *items, int count)
{
    assert(arr);
    arr->__sizestringItem = count > 0 ? count : 0;
    arr->stringItem = count > 0 ? (char **)items : NULL;
    return arr;
}

struct mkt__Attribute *mktows_attribute_init(struct mkt__Attribute *attr, const char *name, const char *value)
{
    assert(attr);
    attr->attrName = (char *)name;
    attr->attrType = NULL;
    attr->attrValue = (char *)value;
    return attr;
}

struct mkt__ArrayOfAttribute *mktows_attribute_array_init(struct mkt__ArrayOfAttribute *arr, struct mkt__Attribute *items,
                                                          int count)
{
    assert(arr);
    arr->__sizeattribute = count > 0 ? count : 0;
    arr->attribute = count > 0 ? items : NULL;
    return arr;
}

struct mkt__Attrib *mktows_attrib_init(struct mkt__Attrib *attrib, const char *name, const char *value)
{
    assert(attrib);
    attrib->name = (char *)name;
    attrib->value = (char *)value;
    return attrib;
}

struct mkt__ArrayOfAttrib *mktows_attrib_array_init(struct mkt__ArrayOfAttrib *arr, struct mkt__Attrib *tokens, int count)
{
    assert(arr);
    arr->__sizeattrib = count > 0 ? count : 0;
    arr->attrib = count > 0 ? tokens : NULL;
    return arr;
}

static struct mkt__LeadSelector *s_selector_reset(mktows_lead_selector *s)
{
    assert(s);
    memset(s, 0, sizeof *s);
    return &s->selector;
}

struct mkt__LeadSelector *mktows_lead_selector_init_keys(mktows_lead_selector *s, enum mkt__LeadKeyRef type,
                                                         const char *const *values, int count)
{
    struct mkt__LeadSelector *sel = s_selector_reset(s);
    s->keys.keyType = type;
    s->keys.keyValues = mktows_string_array_init(&s->values, values, count);
    sel->mkt__LeadKeySelector = &s->keys;
    return sel;
}

struct mkt__LeadSelector *mktows_lead_selector_init_list_name(mktows_lead_selector *s, const char *name)
{
    struct mkt__LeadSelector *sel = s_selector_reset(s);
    s->list.staticListName = (char *)name;
    sel->mkt__StaticListSelector = &s->list;
    return sel;
}

struct mkt__LeadSelector *mktows_lead_selector_init_list_id(mktows_lead_selector *s, int id)
{
    struct mkt__LeadSelector *sel = s_selector_reset(s);
    s->list_id = id;
    s->list.staticListId = &s->list_id;
    sel->mkt__StaticListSelector = &s->list;
    return sel;
}

struct mkt__LeadSelector *mktows_lead_selector_init_updated(mktows_lead_selector *s, time_t oldest, const time_t *latest)
{
    struct mkt__LeadSelector *sel = s_selector_reset(s);
    s->updated.oldestUpdatedAt = oldest;
    if (latest) {
        s->latest = *latest;
        s->updated.latestUpdatedAt = &s->latest;
    }
    sel->mkt__LastUpdateAtSelector = &s->updated;
    return sel;
}

struct mkt__ActivityTypeFilter *mktows_activity_filter_init_types(mktows_activity_filter *f,
                                                                  const enum mkt__ActivityType *include, int n_include,
                                                             const enum mkt__ActivityType *exclude, int n_exclude)
{
    assert(f);
    memset(f, 0, sizeof *f);
    if (n_include > 0) {
        f->include.__sizeactivityType = n_include;
        f->include.activityType = (enum mkt__ActivityType *)include;
        f->filter.includeTypes = &f->include;
    }
    if (n_exclude > 0) {
        f->exclude.__sizeactivityType = n_exclude;
        f->exclude.activityType = (enum mkt__ActivityType *)exclude;
        f->filter.excludeTypes = &f->exclude;
    }
    return &f->filter;
}
