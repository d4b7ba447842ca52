#!/usr/bin/env bash
# prometheus_rules.sh - the dashboards/ folder against promtool and the
# exporter: `promtool check rules` and `promtool test rules` on the alert
# rules, the Grafana dashboard is valid JSON with unique panel ids, and every
# metric name the dashboard and the rules query is one a live `oomscan serve`
# really exposes (sample names and families of its /metrics).
#
# Loopback only; every wait is bounded; serve is stopped by pid on exit.
# Exit 77 (skip) when promtool, jq or curl are not installed.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

BIN=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
SRC=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
DASH=$SRC/dashboards

for tool in promtool jq curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done

TMP=$(mktemp -d /tmp/oomscan-rules-e2e.XXXXXX)
SERVE_PID=
cleanup() {
	[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	[ -r "$TMP/serve.log" ] && { echo "--- oomscan serve log:"; tail -n 20 "$TMP/serve.log"; }
	exit 1
}

# 1. Alert rules: syntax and unit tests (run from dashboards/ so the test
# file's relative rule_files path resolves).
out=$(cd "$DASH" && promtool check rules alerts.yml 2>&1) || fail "promtool check rules: $out"
out=$(cd "$DASH" && promtool test rules alerts_test.yml 2>&1) || fail "promtool test rules: $out"
for a in OOMKillDetected CommitLimitReached OomscanSourceDown OomscanRecordsLost OomscanUnrecognisedLines; do
	grep -q "alert: $a\$" "$DASH/alerts.yml" || fail "alerts.yml lacks $a"
	grep -q "alertname: $a\$" "$DASH/alerts_test.yml" || fail "alerts_test.yml does not test $a"
done

# 2. The dashboard: valid JSON, unique panel ids, every panel placed and
# every query on the data source variable.
jq -e . "$DASH/oomscan.json" >/dev/null || fail "oomscan.json is not valid JSON"
dups=$(jq '[.panels[].id] | group_by(.) | map(select(length > 1)) | length' "$DASH/oomscan.json")
[ "$dups" = 0 ] || fail "oomscan.json has duplicate panel ids"
jq -e '[.panels[] | select(.gridPos == null)] | length == 0' "$DASH/oomscan.json" >/dev/null ||
	fail "a panel has no gridPos"
jq -e '[.panels[] | select(.type != "row") | .targets[]? | select(.datasource.uid != "${datasource}")] | length == 0' \
	"$DASH/oomscan.json" >/dev/null || fail "a query is not on the \${datasource} variable"
n=$(jq '[.panels[] | select(.type != "row")] | length' "$DASH/oomscan.json")
[ "$n" -ge 8 ] || fail "only $n panels"

# 3. The names the exporter exposes, from a live serve.
P=$(free_port) || fail "no free port"
: > "$TMP/kern.log"
"$BIN" serve --follow "$TMP/kern.log" --state-file "$TMP/state.json" \
	--web.listen-address "127.0.0.1:$P" >"$TMP/serve.log" 2>&1 &
SERVE_PID=$!
deadline=$(( $(date +%s) + 20 ))
until curl -sf "http://127.0.0.1:$P/metrics" > "$TMP/metrics.txt" 2>/dev/null; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "oomscan serve did not answer on port $P"
	sleep 0.2
done
{
	grep -v '^#' "$TMP/metrics.txt" | sed 's/[{ ].*//'
	sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' "$TMP/metrics.txt"
} | sort -u > "$TMP/exposed.txt"
[ "$(wc -l < "$TMP/exposed.txt")" -ge 20 ] || fail "too few metric names exposed"

# 4. Every metric the dashboard or the rules query is exposed.
{
	jq -r '.. | objects | (.expr?, .definition?) | strings' "$DASH/oomscan.json"
	sed -n 's/^ *expr: //p' "$DASH/alerts.yml"
} | grep -oE '\b(oomscan|process)_[a-z0-9_]+' | sort -u > "$TMP/queried.txt"
[ "$(wc -l < "$TMP/queried.txt")" -ge 10 ] || fail "too few metric names found in the queries"
missing=$(comm -23 "$TMP/queried.txt" "$TMP/exposed.txt")
[ -z "$missing" ] || fail "queried but not exposed by oomscan: $(echo $missing)"

echo "PASS: rules checked and tested; $(wc -l < "$TMP/queried.txt") queried metric names all exposed"
exit 0
