/* The lead store: SQLite, one connection guarded by a mutex.
 *
 * Durability: WAL with synchronous=FULL, so a transaction is on disk before the response is sent
 * and survives kill -9. Isolation: every syncLead runs in BEGIN IMMEDIATE ... COMMIT, so the
 * match-then-write of concurrent requests is serialised (the mutex serialises this process; the
 * immediate write lock and busy_timeout cover other processes opening the same file). */
#include "store.h"
#include "store_private.h"

#include <assert.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Indexed by mktows_store_tx. */
static const char *const s_tx_sql[MKTOWS_STORE_TX_COUNT] = {
    [MKTOWS_STORE_TX_BEGIN] = "BEGIN IMMEDIATE",
    [MKTOWS_STORE_TX_COMMIT] = "COMMIT",
    [MKTOWS_STORE_TX_ROLLBACK] = "ROLLBACK",
    [MKTOWS_STORE_TX_SAVEPOINT] = "SAVEPOINT rec",
    [MKTOWS_STORE_TX_RELEASE] = "RELEASE rec",
    [MKTOWS_STORE_TX_ROLLBACK_TO] = "ROLLBACK TO rec",
};

int mktows_store_open(mktows_store **out, const char *path, char *err, size_t err_len)
{
    *out = NULL;
    mktows_store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    /* No memory statistics: with them, SQLite takes a global mutex on every allocation (about 180
     * a syncLead). Only possible before SQLite initialises; later it is refused, harmlessly. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
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
    for (size_t i = 0; i < MKTOWS_STORE_TX_COUNT; i++) {
        if (sqlite3_prepare_v2(st->db, s_tx_sql[i], -1, &st->tx[i], NULL) != SQLITE_OK) {
            snprintf(err, err_len, "%s: %s: %s", path ? path : ":memory:", s_tx_sql[i], sqlite3_errmsg(st->db));
            for (size_t j = 0; j < i; j++)
                sqlite3_finalize(st->tx[j]);
            sqlite3_close(st->db);
            free(st);
            return -1;
        }
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
    for (size_t i = 0; i < MKTOWS_STORE_TX_COUNT; i++)
        sqlite3_finalize(store->tx[i]);
    sqlite3_close(store->db);
    pthread_mutex_destroy(&store->lock);
    free(store);
}

/* ---- the caller's arena ---- */

void *mktows_store_alloc(const mktows_srv_arena *mem, size_t size)
{
    return mem->alloc(mem->ctx, size);
}

char *mktows_store_strdup(const mktows_srv_arena *mem, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *copy = mktows_store_alloc(mem, n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

/* ---- small statement helpers ---- */

void *mktows_store_grow(const mktows_srv_arena *mem, void *arr, size_t count, size_t *cap, size_t size)
{
    if (count < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *n = mktows_store_alloc(mem, ncap * size);
    if (!n)
        return NULL;
    if (count)
        memcpy(n, arr, count * size);
    *cap = ncap;
    return n;
}

sqlite3_stmt *mktows_store_cached(mktows_store *st, const char *sql)
{
    for (size_t i = 0; i < MKTOWS_STORE_CACHED; i++) {
        if (st->cached[i].sql && (st->cached[i].sql == sql || strcmp(st->cached[i].sql, sql) == 0))
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
    assert(!"the store's statement cache is full: raise MKTOWS_STORE_CACHED");
    return NULL;
}

void mktows_store_done(sqlite3_stmt *stmt)
{
    if (!stmt)
        return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

int mktows_store_read_attrs(mktows_store *st, const mktows_srv_arena *mem, const char *sql, long long id,
                            mktows_srv_attr **attrs, size_t *count)
{
    sqlite3_stmt *a = mktows_store_cached(st, sql);
    if (!a)
        return -1;
    sqlite3_bind_int64(a, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(a)) == SQLITE_ROW) {
        mktows_srv_attr *n = mktows_store_grow(mem, *attrs, *count, &cap, sizeof *n);
        if (!n)
            break;
        *attrs = n;
        (*attrs)[*count].name = mktows_store_col(mem, a, 0);
        (*attrs)[*count].value = mktows_store_col(mem, a, 1);
        (*count)++;
    }
    mktows_store_done(a);
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

char *mktows_store_col(const mktows_srv_arena *mem, sqlite3_stmt *stmt, int i)
{
    const unsigned char *t = sqlite3_column_text(stmt, i);
    return t ? mktows_store_strdup(mem, (const char *)t) : NULL;
}

const char mktows_store_lead_cols[] = MKTOWS_STORE_LEAD_COLS;

int mktows_store_read_row(mktows_store *st, const mktows_srv_arena *mem, sqlite3_stmt *stmt, mktows_srv_lead *lead)
{
    memset(lead, 0, sizeof *lead);
    lead->id = sqlite3_column_int64(stmt, 0);
    lead->email = mktows_store_col(mem, stmt, 1);
    lead->foreign_id = mktows_store_col(mem, stmt, 2);
    lead->foreign_type = mktows_store_col(mem, stmt, 3);
    lead->cookie = mktows_store_col(mem, stmt, 4);
    lead->partition = mktows_store_col(mem, stmt, 5);
    lead->anonymous = sqlite3_column_int(stmt, 6);
    lead->created_s = sqlite3_column_int64(stmt, 7);
    lead->updated_s = sqlite3_column_int64(stmt, 8);

    return mktows_store_read_attrs(st, mem, "SELECT name, value FROM lead_attrs WHERE lead_id = ? ORDER BY name",
                                   lead->id, &lead->attrs, &lead->attr_count);
}

int mktows_store_read_lead(mktows_store *st, const mktows_srv_arena *mem, long long id, mktows_srv_lead *lead,
                           int *found)
{
    sqlite3_stmt *stmt = mktows_store_cached(st, MKTOWS_STORE_LEAD_COLS "WHERE id = ?");
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt), ret = 0;
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        ret = mktows_store_read_row(st, mem, stmt, lead);
    else if (rc != SQLITE_DONE)
        ret = -1;
    mktows_store_done(stmt);
    return ret;
}

int mktows_store_exec(mktows_store *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Run one prepared transaction control statement. 0, or -1 with the connection's error set. */
static int s_tx(mktows_store *st, mktows_store_tx which)
{
    sqlite3_stmt *stmt = st->tx[which];
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt); /* the error stays on the connection for sqlite3_errmsg() */
    return rc == SQLITE_DONE ? 0 : -1;
}

int mktows_store_begin(mktows_store *st, char *err, size_t len)
{
    pthread_mutex_lock(&st->lock);
    if (s_tx(st, MKTOWS_STORE_TX_BEGIN)) {
        if (err)
            mktows_store_errmsg(st, err, len);
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    return 0;
}

int mktows_store_end(mktows_store *st, int rc, char *err, size_t len)
{
    if (rc < 0 && err)
        mktows_store_errmsg(st, err, len); /* before the rollback replaces the connection's error */
    if (rc == 0 && s_tx(st, MKTOWS_STORE_TX_COMMIT)) {
        if (err)
            mktows_store_errmsg(st, err, len);
        rc = -1;
    }
    /* Some errors (a full disk, an I/O error) make SQLite roll the transaction back itself: then
     * there is nothing left to roll back. */
    if (rc && !sqlite3_get_autocommit(st->db) && s_tx(st, MKTOWS_STORE_TX_ROLLBACK)) {
        if (err && rc > 0)
            mktows_store_errmsg(st, err, len);
        rc = -1;
    }
    pthread_mutex_unlock(&st->lock);
    return rc;
}

int mktows_store_savepoint(mktows_store *st)
{
    return s_tx(st, MKTOWS_STORE_TX_SAVEPOINT);
}

int mktows_store_savepoint_end(mktows_store *st, int rc)
{
    if (rc && s_tx(st, MKTOWS_STORE_TX_ROLLBACK_TO))
        return -1;
    if (s_tx(st, MKTOWS_STORE_TX_RELEASE))
        return -1;
    return rc;
}

void mktows_store_errmsg(mktows_store *st, char *err, size_t len)
{
    snprintf(err, len, "database: %s", sqlite3_errmsg(st->db));
}


