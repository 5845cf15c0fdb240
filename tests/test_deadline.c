/* The deadline of a whole call (mktows_client_options::call_timeout_ms): a peer that trickles its
 * response a byte at a time, or sends interim "100 Continue" responses forever, holds a call no
 * longer than its deadline, while each stall stays shorter than the stall timeouts. A hostile
 * HTTP peer runs in a thread of the test. */
#include "runner.h"

#include "cli_run.h"
#include "hostile_peer.h"

#include <mktows/mktows.h>
#include <mktows/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef enum { S_TRICKLE, S_CONTINUE_FOREVER, S_SILENT } s_mode;
typedef mktows_hostile_peer s_peer;

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void s_behave(int fd, void *arg, volatile int *stop)
{
    s_mode mode = (s_mode)(long)arg;
    mktows_hostile_read_request(fd);
    if (mode == S_TRICKLE) {
        const char *head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<";
        (void)send(fd, head, strlen(head), MSG_NOSIGNAL);
        while (!*stop && send(fd, "a", 1, MSG_NOSIGNAL) == 1)
            mktows_hostile_sleep_ms(50);
    } else if (mode == S_CONTINUE_FOREVER) {
        const char *interim = "HTTP/1.1 100 Continue\r\n\r\n";
        while (!*stop && send(fd, interim, strlen(interim), MSG_NOSIGNAL) > 0)
            mktows_hostile_sleep_ms(10);
    } else {
        while (!*stop)
            mktows_hostile_sleep_ms(20);
    }
}

static void s_peer_start(s_peer *p, s_mode mode)
{
    CU_ASSERT_EQUAL_FATAL(mktows_hostile_peer_start(p, s_behave, (void *)(long)mode), 0);
}

static void s_peer_stop(s_peer *p)
{
    mktows_hostile_peer_stop(p);
}

/* One getLead against the peer; returns its code and the seconds it took. */
static mktows_code s_call(const s_peer *p, int version, int call_timeout_ms, int recv_timeout_ms, double *secs,
                          char *msg, size_t msg_len)
{
    char url[128];
    mktows_hostile_peer_url(p, url, sizeof url);
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.version = version;
    o.endpoint = url;
    o.user_id = "deadline_user";
    o.encryption_key = "deadline-key";
    o.recv_timeout_ms = recv_timeout_ms;
    o.call_timeout_ms = call_timeout_ms;
    mktows_client *c = NULL;
    mktows_code rc = mktows_client_new(&o, &c);
    CU_ASSERT_EQUAL_FATAL(rc, MKTOWS_OK);
    char *out = NULL;
    double t0 = s_now();
    rc = mktows_call_json(c, "getLead", "{\"leadKey\":{\"keyType\":\"EMAIL\",\"keyValue\":\"a@b.c\"}}", 0, &out, NULL, 0);
    *secs = s_now() - t0;
    snprintf(msg, msg_len, "%s", mktows_client_errmsg(c));
    mktows_free(out);
    mktows_client_free(c);
    return rc;
}

static void test_deadline__a_trickled_response_ends_at_the_deadline(void)
{
    s_peer p;
    s_peer_start(&p, S_TRICKLE);
    double secs = 0;
    char msg[512];
    mktows_code rc = s_call(&p, MKTOWS_CLIENT_OPTIONS_VERSION, 1200, 0, &secs, msg, sizeof msg);
    s_peer_stop(&p);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_TIMEOUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "deadline"));
    CU_ASSERT_TRUE(secs >= 1.1 && secs < 3.0);
    if (rc != MKTOWS_ERR_TIMEOUT || secs >= 3.0)
        fprintf(stderr, "\n%s after %.2f s: %s\n", mktows_strerror(rc), secs, msg);
}

static void test_deadline__endless_interim_responses_end_at_the_deadline(void)
{
    s_peer p;
    s_peer_start(&p, S_CONTINUE_FOREVER);
    double secs = 0;
    char msg[512];
    mktows_code rc = s_call(&p, MKTOWS_CLIENT_OPTIONS_VERSION, 1000, 0, &secs, msg, sizeof msg);
    s_peer_stop(&p);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_TIMEOUT);
    CU_ASSERT_TRUE(secs >= 0.9 && secs < 3.0);
    if (rc != MKTOWS_ERR_TIMEOUT || secs >= 3.0)
        fprintf(stderr, "\n%s after %.2f s: %s\n", mktows_strerror(rc), secs, msg);
}

