/* Friendly flags (see sugar.h). Each builds JSON in the shape of the request element; the library
 * checks it against the schema like any --params, so nothing here knows more than the shape. */
#include "cli.h"
#include "sugar.h"

#define S_GROUP "Friendly flags (they build the --params JSON; not with --params)"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct s_flag {
    const char *name;
    const char *ops;   /* the operations it applies to, space-separated, each followed by a space */
    int repeatable;
    const char *arg;
    const char *help;
} s_flag;

static const s_flag s_flags[] = {
    { "email", "getLead getLeadActivity getMultipleLeads listOperation requestCampaign ", 1, "E",
      "a lead by email (repeatable where a list of leads is sent)" },
    { "id", "getLead getLeadActivity listOperation requestCampaign ", 0, "N", "a lead by Marketo id (IDNUM)" },
    { "cookie", "getLead getLeadActivity ", 0, "C", "a lead by Munchkin cookie" },
    { "since", "getMultipleLeads getLeadChanges getLeadActivity ", 0, "TS", "updated / created at or after TS (xs:dateTime, or a day\nYYYY-MM-DD: from its start, UTC)" },
    { "until", "getMultipleLeads getLeadChanges getLeadActivity ", 0, "TS", "and at or before TS (a day alone: to its\nend, 23:59:59 UTC)" },
    { "list", "getMultipleLeads getLeadChanges listOperation ", 0, "NAME", "a static list by name (getLeadChanges:\n"
      "only the changes of its leads)" },
    { "campaign", "requestCampaign ", 0, "NAME", "a campaign by name" },
    { "campaign-id", "requestCampaign ", 0, "N", "a campaign by id" },
    { "batch-size", "getMultipleLeads getLeadActivity getLeadChanges ", 0, "N", "records per page" },
};
#define S_NFLAGS (sizeof s_flags / sizeof s_flags[0])

static int s_applies(const s_flag *f, const char *operation)
{
    char key[128];
    snprintf(key, sizeof key, "%s ", operation);
    return strncmp(f->ops, key, strlen(key)) == 0 || strstr(f->ops, key) != NULL;
}

size_t mktows_cli_sugar_options(const char *operation, int id_base, mktows_cli_option *out, size_t room)
{
    size_t n = 0;
    for (size_t i = 0; i < S_NFLAGS; i++) {
        if (!s_applies(&s_flags[i], operation))
            continue;
        if (n < room)
            out[n] = (mktows_cli_option){ s_flags[i].name, 1, s_flags[i].repeatable, id_base + (int)i, s_flags[i].arg,
                                          s_flags[i].help, S_GROUP };
        n++;
    }
    return n;
}

const char *mktows_cli_sugar_actions(const char *operation)
{
    return strcmp(operation, "listOperation") == 0 ? "add remove is-member" : NULL;
}

int mktows_cli_sugar_add(mktows_cli_sugar *s, const char *command, const char *operation, size_t i, const char *v)
{
    const s_flag *f = &s_flags[i];
    (void)operation; /* the option table holds only the flags of the operation (sugar_options) */
    if (!*v)
        return mktows_cli_usage_error(command, "--%s is empty", f->name);
    int n;
    if ((strcmp(f->name, "id") == 0 || strcmp(f->name, "campaign-id") == 0 || strcmp(f->name, "batch-size") == 0) &&
        mktows_cli_parse_positive_int(v, &n) != 0)
        return mktows_cli_usage_error(command, "--%s must be a positive integer, got '%s'", f->name, v);
    s->used = 1;
    const char **slot = NULL;
    switch (i) {
    case 0: {
        const char **grown = realloc(s->emails, (s->email_count + 1) * sizeof *grown);
        if (!grown) {
            mktows_cli_error(command, "out of memory");
            return MKTOWS_CLI_EXIT_ERROR;
        }
        s->emails = grown;
        s->emails[s->email_count++] = v;
        return -1;
    }
    case 1: slot = &s->id; break;
    case 2: slot = &s->cookie; break;
    case 3: slot = &s->since; break;
    case 4: slot = &s->until; break;
    case 5: slot = &s->list; break;
    case 6: slot = &s->campaign; break;
    case 7: slot = &s->campaign_id; break;
    default: slot = &s->batch_size; break;
    }
    *slot = v; /* given once: the parser rejects a second (only --email is repeatable) */
    return -1;
}

