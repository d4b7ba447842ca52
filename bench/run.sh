#!/usr/bin/env bash
# run.sh - the batch throughput benchmark: oomscan against grep on one large
# generated multi-host syslog file.
#
#   bench/run.sh [--size 1G] [--runs 3] [--seed 1] [--no-callgrind]
#
# 1. builds a Release oomscan into build-bench/ (unless OOMSCAN_BIN names one);
# 2. generates bench/.cache/syslog-SIZE-sSEED.log once with gen_syslog.py,
#    with the expected counts beside it (.expected.json);
# 3. reads the file once to warm the page cache, then runs, RUNS times each,
#      oomscan --format json FILE
#      LC_ALL=C grep -cE 'invoked oom-killer|Killed process|...' FILE
#      LC_ALL=C grep -cF -e 'invoked oom-killer' -e 'Killed process' ... FILE
#    under /usr/bin/time -v, keeping the fastest wall and CPU time and the
#    largest peak RSS of each;
# 4. checks oomscan's counts against the sidecar (exit 1 when they differ);
# 5. optionally counts oomscan's instructions with callgrind on a 20 MiB file
#    of the same generator (a figure that does not depend on machine noise).
# Prints a table. Timing lives here, never in ctest.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$OOMSCAN_ROOT"
exec </dev/null

size=1G runs=3 seed=1 callgrind=1
while [ $# -gt 0 ]; do
	case $1 in
	--size) size=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--no-callgrind) callgrind=0; shift ;;
	-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
	*) die "unknown argument: $1 (see --help)" ;;
	esac
done

[ -x /usr/bin/time ] || die "/usr/bin/time is missing: run scripts/quickstart.sh (package time)"
cache=bench/.cache
mkdir -p "$cache"

bin=${OOMSCAN_BIN:-}
if [ -z "$bin" ]; then
	build_dir build-bench -DCMAKE_BUILD_TYPE=Release -DOOMSCAN_TESTS=OFF >/dev/null
	bin=build-bench/oomscan
fi
[ -x "$bin" ] || die "$bin is not executable"

# gen FILE-SIZE: generates the file unless it and its sidecar exist already.
gen() {
	local f=$cache/syslog-$1-s$seed.log
	if [ ! -s "$f" ] || [ ! -s "${f%.log}.expected.json" ]; then
		say "generating $f (once; cached in $cache)" >&2
		python3 bench/gen_syslog.py --size "$1" --seed "$seed" --out "$f" >&2
	fi
	printf '%s\n' "$f"
}

file=$(gen "$size")
sidecar=${file%.log}.expected.json
bytes=$(stat -c %s "$file")
pattern='invoked oom-killer|Killed process|page allocation failure|oom_reaper|Out of memory|oom-kill:'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say "warming the page cache"
cat "$file" >/dev/null

# measure NAME OUTFILE CMD...: runs CMD `runs` times; sets best_wall and
# best_cpu (user + system, s; each the fastest run's) and max_rss (KiB), and
# leaves the last stdout in OUTFILE.
measure() {
	local name=$1 out=$2 i wall cpu rss
	shift 2
	best_wall= best_cpu= max_rss=0
	for ((i = 1; i <= runs; i++)); do
		/usr/bin/time -v -o "$tmp/time" "$@" >"$out" 2>"$tmp/stderr" ||
			{ cat "$tmp/stderr" >&2; die "$name failed (run $i)"; }
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
			for (j = 1; j <= n; j++) s = s * 60 + t[j]; print s }' "$tmp/time")
		cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$tmp/time")
		rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
		if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
			best_wall=$wall
		fi
		if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
			best_cpu=$cpu
		fi
		[ "$rss" -gt "$max_rss" ] && max_rss=$rss
		say "$name run $i: ${wall}s wall, ${cpu}s CPU, peak RSS ${rss} KiB"
	done
}

