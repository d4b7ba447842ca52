#!/usr/bin/env bash
# The literal prefilter may only skip lines that cannot matter: for every log
# under tests/data, the events with the prefilter must equal the events with
# every line run through the parsers (--no-prefilter). The logs go 64 to a
# run (each input is assembled on its own; a sanitizer build's start-up
# costs more than a small log); a run whose events differ is checked again
# log by log to name the log.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
fail=0
files=()
while IFS= read -r -d '' f; do
	files+=("$f")
done < <(find "$src/tests/data" \( -name '*.log' -o -name '*.log.gz' \) -print0 | sort -z)
[ "${#files[@]}" -gt 0 ] || { echo "FAIL: no logs found under $src/tests/data"; exit 1; }

# same FILE...: 0 when the events agree with and without the prefilter.
same() {
	local a b
	a=$("$bin" --format jsonl "$@" 2>/dev/null)
	b=$("$bin" --no-prefilter --format jsonl "$@" 2>/dev/null)
	[ "$a" = "$b" ] && return 0
	[ $# -eq 1 ] && diff <(printf '%s\n' "$b") <(printf '%s\n' "$a") | head -5
	return 1
}

for ((i = 0; i < ${#files[@]}; i += 64)); do
	chunk=("${files[@]:i:64}")
	same "${chunk[@]}" && continue
	for f in "${chunk[@]}"; do
		if ! same "$f"; then
			echo "FAIL: $f: events differ with and without the prefilter"
			fail=1
		fi
	done
done
echo "checked ${#files[@]} logs"
exit $fail
