/* Internal: a small, strict XML reader behind mktows_decode_json() (and so `mktows decode`). It
 * turns a whole document held in memory into a tree with namespaces resolved by URI, and reports
 * the first well-formedness error with its line and column.
 *
 * Why not gSOAP's DOM parser: it trims leading white space from text, silently drops unknown entity
 * references and "&#0;", accepts unbound prefixes and reports no position; a tool meant for
 * debugging captured traffic needs all of those right.
 *
 * Supported: the XML declaration (UTF-8 only), elements, attributes, namespaces (xmlns, xmlns:p,
 * the implicit xml prefix), the five predefined entities, character references, CDATA sections,
 * comments and processing instructions, a leading UTF-8 byte-order mark. Rejected: a DOCTYPE (no
 * DTDs, so no external or custom entities), invalid UTF-8, characters that XML 1.0 forbids,
 * duplicate attributes, anything after the root element other than comments, PIs and white space. */
#ifndef MKTOWS_PRIVATE_XML_READER_H
#define MKTOWS_PRIVATE_XML_READER_H

#include <stddef.h>

typedef struct mktows_xml_ns {
    const char *prefix;            /* "" for the default namespace */
    const char *uri;               /* "" undeclares the default namespace */
    const struct mktows_xml_ns *next;
} mktows_xml_ns;

typedef struct mktows_xml_attr {
    const char *ns;                /* namespace URI, NULL when unqualified */
    const char *local;             /* local name */
    const char *value;             /* with entities and references replaced */
    struct mktows_xml_attr *next;
} mktows_xml_attr;

typedef struct mktows_xml_node {
    const char *ns;                /* namespace URI, NULL when in no namespace */
    const char *local;             /* local name (no prefix) */
    const char *qname;             /* the name as written, for messages */
    mktows_xml_attr *attrs;
    struct mktows_xml_node *children; /* child elements, in document order */
    struct mktows_xml_node *next;     /* next sibling */
    char *text;                    /* all character data directly inside, concatenated; never NULL */
    size_t text_len;
    const mktows_xml_ns *scope;    /* namespace bindings in scope, for QName values */
    int line, column;              /* where the start tag begins (1-based) */
} mktows_xml_node;

typedef struct mktows_xml_doc mktows_xml_doc;

/* Parse @p len bytes of @p data. On success returns 0 and sets *out (free with
 * mktows_xml_doc_free_). On failure returns -1 and writes "line L, column C: <what>" (or a message
 * without a position for empty input) into @p err, or -2 ("out of memory") when an allocation
 * failed. */
int mktows_xml_parse_(mktows_xml_doc **out, const char *data, size_t len, char *err, size_t err_size);

/* The root element of a parsed document (borrowed). */
const mktows_xml_node *mktows_xml_root_(const mktows_xml_doc *doc);

void mktows_xml_doc_free_(mktows_xml_doc *doc);

/* Resolve a QName value such as "tns:LeadRecord" against the bindings in scope at @p node:
 * sets *ns (NULL for an unprefixed name when there is no default namespace) and *local. Returns
 * -1 when the prefix is not bound or the value is not a QName. */
int mktows_xml_resolve_qname_(const mktows_xml_node *node, const char *value, const char **ns,
                             const char **local);

/* The value of the attribute {ns}local on @p node, or NULL. */
const char *mktows_xml_attr_value_(const mktows_xml_node *node, const char *ns, const char *local);

#endif /* MKTOWS_PRIVATE_XML_READER_H */
