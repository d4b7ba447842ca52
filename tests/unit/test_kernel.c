/*
 * test_kernel.c - unit tests for the kernel OOM report assembler (kern_asm)
 * driven directly with hand-built line metadata: victim vs selection pid,
 * awkward comm names, oom_reaper folding, context-less kill records, a
 * summary line that anchors a kill, reports that never reach a kill, the
 * fixed-size host table, every prefix of every report line pushed flush
 * against a guard page, every row of the shape table (kernel_table.c)
 * plain and behind an unknown prefix, numbers that do not fit, the
 * line's one pass against a plain search on random lines, and
 * span_take_i64 against strtoll.
 *
 * Single-threaded test program.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../parsers/kernel.h"
#include "../../parsers/kernel_int.h"
#include "../../parsers/prefilter.h"
#include "../../parsers/prefix.h"

#define MAXEV 1024

struct feed {
	struct kern_asm *k;
	int64_t line;
	struct oom_event *ev; /* MAXEV of them */
	int n;
	struct oom_note *notes; /* MAXEV of them */
	int n_notes;
	int64_t uptime;   /* usec stamped on the next line, or INT64_MIN */
	const char *host; /* host of the next lines, "" = none */
};

static void feed_init(struct feed *f)
{
	memset(f, 0, sizeof(*f));
	f->k = kern_asm_new();
	f->ev = calloc(MAXEV, sizeof(*f->ev));
	f->notes = calloc(MAXEV, sizeof(*f->notes));
	assert_non_null(f->k);
	assert_non_null(f->ev);
	assert_non_null(f->notes);
	f->uptime = INT64_MIN;
	f->host = "";
}

static void feed_free(struct feed *f)
{
	kern_asm_free(f->k);
	free(f->ev);
	free(f->notes);
	f->k = NULL;
}

static void drain(struct feed *f)
{
	struct oom_event ev;
	struct oom_note n;

	while (kern_asm_pop(f->k, &ev)) {
		assert_true(f->n < MAXEV);
		f->ev[f->n++] = ev;
	}
	while (kern_asm_pop_note(f->k, &n)) {
		assert_true(f->n_notes < MAXEV);
		f->notes[f->n_notes++] = n;
	}
}

static void meta_for(struct line_meta *m, const char *host, const char *msg, size_t n,
		     int64_t uptime)
{
	memset(m, 0, sizeof(*m));
	m->fmt = PREFIX_BARE;
	m->host = span_make(host, strlen(host));
	m->tag = span_make(NULL, 0);
	m->tag_pid = -1;
	m->time_sec = INT64_MIN;
	m->uptime_usec = uptime;
	m->kmsg_seq = -1;
	m->kmsg_facility = -1;
	m->is_kernel = 1;
	m->msg = span_make(msg, n);
}

/* Pushes one message line (no prefix) and drains what is ready. */
static int push(struct feed *f, const char *msg)
{
	struct line_meta m;
	int rc;

	meta_for(&m, f->host, msg, strlen(msg), f->uptime);
	rc = kern_asm_push(f->k, "test", ++f->line, &m);
	drain(f);
	return rc;
}

static void push_all(struct feed *f, const char *const *lines)
{
	for (; *lines; lines++)
		push(f, *lines);
}

static void finish(struct feed *f)
{
	kern_asm_flush(f->k, 1);
	drain(f);
}

/* Feeds one line that must be taken and give exactly one event, f->ev[0]
 * (the caller frees f). */
static void feed_one(struct feed *f, const char *line)
{
	feed_init(f);
	assert_int_equal(push(f, line), KERN_CONSUMED);
	finish(f);
	assert_int_equal(f->n, 1);
}

static int count_kind(const struct feed *f, enum ev_kind kind)
{
	int i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->ev[i].kind == kind;
	return n;
}

/* ---- guard page (tests/unit/helpers.h) ---- */

/* Copies n bytes so that the last one sits right before the guard page. */
static const char *flush_copy(const char *s, size_t n)
{
	return th_guard_place(s, n);
}

/* ---- reports used by several tests ---- */

static const char *const report_510_memcg[] = {
	"leaker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
	"CPU: 3 PID: 23790 Comm: leaker Not tainted 5.10.0 #1",
	"Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.13.0 04/01/2014",
	"Call Trace:",
	" dump_stack+0x6b/0x83",
	" oom_kill_process.cold+0xb/0x10",
	"memory: usage 524288kB, limit 524288kB, failcnt 112",
	"swap: usage 0kB, limit 0kB, failcnt 0",
	"Memory cgroup stats for /leaker:",
	"anon 531562496",
	"Tasks state (memory values in pages):",
	"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
	"[  23793]     0 23793   655928   126942  1118208        0             0 leaker",
	"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
	"oom_memcg=/leaker,task_memcg=/leaker,task=leaker,pid=23793,uid=0",
	"Memory cgroup out of memory: Killed process 23793 (leaker) total-vm:2623712kB, "
	"anon-rss:506500kB, file-rss:1268kB, shmem-rss:0kB, UID:0 pgtables:1092kB oom_score_adj:0",
	"oom_reaper: reaped process 23793 (leaker), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
	NULL
};

/* ---- tests ---- */

static void test_full_memcg_report(void **state)
{
	struct feed f;
	const struct oom_event *e;

	(void)state;
	feed_init(&f);
	push_all(&f, report_510_memcg);
	finish(&f);
	assert_int_equal(f.n, 1);
	e = &f.ev[0];
	assert_int_equal(e->kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(e->line, 15);
	assert_int_equal(e->pid, 23793);
	assert_string_equal(e->comm, "leaker");
	assert_int_equal(e->uid, 0);
	assert_int_equal(e->trigger_pid, 23790);
	assert_string_equal(e->trigger_comm, "leaker");
	assert_string_equal(e->gfp_mask, "0xcc0");
	assert_int_equal(e->order, 0);
	assert_string_equal(e->constraint, "CONSTRAINT_MEMCG");
	assert_string_equal(e->oom_memcg, "/leaker");
	assert_string_equal(e->task_memcg, "/leaker");
	assert_int_equal(e->total_vm_kb, 2623712);
	assert_int_equal(e->anon_rss_kb, 506500);
	assert_int_equal(e->file_rss_kb, 1268);
	assert_int_equal(e->shmem_rss_kb, 0);
	assert_int_equal(e->pgtables_kb, 1092);
	assert_int_equal(e->oom_score_adj, 0);
	assert_int_equal(e->memcg_usage_kb, 524288);
	assert_int_equal(e->memcg_limit_kb, 524288);
	assert_int_equal(e->reaped, 1);
	assert_string_equal(e->killer, "kernel");
	assert_int_equal(f.n_notes, 0);
	feed_free(&f);
}

/* Before 5.1 a child can be "sacrificed": the selection line names the
 * parent, the kill record the child; the victim is the killed pid. */
static void test_selection_pid_differs(void **state)
{
	static const char *const lines[] = {
		"httpd invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"httpd cpuset=/ mems_allowed=0",
		"CPU: 1 PID: 4410 Comm: httpd Not tainted 3.10.0-957.el7.x86_64 #1",
		"Mem-Info:",
		"Free swap  = 1024kB",
		"Total swap = 2097148kB",
		"[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
		"[ 4400]    48  4400    62000    12000     120        0             0 httpd",
		"Out of memory: Kill process 4400 (httpd) score 812 or sacrifice child",
		"Killed process 4417 (php-cgi) total-vm:812345kB, anon-rss:700012kB, file-rss:12kB, shmem-rss:0kB",
		NULL
	};
	struct feed f;
	const struct oom_event *e;

	(void)state;
	feed_init(&f);
	push_all(&f, lines);
	finish(&f);
	assert_int_equal(f.n, 1);
	e = &f.ev[0];
	assert_int_equal(e->kind, EV_OOM_KILL);
	assert_int_equal(e->pid, 4417);
	assert_string_equal(e->comm, "php-cgi");
	assert_int_equal(e->score, 812);
	assert_int_equal(e->trigger_pid, 4410);
	assert_string_equal(e->trigger_comm, "httpd");
	assert_int_equal(e->line, 10);
	assert_int_equal(e->swap_free_kb, 1024);
	assert_int_equal(e->swap_total_kb, 2097148);
	assert_int_equal(e->anon_rss_kb, 700012);
	feed_free(&f);
}

static void test_awkward_comms(void **state)
{
	static const struct {
		const char *line;
		int64_t pid;
		const char *comm;
	} c[] = {
		{ "Out of memory: Killed process 812 (((resolved))) total-vm:1000kB, anon-rss:12kB, "
		  "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0",
		  812, "((resolved))" },
		{ "Memory cgroup out of memory: Killed process 90412 (runc:[2:INIT]) total-vm:1254020kB, "
		  "anon-rss:60112kB, file-rss:3120kB, shmem-rss:0kB, UID:0 pgtables:196kB oom_score_adj:1000",
		  90412, "runc:[2:INIT]" },
		{ "Out of memory: Killed process 12207 (Web Content) total-vm:26445528kB, "
		  "anon-rss:13644836kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:29428kB oom_score_adj:167",
		  12207, "Web Content" },
		{ "Out of memory: Killed process 77 (a) b) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB",
		  77, "a) b" },
		{ "Killed process 3121 ((sd-pam))", 3121, "(sd-pam)" },
		{ "Out of Memory: Killed process 475 (identd).", 475, "identd" },
		{ "Killed process 2874, UID 27, (my sql:d) total-vm:3016944kB, anon-rss:1923988kB, file-rss:92kB",
		  2874, "my sql:d" },
		{ "Killed process 18203 (python3), UID 1000, total-vm:7649760kB, anon-rss:7384044kB, "
		  "file-rss:0kB, shmem-rss:0kB",
		  18203, "python3" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_one(&f, c[i].line);
		assert_int_equal(f.ev[0].pid, c[i].pid);
		assert_string_equal(f.ev[0].comm, c[i].comm);
		feed_free(&f);
	}
}

static void test_summary_comm_with_separators(void **state)
{
	static const char *const lines[] = {
		"Web Content invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=167",
		"CPU: 7 PID: 12207 Comm: Web Content Tainted: G           OE      6.1.0-21-amd64 #1 Debian 6.1.90-1",
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
		"task_memcg=/user.slice/a,b.scope,task=x,pid=1 (evil),pid=12207,uid=1000",
		NULL
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, lines);
	finish(&f);
	/* The summary alone anchors the kill; the last ",pid=" ends the comm. */
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 12207);
	assert_string_equal(f.ev[0].comm, "x,pid=1 (evil)");
	assert_int_equal(f.ev[0].uid, 1000);
	assert_string_equal(f.ev[0].task_memcg, "/user.slice/a,b.scope");
	assert_string_equal(f.ev[0].trigger_comm, "Web Content");
	assert_int_equal(f.ev[0].trigger_pid, 12207);
	assert_int_equal(f.ev[0].line, 3);
	feed_free(&f);
}

/* An oom-kill: summary whose kill record is missing (grep-filtered logs)
 * anchors the kill; the next report's header must not swallow it. */
static void test_summary_anchors_kill(void **state)
{
	static const char *const lines[] = {
		"leaker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
		"oom_memcg=/leaker,task_memcg=/leaker/sub,task=leaker,pid=23793,uid=0",
		"leaker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
		"oom_memcg=/leaker,task_memcg=/leaker,task=leaker,pid=23800,uid=0",
		"Memory cgroup out of memory: Killed process 23800 (leaker) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB",
		NULL
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, lines);
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 23793);
	assert_int_equal(f.ev[0].line, 2);
	assert_string_equal(f.ev[0].task_memcg, "/leaker/sub");
	assert_string_equal(f.ev[0].oom_memcg, "/leaker");
	assert_int_equal(f.ev[1].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[1].pid, 23800);
	assert_int_equal(f.ev[1].line, 5);
	assert_int_equal(f.n_notes, 0);
	feed_free(&f);
}

