/* mktows_decode_json(): a response envelope to JSON through the strict XML reader
 * (xml_reader.c), the schema read from the built-in WSDL (schema.c) and the schema-driven walker
 * (decode_envelope.c). Nothing is cached: each call reads the schema afresh and frees everything
 * before it returns. */
#include <mktows/decode.h>

#include "private/decode_envelope.h"
#include "private/errbuf.h"
#include "private/schema.h"
#include "private/xml_reader.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* What both entry points share: the schema, the operation and the parsed document. */
typedef struct s_input {
    mktows_schema *schema;
    const mktows_schema_op *op;
    mktows_xml_doc *doc;
} s_input;

static void s_input_clean_up(s_input *in)
{
    mktows_xml_doc_free_(in->doc);
    mktows_schema_free_(in->schema);
    memset(in, 0, sizeof *in);
}

/* Check the arguments, read the schema, find @p operation and parse @p xml. */
static mktows_code s_input_init(s_input *in, const char *operation, const char *xml, size_t len, char *errbuf,
                                size_t errbuf_len)
{
    memset(in, 0, sizeof *in);
    if (!operation)
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "no operation given");
    if (!xml && len)
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "no input, but a length of %zu", len);
    if (!xml)
        xml = "";

    mktows_code rc = mktows_schema_load_builtin_(&in->schema, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    char err[1024];
    if (!(in->op = mktows_schema_op_find_(in->schema, operation))) {
        rc = mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "unknown operation \"%.64s\"", operation);
    } else if (len > MKTOWS_DECODE_MAX_BYTES) {
        rc = mktows_errbuf_fail_(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "larger than %u MiB", MKTOWS_DECODE_MAX_BYTES / (1024u * 1024u));
    } else if (len >= 7 && memcmp(xml, "HTTP/1.", 7) == 0) {
        rc = mktows_errbuf_fail_(MKTOWS_ERR_PARSE, errbuf, errbuf_len,
                    "starts with an HTTP status line: keep only the body (the SOAP envelope)");
    } else {
        int xrc = mktows_xml_parse_(&in->doc, xml, len, err, sizeof err);
        if (xrc)
            rc = xrc == -2 ? mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                           : mktows_errbuf_fail_(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "%s", err);
    }
    if (rc != MKTOWS_OK)
        s_input_clean_up(in);
    return rc;
}

/* Check the envelope against the schema and write its JSON to *json (malloc'd; NULL on error).
 * @p skipped: NULL for strict, else lenient (see mktows_decode_envelope_). */
static mktows_code s_decode(const s_input *in, int unwrap, mktows_decode_skipped *skipped, char **json,
                            int *is_fault, char *errbuf, size_t errbuf_len)
{
    char err[1024];
    size_t json_len = 0;
    *json = NULL;
    FILE *mem = open_memstream(json, &json_len);
    if (!mem)
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    int drc = mktows_decode_envelope_(in->schema, in->op, mktows_xml_root_(in->doc), unwrap, skipped, mem, is_fault,
                                      err, sizeof err);
    int wrote = !ferror(mem);
    if (fclose(mem) != 0)
        wrote = 0;
    mktows_code rc = MKTOWS_OK;
    if (drc)
        rc = mktows_errbuf_fail_(MKTOWS_ERR_PARSE, errbuf, errbuf_len, "%s", err);
    else if (!wrote || !*json)
        rc = mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    if (rc != MKTOWS_OK) {
        free(*json);
        *json = NULL;
    }
    return rc;
}

mktows_code mktows_decode_json(const char *operation, const char *xml, size_t len, int flags, char **out,
                               char *errbuf, size_t errbuf_len)
{
    assert(out);
    *out = NULL;
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    if (flags & ~(MKTOWS_DECODE_FAULT_IS_ERROR | MKTOWS_DECODE_UNWRAP | MKTOWS_DECODE_LENIENT))
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "unknown flags 0x%x", (unsigned)flags);
    s_input in;
    mktows_code rc = s_input_init(&in, operation, xml, len, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    int is_fault = 0;
    mktows_decode_skipped skips;
    mktows_decode_skipped *skipped = (flags & MKTOWS_DECODE_LENIENT) ? &skips : NULL;
    rc = s_decode(&in, (flags & MKTOWS_DECODE_UNWRAP) != 0, skipped, out, &is_fault, errbuf, errbuf_len);
    if (rc == MKTOWS_OK) {
        /* The note on what was skipped, after "the envelope holds a SOAP Fault; " for a Fault that is an error. */
        char note[1200] = "";
        if (skipped && skipped->count > 1)
            snprintf(note, sizeof note, "skipped unknown element %s, and %zu more", skipped->first, skipped->count - 1);
        else if (skipped && skipped->count == 1)
            snprintf(note, sizeof note, "skipped unknown element %s", skipped->first);
        if (is_fault && (flags & MKTOWS_DECODE_FAULT_IS_ERROR))
            rc = mktows_errbuf_fail_(MKTOWS_ERR_FAULT, errbuf, errbuf_len, "the envelope holds a SOAP Fault%s%s", *note ? "; " : "",
                        note);
        else if (*note)
            mktows_errbuf_fail_(MKTOWS_OK, errbuf, errbuf_len, "%s", note);
    }
    s_input_clean_up(&in);
    return rc;
}

