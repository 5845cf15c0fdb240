/* Writing fixtures into the store (fixtures.h): one transaction for all of them, and for a reset
 * the emptying of every table before, so that a reset is all or nothing. Records are written as
 * given: no New Lead or Add to List activity is made up for them. */
#include "fixtures.h"
#include "store_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char s_wipe[] =
    "DELETE FROM lead_attrs; DELETE FROM list_members; DELETE FROM leads; DELETE FROM activities;"
    " DELETE FROM campaign_runs; DELETE FROM custom_object_attrs; DELETE FROM custom_objects;"
    " DELETE FROM mobject_attrs; DELETE FROM mobjects; DELETE FROM program_items; DELETE FROM imports;"
    " DELETE FROM sqlite_sequence;";

static int s_step_done(sqlite3_stmt *s)
{
    int rc = s && sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(s);
    return rc;
}

/* The lead a fixture refers to by Id or Email: its id, 0 when there is none, -1 on error. */
static long long s_lead(mktows_store *st, const mktows_srv_fixture *f)
{
    sqlite3_stmt *s = f->lead_email
        ? mktows_store_prep(st, "SELECT id FROM leads WHERE email = ? COLLATE NOCASE ORDER BY created_s DESC, id DESC"
                                " LIMIT 1")
        : mktows_store_prep(st, "SELECT id FROM leads WHERE id = ?");
    if (!s)
        return -1;
    if (f->lead_email)
        mktows_store_bind_text(s, 1, f->lead_email);
    else
        sqlite3_bind_int64(s, 1, f->lead_id);
    int rc = sqlite3_step(s);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(s);
    return id;
}

static int s_attrs(mktows_store *st, const char *sql, long long owner, const mktows_srv_fixture *f)
{
    for (size_t i = 0; i < f->attr_count; i++) {
        sqlite3_stmt *s = mktows_store_prep(st, sql);
        if (s) {
            sqlite3_bind_int64(s, 1, owner);
            mktows_store_bind_text(s, 2, f->attrs[i].name);
            mktows_store_bind_text(s, 3, f->attrs[i].value);
        }
        if (s_step_done(s))
            return -1;
    }
    return 0;
}

static int s_lead_put(mktows_store *st, const mktows_srv_fixture *f, const char *partition, long long now)
{
    sqlite3_stmt *s = mktows_store_prep(st,
        "INSERT INTO leads (id, email, foreign_id, foreign_type, cookie, partition, anonymous, created_s, updated_s,"
        " seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2 IS NULL AND ?3 IS NULL, ?7, ?7,"
        " (SELECT COALESCE(MAX(seq), 0) + 1 FROM leads))");
    if (!s)
        return -1;
    if (f->id)
        sqlite3_bind_int64(s, 1, f->id);
    mktows_store_bind_text(s, 2, f->email);
    mktows_store_bind_text(s, 3, f->foreign_id);
    mktows_store_bind_text(s, 4, f->foreign_type);
    mktows_store_bind_text(s, 5, f->cookie);
    mktows_store_bind_text(s, 6, f->partition ? f->partition : partition);
    sqlite3_bind_int64(s, 7, f->created_s ? f->created_s : now);
    if (s_step_done(s))
        return -1;
    return s_attrs(st, "INSERT INTO lead_attrs (lead_id, name, value) VALUES (?, ?, ?)"
                       " ON CONFLICT (lead_id, name) DO UPDATE SET value = excluded.value",
                   sqlite3_last_insert_rowid(st->db), f);
}

static int s_activity_put(mktows_store *st, const mktows_srv_fixture *f, long long lead, long long now)
{
    char key[128];
    mktows_srv_type_key(f->name, key, sizeof key);
    char *enc = mktows_store_encode_attrs(f->attrs, f->attr_count);
    sqlite3_stmt *s = enc ? mktows_store_prep(st, "INSERT INTO activities (lead_id, created_s, type, type_key, asset,"
                                                  " campaign, attrs) VALUES (?, ?, ?, ?, ?, ?, ?)")
                          : NULL;
    if (s) {
        sqlite3_bind_int64(s, 1, lead);
        sqlite3_bind_int64(s, 2, f->created_s ? f->created_s : now);
        mktows_store_bind_text(s, 3, f->name);
        mktows_store_bind_text(s, 4, key);
        mktows_store_bind_text(s, 5, f->asset);
        mktows_store_bind_text(s, 6, f->campaign);
        mktows_store_bind_text(s, 7, enc);
    }
    free(enc);
    return s_step_done(s);
}

static int s_member_put(mktows_store *st, const mktows_srv_fixture *f, long long lead, long long now)
{
    sqlite3_stmt *s = mktows_store_prep(st, "INSERT OR IGNORE INTO list_members (list_id, lead_id, added_s)"
                                            " VALUES (?, ?, ?)");
    if (s) {
        sqlite3_bind_int64(s, 1, f->list->id);
        sqlite3_bind_int64(s, 2, lead);
        sqlite3_bind_int64(s, 3, now);
    }
    return s_step_done(s);
}

