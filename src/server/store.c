/* The lead store: SQLite, one connection guarded by a mutex.
 *
 * Durability: WAL with synchronous=FULL, so a transaction is on disk before the response is sent
 * and survives kill -9. Isolation: every syncLead runs in BEGIN IMMEDIATE ... COMMIT, so the
 * match-then-write of concurrent requests is serialised (the mutex serialises this process; the
 * immediate write lock and busy_timeout cover other processes opening the same file). */
#include "server.h"
#include "store_private.h"

#include "soapH.h"

#include <pthread.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


static const char s_schema[] =
    "CREATE TABLE IF NOT EXISTS leads ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " email TEXT,"
    " foreign_id TEXT UNIQUE,"
    " foreign_type TEXT,"
    " cookie TEXT UNIQUE,"
    " partition TEXT NOT NULL,"
    " anonymous INTEGER NOT NULL DEFAULT 0,"
    " created_s INTEGER NOT NULL,"
    " updated_s INTEGER NOT NULL,"
    " seq INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS leads_email ON leads(email COLLATE NOCASE);"
    "CREATE INDEX IF NOT EXISTS leads_seq ON leads(seq);"
    "CREATE TABLE IF NOT EXISTS lead_attrs ("
    " lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (lead_id, name)) WITHOUT ROWID;"
    /* Issue 4. Only new tables and indexes, all IF NOT EXISTS: a --db file from an earlier version
     * opens unchanged and gains them (its existing leads simply have no activity history). */
    "CREATE TABLE IF NOT EXISTS activities ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " lead_id INTEGER NOT NULL,"
    " created_s INTEGER NOT NULL,"
    " type TEXT NOT NULL,"
    " type_key TEXT NOT NULL,"
    " asset TEXT,"
    " campaign TEXT,"
    " attrs TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS activities_lead ON activities(lead_id, id);"
    "CREATE TABLE IF NOT EXISTS list_members ("
    " list_id INTEGER NOT NULL,"
    " lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,"
    " added_s INTEGER NOT NULL,"
    " PRIMARY KEY (list_id, lead_id)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS list_members_lead ON list_members(lead_id);"
    "CREATE TABLE IF NOT EXISTS campaign_runs ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " kind TEXT NOT NULL,"
    " campaign_id INTEGER NOT NULL,"
    " program TEXT NOT NULL,"
    " campaign TEXT NOT NULL,"
    " run_at_s INTEGER,"
    " requested_s INTEGER NOT NULL,"
    " lead_count INTEGER NOT NULL DEFAULT 0,"
    " tokens TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS custom_objects ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " type TEXT NOT NULL COLLATE NOCASE,"
    " key TEXT NOT NULL,"
    " UNIQUE (type, key));"
    "CREATE TABLE IF NOT EXISTS custom_object_attrs ("
    " obj_id INTEGER NOT NULL REFERENCES custom_objects(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (obj_id, name)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS mobjects ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " type TEXT NOT NULL,"
    " ext_name TEXT,"
    " ext_value TEXT,"
    " created_s INTEGER NOT NULL,"
    " updated_s INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS mobject_attrs ("
    " obj_id INTEGER NOT NULL REFERENCES mobjects(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (obj_id, name)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS program_items ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " program_id INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " attrs TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS imports ("
    " program TEXT NOT NULL COLLATE NOCASE,"
    " list TEXT NOT NULL COLLATE NOCASE,"
    " started_s INTEGER NOT NULL,"
    " ended_s INTEGER NOT NULL,"
    " rows_total INTEGER NOT NULL,"
    " rows_imported INTEGER NOT NULL,"
    " rows_failed INTEGER NOT NULL,"
    " rows_ignored INTEGER NOT NULL,"
    " summary TEXT NOT NULL,"
    " PRIMARY KEY (program, list));";

int mktows_store_open(mktows_store **out, const char *path, char *err, size_t err_len)
{
    *out = NULL;
    mktows_store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path ? path : ":memory:", &st->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, err_len, "%s: %s", path ? path : ":memory:", st->db ? sqlite3_errmsg(st->db) : "cannot open");
        sqlite3_close(st->db);
        free(st);
        return -1;
    }
    sqlite3_busy_timeout(st->db, 10000);
    char *msg = NULL;
    const char *pragmas = path ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                               : "PRAGMA foreign_keys=ON;";
    if (sqlite3_exec(st->db, pragmas, NULL, NULL, &msg) != SQLITE_OK
        || sqlite3_exec(st->db, s_schema, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, err_len, "%s: %s", path ? path : ":memory:", msg ? msg : "schema failed");
        sqlite3_free(msg);
        sqlite3_close(st->db);
        free(st);
        return -1;
    }
    pthread_mutex_init(&st->lock, NULL);
    *out = st;
    return 0;
}

