/* --parent-pid and --remove-if-orphaned: a server started by another program (a test harness)
 * stops when that program dies and removes the folder it was given.
 *
 * "Orphaned" means getppid() is no longer the PID given with --parent-pid: the kernel re-parents a
 * process to init (or to a subreaper) when its parent dies. The serve loop checks this every
 * 200 ms; a parent may also arrange PR_SET_PDEATHSIG so the server gets SIGTERM at once. */
#define _XOPEN_SOURCE 700 /* nftw, realpath */

#include "orphan.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is @p dir (canonical) @p path or an ancestor of it? */
static int s_contains(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    return strncmp(dir, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int mktows_srv_orphan_dir_check(const char *dir, char *out, size_t out_len, char *err, size_t err_len)
{
    struct stat st;
    if (lstat(dir, &st)) {
        snprintf(err, err_len, "%s: %s", dir, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
        snprintf(err, err_len, "%s is not a directory (symbolic links are refused too)", dir);
        return -1;
    }
    char real[PATH_MAX];
    if (!realpath(dir, real)) {
        snprintf(err, err_len, "%s: %s", dir, strerror(errno));
        return -1;
    }
    /* At least two levels deep: never "/", "/tmp", "/home". */
    const char *second = strchr(real + 1, '/');
    if (!second || second[1] == '\0') {
        snprintf(err, err_len, "refusing to remove %s: want a folder at least two levels below /", real);
        return -1;
    }
    const char *home = getenv("HOME");
    char real_home[PATH_MAX], cwd[PATH_MAX];
    if (home && *home && realpath(home, real_home) && s_contains(real, real_home)) {
        snprintf(err, err_len, "refusing to remove %s: it holds the home directory", real);
        return -1;
    }
    if (getcwd(cwd, sizeof cwd) && s_contains(real, cwd)) {
        snprintf(err, err_len, "refusing to remove %s: it holds the current directory", real);
        return -1;
    }
    if (strlen(real) >= out_len) {
        snprintf(err, err_len, "%s: path too long", real);
        return -1;
    }
    memcpy(out, real, strlen(real) + 1);
    return 0;
}

/* The failures of the walk under way in this thread. Not the server's state: the count of one
 * mktows_srv_orphan_dir_remove() call (which runs with or without a server, even before one is set
 * up), kept here only because nftw() passes its callback no argument of ours. Per thread, so that
 * two walks at once do not mix their counts. */
static _Thread_local int s_failures;

static int s_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    if (remove(path) && errno != ENOENT) {
        fprintf(stderr, "mktows-server: cannot remove %s: %s\n", path, strerror(errno));
        s_failures++;
    }
    return 0;
}

int mktows_srv_orphan_dir_remove(const char *dir)
{
    s_failures = 0;
    /* Depth first; never follow a symbolic link (it is removed, not its target) and never cross
     * into another file system. */
    if (nftw(dir, s_remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) && errno != ENOENT) {
        fprintf(stderr, "mktows-server: cannot walk %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return s_failures ? -1 : 0;
}

int mktows_srv_orphaned(pid_t parent_pid)
{
    return parent_pid > 0 && getppid() != parent_pid;
}
