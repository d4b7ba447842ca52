#!/usr/bin/env bash
# Textfile mode with --state-file: each run adds only the lines earlier runs
# did not count, so the counters of the .prom file never go down: not when
# nothing changed, not when kern.log grows, is rotated to kern.log.1, is
# compressed to kern.log.2.gz, or when logrotate drops the oldest file.
# After every run the counts equal one stateless run over all the content
# ever seen. --state-file needs --format prom.
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
exit $fail
