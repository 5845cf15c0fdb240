/* The encryption key for the mktows command: from --key-file (or a profile's key_file), else
 * MARKETO_ENCRYPTION_KEY. The key is never printed; our copy is wiped before it is freed. The rest
 * of the credentials is resolved by the one loader, mktows_cli_settings_load() (config.h). */
#include "cli.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#define MKTOWS_CLI_KEY_FILE_MAX (64 * 1024)

static void s_wipe(void *p, size_t n)
{
    explicit_bzero(p, n);
}

void mktows_cli_key_free(char *key)
{
    if (!key)
        return;
    s_wipe(key, strlen(key));
    free(key);
}

static int s_read_key_file(const char *what, const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        mktows_cli_error(what, "cannot open key file '%s': %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
        mktows_cli_warning("key file '%s' is readable or writable by others (mode %04o); run chmod 600 '%s'",
                           path, (unsigned)(st.st_mode & 07777), path);
    char *buf = malloc(MKTOWS_CLI_KEY_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        mktows_cli_error(what, "out of memory");
        return -1;
    }
    size_t n = fread(buf, 1, MKTOWS_CLI_KEY_FILE_MAX + 1, f);
    int read_error = ferror(f);
    int saved_errno = errno;
    fclose(f);
    if (read_error) {
        s_wipe(buf, MKTOWS_CLI_KEY_FILE_MAX + 1);
        free(buf);
        mktows_cli_error(what, "cannot read key file '%s': %s", path, strerror(saved_errno));
        return -1;
    }
    if (n > MKTOWS_CLI_KEY_FILE_MAX) {
        s_wipe(buf, MKTOWS_CLI_KEY_FILE_MAX + 1);
        free(buf);
        mktows_cli_error(what, "key file '%s' is larger than %d bytes", path, MKTOWS_CLI_KEY_FILE_MAX);
        return -1;
    }
    /* One trailing line end, as an editor or `echo` leaves it: "\n" or "\r\n". */
    if (n > 0 && buf[n - 1] == '\n') {
        n--;
        if (n > 0 && buf[n - 1] == '\r')
            n--;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        s_wipe(buf, MKTOWS_CLI_KEY_FILE_MAX + 1);
        free(buf);
        mktows_cli_error(what, "key file '%s' contains a NUL byte", path);
        return -1;
    }
    if (n == 0) {
        free(buf);
        mktows_cli_error(what, "key file '%s' is empty", path);
        return -1;
    }
    *out = buf;
    return 0;
}

/* Set by mktows_cli_secrets_protect(): the command's own process, not a test linking this file. */
static int s_wipe_environment;

void mktows_cli_secrets_protect(void)
{
    /* No core dump of a process that holds the key (prctl also keeps other users' debuggers out). */
    struct rlimit none = { 0, 0 };
    (void)setrlimit(RLIMIT_CORE, &none);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    s_wipe_environment = 1;
}

int mktows_cli_load_key(const char *what, const char *key_file, char **out)
{
    *out = NULL;
    if (key_file)
        return s_read_key_file(what, key_file, out);
    const char *env = getenv("MARKETO_ENCRYPTION_KEY");
    if (!env) {
        mktows_cli_error(what, "no encryption key: set MARKETO_ENCRYPTION_KEY or pass --key-file FILE");
        return -1;
    }
    if (!*env) {
        mktows_cli_error(what, "MARKETO_ENCRYPTION_KEY is empty");
        return -1;
    }
    *out = strdup(env);
    if (!*out) {
        mktows_cli_error(what, "out of memory");
        return -1;
    }
    if (s_wipe_environment) {
        /* Our copy is the only one left: the environment's is wiped in place (/proc/PID/environ,
         * a core dump) and the variable removed. */
        OPENSSL_cleanse((char *)env, strlen(env));
        unsetenv("MARKETO_ENCRYPTION_KEY");
    }
    return 0;
}
