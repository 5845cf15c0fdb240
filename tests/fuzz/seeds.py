#!/usr/bin/env python3
"""Write the fuzz harnesses' seed corpora and dictionaries from the committed test data.

    tests/fuzz/seeds.py OUT      -> OUT/<harness>/ (one seed a file) and OUT/<harness>.dict

Run by scripts/fuzz before each run (it takes well under a second); nothing it writes is
committed. The layout of each harness's input is in the harness's header comment.
"""
import gzip
import hashlib
import hmac
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
FUZZ = os.path.join(ROOT, "tests", "fuzz")

# fuzz_server's user and key, and the timestamp the seeds are signed with (its skew window is a
# century, so they stay valid).
USER_ID = "bigcorp1_461839624B16E06BA2D663"
KEY = b"fuzz-key"
TIMESTAMP = "2026-01-01T00:00:00+00:00"


def operations():
    """The operations in gen/mktows_iface.h's order: mktows_operation_at()'s indexes."""
    with open(os.path.join(ROOT, "gen", "mktows_iface.h")) as f:
        text = f.read()
    block = text[text.index("#define MKTOWS_IFACE_OPERATIONS(X)"):]
    block = block[:block.index("\n\n")]
    return re.findall(r"X\((\w+), ", block)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files(folder, pattern):
    base = os.path.join(DATA, folder)
    if not os.path.isdir(base):
        return []
    out = []
    for dirpath, _, names in os.walk(base):
        for n in sorted(names):
            if re.search(pattern, n):
                out.append(os.path.join(dirpath, n))
    return sorted(out)


class Corpus:
    def __init__(self, out, name):
        self.dir = os.path.join(out, name)
        os.makedirs(self.dir, exist_ok=True)

    def add(self, data):
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(self.dir, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)


def response_op(body, ops):
    """The operation a response envelope answers (successX -> X), or None (a Fault, ...)."""
    m = re.search(rb"<(?:\w+:)?success(\w)(\w*)", body)
    if not m:
        return None
    name = (m.group(1).lower() + m.group(2)).decode()
    return ops.index(name) if name in ops else None


def http(status, reason, body, extra=""):
    head = "HTTP/1.1 %d %s\r\nContent-Type: text/xml; charset=utf-8\r\n%sContent-Length: %d\r\n\r\n" % (
        status, reason, extra, len(body))
    return head.encode() + body


def chunked(body, size=64):
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def sign(xml):
    sig = hmac.new(KEY, (TIMESTAMP + USER_ID).encode(), hashlib.sha1).hexdigest()
    xml = xml.replace(b"<requestSignature>(per call)</requestSignature>",
                      b"<requestSignature>" + sig.encode() + b"</requestSignature>")
    return xml.replace(b"<requestTimestamp>(per call)</requestTimestamp>",
                       b"<requestTimestamp>" + TIMESTAMP.encode() + b"</requestTimestamp>")


def post(body, extra=""):
    return ("POST /soap/mktows/2_7 HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: text/xml; charset=utf-8\r\n"
            "SOAPAction: \"\"\r\n%sContent-Length: %d\r\n\r\n" % (extra, len(body))).encode() + body


