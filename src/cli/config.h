/* Configuration and credentials for every mktows command that talks to Marketo: the one loader.
 *
 * Sources, strongest first: command-line options, the environment (MARKETO_SOAP_ENDPOINT,
 * MARKETO_USER_ID, MARKETO_ENCRYPTION_KEY), then a profile of the config file
 * (--config FILE, else $MKTOWS_CONFIG, else $XDG_CONFIG_HOME/mktows/config, else
 * ~/.config/mktows/config), chosen with --profile NAME, else $MKTOWS_PROFILE, else [default].
 *
 *     [default]
 *     endpoint   = https://123-ABC-456.mktoapi.com/soap/mktows/2_7
 *     user_id    = bigcorp1_461839624B16E06BA2D663
 *     key_file   = ~/.config/mktows/prod.key
 *
 *     [profile sandbox]
 *     endpoint   = ...
 *     workspace  = Europe
 *     timeout_ms = 20000
 *     rate       = 100/20
 *     ca_file    = /etc/ssl/corp.pem
 *
 * A command lists MKTOWS_CLI_CONFIG_OPTIONS, MKTOWS_CLI_CONNECTION_OPTIONS and/or
 * MKTOWS_CLI_OUTPUT_OPTIONS in its option table, passes each option id it does not know to
 * mktows_cli_common_option(), and calls mktows_cli_settings_load() once the command line is
 * parsed (and the request validated). See docs/cli.md, "Configuration". */
#ifndef MKTOWS_CLI_CONFIG_H
#define MKTOWS_CLI_CONFIG_H

#include "cli.h"

#include <stddef.h>

/* ---- the config file ---- */

/* One profile's settings from the config file (heap strings; NULL / 0 = not set). */
typedef struct mktows_cli_profile {
    char *endpoint;
    char *user_id;
    char *key_file;   /* "~/" expanded; relative to the config file's folder when relative */
    char *workspace;
    char *ca_file;    /* like key_file */
    int timeout_ms;
    int rate_calls;   /* rate = CALLS/SECONDS, e.g. 100/20 (Marketo's limit); stored for commands */
    int rate_seconds;
} mktows_cli_profile;

/* Parse the config file's @p text (its name @p path is used in messages and to resolve relative
 * paths) and copy profile @p name ("default" is the [default] section; [profile default] is the
 * same) into @p out. The whole file is checked, not only that profile. An absent profile is an
 * error when @p required, else leaves @p out empty. Returns 0, or -1 with @p err holding
 * "FILE:LINE: what is wrong (expected ...)" or "no profile 'x' in FILE (known: a, b)". */
int mktows_cli_config_parse(const char *path, const char *text, const char *name, int required,
                            mktows_cli_profile *out, char *err, size_t err_size);

/* The config file to read: @p config_opt, else $MKTOWS_CONFIG (non-empty), else
 * $XDG_CONFIG_HOME/mktows/config (when absolute), else $HOME/.config/mktows/config. *is_explicit
 * is 1 for the first two (a missing file is then an error). Returns 0, or -1 when there is none
 * (no HOME). */
int mktows_cli_config_path(const char *config_opt, char *out, size_t size, int *is_explicit);

/* Find, read and parse the config file and pick the profile (@p profile_opt, else
 * $MKTOWS_PROFILE, else "default"). Errors are reported on stderr under @p what. Returns 0 or -1. */
int mktows_cli_config_load(const char *what, const char *config_opt, const char *profile_opt,
                           mktows_cli_profile *out);
void mktows_cli_profile_clean_up(mktows_cli_profile *p);

/* ---- options shared by the commands ---- */

enum {
    MKTOWS_CLI_OPT_CONFIG = 1000, MKTOWS_CLI_OPT_PROFILE, MKTOWS_CLI_OPT_ENDPOINT, MKTOWS_CLI_OPT_USER_ID,
    MKTOWS_CLI_OPT_KEY_FILE, MKTOWS_CLI_OPT_CA_FILE, MKTOWS_CLI_OPT_CA_PATH, MKTOWS_CLI_OPT_INSECURE,
    MKTOWS_CLI_OPT_TIMEOUT_MS, MKTOWS_CLI_OPT_TRACE, MKTOWS_CLI_OPT_QUIET, MKTOWS_CLI_OPT_PROGRESS
};

#define MKTOWS_CLI_CONFIG_OPTIONS \
    { "config", 1, 0, MKTOWS_CLI_OPT_CONFIG, "FILE", \
      "read FILE instead of $MKTOWS_CONFIG or ~/.config/mktows/config", "Configuration" }, \
    { "profile", 1, 0, MKTOWS_CLI_OPT_PROFILE, "NAME", \
      "use [profile NAME] of the config file (default: $MKTOWS_PROFILE,\nelse [default])", "Configuration" }

#define MKTOWS_CLI_CREDENTIAL_OPTIONS \
    { "endpoint", 1, 0, MKTOWS_CLI_OPT_ENDPOINT, "URL", \
      "the SOAP endpoint (default: $MARKETO_SOAP_ENDPOINT, else the profile)", "Connection" }, \
    { "user-id", 1, 0, MKTOWS_CLI_OPT_USER_ID, "ID", \
      "the mktowsUserId (default: $MARKETO_USER_ID, else the profile)", "Connection" }, \
    { "key-file", 1, 0, MKTOWS_CLI_OPT_KEY_FILE, "FILE", \
      "read the encryption key from FILE; one trailing newline is dropped\n" \
      "(default: $MARKETO_ENCRYPTION_KEY, else the profile's key_file)", "Connection" }

