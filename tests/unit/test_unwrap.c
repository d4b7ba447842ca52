/*
 * test_unwrap.c - parsers/unwrap.c and the scanner's use of it: which
 * texts are found hard-wrapped (mail clients, terminals) and which are
 * not (logs whose own lines look alike), which lines join, and what a
 * wrapped paste gives: the record whole, its events at their first line,
 * every input line counted.
 */
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
#include "../../parsers/scan.h"
#include "../../parsers/unwrap.h"

/* A kill report a mail client wrapped at 78 columns (its pieces carry no
 * prefix), as the metamorphic reflow variant makes it. */
static const char mail78[] =
	"Dec  1 10:00:00 web01 kernel: [12345.600000] java invoked oom-killer:\n"
	"gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n"
	"Dec  1 10:00:00 web01 kernel: [12345.600100] CPU: 1 PID: 4242 Comm: java Not\n"
	"tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1\n"
	"Dec  1 10:00:00 web01 kernel: [12345.678901] Out of memory: Killed process 4242\n"
	"(java) total-vm:123456kB, anon-rss:65432kB, file-rss:0kB, shmem-rss:0kB,\n"
	"UID:1000 pgtables:512kB oom_score_adj:0\n"
	"Dec  1 10:00:01 web01 kernel: [12345.778901] oom_reaper: reaped process 4242\n"
	"(java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n";

/* The same report as the kernel wrote it. */
static const char whole[] =
	"Dec  1 10:00:00 web01 kernel: [12345.600000] java invoked oom-killer: "
	"gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n"
	"Dec  1 10:00:00 web01 kernel: [12345.600100] CPU: 1 PID: 4242 Comm: java Not "
	"tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1\n"
	"Dec  1 10:00:00 web01 kernel: [12345.678901] Out of memory: Killed process 4242 "
	"(java) total-vm:123456kB, anon-rss:65432kB, file-rss:0kB, shmem-rss:0kB, "
	"UID:1000 pgtables:512kB oom_score_adj:0\n"
	"Dec  1 10:00:01 web01 kernel: [12345.778901] oom_reaper: reaped process 4242 "
	"(java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n";

static int detect(const char *text, struct unwrap_shape *u)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	int r;

	assert_non_null(pp);
	r = unwrap_detect(pp, span_from_cstr(text), u);
	assert_int_equal(r, u->width != 0);
	prefix_free(pp);
	return r;
}

static void test_detects_mail_wrap(void **state)
{
	struct unwrap_shape u;

	(void)state;
	assert_true(detect(mail78, &u));
	assert_int_equal(u.cut, 0);
	assert_true(u.width >= 70 && u.width <= 80);
	assert_false(detect(whole, &u));
	assert_int_equal(u.width, 0);
}

/* text with each line longer than w cut every w bytes, as a terminal
 * w columns wide shows it (ASCII only), into out. */
static void term_cut(const char *text, size_t w, char *out, size_t outn)
{
	size_t o = 0, col = 0;

	for (; *text && o + 2 < outn; text++) {
		if (*text != '\n' && col == w) {
			out[o++] = '\n';
			col = 0;
		}
		out[o++] = *text;
		col = *text == '\n' ? 0 : col + 1;
	}
	out[o] = '\0';
}

/* A terminal 80 columns wide cuts mid-word. */
static void test_detects_terminal_cut(void **state)
{
	static const char dmesg[] =
		"[12345.600000] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, "
		"oom_score_adj=0\n"
		"[12345.600100] CPU: 1 PID: 4242 Comm: java Not tainted 6.1.0-13-amd64 #1 Debian 6.1.55-1\n"
		"[12345.678901] Out of memory: Killed process 4242 (java) total-vm:123456kB, anon-rss:65432kB, "
		"file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:512kB oom_score_adj:0\n"
		"[12345.778901] oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, "
		"shmem-rss:0kB\n";
	char term80[1024];
	struct unwrap_shape u;

	(void)state;
	term_cut(dmesg, 80, term80, sizeof(term80));
	assert_true(strlen(term80) > strlen(dmesg));
	assert_true(detect(term80, &u));
	assert_int_equal(u.cut, 1);
	assert_int_equal(u.width, 80);
	assert_false(detect(dmesg, &u));
}

