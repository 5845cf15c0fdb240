/* A streaming RFC 4180 CSV reader (see csv.h). */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_BUF 65536

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE_IN_QUOTED, S_AFTER_QUOTED };

/* The bytes that end a run of plain field bytes, outside and inside quotes. */
static const unsigned char s_stop_unquoted[256] = { [','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1 };
static const unsigned char s_stop_quoted[256] = { ['"'] = 1, ['\n'] = 1 };

struct mktows_csv {
    int fd;
    mktows_csv_options o;
    char buf[S_BUF];
    size_t len, pos, mark;            /* buffer fill, read position, first byte not yet reported */
    int eof, bom_checked, skip_lf;
    unsigned long long offset;        /* bytes before buf[0] */
    unsigned long long line;          /* current line (1-based) */
    unsigned long long number;        /* records returned */
    /* the record being read */
    char *data;                       /* field bytes, each field NUL-terminated */
    size_t data_len, data_cap;
    size_t *starts;                   /* field start offsets in data */
    size_t nfields, fields_cap;
    size_t field_len;                 /* bytes of the current field kept */
    char **fields;
    size_t *lens;
    size_t out_cap, lens_cap;
    const char *error;
};

mktows_csv *mktows_csv_new(int fd, const mktows_csv_options *opts)
{
    mktows_csv *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    if (opts)
        c->o = *opts;
    if (!c->o.max_field_bytes)
        c->o.max_field_bytes = 64 * 1024;
    if (!c->o.max_record_bytes)
        c->o.max_record_bytes = 1024 * 1024;
    if (!c->o.max_fields)
        c->o.max_fields = 4096;
    c->line = 1;
    return c;
}

void mktows_csv_free(mktows_csv *c)
{
    if (!c)
        return;
    free(c->data);
    free(c->starts);
    free(c->fields);
    free(c->lens);
    free(c);
}

static void s_report(mktows_csv *c)
{
    if (c->o.consumed && c->pos > c->mark)
        c->o.consumed(c->o.ctx, c->buf + c->mark, c->pos - c->mark);
    c->mark = c->pos;
}

/* Refill the buffer; 1 when bytes are available, 0 at the end, -1 on error. */
static int s_fill(mktows_csv *c)
{
    while (c->pos >= c->len) {
        if (c->eof)
            return 0;
        s_report(c);
        c->offset += c->len;
        c->len = c->pos = c->mark = 0;
        /* At the start, read until 3 bytes are in (or the input ends) to see a byte order mark whole. */
        size_t want = c->bom_checked ? 1 : 3;
        while (c->len < want) {
            ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return -1;
            if (n == 0) {
                c->eof = 1;
                break;
            }
            c->len += (size_t)n;
        }
        if (!c->bom_checked) {
            c->bom_checked = 1;
            if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
                c->pos = 3; /* skipped, but reported as consumed with the first record */
        }
    }
    return 1;
}

static int s_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static void s_fail(mktows_csv *c, const char *why)
{
    if (!c->error)
        c->error = why;
}

/* Keep @p n bytes of the current field, as many as the field and record limits allow (the rest is
 * dropped and the record marked). 0, or -1 on out of memory. */
static int s_put_run(mktows_csv *c, const char *p, size_t n)
{
    size_t room_field = c->o.max_field_bytes > c->field_len ? c->o.max_field_bytes - c->field_len : 0;
    size_t room_record = c->o.max_record_bytes > c->data_len + 1 ? c->o.max_record_bytes - c->data_len - 1 : 0;
    if (n > room_field || n > room_record) {
        /* the first byte refused decides the reason; the field limit is checked first */
        if (room_field <= room_record) {
            n = room_field;
            s_fail(c, "a field is longer than the limit");
        } else {
            n = room_record;
            s_fail(c, "the record is larger than the limit");
        }
        if (!n)
            return 0;
    }
    if (s_grow((void **)&c->data, &c->data_cap, c->data_len + n + 2, 1) != 0)
        return -1;
    memcpy(c->data + c->data_len, p, n);
    c->data_len += n;
    c->field_len += n;
    return 0;
}

static int s_put(mktows_csv *c, char ch)
{
    return s_put_run(c, &ch, 1);
}

static int s_field_begin(mktows_csv *c)
{
    if (c->nfields >= c->o.max_fields) {
        s_fail(c, "the record has more fields than the limit");
        c->nfields--; /* fold the rest into the last field slot */
        c->data_len = c->starts[c->nfields];
    }
    if (s_grow((void **)&c->starts, &c->fields_cap, c->nfields + 1, sizeof *c->starts) != 0 ||
        s_grow((void **)&c->data, &c->data_cap, c->data_len + 2, 1) != 0)
        return -1;
    c->starts[c->nfields++] = c->data_len;
    c->field_len = 0;
    return 0;
}

static int s_field_end(mktows_csv *c)
{
    c->data[c->data_len++] = '\0'; /* room reserved by s_put / s_field_begin */
    return 0;
}

/* Hand the record over: fields[] point into data. */
static int s_emit(mktows_csv *c, mktows_csv_record *rec, unsigned long long line)
{
    if (s_grow((void **)&c->fields, &c->out_cap, c->nfields, sizeof *c->fields) != 0 ||
        s_grow((void **)&c->lens, &c->lens_cap, c->nfields, sizeof *c->lens) != 0)
        return -1;
    for (size_t i = 0; i < c->nfields; i++) {
        c->fields[i] = c->data + c->starts[i];
        size_t end = i + 1 < c->nfields ? c->starts[i + 1] - 1 : c->data_len - 1;
        c->lens[i] = end - c->starts[i];
    }
    memset(rec, 0, sizeof *rec);
    rec->count = c->nfields;
    rec->fields = c->fields;
    rec->lens = c->lens;
    rec->number = ++c->number;
    rec->line = line;
    rec->end_offset = c->offset + c->pos;
    rec->error = c->error;
    return 1;
}

int mktows_csv_next(mktows_csv *c, mktows_csv_record *rec)
{
    for (;;) {
        c->data_len = 0;
        c->nfields = 0;
        c->error = NULL;
        int state = S_START;
        unsigned long long start_line = c->line;
        int any = 0; /* the record has a byte other than its line end */
        if (s_field_begin(c) != 0)
            return -1;
        for (;;) {
            int f = s_fill(c);
            if (f < 0)
                return -1;
            if (f == 0) {
                /* end of input */
                if (!any) {
                    s_report(c);
                    return 0;
                }
                if (state == S_QUOTED)
                    s_fail(c, "the input ends inside a quoted field");
                s_field_end(c);
                return s_emit(c, rec, start_line) < 0 ? -1 : 1;
            }
            if (c->skip_lf) {
                c->skip_lf = 0;
                if (c->buf[c->pos] == '\n') {
                    c->pos++;
                    continue; /* the LF of a CRLF */
                }
            }
            /* The common case: a run of plain bytes inside a field, kept with one copy. */
            const char *run = c->buf + c->pos, *end = c->buf + c->len, *q = run;
            if (state == S_QUOTED) {
                while (q < end && !s_stop_quoted[(unsigned char)*q])
                    q++;
                if (q > run && s_put_run(c, run, (size_t)(q - run)) != 0)
                    return -1;
                c->pos = (size_t)(q - c->buf);
                if (q == end)
                    continue; /* the buffer's end: refill */
                c->pos++;
                if (*q == '"') {
                    state = S_QUOTE_IN_QUOTED;
                } else { /* a line end inside quotes */
                    c->line++;
                    if (s_put(c, '\n') != 0)
                        return -1;
                }
                continue;
            }
            if (state == S_START || state == S_UNQUOTED) {
                while (q < end && !s_stop_unquoted[(unsigned char)*q])
                    q++;
                if (q > run) {
                    any = 1;
                    state = S_UNQUOTED;
                    if (s_put_run(c, run, (size_t)(q - run)) != 0)
                        return -1;
                    c->pos = (size_t)(q - c->buf);
                    continue; /* refill, or the byte that stopped the run */
                }
            }
            /* One byte that ends or opens something: a separator, a line end, a quote. */
            char ch = c->buf[c->pos++];
            if (state == S_QUOTE_IN_QUOTED) {
                if (ch == '"') { /* "" inside quotes: one quote */
                    if (s_put(c, '"') != 0)
                        return -1;
                    state = S_QUOTED;
                    continue;
                }
                state = S_AFTER_QUOTED; /* the closing quote; ch is handled below */
            }
            if (ch == ',') {
                any = 1;
                s_field_end(c);
                if (s_field_begin(c) != 0)
                    return -1;
                state = S_START;
                continue;
            }
            if (ch == '\n' || ch == '\r') {
                c->line++;
                if (ch == '\r')
                    c->skip_lf = 1;
                if (!any && state == S_START)
                    break; /* a blank line */
                s_field_end(c);
                return s_emit(c, rec, start_line) < 0 ? -1 : 1;
            }
            any = 1;
            if (state == S_START) {
                if (ch == '"') {
                    state = S_QUOTED;
                    continue;
                }
                state = S_UNQUOTED;
            } else if (state == S_AFTER_QUOTED) {
                s_fail(c, "text after the closing quote of a field");
                state = S_UNQUOTED;
            } else if (ch == '"') {
                s_fail(c, "a quote inside an unquoted field");
            }
            if (s_put(c, ch) != 0)
                return -1;
        }
        /* a blank line: read on */
    }
}

void mktows_csv_report_consumed(mktows_csv *c)
{
    s_report(c);
}
