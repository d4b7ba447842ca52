#!/usr/bin/env bash
# bench_counts.sh - correctness, not speed: generates a small multi-host
# syslog file with bench/gen_syslog.py (many hosts interleaved, 4.x/5.x/6.x
# kill reports, allocation failures, incomplete reports) and asserts that
# `oomscan --format json` reports exactly the sidecar's counts by kind and
# the incomplete-report count, and `--format jsonl` exactly its events (kind,
# host, pid, comm). Two 5 MiB files of 50 hosts with different seeds (two
# interleavings), and one dense 1 MiB file of a single host, where reports
# follow each other closely enough to fill the scanner's event queue.
# Each oomscan run gets 120 s: a hang fails the test instead of stalling it.
# Environment (set by ctest): OOMSCAN_SRC, OOMSCAN_BIN. Exit 77 = skipped.
set -euo pipefail
src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skipped"; exit 77; }
[ -x "$bin" ] || { echo "no oomscan binary at $bin" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
# seed size hosts reports-per-MiB
cases=("7 5M 50 20" "42 5M 50 20" "3 1M 1 200")
for c in "${cases[@]}"; do
	read -r seed size hosts density <<<"$c"
	log=$tmp/s$seed.log
	python3 "$src/bench/gen_syslog.py" --size "$size" --hosts "$hosts" --seed "$seed" \
		--reports-per-mb "$density" --out "$log" --sidecar "$tmp/s$seed.expected.json"
	status=0
	timeout 120 "$bin" --format json "$log" >"$tmp/s$seed.out" 2>"$tmp/s$seed.err" || status=$?
	[ "$status" -ne 0 ] ||
		timeout 120 "$bin" --format jsonl "$log" >"$tmp/s$seed.jsonl" 2>>"$tmp/s$seed.err" || status=$?
	if [ "$status" -eq 124 ]; then
		echo "seed $seed ($size, $hosts hosts): oomscan did not finish within 120 s" >&2
		rc=1
		continue
	fi
	if [ "$status" -ne 0 ]; then
		echo "seed $seed ($size, $hosts hosts): oomscan exited $status" >&2
		cat "$tmp/s$seed.err" >&2
		rc=1
		continue
	fi
	echo "seed $seed ($size, $hosts hosts, $density reports per MiB):"
	python3 "$src/bench/compare.py" "$tmp/s$seed.expected.json" "$tmp/s$seed.out" "$tmp/s$seed.jsonl" || rc=1
done
exit $rc
