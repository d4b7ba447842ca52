/*
 * diagnosis.c - the cause of an out-of-memory event and the setting to
 * change, from that event's fields alone: one table of rules, each with its
 * evidence test and its explanation (../shared/spec/events.md, "diagnosis
 * causes").
 *
 * Trusts events made by event_init (strings NUL-terminated); every string
 * written is cut to its buffer. The texts are written piece by piece
 * (struct dtext), no format string parsed: a diagnosis is made for every
 * event an output writes. tests/unit/test_diagnosis_printf.c holds them to
 * the bytes of the printf formulation they replaced. Thread-safe: no
 * shared state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "diagnosis.h"
#include "text.h"

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

/* ---- text pieces ---- */

/*
 * A text being written into one of a diagnosis's fields, piece by piece:
 * each append keeps the bytes that fit before the field's last byte and
 * puts the NUL after them, so a run of appends gives the bytes of one
 * snprintf of the whole text, cut where it would cut. Literal pieces are
 * copied with the length the compiler knows; no format string is read.
 */
struct dtext {
	char *p;
	size_t n;   /* bytes written; p[n] is the NUL */
	size_t cap; /* the field's size, > 0 */
};

static struct dtext dt_open(char *buf, size_t cap)
{
	buf[0] = '\0';
	return (struct dtext){ buf, 0, cap };
}

#define DT(field) dt_open(d->field, sizeof(d->field))

static void dt_put(struct dtext *t, const char *s, size_t n)
{
	size_t room = t->cap - 1 - t->n;

	if (n > room)
		n = room;
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = '\0';
}

/*
 * dt_put of a piece whose length the compiler knows (a literal): when it
 * fits whole, as it does but at the end of a cut text, the copy has that
 * constant size and is written inline as a few moves; else dt_put cuts.
 */
static inline __attribute__((always_inline)) void dt_put_const(struct dtext *t, const char *s, size_t n)
{
	if (n < t->cap - t->n) {
		memcpy(t->p + t->n, s, n);
		t->n += n;
		t->p[t->n] = '\0';
		return;
	}
	dt_put(t, s, n);
}

/* A string literal, its length taken where it is named. */
#define dt_lit(t, lit) dt_put_const((t), "" lit, sizeof(lit) - 1)

static void dt_str(struct dtext *t, const char *s)
{
	dt_put(t, s, strlen(s));
}

/* At most max bytes of s, as "%.<max>s". */
static void dt_strn(struct dtext *t, const char *s, size_t max)
{
	dt_put(t, s, strnlen(s, max));
}

/* Another text, whole or what fits. */
static void dt_text(struct dtext *t, const struct dtext *src)
{
	dt_put(t, src->p, src->n);
}

static void dt_i64(struct dtext *t, int64_t v)
{
	char num[TEXT_I64_MAX];

	dt_put(t, num, text_i64(num, v));
}

/* A size in kB as people read it (text_kb). */
static void dt_kb(struct dtext *t, int64_t kb)
{
	char b[32];

	dt_str(t, text_kb(kb, b, sizeof(b)));
}

/* The process an event is about, as its texts name it ("java (pid 42)",
 * its unit, ...), cut at 95 bytes: it has always been written into a
 * buffer of 96 first, and the texts keep that cut. */
struct who {
	char s[96];
	struct dtext t;
};

static void who_of(const struct oom_event *ev, struct who *w)
{
	struct dtext t = dt_open(w->s, sizeof(w->s));

	if (ev->comm[0] && ev->pid != EV_NONE) {
		dt_str(&t, ev->comm);
		dt_lit(&t, " (pid ");
		dt_i64(&t, ev->pid);
		dt_lit(&t, ")");
	} else if (ev->comm[0]) {
		dt_str(&t, ev->comm);
	} else if (ev->systemd_unit[0]) {
		dt_str(&t, ev->systemd_unit);
	} else if (ev->pid != EV_NONE) {
		dt_lit(&t, "pid ");
		dt_i64(&t, ev->pid);
	} else {
		dt_lit(&t, "the process");
	}
	w->t = t;
}

static void dt_who(struct dtext *t, const struct who *w)
{
	dt_text(t, &w->t);
}

/* The process as the first words of a sentence: "The process", "The
 * process with pid N"; a name stays as it is spelled. */
static void dt_who_lead(struct dtext *t, const struct who *w)
{
	if (w->s[0] == 't' && strncmp(w->s, "the process", 11) == 0) {
		dt_lit(t, "T");
		dt_str(t, w->s + 1);
		return;
	}
	if (strncmp(w->s, "pid ", 4) == 0)
		dt_lit(t, "The process with ");
	dt_who(t, w);
}

/* 1 when needle (a literal: its length folds) is in hay: strstr's answer,
 * from each place its first byte stands (memchr), which costs less than
 * strstr's setup on the short texts of an event. */
static inline __attribute__((always_inline)) const char *find(const char *hay, const char *needle)
{
	size_t n = strlen(hay), k = strlen(needle);
	const char *p = hay, *end = hay + n;

	if (!k)
		return hay;
	while ((size_t)(end - p) >= k && (p = memchr(p, needle[0], (size_t)(end - p) - k + 1)) != NULL) {
		if (memcmp(p + 1, needle + 1, k - 1) == 0)
			return p;
		p++;
	}
	return NULL;
}

