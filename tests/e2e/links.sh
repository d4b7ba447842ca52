#!/usr/bin/env bash
# The layers link only downwards: every symbol a library of ours uses from
# another of ours is defined by a library it links (directly or through
# those). The links come from CMake (oomscan_links.txt, written at configure
# time); the symbols from `nm` on the built archives. A library that calls
# into one it does not link builds today only because the program links both,
# and this test fails for it. Also: the program does not load serve's and the
# journal's libraries at start.
set -u
bin=${OOMSCAN_BIN:?OOMSCAN_BIN not set}
dir=$(dirname "$bin")
links=$dir/oomscan_links.txt
command -v nm >/dev/null || { echo "SKIP: nm (binutils) not installed"; exit 77; }
[ -r "$links" ] || { echo "FAIL: $links missing (configure the build again)"; exit 1; }

declare -A deps defined
libs=()
while IFS=: read -r lib rest; do
	[ -n "$lib" ] || continue
	libs+=("$lib")
	deps[$lib]=$(echo "$rest" | tr ' ' '\n' | sed -n 's/^oomscan_//p' | grep -vx warnings | tr '\n' ' ')
done <"$links"
[ ${#libs[@]} -ge 4 ] || { echo "FAIL: only ${#libs[@]} libraries in $links"; exit 1; }

# Which library defines each global symbol.
for lib in "${libs[@]}"; do
	a=$dir/liboomscan_$lib.a
	[ -r "$a" ] || { echo "FAIL: $a missing"; exit 1; }
	while read -r sym; do
		defined[$sym]=$lib
	done < <(nm -g --defined-only "$a" 2>/dev/null | awk 'NF == 3 { print $3 }')
done

# closure LIB: LIB and every library it links, transitively.
closure() {
	local todo=("$1") seen=" " l d
	while [ ${#todo[@]} -gt 0 ]; do
		l=${todo[0]}
		todo=("${todo[@]:1}")
		case "$seen" in *" $l "*) continue ;; esac
		seen="$seen$l "
		for d in ${deps[$l]}; do todo+=("$d"); done
	done
	echo "$seen"
}

fail=0 checked=0
for lib in "${libs[@]}"; do
	allowed=$(closure "$lib")
	while read -r sym; do
		owner=${defined[$sym]:-}
		[ -n "$owner" ] || continue # the C library, PCRE2, cJSON, ...
		checked=$((checked + 1))
		case "$allowed" in
		*" $owner "*) ;;
		*)
			echo "FAIL: liboomscan_$lib uses $sym from liboomscan_$owner, which it does not link"
			fail=1
			;;
		esac
	done < <(nm -u "$dir/liboomscan_$lib.a" 2>/dev/null | awk '$1 == "U" { print $2 }' | sort -u)
done
[ "$checked" -gt 20 ] || { echo "FAIL: only $checked cross-library symbols seen"; fail=1; }

# The HTTP server's and the journal's libraries are opened when first used
# (core/dynlib.c), never at start: a batch run must not map them.
if command -v ldd >/dev/null; then
	needed=$(ldd "$bin" 2>&1)
	for l in libmicrohttpd libsystemd libgnutls; do
		if grep -q "$l" <<<"$needed"; then
			echo "FAIL: $bin loads $l at start (it is for serve or the journal only)"
			fail=1
		fi
	done
	printf 'Nov  1 00:00:00 h kernel: Out of memory: Killed process 1 (x)\n' >"${TMPDIR:-/tmp}/links.$$.log"
	if ! LD_DEBUG=files "$bin" --format json "${TMPDIR:-/tmp}/links.$$.log" 2>&1 >/dev/null |
		awk '/calling init:/ && /(microhttpd|systemd|gnutls)/ { bad = 1 } END { exit bad }'; then
		echo "FAIL: a batch run opened libmicrohttpd, libsystemd or GnuTLS"
		fail=1
	fi
	rm -f "${TMPDIR:-/tmp}/links.$$.log"
fi
echo "checked $checked cross-library uses in ${#libs[@]} libraries"
exit $fail
