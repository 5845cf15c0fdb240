/* Pagers: resend the caller's params with the position of the previous page until the stream ends. */
#include "private/client.h"

#include <mktows/paging.h>
#include <mktows/ops.h>
#include <mktows/sign.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum s_kind {
    S_MULTIPLE_LEADS,
    S_LEAD_CHANGES,
    S_LEAD_ACTIVITY,
    S_CUSTOM_OBJECTS,
    S_MOBJECTS
} s_kind;

struct mktows_pager {
    mktows_client *client;
    s_kind kind;
    const void *params;        /* the caller's, borrowed */
    char *position;            /* position of the next page as text; NULL = the params' own */
    /* StreamPosition of the next page (getLeadChanges / getLeadActivity), valid when position is set */
    time_t sp_time[3];         /* latestCreatedAt, oldestCreatedAt, activityCreatedAt */
    int sp_has[3];
    char *sp_offset;
    struct mkt__StreamPosition sp;
    int done;
    int remaining;
    int pages;
};

static mktows_code s_new(mktows_pager **out, mktows_client *client, s_kind kind, const void *params)
{
    assert(out);
    assert(client);
    assert(params);
    *out = NULL;
    mktows_pager *p = calloc(1, sizeof *p);
    if (!p)
        return MKTOWS_ERR_NO_MEMORY;
    p->client = client;
    p->kind = kind;
    p->params = params;
    p->remaining = -1;
    *out = p;
    return MKTOWS_OK;
}

mktows_code mktows_get_multiple_leads_pager(mktows_pager **out, mktows_client *client,
                                            const struct mkt__ParamsGetMultipleLeads *params)
{
    return s_new(out, client, S_MULTIPLE_LEADS, params);
}

mktows_code mktows_get_lead_changes_pager(mktows_pager **out, mktows_client *client,
                                          const struct mkt__ParamsGetLeadChanges *params)
{
    return s_new(out, client, S_LEAD_CHANGES, params);
}

mktows_code mktows_get_lead_activity_pager(mktows_pager **out, mktows_client *client,
                                           const struct mkt__ParamsGetLeadActivity *params)
{
    return s_new(out, client, S_LEAD_ACTIVITY, params);
}

mktows_code mktows_get_custom_objects_pager(mktows_pager **out, mktows_client *client,
                                            const struct mkt__ParamsGetCustomObjects *params)
{
    return s_new(out, client, S_CUSTOM_OBJECTS, params);
}

mktows_code mktows_get_mobjects_pager(mktows_pager **out, mktows_client *client,
                                      const struct mkt__ParamsGetMObjects *params)
{
    return s_new(out, client, S_MOBJECTS, params);
}

static int s_is_stream_position(const mktows_pager *p)
{
    return p->kind == S_LEAD_CHANGES || p->kind == S_LEAD_ACTIVITY;
}

/* ---- StreamPosition <-> "sp1|latest|oldest|activity|offset" ---- */

static mktows_code s_encode_sp(mktows_pager *p)
{
    char dates[3][MKTOWS_TIMESTAMP_SIZE];
    for (int i = 0; i < 3; i++) {
        dates[i][0] = '\0';
        if (p->sp_has[i] && mktows_timestamp_format(dates[i], p->sp_time[i], 0) != MKTOWS_OK)
            return MKTOWS_ERR_INVALID_ARGUMENT;
    }
    const char *off = p->sp_offset ? p->sp_offset : "";
    size_t n = strlen(off) + 3 * MKTOWS_TIMESTAMP_SIZE + 16;
    char *s = malloc(n);
    if (!s)
        return MKTOWS_ERR_NO_MEMORY;
    snprintf(s, n, "sp1|%s|%s|%s|%s", dates[0], dates[1], dates[2], off);
    free(p->position);
    p->position = s;
    return MKTOWS_OK;
}

static mktows_code s_decode_sp(mktows_pager *p, const char *text)
{
    if (strncmp(text, "sp1|", 4) != 0)
        return MKTOWS_ERR_INVALID_ARGUMENT;
    const char *s = text + 4;
    time_t t[3] = { 0, 0, 0 };
    int has[3] = { 0, 0, 0 };
    for (int i = 0; i < 3; i++) {
        const char *bar = strchr(s, '|');
        if (!bar)
            return MKTOWS_ERR_INVALID_ARGUMENT;
        size_t len = (size_t)(bar - s);
        if (len) {
            char buf[64];
            if (len >= sizeof buf)
                return MKTOWS_ERR_INVALID_ARGUMENT;
            memcpy(buf, s, len);
            buf[len] = '\0';
            if (mktows_timestamp_parse(buf, &t[i]) != MKTOWS_OK)
                return MKTOWS_ERR_INVALID_ARGUMENT;
            has[i] = 1;
        }
        s = bar + 1;
    }
    char *off = NULL;
    if (*s && !(off = strdup(s)))
        return MKTOWS_ERR_NO_MEMORY;
    free(p->sp_offset);
    p->sp_offset = off;
    for (int i = 0; i < 3; i++) {
        p->sp_time[i] = t[i];
        p->sp_has[i] = has[i];
    }
    return MKTOWS_OK;
}

