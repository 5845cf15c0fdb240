/* The runtime of the direct response readers (gen/mktows_reader.c, written by
 * scripts/gen-reader.py): a pull tokenizer over a complete in-memory SOAP body, and the receive
 * that uses it when the whole body already sits in gSOAP's input buffer.
 *
 * The tokenizer accepts a strict subset of XML: elements, namespace declarations, xsi:nil, text
 * with the five predefined entities and character references. Everything else (CDATA, comments,
 * processing instructions inside the body, DOCTYPE, other attributes, unknown entities, references
 * gSOAP would read differently, non-UTF-8 input, a SOAP Header or Fault, ...) makes it give up:
 * every function then returns -1 and the message is read by gSOAP from the same bytes. Giving up
 * is always safe, so whenever gSOAP's reading of some input is not obviously the one described
 * here, the tokenizer gives up rather than guess. */
#ifndef MKTOWS_PRIVATE_READER_H
#define MKTOWS_PRIVATE_READER_H

#include "soapH.h"

#include <stddef.h>
#include <string.h>

/* Depth of elements and namespace declarations in scope the fast path follows; deeper or more
 * means gSOAP. Marketo's responses nest about 8 deep and declare 3 to 5 namespaces. */
#define MKTOWS_R_MAX_DEPTH 64
#define MKTOWS_R_MAX_NS 32
/* Attributes per element (namespace declarations included). */
#define MKTOWS_R_MAX_ATTRS 16
/* Longest element or attribute name (gSOAP truncates at SOAP_TAGLEN). */
#define MKTOWS_R_MAX_NAME 200
/* Longest value of a number, date, boolean or enum (gSOAP's soap_value() keeps 1023 bytes). */
#define MKTOWS_R_MAX_VALUE 512

/* Namespaces the reader tells apart: anything but these exact URIs is OTHER. */
enum {
    MKTOWS_R_NS_NONE = 0, /* no prefix and no default namespace in scope (or xmlns="") */
    MKTOWS_R_NS_MKT,      /* http://www.marketo.com/mktows/ */
    MKTOWS_R_NS_ENV,      /* http://schemas.xmlsoap.org/soap/envelope/ (SOAP 1.1) */
    MKTOWS_R_NS_XSI,      /* http://www.w3.org/2001/XMLSchema-instance */
    MKTOWS_R_NS_OTHER
};

typedef struct mktows_r_vec {
    char *data; /* soap_malloc'd: the final array is this one */
    size_t n, cap;
} mktows_r_vec;

typedef struct mktows_r {
    struct soap *soap;
    const char *p, *end; /* the rest of the input */
    int gave_up;
    const char *why;     /* static text: why the reader gave up (tests, debugging) */
    int strict;          /* the context reads strictly (SOAP_XML_STRICT): what gSOAP would then
                            refuse (a required member missing, a nil or empty value gSOAP does
                            not accept there, an unqualified member in a default namespace) makes
                            the reader give up, and gSOAP refuses it with its own error */

    /* The start tag just read by mktows_r_open(). */
    const char *local;
    size_t local_len;
    int prefixed;        /* the name has a prefix */
    int ns;              /* MKTOWS_R_NS_* of the element */
    int nil;             /* xsi:nil="true" or "1" */
    int empty;           /* <name/> */

    int depth;           /* open elements */
    struct {
        const char *name;
        size_t len;
        int nns;         /* namespace declarations in scope outside this element */
        int dflt;        /* the default namespace outside it */
    } open[MKTOWS_R_MAX_DEPTH];
    int nns;
    int dflt;            /* the default namespace in scope (MKTOWS_R_NS_*) */
    struct {
        const char *prefix;
        size_t len;      /* 0: the default namespace */
        int ns;
    } nsd[MKTOWS_R_MAX_NS];

    char value[MKTOWS_R_MAX_VALUE + 1];

    unsigned long fast; /* messages read by the fast path on this context (tests) */
    unsigned long fallback; /* messages the fast path gave up on */
} mktows_r;

/* Give up (sets gave_up and why once); returns -1. */
int mktows_r_fail(mktows_r *r, const char *why);

/* Start reading the element content in [p, end). */
void mktows_r_init(mktows_r *r, struct soap *soap, const char *p, const char *end);

/* The next child of the current element: 1 when a start tag was read (local, prefixed, ns, nil,
 * empty set; the element is open), 0 at the current element's end tag (not consumed), -1 on give
 * up. Only whitespace may come before it. */
int mktows_r_open(mktows_r *r);

/* Read the end tag of the element open()ed last (nothing for <name/>); -1 on give up. */
int mktows_r_close(mktows_r *r);

/* Skip the element just open()ed, content and end tag, as gSOAP ignores an unknown element
 * (gives up for elements gSOAP would not ignore: a prefix, a SOAP namespace). */
int mktows_r_skip(mktows_r *r);

/* Skip the rest of a nil element: its content may only be whitespace. */
int mktows_r_skip_nil(mktows_r *r);

/* The open element's text as soap_in_string() reads it (entities decoded, whitespace kept,
 * NULL for xsi:nil), allocated in the soap context; reads the end tag. */
int mktows_r_string(mktows_r *r, char **out);

/* The open element's text as soap_value() reads it for a number, date, boolean or enum (blanks
 * trimmed, no references), in r->value; reads the end tag. */
int mktows_r_value(mktows_r *r, const char **out);

/* A new zeroed slot at the end of an array being read (the array lives in the soap context). */
void *mktows_r_push(mktows_r *r, mktows_r_vec *v, size_t size);

/* soap_malloc that gives up when it fails. */
void *mktows_r_alloc(mktows_r *r, size_t size);

/* The element just opened is <local> with no prefix, in no namespace or Marketo's (as gSOAP
 * matches an unqualified member: by its name). */
#define MKTOWS_R_IS(r, lit)                                                                         \
    ((r)->local_len == sizeof(lit) - 1 && !(r)->prefixed && memcmp((r)->local, (lit), sizeof(lit) - 1) == 0 && \
     (!(r)->strict || (r)->ns == MKTOWS_R_NS_NONE || mktows_r_fail((r), "strict: a member in a default namespace")))

/* The fignore callback for a strict context that skips unknown elements as gSOAP does when not
 * strict; the only one the reader accepts. */
int mktows_r_ignore_unknown(struct soap *soap, const char *tag);

/* Whether the fast path may read responses on this context: none of the input modes it does not
 * follow (strict without mktows_r_ignore_unknown, DOM, ignore-namespaces, Latin-1, multibyte strings; UTF-8 strings required), no
 * callbacks it would bypass, no length limits. */
int mktows_r_usable(const struct soap *soap);

/* After soap_begin_recv() succeeded: make sure the whole body is in soap->buf (reading the rest
 * from the socket as soap_recv_raw() would) and position r on the content of the response element
 * <mkt:local> inside Envelope and Body. 1 when r is ready, 0 when the fast path does not apply
 * (nothing of gSOAP's input state changed that it cannot replay). */
int mktows_r_begin(mktows_r *r, struct soap *soap, const char *local, size_t local_len);

/* After the response element was read: the rest must be </Body></Envelope> and whitespace. Then
 * the body is consumed and the message finished as soap_end_recv() and soap_closesock() finish it
 * (*status: what soap_closesock() returned); 0. -1 when the rest is not as expected (nothing
 * consumed). */
int mktows_r_finish(mktows_r *r, int *status);

/* The fast path gave up: forget it, and clear what gSOAP conversions left in soap->error. */
void mktows_r_abandon(mktows_r *r);

#endif
