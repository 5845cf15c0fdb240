/* Operations by name with JSON parameters (<mktows/json.h>): JSON → request element through the
 * schema (encode.c) → the generated request type, read by gSOAP in a scratch context → the same
 * call as mktows_call() → the response body → JSON through the decoder. Paging by name follows
 * MKTOWS_IFACE_PAGED. */
#include "private/client.h"
#include "private/decode_envelope.h"
#include "private/encode.h"
#include "private/json_reader.h"
#include "private/json_writer.h"
#include "private/ops.h"
#include "private/errbuf.h"
#include "private/schema.h"
#include "private/runtime.h"
#include "private/xml_reader.h"

#include <mktows/json.h>
#include <mktows/ops.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const struct Namespace *mktows_namespaces_(void);

/* ---- reading the request element into its generated type ---- */

typedef struct s_reader {
    const char *op;
    void *(*read)(struct soap *soap);
} s_reader;

#define S_READ(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)                 \
    static void *s_read_##fn(struct soap *soap)                                                    \
    {                                                                                              \
        struct REQ *p = soap_new_##REQ(soap, -1);                                                  \
        if (!p || soap_begin_recv(soap) || !soap_get_##REQ(soap, p, NULL, NULL) || soap_end_recv(soap)) \
            return NULL;                                                                           \
        return p;                                                                                  \
    }
MKTOWS_IFACE_OPERATIONS(S_READ)
#undef S_READ

#define S_READER(op, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched) { #op, s_read_##fn },
static const s_reader s_readers[] = { MKTOWS_IFACE_OPERATIONS(S_READER) };
#undef S_READER

/* ---- schema ---- */

static mktows_code s_schema(mktows_schema **schema, const mktows_schema_op **op, const char *operation, char *errbuf,
                            size_t errbuf_len)
{
    *schema = NULL;
    *op = NULL;
    if (!operation)
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "no operation given");
    mktows_code rc = mktows_schema_load_builtin_(schema, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    if (!(*op = mktows_schema_op_find_(*schema, operation)) || !mktows_operation_find(operation)) {
        mktows_schema_free_(*schema);
        *schema = NULL;
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "the WSDL has no operation \"%.64s\"", operation);
    }
    return MKTOWS_OK;
}

/* Encode the parsed @p params; *xml is malloc'd. */
static mktows_code s_encode(const mktows_schema *schema, const mktows_schema_op *op, const mktows_jv *params,
                            char **xml, char *errbuf, size_t errbuf_len)
{
    size_t len = 0;
    char err[1024] = "";
    *xml = NULL;
    FILE *mem = open_memstream(xml, &len);
    if (!mem)
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    int rc = mktows_encode_request_(schema, op, params, mem, err, sizeof err);
    if (fclose(mem) != 0 && rc == 0)
        rc = -2;
    if (rc) {
        free(*xml);
        *xml = NULL;
        return rc == -2 ? mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                        : mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "%s", err);
    }
    return MKTOWS_OK;
}

static mktows_code s_parse_params(const char *json, size_t len, mktows_jv **out, char *errbuf, size_t errbuf_len)
{
    char err[768];
    int rc = mktows_json_parse_(json, len, out, err, sizeof err);
    if (rc == -2)
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    if (rc)
        return mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "the parameters are not valid JSON: %s", err);
    return MKTOWS_OK;
}

