/* Requests and responses as Marketo's service read and wrote them (schema_pass.c), following the
 * WSDL's schema (private/schema.h). Private to src/server. */
#ifndef MKTOWS_SERVER_SCHEMA_PASS_H
#define MKTOWS_SERVER_SCHEMA_PASS_H

#include <stddef.h>

struct mktows_schema;

/* Read the request document @p xml (@p len bytes) before gSOAP does (see schema_pass.c): cut its empty
 * elements for optional simple values, which the schema says may be absent, and check that it is a
 * well-formed SOAP 1.1 Envelope whose Body names an operation. Returns 0, or the Marketo code of a
 * request that cannot be served (20012 not well-formed or not a SOAP 1.1 Envelope with a Body, 20017
 * no operation element) with the reason in @p err. *out gets a malloc'd, NUL-terminated copy without
 * the cut elements (caller frees) and *dropped their number; *out is NULL when nothing was cut (the
 * request is then parsed as sent). */
int mktows_srv_lenient(const struct mktows_schema *schema, const char *xml, size_t len, char **out,
                       size_t *dropped, char *err, size_t err_len);
/* The response document @p xml (@p len bytes) as Marketo wrote it (see schema_pass.c): an xsi:nil
 * element for every nillable member gSOAP left out, "+00:00" for the "Z" of every dateTime. A
 * malloc'd copy and its length (caller frees), or NULL when nothing changes or out of memory. */
char *mktows_srv_response_fix(const struct mktows_schema *schema, const char *xml, size_t len, size_t *out_len);

#endif
