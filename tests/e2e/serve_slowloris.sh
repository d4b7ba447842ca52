#!/bin/bash
# serve_slowloris.sh - slow clients cannot starve /metrics: 100 connections
# that each send one header line every 2 s (reconnecting when closed) stay
# open against the default --web.max-requests 40, and every scrape made
# meanwhile is answered within 1 s; a request head that trickles in is cut at
# its deadline however often bytes arrive. Loopback only; about 20 s.
set -u
. "$(dirname "$0")/serve_common.bash"

: >"$T/kern.log"
start_serve --state-file "" --follow "$T/kern.log"

cat >"$T/slow.py" <<'PY'
import socket, sys, time
port, n, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
def conn():
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    return s
socks = []
for i in range(n):
    try:
        socks.append(conn())
    except OSError:
        socks.append(None)
end = time.time() + secs
reconnects = 0
while time.time() < end:
    for i, s in enumerate(socks):
        try:
            if s is None:
                raise OSError
            s.sendall(b"X-Slow: %d\r\n" % i)
        except OSError:
            reconnects += 1
            try:
                socks[i] = conn()
            except OSError:
                socks[i] = None
    time.sleep(2)
print(reconnects)
PY
python3 "$T/slow.py" "$PORT" 100 14 >"$T/slow.out" 2>&1 &
SLOW_PID=$!
EXTRA_CLEANUP='kill $SLOW_PID 2>/dev/null'
sleep 1.5

ok=0
for i in $(seq 1 10); do
	start=$(date +%s%N)
	if curl -fsS -m 1 "$BASE/metrics" -o "$T/m.txt" && grep -q '^oomscan_events_total' "$T/m.txt"; then
		ok=$((ok + 1))
	else
		echo "scrape $i failed after $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
	fi
	sleep 1
done
[ "$ok" -eq 10 ] || fail "$ok of 10 scrapes answered within 1 s under slowloris"
echo "ok   10 of 10 scrapes answered within 1 s while 100 slow connections trickle"

# One connection trickling a header line every second is closed at the head
# deadline (10 s), not kept forever.
python3 - "$PORT" <<'PY' || fail "a trickling request head was not cut at its deadline"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3)
s.sendall(b"GET /metrics HTTP/1.1\r\n")
t0 = time.time()
try:
    while time.time() - t0 < 25:
        s.sendall(b"X-A: b\r\n")
        time.sleep(1)
except OSError:
    dt = time.time() - t0
    assert dt < 13, dt
    print("ok   trickling head closed after %.1f s" % dt)
    sys.exit(0)
sys.exit(1)
PY
wait "$SLOW_PID" 2>/dev/null
EXTRA_CLEANUP=
kill -0 "$SERVE_PID" || fail "oomscan serve died"
exit 0
