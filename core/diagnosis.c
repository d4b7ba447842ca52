/*
 * diagnosis.c - the cause of an out-of-memory event and the setting to
 * change, from that event's fields alone: one table of rules, each with its
 * evidence test and its explanation (../shared/spec/events.md, "diagnosis
 * causes").
 *
 * Trusts events made by event_init (strings NUL-terminated); every string
 * written is cut to its buffer. Thread-safe: no shared state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "diagnosis.h"
#include "text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cause_names[DIAG_CAUSE_COUNT] = {
	[DIAG_UNKNOWN] = "unknown",
	[DIAG_MEMCG_LIMIT] = "memcg_limit",
	[DIAG_NO_SWAP] = "no_swap",
	[DIAG_SWAP_EXHAUSTED] = "swap_exhausted",
	[DIAG_OVERCOMMIT_STRICT] = "overcommit_strict",
	[DIAG_FORK_OVERCOMMIT] = "fork_overcommit",
	[DIAG_PAGEFILE_COMMIT] = "pagefile_commit",
	[DIAG_RUNTIME_LIMIT] = "runtime_limit",
	[DIAG_FRAGMENTATION] = "fragmentation",
	[DIAG_ATOMIC_TRANSIENT] = "atomic_transient",
	[DIAG_PRESSURE_KILL] = "pressure_kill",
};

static const char *const cause_labels[DIAG_CAUSE_COUNT] = {
	[DIAG_UNKNOWN] = "cause not in the text",
	[DIAG_MEMCG_LIMIT] = "memory cgroup limit reached",
	[DIAG_NO_SWAP] = "no swap",
	[DIAG_SWAP_EXHAUSTED] = "swap exhausted",
	[DIAG_OVERCOMMIT_STRICT] = "strict overcommit limit",
	[DIAG_FORK_OVERCOMMIT] = "fork refused by overcommit",
	[DIAG_PAGEFILE_COMMIT] = "Windows commit limit (paging file)",
	[DIAG_RUNTIME_LIMIT] = "runtime's own limit",
	[DIAG_FRAGMENTATION] = "fragmented memory",
	[DIAG_ATOMIC_TRANSIENT] = "atomic allocation failure",
	[DIAG_PRESSURE_KILL] = "user-space killer on pressure",
};

const char *diag_cause_name(enum diag_cause c)
{
	if ((unsigned)c >= DIAG_CAUSE_COUNT)
		return "unknown";
	return cause_names[c];
}

const char *diag_cause_label(enum diag_cause c)
{
	if ((unsigned)c >= DIAG_CAUSE_COUNT)
		return cause_labels[DIAG_UNKNOWN];
	return cause_labels[c];
}

/* ---- text helpers ---- */

/* Appends to a NUL-terminated buffer of size n, cutting at its end. */
__attribute__((format(printf, 3, 4)))
static void put(char *buf, size_t n, const char *fmt, ...)
{
	size_t at = strlen(buf);
	va_list ap;

	if (at + 1 >= n)
		return;
	va_start(ap, fmt);
	text_vformat(buf + at, n - at, fmt, ap);
	va_end(ap);
}

#define PUT(field, ...) put(d->field, sizeof(d->field), __VA_ARGS__)

static const char *who(const struct oom_event *ev, char *buf, size_t n)
{
	if (ev->comm[0] && ev->pid != EV_NONE)
		text_format(buf, n, "%s (pid %" PRId64 ")", ev->comm, ev->pid);
	else if (ev->comm[0])
		text_format(buf, n, "%s", ev->comm);
	else if (ev->systemd_unit[0])
		text_format(buf, n, "%s", ev->systemd_unit);
	else if (ev->pid != EV_NONE)
		text_format(buf, n, "pid %" PRId64, ev->pid);
	else
		text_format(buf, n, "the process");
	return buf;
}

static int has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static int is(const char *s, const char *v)
{
	return strcmp(s, v) == 0;
}

