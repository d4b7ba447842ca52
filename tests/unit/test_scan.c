/*
 * test_scan.c - unit tests for the scanner pipeline (prefix -> kernel
 * assembler and application rules -> events) on in-memory strings: rsyslog
 * "#012" splitting, journal JSON messages with newlines, /dev/kmsg records,
 * systemd "killed by the OOM killer" notices folding into the kernel's kill
 * of the same unit (and staying separate without one), line numbers, and a
 * final flush that releases more events than the queues hold.
 *
 * Single-threaded test program.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../parsers/apprules.h"
#include "../../parsers/kernel.h"
#include "../../parsers/kernel_int.h"
#include "../../parsers/prefilter.h"
#include "../../parsers/scan.h"
#include "helpers.h"

#define MAXEV 1024

static struct app_rules *rules;
static int64_t boot_usec; /* test_scanner's scan_config.boot_usec */

struct run {
	struct oom_event *ev; /* MAXEV of them */
	int n;
	struct oom_note *notes; /* MAXEV of them */
	int n_notes;
	struct scan_stats st;
};

static int setup(void **state)
{
	char err[256];

	(void)state;
	rules = app_rules_new(err, sizeof(err));
	if (!rules) {
		fprintf(stderr, "app_rules_new: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_rules_free(rules);
	return 0;
}

static void collect(struct scanner *s, struct run *r)
{
	struct oom_event ev;
	struct oom_note n;

	while (scan_pop(s, &ev)) {
		assert_true(r->n < MAXEV);
		r->ev[r->n++] = ev;
	}
	while (scan_pop_note(s, &n)) {
		assert_true(r->n_notes < MAXEV);
		r->notes[r->n_notes++] = n;
	}
}

/* A scanner with the tests' rules, year 2024 and boot_usec, named "mem";
 * no_prefilter: every line through the parsers. */
static struct scanner *test_scanner(int no_prefilter)
{
	struct scan_config cfg;
	struct scanner *s;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	cfg.year_hint = 2024;
	cfg.boot_usec = boot_usec;
	cfg.no_prefilter = no_prefilter;
	s = scan_new(&cfg, "mem");
	assert_non_null(s);
	assert_string_equal(scan_source(s), "mem");
	return s;
}

/* Feeds text with or without the prefilters, line by line (block 0: split
 * at '\n', which the scanner never sees) or as one block indexed by a
 * reader thread (1: with the line mark) or by the scanner (2), into r. */
static void feed_run(const char *text, int no_prefilter, int block, struct run *r)
{
	struct scanner *s = test_scanner(no_prefilter);

	memset(r, 0, sizeof(*r));
	r->ev = calloc(MAXEV, sizeof(*r->ev));
	r->notes = calloc(MAXEV, sizeof(*r->notes));
	assert_non_null(r->ev);
	assert_non_null(r->notes);
	if (block) {
		struct pf_hit hit[64];
		struct pf_index ix = { .hit = hit, .cap = 64 };
		struct scan_block b;
		static struct scan_pre pre[64];
		static _Atomic size_t pre_n;

		/* 1: the block's index; 3: with the reader thread's hints made
		 * ahead for every hit; 2: the scanner indexes for itself */
		if (block == 1 || block == 3)
			prefilter_index(scan_line_gate(s), scan_line_mark(s), span_from_cstr(text), 0, &ix);
		scan_block_init(&b, span_from_cstr(text), block == 2 ? NULL : &ix);
		if (block == 3) {
			struct kern_memo *memo = kern_memo_new();

			assert_non_null(memo);
			for (size_t i = 0; i < ix.n; i++)
				scan_pre_fill(memo, span_from_cstr(text), i ? ix.hit[i - 1].end + 1 : 0,
					      &ix.hit[i], &pre[i]);
			kern_memo_free(memo);
			pre_n = ix.n;
			b.pre = pre;
			b.pre_n = &pre_n;
		}
		while (scan_block_push(s, &b))
			collect(s, r);
		collect(s, r);
	} else {
		const char *p = text, *e;

		while (*p) {
			e = strchr(p, '\n');
			if (!e)
				e = p + strlen(p);
			scan_push(s, span_make(p, (size_t)(e - p)), 0);
			collect(s, r);
			p = *e ? e + 1 : e;
		}
	}
	scan_flush(s, 1);
	collect(s, r);
	r->st = *scan_stats(s);
	scan_free(s);
}

/* Scans the lines of text, one at a time. */
static void scan_text(const char *text, struct run *r)
{
	feed_run(text, 0, 0, r);
}

static void run_free(struct run *r)
{
	free(r->ev);
	free(r->notes);
}

static int count_kind(const struct run *r, enum ev_kind kind)
{
	int i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->ev[i].kind == kind;
	return n;
}

/* ---- tests ---- */

/* rsyslog writes a multi-line printk as one line with "#012": every piece is
 * a line of its own for the assembler. */
static void test_escaped_012(void **state)
{
	static const char text[] =
		"Nov  3 17:22:08 app07 kernel: python3 invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n"
		"Nov  3 17:22:08 app07 kernel: CPU: 1 PID: 18203 Comm: python3 Not tainted 3.10.0-1160.el7.x86_64 #1\n"
		"Nov  3 17:22:08 app07 kernel: Mem-Info:\n"
		"Nov  3 17:22:08 app07 kernel: active_anon:1846218 inactive_anon:22063 isolated_anon:0#012 active_file:66"
		"#012 free:25315 free_pcp:62 free_cma:0#012Free swap  = 512kB#012Total swap = 1048572kB\n"
		"Nov  3 17:22:08 app07 kernel: Out of memory: Kill process 18203 (python3) score 917 or sacrifice child\n"
		"Nov  3 17:22:08 app07 kernel: Killed process 18203 (python3), UID 1000, total-vm:7649760kB, "
		"anon-rss:7384044kB, file-rss:0kB, shmem-rss:0kB\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(r.ev[0].pid, 18203);
	assert_int_equal(r.ev[0].uid, 1000);
	assert_int_equal(r.ev[0].line, 6);
	assert_string_equal(r.ev[0].host, "app07");
	/* Only visible if the #012 pieces were split. */
	assert_int_equal(r.ev[0].swap_free_kb, 512);
	assert_int_equal(r.ev[0].swap_total_kb, 1048572);
	assert_int_equal(r.st.lines, 6);
	run_free(&r);
}

/* Text from a web page's source: its entities are decoded before the
 * rules read it (a rule's literal "Killing '" is only in the decoded
 * text), by every way the scanner is fed, after a line without an anchor
 * too. */
static void test_html_entities(void **state)
{
	static const char text[] =
		"root      3028  3026  122572 3956  ffffffff b6efb644 S /system/bin/bootanimation\n"
		"&lt;6&gt;lowmemorykiller: Killing &#39;d.play.games.ui&#39; (2613), adj 1000,\n"
		"&lt;6&gt;   to free 20784kB on behalf of &#39;kswapd0&#39; (442) because\n"
		"&lt;6&gt;   cache 32112kB is below limit 32384kB for oom_score_adj 1000\n"
		"Exception in thread &quot;main&quot; java.lang.OutOfMemoryError: Java heap space\n";
	struct run r;
	int way;

	(void)state;
	for (way = 0; way < 4; way++) {
		feed_run(text, 0, way, &r);
		assert_int_equal(r.n, 2);
		assert_int_equal(r.ev[0].kind, EV_OOM_KILL);
		assert_int_equal(r.ev[0].pid, 2613);
		assert_string_equal(r.ev[0].comm, "d.play.games.ui");
		assert_string_equal(r.ev[0].trigger_comm, "kswapd0");
		assert_int_equal(r.ev[1].kind, EV_RUNTIME_OOM);
		assert_string_equal(r.ev[1].runtime, "jvm");
		run_free(&r);
	}
}

/* A page's highlighted block kept as escaped markup: every space an
 * "&nbsp;", every former line closed by "</div>", all on one line. */
static void test_html_markup_block(void **state)
{
	static const char text[] =
		"<pre><code>&lt;div class=\"line\">&lt;span>Aug&nbsp;15&nbsp;12:09:03&nbsp;host&nbsp;kernel:&nbsp;"
		"[1340695.340552]&nbsp;Memory&nbsp;cgroup&nbsp;out&nbsp;of&nbsp;memory:&nbsp;Kill&nbsp;process&nbsp;22607"
		"&nbsp;(stress)&nbsp;score&nbsp;210&nbsp;or&nbsp;sacrifice&nbsp;child&lt;/span>&lt;/div>&lt;div "
		"class=\"line\">&lt;span>Aug&nbsp;15&nbsp;12:09:03&nbsp;host&nbsp;kernel:&nbsp;[1340695.340556]&nbsp;"
		"Killed&nbsp;process&nbsp;22607&nbsp;(stress)&nbsp;total-vm:8396092kB,&nbsp;anon-rss:363184kB,&nbsp;"
		"file-rss:176kB,&nbsp;shmem-rss:0kB&lt;/span>&lt;/div></code></pre>\n";
	/* near misses: prose with entities, and a line broken by <br> that
	 * names a kill without a record */
	static const char prose[] =
		"<p>The&nbsp;OOM&nbsp;killer&nbsp;killed&nbsp;process&nbsp;22607&nbsp;last&nbsp;night.<br />"
		"Out&nbsp;of&nbsp;memory&nbsp;&amp;&nbsp;no&nbsp;swap&nbsp;&lt;sigh&gt;</p>\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(r.ev[0].pid, 22607);
	assert_string_equal(r.ev[0].comm, "stress");
	assert_string_equal(r.ev[0].host, "host");
	assert_int_equal(r.ev[0].anon_rss_kb, 363184);
	assert_int_equal(r.ev[0].shmem_rss_kb, 0);
	run_free(&r);

	/* as a block the index marks the line: no needle in its own bytes */
	feed_run(text, 0, 1, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].pid, 22607);
	run_free(&r);

	scan_text(prose, &r);
	assert_int_equal(r.n, 0);
	run_free(&r);
}

/* A whole report inside one "#012"-joined line. */
static void test_escaped_012_whole_report(void **state)
{
	static const char text[] =
		"Jun 30 02:14:55 pve2 kernel: leaker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"
		"#012CPU: 3 PID: 23790 Comm: leaker Not tainted 5.10.0 #1"
		"#012memory: usage 524288kB, limit 524288kB, failcnt 112"
		"#012oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/leaker,"
		"task_memcg=/leaker,task=leaker,pid=23793,uid=0"
		"#012Memory cgroup out of memory: Killed process 23793 (leaker) total-vm:2623712kB, anon-rss:506500kB, "
		"file-rss:1268kB, shmem-rss:0kB, UID:0 pgtables:1092kB oom_score_adj:0\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(r.ev[0].pid, 23793);
	assert_int_equal(r.ev[0].trigger_pid, 23790);
	assert_int_equal(r.ev[0].memcg_limit_kb, 524288);
	assert_int_equal(r.ev[0].line, 1);
	run_free(&r);
}

/* journalctl -o json: a MESSAGE holding "\n" is split like #012. */
static void test_journal_json_newlines(void **state)
{
	static const char text[] =
		"{\"__REALTIME_TIMESTAMP\":\"1712661631552101\",\"__MONOTONIC_TIMESTAMP\":\"73301552101\","
		"\"_HOSTNAME\":\"dockhost\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\","
		"\"MESSAGE\":\"gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\"}\n"
		"{\"__REALTIME_TIMESTAMP\":\"1712661631552110\",\"__MONOTONIC_TIMESTAMP\":\"73301552110\","
		"\"_HOSTNAME\":\"dockhost\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\","
		"\"MESSAGE\":\"memory: usage 786432kB, limit 786432kB, failcnt 1187\\nswap: usage 0kB, limit 0kB, failcnt 0"
		"\\noom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
		"oom_memcg=/system.slice/gunicorn.service,task_memcg=/system.slice/gunicorn.service,task=gunicorn,pid=5112,uid=33\"}\n"
		"{\"__REALTIME_TIMESTAMP\":\"1712661631552119\",\"__MONOTONIC_TIMESTAMP\":\"73301552119\","
		"\"_HOSTNAME\":\"dockhost\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\","
		"\"MESSAGE\":\"Memory cgroup out of memory: Killed process 5112 (gunicorn) total-vm:1622012kB, "
		"anon-rss:779980kB, file-rss:3340kB, shmem-rss:0kB, UID:33 pgtables:1652kB oom_score_adj:0\"}\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(r.ev[0].pid, 5112);
	assert_string_equal(r.ev[0].host, "dockhost");
	assert_int_equal(r.ev[0].memcg_usage_kb, 786432);
	assert_string_equal(r.ev[0].systemd_unit, "gunicorn.service");
	assert_int_equal(r.ev[0].uptime_usec, 73301552119LL);
	assert_int_equal(r.ev[0].line, 3);
	assert_int_equal(r.st.formats[PREFIX_JOURNAL_JSON], 3);
	run_free(&r);
}

/* /dev/kmsg: continuation lines are not messages, \x0a splits a record. */
static void test_kmsg_records(void **state)
{
	static const char text[] =
		"6,81228,73301100221,-;e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex\n"
		" SUBSYSTEM=pci\n"
		" DEVICE=+pci:0000:00:1f.6\n"
		"4,81230,73301552101,-;gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"6,81231,73301552110,-;memory: usage 786432kB, limit 786432kB, failcnt 1187\\x0aswap: usage 0kB, limit 0kB, failcnt 0\n"
		"6,81232,73301552119,-;Memory cgroup out of memory: Killed process 5112 (gunicorn) total-vm:1622012kB, "
		"anon-rss:779980kB, file-rss:3340kB, shmem-rss:0kB, UID:33 pgtables:1652kB oom_score_adj:0\n"
		" SUBSYSTEM=memory\n"
		"6,81233,73301600000,-;oom_reaper: reaped process 5112 (gunicorn), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_MEMCG_OOM_KILL);
	assert_int_equal(r.ev[0].pid, 5112);
	assert_int_equal(r.ev[0].memcg_limit_kb, 786432);
	assert_int_equal(r.ev[0].reaped, 1);
	assert_int_equal(r.ev[0].line, 6);
	assert_int_equal(r.ev[0].uptime_usec, 73301552119LL);
	assert_int_equal(r.st.lines, 8);
	/* No boot time in the config: the event keeps only its uptime. */
	assert_true(r.ev[0].time_sec == EV_NONE);
	run_free(&r);

	/* With the boot time the kmsg source gives, the event leaves the
	 * scanner with boot + uptime as its wall-clock time. */
	boot_usec = 1700000000LL * 1000000 + 250000;
	scan_text(text, &r);
	boot_usec = 0;
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].time_sec, 1700000000LL + 73301);
	assert_int_equal(r.ev[0].time_nsec, (552119 + 250000) * 1000);
	assert_int_equal(r.ev[0].uptime_usec, 73301552119LL);
	run_free(&r);
}

