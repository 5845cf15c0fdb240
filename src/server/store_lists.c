/* Static list membership (listOperation, importToList, StaticListSelector). The lists themselves
 * are configured; the store only keeps (list id, lead id) pairs. */
#include "store_private.h"

#include <stdio.h>
#include <string.h>

static int s_member(mktows_store *st, long long list_id, long long lead_id, int *is)
{
    sqlite3_stmt *stmt = mktows_store_prep(st, "SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, list_id);
    sqlite3_bind_int64(stmt, 2, lead_id);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    *is = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int s_apply_one(mktows_store *st, const mktows_srv_list *list, mktows_srv_list_op op, long long id, int *status)
{
    int is = 0;
    if (s_member(st, list->id, id, &is))
        return -1;
    mktows_srv_attr a[2] = { { "List Name", list->name }, { "Source", "Web service API" } };
    if (op == MKTOWS_SRV_LIST_IS_MEMBER || (op == MKTOWS_SRV_LIST_ADD && is)) {
        *status = is;
        return 0;
    }
    if (op == MKTOWS_SRV_LIST_REMOVE && !is) {
        *status = 0;
        return 0;
    }
    sqlite3_stmt *stmt = mktows_store_prep(st, op == MKTOWS_SRV_LIST_ADD
        ? "INSERT INTO list_members (list_id, lead_id, added_s) VALUES (?, ?, strftime('%s', 'now'))"
        : "DELETE FROM list_members WHERE list_id = ? AND lead_id = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, list->id);
    sqlite3_bind_int64(stmt, 2, id);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return -1;
    *status = 1;
    return mktows_store_log_locked(st, id, op == MKTOWS_SRV_LIST_ADD ? "Add to List" : "Remove from List", list->name,
                                   NULL, a, 2);
}

int mktows_store_list_apply(mktows_store *store, const mktows_srv_list *list, mktows_srv_list_op op,
                            const long long *ids, size_t n, int *status, char *err, size_t err_len)
{
    if (mktows_store_begin(store, err, err_len))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        status[i] = 0;
        if (ids[i] > 0)
            rc = s_apply_one(store, list, op, ids[i], &status[i]);
    }
    return mktows_store_end(store, rc, err, err_len);
}

int mktows_store_list_clear(mktows_store *store, const mktows_srv_list *list, char *err, size_t err_len)
{
    if (mktows_store_begin(store, err, err_len))
        return -1;
    int rc = -1;
    sqlite3_stmt *stmt = mktows_store_prep(store, "SELECT lead_id FROM list_members WHERE list_id = ?");
    if (stmt) {
        sqlite3_bind_int64(stmt, 1, list->id);
        mktows_srv_attr a[2] = { { "List Name", list->name }, { "Source", "List import (clearList)" } };
        int s;
        rc = 0;
        while (rc == 0 && (s = sqlite3_step(stmt)) == SQLITE_ROW)
            rc = mktows_store_log_locked(store, sqlite3_column_int64(stmt, 0), "Remove from List", list->name,
                                         NULL, a, 2);
        sqlite3_finalize(stmt);
    }
    if (rc == 0) {
        sqlite3_stmt *d = mktows_store_prep(store, "DELETE FROM list_members WHERE list_id = ?");
        rc = -1;
        if (d) {
            sqlite3_bind_int64(d, 1, list->id);
            rc = sqlite3_step(d) == SQLITE_DONE ? 0 : -1;
            sqlite3_finalize(d);
        }
    }
    return mktows_store_end(store, rc, err, err_len);
}
