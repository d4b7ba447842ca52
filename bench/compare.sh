#!/usr/bin/env bash
# compare.sh - every row of issue 12's table in one run, oomscan side by side
# with the tool a user would reach for instead:
#
#   bench/compare.sh [--runs N] [--4g] [--callgrind] [--no-serve] [--quick]
#
#   sparse   1 GiB genlog (--rate 5 --hosts 8 --seed 3): oomscan --format json
#            against `rg -c` over 5 OOM keywords; median of RUNS paired runs
#            (oomscan, then rg, each run after an untimed read of the file
#            so that all read from the page cache; rg the faster of its mmap and
#            --no-mmap runs), the ratio of each pair's wall and CPU time,
#            and whether oomscan's counts equal the truth file;
#            with the default threads (one per CPU) and again with -j 1.
#   dense    256 MiB genlog (--rate 5000 --hosts 50 --seed 5): the same.
#   mtail    100 MiB of the sparse generator: mtail --one_shot with a 2-regex
#            OOM program against oomscan, CPU time (how many times less), with
#            the default threads and with -j 1 (two busy threads on a 2-vCPU
#            VM each run slower, which inflates CPU time), cat's CPU on
#            the same file: what read() alone costs (the floor), and how
#            much more CPU one -j 1 run takes while the other vCPU is busy.
#   rss      peak RSS (GNU time) at 10 MiB, 1 GiB (and 4 GiB with
#            --4g), and at 1 and 10,000 hosts (64 MiB each).
#   -j       -j 2 against -j 1 on two 512 MiB files, when the binary has -j,
#            and the machine's own floor for it: two -j 1 processes at once
#            against one after the other, and two `cat`s so (what reading
#            alone gains from the second vCPU).
#   serve    `oomscan serve --follow` on loopback: /metrics under wrk at 64
#            connections (req/s, p99), and the live latency: a memcg kill
#            report appended to the followed file until /metrics counts it
#            (LAT_TRIALS times, p50/p95).
#   --callgrind  instructions of oomscan -j 1 on 20 MiB sparse and dense files
#            (the figure that does not move with machine noise).
#
# Environment: SIZE_SCALE (default 1) multiplies every file size, e.g. 0.05
# for a quick run (--quick sets it and RUNS=3); OOMSCAN_BIN picks the binary
# (default: a Release build in build-bench/); WRK_SECS (default 10);
# LAT_TRIALS (default 20). Files are generated once into bench/.cache/
# (gitignored). ripgrep, mtail and wrk are installed when missing (Debian
# packages; root or sudo). The table goes to stdout and to
# bench/.cache/compare-DATE.md. Timing lives here, never in ctest.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$OOMSCAN_ROOT"
exec </dev/null

runs=${RUNS:-5} scale=${SIZE_SCALE:-1} big=0 callgrind=0 serve=1
wrk_secs=${WRK_SECS:-10} lat_trials=${LAT_TRIALS:-20}
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--4g) big=1; shift ;;
	--callgrind) callgrind=1; shift ;;
	--no-serve) serve=0; shift ;;
	--quick) scale=0.05 runs=3; shift ;;
	-h|--help) sed -n '2,39p' "$0"; exit 0 ;;
	*) die "unknown argument: $1 (see --help)" ;;
	esac
done

cache=bench/.cache
mkdir -p "$cache"
out=$cache/compare-$(date -u +%Y%m%dT%H%MZ).md
rows=()   # the markdown rows, in order
notes=()  # lines printed under the table

# ---- anchors and binary ----

need=()
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v mtail >/dev/null 2>&1 || need+=(mtail)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ -x /usr/bin/time ] || need+=(time)
if [ "${#need[@]}" -gt 0 ]; then
	say "installing ${need[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" ||
		die "apt-get install ${need[*]} failed"
fi

bin=${OOMSCAN_BIN:-}
if [ -z "$bin" ]; then
	build_dir build-bench -DCMAKE_BUILD_TYPE=Release -DOOMSCAN_TESTS=OFF >/dev/null
	bin=build-bench/oomscan
fi
[ -x "$bin" ] || die "$bin is not executable"

# ---- helpers ----

# mb SIZE_MIB: the size scaled by SIZE_SCALE (at least 1).
mb() { python3 -c "import sys; print(max(1, round($1 * $scale)))"; }

