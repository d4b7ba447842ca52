#!/usr/bin/env bash
# bench_counts.sh - correctness, not speed: generates a small multi-host
# syslog file with bench/gen_syslog.py (many hosts interleaved, 4.x/5.x/6.x
# kill reports, allocation failures, incomplete reports) and asserts that
# `oomscan --format json` reports exactly the sidecar's counts by kind and
# the incomplete-report count, and `--format jsonl` exactly its events (kind,
# host, pid, comm). Two seeds, so two different interleavings.
# Environment (set by ctest): OOMSCAN_SRC, OOMSCAN_BIN. Exit 77 = skipped.
set -euo pipefail
src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skipped"; exit 77; }
[ -x "$bin" ] || { echo "no oomscan binary at $bin" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for seed in 7 42; do
	log=$tmp/s$seed.log
	python3 "$src/bench/gen_syslog.py" --size 5M --hosts 50 --seed "$seed" \
		--reports-per-mb 20 --out "$log" --sidecar "$tmp/s$seed.expected.json"
	status=0
	"$bin" --format json "$log" >"$tmp/s$seed.out" 2>"$tmp/s$seed.err" || status=$?
	[ "$status" -ne 0 ] || "$bin" --format jsonl "$log" >"$tmp/s$seed.jsonl" 2>>"$tmp/s$seed.err" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "seed $seed: oomscan exited $status" >&2
		cat "$tmp/s$seed.err" >&2
		rc=1
		continue
	fi
	echo "seed $seed:"
	python3 "$src/bench/compare.py" "$tmp/s$seed.expected.json" "$tmp/s$seed.out" "$tmp/s$seed.jsonl" || rc=1
done
exit $rc
