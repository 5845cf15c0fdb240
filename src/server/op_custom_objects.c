/* Custom objects of the types in the config file: syncCustomObjects (UPSERT, INSERT, UPDATE, a
 * status per object), getCustomObjects (by zero or more key fields, paged) and deleteCustomObjects. */
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

#define MKTOWS_SRV_MAX_COBJ_SYNC 300   /* the page says 100; the library's batching helper sends 300 */
#define MKTOWS_SRV_COBJ_BATCH 100

static int s_key_index(const mktows_srv_cobj_type *t, const char *name)
{
    for (size_t i = 0; name && i < t->key_count; i++)
        if (!strcasecmp(t->keys[i], name))
            return (int)i;
    return -1;
}

static const mktows_srv_field *s_field(const mktows_srv_cobj_type *t, const char *name)
{
    for (size_t i = 0; name && i < t->field_count; i++)
        if (!strcasecmp(t->fields[i].name, name))
            return &t->fields[i];
    return NULL;
}

static int s_type(struct soap *soap, const char *name, const mktows_srv_cobj_type **t)
{
    if (!name || !*name)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "objTypeName is required");
    *t = mktows_srv_config_cobj(&mktows_srv_of(soap)->cfg, name);
    if (!*t)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "no custom object type '%s'", name);
    return SOAP_OK;
}

/* Full key values (key order) from an attribute list; NULL + msg when one is missing or unknown. */
static const char **s_full_key(struct soap *soap, const mktows_srv_cobj_type *t, const struct mkt__ArrayOfAttribute *l,
                               char *msg, size_t len)
{
    const char **vals = MKTOWS_SRV_NEW(soap, const char *, t->key_count);
    if (!vals) {
        snprintf(msg, len, "out of memory");
        return NULL;
    }
    for (int i = 0; l && i < l->__sizeattribute; i++) {
        int k = s_key_index(t, l->attribute[i].attrName);
        if (k < 0) {
            snprintf(msg, len, "'%s' is not a key field of %s", l->attribute[i].attrName ? l->attribute[i].attrName : "",
                     t->name);
            return NULL;
        }
        vals[k] = l->attribute[i].attrValue ? l->attribute[i].attrValue : "";
    }
    for (size_t k = 0; k < t->key_count; k++)
        if (!vals[k]) {
            snprintf(msg, len, "key field %s is missing", t->keys[k]);
            return NULL;
        }
    return vals;
}

static struct mkt__ArrayOfAttribute *s_attr_list(struct soap *soap, const mktows_srv_cobj_type *t,
                                                 const mktows_srv_attr *a, size_t n,
                                                 const struct mkt__ArrayOfString *include)
{
    struct mkt__ArrayOfAttribute *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttribute, 1);
    struct mkt__Attribute *at = MKTOWS_SRV_NEW(soap, struct mkt__Attribute, n);
    if (!arr || !at)
        return NULL;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!mktows_srv_wanted(include, a[i].name))
            continue;
        const mktows_srv_field *f = s_field(t, a[i].name);
        at[k].attrName = (char *)a[i].name;
        at[k].attrType = f ? f->type : "string";
        at[k].attrValue = (char *)a[i].value;
        k++;
    }
    arr->__sizeattribute = k;
    arr->attribute = at;
    return arr;
}

/* ---- syncCustomObjects ---- */

static void s_status(struct soap *soap, struct mkt__SyncCustomObjStatus *st, const mktows_srv_cobj_type *t,
                     struct mkt__ArrayOfAttribute *keys, enum mkt__SyncStatusEnum status, const char *error)
{
    st->objTypeName = t->name;
    st->customObjKeyList = keys;
    st->status = status;
    st->error = error ? soap_strdup(soap, error) : NULL;
}