# settle FILE: the file's pages dropped from the page cache (fadvise
# DONTNEED, no root needed) and read back, as a log written long ago is read
# from disk: the kernel's read-ahead then caches it in large folios, which
# make a mapped read (rg's default) much cheaper than the small folios of a
# file written in small appends (1 GiB: rg mapped 0.11 s against 0.62 s;
# read() barely changes). Every input starts in that one state.
settle() {
	python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
os.fsync(fd)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
os.close(fd)' "$1"
	cat "$1" >/dev/null
}

# warm FILE...: read untimed before a timed run, so that every run, oomscan's
# and its anchor's alike, reads from the page cache: a virtual machine may
# page out cache that looks idle (this one runs a DAMON pageout scheme on
# pages not touched for a minute), and the first reader would pay the disk.
warm() { cat "$@" >/dev/null; }

# gen NAME MIB GENLOG-ARGS...: bench/.cache/NAME-MIBm.log, generated once.
gen() {
	local name=$1 size=$2 f
	shift 2
	f=$cache/$name-${size}m.log
	if [ ! -s "$f" ] || [ ! -s "$f.truth.json" ]; then
		say "generating $f (once)" >&2
		python3 bench/genlog.py "$f" "$size" "$@" >/dev/null
	fi
	settle "$f"
	printf '%s\n' "$f"
}

# timed OUTFILE CMD...: runs CMD with stdout to OUTFILE; prints "wall cpu":
# wall from a monotonic clock, CPU from the child's own rusage (wait4), to
# the millisecond and better (GNU time's 10 ms steps would be a fifth of
# rg's time on the dense file).
timed() {
	python3 - "$@" <<'PY'
import os, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    t0 = time.perf_counter()
    p = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, _, r = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
print("%.4f %.4f" % (t1 - t0, r.ru_utime + r.ru_stime))
PY
}

# peak_rss CMD...: CMD's peak RSS in KiB, from GNU time (a child that
# python forks would count python's own pages).
peak_rss() {
	local t
	t=$(mktemp)
	/usr/bin/time -f '%M' -o "$t" "$@" >/dev/null 2>&1 || true
	cat "$t"
	rm -f "$t"
}

# median: of the numbers on stdin.
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# exact JSON TRUTH: "exact" when oomscan's summary equals genlog's truth.
exact() {
	python3 - "$1" "$2" <<'PY'
import json, sys
out, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
s = out["summary"]
kinds = {k: v for k, v in s["events_by_kind"].items() if v}
reaped = sum(1 for e in out["events"] if e.get("reaped"))
ok = kinds == truth["by_kind"] and reaped == truth["reaped"] and s["ledger"]["balanced"]
print("exact (%d events)" % sum(kinds.values()) if ok else "DIFFERS: %s vs %s" % (kinds, truth["by_kind"]))
PY
}

kw=(-e 'invoked oom-killer' -e 'Killed process' -e 'page allocation failure' -e 'oom_reaper' -e 'Out of memory')

# versus_rg LABEL FILE [OOMSCAN ARGS...]: paired runs of oomscan --format
# json and rg -c. rg runs twice per pair, mapping the file (its default)
# and reading it (--no-mmap), and the faster counts: on this VM either can
# be the fast one, by up to five times, from one hour to the next.
versus_rg() {
	local label=$1 f=$2 i o r wo co wr cr wn cn mib res
	shift 2
	local -a wall_o=() cpu_o=() wall_r=() cpu_r=() ratio_w=() ratio_c=() wall_m=() wall_n=()
	for ((i = 0; i < runs; i++)); do
		warm "$f"
		read -r wo co < <(timed "$cache/oomscan.json" "$bin" "$@" --format json "$f")
		warm "$f"
		read -r wr cr < <(timed "$cache/rg.out" rg -c "${kw[@]}" "$f")
		warm "$f"
		read -r wn cn < <(timed "$cache/rg.out" rg --no-mmap -c "${kw[@]}" "$f")
		wall_m+=("$wr") wall_n+=("$wn")
		if awk -v a="$wn" -v b="$wr" 'BEGIN { exit !(a < b) }'; then
			wr=$wn cr=$cn
		fi
		wall_o+=("$wo") cpu_o+=("$co") wall_r+=("$wr") cpu_r+=("$cr")
		ratio_w+=("$(awk -v a="$wo" -v b="$wr" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')")
		ratio_c+=("$(awk -v a="$co" -v b="$cr" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')")
	done
	res=$(exact "$cache/oomscan.json" "$f.truth.json")
	mib=$(( $(stat -c %s "$f") / 1048576 ))
	o=$(printf '%s\n' "${wall_o[@]}" | median)
	r=$(printf '%s\n' "${wall_r[@]}" | median)
	rows+=("| $label, $mib MiB | oomscan $* --format json: wall $o s, CPU $(printf '%s\n' "${cpu_o[@]}" | median) s, $(awk -v m="$mib" -v t="$o" 'BEGIN { printf "%.0f", (t > 0 ? m / t : 0) }') MiB/s; $res | rg -c, 5 keywords ($(cat "$cache/rg.out")), the faster of mmap ($(printf '%s\n' "${wall_m[@]}" | median) s) and --no-mmap ($(printf '%s\n' "${wall_n[@]}" | median) s) each run: wall $r s, CPU $(printf '%s\n' "${cpu_r[@]}" | median) s | wall $(printf '%s\n' "${ratio_w[@]}" | median)×, CPU $(printf '%s\n' "${ratio_c[@]}" | median)× rg |")
}

