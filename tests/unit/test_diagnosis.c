/*
 * test_diagnosis.c - every diagnosis rule: its evidence test fires on the
 * evidence and not without it, its cause and remedy name the setting, the
 * rules are disjoint, and nothing is guessed past the text.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../core/diagnosis.h"
#include "../../core/event.h"
#include "../../core/text.h"

static void set(char *field, size_t n, const char *v)
{
	snprintf(field, n, "%s", v);
}
#define SET(ev, f, v) set((ev)->f, sizeof((ev)->f), (v))

static struct oom_event global_kill(void)
{
	struct oom_event ev;

	event_init(&ev, EV_OOM_KILL);
	ev.pid = 4242;
	SET(&ev, comm, "java");
	SET(&ev, killer, "kernel");
	SET(&ev, constraint, "CONSTRAINT_NONE");
	ev.anon_rss_kb = 1000;
	return ev;
}

/* Diagnoses ev, checks the cause and that every text is there, and that at
 * most one rule matched. */
static void expect(const struct oom_event *ev, enum diag_cause want, struct diagnosis *d)
{
	assert_int_equal(diagnose(ev, d), want);
	assert_int_equal(d->cause, want);
	assert_true(diag_rules_matching(ev) == (want == DIAG_UNKNOWN ? 0 : 1));
	assert_true(d->summary[0] && d->evidence[0] && d->remedy[0]);
}

/* The JSON writer takes the texts as plain when the event's quoted strings
 * are (core/diagnosis.h): no quote or backslash of the rules' own. */
static void assert_plain(const struct diagnosis *d)
{
	assert_null(strpbrk(d->summary, "\"\\"));
	assert_null(strpbrk(d->evidence, "\"\\"));
	assert_null(strpbrk(d->remedy, "\"\\"));
}

