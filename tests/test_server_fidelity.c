/* mktows-server answers as Marketo did (issue 10): raw XML requests shaped as the reference pages
 * and third-party clients send them, checked on the wire.
 *  - empty elements for optional simple values (PHP's SoapClient writes unset members as
 *    <latestCreatedAt/>) read as absent, on every operation of the generated operation table;
 *  - every fault, including XML and schema errors gSOAP catches itself, carries Marketo's
 *    detail/serviceException{name,message,code}. */
#include "runner.h"
#include "server_calls.h"
#include "server_harness.h"

#include "mktows_iface.h"
#include "private/schema.h"
#include "private/xml_reader.h"

#include <mktows/sign.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static mktows_test_server s_srv;

/* 2010-01-01T00:00:00 UTC as the pages (and the server) write dates */
#define S_PAGE_DATE "2010-01-01T00:00:00+00:00"

static const char s_config[] =
    "[field Region]\n"
    "type = string\n"
    "display_name = Sales Region\n"
    "[field Fax]\n"
    "display_name = Fax Line\n"
    /* the getChannels page's three channels */
    "[channel Webinar]\n"
    "behavior = Webinar Behavior\n"
    "statuses = Invited@10, Pending Approval@20, Rejected@30, Wait Listed@30, Registered@40=Registered,"
    " No Show@50=No Show, Attended*@70=Attended, Attended On-demand*@75=Attended On-demand, Downloaded*@5\n"
    "[channel Blog]\n"
    "statuses = Visited@10, Engaged*@20, Subscribed*@30\n"
    "[channel Tradeshow]\n"
    "behavior = Check-in Status\n"
    "statuses = Invited@10=None, Attended Show@20=Attended, Visited Booth*@30=None, Engaged*@40=None\n"
    "[tag Region]\n"
    "values = EMEA, APAC\n"
    "[program Spring Webinar]\n"
    "type = Event\n"
    "channel = Webinar\n"
    /* programs of the getMObjects page */
    "[channel Content]\n"
    "statuses = Engaged*\n"
    "[program Program01]\n"
    "id = 1001\n"
    "type = Marketing Program\n"
    "channel = Content\n"
    "folder = /Marketing Activities/Default/Training/Program01\n"
    "description = Launch webinar\n"
    "[program elizprogramtest]\n"
    "id = 1003\n"
    "type = Marketing Program\n"
    "channel = Blog\n"
    "[program Big Launch Webinar]\n"
    "id = 1006\n"
    "type = Marketing Event\n"
    "channel = Webinar\n"
    "folder = /Marketing Activities/Default/MKTO Training/MKTO Events/Big Launch Webinar\n"
    "start_date = 2011-08-01 11:00:00\n"
    "end_date = 2011-08-01 02:00:00\n"
    "[program Old Launch]\n"
    "id = 1008\n"
    "archived = true\n"
    "[list Newsletter]\n"
    "[list Webinar Invitees]\n"
    "program = Spring Webinar\n"
    "[campaign Send Invitation]\n"
    "program = Spring Webinar\n"
    "[custom_object RoadShow]\n"
    "keys = rid\n"
    "fields = rid, city\n";

/* ---- raw requests ---- */

/* POST <env><Header><AuthenticationHeader/></Header><Body><ns1:ELEMENT>INNER</ns1:ELEMENT></Body>,
 * with @p auth_extra after the header's three signed members; the whole HTTP response (caller
 * frees), or NULL. */
static char *s_post_auth(const char *element, const char *inner, const char *auth_extra)
{
    char ts[MKTOWS_TIMESTAMP_SIZE], sig[MKTOWS_SIGNATURE_SIZE];
    if (mktows_timestamp_format(time(NULL), 0, ts) != MKTOWS_OK
        || mktows_sign(ts, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, sig) != MKTOWS_OK)
        return NULL;
    size_t n = strlen(inner) + 2048;
    char *body = malloc(n);
    if (!body)
        return NULL;
    snprintf(body, n,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
             " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
             " xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Header><ns1:AuthenticationHeader>"
             "<mktowsUserId>%s</mktowsUserId><requestSignature>%s</requestSignature>"
             "<requestTimestamp>%s</requestTimestamp>%s</ns1:AuthenticationHeader></SOAP-ENV:Header>"
             "<SOAP-ENV:Body><ns1:%s>%s</ns1:%s></SOAP-ENV:Body></SOAP-ENV:Envelope>",
             MKTOWS_TEST_USER, sig, ts, auth_extra, element, inner, element);
    char *resp = mktows_test_http_post(s_srv.url, body);
    free(body);
    return resp;
}

static char *s_post(const char *element, const char *inner)
{
    return s_post_auth(element, inner, "");
}

/* The text of the first <TAG>...</TAG> in @p xml copied to @p out ("" when absent). */
static const char *s_text(const char *xml, const char *tag, char *out, size_t len)
{
    char open[96], close[96];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = xml ? strstr(xml, open) : NULL;
    const char *b = a ? strstr(a, close) : NULL;
    *out = '\0';
    if (a && b) {
        a += strlen(open);
        snprintf(out, len, "%.*s", (int)(b - a), a);
    }
    return out;
}

/* 1 when @p resp is an HTTP 200 carrying <prefix:RESP_EL>. */
static int s_success(const char *resp, const char *resp_el)
{
    char open[128];
    snprintf(open, sizeof open, ":%s>", resp_el);
    return resp && strncmp(resp, "HTTP/1.1 200", 12) == 0 && strstr(resp, open) != NULL;
}

/* ---- seeded objects the requests name ---- */

static char s_lead[32], s_lead_b[32], s_opportunity[32];

/* The leadId of a syncLead for @p email, into @p out. */
static void s_seed_lead(const char *email, char *out, size_t len)
{
    char inner[512];
    snprintf(inner, sizeof inner,
             "<leadRecord><Email>%s</Email><leadAttributeList><attribute><attrName>FirstName</attrName>"
             "<attrValue>Seed</attrValue></attribute></leadAttributeList></leadRecord><returnLead>false</returnLead>",
             email);
    char *resp = s_post("paramsSyncLead", inner);
    s_text(resp, "leadId", out, len);
    free(resp);
}

static int s_setup(void)
{
    mktows_test_server_options o = MKTOWS_TEST_SERVER_OPTIONS_INIT;
    o.config = s_config;
    if (mktows_test_server_start(&s_srv, &o))
        return 1;
    s_seed_lead("fidelity@example.com", s_lead, sizeof s_lead);
    s_seed_lead("loser@example.com", s_lead_b, sizeof s_lead_b);
    char *resp = s_post("paramsSyncMObjects",
                        "<mObjectList><mObject><type>Opportunity</type><attribList>"
                        "<attrib><name>Name</name><value>Seed deal</value></attrib></attribList></mObject>"
                        "</mObjectList><operation>INSERT</operation>");
    s_text(resp, "id", s_opportunity, sizeof s_opportunity);
    free(resp);
    resp = s_post("paramsSyncCustomObjects",
                  "<objTypeName>RoadShow</objTypeName><customObjList><customObj><customObjKeyList>"
                  "<attribute><attrName>rid</attrName><attrValue>r1</attrValue></attribute></customObjKeyList>"
                  "</customObj></customObjList><operation>UPSERT</operation>");
    free(resp);
    resp = s_post("paramsImportToList",
                  "<programName>Spring Webinar</programName><importFileHeader>Email</importFileHeader>"
                  "<importFileRows><stringItem>imported@example.com</stringItem></importFileRows>"
                  "<importListMode>UPSERTLEADS</importListMode><listName>Webinar Invitees</listName>"
                  "<clearList>false</clearList><campaignName xsi:nil=\"true\"/>");
    free(resp);
    if (!*s_lead || !*s_lead_b || !*s_opportunity) {
        fprintf(stderr, "seeding failed: lead '%s', lead '%s', opportunity '%s'\n", s_lead, s_lead_b, s_opportunity);
        return 1;
    }
    return 0;
}