/* ---- evidence predicates shared by rules ---- */

static int kernel_killer(const struct oom_event *ev)
{
	return !ev->killer[0] || is(ev->killer, "kernel");
}

/* A kill by the kernel for the whole machine (not a cgroup, cpuset or
 * memory policy). */
static int global_kill(const struct oom_event *ev)
{
	return ev->kind == EV_OOM_KILL && kernel_killer(ev) &&
	       (!ev->constraint[0] || is(ev->constraint, "CONSTRAINT_NONE"));
}

static int windows_commit_text(const struct oom_event *ev)
{
	return ev->errno_code == 1455 || has(ev->detail, "paging file") ||
	       has(ev->detail, "0x5AF") || has(ev->detail, "0x5af") ||
	       has(ev->detail, "ERROR_COMMITMENT_LIMIT") || has(ev->detail, "0xC000012D") ||
	       has(ev->detail, "0xc000012d");
}

static int linux_commit(const struct oom_event *ev)
{
	return is(ev->runtime, "linux") || has(ev->detail, "__vm_enough_memory");
}

/*
 * A kernel allocation that may not sleep for reclaim: GFP_ATOMIC or
 * GFP_NOWAIT spelled out, or a mask with no direct-reclaim bit in any
 * kernel's layout (__GFP_WAIT 0x10 before 4.4, __GFP_DIRECT_RECLAIM
 * 0x400000 in 4.4-4.12 and 0x400 since 4.13).
 */
static int atomic_mask(const struct oom_event *ev)
{
	unsigned long long m;
	char *end;

	if (has(ev->detail, "GFP_ATOMIC") || has(ev->detail, "GFP_NOWAIT"))
		return 1;
	if (!ev->gfp_mask[0])
		return 0;
	m = strtoull(ev->gfp_mask, &end, 16);
	if (*end || end == ev->gfp_mask)
		return 0;
	return (m & (0x10ull | 0x400ull | 0x400000ull)) == 0;
}

static int kernel_alloc(const struct oom_event *ev)
{
	return ev->kind == EV_ALLOC_FAILURE && is(ev->runtime, "kernel") &&
	       has(ev->detail, "page allocation failure");
}

/* ---- runtime caps: one row per message that names a runtime's own limit ---- */

struct runtime_cap {
	const char *runtimes; /* comma list the event's runtime must be in ("" = any) */
	const char *phrase;   /* in the event's detail, case as printed */
	const char *setting;  /* the flag or setting, exactly */
	const char *what;     /* what the setting caps */
	const char *remedy_pre, *remedy_post; /* around the process name */
};

static const struct runtime_cap caps[] = {
	{ "jvm", "Java heap space", "-Xmx", "the JVM's heap",
	  "Raise the heap cap `-Xmx` of ", " (in a container, or `-XX:MaxRAMPercentage`), or find what fills the heap (`-XX:+HeapDumpOnOutOfMemoryError`)" },
	{ "jvm", "GC overhead limit exceeded", "-Xmx", "the JVM's heap",
	  "Raise the heap cap `-Xmx` of ", ", or find what fills the heap (`-XX:+HeapDumpOnOutOfMemoryError`)" },
	{ "jvm", "Metaspace", "-XX:MaxMetaspaceSize", "the JVM's class metadata",
	  "Raise `-XX:MaxMetaspaceSize` of ", ", or look for a class loader leak" },
	{ "jvm", "Compressed class space", "-XX:CompressedClassSpaceSize", "the JVM's compressed class space",
	  "Raise `-XX:CompressedClassSpaceSize` of ", ", or look for a class loader leak" },
	{ "jvm", "Direct buffer memory", "-XX:MaxDirectMemorySize", "the JVM's direct buffers",
	  "Raise `-XX:MaxDirectMemorySize` of ", ", or release direct buffers sooner" },
	{ "jvm", "OutOfDirectMemoryError", "-Dio.netty.maxDirectMemory", "Netty's direct memory",
	  "Raise `-Dio.netty.maxDirectMemory` (or `-XX:MaxDirectMemorySize`) of ", ", or look for unreleased ByteBufs" },
	{ "node,v8", "heap limit", "--max-old-space-size", "V8's old-generation heap",
	  "Raise `--max-old-space-size` (MiB; `NODE_OPTIONS=--max-old-space-size=N`) of ", ", or find what fills the heap" },
	{ "node,v8", "JavaScript heap out of memory", "--max-old-space-size", "V8's old-generation heap",
	  "Raise `--max-old-space-size` (MiB; `NODE_OPTIONS=--max-old-space-size=N`) of ", ", or find what fills the heap" },
	{ "php", "Allowed memory size", "memory_limit", "PHP's per-script memory",
	  "Raise `memory_limit` in php.ini (or `ini_set`) for ", ", or process the data in smaller pieces" },
	{ "redis,valkey", "maxmemory", "maxmemory", "the server's dataset",
	  "Raise `maxmemory` of ", ", or set a `maxmemory-policy` that evicts (allkeys-lru, ...)" },
};

