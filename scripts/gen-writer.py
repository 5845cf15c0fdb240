#!/usr/bin/env python3
"""Generate the direct XML writers (gen/mktows_writer.c, gen/mktows_writer.h) from soapcpp2's soapC.c.

    gen-writer.py --soapc soapC.c --client soapClient.c --iface mktows_iface.h \
                  --out-c mktows_writer.c --out-h mktows_writer.h

gSOAP serializes an element through half a dozen runtime calls (soap_element_begin_out,
soap_element, soap_send, soap_string_out, soap_element_end_out, ...), each of which checks modes
that mktows never turns on; most of a request's encoding time goes there. The writers produced
here write the same bytes straight into a buffer (src/lib/writer.c holds their runtime).

They are derived from soapC.c itself, so that they follow gSOAP's choices member by member: every
soap_out_<type>() function of a struct is read statement by statement (a member, a required member
written empty when absent, an array), and every leaf type maps to the same conversion gSOAP uses.
A struct with a statement or a leaf type this script does not know gets no writer, and neither does
anything that contains it: the library then serializes that request with gSOAP, as before. So a
WSDL change can make a request slower, never different. tests/test_writer.c compares both
serializations of every operation's request and response.

The writers cover gSOAP's output in the modes the library uses (no indentation, no xsi:nil for
absent members, no canonical XML, no DOM, UTF-8 strings); src/lib/writer.c checks the modes of the
context before it uses them.
"""
import argparse
import re
import sys

# Leaf types: soap_out_<name> -> how the value is written. 'text' values are escaped as
# soap_string_out(s, 0) escapes them; 'raw' values are sent as they are (soap_send).
LEAF = {
    "string": ("string", None),
    "xsd__integer": ("string", None),
    "xsd__anySimpleType": ("string", None),
    "int": ("conv", "soap_long2s(w->soap, (long)*(%s))"),
    "byte": ("conv", "soap_long2s(w->soap, (long)*(%s))"),
    "LONG64": ("conv", "soap_LONG642s(w->soap, *(%s))"),
    "unsignedInt": ("conv", "soap_unsignedLong2s(w->soap, (unsigned long)*(%s))"),
    "unsignedByte": ("conv", "soap_unsignedLong2s(w->soap, (unsigned long)*(%s))"),
    "dateTime": ("conv", "soap_dateTime2s(w->soap, *(%s))"),
}

FUNC_RE = re.compile(
    r"^SOAP_FMAC3 int SOAP_FMAC4 soap_out_(\w+)\(struct soap \*soap, const char \*tag, int id, "
    r"(?:const )?(struct |enum )?([\w ]+?)\s*(\*const\*|\*)a, const char \*type\)\n\{\n(.*?)\n\}\n",
    re.S | re.M)

CAST = r"(?:\([\w ]+\*const\*\))?"
ST_MEMBER = re.compile(r'\tif \(soap_out_(\w+)\(soap, "([^"]+)", -1, ' + CAST + r'&a->(\w+), ""\)\)\n\t\treturn soap->error;\n')
ST_REQUIRED = re.compile(
    r'\tif \(!a->(\w+)\)\n\t\{\tif \(soap_element_empty\(soap, "([^"]+)", 0, NULL\)\)\n\t\t\treturn soap->error;\n\t\}\n'
    r'\telse if \(soap_out_(\w+)\(soap, "\2", -1, ' + CAST + r'&a->\1, ""\)\)\n\t\treturn soap->error;\n')
ST_NILLABLE = re.compile(
    r'\tif \(!a->(\w+)\)\n\t\{\tif \(soap_element_nil\(soap, "([^"]+)"\)\)\n\t\t\treturn soap->error;\n\t\}\n'
    r'\telse if \(soap_out_(\w+)\(soap, "\2", -1, ' + CAST + r'&a->\1, ""\)\)\n\t\treturn soap->error;\n')