static inline __attribute__((always_inline)) int has(const char *hay, const char *needle)
{
	return find(hay, needle) != NULL;
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

/* A container's OOM kill as Kubernetes or Docker report it ("Reason:
 * OOMKilled", "OOMKilled": true): the runtime saw its cgroup's oom_kill
 * count rise, almost always at the container's memory limit. */
static int container_oomkilled(const struct oom_event *ev)
{
	return ev->kind == EV_OOM_KILL && kernel_killer(ev) && !ev->constraint[0] && has(ev->detail, "OOMKilled");
}

/* Hadoop YARN's NodeManager killed a container past its memory limit
 * (its own check of the process tree, not the kernel's killer). */
static int yarn_container_kill(const struct oom_event *ev)
{
	return ev->kind == EV_USERSPACE_OOM_KILL && is(ev->killer, "yarn");
}

/*
 * A job, step, task or dyno killed at its own memory limit, by the
 * scheduler or platform that set the limit or by the kernel in the job's
 * cgroup as that scheduler relays it: who says so (the killer and a phrase
 * of the message), and the setting that raises the limit.
 */
struct job_limit {
	const char *killer;
	const char *phrase;
	const char *summary;
	const char *remedy;
};

static const struct job_limit job_limits[] = {
	{ "kernel", "kill event",
	  "Slurm reports OOM kills in the job step's cgroup: the kernel killed a task because the step reached the job's memory limit.",
	  "Raise the job's memory request (`#SBATCH --mem=` or `--mem-per-cpu=`), or lower what the step uses; `seff` or `sacct -o MaxRSS` shows what it reached." },
	{ "slurm", "exceeded memory limit",
	  "Slurm killed the job step itself because the memory it polled (jobacct_gather) passed the job's limit.",
	  "Raise the job's memory request (`#SBATCH --mem=` or `--mem-per-cpu=`), or lower what the step uses." },
	{ "lsf", "TERM_MEMLIMIT",
	  "LSF killed the job because it reached its memory limit.",
	  "Raise the job's memory limit and reservation (`bsub -M` with `-R 'rusage[mem=...]'`), or lower what it uses." },
	{ "pbs", "PBS: job killed",
	  "PBS killed the job because its memory passed the job's limit.",
	  "Raise the job's memory request (`#PBS -l mem=` or `-l select=...:mem=`; for a vmem kill `-l vmem=` or `pvmem=`), or lower what it uses." },
	{ "pbs", "memory resource limit",
	  "Torque aborted the job because it passed a memory resource limit (mem, vmem, pvmem).",
	  "Raise the job's memory request (`#PBS -l mem=`, `-l vmem=` or `pvmem=`), or lower what it uses." },
	{ "htcondor", "over memory limit",
	  "HTCondor killed the job and put it on hold because it used more memory than it requested.",
	  "Raise `request_memory` in the submit file (a held job: `condor_qedit` then `condor_release`), or lower what it uses." },
	{ "heroku", "R15",
	  "Heroku stopped the dyno with SIGKILL because its memory far exceeded the dyno's quota (R15).",
	  "A dyno type with more memory (`heroku ps:resize`), fewer processes or threads per dyno (`WEB_CONCURRENCY`), or lower memory use." },
	{ "cloud-run", "Memory limit of",
	  "Cloud Run (or a 2nd gen Cloud Function) terminated the instance because its memory passed the service's limit.",
	  "Raise the service's memory (`gcloud run services update SERVICE --memory=...`; a function: `gcloud functions deploy --memory=...`), lower the requests one instance serves at once (`--concurrency`), or lower what it uses." },
	{ "cloud-functions", "memory limit exceeded",
	  "Cloud Functions killed the invocation because the function's memory passed its limit.",
	  "Deploy the function with more memory (`gcloud functions deploy --memory=...`, Firebase `runWith({ memory })`), or lower what one invocation holds." },
	{ "app-engine", "memory limit of",
	  "App Engine shut the instance down after a request because its memory passed the instance class's limit.",
	  "A larger `instance_class` in app.yaml (F2, F4, ...), or lower what the instance keeps between requests." },
	{ "app-engine", "too much memory",
	  "App Engine terminated the instance that handled a request because it used more memory than its instance class allows.",
	  "A larger `instance_class` in app.yaml (F2, F4, ...), or lower what the instance keeps between requests." },
	{ "lambda", "Runtime.OutOfMemory",
	  "AWS Lambda ended the invocation because the function used all of its configured memory.",
	  "Raise the function's `MemorySize` (`aws lambda update-function-configuration --memory-size`), or lower what one invocation holds." },
	{ "pm2", "max-memory-restart",
	  "pm2 restarted the app because its memory passed the app's own `max_memory_restart` threshold.",
	  "Raise `max_memory_restart` (`--max-memory-restart`, in bytes unless suffixed K, M or G) if the app needs the memory, or find what grows." },
	{ "circleci", "exceeded the memory limit",
	  "CircleCI stopped the build because its container passed the memory limit.",
	  "A larger resource class (`resource_class:`), fewer parallel processes in the build (`make -j`, test workers), or lower memory use." },
	{ "bitbucket-pipelines", "exceeded memory limit",
	  "Bitbucket Pipelines stopped the step because its container passed the memory limit.",
	  "Give the step more memory (`size: 2x` on the step; a service's `memory:` under `definitions: services:`), or lower what the build uses." },
	{ "kernel", "Container killed due to memory usage",
	  "Amazon ECS reports the container OOM-killed: the kernel killed a process of the container at its memory limit.",
	  "Raise the container's `memory` (hard limit) or the task's memory in the task definition, or lower what it uses." },
	{ "kernel", "(out of memory)",
	  "Cloud Foundry reports the app instance killed for memory: the kernel killed a process in the container at the app's memory quota.",
	  "Raise the app's memory (`cf scale APP -m ...`, the manifest's `memory:`), or lower what it uses." },
	{ "kernel", "exit_description",
	  "Cloud Foundry reports the app instance crashed out of memory: the container reached the app's memory quota.",
	  "Raise the app's memory (`cf scale APP -m ...`, the manifest's `memory:`), or lower what it uses." },
	{ "kernel", "OOM Killed",
	  "The orchestrator reports the task's container OOM-killed: the kernel killed a process in it at its memory limit.",
	  "Raise the task's memory limit (Nomad `resources { memory = ... }` or `memory_max`, the pod's `resources.limits.memory`), or lower what it uses." },
};

static const struct job_limit *job_limit_of(const struct oom_event *ev)
{
	size_t i;

	/* A scheduler or platform that kills names itself as the killer,
	 * which no kernel record does. A relay of the kernel's kill (Slurm's
	 * "oom-kill event", ECS's and Cloud Foundry's reasons) names no
	 * victim pid, while the kernel's own kill record always names its
	 * victim (and a constraint since 4.19). The runtime cannot tell them
	 * apart: an event that is a kill carries none (parsers/apprules.c). */
	if ((ev->kind != EV_OOM_KILL && ev->kind != EV_USERSPACE_OOM_KILL) || ev->constraint[0])
		return NULL;
	for (i = 0; i < sizeof(job_limits) / sizeof(job_limits[0]); i++)
		if (is(ev->killer, job_limits[i].killer) && has(ev->detail, job_limits[i].phrase) &&
		    (ev->kind == EV_USERSPACE_OOM_KILL) == !is(job_limits[i].killer, "kernel") &&
		    (!is(job_limits[i].killer, "kernel") || ev->pid == EV_NONE))
			return &job_limits[i];
	return NULL;
}

/* docker inspect's "OOMKilled": true (not a Kubernetes status). */
static int docker_oomkilled(const struct oom_event *ev)
{
	return container_oomkilled(ev) && has(ev->detail, "\"OOMKilled\":");
}

/* OpenVZ/Virtuozzo's own kill record: "Out of memory in UB N: OOM killed
 * process ...", or the record alone where a paste wrapped it ("killed
 * process N (C) score S vm:NkB, rss:NkB, swap:NkB": no other kernel
 * prints " vm:" and ", rss:"). A user beancounter is the container's
 * memory limit, not the whole machine's. */
static int ovz_ub_kill(const struct oom_event *ev)
{
	return ev->kind == EV_OOM_KILL && kernel_killer(ev) && !ev->constraint[0] &&
	       (has(ev->detail, "Out of memory in UB ") ||
		(has(ev->detail, "killed process ") && has(ev->detail, " vm:") && has(ev->detail, ", rss:")));
}

/* A kill by the kernel for the whole machine (not a cgroup, cpuset,
 * memory policy or beancounter). */
static int global_kill(const struct oom_event *ev)
{
	return ev->kind == EV_OOM_KILL && kernel_killer(ev) &&
	       (!ev->constraint[0] || is(ev->constraint, "CONSTRAINT_NONE")) && !container_oomkilled(ev) &&
	       !ovz_ub_kill(ev);
}

/* ERROR_COMMITMENT_LIMIT's codes as Windows prints them, "0x5AF" or
 * "0xC000012D" in either case: looked for after each "0x" of s. */
static int has_commit_code(const char *s)
{
	const char *p;

	for (p = find(s, "0x"); p; p = find(p + 2, "0x"))
		if (strncmp(p + 2, "5AF", 3) == 0 || strncmp(p + 2, "5af", 3) == 0 ||
		    strncmp(p + 2, "C000012D", 8) == 0 || strncmp(p + 2, "c000012d", 8) == 0)
			return 1;
	return 0;
}

/* Windows' Resource Exhaustion Detector (events 2004, 1008) and Resolver
 * (1010): the commit charge neared the commit limit; nothing was refused
 * by name, but the limit is the paging file's. */
static int windows_radar_text(const struct oom_event *ev)
{
	return has(ev->detail, "low virtual memory condition") ||
	       has(ev->detail, "restore the computer's virtual memory");
}

static int windows_commit_text(const struct oom_event *ev)
{
	return ev->errno_code == 1455 || has(ev->detail, "paging file") ||
	       has_commit_code(ev->detail) || has(ev->detail, "ERROR_COMMITMENT_LIMIT") ||
	       windows_radar_text(ev);
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
	/* JDK 16+ (java.nio.Bits): "Cannot reserve N bytes of direct buffer
	 * memory (allocated: A, limit: L)". */
	{ "jvm", "bytes of direct buffer memory", "-XX:MaxDirectMemorySize", "the JVM's direct buffers",
	  "Raise `-XX:MaxDirectMemorySize` of ", ", or release direct buffers sooner" },
	{ "jvm", "OutOfDirectMemoryError", "-Dio.netty.maxDirectMemory", "Netty's direct memory",
	  "Raise `-Dio.netty.maxDirectMemory` (or `-XX:MaxDirectMemorySize`) of ", ", or look for unreleased ByteBufs" },
	{ "node,v8", "heap limit", "--max-old-space-size", "V8's old-generation heap",
	  "Raise `--max-old-space-size` (MiB; `NODE_OPTIONS=--max-old-space-size=N`) of ", ", or find what fills the heap" },
	{ "node,v8", "JavaScript heap out of memory", "--max-old-space-size", "V8's old-generation heap",
	  "Raise `--max-old-space-size` (MiB; `NODE_OPTIONS=--max-old-space-size=N`) of ", ", or find what fills the heap" },
	{ "php", "Allowed memory size", "memory_limit", "PHP's per-script memory",
	  "Raise `memory_limit` in php.ini (or `ini_set`) for ", ", or process the data in smaller pieces" },
	/* ClickHouse's MemoryTracker names the cap it hit: the server's
	 * (total), one query's, or one user's queries'; 24.x puts the scope
	 * first. */
	{ "clickhouse", "Memory limit (total)", "max_server_memory_usage", "the server's memory",
	  "Raise `max_server_memory_usage` (or `max_server_memory_usage_to_ram_ratio`) of ", ", or let big queries spill to disk (`max_bytes_before_external_group_by`, `max_bytes_before_external_sort`)" },
	{ "clickhouse", "(total) memory limit", "max_server_memory_usage", "the server's memory",
	  "Raise `max_server_memory_usage` (or `max_server_memory_usage_to_ram_ratio`) of ", ", or let big queries spill to disk (`max_bytes_before_external_group_by`, `max_bytes_before_external_sort`)" },
	{ "clickhouse", "Memory limit (for query)", "max_memory_usage", "one query's memory",
	  "Raise `max_memory_usage` for the query on ", ", or let it spill to disk (`max_bytes_before_external_group_by`, `max_bytes_before_external_sort`)" },
	{ "clickhouse", "(for query) memory limit", "max_memory_usage", "one query's memory",
	  "Raise `max_memory_usage` for the query on ", ", or let it spill to disk (`max_bytes_before_external_group_by`, `max_bytes_before_external_sort`)" },
	{ "clickhouse", "Memory limit (for user)", "max_memory_usage_for_user", "one user's queries' memory",
	  "Raise `max_memory_usage_for_user` on ", ", or run fewer of that user's queries at once" },
	{ "clickhouse", "(for user) memory limit", "max_memory_usage_for_user", "one user's queries' memory",
	  "Raise `max_memory_usage_for_user` on ", ", or run fewer of that user's queries at once" },
	/* Chrome's and Edge's sandbox ends a renderer whose memory passes
	 * its job object's cap (sized from the machine's RAM; no flag). */
	{ "chromium", "SBOX_FATAL_MEMORY_EXCEEDED", "the sandbox's job memory limit", "one renderer's memory",
	  "Lower what the page uses in ", " (DevTools' Memory panel; tabs of one site can share a renderer); Chrome sizes the cap itself and has no flag for it" },
	{ "redis,valkey", "maxmemory", "maxmemory", "the server's dataset",
	  "Raise `maxmemory` of ", ", or set a `maxmemory-policy` that evicts (allkeys-lru, ...)" },
};

/* 1 when v is one of the comma list's names, or either is empty (a
 * runtime the parser did not name: the phrase decides). Compared in
 * place: it runs for every cap on every failure event. */
static int in_list(const char *list, const char *v)
{
	const char *p = list, *q;

	if (!list[0] || !v[0])
		return 1;
	for (;;) {
		for (q = v; *p && *p != ',' && *p == *q; p++, q++)
			;
		if ((*p == ',' || !*p) && !*q)
			return 1;
		while (*p && *p != ',')
			p++;
		if (!*p)
			return 0;
		p++;
	}
}

static const struct runtime_cap *runtime_cap_of(const struct oom_event *ev)
{
	size_t i;
	int in = 0;

	if (ev->kind != EV_RUNTIME_OOM && ev->kind != EV_ALLOC_FAILURE)
		return NULL;
	/* Windows' commit text rules a cap out; it is looked for only once a
	 * cap's phrase is found (most events name none). */
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		/* rows of one runtime follow each other: its list is looked
		 * at once */
		if (i == 0 || caps[i].runtimes != caps[i - 1].runtimes)
			in = in_list(caps[i].runtimes, ev->runtime);
		if (in && has(ev->detail, caps[i].phrase))
			return windows_commit_text(ev) ? NULL : &caps[i];
	}
	return NULL;
}

