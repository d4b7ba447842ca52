# serve_common.bash - helpers for the tests/e2e/serve_*.sh scripts (sourced,
# not run): a temporary directory, a free loopback port, starting and
# killing `oomscan serve`, reading one series from /metrics, bounded waits.
# Everything started is killed by the EXIT trap.

: "${OOMSCAN_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
if [ -z "${OOMSCAN_BIN:-}" ] || [ ! -x "$OOMSCAN_BIN" ]; then
	echo "SKIP: OOMSCAN_BIN is not set to the built oomscan" >&2
	exit 77
fi
for tool in curl python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed" >&2
		exit 77
	fi
done

T=$(mktemp -d /tmp/oomscan-e2e.XXXXXX)
SERVE_PID=
EXTRA_CLEANUP=

cleanup() {
	if [ -n "$SERVE_PID" ]; then
		kill -9 "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
	fi
	if [ -n "$EXTRA_CLEANUP" ]; then
		eval "$EXTRA_CLEANUP"
	fi
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	if [ -n "${SERVE_LOG:-}" ] && [ -f "$SERVE_LOG" ]; then
		echo "--- server log:" >&2
		tail -n 30 "$SERVE_LOG" >&2
	fi
	exit 1
}

. "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
N_START=0

# start_serve ARGS...: starts the server on $PORT, waits until it answers.
start_serve() {
	N_START=$((N_START + 1))
	SERVE_LOG="$T/serve.$N_START.log"
	"$OOMSCAN_BIN" serve --web.listen-address "127.0.0.1:$PORT" --log.level debug "$@" \
		>"$SERVE_LOG" 2>&1 &
	SERVE_PID=$!
	local deadline=$((SECONDS + 15))
	while [ $SECONDS -lt $deadline ]; do
		if curl -fsS -m 1 "$BASE/-/healthy" >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$SERVE_PID" 2>/dev/null || fail "oomscan serve exited at start"
		sleep 0.05
	done
	fail "oomscan serve did not answer within 15 s"
}

kill9_serve() {
	kill -9 "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
	SERVE_PID=
}

stop_serve() {
	kill -TERM "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID"
	local rc=$?
	SERVE_PID=
	[ $rc -eq 0 ] || fail "oomscan serve exited $rc on SIGTERM"
}

# metric 'name{labels}': the value of that series, 0 when absent, "" when
# the scrape fails.
metric() {
	local body
	body=$(curl -fsS -m 2 "$BASE/metrics") || return 0
	printf '%s\n' "$body" | awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }'
}

# now_us: microseconds since the epoch, from bash's clock (no process).
now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	printf '%s\n' "$((10#$t))"
}

# wait_metric SERIES WANT SECONDS: waits until the series equals WANT
# (SECONDS a whole number).
wait_metric() {
	local deadline v
	deadline=$(($(now_us) + $3 * 1000000))
	while :; do
		v=$(metric "$1")
		[ "$v" = "$2" ] && return 0
		[ "$(now_us)" -lt "$deadline" ] || fail "$1 is '$v', want $2 within $3 s"
		sleep 0.05
	done
}

# report PID UPTIME_SECONDS: the real memcg OOM report of this repository's
# fixture, with the victim's pid and the timestamps changed.
report() {
	sed -e "s/18399/$1/g" -e "s/\[ 1538\./[$(printf '%5d' "$2")./" \
		"$OOMSCAN_SRC/tests/data/kernel/real-memcg-oom-6.18.log"
}
