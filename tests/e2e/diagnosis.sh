#!/usr/bin/env bash
# diagnosis.sh - golden tests of the diagnosis: for every case in
# tests/data/diagnosis/cases.tsv (a name whose first part is the expected
# cause, and a real capture under tests/data), runs `oomscan --format jsonl`
# and compares each event's line, kind, comm and whole `diagnosis` object with
# tests/data/diagnosis/NAME.expected.jsonl; the expected cause must be among
# them; the README's table has a row per cause. DIAG_UPDATE=1 rewrites the expected files (check every line by hand).
# Env: OOMSCAN_BIN, OOMSCAN_SRC. Exit 77 (skipped) without a binary.
set -u

src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
dir=$src/tests/data/diagnosis

if [ ! -x "$bin" ]; then
	echo "diagnosis: no oomscan binary at $bin" >&2
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 fail=0
while IFS=$'\t' read -r name log; do
	case $name in '#'* | '') continue ;; esac
	n=$((n + 1))
	cause=${name%%--*}
	cp "$src/tests/data/$log" "$tmp/in.log"
	touch -d '2025-12-31 12:00:00 UTC' "$tmp/in.log"
	if ! "$bin" --format jsonl "$tmp/in.log" >"$tmp/out.jsonl" 2>"$tmp/err"; then
		echo "FAIL $name: oomscan failed" >&2
		cat "$tmp/err" >&2
		fail=$((fail + 1))
		continue
	fi
	python3 - "$tmp/out.jsonl" "$cause" >"$tmp/got.jsonl" <<'PY' || { echo "FAIL $name: no event diagnosed $cause" >&2; fail=$((fail + 1)); }
import json, sys
out, cause, seen = [], sys.argv[2], set()
for l in open(sys.argv[1]):
    e = json.loads(l)
    d = e["diagnosis"]
    for k in ("cause", "summary", "evidence", "remedy"):
        assert isinstance(d.get(k), str) and d[k], (k, e)
    seen.add(d["cause"])
    print(json.dumps({"line": e.get("line"), "kind": e["kind"], "comm": e.get("comm"),
                      "diagnosis": d}, ensure_ascii=False))
sys.exit(0 if cause in seen else 1)
PY
	exp=$dir/$name.expected.jsonl
	if [ "${DIAG_UPDATE:-0}" = 1 ]; then
		cp "$tmp/got.jsonl" "$exp"
		continue
	fi
	if ! diff -u --label "expected $name" --label "got $log" "$exp" "$tmp/got.jsonl"; then
		echo "FAIL $name" >&2
		fail=$((fail + 1))
	fi
done <"$dir/cases.tsv"

# Every cause of the spec's table has at least one case and a README row.
for c in memcg_limit no_swap swap_exhausted overcommit_strict fork_overcommit \
	pagefile_commit runtime_limit fragmentation atomic_transient pressure_kill unknown; do
	if ! grep -q "^$c--" "$dir/cases.tsv"; then
		echo "FAIL: no golden case for cause $c" >&2
		fail=$((fail + 1))
	fi
	if ! grep -q "^| \`$c\` |" "$src/README.md"; then
		echo "FAIL: README's diagnosis table has no row for $c" >&2
		fail=$((fail + 1))
	fi
done
echo "diagnosis: $n cases, $fail failed"
[ "$n" -gt 0 ] && [ "$fail" = 0 ]
