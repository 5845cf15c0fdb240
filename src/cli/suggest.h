/* "did you mean ...?" for a misspelt option or command: the nearest candidate by edit distance
 * (Levenshtein, with a swap of two neighbours counting as one edit). */
#ifndef MKTOWS_CLI_SUGGEST_H
#define MKTOWS_CLI_SUGGEST_H

#include "cli.h"

#include <stddef.h>

/* Edit distance between the first @p a_len bytes of @p a and @p b (insert, delete, replace, swap
 * of adjacent bytes: one each). Capped at 64 (longer words compare as 64). */
size_t mktows_cli_edit_distance(const char *a, size_t a_len, const char *b);

/* The candidate nearest to @p word (its first @p word_len bytes) among the NULL-terminated
 * @p candidates, or NULL when none is close enough: at most 1 edit for words of up to 4 bytes, 2 up
 * to 8, 3 beyond; also a candidate that @p word is a prefix of (3 bytes or more). Ties: the first. */
const char *mktows_cli_suggest(const char *word, size_t word_len, const char *const *candidates);

/* The same over an option table's names (hidden options too: they are accepted). */
const char *mktows_cli_suggest_option(const char *word, size_t word_len, const mktows_cli_option *options);

#endif /* MKTOWS_CLI_SUGGEST_H */
