#!/usr/bin/env bash
# corpus.sh - scores the built oomscan against the hand-checked corpus in
# tests/data/corpus (kernel and application logs with *.truth.json beside
# them) using tests/tools/score.py, and fails below the agreed marks:
# kernel recall 1, precision 1, fields 0.99; apps recall 1, precision 1,
# fields 0.98. The wild corpus (tests/data/wild/*: real pastes gathered from
# public bug trackers, mailing lists and Q&A pages, each truth written from
# the text) is held to recall 1, precision 1, fields 0.98 as well. Env: OOMSCAN_BIN (the binary), OOMSCAN_SRC (repo root).
# Exit 77 (skipped) when the binary or python3 is missing.
set -u

src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}

if [ ! -x "$bin" ]; then
	echo "corpus: no oomscan binary at $bin" >&2
	exit 77
fi
if ! command -v python3 >/dev/null; then
	echo "corpus: python3 not found" >&2
	exit 77
fi

score=$src/tests/tools/score.py
rc=0

echo "== kernel corpus"
python3 "$score" --bin "$bin" --min-recall 1 --min-precision 1 --min-fields 0.99 \
	"$src/tests/data/corpus/kernel" || rc=1

echo "== apps corpus"
python3 "$score" --bin "$bin" --min-recall 1 --min-precision 1 --min-fields 0.98 \
	"$src/tests/data/corpus/apps" || rc=1

for d in "$src"/tests/data/wild/*/; do
	[ -d "$d" ] || continue
	echo "== wild corpus: $(basename "$d")"
	python3 "$score" --bin "$bin" --min-recall 1 --min-precision 1 --min-fields 0.98 "$d" || rc=1
done

exit $rc
