/*
 * test_apprules.c - the application message rules and their incident
 * assembler: every table row's example is recognised by that row's family,
 * near misses stay quiet, multi-line incidents merge into one event, the
 * process name comes from the best source present, no input (cut at
 * any byte, flush against a guard page) reads out of bounds, and the rows'
 * patterns, compiled on first use, give the same answers in any order and
 * from two threads at once as when all are compiled up front.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../parsers/apprules.h"
#include "../../parsers/apprules_int.h"

#define MAXEV 64

struct run {
	struct app_rules *r;
	struct app_asm *a;
	int64_t line;
	int n;
	struct oom_event ev[MAXEV];
};

static struct app_rules *rules;

static int setup(void **state)
{
	char err[200];

	rules = app_rules_new(err, sizeof(err));
	if (!rules)
		fprintf(stderr, "app_rules_new: %s\n", err);
	return rules ? 0 : -1;
}

static int teardown(void **state)
{
	app_rules_free(rules);
	return 0;
}

static void run_begin(struct run *ru, const char *hint)
{
	memset(ru, 0, sizeof(*ru));
	ru->r = rules;
	ru->a = app_asm_new(rules, hint);
	assert_non_null(ru->a);
}

static void drain(struct run *ru)
{
	struct oom_event ev;

	while (app_asm_pop(ru->a, &ev)) {
		assert_true(ru->n < MAXEV);
		ru->ev[ru->n++] = ev;
	}
}

static void meta_init(struct line_meta *m, const char *msg, const char *tag, int64_t tag_pid,
		      int64_t t)
{
	memset(m, 0, sizeof(*m));
	m->fmt = tag ? PREFIX_SYSLOG : PREFIX_BARE;
	m->tag = tag ? span_from_cstr(tag) : span_make("", 0);
	m->host = span_make("", 0);
	m->tag_pid = tag_pid;
	m->time_sec = t;
	m->uptime_usec = INT64_MIN;
	m->kmsg_seq = -1;
	m->kmsg_facility = -1;
	m->msg = span_from_cstr(msg);
}

static int push_full(struct run *ru, const char *msg, const char *tag, int64_t tag_pid, int64_t t)
{
	struct line_meta m;
	int rc;

	meta_init(&m, msg, tag, tag_pid, t);
	rc = app_asm_push(ru->a, "test", ++ru->line, &m);
	drain(ru);
	return rc;
}

static int push(struct run *ru, const char *msg)
{
	return push_full(ru, msg, NULL, -1, INT64_MIN);
}

static void run_end(struct run *ru)
{
	app_asm_flush(ru->a, 1);
	drain(ru);
	app_asm_free(ru->a);
	ru->a = NULL;
}

static void test_compiles(void **state)
{
	assert_int_equal(app_rules_count(rules), (int)app_rule_ndefs);
	assert_true(app_rule_ndefs > 60);
}

/* Each row's example is recognised, and by its own family: no earlier row shadows it. */
static void test_examples(void **state)
{
	size_t i;

	for (i = 0; i < app_rule_ndefs; i++) {
		const struct app_rule_def *d = &app_rule_defs[i];
		struct run ru;
		int rc;

		if (d->action != APP_A_CTX && !app_rules_may_match(rules, span_from_cstr(d->example)))
			fail_msg("row %s: example does not pass the prefilter", d->family);
		run_begin(&ru, NULL);
		rc = push(&ru, d->example);
		run_end(&ru);
		if (d->action == APP_A_ENRICH) {
			/* alone, a row that only adds fields has nothing to add to */
			if (ru.n != 0)
				fail_msg("row %s: want no event, got %d", d->family, ru.n);
			continue;
		}
		if (d->action == APP_A_SUPPRESS || d->action == APP_A_CANCEL || d->action == APP_A_PRE) {
			if (rc != APP_CONSUMED || ru.n != 0)
				fail_msg("row %s: want consumed and no event, got rc %d, %d events",
					 d->family, rc, ru.n);
			continue;
		}
		if (d->action == APP_A_CTX || (d->flags & APP_F_NEEDPRE))
			continue; /* needs its group open first: see test_windows_2004 */
		if (rc != APP_CONSUMED || ru.n != 1)
			fail_msg("row %s: want one event, got rc %d, %d events", d->family, rc, ru.n);
		if (event_is_kill(d->kind)) {
			assert_string_equal(ru.ev[0].killer, d->killer);
		} else {
			if (strcmp(ru.ev[0].runtime, d->runtime) != 0)
				fail_msg("row %s: runtime %s, want %s", d->family, ru.ev[0].runtime, d->runtime);
		}
		if (ru.ev[0].errno_code == 1455)
			assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
		else if (ru.ev[0].kind != d->kind)
			fail_msg("row %s: kind %s, want %s", d->family, event_kind_name(ru.ev[0].kind),
				 event_kind_name(d->kind));
		assert_int_equal(ru.ev[0].line, 1);
		assert_true(ru.ev[0].detail[0] != '\0');
	}
}

static void test_near_misses(void **state)
{
	static const char *const quiet[] = {
		"2026/11/23 09:28:11 worker: command \"/usr/bin/sleep 10\" failed: signal: killed",
		"When I have the scene Level 3 open sbox's ram usage starts increasing until it crashes",
		"    SBOX_FATAL_MEMORY_EXCEEDED = 7012,",
		"Error code 0x5af indicates that the system paging file is full or too heavily fragmented.",
		/* the message named inside a sentence that goes on after the quote */
		"In version 2.8.13 this error  \"Can't save in background: fork: Cannot allocate memory\" can apear in any one of  the following contiditions .",
		"Note that \"bash: fork: Cannot allocate memory\" means the shell could not start a command",
		"Maximum committed memory (MB):              1,200",
		"Error code: RESULT_CODE_INVALID_CMDLINE_URL",
		"[2021.05.14-22.46.33:931][178]LogWindows: Error: Fatal error: [File:GenericPlatformMemory.cpp] [Line: 183] ",
		"DynamicHeapAllocator allocation probe 1 failed - Could not get memory for large allocation 4194320.",
		"bash: fork: retry: Resource temporarily unavailable",
		"bash: fork: Resource temporarily unavailable",
		"            \"OOMKilled\": false,",
		"            \"ExitCode\": 137,",
		"     bool HeapDumpOnOutOfMemoryError               = false    {manageable} {default}",
		"java -XX:+HeapDumpOnOutOfMemoryError -XX:OnOutOfMemoryError=\"kill -9 %p\" -jar app.jar",
		"So the java.lang.OutOfMemoryError stack trace is not getting logged in time due to node restart?",
		"If a java.lang.OutOfMemoryError occurs the pod restarts.",
		/* the throw named in a sentence that goes on after its fixed detail */
		"It would be much better if SBT would actually catch java.util.concurrent.ExecutionException: java.lang.OutOfMemoryError: GC overhead limit exceeded and act on it more appropriately",
		"mem avail: 23592 of 24105 MiB (97.87%), swap free:    0 of    0 MiB ( 0.00%)",
		"sending SIGTERM when mem <= 10.00% and swap <= 10.00%,",
		"        SIGKILL when mem <=  5.00% and swap <=  5.00%",
		"low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%",
		"vte.scope: Consumed 5h 17min 34.893s CPU time, 36.1G memory peak, 10.6G memory swap peak.",
		"snap.mysql.service: Killing process 9882 (mysqld) with signal SIGKILL.",
		"snap.mysql.service: Failed with result 'timeout'.",
		"snap.mysql.service: Main process exited, code=killed, status=9/KILL",
		"2026-11-23 09:29:57.564 UTC [32128] ERROR:  requested length too large",
		"ERROR:  invalid memory alloc request size 1073741824",
		"runtime: VirtualFree of 4096 bytes failed with errno=487",
		"runtime: goroutine stack exceeds 1000000000-byte limit",
		"fatal error: stack overflow",
		"FATAL ERROR: RegExpCompiler Allocation failed - process out of memory",
		"c++: fatal error: Killed signal terminated program cc1plus",
		"Killed",
		"    except MemoryError:",
		"2016-09-12T16:55:09Z 0 [Note] InnoDB: The InnoDB memory heap is disabled",
		"Out of sort memory, consider increasing server sort buffer size",
		"[0.071s][warning][os,thread] Failed to start thread \"Unknown thread\" - pthread_create failed (EAGAIN) for attributes: stacksize: 1024k",
		"NodeHasSufficientMemory",
		"WARNING you have Transparent Huge Pages (THP) support enabled in your kernel.",
		"<--- Last few GCs --->",
		"server process (PID 315) was terminated by signal 9: Killed",
		"runtime: failed to create new OS thread (have 2049 already; errno=11)",
		"LoadLibrary(C:\\x\\j9prt29.dll) error: 7e",
		"Total memory: 16 GiB, free memory: 3 GiB",
		"The window has crashed (reason: 'crashed', code: '-1073741819')",
		"The window terminated unexpectedly (reason: 'killed', code: '15')",
		"if (details.reason === 'oom') { recreateWindow(); }",
		"2023/03/06 07:23:51| ipcCreate: fork: (11) Resource temporarily unavailable",
		"2023/03/06 07:23:51| FATAL: Couldn't start logfile helper",
		"The closest option for this will be `tune.lua.maxmem`, errors that correspond to `HLUA_E_NOMEM`",
		"This simple Node script immediately gives me an ```SQLITE_MISUSE: out of memory``` error:",
		"postgresql_1  | 2020-12-29 13:53:51.544 UTC [1] LOG:  could not fork new process for connection: Resource temporarily unavailable",
		"2020-04-02 13:32:33: pid 1: FATAL:  failed to fork a child",
		"- SO suggests: http://stackoverflow.com/questions/16149021/heroku-rails-could-not-fork-new-process-for-connection-cannot-allocate-memory",
		"initdb: error: program \"postgres\" is needed by initdb but was not found in the same directory as \"/usr/lib/postgresql/16/bin/initdb\"",
	};
	size_t i;

	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		struct run ru;

		run_begin(&ru, NULL);
		push(&ru, quiet[i]);
		run_end(&ru);
		if (ru.n != 0)
			fail_msg("near miss gave an event: %s (%s)", quiet[i], event_kind_name(ru.ev[0].kind));
	}
}

