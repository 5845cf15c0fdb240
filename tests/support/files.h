/* Whole-file reads and writes for the test suites. */
#ifndef MKTOWS_TEST_FILES_H
#define MKTOWS_TEST_FILES_H

#include <stddef.h>

/* Read a whole file into a NUL-terminated malloc'd buffer (caller frees); its length (without the
 * NUL) in *len when @p len is non-NULL. NULL on error. */
char *mktows_read_file(const char *path, size_t *len);

/* Create or truncate @p path and write @p len bytes of @p data. 0 on success, -1 on error. */
int mktows_write_file(const char *path, const void *data, size_t len);

/* The first ```c block after the heading "### @p heading" of the Markdown text @p doc, inside that
 * section, malloc'd (caller frees), or NULL. */
char *mktows_test_md_example(const char *doc, const char *heading);
/* The same for the first ```@p lang block. */
char *mktows_test_md_block(const char *doc, const char *heading, const char *lang);
/* The block after the @p n th (0 = the first) ```@p lang fence of the section "### @p heading", up to the
 * next heading of level 2 or 3; malloc'd (caller frees), or NULL. */
char *mktows_test_md_block_nth(const char *doc, const char *heading, const char *lang, int n);

#endif
