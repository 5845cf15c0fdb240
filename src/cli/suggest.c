/* Nearest-name suggestions for misspelt options and commands (suggest.h). */
#include "suggest.h"

#include <string.h>

#define S_MAX 64

size_t mktows_cli_edit_distance(const char *a, size_t a_len, const char *b)
{
    size_t b_len = strlen(b);
    if (a_len > S_MAX)
        a_len = S_MAX;
    if (b_len > S_MAX)
        b_len = S_MAX;
    /* Optimal string alignment distance, three rows. */
    size_t rows[3][S_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= b_len; j++)
        prev[j] = j;
    for (size_t i = 1; i <= a_len; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= b_len; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[b_len];
}

static size_t s_allowed(size_t len)
{
    return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

static void s_consider(const char *word, size_t word_len, const char *name, const char **best, size_t *best_d)
{
    size_t d = mktows_cli_edit_distance(word, word_len, name);
    if (word_len >= 3 && strlen(name) > word_len && strncmp(name, word, word_len) == 0 && d > 1)
        d = 1; /* a prefix: "--ret" for "--return-lead" */
    if (d <= s_allowed(word_len) && d < *best_d) {
        *best = name;
        *best_d = d;
    }
}

const char *mktows_cli_suggest(const char *word, size_t word_len, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; candidates[i]; i++)
        s_consider(word, word_len, candidates[i], &best, &best_d);
    return best;
}

const char *mktows_cli_suggest_option(const char *word, size_t word_len, const mktows_cli_option *options)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; options[i].name; i++)
        s_consider(word, word_len, options[i].name, &best, &best_d);
    return best;
}
