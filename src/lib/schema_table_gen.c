/* Build tool, not part of the library: read a WSDL with the library's own schema reader (schema.c)
 * and write its schema as static C tables (private/schema.h, mktows_schema_table), so that the
 * library's built-in schema is compiled in instead of parsed from the WSDL on every decode.
 *
 *     mktows-schema-table WSDL OUT.c
 *
 * Run by src/lib/CMakeLists.txt on wsdl/mktows-2_7.wsdl; exits 1 with a message when the WSDL
 * cannot be read. tests/test_decode.c checks that the tables and a fresh parse agree. */
#include "private/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mktows_schema *s_schema;

static void s_die(const char *what, const char *detail)
{
    fprintf(stderr, "mktows-schema-table: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void s_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("NULL", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\%03o", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* The C expression for a pointer to type t: &s_types[i] or &s_builtins[i]. */
static void s_type_ref(FILE *f, const mktows_schema_type *t)
{
    if (!t) {
        fputs("NULL", f);
        return;
    }
    for (size_t i = 0; i < mktows_schema_type_count_(s_schema); i++)
        if (mktows_schema_type_at_(s_schema, i) == t) {
            fprintf(f, "&s_types[%zu]", i);
            return;
        }
    for (size_t i = 0; mktows_schema_builtin_at_(s_schema, i); i++)
        if (mktows_schema_builtin_at_(s_schema, i) == t) {
            fprintf(f, "&s_builtins[%zu]", i);
            return;
        }
    s_die("a type outside the schema", t->name);
}

static char *s_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        s_die("cannot open", path);
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (cap - n < 65536 && !(buf = realloc(buf, cap = cap * 2 + 65536)))
            s_die("out of memory", NULL);
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        s_die("usage: mktows-schema-table WSDL OUT.c", NULL);
    size_t len = 0;
    char *wsdl = s_read(argv[1], &len);
    char err[1024] = "";
    mktows_schema *schema = NULL;
    if (mktows_schema_load_(&schema, wsdl, len, err, sizeof err) != 0)
        s_die(argv[1], err);
    s_schema = schema;
    FILE *f = fopen(argv[2], "w");
    if (!f)
        s_die("cannot write", argv[2]);

    size_t ntypes = mktows_schema_type_count_(schema), nbuiltins = 0, nparts = 0, nenums = 0;
    while (mktows_schema_builtin_at_(schema, nbuiltins))
        nbuiltins++;
    for (size_t i = 0; i < ntypes; i++) {
        nparts += mktows_schema_type_at_(schema, i)->particle_count;
        nenums += mktows_schema_type_at_(schema, i)->enum_count;
    }
    fprintf(f, "/* Generated at build time by mktows-schema-table (src/lib/schema_table_gen.c) from %s. */\n",
            strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1]);
    fputs("#include \"private/schema.h\"\n\n#include <stddef.h>\n\n", f);
    fprintf(f, "static const mktows_schema_type s_types[%zu];\n", ntypes ? ntypes : 1);
    fprintf(f, "static const mktows_schema_type s_builtins[%zu];\n\n", nbuiltins);

    fprintf(f, "static const mktows_schema_particle s_particles[%zu] = {\n", nparts ? nparts : 1);
    for (size_t i = 0; i < ntypes; i++) {
        const mktows_schema_type *t = mktows_schema_type_at_(schema, i);
        for (size_t k = 0; k < t->particle_count; k++) {
            const mktows_schema_particle *p = &t->particles[k];
            fputs("    { ", f);
            s_str(f, p->name);
            fputs(", ", f);
            s_type_ref(f, p->type);
            fprintf(f, ", %d, %d, %d },\n", p->min_occurs, p->max_occurs, p->nillable);
        }
    }
    fputs("};\n\n", f);
    fprintf(f, "static const char *const s_enums[%zu] = {\n", nenums ? nenums : 1);
    for (size_t i = 0; i < ntypes; i++) {
        const mktows_schema_type *t = mktows_schema_type_at_(schema, i);
        for (size_t k = 0; k < t->enum_count; k++) {
            fputs("    ", f);
            s_str(f, t->enum_values[k]);
            fputs(",\n", f);
        }
    }
    fputs("};\n\n", f);

    fprintf(f, "static const mktows_schema_type s_types[%zu] = {\n", ntypes ? ntypes : 1);
    size_t pi = 0, ei = 0;
    for (size_t i = 0; i < ntypes; i++) {
        const mktows_schema_type *t = mktows_schema_type_at_(schema, i);
        fputs("    { ", f);
        s_str(f, t->name);
        fprintf(f, ", %d, %d, ", (int)t->kind, t->is_abstract);
        s_type_ref(f, t->base);
        if (t->particle_count)
            fprintf(f, ", &s_particles[%zu], %zu", pi, t->particle_count);
        else
            fputs(", NULL, 0", f);
        if (t->enum_count)
            fprintf(f, ", &s_enums[%zu], %zu },\n", ei, t->enum_count);
        else
            fputs(", NULL, 0 },\n", f);
        pi += t->particle_count;
        ei += t->enum_count;
    }
    fputs("};\n\n", f);
    fprintf(f, "static const mktows_schema_type s_builtins[%zu] = {\n", nbuiltins);
    for (size_t i = 0; i < nbuiltins; i++) {
        const mktows_schema_type *t = mktows_schema_builtin_at_(schema, i);
        fputs("    { ", f);
        s_str(f, t->name);
        fprintf(f, ", %d, 0, NULL, NULL, 0, NULL, 0 },\n", (int)t->kind);
    }
    fputs("};\n\n", f);

    size_t nops = mktows_schema_op_count_(schema);
    fprintf(f, "static const mktows_schema_op s_ops[%zu] = {\n", nops ? nops : 1);
    for (size_t i = 0; i < nops; i++) {
        const mktows_schema_op *op = mktows_schema_op_at_(schema, i);
        fputs("    { ", f);
        s_str(f, op->name);
        fputs(", ", f);
        s_str(f, op->element);
        fputs(", ", f);
        s_type_ref(f, op->type);
        fputs(", ", f);
        s_str(f, op->input_element);
        fputs(", ", f);
        s_type_ref(f, op->input_type);
        fputs(" },\n", f);
    }
    fputs("};\n\n", f);
    size_t nheaders = mktows_schema_header_count_(schema);
    fprintf(f, "static const mktows_schema_header s_headers[%zu] = {\n", nheaders ? nheaders : 1);
    for (size_t i = 0; i < nheaders; i++) {
        const mktows_schema_header *h = mktows_schema_header_at_(schema, i);
        fputs("    { ", f);
        s_str(f, h->element);
        fputs(", ", f);
        s_type_ref(f, h->type);
        fputs(" },\n", f);
    }
    fputs("};\n\n", f);
    fputs("const mktows_schema_table mktows_schema_table_builtin_ = {\n    ", f);
    s_str(f, mktows_schema_namespace_(schema));
    fprintf(f, ",\n    s_types, %zu,\n    s_builtins, %zu,\n    s_ops, %zu,\n    s_headers, %zu,\n};\n", ntypes,
            nbuiltins, nops, nheaders);
    if (fclose(f) != 0)
        s_die("cannot write", argv[2]);
    mktows_schema_free_(schema);
    free(wsdl);
    return 0;
}
