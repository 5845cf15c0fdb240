/* mktows-server's store (store*.c): leads, the activity log, static lists, campaign runs, imports,
 * custom objects and MObjects in SQLite, one connection guarded by a mutex. Every function is safe
 * to call from any connection thread. It knows nothing of gSOAP: what a read returns is allocated
 * from the caller's arena (mktows_srv_arena). Private to src/server (store_private.h is private to
 * the store files). */
#ifndef MKTOWS_SERVER_STORE_H
#define MKTOWS_SERVER_STORE_H

#include "config.h"

#include <stddef.h>

typedef struct mktows_store mktows_store;

/* Where a store read puts what it returns: the records, their arrays and every string in them.
 * alloc(ctx, size) gives @p size bytes, not zeroed, aligned for any type, or NULL when out of
 * memory. The store never frees what it took: all of it belongs to the arena's owner, who releases
 * it at once (the operations back the arena with the request's gSOAP memory, which soap_end frees:
 * MKTOWS_SRV_ARENA in ops.h). The arena is borrowed for the call only; the store keeps no pointer
 * to it. One arena is used by one thread at a time. */
typedef struct mktows_srv_arena {
    void *(*alloc)(void *ctx, size_t size);
    void *ctx;
} mktows_srv_arena;

typedef struct mktows_srv_attr {
    const char *name;
    const char *value;
} mktows_srv_attr;

/* A lead read back from the store; its strings and attrs live in the caller's arena. */
typedef struct mktows_srv_lead {
    long long id;
    char *email;
    char *foreign_id;
    char *foreign_type;
    char *cookie;
    char *partition;
    int anonymous;
    long long created_s;
    long long updated_s;
    mktows_srv_attr *attrs;
    size_t attr_count;
} mktows_srv_lead;

/* What syncLead asks of the store. Key strings are NULL when absent. */
typedef struct mktows_srv_sync {
    long long id;                 /* 0 = absent */
    const char *email;
    const char *foreign_id;
    const char *foreign_type;
    const char *cookie;
    const mktows_srv_attr *attrs; /* validated: names are canonical field names */
    size_t attr_count;
    const char *new_partition;    /* partition for a lead that has to be created */
    const char *require_partition;/* non-NULL: a lead matched by Id, foreign id or cookie must be here */
    const char *workspace;        /* named workspace, for messages */
    int no_email_match;           /* syncMultipleLeads dedupEnabled=false: Email never matches */
    const char *source;           /* "Source Type" of the New Lead activity; NULL = Web service API */
    int error;                    /* batch only: the record was refused before the store (code) */
    const char *error_message;
} mktows_srv_sync;

typedef struct mktows_srv_sync_result {
    long long id;
    int created;             /* 1 CREATED, 0 UPDATED */
    const char *matched_by;  /* "Id", "ForeignSysPersonId", "cookie", "Email" or NULL (created) */
    int error;               /* 0, or a Marketo code (20103, 20106 ...) */
    char message[256];
} mktows_srv_sync_result;

int mktows_store_open(mktows_store **out, const char *path, char *err, size_t err_len);
void mktows_store_close(mktows_store *store);
/* Run one syncLead in a transaction (store_sync.c). Returns 0 (result filled, result->error may be set) or -1 on a
 * database failure (message in result->message). @p lead_out (optional) gets the record as stored. */
int mktows_store_sync(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_sync *req,
                      mktows_srv_sync_result *result, mktows_srv_lead *lead_out);
/* What mktows_store_find() looks a lead up by. */
typedef enum mktows_srv_lead_by {
    MKTOWS_SRV_BY_ID,
    MKTOWS_SRV_BY_EMAIL,
    MKTOWS_SRV_BY_COOKIE
} mktows_srv_lead_by;

/* Leads by key (store_leads.c). Fills *out (from @p mem) and *count. */
int mktows_store_find(mktows_store *store, const mktows_srv_arena *mem, mktows_srv_lead_by by, const char *value,
                      mktows_srv_lead **out, size_t *count, char *err, size_t err_len);

/* Run a batch of syncs in one transaction; each record succeeds or fails on its own
 * (results[i].error). Records with req->error set are reported as failed without running. */