# ---- batch rows ----

sparse=$(gen sparse "$(mb 1024)" --rate 5 --hosts 8 --seed 3)
dense=$(gen dense "$(mb 256)" --rate 5000 --hosts 50 --seed 5)
say "sparse and dense against rg ($runs paired runs each)"
versus_rg "sparse (8 hosts)" "$sparse"
versus_rg "sparse (8 hosts), one thread" "$sparse" -j 1
versus_rg "dense (50 hosts, 5% in reports)" "$dense"
versus_rg "dense, one thread" "$dense" -j 1

say "mtail --one_shot"
mt=$(gen sparse "$(mb 100)" --rate 5 --hosts 8 --seed 3)
mkdir -p "$cache/mtail"
cat >"$cache/mtail/oom.mtail" <<'EOF'
counter oom_invoked
counter oom_killed
/invoked oom-killer/ {
  oom_invoked++
}
/Killed process \d+/ {
  oom_killed++
}
EOF
warm "$mt"
read -r _ cm < <(timed "$cache/mtail.out" mtail --one_shot --progs "$cache/mtail" --logs "$mt" --logtostderr)
# mtail_row LABEL [OOMSCAN ARGS...]: oomscan's CPU on the same file.
mtail_row() {
	local label=$1 i c co
	shift
	local -a cos=()
	for ((i = 0; i < runs; i++)); do
		warm "$mt"
		read -r _ c < <(timed "$cache/oomscan.json" "$bin" "$@" --format json "$mt")
		cos+=("$c")
	done
	co=$(printf '%s\n' "${cos[@]}" | median)
	rows+=("| mtail, $(( $(stat -c %s "$mt") / 1048576 )) MiB sparse$label | oomscan $* CPU $co s (median of $runs) | mtail --one_shot, 2 regexes: CPU $cm s | $(awk -v a="$cm" -v b="$co" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')× less CPU |")
}
mtail_row ""
mtail_row ", one thread" -j 1
# What reading the file costs at all (read() copies from the page cache):
# the floor under every row above, against the 1% of mtail's CPU that the
# 100x target leaves.
cats=()
for ((i = 0; i < runs; i++)); do
	warm "$mt"
	read -r _ c < <(timed /dev/null cat "$mt")
	cats+=("$c")
done
c=$(printf '%s\n' "${cats[@]}" | median)
rows+=("| the read floor, the same file | \`cat\` CPU $c s (median of $runs) | 1% of mtail's CPU: $(awk -v a="$cm" 'BEGIN { printf "%.4f", a / 100 }') s | cat takes $(awk -v a="$cm" -v b="$c" 'BEGIN { printf "%.0f", (a > 0 ? 10000 * b / a : 0) }')% of the 100× budget |")
# What work on the other vCPU costs a run's CPU here: one -j 1 run alone,
# and the same run while a second -j 1 process works on the same file on
# the other vCPU (started first and running about three times as long, so
# it covers the timed run). The threaded rows above always pay this: their
# two threads work at once.
alone=() busy=()
for ((i = 0; i < runs; i++)); do
	warm "$mt"
	read -r _ c < <(timed /dev/null "$bin" -j 1 --format json "$mt")
	alone+=("$c")
	warm "$mt"
	(for _ in 1 2 3; do "$bin" -j 1 --format json "$mt" >/dev/null; done) &
	sleep 0.01
	read -r _ c < <(timed /dev/null "$bin" -j 1 --format json "$mt")
	wait
	busy+=("$c")