void mktows_store_close(mktows_store *store)
{
    if (!store)
        return;
    for (size_t i = 0; i < MKTOWS_STORE_CACHED; i++)
        sqlite3_finalize(store->cached[i].stmt);
    sqlite3_close(store->db);
    pthread_mutex_destroy(&store->lock);
    free(store);
}

/* ---- small statement helpers ---- */

void *mktows_store_grow(struct soap *soap, void *arr, size_t count, size_t *cap, size_t size)
{
    if (count < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *n = soap_malloc(soap, ncap * size);
    if (!n)
        return NULL;
    if (count)
        memcpy(n, arr, count * size);
    *cap = ncap;
    return n;
}

/* The statement for @p sql, prepared on first use and kept until the store closes; the caller
 * resets it instead of finalizing. NULL when it cannot be prepared or the cache is full. */
static sqlite3_stmt *s_cached(mktows_store *st, const char *sql)
{
    for (size_t i = 0; i < MKTOWS_STORE_CACHED; i++) {
        if (st->cached[i].sql && strcmp(st->cached[i].sql, sql) == 0)
            return st->cached[i].stmt;
        if (!st->cached[i].sql) {
            sqlite3_stmt *stmt = mktows_store_prep(st, sql);
            if (!stmt)
                return NULL;
            st->cached[i].sql = sql;
            st->cached[i].stmt = stmt;
            return stmt;
        }
    }
    return NULL;
}

int mktows_store_read_attrs(mktows_store *st, struct soap *soap, const char *sql, long long id,
                            mktows_srv_attr **attrs, size_t *count)
{
    sqlite3_stmt *a = s_cached(st, sql);
    if (!a)
        return -1;
    sqlite3_bind_int64(a, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(a)) == SQLITE_ROW) {
        mktows_srv_attr *n = mktows_store_grow(soap, *attrs, *count, &cap, sizeof *n);
        if (!n)
            break;
        *attrs = n;
        (*attrs)[*count].name = mktows_store_col(soap, a, 0);
        (*attrs)[*count].value = mktows_store_col(soap, a, 1);
        (*count)++;
    }
    sqlite3_reset(a);
    sqlite3_clear_bindings(a);
    return rc == SQLITE_DONE ? 0 : -1;
}

sqlite3_stmt *mktows_store_prep(mktows_store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    return stmt;
}

void mktows_store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, i);
}

/* Run a statement that returns at most one integer; *out = 0 when no row. Returns 0 or -1. */
static int s_query_id(mktows_store *st, const char *sql, const char *text, long long num, long long *out)
{
    *out = 0;
    sqlite3_stmt *stmt = mktows_store_prep(st, sql);
    if (!stmt)
        return -1;
    if (text)
        mktows_store_bind_text(stmt, 1, text);
    else
        sqlite3_bind_int64(stmt, 1, num);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

char *mktows_store_col(struct soap *soap, sqlite3_stmt *stmt, int i)
{
    const unsigned char *t = sqlite3_column_text(stmt, i);
    return t ? soap_strdup(soap, (const char *)t) : NULL;
}

const char mktows_store_lead_cols[] =
    "SELECT id, email, foreign_id, foreign_type, cookie, partition, anonymous, created_s, updated_s FROM leads ";

int mktows_store_read_row(mktows_store *st, struct soap *soap, sqlite3_stmt *stmt, mktows_srv_lead *lead)
{
    memset(lead, 0, sizeof *lead);
    lead->id = sqlite3_column_int64(stmt, 0);
    lead->email = mktows_store_col(soap, stmt, 1);
    lead->foreign_id = mktows_store_col(soap, stmt, 2);
    lead->foreign_type = mktows_store_col(soap, stmt, 3);
    lead->cookie = mktows_store_col(soap, stmt, 4);
    lead->partition = mktows_store_col(soap, stmt, 5);
    lead->anonymous = sqlite3_column_int(stmt, 6);
    lead->created_s = sqlite3_column_int64(stmt, 7);
    lead->updated_s = sqlite3_column_int64(stmt, 8);

    return mktows_store_read_attrs(st, soap, "SELECT name, value FROM lead_attrs WHERE lead_id = ? ORDER BY name",
                                   lead->id, &lead->attrs, &lead->attr_count);
}

int mktows_store_read_lead(mktows_store *st, struct soap *soap, long long id, mktows_srv_lead *lead, int *found)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%sWHERE id = ?", mktows_store_lead_cols);
    sqlite3_stmt *stmt = mktows_store_prep(st, sql);
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt), ret = 0;
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        ret = mktows_store_read_row(st, soap, stmt, lead);
    else if (rc != SQLITE_DONE)
        ret = -1;
    sqlite3_finalize(stmt);
    return ret;
}

