#!/usr/bin/env bash
# dashboards/oomscan.json against Grafana's own dashboard schema, the types
# npm @grafana/schema publishes (installed on first run with TypeScript into
# the build directory): the dashboard is type-checked as a `Dashboard`
# literal. Every field's type, every required field and every enum value
# must match; properties the types do not list (TS2353: datasource-specific
# query fields such as `expr`, `definition`, which Grafana's open schema
# allows) are listed but allowed. A copy with a wrong type must fail.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
. "$src/tests/e2e/lib.bash"
mods=$(npm_tools) || { echo "skip: node/npm missing or the npm install failed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local name=$1; shift; if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi; }
ln -s "$mods" "$tmp/node_modules"

# tscheck JSON NAME: type-checks JSON as a Dashboard; prints the errors that
# are not TS2353 into $tmp/NAME.errors.
tscheck() {
	{
		echo "import { type Dashboard, ThresholdsMode } from '@grafana/schema';"
		echo "export const dashboard: Dashboard ="
		sed -e 's/"mode": "absolute"/"mode": ThresholdsMode.Absolute/' \
			-e 's/"mode": "percentage"/"mode": ThresholdsMode.Percentage/' "$1"
		echo ";"
	} > "$tmp/$2.ts"
	cat > "$tmp/$2.json" <<JSON
{"compilerOptions": {"strict": true, "noEmit": true, "module": "esnext",
  "moduleResolution": "bundler", "target": "es2020", "skipLibCheck": true},
 "files": ["$2.ts"]}
JSON
	(cd "$tmp" && node node_modules/typescript/bin/tsc -p "$2.json") > "$tmp/$2.out" 2>&1
	grep 'error TS' "$tmp/$2.out" | grep -v 'error TS2353' > "$tmp/$2.errors"
	grep -c 'error TS2353' "$tmp/$2.out" > "$tmp/$2.open" || true
}

tscheck "$src/dashboards/oomscan.json" dash
cat "$tmp/dash.errors"
check "dashboard type-checks against @grafana/schema" [ ! -s "$tmp/dash.errors" ]
echo "     ($(cat "$tmp/dash.open") datasource-specific properties outside the typed schema)"
python3 - "$src/dashboards/oomscan.json" > "$tmp/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["schemaVersion"] = "38"
d["panels"][1]["gridPos"] = {"x": 0}
print(json.dumps(d, indent=2))
PY
tscheck "$tmp/bad.json" bad
check "a dashboard with wrong types is refused" [ -s "$tmp/bad.errors" ]
check "... the string schemaVersion" grep -q "'string' is not assignable to type 'number'" "$tmp/bad.out"
check "... the incomplete gridPos" grep -q "missing the following properties from type 'GridPos'" "$tmp/bad.out"
exit $fail
