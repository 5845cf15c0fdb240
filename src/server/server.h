/* mktows-server internals: configuration, field list, store, request checks and faults.
 * Private to src/server; nothing here is installed. */
#ifndef MKTOWS_SERVER_H
#define MKTOWS_SERVER_H

/* Marketo's codes are the library's MKTOWS_MKTO_* values of mktows_code (<mktows/error.h>): the
 * server names them from there rather than writing the numbers. */
#include <mktows/error.h>

#include "private/hmac.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

struct soap;
struct mktows_schema;

/* ---- configuration (config.c) ---- */

typedef struct mktows_srv_user {
    char *id;   /* mktowsUserId */
    char *key;  /* encryption key (shared secret) */
    mktows_hmac hmac; /* the key prepared for signing (mktows_srv_config_prepare_keys); wiped on clean-up */
} mktows_srv_user;

typedef struct mktows_srv_field {
    char *name;  /* attrName, compared case-insensitively, returned with this spelling */
    char *type;  /* attrType returned by getLead / returnLead: string, integer, email, ... */
    char *display_name; /* "Last Name": describeMObject's displayName, an importToList header */
    int read_only;
    int configured; /* a [field NAME] section named it (each field once) */
} mktows_srv_field;

typedef struct mktows_srv_workspace {
    char *name;
    char *primary_partition;
} mktows_srv_workspace;

typedef struct mktows_srv_rule {
    char *attr;       /* attribute name */
    char *value;      /* exact value that qualifies */
    char *partition;  /* where a qualifying new lead is created */
} mktows_srv_rule;

/* Issue 4 objects, all configured in the file (docs/server.md). Ids are assigned from 1001 (lists),
 * 2001 (campaigns), 3001 (programs) in file order when the section gives none. */
typedef struct mktows_srv_program {
    char *name;
    int id;
    char *type;         /* e.g. "Marketing Program", "Marketing Event"; default "Default" */
    char *channel;      /* a [channel NAME] or NULL */
    char *description;
    char *workspace;    /* a workspace's name; NULL = "Default" */
    char *folder;       /* "Tree Path"; NULL = /Marketing Activities/<workspace>/<name> */
    int archived;       /* "Is Archived" */
    char *start_date;   /* "Start Date" / "End Date" as the page writes them ("2011-08-01 11:00:00"), or NULL */
    char *end_date;
} mktows_srv_program;

typedef struct mktows_srv_list {
    char *name;         /* static list name (MKTOLISTNAME), unique, case-insensitive */
    int id;
    char *program;      /* owning program (importToList) or NULL */
} mktows_srv_list;

/* Where a campaign may be requested from (requestCampaign's source): bits of
 * mktows_srv_campaign.sources. */
typedef enum mktows_srv_campaign_source {
    MKTOWS_SRV_SOURCE_MKTOWS = 1 << 0,
    MKTOWS_SRV_SOURCE_SALES = 1 << 1
} mktows_srv_campaign_source;

typedef struct mktows_srv_campaign {
    char *name;
    int id;
    char *program;      /* required */
    char *description;
    unsigned sources;   /* mktows_srv_campaign_source bits; default MKTOWS */
} mktows_srv_campaign;

typedef struct mktows_srv_cobj_type {
    char *name;                 /* objTypeName */
    char **keys;                /* key field names (dedupe fields), in order */
    size_t key_count;
    mktows_srv_field *fields;   /* every field, keys first */
    size_t field_count;
} mktows_srv_cobj_type;

typedef struct mktows_srv_tag {
    char *type;                 /* tag type, e.g. "Region" */
    char **values;
    size_t value_count;
} mktows_srv_tag;

typedef struct mktows_srv_channel {
    char *name;
    char **statuses;            /* progression statuses as configured */
    int *success;               /* 1 where the status counts as success */
    int *steps;                 /* each status's step (its position from 1 unless configured) */
    char **behaviors;           /* each status's value of the behavior attribute, or NULL */
    size_t status_count;
    char *behavior;             /* the channel's extra attribute ("Webinar Behavior", "Check-in Status") or NULL */
} mktows_srv_channel;