static int s_teardown(void)
{
    int rc = mktows_test_server_stop(&s_srv);
    mktows_test_server_clean_up(&s_srv);
    return rc == 0 ? 0 : 1;
}

/* ---- empty optional elements on every operation ---- */

/* One request per operation, as PHP's SoapClient writes it: every optional member of simple type
 * the request does not use is an empty element. %LEAD%, %LEADB% and %OPP% are the seeded ids.
 * s_complete() adds, empty, every optional simple member a row leaves out. An operation the WSDL
 * gains without a row here fails the test, unless the evolution suite names it as new. */
static const struct {
    const char *op;
    const char *inner;
} s_empty_requests[] = {
    { "deleteMObjects",
      "<mObjectList><mObject><type>Opportunity</type><id>%OPP%</id><createdAt/><updatedAt/></mObject></mObjectList>" },
    { "describeMObject", "<objectName>LeadRecord</objectName>" },
    { "getMObjects",
      "<type>Program</type><id/><includeDetails/><streamPosition/>" },
    { "syncMObjects",
      "<mObjectList><mObject><type>Opportunity</type><id/><createdAt/><updatedAt/><attribList><attrib>"
      "<name>Name</name><value>Empty dates</value></attrib></attribList></mObject></mObjectList>"
      "<operation>UPSERT</operation>" },
    { "getCampaignsForSource", "<source>MKTOWS</source><name/><exactName/>" },
    { "getImportToListStatus", "<programName>Spring Webinar</programName><listName>Webinar Invitees</listName>" },
    { "getLead", "<leadKey><keyType>IDNUM</keyType><keyValue>%LEAD%</keyValue></leadKey>" },
    { "getLeadActivity",
      "<leadKey><keyType>IDNUM</keyType><keyValue>%LEAD%</keyValue></leadKey>"
      "<startPosition><latestCreatedAt/><oldestCreatedAt/><activityCreatedAt/><offset/></startPosition>"
      "<batchSize/>" },
    { "getLeadChanges",
      "<startPosition><latestCreatedAt/><oldestCreatedAt>2000-01-01T00:00:00+00:00</oldestCreatedAt>"
      "<activityCreatedAt/><offset/></startPosition><batchSize/>" },
    { "getMultipleLeads",
      "<leadSelector xsi:type=\"ns1:LeadKeySelector\"><keyType>IDNUM</keyType><keyValues>"
      "<stringItem>%LEAD%</stringItem></keyValues></leadSelector><lastUpdatedAt/><streamPosition/><batchSize/>"
      "<includeAttributes><stringItem/></includeAttributes>" },
    { "importToList",
      "<programName>Spring Webinar</programName><importFileHeader>Email</importFileHeader>"
      "<importFileRows><stringItem>empty@example.com</stringItem><stringItem/></importFileRows>"
      "<importListMode>UPSERTLEADS</importListMode><listName>Webinar Invitees</listName>"
      "<clearList>false</clearList><campaignName xsi:nil=\"true\"/>" },
    { "listMObjects", "" },
    { "listOperation",
      "<listOperation>ADDTOLIST</listOperation><listKey><keyType>MKTOLISTNAME</keyType><keyValue>Newsletter</keyValue>"
      "</listKey><listMemberList><leadKey><keyType>IDNUM</keyType><keyValue>%LEAD%</keyValue></leadKey>"
      "</listMemberList><strict/>" },
    { "requestCampaign",
      "<source>MKTOWS</source><campaignId/><leadList><leadKey><keyType>IDNUM</keyType><keyValue>%LEAD%</keyValue>"
      "</leadKey></leadList><programName>Spring Webinar</programName><campaignName>Send Invitation</campaignName>" },
    { "scheduleCampaign",
      "<programName>Spring Webinar</programName><campaignName>Send Invitation</campaignName><campaignRunAt/>" },
    { "syncLead",
      "<leadRecord><Id/><Email>empty-sync@example.com</Email><ForeignSysPersonId/><ForeignSysType/>"
      "</leadRecord><returnLead>true</returnLead><marketoCookie/>" },
    { "syncMultipleLeads",
      "<leadRecordList><leadRecord><Id/><Email>empty-multi@example.com</Email><ForeignSysPersonId/>"
      "<ForeignSysType/></leadRecord></leadRecordList><dedupEnabled/>" },
    { "syncCustomObjects",
      "<objTypeName>RoadShow</objTypeName><customObjList><customObj><customObjKeyList><attribute>"
      "<attrName>rid</attrName><attrType/><attrValue>r2</attrValue></attribute></customObjKeyList></customObj>"
      "</customObjList><operation/>" },
    { "deleteCustomObjects",
      "<objTypeName>RoadShow</objTypeName><customObjKeyLists><keyList><attribute><attrName>rid</attrName>"
      "<attrType/><attrValue>r1</attrValue></attribute></keyList></customObjKeyLists>" },
    { "getCustomObjects",
      "<objTypeName>RoadShow</objTypeName><streamPosition/><batchSize/><includeAttributes><stringItem/>"
      "</includeAttributes>" },
    { "mergeLeads",
      "<winningLeadKeyList><attribute><attrName>IDNUM</attrName><attrType/><attrValue>%LEAD%</attrValue>"
      "</attribute></winningLeadKeyList><losingLeadKeyLists><keyList><attribute><attrName>IDNUM</attrName>"
      "<attrType/><attrValue>%LEADB%</attrValue></attribute></keyList></losingLeadKeyLists><mergeInSales/>" },
    { "getChannels", "<tag><type/><values><stringItem/></values></tag>" },
    { "getTags", "<tagList><tag><type>Region</type><values><stringItem/></values></tag></tagList>" },
};

/* @p in with %LEAD%, %LEADB% and %OPP% replaced, into @p out. */
static void s_expand(const char *in, char *out, size_t len)
{
    static const struct {
        const char *mark;
        const char *value;
    } marks[] = { { "%LEADB%", s_lead_b }, { "%LEAD%", s_lead }, { "%OPP%", s_opportunity } };
    size_t n = 0;
    while (*in && n + 1 < len) {
        size_t k = 0;
        for (; k < sizeof marks / sizeof marks[0]; k++)
            if (strncmp(in, marks[k].mark, strlen(marks[k].mark)) == 0)
                break;
        if (k < sizeof marks / sizeof marks[0]) {
            n += (size_t)snprintf(out + n, len - n, "%s", marks[k].value);
            in += strlen(marks[k].mark);
        } else {
            out[n++] = *in++;
        }
    }
    out[n < len ? n : len - 1] = '\0';
}

