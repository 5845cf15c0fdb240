/* The store under load and failure: 8 clients x 500 syncs at once lose no update and create no
 * duplicate, every write the server acknowledged is still there after kill -9 and a restart, and
 * a database from the issue-3 server still opens. */
#include "runner.h"
#include "private/call.h"
#include "server_calls.h"
#include "server_harness.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { CLIENTS = 8, SYNCS = 500 };

static const char s_config[] =
    "[field C0]\ntype = integer\n[field C1]\ntype = integer\n[field C2]\ntype = integer\n"
    "[field C3]\ntype = integer\n[field C4]\ntype = integer\n[field C5]\ntype = integer\n"
    "[field C6]\ntype = integer\n[field C7]\ntype = integer\n";

static double s_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct s_worker {
    const mktows_test_server *srv;
    int index;
    int ok, created, failures;
} s_worker;

/* Odd iterations create a lead of their own; even ones update the one lead every client shares,
 * each client writing its own attribute C<index>. */
static void *s_worker_main(void *p)
{
    s_worker *w = p;
    mktows_client *c = mktows_test_client_new(w->srv, NULL, NULL);
    if (!c) {
        w->failures = SYNCS;
        return NULL;
    }
    char attr[8], value[16], email[64];
    snprintf(attr, sizeof attr, "C%d", w->index);
    for (int j = 0; j < SYNCS; j++) {
        mktows_sync_lead_request req = MKTOWS_SYNC_LEAD_REQUEST_INIT;
        mktows_lead_attribute a = { attr, value, NULL };
        snprintf(value, sizeof value, "%d", j);
        if (j % 2) {
            snprintf(email, sizeof email, "own-%d-%d@example.com", w->index, j);
            req.email = email;
        } else {
            req.email = "everyone@example.com";
            req.attrs = &a;
            req.attr_count = 1;
        }
        mktows_sync_lead_result *r = NULL;
        if (mktows_sync_lead(c, &req, &r) == MKTOWS_OK) {
            w->ok++;
            w->created += (j % 2) && r->status == MKTOWS_SYNC_CREATED;
        } else {
            w->failures++;
            fprintf(stderr, "client %d sync %d: %s\n", w->index, j, mktows_client_errmsg(c));
        }
        mktows_sync_lead_result_free(r);
    }
    mktows_client_free(c);
    return NULL;
}

static long long s_count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_concurrency__8_clients_x_500_syncs_lose_no_update(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    o.persistent = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    pthread_t th[CLIENTS];
    s_worker w[CLIENTS];
    double t0 = s_now_s();
    for (int i = 0; i < CLIENTS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].srv = &srv;
        w[i].index = i;
        pthread_create(&th[i], NULL, s_worker_main, &w[i]);
    }
    int ok = 0, created = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(th[i], NULL);
        ok += w[i].ok;
        created += w[i].created;
    }
    double dt = s_now_s() - t0;
    fprintf(stderr, "concurrency: %d syncs from %d clients in %.2f s (%.0f calls/s)\n", CLIENTS * SYNCS, CLIENTS,
            dt, CLIENTS * SYNCS / dt);
    CU_ASSERT_EQUAL(ok, CLIENTS * SYNCS);
    CU_ASSERT_EQUAL(created, CLIENTS * SYNCS / 2);

    /* through the API: one shared lead holding every client's last value */
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    struct mkt__ResultGetLead *g = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_test_get_lead(c, mkt__LeadKeyRef__EMAIL, "everyone@example.com", &g), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(g->count, 1);
    for (int i = 0; i < CLIENTS; i++) {
        char attr[8];
        snprintf(attr, sizeof attr, "C%d", i);
        const char *v = mktows_test_record_attr(&g->leadRecordList->leadRecord[0], attr);
        CU_ASSERT_PTR_NOT_NULL(v);
        if (v)
            CU_ASSERT_STRING_EQUAL(v, "498");
    }
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);

    /* and in the database file */
    sqlite3 *db = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open_v2(srv.db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(s_count(db, "SELECT COUNT(*) FROM leads"), 1 + CLIENTS * SYNCS / 2);
    CU_ASSERT_EQUAL(s_count(db, "SELECT COUNT(DISTINCT email) FROM leads"), 1 + CLIENTS * SYNCS / 2);
    CU_ASSERT_EQUAL(s_count(db, "SELECT COUNT(*) FROM lead_attrs"), CLIENTS);
    sqlite3_close(db);
    mktows_test_server_clean_up(&srv);
}

typedef struct s_writer {
    const mktows_test_server *srv;
    volatile int stop;
    int acked[100000];
    int acked_count;
} s_writer;

static void *s_writer_main(void *p)
{
    s_writer *w = p;
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = w->srv->url;
    o.user_id = MKTOWS_TEST_USER;
    o.encryption_key = MKTOWS_TEST_KEY;
    o.connect_timeout_ms = 1000;
    o.recv_timeout_ms = 2000;
    mktows_client *c = NULL;
    if (mktows_client_new(&o, &c) != MKTOWS_OK)
        return NULL;
    for (int k = 0; !w->stop && k < 100000; k++) {
        char email[64], score[16];
        snprintf(email, sizeof email, "durable-%d@example.com", k);
        snprintf(score, sizeof score, "%d", k);
        if (mktows_test_sync(c, 0, email, NULL, NULL, NULL, "LeadScore", score, NULL) == MKTOWS_OK) {
            w->acked[w->acked_count] = k;
            __atomic_store_n(&w->acked_count, w->acked_count + 1, __ATOMIC_RELEASE);
        }
        else
            break; /* the server is gone */
    }
    mktows_client_free(c);
    return NULL;
}

