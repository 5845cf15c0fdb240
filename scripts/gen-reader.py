#!/usr/bin/env python3
"""Generate the direct response readers (gen/mktows_reader.c, gen/mktows_reader.h) from soapcpp2's soapC.c.

    gen-reader.py --soapc soapC.c --client soapClient.c --iface mktows_iface.h \
                  --out-c mktows_reader.c --out-h mktows_reader.h

gSOAP reads a response through soap_peek_element, soap_element_begin_in, soap_getattrval,
soap_push_namespace, soap_string_in, ... per element; most of a call's client time goes there. The
readers produced here fill the same C structures from a pull tokenizer over the body in memory
(src/lib/reader.c holds it and the receive around it).

They are derived from soapC.c itself, so that they follow gSOAP's choices member by member: every
soap_in_<type>() function is read statement by statement (a struct's loop over its children with a
flag per single member and a block list per array, a pointer that is NULL for xsi:nil, a value read
by soap_value() and converted by soap_s2<type>(), a string read by soap_string_in()), and checked
against the exact text soapcpp2 writes for those statements. A type with a statement this script
does not know gets no reader, and neither does anything that contains it: that response is read by
gSOAP, as before. So a WSDL change can make a response slower to read, never read differently.

At run time a reader gives up whenever the input leaves the subset the tokenizer follows (see
src/lib/private/reader.h); the message is then read by gSOAP's own stub from the same bytes.
tests/test_reader.c compares both readings of every operation's golden response and thousands of
variants.
"""
import argparse
import re
import sys

# soap_in<leaf>() runtime functions whose only work is soap_s2<leaf>(soap, soap_value(soap), p)
# (after an xsi:type check the tokenizer makes moot by giving up on xsi:type).
VALUE_IN = {
    "soap_inint": "soap_s2int",
    "soap_inLONG64": "soap_s2LONG64",
    "soap_indateTime": "soap_s2dateTime",
    "soap_inbyte": "soap_s2byte",
    "soap_inunsignedInt": "soap_s2unsignedInt",
    "soap_inunsignedByte": "soap_s2unsignedByte",
}

FUNC_RE = re.compile(
    r"^SOAP_FMAC3 [^\n]*? SOAP_FMAC4 soap_in_(\w+)\(struct soap \*soap, const char \*tag, "
    r"((?:struct |enum )?[\w ]+?)\s*(\*+)a, const char \*type\)\n\{\n(.*?)\n\}\n",
    re.S | re.M)

LEAF_VALUE_RE = re.compile(r"^\ta = (soap_in\w+)\(soap, tag, a, type, SOAP_TYPE_(\w+)\);\n\treturn a;$")
LEAF_STRING_RE = re.compile(r"^\ta = soap_instring\(soap, tag, a, type, SOAP_TYPE_(\w+), 1, 0, -1, NULL\);\n\treturn a;$")

ENUM_TMPL = (
    "\tif (soap_element_begin_in(soap, tag, 0, {tagtype}))\n\t\treturn NULL;\n"
    "{typecheck}"
    "\ta = ({ctype}*)soap_id_enter(soap, soap->id, a, SOAP_TYPE_{name}, sizeof({ctype}), NULL, NULL, NULL, NULL);\n"
    "\tif (!a)\n\t\treturn NULL;\n"
    "\tif (*soap->href != '#')\n"
    "\t{{\tint err = soap_s2{name}(soap, soap_value(soap), a);\n"
    "\t\tif ((soap->body && soap_element_end_in(soap, tag)) || err)\n\t\t\treturn NULL;\n\t}}\n"
    "\telse\n"
    "\t{{\ta = ({ctype} *)soap_id_forward(soap, soap->href, (void*)a, 0, SOAP_TYPE_{name}, SOAP_TYPE_{name}, sizeof({ctype}), 0, NULL, NULL);\n"
    "\t\tif (soap->body && soap_element_end_in(soap, tag))\n\t\t\treturn NULL;\n\t}}\n"
    "\treturn a;")
