#!/usr/bin/env bash
# The batch command line: formats, filters, inputs (gzip, xz, zstd, bzip2,
# UTF-16, stdin, several files), --output atomicity, and exit statuses with their
# messages.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
corpus=$src/tests/data/corpus/kernel
[ -d "$corpus" ] || corpus=$src/../shared/corpus/kernel
k003=$(ls "$corpus"/003-*.log)
k001=$(ls "$corpus"/001-*.log)
k018=$(ls "$corpus"/018-*.log)

# jsonl: one valid JSON object per event
"$bin" --format jsonl "$k001" > "$tmp/a.jsonl"; rc=$?
check "jsonl exit 0" [ $rc -eq 0 ]
check "jsonl two events, valid JSON" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert [e["kind"] for e in ev] == ["alloc_failure", "oom_kill"], ev
assert ev[1]["pid"] == 662 and ev[1]["comm"] == "baloo_file" and ev[1]["reaped"] is True
assert ev[1]["trigger_comm"] == "llvm-tblgen" and ev[1]["systemd_unit"] == "session-2.scope"
' "$tmp/a.jsonl"

# json: events plus summary, counts consistent
"$bin" --format json "$k001" "$k003" > "$tmp/a.json"
check "json summary" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]["events_by_kind"]
assert len(d["events"]) == 3, len(d["events"])
assert s["oom_kill"] == 1 and s["memcg_oom_kill"] == 1 and s["alloc_failure"] == 1, s
' "$tmp/a.json"

# gzip and stdin give the same events as the plain file
gzip -c "$k003" > "$tmp/k.log.gz"
"$bin" --format jsonl "$k003" | sed 's/"source":"[^"]*"//' > "$tmp/plain"
"$bin" --format jsonl "$tmp/k.log.gz" | sed 's/"source":"[^"]*"//' > "$tmp/gz"
"$bin" --format jsonl < "$k003" | sed 's/"source":"[^"]*"//' > "$tmp/stdin"
"$bin" --format jsonl - < "$k003" > "$tmp/dash"
check "gzip input" cmp -s "$tmp/plain" "$tmp/gz"
check "stdin input" cmp -s "$tmp/plain" "$tmp/stdin"
check "stdin source is -" grep -q '"source":"-"' "$tmp/dash"