static int s_sync(struct soap *soap, struct mkt__ParamsSyncCustomObjects *in, struct mkt__SuccessSyncCustomObjects *out)
{
    const mktows_srv_cobj_type *t = NULL;
    int rc = s_type(soap, in->objTypeName, &t);
    if (rc != SOAP_OK)
        return rc;
    if (!in->customObjList || in->customObjList->__sizecustomObj <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "customObjList needs at least one customObj");
    int n = in->customObjList->__sizecustomObj;
    if (n > MKTOWS_SRV_MAX_COBJ_SYNC)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "%d objects: at most %d per call", n, MKTOWS_SRV_MAX_COBJ_SYNC);
    mktows_srv_cobj_op op = !in->operation ? MKTOWS_SRV_COBJ_UPSERT
                            : *in->operation == mkt__SyncOperationEnum__INSERT ? MKTOWS_SRV_COBJ_INSERT
                            : *in->operation == mkt__SyncOperationEnum__UPDATE ? MKTOWS_SRV_COBJ_UPDATE
                                                                               : MKTOWS_SRV_COBJ_UPSERT;
    struct mkt__SyncCustomObjStatus *st = MKTOWS_SRV_NEW(soap, struct mkt__SyncCustomObjStatus, n);
    if (!st)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < n; i++) {
        struct mkt__CustomObj *o = &in->customObjList->customObj[i];
        char msg[256] = "";
        const char **keys = s_full_key(soap, t, o->customObjKeyList, msg, sizeof msg);
        if (!keys) {
            s_status(soap, &st[i], t, o->customObjKeyList, mkt__SyncStatusEnum__FAILED, msg);
            continue;
        }
        int na = o->customObjAttributeList ? o->customObjAttributeList->__sizeattribute : 0;
        mktows_srv_attr *attrs = MKTOWS_SRV_NEW(soap, mktows_srv_attr, na);
        for (int k = 0; attrs && k < na && !*msg; k++) {
            const struct mkt__Attribute *a = &o->customObjAttributeList->attribute[k];
            const mktows_srv_field *f = s_field(t, a->attrName);
            const char *v = a->attrValue ? a->attrValue : "";
            if (!f)
                snprintf(msg, sizeof msg, "'%s' is not a field of %s", a->attrName ? a->attrName : "", t->name);
            else if (s_key_index(t, f->name) >= 0)
                snprintf(msg, sizeof msg, "key field %s belongs in customObjKeyList", f->name);
            else if (!strcmp(f->type, "integer") && !mktows_srv_is_integer(v))
                snprintf(msg, sizeof msg, "%s must be an integer, not '%s'", f->name, v);
            else {
                attrs[k].name = f->name;
                attrs[k].value = v;
            }
        }
        if (!attrs)
            return soap->error = SOAP_EOM;
        if (*msg) {
            s_status(soap, &st[i], t, o->customObjKeyList, mkt__SyncStatusEnum__FAILED, msg);
            continue;
        }
        mktows_srv_cobj_status status = MKTOWS_SRV_COBJ_FAILED;
        if (mktows_store_cobj_sync(mktows_srv_of(soap)->store, t, op, keys, attrs, (size_t)na, &status, msg,
                                   sizeof msg))
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", msg);
        s_status(soap, &st[i], t, o->customObjKeyList,
                 status == MKTOWS_SRV_COBJ_CREATED   ? mkt__SyncStatusEnum__CREATED
                 : status == MKTOWS_SRV_COBJ_UPDATED ? mkt__SyncStatusEnum__UPDATED
                                                     : mkt__SyncStatusEnum__FAILED,
                 status == MKTOWS_SRV_COBJ_FAILED ? msg : NULL);
    }
    struct mkt__ResultSyncCustomObjects *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultSyncCustomObjects, 1);
    struct mkt__ArrayOfSyncCustomObjStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfSyncCustomObjStatus, 1);
    if (!res || !arr)
        return soap->error = SOAP_EOM;
    arr->__sizesyncCustomObjStatus = n;
    arr->syncCustomObjStatus = st;
    res->syncCustomObjStatusList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(syncCustomObjects, mkt__ParamsSyncCustomObjects, mkt__SuccessSyncCustomObjects, s_sync)

/* ---- getCustomObjects ---- */