static void test_memcg_limit(void **state)
{
	struct oom_event ev = global_kill();
	struct diagnosis d;

	ev.kind = EV_MEMCG_OOM_KILL;
	SET(&ev, oom_memcg, "/user.slice/user-1000.slice/session-2.scope");
	SET(&ev, systemd_unit, "session-2.scope");
	ev.memcg_usage_kb = 524288;
	ev.memcg_limit_kb = 524288;
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_string_equal(d.subject, "session-2.scope");
	assert_non_null(strstr(d.remedy, "MemoryMax="));
	assert_non_null(strstr(d.remedy, "session-2.scope"));
	assert_non_null(strstr(d.remedy, "512.0 MiB"));
	assert_non_null(strstr(d.evidence, "limit 524288kB"));

	/* A pod: the pod's limit, named with its container. */
	SET(&ev, systemd_unit, "");
	SET(&ev, pod_uid, "0a1b2c3d-4e5f-6789-abcd-ef0123456789");
	SET(&ev, container_id, "aabbccddeeff00112233");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "resources.limits.memory"));
	assert_non_null(strstr(d.remedy, "aabbccddeeff"));

	/* A bare cgroup v2 path; no usage line: the limit is not invented. */
	SET(&ev, pod_uid, "");
	SET(&ev, container_id, "");
	SET(&ev, oom_memcg, "/leaker");
	ev.memcg_usage_kb = ev.memcg_limit_kb = EV_NONE;
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "memory.max"));
	assert_non_null(strstr(d.remedy, "/leaker"));
	assert_non_null(strstr(d.remedy, "not in the text"));

	/* A global kill with the memcg constraint counts too. */
	ev = global_kill();
	SET(&ev, constraint, "CONSTRAINT_MEMCG");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);

	/* YARN's kill of a container: its own limit and its settings. */
	event_init(&ev, EV_USERSPACE_OOM_KILL);
	SET(&ev, killer, "yarn");
	SET(&ev, detail, "Container [pid=4821,containerID=container_1_0001_01_000002] is running beyond physical "
			 "memory limits. Current usage: 2.1 GB of 2 GB physical memory used; Killing container.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.summary, "physical memory limit"));
	assert_non_null(strstr(d.remedy, "spark.executor.memoryOverhead"));
	assert_non_null(strstr(d.remedy, "mapreduce.map.memory.mb"));
	assert_null(strstr(d.remedy, "vmem-pmem-ratio"));
	SET(&ev, detail, "Container [pid=4821] is running beyond virtual memory limits. Current usage: 1.0 GB of "
			 "2 GB physical memory used; 4.4 GB of 4.2 GB virtual memory used. Killing container.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "yarn.nodemanager.vmem-pmem-ratio"));
	/* Another user-space killer's kill is not YARN's. */
	SET(&ev, killer, "systemd-oomd");
	assert_int_not_equal(diagnose(&ev, &d), DIAG_MEMCG_LIMIT);

	/* Schedulers and platforms: their own kill at the job's limit, or the
	 * kernel's in the job's cgroup as they relay it; each names its knob. */
	event_init(&ev, EV_OOM_KILL);
	SET(&ev, killer, "kernel");
	SET(&ev, runtime, "slurm"); /* the reporter, as its rule names it */
	SET(&ev, detail, "slurmstepd: error: Detected 1 oom_kill event in StepId=440575.0. Some of the step tasks have been OOM Killed.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "#SBATCH --mem="));
	assert_plain(&d);
	SET(&ev, detail, "Status reason\tOutOfMemoryError: Container killed due to memory usage Exit Code\t137");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "task definition"));
	assert_plain(&d);
	SET(&ev, detail, "APP/PROC/WEB: Exited with status 137 (out of memory)");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "cf scale"));
	assert_plain(&d);
	/* The same words from a kernel kill record with its constraint are
	 * the kernel's own report, not a scheduler's relay. */
	SET(&ev, constraint, "CONSTRAINT_NONE");
	assert_int_not_equal(diagnose(&ev, &d), DIAG_MEMCG_LIMIT);
	/* A relay is a kill event without a runtime (the rules clear it for
	 * kills) and without a victim pid; the kernel's own kill record with
	 * the same words names its victim. */
	SET(&ev, constraint, "");
	SET(&ev, runtime, "");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	ev.pid = 4242;
	assert_int_not_equal(diagnose(&ev, &d), DIAG_MEMCG_LIMIT);
	event_init(&ev, EV_USERSPACE_OOM_KILL);
	SET(&ev, runtime, "lsf");
	SET(&ev, killer, "lsf");
	SET(&ev, detail, "TERM_MEMLIMIT: job killed after reaching LSF memory usage limit.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "bsub -M"));
	assert_plain(&d);
	SET(&ev, killer, "pbs");
	SET(&ev, detail, "=>> PBS: job killed: vmem 3372163072 exceeded limit 2147483648");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "-l vmem="));
	assert_plain(&d);
	SET(&ev, killer, "heroku");
	SET(&ev, detail, "Error R15 (Memory quota vastly exceeded)");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "heroku ps:resize"));
	assert_plain(&d);
	/* Platforms that stop an instance, invocation or build at its memory
	 * limit name the setting that raises it. */
	SET(&ev, killer, "cloud-run");
	SET(&ev, runtime, ""); /* as a kill leaves the rules */
	SET(&ev, detail, "Memory limit of 512 MiB exceeded with 516 MiB used. Consider increasing the memory limit");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "--memory="));
	assert_plain(&d);
	SET(&ev, killer, "app-engine");
	SET(&ev, detail, "Exceeded soft memory limit of 256 MB with 340 MB after servicing 57 requests total.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "instance_class"));
	assert_plain(&d);
	SET(&ev, killer, "lambda");
	SET(&ev, detail, "Error Type: Runtime.OutOfMemory");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "MemorySize"));
	assert_plain(&d);
	SET(&ev, killer, "pm2");
	SET(&ev, detail, "[PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "max_memory_restart"));
	assert_plain(&d);
	SET(&ev, killer, "bitbucket-pipelines");
	SET(&ev, detail, "Container 'Build' exceeded memory limit.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "size: 2x"));
	assert_plain(&d);
	SET(&ev, runtime, "lsf");
	SET(&ev, killer, "heroku");
	SET(&ev, detail, "Error R15 (Memory quota vastly exceeded)");
	/* A phrase under another killer's name is not that scheduler's. */
	SET(&ev, killer, "htcondor");
	assert_int_not_equal(diagnose(&ev, &d), DIAG_MEMCG_LIMIT);
	SET(&ev, detail, "Error from slot1@w: Job has gone over memory limit of 4096 megabytes.");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_non_null(strstr(d.remedy, "request_memory"));
	assert_plain(&d);
}

/* OpenVZ/Virtuozzo's beancounter kill: the container's limit, not the
 * machine's, named by its UB when the record says it. */
static void test_openvz_beancounter(void **state)
{
	struct oom_event ev;
	struct diagnosis d;

	event_init(&ev, EV_OOM_KILL);
	ev.pid = 21091;
	SET(&ev, comm, "update_database");
	SET(&ev, killer, "kernel");
	SET(&ev, detail, "Out of memory in UB 25187: OOM killed process 21091 (update_database) score 0 "
			 "vm:4228424kB, rss:3102376kB, swap:503952kB");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_string_equal(d.subject, "UB 25187");
	assert_non_null(strstr(d.summary, "container UB 25187 reached"));
	assert_null(strstr(d.summary, "whole machine"));
	assert_string_equal(d.evidence, "Out of memory in UB 25187");
	assert_non_null(strstr(d.remedy, "--physpages"));
	assert_non_null(strstr(d.remedy, "/proc/user_beancounters"));
	/* The record alone (a paste wrapped its head away): no UB number. */
	SET(&ev, detail, "killed process 21738 (php-cgi) score 0 vm:281988kB, rss:17004kB, swap:0kB");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_string_equal(d.subject, "an OpenVZ container");
	assert_non_null(strstr(d.summary, "Virtuozzo container reached"));
	/* A standard kill record is the machine's again, swap evidence and
	 * all; the swap lines then decide. */
	SET(&ev, detail, "Out of memory: Killed process 21738 (php-cgi) total-vm:281988kB, anon-rss:17004kB");
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_non_null(strstr(d.summary, "whole machine"));
	ev.swap_total_kb = ev.swap_free_kb = 0;
	expect(&ev, DIAG_NO_SWAP, &d);
	/* ... and a beancounter kill with swap lines is still the container's. */
	SET(&ev, detail, "Out of memory in UB 101: OOM killed process 5 (x) score 0 vm:1kB, rss:1kB, swap:0kB");
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
}

static void test_no_swap_needs_the_swap_line(void **state)
{
	struct oom_event ev = global_kill();
	struct diagnosis d;

	/* No Mem-Info: unknown, never no_swap. */
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_non_null(strstr(d.summary, "Mem-Info"));
	ev.swap_total_kb = 0;
	ev.swap_free_kb = 0;
	expect(&ev, DIAG_NO_SWAP, &d);
	assert_string_equal(d.evidence, "Total swap = 0kB; constraint=CONSTRAINT_NONE");
	assert_non_null(strstr(d.remedy, "swapon"));
	/* A cpuset kill with no swap is not the machine's swap. */
	SET(&ev, constraint, "CONSTRAINT_CPUSET");
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_non_null(strstr(d.remedy, "cpuset.mems"));
}

static void test_swap_exhausted(void **state)
{
	struct oom_event ev = global_kill();
	struct diagnosis d;

	ev.swap_total_kb = 8388604;
	ev.swap_free_kb = 1024;
	expect(&ev, DIAG_SWAP_EXHAUSTED, &d);
	assert_non_null(strstr(d.remedy, "vm.swappiness"));
	assert_non_null(strstr(d.evidence, "Free swap  = 1024kB"));
	/* Half the swap free: not exhausted, and not guessed. */
	ev.swap_free_kb = 4000000;
	expect(&ev, DIAG_UNKNOWN, &d);
	/* Total known, free not: not exhausted. */
	ev.swap_free_kb = EV_NONE;
	expect(&ev, DIAG_UNKNOWN, &d);
}

static void test_overcommit_strict(void **state)
{
	struct oom_event ev;
	struct diagnosis d;

	event_init(&ev, EV_COMMIT_LIMIT);
	SET(&ev, runtime, "linux");
	SET(&ev, comm, "java");
	ev.requested_bytes = 1073741824;
	SET(&ev, detail, "__vm_enough_memory: pid: 1234, comm: java, bytes: 1073741824 not enough memory for the allocation");
	expect(&ev, DIAG_OVERCOMMIT_STRICT, &d);
	assert_non_null(strstr(d.remedy, "vm.overcommit_ratio"));
	assert_non_null(strstr(d.remedy, "vm.overcommit_kbytes"));
	assert_non_null(strstr(d.evidence, "1073741824"));
}

static void test_fork_overcommit(void **state)
{
	struct oom_event ev;
	struct diagnosis d;

	event_init(&ev, EV_ALLOC_FAILURE);
	SET(&ev, runtime, "redis");
	SET(&ev, comm, "redis-server");
	ev.errno_code = 12;
	SET(&ev, detail, "24388:M 23 Nov 2026 11:50:27.740 # Can't save in background: fork: Cannot allocate memory");
	expect(&ev, DIAG_FORK_OVERCOMMIT, &d);
	assert_non_null(strstr(d.remedy, "vm.overcommit_memory=1"));
	assert_non_null(strstr(d.remedy, "maxmemory"));
	/* Valkey too. */
	SET(&ev, runtime, "valkey");
	SET(&ev, comm, "valkey-server");
	expect(&ev, DIAG_FORK_OVERCOMMIT, &d);
	/* The overcommit warning names the same setting. */
	ev.kind = EV_MEMORY_WARNING;
	SET(&ev, detail, "WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.");
	expect(&ev, DIAG_FORK_OVERCOMMIT, &d);
	assert_string_equal(d.evidence, "WARNING overcommit_memory is set to 0");
	/* bash's fork failure is no forking saver: not settled. */
	event_init(&ev, EV_ALLOC_FAILURE);
	SET(&ev, runtime, "libc");
	SET(&ev, comm, "bash");
	ev.errno_code = 12;
	SET(&ev, detail, "bash: fork: Cannot allocate memory");
	expect(&ev, DIAG_UNKNOWN, &d);
}

static void test_pagefile_commit(void **state)
{
	struct oom_event ev;
	struct diagnosis d;

	event_init(&ev, EV_COMMIT_LIMIT);
	SET(&ev, runtime, "go");
	SET(&ev, comm, "go");
	ev.errno_code = 1455;
	SET(&ev, detail, "runtime: VirtualAlloc of 65536 bytes failed with errno=1455");
	expect(&ev, DIAG_PAGEFILE_COMMIT, &d);
	assert_non_null(strstr(d.remedy, "paging file"));
	assert_non_null(strstr(d.evidence, "1455"));
	/* The message alone, no errno. */
	ev.errno_code = EV_NONE;
	SET(&ev, runtime, "dotnet");
	SET(&ev, detail, "System.ComponentModel.Win32Exception (0x80004005): The paging file is too small for this operation to complete");
	expect(&ev, DIAG_PAGEFILE_COMMIT, &d);
	assert_non_null(strstr(d.evidence, "paging file is too small"));
	/* Event 2004: the detector's diagnosis names the top consumer, and
	 * no Linux limit. */
	event_init(&ev, EV_COMMIT_LIMIT);
	SET(&ev, runtime, "windows");
	SET(&ev, comm, "qbittorrent.exe");
	ev.pid = 9664;
	ev.n_consumers = 1;
	SET(&ev, consumers[0].name, "qbittorrent.exe");
	ev.consumers[0].pid = 9664;
	ev.consumers[0].bytes = 7100248064LL;
	SET(&ev, detail, "Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: qbittorrent.exe (9664) consumed 7100248064 bytes");
	expect(&ev, DIAG_PAGEFILE_COMMIT, &d);
	assert_non_null(strstr(d.summary, "qbittorrent.exe (pid 9664)"));
	assert_non_null(strstr(d.evidence, "7100248064 bytes"));
	assert_non_null(strstr(d.remedy, "paging file"));
	assert_null(strstr(d.remedy, "ulimit"));
}

static void test_runtime_limit(void **state)
{
	static const struct {
		const char *runtime, *detail, *setting;
	} cases[] = {
		{ "jvm", "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", "-Xmx" },
		{ "jvm", "java.lang.OutOfMemoryError: Metaspace", "-XX:MaxMetaspaceSize" },
		{ "jvm", "java.lang.OutOfMemoryError: Compressed class space", "-XX:CompressedClassSpaceSize" },
		{ "jvm", "java.lang.OutOfMemoryError: GC overhead limit exceeded", "-Xmx" },
		{ "jvm", "java.lang.OutOfMemoryError: Direct buffer memory", "-XX:MaxDirectMemorySize" },
		{ "node", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "--max-old-space-size" },
		{ "php", "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)", "memory_limit" },
		{ "redis", "(error) OOM command not allowed when used memory > 'maxmemory'.", "maxmemory" },
	};
	struct oom_event ev;
	struct diagnosis d;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		event_init(&ev, EV_RUNTIME_OOM);
		SET(&ev, runtime, cases[i].runtime);
		SET(&ev, comm, "app");
		SET(&ev, detail, cases[i].detail);
		expect(&ev, DIAG_RUNTIME_LIMIT, &d);
		assert_string_equal(d.subject, cases[i].setting);
		assert_non_null(strstr(d.remedy, cases[i].setting));
	}
	/* Chrome's sandbox cap on a renderer: no flag to name, and a
	 * sentence that starts with an unnamed process starts upper-case. */
	event_init(&ev, EV_RUNTIME_OOM);
	SET(&ev, runtime, "chromium");
	SET(&ev, detail, "Error code: SBOX_FATAL_MEMORY_EXCEEDED");
	expect(&ev, DIAG_RUNTIME_LIMIT, &d);
	assert_non_null(strstr(d.summary, "The process reached its own cap on one renderer's memory"));
	assert_non_null(strstr(d.remedy, "no flag"));
	SET(&ev, runtime, "jvm");
	expect(&ev, DIAG_UNKNOWN, &d);
	/* A runtime's failure with no cap named: not settled. */
	event_init(&ev, EV_RUNTIME_OOM);
	SET(&ev, runtime, "python");
	SET(&ev, detail, "MemoryError");
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_non_null(strstr(d.summary, "ulimit -v"));
	assert_true(strncmp(d.summary, "The process could not get memory", 32) == 0);
	ev.pid = 77;
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_true(strncmp(d.summary, "The process with pid 77 could not", 33) == 0);
	/* The phrase of one runtime in another's message does not count. */
	SET(&ev, runtime, "go");
	SET(&ev, detail, "fatal error: Java heap space");
	expect(&ev, DIAG_UNKNOWN, &d);
}

