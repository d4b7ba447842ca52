#!/bin/bash
# serve_kmsg_oom.sh - a real kernel OOM kill: a throwaway memory cgroup with
# a 32 MiB limit, a process that allocates 200 MiB in it, and
# `oomscan serve --kmsg` must report that pid and comm within 2 s in
# /metrics and /api/v1/events. Skips (77) where the machine does not allow
# it; removes the cgroup. Loopback only; bounded in time.
set -u
. "$(dirname "$0")/serve_common.bash"

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

[ "$(id -u)" = 0 ] || skip "not root: cannot create a memory cgroup"
[ -r /dev/kmsg ] || skip "/dev/kmsg cannot be read"
command -v perl >/dev/null 2>&1 || skip "perl is not installed"

LIMIT=$((32 * 1024 * 1024))
if [ -d /sys/fs/cgroup/memory ] && [ -w /sys/fs/cgroup/memory ]; then
	CG=/sys/fs/cgroup/memory/oomscan-test-$$
	mkdir "$CG" 2>/dev/null || skip "cannot create $CG"
	EXTRA_CLEANUP="rmdir '$CG' 2>/dev/null"
	echo $LIMIT >"$CG/memory.limit_in_bytes" 2>/dev/null ||
		skip "cannot write memory.limit_in_bytes"
	if [ -e "$CG/memory.memsw.limit_in_bytes" ]; then
		echo $LIMIT >"$CG/memory.memsw.limit_in_bytes" 2>/dev/null ||
			skip "cannot write memory.memsw.limit_in_bytes"
	fi
	# The kernel OOM killer must act (not just pause the group).
	[ -e "$CG/memory.oom_control" ] && echo 0 >"$CG/memory.oom_control" 2>/dev/null
	PROCS="$CG/cgroup.procs"
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
	grep -qw memory /sys/fs/cgroup/cgroup.subtree_control ||
		echo +memory >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
		skip "cannot enable the memory controller for child cgroups"
	CG=/sys/fs/cgroup/oomscan-test-$$
	mkdir "$CG" 2>/dev/null || skip "cannot create $CG"
	EXTRA_CLEANUP="rmdir '$CG' 2>/dev/null"
	echo $LIMIT >"$CG/memory.max" 2>/dev/null || skip "cannot write memory.max"
	[ -e "$CG/memory.swap.max" ] && echo 0 >"$CG/memory.swap.max" 2>/dev/null
	PROCS="$CG/cgroup.procs"
else
	skip "no memory cgroup controller (v1 or v2) is available"
fi

SERIES='oomscan_events_total{kind="memcg_oom_kill"}'
start_serve --kmsg --state-file "$T/state.json"
before=$(metric "$SERIES")
[ -n "$before" ] || fail "cannot scrape /metrics"

# The child puts itself in the cgroup, then becomes perl and allocates.
bash -c "echo \$\$ >'$PROCS' && exec perl -e '\$x = \"x\" x (200 * 1024 * 1024); print length(\$x), qq(\n)'" \
	>"$T/victim.out" 2>&1 &
VICTIM=$!
{ wait $VICTIM; } 2>/dev/null
rc=$?
if [ $rc -ne 137 ]; then
	skip "the allocation was not OOM-killed (exit $rc): the limit is not enforced here"
fi
t_killed=$(date +%s.%N)

# Within 2 s of the kill: the counter rose and the event names pid and comm.
deadline=$(python3 -c "print($t_killed + 2.0)")
ok=
while :; do
	v=$(metric "$SERIES")
	if [ -n "$v" ] && [ "$v" -gt "$before" ] &&
	   curl -fsS -m 1 "$BASE/api/v1/events" | python3 -c '
import json, sys
pid = int(sys.argv[1])
ev = json.load(sys.stdin)["data"]
hit = [e for e in ev if e.get("kind") == "memcg_oom_kill" and e.get("pid") == pid]
sys.exit(0 if hit and hit[-1].get("comm") == "perl" else 1)
' "$VICTIM"; then
		ok=1
		break
	fi
	python3 -c "import sys,time; sys.exit(0 if time.time() > $deadline else 1)" && break
	sleep 0.05
done
[ -n "$ok" ] || fail "no memcg_oom_kill for pid $VICTIM (perl) within 2 s (counter $before -> $v)"

# The event carries the cgroup and a wall-clock time from the boot time.
curl -fsS -m 1 "$BASE/api/v1/events" | python3 -c '
import json, sys
pid, cg = int(sys.argv[1]), sys.argv[2]
e = [e for e in json.load(sys.stdin)["data"] if e.get("pid") == pid][-1]
assert e["source"] == "kmsg", e
assert e.get("task_memcg", "").endswith(cg), e
assert e.get("time"), e
assert e.get("anon_rss_kb", 0) > 0, e
' "$VICTIM" "$(basename "$CG")" || fail "the event lacks source, cgroup, time or RSS"

# The state file holds this boot's id and a sequence number.
stop_serve
python3 - "$T/state.json" <<'PY' || fail "state file lacks the kmsg cursor"
import json, sys
st = json.load(open(sys.argv[1]))
k = [s for s in st["sources"] if s["type"] == "kmsg"][0]
boot = open("/proc/sys/kernel/random/boot_id").read().strip()
assert k["boot_id"] == boot and k["next_seq"] > 0, k
assert st["counters"]["events"]["memcg_oom_kill"] >= 1
PY
# Resumed from the state: the ring is not counted again.
before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counters"]["events"]["memcg_oom_kill"])' "$T/state.json")
start_serve --kmsg --state-file "$T/state.json"
[ "$(metric "$SERIES")" = "$before" ] || fail "after a restart the counter is $(metric "$SERIES"), want $before"
echo "PASS: pid $VICTIM (perl) OOM-killed in $CG and reported"
