/* Custom object records: one row per (type, key) where key is the type's key field values joined
 * with 0x1f in the configured key order; the other fields in custom_object_attrs. */
#include "store_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *s_key(const mktows_srv_cobj_type *t, const char *const *keys)
{
    size_t len = 1;
    for (size_t i = 0; i < t->key_count; i++)
        len += strlen(keys[i]) + 1;
    char *k = malloc(len), *p = k;
    if (!k)
        return NULL;
    for (size_t i = 0; i < t->key_count; i++)
        p += sprintf(p, i ? "\x1f%s" : "%s", keys[i]);
    *p = '\0';
    return k;
}

static long long s_find(mktows_store *st, const char *type, const char *key)
{
    sqlite3_stmt *s = mktows_store_cached(st, "SELECT id FROM custom_objects WHERE type = ? AND key = ?");
    if (!s)
        return -1;
    mktows_store_bind_text(s, 1, type);
    mktows_store_bind_text(s, 2, key);
    int rc = sqlite3_step(s);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : rc == SQLITE_DONE ? 0 : -1;
    mktows_store_done(s);
    return id;
}

static int s_put_attrs(mktows_store *st, long long id, const mktows_srv_attr *attrs, size_t n)
{
    sqlite3_stmt *s = mktows_store_cached(st, "INSERT INTO custom_object_attrs (obj_id, name, value) VALUES (?, ?, ?)"
                                              " ON CONFLICT (obj_id, name) DO UPDATE SET value = excluded.value");
    if (!s)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, id);
        mktows_store_bind_text(s, 2, attrs[i].name);
        mktows_store_bind_text(s, 3, attrs[i].value ? attrs[i].value : "");
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
    }
    mktows_store_done(s);
    return rc;
}

int mktows_store_cobj_sync(mktows_store *store, const mktows_srv_cobj_type *t, mktows_srv_cobj_op op,
                           const char *const *keys, const mktows_srv_attr *attrs, size_t n,
                           mktows_srv_cobj_status *status, char *msg, size_t msg_len)
{
    char *key = s_key(t, keys);
    if (!key || mktows_store_begin(store, msg, msg_len)) {
        if (!key)
            snprintf(msg, msg_len, "out of memory");
        free(key);
        return -1;
    }
    int rc = 0;
    long long id = s_find(store, t->name, key);
    if (id < 0) {
        rc = -1;
    } else if (id > 0 && op == MKTOWS_SRV_COBJ_INSERT) {
        *status = MKTOWS_SRV_COBJ_FAILED;
        snprintf(msg, msg_len, "INSERT: the object already exists");
    } else if (id == 0 && op == MKTOWS_SRV_COBJ_UPDATE) {
        *status = MKTOWS_SRV_COBJ_FAILED;
        snprintf(msg, msg_len, "UPDATE: no such object");
    } else if (id > 0) {
        rc = s_put_attrs(store, id, attrs, n);
        *status = MKTOWS_SRV_COBJ_UPDATED;
    } else {
        sqlite3_stmt *s = mktows_store_cached(store, "INSERT INTO custom_objects (type, key) VALUES (?, ?)");
        rc = -1;
        if (s) {
            mktows_store_bind_text(s, 1, t->name);
            mktows_store_bind_text(s, 2, key);
            rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
            mktows_store_done(s);
        }
        if (rc == 0)
            rc = s_put_attrs(store, sqlite3_last_insert_rowid(store->db), attrs, n);
        *status = MKTOWS_SRV_COBJ_CREATED;
    }
    rc = mktows_store_end(store, rc, msg, msg_len);
    free(key);
    return rc;
}

int mktows_store_cobj_delete(mktows_store *store, const mktows_srv_cobj_type *t, const char *const *keys)
{
    char *key = s_key(t, keys);
    if (!key || mktows_store_begin(store, NULL, 0)) {
        free(key);
        return -1;
    }
    int ret = -1;
    sqlite3_stmt *s = mktows_store_prep(store, "DELETE FROM custom_objects WHERE type = ? AND key = ?");
    if (s) {
        mktows_store_bind_text(s, 1, t->name);
        mktows_store_bind_text(s, 2, key);
        if (sqlite3_step(s) == SQLITE_DONE)
            ret = sqlite3_changes(store->db) > 0;
        sqlite3_finalize(s);
    }
    if (mktows_store_end(store, ret < 0 ? -1 : 0, NULL, 0))
        ret = -1;
    free(key);
    return ret;
}

/* Split an encoded key into t->key_count values (from @p mem). */
static mktows_srv_attr *s_split_key(const mktows_srv_arena *mem, const mktows_srv_cobj_type *t, const char *key)
{
    mktows_srv_attr *a = mktows_store_alloc(mem, t->key_count * sizeof *a);
    char *copy = mktows_store_strdup(mem, key);
    if (!a || !copy)
        return NULL;
    char *p = copy;
    for (size_t i = 0; i < t->key_count; i++) {
        char *sep = strchr(p, '\x1f');
        if (sep)
            *sep = '\0';
        a[i].name = t->keys[i];
        a[i].value = p;
        p = sep ? sep + 1 : p + strlen(p);
    }
    return a;
}

static int s_matches(const mktows_srv_cobj_type *t, const mktows_srv_attr *keys, const char *const *match)
{
    for (size_t i = 0; match && i < t->key_count; i++)
        if (match[i] && strcmp(match[i], keys[i].value) != 0)
            return 0;
    return 1;
}

int mktows_store_cobj_page(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_cobj_type *t,
                           const char *const *match, long long after_id, int limit, mktows_srv_cobj **out,
                           size_t *count, long long *remaining, char *err, size_t err_len)
{
    *out = mktows_store_alloc(mem, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
    *count = 0;
    *remaining = 0;
    if (!*out)
        return -1;
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *s = mktows_store_prep(store, "SELECT id, key FROM custom_objects WHERE type = ? AND id > ?"
                                               " ORDER BY id");
    sqlite3_stmt *a = mktows_store_prep(store, "SELECT name, value FROM custom_object_attrs WHERE obj_id = ?"
                                               " ORDER BY name");
    if (s && a) {
        mktows_store_bind_text(s, 1, t->name);
        sqlite3_bind_int64(s, 2, after_id);
        int rc;
        ret = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            mktows_srv_attr *keys = s_split_key(mem, t, (const char *)sqlite3_column_text(s, 1));
            if (!keys) {
                ret = -1;
                break;
            }
            if (!s_matches(t, keys, match))
                continue;
            if ((int)*count >= limit) {
                (*remaining)++;
                continue;
            }
            mktows_srv_cobj *o = &(*out)[(*count)++];
            o->id = sqlite3_column_int64(s, 0);
            o->keys = keys;
            o->key_count = t->key_count;
            o->attrs = mktows_store_alloc(mem, t->field_count * sizeof *o->attrs);
            o->attr_count = 0;
            sqlite3_reset(a);
            sqlite3_bind_int64(a, 1, o->id);
            while (o->attrs && sqlite3_step(a) == SQLITE_ROW && o->attr_count < t->field_count) {
                o->attrs[o->attr_count].name = mktows_store_col(mem, a, 0);
                o->attrs[o->attr_count].value = mktows_store_col(mem, a, 1);
                o->attr_count++;
            }
        }
        if (ret == 0 && rc != SQLITE_DONE)
            ret = -1;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(a);
    if (ret)
        mktows_store_errmsg(store, err, err_len);
    pthread_mutex_unlock(&store->lock);
    return ret;
}