/* Lines the kernel wrote are the kernel assembler's, never ours. */
static void test_kernel_lines_ignored(void **state)
{
	struct run ru;
	struct line_meta m;

	run_begin(&ru, NULL);
	meta_init(&m, "Out of memory: Killed process 123 (java) total-vm:1kB", "kernel", -1, INT64_MIN);
	m.is_kernel = 1;
	assert_int_equal(app_asm_push(ru.a, "t", 1, &m), APP_NONE);
	meta_init(&m, "java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0", "kernel", -1, INT64_MIN);
	m.is_kernel = 1;
	assert_int_equal(app_asm_push(ru.a, "t", 2, &m), APP_NONE);
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* One line of issue 7's list (or a sibling shape) and the event it must give. */
struct want {
	const char *line;
	int is_kernel;
	enum ev_kind kind;
	int64_t pid;
	const char *comm; /* "" = none */
	int64_t uid, adj, bytes, errno_code;
	const char *killer; /* NULL = none */
};

#define N EV_NONE
static const struct want issue7[] = {
	{ "memory allocation of 18446744073709551615 bytes failed", 0, EV_ALLOC_FAILURE, N, "", N, N, INT64_MAX, N, NULL },
	{ "memory allocation of 4294967296 bytes failed", 0, EV_ALLOC_FAILURE, N, "", N, N, 4294967296LL, N, NULL },
	{ "2026/11/30 10:00:00 [emerg] 4711#0: *9 malloc() 18446744073709000000 bytes failed (12: Cannot allocate memory)", 0, EV_ALLOC_FAILURE, 4711, "nginx", N, N, INT64_MAX, 12, NULL },
	{ "malloc(104857600) failed (12: Cannot allocate memory) while waiting for request", 0, EV_ALLOC_FAILURE, N, "nginx", N, N, 104857600, 12, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Requested array size exceeds VM limit", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: GC overhead limit exceeded", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Metaspace", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Compressed class space", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Direct buffer memory", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: unable to create new native thread", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"pool-1\" java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Cannot reserve 1048576 bytes of direct buffer memory (allocated: 1073741824, limit: 1073741824)", 0, EV_RUNTIME_OOM, N, "java", N, N, 1048576, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: a detail text no JDK has printed yet", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "java.lang.OutOfMemoryError: Requested array size exceeds VM limit", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Caught a java.lang.OutOfMemoryError: Java heap space", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "Exception: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler in thread \"main\"", 0, EV_RUNTIME_OOM, N, "java", N, N, N, N, NULL },
	{ "[Mon Nov 30 10:00:00.123456 2026] [php:error] [pid 1234] [client 10.0.0.1:5555] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/a.php on line 9", 0, EV_RUNTIME_OOM, 1234, "php", N, N, 20480, N, NULL },
	/* the Apache stamp read as dmesg -T: a kernel line to the prefix parser */
	{ "[php:error] [pid 1234] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)", 1, EV_RUNTIME_OOM, 1234, "php", N, N, 20480, N, NULL },
	{ "[php:error] [pid 1234:tid 140000] [client 10.0.0.1:5555] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)", 0, EV_RUNTIME_OOM, 1234, "php", N, N, 20480, N, NULL },
	{ "[30-Nov-2026 10:00:00] WARNING: [pool www] child 1534 said into stderr: \"PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/a.php on line 9\"", 0, EV_RUNTIME_OOM, 1534, "php", N, N, 20480, N, NULL },
	{ "child 1534 said into stderr: \"PHP Fatal error:  Out of memory (allocated 2097152) (tried to allocate 4096 bytes) in /var/www/a.php on line 7\"", 0, EV_ALLOC_FAILURE, 1534, "php", N, N, 4096, N, NULL },
	{ "<6>lowmemorykiller: Killing 'com.example.app' (3141), adj 1000,", 1, EV_OOM_KILL, 3141, "com.example.app", N, 1000, N, N, "lowmemorykiller" },
	{ "lowmemorykiller: Killing 'com.example.app' (3141), adj 1000,", 1, EV_OOM_KILL, 3141, "com.example.app", N, 1000, N, N, "lowmemorykiller" },
	{ "Killing 'com.example.app' (3141), adj 1000,", 0, EV_OOM_KILL, 3141, "com.example.app", N, 1000, N, N, "lowmemorykiller" },
	/* vendor 4.4+ drivers print the thread group after the pid */
	{ "lowmemorykiller: Killing 'ndroid.settings' (4321) (tgid 4321), adj 900,", 1, EV_OOM_KILL, 4321, "ndroid.settings", N, 900, N, N, "lowmemorykiller" },
	{ "lowmemorykiller: send sigkill to 2877 (com.android.browser), adj 8, size 9123", 1, EV_OOM_KILL, 2877, "com.android.browser", N, 8, N, N, "lowmemorykiller" },
	{ "lowmemorykiller: Kill 'com.example.app' (3141), uid 10123, oom_adj 900 to free 12345kB", 0, EV_USERSPACE_OOM_KILL, 3141, "com.example.app", 10123, 900, N, N, "lmkd" },
	{ "Kill 'com.example.app' (3141), uid 10123, oom_score_adj 905 to free 2345kB rss, 100kB swap; reason: low watermark is breached and swap is low (1000kB < 2000kB)", 0, EV_USERSPACE_OOM_KILL, 3141, "com.example.app", 10123, 905, N, N, "lmkd" },
	{ "Kill 'com.example.app' (3141), uid 10123, oom_adj 0 to free 12345kB; reason: device is not responding", 0, EV_USERSPACE_OOM_KILL, 3141, "com.example.app", 10123, 0, N, N, "lmkd" },
	{ "Killing 'com.example.app' (3141), uid 10123, adj 906", 0, EV_USERSPACE_OOM_KILL, 3141, "com.example.app", 10123, 906, N, N, "lmkd" },
	/* earlyoom 1.6+ names the victim's uid; 1.x before it does not */
	{ "sending SIGKILL to process 3887 uid 1009 \"java\": badness 67, VmRSS 4352 MiB", 0, EV_USERSPACE_OOM_KILL, 3887, "java", 1009, N, N, N, "earlyoom" },
	{ "sending SIGTERM to process 1076783 \"mysqld\": badness 214, VmRSS 210 MiB", 0, EV_USERSPACE_OOM_KILL, 1076783, "mysqld", N, N, N, N, "earlyoom" },
	{ "unable to execute 'gcc': Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "gcc", N, N, N, 12, NULL },
	{ "error: command '/usr/bin/x86_64-linux-gnu-gcc' failed: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "x86_64-linux-gnu-gcc", N, N, N, 12, NULL },
	{ "Error: fork/exec /usr/local/bin/helm: cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "helm", N, N, N, 12, NULL },
	{ "exec /app/server: cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "server", N, N, N, 12, NULL },
	{ "java.io.IOException: Cannot run program \"git\" (in directory \"/srv/repo\"): error=12, Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "git", N, N, N, 12, NULL },
	{ "[4121:1130/101500.123456:FATAL:memory.cc(37)] Out of memory. size=8388608", 0, EV_ALLOC_FAILURE, 4121, "", N, N, 8388608, N, NULL },
	{ "[4121:4130:1130/101500.123456:FATAL:memory.cc(37)] Out of memory. size=262144", 0, EV_ALLOC_FAILURE, 4121, "", N, N, 262144, N, NULL },
	{ "[1130/101500.123456:FATAL:memory.cc(37)] Out of memory. size=262144", 0, EV_ALLOC_FAILURE, N, "", N, N, 262144, N, NULL },
	{ "dpkg: fork failed: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "dpkg", N, N, N, 12, NULL },
	{ "myprog: mmap(NULL, 1048576, PROT_READ) failed: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "myprog", N, N, N, 12, NULL },
	{ "posix_memalign(64, 1048576) failed: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "", N, N, N, 12, NULL },
	{ "ERROR: fork: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "", N, N, N, 12, NULL },
	{ "execvp: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "", N, N, N, 12, NULL },
	{ "OSError: [Errno 12] Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "python", N, N, N, 12, NULL },
	/* Redis's line copied into quotes: Redis's saver, not "background" */
	{ "    \" Can't save in background: fork: Cannot allocate memory\"", 0, EV_ALLOC_FAILURE, N, "redis-server", N, N, N, 12, NULL },
	/* a logfmt field quoting the error is still a failure */
	{ "level=error msg=\"exec: fork: Cannot allocate memory\" pid=12", 0, EV_ALLOC_FAILURE, N, "exec", N, N, N, 12, NULL },
	/* pytest's short summary: "FAILED nodeid - Exception: message" */
	{ "FAILED tests/test_20_sentinel1.py::test_Sentinel1SarProduct[data_path0-IW/VV] - numpy.core._exceptions._ArrayMemoryError: Unable to allocate 1.62 GiB for an array with shape (16705, 26102) and data type float32", 0, EV_RUNTIME_OOM, N, "python", N, N, N, N, NULL },
	{ "ERROR tests/test_io.py::test_load - MemoryError", 0, EV_RUNTIME_OOM, N, "python", N, N, N, N, NULL },
	{ "cc1: out of memory allocating 408 bytes after a total of 908787712 bytes", 0, EV_ALLOC_FAILURE, N, "cc1", N, N, 408, N, NULL },
	{ "cc1plus.exe: out of memory allocating 65536 bytes after a total of 284622848 bytes", 0, EV_ALLOC_FAILURE, N, "cc1plus.exe", N, N, 65536, N, NULL },
	{ "cc1plus: virtual memory exhausted: Cannot allocate memory", 0, EV_ALLOC_FAILURE, N, "cc1plus", N, N, N, 12, NULL },
};

/* Wrappings a log pipeline or a person puts in front of a program's line. */
static const char *const unknown_prefixes[] = {
	"",
	"2026-11-30T10:00:00.123456789Z stderr F ",
	"app_1  | ",
	"[ERROR] [worker-3] ",
	"Step 7/9 : ",
	"> ",
};

static void check_want(const struct want *w, const char *prefix)
{
	struct run ru;
	struct line_meta m;
	char line[600];
	const struct oom_event *e;

	snprintf(line, sizeof(line), "%s%s", prefix, w->line);
	run_begin(&ru, NULL);
	meta_init(&m, line, w->is_kernel ? "kernel" : NULL, -1, INT64_MIN);
	m.is_kernel = w->is_kernel;
	assert_int_equal(app_asm_push(ru.a, "t", 1, &m), APP_CONSUMED);
	run_end(&ru);
	if (ru.n != 1)
		fail_msg("%s: %d events", line, ru.n);
	e = &ru.ev[0];
	if (e->kind != w->kind)
		fail_msg("%s: kind %s", line, event_kind_name(e->kind));
	if (e->pid != w->pid || e->uid != w->uid || e->oom_score_adj != w->adj ||
	    e->requested_bytes != w->bytes || e->errno_code != w->errno_code)
		fail_msg("%s: pid %lld uid %lld adj %lld bytes %lld errno %lld", line, (long long)e->pid,
			 (long long)e->uid, (long long)e->oom_score_adj, (long long)e->requested_bytes,
			 (long long)e->errno_code);
	if (strcmp(e->comm, w->comm) != 0)
		fail_msg("%s: comm '%s', want '%s'", line, e->comm, w->comm);
	if (w->killer && strcmp(e->killer, w->killer) != 0)
		fail_msg("%s: killer '%s'", line, e->killer);
}

/* Every application line of issue 7 gives its event, with its fields. */
static void test_issue7_lines(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(issue7) / sizeof(issue7[0]); i++)
		check_want(&issue7[i], "");
}

/* The phrase anchors the event: behind a prefix nobody told us about, the
 * same event, and nothing of the prefix becomes the process name. */
static void test_unknown_prefix(void **state)
{
	size_t i, k;

	for (k = 0; k < sizeof(unknown_prefixes) / sizeof(unknown_prefixes[0]); k++)
		for (i = 0; i < sizeof(issue7) / sizeof(issue7[0]); i++)
			if (!issue7[i].is_kernel)
				check_want(&issue7[i], unknown_prefixes[k]);
}

/* Kernel lines reach only the rows of in-kernel killers. */
static void test_kernel_lmk_only(void **state)
{
	struct run ru;
	struct line_meta m;

	run_begin(&ru, NULL);
	meta_init(&m, "foo: mmap failed: Cannot allocate memory at +0x5af", "kernel", -1, INT64_MIN);
	m.is_kernel = 1;
	assert_int_equal(app_asm_push(ru.a, "t", 1, &m), APP_NONE);
	meta_init(&m, "lowmemorykiller: select 2877 (com.android.browser), adj 8, size 9123, to kill", "kernel", -1, INT64_MIN);
	m.is_kernel = 1;
	assert_int_equal(app_asm_push(ru.a, "t", 2, &m), APP_CONSUMED);
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* GCC's messages are the compiler proper's, named from the compile command. */
static void test_gcc_names_compiler_proper(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "$ ulimit -v 200000; gcc -O2 -c huge.c");
	push(&ru, "virtual memory exhausted: Cannot allocate memory");
	push(&ru, "$ x86_64-linux-gnu-gcc-12 -c big.cc");
	push(&ru, "virtual memory exhausted: Cannot allocate memory");
	push(&ru, "$ make -j8");
	push(&ru, "g++ -O2 -c prepare.cpp -o prepare.o");
	push(&ru, "virtual memory exhausted: Cannot allocate memory");
	push(&ru, "  CC       lib/x.lo");
	push(&ru, "virtual memory exhausted: Cannot allocate memory");
	push(&ru, "$ make");
	push(&ru, "virtual memory exhausted: Cannot allocate memory");
	run_end(&ru);
	assert_int_equal(ru.n, 5);
	assert_string_equal(ru.ev[0].comm, "cc1");
	assert_string_equal(ru.ev[1].comm, "cc1plus");
	assert_string_equal(ru.ev[2].comm, "cc1plus");
	assert_string_equal(ru.ev[3].comm, "cc1");
	assert_string_equal(ru.ev[4].comm, ""); /* make is no compiler: unnamed */
	assert_int_equal(ru.ev[4].errno_code, 12);
}

/* .NET's default OutOfMemoryException message broken by a hard wrap before
 * its quoted class: the tail is the open throw's, not a second one; alone,
 * it is still a throw. */
static void test_dotnet_oome_message_tail(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "       MSBUILD : error :     System.OutOfMemoryException: Exception of type");
	push(&ru, "'System.OutOfMemoryException' was thrown.");
	push(&ru, "[D:\\x\\LogEventHandlingTest.vcxproj]");
	push(&ru, "       MSBUILD : error :    at Go3(RegexRunner )");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 1);
	run_begin(&ru, NULL);
	push(&ru, "'System.OutOfMemoryException' was thrown.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
}

/* A Go crash is named by the program its own stack names, not "go". */
static void test_go_named_by_main_frame(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "$ go run ./cmd/bigalloc");
	push(&ru, "fatal error: runtime: out of memory");
	push(&ru, "");
	push(&ru, "goroutine 1 [running]:");
	push(&ru, "runtime.throw({0x4b2f3c?, 0x0?})");
	push(&ru, "\t/usr/local/go/src/runtime/panic.go:1047 +0x5d");
	push(&ru, "main.main()");
	push(&ru, "\t/home/u/src/cmd/bigalloc/main.go:12 +0x1d");
	/* a shell prompt names the binary better than its source path */
	push(&ru, "$ ./oomdemo");
	push(&ru, "fatal error: out of memory");
	push(&ru, "main.main()");
	push(&ru, "\t/home/app/goo/main.go:8 +0x65");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_string_equal(ru.ev[0].comm, "bigalloc");
	assert_int_equal(ru.ev[0].line, 2);
	assert_string_equal(ru.ev[1].comm, "oomdemo");
	/* the frame's indentation already stripped by the prefix parser */
	run_begin(&ru, NULL);
	push(&ru, "fatal error: runtime: out of memory");
	push(&ru, "main.main()");
	push(&ru, "/home/u/src/cmd/prog2/main.go:12 +0x1d");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "prog2");
	/* a module cache's directory carries the version after an '@' */
	run_begin(&ru, NULL);
	push(&ru, " runtime: out of memory: cannot allocate 71303168-byte block (821723136 in use)");
	push(&ru, "fatal error: out of memory");
	push(&ru, "main.(*Hosts).process(0xc00008feb0)");
	push(&ru, "\t/go/pkg/mod/github.com/!steven!black/ghosts@v0.2.2/main.go:111 +0x1869 fp=0xc00008f6e0 sp=0xc00008efd0 pc=0x64b4a9");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "ghosts");
}

/* A Go crash relayed inside a quoted error string (an OCI hook's stderr in
 * runc's error, quoted again by docker) has escaped line breaks after the
 * throw, not the line's end. Prose that goes on after the phrase does not
 * count. */
static void test_go_fatal_oom_escaped_newline(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "ERROR: for tws  Cannot start service tws: OCI runtime create failed: container_linux.go:345: "
		  "starting container process caused \"process_linux.go:430: container init caused \\\"process_linux.go:413: "
		  "running prestart hook 0 caused \\\\\\\"error running hook: exit status 2, stdout: , stderr: fatal error: "
		  "runtime: out of memory\\\\\\\\n\\\\\\\\nruntime stack:\\\\\\\\nruntime.throw(0x557a04e0bac1, 0x16)");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].errno_code, 12);
	/* escaped once */
	run_begin(&ru, NULL);
	push(&ru, "stderr: fatal error: out of memory\\n\\ngoroutine 1 [running]:");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	/* near miss: the phrase inside a sentence */
	run_begin(&ru, NULL);
	push(&ru, "I get fatal error: runtime: out of memory nearly every day");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* Gradle 8's and Android Studio's own wording of a daemon OutOfMemoryError,
 * and Android Lint's "Stack: OutOfMemoryError": one event each; advice that
 * names the words is none. */
static void test_gradle_and_lint_oome_wordings(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "* What went wrong:");
	push(&ru, "Out of memory. Java heap space");
	push(&ru, "");
	push(&ru, "Possible solution:");
	push(&ru, " - Check the JVM memory arguments defined for the gradle process in:");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 2);
	run_begin(&ru, NULL);
	push(&ru, "Out of memory: Java heap space.");
	push(&ru, "Please assign more memory to Gradle in the project's gradle.properties file.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	run_begin(&ru, NULL);
	push(&ru, "Execution failed for task ':expo-constants:lintVitalAnalyzeRelease'.");
	push(&ru, "> Message: Metaspace");
	push(&ru, "> Stack: OutOfMemoryError");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 3);
	/* near misses: the words in a sentence, a heading */
	run_begin(&ru, NULL);
	push(&ru, "Gradle says Out of memory. Java heap space when I build");
	push(&ru, "## Out of memory. How to raise the heap?");
	push(&ru, "Stack: OutOfMemoryErrors are rare here");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* Ruby's Errno::ENOMEM message without its class, as a logger prints it:
 * the command whose fork failed names the event; prose does not count. */
static void test_ruby_enomem_message_in_logger_line(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "2012-08-29T18:26:25Z 15004 TID-1xb938 WARN: Cannot allocate memory - hostname");
	push(&ru, "ERROR: Cannot allocate memory - /usr/bin/file -b --mime 'Test.xls'");
	push(&ru, "Cannot allocate memory - fork(2)");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_string_equal(ru.ev[0].comm, "hostname");
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_string_equal(ru.ev[1].comm, "file");
	assert_int_equal(ru.ev[2].kind, EV_ALLOC_FAILURE);
	/* near miss: the words inside a sentence */
	run_begin(&ru, NULL);
	push(&ru, "I keep seeing Cannot allocate memory - any idea why?");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* Signal Desktop's error for a renderer gone on out-of-memory: reason and
 * exit code in one clause; the reason named alone in prose is none. */
static void test_electron_reason_exit_code_oom(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Render process is gone");
	push(&ru, "");
	push(&ru, "Error: Reason: oom, Exit Code: -536870904");
	push(&ru, "    at App.<anonymous> ([REDACTED]\\app\\global_errors.js:94:7)");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 3);
	run_begin(&ru, NULL);
	push(&ru, "The Reason: oom is shown when the renderer dies");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* A program's "Failed to <verb> ...: Cannot allocate memory." retold with a
 * closing full stop is still the program's ENOMEM; the words inside a
 * longer sentence are not. */
static void test_could_not_enomem_trailing_full_stop(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "dmesg is full with this warning:  systemd-journald: Failed to open runtime journal: Cannot allocate memory.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].errno_code, 12);
	run_begin(&ru, NULL);
	push(&ru, "Failed to open runtime journal: Cannot allocate memory. Then it went on");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* ART's OutOfMemoryError raised while building another one, wrapped in an
 * app's exception: one event; prose about the wording is none. */
static void test_art_oome_while_throwing_oome(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "org.mozilla.geckoview.GeckoResult$UncaughtException: OutOfMemoryError thrown while trying to "
		  "throw OutOfMemoryError; nostack trace available. Happened yesterday.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	run_begin(&ru, NULL);
	push(&ru, "an OutOfMemoryError thrown while trying to throw OutOfMemoryErrors would be odd");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* compiler-rt's sanitizer runtimes: an mmap refused with its errno as a
 * number (either wording) or as strerror text, the allocator's refusal
 * with the size in hex only, and the pid of the "==PID==" marks. An
 * unmap error and ASan's size-limit report are not memory shortages. */
static void test_sanitizer_alloc_failures(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "07-08 08:41:08.741: I/(11150): ==11150==ERROR: AddressSanitizer failed to allocate 0x20e4000 "
		  "(34488320) bytes of LargeMmapAllocator (error code: 12)");
	push(&ru, "==103308==ERROR: AddressSanitizer failed to allocate 0xff803000 (4286590976) bytes of "
		  "LargeMmapAllocator (errno: 12)");
	push(&ru, "==51854== ERROR: AddressSanitizer failed to allocate 0x101004000 (4311760896) bytes of "
		  "LargeMmapAllocator: Cannot allocate memory");
	push(&ru, "==2820==ERROR: ThreadSanitizer failed to allocate 0x000000400000 (4194304) bytes at "
		  "0x040177c00000 (error code: 1455)");
	push(&ru, "`==9054==WARNING: AddressSanitizer failed to allocate 0x002bffffffd4 bytes");
	run_end(&ru);
	assert_int_equal(ru.n, 5);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].pid, 11150);
	assert_int_equal(ru.ev[0].requested_bytes, 34488320);
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_int_equal(ru.ev[1].pid, 103308);
	assert_int_equal(ru.ev[1].errno_code, 12);
	assert_int_equal(ru.ev[2].pid, 51854);
	assert_int_equal(ru.ev[2].requested_bytes, 4311760896);
	assert_int_equal(ru.ev[2].errno_code, 12);
	assert_int_equal(ru.ev[3].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[3].requested_bytes, 4194304);
	assert_int_equal(ru.ev[4].pid, 9054);
	assert_int_equal(ru.ev[4].requested_bytes, 188978560980);
	run_begin(&ru, NULL);
	push(&ru, "==4321==ERROR: AddressSanitizer failed to deallocate 0x1000 (4096) bytes at address 0x7f0000 "
		  "(error code: 22)");
	push(&ru, "==1==ERROR: AddressSanitizer: requested allocation size 0xfffffffffffffffd (0x800 after "
		  "adjustments for alignment, red zones etc.) exceeds maximum supported size of 0x10000000000");
	push(&ru, "Set allocator_may_return_null=1 so that a failed to allocate 0x10 bytes request returns NULL");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* Windows error 1450's text behind Go's fork/exec: an allocation failure
 * with errno 1450 each time; prose about "insufficient system resources"
 * is none. */
static void test_windows_1450_text(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "  C:\\hostedtoolcache\\windows\\go\\1.19.1\\x64\\pkg\\tool\\windows_amd64\\vet.exe: fork/exec "
		  "C:\\hostedtoolcache\\windows\\go\\1.19.1\\x64\\pkg\\tool\\windows_amd64\\vet.exe: Insufficient system "
		  "resources exist to complete the requested service.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].errno_code, 1450);
	run_begin(&ru, NULL);
	push(&ru, "the fork of the launcher fails on insufficient system resources, maybe handles");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* Gradle 7's summary of an OutOfMemoryError: its detail alone under
 * "* What went wrong:"; the same detail after the throw it belongs to is
 * that throw; the words inside a sentence are none. */
static void test_heap_space_detail_alone(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "* What went wrong:");
	push(&ru, "Java heap space");
	push(&ru, "");
	push(&ru, "* Try:");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_string_equal(ru.ev[0].runtime, "jvm");
	run_begin(&ru, NULL);
	push(&ru, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
	push(&ru, "Java heap space");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	run_begin(&ru, NULL);
	push(&ru, "-Xmx sets the largest Java heap space");
	push(&ru, "Java heap space is where objects live");
	push(&ru, "### Java heap space");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* OpenJ9's GC that could not allocate its default memory space: one
 * allocation failure; the JIT's "cannot initialize JIT" beside it is none. */
static void test_openj9_default_memory_space(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "19:45:24  JVMJ9VM015W Initialization error for library j9jit29(11): cannot initialize JIT");
	push(&ru, "19:45:24  Error: Could not create the Java Virtual Machine.");
	push(&ru, "19:45:24  JVMJ9VM015W Initialization error for library j9gc29(5): Failed to allocate default memory space.");
	push(&ru, "19:45:24  Error: Could not create the Java Virtual Machine.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_string_equal(ru.ev[0].runtime, "jvm");
}

/* A crash reporter's title with a middle dot for ": ": ART's size is the
 * event's all the same. */
static void test_oome_middle_dot_title(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "java.lang.OutOfMemoryError \xc2\xb7 Failed to allocate a 40 byte allocation with 4 free bytes "
		  "and 4B until OOM");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].requested_bytes, 40);
}

/* A crash console's one-line summary of an ART OutOfMemoryError, then the
 * throw itself with the same size: one event. The same wording twice, or
 * another size, is another throw. */
static void test_oome_summary_then_throw_same_size(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "OutOfMemoryError: Failed to allocate a 29709532 byte allocation with 16777216 free bytes and 26MB until OOM");
	push(&ru, "");
	push(&ru, " java.lang.OutOfMemoryError: Failed to allocate a 29709532 byte allocation with 16777216 free bytes "
		  "and 26MB until OOM");
	push(&ru, "        at java.lang.AbstractStringBuilder.enlargeBuffer(AbstractStringBuilder.java:95)");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 29709532);
	run_begin(&ru, NULL);
	push(&ru, "E/AndroidRuntime: java.lang.OutOfMemoryError: Failed to allocate a 24 byte allocation with 0 free bytes and 0B until OOM");
	push(&ru, "E/AndroidRuntime: java.lang.OutOfMemoryError: Failed to allocate a 24 byte allocation with 0 free bytes and 0B until OOM");
	push(&ru, "OutOfMemoryError: Failed to allocate a 48 byte allocation with 0 free bytes and 0B until OOM");
	push(&ru, "java.lang.OutOfMemoryError: Failed to allocate a 96 byte allocation with 0 free bytes and 0B until OOM");
	run_end(&ru);
	assert_int_equal(ru.n, 4);
}

/* PHP: a debug build's memory_limit fatal names the C site before the
 * size; Zend's own refusal keeps its size whatever the case of its words. */
static void test_php_debug_site_and_title_case(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted at /home/sqmk/pecl-jsmin/jsmin.c:184 "
		  "(tried to allocate 8245009026 bytes) in /home/sqmk/pecl-jsmin/test.php on line 1");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 8245009026);
	run_begin(&ru, NULL);
	push(&ru, "`PHP Fatal Error: Out of Memory (Allocated 1122238464) (Tried to allocate 1075158327 bytes) in "
		  "/var/www/site/wp-includes/functions.php on line 3553`");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].requested_bytes, 1075158327);
}

/* .NET's InsufficientMemoryException (MemoryFailPoint) with its frame and
 * the handler's "Message:" repeat: one runtime OOM. */
/* Event Viewer's .NET Runtime record (event 1026): "Application: X.exe"
 * above the exception names the process, ahead of a frame's namespace;
 * the field too far above, or prose after "Application:", names nothing. */
static void test_dotnet_event_record_application_names_process(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Application: Optimizer-13.9.exe");
	push(&ru, "Framework Version: v4.0.30319");
	push(&ru, "Description: The process was terminated due to an unhandled exception.");
	push(&ru, "Exception Info: System.OutOfMemoryException");
	push(&ru, "   at Optimizer.MainForm.GetModernApps(Boolean)");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 4);
	assert_string_equal(ru.ev[0].comm, "Optimizer-13.9.exe");

	run_begin(&ru, NULL);
	push(&ru, "Application: started in 3 seconds (uses Tool.exe)");
	push(&ru, "System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.");
	push(&ru, "   at ShareX.MainForm.InitializeComponent()");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "ShareX");

	run_begin(&ru, NULL);
	push(&ru, "Application: XiboClient.exe");
	for (int i = 0; i < 8; i++)
		push(&ru, "unrelated line");
	push(&ru, "System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].comm[0], '\0');
}

