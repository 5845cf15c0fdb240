/* getLeadActivity (one lead, newest first) and getLeadChanges (many leads, oldest first) over the
 * activity log, with the activity filters and StreamPosition paging:
 *   offset            the id of the last activity returned (decimal); the next page continues after it
 *   oldestCreatedAt   activities created at or after this time
 *   latestCreatedAt   activities created at or before this time
 *   activityCreatedAt the time of the last activity returned; given alone it acts as oldestCreatedAt
 *                     (getLeadChanges) or latestCreatedAt (getLeadActivity) */
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
#include <time.h>

/* The activity names of the activity-type-filters page: what activityNameFilter accepts. */
static const char *const s_names[] = {
    "Add to List", "Add to Nurture", "Add to Opportunity", "Add to Segment", "Add to SFDC Campaign",
    "Add to Smart Campaign", "Assign Nurture Content", "Capture Campaign Membership History",
    "Capture List Membership History", "Change Account Owner", "Change Attribute Datatype", "Change CRM User",
    "Change Custom Object", "Change Data Value", "Change Nurture Cadence", "Change Nurture Exhausted",
    "Change Nurture Track", "Change Owner", "Change Program Data", "Change Revenue Stage",
    "Change Revenue Stage Manually", "Change Score", "Change Segment", "Change Status in Progression",
    "Change Status in SFDC Campaign", "Click Email", "Click Link", "Click Sales Email", "Click Shared Link",
    "Convert Lead", "Create Task", "Delete Lead from SFDC", "Email Bounced", "Email Bounced Soft",
    "Email Delivered", "Enrich with Data.com", "Fill Out Form", "Interesting Moment", "Lead Assigned",
    "Merge Leads", "New Lead", "New SFDC Opportunity", "Nurture Deploy", "Open Email", "Open Sales Email",
    "Receive Sales Email", "Received Forward to Friend Email", "Remove from Flow", "Remove from List",
    "Remove from Opportunity", "Remove from SFDC Campaign", "Request Campaign", "Reward Test Group Variant",
    "Sales Email Bounced", "Segmentation Approval", "Send Alert", "Send Email", "Send Sales Email",
    "Sent Forward to Friend Email", "SFDC Activity", "SFDC Activity Updated", "SFDC Merge Leads",
    "Share Content", "Sync Lead to SFDC", "Sync Lead Updates to SFDC", "Unsubscribe Email",
    "Update Opportunity", "Visit Webpage", NULL
};

static int s_known_name(struct soap *soap, const char *name)
{
    char key[128], k2[128];
    mktows_srv_type_key(name, key, sizeof key);
    for (size_t i = 0; s_names[i]; i++) {
        mktows_srv_type_key(s_names[i], k2, sizeof k2);
        if (!strcmp(key, k2))
            return 1;
    }
    enum mkt__ActivityType t;
    int ok = soap_s2mkt__ActivityType(soap, name, &t) == SOAP_OK;
    soap->error = SOAP_OK;
    return ok;
}

static const char *const *s_type_keys(struct soap *soap, const struct mkt__ArrayOfActivityType *a, size_t *n)
{
    *n = (size_t)(a->__sizeactivityType > 0 ? a->__sizeactivityType : 0);
    char **keys = MKTOWS_SRV_NEW(soap, char *, *n ? *n : 1);
    for (size_t i = 0; keys && i < *n; i++) {
        char buf[128];
        mktows_srv_type_key(soap_mkt__ActivityType2s(soap, a->activityType[i]), buf, sizeof buf);
        keys[i] = soap_strdup(soap, buf);
    }
    return (const char *const *)keys;
}

