/* mktows sign: print the Marketo request signature, HMAC-SHA1(key, requestTimestamp + userId) in
 * lower-case hex, so that anyone can check our signatures against another implementation. */
#include "cli.h"

#include <mktows/mktows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CMD "sign"

enum { S_OPT_USER_ID = 1, S_OPT_TIMESTAMP, S_OPT_KEY_FILE, S_OPT_JSON };

static const mktows_cli_option s_options[] = {
    { "user-id", 1, 0, S_OPT_USER_ID },
    { "timestamp", 1, 0, S_OPT_TIMESTAMP },
    { "key-file", 1, 0, S_OPT_KEY_FILE },
    { "json", 0, 0, S_OPT_JSON },
    { NULL, 0, 0, 0 }
};

static void s_help(void)
{
    printf("Usage: %s sign [--user-id ID] [--timestamp TS] [--key-file FILE] [--json]\n"
           "\n"
           "Print the Marketo request signature: the lower-case hex HMAC-SHA1 of\n"
           "requestTimestamp followed by the user id, keyed with the encryption key.\n"
           "\n"
           "Options:\n"
           "  --user-id ID      the mktowsUserId (default: $MARKETO_USER_ID)\n"
           "  --timestamp TS    the requestTimestamp to sign, byte for byte, e.g.\n"
           "                    2013-07-31T12:38:47-07:00 (default: now, with the local UTC offset)\n"
           "  --key-file FILE   read the encryption key from FILE; one trailing newline is\n"
           "                    dropped (default: $MARKETO_ENCRYPTION_KEY)\n"
           "  --json            print {\"requestTimestamp\":...,\"requestSignature\":...}\n"
           "  -h, --help        show this help\n"
           "\n"
           "Output: with --timestamp, the signature alone on one line. Without --timestamp\n"
           "(or with --json), a JSON object with the timestamp that was signed and the\n"
           "signature, named as the AuthenticationHeader elements.\n"
           "\n"
           "Exit status: 0 success, 1 error (no key, unreadable key file, ...), 2 usage error.\n"
           "\n"
           "Example:\n"
           "  MARKETO_ENCRYPTION_KEY=... %s sign --user-id bigcorp1_461839624B16E06BA2D663 \\\n"
           "      --timestamp 2013-07-31T12:38:47-07:00\n",
           MKTOWS_CLI_PROG, MKTOWS_CLI_PROG);
}

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
    const char *user_id = NULL, *timestamp = NULL, *key_file = NULL;
    int json = 0;

    mktows_cli_parser p;
    mktows_cli_parser_init(&p, S_CMD, argc, argv, s_options, s_help);
    const char *v;
    int id;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        switch (id) {
        case S_OPT_USER_ID:
            if (!*v)
                return mktows_cli_usage_error(S_CMD, "--user-id is empty");
            user_id = v;
            break;
        case S_OPT_TIMESTAMP:
            if (!*v)
                return mktows_cli_usage_error(S_CMD, "--timestamp is empty");
            timestamp = v;
            break;
        case S_OPT_KEY_FILE:
            if (!*v)
                return mktows_cli_usage_error(S_CMD, "--key-file is empty");
            key_file = v;
            break;
        case S_OPT_JSON:
            json = 1;
            break;
        default:
            return MKTOWS_CLI_EXIT_USAGE;
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;

    if (!user_id) {
        user_id = getenv("MARKETO_USER_ID");
        if (!user_id) {
            mktows_cli_error(S_CMD, "no user id: pass --user-id ID or set MARKETO_USER_ID");
            return MKTOWS_CLI_EXIT_ERROR;
        }
        if (!*user_id) {
            mktows_cli_error(S_CMD, "MARKETO_USER_ID is empty");
            return MKTOWS_CLI_EXIT_ERROR;
        }
    }

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

    char *key = NULL;
    if (mktows_cli_load_key(S_CMD, key_file, &key) != 0)
        return MKTOWS_CLI_EXIT_ERROR;

    char signature[MKTOWS_SIGNATURE_SIZE];
    mktows_code rc = mktows_sign(timestamp, user_id, key, signature);
    mktows_cli_key_free(key);
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