static const char kernel_kill_erigon[] =
	"Sep 23 14:09:17 host kernel: erigon invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
	"Sep 23 14:09:17 host kernel: CPU: 5 PID: 40211 Comm: erigon Not tainted 6.1.0-25-amd64 #1 Debian 6.1.106-3\n"
	"Sep 23 14:09:17 host kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
	"global_oom,task_memcg=/system.slice/erigon.service,task=erigon,pid=40200,uid=998\n"
	"Sep 23 14:09:17 host kernel: Out of memory: Killed process 40200 (erigon) total-vm:31084236kB, "
	"anon-rss:30111908kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:60212kB oom_score_adj:0\n";

/*
 * scan_peek shows the event scan_pop would copy out, stamped, and leaves it
 * (the same one again until scan_drop, counted only then); taking every
 * event by peek and drop gives scan_pop's events, byte for byte: kmsg
 * records stamped from the boot time, syslog kills and a flush's release.
 */
static void test_peek_as_pop(void **state)
{
	static const char text[] =
		"4,81230,73301552101,-;gunicorn invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"6,81232,73301552119,-;Memory cgroup out of memory: Killed process 5112 (gunicorn) total-vm:1622012kB, "
		"anon-rss:779980kB, file-rss:3340kB, shmem-rss:0kB, UID:33 pgtables:1652kB oom_score_adj:0\n"
		"6,81233,73301600000,-;oom_reaper: reaped process 5112 (gunicorn), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n"
		"6,81240,73302552119,-;Out of memory: Killed process 5120 (gunicorn) total-vm:1622012kB, "
		"anon-rss:779980kB, file-rss:3340kB, shmem-rss:0kB, UID:33 pgtables:1652kB oom_score_adj:0\n";
	struct run want;
	struct scanner *s;
	struct oom_event *ev, cmp;
	const char *p = text, *e;
	int n = 0, pass, flushed;

	(void)state;
	boot_usec = 1700000000LL * 1000000 + 250000;
	for (pass = 0; pass < 2; pass++) {
		scan_text(pass ? kernel_kill_erigon : text, &want);
		s = test_scanner(0);
		p = pass ? kernel_kill_erigon : text;
		n = 0;
		for (flushed = 0; !flushed;) {
			if (*p) {
				e = strchr(p, '\n');
				if (!e)
					e = p + strlen(p);
				scan_push(s, span_make(p, (size_t)(e - p)), 0);
				p = *e ? e + 1 : e;
			} else {
				scan_flush(s, 1);
				flushed = 1;
			}
			while ((ev = scan_peek(s)) != NULL) {
				uint64_t counted = scan_stats(s)->events;

				assert_true(scan_peek(s) == ev);
				assert_true(scan_stats(s)->events == counted);
				assert_true(n < want.n);
				/* each scanner has its own copy of the source name
				 * (want's is freed with its scanner) */
				assert_string_equal(ev->source, "mem");
				cmp = *ev;
				cmp.source = want.ev[n].source;
				assert_memory_equal(&cmp, &want.ev[n], sizeof(cmp));
				scan_drop(s);
				assert_true(scan_stats(s)->events == counted + 1);
				n++;
			}
		}
		assert_int_equal(n, want.n);
		assert_true(n >= 1);
		/* the stamp from the boot time was made */
		assert_true(pass || want.ev[0].time_sec == 1700000000LL + 73301);
		scan_free(s);
		run_free(&want);
	}
	boot_usec = 0;
}

