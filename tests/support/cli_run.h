/* Running build/bin/mktows from a test: one place for the fork/exec, the environment, the capture
 * of stdout and stderr, and the time limit, shared by every suite that drives the command. */
#ifndef MKTOWS_TEST_CLI_RUN_H
#define MKTOWS_TEST_CLI_RUN_H

typedef struct mktows_cli_result {
    int status; /* exit status, or 128 + signal number when killed */
    char *out;  /* stdout, NUL-terminated ("" when it went to a file) */
    char *err;  /* stderr, NUL-terminated */
} mktows_cli_result;

/* Run build/bin/mktows with @p args (NULL-terminated, without argv[0]); @p dir holds the capture
 * files. @p env NULL: this process's environment; otherwise only PATH, LD_LIBRARY_PATH, the
 * sanitizer settings and LC_ALL=C of it, plus @p env ("NAME=value", NULL-terminated). stdin from
 * @p stdin_path (NULL: /dev/null); stdout to @p stdout_path when not NULL (e.g. "/dev/full"), else
 * captured. A command still running after 60 s is killed (status 128 + 9). */
void mktows_test_cli_run(mktows_cli_result *r, const char *dir, const char *const *args, const char *const *env,
                         const char *stdin_path, const char *stdout_path);
void mktows_test_cli_result_free(mktows_cli_result *r);

/* Run `mktows ARGS` through the shell (@p args is shell text, quoted by the caller) with the shell
 * assignments @p env_prefix before it ("NAME='v' ..." or ""), limited to 120 s. stdout to *out and
 * stderr (kept in DIR/stderr.txt) to *err, each "" when empty; either may be NULL. Returns the
 * exit status. */
int mktows_test_cli_shell(const char *env_prefix, const char *dir, const char *args, char **out, char **err);

#endif
