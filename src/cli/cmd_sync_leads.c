/* mktows sync-leads: leads from a CSV file through syncMultipleLeads, in batches of at most 300,
 * over 1 to 10 connections, with one outcome per row, resumable after any interruption.
 *
 * Threads: the main thread reads the CSV, forms batches, writes outcomes in input order and moves
 * the checkpoint; each worker owns one client (a client is not thread-safe) and sends batches.
 *
 * Exactly once: syncMultipleLeads is an upsert keyed by Id / ForeignSysPersonId / Email (dedup on),
 * so a batch sent again finds the leads the first send created and updates them (UPDATED) instead
 * of creating them twice. The checkpoint names the end of the last batch whose outcomes are
 * durably in the results file (appended and fsynced first; the state written to a temporary file,
 * fsynced and renamed); a new run truncates the results back to the checkpoint and sends
 * everything after it again. Outcomes are appended (and flushed) after every batch, but the
 * checkpoint moves at most once every S_CHECKPOINT_INTERVAL_MS, and at the end of the run: a kill
 * costs at most that much work sent again. See docs/cli.md, "mktows sync-leads". */
#define _GNU_SOURCE /* asprintf */
#include "cli.h"
#include "config.h"
#include "csv.h"
#include "help.h"
#include "progress.h"
#include "trace.h"

#include <mktows/mktows.h>
#include <mktows/batch.h>
#include <mktows/ops.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_CMD "sync-leads"
#define S_STATE_MAGIC "mktows-sync-leads-state 1"
#define S_MAX_CONCURRENCY 10
#define S_DEFAULT_RATE_CALLS 100 /* Marketo's documented limit: 100 calls in 20 seconds */
#define S_DEFAULT_RATE_SECONDS 20
/* The checkpoint moves at most this often (and at the end): each move costs an fsync of the results,
 * an fsync of the state, a rename and an fsync of the directory. A kill -9 re-sends at most about
 * this much work (docs/cli.md). */
#define S_CHECKPOINT_INTERVAL_MS 1000

enum {
    S_OPT_CSV = 1, S_OPT_RESULTS, S_OPT_RESULTS_FORMAT, S_OPT_STATE, S_OPT_CONCURRENCY, S_OPT_BATCH_SIZE,
    S_OPT_RATE_LIMIT, S_OPT_MAX_ATTEMPTS, S_OPT_MAX_RETRY_MS, S_OPT_VERBOSE
};