ST_ARRAY = re.compile(
    r'\tif \(a->(\w+)\)\n\t\{\tint i;\n\t\tfor \(i = 0; i < \(int\)a->(\w+); i\+\+\)\n'
    r'\t\t\tif \(soap_out_(\w+)\(soap, "([^"]+)", -1, (?:a->\1 \+ i|\([\w ]+\*const\*\)\(a->\1 \+ i\)), ""\)\)\n'
    r'\t\t\t\treturn soap->error;\n\t\}\n')
# A struct standing for a base type and its derived types (wsdl2h -F): the first derived member set
# is written instead, with xsi:type.
ST_DERIVED = re.compile(r'\tif \(a->(\w+)\)\n\t\treturn soap_out_(\w+)\(soap, tag, id, a->\1, "([\w:]+)"\);\n')
BEGIN = re.compile(r'\t\(void\)soap; \(void\)tag; \(void\)id; \(void\)a; \(void\)type; /\* appease -Wall -Werror \*/\n'
                   r'\tif \(soap_element_begin_out\(soap, tag, soap_embedded_id\(soap, id, a, SOAP_TYPE_(\w+)\), type\)\)\n'
                   r'\t\treturn soap->error;\n')
END = '\treturn soap_element_end_out(soap, tag);'
POINTER_RE = re.compile(r'\tid = soap_element_id\(soap, tag, id, \*a, NULL, 0, type, SOAP_TYPE_(\w+), NULL\);\n'
                        r'\tif \(id < 0\)\n\t\treturn soap->error;\n\treturn soap_out_(\w+)\(soap, tag, id, \*a, type\);$')
ENUM_RE = re.compile(r'\tif \(soap_element_begin_out\(soap, tag, soap_embedded_id\(soap, id, a, SOAP_TYPE_(\w+)\), type\) '
                     r'\|\| soap_send\(soap, soap_(\w+)2s\(soap, \*a\)\)\)\n\t\treturn soap->error;\n'
                     r'\treturn soap_element_end_out\(soap, tag\);$')


def die(msg):
    sys.stderr.write("gen-writer.py: %s\n" % msg)
    sys.exit(1)


def read_soapc(path):
    """{name: ('struct', ctype, [members]) | ('pointer', target) | ('enum', ctype) | ('leaf', kind) | ('unknown', why)}"""
    text = open(path, encoding="utf-8").read()
    types = {}
    for m in FUNC_RE.finditer(text):
        name, kw, ctype, body = m.group(1), (m.group(2) or "").strip(), m.group(3).strip(), m.group(5)
        if name.startswith("_") and name.startswith("__"):
            continue  # operation wrappers (__mkt__op): not element content
        if name in LEAF:
            types[name] = ("leaf", name)
            continue
        pm = POINTER_RE.match(body)
        if pm:
            types[name] = ("pointer", pm.group(2))
            continue
        em = ENUM_RE.match(body)
        if em and kw == "enum":
            types[name] = ("enum", "enum " + ctype, em.group(2))
            continue
        derived = []
        pos = 0
        while True:
            dm = ST_DERIVED.match(body, pos)
            if not dm:
                break
            derived.append((dm.group(1), dm.group(2), dm.group(3)))
            pos = dm.end()
        body = body[pos:]
        bm = BEGIN.match(body)
        if not bm or not body.endswith(END) or kw != "struct":
            types[name] = ("unknown", "not a plain struct, enum or pointer")
            continue
        rest = body[bm.end():len(body) - len(END)]
        members = []
        pos = 0
        ok = True
        while pos < len(rest):
            for kind, rx in (("member", ST_MEMBER), ("required", ST_REQUIRED), ("nillable", ST_NILLABLE),
                             ("array", ST_ARRAY)):
                sm = rx.match(rest, pos)
                if sm:
                    if kind == "member":
                        members.append(("member", sm.group(1), sm.group(2), sm.group(3)))
                    elif kind in ("required", "nillable"):
                        members.append((kind, sm.group(3), sm.group(2), sm.group(1)))
                    else:
                        members.append(("array", sm.group(3), sm.group(4), sm.group(1), sm.group(2)))
                    pos = sm.end()
                    break
            else:
                ok = False
                break
        if ok:
            types[name] = ("struct", "struct " + ctype, members, derived)
        else:
            types[name] = ("unknown", "statement not understood: %r" % rest[pos:pos + 80])
    return types


