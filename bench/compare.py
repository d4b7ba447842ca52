#!/usr/bin/env python3
"""Compare oomscan's counts with a gen_syslog.py sidecar.

usage: compare.py SIDECAR OUTPUT [JSONL]

OUTPUT is what `oomscan --format json` or `--format prom` printed. Prints one
line per kind (want, got) and exits 1 when any count differs: the kinds the
sidecar names must match exactly, every other kind must be zero, and the
incomplete-report count must match. With JSONL (`oomscan --format jsonl`
output) it also checks the events themselves: the same (kind, host, pid,
comm) as the sidecar's event_list, each as often, in any order.
"""
import collections
import json
import re
import sys


def from_json(text):
    doc = json.loads(text)
    s = doc["summary"]
    return {k: int(v) for k, v in s["events_by_kind"].items()}, int(s["incomplete"])


PROM_EVENT = re.compile(r'^oomscan_events_total\{(?:[^}]*,)?kind="([^"]+)"[^}]*\}\s+([0-9.eE+]+)\s*$')
PROM_INCOMPLETE = re.compile(r'^oomscan_incomplete_reports_total(?:\{[^}]*\})?\s+([0-9.eE+]+)\s*$')


def from_prom(text):
    kinds, incomplete = {}, None
    for line in text.splitlines():
        m = PROM_EVENT.match(line)
        if m:
            kinds[m.group(1)] = kinds.get(m.group(1), 0) + int(float(m.group(2)))
            continue
        m = PROM_INCOMPLETE.match(line)
        if m:
            incomplete = (incomplete or 0) + int(float(m.group(1)))
    return kinds, incomplete


def event_keys(events):
    return collections.Counter((e.get("kind"), e.get("host"), e.get("pid"), e.get("comm")) for e in events)


def compare_events(want_list, jsonl_path):
    got = []
    with open(jsonl_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                got.append(json.loads(line))
    want, have = event_keys(want_list), event_keys(got)
    missing, extra = want - have, have - want
    print("  events: want %d, got %d, %d missing, %d unexpected (by kind, host, pid, comm)"
          % (sum(want.values()), sum(have.values()), sum(missing.values()), sum(extra.values())))
    for tag, bag in (("missing", missing), ("unexpected", extra)):
        for key in sorted(bag, key=str)[:10]:
            print("    %-10s kind=%s host=%s pid=%s comm=%r" % ((tag,) + key))
    return not missing and not extra


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip())
    want = json.load(open(sys.argv[1]))
    text = open(sys.argv[2], encoding="utf-8", errors="replace").read()
    try:
        got, got_inc = from_json(text)
    except (ValueError, KeyError, TypeError):
        got, got_inc = from_prom(text)
    if not got and got_inc is None:
        print("compare: no counts found in %s (neither a JSON summary nor oomscan_events_total lines)"
              % sys.argv[2])
        sys.exit(1)
    ok = True
    kinds = sorted(set(want["events_by_kind"]) | set(got))
    for k in kinds:
        w, g = want["events_by_kind"].get(k, 0), got.get(k, 0)
        ok &= w == g
        print("  %-20s want %7d  got %7d%s" % (k, w, g, "" if w == g else "   <-- differs"))
    w = want["incomplete"]
    if got_inc is None:
        print("  %-20s want %7d  got (not reported)   <-- differs" % ("incomplete", w))
        ok = False
    else:
        ok &= w == got_inc
        print("  %-20s want %7d  got %7d%s" % ("incomplete", w, got_inc, "" if w == got_inc else "   <-- differs"))
    if len(sys.argv) == 4:
        ok &= compare_events(want["event_list"], sys.argv[3])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
