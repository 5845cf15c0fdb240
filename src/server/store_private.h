/* Internals shared by the store_*.c files (not used outside the store). */
#ifndef MKTOWS_STORE_PRIVATE_H
#define MKTOWS_STORE_PRIVATE_H

#include "store.h"

#include <pthread.h>
#include <sqlite3.h>

#define MKTOWS_STORE_CACHED 32

/* The transaction control statements, prepared when the store opens (store.c's s_tx_sql). */
typedef enum mktows_store_tx {
    MKTOWS_STORE_TX_BEGIN,       /* BEGIN IMMEDIATE */
    MKTOWS_STORE_TX_COMMIT,
    MKTOWS_STORE_TX_ROLLBACK,
    MKTOWS_STORE_TX_SAVEPOINT,   /* SAVEPOINT rec */
    MKTOWS_STORE_TX_RELEASE,     /* RELEASE rec */
    MKTOWS_STORE_TX_ROLLBACK_TO, /* ROLLBACK TO rec */
    MKTOWS_STORE_TX_COUNT
} mktows_store_tx;

struct mktows_store {
    sqlite3 *db;
    pthread_mutex_t lock;
    sqlite3_stmt *tx[MKTOWS_STORE_TX_COUNT]; /* finalized when the store closes */
    /* statements of the per-record paths, prepared once (mktows_store_cached) */
    struct {
        const char *sql;
        sqlite3_stmt *stmt;
    } cached[MKTOWS_STORE_CACHED];
};

sqlite3_stmt *mktows_store_prep(mktows_store *st, const char *sql);
/* The statement for @p sql, a string literal, prepared on first use and kept until the store
 * closes (store lock held). Give it back with mktows_store_done() (reset, bindings cleared), never
 * sqlite3_finalize(); never use the same SQL twice at once. NULL when it cannot be prepared. */
sqlite3_stmt *mktows_store_cached(mktows_store *st, const char *sql);
void mktows_store_done(sqlite3_stmt *stmt);
void mktows_store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* @p size bytes from @p mem, or NULL when out of memory (mktows_srv_arena). */
void *mktows_store_alloc(const mktows_srv_arena *mem, size_t size);
/* A copy of @p s from @p mem; NULL for NULL or when out of memory. */
char *mktows_store_strdup(const mktows_srv_arena *mem, const char *s);
/* Column i as a string from @p mem, NULL for SQL NULL. */
char *mktows_store_col(const mktows_srv_arena *mem, sqlite3_stmt *stmt, int i);
/* Run @p sql, one or more statements parsed afresh (for rare work such as a reset's wipe). 0 or -1. */
int mktows_store_exec(mktows_store *st, const char *sql);
/* Room for element @p count of an arena array with *cap slots: @p arr itself while there is
 * room, else a copy with twice the slots (16 at first). NULL when out of memory (arr unchanged). */
void *mktows_store_grow(const mktows_srv_arena *mem, void *arr, size_t count, size_t *cap, size_t size);
/* Name/value rows of @p sql (one ? parameter: the owner's id) appended to *attrs (from @p mem).
 * @p sql as for mktows_store_cached(). */
int mktows_store_read_attrs(mktows_store *st, const mktows_srv_arena *mem, const char *sql, long long id,
                            mktows_srv_attr **attrs, size_t *count);
#define MKTOWS_STORE_LEAD_COLS \
    "SELECT id, email, foreign_id, foreign_type, cookie, partition, anonymous, created_s, updated_s FROM leads "
extern const char mktows_store_lead_cols[];
int mktows_store_read_row(mktows_store *st, const mktows_srv_arena *mem, sqlite3_stmt *stmt, mktows_srv_lead *lead);
int mktows_store_read_lead(mktows_store *st, const mktows_srv_arena *mem, long long id, mktows_srv_lead *lead,
                           int *found);

/* The store's one transaction helper, for every write: mktows_store_begin() locks the store and
 * runs BEGIN IMMEDIATE (0, or -1 unlocked again); the body runs; mktows_store_end() with the body's
 * result @p rc COMMITs when it is 0 and ROLLBACKs otherwise (> 0: rolled back on purpose, not a
 * failure), then unlocks. end returns @p rc, or -1 when the COMMIT or the ROLLBACK failed. @p err
 * (may be NULL) gets the database's message when BEGIN, the body (rc < 0), COMMIT or ROLLBACK
 * failed. The control statements are prepared once (struct mktows_store's tx), never parsed again. */
int mktows_store_begin(mktows_store *st, char *err, size_t len);
int mktows_store_end(mktows_store *st, int rc, char *err, size_t len);
/* A step of its own inside the caller's transaction (between begin and end), which can be undone
 * alone: mktows_store_savepoint() opens it (0, or -1: the step must not run);
 * mktows_store_savepoint_end() with the step's result @p rc RELEASEs it when rc is 0, and otherwise
 * ROLLs it BACK TO the savepoint and RELEASEs it (> 0: undone on purpose, not a failure). It returns
 * @p rc, or -1 when one of those statements failed. Savepoints do not nest. */
int mktows_store_savepoint(mktows_store *st);
int mktows_store_savepoint_end(mktows_store *st, int rc);

/* Name/value pairs as one TEXT column: name US value RS name US value ... (0x1f, 0x1e). The
 * encoded string is malloc'd (caller frees); decoded strings come from @p mem. */
char *mktows_store_encode_attrs(const mktows_srv_attr *attrs, size_t n);
int mktows_store_decode_attrs(const mktows_srv_arena *mem, const char *text, mktows_srv_attr **out, size_t *n);

/* Append an activity for @p lead_id inside the caller's transaction. Returns 0 or -1. */
int mktows_store_log_locked(mktows_store *st, long long lead_id, const char *type, const char *asset,
                            const char *campaign, const mktows_srv_attr *attrs, size_t n);
/* mktows_store_activity_floor() inside the caller's transaction. 0 or -1. */
int mktows_store_activity_floor_locked(mktows_store *store, long long first);
/* Write err from the connection's last error. */
void mktows_store_errmsg(mktows_store *st, char *err, size_t len);

#endif
