#!/usr/bin/env bash
# What a build says about itself and what serve says per event: --version
# carries the git revision, batch build_info's journal label matches the
# build's features, serve logs one info line per event with fields as keys
# (logfmt and JSON), and /api/v1/summary uses --format json's names.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
sample=$src/tests/data/samples/kern.log

ver=$("$bin" --version)
if git -C "$src" rev-parse HEAD > /dev/null 2>&1; then
	# The commit the binary was built from (HEAD may have moved on since).
	rev=$(sed -n 's/.*(git \([0-9a-f]\{12\}\)\(-dirty\)\?)$/\1/p' <<<"$(head -1 <<<"$ver")")
	check "--version names a commit of this repository (${rev:-none})" \
		sh -c "[ -n '$rev' ] && git -C '$src' cat-file -e '$rev^{commit}'"
else
	check "--version names a revision" grep -q "(git unknown)" <<<"$ver"
fi
check "serve --version names the revision" sh -c "'$bin' serve --version | grep -q '(git '"
want=false
grep -q 'journal$' <<<"$(sed -n 2p <<<"$ver")" && want=true
"$bin" --format prom "$sample" > "$tmp/out.prom"
check "batch build_info journal=\"$want\"" grep -q "^oomscan_build_info{version=\"[^\"]*\",revision=\"[^\"]*\",journal=\"$want\"} 1$" "$tmp/out.prom"

# One info line per event: the sample has 3 events.
port=$(free_port) || exit 1
"$bin" serve --state-file "" --web.listen-address "127.0.0.1:$port" - < "$sample" 2> "$tmp/log" &
pid=$!
wait_for 10 curl -sf "http://127.0.0.1:$port/-/ready" -o /dev/null
wait_for 10 sh -c "[ \$(grep -c 'msg=\"oom event\"' '$tmp/log') -ge 3 ]"
check "three event lines" [ "$(grep -c 'level=info msg="oom event"' "$tmp/log")" -eq 3 ]
check "fields as keys" grep -q 'msg="oom event" kind=oom_kill source=- line=182 host=web01 time=2026-03-04T10:17:42Z comm=doxygen pid=473206 ' "$tmp/log"
curl -sf "http://127.0.0.1:$port/api/v1/summary" > "$tmp/summary.json"
"$bin" --format json "$sample" > "$tmp/batch.json"
check "summary names match --format json" python3 - "$tmp/summary.json" "$tmp/batch.json" <<'PY'
import json, sys
api = json.load(open(sys.argv[1]))["data"]
batch = json.load(open(sys.argv[2]))["summary"]
for k in ("events_by_kind", "by_process", "by_workload", "incomplete", "unrecognised"):
    assert k in api and k in batch, k
assert api["events_by_kind"] == batch["events_by_kind"], (api["events_by_kind"], batch["events_by_kind"])
key = lambda r: (r["comm"], r["kind"], r["events"])
assert sorted(map(key, api["by_process"])) == sorted(map(key, batch["by_process"]))
PY
kill "$pid"; wait "$pid"; pid=

"$bin" serve --state-file "" --log.format json --web.listen-address "127.0.0.1:$port" - < "$sample" 2> "$tmp/log.json" &
pid=$!
wait_for 10 sh -c "[ \$(grep -c '\"oom event\"' '$tmp/log.json') -ge 3 ]"
kill "$pid"; wait "$pid"; pid=
check "json event lines" python3 - "$tmp/log.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if '"oom event"' in l]
assert len(ev) == 3, ev
assert ev[0]["level"] == "info" and ev[0]["comm"] == "doxygen" and ev[0]["pid"] == 473206, ev[0]
assert ev[1]["kind"] == "memcg_oom_kill" and ev[1]["rss_kb"] == 507768, ev[1]
PY
exit $fail