/* PHP's memory_limit fatal hard-wrapped at any word (a mail client at 78
 * or 120 columns): the line may end after "size", after the limit or
 * inside "(tried to allocate", and the size is read from the next line. */
static void test_php_memory_limit_wrapped_anywhere(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "`FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Allowed memory size");
	push(&ru, "of 134217728 bytes exhausted (tried to allocate 77611008 bytes) in");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 77611008);

	run_begin(&ru, NULL);
	push(&ru, "[19-Mar-2019 15:36:14 UTC] PHP Fatal error: Allowed memory size of 2147483648");
	push(&ru, "bytes exhausted (tried to allocate 51904512 bytes) in");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 51904512);

	run_begin(&ru, NULL);
	push(&ru, "PHP Fatal error: Allowed memory size of 2147483648 bytes exhausted (tried to allocate");
	push(&ru, "51904512 bytes) in /home/x/instant-article.php on line 98");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 51904512);

	/* prose that names the setting is no event */
	run_begin(&ru, NULL);
	push(&ru, "Raise the Allowed memory size");
	push(&ru, "8192 bytes) in the config");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

static void test_dotnet_insufficient_memory_exception(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "System.InsufficientMemoryException: Insufficient memory to continue the execution of the program.");
	push(&ru, "   at XLToolbox.Dispatcher.Execute(Command cmd) in XLToolbox\\Dispatcher.cs:line 69");
	push(&ru, "");
	push(&ru, "Message: Insufficient memory to continue the execution of the program.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_string_equal(ru.ev[0].runtime, "dotnet");
}

/* bash's xrealloc failure in a script run by its path: the script's file
 * name is the process, the size is kept. */
static void test_bash_xrealloc_script_path(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "i keep getting ./mjolnir.sh: xrealloc: .././subst.c:5265: cannot allocate 1073741824 bytes "
		  "(2147549184 bytes allocated). ");
	push(&ru, "   /usr/local/libexec/bats-exec-test: xrealloc: .././subst.c:5265: cannot allocate 268435456 bytes "
		  "(537141248 bytes allocated)");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_string_equal(ru.ev[0].comm, "mjolnir.sh");
	assert_int_equal(ru.ev[0].requested_bytes, 1073741824);
	assert_string_equal(ru.ev[1].comm, "bats-exec-test");
	assert_int_equal(ru.ev[1].requested_bytes, 268435456);
}

/* PHP's memory_limit fatal hard-wrapped after "exhausted": the size on the
 * next line is the event's; the stdout/stderr copies stay two events, and a
 * size line with no fatal before it is none. */
static void test_php_memory_limit_wrapped_size_line(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Fatal error: Allowed memory size of 134217728 bytes exhausted");
	push(&ru, "(tried to allocate 20480 bytes) in");
	push(&ru, "/home/username/myproject/vendor/nikic/php-parser/lib/PhpParser/Lexer.php on line 88");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 20480);
	run_begin(&ru, NULL);
	push(&ru, "PHP Fatal error:  Allowed memory size of 1610612736 bytes exhausted (tried to allocate 4096 bytes) in x.php on line 1");
	push(&ru, "");
	push(&ru, "Fatal error: Allowed memory size of 1610612736 bytes exhausted (tried to allocate 4096 bytes) in x.php on line 1");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[1].requested_bytes, 4096);
	run_begin(&ru, NULL);
	push(&ru, "(tried to allocate 20480 bytes) in");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

/* Windows PowerShell's error record names the exception again on its
 * CategoryInfo and FullyQualifiedErrorId lines: one event. */
static void test_powershell_error_record_one_oome(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Exception of type 'System.OutOfMemoryException' was thrown.");
	push(&ru, "At C:\\Git\\x\\tools\\XGetText-Xaml.ps1:62 char:26");
	push(&ru, "+ ... $result + $($_.Value.Locations -join [System.Environment]::NewLine) + ...");
	push(&ru, "+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~");
	push(&ru, "    + CategoryInfo          : OperationStopped: (:) [], OutOfMemoryException");
	push(&ru, "    + FullyQualifiedErrorId : System.OutOfMemoryException");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
}

static int push_kernel_line(struct run *ru, const char *msg)
{
	struct line_meta m;
	int rc;

	meta_init(&m, msg, NULL, -1, INT64_MIN);
	m.is_kernel = 1;
	rc = app_asm_push(ru->a, "test", ++ru->line, &m);
	drain(ru);
	return rc;
}

/* The in-kernel lowmemorykiller's kill and its continuation line: one
 * kill, made for the task its second line names. */
static void test_lmk_on_behalf(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_kernel_line(&ru, "lowmemorykiller: Killing 'd.play.games.ui' (2613), adj 1000,");
	push_kernel_line(&ru, "   to free 20784kB on behalf of 'kswapd0' (442) because");
	push_kernel_line(&ru, "   cache 32112kB is below limit 32384kB for oom_score_adj 1000");
	push_kernel_line(&ru, "lowmemorykiller: Killing 'id.partnersetup' (2533), adj 900,");
	push_kernel_line(&ru, "   to free 16084kB on behalf of 'kworker/3:4' (18339) because");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].pid, 2613);
	assert_int_equal(ru.ev[0].trigger_pid, 442);
	assert_string_equal(ru.ev[0].trigger_comm, "kswapd0");
	assert_int_equal(ru.ev[0].oom_score_adj, 1000);
	assert_int_equal(ru.ev[1].pid, 2533);
	assert_int_equal(ru.ev[1].trigger_pid, 18339);
	assert_string_equal(ru.ev[1].trigger_comm, "kworker/3:4");
}

/* One throw printed more than once is one event: a Caused-by chain, the
 * frames of -Xlog:exceptions, an hs_err file's copy of the banner. */
static void test_jvm_repeats_one_throw(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "Caused by: reactor.netty.ReactorNetty$InternalNettyException: io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 16777216 byte(s) of direct memory (used: 3489660935, max: 3502768128)");
	push(&ru, "Caused by: io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 16777216 byte(s) of direct memory (used: 3489660935, max: 3502768128)");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 16777216);

	run_begin(&ru, NULL);
	push(&ru, "[1.236s][info][exceptions  ] Exception <a 'java/lang/OutOfMemoryError'{0x00000000ff8585e8}: Cannot reserve 262144 bytes of direct buffer memory (allocated: 29310240, limit: 29360128)>");
	push(&ru, " thrown in interpreter method <{method} {0x00007f289fac9ae0} 'createSky'>");
	push(&ru, "[1.236s][info][exceptions  ] Exception <a 'java/lang/OutOfMemoryError'{0x00000000ff8585e8}: Cannot reserve 262144 bytes of direct buffer memory (allocated: 29310240, limit: 29360128)>");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 262144);

	run_begin(&ru, NULL);
	push(&ru, "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f4a6c2b2000, 12288, 0) failed; error='Cannot allocate memory' (errno=12)");
	push(&ru, "There is insufficient memory for the Java Runtime Environment to continue.");
	push(&ru, "Native memory allocation (mmap) failed to map 12288 bytes for committing reserved memory.");
	push(&ru, " /app/chaosblade/hs_err_pid12316.log");
	push(&ru, "hs_err_pid12316.log:");
	push(&ru, "There is insufficient memory for the Java Runtime Environment to continue.");
	push(&ru, "Native memory allocation (mmap) failed to map 12288 bytes for committing reserved memory.");
	/* another JVM's failure: its own commit_memory line opens a new event */
	push(&ru, "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f4a6c2b2000, 12288, 0) failed; error='Cannot allocate memory' (errno=12)");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].pid, 12316);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].line, 8);
}

/* Node's FATAL ERROR can come before the GC trace that names its pid. */
static void test_node_gc_trace_after(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory");
	push(&ru, "");
	push(&ru, "<--- Last few GCs --->");
	push(&ru, "[2042:0x3051fd0]    16682 ms: Mark-sweep 1977.0 (2062.4) -> 1976.9 (2063.1) MB, 25.3 / 0.0 ms  (average mu = 0.167, current mu = 0.059) allocation failure scavenge might not succeed");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].pid, 2042);
	assert_int_equal(ru.ev[0].line, 1);
}

/* The same fatal line printed twice (a build tool's echo of its child's
 * stderr), the GC trace after both: both copies name its pid. A different
 * fatal line, or a copy farther up, may be another process's: no pid. */
static void test_node_gc_trace_after_echo(void **state)
{
	static const char fatal[] =
		"FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory";
	static const char gc[] =
		"[35:0x55b274ac8d60]    10949 ms: Mark-sweep 995.6 (1005.7) -> 994.8 (998.2) MB, 80.5 / 0.0 ms  (average mu = 0.147, current mu = 0.113) allocation failure";
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, fatal);
	push(&ru, fatal);
	push(&ru, "");
	push(&ru, "<--- Last few GCs --->");
	push(&ru, gc);
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].pid, 35);
	assert_int_equal(ru.ev[1].pid, 35);

	/* another message before: another abort, left without a pid */
	run_begin(&ru, NULL);
	push(&ru, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
	push(&ru, fatal);
	push(&ru, "<--- Last few GCs --->");
	push(&ru, gc);
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].pid, EV_NONE);
	assert_int_equal(ru.ev[1].pid, 35);

	/* the same message, but lines apart: no pid either */
	run_begin(&ru, NULL);
	push(&ru, fatal);
	push(&ru, "    at compile (/work/node_modules/x.js:1:1)");
	push(&ru, "    at run (/work/node_modules/x.js:2:1)");
	push(&ru, fatal);
	push(&ru, gc);
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].pid, EV_NONE);
	assert_int_equal(ru.ev[1].pid, 35);
}

/* Events a message alone gives (a run of one line). */
static int events_of(const char *msg, struct oom_event *out)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, msg);
	run_end(&ru);
	if (ru.n && out)
		*out = ru.ev[0];
	return ru.n;
}

/* MongoDB 4.4+ writes reportOutOfMemoryErrorAndExit's words as the
 * attribute of a fatal "Writing fatal message" record; other fatal
 * messages, and the words outside a fatal record, are no event. */
static void test_mongodb_json_out_of_memory(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("{\"t\":{\"$date\":\"2024-10-25T03:13:56.340+08:00\"},\"s\":\"F\",  \"c\":\"CONTROL\",  \"id\":4757800, \"ctx\":\"conn12\",\"msg\":\"Writing fatal message\",\"attr\":{\"message\":\"out of memory.\\n\"}}", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.comm, "mongod");
	assert_string_equal(ev.runtime, "mongodb");
	/* without the trailing "\n" (a log shipper trimmed it) */
	assert_int_equal(events_of("{\"t\":{\"$date\":\"2024-10-25T03:13:56.340+08:00\"},\"s\":\"F\",\"c\":\"CONTROL\",\"id\":6384300,\"ctx\":\"ftdc\",\"msg\":\"Writing fatal message\",\"attr\":{\"message\":\"out of memory.\"}}", NULL), 1);
	/* near misses: another fatal message; an informational record quoting the words */
	assert_int_equal(events_of("{\"t\":{\"$date\":\"2023-04-19T23:25:03.565-07:00\"},\"s\":\"F\",  \"c\":\"CONTROL\",  \"id\":4757800, \"ctx\":\"conn2\",\"msg\":\"Writing fatal message\",\"attr\":{\"message\":\"Got signal: 6 (Aborted).\\n\"}}", NULL), 0);
	assert_int_equal(events_of("{\"t\":{\"$date\":\"2024-10-25T03:13:56.340+08:00\"},\"s\":\"I\",  \"c\":\"COMMAND\",  \"id\":51803, \"ctx\":\"conn7\",\"msg\":\"Slow query\",\"attr\":{\"message\":\"out of memory.\"}}", NULL), 0);
}

/* Gecko's mozalloc_handle_oom: the refused size in hex, or a placeholder
 * a person pasted (no size). Near misses: no "0x", a decimal size, other
 * words after the size. */
static void test_mozalloc_oom(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("out of memory: 0x0000000000100000 bytes requested", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.requested_bytes, 1048576);
	assert_string_equal(ev.runtime, "mozalloc");
	assert_int_equal(events_of("`out of memory: 0x[random numer] bytes requested", &ev), 1);
	assert_int_equal(ev.requested_bytes, EV_NONE);
	assert_int_equal(events_of("out of memory: 1048576 bytes requested", NULL), 0);
	assert_int_equal(events_of("out of memory: 0x100000 bytes reserved", NULL), 0);
	assert_int_equal(events_of("scanned for out of memory: 0xZZ bytes requested", NULL), 0);
}

/* WiredTiger's ENOMEM inside mongod, in the 3.x text log and in 4.4+'s
 * structured log; the checkpoint server's line for the same failure joins
 * it. Near misses: another WiredTiger error code, a structured record
 * whose error is not ENOMEM, the words outside a STORAGE record. */
static void test_mongodb_wiredtiger_enomem(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "2016-05-21T22:31:48.042-0400 E STORAGE  [thread1] WiredTiger (12) [1463884307:558146][277593:0x7faf94a62700], file:collection-2--8597162973160007227.wt, WT_SESSION.checkpoint: collection-2--8597162973160007227.wt write error: failed to write 8192 bytes at offset 140288000: Cannot allocate memory");
	push(&ru, "2016-05-21T22:31:48.048-0400 E STORAGE  [thread1] WiredTiger (12) [1463884308:48790][277593:0x7faf94a62700], checkpoint-server: checkpoint server error: Cannot allocate memory");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_string_equal(ru.ev[0].comm, "mongod");
	assert_int_equal(ru.ev[0].requested_bytes, EV_NONE);
	assert_int_equal(events_of("{\"t\":{\"$date\":\"2022-04-27T09:14:04.011+00:00\"},\"s\":\"E\",  \"c\":\"STORAGE\",  \"id\":22435,   \"ctx\":\"Checkpointer\",\"msg\":\"WiredTiger error\",\"attr\":{\"error\":12,\"message\":\"[1651050844:10961][1:0x7f169df86100], file:collection-8--701987062512225565.wt, WT_SESSION.checkpoint: write error: failed to write 8192 bytes at offset 15671296: Cannot allocate memory\"}}", &ev), 1);
	assert_int_equal(ev.errno_code, 12);
	assert_string_equal(ev.comm, "mongod");
	assert_int_equal(events_of("2016-05-21T22:31:48.048-0400 E STORAGE  [thread1] WiredTiger (-31804) [1463884308:48832][277593:0x7faf94a62700], checkpoint-server: the process must exit and restart: WT_PANIC: WiredTiger library panic", NULL), 0);
	assert_int_equal(events_of("{\"t\":{\"$date\":\"2022-04-27T09:14:04.011+00:00\"},\"s\":\"E\",  \"c\":\"STORAGE\",  \"id\":22435,   \"ctx\":\"initandlisten\",\"msg\":\"WiredTiger error\",\"attr\":{\"error\":0,\"message\":\"txn-recover: read error: Cannot allocate memory was logged earlier\"}}", NULL), 0);
}

/* MMAPv1's private mapping that a 32-bit mongod could not make. */
static void test_mongodb_mmap_private(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("`ERROR: mmap private failed with out of memory. You are using a 32-bit build and probably need to upgrade to 64.`", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.comm, "mongod");
	assert_int_equal(ev.errno_code, EV_NONE);
	assert_int_equal(events_of("ERROR: mmap private failed with out of memory-mapped files disabled", NULL), 0);
}

static void test_go_merge(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "runtime: VirtualAlloc of 4294967296 bytes failed with errno=1455");
	push(&ru, "fatal error: out of memory");
	push(&ru, "");
	push(&ru, "runtime stack:");
	push(&ru, "runtime.throw(0x2977e71, 0xd)");
	/* a second crash later in the same log */
	push(&ru, "runtime: VirtualAlloc of 1048576 bytes failed with errno=487");
	push(&ru, "fatal error: runtime: cannot map pages in arena address space");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].requested_bytes, 4294967296LL);
	assert_int_equal(ru.ev[0].errno_code, 1455);
	assert_string_equal(ru.ev[0].runtime, "go");
	assert_int_equal(ru.ev[1].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[1].line, 6);
	assert_int_equal(ru.ev[1].errno_code, 487);
}

static void test_go_heap_then_fatal(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "allocated chunks: 0");
	push(&ru, "runtime: out of memory: cannot allocate 67108864-byte block (272334848 in use)");
	push(&ru, "fatal error: out of memory");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 2);
	assert_int_equal(ru.ev[0].requested_bytes, 67108864);
	assert_true(ru.ev[0].errno_code == EV_NONE);
}

static void test_jvm_hs_err(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "09:34:10  BOOT JDK: OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x0000000700000000, 268435456, 0) failed; error='The paging file is too small for this operation to complete' (DOS error/errno=1455)");
	push(&ru, "09:34:10  BOOT JDK: #");
	push(&ru, "09:34:10  BOOT JDK: # There is insufficient memory for the Java Runtime Environment to continue.");
	push(&ru, "09:34:10  BOOT JDK: # Native memory allocation (mmap) failed to map 268435456 bytes for G1 virtual space");
	push(&ru, "09:34:10  BOOT JDK: # An error report file with more information is saved as:");
	push(&ru, "09:34:10  BOOT JDK: # C:\\workspace\\openjdk-build\\hs_err_pid2820.log");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].pid, 2820);
	assert_int_equal(ru.ev[0].requested_bytes, 268435456);
	assert_int_equal(ru.ev[0].errno_code, 1455);
	assert_string_equal(ru.ev[0].comm, "java");
}

/* pytest's summary line hard-wrapped after its " -": the exception starts
 * the next line behind "- " (so does a markdown bullet). */
static void test_python_memoryerror_after_dash(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "FAILED tests/test_20_sentinel1.py::test_Sentinel1SarProduct[data_path0-IW/VV]");
	push(&ru, "- numpy.core._exceptions._ArrayMemoryError: Unable to allocate 1.62 GiB for an");
	push(&ru, "array with shape (16705, 26102) and data type float32");
	push(&ru, "* MemoryError: Unable to allocate 348. KiB for an array with shape (2, 22297) and data type float64");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 2);
	assert_int_equal(ru.ev[1].line, 4);
}

/* An OutOfMemoryError a launcher prints, then the VM's hs_err banner for
 * its failed malloc a line later: one incident, the allocation failure. */
static void test_jvm_throw_then_hs_err_one_event(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "Internal error: java.lang.OutOfMemoryError: unable to create new native thread");
	push(&ru, "#");
	push(&ru, "# There is insufficient memory for the Java Runtime Environment to continue.");
	push(&ru, "# Native memory allocation (malloc) failed to allocate 120 bytes for AllocateHeap");
	push(&ru, "[thread 46912529073920 also had an error]");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].line, 3);
	assert_int_equal(ru.ev[0].requested_bytes, 120);

	/* a throw farther up (its frames end four lines before) stays apart */
	run_begin(&ru, NULL);
	push(&ru, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
	push(&ru, "\tat Heap.main(Heap.java:2)");
	push(&ru, "build step finished");
	push(&ru, "starting the next step");
	push(&ru, "running the indexer");
	push(&ru, "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f4a6c2b2000, 12288, 0) failed; error='Cannot allocate memory' (errno=12)");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[1].kind, EV_ALLOC_FAILURE);

	/* the next JVM's heap it cannot reserve at start-up is its own failure */
	run_begin(&ru, NULL);
	push(&ru, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
	push(&ru, "JVMJ9VM015W Initialization error for library j9gc29(2): Failed to instantiate heap. 2G requested");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
}

