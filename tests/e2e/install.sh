#!/usr/bin/env bash
# cmake --install into a DESTDIR puts the binary, the man page, the systemd
# units (ExecStart naming the installed binary), the dashboards and the
# LICENSE where a packager expects them; `man -l` renders the page and it
# names every flag of both --help texts and every metric family the binary
# exports; an install to a real prefix gives a unit `systemd-analyze verify`
# accepts without a single warning.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
build=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }

DESTDIR=$tmp/dest cmake --install "$build" --prefix /usr/local > "$tmp/install.log" 2>&1
check "cmake --install exit 0" [ $? -eq 0 ]
d=$tmp/dest/usr/local
check "binary" [ -x "$d/bin/oomscan" ]
check "installed binary runs" sh -c "'$d/bin/oomscan' --version | grep -q '^oomscan '"
check "man page" [ -f "$d/share/man/man1/oomscan.1" ]
check "unit" [ -f "$d/lib/systemd/system/oomscan.service" ]
check "unit ExecStart names the installed binary" \
	grep -q '^ExecStart=/usr/local/bin/oomscan serve ' "$d/lib/systemd/system/oomscan.service"
check "no placeholder left" sh -c "! grep -rq '@OOMSCAN_' '$d/lib/systemd/system'"
check "dashboard" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/share/oomscan/dashboards/oomscan.json"
check "alert rules" [ -s "$d/share/oomscan/dashboards/alerts.yml" ]
check "LICENSE" grep -q "MIT License" "$d/share/doc/oomscan/LICENSE"

if command -v man > /dev/null; then
	MANWIDTH=200 man -l "$d/share/man/man1/oomscan.1" > "$tmp/man.txt" 2> "$tmp/man.err"
	check "man -l renders" [ "$(wc -l < "$tmp/man.txt")" -gt 100 ]
	check "man -l no warnings" [ ! -s "$tmp/man.err" ]
	# Every long flag of both help texts.
	missing=
	for f in $( { "$bin" --help; "$bin" serve --help; } | grep -oE -- '--[a-z][a-z.-]*[a-z]' | sort -u); do
		grep -qF -- "$f" "$tmp/man.txt" || missing="$missing $f"
	done
	check "man names every flag${missing:+ (missing:$missing)}" [ -z "$missing" ]
	# Every metric family serve exports (batch prom plus process_*).
	missing=
	for m in $("$bin" --format prom "$src/tests/data/samples/kern.log" | sed -n 's/^# TYPE \([^ ]*\) .*/\1/p') \
		process_cpu_seconds_total process_resident_memory_bytes; do
		grep -qF -- "$m" "$tmp/man.txt" || missing="$missing $m"
	done
	check "man names every metric${missing:+ (missing:$missing)}" [ -z "$missing" ]
	for s in "EXIT STATUS" "SIGNALS" "FILES"; do
		check "man section $s" grep -q "^$s" "$tmp/man.txt"
	done
else
	echo "skip man checks: man is not installed"
fi

# A real prefix, so the unit's ExecStart exists for systemd-analyze.
if command -v systemd-analyze > /dev/null; then
	cmake --install "$build" --prefix "$tmp/pfx" > /dev/null 2>&1
	unit=$tmp/pfx/lib/systemd/system/oomscan.service
	systemd-analyze verify --man=no "$unit" > "$tmp/verify.out" 2>&1; rc=$?
	cat "$tmp/verify.out"
	check "systemd-analyze verify exit 0" [ $rc -eq 0 ]
	check "systemd-analyze verify silent" [ ! -s "$tmp/verify.out" ]
	for t in "$tmp"/pfx/lib/systemd/system/*.timer; do
		[ -e "$t" ] || continue
		systemd-analyze verify --man=no "$t" "${t%.timer}.service" > "$tmp/verify.out" 2>&1; rc=$?
		cat "$tmp/verify.out"
		check "verify $(basename "$t")" [ $rc -eq 0 ] && [ ! -s "$tmp/verify.out" ]
	done
	# The hardening the unit promises.
	for k in 'DynamicUser=yes' 'AmbientCapabilities=CAP_SYSLOG' 'DeviceAllow=/dev/kmsg r' 'StateDirectory=oomscan'; do
		check "unit has $k" grep -qx "$k" "$unit"
	done
	check "unit has no ProtectKernelLogs" sh -c "! grep -q '^ProtectKernelLogs' '$unit'"
	check "unit has no PrivateDevices" sh -c "! grep -q '^PrivateDevices' '$unit'"
else
	echo "skip systemd-analyze verify: systemd-analyze is not installed"
fi
exit $fail
