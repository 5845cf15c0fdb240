/* MObjects (Opportunity, OpportunityPersonRole): a row per object with its optional external key,
 * the attributes in mobject_attrs. Program updates (Cost, Tag) go to program_items. */
#include "store_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int mktows_store_mobj_put(mktows_store *store, long long id, const char *type, const char *ext_name,
                          const char *ext_value, const mktows_srv_attr *attrs, size_t n, long long *id_out)
{
    if (mktows_store_begin(store, NULL, 0))
        return -1;
    long long now = (long long)time(NULL);
    int rc = -1;
    sqlite3_stmt *s = id ? mktows_store_cached(store, "UPDATE mobjects SET updated_s = ?1,"
                                                      " ext_name = COALESCE(?2, ext_name), ext_value = COALESCE(?3, ext_value)"
                                                      " WHERE id = ?4")
                         : mktows_store_cached(store, "INSERT INTO mobjects (type, ext_name, ext_value, created_s, updated_s)"
                                                      " VALUES (?4, ?2, ?3, ?1, ?1)");
    if (s) {
        sqlite3_bind_int64(s, 1, now);
        mktows_store_bind_text(s, 2, ext_name);
        mktows_store_bind_text(s, 3, ext_value);
        if (id)
            sqlite3_bind_int64(s, 4, id);
        else
            mktows_store_bind_text(s, 4, type);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
        mktows_store_done(s);
    }
    if (rc == 0 && !id)
        id = sqlite3_last_insert_rowid(store->db);
    sqlite3_stmt *a = rc == 0 ? mktows_store_cached(store, "INSERT INTO mobject_attrs (obj_id, name, value) VALUES (?, ?, ?)"
                                                           " ON CONFLICT (obj_id, name) DO UPDATE SET value = excluded.value")
                              : NULL;
    for (size_t i = 0; a && rc == 0 && i < n; i++) {
        sqlite3_reset(a);
        sqlite3_bind_int64(a, 1, id);
        mktows_store_bind_text(a, 2, attrs[i].name);
        mktows_store_bind_text(a, 3, attrs[i].value ? attrs[i].value : "");
        rc = sqlite3_step(a) == SQLITE_DONE ? 0 : -1;
    }
    if (rc == 0 && !a)
        rc = -1;
    mktows_store_done(a);
    rc = mktows_store_end(store, rc, NULL, 0);
    *id_out = id;
    return rc;
}

static int s_read(mktows_store *st, const mktows_srv_arena *mem, sqlite3_stmt *s, mktows_srv_mobj *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(s, 0);
    o->type = mktows_store_col(mem, s, 1);
    o->ext_name = mktows_store_col(mem, s, 2);
    o->ext_value = mktows_store_col(mem, s, 3);
    o->created_s = sqlite3_column_int64(s, 4);
    o->updated_s = sqlite3_column_int64(s, 5);
    return mktows_store_read_attrs(st, mem, "SELECT name, value FROM mobject_attrs WHERE obj_id = ? ORDER BY name",
                                   o->id, &o->attrs, &o->attr_count);
}

#define MOBJ_COLS "SELECT id, type, ext_name, ext_value, created_s, updated_s FROM mobjects "

int mktows_store_mobj_find(mktows_store *store, const mktows_srv_arena *mem, const char *type, long long id,
                           const char *ext_name, const char *ext_value, mktows_srv_mobj *out)
{
    pthread_mutex_lock(&store->lock);
    sqlite3_stmt *s = id ? mktows_store_prep(store, MOBJ_COLS "WHERE type = ?1 AND id = ?2")
                         : mktows_store_prep(store, MOBJ_COLS "WHERE type = ?1 AND ext_name = ?3 AND ext_value = ?4"
                                                    " ORDER BY id DESC LIMIT 1");
    int ret = -1;
    if (s) {
        mktows_store_bind_text(s, 1, type);
        if (id) {
            sqlite3_bind_int64(s, 2, id);
        } else {
            mktows_store_bind_text(s, 3, ext_name);
            mktows_store_bind_text(s, 4, ext_value);
        }
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            ret = s_read(store, mem, s, out) ? -1 : 1;
        else if (rc == SQLITE_DONE)
            ret = 0;
        sqlite3_finalize(s);
    }
    pthread_mutex_unlock(&store->lock);
    return ret;
}

