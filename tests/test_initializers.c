/* Generated structs (struct mkt__* and struct SOAP_ENV__* from gen/soapStub.h) are only ever
 * initialised by designator or with { 0 }: the WSDL may add a member at any position, and a
 * positional initializer would then silently fill the wrong members.  This suite scans the
 * handwritten tree (src/ tests/ examples/ docs/ bench/, files *.c *.h *.md) and fails naming
 * file:line for each positional initializer it finds.  It also wants every `#define ..._INIT {`
 * macro designated, so our own options structs can grow the same way.
 *
 * What the scan looks at (text, not a C parser):
 *   - a declaration `struct <generated type> NAME = {` or `struct <generated type> NAME[...] = {`;
 *   - a compound literal `(struct <generated type>){` or `(struct <generated type>[...]){`;
 *   - a macro `#define NAME_INIT` whose body starts with a brace (any struct);
 * and wants the first token inside the brace to be `.` (designator), `}` (empty) or `0 }`.
 * For arrays, each element that is itself a brace (`{ ... }` or `[i] = { ... }`) is checked the
 * same way; elements that are expressions (a variable, a call) are fine.
 *
 * Limits, on purpose:
 *   - Declarators after the first are checked only while each has a brace initializer
 *     (`struct T a = {...}, b = {...};`); `struct T *p, a = {...};` is not looked at.
 *   - Nested members are not followed: `{ .key = { A, B } }` passes even when .key is generated.
 *   - A typedef or macro that hides the struct name (`typedef struct T T_alias;`) is not seen.
 *   - Brace-elided arrays (`struct T a[2] = { "x", "y", ... }`) look like a list of expressions
 *     and pass.
 *   - Comments and strings are not stripped, so text in prose that looks like a positional
 *     initializer is reported too; write such prose as `struct mkt__<Type> ...`. */
#define _XOPEN_SOURCE 700 /* nftw */

#include "runner.h"

#include "files.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct s_finding {
    char where[600];   /* file:line */
    char what[200];
} s_finding;

typedef struct s_findings {
    s_finding items[64];
    int count;          /* may exceed 64; only the first 64 are kept */
} s_findings;

static int s_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Skip blanks, newlines, line continuations and comments. */
static const char *s_skip(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
            p++;
        } else if (p[0] == '\\' && p[1] == '\n') {
            p += 2;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
        } else {
            return p;
        }
    }
}

/* @p p points at a string or character constant; return the pointer after it. */
static const char *s_string_end(const char *p)
{
    char q = *p;
    for (p++; *p && *p != q; p++)
        if (*p == '\\' && p[1])
            p++;
    return *p ? p + 1 : p;
}

/* @p p points at an opening bracket; return the pointer after its match (strings and character
 * constants skipped), or the end of the text. */
static const char *s_match(const char *p)
{
    int depth = 0;
    while (*p) {
        if (*p == '"' || *p == '\'') {
            p = s_string_end(p);
            continue;
        }
        if (*p == '{' || *p == '(' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ')' || *p == ']') {
            if (--depth == 0)
                return p + 1;
        }
        p++;
    }
    return p;
}

static int s_line(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

static void s_report(s_findings *out, const char *file, const char *text, const char *at, const char *what)
{
    if (out->count < (int)(sizeof out->items / sizeof out->items[0])) {
        s_finding *f = &out->items[out->count];
        snprintf(f->where, sizeof f->where, "%s:%d", file, s_line(text, at));
        snprintf(f->what, sizeof f->what, "%s", what);
    }
    out->count++;
}

/* @p brace points at `{`: is its first token a designator, `}` or `0 }`?  On no, *bad is the
 * offending token. */
static int s_designated(const char *brace, const char **bad)
{
    const char *p = s_skip(brace + 1);
    *bad = p;
    if (*p == '.' || *p == '}')
        return 1;
    if (*p == '0' && *s_skip(p + 1) == '}')
        return 1;
    return 0;
}

/* Check the initializer at @p brace of a struct (or, with @p array, an array of structs). */
static void s_check(s_findings *out, const char *file, const char *text, const char *brace, int array,
                    const char *what)
{
    const char *bad;
    if (s_designated(brace, &bad))
        return;
    if (!array) {
        s_report(out, file, text, bad, what);
        return;
    }
    /* Array: check each element that is a brace. */
    const char *end = s_match(brace);
    const char *p = s_skip(brace + 1);
    while (p < end && *p && *p != '}') {
        if (*p == '[') {            /* [i] = { ... } */
            p = s_skip(s_match(p));
            if (*p == '=')
                p = s_skip(p + 1);
        }
        if (*p == '{' && !s_designated(p, &bad))
            s_report(out, file, text, bad, what);
        /* On to the next top-level comma. */
        while (p < end && *p && *p != ',' && *p != '}') {
            if (*p == '"' || *p == '\'')
                p = s_string_end(p);
            else if (*p == '{' || *p == '(' || *p == '[')
                p = s_match(p);
            else
                p++;
        }
        if (*p == ',')
            p = s_skip(p + 1);
    }
}

/* Does @p p start a generated struct's name (mkt__X or SOAP_ENV__X)?  Returns its end or NULL. */
static const char *s_generated_name(const char *p)
{
    static const char *const prefixes[] = { "mkt__", "SOAP_ENV__" };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(p, prefixes[i], n) == 0 && s_ident(p[n])) {
            p += n;
            while (s_ident(*p))
                p++;
            return p;
        }
    }
    return NULL;
}