ENUM_TYPECHECK = ("\tif (*soap->type && soap_match_tag(soap, soap->type, type) && soap_match_tag(soap, soap->type, \":{xsd}\"))\n"
                  "\t{{\tsoap->error = SOAP_TYPE;\n\t\treturn NULL;\n\t}}\n")

POINTER_RE = re.compile(
    r"^\t\(void\)type; /\* appease -Wall -Werror \*/\n"
    r"\tif \(soap_element_begin_in\(soap, tag, 1, NULL\)\)\n\t\treturn NULL;\n"
    r"\tif \(!a\)\n\t\tif \(!\(a = \((?P<t1>[\w ]+?) \*\*\*?\)soap_malloc\(soap, sizeof\([\w ]+? \*\)\)\)\)\n\t\t\treturn NULL;\n"
    r"\t\*a = NULL;\n"
    r"\tif \(!soap->null && \*soap->href != '#'\)\n"
    r"\t\{\tsoap_revert\(soap\);\n"
    r"\t\tif \(!\(\*a = soap_in_(?P<target>\w+)\(soap, tag, \*a, type\)\)\)\n\t\t\treturn NULL;\n\t\}\n"
    r"\telse\n"
    r"\t\{\ta = \([\w ]+\*+\)soap_id_lookup\(soap, soap->href, \(void\*\*\)a, SOAP_TYPE_\w+, sizeof\([\w ]+\), \d, NULL\);\n"
    r"\t\tif \(soap->body && soap_element_end_in\(soap, tag\)\)\n\t\t\treturn NULL;\n\t\}\n"
    r"\treturn a;$")

STRUCT_HEAD = ("\tif (soap_element_begin_in(soap, tag, 0, NULL))\n\t\treturn NULL;\n"
               "\t(void)type; /* appease -Wall -Werror */\n"
               "\ta = (struct {name}*)soap_id_enter(soap, soap->id, a, SOAP_TYPE_{name}, sizeof(struct {name}), NULL, NULL, NULL, NULL);\n"
               "\tif (!a)\n\t\treturn NULL;\n"
               "\tsoap_default_{name}(soap, a);\n"
               "\tif (soap->body && *soap->href != '#')\n\t{{\n"
               "\t\tfor (;;)\n\t\t{{\tsoap->error = SOAP_TAG_MISMATCH;\n")
ST_SINGLE = re.compile(
    r'\t\t\tif \(soap_flag_(\w+) && (?:soap->error == SOAP_TAG_MISMATCH|\(soap->error == SOAP_TAG_MISMATCH \|\| soap->error == SOAP_NO_TAG\))\)\n'
    r'\t\t\t\{\tif \(soap_in_(\w+)\(soap, "(\w+)", (?:\(char\*\*\))?&a->(\w+), "[\w:]*"\)\)\n'
    r'\t\t\t\t\{\tsoap_flag_\1--;\n\t\t\t\t\tcontinue;\n\t\t\t\t\}\n\t\t\t\}\n')
ST_ARRAY = re.compile(
    r'\t\t\tif \(soap->error == SOAP_TAG_MISMATCH && !soap_element_begin_in\(soap, "(?P<tag>\w+)", 1, NULL\)\)\n'
    r'\t\t\t\{\tif \(a->(?P<m>\w+) == NULL\)\n'
    r'\t\t\t\t\{\tif \(soap_blist_(?P=m) == NULL\)\n\t\t\t\t\t\tsoap_blist_(?P=m) = soap_alloc_block\(soap\);\n'
    r'\t\t\t\t\ta->(?P=m) = \((?P<cast>[\w ]+?\s*\*+)\)soap_push_block_max\(soap, soap_blist_(?P=m), sizeof\((?P<ctype>[\w *]+?)\)\);\n'
    r'\t\t\t\t\tif \(a->(?P=m) == NULL\)\n\t\t\t\t\t\treturn NULL;\n'
    r'\t\t\t\t\t(?:soap_default_(?P<dflt>\w+)\(soap, a->(?P=m)\)|\*a->(?P=m) = NULL);\n\t\t\t\t\}\n'
    r'\t\t\t\tsoap_revert\(soap\);\n'
    r'\t\t\t\tif \(soap_in_(?P<type>\w+)\(soap, "(?P=tag)", (?:\(char\*\*\))?a->(?P=m), "[\w:]*"\)\)\n'
    r'\t\t\t\t\{\ta->(?P<size>__size\w+)\+\+;\n\t\t\t\t\ta->(?P=m) = NULL;\n\t\t\t\t\tcontinue;\n\t\t\t\t\}\n\t\t\t\}\n')
