/* Namespace-aware XML comparison for the wire tests, built on gSOAP's DOM parser (no new
 * dependency). Elements are compared by namespace URI and local name (never by prefix), in order;
 * attributes by namespace URI, local name and value (xmlns declarations ignored); text after
 * trimming white space. */
#ifndef MKTOWS_TEST_XML_COMPARE_H
#define MKTOWS_TEST_XML_COMPARE_H

#include <stddef.h>

/* Compare @p actual with @p expected. Elements whose local name is in the NULL-terminated
 * @p ignore_text list are compared by name and position only, not by text. Returns 0 when equal;
 * otherwise non-zero with a one-line reason in @p why. */
int mktows_xml_compare(const char *expected, const char *actual, const char *const *ignore_text, char *why,
                       size_t why_len);

/* Number of elements with namespace URI @p ns (NULL = any) and local name @p name in @p xml, or -1
 * if the XML does not parse. */
int mktows_xml_count(const char *xml, const char *ns, const char *name);

/* Text of the first element with local name @p name (any namespace); malloc'd, caller frees; NULL
 * if absent or the XML does not parse. */
char *mktows_xml_text(const char *xml, const char *name);

/* Number of attributes with local name @p name anywhere in @p xml, or -1 if it does not parse. */
int mktows_xml_count_attrs(const char *xml, const char *name);


#endif