static void test_jvm_heap_dump_one_event(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "java.lang.OutOfMemoryError: Java heap space");
	push(&ru, "Dumping heap to java_pid4242.hprof ...");
	push(&ru, "Heap dump file created [12345 bytes in 0.010 secs]");
	push(&ru, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
	push(&ru, "\tat Heap.main(Heap.java:2)");
	/* a later, separate OOME in another thread */
	push(&ru, "Exception in thread \"worker-1\" java.lang.OutOfMemoryError: Java heap space");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].pid, 4242);
	assert_int_equal(ru.ev[0].line, 4);
	assert_int_equal(ru.ev[1].line, 6);
}

static void test_node_pid_from_gc_trace(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "<--- Last few GCs --->");
	push(&ru, "[18612:00000200DFB2E000]    71171 ms: Mark-Compact 4022.0 (4137.8) -> 4011.2 (4142.8) MB, pooled: 0 MB, 1875.82 / 0.00 ms  (average mu = 0.252, current mu = 0.033) allocation failure; scavenge might not succeed");
	push(&ru, "<--- JS stacktrace --->");
	push(&ru, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
	push(&ru, "----- Native stack trace -----");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].pid, 18612);
	assert_int_equal(ru.ev[0].line, 4);
	assert_string_equal(ru.ev[0].comm, "node");
}

static void test_systemd_reverse_order(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "erigon.service: Failed with result 'oom-kill'.", "systemd", 1, 1000019);
	push_full(&ru, "erigon.service: Main process exited, code=killed, status=9/KILL", "systemd", 1, 1000019);
	push_full(&ru, "erigon.service: A process of this unit has been killed by the OOM killer.", "systemd", 1, 1000018);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 3);
	assert_string_equal(ru.ev[0].systemd_unit, "erigon.service");
	assert_string_equal(ru.ev[0].killer, "kernel");
	assert_true(ru.ev[0].pid == EV_NONE); /* systemd's pid is the reporter's */
	assert_string_equal(ru.ev[0].comm, "");
}

static void test_systemd_slices_one_kill(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "user@1000.service: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "user-1000.slice: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "user.slice: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	/* another unit killed at the same time is another kill */
	push_full(&ru, "postgresql.service: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	/* the same unit killed again much later */
	push_full(&ru, "user@1000.service: A process of this unit has been killed by the OOM killer.", "systemd", 1, 500);
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_string_equal(ru.ev[0].systemd_unit, "user@1000.service");
	assert_string_equal(ru.ev[1].systemd_unit, "postgresql.service");
	assert_string_equal(ru.ev[2].systemd_unit, "user@1000.service");
	assert_int_equal(ru.ev[2].line, 5);
}

/* Two kills at one instant in two subtrees, their slices' notices mixed:
 * each kill is named by its deepest unit, and a slice joins only the unit
 * its name can hold (user@UID.service in user-UID.slice, NAME@X.service in
 * system-NAME.slice). */
static void test_systemd_two_subtrees(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "user-1021.slice: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "system-postgresql.slice: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "user@1021.service: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "user.slice: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "system.slice: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	push_full(&ru, "postgresql@15-main.service: A process of this unit has been killed by the OOM killer.", "systemd", 1, 50);
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_string_equal(ru.ev[0].systemd_unit, "user@1021.service");
	assert_string_equal(ru.ev[1].systemd_unit, "postgresql@15-main.service");
}

static void test_oomd(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "Killed /user.slice/user-1001.slice/user@1001.service/app.slice/vte-spawn-dbb4a75e.scope due to memory pressure for /user.slice/user-1001.slice/user@1001.service being 51.07% > 50.00% for > 20s with reclaim activity", "systemd-oomd", 840, 100);
	push_full(&ru, "vte-spawn-dbb4a75e.scope: systemd-oomd killed 12 process(es) in this unit.", "systemd", 1837, 100);
	push_full(&ru, "vte-spawn-dbb4a75e.scope: Consumed 5h 17min 34.893s CPU time.", "systemd", 1837, 101);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 1);
	assert_string_equal(ru.ev[0].killer, "systemd-oomd");
	assert_string_equal(ru.ev[0].systemd_unit, "vte-spawn-dbb4a75e.scope");
	assert_string_equal(ru.ev[0].task_memcg, "/user.slice/user-1001.slice/user@1001.service/app.slice/vte-spawn-dbb4a75e.scope");
	assert_true(ru.ev[0].pid == EV_NONE);
}

/* PID 1's view of an oomd kill without oomd's own line (journalctl -u):
 * the "systemd-oomd killed N process(es)" notice names the kill and its
 * killer, so it identifies the event, not the generic result line. */
static void test_oomd_unit_notice_without_kill_line(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "copr-dist-git.service: systemd-oomd killed 1 process(es) in this unit.", "systemd", 1, 100);
	push_full(&ru, "copr-dist-git.service: Main process exited, code=killed, status=9/KILL", "systemd", 1, 100);
	push_full(&ru, "copr-dist-git.service: Failed with result 'oom-kill'.", "systemd", 1, 100);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 1);
	assert_string_equal(ru.ev[0].killer, "systemd-oomd");
	assert_string_equal(ru.ev[0].systemd_unit, "copr-dist-git.service");
}

/* A pasted oomd kill line cut inside its path, before " due to": the
 * path through a slice still names the killed cgroup; a bare path that
 * passes through no slice, or ends on a '/', is not read as one. */
static void test_oomd_kill_line_cut_in_path(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "Killed /user.slice/user-1000.slice/user@1000", "systemd-oomd", 717, 100);
	push_full(&ru, "Killed /usr/bin/foo", "systemd-oomd", 717, 200);
	push_full(&ru, "Killed /user.slice/", "systemd-oomd", 717, 300);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 1);
	assert_string_equal(ru.ev[0].killer, "systemd-oomd");
	assert_string_equal(ru.ev[0].task_memcg, "/user.slice/user-1000.slice/user@1000");
}

/* An oomd kill line wrapped right after "Killed": the next line starts
 * with the unit's cgroup and its reason; a line that starts with a path
 * that names no unit is not read as one. */
static void test_oomd_kill_line_wrapped_after_killed(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "/user.slice/user-1000.slice/session-2.scope due to memory used (16309088256) /");
	push(&ru, "/var/lib/foo due to memory pressure");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "systemd-oomd");
	assert_string_equal(ru.ev[0].task_memcg, "/user.slice/user-1000.slice/session-2.scope");
}

static void test_earlyoom(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "mem avail:  2430 of 31808 MiB ( 7.64%), swap free: 1419 of 15903 MiB ( 8.93%)", "earlyoom", 1233, 10);
	push_full(&ru, "low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%", "earlyoom", 1233, 10);
	push_full(&ru, "sending SIGTERM to process 29410 uid 1000 \"cluster\": badness 1264, VmRSS 23964 MiB", "earlyoom", 1233, 10);
	push_full(&ru, "process exited after 0.1 seconds", "earlyoom", 1233, 10);
	/* a dry run selects a victim but kills nothing */
	push_full(&ru, "sending SIGTERM to process 11567 uid 1000 \"electron\": badness 869, VmRSS 17 MiB", "earlyoom", 1233, 11);
	push_full(&ru, "dryrun, not actually sending any signal", "earlyoom", 1233, 11);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[0].pid, 29410);
	assert_string_equal(ru.ev[0].comm, "cluster");
	assert_string_equal(ru.ev[0].killer, "earlyoom");
}

/* earlyoom 1.2's kill line wrapped after "with signal 15,": the pid on
 * the next line still belongs to the kill; the same words alone are none. */
static void test_earlyoom_v12_pid_wrapped(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push_full(&ru, "Killing process 'tail' with signal 15,", "earlyoom", 15368, 10);
	push(&ru, "pid: 24059, badness: 997, VmRSS: 4278 MiB");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[0].pid, 24059);
	assert_string_equal(ru.ev[0].comm, "tail");
	assert_int_equal(ru.ev[0].line, 1);

	run_begin(&ru, NULL);
	push(&ru, "pid: 24059, badness: 997, VmRSS: 4278 MiB");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

static void test_postgres_keyed_by_pid(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "2026-11-23 09:29:52.735 UTC [32050] ERROR:  out of memory");
	push(&ru, "2026-11-23 09:29:52.735 UTC [32051] ERROR:  out of memory");
	push(&ru, "2026-11-23 09:29:52.735 UTC [32050] DETAIL:  Failed on request of size 536870912 in memory context \"ExprContext\".");
	push(&ru, "2026-11-23 09:29:52.735 UTC [32051] DETAIL:  Failed on request of size 1024.");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].pid, 32050);
	assert_int_equal(ru.ev[0].requested_bytes, 536870912);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].pid, 32051);
	assert_int_equal(ru.ev[1].requested_bytes, 1024);
	assert_string_equal(ru.ev[1].comm, "postgres");
}

static void test_redis_repeats_and_abort(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "348:M 26 Nov 15:26:17.047 # Can't save in background: fork: Cannot allocate memory");
	push(&ru, "348:M 26 Nov 15:26:46.734 * 1 changes in 900 seconds. Saving...");
	push(&ru, "348:M 26 Nov 15:26:46.734 # Can't save in background: fork: Cannot allocate memory");
	push(&ru, "348:M 26 Nov 15:27:52.733 # Out Of Memory allocating 29998 bytes!");
	push(&ru, "");
	push(&ru, "=== REDIS BUG REPORT START: Cut & paste starting from here ===");
	push(&ru, "348:M 26 Nov 15:27:52.749 # ------------------------------------------------");
	push(&ru, "348:M 26 Nov 15:27:52.749 # Guru Meditation: Redis aborting for OUT OF MEMORY. Allocating 29998 bytes! #server.c:4010");
	push(&ru, "[1249] 05 May 14:40:16.963 # WARNING overcommit_memory is set to 0! Background save may fail unde");
	run_end(&ru);
	assert_int_equal(ru.n, 4);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].pid, 348);
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_string_equal(ru.ev[0].comm, "redis-server");
	assert_int_equal(ru.ev[1].line, 3);
	assert_int_equal(ru.ev[2].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[2].line, 4);
	assert_int_equal(ru.ev[2].requested_bytes, 29998);
	assert_int_equal(ru.ev[3].kind, EV_MEMORY_WARNING);
	assert_int_equal(ru.ev[3].pid, 1249);
}

/* Prose about code 1455 after a quoted log: the code named ("1455 is
 * ERROR_COMMITMENT_LIMIT") or another report's error pointed at ("the
 * same error 1455") reports nothing; a program's "error 1455" does. */
static void test_commit_code_named_in_prose(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("1455 is ERROR_COMMITMENT_LIMIT - see https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699- .", NULL), 0);
	assert_int_equal(events_of("See for example, https://github.com/golang/go/issues/33716#issuecomment-582193124 which had the same error 1455.", NULL), 0);
	assert_int_equal(events_of("CreateFileMapping failed with error 1455", &ev), 1);
	assert_int_equal(ev.kind, EV_COMMIT_LIMIT);
	assert_int_equal(events_of("VirtualAlloc failed: ERROR_COMMITMENT_LIMIT", &ev), 1);
}

/* A Redis line behind grep -n's "N:" (left on the line when a wrapping
 * kept prefix.c from taking it off): the pid is Redis's, not the line
 * number; a clock's "15:26:17" is no pid. */
static void test_redis_pid_after_line_number(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("7:348:M 26 Nov 15:26:17.047 # Can't save in background: fork: Cannot allocate memory", &ev), 1);
	assert_int_equal(ev.pid, 348);
	assert_int_equal(events_of("  12:[1249] 05 May 14:41:13.131 # Can't save in background: fork: Cannot allocate memory", &ev), 1);
	assert_int_equal(ev.pid, 1249);
	assert_int_equal(events_of("348:M 26 Nov 15:26:17.047 # Can't save in background: fork: Cannot allocate memory", &ev), 1);
	assert_int_equal(ev.pid, 348);
}

/* The Windows port's fork child could not reserve its heap in the paging
 * file: a commit-limit failure with no code on the line. The same words
 * about a fork that worked, or Redis's prose about the paging file, are not. */
static void test_redis_windows_heap_paging_file(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "[2856] 08 Apr 19:26:28.184 # ");
	push(&ru, "The Windows version of Redis reserves heap memory from the system paging file");
	push(&ru, "for sharing with the forked process used for persistence operations.At this time there is insufficient contiguous free space available in the");
	push(&ru, "system paging file. You may increase the size of the system paging file.");
	push(&ru, "Redis can not continue. Exiting.");
	push(&ru, "[5880] 08 Apr 19:26:28.273 # fork operation failed");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 2);
	assert_string_equal(ru.ev[0].comm, "redis-server");

	run_begin(&ru, NULL);
	push(&ru, "Windows Redis reserves heap memory in the paging file, so size the paging file for it.");
	push(&ru, "[4356] 26 Jan 01:43:34.284 # fork operation complete");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

static void test_windows_2004(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "Log Name: System");
	push(&ru, "Source: Microsoft-Windows-Resource-Exhaustion-Detector");
	push(&ru, "Event ID: 2004");
	push(&ru, "Level: Warning");
	push(&ru, "Description:");
	push(&ru, "Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: devenv.exe (2096) consumed 381345792 bytes, Microsoft.VisualStudio.Web.Host.exe (4120) consumed 349298688 bytes, and Microsoft.VsHub.Server.HttpHost.exe (4620) consumed 68780032 bytes.");
	push(&ru, "<Provider Name=\"Microsoft-Windows-Resource-Exhaustion-Detector\" Guid=\"{9988748E-C2E8-4054-85F6-0C3E1CAD2470}\" />");
	push(&ru, "<EventID>2004</EventID>");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 6);
	assert_string_equal(ru.ev[0].comm, "devenv.exe");
	assert_int_equal(ru.ev[0].pid, 2096);
	assert_int_equal(ru.ev[0].n_consumers, 3);
	assert_string_equal(ru.ev[0].consumers[1].name, "Microsoft.VisualStudio.Web.Host.exe");
	assert_int_equal(ru.ev[0].consumers[1].pid, 4120);
	assert_int_equal(ru.ev[0].consumers[2].bytes, 68780032);
	assert_string_equal(ru.ev[0].consumers[2].name, "Microsoft.VsHub.Server.HttpHost.exe");

	/* the XML shape alone */
	run_begin(&ru, NULL);
	push(&ru, "<Provider Name=\"Microsoft-Windows-Resource-Exhaustion-Detector\" Guid=\"{9988748E}\" />");
	push(&ru, "<EventID>2004</EventID>");
	push(&ru, "<Process_1><Name>chrome.exe</Name><ID>812</ID><CommitCharge>4096000</CommitCharge></Process_1>");
	push(&ru, "<Process_2>");
	push(&ru, "<Name>java.exe</Name>");
	push(&ru, "<ID>77</ID>");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 2);
	assert_int_equal(ru.ev[0].n_consumers, 2);
	assert_string_equal(ru.ev[0].comm, "chrome.exe");
	assert_int_equal(ru.ev[0].pid, 812);
	assert_int_equal(ru.ev[0].consumers[0].bytes, 4096000);
	assert_int_equal(ru.ev[0].consumers[1].pid, 77);

	/* Event Viewer's table export: provider, id and message on one
	 * line, one row per event, the message's line breaks turned into
	 * runs of spaces */
	run_begin(&ru, NULL);
	push(&ru, "Warning | 21/3/2025 6:45 | Microsoft-Windows-Resource-Exhaustion-Detector | 2004 | Resource Exhaustion Diagnosis Events | Windows successfully diagnosed a low virtual memory condition. The   following programs consumed the most virtual memory: qbittorrent.exe (9664)   consumed 7100248064 bytes, svchost.exe (1476) consumed 265293824 bytes, and   avp.exe (6672) consumed 227516416 bytes.");
	push(&ru, "Warning | 21/3/2025 6:40 | Microsoft-Windows-Resource-Exhaustion-Detector | 2004 | Resource Exhaustion Diagnosis Events | Windows successfully diagnosed a low virtual memory condition. The   following programs consumed the most virtual memory: qbittorrent.exe (9664)   consumed 7064379392 bytes, svchost.exe (1476) consumed 266719232 bytes, and   avp.exe (6672) consumed 228106240 bytes.");
	push(&ru, "Information | 21/3/2025 6:31 | Service Control Manager | 7040 | None | The start type of the Background Intelligent Transfer Service service was   changed from auto start to demand start.");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].line, 2);
	assert_string_equal(ru.ev[0].comm, "qbittorrent.exe");
	assert_int_equal(ru.ev[0].pid, 9664);
	assert_int_equal(ru.ev[0].n_consumers, 3);
	assert_string_equal(ru.ev[0].consumers[2].name, "avp.exe");
	assert_int_equal(ru.ev[0].consumers[2].bytes, 227516416);

	/* the pid redacted in a retelling: the program is still named */
	run_begin(&ru, NULL);
	push(&ru, "Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: qbittorrent.exe (xxxx) consumed 8526192640 bytes;...");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "qbittorrent.exe");
	assert_int_equal(ru.ev[0].pid, EV_NONE);
	assert_int_equal(ru.ev[0].consumers[0].bytes, 8526192640LL);

	/* event id 2004 of another provider is not ours */
	run_begin(&ru, NULL);
	push(&ru, "Source: Some-Other-Provider");
	push(&ru, "Event ID: 2004");
	run_end(&ru);
	assert_int_equal(ru.n, 0);
}