/* activityFilter (+ activityNameFilter for getLeadChanges) into q. SOAP_OK or a fault. */
static int s_filters(struct soap *soap, const struct mkt__ActivityTypeFilter *f, const struct mkt__ArrayOfString *names,
                     mktows_srv_activity_query *q)
{
    int inc = f && f->includeTypes && f->includeTypes->__sizeactivityType > 0;
    int exc = f && f->excludeTypes && f->excludeTypes->__sizeactivityType > 0;
    if (inc && exc)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "activityFilter: includeTypes and excludeTypes cannot both be given");
    if (inc)
        q->include = s_type_keys(soap, f->includeTypes, &q->include_count);
    if (exc)
        q->exclude = s_type_keys(soap, f->excludeTypes, &q->exclude_count);
    if (names && names->__sizestringItem > 0) {
        if (inc)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                    "activityNameFilter and activityFilter/includeTypes cannot both be given");
        size_t n = (size_t)names->__sizestringItem;
        char **keys = MKTOWS_SRV_NEW(soap, char *, n);
        if (!keys)
            return soap->error = SOAP_EOM;
        for (size_t i = 0; i < n; i++) {
            const char *name = names->stringItem[i] ? names->stringItem[i] : "";
            if (!s_known_name(soap, name))
                return mktows_srv_fault(soap, MKTOWS_MKTO_ACTIVITY_KEY_BAD,
                                        "activityNameFilter: '%s' is not an activity type", name);
            char buf[128];
            mktows_srv_type_key(name, buf, sizeof buf);
            keys[i] = soap_strdup(soap, buf);
        }
        q->include = (const char *const *)keys;
        q->include_count = n;
    }
    return SOAP_OK;
}

static int s_position(struct soap *soap, const struct mkt__StreamPosition *p, mktows_srv_activity_query *q)
{
    if (!p)
        return SOAP_OK;
    if (p->oldestCreatedAt)
        q->oldest_s = (long long)*p->oldestCreatedAt;
    if (p->latestCreatedAt)
        q->latest_s = (long long)*p->latestCreatedAt;
    if (p->offset && *p->offset) {
        char *end = NULL;
        errno = 0;
        long long id = strtoll(p->offset, &end, 10);
        if (errno || *end || id <= 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_STREAM_POSITION,
                                    "startPosition offset '%s' is not a position this server returned",
                                    p->offset);
        q->offset_id = id;
    } else if (p->activityCreatedAt) {
        if (q->descending && q->latest_s < 0)
            q->latest_s = (long long)*p->activityCreatedAt;
        else if (!q->descending && q->oldest_s < 0)
            q->oldest_s = (long long)*p->activityCreatedAt;
    }
    if (q->oldest_s >= 0 && q->latest_s >= 0 && q->latest_s < q->oldest_s)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "latestCreatedAt is before oldestCreatedAt");
    return SOAP_OK;
}

static int s_batch(struct soap *soap, const int *batch, int max, mktows_srv_activity_query *q)
{
    q->limit = max;
    if (batch) {
        if (*batch <= 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "batchSize must be positive, not %d", *batch);
        q->limit = *batch < max ? *batch : max;
    }
    return SOAP_OK;
}

/* The position after a page. getLeadActivity (@p activity) answers as its page shows: the stream's
 * latestCreatedAt (the request's, else the time of the call, which bounds the pages that follow)
 * and the offset, with activityCreatedAt nil; getLeadChanges also gives the time of the last
 * activity returned as activityCreatedAt. */
static struct mkt__StreamPosition *s_new_position(struct soap *soap, const mktows_srv_activity_query *q,
                                                  const mktows_srv_activity *acts, size_t n, int activity)
{
    struct mkt__StreamPosition *p = MKTOWS_SRV_NEW(soap, struct mkt__StreamPosition, 1);
    if (!p)
        return NULL;
    if (q->oldest_s >= 0)
        p->oldestCreatedAt = mktows_srv_time(soap, q->oldest_s);
    if (q->latest_s >= 0)
        p->latestCreatedAt = mktows_srv_time(soap, q->latest_s);
    else if (activity)
        p->latestCreatedAt = mktows_srv_time(soap, (long long)time(NULL));
    long long last = n ? acts[n - 1].id : q->offset_id;
    if (n && !activity)
        p->activityCreatedAt = mktows_srv_time(soap, acts[n - 1].created_s);
    if (last > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", last);
        p->offset = soap_strdup(soap, buf);
    }
    return p;
}

static struct mkt__ArrayOfAttribute *s_attrs(struct soap *soap, const mktows_srv_activity *a)
{
    struct mkt__ArrayOfAttribute *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttribute, 1);
    struct mkt__Attribute *at = MKTOWS_SRV_NEW(soap, struct mkt__Attribute, a->attr_count);
    if (!arr || !at)
        return NULL;
    for (size_t i = 0; i < a->attr_count; i++) {
        at[i].attrName = (char *)a->attrs[i].name;
        at[i].attrType = NULL; /* nil, as the getLeadActivity page shows activity attributes */
        at[i].attrValue = (char *)a->attrs[i].value;
    }
    arr->__sizeattribute = (int)a->attr_count;
    arr->attribute = at;
    return arr;
}