/* Walk @p node (of schema type @p type); report (and count in *missing) every optional simple
 * member of a complex element present that the request does not write, empty or not: the requests
 * write them all, as PHP's SoapClient does, so each one the request does not use is empty. */
/* The request text being completed by s_complete(); @c over is set when @c cap was too small. */
typedef struct {
    char *p;
    size_t n, cap;
    int over;
} s_out;

static void s_put(s_out *t, const char *s, size_t len)
{
    if (t->over || len >= t->cap - t->n) {
        t->over = 1;
        return;
    }
    memcpy(t->p + t->n, s, len);
    t->n += len;
    t->p[t->n] = '\0';
}

static void s_puts(s_out *t, const char *s)
{
    s_put(t, s, strlen(s));
}

static void s_put_escaped(s_out *t, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" : s[i] == '"' ? "&quot;" : NULL;
        if (e)
            s_puts(t, e);
        else
            s_put(t, s + i, 1);
    }
}

/* Writes the children of @p node (of schema type @p type, or of its xsi:type) to @p t in the order
 * of the schema, with an empty element for every optional member of simple type the hand-written
 * request leaves out: the rows of s_empty_requests give the values an operation needs, the schema
 * adds the rest, so a member the WSDL gains is written empty too. A child the schema does not
 * know counts in *unknown. */
static void s_complete(const mktows_schema *schema, const mktows_xml_node *node, const mktows_schema_type *type,
                       const char *op, s_out *t, int *unknown)
{
    static const char xsi[] = "http://www.w3.org/2001/XMLSchema-instance";
    const char *xsi_type = mktows_xml_attr_value_(node, xsi, "type");
    if (xsi_type) {
        const char *ns, *local;
        if (mktows_xml_resolve_qname_(node, xsi_type, &ns, &local) == 0) {
            const mktows_schema_type *sub = mktows_schema_type_find_(schema, ns, local);
            if (sub)
                type = sub;
        }
    }
    for (const mktows_xml_node *c = node->children; c; c = c->next) {
        size_t i = 0;
        while (i < type->particle_count && strcmp(c->local, type->particles[i].name) != 0)
            i++;
        if (i == type->particle_count) {
            fprintf(stderr, "%s: the request's <%s> is not a member of %s\n", op, c->local, type->name);
            (*unknown)++;
        }
    }
    for (size_t i = 0; i < type->particle_count; i++) {
        const mktows_schema_particle *p = &type->particles[i];
        int seen = 0;
        for (const mktows_xml_node *c = node->children; c; c = c->next) {
            if (strcmp(c->local, p->name) != 0)
                continue;
            seen = 1;
            s_puts(t, "<");
            s_puts(t, p->name);
            for (const mktows_xml_attr *a = c->attrs; a; a = a->next) {
                s_puts(t, a->ns && strcmp(a->ns, xsi) == 0 ? " xsi:" : " ");
                s_puts(t, a->local);
                s_puts(t, "=\"");
                s_put_escaped(t, a->value, strlen(a->value));
                s_puts(t, "\"");
            }
            s_puts(t, ">");
            if (p->type->kind == MKTOWS_SCHEMA_COMPLEX)
                s_complete(schema, c, p->type, op, t, unknown);
            else
                s_put_escaped(t, c->text, c->text_len);
            s_puts(t, "</");
            s_puts(t, p->name);
            s_puts(t, ">");
        }
        if (!seen && p->min_occurs == 0 && p->type->kind != MKTOWS_SCHEMA_COMPLEX) {
            s_puts(t, "<");
            s_puts(t, p->name);
            s_puts(t, "/>");
        }
    }
}

/* Walk a response element @p node of type @p type: every nillable member (maxOccurs 1) is written,
 * xsi:nil only on nillable members, dateTime values with an offset ("+00:00"), not "Z". Counts
 * the departures in *bad (each reported). */
static void s_check_shape(const mktows_schema *schema, const mktows_xml_node *node, const mktows_schema_type *type,
                          const char *op, int *bad)
{
    static const char xsi[] = "http://www.w3.org/2001/XMLSchema-instance";
    const char *nil = mktows_xml_attr_value_(node, xsi, "nil");
    if (nil && !strcmp(nil, "true"))
        return;
    if (type->kind == MKTOWS_SCHEMA_DATETIME) {
        if (node->text_len && node->text[node->text_len - 1] == 'Z') {
            fprintf(stderr, "%s: <%s> %s is written with Z, not +00:00\n", op, node->local, node->text);
            (*bad)++;
        }
        return;
    }
    if (type->kind != MKTOWS_SCHEMA_COMPLEX)
        return;
    for (size_t i = 0; i < type->particle_count; i++) {
        const mktows_schema_particle *p = &type->particles[i];
        int seen = 0;
        for (const mktows_xml_node *c = node->children; c; c = c->next) {
            if (strcmp(c->local, p->name) != 0)
                continue;
            seen = 1;
            const char *cnil = mktows_xml_attr_value_(c, xsi, "nil");
            if (cnil && !p->nillable) {
                fprintf(stderr, "%s: <%s> is nil but %s/%s is not nillable\n", op, c->local, type->name, p->name);
                (*bad)++;
            }
            s_check_shape(schema, c, p->type, op, bad);
        }
        if (!seen && p->nillable && p->max_occurs == 1) {
            fprintf(stderr, "%s: %s/%s is nillable but left out (Marketo wrote xsi:nil)\n", op, type->name, p->name);
            (*bad)++;
        }
    }
}

/* The body of an HTTP response @p resp checked with s_check_shape() against operation @p op. */
static void s_check_response(const mktows_schema *schema, const char *op, const char *resp)
{
    const char *body = resp ? strstr(resp, "\r\n\r\n") : NULL;
    char err[256];
    mktows_xml_doc *doc = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_EQUAL_FATAL(mktows_xml_parse_(&doc, body + 4, strlen(body + 4), err, sizeof err), 0);
    const mktows_xml_node *env = mktows_xml_root_(doc), *b = env->children;
    while (b && strcmp(b->local, "Body") != 0)
        b = b->next;
    const mktows_schema_op *sop = mktows_schema_op_find_(schema, op);
    int bad = 0;
    if (b && b->children && sop)
        s_check_shape(schema, b->children, sop->type, op, &bad);
    else
        bad++;
    CU_ASSERT_EQUAL(bad, 0);
    mktows_xml_doc_free_(doc);
}