static void test_codes(void **state)
{
	static const struct {
		const char *line;
		enum ev_kind kind;
		int64_t err;
	} cases[] = {
		{ "Failed to allocate large pages: err=1455", EV_COMMIT_LIMIT, 1455 },
		{ "thread 'main' panicked: Os { code: 1455, kind: Uncategorized, message: \"The paging file is too small for this operation to complete.\" } (os error 1455)", EV_COMMIT_LIMIT, 1455 },
		{ "The process exited with code 0xC000012D", EV_COMMIT_LIMIT, 0xC000012DLL },
		{ "OSError: [WinError 8] Not enough memory resources are available to process this command", EV_ALLOC_FAILURE, 8 },
		{ "WslRegisterDistribution failed with error: 0x8007000e", EV_ALLOC_FAILURE, 14 },
		{ "OSError: [WinError 1455] \xe9\xa1\xb5\xe9\x9d\xa2\xe6\x96\x87\xe4\xbb\xb6\xe5\xa4\xaa\xe5\xb0\x8f", EV_COMMIT_LIMIT, 1455 },
		{ "\xe9\xa1\xb5\xe9\x9d\xa2\xe6\x96\x87\xe4\xbb\xb6\xe5\xa4\xaa\xe5\xb0\x8f\xef\xbc\x8c\xe6\x97\xa0\xe6\xb3\x95\xe5\xae\x8c\xe6\x88\x90\xe6\x93\x8d\xe4\xbd\x9c\xe3\x80\x82", EV_COMMIT_LIMIT, 1455 },
		{ "Die Auslagerungsdatei ist zu klein, um diesen Vorgang durchzuf\xc3\xbchren.", EV_COMMIT_LIMIT, 1455 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run ru;

		run_begin(&ru, NULL);
		push(&ru, cases[i].line);
		run_end(&ru);
		if (ru.n != 1)
			fail_msg("%s: %d events", cases[i].line, ru.n);
		assert_int_equal(ru.ev[0].kind, cases[i].kind);
		assert_int_equal(ru.ev[0].errno_code, cases[i].err);
	}
}

static void test_process_sources(void **state)
{
	struct run ru;

	/* the syslog tag names the program */
	run_begin(&ru, "hinted");
	push_full(&ru, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", "tomcat", 777, 5);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "tomcat");
	assert_int_equal(ru.ev[0].pid, 777);

	/* a console transcript's command line */
	run_begin(&ru, "hinted");
	push(&ru, "$ ulimit -v 300000; perl -e 'my $n = shift; my $x = q(x) x $n; print length($x)' 1073741824");
	push(&ru, "Out of memory!");
	push(&ru, "E:\\tools>collector.windows  -verbose 0");
	push(&ru, "runtime: VirtualAlloc of 16785408 bytes failed with errno=1455");
	push(&ru, "$ sudo env FOO=1 /opt/bin/my-app --serve | tee log");
	push(&ru, "fatal error: runtime: out of memory");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_string_equal(ru.ev[0].comm, "perl");
	assert_string_equal(ru.ev[1].comm, "collector.windows");
	assert_string_equal(ru.ev[2].comm, "my-app");
	assert_int_equal(ru.ev[2].errno_code, 12);

	/* --process NAME when the text names nothing */
	run_begin(&ru, "backup-agent");
	push(&ru, "runtime: VirtualAlloc of 1048576 bytes failed with errno=1455");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "backup-agent");

	/* the runtime's launcher as the last resort */
	run_begin(&ru, NULL);
	push(&ru, "MemoryError");
	run_end(&ru);
	assert_string_equal(ru.ev[0].comm, "python");

	/* .NET: the application's namespace in the first frame */
	run_begin(&ru, NULL);
	push(&ru, "System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown.");
	push(&ru, "   at System.Drawing.Bitmap..ctor(Int32 width, Int32 height)");
	push(&ru, "   at ShareX.MainForm.InitializeComponent()");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "ShareX");

	/* a login shell's name without its dash */
	run_begin(&ru, NULL);
	push(&ru, "-bash: fork: Cannot allocate memory");
	run_end(&ru);
	assert_string_equal(ru.ev[0].comm, "bash");
	assert_int_equal(ru.ev[0].errno_code, 12);
}

static void test_repeats_each_an_event(void **state)
{
	struct run ru;
	int i;
	char buf[200];

	run_begin(&ru, NULL);
	for (i = 0; i < 40; i++) {
		snprintf(buf, sizeof(buf), "2018/08/21 12:15:%02d [emerg] 6644#0: *6352%02d malloc(104857600) failed (12: Cannot allocate memory) while waiting for request", i, i);
		push(&ru, buf);
	}
	run_end(&ru);
	assert_int_equal(ru.n, 40);
	for (i = 0; i < 40; i++) {
		assert_int_equal(ru.ev[i].line, i + 1);
		assert_int_equal(ru.ev[i].pid, 6644);
		assert_int_equal(ru.ev[i].requested_bytes, 104857600);
	}
}

/* Third wild sweep: YARN's container kill for memory (relayed by Spark and
 * logged by the NodeManager), an Electron app's one-line render-process-gone
 * log, and Mono's "another exception of class 'OutOfMemoryException'"; the
 * near-misses next to them stay silent. */
/* BEAM's realloc failure ("Cannot reallocate"), and its slogan with the
 * allocator's name cut off by a paste; near misses: the words in prose,
 * a size that is not a number. */
static void test_erlang_realloc_and_cut_name(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("Cannot reallocate 336624 bytes of memory (of type \"code\").", &ev), 1);
	assert_int_equal(ev.kind, EV_RUNTIME_OOM);
	assert_int_equal(ev.requested_bytes, 336624);
	assert_string_equal(ev.runtime, "erlang");
	assert_int_equal(events_of("erts_realloc: Cannot reallocate 4096 bytes of memory (of type \"ets\").", &ev), 1);
	assert_int_equal(ev.requested_bytes, 4096);
	assert_int_equal(events_of("Cannot reallocate bytes of memory (of type \"code\") is what the slogan says", NULL), 0);
	assert_int_equal(events_of("the VM could not reallocate 336624 bytes of memory (of type code)", NULL), 0);
}

/* The Dart VM's heap exhaustion: the "Exhausted heap space" line, the
 * FATAL of object.cc and the crash header's pid are one crash; alone
 * (logcat's DartVM tag) the first line is the event. Near misses: the
 * words in prose without a size, a crash header with no incident open. */
static void test_dart_exhausted_heap_space(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Exhausted heap space, trying to allocate 240 bytes.");
	push(&ru, "../../third_party/dart/runtime/vm/object.cc: 2803: error: Out of memory.");
	push(&ru, "version=2.19.2 (stable) (Tue Feb 7 18:37:17 2023 +0000) on \"macos_arm\"");
	push(&ru, "pid=955, thread=-1, isolate_group=isolate(0x7fdf06000800), isolate=isolate(0x7fdf0600d200)");
	push(&ru, "  pc 0x000000010b2c43a5 fp 0x00007ffee4ac4630 dart::Profiler::DumpStackTrace(void*)+0x85");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].pid, 955);
	assert_int_equal(ru.ev[0].requested_bytes, 240);
	assert_string_equal(ru.ev[0].runtime, "dart");
	assert_int_equal(events_of("DartVM: Exhausted heap space, trying to allocate 128 bytes.", &ev), 1);
	assert_int_equal(ev.requested_bytes, 128);
	assert_int_equal(events_of("After changing channels I keep seeing Exhausted heap space, trying to allocate <N> bytes", NULL), 0);
	assert_int_equal(events_of("pid=955, thread=-1, isolate_group=isolate(0x7fdf06000800)", NULL), 0);
}

/* Older V8's box after an embedder's fatal handler returned from a
 * process (non-heap) OOM; near miss: the words inside a sentence. */
static void test_v8_api_handler_returned_oom(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("# API fatal error handler returned after process out of memory", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.runtime, "v8");
	assert_int_equal(events_of("# Fatal error in , line 0", NULL), 0);
	assert_int_equal(events_of("why does the API fatal error handler returned after process out of memory message appear?", NULL), 0);
}

/* GNU ld's BFD "memory exhausted" ends a linker's message, with ld's own
 * path or behind the archive it was reading; GHC's runtime reports a
 * failed malloc and a failed linker mmap with the size; lld-link's bad
 * alloc as MSBuild relays it. Near misses: bison's "memory exhausted"
 * (its parser stack's depth limit) from a program that is no linker,
 * "virtual memory exhausted" staying GCC's row, and the words in prose. */
static void test_ld_ghc_lld_allocation_failures(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("#0 7614.1 /usr/bin/ld: failed to set dynamic section sizes: memory exhausted", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.comm, "ld");
	assert_string_equal(ev.runtime, "ld");
	assert_int_equal(events_of("/usr/bin/ld: can not size stub section: memory exhausted", &ev), 1);
	assert_string_equal(ev.comm, "ld");
	assert_int_equal(events_of("arm-linux-gnueabihf-ld.bfd: final link failed: Memory exhausted", &ev), 1);
	assert_string_equal(ev.comm, "arm-linux-gnueabihf-ld.bfd");
	assert_int_equal(events_of("../../lib/libLLVMMipsCodeGen.a: error adding symbols: Memory exhausted", &ev), 1);
	assert_int_equal(ev.comm[0], '\0');
	run_begin(&ru, NULL);
	push(&ru, "../../lib/libLLVMMipsCodeGen.a: error adding symbols: Memory exhausted");
	push(&ru, "collect2: error: ld returned 1 exit status");
	push(&ru, "/usr/bin/ld: failed to set dynamic section sizes: Memory exhausted");
	push(&ru, "collect2: error: ld returned 1 exit status");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(events_of("ERROR 1064 (42000): memory exhausted near 'SELECT' at line 1", NULL), 0);
	assert_int_equal(events_of("parse.y: syntax error: memory exhausted", NULL), 0);
	assert_int_equal(events_of("the linker failed with \"Memory exhausted\" error - https://example.org/629.log", NULL), 0);
	assert_int_equal(events_of("cc1plus: virtual memory exhausted: Cannot allocate memory", &ev), 1);
	assert_string_equal(ev.runtime, "gcc");

	assert_int_equal(events_of("ghcup: memory allocation failed (requested 274878955520 bytes)", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.comm, "ghcup");
	assert_int_equal(ev.requested_bytes, 274878955520LL);
	assert_int_equal(events_of("ghc: mmap 131072 bytes at (nil): Cannot allocate memory", &ev), 1);
	assert_string_equal(ev.comm, "ghc");
	assert_int_equal(ev.requested_bytes, 131072);
	assert_int_equal(ev.errno_code, 12);
	assert_string_equal(ev.runtime, "haskell");
	assert_int_equal(events_of("ghc: Try specifying an address with +RTS -xm<addr> -RTS", NULL), 0);

	assert_int_equal(events_of("9>LINK : LLVM error : out of memory", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.runtime, "llvm");
	assert_int_equal(events_of("9>Allocation failed", NULL), 0);
}

/* Spark logs one YARN container kill as the scheduler's lost executor
 * and again as its task's ExecutorLostFailure with the same reason: one
 * kill. Another executor's kill at the same usage and limit, and the same
 * executor's kill with other numbers, are kills of their own; a line
 * naming no executor joins the kill with its reason. */
static void test_yarn_kill_logged_twice(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "17/11/25 18:23:24 ERROR YarnClusterScheduler: Lost executor 9 on h1: Container killed by YARN for exceeding memory limits. 7.2 GB of 4.2 GB virtual memory used. Consider boosting spark.yarn.executor.memoryOverhead.");
	push(&ru, "17/11/25 18:23:24 WARN TaskSetManager: Lost task 3.0 in stage 1.0 (TID 10, h1, executor 9): ExecutorLostFailure (executor 9 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 7.2 GB of 4.2 GB virtual memory used. Consider boosting spark.yarn.executor.memoryOverhead.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 1);
	run_begin(&ru, NULL);
	push(&ru, "ExecutorLostFailure (executor 13 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 20.0 GB of 20 GB physical memory used.");
	push(&ru, "ExecutorLostFailure (executor 14 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 20.0 GB of 20 GB physical memory used.");
	push(&ru, "ExecutorLostFailure (executor 14 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 20.1 GB of 20 GB physical memory used.");
	push(&ru, "Reason: Container killed by YARN for exceeding memory limits. 20.1 GB of 20 GB physical memory used.");
	push(&ru, "Reason: Container killed by YARN for exceeding memory limits. 19.9 GB of 20 GB physical memory used.");
	run_end(&ru);
	assert_int_equal(ru.n, 4);
	/* a hard wrap at 78 columns left each "executor 9" on a piece of its own */
	run_begin(&ru, NULL);
	push(&ru, "harrisburg.cs.colostate.edu: Container killed by YARN for exceeding memory limits. 7.2 GB of 4.2 GB virtual memory used.");
	push(&ru, "exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 7.2 GB of 4.2 GB virtual memory used.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
}

/* SBCL's gencgc exhaustion: the "Heap exhausted during ..." line (glued
 * to Quicklisp's dots, or pasted without its first word), the generation
 * table and lose()'s "fatal error encountered in SBCL pid N" header are
 * one exhaustion with the pid and the request; a syslog tag names the
 * process unless it is a log level. Near misses: the words in
 * a sentence without the counts, the header with no exhaustion open, a
 * stack overflow's CORRUPTION WARNING. */
static void test_sbcl_heap_exhausted(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Heap exhausted during garbage collection: 0 bytes available, 64 requested.");
	push(&ru, "Gen  Boxed   Code    Raw  LgBox LgCode  LgRaw  Pin       Alloc     Waste        Trig      WP GCs Mem-age");
	push(&ru, " 1    7611      0   4886      0      0      0   10   384479984  25021712   278126746   12497   1  1.6704");
	push(&ru, "           Dynamic-space-size bytes =    1073741824");
	push(&ru, "fatal error encountered in SBCL pid 423464(tid 0x7f5c2b7fe700):");
	push(&ru, "Heap exhausted, game over.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].pid, 423464);
	assert_int_equal(ru.ev[0].requested_bytes, 64);
	assert_string_equal(ru.ev[0].runtime, "sbcl");
	assert_int_equal(events_of("................Heap exhausted during garbage collection: 16368 bytes available, 16400 requested.", &ev), 1);
	assert_int_equal(ev.requested_bytes, 16400);
	assert_int_equal(events_of("    exhausted during allocation: 24576 bytes available, 32776 requested.", &ev), 1);
	assert_int_equal(ev.requested_bytes, 32776);
	assert_int_equal(events_of("Heap exhausted, game over.", NULL), 1);
	/* a stamp, then "sbcl ERROR: ": the level read as a syslog tag names
	 * no program */
	run_begin(&ru, NULL);
	push_full(&ru, "Heap exhausted during garbage collection: 0 bytes available, 16 requested.", "ERROR", -1, INT64_MIN);
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].comm[0], '\0');
	run_begin(&ru, NULL);
	push_full(&ru, "Heap exhausted during garbage collection: 0 bytes available, 16 requested.", "quilc", -1, INT64_MIN);
	run_end(&ru);
	assert_string_equal(ru.ev[0].comm, "quilc");
	assert_int_equal(events_of("The heap got exhausted during garbage collection, so I raised --dynamic-space-size", NULL), 0);
	assert_int_equal(events_of("fatal error encountered in SBCL pid 4239(tid 0x16b5fb000):", NULL), 0);
	assert_int_equal(events_of("CORRUPTION WARNING in SBCL pid 4239 pthread 0x16b5fb000:", NULL), 0);
}

/* Lua's LUA_ERRMEM message as its hosts print it is one failure per
 * line; the host's program name or nginx's worker pid is taken. Near
 * misses: "not enough memory" with no Lua on the line, and in a sentence
 * that goes on after it. */
static void test_lua_not_enough_memory(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "nginx: lua atpanic: Lua VM crashed, reason: not enough memory");
	push(&ru, "nginx: lua atpanic: Lua VM crashed, reason: not enough memory");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_string_equal(ru.ev[0].comm, "nginx");
	assert_string_equal(ru.ev[0].runtime, "lua");
	assert_int_equal(events_of("2020/01/15 10:10:36 [error] 31256#0: *111517685 lua entry thread aborted: memory allocation error: not enough memory", &ev), 1);
	assert_int_equal(ev.pid, 31256);
	assert_int_equal(events_of("lua: ...rs\\14794\\Downloads\\x\\module.lua:175: not enough memory", &ev), 1);
	assert_string_equal(ev.comm, "lua");
	assert_int_equal(events_of("PANIC: unprotected error in call to Lua API (not enough memory)", &ev), 1);
	assert_int_equal(ev.comm[0], '\0');
	assert_int_equal(events_of("[t=02:09:50.680945][f=0066780] Error: [LuaRules::RunCallInTraceback] error=4 (LUA_ERRMEM) callin=GameFrame trace=[Internal Lua error: Call failure] not enough memory", NULL), 1);
	assert_int_equal(events_of("LuaException: error loading module xxx from CustomLoader, not enough memory", NULL), 1);
	assert_int_equal(events_of("13/May/2015 15:05:19 [src/Lua.cpp:4667] WARNING: Script failure [/tmp/ntopng/scripts/lua/iface_ports_list.lua][not enough memory]", NULL), 1);
	assert_int_equal(events_of("Error: not enough memory", NULL), 0);
	assert_int_equal(events_of("the lua script stops with: not enough memory to load the table, what can I do?", NULL), 0);
}

/* D's OutOfMemoryError, Swift's allocation abort, the Boehm collector's
 * NULL return and start-up refusal, and Julia 0.3's MemoryError() (a
 * Julia throw, not Python's). Near misses: bdwgc's large-block advice,
 * the D frame naming onOutOfMemoryError, a Swift fatal error of another
 * kind. */
static void test_d_swift_bdwgc_julia(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("core.exception.OutOfMemoryError@src/dmd/root/rmem.d(103): Memory allocation failed", &ev), 1);
	assert_int_equal(ev.kind, EV_RUNTIME_OOM);
	assert_string_equal(ev.runtime, "d");
	assert_int_equal(events_of("??:? onOutOfMemoryError [0x5a5c859d445c]", NULL), 0);
	assert_int_equal(events_of("Fatal error: failed to allocate 281474976710656 bytes of memory with alignment 0", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.requested_bytes, 281474976710656LL);
	assert_string_equal(ev.runtime, "swift");
	assert_int_equal(events_of("Fatal error: Could not allocate memory.", NULL), 1);
	assert_int_equal(events_of("Fatal error: Unexpectedly found nil while unwrapping an Optional value", NULL), 0);
	assert_int_equal(events_of("GC Warning: Out of Memory! Heap size: 0 MiB. Returning NULL!", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.runtime, "bdwgc");
	assert_int_equal(events_of("GC Warning: Out of Memory!  Returning NIL!", NULL), 1);
	assert_int_equal(events_of("Can't start up: not enough memory", NULL), 1);
	assert_int_equal(events_of("GC Warning: Repeated allocation of very large block (appr. size 134221824):", NULL), 0);
	assert_int_equal(events_of("ERROR: MemoryError()", &ev), 1);
	assert_string_equal(ev.runtime, "julia");
	assert_int_equal(events_of("MemoryError", &ev), 1);
	assert_string_equal(ev.runtime, "python");
}

/* LLVM's report_bad_alloc_error in a compiler's output is LLVM's own
 * allocation failure, not PostgreSQL's "ERROR:  out of memory" (no
 * postgres process, no postgres runtime); PostgreSQL's line still is. */
static void test_llvm_bad_alloc_not_postgres(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("  = note: LLVM ERROR: out of memory", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.runtime, "llvm");
	assert_true(ev.comm[0] == '\0');
	assert_int_equal(events_of("LLVM ERROR: out of memory", &ev), 1);
	assert_string_equal(ev.runtime, "llvm");
	assert_int_equal(events_of("2026-11-23 09:29:52.735 UTC [32050] ERROR:  out of memory", &ev), 1);
	assert_string_equal(ev.runtime, "postgres");
	assert_int_equal(events_of("LLVM ERROR: out of memory is what rustc printed before it died", NULL), 0);
}

/* Ruby's Errno::ENOMEM in its own uncaught form "msg (Class)", where msg
 * names the command that could not be started; near misses: another
 * Errno, and the class named in prose. */
static void test_ruby_enomem_uncaught_form(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("Cannot allocate memory - which sudo 2>/dev/null (Errno::ENOMEM)", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.errno_code, 12);
	assert_string_equal(ev.runtime, "ruby");
	assert_int_equal(events_of("    /usr/lib/ruby/bundler.rb:197:in ``': Cannot allocate memory - which sudo 2>/dev/null (Errno::ENOMEM)", &ev), 1);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(events_of("No such file or directory - which sudo (Errno::ENOENT)", NULL), 0);
	assert_int_equal(events_of("rescue Errno::ENOMEM => e means the fork could not allocate memory", NULL), 0);
}

/* GHC's RTS at its -M cap ("prog: Heap exhausted;"), GHC's own panic on
 * that cap (its last line "heap overflow" alone) and the RTS's failed
 * commit. Near misses: the RTS's stack overflow, the heap size line
 * alone, "heap overflow" inside a sentence or capitalized as a heading. */
static void test_ghc_heap_exhausted(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "Data.Stream.ConcurrentEager: Heap exhausted;");
	push(&ru, "Data.Stream.ConcurrentEager: Current maximum heap size is 1073741824 bytes (1024 MB).");
	push(&ru, "Data.Stream.ConcurrentEager: Use `+RTS -M<size>' to increase it.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_string_equal(ru.ev[0].comm, "Data.Stream.ConcurrentEager");
	assert_int_equal(ru.ev[0].requested_bytes, EV_NONE);
	assert_string_equal(ru.ev[0].runtime, "haskell");
	assert_int_equal(events_of("heap overflow", &ev), 1);
	assert_int_equal(ev.kind, EV_RUNTIME_OOM);
	assert_int_equal(events_of("ghc: internal error: Unable to commit 1048576 bytes of memory", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.requested_bytes, 1048576);
	assert_string_equal(ev.comm, "ghc");
	assert_int_equal(events_of("Stack space overflow: current size 8388608 bytes. Use `+RTS -Ksize -RTS' to increase it.", NULL), 0);
	assert_int_equal(events_of("Current maximum heap size is 2147483648 bytes (2048 MB);", NULL), 0);
	assert_int_equal(events_of("fixes a heap overflow in the PNG decoder", NULL), 0);
	assert_int_equal(events_of("Heap overflow", NULL), 0);
	assert_int_equal(events_of("the heap exhausted; we retried", NULL), 0);
}

/* A program's "could not <verb> <object>: Cannot allocate memory" with the
 * error ending the line; near misses: mlock's ENOMEM (a memlock limit),
 * the words inside a sentence, another errno. */
static void test_could_not_enomem(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("Couldn't untar CryptX-0.056.tar: 'Cannot allocate memory'", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(events_of("error: could not lock config file .git/config: Cannot allocate memory", &ev), 1);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(events_of("Could not lock memory - continuing anyway: Cannot allocate memory", NULL), 0);
	assert_int_equal(events_of("if tar says it couldn't untar X: Cannot allocate memory means low RAM", NULL), 0);
	assert_int_equal(events_of("Couldn't untar CryptX-0.056.tar: 'No space left on device'", NULL), 0);
}

/* mmap's ENOMEM in the words programs wrap it in: "mmap error [...]"
 * (STINGER), "Mmap failed to allocate N bytes: ..." (YDB), ArangoDB's
 * "'out of memory in mmap'". Near misses: another errno in the same
 * words, and ArangoDB's text about a file it could map. */
static void test_mmap_enomem_wordings(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("ERROR: shmmap 91: mmap error [Cannot allocate memory]. Try resizing STINGER to be smaller (see README.md).", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(events_of("<main>: Error: yql/essentials/minikql/aligned_page_pool.cpp:496: Mmap failed to allocate 131072 bytes: Cannot allocate memory", &ev), 1);
	assert_int_equal(ev.requested_bytes, 131072);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(events_of("2013-04-25T07:02:15Z [25500] ERROR cannot memory map file '//var/lib/arangodb/collection-1/temp-2.db': 'out of memory in mmap'", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_string_equal(ev.comm, "arangod");
	assert_int_equal(events_of("ERROR: shmmap 91: mmap error [Invalid argument].", NULL), 0);
	assert_int_equal(events_of("Mmap failed to allocate 131072 bytes: Operation not permitted", NULL), 0);
	assert_int_equal(events_of("2013-04-25T07:02:15Z [25500] INFO memory map file '//var/lib/arangodb/collection-1/temp-2.db' created", NULL), 0);
}

/* Node's spawn() refused by ENOMEM, and Python's MemoryError logged as its
 * repr by a wrapper. Near misses: another spawn errno, ENOMEM named in
 * prose, the raise statement that a traceback quotes. */
static void test_node_spawn_python_repr(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("PM2        | Error: spawn ENOMEM", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.errno_code, 12);
	assert_string_equal(ev.runtime, "node");
	assert_int_equal(events_of("Error: spawn /bin/sh ENOMEM", &ev), 1);
	assert_int_equal(events_of("Error: spawn git EAGAIN", NULL), 0);
	assert_int_equal(events_of("when spawn fails with ENOMEM we retry", NULL), 0);
	assert_int_equal(events_of("Pool callback raised exception: MemoryError('Process got: ')", &ev), 1);
	assert_int_equal(ev.kind, EV_RUNTIME_OOM);
	assert_string_equal(ev.runtime, "python");
	assert_int_equal(events_of("    raise MemoryError('Process got: %s' % (exc_info.exception,))", NULL), 0);
}

/* Rust's io::Error for ENOMEM, displayed and debugged, and a program's
 * whole-line "Fatal error: out of memory". Near misses: another os error,
 * another kind of Os error, the words inside a sentence or with more after. */
static void test_rust_io_enomem_fatal_line(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("  because: Cannot allocate memory (os error 12)", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.errno_code, 12);
	assert_string_equal(ev.runtime, "rust");
	assert_int_equal(events_of("thread 'main' panicked at src/lib.rs:148:48: called `Result::unwrap()` on an `Err` value: Os { code: 12, kind: OutOfMemory, message: \"Cannot allocate memory\" }", &ev), 1);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(events_of("  because: No such file or directory (os error 2)", NULL), 0);
	assert_int_equal(events_of("Os { code: 2, kind: NotFound, message: \"No such file or directory\" }", NULL), 0);
	assert_int_equal(events_of("Fatal error: out of memory", &ev), 1);
	assert_int_equal(ev.kind, EV_RUNTIME_OOM);
	assert_int_equal(events_of("foma: Fatal error: out of memory.", NULL), 1);
	assert_int_equal(events_of("we saw Fatal error: out of memory twice", NULL), 0);
	assert_int_equal(events_of("Fatal error: out of memory handling is tested in t/oom.t", NULL), 0);
}

/* roslaunch's "process has died [pid P, exit code -6, cmd PATH ...]" after
 * an uncaught bad_alloc names that process; another exit code (a SIGKILL's
 * -9) does not, and the line alone is no event. */
static void test_cxx_ros_process_died(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "terminate called after throwing an instance of 'std::bad_alloc'");
	push(&ru, "  what():  std::bad_alloc");
	push(&ru, "[kittiHelper-1] process has died [pid 16242, exit code -6, cmd /home/hyx/catkin_ws/devel/lib/aloam_velodyne/kittiHelper __name:=kittiHelper __log:=/home/hyx/.ros/log/x/kittiHelper-1.log].");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].pid, 16242);
	assert_string_equal(ru.ev[0].comm, "kittiHelper");
	assert_int_equal(ru.ev[0].line, 1);

	run_begin(&ru, NULL);
	push(&ru, "terminate called after throwing an instance of 'std::bad_alloc'");
	push(&ru, "[trafficlight-2] process has died [pid 2825, exit code -9, cmd /home/nvidia/catkin_workspace/devel/lib/darknet_ros/darknet_ros __name:=trafficlight].");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].pid, EV_NONE);
	assert_int_equal(events_of("[rtabmap/rtabmap-1] process has died [pid 27372, exit code -6, cmd /opt/ros/indigo/lib/rtabmap_ros/rtabmap --udebug].", NULL), 0);
}

/* .NET on Unix reports fork's ENOMEM as Win32Exception (12); other native
 * errnos in the same shape are no memory event. */
static void test_dotnet_win32exception_enomem(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("System.ComponentModel.Win32Exception (12): Cannot allocate memory", &ev), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.errno_code, 12);
	assert_string_equal(ev.runtime, "dotnet");
	assert_int_equal(events_of("System.ComponentModel.Win32Exception (2): No such file or directory", NULL), 0);
	assert_int_equal(events_of("System.ComponentModel.Win32Exception (13): Permission denied", NULL), 0);
}

/* R's R_alloc failure names a memory block, not a vector; without R's
 * "Error ... :" head the words are prose. */
static void test_r_memory_block(void **state)
{
	struct oom_event ev;

	(void)state;
	assert_int_equal(events_of("Error in tikz_dict(input) : cannot allocate memory block of size 2.0 Gb", &ev), 1);
	assert_int_equal(ev.kind, EV_RUNTIME_OOM);
	assert_string_equal(ev.runtime, "R");
	assert_int_equal(events_of("R says it cannot allocate memory block of size 2.0 Gb when tikz runs", NULL), 0);
}

/* Zig's unhandled error.OutOfMemory and Bun's crash handler: a crash's
 * per-thread panics are one event; another error name, or the words in a
 * sentence, are none. */
static void test_zig_bun_out_of_memory(void **state)
{
	struct run ru;
	struct oom_event ev;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "uh-oh: TODO: handle error: OutOfMemory");
	push(&ru, "bun will crash now");
	push(&ru, "thread 4218403 panic: TODO: handle error: OutOfMemory");
	push(&ru, "thread 4218399 panic: TODO: handle error: OutOfMemory");
	push(&ru, "thread 4218405 panic: TODO: handle error: OutOfMemory");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(events_of("panic(main thread): attempt to unwrap error: OutOfMemory", &ev), 1);
	assert_string_equal(ev.runtime, "zig");
	assert_int_equal(events_of("Bun ran out of memory", &ev), 1);
	assert_string_equal(ev.comm, "bun");
	assert_int_equal(events_of("error: OutOfMemory", NULL), 1);
	assert_int_equal(events_of("panic(main thread): attempt to unwrap error: FileNotFound", NULL), 0);
	assert_int_equal(events_of("handle error.OutOfMemory with bun.outOfMemory() instead of a panic", NULL), 0);
	assert_int_equal(events_of("error: OutOfMemory is returned when the allocator fails", NULL), 0);
}

