#!/usr/bin/env bash
# The README lists every row of the two recognition tables: each kernel report
# shape of parsers/kernel_table.c (its "Kernel report shapes" table) and each
# application rule of parsers/apprules_table.c (its "Application families"
# table), so the README stays true as rows are added.
set -u
src=${OOMSCAN_SRC:?OOMSCAN_SRC not set}
readme=$src/README.md
fail=0

# check TABLE_FILE MACRO README_SECTION
check() {
	local table=$src/parsers/$1 macro=$2 section=$3 names name n=0

	names=$(grep -o "^[[:space:]]*$macro(\"[^\"]*\"" "$table" | sed "s/.*$macro(\"//; s/\"\$//")
	[ -n "$names" ] || { echo "FAIL: no rows found in $table"; fail=1; return; }
	for name in $names; do
		n=$((n + 1))
		if ! grep -qF "| \`$name\` |" "$readme"; then
			echo "FAIL: $name is not in the README's $section table"
			fail=1
		fi
	done
	echo "checked $n rows of $1"
}

check kernel_table.c ROW "Kernel report shapes"
check apprules_table.c R "Application families"
exit $fail