#define S_EMPTY_CASE(OP, fn, REQ, RESP, req_el, resp_el, result, headers, paged, batched)           \
    do {                                                                                         \
        const char *inner_ = NULL;                                                               \
        for (size_t i_ = 0; i_ < sizeof s_empty_requests / sizeof s_empty_requests[0]; i_++)    \
            if (strcmp(s_empty_requests[i_].op, #OP) == 0)                                       \
                inner_ = s_empty_requests[i_].inner;                                             \
        if (!inner_ && mktows_test_operation_is_new(#OP))                                        \
        { skipped++; break; } /* the WSDL gained it: no hand-written row can exist yet */        \
        if (!inner_) {                                                                           \
            fprintf(stderr, "%s: no request in s_empty_requests\n", #OP);                       \
            CU_FAIL("an operation without a request with empty optional elements");              \
            break;                                                                               \
        }                                                                                        \
        s_check_empty(schema, #OP, #req_el, #resp_el, inner_);                                   \
        checked++;                                                                               \
    } while (0);

static void s_check_empty(const mktows_schema *schema, const char *op, const char *req_el, const char *resp_el,
                          const char *inner)
{
    char expanded[4096], doc[4300], err[256], completed[8192];
    s_expand(inner, expanded, sizeof expanded);
    snprintf(doc, sizeof doc,
             "<ns1:%s xmlns:ns1=\"http://www.marketo.com/mktows/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
             "%s</ns1:%s>", req_el, expanded, req_el);
    mktows_xml_doc *xml = NULL;
    CU_ASSERT_EQUAL_FATAL(mktows_xml_parse_(&xml, doc, strlen(doc), err, sizeof err), 0);
    const mktows_schema_op *sop = mktows_schema_op_find_(schema, op);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sop);
    /* the request writes every optional simple member, those of the row and the rest empty */
    s_out t = { completed, 0, sizeof completed, 0 };
    completed[0] = '\0';
    int unknown = 0;
    s_complete(schema, mktows_xml_root_(xml), sop->input_type, op, &t, &unknown);
    mktows_xml_doc_free_(xml);
    CU_ASSERT_EQUAL(unknown, 0);
    CU_ASSERT_FALSE_FATAL(t.over);
    char *resp = s_post(req_el, completed);
    if (!s_success(resp, resp_el)) {
        fprintf(stderr, "%s: no success for\n  %s\n  -> %s\n", op, completed, resp ? resp : "(no response)");
        CU_FAIL("a request with empty optional elements did not succeed");
    } else {
        s_check_response(schema, op, resp); /* and the response has the pages' nils and dates */
    }
    free(resp);
}

static void test_empty_elements__optional_simple_values_read_as_absent_on_every_operation(void)
{
    mktows_schema *schema = NULL;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(mktows_schema_load_builtin_(&schema, err, sizeof err), MKTOWS_OK);
    int checked = 0, skipped = 0;
    MKTOWS_IFACE_OPERATIONS(S_EMPTY_CASE)
    CU_ASSERT_EQUAL(checked + skipped, MKTOWS_IFACE_OPERATION_COUNT);
    mktows_schema_free_(schema);
}

/* The getLeadActivity request of its reference page, as PHP's SoapClient sends it. */
static void test_empty_elements__get_lead_activity_page_request_as_php_sends_it(void)
{
    char inner[1024];
    snprintf(inner, sizeof inner,
             "<leadKey><keyType>IDNUM</keyType><keyValue>%s</keyValue></leadKey>"
             "<activityFilter><includeTypes><activityType>NewLead</activityType></includeTypes></activityFilter>"
             "<startPosition><latestCreatedAt/><offset/></startPosition><batchSize>10</batchSize>",
             s_lead);
    char *resp = s_post("paramsGetLeadActivity", inner);
    CU_ASSERT_TRUE(s_success(resp, "successGetLeadActivity"));
    char count[16];
    CU_ASSERT_STRING_EQUAL(s_text(resp, "returnCount", count, sizeof count), "1");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "<activityType>New Lead</activityType>"));
    free(resp);
}

/* The forms of "empty" clients write: open and close tags, white space, a comment, a namespace
 * declaration of its own, xsi:nil; and an xsi:type subtype followed through (LeadKeySelector). */
static void test_empty_elements__every_written_form_of_empty_reads_as_absent(void)
{
    char inner[1024];
    snprintf(inner, sizeof inner,
             "<leadKey><keyType>IDNUM</keyType><keyValue>%s</keyValue></leadKey>"
             "<startPosition><latestCreatedAt> \r\n\t</latestCreatedAt><oldestCreatedAt></oldestCreatedAt>"
             "<activityCreatedAt xmlns:other=\"urn:x\"/><offset><!-- none --></offset></startPosition>"
             "<batchSize xsi:nil=\"true\"/>", s_lead);
    char *resp = s_post("paramsGetLeadActivity", inner);
    CU_ASSERT_TRUE(s_success(resp, "successGetLeadActivity"));
    free(resp);
    snprintf(inner, sizeof inner,
             "<leadSelector xsi:type=\"ns1:StaticListSelector\"><staticListName>Newsletter</staticListName>"
             "<staticListId/></leadSelector><batchSize></batchSize>");
    resp = s_post("paramsGetMultipleLeads", inner);
    CU_ASSERT_TRUE(s_success(resp, "successGetMultipleLeads"));
    free(resp);
}

/* The header's optional members too: an empty <audit/> and <mode/> (xs:int) read as absent, as
 * PHP's SoapClient sends them for unset members; a mode that is not a number is still refused. */
static void test_empty_elements__optional_header_values_read_as_absent(void)
{
    char *resp = s_post_auth("paramsGetTags", "", "<audit/><mode></mode>");
    CU_ASSERT_TRUE(s_success(resp, "successGetTags"));
    free(resp);
    resp = s_post_auth("paramsGetTags", "", "<mode>x</mode>");
    CU_ASSERT_PTR_NOT_NULL(resp);
    CU_ASSERT_FALSE(s_success(resp, "successGetTags"));
    CU_ASSERT_PTR_NOT_NULL(resp ? strstr(resp, "<code>") : NULL);
    CU_ASSERT_PTR_NOT_NULL(resp ? strstr(resp, "'mode'") : NULL);
    free(resp);
}

/* An empty element the schema requires is not dropped: the client gets a Marketo fault. */
static void test_empty_elements__required_empty_value_is_a_marketo_fault(void)
{
    char *resp = s_post("paramsSyncLead",
                        "<leadRecord><Email>required@example.com</Email></leadRecord><returnLead/>");
    char code[16];
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_EQUAL(strncmp(resp, "HTTP/1.1 500", 12), 0);
    CU_ASSERT_STRING_EQUAL(s_text(resp, "code", code, sizeof code), "20109");
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<faultstring>20109 - Parameter Required</faultstring>"));
    free(resp);
}

/* ---- display names of lead fields ---- */

/* The <displayName> of the <field> whose <name> is @p name in a describeMObject response. */
static const char *s_display_name(const char *resp, const char *name, char *out, size_t len)
{
    char want[96];
    snprintf(want, sizeof want, "<name>%s</name>", name);
    const char *at = resp ? strstr(resp, want) : NULL;
    *out = '\0';
    if (at) {
        const char *end = strstr(at, "</field>");
        s_text(at, "displayName", out, len);
        if (end && strstr(at, "<displayName>") > end)
            *out = '\0';
    }
    return out;
}

static void test_display_names__describe_lead_record_returns_marketo_display_names(void)
{
    char *resp = s_post("paramsDescribeMObject", "<objectName>LeadRecord</objectName>");
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successDescribeMObject"));
    char shown[64];
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "LastName", shown, sizeof shown), "Last Name");
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "FirstName", shown, sizeof shown), "First Name");
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "Title", shown, sizeof shown), "Job Title");
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "Company", shown, sizeof shown), "Company Name");
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "Email", shown, sizeof shown), "Email Address");
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "Phone", shown, sizeof shown), "Phone Number");
    /* from the config: a custom field's and a standard field's */
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "Region", shown, sizeof shown), "Sales Region");
    CU_ASSERT_STRING_EQUAL(s_display_name(resp, "Fax", shown, sizeof shown), "Fax Line");
    /* metadata dates are the page's, not the epoch */
    CU_ASSERT_PTR_NULL(strstr(resp, "1970-"));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<updatedAt>" S_PAGE_DATE "</updatedAt></field>"));
    free(resp);
}

