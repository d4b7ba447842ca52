#!/usr/bin/env bash
# golden.sh - golden-file tests: for every tests/data/{kernel,formats,apps}/**/X.log
# (or X.log.gz) with X.expected.jsonl beside it, runs
# `oomscan --format jsonl X.log` and compares the output with the expected
# file whole; only the `source` field (the path) is normalised to the file's
# base name, and the `diagnosis` object (always the last field) is left out:
# tests/e2e/diagnosis.sh checks it on its own golden files. Prints a unified diff on a mismatch and fails.
#
# Every input is run from a private copy whose mtime is fixed (GOLDEN_MTIME),
# because prefixes without a year (RFC 3164 syslog, journalctl short) take
# the year from the file's mtime.
#
# In tests/data/formats, where every file renders the same report, it also
# checks that all files give the same kind/pid/comm/trigger_pid list.
#
# GOLDEN_UPDATE=1 rewrites the expected files from the current output (for
# humans: check every changed line against the kernel-formats spec before
# committing); with GOLDEN_CREATE=1 too it also writes expected files for
# logs that have none. GOLDEN_ONLY=REGEX limits the run to matching paths.
# Env: OOMSCAN_BIN, OOMSCAN_SRC. Exit 77 (skipped) without a binary.
set -u

src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}
mtime=${GOLDEN_MTIME:-2025-12-31 12:00:00 UTC}

if [ ! -x "$bin" ]; then
	echo "golden: no oomscan binary at $bin" >&2
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

normalise() {
	sed -e 's#"source":"\([^"]*/\)\{0,1\}\([^"/]*\)"#"source":"\2"#' \
	    -e 's#,"diagnosis":{"cause":".*}}$#}#'
}

n=0 fail=0 updated=0
while IFS= read -r log; do
	case $log in
	*.log.gz) base=${log%.log.gz} ;;
	*) base=${log%.log} ;;
	esac
	exp=$base.expected.jsonl
	rel=${log#"$src"/}
	if [ -n "${GOLDEN_ONLY:-}" ] && ! [[ $rel =~ $GOLDEN_ONLY ]]; then
		continue
	fi
	# Only files with an expected file are golden; GOLDEN_CREATE=1 (with
	# GOLDEN_UPDATE=1) also writes one for a new log.
	if [ ! -f "$exp" ] && [ "${GOLDEN_CREATE:-0}" != 1 ]; then
		continue
	fi
	n=$((n + 1))
	copy=$tmp/$(basename "$log")
	cp "$log" "$copy"
	touch -d "$mtime" "$copy"
	got=$tmp/got.jsonl
	"$bin" --format jsonl "$copy" 2>"$tmp/stderr" | normalise >"$got"
	rc=${PIPESTATUS[0]}
	rm -f "$copy"
	if [ "$rc" != 0 ]; then
		echo "FAIL $rel: oomscan exited $rc" >&2
		cat "$tmp/stderr" >&2
		fail=$((fail + 1))
		continue
	fi
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		if ! cmp -s "$got" "$exp" 2>/dev/null; then
			cp "$got" "$exp"
			echo "updated ${exp#"$src"/}"
			updated=$((updated + 1))
		fi
		continue
	fi
	if ! diff -u --label "expected ${exp#"$src"/}" --label "got $rel" "$exp" "$got"; then
		echo "FAIL $rel" >&2
		fail=$((fail + 1))
	fi
done < <(find "$src/tests/data/kernel" "$src/tests/data/formats" "$src/tests/data/apps" \
	\( -name '*.log' -o -name '*.log.gz' \) -type f 2>/dev/null | LC_ALL=C sort)

# Every file in formats/ holds the same report: the same kind/pid/comm list.
if [ -d "$src/tests/data/formats" ] && command -v python3 >/dev/null; then
	python3 - "$src/tests/data/formats" <<'PY' || fail=$((fail + 1))
import glob, json, os, sys
d = sys.argv[1]
ref, bad = None, 0
for exp in sorted(glob.glob(os.path.join(d, "*.expected.jsonl"))):
    evs = [json.loads(l) for l in open(exp) if l.strip()]
    key = [(e.get("kind"), e.get("pid"), e.get("comm"), e.get("trigger_pid"),
            e.get("task_memcg"), e.get("anon_rss_kb")) for e in evs]
    if not key:
        print("FAIL formats: %s has no events" % os.path.basename(exp))
        bad += 1
        continue
    if ref is None:
        ref = (exp, key)
    elif key != ref[1]:
        print("FAIL formats: %s gives %r, %s gives %r" % (os.path.basename(exp), key,
              os.path.basename(ref[0]), ref[1]))
        bad += 1
sys.exit(1 if bad else 0)
PY
fi

if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
	echo "golden: $n files run, $updated expected files written, $fail failed"
	[ "$fail" = 0 ]
	exit
fi
echo "golden: $n files, $fail failed"
if [ "$n" = 0 ]; then
	echo "golden: no golden files found" >&2
	exit 1
fi
[ "$fail" = 0 ]
