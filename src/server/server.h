/* The running server's context (mktows_server): what main() sets up and every part of
 * mktows-server reads. It is passed explicitly (mktows_srv_serve(), mktows_srv_reset(),
 * mktows_srv_admin_start(), ...) or reached from a connection's gSOAP context with mktows_srv_of()
 * (serve.h); there is no process-wide instance.
 *
 * The parts that change while the server runs keep their state here too, each in a struct of its
 * own that only its file sees, so that two servers in one process (the tests, the fuzz harness)
 * share nothing and a reset reaches everything through the context. Private to src/server. */
#ifndef MKTOWS_SERVER_H
#define MKTOWS_SERVER_H

#include "config.h"
#include "store.h"

#include <sys/types.h>

struct mktows_schema;
struct mktows_srv_limits;
struct mktows_srv_inject_rules;
struct mktows_srv_replay;
struct mktows_srv_request_log;
struct mktows_srv_admin;
struct mktows_srv_reset_signals;

typedef struct mktows_server {
    mktows_srv_config cfg;
    mktows_store *store;
    char url[512];             /* the endpoint URL printed at start */
    int tls;
    int quiet;                 /* --quiet: no connection log */
    pid_t parent_pid;          /* --parent-pid: stop when it is no longer our parent; 0 = off */
    struct mktows_schema *schema; /* the embedded WSDL's schema (schema_pass.c) */
    struct mktows_srv_fixtures *fixtures; /* written at start and at every reset (fixtures.h); may be NULL */
    /* Owned: made by mktows_srv_context_init(), released by mktows_srv_context_clean_up(). */
    struct mktows_srv_limits *limits;     /* the [limits] counts (auth.c, fault.h) */
    struct mktows_srv_inject_rules *inject; /* the fault injection rules (inject.h) */
    struct mktows_srv_replay *replay;     /* the signatures seen, for --reject-replays (replay.h) */
    struct mktows_srv_request_log *request_log; /* --log and the request counts (request_log.h) */
    /* Owned: made by mktows_srv_admin_start() and mktows_srv_reset_signals_start(), released by
     * their _stop() (admin.h); NULL when not started. */
    struct mktows_srv_admin *admin;       /* the admin listener's socket and thread (admin.c) */
    struct mktows_srv_reset_signals *reset_signals; /* the reset signal thread (reset.c) */
} mktows_server;

/* Make the parts of @p srv that hold run-time state (the members marked owned above); the rest of
 * @p srv is the caller's. 0, or -1 out of memory (nothing is then left made). */
int mktows_srv_context_init(mktows_server *srv);
/* Release what mktows_srv_context_init() made; the members are NULL afterwards. NULL members are
 * skipped, so it may follow a failed init. */
void mktows_srv_context_clean_up(mktows_server *srv);

#endif