int mktows_store_exec(mktows_store *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
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

/* The body of one syncLead, inside the transaction. Returns 0 (maybe with res->error) or -1. */
static int s_sync_locked(mktows_store *st, struct soap *soap, const mktows_srv_sync *req,
                         mktows_srv_sync_result *res, mktows_srv_lead *lead_out)
{
    long long match = 0;
    const char *by = NULL;

    /* Key precedence: Id, then ForeignSysPersonId, then the cookie; Email is not unique and comes last. */
    if (req->id) {
        if (s_query_id(st, "SELECT id FROM leads WHERE id = ?", NULL, req->id, &match))
            return -1;
        if (!match) {
            s_fail(res, 20103, "no lead has Id %lld", req->id);
            return 0;
        }
        by = "Id";
    }
    if (!match && req->foreign_id) {
        if (s_query_id(st, "SELECT id FROM leads WHERE foreign_id = ?", req->foreign_id, 0, &match))
            return -1;
        by = match ? "ForeignSysPersonId" : NULL;
    }
    if (!match && req->cookie) {
        if (s_query_id(st, "SELECT id FROM leads WHERE cookie = ?", req->cookie, 0, &match))
            return -1;
        by = match ? "cookie" : NULL;
    }
    if (!match && req->email && !req->no_email_match) {
        /* Several leads may share an email: the most recently created or updated one is chosen. A
         * lead that already has another foreign id is not taken over by a new foreign id. */
        sqlite3_stmt *stmt = mktows_store_prep(st, "SELECT id FROM leads WHERE email = ? COLLATE NOCASE"
                                        " AND (?2 IS NULL OR foreign_id IS NULL) ORDER BY seq DESC LIMIT 1");
        if (!stmt)
            return -1;
        mktows_store_bind_text(stmt, 1, req->email);
        mktows_store_bind_text(stmt, 2, req->foreign_id);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW)
            match = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return -1;
        by = match ? "Email" : NULL;
    }

    long long seq = 0;
    if (s_query_id(st, "SELECT COALESCE(MAX(seq), 0) + ? FROM leads", NULL, 1, &seq))
        return -1;
    long long now = (long long)time(NULL);

    /* The Email attribute, if any, is the lead's email column; the last one given wins. */
    const char *email = req->email;
    for (size_t i = 0; i < req->attr_count; i++)
        if (strcasecmp(req->attrs[i].name, "Email") == 0)
            email = req->attrs[i].value;

    char old_email[512] = "";
    if (match) {
        char part[256] = "";
        sqlite3_stmt *stmt = mktows_store_prep(st, "SELECT partition, cookie, email FROM leads WHERE id = ?");
        if (!stmt)
            return -1;
        sqlite3_bind_int64(stmt, 1, match);
        int has_cookie = 0;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            snprintf(part, sizeof part, "%s", (const char *)sqlite3_column_text(stmt, 0));
            has_cookie = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
            const unsigned char *e = sqlite3_column_text(stmt, 2);
            snprintf(old_email, sizeof old_email, "%s", e ? (const char *)e : "");
        }
        sqlite3_finalize(stmt);
        if (req->require_partition && strcmp(by, "Email") != 0 && strcmp(part, req->require_partition) != 0) {
            s_fail(res, 20106, "lead %lld (matched by %s) is in partition %s, not in the primary partition %s"
                   " of workspace %s", match, by, part, req->require_partition, req->workspace);
            return 0;
        }
        if (req->foreign_id && strcmp(by, "ForeignSysPersonId") != 0) {
            long long other = 0;
            if (s_query_id(st, "SELECT id FROM leads WHERE foreign_id = ?", req->foreign_id, 0, &other))
                return -1;
            if (other && other != match) {
                s_fail(res, 20106, "ForeignSysPersonId %s already belongs to lead %lld", req->foreign_id, other);
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
        stmt = mktows_store_prep(st,
            "UPDATE leads SET"
            " email = COALESCE(?1, email),"
            " foreign_id = COALESCE(?2, foreign_id),"
            " foreign_type = CASE WHEN ?2 IS NULL THEN foreign_type ELSE COALESCE(?3, foreign_type) END,"
            " cookie = CASE WHEN ?4 IS NULL THEN cookie ELSE ?4 END,"
            " anonymous = CASE WHEN ?5 OR ?1 IS NOT NULL OR ?2 IS NOT NULL THEN 0 ELSE anonymous END,"
            " updated_s = ?6, seq = ?7 WHERE id = ?8");
        if (!stmt)
            return -1;
        mktows_store_bind_text(stmt, 1, email);
        mktows_store_bind_text(stmt, 2, req->foreign_id);
        mktows_store_bind_text(stmt, 3, req->foreign_type);
        mktows_store_bind_text(stmt, 4, set_cookie ? req->cookie : NULL);
        sqlite3_bind_int(stmt, 5, strcmp(by, "cookie") == 0);
        sqlite3_bind_int64(stmt, 6, now);
        sqlite3_bind_int64(stmt, 7, seq);
        sqlite3_bind_int64(stmt, 8, match);
        int rc = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE)
            return -1;
        res->id = match;
        res->created = 0;
        res->matched_by = by;
        if (email && strcmp(email, old_email) != 0 && s_log_change(st, match, "Email", old_email, email))
            return -1;
    } else {
        sqlite3_stmt *stmt = mktows_store_prep(st,
            "INSERT INTO leads (email, foreign_id, foreign_type, cookie, partition, anonymous,"
            " created_s, updated_s, seq) VALUES (?1, ?2, CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END,"
            " ?4, ?5, ?1 IS NULL AND ?2 IS NULL, ?6, ?6, ?7)");
        if (!stmt)
            return -1;
        mktows_store_bind_text(stmt, 1, email);
        mktows_store_bind_text(stmt, 2, req->foreign_id);
        mktows_store_bind_text(stmt, 3, req->foreign_type);
        mktows_store_bind_text(stmt, 4, req->cookie);
        mktows_store_bind_text(stmt, 5, req->new_partition);
        sqlite3_bind_int64(stmt, 6, now);
        sqlite3_bind_int64(stmt, 7, seq);
        int rc = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
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
        sqlite3_stmt *stmt = mktows_store_prep(st, "INSERT INTO lead_attrs (lead_id, name, value) VALUES (?, ?, ?)"
                                        " ON CONFLICT (lead_id, name) DO UPDATE SET value = excluded.value");
        if (!stmt)
            return -1;
        sqlite3_stmt *get = mktows_store_prep(st, "SELECT value FROM lead_attrs WHERE lead_id = ? AND name = ?");
        if (!get) {
            sqlite3_finalize(stmt);
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
                char old[1024] = "";
                if (sqlite3_step(get) == SQLITE_ROW)
                    snprintf(old, sizeof old, "%s", (const char *)sqlite3_column_text(get, 0));
                if (strcmp(old, nv) != 0 && s_log_change(st, res->id, req->attrs[i].name, old, nv)) {
                    sqlite3_finalize(get);
                    sqlite3_finalize(stmt);
                    return -1;
                }
            }
            sqlite3_reset(stmt);
            sqlite3_bind_int64(stmt, 1, res->id);
            mktows_store_bind_text(stmt, 2, req->attrs[i].name);
            mktows_store_bind_text(stmt, 3, req->attrs[i].value ? req->attrs[i].value : "");
            if (sqlite3_step(stmt) != SQLITE_DONE) {
                sqlite3_finalize(get);
                sqlite3_finalize(stmt);
                return -1;
            }
        }
        sqlite3_finalize(get);
        sqlite3_finalize(stmt);
    }

    if (lead_out) {
        int found = 0;
        if (mktows_store_read_lead(st, soap, res->id, lead_out, &found) || !found)
            return -1;
    }
    return 0;
}