/* Remember @p sp (a response's newStartPosition) as the next position. */
static mktows_code s_take_sp(mktows_pager *p, const struct mkt__StreamPosition *sp)
{
    const time_t *src[3] = { sp->latestCreatedAt, sp->oldestCreatedAt, sp->activityCreatedAt };
    char *off = NULL;
    if (sp->offset && !(off = strdup(sp->offset)))
        return MKTOWS_ERR_NO_MEMORY;
    free(p->sp_offset);
    p->sp_offset = off;
    for (int i = 0; i < 3; i++) {
        p->sp_has[i] = src[i] != NULL;
        p->sp_time[i] = src[i] ? *src[i] : 0;
    }
    return s_encode_sp(p);
}

static struct mkt__StreamPosition *s_sp(mktows_pager *p)
{
    time_t **dst[3] = { &p->sp.latestCreatedAt, &p->sp.oldestCreatedAt, &p->sp.activityCreatedAt };
    for (int i = 0; i < 3; i++)
        *dst[i] = p->sp_has[i] ? &p->sp_time[i] : NULL;
    p->sp.offset = p->sp_offset;
    return &p->sp;
}

mktows_code mktows_pager_set_position(mktows_pager *p, const char *position)
{
    assert(p);
    p->done = 0;
    if (!position) {
        free(p->position);
        p->position = NULL;
        return MKTOWS_OK;
    }
    if (s_is_stream_position(p)) {
        mktows_code rc = s_decode_sp(p, position);
        return rc == MKTOWS_OK ? s_encode_sp(p) : rc;
    }
    char *copy = strdup(position);
    if (!copy)
        return MKTOWS_ERR_NO_MEMORY;
    free(p->position);
    p->position = copy;
    return MKTOWS_OK;
}

/* After a page: record where the next one starts. @p next is the new string position (string
 * streams) or NULL; @p more says whether the service has more. */
static mktows_code s_advance(mktows_pager *p, int more, const char *next_str, const struct mkt__StreamPosition *next_sp)
{
    p->pages++;
    if (!more) {
        p->done = 1;
        return MKTOWS_OK;
    }
    char *before = p->position ? strdup(p->position) : NULL;
    if (p->position && !before)
        return mktows_client_fail_(p->client, MKTOWS_ERR_NO_MEMORY, "out of memory");
    mktows_code rc = MKTOWS_OK;
    if (s_is_stream_position(p)) {
        if (!next_sp)
            rc = mktows_client_fail_(p->client, MKTOWS_ERR_PARSE,
                                     "remainingCount %d but no newStartPosition to continue from", p->remaining);
        else if ((rc = s_take_sp(p, next_sp)) != MKTOWS_OK)
            rc = mktows_client_fail_(p->client, rc, "cannot record newStartPosition");
    } else if (!next_str || !*next_str) {
        rc = mktows_client_fail_(p->client, MKTOWS_ERR_PARSE, "the service has more but sent no newStreamPosition");
    } else {
        char *copy = strdup(next_str);
        if (!copy) {
            rc = mktows_client_fail_(p->client, MKTOWS_ERR_NO_MEMORY, "out of memory");
        } else {
            free(p->position);
            p->position = copy;
        }
    }
    if (rc == MKTOWS_OK && before && strcmp(before, p->position) == 0)
        rc = mktows_client_fail_(p->client, MKTOWS_ERR_PARSE,
                                 "the service returned the same stream position again (%s)", before);
    free(before);
    return rc;
}

/* A Stream at End fault ends the stream cleanly. */
static int s_at_end(mktows_pager *p, mktows_code rc)
{
    if (rc != MKTOWS_MKTO_STREAM_AT_END)
        return 0;
    p->done = 1;
    mktows_client_clear_error_(p->client);
    return 1;
}

#define S_CHECK_KIND(p, k)                                                                     \
    do {                                                                                       \
        assert(p);                                                                             \
        assert(page);                                                                          \
        *page = NULL;                                                                          \
        if ((p)->kind != (k))                                                                  \
            return mktows_client_fail_((p)->client, MKTOWS_ERR_INVALID_ARGUMENT,               \
                                       "this pager belongs to another operation");             \
        if ((p)->done)                                                                         \
            return MKTOWS_OK;                                                                  \
    } while (0)

