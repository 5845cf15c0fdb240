/* MObjects against mktows-server: listMObjects, describeMObject, syncMObjects (Opportunity,
 * OpportunityPersonRole, Program costs and tags) with per-object statuses, getMObjects by id,
 * external key, criteria and associations with paging, deleteMObjects. */
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
    "[channel Webinar]\n"
    "statuses = Invited, Registered, Attended*\n"
    "[tag Region]\n"
    "values = EMEA, APAC\n"
    "[program Spring Webinar]\n"
    "id = 3500\n"
    "type = Event\n"
    "channel = Webinar\n";

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

static void test_mobjects__list_and_describe(void)
{
    struct mkt__ParamsListMObjects lreq;
    memset(&lreq, 0, sizeof lreq);
    struct mkt__SuccessListMObjects lresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, listMObjects, &lreq, &lresp), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(lresp.result->__sizeobjects, 4);
    CU_ASSERT_STRING_EQUAL(lresp.result->objects[2], "Opportunity");

    struct mkt__ParamsDescribeMObject req = { .objectName = "Opportunity" };
    struct mkt__SuccessDescribeMObject resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, describeMObject, &req, &resp), MKTOWS_OK);
    struct mkt__MObjectMetadata *m = resp.result->metadata;
    CU_ASSERT_STRING_EQUAL(m->name, "Opportunity");
    CU_ASSERT_EQUAL(m->isVirtual, xsd__boolean__false_);
    int stage = 0;
    for (int i = 0; i < m->fieldList->__sizefield; i++)
        stage |= !strcmp(m->fieldList->field[i].name, "Stage");
    CU_ASSERT_TRUE(stage);
    req.objectName = "LeadRecord";
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, describeMObject, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(resp.result->metadata->isVirtual, xsd__boolean__true_);
    CU_ASSERT_TRUE(resp.result->metadata->fieldList->__sizefield > 40);
    req.objectName = "Banana";
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, describeMObject, &req, &resp), MKTOWS_MKTO_BAD_PARAMETER);
    req.objectName = NULL;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, describeMObject, &req, &resp), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

/* syncMObjects of one object; returns the status (and id through *id). */
static mktows_code s_sync_one(struct mkt__MObject *m, enum mkt__SyncOperationEnum op, struct mkt__MObjStatus *out)
{
    struct mkt__ArrayOfMObject list = { .__sizemObject = 1, .mObject = m };
    struct mkt__ParamsSyncMObjects req = { .mObjectList = &list, .operation = op };
    struct mkt__SuccessSyncMObjects resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, syncMObjects, &req, &resp);
    if (rc == MKTOWS_OK) {
        CU_ASSERT_EQUAL_FATAL(resp.result->mObjStatusList->__sizemObjStatus, 1);
        *out = resp.result->mObjStatusList->mObjStatus[0];
    }
    return rc;
}

static int s_opportunity(const char *name, const char *stage, const char *amount, const char *crm)
{
    struct mkt__Attrib a[3] = { { .name = "Name", .value = (char *)name }, { .name = "Stage", .value = (char *)stage },
                                { .name = "Amount", .value = (char *)amount } };
    struct mkt__ArrayOfAttrib al = { .__sizeattrib = 3, .attrib = a };
    struct mkt__Attrib ext = { .name = "CRM Id", .value = (char *)crm };
    struct mkt__MObject m;
    memset(&m, 0, sizeof m);
    m.type = "Opportunity";
    m.externalKey = crm ? &ext : NULL;
    m.attribList = &al;
    struct mkt__MObjStatus st;
    if (s_sync_one(&m, mkt__SyncOperationEnum__UPSERT, &st) != MKTOWS_OK || st.status != mkt__MObjStatusEnum__CREATED
        || !st.id)
        return 0;
    return *st.id;
}