int mktows_store_sync_batch(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_sync *reqs, size_t n,
                            mktows_srv_sync_result *results);

/* What a page of leads is drawn from. */
typedef enum mktows_srv_lead_query_kind {
    MKTOWS_SRV_Q_IDS,        /* the given ids */
    MKTOWS_SRV_Q_LIST,       /* the members of a static list */
    MKTOWS_SRV_Q_UPDATED     /* the leads updated within a time range */
} mktows_srv_lead_query_kind;

/* A page of leads in id order (store_leads.c). */
typedef struct mktows_srv_lead_query {
    mktows_srv_lead_query_kind kind;
    const long long *ids;    /* Q_IDS: candidate ids (any order, duplicates allowed) */
    size_t id_count;
    long long list_id;       /* Q_LIST */
    long long oldest_s;      /* Q_UPDATED: updated_s >= oldest_s ... */
    long long latest_s;      /* ... and <= latest_s unless latest_s < 0 */
    long long after_id;      /* only leads with id > after_id */
    int limit;
} mktows_srv_lead_query;

int mktows_store_leads_page(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_lead_query *q,
                            mktows_srv_lead **out, size_t *count, long long *remaining, char *err, size_t err_len);

/* Merge the losers into the winner (store_merge.c): see docs/server.md for the rule. */
int mktows_store_merge(mktows_store *store, long long winner, const long long *losers, size_t n, char *err,
                       size_t err_len);

/* ---- static lists (store_lists.c) ---- */
typedef enum mktows_srv_list_op {
    MKTOWS_SRV_LIST_ADD,
    MKTOWS_SRV_LIST_IS_MEMBER,
    MKTOWS_SRV_LIST_REMOVE
} mktows_srv_list_op;
/* status[i] = 1 when the lead is (now / still / no longer) as @p op asks. Writes Add to List /
 * Remove from List activities for changes. */
int mktows_store_list_apply(mktows_store *store, const mktows_srv_list *list, mktows_srv_list_op op,
                            const long long *ids, size_t n, int *status, char *err, size_t err_len);
int mktows_store_list_clear(mktows_store *store, const mktows_srv_list *list, char *err, size_t err_len);

/* ---- the activity log (store_activity.c) ---- */
typedef struct mktows_srv_activity {
    long long id;
    long long lead_id;
    long long created_s;
    char *type;       /* display name, e.g. "Change Data Value" */
    char *asset;      /* mktgAssetName */
    char *campaign;
    mktows_srv_attr *attrs;
    size_t attr_count;
} mktows_srv_activity;

typedef struct mktows_srv_activity_query {
    const long long *lead_ids;   /* NULL: every lead */
    size_t lead_count;
    long long list_id;           /* > 0: only leads on this static list */
    const char *const *include;  /* normalised type keys (mktows_srv_type_key); NULL: all */
    size_t include_count;
    const char *const *exclude;
    size_t exclude_count;
    long long oldest_s;          /* < 0: none */
    long long latest_s;          /* < 0: none */
    long long offset_id;         /* 0: from the start */
    int descending;              /* 1: newest first, ids < offset_id */
    int limit;
} mktows_srv_activity_query;

int mktows_store_activities(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_activity_query *q,
                            mktows_srv_activity **out, size_t *count, long long *remaining, char *err,
                            size_t err_len);
/* Make the next activity id at least @p first (ids never go down). 0 or -1. */
int mktows_store_activity_floor(mktows_store *store, long long first);
/* Log one activity in its own transaction. */
int mktows_store_log(mktows_store *store, long long lead_id, const char *type, const char *asset,
                     const char *campaign, const mktows_srv_attr *attrs, size_t n);
/* "Change Data Value" -> "changedatavalue": the key activity types are compared by. */
void mktows_srv_type_key(const char *name, char *out, size_t len);

/* ---- campaigns and imports (store_misc.c) ---- */
/* Which operation ran a campaign (the campaign_runs row's kind: "request" or "schedule"). */
typedef enum mktows_srv_campaign_run_kind {
    MKTOWS_SRV_RUN_REQUEST,  /* requestCampaign */
    MKTOWS_SRV_RUN_SCHEDULE  /* scheduleCampaign */
} mktows_srv_campaign_run_kind;
int mktows_store_campaign_run(mktows_store *store, mktows_srv_campaign_run_kind kind, const mktows_srv_campaign *c,
                              long long run_at_s, int lead_count, const mktows_srv_attr *tokens, size_t n);