static char *s_id_text(struct soap *soap, long long id)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", id);
    return soap_strdup(soap, buf);
}

static void s_query_init(mktows_srv_activity_query *q)
{
    memset(q, 0, sizeof *q);
    q->oldest_s = -1;
    q->latest_s = -1;
}

/* One page of the activity log for q. SOAP_OK, or a 20011 fault when the store fails. */
static int s_fetch(struct soap *soap, const mktows_srv_activity_query *q, mktows_srv_activity **acts,
                   size_t *count, long long *remaining)
{
    char msg[512];
    if (mktows_store_activities(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), q, acts, count, remaining, msg,
                                sizeof msg))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", msg);
    return SOAP_OK;
}

/* ActivityRecord (getLeadActivity) and LeadChangeRecord (getLeadChanges) are two generated types
 * with the same fields, filled the same way from a stored activity. */
#define S_FILL_RECORD(soap, rec, a)                                  \
    do {                                                             \
        (rec)->id = (a)->id;                                         \
        (rec)->activityDateTime = (time_t)(a)->created_s;            \
        (rec)->activityType = (a)->type;                             \
        (rec)->mktgAssetName = (a)->asset;                           \
        (rec)->activityAttributes = s_attrs((soap), (a));            \
        (rec)->campaign = (a)->campaign;                             \
        (rec)->mktPersonId = s_id_text((soap), (a)->lead_id);        \
    } while (0)

/* ---- getLeadActivity ---- */

static int s_get_lead_activity(struct soap *soap, struct mkt__ParamsGetLeadActivity *in,
                               struct mkt__SuccessGetLeadActivity *out)
{
    if (!in->leadKey || !in->leadKey->keyValue || !*in->leadKey->keyValue)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "leadKey with keyType and keyValue is required");
    mktows_srv_activity_query q;
    s_query_init(&q);
    q.descending = 1;
    char msg[512];
    long long *ids = NULL;
    size_t n = 0;
    int code = mktows_srv_lead_ids(soap, in->leadKey->keyType, in->leadKey->keyValue, &ids, &n, msg, sizeof msg);
    if (code)
        return mktows_srv_fault(soap, code, "%s", msg);
    if (!n)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_NOT_FOUND, "no lead matches %s %s",
                                soap_mkt__LeadKeyRef2s(soap, in->leadKey->keyType), in->leadKey->keyValue);
    q.lead_ids = ids;
    q.lead_count = n;
    int rc;
    if ((rc = s_filters(soap, in->activityFilter, NULL, &q)) != SOAP_OK
        || (rc = s_position(soap, in->startPosition, &q)) != SOAP_OK
        || (rc = s_batch(soap, in->batchSize, 100, &q)) != SOAP_OK)
        return rc;

    mktows_srv_activity *acts = NULL;
    size_t count = 0;
    long long remaining = 0;
    if ((rc = s_fetch(soap, &q, &acts, &count, &remaining)) != SOAP_OK)
        return rc;
    struct mkt__LeadActivityList *res = MKTOWS_SRV_NEW(soap, struct mkt__LeadActivityList, 1);
    struct mkt__ArrayOfActivityRecord *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfActivityRecord, 1);
    struct mkt__ActivityRecord *recs = MKTOWS_SRV_NEW(soap, struct mkt__ActivityRecord, count);
    if (!res || !arr || !recs)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < count; i++)
        S_FILL_RECORD(soap, &recs[i], &acts[i]);
    arr->__sizeactivityRecord = (int)count;
    arr->activityRecord = recs;
    res->returnCount = (int)count;
    res->remainingCount = (int)remaining;
    res->newStartPosition = s_new_position(soap, &q, acts, count, 1);
    res->activityRecordList = arr;
    out->leadActivityList = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getLeadActivity, mkt__ParamsGetLeadActivity, mkt__SuccessGetLeadActivity, s_get_lead_activity)

/* ---- getLeadChanges ---- */