LOOP_END = ("\t\t\tif (soap->error == SOAP_TAG_MISMATCH)\n\t\t\t\tsoap->error = soap_ignore_element(soap);\n"
            "\t\t\tif (soap->error == SOAP_NO_TAG)\n\t\t\t\tbreak;\n"
            "\t\t\tif (soap->error)\n\t\t\t\treturn NULL;\n\t\t}\n")
ARRAY_SAVE = ("\t\tif (a->{m})\n\t\t\tsoap_pop_block(soap, soap_blist_{m});\n"
              "\t\tif (a->{size})\n\t\t{{\ta->{m} = ({ctype})soap_save_block(soap, soap_blist_{m}, NULL, 1);\n\t\t}}\n"
              "\t\telse\n\t\t{{\ta->{m} = NULL;\n\t\t\tif (soap_blist_{m})\n\t\t\t\tsoap_end_block(soap, soap_blist_{m});\n\t\t}}\n")
END_IN = "\t\tif (soap_element_end_in(soap, tag))\n\t\t\treturn NULL;\n"
# Checks made in the strict mode only (the fast path is not used in it), then the href branch.
STRICT_RE = re.compile(r"\t\tif \(\(soap->mode & SOAP_XML_STRICT\) && \([^\n]*\)\)\n"
                       r"\t\t\{\tsoap->error = SOAP_OCCURS;\n\t\t\treturn NULL;\n\t\t\}\n")
TAIL_RE = re.compile(
    r"\t\}\n"
    r"(?:\telse if \(\(soap->mode & SOAP_XML_STRICT\) && \*soap->href != '#'\)\n\t\{\tsoap->error = SOAP_OCCURS;\n\t\treturn NULL;\n\t\}\n)?"
    r"\telse\n\t\{\ta = \(struct (\w+) \*\)soap_id_forward\(soap, soap->href, \(void\*\)a, 0, SOAP_TYPE_\1, SOAP_TYPE_\1, sizeof\(struct \1\), 0, NULL, NULL\);\n"
    r"\t\tif \(soap->body && soap_element_end_in\(soap, tag\)\)\n\t\t\treturn NULL;\n\t\}\n\treturn a;$")


def die(msg):
    sys.stderr.write("gen-reader.py: %s\n" % msg)
    sys.exit(1)