/* The Kotlin Gradle plugin's "Not enough memory to run compilation." is an
 * event when it stands alone, and the same throw as an OutOfMemoryError
 * whose trace is still open; its advice line alone is none. */
static void test_kotlin_not_enough_memory(void **state)
{
	struct run ru;

	(void)state;
	assert_int_equal(events_of("   > Not enough memory to run compilation. Try to increase it via 'gradle.properties':", NULL), 1);
	assert_int_equal(events_of("     kotlin.daemon.jvmargs=-Xmx<size>", NULL), 0);
	run_begin(&ru, NULL);
	push(&ru, "e: java.lang.OutOfMemoryError: Java heap space");
	push(&ru, "\tat java.util.Arrays.copyOf(Arrays.java:3332)");
	push(&ru, "> Task :app:compileDebugKotlin FAILED");
	push(&ru, "   > Not enough memory to run compilation. Try to increase it via 'gradle.properties':");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 1);
}

static void test_wild_sweep3_shapes(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "ExecutorLostFailure (executor 13 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 20.0 GB of 20 GB physical memory used.");
	push(&ru, "2016-07-07 10:12:01,123 WARN org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl: Container [pid=27934,containerID=container_1467912288000_0001_01_000003] is running beyond virtual memory limits. Current usage: 350.2 MB of 1 GB physical memory used; 2.4 GB of 2.1 GB virtual memory used. Killing container.");
	/* Spark's heartbeat loss is no memory evidence. */
	push(&ru, "ExecutorLostFailure (executor 6 exited caused by one of the running tasks) Reason: Executor heartbeat timed out after 178850 ms");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "yarn");
	assert_int_equal(ru.ev[1].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[1].pid, 27934);

	run_begin(&ru, NULL);
	push(&ru, "[2026-08-14T20:53:05.314Z] [CRITICAL] render-process-gone reason=oom exitCode=-536870904");
	push(&ru, "[2026-08-15T04:33:16.340Z] [CRITICAL] render-process-gone reason=oom exitCode=-536870904");
	/* Prose naming the event and the reason in different clauses. */
	push(&ru, "So `render-process-gone` is not one failure. This box's renderer dies of **`reason=oom`** and yours of a memory fault.");
	push(&ru, "It only routes the recreate path when `details.reason` is the literal string `oom`.");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].line, 2);

	run_begin(&ru, NULL);
	push(&ru, "Couldn't extract exception string from exception (another exception of class 'OutOfMemoryException' was thrown while processing the stack trace)");
	push(&ru, "Couldn't extract exception string from exception (another exception of class 'NullReferenceException' was thrown while processing the stack trace)");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_string_equal(ru.ev[0].runtime, "dotnet");
}

/* Batch schedulers and platforms (wild sweep w7m): Slurm's relay of the
 * step cgroup's OOM kills in both wordings and its own jobacct kill, LSF's
 * TERM_MEMLIMIT, HTCondor's reason printed twice for one kill, Heroku's
 * R15 kill and R14 warning (the dyno named by a log drain's
 * "heroku/web.1" tag), ECS's and Cloud Foundry's stopped reasons; the
 * near-misses next to them (a quoted reason, an exit status with no
 * memory reason, Slurm's "at some point" notice) stay silent. */
static void test_wild_schedulers(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "slurmstepd: error: Detected 1 oom-kill event(s) in step 3495064.0 cgroup. Some of your processes may have been killed by the cgroup out-of-memory handler.");
	push(&ru, "slurmstepd: error: Detected 2 oom_kill events in StepId=JOBID.13. Some of the step tasks have been OOM Killed.");
	push(&ru, "slurmstepd-falkor7: error: Step 1141810.0 exceeded memory limit (52917772 > 20971520), being killed");
	push(&ru, "srun: Exceeded job memory limit");
	push(&ru, "slurmstepd: Exceeded step memory limit at some point.");
	push(&ru, "TERM_MEMLIMIT: job killed after reaching LSF memory usage limit.");
	push(&ru, "=>> PBS: job killed: ncpus 38.28 exceeded limit 32 (sum)");
	push(&ru, "dask-worker.o1838772:=>> PBS: job killed: mem job total 115343360 kb exceeded limit 115343360 kb");
	push(&ru, "Job exceeded a memory resource limit (vmem, pvmem, etc.). Job was aborted");
	push(&ru, "and normally LSF terminates jobs that go over this this limit and emits the `TERM_MEMLIMIT: job killed after reaching LSF memory usage limit` message");
	run_end(&ru);
	assert_int_equal(ru.n, 6);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "kernel");
	assert_int_equal(ru.ev[1].line, 2);
	assert_int_equal(ru.ev[4].line, 8);
	assert_string_equal(ru.ev[4].killer, "pbs");
	assert_int_equal(ru.ev[5].line, 9);
	assert_int_equal(ru.ev[2].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[2].killer, "slurm");
	assert_int_equal(ru.ev[3].line, 6);
	assert_string_equal(ru.ev[3].killer, "lsf");

	run_begin(&ru, NULL);
	push(&ru, "007 (36707199.000.000) 11/11 06:17:44 Shadow exception!");
	push(&ru, "\tError from slot1_9@worker-0574.novalocal: Job has gone over memory limit of 4096 megabytes. Peak usage: 4088 megabytes.");
	push(&ru, "\t0  -  Run Bytes Sent By Job");
	push(&ru, "012 (36707199.000.000) 11/11 06:17:45 Job was held.");
	push(&ru, "\tError from slot1_9@worker-0574.novalocal: Job has gone over memory limit of 4096 megabytes. Peak usage: 4088 megabytes.");
	push(&ru, "\tCode 34 Subcode 0");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].killer, "htcondor");
	assert_int_equal(ru.ev[0].line, 2);

	run_begin(&ru, NULL);
	push(&ru, "2022-10-16T13:20:59.615409+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)");
	push(&ru, "2022-10-16T13:21:08.169352+00:00 heroku[web.1]: Error R15 (Memory quota vastly exceeded)");
	push_full(&ru, "Error R15 (Memory quota vastly exceeded)", "heroku/worker.2", -1, INT64_MIN);
	push_full(&ru, "Error R15 (Memory quota vastly exceeded)", "heroku", -1, INT64_MIN);
	/* The codes named in prose are no records. */
	push(&ru, "We are getting lots of \"Error R14 (Memory quota exceeded)\" on Herkou");
	push(&ru, "I keep hitting Error R15 (Memory quota vastly exceeded) after deploys, any idea?");
	run_end(&ru);
	assert_int_equal(ru.n, 4);
	assert_int_equal(ru.ev[0].kind, EV_MEMORY_WARNING);
	assert_string_equal(ru.ev[0].comm, "web.1");
	assert_int_equal(ru.ev[1].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[1].killer, "heroku");
	assert_string_equal(ru.ev[1].comm, "web.1");
	assert_string_equal(ru.ev[2].comm, "worker.2");
	assert_string_equal(ru.ev[3].comm, "");

	run_begin(&ru, NULL);
	push(&ru, " Status reason\tOutOfMemoryError: Container killed due to memory usage Exit Code\t137");
	push(&ru, "an instance of the app crashed: APP#x2F;PROC &#x2F;WEB: Exited with status 137 (out of memory) Apr 6, 2021");
	push(&ru, "{\"instance\":\"d9e7\",\"index\":1,\"exit_status\":255,\"exit_description\":\"out of memory\",\"reason\":\"CRASHED\"}");
	push(&ru, "2018-12-27T22:34:27.00+0530   app.crash   IOL-v1-99-215   index: 3, reason: CRASHED, instance: 6a62cfee, exit_description: APP/PROC/WEB: Exited with status 137");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_string_equal(ru.ev[1].killer, "kernel");
	assert_int_equal(ru.ev[2].line, 3);

	/* Nomad's and 2014 kubelet's "OOM Killed"; nohang's action, not its
	 * statistics; a UI's bare exit code. */
	run_begin(&ru, NULL);
	push(&ru, "`2019/04/08 06:03:16.608873 [INFO] client: task \"worker\" for alloc \"c5d0e905\" failed: Wait returned exit code 137, signal 0, and error OOM Killed`");
	push(&ru, "                    \"reason\": \"OOM Killed\",");
	push(&ru, "I've simulated OOM and got a nice and clear `Terminated | Exit Code: 137` message");
	push_full(&ru, "  Send SIGTERM to the victim; total response time: 13246 ms", "nohang", 530, INT64_MIN);
	push_full(&ru, "  Send SIGTERM to tail: 1", "nohang", 447, INT64_MIN);
	push_full(&ru, "victim badness 12 < min_badness 20; nothing to do; response time: 5 ms", "nohang", 447, INT64_MIN);
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[1].line, 2);
	assert_int_equal(ru.ev[2].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[2].killer, "nohang");
	assert_string_equal(ru.ev[2].comm, "");

	/* A shell prompt names the program that printed the status (kubectl),
	 * not the container it reports killed. */
	run_begin(&ru, NULL);
	push(&ru, "$ ./cluster/kubectl.sh  get pod -o go-template='{{.lastState}}'  simmemleak-60xbc");
	push(&ru, "LastState: map[terminated:map[exitCode:137 reason:OOM Killed startedAt:2015-07-07T20:58:43Z]]");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 2);
	assert_string_equal(ru.ev[0].comm, "");

	/* GitLab Runner's Kubernetes executor quotes the reason; Go source
	 * with the double-quoted constant stays quiet. */
	run_begin(&ru, NULL);
	push(&ru, "ERROR: Job failed (system failure): Error in container build: exit code: 137, reason: 'OOMKilled'");
	push(&ru, "\t\tReason: \"OOMKilled\",");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
}

/* Platforms that stop a process past its memory limit (wild sweep w8m):
 * Cloud Run's record in both unit styles, Lambda's Runtime.OutOfMemory
 * status, pm2's --max-memory-restart restart; the near-misses next to them
 * (a masked Cloud Run record, the docs' sentence, the Lambda error type
 * named in prose, pm2's help text and a failed kill) stay silent. */
