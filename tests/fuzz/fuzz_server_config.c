/* libFuzzer harness: mktows-server's config file (mktows_srv_config_load() and _check(),
 * src/server/config*.c). The input is the file, read from a memfd through /proc/self/fd. */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int s_fd = -1;
static char s_path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (s_fd < 0) {
        if ((s_fd = memfd_create("fuzz_server_config", MFD_CLOEXEC)) < 0)
            abort();
        snprintf(s_path, sizeof s_path, "/proc/self/fd/%d", s_fd);
    }
    if (ftruncate(s_fd, 0) != 0 || pwrite(s_fd, data, size, 0) != (ssize_t)size)
        abort();
    mktows_srv_config cfg;
    char err[512];
    if (mktows_srv_config_init(&cfg) != 0)
        abort();
    err[0] = '\0';
    if (mktows_srv_config_load(&cfg, s_path, err, sizeof err) == 0) {
        err[0] = '\0';
        if (mktows_srv_config_check(&cfg, err, sizeof err) != 0 && !err[0])
            abort();
    } else if (!err[0]) {
        abort();
    }
    mktows_srv_config_clean_up(&cfg);
    return 0;
}