/* A silent peer: the receive stall timeout when it is the shorter, the deadline when it is. */
static void test_deadline__the_shorter_of_stall_and_deadline_ends_a_silent_call(void)
{
    s_peer p;
    double secs = 0;
    char msg[512];
    s_peer_start(&p, S_SILENT);
    mktows_code rc = s_call(&p, MKTOWS_CLIENT_OPTIONS_VERSION, 5000, 400, &secs, msg, sizeof msg);
    s_peer_stop(&p);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_TIMEOUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "receive timeout"));
    CU_ASSERT_TRUE(secs >= 0.35 && secs < 2.0);

    s_peer_start(&p, S_SILENT);
    rc = s_call(&p, MKTOWS_CLIENT_OPTIONS_VERSION, 600, 60000, &secs, msg, sizeof msg);
    s_peer_stop(&p);
    CU_ASSERT_EQUAL(rc, MKTOWS_ERR_TIMEOUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "deadline"));
    CU_ASSERT_TRUE(secs >= 0.55 && secs < 2.0);
}

/* The command line: --timeout-ms bounds the whole call, as its help says. */
static void test_deadline__cli_timeout_ms_bounds_the_whole_call(void)
{
    s_peer p;
    s_peer_start(&p, S_TRICKLE);
    char dir[] = "/tmp/mktows-deadline-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char url[160], env_url[200];
    mktows_hostile_peer_url(&p, url, sizeof url);
    snprintf(env_url, sizeof env_url, "MARKETO_SOAP_ENDPOINT=%s", url);
    const char *const env[] = { env_url, "MARKETO_USER_ID=deadline_user", "MARKETO_ENCRYPTION_KEY=deadline-key",
                                "HOME=/nonexistent", NULL };
    const char *const args[] = { "sync-lead", "--email", "slow@example.com", "--timeout-ms", "1500", NULL };
    mktows_cli_result r;
    double t0 = s_now();
    mktows_test_cli_run(&r, dir, args, env, NULL, NULL);
    double secs = s_now() - t0;
    s_peer_stop(&p);
    CU_ASSERT_EQUAL(r.status, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "deadline"));
    CU_ASSERT_TRUE(secs >= 1.4 && secs < 4.0);
    if (r.status != 1 || secs >= 4.0)
        fprintf(stderr, "\nstatus %d after %.2f s: %s\n", r.status, secs, r.err);
    mktows_test_cli_result_free(&r);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

/* Options of version 1 have no call_timeout_ms: accepted, with the default deadline; a negative
 * deadline is refused. */
static void test_deadline__options_of_version_1_are_accepted_and_negative_is_refused(void)
{
    mktows_client_options o = MKTOWS_CLIENT_OPTIONS_INIT;
    o.endpoint = "http://127.0.0.1:9/soap/mktows/2_7";
    o.user_id = "u";
    o.encryption_key = "k";
    o.version = 1;
    o.call_timeout_ms = -5; /* not read: version 1 does not have it */
    mktows_client *c = NULL;
    CU_ASSERT_EQUAL(mktows_client_new(&o, &c), MKTOWS_OK);
    mktows_client_free(c);
    c = NULL;
    o.version = MKTOWS_CLIENT_OPTIONS_VERSION;
    CU_ASSERT_EQUAL(mktows_client_new(&o, &c), MKTOWS_ERR_INVALID_ARGUMENT);
    CU_ASSERT_PTR_NULL(c);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "a_trickled_response_ends_at_the_deadline", test_deadline__a_trickled_response_ends_at_the_deadline },
        { "endless_interim_responses_end_at_the_deadline", test_deadline__endless_interim_responses_end_at_the_deadline },
        { "the_shorter_of_stall_and_deadline_ends_a_silent_call",
          test_deadline__the_shorter_of_stall_and_deadline_ends_a_silent_call },
        { "cli_timeout_ms_bounds_the_whole_call", test_deadline__cli_timeout_ms_bounds_the_whole_call },
        { "options_of_version_1_are_accepted_and_negative_is_refused",
          test_deadline__options_of_version_1_are_accepted_and_negative_is_refused },
        { NULL, NULL },
    };
    return mktows_test_run("deadline", NULL, NULL, cases);
}