/* Connections open at once: the default and the most [limits] connections takes. */
#define MKTOWS_SRV_CONNECTIONS_DEFAULT 256
#define MKTOWS_SRV_CONNECTIONS_MAX 4096

typedef struct mktows_srv_config {
    mktows_srv_user *users;
    size_t user_count;
    mktows_srv_field *fields;       /* standard fields first, then custom ones */
    size_t field_count;
    int workspaces_enabled;         /* 0: only "Default" (partition "Default") exists */
    mktows_srv_workspace *workspaces; /* [0] is always "Default" */
    size_t workspace_count;
    mktows_srv_rule *rules;         /* in file order; the first match wins */
    size_t rule_count;
    long max_skew_s;                /* accepted |now - requestTimestamp|; default 900 */
    int reject_replays;             /* a signature seen within the window is refused (replay.c) */
    int rate_calls;                 /* 0 = no rate limit; else rate_calls per rate_window_s (20023) */
    int rate_window_s;
    int concurrency_limit;          /* 0 = none; else at most this many calls at once (20024) */
    long daily_quota;               /* 0 = none; else calls per UTC day (20015) */
    int latency_ms;                 /* artificial delay added to every call (testing aid); 0 = none */
    int max_connections;            /* connections open at once (serve.c); default 256 */
    int request_timeout_s;          /* a request must be read whole within this of its first byte; default 30 */
    long long first_activity_id;    /* testing aid: activity ids start here (xs:long beyond 2^31); 0 = 1 */
    mktows_srv_program *programs;
    size_t program_count;
    mktows_srv_list *lists;
    size_t list_count;
    mktows_srv_campaign *campaigns;
    size_t campaign_count;
    mktows_srv_cobj_type *cobj_types;
    size_t cobj_type_count;
    mktows_srv_tag *tags;
    size_t tag_count;
    mktows_srv_channel *channels;
    size_t channel_count;
    char **fixtures;                /* [server] fixtures = FILE, in order (relative to the config file) */
    size_t fixture_count;
    char **faults;                  /* [faults] fail = SPEC (inject.h), in order */
    size_t fault_count;
    mktows_hmac no_user_hmac;       /* a key no user has, prepared: unknown users are checked against it */
} mktows_srv_config;

/* Fill @p cfg with the defaults: the standard field list, workspace Default, no users, no limits. */
int mktows_srv_config_init(mktows_srv_config *cfg);
/* Read an INI-style file into @p cfg (see docs/server.md). Returns 0, or -1 with a message in err. */
int mktows_srv_config_load(mktows_srv_config *cfg, const char *path, char *err, size_t err_len);
/* Add a user (MARKETO_USER_ID / MARKETO_ENCRYPTION_KEY); replaces the key of an existing id. */
int mktows_srv_config_add_user(mktows_srv_config *cfg, const char *id, const char *key);
/* Set one [server] or [limits] setting (max_skew_s, workspaces, rate, concurrency, daily_quota,
 * latency_ms, connections, request_timeout_s) from its text. Returns 0 or -1 for an unknown key or a bad value. */
int mktows_srv_config_set(mktows_srv_config *cfg, const char *key, const char *value);
/* Prepare every user's key for signing (and the key auth.c checks unknown users against, so that
 * they cost the same). Returns 0, or -1 (out of memory, or OpenSSL failed). */
int mktows_srv_config_prepare_keys(mktows_srv_config *cfg);
/* Check cross references (rule partitions exist ...). Returns 0, or -1 with a message in err. */
int mktows_srv_config_check(const mktows_srv_config *cfg, char *err, size_t err_len);
void mktows_srv_config_clean_up(mktows_srv_config *cfg);