static void test_reaper_folding(void **state)
{
	struct feed f;

	(void)state;
	/* A reaper line for the held kill folds into it. */
	feed_init(&f);
	push_all(&f, report_510_memcg);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].reaped, 1);
	assert_int_equal(count_kind(&f, EV_OOM_REAP), 0);
	feed_free(&f);

	/* A reaper line for another pid is an oom_reap event of its own, and
	 * the held kill stays unreaped. */
	feed_init(&f);
	push(&f, "Out of memory: Killed process 100 (a) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB");
	push(&f, "oom_reaper: reaped process 200 (b c), now anon-rss:0kB, file-rss:4kB, shmem-rss:8kB");
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 100);
	assert_int_equal(f.ev[0].reaped, 0);
	assert_int_equal(f.ev[1].kind, EV_OOM_REAP);
	assert_int_equal(f.ev[1].pid, 200);
	assert_string_equal(f.ev[1].comm, "b c");
	assert_int_equal(f.ev[1].file_rss_kb, 4);
	assert_int_equal(f.ev[1].shmem_rss_kb, 8);
	assert_int_equal(f.ev[1].line, 2);
	feed_free(&f);

	/* A reaper line alone. */
	feed_init(&f);
	push(&f, "oom_reaper: reaped process 41207 (memcached), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_REAP);
	assert_int_equal(f.ev[0].pid, 41207);
	assert_string_equal(f.ev[0].comm, "memcached");
	feed_free(&f);

	/* A reaper line for a kill released earlier (another kill came in
	 * between) is no new event. */
	feed_init(&f);
	push(&f, "Out of memory: Killed process 300 (a) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB");
	push(&f, "Out of memory: Killed process 301 (b) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB");
	push(&f, "oom_reaper: reaped process 300 (a), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
	push(&f, "oom_reaper: reaped process 301 (b), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_int_equal(count_kind(&f, EV_OOM_REAP), 0);
	assert_int_equal(f.ev[0].pid, 300);
	assert_int_equal(f.ev[1].pid, 301);
	assert_int_equal(f.ev[1].reaped, 1);
	feed_free(&f);
}

/* Kill records with no report around them (grep output, RHEL 7 multi-kill
 * memcg OOMs where later kills print only the record). */
static void test_contextless_kills(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "Killed process 9 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 9);
	feed_free(&f);

	/* A bare record right after a memcg kill (same second) is memcg too. */
	feed_init(&f);
	f.uptime = 5000000000LL;
	push_all(&f, report_510_memcg);
	f.uptime += 20000;
	push(&f, "Killed process 23801 (leaker) total-vm:2623712kB, anon-rss:506500kB, file-rss:1268kB, shmem-rss:0kB");
	/* ...but not one an hour later. */
	f.uptime += 3600000000LL;
	push(&f, "Killed process 23900 (other) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ev[0].pid, 23793);
	assert_int_equal(f.ev[1].pid, 23801);
	assert_int_equal(f.ev[1].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[2].pid, 23900);
	assert_int_equal(f.ev[2].kind, EV_OOM_KILL);
	feed_free(&f);

	/* A kill record whose prefix names the memcg is memcg on its own. */
	feed_init(&f);
	push(&f, "Memory cgroup out of memory: Killed process 5 (y) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_string_equal(f.ev[0].constraint, "CONSTRAINT_MEMCG");
	feed_free(&f);

	/* Not kill records. */
	feed_init(&f);
	assert_int_equal(push(&f, "Killed process"), KERN_NONE);
	assert_int_equal(push(&f, "Killed process abc (x)"), KERN_NONE);
	assert_int_equal(push(&f, "bash: line 1: 1234 Killed process foo (bar)"), KERN_NONE);
	assert_int_equal(push(&f, "Killed process 5 (y"), KERN_NONE);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

static void test_no_kill_reports(void **state)
{
	static const char *const endings[] = {
		"Out of memory and no killable processes...",
		"Memory cgroup out of memory: OOM victim 81022 (gunicorn) is already exiting. Skip killing the task",
		"Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		NULL, /* cut off: the input ends */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, "stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0");
		push(&f, "CPU: 1 PID: 2970 Comm: stress Not tainted 5.14.0 #1");
		push(&f, "Mem-Info:");
		push(&f, "Tasks state (memory values in pages):");
		push(&f, "[   2970]     0  2970  1902112  1891220 15204352        0             0 stress");
		if (endings[i])
			assert_int_equal(push(&f, endings[i]), KERN_CONSUMED);
		finish(&f);
		assert_int_equal(f.n, 0);
		assert_int_equal(f.n_notes, 1);
		assert_int_equal(f.notes[0].type, NOTE_INCOMPLETE);
		assert_int_equal(f.notes[0].line, 1);
		assert_non_null(strstr(f.notes[0].text, "invoked oom-killer"));
		assert_true(f.notes[0].reason[0] != '\0');
		feed_free(&f);
	}
}

/*
 * A __vm_enough_memory record whose tail a mail or a terminal wrapped onto
 * the next line is known by its whole head ("pid: N, comm: C,"); a head
 * cut inside its comm, or with no pid, is not a record.
 */
static void test_vm_enough_head_only(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "[  490.838676] __vm_enough_memory: pid: 10431, comm: min_free_kbytes, not e=");
	push(&f, "nough memory for the allocation");
	push(&f, "<4>[   84.678150] __vm_enough_memory: pid: 513, comm: shmget02, not");
	push(&f, "enough memory for the allocation");
	push(&f, "[ 3952.404936] __vm_enough_memory: pid: 440285, comm: min_free_kbytes, =");
	push(&f, "__vm_enough_memory: pid: 77, comm: min_free_kby");
	push(&f, "__vm_enough_memory: pid: , comm: x,");
	push(&f, "grep -n __vm_enough_memory: /var/log/kern.log");
	finish(&f);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ev[0].kind, EV_COMMIT_LIMIT);
	assert_int_equal(f.ev[0].pid, 10431);
	assert_string_equal(f.ev[0].comm, "min_free_kbytes");
	assert_int_equal(f.ev[1].pid, 513);
	assert_string_equal(f.ev[1].comm, "shmget02");
	assert_int_equal(f.ev[2].pid, 440285);
	assert_true(f.ev[2].requested_bytes == EV_NONE);
	feed_free(&f);
}

/*
 * A header a person cut after its phrase ("X invoked oom-killer", no colon,
 * nothing after it) still names the trigger of the kill that follows; the
 * phrase with words after it, or with no comm before it, opens nothing.
 */
static void test_header_cut_after_phrase(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "[ 2786.519080] mem_on_node0 invoked oom-killer");
	push(&f, "[ 2787.216534] oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=(null),cpuset=test,mems_allowed=0");
	push(&f, "[ 2787.229991] Out of memory: Killed process 13432 (mem_on_node1)");
	push(&f, "Why postgres invoked oom-killer twice today");
	push(&f, "Out of memory: Killed process 2614 (mem_on_node0)");
	push(&f, "invoked oom-killer");
	push(&f, "Out of memory: Killed process 2615 (x)");
	finish(&f);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ev[0].pid, 13432);
	assert_string_equal(f.ev[0].trigger_comm, "mem_on_node0");
	assert_string_equal(f.ev[0].constraint, "CONSTRAINT_CPUSET");
	assert_int_equal(f.ev[1].pid, 2614);
	assert_string_equal(f.ev[1].trigger_comm, "");
	assert_int_equal(f.ev[2].pid, 2615);
	assert_string_equal(f.ev[2].trigger_comm, "");
	feed_free(&f);
}

static void test_alloc_failures(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "kworker/u16:3: page allocation failure: order:4, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0");
	push(&f, "CPU: 2 PID: 8812 Comm: kworker/u16:3 Not tainted 6.1.0 #1");
	push(&f, "Mem-Info:");
	push(&f, "Free swap  = 12kB");
	push(&f, "Total swap = 999420kB");
	push(&f, "swapper: page allocation failure. order:1, mode:0x20");
	push(&f, "Pid: 0, comm: swapper Not tainted 2.6.32-5-amd64 #1");
	push(&f, "__vm_enough_memory: pid: 1234, comm: java, bytes: 1073741824 not enough memory for the allocation");
	push(&f, "modprobe: vmalloc error: size 268435456, page order 2, failed to allocate pages, mode:0xcc2(GFP_KERNEL|__GFP_HIGHMEM), nodemask=(null),cpuset=/,mems_allowed=0");
	/* (6.6's form without the order; its size too is what it got) */
	push(&f, "insmod: vmalloc error: size 0, failed to allocate pages, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0");
	push(&f, "insmod: vmalloc error: size 1073741824, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0");
	/* the page array's form prints the size asked; a paste cut after
	 * "allocate" still reads as the pages-got form */
	push(&f, "insmod: vmalloc error: size 8589934592, failed to allocated page array size 16777216, mode:0xdc0(GFP_KERNEL)");
	push(&f, "kworker/0:1: vmalloc error: size 4096, failed to allocate");
	finish(&f);
	assert_int_equal(f.n, 8);
	assert_int_equal(f.ev[6].requested_bytes, 8589934592);
	assert_int_equal(f.ev[7].requested_bytes, EV_NONE);
	assert_int_equal(f.ev[3].kind, EV_ALLOC_FAILURE);
	assert_string_equal(f.ev[3].comm, "modprobe");
	assert_int_equal(f.ev[3].order, 2);
	/* "failed to allocate pages" prints the pages it got, not the size asked */
	assert_int_equal(f.ev[3].requested_bytes, EV_NONE);
	assert_string_equal(f.ev[3].gfp_mask, "0xcc2");
	assert_int_equal(f.ev[4].kind, EV_ALLOC_FAILURE);
	assert_int_equal(f.ev[4].requested_bytes, EV_NONE);
	assert_int_equal(f.ev[5].kind, EV_ALLOC_FAILURE);
	assert_string_equal(f.ev[5].comm, "insmod");
	assert_int_equal(f.ev[5].requested_bytes, 1073741824);
	assert_int_equal(f.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(f.ev[0].pid, 8812);
	assert_string_equal(f.ev[0].comm, "kworker/u16:3");
	assert_int_equal(f.ev[0].order, 4);
	assert_string_equal(f.ev[0].gfp_mask, "0x40dc0");
	assert_int_equal(f.ev[0].swap_free_kb, 12);
	assert_int_equal(f.ev[0].swap_total_kb, 999420);
	assert_int_equal(f.ev[1].kind, EV_ALLOC_FAILURE);
	assert_int_equal(f.ev[1].pid, 0);
	assert_string_equal(f.ev[1].comm, "swapper");
	assert_int_equal(f.ev[1].order, 1);
	assert_string_equal(f.ev[1].gfp_mask, "0x20");
	assert_int_equal(f.ev[2].kind, EV_COMMIT_LIMIT);
	assert_int_equal(f.ev[2].pid, 1234);
	assert_string_equal(f.ev[2].comm, "java");
	assert_int_equal(f.ev[2].requested_bytes, 1073741824);
	feed_free(&f);
}

/* Two hosts' reports interleaved line by line stay apart. */
static void test_interleaved_hosts(void **state)
{
	static const char *const b[] = {
		"ruby invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
		"CPU: 1 PID: 7781 Comm: ruby Not tainted 5.10.0 #1",
		"Mem-Info:",
		"Free swap  = 0kB",
		"Total swap = 0kB",
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/puma.service,task=ruby,pid=7781,uid=1001",
		"Out of memory: Killed process 7781 (ruby) total-vm:2449320kB, anon-rss:1764804kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:3732kB oom_score_adj:0",
		NULL
	};
	struct feed f;
	int ia = 0, ib = 0, i, a_at = -1, b_at = -1;

	(void)state;
	feed_init(&f);
	while (report_510_memcg[ia] || b[ib]) {
		if (report_510_memcg[ia]) {
			f.host = "web-a";
			push(&f, report_510_memcg[ia++]);
		}
		if (b[ib]) {
			f.host = "web-b";
			push(&f, b[ib++]);
		}
	}
	finish(&f);
	assert_int_equal(f.n, 2);
	for (i = 0; i < 2; i++) {
		if (strcmp(f.ev[i].host, "web-a") == 0)
			a_at = i;
		else if (strcmp(f.ev[i].host, "web-b") == 0)
			b_at = i;
	}
	assert_true(a_at >= 0 && b_at >= 0);
	assert_true(f.ev[0].line < f.ev[1].line);
	assert_int_equal(f.ev[a_at].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[a_at].pid, 23793);
	assert_int_equal(f.ev[a_at].trigger_pid, 23790);
	assert_int_equal(f.ev[a_at].memcg_limit_kb, 524288);
	assert_int_equal(f.ev[a_at].swap_total_kb, EV_NONE);
	assert_int_equal(f.ev[a_at].reaped, 1);
	assert_int_equal(f.ev[b_at].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[b_at].pid, 7781);
	assert_int_equal(f.ev[b_at].trigger_pid, 7781);
	assert_string_equal(f.ev[b_at].trigger_comm, "ruby");
	assert_int_equal(f.ev[b_at].memcg_limit_kb, EV_NONE);
	assert_int_equal(f.ev[b_at].swap_total_kb, 0);
	assert_string_equal(f.ev[b_at].task_memcg, "/system.slice/puma.service");
	feed_free(&f);
}

/* More hosts than the table holds: the least recently used are evicted and
 * counted, their held kills still come out, nothing crashes. */
static void test_host_table_eviction(void **state)
{
	struct feed f;
	char host[32], line[256];
	int i, n_hosts = 700;

	(void)state;
	feed_init(&f);
	for (i = 0; i < n_hosts; i++) {
		snprintf(host, sizeof(host), "host-%04d", i);
		f.host = host;
		snprintf(line, sizeof(line),
			 "Out of memory: Killed process %d (w%d) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
			 1000 + i, i);
		push(&f, line);
	}
	/* Open reports (headers only) on further hosts: evicting them makes
	 * incomplete notes, not events. */
	for (i = 0; i < 300; i++) {
		snprintf(host, sizeof(host), "open-%04d", i);
		f.host = host;
		push(&f, "x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	}
	finish(&f);
	assert_true(kern_asm_hosts_evicted(f.k) >= (uint64_t)(n_hosts + 300 - 256));
	assert_int_equal(f.n, n_hosts);
	for (i = 0; i < n_hosts; i++) {
		snprintf(host, sizeof(host), "host-%04d", i);
		assert_int_equal(f.ev[i].pid, 1000 + i);
		assert_string_equal(f.ev[i].host, host);
	}
	assert_int_equal(f.n_notes, 300);
	feed_free(&f);
}

/* Flushing closes every host at once: the held kills of many hosts and
 * their open reports all come out, none is lost to a queue cap. */
static void test_flush_many_hosts(void **state)
{
	struct feed f;
	char host[32], line[256];
	int i, n_hosts = 250;

	(void)state;
	feed_init(&f);
	for (i = 0; i < n_hosts; i++) {
		snprintf(host, sizeof(host), "node-%03d", i);
		f.host = host;
		snprintf(line, sizeof(line),
			 "Out of memory: Killed process %d (w) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
			 100 + i);
		push(&f, line);
		/* A summary whose kill record never came, and an open report. */
		snprintf(line, sizeof(line),
			 "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),global_oom,task_memcg=/,task=v,pid=%d,uid=0",
			 5000 + i);
		push(&f, line);
	}
	assert_int_equal(f.n, 0); /* all held: each may still get its reaper line */
	finish(&f);
	assert_int_equal(f.n, 2 * n_hosts);
	for (i = 0; i < f.n - 1; i++)
		assert_true(f.ev[i].line < f.ev[i + 1].line);

	/* Open reports only: one incomplete note each. */
	feed_free(&f);
	feed_init(&f);
	for (i = 0; i < n_hosts; i++) {
		snprintf(host, sizeof(host), "node-%03d", i);
		f.host = host;
		push(&f, "x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	}
	finish(&f);
	assert_int_equal(f.n, 0);
	assert_int_equal(f.n_notes, n_hosts);
	feed_free(&f);
}

/* A host name longer than the event field is cut, not overrun. */
static void test_long_host(void **state)
{
	struct feed f;
	char host[300];

	(void)state;
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	feed_init(&f);
	f.host = host;
	push(&f, "Out of memory: Killed process 1 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_true(strlen(f.ev[0].host) < sizeof(f.ev[0].host));
	assert_int_equal(strncmp(f.ev[0].host, host, strlen(f.ev[0].host)), 0);
	feed_free(&f);
}

/*
 * Hosts whose names differ in one byte stay apart, for every name length
 * the table keeps and every byte: a reaper line on the second host does
 * not fold into the first one's kill (it stands alone), whether the second
 * host is found as the line before's host or through the hash.
 */
static void test_hosts_one_byte_apart(void **state)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789.-";
	uint64_t seed = 11;
	char a[64], b[64], line[256];
	size_t len, pos, i;
	struct feed f;

	(void)state;
	for (len = 1; len < sizeof(a); len++) {
		feed_init(&f);
		for (pos = 0; pos < len; pos++) {
			for (i = 0; i < len; i++)
				a[i] = alpha[th_rand64(&seed) % (sizeof(alpha) - 1)];
			a[len] = '\0';
			memcpy(b, a, len + 1);
			b[pos] = a[pos] == 'x' ? 'y' : 'x';
			f.host = a;
			snprintf(line, sizeof(line),
				 "Out of memory: Killed process %zu (w) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
				 1000 + pos);
			push(&f, line);
			f.host = b;
			snprintf(line, sizeof(line),
				 "oom_reaper: reaped process %zu (w), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
				 1000 + pos);
			push(&f, line);
		}
		finish(&f);
		assert_int_equal(count_kind(&f, EV_OOM_REAP), (int)len);
		assert_int_equal(count_kind(&f, EV_OOM_KILL), (int)len);
		for (i = 0; i < (size_t)f.n; i++)
			assert_true(f.ev[i].kind == EV_OOM_REAP || f.ev[i].reaped == 0);
		feed_free(&f);
	}
}

/* Every prefix of every line of a report, pushed flush against the guard
 * page, then the whole line: nothing reads past the end, and the report
 * still comes out whole at the end. */
static void test_every_cut(void **state)
{
	static const char *const extra[] = {
		"mysqld invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0",
		"Pid: 2874, comm: mysqld Not tainted 2.6.32-642.6.2.el6.x86_64 #1",
		"Task in /kubepods/burstable/podx/abc killed as a result of limit of /kubepods/burstable/podx",
		"Memory limit reached of cgroup /a",
		"memory: usage 2097152kB, limit 2097152kB, failcnt 4631",
		"Out of memory: Kill process 2874 (mysqld) score 940 or sacrifice child",
		"Killed process 2874, UID 27, (mysqld) total-vm:3016944kB, anon-rss:1923988kB, file-rss:92kB",
		"Killed process 2198 (mysqld) vsz:1805456kB, anon-rss:1512340kB, file-rss:88kB",
		"Killed process 18203 (python3), UID 1000, total-vm:7649760kB, anon-rss:7384044kB, file-rss:0kB, shmem-rss:0kB",
		"CPU: 10 UID: 1000 PID: 20957 Comm: systemd Not tainted 6.13.0 #1",
		"zfs: vmalloc: allocation failure, allocated 1048576 of 4194304 bytes, mode:0x6000c0(GFP_KERNEL), nodemask=(null)",
		"modprobe: vmalloc error: size 268435456, page order 0, failed to allocate pages, mode:0xcc2(GFP_KERNEL|__GFP_HIGHMEM)",
		"kworker/u16:2: vmemmap alloc failure: order:9, mode:0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL)",
		"__vm_enough_memory: pid: 1234, comm: java, bytes: 1073741824 not enough memory for the allocation",
		"Free swap  = 0kB",
		"Total swap = 0kB",
		"Out of memory and no killable processes...",
		"Memory cgroup out of memory: OOM victim 81022 (gunicorn) is already exiting. Skip killing the task",
		"Kernel panic - not syncing: System is deadlocked on memory",
		NULL
	};
	const char *const *sets[] = { report_510_memcg, extra };
	struct feed f;
	size_t s, i, cut;
	int found = 0;

	(void)state;
	feed_init(&f);
	for (s = 0; s < 2; s++) {
		for (i = 0; sets[s][i]; i++) {
			const char *line = sets[s][i];
			size_t n = strlen(line);
			struct line_meta m;

			for (cut = 0; cut <= n; cut++) {
				const char *p = flush_copy(line, cut);

				meta_for(&m, "", p, cut, INT64_MIN);
				kern_asm_push(f.k, "test", ++f.line, &m);
				drain(&f);
				if (f.n > MAXEV - 8)
					f.n = 0; /* keep room; only the last report is checked */
			}
		}
	}
	finish(&f);
	feed_free(&f);

	/* The same report, each line whole and flush against the guard page. */
	feed_init(&f);
	for (i = 0; report_510_memcg[i]; i++) {
		size_t n = strlen(report_510_memcg[i]);
		struct line_meta m;

		meta_for(&m, "", flush_copy(report_510_memcg[i], n), n, INT64_MIN);
		kern_asm_push(f.k, "test", ++f.line, &m);
		drain(&f);
	}
	finish(&f);
	for (i = 0; i < (size_t)f.n; i++)
		found += f.ev[i].pid == 23793 && f.ev[i].reaped && f.ev[i].memcg_limit_kb == 524288;
	assert_int_equal(found, 1);
	feed_free(&f);
}

/* ---- the shape table ---- */

/* The value of one expect key in an event, printed as the table writes it
 * ("null" for an absent number). Returns 0, or -1 for an unknown key. */
static int event_field(const struct oom_event *e, const char *key, char *buf, size_t n)
{
	static const struct {
		const char *key;
		size_t off;
	} nums[] = {
		{ "pid", offsetof(struct oom_event, pid) },
		{ "uid", offsetof(struct oom_event, uid) },
		{ "trigger_pid", offsetof(struct oom_event, trigger_pid) },
		{ "order", offsetof(struct oom_event, order) },
		{ "total_vm_kb", offsetof(struct oom_event, total_vm_kb) },
		{ "anon_rss_kb", offsetof(struct oom_event, anon_rss_kb) },
		{ "file_rss_kb", offsetof(struct oom_event, file_rss_kb) },
		{ "shmem_rss_kb", offsetof(struct oom_event, shmem_rss_kb) },
		{ "pgtables_kb", offsetof(struct oom_event, pgtables_kb) },
		{ "oom_score_adj", offsetof(struct oom_event, oom_score_adj) },
		{ "score", offsetof(struct oom_event, score) },
		{ "swap_total_kb", offsetof(struct oom_event, swap_total_kb) },
		{ "swap_free_kb", offsetof(struct oom_event, swap_free_kb) },
		{ "memcg_usage_kb", offsetof(struct oom_event, memcg_usage_kb) },
		{ "memcg_limit_kb", offsetof(struct oom_event, memcg_limit_kb) },
		{ "requested_bytes", offsetof(struct oom_event, requested_bytes) },
	};
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (strcmp(key, nums[i].key) == 0) {
			int64_t v;

			memcpy(&v, (const char *)e + nums[i].off, sizeof(v));
			if (v == INT64_MIN)
				snprintf(buf, n, "null");
			else
				snprintf(buf, n, "%lld", (long long)v);
			return 0;
		}
	if (strcmp(key, "kind") == 0)
		snprintf(buf, n, "%s", event_kind_name(e->kind));
	else if (strcmp(key, "comm") == 0)
		snprintf(buf, n, "%s", e->comm);
	else if (strcmp(key, "trigger_comm") == 0)
		snprintf(buf, n, "%s", e->trigger_comm);
	else if (strcmp(key, "gfp_mask") == 0)
		snprintf(buf, n, "%s", e->gfp_mask);
	else if (strcmp(key, "constraint") == 0)
		snprintf(buf, n, "%s", e->constraint);
	else if (strcmp(key, "oom_memcg") == 0)
		snprintf(buf, n, "%s", e->oom_memcg);
	else if (strcmp(key, "task_memcg") == 0)
		snprintf(buf, n, "%s", e->task_memcg);
	else if (strcmp(key, "reaped") == 0)
		snprintf(buf, n, "%d", e->reaped);
	else
		return -1;
	return 0;
}

/* Checks an event against "k=v;k=v". */
static void check_expect(const char *row, const char *wrap, const struct oom_event *e, const char *expect)
{
	char spec[512], got[4096], *save = NULL, *kv;

	snprintf(spec, sizeof(spec), "%s", expect);
	for (kv = strtok_r(spec, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(kv, '=');

		if (!eq)
			fail_msg("row %s: bad expect item '%s'", row, kv);
		*eq = '\0';
		if (event_field(e, kv, got, sizeof(got)) < 0)
			fail_msg("row %s: unknown expect key '%s'", row, kv);
		if (strcmp(got, eq + 1) != 0)
			fail_msg("row %s%s: %s is '%s', want '%s'", row, wrap, kv, got, eq + 1);
	}
}

static void assert_ledger(const struct feed *f);

/* The anchors the ledger counted in a feed. */
static uint64_t ledger_anchors(const struct feed *f)
{
	uint64_t anchors, folded;

	kern_asm_ledger(f->k, &anchors, &folded);
	return anchors;
}

/* Pushes one row's example in its context, optionally behind a prefix. */
static void run_row(const struct kern_shape *s, const char *wrap, const char *const *pre)
{
	static const char *const before[] = {
		[KX_NONE] = NULL,
		[KX_REPORT] = "Out of memory: Kill process 1 (ctx) score 1 or sacrifice child",
		[KX_ALLOC] = "ctx: page allocation failure: order:0, mode:0x0",
		[KX_SELECT] = "Out of memory: Kill process 1 (ctx) score 1 or sacrifice child",
		[KX_KILL] = "Out of memory: Killed process 1 (ctx)",
		[KX_HEADER] = "ctx invoked oom-killer: ",
		[KX_ALLOC_CUT] = "ctx: page allocation failure: order:0,",
		[KX_HEADER_ORDER] = "ctx invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO),",
		[KX_SUMMARY_HEAD] = "oom-kill:",
		[KX_SUMMARY_MID] = "oom-kill:constraint=CONSTRAINT_NONE, nodemask=(null), cpuset=/, mems_allowed=0,",
		[KX_SUMMARY_TASK] = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
				    "global_oom,task_memcg=/user.slice/user-1000.slice/session-11.scope,",
		[KX_SUMMARY_OOM] = "oom-kill:constraint=CONSTRAINT_MEMCG,",
		[KX_SUMMARY_CUT] = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
				   "global_oom,",
		[KX_SUMMARY_PATH] = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
				    "global_oom,task_memcg=/system.slice/mysql.ser",
	};
	char line[1024];
	struct feed f, ctx;

	snprintf(line, sizeof(line), "%s%s", wrap, s->example);
	feed_init(&f);
	feed_init(&ctx);
	if (pre) {
		push_all(&f, pre);
		push_all(&ctx, pre);
	}
	if (before[s->ctx]) {
		push(&f, before[s->ctx]);
		push(&ctx, before[s->ctx]);
	}
	if (push(&f, line) != KERN_CONSUMED)
		fail_msg("row %s%s: example not taken", s->name, wrap);
	if (s->ctx == KX_REPORT || s->ctx == KX_HEADER || s->ctx == KX_HEADER_ORDER) {
		push(&f, "Killed process 1 (ctx)");
		push(&ctx, "Killed process 1 (ctx)");
	}
	finish(&f);
	finish(&ctx);
	/* The ledger balances, and the example is one anchor more than its
	 * context alone exactly when its row's role is an anchor role. */
	assert_ledger(&f);
	if (ledger_anchors(&f) != ledger_anchors(&ctx) + kern_role_anchor[s->role])
		fail_msg("row %s%s: %d anchors, context alone %d, role anchor %d", s->name, wrap,
			 (int)ledger_anchors(&f), (int)ledger_anchors(&ctx), kern_role_anchor[s->role]);
	feed_free(&ctx);
	if (strcmp(s->expect, "none") == 0) {
		if (f.n != 0)
			fail_msg("row %s%s: %d events, want none", s->name, wrap, f.n);
	} else {
		if (f.n != 1)
			fail_msg("row %s%s: %d events, want 1", s->name, wrap, f.n);
		check_expect(s->name, wrap, &f.ev[0], s->expect);
	}
	feed_free(&f);
}

/* 1 if hay holds needle, ignoring ASCII case. */
static int has_ci(const char *hay, const char *needle)
{
	return span_find_ci(span_from_cstr(hay), needle, strlen(needle)) >= 0;
}

/*
 * Every row: its example holds its anchor and passes the scanner's
 * prefilter (unless the row says it has none), a start row's example passes
 * kern_may_start, and the example gives the row's event, plain and behind
 * wrappings people paste (indented, quoted, dmesg -H, an unknown prefix).
 */
static void test_shape_table(void **state)
{
	static const char *const wraps[] = {
		"", "    ", "\t", "> > ", "[  +0.006766] ", "[Dec 3 03:34] ", "<6>",
		"  > [ 1234.567890] mybox kernel: ", "kernel: ", "| ",
	};
	struct prefilter *pf = prefilter_oom_new();
	size_t i, w;
	int starts = 0;

	(void)state;
	assert_non_null(pf);
	assert_true(kern_nshapes > 40);
	for (i = 0; i < kern_nshapes; i++) {
		const struct kern_shape *s = &kern_shapes[i];
		struct span ex = span_from_cstr(s->example);

		if (!(s->flags & KS_NOANCHOR)) {
			if (!has_ci(s->example, s->anchor))
				fail_msg("row %s: example lacks its anchor '%s'", s->name, s->anchor);
			if (!prefilter_any(pf, ex))
				fail_msg("row %s: example does not pass the scanner's prefilter", s->name);
		}
		if (s->flags & KS_START) {
			size_t an = strlen(s->anchor);

			assert_true(an >= 2 && an <= PREFILTER_MAX_LEN);
			if (!kern_may_start(ex))
				fail_msg("row %s: example does not pass kern_may_start", s->name);
			starts++;
		}
		if (!strstr(s->example, s->phrase))
			fail_msg("row %s: example lacks its phrase", s->name);
		for (w = 0; w < sizeof(wraps) / sizeof(wraps[0]); w++)
			run_row(s, wraps[w], NULL);
	}
	assert_true(starts > 20);
	prefilter_free(pf);
}

/* Lines that name OOM words but no row's phrase (what a quiet log holds
 * between reports): the assembler's one pass rules them out. */
static const char *const decoys[] = {
	"process 'postgres' (pid 21378) has oom_score_adj of 1000",
	"oom_score_adj for pid 4242 set to -1000 by systemd",
	"Memory cgroup stats for /kubepods/pod07682d7d: (null)",
	"cgroup: fork rejected by pids controller in /system.slice/cron.service",
	"oom_reaper reaped nothing; Killed processes: none",
	"[  pid  ]",
	NULL,
};

/*
 * The one pass over a line (kern_classify) reads its byte pairs at even
 * offsets: every row's example, after decoys and shifted by one to four
 * bytes (its phrase at either parity, and at the line's very end), still
 * gives the row's event; and no decoy is taken outside a report.
 */
static void test_pass_finds_every_phrase(void **state)
{
	static const char *const shifts[] = { " ", "  ", "   ", "    " };
	const char *const *d;
	struct feed f;
	size_t i, w;

	(void)state;
	for (i = 0; i < kern_nshapes; i++)
		for (w = 0; w < sizeof(shifts) / sizeof(shifts[0]); w++)
			run_row(&kern_shapes[i], shifts[w], decoys);
	feed_init(&f);
	for (d = decoys; *d; d++)
		assert_int_equal(push(&f, *d), KERN_NONE);
	/* A phrase flush at the line's end, at both parities. */
	assert_int_equal(push(&f, "x Free swap"), KERN_NONE);
	assert_int_equal(push(&f, "SysRq : Manual OOM"), KERN_CONSUMED);
	assert_int_equal(push(&f, " SysRq : Manual OOM"), KERN_CONSUMED);
	assert_int_equal(push(&f, "Huh VM_FAULT_OOM"), KERN_CONSUMED);
	assert_int_equal(push(&f, "_Huh VM_FAULT_OOM"), KERN_NONE); /* not at a word boundary */
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

/* Pushes n bytes (NULs allowed) as one message line and drains. */
static void push_n(struct feed *f, const char *msg, size_t n)
{
	struct line_meta m;

	meta_for(&m, f->host, msg, n, f->uptime);
	kern_asm_push(f->k, "test", ++f->line, &m);
	drain(f);
}

/*
 * An incomplete report's note quotes its header (or selection line) cut to
 * the note's 200 bytes exactly as two escaping copies of the whole line
 * would: a NUL, a UTF-8 sequence across the cut, and lines one byte either
 * side of it.
 */
static void test_note_quotes_long_lines(void **state)
{
	static const char *const heads[] = { " invoked oom-killer: gfp_mask=0xcc0, order=0 ",
					     ": Kill process 77 (x) score 900 or sacrifice child " };
	size_t h, len, at;

	(void)state;
	for (h = 0; h < 2; h++)
		for (len = 190; len <= 260; len += 1)
			for (at = 0; at < 6; at++) {
				char line[300], once[200], want[200];
				struct feed f;
				size_t hn = strlen(heads[h]), i;

				for (i = 0; i < len; i++)
					line[i] = (char)('a' + i % 26);
				memcpy(line + 20, heads[h], hn);
				if (h == 1)
					memcpy(line + 20 - 12, "Out of memory", 13);
				/* A NUL (two bytes escaped) in half the lines, and "é"
				 * (C3 A9) standing across the cut when at says so. */
				if (at % 2)
					line[60 + at] = '\0';
				line[196 + at / 2] = (char)0xC3;
				line[197 + at / 2] = (char)0xA9;
				feed_init(&f);
				push_n(&f, line, len);
				push(&f, "Out of memory and no killable processes...");
				finish(&f);
				span_copy(once, sizeof(once), span_make(line, len));
				span_copy(want, sizeof(want), span_make(once, strlen(once)));
				if (f.n_notes < 1 || strcmp(f.notes[0].text, want) != 0)
					fail_msg("head %zu len %zu at %zu: note '%s', want '%s'", h, len, at,
						 f.n_notes ? f.notes[0].text : "(none)", want);
				feed_free(&f);
			}
}

/*
 * kern_may_start finds the start anchors in the assembler's own pass: it
 * answers as a prefilter of the KS_START rows' anchors does, for every
 * anchor in any case at every offset, cut short by one byte, and in
 * random text around it.
 */
static void test_may_start_is_the_anchor_prefilter(void **state)
{
	const char *anchors[PREFILTER_MAX_NEEDLES];
	struct prefilter *ref;
	uint64_t seed = 12;
	char buf[96];
	int n = 0, a, j, trial;
	size_t i;

	(void)state;
	for (i = 0; i < kern_nshapes; i++)
		if (kern_shapes[i].flags & KS_START) {
			for (j = 0; j < n; j++)
				if (strcmp(anchors[j], kern_shapes[i].anchor) == 0)
					break;
			if (j == n) {
				assert_true(n < PREFILTER_MAX_NEEDLES);
				anchors[n++] = kern_shapes[i].anchor;
			}
		}
	ref = prefilter_new(anchors, n);
	assert_non_null(ref);
	for (trial = 0; trial < 20000; trial++) {
		size_t len = th_rand64(&seed) % 40, at, an;

		/* Filler from bytes anchors are made of, so near misses abound. */
		for (i = 0; i < len; i++)
			buf[i] = "oOmMiIlLeEdD pPrRcCsS-_:vVkKfFaAuUtTgGnN"[th_rand64(&seed) % 40];
		a = (int)(th_rand64(&seed) % (uint64_t)n);
		an = strlen(anchors[a]) - (trial % 3 == 0); /* every third one cut short */
		at = len ? th_rand64(&seed) % (len + 1) : 0;
		if (trial % 2 == 0 && len + an < sizeof(buf)) {
			memmove(buf + at + an, buf + at, len - at);
			for (i = 0; i < an; i++) {
				char c = anchors[a][i];

				buf[at + i] = (th_rand64(&seed) & 1) && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
			}
			len += an;
		}
		if (kern_may_start(span_make(buf, len)) != prefilter_any(ref, span_make(buf, len)))
			fail_msg("kern_may_start and the anchor prefilter differ on '%.*s'", (int)len, buf);
	}
	prefilter_free(ref);
}

/* Offset of the first lit in s (ASCII case ignored when ci), or -1: the
 * plain search the pass is checked against. */
static long plain_find(const char *s, size_t n, const char *lit, size_t litn, int ci)
{
	size_t i, j;

	for (i = 0; i + litn <= n; i++) {
		for (j = 0; j < litn; j++) {
			char a = s[i + j], b = lit[j];

			if (ci) {
				a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
				b = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			}
			if (a != b)
				break;
		}
		if (j == litn)
			return (long)i;
	}
	return -1;
}

/* 1 when lit stands in s[0, n) glued to the text before it: after a ')'
 * or a word byte (where the assembler splits glued messages). */
static int plain_glued(const char *s, size_t n, const char *lit, size_t litn)
{
	size_t i;
	long at;

	for (i = 1; i < n && (at = plain_find(s + i, n - i, lit, litn, 0)) >= 0; i += (size_t)at + 1) {
		unsigned char b = (unsigned char)s[i + (size_t)at - 1];

		if (b == ')' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
		    b == '_')
			return 1;
	}
	return 0;
}

/* The text before a KS_GLUE row's phrase in its example (the phrase when
 * the example starts with it): where a glued second message starts. */
static struct span glue_lead(const struct kern_shape *s)
{
	const char *at = strstr(s->example, s->phrase);

	assert_non_null(at);
	return at == s->example ? span_from_cstr(s->phrase) : span_make(s->example, (size_t)(at - s->example));
}

/* Appends a random piece to line: a row's phrase, anchor or glue lead-in,
 * sometimes with a letter's case flipped or a byte cut off either end, or
 * noise made of bytes the table's texts hold. */
static size_t random_piece(char *line, size_t len, size_t cap, uint64_t *seed)
{
	const struct kern_shape *s = &kern_shapes[th_rand64(seed) % kern_nshapes];
	/* with bytes that the anchors' case fold (bit 0x20) turns into others
	 * ('@' to '`', '[' to '{', 0xc1 to 0xe1) */
	static const char noise[] = "oOmM-_:]) [pPrRcCsSeEkKiIlLdD0x@`{\xc1\xe1";
	struct span t;
	size_t i, n;
	char buf[128];

	switch (th_rand64(seed) % 4) {
	case 0:
		t = span_from_cstr(s->phrase);
		break;
	case 1:
		t = span_from_cstr(s->anchor);
		break;
	case 2:
		t = s->flags & KS_GLUE ? glue_lead(s) : span_from_cstr(s->phrase);
		break;
	default:
		n = th_rand64(seed) % 7;
		for (i = 0; i < n; i++)
			buf[i] = noise[th_rand64(seed) % (sizeof(noise) - 1)];
		t = span_make(buf, n);
		break;
	}
	if (t.p != buf) {
		n = t.n < sizeof(buf) ? t.n : sizeof(buf);
		memcpy(buf, t.p, n);
		t = span_make(buf, n);
		if (t.n && th_rand64(seed) % 4 == 0) {
			i = th_rand64(seed) % t.n;
			if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z'))
				buf[i] ^= 0x20;
		}
		if (t.n > 1 && th_rand64(seed) % 5 == 0)
			t.n--;
		if (t.n > 1 && th_rand64(seed) % 8 == 0)
			t = span_skip(t, 1);
	}
	if (len + t.n > cap)
		return len;
	memcpy(line + len, t.p, t.n);
	return len + t.n;
}

/* A line of 1 to max_pieces random pieces in an allocation of its own
 * (a read past its end is one the sanitizers see); *len: its length. */
static char *random_line(uint64_t *seed, unsigned max_pieces, size_t *len)
{
	char line[256], *copy;
	size_t pieces = 1 + th_rand64(seed) % max_pieces, j;

	*len = 0;
	for (j = 0; j < pieces; j++)
		*len = random_piece(line, *len, sizeof(line), seed);
	copy = malloc(*len ? *len : 1);
	assert_non_null(copy);
	memcpy(copy, line, *len);
	return copy;
}

/*
 * The assembler's one pass (kern_classify) against a plain search on random
 * lines built from the table's phrases, anchors and glue lead-ins with case
 * flips, cut ends and noise around them: for every dispatch step the first
 * offset of its needle (the phrase without its lead space), whether a glue
 * lead-in is there glued to the text before it, and whether a start anchor
 * in any case. The line is an
 * exact-size copy, so a read past its end is caught under ASan.
 */
static void test_pass_matches_plain_search(void **state)
{
	struct kern_probe pr;
	uint64_t seed = 77;
	size_t j;
	int trial, i, found = 0;

	(void)state;
	for (trial = 0; trial < 40000; trial++) {
		int want_glue = 0, want_strong = 0;
		size_t len;
		char *copy = random_line(&seed, 5, &len);

		kern_pass_probe(span_make(copy, len), &pr);
		assert_true(pr.n_steps > 20);
		for (i = 0; i < pr.n_steps; i++) {
			const char *ph = pr.row[i]->phrase;
			size_t n = strlen(ph), lead = n > 2 && ph[0] == ' ';
			long want = n - lead < 3 ? KERN_PROBE_SHORT : plain_find(copy, len, ph + lead, n - lead, 0);

			if (pr.at[i] != want)
				fail_msg("step %d (%s) in '%.*s': pass says %ld, search %ld", i, pr.row[i]->name,
					 (int)len, copy, pr.at[i], want);
			found += want >= 0;
		}
		for (j = 0; j < kern_nshapes; j++) {
			const struct kern_shape *s = &kern_shapes[j];
			size_t an = strlen(s->anchor) < PREFILTER_MAX_LEN ? strlen(s->anchor) : PREFILTER_MAX_LEN;

			if (s->flags & KS_GLUE) {
				struct span g = glue_lead(s);

				want_glue |= plain_glued(copy, len, g.p, g.n);
			}
			if (s->flags & KS_START)
				want_strong |= plain_find(copy, len, s->anchor, an, 1) >= 0;
		}
		if (pr.glue != want_glue || pr.strong != want_strong)
			fail_msg("'%.*s': pass says glue %d strong %d, search %d %d", (int)len, copy, pr.glue,
				 pr.strong, want_glue, want_strong);
		free(copy);
	}
	/* The lines hold phrases often enough for the offsets to be tested. */
	assert_true(found > 10000);
}

/* Fails unless the two passes over msg agree in every field. */
static void probe_same(const struct kern_probe *got, const struct kern_probe *want, const char *msg, size_t n)
{
	int i;

	assert_int_equal(got->n_steps, want->n_steps);
	for (i = 0; i < want->n_steps; i++)
		if (got->at[i] != want->at[i] || got->row[i] != want->row[i])
			fail_msg("step %d (%s) in '%.*s': memo says %ld, pass %ld", i, want->row[i]->name, (int)n,
				 msg, got->at[i], want->at[i]);
	if (got->glue != want->glue || got->strong != want->strong)
		fail_msg("'%.*s': memo says glue %d strong %d, pass %d %d", (int)n, msg, got->glue, got->strong,
			 want->glue, want->strong);
}

/*
 * The assembler's memo of passes (kern_asm_pass_probe) gives the pass made
 * anew (kern_pass_probe) in every field, whether it makes the pass or
 * takes it from the memo: random lines built as for the plain search, each
 * asked twice (the second time from the memo when it is kept), and each
 * an exact-size copy, so a read past its end is caught under ASan. Then
 * messages that share a memo slot (the same length and first and last
 * eight bytes) are told apart by their bytes, and the slot keeps the
 * newest.
 */
/* Two messages of one memo slot (the same length, first and last bytes). */
static const char memo_a[] = "12345678 Free swap  = 0kB 87654321";
static const char memo_b[] = "12345678 Free swAp  = 0kB 87654321";

static void test_pass_memo_matches_pass(void **state)
{
	const char *a = memo_a, *b = memo_b;
	struct kern_asm *k = kern_asm_new();
	struct kern_probe want, got;
	uint64_t seed = 78;
	int trial, kept = 0, free_swap = -1, i;

	(void)state;
	assert_non_null(k);
	for (trial = 0; trial < 20000; trial++) {
		size_t len;
		char *copy = random_line(&seed, 4, &len);

		kern_pass_probe(span_make(copy, len), &want);
		kern_asm_pass_probe(k, span_make(copy, len), &got);
		probe_same(&got, &want, copy, len);
		kept += kern_asm_pass_probe(k, span_make(copy, len), &got);
		probe_same(&got, &want, copy, len);
		free(copy);
	}
	/* Most lines fit the memo and were taken from it the second time. */
	assert_true(kept > 10000);

	for (i = 0; i < want.n_steps; i++)
		if (strcmp(want.row[i]->phrase, "Free swap ") == 0)
			free_swap = i;
	assert_true(free_swap >= 0);
	assert_int_equal(kern_asm_pass_probe(k, span_make(a, strlen(a)), &got), 0);
	assert_int_equal(got.at[free_swap], 9);
	assert_int_equal(kern_asm_pass_probe(k, span_make(a, strlen(a)), &got), 1);
	assert_int_equal(got.at[free_swap], 9);
	/* b shares a's slot but not its bytes: its own pass, then kept */
	assert_int_equal(kern_asm_pass_probe(k, span_make(b, strlen(b)), &got), 0);
	assert_int_equal(got.at[free_swap], -1);
	kern_pass_probe(span_make(b, strlen(b)), &want);
	probe_same(&got, &want, b, strlen(b));
	assert_int_equal(kern_asm_pass_probe(k, span_make(b, strlen(b)), &got), 1);
	assert_int_equal(got.at[free_swap], -1);
	assert_int_equal(kern_asm_pass_probe(k, span_make(a, strlen(a)), &got), 0);
	assert_int_equal(got.at[free_swap], 9);
	kern_asm_free(k);
}

/* Two passes made ahead are the same pass, on the same span. */
static void pre_same(const struct kern_pre *got, const struct kern_pre *want)
{
	int i;

	assert_ptr_equal(got->p, want->p);
	assert_int_equal(got->n, want->n);
	assert_int_equal(got->ok, want->ok);
	if (!want->ok)
		return;
	assert_memory_equal(got->step, want->step, sizeof(want->step));
	assert_int_equal(got->strong, want->strong);
	assert_int_equal(got->glue, want->glue);
	assert_int_equal(got->n_at, want->n_at);
	for (i = 0; i < want->n_at; i++) {
		assert_int_equal(got->at_step[i], want->at_step[i]);
		assert_int_equal(got->at[i], want->at[i]);
	}
}

/*
 * The reader thread's passes made ahead through a memo (kern_pre_make with
 * one) are the passes made without: on random lines each made twice (the
 * second from the memo, on another copy of the bytes: the span is the
 * new one's), and on two messages that share a slot.
 */
static void test_pre_make_memo_matches(void **state)
{
	struct kern_memo *memo = kern_memo_new();
	struct kern_pre want, got;
	uint64_t seed = 91;
	int trial, k;

	(void)state;
	assert_non_null(memo);
	for (trial = 0; trial < 20000; trial++) {
		size_t len;
		char *line = random_line(&seed, 4, &len);

		for (k = 0; k < 2; k++) {
			char *copy = malloc(len ? len : 1);

			assert_non_null(copy);
			memcpy(copy, line, len);
			kern_pre_make(NULL, span_make(copy, len), &want);
			memset(&got, 0x5a, sizeof(got));
			kern_pre_make(memo, span_make(copy, len), &got);
			pre_same(&got, &want);
			free(copy);
		}
		free(line);
	}
	for (k = 0; k < 4; k++) {
		const char *t = k % 2 ? memo_b : memo_a;

		kern_pre_make(NULL, span_make(t, strlen(t)), &want);
		kern_pre_make(memo, span_make(t, strlen(t)), &got);
		pre_same(&got, &want);
	}
	kern_memo_free(memo);
}

/*
 * span_take_i64 (every number of a kill record goes through it) answers as
 * strtoll does on decimal text: the value, or a refusal when it does not
 * fit int64, at the boundary and on random digit runs of every length.
 */
static void test_take_i64_matches_strtoll(void **state)
{
	static const char *const edge[] = { "9223372036854775807", "9223372036854775808",
					    "9223372036854775810", "9223372036854775799",
					    "-9223372036854775807", "-9223372036854775808",
					    "922337203685477580", "92233720368547758070", "0", "-0", "+5" };
	uint64_t seed = 5;
	char buf[32];
	size_t i;
	int trial;

	(void)state;
	for (trial = 0; trial < 20000 + (int)(sizeof(edge) / sizeof(edge[0])); trial++) {
		struct span s;
		int64_t v = 0;
		long long want;
		char *end;
		int rc;

		if (trial < (int)(sizeof(edge) / sizeof(edge[0]))) {
			snprintf(buf, sizeof(buf), "%s", edge[trial]);
		} else {
			size_t n = 1 + th_rand64(&seed) % 21;

			for (i = 0; i < n; i++)
				buf[i] = (char)('0' + th_rand64(&seed) % 10);
			buf[0] = trial % 3 == 0 ? '-' : buf[0];
			buf[n] = '\0';
		}
		s = span_from_cstr(buf);
		rc = span_take_i64(&s, &v);
		errno = 0;
		want = strtoll(buf, &end, 10);
		if (end == buf || errno == ERANGE || want == INT64_MIN) {
			/* No digits, or past int64 (INT64_MIN's magnitude too):
			 * refused, the cursor left alone. */
			assert_int_equal(rc, -1);
			assert_true(s.p == buf);
		} else {
			assert_int_equal(rc, 0);
			assert_true(v == want);
			assert_true(s.p == end);
		}
	}
}

/* Appends a number of 0 to 21 digits, maybe signed, to b at *n. */
static void put_number(char *b, size_t *n, uint64_t *seed)
{
	size_t digits = th_rand64(seed) % 22, i;

	if (th_rand64(seed) % 8 == 0)
		b[(*n)++] = th_rand64(seed) % 2 ? '-' : '+';
	for (i = 0; i < digits; i++)
		b[(*n)++] = (char)('0' + th_rand64(seed) % 10);
}

/*
 * A kill record's sizes read in one pass of the 5.x form are what the key
 * by key reading gives, on the form with random numbers (none, signed,
 * past int64, ids past 32 bits), with a byte changed, cut short, or with
 * more keys and a RHEL 6 "), UID " after it; and the one pass takes most
 * of the well-formed ones.
 */
static void test_kill_sizes_as_by_key(void **state)
{
	static const char *const part[] = { ") total-vm:", "kB, anon-rss:", "kB, file-rss:", "kB, shmem-rss:",
					    "kB, UID:", " pgtables:", "kB oom_score_adj:" };
	static const char *const tail[] = { "", " anon-rss:5kB", "), UID 77", ", vsz:9kB", " UID:12", "kB" };
	static const char noise[] = "0123456789:kB, -)(UIDaemonrstv";
	uint64_t seed = 23;
	char b[400];
	int trial, ordered = 0;

	(void)state;
	for (trial = 0; trial < 40000; trial++) {
		int64_t want[7], got[7], uid = trial % 3 ? EV_NONE : 4242;
		size_t n = 0, i;
		int rc;

		for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
			memcpy(b + n, part[i], strlen(part[i]));
			n += strlen(part[i]);
			if (th_rand64(&seed) % 4)
				n += (size_t)snprintf(b + n, 24, "%" PRIu64, th_rand64(&seed) % 100000000);
			else
				put_number(b, &n, &seed);
		}
		i = th_rand64(&seed) % (sizeof(tail) / sizeof(tail[0]));
		memcpy(b + n, tail[i], strlen(tail[i]));
		n += strlen(tail[i]);
		if (trial % 5 == 1)
			b[th_rand64(&seed) % n] = noise[th_rand64(&seed) % (sizeof(noise) - 1)];
		if (trial % 7 == 2)
			n = th_rand64(&seed) % n;
		assert_int_equal(kern_kill_sizes_probe(span_make(b, n), 0, uid, want), 0);
		rc = kern_kill_sizes_probe(span_make(b, n), 1, uid, got);
		if (rc == 0) {
			ordered++;
			for (i = 0; i < 7; i++)
				if (got[i] != want[i])
					fail_msg("field %zu: %" PRId64 " by key, %" PRId64 " in one pass: '%.*s'", i,
						 want[i], got[i], (int)n, b);
		} else {
			assert_int_equal(rc, -1);
		}
	}
	assert_true(ordered > 10000);
}

/* The offset of the first lit in s[0, n), or -1 (the reference's search). */
static long ref_find(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, lit, k) == 0)
			return (long)i;
	return -1;
}

/* The id at s (digits, at most 32 bits), or EV_NONE. */
static int64_t ref_id(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (!n || s[0] < '0' || s[0] > '9')
		return EV_NONE;
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		if (v <= 4294967295LL)
			v = v * 10 + (s[i] - '0');
	return v > 4294967295LL ? EV_NONE : v;
}

/*
 * An oom-kill: summary alone (its kill record never came) gives the memcg
 * paths, comm, pid and uid that searches for each key give: ",oom_memcg="
 * only before the first ",task_memcg=", the comm up to the last ",pid=",
 * the uid after the first ",uid=" behind it; with no ",task_memcg=" at
 * all, the oom path ends at the first ",task=" after it (an abridged
 * summary) and no task path is known. Random summaries: the keys
 * shuffled, repeated, missing, values with commas and no digits.
 */
static void test_summary_as_searches(void **state)
{
	static const char *const piece[] = { ",oom_memcg=/a,b", ",task_memcg=/s/x.scope", ",task=", "web,1",
					     ",pid=", "4711", ",uid=", "99", "99999999999", ",nodemask=(null)",
					     ",global_oom", ",cpuset=/", "x" };
	uint64_t seed = 31;
	char msg[400];
	int trial, kept = 0;

	(void)state;
	for (trial = 0; trial < 6000; trial++) {
		struct feed f;
		size_t n, i, parts = 1 + th_rand64(&seed) % 13;
		long at, tat, e, pe;
		char oom[256] = "", task[256] = "", comm[64] = "";
		int64_t pid = EV_NONE, uid = EV_NONE;
		int abridged = 0;

		n = (size_t)snprintf(msg, sizeof(msg), "oom-kill:constraint=CONSTRAINT_NONE");
		for (i = 0; i < parts; i++) {
			/* every other summary mostly in the kernel's order */
			size_t pick = trial % 2 && th_rand64(&seed) % 4
					      ? i % 9
					      : th_rand64(&seed) % (sizeof(piece) / sizeof(piece[0]));
			const char *p = piece[pick];

			memcpy(msg + n, p, strlen(p));
			n += strlen(p);
		}
		msg[n] = '\0';
		/* the reference: on_summary as four searches */
		at = ref_find(msg, n, ",oom_memcg=");
		tat = ref_find(msg, n, ",task_memcg=");
		if (at >= 0 && tat > at)
			snprintf(oom, sizeof(oom), "%.*s", (int)(tat - at - 11), msg + at + 11);
		/* no ",task_memcg=": a summary abridged to "oom_memcg=P,task=C,pid=N" */
		if (tat < 0 && at >= 0 && (e = ref_find(msg + at + 11, n - (size_t)at - 11, ",task=")) >= 0) {
			snprintf(oom, sizeof(oom), "%.*s", (int)e, msg + at + 11);
			tat = at - 1; /* its ",task=" part as below, with no task path */
			abridged = 1;
		}
		if (tat >= 0 && (e = ref_find(msg + tat + 12, n - (size_t)tat - 12, ",task=")) >= 0) {
			const char *c = msg + tat + 12 + e + 6;
			size_t cn = n - (size_t)(c - msg);

			if (!abridged)
				snprintf(task, sizeof(task), "%.*s", (int)e, msg + tat + 12);
			for (pe = (long)cn - 5; pe >= 0 && memcmp(c + pe, ",pid=", 5) != 0; pe--)
				;
			if (pe >= 0) {
				long u = ref_find(c + pe, cn - (size_t)pe, ",uid=");

				snprintf(comm, sizeof(comm), "%.*s", (int)pe, c);
				pid = ref_id(c + pe + 5, cn - (size_t)pe - 5);
				if (u >= 0)
					uid = ref_id(c + pe + u + 5, cn - (size_t)pe - (size_t)u - 5);
			}
		}
		if (strlen(comm) > 15)
			continue; /* the event keeps 63 bytes: no cut here */
		feed_init(&f);
		push(&f, msg);
		finish(&f);
		assert_int_equal(f.n, 1);
		assert_string_equal(f.ev[0].oom_memcg, oom);
		assert_string_equal(f.ev[0].task_memcg, task);
		assert_string_equal(f.ev[0].comm, comm);
		if (f.ev[0].pid != pid || f.ev[0].uid != uid)
			fail_msg("pid %" PRId64 " uid %" PRId64 ", want %" PRId64 " %" PRId64 ": %s", f.ev[0].pid,
				 f.ev[0].uid, pid, uid, msg);
		kept += pid != EV_NONE;
		feed_free(&f);
	}
	assert_true(kept > 500);
}

/*
 * A header's gfp_mask is kept as "0x%llx" prints its value (lower case, no
 * leading zeros), and not at all with no digit or more than sixteen: on
 * random hex of either case with leading zeros, 0 to 18 digits.
 */
static void test_gfp_mask_as_printf(void **state)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	uint64_t seed = 41;
	char digits[32], line[160], want[32];
	int round, trial;

	(void)state;
	for (round = 0; round < 8; round++) {
		struct feed f;

		feed_init(&f);
		for (trial = 0; trial < 400; trial++) {
			size_t n = th_rand64(&seed) % 19, i, z = th_rand64(&seed) % 4;

			for (i = 0; i < n; i++)
				digits[i] = i < z ? '0' : hex[th_rand64(&seed) % (sizeof(hex) - 1)];
			digits[n] = '\0';
			snprintf(line, sizeof(line), "w invoked oom-killer: gfp_mask=0%c%s(GFP_KERNEL), order=0",
				 trial % 2 ? 'x' : 'X', digits);
			push(&f, line);
			push(&f, "Out of memory: Killed process 7 (w) total-vm:1kB, anon-rss:1kB, file-rss:0kB, "
				 "shmem-rss:0kB");
			if (n == 0 || n > 16)
				want[0] = '\0';
			else
				snprintf(want, sizeof(want), "0x%llx", strtoull(digits, NULL, 16));
			finish(&f);
			assert_int_equal(f.n, trial + 1);
			assert_string_equal(f.ev[trial].gfp_mask, want);
		}
		feed_free(&f);
	}
}

/* A report's lines still join it when decoys (of its host and others)
 * stand between them; a task table row joins only an open report. */
static void test_report_across_decoys(void **state)
{
	struct feed f;
	const char *const *d;

	(void)state;
	feed_init(&f);
	f.host = "web1";
	assert_int_equal(push(&f, "[  23793]     0 23793   655928   126942  1118208        0             0 leaker"),
			 KERN_NONE);
	assert_int_equal(push(&f, "leaker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"),
			 KERN_CONSUMED);
	for (d = decoys; *d; d++) {
		f.host = "db2";
		push(&f, *d);
		f.host = "web1";
		push(&f, *d);
	}
	assert_int_equal(push(&f, "CPU: 3 PID: 23790 Comm: leaker Not tainted 5.10.0 #1"), KERN_CONSUMED);
	f.host = "db2";
	push(&f, decoys[0]);
	f.host = "web1";
	assert_int_equal(push(&f, "Free swap  = 12kB"), KERN_CONSUMED);
	assert_int_equal(push(&f, "[  23793]     0 23793   655928   126942  1118208        0             0 leaker"),
			 KERN_CONSUMED);
	push(&f, decoys[1]);
	assert_int_equal(push(&f, "Out of memory: Killed process 23793 (leaker) total-vm:2623712kB, "
				  "anon-rss:506500kB, file-rss:1268kB, shmem-rss:0kB"),
			 KERN_CONSUMED);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 23793);
	assert_int_equal(f.ev[0].trigger_pid, 23790);
	assert_int_equal(f.ev[0].swap_free_kb, 12);
	assert_int_equal(f.ev[0].anon_rss_kb, 506500);
	assert_string_equal(f.ev[0].host, "web1");
	assert_string_equal(f.ev[0].gfp_mask, "0xcc0");
	assert_int_equal(f.n_notes, 0);
	feed_free(&f);
}

/* Numbers that do not fit leave their field null; the event stays. */
static void test_numbers_never_drop(void **state)
{
	static const struct {
		const char *line;
		int64_t pid;
		int64_t total_vm;
		int64_t uid;
	} c[] = {
		{ "Out of memory: Killed process 4242 (stress) total-vm:99999999999999999999999kB, "
		  "anon-rss:900kB, file-rss:0kB, shmem-rss:0kB", 4242, INT64_MIN, INT64_MIN },
		{ "Out of memory: Killed process 4294967296 (stress) total-vm:1000kB, anon-rss:900kB, "
		  "file-rss:0kB, shmem-rss:0kB", INT64_MIN, 1000, INT64_MIN },
		{ "Out of memory: Killed process 4294967295 (stress) total-vm:1000kB, anon-rss:900kB, "
		  "file-rss:0kB, shmem-rss:0kB, UID:99999999999999999999 pgtables:4kB oom_score_adj:0",
		  4294967295LL, 1000, INT64_MIN },
		{ "Killed process 123456789012345678901234567890 (x) total-vm:-9223372036854775808kB, "
		  "anon-rss:18446744073709551615kB, file-rss:0kB", INT64_MIN, INT64_MIN, INT64_MIN },
		{ "Killed process 12, UID 99999999999, (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB",
		  12, 1, INT64_MIN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_one(&f, c[i].line);
		assert_true(f.ev[0].pid == c[i].pid);
		assert_true(f.ev[0].total_vm_kb == c[i].total_vm);
		assert_true(f.ev[0].uid == c[i].uid);
		assert_true(event_is_kill(f.ev[0].kind));
		feed_free(&f);
	}
}

/*
 * A size whose digits end the record was cut (an issue title cut at its
 * width: "pgtables:1" of "pgtables:1092kB"): it stays null and the rest of
 * the record is kept. Sizes that end in "kB", and an oom_score_adj or UID
 * that ends the record (they carry no unit), are read as before. Digit
 * groups a person set off with commas give the whole size when "kB" ends
 * them, else none (never the first group alone).
 */
static void test_cut_sizes_stay_null(void **state)
{
	static const struct {
		const char *line;
		int64_t total_vm, anon, pgtables, adj;
	} c[] = {
		{ "kernel: Out of memory: Killed process 928883 (lgraph_server) total-vm:6521902656kB, "
		  "anon-rss:47809896kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1",
		  6521902656LL, 47809896, INT64_MIN, INT64_MIN },
		{ "Out of memory: Killed process 77 (x) total-vm:1000kB, anon-rss:95", 1000, INT64_MIN, INT64_MIN,
		  INT64_MIN },
		{ "Out of memory: Killed process 77 (x) total-vm:65216 \t", INT64_MIN, INT64_MIN, INT64_MIN,
		  INT64_MIN },
		/* near misses: complete records */
		{ "Out of memory: Killed process 77 (x) total-vm:1000kB, anon-rss:95kB, file-rss:0kB, "
		  "shmem-rss:0kB, UID:0 pgtables:1092kB oom_score_adj:-17", 1000, 95, 1092, -17 },
		{ "Out of memory: Killed process 77 (x) total-vm:1000kB, anon-rss:95kB, file-rss:0kB, "
		  "shmem-rss:0kB, UID:0 pgtables:1092kB oom_score_adj:0 ", 1000, 95, 1092, 0 },
		{ "Killed process 77 (x) total-vm:1000kB, anon-rss:95kB, file-rss:0kB", 1000, 95, INT64_MIN,
		  INT64_MIN },
		{ "Killed process 77 (x) vsz:1000kB, anon-rss:95kB, file-rss:0kB", 1000, 95, INT64_MIN, INT64_MIN },
		/* digit groups a person set off with commas: the whole size, or none */
		{ "Out of memory: Killed process 77 (python) total-vm:26,184,840kB, anon-rss:153,700,88kB, "
		  "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:38964kB oom_score_adj:0", 26184840, 15370088, 38964, 0 },
		{ "Out of memory: Killed process 77 (x) total-vm:26,184, anon-rss:95kB", INT64_MIN, 95, INT64_MIN,
		  INT64_MIN },
		{ "Out of memory: Killed process 77 (x) total-vm:9,223,372,036,854,775,808kB, anon-rss:95kB", INT64_MIN,
		  95, INT64_MIN, INT64_MIN },
		/* near miss: a comma and a blank end the size */
		{ "Out of memory: Killed process 77 (x) total-vm:1000, anon-rss:95kB", 1000, 95, INT64_MIN, INT64_MIN },
		/* retyped by a person: lower case, "kb", a blank after a colon */
		{ "killed process 77 (mysqld) total-vm:1012836kb, anon-rss:178840kb, file-rss:0kb", 1012836, 178840,
		  INT64_MIN, INT64_MIN },
		{ "1225007.985657] killed process 77 (mysqld) total-vm: 977148kb, anon-rss:122488kb, file-rss:0kB)",
		  977148, 122488, INT64_MIN, INT64_MIN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_one(&f, c[i].line);
		assert_true(f.ev[0].pid == 928883 || f.ev[0].pid == 77);
		if (f.ev[0].total_vm_kb != c[i].total_vm || f.ev[0].anon_rss_kb != c[i].anon ||
		    f.ev[0].pgtables_kb != c[i].pgtables || f.ev[0].oom_score_adj != c[i].adj)
			fail_msg("case %zu: total-vm %" PRId64 " anon %" PRId64 " pgtables %" PRId64 " adj %" PRId64,
				 i, f.ev[0].total_vm_kb, f.ev[0].anon_rss_kb, f.ev[0].pgtables_kb,
				 f.ev[0].oom_score_adj);
		feed_free(&f);
	}
}

/* Prose naming a killed process, without the record's ") total-vm:",
 * and OpenVZ's exit line give no kill. */
/*
 * A pid the paster right-aligned to line up with longer ones ("Killed
 * process  532 (kodi.bin)") is still the record's pid; a blank run with
 * no pid after it, or a run past the bound, stays silent.
 */
static void test_right_aligned_pid(void **state)
{
	static const struct {
		const char *line;
		int n;
		int64_t pid;
	} c[] = {
		{ "Out of memory: Killed process  532 (kodi.bin) total-vm:1561568kB, anon-rss:397140kB, "
		  "file-rss:112348kB, shmem-rss:0kB, UID:972 pgtables:1724kB oom_score_adj:0", 1, 532 },
		{ "Killed process    77 (x) total-vm:1000kB, anon-rss:95kB, file-rss:0kB", 1, 77 },
		/* near misses */
		{ "Out of memory: Killed process  (kodi.bin) total-vm:1561568kB, anon-rss:397140kB", 0, 0 },
		{ "Out of memory: Killed process           532 (kodi.bin) total-vm:1561568kB, anon-rss:1kB", 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, c[i].line);
		finish(&f);
		if (f.n != c[i].n)
			fail_msg("case %zu gave %d events", i, f.n);
		if (c[i].n)
			assert_int_equal(f.ev[0].pid, c[i].pid);
		feed_free(&f);
	}
}

/* A failure line a writer quoted in prose: the opening quote mark is not
 * part of the failing task's name; a comm with a quote mark inside keeps
 * it, and a lone quote mark is no comm to strip. */
static void test_quoted_failure_comm(void **state)
{
	static const struct {
		const char *line, *comm;
	} c[] = {
		{ "the problem I have with \"kworker/u:0: page allocation failure: order:1, mode:0x20\" (with 512MB "
		  "ram free)", "kworker/u:0" },
		{ "we see `nginx: page allocation failure: order:4, mode:0x40d0`", "nginx" },
		{ "errors like \xe2\x80\x9cswapper/0: page allocation failure: order:0, mode:0x20\xe2\x80\x9d", "swapper/0" },
		{ "a\"b: page allocation failure: order:0, mode:0x20", "a\"b" },
		{ "'x: page allocation failure: order:0, mode:0x20", "'x" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, c[i].line);
		finish(&f);
		if (f.n != 1)
			fail_msg("case %zu gave %d events", i, f.n);
		if (strcmp(f.ev[0].comm, c[i].comm) != 0)
			fail_msg("case %zu: comm '%s', want '%s'", i, f.ev[0].comm, c[i].comm);
		assert_int_equal(f.ev[0].kind, EV_ALLOC_FAILURE);
		feed_free(&f);
	}
}

/* A failure phrase a writer closed with a quote mark ('We are getting a
 * "dlad: page allocation failure" on one of our systems') names a failure
 * and is no event; an issue title's markdown '# ' is not part of the comm,
 * and a comm may end in " : ". A template ("order:size") is no failure.
 * The kernel's line, quoted whole or cut at the line's end, stays one. */
static void test_quoted_failure_phrase_and_heading(void **state)
{
	static const struct {
		const char *line, *comm; /* comm NULL: no event */
	} c[] = {
		{ "We are getting a \"dlad: page allocation failure\" on one of our production systems.", NULL },
		{ "seeing `nginx: page allocation failure` in dmesg", NULL },
		{ "the \xe2\x80\x9cjava: page allocation failure\xe2\x80\x9d lines", NULL },
		{ "# dlad: page allocation failure: order:9, mode:0xd0", "dlad" },
		{ "## kworker/0:1: page allocation failure: order:0, mode:0x20", "kworker/0:1" },
		{ "#x: page allocation failure: order:0, mode:0x20", "#x" },
		{ "\"dlad: page allocation failure: order:9, mode:0xd0\"", "dlad" },
		{ "kernel: node_exporter: page allocation failure", "node_exporter" },
		/* a comm ending in " : " (WebSphere's "WebContainer : 5" cut to
		 * 15 bytes); a tag's ": " right before the phrase stays a tag */
		{ "kernel: WebContainer : : page allocation failure: order:4, mode:0x4d0", "WebContainer :" },
		{ "Jan  1 00:00:00 h kernel: : page allocation failure: order:0, mode:0x20", NULL },
		/* a message catalog's template is no failure; a line cut after
		 * "order:" still is one */
		{ "process: page allocation failure. order:size, mode:gfp_mask", NULL },
		{ "%s: page allocation failure: order:%u, mode:%#x(%pGg)", NULL },
		{ "x: page allocation failure: order:", "x" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, c[i].line);
		finish(&f);
		if (f.n != (c[i].comm ? 1 : 0))
			fail_msg("case %zu gave %d events", i, f.n);
		if (c[i].comm && strcmp(f.ev[0].comm, c[i].comm) != 0)
			fail_msg("case %zu: comm '%s', want '%s'", i, f.ev[0].comm, c[i].comm);
		feed_free(&f);
	}
}

/* A kill record a paste wrapped right after its pid, the comm opening the
 * next line with the fields after it ("(filebeat) total-vm:..."): the comm
 * and the fields are the kill's; a size the paste cut ("file-rss:7" ending
 * the text, its "kB" lost) stays unknown, as on the record's own line. */
static void test_kill_record_wrapped_after_pid_comm_and_fields_next(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "Memory cgroup out of memory: Killed process 2532535");
	push(&f, "(filebeat) total-vm:2766604kB, anon-rss:1298484kB, file-rss:7");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 2532535);
	assert_string_equal(f.ev[0].comm, "filebeat");
	assert_int_equal(f.ev[0].total_vm_kb, 2766604);
	assert_int_equal(f.ev[0].anon_rss_kb, 1298484);
	assert_true(f.ev[0].file_rss_kb == EV_NONE);
	feed_free(&f);
}

/* A kill record a paste wrapped inside a field's name ("... pgtables:524kB
 * oom_scor" / "e_adj:-998") gets the field from the next line; a next line
 * that does not hold the rest of the name is read as it is, and a record
 * ending in a short word ("... oom") opens nothing. */
static void test_kill_record_wrapped_inside_key(void **state)
{
	static const char *const rec =
		"Memory cgroup out of memory: Killed process 79699 (php-fpm) total-vm:568056kB, anon-rss:107940kB, "
		"file-rss:11516kB, shmem-rss:6280kB, UID:1000 pgtables:524kB oom_scor";
	static const struct {
		const char *next;
		int64_t adj;
		int events;
	} c[] = {
		{ "e_adj:-998", -998, 1 },
		{ "> e_adj:0", 0, 1 },
		{ "ing the cgroup", EV_NONE, 1 },
		{ "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,"
		  "task_memcg=/a,task=x,pid=7,uid=0", EV_NONE, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, rec);
		push(&f, c[i].next);
		finish(&f);
		assert_true(f.n >= c[i].events);
		assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
		assert_int_equal(f.ev[0].pid, 79699);
		if (f.ev[0].oom_score_adj != c[i].adj)
			fail_msg("case %zu: oom_score_adj %lld", i, (long long)f.ev[0].oom_score_adj);
		feed_free(&f);
	}
}

/* A 2.6 kill record with no sizes ends its comm at ")."; lines a web page
 * ran together keep that comm, not the text up to the last ')' of the
 * line. A comm that holds ")." within its 15 bytes, or one ending the
 * line, is read as before. */
static void test_flattened_old_record_comm(void **state)
{
	static const struct {
		const char *line, *comm;
		int64_t pid;
	} c[] = {
		{ "Out of Memory: Killed process 2368 (jserver). Jul 19 05:19:24 asl131 kernel: Out of Memory: "
		  "Killed process 2368 (jserver). Jul 19 05:19:24 asl131 kernel: OOM kill occurred on an x86_64 "
		  "NUMA system! Jul 19 05:19:24 asl131 kernel: The numa=off boot option might help avoid this.",
		  "jserver", 2368 },
		{ "Out of Memory: Killed process 9 (a (b) c).", "a (b) c", 9 },
		{ "Out of memory: Killed process 7 (x).y).", "x).y", 7 },
		{ "Out of memory: Killed process 5 (sh) and (more)", "sh) and (more", 5 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_init(&f);
		f.host = "asl131"; /* the host the line's relayed records name */
		push(&f, c[i].line);
		finish(&f);
		if (f.n != 1)
			fail_msg("case %zu gave %d events", i, f.n);
		assert_int_equal(f.ev[0].pid, c[i].pid);
		if (strcmp(f.ev[0].comm, c[i].comm) != 0)
			fail_msg("case %zu: comm '%s', want '%s'", i, f.ev[0].comm, c[i].comm);
		feed_free(&f);
	}
}

/* A vendor 3.10 backport prints the 4.19 summary with an empty constraint
 * field ("oom-kill:,cpuset=..."): it still gives the kill its cgroups; a
 * bare "oom-kill:," followed by words is no summary. */
static void test_summary_without_constraint(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "runc:[2:INIT] invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=997");
	push(&f, "oom-kill:,cpuset=bbd5,mems_allowed=0-1,oom_memcg=/kubepods/burstable/pod6c43,"
		 "task_memcg=/kubepods/burstable/pod6c43/bbd5,task=runc:[2:INIT],pid=12800,uid=0");
	push(&f, "Memory cgroup out of memory: Kill process 12800 (runc:[2:INIT]) score 997 or sacrifice child");
	push(&f, "Killed process 12788 (runc:[2:INIT]) total-vm:600736kB, anon-rss:3296kB, file-rss:276kB, "
		 "shmem-rss:1012kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 12788);
	assert_string_equal(f.ev[0].task_memcg, "/kubepods/burstable/pod6c43/bbd5");
	assert_string_equal(f.ev[0].oom_memcg, "/kubepods/burstable/pod6c43");
	feed_free(&f);

	feed_init(&f);
	push(&f, "oom-kill:, see the lines above");
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

/* A summary a writer abridged to "oom_memcg=P,task=C,pid=N" (no
 * task_memcg) and reflowed over three lines still gives the kill its
 * limited cgroup, its comm and its uid; the task's own cgroup stays unknown. */
static void test_summary_abridged_oom_memcg(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "kernel: oom-kill:constraint=CONSTRAINT_MEMCG,");
	push(&f, "  oom_memcg=/kubepods.slice/kubepods-pod92ab.slice,");
	push(&f, "  task=ray::IDLE,pid=1703792,uid=0");
	push(&f, "kernel: Memory cgroup out of memory:");
	push(&f, "  Killed process 1703792 (ray::IDLE) total-vm:68545920kB, anon-rss:37760kB,");
	push(&f, "  file-rss:77744kB, shmem-rss:0kB, oom_score_adj:1000");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 1703792);
	assert_int_equal(f.ev[0].uid, 0);
	assert_string_equal(f.ev[0].oom_memcg, "/kubepods.slice/kubepods-pod92ab.slice");
	assert_string_equal(f.ev[0].task_memcg, "");
	feed_free(&f);

	/* on one line, the summary alone anchors the kill */
	feed_init(&f);
	push(&f, "oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/docker/ab12,task=java,pid=77,uid=1000");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].pid, 77);
	assert_string_equal(f.ev[0].comm, "java");
	assert_string_equal(f.ev[0].oom_memcg, "/docker/ab12");
	feed_free(&f);
}

