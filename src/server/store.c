/* The lead store: SQLite, one connection guarded by a mutex.
 *
 * Durability: WAL with synchronous=FULL, so a transaction is on disk before the response is sent
 * and survives kill -9. Isolation: every syncLead runs in BEGIN IMMEDIATE ... COMMIT, so the
 * match-then-write of concurrent requests is serialised (the mutex serialises this process; the
 * immediate write lock and busy_timeout cover other processes opening the same file). */
#include "server.h"

#include "soapH.h"

#include <pthread.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct mktows_store {
    sqlite3 *db;
    pthread_mutex_t lock;
};

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
    " PRIMARY KEY (lead_id, name)) WITHOUT ROWID;";

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
    sqlite3_close(store->db);
    pthread_mutex_destroy(&store->lock);
    free(store);
}

/* ---- small statement helpers ---- */

static sqlite3_stmt *s_prep(mktows_store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    return stmt;
}

static void s_bind_text(sqlite3_stmt *stmt, int i, const char *s)
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
    sqlite3_stmt *stmt = s_prep(st, sql);
    if (!stmt)
        return -1;
    if (text)
        s_bind_text(stmt, 1, text);
    else
        sqlite3_bind_int64(stmt, 1, num);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static char *s_col(struct soap *soap, sqlite3_stmt *stmt, int i)
{
    const unsigned char *t = sqlite3_column_text(stmt, i);
    return t ? soap_strdup(soap, (const char *)t) : NULL;
}

static const char s_lead_cols[] =
    "SELECT id, email, foreign_id, foreign_type, cookie, partition, anonymous, created_s, updated_s FROM leads ";

static int s_read_row(mktows_store *st, struct soap *soap, sqlite3_stmt *stmt, mktows_srv_lead *lead)
{
    memset(lead, 0, sizeof *lead);
    lead->id = sqlite3_column_int64(stmt, 0);
    lead->email = s_col(soap, stmt, 1);
    lead->foreign_id = s_col(soap, stmt, 2);
    lead->foreign_type = s_col(soap, stmt, 3);
    lead->cookie = s_col(soap, stmt, 4);
    lead->partition = s_col(soap, stmt, 5);
    lead->anonymous = sqlite3_column_int(stmt, 6);
    lead->created_s = sqlite3_column_int64(stmt, 7);
    lead->updated_s = sqlite3_column_int64(stmt, 8);

    sqlite3_stmt *a = s_prep(st, "SELECT name, value FROM lead_attrs WHERE lead_id = ? ORDER BY name");
    if (!a)
        return -1;
    sqlite3_bind_int64(a, 1, lead->id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(a)) == SQLITE_ROW) {
        if (lead->attr_count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            mktows_srv_attr *n = soap_malloc(soap, ncap * sizeof *n);
            if (!n) {
                sqlite3_finalize(a);
                return -1;
            }
            if (lead->attr_count)
                memcpy(n, lead->attrs, lead->attr_count * sizeof *n);
            lead->attrs = n;
            cap = ncap;
        }
        lead->attrs[lead->attr_count].name = s_col(soap, a, 0);
        lead->attrs[lead->attr_count].value = s_col(soap, a, 1);
        lead->attr_count++;
    }
    sqlite3_finalize(a);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int s_read_lead(mktows_store *st, struct soap *soap, long long id, mktows_srv_lead *lead, int *found)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%sWHERE id = ?", s_lead_cols);
    sqlite3_stmt *stmt = s_prep(st, sql);
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt), ret = 0;
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        ret = s_read_row(st, soap, stmt, lead);
    else if (rc != SQLITE_DONE)
        ret = -1;
    sqlite3_finalize(stmt);
    return ret;
}

