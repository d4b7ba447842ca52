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
wait_state_names() { # FILE: waits (3 s) until the state file's cursor names FILE's inode
	local ino deadline=$(($(now_us) + 3000000))
	ino=$(stat -c %i "$1")
	until python3 -c 'import json, sys
sys.exit(0 if any(s.get("inode") == sys.argv[2] for s in json.load(open(sys.argv[1]))["sources"]) else 1)' "$S" "$ino" 2>/dev/null; do
		[ "$(now_us)" -lt "$deadline" ] || fail "the state file never named $1 (inode $ino)"
		sleep 0.1
	done
}
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

# rotated while the server is down (after kill -9). The server writes the
# state after a file switch once its sources are idle (README, "Exactly
# once"); a kill -9 before that write leaves it naming the deleted file, and
# the lines of its successor read by then are not found again (a known gap).
add "$F"
wait_metric "$SERIES" $n 3
wait_state_names "$F"
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