/* 2.4's "__alloc_pages: N-order allocation failed" is a failure when the
 * kernel's "(gfp=...)" follows or the line ends there; a bug report's
 * summary that names the message in words is none. */
static void test_bare_alloc_named_in_words(void **state)
{
	static const struct {
		const char *line;
		int n;
	} c[] = {
		{ "__alloc_pages: 0-order allocation failed messages", 0 },
		{ "'__alloc_pages: 0-order allocation failed' kind of errors", 0 },
		{ "__alloc_pages: 0-order allocation failed (gfp=0x1d2/0)", 1 },
		{ "__alloc_pages: 0-order allocation failed (gfp=0xf0/0) from c012e4be", 1 },
		{ "__alloc_pages: 0-order allocation failed (gfp=0x70/1).", 1 },
		{ "__alloc_pages: 1-order allocation failed", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, c[i].line);
		finish(&f);
		if (count_kind(&f, EV_ALLOC_FAILURE) != c[i].n)
			fail_msg("case %zu gave %d failures, want %d", i, count_kind(&f, EV_ALLOC_FAILURE), c[i].n);
		feed_free(&f);
	}
}

/* A selection line a paste wrapped after its pid is read with the next
 * line ("(java) score 0 or sacrifice child"); a line that names no OOM
 * lead-in before "Kill process N" is no such piece. */
