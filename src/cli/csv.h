/* A streaming RFC 4180 CSV reader for the mktows command (sync-leads --csv): quoted fields with
 * embedded commas, doubled quotes ("") and line ends; CRLF, LF or CR line ends; a UTF-8 byte order
 * mark at the start is skipped; blank lines are skipped. It reads through a fixed buffer and never
 * holds more than one record, whose fields and size are limited.
 *
 * A malformed record (a quote inside an unquoted field, text after a closing quote, a field or
 * record over the limit, too many fields, end of input inside quotes) is still read to its end and
 * returned with `error` set, so that the caller can report it and go on. */
#ifndef MKTOWS_CLI_CSV_H
#define MKTOWS_CLI_CSV_H

#include <stddef.h>

typedef struct mktows_csv mktows_csv;

typedef struct mktows_csv_options {
    size_t max_field_bytes;    /* longest field; 0 = 64 KiB */
    size_t max_record_bytes;   /* largest record (its fields' bytes); 0 = 1 MiB */
    size_t max_fields;         /* most fields in a record; 0 = 4096 */
    /* Called with every byte read, in order, once the reader is past it (for a running hash of the
     * input), in large pieces: when the reader refills its buffer, at the end of the input, and at
     * mktows_csv_report_consumed(). May be NULL. */
    void (*consumed)(void *ctx, const char *data, size_t len);
    void *ctx;
} mktows_csv_options;

typedef struct mktows_csv_record {
    size_t count;                   /* number of fields (>= 1) */
    char **fields;                  /* NUL-terminated; borrowed until the next call */
    size_t *lens;                   /* their lengths (a field may contain NUL bytes) */
    unsigned long long number;      /* 1 for the first record returned (the header), 2, ... */
    unsigned long long line;        /* the line it starts on (1-based) */
    unsigned long long end_offset;  /* input bytes up to the end of this record, its line end included */
    const char *error;              /* NULL, or why the record is malformed (static text) */
} mktows_csv_record;

/* Read from file descriptor @p fd (not closed). NULL on out of memory. */
mktows_csv *mktows_csv_new(int fd, const mktows_csv_options *opts);
void mktows_csv_free(mktows_csv *csv);

/* The next record: 1 (filled in @p rec), 0 at the end of the input, -1 on a read error (errno). */
int mktows_csv_next(mktows_csv *csv, mktows_csv_record *rec);

/* Pass every byte not yet passed to the `consumed` callback, up to the end of the last record
 * returned (its end_offset), or of the input once mktows_csv_next() returned 0. */
void mktows_csv_report_consumed(mktows_csv *csv);

#endif /* MKTOWS_CLI_CSV_H */