static mktows_code s_get(const char *type, int *id, struct mkt__ArrayOfMObjCriteria *crit,
                         struct mkt__ArrayOfMObjAssociation *assoc, const char *pos, struct mkt__ResultGetMObjects **out)
{
    enum xsd__boolean details = xsd__boolean__true_;
    struct mkt__ParamsGetMObjects req = { .type = (char *)type, .id = id, .mObjCriteriaList = crit,
                                          .mObjAssociationList = assoc, .includeDetails = &details,
                                          .streamPosition = (char *)pos };
    struct mkt__SuccessGetMObjects resp;
    memset(&resp, 0, sizeof resp);
    mktows_code rc = MKTOWS_CALL(s_c, getMObjects, &req, &resp);
    *out = resp.result;
    return rc;
}

static const char *s_mattr(const struct mkt__MObject *m, const char *name)
{
    for (int i = 0; m->attribList && i < m->attribList->__sizeattrib; i++)
        if (!strcmp(m->attribList->attrib[i].name, name))
            return m->attribList->attrib[i].value;
    return NULL;
}

static void test_mobjects__sync_get_with_criteria_associations_and_paging(void)
{
    int a = s_opportunity("Big deal", "Closed Won", "5000", "CRM-1");
    int b = s_opportunity("Small deal", "Prospecting", "20", NULL);
    CU_ASSERT_FATAL(a && b);

    /* update by id */
    struct mkt__Attrib upd = { .name = "Stage", .value = "Negotiation" };
    struct mkt__ArrayOfAttrib ul = { .__sizeattrib = 1, .attrib = &upd };
    struct mkt__MObject m;
    memset(&m, 0, sizeof m);
    m.type = "Opportunity";
    m.id = &b;
    m.attribList = &ul;
    struct mkt__MObjStatus st;
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&m, mkt__SyncOperationEnum__UPDATE, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__UPDATED);
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&m, mkt__SyncOperationEnum__INSERT, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__SKIPPED);
    upd.name = "NotAField";
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&m, mkt__SyncOperationEnum__UPDATE, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__FAILED);
    CU_ASSERT_PTR_NOT_NULL(st.error);

    /* a role linking a lead to opportunity a, through associations */
    int lead = 0;
    CU_ASSERT_EQUAL_FATAL(mktows_test_sync_many(s_c, "role", 0, 1, &lead, NULL, NULL), MKTOWS_OK);
    struct mkt__Attrib ra = { .name = "Role", .value = "Decision Maker" };
    struct mkt__ArrayOfAttrib ral = { .__sizeattrib = 1, .attrib = &ra };
    struct mkt__MObjAssociation links[2];
    memset(links, 0, sizeof links);
    links[0].mObjType = "Lead";
    links[0].id = &lead;
    links[1].mObjType = "Opportunity";
    links[1].id = &a;
    struct mkt__ArrayOfMObjAssociation ll = { .__sizemObjAssociation = 2, .mObjAssociation = links };
    struct mkt__MObject role;
    memset(&role, 0, sizeof role);
    role.type = "OpportunityLeadRole"; /* the WSDL enum's spelling works too */
    role.attribList = &ral;
    role.associationList = &ll;
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&role, mkt__SyncOperationEnum__UPSERT, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__CREATED);
    int missing = 999999;
    links[0].id = &missing;
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&role, mkt__SyncOperationEnum__UPSERT, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__FAILED); /* no such lead */

    /* get by id, by criteria, by association */
    struct mkt__ResultGetMObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", &a, NULL, NULL, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    CU_ASSERT_STRING_EQUAL(s_mattr(&r->mObjectList->mObject[0], "Name"), "Big deal");
    CU_ASSERT_STRING_EQUAL(r->mObjectList->mObject[0].externalKey->value, "CRM-1");
    CU_ASSERT_EQUAL(r->hasMore, xsd__boolean__false_);
    struct mkt__MObjCriteria c = { .attrName = "Amount", .comparison = mkt__ComparisonEnum__GT, .attrValue = "100" };
    struct mkt__ArrayOfMObjCriteria cl = { .__sizemObjCriteria = 1, .mObjCriteria = &c };
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", NULL, &cl, NULL, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    CU_ASSERT_EQUAL(*r->mObjectList->mObject[0].id, a);
    c.attrName = "Stage";
    c.comparison = mkt__ComparisonEnum__NE;
    c.attrValue = "Closed Won";
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", NULL, &cl, NULL, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    CU_ASSERT_EQUAL(*r->mObjectList->mObject[0].id, b);
    struct mkt__MObjAssociation by_lead = { .mObjType = "Lead", .id = &lead };
    struct mkt__ArrayOfMObjAssociation bl = { .__sizemObjAssociation = 1, .mObjAssociation = &by_lead };
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", NULL, NULL, &bl, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    CU_ASSERT_EQUAL(*r->mObjectList->mObject[0].id, a);
    CU_ASSERT_EQUAL_FATAL(s_get("OpportunityPersonRole", NULL, NULL, &bl, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    CU_ASSERT_STRING_EQUAL(s_mattr(&r->mObjectList->mObject[0], "Role"), "Decision Maker");

    /* 150 more: a page of 100, hasMore, then the rest */
    struct mkt__MObject *many = calloc(150, sizeof *many);
    struct mkt__Attrib *na = calloc(150, sizeof *na);
    struct mkt__ArrayOfAttrib *nl = calloc(150, sizeof *nl);
    for (int i = 0; i < 150; i++) {
        na[i].name = "Stage";
        na[i].value = "Bulk";
        nl[i].__sizeattrib = 1;
        nl[i].attrib = &na[i];
        many[i].type = "Opportunity";
        many[i].attribList = &nl[i];
    }
    struct mkt__ArrayOfMObject ml = { .__sizemObject = 150, .mObject = many };
    struct mkt__ParamsSyncMObjects sreq = { .mObjectList = &ml, .operation = mkt__SyncOperationEnum__INSERT };
    struct mkt__SuccessSyncMObjects sresp;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, syncMObjects, &sreq, &sresp), MKTOWS_OK);
    free(many);
    free(na);
    free(nl);
    c.attrName = "Stage";
    c.comparison = mkt__ComparisonEnum__EQ;
    c.attrValue = "Bulk";
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", NULL, &cl, NULL, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 100);
    CU_ASSERT_EQUAL_FATAL(r->hasMore, xsd__boolean__true_);
    char pos[128];
    snprintf(pos, sizeof pos, "%s", r->newStreamPosition);
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", NULL, &cl, NULL, pos, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 50);
    CU_ASSERT_EQUAL(r->hasMore, xsd__boolean__false_);
    CU_ASSERT_EQUAL(s_get("Opportunity", NULL, NULL, NULL, pos, &r), MKTOWS_MKTO_BAD_STREAM_POSITION);
    CU_ASSERT_EQUAL(s_get("Widget", NULL, NULL, NULL, NULL, &r), MKTOWS_MKTO_BAD_PARAMETER);
    CU_ASSERT_EQUAL(s_get(NULL, NULL, NULL, NULL, NULL, &r), MKTOWS_MKTO_PARAMETER_REQUIRED);
    c.attrName = "Flavour";
    CU_ASSERT_EQUAL(s_get("Opportunity", NULL, &cl, NULL, NULL, &r), MKTOWS_MKTO_BAD_PARAMETER);

    /* delete */
    struct mkt__MObject del[2];
    memset(del, 0, sizeof del);
    del[0].type = "Opportunity";
    del[0].id = &b;
    del[1].type = "Opportunity";
    del[1].id = &missing;
    struct mkt__ArrayOfMObject dl = { .__sizemObject = 2, .mObject = del };
    struct mkt__ParamsDeleteMObjects dreq = { .mObjectList = &dl };
    struct mkt__SuccessDeleteMObjects dresp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(s_c, deleteMObjects, &dreq, &dresp), MKTOWS_OK);
    CU_ASSERT_EQUAL(dresp.result->mObjStatusList->mObjStatus[0].status, mkt__MObjStatusEnum__DELETED);
    CU_ASSERT_EQUAL(dresp.result->mObjStatusList->mObjStatus[1].status, mkt__MObjStatusEnum__UNCHANGED);
    CU_ASSERT_EQUAL_FATAL(s_get("Opportunity", &b, NULL, NULL, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL(r->returnCount, 0);
    dreq.mObjectList = NULL;
    CU_ASSERT_EQUAL(MKTOWS_CALL(s_c, deleteMObjects, &dreq, &dresp), MKTOWS_MKTO_PARAMETER_REQUIRED);
}

static void test_mobjects__program_update_with_cost_and_tag(void)
{
    struct mkt__Attrib cost[2] = { { .name = "Month", .value = "2026-11" }, { .name = "Amount", .value = "1200" } };
    struct mkt__Attrib tag[2] = { { .name = "Type", .value = "Region" }, { .name = "Value", .value = "EMEA" } };
    struct mkt__ArrayOfAttrib cl = { .__sizeattrib = 2, .attrib = cost }, tl = { .__sizeattrib = 2, .attrib = tag };
    struct mkt__TypeAttrib ta[2] = { { .attrType = "Cost", .attrList = &cl }, { .attrType = "Tag", .attrList = &tl } };
    struct mkt__ArrayOfTypeAttrib tal = { .__sizetypeAttrib = 2, .typeAttrib = ta };
    int pid = 3500;
    struct mkt__MObject m;
    memset(&m, 0, sizeof m);
    m.type = "Program";
    m.id = &pid;
    m.typeAttribList = &tal;
    struct mkt__MObjStatus st;
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&m, mkt__SyncOperationEnum__UPSERT, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__FAILED); /* UPDATE only */
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&m, mkt__SyncOperationEnum__UPDATE, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__UPDATED);
    tag[1].value = "Mars";
    CU_ASSERT_EQUAL_FATAL(s_sync_one(&m, mkt__SyncOperationEnum__UPDATE, &st), MKTOWS_OK);
    CU_ASSERT_EQUAL(st.status, mkt__MObjStatusEnum__FAILED); /* tags must exist */

    struct mkt__ResultGetMObjects *r = NULL;
    CU_ASSERT_EQUAL_FATAL(s_get("Program", &pid, NULL, NULL, NULL, &r), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(r->returnCount, 1);
    struct mkt__MObject *p = &r->mObjectList->mObject[0];
    CU_ASSERT_STRING_EQUAL(s_mattr(p, "Name"), "Spring Webinar");
    CU_ASSERT_PTR_NULL(s_mattr(p, "Channel")); /* the channel is a Tag, as the getMObjects page has it */
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->typeAttribList);
    CU_ASSERT_EQUAL_FATAL(p->typeAttribList->__sizetypeAttrib, 3);
    CU_ASSERT_STRING_EQUAL(p->typeAttribList->typeAttrib[0].attrType, "Tag");
    CU_ASSERT_STRING_EQUAL(p->typeAttribList->typeAttrib[0].attrList->attrib[1].value, "Webinar");
    CU_ASSERT_STRING_EQUAL(p->typeAttribList->typeAttrib[1].attrType, "Cost");
    CU_ASSERT_STRING_EQUAL(p->typeAttribList->typeAttrib[2].attrType, "Tag");
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "mobjects__list_and_describe", test_mobjects__list_and_describe },
        { "mobjects__sync_get_with_criteria_associations_and_paging", test_mobjects__sync_get_with_criteria_associations_and_paging },
        { "mobjects__program_update_with_cost_and_tag", test_mobjects__program_update_with_cost_and_tag },
        { NULL, NULL }
    };
    return mktows_test_run("server_mobjects", s_setup, s_teardown, cases);
}