static struct oom_event page_alloc(int64_t order, const char *mask, const char *detail)
{
	struct oom_event ev;

	event_init(&ev, EV_ALLOC_FAILURE);
	SET(&ev, runtime, "kernel");
	SET(&ev, comm, "kworker/0:1");
	ev.order = order;
	SET(&ev, gfp_mask, mask);
	SET(&ev, detail, detail);
	return ev;
}

static void test_fragmentation(void **state)
{
	struct oom_event ev = page_alloc(4, "0x40d0", "dmsetup: page allocation failure: order:4, mode:0x40d0");
	struct diagnosis d;

	expect(&ev, DIAG_FRAGMENTATION, &d);
	assert_non_null(strstr(d.remedy, "vm.min_free_kbytes"));
	assert_non_null(strstr(d.summary, "64 kB"));
	/* Order 2 is neither fragmentation nor a small atomic failure. */
	ev.order = 2;
	expect(&ev, DIAG_UNKNOWN, &d);
	/* A vmalloc failure is no contiguous-block failure. */
	ev = page_alloc(4, "0xcc2", "modprobe: vmalloc error: size 268435456, page order 0");
	expect(&ev, DIAG_UNKNOWN, &d);
}

static void test_atomic_transient(void **state)
{
	/* Each era's GFP_ATOMIC, by symbol and by bits alone. */
	static const char *const masks[] = { "0x20", "0x2084120", "0xa20", "0x820" };
	struct oom_event ev;
	struct diagnosis d;
	size_t i;

	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		ev = page_alloc(0, masks[i], "swapper: page allocation failure. order:0");
		expect(&ev, DIAG_ATOMIC_TRANSIENT, &d);
		assert_non_null(strstr(d.remedy, "vm.min_free_kbytes"));
	}
	ev = page_alloc(1, "0x2084120", "java: page allocation failure: order:1, mode:0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)");
	expect(&ev, DIAG_ATOMIC_TRANSIENT, &d);
	assert_non_null(strstr(d.evidence, "(GFP_ATOMIC)"));
	/* GFP_KERNEL of every era may sleep: not atomic. */
	ev = page_alloc(0, "0xcc0", "x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)");
	expect(&ev, DIAG_UNKNOWN, &d);
	ev = page_alloc(0, "0xd0", "x: page allocation failure: order:0, mode:0xd0");
	expect(&ev, DIAG_UNKNOWN, &d);
	ev = page_alloc(0, "0x24000c0", "x: page allocation failure: order:0, mode:0x24000c0");
	expect(&ev, DIAG_UNKNOWN, &d);
	/* No mask at all: no guess. */
	ev = page_alloc(0, "", "x: page allocation failure: order:0");
	expect(&ev, DIAG_UNKNOWN, &d);
}