static const char systemd_notices_erigon[] =
	"Sep 23 14:09:18 host systemd[1]: erigon.service: A process of this unit has been killed by the OOM killer.\n"
	"Sep 23 14:09:18 host systemd[1]: system.slice: A process of this unit has been killed by the OOM killer.\n"
	"Sep 23 14:09:18 host systemd[1]: erigon.service: Main process exited, code=killed, status=9/KILL\n"
	"Sep 23 14:09:18 host systemd[1]: erigon.service: Failed with result 'oom-kill'.\n";

/* systemd's notices about a unit whose kernel kill is in the input fold
 * into that kill: one event. */
static void test_systemd_notice_folds(void **state)
{
	char text[4096];
	struct run r;

	(void)state;
	snprintf(text, sizeof(text), "%s%s", kernel_kill_erigon, systemd_notices_erigon);
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_OOM_KILL);
	assert_int_equal(r.ev[0].pid, 40200);
	assert_string_equal(r.ev[0].systemd_unit, "erigon.service");
	assert_string_equal(r.ev[0].killer, "kernel");
	run_free(&r);

	/* Notices first (journal order can put them before the kernel's
	 * record): still one event. */
	snprintf(text, sizeof(text), "%s%s", systemd_notices_erigon, kernel_kill_erigon);
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].pid, 40200);
	run_free(&r);
}

/* A kill with no cgroup folds the notice of its program's unit: the
 * unit named as the comm, as the comm without a daemon's "d", or as the
 * comm and a few letters; another program's unit stays apart. */
static void test_systemd_notice_unit_of_comm(void **state)
{
	static const struct {
		const char *unit, *comm;
		int folds;
	} c[] = {
		{ "mysqld.service", "mysqld", 1 },
		{ "mysql.service", "mysqld", 1 },
		{ "ssh.service", "sshd", 1 },
		{ "postgresql.service", "postgres", 1 },
		{ "postgresql@14-main.service", "postgres", 0 },
		{ "my.service", "myd", 1 },
		{ "mysql.service", "mysqldump", 0 },
		{ "redis-server.service", "redis", 0 },
		{ "nginx.service", "ngin", 0 },
		{ "php8.2-fpm.service", "php-fpm8.2", 0 },
		{ "java.service", "javac", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char text[1024];
		struct run r;

		snprintf(text, sizeof(text),
			 "Sep 23 14:09:17 host kernel: Out of memory: Killed process 777 (%s) total-vm:1kB, "
			 "anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
			 "Sep 23 14:09:18 host systemd[1]: %s: A process of this unit has been killed by the OOM "
			 "killer.\n",
			 c[i].comm, c[i].unit);
		scan_text(text, &r);
		if (r.n != (c[i].folds ? 1 : 2))
			fail_msg("%s and %s: %d events", c[i].unit, c[i].comm, r.n);
		assert_int_equal(r.ev[0].pid, 777);
		run_free(&r);
	}
}

/* Without the kernel's kill the notices are the only evidence: one kill
 * event for the deepest unit, no pid. */
static void test_systemd_notice_alone(void **state)
{
	struct run r;

	(void)state;
	scan_text(systemd_notices_erigon, &r);
	assert_int_equal(r.n, 1);
	assert_true(event_is_kill(r.ev[0].kind));
	assert_string_equal(r.ev[0].systemd_unit, "erigon.service");
	assert_int_equal(r.ev[0].pid, EV_NONE);
	run_free(&r);

	/* A kernel kill of another unit does not absorb the notice. */
	{
		char text[4096];
		static const char other[] =
			"Sep 23 14:09:17 host kernel: Out of memory: Killed process 777 (geth) total-vm:1kB, "
			"anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";

		snprintf(text, sizeof(text), "%s%s", other, systemd_notices_erigon);
		scan_text(text, &r);
		assert_int_equal(r.n, 2);
		assert_int_equal(r.ev[0].pid, 777);
		assert_string_equal(r.ev[1].systemd_unit, "erigon.service");
		assert_int_equal(r.ev[1].pid, EV_NONE);
		run_free(&r);
	}
}

/* A kill another record relays with its pid (kubelet's SystemOOM event)
 * is the kernel's kill of that pid when both are in the input: one event,
 * the kernel's. The same pid two hours later, or another pid, is another
 * kill. */
static void test_relay_folds_into_kernel_kill(void **state)
{
	static const char kill[] =
		"Mar 03 10:00:00 node1 kernel: Out of memory: Killed process 4242 (stress) total-vm:826516kB, "
		"anon-rss:819296kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1660kB oom_score_adj:1000\n";
	static const char *const relays[] = {
		/* same pid, 1 s later: folds */
		"Mar 03 10:00:01 node1 kubelet[900]: \"Event occurred\" reason=\"SystemOOM\" "
		"message=\"System OOM encountered, victim process: stress, pid: 4242\"\n",
		/* same pid, two hours later (the pid was used again): another kill */
		"Mar 03 12:00:00 node1 kubelet[900]: \"Event occurred\" reason=\"SystemOOM\" "
		"message=\"System OOM encountered, victim process: stress, pid: 4242\"\n",
		/* another pid, same comm: another kill */
		"Mar 03 10:00:02 node1 kubelet[900]: \"Event occurred\" reason=\"SystemOOM\" "
		"message=\"System OOM encountered, victim process: stress, pid: 4243\"\n",
	};
	static const int want[] = { 1, 2, 2 };
	char text[4096];
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(relays) / sizeof(relays[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", kill, relays[i]);
		scan_text(text, &r);
		assert_int_equal(r.n, want[i]);
		assert_int_equal(r.ev[0].pid, 4242);
		assert_int_equal(r.ev[0].total_vm_kb, 826516);
		run_free(&r);
		/* the relay first: the same */
		snprintf(text, sizeof(text), "%s%s", relays[i], kill);
		scan_text(text, &r);
		assert_int_equal(r.n, want[i]);
		run_free(&r);
	}
	/* one listing printed twice, no kernel record: one kill */
	snprintf(text, sizeof(text), "%s%s", relays[0], relays[0]);
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	run_free(&r);
}

/* A program's line whose only memory words are a localized strerror
 * (zh_CN "无法分配内存" for ENOMEM) passes the prefilter. */
static void test_localized_enomem_passes(void **state)
{
	static const char text[] =
		"Exception in thread \"main\" java.io.IOException: Cannot run program \"ls\": error=12, "
		"\xe6\x97\xa0\xe6\xb3\x95\xe5\x88\x86\xe9\x85\x8d\xe5\x86\x85\xe5\xad\x98\n"
		"\tat java.lang.ProcessBuilder.start(ProcessBuilder.java:1048)\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(r.ev[0].errno_code, 12);
	assert_string_equal(r.ev[0].comm, "ls");
	run_free(&r);
	/* the same in a JSON record that escapes it (\\uXXXX) */
	scan_text("{\"log\":\"java.io.IOException: Cannot run program \\\"ls\\\": error=12, "
		  "\\u65e0\\u6cd5\\u5206\\u914d\\u5185\\u5b58\\n\",\"stream\":\"stderr\","
		  "\"time\":\"2026-11-30T10:00:00.000000000Z\"}\n", &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].errno_code, 12);
	run_free(&r);
}

/* Program lines that quote kernel text are not kernel events. */
static void test_program_lines_not_kernel(void **state)
{
	static const char text[] =
		"Sep 23 14:09:17 host bash[991]: Out of memory: Killed process 1 (init) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n"
		"Sep 23 14:09:17 host grep[992]: x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(count_kind(&r, EV_OOM_KILL), 0);
	assert_int_equal(count_kind(&r, EV_MEMCG_OOM_KILL), 0);
	assert_int_equal(r.st.incomplete, 0);
	run_free(&r);
}

/* The end of the input releases more events than the scanner's and the
 * assembler's queues hold at once; none is lost and they come in line
 * order. */
static void test_flush_releases_everything(void **state)
{
	const int n_hosts = 200;
	size_t cap = (size_t)n_hosts * 512 + 1;
	char *text = malloc(cap), *p = text;
	struct run r;
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n_hosts; i++)
		p += snprintf(p, cap - (size_t)(p - text),
			      "2024-11-18T07:31:02.%06d+00:00 node-%03d kernel: Out of memory: Killed process %d (w) "
			      "total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n",
			      i, i, 100 + i);
	for (i = 0; i < n_hosts; i++)
		p += snprintf(p, cap - (size_t)(p - text),
			      "2024-11-18T07:31:03.%06d+00:00 open-%03d kernel: x invoked oom-killer: "
			      "gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n", i, i);
	scan_text(text, &r);
	assert_int_equal(r.n, n_hosts);
	for (i = 0; i < r.n; i++) {
		assert_int_equal(r.ev[i].pid, 100 + i);
		assert_int_equal(r.ev[i].line, i + 1);
	}
	assert_int_equal(r.n_notes, n_hosts);
	assert_int_equal(r.st.incomplete, (uint64_t)n_hosts);
	assert_int_equal(r.st.notes_dropped, 0);
	run_free(&r);
	free(text);
}

