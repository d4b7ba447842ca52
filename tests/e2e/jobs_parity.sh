#!/usr/bin/env bash
# jobs_parity.sh - `oomscan -j N` (issue 12): several inputs at once, each
# with its own scanner, give the same bytes as -j 1 in every format (text,
# json with its summary and ledger, jsonl, prom, html), the same messages on
# standard error and the same exit status, also with an unreadable input
# in the middle and with filters; the ledger of more inputs than the store
# has source slots (32) still counts every input; and inputs whose events
# spill to a temporary file before their turn keep their order.
# Environment (set by ctest): OOMSCAN_SRC, OOMSCAN_BIN. Exit 77 = skipped.
set -uo pipefail
src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
[ -x "$bin" ] || { echo "no oomscan binary at $bin" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	local what=$1; shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

# Input sets: kernel logs, application logs, a mix with a gzip file and a
# missing file in the middle (a message and exit 2 either way).
gzip -c "$src/tests/data/samples/kern.log" > "$tmp/kern.log.gz"
mapfile -t kern < <(ls "$src"/tests/data/kernel/*.log | head -12)
mapfile -t apps < <(ls "$src"/tests/data/apps/*.log | head -12)
mix=("$src/tests/data/samples/kern.log" "$tmp/kern.log.gz" "$tmp/missing.log" "${apps[0]}" "${kern[0]}")

run() { # OUT JOBS ARGS...
	local out=$1 j=$2; shift 2
	"$bin" -j "$j" "$@" > "$out.out" 2> "$out.err"
	echo $? > "$out.rc"
}

same() { # NAME ARGS...
	local name=$1; shift
	run "$tmp/a" 1 "$@"
	for j in 2 3; do
		run "$tmp/b" "$j" "$@"
		check "$name: -j $j stdout as -j 1" cmp -s "$tmp/a.out" "$tmp/b.out"
		check "$name: -j $j stderr as -j 1" cmp -s "$tmp/a.err" "$tmp/b.err"
		check "$name: -j $j exit status as -j 1" cmp -s "$tmp/a.rc" "$tmp/b.rc"
	done
}

for fmt in text json jsonl prom html; do
	same "kernel logs, $fmt" --format "$fmt" "${kern[@]}"
	same "application logs, $fmt" --format "$fmt" "${apps[@]}"
	same "mixed with a missing file, $fmt" --format "$fmt" "${mix[@]}"
done
same "filtered by kind and time" --format json --kind oom_kill,memcg_oom_kill --since 2020-01-01 "${kern[@]}"
same "host label" --format prom --host-label "${kern[@]}" "${apps[@]}"

# The missing file is reported, the others analysed.
run "$tmp/m" 2 --format json "${mix[@]}"
check "missing input: exit 2" [ "$(cat "$tmp/m.rc")" = 2 ]
check "missing input: named on stderr" grep -q "missing.log" "$tmp/m.err"
check "missing input: the others still found events" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["events"]) > 0, d["summary"]' "$tmp/m.out"

# More inputs than source slots: the ledger counts the events of all of
# them and balances (it counted only the first 32 inputs before).
mapfile -t all < <(ls "$src"/tests/data/kernel/*.log "$src"/tests/data/apps/*.log)
run "$tmp/l" 2 --format json "${all[@]}"
check "${#all[@]} inputs: more than 32" [ "${#all[@]}" -gt 32 ]
check "${#all[@]} inputs: ledger events = events, ledger balanced" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
l = d["summary"]["ledger"]
assert l["events"] == len(d["events"]), (l, len(d["events"]))
assert l["anchors"] == l["events"] + l["folded"] + l["incomplete"] + l["unrecognised"], l' "$tmp/l.out"
run "$tmp/l1" 1 --format json "${all[@]}"
check "${#all[@]} inputs: -j 2 as -j 1" cmp -s "$tmp/l.out" "$tmp/l1.out"

# Spilling: the second of two dense inputs fills its queue (128 events)
# long before its turn, and its worker goes on into a spill file instead of
# waiting for the first input's output. The same bytes as -j 1, also with no
# spill file to be had (TMPDIR missing: the worker waits), and the spill is
# seen (its pwrite calls) where strace is installed.
python3 "$src/bench/genlog.py" "$tmp/dense.log" 2 --rate 5000 --hosts 50 --seed 5 >/dev/null
same "two dense inputs (the second spills), jsonl" --format jsonl "$tmp/dense.log" "$tmp/dense.log"
same "two dense inputs (the second spills), json" --format json "$tmp/dense.log" "${kern[0]}" "$tmp/dense.log"
export TMPDIR=$tmp/none
same "two dense inputs, no spill file" --format jsonl "$tmp/dense.log" "$tmp/dense.log"
unset TMPDIR
if command -v strace >/dev/null 2>&1; then
	# A reader that starts late holds the first input's output in a full
	# pipe, so the second input's queue surely fills before its turn.
	strace -f -qq -e trace=pwrite64 -o "$tmp/st" "$bin" -j 2 --format jsonl "$tmp/dense.log" "$tmp/dense.log" \
		2>/dev/null | { sleep 3; cat >/dev/null; }
	check "two dense inputs: the second spilled" grep -q pwrite64 "$tmp/st"
else
	echo "strace missing: the spill itself is not observed"
fi

"$bin" -j 0 "${kern[0]}" > /dev/null 2> "$tmp/e"; rc=$?
check "-j 0: exit 2" [ "$rc" = 2 ]
check "-j 0: a message" grep -q -- "--jobs" "$tmp/e"
exit $fail
