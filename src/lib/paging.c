/* Pagers: resend the caller's params with the position of the previous page until the stream ends.
 * One pager for every operation of MKTOWS_IFACE_PAGED (gen/mktows_iface.h): the interface
 * description names the position members and the count or flag that says whether there is more;
 * the position's C type (a string, or a StreamPosition) picks how it is kept and sent. */
#include "private/client.h"

#include <mktows/paging.h>
#include <mktows/ops.h>
#include <mktows/sign.h>

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a position is kept, from the C type of the request's position member. */
typedef enum s_pos_kind {
    S_POS_STRING,          /* char *: the service's streamPosition, kept as is */
    S_POS_STREAM_POSITION, /* struct mkt__StreamPosition *: kept as "sp1|..." (s_encode_sp) */
    S_POS_UNSUPPORTED      /* a type this pager does not know: the pager cannot be made */
} s_pos_kind;

#define S_POS_KIND(REQ, member)                                                                 \
    _Generic(((struct REQ *)0)->member, char *: S_POS_STRING,                                   \
             struct mkt__StreamPosition *: S_POS_STREAM_POSITION, default: S_POS_UNSUPPORTED)

typedef struct mktows_pager mktows_pager;

/* One paged operation, from its MKTOWS_IFACE_PAGED row. */
typedef struct s_shape {
    const char *op;
    s_pos_kind kind;
    int more_is_count;      /* remainingCount (1) or hasMore (0) */
    const char *more;       /* its member name, for messages */
    const char *new_position;
    /* send the params with the pager's position; *page gets the response (borrowed) */
    mktows_code (*send)(mktows_pager *p, void **page);
    /* read a response: the more member as a number, the new position (char * or StreamPosition *) */
    void (*read)(const void *page, long long *more, const void **next);
} s_shape;

struct mktows_pager {
    mktows_client *client;
    const s_shape *shape;
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

static mktows_code s_new(mktows_pager **out, mktows_client *client, const s_shape *shape, const void *params)
{
    assert(out);
    assert(client);
    assert(params);
    *out = NULL;
    if (shape->kind == S_POS_UNSUPPORTED)
        return mktows_client_fail_(client, MKTOWS_ERR_INVALID_ARGUMENT,
                                   "%s pages with a position of a type the pager does not know", shape->op);
    mktows_pager *p = calloc(1, sizeof *p);
    if (!p)
        return MKTOWS_ERR_NO_MEMORY;
    p->client = client;
    p->shape = shape;
    p->params = params;
    p->remaining = -1;
    *out = p;
    return MKTOWS_OK;
}

static int s_is_stream_position(const mktows_pager *p)
{
    return p->shape->kind == S_POS_STREAM_POSITION;
}

/* ---- StreamPosition <-> "sp1|latest|oldest|activity|offset" ---- */

static mktows_code s_encode_sp(mktows_pager *p)
{
    char dates[3][MKTOWS_TIMESTAMP_SIZE];
    for (int i = 0; i < 3; i++) {
        dates[i][0] = '\0';
        if (p->sp_has[i] && mktows_timestamp_format(p->sp_time[i], 0, dates[i]) != MKTOWS_OK)
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
            rc = mktows_client_fail_(p->client, MKTOWS_ERR_PARSE, "%s says there is more but no %s to continue from",
                                     p->shape->more, p->shape->new_position);
        else if ((rc = s_take_sp(p, next_sp)) != MKTOWS_OK)
            rc = mktows_client_fail_(p->client, rc, "cannot record newStartPosition");
    } else if (!next_str || !*next_str) {
        rc = mktows_client_fail_(p->client, MKTOWS_ERR_PARSE, "the service has more but sent no %s",
                                 p->shape->new_position);
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

/* The position slot of a request copy, filled from the pager: by the slot's C type. */
static void s_put_string(void *slot, mktows_pager *p)
{
    *(char **)slot = p->position;
}

static void s_put_stream_position(void *slot, mktows_pager *p)
{
    *(struct mkt__StreamPosition **)slot = s_sp(p);
}

static void s_put_nothing(void *slot, mktows_pager *p)
{
    (void)slot;
    (void)p;
}

#define S_PUT_POSITION(lvalue, p)                                                               \
    _Generic(&(lvalue), char **: s_put_string, struct mkt__StreamPosition **: s_put_stream_position, \
             default: s_put_nothing)((void *)&(lvalue), (p))

static mktows_code s_next(mktows_pager *p, const s_shape *shape, void **page)
{
    assert(p);
    assert(page);
    *page = NULL;
    if (p->shape != shape)
        return mktows_client_fail_(p->client, MKTOWS_ERR_INVALID_ARGUMENT, "this pager belongs to %s, not %s",
                                   p->shape->op, shape->op);
    if (p->done)
        return MKTOWS_OK;
    void *r = NULL;
    mktows_code rc = shape->send(p, &r);
    if (rc != MKTOWS_OK)
        return s_at_end(p, rc) ? MKTOWS_OK : rc;
    long long more = 0;
    const void *next = NULL;
    shape->read(r, &more, &next);
    if (shape->more_is_count)
        p->remaining = more > INT_MAX ? INT_MAX : (int)more;
    rc = s_advance(p, more > 0, s_is_stream_position(p) ? NULL : (const char *)next,
                   s_is_stream_position(p) ? (const struct mkt__StreamPosition *)next : NULL);
    if (rc == MKTOWS_OK)
        *page = r;
    return rc;
}

/* Per paged operation: its shape, the send and read steps, the constructor and next(). */
#define S_PAGER(op, fn, REQ, RESP, RESULT, POS, NEW_POS, MORE, MORE_IS_COUNT, RECORDS)               \
    static mktows_code s_send_##fn(mktows_pager *p, void **page)                                 \
    {                                                                                            \
        struct REQ params = *(const struct REQ *)p->params;                                      \
        if (p->position)                                                                         \
            S_PUT_POSITION(params.POS, p);                                                        \
        struct RESP *r = NULL;                                                                   \
        mktows_code rc = mktows_##fn(p->client, &params, &r);                                    \
        *page = r;                                                                               \
        return rc;                                                                               \
    }                                                                                            \
    static void s_read_##fn(const void *page, long long *more_out, const void **next)            \
    {                                                                                            \
        const struct RESP *r = page;                                                             \
        *more_out = (long long)r->RESULT->MORE;                                                  \
        *next = (const void *)r->RESULT->NEW_POS;                                           \
    }                                                                                            \
    static const s_shape s_shape_##fn = { #op, S_POS_KIND(REQ, POS), MORE_IS_COUNT, #MORE,          \
                                          #NEW_POS, s_send_##fn, s_read_##fn };             \
    mktows_code mktows_##fn##_pager(mktows_client *client, const struct REQ *params, mktows_pager **out) \
    {                                                                                            \
        return s_new(out, client, &s_shape_##fn, params);                                        \
    }                                                                                            \
    mktows_code mktows_##fn##_next(mktows_pager *p, struct RESP **page)                          \
    {                                                                                            \
        void *r = NULL;                                                                          \
        mktows_code rc = s_next(p, &s_shape_##fn, &r);                                           \
        *page = r;                                                                               \
        return rc;                                                                               \
    }
MKTOWS_IFACE_PAGED(S_PAGER)
#undef S_PAGER

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
