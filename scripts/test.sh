#!/usr/bin/env bash
# test.sh - everything CI checks, in order:
#   1. the quick start's setup (missing Debian packages installed),
#   2. build/ with warnings as errors, the sample run and the whole ctest suite,
#   3. build-asan/ with AddressSanitizer and UBSan and the ctest suite again,
#   4. build-int/ with clang and -fsanitize=float-cast-overflow,integer (no
#      recovery: what gcc's UBSan does not check, and unsigned wraparound,
#      which only hashes may do, explicitly): the unit and fuzz-replay tests,
#      and the binary over every test log and generated logs in each format,
#   5. build-tsan/ with ThreadSanitizer: the threaded unit tests, and batch
#      runs whose threads (workers, reader thread, writer, an input's spill
#      file) must give -j 1's bytes with no race reported,
#   6. the public corpus score (and the bundled sample's) when ../shared exists.
# Each stage runs even when an earlier one failed (unless it needs that
# stage's build); the exit status is non-zero when any stage failed.
# Never reads stdin. Environment: OOMSCAN_JOBS (default: nproc), OOMSCAN_BUILD
# OOMSCAN_BUILD_ASAN and OOMSCAN_BUILD_INT (build directories, default build,
# build-asan, build-int and build-tsan).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$OOMSCAN_ROOT" || exit 1
exec </dev/null
B=${OOMSCAN_BUILD:-build}
A=${OOMSCAN_BUILD_ASAN:-build-asan}
I=${OOMSCAN_BUILD_INT:-build-int}
T=${OOMSCAN_BUILD_TSAN:-build-tsan}

failed=()
passed=()
# stage NAME COMMAND...: runs one stage and records its result.
stage() {
	local name=$1 start=$SECONDS
	shift
	say "stage: $name"
	if ( "$@" ); then
		passed+=("$name ($((SECONDS - start))s)")
		return 0
	fi
	failed+=("$name")
	printf 'FAILED: %s\n' "$name" >&2
	return 1
}

# Unit and fuzz-replay tests in parallel; the end-to-end scripts one at a
# time, since they start servers and may use fixed ports.
run_ctest() {
	local dir=$1 rc=0
	ctest --test-dir "$dir" --output-on-failure --timeout 600 -j "$OOMSCAN_JOBS" -E '^e2e_' || rc=1
	ctest --test-dir "$dir" --output-on-failure --timeout 600 -R '^e2e_' || rc=1
	return $rc
}

# LeakSanitizer needs ptrace-free, ASLR-friendly surroundings that some
# containers lack; find out once with a tiny program.
lsan_works() {
	local tmp rc
	tmp=$(mktemp -d) || return 1
	printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
	if cc -fsanitize=address -o "$tmp/t" "$tmp/t.c" 2>/dev/null &&
		ASAN_OPTIONS=detect_leaks=1 "$tmp/t" >/dev/null 2>&1; then
		rc=0
	else
		rc=1
	fi
	rm -rf "$tmp"
	return $rc
}

# clang's integer and float-to-int checks, which gcc lacks.
build_int() {
	command -v clang >/dev/null 2>&1 || die "clang is missing (package clang)"
	CC=clang build_dir "$I" "-DOOMSCAN_SANITIZE=float-cast-overflow;integer" \
		-DOOMSCAN_WERROR=ON -DOOMSCAN_TESTS=ON
}

run_unit() {
	ctest --test-dir "$1" --output-on-failure --timeout 600 -j "$OOMSCAN_JOBS" -E '^e2e_'
}