static void test_pressure_kill(void **state)
{
	static const struct {
		enum ev_kind kind;
		const char *killer, *setting;
	} cases[] = {
		{ EV_USERSPACE_OOM_KILL, "systemd-oomd", "ManagedOOMMemoryPressureLimit=" },
		{ EV_USERSPACE_OOM_KILL, "earlyoom", "-m" },
		{ EV_USERSPACE_OOM_KILL, "lmkd", "ro.lmk" },
		{ EV_OOM_KILL, "lowmemorykiller", "minfree" },
		{ EV_USERSPACE_OOM_KILL, "nohang", "soft_threshold_min_mem" },
		{ EV_USERSPACE_OOM_KILL, "kubelet", "resources.requests.memory" },
	};
	struct oom_event ev;
	struct diagnosis d;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		event_init(&ev, cases[i].kind);
		SET(&ev, killer, cases[i].killer);
		SET(&ev, comm, "firefox");
		SET(&ev, systemd_unit, "app.scope");
		expect(&ev, DIAG_PRESSURE_KILL, &d);
		assert_non_null(strstr(d.remedy, cases[i].setting));
		assert_plain(&d);
	}
	/* A user-space killer nobody knows: not settled. */
	SET(&ev, killer, "mykiller");
	ev.kind = EV_USERSPACE_OOM_KILL;
	expect(&ev, DIAG_UNKNOWN, &d);
}