def xml_to_json(elem):
    """A rough JSON form of a request element (repeated children become arrays): a seed, not a
    promise that the encoder accepts it."""
    children = list(elem)
    if not children:
        return elem.text or ""
    obj = {}
    for c in children:
        name = c.tag.split("}")[-1]
        v = xml_to_json(c)
        if name in obj:
            if not isinstance(obj[name], list):
                obj[name] = [obj[name]]
            obj[name].append(v)
        elif name in ("stringItem", "attribute", "leadKey", "leadRecord", "mObject", "customObj", "longItem",
                      "integerItem", "attrib", "keyValues"):
            obj[name] = [v]
        else:
            obj[name] = v
    return obj


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py OUT")
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    ops = operations()

    responses = []  # (op index or None, body)
    for path in files("decode", r"\.xml$") + files("ops", r"^response.*\.xml$") + \
            files("synclead", r"^response.*\.xml$") + files("cli", r"\.xml$") + \
            files("faults", r"\.xml$") + files("retry", r"\.xml$"):
        body = read(path)
        responses.append((response_op(body, ops), body))

    decode = Corpus(out, "decode")
    response = Corpus(out, "response")
    for op, body in responses:
        targets = [op] if op is not None else [ops.index("syncLead"), ops.index("getLead")]
        for i in targets:
            decode.add(bytes([i]) + body)                    # no flags
            decode.add(bytes([i | (6 << 5)]) + body)         # UNWRAP | LENIENT
            response.add(bytes([i]) + body)                  # framed by the harness as 200 OK
            if op is None:
                response.add(bytes([i]) + http(500, "Internal Server Error", body))
    # HTTP framings of one response
    i = ops.index("syncLead")
    body = read(os.path.join(DATA, "synclead", "response.xml"))
    response.add(bytes([i]) + b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + chunked(body))
    gz = gzip.compress(body, mtime=0)
    response.add(bytes([i]) + http(200, "OK", gz, "Content-Encoding: gzip\r\n"))
    response.add(bytes([i]) + b"HTTP/1.1 100 Continue\r\n\r\n" + http(200, "OK", body, "Connection: close\r\n"))
    response.add(bytes([i]) + b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + body)
    response.add(bytes([i]) + b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found")
    response.add(bytes([i]) + b"HTTP/1.1 302 Found\r\nLocation: http://fuzz.invalid/other\r\nContent-Length: 0\r\n\r\n")

    server = Corpus(out, "server")
    requests = [sign(read(p)) for p in files("ops", r"^request.*\.xml$") + files("synclead", r"^request.*\.xml$")]
    for body in requests:
        server.add(body)  # framed by the harness
    sync = sign(read(os.path.join(DATA, "synclead", "request.xml")))
    server.add(post(sync) + post(sync))  # two requests on one connection
    server.add(post(gzip.compress(sync, mtime=0), "Content-Encoding: gzip\r\n"))
    server.add(b"POST /soap/mktows/2_7 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n" + chunked(sync))
    server.add(b"GET /soap/mktows/2_7?WSDL HTTP/1.1\r\nHost: localhost:8080\r\n\r\n")
    server.add(post(sync, "Expect: 100-continue\r\n"))

    js = Corpus(out, "json")
    for path in files("ops", r"^request.*\.xml$"):
        op = os.path.basename(os.path.dirname(path))
        if op not in ops:
            continue
        try:
            root = ET.fromstring(read(path))
        except ET.ParseError:
            continue
        for el in root.iter():
            if el.tag.split("}")[-1].startswith("params"):
                js.add(bytes([ops.index(op)]) + json.dumps(xml_to_json(el)).encode())
                break
    js.add(bytes([ops.index("getLead")]) + b'{"leadKey":{"keyType":"EMAIL","keyValue":"t@t.com"}}')
    js.add(bytes([ops.index("getMultipleLeads")]) +
           b'{"leadSelector":{"keyType":"EMAIL","keyValues":{"stringItem":["a@b.c"]}},"batchSize":100}')
    js.add(bytes([ops.index("syncLead")]) +
           b'{"leadRecord":{"Email":"a@b.c","leadAttributeList":{"attribute":[{"attrName":"FirstName",'
           b'"attrValue":"Ann"}]}},"returnLead":true}')

    csv = Corpus(out, "csv")
    for text in ["Email,FirstName\na@b.c,Ann\nb@b.c,Bob\n", "a,b\r\nc,d\r\n", "a,b\rc,d\r", "a,,\n,,c\n",
                 "\ufeffEmail,LastName\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n",
                 "\"unterminated,a\nb", "a\"b,c\n", "\"a\"b,c\n", "\n\n\nEmail\n\n"]:
        csv.add(text)

    cli = Corpus(out, "cli_config")
    cli.add("# comment\n; also\n\n[default]\nendpoint = http://d/\nuser_id=du\n[profile work]\n"
            "  endpoint = \"https://p/\"  \nuser_id = pu\nkey_file = keys/p.key\nworkspace = Europe\n"
            "ca_file = ~/ca.pem\ntimeout_ms = 5000\nrate = 100/20\n")
    cli.add("[profile work]\nkey_file = /abs/key\n")
    cli.add("[default]\nendpoint\n")

    srvcfg = Corpus(out, "server_config")
    shipped = os.path.join(ROOT, "data", "server", "mktows-server.conf")  # the demo configuration
    for path in files("server", r"\.conf$") + ([shipped] if os.path.isfile(shipped) else []):
        srvcfg.add(read(path))

    # Dictionaries: the committed token lists, plus the WSDL's names for the XML and JSON ones.
    with open(os.path.join(ROOT, "wsdl", "mktows-2_7.wsdl"), "rb") as f:
        names = sorted(set(re.findall(rb'name="([A-Za-z_][\w.-]*)"', f.read())))
    xml_names = "".join('"<%s>"\n"</%s>"\n' % (n.decode(), n.decode()) for n in names)
    json_names = "".join('"\\"%s\\":"\n' % n.decode() for n in names)
    enums = ""
    for dict_name, parts in {"decode": ["xml.dict"], "response": ["xml.dict", "http.dict"],
                             "server": ["xml.dict", "http.dict"], "json": ["json.dict"], "csv": ["csv.dict"],
                             "cli_config": ["ini.dict"], "server_config": ["ini.dict"]}.items():
        text = "".join(open(os.path.join(FUZZ, "dict", p)).read() for p in parts)
        if "xml.dict" in parts:
            text += xml_names + enums
        if "json.dict" in parts:
            text += json_names
        with open(os.path.join(out, dict_name + ".dict"), "w") as f:
            f.write(text)
    for name in sorted(os.listdir(out)):
        p = os.path.join(out, name)
        if os.path.isdir(p):
            print("%-14s %3d seeds" % (name, len(os.listdir(p))))


if __name__ == "__main__":
    main()
