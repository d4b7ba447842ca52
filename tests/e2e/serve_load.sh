#!/bin/bash
# serve_load.sh - nothing lost, nothing doubled under load (issue 8):
#  1. a burst of 4,000 one-line kills in a followed file (2,000 read
#     --from-start, 2,000 appended at once) is counted exactly by serve and
#     by batch, and the ledger in /api/v1/summary balances;
#  2. kill -9 every ~1.5 s for 12 s while 200 kills/s are appended: every
#     kill is counted exactly once at the end and no scrape between restarts
#     ever sees a counter lower than before;
#  3. 100,000 hosts each with an open report: every host the assembler gives
#     up is a counted incomplete report, none is dropped, the rest are open
#     in the ledger.
# Loopback only; bounded in time (about 30 s).
set -u
. "$(dirname "$0")/serve_common.bash"

SERIES='oomscan_events_total{kind="oom_kill"}'

# kills FIRST COUNT: COUNT one-line kernel kill records with pids from FIRST.
kills() {
	python3 - "$1" "$2" <<'PY'
import sys
first, n = int(sys.argv[1]), int(sys.argv[2])
out = []
for i in range(first, first + n):
    out.append("Nov  1 10:%02d:%02d web%d kernel: [%d.000000] Out of memory: Killed process %d (stress) "
               "total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
               % (i // 60 % 60, i % 60, i % 7, 1000 + i, 100000 + i))
sys.stdout.write("".join(out))
PY
}

# summary_check WANT: /api/v1/summary counts WANT oom_kill events and its
# ledger balances with nothing dropped.
summary_check() {
	curl -fsS -m 2 "$BASE/api/v1/summary" | python3 -c '
import json, sys
d = json.load(sys.stdin)["data"]
want = int(sys.argv[1])
assert d["events_by_kind"]["oom_kill"] == want, d["events_by_kind"]
l = d["ledger"]
assert l["events"] == want and l["anchors"] == want, l
assert l["open"] == 0 and l["balanced"], l
assert d["events_dropped"] == 0 and d["notes_dropped"] == 0, d
' "$1" || fail "/api/v1/summary does not hold $1 kills with a balanced ledger"
}

# --- 1. the 4,000-kill burst ------------------------------------------------
F="$T/burst.log"
kills 0 2000 >"$F"
start_serve --follow "$F" --state-file "$T/burst.json" --from-start
wait_metric "$SERIES" 2000 10
kills 2000 2000 >>"$F"
wait_metric "$SERIES" 4000 10
summary_check 4000
[ "$(metric oomscan_events_dropped_total)" = 0 ] || fail "serve dropped events"
stop_serve
n=$("$OOMSCAN_BIN" --format jsonl "$F" | grep -c '"kind":"oom_kill"')
[ "$n" = 4000 ] || fail "batch counts $n kills in the burst, want 4000"

# --- 2. kill -9 under 200 appended kills/s ------------------------------------
F="$T/load.log"
S="$T/load.json"
TOTAL=2400
: >"$F"
python3 - "$F" "$TOTAL" <<'PY' &
import sys, time, subprocess
path, total = sys.argv[1], int(sys.argv[2])
start = time.time()
with open(path, "a") as f:
    for i in range(total):
        # 200 a second, written in small bursts of 10.
        if i % 10 == 0:
            delay = start + i / 200.0 - time.time()
            if delay > 0:
                time.sleep(delay)
        f.write("Nov  1 10:%02d:%02d web%d kernel: [%d.000000] Out of memory: Killed process %d (stress) "
                "total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n"
                % (i // 60 % 60, i % 60, i % 5, 5000 + i, 300000 + i))
        if i % 10 == 9:
            f.flush()
PY
WRITER=$!
EXTRA_CLEANUP="kill $WRITER 2>/dev/null"
last=0
restarts=0
start_serve --follow "$F" --state-file "$S" --from-start
end=$((SECONDS + 12))
while [ $SECONDS -lt $end ]; do
	# Scrape for about 1.5 s, then kill -9.
	until_ms=$(( $(date +%s%3N) + 1500 ))
	while [ "$(date +%s%3N)" -lt "$until_ms" ]; do
		v=$(metric "$SERIES")
		if [ -n "$v" ]; then
			[ "$v" -ge "$last" ] || fail "counter went down from $last to $v"
			last=$v
		fi
		sleep 0.2
	done
	kill9_serve
	restarts=$((restarts + 1))
	start_serve --follow "$F" --state-file "$S"
	v=$(metric "$SERIES")
	[ -n "$v" ] && [ "$v" -ge "$last" ] || fail "after restart $restarts the counter is '$v', was $last"
	last=$v
done
wait "$WRITER"
EXTRA_CLEANUP=
[ "$(wc -l <"$F")" = "$TOTAL" ] || fail "the writer did not write $TOTAL lines"
wait_metric "$SERIES" "$TOTAL" 10
summary_check "$TOTAL"
stop_serve
n=$("$OOMSCAN_BIN" --format jsonl "$F" | grep -c '"kind":"oom_kill"')
[ "$n" = "$TOTAL" ] || fail "batch counts $n kills, want $TOTAL"
[ "$restarts" -ge 3 ] || fail "only $restarts restarts in 12 s"
# --- 3. 100,000 hosts with half reports ---------------------------------------
F="$T/hosts.log"
python3 - >"$F" <<'PY'
import sys
out = ["Nov  1 10:00:00 h%06d kernel: [100.000000] stress invoked oom-killer: "
       "gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n" % i for i in range(100000)]
out.append("Nov  1 10:00:01 h000000 kernel: [101.000000] Out of memory: Killed process 4242 (stress) "
           "total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0\n")
sys.stdout.write("".join(out))
PY
start_serve --follow "$F" --state-file "$T/hosts.json" --from-start
wait_metric "oomscan_source_lines_total{source=\"$F\"}" 100001 20
wait_metric "$SERIES" 1 5
curl -fsS -m 2 "$BASE/api/v1/summary" | python3 -c '
import json, sys
d = json.load(sys.stdin)["data"]
l = d["ledger"]
assert d["events_by_kind"]["oom_kill"] == 1 and l["events"] == 1, d["events_by_kind"]
assert l["anchors"] == 100001, l
# Evicted hosts are incomplete reports; the hosts still tracked stay open.
assert l["incomplete"] + l["open"] == 100000 and 0 < l["open"] <= 256, l
assert d["incomplete"] == l["incomplete"] and d["hosts_evicted"] >= 100000 - 256, d
assert d["events_dropped"] == 0 and d["notes_dropped"] == 0, d
' || fail "100,000 open reports: notes lost or uncounted"
[ "$(metric oomscan_notes_dropped_total)" = 0 ] || fail "serve dropped notes"
stop_serve

echo "PASS: burst of 4000 exact; $TOTAL kills at 200/s through $restarts kill -9 restarts, exact and never lower; 100,000 open reports counted"