def parse_struct(name, ctype, body):
    """('struct', ctype, [members]) or ('unknown', why). A member: ('single', type, tag, member) or
    ('array', item type, tag, member, size member, item ctype)."""
    flags, blists = [], []
    pos = 0
    for m in re.finditer(r"\t(?:size_t soap_flag_(\w+) = 1|struct soap_blist \*soap_blist_(\w+) = NULL);\n", body):
        if m.start() != pos:
            break
        if m.group(1):
            flags.append(m.group(1))
        else:
            blists.append(m.group(2))
        pos = m.end()
    head = STRUCT_HEAD.format(name=name)
    if not body.startswith(head, pos):
        return ("unknown", "not the struct reading soapcpp2 writes")
    pos += len(head)
    members = []
    while not body.startswith(LOOP_END, pos):
        sm = ST_SINGLE.match(body, pos)
        am = ST_ARRAY.match(body, pos)
        if sm:
            if sm.group(1) != sm.group(4):
                return ("unknown", "flag %s for member %s" % (sm.group(1), sm.group(4)))
            members.append(("single", sm.group(2), sm.group(3), sm.group(4)))
            pos = sm.end()
        elif am:
            if am.group("cast").replace(" ", "") != am.group("ctype").replace(" ", "") + "*":
                return ("unknown", "array %s: cast and item size differ" % am.group("m"))
            members.append(("array", am.group("type"), am.group("tag"), am.group("m"), am.group("size"), am.group("cast")))
            pos = am.end()
        else:
            return ("unknown", "statement not understood: %r" % body[pos:pos + 100])
    pos += len(LOOP_END)
    for mem in members:
        if mem[0] == "array":
            save = ARRAY_SAVE.format(m=mem[3], size=mem[4], ctype=mem[5])
            if not body.startswith(save, pos):
                return ("unknown", "array %s not saved as expected" % mem[3])
            pos += len(save)
    if not body.startswith(END_IN, pos):
        return ("unknown", "no end of element where expected")
    pos += len(END_IN)
    required_flags, required_ptrs = [], []
    sm = STRICT_RE.match(body, pos)
    if sm:
        cond = sm.group(0)
        required_flags = re.findall(r"soap_flag_(\w+) > 0", cond)
        required_ptrs = re.findall(r"!a->(\w+)", cond)
        if not required_flags and not required_ptrs:
            return ("unknown", "strict check not understood: %r" % cond[:100])
        pos = sm.end()
    strict_empty = "*soap->href != '#')\n\t{\tsoap->error = SOAP_OCCURS;" in body[pos:]
    tm = TAIL_RE.match(body, pos)
    if not tm or tm.group(1) != name:
        return ("unknown", "tail not understood: %r" % body[pos:pos + 100])
    if sorted(flags) != sorted(m[3] for m in members if m[0] == "single") or \
            sorted(blists) != sorted(m[3] for m in members if m[0] == "array"):
        return ("unknown", "flags and block lists do not match the members")
    tags = [m[2] for m in members]
    if len(set(tags)) != len(tags):
        return ("unknown", "two members with one element name")
    return ("struct", ctype, members, required_flags, required_ptrs, strict_empty)


