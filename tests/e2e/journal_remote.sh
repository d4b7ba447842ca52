#!/usr/bin/env bash
# serve --journal=DIR on real journal files, written by systemd-journal-remote
# from export-format input: a kernel memcg OOM report (one entry per line,
# _TRANSPORT=kernel) and a Redis fork failure logged by redis-server.service
# (--journal-unit) count; the same failure from a unit not named does not.
# Then a restart in the middle: more entries in a second journal file, and
# every event counted exactly once across the restart (the cursor in the
# state file). Then batch runs over the files and their directory. Exit 77 without journal support or systemd-journal-remote.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
remote=
for r in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$r" ] && remote=$r && break
done
[ -n "$remote" ] || { echo "skip: systemd-journal-remote (Debian package) is not installed"; exit 77; }
"$bin" --version | grep -q journal || { echo "skip: built without libsystemd"; exit 77; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
mkdir "$tmp/journal"

# export FILE START_USEC: kernel report + the Redis failure of two units.
export_batch() {
	python3 - "$src/tests/data/kernel/memcg-v2-crio-besteffort.log" "$2" > "$1" <<'PY'
import re, sys
t = int(sys.argv[2])
boot = "0123456789abcdef0123456789abcdef"
def entry(fields):
    global t
    t += 13
    out = [f"__REALTIME_TIMESTAMP={t}", f"__MONOTONIC_TIMESTAMP={t - 1700000000000000}",
           f"_BOOT_ID={boot}", "_HOSTNAME=node1"] + fields
    print("\n".join(out) + "\n")
for line in open(sys.argv[1]):
    msg = re.sub(r"^\[\s*[0-9.]+\]\s", "", line.rstrip("\n"))
    entry(["_TRANSPORT=kernel", "SYSLOG_IDENTIFIER=kernel", f"MESSAGE={msg}"])
redis = "348:M 26 Nov 15:26:17.047 # Can't save in background: fork: Cannot allocate memory"
entry(["_TRANSPORT=stdout", "_SYSTEMD_UNIT=redis-server.service", "SYSLOG_IDENTIFIER=redis-server",
       "_PID=348", f"MESSAGE={redis}"])
entry(["_TRANSPORT=stdout", "_SYSTEMD_UNIT=other.service", "SYSLOG_IDENTIFIER=redis-server",
       "_PID=349", f"MESSAGE={redis}"])
entry(["_TRANSPORT=stdout", "_SYSTEMD_UNIT=redis-server.service", "SYSLOG_IDENTIFIER=redis-server",
       "_PID=348", "MESSAGE=Ready to accept connections"])
PY
}
export_batch "$tmp/a.export" 1700000000000000
"$remote" --output="$tmp/journal/remote-a.journal" --split-mode=none "$tmp/a.export" 2> "$tmp/remote.log"
check "systemd-journal-remote wrote journal file 1" [ -s "$tmp/journal/remote-a.journal" ]

port=$(free_port) || exit 1
metric() { curl -sf "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
start() {
	"$bin" serve --journal="$tmp/journal" --journal-unit redis-server.service \
		--state-file "$tmp/state.json" --web.listen-address "127.0.0.1:$port" 2>> "$tmp/serve.log" &
	pid=$!
	wait_for 15 curl -sf "http://127.0.0.1:$port/-/ready" -o /dev/null
}
start
wait_for 15 sh -c "[ \"\$(curl -sf http://127.0.0.1:$port/metrics | awk '\$1 == \"oomscan_events_total{kind=\\\"alloc_failure\\\"}\" { print \$2 }')\" = 1 ]"
check "kernel kill counted" [ "$(metric 'oomscan_events_total{kind="memcg_oom_kill"}')" = 1 ]
check "unit's Redis fork failure counted once (other.service not read)" \
	[ "$(metric 'oomscan_events_total{kind="alloc_failure"}')" = 1 ]
check "named by its syslog identifier" \
	[ "$(metric 'oomscan_process_events_total{kind="alloc_failure",comm="redis-server"}')" = 1 ]
check "kernel victim by name" \
	[ "$(metric 'oomscan_process_events_total{kind="memcg_oom_kill",comm="runc:[2:INIT]"}')" = 1 ]
check "the kernel kill names its machine (the entry's _HOSTNAME)" sh -c \
	"curl -sf 'http://127.0.0.1:$port/api/v1/events' | python3 -c 'import json, sys; d = json.load(sys.stdin)[\"data\"]; sys.exit(0 if [e.get(\"host\") for e in d if e[\"kind\"] == \"memcg_oom_kill\"] == [\"node1\"] else 1)'"
kill "$pid"; wait "$pid"; rc=$?; pid=
check "SIGTERM: exit 0" [ $rc -eq 0 ]
check "cursor saved" grep -q '"journal"' "$tmp/state.json"

# More entries in a second file while serve is down, then a restart.
export_batch "$tmp/b.export" 1700000100000000
"$remote" --output="$tmp/journal/remote-b.journal" --split-mode=none "$tmp/b.export" 2>> "$tmp/remote.log"
start
wait_for 15 sh -c "[ \"\$(curl -sf http://127.0.0.1:$port/metrics | awk '\$1 == \"oomscan_events_total{kind=\\\"alloc_failure\\\"}\" { print \$2 }')\" = 2 ]"
sleep 1
check "after the restart: 2 kernel kills, each once" [ "$(metric 'oomscan_events_total{kind="memcg_oom_kill"}')" = 2 ]
check "after the restart: 2 Redis failures, each once" [ "$(metric 'oomscan_events_total{kind="alloc_failure"}')" = 2 ]
kill "$pid"; wait "$pid"; pid=
# A third start with nothing new counts nothing again.
start
sleep 1
check "a restart with nothing new: same counts" [ "$(metric 'oomscan_events_total{kind="memcg_oom_kill"}')" = 2 ]
kill "$pid"; wait "$pid"; pid=

# Unit patterns: sd-journal matches no pattern, so every entry is read and
# a unit kept when it matches ('redis-*': redis-server.service only; '*':
# other.service too); kernel messages always. Each from a fresh state.
for pat in 'redis-*.service:2' '*:4'; do
	"$bin" serve --journal="$tmp/journal" --journal-unit "${pat%%:*}" \
		--state-file "$tmp/state-glob.json" --web.listen-address "127.0.0.1:$port" 2>> "$tmp/serve.log" &
	pid=$!
	wait_for 15 curl -sf "http://127.0.0.1:$port/-/ready" -o /dev/null
	want=${pat##*:}
	wait_for 15 sh -c "[ \"\$(curl -sf http://127.0.0.1:$port/metrics | awk '\$1 == \"oomscan_events_total{kind=\\\"alloc_failure\\\"}\" { print \$2 }')\" = $want ]"
	sleep 1
	check "--journal-unit '${pat%%:*}': $want fork failures" [ "$(metric 'oomscan_events_total{kind="alloc_failure"}')" = "$want" ]
	check "--journal-unit '${pat%%:*}': the 2 kernel kills" [ "$(metric 'oomscan_events_total{kind="memcg_oom_kill"}')" = 2 ]
	kill "$pid"; wait "$pid"; pid=
	rm -f "$tmp/state-glob.json"
done
"$bin" serve --journal-unit "$(printf 'u%.0s' $(seq 300))" > /dev/null 2> "$tmp/err"; rc=$?
check "--journal-unit past 255 bytes: exit 2, said" sh -c "[ $rc -eq 2 ] && grep -q 'a unit name or pattern of 1 to 255 bytes' '$tmp/err'"

# Batch: the directory of journal files, and each file, read as text:
# every transport's entries (other.service's too), the events the same as
# in journalctl's own text of them; a journal file on stdin refused.
"$bin" --format jsonl "$tmp/journal" > "$tmp/dir.jsonl" 2> "$tmp/batch.err"; rc=$?
check "batch: the journal directory read, exit 0" [ $rc -eq 0 ]
journalctl -D "$tmp/journal" -o short-iso | "$bin" --format jsonl - > "$tmp/text.jsonl"
check "batch: the directory's events are journalctl's text's (2 kills, 4 fork failures)" python3 -c '
import json, sys
def ev(p):
    return [(e["kind"], e.get("host"), e.get("pid"), e.get("comm"), e.get("cgroup"), e.get("errno"))
            for e in map(json.loads, open(p))]
a, b = ev(sys.argv[1]), ev(sys.argv[2])
kinds = sorted(k for k, *_ in a)
sys.exit(0 if a == b and kinds == ["alloc_failure"] * 4 + ["memcg_oom_kill"] * 2 else 1)' "$tmp/dir.jsonl" "$tmp/text.jsonl"
"$bin" --format json "$tmp/journal/remote-a.journal" "$tmp/journal/remote-b.journal" > "$tmp/files.json"
check "batch: two journal files, each read through the journal" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
d = [x["decoding"] for x in s["sources"]]
sys.exit(0 if d == ["journal", "journal"] and s["events_by_kind"]["memcg_oom_kill"] == 2 else 1)' "$tmp/files.json"
# Volume: a generated dense log of 20 hosts, each line a kernel entry of
# its host in one journal file (as journal-remote gathers them), counts
# the generator's truth: kinds, reaped kills, a balanced ledger.
python3 "$src/bench/genlog.py" "$tmp/dense.log" 1 --rate 5000 --hosts 20 --seed 7 > /dev/null
python3 - "$tmp/dense.log" > "$tmp/dense.export" <<'PY'
import datetime, re, sys
boot = "0123456789abcdef0123456789abcdef"
for line in open(sys.argv[1]):
    m = re.match(r"^(\w{3} +\d+ [\d:]{8}) (\S+) kernel: (?:\[ *[\d.]+\] )?(.*)$", line.rstrip("\n"))
    t = datetime.datetime.strptime("2026 " + m.group(1), "%Y %b %d %H:%M:%S")
    usec = int(t.replace(tzinfo=datetime.timezone.utc).timestamp()) * 1000000
    print(f"__REALTIME_TIMESTAMP={usec}\n__MONOTONIC_TIMESTAMP={usec - 1700000000000000}\n_BOOT_ID={boot}\n"
          f"_HOSTNAME={m.group(2)}\n_TRANSPORT=kernel\nSYSLOG_IDENTIFIER=kernel\nMESSAGE={m.group(3)}\n")
PY
mkdir "$tmp/dense"
"$remote" --output="$tmp/dense/remote-all.journal" --split-mode=none "$tmp/dense.export" 2>> "$tmp/remote.log"
"$bin" --format json "$tmp/dense/remote-all.journal" > "$tmp/dense.json"
check "batch: a dense journal of 20 hosts counts the generator's truth" python3 -c '
import json, sys
s, t = json.load(open(sys.argv[1]))["summary"], json.load(open(sys.argv[2]))
kinds = {k: v for k, v in s["events_by_kind"].items() if v and k != "oom_reap"}
ok = (kinds == t["by_kind"] and s["reaped"] == t["reaped"] and s["ledger"]["balanced"]
      and s["sources"][0]["lines"] == t["lines"])
print(kinds, t["by_kind"], s["reaped"], t["reaped"], s["ledger"]["balanced"], s["sources"][0]["lines"], t["lines"])
sys.exit(0 if ok else 1)' "$tmp/dense.json" "$tmp/dense.log.truth.json"

# --state-file: a journal file counted once across runs (an archived one
# never changes; the active one grows at its end), a directory refused.
for i in 1 2; do
	"$bin" --format prom --state-file "$tmp/tf.json" "$tmp/dense/remote-all.journal" > "$tmp/tf$i.prom"
done
check "--state-file over a journal file: the second run adds nothing" sh -c \
	"grep -q '^oomscan_events_total{kind=\"oom_kill\"} 62\$' '$tmp/tf1.prom' && cmp -s '$tmp/tf1.prom' '$tmp/tf2.prom'"
"$bin" --format prom --state-file "$tmp/tf.json" "$tmp/dense" > /dev/null 2> "$tmp/tf.err"; rc=$?
check "--state-file over a journal directory: exit 2, said" \
	sh -c "[ $rc -eq 2 ] && grep -q 'cannot follow a journal directory' '$tmp/tf.err'"

"$bin" - < "$tmp/journal/remote-a.journal" > /dev/null 2> "$tmp/stdin.err"; rc=$?
check "batch: a journal file on stdin: exit 2, told to name it" \
	sh -c "[ $rc -eq 2 ] && grep -q 'a systemd journal file, which can be read from a file only: name it' '$tmp/stdin.err'"

"$bin" serve --journal= > /dev/null 2>&1; rc=$?
check "--journal= with no directory: exit 2" [ $rc -eq 2 ]
[ $fail -eq 0 ] || { echo "--- serve log"; tail -20 "$tmp/serve.log"; }
exit $fail
