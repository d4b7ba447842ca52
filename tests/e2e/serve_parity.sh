#!/bin/bash
# serve_parity.sh - the same events for the same input in batch and live:
# each sample log is run through `oomscan --format jsonl FILE` and through
# `oomscan serve --follow COPY --from-start`, and the events counted by kind
# and the kills reaped must agree (serve publishes a kill at once and amends
# it when its oom_reaper line follows). Also: a state file that cannot be written is counted in
# oomscan_state_write_errors_total and serving goes on. Loopback only;
# bounded in time.
set -u
. "$(dirname "$0")/serve_common.bash"

files=()
for f in "$OOMSCAN_SRC"/tests/data/samples/*.log "$OOMSCAN_SRC"/tests/data/kernel/*.log; do
	[ -f "$f" ] && files+=("$f")
done
# The shared corpus, when this checkout has it next door (at most 12 files).
n=0
for f in "$OOMSCAN_SRC"/../shared/corpus/kernel/*.log; do
	[ -f "$f" ] || continue
	[ $n -lt 12 ] || break
	files+=("$f")
	n=$((n + 1))
done
[ ${#files[@]} -gt 0 ] || { echo "SKIP: no sample logs" >&2; exit 77; }

kinds="oom_kill memcg_oom_kill userspace_oom_kill alloc_failure commit_limit runtime_oom memory_warning oom_reap"
checked=0
for f in "${files[@]}"; do
	copy="$T/$(basename "$f")"
	cp "$f" "$copy"
	batch=$("$OOMSCAN_BIN" --format jsonl "$copy" 2>/dev/null | python3 -c '
import collections, json, sys
evs = [json.loads(l) for l in sys.stdin if l.strip()]
c = collections.Counter(e["kind"] for e in evs)
r = sum(1 for e in evs if e.get("reaped"))
print(" ".join("%s=%d" % (k, c[k]) for k in sys.argv[1].split()) + " reaped=%d" % r)
' "$kinds")
	start_serve --follow "$copy" --from-start --state-file ""
	lines=$(awk 'END { print NR }' "$copy")
	wait_metric "oomscan_source_lines_total{source=\"$copy\"}" "$lines" 5
	# Held events are released after 300 ms without input: wait (bounded)
	# until the live counts reach the batch counts.
	deadline=$((SECONDS + 3))
	while :; do
		body=$(curl -fsS -m 2 "$BASE/metrics")
		live=""
		for k in $kinds; do
			v=$(printf '%s\n' "$body" | awk -v s="oomscan_events_total{kind=\"$k\"}" '$1 == s { print $2 }')
			live="$live${live:+ }$k=${v:-0}"
		done
		# Live kills leave at once; their reaper lines amend them.
		v=$(printf '%s\n' "$body" | awk '$1 == "oomscan_reaped_kills_total" { print $2 }')
		live="$live reaped=${v:-0}"
		[ "$batch" = "$live" ] && break
		[ $SECONDS -lt $deadline ] || break
		sleep 0.05
	done
	stop_serve
	[ "$batch" = "$live" ] || fail "$(basename "$f"): batch [$batch] != live [$live]"
	checked=$((checked + 1))
done

# A state file whose directory cannot be made: counted, and still serving.
: >"$T/not-a-dir"
F="$T/kern.log"
: >"$F"
start_serve --follow "$F" --from-start --state-file "$T/not-a-dir/state.json"
report 5001 6000 >>"$F"
wait_metric 'oomscan_events_total{kind="memcg_oom_kill"}' 1 3
deadline=$((SECONDS + 5))
while :; do
	v=$(metric oomscan_state_write_errors_total)
	[ -n "$v" ] && [ "$v" != 0 ] && break
	[ $SECONDS -lt $deadline ] || fail "state write errors not counted"
	sleep 0.1
done
grep -q 'cannot write the state file' "$SERVE_LOG" || fail "no warning about the state file"
echo "PASS: $checked files agree in batch and live"
