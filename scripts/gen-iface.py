#!/usr/bin/env python3
"""Derive the interface description of a mktows WSDL: one table of every operation.

Used by scripts/regen only:

    gen-iface.py --wsdl W --stub soapStub.h --iface OUT.h --reference OUT.md

It reads the WSDL (portType, binding, messages, schema) for what the service says, and gSOAP's
soapStub.h for the C names soapcpp2 gave each element, and writes:

  mktows_iface.h  X-macros over the operations, their SOAP headers (as the binding names them),
                  the member a valid response must carry, and the paging and batching shapes.
                  Data only: the library, the server, the CLI and the tests expand it.
  interface.md    the reference of every request and response: element paths, C members,
                  JSON names (as `mktows decode` prints them), XML types, occurrences and nils.

Output depends only on the input, in WSDL order. Standard library only.
"""
import argparse
import hashlib
import re
import sys
import xml.etree.ElementTree as ET

NS = {
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "xs": "http://www.w3.org/2001/XMLSchema",
}
XS = NS["xs"]

# The SOAP headers the library knows how to fill, by element name, and their flag in the table.
KNOWN_HEADERS = [
    ("AuthenticationHeader", "MKTOWS_IFACE_HDR_AUTH", 1, "signed with the client's user id and key"),
    ("MktowsContextHeader", "MKTOWS_IFACE_HDR_CONTEXT", 2, "the client's workspace, when it has one"),
]
OTHER_HEADER_FLAG = ("MKTOWS_IFACE_HDR_OTHER", 4)

# Typed calls are mktows_<snake name>; a name the library already uses for a convenience call gets
# a _raw suffix (mktows_sync_lead() is the syncLead convenience of <mktows/sync_lead.h>).
RESERVED_FUNCTIONS = {"sync_lead"}


def die(msg):
    sys.stderr.write("gen-iface.py: %s\n" % msg)
    sys.exit(1)


def local(qname):
    return qname.split(":", 1)[1] if qname and ":" in qname else qname


def snake(op):
    s = op.replace("MObject", "Mobject")
    out = re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), s)
    return out + "_raw" if out in RESERVED_FUNCTIONS else out


# ---------------------------------------------------------------- the WSDL

class Member:
    def __init__(self, name, xtype, min_occurs, max_occurs, nillable):
        self.name, self.xtype = name, xtype
        self.min_occurs, self.max_occurs, self.nillable = min_occurs, max_occurs, nillable

    @property
    def required(self):
        return self.min_occurs != "0"

    @property
    def repeated(self):
        return self.max_occurs not in ("1", None)


class Schema:
    def __init__(self, root):
        self.elements = {}   # global element -> type (local name or xs:*)
        self.complex = {}    # complexType -> {"members": [Member], "base": name|None, "abstract": bool}
        self.enums = {}      # simpleType -> [values]
        self.simple = {}     # simpleType -> base
        for schema in root.iter("{%s}schema" % XS):
            for el in schema.findall("xs:element", NS):
                self.elements[el.get("name")] = el.get("type")
            for ct in schema.findall("xs:complexType", NS):
                self.complex[ct.get("name")] = self._complex(ct)
            for st in schema.findall("xs:simpleType", NS):
                restr = st.find("xs:restriction", NS)
                vals = [e.get("value") for e in restr.findall("xs:enumeration", NS)] if restr is not None else []
                if vals:
                    self.enums[st.get("name")] = vals
                else:
                    self.simple[st.get("name")] = restr.get("base") if restr is not None else "xs:string"

    @staticmethod
    def _complex(ct):
        base = None
        seq_parent = ct
        ext = ct.find("xs:complexContent/xs:extension", NS)
        if ext is not None:
            base = local(ext.get("base"))
            seq_parent = ext
        members = []
        for seq in seq_parent.findall("xs:sequence", NS):
            for el in seq.findall("xs:element", NS):
                members.append(Member(el.get("name"), el.get("type"), el.get("minOccurs", "1"),
                                      el.get("maxOccurs", "1"), el.get("nillable") == "true"))
        return {"members": members, "base": base, "abstract": ct.get("abstract") == "true"}

    def members(self, tname):
        """All members of a complex type, its bases' first."""
        ct = self.complex.get(tname)
        if ct is None:
            return []
        return (self.members(ct["base"]) if ct["base"] else []) + ct["members"]

    def derived(self, tname):
        return [n for n, ct in self.complex.items() if ct["base"] == tname]

    def is_complex(self, qname):
        return not qname.startswith("xs:") and local(qname) in self.complex

    def array_item(self, qname):
        """The one repeated member of an ArrayOf-style type, or None."""
        if not self.is_complex(qname):
            return None
        ms = self.members(local(qname))
        return ms[0] if len(ms) == 1 and ms[0].repeated else None