/* ---- the rules: evidence tests ---- */

static int t_memcg_limit(const struct oom_event *ev)
{
	return ev->kind == EV_MEMCG_OOM_KILL ||
	       (ev->kind == EV_OOM_KILL && kernel_killer(ev) && is(ev->constraint, "CONSTRAINT_MEMCG")) ||
	       container_oomkilled(ev) || yarn_container_kill(ev) || ovz_ub_kill(ev) || job_limit_of(ev);
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
	if (ev->kind != EV_ALLOC_FAILURE && ev->kind != EV_MEMORY_WARNING)
		return 0;
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
	       windows_commit_text(ev) && !linux_commit(ev);
}

static int t_runtime_limit(const struct oom_event *ev)
{
	return runtime_cap_of(ev) != NULL && !t_fork_overcommit(ev);
}

static int t_fragmentation(const struct oom_event *ev)
{
	return ev->order != EV_NONE && ev->order >= 3 && kernel_alloc(ev);
}

static int t_atomic_transient(const struct oom_event *ev)
{
	return (ev->order == 0 || ev->order == 1) && kernel_alloc(ev) && atomic_mask(ev);
}

static int t_pressure_kill(const struct oom_event *ev)
{
	if (ev->kind == EV_USERSPACE_OOM_KILL)
		return is(ev->killer, "systemd-oomd") || is(ev->killer, "earlyoom") ||
		       is(ev->killer, "lmkd") || is(ev->killer, "nohang") || is(ev->killer, "kubelet");
	return ev->kind == EV_OOM_KILL && is(ev->killer, "lowmemorykiller");
}

