/* Progress on stderr for long commands: "mktows: 1200 of 5000 rows, 340/s, ETA 0:11".
 *
 * Shown when stderr is a terminal (the line is redrawn in place with '\r', at most every 200 ms)
 * or when --progress forces it (then, when stderr is not a terminal, one line per second, each
 * ending in '\n', for logs); never with --quiet. The clock is injectable, so tests use a fake one.
 *
 *     mktows_cli_progress pr;
 *     mktows_cli_progress_init(&pr, stderr, "rows", total_or_0, common.progress);
 *     for (...) { ...; mktows_cli_progress_update(&pr, done); }
 *     mktows_cli_progress_finish(&pr);   // final line, then '\n' (terminal) */
#ifndef MKTOWS_CLI_PROGRESS_H
#define MKTOWS_CLI_PROGRESS_H

#include <stdio.h>

typedef struct mktows_cli_progress {
    FILE *out;
    const char *unit;       /* "rows", "leads", "calls" */
    unsigned long long total; /* 0 = unknown: no "of N", no ETA */
    unsigned long long done;
    int enabled;            /* decided by _init */
    int tty;                /* redraw with '\r' */
    double start_s;
    double last_draw_s;     /* < 0: never drawn */
    size_t last_width;      /* chars of the last '\r' line, to blank what is left of it */
    double (*now_s)(void *clock); /* monotonic seconds; default CLOCK_MONOTONIC */
    void *clock;
} mktows_cli_progress;

/* Decide and start: enabled when not --quiet (mktows_cli_is_quiet) and (@p force or @p out is a
 * terminal). */
void mktows_cli_progress_init(mktows_cli_progress *p, FILE *out, const char *unit, unsigned long long total,
                              int force);
/* The same with the terminal test and the clock given (tests): @p is_tty says whether @p out is a
 * terminal; @p now_s (NULL = the monotonic clock) is called with @p clock. */
void mktows_cli_progress_init_with(mktows_cli_progress *p, FILE *out, const char *unit, unsigned long long total,
                                   int force, int is_tty, double (*now_s)(void *clock), void *clock);
/* @p done units are done: redraw when it is time. */
void mktows_cli_progress_update(mktows_cli_progress *p, unsigned long long done);
/* Draw the final state and end the line (a terminal gets '\n'); nothing when disabled. */
void mktows_cli_progress_finish(mktows_cli_progress *p);
/* Format the line for @p done units after @p elapsed_s seconds into @p out (no '\r', no '\n'). */
void mktows_cli_progress_format(const mktows_cli_progress *p, unsigned long long done, double elapsed_s, char *out,
                                size_t size);

#endif /* MKTOWS_CLI_PROGRESS_H */
