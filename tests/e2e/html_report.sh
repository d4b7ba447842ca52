#!/usr/bin/env bash
# html_report.sh - `oomscan --format html` rendered in headless Chromium
# (tests/tools/cdp.py): on real captures of every family, the rendered DOM
# has one card per event with its pid, comm and diagnosis (as --format jsonl
# gives them), tiles with the counts by kind, the timeline SVG with its bars,
# and no resource fetched; on 100,000 events the page draws at most
# --max-events cards while the totals and the chart's bars still count every
# event. Screenshots go to the build directory's test-artifacts/.
# Env: OOMSCAN_BIN, OOMSCAN_SRC. Exit 77 (skipped) without a binary or when
# Chromium cannot run here.
set -u

src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
if [ ! -x "$bin" ]; then
	echo "SKIP: no oomscan binary at $bin" >&2
	exit 77
fi
if ! command -v python3 >/dev/null; then
	echo "SKIP: python3 is not installed" >&2
	exit 77
fi
art=$(dirname "$bin")/test-artifacts
mkdir -p "$art"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

d=$src/tests/data
inputs=("$d/samples/kern.log" "$d/apps/real/redis-fork-enomem-memcg.log"
	"$d/corpus/apps/003-jvm-oome-java-heap-space.log" "$d/kernel/vm-enough-memory-commit-limit.log"
	"$d/corpus/apps/025-go-windows-virtualalloc-1455-out-of-memory.log"
	"$d/corpus/apps/067-systemd-oomd-kill-memory-pressure.log" "$d/apps/real/php-memory-limit-16m.log"
	"$d/kernel/memcg-v2-kubepods-cgroupfs.log" "$d/apps/real/python-bytearray-memoryerror.log")
"$bin" --format jsonl "${inputs[@]}" >"$tmp/small.jsonl" || { echo "FAIL: jsonl" >&2; exit 1; }
"$bin" --format html -o "$tmp/small.html" "${inputs[@]}" || { echo "FAIL: html" >&2; exit 1; }

# 100,000 one-line kills from 12 hosts, seven seconds apart.
python3 - "$tmp/big.log" <<'PY'
import sys
comms = ["java", "node", "postgres", "redis-server", "python3"]
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        t = i * 7
        f.write("Nov %2d %02d:%02d:%02d host%02d kernel: [%d.000001] Out of memory: Killed process %d (%s) "
                "total-vm:2000000kB, anon-rss:%dkB, file-rss:0kB, shmem-rss:0kB\n"
                % (1 + t // 86400, t % 86400 // 3600, t % 3600 // 60, t % 60, i % 12, 1000 + i,
                   10000 + i, comms[i % 5], 1000 + i % 900000))
PY
"$bin" --format html -o "$tmp/big.html" "$tmp/big.log" || { echo "FAIL: html of 100,000 events" >&2; exit 1; }

PYTHONPATH=$src/tests/tools python3 - "$tmp" "$art" <<'PY'
import json, os, sys
import cdp

tmp, art = sys.argv[1], sys.argv[2]
try:
    b = cdp.Browser()
except (FileNotFoundError, OSError) as e:
    print("SKIP: headless Chromium cannot run here: %s" % e, file=sys.stderr)
    sys.exit(77)
fails = []

def check(cond, msg):
    if not cond:
        fails.append(msg)

DOM = """(function(){
 var cards=[].map.call(document.querySelectorAll('#events .card'),function(c){return {
   pid:c.getAttribute('data-pid'), comm:c.getAttribute('data-comm'), cause:c.getAttribute('data-cause'),
   summary:c.querySelector('.summary').textContent, remedy:c.querySelector('.remedy').textContent,
   title:c.querySelector('h3').textContent, line:c.querySelector('pre.line').textContent};});
 var tiles={};[].forEach.call(document.querySelectorAll('#kinds .tile[data-kind]'),function(t){
   tiles[t.getAttribute('data-kind')]=+t.querySelector('b').textContent;});
 var bars=0;[].forEach.call(document.querySelectorAll('svg#timeline rect.bar'),function(r){
   bars+=+r.getAttribute('data-t').split(': ')[1].split(' ')[0];});
 return {cards:cards, tiles:tiles, bars:bars, nbars:document.querySelectorAll('svg#timeline rect.bar').length,
   total:document.getElementById('total').textContent, diag:document.getElementById('diagnosis').textContent,
   resources:performance.getEntriesByType('resource').length, ready:document.body.getAttribute('data-ready')};
})()"""