static int in_list(const char *list, const char *v)
{
	size_t n = strlen(v);
	const char *p = list;

	if (!list[0])
		return 1;
	if (!n)
		return 1; /* a runtime the parser did not name: the phrase decides */
	while ((p = strstr(p, v))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static const struct runtime_cap *runtime_cap_of(const struct oom_event *ev)
{
	size_t i;

	if (ev->kind != EV_RUNTIME_OOM && ev->kind != EV_ALLOC_FAILURE)
		return NULL;
	/* Windows' commit text rules a cap out; it is looked for only once a
	 * cap's phrase is found (most events name none). */
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (in_list(caps[i].runtimes, ev->runtime) && has(ev->detail, caps[i].phrase))
			return windows_commit_text(ev) ? NULL : &caps[i];
	return NULL;
}

/* ---- the rules: evidence tests ---- */

static int t_memcg_limit(const struct oom_event *ev)
{
	return ev->kind == EV_MEMCG_OOM_KILL ||
	       (ev->kind == EV_OOM_KILL && kernel_killer(ev) && is(ev->constraint, "CONSTRAINT_MEMCG"));
}

static int t_no_swap(const struct oom_event *ev)
{
	return global_kill(ev) && ev->swap_total_kb == 0;
}

/* Free swap "near 0": at most 2% of the total (free * 50 <= total, as a
 * division so that no size overflows). */
static int t_swap_exhausted(const struct oom_event *ev)
{
	return global_kill(ev) && ev->swap_total_kb != EV_NONE && ev->swap_total_kb > 0 &&
	       ev->swap_free_kb != EV_NONE && ev->swap_free_kb <= ev->swap_total_kb / 50;
}

static int t_overcommit_strict(const struct oom_event *ev)
{
	return ev->kind == EV_COMMIT_LIMIT && linux_commit(ev);
}

static int redis_like(const struct oom_event *ev)
{
	return is(ev->runtime, "redis") || is(ev->runtime, "valkey") ||
	       has(ev->comm, "redis") || has(ev->comm, "valkey");
}

static int t_fork_overcommit(const struct oom_event *ev)
{
	if (!redis_like(ev) || windows_commit_text(ev))
		return 0;
	if (ev->kind == EV_ALLOC_FAILURE)
		return has(ev->detail, "fork");
	if (ev->kind == EV_MEMORY_WARNING)
		return has(ev->detail, "vercommit"); /* "overcommit", "Overcommit" */
	return 0;
}

static int t_pagefile_commit(const struct oom_event *ev)
{
	return (ev->kind == EV_COMMIT_LIMIT || ev->kind == EV_ALLOC_FAILURE ||
		ev->kind == EV_RUNTIME_OOM) &&
	       !linux_commit(ev) && windows_commit_text(ev);
}

static int t_runtime_limit(const struct oom_event *ev)
{
	return runtime_cap_of(ev) != NULL && !t_fork_overcommit(ev);
}

static int t_fragmentation(const struct oom_event *ev)
{
	return kernel_alloc(ev) && ev->order != EV_NONE && ev->order >= 3;
}

static int t_atomic_transient(const struct oom_event *ev)
{
	return kernel_alloc(ev) && (ev->order == 0 || ev->order == 1) && atomic_mask(ev);
}

static int t_pressure_kill(const struct oom_event *ev)
{
	if (ev->kind == EV_USERSPACE_OOM_KILL)
		return is(ev->killer, "systemd-oomd") || is(ev->killer, "earlyoom") ||
		       is(ev->killer, "lmkd");
	return ev->kind == EV_OOM_KILL && is(ev->killer, "lowmemorykiller");
}

/* ---- the rules: explanations ---- */

/* The cgroup a memcg kill is about: "unit X", "pod U (container C)", ... */
static void memcg_subject(const struct oom_event *ev, struct diagnosis *d, char *what, size_t whatn)
{
	const char *path = ev->oom_memcg[0] ? event_oom_memcg(ev) : event_task_memcg(ev);

	if (ev->pod_uid[0]) {
		text_format(d->subject, sizeof(d->subject), "pod %s", ev->pod_uid);
		if (ev->container_id[0])
			text_format(what, whatn, "the pod's `resources.limits.memory` (pod %s, container %.12s)",
				 ev->pod_uid, ev->container_id);
		else
			text_format(what, whatn, "the pod's `resources.limits.memory` (pod %s)", ev->pod_uid);
	} else if (ev->container_id[0]) {
		text_format(d->subject, sizeof(d->subject), "container %.12s", ev->container_id);
		text_format(what, whatn, "the container's memory limit (`docker run --memory`, compose `mem_limit`) of container %.12s",
			 ev->container_id);
	} else if (ev->systemd_unit[0]) {
		text_format(d->subject, sizeof(d->subject), "%s", ev->systemd_unit);
		text_format(what, whatn, "`MemoryMax=` of %s (`systemctl set-property %s MemoryMax=...`)",
			 ev->systemd_unit, ev->systemd_unit);
	} else if (path[0]) {
		text_format(d->subject, sizeof(d->subject), "%s", path);
		text_format(what, whatn, "`memory.max` (cgroup v2) or `memory.limit_in_bytes` (v1) of cgroup %s", path);
	} else {
		text_format(d->subject, sizeof(d->subject), "a memory cgroup");
		text_format(what, whatn, "`memory.max` (cgroup v2) or `memory.limit_in_bytes` (v1) of its cgroup (the path is not in the text)");
	}
}

static void x_memcg_limit(const struct oom_event *ev, struct diagnosis *d)
{
	char what[320], b1[32], b2[32], w[96];
	const char *head, *om;

	memcg_subject(ev, d, what, sizeof(what));
	PUT(summary, "The memory cgroup limit of %s was reached, so the kernel killed %s inside it; the rest of the machine may have had memory to spare.",
	    d->subject, who(ev, w, sizeof(w)));
	/* The kill's line, the usage and limit when known, the cgroup when
	 * named: one call for the pieces there are. */
	head = ev->kind == EV_MEMCG_OOM_KILL ? "Memory cgroup out of memory" : "constraint=CONSTRAINT_MEMCG";
	om = ev->oom_memcg[0] ? event_oom_memcg(ev) : NULL;
	if (ev->memcg_usage_kb != EV_NONE && ev->memcg_limit_kb != EV_NONE && om)
		PUT(evidence, "%s; memory: usage %" PRId64 "kB, limit %" PRId64 "kB; oom_memcg=%s", head,
		    ev->memcg_usage_kb, ev->memcg_limit_kb, om);
	else if (ev->memcg_usage_kb != EV_NONE && ev->memcg_limit_kb != EV_NONE)
		PUT(evidence, "%s; memory: usage %" PRId64 "kB, limit %" PRId64 "kB", head,
		    ev->memcg_usage_kb, ev->memcg_limit_kb);
	else if (om)
		PUT(evidence, "%s; oom_memcg=%s", head, om);
	else
		PUT(evidence, "%s", head);
	/* One sentence, one call: a run of PUTs cut at the buffer's end gives
	 * the same bytes. */
	if (ev->memcg_limit_kb != EV_NONE && event_rss_kb(ev) != EV_NONE) {
		PUT(remedy, "Raise %s above its %s (the victim alone held %s), or lower what runs in it.",
		    what, text_kb(ev->memcg_limit_kb, b1, sizeof(b1)),
		    text_kb(event_rss_kb(ev), b2, sizeof(b2)));
	} else if (ev->memcg_limit_kb != EV_NONE) {
		PUT(remedy, "Raise %s above its %s, or lower what runs in it.", what,
		    text_kb(ev->memcg_limit_kb, b1, sizeof(b1)));
	} else {
		PUT(remedy, "Raise %s (the limit's value is not in the text), or lower what runs in it.", what);
	}
}

static void x_no_swap(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96];

	PUT(summary, "The machine ran out of memory with no swap configured, so the kernel killed %s to free memory.",
	    who(ev, w, sizeof(w)));
	if (ev->constraint[0])
		PUT(evidence, "Total swap = 0kB; constraint=%s", ev->constraint);
	else
		PUT(evidence, "Total swap = 0kB");
	PUT(remedy, "Add swap (a swap file with `swapon`, or zram) to absorb peaks, add RAM, or lower the demand of %s and its neighbours.",
	    ev->comm[0] ? ev->comm : "the victim");
}

static void x_swap_exhausted(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96], b1[32], b2[32];

	PUT(summary, "The machine ran out of memory and swap (%s of %s swap free), so the kernel killed %s.",
	    text_kb(ev->swap_free_kb, b1, sizeof(b1)), text_kb(ev->swap_total_kb, b2, sizeof(b2)),
	    who(ev, w, sizeof(w)));
	PUT(evidence, "Free swap  = %" PRId64 "kB; Total swap = %" PRId64 "kB", ev->swap_free_kb,
	    ev->swap_total_kb);
	PUT(remedy, "Add swap (`swapon`) or RAM, or lower the demand; `vm.swappiness` does not help once swap is full.");
}

