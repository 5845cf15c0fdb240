/* The CSV reader of `mktows sync-leads --csv` (src/cli/csv.c): RFC 4180 quoting (embedded commas,
 * doubled quotes, line ends inside quotes), CRLF / LF / CR line ends, a UTF-8 BOM, blank lines,
 * malformed records reported and read past, the field / record limits, offsets and the consumed
 * bytes that the resume checkpoint hashes (reported lazily), records and long fields across the
 * reader's buffer end, and reading through many small pipe writes. */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csv.h"

typedef struct s_seen {
    char *bytes;
    size_t len;
} s_seen;

static void s_consumed(void *ctx, const char *data, size_t len)
{
    s_seen *s = ctx;
    s->bytes = realloc(s->bytes, s->len + len + 1);
    memcpy(s->bytes + s->len, data, len);
    s->len += len;
}

/* A reader over @p text, through a pipe written by a child in pieces of @p chunk bytes. */
typedef struct s_reader {
    mktows_csv *csv;
    int fd;
    pid_t child;
    s_seen seen;
} s_reader;

static void s_open(s_reader *r, const char *text, size_t len, size_t chunk, const mktows_csv_options *opts)
{
    memset(r, 0, sizeof *r);
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    fflush(NULL);
    r->child = fork();
    CU_ASSERT_FATAL(r->child >= 0);
    if (r->child == 0) {
        close(p[0]);
        for (size_t off = 0; off < len;) {
            size_t n = len - off < chunk ? len - off : chunk;
            ssize_t w = write(p[1], text + off, n);
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
            if (chunk < 16)
                usleep(100);
        }
        _exit(0);
    }
    close(p[1]);
    r->fd = p[0];
    mktows_csv_options o = opts ? *opts : (mktows_csv_options){ 0 };
    o.consumed = s_consumed;
    o.ctx = &r->seen;
    r->csv = mktows_csv_new(r->fd, &o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r->csv);
}

static void s_close(s_reader *r)
{
    mktows_csv_free(r->csv);
    close(r->fd);
    int st;
    waitpid(r->child, &st, 0);
    free(r->seen.bytes);
}

/* Read every record of @p text and render them as "[a|b|c]" lines, errors as "!error"; compares
 * with @p want for several chunk sizes. */
static void s_check(const char *text, const char *want)
{
    static const size_t chunks[] = { 1, 2, 3, 7, 65536 };
    size_t len = strlen(text);
    for (size_t k = 0; k < sizeof chunks / sizeof *chunks; k++) {
        s_reader r;
        s_open(&r, text, len, chunks[k], NULL);
        char got[4096] = "";
        mktows_csv_record rec;
        int rc;
        unsigned long long last_end = 0;
        while ((rc = mktows_csv_next(r.csv, &rec)) == 1) {
            strcat(got, "[");
            for (size_t i = 0; i < rec.count; i++) {
                if (i)
                    strcat(got, "|");
                strcat(got, rec.fields[i]);
                CU_ASSERT_EQUAL(strlen(rec.fields[i]), rec.lens[i]);
            }
            strcat(got, "]");
            if (rec.error) {
                strcat(got, "!");
                strcat(got, rec.error);
            }
            strcat(got, "\n");
            /* bytes are reported lazily, never beyond the record just read; after
             * mktows_csv_report_consumed() (here after every other record), exactly those up to its end */
            CU_ASSERT(r.seen.len <= rec.end_offset);
            if (rec.number % 2 == 0) {
                mktows_csv_report_consumed(r.csv);
                CU_ASSERT_EQUAL(r.seen.len, rec.end_offset);
            }
            CU_ASSERT(rec.end_offset > last_end);
            last_end = rec.end_offset;
        }
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_EQUAL(r.seen.len, len);
        CU_ASSERT(r.seen.len == len && (len == 0 || memcmp(r.seen.bytes, text, len) == 0));
        if (strcmp(got, want) != 0)
            fprintf(stderr, "\nchunk %zu: input\n%s\ngot\n%s\nwant\n%s\n", chunks[k], text, got, want);
        CU_ASSERT_STRING_EQUAL(got, want);
        s_close(&r);
    }
}

static void test_csv__plain_fields_and_line_ends(void)
{
    s_check("Email,FirstName\na@b.c,Ann\nb@b.c,Bob\n", "[Email|FirstName]\n[a@b.c|Ann]\n[b@b.c|Bob]\n");
    s_check("a,b\r\nc,d\r\n", "[a|b]\n[c|d]\n");
    s_check("a,b\rc,d\r", "[a|b]\n[c|d]\n");
    s_check("a,b\nc,d", "[a|b]\n[c|d]\n"); /* no line end at the end */
    s_check("a,,\n,,c\n", "[a||]\n[||c]\n");
    s_check("", "");
    s_check("\n\n", "");
}