try:
    # Small: every event, with its diagnosis.
    evs = [json.loads(l) for l in open(os.path.join(tmp, "small.jsonl"))]
    tab = b.open("file://" + os.path.join(tmp, "small.html"))
    check(tab.wait("document.body && document.body.getAttribute('data-ready')", 30), "small: page scripts did not run")
    dom = tab.eval(DOM)
    check(len(dom["cards"]) == len(evs), "small: %d cards for %d events" % (len(dom["cards"]), len(evs)))
    for i, (e, c) in enumerate(zip(evs, dom["cards"])):
        if e.get("pid") is not None:
            check(c["pid"] == str(e["pid"]) and ("pid %d" % e["pid"]) in c["title"],
                  "card %d: pid %r, want %r" % (i + 1, c["pid"], e["pid"]))
        check(c["comm"] == (e.get("comm") or ""), "card %d: comm %r, want %r" % (i + 1, c["comm"], e.get("comm")))
        check(c["cause"] == e["diagnosis"]["cause"], "card %d: cause %r, want %r" % (i + 1, c["cause"], e["diagnosis"]["cause"]))
        check(c["summary"] == e["diagnosis"]["summary"], "card %d: summary %r" % (i + 1, c["summary"]))
        check(c["remedy"] == e["diagnosis"]["remedy"], "card %d: remedy %r" % (i + 1, c["remedy"]))
        check(c["line"].startswith(e.get("detail", "")[:60]), "card %d: line %r" % (i + 1, c["line"][:80]))
    kinds = {}
    for e in evs:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    check(dom["tiles"] == kinds, "small: tiles %r, want %r" % (dom["tiles"], kinds))
    timed = sum(1 for e in evs if e.get("time"))
    check(dom["nbars"] > 0 and dom["bars"] == timed, "small: %d bars count %d events, want %d" % (dom["nbars"], dom["bars"], timed))
    for want in ("memory cgroup limit", "vm.overcommit_memory=1", "-Xmx", "paging file", "memory_limit"):
        check(want in dom["diag"] + "".join(c["remedy"] for c in dom["cards"]), "small: %r not on the page" % want)
    check(dom["resources"] == 0, "small: the page fetched %d resources" % dom["resources"])
    tab.screenshot(os.path.join(art, "html_report.png"))

    # Big: 100,000 events counted, at most 1000 cards drawn.
    tab = b.open("file://" + os.path.join(tmp, "big.html"))
    check(tab.wait("document.body && document.body.getAttribute('data-ready')", 60), "big: page scripts did not run")
    dom = tab.eval(DOM)
    check(dom["total"] == "100000", "big: total %r" % dom["total"])
    check(dom["tiles"] == {"oom_kill": 100000}, "big: tiles %r" % dom["tiles"])
    check(len(dom["cards"]) == 1000, "big: %d cards" % len(dom["cards"]))
    check(dom["bars"] == 100000 and 0 < dom["nbars"] <= 512, "big: %d bars count %d" % (dom["nbars"], dom["bars"]))
    check("100000 kills: no swap" not in dom["diag"] and "100000 kills" in dom["diag"], "big: diagnosis %r" % dom["diag"][:200])
    check(dom["resources"] == 0, "big: the page fetched %d resources" % dom["resources"])
    tab.screenshot(os.path.join(art, "html_report_100k.png"), full=False)
finally:
    b.close()
for f in fails:
    print("FAIL " + f, file=sys.stderr)
print("html_report: %d failures; screenshots in %s" % (len(fails), art))
sys.exit(1 if fails else 0)
PY