/*
 * Live use (publish_early): a kill pops right after its kill record, before
 * its oom_reaper line; the reaper line then pops as one amendment naming the
 * kill's host and pid (a second reaper line for it adds none), and the
 * ledger still balances. Batch (the default) holds the kill and folds the
 * reaper line into it instead.
 */
static void test_publish_early_amends(void **state)
{
	static const char *lines[] = {
		"2024-11-18T07:31:02.000001+00:00 node-a kernel: Out of memory: Killed process 4242 (w) "
		"total-vm:10kB, anon-rss:5kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0",
		"2024-11-18T07:31:02.000002+00:00 node-a kernel: unrelated",
		"2024-11-18T07:31:02.000003+00:00 node-a kernel: oom_reaper: reaped process 4242 (w), "
		"now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		"2024-11-18T07:31:02.000004+00:00 node-a kernel: oom_reaper: reaped process 4242 (w), "
		"now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
	};
	struct scan_config cfg;
	struct scanner *s;
	struct oom_event ev;
	struct oom_amend a;
	const struct scan_stats *st;
	int early, i, n_ev, n_amend, ready;

	(void)state;
	for (early = 0; early <= 1; early++) {
		memset(&cfg, 0, sizeof(cfg));
		cfg.rules = rules;
		cfg.year_hint = 2024;
		cfg.publish_early = early;
		s = scan_new(&cfg, "mem");
		assert_non_null(s);
		n_ev = n_amend = 0;
		for (i = 0; i < 4; i++) {
			ready = scan_push(s, span_make(lines[i], strlen(lines[i])), 0);
			if (early && i == 0)
				assert_int_equal(ready, 1); /* the kill, at once */
			if (early && i == 2)
				assert_int_equal(ready, 1); /* the amendment */
			while (scan_pop(s, &ev)) {
				assert_int_equal(ev.pid, 4242);
				/* Early: popped at the kill line, not reaped yet. */
				assert_int_equal(ev.reaped, !early);
				assert_int_equal(i, early ? 0 : 2);
				n_ev++;
			}
			while (scan_pop_amend(s, &a)) {
				assert_true(early);
				assert_int_equal(i, 2);
				assert_int_equal(a.pid, 4242);
				assert_string_equal(a.host, "node-a");
				assert_int_equal(a.line, 3);
				n_amend++;
			}
		}
		scan_flush(s, 1);
		while (scan_pop(s, &ev))
			n_ev++;
		while (scan_pop_amend(s, &a))
			n_amend++;
		st = scan_stats(s);
		assert_int_equal(n_ev, 1);
		assert_int_equal(n_amend, early);
		assert_int_equal(st->anchors, 3);
		assert_int_equal(st->anchors, st->events + st->folded + st->incomplete + st->unrecognised);
		assert_int_equal(st->notes_dropped, 0);
		scan_free(s);
	}
}

/* A kill record and its reaper line in one raw line, split by "\n" or
 * "#012" at offsets that move across the 32-byte blocks of
 * prefix_line_plain's pass (the host grows): always two pieces, so the
 * kill is reaped. */
static void test_break_at_every_offset(void **state)
{
	static const char *const brk[] = { "\n", "#012" };
	struct scan_config cfg;
	char line[512], host[64];
	size_t h, b;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	cfg.year_hint = 2024;
	for (b = 0; b < 2; b++)
		for (h = 1; h < sizeof(host); h++) {
			struct scanner *s = scan_new(&cfg, "mem");
			struct oom_event ev;
			int n = 0, reaped = 0;

			assert_non_null(s);
			memset(host, 'h', h);
			host[h] = '\0';
			snprintf(line, sizeof(line),
				 "Sep 23 14:09:17 %s kernel: Out of memory: Killed process 40200 (erigon) total-vm:1kB, "
				 "anon-rss:1kB, file-rss:0kB, shmem-rss:0kB%soom_reaper: reaped process 40200 (erigon), "
				 "now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
				 host, brk[b]);
			scan_push(s, span_make(line, strlen(line)), 0);
			scan_flush(s, 1);
			while (scan_pop(s, &ev)) {
				n++;
				reaped += ev.reaped;
			}
			if (n != 1 || reaped != 1)
				fail_msg("break \"%s\" after a host of %zu bytes: %d events, %d reaped", b ? "#012" : "\\n",
					 h, n, reaped);
			scan_free(s);
		}
}

/* The assemblers' pending tests, which let the scanner skip its pops after
 * most lines: when one says 0, its pops return nothing; every event and
 * note of a kernel kill, systemd's notices and a final flush leaves while
 * it says 1, and it says 0 once they are popped. */