/* Logs whose own lines look like a wall are left alone: one message
 * repeated (each line holds an anchor), a traceback's indented file lines
 * each followed by a frame, a JVM warning repeated at one length, a
 * quoted-printable body (its soft breaks are the decoder's). */
static void test_leaves_logs_alone(void **state)
{
	static const char repeated[] = "java: page allocation failure: order:0, mode:0x120\n"
				       "swapper/0: page allocation failure: order:0, mode:0x120\n"
				       "swapper/1: page allocation failure: order:0, mode:0x120\n"
				       "swapper/2: page allocation failure: order:0, mode:0x120\n";
	static const char traceback[] =
		"runtime.throw({0x499b0a?, 0x513d00?})\n"
		"\t/usr/lib/go-1.19/src/runtime/panic.go:1047 +0x5d fp=0xc00006ae48 sp=0xc00006ae18 pc=0x4317bd\n"
		"runtime.(*mcache).allocLarge(0x0?, 0x40000000, 0x1)\n"
		"\t/usr/lib/go-1.19/src/runtime/mcache.go:235 +0x205 fp=0xc00006ae98 sp=0xc00006ae48 pc=0x413ae5\n"
		"runtime.mallocgc(0x40000000, 0x489260, 0x1)\n"
		"\t/usr/lib/go-1.19/src/runtime/malloc.go:1029 +0x57e fp=0xc00006af10 sp=0xc00006ae98 pc=0x40ba5e\n"
		"main.main()\n"
		"\t/tmp/oomrepro/go/big.go:6 +0x28 fp=0xc00006af80 sp=0xc00006af38 pc=0x480fe8\n";
	static const char jvm[] = "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f6d3867d000, "
				  "12288, 0) failed; error='Cannot allocate memory' (errno=12)\n"
				  "#\n"
				  "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f7574dac000, "
				  "12288, 0) failed; error='Cannot allocate memory' (errno=12)\n"
				  "[thread 140142449444608 also had an error]\n"
				  "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f6d3867d000, "
				  "12288, 0) failed; error='Cannot allocate memory' (errno=12)\n"
				  "#\n"
				  "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007f6d3867d000, "
				  "65536, 0) failed; error='Cannot allocate memory' (errno=12)\n";
	static const char qp[] = "> [ 1171.795551] Out of memory: Killed process 1669 (xdg-desktop-por) tot=\n"
				 "al-vm:105068kB, anon-rss:9792kB, file-rss:10972kB, shmem-rss:0kB, UID:1000=\n"
				 " pgtables:136kB oom_score_adj:200\n"
				 "> [ 1172.339920] systemd invoked oom-killer: gfp_mask=3D0xcc0(GFP_KERNEL), o=\n"
				 "rder=3D0, oom_score_adj=3D100\n"
				 "> [ 1172.339927] CPU: 3 PID: 1413 Comm: systemd Tainted: G S      W   E   =\n"
				 "6.3.0-rc1-x86-32-debug+ #1\n";
	/* a status line at one length, its numbers changing */
	static const char status[] = "mem avail:  9700 of 13855 MiB (70 %), swap free:    0 of    0 MiB ( 0 %)\n"
				     "mem avail:  9701 of 13855 MiB (70 %), swap free:    0 of    0 MiB ( 0 %)\n"
				     "mem avail:  9693 of 13855 MiB (69 %), swap free:    0 of    0 MiB ( 0 %)\n"
				     "mem avail:  9690 of 13855 MiB (69 %), swap free:    0 of    0 MiB ( 0 %)\n"
				     "mem avail:  6815 of 13855 MiB (49 %), swap free:    0 of    0 MiB ( 0 %)\n"
				     "low memory! at or below SIGTERM limits: mem 50 %, swap 10 %\n"
				     "sending SIGTERM to process 12006 \"python3\": badness 209, VmRSS 2891 MiB\n"
				     "mem avail:  9806 of 13855 MiB (70 %), swap free:    0 of    0 MiB ( 0 %)\n"
				     "mem avail:  9801 of 13855 MiB (70 %), swap free:    0 of    0 MiB ( 0 %)\n";
	struct unwrap_shape u;
	char quoted[sizeof(mail78) * 2], escaped[sizeof(mail78) * 6];
	size_t i, q = 0, o = 0;

	(void)state;
	assert_false(detect(status, &u));
	/* the wrapped report quoted in a reply is found; kept HTML-escaped
	 * ("&gt; ") its widths are not the wrapper's */
	for (i = 0; mail78[i]; i++) {
		if (i == 0 || mail78[i - 1] == '\n') {
			memcpy(quoted + q, "> ", 2);
			memcpy(escaped + o, "&gt; ", 5);
			q += 2;
			o += 5;
		}
		quoted[q++] = mail78[i];
		escaped[o++] = mail78[i];
	}
	quoted[q] = escaped[o] = '\0';
	assert_true(detect(quoted, &u));
	assert_false(detect(escaped, &u));
	assert_false(detect(repeated, &u));
	assert_false(detect(traceback, &u));
	assert_false(detect(jvm, &u));
	assert_false(detect(qp, &u));
	assert_false(detect("", &u));
}

