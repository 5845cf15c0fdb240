/* Custom objects of a configured type: syncCustomObjects in the three modes with a status per
 * object, getCustomObjects by key fields with includeAttributes and paging, deleteCustomObjects. */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mktows_test_server s_srv;
static mktows_client *s_c;

static const char s_config[] =
    "[custom_object RoadShow]\n"
    "keys = MKTOID, rid\n"
    "fields = MKTOID:integer, city, zip, seats:integer\n";

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    if (mktows_test_server_start(&s_srv, &o))
        return 1;
    s_c = mktows_test_client_new(&s_srv, NULL, NULL);
    return s_c ? 0 : 1;
}

static int s_teardown(void)
{
    mktows_client_free(s_c);
    int rc = mktows_test_server_stop(&s_srv);
    mktows_test_server_clean_up(&s_srv);
    return rc == 0 ? 0 : 1;
}

/* One object: keys MKTOID/rid, attribute city/seats (NULL = absent). Storage is static per slot. */
typedef struct obj {
    struct mkt__Attribute k[2], a[2];
    struct mkt__ArrayOfAttribute kl, al;
    char mkto[16], rid[16];
} obj;

static void s_obj(obj *o, struct mkt__CustomObj *co, int mkto, int rid, const char *city, const char *seats)
{
    memset(o, 0, sizeof *o);
    snprintf(o->mkto, sizeof o->mkto, "%d", mkto);
    snprintf(o->rid, sizeof o->rid, "%d", rid);
    o->k[0].attrName = "MKTOID";
    o->k[0].attrValue = o->mkto;
    o->k[1].attrName = "rid";
    o->k[1].attrValue = o->rid;
    o->kl.__sizeattribute = rid ? 2 : 1;
    o->kl.attribute = o->k;
    int n = 0;
    if (city) {
        o->a[n].attrName = "city";
        o->a[n++].attrValue = (char *)city;
    }
    if (seats) {
        o->a[n].attrName = "seats";
        o->a[n++].attrValue = (char *)seats;
    }
    o->al.__sizeattribute = n;
    o->al.attribute = o->a;
    co->customObjKeyList = &o->kl;
    co->customObjAttributeList = &o->al;
}

static mktows_code s_sync(const char *type, enum mkt__SyncOperationEnum op, struct mkt__CustomObj *cos, int n,
                          struct mkt__ArrayOfSyncCustomObjStatus **out)
{
    struct mkt__ArrayOfCustomObj list = { .__sizecustomObj = n, .customObj = cos };
    struct mkt__ParamsSyncCustomObjects req = { .objTypeName = (char *)type, .customObjList = &list, .operation = &op };
    struct mkt__SuccessSyncCustomObjects resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, syncCustomObjects, &req, &resp);
    *out = rc == MKTOWS_OK ? resp.result->syncCustomObjStatusList : NULL;
    return rc;
}

