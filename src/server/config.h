/* mktows-server's configuration (config.c, config_objects.c, config_util.c, fields.c): users,
 * fields, workspaces, assignment rules, limits and the objects the operations serve, as read from
 * the config file and the command line (docs/server.md). Private to src/server. */
#ifndef MKTOWS_SERVER_CONFIG_H
#define MKTOWS_SERVER_CONFIG_H

#include "private/hmac.h"

#include <stddef.h>

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

#endif