/* ---- the rules: subjects ---- */

/* The program a fork_overcommit diagnosis is about. */
static const char *fork_prog(const struct oom_event *ev)
{
	return ev->comm[0] ? ev->comm : "the server";
}

/* What a user-space killer's remedy names: the unit, else the task's
 * cgroup, else "". */
static const char *pressure_target(const struct oom_event *ev)
{
	return ev->systemd_unit[0] ? ev->systemd_unit : (ev->task_memcg[0] ? event_task_memcg(ev) : "");
}

static void memcg_subject(const struct oom_event *ev, struct dtext *subj);

/* d->subject of an event whose rule gave cause c (diagnosis.h): the
 * explanations read it, the reports count by it. */
static void subject_of(const struct oom_event *ev, enum diag_cause c, struct diagnosis *d)
{
	struct dtext subj = DT(subject);

	switch (c) {
	case DIAG_MEMCG_LIMIT:
		memcg_subject(ev, &subj);
		break;
	case DIAG_FORK_OVERCOMMIT:
		dt_str(&subj, fork_prog(ev));
		break;
	case DIAG_RUNTIME_LIMIT:
		/* its rule's test found the cap */
		dt_str(&subj, runtime_cap_of(ev)->setting);
		break;
	case DIAG_PRESSURE_KILL:
		dt_str(&subj, pressure_target(ev));
		break;
	default:
		break;
	}
}

/* ---- the rules: explanations ---- */

/* The cgroup a memcg kill is about (pod, container, unit, path), one
 * spelling for the subject and one for the remedy: memcg_what follows the
 * same order of fields. */
static const char *memcg_path(const struct oom_event *ev)
{
	return ev->oom_memcg[0] ? event_oom_memcg(ev) : event_task_memcg(ev);
}

/* "UB N" of an OpenVZ kill whose text names it, else "an OpenVZ
 * container". */
static void ovz_ub(const struct oom_event *ev, struct dtext *t)
{
	const char *at = find(ev->detail, "in UB ");
	size_t n = 0;

	if (at) {
		at += 6;
		while (n < 12 && at[n] >= '0' && at[n] <= '9')
			n++;
	}
	if (!n) {
		dt_lit(t, "an OpenVZ container");
		return;
	}
	dt_lit(t, "UB ");
	dt_strn(t, at, n);
}

/* The subject of a memcg kill: "pod U", "container C", the unit, ... */
static void memcg_subject(const struct oom_event *ev, struct dtext *subj)
{
	const char *path = memcg_path(ev);

	if (ev->pod_uid[0]) {
		dt_lit(subj, "pod ");
		dt_str(subj, ev->pod_uid);
	} else if (ev->container_id[0]) {
		dt_lit(subj, "container ");
		dt_strn(subj, ev->container_id, 12);
	} else if (ev->systemd_unit[0]) {
		dt_str(subj, ev->systemd_unit);
	} else if (path[0]) {
		dt_str(subj, path);
	} else if (container_oomkilled(ev)) {
		dt_lit(subj, "the container");
	} else if (ovz_ub_kill(ev)) {
		ovz_ub(ev, subj);
	} else {
		dt_lit(subj, "a memory cgroup");
	}
}

