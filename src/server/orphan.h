/* --parent-pid and --remove-if-orphaned (orphan.c). Private to src/server. */
#ifndef MKTOWS_SERVER_ORPHAN_H
#define MKTOWS_SERVER_ORPHAN_H

#include <stddef.h>
#include <sys/types.h>

/* 1 when @p parent_pid (> 0) is no longer this process's parent: it died and we were re-parented. */
int mktows_srv_orphaned(pid_t parent_pid);
/* Check that @p dir may be removed on exit: an existing directory (not a symbolic link), at least two
 * levels below /, holding neither $HOME nor the current directory. Its canonical path goes to @p out.
 * 0, or -1 with a message in @p err. */
int mktows_srv_orphan_dir_check(const char *dir, char *out, size_t out_len, char *err, size_t err_len);
/* Remove the (checked, canonical) @p dir and everything in it, without following symbolic links or
 * crossing file systems. 0, or -1 when something stayed (each failure on stderr). */
int mktows_srv_orphan_dir_remove(const char *dir);

#endif