/* The header row of the importToList page, in display names, imports; so do configured ones. */
static void test_display_names__import_to_list_reads_the_page_header_row(void)
{
    char *resp = s_post("paramsImportToList",
                        "<programName>Spring Webinar</programName>"
                        "<importFileHeader>Last Name,First Name,Job Title,Company Name,Email Address,Sales Region,Fax Line"
                        "</importFileHeader><importFileRows>"
                        "<stringItem>Smith,Joe,CTO,Acme,joe@company.com,EMEA,555-0100</stringItem>"
                        "<stringItem>Rodgers,Mary,CFO,Megacorp,mary@company.com,APAC,555-0101</stringItem>"
                        "</importFileRows><importListMode>UPSERTLEADS</importListMode><listName>Webinar Invitees</listName>"
                        "<clearList>false</clearList><campaignName xsi:nil=\"true\"/>");
    CU_ASSERT_TRUE(s_success(resp, "successImportToList"));
    free(resp);
    resp = s_post("paramsGetImportToListStatus",
                  "<programName>Spring Webinar</programName><listName>Webinar Invitees</listName>");
    char text[64];
    CU_ASSERT_STRING_EQUAL(s_text(resp, "rowsImported", text, sizeof text), "2");
    CU_ASSERT_STRING_EQUAL(s_text(resp, "rowsFailed", text, sizeof text), "0");
    free(resp);
    resp = s_post("paramsGetLead", "<leadKey><keyType>EMAIL</keyType><keyValue>joe@company.com</keyValue></leadKey>");
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successGetLead"));
    static const char *const expect[] = {
        "<attrName>LastName</attrName><attrType>string</attrType><attrValue>Smith</attrValue>",
        "<attrName>FirstName</attrName><attrType>string</attrType><attrValue>Joe</attrValue>",
        "<attrName>Title</attrName><attrType>string</attrType><attrValue>CTO</attrValue>",
        "<attrName>Company</attrName><attrType>string</attrType><attrValue>Acme</attrValue>",
        "<attrName>Region</attrName><attrType>string</attrType><attrValue>EMEA</attrValue>",
        "<attrName>Fax</attrName><attrType>phone</attrType><attrValue>555-0100</attrValue>",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        if (!strstr(resp, expect[i])) {
            fprintf(stderr, "getLead lacks %s:\n%s\n", expect[i], resp);
            CU_FAIL("an imported column did not reach its field");
        }
    free(resp);
}

/* ---- describeMObject ActivityRecord ---- */

/* Its fields as the describeMObject page lists them, each in wire order (ActivityRecord's element
 * names, source object, description, size, isName; displayName and dynamicFieldRef nil). */
static void test_describe__activity_record_is_the_page_field_list(void)
{
    char *resp = s_post("paramsDescribeMObject", "<objectName>ActivityRecord</objectName>");
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successDescribeMObject"));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<metadata><name>ActivityRecord</name><description>An activity: fields of the "
                                        "event, its campaign, its lead and the lead's company</description><isCustom>false"
                                        "</isCustom><isVirtual>true</isVirtual><fieldList><field><name>id</name>"));
    static const struct {
        const char *name, *description, *source, *type, *size, *is_name, *key;
    } fields[] = {
        { "id", "The activity's id", "Event", "integer", "<size>10</size>", "false", "true" },
        { "activityDateTime", "When the activity happened", "Event", "dateTime", "<size xsi:nil=\"true\"/>", "false", "false" },
        { "activityType", "The activity type", "Event", "string", "<size>255</size>", "true", "false" },
        { "mktgAssetName", "The asset the activity concerns (an email, a landing page, a field)", "Event", "string", "<size>255</size>",
          "false", "false" },
        { "activityAttributes", "The attributes of this activity type, as name and value pairs", "Event", "Array",
          "<size xsi:nil=\"true\"/>", "false", "false" },
        { "campaign", "The campaign that ran it", "Campaign", "string", "<size>255</size>", "false", "false" },
        { "personName", "The lead's name", "Lead", "string", "<size>255</size>", "false", "false" },
        { "mktPersonId", "The lead's id", "Lead", "integer", "<size>10</size>", "false", "false" },
        { "foreignSysId", "The lead's id in a foreign system", "Lead", "string", "<size>50</size>", "false", "false" },
        { "orgName", "The lead's company", "Company", "string", "<size>255</size>", "false", "false" },
        { "foreignSysOrgId", "The company's id in a foreign system", "Company", "string", "<size>50</size>", "false",
          "false" },
    };
    const char *at = resp;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char want[1024];
        snprintf(want, sizeof want,
                 "<field><name>%s</name><description>%s</description><displayName xsi:nil=\"true\"/>"
                 "<sourceObject>%s</sourceObject><dataType>%s</dataType>%s<isReadonly>true</isReadonly>"
                 "<isUpdateBlocked>true</isUpdateBlocked><isName>%s</isName><isPrimaryKey>%s</isPrimaryKey>"
                 "<isCustom>false</isCustom><isDynamic>false</isDynamic><dynamicFieldRef xsi:nil=\"true\"/>"
                 "<updatedAt>" S_PAGE_DATE "</updatedAt></field>",
                 fields[i].name, fields[i].description, fields[i].source, fields[i].type, fields[i].size,
                 fields[i].is_name, fields[i].key);
        const char *found = strstr(at, want);
        if (!found)
            fprintf(stderr, "describeMObject ActivityRecord: field %zu is not\n  %s\nin\n%s\n", i, want, at);
        CU_ASSERT_PTR_NOT_NULL_FATAL(found);
        at = found + strlen(want);
    }
    CU_ASSERT_EQUAL(strncmp(at, "</fieldList><updatedAt>" S_PAGE_DATE "</updatedAt></metadata>",
                            strlen("</fieldList><updatedAt>" S_PAGE_DATE "</updatedAt></metadata>")), 0);
    free(resp);
}

/* ---- getChannels ---- */

/* One <progressionStatusItem> as the page writes it; @p behavior is "Name=Value" or NULL. */
static size_t s_status_xml(char *out, size_t len, const char *status, int step, const char *behavior, int success)
{
    char extra[160] = "";
    if (behavior) {
        const char *eq = strchr(behavior, '=');
        snprintf(extra, sizeof extra, "<attrib><name>%.*s</name><value>%s</value></attrib>", (int)(eq - behavior),
                 behavior, eq + 1);
    }
    return (size_t)snprintf(out, len,
                            "<progressionStatusItem><progressionStatus><attrib><name>Status</name><value>%s</value>"
                            "</attrib><attrib><name>Step</name><value>%d</value></attrib>%s<attrib><name>Success"
                            "</name><value>%s</value></attrib></progressionStatus></progressionStatusItem>",
                            status, step, extra, success ? "true" : "false");
}