const mktows_srv_user *mktows_srv_config_user(const mktows_srv_config *cfg, const char *id);
const mktows_srv_field *mktows_srv_config_field(const mktows_srv_config *cfg, const char *name);
const mktows_srv_workspace *mktows_srv_config_workspace(const mktows_srv_config *cfg, const char *name);
/* Lookups, case-insensitive by name; NULL when absent. */
const mktows_srv_list *mktows_srv_config_list(const mktows_srv_config *cfg, const char *name, int id);
const mktows_srv_campaign *mktows_srv_config_campaign(const mktows_srv_config *cfg, const char *name,
                                                      const char *program, int id);
const mktows_srv_program *mktows_srv_config_program(const mktows_srv_config *cfg, const char *name, int id);
const mktows_srv_cobj_type *mktows_srv_config_cobj(const mktows_srv_config *cfg, const char *name);
/* Parse one issue-4 section line (config_objects.c). kind is the section kind; returns 1 handled,
 * 0 unknown key, -1 bad value (message in err). */
int mktows_srv_config_object_begin(mktows_srv_config *cfg, const char *kind, const char *name);
int mktows_srv_config_object_set(mktows_srv_config *cfg, const char *kind, const char *name, const char *key,
                                 const char *value, char *err, size_t err_len);
int mktows_srv_config_objects_finish(mktows_srv_config *cfg, char *err, size_t err_len);
void mktows_srv_config_objects_clean_up(mktows_srv_config *cfg);

/* The standard Marketo lead fields (fields.c): name, type and display name, up to a NULL name. */
extern const char *const mktows_srv_standard_fields[][3];
/* System fields: returned with every lead, never written by syncLead. */
extern const char *const mktows_srv_system_fields[][3];
/* The field whose display name is @p display (case-insensitive), or NULL. */
const mktows_srv_field *mktows_srv_config_field_by_display(const mktows_srv_config *cfg, const char *display);

/* ---- store (store.c) ---- */

typedef struct mktows_store mktows_store;

typedef struct mktows_srv_attr {
    const char *name;
    const char *value;
} mktows_srv_attr;

/* A lead read back from the store; strings live in the gSOAP context's memory (soap_end frees). */
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
int mktows_store_sync(mktows_store *store, struct soap *soap, const mktows_srv_sync *req,
                      mktows_srv_sync_result *result, mktows_srv_lead *lead_out);
/* What mktows_store_find() looks a lead up by. */
typedef enum mktows_srv_lead_by {
    MKTOWS_SRV_BY_ID,
    MKTOWS_SRV_BY_EMAIL,
    MKTOWS_SRV_BY_COOKIE
} mktows_srv_lead_by;

/* Leads by key (store_leads.c). Fills *out (soap memory) and *count. */
int mktows_store_find(mktows_store *store, struct soap *soap, mktows_srv_lead_by by, const char *value,
                      mktows_srv_lead **out, size_t *count, char *err, size_t err_len);

/* Run a batch of syncs in one transaction; each record succeeds or fails on its own
 * (results[i].error). Records with req->error set are reported as failed without running. */
