#!/usr/bin/env bash
# readahead_parity.sh - the reader thread of one input (issue 12: a thread
# reads and indexes blocks ahead of the scanner) changes nothing: every test
# log (all in one input, and some alone), generated sparse and dense logs,
# standard input, gzip (whole and cut short: the same message and exit
# status), lines over the 64 KiB cap and over a whole 256 KiB block, and a
# last line without a newline give the same bytes with -j 1 (one thread:
# the scanner reads for itself) as with -j 2 (the reader thread).
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

run() { # OUT JOBS ARGS... (standard input from $STDIN_FILE when set)
	local out=$1 j=$2; shift 2
	"$bin" -j "$j" "$@" < "${STDIN_FILE:-/dev/null}" > "$out.out" 2> "$out.err"
	echo $? > "$out.rc"
}

same() { # NAME ARGS...
	local name=$1; shift
	run "$tmp/a" 1 "$@"
	run "$tmp/b" 2 "$@"
	cmp -s "$tmp/a.out" "$tmp/b.out" && cmp -s "$tmp/a.err" "$tmp/b.err" && cmp -s "$tmp/a.rc" "$tmp/b.rc"
}

# Every test log's text through the thread in one input (the thread serves
# one input at a time; its blocks then start all over the logs, and a
# sanitizer build starts once, not twice a log), then every gzip log and
# every 16th log as an input of its own (one short block, then the end).
find "$src/tests/data" -type f \( -name '*.log' -o -name '*.txt' \) | sort >"$tmp/logs"
n=0 bad=0
while IFS= read -r f; do
	cat "$f"
	n=$((n + 1))
done <"$tmp/logs" >"$tmp/all.log"
check "enough test logs compared" [ "$n" -ge 300 ]
for fmt in json jsonl; do
	check "all $n test logs in one input: $fmt identical" same "all $fmt" --format "$fmt" "$tmp/all.log"
done
n=0
while IFS= read -r f; do
	n=$((n + 1))
	same "$f" --format json "$f" || { echo "differs: $f"; bad=$((bad + 1)); }
done < <({ awk 'NR % 16 == 1' "$tmp/logs"; find "$src/tests/data" -type f -name '*.gz'; } | sort)
check "$n test logs each alone: json identical" [ "$bad" -eq 0 ]

# Generated logs several blocks long: sparse and dense, every format.
python3 "$src/bench/genlog.py" "$tmp/sparse.log" 24 --rate 5 --hosts 8 --seed 3 >/dev/null
python3 "$src/bench/genlog.py" "$tmp/dense.log" 12 --rate 5000 --hosts 50 --seed 5 >/dev/null
for f in sparse dense; do
	for fmt in text json jsonl prom; do
		check "$f: $fmt identical" same "$f $fmt" --format "$fmt" "$tmp/$f.log"
	done
done
same dense --format json "$tmp/dense.log"
check "dense: the thread's run counts the generator's truth" python3 -c '
import json, sys
s, t = json.load(open(sys.argv[1]))["summary"], json.load(open(sys.argv[2]))
kinds = {k: v for k, v in s["events_by_kind"].items() if v}
sys.exit(0 if kinds == t["by_kind"] and s["ledger"]["balanced"] else 1)' "$tmp/b.out" "$tmp/dense.log.truth.json"

# Standard input, gzip whole and cut short.
STDIN_FILE=$tmp/dense.log check "stdin identical" same stdin --format json -
gzip -c "$tmp/dense.log" > "$tmp/dense.log.gz"
check "gzip identical" same gz --format json "$tmp/dense.log.gz"
head -c 300000 "$tmp/dense.log.gz" > "$tmp/cut.log.gz"
check "cut gzip: same output, message and status" same cutgz --format json "$tmp/cut.log.gz"
check "cut gzip: an error named" grep -q "gzip" "$tmp/b.err"

# Over-long lines (one past the 64 KiB cap, one past a whole block) between
# reports, and a last line without a newline.
python3 - "$tmp/long.log" "$src/tests/data/samples/kern.log" <<'PY'
import sys
kern = open(sys.argv[2]).read()
with open(sys.argv[1], "w") as f:
    f.write(kern)
    f.write("Jan 10 10:00:00 h kernel: " + "x" * 70000 + " Out of memory\n")
    f.write(kern)
    f.write("Jan 10 10:00:00 h app: " + "y" * 300000 + "\n")
    f.write(kern)
    f.write("Jan 10 10:00:09 h kernel: Out of memory: Killed process 9 (z) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB")
PY
check "long lines and no final newline: json identical" same long --format json "$tmp/long.log"
check "long lines and no final newline: text identical" same long --format text "$tmp/long.log"
check "the cut lines were counted" grep -q "2 over-long lines cut" "$tmp/b.out"

# Which runs start the reader thread: a lone input left to the default -j
# gets it only from 2 MiB on (below that it costs more than it saves); an
# explicit -j 2 always; standard input and gzip (sizes unknown) always.
# Counted as the threads a run starts beyond the same run with -j 1 (a
# sanitizer's runtime may start its own).
threads() { # ARGS...: the threads the run starts
	strace -f -qq -e trace=clone,clone3 -o "$tmp/st" "$bin" "$@" >/dev/null 2>&1 < "${STDIN_FILE:-/dev/null}"
	grep -c "clone" "$tmp/st"
}
extra() { # ARGS...: threads beyond -j 1's for the same inputs (the first ARG may be -j N)
	local n base
	n=$(threads "$@")
	[ "$1" = -j ] && shift 2
	base=$(threads -j 1 "$@")
	echo $((n - base))
}
if ! command -v strace >/dev/null 2>&1 || ! strace -qq -o /dev/null true 2>/dev/null; then
	echo "strace missing or not allowed here: the thread choice is not checked"
elif [ "$(nproc)" -lt 2 ]; then
	echo "one CPU: the default -j is 1, the thread choice is not checked"
else
	head -c 1000000 "$tmp/dense.log" > "$tmp/small.log"
	check "a 1 MB input by default: no thread" [ "$(extra --format json "$tmp/small.log")" = 0 ]
	check "a 1 MB input with -j 2: the reader thread" [ "$(extra -j 2 --format json "$tmp/small.log")" = 1 ]
	check "a 12 MiB input by default: the reader thread" [ "$(extra --format json "$tmp/dense.log")" = 1 ]
	gzip -c "$tmp/small.log" > "$tmp/small.log.gz"
	check "a small gzip input by default: the reader thread" [ "$(extra --format json "$tmp/small.log.gz")" = 1 ]
	check "standard input by default: the reader thread" [ "$(STDIN_FILE=$tmp/small.log extra --format json -)" = 1 ]
	check "two small inputs by default: a worker each, no reader thread" [ "$(extra --format json "$tmp/small.log" "$tmp/small.log")" = 2 ]
fi

exit $fail
