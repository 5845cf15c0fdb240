/* syncLead, syncMultipleLeads and importToList in the store: match a lead by its keys (Id, then
 * ForeignSysPersonId, then the cookie, then Email), update or create it and log the New Lead and
 * Change Data Value activities, each request in a transaction (store.c says why). */
#include "store.h"
#include "store_private.h"

#include <mktows/error.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Run a statement (@p sql a string literal, see mktows_store_cached) that returns at most one
 * integer; *out = 0 when no row. Returns 0 or -1. */
static int s_query_id(mktows_store *st, const char *sql, const char *text, long long num, long long *out)
{
    *out = 0;
    sqlite3_stmt *stmt = mktows_store_cached(st, sql);
    if (!stmt)
        return -1;
    if (text)
        mktows_store_bind_text(stmt, 1, text);
    else
        sqlite3_bind_int64(stmt, 1, num);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(stmt, 0);
    mktows_store_done(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void s_fail(mktows_srv_sync_result *res, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void s_fail(mktows_srv_sync_result *res, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->message, sizeof res->message, fmt, ap);
    va_end(ap);
    res->error = code;
}

static int s_log_change(mktows_store *st, long long lead_id, const char *name, const char *old, const char *nv)
{
    mktows_srv_attr a[4] = { { "Attribute Name", name }, { "Old Value", old }, { "New Value", nv },
                             { "Source", "Web service API" } };
    return mktows_store_log_locked(st, lead_id, "Change Data Value", name, NULL, a, 4);
}

/* The matched lead, as the match query read it (S_MATCH_COLS). */
typedef struct s_matched {
    long long id;     /* 0: no lead matched */
    const char *part;  /* in the caller's arena, whole: "" when it has none */
    int has_cookie;
    const char *email; /* in the caller's arena, whole: "" when it has none */
    int same_keys;    /* the request's email, foreign id and type are the lead's already (or not given) */
    int anonymous;
} s_matched;

/* @p s (NULL: "") copied whole into @p mem; NULL when out of memory. */
static const char *s_copy(const mktows_srv_arena *mem, const char *s)
{
    return mktows_store_strdup(mem, s ? s : "");
}

#define S_MATCH_COLS "SELECT id, partition, cookie, email, foreign_id, foreign_type, anonymous"

/* Run a match query (@p sql a string literal: S_MATCH_COLS, then FROM leads WHERE one ?1 key, and
 * for the email an optional ?2: the foreign id) and keep the lead it finds in @p m, compared with
 * @p email (the email the sync writes) and the request's foreign id and type. Returns 0 or -1. */
static int s_match(mktows_store *st, const mktows_srv_arena *mem, const char *sql, const char *key, long long num,
                   const mktows_srv_sync *req, const char *email, s_matched *m)
{
    m->id = 0;
    sqlite3_stmt *stmt = mktows_store_cached(st, sql);
    if (!stmt)
        return -1;
    if (key)
        mktows_store_bind_text(stmt, 1, key);
    else
        sqlite3_bind_int64(stmt, 1, num);
    if (sqlite3_bind_parameter_count(stmt) > 1)
        mktows_store_bind_text(stmt, 2, req->foreign_id);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        m->id = sqlite3_column_int64(stmt, 0);
        const char *part = (const char *)sqlite3_column_text(stmt, 1);
        m->part = s_copy(mem, part);
        m->has_cookie = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
        const char *e = (const char *)sqlite3_column_text(stmt, 3);
        m->email = s_copy(mem, e);
        if (!m->part || !m->email) {
            mktows_store_done(stmt);
            return -1;
        }
        const char *fid = (const char *)sqlite3_column_text(stmt, 4);
        const char *ftype = (const char *)sqlite3_column_text(stmt, 5);
        m->same_keys = (!email || (e && strcmp(email, e) == 0))
                       && (!req->foreign_id
                           || (fid && strcmp(req->foreign_id, fid) == 0
                               && (!req->foreign_type || (ftype && strcmp(req->foreign_type, ftype) == 0))));
        m->anonymous = sqlite3_column_int(stmt, 6);
    }
    mktows_store_done(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The body of one syncLead, inside the transaction. Returns 0 (maybe with res->error) or -1. */
static int s_sync_locked(mktows_store *st, const mktows_srv_arena *mem, const mktows_srv_sync *req,
                         mktows_srv_sync_result *res, mktows_srv_lead *lead_out)
{
    const char *by = NULL;
    /* The Email attribute, if any, is the lead's email column; the last one given wins. */
    const char *email = req->email;
    for (size_t i = 0; i < req->attr_count; i++)
        if (strcasecmp(req->attrs[i].name, "Email") == 0)
            email = req->attrs[i].value;

    /* Key precedence: Id, then ForeignSysPersonId, then the cookie; Email is not unique and comes last.
     * Each match query reads the columns the update needs too. */
    s_matched m = { 0 };
    if (req->id) {
        if (s_match(st, mem, S_MATCH_COLS " FROM leads WHERE id = ?1", NULL, req->id, req, email, &m))
            return -1;
        if (!m.id) {
            s_fail(res, MKTOWS_MKTO_LEAD_NOT_FOUND, "no lead has Id %lld", req->id);
            return 0;
        }
        by = "Id";
    }
    if (!m.id && req->foreign_id) {
        if (s_match(st, mem, S_MATCH_COLS " FROM leads WHERE foreign_id = ?1", req->foreign_id, 0, req, email, &m))
            return -1;
        by = m.id ? "ForeignSysPersonId" : NULL;
    }
    if (!m.id && req->cookie) {
        if (s_match(st, mem, S_MATCH_COLS " FROM leads WHERE cookie = ?1", req->cookie, 0, req, email, &m))
            return -1;
        by = m.id ? "cookie" : NULL;
    }
    if (!m.id && req->email && !req->no_email_match) {
        /* Several leads may share an email: the most recently created or updated one is chosen. A
         * lead that already has another foreign id is not taken over by a new foreign id. (With
         * MAX(seq), the other columns are those of the row with the highest seq, read from the
         * email index; ORDER BY seq DESC LIMIT 1 would sort in a temporary b-tree, every call.) No
         * lead: one row of NULLs. */
        if (s_match(st, mem, S_MATCH_COLS ", MAX(seq) FROM leads WHERE email = ?1 COLLATE NOCASE"
                        " AND (?2 IS NULL OR foreign_id IS NULL)", req->email, 0, req, email, &m))
            return -1;
        by = m.id ? "Email" : NULL;
    }
    long long match = m.id;

    long long now = (long long)time(NULL);

    if (match) {
        const char *part = m.part, *old_email = m.email;
        int has_cookie = m.has_cookie, is_cookie = strcmp(by, "cookie") == 0;
        /* whether the UPDATE below leaves every column but updated_s and seq as it is: then only
         * those two are written, and SQLite leaves the email, foreign id and cookie indexes alone */
        int same = m.same_keys && (m.anonymous == 0 || !(is_cookie || email || req->foreign_id));
        if (req->require_partition && strcmp(by, "Email") != 0 && strcmp(part, req->require_partition) != 0) {
            s_fail(res, MKTOWS_MKTO_LEAD_SYNC_FAILED,
                   "lead %lld (matched by %s) is in partition %s, not in the primary partition %s"
                   " of workspace %s", match, by, part, req->require_partition, req->workspace);
            return 0;
        }
        if (req->foreign_id && strcmp(by, "ForeignSysPersonId") != 0) {
            long long other = 0;
            if (s_query_id(st, "SELECT id FROM leads WHERE foreign_id = ?", req->foreign_id, 0, &other))
                return -1;
            if (other && other != match) {
                s_fail(res, MKTOWS_MKTO_LEAD_SYNC_FAILED,
                       "ForeignSysPersonId %s already belongs to lead %lld", req->foreign_id, other);
                return 0;
            }
        }
        int set_cookie = 0;
        if (req->cookie && !has_cookie) {
            long long other = 0;
            if (s_query_id(st, "SELECT id FROM leads WHERE cookie = ?", req->cookie, 0, &other))
                return -1;
            set_cookie = other == 0;
        }
        /* seq: one more than any lead's, so the lead is the most recently written (the email match) */
        sqlite3_stmt *stmt;
        if (same && !set_cookie) {
            stmt = mktows_store_cached(st, "UPDATE leads SET updated_s = ?1,"
                                           " seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM leads) WHERE id = ?2");
            if (!stmt)
                return -1;
            sqlite3_bind_int64(stmt, 1, now);
            sqlite3_bind_int64(stmt, 2, match);
        } else {
            stmt = mktows_store_cached(st,
                "UPDATE leads SET"
                " email = COALESCE(?1, email),"
                " foreign_id = COALESCE(?2, foreign_id),"
                " foreign_type = CASE WHEN ?2 IS NULL THEN foreign_type ELSE COALESCE(?3, foreign_type) END,"
                " cookie = CASE WHEN ?4 IS NULL THEN cookie ELSE ?4 END,"
                " anonymous = CASE WHEN ?5 OR ?1 IS NOT NULL OR ?2 IS NOT NULL THEN 0 ELSE anonymous END,"
                " updated_s = ?6, seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM leads) WHERE id = ?7");
            if (!stmt)
                return -1;
            mktows_store_bind_text(stmt, 1, email);
            mktows_store_bind_text(stmt, 2, req->foreign_id);
            mktows_store_bind_text(stmt, 3, req->foreign_type);
            mktows_store_bind_text(stmt, 4, set_cookie ? req->cookie : NULL);
            sqlite3_bind_int(stmt, 5, is_cookie);
            sqlite3_bind_int64(stmt, 6, now);
            sqlite3_bind_int64(stmt, 7, match);
        }
        int rc = sqlite3_step(stmt);
        mktows_store_done(stmt);
        if (rc != SQLITE_DONE)
            return -1;
        res->id = match;
        res->created = 0;
        res->matched_by = by;
        if (email && strcmp(email, old_email) != 0 && s_log_change(st, match, "Email", old_email, email))
            return -1;
    } else {
        sqlite3_stmt *stmt = mktows_store_cached(st,
            "INSERT INTO leads (email, foreign_id, foreign_type, cookie, partition, anonymous,"
            " created_s, updated_s, seq) VALUES (?1, ?2, CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END,"
            " ?4, ?5, ?1 IS NULL AND ?2 IS NULL, ?6, ?6, (SELECT COALESCE(MAX(seq), 0) + 1 FROM leads))");
        if (!stmt)
            return -1;
        mktows_store_bind_text(stmt, 1, email);
        mktows_store_bind_text(stmt, 2, req->foreign_id);
        mktows_store_bind_text(stmt, 3, req->foreign_type);
        mktows_store_bind_text(stmt, 4, req->cookie);
        mktows_store_bind_text(stmt, 5, req->new_partition);
        sqlite3_bind_int64(stmt, 6, now);
        int rc = sqlite3_step(stmt);
        mktows_store_done(stmt);
        if (rc != SQLITE_DONE)
            return -1;
        res->id = sqlite3_last_insert_rowid(st->db);
        res->created = 1;
        res->matched_by = NULL;
        mktows_srv_attr src[2] = { { "Source Type", req->source ? req->source : "Web service API" },
                                   { "Lead Partition", req->new_partition } };
        if (mktows_store_log_locked(st, res->id, "New Lead", NULL, NULL, src, 2))
            return -1;
    }

    if (req->attr_count) {
        sqlite3_stmt *stmt = mktows_store_cached(st, "INSERT INTO lead_attrs (lead_id, name, value) VALUES (?, ?, ?)"
                                        " ON CONFLICT (lead_id, name) DO UPDATE SET value = excluded.value");
        if (!stmt)
            return -1;
        sqlite3_stmt *get = mktows_store_cached(st, "SELECT value FROM lead_attrs WHERE lead_id = ? AND name = ?");
        if (!get) {
            mktows_store_done(stmt);
            return -1;
        }
        for (size_t i = 0; i < req->attr_count; i++) {
            if (strcasecmp(req->attrs[i].name, "Email") == 0)
                continue;
            const char *nv = req->attrs[i].value ? req->attrs[i].value : "";
            if (!res->created) {
                /* a changed value is a "Change Data Value" activity */
                sqlite3_reset(get);
                sqlite3_bind_int64(get, 1, res->id);
                mktows_store_bind_text(get, 2, req->attrs[i].name);
                /* whole values, of any length: a value is changed only when it differs */
                const char *old = "";
                size_t old_len = 0;
                int got = sqlite3_step(get), stored = got == SQLITE_ROW;
                if (!stored && got != SQLITE_DONE) {
                    mktows_store_done(get);
                    mktows_store_done(stmt);
                    return -1;
                }
                if (stored && sqlite3_column_text(get, 0)) {
                    old = (const char *)sqlite3_column_text(get, 0);
                    old_len = (size_t)sqlite3_column_bytes(get, 0);
                }
                size_t nv_len = strlen(nv);
                int changed = old_len != nv_len || memcmp(old, nv, nv_len) != 0;
                if (changed && s_log_change(st, res->id, req->attrs[i].name, old, nv)) {
                    mktows_store_done(get);
                    mktows_store_done(stmt);
                    return -1;
                }
                if (stored && !changed)
                    continue; /* the same value: nothing to write */
            }
            sqlite3_reset(stmt);
            sqlite3_bind_int64(stmt, 1, res->id);
            mktows_store_bind_text(stmt, 2, req->attrs[i].name);
            mktows_store_bind_text(stmt, 3, req->attrs[i].value ? req->attrs[i].value : "");
            if (sqlite3_step(stmt) != SQLITE_DONE) {
                mktows_store_done(get);
                mktows_store_done(stmt);
                return -1;
            }
        }
        mktows_store_done(get);
        mktows_store_done(stmt);
    }

    if (lead_out) {
        int found = 0;
        if (mktows_store_read_lead(st, mem, res->id, lead_out, &found) || !found)
            return -1;
    }
    return 0;
}

int mktows_store_sync(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_sync *req,
                      mktows_srv_sync_result *result, mktows_srv_lead *lead_out)
{
    memset(result, 0, sizeof *result);
    char err[sizeof result->message];
    if (mktows_store_begin(store, err, sizeof err)) {
        snprintf(result->message, sizeof result->message, "%s", err);
        return -1;
    }
    int rc = s_sync_locked(store, mem, req, result, lead_out);
    /* a refused record (result->error) is rolled back on purpose (rc 1): not a database failure */
    if (mktows_store_end(store, rc == 0 && result->error ? 1 : rc, err, sizeof err) < 0) {
        snprintf(result->message, sizeof result->message, "%s", err);
        return -1;
    }
    return 0;
}

int mktows_store_sync_batch(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_sync *reqs, size_t n,
                            mktows_srv_sync_result *results)
{
    if (mktows_store_begin(store, NULL, 0))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        memset(&results[i], 0, sizeof results[i]);
        if (reqs[i].error) {
            results[i].error = reqs[i].error;
            snprintf(results[i].message, sizeof results[i].message, "%s", reqs[i].error_message);
            continue;
        }
        /* a record that fails leaves no trace: each runs in its own savepoint, whose every step must
         * succeed (a savepoint that was not taken would make the rollback undo earlier records) */
        if (mktows_store_savepoint(store)) {
            rc = -1;
            break;
        }
        int step = s_sync_locked(store, mem, &reqs[i], &results[i], NULL);
        if (step == 0 && results[i].error)
            step = 1; /* refused: undone on purpose */
        if (mktows_store_savepoint_end(store, step) < 0)
            rc = -1;
    }
    return mktows_store_end(store, rc ? -1 : 0, NULL, 0);
}