/* Skip `[...]` groups after a name; *array is set when there was one. */
static const char *s_dims(const char *p, int *array)
{
    p = s_skip(p);
    while (*p == '[') {
        *array = 1;
        p = s_skip(s_match(p));
    }
    return p;
}

static void s_scan_text(s_findings *out, const char *file, const char *text)
{
    for (const char *p = text; (p = strstr(p, "struct")) != NULL; p += 6) {
        if (p > text && s_ident(p[-1]))
            continue;
        if (!(p[6] == ' ' || p[6] == '\t' || p[6] == '\n'))
            continue;
        const char *name = s_skip(p + 6);
        const char *q = s_generated_name(name);
        if (!q)
            continue;
        int array = 0;
        q = s_dims(q, &array);
        /* Compound literal: `(` before `struct`, `)` then `{` after the type. */
        const char *b = p;
        while (b > text && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
            b--;
        if (*q == ')' && b > text && b[-1] == '(') {
            q = s_skip(q + 1);
            if (*q == '{')
                s_check(out, file, text, q, array, "positional compound literal of a generated struct");
            continue;
        }
        /* Declaration: a name, maybe dimensions, `=`, `{`; then maybe `, name = {` again. */
        for (;;) {
            int dims = array;
            if (!s_ident(*q) || (*q >= '0' && *q <= '9'))
                break;
            while (s_ident(*q))
                q++;
            q = s_dims(q, &dims);
            if (*q != '=')
                break;
            q = s_skip(q + 1);
            if (*q != '{')
                break;
            s_check(out, file, text, q, dims, "positional initializer of a generated struct");
            q = s_skip(s_match(q));
            if (*q != ',')
                break;
            q = s_skip(q + 1);
        }
    }

    /* #define NAME_INIT { ... } */
    for (const char *p = text; (p = strstr(p, "#define")) != NULL; p += 7) {
        const char *q = p + 7;
        while (*q == ' ' || *q == '\t')
            q++;
        const char *name = q;
        while (s_ident(*q))
            q++;
        if (q - name < 5 || strncmp(q - 5, "_INIT", 5) != 0 || *q == '(')
            continue;
        q = s_skip(q);
        if (*q == '{')
            s_check(out, file, text, q, 0, "positional _INIT macro");
    }
}

/* ---- walking the tree ------------------------------------------------------------------------ */

static s_findings *s_walk_out;
static int s_walk_files;

static int s_visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type != FTW_F)
        return 0;
    size_t n = strlen(path);
    int wanted = (n > 2 && (strcmp(path + n - 2, ".c") == 0 || strcmp(path + n - 2, ".h") == 0)) ||
                 (n > 3 && strcmp(path + n - 3, ".md") == 0);
    if (!wanted)
        return 0;
    char *text = mktows_read_file(path, NULL);
    if (!text) {
        s_report(s_walk_out, path, "", "", "could not read the file");
        return 0;
    }
    const char *rel = path;
    size_t root = strlen(MKTOWS_SOURCE_DIR);
    if (strncmp(path, MKTOWS_SOURCE_DIR, root) == 0 && path[root] == '/')
        rel = path + root + 1;
    s_scan_text(s_walk_out, rel, text);
    free(text);
    s_walk_files++;
    return 0;
}

/* ---- the scanner itself ---------------------------------------------------------------------- */

/* The samples are split after "struct" so this file's own scan does not see them. */
#define S_STRUCT "struct"

static int s_count(const char *text)
{
    s_findings f;
    memset(&f, 0, sizeof f);
    s_scan_text(&f, "sample.c", text);
    return f.count;
}

static void test_initializers__scanner_finds_positional_declarations(void)
{
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey k = { mkt__LeadKeyRef__EMAIL, \"a@b\" };"), 1);
    CU_ASSERT_EQUAL(s_count("static const " S_STRUCT " mkt__LeadKey k =\n  {\n  1 };"), 1);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " SOAP_ENV__Header h = { NULL };"), 1);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__ParamsGetLead p = { /* key */ &key };"), 1);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__ParamsGetLead p = { 0, NULL };"), 1);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__Attribute a = { .attrName = \"a\" }, b = { \"b\", NULL, \"x\" };"), 1);
}