static void x_overcommit_strict(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96];

	PUT(summary, "The kernel refused an allocation of %s because committed memory would pass the commit limit (strict overcommit, `vm.overcommit_memory=2`).",
	    who(ev, w, sizeof(w)));
	PUT(evidence, "__vm_enough_memory: not enough memory for the allocation");
	if (ev->requested_bytes != EV_NONE)
		PUT(evidence, "; bytes: %" PRId64, ev->requested_bytes);
	PUT(remedy, "Raise `vm.overcommit_ratio` or set `vm.overcommit_kbytes`, or add swap (CommitLimit = swap + overcommit_ratio%% x RAM); `vm.overcommit_memory=0` drops the strict limit.");
}

static void x_fork_overcommit(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96];
	const char *prog = ev->comm[0] ? ev->comm : "the server";

	if (ev->kind == EV_MEMORY_WARNING) {
		PUT(summary, "%s warned that memory overcommit is not enabled: its background save, AOF rewrite or replication forks and may fail under low memory.",
		    who(ev, w, sizeof(w)));
		PUT(evidence, "%s", has(ev->detail, "overcommit_memory is set to 0") ?
		    "WARNING overcommit_memory is set to 0" : "WARNING Memory overcommit must be enabled");
	} else {
		PUT(summary, "%s could not fork for its background save, AOF rewrite or replication: the kernel would not commit a copy of its memory.",
		    who(ev, w, sizeof(w)));
		PUT(evidence, "fork: Cannot allocate memory");
		if (ev->errno_code != EV_NONE)
			PUT(evidence, "; errno %" PRId64, ev->errno_code);
	}
	text_format(d->subject, sizeof(d->subject), "%s", prog);
	PUT(remedy, "Set `vm.overcommit_memory=1` (sysctl, and in /etc/sysctl.d/) on the host of %s, and leave `maxmemory` headroom for copy-on-write during the save.",
	    prog);
}

