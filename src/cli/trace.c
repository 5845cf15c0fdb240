/* --trace FILE|DIR (trace.h).
 *
 * Several clients on threads of their own may share one trace (sync-leads --concurrency N). The
 * library emits an exchange's request and then its response from the thread that made the call,
 * so a DIR trace takes the next number under a lock when a request comes and keeps it, with the
 * operation's name, in thread-local storage for the response that follows. (A FILE trace is
 * written by the library with stdio, which locks the stream per call: exchanges of different
 * connections may interleave, each message stays whole.) */
#include "trace.h"

#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mktows_cli_trace {
    FILE *file;        /* FILE form: the file (or stderr) */
    int owned;         /* file is ours to close */
    char *dir;         /* DIR form */
    pthread_mutex_t mu; /* DIR form: guards seq, error and error_path */
    unsigned seq;      /* DIR form: number of the last exchange begun */
    int error;         /* first write error (errno) */
    char error_path[PATH_MAX];
};

/* DIR form: the exchange the calling thread is in (a client stays on one thread per call). */
static _Thread_local unsigned s_cur_seq;
static _Thread_local char s_cur_op[64];

static int s_is_dir_arg(const char *arg)
{
    struct stat st;
    size_t n = strlen(arg);
    return (n > 0 && arg[n - 1] == '/') || (stat(arg, &st) == 0 && S_ISDIR(st.st_mode));
}

static int s_isalnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The highest NNNN- prefix in @p dir. */
static unsigned s_highest(const char *dir)
{
    unsigned best = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *end = NULL;
        unsigned long v = strtoul(e->d_name, &end, 10);
        if (end != e->d_name && *end == '-' && v > best && v < 100000000)
            best = (unsigned)v;
    }
    closedir(d);
    return best;
}

/* The operation a request envelope calls: the local name of the Body's first element, with a
 * leading "params" dropped and the next letter lowered (paramsSyncLead -> syncLead). */
static void s_operation(const char *xml, size_t len, char *out, size_t size)
{
    snprintf(out, size, "call");
    const char *end = xml + len;
    const char *p = xml;
    /* find "Body" start tag */
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            return;
        const char *q = lt + 1;
        const char *name = q;
        while (q < end && *q != '>' && *q != ' ' && *q != '/' && *q != '\t' && *q != '\n' && *q != '\r')
            q++;
        const char *colon = memchr(name, ':', (size_t)(q - name));
        const char *local = colon ? colon + 1 : name;
        p = q;
        if (q - local == 4 && memcmp(local, "Body", 4) == 0 && *name != '/') {
            /* the next start tag is the operation's */
            const char *gt = memchr(q, '>', (size_t)(end - q));
            if (!gt)
                return;
            const char *lt2 = memchr(gt, '<', (size_t)(end - gt));
            if (!lt2)
                return;
            const char *n2 = lt2 + 1, *e2 = n2;
            while (e2 < end && (s_isalnum(*e2) || *e2 == ':' || *e2 == '_' || *e2 == '-' || *e2 == '.'))
                e2++;
            const char *c2 = memchr(n2, ':', (size_t)(e2 - n2));
            const char *l2 = c2 ? c2 + 1 : n2;
            if (e2 - l2 > 6 && memcmp(l2, "params", 6) == 0)
                l2 += 6;
            size_t n = (size_t)(e2 - l2);
            if (n == 0 || n >= size)
                return;
            memcpy(out, l2, n);
            out[n] = '\0';
            if (out[0] >= 'A' && out[0] <= 'Z')
                out[0] = (char)(out[0] - 'A' + 'a');
            return;
        }
    }
}

static void s_note_error(mktows_cli_trace *t, const char *path, int err)
{
    pthread_mutex_lock(&t->mu);
    if (!t->error) {
        t->error = err ? err : EIO;
        snprintf(t->error_path, sizeof t->error_path, "%s", path);
    }
    pthread_mutex_unlock(&t->mu);
}

static void s_write_file(mktows_cli_trace *t, const char *suffix, const char *xml, size_t len)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%04u-%s-%s.xml", t->dir, s_cur_seq, s_cur_op, suffix);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        s_note_error(t, path, errno);
        return;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, xml + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            s_note_error(t, path, errno);
            break;
        }
        done += (size_t)w;
    }
    if (close(fd) != 0)
        s_note_error(t, path, errno);
}