static void test_pending_tells_pops(void **state)
{
	char text[4096];
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct kern_asm *k = kern_asm_new();
	struct app_asm *a = app_asm_new(rules, NULL);
	struct line_meta m;
	struct oom_event ev;
	struct oom_note n;
	const char *p = text, *e;
	int64_t line = 0;
	int events = 0, notes = 0, round;

	(void)state;
	assert_non_null(pp);
	assert_non_null(k);
	assert_non_null(a);
	/* systemd's notices, a kernel kill, and a report cut off after its
	 * header (an incomplete note at the end) */
	snprintf(text, sizeof(text), "%s%s%s", systemd_notices_erigon, kernel_kill_erigon,
		 "Sep 23 14:10:00 other kernel: java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n");
	assert_false(kern_asm_pending(k));
	assert_false(app_asm_pending(a));
	for (round = 0; round < 2; round++) {
		while (round == 0 && *p) {
			e = strchr(p, '\n');
			prefix_parse(pp, span_make(p, (size_t)(e - p)), &m);
			if (kern_asm_push(k, "mem", ++line, &m) == KERN_NONE)
				app_asm_push(a, "mem", line, &m);
			p = e + 1;
			if (!(kern_asm_pending(k) & KERN_PENDING_EVENTS))
				assert_false(kern_asm_pop(k, &ev));
			if (!(kern_asm_pending(k) & KERN_PENDING_NOTES))
				assert_false(kern_asm_pop_note(k, &n));
			if (!app_asm_pending(a))
				assert_false(app_asm_pop(a, &ev));
		}
		if (round == 1) {
			kern_asm_flush(k, 1);
			app_asm_flush(a, 1);
		}
		while ((kern_asm_pending(k) & KERN_PENDING_EVENTS) && kern_asm_pop(k, &ev))
			events++;
		while ((kern_asm_pending(k) & KERN_PENDING_NOTES) && kern_asm_pop_note(k, &n))
			notes++;
		while (app_asm_pending(a) && app_asm_pop(a, &ev))
			events++;
	}
	/* the kernel's kill, systemd's notice (folding is the scanner's) and
	 * the note */
	assert_int_equal(events + notes, 3);
	assert_int_equal(notes, 1);
	assert_false(kern_asm_pending(k));
	assert_false(app_asm_pending(a));
	assert_false(kern_asm_pop(k, &ev));
	assert_false(app_asm_pop(a, &ev));
	kern_asm_free(k);
	app_asm_free(a);
	prefix_free(pp);
}

/* Scanners made on several threads at once (batch -j): each one is made
 * (no shared scratch while its prefilters are built: one once returned NULL
 * now and then, read as "out of memory"). */
#define MT_THREADS 4
#define MT_EACH 300

static void *make_scanners(void *arg)
{
	struct scan_config cfg;
	long failed = 0;
	int i;

	(void)arg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	cfg.year_hint = 2024;
	for (i = 0; i < MT_EACH; i++) {
		struct scanner *s = scan_new(&cfg, "mt");

		if (!s)
			failed++;
		scan_free(s);
	}
	return (void *)failed;
}

static void test_scanners_on_threads(void **state)
{
	pthread_t th[MT_THREADS];
	void *failed;
	int i;

	(void)state;
	for (i = 0; i < MT_THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, make_scanners, NULL), 0);
	for (i = 0; i < MT_THREADS; i++) {
		assert_int_equal(pthread_join(th[i], &failed), 0);
		assert_int_equal((long)failed, 0);
	}
}

/* A block whose events fill the scanner's queue: it stops early, the caller
 * pops and feeds the rest, and a tail without anchors ends the block (a
 * stale "rest" there once made the caller feed the tail again forever). */
static void test_block_stops_early_and_resumes(void **state)
{
	struct scan_config cfg;
	struct scanner *s;
	struct oom_event ev;
	char *buf = malloc(200 * 160);
	size_t n = 0;
	int i, events = 0, rounds = 0;
	struct scan_block b;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 150; i++)
		n += (size_t)sprintf(buf + n, "[ %d.000001] Out of memory: Killed process %d (w%d) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n",
				     100 + i, 1000 + i, i);
	for (i = 0; i < 20; i++)
		n += (size_t)sprintf(buf + n, "[ 999.%06d] eth0: link is up\n", i);
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	s = scan_new(&cfg, "blk");
	assert_non_null(s);
	scan_block_init(&b, span_make(buf, n), NULL);
	for (;;) {
		int more = scan_block_push(s, &b);

		assert_true(++rounds < 1000);
		while (scan_pop(s, &ev))
			events++;
		if (!more)
			break;
	}
	scan_flush(s, 1);
	while (scan_pop(s, &ev))
		events++;
	assert_true(rounds > 1);
	assert_int_equal(events, 150);
	assert_int_equal(scan_stats(s)->lines, 170);
	scan_free(s);
	free(buf);
}

/* Pops events and notes until both are empty (a note can let a final flush
 * release more events); returns how many of each. */
static void pop_all(struct scanner *s, int *events, int *notes)
{
	struct oom_event ev;
	struct oom_note n;
	int got;

	do {
		got = 0;
		while (scan_pop(s, &ev)) {
			(*events)++;
			got = 1;
		}
		while (scan_pop_note(s, &n)) {
			(*notes)++;
			got = 1;
		}
	} while (got);
}

/* A block of 300 headers on 300 hosts (the host table holds 256) and then
 * unrecognised OOM-like lines: the block stops for notes as it does for
 * events, so none is dropped; at the end every header is an incomplete
 * report or folded into the one kill, and the ledger balances. */
static void test_block_stops_for_notes(void **state)
{
	struct scan_config cfg;
	struct scanner *s;
	const struct scan_stats *st;
	char *buf = malloc(500 * 200);
	size_t n = 0;
	int i, events = 0, notes = 0;
	struct scan_block b;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 300; i++)
		n += (size_t)sprintf(buf + n, "Jan 10 10:00:00 h%03d kernel: x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n", i);
	for (i = 0; i < 100; i++)
		n += (size_t)sprintf(buf + n, "Jan 10 10:00:01 other kernel: Out of memory: frobnicated %d\n", i);
	n += (size_t)sprintf(buf + n, "Jan 10 10:00:02 h299 kernel: Out of memory: Killed process 7 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n");
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	s = scan_new(&cfg, "blk");
	assert_non_null(s);
	scan_block_init(&b, span_make(buf, n), NULL);
	while (scan_block_push(s, &b))
		pop_all(s, &events, &notes);
	pop_all(s, &events, &notes);
	scan_flush(s, 1);
	pop_all(s, &events, &notes);
	st = scan_stats(s);
	assert_int_equal(events, 1);
	assert_int_equal(notes, 299 + 100);
	assert_int_equal(st->notes_dropped, 0);
	assert_int_equal(st->events_dropped, 0);
	assert_int_equal(st->incomplete, 299);
	assert_int_equal(st->unrecognised, 100);
	assert_int_equal(st->anchors, 300 + 100 + 1);
	assert_int_equal(st->anchors, st->events + st->folded + st->incomplete + st->unrecognised);
	scan_free(s);
	free(buf);
}

/* feed_run's counts, with the prefilters. */
static void feed_counted(const char *text, int block, int *events, int *notes)
{
	struct run r;

	feed_run(text, 0, block, &r);
	*events = r.n;
	*notes = r.n_notes;
	run_free(&r);
}

static int notes_of(const char *text, int block)
{
	int events, notes;

	feed_counted(text, block, &events, &notes);
	assert_int_equal(events, 0);
	return notes;
}

/* The line mark also holds the literals of the application rows that read
 * kernel lines (Android's in-kernel killer, PHP behind a bracketed date):
 * such a line, with no OOM keyword, is still marked, and its event comes
 * out however the line is fed; a kernel line with neither stays quiet. */