static void test_csv__quoted_fields_keep_commas_quotes_and_line_ends(void)
{
    s_check("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n", "[a,b|say \"hi\"|two\nlines]\n");
    s_check("\"x\r\ny\",\"\"\r\n", "[x\r\ny|]\n");
    s_check("\"\"\"\",\"a\"\"\"\n", "[\"|a\"]\n");
    s_check("\"\"\n", "[]\n");
    s_check("\"a\",\"b\"", "[a|b]\n");
}

static void test_csv__bom_is_skipped(void)
{
    s_check("\xEF\xBB\xBF" "Email\nx@y.z\n", "[Email]\n[x@y.z]\n");
    /* only at the start */
    s_check("a\n\xEF\xBB\xBF" "b\n", "[a]\n[\xEF\xBB\xBF" "b]\n");
}

static void test_csv__blank_lines_are_skipped(void)
{
    s_check("a\n\n\r\nb\n", "[a]\n[b]\n");
}

static void test_csv__bad_quoting_is_reported_and_read_past(void)
{
    s_check("a,\"b\"x,c\nd,e\n", "[a|bx|c]!text after the closing quote of a field\n[d|e]\n");
    s_check("a,b\"c\nd\n", "[a|b\"c]!a quote inside an unquoted field\n[d]\n");
    s_check("a\n\"open,b\nc\n", "[a]\n[open,b\nc\n]!the input ends inside a quoted field\n");
}

static void test_csv__oversized_field_is_reported_and_read_past(void)
{
    char text[8192];
    strcpy(text, "a,");
    memset(text + 2, 'x', 5000);
    strcpy(text + 5002, ",b\nnext,row\n");
    mktows_csv_options o = { .max_field_bytes = 1000 };
    s_reader r;
    s_open(&r, text, strlen(text), 4096, &o);
    mktows_csv_record rec;
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_PTR_NOT_NULL(rec.error);
    CU_ASSERT_STRING_EQUAL(rec.error, "a field is longer than the limit");
    CU_ASSERT_EQUAL(rec.count, 3);
    CU_ASSERT_EQUAL(rec.lens[1], 1000); /* kept up to the limit, the rest read and dropped */
    CU_ASSERT_STRING_EQUAL(rec.fields[2], "b");
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_PTR_NULL(rec.error);
    CU_ASSERT_STRING_EQUAL(rec.fields[0], "next");
    CU_ASSERT_EQUAL(rec.number, 2);
    CU_ASSERT_EQUAL(mktows_csv_next(r.csv, &rec), 0);
    s_close(&r);

    /* record limit, and a field count limit */
    mktows_csv_options o2 = { .max_record_bytes = 100, .max_fields = 5 };
    s_open(&r, text, strlen(text), 65536, &o2);
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_STRING_EQUAL(rec.error, "the record is larger than the limit");
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_PTR_NULL(rec.error);
    s_close(&r);
    s_check("1,2,3,4,5\n", "[1|2|3|4|5]\n");
    const char *many = "1,2,3,4,5,6,7\nok\n";
    s_open(&r, many, strlen(many), 65536, &o2);
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_STRING_EQUAL(rec.error, "the record has more fields than the limit");
    CU_ASSERT_EQUAL(rec.count, 5);
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_STRING_EQUAL(rec.fields[0], "ok");
    s_close(&r);
}

static void test_csv__lines_and_offsets_count_embedded_newlines(void)
{
    const char *text = "h\n\"a\nb\"\nc\r\nd";
    s_reader r;
    s_open(&r, text, strlen(text), 65536, NULL);
    mktows_csv_record rec;
    unsigned long long lines[4], ends[4];
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
        lines[i] = rec.line;
        ends[i] = rec.end_offset;
    }
    CU_ASSERT_EQUAL(lines[0], 1);
    CU_ASSERT_EQUAL(lines[1], 2);
    CU_ASSERT_EQUAL(lines[2], 4);
    CU_ASSERT_EQUAL(lines[3], 5);
    CU_ASSERT_EQUAL(ends[0], 2);
    CU_ASSERT_EQUAL(ends[1], 8);
    CU_ASSERT_EQUAL(ends[2], 10); /* the CR; its LF is read with the next record */
    CU_ASSERT_EQUAL(ends[3], 12);
    s_close(&r);
}