int mktows_cli_sugar_action(mktows_cli_sugar *s, const char *command, const char *operation, const char *word)
{
    static const char *const words[][2] = {
        { "add", "ADDTOLIST" }, { "remove", "REMOVEFROMLIST" }, { "is-member", "ISMEMBEROFLIST" },
    };
    if (strcmp(operation, "listOperation") != 0)
        return mktows_cli_usage_error(command, "unexpected argument '%s'", word);
    for (size_t i = 0; i < 3; i++)
        if (strcmp(word, words[i][0]) == 0) {
            s->action = words[i][1];
            s->used = 1;
            return -1;
        }
    return mktows_cli_usage_error(command, "unknown action '%s' (add, remove or is-member)", word);
}

static void s_string(FILE *f, const char *v)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

static void s_lead_key(FILE *f, const char *type, const char *value)
{
    fputs("{\"keyType\":", f);
    s_string(f, type);
    fputs(",\"keyValue\":", f);
    s_string(f, value);
    fputc('}', f);
}

/* {"leadKey":[...]} from the emails and the id. */
static void s_lead_keys(FILE *f, const mktows_cli_sugar *s)
{
    fputs("{\"leadKey\":[", f);
    int first = 1;
    if (s->id) {
        s_lead_key(f, "IDNUM", s->id);
        first = 0;
    }
    for (size_t i = 0; i < s->email_count; i++) {
        if (!first)
            fputc(',', f);
        s_lead_key(f, "EMAIL", s->emails[i]);
        first = 0;
    }
    fputs("]}", f);
}

/* --since / --until as JSON: an xs:dateTime as given, or a day alone (YYYY-MM-DD) as the start of
 * that day in UTC for --since and its last second for --until; anything else is left for the schema
 * check to refuse with its message. */
static void s_time(FILE *f, const char *v, int end_of_day)
{
    int day = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
    for (int i = 0; day && i < 10; i++)
        day = i == 4 || i == 7 || (v[i] >= '0' && v[i] <= '9');
    if (!day) {
        s_string(f, v);
        return;
    }
    fprintf(f, "\"%s%s\"", v, end_of_day ? "T23:59:59Z" : "T00:00:00Z");
}

/* The members of a --since/--until window inside its element: "LATEST": until (when given), then
 * "OLDEST": since. */
static void s_window(FILE *f, const char *latest, const char *oldest, const mktows_cli_sugar *s)
{
    if (s->until) {
        fprintf(f, "\"%s\":", latest);
        s_time(f, s->until, 1);
        fputc(',', f);
    }
    fprintf(f, "\"%s\":", oldest);
    s_time(f, s->since, 0);
}