static void test_selection_wrapped_after_pid(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	f.host = "node1";
	push(&f, "Memory cgroup out of memory: Kill process 24572");
	f.host = "";
	push(&f, "(java) score 7 or sacrifice child");
	f.host = "node1";
	push(&f, "Killed process 28438 (java) total-vm:20255636kB, anon-rss:466160kB, file-rss:13684kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 28438);
	assert_int_equal(f.ev[0].score, 7);
	feed_free(&f);

	feed_init(&f);
	push(&f, "so we had to Kill process 24572");
	push(&f, "(java) score 7 or sacrifice child");
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

/* A selection line a mail wrapped right after "Kill process" (the pid
 * and the rest on the next bare line) is read whole, with its score; the
 * kill record after it is the same kill. Behind no kernel lead-in, or with
 * no pid to follow, the piece is nothing. */
static void test_selection_wrapped_after_kill_process(void **state)
{
	static const char *const wrapped[] = {
		"Jun 21 15:59:58 whitelion kernel: [24395.860106] Out of memory: Kill process",
		"18413 (rustc) score 661 or sacrifice child",
		"Jun 21 15:59:58 whitelion kernel: [24395.861484] Killed process 18413 (rustc) total-vm:552536kB,",
		"anon-rss:329580kB, file-rss:0kB",
		NULL,
	};
	static const char *const prose[] = {
		"Jun 21 15:59:58 whitelion kernel: we had to Kill process",
		"18413 (rustc) score 661 or sacrifice child",
		NULL,
	};
	static const char *const no_pid[] = {
		"Jun 21 15:59:58 whitelion kernel: Memory cgroup out of memory: Kill process",
		"(see below)",
		NULL,
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, wrapped);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 18413);
	assert_string_equal(f.ev[0].comm, "rustc");
	assert_int_equal(f.ev[0].score, 661);
	assert_int_equal(f.ev[0].total_vm_kb, 552536);
	assert_string_equal(f.ev[0].host, "whitelion");
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, prose);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, no_pid);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