def read_soapc(path):
    """{name: ('struct', ctype, members) | ('pointer', target, ctype) | ('value', ctype, s2) |
    ('string',) | ('unknown', why)}"""
    text = open(path, encoding="utf-8").read()
    types = {}
    for m in FUNC_RE.finditer(text):
        name, ctype, stars, body = m.group(1), m.group(2).strip(), m.group(3), m.group(4)
        if name.startswith("__"):
            continue  # operation wrappers (__mkt__op)
        vm = LEAF_VALUE_RE.match(body)
        if vm and vm.group(2) == name and vm.group(1) in VALUE_IN:
            types[name] = ("value", ctype, VALUE_IN[vm.group(1)])
            continue
        sm = LEAF_STRING_RE.match(body)
        if sm and sm.group(1) == name and ctype == "char" and stars == "**":
            types[name] = ("string",)
            continue
        pm = POINTER_RE.match(body)
        if pm:
            types[name] = ("pointer", pm.group("target"), ctype + " " + stars[:-1])
            continue
        if ctype.startswith("enum ") and stars == "*":
            ok = False
            for tagtype, check in (("type", ""), ("NULL", None)):
                if check is None:
                    xm = re.search(r'soap_match_tag\(soap, soap->type, ":(\w+)"\)', body)
                    if not xm:
                        continue
                    check = ENUM_TYPECHECK.format(xsd=xm.group(1))
                if body == ENUM_TMPL.format(tagtype=tagtype, typecheck=check, ctype=ctype, name=name):
                    ok = True
                    break
            types[name] = ("value", ctype, "soap_s2" + name) if ok else ("unknown", "enum read differently")
            continue
        pm = POINTER_RE.match(body)
        if pm:
            types[name] = ("pointer", pm.group("target"), ctype + " " + stars[:-1])
            continue
        if ctype.startswith("struct ") and stars == "*":
            types[name] = parse_struct(name, ctype, body)
            continue
        types[name] = ("unknown", "not a struct, pointer, enum, string or number reading this script knows")
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
        elif t[0] in ("value", "string"):
            ok = True
        elif t[0] == "pointer":
            ok = t[1] not in stack and self.supported(t[1], stack + (name,))
        else:
            if name in stack:
                return True  # recursive: decided by the outer call
            ok = all(self.supported(m[1], stack + (name,)) for m in t[2])
        self.support[name] = ok
        return ok

    def ctype(self, name):
        t = self.types[name]
        if t[0] == "string":
            return "char *"
        if t[0] == "value":
            return t[1]
        if t[0] == "pointer":
            return t[2]
        return t[1]

    def reader(self, name):
        """static int r_<name>(mktows_r *r, T *a): the open element into *a, end tag included."""
        t = self.types[name]
        out = ["static int r_%s(mktows_r *r, %s *a)" % (name, self.ctype(name)), "{"]
        if t[0] == "string":
            out.append("    return mktows_r_string(r, a);")
        elif t[0] == "value":
            out.append("    if (r->strict && r->nil)")
            out.append('        return mktows_r_fail(r, "strict: nil where gSOAP does not accept it");')
            out.append("    const char *v;")
            out.append("    if (mktows_r_value(r, &v))")
            out.append("        return -1;")
            out.append("    if (%s(r->soap, v, a))" % t[2])
            out.append('        return mktows_r_fail(r, "%s value");' % name)
            out.append("    return 0;")
        elif t[0] == "pointer":
            target = t[1]
            out.append("    if (r->nil) {")
            out.append("        *a = NULL;")
            out.append("        return mktows_r_skip_nil(r);")
            out.append("    }")
            out.append("    %s *p = mktows_r_alloc(r, sizeof *p);" % self.ctype(target).rstrip())
            out.append("    if (!p)")
            out.append("        return -1;")
            if self.types[target][0] == "string":
                out.append("    *p = NULL;")
            out.append("    *a = p;")
            out.append("    return r_%s(r, p);" % target)
        else:
            members = t[2]
            required_flags, required_ptrs, strict_empty = (t[3], t[4], t[5]) if len(t) > 3 else ([], [], False)
            out.append("    if (r->strict && r->nil)")
            out.append('        return mktows_r_fail(r, "strict: nil where gSOAP does not accept it");')
            out.append("    soap_default_%s(r->soap, a);" % name)
            out.append("    if (r->empty)")
            if strict_empty:
                out.append('        return r->strict ? mktows_r_fail(r, "strict: an empty element") : mktows_r_close(r);')
            else:
                out.append("        return mktows_r_close(r);")
            for m in members:
                if m[0] == "single":
                    out.append("    int f_%s = 1;" % m[3])
                else:
                    out.append("    mktows_r_vec v_%s = { 0 };" % m[3])
            out.append("    int c;")
            out.append("    while ((c = mktows_r_open(r)) == 1) {")
            for m in members:
                if m[0] == "single":
                    out.append('        if (f_%s && MKTOWS_R_IS(r, "%s")) {' % (m[3], m[2]))
                    cast = "(char **)" if self.types[m[1]][0] == "string" else ""
                    out.append("            if (r_%s(r, %s&a->%s))" % (m[1], cast, m[3]))
                    out.append("                return -1;")
                    out.append("            f_%s = 0;" % m[3])
                    out.append("            continue;")
                    out.append("        }")
                else:
                    item = self.ctype(m[1]).rstrip()
                    out.append('        if (MKTOWS_R_IS(r, "%s")) {' % m[2])
                    out.append("            %s *it = mktows_r_push(r, &v_%s, sizeof *it);" % (item, m[3]))
                    out.append("            if (!it || r_%s(r, it))" % m[1])
                    out.append("                return -1;")
                    out.append("            continue;")
                    out.append("        }")
            out.append("        if (mktows_r_skip(r))")
            out.append("            return -1;")
            out.append("    }")
            out.append("    if (c < 0)")
            out.append("        return -1;")
            conds = ["f_%s" % f for f in required_flags] + ["!a->%s" % p for p in required_ptrs]
            if conds:
                out.append("    if (r->strict && (%s))" % " || ".join(conds))
                out.append('        return mktows_r_fail(r, "strict: a required member is missing");')
            for m in members:
                if m[0] == "array":
                    out.append("    if (v_%s.n) {" % m[3])
                    out.append("        a->%s = (%s)v_%s.data;" % (m[3], m[5], m[3]))
                    out.append("        a->%s = (int)v_%s.n;" % (m[4], m[3]))
                    out.append("    }")
            out.append("    return mktows_r_close(r);")
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