static int joins(const struct unwrap_shape *u, const char *prev, const char *next, char *out, size_t outn)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct unwrap_prev pv = unwrap_prev_of(span_from_cstr(prev));
	struct span rest;
	int space = -1, r;

	assert_non_null(pp);
	r = unwrap_joins(pp, u, pv, span_from_cstr(next), &rest, &space);
	if (r) {
		assert_true(space == 0 || space == 1);
		snprintf(out, outn, "%s%s%.*s", prev, space ? " " : "", (int)rest.n, rest.p);
	}
	prefix_free(pp);
	return r;
}

static void test_which_lines_join(void **state)
{
	const struct unwrap_shape u = { 40, 0, 1, 0 }, t = { 40, 1, 0, 0 }, p = { 40, 0, 0, 0 };
	char out[256];

	(void)state;
	/* the next word would not have fitted: a break */
	assert_true(joins(&u, "> Out of memory: Killed process 4242", "> (java) total-vm:1kB", out,
			  sizeof(out)));
	assert_string_equal(out, "> Out of memory: Killed process 4242 (java) total-vm:1kB");
	/* it would have: a line of its own */
	assert_false(joins(&u, "> Out of memory: Killed 42", "> (j)", out, sizeof(out)));
	/* a word broken after its hyphen keeps it, with no space */
	assert_true(joins(&u, "Killed process 1669 (xdg) total-", "vm:105068kB, anon-rss:9792kB", out,
			  sizeof(out)));
	assert_string_equal(out, "Killed process 1669 (xdg) total-vm:105068kB, anon-rss:9792kB");
	/* indented, prefixed, blank, a message repeated, a soft break: apart */
	assert_false(joins(&u, "Out of memory: Killed process 4242 (ja", "  va) total", out, sizeof(out)));
	assert_false(joins(&u, "Out of memory: Killed process 4242 (ja", "Dec  1 10:00:01 web01 kernel: [1.2] x", out, sizeof(out)));
	assert_false(joins(&u, "Out of memory: Killed process 4242 (ja", "   ", out, sizeof(out)));
	assert_false(joins(&u, "x: page allocation failure: order:0,", "yyyy: page allocation failure", out,
			   sizeof(out)));
	/* (behind prefixes, a record's rest may name what starts one) */
	assert_true(joins(&p, "x: page allocation failure: order:0,", "yyyy: page allocation failure", out,
			  sizeof(out)));
	assert_false(joins(&u, "Out of memory: Killed process 4242 (j=", "ava) total-vm:1kB", out,
			   sizeof(out)));
	/* a terminal: only a line of the full width goes on, with no space */
	assert_true(joins(&t, "Out of memory: Killed process 42421 (jav", "a) total-vm:1kB", out, sizeof(out)));
	assert_string_equal(out, "Out of memory: Killed process 42421 (java) total-vm:1kB");
	assert_false(joins(&t, "Out of memory: Killed process 42 (jav", "a) total-vm:1kB", out, sizeof(out)));
}

/* A wrapper that did not carry an indented line's blanks onto its pieces:
 * with unindent, a piece at the margin goes on the indented line (only
 * under blanks: a quoted line's pieces keep their markers or drop them as
 * before). */
