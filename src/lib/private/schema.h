/* Internal: the mktows 2_7 schema as mktows_decode_json() uses it: read at run time from the WSDL
 * built into the library (wsdl/mktows-2_7.wsdl, embedded by src/lib/CMakeLists.txt), so the decoder follows the pinned WSDL and
 * nothing is written twice. Only what describes responses is kept: complex types (sequences of
 * elements, complexContent extension), enumerations, global elements and, per operation, its
 * output and input elements. */
#ifndef MKTOWS_PRIVATE_SCHEMA_H
#define MKTOWS_PRIVATE_SCHEMA_H

#include <mktows/error.h>

#include <stddef.h>

typedef enum mktows_schema_kind {
    MKTOWS_SCHEMA_STRING,     /* xs:string */
    MKTOWS_SCHEMA_INT,        /* xs:int: 32 bits */
    MKTOWS_SCHEMA_LONG,       /* xs:long: 64 bits */
    MKTOWS_SCHEMA_INTEGER,    /* xs:integer: unbounded */
    MKTOWS_SCHEMA_BOOLEAN,    /* xs:boolean */
    MKTOWS_SCHEMA_DATETIME,   /* xs:dateTime */
    MKTOWS_SCHEMA_ANYSIMPLE,  /* xs:anySimpleType */
    MKTOWS_SCHEMA_BASE64,     /* xs:base64Binary */
    MKTOWS_SCHEMA_ENUM,       /* a simpleType restricting xs:string to a list of values */
    MKTOWS_SCHEMA_COMPLEX     /* a complexType: a sequence of elements */
} mktows_schema_kind;

typedef struct mktows_schema_type mktows_schema_type;

/* One xs:element of a sequence. */
typedef struct mktows_schema_particle {
    const char *name;
    const mktows_schema_type *type;
    int min_occurs;
    int max_occurs;           /* -1: unbounded */
    int nillable;
} mktows_schema_particle;

struct mktows_schema_type {
    const char *name;         /* local name: "LeadRecord", or "int" for xs:int */
    mktows_schema_kind kind;
    int is_abstract;
    const mktows_schema_type *base;            /* complexContent extension base, or NULL */
    const mktows_schema_particle *particles;   /* inherited ones first */
    size_t particle_count;
    const char *const *enum_values;
    size_t enum_count;
};

typedef struct mktows_schema_op {
    const char *name;         /* "getLead" */
    const char *element;      /* its output element: "successGetLead" */
    const mktows_schema_type *type;            /* the output element's type */
    const char *input_element;                 /* its input element: "paramsGetLead" */
    const mktows_schema_type *input_type;      /* the input element's type */
} mktows_schema_op;

/* A global element that no operation carries in its body: a SOAP header ("AuthenticationHeader",
 * "MktowsContextHeader"), with its type. */
typedef struct mktows_schema_header {
    const char *element;
    const mktows_schema_type *type;
} mktows_schema_header;

typedef struct mktows_schema mktows_schema;

/* Read the schema from a WSDL document of @p len bytes. Returns 0 and sets *out (free with
 * mktows_schema_free_), -1 with a message in @p err, or -2 ("out of memory"). */
int mktows_schema_load_(mktows_schema **out, const char *wsdl, size_t len, char *err, size_t err_size);
/* schema_builtin.c: the schema of the library's built-in WSDL (its tables, generated at build
 * time); MKTOWS_OK, or MKTOWS_ERR_NO_MEMORY with the detail in @p errbuf. Free with
 * mktows_schema_free_(). */
mktows_code mktows_schema_load_builtin_(mktows_schema **out, char *errbuf, size_t errbuf_len);
void mktows_schema_free_(mktows_schema *schema);

/* The schema as static tables: what schema_table_gen.c writes at build time from the WSDL, so that
 * the library's built-in schema costs nothing to load. Pointers point into the same tables. */
typedef struct mktows_schema_table {
    const char *tns;
    const mktows_schema_type *types;     /* the named types, in document order */
    size_t type_count;
    const mktows_schema_type *builtins;  /* the XML Schema types, as schema.c knows them */
    size_t builtin_count;
    const mktows_schema_op *ops;         /* sorted by name */
    size_t op_count;
    const mktows_schema_header *headers; /* in document order */
    size_t header_count;
} mktows_schema_table;

/* The built-in WSDL's schema (generated: mktows_schema_table.c in the build tree). */
extern const mktows_schema_table mktows_schema_table_builtin_;

/* A schema over @p table, without copying it. Returns 0, or -2 (out of memory). Free with
 * mktows_schema_free_(), which leaves the table alone. */
int mktows_schema_from_table_(mktows_schema **out, const mktows_schema_table *table);

/* The built-in XML Schema types, in the order schema.c knows them: @p i < count, NULL after. */
const mktows_schema_type *mktows_schema_builtin_at_(const mktows_schema *schema, size_t i);

/* The schema's target namespace ("http://www.marketo.com/mktows/"). */
const char *mktows_schema_namespace_(const mktows_schema *schema);

/* Operations, sorted by name. */
size_t mktows_schema_op_count_(const mktows_schema *schema);
const mktows_schema_op *mktows_schema_op_at_(const mktows_schema *schema, size_t i);
/* By operation name ("getLead") or by output element name ("successGetLead"); NULL if none. */
const mktows_schema_op *mktows_schema_op_find_(const mktows_schema *schema, const char *name);
const mktows_schema_op *mktows_schema_op_by_element_(const mktows_schema *schema, const char *element);

/* The header elements, in document order; and the type of the one named @p element (NULL if none). */
size_t mktows_schema_header_count_(const mktows_schema *schema);
const mktows_schema_header *mktows_schema_header_at_(const mktows_schema *schema, size_t i);
const mktows_schema_type *mktows_schema_header_type_(const mktows_schema *schema, const char *element);

/* A named type in the target namespace (@p ns equal to it) or a built-in XML Schema type (@p ns
 * the XML Schema namespace); NULL if unknown. */
const mktows_schema_type *mktows_schema_type_find_(const mktows_schema *schema, const char *ns,
                                                  const char *local);

/* The named types of the target namespace, in document order (for the subtypes of a type). */
size_t mktows_schema_type_count_(const mktows_schema *schema);
const mktows_schema_type *mktows_schema_type_at_(const mktows_schema *schema, size_t i);

/* 1 when @p t is @p base or derives from it by extension. */
int mktows_schema_derives_from_(const mktows_schema_type *t, const mktows_schema_type *base);

#endif /* MKTOWS_PRIVATE_SCHEMA_H */
