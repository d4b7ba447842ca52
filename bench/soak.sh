#!/usr/bin/env bash
# soak.sh - `oomscan serve` under sustained load, not run by ctest:
#
#   bench/soak.sh [SECONDS]        (default 60; OOMSCAN_BIN picks the binary)
#
# For SECONDS: 1,000 one-line kills a second are appended to a followed file
# (SOAK_RATE), the file is rotated (rename and create) every 5-12 s, 256
# client threads scrape /metrics in a loop (SOAK_CONNS), and the server is
# killed with SIGKILL at random moments (every 3-8 s) and restarted on the
# same state file, except in the last quarter of the run. It then checks:
#   - every kill written is counted exactly once (oomscan_events_total, the
#     ledger in /api/v1/summary, and batch over all the rotated files);
#   - no scrape ever saw oomscan_events_total lower than an earlier scrape
#     of the same client thread;
#   - the resident memory of the last server stays flat over the quiet
#     quarter (at most 10% or 2 MiB above its first sample there).
# Prints one summary line (the README quotes it). Loopback only; exit 1 on
# any failed check.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${OOMSCAN_BIN:-$src/build/oomscan}
dur=${1:-60}
rate=${SOAK_RATE:-1000}
conns=${SOAK_CONNS:-256}
[ -x "$bin" ] || { echo "no oomscan binary at $bin (set OOMSCAN_BIN)" >&2; exit 2; }
. "$src/tests/e2e/lib.bash"

T=$(mktemp -d /tmp/oomscan-soak.XXXXXX)
PID=
WRITER=
SCRAPER=
cleanup() {
	[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null
	[ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null
	[ -n "$SCRAPER" ] && kill "$SCRAPER" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -n 20 "$T"/serve.*.log 2>/dev/null | tail -n 20 >&2; exit 1; }

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
F="$T/kern.log"
: >"$F"
starts=0
start() {
	starts=$((starts + 1))
	"$bin" serve --follow "$F" --state-file "$T/state.json" --from-start \
		--web.listen-address "127.0.0.1:$PORT" --web.max-requests $((conns + 64)) \
		>"$T/serve.$starts.log" 2>&1 &
	PID=$!
	for _ in $(seq 1 300); do
		curl -fsS -m 1 "$BASE/-/healthy" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	fail "serve did not start"
}

# The writer: RATE kills a second for DUR seconds, rotating now and then.
python3 - "$F" "$dur" "$rate" >"$T/writer.out" <<'PY' &
import os, random, sys, time
path, dur, rate = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(8)
total = int(dur * rate)
start = time.time()
next_rot = start + rnd.uniform(5, 12)
rotations = 0
f = open(path, "a")
for i in range(total):
    if i % 50 == 0:
        delay = start + i / rate - time.time()
        if delay > 0:
            time.sleep(delay)
        if time.time() >= next_rot:
            f.close()
            rotations += 1
            os.rename(path, "%s.%d" % (path, rotations))
            f = open(path, "a")
            next_rot = time.time() + rnd.uniform(5, 12)
    f.write("Nov  1 10:%02d:%02d web%d kernel: [%d.000000] Out of memory: Killed process %d (soak) "
            "total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
            % (i // 60 % 60, i % 60, i % 9, 1000 + i, 1000000 + i))
    if i % 50 == 49:
        f.flush()
f.close()
print(total, rotations)
PY
WRITER=$!

# The scrapers: CONNS threads, each checking its own sequence never goes down.
python3 - "$BASE" "$conns" "$T/stop" >"$T/scraper.out" <<'PY' &
import http.client, os, sys, threading, time
base, conns, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3]
host, port = base[len("http://"):].split(":")
lock = threading.Lock()
stats = {"ok": 0, "err": 0, "down": 0}
def run():
    last = 0
    while not os.path.exists(stop):
        try:
            c = http.client.HTTPConnection(host, int(port), timeout=5)
            c.request("GET", "/metrics")
            body = c.getresponse().read().decode()
            c.close()
            v = 0
            for line in body.splitlines():
                if line.startswith('oomscan_events_total{kind="oom_kill"}'):
                    v = int(float(line.split()[1]))
            with lock:
                stats["ok"] += 1
                if v < last:
                    stats["down"] += 1
            last = max(last, v)
        except Exception:
            with lock:
                stats["err"] += 1
            time.sleep(0.05)
ts = [threading.Thread(target=run, daemon=True) for _ in range(conns)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(stats["ok"], stats["err"], stats["down"])
PY
SCRAPER=$!

start
t0=$SECONDS
quiet_from=$((dur * 3 / 4))
kills=0
rss=()
while kill -0 "$WRITER" 2>/dev/null; do
	el=$((SECONDS - t0))
	if [ "$el" -lt "$quiet_from" ]; then
		sleep "$(python3 -c 'import random; print(round(random.uniform(3, 8), 2))')"
		[ $((SECONDS - t0)) -lt "$quiet_from" ] || continue
		kill -9 "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		kills=$((kills + 1))
		start
	else
		rss+=("$(awk '/^VmRSS/ { print $2 }' "/proc/$PID/status")")
		sleep 1
	fi
done
wait "$WRITER"
WRITER=
read -r total rotations <"$T/writer.out"
want=$total
for _ in $(seq 1 300); do
	v=$(curl -fsS -m 2 "$BASE/metrics" | awk '$1 == "oomscan_events_total{kind=\"oom_kill\"}" { print $2 }')
	[ "$v" = "$want" ] && break
	sleep 0.1
done
touch "$T/stop"
wait "$SCRAPER"
SCRAPER=
read -r scrapes errors down <"$T/scraper.out"
summary=$(curl -fsS -m 2 "$BASE/api/v1/summary")
kill -TERM "$PID"
wait "$PID"
PID=
batch=$(cat "$F".* "$F" 2>/dev/null | "$bin" --format json - | python3 -c '
import json, sys; print(json.load(sys.stdin)["summary"]["events_by_kind"]["oom_kill"])')

ok=1
[ "$v" = "$want" ] || { echo "serve counted $v kills, want $want" >&2; ok=0; }
[ "$batch" = "$want" ] || { echo "batch counted $batch kills, want $want" >&2; ok=0; }
[ "$down" = 0 ] || { echo "$down scrapes saw the counter go down" >&2; ok=0; }
printf '%s' "$summary" | python3 -c '
import json, sys
l = json.load(sys.stdin)["data"]["ledger"]
assert l["balanced"] and l["events"] == int(sys.argv[1]), l
' "$want" || { echo "the ledger does not balance" >&2; ok=0; }
first=${rss[1]:-${rss[0]:-0}}
max=0
for r in "${rss[@]}"; do [ "$r" -gt "$max" ] && max=$r; done
if [ "$max" -gt $((first * 11 / 10)) ] && [ "$max" -gt $((first + 2048)) ]; then
	echo "RSS grew from $first kB to $max kB in the quiet quarter" >&2
	ok=0
fi
echo "soak ${dur}s: $want kills at ${rate}/s, $rotations rotations, $kills kill -9 restarts," \
	"$conns scrapers: $scrapes scrapes ($errors refused during restarts, $down lower)," \
	"serve $v, batch $batch, RSS ${first}-${max} kB over the last $((dur - quiet_from)) s:" \
	"$([ $ok = 1 ] && echo exact || echo FAILED)"
[ $ok = 1 ]
