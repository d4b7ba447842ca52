#!/usr/bin/env bash
# serve as an unprivileged user (uid 65534 through setpriv), the way the
# systemd unit runs it: without CAP_SYSLOG, on a kernel.dmesg_restrict=1
# machine, /dev/kmsg is refused with a hint naming dmesg_restrict and
# CAP_SYSLOG; with CAP_SYSLOG as its only ambient capability
# (AmbientCapabilities=CAP_SYSLOG in deploy/systemd/oomscan.service) it reads
# the kernel ring and serves it. Needs root, setpriv and dmesg_restrict=1.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root to switch users"; exit 77; }
command -v setpriv > /dev/null || { echo "skip: setpriv (util-linux) missing"; exit 77; }
[ -r /dev/kmsg ] || { echo "skip: no /dev/kmsg"; exit 77; }
[ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 1 ] ||
	{ echo "skip: kernel.dmesg_restrict is not 1, an unprivileged read would pass anyway"; exit 77; }
tmp=$(mktemp -d)
chmod 755 "$tmp"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
# The binary may sit under a directory nobody cannot enter: run a copy.
cp "$bin" "$tmp/oomscan" && chmod 755 "$tmp/oomscan"
mkdir "$tmp/state" && chown 65534:65534 "$tmp/state"
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
port=$(free_port) || exit 1

"${as_nobody[@]}" "$tmp/oomscan" serve --kmsg --state-file "$tmp/state/s.json" \
	--web.listen-address "127.0.0.1:$port" 2> "$tmp/err1"; rc=$?
cat "$tmp/err1"
check "no CAP_SYSLOG: exit 1" [ $rc -eq 1 ]
check "no CAP_SYSLOG: says Operation not permitted" grep -q '/dev/kmsg: Operation not permitted' "$tmp/err1"
check "no CAP_SYSLOG: hint names dmesg_restrict and CAP_SYSLOG" \
	grep -q 'kernel.dmesg_restrict=1 reading the kernel log needs CAP_SYSLOG' "$tmp/err1"

"${as_nobody[@]}" --inh-caps=-all,+syslog --ambient-caps=-all,+syslog --bounding-set=-all,+syslog \
	"$tmp/oomscan" serve --kmsg --state-file "$tmp/state/s.json" \
	--web.listen-address "127.0.0.1:$port" 2> "$tmp/err2" &
pid=$!
wait_for 15 curl -sf "http://127.0.0.1:$port/-/ready" -o /dev/null
curl -sf "http://127.0.0.1:$port/metrics" > "$tmp/metrics"
check "CAP_SYSLOG only: kmsg up" grep -q '^oomscan_source_up{source="kmsg"} 1$' "$tmp/metrics"
check "CAP_SYSLOG only: kmsg lines read" \
	awk '$1 == "oomscan_source_lines_total{source=\"kmsg\"}" && $2 > 0 { ok = 1 } END { exit !ok }' "$tmp/metrics"
check "runs as uid 65534" sh -c "[ \$(awk '/^Uid:/ { print \$2 }' /proc/$pid/status) = 65534 ]"
check "effective caps are CAP_SYSLOG only" sh -c "[ \$(awk '/^CapEff:/ { print \$2 }' /proc/$pid/status) = 0000000400000000 ]"
kill "$pid"; wait "$pid"; rc=$?; pid=
check "SIGTERM exit 0" [ $rc -eq 0 ]
check "state written as nobody" [ "$(stat -c %u "$tmp/state/s.json")" = 65534 ]
exit $fail
