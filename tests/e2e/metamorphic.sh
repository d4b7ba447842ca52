#!/usr/bin/env bash
# metamorphic.sh - every log under tests/data (golden, corpus, prefix, wild
# when present) must give the same events however it is wrapped: indented,
# mail-quoted, CRLF, behind each known prefix with and without a host,
# dmesg -H relative stamps, interleaved with another host's report, buried
# in noise, behind grep -n/-H, cat -n, kubectl --prefix, a CI runner's or
# CRI stamp, in Docker's json-file records, with trailing blanks
# (tests/tools/metamorphic.py; variants that cannot work by design
# for a file are skipped with their reason). Env: OOMSCAN_BIN, OOMSCAN_SRC.
# Exit 77 (skipped) without a binary or python3.
set -u

src=${OOMSCAN_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${OOMSCAN_BIN:-$src/build/oomscan}

if [ ! -x "$bin" ]; then
	echo "metamorphic: no oomscan binary at $bin" >&2
	exit 77
fi
if ! command -v python3 >/dev/null; then
	echo "metamorphic: python3 not found" >&2
	exit 77
fi
exec python3 "$src/tests/tools/metamorphic.py" --bin "$bin" "$src/tests/data"
