#!/usr/bin/env bash
# report_scale.sh - the text report at scale: on 6,000 events from 250
# processes, 150 pods (each with its container) and 100 units over three
# days, `--top N` shows N rows per table and "and N more (M events)" whose M
# makes the rows add up to every event; a pod and its container are one row;
# the timeline is grouped by hour or day; the report stays short. A small log
# keeps one timeline row per event. Also the --top and --format html flags,
# and input bytes escaped on the HTML page.
# Env: OOMSCAN_BIN, OOMSCAN_SRC. Exit 77 (skipped) without a binary.
set -u

src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
if [ ! -x "$bin" ]; then
	echo "SKIP: no oomscan binary at $bin" >&2
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

python3 - "$tmp/big.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(6000):
        t = i * 43  # three days
        stamp = "Nov %2d %02d:%02d:%02d h%d kernel: [%d.%06d]" % (
            1 + t // 86400, t % 86400 // 3600, t % 3600 // 60, t % 60, i % 3, 100 + i, i)
        comm = "proc%03d" % (i % 250)
        if i % 2:
            pod = "%08x-da9c-11e7-9d36-5254b24cbf5e" % (i % 300)
            cg = "/kubepods/burstable/pod%s/%064x" % (pod, i % 300)
        else:
            cg = "/system.slice/app%03d.service" % (i % 200)
        f.write("%s oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
                "oom_memcg=%s,task_memcg=%s,task=%s,pid=%d,uid=0\n" % (stamp, cg, cg, comm, 10000 + i))
        f.write("%s Memory cgroup out of memory: Killed process %d (%s) total-vm:1000kB, "
                "anon-rss:%dkB, file-rss:0kB, shmem-rss:0kB\n" % (stamp, 10000 + i, comm, 100 + i))
PY
"$bin" --top 7 --max-events 5 "$tmp/big.log" >"$tmp/big.txt" || fail "oomscan exited $?"
python3 - "$tmp/big.txt" <<'PY' || fails=$((fails + 1))
import re, sys
text = open(sys.argv[1]).read()
bad = []
def section(name):
    m = re.search(r"\n%s\n(.*?)\n\n" % name, text, re.S)
    return m.group(1).split("\n") if m else []
procs = section("By process")
rows = [l for l in procs[1:] if not l.strip().startswith("and ")]
more = [l for l in procs if l.strip().startswith("and ")]
if len(rows) != 7:
    bad.append("By process: %d rows, want 7" % len(rows))
shown = sum(int(l.split()[1]) for l in rows)
m = re.match(r"\s*and (\d+) more \((\d+) events?\)", more[0]) if more else None
if not m or int(m.group(1)) != 243 or shown + int(m.group(2)) != 6000:
    bad.append("By process: rows %d + %r != 6000 events of 250 processes" % (shown, more))
wl = section("By workload")
rows = [l for l in wl[1:] if not l.strip().startswith("and ")]
names = [l.split()[1] for l in rows]
if len(rows) != 7 or len(set(names)) != 7 or any(l.split()[0] == "container" for l in rows):
    bad.append("By workload: %r" % rows)
more = [l for l in wl if l.strip().startswith("and ")]
m = re.match(r"\s*and (\d+) more \((\d+) events?\)", more[0]) if more else None
if not m or int(m.group(1)) != 243 or sum(int(l.split()[2]) for l in rows) + int(m.group(2)) != 6000:
    bad.append("By workload: and-more line %r" % more)
tl = re.search(r"\nTimeline \((\d+) events with a time, by (hour|day)", text)
if not tl or tl.group(1) != "6000":
    bad.append("timeline not grouped: %r" % re.findall(r"\nTimeline.*", text))
if "6000 kills: memory cgroup limit reached (6000 in over 1" not in text:
    bad.append("diagnosis line: %r" % re.findall(r"\n  6000 kills.*", text))
if text.count("\n") > 200:
    bad.append("report of %d lines" % text.count("\n"))
for b in bad:
    print("FAIL " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# A small log keeps one timeline row per event and its event blocks.
"$bin" "$src/tests/data/samples/kern.log" >"$tmp/small.txt"
grep -q '^Timeline (#: the event block below)$' "$tmp/small.txt" || fail "small log: timeline grouped"
[ "$(grep -c '^  #[0-9]' "$tmp/small.txt")" = 3 ] || fail "small log: not one timeline row per event"
grep -q '^   cause    swap_exhausted: ' "$tmp/small.txt" || fail "small log: no cause in the event block"
grep -q '^  2 kills: ' "$tmp/small.txt" || fail "small log: no diagnosis summary"

# Past the workload table's 3,072 rows: 3,082 units, one kill each, then
# five more kills of the first. The ten units that find the table full are
# counted on a line of their own; the rows kept and "and N more" add up to
# every other event, the first unit's six included.
python3 - "$tmp/units.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in list(range(3082)) + [0] * 5:
        cg = "/system.slice/app%04d.service" % i
        f.write("Nov  1 00:00:01 h1 kernel: [  10.000001] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),"
                "cpuset=/,mems_allowed=0,oom_memcg=%s,task_memcg=%s,task=p%d,pid=%d,uid=0\n" % (cg, cg, i, 100 + i))
        f.write("Nov  1 00:00:01 h1 kernel: [  10.000001] Memory cgroup out of memory: Killed process %d (p%d) "
                "total-vm:1000kB, anon-rss:100kB, file-rss:0kB, shmem-rss:0kB\n" % (100 + i, i))
PY
"$bin" --top 7 --max-events 1 "$tmp/units.log" >"$tmp/units.txt" || fail "units log: oomscan exited $?"
python3 - "$tmp/units.txt" <<'PY' || fail "the workload table past its rows"
import re, sys
text = open(sys.argv[1]).read()
wl = re.search(r"\nBy workload\n(.*?)\n\n", text, re.S).group(1).split("\n")
rows = [l.split() for l in wl[1:] if not l.strip().startswith(("and ", "10 more"))]
assert [r[1] for r in rows] == ["app0000.service"] + ["app%04d.service" % i for i in range(1, 7)], rows
assert int(rows[0][2]) == 6 and all(int(r[2]) == 1 for r in rows[1:]), rows
assert "  and 3065 more (3065 events)" in wl, wl
assert "  10 more events of workloads past the table's 3072 rows" in wl, wl
PY

# Flags.
"$bin" --top 0 "$src/tests/data/samples/kern.log" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q -- '--top' "$tmp/err" || fail "--top 0 is not a clear error"
"$bin" --format nope /dev/null >/dev/null 2>"$tmp/err"
grep -q 'html' "$tmp/err" || fail "--format's message does not list html"
"$bin" --format html /dev/null >"$tmp/empty.html" || fail "--format html on an empty input"
grep -q 'No out-of-memory events found' "$tmp/empty.html" || fail "empty html report"
# --format json sums the diagnosis over every event, with the pattern.
"$bin" --format json "$src/tests/data/samples/kern.log" "$src/tests/data/apps/real/redis-fork-enomem-memcg.log" |
	python3 -c '
import json, sys
d = json.load(sys.stdin)
g = d["summary"]["diagnosis"]
assert sum(g["by_cause"].values()) == len(d["events"]) == 6, g
assert g["by_cause"]["fork_overcommit"] == 3, g
assert g["lines"][0].startswith("2 kills: "), g
assert any("vm.overcommit_memory=1" in p for p in g["patterns"]), g
' || fail "--format json: summary.diagnosis"

# Input bytes reach the page escaped and as valid UTF-8.
printf 'Nov  1 00:00:01 h1 kernel: [  10.000002] Out of memory: Killed process 100 (<img src=x onerror=alert(1)>\xff\xfe) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB\n' >"$tmp/x.log"
"$bin" --format html "$tmp/x.log" >"$tmp/x.html" || fail "html of a hostile comm"
! grep -q '<img' "$tmp/x.html" || fail "html: markup from the input is not escaped"
grep -q '&lt;img src=x onerror=alert(1)&gt;' "$tmp/x.html" || fail "html: the comm is not shown escaped"
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$tmp/x.html" || fail "html: not valid UTF-8"
echo "report_scale: $fails failed"
[ "$fails" = 0 ]