static void test_wild_platform_limits(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "Memory limit of 512 MiB exceeded with 516 MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits");
	push(&ru, "release-trigger: `Memory limit of 512M exceeded with 526M used. Consider increasing the memory limit`");
	push(&ru, "Memory limit of xx MiB exceeded with xx MiB used. Consider increasing the memory limit");
	push(&ru, "- Exceeding limit terminates instance");
	push(&ru, "The Lambda is failing on production with the error message `Error Type: Runtime.OutOfMemory`.");
	push(&ru, "{\"errorType\":\"Runtime.OutOfMemory\",\"errorMessage\":\"RequestId: 0f4c Error: Runtime exited with error: signal: killed\"}");
	push(&ru, "- In `PlatformRuntimeDone` event, `error_type` is `Runtime.OutOfMemory`. This can happen on **Python** and **Ruby**.");
	push(&ru, "2016-11-01 21:48:00: [PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value (current_memory=39677952 max_memory_limit=250 [octets])");
	push(&ru, "--max-memory-restart <memory>        specify max memory amount used to autorestart (in megaoctets)");
	push(&ru, "[2019-01-02 10:31:48] PM2 log: pid=100048 msg=failed to kill - retrying in 100ms");
	run_end(&ru);
	assert_int_equal(ru.n, 5);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "cloud-run");
	assert_int_equal(ru.ev[1].line, 2);
	assert_int_equal(ru.ev[2].line, 5);
	assert_string_equal(ru.ev[2].killer, "lambda");
	assert_int_equal(ru.ev[3].line, 6);
	assert_int_equal(ru.ev[4].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[4].killer, "pm2");
	assert_int_equal(ru.ev[4].line, 8);

	/* App Engine: the limit record and the termination notice after it
	 * are one shutdown, each record with its own size another; Cloud
	 * Functions 1st gen; CircleCI's and Bitbucket's container verdicts;
	 * Travis's log-length cut and the docs' "hard limit" are no kill. */
	run_begin(&ru, NULL);
	push(&ru, "Dec 07 07:40: Exceeded soft memory limit of 256 MB with 340 MB after servicing 57 requests total.");
	push(&ru, "\tConsider setting a larger instance class in app.yaml. (/api)");
	push(&ru, "Dec 07 07:45: Exceeded soft memory limit of 256 MB with 395 MB after servicing 113 requests total.");
	push(&ru, "`F 22:40:19.033` Exceeded soft private memory limit of 128 MB with 129 MB after servicing 60 requests total");
	push(&ru, "`W 22:40:19.033` After handling this request, the process that handled this request was found to be using too much memory and was terminated. This is likely to cause a new process to be used for the next request to your application.");
	push(&ru, "- leaving ~500 MB headroom below GAE's 3072 MB hard limit to absorb temporary memory spikes");
	push(&ru, "I get this error in the log: `Function killed. Error: memory limit exceeded`");
	push(&ru, "Your build has exceeded the memory limit of 4G on 1 container.");
	push(&ru, "The log length has exceeded the limit of 4 MB (this usually means that the test suite is raising the same exception over and over).");
	push(&ru, "Container 'Build' exceeded memory limit.");
	run_end(&ru);
	assert_int_equal(ru.n, 6);
	assert_string_equal(ru.ev[0].killer, "app-engine");
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].line, 3);
	assert_int_equal(ru.ev[2].line, 4);
	assert_string_equal(ru.ev[3].killer, "cloud-functions");
	assert_string_equal(ru.ev[4].killer, "circleci");
	assert_int_equal(ru.ev[5].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[5].killer, "bitbucket-pipelines");
	assert_int_equal(ru.ev[5].line, 10);
}

/* The kubelet's evictions for memory (wild sweep w7m): the container named
 * on the line or on the next one, the admission refusal a warning, an
 * eviction for disk no event. */
static void test_wild_kubelet_evictions(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "4m11s       Warning   Evicted               pod/egg-1    The node was low on resource: memory. Container egg was using 5053216Ki, which exceeds its request of 0.");
	push(&ru, "4m11s       Normal    Killing               pod/egg-1    Stopping container egg");
	push(&ru, "4m7s        Warning   Evicted               pod/egg-2    The node had condition: [MemoryPressure].");
	push(&ru, "Message:        The node was low on resource: ephemeral-storage. Container backend was using 96Ki, which exceeds its request of 0.");
	push(&ru, "Evicted: Pod The node was low on resource: [DiskPressure]");
	push(&ru, "1m  1m  1  web-1  Pod  Warning  Evicted  kubelet, node-3  The node was low on resource: [MemoryPressure].");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_int_equal(ru.ev[2].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(ru.ev[2].line, 6);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "kubelet");
	assert_string_equal(ru.ev[0].comm, "egg");
	assert_int_equal(ru.ev[1].kind, EV_MEMORY_WARNING);

	run_begin(&ru, NULL);
	push(&ru, "The node was low on resource: memory. Threshold quantity: 100Mi, available: 87608Ki. ");
	push(&ru, "Container dptp-controller-manager was using 48458972Ki, request is 15Gi, has larger consumption of memory. ");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 1);
	assert_string_equal(ru.ev[0].comm, "dptp-controller-manager");
}

/* Shapes of the eighth sweep (w8b): Java's ProcessBuilder in Java 6's
 * nested form, JSON-escaped and wrapped; strace's ENOMEM records; a list of
 * error codes whose text stands alone under the code. */
/* Cluster frameworks that kill their own workers for memory, and
 * workflow engines that relay a container's OOM kill (wild sweep w9m):
 * dask's nanny in both wordings, Ray's OutOfMemoryError with its detail
 * line (one kill), the raylet's summary, Argo's node message, Airflow's
 * container_reason; the near-misses next to them (the worker's own memory
 * warnings, a raylet summary with no OOM kill, Ray's list of possible
 * causes, Airflow's pod-level reason) stay silent. */
static void test_wild_sweep9m_frameworks(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "distributed.nanny - WARNING - Worker exceeded 95% memory budget. Restarting");
	push(&ru, "distributed.nanny - WARNING - Restarting worker");
	push(&ru, "distributed.nanny.memory - WARNING - Worker tls://192.168.204.84:34937 (pid=129) exceeded 0% memory budget. Restarting...");
	push(&ru, "distributed.worker - WARNING - Memory use is high but worker has no data to store to disk.  Perhaps some other process is leaking memory?  Process memory: 3.70 GB -- Worker memory limit: 4.00 GB");
	push(&ru, "distributed.worker - WARNING - Worker is at 85% memory usage. Pausing worker.  Process memory: 3.69 GB -- Worker memory limit: 4.29 GB");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "dask");
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].pid, 129);
	assert_int_equal(ru.ev[1].line, 3);

	run_begin(&ru, NULL);
	push(&ru, "E                       ray.exceptions.OutOfMemoryError: Task was killed due to the node running low on memory.");
	push(&ru, "E                       Memory on the node (IP: 172.17.0.2, ID: 8c5a1410) where the task (task ID: 41617bc7, name=allocate_memory, pid=548, memory used=12.18GB) was running was 21.91GB / 33.28GB (0.658192), which exceeds the memory usage threshold of 0.65.");
	push(&ru, "(raylet) node_manager.cc:3277: 2 Workers (tasks / actors) killed due to memory pressure (OOM), 0 Workers crashed due to other reasons at ");
	push(&ru, "(raylet) node_manager.cc:3277: 0 Workers (tasks / actors) killed due to memory pressure (OOM), 3 Workers crashed due to other reasons at ");
	push(&ru, "Worker unexpectedly exits with a connection error code 2. End of file. There are some potential root causes. (1) The process is killed by SIGKILL by OOM killer due to high memory usage.");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "ray");
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].pid, 548);
	assert_int_equal(ru.ev[1].line, 3);

	run_begin(&ru, NULL);
	push(&ru, "then argo is able to detect it and turn to Fail phase with the following correct error: `OOMKilled (exit code 137)`");
	push(&ru, "Pod phase: Failed, reason: None, message: None, container_type: main, container_name: base,");
	push(&ru, "container_state: terminated, container_reason: OOMKilled, container_message: None, exit_code: 137");
	push(&ru, "... Extra info: Pod failed because of None");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[1].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[1].line, 3);

	/* The ECS agent's log of Docker's OOM event and runc's error for an
	 * init process the kernel OOM-killed; the agent's memory accounting
	 * and ECS's other stop reasons are no kill. */
	run_begin(&ru, NULL);
	push(&ru, "2018-10-24T16:25:53Z [INFO] DockerGoClient: process within container db09e0887a0d (name: \"ecs-intel-bc-demo-60-intel-bc-quorum-a8b5ae84e8c197b30200\") died due to OOM");
	push(&ru, "2018-10-24T16:12:22Z [INFO] Remaining mem: 3788");
	push(&ru, "Status reason | CannotStartContainerError: Error response from daemon: OCI runtime create failed: container_linux.go:380: starting container process caused: container init was OOM-killed (memory limit too low?): unknown");
	push(&ru, "Status reason | CannotPullContainerError: Error response from daemon: pull access denied");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[1].line, 3);

	/* cAdvisor's two records of one OOM report are one kill; a line cut
	 * after its verb still counts; a "reason": "Error" exit 137 does not. */
	run_begin(&ru, NULL);
	push(&ru, "I1010 17:41:57.858757    4991 manager.go:1126] Created an OOM event in container \"/kubepods/burstable/pod1\" at 2017-10-10 17:41:57 +0000 UTC");
	push(&ru, "I1010 17:41:57.858804    4991 manager.go:1142] Created an OOM kill event in container \"/kubepods/burstable/pod1\" at 2017-10-10 17:41:57 +0000 UTC");
	push(&ru, "                        \"reason\": \"Error\",");
	push(&ru, "Oct 10 17:41:58 ip-10-0-211-82 kubelet[4991]: I1010 17:41:57.858757    4991 manager.go:1126] Created an OOM event in containe");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(ru.ev[0].line, 2);
	assert_int_equal(ru.ev[1].line, 4);

	/* systemd's unit notice and result quoted in markdown code spans on
	 * one line: one kill; the result word alone in prose is none. */
	run_begin(&ru, NULL);
	push(&ru, "- Runner journal: `actions.runner...198-2.service: A process of this unit has been killed by the OOM killer` \xe2\x86\x92 `Failed with result 'oom-kill'`; listener exited 143;");
	push(&ru, "Chronic, not a one-off: **~17 OOM-kills on 198-2** (journal `result 'oom-kill'`).");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_OOM_KILL);
	assert_string_equal(ru.ev[0].systemd_unit, "actions.runner...198-2.service");

	/* Render's verdict, quoted inside a sentence; the plan's limit in
	 * prose is none. */
	run_begin(&ru, NULL);
	push(&ru, "\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x83\xd1\x87\xd0\xb0\xd1\x8e \xd0\xbe\xd1\x88\xd0\xb8\xd0\xb1\xd0\xba\xd1\x83: Ran out of memory (used over 512MB) while running your code. Something wrong?");
	push(&ru, "the free plan gives 512MB, my project uses more than 700MB");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_USERSPACE_OOM_KILL);
	assert_string_equal(ru.ev[0].killer, "render");
}

static void test_wild_sweep8b_shapes(void **state)
{
	struct run ru;

	(void)state;
	run_begin(&ru, NULL);
	push(&ru, "ERROR: java.io.IOException: Cannot run program \"/home/u/bin/GATPFit.exe\" (in directory \"GATPFit\"): java.io.IOException: error=12, Cannot allocate memory");
	push(&ru, "IOException[Cannot run program \\\"/home/es/out.sh\\\": java.io.IOException: error=12, Cannot allocate memory]; nested: IOException[java.io.IOException: error=12, Cannot allocate memory]; ");
	push(&ru, "3. Click on the link - \"View OS processes\" It will show the error -\"Cannot run ");
	push(&ru, "program \"/bin/sh\": java.io.IOException: error=12, Cannot allocate memory\"");
	push(&ru, "Caused by: java.io.IOException: java.io.IOException: error=12, Cannot allocate memory");
	push(&ru, "the program \"x\": error=12, is what a user typed");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_string_equal(ru.ev[0].comm, "GATPFit.exe");
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_string_equal(ru.ev[1].comm, "out.sh");
	assert_int_equal(ru.ev[2].line, 4);
	assert_string_equal(ru.ev[2].comm, "sh");

	/* strace: a refused vfork with and without -f's task id; a mapping
	 * that succeeded and a limit's ENOMEM are not events */
	run_begin(&ru, NULL);
	push(&ru, "[pid  2398] vfork()                     = -1 ENOMEM (Cannot allocate memory)");
	push(&ru, "mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = 0x7f69cc030000");
	push(&ru, "vfork()                                 = -1 ENOMEM (Cannot allocate memory)");
	push(&ru, "mlockall(MCL_CURRENT|MCL_FUTURE)        = -1 ENOMEM (Cannot allocate memory)");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].pid, 2398);
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_int_equal(ru.ev[1].line, 3);
	assert_int_equal(ru.ev[1].pid, EV_NONE);

	/* a glossary of codes: name, code, then the text alone on the next
	 * line is the code's definition, not a failure; the same text after a
	 * line that reports a failure still counts */
	run_begin(&ru, NULL);
	push(&ru, "Btw the error codes are:");
	push(&ru, "ERROR_COMMITMENT_LIMIT");
	push(&ru, "1455 (0x5AF)");
	push(&ru, "The paging file is too small for this operation to complete.");
	push(&ru, "Hope this helps!");
	push(&ru, "The paging file is too small for this operation to complete.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 6);

	/* mongod's backtrace alone names reportOutOfMemoryErrorAndExit; after
	 * its "out of memory." line it is the same failure */
	run_begin(&ru, NULL);
	push(&ru, "----- BEGIN BACKTRACE -----");
	push(&ru, "{\"backtrace\":[{\"b\":\"400000\",\"o\":\"F24CD2\",\"s\":\"_ZN5mongo15printStackTraceERSo\"},{\"b\":\"400000\",\"o\":\"F24729\",\"s\":\"_ZN5mongo29reportOutOfMemoryErrorAndExitEv\"},{\"b\":\"400000\",\"o\":\"EAA4F1\",\"s\":\"_ZN5mongo11mongoMallocEm\"}]}");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 2);
	assert_string_equal(ru.ev[0].comm, "mongod");
	run_begin(&ru, NULL);
	push(&ru, "2016-08-18T22:14:36.358+0000 F -        [main] out of memory.");
	push(&ru, "----- BEGIN BACKTRACE -----");
	push(&ru, "{\"backtrace\":[{\"b\":\"400000\",\"o\":\"F06AA9\",\"s\":\"_ZN5mongo29reportOutOfMemoryErrorAndExitEv\"}]}");
	push(&ru, "mongo::reportOutOfMemoryErrorAndExit() is where mongod prints that");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 1);

	/* Windows error 8 as an HRESULT, and its text in Chinese */
	run_begin(&ru, NULL);
	push(&ru, "\xe5\x86\x85\xe5\xad\x98\xe8\xb5\x84\xe6\xba\x90\xe4\xb8\x8d\xe8\xb6\xb3\xef\xbc\x8c\xe6\x97\xa0\xe6\xb3\x95\xe5\xa4\x84\xe7\x90\x86\xe6\xad\xa4\xe5\x91\xbd\xe4\xbb\xa4\xe3\x80\x82");
	push(&ru, "x");
	push(&ru, "System.Runtime.InteropServices.COMException (0x80070008): boom");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[1].errno_code, 8);

	/* PHP's proc_open fork: warning, display copy and Symfony's boxed
	 * exception are one failure; Composer's hint and link are none */
	run_begin(&ru, NULL);
	push(&ru, "The following exception is caused by a lack of memory or swap, or not having swap configured");
	push(&ru, "Check https://getcomposer.org/doc/articles/troubleshooting.md#proc-open-fork-failed-errors for details");
	push(&ru, "PHP Warning:  proc_open(): fork failed - Cannot allocate memory in phar:///usr/local/bin/composer/vendor/symfony/console/Application.php on line 957");
	push(&ru, "Warning: proc_open(): fork failed - Cannot allocate memory in phar:///usr/local/bin/composer/vendor/symfony/console/Application.php on line 957");
	push(&ru, "  [ErrorException]                                   ");
	push(&ru, "  proc_open(): fork failed - Cannot allocate memory  ");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].line, 3);
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_string_equal(ru.ev[0].comm, "php");
}

/* Shapes of the seventh sweep (w7b): VS Code's crash dialog in both
 * wordings, retyped inside prose or quotes. */
