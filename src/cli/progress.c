/* The progress reporter (progress.h). */
#include "progress.h"

#include "cli.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#define S_TTY_INTERVAL_S 0.2
#define S_LOG_INTERVAL_S 1.0

static double s_monotonic(void *clock)
{
    (void)clock;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void mktows_cli_progress_init_with(mktows_cli_progress *p, FILE *out, const char *unit, unsigned long long total,
                                   int force, int is_tty, double (*now_s)(void *clock), void *clock)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->unit = unit ? unit : "items";
    p->total = total;
    p->tty = is_tty;
    p->enabled = !mktows_cli_is_quiet() && (force || is_tty);
    p->now_s = now_s ? now_s : s_monotonic;
    p->clock = clock;
    p->start_s = p->now_s(p->clock);
    p->last_draw_s = -1;
}

void mktows_cli_progress_init(mktows_cli_progress *p, FILE *out, const char *unit, unsigned long long total,
                              int force)
{
    mktows_cli_progress_init_with(p, out, unit, total, force, isatty(fileno(out)), NULL, NULL);
}

static void s_duration(double s, char *out, size_t size)
{
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(out, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, size, "%lu:%02lu", t / 60, t % 60);
}

void mktows_cli_progress_format(const mktows_cli_progress *p, unsigned long long done, double elapsed_s, char *out,
                                size_t size)
{
    int n;
    if (p->total)
        n = snprintf(out, size, "%s: %llu of %llu %s", MKTOWS_CLI_PROG, done, p->total, p->unit);
    else
        n = snprintf(out, size, "%s: %llu %s", MKTOWS_CLI_PROG, done, p->unit);
    if (n < 0 || (size_t)n >= size)
        return;
    if (elapsed_s <= 0 || done == 0)
        return;
    double rate = (double)done / elapsed_s;
    int m = snprintf(out + n, size - (size_t)n, ", %.*f/s", rate < 10 ? 1 : 0, rate);
    if (m < 0 || (size_t)(n + m) >= size)
        return;
    n += m;
    if (p->total && done < p->total) {
        char eta[32];
        s_duration((double)(p->total - done) / rate, eta, sizeof eta);
        snprintf(out + n, size - (size_t)n, ", ETA %s", eta);
    }
}

static void s_draw(mktows_cli_progress *p, double now)
{
    char line[160];
    mktows_cli_progress_format(p, p->done, now - p->start_s, line, sizeof line);
    size_t len = strlen(line);
    if (p->tty) {
        fprintf(p->out, "\r%s", line);
        if (p->last_width > len)
            fprintf(p->out, "%*s", (int)(p->last_width - len), "");
        p->last_width = len;
    } else {
        fprintf(p->out, "%s\n", line);
    }
    fflush(p->out);
    p->last_draw_s = now;
}

void mktows_cli_progress_update(mktows_cli_progress *p, unsigned long long done)
{
    p->done = done;
    if (!p->enabled)
        return;
    double now = p->now_s(p->clock);
    double interval = p->tty ? S_TTY_INTERVAL_S : S_LOG_INTERVAL_S;
    if (p->last_draw_s < 0 ? now - p->start_s >= interval : now - p->last_draw_s >= interval)
        s_draw(p, now);
}

void mktows_cli_progress_finish(mktows_cli_progress *p)
{
    if (!p->enabled)
        return;
    s_draw(p, p->now_s(p->clock));
    if (p->tty)
        fputc('\n', p->out);
    fflush(p->out);
    p->enabled = 0;
}
