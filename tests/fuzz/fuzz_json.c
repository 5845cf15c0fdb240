/* libFuzzer harness: the JSON parameter reader (mktows_json_parse()) and the request encoder
 * (mktows_encode_request()), through the public API.
 *
 * Input: one byte whose low 5 bits pick the operation (mktows_operation_at(), modulo their
 * count), then the JSON parameters. A request the encoder accepts must decode back with
 * mktows_decode_request_json() (the same schema, the other way). */
#include <mktows/decode.h>
#include <mktows/json.h>
#include <mktows/ops.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const mktows_operation_info *op = mktows_operation_at((data[0] & 0x1f) % mktows_operation_count());
    const char *json = (const char *)data + 1;
    size_t len = size - 1;
    char err[1024];

    mktows_json_value *v = NULL;
    if (mktows_json_parse(json, len, &v, err, sizeof err) == MKTOWS_OK) {
        if (!v)
            abort();
        (void)mktows_json_get(v, "leadKey");
    } else if (v) {
        abort();
    }
    mktows_json_value_free(v);

    char *xml = NULL;
    if (mktows_encode_request(op->name, json, len, &xml, err, sizeof err) == MKTOWS_OK) {
        char *back = NULL;
        mktows_code rc = mktows_decode_request_json(op->name, xml, strlen(xml), &back, err, sizeof err);
        if (rc != MKTOWS_OK) {
            fprintf(stderr, "%s: the encoder's request does not decode back (%d: %s):\n%s\n", op->name, (int)rc,
                    err, xml);
            abort();
        }
        mktows_free(back);
    } else if (xml) {
        abort();
    }
    mktows_free(xml);
    return 0;
}
