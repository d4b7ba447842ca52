#!/usr/bin/env bash
# quickstart.sh - sets up a Debian 12 machine for oomscan and shows it working:
# installs the missing build dependencies (apt, only when something is
# missing), builds into build/ and runs build/oomscan on the bundled sample
# log tests/data/samples/kern.log. Exit status non-zero on any failure.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$OOMSCAN_ROOT"

install_deps
B=${OOMSCAN_BUILD:-build}
build_dir "$B"
run_sample "$B"
say "done: $B/oomscan is ready (try: $B/oomscan --format jsonl tests/data/samples/kern.log)"