int mktows_store_sync_batch(mktows_store *store, struct soap *soap, const mktows_srv_sync *reqs, size_t n,
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

int mktows_store_leads_page(mktows_store *store, struct soap *soap, const mktows_srv_lead_query *q,
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

int mktows_store_activities(mktows_store *store, struct soap *soap, const mktows_srv_activity_query *q,
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
int mktows_store_cobj_page(mktows_store *store, struct soap *soap, const mktows_srv_cobj_type *t,
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
int mktows_store_mobj_find(mktows_store *store, struct soap *soap, const char *type, long long id,
                           const char *ext_name, const char *ext_value, mktows_srv_mobj *out);
int mktows_store_mobj_delete(mktows_store *store, const char *type, long long id);
/* Every object of a type after after_id, in id order (the caller filters). */
int mktows_store_mobj_all(mktows_store *store, struct soap *soap, const char *type, long long after_id,
                          mktows_srv_mobj **out, size_t *count, char *err, size_t err_len);
int mktows_store_program_item(mktows_store *store, int program_id, const char *kind, const mktows_srv_attr *attrs,
                              size_t n);
/* A program's Cost / Tag items, oldest first (type = kind, attrs = the item's name/value pairs). */
int mktows_store_program_items(mktows_store *store, struct soap *soap, int program_id, mktows_srv_activity **out,
                               size_t *count);
/* 1 when lead @p id exists, 0 when not, -1 on error. */
int mktows_store_lead_exists(mktows_store *store, long long id);

/* ---- the running server (main.c) ---- */

typedef struct mktows_server {
    mktows_srv_config cfg;
    mktows_store *store;
    const char *wsdl;          /* embedded WSDL text */
    size_t wsdl_len;
    char url[512];             /* the endpoint URL printed at start */
    int tls;
    int quiet;                 /* --quiet: no connection log */
    pid_t parent_pid;          /* --parent-pid: stop when it is no longer our parent; 0 = off */
    struct mktows_schema *schema; /* the embedded WSDL's schema (schema_pass.c) */
    struct mktows_srv_fixtures *fixtures; /* written at start and at every reset (fixtures.h); may be NULL */
} mktows_server;

extern mktows_server *mktows_srv;

/* ---- the connection server (serve.c) ---- */

/* "mktows-server: <message>" on stderr, unless the server runs --quiet. */
void mktows_srv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Accept connections on @p master until *stop is set, each served on its own thread; then wake the
 * open connections and wait for them (10 s at most). 0, or -1 when some did not finish. */
int mktows_srv_serve(struct soap *master, volatile sig_atomic_t *stop);
/* Serve the requests of one connection whose context is set up (a copy of the master's, or any
 * context whose frecv/fsend stand in for a socket) until the client closes it or an error ends it;
 * the caller then releases the context. What each connection thread runs; also the fuzz harness's
 * seam (tests/fuzz/fuzz_server.c), which serves requests from memory. */
void mktows_srv_serve_connection(struct soap *soap);

/* ---- requests and responses as Marketo's service read and wrote them (schema_pass.c) ---- */

/* Read the request document @p xml (@p len bytes) before gSOAP does (see schema_pass.c): cut its empty
 * elements for optional simple values, which the schema says may be absent, and check that it is a
 * well-formed SOAP 1.1 Envelope whose Body names an operation. Returns 0, or the Marketo code of a
 * request that cannot be served (20012 not well-formed or not a SOAP 1.1 Envelope with a Body, 20017
 * no operation element) with the reason in @p err. *out gets a malloc'd, NUL-terminated copy without
 * the cut elements (caller frees) and *dropped their number; *out is NULL when nothing was cut (the
 * request is then parsed as sent). */
int mktows_srv_lenient(const struct mktows_schema *schema, const char *xml, size_t len, char **out,
                       size_t *dropped, char *err, size_t err_len);
/* The response document @p xml (@p len bytes) as Marketo wrote it (see schema_pass.c): an xsi:nil
 * element for every nillable member gSOAP left out, "+00:00" for the "Z" of every dateTime. A
 * malloc'd copy and its length (caller frees), or NULL when nothing changes or out of memory. */
char *mktows_srv_response_fix(const struct mktows_schema *schema, const char *xml, size_t len, size_t *out_len);
/* Send the serialized response @p xml of an operation (its whole SOAP envelope, soap memory) with
 * mktows_srv_response_fix() applied (respond in serve.c). Returns SOAP_STOP once sent (the
 * skeleton's caller then serves the next request of the connection), or an error. */
int mktows_srv_respond(struct soap *soap, const char *xml);
/* ---- --parent-pid and --remove-if-orphaned (orphan.c) ---- */

/* 1 when @p parent_pid (> 0) is no longer this process's parent: it died and we were re-parented. */
int mktows_srv_orphaned(pid_t parent_pid);
/* Check that @p dir may be removed on exit: an existing directory (not a symbolic link), at least two
 * levels below /, holding neither $HOME nor the current directory. Its canonical path goes to @p out.
 * 0, or -1 with a message in @p err. */
int mktows_srv_orphan_dir_check(const char *dir, char *out, size_t out_len, char *err, size_t err_len);
/* Remove the (checked, canonical) @p dir and everything in it, without following symbolic links or
 * crossing file systems. 0, or -1 when something stayed (each failure on stderr). */
int mktows_srv_orphan_dir_remove(const char *dir);

/* ---- request checks and faults (auth.c, fault.c) ---- */

/* Check the AuthenticationHeader and the optional limits for one call of @p op. On success returns
 * SOAP_OK and the caller must call mktows_srv_call_end() when done; otherwise returns a fault.
 * The service sends no response headers, so call_end and every fault drop the request's soap->header. */
int mktows_srv_call_begin(struct soap *soap, const char *op);
void mktows_srv_call_end(struct soap *soap);

/* Set a SOAP 1.1 Fault carrying serviceException{name,message,code}; returns SOAP_FAULT.
 * Client faults (SOAP-ENV:Client) for request errors, server faults for 20011/20106/10001. */
int mktows_srv_fault(struct soap *soap, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Turn the error gSOAP raised while reading a request (soap->error) into Marketo's fault with the
 * code the error table gives: 20019 unknown operation, 20017 a missing element, 20109 an empty
 * required value, 20110 a value its type does not allow, 20011 out of memory, 20012 anything else
 * that cannot be read; gSOAP's own text goes into the message. A fault that already carries a
 * serviceException is kept; SOAP_OK, SOAP_EOF (the client went away) and SOAP_STOP are returned as
 * they are. Returns soap->error. */
int mktows_srv_fault_from_soap(struct soap *soap);
/* Send the fault set on @p soap (status soap->error: SOAP_FAULT for HTTP 500, or an HTTP status)
 * and keep the connection as it is (soap->keep_alive), where soap_send_fault() would close it.
 * Returns SOAP_OK once sent, or an error (the connection is then closed). */
int mktows_srv_send_fault(struct soap *soap);

/* ---- shared by the operations (lead_record.c, op_common.c) ---- */

struct mkt__LeadRecord;
struct mkt__ArrayOfString;
struct mkt__LeadKey;

/* A stored lead as a response LeadRecord; @p include (optional) limits the attributes. 0 or -1. */
int mktows_srv_fill_record(struct soap *soap, const mktows_srv_lead *lead, struct mkt__LeadRecord *rec,
                           const struct mkt__ArrayOfString *include);
/* Check a request LeadRecord (+ cookie) and fill @p req. Returns 0 or a Marketo code with msg. */
int mktows_srv_sync_prepare(struct soap *soap, const struct mkt__LeadRecord *r, const char *cookie,
                            mktows_srv_sync *req, char *msg, size_t msg_len);

/* MObject types (op_mobject_meta.c): "Opportunity", "OpportunityPersonRole" (also spelled
 * OpportunityLeadRole, as the WSDL enum does) or "Program"; NULL for anything else. */
const char *mktows_srv_mobj_canonical(const char *type);
/* The canonical spelling of field @p name of MObject @p type, or NULL; *read_only when asked. */
const char *mktows_srv_mobj_field(const char *type, const char *name, int *read_only);

/* The value of attribute @p name of a stored MObject (case-insensitive), or NULL. */
const char *mktows_srv_mobj_attr(const mktows_srv_mobj *o, const char *name);

/* Zeroed soap memory (freed by soap_end); NULL when out of memory. */
void *mktows_srv_new(struct soap *soap, size_t size);
#define MKTOWS_SRV_NEW(soap, T, n) ((T *)mktows_srv_new((soap), sizeof(T) * (size_t)(n)))
/* A time_t holding @p t in soap memory (optional dateTime elements); NULL when out of memory. */
time_t *mktows_srv_time(struct soap *soap, long long t);
/* 1 when @p v is a whole decimal number that fits a long long, or empty (which clears a value). */
int mktows_srv_is_integer(const char *v);
/* 1 when attribute @p name is asked for: @p include (includeAttributes) is absent or empty, or names
 * it (case-insensitively). */
int mktows_srv_wanted(const struct mkt__ArrayOfString *include, const char *name);

/* The mktows_store_find() lookup for a keyType (LeadKeyRef enum value): 0 and *by for IDNUM, EMAIL,
 * COOKIE; 20102 for another key type, with msg. */
int mktows_srv_lead_kind(struct soap *soap, int key_type, mktows_srv_lead_by *by, char *msg, size_t msg_len);
/* Lead ids for one lead key (keyType as the LeadKeyRef enum value, IDNUM/EMAIL/COOKIE). Returns 0
 * (ids in soap memory, possibly none), 20102 for another key type, or 20011; msg says why. */
int mktows_srv_lead_ids(struct soap *soap, int key_type, const char *value, long long **ids, size_t *n,
                        char *msg, size_t msg_len);
/* The lead one LeadKey (number @p i of the request, from 0) names: *id, the most recently created
 * lead when several match, or 0 when none does. SOAP_OK, or a fault: 20101 when the key has no
 * keyValue, else the code of mktows_srv_lead_ids(). */
int mktows_srv_lead_key_id(struct soap *soap, const struct mkt__LeadKey *k, int i, long long *id);
/* Lead ids for a key given as an Attribute (mergeLeads): attrName IDNUM / EMAIL / COOKIE /
 * ForeignSysPersonId... Same returns. */
int mktows_srv_lead_ids_by_name(struct soap *soap, const char *name, const char *value, long long **ids,
                                size_t *n, char *msg, size_t msg_len);

/* Opaque stream positions: "<tag>.<last id>.<hash of the query>" in base 36 pieces. */
unsigned mktows_srv_hash(unsigned h, const char *s);
char *mktows_srv_pos_make(struct soap *soap, const char *tag, unsigned hash, long long last_id);
/* 0 and *last_id, or -1 when the text is not a position of this tag and query (20122). */
int mktows_srv_pos_parse(const char *text, const char *tag, unsigned hash, long long *last_id);

/* The handler of OP: dispatch.c's skeleton __mkt__OP (one for every operation of the WSDL) runs
 * authentication and limits around it, and answers 20019 for an operation no file implements. */
#define MKTOWS_SRV_OP(OP, PARAMS, SUCCESS, IMPL)                                                 \
    int mktows_srv_op_##OP(struct soap *soap, struct PARAMS *in, struct SUCCESS *out)            \
    {                                                                                            \
        return IMPL(soap, in, out);                                                              \
    }

/* replay.c: 1 when @p signature (40 hex digits) was already accepted within the last two windows
 * of @p window_s seconds, 0 when not (it is remembered from now on), -1 out of memory. */
int mktows_srv_replay_check(const char *signature, long window_s);
/* Forget every signature (a reset). */
void mktows_srv_replay_reset(void);

/* Embedded WSDL (generated at build time from wsdl/mktows-2_7.wsdl). */
extern const char mktows_srv_wsdl_data[];
extern const size_t mktows_srv_wsdl_data_size;

/* HTTP GET handler: ?WSDL with soap:address rewritten to this server. */
int mktows_srv_http_get(struct soap *soap);

/* usage.c: the documented options (--help, man page and completion come from them). */
void mktows_srv_usage(FILE *out);
/* --help-format=man|bash|text: 0 printed, -1 unknown format or write error. */
int mktows_srv_help_format(const char *format, FILE *out);

#endif
