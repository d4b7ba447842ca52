#!/usr/bin/env bash
# Kubernetes names without a runtime socket: serve --kubernetes.pods-dir on
# the fixture tree tests/data/k8s/log names the pod of a CRI-O memcg kill
# (tests/data/kernel/memcg-v2-crio-besteffort.log, whose cgroup carries the
# pod UID and container id): one oomscan_pod_events_total series with
# namespace, pod and container, no container series beside it (sum() is 1),
# and the names in the event JSON and the event's log line. Without the flag
# the pod UID and short id stand in.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
log=$src/tests/data/kernel/memcg-v2-crio-besteffort.log
port=$(free_port) || exit 1

run() { # run OUT [FLAGS...]: serve the log, scrape /metrics and the events API
	local out=$1
	shift
	"$bin" serve --state-file "" --web.listen-address "127.0.0.1:$port" "$@" - < "$log" 2> "$out.log" &
	pid=$!
	wait_for 10 sh -c "curl -sf 'http://127.0.0.1:$port/metrics' | grep -q '^oomscan_events_total{kind=\"memcg_oom_kill\"} 1$'"
	curl -sf "http://127.0.0.1:$port/metrics" > "$out.prom"
	curl -sf "http://127.0.0.1:$port/api/v1/events" > "$out.json"
	kill "$pid"; wait "$pid"; pid=
}

run "$tmp/named" --kubernetes.pods-dir "$src/tests/data/k8s/log/pods"
check "pod series named" grep -qx \
	'oomscan_pod_events_total{kind="memcg_oom_kill",namespace="shop",pod="cart-7d4b9",container="redis"} 1' "$tmp/named.prom"
check "sum over pods is 1" sh -c "[ \$(grep -c '^oomscan_pod_events_total{' '$tmp/named.prom') -eq 1 ]"
check "no container series for a pod's kill" sh -c "! grep -q '^oomscan_container_events_total{' '$tmp/named.prom'"
check "no workload family" sh -c "! grep -q oomscan_workload_events_total '$tmp/named.prom'"
check "event JSON has the names" python3 - "$tmp/named.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["data"]
assert len(ev) == 1, ev
e = ev[0]
assert (e["namespace"], e["pod"], e["container"]) == ("shop", "cart-7d4b9", "redis"), e
assert e["pod_uid"] == "6d5c4b3a-2f1e-4d0c-8b9a-7f6e5d4c3b2a", e
PY
check "log line has the names" grep -q 'msg="oom event" .* namespace=shop pod=cart-7d4b9 container=redis ' "$tmp/named.log"

run "$tmp/plain"
check "without names: UID and short id" grep -qx \
	'oomscan_pod_events_total{kind="memcg_oom_kill",namespace="",pod="6d5c4b3a-2f1e-4d0c-8b9a-7f6e5d4c3b2a",container="5c2a1e9f8d7b"} 1' "$tmp/plain.prom"

# A missing tree is a warning, not a failure: the kill is still counted.
run "$tmp/missing" --kubernetes.pods-dir "$tmp/nonexistent"
check "missing tree: warned" grep -q "cannot read $tmp/nonexistent" "$tmp/missing.log"
check "missing tree: still counted" grep -q '^oomscan_pod_events_total{kind="memcg_oom_kill",namespace="",pod="6d5c4b3a' "$tmp/missing.prom"
"$bin" serve --kubernetes.refresh 0 > /dev/null 2>&1; rc=$?
check "--kubernetes.refresh 0 is exit 2" [ $rc -eq 2 ]
exit $fail