static void test_durability__acknowledged_writes_survive_kill_9_and_restart(void)
{
    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.persistent = 1;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    s_writer *w = calloc(1, sizeof *w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    w->srv = &srv;
    pthread_t th;
    pthread_create(&th, NULL, s_writer_main, w);
    /* let at least 100 writes be acknowledged (at most 20 s on a slow disk), then SIGKILL the server
     * in the middle of the writes */
    for (int i = 0; i < 400 && __atomic_load_n(&w->acked_count, __ATOMIC_ACQUIRE) < 100; i++)
        usleep(50 * 1000);
    mktows_test_server_kill(&srv);
    w->stop = 1;
    pthread_join(th, NULL);
    fprintf(stderr, "durability: %d writes acknowledged before kill -9\n", w->acked_count);
    CU_ASSERT_TRUE(w->acked_count > 10);

    CU_ASSERT_EQUAL_FATAL(mktows_test_server_restart(&srv), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    int found = 0;
    for (int i = 0; i < w->acked_count; i++) {
        char email[64];
        snprintf(email, sizeof email, "durable-%d@example.com", w->acked[i]);
        struct mkt__ResultGetLead *g = NULL;
        if (mktows_test_get_lead(c, mkt__LeadKeyRef__EMAIL, email, &g) == MKTOWS_OK && g->count == 1) {
            const char *v = mktows_test_record_attr(&g->leadRecordList->leadRecord[0], "LeadScore");
            char want[16];
            snprintf(want, sizeof want, "%d", w->acked[i]);
            found += v && strcmp(v, want) == 0;
        }
    }
    CU_ASSERT_EQUAL(found, w->acked_count);
    mktows_client_free(c);
    free(w);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
}

/* A --db file written by the issue-3 server (leads and lead_attrs only) opens unchanged: its leads
 * are served, and the new tables (activity log, list members ...) are added on open. */
static void test_schema__database_from_earlier_version_opens_and_gains_new_tables(void)
{
    char path[] = "/tmp/mktows-old-db-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    sqlite3 *db = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
    CU_ASSERT_EQUAL_FATAL(sqlite3_exec(db,
        "CREATE TABLE leads (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT, foreign_id TEXT UNIQUE,"
        " foreign_type TEXT, cookie TEXT UNIQUE, partition TEXT NOT NULL, anonymous INTEGER NOT NULL DEFAULT 0,"
        " created_s INTEGER NOT NULL, updated_s INTEGER NOT NULL, seq INTEGER NOT NULL);"
        "CREATE INDEX leads_email ON leads(email COLLATE NOCASE);"
        "CREATE INDEX leads_seq ON leads(seq);"
        "CREATE TABLE lead_attrs (lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,"
        " name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (lead_id, name)) WITHOUT ROWID;"
        "INSERT INTO leads (id, email, partition, created_s, updated_s, seq)"
        " VALUES (42, 'old@example.com', 'Default', 1700000000, 1700000000, 1);"
        "INSERT INTO lead_attrs VALUES (42, 'FirstName', 'Olde');",
        NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    mktows_test_server srv;
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = "[list Old Friends]\n";
    o.extra[0] = "--db";
    o.extra[1] = path;
    CU_ASSERT_EQUAL_FATAL(mktows_test_server_start(&srv, &o), 0);
    mktows_client *c = mktows_test_client_new(&srv, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    char buf[64];
    CU_ASSERT_STRING_EQUAL(mktows_test_attr_of(c, 42, "FirstName", buf, sizeof buf), "Olde");
    mktows_sync_lead_result *r = NULL;
    CU_ASSERT_EQUAL(mktows_test_sync(c, 42, NULL, NULL, NULL, &r, "FirstName", "New", NULL), MKTOWS_OK);
    mktows_sync_lead_result_free(r);
    int id = 42, st = 0;
    CU_ASSERT_EQUAL(mktows_test_list_op(c, mkt__ListOperationType__ADDTOLIST, "Old Friends", &id, 1, 1, &st, NULL),
                    MKTOWS_OK);
    CU_ASSERT_TRUE(st);
    struct mkt__LeadKey key = { .keyType = mkt__LeadKeyRef__IDNUM, .keyValue = "42" };
    struct mkt__ParamsGetLeadActivity req = { .leadKey = &key };
    struct mkt__SuccessGetLeadActivity resp;
    CU_ASSERT_EQUAL_FATAL(MKTOWS_CALL(c, getLeadActivity, &req, &resp), MKTOWS_OK);
    CU_ASSERT_EQUAL(resp.leadActivityList->returnCount, 2); /* Change Data Value, Add to List */
    mktows_client_free(c);
    CU_ASSERT_EQUAL(mktows_test_server_stop(&srv), 0);
    mktows_test_server_clean_up(&srv);
    remove(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "concurrency__8_clients_x_500_syncs_lose_no_update", test_concurrency__8_clients_x_500_syncs_lose_no_update },
        { "durability__acknowledged_writes_survive_kill_9_and_restart", test_durability__acknowledged_writes_survive_kill_9_and_restart },
        { "schema__database_from_earlier_version_opens_and_gains_new_tables", test_schema__database_from_earlier_version_opens_and_gains_new_tables },
        { NULL, NULL }
    };
    return mktows_test_run("server_store", NULL, NULL, cases);
}
