#!/usr/bin/env bash
# deploy/kubernetes: every object is valid against the Kubernetes and
# Prometheus Operator OpenAPI schemas (npm kubernetes-models and
# @kubernetes-models/prometheus-operator, installed on first run), a broken
# copy is refused (the check can fail), and the DaemonSet mounts what serve
# reads: /dev/kmsg and /var/log/pods read-only, the state directory.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
python3 -c 'import yaml' 2>/dev/null || { echo "skip: python3-yaml missing"; exit 77; }
mods=$(npm_tools) || { echo "skip: node/npm missing or the npm install failed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
validate="$src/tests/tools/validate_k8s.mjs"

python3 - "$src"/deploy/kubernetes/*.yaml > "$tmp/all.json" <<'PY'
import json, sys, yaml
print(json.dumps([d for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d]))
PY
node "$validate" "$mods" < "$tmp/all.json"; rc=$?
check "manifests valid" [ $rc -eq 0 ]
check "DaemonSet and PodMonitor present" python3 - "$tmp/all.json" <<'PY'
import json, sys
kinds = sorted(o["kind"] for o in json.load(open(sys.argv[1])))
assert kinds == ["DaemonSet", "Namespace", "PodMonitor"], kinds
PY

python3 - "$tmp/all.json" > "$tmp/broken.json" <<'PY'
import json, sys
docs = json.load(open(sys.argv[1]))
for d in docs:
    if d["kind"] == "DaemonSet":
        d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "9754"
print(json.dumps(docs))
PY
node "$validate" "$mods" < "$tmp/broken.json" > "$tmp/broken.out"; rc=$?
check "a broken DaemonSet is refused" [ $rc -ne 0 ]
check "the refusal names the field" grep -q 'containerPort must be integer' "$tmp/broken.out"

check "mounts and args" python3 - "$tmp/all.json" "$bin" <<'PY'
import json, subprocess, sys
ds = next(o for o in json.load(open(sys.argv[1])) if o["kind"] == "DaemonSet")
pod = ds["spec"]["template"]["spec"]
c = pod["containers"][0]
mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
assert mounts["/dev/kmsg"].get("readOnly") and mounts["/var/log/pods"].get("readOnly"), mounts
assert mounts["/var/log/containers"].get("readOnly"), mounts
assert "--kubernetes.pods-dir=/var/log/pods" in c["args"], c["args"]
assert "/var/lib/oomscan" in mounts
vols = {v["name"]: v for v in pod["volumes"]}
assert vols[mounts["/dev/kmsg"]["name"]]["hostPath"]["type"] == "CharDevice"
# Every flag the DaemonSet passes is one serve accepts.
help = subprocess.run([sys.argv[2], "serve", "--help"], capture_output=True, text=True).stdout
for a in c["args"][1:]:
    assert a.split("=")[0] in help, a
pm_port = c["ports"][0]["name"]
assert pm_port == "metrics"
PY
exit $fail
