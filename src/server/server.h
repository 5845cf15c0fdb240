/* mktows-server internals: configuration, field list, store, request checks and faults.
 * Private to src/server; nothing here is installed. */
#ifndef MKTOWS_SERVER_H
#define MKTOWS_SERVER_H

#include <stddef.h>
#include <time.h>

struct soap;

/* ---- configuration (config.c) ---- */

typedef struct mktows_srv_user {
    char *id;   /* mktowsUserId */
    char *key;  /* encryption key (shared secret) */
} mktows_srv_user;

typedef struct mktows_srv_field {
    char *name;  /* attrName, compared case-insensitively, returned with this spelling */
    char *type;  /* attrType returned by getLead / returnLead: string, integer, email, ... */
    int read_only;
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
    int rate_calls;                 /* 0 = no rate limit; else rate_calls per rate_window_s (20023) */
    int rate_window_s;
    int concurrency_limit;          /* 0 = none; else at most this many calls at once (20024) */
    long daily_quota;               /* 0 = none; else calls per UTC day (20015) */
    int latency_ms;                 /* artificial delay added to every call (testing aid); 0 = none */
} mktows_srv_config;

/* Fill @p cfg with the defaults: the standard field list, workspace Default, no users, no limits. */
int mktows_srv_config_init(mktows_srv_config *cfg);
/* Read an INI-style file into @p cfg (see docs/server.md). Returns 0, or -1 with a message in err. */
int mktows_srv_config_load(mktows_srv_config *cfg, const char *path, char *err, size_t err_len);
/* Add a user (MARKETO_USER_ID / MARKETO_ENCRYPTION_KEY); replaces the key of an existing id. */
int mktows_srv_config_add_user(mktows_srv_config *cfg, const char *id, const char *key);
/* Set one [server] or [limits] setting (max_skew_s, workspaces, rate, concurrency, daily_quota,
 * latency_ms) from its text. Returns 0 or -1 for an unknown key or a bad value. */
int mktows_srv_config_set(mktows_srv_config *cfg, const char *key, const char *value);
/* Check cross references (rule partitions exist ...). Returns 0, or -1 with a message in err. */
int mktows_srv_config_check(const mktows_srv_config *cfg, char *err, size_t err_len);
void mktows_srv_config_clean_up(mktows_srv_config *cfg);

const mktows_srv_user *mktows_srv_config_user(const mktows_srv_config *cfg, const char *id);
const mktows_srv_field *mktows_srv_config_field(const mktows_srv_config *cfg, const char *name);
const mktows_srv_workspace *mktows_srv_config_workspace(const mktows_srv_config *cfg, const char *name);

/* The standard Marketo lead fields (fields.c): NULL-terminated pairs name/type. */
extern const char *const mktows_srv_standard_fields[][2];
/* System fields: returned with every lead, never written by syncLead. */
extern const char *const mktows_srv_system_fields[][2];

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
/* Run one syncLead in a transaction. Returns 0 (result filled, result->error may be set) or -1 on a
 * database failure (message in result->message). @p lead_out (optional) gets the record as stored. */
int mktows_store_sync(mktows_store *store, struct soap *soap, const mktows_srv_sync *req,
                      mktows_srv_sync_result *result, mktows_srv_lead *lead_out);
/* Leads by key: kind 0 = Id, 1 = Email, 2 = cookie. Fills *out (soap memory) and *count. */
int mktows_store_find(mktows_store *store, struct soap *soap, int kind, const char *value,
                      mktows_srv_lead **out, size_t *count, char *err, size_t err_len);

/* ---- the running server (main.c) ---- */

typedef struct mktows_server {
    mktows_srv_config cfg;
    mktows_store *store;
    const char *wsdl;          /* embedded WSDL text */
    size_t wsdl_len;
    char url[512];             /* the endpoint URL printed at start */
    int tls;
} mktows_server;

extern mktows_server *mktows_srv;

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

/* Embedded WSDL (generated at build time from wsdl/mktows-2_7.wsdl). */
extern const char mktows_srv_wsdl_data[];
extern const size_t mktows_srv_wsdl_data_size;

/* HTTP GET handler: ?WSDL with soap:address rewritten to this server. */
int mktows_srv_http_get(struct soap *soap);

#endif
