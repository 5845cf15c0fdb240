#!/usr/bin/env python3
"""Apply one evolution case's change to a copy of the WSDL: replace each `old` text of the case's
change.txt with its `new` text, exactly once each. change.txt holds blocks of

    @@ old
    <text to find>
    @@ new
    <text to put in its place>

Usage: change.py CASE_DIR WSDL"""
import sys

case_dir, wsdl = sys.argv[1], sys.argv[2]
text = open(wsdl, encoding="utf-8").read()
blocks, cur, mode = [], None, None
for line in open(case_dir + "/change.txt", encoding="utf-8").read().split("\n"):
    if line == "@@ old":
        cur = {"old": [], "new": []}
        blocks.append(cur)
        mode = "old"
    elif line == "@@ new":
        mode = "new"
    elif cur is not None:
        cur[mode].append(line)
if not blocks:
    sys.exit("change.py: %s/change.txt has no @@ old block" % case_dir)
for b in blocks:
    old, new = "\n".join(b["old"]).rstrip("\n"), "\n".join(b["new"]).rstrip("\n")
    if text.count(old) != 1:
        sys.exit("change.py: expected exactly one occurrence of:\n%s" % old)
    text = text.replace(old, new)
open(wsdl, "w", encoding="utf-8").write(text)