/* A selection line a mail client wrapped after the word "score" keeps its
 * score: the next bare line starts with it. A line that only ends in
 * "score" without a comm before it is no such piece. */
static void test_selection_wrapped_after_score(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	f.host = "aes2";
	push(&f, "Out of memory: Kill process 24774 (mysqld) score");
	f.host = "";
	push(&f, "842 or sacrifice child");
	f.host = "aes2";
	push(&f, "Killed process 24774, UID 0, (mysqld) total-vm:549180kB, anon-rss:437324kB, file-rss:44kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 24774);
	assert_int_equal(f.ev[0].score, 842);
	assert_int_equal(f.ev[0].total_vm_kb, 549180);
	feed_free(&f);

	feed_init(&f);
	f.host = "aes2";
	push(&f, "Out of memory: Kill process 24774 score");
	f.host = "";
	push(&f, "842 or sacrifice child");
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

/* A kill record wrapped right after its comm ("Killed process 12788
 * (runc:[2:INIT])") takes its sizes from the next bare line, though that
 * line names no host. */
static void test_kill_record_wrapped_after_comm(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	f.host = "host-xx";
	push(&f, "Memory cgroup out of memory: Kill process 12800 (runc:[2:INIT]) score 997 or sacrifice child");
	push(&f, "Killed process 12788 (runc:[2:INIT])");
	f.host = "";
	push(&f, "total-vm:600736kB, anon-rss:3296kB, file-rss:276kB, shmem-rss:1012kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].pid, 12788);
	assert_string_equal(f.ev[0].comm, "runc:[2:INIT]");
	assert_int_equal(f.ev[0].total_vm_kb, 600736);
	assert_int_equal(f.ev[0].shmem_rss_kb, 1012);
	feed_free(&f);
}

/* A 5.4+ kill record a mail wrapped twice, its middle piece ending in a
 * whole "UID:0" (no comma): the last bare piece still belongs to it, under
 * the record's host. */
static void test_kill_record_wrapped_after_uid(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	f.host = "vps";
	push(&f, "Out of memory: Killed process 1047436 (xray)");
	f.host = "";
	push(&f, "total-vm:3945912kB, anon-rss:2219436kB, file-rss:0kB, shmem-rss:0kB, UID:0");
	push(&f, "pgtables:5436kB oom_score_adj:-17");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].pid, 1047436);
	assert_int_equal(f.ev[0].uid, 0);
	assert_int_equal(f.ev[0].pgtables_kb, 5436);
	assert_int_equal(f.ev[0].oom_score_adj, -17);
	assert_string_equal(f.ev[0].host, "vps");
	feed_free(&f);
}

/* An orphan oom_reaper line wrapped after "anon-rss:0kB," takes the rest
 * of its sizes from the next line. */
static void test_orphan_reaper_wrapped(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "oom_reaper: reaped process 32055 (php-fpm), now anon-rss:0kB,");
	push(&f, "file-rss:0kB, shmem-rss:19292kB");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_REAP);
	assert_int_equal(f.ev[0].pid, 32055);
	assert_int_equal(f.ev[0].file_rss_kb, 0);
	assert_int_equal(f.ev[0].shmem_rss_kb, 19292);
	feed_free(&f);
}

