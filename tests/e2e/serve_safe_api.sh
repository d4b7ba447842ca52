#!/bin/bash
# serve_safe_api.sh - the JSON API stays valid UTF-8 for events with invalid
# bytes and NULs and for error bodies that echo a query value; dates that do
# not exist are refused; standard input's last line counts without a newline
# once the input ends, and oomscan_source_up then goes to 0. Loopback only;
# a few seconds.
set -u
. "$(dirname "$0")/serve_common.bash"

F="$T/kern.log"
printf 'Jan  1 00:00:01 h kernel: [ 1.0] Out of memory: Killed process 123 (bad\xff\xfe\xc0\x80me) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB\n' >"$F"
printf 'Jan  1 00:00:02 h kernel: [ 2.0] Out of memory: Killed process 124 (nu\x00l\x1b[2Jl) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB\n' >>"$F"
start_serve --state-file "" --follow "$F" --from-start
wait_for 5 sh -c "curl -fsS '$BASE/metrics' | grep -q '^oomscan_events_total{kind=\"oom_kill\"} 2'" ||
	fail "the two kills were not counted"

curl -sS -m 2 "$BASE/api/v1/events" >"$T/ev.json"
python3 - "$T/ev.json" <<'PY' || fail "/api/v1/events is not valid UTF-8 JSON with the NUL kept"
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
comms = sorted(e["comm"] for e in d["data"])
assert comms == ["bad\ufffd\ufffd\ufffd\ufffdme", "nu\x00ll"], comms  # the paste's escape sequence is read away
PY
echo "ok   /api/v1/events valid UTF-8, NUL as \\u0000"
curl -sS -m 2 "$BASE/api/v1/summary" -o "$T/sum.json"
python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$T/sum.json" ||
	fail "/api/v1/summary is not valid UTF-8 JSON"
echo "ok   /api/v1/summary valid UTF-8"

code=$(curl -sS -m 2 -o "$T/err.json" -w '%{http_code}' "$BASE/api/v1/events?kind=%FF%FEx%C0%AF")
[ "$code" = 400 ] || fail "bad kind gave $code"
python3 - "$T/err.json" <<'PY' || fail "the error body echoing the kind is not valid UTF-8 JSON"
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d["status"] == "error" and "\ufffd" in d["error"], d
PY
echo "ok   error body echoing invalid bytes is valid UTF-8"
for q in "since=2024-02-30T00:00:00Z" "until=2023-02-29T00:00:00Z" "since=2024-04-31T10:00:00%2B02:00"; do
	code=$(curl -sS -m 2 -o /dev/null -w '%{http_code}' "$BASE/api/v1/events?$q")
	[ "$code" = 400 ] || fail "$q gave $code, not 400"
done
code=$(curl -sS -m 2 -o /dev/null -w '%{http_code}' "$BASE/api/v1/events?since=2024-02-29T00:00:00Z")
[ "$code" = 200 ] || fail "a real leap day gave $code"
echo "ok   dates that do not exist refused"
stop_serve

# Standard input: the last line has no newline; once the writer closes,
# it counts and the source is down.
mkfifo "$T/in"
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
(
	printf 'Jan  1 00:00:01 h kernel: [ 1.0] Out of memory: Killed process 7 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n'
	printf 'Jan  1 00:00:02 h kernel: [ 2.0] Out of memory: Killed process 8 (b) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB'
	sleep 2
) >"$T/in" &
WRITER=$!
EXTRA_CLEANUP='kill $WRITER 2>/dev/null'
# Not start_serve: a background job's standard input must be named on it.
SERVE_LOG="$T/serve.stdin.log"
"$OOMSCAN_BIN" serve --web.listen-address "127.0.0.1:$PORT" --state-file "" - <"$T/in" >"$SERVE_LOG" 2>&1 &
SERVE_PID=$!
wait_for 10 curl -fsS -m 1 -o /dev/null "$BASE/-/healthy" || fail "serve on stdin did not answer"
wait_for 3 sh -c "curl -fsS '$BASE/metrics' | grep -q '^oomscan_events_total{kind=\"oom_kill\"} 1'" ||
	fail "the first stdin kill was not counted"
curl -fsS "$BASE/metrics" | grep -q '^oomscan_source_up{source="-"} 1' || fail "stdin not up while open"
wait "$WRITER"
EXTRA_CLEANUP=
wait_for 5 sh -c "curl -fsS '$BASE/metrics' | grep -q '^oomscan_source_up{source=\"-\"} 0'" ||
	fail "oomscan_source_up stayed 1 after standard input ended"
curl -fsS "$BASE/metrics" | grep -q '^oomscan_events_total{kind="oom_kill"} 2' ||
	fail "the last stdin line without a newline was not counted at the end"
echo "ok   stdin: last line counted at its end, source_up 0"
stop_serve
exit 0
