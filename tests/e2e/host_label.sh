#!/usr/bin/env bash
# --host-label on a central syslog file (tests/data/samples/kern.log: three
# hosts): serve labels every series with its host and counts each host once
# in oomscan_host_events_total; the counts survive a restart through the
# state file; batch --format prom gives the same host series.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
cp "$src/tests/data/samples/kern.log" "$tmp/syslog"
port=$(free_port) || exit 1
serve() {
	"$bin" serve --host-label --from-start --follow "$tmp/syslog" --state-file "$tmp/state.json" \
		--web.listen-address "127.0.0.1:$port" 2>> "$tmp/log" &
	pid=$!
	wait_for 10 sh -c "curl -sf 'http://127.0.0.1:$port/metrics' > '$tmp/m' && grep -q 'host=\"build07\"' '$tmp/m'"
	curl -sf "http://127.0.0.1:$port/metrics" > "$1"
}
serve "$tmp/m1"
for h in web01 build07 ip-172-19-13-114; do
	check "host $h counted once" sh -c "[ \$(awk '/^oomscan_host_events_total\\{.*host=\"$h\"/ { s += \$2 } END { print s + 0 }' '$tmp/m1') -eq 1 ]"
done
check "process series carry the host" grep -qx 'oomscan_process_events_total{kind="oom_kill",host="web01",comm="doxygen"} 1' "$tmp/m1"
kill "$pid"; wait "$pid"; pid=
serve "$tmp/m2"
check "restart: same host counts" bash -c "diff <(grep '^oomscan_host_events_total{' '$tmp/m1') <(grep '^oomscan_host_events_total{' '$tmp/m2')"
kill "$pid"; wait "$pid"; pid=
"$bin" --host-label --format prom "$tmp/syslog" > "$tmp/batch.prom"
check "batch gives the same host series" bash -c "diff <(grep '^oomscan_host_events_total{' '$tmp/m1') <(grep '^oomscan_host_events_total{' '$tmp/batch.prom')"
"$bin" --format prom "$tmp/syslog" > "$tmp/plain.prom"
check "no host label without the flag" sh -c "! grep -q 'host=' '$tmp/plain.prom'"
exit $fail