class Operation:
    pass


def read_wsdl(path):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        die("cannot read %s: %s" % (path, e))
    if root.tag != "{%s}definitions" % NS["wsdl"]:
        die("%s is not a WSDL 1.1 document" % path)
    schema = Schema(root)
    messages = {}
    for m in root.findall("wsdl:message", NS):
        parts = m.findall("wsdl:part", NS)
        messages[m.get("name")] = [(p.get("name"), local(p.get("element"))) for p in parts]

    bindings = root.findall("wsdl:binding", NS)
    if len(bindings) != 1:
        die("expected one wsdl:binding, found %d" % len(bindings))
    binding_ops = {}
    for bop in bindings[0].findall("wsdl:operation", NS):
        headers = []
        for h in bop.findall("wsdl:input/soap:header", NS):
            parts = dict(messages.get(local(h.get("message")), []))
            el = parts.get(h.get("part"))
            if el is None:
                die("binding of %s names header part %s:%s, which no message has"
                    % (bop.get("name"), h.get("message"), h.get("part")))
            headers.append(el)
        binding_ops[bop.get("name")] = headers

    ops = []
    port_types = root.findall("wsdl:portType", NS)
    if len(port_types) != 1:
        die("expected one wsdl:portType, found %d" % len(port_types))
    for pop in port_types[0].findall("wsdl:operation", NS):
        op = Operation()
        op.name = pop.get("name")
        if op.name not in binding_ops:
            die("operation %s has no binding" % op.name)
        doc = pop.find("wsdl:documentation", NS)
        op.doc = " ".join(doc.text.split()) if doc is not None and doc.text else ""
        for direction in ("input", "output"):
            msg = local(pop.find("wsdl:%s" % direction, NS).get("message"))
            parts = messages.get(msg)
            if not parts or len(parts) != 1:
                die("operation %s: %s message %s must have exactly one part (document/literal bare)"
                    % (op.name, direction, msg))
            el = parts[0][1]
            if el not in schema.elements:
                die("operation %s: element %s is not declared in the schema" % (op.name, el))
            setattr(op, direction + "_element", el)
            setattr(op, direction + "_type", local(schema.elements[el]))
        op.headers = binding_ops[op.name]
        ops.append(op)
    if not ops:
        die("the WSDL defines no operation")
    return schema, ops


# ---------------------------------------------------------------- gSOAP's C names

class CStruct:
    def __init__(self):
        self.members = {}   # element name -> (C declaration, C member name, size member or None)