class Gen:
    def __init__(self, types):
        self.types = types
        self.support = {}

    def supported(self, name, stack=()):
        if name in self.support:
            return self.support[name]
        t = self.types.get(name)
        if not t or t[0] == "unknown":
            ok = False
        elif t[0] in ("leaf", "enum"):
            ok = True
        elif t[0] == "pointer":
            ok = t[1] not in stack and self.supported(t[1], stack + (name,))
        else:
            if name in stack:
                return True  # recursive: decided by the outer call
            ok = all(self.supported(m[1], stack + (name,)) for m in t[2]) and \
                all(self.supported(d[1], stack + (name,)) for d in t[3])
        self.support[name] = ok
        return ok

    def emit_value(self, name, tag, addr, ind, xsi_type=None):
        """Code writing the element <tag> for the value at addr (an expression of type T *)."""
        t = self.types[name]
        o = ind
        lines = []
        open_, close = "<%s>" % tag, "</%s>" % tag
        if xsi_type:
            open_ = '<%s xsi:type=\\"%s\\">' % (tag, xsi_type)
        if t[0] == "pointer":
            lines.append(o + "if (*(%s)) {" % addr)
            lines += self.emit_value(t[1], tag, "*(%s)" % addr, ind + "    ")
            lines.append(o + "}")
        elif t[0] == "leaf" and LEAF[t[1]][0] == "string":
            lines.append(o + "if (*(%s)) {" % addr)
            lines.append(o + "    if (**(%s)) {" % addr)
            lines.append(o + '        MKTOWS_W_LIT(w, "%s");' % open_)
            lines.append(o + "        mktows_w_text(w, *(%s));" % addr)
            lines.append(o + '        MKTOWS_W_LIT(w, "%s");' % close)
            lines.append(o + "    } else {")
            lines.append(o + '        MKTOWS_W_LIT(w, "<%s/>");' % tag)
            lines.append(o + "    }")
            lines.append(o + "}")
        elif t[0] == "leaf":
            lines.append(o + 'MKTOWS_W_LIT(w, "%s");' % open_)
            lines.append(o + "mktows_w_text(w, %s);" % (LEAF[t[1]][1] % addr))
            lines.append(o + 'MKTOWS_W_LIT(w, "%s");' % close)
        elif t[0] == "enum":
            lines.append(o + 'MKTOWS_W_LIT(w, "%s");' % open_)
            lines.append(o + "mktows_w_raw_str(w, soap_%s2s(w->soap, *(%s)));" % (t[2], addr))
            lines.append(o + 'MKTOWS_W_LIT(w, "%s");' % close)
        elif t[3]:  # a base type standing for its derived types
            for i, (member, dname, dtype) in enumerate(t[3]):
                lines.append(o + ("if" if i == 0 else "} else if") + " ((%s)->%s) {" % (addr, member))
                lines += self.emit_value(dname, tag, "(%s)->%s" % (addr, member), ind + "    ", dtype)
            lines.append(o + "} else {")
            lines.append(o + '    MKTOWS_W_LIT(w, "%s");' % open_)
            lines.append(o + "    w_%s(w, %s);" % (name, addr))
            lines.append(o + '    MKTOWS_W_LIT(w, "%s");' % close)
            lines.append(o + "}")
        else:  # struct
            lines.append(o + 'MKTOWS_W_LIT(w, "%s");' % open_)
            lines.append(o + "w_%s(w, %s);" % (name, addr))
            lines.append(o + 'MKTOWS_W_LIT(w, "%s");' % close)
        return lines

    def struct_body(self, name):
        t = self.types[name]
        out = ["static void w_%s(mktows_w *w, const %s *a)" % (name, t[1]), "{"]
        if not t[2]:
            out.append("    (void)w;")
            out.append("    (void)a;")
        for m in t[2]:
            if m[0] == "member":
                out += self.emit_value(m[1], m[2], "&a->%s" % m[3], "    ")
            elif m[0] in ("required", "nillable"):
                empty = "<%s/>" % m[2] if m[0] == "required" else '<%s xsi:nil=\\"true\\"/>' % m[2]
                out.append("    if (!a->%s) {" % m[3])
                out.append('        MKTOWS_W_LIT(w, "%s");' % empty)
                out.append("    } else {")
                out += self.emit_value(m[1], m[2], "&a->%s" % m[3], "        ")
                out.append("    }")
            else:
                out.append("    if (a->%s) {" % m[3])
                out.append("        for (int i = 0; i < (int)a->%s; i++) {" % m[4])
                out += self.emit_value(m[1], m[2], "a->%s + i" % m[3], "            ")
                out.append("        }")
                out.append("    }")
        out.append("}")
        return out


