#!/usr/bin/env bash
# Textfile mode with --state-file: each run adds only the lines earlier runs
# did not count, so the counters of the .prom file never go down: not when
# nothing changed, not when kern.log grows, is rotated to kern.log.1, is
# compressed to kern.log.2.gz, or when logrotate drops the oldest file.
# After every run the counts equal one stateless run over all the content
# ever seen. A plain file counted before is skipped by seeking, not read
# again, and a .gz file read to its end and unchanged since is not
# decompressed again. --state-file needs --format prom.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
corpus=$src/tests/data/corpus/kernel
[ -d "$corpus" ] || corpus=$src/../shared/corpus/kernel
a=$(ls "$corpus"/001-*.log); b=$(ls "$corpus"/003-*.log); c=$src/tests/data/samples/kern.log
logs=$tmp/log; mkdir "$logs"
run() { "$bin" --format prom --state-file "$tmp/state.json" -o "$tmp/out.prom" "$@"; }
totals() { grep -E '^oomscan_(events|process_events|unit_events)_total\{' "$1" | sort; }
# want FILES...: the counters of one stateless run over everything seen.
want() { cat "$@" > "$tmp/all.log"; "$bin" --format prom "$tmp/all.log" > "$tmp/want.prom"; totals "$tmp/want.prom"; }
same() { diff <(totals "$tmp/out.prom") <(want "$@"); }

cp "$a" "$logs/kern.log"
run "$logs/kern.log"; check "run 1 exit 0" [ $? -eq 0 ]
check "run 1 counts" same "$a"
cp "$tmp/out.prom" "$tmp/prev.prom"
run "$logs/kern.log"
check "run 2, nothing new: same counters" same "$a"
cat "$b" >> "$logs/kern.log"
run "$logs/kern.log"
check "kern.log grew: only the new lines added" same "$a" "$b"
mv "$logs/kern.log" "$logs/kern.log.1"; cp "$c" "$logs/kern.log"
run "$logs/kern.log.1" "$logs/kern.log"
check "rotated: kern.log.1 not counted again" same "$a" "$b" "$c"
gzip -c "$logs/kern.log.1" > "$logs/kern.log.2.gz"; rm "$logs/kern.log.1"
mv "$logs/kern.log" "$logs/kern.log.1"; : > "$logs/kern.log"
run "$logs/kern.log.2.gz" "$logs/kern.log.1" "$logs/kern.log"
check "compressed and rotated again: nothing counted twice" same "$a" "$b" "$c"
# logrotate with compresscmd xz (or zstd): the same file, another codec
if command -v xz > /dev/null && "$bin" --version | grep -q "features:.* xz"; then
	xz -c "$logs/kern.log.1" > "$logs/kern.log.2.xz"
	run "$logs/kern.log.2.gz" "$logs/kern.log.2.xz" "$logs/kern.log"
	check "recompressed with xz: nothing counted twice" same "$a" "$b" "$c"
	rm "$logs/kern.log.2.xz"
else
	echo "skip xz rotation: no xz tool or no xz in this build"
fi
rm "$logs/kern.log.2.gz"
run "$logs/kern.log.1" "$logs/kern.log"
check "oldest file dropped: counters do not go down" same "$a" "$b" "$c"
check "oom_kill never went down" sh -c "[ \$(awk '/^oomscan_events_total\\{kind=\"oom_kill\"\\}/ { print \$2 }' '$tmp/out.prom') -ge \$(awk '/^oomscan_events_total\\{kind=\"oom_kill\"\\}/ { print \$2 }' '$tmp/prev.prom') ]"
"$bin" --format text --state-file "$tmp/s2.json" "$logs/kern.log" > /dev/null 2> "$tmp/err"; rc=$?
check "--state-file without --format prom: exit 2" [ $rc -eq 2 ]
check "... with a message" grep -q 'only with --format prom' "$tmp/err"
echo '{broken' > "$tmp/bad.json"
"$bin" --format prom --state-file "$tmp/bad.json" "$logs/kern.log.1" > "$tmp/o2" 2> "$tmp/err"; rc=$?
check "a corrupt state: warning, fresh start, exit 0" [ $rc -eq 0 ]
check "... warned" grep -q 'ignoring the state file' "$tmp/err"
# A counted plain file is skipped by seeking past the bytes its counted
# lines took (the state's offset), not by reading them again; a last line
# without a newline, which a later write completes, is not counted twice,
# and a state that holds no offset (written before it kept one) still
# skips by lines.
rm -f "$tmp/state.json"; logs=$tmp/log2; mkdir "$logs"
{ cat "$a"; printf 'Jan 10 10:00:09 h kernel: a line not ended yet, '; } > "$logs/kern.log"
run "$logs/kern.log"
check "the offset is the bytes read" python3 -c '
import json, os, sys
c = [c for c in json.load(open(sys.argv[1]))["sources"] if c["name"].startswith("textfile:")]
sys.exit(0 if len(c) == 1 and c[0]["offset"] == os.path.getsize(sys.argv[2]) else 1)' "$tmp/state.json" "$logs/kern.log"
# The rest of that line, counted already (as every later run that skips
# lines would), must not be read as a line of its own: it holds a kill.
{ printf 'Jan 10 10:00:10 h kernel: Out of memory: Killed process 9 (z) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n'; cat "$b"; } >> "$logs/kern.log"
run "$logs/kern.log"
check "the rest of a line counted before its newline: not read as a line" same "$a" "$b"
python3 - "$tmp/state.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for c in s["sources"]:
    c["offset"] = 0
