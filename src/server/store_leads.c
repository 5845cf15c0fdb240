/* Lead queries for getMultipleLeads (pages in id order) and mergeLeads. */
#include "store_private.h"

#include "soapH.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int s_cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int s_grow(struct soap *soap, mktows_srv_lead **out, size_t count, size_t *cap)
{
    mktows_srv_lead *n = mktows_store_grow(soap, *out, count, cap, sizeof *n);
    if (!n)
        return -1;
    *out = n;
    return 0;
}

static int s_page_ids(mktows_store *st, struct soap *soap, const mktows_srv_lead_query *q, mktows_srv_lead **out,
                      size_t *count, long long *remaining)
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
        if (s_grow(soap, out, *count, &cap) || mktows_store_read_lead(st, soap, ids[i], &(*out)[*count], &found)) {
            ret = -1;
            break;
        }
        if (found)
            (*count)++;
    }
    free(ids);
    return ret;
}

int mktows_store_leads_page(mktows_store *store, struct soap *soap, const mktows_srv_lead_query *q,
                            mktows_srv_lead **out, size_t *count, long long *remaining, char *err, size_t err_len)
{
    *out = NULL;
    *count = 0;
    *remaining = 0;
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    if (q->kind == MKTOWS_SRV_Q_IDS) {
        ret = s_page_ids(store, soap, q, out, count, remaining);
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
            size_t cap = 0;
            int rc;
            ret = 0;
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
                if (s_grow(soap, out, *count, &cap) || mktows_store_read_row(store, soap, stmt, &(*out)[*count])) {
                    ret = -1;
                    break;
                }
                (*count)++;
            }
            if (ret == 0 && rc != SQLITE_DONE)
                ret = -1;
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

/* ---- mergeLeads ---- */

static int s_run(mktows_store *st, const char *sql, long long a, long long b)
{
    sqlite3_stmt *stmt = mktows_store_prep(st, sql);
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, a);
    sqlite3_bind_int64(stmt, 2, b);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The rule: the winner keeps every value it has; a field the winner lacks (absent or empty) takes
 * the first non-empty value among the losers, in the order given. The same holds for Email,
 * ForeignSysPersonId (with its type) and the cookie. The losers' list memberships and activity
 * history move to the winner; the losers are deleted; the winner gets a "Merge Leads" activity. */
static int s_merge_locked(mktows_store *st, long long winner, const long long *losers, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        long long l = losers[i];
        /* unique columns: take them off the loser first */
        if (s_run(st, "CREATE TEMP TABLE IF NOT EXISTS merge_keys (foreign_id, foreign_type, cookie, email)", 0, 0)
            || s_run(st, "DELETE FROM merge_keys WHERE ?1 = ?2", 0, 0)
            || s_run(st, "INSERT INTO merge_keys SELECT foreign_id, foreign_type, cookie, email FROM leads"
                         " WHERE id = ?1 AND ?2 = ?2", l, 0)
            || s_run(st, "UPDATE leads SET foreign_id = NULL, cookie = NULL WHERE id = ?1 AND ?2 = ?2", l, 0)
            || s_run(st, "UPDATE leads SET"
                         " email = CASE WHEN COALESCE(email, '') = '' THEN (SELECT email FROM merge_keys) ELSE email END,"
                         " foreign_type = CASE WHEN foreign_id IS NULL THEN (SELECT foreign_type FROM merge_keys)"
                         "   ELSE foreign_type END,"
                         " foreign_id = COALESCE(foreign_id, (SELECT foreign_id FROM merge_keys)),"
                         " cookie = COALESCE(cookie, (SELECT cookie FROM merge_keys)),"
                         " anonymous = anonymous AND (SELECT email IS NULL AND foreign_id IS NULL FROM merge_keys)"
                         " WHERE id = ?1 AND ?2 = ?2", winner, 0)
            || s_run(st, "INSERT INTO lead_attrs (lead_id, name, value) SELECT ?1, name, value FROM lead_attrs"
                         " WHERE lead_id = ?2 AND value <> '' AND true"
                         " ON CONFLICT (lead_id, name) DO UPDATE SET value = excluded.value WHERE value = ''",
                     winner, l)
            || s_run(st, "INSERT OR IGNORE INTO list_members (list_id, lead_id, added_s)"
                         " SELECT list_id, ?1, added_s FROM list_members WHERE lead_id = ?2", winner, l)
            || s_run(st, "UPDATE activities SET lead_id = ?1 WHERE lead_id = ?2", winner, l)
            || s_run(st, "DELETE FROM leads WHERE id = ?2 AND ?1 = ?1", 0, l))
            return -1;
    }
    char ids[512] = "";
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(ids);
        snprintf(ids + k, sizeof ids - k, "%s%lld", i ? "," : "", losers[i]);
    }
    mktows_srv_attr a[2] = { { "Merge Ids", ids }, { "Merged in Sales", "false" } };
    long long seq = 0;
    sqlite3_stmt *s = mktows_store_prep(st, "SELECT COALESCE(MAX(seq), 0) + 1 FROM leads");
    if (!s)
        return -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        seq = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_stmt *u = mktows_store_prep(st, "UPDATE leads SET updated_s = strftime('%s', 'now'), seq = ? WHERE id = ?");
    if (!u)
        return -1;
    sqlite3_bind_int64(u, 1, seq);
    sqlite3_bind_int64(u, 2, winner);
    int rc = sqlite3_step(u);
    sqlite3_finalize(u);
    if (rc != SQLITE_DONE)
        return -1;
    return mktows_store_log_locked(st, winner, "Merge Leads", NULL, NULL, a, 2);
}

int mktows_store_merge(mktows_store *store, long long winner, const long long *losers, size_t n, char *err,
                       size_t err_len)
{
    if (mktows_store_begin_err(store, err, err_len))
        return -1;
    return mktows_store_finish(store, s_merge_locked(store, winner, losers, n), err, err_len);
}
