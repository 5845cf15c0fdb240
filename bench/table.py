"""The table of bench/run: medians of the runs in a results file, ratios, and issue 9's targets.

    python3 bench/table.py RESULTS.tsv [--title TEXT]

RESULTS.tsv has one line per run: PART, STACK, ROUND and the run's key=value figures, tab-separated
(bench/run writes it). The output is Markdown, so that it can go into docs/performance.md as is.
Python 3 standard library only.
"""
import argparse
import statistics
import sys
from collections import defaultdict

STACKS = [("mktows", "mktows-c"), ("php", "PHP SoapClient"), ("node", "node-soap"), ("zeep", "zeep")]
PEERS = STACKS[1:]


def load(path):
    """{part: {stack: {round: [ {key: float} ]}}}"""
    runs = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    with open(path) as f:
        for line in f:
            part, stack, rnd, figures = line.rstrip("\n").split("\t", 3)
            kv = {}
            for item in figures.split():
                k, _, v = item.partition("=")
                try:
                    kv[k] = float(v)
                except ValueError:
                    pass
            runs[part][stack][int(rnd)].append(kv)
    return runs


def values(runs, part, stack, key):
    return [kv[key] for rnd in sorted(runs[part][stack]) for kv in runs[part][stack][rnd] if key in kv]


def med(runs, part, stack, key):
    v = values(runs, part, stack, key)
    return statistics.median(v) if v else None


def paired(runs, part, a, b, key, fn):
    """Median over rounds of fn(median of a's runs in the round, median of b's runs in the round)."""
    out = []
    for rnd in sorted(set(runs[part][a]) & set(runs[part][b])):
        va = [kv[key] for kv in runs[part][a][rnd] if key in kv]
        vb = [kv[key] for kv in runs[part][b][rnd] if key in kv]
        if va and vb:
            out.append(fn(statistics.median(va), statistics.median(vb)))
    return statistics.median(out) if out else None


def fmt(v, unit=""):
    if v is None:
        return "–"
    if abs(v) >= 100:
        s = "{:,.0f}".format(v)
    elif abs(v) >= 10:
        s = "{:.1f}".format(v)
    else:
        s = "{:.2f}".format(v)
    return s + unit


