#!/usr/bin/env bash
# Safe output: JSON stays valid UTF-8 for inputs with invalid bytes and NULs
# (a NUL does not end a line's text), the text report carries no control
# characters or escape sequences from the input, and -o writes only regular
# files: a device node, a FIFO or an input is refused and left alone, "-o -"
# is standard output. Dates that do not exist are refused.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
cd "$tmp" || exit 1

# Two kills: one name with invalid UTF-8, one with a NUL and an escape
# sequence, and text after a NUL in the line.
printf 'Jan  1 00:00:01 h kernel: [ 1.0] Out of memory: Killed process 123 (bad\xff\xfe\xc0\xafme) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB\n' > bad.log
printf 'Jan  1 00:00:02 h kernel: [ 2.0] Out of memory: Killed process 124 (nu\x00l\x1b[2Jl) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB tail\x00after\x1b]0;pwned\x07\n' >> bad.log

"$bin" --format jsonl bad.log > out.jsonl
check "jsonl is valid UTF-8 JSON, NUL kept as \\u0000" python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
ev = [json.loads(l) for l in raw.decode("utf-8").splitlines()]
assert len(ev) == 2, ev
assert ev[0]["comm"] == "bad\ufffd\ufffd\ufffd\ufffdme", repr(ev[0]["comm"])
# Terminal escape sequences are a paste colouring: the line is read
# without them (prefix.c), every other byte is kept or escaped.
assert ev[1]["comm"] == "nu\x00ll", repr(ev[1]["comm"])
assert ev[1]["detail"].endswith("tail\x00after"), repr(ev[1]["detail"])
' out.jsonl
"$bin" --format json bad.log > out.json
check "json is valid UTF-8 JSON" python3 -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert len(d["events"]) == 2
assert d["events"][1]["comm"] == "nu\x00ll"
' out.json
"$bin" bad.log > out.txt
check "text report: no control bytes but newlines" python3 -c '
import sys
raw = open(sys.argv[1], "rb").read()
bad = [b for b in raw if (b < 0x20 and b != 0x0a) or b == 0x7f]
assert not bad, bad
text = raw.decode("utf-8")
assert "nul[2Jl" not in text and "null" in text, "escape sequence not stripped"
assert "pwned" not in text
' out.txt

# -o refuses what is not a regular file and leaves it alone.
mkfifo fifo
"$bin" -o fifo bad.log 2> err.txt; rc=$?
check "-o FIFO refused with status 2" [ $rc -eq 2 ]
check "-o FIFO message" grep -q 'fifo: is a FIFO; -o writes only regular files' err.txt
check "-o FIFO left a FIFO" [ -p fifo ]
mkdir dir
"$bin" -o dir bad.log 2> err.txt; rc=$?
check "-o directory refused" [ $rc -eq 2 ] && [ -d dir ]
if [ "$(id -u)" = 0 ] && mknod full c 1 7 2>/dev/null; then
	"$bin" -o full bad.log 2> err.txt; rc=$?
	check "-o device refused" [ $rc -eq 2 ]
	check "-o device message" grep -q 'full: is a character device' err.txt
	check "-o device left a device" [ -c full ]
else
	echo "skip -o device (needs root and mknod)"
fi
ls > before.txt
"$bin" -o - --format jsonl bad.log > stdout.jsonl; rc=$?
check "-o - writes standard output" [ $rc -eq 0 ] && [ "$(wc -l < stdout.jsonl)" -eq 2 ]
check "-o - creates no file named -" [ ! -e ./- ]
cp bad.log keep.log
"$bin" -o bad.log bad.log 2> err.txt; rc=$?
check "-o an input refused" [ $rc -eq 2 ] && grep -q 'is also an input' err.txt
check "-o an input left it alone" cmp -s bad.log keep.log
ln bad.log hard.log
"$bin" -o hard.log bad.log 2>/dev/null; rc=$?
check "-o a hard link to an input refused" [ $rc -eq 2 ] && cmp -s bad.log keep.log
"$bin" -o bad.log < bad.log 2>/dev/null; rc=$?
check "-o the file on standard input refused" [ $rc -eq 2 ] && cmp -s bad.log keep.log
"$bin" -o new.txt bad.log; rc=$?
check "-o a new regular file works" [ $rc -eq 0 ] && grep -q 'oom_kill' new.txt
"$bin" -o new.txt bad.log; rc=$?
check "-o replaces a regular file" [ $rc -eq 0 ] && [ -z "$(ls new.txt.tmp.* 2>/dev/null)" ]
# -o onto a symbolic link writes through to its target; the link stays.
: > target.txt
ln -s target.txt link.txt
"$bin" -o link.txt bad.log; rc=$?
check "-o a link writes its target" [ $rc -eq 0 ] && grep -q 'oom_kill' target.txt
check "-o a link stays a link" [ -L link.txt ] && [ "$(readlink link.txt)" = target.txt ]
ln -s missing/none.txt dangling.txt
"$bin" -o dangling.txt bad.log 2> err.txt; rc=$?
check "-o a dangling link refused" [ $rc -ne 0 ] && grep -q 'symbolic link' err.txt
check "-o a dangling link left alone" [ -L dangling.txt ] && [ ! -e missing ]
ln -s bad.log input-link.txt
"$bin" -o input-link.txt bad.log 2>/dev/null; rc=$?
check "-o a link to an input refused" [ $rc -eq 2 ] && cmp -s bad.log keep.log && [ -L input-link.txt ]

# Dates that do not exist are refused, not rolled over to the next month.
for d in 2024-02-30 2023-02-29 2024-04-31T00:00:00Z "2024-06-31 10:00" 2024-13-01; do
	"$bin" --since "$d" bad.log >/dev/null 2>err.txt; rc=$?
	check "--since $d refused" [ $rc -eq 2 ]
done
"$bin" --since 2024-02-29 --until 2024-12-31T23:59:59Z bad.log >/dev/null; rc=$?
check "--since 2024-02-29 accepted" [ $rc -eq 0 ]
exit $fail
