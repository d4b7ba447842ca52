#!/usr/bin/env bash
# The README lists every application rule of parsers/apprules_table.c (its
# "Application families" table), so the README stays true as rows are added.
set -u
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
table=$src/parsers/apprules_table.c
readme=$src/README.md
names=$(grep -o '^[[:space:]]*R("[^"]*"' "$table" | sed 's/.*R("//; s/"$//')
[ -n "$names" ] || { echo "FAIL: no rules found in $table"; exit 1; }
fail=0 n=0
for name in $names; do
	n=$((n + 1))
	if ! grep -qF "| \`$name\` |" "$readme"; then
		echo "FAIL: rule $name is not in the README's Application families table"
		fail=1
	fi
done
echo "checked $n rules"
exit $fail
