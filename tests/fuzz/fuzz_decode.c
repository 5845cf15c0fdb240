/* libFuzzer harness: mktows_decode_json() through the public API, every operation and flag.
 *
 * Input: one byte, then the response envelope. The byte's low 5 bits pick the operation
 * (mktows_operation_at(), modulo their count), its high 3 bits the MKTOWS_DECODE_* flags.
 * Checks beyond "no crash, no leak, no sanitizer report": a decoded response is a JSON text the
 * library's own strict reader accepts, an error leaves *out NULL and says why in errbuf. */
#include <mktows/decode.h>
#include <mktows/json.h>
#include <mktows/ops.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const mktows_operation_info *op = mktows_operation_at((data[0] & 0x1f) % mktows_operation_count());
    int flags = data[0] >> 5;
    char *out = NULL, err[1024];
    mktows_code rc = mktows_decode_json(op->name, (const char *)data + 1, size - 1, flags, &out, err, sizeof err);
    if (rc == MKTOWS_OK || rc == MKTOWS_ERR_FAULT) {
        if (!out)
            abort();
        mktows_json_value *v = NULL;
        char jerr[256];
        size_t len = 0;
        while (out[len])
            len++;
        if (mktows_json_parse(out, len, &v, jerr, sizeof jerr) != MKTOWS_OK) {
            fprintf(stderr, "decoder output is not valid JSON (%s): %s\n", jerr, out);
            abort();
        }
        mktows_json_value_free(v);
    } else if (out || !err[0]) {
        fprintf(stderr, "decoder failed with %d but out=%p, errbuf=\"%s\"\n", (int)rc, (void *)out, err);
        abort();
    }
    mktows_free(out);
    return 0;
}
