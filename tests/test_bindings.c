/* The generated bindings themselves: LeadSelector's three subtypes go out with xsi:type and parse
 * back to the right C type; child elements are unqualified; the WSDL has the sheet's shape. */
#include "runner.h"
#include "soapH.h"
#include "mktows_iface.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct soap *s_soap;

static int s_setup(void)
{
    s_soap = soap_new1(SOAP_XML_STRICT);
    return s_soap ? 0 : 1;
}

static int s_teardown(void)
{
    soap_destroy(s_soap);
    soap_end(s_soap);
    soap_free(s_soap);
    return 0;
}

/* Serialize a paramsGetMultipleLeads element to a string owned by the soap context. */
static const char *s_write_gml(struct mkt__ParamsGetMultipleLeads *p)
{
    const char *out = NULL;
    s_soap->os = &out;
    soap_serialize_mkt__ParamsGetMultipleLeads(s_soap, p);
    if (soap_begin_send(s_soap) || soap_put_mkt__ParamsGetMultipleLeads(s_soap, p, "mkt:paramsGetMultipleLeads", NULL)
        || soap_end_send(s_soap))
        out = NULL;
    s_soap->os = NULL;
    return out;
}

static struct mkt__ParamsGetMultipleLeads *s_read_gml(const char *xml)
{
    struct mkt__ParamsGetMultipleLeads *p = soap_new_mkt__ParamsGetMultipleLeads(s_soap, 1);
    s_soap->is = xml;
    soap_default_mkt__ParamsGetMultipleLeads(s_soap, p);
    if (soap_begin_recv(s_soap) || !soap_get_mkt__ParamsGetMultipleLeads(s_soap, p, "mkt:paramsGetMultipleLeads", NULL)
        || soap_end_recv(s_soap))
        p = NULL;
    s_soap->is = NULL;
    return p;
}

static void test_bindings__lead_key_selector_carries_xsi_type_and_round_trips(void)
{
    char *values[] = { "a@example.com", "b@example.com" };
    struct mkt__ArrayOfString arr = { .__sizestringItem = 2, .stringItem = values };
    struct mkt__LeadKeySelector lks = { .keyType = mkt__LeadKeyRef__EMAIL, .keyValues = &arr };
    struct mkt__LeadSelector sel = { .mkt__LeadKeySelector = &lks };
    struct mkt__ParamsGetMultipleLeads p;
    soap_default_mkt__ParamsGetMultipleLeads(s_soap, &p);
    p.leadSelector = &sel;

    const char *xml = s_write_gml(&p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<leadSelector xsi:type=\"mkt:LeadKeySelector\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<keyType>EMAIL</keyType>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<keyValues><stringItem>a@example.com</stringItem><stringItem>b@example.com</stringItem></keyValues>"));

    struct mkt__ParamsGetMultipleLeads *back = s_read_gml(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector);
    CU_ASSERT_PTR_NULL(back->leadSelector->mkt__StaticListSelector);
    CU_ASSERT_PTR_NULL(back->leadSelector->mkt__LastUpdateAtSelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__LeadKeySelector);
    CU_ASSERT_EQUAL(back->leadSelector->mkt__LeadKeySelector->keyType, mkt__LeadKeyRef__EMAIL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__LeadKeySelector->keyValues);
    CU_ASSERT_EQUAL(back->leadSelector->mkt__LeadKeySelector->keyValues->__sizestringItem, 2);
    CU_ASSERT_STRING_EQUAL(back->leadSelector->mkt__LeadKeySelector->keyValues->stringItem[1], "b@example.com");
}

static void test_bindings__static_list_selector_carries_xsi_type_and_round_trips(void)
{
    int id = 1234;
    struct mkt__StaticListSelector sls = { .staticListName = "Trade Show 2013", .staticListId = &id };
    struct mkt__LeadSelector sel = { .mkt__StaticListSelector = &sls };
    struct mkt__ParamsGetMultipleLeads p;
    soap_default_mkt__ParamsGetMultipleLeads(s_soap, &p);
    p.leadSelector = &sel;

    const char *xml = s_write_gml(&p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<leadSelector xsi:type=\"mkt:StaticListSelector\"><staticListName>Trade Show 2013</staticListName><staticListId>1234</staticListId></leadSelector>"));

    struct mkt__ParamsGetMultipleLeads *back = s_read_gml(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector);
    CU_ASSERT_PTR_NULL(back->leadSelector->mkt__LeadKeySelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__StaticListSelector);
    CU_ASSERT_STRING_EQUAL(back->leadSelector->mkt__StaticListSelector->staticListName, "Trade Show 2013");
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__StaticListSelector->staticListId);
    CU_ASSERT_EQUAL(*back->leadSelector->mkt__StaticListSelector->staticListId, 1234);
}