mktows_code mktows_encode_request(const char *operation, const char *params_json, size_t len, char **out_xml,
                                  char *errbuf, size_t errbuf_len)
{
    assert(out_xml);
    *out_xml = NULL;
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    mktows_schema *schema;
    const mktows_schema_op *op;
    mktows_code rc = s_schema(&schema, &op, operation, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    mktows_jv *params = NULL;
    if ((rc = s_parse_params(params_json, params_json ? len : 0, &params, errbuf, errbuf_len)) == MKTOWS_OK)
        rc = s_encode(schema, op, params, out_xml, errbuf, errbuf_len);
    mktows_jv_free_(params);
    mktows_schema_free_(schema);
    return rc;
}

/* The request element in a parsed document: the root, or the one element of an envelope's Body. */
static const mktows_xml_node *s_request_node(const mktows_xml_node *root)
{
    if (root->ns && strcmp(root->ns, MKTOWS_SOAP11_ENV) == 0 && strcmp(root->local, "Envelope") == 0) {
        for (const mktows_xml_node *c = root->children; c; c = c->next)
            if (c->ns && strcmp(c->ns, MKTOWS_SOAP11_ENV) == 0 && strcmp(c->local, "Body") == 0)
                return c->children;
        return NULL;
    }
    return root;
}

static mktows_code s_request_to_json(const mktows_schema *schema, const mktows_schema_op *op, const char *xml,
                                     size_t len, char **out_json, char *errbuf, size_t errbuf_len)
{
    char err[1024];
    *out_json = NULL;
    mktows_xml_doc *doc = NULL;
    int xrc = mktows_xml_parse_(&doc, xml ? xml : "", xml ? len : 0, err, sizeof err);
    if (xrc)
        return xrc == -2 ? mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                         : mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "the request XML: %s", err);
    mktows_code rc = MKTOWS_OK;
    const mktows_xml_node *n = s_request_node(mktows_xml_root_(doc));
    if (!n) {
        rc = mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "the request XML: the envelope's Body is empty");
    } else if (!n->ns || strcmp(n->ns, mktows_schema_namespace_(schema)) != 0 || strcmp(n->local, op->input_element) != 0) {
        rc = mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len,
                    "the request XML: line %d: <%s> is not the request of %s (expected <%s> in namespace %s)", n->line,
                    n->qname, op->name, op->input_element, mktows_schema_namespace_(schema));
    } else {
        size_t json_len = 0;
        FILE *mem = open_memstream(out_json, &json_len);
        if (!mem)
            rc = mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
        else {
            int drc = mktows_decode_value_(schema, op->input_type, n, mem, err, sizeof err);
            if (fclose(mem) != 0 && drc == 0)
                rc = mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
            else if (drc)
                rc = mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "the request XML: %s", err);
            if (rc != MKTOWS_OK) {
                free(*out_json);
                *out_json = NULL;
            }
        }
    }
    mktows_xml_doc_free_(doc);
    return rc;
}

mktows_code mktows_decode_request_json(const char *operation, const char *xml, size_t len, char **out_json,
                                       char *errbuf, size_t errbuf_len)
{
    assert(out_json);
    *out_json = NULL;
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    mktows_schema *schema;
    const mktows_schema_op *op;
    mktows_code rc = s_schema(&schema, &op, operation, errbuf, errbuf_len);
    if (rc == MKTOWS_OK)
        rc = s_request_to_json(schema, op, xml, len, out_json, errbuf, errbuf_len);
    mktows_schema_free_(schema);
    return rc;
}

/* ---- the call ---- */

/* Send the encoded request element @p xml of @p operation: read it into its generated type in a
 * scratch context, call, decode the response. */
static mktows_code s_send(mktows_client *client, const char *operation, const char *xml, int flags, char **out,
                          char *errbuf, size_t errbuf_len)
{
    const s_reader *reader = NULL;
    for (size_t i = 0; i < sizeof s_readers / sizeof s_readers[0]; i++)
        if (strcmp(s_readers[i].op, operation) == 0)
            reader = &s_readers[i];
    if (!reader)
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "the WSDL has no operation \"%.64s\"", operation);

    struct soap *scratch = mktows_soap_new_(SOAP_C_UTFSTRING, SOAP_C_UTFSTRING);
    if (!scratch)
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    soap_set_namespaces(scratch, mktows_namespaces_());
    scratch->is = xml;
    mktows_code rc;
    void *params = reader->read(scratch);
    if (!params) {
        char fault[512] = "";
        soap_sprint_fault(scratch, fault, sizeof fault);
        rc = mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "the generated bindings cannot read the request: %s", fault);
        goto out;
    }
    if (flags & MKTOWS_CALL_DRY_RUN) {
        rc = mktows_render_call_(client, operation, params, out);
        if (rc != MKTOWS_OK)
            mktows_errbuf_fail_(rc, errbuf, errbuf_len, "%s", mktows_client_errmsg(client));
        goto out;
    }
    void *resp = NULL;
    rc = mktows_call(client, operation, params, &resp);
    if (rc != MKTOWS_OK) {
        mktows_errbuf_fail_(rc, errbuf, errbuf_len, "%s", mktows_client_errmsg(client));
        goto out;
    }
    const char *body;
    size_t body_len;
    rc = mktows_client_last_response(client, &body, &body_len);
    if (rc != MKTOWS_OK) {
        mktows_errbuf_fail_(rc, errbuf, errbuf_len, "the response was not kept");
        goto out;
    }
    rc = mktows_decode_json(operation, body, body_len, flags & (MKTOWS_DECODE_UNWRAP | MKTOWS_DECODE_LENIENT), out,
                            errbuf, errbuf_len);
out:
    soap_destroy(scratch);
    soap_end(scratch);
    soap_free(scratch);
    return rc;
}