# The integer-checked binary over every test log and generated sparse and
# dense logs, in every format, one thread and two: any wraparound the unit
# tests do not reach halts it (UBSAN_OPTIONS halt_on_error). The test logs
# go 64 to a run (-j 2: the worker threads) and all in one input (-j 2: the
# reader thread); the generated logs one to a run.
run_int_binary() {
	local tmp rc=0 f fmt j i
	local -a logs
	tmp=$(mktemp -d) || return 1
	python3 bench/genlog.py "$tmp/dense.log" 2 --rate 5000 --hosts 50 --seed 5 >/dev/null || rc=1
	python3 bench/genlog.py "$tmp/sparse.log" 2 --rate 5 --hosts 8 --seed 3 >/dev/null || rc=1
	mapfile -d '' logs < <(find tests/data -type f \( -name '*.log' -o -name '*.txt' -o -name '*.gz' \) -print0 | sort -z)
	find tests/data -type f \( -name '*.log' -o -name '*.txt' \) -print0 | sort -z | xargs -0 cat >"$tmp/all.log"
	# int_run ARGS...: fails when the sanitizer reports.
	int_run() {
		if ! "$I/oomscan" "$@" >/dev/null 2>"$tmp/err" && grep -q 'runtime error' "$tmp/err"; then
			printf 'integer sanitizer: oomscan %s:\n' "$*" | cut -c1-400 >&2
			cat "$tmp/err" >&2
			return 1
		fi
	}
	for fmt in text json prom; do
		for j in 1 2; do
			for ((i = 0; i < ${#logs[@]}; i += 64)); do
				int_run -j "$j" --format "$fmt" "${logs[@]:i:64}" || rc=1
			done
			for f in "$tmp/all.log" "$tmp/dense.log" "$tmp/sparse.log"; do
				int_run -j "$j" --format "$fmt" "$f" || rc=1
			done
		done
	done
	rm -rf "$tmp"
	return $rc
}

# ThreadSanitizer needs an address layout some kernels (high mmap ASLR
# entropy) do not give; find out once with a tiny threaded program.
tsan_works() {
	local tmp rc
	tmp=$(mktemp -d) || return 1
	printf '#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n' >"$tmp/t.c"
	if cc -fsanitize=thread -o "$tmp/t" "$tmp/t.c" -lpthread 2>/dev/null && "$tmp/t" >/dev/null 2>&1; then
		rc=0
	else
		rc=1
	fi
	rm -rf "$tmp"
	return $rc
}

# The threaded unit tests, then batch runs on every thread layout (one
# input with a reader thread and a writer, dense and sparse, several inputs
# at once, standard input) against -j 1's bytes.
run_tsan() {
	local tmp rc=0 f
	ctest --test-dir "$T" --output-on-failure --timeout 600 -j "$OOMSCAN_JOBS" \
		-R '^test_(readahead|scan|json|store|http)$' || rc=1
	tmp=$(mktemp -d) || return 1
	python3 bench/genlog.py "$tmp/dense.log" 4 --rate 5000 --hosts 50 --seed 5 >/dev/null || rc=1
	# sparse: the scanner indexes blocks too (the reader's index shared)
	python3 bench/genlog.py "$tmp/sparse.log" 8 --rate 5 --hosts 8 --seed 3 >/dev/null || rc=1
	for args in "$tmp/dense.log" "$tmp/sparse.log" "tests/data/samples/kern.log $tmp/dense.log" "$tmp/dense.log $tmp/dense.log" "-"; do
		# shellcheck disable=SC2086 # the arguments are words
		"$T/oomscan" -j 1 --format json $args <"$tmp/dense.log" >"$tmp/a" 2>"$tmp/a.err" || true
		for j in 2 4; do
			# shellcheck disable=SC2086
			if ! "$T/oomscan" -j "$j" --format json $args <"$tmp/dense.log" >"$tmp/b" 2>"$tmp/b.err" ||
				! cmp -s "$tmp/a" "$tmp/b"; then
				printf 'tsan: -j %s on %s differs from -j 1 or failed:\n' "$j" "$args" >&2
				cat "$tmp/b.err" >&2
				rc=1
			fi
		done
	done
	rm -rf "$tmp"
	return $rc
}

score_corpus() {
	python3 ../shared/eval/score.py --bin "$B/oomscan" --min-recall 1 --min-precision 1 \
		--min-fields 0.98 ../shared/corpus/*
}

score_sample() {
	python3 ../shared/eval/score.py --bin "$B/oomscan" --min-recall 1 --min-precision 1 \
		--min-fields 1 tests/data/samples
}

stage "dependencies" install_deps || { say "cannot continue without the dependencies"; exit 1; }

if stage "$B (-DOOMSCAN_WERROR=ON)" build_dir "$B" -DOOMSCAN_WERROR=ON -DOOMSCAN_TESTS=ON; then
	stage "sample run" run_sample "$B"
	stage "ctest $B/" run_ctest "$B"
	have_build=1
else
	have_build=0
fi

if lsan_works; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
else
	say "LeakSanitizer does not work here (ptrace or container limits): detect_leaks=0"
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fi
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if stage "$A (address;undefined)" build_dir "$A" \
	"-DOOMSCAN_SANITIZE=address;undefined" -DOOMSCAN_WERROR=ON -DOOMSCAN_TESTS=ON; then
	stage "ctest $A/" run_ctest "$A"
fi
if stage "$I (clang, float-cast-overflow;integer)" build_int; then
	stage "unit tests $I/" run_unit "$I"
	stage "oomscan $I/ over the test logs" run_int_binary
fi
unset ASAN_OPTIONS UBSAN_OPTIONS
if tsan_works; then
	export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66}
	if stage "$T (thread)" build_dir "$T" -DOOMSCAN_SANITIZE=thread -DOOMSCAN_WERROR=ON -DOOMSCAN_TESTS=ON; then
		stage "threads under $T/" run_tsan
	fi
	unset TSAN_OPTIONS
else
	say "ThreadSanitizer does not run here (address layout): skipping the $T stage"
fi

if [ ! -d ../shared ]; then
	say "../shared is absent: skipping the public corpus score"
elif [ "$have_build" -eq 0 ]; then
	failed+=("corpus score (no $B/oomscan)")
else
	stage "public corpus score" score_corpus
	stage "sample score" score_sample
fi

echo
say "passed: ${#passed[@]}"
for s in "${passed[@]}"; do printf '    %s\n' "$s"; done
if [ "${#failed[@]}" -gt 0 ]; then
	say "FAILED: ${#failed[@]}"
	for s in "${failed[@]}"; do printf '    %s\n' "$s"; done
	exit 1
fi
say "all stages passed in ${SECONDS}s"