int mktows_store_sync(mktows_store *store, struct soap *soap, const mktows_srv_sync *req,
                      mktows_srv_sync_result *result, mktows_srv_lead *lead_out)
{
    memset(result, 0, sizeof *result);
    pthread_mutex_lock(&store->lock);
    int rc = -1;
    if (mktows_store_exec(store, "BEGIN IMMEDIATE") == 0) {
        rc = s_sync_locked(store, soap, req, result, lead_out);
        if (rc == 0 && !result->error) {
            if (mktows_store_exec(store, "COMMIT")) {
                rc = -1;
                mktows_store_exec(store, "ROLLBACK");
            }
        } else {
            mktows_store_exec(store, "ROLLBACK");
        }
    }
    if (rc)
        snprintf(result->message, sizeof result->message, "database: %s", sqlite3_errmsg(store->db));
    pthread_mutex_unlock(&store->lock);
    return rc;
}

int mktows_store_find(mktows_store *store, struct soap *soap, int kind, const char *value,
                      mktows_srv_lead **out, size_t *count, char *err, size_t err_len)
{
    *out = NULL;
    *count = 0;
    static const char *const where[] = {
        "WHERE ?1 GLOB '[0-9]*' AND ?1 NOT GLOB '*[^0-9]*' AND id = CAST(?1 AS INTEGER)",
        "WHERE email = ?1 COLLATE NOCASE ORDER BY id",
        "WHERE cookie = ?1",
    };
    char sql[512];
    snprintf(sql, sizeof sql, "%s%s", mktows_store_lead_cols, where[kind]);
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *stmt = mktows_store_prep(store, sql);
    if (stmt) {
        mktows_store_bind_text(stmt, 1, value);
        size_t cap = 0;
        int rc;
        ret = 0;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            mktows_srv_lead *n = mktows_store_grow(soap, *out, *count, &cap, sizeof *n);
            if (!n) {
                ret = -1;
                break;
            }
            *out = n;
            if (mktows_store_read_row(store, soap, stmt, &(*out)[*count])) {
                ret = -1;
                break;
            }
            (*count)++;
        }
        if (ret == 0 && rc != SQLITE_DONE)
            ret = -1;
        sqlite3_finalize(stmt);
    }
    if (ret)
        snprintf(err, err_len, "database: %s", sqlite3_errmsg(store->db));
    pthread_mutex_unlock(&store->lock);
    return ret;
}