# xz, zstd and bzip2 (logrotate's compresscmd), known by their magic bytes
# whatever the name, from a file and on standard input; cut short, the
# events before the cut are kept and the run exits 2 naming the file
many=$tmp/many.log
cat "$src"/tests/data/wild/kernel/*.log > "$many" # 400 kB: zstd's blocks are 128 kB
"$bin" --format jsonl "$many" | sed 's/"source":"[^"]*"//' > "$tmp/many.plain"
for tool in xz zstd bzip2; do
	if ! command -v $tool > /dev/null || ! "$bin" --version | grep -q "features:.* $tool"; then
		echo "skip $tool input: no $tool tool or no $tool in this build"
		continue
	fi
	$tool -c < "$many" > "$tmp/many.$tool"
	"$bin" --format jsonl "$tmp/many.$tool" | sed 's/"source":"[^"]*"//' > "$tmp/got"
	check "$tool input" cmp -s "$tmp/many.plain" "$tmp/got"
	"$bin" --format jsonl - < "$tmp/many.$tool" | sed 's/"source":"[^"]*"//' > "$tmp/got"
	check "$tool on stdin" cmp -s "$tmp/many.plain" "$tmp/got"
	"$bin" "$tmp/many.$tool" > "$tmp/got"
	check "$tool named in the report" grep -q "many.$tool ($tool): " "$tmp/got"
	size=$(stat -c %s "$tmp/many.$tool")
	head -c $((size * 9 / 10)) "$tmp/many.$tool" > "$tmp/cut.log"
	"$bin" --format jsonl "$tmp/cut.log" > "$tmp/got" 2> "$tmp/err"; rc=$?
	check "$tool cut short exit 2" [ $rc -eq 2 ]
	check "$tool cut short message" grep -q "cut.log: $tool: truncated input" "$tmp/err"
	# bzip2 hands out a 900 kB block whole, the text is less
	[ $tool = bzip2 ] || check "$tool cut short keeps the events before" [ "$(wc -l < "$tmp/got")" -gt 0 ]
done
# UTF-16 text (PowerShell's ">", Notepad's "Unicode"): the same events as
# its UTF-8, little-endian with a mark, big-endian, and on standard input
win=$(ls "$src"/tests/data/wild/apps/054-*.log)
"$bin" --format jsonl "$win" | sed 's/"source":"[^"]*"//' > "$tmp/win.plain"
check "windows paste has an event" [ -s "$tmp/win.plain" ]
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$win"; } > "$tmp/win16.txt"
iconv -f UTF-8 -t UTF-16BE "$win" > "$tmp/win16be.txt"
"$bin" --format jsonl "$tmp/win16.txt" | sed 's/"source":"[^"]*"//' > "$tmp/got"
check "utf-16le input" cmp -s "$tmp/win.plain" "$tmp/got"
"$bin" --format jsonl "$tmp/win16be.txt" | sed 's/"source":"[^"]*"//' > "$tmp/got"
check "utf-16be input" cmp -s "$tmp/win.plain" "$tmp/got"
"$bin" --format jsonl - < "$tmp/win16.txt" | sed 's/"source":"[^"]*"//' > "$tmp/got"
check "utf-16 on stdin" cmp -s "$tmp/win.plain" "$tmp/got"
gzip -c "$tmp/win16.txt" > "$tmp/win16.gz"
"$bin" --format json "$tmp/win16.gz" "$tmp/win16be.txt" "$win" > "$tmp/got"
check "json sources name the decoding" python3 -c '
import json, sys
d = [s["decoding"] for s in json.load(open(sys.argv[1]))["summary"]["sources"]]
assert d == ["gzip, UTF-16LE", "UTF-16BE", ""], d
' "$tmp/got"

printf 'LPKSHHRH\0\0\0\0\0\0\0\0' > "$tmp/system.journal"
"$bin" "$tmp/system.journal" > /dev/null 2> "$tmp/err"; rc=$?
check "journal file exit 2" [ $rc -eq 2 ]
check "broken journal file message" grep -q "system.journal: cannot read this systemd journal file (.*); try journalctl --file" "$tmp/err"

# filters
n=$("$bin" --format jsonl --kind memcg_oom_kill "$k001" "$k003" | wc -l)
check "--kind" [ "$n" -eq 1 ]
n=$("$bin" --format jsonl --kind oom_kill,alloc_failure "$k001" "$k003" | wc -l)
check "--kind list" [ "$n" -eq 2 ]
n=$("$bin" --format jsonl --comm 'python*' "$k018" | wc -l)
check "--comm glob" [ "$n" -eq 2 ]
n=$("$bin" --format jsonl --host hyperv "$k001" "$k018" | wc -l)
check "--host" [ "$n" -eq 2 ]
touch -d '2021-12-31 12:00:00 UTC' "$tmp/h.log" 2>/dev/null
cp "$k001" "$tmp/h.log"; touch -d '2021-12-31 12:00:00 UTC' "$tmp/h.log"
n=$("$bin" --format jsonl --since 2021-06-11T20:17:00Z "$tmp/h.log" | wc -l)
check "--since" [ "$n" -eq 1 ]
n=$("$bin" --format jsonl --until 2021-06-11T20:17:00Z "$tmp/h.log" | wc -l)
check "--until" [ "$n" -eq 1 ]
n=$("$bin" --format jsonl --since 2021-06-11 "$k003" | wc -l)
check "--since drops events without a wall-clock time" [ "$n" -eq 0 ]

# bad flags and values: exit 2 with a message
"$bin" --format xml "$k003" > /dev/null 2> "$tmp/err"; rc=$?
check "bad format exit 2" [ $rc -eq 2 ]
check "bad format message" grep -q "unknown format 'xml'" "$tmp/err"
"$bin" --kind nope "$k003" > /dev/null 2>&1; check "bad kind exit 2" [ $? -eq 2 ]
"$bin" --since yesterday "$k003" > /dev/null 2>&1; check "bad time exit 2" [ $? -eq 2 ]
"$bin" --bogus > /dev/null 2>&1; check "unknown flag exit 2" [ $? -eq 2 ]

# an unreadable input: message naming it, exit 2, other inputs still analysed
"$bin" --format jsonl "$tmp/missing.log" "$k003" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "missing input exit 2" [ $rc -eq 2 ]
check "missing input message" grep -q "missing.log: No such file or directory" "$tmp/err"
check "other input analysed" grep -q '"pid":23793' "$tmp/out"
mkdir "$tmp/logdir" && cp "$k001" "$tmp/logdir/"
"$bin" "$tmp/logdir" > /dev/null 2> "$tmp/err"; rc=$?
check "directory input exit 2" [ $rc -eq 2 ]
check "directory message" grep -q "logdir: is a directory (and holds no journal files)" "$tmp/err"

# --root DIR: the log of the machine whose disk is mounted at DIR (here its
# var/log/kern.log: the same events as the file named); a run on a
# terminal with no input named says what it reads (script(1) gives it one)
mkdir -p "$tmp/root/var/log" && cp "$k001" "$tmp/root/var/log/kern.log"
"$bin" --format jsonl --root "$tmp/root" > "$tmp/out" 2> "$tmp/err"; rc=$?
"$bin" --format jsonl "$tmp/root/var/log/kern.log" > "$tmp/want"
check "--root: exit 0, the kern.log's events" sh -c "[ $rc -eq 0 ] && [ -s '$tmp/want' ] && cmp -s '$tmp/out' '$tmp/want'"
"$bin" --root "$tmp/logdir" > /dev/null 2> "$tmp/err"; rc=$?
check "--root without a log: exit 2, said" sh -c "[ $rc -eq 2 ] && grep -q 'no log found under it' '$tmp/err'"
"$bin" --root "$tmp/root" "$k001" > /dev/null 2> "$tmp/err"; rc=$?
check "--root with a file named: exit 2, said" sh -c "[ $rc -eq 2 ] && grep -q -- '--root: name no files with it' '$tmp/err'"
if command -v script > /dev/null 2>&1; then
	script -qec "$bin" /dev/null < /dev/null > "$tmp/tty" 2>&1
	check "no input on a terminal: says what it reads" \
		grep -Eq "reading this machine's log|reading standard input, a terminal" "$tmp/tty"
fi
printf '\x1f\x8b\x08\x00garbage' > "$tmp/bad.gz"
"$bin" --format jsonl "$tmp/bad.gz" > /dev/null 2> "$tmp/err"; rc=$?
check "corrupt gzip exit 2" [ $rc -eq 2 ]
check "corrupt gzip message" grep -q "bad.gz" "$tmp/err"

# --output: written through a rename; no temporary files left behind
"$bin" --format prom --output "$tmp/oom.prom" "$k001" "$k003"; rc=$?
check "--output exit 0" [ $rc -eq 0 ]
check "--output content" grep -q 'oomscan_events_total{kind="memcg_oom_kill"} 1' "$tmp/oom.prom"
check "--output no temp left" [ -z "$(ls "$tmp" | grep '\.tmp\.')" ]
"$bin" --format prom --output /nonexistent-dir/x.prom "$k003" 2> "$tmp/err"; rc=$?
check "--output unwritable exit 1" [ $rc -eq 1 ]
if command -v promtool > /dev/null; then
	check "promtool check metrics" sh -c "promtool check metrics < '$tmp/oom.prom'"
fi

# text report: sections and the counts
"$bin" "$k001" "$k003" > "$tmp/report.txt"
check "text totals" grep -q "memcg_oom_kill .* 1" "$tmp/report.txt"
check "text process table" grep -q "baloo_file" "$tmp/report.txt"
check "text event block" grep -q "victim   leaker (pid 23793)" "$tmp/report.txt"
"$bin" --format text "$(ls "$corpus"/035-*.log)" > "$tmp/r2.txt"
check "incomplete report shown" grep -q "Incomplete reports (1)" "$tmp/r2.txt"

# more hosts with open reports than the assembler tracks: counted, nothing silent
for i in $(seq 1 300); do
	echo "Jan 10 10:00:00 host$i kernel: stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"
done > "$tmp/many.log"
"$bin" --format prom "$tmp/many.log" > "$tmp/many.prom"
check "hosts evicted counted" grep -q '^oomscan_hosts_evicted_total 44$' "$tmp/many.prom"
check "every open report incomplete" grep -q '^oomscan_incomplete_reports_total 300$' "$tmp/many.prom"
# a summary-only report of an evicted host still becomes its kill
for i in $(seq 1 300); do
	echo "Jan 10 10:00:00 host$i kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=x$i,pid=$i,uid=0"
done > "$tmp/many2.log"
check "evicted summaries kept" sh -c "'$bin' --format prom '$tmp/many2.log' | grep -q '^oomscan_events_total{kind=\"oom_kill\"} 300\$'"

# the timeline is in time order whatever the input order
"$bin" "$k001" "$(ls "$corpus"/016-*.log)" > "$tmp/tl.txt"
check "timeline sorted by time" sh -c "sed -n '/^Timeline/{n;p;}' '$tmp/tl.txt' | grep -q 2017-12-07"

# --year: the year of stamps without one, flagged time_year_assumed; a stamp
# with its own year is not flagged
{
	echo "Dec 31 23:59:00 h kernel: Out of memory: Killed process 7 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB"
	echo "2026-01-02T03:04:05Z h kernel: Out of memory: Killed process 8 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB"
} > "$tmp/year.log"
touch -d "2026-01-05 00:00:00 UTC" "$tmp/year.log"
"$bin" --format jsonl "$tmp/year.log" > "$tmp/y0"
"$bin" --format jsonl --year 2019 "$tmp/year.log" > "$tmp/y1"
check "year from mtime, stepped back" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert ev[0]["time"] == "2025-12-31T23:59:00Z" and ev[0]["time_year_assumed"] is True, ev[0]
assert ev[1]["time"] == "2026-01-02T03:04:05Z" and "time_year_assumed" not in ev[1], ev[1]
' "$tmp/y0"
check "--year sets the year" python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert ev[0]["time"] == "2019-12-31T23:59:00Z" and ev[0]["time_year_assumed"] is True, ev[0]
assert ev[1]["time"] == "2026-01-02T03:04:05Z" and "time_year_assumed" not in ev[1], ev[1]
' "$tmp/y1"
"$bin" --year 19x "$tmp/year.log" > /dev/null 2> "$tmp/err"; rc=$?
check "bad --year exit 2" [ $rc -eq 2 ]
check "bad --year message" grep -q -- "--year: not a year" "$tmp/err"

# past 64 inputs the rest are summed, not listed: every line still counted
mkdir "$tmp/many"
for i in $(seq 1 70); do printf 'line %d\nsecond line\n' "$i" > "$tmp/many/f$i.log"; done
cp "$k001" "$tmp/many/z-last.log"
kl=$(wc -l < "$k001")
"$bin" "$tmp"/many/*.log > "$tmp/many.txt"
check "71 inputs: all lines counted" grep -q "^oomscan .*: 71 inputs, $((140 + kl)) lines, 2 events" "$tmp/many.txt"
check "71 inputs: the rest summed" grep -q "^  and 7 more inputs, not listed: $((12 + kl)) lines" "$tmp/many.txt"
"$bin" --format json "$tmp"/many/*.log > "$tmp/many.json"
check "71 inputs: json sources_not_listed" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
n = s["sources_not_listed"]
assert len(s["sources"]) == 64 and n["inputs"] == 7, n
assert sum(x["lines"] for x in s["sources"]) + n["lines"] == 140 + int(sys.argv[2]), n
' "$tmp/many.json" "$kl"

"$bin" --format prom "$tmp"/many/*.log > "$tmp/many.prom"
check "71 inputs: prom source series sum to every line" python3 -c '
import re, sys
rows = re.findall(r"^oomscan_source_lines_total\{source=\"([^\"]*)\"\} (\d+)$", open(sys.argv[1]).read(), re.M)
assert len(rows) == 32 and rows[-1][0] == "__other__", rows[-3:]
assert sum(int(n) for _, n in rows) == 140 + int(sys.argv[2]), rows[-1]
' "$tmp/many.prom" "$kl"

# empty input: exit 0, no events
: > "$tmp/empty.log"
"$bin" --format jsonl "$tmp/empty.log" > "$tmp/out"; rc=$?
check "empty input exit 0" [ $rc -eq 0 ]
check "empty input no events" [ ! -s "$tmp/out" ]
"$bin" --version | grep -q "^oomscan "; check "--version" [ $? -eq 0 ]
"$bin" --help | grep -q -- "--format"; check "--help" [ $? -eq 0 ]
exit $fail