static void test_mark_holds_kernel_rows(void **state)
{
	static const char *const kills[] = {
		"Jan  1 00:00:00 h kernel: lowmemorykiller: Killing 'com.example.app' (3141), adj 1000,\n",
		"Jan  1 00:00:00 h kernel: lowmemorykiller: send sigkill to 3141 (com.example.app), adj 1000, size 2000\n",
		"Jan  1 00:00:00 h kernel: Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)\n",
	};
	static const char quiet[] = "Jan  1 00:00:00 h kernel: oom_score_adj for pid 7 set to -1000\n";
	struct scan_config cfg;
	struct scanner *s;
	int events, notes, block;
	size_t i;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.rules = rules;
	s = scan_new(&cfg, "mark");
	assert_non_null(s);
	for (i = 0; i < sizeof(kills) / sizeof(kills[0]); i++)
		assert_true(prefilter_any(scan_line_mark(s), span_from_cstr(kills[i])));
	assert_false(prefilter_any(scan_line_mark(s), span_from_cstr(quiet)));
	scan_free(s);
	for (block = 0; block < 3; block++) {
		for (i = 0; i < sizeof(kills) / sizeof(kills[0]); i++) {
			feed_counted(kills[i], block, &events, &notes);
			if (events != 1 || notes != 0)
				fail_msg("line %zu fed %d: %d events, %d notes", i, block, events, notes);
		}
		feed_counted(quiet, block, &events, &notes);
		assert_int_equal(events + notes, 0);
	}
}

/* The block index marks lines without an OOM keyword so the scanner skips
 * that test; a keyword that only decoding makes (kmsg "\\x20", ANSI
 * escapes) must still make its note. */
static void test_block_keyword_marks(void **state)
{
	static const char text[] =
		"6,1,1,-;Out of\\x20memory: frobnicated 1\n"
		"Jan  1 00:00:00 h kernel: Out of \x1b[1mmemory\x1b[0m: frobnicated 2\n"
		"Jan  1 00:00:00 h kernel: Out of memory: frobnicated 3\n"
		"Jan  1 00:00:00 h kernel: oom_score_adj for pid 7 set to -1000\n"
		"Jan  1 00:00:00 h kernel: Memory cgroup stats for /x: nothing open\n";

	(void)state;
	assert_int_equal(notes_of(text, 0), 3);
	assert_int_equal(notes_of(text, 1), 3);
}

/* Events by line, then kind and pid: how the scanner is fed changes when
 * a held kill leaves next to the application events, not which leave. */
