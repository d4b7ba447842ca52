#!/usr/bin/env bash
# The README lists every kernel report shape of parsers/kernel_table.c (its
# "Kernel report shapes" table), so the README stays true as rows are added.
set -u
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
table=$src/parsers/kernel_table.c
readme=$src/README.md
names=$(grep -o '^[[:space:]]*ROW("[^"]*"' "$table" | sed 's/.*ROW("//; s/"$//')
[ -n "$names" ] || { echo "FAIL: no rows found in $table"; exit 1; }
fail=0 n=0
for name in $names; do
	n=$((n + 1))
	if ! grep -qF "| \`$name\` |" "$readme"; then
		echo "FAIL: shape $name is not in the README's Kernel report shapes table"
		fail=1
	fi
done
echo "checked $n shapes"
exit $fail
