#!/usr/bin/env bash
# ledger.sh - conservation (issue 8): every anchor line (kernel header, kill
# record, summary, selection, reaper, failure, no-killable and panic lines,
# application events, unrecognised OOM-like lines) ends as exactly one event,
# folded line, incomplete report or unrecognised line, and nothing is
# dropped. `oomscan --format json` prints that ledger; this script asserts
# it balances on every test log and corpus file and on generated logs:
#  - bench/genlog.py sparse (1 host), dense (50 hosts, 10% of lines in
#    reports: the kill held for its reaper line that the old queues lost)
#    and 10,000 hosts, compared with the generator's truth by kind, process
#    and reaper;
#  - 129, 10,000 and 100,000 hosts each with an open report at the end of
#    the input, then the kill record of the first: one event, every other
#    header an incomplete report, none dropped, and the text report says so.
# Environment (set by ctest): OOMSCAN_SRC, OOMSCAN_BIN. Exit 77 = skipped.
set -euo pipefail
src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skipped"; exit 77; }
[ -x "$bin" ] || { echo "no oomscan binary at $bin" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every test log and corpus file.
find "$src/tests/data" -type f \( -name '*.log' -o -name '*.log.gz' \) | sort >"$tmp/files"
python3 - "$bin" "$tmp/files" <<'PY'
import json, subprocess, sys
binp, listing = sys.argv[1], sys.argv[2]
files = [l.strip() for l in open(listing) if l.strip()]
bad = 0


def balanced(paths):
    """The ledger of one run over paths balances (the run's ledger is the
    sum of its inputs')."""
    r = subprocess.run([binp, "--format", "json"] + paths, capture_output=True, timeout=300)
    s = json.loads(r.stdout)["summary"]
    l = s["ledger"]
    n_events = sum(s["events_by_kind"].values())
    return (l["balanced"] and l["open"] == 0 and
            l["anchors"] == l["events"] + l["folded"] + l["incomplete"] + l["unrecognised"] and
            l["events"] == n_events and l["incomplete"] == s["incomplete"] and
            l["unrecognised"] == s["unrecognised"]), l


# 16 logs to a run (a sanitizer build's start-up costs more than a small
# log); a run that does not balance is redone log by log to name the log.
for i in range(0, len(files), 16):
    if balanced(files[i:i + 16])[0]:
        continue
    for f in files[i:i + 16]:
        ok, l = balanced([f])
        if not ok:
            print("unbalanced:", f, l, file=sys.stderr)
            bad += 1
if len(files) < 100:
    print("only %d test logs found" % len(files), file=sys.stderr)
    bad += 1
print("%d test logs: ledger balanced in %d" % (len(files), len(files) - bad))
sys.exit(1 if bad else 0)
PY

# Generated logs against the generator's truth.
gen_case() { # name mb rate hosts seed
	python3 "$src/bench/genlog.py" "$tmp/$1.log" "$2" --rate "$3" --hosts "$4" --seed "$5" >/dev/null
	timeout 120 "$bin" --format json "$tmp/$1.log" >"$tmp/$1.json"
	python3 - "$1" "$tmp/$1.log.truth.json" "$tmp/$1.json" <<'PY'
import json, sys
name, truth, out = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
s = out["summary"]
got_kind = {k: v for k, v in s["events_by_kind"].items() if v}
got_comm = {}
for p in s["by_process"]:
    got_comm[p["comm"]] = got_comm.get(p["comm"], 0) + p["events"]
errs = []
if got_kind != truth["by_kind"]:
    errs.append("by kind %s, truth %s" % (got_kind, truth["by_kind"]))
if got_comm != truth["by_comm"]:
    errs.append("by process %s, truth %s" % (got_comm, truth["by_comm"]))
if len(out["events"]) != truth["events"]:
    errs.append("%d events, truth %d" % (len(out["events"]), truth["events"]))
reaped = sum(1 for e in out["events"] if e.get("reaped"))
if reaped != truth["reaped"]:
    errs.append("%d reaped, truth %d" % (reaped, truth["reaped"]))
if not s["ledger"]["balanced"] or s["incomplete"] or s["unrecognised"]:
    errs.append("ledger %s" % s["ledger"])
if errs:
    print("%s: %s" % (name, "; ".join(errs)), file=sys.stderr)
    sys.exit(1)
print("%s: %d events exact, ledger %s" % (name, truth["events"], s["ledger"]))
PY
}
gen_case sparse 8 20 1 7
gen_case dense 16 10000 50 3
gen_case hosts10k 8 5000 10000 11

# Open reports at the end of the input.
for n in 129 10000 100000; do
	python3 - "$n" >"$tmp/open$n.log" <<'PY'
import sys
n = int(sys.argv[1])
out = ["Nov  1 10:00:00 h%06d kernel: [100.000000] stress invoked oom-killer: "
       "gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n" % i for i in range(n)]
out.append("Nov  1 10:00:01 h000000 kernel: [101.000000] Out of memory: Killed process 4242 (stress) "
           "total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n")
sys.stdout.write("".join(out))
PY
	timeout 120 "$bin" --format json "$tmp/open$n.log" >"$tmp/open$n.json"
	python3 - "$n" "$tmp/open$n.json" <<'PY'
import json, sys
n, out = int(sys.argv[1]), json.load(open(sys.argv[2]))
s, l = out["summary"], out["summary"]["ledger"]
ev = out["events"]
assert len(ev) == 1 and ev[0]["pid"] == 4242 and ev[0]["host"] == "h000000", ev
# The first host's header folds into its kill while the host is still
# tracked; once it was evicted, it is an incomplete report of its own.
assert l["incomplete"] + l["folded"] == n, l
assert s["incomplete"] == l["incomplete"] and l["incomplete"] >= n - 1, (s["incomplete"], l)
assert l["anchors"] == n + 1 and l["balanced"], l
assert s["events_dropped"] == 0 and s["notes_dropped"] == 0, s
print("%d open reports: 1 event, %d incomplete, nothing dropped" % (n, l["incomplete"]))
PY
done
"$bin" "$tmp/open129.log" >"$tmp/open129.txt"
grep -Eq 'incomplete reports +128' "$tmp/open129.txt" || { echo "text report does not show 128 incomplete" >&2; exit 1; }
grep -q 'ledger: 130 anchor lines = 1 events + 1 folded + 128 incomplete + 0 unrecognised$' "$tmp/open129.txt" ||
	{ echo "text report does not show a balanced ledger" >&2; grep ledger "$tmp/open129.txt" >&2; exit 1; }
echo "PASS"
