#!/usr/bin/env bash
# dense.sh - the dense multi-host log of issue 8, too large for ctest:
#
#   bench/dense.sh [MB] [SEED]     (default 256 and 5; OOMSCAN_BIN picks the binary)
#
# bench/genlog.py writes MB MiB from 50 interleaved hosts with 5% of the
# lines in OOM reports (36,621 events for 256 MiB, seed 5) and its truth
# file; oomscan --format json must match the truth by kind, process and
# reaper, with a balanced ledger. tests/e2e/ledger.sh runs a 16 MiB file of
# the same generator that shows the same loss in the old queues.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${OOMSCAN_BIN:-$src/build/oomscan}
mb=${1:-256}
seed=${2:-5}
mkdir -p "$src/bench/.cache"
log=$src/bench/.cache/dense-${mb}m-s$seed.log
[ -f "$log.truth.json" ] || python3 "$src/bench/genlog.py" "$log" "$mb" --rate 5000 --hosts 50 --seed "$seed" >/dev/null
start=$(date +%s%3N)
"$bin" --format json "$log" >"$log.out"
ms=$(( $(date +%s%3N) - start ))
python3 - "$log.truth.json" "$log.out" "$ms" <<'PY'
import json, sys
truth, out, ms = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
s = out["summary"]
kinds = {k: v for k, v in s["events_by_kind"].items() if v}
reaped = sum(1 for e in out["events"] if e.get("reaped"))
ok = kinds == truth["by_kind"] and reaped == truth["reaped"] and s["ledger"]["balanced"]
print("%d events (truth %d), reaped %d (truth %d), ledger %s, %s ms: %s" % (
    sum(kinds.values()), truth["events"], reaped, truth["reaped"], s["ledger"], ms,
    "exact" if ok else "DIFFERS"))
sys.exit(0 if ok else 1)
PY