/* A SLUB line is a failed slab allocation of its own, unless the page
 * allocation failure of the same allocation was just reported: still open,
 * or its Mem-Info ended a few lines before. */
static void test_slub_unable_to_allocate(void **state)
{
	static const char *const alone[] = {
		"SLUB: Unable to allocate memory on node -1 (gfp=0x20)",
		"  cache: kmalloc-1024(1793:c8edefa9), object size: 1024, buffer size: 1024, default order: 3, min order: 0",
		"  node 0: slabs: 663, objs: 20964, free: 0",
		"SLUB: Unable to allocate memory on node -1, gfp=0x900(GFP_NOWAIT|__GFP_ZERO)",
		"  cache: page->ptl, object size: 72, buffer size: 72, default order: 0, min order: 0",
		NULL,
	};
	static const char *const after_failure[] = {
		"swapper/0: page allocation failure: order:0, mode:0x200020",
		"CPU: 0 PID: 0 Comm: swapper/0 Not tainted 3.10.53 #1",
		"Mem-info:",
		"Free swap  = 0kB",
		"Total swap = 0kB",
		"32768 pages RAM",
		"SLUB: Unable to allocate memory on node -1 (gfp=0x20)",
		"  cache: kmalloc-192, object size: 192, buffer size: 192, default order: 0, min order: 0",
		/* a second one is another allocation */
		"SLUB: Unable to allocate memory on node -1 (gfp=0x20)",
		NULL,
	};
	static const char *const near_misses[] = {
		"SLUB: Unable to add boot slab alias kmalloc-8 to sysfs",
		"SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=8, Nodes=1",
		"mySLUB: Unable to allocate memory on node -1 (gfp=0x20)",
		NULL,
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, alone);
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ev[0].kind, EV_ALLOC_FAILURE);
	assert_string_equal(f.ev[0].gfp_mask, "0x20");
	assert_int_equal(f.ev[0].line, 1);
	assert_true(f.ev[0].pid == EV_NONE && !f.ev[0].comm[0]);
	assert_string_equal(f.ev[1].gfp_mask, "0x900");
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, after_failure);
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.ev[0].comm, "swapper/0");
	assert_string_equal(f.ev[0].gfp_mask, "0x200020");
	assert_int_equal(f.ev[1].line, 9);
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, near_misses);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

/* Console output of a program that ran into the kernel's line without a
 * line break is not part of the task's name: the stack header's Comm is. */