static void test_unknown_says_what_is_missing(void **state)
{
	struct oom_event ev;
	struct diagnosis d;

	event_init(&ev, EV_OOM_REAP);
	ev.pid = 1;
	SET(&ev, comm, "memcached");
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_non_null(strstr(d.summary, "kill record"));
	assert_string_equal(diag_cause_name(d.cause), "unknown");
	/* systemd's unit notice says neither global nor memcg. */
	event_init(&ev, EV_OOM_KILL);
	SET(&ev, killer, "kernel");
	SET(&ev, systemd_unit, "user@1000.service");
	SET(&ev, detail, "user@1000.service: A process of this unit has been killed by the OOM killer.");
	expect(&ev, DIAG_UNKNOWN, &d);
	assert_null(strstr(d.summary, "whole machine"));
	assert_non_null(strstr(d.summary, "user@1000.service"));
	/* An empty event diagnoses without crashing. */
	event_init(&ev, EV_RUNTIME_OOM);
	expect(&ev, DIAG_UNKNOWN, &d);
}

static void test_long_fields_are_cut(void **state)
{
	struct oom_event ev = global_kill();
	struct diagnosis d;

	ev.kind = EV_MEMCG_OOM_KILL;
	memset(ev.oom_memcg, 'a', sizeof(ev.oom_memcg) - 1);
	ev.oom_memcg[sizeof(ev.oom_memcg) - 1] = '\0';
	ev.memcg_limit_kb = ev.memcg_usage_kb = INT64_MAX / 2;
	expect(&ev, DIAG_MEMCG_LIMIT, &d);
	assert_true(strlen(d.remedy) < sizeof(d.remedy));
	assert_true(strlen(d.subject) < sizeof(d.subject));
}