/* The page's request (Webinar, Blog, Tradeshow) gets the page's response: channels and statuses
 * in name order, Status / Step / behavior attribute / Success. */
static void test_channels__page_request_gets_page_response(void)
{
    char *resp = s_post("paramsGetChannels", "<tag><values><stringItem>Webinar</stringItem><stringItem>Blog</stringItem>"
                                             "<stringItem>Tradeshow</stringItem></values></tag>");
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successGetChannels"));
    static const struct {
        const char *channel; /* starts a channel */
        const char *status;
        int step;
        const char *behavior;
        int success;
    } page[] = {
        { "Blog", "Engaged", 20, NULL, 1 },
        { NULL, "Subscribed", 30, NULL, 1 },
        { NULL, "Visited", 10, NULL, 0 },
        { "Tradeshow", "Attended Show", 20, "Check-in Status=Attended", 0 },
        { NULL, "Engaged", 40, "Check-in Status=None", 1 },
        { NULL, "Invited", 10, "Check-in Status=None", 0 },
        { NULL, "Visited Booth", 30, "Check-in Status=None", 1 },
        { "Webinar", "Attended", 70, "Webinar Behavior=Attended", 1 },
        { NULL, "Attended On-demand", 75, "Webinar Behavior=Attended On-demand", 1 },
        { NULL, "Downloaded", 5, NULL, 1 },
        { NULL, "Invited", 10, NULL, 0 },
        { NULL, "No Show", 50, "Webinar Behavior=No Show", 0 },
        { NULL, "Pending Approval", 20, NULL, 0 },
        { NULL, "Registered", 40, "Webinar Behavior=Registered", 0 },
        { NULL, "Rejected", 30, NULL, 0 },
        { NULL, "Wait Listed", 30, NULL, 0 },
    };
    char want[8192];
    size_t n = (size_t)snprintf(want, sizeof want, "<result><tags>");
    for (size_t i = 0; i < sizeof page / sizeof page[0]; i++) {
        if (page[i].channel)
            n += (size_t)snprintf(want + n, sizeof want - n, "%s<tagStatus><tagValue>%s</tagValue><statusList>",
                                  i ? "</statusList></tagStatus>" : "", page[i].channel);
        n += s_status_xml(want + n, sizeof want - n, page[i].status, page[i].step, page[i].behavior, page[i].success);
    }
    snprintf(want + n, sizeof want - n, "</statusList></tagStatus></tags></result>");
    if (!strstr(resp, want))
        fprintf(stderr, "getChannels: want\n%s\ngot\n%s\n", want, resp);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, want));
    free(resp);
}

/* ---- getMObjects Program ---- */

/* The page's request (Id LE 1010, Name NE elizprogramtest) gets the page's shape: Name, Type,
 * Workspace Id, Workspace Name, Tree Path, Is Archived (Start Date, End Date for an event), and the
 * channel as a Tag in typeAttribList; an archived program only with Include Archive. */
static void test_mobjects__program_page_request_gets_page_attributes(void)
{
    static const char criteria[] =
        "<type>Program</type><mObjCriteriaList><mObjCriteria><attrName>Id</attrName><comparison>LE</comparison>"
        "<attrValue>1010</attrValue></mObjCriteria><mObjCriteria><attrName>Name</attrName><comparison>NE</comparison>"
        "<attrValue>elizprogramtest</attrValue></mObjCriteria>%s</mObjCriteriaList>";
    char inner[1024];
    snprintf(inner, sizeof inner, criteria, "");
    char *resp = s_post("paramsGetMObjects", inner);
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successGetMObjects"));
    char text[64];
    CU_ASSERT_STRING_EQUAL(s_text(resp, "returnCount", text, sizeof text), "2");
    static const char program01[] =
        "<mObject><type>Program</type><id>1001</id><attribList>"
        "<attrib><name>Name</name><value>Program01</value></attrib>"
        "<attrib><name>Type</name><value>Marketing Program</value></attrib>"
        "<attrib><name>Workspace Id</name><value>1</value></attrib>"
        "<attrib><name>Workspace Name</name><value>Default</value></attrib>"
        "<attrib><name>Tree Path</name><value>/Marketing Activities/Default/Training/Program01</value></attrib>"
        "<attrib><name>Is Archived</name><value>false</value></attrib></attribList>"
        "<typeAttribList><typeAttrib><attrType>Tag</attrType><attrList>"
        "<attrib><name>Type</name><value>Channel</value></attrib>"
        "<attrib><name>Value</name><value>Content</value></attrib></attrList></typeAttrib></typeAttribList></mObject>";
    static const char launch[] =
        "<mObject><type>Program</type><id>1006</id><attribList>"
        "<attrib><name>Name</name><value>Big Launch Webinar</value></attrib>"
        "<attrib><name>Type</name><value>Marketing Event</value></attrib>"
        "<attrib><name>Workspace Id</name><value>1</value></attrib>"
        "<attrib><name>Workspace Name</name><value>Default</value></attrib>"
        "<attrib><name>Tree Path</name><value>/Marketing Activities/Default/MKTO Training/MKTO Events/Big Launch Webinar"
        "</value></attrib>"
        "<attrib><name>Is Archived</name><value>false</value></attrib>"
        "<attrib><name>Start Date</name><value>2011-08-01 11:00:00</value></attrib>"
        "<attrib><name>End Date</name><value>2011-08-01 02:00:00</value></attrib></attribList>"
        "<typeAttribList><typeAttrib><attrType>Tag</attrType><attrList>"
        "<attrib><name>Type</name><value>Channel</value></attrib>"
        "<attrib><name>Value</name><value>Webinar</value></attrib></attrList></typeAttrib></typeAttribList></mObject>";
    if (!strstr(resp, program01) || !strstr(resp, launch))
        fprintf(stderr, "getMObjects Program: want\n%s\n%s\ngot\n%s\n", program01, launch, resp);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, program01));
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, launch));
    CU_ASSERT_PTR_NULL(strstr(resp, "<value>elizprogramtest</value>"));
    CU_ASSERT_PTR_NULL(strstr(resp, "<value>Old Launch</value>"));
    free(resp);

    /* Include Archive brings the archived one; includeDetails adds the description, keeps the tag */
    snprintf(inner, sizeof inner, criteria,
             "<mObjCriteria><attrName>Include Archive</attrName><comparison>EQ</comparison><attrValue>true</attrValue>"
             "</mObjCriteria>");
    resp = s_post("paramsGetMObjects", inner);
    CU_ASSERT_STRING_EQUAL(s_text(resp, "returnCount", text, sizeof text), "3");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "<value>Old Launch</value></attrib><attrib><name>Type</name><value>Default"
                                                "</value></attrib><attrib><name>Workspace Id</name><value>1</value></attrib>"
                                                "<attrib><name>Workspace Name</name><value>Default</value></attrib><attrib>"
                                                "<name>Tree Path</name><value>/Marketing Activities/Default/Old Launch"
                                                "</value></attrib><attrib><name>Is Archived</name><value>true</value>"));
    free(resp);
    resp = s_post("paramsGetMObjects", "<type>Program</type><id>1001</id><includeDetails>true</includeDetails>");
    CU_ASSERT_PTR_NOT_NULL(resp && strstr(resp, "<attrib><name>Is Archived</name><value>false</value></attrib>"
                                                "<attrib><name>Description</name><value>Launch webinar</value></attrib></attribList>"
                                                "<typeAttribList><typeAttrib><attrType>Tag</attrType>"));
    free(resp);
}