/* The limit of a memcg kill's cgroup as the remedy names it. */
static void memcg_what(const struct oom_event *ev, struct dtext *what)
{
	const char *path = memcg_path(ev);

	if (ev->pod_uid[0]) {
		dt_lit(what, "the pod's `resources.limits.memory` (pod ");
		dt_str(what, ev->pod_uid);
		if (ev->container_id[0]) {
			dt_lit(what, ", container ");
			dt_strn(what, ev->container_id, 12);
		}
		dt_lit(what, ")");
	} else if (ev->container_id[0]) {
		dt_lit(what, "the container's memory limit (`docker run --memory`, compose `mem_limit`) of container ");
		dt_strn(what, ev->container_id, 12);
	} else if (ev->systemd_unit[0]) {
		dt_lit(what, "`MemoryMax=` of ");
		dt_str(what, ev->systemd_unit);
		dt_lit(what, " (`systemctl set-property ");
		dt_str(what, ev->systemd_unit);
		dt_lit(what, " MemoryMax=...`)");
	} else if (path[0]) {
		dt_lit(what, "`memory.max` (cgroup v2) or `memory.limit_in_bytes` (v1) of cgroup ");
		dt_str(what, path);
	} else if (docker_oomkilled(ev)) {
		dt_lit(what, "the container's memory limit (`docker run --memory`, compose `mem_limit`)");
	} else if (container_oomkilled(ev)) {
		dt_lit(what, "the container's `resources.limits.memory` in its pod spec");
	} else {
		dt_lit(what, "`memory.max` (cgroup v2) or `memory.limit_in_bytes` (v1) of its cgroup (the path is not in the text)");
	}
}

static void x_memcg_limit(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	char wbuf[320];
	struct dtext what = dt_open(wbuf, sizeof(wbuf));
	struct who w;
	int64_t rss = event_rss_kb(ev);

	const struct job_limit *j = job_limit_of(ev);

	memcg_what(ev, &what);
	who_of(ev, &w);
	if (j) {
		dt_str(sum, j->summary);
		dt_str(evi, j->phrase);
		dt_str(rem, j->remedy);
		return;
	}
	if (yarn_container_kill(ev)) {
		int virt = has(ev->detail, "virtual memory");

		dt_lit(sum, "YARN's NodeManager killed the container because it ran past its ");
		dt_str(sum, virt ? "virtual" : "physical");
		dt_lit(sum, " memory limit (YARN's own check of the container's processes, not the kernel's OOM killer).");
		dt_str(evi, has(ev->detail, "Container killed by YARN") ? "Container killed by YARN for exceeding memory limits"
									 : "running beyond memory limits");
		if (virt)
			dt_lit(rem, "Raise `yarn.nodemanager.vmem-pmem-ratio` (or set `yarn.nodemanager.vmem-check-enabled=false`), or ");
		else
			dt_lit(rem, "Raise ");
		dt_lit(rem, "the container's memory: `spark.executor.memoryOverhead` (`spark.yarn.executor.memoryOverhead` "
			    "before Spark 2.3) or `mapreduce.map.memory.mb` / `mapreduce.reduce.memory.mb`, with the heap "
			    "(`-Xmx`) well below it.");
		return;
	}
	if (ovz_ub_kill(ev)) {
		dt_lit(sum, "The OpenVZ/Virtuozzo container");
		if (d->subject[0] == 'U') {
			dt_lit(sum, " ");
			dt_str(sum, d->subject);
		}
		dt_lit(sum, " reached its memory limit (its user beancounter), so the kernel killed ");
		dt_who(sum, &w);
		dt_lit(sum, " inside it; the host may have had memory to spare.");
		if (d->subject[0] == 'U') {
			dt_lit(evi, "Out of memory in ");
			dt_str(evi, d->subject);
		} else {
			dt_lit(evi, "OpenVZ kill record (score, vm:, rss:, swap:)");
		}
		dt_lit(rem, "Raise the container's memory limits (`vzctl set CTID --physpages ... --swappages ... --save` "
			    "on OpenVZ 6, `--privvmpages`/`--oomguarpages` on older kernels; `prlctl set CTID --memsize` "
			    "on Virtuozzo 7), or lower what runs in it; `/proc/user_beancounters` shows which limit "
			    "has a failcnt.");
		return;
	}
	if (container_oomkilled(ev)) {
		/* The runtime's word only: no sizes, no cgroup path. */
		if (docker_oomkilled(ev))
			dt_lit(sum, "Docker");
		else
			dt_lit(sum, "Kubernetes");
		dt_lit(sum, " reports the container OOMKilled: the kernel killed a process in its memory cgroup, "
			    "almost always because the container reached its memory limit.");
		dt_lit(evi, "OOMKilled");
		dt_lit(rem, "Raise ");
		dt_text(rem, &what);
		dt_lit(rem, ", or lower what the container uses; the node's kernel log (`journalctl -k`) holds "
			    "the kill record with the process, its sizes and the cgroup.");
		return;
	}
	dt_lit(sum, "The memory cgroup limit of ");
	dt_str(sum, d->subject);
	dt_lit(sum, " was reached, so the kernel killed ");
	dt_who(sum, &w);
	dt_lit(sum, " inside it; the rest of the machine may have had memory to spare.");
	/* The kill's line, the usage and limit when known, the cgroup when
	 * named. */
	if (ev->kind == EV_MEMCG_OOM_KILL)
		dt_lit(evi, "Memory cgroup out of memory");
	else
		dt_lit(evi, "constraint=CONSTRAINT_MEMCG");
	if (ev->memcg_usage_kb != EV_NONE && ev->memcg_limit_kb != EV_NONE) {
		dt_lit(evi, "; memory: usage ");
		dt_i64(evi, ev->memcg_usage_kb);
		dt_lit(evi, "kB, limit ");
		dt_i64(evi, ev->memcg_limit_kb);
		dt_lit(evi, "kB");
	}
	if (ev->oom_memcg[0]) {
		dt_lit(evi, "; oom_memcg=");
		dt_str(evi, event_oom_memcg(ev));
	}
	dt_lit(rem, "Raise ");
	dt_text(rem, &what);
	if (ev->memcg_limit_kb != EV_NONE) {
		dt_lit(rem, " above its ");
		dt_kb(rem, ev->memcg_limit_kb);
		if (rss != EV_NONE) {
			dt_lit(rem, " (the victim alone held ");
			dt_kb(rem, rss);
			dt_lit(rem, ")");
		}
	} else {
		dt_lit(rem, " (the limit's value is not in the text)");
	}
	dt_lit(rem, ", or lower what runs in it.");
}