json.dump(s, open(sys.argv[1], "w"))
PY
cat "$c" >> "$logs/kern.log"
run "$logs/kern.log"
check "a state without offsets: skipped by lines" same "$a" "$b" "$c"
# read_of TRACE FILE: the bytes strace saw read from FILE (any descriptor
# it was opened on), so that what a sanitizer's runtime reads does not count.
read_of() {
	python3 - "$1" "$2" <<'PY'
import re, sys
fds, n = set(), 0
for l in open(sys.argv[1]):
    l = re.sub(r"^\d+ +", "", l)
    m = re.match(r'openat\(AT_FDCWD, "([^"]*)".*\) = (\d+)', l)
    if m:
        if m.group(1) == sys.argv[2]:
            fds.add(int(m.group(2)))
        else:
            fds.discard(int(m.group(2)))
        continue
    m = re.match(r"close\((\d+)\)", l)
    if m:
        fds.discard(int(m.group(1)))
        continue
    m = re.match(r"(?:read|pread64)\((\d+),.*\) = (\d+)", l)
    if m and int(m.group(1)) in fds:
        n += int(m.group(2))
print(n)
PY
}
if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null; then
	python3 "$src/bench/genlog.py" "$logs/big.log" 8 --rate 5 --hosts 8 --seed 3 >/dev/null
	run "$logs/big.log"
	cat "$b" >> "$logs/big.log"
	strace -f -qq -e trace=openat,read,pread64,close -o "$tmp/st" "$bin" --format prom --state-file "$tmp/state.json" -o "$tmp/out.prom" "$logs/big.log"
	n=$(read_of "$tmp/st" "$logs/big.log"); echo "read $n bytes of big.log"
	check "an 8 MiB file counted before: under 1 MiB of it read" [ "$n" -lt 1048576 ]
	check "... and only its new lines counted" same "$a" "$b" "$c" "$logs/big.log"
	# A .gz file read to its end before and not changed since (size and
	# modification time) is not decompressed again; one that changed is.
	python3 "$src/bench/genlog.py" "$tmp/old.log" 8 --rate 5 --hosts 8 --seed 4 >/dev/null
	gzip -c "$tmp/old.log" > "$logs/old.log.2.gz"
	run "$logs/old.log.2.gz"
	check "a .gz file counted" same "$a" "$b" "$c" "$logs/big.log" "$tmp/old.log"
	strace -f -qq -e trace=openat,read,pread64,close -o "$tmp/st" "$bin" --format prom --state-file "$tmp/state.json" -o "$tmp/out.prom" "$logs/old.log.2.gz"
	n=$(read_of "$tmp/st" "$logs/old.log.2.gz") z=$(stat -c %s "$logs/old.log.2.gz"); echo "read $n of $z bytes"
	check "the same .gz file again: under half of it read" [ "$n" -lt $((z / 2)) ]
	check "... and nothing counted twice" same "$a" "$b" "$c" "$logs/big.log" "$tmp/old.log"
	cat "$b" >> "$tmp/old.log"
	gzip -c "$tmp/old.log" > "$logs/old.log.2.gz"
	run "$logs/old.log.2.gz"
	check "a .gz file that changed: read again, its new lines counted" same "$a" "$b" "$c" "$logs/big.log" "$tmp/old.log"
else
	echo "strace missing or not allowed here: the bytes read are not checked"
fi
exit $fail
