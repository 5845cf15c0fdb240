/* Fixtures: leads, activities, list members, custom objects and MObjects read from JSON or CSV files
 * (--fixtures FILE, "fixtures = FILE" in [server]) and written into the store at start and at every
 * reset. The format is in docs/testing-with-the-server.md; data/fixtures.json is the shipped example.
 *
 * fixtures.c reads and checks the files against the configuration (fields, lists, custom object
 * types, MObject fields); store_fixtures.c writes them. */
#ifndef MKTOWS_SERVER_FIXTURES_H
#define MKTOWS_SERVER_FIXTURES_H

#include "config.h"
#include "store.h"

typedef enum mktows_srv_fixture_kind {
    MKTOWS_SRV_FIXTURE_LEAD,
    MKTOWS_SRV_FIXTURE_ACTIVITY,
    MKTOWS_SRV_FIXTURE_LIST_MEMBER,
    MKTOWS_SRV_FIXTURE_COBJ,
    MKTOWS_SRV_FIXTURE_MOBJ
} mktows_srv_fixture_kind;

/* One record. Every string is malloc'd (mktows_srv_fixtures_clean_up frees). */
typedef struct mktows_srv_fixture {
    mktows_srv_fixture_kind kind;
    char where[200];          /* "FILE: $.leads[3]" or "FILE:LINE", for messages */
    long long id;             /* LEAD: its Id, 0 = the next free one; MOBJ: likewise */
    long long lead_id;        /* ACTIVITY, LIST_MEMBER: the lead by Id, or 0 ... */
    char *lead_email;         /* ... by Email (the most recently created lead with it) */
    long long created_s;      /* LEAD, ACTIVITY: 0 = when written */
    char *name;               /* ACTIVITY: its type; COBJ, MOBJ: the object type */
    const mktows_srv_list *list; /* LIST_MEMBER (borrowed from the configuration) */
    char *email, *foreign_id, *foreign_type, *cookie, *partition; /* LEAD */
    char *asset, *campaign;   /* ACTIVITY */
    char **keys;              /* COBJ: the key values, in the type's key order */
    size_t key_count;
    mktows_srv_attr *attrs;   /* LEAD, ACTIVITY, COBJ (non-key fields), MOBJ: names and values */
    size_t attr_count;
} mktows_srv_fixture;

typedef struct mktows_srv_fixtures {
    mktows_srv_fixture *items; /* in file order, the files in the order given */
    size_t count;
} mktows_srv_fixtures;

/* Read @p path (JSON, or CSV when the name ends in .csv) and append its records to @p fx, checked
 * against @p cfg. 0, or -1 with "PATH: $.json.path: ..." or "PATH:LINE: ..." in @p err (nothing
 * appended). */
int mktows_srv_fixtures_load(mktows_srv_fixtures *fx, const mktows_srv_config *cfg, const char *path, char *err,
                             size_t err_len);
void mktows_srv_fixtures_clean_up(mktows_srv_fixtures *fx);

/* How mktows_store_seed() treats what the store already holds. */
typedef enum mktows_srv_seed_mode {
    MKTOWS_SRV_SEED_IF_EMPTY, /* at start: write only into a store without leads, activities or objects */
    MKTOWS_SRV_SEED_WIPE      /* a reset: empty every table first */
} mktows_srv_seed_mode;

/* Write the records into the store in one transaction (store_fixtures.c). With
 * MKTOWS_SRV_SEED_WIPE, every table is emptied first and the activity ids start again at
 * @p first_activity_id (a reset); with MKTOWS_SRV_SEED_IF_EMPTY the records are written only when
 * the store holds no leads, activities or objects yet (a --db file from an earlier run is kept as it
 * is: *skipped = 1). 0, or -1 with a message naming the
 * record (a duplicate Id or ForeignSysPersonId, an activity for a lead that is not there, ...). */
int mktows_store_seed(mktows_store *store, const mktows_srv_fixtures *fx, mktows_srv_seed_mode mode,
                      long long first_activity_id, const char *default_partition, int *skipped, char *err,
                      size_t err_len);

#endif