static void x_pagefile_commit(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96];

	PUT(summary, "Windows refused to commit memory for %s: the commit limit (RAM plus the paging file) was reached.",
	    who(ev, w, sizeof(w)));
	if (ev->errno_code != EV_NONE)
		PUT(evidence, "errno %" PRId64 " (ERROR_COMMITMENT_LIMIT)", ev->errno_code);
	else if (has(ev->detail, "paging file"))
		PUT(evidence, "The paging file is too small for this operation to complete");
	else
		PUT(evidence, "ERROR_COMMITMENT_LIMIT");
	if (ev->requested_bytes != EV_NONE)
		PUT(evidence, "; %" PRId64 " bytes requested", ev->requested_bytes);
	PUT(remedy, "Grow the paging file (System > Advanced > Performance > Virtual memory, or let Windows manage its size), add RAM, or lower the working set of %s.",
	    ev->comm[0] ? ev->comm : "the program");
}

static void x_runtime_limit(const struct oom_event *ev, struct diagnosis *d)
{
	const struct runtime_cap *c = runtime_cap_of(ev);
	char w[96];

	text_format(d->subject, sizeof(d->subject), "%s", c->setting);
	PUT(summary, "%s reached its own cap on %s (%s), not the machine's memory.", who(ev, w, sizeof(w)),
	    c->what, c->setting);
	PUT(evidence, "%s", c->phrase);
	if (ev->runtime[0])
		PUT(evidence, " (%s)", ev->runtime);
	PUT(remedy, "%s%s%s.", c->remedy_pre, ev->comm[0] ? ev->comm : "the program", c->remedy_post);
}

