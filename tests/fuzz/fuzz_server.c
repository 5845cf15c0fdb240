/* libFuzzer harness: mktows-server's request handling, without a socket. Each input is what a
 * client sends on one connection; mktows_srv_serve_connection() (serve.c, what each connection
 * thread runs) reads it through an in-memory stand-in for the socket and answers every request on
 * it (HTTP keep-alive: several requests in one input are served in turn) with the server's own
 * code: HTTP and body reading, the schema pass (schema_pass.c), authentication, dispatch, every
 * operation and its store, faults. Answers are discarded (MKTOWS_FUZZ_ECHO=1 in the environment
 * writes them to stderr).
 *
 * Input: as is when it starts with an HTTP method ("POST ", "GET ", ...: the HTTP message(s)),
 * otherwise a request body that the harness frames as one POST to /soap/mktows/2_7.
 *
 * State: the configuration (data/server/mktows-server.conf with its limits off and a skew window
 * of a century, user bigcorp1_461839624B16E06BA2D663 with key "fuzz-key") is read once, and the
 * context's run-time parts (mktows_srv_context_init(): no fault rules, no --log) are made once; every
 * input gets a fresh gSOAP context and an empty in-memory store: the store is opened once, and its
 * database is overwritten before each input with a copy of the empty one (sqlite3_backup, much
 * cheaper than creating the schema again). The seed corpus (scripts/fuzz)
 * signs the test data's requests with that key and the fixed timestamp 2026-01-01T00:00:00+00:00,
 * so that mutations get past authentication. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "store_private.h"

#include "private/schema.h"
#include "soapH.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static mktows_server s_srv;
static const uint8_t *s_in;
static size_t s_in_len, s_in_off;
static int s_null_fd = -1;
static int s_echo; /* MKTOWS_FUZZ_ECHO=1: the answers go to stderr (to see what an input does) */
static sqlite3 *s_empty_db; /* the store's database as mktows_store_open() left it */

static void s_copy_db(sqlite3 *to, sqlite3 *from)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK) {
        fprintf(stderr, "fuzz_server: copying the empty store failed: %s\n", sqlite3_errmsg(to));
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[512];
    s_srv.quiet = 1;
    if (mktows_srv_context_init(&s_srv) != 0) {
        fprintf(stderr, "fuzz_server: out of memory\n");
        abort();
    }
    s_echo = getenv("MKTOWS_FUZZ_ECHO") != NULL;
    snprintf(s_srv.url, sizeof s_srv.url, "http://localhost:8080/soap/mktows/2_7");
    if (mktows_srv_config_init(&s_srv.cfg) != 0
        || mktows_srv_config_load(&s_srv.cfg, MKTOWS_FUZZ_SERVER_CONFIG, err, sizeof err) != 0
        || mktows_srv_config_add_user(&s_srv.cfg, "bigcorp1_461839624B16E06BA2D663", "fuzz-key") != 0
        || mktows_srv_config_check(&s_srv.cfg, err, sizeof err) != 0
        || mktows_srv_config_prepare_keys(&s_srv.cfg) != 0) {
        fprintf(stderr, "fuzz_server: %s: %s\n", MKTOWS_FUZZ_SERVER_CONFIG, err);
        abort();
    }
    s_srv.cfg.max_skew_s = 100L * 366 * 86400;
    s_srv.cfg.rate_calls = 0;
    s_srv.cfg.concurrency_limit = 0;
    s_srv.cfg.daily_quota = 0;
    s_srv.cfg.latency_ms = 0;
    if (mktows_schema_load_(&s_srv.schema, mktows_srv_wsdl_data, mktows_srv_wsdl_data_size, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_server: the built-in WSDL: %s\n", err);
        abort();
    }
    if ((s_null_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        abort();
    if (mktows_store_open(&s_srv.store, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_server: store: %s\n", err);
        abort();
    }
    if (sqlite3_open(":memory:", &s_empty_db) != SQLITE_OK)
        abort();
    s_copy_db(s_empty_db, s_srv.store->db);
    return 0;
}

static int s_fclose(struct soap *soap)
{
    (void)soap;
    return SOAP_OK;
}

static int s_fclosesocket(struct soap *soap, SOAP_SOCKET sk)
{
    (void)soap;
    (void)sk;
    return SOAP_OK;
}

static int s_fshutdownsocket(struct soap *soap, SOAP_SOCKET sk, int how)
{
    (void)soap;
    (void)sk;
    (void)how;
    return SOAP_OK;
}

static int s_fpoll(struct soap *soap)
{
    (void)soap;
    return SOAP_OK;
}

static int s_fsend(struct soap *soap, const char *data, size_t len)
{
    (void)soap;
    if (s_echo)
        fwrite(data, 1, len, stderr);
    return SOAP_OK;
}

static size_t (*s_orig_frecv)(struct soap *, char *, size_t);

static size_t s_frecv(struct soap *soap, char *data, size_t len)
{
    if (soap->is) /* the server parses the body it read from memory (serve.c): gSOAP's frecv reads it */
        return s_orig_frecv(soap, data, len);
    size_t left = s_in_len - s_in_off;
    if (len > left)
        len = left;
    if (len > 97)
        len = 97;
    memcpy(data, s_in + s_in_off, len);
    s_in_off += len;
    return len;
}

static int s_is_http(const uint8_t *data, size_t size)
{
    static const char *const methods[] = { "POST ", "GET ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH " };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        size_t n = strlen(methods[i]);
        if (size >= n && memcmp(data, methods[i], n) == 0)
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *framed = NULL;
    if (s_is_http(data, size)) {
        s_in = data;
        s_in_len = size;
    } else {
        char head[256];
        int n = snprintf(head, sizeof head,
                         "POST /soap/mktows/2_7 HTTP/1.1\r\nHost: localhost:8080\r\n"
                         "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: %zu\r\n\r\n",
                         size);
        framed = malloc((size_t)n + size);
        if (!framed)
            return 0;
        memcpy(framed, head, (size_t)n);
        if (size)
            memcpy(framed + n, data, size);
        s_in = framed;
        s_in_len = (size_t)n + size;
    }
    s_in_off = 0;

    s_copy_db(s_srv.store->db, s_empty_db);
    struct soap *soap = soap_new2(SOAP_IO_KEEPALIVE, SOAP_IO_KEEPALIVE);
    if (!soap)
        abort();
    soap->max_keep_alive = 100;
    soap->fget = mktows_srv_http_get;
    soap->fsend = s_fsend;
    s_orig_frecv = soap->frecv;
    soap->frecv = s_frecv;
    soap->fclose = s_fclose;
    soap->fclosesocket = s_fclosesocket;
    soap->fshutdownsocket = s_fshutdownsocket;
    soap->fpoll = s_fpoll;
    soap->socket = s_null_fd;
    mktows_srv_serve_connection(&s_srv, soap);
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
    free(framed);
    return 0;
}