static void test_bindings__last_update_at_selector_carries_xsi_type_and_round_trips(void)
{
    time_t latest = 1375299527; /* 2013-07-31T19:38:47Z */
    struct mkt__LastUpdateAtSelector lua = { .latestUpdatedAt = &latest,
                                             .oldestUpdatedAt = 1372621127 /* 2013-06-30T19:38:47Z */ };
    struct mkt__LeadSelector sel = { .mkt__LastUpdateAtSelector = &lua };
    struct mkt__ParamsGetMultipleLeads p;
    soap_default_mkt__ParamsGetMultipleLeads(s_soap, &p);
    p.leadSelector = &sel;

    const char *xml = s_write_gml(&p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<leadSelector xsi:type=\"mkt:LastUpdateAtSelector\"><latestUpdatedAt>2013-07-31T19:38:47Z</latestUpdatedAt><oldestUpdatedAt>2013-06-30T19:38:47Z</oldestUpdatedAt></leadSelector>"));

    struct mkt__ParamsGetMultipleLeads *back = s_read_gml(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__LastUpdateAtSelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__LastUpdateAtSelector->latestUpdatedAt);
    CU_ASSERT_EQUAL(*back->leadSelector->mkt__LastUpdateAtSelector->latestUpdatedAt, latest);
    CU_ASSERT_EQUAL(back->leadSelector->mkt__LastUpdateAtSelector->oldestUpdatedAt, (time_t)1372621127);
}

static void test_bindings__selector_parses_whatever_prefix_the_peer_binds(void)
{
    /* Marketo and other toolkits write ns1: where we write mkt: — the namespace is what counts. */
    const char *xml =
        "<ns1:paramsGetMultipleLeads xmlns:ns1=\"http://www.marketo.com/mktows/\""
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<leadSelector xsi:type=\"ns1:StaticListSelector\"><staticListId>77</staticListId></leadSelector>"
        "<batchSize>10</batchSize></ns1:paramsGetMultipleLeads>";
    struct mkt__ParamsGetMultipleLeads *back = s_read_gml(xml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__StaticListSelector);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->leadSelector->mkt__StaticListSelector->staticListId);
    CU_ASSERT_EQUAL(*back->leadSelector->mkt__StaticListSelector->staticListId, 77);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back->batchSize);
    CU_ASSERT_EQUAL(*back->batchSize, 10);
}

static void test_bindings__children_are_unqualified(void)
{
    struct mkt__ParamsGetMultipleLeads p;
    int batch = 5;
    soap_default_mkt__ParamsGetMultipleLeads(s_soap, &p);
    p.batchSize = &batch;
    const char *xml = s_write_gml(&p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<mkt:paramsGetMultipleLeads"));
    CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<batchSize>5</batchSize>"));
    CU_ASSERT_PTR_NULL(strstr(xml, "<mkt:batchSize"));
}

/* Count occurrences of @p needle in the WSDL text. */
static int s_count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_bindings__wsdl_has_the_sheet_shape(void)
{
    FILE *f = fopen(MKTOWS_SOURCE_DIR "/wsdl/mktows-2_7.wsdl", "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The generator's reading of the WSDL (gen/mktows_iface.h) against a plain count of its text
     * (the WSDL as committed: 23 operations, 127 complex types, 15 enumerations, 48 global
     * elements; AuthenticationHeader on every operation, MktowsContextHeader on syncLead only). */
    int auth = 0, context = 0;
#define S_HEADERS(op, fn, REQ, RESP, req_el, resp_el, result, headers, ...) \
    auth += ((headers) & MKTOWS_IFACE_HDR_AUTH) != 0;                       \
    context += ((headers) & MKTOWS_IFACE_HDR_CONTEXT) != 0;
    MKTOWS_IFACE_OPERATIONS(S_HEADERS)
#undef S_HEADERS
    CU_ASSERT_EQUAL(s_count(buf, "<soap:operation soapAction=\"http://www.marketo.com/mktows/"), MKTOWS_IFACE_OPERATION_COUNT);
    CU_ASSERT_EQUAL(s_count(buf, "<xs:complexType name="), MKTOWS_IFACE_SCHEMA_COMPLEX_TYPES);
    CU_ASSERT_EQUAL(s_count(buf, "<xs:simpleType name="), MKTOWS_IFACE_SCHEMA_ENUMERATIONS);
    CU_ASSERT_EQUAL(s_count(buf, "\n      <xs:element name="), MKTOWS_IFACE_SCHEMA_ELEMENTS); /* global elements only at this depth */
    CU_ASSERT_EQUAL(s_count(buf, "part=\"authentication\""), auth);
    CU_ASSERT_EQUAL(auth, MKTOWS_IFACE_OPERATION_COUNT);
    CU_ASSERT_EQUAL(s_count(buf, "part=\"mktowsContext\""), context);
    CU_ASSERT(context >= 1);
    CU_ASSERT_EQUAL(s_count(buf, "nillable=\"true\""), 80); /* 71 optional + 9 required nillable */
    CU_ASSERT_EQUAL(s_count(buf, "abstract=\"true\""), 1);
    CU_ASSERT_EQUAL(s_count(buf, "<xs:extension base=\"tns:LeadSelector\">"), 3);
    CU_ASSERT_PTR_NULL(strstr(buf, "elementFormDefault"));
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "lead_key_selector_carries_xsi_type_and_round_trips", test_bindings__lead_key_selector_carries_xsi_type_and_round_trips },
        { "static_list_selector_carries_xsi_type_and_round_trips", test_bindings__static_list_selector_carries_xsi_type_and_round_trips },
        { "last_update_at_selector_carries_xsi_type_and_round_trips", test_bindings__last_update_at_selector_carries_xsi_type_and_round_trips },
        { "selector_parses_whatever_prefix_the_peer_binds", test_bindings__selector_parses_whatever_prefix_the_peer_binds },
        { "children_are_unqualified", test_bindings__children_are_unqualified },
        { "wsdl_has_the_sheet_shape", test_bindings__wsdl_has_the_sheet_shape },
        { NULL, NULL }
    };
    return mktows_test_run("bindings", s_setup, s_teardown, cases);
}