done
ca=$(printf '%s\n' "${alone[@]}" | median) cb=$(printf '%s\n' "${busy[@]}" | median)
rows+=("| the machine: oomscan -j 1's CPU on the same file, alone and with the other vCPU busy | busy: $cb s | alone: $ca s | $(awk -v a="$cb" -v b="$ca" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')× (what two threads at once pay in CPU) |")

say "peak RSS"
rss_row() { # LABEL FILE
	local p
	p=$(peak_rss "$bin" --format json "$2")
	rss+=("$1: $(awk -v k="$p" 'BEGIN { printf "%.1f", k / 1024 }') MiB")
}
rss=()
rss_row "$(mb 10) MiB" "$(gen sparse "$(mb 10)" --rate 5 --hosts 8 --seed 3)"
rss_row "$(mb 1024) MiB" "$sparse"
[ "$big" = 1 ] && rss_row "$(mb 4096) MiB" "$(gen sparse "$(mb 4096)" --rate 5 --hosts 8 --seed 3)"
rss_row "1 host" "$(gen hosts1 "$(mb 64)" --rate 500 --hosts 1 --seed 7)"
rss_row "10,000 hosts" "$(gen hosts10000 "$(mb 64)" --rate 500 --hosts 10000 --seed 7)"
rows+=("| peak RSS | $(IFS=';'; printf '%s' "${rss[*]}" | sed 's/;/; /g') | — | |")

# at_once LABEL NOTE CMD...: "CMD j1; CMD j2" one after the other against
# both at once (median wall time of RUNS each), as a row.
at_once() {
	local label=$1 note=$2 a=() b=() t0 t1 t2 t3 w1 w2
	shift 2
	for ((i = 0; i < runs; i++)); do
		warm "$j1" "$j2"
		t0=$(date +%s.%N)
		"$@" "$j1" >/dev/null
		"$@" "$j2" >/dev/null
		t1=$(date +%s.%N)
		warm "$j1" "$j2"
		t2=$(date +%s.%N)
		"$@" "$j1" >/dev/null &
		"$@" "$j2" >/dev/null
		wait
		t3=$(date +%s.%N)
		a+=("$(awk -v x="$t0" -v y="$t1" 'BEGIN { printf "%.4f", y - x }')")
		b+=("$(awk -v x="$t2" -v y="$t3" 'BEGIN { printf "%.4f", y - x }')")
	done
	w1=$(printf '%s\n' "${a[@]}" | median) w2=$(printf '%s\n' "${b[@]}" | median)
	rows+=("| $label | at once: $w2 s | one after the other: $w1 s | $(awk -v a="$w2" -v b="$w1" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')× ($note) |")
}

if "$bin" --help 2>&1 | grep -qE '(^|[ ,])-j'; then
	say "-j 2 against -j 1"
	j1=$(gen jobs-a "$(mb 512)" --rate 5 --hosts 8 --seed 11)
	j2=$(gen jobs-b "$(mb 512)" --rate 5 --hosts 8 --seed 12)
	a=() b=()
	for ((i = 0; i < runs; i++)); do
		warm "$j1" "$j2"
		read -r w _ < <(timed "$cache/j1.json" "$bin" -j 1 --format json "$j1" "$j2"); a+=("$w")
		warm "$j1" "$j2"
		read -r w _ < <(timed "$cache/j2.json" "$bin" -j 2 --format json "$j1" "$j2"); b+=("$w")
	done
	same=$(cmp -s "$cache/j1.json" "$cache/j2.json" && echo "output identical" || echo "OUTPUT DIFFERS")
	w1=$(printf '%s\n' "${a[@]}" | median) w2=$(printf '%s\n' "${b[@]}" | median)
	rows+=("| -j 2 vs -j 1, 2 × $(mb 512) MiB | -j 2: $w2 s; $same | -j 1: $w1 s | $(awk -v a="$w2" -v b="$w1" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')× |")
	# What two busy threads get from this machine: two separate -j 1
	# processes at once against one after the other (the best -j 2 can do),
	# and the same for `cat`, which only copies the files out of the page
	# cache: how much of that copy two vCPUs can do at once here.
	at_once "the machine: two -j 1 processes at once vs one after the other, same files" \
		"the floor for -j 2" "$bin" -j 1 --format json
	at_once "the machine: two \`cat\`s at once vs one after the other, same files" \
		"what reading alone gains from a second vCPU" cat