static void x_no_swap(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	dt_lit(sum, "The machine ran out of memory with no swap configured, so the kernel killed ");
	dt_who(sum, &w);
	dt_lit(sum, " to free memory.");
	dt_lit(evi, "Total swap = 0kB");
	if (ev->constraint[0]) {
		dt_lit(evi, "; constraint=");
		dt_str(evi, ev->constraint);
	}
	dt_lit(rem, "Add swap (a swap file with `swapon`, or zram) to absorb peaks, add RAM, or lower the demand of ");
	dt_str(rem, ev->comm[0] ? ev->comm : "the victim");
	dt_lit(rem, " and its neighbours.");
}

static void x_swap_exhausted(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	dt_lit(sum, "The machine ran out of memory and swap (");
	dt_kb(sum, ev->swap_free_kb);
	dt_lit(sum, " of ");
	dt_kb(sum, ev->swap_total_kb);
	dt_lit(sum, " swap free), so the kernel killed ");
	dt_who(sum, &w);
	dt_lit(sum, ".");
	dt_lit(evi, "Free swap  = ");
	dt_i64(evi, ev->swap_free_kb);
	dt_lit(evi, "kB; Total swap = ");
	dt_i64(evi, ev->swap_total_kb);
	dt_lit(evi, "kB");
	dt_lit(rem, "Add swap (`swapon`) or RAM, or lower the demand; `vm.swappiness` does not help once swap is full.");
}

static void x_overcommit_strict(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	dt_lit(sum, "The kernel refused an allocation of ");
	dt_who(sum, &w);
	dt_lit(sum, " because committed memory would pass the commit limit (strict overcommit, `vm.overcommit_memory=2`).");
	dt_lit(evi, "__vm_enough_memory: not enough memory for the allocation");
	if (ev->requested_bytes != EV_NONE) {
		dt_lit(evi, "; bytes: ");
		dt_i64(evi, ev->requested_bytes);
	}
	dt_lit(rem, "Raise `vm.overcommit_ratio` or set `vm.overcommit_kbytes`, or add swap (CommitLimit = swap + overcommit_ratio% x RAM); `vm.overcommit_memory=0` drops the strict limit.");
}

static void x_fork_overcommit(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	const char *prog = fork_prog(ev);
	struct who w;

	who_of(ev, &w);
	dt_who_lead(sum, &w);
	if (ev->kind == EV_MEMORY_WARNING) {
		dt_lit(sum, " warned that memory overcommit is not enabled: its background save, AOF rewrite or replication forks and may fail under low memory.");
		if (has(ev->detail, "overcommit_memory is set to 0"))
			dt_lit(evi, "WARNING overcommit_memory is set to 0");
		else
			dt_lit(evi, "WARNING Memory overcommit must be enabled");
	} else {
		dt_lit(sum, " could not fork for its background save, AOF rewrite or replication: the kernel would not commit a copy of its memory.");
		dt_lit(evi, "fork: Cannot allocate memory");
		if (ev->errno_code != EV_NONE) {
			dt_lit(evi, "; errno ");
			dt_i64(evi, ev->errno_code);
		}
	}
	dt_lit(rem, "Set `vm.overcommit_memory=1` (sysctl, and in /etc/sysctl.d/) on the host of ");
	dt_str(rem, prog);
	dt_lit(rem, ", and leave `maxmemory` headroom for copy-on-write during the save.");
}

static void x_pagefile_commit(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	if (windows_radar_text(ev) && ev->errno_code == EV_NONE) {
		/* A diagnosis of the whole machine, not one refused call: the
		 * top consumer is named, not blamed for a failure. */
		dt_lit(sum, "Windows ran low on virtual memory: the commit charge neared the commit limit (RAM plus the paging file)");
		if (ev->comm[0]) {
			dt_lit(sum, "; ");
			dt_who(sum, &w);
			dt_lit(sum, " held the most");
		}
		dt_lit(sum, ".");
		dt_lit(evi, "Resource Exhaustion Detector: low virtual memory condition");
		if (ev->n_consumers > 0 && ev->consumers[0].bytes != EV_NONE) {
			dt_lit(evi, "; ");
			dt_str(evi, ev->consumers[0].name);
			dt_lit(evi, " consumed ");
			dt_i64(evi, ev->consumers[0].bytes);
			dt_lit(evi, " bytes");
		}
		dt_lit(rem, "Grow the paging file (System > Advanced > Performance > Virtual memory, or let Windows manage its size), add RAM, or find why ");
		dt_str(rem, ev->comm[0] ? ev->comm : "the top consumer");
		dt_lit(rem, " holds so much committed memory.");
		return;
	}
	dt_lit(sum, "Windows refused to commit memory for ");
	dt_who(sum, &w);
	dt_lit(sum, ": the commit limit (RAM plus the paging file) was reached.");
	if (ev->errno_code != EV_NONE) {
		dt_lit(evi, "errno ");
		dt_i64(evi, ev->errno_code);
		dt_lit(evi, " (ERROR_COMMITMENT_LIMIT)");
	} else if (has(ev->detail, "paging file")) {
		dt_lit(evi, "The paging file is too small for this operation to complete");
	} else {
		dt_lit(evi, "ERROR_COMMITMENT_LIMIT");
	}
	if (ev->requested_bytes != EV_NONE) {
		dt_lit(evi, "; ");
		dt_i64(evi, ev->requested_bytes);
		dt_lit(evi, " bytes requested");
	}
	dt_lit(rem, "Grow the paging file (System > Advanced > Performance > Virtual memory, or let Windows manage its size), add RAM, or lower the working set of ");
	dt_str(rem, ev->comm[0] ? ev->comm : "the program");
	dt_lit(rem, ".");
}

