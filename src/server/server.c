/* The server context's run-time parts (server.h): made together at start, released together at
 * stop. Each part's state and its functions are in its own file; this one only puts them on the
 * context. */
#include "server.h"

#include "fault.h"
#include "inject.h"
#include "replay.h"
#include "request_log.h"

int mktows_srv_context_init(mktows_server *srv)
{
    if (!(srv->limits = mktows_srv_limits_new()) || !(srv->inject = mktows_srv_inject_new())
        || !(srv->replay = mktows_srv_replay_new()) || !(srv->request_log = mktows_srv_request_log_new())) {
        mktows_srv_context_clean_up(srv);
        return -1;
    }
    return 0;
}

void mktows_srv_context_clean_up(mktows_server *srv)
{
    mktows_srv_limits_free(srv->limits);
    srv->limits = NULL;
    mktows_srv_inject_free(srv->inject);
    srv->inject = NULL;
    mktows_srv_replay_free(srv->replay);
    srv->replay = NULL;
    mktows_srv_request_log_free(srv->request_log);
    srv->request_log = NULL;
}