static void test_glued_console_text_before_comm(void **state)
{
	static const char *const alloc[] = {
		"[Playing  (List Repeated)][Vol=01][00:02:54/00:04:07]swapper/0: page allocation failure: "
		"order:0, mode:0x200020",
		"CPU: 0 PID: 0 Comm: swapper/0 Not tainted 3.10.53-1.1.0_ga+g67f859d #1",
		"Total swap = 0kB",
		NULL,
	};
	static const char *const header[] = {
		"progress 99%]stress invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0",
		"CPU: 1 PID: 4242 Comm: stress Not tainted 4.4.0 #1",
		"Out of memory: Kill process 4242 (stress) score 912 or sacrifice child",
		"Killed process 4242 (stress) total-vm:9000kB, anon-rss:100kB, file-rss:0kB",
		NULL,
	};
	/* near miss: a stack header naming another task leaves the name as it is */
	static const char *const other[] = {
		"kworker/u8:2: page allocation failure: order:4, mode:0x40dc0",
		"CPU: 3 PID: 77 Comm: u8:2 Not tainted 5.4.0 #1",
		"Total swap = 0kB",
		NULL,
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, alloc);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ev[0].comm, "swapper/0");
	assert_int_equal(f.ev[0].pid, 0);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, header);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ev[0].trigger_comm, "stress");
	feed_free(&f);

	feed_init(&f);
	push_all(&f, other);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ev[0].comm, "kworker/u8:2");
	feed_free(&f);
}

/* A mail client reflowed a quoted syslog: lines end one message and start
 * the next with its whole prefix in mid-line; a kill record may break
 * after its pid or after "Killed". */
static void test_reflowed_syslog_glued_prefixes(void **state)
{
	static const char *const after_pid[] = {
		"Mar 16 21:40:40 t6360003 kernel: basename invoked oom-killer:",
		"gfp_mask=0xd0, order=2, oomkilladj=0 Mar 16 21:40:40 t6360003 kernel: CPU:",
		"Mar 16 21:40:40 t6360003 kernel: Out of memory: kill process 30502 (cc1)",
		"score 3672 or a child Mar 16 21:40:40 t6360003 kernel: Killed process 30502",
		"(cc1)",
		NULL,
	};
	static const char *const after_killed[] = {
		"Mar 17 01:33:12 t6360003 kernel: sh invoked oom-killer: gfp_mask=0xd0,",
		"order=2, oomkilladj=0 Mar 17 01:33:12 t6360003 kernel: CPU: 5 Not tainted",
		"Mar 17 01:33:12 t6360003 kernel: Out of memory: kill process 27449",
		"(rpmbuild) score 3460 or a child Mar 17 01:33:12 t6360003 kernel: Killed",
		"process 27519 (sh)",
		NULL,
	};
	/* near misses: a shell's "Killed" (no report open, or not followed
	 * by "process N"), a clock and a word before "kernel: " that is no
	 * host prefix */
	static const char *const shell_killed[] = {
		"$ ./leak",
		"Killed",
		"process 12 (x) is gone",
		NULL,
	};
	static const char *const open_then_shell[] = {
		"Mar 17 01:33:12 t6360003 kernel: sh invoked oom-killer: gfp_mask=0xd0, order=2, oomkilladj=0",
		"Mar 17 01:33:12 t6360003 kernel: Killed",
		"$ echo done",
		NULL,
	};
	static const char *const not_prefix[] = {
		"at 12:00:00 the kernel: Killed process 7 (y) total-vm:10kB, anon-rss:1kB, file-rss:0kB",
		NULL,
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, after_pid);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].pid, 30502);
	assert_string_equal(f.ev[0].comm, "cc1");
	assert_string_equal(f.ev[0].host, "t6360003");
	assert_string_equal(f.ev[0].trigger_comm, "basename");
	assert_string_equal(f.ev[0].gfp_mask, "0xd0");
	assert_int_equal(f.ev[0].order, 2);
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, after_killed);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].pid, 27519);
	assert_string_equal(f.ev[0].comm, "sh");
	assert_string_equal(f.ev[0].host, "t6360003");
	assert_int_equal(f.ev[0].order, 2);
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, shell_killed);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, open_then_shell);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, not_prefix);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_true(f.ev[0].host[0] == '\0');
	feed_free(&f);
}

/* A kill record a mail client wrapped right after "Killed process": the
 * pid, comm and sizes on the next lines, the lead-in kept. Near misses:
 * prose ending in the words, and the kernel's record whose next line is
 * no pid. */
static void test_kill_record_wrapped_after_killed_process(void **state)
{
	static const char *const wrapped[] = {
		"Feb  5 15:40:56 Tower kernel: Memory cgroup out of memory: Killed process",
		"18917 (ffprobe) total-vm:657628kB, anon-rss:486500kB, file-rss:0kB,",
		"shmem-rss:0kB, UID:99 pgtables:1172kB oom_score_adj:0",
		NULL,
	};
	static const char *const prose[] = {
		"Feb  5 15:40:56 Tower kernel: the log says Killed process",
		"12 (x) total-vm:10kB, anon-rss:1kB, file-rss:0kB,",
		NULL,
	};
	static const char *const no_pid[] = {
		"Feb  5 15:40:56 Tower kernel: Out of memory: Killed process",
		"see the attachment",
		NULL,
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, wrapped);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 18917);
	assert_string_equal(f.ev[0].comm, "ffprobe");
	assert_string_equal(f.ev[0].host, "Tower");
	assert_int_equal(f.ev[0].total_vm_kb, 657628);
	assert_int_equal(f.ev[0].shmem_rss_kb, 0);
	assert_int_equal(f.ev[0].oom_score_adj, 0);
	assert_int_equal(f.ev[0].line, 2); /* the line with the pid, as after "Killed" */
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, prose);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);

	feed_init(&f);
	push_all(&f, no_pid);
	finish(&f);
	assert_int_equal(f.n, 0);
	feed_free(&f);
}

static void test_retyped_record_near_misses(void **state)
{
	static const char *const lines[] = {
		"the oom killer killed process 1234 (java) last night",
		"killed process 1234 (java) total vm was 2 GB",
		"killed process java (pid=659, ve=101) total-vm:100kB",
		"OOM killed process java (pid=659, ve=101) exited, free=12345.",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct feed f;

		feed_init(&f);
		push(&f, lines[i]);
		finish(&f);
		if (f.n)
			fail_msg("case %zu gave %d events", i, f.n);
		feed_free(&f);
	}
}

/*
 * The kernel lines of issue 7, as the scanner would hand them over when
 * the prefix was not stripped: an indented report keeps its header, CPU
 * line, Mem-Info, table, summary, kill and the reaper lines of earlier
 * victims; a quoted and a dmesg -H kill record; short-monotonic without
 * a host names the failing task, not "kernel".
 */
static void test_wrapped_reports(void **state)
{
	static const char *const indented[] = {
		"    [ 1234.567890] stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
		"    [ 1234.567900] CPU: 2 PID: 4242 Comm: stress Not tainted 6.1.0 #1",
		"    [ 1234.567910] Mem-Info:",
		"    [ 1234.567920] active_anon:1826584 inactive_anon:79410 isolated_anon:0",
		"    [ 1234.567930] Free swap  = 0kB",
		"    [ 1234.567940] Total swap = 0kB",
		"    [ 1234.567950] Tasks state (memory values in pages):",
		"    [ 1234.567960] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"    [ 1234.567970] [   4242]     0  4242   250000   225000  1900544        0             0 stress",
		"    [ 1234.567980] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
		"global_oom,task_memcg=/user.slice,task=stress,pid=4242,uid=0",
		"    [ 1234.567990] Out of memory: Killed process 4242 (stress) total-vm:1000000kB, anon-rss:900000kB, "
		"file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1856kB oom_score_adj:0",
		"    [ 1234.600000] oom_reaper: reaped process 4000 (older), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		"    [ 1234.600001] oom_reaper: reaped process 4242 (stress), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		NULL
	};
	struct feed f;
	const struct oom_event *e = NULL;
	int i, reaps = 0;

	(void)state;
	feed_init(&f);
	push_all(&f, indented);
	finish(&f);
	for (i = 0; i < f.n; i++) {
		if (f.ev[i].kind == EV_OOM_KILL)
			e = &f.ev[i];
		reaps += f.ev[i].kind == EV_OOM_REAP && f.ev[i].pid == 4000;
	}
	assert_non_null(e);
	assert_int_equal(count_kind(&f, EV_OOM_KILL), 1);
	assert_int_equal(reaps, 1);
	assert_int_equal(e->pid, 4242);
	assert_string_equal(e->comm, "stress");
	assert_string_equal(e->trigger_comm, "stress");
	assert_int_equal(e->trigger_pid, 4242);
	assert_string_equal(e->gfp_mask, "0x100cca");
	assert_int_equal(e->swap_total_kb, 0);
	assert_int_equal(e->swap_free_kb, 0);
	assert_string_equal(e->constraint, "CONSTRAINT_NONE");
	assert_string_equal(e->task_memcg, "/user.slice");
	assert_int_equal(e->reaped, 1);
	assert_int_equal(e->anon_rss_kb, 900000);
	feed_free(&f);

	feed_init(&f);
	push(&f, "> > Killed process 4242 (stress) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB");
	push(&f, "[  +0.006766] Killed process 4243 (stress) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB");
	push(&f, "[21161.092614] kernel: stress: page allocation failure: order:0, mode:0x800(GFP_NOWAIT), nodemask=(null)");
	finish(&f);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ev[0].pid, 4242);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].anon_rss_kb, 900);
	assert_int_equal(f.ev[1].pid, 4243);
	assert_string_equal(f.ev[1].comm, "stress");
	assert_int_equal(f.ev[2].kind, EV_ALLOC_FAILURE);
	assert_string_equal(f.ev[2].comm, "stress");
	assert_int_equal(f.ev[2].order, 0);
	assert_string_equal(f.ev[2].gfp_mask, "0x800");
	feed_free(&f);
}

/* 2.4 and 2.6 before 2.6.32: selection and kill lines of those kernels. */
static void test_old_kernels(void **state)
{
	static const char *const k2616[] = {
		"oom-killer: gfp_mask=0x201d2, order=0",
		"Out of Memory: Kill process 3129 (httpd) score 93875 and children.",
		"Out of memory: Killed process 3130 (httpd).",
		NULL
	};
	struct feed f;

	(void)state;
	feed_init(&f);
	push_all(&f, k2616);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 3130);
	assert_string_equal(f.ev[0].comm, "httpd");
	assert_int_equal(f.ev[0].score, 93875);
	assert_string_equal(f.ev[0].gfp_mask, "0x201d2");
	assert_int_equal(f.n_notes, 0);
	feed_free(&f);

	feed_init(&f);
	push(&f, "Out of Memory: Killed process 475 (identd).");
	push(&f, "VM: killing process gcc");
	push(&f, "__alloc_pages: 0-order allocation failed (gfp=0x1d2/0)");
	finish(&f);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ev[0].pid, 475);
	assert_true(f.ev[1].pid == INT64_MIN);
	assert_string_equal(f.ev[1].comm, "gcc");
	assert_int_equal(f.ev[1].kind, EV_OOM_KILL);
	assert_int_equal(f.ev[2].kind, EV_ALLOC_FAILURE);
	assert_int_equal(f.ev[2].order, 0);
	assert_string_equal(f.ev[2].gfp_mask, "0x1d2");
	feed_free(&f);
}

/* Archive pastes: messages glued into one line, a 3.x vmalloc failure's
 * size on the line before its failure, a header cut off before Task in. */
static void test_pasted_oddities(void **state)
{
	struct feed f;

	(void)state;
	feed_init(&f);
	push(&f, "> Killed process 19271 (trashapplet)Out of memory: kill process 12475 (qemu) score 7899 or a "
		 "childOut of memory: kill process 12475 (qemu) score 7899 or a childKilled process 12475 (qemu)"
		 "Killed process 12475 (qemu)");
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ev[0].pid, 19271);
	assert_string_equal(f.ev[0].comm, "trashapplet");
	assert_int_equal(f.ev[1].pid, 12475);
	assert_string_equal(f.ev[1].comm, "qemu");
	assert_int_equal(f.ev[1].score, 7899);
	assert_ledger(&f);
	feed_free(&f);

	/* A wrapped summary after a kill that turns out to name another pid
	 * is the next kill's anchor, not a fold into the held one (fuzz). */
	feed_init(&f);
	push(&f, "Killed process 7 (x)");
	push(&f, "oom-kill:constraint=CONSTRAINT_NONE,");
	push(&f, "task_memcg=/a,task=y,pid=8,uid=0");
	finish(&f);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ev[0].pid, 7);
	assert_int_equal(f.ev[1].pid, 8);
	assert_ledger(&f);
	feed_free(&f);

	/* Every lead-in of the table's KS_GLUE rows splits a glued line:
	 * "Out of Memory: " (2.4), "Memory cgroup out of memory: " (memcg). */
	feed_init(&f);
	push(&f, "Killed process 11 (a)Out of Memory: Killed process 12 (b)"
		 "Memory cgroup out of memory: Killed process 13 (c) total-vm:10kB, anon-rss:5kB, "
		 "file-rss:0kB, shmem-rss:0kB");
	finish(&f);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.ev[0].pid, 11);
	assert_int_equal(f.ev[1].pid, 12);
	assert_int_equal(f.ev[2].pid, 13);
	assert_int_equal(f.ev[2].kind, EV_MEMCG_OOM_KILL);
	assert_ledger(&f);
	feed_free(&f);

	feed_init(&f);
	push(&f, "[195207.149216] vmalloc: allocation failure: 37798136 bytes");
	push(&f, "[195207.149217] insmod: page allocation failure: order:0, mode:0xd2");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ev[0].comm, "insmod");
	assert_int_equal(f.ev[0].requested_bytes, 37798136);
	feed_free(&f);

	feed_init(&f);
	push(&f, "Task in /kubepods/pod1/abc killed as a result of limit of /kubepods/pod1");
	push(&f, "memory: usage 524288kB, limit 524288kB, failcnt 0");
	push(&f, "Memory cgroup out of memory: Kill process 62685 (bash) score 0 or sacrifice child");
	push(&f, "Killed process 62769 (");
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(f.ev[0].pid, 62769);
	assert_string_equal(f.ev[0].task_memcg, "/kubepods/pod1/abc");
	assert_int_equal(f.ev[0].memcg_limit_kb, 524288);
	feed_free(&f);
}

/* Builds "/kubepods/<n bytes of path>" into buf. */
static void long_path(char *buf, size_t n)
{
	size_t i;

	memcpy(buf, "/kubepods", 9);
	for (i = 9; i < n; i++)
		buf[i] = (i % 40 == 0) ? '/' : (char)('a' + i % 26);
	buf[n] = '\0';
}

/* Cgroup paths up to 4096 bytes come out whole (kind, Podman); longer
 * ones are cut and flagged; a copied event keeps its path. */
