/* Lead queries: by key (getLead and the lead keys of every operation) and pages in id order
 * (getMultipleLeads). */
#include "store_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int s_cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int s_grow(const mktows_srv_arena *mem, mktows_srv_lead **out, size_t count, size_t *cap)
{
    mktows_srv_lead *n = mktows_store_grow(mem, *out, count, cap, sizeof *n);
    if (!n)
        return -1;
    *out = n;
    return 0;
}

/* Every row of @p stmt (a mktows_store_lead_cols query) appended to *out: 0, or -1 when a step, a
 * row or memory failed. */
static int s_read_rows(mktows_store *st, const mktows_srv_arena *mem, sqlite3_stmt *stmt, mktows_srv_lead **out,
                       size_t *count)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (s_grow(mem, out, *count, &cap) || mktows_store_read_row(st, mem, stmt, &(*out)[*count]))
            return -1;
        (*count)++;
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

static int s_page_ids(mktows_store *st, const mktows_srv_arena *mem, const mktows_srv_lead_query *q,
                      mktows_srv_lead **out, size_t *count, long long *remaining)
{
    long long *ids = malloc((q->id_count ? q->id_count : 1) * sizeof *ids);
    if (!ids)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < q->id_count; i++)
        if (q->ids[i] > q->after_id)
            ids[n++] = q->ids[i];
    qsort(ids, n, sizeof *ids, s_cmp_ll);
    size_t cap = 0, uniq = 0;
    for (size_t i = 0; i < n; i++)
        if (!i || ids[i] != ids[i - 1])
            ids[uniq++] = ids[i];
    int ret = 0;
    for (size_t i = 0; i < uniq; i++) {
        if ((int)*count >= q->limit) {
            *remaining = (long long)(uniq - i);
            break;
        }
        int found = 0;
        if (s_grow(mem, out, *count, &cap) || mktows_store_read_lead(st, mem, ids[i], &(*out)[*count], &found)) {
            ret = -1;
            break;
        }
        if (found)
            (*count)++;
    }
    free(ids);
    return ret;
}

int mktows_store_leads_page(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_lead_query *q,
                            mktows_srv_lead **out, size_t *count, long long *remaining, char *err, size_t err_len)
{
    *out = NULL;
    *count = 0;
    *remaining = 0;
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    if (q->kind == MKTOWS_SRV_Q_IDS) {
        ret = s_page_ids(store, mem, q, out, count, remaining);
    } else {
        const char *where = q->kind == MKTOWS_SRV_Q_LIST
            ? "WHERE id > ?1 AND id IN (SELECT lead_id FROM list_members WHERE list_id = ?2)"
            : "WHERE id > ?1 AND updated_s >= ?3 AND (?4 < 0 OR updated_s <= ?4)";
        char sql[512], csql[512];
        snprintf(sql, sizeof sql, "%s%s ORDER BY id LIMIT ?5", mktows_store_lead_cols, where);
        snprintf(csql, sizeof csql, "SELECT COUNT(*) FROM leads %s", where);
        sqlite3_stmt *stmt = mktows_store_prep(store, sql);
        if (stmt) {
            sqlite3_bind_int64(stmt, 1, q->after_id);
            sqlite3_bind_int64(stmt, 2, q->list_id);
            sqlite3_bind_int64(stmt, 3, q->oldest_s);
            sqlite3_bind_int64(stmt, 4, q->latest_s);
            sqlite3_bind_int(stmt, 5, q->limit);
            ret = s_read_rows(store, mem, stmt, out, count);
            sqlite3_finalize(stmt);
        }
        sqlite3_stmt *c = ret == 0 ? mktows_store_prep(store, csql) : NULL;
        if (c) {
            sqlite3_bind_int64(c, 1, *count ? (*out)[*count - 1].id : q->after_id);
            sqlite3_bind_int64(c, 2, q->list_id);
            sqlite3_bind_int64(c, 3, q->oldest_s);
            sqlite3_bind_int64(c, 4, q->latest_s);
            if (sqlite3_step(c) == SQLITE_ROW)
                *remaining = sqlite3_column_int64(c, 0);
            else
                ret = -1;
            sqlite3_finalize(c);
        } else {
            ret = -1;
        }
    }
    if (ret)
        mktows_store_errmsg(store, err, err_len);
    pthread_mutex_unlock(&store->lock);
    return ret;
}

int mktows_store_find(mktows_store *store, const mktows_srv_arena *mem, mktows_srv_lead_by by, const char *value,
                      mktows_srv_lead **out, size_t *count, char *err, size_t err_len)
{
    *out = NULL;
    *count = 0;
    static const char *const where[] = {
        [MKTOWS_SRV_BY_ID] = "WHERE ?1 GLOB '[0-9]*' AND ?1 NOT GLOB '*[^0-9]*' AND id = CAST(?1 AS INTEGER)",
        [MKTOWS_SRV_BY_EMAIL] = "WHERE email = ?1 COLLATE NOCASE ORDER BY id",
        [MKTOWS_SRV_BY_COOKIE] = "WHERE cookie = ?1",
    };
    char sql[512];
    snprintf(sql, sizeof sql, "%s%s", mktows_store_lead_cols, where[by]);
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *stmt = mktows_store_prep(store, sql);
    if (stmt) {
        mktows_store_bind_text(stmt, 1, value);
        ret = s_read_rows(store, mem, stmt, out, count);
        sqlite3_finalize(stmt);
    }
    if (ret)
        mktows_store_errmsg(store, err, err_len);
    pthread_mutex_unlock(&store->lock);
    return ret;
}

int mktows_store_lead_exists(mktows_store *store, long long id)
{
    pthread_mutex_lock(&store->lock);
    sqlite3_stmt *stmt = mktows_store_prep(store, "SELECT 1 FROM leads WHERE id = ?");
    int found = -1;
    if (stmt) {
        sqlite3_bind_int64(stmt, 1, id);
        int rc = sqlite3_step(stmt);
        found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(stmt);
    }
    pthread_mutex_unlock(&store->lock);
    return found;
}