static int s_selector(struct soap *soap, const struct mkt__LeadSelector *sel, mktows_srv_activity_query *q)
{
    char msg[512];
    if (sel->mkt__LeadKeySelector) {
        const struct mkt__LeadKeySelector *ks = sel->mkt__LeadKeySelector;
        int n = ks->keyValues ? ks->keyValues->__sizestringItem : 0;
        if (n <= 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "LeadKeySelector needs keyValues/stringItem");
        if (n > 100)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "LeadKeySelector: %d keys, at most 100", n);
        long long *all = MKTOWS_SRV_NEW(soap, long long, 1);
        size_t count = 0;
        if (!all)
            return soap->error = SOAP_EOM;
        for (int i = 0; i < n; i++) {
            long long *ids = NULL;
            size_t k = 0;
            int code = mktows_srv_lead_ids(soap, ks->keyType, ks->keyValues->stringItem[i], &ids, &k, msg,
                                           sizeof msg);
            if (code)
                return mktows_srv_fault(soap, code, "%s", msg);
            long long *m = MKTOWS_SRV_NEW(soap, long long, count + k + 1);
            if (!m)
                return soap->error = SOAP_EOM;
            memcpy(m, all, count * sizeof *m);
            if (k)
                memcpy(m + count, ids, k * sizeof *ids);
            all = m;
            count += k;
        }
        q->lead_ids = all;
        q->lead_count = count;
    } else if (sel->mkt__StaticListSelector) {
        const struct mkt__StaticListSelector *ls = sel->mkt__StaticListSelector;
        const mktows_srv_list *list = NULL;
        if (ls->staticListName && *ls->staticListName)
            list = mktows_srv_config_list(&mktows_srv_of(soap)->cfg, ls->staticListName, 0);
        else if (ls->staticListId)
            list = mktows_srv_config_list(&mktows_srv_of(soap)->cfg, NULL, *ls->staticListId);
        else
            return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED,
                                    "StaticListSelector needs staticListName or staticListId");
        if (!list)
            return mktows_srv_fault(soap, MKTOWS_MKTO_LIST_NOT_FOUND, "no such static list");
        q->list_id = list->id;
    } else if (sel->mkt__LastUpdateAtSelector) {
        /* the page: oldestUpdatedAt ~ oldestCreatedAt, latestUpdatedAt ~ latestCreatedAt */
        q->oldest_s = (long long)sel->mkt__LastUpdateAtSelector->oldestUpdatedAt;
        if (sel->mkt__LastUpdateAtSelector->latestUpdatedAt)
            q->latest_s = (long long)*sel->mkt__LastUpdateAtSelector->latestUpdatedAt;
    } else {
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "leadSelector needs an xsi:type");
    }
    return SOAP_OK;
}

static int s_get_lead_changes(struct soap *soap, struct mkt__ParamsGetLeadChanges *in,
                              struct mkt__SuccessGetLeadChanges *out)
{
    const struct mkt__StreamPosition *sp = in->startPosition;
    if (!sp || (!sp->oldestCreatedAt && !sp->activityCreatedAt && !(sp->offset && *sp->offset)))
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED,
                                "startPosition with oldestCreatedAt, activityCreatedAt or offset is"
                                             " required");
    mktows_srv_activity_query q;
    s_query_init(&q);
    int rc;
    if (in->leadSelector && (rc = s_selector(soap, in->leadSelector, &q)) != SOAP_OK)
        return rc;
    if ((rc = s_filters(soap, in->activityFilter, in->activityNameFilter, &q)) != SOAP_OK
        || (rc = s_position(soap, in->startPosition, &q)) != SOAP_OK
        || (rc = s_batch(soap, in->batchSize, 1000, &q)) != SOAP_OK)
        return rc;

    mktows_srv_activity *acts = NULL;
    size_t count = 0;
    long long remaining = 0;
    if ((rc = s_fetch(soap, &q, &acts, &count, &remaining)) != SOAP_OK)
        return rc;
    struct mkt__ResultGetLeadChanges *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetLeadChanges, 1);
    struct mkt__ArrayOfLeadChangeRecord *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfLeadChangeRecord, 1);
    struct mkt__LeadChangeRecord *recs = MKTOWS_SRV_NEW(soap, struct mkt__LeadChangeRecord, count);
    if (!res || !arr || !recs)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < count; i++)
        S_FILL_RECORD(soap, &recs[i], &acts[i]);
    arr->__sizeleadChangeRecord = (int)count;
    arr->leadChangeRecord = recs;
    res->returnCount = (int)count;
    res->remainingCount = (int)remaining;
    res->newStartPosition = s_new_position(soap, &q, acts, count, 0);
    res->leadChangeRecordList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getLeadChanges, mkt__ParamsGetLeadChanges, mkt__SuccessGetLeadChanges, s_get_lead_changes)