static void test_unindented_piece_joins(void **state)
{
	const struct unwrap_shape p = { 40, 0, 0, 0 }, i = { 40, 0, 0, 1 };
	char out[256];

	(void)state;
	assert_false(joins(&p, "    Out of memory: Killed process 4242", "(java) total-vm:1kB", out, sizeof(out)));
	assert_true(joins(&i, "    Out of memory: Killed process 4242", "(java) total-vm:1kB", out, sizeof(out)));
	assert_string_equal(out, "    Out of memory: Killed process 4242 (java) total-vm:1kB");
	/* a piece indented less than the line, but not at the margin; one
	 * indented past it */
	assert_false(joins(&i, "    Out of memory: Killed process 4242", "  (java) total-vm:1kB", out, sizeof(out)));
	assert_false(joins(&i, "  Out of memory: Killed process 4242", "    (java) total-vm:1kB", out, sizeof(out)));
}

/* The scanner with unwrap (SCAN_UNWRAP_AUTO, 0 or a width) over text as
 * one block (block 1) or line by line; the events' count, the first
 * kill in *kill (with scan_rules, the first event of any kind). */
static struct app_rules *scan_rules; /* the rules scan_text gives the scanner, or NULL */

static int scan_text(const char *text, int unwrap, int block, struct oom_event *kill, struct scan_stats *st)
{
	struct scan_config cfg;
	struct scanner *s;
	struct oom_event ev;
	int n = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.year_hint = 2024;
	cfg.unwrap = unwrap;
	cfg.rules = scan_rules;
	s = scan_new(&cfg, "uw");
	assert_non_null(s);
	memset(kill, 0, sizeof(*kill));
	if (block) {
		struct scan_block b;

		scan_block_init(&b, span_from_cstr(text), NULL);
		while (scan_block_push(s, &b))
			;
	} else {
		const char *p = text, *e;

		for (; *p; p = *e ? e + 1 : e) {
			e = strchr(p, '\n');
			if (!e)
				e = p + strlen(p);
			scan_push(s, span_make(p, (size_t)(e - p)), 0);
		}
	}
	scan_flush(s, 1);
	while (scan_pop(s, &ev)) {
		if ((ev.kind == EV_OOM_KILL || scan_rules) && !n)
			*kill = ev;
		n++;
	}
	*st = *scan_stats(s);
	scan_free(s);
	return n;
}

static void test_scanner_joins_a_wrapped_paste(void **state)
{
	struct oom_event k;
	struct scan_stats st;

	(void)state;
	assert_int_equal(scan_text(mail78, SCAN_UNWRAP_AUTO, 1, &k, &st), 1);
	assert_int_equal(k.pid, 4242);
	assert_string_equal(k.comm, "java");
	assert_int_equal(k.trigger_pid, 4242);
	assert_int_equal(k.total_vm_kb, 123456);
	assert_int_equal(k.anon_rss_kb, 65432);
	assert_int_equal(k.pgtables_kb, 512);
	assert_int_equal(k.oom_score_adj, 0);
	assert_int_equal(k.reaped, 1);
	/* its line is the first of its pieces, and every input line counts */
	assert_int_equal(k.line, 5);
	assert_int_equal(st.lines, 9);
	assert_int_equal(st.bytes, strlen(mail78));
	assert_int_equal(st.lines_joined, 5);
	assert_true(st.unwrap_width > 0);
	assert_int_equal(st.anchors, st.events + st.folded + st.incomplete + st.unrecognised);

	/* the same text whole gives the same kill, joining nothing */
	assert_int_equal(scan_text(whole, SCAN_UNWRAP_AUTO, 1, &k, &st), 1);
	assert_int_equal(k.total_vm_kb, 123456);
	assert_int_equal(k.pgtables_kb, 512);
	assert_int_equal(k.line, 3);
	assert_int_equal(st.lines_joined, 0);
	assert_int_equal(st.unwrap_width, 0);

	/* off: the pieces stay apart; the kernel parser still reads a kill
	 * record wrapped right after its pid ("(java) total-vm:..." next) */
	scan_text(mail78, 0, 1, &k, &st);
	assert_int_equal(st.lines_joined, 0);
	assert_int_equal(st.lines, 9);
	assert_string_equal(k.comm, "java");
	assert_int_equal(k.total_vm_kb, 123456);

	/* line by line there is no head to tell from: a width given joins */
	scan_text(mail78, SCAN_UNWRAP_AUTO, 0, &k, &st);
	assert_int_equal(st.lines_joined, 0);
	assert_int_equal(scan_text(mail78, 79, 0, &k, &st), 1);
	assert_int_equal(st.lines_joined, 5);
	assert_int_equal(k.pgtables_kb, 512);
	assert_int_equal(k.line, 5);
}