static int s_cobj_put(mktows_store *st, const mktows_srv_fixture *f)
{
    size_t len = 1;
    for (size_t i = 0; i < f->key_count; i++)
        len += strlen(f->keys[i]) + 1;
    char *key = malloc(len), *p = key;
    if (!key)
        return -1;
    for (size_t i = 0; i < f->key_count; i++)
        p += sprintf(p, i ? "\x1f%s" : "%s", f->keys[i]); /* as store_cobj.c joins them */
    *p = '\0';
    sqlite3_stmt *s = mktows_store_prep(st, "INSERT INTO custom_objects (type, key) VALUES (?, ?)");
    if (s) {
        mktows_store_bind_text(s, 1, f->name);
        mktows_store_bind_text(s, 2, key);
    }
    free(key);
    if (s_step_done(s))
        return -1;
    return s_attrs(st, "INSERT INTO custom_object_attrs (obj_id, name, value) VALUES (?, ?, ?)",
                   sqlite3_last_insert_rowid(st->db), f);
}

static int s_mobj_put(mktows_store *st, const mktows_srv_fixture *f, long long now)
{
    sqlite3_stmt *s = mktows_store_prep(st, "INSERT INTO mobjects (id, type, created_s, updated_s) VALUES (?, ?, ?, ?)");
    if (s) {
        if (f->id)
            sqlite3_bind_int64(s, 1, f->id);
        mktows_store_bind_text(s, 2, f->name);
        sqlite3_bind_int64(s, 3, now);
        sqlite3_bind_int64(s, 4, now);
    }
    if (s_step_done(s))
        return -1;
    return s_attrs(st, "INSERT INTO mobject_attrs (obj_id, name, value) VALUES (?, ?, ?)",
                   sqlite3_last_insert_rowid(st->db), f);
}

static int s_empty(mktows_store *st)
{
    sqlite3_stmt *s = mktows_store_prep(st, "SELECT EXISTS (SELECT 1 FROM leads) OR EXISTS (SELECT 1 FROM activities)"
                                            " OR EXISTS (SELECT 1 FROM custom_objects) OR EXISTS (SELECT 1 FROM mobjects)");
    int rc = s && sqlite3_step(s) == SQLITE_ROW ? !sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return rc;
}

/* The body of the transaction: 0, -1 (database error, message from SQLite) or 1 (a record's own
 * problem, message in err). */
static int s_seed(mktows_store *st, const mktows_srv_fixtures *fx, mktows_srv_seed_mode mode,
                  long long first_activity_id, const char *partition, int *skipped, char *err, size_t err_len)
{
    if (mode == MKTOWS_SRV_SEED_WIPE) {
        if (mktows_store_exec(st, s_wipe) || mktows_store_activity_floor_locked(st, first_activity_id))
            return -1;
    } else {
        int empty = s_empty(st);
        if (empty < 0)
            return -1;
        if (!empty) {
            *skipped = 1;
            return 0;
        }
    }
    long long now = (long long)time(NULL);
    for (size_t i = 0; i < fx->count; i++) {
        const mktows_srv_fixture *f = &fx->items[i];
        long long lead = 0;
        if (f->kind == MKTOWS_SRV_FIXTURE_ACTIVITY || f->kind == MKTOWS_SRV_FIXTURE_LIST_MEMBER) {
            lead = s_lead(st, f);
            if (lead < 0)
                return -1;
            if (lead == 0) {
                if (f->lead_email)
                    snprintf(err, err_len, "%s: no lead with Email %s (leads come before what refers to them)",
                             f->where, f->lead_email);
                else
                    snprintf(err, err_len, "%s: no lead with Id %lld (leads come before what refers to them)",
                             f->where, f->lead_id);
                return 1;
            }
        }
        int rc = 0;
        switch (f->kind) {
        case MKTOWS_SRV_FIXTURE_LEAD: rc = s_lead_put(st, f, partition, now); break;
        case MKTOWS_SRV_FIXTURE_ACTIVITY: rc = s_activity_put(st, f, lead, now); break;
        case MKTOWS_SRV_FIXTURE_LIST_MEMBER: rc = s_member_put(st, f, lead, now); break;
        case MKTOWS_SRV_FIXTURE_COBJ: rc = s_cobj_put(st, f); break;
        case MKTOWS_SRV_FIXTURE_MOBJ: rc = s_mobj_put(st, f, now); break;
        }
        if (rc) {
            /* a UNIQUE or PRIMARY KEY constraint: a duplicate Id, ForeignSysPersonId, cookie or key */
            int constraint = sqlite3_errcode(st->db) == SQLITE_CONSTRAINT;
            snprintf(err, err_len, "%s: %s", f->where,
                     constraint ? "a record with the same Id, ForeignSysPersonId, marketoCookie or key is already"
                                  " there"
                                : sqlite3_errmsg(st->db));
            return 1;
        }
    }
    return 0;
}

int mktows_store_seed(mktows_store *store, const mktows_srv_fixtures *fx, mktows_srv_seed_mode mode,
                      long long first_activity_id, const char *default_partition, int *skipped, char *err,
                      size_t err_len)
{
    *skipped = 0;
    if (mktows_store_begin(store, err, err_len))
        return -1;
    int rc = s_seed(store, fx, mode, first_activity_id > 1 ? first_activity_id : 1, default_partition, skipped, err,
                    err_len);
    char db_err[256];
    rc = mktows_store_end(store, rc, db_err, sizeof db_err);
    if (rc < 0)
        snprintf(err, err_len, "%s", db_err);
    return rc ? -1 : 0;
}
