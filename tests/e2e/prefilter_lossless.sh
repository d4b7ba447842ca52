#!/usr/bin/env bash
# The literal prefilter may only skip lines that cannot matter: for every log
# under tests/data, the events with the prefilter must equal the events with
# every line run through the parsers (--no-prefilter).
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
fail=0 n=0
while IFS= read -r -d '' f; do
	n=$((n + 1))
	a=$("$bin" --format jsonl "$f" 2>/dev/null)
	b=$("$bin" --no-prefilter --format jsonl "$f" 2>/dev/null)
	if [ "$a" != "$b" ]; then
		echo "FAIL: $f: events differ with and without the prefilter"
		diff <(printf '%s\n' "$b") <(printf '%s\n' "$a") | head -5
		fail=1
	fi
done < <(find "$src/tests/data" \( -name '*.log' -o -name '*.log.gz' \) -print0)
[ "$n" -gt 0 ] || { echo "FAIL: no logs found under $src/tests/data"; exit 1; }
echo "checked $n logs"
exit $fail
