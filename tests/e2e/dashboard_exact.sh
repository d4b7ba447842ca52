#!/usr/bin/env bash
# The dashboard and the alert rules against a real Prometheus scraping a
# real `oomscan serve` (and a stand-in node_exporter serving
# node_vmstat_oom_kill from a file): first kills of new processes, a pod and
# a unit, then a repeat kill, then a kill only the kernel counted. Every
# panel query and every alert expression is evaluated through the HTTP API
# with the variables filled in; the counting panels must give exactly the
# numbers a batch run of the same log gives (first kills included, bars that
# add up, no extrapolation), and the alerts must name victim, unit and pod.
# Loopback only, bounded waits; exit 77 when prometheus is not installed.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
command -v prometheus > /dev/null || { echo "skip: prometheus is not installed"; exit 77; }
python3 -c 'import yaml' 2> /dev/null || { echo "skip: python3-yaml missing"; exit 77; }
tmp=$(mktemp -d /tmp/oomscan-dash.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null; wait "$p" 2> /dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
p1=$(free_port) && p2=$(free_port) && p3=$(free_port) || exit 1
[ "$p1" != "$p2" ] && [ "$p2" != "$p3" ] && [ "$p1" != "$p3" ] || { echo "skip: port clash"; exit 77; }

: > "$tmp/kern.log"
mkdir "$tmp/node" && echo "node_vmstat_oom_kill 10" > "$tmp/node/metrics"
"$bin" serve --follow "$tmp/kern.log" --from-start --state-file "" \
	--kubernetes.pods-dir "$src/tests/data/k8s/log/pods" \
	--web.listen-address "127.0.0.1:$p1" > "$tmp/serve.log" 2>&1 &
pids+=($!)
python3 -m http.server "$p3" --bind 127.0.0.1 --directory "$tmp/node" > /dev/null 2>&1 &
pids+=($!)
cat > "$tmp/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: oomscan
    static_configs:
      - targets: ['127.0.0.1:$p1']
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$p3']
YML
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
	--web.listen-address="127.0.0.1:$p2" --log.level=warn > "$tmp/prometheus.log" 2>&1 &
pids+=($!)

python3 - "$bin" "$src" "$tmp" "$p2" <<'PY'
import json, math, os, re, subprocess, sys, time, urllib.parse, urllib.request
import yaml

binary, src, tmp, port = sys.argv[1:]
base = f"http://127.0.0.1:{port}/api/v1/"
failed = []

def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failed.append(name)

def api(path, **params):
    url = base + path + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as r:
        d = json.load(r)
    if d.get("status") != "success":
        raise RuntimeError(f"{path} {params}: {d}")
    return d["data"]

def instant(q, t):
    return api("query", query=q, time=f"{t:.3f}")["result"]

def wait(cond, what, limit=60):
    end = time.time() + limit
    while time.time() < end:
        try:
            if cond():
                return
        except Exception:
            pass
        time.sleep(0.5)
    print("--- serve log"); print(open(f"{tmp}/serve.log").read()[-2000:])
    print("--- prometheus log"); print(open(f"{tmp}/prometheus.log").read()[-2000:])
    sys.exit(f"FAIL timed out waiting for {what}")

def now():
    return time.time()

def total(q, t):
    return sum(float(r["value"][1]) for r in instant(q, t))

kern = open(f"{src}/tests/data/samples/kern.log").read()
crio = open(f"{src}/tests/data/kernel/memcg-v2-crio-besteffort.log").read()
wait(lambda: len(instant('up == 1', now())) == 2, "both targets up")
wait(lambda: instant('oomscan_events_total{kind="oom_kill"}', now()), "a first scrape")
time.sleep(2)
t_start = now()
time.sleep(2)

def inject(text, node_value, want_kills):
    with open(f"{tmp}/kern.log", "a") as f:
        f.write(text)
    with open(f"{tmp}/node/metrics", "w") as f:
        f.write(f"node_vmstat_oom_kill {node_value}\n")
    wait(lambda: total('oomscan_events_total{kind=~"oom_kill|memcg_oom_kill"}', now()) == want_kills
         and total('node_vmstat_oom_kill', now()) == node_value, f"{want_kills} kills scraped")

# First kills: a global kill (doxygen, session-2.scope), a memcg kill, an
# allocation failure, and the first kill in pod shop/cart-7d4b9.
inject(kern + crio, 13, 3)
time.sleep(2)
# A repeat kill of the same process in the same pod.
inject(crio, 14, 4)
time.sleep(2)
t_end = now()
# The truth: a batch run over the same content.
with open(f"{tmp}/all.log", "w") as f:
    f.write(kern + crio + crio)
events = [json.loads(l) for l in subprocess.run([binary, "--format", "jsonl", f"{tmp}/all.log"],
                                                capture_output=True, text=True, check=True).stdout.splitlines()]
kills = ("oom_kill", "memcg_oom_kill", "userspace_oom_kill")
def count(key, kinds=None):
    out = {}
    for e in events:
        if kinds and e["kind"] not in kinds:
            continue
        k = key(e)
        if k is not None:
            out[k] = out.get(k, 0) + 1
    return out

rng = f"{math.ceil(t_end - t_start)}s"
step = 2
dash = json.load(open(f"{src}/dashboards/oomscan.json"))
def fill(expr, interval):
    return (expr.replace("$__range", rng).replace("$__rate_interval", "10s")
            .replace("$__interval", f"{interval}s").replace("$job", "oomscan").replace("$instance", ".*"))

results = {}
for p in dash["panels"]:
    for t in p.get("targets", []):
        key = (p["title"], t["refId"])
        if p["type"] in ("timeseries", "heatmap"):
            q = fill(t["expr"], step)
            # Steps on the interval grid, so each window ends where the last began.
            data = api("query_range", query=q, start=f"{t_start:.3f}", end=f"{t_start + step * math.floor((t_end - t_start) / step):.3f}", step=step)
            results[key] = data["result"]
        else:
            results[key] = instant(fill(t["expr"], step), t_end)
        check(f"panel query runs: {p['title']} {t['refId']}", True)

def labels_value(res, *names):
    return {tuple(r["metric"].get(n, "") for n in names): float(r["value"][1]) for r in res}

want_kills = sum(count(lambda e: 1, kills).values())
check("OOM kills stat", labels_value(results[("OOM kills", "A")]) == {(): want_kills},
      f"{results[('OOM kills', 'A')]} want {want_kills}")
want_alloc = sum(count(lambda e: 1, ("alloc_failure", "runtime_oom", "commit_limit")).values())
check("allocation failures stat", labels_value(results[("Allocation failures and runtime OOMs", "A")]) == {(): want_alloc})
want_proc = {(k[0], k[1]): float(v) for k, v in count(lambda e: (e["comm"], e["kind"]) if e.get("comm") else None).items()}
got_proc = labels_value(results[("Top processes", "A")], "comm", "kind")
check("Top processes: first-time victims and the repeat kill exact", got_proc == want_proc, f"{got_proc} want {want_proc}")
check("a repeat victim counts 2", got_proc.get(("runc:[2:INIT]", "memcg_oom_kill")) == 2.0, got_proc)
got_pods = labels_value(results[("Pods", "A")], "namespace", "pod", "container", "kind")
check("Pods: named, exact", got_pods == {("shop", "cart-7d4b9", "redis", "memcg_oom_kill"): 2.0}, got_pods)
want_units = {(k[0], k[1]): float(v) for k, v in count(lambda e: (e["systemd_unit"], e["kind"]) if e.get("systemd_unit") else None).items()}
got_units = labels_value(results[("Systemd units", "A")], "unit", "kind")
check("Systemd units exact", got_units == want_units and want_units, f"{got_units} want {want_units}")
check("Containers outside pods: none", results[("Containers outside pods", "A")] == [])
cross = {r: labels_value(results[("Kernel kills: oomscan vs node_vmstat_oom_kill", r)], "node") for r in "ABC"}
check("cross-check: oomscan kernel kills", cross["A"] == {("127.0.0.1",): 4.0}, cross["A"])
check("cross-check: kernel's count", cross["B"] == {("127.0.0.1",): 4.0}, cross["B"])
check("cross-check: nothing missed", cross["C"] == {("127.0.0.1",): 0.0}, cross["C"])

def bar_sums(res, label):
    out = {}
    for r in res:
        vals = [float(v) for _, v in r["values"]]
        if any(v != int(v) for v in vals):
            out[r["metric"].get(label, "")] = "non-integer"
            continue
        out[r["metric"].get(label, "")] = sum(vals)
    return out
want_kind = {k: float(v) for k, v in count(lambda e: e["kind"]).items()}
got_kind = {k: v for k, v in bar_sums(results[("Events by kind", "A")], "kind").items() if v}
check("Events by kind: integer bars adding up to the totals", got_kind == want_kind, f"{got_kind} want {want_kind}")
want_rss = [e for e in events if e["kind"] in kills and any(k in e for k in ("anon_rss_kb", "file_rss_kb", "shmem_rss_kb"))]
got_inf = bar_sums(results[("Victim RSS", "A")], "le").get("+Inf")
check("Victim RSS heatmap: +Inf bars add up to the victims", got_inf == float(len(want_rss)), f"{got_inf} want {len(want_rss)}")

# Quantiles: histogram_quantile's interpolation over the exporter's own buckets.
target = instant('up{job="oomscan"}', t_end)[0]["metric"]["instance"]
metrics = urllib.request.urlopen(f"http://{target}/metrics").read().decode()
buckets = sorted((float(m.group(1)), float(m.group(2))) for m in re.finditer(r'^oomscan_victim_rss_bytes_bucket\{le="([^"]+)"\} (\S+)$', metrics, re.M))
def quantile(q):
    n = buckets[-1][1]
    rank = q * n
    prev_b, prev_c = 0.0, 0.0
    for b, c in buckets:
        if c >= rank:
            if math.isinf(b):
                return prev_b
            return prev_b + (b - prev_b) * (rank - prev_c) / (c - prev_c)
        prev_b, prev_c = b, c
rss_title = "Victim RSS in the time range: median, p95, mean"
for ref, q in (("A", 0.5), ("B", 0.95)):
    got = float(results[(rss_title, ref)][0]["value"][1])
    check(f"RSS p{int(q * 100)} = histogram interpolation ({got:.0f})", abs(got - quantile(q)) <= 1e-6 * quantile(q), f"{got} want {quantile(q)}")
mean = sum((e.get("anon_rss_kb", 0) + e.get("file_rss_kb", 0) + e.get("shmem_rss_kb", 0)) * 1024 for e in want_rss) / len(want_rss)
got = float(results[(rss_title, "C")][0]["value"][1])
check("RSS mean exact", abs(got - mean) < 1e-6 * mean, f"{got} want {mean}")
up = labels_value(results[("Source health", "A")], "source")
check("source health: the followed file is up", up == {(f"{tmp}/kern.log",): 1.0}, up)

# Alerts: each expression with its windows shrunk to this test's range.
rules = yaml.safe_load(open(f"{src}/dashboards/alerts.yml"))["groups"][0]["rules"]
alerts = {}
for r in rules:
    q = re.sub(r"\[(5|15|1h|)m?\]", f"[{rng}]", r["expr"].replace("[1h]", f"[{rng}]"))
    q = (q.replace("offset 15m", f"offset {rng}").replace("offset 5m", f"offset {rng}")
         .replace("[15m]", f"[{rng}]").replace("[5m]", f"[{rng}]"))
    alerts[r["alert"]] = q
    res = instant(q, t_end)
    check(f"alert expression runs: {r['alert']}", True)
    for lbl in res:
        if r["alert"].startswith("OOMKill") and r["alert"] != "OOMKillMissed":
            check(f"{r['alert']} keeps job", lbl["metric"].get("job") == "oomscan", lbl["metric"])
vic = labels_value(instant(alerts["OOMKillVictim"], t_end), "comm", "kind")
want_vic = {k: v for k, v in want_proc.items() if k[1] in kills}
check("OOMKillVictim names every victim with its count", vic == want_vic, f"{vic} want {want_vic}")
pod = labels_value(instant(alerts["OOMKillInPod"], t_end), "namespace", "pod", "container")
check("OOMKillInPod names the pod", pod == {("shop", "cart-7d4b9", "redis"): 2.0}, pod)
unit = labels_value(instant(alerts["OOMKillInUnit"], t_end), "unit")
check("OOMKillInUnit names the unit", unit == {("session-2.scope",): 1.0}, unit)
det = labels_value(instant(alerts["OOMKillDetected"], t_end), "job", "kind")
check("OOMKillDetected per job and kind", set(det) == {("oomscan", "oom_kill"), ("oomscan", "memcg_oom_kill")}, det)
check("OOMKillMissed quiet while the counts agree", instant(alerts["OOMKillMissed"], t_end) == [])

# A kill only the kernel counted.
with open(f"{tmp}/node/metrics", "w") as f:
    f.write("node_vmstat_oom_kill 15\n")
wait(lambda: total('node_vmstat_oom_kill', now()) == 15, "the kernel-only kill scraped")
t2 = now()
rng2 = f"{math.ceil(t2 - t_start)}s"
miss = labels_value(instant(alerts["OOMKillMissed"].replace(f"offset {rng}", f"offset {rng2}"), t2), "node")
check("OOMKillMissed names the node, 1 kill", miss == {("127.0.0.1",): 1.0}, miss)
q = [t["expr"] for p in dash["panels"] if p["title"].startswith("Kernel kills") for t in p["targets"]][2]
missed = labels_value(instant(q.replace("$__range", rng2).replace("$job", "oomscan").replace("$instance", ".*"), t2), "node")
check("cross-check panel: 1 missed kill", missed == {("127.0.0.1",): 1.0}, missed)
sys.exit(1 if failed else 0)
PY