static void x_runtime_limit(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	const struct runtime_cap *c = runtime_cap_of(ev);
	struct who w;

	who_of(ev, &w);
	dt_who_lead(sum, &w);
	dt_lit(sum, " reached its own cap on ");
	dt_str(sum, c->what);
	dt_lit(sum, " (");
	dt_str(sum, c->setting);
	dt_lit(sum, "), not the machine's memory.");
	dt_str(evi, c->phrase);
	if (ev->runtime[0]) {
		dt_lit(evi, " (");
		dt_str(evi, ev->runtime);
		dt_lit(evi, ")");
	}
	dt_str(rem, c->remedy_pre);
	dt_str(rem, ev->comm[0] ? ev->comm : "the program");
	dt_str(rem, c->remedy_post);
	dt_lit(rem, ".");
}

static void x_fragmentation(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	dt_lit(sum, "The kernel could not find ");
	dt_kb(sum, (int64_t)4 << ev->order);
	dt_lit(sum, " of contiguous memory (order ");
	dt_i64(sum, ev->order);
	dt_lit(sum, ") for ");
	dt_who(sum, &w);
	dt_lit(sum, ": free memory was too fragmented for a block that large.");
	dt_lit(evi, "page allocation failure: order:");
	dt_i64(evi, ev->order);
	if (ev->gfp_mask[0]) {
		dt_lit(evi, ", mode:");
		dt_str(evi, ev->gfp_mask);
	}
	dt_lit(rem, "Raise `vm.min_free_kbytes`, let compaction run earlier (`vm.compaction_proactiveness`, or `echo 1 > /proc/sys/vm/compact_memory`), or avoid high-order allocations in the driver or module that asked.");
}

static void x_atomic_transient(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	dt_lit(sum, "An order-");
	dt_i64(sum, ev->order);
	dt_lit(sum, " allocation that may not wait for reclaim (GFP_ATOMIC/GFP_NOWAIT) failed in ");
	dt_who(sum, &w);
	dt_lit(sum, "; such failures are usually retried and harmless when rare.");
	dt_lit(evi, "page allocation failure: order:");
	dt_i64(evi, ev->order);
	dt_lit(evi, ", mode:");
	dt_str(evi, ev->gfp_mask[0] ? ev->gfp_mask : "?");
	if (has(ev->detail, "GFP_ATOMIC"))
		dt_lit(evi, " (GFP_ATOMIC)");
	else if (has(ev->detail, "GFP_NOWAIT"))
		dt_lit(evi, " (GFP_NOWAIT)");
	else
		dt_lit(evi, " (no direct-reclaim flag)");
	dt_lit(rem, "Nothing if rare; if frequent, raise `vm.min_free_kbytes` so atomic allocations find free pages.");
}

static void x_pressure_kill(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	const char *k = ev->killer;
	const char *target = pressure_target(ev);
	struct who w;

	who_of(ev, &w);
	dt_str(sum, k);
	dt_lit(sum, " killed ");
	dt_who(sum, &w);
	dt_lit(sum, " on its memory or pressure thresholds before the kernel ran out of memory.");
	dt_lit(evi, "killer ");
	dt_str(evi, k);
	if (has(ev->detail, "pressure"))
		dt_lit(evi, "; memory pressure over its limit");
	else if (has(ev->detail, "swap"))
		dt_lit(evi, "; memory and swap use over its limit");
	if (is(k, "systemd-oomd")) {
		dt_lit(rem, "Adjust `ManagedOOMMemoryPressureLimit=` / `ManagedOOMSwap=` (and `ManagedOOMMemoryPressure=`) on ");
		if (target[0]) {
			dt_str(rem, target);
			dt_lit(rem, " or its slice");
		} else {
			dt_lit(rem, "the unit or slice");
		}
		dt_lit(rem, ", or give it more memory.");
	} else if (is(k, "earlyoom")) {
		dt_lit(rem, "Adjust earlyoom's `-m` (minimum available memory %) and `-s` (minimum free swap %) thresholds, or add memory or swap.");
	} else if (is(k, "nohang")) {
		dt_lit(rem, "Adjust nohang's `soft_threshold_min_mem` / `soft_threshold_min_swap` (and the `hard_threshold_*` keys) in nohang.conf, or add memory or swap.");
	} else if (is(k, "kubelet")) {
		dt_lit(rem, "Set the pod's `resources.requests.memory` to what it uses (the kubelet evicts pods over their request first), "
			    "tune the kubelet's `--eviction-hard` / `--eviction-soft` `memory.available` thresholds, or give the node more memory.");
	} else if (is(k, "lmkd")) {
		dt_lit(rem, "Adjust lmkd's `ro.lmk.*` properties (PSI thresholds), or lower the app's memory use.");
	} else {
		dt_lit(rem, "Adjust the lowmemorykiller `minfree` thresholds (/sys/module/lowmemorykiller/parameters/minfree), or lower the app's memory use.");
	}
}