#define MKTOWS_CLI_TRANSPORT_OPTIONS \
    { "ca-file", 1, 0, MKTOWS_CLI_OPT_CA_FILE, "FILE", "trust the CA certificates in this PEM file", "Connection" }, \
    { "ca-path", 1, 0, MKTOWS_CLI_OPT_CA_PATH, "DIR", "trust the CA certificates in this hashed directory", \
      "Connection" }, \
    { "insecure", 0, 0, MKTOWS_CLI_OPT_INSECURE, NULL, "do NOT verify the server's certificate or host name", \
      "Connection" }, \
    { "timeout-ms", 1, 0, MKTOWS_CLI_OPT_TIMEOUT_MS, "N", "the longest a call may take, in milliseconds: connect,\n" \
      "send and receive together, however slowly the server answers\n" \
      "(default: the profile's, else 10000 connect, 30000 send and\n" \
      "60000 receive stalls within a 300000 deadline)", "Connection" }, \
    { "trace", 1, 0, MKTOWS_CLI_OPT_TRACE, "DIR", \
      "write each request and response XML to its own file in DIR\n" \
      "(DIR/0001-syncLead-request.xml, ...; a path ending in '/' or an\n" \
      "existing directory); any other path: append both to that FILE\n" \
      "('-': standard error). Never contains the encryption key", "Connection" }

/* Every connection option: credentials, then TLS, timeout and trace. */
#define MKTOWS_CLI_CONNECTION_OPTIONS MKTOWS_CLI_CREDENTIAL_OPTIONS, MKTOWS_CLI_TRANSPORT_OPTIONS

#define MKTOWS_CLI_QUIET_OPTION \
    { "quiet", 0, 0, MKTOWS_CLI_OPT_QUIET, NULL, "print nothing on stderr but errors (no warnings, no progress)", \
      "Output" }
#define MKTOWS_CLI_PROGRESS_OPTION \
    { "progress", 0, 0, MKTOWS_CLI_OPT_PROGRESS, NULL, \
      "show progress on stderr even when it is not a terminal (progress.h)", "Output" }
#define MKTOWS_CLI_OUTPUT_OPTIONS MKTOWS_CLI_QUIET_OPTION, MKTOWS_CLI_PROGRESS_OPTION

/* What the shared options gave (borrowed from argv). */
typedef struct mktows_cli_common {
    const char *config;
    const char *profile;
    const char *endpoint;
    const char *user_id;
    const char *key_file;
    const char *ca_file;
    const char *ca_path;
    const char *trace;
    int insecure;
    int timeout_ms;  /* 0 = not given */
    int quiet;
    int progress;
} mktows_cli_common;

/* Take option @p id (value @p value) when it is one of the shared options: returns 0 when taken,
 * MKTOWS_CLI_EXIT_USAGE after reporting a bad value (empty, --timeout-ms not a positive integer),
 * -1 when @p id is not a shared option. --quiet also calls mktows_cli_set_quiet(1). */
int mktows_cli_common_option(const char *what, mktows_cli_common *c, int id, const char *value);

/* ---- the resolved settings ---- */

#define MKTOWS_CLI_NEED_ENDPOINT 1u
#define MKTOWS_CLI_NEED_USER_ID 2u
#define MKTOWS_CLI_NEED_KEY 4u
#define MKTOWS_CLI_NEED_ALL (MKTOWS_CLI_NEED_ENDPOINT | MKTOWS_CLI_NEED_USER_ID | MKTOWS_CLI_NEED_KEY)

/* Everything a command needs to make a client, resolved: options > environment > profile. */
typedef struct mktows_cli_settings {
    char *endpoint;     /* NULL unless needed or found */
    char *user_id;
    char *key;          /* wiped on clean-up; never printed */
    char *workspace;    /* the profile's (a command's own --workspace wins: pick it yourself) */
    char *ca_file;
    char *ca_path;
    int insecure;
    int timeout_ms;     /* 0 = the library's defaults */
    int rate_calls;     /* 0 = no rate set (rate = CALLS/SECONDS in the profile) */
    int rate_seconds;
} mktows_cli_settings;

/* Resolve the settings from @p c, the environment and the config file's profile. Every needed
 * credential that is missing (or set but empty) is reported in one message under @p what; a bad
 * config file, an unknown profile and an unreadable key file are reported too. Returns 0, or
 * MKTOWS_CLI_EXIT_ERROR (1). Always clean up with mktows_cli_settings_clean_up(). */
int mktows_cli_settings_load(const char *what, const mktows_cli_common *c, unsigned need,
                             mktows_cli_settings *out);
void mktows_cli_settings_clean_up(mktows_cli_settings *s);

/* Parse a rate "CALLS/SECONDS" (e.g. "100/20"): two positive integers, CALLS at most 100000.
 * 0, or -1 when @p v is not of that form. Used by the config file's `rate` and --rate-limit. */
int mktows_cli_parse_rate(const char *v, int *calls, int *seconds);

#endif /* MKTOWS_CLI_CONFIG_H */