RECV_TMPL = (
    "SOAP_FMAC5 int SOAP_FMAC6 soap_recv___mkt__{op}(struct soap *soap, struct {resp} *{var})\n{{\n"
    "\tif (!{var})\n\t\treturn soap_closesock(soap);\n"
    "\tsoap_default_{resp}(soap, {var});\n"
    "\tif (soap_begin_recv(soap)\n\t || soap_envelope_begin_in(soap)\n\t || soap_recv_header(soap)\n\t || soap_body_begin_in(soap))\n"
    "\t\treturn soap_closesock(soap);\n"
    "\tsoap_get_{resp}(soap, {var}, \"mkt:{el}\", NULL);\n"
    "\tif (soap->error)\n\t\treturn soap_recv_fault(soap, 0);\n"
    "\tif (soap_body_end_in(soap)\n\t || soap_envelope_end_in(soap)\n\t || soap_end_recv(soap))\n"
    "\t\treturn soap_closesock(soap);\n"
    "\treturn soap_closesock(soap);\n}}\n")


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
    client = open(args.client, encoding="utf-8").read()

    roots = []
    for op, fn, req, resp, req_el, resp_el in ops:
        var = "mkt__" + resp_el
        # The stub this replaces must be the one the generated fallback below repeats.
        stub_ok = RECV_TMPL.format(op=op, resp=resp, var=var, el=resp_el) in client
        ok = stub_ok and resp in types and types[resp][0] == "struct" and gen.supported(resp)
        why = None
        if not stub_ok:
            why = "soap_recv___mkt__%s is not the stub this script knows" % op
        elif resp not in types or types[resp][0] != "struct":
            why = "%s: %s" % (resp, types.get(resp, ("unknown", "no soap_in function"))[1])
        elif not ok:
            why = "contains a type gen-reader.py does not read"
        roots.append((op, fn, resp, resp_el, ok, why))

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
        order.append(name)

    for r in roots:
        if r[4]:
            visit(r[2])

    h = []
    h.append("/* Direct readers of every operation's response: the same structures as gSOAP's deserializers")
    h.append(" * fill, from src/lib/reader.c's tokenizer (scripts/gen-reader.py). Not part of the public API. */")
    h.append("#ifndef MKTOWS_READER_H")
    h.append("#define MKTOWS_READER_H")
    h.append("")
    h.append('#include "soapStub.h"')
    h.append("")
    h.append("struct mktows_r;")
    h.append("")
    h.append("/* X(op, fn, ctype, element, supported) */")
    h.append("#define MKTOWS_READER_ELEMENTS(X) \\")
    for op, fn, resp, resp_el, ok, why in roots:
        h.append("    X(%s, %s, %s, %s, %d) \\" % (op, fn, resp, resp_el, 1 if ok else 0))
    h.append("")
    h.append("/* Read the response element just opened on r (its start tag read) into value, end tag")
    h.append(" * included: 0, or -1 when the reader gave up or there is no reader. */")
    h.append("#define MKTOWS_READER_DECLARE(op, fn, ctype, element, supported) \\")
    h.append("    int mktows_reader_response_##fn(struct mktows_r *r, void *value);")
    h.append("MKTOWS_READER_ELEMENTS(MKTOWS_READER_DECLARE)")
    h.append("#undef MKTOWS_READER_DECLARE")
    h.append("")
    h.append("/* soap_recv___mkt__<op>() with the fast path first: the response read directly when the whole")
    h.append(" * body is in memory and the reader follows it, else by gSOAP's stub from the same bytes (and")
    h.append(" * always by gSOAP when r is NULL or the context's modes are not ones the reader follows). */")
    for op, fn, req, resp, req_el, resp_el in ops:
        h.append("int mktows_reader_recv_%s(struct soap *soap, struct %s *resp, struct mktows_r *r);" % (fn, resp))
    h.append("")
    h.append("#endif")

    c = []
    c.append("/* Direct response readers (scripts/gen-reader.py from soapC.c): see mktows_reader.h. */")
    c.append('#include "soapH.h"')
    c.append('#include "mktows_reader.h"')
    c.append('#include "private/reader.h"')
    c.append("")
    for name in order:
        c.append("static int r_%s(mktows_r *r, %s *a);" % (name, gen.ctype(name)))
    c.append("")
    for name in order:
        c += gen.reader(name)
        c.append("")
    for op, fn, resp, resp_el, ok, why in roots:
        c.append("int mktows_reader_response_%s(struct mktows_r *r, void *value)" % fn)
        c.append("{")
        if ok:
            c.append("    return r_%s(r, (struct %s *)value);" % (resp, resp))
        else:
            c.append("    (void)value; /* %s */" % why.replace("*/", "* /"))
            c.append('    return mktows_r_fail(r, "no reader");')
        c.append("}")
        c.append("")
    for op, fn, resp, resp_el, ok, why in roots:
        c.append("int mktows_reader_recv_%s(struct soap *soap, struct %s *resp, struct mktows_r *r)" % (fn, resp))
        c.append("{")
        if ok:
            c.append("    if (!resp || !r || !mktows_r_usable(soap))")
            c.append("        return soap_recv___mkt__%s(soap, resp);" % op)
            c.append("    soap_default_%s(soap, resp);" % resp)
            c.append("    if (soap_begin_recv(soap))")
            c.append("        return soap_closesock(soap);")
            c.append('    int begun = mktows_r_begin(r, soap, "%s", %d);' % (resp_el, len(resp_el)))
            c.append("    if (begun < 0)")
            c.append("        return soap_closesock(soap);")
            c.append("    int status;")
            c.append("    if (begun && r_%s(r, resp) == 0 && mktows_r_finish(r, &status) == 0)" % resp)
            c.append("        return status;")
            c.append("    /* Given up: gSOAP reads the same bytes, as soap_recv___mkt__%s() after soap_begin_recv(). */" % op)
            c.append("    mktows_r_abandon(r);")
            c.append("    soap_default_%s(soap, resp);" % resp)
            c.append("    if (soap_envelope_begin_in(soap) || soap_recv_header(soap) || soap_body_begin_in(soap))")
            c.append("        return soap_closesock(soap);")
            c.append('    soap_get_%s(soap, resp, "mkt:%s", NULL);' % (resp, resp_el))
            c.append("    if (soap->error)")
            c.append("        return soap_recv_fault(soap, 0);")
            c.append("    if (soap_body_end_in(soap) || soap_envelope_end_in(soap) || soap_end_recv(soap))")
            c.append("        return soap_closesock(soap);")
            c.append("    return soap_closesock(soap);")
        else:
            c.append("    (void)r; /* %s */" % why.replace("*/", "* /"))
            c.append("    return soap_recv___mkt__%s(soap, resp);" % op)
        c.append("}")
        c.append("")
    with open(args.out_c, "w", encoding="utf-8") as f:
        f.write("\n".join(c))
    with open(args.out_h, "w", encoding="utf-8") as f:
        f.write("\n".join(h) + "\n")
    n_ok = sum(1 for r in roots if r[4])
    sys.stderr.write("gen-reader.py: %d of %d responses have direct readers\n" % (n_ok, len(roots)))
    for r in roots:
        if not r[4]:
            sys.stderr.write("gen-reader.py: %s: %s\n" % (r[0], r[5]))


if __name__ == "__main__":
    main()