static void x_fragmentation(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96], b1[32];

	PUT(summary, "The kernel could not find %s of contiguous memory (order %" PRId64 ") for %s: free memory was too fragmented for a block that large.",
	    text_kb((int64_t)4 << ev->order, b1, sizeof(b1)), ev->order, who(ev, w, sizeof(w)));
	PUT(evidence, "page allocation failure: order:%" PRId64, ev->order);
	if (ev->gfp_mask[0])
		PUT(evidence, ", mode:%s", ev->gfp_mask);
	PUT(remedy, "Raise `vm.min_free_kbytes`, let compaction run earlier (`vm.compaction_proactiveness`, or `echo 1 > /proc/sys/vm/compact_memory`), or avoid high-order allocations in the driver or module that asked.");
}

static void x_atomic_transient(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96];

	PUT(summary, "An order-%" PRId64 " allocation that may not wait for reclaim (GFP_ATOMIC/GFP_NOWAIT) failed in %s; such failures are usually retried and harmless when rare.",
	    ev->order, who(ev, w, sizeof(w)));
	PUT(evidence, "page allocation failure: order:%" PRId64 ", mode:%s", ev->order, ev->gfp_mask[0] ? ev->gfp_mask : "?");
	if (has(ev->detail, "GFP_ATOMIC"))
		PUT(evidence, " (GFP_ATOMIC)");
	else if (has(ev->detail, "GFP_NOWAIT"))
		PUT(evidence, " (GFP_NOWAIT)");
	else
		PUT(evidence, " (no direct-reclaim flag)");
	PUT(remedy, "Nothing if rare; if frequent, raise `vm.min_free_kbytes` so atomic allocations find free pages.");
}