/* A line a mail client could have broken at a width rules out the widths
 * past its first break and below its own; one with no break before a
 * width does not rule that width out. */
static void test_guesses_widths(void **state)
{
	struct unwrap_widths w;
	char text[512];

	(void)state;
	/* 76 columns, first break at 5: 40-75 ruled out; 100 columns, first
	 * break at 90 (a path): 91-99 ruled out, 76-90 not */
	snprintf(text, sizeof(text), "%s\n%s\n%s\n",
		 "Dear all, the build dies at once with the message below, every time it runs.",
		 "memory",
		 "/opt/build/a/very/long/path/without/any/break/in/it/at/all/to/the/tool/that/failed/abcx.js at line 9");
	assert_true(unwrap_guess(span_from_cstr(text), &w));
	assert_false(w.ok[60]);
	assert_true(w.ok[76]);
	assert_true(w.ok[90]);
	assert_false(w.ok[95]);
	assert_true(w.ok[100]);
	assert_int_equal(unwrap_width_from(&w, 10), 76);
	assert_int_equal(unwrap_width_from(&w, 77), 77);
	assert_int_equal(unwrap_width_from(&w, 91), 100);
	assert_int_equal(unwrap_width_from(&w, 121), 0);
	/* a line that could have been broken past every width: none */
	memset(text, 'x', 200);
	text[20] = ' ';
	text[200] = '\0';
	assert_false(unwrap_guess(span_from_cstr(text), &w));
	/* short lines only, and text kept HTML-escaped: no guess */
	assert_false(unwrap_guess(span_from_cstr("fork: Cannot allocate\nmemory\n"), &w));
	assert_false(unwrap_guess(span_from_cstr("&gt; Dear all, the build dies at once with the message below,\n"
						 "&gt; every time it runs.\n"), &w));
}

/* The application row that would take a joined line, and a kernel row's
 * phrase, read it across the break or not. */
static void test_reads_across(void **state)
{
	static const char redis[] = "# Can't save in background: fork: Cannot allocate memory";
	static const char kill[] = "Out of memory: Killed process 4242 (java) total-vm:1kB";
	size_t a = strlen("# Can't save in background: fork: Cannot allocate");
	size_t k = strlen("Out of memory: Killed");
	static const char lua1[] = "nginx: lua atpanic: Lua VM crashed, reason: not enough memory";
	static const char lua2[] = "nginx: lua atpanic: Lua VM crashed, reason: not enough memory "
				   "nginx: lua atpanic: Lua VM crashed, reason: not enough memory";
	size_t l = strlen("nginx: lua atpanic: Lua VM crashed, reason: not enough memory");
	size_t m = strlen("nginx: lua atpanic: Lua VM crashed, reason: not enough");
	struct app_asm *as;

	(void)state;
	as = app_asm_new(scan_rules, NULL);
	assert_non_null(as);
	assert_true(app_asm_reads_across(as, span_from_cstr(redis), 0, a, a + 1));
	/* the match within the first piece, or a kernel line (no kernel
	 * row says this) */
	assert_false(app_asm_reads_across(as, span_from_cstr(redis), 0, strlen(redis), strlen(redis)));
	assert_false(app_asm_reads_across(as, span_from_cstr(redis), 1, a, a + 1));
	assert_false(app_asm_reads_across(NULL, span_from_cstr(redis), 0, a, a + 1));
	/* two whole Lua failures side by side: each piece is a message, the
	 * join makes none of its own (the row's lead stops at the first) */
	assert_false(app_asm_reads_across(as, span_from_cstr(lua2), 0, l, l + 1));
	assert_true(app_asm_reads_across(as, span_from_cstr(lua1), 0, m, m + 1));
	app_asm_free(as);
	assert_true(kern_phrase_across(span_from_cstr(kill), k, k + 1));
	assert_false(kern_phrase_across(span_from_cstr(kill), strlen("Out of memory: Killed process 4242"),
					strlen("Out of memory: Killed process 4242 ")));
	assert_false(kern_phrase_across(span_from_cstr(kill), 3, 2));
}

/* A short paste (too few breaks to tell a wrap from its head): a line is
 * joined to the next where the join makes a message neither piece makes,
 * and the rest of its line goes on by shape; nothing else is joined. */