static void test_sync_custom_objects__upsert_insert_update_statuses(void)
{
    obj o[4];
    struct mkt__CustomObj co[4];
    s_obj(&o[0], &co[0], 10, 1, "Paris", "100");
    s_obj(&o[1], &co[1], 10, 2, "Lyon", NULL);
    s_obj(&o[2], &co[2], 10, 0, "Nice", NULL);         /* key rid missing */
    s_obj(&o[3], &co[3], 11, 1, NULL, "many");         /* seats not an integer */
    struct mkt__ArrayOfSyncCustomObjStatus *st = NULL;
    CU_ASSERT_EQUAL_FATAL(s_sync("RoadShow", mkt__SyncOperationEnum__UPSERT, co, 4, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(st->__sizesyncCustomObjStatus, 4);
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[0].status, mkt__SyncStatusEnum__CREATED);
    CU_ASSERT_STRING_EQUAL(st->syncCustomObjStatus[0].objTypeName, "RoadShow");
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[1].status, mkt__SyncStatusEnum__CREATED);
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[2].status, mkt__SyncStatusEnum__FAILED);
    CU_ASSERT_PTR_NOT_NULL(st->syncCustomObjStatus[2].error);
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[3].status, mkt__SyncStatusEnum__FAILED);

    s_obj(&o[0], &co[0], 10, 1, "Paris 2", NULL);
    s_obj(&o[1], &co[1], 10, 3, "Marseille", NULL);
    CU_ASSERT_EQUAL_FATAL(s_sync("roadshow", mkt__SyncOperationEnum__INSERT, co, 2, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[0].status, mkt__SyncStatusEnum__FAILED); /* exists */
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[1].status, mkt__SyncStatusEnum__CREATED);
    s_obj(&o[1], &co[1], 10, 4, "Lille", NULL);
    CU_ASSERT_EQUAL_FATAL(s_sync("RoadShow", mkt__SyncOperationEnum__UPDATE, co, 2, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[0].status, mkt__SyncStatusEnum__UPDATED);
    CU_ASSERT_EQUAL(st->syncCustomObjStatus[1].status, mkt__SyncStatusEnum__FAILED); /* no such object */

    CU_ASSERT_EQUAL(s_sync("NoSuchType", mkt__SyncOperationEnum__UPSERT, co, 1, &st), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL(s_sync(NULL, mkt__SyncOperationEnum__UPSERT, co, 1, &st), MKTOWS_MKTO_PARAMETER_REQUIRED);
    CU_ASSERT_EQUAL(s_sync("RoadShow", mkt__SyncOperationEnum__UPSERT, co, 0, &st), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

static mktows_code s_get(const char *mkto, const char *pos, int batch, struct mkt__ArrayOfString *include,
                         struct mkt__ResultGetCustomObjects **out)
{
    struct mkt__Attribute k = { .attrName = "MKTOID", .attrValue = (char *)mkto };
    struct mkt__ArrayOfAttribute kl = { .__sizeattribute = 1, .attribute = &k };
    struct mkt__ParamsGetCustomObjects req = { .objTypeName = "RoadShow", .streamPosition = (char *)pos,
                                               .batchSize = batch ? &batch : NULL,
                                               .customObjKeyList = mkto ? &kl : NULL, .includeAttributes = include };
    struct mkt__SuccessGetCustomObjects resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, getCustomObjects, &req, &resp);
    *out = resp.result;
    return rc;
}

static const char *s_val(const struct mkt__ArrayOfAttribute *l, const char *name)
{
    for (int i = 0; l && i < l->__sizeattribute; i++)
        if (!strcmp(l->attribute[i].attrName, name))
            return l->attribute[i].attrValue;
    return NULL;
}

static void test_get_custom_objects__by_key_with_paging_and_include_attributes(void)
{
    obj o[25];
    struct mkt__CustomObj co[25];
    for (int i = 0; i < 25; i++)
        s_obj(&o[i], &co[i], 77, i + 1, "Berlin", "5");
    struct mkt__ArrayOfSyncCustomObjStatus *st = NULL;
    CU_ASSERT_EQUAL_FATAL(s_sync("RoadShow", mkt__SyncOperationEnum__UPSERT, co, 25, &st), MKTOWS_OK);

    char pos[128] = "";
    int total = 0, pages = 0;
    for (;;) {
        struct mkt__ResultGetCustomObjects *r = NULL;
        CU_ASSERT_EQUAL_FATAL(s_get("77", *pos ? pos : NULL, 10, NULL, &r), MKTOWS_OK);
        pages++;
        CU_ASSERT_STRING_EQUAL(r->objTypeName, "RoadShow");
        for (int i = 0; i < r->returnCount; i++) {
            char want[16];
            snprintf(want, sizeof want, "%d", total + i + 1);
            CU_ASSERT_STRING_EQUAL(s_val(r->customObjList->customObj[i].customObjKeyList, "rid"), want);
            CU_ASSERT_STRING_EQUAL(s_val(r->customObjList->customObj[i].customObjAttributeList, "city"), "Berlin");
        }
        total += r->returnCount;
        if (r->remainingCount == 0 || pages > 5)
            break;
        snprintf(pos, sizeof pos, "%s", r->newStreamPosition);
    }
    CU_ASSERT_EQUAL(total, 25);
    CU_ASSERT_EQUAL(pages, 3);

    char *only[] = { "seats" };
    struct mkt__ArrayOfString inc = { .__sizestringItem = 1, .stringItem = only };
    struct mkt__ResultGetCustomObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get("77", NULL, 1, &inc, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 1);
    CU_ASSERT_EQUAL(r->remainingCount, 24);
    CU_ASSERT_EQUAL(r->customObjList->customObj[0].customObjAttributeList->__sizeattribute, 1);
    CU_ASSERT_STRING_EQUAL(s_val(r->customObjList->customObj[0].customObjAttributeList, "seats"), "5");

    CU_ASSERT_EQUAL(s_get("77", "co.zz.zz", 0, NULL, &r), MKTOWS_MKTO_BAD_STREAM_POSITION);
    only[0] = "color";
    CU_ASSERT_EQUAL(s_get("77", NULL, 0, &inc, &r), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL_FATAL(s_get("12345", NULL, 0, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 0);
}

static void test_delete_custom_objects__deletes_and_reports_each(void)
{
    obj o[2];
    struct mkt__CustomObj co[2];
    s_obj(&o[0], &co[0], 90, 1, "Rome", NULL);
    s_obj(&o[1], &co[1], 90, 2, "Milan", NULL);
    struct mkt__ArrayOfSyncCustomObjStatus *st = NULL;
    CU_ASSERT_EQUAL_FATAL(s_sync("RoadShow", mkt__SyncOperationEnum__UPSERT, co, 2, &st), MKTOWS_OK);
    obj missing;
    struct mkt__CustomObj mco;
    s_obj(&missing, &mco, 90, 3, NULL, NULL);
    struct mkt__ArrayOfAttribute keys[3] = { o[0].kl, *mco.customObjKeyList, o[1].kl };
    keys[2].__sizeattribute = 1; /* incomplete key */
    struct mkt__ArrayOfKeyList kl = { .__sizekeyList = 3, .keyList = keys };
    struct mkt__ParamsDeleteCustomObjects req = { .objTypeName = "RoadShow", .customObjKeyLists = &kl };
    struct mkt__SuccessDeleteCustomObjects resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, deleteCustomObjects, &req, &resp), MKTOWS_OK);
    struct mkt__ArrayOfSyncCustomObjStatus *d = resp.result->deleteCustomObjStatusList;
    CU_ASSERT_EQUAL_FATAL(d->__sizesyncCustomObjStatus, 3);
    CU_ASSERT_EQUAL(d->syncCustomObjStatus[0].status, mkt__SyncStatusEnum__DELETED);
    CU_ASSERT_EQUAL(d->syncCustomObjStatus[1].status, mkt__SyncStatusEnum__FAILED);
    CU_ASSERT_EQUAL(d->syncCustomObjStatus[2].status, mkt__SyncStatusEnum__FAILED);
    struct mkt__ResultGetCustomObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get("90", NULL, 0, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 1);
    req.objTypeName = "Nope";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, deleteCustomObjects, &req, &resp), MKTOWS_MKTO_BAD_PARAMETER);
    req.objTypeName = "RoadShow";
    req.customObjKeyLists = NULL;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, deleteCustomObjects, &req, &resp), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "sync_custom_objects__upsert_insert_update_statuses", test_sync_custom_objects__upsert_insert_update_statuses },
        { "get_custom_objects__by_key_with_paging_and_include_attributes", test_get_custom_objects__by_key_with_paging_and_include_attributes },
        { "delete_custom_objects__deletes_and_reports_each", test_delete_custom_objects__deletes_and_reports_each },
        { NULL, NULL }
    };
    return mktows_test_run("server_custom_objects", s_setup, s_teardown, cases);
}
