/* The running server's context (mktows_server): what main() sets up and every part of
 * mktows-server reads. It is passed explicitly (mktows_srv_serve(), mktows_srv_reset(),
 * mktows_srv_admin_start(), ...) or reached from a connection's gSOAP context with mktows_srv_of()
 * (serve.h); there is no process-wide instance. Private to src/server. */
#ifndef MKTOWS_SERVER_H
#define MKTOWS_SERVER_H

#include "config.h"
#include "store.h"

#include <sys/types.h>

struct mktows_schema;

typedef struct mktows_server {
    mktows_srv_config cfg;
    mktows_store *store;
    char url[512];             /* the endpoint URL printed at start */
    int tls;
    int quiet;                 /* --quiet: no connection log */
    pid_t parent_pid;          /* --parent-pid: stop when it is no longer our parent; 0 = off */
    struct mktows_schema *schema; /* the embedded WSDL's schema (schema_pass.c) */
    struct mktows_srv_fixtures *fixtures; /* written at start and at every reset (fixtures.h); may be NULL */
} mktows_server;

#endif
