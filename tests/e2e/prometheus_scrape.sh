#!/usr/bin/env bash
# prometheus_scrape.sh - a real Prometheus scrapes `oomscan serve`.
#
# Starts `oomscan serve` following an empty log file and Debian's prometheus
# (loopback only, temporary config and storage, scrape_interval 1s), checks a
# live scrape with `promtool check metrics`, appends a real memcg OOM report
# from the shared corpus, and asserts through Prometheus's query API that
# oomscan_events_total{kind="memcg_oom_kill"} rose by exactly the number of
# memcg kills in the report's truth file. Every wait is bounded; both
# processes are stopped by pid on exit. Exit 77 (skip) when prometheus, curl
# or jq are not installed.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

BIN=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
SRC=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
REPORT=${OOMSCAN_CORPUS:-/work/shared/corpus}/kernel/003-lkml-memcg-v1-5.2-no-cpuset-field.log
TRUTH=${REPORT%.log}.truth.json

for tool in prometheus curl jq; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done
if [ ! -r "$REPORT" ]; then
	echo "SKIP: no memcg OOM report to append ($REPORT)"
	exit 77
fi

TMP=$(mktemp -d /tmp/oomscan-prom-e2e.XXXXXX)
SERVE_PID=
PROM_PID=
cleanup() {
	[ -n "$PROM_PID" ] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
	[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "--- oomscan serve log:"; tail -n 30 "$TMP/serve.log" 2>/dev/null
	echo "--- prometheus log:"; tail -n 30 "$TMP/prometheus.log" 2>/dev/null
	exit 1
}



P1=$(free_port) || fail "no free port"
P2=$(free_port) || fail "no free port"
[ "$P1" != "$P2" ] || P2=$(( P1 + 1 ))

LOG=$TMP/kern.log
: > "$LOG"
"$BIN" serve --follow "$LOG" --from-start --state-file "$TMP/state.json" \
	--web.listen-address "127.0.0.1:$P1" >"$TMP/serve.log" 2>&1 &
SERVE_PID=$!

ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P1/-/ready")" = 200 ]; }
wait_for 20 ready || fail "oomscan serve never became ready on port $P1"

# A live scrape passes promtool's parser and linter.
curl -sf "http://127.0.0.1:$P1/metrics" > "$TMP/scrape.txt" || fail "GET /metrics failed"
if command -v promtool >/dev/null 2>&1; then
	out=$(promtool check metrics < "$TMP/scrape.txt" 2>&1) || fail "promtool check metrics: $out"
	[ -z "$out" ] || fail "promtool check metrics found problems: $out"
fi
grep -q '^process_start_time_seconds ' "$TMP/scrape.txt" || fail "no process_* metrics"
# Prometheus's own Accept header gets OpenMetrics (so the scrapes below go
# through Prometheus's OpenMetrics parser), gzip-compressed.
ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
ct=$(curl -s -o "$TMP/om.gz" -w '%{content_type}' -H "Accept: $ACCEPT" -H 'Accept-Encoding: gzip' \
	"http://127.0.0.1:$P1/metrics")
[ "$ct" = "application/openmetrics-text; version=1.0.0; charset=utf-8" ] || fail "OpenMetrics not negotiated: $ct"
[ "$(gzip -dc "$TMP/om.gz" | tail -n 1)" = "# EOF" ] || fail "the OpenMetrics body is not gzip or lacks # EOF"

cat > "$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: oomscan
    static_configs:
      - targets: ['127.0.0.1:$P1']
EOF
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
	--web.listen-address="127.0.0.1:$P2" --log.level=warn >"$TMP/prometheus.log" 2>&1 &
PROM_PID=$!

# query EXPR: prints the first result's value, or nothing.
query() {
	curl -s --max-time 5 --get --data-urlencode "query=$1" \
		"http://127.0.0.1:$P2/api/v1/query" | jq -r '.data.result[0].value[1] // empty' 2>/dev/null
}
METRIC='oomscan_events_total{job="oomscan",kind="memcg_oom_kill"}'
scraped() { [ "$(query 'up{job="oomscan"}')" = 1 ] && [ -n "$(query "$METRIC")" ]; }
wait_for 60 scraped || fail "Prometheus never scraped oomscan successfully"
before=$(query "$METRIC")

want=1
if [ -r "$TRUTH" ]; then
	want=$(jq '[.events[] | select(.kind == "memcg_oom_kill")] | length' "$TRUTH")
fi
[ "$want" -ge 1 ] || fail "the report has no memcg kill in its truth file"
expect=$(( ${before%.*} + want ))

cat "$REPORT" >> "$LOG"

rose() { [ "$(query "$METRIC")" = "$expect" ]; }
wait_for 60 rose || fail "oomscan_events_total{kind=\"memcg_oom_kill\"} is $(query "$METRIC"), want $expect (was $before)"

# Still exactly that after a few more scrapes (no double counting).
sleep 3
now=$(query "$METRIC")
[ "$now" = "$expect" ] || fail "the counter moved on to $now, want $expect"
[ "$(query 'oomscan_events_total{job="oomscan",kind="oom_kill"}')" = 0 ] ||
	fail "a memcg kill was also counted as a global kill"
[ "$(query 'up{job="oomscan"}')" = 1 ] || fail "scrapes started failing"

# The scrape Prometheus made used OpenMetrics (it asks for it first); the
# same data served as text still passes promtool.
curl -sf "http://127.0.0.1:$P1/metrics" > "$TMP/scrape2.txt" || fail "GET /metrics failed"
grep -q "^oomscan_events_total{kind=\"memcg_oom_kill\"} $want\$" "$TMP/scrape2.txt" ||
	fail "the exporter's own count differs"
if command -v promtool >/dev/null 2>&1; then
	out=$(promtool check metrics < "$TMP/scrape2.txt" 2>&1) || fail "promtool check metrics: $out"
	[ -z "$out" ] || fail "promtool check metrics found problems: $out"
fi

# The JSON API has the event.
n=$(curl -sf "http://127.0.0.1:$P1/api/v1/events?kind=memcg_oom_kill" | jq '.data | length')
[ "$n" = "$want" ] || fail "/api/v1/events has $n memcg kills, want $want"

echo "PASS: Prometheus saw oomscan_events_total{kind=\"memcg_oom_kill\"} go $before -> $now"
exit 0