def read_ops(iface_path):
    ops = []
    rx = re.compile(r"^\s+X\((\w+), (\w+), (\w+), (\w+), (\w+), (\w+), ")
    in_ops = False
    for line in open(iface_path, encoding="utf-8"):
        if line.startswith("#define MKTOWS_IFACE_OPERATIONS(X)"):
            in_ops = True
            continue
        if in_ops:
            m = rx.match(line)
            if not m:
                break
            ops.append(m.groups())
    if not ops:
        die("%s: no MKTOWS_IFACE_OPERATIONS" % iface_path)
    return ops


SEND_RE = re.compile(
    r"soap_send___mkt__(\w+)\(struct soap \*soap, const char \*soap_endpoint, const char \*soap_action, "
    r"struct (\w+) \*\w+\)\n\{.*?soap_endpoint = (\"[^\"]*\");.*?soap_action = (\"[^\"]*\");"
    r".*?soap_put___mkt__\w+\(soap, &\w+, \"-mkt:\w+\", \"\"\)", re.S)


def read_client(path):
    """{op: (params ctype, default endpoint literal, action literal)} from soapClient.c's send stubs."""
    out = {}
    for m in SEND_RE.finditer(open(path, encoding="utf-8").read()):
        out[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--soapc", required=True)
    ap.add_argument("--client", required=True)
    ap.add_argument("--iface", required=True)
    ap.add_argument("--out-c", required=True)
    ap.add_argument("--out-h", required=True)
    args = ap.parse_args()

    types = read_soapc(args.soapc)
    gen = Gen(types)
    ops = read_ops(args.iface)
    sends = read_client(args.client)
    for op, fn, req, resp, req_el, resp_el in ops:
        if op not in sends or sends[op][0] != req:
            die("soapClient.c: no soap_send___mkt__%s taking struct %s" % (op, req))

    roots = []
    for op, fn, req, resp, req_el, resp_el in ops:
        for kind, ctype in (("request", req), ("response", resp)):
            roots.append((op, fn, kind, ctype, ctype in types and gen.supported(ctype)))

    # Every supported struct reachable from a root, in dependency order (callees first).
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        t = types[name]
        if t[0] == "pointer":
            visit(t[1])
        elif t[0] == "struct":
            for m in t[2]:
                visit(m[1])
            for d in t[3]:
                visit(d[1])
            order.append(name)

    for r in roots:
        if r[4]:
            visit(r[3])

    h = []
    h.append("/* Direct XML writers of every operation's request and response content: the same bytes as")
    h.append(" * gSOAP's serializers in the modes the library uses (scripts/gen-writer.py; runtime in")
    h.append(" * src/lib/writer.c). Not part of the public API. */")
    h.append("#ifndef MKTOWS_WRITER_H")
    h.append("#define MKTOWS_WRITER_H")
    h.append("")
    h.append('#include "soapStub.h"')
    h.append("")
    h.append("struct mktows_w;")
    h.append("")
    h.append("/* X(op, fn, kind, ctype, supported): kind is request or response; a writer writes the")
    h.append(" * element's content (its children), or returns -1 when it is not supported (gSOAP then). */")
    h.append("#define MKTOWS_WRITER_ELEMENTS(X) \\")
    for op, fn, kind, ctype, ok in roots:
        h.append("    X(%s, %s, %s, %s, %d) \\" % (op, fn, kind, ctype, 1 if ok else 0))
    h.append("")
    h.append("#define MKTOWS_WRITER_DECLARE(op, fn, kind, ctype, supported) \\")
    h.append("    int mktows_writer_##kind##_##fn(struct mktows_w *w, const void *value);")
    h.append("MKTOWS_WRITER_ELEMENTS(MKTOWS_WRITER_DECLARE)")
    h.append("#undef MKTOWS_WRITER_DECLARE")
    h.append("")
    h.append("/* soap_send___mkt__<op>() with the request element written directly: the same envelope, and")
    h.append(" * gSOAP's own stub when w is NULL, the context's modes are not ones the writers follow, or")
    h.append(" * the request has no writer. */")
    for op, fn, req, resp, req_el, resp_el in ops:
        h.append("int mktows_writer_send_%s(struct soap *soap, const char *endpoint, struct %s *params, struct mktows_w *w);"
                 % (fn, req))
    h.append("")
    h.append("#endif")

    c = []
    c.append("/* Direct XML writers (scripts/gen-writer.py from soapC.c): see mktows_writer.h. */")
    c.append('#include "soapH.h"')
    c.append('#include "mktows_writer.h"')
    c.append('#include "private/writer.h"')
    c.append("")
    for name in order:
        c.append("static void w_%s(mktows_w *w, const %s *a);" % (name, types[name][1]))
    c.append("")
    for name in order:
        c += gen.struct_body(name)
        c.append("")
    for op, fn, kind, ctype, ok in roots:
        c.append("int mktows_writer_%s_%s(struct mktows_w *w, const void *value)" % (kind, fn))
        c.append("{")
        if ok:
            c.append("    w_%s(w, (const %s *)value);" % (ctype, types[ctype][1]))
            c.append("    return w->oom ? -2 : 0;")
        else:
            why = types[ctype][1] if ctype in types and types[ctype][0] == "unknown" else "contains a type gen-writer.py does not write"
            c.append("    (void)w; /* %s: %s */" % (ctype, why.replace("*/", "* /")))
            c.append("    (void)value;")
            c.append("    return -1;")
        c.append("}")
        c.append("")
    supported = {(r[0], r[2]): r[4] for r in roots}
    for op, fn, req, resp, req_el, resp_el in ops:
        _, endpoint, action = sends[op]
        c.append("int mktows_writer_send_%s(struct soap *soap, const char *endpoint, struct %s *params, struct mktows_w *w)"
                 % (fn, req))
        c.append("{")
        if supported[(op, "request")]:
            c.append("    if (!params || !mktows_w_usable(soap, w))")
            c.append("        return soap_send___mkt__%s(soap, endpoint, NULL, params);" % op)
            c.append("    mktows_w_reset(w, soap);")
            c.append("    w_%s(w, params);" % req)
            c.append("    return mktows_w_send(soap, endpoint ? endpoint : %s, %s, \"mkt:%s\", w);"
                     % (endpoint, action, req_el))
        else:
            c.append("    (void)w;")
            c.append("    return soap_send___mkt__%s(soap, endpoint, NULL, params);" % op)
        c.append("}")
        c.append("")
    with open(args.out_c, "w", encoding="utf-8") as f:
        f.write("\n".join(c))
    with open(args.out_h, "w", encoding="utf-8") as f:
        f.write("\n".join(h) + "\n")
    n_ok = sum(1 for r in roots if r[4])
    sys.stderr.write("gen-writer.py: %d of %d request/response elements have direct writers\n" % (n_ok, len(roots)))


if __name__ == "__main__":
    main()
