#!/usr/bin/env bash
# Every row of the store's metrics table (store/metrics.c) is documented and
# exposed: the README's Metrics section names it, and `--format prom
# --host-label` prints its HELP and TYPE (with the row's type), so a metric
# cannot be added without its docs.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
table=$src/store/metrics.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# The Metrics section: from its heading to the next heading.
sed -n '/^### Metrics$/,/^##/p' "$src/README.md" >"$tmp/section"
[ -s "$tmp/section" ] || { echo "FAIL: no Metrics section in the README"; exit 1; }
"$bin" --format prom --host-label "$src/tests/data/samples/kern.log" >"$tmp/out.prom" 2>"$tmp/stderr" ||
	{ echo "FAIL: --format prom exited $?"; cat "$tmp/stderr"; exit 1; }

# ROW("name", METRIC_TYPE, ...: the name and type of each row.
grep -o 'ROW("oomscan_[a-z_]*", METRIC_[A-Z]*' "$table" |
	sed 's/ROW("\([^"]*\)", METRIC_\([A-Z]*\)/\1 \2/' >"$tmp/rows"
n=$(wc -l <"$tmp/rows")
[ "$n" -ge 20 ] || { echo "FAIL: only $n rows found in $table"; exit 1; }
while read -r name type; do
	type=$(tr 'A-Z' 'a-z' <<<"$type")
	if ! grep -qF "\`$name\`" "$tmp/section"; then
		echo "FAIL: $name is not in the README's Metrics table"
		fail=1
	fi
	if ! grep -q "^# HELP $name " "$tmp/out.prom"; then
		echo "FAIL: $name has no HELP in --format prom"
		fail=1
	fi
	if ! grep -qx "# TYPE $name $type" "$tmp/out.prom"; then
		echo "FAIL: $name has no TYPE $type in --format prom"
		fail=1
	fi
done <"$tmp/rows"
echo "checked $n metrics of store/metrics.c"
exit $fail