static void test_scanner_joins_where_a_message_crosses(void **state)
{
	static const char redis[] =
		"1255:M 14 Oct 03:00:46.044 * 10 changes in 300 seconds. Saving...\n"
		"1255:M 14 Oct 03:00:46.069 # Can't save in background: fork: Cannot allocate\n"
		"memory\n";
	static const char redis_whole[] =
		"1255:M 14 Oct 03:00:46.044 * 10 changes in 300 seconds. Saving...\n"
		"1255:M 14 Oct 03:00:46.069 # Can't save in background: fork: Cannot allocate memory\n"
		"memory usage is 1.2G\n";
	static const char kill[] =
		"Dec  1 10:00:00 web01 kernel: [12345.600000] Out of memory: Killed\n"
		"process 4242 (java) total-vm:123456kB, anon-rss:65432kB, file-rss:0kB,\n"
		"shmem-rss:0kB, UID:1000 pgtables:512kB oom_score_adj:0\n";
	static const char kill_indented[] =
		"    [11:56:41 server1 root@7481361 /var/log]cPs# grep -i killed messages\n"
		"    Mar  2 17:35:10 server1 kernel: [2858609.598568] Out of memory: Killed\n"
		"process 11726 (mysqld) total-vm:7823732kB, anon-rss:2539268kB, file-rss:768kB\n";
	struct oom_event ev;
	struct scan_stats st;

	(void)state;
	assert_int_equal(scan_text(redis, SCAN_UNWRAP_AUTO, 1, &ev, &st), 1);
	assert_int_equal(ev.kind, EV_ALLOC_FAILURE);
	assert_int_equal(ev.pid, 1255);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(ev.line, 2);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.bytes, strlen(redis));
	assert_int_equal(st.lines_joined, 1);
	assert_true(st.unwrap_width > 0);
	/* whole: the same event; the line after it is left alone (the join
	 * would make nothing the first line does not) */
	assert_int_equal(scan_text(redis_whole, SCAN_UNWRAP_AUTO, 1, &ev, &st), 1);
	assert_int_equal(ev.errno_code, 12);
	assert_int_equal(st.lines_joined, 0);
	assert_int_equal(st.unwrap_width, 0);
	/* off: the pieces stay apart */
	assert_int_equal(scan_text(redis, 0, 1, &ev, &st), 0);

	/* a kill record cut inside "Killed process", then its sizes */
	assert_int_equal(scan_text(kill, SCAN_UNWRAP_AUTO, 1, &ev, &st), 1);
	assert_int_equal(ev.kind, EV_OOM_KILL);
	assert_int_equal(ev.pid, 4242);
	assert_string_equal(ev.comm, "java");
	assert_int_equal(ev.total_vm_kb, 123456);
	assert_int_equal(ev.pgtables_kb, 512);
	assert_int_equal(ev.line, 1);
	assert_int_equal(st.lines_joined, 2);
	assert_int_equal(st.lines, 3);

	/* an indented record whose pieces the wrapper put at the margin */
	assert_int_equal(scan_text(kill_indented, SCAN_UNWRAP_AUTO, 1, &ev, &st), 1);
	assert_int_equal(ev.pid, 11726);
	assert_string_equal(ev.comm, "mysqld");
	assert_int_equal(ev.total_vm_kb, 7823732);
	assert_int_equal(ev.file_rss_kb, 768);
	assert_int_equal(st.lines_joined, 1);
}

static int rules_setup(void **state)
{
	char err[200];

	(void)state;
	scan_rules = app_rules_new(err, sizeof(err));
	if (!scan_rules)
		fprintf(stderr, "app_rules_new: %s\n", err);
	return scan_rules ? 0 : -1;
}

static int rules_teardown(void **state)
{
	(void)state;
	app_rules_free(scan_rules);
	scan_rules = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detects_mail_wrap),
		cmocka_unit_test(test_detects_terminal_cut),
		cmocka_unit_test(test_leaves_logs_alone),
		cmocka_unit_test(test_which_lines_join),
		cmocka_unit_test(test_unindented_piece_joins),
		cmocka_unit_test(test_scanner_joins_a_wrapped_paste),
		cmocka_unit_test(test_guesses_widths),
		cmocka_unit_test_setup_teardown(test_reads_across, rules_setup, rules_teardown),
		cmocka_unit_test_setup_teardown(test_scanner_joins_where_a_message_crosses, rules_setup,
						rules_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