static int s_build(const mktows_cli_sugar *s, const char *command, const char *operation, FILE *f)
{
    int keys = (s->email_count > 0) + !!s->id + !!s->cookie;
    if (strcmp(operation, "getLead") == 0 || strcmp(operation, "getLeadActivity") == 0) {
        if (keys != 1 || s->email_count > 1)
            return mktows_cli_usage_error(command, "give one of --email, --id or --cookie, once");
        fputs("{\"leadKey\":", f);
        s_lead_key(f, s->id ? "IDNUM" : s->cookie ? "COOKIE" : "EMAIL",
                   s->id ? s->id : s->cookie ? s->cookie : s->emails[0]);
        if (strcmp(operation, "getLeadActivity") == 0 && (s->since || s->until)) {
            if (s->until && !s->since)
                return mktows_cli_usage_error(command, "--until needs --since");
            fputs(",\"startPosition\":{", f);
            s_window(f, "latestCreatedAt", "oldestCreatedAt", s);
            fputc('}', f);
        }
        if (s->batch_size)
            fprintf(f, ",\"batchSize\":%s", s->batch_size);
        fputc('}', f);
        return -1;
    }
    if (strcmp(operation, "getMultipleLeads") == 0) {
        int kinds = !!s->since + !!s->list + (s->email_count > 0);
        if (kinds != 1)
            return mktows_cli_usage_error(command, "give one of --since TS [--until TS], --list NAME or --email E...");
        if (s->until && !s->since)
            return mktows_cli_usage_error(command, "--until needs --since");
        fputs("{\"leadSelector\":", f);
        if (s->since) {
            fputs("{", f);
            s_window(f, "latestUpdatedAt", "oldestUpdatedAt", s);
            fputc('}', f);
        } else if (s->list) {
            fputs("{\"staticListName\":", f);
            s_string(f, s->list);
            fputc('}', f);
        } else {
            fputs("{\"keyType\":\"EMAIL\",\"keyValues\":{\"stringItem\":[", f);
            for (size_t i = 0; i < s->email_count; i++) {
                if (i)
                    fputc(',', f);
                s_string(f, s->emails[i]);
            }
            fputs("]}}", f);
        }
        if (s->batch_size)
            fprintf(f, ",\"batchSize\":%s", s->batch_size);
        fputc('}', f);
        return -1;
    }
    if (strcmp(operation, "getLeadChanges") == 0) {
        if (!s->since)
            return mktows_cli_usage_error(command, "--since TS is required");
        fputs("{\"startPosition\":{", f);
        s_window(f, "latestCreatedAt", "oldestCreatedAt", s);
        fputc('}', f);
        if (s->list) {
            fputs(",\"leadSelector\":{\"staticListName\":", f);
            s_string(f, s->list);
            fputc('}', f);
        }
        if (s->batch_size)
            fprintf(f, ",\"batchSize\":%s", s->batch_size);
        fputc('}', f);
        return -1;
    }
    if (strcmp(operation, "listOperation") == 0) {
        if (!s->action)
            return mktows_cli_usage_error(command, "name the action first: add, remove or is-member");
        if (!s->list || (s->email_count == 0 && !s->id))
            return mktows_cli_usage_error(command, "--list NAME and at least one --email E (or --id N) are required");
        fputs("{\"listOperation\":", f);
        s_string(f, s->action);
        fputs(",\"listKey\":{\"keyType\":\"MKTOLISTNAME\",\"keyValue\":", f);
        s_string(f, s->list);
        fputs("},\"listMemberList\":", f);
        s_lead_keys(f, s);
        fputc('}', f);
        return -1;
    }
    if (strcmp(operation, "requestCampaign") == 0) {
        if (!!s->campaign + !!s->campaign_id != 1)
            return mktows_cli_usage_error(command, "give one of --campaign NAME or --campaign-id N");
        if (s->email_count == 0 && !s->id)
            return mktows_cli_usage_error(command, "at least one --email E (or --id N) is required");
        fputs("{\"source\":\"MKTOWS\"", f);
        if (s->campaign_id)
            fprintf(f, ",\"campaignId\":%s", s->campaign_id);
        fputs(",\"leadList\":", f);
        s_lead_keys(f, s);
        if (s->campaign) {
            fputs(",\"campaignName\":", f);
            s_string(f, s->campaign);
        }
        fputc('}', f);
        return -1;
    }
    return mktows_cli_usage_error(command, "%s has no friendly flags: use --params", operation);
}

int mktows_cli_sugar_json(const mktows_cli_sugar *s, const char *command, const char *operation, char **out)
{
    size_t len = 0;
    *out = NULL;
    FILE *f = open_memstream(out, &len);
    if (!f) {
        mktows_cli_error(command, "out of memory");
        return MKTOWS_CLI_EXIT_ERROR;
    }
    int st = s_build(s, command, operation, f);
    if (fclose(f) != 0 && st < 0) {
        mktows_cli_error(command, "out of memory");
        st = MKTOWS_CLI_EXIT_ERROR;
    }
    if (st >= 0) {
        free(*out);
        *out = NULL;
    }
    return st;
}

void mktows_cli_sugar_clean_up(mktows_cli_sugar *s)
{
    free(s->emails);
    memset(s, 0, sizeof *s);
}