/* Appends to buf (size n) as the diagnosis's PUT does: cut at the end,
 * nothing once it is full. */
__attribute__((format(printf, 3, 4)))
static void append(char *buf, size_t n, const char *fmt, ...)
{
	size_t at = strlen(buf);
	va_list ap;

	if (at + 1 >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + at, n - at, fmt, ap);
	va_end(ap);
}

/*
 * The texts written in one call are the bytes of the appends they replace,
 * cut or not: the memcg remedy for units of every length (with and without
 * the victim's size), the no-swap evidence with and without a constraint.
 */
static void test_one_call_as_appends(void **state)
{
	struct oom_event ev;
	struct diagnosis d;
	char unit[128], what[320], want[448], b1[32], b2[32], path[420];
	size_t len;
	int rss;

	(void)state;
	for (len = 1; len < sizeof(unit); len++) {
		for (rss = 0; rss < 2; rss++) {
			ev = global_kill();
			ev.kind = EV_MEMCG_OOM_KILL;
			memset(unit, 'u', len);
			memcpy(unit + len - (len > 6 ? 6 : len), ".scope", len > 6 ? 6 : len);
			unit[len] = '\0';
			SET(&ev, systemd_unit, unit);
			ev.memcg_limit_kb = INT64_C(3) << 30;
			if (!rss)
				ev.anon_rss_kb = EV_NONE;
			expect(&ev, DIAG_MEMCG_LIMIT, &d);
			snprintf(what, sizeof(what), "`MemoryMax=` of %s (`systemctl set-property %s MemoryMax=...`)",
				 unit, unit);
			want[0] = '\0';
			append(want, sizeof(want), "Raise %s above its %s", what,
			       text_kb(ev.memcg_limit_kb, b1, sizeof(b1)));
			if (rss)
				append(want, sizeof(want), " (the victim alone held %s)",
				       text_kb(event_rss_kb(&ev), b2, sizeof(b2)));
			append(want, sizeof(want), ", or lower what runs in it.");
			assert_string_equal(d.remedy, want);
		}
	}
	/* The memcg evidence: each piece there or not, the cgroup's path of
	 * every length. */
	for (len = 0; len < 4 * sizeof(path); len++) {
		ev = global_kill();
		ev.kind = len % 2 ? EV_MEMCG_OOM_KILL : EV_OOM_KILL;
		SET(&ev, constraint, "CONSTRAINT_MEMCG");
		ev.memcg_usage_kb = len % 4 < 2 ? 524288 : EV_NONE;
		ev.memcg_limit_kb = len % 8 < 6 ? 524288 : EV_NONE;
		memset(path, 'm', len / 4); /* past the evidence's size: a cut */
		event_set_memcg(&ev, EV_OOM_MEMCG, path, len / 4);
		expect(&ev, DIAG_MEMCG_LIMIT, &d);
		want[0] = '\0';
		append(want, sizeof(d.evidence), "%s", ev.kind == EV_MEMCG_OOM_KILL ?
		       "Memory cgroup out of memory" : "constraint=CONSTRAINT_MEMCG");
		if (ev.memcg_usage_kb != EV_NONE && ev.memcg_limit_kb != EV_NONE)
			append(want, sizeof(d.evidence), "; memory: usage %" PRId64 "kB, limit %" PRId64 "kB",
			       ev.memcg_usage_kb, ev.memcg_limit_kb);
		if (ev.oom_memcg[0])
			append(want, sizeof(d.evidence), "; oom_memcg=%s", event_oom_memcg(&ev));
		assert_string_equal(d.evidence, want);
	}
	for (rss = 0; rss < 2; rss++) {
		ev = global_kill();
		ev.swap_total_kb = 0;
		if (!rss)
			ev.constraint[0] = '\0';
		expect(&ev, DIAG_NO_SWAP, &d);
		want[0] = '\0';
		append(want, sizeof(want), "Total swap = 0kB");
		if (ev.constraint[0])
			append(want, sizeof(want), "; constraint=%s", ev.constraint);
		assert_string_equal(d.evidence, want);
	}
}

static void test_names(void **state)
{
	int c;

	for (c = 0; c < DIAG_CAUSE_COUNT; c++) {
		assert_true(strlen(diag_cause_name((enum diag_cause)c)) > 0);
		assert_true(strlen(diag_cause_label((enum diag_cause)c)) > 0);
	}
	assert_string_equal(diag_cause_name(DIAG_NO_SWAP), "no_swap");
	assert_string_equal(diag_cause_name(DIAG_CAUSE_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcg_limit),
		cmocka_unit_test(test_openvz_beancounter),
		cmocka_unit_test(test_no_swap_needs_the_swap_line),
		cmocka_unit_test(test_swap_exhausted),
		cmocka_unit_test(test_overcommit_strict),
		cmocka_unit_test(test_fork_overcommit),
		cmocka_unit_test(test_pagefile_commit),
		cmocka_unit_test(test_runtime_limit),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_atomic_transient),
		cmocka_unit_test(test_pressure_kill),
		cmocka_unit_test(test_unknown_says_what_is_missing),
		cmocka_unit_test(test_long_fields_are_cut),
		cmocka_unit_test(test_one_call_as_appends),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
