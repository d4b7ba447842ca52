#!/bin/bash
# serve_rotation.sh - `oomscan serve --follow` across log rotation:
# rename-and-create (with the writer still appending to the renamed file),
# copytruncate, deletion and re-creation, and a rotation while the server
# is down (kill -9). Every real kernel OOM report is counted once.
# Loopback only; bounded in time.
set -u
. "$(dirname "$0")/serve_common.bash"

F="$T/kern.log"
S="$T/state.json"
SERIES='oomscan_events_total{kind="memcg_oom_kill"}'
n=0
add() { # add FILE: appends the next report to FILE
	n=$((n + 1))
	report $((3000 + n)) $((4000 + n)) >>"$1"
}

: >"$F"
start_serve --follow "$F" --state-file "$S" --from-start
add "$F"
wait_metric "$SERIES" 1 3

# rename and create; the writer keeps its descriptor and writes one more
# report into the renamed file before switching.
exec 3>>"$F"
mv "$F" "$F.1"
report 3100 4100 >&3
exec 3>&-
n=$((n + 1))
add "$F"
wait_metric "$SERIES" $n 3

# copytruncate: the report written just before the copy is only in the copy.
add "$F"
cp "$F" "$F.1"
: >"$F"
add "$F"
wait_metric "$SERIES" $n 3

# deleted, then created again
rm -f "$F"
sleep 0.3
add "$F"
wait_metric "$SERIES" $n 3

# rotated while the server is down (after kill -9), just after the server
# counted the first report of a re-created file: the state written at the
# end of the round that saw the switch, before the count was published,
# names the new file, so its renamed copy is found on restart (a state still
# naming the deleted file would lose the new file's lines).
rm -f "$F"
sleep 0.3
add "$F"
wait_metric "$SERIES" $n 3
kill9_serve
add "$F"
rm -f "$F.1"
mv "$F" "$F.1"
add "$F"
start_serve --follow "$F" --state-file "$S"
wait_metric "$SERIES" $n 3

# copytruncate while the server is down
stop_serve
add "$F"
rm -f "$F.1"
cp "$F" "$F.1"
: >"$F"
add "$F"
start_serve --follow "$F" --state-file "$S"
wait_metric "$SERIES" $n 3

# every pid seen once in the events since this start (the last two)
curl -fsS -m 2 "$BASE/api/v1/events" | python3 -c '
import json, sys
ev = json.load(sys.stdin)["data"]
pids = [e["pid"] for e in ev]
assert len(pids) == len(set(pids)), pids
' || fail "an event is listed twice"
echo "PASS: $n events across rotations, each counted once"