else
	rows+=("| -j 2 vs -j 1 | skipped: this binary has no -j | | |")
fi

# ---- serve rows ----

if [ "$serve" = 1 ]; then
	say "oomscan serve: wrk on /metrics, live latency"
	T=$(mktemp -d)
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	: >"$T/kern.log"
	"$bin" serve --follow "$T/kern.log" --state-file "" --from-start \
		--web.listen-address "127.0.0.1:$port" --web.max-requests 128 --log.level error \
		>"$T/serve.log" 2>&1 &
	spid=$!
	trap 'kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; rm -rf "$T"' EXIT
	for ((i = 0; i < 100; i++)); do
		curl -fsS -m 1 "http://127.0.0.1:$port/metrics" >/dev/null 2>&1 && break
		sleep 0.1
	done
	lat=$(python3 - "$T/kern.log" "$port" "$lat_trials" <<'PY'
import http.client, re, sys, time
path, port, trials = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pat = re.compile(r'^oomscan_events_total\{[^}]*kind="memcg_oom_kill"[^}]*\}\s+(\S+)', re.M)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
def count():
    global conn
    try:
        conn.request("GET", "/metrics")
        body = conn.getresponse().read().decode()
    except Exception:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        return -1
    return sum(float(v) for v in pat.findall(body))
lat = []
for i in range(trials):
    before = count()
    ts = time.strftime("%b %e %H:%M:%S")
    up = 1000 + i
    pid = 40000 + i
    rep = "".join("%s bench kernel: [%5d.%06d] %s\n" % (ts, up, k, l) for k, l in enumerate([
        "stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        "memory: usage 524288kB, limit 524288kB, failcnt 42",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
        "oom_memcg=/bench,task_memcg=/bench,task=stress,pid=%d,uid=0" % pid,
        "Memory cgroup out of memory: Killed process %d (stress) total-vm:600000kB, anon-rss:520000kB, "
        "file-rss:4kB, shmem-rss:0kB, UID:0 pgtables:1100kB oom_score_adj:0" % pid]))
    t0 = time.monotonic()
    with open(path, "a") as f:
        f.write(rep)
    while count() <= before and time.monotonic() - t0 < 5:
        time.sleep(0.002)
    lat.append((time.monotonic() - t0) * 1000)
    time.sleep(0.2)
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(round(p * (len(lat) - 1))))]
print("p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d kills)" % (q(0.5), q(0.95), lat[-1], len(lat)))
PY
)
	rows+=("| live: a memcg kill report appended to a followed file, until /metrics shows it | $lat | — | |")
	w=$(wrk -t2 -c64 -d"${wrk_secs}s" --latency "http://127.0.0.1:$port/metrics" 2>&1)
	rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$w")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$w")
	rows+=("| /metrics under wrk, 64 connections, ${wrk_secs} s | ${rps:-?} req/s, p99 ${p99:-?} | — | |")
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
	trap - EXIT
	rm -rf "$T"
fi

# ---- instruction counts ----

if [ "$callgrind" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	say "callgrind on 20 MiB files"
	for spec in "sparse --rate 5 --hosts 8 --seed 3" "dense --rate 5000 --hosts 50 --seed 5"; do
		# shellcheck disable=SC2086 # the spec is words
		set -- $spec
		f=$(gen "$1" 20 "${@:2}")
		# -j 1: one thread, the figure earlier results give
		n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" -j 1 --format json "$f" 2>&1 >/dev/null |
			awk '/refs:/ { print $NF }')
		rows+=("| callgrind, 20 MiB $1, -j 1 | $n instructions | — | |")
	done
fi

{
	printf '%s, %s, %s cores, SIZE_SCALE %s, %s runs\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
		"$("$bin" --version 2>/dev/null | sed -n '1s/.*(\(.*\)).*/\1/p')" "$(nproc)" "$scale" "$runs"
	printf '| work | oomscan | anchor | ratio |\n|---|---|---|---|\n'
	printf '%s\n' "${rows[@]}"
	for n in "${notes[@]}"; do printf '\n%s\n' "$n"; done
} | tee "$out"
say "written to $out"
