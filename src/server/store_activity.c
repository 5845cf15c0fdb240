/* The activity log: one row per activity (New Lead, Change Data Value, Add to List, Remove from
 * List, Merge Leads, Request Campaign), read by getLeadActivity and getLeadChanges. Ids come from
 * AUTOINCREMENT, so they only grow and a stream position (the last id seen) stays valid. */
#include "store_private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void mktows_srv_type_key(const char *name, char *out, size_t len)
{
    size_t n = 0;
    for (; *name && n + 1 < len; name++)
        if (isalnum((unsigned char)*name))
            out[n++] = (char)tolower((unsigned char)*name);
    out[n] = '\0';
}

char *mktows_store_encode_attrs(const mktows_srv_attr *attrs, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(attrs[i].name) + strlen(attrs[i].value ? attrs[i].value : "") + 2;
    char *out = malloc(len), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = '\x1e';
        p += sprintf(p, "%s\x1f%s", attrs[i].name, attrs[i].value ? attrs[i].value : "");
    }
    *p = '\0';
    return out;
}

int mktows_store_decode_attrs(const mktows_srv_arena *mem, const char *text, mktows_srv_attr **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!text || !*text)
        return 0;
    size_t count = 1;
    for (const char *p = text; *p; p++)
        count += *p == '\x1e';
    mktows_srv_attr *a = mktows_store_alloc(mem, count * sizeof *a);
    char *copy = mktows_store_strdup(mem, text);
    if (!a || !copy)
        return -1;
    char *rec = copy;
    for (size_t i = 0; i < count; i++) {
        char *end = strchr(rec, '\x1e');
        if (end)
            *end = '\0';
        char *us = strchr(rec, '\x1f');
        if (us)
            *us = '\0';
        a[i].name = rec;
        a[i].value = us ? us + 1 : "";
        rec = end ? end + 1 : rec + strlen(rec);
    }
    *out = a;
    *n = count;
    return 0;
}

int mktows_store_log_locked(mktows_store *st, long long lead_id, const char *type, const char *asset,
                            const char *campaign, const mktows_srv_attr *attrs, size_t n)
{
    char key[128];
    mktows_srv_type_key(type, key, sizeof key);
    char *enc = mktows_store_encode_attrs(attrs, n);
    sqlite3_stmt *stmt = enc ? mktows_store_cached(st, "INSERT INTO activities (lead_id, created_s, type, type_key,"
                                                       " asset, campaign, attrs) VALUES (?, ?, ?, ?, ?, ?, ?)")
                             : NULL;
    int rc = -1;
    if (stmt) {
        sqlite3_bind_int64(stmt, 1, lead_id);
        sqlite3_bind_int64(stmt, 2, (long long)time(NULL));
        mktows_store_bind_text(stmt, 3, type);
        mktows_store_bind_text(stmt, 4, key);
        mktows_store_bind_text(stmt, 5, asset);
        mktows_store_bind_text(stmt, 6, campaign);
        mktows_store_bind_text(stmt, 7, enc);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
        mktows_store_done(stmt);
    }
    free(enc);
    return rc;
}

int mktows_store_log(mktows_store *store, long long lead_id, const char *type, const char *asset,
                     const char *campaign, const mktows_srv_attr *attrs, size_t n)
{
    if (mktows_store_begin(store, NULL, 0))
        return -1;
    return mktows_store_end(store, mktows_store_log_locked(store, lead_id, type, asset, campaign, attrs, n), NULL, 0);
}

/* Append " AND <col> IN (?, ?, ...)" for n values. */
static void s_in(char *sql, size_t len, const char *col, size_t n, int negate)
{
    size_t k = strlen(sql);
    k += (size_t)snprintf(sql + k, len - k, " AND %s %sIN (", col, negate ? "NOT " : "");
    for (size_t i = 0; i < n && k < len; i++)
        k += (size_t)snprintf(sql + k, len - k, i ? ", ?" : "?");
    if (k < len)
        snprintf(sql + k, len - k, ")");
}

