/* Campaign runs (requestCampaign / scheduleCampaign leave a row here, so tests and people can see
 * what was asked) and importToList results for getImportToListStatus. */
#include "store_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int mktows_store_campaign_run(mktows_store *store, mktows_srv_campaign_run_kind kind, const mktows_srv_campaign *c,
                              long long run_at_s, int lead_count, const mktows_srv_attr *tokens, size_t n)
{
    char *enc = mktows_store_encode_attrs(tokens, n);
    if (!enc)
        return -1;
    if (mktows_store_begin(store, NULL, 0)) {
        free(enc);
        return -1;
    }
    int rc = -1;
    sqlite3_stmt *stmt = mktows_store_prep(store, "INSERT INTO campaign_runs (kind, campaign_id, program, campaign,"
                                                  " run_at_s, requested_s, lead_count, tokens)"
                                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (stmt) {
        mktows_store_bind_text(stmt, 1, kind == MKTOWS_SRV_RUN_SCHEDULE ? "schedule" : "request");
        sqlite3_bind_int(stmt, 2, c->id);
        mktows_store_bind_text(stmt, 3, c->program);
        mktows_store_bind_text(stmt, 4, c->name);
        sqlite3_bind_int64(stmt, 5, run_at_s);
        sqlite3_bind_int64(stmt, 6, (long long)time(NULL));
        sqlite3_bind_int(stmt, 7, lead_count);
        mktows_store_bind_text(stmt, 8, enc);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(stmt);
    }
    free(enc);
    return mktows_store_end(store, rc, NULL, 0);
}

int mktows_store_import_save(mktows_store *store, const char *program, const char *list,
                             const mktows_srv_import *imp)
{
    if (mktows_store_begin(store, NULL, 0))
        return -1;
    int rc = -1;
    sqlite3_stmt *stmt = mktows_store_prep(store, "INSERT OR REPLACE INTO imports (program, list, started_s, ended_s,"
                                                  " rows_total, rows_imported, rows_failed, rows_ignored, summary)"
                                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (stmt) {
        mktows_store_bind_text(stmt, 1, program);
        mktows_store_bind_text(stmt, 2, list);
        sqlite3_bind_int64(stmt, 3, imp->started_s);
        sqlite3_bind_int64(stmt, 4, imp->ended_s);
        sqlite3_bind_int(stmt, 5, imp->rows_total);
        sqlite3_bind_int(stmt, 6, imp->rows_imported);
        sqlite3_bind_int(stmt, 7, imp->rows_failed);
        sqlite3_bind_int(stmt, 8, imp->rows_ignored);
        mktows_store_bind_text(stmt, 9, imp->summary);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(stmt);
    }
    return mktows_store_end(store, rc, NULL, 0);
}

int mktows_store_import_get(mktows_store *store, const char *program, const char *list, mktows_srv_import *imp)
{
    memset(imp, 0, sizeof *imp);
    pthread_mutex_lock(&store->lock);
    int ret = -1;
    sqlite3_stmt *stmt = mktows_store_prep(store, "SELECT started_s, ended_s, rows_total, rows_imported, rows_failed,"
                                                  " rows_ignored, summary FROM imports WHERE program = ? AND list = ?");
    if (stmt) {
        mktows_store_bind_text(stmt, 1, program);
        mktows_store_bind_text(stmt, 2, list);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            imp->started_s = sqlite3_column_int64(stmt, 0);
            imp->ended_s = sqlite3_column_int64(stmt, 1);
            imp->rows_total = sqlite3_column_int(stmt, 2);
            imp->rows_imported = sqlite3_column_int(stmt, 3);
            imp->rows_failed = sqlite3_column_int(stmt, 4);
            imp->rows_ignored = sqlite3_column_int(stmt, 5);
            snprintf(imp->summary, sizeof imp->summary, "%s", (const char *)sqlite3_column_text(stmt, 6));
            ret = 1;
        } else if (rc == SQLITE_DONE) {
            ret = 0;
        }
        sqlite3_finalize(stmt);
    }
    pthread_mutex_unlock(&store->lock);
    return ret;
}
