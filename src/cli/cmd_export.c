/* mktows export leads|activities|changes: a paged operation followed to its end, written as JSON
 * lines or CSV, resumably. The parameters are those the friendly flags of the operation's own
 * command build (sugar.c), checked by the library like any --params; the pages come from the
 * library's by-name paging, mktows_call_json_page(). This file only picks the operation, turns
 * records into CSV rows and keeps the checkpoint. See docs/cli.md, "Exports". */
#include "cli.h"
#include "config.h"
#include "connect.h"
#include "help.h"
#include "progress.h"
#include "sugar.h"
#include "trace.h"
#include "csv.h"

#include <mktows/mktows.h>
#include <mktows/json.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_CMD "export"
#define S_MAX_CHECKPOINT 65536

enum {
    S_OPT_SINCE = 1, S_OPT_UNTIL, S_OPT_LIST, S_OPT_EMAIL, S_OPT_ID, S_OPT_FORMAT, S_OPT_OUTPUT, S_OPT_RESUME,
    S_OPT_MAX_PAGES, S_OPT_BATCH_SIZE, S_OPT_COLUMNS
};

static const mktows_cli_option s_options[] = {
    { "since", 1, 0, S_OPT_SINCE, "TS", "leads updated / activities and changes created at or after TS (xs:dateTime,\n"
      "e.g. 2026-01-31T00:00:00Z, or a day 2026-01-31: from its start, UTC);\n"
      "required for changes", "Selection" },
    { "until", 1, 0, S_OPT_UNTIL, "TS", "and at or before TS (with --since; a day alone: to its end,\n"
      "23:59:59 UTC)", "Selection" },
    { "list", 1, 0, S_OPT_LIST, "NAME", "leads: the members of this static list (instead of --since);\n"
      "changes: only the changes of its members", "Selection" },
    { "email", 1, 0, S_OPT_EMAIL, "E", "activities: the lead, by email", "Selection" },
    { "id", 1, 0, S_OPT_ID, "N", "activities: the lead, by Marketo id", "Selection" },
    { "batch-size", 1, 0, S_OPT_BATCH_SIZE, "N", "records per call (default: the service's)", "Selection" },
    { "format", 1, 0, S_OPT_FORMAT, "F", "jsonl (default: one record per line, as --all prints it) or csv",
      "Output" },
    { "columns", 1, 0, S_OPT_COLUMNS, "A,B,...", "csv: the attribute columns, in this order (default: the\n"
      "attribute names of the first page, in the order first seen);\n"
      "other attributes are left out", "Output" },
    { "output", 1, 0, S_OPT_OUTPUT, "FILE", "write to FILE (default: standard output)", "Output" },
    { "resume", 1, 0, S_OPT_RESUME, "FILE", "continue from the checkpoint in FILE, and save it there after\n"
      "each page", "Output" },
    { "max-pages", 1, 0, S_OPT_MAX_PAGES, "N", "stop after N pages (continue later with --resume)", "Output" },
    MKTOWS_CLI_OUTPUT_OPTIONS,
    MKTOWS_CLI_CONNECTION_OPTIONS,
    MKTOWS_CLI_CONFIG_OPTIONS,
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const mktows_cli_doc s_doc = {
    S_CMD,
    "export leads, a lead's activities or lead changes as JSON lines or CSV, resumably",
    "leads (--since TS [--until TS] | --list NAME)\n"
    "activities (--email E | --id N) [--since TS [--until TS]]\n"
    "changes --since TS [--until TS] [--list NAME]\n"
    "[--format jsonl|csv] [--columns A,B,...] [--output FILE]\n"
    "[--resume FILE] [--max-pages N] [--batch-size N] [--quiet] [--progress]\n"
    "[--endpoint URL] [--user-id ID] [--key-file FILE] [--ca-file FILE]\n"
    "[--ca-path DIR] [--insecure] [--timeout-ms N] [--trace DIR|FILE]\n"
    "[--config FILE] [--profile NAME]",
    "Follow getMultipleLeads (leads), getLeadActivity (activities: the service answers\n"
    "per lead, so name one with --email or --id) or getLeadChanges (changes) to the end\n"
    "of the stream and write one record per line (JSON lines) or per row (CSV).\n"
    "\n"
    "CSV columns: leads: Id, Email, ForeignSysPersonId, ForeignSysType; activities and\n"
    "changes: id, activityDateTime, activityType, mktgAssetName, mktPersonId; then one\n"
    "column per attribute: those of --columns, else the attribute names of the first\n"
    "page in the order first seen. An attribute first seen on a later page is not\n"
    "written (a warning names it once): give --columns to choose. RFC 4180 quoting,\n"
    "CRLF line ends; an absent or nil value is an empty cell.",
    s_options,
    "Resuming: with --resume FILE the position after each page is saved in FILE\n"
    "(FILE.tmp, fsync, rename). With --output, the page is flushed and fsynced before\n"
    "the position moves, and the checkpoint records the output's length: a resumed run\n"
    "cuts the output back to it and continues, so every record is in the file once\n"
    "(CSV: the header is read back from the file). On standard output a record may be\n"
    "printed again after an interruption (at least once).\n"
    "\n"
    "Exit status: 0 success; 1 error (a Marketo fault such as an unknown list, network,\n"
    "files: run again with the same --resume to continue); 2 usage error.\n"
    "\n"
    "Example:\n"
    "  mktows export leads --since 2026-01-01T00:00:00Z --format csv --output leads.csv \\\n"
    "      --resume leads.pos\n"
};

typedef struct s_kind {
    const char *word, *operation, *attributes;
    const char *fixed[6];
} s_kind;

static const s_kind s_kinds[] = {
    { "leads", "getMultipleLeads", "leadAttributeList", { "Id", "Email", "ForeignSysPersonId", "ForeignSysType" } },
    { "activities", "getLeadActivity", "activityAttributes",
      { "id", "activityDateTime", "activityType", "mktgAssetName", "mktPersonId" } },
    { "changes", "getLeadChanges", "activityAttributes",
      { "id", "activityDateTime", "activityType", "mktgAssetName", "mktPersonId" } },
};

typedef struct s_args {
    const s_kind *kind;
    const char *since, *until, *list, *email, *id, *batch_size, *columns, *output, *resume;
    int csv, max_pages;
    mktows_cli_common common;
} s_args;

/* ------------------------------------------------------------------------------------------ */
/* The records the library writes, one JSON value per line, read with its JSON reader.          */

/* One line of JSON lines, parsed; NULL when it does not parse (never for the library's records). */
static mktows_json_value *s_record(const char *line)
{
    const char *nl = strchr(line, '\n');
    mktows_json_value *v = NULL;
    (void)mktows_json_parse(line, nl ? (size_t)(nl - line) : strlen(line), &v, NULL, 0);
    return v;
}

/* The text a CSV cell shows for a scalar: a string as is, a number as written, true/false; NULL
 * for null, an absent member and (never in records) an array or object. */
static const char *s_cell_text(const mktows_json_value *v)
{
    if (!v)
        return NULL;
    switch (v->kind) {
    case MKTOWS_JSON_STRING:
    case MKTOWS_JSON_NUMBER:
        return v->text;
    case MKTOWS_JSON_BOOL:
        return v->boolean ? "true" : "false";
    case MKTOWS_JSON_NULL:
    case MKTOWS_JSON_ARRAY:
    case MKTOWS_JSON_OBJECT:
        return NULL;
    }
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* CSV                                                                                          */

typedef struct s_columns {
    char **names;
    size_t count, cap, fixed;
    int chosen;    /* --columns: other attributes are left out without a warning */
    char **warned; /* attribute names reported as not in the header */
    size_t warned_count;
} s_columns;

static int s_push(char ***arr, size_t *count, size_t *cap, const char *name)
{
    if (cap && *count == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        char **grown = realloc(*arr, n * sizeof *grown);
        if (!grown)
            return -1;
        *arr = grown;
        *cap = n;
    } else if (!cap) {
        char **grown = realloc(*arr, (*count + 1) * sizeof *grown);
        if (!grown)
            return -1;
        *arr = grown;
    }
    if (!((*arr)[*count] = strdup(name)))
        return -1;
    (*count)++;
    return 0;
}

static long s_find(const s_columns *c, const char *name, size_t from)
{
    for (size_t i = from; i < c->count; i++)
        if (strcmp(c->names[i], name) == 0)
            return (long)i;
    return -1;
}

static void s_columns_clean_up(s_columns *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->names[i]);
    for (size_t i = 0; i < c->warned_count; i++)
        free(c->warned[i]);
    free(c->names);
    free(c->warned);
    memset(c, 0, sizeof *c);
}

/* The attribute list of record @p rec: the "attribute" array of its @p member. */
static const mktows_json_value *s_attributes(const mktows_json_value *rec, const char *member)
{
    const mktows_json_value *list = mktows_json_get(mktows_json_get(rec, member), "attribute");
    return list && list->kind == MKTOWS_JSON_ARRAY ? list->first : NULL;
}

static void s_cell(FILE *out, const char *text)
{
    if (!text)
        return;
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

static void s_header(FILE *out, const s_columns *c)
{
    for (size_t i = 0; i < c->count; i++) {
        if (i)
            fputc(',', out);
        s_cell(out, c->names[i]);
    }
    fputs("\r\n", out);
}

/* One CSV row of record @p rec; attributes not in the header are reported once. 0 or -1 (out of memory). */
static int s_row(FILE *out, const s_kind *k, s_columns *c, const mktows_json_value *rec)
{
    const char **cells = calloc(c->count ? c->count : 1, sizeof *cells);
    if (!cells)
        return -1;
    for (size_t i = 0; i < c->fixed; i++) {
        cells[i] = s_cell_text(mktows_json_get(rec, c->names[i]));
    }
    for (const mktows_json_value *a = s_attributes(rec, k->attributes); a; a = a->next) {
        const mktows_json_value *name = mktows_json_get(a, "attrName"), *value = mktows_json_get(a, "attrValue");
        if (!name || name->kind != MKTOWS_JSON_STRING)
            continue;
        long i = s_find(c, name->text, c->fixed);
        if (i >= 0) {
            cells[i] = s_cell_text(value);
            continue;
        }
        int known = c->chosen;
        for (size_t w = 0; w < c->warned_count && !known; w++)
            known = strcmp(c->warned[w], name->text) == 0;
        if (!known) {
            mktows_cli_warning_in(S_CMD, "attribute '%s' is not a column (first seen after the header was written; "
                                  "give --columns): not written", name->text);
            if (s_push(&c->warned, &c->warned_count, NULL, name->text) != 0) {
                free(cells);
                return -1;
            }
        }
    }
    for (size_t i = 0; i < c->count; i++) {
        if (i)
            fputc(',', out);
        s_cell(out, cells[i]);
    }
    fputs("\r\n", out);
    free(cells);
    return 0;
}

/* Learn the attribute columns from the records of the first page. 0 or -1 (out of memory). */
static int s_learn(const s_kind *k, s_columns *c, const char *records)
{
    for (const char *line = records; *line;) {
        mktows_json_value *rec = s_record(line);
        for (const mktows_json_value *a = s_attributes(rec, k->attributes); a; a = a->next) {
            const mktows_json_value *name = mktows_json_get(a, "attrName");
            if (name && name->kind == MKTOWS_JSON_STRING && s_find(c, name->text, c->fixed) < 0 &&
                s_push(&c->names, &c->count, &c->cap, name->text) != 0) {
                mktows_json_value_free(rec);
                return -1;
            }
        }
        mktows_json_value_free(rec);
        const char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Options                                                                                      */

static int s_parse(s_args *a, int argc, char **argv)
{
    mktows_cli_parser p;
    mktows_cli_parser_init_doc(&p, argc, argv, &s_doc);
    const char *v;
    int id, n;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        const char **slot = NULL;
        switch (id) {
        case S_OPT_SINCE: slot = &a->since; break;
        case S_OPT_UNTIL: slot = &a->until; break;
        case S_OPT_LIST: slot = &a->list; break;
        case S_OPT_EMAIL: slot = &a->email; break;
        case S_OPT_ID:
            if (mktows_cli_parse_positive_int(v, &n) != 0)
                return mktows_cli_usage_error(S_CMD, "--id must be a positive integer, got '%s'", v);
            slot = &a->id;
            break;
        case S_OPT_BATCH_SIZE:
            if (mktows_cli_parse_positive_int(v, &n) != 0)
                return mktows_cli_usage_error(S_CMD, "--batch-size must be a positive integer, got '%s'", v);
            slot = &a->batch_size;
            break;
        case S_OPT_COLUMNS: slot = &a->columns; break;
        case S_OPT_OUTPUT: slot = &a->output; break;
        case S_OPT_RESUME: slot = &a->resume; break;
        case S_OPT_FORMAT:
            if (strcmp(v, "csv") != 0 && strcmp(v, "jsonl") != 0)
                return mktows_cli_usage_error(S_CMD, "--format must be jsonl or csv, got '%s'", v);
            a->csv = strcmp(v, "csv") == 0;
            break;
        case S_OPT_MAX_PAGES:
            if (mktows_cli_parse_positive_int(v, &a->max_pages) != 0)
                return mktows_cli_usage_error(S_CMD, "--max-pages must be a positive integer, got '%s'", v);
            break;
        default: {
            int st = mktows_cli_common_option(S_CMD, &a->common, id, v);
            if (st != 0)
                return st < 0 ? MKTOWS_CLI_EXIT_USAGE : st;
            break;
        }
        }
        if (slot) {
            if (!*v)
                return mktows_cli_usage_error(S_CMD, "an option's value is empty");
            *slot = v;
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;
    if (!a->kind)
        return mktows_cli_usage_error(S_CMD, "name what to export: leads, activities or changes");
    const char *w = a->kind->word;
    if (a->columns && !a->csv)
        return mktows_cli_usage_error(S_CMD, "--columns needs --format csv");
    if (a->until && !a->since)
        return mktows_cli_usage_error(S_CMD, "--until needs --since");
    if (strcmp(w, "leads") == 0) {
        if (!!a->since + !!a->list != 1)
            return mktows_cli_usage_error(S_CMD, "export leads takes one of --since TS [--until TS] or --list NAME");
        if (a->email || a->id)
            return mktows_cli_usage_error(S_CMD, "--email and --id are for export activities");
    } else if (strcmp(w, "activities") == 0) {
        if (!!a->email + !!a->id != 1)
            return mktows_cli_usage_error(S_CMD, "export activities takes one of --email E or --id N (the service "
                                          "answers per lead)");
        if (a->list)
            return mktows_cli_usage_error(S_CMD, "export activities takes no --list (name the lead with --email or --id)");
    } else {
        if (!a->since)
            return mktows_cli_usage_error(S_CMD, "export changes needs --since TS");
        if (a->email || a->id)
            return mktows_cli_usage_error(S_CMD, "--email and --id are for export activities");
    }
    return -1;
}

/* ------------------------------------------------------------------------------------------ */
/* The checkpoint: line 1 the position (JSON), line 2 "offset N" (the output's length) with --output. */

static int s_save(const char *path, const char *position, long long offset)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        mktows_cli_error(S_CMD, "cannot write '%s': %s", tmp, strerror(errno));
        return -1;
    }
    fprintf(f, "%s\n", position);
    if (offset >= 0)
        fprintf(f, "offset %lld\n", offset);
    int ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        mktows_cli_error(S_CMD, "cannot save the position to '%s': %s", path, strerror(ok ? errno : saved));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* Read the checkpoint, if there is one: *position (heap, NULL when none) and *offset (-1: none). */
static int s_load(const char *path, char **position, long long *offset)
{
    *position = NULL;
    *offset = -1;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        mktows_cli_error(S_CMD, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    char *buf = calloc(1, S_MAX_CHECKPOINT + 1);
    size_t n = buf ? fread(buf, 1, S_MAX_CHECKPOINT, f) : 0;
    fclose(f);
    if (!buf) {
        mktows_cli_error(S_CMD, "out of memory");
        return -1;
    }
    char *nl = strchr(buf, '\n');
    if (n == 0 || !nl || n == S_MAX_CHECKPOINT) {
        mktows_cli_error(S_CMD, "'%s' is not a checkpoint of mktows export", path);
        free(buf);
        return -1;
    }
    *nl = '\0';
    if (strncmp(nl + 1, "offset ", 7) == 0)
        *offset = atoll(nl + 8);
    *position = buf; /* the first line */
    return 0;
}

/* The header of an existing CSV output (to go on with the same columns). 0, or -1 (reported). */
static int s_read_header(const s_args *a, s_columns *c)
{
    int fd = open(a->output, O_RDONLY | O_CLOEXEC);
    mktows_csv *csv = fd >= 0 ? mktows_csv_new(fd, NULL) : NULL;
    mktows_csv_record rec;
    int ok = csv && mktows_csv_next(csv, &rec) == 1 && !rec.error && rec.count >= c->fixed;
    for (size_t i = 0; ok && i < rec.count; i++) {
        if (i < c->fixed)
            ok = strcmp(rec.fields[i], c->names[i]) == 0;
        else
            ok = s_push(&c->names, &c->count, &c->cap, rec.fields[i]) == 0;
    }
    mktows_csv_free(csv);
    if (fd >= 0)
        close(fd);
    if (!ok)
        mktows_cli_error(S_CMD, "cannot go on with '%s': its first row is not this export's CSV header", a->output);
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------------------------------------ */

static int s_export(s_args *a, mktows_client *client, const char *params)
{
    const s_kind *k = a->kind;
    s_columns cols = { 0 };
    char *position = NULL;
    long long offset = -1;
    FILE *out = stdout;
    int status = MKTOWS_CLI_EXIT_ERROR, header_done = 0;
    for (size_t i = 0; i < 6 && k->fixed[i]; i++)
        if (s_push(&cols.names, &cols.count, &cols.cap, k->fixed[i]) != 0)
            goto oom;
    cols.fixed = cols.count;
    if (a->resume && s_load(a->resume, &position, &offset) != 0)
        goto done;
    if (a->output) {
        int resuming = position != NULL;
        int fd = open(a->output, O_WRONLY | O_CREAT | O_CLOEXEC | (resuming ? 0 : O_TRUNC), 0644);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            mktows_cli_error(S_CMD, "cannot open '%s': %s", a->output, strerror(errno));
            if (fd >= 0)
                close(fd);
            goto done;
        }
        if (resuming && offset >= 0) {
            if (st.st_size < offset) {
                mktows_cli_error(S_CMD, "'%s' is shorter than the checkpoint in '%s' says (%lld bytes): not the "
                                 "output of this export?", a->output, a->resume, offset);
                close(fd);
                goto done;
            }
            if (ftruncate(fd, (off_t)offset) != 0) {
                mktows_cli_error(S_CMD, "cannot truncate '%s': %s", a->output, strerror(errno));
                close(fd);
                goto done;
            }
        }
        if (lseek(fd, 0, SEEK_END) < 0 || !(out = fdopen(fd, "w"))) {
            mktows_cli_error(S_CMD, "cannot write '%s': %s", a->output, strerror(errno));
            close(fd);
            out = stdout;
            goto done;
        }
        if (a->csv && lseek(fd, 0, SEEK_END) > 0) {
            if (s_read_header(a, &cols) != 0)
                goto done;
            header_done = 1;
        }
    }
    if (a->csv && !header_done && a->columns) {
        char *list = strdup(a->columns);
        if (!list)
            goto oom;
        for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
            if (s_find(&cols, t, cols.fixed) < 0 && s_push(&cols.names, &cols.count, &cols.cap, t) != 0) {
                free(list);
                goto oom;
            }
        free(list);
        cols.chosen = 1;
        s_header(out, &cols);
        header_done = 1;
    }

    mktows_cli_progress progress;
    mktows_cli_progress_init(&progress, stderr, "records", 0, a->common.progress);
    unsigned long long done_records = 0;
    int pages = 0;
    char err[1024];
    for (;;) {
        mktows_json_page *page = NULL;
        mktows_code rc = mktows_call_json_page(client, k->operation, params, position, 0, &page, err, sizeof err);
        if (rc != MKTOWS_OK) {
            mktows_cli_progress_finish(&progress);
            if (rc == MKTOWS_ERR_VALIDATION) {
                char line[1024];
                status = mktows_cli_usage_error(S_CMD, "invalid parameters: %s",
                                                mktows_cli_one_line(line, sizeof line, err));
            } else {
                mktows_cli_report_call_error(k->operation, client, rc, err);
            }
            goto done;
        }
        pages++;
        int failed = 0;
        if (!a->csv) {
            fputs(page->records, out);
        } else {
            if (!header_done) {
                failed = s_learn(k, &cols, page->records) != 0;
                s_header(out, &cols);
                header_done = 1;
            }
            for (const char *line = page->records; *line && !failed;) {
                mktows_json_value *rec = s_record(line);
                failed = !rec || s_row(out, k, &cols, rec) != 0;
                mktows_json_value_free(rec);
                const char *nl = strchr(line, '\n');
                line = nl ? nl + 1 : line + strlen(line);
            }
        }
        if (failed) {
            mktows_json_page_free(page);
            mktows_cli_progress_finish(&progress);
            mktows_cli_error(S_CMD, "cannot read a record of %s (out of memory?)", k->operation);
            goto done;
        }
        /* The page is durable before the position moves past it. */
        if (fflush(out) != 0 || (a->output && fsync(fileno(out)) != 0)) {
            mktows_json_page_free(page);
            mktows_cli_progress_finish(&progress);
            mktows_cli_error(S_CMD, "cannot write '%s': %s", a->output ? a->output : "standard output",
                             strerror(errno));
            goto done;
        }
        done_records += page->record_count;
        mktows_cli_progress_update(&progress, done_records);
        int more = page->more && page->position &&
                   !(position && strcmp(position, page->position) == 0 && page->record_count == 0);
        if (page->position) {
            free(position);
            position = strdup(page->position);
            long long at = a->output ? (long long)ftello(out) : -1;
            if (!position || (a->resume && s_save(a->resume, position, at) != 0)) {
                mktows_json_page_free(page);
                mktows_cli_progress_finish(&progress);
                goto done;
            }
        }
        mktows_json_page_free(page);
        if (!more || (a->max_pages && pages >= a->max_pages)) {
            mktows_cli_progress_finish(&progress);
            break;
        }
    }
    if (a->csv && !header_done) {
        s_header(out, &cols);
        fflush(out);
    }
    status = MKTOWS_CLI_EXIT_OK;
    goto done;
oom:
    mktows_cli_error(S_CMD, "out of memory");
done:
    if (out != stdout && fclose(out) != 0 && status == MKTOWS_CLI_EXIT_OK) {
        mktows_cli_error(S_CMD, "cannot write '%s': %s", a->output, strerror(errno));
        status = MKTOWS_CLI_EXIT_ERROR;
    }
    free(position);
    s_columns_clean_up(&cols);
    return status;
}

static int s_run(s_args *a)
{
    /* The parameters, as the operation's own command builds them from its friendly flags. */
    mktows_cli_sugar sugar;
    memset(&sugar, 0, sizeof sugar);
    const char *email[1] = { a->email };
    sugar.used = 1;
    sugar.since = a->since;
    sugar.until = a->until;
    sugar.list = a->list;
    sugar.id = a->id;
    sugar.batch_size = a->batch_size;
    if (a->email) {
        sugar.emails = email;
        sugar.email_count = 1;
    }
    char *params = NULL, *xml = NULL, err[1024], line[1024];
    int st = mktows_cli_sugar_json(&sugar, S_CMD, a->kind->operation, &params);
    if (st >= 0)
        return st;
    /* Checked offline first: a violation (a malformed --since) is a usage error, nothing is sent. */
    mktows_code rc = mktows_encode_request(a->kind->operation, params, strlen(params), &xml, err, sizeof err);
    mktows_free(xml);
    if (rc != MKTOWS_OK) {
        free(params);
        if (rc == MKTOWS_ERR_NO_MEMORY) {
            mktows_cli_error(S_CMD, "out of memory");
            return MKTOWS_CLI_EXIT_ERROR;
        }
        return mktows_cli_usage_error(S_CMD, "invalid parameters for %s: %s", a->kind->operation,
                                      mktows_cli_one_line(line, sizeof line, err));
    }
    mktows_cli_settings settings;
    memset(&settings, 0, sizeof settings);
    mktows_cli_trace *trace = NULL;
    mktows_client *client = NULL;
    int status = mktows_cli_connect(S_CMD, &a->common, NULL, 0, &settings, &trace, &client);
    if (status == 0)
        status = s_export(a, client, params);
    mktows_client_free(client);
    if (mktows_cli_trace_close(S_CMD, trace) != 0 && status == MKTOWS_CLI_EXIT_OK)
        status = MKTOWS_CLI_EXIT_ERROR;
    mktows_cli_settings_clean_up(&settings);
    free(params);
    return mktows_cli_finish_stdout(status);
}

int mktows_cli_cmd_export(int argc, char **argv)
{
    s_args a;
    memset(&a, 0, sizeof a);
    if (argc > 1 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof s_kinds / sizeof s_kinds[0]; i++)
            if (strcmp(argv[1], s_kinds[i].word) == 0)
                a.kind = &s_kinds[i];
        if (!a.kind) {
            char shown[128];
            return mktows_cli_usage_error(S_CMD, "unknown export '%s' (leads, activities or changes)",
                                          mktows_cli_one_line(shown, sizeof shown, argv[1]));
        }
        argv[1] = argv[0];
        argc--;
        argv++;
    }
    int status = s_parse(&a, argc, argv);
    return status < 0 ? s_run(&a) : status;
}
