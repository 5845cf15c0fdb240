/* Start build/bin/mktows-server for a test on 127.0.0.1 with port 0, read the URL it prints, stop it.
 * Every server gets its own temporary directory (config file, database, log, TLS files). */
#ifndef MKTOWS_TEST_SERVER_HARNESS_H
#define MKTOWS_TEST_SERVER_HARNESS_H

#include <sys/types.h>

#include <mktows/client.h>

/* The user the harness gives every server (through MARKETO_USER_ID / MARKETO_ENCRYPTION_KEY). */
#define MKTOWS_TEST_USER "mktows_test_1_0123456789ABCDEF"
#define MKTOWS_TEST_KEY "test-encryption-key-27272727aa"

typedef struct mktows_test_server_options {
    const char *config;      /* config file text, written to DIR/server.conf; NULL = no --config */
    const char *config_path; /* or an existing config file, passed as it is (files it names are found) */
    int persistent;          /* 1: --db DIR/leads.db (otherwise in memory) */
    int tls;                 /* 1: throwaway self-signed cert for localhost/127.0.0.1 in DIR */
    const char *program;     /* the server to run; NULL = the build's bin/mktows-server */
    int admin;               /* 1: --admin-listen 127.0.0.1:0, its URL read into admin_url */
    const char *extra[16];   /* more arguments, NULL-terminated */
} mktows_test_server_options;

#define MKTOWS_TEST_SERVER_OPTIONS_INIT { .config = NULL }

typedef struct mktows_test_server {
    pid_t pid;               /* 0 when not running */
    char url[512];           /* endpoint URL as printed by the server */
    char admin_url[512];     /* opts.admin: the admin endpoint's URL ("http://127.0.0.1:PORT/") */
    char dir[256];           /* temporary directory; removed by mktows_test_server_clean_up */
    char log_path[300];      /* the server's stderr */
    char db_path[300];
    char ca_file[300];       /* TLS only: the certificate, for the client's ca_file */
    mktows_test_server_options opts;
} mktows_test_server;

/* Start a server (creates the temporary directory). Returns 0 or -1 (message on stderr). */
int mktows_test_server_start(mktows_test_server *srv, const mktows_test_server_options *opts);
/* Start again with the same directory, options and database (after stop or kill). */
int mktows_test_server_restart(mktows_test_server *srv);
/* SIGTERM and wait; returns the exit status (0 = clean), or -1 when it had to be killed. */
int mktows_test_server_stop(mktows_test_server *srv);
/* SIGKILL and wait (for durability tests). */
void mktows_test_server_kill(mktows_test_server *srv);
/* Stop if running and remove the temporary directory. */
void mktows_test_server_clean_up(mktows_test_server *srv);
/* How many lines of the server's log contain @p needle. */
int mktows_test_server_log_count(const mktows_test_server *srv, const char *needle);

/* Run a shell command (sh -c); returns its exit status, and its output (stdout and stderr) in a
 * malloc'd string (caller frees) when @p out is non-NULL. Put `timeout N` in @p cmd for a limit. */
int mktows_test_run_command(const char *cmd, char **out);

/* A client for @p srv as the test user (@p key NULL = the right key); NULL on failure.
 * TLS servers: the client trusts the server's throwaway certificate. Caller frees with
 * mktows_client_free(). */
mktows_client *mktows_test_client_new(const mktows_test_server *srv, const char *workspace, const char *key);

#endif