/* ---- mktows_decode_state() ---- */

static int s_is_nil(const mktows_xml_node *n)
{
    const char *v = mktows_xml_attr_value_(n, MKTOWS_XSI, "nil");
    if (!v)
        return 0;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    return strncmp(v, "true", 4) == 0 || v[0] == '1'; /* the envelope was checked: a boolean */
}

/* Follow @p path from the success element @p n (of type @p t) alongside the schema. */
static mktows_code s_walk(const mktows_schema *schema, const mktows_schema_type *t, const mktows_xml_node *n,
                          const char *path, mktows_element_state *out, char *errbuf, size_t errbuf_len)
{
    int nil = 0;
    const char *p = path;
    while (*p) {
        const char *name = p;
        size_t name_len = strcspn(p, "[/");
        p += name_len;
        long index = 0;
        if (*p == '[') {
            char *end;
            index = strtol(p + 1, &end, 10);
            if (!(p[1] >= '1' && p[1] <= '9') || *end != ']' || index < 1 || index > 1000000)
                return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len,
                              "path \"%.200s\": a bad index after <%.*s> (1, 2, ...)", path, (int)name_len, name);
            p = end + 1;
        }
        if (*p == '/' && p[1] == '\0')
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "path \"%.200s\" ends in '/'", path);
        if (*p && *p != '/')
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "path \"%.200s\": unexpected '%c'", path, *p);
        if (*p == '/')
            p++;
        if (name_len == 0)
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "path \"%.200s\" has an empty step", path);

        if (n && !nil) {
            const char *xtype = mktows_xml_attr_value_(n, MKTOWS_XSI, "type"), *ns, *local;
            const mktows_schema_type *actual = NULL;
            if (xtype && mktows_xml_resolve_qname_(n, xtype, &ns, &local) == 0)
                actual = mktows_schema_type_find_(schema, ns, local);
            if (actual)
                t = actual; /* the envelope was checked: it derives from the declared type */
        }
        if (t->kind != MKTOWS_SCHEMA_COMPLEX)
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len,
                          "path \"%.200s\": %s is a simple type, without <%.*s>", path, t->name, (int)name_len, name);
        const mktows_schema_particle *part = NULL;
        for (size_t i = 0; i < t->particle_count && !part; i++)
            if (strlen(t->particles[i].name) == name_len && memcmp(t->particles[i].name, name, name_len) == 0)
                part = &t->particles[i];
        if (!part)
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len,
                          "path \"%.200s\": %s has no element <%.*s>", path, t->name, (int)name_len, name);
        int repeats = part->max_occurs != 1;
        if (repeats && !index)
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len,
                          "path \"%.200s\": <%s> may repeat: give an index, %s[1]", path, part->name, part->name);
        if (!repeats && index)
            return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len,
                          "path \"%.200s\": <%s> does not repeat: no index", path, part->name);

        const mktows_xml_node *found = NULL;
        if (n && !nil) {
            long k = 0;
            for (const mktows_xml_node *c = n->children; c && !found; c = c->next)
                if (!c->ns && strcmp(c->local, part->name) == 0 && ++k == (index ? index : 1))
                    found = c;
        }
        n = found;
        nil = n && s_is_nil(n);
        t = part->type;
    }
    *out = !n ? MKTOWS_ELEMENT_ABSENT : nil ? MKTOWS_ELEMENT_NIL : MKTOWS_ELEMENT_VALUE;
    return MKTOWS_OK;
}

mktows_code mktows_decode_state(const char *operation, const char *xml, size_t len, const char *path,
                                mktows_element_state *out, char *errbuf, size_t errbuf_len)
{
    assert(out);
    *out = MKTOWS_ELEMENT_ABSENT;
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    if (!path)
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "no path given");
    s_input in;
    mktows_code rc = s_input_init(&in, operation, xml, len, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    char *json = NULL;
    int is_fault = 0;
    rc = s_decode(&in, 0, NULL, &json, &is_fault, errbuf, errbuf_len); /* checks the whole envelope, strictly */
    free(json);
    if (rc == MKTOWS_OK && is_fault)
        rc = mktows_errbuf_fail_(MKTOWS_ERR_FAULT, errbuf, errbuf_len, "the envelope holds a SOAP Fault");
    if (rc == MKTOWS_OK) {
        /* Envelope, optional Header, Body, then the success element: as the check found them. */
        const mktows_xml_node *body = mktows_xml_root_(in.doc)->children;
        if (strcmp(body->local, "Header") == 0)
            body = body->next;
        rc = s_walk(in.schema, in.op->type, body->children, path, out, errbuf, errbuf_len);
    }
    s_input_clean_up(&in);
    return rc;
}