mktows_code mktows_get_multiple_leads_next(mktows_pager *p, struct mkt__SuccessGetMultipleLeads **page)
{
    S_CHECK_KIND(p, S_MULTIPLE_LEADS);
    struct mkt__ParamsGetMultipleLeads params = *(const struct mkt__ParamsGetMultipleLeads *)p->params;
    if (p->position)
        params.streamPosition = p->position;
    struct mkt__SuccessGetMultipleLeads *r;
    mktows_code rc = mktows_get_multiple_leads(p->client, &params, &r);
    if (rc != MKTOWS_OK)
        return s_at_end(p, rc) ? MKTOWS_OK : rc;
    p->remaining = r->result->remainingCount;
    if ((rc = s_advance(p, p->remaining > 0, r->result->newStreamPosition, NULL)) == MKTOWS_OK)
        *page = r;
    return rc;
}

mktows_code mktows_get_custom_objects_next(mktows_pager *p, struct mkt__SuccessGetCustomObjects **page)
{
    S_CHECK_KIND(p, S_CUSTOM_OBJECTS);
    struct mkt__ParamsGetCustomObjects params = *(const struct mkt__ParamsGetCustomObjects *)p->params;
    if (p->position)
        params.streamPosition = p->position;
    struct mkt__SuccessGetCustomObjects *r;
    mktows_code rc = mktows_get_custom_objects(p->client, &params, &r);
    if (rc != MKTOWS_OK)
        return s_at_end(p, rc) ? MKTOWS_OK : rc;
    p->remaining = r->result->remainingCount;
    if ((rc = s_advance(p, p->remaining > 0, r->result->newStreamPosition, NULL)) == MKTOWS_OK)
        *page = r;
    return rc;
}

mktows_code mktows_get_mobjects_next(mktows_pager *p, struct mkt__SuccessGetMObjects **page)
{
    S_CHECK_KIND(p, S_MOBJECTS);
    struct mkt__ParamsGetMObjects params = *(const struct mkt__ParamsGetMObjects *)p->params;
    if (p->position)
        params.streamPosition = p->position;
    struct mkt__SuccessGetMObjects *r;
    mktows_code rc = mktows_get_mobjects(p->client, &params, &r);
    if (rc != MKTOWS_OK)
        return s_at_end(p, rc) ? MKTOWS_OK : rc;
    if ((rc = s_advance(p, r->result->hasMore == xsd__boolean__true_, r->result->newStreamPosition, NULL)) ==
        MKTOWS_OK)
        *page = r;
    return rc;
}

mktows_code mktows_get_lead_changes_next(mktows_pager *p, struct mkt__SuccessGetLeadChanges **page)
{
    S_CHECK_KIND(p, S_LEAD_CHANGES);
    struct mkt__ParamsGetLeadChanges params = *(const struct mkt__ParamsGetLeadChanges *)p->params;
    if (p->position)
        params.startPosition = s_sp(p);
    struct mkt__SuccessGetLeadChanges *r;
    mktows_code rc = mktows_get_lead_changes(p->client, &params, &r);
    if (rc != MKTOWS_OK)
        return s_at_end(p, rc) ? MKTOWS_OK : rc;
    p->remaining = r->result->remainingCount;
    if ((rc = s_advance(p, p->remaining > 0, NULL, r->result->newStartPosition)) == MKTOWS_OK)
        *page = r;
    return rc;
}

mktows_code mktows_get_lead_activity_next(mktows_pager *p, struct mkt__SuccessGetLeadActivity **page)
{
    S_CHECK_KIND(p, S_LEAD_ACTIVITY);
    struct mkt__ParamsGetLeadActivity params = *(const struct mkt__ParamsGetLeadActivity *)p->params;
    if (p->position)
        params.startPosition = s_sp(p);
    struct mkt__SuccessGetLeadActivity *r;
    mktows_code rc = mktows_get_lead_activity(p->client, &params, &r);
    if (rc != MKTOWS_OK)
        return s_at_end(p, rc) ? MKTOWS_OK : rc;
    p->remaining = r->leadActivityList->remainingCount;
    if ((rc = s_advance(p, p->remaining > 0, NULL, r->leadActivityList->newStartPosition)) == MKTOWS_OK)
        *page = r;
    return rc;
}

const char *mktows_pager_position(const mktows_pager *p)
{
    assert(p);
    return p->position;
}

int mktows_pager_done(const mktows_pager *p)
{
    assert(p);
    return p->done;
}

int mktows_pager_remaining(const mktows_pager *p)
{
    assert(p);
    return p->remaining;
}

int mktows_pager_pages(const mktows_pager *p)
{
    assert(p);
    return p->pages;
}

void mktows_pager_free(mktows_pager *p)
{
    if (!p)
        return;
    free(p->position);
    free(p->sp_offset);
    free(p);
}