int mktows_store_begin(mktows_store *st)
{
    pthread_mutex_lock(&st->lock);
    if (mktows_store_exec(st, "BEGIN IMMEDIATE")) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    return 0;
}

int mktows_store_end(mktows_store *st, int ok)
{
    int rc = 0;
    if (ok && mktows_store_exec(st, "COMMIT"))
        rc = -1;
    if (!ok || rc)
        mktows_store_exec(st, "ROLLBACK");
    pthread_mutex_unlock(&st->lock);
    return rc;
}

void mktows_store_errmsg(mktows_store *st, char *err, size_t len)
{
    snprintf(err, len, "database: %s", sqlite3_errmsg(st->db));
}

int mktows_store_begin_err(mktows_store *st, char *err, size_t len)
{
    if (mktows_store_begin(st)) {
        mktows_store_errmsg(st, err, len);
        return -1;
    }
    return 0;
}

int mktows_store_finish(mktows_store *st, int rc, char *err, size_t len)
{
    if (rc)
        mktows_store_errmsg(st, err, len); /* before the rollback replaces the connection's error */
    if (mktows_store_end(st, rc == 0) && rc == 0) {
        mktows_store_errmsg(st, err, len);
        rc = -1;
    }
    return rc;
}

int mktows_store_sync_batch(mktows_store *store, struct soap *soap, const mktows_srv_sync *reqs, size_t n,
                            mktows_srv_sync_result *results)
{
    if (mktows_store_begin(store))
        return -1;
    for (size_t i = 0; i < n; i++) {
        memset(&results[i], 0, sizeof results[i]);
        if (reqs[i].error) {
            results[i].error = reqs[i].error;
            snprintf(results[i].message, sizeof results[i].message, "%s", reqs[i].error_message);
            continue;
        }
        /* a record that fails leaves no trace: each runs in its own savepoint */
        mktows_store_exec(store, "SAVEPOINT rec");
        if (s_sync_locked(store, soap, &reqs[i], &results[i], NULL)) {
            mktows_store_end(store, 0);
            return -1;
        }
        mktows_store_exec(store, results[i].error ? "ROLLBACK TO rec" : "RELEASE rec");
        if (results[i].error)
            mktows_store_exec(store, "RELEASE rec");
    }
    return mktows_store_end(store, 1);
}