static void test_csv__long_input_streams_through_a_fixed_buffer(void)
{
    /* 50,000 records of ~40 bytes = ~2 MB, longer than the 64 KiB buffer many times */
    size_t cap = 3u << 20, len = 0;
    char *text = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    len += (size_t)sprintf(text + len, "Email,Note\n");
    for (int i = 0; i < 50000; i++)
        len += (size_t)sprintf(text + len, "u%d@x.org,\"n, \"\"%d\"\"\n.\"\r\n", i, i);
    s_reader r;
    s_open(&r, text, len, 65536, NULL);
    mktows_csv_record rec;
    int n = 0, bad = 0;
    while (mktows_csv_next(r.csv, &rec) == 1) {
        if (n > 0) {
            char want[64];
            snprintf(want, sizeof want, "n, \"%d\"\n.", n - 1);
            bad += strcmp(rec.fields[1], want) != 0 || rec.error != NULL;
        }
        n++;
    }
    CU_ASSERT_EQUAL(n, 50001);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(r.seen.len, len);
    s_close(&r);
    free(text);
}

/* Render one record as in s_check: "[a|b|c]", "!error" when malformed. */
static void s_render(char *out, size_t cap, const mktows_csv_record *rec)
{
    snprintf(out, cap, "[");
    for (size_t i = 0; i < rec->count; i++) {
        if (i)
            strncat(out, "|", cap - strlen(out) - 1);
        strncat(out, rec->fields[i], cap - strlen(out) - 1);
    }
    strncat(out, "]", cap - strlen(out) - 1);
    if (rec->error) {
        strncat(out, "!", cap - strlen(out) - 1);
        strncat(out, rec->error, cap - strlen(out) - 1);
    }
}

/* @p record placed so that it starts a few bytes either side of the reader's 64 KiB buffer end
 * (read from a regular file, whose reads fill the buffer), after an optional BOM: it reads back as
 * @p want, the record after it as [last], and every byte is reported once, in order. */
static void s_check_at_buffer_end(const char *record, const char *want)
{
    const size_t buf = 65536, rlen = strlen(record);
    for (int bom = 0; bom < 2; bom++) {
        for (size_t at = buf - 6; at <= buf + 2; at++) {
            char *text = malloc(buf + rlen + 64);
            CU_ASSERT_PTR_NOT_NULL_FATAL(text);
            size_t len = 0;
            if (bom)
                len += (size_t)sprintf(text, "\xEF\xBB\xBF");
            len += (size_t)sprintf(text + len, "h\n");
            while (at - len > 101) { /* lines of 100 bytes, then one that ends just before @p at */
                memset(text + len, 'y', 99);
                text[len + 99] = '\n';
                len += 100;
            }
            memset(text + len, 'z', at - len - 1);
            text[at - 1] = '\n';
            len = at;
            memcpy(text + len, record, rlen);
            len += rlen;
            len += (size_t)sprintf(text + len, "last\n");

            char path[] = "/tmp/mktows-test-csv-XXXXXX";
            int fd = mkstemp(path);
            CU_ASSERT_FATAL(fd >= 0);
            CU_ASSERT_FATAL(write(fd, text, len) == (ssize_t)len);
            CU_ASSERT_FATAL(lseek(fd, 0, SEEK_SET) == 0);
            unlink(path);
            s_seen seen = { 0 };
            mktows_csv_options o = { .consumed = s_consumed, .ctx = &seen };
            mktows_csv *csv = mktows_csv_new(fd, &o);
            CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
            mktows_csv_record rec;
            char got[256] = "", last[256] = "";
            int n = 0, rc;
            while ((rc = mktows_csv_next(csv, &rec)) == 1) {
                n++;
                if (rec.error && strstr(want, "!") == NULL)
                    fprintf(stderr, "\nrecord %d: %s\n", n, rec.error);
                mktows_csv_report_consumed(csv);
                CU_ASSERT_EQUAL(seen.len, rec.end_offset);
                if (rec.end_offset > at && !got[0])
                    s_render(got, sizeof got, &rec);
                else if (got[0] && !last[0])
                    s_render(last, sizeof last, &rec);
            }
            CU_ASSERT_EQUAL(rc, 0);
            if (strcmp(got, want) != 0)
                fprintf(stderr, "\nbom %d, record at %zu: got %s, want %s\n", bom, at, got, want);
            CU_ASSERT_STRING_EQUAL(got, want);
            CU_ASSERT_STRING_EQUAL(last, "[last]");
            CU_ASSERT(seen.len == len && memcmp(seen.bytes, text, len) == 0);
            mktows_csv_free(csv);
            close(fd);
            free(seen.bytes);
            free(text);
        }
    }
}