static int cmp_event_line(const void *x, const void *y)
{
	const struct oom_event *a = x, *b = y;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

static int cmp_note_line(const void *x, const void *y)
{
	const struct oom_note *a = x, *b = y;

	return a->line < b->line ? -1 : a->line > b->line;
}

static void runs_equal(struct run *a, struct run *b, const char *text)
{
	int i;

	qsort(a->ev, (size_t)a->n, sizeof(*a->ev), cmp_event_line);
	qsort(b->ev, (size_t)b->n, sizeof(*b->ev), cmp_event_line);
	qsort(a->notes, (size_t)a->n_notes, sizeof(*a->notes), cmp_note_line);
	qsort(b->notes, (size_t)b->n_notes, sizeof(*b->notes), cmp_note_line);

	if (a->n != b->n || a->n_notes != b->n_notes || a->st.anchors != b->st.anchors ||
	    a->st.incomplete != b->st.incomplete || a->st.unrecognised != b->st.unrecognised ||
	    a->st.lines != b->st.lines)
		fail_msg("%d/%d events, %d/%d notes, %llu/%llu anchors in:\n%s", a->n, b->n, a->n_notes,
			 b->n_notes, (unsigned long long)a->st.anchors, (unsigned long long)b->st.anchors, text);
	for (i = 0; i < a->n; i++) {
		const struct oom_event *x = &a->ev[i], *y = &b->ev[i];

		if (x->kind != y->kind || x->line != y->line || x->pid != y->pid || x->reaped != y->reaped ||
		    strcmp(x->host, y->host) || strcmp(x->comm, y->comm) || strcmp(x->trigger_comm, y->trigger_comm))
			fail_msg("event %d differs (line %lld/%lld, pid %lld/%lld) in:\n%s", i, (long long)x->line,
				 (long long)y->line, (long long)x->pid, (long long)y->pid, text);
	}
	for (i = 0; i < a->n_notes; i++)
		if (a->notes[i].type != b->notes[i].type || a->notes[i].line != b->notes[i].line)
			fail_msg("note %d differs in:\n%s", i, text);
}

/* A kernel line the line mark rules out while nothing is open is skipped
 * (kern_outside_phrases): on random logs of the kernel table's examples,
 * lines that look like them and application lines, among three hosts,
 * the scanner finds the same events, notes and anchors whichever way it
 * is fed as with every line run through the parsers (--no-prefilter). */
static void test_quiet_kernel_lines_skip_nothing(void **state)
{
	static const char *const decoys[] = {
		"oom_score_adj for pid 4242 set to -1000 by systemd",
		"process 'redis-server' (pid 41257) has oom_score_adj of 1000",
		"Memory cgroup stats for /kubepods/pod1: (null)",
		"cgroup: fork rejected by pids controller in /system.slice/cron.service",
		"CPU: 1 PID: 4242 Comm: java Not tainted 5.15.0 #1",
		"Pid: 4242, comm: java Not tainted 2.6.32 #1",
		"oom_score_adj:0",
		"total-vm:1234kB, anon-rss:5678kB, file-rss:0kB, shmem-rss:0kB",
		"gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0",
		"mode:0x20(GFP_ATOMIC)",
		"Memory limit reached of cgroup /x",
		"memory: usage 1024kB, limit 1024kB, failcnt 5",
		"[ 4242]     0  4242    12345     6789    65536        0             0 java",
		"Killed process 4242 (java) total-vm:1234kB, anon-rss:5678kB, file-rss:0kB, shmem-rss:0kB",
		"oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
	};
	static const char *const apps[] = {
		"java[12]: java.lang.OutOfMemoryError: Java heap space",
		"systemd[1]: foo.service: A process of this unit has been killed by the OOM killer.",
		"kernel: lowmemorykiller: Killing 'com.example.app' (3141), adj 1000,",
		/* a program's line behind the kernel's stamp is the program's */
		"kernel: [  100.000001] java[12]: java.lang.OutOfMemoryError: Java heap space",
	};
	enum { LOGS = 300, LINES = 60 };
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	static char text[LINES * 400];
	int lg, ln, block;

	(void)state;
	for (lg = 0; lg < LOGS; lg++) {
		size_t at = 0;
		size_t run = 0; /* table rows left to emit in order */
		size_t row = 0;

		for (ln = 0; ln < LINES; ln++) {
			uint64_t x = th_rand64(&rng);
			const char *msg;
			int app = 0;

			if (run) {
				msg = kern_shapes[row++ % kern_nshapes].example;
				run--;
			} else if (x % 8 == 0) {
				row = (size_t)(x >> 8) % kern_nshapes;
				run = (size_t)(x >> 24) % 12;
				msg = kern_shapes[row++].example;
			} else if (x % 8 < 4) {
				msg = decoys[(x >> 8) % (sizeof(decoys) / sizeof(decoys[0]))];
			} else if (x % 8 < 6) {
				msg = kern_shapes[(x >> 8) % kern_nshapes].example;
			} else {
				msg = apps[(x >> 8) % (sizeof(apps) / sizeof(apps[0]))];
				app = 1;
			}
			at += (size_t)snprintf(text + at, sizeof(text) - at, "Jan  1 00:%02d:%02d h%d %s%.300s\n",
					       ln / 60, ln % 60, (int)((x >> 40) % 3), app ? "" : "kernel: ", msg);
			assert_true(at < sizeof(text));
		}
		{
			struct run ref, got;

			feed_run(text, 1, 0, &ref);
			for (block = 0; block < 4; block++) {
				feed_run(text, 0, block, &got);
				runs_equal(&got, &ref, text);
				run_free(&got);
			}
			run_free(&ref);
		}
	}
}

/* The host of the event at line `line` in every way of feeding text
 * (every line through the parsers; line by line, one block indexed by a
 * reader or by the scanner, and two blocks split at every line start), or
 * fails when two ways disagree; "" when the event names none. */
static const char *field_every_way(const char *text, int64_t line, int comm, char *host, size_t n)
{
	struct run r;
	int way, i;
	size_t cut;

	host[0] = '\0';
	for (way = 0; way < 5; way++) {
		const char *h = NULL;

		feed_run(text, way == 0, way == 0 ? 0 : way - 1, &r);
		for (i = 0; i < r.n; i++)
			if (r.ev[i].line == line)
				h = comm ? r.ev[i].comm : r.ev[i].host;
		if (!h)
			fail_msg("way %d: no event at line %lld in:\n%s", way, (long long)line, text);
		if (way == 0)
			snprintf(host, n, "%s", h);
		else if (strcmp(h, host) != 0)
			fail_msg("way %d: host \"%s\", not \"%s\", in:\n%s", way, h, host, text);
		run_free(&r);
	}
	for (cut = 1; text[cut]; cut++) {
		struct scanner *s;
		struct scan_block b;
		struct oom_event ev;
		int found = 0;

		if (text[cut - 1] != '\n')
			continue;
		s = test_scanner(0);
		scan_block_init(&b, span_make(text, cut), NULL);
		while (scan_block_push(s, &b))
			;
		scan_block_init(&b, span_from_cstr(text + cut), NULL);
		while (scan_block_push(s, &b))
			;
		scan_flush(s, 1);
		while (scan_pop(s, &ev))
			if (ev.line == line) {
				found = 1;
				if (strcmp(comm ? ev.comm : ev.host, host) != 0)
					fail_msg("split at %zu: \"%s\", not \"%s\"", cut, comm ? ev.comm : ev.host,
						 host);
			}
		assert_true(found);
		scan_free(s);
	}
	return host;
}

static const char *host_every_way(const char *text, int64_t line, char *host, size_t n)
{
	return field_every_way(text, line, 0, host, n);
}

/* A lead-in ("dpkg: unrecoverable fatal error, aborting:") names the
 * program of the line right after it (indented or not: a paste's own
 * indenting cannot be told apart), however the text reaches the scanner.
 * Near misses: a generic word ("error:"), a line between, a lead-in
 * without text after the name, a next line that names its own program
 * (in its words or in a syslog tag). Behind a CI runner's stamp on every
 * line too. */
static void test_lead_in_names_program(void **state)
{
	static const char dpkg[] =
		"Unpacking libdynaloader-functions-perl (0.003-1) ...\n"
		"dpkg: unrecoverable fatal error, aborting:\n"
		" fork failed: Cannot allocate memory\n"
		"FATAL -> Failed to fork.\n";
	static const char tabbed[] =
		"apt-get: the child could not be started:\n"
		"\tfork failed: Cannot allocate memory\n";
	static const char generic[] =
		"error: unrecoverable fatal error, aborting:\n"
		" fork failed: Cannot allocate memory\n";
	static const char flush[] =
		"dpkg: unrecoverable fatal error, aborting:\n"
		"fork failed: Cannot allocate memory\n";
	static const char tagged[] =
		"dpkg: unrecoverable fatal error, aborting:\n"
		"Dec  1 10:00:00 box sshd[5]: fork failed: Cannot allocate memory\n";
	static const char between[] =
		"dpkg: unrecoverable fatal error, aborting:\n"
		" (a line between)\n"
		" fork failed: Cannot allocate memory\n";
	static const char no_text[] =
		"dpkg: :\n"
		" fork failed: Cannot allocate memory\n";
	static const char own_name[] =
		"dpkg: unrecoverable fatal error, aborting:\n"
		" sh: fork failed: Cannot allocate memory\n";
	/* a CI runner stamps each line; the lead-in still names the next */
	static const char stamped[] =
		"2026-11-30T10:00:00.1234567Z dpkg: unrecoverable fatal error, aborting:\n"
		"2026-11-30T10:00:00.1234568Z  fork failed: Cannot allocate memory\n";
	static const char stamped_between[] =
		"2026-11-30T10:00:00.1234567Z dpkg: unrecoverable fatal error, aborting:\n"
		"2026-11-30T10:00:00.1234567Z (a line between)\n"
		"2026-11-30T10:00:00.1234568Z  fork failed: Cannot allocate memory\n";
	char comm[64];

	(void)state;
	assert_string_equal(field_every_way(dpkg, 3, 1, comm, sizeof(comm)), "dpkg");
	assert_string_equal(field_every_way(tabbed, 2, 1, comm, sizeof(comm)), "apt-get");
	assert_string_equal(field_every_way(generic, 2, 1, comm, sizeof(comm)), "");
	assert_string_equal(field_every_way(flush, 2, 1, comm, sizeof(comm)), "dpkg");
	assert_string_equal(field_every_way(tagged, 2, 1, comm, sizeof(comm)), "sshd");
	assert_string_equal(field_every_way(between, 3, 1, comm, sizeof(comm)), "");
	assert_string_equal(field_every_way(no_text, 2, 1, comm, sizeof(comm)), "");
	assert_string_equal(field_every_way(own_name, 2, 1, comm, sizeof(comm)), "sh");
	assert_string_equal(field_every_way(stamped, 2, 1, comm, sizeof(comm)), "dpkg");
	assert_string_equal(field_every_way(stamped_between, 3, 1, comm, sizeof(comm)), "");
}

/* A record a paste reflowed onto three lines (the syslog prefix alone, then
 * the stamp, then the message, both indented) takes the prefix's host and
 * time; a prefix further back, a prefix line that holds a message of its
 * own ("Call Trace:") and a line with its own host do not. */
static void test_prefix_alone_carries(void **state)
{
	static const char reflowed[] =
		"Jun  4 07:41:59 plumbr kernel: \n"
		"\t[70667120.897649]\n"
		"\tOut of memory: Kill process 29957 (java) score 366 or sacrifice child\n"
		"Jun  4 07:41:59 plumbr kernel: \n"
		"\t[70667120.897701]\n"
		"\tKilled process 29957 (java) total-vm:2532680kB, anon-rss:1416508kB, file-rss:0kB\n";
	static const char too_far[] =
		"Jun  4 07:41:59 plumbr kernel: \n"
		"\t[70667120.897701]\n"
		"\t(a line between)\n"
		"\t(and another)\n"
		"\tKilled process 29957 (java) total-vm:2532680kB, anon-rss:1416508kB, file-rss:0kB\n";
	static const char with_msg[] =
		"Jun  4 07:41:59 plumbr kernel: Call Trace:\n"
		"\tKilled process 29957 (java) total-vm:2532680kB, anon-rss:1416508kB, file-rss:0kB\n";
	static const char own_host[] =
		"Jun  4 07:41:59 plumbr kernel:\n"
		"Jun  4 07:41:59 other kernel: Killed process 29957 (java) total-vm:2532680kB, anon-rss:1kB, file-rss:0kB\n";
	char host[64];
	struct run r;

	(void)state;
	assert_string_equal(host_every_way(reflowed, 6, host, sizeof(host)), "plumbr");
	scan_text(reflowed, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].pid, 29957);
	assert_int_equal(r.ev[0].score, 366);
	assert_true(r.ev[0].time_sec != EV_NONE);
	run_free(&r);
	assert_string_equal(host_every_way(too_far, 5, host, sizeof(host)), "");
	assert_string_equal(host_every_way(with_msg, 2, host, sizeof(host)), "");
	assert_string_equal(host_every_way(own_host, 2, host, sizeof(host)), "other");
}

/* The event at line of text, fed each way feed_run knows, checked by check
 * (which fails). */
static void every_way_at(const char *text, int64_t line, void (*check)(const struct oom_event *))
{
	struct run r;
	int way, i, found;

	for (way = 0; way < 5; way++) {
		feed_run(text, way == 0, way == 0 ? 0 : way - 1, &r);
		for (i = 0, found = 0; i < r.n; i++)
			if (r.ev[i].line == line) {
				check(&r.ev[i]);
				found++;
			}
		if (found != 1)
			fail_msg("way %d: %d events at line %lld in:\n%s", way, found, (long long)line, text);
		run_free(&r);
	}
}