/* Everything no rule settles: say what is missing. */
static void x_unknown(const struct oom_event *ev, struct diagnosis *d, struct dtext *t)
{
	struct dtext *sum = &t[DIAG_SUMMARY], *evi = &t[DIAG_EVIDENCE], *rem = &t[DIAG_REMEDY];
	struct who w;

	who_of(ev, &w);
	if (has(ev->detail, "has been killed by the OOM killer")) {
		/* systemd's unit notice: neither global nor memcg is said. */
		dt_lit(sum, "systemd reports that a process of ");
		dt_str(sum, ev->systemd_unit[0] ? ev->systemd_unit : "a unit");
		dt_lit(sum, " was killed by the OOM killer; the kernel's own report, which says whether the machine or the unit's memory limit ran out, is not in the input.");
		dt_lit(evi, "A process of this unit has been killed by the OOM killer.");
		dt_lit(rem, "None from this text: the kernel log of that moment (`journalctl -k`) holds the report; `MemoryMax=` applies if the unit's own limit was reached.");
	} else if (ev->kind == EV_OOM_KILL && kernel_killer(ev) && ev->constraint[0] && !global_kill(ev)) {
		dt_lit(sum, "The kernel killed ");
		dt_who(sum, &w);
		dt_lit(sum, " because the memory nodes allowed by a cpuset or memory policy ran out, not the whole machine.");
		dt_lit(evi, "constraint=");
		dt_str(evi, ev->constraint);
		dt_lit(rem, "Check the cpuset's `cpuset.mems` or the NUMA memory policy (`numactl --membind`) of the task; the text does not say which nodes.");
	} else if (global_kill(ev) && ev->swap_total_kb != EV_NONE && ev->swap_total_kb > 0) {
		dt_lit(sum, "The kernel killed ");
		dt_who(sum, &w);
		dt_lit(sum, " although swap still had room; the text does not show what could not be swapped out.");
		dt_lit(evi, "Total swap = ");
		dt_kb(evi, ev->swap_total_kb);
		dt_lit(evi, ", Free swap = ");
		if (ev->swap_free_kb != EV_NONE)
			dt_kb(evi, ev->swap_free_kb);
		else
			dt_lit(evi, "not in the text");
		dt_lit(rem, "None from this text: the report's task table and Mem-Info (shmem, unevictable, slab) show what held the memory.");
	} else if (global_kill(ev)) {
		dt_lit(sum, "The kernel killed ");
		dt_who(sum, &w);
		dt_lit(sum, " for the whole machine; the report's Mem-Info swap lines are not in the text, so whether swap was missing or full cannot be said.");
		dt_lit(evi, "no Total swap / Free swap line in this event's report");
		dt_lit(rem, "None from this text: the full kernel report (Mem-Info, `Total swap`) would settle it.");
	} else if (ev->kind == EV_OOM_REAP) {
		dt_lit(sum, "Only the oom_reaper line of a kill is in the input; the kill record, and so its reason, is not.");
		dt_lit(evi, "oom_reaper: reaped process");
		dt_lit(rem, "None from this text: the earlier part of the log holds the kill.");
	} else if (event_is_kill(ev->kind)) {
		dt_who_lead(sum, &w);
		dt_lit(sum, " was killed");
		if (ev->killer[0]) {
			dt_lit(sum, " by ");
			dt_str(sum, ev->killer);
		}
		dt_lit(sum, "; the text does not say which limit was reached.");
		dt_str(evi, ev->killer[0] ? ev->killer : "a kill record");
		dt_lit(rem, "None from this text: the kernel's own report (memcg usage and limit, Mem-Info) would settle it.");
	} else if (ev->kind == EV_MEMORY_WARNING) {
		dt_who_lead(sum, &w);
		dt_lit(sum, " warned about memory; nothing failed yet.");
		dt_lit(evi, "a warning");
		dt_lit(rem, "None needed yet; the warning's own text names the setting it wants.");
	} else if (ev->kind == EV_ALLOC_FAILURE && is(ev->runtime, "kernel")) {
		dt_lit(sum, "A kernel allocation for ");
		dt_who(sum, &w);
		dt_lit(sum, " failed; neither its order nor its flags show fragmentation or an atomic context.");
		if (ev->order != EV_NONE) {
			dt_lit(evi, "order:");
			dt_i64(evi, ev->order);
		} else {
			dt_lit(evi, "no order in the text");
		}
		if (ev->gfp_mask[0]) {
			dt_lit(evi, ", mode:");
			dt_str(evi, ev->gfp_mask);
		}
		dt_lit(rem, "None from this text: the Mem-Info and buddy lists of the report show whether memory was short.");
	} else {
		dt_who_lead(sum, &w);
		dt_lit(sum, " could not get memory; the text does not say which limit refused it (physical memory, RLIMIT_AS/`ulimit -v`, a memory cgroup or the commit limit).");
		if (ev->errno_code != EV_NONE) {
			dt_lit(evi, "errno ");
			dt_i64(evi, ev->errno_code);
		}
		if (ev->requested_bytes != EV_NONE) {
			if (evi->n)
				dt_lit(evi, "; ");
			dt_i64(evi, ev->requested_bytes);
			dt_lit(evi, " bytes requested");
		}
		if (!evi->n)
			dt_str(evi, ev->runtime[0] ? ev->runtime : "the message alone");
		dt_lit(rem, "None from this text: check `ulimit -v`, the cgroup's `memory.max` and CommitLimit in /proc/meminfo where it ran.");
	}
}

/* ---- the table ---- */

struct diag_rule {
	enum diag_cause cause;
	int (*test)(const struct oom_event *ev);
	/* writes the texts t (by enum diag_text, opened on d's fields);
	 * d->subject is written before (subject_of) */
	void (*explain)(const struct oom_event *ev, struct diagnosis *d, struct dtext *t);
};

/* One row per cause; the tests are disjoint on the events parsers make
 * (see diag_rules_matching); an event made up to match two takes the
 * first row's cause. */
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

/* The first rule whose test matches ev, or NULL: unknown. */
static const struct diag_rule *rule_of(const struct oom_event *ev)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].test(ev))
			return &rules[i];
	return NULL;
}

enum diag_cause diagnose(const struct oom_event *ev, struct diagnosis *d)
{
	const struct diag_rule *r = rule_of(ev);
	struct dtext t[DIAG_TEXTS];
	size_t i;

	d->cause = r ? r->cause : DIAG_UNKNOWN;
	subject_of(ev, d->cause, d);
	t[DIAG_SUMMARY] = DT(summary);
	t[DIAG_EVIDENCE] = DT(evidence);
	t[DIAG_REMEDY] = DT(remedy);
	(r ? r->explain : x_unknown)(ev, d, t);
	for (i = 0; i < DIAG_TEXTS; i++)
		d->len[i] = t[i].n;
	return d->cause;
}

enum diag_cause diagnose_subject(const struct oom_event *ev, struct diagnosis *d)
{
	const struct diag_rule *r = rule_of(ev);
	size_t i;

	d->cause = r ? r->cause : DIAG_UNKNOWN;
	subject_of(ev, d->cause, d);
	d->summary[0] = d->evidence[0] = d->remedy[0] = '\0';
	for (i = 0; i < DIAG_TEXTS; i++)
		d->len[i] = 0;
	return d->cause;
}