int mktows_store_mobj_delete(mktows_store *store, const char *type, long long id)
{
    if (mktows_store_begin(store, NULL, 0))
        return -1;
    int ret = -1;
    sqlite3_stmt *s = mktows_store_prep(store, "DELETE FROM mobjects WHERE type = ? AND id = ?");
    if (s) {
        mktows_store_bind_text(s, 1, type);
        sqlite3_bind_int64(s, 2, id);
        if (sqlite3_step(s) == SQLITE_DONE)
            ret = sqlite3_changes(store->db) > 0;
        sqlite3_finalize(s);
    }
    if (mktows_store_end(store, ret < 0 ? -1 : 0, NULL, 0))
        ret = -1;
    return ret;
}

int mktows_store_mobj_all(mktows_store *store, const mktows_srv_arena *mem, const char *type, long long after_id,
                          mktows_srv_mobj **out, size_t *count, char *err, size_t err_len)
{
    *out = NULL;
    *count = 0;
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *s = mktows_store_prep(store, MOBJ_COLS "WHERE type = ? AND id > ? ORDER BY id");
    if (s) {
        mktows_store_bind_text(s, 1, type);
        sqlite3_bind_int64(s, 2, after_id);
        size_t cap = 0;
        int rc;
        ret = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            mktows_srv_mobj *m = mktows_store_grow(mem, *out, *count, &cap, sizeof *m);
            if (!m) {
                ret = -1;
                break;
            }
            *out = m;
            if (s_read(store, mem, s, &(*out)[*count])) {
                ret = -1;
                break;
            }
            (*count)++;
        }
        if (ret == 0 && rc != SQLITE_DONE)
            ret = -1;
        sqlite3_finalize(s);
    }
    if (ret)
        mktows_store_errmsg(store, err, err_len);
    pthread_mutex_unlock(&store->lock);
    return ret;
}

int mktows_store_program_item(mktows_store *store, int program_id, const char *kind, const mktows_srv_attr *attrs,
                              size_t n)
{
    char *enc = mktows_store_encode_attrs(attrs, n);
    if (!enc || mktows_store_begin(store, NULL, 0)) {
        free(enc);
        return -1;
    }
    int rc = -1;
    sqlite3_stmt *s = mktows_store_prep(store, "INSERT INTO program_items (program_id, kind, attrs) VALUES (?, ?, ?)");
    if (s) {
        sqlite3_bind_int(s, 1, program_id);
        mktows_store_bind_text(s, 2, kind);
        mktows_store_bind_text(s, 3, enc);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(s);
    }
    free(enc);
    return mktows_store_end(store, rc, NULL, 0);
}

int mktows_store_program_items(mktows_store *store, const mktows_srv_arena *mem, int program_id,
                               mktows_srv_activity **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *s = mktows_store_prep(store, "SELECT id, kind, attrs FROM program_items WHERE program_id = ? ORDER BY id");
    if (s) {
        sqlite3_bind_int(s, 1, program_id);
        size_t cap = 0;
        int rc;
        ret = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            mktows_srv_activity *m = mktows_store_grow(mem, *out, *count, &cap, sizeof *m);
            if (!m) {
                ret = -1;
                break;
            }
            *out = m;
            mktows_srv_activity *it = &(*out)[(*count)++];
            memset(it, 0, sizeof *it);
            it->id = sqlite3_column_int64(s, 0);
            it->type = mktows_store_col(mem, s, 1);
            if (mktows_store_decode_attrs(mem, (const char *)sqlite3_column_text(s, 2), &it->attrs, &it->attr_count)) {
                ret = -1;
                break;
            }
        }
        if (ret == 0 && rc != SQLITE_DONE)
            ret = -1;
        sqlite3_finalize(s);
    }
    pthread_mutex_unlock(&store->lock);
    return ret;
}
