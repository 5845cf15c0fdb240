/* mktows_decode_json(): a response envelope to JSON through the strict XML reader
 * (xml_reader.c), the schema read from the built-in WSDL (schema.c) and the schema-driven walker
 * (decode_envelope.c). Nothing is cached: each call reads the schema afresh and frees everything
 * before it returns. */
#include <mktows/decode.h>

#include "private/decode_envelope.h"
#include "private/schema.h"
#include "private/xml_reader.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* wsdl/mktows-2_7.wsdl, embedded at build time (see CMakeLists.txt). */
extern const char mktows_wsdl_embedded[];
extern const size_t mktows_wsdl_embedded_size;

/* The 23 operations of mktows 2_7, sorted by name. test_decode checks that each one decodes. */
static const char *const s_operations[] = {
    "deleteCustomObjects", "deleteMObjects", "describeMObject", "getCampaignsForSource", "getChannels",
    "getCustomObjects", "getImportToListStatus", "getLead", "getLeadActivity", "getLeadChanges",
    "getMObjects", "getMultipleLeads", "getTags", "importToList", "listMObjects", "listOperation",
    "mergeLeads", "requestCampaign", "scheduleCampaign", "syncCustomObjects", "syncLead", "syncMObjects",
    "syncMultipleLeads",
};

const char *mktows_decode_operation(size_t index)
{
    return index < sizeof s_operations / sizeof s_operations[0] ? s_operations[index] : NULL;
}

__attribute__((format(printf, 4, 5)))
static mktows_code s_fail(mktows_code code, char *errbuf, size_t errbuf_len, const char *fmt, ...)
{
    if (errbuf && errbuf_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, errbuf_len, fmt, ap);
        va_end(ap);
    }
    return code;
}

mktows_code mktows_decode_json(char **out, const char *operation, const char *xml, size_t len, int flags,
                               char *errbuf, size_t errbuf_len)
{
    assert(out);
    *out = NULL;
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    if (!operation)
        return s_fail(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "no operation given");
    if (!xml && len)
        return s_fail(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "no input, but a length of %zu", len);
    if (flags & ~MKTOWS_DECODE_FAULT_IS_ERROR)
        return s_fail(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "unknown flags 0x%x", (unsigned)flags);
    if (!xml)
        xml = "";

    char err[1024];
    mktows_schema *schema = NULL;
    int src = mktows_schema_load_(&schema, mktows_wsdl_embedded, mktows_wsdl_embedded_size, err, sizeof err);
    if (src)
        return src == -2 ? s_fail(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                         : s_fail(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "the built-in WSDL cannot be read: %s", err);

    mktows_code rc = MKTOWS_OK;
    mktows_xml_doc *doc = NULL;
    char *json = NULL;
    size_t json_len = 0;
    const mktows_schema_op *op = mktows_schema_op_find_(schema, operation);
    if (!op) {
        rc = s_fail(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "unknown operation \"%.64s\"", operation);
        goto done;
    }
    if (len > MKTOWS_DECODE_MAX_BYTES) {
        rc = s_fail(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "larger than %u MiB", MKTOWS_DECODE_MAX_BYTES / (1024u * 1024u));
        goto done;
    }
    if (len >= 7 && memcmp(xml, "HTTP/1.", 7) == 0) {
        rc = s_fail(MKTOWS_ERR_PARSE, errbuf, errbuf_len,
                    "starts with an HTTP status line: keep only the body (the SOAP envelope)");
        goto done;
    }
    int xrc = mktows_xml_parse_(&doc, xml, len, err, sizeof err);
    if (xrc) {
        rc = xrc == -2 ? s_fail(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                       : s_fail(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "%s", err);
        goto done;
    }
    FILE *mem = open_memstream(&json, &json_len);
    if (!mem) {
        rc = s_fail(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
        goto done;
    }
    int is_fault = 0;
    int drc = mktows_decode_envelope_(schema, op, mktows_xml_root_(doc), mem, &is_fault, err, sizeof err);
    int wrote = !ferror(mem);
    if (fclose(mem) != 0)
        wrote = 0;
    if (drc) {
        rc = s_fail(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "%s", err);
    } else if (!wrote || !json) {
        rc = s_fail(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    } else {
        *out = json;
        json = NULL;
        if (is_fault && (flags & MKTOWS_DECODE_FAULT_IS_ERROR))
            rc = s_fail(MKTOWS_ERR_FAULT, errbuf, errbuf_len, "the envelope holds a SOAP Fault");
    }
done:
    free(json);
    mktows_xml_doc_free_(doc);
    mktows_schema_free_(schema);
    return rc;
}