static void test_csv__records_across_the_buffer_end_read_whole(void)
{
    s_check_at_buffer_end("plain,field\n", "[plain|field]");
    s_check_at_buffer_end("\"a \"\"q\"\" b\",\"\"\"\"\n", "[a \"q\" b|\"]");       /* quotes at the boundary */
    s_check_at_buffer_end("x,\"two\r\nlines\"\r\n", "[x|two\r\nlines]");             /* CRLF inside and after */
    s_check_at_buffer_end("a,b\r\n\r\n", "[a|b]");                                  /* a CRLF split; a blank line */
    s_check_at_buffer_end("a,\"b\"c,d\r\n", "[a|bc|d]!text after the closing quote of a field");
    s_check_at_buffer_end("\xC3\xA9t\xC3\xA9,\"\xE2\x82\xAC, 1\"\n", "[\xC3\xA9t\xC3\xA9|\xE2\x82\xAC, 1]");
}

static void test_csv__long_fields_straddle_the_buffer(void)
{
    /* a 70,000-byte field (over the 64 KiB buffer), quoted and not, with the default limits raised */
    size_t n = 70000;
    char *text = malloc(2 * n + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    size_t len = 0;
    text[len++] = '"';
    for (size_t i = 0; i < n; i++)
        text[len++] = i % 1000 == 999 ? '\n' : 'q';
    len += (size_t)sprintf(text + len, "\",");
    memset(text + len, 'u', n);
    len += n;
    len += (size_t)sprintf(text + len, "\r\nend\r\n");
    mktows_csv_options o = { .max_field_bytes = 100000 };
    s_reader r;
    s_open(&r, text, len, 65536, &o);
    mktows_csv_record rec;
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_PTR_NULL(rec.error);
    CU_ASSERT_EQUAL_FATAL(rec.count, 2);
    CU_ASSERT_EQUAL(rec.lens[0], n);
    CU_ASSERT_EQUAL(rec.lens[1], n);
    CU_ASSERT(rec.fields[0][998] == 'q' && rec.fields[0][999] == '\n' && rec.fields[1][n - 1] == 'u');
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_STRING_EQUAL(rec.fields[0], "end");
    CU_ASSERT_EQUAL(rec.line, 72); /* the 70 line ends inside the quotes, and the record's own */
    CU_ASSERT_EQUAL(mktows_csv_next(r.csv, &rec), 0);
    CU_ASSERT_EQUAL(r.seen.len, len);
    s_close(&r);

    /* over the limit: kept up to it, in one piece per run, and read past */
    mktows_csv_options small = { .max_field_bytes = 1000, .max_record_bytes = 1500 };
    s_open(&r, text, len, 4096, &small);
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_STRING_EQUAL(rec.error, "a field is longer than the limit");
    CU_ASSERT_EQUAL(rec.lens[0], 1000);
    CU_ASSERT_EQUAL(rec.lens[1], 498); /* 1000 + NUL + 498 + NUL would reach 1500: the record limit */
    CU_ASSERT_EQUAL_FATAL(mktows_csv_next(r.csv, &rec), 1);
    CU_ASSERT_STRING_EQUAL(rec.fields[0], "end");
    s_close(&r);
    free(text);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "plain_fields_and_line_ends", test_csv__plain_fields_and_line_ends },
        { "quoted_fields_keep_commas_quotes_and_line_ends", test_csv__quoted_fields_keep_commas_quotes_and_line_ends },
        { "bom_is_skipped", test_csv__bom_is_skipped },
        { "blank_lines_are_skipped", test_csv__blank_lines_are_skipped },
        { "bad_quoting_is_reported_and_read_past", test_csv__bad_quoting_is_reported_and_read_past },
        { "oversized_field_is_reported_and_read_past", test_csv__oversized_field_is_reported_and_read_past },
        { "lines_and_offsets_count_embedded_newlines", test_csv__lines_and_offsets_count_embedded_newlines },
        { "long_input_streams_through_a_fixed_buffer", test_csv__long_input_streams_through_a_fixed_buffer },
        { "records_across_the_buffer_end_read_whole", test_csv__records_across_the_buffer_end_read_whole },
        { "long_fields_straddle_the_buffer", test_csv__long_fields_straddle_the_buffer },
        { NULL, NULL }
    };
    return mktows_test_run("csv", NULL, NULL, cases);
}