static void x_pressure_kill(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96];
	const char *k = ev->killer;
	const char *target = ev->systemd_unit[0] ? ev->systemd_unit : (ev->task_memcg[0] ? event_task_memcg(ev) : "");

	PUT(summary, "%s killed %s on its memory or pressure thresholds before the kernel ran out of memory.", k,
	    who(ev, w, sizeof(w)));
	PUT(evidence, "killer %s", k);
	if (has(ev->detail, "pressure"))
		PUT(evidence, "; memory pressure over its limit");
	else if (has(ev->detail, "swap"))
		PUT(evidence, "; memory and swap use over its limit");
	if (is(k, "systemd-oomd"))
		PUT(remedy, "Adjust `ManagedOOMMemoryPressureLimit=` / `ManagedOOMSwap=` (and `ManagedOOMMemoryPressure=`) on %s%s, or give it more memory.",
		    target[0] ? target : "the unit or slice", target[0] ? " or its slice" : "");
	else if (is(k, "earlyoom"))
		PUT(remedy, "Adjust earlyoom's `-m` (minimum available memory %%) and `-s` (minimum free swap %%) thresholds, or add memory or swap.");
	else if (is(k, "lmkd"))
		PUT(remedy, "Adjust lmkd's `ro.lmk.*` properties (PSI thresholds), or lower the app's memory use.");
	else
		PUT(remedy, "Adjust the lowmemorykiller `minfree` thresholds (/sys/module/lowmemorykiller/parameters/minfree), or lower the app's memory use.");
	if (target[0])
		text_format(d->subject, sizeof(d->subject), "%s", target);
}

/* Everything no rule settles: say what is missing. */
static void x_unknown(const struct oom_event *ev, struct diagnosis *d)
{
	char w[96], b1[32], b2[32];

	who(ev, w, sizeof(w));
	if (has(ev->detail, "has been killed by the OOM killer")) {
		/* systemd's unit notice: neither global nor memcg is said. */
		PUT(summary, "systemd reports that a process of %s was killed by the OOM killer; the kernel's own report, which says whether the machine or the unit's memory limit ran out, is not in the input.",
		    ev->systemd_unit[0] ? ev->systemd_unit : "a unit");
		PUT(evidence, "A process of this unit has been killed by the OOM killer.");
		PUT(remedy, "None from this text: the kernel log of that moment (`journalctl -k`) holds the report; `MemoryMax=` applies if the unit's own limit was reached.");
	} else if (ev->kind == EV_OOM_KILL && kernel_killer(ev) && ev->constraint[0] && !global_kill(ev)) {
		PUT(summary, "The kernel killed %s because the memory nodes allowed by a cpuset or memory policy ran out, not the whole machine.", w);
		PUT(evidence, "constraint=%s", ev->constraint);
		PUT(remedy, "Check the cpuset's `cpuset.mems` or the NUMA memory policy (`numactl --membind`) of the task; the text does not say which nodes.");
	} else if (global_kill(ev) && ev->swap_total_kb != EV_NONE && ev->swap_total_kb > 0) {
		PUT(summary, "The kernel killed %s although swap still had room; the text does not show what could not be swapped out.", w);
		PUT(evidence, "Total swap = %s, Free swap = %s", text_kb(ev->swap_total_kb, b1, sizeof(b1)),
		    ev->swap_free_kb != EV_NONE ? text_kb(ev->swap_free_kb, b2, sizeof(b2)) : "not in the text");
		PUT(remedy, "None from this text: the report's task table and Mem-Info (shmem, unevictable, slab) show what held the memory.");
	} else if (global_kill(ev)) {
		PUT(summary, "The kernel killed %s for the whole machine; the report's Mem-Info swap lines are not in the text, so whether swap was missing or full cannot be said.", w);
		PUT(evidence, "no Total swap / Free swap line in this event's report");
		PUT(remedy, "None from this text: the full kernel report (Mem-Info, `Total swap`) would settle it.");
	} else if (ev->kind == EV_OOM_REAP) {
		PUT(summary, "Only the oom_reaper line of a kill is in the input; the kill record, and so its reason, is not.");
		PUT(evidence, "oom_reaper: reaped process");
		PUT(remedy, "None from this text: the earlier part of the log holds the kill.");
	} else if (event_is_kill(ev->kind)) {
		PUT(summary, "%s was killed%s%s; the text does not say which limit was reached.", w,
		    ev->killer[0] ? " by " : "", ev->killer);
		PUT(evidence, "%s", ev->killer[0] ? ev->killer : "a kill record");
		PUT(remedy, "None from this text: the kernel's own report (memcg usage and limit, Mem-Info) would settle it.");
	} else if (ev->kind == EV_MEMORY_WARNING) {
		PUT(summary, "%s warned about memory; nothing failed yet.", w);
		PUT(evidence, "a warning");
		PUT(remedy, "None needed yet; the warning's own text names the setting it wants.");
	} else if (ev->kind == EV_ALLOC_FAILURE && is(ev->runtime, "kernel")) {
		PUT(summary, "A kernel allocation for %s failed; neither its order nor its flags show fragmentation or an atomic context.", w);
		if (ev->order != EV_NONE)
			PUT(evidence, "order:%" PRId64, ev->order);
		else
			PUT(evidence, "no order in the text");
		if (ev->gfp_mask[0])
			PUT(evidence, ", mode:%s", ev->gfp_mask);
		PUT(remedy, "None from this text: the Mem-Info and buddy lists of the report show whether memory was short.");
	} else {
		PUT(summary, "%s could not get memory; the text does not say which limit refused it (physical memory, RLIMIT_AS/`ulimit -v`, a memory cgroup or the commit limit).", w);
		if (ev->errno_code != EV_NONE)
			PUT(evidence, "errno %" PRId64, ev->errno_code);
		if (ev->requested_bytes != EV_NONE)
			PUT(evidence, "%s%" PRId64 " bytes requested", d->evidence[0] ? "; " : "", ev->requested_bytes);
		if (!d->evidence[0])
			PUT(evidence, "%s", ev->runtime[0] ? ev->runtime : "the message alone");
		PUT(remedy, "None from this text: check `ulimit -v`, the cgroup's `memory.max` and CommitLimit in /proc/meminfo where it ran.");
	}
}

