#!/usr/bin/env bash
# fuzz.sh - fuzz every target in tests/fuzz/ with clang's libFuzzer under
# AddressSanitizer and UBSan, long enough to matter (not in CI's time).
#
#   bench/fuzz.sh [--time SECONDS] [--build DIR] [TARGET...]
#
# 1. builds DIR (default build-fuzz/) with clang, -DOOMSCAN_FUZZ=ON and
#    -DOOMSCAN_SANITIZE="address;undefined" (clang's undefined group checks
#    float-to-int overflow too);
# 2. runs each target (default: every tests/fuzz/fuzz_*.c) for SECONDS
#    (default 180), starting from its kept corpus tests/fuzz/corpus/TARGET,
#    its hand-written seeds tests/fuzz/seeds/TARGET and the logs of
#    tests/data the target reads; new inputs go to the corpus, crashes to
#    tests/fuzz/crashers/TARGET/ (crash-*, leak-*, timeout-*, oom-*);
# 3. minimises each corpus with -merge=1 so that the kept files are few;
# 4. prints a table: runs, executions per second, corpus files, coverage,
#    crashers. The exit status is 1 when a target left a new crasher.
# ctest replays the seeds, corpus and crashers of every target in every
# build (tests/fuzz/replay_main.c without clang); fix a crasher, keep it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$OOMSCAN_ROOT"
exec </dev/null

secs=180 build=build-fuzz targets=()
while [ $# -gt 0 ]; do
	case $1 in
	--time) secs=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
	-*) die "unknown argument: $1 (see --help)" ;;
	*) targets+=("$1"); shift ;;
	esac
done
command -v clang >/dev/null 2>&1 || die "clang is missing: run scripts/quickstart.sh (packages clang, libclang-rt-14-dev)"
if [ ${#targets[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		targets+=("$(basename "$f" .c)")
	done
fi

say "building $build/ with clang and libFuzzer"
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOOMSCAN_FUZZ=ON \
	-DOOMSCAN_SANITIZE="address;undefined" -DOOMSCAN_TESTS=ON -DOOMSCAN_WERROR=ON >/dev/null
cmake --build "$build" -j "$OOMSCAN_JOBS" --target "${targets[@]}" >/dev/null

# The tests/data folders each target's input looks like.
seeds_of() {
	case $1 in
	fuzz_prefix) echo tests/data/prefix tests/data/formats ;;
	fuzz_kernel) echo tests/data/kernel tests/data/samples ;;
	fuzz_apprules) echo tests/data/apps tests/data/corpus/apps ;;
	fuzz_scan) echo tests/data/samples tests/data/formats ;;
	fuzz_json) echo tests/data/samples ;;
	fuzz_prefilter) echo tests/data/samples tests/data/formats ;;
	*) ;;
	esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
printf '%-18s %10s %8s %7s %6s %s\n' target runs exec/s corpus cov crashers > "$build/fuzz-summary.txt"
for t in "${targets[@]}"; do
	bin=$build/$t
	[ -x "$bin" ] || die "$bin was not built"
	corpus=tests/fuzz/corpus/$t
	crash=tests/fuzz/crashers/$t
	mkdir -p "$corpus" "$crash"
	before=$(find "$crash" -type f | wc -l)
	extra=()
	[ -d "tests/fuzz/seeds/$t" ] && extra+=("tests/fuzz/seeds/$t")
	for d in $(seeds_of "$t"); do extra+=("$d"); done
	say "fuzzing $t for ${secs}s"
	log=$build/$t.fuzz.log
	"$bin" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$crash/" -print_final_stats=1 "$corpus" "${extra[@]}" \
		>"$log" 2>&1 || true
	# Keep a small corpus: only the inputs that add coverage.
	rm -rf "$build/$t.merged" && mkdir -p "$build/$t.merged"
	if "$bin" -merge=1 "$build/$t.merged" "$corpus" >"$build/$t.merge.log" 2>&1; then
		rm -rf "$corpus" && mv "$build/$t.merged" "$corpus"
	fi
	# A run that stopped on a seed prints no stats: "?" (no pipeline may
	# fail here, or the script would end without its summary).
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	after=$(find "$crash" -type f | wc -l)
	printf '%-18s %10s %8s %7s %6s %s\n' "$t" "${runs:-?}" "${speed:-?}" \
		"$(find "$corpus" -type f | wc -l)" "${cov:-?}" "$after" >> "$build/fuzz-summary.txt"
	if [ "$after" -gt "$before" ]; then
		say "$t: new crasher(s) in $crash (log: $log)"
		status=1
	fi
	# No empty folders in the tree.
	rmdir "$crash" 2>/dev/null || true
done
cat "$build/fuzz-summary.txt"
exit $status