static void test_long_cgroup_paths(void **state)
{
	static char path[6000], line[13000];
	static const size_t lens[] = { 300, 3000, 4096, 5000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct feed f;
		struct oom_event copy;

		long_path(path, lens[i]);
		feed_init(&f);
		push(&f, "a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
		snprintf(line, sizeof(line), "Task in %s killed as a result of limit of %s", path, path);
		assert_int_equal(push(&f, line), KERN_CONSUMED);
		push(&f, "Memory cgroup out of memory: Killed process 7 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB");
		finish(&f);
		assert_int_equal(f.n, 1);
		copy = f.ev[0];
		if (lens[i] <= EV_MEMCG_MAX) {
			assert_string_equal(event_task_memcg(&copy), path);
			assert_string_equal(event_oom_memcg(&copy), path);
			assert_false(copy.cut & (EV_CUT_TASK_MEMCG | EV_CUT_OOM_MEMCG));
		} else {
			assert_int_equal(strlen(event_task_memcg(&copy)), EV_MEMCG_INLINE - 1);
			assert_true(copy.cut & EV_CUT_TASK_MEMCG);
		}
		assert_int_equal(strncmp(copy.task_memcg, path, EV_MEMCG_INLINE - 1), 0);
		feed_free(&f);
	}

	/* The summary line carries them too. */
	{
		struct feed f;

		long_path(path, 700);
		feed_init(&f);
		snprintf(line, sizeof(line),
			 "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
			 "oom_memcg=%s,task_memcg=%s/c,task=a,pid=9,uid=0", path, path);
		push(&f, line);
		finish(&f);
		assert_int_equal(f.n, 1);
		assert_string_equal(event_oom_memcg(&f.ev[0]), path);
		assert_int_equal(strlen(event_task_memcg(&f.ev[0])), 702);
		feed_free(&f);
	}
}

static void test_may_start(void **state)
{
	(void)state;
	assert_true(kern_may_start(span_make("a invoked oom-killer: x", 23)));
	assert_true(kern_may_start(span_make("Killed process 1 (x)", 20)));
	assert_true(kern_may_start(span_make("x: page allocation failure: order:0", 35)));
	assert_false(kern_may_start(span_make("eth0: link up", 13)));
	assert_false(kern_may_start(span_make("", 0)));
}

static void assert_line_order(const struct feed *f)
{
	int i;

	for (i = 1; i < f->n; i++)
		assert_true(f->ev[i - 1].line < f->ev[i].line);
}

static void assert_ledger(const struct feed *f)
{
	uint64_t anchors, folded;

	kern_asm_ledger(f->k, &anchors, &folded);
	assert_int_equal(anchors, (uint64_t)f->n + folded + (uint64_t)f->n_notes);
	assert_int_equal(kern_asm_dropped(f->k), 0);
	assert_int_equal(kern_asm_notes_dropped(f->k), 0);
}

/* A dense central log: one kill waits for a reaper line that never comes
 * while hundreds of other hosts' kills finish behind it. The queue must not
 * overflow: the held kill leaves early, every event comes out once and in
 * line order. */
static void test_dense_held_kill(void **state)
{
	struct feed f;
	char host[32], line[256];
	int i, n = 600;

	(void)state;
	feed_init(&f);
	f.host = "held";
	push(&f, "Memory cgroup out of memory: Killed process 630913 (mysqld) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB");
	for (i = 0; i < n; i++) {
		snprintf(host, sizeof(host), "node%02d", i % 50);
		f.host = host;
		snprintf(line, sizeof(line),
			 "Out of memory: Killed process %d (w) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
			 1000 + i);
		push(&f, line);
		snprintf(line, sizeof(line),
			 "oom_reaper: reaped process %d (w), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", 1000 + i);
		push(&f, line);
	}
	finish(&f);
	assert_int_equal(f.n, n + 1);
	assert_int_equal(f.ev[0].pid, 630913);
	assert_int_equal(f.ev[0].kind, EV_MEMCG_OOM_KILL);
	for (i = 1; i <= n; i++)
		assert_int_equal(f.ev[i].reaped, 1);
	assert_line_order(&f);
	assert_ledger(&f);
	feed_free(&f);
}

/* 1,000 kills held for reaper lines that never come, on 250 hosts: the
 * sweep that releases them after the line budget waits for room instead of
 * pushing them all into the queue at once. */
static void test_sweep_waits_for_room(void **state)
{
	struct feed f;
	char host[32], line[256];
	int i, j;

	(void)state;
	feed_init(&f);
	for (i = 0; i < 250; i++) {
		snprintf(host, sizeof(host), "node-%03d", i);
		f.host = host;
		for (j = 0; j < 4; j++) {
			snprintf(line, sizeof(line),
				 "Out of memory: Killed process %d (w) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
				 10000 + i * 4 + j);
			push(&f, line);
		}
	}
	assert_int_equal(f.n, 0);
	f.host = "quiet";
	for (i = 0; i < 6000; i++)
		push(&f, "Mem-Info:");
	assert_int_equal(f.n, 1000);
	assert_line_order(&f);
	assert_ledger(&f);
	feed_free(&f);
}

/* Reports closed as incomplete: a header cut off by the next one, a
 * selection line whose kill record never came, a no-killable line closing
 * its report. The ledger counts each anchor once. */
static void test_ledger_incomplete(void **state)
{
	static const char *const lines[] = {
		"a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"Out of memory and no killable processes...",
		"Out of memory: Kill process 77 (x) score 900 or sacrifice child",
		"c invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"Out of memory: Killed process 78 (y) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
		NULL,
	};
	struct feed f;
	uint64_t anchors, folded;

	(void)state;
	feed_init(&f);
	push_all(&f, lines);
	finish(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.n_notes, 3);
	kern_asm_ledger(f.k, &anchors, &folded);
	assert_int_equal(anchors, 6);
	assert_int_equal(folded, 2);
	assert_ledger(&f);
	feed_free(&f);
}

/* ---- kern_asm_pending against kern_asm_pop ---- */

#define PQ_HOSTS 6

/* One random line of a dense log: kill records whose reaper line comes
 * late or never, whole reports whose summary waits for its kill record,
 * allocation failures, noise. *host gets the host's name. */
static void pq_line(uint64_t *x, int *next_pid, int last_pid[PQ_HOSTS], int step[PQ_HOSTS], char *host,
		    size_t hn, char *line, size_t n)
{
	int h = (int)(th_rand64(x) % PQ_HOSTS), r = (int)(th_rand64(x) % 16);

	snprintf(host, hn, "pq%d", h);
	if (step[h] > 0) { /* a report in progress on this host */
		switch (step[h]++) {
		case 1:
			snprintf(line, n, "CPU: 1 PID: %d Comm: w Not tainted 6.1.0 #1", last_pid[h]);
			return;
		case 2:
			snprintf(line, n,
				 "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
				 "oom_memcg=/kubepods/pod%d,task_memcg=/kubepods/pod%d/c,task=w,pid=%d,uid=0",
				 h, h, last_pid[h]);
			return;
		default:
			snprintf(line, n,
				 "Memory cgroup out of memory: Killed process %d (w) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
				 last_pid[h]);
			step[h] = 0;
			return;
		}
	}
	if (r < 4) {
		last_pid[h] = (*next_pid)++;
		snprintf(line, n,
			 "Out of memory: Killed process %d (w) total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB",
			 last_pid[h]);
	} else if (r < 8 && last_pid[h]) {
		snprintf(line, n, "oom_reaper: reaped process %d (w), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
			 last_pid[h]);
	} else if (r < 10) {
		last_pid[h] = (*next_pid)++;
		step[h] = 1;
		snprintf(line, n, "w invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
	} else if (r == 10) {
		snprintf(line, n, "w: page allocation failure: order:2, mode:0x20, nodemask=(null)");
	} else if (r == 11) {
		snprintf(line, n, "Total swap = 1024kB");
	} else {
		snprintf(line, n, "usb 1-1: new high-speed USB device number %d", r);
	}
}

/* Pops up to bite events (the scanner's room) and every note. */
static void pq_pop(struct feed *f, int bite)
{
	struct oom_event ev;
	struct oom_note note;

	while (bite-- > 0 && kern_asm_pop(f->k, &ev)) {
		assert_true(f->n < MAXEV);
		f->ev[f->n++] = ev;
	}
	while (kern_asm_pop_note(f->k, &note))
		f->n_notes++;
}

/* kern_asm_push_pre takes the kernel pass from a pre made on the very span
 * of the message, and makes its own for a pre made on another span, one
 * that did not fit, or none: random dense reports with the table's
 * examples among them give the same events, notes and ledger as
 * kern_asm_push, line by line. (Two line buffers take turns, so the
 * line before's pre is another span.) */
static void test_pre_pass_same_events(void **state)
{
	char host[16], line[2][256];
	int round, i, used = 0;
	uint64_t x = 0x243f6a8885a308d3ull;

	(void)state;
	for (round = 0; round < 40; round++) {
		struct feed ref, got;
		struct kern_pre pre[2];
		int next_pid = 100, last_pid[PQ_HOSTS] = { 0 }, step[PQ_HOSTS] = { 0 };
		uint64_t ra, rf, ga, gf;

		feed_init(&ref);
		feed_init(&got);
		memset(pre, 0, sizeof(pre));
		for (i = 0; i < 600; i++) {
			char *ln = line[i % 2];
			struct kern_pre *use = NULL, spoilt;
			struct line_meta m;

			if (th_rand64(&x) % 6 == 0)
				snprintf(ln, sizeof(line[0]), "%s",
					 kern_shapes[th_rand64(&x) % (uint64_t)kern_nshapes].example);
			else
				pq_line(&x, &next_pid, last_pid, step, host, sizeof(host), ln, sizeof(line[0]));
			meta_for(&m, host, ln, strlen(ln), INT64_MIN);
			kern_pre_make(NULL, m.msg, &pre[i % 2]);
			switch (th_rand64(&x) % 4) {
			case 0:
			case 1:
				use = &pre[i % 2];
				used += use->ok;
				break;
			case 2:
				use = i ? &pre[(i + 1) % 2] : NULL; /* the line before's */
				break;
			default:
				spoilt = pre[i % 2];
				spoilt.ok = 0;
				memset(spoilt.step, 0, sizeof(spoilt.step));
				use = &spoilt;
				break;
			}
			kern_asm_push(ref.k, "test", ++ref.line, &m);
			kern_asm_push_pre(got.k, "test", ++got.line, &m, use);
			pq_pop(&ref, 1000);
			pq_pop(&got, 1000);
		}
		finish(&ref);
		finish(&got);
		assert_true(ref.n > 0);
		assert_int_equal(got.n, ref.n);
		assert_int_equal(got.n_notes, ref.n_notes);
		for (i = 0; i < ref.n; i++) {
			const struct oom_event *a = &ref.ev[i], *b = &got.ev[i];

			assert_int_equal(b->line, a->line);
			assert_int_equal(b->kind, a->kind);
			assert_int_equal(b->pid, a->pid);
			assert_int_equal(b->reaped, a->reaped);
			assert_int_equal(b->anon_rss_kb, a->anon_rss_kb);
			assert_string_equal(b->host, a->host);
			assert_string_equal(b->comm, a->comm);
			assert_string_equal(b->constraint, a->constraint);
			assert_string_equal(b->task_memcg, a->task_memcg);
			assert_string_equal(b->trigger_comm, a->trigger_comm);
		}
		kern_asm_ledger(ref.k, &ra, &rf);
		kern_asm_ledger(got.k, &ga, &gf);
		assert_int_equal(ga, ra);
		assert_int_equal(gf, rf);
		feed_free(&ref);
		feed_free(&got);
	}
	assert_true(used > 1000);
}

/* After every line of random dense logs, kern_asm_pending's "no events"
 * (the word kern_asm_pending_word points at) implies that kern_asm_pop's rule, found anew, returns nothing; a caller
 * that pops only when pending says so gets every event, in the same order
 * and with the same fields, as one that pops after every line (both take
 * the same random bites, as the scanner's room allows). */
static void test_pending_never_hides(void **state)
{
	char host[16], line[256];
	int round, i;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (round = 0; round < 60; round++) {
		struct feed ref, got;
		int next_pid = 100, last_pid[PQ_HOSTS] = { 0 }, step[PQ_HOSTS] = { 0 };
		int lines = 200 + (int)(th_rand64(&x) % 1200), blocked = 0;
		int small = round % 2; /* small bites: the queue fills up */

		feed_init(&ref);
		feed_init(&got);
		for (i = 0; i < lines; i++) {
			struct line_meta m;
			int bite = small ? (int)(th_rand64(&x) % 3) : 1000;
			unsigned pending;

			pq_line(&x, &next_pid, last_pid, step, host, sizeof(host), line, sizeof(line));
			meta_for(&m, host, line, strlen(line), INT64_MIN);
			kern_asm_push(ref.k, "test", ++ref.line, &m);
			kern_asm_push(got.k, "test", ++got.line, &m);
			if (th_rand64(&x) % 97 == 0) {
				kern_asm_flush(ref.k, 0);
				kern_asm_flush(got.k, 0);
			}
			pq_pop(&ref, bite);
			/* the word the scanner reads after every line */
			pending = *kern_asm_pending_word(got.k);
			assert_int_equal(pending, kern_asm_pending(got.k));
			if (!(pending & KERN_PENDING_NOTES)) {
				struct oom_note note;

				assert_false(kern_asm_pop_note(got.k, &note));
			}
			if (!(pending & KERN_PENDING_EVENTS)) {
				if (!kern_asm_pop_waits(got.k))
					fail_msg("round %d line %d: pending says no event, pop would return one",
						 round, i);
				blocked++;
				bite = 0;
			}
			pq_pop(&got, bite);
		}
		finish(&ref);
		finish(&got);
		assert_true(blocked > 0);
		assert_true(ref.n > 0);
		assert_int_equal(got.n, ref.n);
		assert_int_equal(got.n_notes, ref.n_notes);
		for (i = 0; i < ref.n; i++) {
			assert_int_equal(got.ev[i].line, ref.ev[i].line);
			assert_int_equal(got.ev[i].pid, ref.ev[i].pid);
			assert_int_equal(got.ev[i].kind, ref.ev[i].kind);
			assert_int_equal(got.ev[i].reaped, ref.ev[i].reaped);
		}
		assert_int_equal(kern_asm_dropped(got.k), 0);
		feed_free(&ref);
		feed_free(&got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_memcg_report),
		cmocka_unit_test(test_vm_enough_head_only),
		cmocka_unit_test(test_header_cut_after_phrase),
		cmocka_unit_test(test_selection_pid_differs),
		cmocka_unit_test(test_awkward_comms),
		cmocka_unit_test(test_summary_comm_with_separators),
		cmocka_unit_test(test_summary_anchors_kill),
		cmocka_unit_test(test_summary_abridged_oom_memcg),
		cmocka_unit_test(test_reaper_folding),
		cmocka_unit_test(test_contextless_kills),
		cmocka_unit_test(test_no_kill_reports),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_interleaved_hosts),
		cmocka_unit_test(test_host_table_eviction),
		cmocka_unit_test(test_flush_many_hosts),
		cmocka_unit_test(test_long_host),
		cmocka_unit_test(test_hosts_one_byte_apart),
		cmocka_unit_test(test_kill_sizes_as_by_key),
		cmocka_unit_test(test_summary_as_searches),
		cmocka_unit_test(test_gfp_mask_as_printf),
		cmocka_unit_test(test_every_cut),
		cmocka_unit_test(test_may_start),
		cmocka_unit_test(test_shape_table),
		cmocka_unit_test(test_numbers_never_drop),
		cmocka_unit_test(test_cut_sizes_stay_null),
		cmocka_unit_test(test_retyped_record_near_misses),
		cmocka_unit_test(test_right_aligned_pid),
		cmocka_unit_test(test_flattened_old_record_comm),
		cmocka_unit_test(test_summary_without_constraint),
		cmocka_unit_test(test_bare_alloc_named_in_words),
		cmocka_unit_test(test_selection_wrapped_after_pid),
		cmocka_unit_test(test_selection_wrapped_after_kill_process),
		cmocka_unit_test(test_selection_wrapped_after_score),
		cmocka_unit_test(test_kill_record_wrapped_after_comm),
		cmocka_unit_test(test_kill_record_wrapped_after_uid),
		cmocka_unit_test(test_orphan_reaper_wrapped),
		cmocka_unit_test(test_quoted_failure_comm),
		cmocka_unit_test(test_quoted_failure_phrase_and_heading),
		cmocka_unit_test(test_kill_record_wrapped_inside_key),
		cmocka_unit_test(test_kill_record_wrapped_after_pid_comm_and_fields_next),
		cmocka_unit_test(test_slub_unable_to_allocate),
		cmocka_unit_test(test_glued_console_text_before_comm),
		cmocka_unit_test(test_reflowed_syslog_glued_prefixes),
		cmocka_unit_test(test_kill_record_wrapped_after_killed_process),
		cmocka_unit_test(test_wrapped_reports),
		cmocka_unit_test(test_old_kernels),
		cmocka_unit_test(test_long_cgroup_paths),
		cmocka_unit_test(test_pasted_oddities),
		cmocka_unit_test(test_dense_held_kill),
		cmocka_unit_test(test_sweep_waits_for_room),
		cmocka_unit_test(test_ledger_incomplete),
		cmocka_unit_test(test_pending_never_hides),
		cmocka_unit_test(test_pass_finds_every_phrase),
		cmocka_unit_test(test_note_quotes_long_lines),
		cmocka_unit_test(test_may_start_is_the_anchor_prefilter),
		cmocka_unit_test(test_pass_matches_plain_search),
		cmocka_unit_test(test_pass_memo_matches_pass),
		cmocka_unit_test(test_pre_make_memo_matches),
		cmocka_unit_test(test_pre_pass_same_events),
		cmocka_unit_test(test_take_i64_matches_strtoll),
		cmocka_unit_test(test_report_across_decoys),
	};

	return cmocka_run_group_tests(tests, th_guard_setup, th_guard_teardown);
}
