/* The requests of the benchmark rig: see workload.h. */
#include "workload.h"
#include "canned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mktows_lead_attribute s_attrs[] = {
    { "FirstName", "George", NULL },
    { "LastName", "of the Jungle", NULL },
};

void mktows_bench_sync_lead_request(mktows_sync_lead_request *req)
{
    *req = (mktows_sync_lead_request)MKTOWS_SYNC_LEAD_REQUEST_INIT;
    req->email = "george@jungle.com";
    req->attrs = s_attrs;
    req->attr_count = sizeof s_attrs / sizeof s_attrs[0];
    req->return_lead = 0;
}

#define S_ATTRS 8
#define S_TEXT 48

/* One block: the params, then the array, the records, the attributes and their text. */
typedef struct s_batch {
    struct mkt__ParamsSyncMultipleLeads params;
    struct mkt__ArrayOfLeadRecord list;
    enum xsd__boolean dedup;
    struct mkt__LeadRecord records[MKTOWS_BENCH_BATCH_LEADS];
    struct mkt__ArrayOfAttribute attr_lists[MKTOWS_BENCH_BATCH_LEADS];
    struct mkt__Attribute attrs[MKTOWS_BENCH_BATCH_LEADS][S_ATTRS];
    char text[MKTOWS_BENCH_BATCH_LEADS][S_ATTRS + 1][S_TEXT];
} s_batch;

struct mkt__ParamsSyncMultipleLeads *mktows_bench_batch_request_new(void)
{
    static const char *const names[S_ATTRS] = { "FirstName", "LastName", "Company", "Title",
                                                "Phone", "City", "State", "Country" };
    s_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    for (int i = 0; i < MKTOWS_BENCH_BATCH_LEADS; i++) {
        int n = i + 1;
        char(*t)[S_TEXT] = b->text[i];
        snprintf(t[0], S_TEXT, "First%d", n);
        snprintf(t[1], S_TEXT, "Last%d", n);
        snprintf(t[2], S_TEXT, "Company %d Ltd", n);
        snprintf(t[3], S_TEXT, "Engineer");
        snprintf(t[4], S_TEXT, "+1 555 %04d", n);
        snprintf(t[5], S_TEXT, "Springfield");
        snprintf(t[6], S_TEXT, "CA");
        snprintf(t[7], S_TEXT, "USA");
        snprintf(t[S_ATTRS], S_TEXT, "lead%03d@example.com", n);
        for (int a = 0; a < S_ATTRS; a++)
            b->attrs[i][a] = (struct mkt__Attribute){ .attrName = (char *)names[a], .attrValue = t[a] };
        b->attr_lists[i] = (struct mkt__ArrayOfAttribute){ .__sizeattribute = S_ATTRS, .attribute = b->attrs[i] };
        b->records[i] = (struct mkt__LeadRecord){ .Email = t[S_ATTRS], .leadAttributeList = &b->attr_lists[i] };
    }
    b->list = (struct mkt__ArrayOfLeadRecord){ .__sizeleadRecord = MKTOWS_BENCH_BATCH_LEADS, .leadRecord = b->records };
    b->dedup = xsd__boolean__true_;
    b->params = (struct mkt__ParamsSyncMultipleLeads){ .leadRecordList = &b->list, .dedupEnabled = &b->dedup };
    return &b->params;
}

void mktows_bench_batch_request_free(struct mkt__ParamsSyncMultipleLeads *params)
{
    free(params); /* the first member of the block */
}