static const mktows_cli_option s_options[] = {
    { "csv", 1, 0, S_OPT_CSV, "FILE", "the leads (required): RFC 4180 CSV, UTF-8, optional BOM, CRLF\n"
      "or LF. The header row names the fields: Id, Email,\n"
      "ForeignSysPersonId, ForeignSysType are the lead's keys; any other\n"
      "column is a lead attribute. An empty cell is not sent. '-' reads\n"
      "standard input (needs --state)", "Input" },
    { "results", 1, 0, S_OPT_RESULTS, "FILE", "the outcomes (default: standard output)", "Output" },
    { "results-format", 1, 0, S_OPT_RESULTS_FORMAT, "F", "csv (default: row,key,lead_id,status,error) or jsonl",
      "Output" },
    { "state", 1, 0, S_OPT_STATE, "FILE", "the checkpoint (default: the results file's name + '.state';\n"
      "none when results go to standard output)", "Output" },
    { "verbose", 0, 0, S_OPT_VERBOSE, NULL, "report every retry and rate-limit wait, and a summary, on\n"
      "standard error", "Output" },
    MKTOWS_CLI_OUTPUT_OPTIONS,
    { "concurrency", 1, 0, S_OPT_CONCURRENCY, "N", "connections at once, 1 to 10 (default 1)", "Sending" },
    { "batch-size", 1, 0, S_OPT_BATCH_SIZE, "N", "leads per call, 1 to 300 (default 300)", "Sending" },
    { "rate-limit", 1, 0, S_OPT_RATE_LIMIT, "C/S", "at most C calls in S seconds over all connections; 'off' for\n"
      "none (default: the profile's rate, else 100/20, Marketo's\n"
      "limit; off for loopback hosts)", "Sending" },
    { "max-attempts", 1, 0, S_OPT_MAX_ATTEMPTS, "N", "attempts per call on 20023, 20024, 20016 and transport errors\n"
      "(default 10)", "Sending" },
    { "max-retry-ms", 1, 0, S_OPT_MAX_RETRY_MS, "N", "time budget of one call's retries (default 600000)", "Sending" },
    MKTOWS_CLI_CONNECTION_OPTIONS,
    MKTOWS_CLI_CONFIG_OPTIONS,
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const mktows_cli_doc s_doc = {
    S_CMD,
    "create or update the leads of a CSV file (syncMultipleLeads), resumably",
    "--csv FILE|- [--results FILE] [--results-format csv|jsonl]\n"
    "[--state FILE] [--verbose] [--quiet] [--progress]\n"
    "[--concurrency N] [--batch-size N] [--rate-limit CALLS/SECS|off]\n"
    "[--max-attempts N] [--max-retry-ms N] [--trace DIR|FILE]\n"
    "[--endpoint URL] [--user-id ID] [--key-file FILE]\n"
    "[--ca-file FILE] [--ca-path DIR] [--insecure] [--timeout-ms N]\n"
    "[--config FILE] [--profile NAME]",
    "Create or update the leads of a CSV file with syncMultipleLeads and write one outcome\n"
    "per row. Resumable: run the same command again after an interruption (even kill -9)\n"
    "and it carries on where the last durable checkpoint was; every row ends up sent and\n"
    "reported exactly once in the results.",
    s_options,
    "Status of a row: CREATED, UPDATED, FAILED (the service refused the lead), or REJECTED\n"
    "(not sent: no key, a malformed Id, a bad ForeignSysType, a malformed CSV record).\n"
    "\n"
    "Progress (rows written by this run) is shown on standard error when it is a\n"
    "terminal, or with --progress; --quiet leaves only errors (it also silences\n"
    "--verbose).\n"
    "\n"
    "Credentials: options, else MARKETO_SOAP_ENDPOINT, MARKETO_USER_ID and\n"
    "MARKETO_ENCRYPTION_KEY, else the profile of the config file.\n"
    "\n"
    "Exit status: 0 every row landed; 1 some row failed or was rejected, or a call failed\n"
    "(run again to resume); 2 usage error.\n"
    "\n"
    "Example:\n"
    "  mktows sync-leads --csv leads.csv --results out.csv --concurrency 4 --verbose\n"
};

/* ------------------------------------------------------------------------------------------ */
/* Options                                                                                        */

typedef struct s_args {
    const char *csv, *results, *state;
    int jsonl, concurrency, batch_size, rate_calls, rate_secs, rate_given, max_attempts, verbose;
    long long max_retry_ms;
    mktows_cli_common common; /* connection, configuration and output options */
} s_args;

/* --rate-limit: "off" or CALLS/SECONDS. 0 or -1. */
static int s_parse_rate(const char *v, int *calls, int *secs)
{
    if (strcmp(v, "off") == 0) {
        *calls = *secs = 0;
        return 0;
    }
    return mktows_cli_parse_rate(v, calls, secs);
}

static int s_parse(s_args *a, int argc, char **argv)
{
    mktows_cli_parser p;
    mktows_cli_parser_init_doc(&p, argc, argv, &s_doc);
    const char *v;
    int id, n;
    a->concurrency = 1;
    a->batch_size = MKTOWS_BATCH_MAX;
    a->max_attempts = 10;
    a->max_retry_ms = 600000;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        switch (id) {
        case S_OPT_CSV: a->csv = v; break;
        case S_OPT_RESULTS: a->results = v; break;
        case S_OPT_STATE: a->state = v; break;
        case S_OPT_RESULTS_FORMAT:
            if (strcmp(v, "csv") == 0)
                a->jsonl = 0;
            else if (strcmp(v, "jsonl") == 0)
                a->jsonl = 1;
            else
                return mktows_cli_usage_error(S_CMD, "--results-format must be csv or jsonl, got '%s'", v);
            break;
        case S_OPT_CONCURRENCY:
            if (mktows_cli_parse_positive_int(v, &a->concurrency) != 0 || a->concurrency > S_MAX_CONCURRENCY)
                return mktows_cli_usage_error(S_CMD, "--concurrency must be 1 to %d, got '%s'", S_MAX_CONCURRENCY, v);
            break;
        case S_OPT_BATCH_SIZE:
            if (mktows_cli_parse_positive_int(v, &a->batch_size) != 0 || a->batch_size > MKTOWS_BATCH_MAX)
                return mktows_cli_usage_error(S_CMD, "--batch-size must be 1 to %d, got '%s'", MKTOWS_BATCH_MAX, v);
            break;
        case S_OPT_RATE_LIMIT:
            if (s_parse_rate(v, &a->rate_calls, &a->rate_secs) != 0)
                return mktows_cli_usage_error(S_CMD, "--rate-limit must be CALLS/SECONDS (e.g. 100/20) or off, "
                                              "got '%s'", v);
            a->rate_given = 1;
            break;
        case S_OPT_MAX_ATTEMPTS:
            if (mktows_cli_parse_positive_int(v, &a->max_attempts) != 0)
                return mktows_cli_usage_error(S_CMD, "--max-attempts must be a positive integer, got '%s'", v);
            break;
        case S_OPT_MAX_RETRY_MS:
            if (mktows_cli_parse_positive_int(v, &n) != 0)
                return mktows_cli_usage_error(S_CMD, "--max-retry-ms must be a positive integer, got '%s'", v);
            a->max_retry_ms = n;
            break;
        case S_OPT_VERBOSE: a->verbose = 1; break;
        default: {
            int st = mktows_cli_common_option(S_CMD, &a->common, id, v);
            if (st != 0)
                return st < 0 ? MKTOWS_CLI_EXIT_USAGE : st;
            break;
        }
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;
    if (!a->csv || !*a->csv)
        return mktows_cli_usage_error(S_CMD, "--csv FILE is required");
    if (strcmp(a->csv, "-") == 0 && !a->state)
        return mktows_cli_usage_error(S_CMD, "--csv - (standard input) needs --state FILE: a resumed run must "
                                      "be able to check that it reads the same input");
    if (a->results && (!*a->results || strcmp(a->results, "-") == 0))
        a->results = NULL;
    if (a->common.quiet)
        a->verbose = 0; /* --quiet: nothing but errors on stderr */
    return -1;
}

/* 1 when the endpoint's host is a loopback address (the local server: no rate limit by default). */
static int s_loopback(const char *url)
{
    const char *h = strstr(url, "://");
    if (!h)
        return 0;
    h += 3;
    const char *at = strpbrk(h, "@/");
    if (at && *at == '@')
        h = at + 1;
    return strncmp(h, "127.", 4) == 0 || strncmp(h, "[::1]", 5) == 0 || strncasecmp(h, "localhost", 9) == 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Batches                                                                                       */

typedef struct s_chunk {
    struct s_chunk *next;
    size_t used, cap;
    char data[];
} s_chunk;

typedef struct s_row {
    unsigned long long row;       /* data row number (the header is row 0) */
    const char *key;              /* "Email:a@b.c", "Id:7", "ForeignSysPersonId:SFDC:x", or "" */
    const char *status;           /* CREATED / UPDATED / FAILED / REJECTED (static) */
    const char *error;            /* NULL or the reason */
    long long lead_id;
    int rec;                      /* index in recs, or -1 when rejected */
} s_row;

typedef struct s_batch {
    unsigned long long seq;
    s_row *rows;
    size_t nrows;
    struct mkt__LeadRecord *recs;
    size_t nrecs;
    struct mkt__Attribute *attrs;
    struct mkt__ArrayOfAttribute *attr_lists;
    int *ids;
    enum mkt__ForeignSysType *ftypes;
    s_chunk *arena;
    unsigned long long end_offset, last_row;
    char end_hash[65];
    mktows_code rc;               /* the call's result (MKTOWS_OK when all sent) */
    char errmsg[600];
    int done;
    struct s_batch *next_spare;   /* on s_run.spare, when written and kept for reuse */
} s_batch;

static char *s_alloc(s_batch *b, size_t n)
{
    if (!b->arena || b->arena->cap - b->arena->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        s_chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = b->arena;
        c->used = 0;
        c->cap = cap;
        b->arena = c;
    }
    char *p = b->arena->data + b->arena->used;
    b->arena->used += n;
    return p;
}

static char *s_dup(s_batch *b, const char *s, size_t len)
{
    char *p = s_alloc(b, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void s_batch_free(s_batch *b)
{
    if (!b)
        return;
    while (b->arena) {
        s_chunk *n = b->arena->next;
        free(b->arena);
        b->arena = n;
    }
    free(b->rows);
    free(b->recs);
    free(b->attrs);
    free(b->attr_lists);
    free(b->ids);
    free(b->ftypes);
    free(b);
}

/* ------------------------------------------------------------------------------------------ */
/* The run                                                                                       */

enum { S_COL_ATTR = 0, S_COL_ID, S_COL_EMAIL, S_COL_FID, S_COL_FTYPE };

/* A checkpoint: the input up to input_bytes (rows data rows, whose SHA-256 is input_sha256) is done,
 * and its outcomes are the first results_bytes of the results file. */
typedef struct s_state {
    unsigned long long input_bytes, rows, results_bytes, failed;
    char input_sha256[65];
} s_state;

typedef struct s_run {
    s_args *a;
    mktows_cli_settings settings;   /* endpoint, credentials, TLS, timeout, the profile's rate */
    mktows_cli_trace *trace;        /* --trace, shared by the connections; NULL = none */
    int rate_calls, rate_secs;      /* 0 = no rate limit */
    /* header */
    size_t ncols;
    int *col_kind;
    char **col_name;
    size_t nattr_cols;
    /* input */
    int in_fd;
    mktows_csv *csv;
    EVP_MD_CTX *sha, *sha_copy;     /* the running digest; a scratch copy to finish */
    unsigned long long hashed;      /* input bytes in sha (see s_hash_sync) */
    unsigned long long rows_read;
    int eof;
    /* output */
    FILE *out;
    int out_is_file;
    char *state_path;
    unsigned long long failed;      /* rows not CREATED / UPDATED, this run and the ones before */
    unsigned long long written;     /* rows written by this run */
    char *obuf;                     /* a batch's outcomes, formatted, written with one fwrite */
    size_t olen, ocap;
    s_state pending;                /* the checkpoint after the last batch written ... */
    int pending_set;                /* ... when it has not been saved yet */
    long long checkpoint_ms;        /* when the checkpoint last moved (monotonic) */
    mktows_cli_progress progress;   /* rows written by this run, on stderr */
    /* the pipeline */
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    s_batch **ring;                 /* in flight, by seq % ring_size */
    s_batch *spare;                 /* written, kept to be filled again (no allocation per batch) */
    size_t ring_size;
    unsigned long long next_seq, write_seq, send_seq;
    int stop_workers;
    int call_failed;
} s_run;

static void s_hash_consumed(void *ctx, const char *data, size_t len)
{
    s_run *r = ctx;
    EVP_DigestUpdate(r->sha, data, len);
    r->hashed += len;
}

/* Hash the input up to the end of the last record read (the reader hands its bytes over lazily, a
 * buffer at a time, so the digest is fed in large pieces). */
static void s_hash_sync(s_run *r)
{
    mktows_csv_report_consumed(r->csv);
}

/* The hex SHA-256 of the input up to the end of the last record read (the running digest
 * continues). */
static int s_hash_now(s_run *r, char out[65])
{
    s_hash_sync(r);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!r->sha_copy || !EVP_MD_CTX_copy_ex(r->sha_copy, r->sha) || !EVP_DigestFinal_ex(r->sha_copy, md, &n) ||
        n != 32)
        return -1;
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return 0;
}

static int s_read_header(s_run *r)
{
    mktows_csv_record rec;
    int rc = mktows_csv_next(r->csv, &rec);
    if (rc < 0) {
        mktows_cli_error(S_CMD, "cannot read '%s': %s", r->a->csv, strerror(errno));
        return -1;
    }
    if (rc == 0) {
        mktows_cli_error(S_CMD, "'%s' is empty: the first row must name the columns", r->a->csv);
        return -1;
    }
    if (rec.error) {
        mktows_cli_error(S_CMD, "the header row of '%s' is malformed: %s", r->a->csv, rec.error);
        return -1;
    }
    r->ncols = rec.count;
    r->col_kind = calloc(rec.count, sizeof *r->col_kind);
    r->col_name = calloc(rec.count, sizeof *r->col_name);
    if (!r->col_kind || !r->col_name)
        return -1;
    static const char *const keys[] = { NULL, "Id", "Email", "ForeignSysPersonId", "ForeignSysType" };
    for (size_t i = 0; i < rec.count; i++) {
        if (!(r->col_name[i] = strdup(rec.fields[i])))
            return -1;
        if (!*rec.fields[i] || strlen(rec.fields[i]) != rec.lens[i]) {
            mktows_cli_error(S_CMD, "column %zu of the header row of '%s' has no name", i + 1, r->a->csv);
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->col_name[j], rec.fields[i]) == 0) {
                mktows_cli_error(S_CMD, "the header row of '%s' names column '%s' twice", r->a->csv, rec.fields[i]);
                return -1;
            }
        r->col_kind[i] = S_COL_ATTR;
        for (int k = 1; k <= S_COL_FTYPE; k++)
            if (strcmp(rec.fields[i], keys[k]) == 0)
                r->col_kind[i] = k;
        if (r->col_kind[i] == S_COL_ATTR)
            r->nattr_cols++;
    }
    return 0;
}

static int s_parse_id(const char *s, int *out)
{
    return mktows_cli_parse_positive_int(s, out);
}

/* Turn one CSV record into a lead of @p b (or a rejected row). 0, or -1 on out of memory. */
/* 1 when XML 1.0 can carry @p s: UTF-8, and no control character but tab, line feed and carriage
 * return (the service refuses a request holding one, which would fail a whole batch). */
static int s_xml_safe(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned v = *u;
        size_t len = v < 0x80 ? 1 : v >= 0xC2 && v <= 0xDF ? 2 : v >= 0xE0 && v <= 0xEF ? 3 : v >= 0xF0 && v <= 0xF4 ? 4 : 0;
        if (!len)
            return 0;
        if (len > 1) {
            v &= 0xFFu >> (len + 1);
            for (size_t i = 1; i < len; i++) {
                if ((u[i] & 0xC0) != 0x80)
                    return 0;
                v = v << 6 | (u[i] & 0x3F);
            }
            if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
                (v >= 0xD800 && v <= 0xDFFF) || v == 0xFFFE || v == 0xFFFF)
                return 0;
        } else if (v < 0x20 && v != '\t' && v != '\n' && v != '\r') {
            return 0;
        }
        u += len;
    }
    return 1;
}

static int s_add_row(s_run *r, s_batch *b, const mktows_csv_record *rec)
{
    s_row *row = &b->rows[b->nrows++];
    memset(row, 0, sizeof *row);
    row->row = ++r->rows_read;
    row->rec = -1;
    row->key = "";
    row->status = "REJECTED";
    if (rec->error) {
        row->error = rec->error;
        return 0;
    }
    if (rec->count != r->ncols) {
        char msg[96];
        snprintf(msg, sizeof msg, "%zu fields, the header has %zu", rec->count, r->ncols);
        return (row->error = s_dup(b, msg, strlen(msg))) ? 0 : -1;
    }
    const char *id = NULL, *email = NULL, *fid = NULL, *ftype = NULL;
    for (size_t i = 0; i < rec->count; i++) {
        if (!*rec->fields[i])
            continue;
        switch (r->col_kind[i]) {
        case S_COL_ID: id = rec->fields[i]; break;
        case S_COL_EMAIL: email = rec->fields[i]; break;
        case S_COL_FID: fid = rec->fields[i]; break;
        case S_COL_FTYPE: ftype = rec->fields[i]; break;
        default: break;
        }
    }
    int idv = 0;
    enum mkt__ForeignSysType ft = mkt__ForeignSysType__CUSTOM;
    if (id && s_parse_id(id, &idv) != 0) {
        row->error = "Id must be a positive integer (1 to 2147483647)";
        return 0;
    }
    if (ftype) {
        if (strcmp(ftype, "CUSTOM") == 0)
            ft = mkt__ForeignSysType__CUSTOM;
        else if (strcmp(ftype, "SFDC") == 0)
            ft = mkt__ForeignSysType__SFDC;
        else if (strcmp(ftype, "NETSUITE") == 0)
            ft = mkt__ForeignSysType__NETSUITE;
        else {
            row->error = "ForeignSysType must be CUSTOM, SFDC or NETSUITE";
            return 0;
        }
        if (!fid) {
            row->error = "ForeignSysType is only allowed with ForeignSysPersonId";
            return 0;
        }
    }
    if (fid && !ftype) {
        row->error = "ForeignSysPersonId needs ForeignSysType";
        return 0;
    }
    if (!id && !email && !fid) {
        row->error = "no key: Id, Email or ForeignSysPersonId is required";
        return 0;
    }
    /* the key, as the service matches it: Id, then ForeignSysPersonId, then Email */
    char kbuf[64];
    const char *kv;
    const char *kp;
    if (id) {
        snprintf(kbuf, sizeof kbuf, "Id:%d", idv);
        kp = kbuf;
        kv = "";
    } else if (fid) {
        snprintf(kbuf, sizeof kbuf, "ForeignSysPersonId:%s:", ftype);
        kp = kbuf;
        kv = fid;
    } else {
        kp = "Email:";
        kv = email;
    }
    size_t kl = strlen(kp), vl = strlen(kv);
    char *key = s_alloc(b, kl + vl + 1);
    if (!key)
        return -1;
    memcpy(key, kp, kl);
    memcpy(key + kl, kv, vl + 1);
    row->key = key;
    for (size_t i = 0; i < rec->count; i++) {
        if (!s_xml_safe(rec->fields[i])) {
            char msg[200];
            snprintf(msg, sizeof msg, "%.80s holds a character XML cannot carry (a control character, or bytes "
                     "that are not UTF-8)", r->col_name[i] ? r->col_name[i] : "a field");
            return (row->error = s_dup(b, msg, strlen(msg))) ? 0 : -1;
        }
    }

    size_t n = b->nrecs++;
    row->rec = (int)n;
    row->status = NULL;
    struct mkt__LeadRecord *lr = &b->recs[n];
    memset(lr, 0, sizeof *lr);
    if (id) {
        b->ids[n] = idv;
        lr->Id = &b->ids[n];
    }
    if (email && !(lr->Email = s_dup(b, email, strlen(email))))
        return -1;
    if (fid) {
        if (!(lr->ForeignSysPersonId = s_dup(b, fid, strlen(fid))))
            return -1;
        b->ftypes[n] = ft;
        lr->ForeignSysType = &b->ftypes[n];
    }
    struct mkt__Attribute *attrs = &b->attrs[n * r->nattr_cols];
    int na = 0;
    for (size_t i = 0; i < rec->count; i++) {
        if (r->col_kind[i] != S_COL_ATTR || !*rec->fields[i])
            continue;
        struct mkt__Attribute *at = &attrs[na++];
        memset(at, 0, sizeof *at);
        at->attrName = r->col_name[i];
        if (!(at->attrValue = s_dup(b, rec->fields[i], rec->lens[i])))
            return -1;
    }
    if (na) {
        b->attr_lists[n] = (struct mkt__ArrayOfAttribute){ .__sizeattribute = na, .attribute = attrs };
        lr->leadAttributeList = &b->attr_lists[n];
    }
    return 0;
}

/* Keep a written batch for the next s_batch_get(): at most ring_size are ever in use at once. */
static void s_batch_put(s_run *r, s_batch *b)
{
    if (!b)
        return;
    b->next_spare = r->spare;
    r->spare = b;
}

/* An empty batch: a spare one emptied (its arena's first chunk kept), or a new one. NULL on out of
 * memory. Every slot a batch uses is filled afresh by s_add_row / s_send, so nothing is cleared. */
static s_batch *s_batch_get(s_run *r)
{
    s_batch *b = r->spare;
    if (b) {
        r->spare = b->next_spare;
        while (b->arena && b->arena->next) {
            s_chunk *n = b->arena->next;
            free(b->arena);
            b->arena = n;
        }
        if (b->arena)
            b->arena->used = 0;
        b->nrows = b->nrecs = 0;
        b->seq = b->end_offset = b->last_row = 0;
        b->end_hash[0] = b->errmsg[0] = '\0';
        b->rc = MKTOWS_OK;
        b->done = 0;
        b->next_spare = NULL;
        return b;
    }
    size_t bs = (size_t)r->a->batch_size, max_rows = bs * 4;
    b = calloc(1, sizeof *b);
    if (!b || !(b->rows = calloc(max_rows, sizeof *b->rows)) || !(b->recs = calloc(bs, sizeof *b->recs)) ||
        !(b->ids = calloc(bs, sizeof *b->ids)) || !(b->ftypes = calloc(bs, sizeof *b->ftypes)) ||
        !(b->attr_lists = calloc(bs, sizeof *b->attr_lists)) ||
        (r->nattr_cols && !(b->attrs = calloc(bs * r->nattr_cols, sizeof *b->attrs)))) {
        s_batch_free(b);
        return NULL;
    }
    return b;
}

/* Read the next batch: up to batch_size leads (rejected rows ride along, up to 4 x batch_size rows).
 * Returns the batch, NULL at the end of the input (r->eof) or on error (r->eof and *err). */
static s_batch *s_read_batch(s_run *r, int *err)
{
    size_t bs = (size_t)r->a->batch_size, max_rows = bs * 4;
    s_batch *b = s_batch_get(r);
    if (!b) {
        mktows_cli_progress_finish(&r->progress); /* end its line before the error */
        mktows_cli_error(S_CMD, "out of memory");
        *err = 1;
        return NULL;
    }
    while (b->nrecs < bs && b->nrows < max_rows) {
        mktows_csv_record rec;
        int rc = mktows_csv_next(r->csv, &rec);
        if (rc < 0) {
            int e = errno;
            mktows_cli_progress_finish(&r->progress);
            mktows_cli_error(S_CMD, "cannot read '%s': %s", r->a->csv, strerror(e));
            *err = 1;
            s_batch_put(r, b);
            return NULL;
        }
        if (rc == 0) {
            r->eof = 1;
            break;
        }
        if (s_add_row(r, b, &rec) != 0) {
            mktows_cli_progress_finish(&r->progress);
            mktows_cli_error(S_CMD, "out of memory");
            *err = 1;
            s_batch_put(r, b);
            return NULL;
        }
    }
    if (b->nrows == 0) {
        s_batch_put(r, b);
        return NULL;
    }
    b->last_row = r->rows_read;
    if (s_hash_now(r, b->end_hash) != 0) {
        mktows_cli_progress_finish(&r->progress);
        mktows_cli_error(S_CMD, "cannot hash the input");
        *err = 1;
        s_batch_put(r, b);
        return NULL;
    }
    b->end_offset = r->hashed; /* the end of its last record, or of the input */
    return b;
}

/* ---- workers ---- */

typedef struct s_worker {
    s_run *r;
    int index;
    pthread_t thread;
    mktows_client *client;
} s_worker;

static void s_on_wait(void *userdata, const mktows_wait_event *e)
{
    s_worker *w = userdata;
    if (e->reason == MKTOWS_WAIT_RATE_LIMIT)
        fprintf(stderr, "%s: %s: connection %d: rate limit: waiting %lld ms before %s\n", MKTOWS_CLI_PROG, S_CMD,
                w->index + 1, e->wait_ms, e->operation);
    else if (e->reason == MKTOWS_WAIT_RETRY)
        fprintf(stderr, "%s: %s: connection %d: %s attempt %d failed (%s%s%d); retrying in %lld ms\n",
                MKTOWS_CLI_PROG, S_CMD, w->index + 1, e->operation, e->attempt, mktows_strerror(e->code),
                e->marketo_code ? ", Marketo " : "", e->marketo_code, e->wait_ms);
    else
        fprintf(stderr, "%s: %s: connection %d: %s attempt %d failed (%s); giving up\n", MKTOWS_CLI_PROG, S_CMD,
                w->index + 1, e->operation, e->attempt, mktows_strerror(e->code));
}

static void s_send(s_worker *w, s_batch *b)
{
    struct mkt__ParamsSyncMultipleLeads params = { 0 }; /* dedupEnabled absent = true */
    mktows_batch_result *res = NULL;
    mktows_code rc = mktows_sync_multiple_leads_batched(w->client, &params, b->recs, b->nrecs, b->nrecs, &res);
    b->rc = rc;
    if (rc != MKTOWS_OK) {
        char line[512];
        snprintf(b->errmsg, sizeof b->errmsg, "%s", mktows_cli_one_line(line, sizeof line, mktows_client_errmsg(w->client)));
    }
    if (res && rc == MKTOWS_OK) {
        for (size_t i = 0; i < b->nrows; i++) {
            s_row *row = &b->rows[i];
            if (row->rec < 0)
                continue;
            const mktows_record_status *st = &res->statuses[row->rec];
            row->status = st->status_name ? st->status_name : "FAILED";
            row->lead_id = st->id;
            if (st->error && !(row->error = s_dup(b, st->error, strlen(st->error))))
                row->error = "out of memory";
        }
    }
    mktows_batch_result_free(res);
}

static void *s_worker_main(void *arg)
{
    s_worker *w = arg;
    s_run *r = w->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        s_batch *b = NULL;
        while (!r->stop_workers) {
            /* batches already written (only rejected rows, nothing to send) are not ours any more */
            if (r->send_seq < r->write_seq)
                r->send_seq = r->write_seq;
            if (r->send_seq < r->next_seq) {
                b = r->ring[r->send_seq % r->ring_size];
                r->send_seq++;
                if (!b->done)
                    break;
                b = NULL;
                continue;
            }
            pthread_cond_wait(&r->work_cv, &r->mu);
        }
        if (r->stop_workers)
            break;
        pthread_mutex_unlock(&r->mu);
        s_send(w, b);
        pthread_mutex_lock(&r->mu);
        b->done = 1;
        pthread_cond_broadcast(&r->done_cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---- output and checkpoint ---- */

static long long s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The outcomes are formatted into r->obuf with these appenders; room is reserved per row first. */
static int s_out_reserve(s_run *r, size_t n)
{
    if (r->ocap - r->olen >= n)
        return 0;
    size_t cap = r->ocap ? r->ocap : 65536;
    while (cap - r->olen < n)
        cap *= 2;
    char *p = realloc(r->obuf, cap);
    if (!p)
        return -1;
    r->obuf = p;
    r->ocap = cap;
    return 0;
}

static char *s_out_mem(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define S_OUT_LIT(p, lit) s_out_mem((p), (lit), sizeof(lit) - 1)

static char *s_out_u64(char *p, unsigned long long v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *s_out_i64(char *p, long long v)
{
    if (v < 0) {
        *p++ = '-';
        return s_out_u64(p, 0ULL - (unsigned long long)v);
    }
    return s_out_u64(p, (unsigned long long)v);
}

/* A CSV field, quoted (quotes doubled) when it holds a comma, quote or line end. At most 2n + 2. */
static char *s_out_csv_field(char *p, const char *s, size_t n)
{
    if (!strpbrk(s, ",\"\r\n"))
        return s_out_mem(p, s, n);
    *p++ = '"';
    for (const char *q; (q = memchr(s, '"', n)); n -= (size_t)(q + 1 - s), s = q + 1) {
        p = s_out_mem(p, s, (size_t)(q + 1 - s));
        *p++ = '"';
    }
    p = s_out_mem(p, s, n);
    *p++ = '"';
    return p;
}

/* A JSON string: runs of plain bytes copied, the rest escaped. At most 6n + 2. */
static char *s_out_json_string(char *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s, *end = u + n;
    *p++ = '"';
    while (u < end) {
        const unsigned char *run = u;
        while (u < end && *u >= 0x20 && *u != '"' && *u != '\\')
            u++;
        p = s_out_mem(p, (const char *)run, (size_t)(u - run));
        if (u == end)
            break;
        unsigned char ch = *u++;
        *p++ = '\\';
        switch (ch) {
        case '"': case '\\': *p++ = (char)ch; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
            p = S_OUT_LIT(p, "u00");
            *p++ = hex[ch >> 4];
            *p++ = hex[ch & 15];
            break;
        }
    }
    *p++ = '"';
    return p;
}

/* Append one outcome line to r->obuf. 0, or -1 on out of memory. */
static int s_write_row(s_run *r, const s_row *row)
{
    size_t kl = strlen(row->key), sl = strlen(row->status), el = row->error ? strlen(row->error) : 0;
    if (s_out_reserve(r, 6 * (kl + sl + el) + 128) != 0)
        return -1;
    char *p = r->obuf + r->olen;
    if (r->a->jsonl) {
        p = S_OUT_LIT(p, "{\"row\":");
        p = s_out_u64(p, row->row);
        p = S_OUT_LIT(p, ",\"key\":");
        p = s_out_json_string(p, row->key, kl);
        p = S_OUT_LIT(p, ",\"leadId\":");
        p = row->lead_id ? s_out_i64(p, row->lead_id) : S_OUT_LIT(p, "null");
        p = S_OUT_LIT(p, ",\"status\":");
        p = s_out_json_string(p, row->status, sl);
        p = S_OUT_LIT(p, ",\"error\":");
        p = row->error ? s_out_json_string(p, row->error, el) : S_OUT_LIT(p, "null");
        p = S_OUT_LIT(p, "}\n");
    } else {
        p = s_out_u64(p, row->row);
        *p++ = ',';
        p = s_out_csv_field(p, row->key, kl);
        *p++ = ',';
        if (row->lead_id)
            p = s_out_i64(p, row->lead_id);
        *p++ = ',';
        p = s_out_mem(p, row->status, sl);
        *p++ = ',';
        if (row->error)
            p = s_out_csv_field(p, row->error, el);
        *p++ = '\n';
    }
    r->olen = (size_t)(p - r->obuf);
    return 0;
}

static int s_fsync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int s_state_write(s_run *r, const s_state *st)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.tmp", r->state_path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    char text[512];
    int n = snprintf(text, sizeof text,
                     S_STATE_MAGIC "\ninput_bytes=%llu\ninput_sha256=%s\nrows=%llu\nresults_bytes=%llu\nfailed=%llu\n",
                     st->input_bytes, st->input_sha256, st->rows, st->results_bytes, st->failed);
    int ok = write(fd, text, (size_t)n) == n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, r->state_path) != 0) {
        unlink(tmp);
        return -1;
    }
    s_fsync_dir_of(r->state_path);
    return 0;
}

/* 1 read, 0 no state file, -1 error (reported). */
static int s_state_read(s_run *r, s_state *st)
{
    FILE *f = fopen(r->state_path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        mktows_cli_error(S_CMD, "cannot read the state file '%s': %s", r->state_path, strerror(errno));
        return -1;
    }
    char magic[64] = "";
    int n = fscanf(f, "%63[^\n]\ninput_bytes=%llu\ninput_sha256=%64s\nrows=%llu\nresults_bytes=%llu\nfailed=%llu",
                   magic, &st->input_bytes, st->input_sha256, &st->rows, &st->results_bytes, &st->failed);
    fclose(f);
    if (n != 6 || strcmp(magic, S_STATE_MAGIC) != 0 || strlen(st->input_sha256) != 64) {
        mktows_cli_error(S_CMD, "the state file '%s' is not one this command wrote; remove it to start over",
                         r->state_path);
        return -1;
    }
    return 1;
}

/* Make the results durable (fsync), then move the checkpoint to the last batch written: the
 * checkpoint never gets ahead of the results. 0, or -1 (reported). */
static int s_checkpoint(s_run *r)
{
    if (!r->pending_set)
        return 0;
    if (r->out_is_file && fsync(fileno(r->out)) != 0) {
        int e = errno;
        mktows_cli_progress_finish(&r->progress); /* end its line before the error */
        mktows_cli_error(S_CMD, "cannot write the results: %s", strerror(e));
        return -1;
    }
    if (s_state_write(r, &r->pending) != 0) {
        int e = errno;
        mktows_cli_progress_finish(&r->progress);
        mktows_cli_error(S_CMD, "cannot write the state file '%s': %s", r->state_path, strerror(e));
        return -1;
    }
    r->pending_set = 0;
    r->checkpoint_ms = s_now_ms();
    return 0;
}

/* Write a finished batch's outcomes (flushed, not yet fsynced) and move the checkpoint when it last
 * moved S_CHECKPOINT_INTERVAL_MS ago or more. 0, or -1 (reported). */
static int s_commit(s_run *r, s_batch *b)
{
    r->olen = 0;
    for (size_t i = 0; i < b->nrows; i++) {
        const s_row *row = &b->rows[i];
        if (s_write_row(r, row) != 0) {
            mktows_cli_progress_finish(&r->progress);
            mktows_cli_error(S_CMD, "out of memory");
            return -1;
        }
        if (strcmp(row->status, "CREATED") != 0 && strcmp(row->status, "UPDATED") != 0)
            r->failed++;
    }
    r->written += b->nrows;
    if (fwrite(r->obuf, 1, r->olen, r->out) != r->olen || fflush(r->out) != 0) {
        int e = errno;
        mktows_cli_progress_finish(&r->progress); /* end its line before the error */
        mktows_cli_error(S_CMD, "cannot write the results: %s", strerror(e));
        return -1;
    }
    if (!r->state_path)
        return 0;
    s_state *st = &r->pending;
    *st = (s_state){ .input_bytes = b->end_offset, .rows = b->last_row, .failed = r->failed };
    memcpy(st->input_sha256, b->end_hash, sizeof st->input_sha256);
    if (r->out_is_file) {
        off_t pos = ftello(r->out);
        st->results_bytes = pos > 0 ? (unsigned long long)pos : 0;
    }
    r->pending_set = 1;
    if (s_now_ms() - r->checkpoint_ms >= S_CHECKPOINT_INTERVAL_MS)
        return s_checkpoint(r);
    return 0;
}

/* On resume: read the input up to the checkpoint and check that it is the same. 0, or -1. */
static int s_skip_to(s_run *r, const s_state *st)
{
    mktows_csv_record rec;
    int rc = 1;
    while (r->rows_read < st->rows && (rc = mktows_csv_next(r->csv, &rec)) == 1)
        r->rows_read++;
    /* a checkpoint taken at the end of the input also covers what follows the last record */
    s_hash_sync(r);
    if (rc == 1 && r->rows_read == st->rows && r->hashed < st->input_bytes) {
        rc = mktows_csv_next(r->csv, &rec);
        if (rc == 0)
            r->eof = 1;
    }
    if (rc < 0) {
        mktows_cli_error(S_CMD, "cannot read '%s': %s", r->a->csv, strerror(errno));
        return -1;
    }
    char h[65];
    s_hash_sync(r);
    if (r->rows_read != st->rows || r->hashed != st->input_bytes || s_hash_now(r, h) != 0 ||
        strcmp(h, st->input_sha256) != 0) {
        mktows_cli_error(S_CMD, "'%s' is not the input the state file '%s' was written for (its first %llu bytes "
                         "differ); remove the state file to start over", r->a->csv, r->state_path, st->input_bytes);
        return -1;
    }
    return 0;
}

static int s_open_results(s_run *r, const s_state *st, int resumed)
{
    if (!r->a->results) {
        r->out = stdout;
        return 0;
    }
    int fd = open(r->a->results, O_RDWR | O_CREAT | (resumed ? 0 : O_TRUNC), 0644);
    if (fd < 0) {
        mktows_cli_error(S_CMD, "cannot open the results file '%s': %s", r->a->results, strerror(errno));
        return -1;
    }
    if (resumed) {
        struct stat sb;
        if (fstat(fd, &sb) != 0 || (unsigned long long)sb.st_size < st->results_bytes) {
            mktows_cli_error(S_CMD, "the results file '%s' is shorter than the state file '%s' says; remove the "
                             "state file to start over", r->a->results, r->state_path);
            close(fd);
            return -1;
        }
        /* drop whatever was written after the checkpoint: those rows are sent and written again */
        if (ftruncate(fd, (off_t)st->results_bytes) != 0 || lseek(fd, 0, SEEK_END) < 0) {
            mktows_cli_error(S_CMD, "cannot truncate the results file '%s': %s", r->a->results, strerror(errno));
            close(fd);
            return -1;
        }
    }
    r->out = fdopen(fd, resumed ? "a" : "w");
    if (!r->out) {
        close(fd);
        return -1;
    }
    r->out_is_file = 1;
    return 0;
}

static int s_execute(s_run *r)
{
    s_args *a = r->a;
    int status = MKTOWS_CLI_EXIT_ERROR;
    s_state st = { 0 };
    int resumed = 0;
    s_worker workers[S_MAX_CONCURRENCY];
    int nworkers = 0;
    memset(workers, 0, sizeof workers);

    if (a->state)
        r->state_path = strdup(a->state);
    else if (a->results && asprintf(&r->state_path, "%s.state", a->results) < 0)
        r->state_path = NULL;
    if (r->state_path && (resumed = s_state_read(r, &st)) < 0)
        return MKTOWS_CLI_EXIT_ERROR;

    r->in_fd = strcmp(a->csv, "-") == 0 ? STDIN_FILENO : open(a->csv, O_RDONLY);
    if (r->in_fd < 0) {
        mktows_cli_error(S_CMD, "cannot open '%s': %s", a->csv, strerror(errno));
        return MKTOWS_CLI_EXIT_ERROR;
    }
    r->sha = EVP_MD_CTX_new();
    r->sha_copy = EVP_MD_CTX_new();
    if (!r->sha || !r->sha_copy || !EVP_DigestInit_ex(r->sha, EVP_sha256(), NULL))
        return MKTOWS_CLI_EXIT_ERROR;
    mktows_csv_options co = { .consumed = s_hash_consumed, .ctx = r };
    if (!(r->csv = mktows_csv_new(r->in_fd, &co)))
        return MKTOWS_CLI_EXIT_ERROR;
    if (s_read_header(r) != 0)
        return MKTOWS_CLI_EXIT_ERROR;
    if (resumed && s_skip_to(r, &st) != 0)
        return MKTOWS_CLI_EXIT_ERROR;
    r->failed = resumed ? st.failed : 0;
    if (s_open_results(r, &st, resumed) != 0)
        return MKTOWS_CLI_EXIT_ERROR;
    if (!resumed || st.results_bytes == 0) {
        if (!a->jsonl && (!resumed || r->out_is_file))
            fputs("row,key,lead_id,status,error\n", r->out);
    }
    if (resumed && a->verbose)
        fprintf(stderr, "%s: %s: resuming after row %llu\n", MKTOWS_CLI_PROG, S_CMD, st.rows);

    /* the connections */
    /* syncMultipleLeads takes no MktowsContextHeader: the profile's workspace does not apply */
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = r->settings.endpoint;
    opts.user_id = r->settings.user_id;
    opts.encryption_key = r->settings.key;
    opts.connect_timeout_ms = opts.send_timeout_ms = opts.recv_timeout_ms = r->settings.timeout_ms;
    opts.call_timeout_ms = r->settings.timeout_ms; /* --timeout-ms bounds each whole call */
    opts.ca_file = r->settings.ca_file;
    opts.ca_path = r->settings.ca_path;
    opts.tls_no_verify_peer = opts.tls_no_verify_host = r->settings.insecure;
    mktows_cli_trace_attach(r->trace, &opts);
    mktows_retry_policy policy = MKTOWS_RETRY_POLICY_INIT;
    policy.max_attempts = a->max_attempts;
    policy.max_total_ms = a->max_retry_ms;
    int per_client = 0;
    if (r->rate_calls > 0)
        per_client = r->rate_calls / a->concurrency > 0 ? r->rate_calls / a->concurrency : 1;
    for (int i = 0; i < a->concurrency; i++) {
        s_worker *w = &workers[i];
        w->r = r;
        w->index = i;
        mktows_code rc = mktows_client_new(&opts, &w->client);
        if (rc == MKTOWS_OK && (rc = mktows_client_set_retry(w->client, &policy)) == MKTOWS_OK && per_client)
            rc = mktows_client_set_rate_limit(w->client, per_client, r->rate_secs);
        if (rc != MKTOWS_OK) {
            if (rc == MKTOWS_ERR_INVALID_ARGUMENT && !w->client)
                mktows_cli_error(S_CMD, "cannot create the client: %s (is the endpoint an http:// or "
                                        "https:// URL?)", mktows_strerror(rc));
            else
                mktows_cli_error(S_CMD, "cannot create the client: %s", mktows_strerror(rc));
            goto out;
        }
        if (a->verbose)
            mktows_client_set_wait_callback(w->client, s_on_wait, w);
    }

    r->ring_size = (size_t)a->concurrency * 2;
    if (!(r->ring = calloc(r->ring_size, sizeof *r->ring)))
        goto out;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->work_cv, NULL);
    pthread_cond_init(&r->done_cv, NULL);
    for (int i = 0; i < a->concurrency; i++) {
        if (pthread_create(&workers[i].thread, NULL, s_worker_main, &workers[i]) != 0) {
            mktows_cli_error(S_CMD, "cannot start a thread");
            break;
        }
        nworkers++;
    }
    if (nworkers == 0)
        goto out;

    int read_err = 0, write_err = 0;
    r->checkpoint_ms = s_now_ms();
    mktows_cli_progress_init(&r->progress, stderr, "rows", 0, a->common.progress);
    pthread_mutex_lock(&r->mu);
    for (;;) {
        /* fill the pipeline */
        while (!r->eof && !read_err && !r->call_failed && !write_err && r->next_seq - r->write_seq < r->ring_size) {
            pthread_mutex_unlock(&r->mu);
            s_batch *b = s_read_batch(r, &read_err);
            pthread_mutex_lock(&r->mu);
            if (!b)
                break;
            b->seq = r->next_seq;
            b->done = b->nrecs == 0; /* nothing to send: only rejected rows */
            r->ring[b->seq % r->ring_size] = b;
            r->next_seq++;
            pthread_cond_broadcast(&r->work_cv);
        }
        /* write what is finished, in order */
        while (r->write_seq < r->next_seq && r->ring[r->write_seq % r->ring_size]->done) {
            s_batch *b = r->ring[r->write_seq % r->ring_size];
            if (b->rc != MKTOWS_OK || r->call_failed || write_err) {
                if (b->rc != MKTOWS_OK && !r->call_failed && !write_err) {
                    mktows_cli_progress_finish(&r->progress); /* end its line before the error */
                    mktows_cli_error(S_CMD, "syncMultipleLeads failed for rows %llu to %llu: %s: %s; nothing after "
                                     "row %llu is recorded: run the same command again to resume",
                                     b->rows[0].row, b->last_row, mktows_strerror(b->rc), b->errmsg,
                                     b->rows[0].row - 1);
                }
                r->call_failed = 1;
            } else {
                pthread_mutex_unlock(&r->mu);
                if (s_commit(r, b) != 0)
                    write_err = 1;
                mktows_cli_progress_update(&r->progress, r->written);
                pthread_mutex_lock(&r->mu);
            }
            r->ring[r->write_seq % r->ring_size] = NULL;
            r->write_seq++;
            s_batch_put(r, b);
        }
        if (r->write_seq == r->next_seq && (r->eof || read_err || r->call_failed || write_err))
            break;
        if (r->write_seq < r->next_seq && !r->ring[r->write_seq % r->ring_size]->done)
            pthread_cond_wait(&r->done_cv, &r->mu);
    }
    r->stop_workers = 1;
    pthread_cond_broadcast(&r->work_cv);
    pthread_mutex_unlock(&r->mu);
    for (int i = 0; i < nworkers; i++)
        pthread_join(workers[i].thread, NULL);
    nworkers = 0;
    /* the end (or a stop): the checkpoint names the last batch written */
    if (!write_err && s_checkpoint(r) != 0)
        write_err = 1;
    mktows_cli_progress_finish(&r->progress);

    if (read_err || write_err || r->call_failed)
        status = MKTOWS_CLI_EXIT_ERROR;
    else
        status = r->failed ? MKTOWS_CLI_EXIT_ERROR : MKTOWS_CLI_EXIT_OK;
    if (a->verbose) {
        unsigned long long retries = 0, waited = 0;
        for (int i = 0; i < a->concurrency; i++) {
            unsigned long long x, y;
            if (workers[i].client) {
                mktows_client_wait_stats(workers[i].client, &x, &y);
                retries += x;
                waited += y;
            }
        }
        fprintf(stderr, "%s: %s: %llu rows written this run, %llu not landed in all; %llu retries, %llu ms waited\n",
                MKTOWS_CLI_PROG, S_CMD, r->written, r->failed, retries, waited);
    }
out:
    if (nworkers) {
        pthread_mutex_lock(&r->mu);
        r->stop_workers = 1;
        pthread_cond_broadcast(&r->work_cv);
        pthread_mutex_unlock(&r->mu);
        for (int i = 0; i < nworkers; i++)
            pthread_join(workers[i].thread, NULL);
    }
    for (int i = 0; i < S_MAX_CONCURRENCY; i++)
        mktows_client_free(workers[i].client);
    return status;
}

static void s_run_clean_up(s_run *r)
{
    if (r->out && r->out != stdout)
        fclose(r->out);
    mktows_csv_free(r->csv);
    if (r->in_fd > 0)
        close(r->in_fd);
    EVP_MD_CTX_free(r->sha);
    EVP_MD_CTX_free(r->sha_copy);
    for (size_t i = 0; i < r->ncols; i++)
        free(r->col_name ? r->col_name[i] : NULL);
    free(r->col_name);
    free(r->col_kind);
    if (r->ring) {
        for (size_t i = 0; i < r->ring_size; i++)
            s_batch_free(r->ring[i]);
        free(r->ring);
    }
    while (r->spare) {
        s_batch *n = r->spare->next_spare;
        s_batch_free(r->spare);
        r->spare = n;
    }
    free(r->state_path);
    free(r->obuf);
    mktows_cli_settings_clean_up(&r->settings);
}

/* Check what the library can only call "TLS error", load the trace, and pick the rate limit:
 * --rate-limit, else the profile's rate, else 100/20 (off for a loopback endpoint). 0 or -1
 * (reported). */
static int s_prepare(s_run *r)
{
    s_args *a = r->a;
    mktows_cli_settings *s = &r->settings;
    if (s->ca_file && access(s->ca_file, R_OK) != 0) {
        mktows_cli_error(S_CMD, "cannot read %s '%s': %s", a->common.ca_file ? "--ca-file" : "the profile's ca_file",
                         s->ca_file, strerror(errno));
        return -1;
    }
    if (s->ca_path && access(s->ca_path, R_OK | X_OK) != 0) {
        mktows_cli_error(S_CMD, "cannot read --ca-path '%s': %s", s->ca_path, strerror(errno));
        return -1;
    }
    if (a->common.trace && mktows_cli_trace_open(S_CMD, a->common.trace, &r->trace) != 0)
        return -1;
    if (s->insecure)
        mktows_cli_warning("--insecure: the server's TLS certificate and host name are NOT verified");
    if (a->rate_given) {
        r->rate_calls = a->rate_calls;
        r->rate_secs = a->rate_secs;
    } else if (s->rate_calls > 0) {
        r->rate_calls = s->rate_calls;
        r->rate_secs = s->rate_seconds;
    } else if (!s_loopback(s->endpoint)) {
        r->rate_calls = S_DEFAULT_RATE_CALLS;
        r->rate_secs = S_DEFAULT_RATE_SECONDS;
    }
    return 0;
}

int mktows_cli_cmd_sync_leads(int argc, char **argv)
{
    s_args a;
    memset(&a, 0, sizeof a);
    int st = s_parse(&a, argc, argv);
    if (st >= 0)
        return st;
    s_run r;
    memset(&r, 0, sizeof r);
    r.a = &a;
    r.in_fd = -1;
    if (mktows_cli_settings_load(S_CMD, &a.common, MKTOWS_CLI_NEED_ALL, &r.settings) != 0 || s_prepare(&r) != 0) {
        st = MKTOWS_CLI_EXIT_ERROR;
    } else {
        st = s_execute(&r);
    }
    s_run_clean_up(&r);
    /* after the clients are freed (s_execute): nothing writes to the trace any more */
    if (mktows_cli_trace_close(S_CMD, r.trace) != 0 && st == MKTOWS_CLI_EXIT_OK)
        st = MKTOWS_CLI_EXIT_ERROR;
    return mktows_cli_finish_stdout(st);
}