static mktows_code s_call_parsed(mktows_client *client, const char *operation, const mktows_jv *params, int flags,
                                 char **out, char *errbuf, size_t errbuf_len)
{
    mktows_schema *schema;
    const mktows_schema_op *op;
    mktows_code rc = s_schema(&schema, &op, operation, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    char *xml = NULL;
    rc = s_encode(schema, op, params, &xml, errbuf, errbuf_len);
    mktows_schema_free_(schema);
    if (rc == MKTOWS_OK)
        rc = s_send(client, operation, xml, flags, out, errbuf, errbuf_len);
    free(xml);
    return rc;
}

static mktows_code s_check_flags(mktows_client *client, int flags, char *errbuf, size_t errbuf_len)
{
    if (flags & ~(MKTOWS_DECODE_UNWRAP | MKTOWS_DECODE_LENIENT | MKTOWS_CALL_DRY_RUN)) {
        mktows_client_clear_error_(client);
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "unknown flags 0x%x", (unsigned)flags);
    }
    if (errbuf && errbuf_len)
        errbuf[0] = '\0';
    return MKTOWS_OK;
}

mktows_code mktows_call_json(mktows_client *client, const char *operation, const char *params_json, int flags,
                             char **out, char *errbuf, size_t errbuf_len)
{
    assert(client);
    assert(out);
    *out = NULL;
    mktows_code rc = s_check_flags(client, flags, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    mktows_jv *params = NULL;
    if ((rc = s_parse_params(params_json, params_json ? strlen(params_json) : 0, &params, errbuf, errbuf_len)) ==
        MKTOWS_OK)
        rc = s_call_parsed(client, operation, params, flags, out, errbuf, errbuf_len);
    mktows_jv_free_(params);
    return rc;
}

mktows_code mktows_call_xml(mktows_client *client, const char *operation, const char *request_xml, size_t len,
                            int flags, char **out, char *errbuf, size_t errbuf_len)
{
    assert(client);
    assert(out);
    *out = NULL;
    mktows_code rc = s_check_flags(client, flags, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    /* Checked and normalised through the JSON form: one encoding path. */
    char *json = NULL;
    if ((rc = mktows_decode_request_json(operation, request_xml, len, &json, errbuf, errbuf_len)) == MKTOWS_OK)
        rc = mktows_call_json(client, operation, json, flags, out, errbuf, errbuf_len);
    free(json);
    return rc;
}

/* ---- paging by name ---- */

typedef struct s_paged {
    const char *op, *position, *new_position, *more;
    int more_is_count;
    const char *records;
} s_paged;

#define S_PAGED(op, fn, REQ, RESP, result, pos, newpos, more, is_count, records) \
    { #op, #pos, #newpos, #more, (is_count), #records },
static const s_paged s_paged_ops[] = { MKTOWS_IFACE_PAGED(S_PAGED) };
#undef S_PAGED

static const s_paged *s_paged_find(const char *operation)
{
    for (size_t i = 0; operation && i < sizeof s_paged_ops / sizeof s_paged_ops[0]; i++)
        if (strcmp(s_paged_ops[i].op, operation) == 0)
            return &s_paged_ops[i];
    return NULL;
}

const char *mktows_operation_position_member(const char *operation)
{
    const s_paged *p = s_paged_find(operation);
    return p ? p->position : NULL;
}

void mktows_json_page_free(mktows_json_page *page)
{
    if (!page)
        return;
    free(page->records);
    free(page->position);
    free(page->response);
    free(page);
}

static char *s_write(const mktows_jv *v, int newline)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return NULL;
    mktows_json w;
    mktows_json_init_(&w, mem);
    mktows_jv_write_(&w, v);
    if (newline)
        fputc('\n', mem);
    if (fclose(mem) != 0 || w.overflow) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Fill @p page from the unwrapped response @p resp. */
static mktows_code s_read_page(const s_paged *shape, const mktows_jv *resp, mktows_json_page *page, char *errbuf,
                               size_t errbuf_len)
{
    const mktows_jv *more = mktows_jv_get_(resp, shape->more);
    if (more && more->kind == MKTOWS_JV_NUMBER)
        page->more = strcmp(more->text, "0") != 0 && more->text[0] != '-';
    else if (more && more->kind == MKTOWS_JV_BOOL)
        page->more = more->boolean;
    const mktows_jv *pos = mktows_jv_get_(resp, shape->new_position);
    if (pos && pos->kind != MKTOWS_JV_NULL && !(page->position = s_write(pos, 0)))
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    /* The records member is an ArrayOf* wrapper: its one repeating element holds the records. */
    char *lines = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&lines, &len);
    if (!mem)
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    const mktows_jv *list = mktows_jv_get_(resp, shape->records);
    for (const mktows_jv *m = list && list->kind == MKTOWS_JV_OBJECT ? list->first : NULL; m; m = m->next) {
        if (m->kind != MKTOWS_JV_ARRAY)
            continue;
        for (const mktows_jv *item = m->first; item; item = item->next) {
            mktows_json w;
            mktows_json_init_(&w, mem);
            mktows_jv_write_(&w, item);
            fputc('\n', mem);
            page->record_count++;
        }
    }
    if (fclose(mem) != 0) {
        free(lines);
        return mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
    }
    page->records = lines;
    return MKTOWS_OK;
}

mktows_code mktows_call_json_page(mktows_client *client, const char *operation, const char *params_json,
                                  const char *position_json, int flags, mktows_json_page **out, char *errbuf,
                                  size_t errbuf_len)
{
    assert(client);
    assert(out);
    *out = NULL;
    mktows_code rc = s_check_flags(client, flags, errbuf, errbuf_len);
    if (rc != MKTOWS_OK)
        return rc;
    if (flags & (MKTOWS_CALL_DRY_RUN | MKTOWS_DECODE_UNWRAP))
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "only MKTOWS_DECODE_LENIENT applies to pages");
    const s_paged *shape = s_paged_find(operation);
    if (!shape) {
        mktows_client_clear_error_(client);
        return mktows_errbuf_fail_(MKTOWS_ERR_INVALID_ARGUMENT, errbuf, errbuf_len, "%.64s is not an operation that pages",
                      operation ? operation : "(null)");
    }
    mktows_jv *params = NULL, *pos = NULL, *resp = NULL;
    char *json = NULL;
    mktows_json_page *page = NULL;
    if ((rc = s_parse_params(params_json, params_json ? strlen(params_json) : 0, &params, errbuf, errbuf_len)) != MKTOWS_OK)
        goto out;
    if (position_json) {
        char err[768];
        int prc = mktows_json_parse_(position_json, strlen(position_json), &pos, err, sizeof err);
        if (prc) {
            rc = prc == -2 ? mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory")
                           : mktows_errbuf_fail_(MKTOWS_ERR_VALIDATION, errbuf, errbuf_len, "the position is not valid JSON: %s", err);
            goto out;
        }
        if (params->kind == MKTOWS_JV_OBJECT) {
            /* Replace the parameters' own position, or add it. */
            mktows_jv **link = &params->first;
            while (*link && strcmp((*link)->key, shape->position) != 0)
                link = &(*link)->next;
            if (!(pos->key = strdup(shape->position))) {
                rc = mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
                goto out;
            }
            if (*link) {
                pos->next = (*link)->next;
                (*link)->next = NULL;
                mktows_jv_free_(*link);
            } else {
                params->count++;
            }
            *link = pos;
            pos = NULL;
        }
    }
    if ((rc = s_call_parsed(client, operation, params, (flags & MKTOWS_DECODE_LENIENT) | MKTOWS_DECODE_UNWRAP, &json,
                            errbuf, errbuf_len)) != MKTOWS_OK)
        goto out;
    char err[768];
    int prc = mktows_json_parse_(json, strlen(json), &resp, err, sizeof err);
    if (prc) {
        rc = mktows_errbuf_fail_(prc == -2 ? MKTOWS_ERR_NO_MEMORY : MKTOWS_ERR_PARSE, errbuf, errbuf_len, "the decoded response: %s", err);
        goto out;
    }
    if (!(page = calloc(1, sizeof *page))) {
        rc = mktows_errbuf_fail_(MKTOWS_ERR_NO_MEMORY, errbuf, errbuf_len, "out of memory");
        goto out;
    }
    if ((rc = s_read_page(shape, resp, page, errbuf, errbuf_len)) != MKTOWS_OK)
        goto out;
    page->response = json;
    json = NULL;
    *out = page;
    page = NULL;
out:
    mktows_json_page_free(page);
    free(json);
    mktows_jv_free_(params);
    mktows_jv_free_(pos);
    mktows_jv_free_(resp);
    return rc;
}

mktows_code mktows_request_describe(const char *operation, char **out)
{
    assert(out);
    *out = NULL;
    mktows_schema *schema;
    const mktows_schema_op *op;
    mktows_code rc = s_schema(&schema, &op, operation, NULL, 0);
    if (rc != MKTOWS_OK)
        return rc;
    size_t len = 0;
    FILE *mem = open_memstream(out, &len);
    if (!mem) {
        mktows_schema_free_(schema);
        return MKTOWS_ERR_NO_MEMORY;
    }
    mktows_encode_describe_(schema, op, mem);
    rc = fclose(mem) == 0 ? MKTOWS_OK : MKTOWS_ERR_NO_MEMORY;
    mktows_schema_free_(schema);
    if (rc != MKTOWS_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}