/* ---- nils and dates as the pages print them ---- */

/* syncLead: syncStatus/error and the lead record's ForeignSysPersonId / ForeignSysType are nil. */
static void test_nils__sync_lead_status_error_and_foreign_keys_are_nil(void)
{
    char *resp = s_post("paramsSyncLead", "<leadRecord><Email>nils@example.com</Email></leadRecord>"
                                          "<returnLead>true</returnLead>");
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successSyncLead"));
    char id[32], want[512];
    s_text(resp, "leadId", id, sizeof id);
    snprintf(want, sizeof want, "<syncStatus><leadId>%s</leadId><status>CREATED</status><error xsi:nil=\"true\"/>"
                                "</syncStatus><leadRecord><Id>%s</Id><Email>nils@example.com</Email>"
                                "<ForeignSysPersonId xsi:nil=\"true\"/><ForeignSysType xsi:nil=\"true\"/>"
                                "<leadAttributeList>", id, id);
    if (!strstr(resp, want))
        fprintf(stderr, "syncLead: want\n%s\ngot\n%s\n", want, resp);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, want));
    free(resp);
}

/* getLeadActivity: the record's nillable strings nil (mktgAssetName, not nillable, left out), the
 * attributes' attrType nil, dates with +00:00, and newStartPosition with latestCreatedAt and the
 * offset, oldestCreatedAt and activityCreatedAt nil. */
static void test_nils__get_lead_activity_record_and_position_as_the_page(void)
{
    char inner[512];
    snprintf(inner, sizeof inner, "<leadKey><keyType>IDNUM</keyType><keyValue>%s</keyValue></leadKey>"
                                  "<activityFilter><includeTypes><activityType>NewLead</activityType></includeTypes>"
                                  "</activityFilter><batchSize>1</batchSize>", s_lead);
    char *resp = s_post("paramsGetLeadActivity", inner);
    CU_ASSERT_TRUE_FATAL(s_success(resp, "successGetLeadActivity"));
    const char *pos = strstr(resp, "<newStartPosition><latestCreatedAt>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pos);
    pos += strlen("<newStartPosition><latestCreatedAt>");
    /* YYYY-MM-DDTHH:MM:SS+00:00 */
    CU_ASSERT_EQUAL(strncmp(pos + 19, "+00:00</latestCreatedAt><oldestCreatedAt xsi:nil=\"true\"/>"
                                      "<activityCreatedAt xsi:nil=\"true\"/><offset>",
                            strlen("+00:00</latestCreatedAt><oldestCreatedAt xsi:nil=\"true\"/>"
                                   "<activityCreatedAt xsi:nil=\"true\"/><offset>")), 0);
    const char *at = strstr(resp, "<activityDateTime>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    CU_ASSERT_EQUAL(strncmp(at + strlen("<activityDateTime>") + 19, "+00:00</activityDateTime>"
                                                                     "<activityType>New Lead</activityType>"
                                                                     "<activityAttributes><attribute>",
                            strlen("+00:00</activityDateTime><activityType>New Lead</activityType>"
                                   "<activityAttributes><attribute>")), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<attrName>Source Type</attrName><attrType xsi:nil=\"true\"/>"
                                        "<attrValue>Web service API</attrValue>"));
    char want[256];
    snprintf(want, sizeof want, "</activityAttributes><campaign xsi:nil=\"true\"/><personName xsi:nil=\"true\"/>"
                                "<mktPersonId>%s</mktPersonId><foreignSysId xsi:nil=\"true\"/>"
                                "<orgName xsi:nil=\"true\"/><foreignSysOrgId xsi:nil=\"true\"/></activityRecord>", s_lead);
    if (!strstr(resp, want))
        fprintf(stderr, "getLeadActivity: want\n%s\ngot\n%s\n", want, resp);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, want));
    CU_ASSERT_PTR_NULL(strstr(resp, "<mktgAssetName xsi:nil"));
    CU_ASSERT_PTR_NULL(strstr(resp, "Z</"));
    free(resp);
}

/* ---- every fault carries serviceException ---- */

/* POST @p body as it is (no envelope added); the whole HTTP response (caller frees). */
static char *s_post_raw(const char *body)
{
    return mktows_test_http_post(s_srv.url, body);
}

/* @p resp is an HTTP @p status SOAP 1.1 Fault whose faultstring is "CODE - ..." and whose detail is
 * serviceException{name,message,code} with @p code; 1 when it is. */
static int s_marketo_fault(const char *resp, const char *status, int code)
{
    char text[512], want[16], faultstring[64];
    snprintf(want, sizeof want, "%d", code);
    int ok = resp && strncmp(resp, status, strlen(status)) == 0
             && strstr(resp, "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"")
             && strstr(resp, "<faultcode>SOAP-ENV:Client</faultcode>")
             && strncmp(s_text(resp, "faultstring", faultstring, sizeof faultstring), want, strlen(want)) == 0
             && strstr(resp, "<detail><ns1:serviceException xmlns:ns1=\"http://www.marketo.com/mktows/\">")
             && strcmp(s_text(resp, "name", text, sizeof text), "mktServiceException") == 0
             && *s_text(resp, "message", text, sizeof text)
             && strcmp(s_text(resp, "code", text, sizeof text), want) == 0;
    if (!ok)
        fprintf(stderr, "expected %s with fault %d, got:\n%s\n", status, code, resp ? resp : "(no response)");
    return ok;
}

/* Values are stored exactly as sent, or refused with 20012 when XML 1.0 cannot carry them (and so
 * they could never be sent back in a well-formed response): control characters, NUL, lone
 * surrogates, undefined entities, bytes that are not UTF-8. */
static void test_values__not_representable_in_xml_are_refused_and_others_stored_exactly(void)
{
    static const char *const bad[] = { "a&#x1;b", "a&#0;b", "a&#xD800;b", "a&undefined;b", "raw\x01ctl",
                                       "bad\xff\xfeutf8" };
    char inner[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(inner, sizeof inner,
                 "<leadRecord><Email>chars@example.com</Email><leadAttributeList><attribute><attrName>FirstName"
                 "</attrName><attrValue>%s</attrValue></attribute></leadAttributeList></leadRecord>"
                 "<returnLead>false</returnLead>", bad[i]);
        char *resp = s_post("paramsSyncLead", inner);
        CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
        CU_ASSERT_PTR_NOT_NULL(strstr(resp, "<code>20012</code>"));
        if (!strstr(resp, "<code>20012</code>"))
            fprintf(stderr, "\n%s: %.300s\n", bad[i], resp);
        free(resp);
    }
    /* what XML can carry goes in and comes back exactly */
    snprintf(inner, sizeof inner,
             "<leadRecord><Email>chars@example.com</Email><leadAttributeList><attribute><attrName>FirstName"
             "</attrName><attrValue>ok &amp; &lt;fine&gt; &#x1F600; \xc3\xa9\ttab</attrValue></attribute>"
             "</leadAttributeList></leadRecord><returnLead>true</returnLead>");
    char *resp = s_post("paramsSyncLead", inner);
    CU_ASSERT_PTR_NOT_NULL_FATAL(resp);
    CU_ASSERT_TRUE(s_success(resp, "successSyncLead"));
    const char *want = "ok &amp; &lt;fine&gt; \xf0\x9f\x98\x80 \xc3\xa9\ttab";
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, want));
    if (!strstr(resp, want)) {
        const char *v = strstr(resp, "FirstName");
        fprintf(stderr, "\n%.200s\n", v ? v : resp);
    }
    free(resp);
}