def ratio(v):
    return "–" if v is None else ("{:.2f}×".format(v) if v < 10 else "{:,.0f}×".format(v))


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--title", default="")
    args = ap.parse_args()
    runs = load(args.results)
    m = lambda part, stack, key: med(runs, part, stack, key)  # noqa: E731
    rounds = max((r for p in runs.values() for s in p.values() for r in s), default=0)

    out = ["## mktows-c side by side" + (" (" + args.title + ")" if args.title else ""), ""]
    out.append("Medians of %d rounds; each round runs every stack in turn (rotated)." % rounds)
    out.append("")

    # ---- clients ----
    rows = []
    cost = {s: paired(runs, "rt", s, "floor", "per_call_us", lambda x, y: x - y) for s, _ in STACKS}
    if "rt" in runs:
        rows.append(["signed syncLead round trip, µs/call", fmt(m("rt", "floor", "per_call_us"))]
                    + [fmt(m("rt", s, "per_call_us")) for s, _ in STACKS])
        rows.append(["client cost (round trip − floor), µs/call", "–"] + [fmt(cost[s]) for s, _ in STACKS])
    if "codec" in runs:
        rows.append(["encode request + decode response, no network, µs", "–"]
                    + [fmt(m("codec", s, "per_call_us")) for s, _ in STACKS])
    if "batch" in runs:
        rows.append(["300-lead syncMultipleLeads encode + decode, MB/s of XML", "–"]
                    + [fmt(m("batch", s, "mb_per_s")) for s, _ in STACKS])
        rows.append(["  its request + response, KB", "–"]
                    + ["%s + %s" % (fmt(m("batch", s, "request_bytes") and m("batch", s, "request_bytes") / 1e3),
                                    fmt(m("batch", s, "response_bytes") and m("batch", s, "response_bytes") / 1e3))
                       for s, _ in STACKS])
    if "cold" in runs:
        ms = lambda s, k: (m("cold", s, k) or 0) / 1e3 if m("cold", s, k) is not None else None  # noqa: E731
        rows.append(["cold start of one call as a process, ms", fmt(ms("empty", "wall_us"))]
                    + [fmt(ms(s, "wall_us")) for s, _ in STACKS])
        rows.append(["  CPU time of that process, ms", fmt(ms("empty", "cpu_us"))]
                    + [fmt(ms(s, "cpu_us")) for s, _ in STACKS])
        mib = lambda s: m("cold", s, "maxrss_kib") and m("cold", s, "maxrss_kib") / 1024  # noqa: E731
        rows.append(["peak RSS of that process, MiB", fmt(mib("empty"))] + [fmt(mib(s)) for s, _ in STACKS])
    if rows:
        out.append(table(["", "floor ¹"] + [n for _, n in STACKS], rows))
        out.append("")
        out.append("¹ the raw-socket floor client for the round trip; an empty C program linked against the "
                   "same libraries as `mktows` for cold start and RSS.")
        out.append("")

    # ---- ratios ----
    rows = []
    per_round = lambda part, key, f: [paired(runs, part, p, "mktows", key, f) for p, _ in PEERS]  # noqa: E731
    if "rt" in runs:
        rows.append(["round trip (peer ÷ mktows-c)"] + [ratio(v) for v in per_round("rt", "per_call_us", lambda p, c: p / c)])
        rows.append(["client cost (peer ÷ mktows-c)"]
                    + [ratio(cost[p] / cost["mktows"] if cost[p] and cost["mktows"] else None) for p, _ in PEERS])
    if "codec" in runs:
        rows.append(["encode + decode (peer ÷ mktows-c)"]
                    + [ratio(v) for v in per_round("codec", "per_call_us", lambda p, c: p / c)])
    if "batch" in runs:
        rows.append(["batch MB/s (mktows-c ÷ peer)"] + [ratio(v) for v in per_round("batch", "mb_per_s", lambda p, c: c / p)])
    if "cold" in runs:
        rows.append(["cold start (peer ÷ mktows-c)"] + [ratio(v) for v in per_round("cold", "wall_us", lambda p, c: p / c)])
        rows.append(["peak RSS (peer ÷ mktows-c)"] + [ratio(v) for v in per_round("cold", "maxrss_kib", lambda p, c: p / c)])
    if rows:
        out.append("How many times mktows-c does better than each peer (above 1: mktows-c is better; medians of the "
                   "rounds' ratios):")
        out.append("")
        out.append(table([""] + [n for _, n in PEERS], rows))
        out.append("")

    # ---- mktows-server ----
    if "server" in runs:
        rows = []
        for store, label in (("mem", "in memory"), ("disk", "--db on disk")):
            for c in (1, 4, 10):
                s = "%s%d" % (store, c)
                rows.append([label, str(c), fmt(m("server", s, "calls_per_s")), fmt(m("server", s, "p50_us")),
                             fmt(m("server", s, "p99_us")), fmt(m("server", s, "server_cpu_us_per_call"))])
        out.append("mktows-server under the floor client's load (syncLead, same lead every call):")
        out.append("")
        out.append(table(["store", "connections", "calls/s", "p50 µs", "p99 µs", "server CPU µs/call"], rows))
        out.append("")

    # ---- decode_json, RSS ----
    lines = []
    if "json" in runs:
        lines.append("- `mktows_decode_json()` of the 300-status response (%s KB): %s MB/s (%s µs); the typed decode "
                     "of the same bytes: %s MB/s (%s µs); decode_json ÷ typed: %s"
                     % (fmt(m("json", "mktows", "response_bytes") / 1e3), fmt(m("json", "mktows", "json_mb_per_s")),
                        fmt(m("json", "mktows", "json_us")), fmt(m("json", "mktows", "typed_mb_per_s")),
                        fmt(m("json", "mktows", "typed_us")), ratio(m("json", "mktows", "json_over_typed"))))
    if "rss" in runs:
        lines.append("- client RSS after 10^3 in-memory syncLead calls: %s KiB; after %s: %s KiB (growth %s KiB)"
                     % (fmt(m("rss", "mktows", "rss_kib_after_1000")), "{:,.0f}".format(m("rss", "mktows", "calls")),
                        fmt(m("rss", "mktows", "rss_kib_after_all")), fmt(m("rss", "mktows", "growth_kib"))))
    if lines:
        out += lines + [""]

    # ---- targets ----
    targets = []

    def target(name, value, shown, ok):
        targets.append([name, shown if value is not None else "not measured",
                        "–" if value is None else ("PASS" if ok(value) else "FAIL")])

    v = cost["mktows"] / cost["php"] if "rt" in runs and cost["mktows"] and cost["php"] else None
    target("client cost ≤ ¼ of PHP SoapClient's", v, "%s of PHP's" % ratio(v), lambda x: x <= 0.25)
    v = paired(runs, "codec", "php", "mktows", "per_call_us", lambda p, c: p / c) if "codec" in runs else None
    target("encode + decode ≥ 2.5× faster than PHP", v, "%s faster" % ratio(v), lambda x: x >= 2.5)
    v = m("batch", "mktows", "mb_per_s") if "batch" in runs else None
    target("300-lead batch ≥ 200 MB/s", v, "%s MB/s" % fmt(v), lambda x: x >= 200)
    v = m("json", "mktows", "json_mb_per_s") if "json" in runs else None
    target("decode_json ≥ 100 MB/s", v, "%s MB/s" % fmt(v), lambda x: x >= 100)
    v = m("json", "mktows", "json_over_typed") if "json" in runs else None
    target("decode_json ≤ 2× the typed decode", v, ratio(v), lambda x: x <= 2)
    v = paired(runs, "cold", "mktows", "empty", "wall_us", lambda c, e: c / e) if "cold" in runs else None
    target("cold start ≤ 1.6× the empty program", v, ratio(v), lambda x: x <= 1.6)
    v = paired(runs, "cold", "mktows", "empty", "maxrss_kib", lambda c, e: c / e) if "cold" in runs else None
    target("peak RSS ≤ 1.3× the empty program", v, ratio(v), lambda x: x <= 1.3)
    v = m("rss", "mktows", "growth_kib") if "rss" in runs else None
    n = m("rss", "mktows", "calls") if "rss" in runs else None
    target("RSS flat: after 10^6 calls within 1 MiB of after 10^3" + (" (this run: %s calls)" % "{:,.0f}".format(n)
                                                                        if n and n < 1e6 else ""),
           v, "%s KiB" % fmt(v), lambda x: abs(x) <= 1024)
    v = m("server", "mem1", "server_cpu_us_per_call") if "server" in runs else None
    target("mktows-server CPU ≤ 40 µs per in-memory syncLead", v, "%s µs" % fmt(v), lambda x: x <= 40)
    v = paired(runs, "server", "mem4", "mem1", "calls_per_s", lambda a, b: a / b) if "server" in runs else None
    target("mktows-server throughput grows from 1 to 4 connections (≥ 1.1×)", v, ratio(v), lambda x: x >= 1.1)
    out.append("Issue 9's targets:")
    out.append("")
    out.append(table(["target", "measured", ""], targets))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
