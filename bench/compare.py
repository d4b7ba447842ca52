#!/usr/bin/env python3
"""Compare oomscan's counts with a gen_syslog.py sidecar.

usage: compare.py SIDECAR OUTPUT

OUTPUT is what `oomscan --format json` or `--format prom` printed. Prints one
line per kind (want, got) and exits 1 when any count differs: the kinds the
sidecar names must match exactly, every other kind must be zero, and the
incomplete-report count must match.
"""
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


def main():
    if len(sys.argv) != 3:
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
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