static void test_wild_sweep7_shapes(void **state)
{
	struct run ru;

	run_begin(&ru, NULL);
	push(&ru, "For some days Visual Studio Code crashes showing a notification window with the message: The window has crashed (reason: 'oom', code: '-536870904') and the program closes.");
	push(&ru, "\"The window terminated unexpecterdly (reason: 'oom', code: '-536870904'\"");
	push(&ru, "crashed because of the VS Code error \"The window terminated unexpectedly (reason: 'oom', code:'-536870904') We are sorry for the inconvenience.\"");
	push(&ru, "The window terminated unexpectedly (reason: 'crashed', code: '-1073741819')");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].line, 2);
	assert_int_equal(ru.ev[2].line, 3);
	assert_string_equal(ru.ev[2].runtime, "electron");

	/* HAProxy's Lua alert, one event a line (no stamps to tell them
	 * apart, but each is another call) */
	run_begin(&ru, NULL);
	push(&ru, "[ALERT]    (3439504) : Lua function 'quote_cookies': out of memory error.");
	push(&ru, "[ALERT]    (3439504) : Lua function 'quote_cookies': out of memory error.");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[1].pid, 3439504);
	assert_string_equal(ru.ev[1].comm, "haproxy");

	/* squid's helper fork */
	run_begin(&ru, NULL);
	push(&ru, "2023/03/06 07:23:51| Logfile Daemon: opening log /var/log/squid/access.log");
	push(&ru, "2023/03/06 07:23:51| ipcCreate: fork: (12) Cannot allocate memory");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].errno_code, 12);
	assert_string_equal(ru.ev[0].comm, "squid");

	/* the postmaster's refused forks: its pid is the first bracket, not
	 * %l's line number in the second */
	run_begin(&ru, NULL);
	push(&ru, "2022-07-13 07:32:04.922 CEST [58398]: [49-1] LOG:  could not fork new process for connection: Cannot allocate memory");
	push(&ru, "2022-07-13 07:32:07.259 CEST [58398]: [50-1] LOG:  could not fork new process for connection: Cannot allocate memory");
	push(&ru, "    LOG:  could not fork autovacuum worker process: Cannot allocate memory");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_int_equal(ru.ev[0].pid, 58398);
	assert_int_equal(ru.ev[1].pid, 58398);
	assert_int_equal(ru.ev[2].pid, EV_NONE);
	assert_string_equal(ru.ev[2].comm, "postgres");
	assert_int_equal(ru.ev[2].errno_code, 12);

	/* SpiderMonkey's unhandlable OOM glued behind 'out of memory' inside
	 * a Zabbix value; the crash reason named in prose is no event */
	run_begin(&ru, NULL);
	push(&ru, "   120:20170307:033523.757 error reason for \"h:mongodb.status[opcounters,getmore]\" changed: Received value [out of memoryAssertion failure: [unhandlable oom] OOM in createJitRuntime, at src/third_party/mozjs-45/extract/js/src/jscntxt.cpp:12282017-03-07T11:35:55.603+0800 F - [main] Got signal: 11 (Segmentation fault)] is not suitable for value type [Numeric (unsigned)]");
	push(&ru, "AutoEnterOOMUnsafeRegion::crash prints `[unhandlable oom]` and aborts.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_RUNTIME_OOM);
	assert_string_equal(ru.ev[0].runtime, "spidermonkey");

	/* A code explained, then the documentation's text quoted on the next
	 * line: neither is a failure; the real one above stays. */
	run_begin(&ru, NULL);
	push(&ru, "LNK1171: unable to load mspdbcore.dll (error code: 1455)");
	push(&ru, "");
	push(&ru, "[Error code 1455 means](https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-):");
	push(&ru, "> The paging file is too small for this operation to complete.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[0].errno_code, 1455);

	/* the same message after a line that explains nothing, or with more
	 * text on its line, is a failure */
	run_begin(&ru, NULL);
	push(&ru, "Error code 1455 means:");
	push(&ru, "");
	push(&ru, "> The paging file is too small for this operation to complete.");
	push(&ru, "The build failed with this:");
	push(&ru, "> The paging file is too small for this operation to complete.");
	push(&ru, "Error code 1455 means:");
	push(&ru, "hcsshim::CreateComputeSystem 3f2a: The paging file is too small for this operation to complete.");
	run_end(&ru);
	assert_int_equal(ru.n, 3);
	assert_int_equal(ru.ev[0].line, 3);
	assert_int_equal(ru.ev[1].line, 5);
	assert_int_equal(ru.ev[2].line, 7);

	/* a failure with the code in parentheses, explained on the same line */
	run_begin(&ru, NULL);
	push(&ru, "Empty programs crash with \"Could not create file mapping object (1455)\" printed to console.   MSDN says that 1455 is ERROR_COMMITMENT_LIMIT, which means \"The paging file is too small for this operation to complete\".");
	push(&ru, "MSDN says that 1455 is ERROR_COMMITMENT_LIMIT, which means \"The paging file is too small for this operation to complete\".");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(ru.ev[0].line, 1);

	/* HotSpot's line retold without the call and with the size lost */
	run_begin(&ru, NULL);
	push(&ru, "facing java error,  \" Native memory allocation failed to map **bytes for G1 virtual space.");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_int_equal(ru.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[0].requested_bytes, EV_NONE);

	/* util-linux su's words for its fork */
	run_begin(&ru, NULL);
	push(&ru, "su: cannot create child process: Cannot allocate memory");
	push(&ru, "su: cannot create child process: Resource temporarily unavailable");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "su");
	assert_int_equal(ru.ev[0].errno_code, 12);

	/* newer Docker's "hcs::" wrapping; E_OUTOFMEMORY carries errno 14 */
	run_begin(&ru, NULL);
	push(&ru, "Unexpected error while validating app. Error is: docker: Error response from daemon: hcs::CreateComputeSystem 32d4156984ab: The paging file is too small for this operation to complete.");
	push(&ru, "WslRegisterDistribution failed with error: 0x8007000e");
	run_end(&ru);
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].kind, EV_COMMIT_LIMIT);
	assert_string_equal(ru.ev[0].comm, "dockerd");
	assert_int_equal(ru.ev[1].kind, EV_ALLOC_FAILURE);
	assert_int_equal(ru.ev[1].errno_code, 14);

	/* a quoted command line holding quotes of its own */
	run_begin(&ru, NULL);
	push(&ru, "failed to fork for command \"vim -E -X -R -c 'call AnsiHighlight(\"/tmp/root/KNE57R4GS5\")|q' --  sound/sparc/cs4231.c\": Cannot allocate memory");
	push(&ru, "failed to fork for command \"/usr/bin/ctags -R .\": Resource temporarily unavailable");
	run_end(&ru);
	assert_int_equal(ru.n, 1);
	assert_string_equal(ru.ev[0].comm, "vim");
	assert_int_equal(ru.ev[0].errno_code, 12);
}

/* Events come out in input order even when an earlier incident is held open. */
static void test_order(void **state)
{
	struct run ru;
	int i;

	run_begin(&ru, NULL);
	push(&ru, "runtime: VirtualAlloc of 4096 bytes failed with errno=1455");
	push(&ru, "2018/08/21 12:15:22 [emerg] 6644#0: malloc(100) failed (12: Cannot allocate memory)");
	push(&ru, "fatal error: out of memory");
	for (i = 0; i < 60; i++)
		push(&ru, "unrelated line");
	assert_int_equal(ru.n, 2);
	assert_int_equal(ru.ev[0].line, 1);
	assert_int_equal(ru.ev[1].line, 2);
	run_end(&ru);
}

/* Every example cut at every length, flush against an unmapped page. */
static void test_guard_page_cuts(void **state)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *mem = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i, n, k;

	assert_true(mem != MAP_FAILED);
	assert_int_equal(mprotect(mem + pg, (size_t)pg, PROT_NONE), 0);
	for (i = 0; i < app_rule_ndefs; i++) {
		const char *ex = app_rule_defs[i].example;
		struct run ru;

		n = strlen(ex);
		if (n > (size_t)pg)
			n = (size_t)pg;
		run_begin(&ru, NULL);
		for (k = 0; k <= n; k++) {
			char *p = mem + pg - k;
			struct line_meta m;

			memcpy(p, ex, k);
			meta_init(&m, "", NULL, -1, INT64_MIN);
			m.msg = span_make(p, k);
			app_rules_may_match(rules, m.msg);
			app_asm_push(ru.a, "t", ++ru.line, &m);
			drain(&ru);
			ru.n = 0;
		}
		run_end(&ru);
	}
	munmap(mem, (size_t)pg * 2);
}

/* What one row's example gives on a fresh assembler of rules r: as an
 * application line, then (another fresh assembler) as a kernel line. */
struct outcome {
	int rc[2], n[2];
	struct oom_event ev[2];
};

static void example_outcome(struct app_rules *r, size_t i, struct outcome *o)
{
	int k;

	memset(o, 0, sizeof(*o));
	for (k = 0; k < 2; k++) {
		struct app_asm *a = app_asm_new(r, NULL);
		struct oom_event ev;
		struct line_meta m;

		assert_non_null(a);
		meta_init(&m, app_rule_defs[i].example, NULL, -1, INT64_MIN);
		m.is_kernel = k;
		o->rc[k] = app_asm_push(a, "test", 1, &m);
		app_asm_flush(a, 1);
		while (app_asm_pop(a, &ev))
			if (o->n[k]++ == 0)
				o->ev[k] = ev;
		app_asm_free(a);
	}
}

static int outcome_same(const struct outcome *x, const struct outcome *y)
{
	int k;

	for (k = 0; k < 2; k++) {
		const struct oom_event *a = &x->ev[k], *b = &y->ev[k];

		if (x->rc[k] != y->rc[k] || x->n[k] != y->n[k])
			return 0;
		if (!x->n[k])
			continue;
		if (a->kind != b->kind || a->pid != b->pid || a->errno_code != b->errno_code ||
		    a->requested_bytes != b->requested_bytes || a->uid != b->uid ||
		    a->n_consumers != b->n_consumers || strcmp(a->comm, b->comm) != 0 ||
		    strcmp(a->runtime, b->runtime) != 0 || strcmp(a->killer, b->killer) != 0 ||
		    strcmp(a->detail, b->detail) != 0 || strcmp(a->systemd_unit, b->systemd_unit) != 0)
			return 0;
	}
	return 1;
}

/* Every row's example on rules compiled up front (the reference). */
static struct outcome *reference_outcomes(void)
{
	struct outcome *ref = calloc(app_rule_ndefs, sizeof(*ref));
	struct app_rules *r;
	char err[200];
	size_t i;

	assert_non_null(ref);
	r = app_rules_new(err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(app_rules_compile_all(r, err, sizeof(err)), 0);
	for (i = 0; i < app_rule_ndefs; i++)
		example_outcome(r, i, &ref[i]);
	app_rules_free(r);
	return ref;
}

/* Forcing every row compiles each of them (a broken pattern fails here,
 * not on the first line that reaches it). */
static void test_compile_all(void **state)
{
	struct app_rules *r;
	char err[200];

	r = app_rules_new(err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(app_rules_compiled(r), 0);
	if (app_rules_compile_all(r, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(err, "");
	assert_int_equal(app_rules_compiled(r), (int)app_rule_ndefs);
	assert_int_equal(app_rules_compile_all(r, err, sizeof(err)), 0);
	assert_int_equal(app_rules_compiled(r), (int)app_rule_ndefs);
	app_rules_free(r);
}

/* Nothing is compiled before a line passes a row's literal; a line that
 * passes none compiles nothing; one row's line compiles a few rows, not
 * the table. */
static void test_lazy_compiles_on_use(void **state)
{
	struct app_rules *r;
	struct outcome o;
	char err[200];
	size_t go = app_rule_ndefs;
	int after;

	r = app_rules_new(err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(app_rules_count(r), (int)app_rule_ndefs);
	assert_int_equal(app_rules_compiled(r), 0);
	for (size_t i = 0; i < app_rule_ndefs && go == app_rule_ndefs; i++)
		if (strcmp(app_rule_defs[i].family, "go-fatal-oom") == 0)
			go = i;
	assert_true(go < app_rule_ndefs);
	{
		struct app_asm *a = app_asm_new(r, NULL);
		struct line_meta m;

		assert_non_null(a);
		meta_init(&m, "Started Session 42 of user alice.", NULL, -1, INT64_MIN);
		assert_int_equal(app_asm_push(a, "test", 1, &m), APP_NONE);
		app_asm_free(a);
	}
	assert_int_equal(app_rules_compiled(r), 0);
	example_outcome(r, go, &o);
	assert_int_equal(o.rc[0], APP_CONSUMED);
	assert_int_equal(o.n[0], 1);
	assert_string_equal(o.ev[0].runtime, "go");
	after = app_rules_compiled(r);
	assert_true(after >= 1);
	assert_true(after < (int)app_rule_ndefs / 4);
	app_rules_free(r);
}

/* Rows first reached after others (last row first) answer as compiled up front. */
static void test_lazy_any_order(void **state)
{
	struct outcome *ref = reference_outcomes(), o;
	struct app_rules *r;
	char err[200];
	size_t i;

	r = app_rules_new(err, sizeof(err));
	assert_non_null(r);
	for (i = app_rule_ndefs; i > 0; i--) {
		example_outcome(r, i - 1, &o);
		if (!outcome_same(&o, &ref[i - 1]))
			fail_msg("row %s: differs when compiled on first use", app_rule_defs[i - 1].family);
	}
	/* and again, now that every row it reached is compiled */
	for (i = 0; i < app_rule_ndefs; i++) {
		example_outcome(r, i, &o);
		if (!outcome_same(&o, &ref[i]))
			fail_msg("row %s: differs on second use", app_rule_defs[i].family);
	}
	app_rules_free(r);
	free(ref);
}

#define RACE_THREADS 3
#define RACE_ROUNDS 4

struct race {
	struct app_rules *r;
	pthread_barrier_t *go;
	int reverse;
	struct outcome *got;
};

static void *race_main(void *arg)
{
	struct race *rc = arg;
	size_t i;

	pthread_barrier_wait(rc->go);
	for (i = 0; i < app_rule_ndefs; i++) {
		size_t j = rc->reverse ? app_rule_ndefs - 1 - i : i;

		example_outcome(rc->r, j, &rc->got[j]);
	}
	return NULL;
}

/* Threads sharing fresh rules reach the same rows at the same moment (they
 * start together, two in the same order): each gets what rules compiled up
 * front give, and every row ends up compiled once. */
static void test_lazy_threads_share(void **state)
{
	struct outcome *ref = reference_outcomes();
	struct race rc[RACE_THREADS];
	pthread_t th[RACE_THREADS];
	pthread_barrier_t go;
	int round, t;

	for (t = 0; t < RACE_THREADS; t++) {
		rc[t].got = calloc(app_rule_ndefs, sizeof(struct outcome));
		assert_non_null(rc[t].got);
	}
	for (round = 0; round < RACE_ROUNDS; round++) {
		struct app_rules *r;
		char err[200];
		size_t i;

		r = app_rules_new(err, sizeof(err));
		assert_non_null(r);
		assert_int_equal(pthread_barrier_init(&go, NULL, RACE_THREADS), 0);
		for (t = 0; t < RACE_THREADS; t++) {
			rc[t].r = r;
			rc[t].go = &go;
			rc[t].reverse = t == RACE_THREADS - 1;
			assert_int_equal(pthread_create(&th[t], NULL, race_main, &rc[t]), 0);
		}
		for (t = 0; t < RACE_THREADS; t++)
			assert_int_equal(pthread_join(th[t], NULL), 0);
		pthread_barrier_destroy(&go);
		for (t = 0; t < RACE_THREADS; t++)
			for (i = 0; i < app_rule_ndefs; i++)
				if (!outcome_same(&rc[t].got[i], &ref[i]))
					fail_msg("round %d thread %d row %s: differs from the reference",
						 round, t, app_rule_defs[i].family);
		assert_int_equal(app_rules_compile_all(r, err, sizeof(err)), 0);
		app_rules_free(r);
	}
	for (t = 0; t < RACE_THREADS; t++)
		free(rc[t].got);
	free(ref);
}

static void test_prefilter_quiet(void **state)
{
	assert_false(app_rules_may_match(rules, SPAN_LIT("Started Session 42 of user alice.")));
	assert_false(app_rules_may_match(rules, SPAN_LIT("")));
	assert_false(app_rules_may_match(rules, SPAN_LIT("x")));
	assert_true(app_rules_may_match(rules, SPAN_LIT("OUT OF MEMORY")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compiles),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_kernel_lines_ignored),
		cmocka_unit_test(test_issue7_lines),
		cmocka_unit_test(test_unknown_prefix),
		cmocka_unit_test(test_kernel_lmk_only),
		cmocka_unit_test(test_gcc_names_compiler_proper),
		cmocka_unit_test(test_dotnet_oome_message_tail),
		cmocka_unit_test(test_go_named_by_main_frame),
		cmocka_unit_test(test_go_fatal_oom_escaped_newline),
		cmocka_unit_test(test_gradle_and_lint_oome_wordings),
		cmocka_unit_test(test_ruby_enomem_message_in_logger_line),
		cmocka_unit_test(test_electron_reason_exit_code_oom),
		cmocka_unit_test(test_could_not_enomem_trailing_full_stop),
		cmocka_unit_test(test_art_oome_while_throwing_oome),
		cmocka_unit_test(test_bash_xrealloc_script_path),
		cmocka_unit_test(test_sanitizer_alloc_failures),
		cmocka_unit_test(test_windows_1450_text),
		cmocka_unit_test(test_heap_space_detail_alone),
		cmocka_unit_test(test_openj9_default_memory_space),
		cmocka_unit_test(test_oome_middle_dot_title),
		cmocka_unit_test(test_oome_summary_then_throw_same_size),
		cmocka_unit_test(test_php_debug_site_and_title_case),
		cmocka_unit_test(test_dotnet_insufficient_memory_exception),
		cmocka_unit_test(test_php_memory_limit_wrapped_anywhere),
		cmocka_unit_test(test_dotnet_event_record_application_names_process),
		cmocka_unit_test(test_php_memory_limit_wrapped_size_line),
		cmocka_unit_test(test_powershell_error_record_one_oome),
		cmocka_unit_test(test_lmk_on_behalf),
		cmocka_unit_test(test_jvm_repeats_one_throw),
		cmocka_unit_test(test_node_gc_trace_after),
		cmocka_unit_test(test_node_gc_trace_after_echo),
		cmocka_unit_test(test_mongodb_json_out_of_memory),
		cmocka_unit_test(test_mozalloc_oom),
		cmocka_unit_test(test_mongodb_wiredtiger_enomem),
		cmocka_unit_test(test_mongodb_mmap_private),
		cmocka_unit_test(test_erlang_realloc_and_cut_name),
		cmocka_unit_test(test_dart_exhausted_heap_space),
		cmocka_unit_test(test_llvm_bad_alloc_not_postgres),
		cmocka_unit_test(test_v8_api_handler_returned_oom),
		cmocka_unit_test(test_ld_ghc_lld_allocation_failures),
		cmocka_unit_test(test_yarn_kill_logged_twice),
		cmocka_unit_test(test_sbcl_heap_exhausted),
		cmocka_unit_test(test_lua_not_enough_memory),
		cmocka_unit_test(test_d_swift_bdwgc_julia),
		cmocka_unit_test(test_ruby_enomem_uncaught_form),
		cmocka_unit_test(test_ghc_heap_exhausted),
		cmocka_unit_test(test_could_not_enomem),
		cmocka_unit_test(test_mmap_enomem_wordings),
		cmocka_unit_test(test_node_spawn_python_repr),
		cmocka_unit_test(test_rust_io_enomem_fatal_line),
		cmocka_unit_test(test_cxx_ros_process_died),
		cmocka_unit_test(test_dotnet_win32exception_enomem),
		cmocka_unit_test(test_r_memory_block),
		cmocka_unit_test(test_zig_bun_out_of_memory),
		cmocka_unit_test(test_kotlin_not_enough_memory),
		cmocka_unit_test(test_go_merge),
		cmocka_unit_test(test_go_heap_then_fatal),
		cmocka_unit_test(test_jvm_hs_err),
		cmocka_unit_test(test_jvm_heap_dump_one_event),
		cmocka_unit_test(test_jvm_throw_then_hs_err_one_event),
		cmocka_unit_test(test_python_memoryerror_after_dash),
		cmocka_unit_test(test_node_pid_from_gc_trace),
		cmocka_unit_test(test_systemd_reverse_order),
		cmocka_unit_test(test_systemd_slices_one_kill),
		cmocka_unit_test(test_systemd_two_subtrees),
		cmocka_unit_test(test_oomd),
		cmocka_unit_test(test_oomd_unit_notice_without_kill_line),
		cmocka_unit_test(test_oomd_kill_line_cut_in_path),
		cmocka_unit_test(test_oomd_kill_line_wrapped_after_killed),
		cmocka_unit_test(test_earlyoom),
		cmocka_unit_test(test_earlyoom_v12_pid_wrapped),
		cmocka_unit_test(test_postgres_keyed_by_pid),
		cmocka_unit_test(test_redis_repeats_and_abort),
		cmocka_unit_test(test_redis_windows_heap_paging_file),
		cmocka_unit_test(test_redis_pid_after_line_number),
		cmocka_unit_test(test_commit_code_named_in_prose),
		cmocka_unit_test(test_windows_2004),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_process_sources),
		cmocka_unit_test(test_repeats_each_an_event),
		cmocka_unit_test(test_wild_sweep3_shapes),
		cmocka_unit_test(test_wild_schedulers),
		cmocka_unit_test(test_wild_platform_limits),
		cmocka_unit_test(test_wild_kubelet_evictions),
		cmocka_unit_test(test_wild_sweep7_shapes),
		cmocka_unit_test(test_wild_sweep8b_shapes),
		cmocka_unit_test(test_wild_sweep9m_frameworks),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_guard_page_cuts),
		cmocka_unit_test(test_prefilter_quiet),
		cmocka_unit_test(test_compile_all),
		cmocka_unit_test(test_lazy_compiles_on_use),
		cmocka_unit_test(test_lazy_any_order),
		cmocka_unit_test(test_lazy_threads_share),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