static int s_exec(mktows_store *st, const char *sql)
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
    if (!match && req->email) {
        /* Several leads may share an email: the most recently created or updated one is chosen. A
         * lead that already has another foreign id is not taken over by a new foreign id. */
        sqlite3_stmt *stmt = s_prep(st, "SELECT id FROM leads WHERE email = ? COLLATE NOCASE"
                                        " AND (?2 IS NULL OR foreign_id IS NULL) ORDER BY seq DESC LIMIT 1");
        if (!stmt)
            return -1;
        s_bind_text(stmt, 1, req->email);
        s_bind_text(stmt, 2, req->foreign_id);
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

    if (match) {
        char part[256] = "";
        sqlite3_stmt *stmt = s_prep(st, "SELECT partition, cookie FROM leads WHERE id = ?");
        if (!stmt)
            return -1;
        sqlite3_bind_int64(stmt, 1, match);
        int has_cookie = 0;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            snprintf(part, sizeof part, "%s", (const char *)sqlite3_column_text(stmt, 0));
            has_cookie = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
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
        stmt = s_prep(st,
            "UPDATE leads SET"
            " email = COALESCE(?1, email),"
            " foreign_id = COALESCE(?2, foreign_id),"
            " foreign_type = CASE WHEN ?2 IS NULL THEN foreign_type ELSE COALESCE(?3, foreign_type) END,"
            " cookie = CASE WHEN ?4 IS NULL THEN cookie ELSE ?4 END,"
            " anonymous = CASE WHEN ?5 OR ?1 IS NOT NULL OR ?2 IS NOT NULL THEN 0 ELSE anonymous END,"
            " updated_s = ?6, seq = ?7 WHERE id = ?8");
        if (!stmt)
            return -1;
        s_bind_text(stmt, 1, email);
        s_bind_text(stmt, 2, req->foreign_id);
        s_bind_text(stmt, 3, req->foreign_type);
        s_bind_text(stmt, 4, set_cookie ? req->cookie : NULL);
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
    } else {
        sqlite3_stmt *stmt = s_prep(st,
            "INSERT INTO leads (email, foreign_id, foreign_type, cookie, partition, anonymous,"
            " created_s, updated_s, seq) VALUES (?1, ?2, CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END,"
            " ?4, ?5, ?1 IS NULL AND ?2 IS NULL, ?6, ?6, ?7)");
        if (!stmt)
            return -1;
        s_bind_text(stmt, 1, email);
        s_bind_text(stmt, 2, req->foreign_id);
        s_bind_text(stmt, 3, req->foreign_type);
        s_bind_text(stmt, 4, req->cookie);
        s_bind_text(stmt, 5, req->new_partition);
        sqlite3_bind_int64(stmt, 6, now);
        sqlite3_bind_int64(stmt, 7, seq);
        int rc = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE)
            return -1;
        res->id = sqlite3_last_insert_rowid(st->db);
        res->created = 1;
        res->matched_by = NULL;
    }

    if (req->attr_count) {
        sqlite3_stmt *stmt = s_prep(st, "INSERT INTO lead_attrs (lead_id, name, value) VALUES (?, ?, ?)"
                                        " ON CONFLICT (lead_id, name) DO UPDATE SET value = excluded.value");
        if (!stmt)
            return -1;
        for (size_t i = 0; i < req->attr_count; i++) {
            if (strcasecmp(req->attrs[i].name, "Email") == 0)
                continue;
            sqlite3_reset(stmt);
            sqlite3_bind_int64(stmt, 1, res->id);
            s_bind_text(stmt, 2, req->attrs[i].name);
            s_bind_text(stmt, 3, req->attrs[i].value ? req->attrs[i].value : "");
            if (sqlite3_step(stmt) != SQLITE_DONE) {
                sqlite3_finalize(stmt);
                return -1;
            }
        }
        sqlite3_finalize(stmt);
    }

    if (lead_out) {
        int found = 0;
        if (s_read_lead(st, soap, res->id, lead_out, &found) || !found)
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
    if (s_exec(store, "BEGIN IMMEDIATE") == 0) {
        rc = s_sync_locked(store, soap, req, result, lead_out);
        if (rc == 0 && !result->error) {
            if (s_exec(store, "COMMIT")) {
                rc = -1;
                s_exec(store, "ROLLBACK");
            }
        } else {
            s_exec(store, "ROLLBACK");
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
    snprintf(sql, sizeof sql, "%s%s", s_lead_cols, where[kind]);
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *stmt = s_prep(store, sql);
    if (stmt) {
        s_bind_text(stmt, 1, value);
        size_t cap = 0;
        int rc;
        ret = 0;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (*count == cap) {
                size_t ncap = cap ? cap * 2 : 4;
                mktows_srv_lead *n = soap_malloc(soap, ncap * sizeof *n);
                if (!n) {
                    ret = -1;
                    break;
                }
                if (*count)
                    memcpy(n, *out, *count * sizeof *n);
                *out = n;
                cap = ncap;
            }
            if (s_read_row(store, soap, stmt, &(*out)[*count])) {
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