static void test_faults__malformed_xml_is_request_not_understood(void)
{
    char *resp = s_post_raw("<?xml version=\"1.0\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="
                            "\"http://schemas.xmlsoap.org/soap/envelope/\"><SOAP-ENV:Body><unclosed>");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20012));
    free(resp);
    /* not XML at all */
    resp = s_post_raw("this is not a SOAP message");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20012));
    free(resp);
}

static void test_faults__wrong_envelope_namespace_is_request_not_understood(void)
{
    char *resp = s_post_raw("<?xml version=\"1.0\"?><e:Envelope xmlns:e=\"urn:not-soap\"><e:Body>"
                            "<ns1:paramsListMObjects xmlns:ns1=\"http://www.marketo.com/mktows/\"/></e:Body></e:Envelope>");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20012));
    free(resp);
}

/* The operation element in another namespace than Marketo's is an operation the WSDL does not
 * define: 20019 after authentication, as for an unknown name. */
static void test_faults__unknown_operation_and_wrong_body_namespace_are_unsupported_operation(void)
{
    char *resp = s_post("paramsDeleteLead", "<leadId>1</leadId>");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20019));
    free(resp);
    char ts[MKTOWS_TIMESTAMP_SIZE], sig[MKTOWS_SIGNATURE_SIZE], body[2048];
    CU_ASSERT_EQUAL_FATAL(mktows_timestamp_format(time(NULL), 0, ts), MKTOWS_OK);
    CU_ASSERT_EQUAL_FATAL(mktows_sign(ts, MKTOWS_TEST_USER, MKTOWS_TEST_KEY, sig), MKTOWS_OK);
    snprintf(body, sizeof body,
             "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
             " xmlns:ns1=\"http://www.marketo.com/mktows/\"><SOAP-ENV:Header><ns1:AuthenticationHeader>"
             "<mktowsUserId>%s</mktowsUserId><requestSignature>%s</requestSignature>"
             "<requestTimestamp>%s</requestTimestamp></ns1:AuthenticationHeader></SOAP-ENV:Header>"
             "<SOAP-ENV:Body><x:paramsListMObjects xmlns:x=\"http://www.marketo.com/mktows/2_6/\"/>"
             "</SOAP-ENV:Body></SOAP-ENV:Envelope>", MKTOWS_TEST_USER, sig, ts);
    resp = s_post_raw(body);
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20019));
    free(resp);
}

/* A Body without an operation element: a parameter the request must carry is missing. */
static void test_faults__missing_operation_element_is_invalid_request(void)
{
    char *resp = s_post_raw("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                            "<SOAP-ENV:Body></SOAP-ENV:Body></SOAP-ENV:Envelope>");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20017));
    free(resp);
}

/* A required element left out: the operation's own check answers with its documented code. */
static void test_faults__missing_required_element_is_parameter_required(void)
{
    char *resp = s_post("paramsDescribeMObject", "");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20109));
    free(resp);
}

static void test_faults__bad_enumeration_and_bad_number_are_bad_parameter(void)
{
    char *resp = s_post("paramsGetLead", "<leadKey><keyType>NOSUCHKEY</keyType><keyValue>1</keyValue></leadKey>");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20110));
    free(resp);
    resp = s_post("paramsGetMObjects", "<type>Program</type><id>twelve</id>");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 500", 20110));
    free(resp);
}

/* HTTP errors keep their status and still carry a serviceException. */
static void test_faults__get_of_another_path_is_404_with_service_exception(void)
{
    char *resp = mktows_test_http_get(s_srv.url, "/elsewhere");
    CU_ASSERT_TRUE(s_marketo_fault(resp, "HTTP/1.1 404", 20012));
    free(resp);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "empty_elements__get_lead_activity_page_request_as_php_sends_it",
          test_empty_elements__get_lead_activity_page_request_as_php_sends_it },
        { "empty_elements__optional_simple_values_read_as_absent_on_every_operation",
          test_empty_elements__optional_simple_values_read_as_absent_on_every_operation },
        { "empty_elements__every_written_form_of_empty_reads_as_absent",
          test_empty_elements__every_written_form_of_empty_reads_as_absent },
        { "empty_elements__optional_header_values_read_as_absent",
          test_empty_elements__optional_header_values_read_as_absent },
        { "empty_elements__required_empty_value_is_a_marketo_fault",
          test_empty_elements__required_empty_value_is_a_marketo_fault },
        { "display_names__describe_lead_record_returns_marketo_display_names",
          test_display_names__describe_lead_record_returns_marketo_display_names },
        { "display_names__import_to_list_reads_the_page_header_row",
          test_display_names__import_to_list_reads_the_page_header_row },
        { "describe__activity_record_is_the_page_field_list", test_describe__activity_record_is_the_page_field_list },
        { "channels__page_request_gets_page_response", test_channels__page_request_gets_page_response },
        { "mobjects__program_page_request_gets_page_attributes",
          test_mobjects__program_page_request_gets_page_attributes },
        { "nils__sync_lead_status_error_and_foreign_keys_are_nil", test_nils__sync_lead_status_error_and_foreign_keys_are_nil },
        { "nils__get_lead_activity_record_and_position_as_the_page",
          test_nils__get_lead_activity_record_and_position_as_the_page },
        { "values__not_representable_in_xml_are_refused_and_others_stored_exactly",
          test_values__not_representable_in_xml_are_refused_and_others_stored_exactly },
        { "faults__malformed_xml_is_request_not_understood", test_faults__malformed_xml_is_request_not_understood },
        { "faults__wrong_envelope_namespace_is_request_not_understood",
          test_faults__wrong_envelope_namespace_is_request_not_understood },
        { "faults__unknown_operation_and_wrong_body_namespace_are_unsupported_operation",
          test_faults__unknown_operation_and_wrong_body_namespace_are_unsupported_operation },
        { "faults__missing_operation_element_is_invalid_request", test_faults__missing_operation_element_is_invalid_request },
        { "faults__missing_required_element_is_parameter_required",
          test_faults__missing_required_element_is_parameter_required },
        { "faults__bad_enumeration_and_bad_number_are_bad_parameter",
          test_faults__bad_enumeration_and_bad_number_are_bad_parameter },
        { "faults__get_of_another_path_is_404_with_service_exception",
          test_faults__get_of_another_path_is_404_with_service_exception },
        { NULL, NULL }
    };
    return mktows_test_run("server_fidelity", s_setup, s_teardown, cases);
}