static sqlite3_stmt *s_query(mktows_store *st, const mktows_srv_activity_query *q, int count_only)
{
    size_t len = 1024 + 8 * (q->lead_count + q->include_count + q->exclude_count);
    char *sql = malloc(len);
    if (!sql)
        return NULL;
    snprintf(sql, len, "SELECT %s FROM activities WHERE 1",
             count_only ? "COUNT(*)" : "id, lead_id, created_s, type, asset, campaign, attrs");
    if (q->lead_ids)
        s_in(sql, len, "lead_id", q->lead_count, 0);
    if (q->list_id > 0)
        strncat(sql, " AND lead_id IN (SELECT lead_id FROM list_members WHERE list_id = ?)", len - strlen(sql) - 1);
    if (q->include)
        s_in(sql, len, "type_key", q->include_count, 0);
    if (q->exclude)
        s_in(sql, len, "type_key", q->exclude_count, 1);
    if (q->oldest_s >= 0)
        strncat(sql, " AND created_s >= ?", len - strlen(sql) - 1);
    if (q->latest_s >= 0)
        strncat(sql, " AND created_s <= ?", len - strlen(sql) - 1);
    if (q->offset_id > 0)
        strncat(sql, q->descending ? " AND id < ?" : " AND id > ?", len - strlen(sql) - 1);
    if (!count_only) {
        size_t k = strlen(sql);
        snprintf(sql + k, len - k, " ORDER BY id %s LIMIT %d", q->descending ? "DESC" : "ASC", q->limit);
    }
    sqlite3_stmt *stmt = mktows_store_prep(st, sql);
    free(sql);
    if (!stmt)
        return NULL;
    int i = 1;
    for (size_t k = 0; q->lead_ids && k < q->lead_count; k++)
        sqlite3_bind_int64(stmt, i++, q->lead_ids[k]);
    if (q->list_id > 0)
        sqlite3_bind_int64(stmt, i++, q->list_id);
    for (size_t k = 0; q->include && k < q->include_count; k++)
        mktows_store_bind_text(stmt, i++, q->include[k]);
    for (size_t k = 0; q->exclude && k < q->exclude_count; k++)
        mktows_store_bind_text(stmt, i++, q->exclude[k]);
    if (q->oldest_s >= 0)
        sqlite3_bind_int64(stmt, i++, q->oldest_s);
    if (q->latest_s >= 0)
        sqlite3_bind_int64(stmt, i++, q->latest_s);
    if (q->offset_id > 0)
        sqlite3_bind_int64(stmt, i++, q->offset_id);
    return stmt;
}

int mktows_store_activities(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_activity_query *q,
                            mktows_srv_activity **out, size_t *count, long long *remaining, char *err,
                            size_t err_len)
{
    *out = NULL;
    *count = 0;
    *remaining = 0;
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *stmt = s_query(store, q, 0);
    mktows_srv_activity *acts = q->limit > 0 ? mktows_store_alloc(mem, (size_t)q->limit * sizeof *acts) : NULL;
    if (stmt && acts) {
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            mktows_srv_activity *a = &acts[*count];
            a->id = sqlite3_column_int64(stmt, 0);
            a->lead_id = sqlite3_column_int64(stmt, 1);
            a->created_s = sqlite3_column_int64(stmt, 2);
            a->type = mktows_store_col(mem, stmt, 3);
            a->asset = mktows_store_col(mem, stmt, 4);
            a->campaign = mktows_store_col(mem, stmt, 5);
            if (mktows_store_decode_attrs(mem, (const char *)sqlite3_column_text(stmt, 6), &a->attrs,
                                          &a->attr_count))
                break;
            (*count)++;
        }
        ret = rc == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(stmt);
    if (ret == 0) {
        /* what is left after this page */
        mktows_srv_activity_query rest = *q;
        if (*count)
            rest.offset_id = acts[*count - 1].id;
        sqlite3_stmt *c = s_query(store, &rest, 1);
        if (c && sqlite3_step(c) == SQLITE_ROW)
            *remaining = sqlite3_column_int64(c, 0);
        else
            ret = -1;
        sqlite3_finalize(c);
        /* an exhausted page with no rows: nothing remains */
        if (!*count)
            *remaining = 0;
    }
    if (ret)
        mktows_store_errmsg(store, err, err_len);
    pthread_mutex_unlock(&store->lock);
    *out = acts;
    return ret;
}

int mktows_store_activity_floor_locked(mktows_store *store, long long first)
{
    /* AUTOINCREMENT keeps its counter in sqlite_sequence; the row exists once an id was used */
    int rc = -1;
    sqlite3_stmt *s = mktows_store_prep(store,
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'activities', ?1"
        " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'activities')");
    sqlite3_stmt *u = mktows_store_prep(store, "UPDATE sqlite_sequence SET seq = MAX(seq, ?1) WHERE name = 'activities'");
    if (s && u) {
        sqlite3_bind_int64(s, 1, first - 1);
        sqlite3_bind_int64(u, 1, first - 1);
        rc = sqlite3_step(s) == SQLITE_DONE && sqlite3_step(u) == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    return rc;
}

int mktows_store_activity_floor(mktows_store *store, long long first)
{
    if (mktows_store_begin(store, NULL, 0))
        return -1;
    return mktows_store_end(store, mktows_store_activity_floor_locked(store, first), NULL, 0);
}