static void s_on_trace(void *userdata, mktows_trace_dir dir, const char *xml, size_t len)
{
    mktows_cli_trace *t = userdata;
    if (dir == MKTOWS_TRACE_REQUEST || s_cur_seq == 0) { /* a response without a request: not expected */
        pthread_mutex_lock(&t->mu);
        s_cur_seq = ++t->seq;
        pthread_mutex_unlock(&t->mu);
        if (dir == MKTOWS_TRACE_REQUEST)
            s_operation(xml, len, s_cur_op, sizeof s_cur_op);
        else
            snprintf(s_cur_op, sizeof s_cur_op, "call");
    }
    s_write_file(t, dir == MKTOWS_TRACE_REQUEST ? "request" : "response", xml, len);
}

int mktows_cli_trace_open(const char *what, const char *arg, mktows_cli_trace **out)
{
    *out = NULL;
    mktows_cli_trace *t = calloc(1, sizeof *t);
    if (!t) {
        mktows_cli_error(what, "out of memory");
        return -1;
    }
    if (strcmp(arg, "-") == 0) {
        t->file = stderr;
    } else if (s_is_dir_arg(arg)) {
        t->dir = strdup(arg);
        if (!t->dir) {
            free(t);
            mktows_cli_error(what, "out of memory");
            return -1;
        }
        size_t n = strlen(t->dir);
        while (n > 1 && t->dir[n - 1] == '/')
            t->dir[--n] = '\0';
        if (mkdir(t->dir, 0700) != 0 && errno != EEXIST) {
            mktows_cli_error(what, "cannot create trace directory '%s': %s", t->dir, strerror(errno));
            free(t->dir);
            free(t);
            return -1;
        }
        if (access(t->dir, W_OK | X_OK) != 0) {
            mktows_cli_error(what, "cannot write to trace directory '%s': %s", t->dir, strerror(errno));
            free(t->dir);
            free(t);
            return -1;
        }
        t->seq = s_highest(t->dir);
        pthread_mutex_init(&t->mu, NULL);
    } else {
        int fd = open(arg, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        /* A trace holds requests and responses: an existing file readable by others is made 0600
         * (or refused when that fails), as a new one is created. */
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) &&
            fchmod(fd, st.st_mode & 0600) != 0) {
            mktows_cli_error(what, "trace file '%s' is readable by others and cannot be made 0600: %s", arg,
                             strerror(errno));
            close(fd);
            free(t);
            return -1;
        }
        FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;
        if (!f) {
            mktows_cli_error(what, "cannot open trace file '%s': %s", arg, strerror(errno));
            if (fd >= 0)
                close(fd);
            free(t);
            return -1;
        }
        t->file = f;
        t->owned = 1;
        snprintf(t->error_path, sizeof t->error_path, "%s", arg);
    }
    *out = t;
    return 0;
}

void mktows_cli_trace_attach(mktows_cli_trace *trace, mktows_client_options *opts)
{
    if (!trace)
        return;
    if (trace->dir) {
        opts->trace = s_on_trace;
        opts->trace_userdata = trace;
    } else {
        opts->trace_file = trace->file;
    }
}

unsigned mktows_cli_trace_count(const mktows_cli_trace *trace)
{
    return trace && trace->dir ? trace->seq : 0;
}

int mktows_cli_trace_close(const char *what, mktows_cli_trace *trace)
{
    if (!trace)
        return 0;
    int rc = 0;
    if (trace->owned) {
        if ((ferror(trace->file) | fclose(trace->file)) != 0) {
            mktows_cli_error(what, "cannot write trace file '%s': %s", trace->error_path, strerror(errno ? errno : EIO));
            rc = -1;
        }
    } else if (trace->error) {
        mktows_cli_error(what, "cannot write trace file '%s': %s", trace->error_path, strerror(trace->error));
        rc = -1;
    }
    if (trace->dir)
        pthread_mutex_destroy(&trace->mu);
    free(trace->dir);
    free(trace);
    return rc;
}