static int s_get(struct soap *soap, struct mkt__ParamsGetCustomObjects *in, struct mkt__SuccessGetCustomObjects *out)
{
    const mktows_srv_cobj_type *t = NULL;
    int rc = s_type(soap, in->objTypeName, &t);
    if (rc != SOAP_OK)
        return rc;
    const char **match = MKTOWS_SRV_NEW(soap, const char *, t->key_count);
    if (!match)
        return soap->error = SOAP_EOM;
    unsigned h = mktows_srv_hash(mktows_srv_hash(0, "getCustomObjects"), t->name);
    for (int i = 0; in->customObjKeyList && i < in->customObjKeyList->__sizeattribute; i++) {
        const struct mkt__Attribute *a = &in->customObjKeyList->attribute[i];
        int k = s_key_index(t, a->attrName);
        if (k < 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "customObjKeyList: '%s' is not a key field of %s",
                                    a->attrName ? a->attrName : "", t->name);
        match[k] = a->attrValue ? a->attrValue : "";
    }
    for (size_t k = 0; k < t->key_count; k++)
        h = mktows_srv_hash(h, match[k] ? match[k] : "\x01");
    for (int i = 0; in->includeAttributes && i < in->includeAttributes->__sizestringItem; i++)
        if (!s_field(t, in->includeAttributes->stringItem[i]))
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "includeAttributes: '%s' is not a field of %s",
                                    in->includeAttributes->stringItem[i] ? in->includeAttributes->stringItem[i] : "",
                                    t->name);
    int limit = MKTOWS_SRV_COBJ_BATCH;
    if (in->batchSize) {
        if (*in->batchSize <= 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                    "batchSize must be positive, not %d", *in->batchSize);
        if (*in->batchSize < limit)
            limit = *in->batchSize;
    }
    long long after = 0;
    if (in->streamPosition && *in->streamPosition && mktows_srv_pos_parse(in->streamPosition, "co", h, &after))
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_STREAM_POSITION,
                                "streamPosition '%s' does not belong to this query", in->streamPosition);

    mktows_srv_cobj *objs = NULL;
    size_t count = 0;
    long long remaining = 0;
    char err[256];
    if (mktows_store_cobj_page(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), t, match, after, limit, &objs,
                               &count, &remaining, err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
    struct mkt__ResultGetCustomObjects *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetCustomObjects, 1);
    struct mkt__ArrayOfCustomObj *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfCustomObj, 1);
    struct mkt__CustomObj *co = MKTOWS_SRV_NEW(soap, struct mkt__CustomObj, count);
    if (!res || !arr || !co)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < count; i++) {
        co[i].customObjKeyList = s_attr_list(soap, t, objs[i].keys, objs[i].key_count, NULL);
        co[i].customObjAttributeList = s_attr_list(soap, t, objs[i].attrs, objs[i].attr_count, in->includeAttributes);
    }
    arr->__sizecustomObj = (int)count;
    arr->customObj = co;
    res->objTypeName = t->name;
    res->returnCount = (int)count;
    res->remainingCount = (int)remaining;
    res->newStreamPosition = remaining > 0 && count ? mktows_srv_pos_make(soap, "co", h, objs[count - 1].id)
                                                    : soap_strdup(soap, "");
    res->customObjList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getCustomObjects, mkt__ParamsGetCustomObjects, mkt__SuccessGetCustomObjects, s_get)

/* ---- deleteCustomObjects ---- */

static int s_delete(struct soap *soap, struct mkt__ParamsDeleteCustomObjects *in,
                    struct mkt__SuccessDeleteCustomObjects *out)
{
    const mktows_srv_cobj_type *t = NULL;
    int rc = s_type(soap, in->objTypeName, &t);
    if (rc != SOAP_OK)
        return rc;
    if (!in->customObjKeyLists || in->customObjKeyLists->__sizekeyList <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "customObjKeyLists needs at least one keyList");
    int n = in->customObjKeyLists->__sizekeyList;
    if (n > MKTOWS_SRV_MAX_COBJ_SYNC)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "%d objects: at most %d per call", n, MKTOWS_SRV_MAX_COBJ_SYNC);
    struct mkt__SyncCustomObjStatus *st = MKTOWS_SRV_NEW(soap, struct mkt__SyncCustomObjStatus, n);
    if (!st)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < n; i++) {
        struct mkt__ArrayOfAttribute *kl = &in->customObjKeyLists->keyList[i];
        char msg[256];
        const char **keys = s_full_key(soap, t, kl, msg, sizeof msg);
        if (!keys) {
            s_status(soap, &st[i], t, kl, mkt__SyncStatusEnum__FAILED, msg);
            continue;
        }
        int r = mktows_store_cobj_delete(mktows_srv_of(soap)->store, t, keys);
        if (r < 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure deleting a custom object");
        s_status(soap, &st[i], t, kl, r ? mkt__SyncStatusEnum__DELETED : mkt__SyncStatusEnum__FAILED,
                 r ? NULL : "no such object");
    }
    struct mkt__ResultDeleteCustomObjects *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultDeleteCustomObjects, 1);
    struct mkt__ArrayOfSyncCustomObjStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfSyncCustomObjStatus, 1);
    if (!res || !arr)
        return soap->error = SOAP_EOM;
    arr->__sizesyncCustomObjStatus = n;
    arr->syncCustomObjStatus = st;
    res->deleteCustomObjStatusList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(deleteCustomObjects, mkt__ParamsDeleteCustomObjects, mkt__SuccessDeleteCustomObjects, s_delete)
