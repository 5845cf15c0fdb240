/* mergeLeads in the store. */
#include "store_private.h"

#include <stdio.h>
#include <string.h>

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
    if (mktows_store_begin(store, err, err_len))
        return -1;
    return mktows_store_end(store, s_merge_locked(store, winner, losers, n), err, err_len);
}