def read_stub(path):
    """struct name -> CStruct, from soapcpp2's member comments:
       /** Optional element 'x' of XML schema type 'y' */  then  `type *x;`
       /** Sequence of elements 'x' ... stored in dynamic array x of length __sizex */ then two lines."""
    try:
        lines = open(path, encoding="utf-8").read().split("\n")
    except OSError as e:
        die("cannot read %s: %s" % (path, e))
    structs, cur, i = {}, None, 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^struct (\w+) \{$", line)
        if m:
            cur = structs.setdefault(m.group(1), CStruct())
        elif line.startswith("};"):
            cur = None
        elif cur is not None:
            m = re.match(r"\s*/\*\* (?:Optional|Required) element '(?:\w+:)?([\w.-]+)' of XML schema type", line)
            a = re.match(r"\s*/\*\* Sequence of elements '([\w.-]+)' .* stored in dynamic array (\w+) of length (\w+)",
                         line)
            if a:
                decl = lines[i + 2].strip().rstrip(";")
                cur.members[a.group(1)] = (decl, a.group(2), a.group(3))
                i += 2
            elif m:
                decl = lines[i + 1].strip().rstrip(";")
                cur.members[m.group(1)] = (decl, re.split(r"[ *]+", decl)[-1], None)
                i += 1
        i += 1
    return structs


# ---------------------------------------------------------------- derived facts

def derive(schema, ops, structs, prefix):
    for op in ops:
        op.fn = snake(op.name)
        op.req_c = "%s__%s" % (prefix, op.input_type)
        op.resp_c = "%s__%s" % (prefix, op.output_type)
        for c in (op.req_c, op.resp_c):
            if c not in structs:
                die("operation %s: soapStub.h has no struct %s" % (op.name, c))
        required = [m for m in schema.members(op.output_type) if m.required]
        if len(required) != 1 or not schema.is_complex(required[0].xtype):
            die("operation %s: %s must have exactly one required element of a complex type (it has %s)"
                % (op.name, op.output_type, ", ".join(m.name for m in required) or "none"))
        op.result = required[0]
        op.result_type = local(op.result.xtype)
        op.flags = []
        for h in op.headers:
            known = [k for k in KNOWN_HEADERS if k[0] == h]
            flag = known[0][1] if known else OTHER_HEADER_FLAG[0]
            if flag not in op.flags:
                op.flags.append(flag)

        # Paging: a request member P whose value the result returns as newP, plus a count or a flag
        # that says whether there is more.
        result_members = {m.name: m for m in schema.members(op.result_type)}
        op.paging = None
        for m in schema.members(op.input_type):
            nxt = "new" + m.name[0].upper() + m.name[1:]
            if nxt in result_members and m.name.endswith("Position"):
                more = next((result_members[n] for n in ("remainingCount", "hasMore") if n in result_members), None)
                records = [r for r in schema.members(op.result_type) if schema.array_item(r.xtype)]
                batch = next((b for b in schema.members(op.input_type) if b.name == "batchSize"), None)
                if more is None or len(records) != 1:
                    die("%s has %s and %s but no remainingCount/hasMore or no single record list"
                        % (op.name, m.name, nxt))
                op.paging = {"position": m.name, "new_position": nxt, "more": more.name,
                             "more_is_count": 1 if more.name == "remainingCount" else 0,
                             "records": records[0].name, "batch_size": batch.name if batch else None}
                break

        # Batching: the request carries one required list of records and the result one list of
        # statuses, matched by position.
        op.batching = None
        rec_lists = [m for m in schema.members(op.input_type)
                     if m.required and schema.array_item(m.xtype)
                     and schema.is_complex(schema.array_item(m.xtype).xtype)]
        status_lists = [m for m in schema.members(op.result_type)
                        if schema.array_item(m.xtype) and schema.is_complex(schema.array_item(m.xtype).xtype)]
        if op.name.startswith("sync") and len(rec_lists) == 1 and len(status_lists) == 1:
            rl, sl = rec_lists[0], status_lists[0]
            ri, si = schema.array_item(rl.xtype), schema.array_item(sl.xtype)
            status_members = {m.name: m for m in schema.members(local(si.xtype))}
            st = status_members.get("status")
            if st is None or local(st.xtype) not in schema.enums or "error" not in status_members:
                die("%s: the status type %s needs a status enumeration and an error element" % (op.name, si.xtype))
            ident = next((status_members[n] for n in ("leadId", "id") if n in status_members
                          and status_members[n].xtype in ("xs:int", "xs:long")), None)
            op.batching = {"records": rl.name, "records_type": "%s__%s" % (prefix, local(rl.xtype)),
                           "record": ri.name, "record_type": "%s__%s" % (prefix, local(ri.xtype)),
                           "statuses": sl.name, "status": si.name,
                           "status_type": "%s__%s" % (prefix, local(si.xtype)),
                           "status_enum": "%s__%s" % (prefix, local(st.xtype)),
                           "status_id": "id_(%s)" % ident.name if ident else "no_id_()"}


# ---------------------------------------------------------------- mktows_iface.h

def c_layout_hash(stub_path):
    """A hash of what a compiled program depends on: soapStub.h without its comments."""
    text = open(stub_path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = "\n".join(l.rstrip() for l in text.split("\n") if l.strip())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def write_iface(path, schema, ops, layout_hash, wsdl_name):
    w = []
    p = w.append
    p("/** @file mktows_iface.h")
    p(" * @brief The interface description of %s: every operation, its SOAP headers, the" % wsdl_name)
    p(" *        member a valid response must carry, and the paging and batching shapes.")
    p(" *")
    p(" * Data only, as X-macros: the library, the server, the CLI and the tests expand them, so that")
    p(" * a change to the WSDL reaches all of them through scripts/regen. Written by")
    p(" * scripts/gen-iface.py; docs/interface.md is the reference of every element.")
    p(" */")
    p("#ifndef MKTOWS_IFACE_H")
    p("#define MKTOWS_IFACE_H")
    p("")
    p("/** Hash of the generated C layout (soapStub.h without comments): a program and the library")
    p(" *  must agree on it, see mktows_client_new(). */")
    p("#define MKTOWS_IFACE_HASH 0x%sULL" % layout_hash)
    p("")
    p("/** Number of operations. */")
    p("#define MKTOWS_IFACE_OPERATION_COUNT %d" % len(ops))
    p("/** Shape of the schema: global elements, complex types and enumerations. */")
    p("#define MKTOWS_IFACE_SCHEMA_ELEMENTS %d" % len(schema.elements))
    p("#define MKTOWS_IFACE_SCHEMA_COMPLEX_TYPES %d" % len(schema.complex))
    p("#define MKTOWS_IFACE_SCHEMA_ENUMERATIONS %d" % len(schema.enums))
    p("")
    p("/** SOAP headers an operation's binding names (flags). */")
    for name, flag, value, what in KNOWN_HEADERS:
        p("#define %s %d /* %s: %s */" % (flag, value, name, what))
    p("#define %s %d /* a header the library does not know how to fill */" % OTHER_HEADER_FLAG)
    p("")
    p("/**")
    p(" * X(operation, function, request type, response type, request element, response element,")
    p(" *   result member, headers, paged, batched): every operation in WSDL order. The types are")
    p(" * struct tags of soapStub.h; the result member is the one element the response must carry;")
    p(" * headers are the MKTOWS_IFACE_HDR_* flags of the SOAP headers its binding names; paged and")
    p(" * batched are 1 when the operation is in MKTOWS_IFACE_PAGED / MKTOWS_IFACE_BATCHED.")
    p(" */")
    p("#define MKTOWS_IFACE_OPERATIONS(X) \\")
    rows = []
    for op in ops:
        flags = " | ".join(op.flags) if op.flags else "0"
        rows.append("    X(%s, %s, %s, %s, %s, %s, %s, %s, %d, %d)" % (
            op.name, op.fn, op.req_c, op.resp_c, op.input_element, op.output_element, op.result.name,
            "(%s)" % flags if len(op.flags) > 1 else flags, 1 if op.paging else 0, 1 if op.batching else 0))
    p(" \\\n".join(rows))
    p("")
    paged = [op for op in ops if op.paging]
    p("/**")
    p(" * X(operation, function, request type, response type, result member, position member,")
    p(" *   new position member, more member, more is a count, records member):")
    p(" * the operations that page. The request's position member is sent back as the result's new")
    p(" * position member until the more member says the stream has ended (a remaining count of 0,")
    p(" * or false when more is a flag). The records member is the result's list of records.")
    p(" */")
    p("#define MKTOWS_IFACE_PAGED(X)%s" % (" \\" if paged else ""))
    p(" \\\n".join("    X(%s, %s, %s, %s, %s, %s, %s, %s, %d, %s)" % (
        op.name, op.fn, op.req_c, op.resp_c, op.result.name, op.paging["position"], op.paging["new_position"],
        op.paging["more"], op.paging["more_is_count"], op.paging["records"])
        for op in paged))
    p("")
    sized = [op for op in paged if op.paging["batch_size"]]
    p("/** X(operation, request type, batch size member): the paged operations whose request says")
    p(" *  how many records a page holds. */")
    p("#define MKTOWS_IFACE_PAGE_SIZE(X)%s" % (" \\" if sized else ""))
    p(" \\\n".join("    X(%s, %s, %s)" % (op.name, op.req_c, op.paging["batch_size"]) for op in sized))
    p("")
    batched = [op for op in ops if op.batching]
    p("/**")
    p(" * X(operation, function, request type, response type, result member, records member, records")
    p(" *   type, record member, record type, statuses member, status member, status type, status")
    p(" *   enumeration, status id): the operations that write a list of records and answer with one")
    p(" * status per record, by position. Every status has a status (of the status enumeration) and an")
    p(" * error; status id is id_(member) for its leadId / id member, or no_id_() when it has none.")
    p(" */")
    p("#define MKTOWS_IFACE_BATCHED(X)%s" % (" \\" if batched else ""))
    p(" \\\n".join("    X(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)" % (
        op.name, op.fn, op.req_c, op.resp_c, op.result.name, b["records"], b["records_type"], b["record"],
        b["record_type"], b["statuses"], b["status"], b["status_type"], b["status_enum"], b["status_id"])
        for op in batched for b in [op.batching]))
    p("")
    p("#endif /* MKTOWS_IFACE_H */")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(w) + "\n")


# ---------------------------------------------------------------- interface.md

XS_C = {"string": "char *", "int": "int", "long": "LONG64", "boolean": "enum xsd__boolean",
        "dateTime": "time_t", "float": "float", "double": "double", "integer": "char *"}


def xml_type(schema, qname):
    n = local(qname)
    if qname.startswith("xs:"):
        return "xs:" + n
    if n in schema.enums:
        return "%s (enum: %s)" % (n, ", ".join(schema.enums[n]))
    return n


def walk(schema, structs, prefix, tname, c_path, j_path, rows, depth, seen):
    arrow = "." if c_path.endswith("[i]") else "->"
    cstruct = structs.get("%s__%s" % (prefix, tname))
    derived = schema.derived(tname)
    for d in derived:
        member = "%s__%s" % (prefix, d)
        rows.append(("%s (xsi:type %s)" % (j_path, d), "%s%s%s" % (c_path, arrow, member),
                     "%s, derived from %s" % (d, tname), "set this pointer to send `xsi:type=\"%s\"`" % d))
        if depth < 8 and d not in seen:
            walk(schema, structs, prefix, d, "%s%s%s" % (c_path, arrow, member), j_path, rows, depth + 1, seen | {d})
    for m in schema.members(tname):
        decl, cname, size = cstruct.members.get(m.name, (None, m.name, None)) if cstruct else (None, m.name, None)
        occurs = ("required" if m.required else "optional") + (", nillable" if m.nillable else "")
        jp = "%s.%s" % (j_path, m.name) if j_path else m.name
        if m.repeated:
            occurs = "repeated (%s..%s)" % (m.min_occurs, "n" if m.max_occurs == "unbounded" else m.max_occurs)
            cp = "%s%s%s[i]" % (c_path, arrow, cname)
            note = "; count in `%s%s%s`" % (c_path, arrow, size) if size else ""
            rows.append((jp + "[]", cp, xml_type(schema, m.xtype), occurs + note))
        else:
            cp = "%s%s%s" % (c_path, arrow, cname)
            ptr = decl is not None and "*" in decl and not decl.startswith("char *") or \
                (decl or "").startswith("char **")
            if decl and decl.startswith("char *"):
                ptr = True
            c_note = ""
            if decl and not m.required:
                c_note = "NULL when absent" + (" or nil" if m.nillable else "") if ptr else ""
            elif decl and m.required and m.nillable:
                c_note = "NULL when nil"
            rows.append((jp, cp, xml_type(schema, m.xtype), occurs + ("; " + c_note if c_note else "")))
        t = local(m.xtype)
        if schema.is_complex(m.xtype) and depth < 8 and t not in seen:
            # An array item is a struct, not a pointer: its members are reached with ".".
            walk(schema, structs, prefix, t, cp, jp + ("[]" if m.repeated else ""), rows, depth + 1, seen | {t})


def write_reference(path, schema, ops, structs, prefix, wsdl_name):
    w = []
    p = w.append
    p("<!-- DO NOT EDIT: generated by scripts/regen from %s. Edit wsdl/ and rerun scripts/regen. -->" % wsdl_name)
    p("# Interface reference")
    p("")
    p("Every operation of `%s`, as the generated bindings see it. For each request and response" % wsdl_name)
    p("element: its path as `mktows decode` prints it in JSON (element names as keys, `[]` for a")
    p("repeated element), the C expression that reaches it from the typed call's `params` or `*out`,")
    p("its XML schema type and its occurrence. In C an optional element is a pointer that is NULL")
    p("when absent; gSOAP's C mode reads an `xsi:nil` element as NULL too (the decoder tells them")
    p("apart: see docs/library.md, \"Absent, nil and value\"). A repeated element is an array with")
    p("its count in the `__size` member named beside it. A derived type of an abstract type is sent")
    p("by setting its pointer in the base struct, which then goes out with its `xsi:type`.")
    p("")
    p("| operation | typed call | request | response | SOAP headers |")
    p("|---|---|---|---|---|")
    for op in ops:
        p("| [%s](#%s) | `mktows_%s()` | `%s` | `%s` | %s |" % (
            op.name, op.name.lower(), op.fn, op.input_element, op.output_element, ", ".join(op.headers) or "none"))
    p("")
    for op in ops:
        p("## %s" % op.name)
        p("")
        if op.doc:
            p(op.doc)
            p("")
        p("`mktows_code mktows_%s(mktows_client *client, const struct %s *params, struct %s **out);`"
          % (op.fn, op.req_c, op.resp_c))
        p("")
        p("- SOAP headers (from the binding): %s" % (", ".join(op.headers) or "none"))
        p("- A valid response carries `%s`; the typed call fails with a parse error otherwise." % op.result.name)
        if op.paging:
            pg = op.paging
            p("- Pages: `%s` in, `%s.%s` out, until `%s` says the end; records in `%s`%s "
              "(`mktows_%s_pager()`)." % (pg["position"], op.result.name, pg["new_position"], pg["more"],
                                           pg["records"], ", page size `%s`" % pg["batch_size"]
                                           if pg["batch_size"] else "", op.fn))
        if op.batching:
            b = op.batching
            p("- Batches: `%s.%s[]` records in, one `%s.%s[]` status each, by position." % (
                b["records"], b["record"], b["statuses"], b["status"]))
        for title, el, tname, root in (("Request", op.input_element, op.input_type, "params"),
                                        ("Response", op.output_element, op.output_type, "out")):
            p("")
            p("### %s: `%s` (`struct %s__%s`)" % (title, el, prefix, tname))
            p("")
            rows = []
            walk(schema, structs, prefix, tname, "(*%s)" % root if root == "out" else root, "", rows, 0, {tname})
            if not rows:
                p("No elements.")
                continue
            p("| JSON path | C | XML type | occurs |")
            p("|---|---|---|---|")
            for jp, cp, xt, occ in rows:
                p("| `%s` | `%s` | %s | %s |" % (jp, cp.replace("(*out)->", "out->"), xt, occ.replace("(*out)->", "out->")))
        p("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(w).rstrip("\n") + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wsdl", required=True)
    ap.add_argument("--wsdl-name", default="wsdl/mktows-2_7.wsdl")
    ap.add_argument("--stub", required=True)
    ap.add_argument("--prefix", default="mkt")
    ap.add_argument("--iface", required=True)
    ap.add_argument("--reference", required=True)
    a = ap.parse_args()
    schema, ops = read_wsdl(a.wsdl)
    structs = read_stub(a.stub)
    derive(schema, ops, structs, a.prefix)
    write_iface(a.iface, schema, ops, c_layout_hash(a.stub), a.wsdl_name)
    write_reference(a.reference, schema, ops, structs, a.prefix, a.wsdl_name)


if __name__ == "__main__":
    main()
