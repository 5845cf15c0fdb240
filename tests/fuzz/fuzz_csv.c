/* libFuzzer harness: the CLI's CSV reader (src/cli/csv.c) over the input as a file, once with the
 * default limits and once with tiny ones (so the limit paths are reached by small inputs).
 * Checks: every record has at least one field, each field is NUL-terminated at its length, and
 * the `consumed` callback sees exactly the input, in order, once the reader reached the end. */
#define _GNU_SOURCE
#include "csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct s_seen {
    const uint8_t *data;
    size_t size, off;
} s_seen;

static void s_consumed(void *ctx, const char *bytes, size_t len)
{
    s_seen *s = ctx;
    if (len > s->size - s->off || memcmp(bytes, s->data + s->off, len) != 0) {
        fprintf(stderr, "consumed() got bytes that are not the input's at offset %zu\n", s->off);
        abort();
    }
    s->off += len;
}

static int s_fd = -1;

static void s_read_all(const uint8_t *data, size_t size, const mktows_csv_options *base)
{
    if (ftruncate(s_fd, 0) != 0 || pwrite(s_fd, data, size, 0) != (ssize_t)size || lseek(s_fd, 0, SEEK_SET) != 0)
        abort();
    s_seen seen = { data, size, 0 };
    mktows_csv_options o = *base;
    o.consumed = s_consumed;
    o.ctx = &seen;
    mktows_csv *csv = mktows_csv_new(s_fd, &o);
    if (!csv)
        abort();
    mktows_csv_record rec;
    int rc;
    unsigned long long last_end = 0;
    while ((rc = mktows_csv_next(csv, &rec)) == 1) {
        if (rec.count < 1 || rec.end_offset < last_end || rec.end_offset > size)
            abort();
        for (size_t i = 0; i < rec.count; i++)
            if (rec.fields[i][rec.lens[i]] != '\0')
                abort();
        last_end = rec.end_offset;
    }
    if (rc != 0)
        abort();
    mktows_csv_report_consumed(csv);
    if (seen.off != size) {
        fprintf(stderr, "consumed() saw %zu of %zu bytes\n", seen.off, size);
        abort();
    }
    mktows_csv_free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (s_fd < 0 && (s_fd = memfd_create("fuzz_csv", MFD_CLOEXEC)) < 0)
        abort();
    static const mktows_csv_options defaults = { 0 };
    static const mktows_csv_options tiny = { .max_field_bytes = 8, .max_record_bytes = 32, .max_fields = 4 };
    s_read_all(data, size, &defaults);
    s_read_all(data, size, &tiny);
    return 0;
}