static void test_initializers__scanner_finds_positional_compound_literals(void)
{
    CU_ASSERT_EQUAL(s_count("*a = (" S_STRUCT " mkt__Attribute){ \"Email\", NULL, \"x\" };"), 1);
    CU_ASSERT_EQUAL(s_count("f(( " S_STRUCT " mkt__Attribute )\n{ \"Email\" });"), 1);
    CU_ASSERT_EQUAL(s_count("p = (" S_STRUCT " mkt__Attrib[]){ { \"a\", \"b\" }, { .name = \"c\" } };"), 1);
}

static void test_initializers__scanner_finds_positional_array_elements(void)
{
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__Attrib a[2] = { { \"a\", \"1\" }, { \"b\", \"2\" } };"), 2);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__Attrib a[] = { [1] = { \"b\", \"2\" } };"), 1);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__Attrib a[N][2] = {\n { .name = \"a\" },\n { f(1, 2), \"x\" } };"), 1);
}

static void test_initializers__scanner_finds_positional_init_macros(void)
{
    CU_ASSERT_EQUAL(s_count("#define MKTOWS_X" "_INIT { 1, 0, NULL }"), 1);
    CU_ASSERT_EQUAL(s_count("#define MKTOWS_X" "_INIT \\\n    { MKTOWS_X_VERSION }"), 1);
}

static void test_initializers__scanner_accepts_designated_and_zero(void)
{
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey k = { .keyType = 1, .keyValue = \"a\" };"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey k = {0};"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey k = { 0 };"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey k = {};"), 0);
    CU_ASSERT_EQUAL(s_count("*a = (" S_STRUCT " mkt__Attribute){ .attrName = \"Email\" };"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__Attrib a[2] = { { .name = \"a\" }, {0} };"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadRecord r[3] = { s_rec(\"a\", NULL), x, o[1].kl };"), 0);
    CU_ASSERT_EQUAL(s_count("#define MKTOWS_X" "_INIT { .version = MKTOWS_X_VERSION }"), 0);
    /* Not initializers of generated structs: */
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mktows_thing t = { 1, 2 };"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey *f(int a) { return 0; }"), 0);
    CU_ASSERT_EQUAL(s_count(S_STRUCT " mkt__LeadKey k;\nint a[2] = { 1, 2 };"), 0);
    CU_ASSERT_EQUAL(s_count("sizeof(" S_STRUCT " mkt__LeadKey) + 1"), 0);
}

static void test_initializers__scanner_names_file_and_line(void)
{
    s_findings f;
    memset(&f, 0, sizeof f);
    s_scan_text(&f, "dir/x.c", "int a;\n\n" S_STRUCT " mkt__LeadKey k = {\n    1, \"a\" };\n");
    CU_ASSERT_EQUAL_FATAL(f.count, 1);
    CU_ASSERT_STRING_EQUAL(f.items[0].where, "dir/x.c:4");
}

/* ---- the tree -------------------------------------------------------------------------------- */

static void test_initializers__tree_has_no_positional_initializers_of_generated_structs(void)
{
    static const char *const dirs[] = { "src", "tests", "examples", "docs", "bench" };
    s_findings *f = calloc(1, sizeof *f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    s_walk_out = f;
    s_walk_files = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char root[1024];
        snprintf(root, sizeof root, "%s/%s", MKTOWS_SOURCE_DIR, dirs[i]);
        CU_ASSERT_EQUAL(nftw(root, s_visit, 16, FTW_PHYS), 0);
    }
    /* The walk really saw the tree (a wrong root would pass vacuously). */
    CU_ASSERT(s_walk_files > 50);
    int kept = f->count < 64 ? f->count : 64;
    for (int i = 0; i < kept; i++)
        fprintf(stderr, "%s: %s (use designated initializers or {0})\n", f->items[i].where, f->items[i].what);
    if (f->count > kept)
        fprintf(stderr, "... and %d more\n", f->count - kept);
    CU_ASSERT_EQUAL(f->count, 0);
    free(f);
}

int main(void)
{
    static const mktows_test_case cases[] = {
        { "scanner_finds_positional_declarations", test_initializers__scanner_finds_positional_declarations },
        { "scanner_finds_positional_compound_literals", test_initializers__scanner_finds_positional_compound_literals },
        { "scanner_finds_positional_array_elements", test_initializers__scanner_finds_positional_array_elements },
        { "scanner_finds_positional_init_macros", test_initializers__scanner_finds_positional_init_macros },
        { "scanner_accepts_designated_and_zero", test_initializers__scanner_accepts_designated_and_zero },
        { "scanner_names_file_and_line", test_initializers__scanner_names_file_and_line },
        { "tree_has_no_positional_initializers_of_generated_structs",
          test_initializers__tree_has_no_positional_initializers_of_generated_structs },
        { NULL, NULL }
    };
    return mktows_test_run("initializers", NULL, NULL, cases);
}
