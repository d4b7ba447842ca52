#!/usr/bin/env bash
# serve_page.sh - serve's live page at / in headless Chromium
# (tests/tools/cdp.py): the page loads with no events, a real memcg OOM
# report is then appended to a followed file, and the page, refreshing
# itself from the JSON API, shows the kill (pid, comm, cause memcg_limit and
# its remedy, a mark on the timeline, the count by kind, the source up)
# within ten seconds without being reloaded, fetching nothing but the API.
# Also /api/v1/events?pretty. A screenshot goes to the build directory's
# test-artifacts/. Exit 77 (skipped) when Chromium cannot run here.
. "$(dirname "$0")/serve_common.bash"

art=$(dirname "$OOMSCAN_BIN")/test-artifacts
mkdir -p "$art"
: >"$T/kern.log"
start_serve --follow "$T/kern.log" --state-file ""

PYTHONPATH=$OOMSCAN_SRC/tests/tools python3 - "$BASE" "$T/kern.log" "$art" "$OOMSCAN_SRC" <<'PY'
import os, subprocess, sys, time
import cdp

base, log, art, src = sys.argv[1:5]
try:
    b = cdp.Browser()
except (FileNotFoundError, OSError) as e:
    print("SKIP: headless Chromium cannot run here: %s" % e, file=sys.stderr)
    sys.exit(77)
fails = []

def check(cond, msg):
    if not cond:
        fails.append(msg)

try:
    tab = b.open(base + "/")
    loaded = tab.wait("document.body && document.body.getAttribute('data-loaded')", 30)
    check(loaded == "0", "page before the kill: data-loaded %r, want '0'" % loaded)
    check(tab.eval("document.querySelectorAll('#events tbody tr').length") == 0, "rows before the kill")
    src_up = tab.eval("[].map.call(document.querySelectorAll('#sources tbody tr'),function(r){return r.textContent}).join('|')")
    check(log in (src_up or "") and "up" in (src_up or ""), "sources table %r" % src_up)

    report = open(os.path.join(src, "tests/data/kernel/real-memcg-oom-6.18.log")).read().replace("18399", "424242")
    t0 = time.time()
    with open(log, "a") as f:
        f.write(report)
    row = tab.wait("(function(){var r=document.querySelector('#events tbody tr');"
                   "return r && r.querySelector('.pid').textContent==='424242' ? r.textContent : null})()", 10)
    took = time.time() - t0
    check(row is not None, "the kill did not appear on the page within 10 s")
    if row:
        print("serve_page: the kill appeared on the page %.1f s after it was written" % took)
        dom = tab.eval("""(function(){var r=document.querySelector('#events tbody tr');return {
          comm:r.querySelector('.comm').textContent, cause:r.querySelector('.cause').textContent,
          summary:r.querySelector('.summary').textContent, remedy:r.querySelector('.remedy').textContent,
          marks:document.querySelectorAll('svg#timeline circle.ev').length,
          tile:+document.querySelector('#kinds .tile[data-kind=memcg_oom_kill] b').textContent,
          resources:performance.getEntriesByType('resource').map(function(e){return e.name})}})()""")
        check(dom["comm"] == "perl", "comm %r, want perl" % dom["comm"])
        check(dom["cause"] == "memcg_limit", "cause %r" % dom["cause"])
        check("memory cgroup limit" in dom["summary"], "summary %r" % dom["summary"])
        check("memory.max" in dom["remedy"] or "MemoryMax=" in dom["remedy"], "remedy %r" % dom["remedy"])
        check(dom["marks"] == 1, "timeline marks %d" % dom["marks"])
        check(dom["tile"] == 1, "memcg_oom_kill tile %r" % dom["tile"])
        bad = [u for u in dom["resources"] if not u.startswith(base + "/api/v1/")]
        check(not bad, "the page fetched %r" % bad)
    tab.screenshot(os.path.join(art, "serve_page.png"))
finally:
    b.close()
for f in fails:
    print("FAIL " + f, file=sys.stderr)
sys.exit(1 if fails else 0)
PY
rc=$?
[ $rc = 0 ] || exit $rc

# The same event for people with curl: indented JSON with its diagnosis.
body=$(curl -fsS -m 5 "$BASE/api/v1/events?pretty") || fail "curl ?pretty"
printf '%s\n' "$body" | grep -q $'^\t\t\t"diagnosis":\t{' || fail "?pretty: no indented diagnosis: $body"
[ "$(printf '%s\n' "$body" | wc -l)" -gt 20 ] || fail "?pretty is not indented"
python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; assert d[-1]["diagnosis"]["cause"]=="memcg_limit", d' <<<"$body" ||
	fail "?pretty: not the kill's diagnosis"
echo "serve_page: ok; screenshot in $art"
