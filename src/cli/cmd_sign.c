/* mktows sign: print the Marketo request signature, HMAC-SHA1(key, requestTimestamp + userId) in
 * lower-case hex, so that anyone can check our signatures against another implementation. */
#include "cli.h"
#include "json.h"

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

int mktows_cli_cmd_sign(int argc, char **argv)
{
    const char *user_id = NULL, *timestamp = NULL, *key_file = NULL;
    int json = 0;

    mktows_cli_parser p;
    mktows_cli_parser_init(&p, S_CMD, argc, argv, s_options);
    for (;;) {
        const char *v;
        int id = mktows_cli_next(&p, &v);
        if (id == MKTOWS_CLI_OPT_END)
            break;
        switch (id) {
        case MKTOWS_CLI_OPT_HELP:
            s_help();
            return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
        case MKTOWS_CLI_OPT_ERROR:
            return MKTOWS_CLI_EXIT_USAGE;
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
    mktows_code rc = mktows_sign(signature, timestamp, user_id, key);
    mktows_cli_key_free(key);
    if (rc != MKTOWS_OK) {
        mktows_cli_error(S_CMD, "signing failed: %s", mktows_strerror(rc));
        return MKTOWS_CLI_EXIT_ERROR;
    }

    if (json) {
        mktows_json w;
        mktows_json_init(&w, stdout);
        mktows_json_object_begin(&w);
        mktows_json_key(&w, "requestTimestamp");
        mktows_json_string(&w, timestamp);
        mktows_json_key(&w, "requestSignature");
        mktows_json_string(&w, signature);
        mktows_json_object_end(&w);
        fputc('\n', stdout);
    } else {
        printf("%s\n", signature);
    }
    return mktows_cli_finish_stdout(MKTOWS_CLI_EXIT_OK);
}
