/* mktows sign: print the Marketo request signature, HMAC-SHA1(key, requestTimestamp + userId) in
 * lower-case hex, so that anyone can check our signatures against another implementation. */
#include "cli.h"
#include "config.h"
#include "help.h"

#include <mktows/mktows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CMD "sign"

enum { S_OPT_TIMESTAMP = 1, S_OPT_JSON };

static const mktows_cli_option s_options[] = {
    { "user-id", 1, 0, MKTOWS_CLI_OPT_USER_ID, "ID", "the mktowsUserId (default: $MARKETO_USER_ID, else the profile)",
      NULL },
    { "timestamp", 1, 0, S_OPT_TIMESTAMP, "TS", "the requestTimestamp to sign, byte for byte, e.g.\n"
      "2013-07-31T12:38:47-07:00 (default: now, with the local UTC offset)", NULL },
    { "key-file", 1, 0, MKTOWS_CLI_OPT_KEY_FILE, "FILE", "read the encryption key from FILE; one trailing newline is\n"
      "dropped (default: $MARKETO_ENCRYPTION_KEY, else the profile's key_file)", NULL },
    { "json", 0, 0, S_OPT_JSON, NULL, "print {\"requestTimestamp\":...,\"requestSignature\":...}", NULL },
    MKTOWS_CLI_CONFIG_OPTIONS,
    MKTOWS_CLI_QUIET_OPTION,
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const mktows_cli_doc s_doc = {
    S_CMD,
    "print the request signature for a user id and timestamp",
    "[--user-id ID] [--timestamp TS] [--key-file FILE] [--json]\n[--config FILE] [--profile NAME] [--quiet]",
    "Print the Marketo request signature: the lower-case hex HMAC-SHA1 of\n"
    "requestTimestamp followed by the user id, keyed with the encryption key.",
    s_options,
    "Output: with --timestamp, the signature alone on one line. Without --timestamp\n"
    "(or with --json), a JSON object with the timestamp that was signed and the\n"
    "signature, named as the AuthenticationHeader elements.\n"
    "\n"
    "Exit status: 0 success, 1 error (no key, unreadable key file, ...), 2 usage error.\n"
    "\n"
    "Example:\n"
    "  MARKETO_ENCRYPTION_KEY=... mktows sign --user-id bigcorp1_461839624B16E06BA2D663 \\\n"
    "      --timestamp 2013-07-31T12:38:47-07:00\n"
};

/* The length of the valid UTF-8 sequence that starts at @p p (1 to 4), or 0: a stray continuation
 * byte, an overlong form, a UTF-16 surrogate, a code point above U+10FFFF or a sequence cut short. */
static int s_utf8_len(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : p[0] < 0xc2 ? 0 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : p[0] < 0xf5 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0; /* also stops at the terminating NUL */
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) || (p[0] == 0xf0 && p[1] < 0x90) ||
        (p[0] == 0xf4 && p[1] > 0x8f))
        return 0;
    return n;
}

/* @p s on stdout as a JSON string (RFC 8259): '"', '\\' and control characters escaped, valid UTF-8
 * as is, and each byte that is not part of valid UTF-8 as \ufffd, so the line is always valid JSON.
 * Needed for --timestamp, which is signed byte for byte and so may hold anything. */
static void s_put_json_string(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    while (*p) {
        int n = s_utf8_len(p);
        if (n == 0) {
            fputs("\\ufffd", stdout);
            p++;
        } else if (*p == '"' || *p == '\\') {
            printf("\\%c", *p++);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p++);
        } else {
            fwrite(p, 1, (size_t)n, stdout);
            p += n;
        }
    }
    putchar('"');
}

int mktows_cli_cmd_sign(int argc, char **argv)
{
    const char *timestamp = NULL;
    int json = 0;
    mktows_cli_common common;
    memset(&common, 0, sizeof common);

    mktows_cli_parser p;
    mktows_cli_parser_init_doc(&p, argc, argv, &s_doc);
    const char *v;
    int id;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        switch (id) {
        case S_OPT_TIMESTAMP:
            if (!*v)
                return mktows_cli_usage_error(S_CMD, "--timestamp is empty");
            timestamp = v;
            break;
        case S_OPT_JSON:
            json = 1;
            break;
        default: {
            int st = mktows_cli_common_option(S_CMD, &common, id, v);
            if (st != 0)
                return st < 0 ? MKTOWS_CLI_EXIT_USAGE : st;
            break;
        }
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;

    char now[MKTOWS_TIMESTAMP_SIZE];
    if (!timestamp) {
        mktows_code rc = mktows_timestamp_now(now);
        if (rc != MKTOWS_OK) {
            mktows_cli_error(S_CMD, "cannot format the current time: %s", mktows_strerror(rc));
            return MKTOWS_CLI_EXIT_ERROR;
        }
        timestamp = now;
        json = 1;
    }

    mktows_cli_settings settings;
    if (mktows_cli_settings_load(S_CMD, &common, MKTOWS_CLI_NEED_USER_ID | MKTOWS_CLI_NEED_KEY, &settings) != 0) {
        mktows_cli_settings_clean_up(&settings);
        return MKTOWS_CLI_EXIT_ERROR;
    }
    char signature[MKTOWS_SIGNATURE_SIZE];
    mktows_code rc = mktows_sign(timestamp, settings.user_id, settings.key, signature);
    mktows_cli_settings_clean_up(&settings);
    if (rc != MKTOWS_OK) {
        mktows_cli_error(S_CMD, "signing failed: %s", mktows_strerror(rc));
        return MKTOWS_CLI_EXIT_ERROR;
    }

    if (json) {
        fputs("{\"requestTimestamp\":", stdout);
        s_put_json_string(timestamp);
        printf(",\"requestSignature\":\"%s\"}\n", signature); /* 40 hex digits: nothing to escape */
    } else {
        printf("%s\n", signature);
    }
    return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
}
