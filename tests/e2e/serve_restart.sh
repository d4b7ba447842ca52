#!/bin/bash
# serve_restart.sh - exactly once across kill -9: `oomscan serve --follow`
# on a file that real kernel OOM reports are appended to, killed with
# SIGKILL at varying moments between and right after events and restarted
# on the same state file. Every event is counted once, none is lost, and no
# scrape ever sees a counter go down. Loopback only; bounded in time.
set -u
. "$(dirname "$0")/serve_common.bash"

F="$T/kern.log"
S="$T/state.json"
SERIES='oomscan_events_total{kind="memcg_oom_kill"}'
LINES="oomscan_source_lines_total{source=\"$F\"}"
: >"$F"

start_serve --follow "$F" --state-file "$S" --from-start
[ "$(metric "$SERIES")" = 0 ] || fail "fresh start does not begin at 0"

report 1001 2000 >>"$F"
wait_metric "$SERIES" 1 3
report 1002 2001 >>"$F"
wait_metric "$SERIES" 2 3
want_lines=$(wc -l <"$F")
wait_metric "$LINES" "$want_lines" 3

# The event is in the API with its pid and comm.
curl -fsS -m 2 "$BASE/api/v1/events" | python3 -c '
import json, sys
ev = json.load(sys.stdin)["data"]
pids = sorted(e["pid"] for e in ev if e["kind"] == "memcg_oom_kill")
assert pids == [1001, 1002], pids
assert all(e["comm"] == "perl" for e in ev), ev
' || fail "/api/v1/events does not list pids 1001 and 1002"

# kill -9 at different moments: right after an append, a little later,
# after the state had time to be written.
expected=2
last=2
for delay in 0 0.05 0.2 0.5 1.5 0 2.5; do
	expected=$((expected + 1))
	report $((1000 + expected)) $((2000 + expected)) >>"$F"
	sleep "$delay"
	v=$(metric "$SERIES")
	if [ -n "$v" ] && [ "$v" -lt "$last" ]; then
		fail "counter went down from $last to $v"
	fi
	[ -n "$v" ] && last=$v
	kill9_serve
	start_serve --follow "$F" --state-file "$S"
	v=$(metric "$SERIES")
	[ "$v" -ge "$last" ] || fail "after restart the counter is $v, was $last"
	wait_metric "$SERIES" "$expected" 3
	last=$expected
done
want_lines=$(wc -l <"$F")
wait_metric "$LINES" "$want_lines" 3

# A clean stop writes the state; a restart continues from it exactly.
stop_serve
python3 - "$S" "$expected" <<'PY' || fail "state file does not hold the counters"
import json, sys
st = json.load(open(sys.argv[1]))
assert st["counters"]["events"]["memcg_oom_kill"] == int(sys.argv[2]), st["counters"]["events"]
PY
start_serve --follow "$F" --state-file "$S"
wait_metric "$SERIES" "$expected" 3
report 2001 3000 >>"$F"
wait_metric "$SERIES" $((expected + 1)) 3

# A corrupt state file: a warning, a fresh start, still serving.
stop_serve
echo '{"version": 1, "sources": [' >"$S"
start_serve --follow "$F" --state-file "$S"
grep -q 'state file' "$SERVE_LOG" || fail "no warning about the corrupt state file"
[ "$(metric "$SERIES")" = 0 ] || fail "fresh start after a corrupt state does not begin at 0"
report 2002 3001 >>"$F"
wait_metric "$SERIES" 1 3
echo "PASS: $expected events over $N_START starts, each counted once"