typedef struct mktows_srv_import {
    long long started_s, ended_s;
    int rows_total, rows_imported, rows_failed, rows_ignored;
    char summary[512];
} mktows_srv_import;
int mktows_store_import_save(mktows_store *store, const char *program, const char *list,
                             const mktows_srv_import *imp);
/* 1 found, 0 none, -1 error */
int mktows_store_import_get(mktows_store *store, const char *program, const char *list, mktows_srv_import *imp);

/* ---- custom objects (store_cobj.c) ---- */
typedef struct mktows_srv_cobj {
    long long id;
    mktows_srv_attr *keys;       /* in the type's key order */
    size_t key_count;
    mktows_srv_attr *attrs;      /* non-key fields */
    size_t attr_count;
} mktows_srv_cobj;
typedef enum mktows_srv_cobj_op {
    MKTOWS_SRV_COBJ_UPSERT,
    MKTOWS_SRV_COBJ_INSERT,
    MKTOWS_SRV_COBJ_UPDATE
} mktows_srv_cobj_op;
typedef enum mktows_srv_cobj_status {
    MKTOWS_SRV_COBJ_CREATED,
    MKTOWS_SRV_COBJ_UPDATED,
    MKTOWS_SRV_COBJ_FAILED /* with a message */
} mktows_srv_cobj_status;
/* Key values are in the type's key order. Returns 0 and sets *status, or -1 on a database error. */
int mktows_store_cobj_sync(mktows_store *store, const mktows_srv_cobj_type *t, mktows_srv_cobj_op op,
                           const char *const *keys, const mktows_srv_attr *attrs, size_t n,
                           mktows_srv_cobj_status *status, char *msg, size_t msg_len);
/* 1 deleted, 0 not found, -1 error */
int mktows_store_cobj_delete(mktows_store *store, const mktows_srv_cobj_type *t, const char *const *keys);
/* match: values for some key fields (NULL = any), in key order. */
int mktows_store_cobj_page(mktows_store *store, const mktows_srv_arena *mem, const mktows_srv_cobj_type *t,
                           const char *const *match, long long after_id, int limit, mktows_srv_cobj **out,
                           size_t *count, long long *remaining, char *err, size_t err_len);

/* ---- MObjects (store_mobj.c) ---- */
typedef struct mktows_srv_mobj {
    long long id;
    char *type;
    char *ext_name, *ext_value;
    long long created_s, updated_s;
    mktows_srv_attr *attrs;
    size_t attr_count;
} mktows_srv_mobj;
/* Insert (id 0) or update object id with the attributes (merged). *id_out gets the id. */
int mktows_store_mobj_put(mktows_store *store, long long id, const char *type, const char *ext_name,
                          const char *ext_value, const mktows_srv_attr *attrs, size_t n, long long *id_out);
/* Find by id (type must match) or by external key (most recent). 1 found, 0 not, -1 error. */
int mktows_store_mobj_find(mktows_store *store, const mktows_srv_arena *mem, const char *type, long long id,
                           const char *ext_name, const char *ext_value, mktows_srv_mobj *out);
int mktows_store_mobj_delete(mktows_store *store, const char *type, long long id);
/* Every object of a type after after_id, in id order (the caller filters). */
int mktows_store_mobj_all(mktows_store *store, const mktows_srv_arena *mem, const char *type, long long after_id,
                          mktows_srv_mobj **out, size_t *count, char *err, size_t err_len);
int mktows_store_program_item(mktows_store *store, int program_id, const char *kind, const mktows_srv_attr *attrs,
                              size_t n);
/* A program's Cost / Tag items, oldest first (type = kind, attrs = the item's name/value pairs). */
int mktows_store_program_items(mktows_store *store, const mktows_srv_arena *mem, int program_id,
                               mktows_srv_activity **out, size_t *count);
/* 1 when lead @p id exists, 0 when not, -1 on error. */
int mktows_store_lead_exists(mktows_store *store, long long id);

#endif