measure oomscan "$tmp/oomscan.json" "$bin" --format json "$file"
o_wall=$best_wall o_cpu=$best_cpu o_rss=$max_rss
measure grep "$tmp/grep.out" env LC_ALL=C grep -cE "$pattern" "$file"
g_wall=$best_wall g_cpu=$best_cpu g_rss=$max_rss
g_lines=$(cat "$tmp/grep.out")
# The same keywords as fixed strings: grep's fastest mode, for reference.
fixed=()
IFS='|' read -ra words <<<"$pattern"
for w in "${words[@]}"; do fixed+=(-e "$w"); done
measure grep-F "$tmp/grepf.out" env LC_ALL=C grep -cF "${fixed[@]}" "$file"
f_wall=$best_wall f_cpu=$best_cpu f_rss=$max_rss
f_lines=$(cat "$tmp/grepf.out")

say "checking oomscan's counts against $sidecar"
counts_ok=1
python3 bench/compare.py "$sidecar" "$tmp/oomscan.json" || counts_ok=0

icount=
if [ "$callgrind" -eq 1 ]; then
	if command -v valgrind >/dev/null 2>&1; then
		small=$(gen 20M)
		say "callgrind on $small"
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --format json "$small" \
			>/dev/null 2>"$tmp/cg" || die "callgrind run failed"
		icount=$(awk '/Collected :/ { print $NF }' "$tmp/cg")
		small_bytes=$(stat -c %s "$small")
	else
		say "valgrind is not installed: skipping the instruction count"
	fi
fi

mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo
printf 'file: %s (%s MiB, %s lines; %s)\n' "$file" "$mb" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lines"])' "$sidecar")" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(", ".join("%s %d" % kv for kv in d["events_by_kind"].items()) + ", incomplete %d" % d["incomplete"])' "$sidecar")"
printf 'machine: %s, %s cores; best of %s runs, warm page cache\n' \
	"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" "$(nproc)" "$runs"
echo
printf '| %-24s | %8s | %7s | %7s | %14s | %s\n' tool "wall (s)" "CPU (s)" "MiB/s" "peak RSS (MiB)" result
printf '|%s|%s|%s|%s|%s|%s\n' "$(printf -- '-%.0s' {1..26})" "----------" "---------" "---------" "----------------" "------------------------"
# row NAME WALL CPU RSS RESULT
row() {
	printf '| %-24s | %8.2f | %7.2f | %7.0f | %14.1f | %s\n' "$1" "$2" "$3" \
		"$(awk -v b="$bytes" -v t="$2" 'BEGIN { print b / 1048576 / t }')" \
		"$(awk -v k="$4" 'BEGIN { print k / 1024 }')" "$5"
}
if [ "$counts_ok" -eq 1 ]; then verdict="counts match the sidecar"; else verdict="COUNTS DIFFER"; fi
row "oomscan --format json" "$o_wall" "$o_cpu" "$o_rss" "$verdict"
row "grep -cE (LC_ALL=C)" "$g_wall" "$g_cpu" "$g_rss" "$g_lines matching lines"
row "grep -cF (LC_ALL=C)" "$f_wall" "$f_cpu" "$f_rss" "$f_lines matching lines"
echo
awk -v o="$o_wall" -v g="$g_wall" -v f="$f_wall" \
	'BEGIN { printf "oomscan / grep -E wall time: %.2f (oomscan / grep -F: %.2f)\n", o / g, o / f }'
awk -v r="$o_rss" 'BEGIN { printf "oomscan peak RSS: %.1f MiB (target < 16 MiB): %s\n", r / 1024, r < 16384 ? "ok" : "OVER" }'
if [ -n "$icount" ]; then
	awk -v i="$icount" -v b="$small_bytes" 'BEGIN { printf "callgrind: %d instructions for %.1f MiB = %.1f instructions per byte\n", i, b / 1048576, i / b }'
fi
[ "$counts_ok" -eq 1 ] || exit 1
