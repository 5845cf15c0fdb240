/* libFuzzer harness: the CLI's config file parser (mktows_cli_config_parse(), src/cli/config.c),
 * the input being the file's text (cut at its first NUL, as a read file would be), asked for the
 * [default] profile and for a named one. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    static const char *const names[] = { "default", "work" };
    for (int i = 0; i < 2; i++) {
        mktows_cli_profile p;
        char err[512];
        err[0] = '\0';
        if (mktows_cli_config_parse("/fuzz/dir/config", text, names[i], i, &p, err, sizeof err) != 0 && !err[0])
            abort(); /* an error always says what */
        mktows_cli_profile_clean_up(&p);
    }
    free(text);
    return 0;
}