static void check_column_wrapped(const struct oom_event *ev)
{
	assert_int_equal(ev->kind, EV_MEMCG_OOM_KILL);
	assert_string_equal(ev->host, "dockhost");
	assert_int_equal(ev->pid, 48213);
	assert_int_equal(ev->trigger_pid, 48213);
	assert_int_equal(ev->anon_rss_kb, 520128);
	assert_int_equal(ev->file_rss_kb, 1024);
	assert_int_equal(ev->pgtables_kb, 1100);
	assert_int_equal(ev->oom_score_adj, 7);
}

static void check_own_line(const struct oom_event *ev)
{
	assert_int_equal(ev->kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev->requested_bytes, 1024);
}

/*
 * A report a paste wrapped at 78 columns: the oom-kill: summary (no blank
 * in it) stands whole on the line after its prefix, which ends in the
 * kernel's stamp; the kill record breaks after a ',' and goes on bare.
 * The summary takes the prefix's host; the record's rest fills its
 * fields. Near misses: a stamp alone with no host names none; a bare line
 * after a record ending in ',' that is another program's failure stays
 * its own event.
 */
static void test_column_wrapped_report(void **state)
{
	static const char wrapped[] =
		"Apr  9 11:20:31 dockhost kernel: [73301.552101] python3 invoked oom-killer:\n"
		"gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"Apr  9 11:20:31 dockhost kernel: [73301.552112] CPU: 2 PID: 48213 Comm:\n"
		"python3 Not tainted 6.6.13-1-lts #1\n"
		"Apr  9 11:20:31 dockhost kernel: [73301.552739]\n"
		"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=d.scope,mems_allowed=0,"
		"oom_memcg=/system.slice/d.scope,task_memcg=/system.slice/d.scope,task=python3,pid=48213,uid=0\n"
		"Apr  9 11:20:31 dockhost kernel: [73301.552750] Memory cgroup out of memory: Killed\n"
		"process 48213 (python3) total-vm:1214336kB, anon-rss:520128kB,\n"
		"file-rss:1024kB, shmem-rss:0kB, UID:0 pgtables:1100kB oom_score_adj:7\n";
	static const char stamp_alone[] =
		"[73301.552739]\n"
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
		"task_memcg=/,task=python3,pid=48213,uid=0\n";
	static const char other_program[] =
		"Apr  9 11:20:31 dockhost kernel: [73301.552750] Killed process 48213 (python3) total-vm:1214336kB,\n"
		"memory allocation of 1024 bytes failed\n";
	char host[64];

	(void)state;
	every_way_at(wrapped, 6, check_column_wrapped);
	assert_string_equal(host_every_way(stamp_alone, 2, host, sizeof(host)), "");
	every_way_at(other_program, 2, check_own_line);
}

/* Events leave in input order: a program's failure after a kernel kill
 * still held (no reaper line comes; the kill leaves at the end) leaves
 * after the kill, every way the text is fed, however many lines follow. */
static void test_events_in_input_order(void **state)
{
	static const char head[] =
		"[  100.000001] Out of memory: Killed process 4242 (w) total-vm:10kB, anon-rss:5kB, "
		"file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
		"Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n";
	char text[sizeof(head) + 200 * 16];
	struct run r;
	int way, i;

	(void)state;
	strcpy(text, head);
	for (i = 0; i < 200; i++)
		strcat(text, "a line between\n");
	for (way = 0; way < 5; way++) {
		feed_run(text, way == 0, way == 0 ? 0 : way - 1, &r);
		assert_int_equal(r.n, 2);
		assert_int_equal(r.ev[0].line, 1);
		assert_int_equal(r.ev[0].kind, EV_OOM_KILL);
		assert_int_equal(r.ev[1].line, 2);
		assert_int_equal(r.ev[1].kind, EV_RUNTIME_OOM);
		run_free(&r);
	}
}

/* Android Studio's logcat names the app's package and pid before the tag:
 * a runtime's report of its own failure takes both; lmkd's kill in the same
 * format keeps its victim, not the logging process. */
static void test_logcat_studio_package(void **state)
{
	static const char text[] =
		"11-11 08:25:25.041 1721-1727/com.translationstudio.androidapp W/art: Suspending all threads took: 66.313ms\n"
		"11-11 08:25:25.051 1721-1727/com.translationstudio.androidapp W/System.err: java.lang.OutOfMemoryError: "
		"Failed to allocate a 52 byte allocation with 18 free bytes and 18B until OOM\n"
		"11-11 08:25:25.051 1721-1727/com.translationstudio.androidapp W/System.err:     at java.nio.ByteBuffer.wrap(ByteBuffer.java:113)\n"
		"11-11 08:30:00.000 612-640/system_process I/lowmemorykiller: Kill 'com.example.app' (3141), uid 10046, oom_adj 900 to free 12345kB\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.ev[0].kind, EV_RUNTIME_OOM);
	assert_int_equal(r.ev[0].pid, 1721);
	assert_string_equal(r.ev[0].comm, "com.translationstudio.androidapp");
	assert_int_equal(r.ev[0].requested_bytes, 52);
	assert_int_equal(r.ev[0].line, 2);
	assert_int_equal(r.ev[1].kind, EV_USERSPACE_OOM_KILL);
	assert_int_equal(r.ev[1].pid, 3141);
	assert_string_equal(r.ev[1].comm, "com.example.app");
	run_free(&r);
}

/* A collector's batch stamp before PostgreSQL's own, on the ERROR line
 * only: its DETAIL 9 s later by the batch stamp is the same report. */
static void test_postgres_behind_batch_stamp(void **state)
{
	static const char text[] =
		"2020-04-08 13:26:50.0000000 2020-04-08 13:26:59.787 UTC [60765] FATAL:  out of memory\n"
		"2020-04-08 13:26:59.787 UTC [60765] DETAIL:  Failed on request of size 41520 in memory context "
		"\"WAL record construction\".\n";
	struct run r;

	(void)state;
	scan_text(text, &r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.ev[0].kind, EV_ALLOC_FAILURE);
	assert_int_equal(r.ev[0].pid, 60765);
	assert_int_equal(r.ev[0].requested_bytes, 41520);
	assert_int_equal(r.ev[0].line, 1);
	run_free(&r);
}

static void test_degenerate_lines(void **state)
{
	static const char text[] = "\n#012#012#012\n\\n\n{\"MESSAGE\":\"\\n\\n\"}\n6,1,1,-;\\x0a\\x0a\n";
	struct run r;

	(void)state;
	scan_text("", &r);
	assert_int_equal(r.n, 0);
	run_free(&r);
	scan_text(text, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.st.lines, 5);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_stops_early_and_resumes),
		cmocka_unit_test(test_block_stops_for_notes),
		cmocka_unit_test(test_escaped_012),
		cmocka_unit_test(test_postgres_behind_batch_stamp),
		cmocka_unit_test(test_escaped_012_whole_report),
		cmocka_unit_test(test_html_entities),
		cmocka_unit_test(test_html_markup_block),
		cmocka_unit_test(test_journal_json_newlines),
		cmocka_unit_test(test_kmsg_records),
		cmocka_unit_test(test_systemd_notice_folds),
		cmocka_unit_test(test_systemd_notice_unit_of_comm),
		cmocka_unit_test(test_systemd_notice_alone),
		cmocka_unit_test(test_relay_folds_into_kernel_kill),
		cmocka_unit_test(test_pending_tells_pops),
		cmocka_unit_test(test_break_at_every_offset),
		cmocka_unit_test(test_program_lines_not_kernel),
		cmocka_unit_test(test_localized_enomem_passes),
		cmocka_unit_test(test_flush_releases_everything),
		cmocka_unit_test(test_publish_early_amends),
		cmocka_unit_test(test_scanners_on_threads),
		cmocka_unit_test(test_logcat_studio_package),
		cmocka_unit_test(test_degenerate_lines),
		cmocka_unit_test(test_prefix_alone_carries),
		cmocka_unit_test(test_column_wrapped_report),
		cmocka_unit_test(test_events_in_input_order),
		cmocka_unit_test(test_lead_in_names_program),
		cmocka_unit_test(test_block_keyword_marks),
		cmocka_unit_test(test_mark_holds_kernel_rows),
		cmocka_unit_test(test_quiet_kernel_lines_skip_nothing),
		cmocka_unit_test(test_peek_as_pop),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