/* ---- the table ---- */

struct diag_rule {
	enum diag_cause cause;
	int (*test)(const struct oom_event *ev);
	void (*explain)(const struct oom_event *ev, struct diagnosis *d);
};

/* One row per cause; the tests are disjoint (see diag_rules_matching). */
static const struct diag_rule rules[] = {
	{ DIAG_MEMCG_LIMIT, t_memcg_limit, x_memcg_limit },
	{ DIAG_NO_SWAP, t_no_swap, x_no_swap },
	{ DIAG_SWAP_EXHAUSTED, t_swap_exhausted, x_swap_exhausted },
	{ DIAG_OVERCOMMIT_STRICT, t_overcommit_strict, x_overcommit_strict },
	{ DIAG_FORK_OVERCOMMIT, t_fork_overcommit, x_fork_overcommit },
	{ DIAG_PAGEFILE_COMMIT, t_pagefile_commit, x_pagefile_commit },
	{ DIAG_RUNTIME_LIMIT, t_runtime_limit, x_runtime_limit },
	{ DIAG_FRAGMENTATION, t_fragmentation, x_fragmentation },
	{ DIAG_ATOMIC_TRANSIENT, t_atomic_transient, x_atomic_transient },
	{ DIAG_PRESSURE_KILL, t_pressure_kill, x_pressure_kill },
};

int diag_rules_matching(const struct oom_event *ev)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		n += rules[i].test(ev) ? 1 : 0;
	return n;
}

enum diag_cause diagnose(const struct oom_event *ev, struct diagnosis *d)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].test(ev)) {
			d->cause = rules[i].cause;
			rules[i].explain(ev, d);
			return d->cause;
		}
	d->cause = DIAG_UNKNOWN;
	x_unknown(ev, d);
	return d->cause;
}
