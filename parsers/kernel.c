/*
 * kernel.c - assembles the kernel's OOM reports into events, per host.
 *
 * A report is a run of lines: the "invoked oom-killer" header, the stack
 * header (CPU/PID/Comm), Mem-Info or the memcg block, the task table, the
 * oom-kill: summary (5.0+), the old "Kill process ... or sacrifice child"
 * selection line and the "Killed process" record. A finished kill is held
 * back until its oom_reaper line, the next kill on the same host, a line
 * budget, a flush, or until later events fill the queue behind it (a dense
 * log: it leaves early rather than let the queue overflow), so the reaper
 * folds into it. Allocation failures
 * (page allocation / vmalloc / vmemmap) are held until their CPU line and
 * Mem-Info have been seen. Every host has its own state, so reports of a
 * central syslog stay apart; the host table has a fixed size and evicts the
 * least recently used host.
 *
 * Each line is read once to learn which rows' phrases (and where each
 * first stands), glue lead-ins and start anchors it holds (kern_classify);
 * only those rows are tried, from there, and a line holding none outside
 * any open report costs little more than that pass. A short message met
 * again word for word (a report's stack frames, headers and Mem-Info
 * lines repeat from report to report) takes its remembered pass
 * (classify_memo).
 *
 * Pasted text is taken as people leave it: a message glued to the one
 * before it, a syslog prefix glued inside a line a mail client reflowed
 * (the text after it goes to that prefix's host), a record wrapped onto
 * the next line after its lead-in.
 *
 * Trusts nothing in the line text: every field is parsed with bounded span
 * cursors, unknown shapes are left alone. Not thread-safe: one kern_asm per
 * thread (the shared step and key tables are built once, under
 * pthread_once, and only read after). Memory is fixed at kern_asm_new.
 */
#include "kernel.h"

#include <pthread.h>
#include <stdatomic.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/evqueue.h"
#include "../core/invariant.h"
#include "../core/prefault.h"
#include "kernel_int.h"
#include "prefilter.h"

#define KHOSTS 256          /* hosts tracked at once */
#define KBUCKETS 512        /* hash buckets (power of two) */
#define KOUT_CAP 128        /* finished events waiting to be popped */
#define KNOTE_CAP 64        /* notes waiting to be popped */
#define KAMEND_CAP 64       /* amendments waiting to be popped */
#define KHELD 4             /* finished kills held per host for their reaper lines */
#define KOUT_ROOM 16        /* slots kept for what one line can release (eviction and
			     * dispatch: < 2 * (KHELD + 2)) */
#define KOUT_HIGH (KOUT_CAP - 2 * KOUT_ROOM) /* queued events that stop sweeps and
					      * flush steps, and force held events out */
#define KGROUP_LINES 256    /* lines a memory.oom.group kill's member records follow it within */
#define KRECENT 8           /* released kill pids remembered per host */
#define HOLD_LINES 4000     /* a held event is released this many lines later */
#define SWEEP_EVERY 1024    /* lines between sweeps for stale held events */
#define KMEMO 256           /* kernel passes remembered by their message (a power of two) */
#define KMEMO_LEN 96        /* the longest message whose pass is remembered */
#define KWRAP_BUF 512       /* "Killed " and the wrapped rest of a kill record */
#define KWRAP_LEAD 96       /* the longest lead-in kept ("...: Kill process N") */

enum kind_hint { HINT_NONE = 0, HINT_GLOBAL, HINT_MEMCG };

struct report {
	int active;           /* header or another report line seen */
	int have_header;
	int have_summary;     /* oom-kill: line seen */
	int hint;             /* enum kind_hint */
	int64_t start_line;
	int64_t summary_line;
	int64_t sel_pid;
	int64_t sel_line;     /* the line of the selection line */
	int anchors;          /* anchor lines in the report (header, summary, selection, ...) */
	/* The first bytes of the line an incomplete note quotes (the header,
	 * or the selection line), raw: escaped into the note's 200 bytes
	 * only when a note is made (report_close). 200 raw bytes give the
	 * same text as the whole line: no more fit. */
	char header_raw[200];
	size_t header_n;
	struct oom_event ev;
};

struct held {
	int valid;            /* the alloc slot holds an event (kills use n_kills) */
	int kind_unknown;     /* a bare kill record with no context */
	struct oom_event ev;
};

struct host {
	int used;
	uint32_t hash;
	uint64_t last_use;
	char name[64];
	size_t name_n;        /* strlen(name) */
	int last_started;     /* 0 = report, 1 = alloc failure */
	struct report rep;
	struct held kills[KHELD]; /* finished kills waiting for their reaper lines, oldest first */
	int n_kills;
	struct held alloc;    /* allocation failure waiting for CPU / Mem-Info */
	int64_t cont_line;    /* the last line of the newest kill record, or 0 */
	int64_t cont_pid;     /* its pid */
	int cont_key;         /* the field its text ended in, cut before the number (enum kfield) */
	/* An oom-kill: summary a paste wrapped before its ",task=...,pid="
	 * part: its text so far (sum_n bytes), the line of its last piece (0:
	 * none waits) and whose it is (sum_pid: the newest held kill's, when
	 * the summary came after its kill record; else the open report's). */
	int64_t sum_cut;
	int64_t sum_pid;
	int sum_held;
	size_t sum_n;
	char sum_buf[2 * EV_MEMCG_INLINE];
	int64_t pre_line;     /* line of a 3.x "vmalloc: allocation failure: N bytes", or 0 */
	int64_t pre_bytes;    /* its N, for the failure line right after it */
	int64_t alloc_done;   /* line whose "Total swap" ended a failure's Mem-Info, or 0:
			       * a SLUB line just after it is the same allocation */
	int64_t recent[KRECENT]; /* pids of released kills, oldest first */
	uint8_t recent_reaped[KRECENT]; /* ... whose reaper line came */
	int n_recent;
	/* The last kill of a known kind, for context-less kill records. */
	int last_kind;        /* enum ev_kind or -1 */
	int64_t last_kill_sec;
	int64_t last_kill_usec;
	/* "Tasks in P are going to be killed due to memory.oom.group set":
	 * the kill records after it (the group's members) are P's tasks. */
	int64_t group_line;
	char group_memcg[EV_MEMCG_INLINE];
};

/*
 * A message's kernel pass remembered with the message's bytes: the pass
 * reads nothing but them (and the table, built once), so a message of the
 * same bytes takes it whole. A report's stack frames, table header,
 * Mem-Info and swap lines repeat from report to report, word for word.
 */
struct kmemo {
	uint32_t n;              /* the message's length; 0: empty */
	char text[KMEMO_LEN];    /* its bytes */
	struct kern_pre pass;    /* its pass (kern_pre_fill; pass.p is not read) */
};

/* Passes of recent messages, by a hash of their length and first and last
 * bytes (memo_slot); one per slot, the newest. */
struct kern_memo {
	struct kmemo slot[KMEMO];
};

struct kern_asm {
	struct host hosts[KHOSTS];
	int16_t bucket[KBUCKETS]; /* host index + 1, 0 = empty; open addressing */
	int n_hosts;
	int anon;                 /* the unnamed host ("") or -1 */
	int last_host;            /* the host host_get returned last (a report's lines
				   * come in a run), or -1 */
	int n_open;               /* nonzero iff a host has anything open or held */
	uint64_t clock;
	uint64_t evicted;
	uint64_t anchors;         /* anchor lines seen (the ledger) */
	uint64_t folded;          /* anchor lines folded into another's event or incomplete report */
	uint64_t released;        /* events queued, or refused by a full queue */
	uint64_t closed;          /* incomplete-report notes queued, or refused by a full ring */
	int64_t line;             /* the last line pushed */
	int64_t swept;            /* the line of the last sweep */
	struct evqueue outq;      /* finished events, in line order (dropped: a caller
				   * that did not pop) */
	struct oom_event out[KOUT_CAP];
	struct noteq noteq;       /* notes waiting to be popped */
	struct oom_note notes[KNOTE_CAP];
	struct oom_amend amends[KAMEND_CAP];
	int amend_head, n_amends;
	uint64_t amends_dropped;
	int early;                /* kern_asm_publish_early */
	int flushing;             /* 0, or 1 + final while a flush closes hosts */
	int release_all;          /* a non-final flush since the last line: no event waits */
	/* min_held_line's answer, kept while no host's held kills, held
	 * failure or waiting summary change (held_changed marks it stale). */
	int64_t min_held;
	int min_held_stale;
	int min_held_host;        /* the host holding min_held at the last scan, or -1 */
	/* kern_asm_pop found the queue's head waiting for an earlier held
	 * event; stays so until the held set changes, the queue reaches
	 * KOUT_HIGH or a flush starts (held_changed, out_push,
	 * kern_asm_flush clear it), so the pops between are skipped. */
	int pop_blocked;
	/* kern_asm_pending's answer, set again by pending_set after every
	 * change of what it reads (the queues, pop_blocked, flushing), so a
	 * caller asking after every line reads a word (kern_asm_pending_word). */
	unsigned pending;
	struct kern_memo memo; /* the passes of recent messages */
	/* A message a paste wrapped right after its lead-in (on_ovz_head):
	 * its line, host and prefix, for the bare line after it. */
	int64_t wrap_line;
	int wrap_host;
	int64_t wrap_pid;         /* a held kill whose record ended at its pid, or EV_NONE */
	struct line_meta wrap_meta;
	/* The lead-in line ended at "Killed" or "Killed process"
	 * (kill-wrapped-head) or at a selection's pid: the next bare line is
	 * read as this lead + its text, built in wrap_buf, when it starts
	 * with wrap_then ("" for a pid: a digit). */
	char wrap_lead[KWRAP_LEAD];
	size_t wrap_lead_n;
	const char *wrap_then;
	/* The kill record ended inside a field's name ("... oom_scor" /
	 * "e_adj:0"): that piece, glued before the next bare line. */
	char wrap_key[16];
	size_t wrap_key_n;
	char wrap_buf[KWRAP_BUF];
};

/* The next line continues line's message on host h (a paste wrapped
 * it): it is read under this line's host and stamp (push_wrapped); pid:
 * a held kill whose record ended at its pid, or EV_NONE. */
static void wrap_set(struct kern_asm *k, const struct host *h, const struct line_meta *m, int64_t line,
		     int64_t pid)
{
	k->wrap_line = line;
	k->wrap_host = (int)(h - k->hosts);
	k->wrap_meta = *m;
	k->wrap_pid = pid;
	k->wrap_lead_n = 0;
	k->wrap_key_n = 0;
}

/* The next bare line continues line's message, whose text so far is lead
 * (kept with a blank after it): read as lead + that line when the line
 * starts with then. */
static void wrap_lead(struct kern_asm *k, const struct host *h, const struct line_meta *m, int64_t line,
		      struct span lead, const char *then)
{
	wrap_set(k, h, m, line, EV_NONE);
	lead = span_trim(lead);
	if (!lead.n || lead.n + 1 > sizeof(k->wrap_lead))
		return;
	memcpy(k->wrap_lead, lead.p, lead.n);
	k->wrap_lead[lead.n] = ' ';
	k->wrap_lead_n = lead.n + 1;
	k->wrap_then = then;
}

static size_t kfield_key_cut(struct span word, const char **key);

/* A kill record (or a piece of one) that ends in ',' goes on: a paste
 * wrapped it at a column, and the next line, bare, is read under this
 * line's host and stamp (on_kill_cont takes its fields). So does a
 * record that ends at its comm with no size yet (a wrap after "(C)": a
 * 2.6.32 record without sizes is read the same whatever follows), and one
 * whose last word is the start of a field's name ("oom_scor"), which
 * push_wrapped glues before the next line when that line holds the rest
 * of the name ("e_adj:0"), and a 5.4+ record that has its UID or
 * pgtables but not yet its oom_score_adj (a wrap after "UID:0"). */
static void wrap_open(struct kern_asm *k, const struct host *h, const struct line_meta *m, int64_t line,
		      struct span msg)
{
	size_t w;
	const char *key;

	msg = span_rtrim(msg);
	if (msg.n && msg.p[msg.n - 1] == ',') {
		wrap_set(k, h, m, line, EV_NONE);
		return;
	}
	/* (a record that ends at its comm, sizes to come: "Killed process
	 * N (C)" / "total-vm:...") */
	if (msg.n && msg.p[msg.n - 1] == ')' && SPAN_FIND(msg, "illed process ") >= 0 && SPAN_FIND(msg, "-rss:") < 0 &&
	    SPAN_FIND(msg, "total-vm:") < 0 && SPAN_FIND(msg, " vsz:") < 0) {
		wrap_set(k, h, m, line, EV_NONE);
		return;
	}
	for (w = msg.n; w > 0 && msg.p[w - 1] != ' '; w--)
		;
	if (kfield_key_cut(span_skip(msg, w), &key) && msg.n - w <= sizeof(k->wrap_key)) {
		wrap_set(k, h, m, line, EV_NONE);
		memcpy(k->wrap_key, msg.p + w, msg.n - w);
		k->wrap_key_n = msg.n - w;
		return;
	}
	/* (a 5.4+ record cut after a whole field of its tail, "... UID:0"
	 * or "... UID:0 pgtables:5436kB": oom_score_adj, always its last
	 * field, is still to come) */
	if ((SPAN_FIND(msg, "-rss:") >= 0 || SPAN_FIND(msg, "illed process ") >= 0) &&
	    (SPAN_FIND(msg, " UID:") >= 0 || SPAN_FIND(msg, "pgtables:") >= 0) &&
	    SPAN_FIND(msg, "oom_score_adj:") < 0) {
		wrap_set(k, h, m, line, EV_NONE);
	}
}

/* The state of a new assembler in k, zeroed. */
static void kern_asm_init(struct kern_asm *k)
{
	evq_init(&k->outq, k->out, KOUT_CAP);
	noteq_init(&k->noteq, k->notes, KNOTE_CAP);
	k->min_held = INT64_MAX;
	k->min_held_host = -1;
	k->last_host = -1;
	k->anon = -1;
	k->wrap_pid = EV_NONE;
	/* its slots are taken by hash, all over (prefault.h) */
	prefault(&k->memo, sizeof(k->memo));
}

struct kern_asm *kern_asm_new(void)
{
	struct kern_asm *k = calloc(1, sizeof(*k));

	if (k)
		kern_asm_init(k);
	return k;
}

void kern_asm_reset(struct kern_asm *k)
{
	memset(k, 0, sizeof(*k));
	kern_asm_init(k);
}

void kern_asm_free(struct kern_asm *k)
{
	free(k);
}

void kern_asm_publish_early(struct kern_asm *k, int on)
{
	k->early = !!on;
}

int kern_asm_amends_ready(const struct kern_asm *k)
{
	return k->n_amends;
}

static unsigned pending_of(const struct kern_asm *k)
{
	unsigned ev = evq_len(&k->outq) != 0 && !k->pop_blocked, notes = noteq_len(&k->noteq) != 0;

	/* a flush in progress closes hosts in either pop */
	if (k->flushing)
		ev = notes = 1;
	return ev * KERN_PENDING_EVENTS | notes * KERN_PENDING_NOTES;
}

static void pending_set(struct kern_asm *k)
{
	k->pending = pending_of(k);
}

unsigned kern_asm_pending(const struct kern_asm *k)
{
#ifdef OOMSCAN_STRICT_INVARIANTS
	OOMSCAN_ASSERT(k->pending == pending_of(k));
#endif
	return k->pending;
}

const unsigned *kern_asm_pending_word(const struct kern_asm *k)
{
	return &k->pending;
}

uint64_t kern_asm_amends_dropped(const struct kern_asm *k)
{
	return k->amends_dropped;
}

uint64_t kern_asm_hosts_evicted(const struct kern_asm *k)
{
	return k->evicted;
}

uint64_t kern_asm_dropped(const struct kern_asm *k)
{
	return k->outq.dropped;
}

uint64_t kern_asm_notes_dropped(const struct kern_asm *k)
{
	return k->noteq.dropped;
}

void kern_asm_ledger(const struct kern_asm *k, uint64_t *anchors, uint64_t *folded)
{
	*anchors = k->anchors;
	*folded = k->folded;
}

/* ---- small parsing helpers ---- */

static inline int64_t int_after(struct span s, const char *key, size_t keyn);
#define INT_AFTER(s, key) int_after((s), (key), sizeof(key) - 1)

#define KCOMM_MAX 15          /* the kernel's task comm: TASK_COMM_LEN - 1 bytes */
#define ID_MAX 4294967295LL   /* pids and uids are 32-bit */

/*
 * Takes the decimal id (pid, uid) at the start of *r. Returns -1 when no
 * digit is there; else consumes every digit and sets *out to the value, or
 * to EV_NONE when it is past ID_MAX (the event keeps its other fields).
 */
/*
 * The number of leading ASCII digits of the eight bytes x (first byte
 * lowest), and in *val their value. Per byte: a digit has the high nibble 3
 * and a low one below 10 (plus 6 stays in the nibble); the flag of a byte
 * that is not one is found without carries between bytes, and the digits
 * are combined in pairs, fours and eights (every product stays below 2^64:
 * no wraparound for -fsanitize=integer).
 */
static inline __attribute__((always_inline)) unsigned digits8(uint64_t x, uint64_t *val)
{
	const uint64_t hi = 0xF0F0F0F0F0F0F0F0ull, lo = 0x0F0F0F0F0F0F0F0Full;
	const uint64_t l7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t m = ((x & hi) ^ 0x3030303030303030ull) | (((x & lo) + 0x0606060606060606ull) & hi);
	uint64_t t = (((m & l7) + l7) | m) & ~l7, d;
	unsigned k = t ? (unsigned)__builtin_ctzll(t) >> 3 : 8;

	if (!k)
		return 0;
	d = x & lo;
	if (k < 8)
		d = (d & ((UINT64_C(1) << (8 * k)) - 1)) << (8 * (8 - k));
	d = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFull;
	d = (d * 100 + (d >> 16)) & 0x0000FFFF0000FFFFull;
	d = (d * 10000 + (d >> 32)) & 0xFFFFFFFFull;
	*val = d;
	return k;
}

/* span_take_i64, its common case inline: up to 17 digits without a sign
 * (no overflow to check) read here, eight at a time when eight bytes are
 * there, anything else (a sign, no digit, a longer number) by
 * span_take_i64 itself. */
static inline __attribute__((always_inline)) int take_i64(struct span *r, int64_t *out)
{
	size_t i = 0, n = r->n < 18 ? r->n : 18;
	uint64_t v = 0, x;

	if (r->n >= 8) {
		memcpy(&x, r->p, 8);
		i = digits8(x, &v);
		if (i < 8)
			goto done;
	}
	while (i < n && r->p[i] >= '0' && r->p[i] <= '9') {
		v = v * 10 + (unsigned)(r->p[i] - '0');
		i++;
	}
done:
	if (i == 0 || i == 18)
		return span_take_i64(r, out);
	*out = (int64_t)v;
	r->p += i;
	r->n -= i;
	return 0;
}

static int take_id(struct span *r, int64_t *out)
{
	int64_t v;

	if (!r->n || r->p[0] < '0' || r->p[0] > '9')
		return -1;
	if (take_i64(r, &v) < 0 || v > ID_MAX)
		v = EV_NONE;
	while (r->n && r->p[0] >= '0' && r->p[0] <= '9')
		*r = span_skip(*r, 1);
	*out = v;
	return 0;
}

/* The id right after key; EV_NONE when absent or out of range. */
static int64_t id_after(struct span s, const char *key, size_t keyn)
{
	long at = span_find(s, key, keyn);
	struct span r;
	int64_t v;

	if (at < 0)
		return EV_NONE;
	r = span_skip(s, (size_t)at + keyn);
	if (take_id(&r, &v) < 0)
		return EV_NONE;
	return v;
}
#define ID_AFTER(s, key) id_after((s), (key), sizeof(key) - 1)

/*
 * The comm the kernel printed right before a phrase ("<comm> invoked
 * oom-killer", "<comm>: page allocation failure"). Whatever prefix stands
 * before it is not part of it: the comm starts after the last prefix
 * boundary (": ", "] ", "> ", "| ", a tab), after a "<N>" priority, quote
 * markers and a writer's opening quote mark; a longer run than the
 * kernel's comm holds keeps its last words that fit ("host Web Content" ->
 * "Web Content").
 */
static struct span comm_before(struct span msg, size_t at)
{
	struct span c;
	size_t i, start = 0;
	const char *sp;

	for (i = at; i >= 1; i--) {
		char b = msg.p[i - 1], a = i >= 2 ? msg.p[i - 2] : '\0';

		if (b == '\t' || (b == ' ' && (a == ':' || a == ']' || a == '>' || a == '|'))) {
			/* A comm that itself ends in " : " (a WebSphere thread
			 * "WebContainer : 5" cut to 15 bytes: "WebContainer : : page
			 * allocation failure") is no boundary right at the phrase. */
			if (i == at && a == ':' && i >= 3 && msg.p[i - 3] == ' ')
				continue;
			start = i;
			break;
		}
	}
	c = span_ltrim(span_make(msg.p + start, at - start));
	while (c.n && (c.p[0] == '>' || c.p[0] == '|'))
		c = span_ltrim(span_skip(c, 1));
	/* A markdown heading's marks ("# dlad: page allocation failure: ..."
	 * as an issue's title) are the writer's: '#'s and a blank. */
	for (i = 0; i < c.n && i < 6 && c.p[i] == '#'; i++)
		;
	if (i && i < c.n && c.p[i] == ' ')
		c = span_ltrim(span_skip(c, i));
	if (c.n > 2 && c.p[0] == '<' && c.p[1] >= '0' && c.p[1] <= '9') {
		sp = memchr(c.p, '>', c.n < 6 ? c.n : 6);
		if (sp)
			c = span_skip(c, (size_t)(sp - c.p) + 1);
	}
	while (c.n > KCOMM_MAX && (sp = memchr(c.p, ' ', c.n)) != NULL)
		c = span_skip(c, (size_t)(sp - c.p) + 1);
	/* A line quoted in prose ('the problem I have with "kworker/u:0: page
	 * allocation failure: ..."', 'we see `nginx: ...'): an opening quote
	 * mark at the start of a word is the writer's, and so is the text
	 * before it. */
	for (i = c.n; i >= 1; i--) {
		size_t q = i - 1, w = 0;

		if (c.p[q] == '"' || c.p[q] == '`')
			w = 1;
		else if (q + 3 <= c.n && (unsigned char)c.p[q] == 0xe2 && (unsigned char)c.p[q + 1] == 0x80 &&
			 ((unsigned char)c.p[q + 2] == 0x9c || (unsigned char)c.p[q + 2] == 0x98))
			w = 3; /* the typographic quotes U+201C and U+2018 */
		if (w && (q == 0 || c.p[q - 1] == ' ') && q + w < c.n) {
			c = span_skip(c, q + w);
			break;
		}
	}
	c = span_rtrim(c);
	/* A syslog tag left in front ("host kernel: vmalloc: ...") is not a task. */
	if (SPAN_ENDS(c, "kernel") && (c.n == 6 || c.p[c.n - 7] == ' '))
		c.n = 0;
	return c;
}

/* 1 if a closing quote mark (" ` ' or U+201D, U+2019) stands right after the
 * first n bytes of s: a phrase a writer quoted, not the kernel's line. */
static int quote_closes(struct span s, size_t n)
{
	const unsigned char *q = (const unsigned char *)s.p + n;

	if (n >= s.n)
		return 0;
	if (*q == '"' || *q == '`' || *q == '\'')
		return 1;
	return n + 3 <= s.n && q[0] == 0xe2 && q[1] == 0x80 && (q[2] == 0x9d || q[2] == 0x99);
}

/* 1 if s (what follows "page allocation failure") is ". order:" or ": order:"
 * and then no number but a word or a format ("order:size", "order:%d",
 * "order:<n>"): a message catalog's template, not the kernel's line. */
static int order_placeholder(struct span s)
{
	if (s.n < 8 || (s.p[0] != '.' && s.p[0] != ':'))
		return 0;
	s = span_ltrim(span_skip(s, 1));
	if (!SPAN_STARTS(s, "order:") || s.n == 6)
		return 0;
	s = span_skip(s, 6);
	return !(s.p[0] >= '0' && s.p[0] <= '9') && s.p[0] != ' ' && s.p[0] != '\t' && s.p[0] != ',';
}

/* 1 if the n bytes at q are the lower-case text lc in any ASCII case. */
static int same_ci(const char *q, const char *lc, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = q[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lc[i])
			return 0;
	}
	return 1;
}

/* 1 if s ends with the lower-case text lc in any ASCII case. */
static int ends_ci(struct span s, const char *lc, size_t n)
{
	return s.n >= n && same_ci(s.p + s.n - n, lc, n);
}

/* 1 if the byte before offset at is none or not part of a word. */
static int at_boundary(struct span s, long at)
{
	unsigned char b;

	if (at <= 0)
		return 1;
	b = (unsigned char)s.p[at - 1];
	return !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_');
}

/* Copies the 0x-hex right after key as "0x%llx" prints its value: its
 * digits lower-cased, without leading zeros (one kept for zero); nothing
 * when no digit follows the 0x or more than sixteen do. */
static void gfp_after(struct span s, const char *key, size_t keyn, struct oom_event *ev)
{
	long at = span_find(s, key, keyn);
	struct span r;
	char buf[24];
	size_t d, z, i;

	if (at < 0)
		return;
	r = span_skip(s, (size_t)at + keyn);
	if (!SPAN_STARTS(r, "0x") && !SPAN_STARTS(r, "0X"))
		return;
	r = span_skip(r, 2);
	for (d = 0; d < r.n && span_hexval((unsigned char)r.p[d]) >= 0; d++)
		if (d == 16)
			return;
	if (d == 0)
		return;
	for (z = 0; z + 1 < d && r.p[z] == '0'; z++)
		;
	buf[0] = '0';
	buf[1] = 'x';
	for (i = z; i < d; i++)
		buf[2 + i - z] = (char)(r.p[i] >= 'A' && r.p[i] <= 'F' ? r.p[i] - 'A' + 'a' : r.p[i]);
	EVENT_SET(ev, gfp_mask, buf, 2 + d - z, EV_CUT_OTHER);
}
#define GFP_AFTER(s, key, ev) gfp_after((s), (key), sizeof(key) - 1, (ev))

/* The text between key and the next stop byte (or end). */
static struct span field_after(struct span s, const char *key, size_t keyn, char stop)
{
	long at = span_find(s, key, keyn);
	struct span r;
	const char *e;

	if (at < 0)
		return span_make(NULL, 0);
	r = span_skip(s, (size_t)at + keyn);
	e = memchr(r.p, stop, r.n);
	if (e)
		r.n = (size_t)(e - r.p);
	return r;
}

/*
 * Stamps an event with its line's place and time and its host's name.
 * line_meta_stamp copies the line's host; the host's name (host_get) is
 * those bytes unless the table cut them or a NUL shortened them, the only
 * cases where its length differs, so only then is the name copied again.
 */
static void ev_stamp(const struct host *h, const struct line_meta *m, const char *source,
		     int64_t line, struct oom_event *ev)
{
	line_meta_stamp(m, source, line, ev);
	if (m->host.n != h->name_n)
		EVENT_SET(ev, host, h->name, h->name_n, EV_CUT_OTHER);
}

static void note_push(struct kern_asm *k, enum note_type type, const char *source,
		      int64_t line, const char *host, const char *text, size_t textn,
		      const char *reason)
{
	/* The caller drains notes after every line; a full ring counts what
	 * a misbehaving caller loses rather than growing. */
	struct oom_note *n;

	k->closed += type == NOTE_INCOMPLETE;
	n = noteq_push_slot(&k->noteq);
	if (!n)
		return;
	pending_set(k);
	n->type = type;
	n->source = source;
	n->line = line;
	snprintf(n->host, sizeof(n->host), "%s", host);
	span_copy(n->text, sizeof(n->text), span_make(text, textn));
	snprintf(n->reason, sizeof(n->reason), "%s", reason);
}

/* Appends a finished event to the output queue, ordered by line. */
static void out_push(struct kern_asm *k, const struct oom_event *ev)
{
	k->released++;
	evq_push(&k->outq, ev);
	/* the head stays; only a queue run full lets it pass (kern_asm_pop) */
	if (evq_len(&k->outq) >= KOUT_HIGH)
		k->pop_blocked = 0;
	pending_set(k);
}

/* A host's held kills, held failure or waiting summary changed: the
 * earliest held line must be found again. */
static void held_changed(struct kern_asm *k)
{
	k->min_held_stale = 1;
	k->pop_blocked = 0;
	pending_set(k);
}

/* An event was only added to what is held: the earliest held line can
 * only move back, so a queue head that waited still waits. */
static void held_grew(struct kern_asm *k)
{
	k->min_held_stale = 1;
}

/* ---- hosts ---- */

/* Four bytes at p, as one load. */
static uint32_t load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* One step of the host hash: a 32x32-bit product (no wraparound for
 * -fsanitize=integer), its two halves folded so every input bit reaches
 * the low bits the buckets use. */
static uint32_t mix32(uint32_t h, uint32_t v)
{
	uint64_t x = (uint64_t)(h ^ v) * 0x9e3779b1u;

	return (uint32_t)(x >> 32) ^ (uint32_t)(x & 0xffffffffu);
}

/* A host name's hash, four bytes a step (the last four overlapping):
 * names are short and hashed on most lines of a busy log. */
static uint32_t hash_span(struct span s)
{
	uint32_t h = (uint32_t)s.n;
	size_t i;

	if (s.n < 4) {
		for (i = 0; i < s.n; i++)
			h = mix32(h, (unsigned char)s.p[i]);
		return h;
	}
	for (i = 0; i + 4 < s.n; i += 4)
		h = mix32(h, load32(s.p + i));
	return mix32(h, load32(s.p + s.n - 4));
}

/* Eight bytes at p, as one load. */
static uint64_t load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* 1 if the n bytes at a and b are equal: memcmp's answer, inline, eight
 * bytes a step (the last eight overlapping); a name of four to eight
 * bytes (most host names) in two overlapping four-byte steps. */
static inline __attribute__((always_inline)) int bytes_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	if (n < 4) {
		for (i = 0; i < n; i++)
			if (a[i] != b[i])
				return 0;
		return 1;
	}
	if (n <= 8)
		return ((load32(a) ^ load32(b)) | (load32(a + n - 4) ^ load32(b + n - 4))) == 0;
	for (i = 0; i + 8 < n; i += 8)
		if (load64(a + i) != load64(b + i))
			return 0;
	return load64(a + n - 8) == load64(b + n - 8);
}

/* Parses the integer right after the first key in s (span_int_after's
 * answer, found and read inline: the key's last byte compared before the
 * rest, the number by take_i64); EV_NONE when absent. */
static inline __attribute__((always_inline)) int64_t int_after(struct span s, const char *key, size_t keyn)
{
	const char *q = s.p, *end = s.p + s.n;
	struct span r;
	int64_t v;

	if (keyn) {
		for (;; q++) {
			if ((size_t)(end - q) < keyn || !(q = memchr(q, key[0], (size_t)(end - q) - keyn + 1)))
				return EV_NONE;
			if (q[keyn - 1] == key[keyn - 1] && bytes_eq(q + 1, key + 1, keyn - 1))
				break;
		}
	}
	r = span_make(q + keyn, (size_t)(end - q) - keyn);
	return take_i64(&r, &v) < 0 ? EV_NONE : v;
}

static int host_busy(const struct host *h)
{
	return h->rep.active || h->n_kills || h->alloc.valid;
}

static void host_release_kill(struct kern_asm *k, struct host *h, int next_kind);
static void host_close(struct kern_asm *k, struct host *h, int final);
static void flush_step(struct kern_asm *k);
static int sweep(struct kern_asm *k);

static int bucket_find(const struct kern_asm *k, struct span name, uint32_t hash)
{
	uint32_t b = hash & (KBUCKETS - 1);
	int probes;

	for (probes = 0; probes < KBUCKETS; probes++, b = (b + 1) & (KBUCKETS - 1)) {
		int idx = k->bucket[b] - 1;
		const struct host *h;

		if (idx < 0)
			return -1;
		h = &k->hosts[idx];
		if (h->hash == hash && h->name_n == name.n && bytes_eq(h->name, name.p, name.n))
			return idx;
	}
	return -1;
}

static void rebuild_buckets(struct kern_asm *k)
{
	int i;

	memset(k->bucket, 0, sizeof(k->bucket));
	for (i = 0; i < k->n_hosts; i++) {
		uint32_t b;

		if (!k->hosts[i].used)
			continue;
		b = k->hosts[i].hash & (KBUCKETS - 1);
		while (k->bucket[b])
			b = (b + 1) & (KBUCKETS - 1);
		k->bucket[b] = (int16_t)(i + 1);
	}
}

static void host_reset(struct host *h, struct span name, uint32_t hash)
{
	/* A slot never used still holds kern_asm_new's zeros. */
	if (h->used)
		memset(h, 0, sizeof(*h));
	h->used = 1;
	h->hash = hash;
	if (name.n >= sizeof(h->name))
		name.n = sizeof(h->name) - 1;
	memcpy(h->name, name.p, name.n);
	h->name_n = strlen(h->name);
	h->last_kind = -1;
	h->last_kill_sec = EV_NONE;
	h->last_kill_usec = EV_NONE;
}

/* A new host's state, in a free slot or in the least recently used
 * host's (closed first). Out of line: host_get's common path stays small. */
__attribute__((noinline)) static struct host *host_add(struct kern_asm *k, struct span name, uint32_t hash)
{
	struct host *h;
	int idx, i;

	if (k->n_hosts < KHOSTS) {
		idx = k->n_hosts++;
		/* a host's first report fills most of its 12 KiB: mapped in
		 * one call, not faulted in a page at a time (prefault.h) */
		prefault(&k->hosts[idx], sizeof(k->hosts[idx]));
	} else {
		idx = 0;
		for (i = 1; i < KHOSTS; i++)
			if (k->hosts[i].last_use < k->hosts[idx].last_use)
				idx = i;
		host_close(k, &k->hosts[idx], 1);
		k->evicted++;
	}
	h = &k->hosts[idx];
	host_reset(h, name, hash);
	if (idx == k->anon)
		k->anon = -1;
	if (name.n == 0)
		k->anon = idx;
	held_changed(k);
	h->last_use = ++k->clock;
	rebuild_buckets(k);
	k->last_host = idx;
	return h;
}

/* The state of a host, created (or taken over from the least recently used
 * host) on first use. Host names longer than the buffer are cut. */
/* The index of the host named *name (cut as the table cuts names), or -1
 * with *hash its hash (the same host as the line before needs neither
 * hash nor probe). */
static inline __attribute__((always_inline)) int host_find(const struct kern_asm *k, struct span *name,
							   uint32_t *hash)
{
	if (name->n >= sizeof(k->hosts[0].name))
		name->n = sizeof(k->hosts[0].name) - 1;
	if (k->last_host >= 0) {
		const struct host *h = &k->hosts[k->last_host];

		if (h->used && h->name[name->n] == '\0' && bytes_eq(h->name, name->p, name->n))
			return k->last_host;
	}
	*hash = hash_span(*name);
	return bucket_find(k, *name, *hash);
}

static struct host *host_get(struct kern_asm *k, struct span name)
{
	uint32_t hash = 0;
	int idx = host_find(k, &name, &hash);
	struct host *h;

	if (idx < 0)
		return host_add(k, name, hash);
	h = &k->hosts[idx];
	h->last_use = ++k->clock;
	k->last_host = idx;
	return h;
}

/* Sets n_open: only whether a host is busy matters, so the first busy
 * host ends the count. */
static void count_open(struct kern_asm *k)
{
	int i;

	for (i = 0; i < k->n_hosts; i++)
		if (host_busy(&k->hosts[i])) {
			k->n_open = 1;
			return;
		}
	k->n_open = 0;
}

/* ---- finishing events ---- */

static void remember_kill(struct host *h, const struct oom_event *ev)
{
	if (h->n_recent == KRECENT) {
		memmove(h->recent, h->recent + 1, sizeof(h->recent[0]) * (KRECENT - 1));
		memmove(h->recent_reaped, h->recent_reaped + 1, KRECENT - 1);
		h->n_recent--;
	}
	h->recent_reaped[h->n_recent] = (uint8_t)ev->reaped;
	h->recent[h->n_recent++] = ev->pid;
}

/* 1 if two events are within about a second of each other. */
static int close_in_time(const struct oom_event *a, int64_t sec, int64_t usec)
{
	if (a->uptime_usec != EV_NONE && usec != EV_NONE)
		return llabs(a->uptime_usec - usec) <= 1000000;
	if (a->time_sec != EV_NONE && sec != EV_NONE)
		return llabs(a->time_sec - sec) <= 1;
	return a->uptime_usec == EV_NONE && usec == EV_NONE &&
	       a->time_sec == EV_NONE && sec == EV_NONE;
}

/*
 * Releases held kill i. next_kind: the kind of the kill that follows on this
 * host (or -1), adopted by a context-less kill record.
 */
static void release_kill_at(struct kern_asm *k, struct host *h, int i, int next_kind)
{
	struct oom_event *ev = &h->kills[i].ev;

	if (h->kills[i].kind_unknown)
		ev->kind = next_kind >= 0 ? (enum ev_kind)next_kind : EV_OOM_KILL;
	event_attribute_cgroup(ev);
	out_push(k, ev);
	remember_kill(h, ev);
	held_changed(k);
	h->n_kills--;
	memmove(&h->kills[i], &h->kills[i + 1], sizeof(h->kills[0]) * (size_t)(h->n_kills - i));
}

/* Releases every held kill of the host. */
static void host_release_kill(struct kern_asm *k, struct host *h, int next_kind)
{
	while (h->n_kills)
		release_kill_at(k, h, 0, next_kind);
}

/* Puts ev among h's held kills; when they are full the oldest leaves
 * first (release_kill_at with kind). */
static void held_push(struct kern_asm *k, struct host *h, const struct oom_event *ev, int kind_unknown, int kind)
{
	if (h->n_kills == KHELD)
		release_kill_at(k, h, 0, kind);
	OOMSCAN_ASSERT(h->n_kills >= 0 && h->n_kills < KHELD);
	h->kills[h->n_kills].ev = *ev;
	h->kills[h->n_kills].kind_unknown = kind_unknown;
	h->n_kills++;
	held_grew(k);
}

/*
 * Holds a finished kill for its oom_reaper line. A context-less kill held
 * before takes this one's kind when they are close in time (a run of kills
 * whose first selection line was cut off); the oldest held kill is released
 * when there is no room.
 */
static void hold_kill(struct kern_asm *k, struct host *h, const struct oom_event *ev, int kind_unknown)
{
	int i;

	if (!kind_unknown) {
		h->last_kind = (int)ev->kind;
		h->last_kill_sec = ev->time_sec;
		h->last_kill_usec = ev->uptime_usec;
		for (i = 0; i < h->n_kills; i++)
			if (h->kills[i].kind_unknown &&
			    close_in_time(&h->kills[i].ev, ev->time_sec, ev->uptime_usec)) {
				h->kills[i].ev.kind = ev->kind;
				h->kills[i].kind_unknown = 0;
			}
	}
	held_push(k, h, ev, kind_unknown, kind_unknown ? -1 : (int)ev->kind);
	/* Live: the kill leaves now, with the context-less ones before it
	 * that just took its kind; its reaper line comes as an amendment. */
	if (k->early && !kind_unknown)
		host_release_kill(k, h, (int)ev->kind);
}

/* Queues an amendment for a released kill of pid whose reaper line came. */
static void amend_push(struct kern_asm *k, const struct host *h, const char *source,
		       int64_t line, int64_t pid)
{
	struct oom_amend *a;

	if (k->n_amends == KAMEND_CAP) {
		k->amends_dropped++;
		return;
	}
	a = &k->amends[(k->amend_head + k->n_amends) % KAMEND_CAP];
	a->source = source;
	a->line = line;
	snprintf(a->host, sizeof(a->host), "%s", h->name);
	a->pid = pid;
	k->n_amends++;
}

int kern_asm_pop_amend(struct kern_asm *k, struct oom_amend *out)
{
	if (k->n_amends == 0)
		return 0;
	*out = k->amends[k->amend_head];
	k->amend_head = (k->amend_head + 1) % KAMEND_CAP;
	k->n_amends--;
	return 1;
}

static void host_release_alloc(struct kern_asm *k, struct host *h)
{
	if (!h->alloc.valid)
		return;
	out_push(k, &h->alloc.ev);
	h->alloc.valid = 0;
	held_changed(k);
}

/* Keeps the line an incomplete note would quote (raw, cut). */
static void report_header_set(struct report *r, struct span msg)
{
	r->header_n = msg.n < sizeof(r->header_raw) ? msg.n : sizeof(r->header_raw);
	memcpy(r->header_raw, msg.p, r->header_n);
}

/* Ends the open report; one without a kill record is incomplete. */
static void report_close(struct kern_asm *k, struct host *h, const char *reason)
{
	struct report *r = &h->rep;

	if (!r->active)
		return;
	if (r->have_summary) {
		/* An oom-kill: summary with no kill record after it: the
		 * summary anchors the kill. */
		struct oom_event *ev = &r->ev;

		ev->kind = (r->hint == HINT_MEMCG) ? EV_MEMCG_OOM_KILL : EV_OOM_KILL;
		hold_kill(k, h, ev, 0);
	} else if (r->have_header || r->anchors) {
		/* A header, or a selection line, whose kill record never came. */
		char header[200];

		span_copy(header, sizeof(header), span_make(r->header_raw, r->header_n));
		note_push(k, NOTE_INCOMPLETE, r->ev.source, r->start_line, h->name,
			  header, strlen(header), reason);
	}
	/* One anchor became the kill or the note; the others fold into it. */
	if (r->anchors > 1)
		k->folded += (uint64_t)(r->anchors - 1);
	r->active = 0;
	held_changed(k);
}

static void host_close(struct kern_asm *k, struct host *h, int final)
{
	/* First the report: a summary without kill record becomes a held
	 * kill, released with the others just below. */
	if (final)
		report_close(k, h, "cut off: no kill record followed");
	host_release_kill(k, h, -1);
	host_release_alloc(k, h);
}

/* ---- report lines ---- */

static void report_start(struct kern_asm *k, struct host *h, const char *source,
			 int64_t line, int header)
{
	struct report *r = &h->rep;

	report_close(k, h, "cut off: a new report began");
	/* Its event is cleared by event_init below, not twice. */
	memset(r, 0, offsetof(struct report, ev));
	held_changed(k);
	r->active = 1;
	r->have_header = header;
	r->start_line = line;
	r->sel_pid = EV_NONE;
	event_init(&r->ev, EV_OOM_KILL);
	/* Its line, time and host come from the line that anchors its event
	 * (on_summary, on_kill and on_vm_kill stamp it whole); until then
	 * only its source is read (an incomplete report's note). */
	r->ev.source = source;
	EVENT_SET(&r->ev, killer, "kernel", 6, EV_CUT_OTHER);
	h->last_started = 0;
}

static struct report *report_ensure(struct kern_asm *k, struct host *h, const char *source,
				    int64_t line)
{
	if (!h->rep.active)
		report_start(k, h, source, line, 0);
	return &h->rep;
}

/* "<comm> invoked oom-killer: gfp_mask=..., order=N, oom_score_adj=N" */
static void on_header(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		      const struct line_meta *m, struct span msg, long at, int bare)
{
	struct report *r;
	struct span rest = span_skip(msg, (size_t)at);

	/* An allocation failure's Mem-Info is over once an OOM begins. */
	host_release_alloc(k, h);
	h->group_line = 0;
	report_start(k, h, source, line, 1);
	r = &h->rep;
	r->anchors = 1;
	report_header_set(r, msg);
	if (bare) {
		/* 2.6 before 2.6.16: "oom-killer: gfp_mask=0x.., order=N", no comm */
		r->ev.trigger_comm[0] = '\0';
	} else {
		struct span comm = comm_before(msg, (size_t)at);

		EVENT_SET(&r->ev, trigger_comm, comm.p, comm.n, EV_CUT_OTHER);
		/* Neither key can begin inside the phrase: searched after it,
		 * each is found where it first stands. */
		SPAN_TAKE(&rest, " invoked oom-killer:");
	}
	GFP_AFTER(rest, "gfp_mask=", &r->ev);
	r->ev.order = INT_AFTER(rest, "order=");
}

/* "CPU: 3 PID: 23793 Comm: leaker ...", "CPU: 10 UID: 1000 PID: 20957 Comm: x",
 * "Pid: 1205, comm: rsyslogd ..." */
/*
 * 1 when the name a failure or header line gave (have) ends with the stack
 * header's comm after other text: console output of a program ran into the
 * kernel's line without a line break ("...[00:02:54/00:04:07]swapper/0: page
 * allocation failure"), and the stack header's Comm is the task's own name.
 */
static int glued_before(const char *have, struct span comm)
{
	size_t n = strlen(have);
	unsigned char b;

	if (comm.n == 0 || n <= comm.n || memcmp(have + n - comm.n, comm.p, comm.n) != 0)
		return 0;
	/* The text ran into the name, it did not extend it: "u8:2" is not
	 * what stands glued in "kworker/u8:2". */
	b = (unsigned char)have[n - comm.n - 1];
	return !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
		 b == '/' || b == '_' || b == '-' || b == '.' || b == ':');
}

static int on_cpu_line(struct host *h, struct span msg)
{
	int64_t pid = EV_NONE;
	struct span comm = { NULL, 0 };
	struct oom_event *ev;
	long at;

	if (SPAN_STARTS(msg, "CPU: ")) {
		struct span r;

		if ((at = SPAN_FIND(msg, " PID: ")) < 0)
			return 0;
		r = span_skip(msg, (size_t)at + 6);
		if (take_id(&r, &pid) < 0)
			pid = EV_NONE;
		at = SPAN_FIND(msg, " Comm: ");
		if (at >= 0) {
			comm = span_skip(msg, (size_t)at + 7);
			/* comm is %.20s, then a space and the taint flags. */
			at = SPAN_FIND(comm, " Not tainted");
			if (at < 0)
				at = SPAN_FIND(comm, " Tainted:");
			if (at >= 0)
				comm.n = (size_t)at;
			else if (memchr(comm.p, ' ', comm.n))
				comm.n = (size_t)((const char *)memchr(comm.p, ' ', comm.n) - comm.p);
		}
	} else {
		if (SPAN_FIND(msg, ", comm: ") < 0)
			return 0;
		pid = ID_AFTER(msg, "Pid: ");
		comm = field_after(msg, ", comm: ", 8, ' ');
	}
	if (pid == EV_NONE)
		return 0;
	if (h->last_started == 1 && h->alloc.valid) {
		ev = &h->alloc.ev;
		if (ev->pid == EV_NONE) {
			ev->pid = pid;
			if ((!ev->comm[0] || glued_before(ev->comm, comm)) && comm.n)
				EVENT_SET(ev, comm, comm.p, comm.n, EV_CUT_COMM);
		}
		return 1;
	}
	if (h->rep.active && h->rep.ev.trigger_pid == EV_NONE) {
		ev = &h->rep.ev;
		ev->trigger_pid = pid;
		if ((!ev->trigger_comm[0] || glued_before(ev->trigger_comm, comm)) && comm.n)
			EVENT_SET(ev, trigger_comm, comm.p, comm.n, EV_CUT_OTHER);
		return 1;
	}
	return 0;
}

/*
 * Where ",oom_memcg=" and ",task_memcg=" first stand in a summary (-1 when
 * absent), in one pass over its commas; an ",oom_memcg=" after the first
 * ",task_memcg=" is not looked for (on_summary reads it only before).
 */
static void summary_memcgs(struct span msg, long *oom_at, long *task_at)
{
	const char *c = msg.p, *end = msg.p + msg.n;

	*oom_at = *task_at = -1;
	while (c < end && (c = memchr(c, ',', (size_t)(end - c))) != NULL) {
		size_t left = (size_t)(end - c);

		if (*oom_at < 0 && left >= 11 && memcmp(c, ",oom_memcg=", 11) == 0) {
			*oom_at = (long)(c - msg.p);
		} else if (left >= 12 && memcmp(c, ",task_memcg=", 12) == 0) {
			*task_at = (long)(c - msg.p);
			return;
		}
		c++;
	}
}

static int summary_fields(struct oom_event *ev, int *hint, struct span msg);
static int summary_task(struct oom_event *ev, enum ev_memcg which, struct span rest);
static int summary_comm(struct oom_event *ev, struct span comm);
static void summary_wait(struct kern_asm *k, struct host *h, const struct line_meta *m, int64_t line,
			 struct span t, int held);

/* The newest held kill of h when a summary at line belongs to it: its
 * record came first (a paste put the summary after it), within three
 * lines, and the summary names its pid or none. */
static struct oom_event *summary_held(struct host *h, int64_t line, int64_t pid)
{
	struct oom_event *ev;

	if (h->rep.active || !h->n_kills)
		return NULL;
	ev = &h->kills[h->n_kills - 1].ev;
	if (line - ev->line > 3 || ev->constraint[0] || (pid != EV_NONE && pid != ev->pid))
		return NULL;
	return ev;
}

/* "oom-kill:constraint=C,nodemask=N,[cpuset=..,mems_allowed=..,]
 *  oom_memcg=P|global_oom,task_memcg=P,task=COMM,pid=N,uid=N", or a
 * summary a mail or browser wrapped before its ",task=...,pid=" part (from
 * "oom-kill:" alone on: the rest comes on the next lines, on_summary_cont).
 * Vendor 3.10 backports print no constraint: "oom-kill:,cpuset=...".
 * Right after its kill record (a paste that put it there) it fills that
 * kill's fields instead of starting a report. */
static int on_summary(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		      const struct line_meta *m, struct span msg)
{
	struct report *r;
	struct span t = span_rtrim(msg);
	struct oom_event *held;
	int hint = HINT_NONE, done;

	if (!SPAN_EQ(t, "oom-kill:") && !SPAN_STARTS(t, "oom-kill:constraint=") &&
	    !SPAN_STARTS(t, "oom-kill:,cpuset="))
		return 0;
	held = summary_held(h, line, ID_AFTER(t, ",pid="));
	if (held) {
		done = summary_fields(held, &hint, t);
		if (hint == HINT_MEMCG)
			held->kind = EV_MEMCG_OOM_KILL;
		k->folded++;
		if (done < 0)
			summary_wait(k, h, m, line, t, 1);
		return 1;
	}
	if (h->rep.active && h->rep.have_summary)
		report_close(k, h, "");
	r = report_ensure(k, h, source, line);
	r->anchors++;
	r->have_summary = 1;
	r->summary_line = line;
	held_grew(k);
	ev_stamp(h, m, source, line, &r->ev);
	if (r->hint == HINT_NONE)
		r->hint = HINT_GLOBAL;
	if (summary_fields(&r->ev, &r->hint, t) < 0)
		summary_wait(k, h, m, line, t, 0);
	return 1;
}

/* Keeps a cut summary's text for the lines that continue it, and has the
 * next line read under its host and stamp whatever it holds. */
static void summary_wait(struct kern_asm *k, struct host *h, const struct line_meta *m, int64_t line,
			 struct span t, int held)
{
	if (t.n >= sizeof(h->sum_buf))
		return;
	memcpy(h->sum_buf, t.p, t.n);
	h->sum_n = t.n;
	h->sum_cut = line;
	h->sum_held = held;
	h->sum_pid = held ? h->kills[h->n_kills - 1].ev.pid : EV_NONE;
	wrap_set(k, h, m, line, EV_NONE);
}

/* The fields of a summary's text into ev (and the kind it names into
 * *hint): 0 when it held its ",task=...,pid=" part, else -1 (what it held
 * is set). */
static int summary_fields(struct oom_event *ev, int *hint, struct span msg)
{
	struct span v;
	long at, tat, sp;

	v = field_after(msg, "constraint=", 11, ',');
	if ((sp = span_find(v, " ", 1)) >= 0) /* "CONSTRAINT_NONE ... global_oom": elided */
		v.n = (size_t)sp;
	if (v.n)
		EVENT_SET(ev, constraint, v.p, v.n, EV_CUT_OTHER);
	if (SPAN_EQ(v, "CONSTRAINT_MEMCG"))
		*hint = HINT_MEMCG;
	summary_memcgs(msg, &at, &tat);
	if (at >= 0 && tat > at)
		event_set_memcg(ev, EV_OOM_MEMCG, msg.p + at + 11, (unsigned long)(tat - at - 11));
	/* (a writer's abridged "oom_memcg=P,task=..." names the limited
	 * cgroup only, the task's own is not known) */
	if (tat < 0 && at >= 0)
		return summary_task(ev, EV_OOM_MEMCG, span_skip(msg, (size_t)at + 11));
	if (tat < 0)
		return -1;
	return summary_task(ev, EV_TASK_MEMCG, span_skip(msg, (size_t)tat + 12));
}

/* ",task=" of a summary and what follows, "COMM,pid=N,uid=N" in comm: 0
 * when its ",pid=" is there (the last one ends the comm), else -1. */
static int summary_comm(struct oom_event *ev, struct span comm)
{
	struct span tail;
	long pe = span_rfind(comm, ",pid=", 5);

	if (pe < 0)
		return -1;
	tail = span_skip(comm, (size_t)pe);
	EVENT_SET(ev, comm, comm.p, (unsigned long)pe, EV_CUT_COMM);
	/* tail starts with ",pid=": the pid is there, and a ",uid=" right
	 * after its digits is the first. */
	tail = span_skip(tail, 5);
	if (take_id(&tail, &ev->pid) < 0)
		ev->pid = EV_NONE;
	if (SPAN_TAKE(&tail, ",uid=")) {
		if (take_id(&tail, &ev->uid) < 0)
			ev->uid = EV_NONE;
	} else {
		ev->uid = ID_AFTER(tail, ",uid=");
	}
	return 0;
}

/* What follows a summary's last cgroup field (",task_memcg=", or
 * ",oom_memcg=" where a writer left no task_memcg): "P,task=COMM,pid=N,uid=N"
 * in rest, P going to which. 0 when its ",pid=" is there, else -1 (the
 * path is set when its ",task=" is). */
static int summary_task(struct oom_event *ev, enum ev_memcg which, struct span rest)
{
	long e = SPAN_FIND(rest, ",task=");

	if (e < 0)
		return -1;
	event_set_memcg(ev, which, rest.p, (unsigned long)e);
	return summary_comm(ev, span_skip(rest, (size_t)e + 6));
}

/*
 * A line that continues a wrapped summary (on_summary), each within two
 * lines of the piece before and at most six lines after the summary's
 * first: from the start of the word holding the row's phrase (quote
 * markers, blanks and whatever stands before that word are not part of
 * it) to the line's end, appended to the pieces so far, without the blanks
 * a reformatting put after the commas ("task=python3, pid=5460"). A path
 * cut inside ("/system.slice/mysql.ser" + "vice,task=...") joins whole.
 */
static int on_summary_cont(struct kern_asm *k, struct host *h, const struct line_meta *m, int64_t line,
			   struct span msg, long at)
{
	struct oom_event *ev;
	struct span t;
	long b = at;
	size_t i;
	int hint = HINT_NONE;

	if (!h->sum_cut || line - h->sum_cut > 2)
		return 0;
	if (h->sum_held) {
		if (h->rep.active || !h->n_kills || h->kills[h->n_kills - 1].ev.pid != h->sum_pid)
			return 0;
		ev = &h->kills[h->n_kills - 1].ev;
	} else {
		if (!h->rep.active || !h->rep.have_summary || line - h->rep.summary_line > 6)
			return 0;
		ev = &h->rep.ev;
	}
	while (b > 0 && !strchr(" \t>|", msg.p[b - 1]))
		b--;
	t = span_rtrim(span_skip(msg, (size_t)b));
	for (i = 0; i < t.n && h->sum_n < sizeof(h->sum_buf); i++) {
		char c = t.p[i];

		if ((c == ' ' || c == '\t') && h->sum_n && h->sum_buf[h->sum_n - 1] == ',')
			continue;
		h->sum_buf[h->sum_n++] = c;
	}
	h->sum_cut = 0;
	if (h->sum_held) {
		/* a held kill takes the fields only if they name its pid */
		struct oom_event tmp = *ev;
		int done = summary_fields(&tmp, &hint, span_make(h->sum_buf, h->sum_n));

		if (tmp.pid != h->sum_pid) {
			/* the next kill's summary after all: its report starts
			 * here, and the held kill loses the constraint it lent */
			struct report *r;

			ev->constraint[0] = '\0';
			r = report_ensure(k, h, ev->source, line);
			/* on_summary counted the summary folded into the held
			 * kill: it is this report's anchor instead */
			k->folded--;
			r->anchors++;
			r->have_summary = 1;
			r->summary_line = line;
			held_grew(k);
			line_meta_stamp(m, ev->source, line, &r->ev);
			summary_fields(&r->ev, &r->hint, span_make(h->sum_buf, h->sum_n));
			if (r->hint == HINT_NONE)
				r->hint = HINT_GLOBAL;
			return 1;
		}
		*ev = tmp;
		if (hint == HINT_MEMCG)
			ev->kind = EV_MEMCG_OOM_KILL;
		if (done == 0)
			return 1;
	} else if (summary_fields(ev, &h->rep.hint, span_make(h->sum_buf, h->sum_n)) == 0) {
		return 1;
	}
	h->sum_cut = line;
	wrap_set(k, h, m, line, EV_NONE);
	return 1;
}

/* "[Memory cgroup ]out of memory: Kill process N (C) score S or sacrifice child" */
static int kill_why(struct span prefix, const char **constraint);

/* A kill record a paste wrapped right after "Killed" (in an open report:
 * "process N (C) ..." on the next line) or after "Killed process" (in an
 * open report or behind the kernel's "[Memory cgroup ]Out of memory: ":
 * "N (C) total-vm:..." on the next line, read after this whole line so
 * that its lead-in stays), or a selection line wrapped right after "Kill
 * process" behind that lead-in ("N (C) score S or sacrifice child" next:
 * without the join the line is no selection and its score is lost). 0
 * when the line is no such piece. */
static int on_kill_head(struct kern_asm *k, struct host *h, const struct line_meta *m, int64_t line,
			struct span msg, long at)
{
	struct span rest = span_trim(span_skip(msg, (size_t)at)), lead;
	const char *constraint;
	int rc = 0;

	if (rest.n == 6) {
		if (!h->rep.active)
			goto out;
		wrap_lead(k, h, m, line, span_make("Killed", 6), "process ");
		rc = 1;
		goto out;
	}
	/* (the row's phrase is "ill process": its K is the byte before) */
	if (rest.n == 11 && !memcmp(rest.p, "ill process", 11)) {
		if (at < 1 || (msg.p[at - 1] != 'K' && msg.p[at - 1] != 'k') ||
		    kill_why(span_make(msg.p, (size_t)at - 1), &constraint) == HINT_NONE)
			goto out;
		wrap_lead(k, h, m, line, span_make(msg.p, (size_t)(rest.p - msg.p) + rest.n), "");
		rc = 1;
		goto out;
	}
	if (rest.n != 14 || memcmp(rest.p, "Killed process", 14) ||
	    (!h->rep.active && kill_why(span_make(msg.p, (size_t)at), &constraint) == HINT_NONE))
		goto out;
	lead = span_make(msg.p, (size_t)(rest.p - msg.p) + rest.n);
	if (lead.n >= KWRAP_LEAD) /* a lead-in too long to keep: the record alone */
		lead = rest;
	wrap_lead(k, h, m, line, lead, "");
	rc = 1;
out:
	return rc;
}

/* A selection line a paste wrapped after its pid ("Memory cgroup out of
 * memory: Kill process 24572" / "(java) score 0 or sacrifice child") or
 * after the word "score" ("Out of memory: Kill process 24774 (mysqld)
 * score" / "842 or sacrifice child", a mail wrap at 78 columns behind a
 * syslog prefix): the next bare line, read after it, makes the line
 * whole; this piece folds into it (or into nothing when no such line
 * follows). 0 when the line is no such piece. */
static int on_selection_cut(struct kern_asm *k, struct host *h, const struct line_meta *m, int64_t line,
			    struct span msg, long at)
{
	struct span rest = span_rtrim(span_skip(msg, (size_t)at + sizeof("ill process ") - 1));
	const char *constraint, *then = "(";
	size_t i;

	for (i = 0; i < rest.n && rest.p[i] >= '0' && rest.p[i] <= '9'; i++)
		;
	if (!i || i > 10 || kill_why(span_make(msg.p, (size_t)at - 1), &constraint) == HINT_NONE)
		return 0;
	/* After "score" the comm stands whole before it, and the next line
	 * must start with the score's digits. */
	if (i != rest.n) {
		if (rest.n < i + 10 || memcmp(rest.p + i, " (", 2) || !SPAN_ENDS(rest, ") score"))
			return 0;
		then = "";
	}
	wrap_lead(k, h, m, line, span_make(msg.p, (size_t)(rest.p - msg.p) + rest.n), then);
	k->folded++;
	return 1;
}

static void on_selection(struct kern_asm *k, struct host *h, const char *source, int64_t line,
			 const struct line_meta *m, struct span msg, long at)
{
	struct report *r;
	struct span rest = span_skip(msg, (size_t)at);
	int memcg = SPAN_FIND(span_make(msg.p, (size_t)at), "emory cgroup") >= 0;

	/* A selection line after a finished selection without kill record
	 * starts a new report (no header seen). */
	if (h->rep.active && h->rep.sel_pid != EV_NONE) {
		if (h->rep.sel_pid == id_after(rest, "ill process ", 12) && h->rep.sel_line == line) {
			k->folded++;
			return; /* the same line twice, glued */
		}
		report_close(k, h, "cut off: no kill record followed");
	}
	r = report_ensure(k, h, source, line);
	r->anchors++;
	if (!r->have_header)
		report_header_set(r, msg);
	r->sel_pid = ID_AFTER(rest, "ill process ");
	r->sel_line = line;
	r->ev.score = INT_AFTER(rest, ") score ");
	if (memcg && r->ev.constraint[0] == '\0')
		EVENT_SET(&r->ev, constraint, "CONSTRAINT_MEMCG", 16, EV_CUT_OTHER);
	if (memcg)
		r->hint = HINT_MEMCG;
	else if (r->hint == HINT_NONE)
		r->hint = HINT_GLOBAL;
}

/* The "key:" fields of a kill record's sizes, in one pass (rec_keys_find). */
enum { RK_TOTAL_VM, RK_VSZ, RK_ANON, RK_FILE, RK_SHMEM, RK_UID, RK_PGTABLES, RK_ADJ, RK_COUNT };

static const struct {
	const char *key; /* without its colon */
	size_t n;
} rec_keys[RK_COUNT] = {
	[RK_TOTAL_VM] = { "total-vm", 8 }, [RK_VSZ] = { "vsz", 3 },
	[RK_ANON] = { "anon-rss", 8 },     [RK_FILE] = { "file-rss", 8 },
	[RK_SHMEM] = { "shmem-rss", 9 },   [RK_UID] = { "UID", 3 },
	[RK_PGTABLES] = { "pgtables", 8 }, [RK_ADJ] = { "oom_score_adj", 13 },
};

/*
 * Where the value after each key's first "key:" in r starts, or -1: the
 * record's colons are visited once, in order, and each names the keys
 * that end right before it (what a search for "key:" would find first).
 */
static void rec_keys_find(struct span r, long at[RK_COUNT])
{
	const char *c = r.p, *end = r.p + r.n;
	int i;

	for (i = 0; i < RK_COUNT; i++)
		at[i] = -1;
	while (c < end && (c = memchr(c, ':', (size_t)(end - c))) != NULL) {
		size_t before = (size_t)(c - r.p);

		/* A key's last byte first: most keys end in another one. */
		for (i = 0; before && i < RK_COUNT; i++)
			if (c[-1] == rec_keys[i].key[rec_keys[i].n - 1] && at[i] < 0 &&
			    before >= rec_keys[i].n &&
			    memcmp(c - rec_keys[i].n, rec_keys[i].key, rec_keys[i].n) == 0)
				at[i] = (long)before + 1;
		c++;
	}
}

/* The integer at offset at of r (as INT_AFTER parses it), or EV_NONE. */
static int64_t int_at(struct span r, long at)
{
	struct span t;
	int64_t v;

	if (at < 0)
		return EV_NONE;
	t = span_skip(r, (size_t)at);
	if (span_take_i64(&t, &v) < 0)
		return EV_NONE;
	return v;
}

/* Appends to *v the digit groups ",ddd" a person wrote into a size
 * ("26,184,840kB"); 1 when there were some, 0 when none, -1 when the
 * value no longer fits or was negative. */
static int take_digit_groups(struct span *t, int64_t *v)
{
	int groups = 0;

	while (t->n >= 2 && t->p[0] == ',' && t->p[1] >= '0' && t->p[1] <= '9') {
		if (*v < 0)
			return -1;
		t->p++;
		t->n--;
		while (t->n && t->p[0] >= '0' && t->p[0] <= '9') {
			int d = t->p[0] - '0';

			if (*v > (INT64_MAX - d) / 10)
				return -1;
			*v = *v * 10 + d;
			t->p++;
			t->n--;
		}
		groups = 1;
	}
	return groups;
}

/*
 * The size at offset at of r, as int_at reads it, or EV_NONE when its
 * digits end the record (blanks aside): every size the kernel prints ends
 * in "kB", so a number with nothing after it was cut (a title or a line
 * cut at its width: "pgtables:1" of "pgtables:1092kB"). Digit groups a
 * person set off with commas count when "kB" ends them ("26,184,840kB" is
 * 26184840, never 26); without it the size is not known.
 */
static int64_t size_at(struct span r, long at)
{
	struct span t;
	int64_t v;
	int g;

	if (at < 0)
		return EV_NONE;
	t = span_skip(r, (size_t)at);
	if (t.n && t.p[0] == ' ') /* "file-rss: 20624kB": a retyped record */
		t = span_skip(t, 1);
	if (span_take_i64(&t, &v) < 0 || span_rtrim(t).n == 0)
		return EV_NONE;
	g = take_digit_groups(&t, &v);
	if (g < 0 || (g > 0 && !(t.n >= 2 && t.p[0] == 'k' && t.p[1] == 'B')))
		return EV_NONE;
	return v;
}

/* What a "Killed process" record holds, parsed before the line is known
 * to be taken (the report's event stays untouched when it is not). The
 * integers are EV_NONE when absent, cut holds EV_CUT_COMM when the comm
 * was cut. */
struct kill_rec {
	int64_t pid, uid;
	int64_t total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb, pgtables_kb, oom_score_adj;
	int64_t score; /* OpenVZ's "score N" on the record itself */
	unsigned cut;
	char comm[sizeof(((struct oom_event *)0)->comm)];
};

static void kill_rec_init(struct kill_rec *kr)
{
	kr->pid = kr->uid = EV_NONE;
	kr->total_vm_kb = kr->anon_rss_kb = kr->file_rss_kb = kr->shmem_rss_kb = EV_NONE;
	kr->pgtables_kb = kr->oom_score_adj = kr->score = EV_NONE;
	kr->cut = 0;
	/* whole: it is copied whole into the event, as event_init leaves one */
	memset(kr->comm, 0, sizeof(kr->comm));
}

static void kill_rec_comm(struct kill_rec *kr, struct span comm)
{
	if (span_copy(kr->comm, sizeof(kr->comm), comm))
		kr->cut |= EV_CUT_COMM;
}

/* The sizes (and "UID:") of a kill record's text from the ")" after its
 * comm, each key's value read where its first "key:" stands. */
static void sizes_by_key(struct span r, struct kill_rec *kr)
{
	long at[RK_COUNT];
	int64_t v;

	if ((v = ID_AFTER(r, "), UID ")) != EV_NONE)
		kr->uid = v;
	rec_keys_find(r, at);
	if ((v = size_at(r, at[RK_TOTAL_VM])) != EV_NONE)
		kr->total_vm_kb = v;
	else if ((v = size_at(r, at[RK_VSZ])) != EV_NONE)
		kr->total_vm_kb = v;
	kr->anon_rss_kb = size_at(r, at[RK_ANON]);
	kr->file_rss_kb = size_at(r, at[RK_FILE]);
	kr->shmem_rss_kb = size_at(r, at[RK_SHMEM]);
	if (at[RK_UID] >= 0) {
		struct span u = span_skip(r, (size_t)at[RK_UID]);

		if (take_id(&u, &v) == 0 && v != EV_NONE)
			kr->uid = v;
	}
	kr->pgtables_kb = size_at(r, at[RK_PGTABLES]);
	kr->oom_score_adj = int_at(r, at[RK_ADJ]);
}

/* Takes lit, then the integer after it, from *r; -1 when either is not
 * there (or the integer does not fit). */
static inline __attribute__((always_inline)) int take_key_int(struct span *r, const char *lit, size_t litn,
							   int64_t *v)
{
	if (r->n < litn || !bytes_eq(r->p, lit, litn))
		return -1;
	r->p += litn;
	r->n -= litn;
	return take_i64(r, v);
}
#define TAKE_KEY_INT(r, lit, v) take_key_int((r), (lit), sizeof(lit) - 1, (v))

/*
 * sizes_by_key for the record as 5.x and 6.x print it, read in one pass:
 * ") total-vm:NkB, anon-rss:NkB, file-rss:NkB, shmem-rss:NkB, UID:N
 * pgtables:NkB oom_score_adj:N", anything after. Each key then stands once,
 * in that order, and the text before it cannot hold it, so each is the
 * first "key:" sizes_by_key would find and its value the one it would read;
 * "UID:" (an id that fits) sets uid over any "), UID " after. Returns -1,
 * leaving kr alone, when r is not exactly that (sizes_by_key reads it).
 */
static int sizes_in_order(struct span r, struct kill_rec *kr)
{
	int64_t vm, anon, file, shmem, uid, pgt, adj;

	if (TAKE_KEY_INT(&r, ") total-vm:", &vm) < 0 || TAKE_KEY_INT(&r, "kB, anon-rss:", &anon) < 0 ||
	    TAKE_KEY_INT(&r, "kB, file-rss:", &file) < 0 || TAKE_KEY_INT(&r, "kB, shmem-rss:", &shmem) < 0 ||
	    !SPAN_TAKE(&r, "kB, UID:") || take_id(&r, &uid) < 0 || uid == EV_NONE ||
	    TAKE_KEY_INT(&r, " pgtables:", &pgt) < 0 || TAKE_KEY_INT(&r, "kB oom_score_adj:", &adj) < 0)
		return -1;
	kr->total_vm_kb = vm;
	kr->anon_rss_kb = anon;
	kr->file_rss_kb = file;
	kr->shmem_rss_kb = shmem;
	kr->uid = uid;
	kr->pgtables_kb = pgt;
	kr->oom_score_adj = adj;
	return 0;
}

int kern_kill_sizes_probe(struct span r, int ordered, int64_t uid, int64_t out[7])
{
	struct kill_rec kr;

	kill_rec_init(&kr);
	kr.uid = uid;
	if (ordered) {
		if (sizes_in_order(r, &kr) < 0)
			return -1;
	} else {
		sizes_by_key(r, &kr);
	}
	out[0] = kr.uid;
	out[1] = kr.total_vm_kb;
	out[2] = kr.anon_rss_kb;
	out[3] = kr.file_rss_kb;
	out[4] = kr.shmem_rss_kb;
	out[5] = kr.pgtables_kb;
	out[6] = kr.oom_score_adj;
	return 0;
}

/* Parses the pid, comm and sizes of a "Killed process" record. */
static int parse_kill_record(struct span rec, struct kill_rec *kr, int allow_cut)
{
	struct span r = rec, comm;
	int64_t pid, v;
	long e;

	if (!SPAN_TAKE(&r, "Killed process "))
		return -1;
	/* "Killed process  532 (kodi.bin)": a pid right-aligned by the
	 * paster to line up with longer ones; a few blanks, bounded. */
	for (int i = 0; i < 8 && r.n > 0 && r.p[0] == ' '; i++)
		r = span_skip(r, 1);
	if (take_id(&r, &pid) < 0)
		return -1;
	kr->pid = pid;
	if (allow_cut && span_trim(r).n == 0) {
		/* "Out of Memory: Killed process 11300" and the comm wrapped
		 * onto the next line of a mail. */
		kr->cut |= EV_CUT_COMM;
		return 0;
	}
	if (SPAN_TAKE(&r, ", UID ")) {
		/* RHEL 6: "Killed process N, UID U, (comm) total-vm:..." */
		if (take_id(&r, &v) == 0)
			kr->uid = v;
		SPAN_TAKE(&r, ",");
	}
	r = span_ltrim(r);
	if (!SPAN_TAKE(&r, "("))
		return -1;
	comm = r;
	e = SPAN_FIND(r, ") total-vm:");
	if (e < 0)
		e = SPAN_FIND(r, ") vsz:");
	if (e < 0)
		e = SPAN_FIND(r, "), UID ");
	if (e < 0) /* 2.4.0: "Killed process N (c), saved process M (d)." */
		e = SPAN_FIND(r, "), saved process ");
	if (e < 0) {
		struct span t = span_rtrim(r);

		if (SPAN_ENDS(t, ")."))
			e = (long)t.n - 2;
		else if (SPAN_ENDS(t, ")"))
			e = (long)t.n - 1;
		else
			e = span_rfind(t, ")", 1);
		if (e > KCOMM_MAX) {
			/* Longer than a task's comm: lines a web page ran
			 * together ("(jserver). Jul 19 05:19:24 h kernel: Out
			 * of Memory: Killed process 2368 (jserver). ..."). The
			 * 2.6 record ends its comm with ")." where a comm
			 * fits. */
			long f = span_find(span_make(t.p, t.n < KCOMM_MAX + 2 ? t.n : KCOMM_MAX + 2), ").", 2);

			if (f >= 0)
				e = f;
		}
	}
	if (e < 0) {
		/* Cut inside the comm (a pasted line that ends early) in an
		 * open report: the pid stands; what is there of the comm is
		 * kept, flagged. */
		comm = span_rtrim(comm);
		if (!allow_cut || comm.n > KCOMM_MAX)
			return -1;
		kill_rec_comm(kr, comm);
		kr->cut |= EV_CUT_COMM;
		return 0;
	}
	comm.n = (size_t)e;
	kill_rec_comm(kr, comm);
	r = span_skip(r, (size_t)e);
	if (sizes_in_order(r, kr) < 0)
		sizes_by_key(r, kr);
	return 0;
}

/*
 * Why the kernel says a kill record's kill happened, from the text before
 * "Killed process": "Memory cgroup out of memory: " (HINT_MEMCG), "Out of
 * memory: ", "Out of Memory: " or "Out of memory (oom_kill_allocating_task):
 * " (HINT_GLOBAL); HINT_NONE for a bare record (2.6.25 - 5.0) or one behind
 * a prefix that says nothing.
 */
static int kill_why(struct span prefix, const char **constraint)
{
	struct span p = span_rtrim(prefix);
	size_t tail = 48;

	*constraint = NULL;
	if (!SPAN_ENDS(p, ":"))
		return HINT_NONE;
	if (p.n > tail)
		p = span_skip(p, p.n - tail);
	/* 2.6.16 - 2.6.24: "No available memory in cpuset: " and
	 * "No available memory (MPOL_BIND): " */
	if (SPAN_FIND(p, "No available memory") >= 0) {
		if (SPAN_FIND(p, "cpuset") >= 0)
			*constraint = "CONSTRAINT_CPUSET";
		else if (SPAN_FIND(p, "MPOL_BIND") >= 0)
			*constraint = "CONSTRAINT_MEMORY_POLICY";
		return HINT_GLOBAL;
	}
	/* The kernel's own lead-ins end the prefix: no search for them. */
	if (ends_ci(p, "memory cgroup out of memory:", 28))
		return HINT_MEMCG;
	if (!ends_ci(p, "out of memory:", 14) && span_find_ci(p, "out of memory", 13) < 0)
		return HINT_NONE;
	return span_find_ci(p, "memory cgroup", 13) >= 0 ? HINT_MEMCG : HINT_GLOBAL;
}

/* The kill record fields a wrapped line may continue. */
enum kfield { KF_NONE = 0, KF_TOTAL_VM, KF_ANON, KF_FILE, KF_SHMEM, KF_PGTABLES, KF_ADJ, KF_UID };

static const struct {
	const char *key;  /* as printed, with its colon */
	const char *stub; /* what a wrap may leave of it at a line's end */
	int field;
} kfields[] = {
	{ "total-vm:", "total-", KF_TOTAL_VM }, { "anon-rss:", "anon-", KF_ANON },
	{ "file-rss:", "file-", KF_FILE },      { "shmem-rss:", "shmem-", KF_SHMEM },
	{ "pgtables:", "pgtables", KF_PGTABLES }, { "oom_score_adj:", "oom_score_adj", KF_ADJ },
	{ "UID:", "UID", KF_UID },
};

/* The length of word when it is the start of a kill record field's name,
 * 3 bytes or more and cut before the name ends ("oom_scor", "pgtab",
 * "anon-r"), with that key in *key; else 0. A whole name without its
 * colon is the stub kfield_at_end knows. */
static size_t kfield_key_cut(struct span word, const char **key)
{
	size_t i;

	if (word.n < 3)
		return 0;
	for (i = 0; i < sizeof(kfields) / sizeof(kfields[0]); i++) {
		size_t kn = strlen(kfields[i].key);

		if (word.n < kn - 1 && !memcmp(word.p, kfields[i].key, word.n)) {
			*key = kfields[i].key;
			return word.n;
		}
	}
	return 0;
}

static int64_t *kfield_ptr(struct oom_event *ev, int f)
{
	switch (f) {
	case KF_TOTAL_VM: return &ev->total_vm_kb;
	case KF_ANON: return &ev->anon_rss_kb;
	case KF_FILE: return &ev->file_rss_kb;
	case KF_SHMEM: return &ev->shmem_rss_kb;
	case KF_PGTABLES: return &ev->pgtables_kb;
	case KF_ADJ: return &ev->oom_score_adj;
	case KF_UID: return &ev->uid;
	}
	return NULL;
}

/* The field a record's text ends in with no number after it
 * ("... total-", "... UID:"), or KF_NONE. */
static int kfield_at_end(struct span text)
{
	struct span t = span_rtrim(text);
	size_t i;

	if (t.n && t.p[t.n - 1] == ':')
		t.n--;
	if (SPAN_ENDS(t, "-vm") || SPAN_ENDS(t, "-rss")) {
		t.n -= SPAN_ENDS(t, "-vm") ? 2 : 3;
	}
	for (i = 0; i < sizeof(kfields) / sizeof(kfields[0]); i++)
		if (span_ends(t, kfields[i].stub, strlen(kfields[i].stub)))
			return kfields[i].field;
	return KF_NONE;
}

/* Remembers the newest kill record of a host for the lines that may
 * continue it. */
static void cont_set(struct host *h, int64_t line, int64_t pid, struct span text)
{
	h->cont_line = line;
	h->cont_pid = pid;
	h->cont_key = kfield_at_end(text);
}

/*
 * A line continuing the newest kill record of the host (a mail client
 * wrapped it): the fields it holds fill the held kill's missing ones; a
 * number at its start belongs to the field the previous piece ended in.
 */
static int on_kill_cont(struct host *h, int64_t line, struct span msg)
{
	struct oom_event *ev;
	struct span t;
	int64_t v, *f;
	size_t i;
	int near = h->cont_line && line - h->cont_line <= 3;

	if (near && h->n_kills && h->kills[h->n_kills - 1].ev.pid == h->cont_pid)
		ev = &h->kills[h->n_kills - 1].ev;
	else if (h->rep.active && h->rep.have_summary &&
		 (line - h->rep.summary_line <= 3 || (near && h->cont_pid == h->rep.ev.pid)))
		ev = &h->rep.ev; /* "Out of memory: Killed" / "process N (c) total-vm:..." */
	else
		return 0;
	/* The text after quote markers, indentation and a stamp. */
	t = span_ltrim(msg);
	while (t.n && (t.p[0] == '>' || t.p[0] == '|'))
		t = span_ltrim(span_skip(t, 1));
	if (t.n && t.p[0] == '[') {
		const char *e = memchr(t.p, ']', t.n);

		if (e)
			t = span_ltrim(span_skip(t, (size_t)(e - t.p) + 1));
	}
	if (h->cont_key && (f = kfield_ptr(ev, h->cont_key)) && *f == EV_NONE &&
	    span_take_i64(&t, &v) == 0)
		*f = h->cont_key == KF_UID ? (v >= 0 && v <= ID_MAX ? v : EV_NONE) : v;
	for (i = 0; i < sizeof(kfields) / sizeof(kfields[0]); i++) {
		size_t kn = strlen(kfields[i].key);
		long at;

		f = kfield_ptr(ev, kfields[i].field);
		if (*f != EV_NONE)
			continue;
		if (kfields[i].field == KF_UID)
			*f = id_after(t, kfields[i].key, kn);
		else if (kfields[i].field == KF_ADJ)
			*f = int_after(t, kfields[i].key, kn);
		else if ((at = span_find(t, kfields[i].key, kn)) >= 0)
			*f = size_at(t, at + (long)kn); /* "file-rss:7" ending the paste: cut */
	}
	cont_set(h, line, ev->pid, t);
	return 1;
}

static int take_kill(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		     const struct line_meta *m, struct span msg, const struct kill_rec *krp, int why,
		     const char *constraint);

/* "[<prefix>: ]Killed process N (C) ..." */
static int on_kill(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		   const struct line_meta *m, struct span msg, long at)
{
	struct kill_rec kr;
	struct span prefix = span_make(msg.p, (size_t)at);
	int why;
	const char *constraint;

	kill_rec_init(&kr);
	why = kill_why(prefix, &constraint);
	if (parse_kill_record(span_skip(msg, (size_t)at), &kr, h->rep.active || why != HINT_NONE) < 0)
		return 0;
	return take_kill(k, h, source, line, m, msg, &kr, why, constraint);
}

/*
 * OpenVZ's record from "killed process ": "killed process N (C) [score S
 * ]vm:NkB, rss:NkB, swap:NkB". Its rss is anon and file together and swap
 * has no field of its own: only vm (total_vm_kb) and score are kept.
 */
static int parse_ovz_record(struct span r, struct kill_rec *kr)
{
	struct span comm;
	int64_t pid, v;
	long e;

	if (!SPAN_TAKE(&r, "killed process ") || take_id(&r, &pid) < 0 || pid == EV_NONE ||
	    !SPAN_TAKE(&r, " ("))
		return -1;
	comm = r;
	e = SPAN_FIND(r, ") score ");
	if (e < 0)
		e = SPAN_FIND(r, ") vm:");
	if (e < 0 || e > KCOMM_MAX)
		return -1;
	comm.n = (size_t)e;
	r = span_skip(r, (size_t)e + 1);
	if (SPAN_TAKE(&r, " score ")) {
		if (span_take_i64(&r, &v) < 0)
			return -1;
		kr->score = v;
	}
	if (!SPAN_TAKE(&r, " vm:") || span_take_i64(&r, &v) < 0 || !SPAN_TAKE(&r, "kB, rss:"))
		return -1;
	kr->total_vm_kb = v;
	kr->pid = pid;
	kill_rec_comm(kr, comm);
	return 0;
}

/*
 * The kernel's "Killed process N (C) total-vm:..." as a person retyped it,
 * in lower case (sizes maybe in "kb", a blank after a key's colon): read
 * as the kernel's record when its comm is followed by ") total-vm:", so
 * that prose naming a killed process stays silent. 0, or -1.
 */
#define KREC_RETYPED_MAX 512
static int parse_retyped_record(struct span r, struct kill_rec *kr)
{
	char buf[KREC_RETYPED_MAX];

	if (r.n >= sizeof(buf) || SPAN_FIND(r, ") total-vm:") < 0)
		return -1;
	memcpy(buf, r.p, r.n);
	buf[0] = 'K';
	return parse_kill_record(span_make(buf, r.n), kr, 0);
}

/* OpenVZ/Virtuozzo: "[Out of memory in UB N: ]OOM killed process N (C) ...",
 * or its record alone on a line a paste wrapped. A user
 * beancounter is a container's limit, not a memory cgroup: the kill is an
 * oom_kill unless its report said memcg. */
static int on_ovz_kill(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		       const struct line_meta *m, struct span msg, long at)
{
	struct kill_rec kr;

	const char *constraint;
	int why;

	/* Whatever stands before it (the record's shape is OpenVZ's alone). */
	kill_rec_init(&kr);
	if (parse_ovz_record(span_skip(msg, (size_t)at), &kr) == 0)
		return take_kill(k, h, source, line, m, msg, &kr, HINT_GLOBAL, NULL);
	kill_rec_init(&kr);
	if (parse_retyped_record(span_skip(msg, (size_t)at), &kr) < 0)
		return 0;
	why = kill_why(span_make(msg.p, (size_t)at), &constraint);
	return take_kill(k, h, source, line, m, msg, &kr, why, constraint);
}

/* "Out of memory in UB N: OOM" and nothing after: the record went onto
 * the next line. That line, when it carries no prefix of its own, is read
 * under this one's host and stamp (kern_asm_push_one). */
static int on_ovz_head(struct kern_asm *k, struct host *h, const struct line_meta *m, int64_t line,
		       struct span from)
{
	struct span r = span_skip(from, sizeof("Out of memory in UB ") - 1);
	long colon = SPAN_FIND(r, ": ");

	if (colon < 0 || colon > 16)
		return 0;
	r = span_trim(span_skip(r, (size_t)colon + 2));
	if (!SPAN_EQ(r, "OOM") && !SPAN_EQ(r, "OOM killed") && !SPAN_EQ(r, "OOM killed process"))
		return 0;
	wrap_set(k, h, m, line, EV_NONE);
	return 1;
}

/* 1 when an event and a line lie within one second (or either has no
 * stamp). */
static int same_second(const struct oom_event *ev, const struct line_meta *m)
{
	if (ev->time_sec != EV_NONE && m->time_sec != INT64_MIN && llabs(ev->time_sec - m->time_sec) > 1)
		return 0;
	if (ev->uptime_usec != EV_NONE && m->uptime_usec != INT64_MIN &&
	    llabs(ev->uptime_usec - m->uptime_usec) > 1000000)
		return 0;
	return 1;
}

/* "Tasks in P are going to be killed due to memory.oom.group set" */
static int on_oom_group(struct host *h, int64_t line, struct span msg, long at)
{
	long in = span_rfind(span_make(msg.p, (size_t)at), "Tasks in ", 9);
	struct span p;
	long e;

	if (in < 0)
		return 1;
	p = span_skip(msg, (size_t)in + 9);
	e = SPAN_FIND(p, " are going to be killed");
	if (e <= 0 || (size_t)e >= sizeof(h->group_memcg))
		return 1;
	memcpy(h->group_memcg, p.p, (size_t)e);
	h->group_memcg[e] = '\0';
	h->group_line = line;
	return 1;
}

/* The kill record kr, parsed from msg, becomes the open report's kill. */
static int take_kill(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		     const struct line_meta *m, struct span msg, const struct kill_rec *krp, int why,
		     const char *constraint)
{
	struct kill_rec kr = *krp;
	struct report *r;
	int context, kind;

	/* The same record twice on one line (messages glued together by
	 * an archive that lost the line breaks), or again right after (a
	 * memory.oom.group kill lists the victim it has just killed among its
	 * group), is one kill. */
	for (int i = 0; kr.pid != EV_NONE && i < h->n_kills; i++)
		if (h->kills[i].ev.pid == kr.pid &&
		    (h->kills[i].ev.line == line || (h->group_line && line - h->kills[i].ev.line <= KGROUP_LINES &&
						     same_second(&h->kills[i].ev, m)))) {
			k->folded++;
			return 1;
		}
	/* (a large group's victim may have left the held kills already) */
	for (int i = 0; kr.pid != EV_NONE && h->group_line && line - h->group_line <= KGROUP_LINES &&
			i < h->n_recent; i++)
		if (h->recent[i] == kr.pid) {
			k->folded++;
			return 1;
		}
	context = h->rep.active || why != HINT_NONE;
	r = report_ensure(k, h, source, line);
	if (constraint && !r->ev.constraint[0])
		EVENT_SET(&r->ev, constraint, constraint, strlen(constraint), EV_CUT_OTHER);
	if (why == HINT_MEMCG)
		r->hint = HINT_MEMCG;
	else if (why == HINT_GLOBAL && r->hint == HINT_NONE)
		r->hint = HINT_GLOBAL;

	if (h->group_line && line - h->group_line <= KGROUP_LINES && !event_task_memcg(&r->ev)[0])
		event_set_memcg(&r->ev, EV_TASK_MEMCG, h->group_memcg, strlen(h->group_memcg));
	/* The victim is the killed pid; the report's other fields stay. */
	r->ev.pid = kr.pid;
	memcpy(r->ev.comm, kr.comm, sizeof(kr.comm));
	r->ev.cut |= kr.cut;
	if (kr.uid != EV_NONE)
		r->ev.uid = kr.uid;
	r->ev.total_vm_kb = kr.total_vm_kb;
	r->ev.anon_rss_kb = kr.anon_rss_kb;
	r->ev.file_rss_kb = kr.file_rss_kb;
	r->ev.shmem_rss_kb = kr.shmem_rss_kb;
	r->ev.pgtables_kb = kr.pgtables_kb;
	r->ev.oom_score_adj = kr.oom_score_adj;
	if (kr.score != EV_NONE)
		r->ev.score = kr.score;
	ev_stamp(h, m, source, line, &r->ev);
	if (span_copy(r->ev.detail, sizeof(r->ev.detail), msg))
		r->ev.cut |= EV_CUT_DETAIL;
	if (r->ev.constraint[0] == '\0' && r->hint == HINT_MEMCG)
		EVENT_SET(&r->ev, constraint, "CONSTRAINT_MEMCG", 16, EV_CUT_OTHER);
	kind = r->hint == HINT_MEMCG ? EV_MEMCG_OOM_KILL : EV_OOM_KILL;
	r->ev.kind = (enum ev_kind)kind;

	/* A context-less record takes the kind of the last kill of a known
	 * kind on this host, or (in hold_kill) of the next one. */
	if (!context && h->last_kind >= 0 && close_in_time(&r->ev, h->last_kill_sec, h->last_kill_usec)) {
		r->ev.kind = (enum ev_kind)h->last_kind;
		context = 1;
	}
	hold_kill(k, h, &r->ev, !context);
	/* The kill record anchors the event; the report's other anchor
	 * lines fold into it. */
	k->folded += (uint64_t)r->anchors;
	r->anchors = 0;
	cont_set(h, line, r->ev.pid, msg);
	r->active = 0;
	held_changed(k);
	if ((kr.cut & EV_CUT_COMM) && !kr.comm[0] && kr.pid != EV_NONE) {
		/* "Killed process 11300" and "(run-parts)." on the next line */
		wrap_set(k, h, m, line, kr.pid);
	} else {
		wrap_open(k, h, m, line, msg);
	}
	return 1;
}

/*
 * 2.4 and early 2.6 page fault path: "VM: killing process <comm>". The
 * faulting task is killed; no pid is printed.
 */
static int on_vm_kill(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		      const struct line_meta *m, struct span msg, long at)
{
	struct span comm = span_trim(span_skip(msg, (size_t)at + sizeof("VM: killing process ") - 1));
	struct report *r;

	if (comm.n == 0 || comm.n > KCOMM_MAX)
		return 0;
	r = report_ensure(k, h, source, line);
	r->ev.pid = EV_NONE;
	EVENT_SET(&r->ev, comm, comm.p, comm.n, EV_CUT_COMM);
	ev_stamp(h, m, source, line, &r->ev);
	if (span_copy(r->ev.detail, sizeof(r->ev.detail), msg))
		r->ev.cut |= EV_CUT_DETAIL;
	r->ev.kind = r->hint == HINT_MEMCG ? EV_MEMCG_OOM_KILL : EV_OOM_KILL;
	hold_kill(k, h, &r->ev, 0);
	k->folded += (uint64_t)r->anchors;
	r->anchors = 0;
	r->active = 0;
	held_changed(k);
	return 1;
}

/* "oom_reaper: reaped process N (C), now anon-rss:NkB, file-rss:NkB, shmem-rss:NkB".
 * Returns 1 when the line named a pid (an anchor), else 0. */
static int on_reaper(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		     const struct line_meta *m, struct span msg, long at)
{
	struct oom_event ev;
	struct span r = span_skip(msg, (size_t)at + sizeof("oom_reaper: reaped process ") - 1);
	int64_t pid;
	long e;
	int i;

	if (take_id(&r, &pid) < 0)
		return 0;
	for (i = 0; pid != EV_NONE && i < h->n_kills; i++)
		if (h->kills[i].ev.pid == pid) {
			h->kills[i].ev.reaped = 1;
			release_kill_at(k, h, i, -1);
			k->folded++;
			return 1;
		}
	for (i = h->n_recent - 1; pid != EV_NONE && i >= 0; i--)
		if (h->recent[i] == pid) {
			/* Its kill was already released: amend it once. */
			if (!h->recent_reaped[i])
				amend_push(k, h, source, line, pid);
			h->recent_reaped[i] = 1;
			k->folded++;
			return 1;
		}
	event_init(&ev, EV_OOM_REAP);
	ev_stamp(h, m, source, line, &ev);
	EVENT_SET(&ev, killer, "kernel", 6, EV_CUT_OTHER);
	ev.pid = pid;
	ev.reaped = 1;
	if (SPAN_TAKE(&r, " (")) {
		e = SPAN_FIND(r, "), now ");
		if (e >= 0)
			EVENT_SET(&ev, comm, r.p, (unsigned long)e, EV_CUT_COMM);
	}
	ev.anon_rss_kb = INT_AFTER(r, "anon-rss:");
	ev.file_rss_kb = INT_AFTER(r, "file-rss:");
	ev.shmem_rss_kb = INT_AFTER(r, "shmem-rss:");
	span_copy(ev.detail, sizeof(ev.detail), msg);
	if (SPAN_ENDS(span_rtrim(msg), ",") && ev.shmem_rss_kb == EV_NONE) {
		/* "..., now anon-rss:0kB," and the rest on the next line (a
		 * paste wrapped it): held like a kill, that line's fields fill
		 * it (on_kill_cont). */
		held_push(k, h, &ev, 0, -1);
		cont_set(h, line, pid, msg);
		wrap_set(k, h, m, line, EV_NONE);
		return 1;
	}
	out_push(k, &ev);
	return 1;
}

/* What may follow 2.4's "__alloc_pages: N-order allocation failed": the
 * kernel's " (gfp=0x1d2/0)" (with " from c0123cc1" or a '.' after it in
 * some trees), or nothing when the line was cut there. A writer who names
 * the message goes on in words ("... failed messages"): no failure. */
static int bare_alloc_tail(struct span rest)
{
	rest = span_rtrim(rest);
	while (rest.n && rest.p[0] == ' ')
		rest = span_skip(rest, 1);
	return rest.n == 0 || SPAN_STARTS(rest, "(gfp=");
}

/* warn_alloc(): "<comm>: page allocation failure: order:N, mode:0x..(..)",
 * "<comm>: vmemmap alloc failure: order:9, mode:...", "<comm>: vmalloc error:
 * size N, ...", "<comm>: vmalloc: allocation failure: N bytes, mode:...";
 * 2.6.3x "page allocation failure. order:N, mode:0x..". */
static void on_alloc_failure(struct kern_asm *k, struct host *h, const char *source, int64_t line,
			     const struct line_meta *m, struct span msg, long at, int bare)
{
	struct oom_event *ev = &h->alloc.ev;
	struct span rest = span_skip(msg, (size_t)at);
	int64_t v;

	host_release_alloc(k, h);
	event_init(ev, EV_ALLOC_FAILURE);
	ev_stamp(h, m, source, line, ev);
	EVENT_SET(ev, killer, "", 0, 0);
	EVENT_SET(ev, runtime, "kernel", 6, EV_CUT_OTHER);
	if (bare) {
		/* "__alloc_pages: 3-order allocation failed (gfp=0x20/0)": the
		 * order is the number before the phrase. */
		size_t i = (size_t)at;

		while (i > 0 && msg.p[i - 1] >= '0' && msg.p[i - 1] <= '9')
			i--;
		ev->order = int_after(span_make(msg.p + i, (size_t)at - i + 1), "", 0);
		GFP_AFTER(rest, "gfp=", ev);
	} else {
		struct span comm = comm_before(msg, (size_t)at);

		if (comm.n)
			EVENT_SET(ev, comm, comm.p, comm.n, EV_CUT_COMM);
		rest = span_skip(rest, 2);
	}
	if (!bare)
		ev->order = INT_AFTER(rest, "order:");
	if (ev->order == EV_NONE) /* 5.15+ "vmalloc error: size N, page order N, ..." */
		ev->order = INT_AFTER(rest, "page order ");
	GFP_AFTER(rest, "mode:", ev);
	if (!bare && h->pre_line && line - h->pre_line <= 2 && h->pre_bytes != EV_NONE)
		ev->requested_bytes = h->pre_bytes;
	h->pre_line = 0;
	if ((v = INT_AFTER(rest, "error: size ")) != EV_NONE) {
		/* "vmalloc error: size N, [page order N, ]failed to allocate
		 * pages" prints the pages it got before it failed (mm/vmalloc.c:
		 * area->nr_pages * PAGE_SIZE), not the size asked: often 0.
		 * ("failed to allocated page array size" prints the size asked;
		 * "pages" may be on a line a paste wrapped.) */
		long at_alloc = SPAN_FIND(rest, "failed to allocate");
		size_t after = at_alloc < 0 ? 0 : (size_t)at_alloc + strlen("failed to allocate");

		if (v > 0 && (at_alloc < 0 || (after < rest.n && rest.p[after] == 'd')))
			ev->requested_bytes = v;
	} else if ((v = INT_AFTER(rest, "allocation failure: ")) != EV_NONE)
		ev->requested_bytes = v;
	else if ((v = INT_AFTER(rest, " of ")) != EV_NONE && SPAN_FIND(rest, "allocated ") >= 0)
		ev->requested_bytes = v;
	if (span_copy(ev->detail, sizeof(ev->detail), msg))
		ev->cut |= EV_CUT_DETAIL;
	h->alloc.valid = 1;
	h->last_started = 1;
	held_changed(k);
}

/*
 * "SLUB: Unable to allocate memory on node N (gfp=0x20)" (", gfp=0x..(FLAGS)"
 * since 4.5): slab_out_of_memory, a slab allocation that failed. When the
 * page allocator refused the slab's pages it warned first, so a failure
 * still open here, or one whose Mem-Info ended at most SLUB_FOLD_LINES lines
 * before, is this allocation: the line folds into it (once). Else (a
 * memcg's kmem limit refused the pages, or warn_alloc was ratelimited) it is
 * a failure of its own; it names no task and no stack follows it, so it
 * leaves at once.
 */
#define SLUB_FOLD_LINES 12
#define SLUB_OPEN_LINES 400 /* an open failure this old is not this allocation's */

static int on_slub(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		   const struct line_meta *m, struct span msg, long at)
{
	struct oom_event ev;

	if ((h->alloc.valid && line - h->alloc.ev.line <= SLUB_OPEN_LINES) ||
	    (h->alloc_done && line - h->alloc_done <= SLUB_FOLD_LINES)) {
		h->alloc_done = 0;
		k->folded++;
		return 1;
	}
	h->alloc_done = 0;
	event_init(&ev, EV_ALLOC_FAILURE);
	ev_stamp(h, m, source, line, &ev);
	EVENT_SET(&ev, killer, "", 0, 0);
	EVENT_SET(&ev, runtime, "kernel", 6, EV_CUT_OTHER);
	GFP_AFTER(span_skip(msg, (size_t)at), "gfp=", &ev);
	if (span_copy(ev.detail, sizeof(ev.detail), msg))
		ev.cut |= EV_CUT_DETAIL;
	out_push(k, &ev);
	return 1;
}

/*
 * 1 when msg (from the phrase on) holds the record's whole head as the
 * kernel prints it: "__vm_enough_memory: pid: N, comm: C," with a pid and
 * a comm of at most KCOMM_MAX bytes closed by its comma. A record whose
 * tail a mail or a terminal wrapped onto the next line ("... comm: X, not
 * e=" / "nough memory for the allocation") is known by its head alone.
 */
static int vm_enough_head(struct span msg)
{
	static const char phrase[] = "__vm_enough_memory: pid: ";
	size_t i = sizeof(phrase) - 1, d;

	if (msg.n < i || memcmp(msg.p, phrase, i) != 0)
		return 0;
	for (d = i; i < msg.n && msg.p[i] >= '0' && msg.p[i] <= '9'; i++)
		;
	if (i == d || msg.n - i < 8 || memcmp(msg.p + i, ", comm: ", 8) != 0)
		return 0;
	i += 8;
	for (d = i; i < msg.n && msg.p[i] != ','; i++)
		;
	return i < msg.n && i > d && i - d <= KCOMM_MAX;
}

/* "__vm_enough_memory: pid: N, comm: C, bytes: B not enough memory for the allocation" */
static int on_vm_enough(struct kern_asm *k, struct host *h, const char *source, int64_t line,
			const struct line_meta *m, struct span msg, long at)
{
	struct oom_event ev;
	struct span comm;

	msg = span_skip(msg, (size_t)at);
	comm = field_after(msg, "comm: ", 6, ',');
	if (SPAN_FIND(msg, "not enough memory") < 0 && SPAN_FIND(msg, ", bytes: ") < 0 &&
	    !vm_enough_head(msg))
		return 0;

	event_init(&ev, EV_COMMIT_LIMIT);
	ev_stamp(h, m, source, line, &ev);
	EVENT_SET(&ev, runtime, "linux", 5, EV_CUT_OTHER);
	ev.pid = ID_AFTER(msg, "pid: ");
	if (comm.n)
		EVENT_SET(&ev, comm, comm.p, comm.n, EV_CUT_COMM);
	ev.requested_bytes = INT_AFTER(msg, "bytes: ");
	span_copy(ev.detail, sizeof(ev.detail), msg);
	out_push(k, &ev);
	return 1;
}

/* ---- dispatch: driven by the shape table (kernel_table.c) ---- */

#define KSTEPS_MAX 128
_Static_assert(KERN_PROBE_STEPS >= KSTEPS_MAX, "kern_pass_probe shows every step");

/*
 * The dispatch steps: the table's rows in order, one per distinct (phrase,
 * role) pair (era rows sharing both are one step), and the keys of the
 * line's one pass (kern_classify) to their phrases, the glue lead-ins and
 * the KS_START rows' anchors. Built once.
 */
struct kstep {
	uint16_t open; /* KS_OPEN: only inside an open report or failure */
	const struct kern_shape *s;
	size_t n;      /* strlen(phrase) */
	size_t lead;   /* 1 when the phrase starts with a space (searched without it) */
};

static struct kstep steps[KSTEPS_MAX];
static int n_steps;
static struct prefilter *start_pf;  /* the KS_START rows' anchors, when the pass cannot
				    * find them (start_fallback) */
static int start_fallback;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static atomic_int start_ready; /* start_init has run (read without pthread_once's call) */
/* Where a glued second message starts: the KS_GLUE rows' lead-ins (spans
 * into their examples), each once. */
#define KGLUE_MAX 16
static struct span glue_in[KGLUE_MAX];
static int n_glue;

/*
 * The line's one pass (kern_classify): every step's phrase (without its
 * lead space) and every glue lead-in is keyed by two adjacent byte pairs,
 * the rarest by a rough guess of how often text holds them (needle_key),
 * and the pass reads the line's pairs at even offsets only: one of the two
 * stands at one. key_slot[pair] is 0 for a pair that keys nothing, else an
 * index into keys[]: the needles that pair keys, each compared whole where
 * the pair stands. So the pass finds exactly which phrases and lead-ins
 * the line holds as text (find_phrase still checks word boundaries and
 * lead spaces, glued_at what stands before a lead-in); a two-byte phrase
 * ("] ") is always reported and searched for.
 */
#define KMASK_WORDS ((KSTEPS_MAX + 63) / 64)
/* Two keys per phrase and lead-in; an anchor's keys in every case. */
#define KNEEDLES_MAX (2 * (KSTEPS_MAX + KGLUE_MAX) + 8 * PREFILTER_MAX_NEEDLES)
#define KKEYS_MAX KNEEDLES_MAX /* a key has a needle */
#define KN_GLUE -1   /* kneedle.step of a glue lead-in */
#define KN_ANCHOR -2 /* kneedle.step of a start anchor (compared in any case) */

struct kneedle {
	const char *p;  /* the text compared */
	size_t n;
	size_t off;     /* where its key pair stands in it */
	int step;       /* the step it is the phrase of, KN_GLUE or KN_ANCHOR */
	/* Its (up to) four bytes from its key pair on, as one 32-bit read of
	 * the line there shows them: (read | fold) & mask == val. fold sets
	 * bit 0x20 of an anchor's letters (any case); mask drops the bytes
	 * past its end. A cheap first test before the whole compare. */
	uint32_t val, mask, fold;
};

struct kkey {
	int first, count; /* its needles: kneedles[first .. first + count - 1] */
};

static uint16_t key_slot[65536];
static struct kkey keys[KKEYS_MAX + 1]; /* [0] unused */
static int n_keys;
static struct kneedle kneedles[KNEEDLES_MAX];
static int n_kneedles;
static uint64_t outside_steps[KMASK_WORDS]; /* the steps not KS_OPEN */
static uint64_t short_steps[KMASK_WORDS];   /* the steps whose phrase no key stands for */
static int cpu_step = -1, pid_step = -1;     /* the "CPU: " and "Pid: " steps */

/* 1 if step i's phrase is too short to key: every line is searched for it. */
static int step_short(int i)
{
	return (short_steps[i / 64] >> (i % 64)) & 1;
}

/* What the pass found in a line: the steps whose phrase it holds (and
 * where each keyed one first stands), whether it holds a glue lead-in, and
 * whether a start anchor (kern_may_start). */
struct kclass {
	uint64_t step[KMASK_WORDS];
	size_t at[KSTEPS_MAX]; /* the first offset of step i's phrase (without its
				* lead space); set only where step[] has i and
				* short_steps has not */
	int glue;   /* a glue lead-in stands glued to the text before it (glued_at splits) */
	int strong;
};

/* Adds a KS_GLUE row's lead-in to glue_in[] unless it is there. */
static void glue_add(const struct kern_shape *s)
{
	const char *at = strstr(s->example, s->phrase);
	struct span g;
	int j;

	if (!at)
		return;
	g = at == s->example ? span_from_cstr(s->phrase)
			     : span_make(s->example, (size_t)(at - s->example));
	for (j = 0; j < n_glue; j++)
		if (glue_in[j].n == g.n && memcmp(glue_in[j].p, g.p, g.n) == 0)
			return;
	OOMSCAN_ASSERT(n_glue < KGLUE_MAX);
	glue_in[n_glue++] = g;
}

/* Adds s to the start anchors unless it is there; anchors are cut to the
 * prefilter's longest, as the scanner's prefilter and the fallback take
 * them. */
static void needle_add(char (*buf)[PREFILTER_MAX_LEN + 1], const char **list, int *n, const char *s)
{
	char cut[PREFILTER_MAX_LEN + 1];
	int j;

	snprintf(cut, sizeof(cut), "%s", s);
	if (strlen(cut) < 2)
		return;
	for (j = 0; j < *n; j++)
		if (strcmp(list[j], cut) == 0)
			return;
	if (*n == PREFILTER_MAX_NEEDLES)
		return;
	memcpy(buf[*n], cut, sizeof(cut));
	list[*n] = buf[*n];
	(*n)++;
}

/* How often a byte stands in log text, roughly: spaces, digits and common
 * letters often, capitals, punctuation and rare letters seldom. */
static int byte_weight(unsigned char c)
{
	if (c == ' ')
		return 10;
	if (c >= '0' && c <= '9')
		return 9;
	if (c >= 'a' && c <= 'z')
		return strchr("etaoinsrhldcu", c) ? 7 : strchr("jqxzkv", c) ? 4 : 6;
	if (c >= 'A' && c <= 'Z')
		return 3;
	if (c == ':' || c == ',' || c == '=' || c == '.')
		return 5;
	return 3;
}

/* How often each byte pair stands in the table's examples (capped): the
 * pairs report lines share are poor keys. Filled once, by start_init. */
static uint8_t example_pairs[65536];

/* A pair's weight as a key: how many examples hold it, then how rare
 * its bytes are. */
static int pair_weight(const unsigned char *u)
{
	return example_pairs[u[0] << 8 | u[1]] * 32 + byte_weight(u[0]) + byte_weight(u[1]);
}

/* The offset of a needle's two key pairs (n >= 3 bytes): the adjacent
 * pairs at off and off + 1 of the least weight. */
static size_t needle_key(const char *ph, size_t n)
{
	const unsigned char *u = (const unsigned char *)ph;
	size_t i, best = 0;
	int w, best_w = INT32_MAX;

	for (i = 0; i + 2 < n; i++) {
		w = pair_weight(u + i) + pair_weight(u + i + 1);
		if (w < best_w) {
			best_w = w;
			best = i;
		}
	}
	return best;
}

/* The pair at p as key_slot indexes it (the scan loads it in one read). */
static unsigned key_pair(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Files a needle under the key pair at off; a key's needles stay together
 * (the later keys' needles move up one), in the order they were added. */
static void kneedle_file_pair(const char *p, size_t n, size_t off, int step, unsigned pair)
{
	struct kkey *key;
	int at, i;

	OOMSCAN_ASSERT(n_kneedles < KNEEDLES_MAX);
	if (!key_slot[pair]) {
		OOMSCAN_ASSERT(n_keys < KKEYS_MAX);
		key_slot[pair] = (uint16_t)++n_keys;
		keys[n_keys].first = n_kneedles;
	}
	key = &keys[key_slot[pair]];
	at = key->first + key->count;
	memmove(&kneedles[at + 1], &kneedles[at], sizeof(kneedles[0]) * (size_t)(n_kneedles - at));
	for (i = 1; i <= n_keys; i++)
		if (keys[i].first >= at && &keys[i] != key)
			keys[i].first++;
	kneedles[at].p = p;
	kneedles[at].n = n;
	kneedles[at].off = off;
	kneedles[at].step = step;
	{
		unsigned char v[4] = { 0 }, m[4] = { 0 }, f[4] = { 0 };
		size_t b;

		for (b = 0; b < 4 && off + b < n; b++) {
			v[b] = (unsigned char)p[off + b];
			m[b] = 0xff;
			if (step == KN_ANCHOR && v[b] >= 'a' && v[b] <= 'z')
				f[b] = 0x20;
		}
		memcpy(&kneedles[at].val, v, 4);
		memcpy(&kneedles[at].mask, m, 4);
		memcpy(&kneedles[at].fold, f, 4);
	}
	key->count++;
	n_kneedles++;
}

/* Files a needle under the pair at off, as it stands. */
static void kneedle_file(const char *p, size_t n, size_t off, int step)
{
	kneedle_file_pair(p, n, off, step, key_pair((const unsigned char *)p + off));
}

/*
 * Files a needle under both its key pairs: the scan reads the pairs at
 * even offsets only, and of two adjacent pairs one stands at an even
 * offset. A needle of two bytes is no key's: its step is searched for on
 * every line (short_steps).
 */
static void kneedle_add(const char *p, size_t n, int step)
{
	size_t off;

	if (n < 3) {
		OOMSCAN_ASSERT(step >= 0);
		short_steps[step / 64] |= 1ull << (step % 64);
		return;
	}
	off = needle_key(p, n);
	kneedle_file(p, n, off, step);
	kneedle_file(p, n, off + 1, step);
}

/* The other case of an ASCII letter, or the byte itself. */
static char other_case(char c)
{
	if (c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 'A');
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

/*
 * Files a start anchor (lower case, n >= 3) under its two key pairs in
 * every case their letters can take: it matches in any case, as the
 * prefilter it stands in for does. Returns -1 when it is too short to key.
 */
static int anchor_add(const char *p, size_t n)
{
	char pair[2];
	size_t off;
	int k, v;

	if (n < 3)
		return -1;
	off = needle_key(p, n);
	for (k = 0; k < 2; k++)
		for (v = 0; v < 4; v++) {
			pair[0] = v & 1 ? other_case(p[off + (size_t)k]) : p[off + (size_t)k];
			pair[1] = v & 2 ? other_case(p[off + (size_t)k + 1]) : p[off + (size_t)k + 1];
			/* A variant equal to one filed already is not filed twice. */
			if ((v & 1 && pair[0] == p[off + (size_t)k]) || (v & 2 && pair[1] == p[off + (size_t)k + 1]))
				continue;
			kneedle_file_pair(p, n, off + (size_t)k, KN_ANCHOR, key_pair((const unsigned char *)pair));
		}
	return 0;
}

static void start_init(void)
{
	static char abuf[PREFILTER_MAX_NEEDLES][PREFILTER_MAX_LEN + 1];
	const char *anchors[PREFILTER_MAX_NEEDLES] = { NULL };
	int n_anchors = 0, j;
	size_t i, b;

	/* The tables below are filled all over (by pair): mapped in one call
	 * each, not faulted in a page at a time (prefault.h). */
	prefault(example_pairs, sizeof(example_pairs));
	prefault(key_slot, sizeof(key_slot));
	prefault(kneedles, sizeof(kneedles));
	for (i = 0; i < kern_nshapes; i++) {
		const unsigned char *u = (const unsigned char *)kern_shapes[i].example;

		for (b = 0; u[b] && u[b + 1]; b++)
			if (example_pairs[u[b] << 8 | u[b + 1]] < 255)
				example_pairs[u[b] << 8 | u[b + 1]]++;
	}
	for (i = 0; i < kern_nshapes && n_steps < KSTEPS_MAX; i++) {
		const struct kern_shape *s = &kern_shapes[i];

		for (j = 0; j < n_steps; j++)
			if (steps[j].s->role == s->role && strcmp(steps[j].s->phrase, s->phrase) == 0)
				break;
		if (j == n_steps) {
			struct kstep *st = &steps[n_steps];

			st->s = s;
			st->open = (s->flags & KS_OPEN) != 0;
			st->n = strlen(s->phrase);
			/* A leading space would stop memchr at every word: the
			 * rest is searched for and the space checked. */
			st->lead = st->n > 2 && s->phrase[0] == ' ';
			OOMSCAN_ASSERT(st->n - st->lead >= 2);
			kneedle_add(s->phrase + st->lead, st->n - st->lead, n_steps);
			if (!st->open)
				outside_steps[n_steps / 64] |= 1ull << (n_steps % 64);
			if (strcmp(s->phrase, "CPU: ") == 0)
				cpu_step = n_steps;
			if (strcmp(s->phrase, "Pid: ") == 0)
				pid_step = n_steps;
			n_steps++;
		}
		if (s->flags & KS_START)
			needle_add(abuf, anchors, &n_anchors, s->anchor);
		if (s->flags & KS_GLUE)
			glue_add(s);
	}
	/* kern_asm_push_one reads their bits as "the line holds the phrase". */
	OOMSCAN_ASSERT(cpu_step >= 0 && pid_step >= 0 && !steps[cpu_step].lead && !steps[pid_step].lead);
	OOMSCAN_ASSERT(!step_short(cpu_step) && !step_short(pid_step));
	for (j = 0; j < n_glue; j++)
		kneedle_add(glue_in[j].p, glue_in[j].n, KN_GLUE);
	for (j = 0; j < n_anchors; j++) {
		for (b = 0; abuf[j][b]; b++)
			if (abuf[j][b] >= 'A' && abuf[j][b] <= 'Z')
				abuf[j][b] = other_case(abuf[j][b]);
	}
	/* The pass finds the anchors itself; an anchor of two bytes (no
	 * row has one) would need the prefilter for every line instead. */
	for (j = 0; j < n_anchors; j++)
		if (strlen(abuf[j]) < 3)
			break;
	if (j < n_anchors)
		start_pf = prefilter_new(anchors, n_anchors);
	else
		for (j = 0; j < n_anchors; j++)
			anchor_add(abuf[j], strlen(abuf[j]));
	start_fallback = j < n_anchors;
	atomic_store_explicit(&start_ready, 1, memory_order_release);
}

/* Bit 0x20 of each byte of w (eight bytes of lower-case text) that is a
 * letter a-z: OR-ed into the line's bytes there, it folds their case. Each
 * byte with its top bit set is at least 0x80, so the subtractions borrow
 * nothing across bytes. */
static uint64_t lower_fold64(uint64_t w)
{
	const uint64_t highs = 0x8080808080808080ull;
	uint64_t t = w | highs;
	uint64_t ge_a = (t - 0x6161616161616161ull) & highs, ge_brace = (t - 0x7b7b7b7b7b7b7b7bull) & highs;

	return (ge_a & ~ge_brace & ~w & highs) >> 2;
}

/* same_ci(q, lc, n) for lower-case ASCII text lc: two overlapping words of
 * eight bytes where 8 <= n <= 16 (a start anchor's length), byte by byte
 * else. */
static inline __attribute__((always_inline)) int same_ci_lc(const char *q, const char *lc, size_t n)
{
	uint64_t a, b;

	if (n < 8 || n > 16)
		return same_ci(q, lc, n);
	a = load64(lc);
	b = load64(lc + n - 8);
	return (((load64(q) | lower_fold64(a)) ^ a) | ((load64(q + n - 8) | lower_fold64(b)) ^ b)) == 0;
}

/* Notes that the needle nd stands at offset q of the line. */
static void needle_found(const struct kneedle *nd, size_t q, struct kclass *kc)
{
	uint64_t bit;

	if (nd->step == KN_GLUE) {
		kc->glue = 1;
		return;
	}
	bit = 1ull << (nd->step % 64);
	/* The pass meets a needle's occurrences in order but for one byte
	 * (its key at off or off + 1): the first is the least. */
	if (!(kc->step[nd->step / 64] & bit) || q < kc->at[nd->step])
		kc->at[nd->step] = q;
	kc->step[nd->step / 64] |= bit;
}

/* The needles keyed by the pair at p[at], compared whole where it stands. */
static void key_hit(struct span msg, size_t at, unsigned slot, struct kclass *kc)
{
	const struct kkey *key = &keys[slot];
	int i;

	for (i = key->first; i < key->first + key->count; i++) {
		const struct kneedle *nd = &kneedles[i];
		const char *q;

		if (at + 4 <= msg.n) {
			uint32_t w;

			memcpy(&w, msg.p + at, sizeof(w));
			if (((w | nd->fold) & nd->mask) != nd->val)
				continue;
		}
		if (nd->off > at || msg.n - (at - nd->off) < nd->n)
			continue;
		q = msg.p + at - nd->off;
		if (nd->step == KN_ANCHOR) {
			if (!kc->strong && same_ci_lc(q, nd->p, nd->n))
				kc->strong = 1;
			continue;
		}
		if (q[0] != nd->p[0] || q[nd->n - 1] != nd->p[nd->n - 1] || memcmp(q, nd->p, nd->n) != 0)
			continue;
		/* A glue lead-in counts only where glued_at would split:
		 * after a ')' or a word byte. */
		if (nd->step == KN_GLUE && (q == msg.p || (q[-1] != ')' && at_boundary(msg, q - msg.p))))
			continue;
		needle_found(nd, at - nd->off, kc);
	}
}

/*
 * One pass over the line: the steps whose phrase (without its lead space)
 * it holds and where, and whether it holds a glue lead-in.
 */
static void kern_classify(struct span msg, struct kclass *kc)
{
	const unsigned char *p = (const unsigned char *)msg.p;
	unsigned slot;
	size_t i;

	memcpy(kc->step, short_steps, sizeof(kc->step));
	kc->glue = 0;
	kc->strong = 0;
	for (i = 0; i + 1 < msg.n; i += 2) {
		slot = key_slot[key_pair(p + i)];
		if (slot)
			key_hit(msg, i, slot, kc);
	}
}

/* 1 if the pass found the phrase of step i. */
static int kc_has(const struct kclass *kc, int i)
{
	return (kc->step[i / 64] >> (i % 64)) & 1;
}

/* 1 if the pass found the phrase of a step not KS_OPEN: 0 means no row
 * can take the line (or a piece of it) outside an open report or failure. */
static int kc_outside(const struct kclass *kc)
{
	uint64_t any = 0;

	for (int w = 0; w < KMASK_WORDS; w++)
		any |= kc->step[w] & outside_steps[w];
	return any != 0;
}

/* Builds the steps and keys once; after that one atomic read per call. */
static void start_ensure(void)
{
	if (!atomic_load_explicit(&start_ready, memory_order_acquire))
		pthread_once(&start_once, start_init);
}

int kern_may_start(struct span msg)
{
	struct kclass kc;

	start_ensure();
	if (start_fallback) {
		/* No memory for the prefilter: every line may start one. The
		 * anchors match either case; the dispatcher checks exact text. */
		return start_pf ? prefilter_any(start_pf, msg) : 1;
	}
	kern_classify(msg, &kc);
	return kc.strong;
}

/* Each row's phrase, searched only where it would lie across the break. */
int kern_phrase_across(struct span msg, size_t from, size_t to)
{
	size_t i, n, lo, hi;

	/* (a phrase across the break starts before from: none when from is 0) */
	if (from == 0 || from > to || to > msg.n)
		return 0;
	for (i = 0; i < kern_nshapes; i++) {
		/* (a phrase that starts with a space starts there too) */
		n = strlen(kern_shapes[i].phrase);
		if (n < 2 || n <= to - from)
			continue;
		/* its first byte at lo..from-1, its last past to */
		lo = to + 1 >= n ? to + 1 - n : 0;
		hi = from - 1 + n < msg.n ? from - 1 + n : msg.n;
		if (lo < from && span_find(span_make(msg.p + lo, hi - lo), kern_shapes[i].phrase, n) >= 0)
			return 1;
	}
	return 0;
}

/* 1 for the roles whose handler takes a line only into a host's open
 * report, held kill or failure (on_cpu_line, on_kill_cont and the
 * continuation and memcg cases of handle): on an idle host they return 0. */
static int role_needs_busy(int role)
{
	switch (role) {
	case KR_CPU:
	case KR_KILL_CONT:
	case KR_HEADER_CONT:
	case KR_ALLOC_CONT:
	case KR_MEMCG_AT:
	case KR_MEMCG_USAGE:
		return 1;
	default:
		return 0;
	}
}

int kern_outside_phrases(const char **out, int max)
{
	int i, n = 0;

	start_ensure();
	for (i = 0; i < n_steps; i++) {
		if (steps[i].open || role_needs_busy(steps[i].s->role))
			continue;
		if (step_short(i) || n == max)
			return -1;
		out[n++] = steps[i].s->phrase + steps[i].lead;
	}
	return n;
}

/* 1 when the host named name has a report, held kill or failure open
 * (host_get's lookup, without making or touching the host). */
static int host_named_busy(const struct kern_asm *k, struct span name)
{
	uint32_t hash;
	int idx = host_find(k, &name, &hash);

	return idx >= 0 && host_busy(&k->hosts[idx]);
}

/*
 * A line without kern_outside_phrases changes a host only when the host is
 * busy: on an idle one no outside step's phrase is there to take it, and
 * the other steps (KS_OPEN, role_needs_busy) take lines only into what is
 * open. Nor can it move the unnamed host's report while that is idle.
 */
int kern_asm_may_pass(const struct kern_asm *k, struct span host)
{
	if (k->flushing)
		return 0;
	return !k->n_open || (!host_named_busy(k, host) && (k->anon < 0 || !host_busy(&k->hosts[k->anon])));
}

int kern_asm_idle(const struct kern_asm *k)
{
	return !k->n_open && !k->flushing;
}

int64_t kern_asm_wrap_line(const struct kern_asm *k)
{
	return k->wrap_line;
}

/* What the assembler keeps of every line: its time, a flush's next step
 * and the sweep. */
static inline __attribute__((always_inline)) void keep_time(struct kern_asm *k, int64_t line)
{
	k->line = line;
	k->release_all = 0;
	if (k->flushing)
		flush_step(k);
	if (k->n_open && line - k->swept >= SWEEP_EVERY && sweep(k))
		k->swept = line;
}

void kern_asm_pass(struct kern_asm *k, int64_t line)
{
	keep_time(k, line);
}

/* The pass over a line, and kern_may_start's answer from it. */
static int classify_line(struct span msg, struct kclass *kc)
{
	start_ensure();
	kern_classify(msg, kc);
	return start_fallback ? kern_may_start(msg) : kc->strong;
}

/* The probe's view of the pass kc. */
static void probe_fill(const struct kclass *kc, struct kern_probe *out)
{
	int i;

	out->n_steps = n_steps;
	for (i = 0; i < n_steps; i++) {
		out->row[i] = steps[i].s;
		out->at[i] = step_short(i) ? KERN_PROBE_SHORT : kc_has(kc, i) ? (long)kc->at[i] : -1;
	}
	out->glue = kc->glue;
	out->strong = kc->strong;
}

void kern_pass_probe(struct span msg, struct kern_probe *out)
{
	struct kclass kc;

	start_ensure();
	kern_classify(msg, &kc);
	probe_fill(&kc, out);
}

/* 1 if a step's phrase stands where its needle (the phrase without its
 * lead space) stands at offset at of msg: the lead space and, for KS_BOUND
 * rows, a word boundary before it. */
static int phrase_fits(struct span msg, const struct kstep *st, long at)
{
	if (st->lead && (at == 0 || msg.p[at - 1] != ' '))
		return 0;
	at -= (long)st->lead;
	return !(st->s->flags & KS_BOUND) || at_boundary(msg, at);
}

/* The offset of step i's phrase in msg (at a word boundary for KS_BOUND
 * rows), or -1. The pass (kc) found where its needle first stands; only
 * the rest of the line is searched when that one does not fit. */
static long find_phrase(struct span msg, const struct kclass *kc, int i)
{
	const struct kstep *st = &steps[i];
	const char *ph = st->s->phrase + st->lead;
	size_t n = st->n - st->lead;
	long at, next;

	if (step_short(i))
		at = span_find(msg, ph, n);
	else
		at = (long)kc->at[i];
	while (at >= 0) {
		if (phrase_fits(msg, st, at))
			return at - (long)st->lead;
		next = span_find(span_skip(msg, (size_t)at + 1), ph, n);
		at = next < 0 ? -1 : at + 1 + next;
	}
	return -1;
}

/* 1 when the "]" at `at` closes a task table row's "[  pid" (digits and
 * spaces back to its "["), whatever stands before it (wrapping, a stamp). */
static int task_row(struct span msg, long at)
{
	long i, digits = 0;

	if (at <= 0 || (size_t)at >= msg.n)
		return 0;
	for (i = at - 1; i >= 0 && (msg.p[i] == ' ' || (msg.p[i] >= '0' && msg.p[i] <= '9')); i--)
		digits += msg.p[i] != ' ';
	return i >= 0 && msg.p[i] == '[' && digits > 0;
}

/* Stack dump lines inside a report: frames, registers, code bytes. */
static int stack_filler(struct span msg)
{
	struct span t = span_ltrim(msg);

	return t.n == 0 || SPAN_FIND(msg, "+0x") >= 0 || SPAN_STARTS(t, "RIP:") ||
	       SPAN_STARTS(t, "RSP:") || SPAN_STARTS(t, "Code:") ||
	       (t.n > 4 && t.p[0] == 'R' && t.p[3] == ':') || t.p[0] == '<' ||
	       (t.n > 1 && t.p[0] == '[' && (t.p[1] == '<' || task_row(t, SPAN_FIND(t, "]"))));
}

/* Releases events held longer than HOLD_LINES while the queue has room.
 * Returns 1 when done, 0 when it stopped for room (it runs again on the
 * next line). */
static int sweep(struct kern_asm *k)
{
	int i, done = 1;

	for (i = 0; i < k->n_hosts && done; i++) {
		struct host *h = &k->hosts[i];

		while (h->n_kills && k->line - h->kills[0].ev.line > HOLD_LINES) {
			if (evq_len(&k->outq) >= KOUT_HIGH) {
				done = 0;
				break;
			}
			release_kill_at(k, h, 0, -1);
		}
		if (done && h->alloc.valid && k->line - h->alloc.ev.line > HOLD_LINES) {
			if (evq_len(&k->outq) >= KOUT_HIGH)
				done = 0;
			else
				host_release_alloc(k, h);
		}
	}
	count_open(k);
	return done;
}

/* The memcg path of "Task in X killed as a result of limit of Y"; at is
 * the offset of " killed as a result of limit of ". */
static int on_task_in(struct host *h, struct span msg, long at)
{
	struct span head = span_make(msg.p, (size_t)at);
	long t = span_rfind(head, "Task in ", 8);
	struct span rest;

	if (t < 0)
		return 0;
	event_set_memcg(&h->rep.ev, EV_TASK_MEMCG, msg.p + t + 8, (unsigned long)(at - t - 8));
	rest = span_rtrim(span_skip(msg, (size_t)at + 32));
	event_set_memcg(&h->rep.ev, EV_OOM_MEMCG, rest.p, rest.n);
	h->rep.hint = HINT_MEMCG;
	return 1;
}

/* "Free swap  = NkB" / "Total swap = NkB" into the open failure or report. */
static int on_swap(struct kern_asm *k, struct host *h, int64_t line, struct span msg, int total)
{
	struct oom_event *ev = (h->last_started == 1 && h->alloc.valid) ? &h->alloc.ev
		: (h->rep.active ? &h->rep.ev : NULL);
	int64_t v;

	if (!ev)
		return 1;
	v = INT_AFTER(msg, "= ");
	if (total)
		ev->swap_total_kb = v;
	else
		ev->swap_free_kb = v;
	/* "Total swap" ends show_mem(): an allocation failure is complete. */
	if (total && ev == &h->alloc.ev) {
		host_release_alloc(k, h);
		h->alloc_done = line;
	}
	return 1;
}

/* A report line that carries no kill (cut off, panic, exiting victim). */
static int on_end(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		  struct span msg, enum kern_role role)
{
	static const char *const why[] = { "no killable processes", "victim already exiting",
					   "panic_on_oom" };
	const char *reason = why[role == KR_NO_KILLABLE ? 0 : role == KR_EXITING ? 1 : 2];

	/* Ledger: the line is an anchor (counted by the dispatcher) that
	 * folds into the note of the report it ends, or is a note itself. */
	if (role == KR_EXITING) {
		/* Outside a report the line closes nothing and is no anchor:
		 * the next row (victim-exiting-alone, known) takes it. */
		if (!h->rep.active)
			return 0;
		h->rep.anchors++;
		report_close(k, h, reason);
	} else if (h->rep.active && (role == KR_NO_KILLABLE || h->rep.have_header)) {
		h->rep.anchors++;
		report_close(k, h, reason);
	} else {
		note_push(k, NOTE_INCOMPLETE, source, line, h->name, msg.p, msg.n, reason);
	}
	return 1;
}

/*
 * Runs the handler of a row's role on a line holding its phrase at `at`.
 * Returns 1 if the line was taken, 0 to try the next rows.
 */
static int handle(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		  const struct line_meta *m, struct span msg, const struct kern_shape *s, long at)
{
	struct span from = span_skip(msg, (size_t)at);

	/* The dispatcher counts the anchor lines (kern_role_anchor) a
	 * handler takes; the handlers count what folds into another
	 * anchor's event. */
	switch (s->role) {
	case KR_HEADER:
		/* The phrase without its colon ("header-cut"): a header a
		 * person cut after it, so only when nothing but blanks follows
		 * and a comm stands before it. */
		if (s->phrase[strlen(s->phrase) - 1] != ':' &&
		    (span_rtrim(span_skip(from, strlen(s->phrase))).n ||
		     comm_before(msg, (size_t)at).n == 0))
			return 0;
		/* fall through */
	case KR_HEADER_BARE:
		on_header(k, h, source, line, m, msg, at, s->role == KR_HEADER_BARE);
		return 1;
	case KR_KILL:
		return on_kill(k, h, source, line, m, msg, at);
	case KR_VM_KILL:
		return on_vm_kill(k, h, source, line, m, msg, at);
	case KR_OVZ_KILL:
		return on_ovz_kill(k, h, source, line, m, msg, at);
	case KR_OVZ_HEAD:
		return on_ovz_head(k, h, m, line, from);
	case KR_SUMMARY:
		return on_summary(k, h, source, line, m, from);
	case KR_REAPER:
		/* A reaper line that names no pid is no anchor: the next row
		 * (reaper-unable, known) takes it. */
		return on_reaper(k, h, source, line, m, msg, at);
	case KR_SELECT:
		if (at < 1 || (msg.p[at - 1] != 'K' && msg.p[at - 1] != 'k'))
			return 0;
		if (SPAN_FIND(from, ") score ") < 0)
			return on_selection_cut(k, h, m, line, msg, at);
		on_selection(k, h, source, line, m, msg, at - 1);
		return 1;
	case KR_ALLOC:
		/* No comm before it ("kernel: vmalloc: ..." is a tag): a later
		 * row may take it. Nor is the phrase closed by a quote mark a
		 * failure ('We are getting a "dlad: page allocation failure" on
		 * one of our systems'): the writer names one, the kernel goes on
		 * with ": order:" or ". order:" or ends the line. */
		if (comm_before(msg, (size_t)at).n == 0 || quote_closes(from, strlen(s->phrase)) ||
		    order_placeholder(span_skip(from, strlen(s->phrase))))
			return 0;
		/* fall through */
	case KR_ALLOC_BARE:
		if (s->role == KR_ALLOC_BARE && !bare_alloc_tail(span_skip(from, strlen(s->phrase))))
			return 0;
		on_alloc_failure(k, h, source, line, m, msg, at, s->role == KR_ALLOC_BARE);
		return 1;
	case KR_ALLOC_PRE:
		h->pre_line = line;
		h->pre_bytes = INT_AFTER(from, "failure: ");
		return 1;
	case KR_SLUB:
		return on_slub(k, h, source, line, m, msg, at);
	case KR_KILL_HEAD:
		return on_kill_head(k, h, m, line, msg, at);
	case KR_VM_ENOUGH:
		return on_vm_enough(k, h, source, line, m, msg, at);
	case KR_NO_KILLABLE:
	case KR_EXITING:
	case KR_PANIC:
		return on_end(k, h, source, line, msg, s->role);
	case KR_CPU:
		return on_cpu_line(h, from);
	case KR_TASK_IN:
		/* A report whose header was cut off starts here. */
		if (span_rfind(span_make(msg.p, (size_t)at), "Task in ", 8) < 0)
			return 0;
		report_ensure(k, h, source, line);
		return on_task_in(h, msg, at);
	case KR_MEMCG_AT:
		if (!h->rep.active)
			return 0;
		from = span_rtrim(span_skip(from, 31));
		event_set_memcg(&h->rep.ev, EV_OOM_MEMCG, from.p, from.n);
		h->rep.hint = HINT_MEMCG;
		return 1;
	case KR_MEMCG_USAGE:
		if (!h->rep.active)
			return 0;
		h->rep.ev.memcg_usage_kb = INT_AFTER(from, "usage ");
		h->rep.ev.memcg_limit_kb = INT_AFTER(from, "limit ");
		h->rep.hint = HINT_MEMCG;
		return 1;
	case KR_SWAP_FREE:
	case KR_SWAP_TOTAL:
		return on_swap(k, h, line, from, s->role == KR_SWAP_TOTAL);
	case KR_KILL_CONT:
		if (!on_kill_cont(h, line, msg))
			return 0;
		wrap_open(k, h, m, line, msg);
		return 1;
	case KR_SUMMARY_CONT:
		return on_summary_cont(k, h, m, line, msg, at);
	case KR_HEADER_CONT:
		/* "X invoked oom-killer: " and its gfp_mask on the next line,
		 * its "order=N, ..." on the next or the one after */
		if (!h->rep.active || !h->rep.have_header || line - h->rep.start_line > 2)
			return 0;
		if (h->rep.ev.gfp_mask[0]) {
			if (h->rep.ev.order != EV_NONE || !SPAN_STARTS(from, "order="))
				return 0;
			h->rep.ev.order = INT_AFTER(from, "order=");
			return 1;
		}
		GFP_AFTER(from, "gfp_mask=", &h->rep.ev);
		if (h->rep.ev.order == EV_NONE)
			h->rep.ev.order = INT_AFTER(from, "order=");
		return 1;
	case KR_ALLOC_CONT:
		if (!h->alloc.valid || h->last_started != 1 || h->alloc.ev.gfp_mask[0] ||
		    line - h->alloc.ev.line > 2)
			return 0;
		GFP_AFTER(from, "mode:", &h->alloc.ev);
		return 1;
	case KR_OOM_GROUP:
		return on_oom_group(h, line, msg, at);
	case KR_KNOWN:
		return 1;
	case KR_FILLER:
		/* The task table's "[  pid]" rows, not a program's own bracketed
		 * prefix ("[emerg] 4711#0:", Chromium's "[pid:tid:...]"). */
		if (s->phrase[0] == ']' && s->phrase[1] == ' ' && !s->phrase[2]) {
			long next;

			while (at >= 0 && !task_row(msg, at)) {
				next = SPAN_FIND(span_skip(msg, (size_t)at + 1), "] ");
				at = next < 0 ? -1 : at + 1 + next;
			}
			return at >= 0;
		}
		return 1;
	}
	return 0;
}

/* kc: the line's pass (kern_classify); only the steps it keys are searched. */
static int dispatch(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		    const struct line_meta *m, struct span msg, const struct kclass *kc)
{
	int open = h->rep.active || h->alloc.valid || (h->sum_cut && line - h->sum_cut <= 2);
	long at;
	int w;

	/* Outside a report most lines hold no phrase at all (a host's lines
	 * while its kills wait for their reaper lines): skip them. */
	if (!open && !kc_outside(kc))
		return 0;
	/* The keyed steps in table order: the first whose phrase the line
	 * holds and whose handler takes it wins. */
	for (w = 0; w < KMASK_WORDS; w++) {
		uint64_t bits = kc->step[w] & (open ? ~0ull : outside_steps[w]);

		while (bits) {
			int i = w * 64 + __builtin_ctzll(bits);

			bits &= bits - 1;
			if ((at = find_phrase(msg, kc, i)) < 0)
				continue;
			if (handle(k, h, source, line, m, msg, steps[i].s, at)) {
				/* The ledger counts an anchor line here, once, when a
				 * handler took it; the handler decided what it became
				 * (an event, a line folded into another's event or
				 * incomplete report, or an incomplete report). */
				k->anchors += kern_role_anchor[steps[i].s->role];
				return 1;
			}
		}
	}
	return open && stack_filler(msg);
}

/*
 * The offset where a second kernel message starts inside msg, glued to the
 * first without a line break ("(trashapplet)Out of memory: kill process",
 * "(qemu)Killed process"): the lead-in of a KS_GLUE row of the table
 * ("Out of memory: ", "Killed process ") right after a word or ')' byte.
 * Returns 0 when there is none.
 */
static int kern_asm_push_one(struct kern_asm *k, const char *source, int64_t line,
			     const struct line_meta *m, int strong, const struct kclass *kc);

static size_t glued_at(struct span msg)
{
	size_t best = 0;
	int i;

	start_ensure();
	for (i = 0; i < n_glue; i++) {
		size_t n = glue_in[i].n, base = 1;
		long at;

		while (base < msg.n && (at = span_find(span_skip(msg, base), glue_in[i].p, n)) >= 0) {
			size_t pos = base + (size_t)at;
			char b = msg.p[pos - 1];

			if (b == ')' || !at_boundary(msg, (long)pos)) {
				if (!best || pos < best)
					best = pos;
				break;
			}
			base = pos + 1;
		}
	}
	return best;
}

_Static_assert(KMASK_WORDS == 2, "struct kern_pre holds the step mask");
_Static_assert(KSTEPS_MAX <= 256, "struct kern_pre holds a step in a byte");

/* Keeps the pass kc (of a message of at most UINT16_MAX bytes) in out,
 * out->ok = 1, unless it found more keyed phrases than out holds. */
static void kern_pre_fill(const struct kclass *kc, struct kern_pre *out)
{
	int w;

	out->ok = 0;
	out->n_at = 0;
	for (w = 0; w < KMASK_WORDS; w++) {
		uint64_t bits = kc->step[w] & ~short_steps[w];

		out->step[w] = kc->step[w];
		for (; bits; bits &= bits - 1) {
			int i = w * 64 + __builtin_ctzll(bits);

			if (out->n_at == KERN_PRE_AT)
				return;
			out->at_step[out->n_at] = (uint8_t)i;
			out->at[out->n_at++] = (uint16_t)kc->at[i];
		}
	}
	out->strong = (uint8_t)kc->strong;
	out->glue = (uint8_t)kc->glue;
	out->ok = 1;
}

/* The pass kept in pre (pre->ok) as kern_classify made it, and
 * kern_may_start's answer from it (no start_fallback: kept passes
 * are made without it). */
static int pre_take(const struct kern_pre *pre, struct kclass *kc)
{
	int i;

	memcpy(kc->step, pre->step, sizeof(kc->step));
	for (i = 0; i < pre->n_at; i++)
		kc->at[pre->at_step[i]] = pre->at[i];
	kc->glue = pre->glue;
	kc->strong = pre->strong;
	return kc->strong;
}

/* The memo slot of a message of 8 to KMEMO_LEN bytes: a hash of its
 * length and its first and last eight bytes (messages that share them
 * share a slot; the slot's bytes tell them apart). */
static inline unsigned memo_slot(struct span msg)
{
	uint32_t h = mix32((uint32_t)msg.n, load32(msg.p));

	h = mix32(h, load32(msg.p + 4));
	h = mix32(h, load32(msg.p + msg.n - 8));
	h = mix32(h, load32(msg.p + msg.n - 4));
	return h & (KMEMO - 1);
}

/* The slot of memo m that remembers msg's pass, or NULL: msg is under
 * eight bytes (a short pass) or over KMEMO_LEN, or not remembered. *at:
 * msg's slot, NULL for such a length. */
static struct kmemo *memo_find(struct kern_memo *m, struct span msg, struct kmemo **at)
{
	struct kmemo *e;

	*at = NULL;
	if (msg.n < 8 || msg.n > KMEMO_LEN)
		return NULL;
	e = *at = &m->slot[memo_slot(msg)];
	return e->n == msg.n && bytes_eq(e->text, msg.p, msg.n) ? e : NULL;
}

/* Remembers in e (msg's slot) the pass kc of msg, when it fits a struct
 * kern_pre; returns e's pass. */
static const struct kern_pre *memo_keep(struct kmemo *e, struct span msg, const struct kclass *kc)
{
	kern_pre_fill(kc, &e->pass);
	e->n = e->pass.ok ? (uint32_t)msg.n : 0;
	if (e->n)
		memcpy(e->text, msg.p, msg.n);
	return &e->pass;
}

/* classify_line through memo m: a message of the very bytes of the one
 * its slot remembers takes that pass, another is passed over and then
 * remembered. Passes made with start_fallback are not kept. */
static int classify_memo(struct kern_memo *m, struct span msg, struct kclass *kc)
{
	struct kmemo *e, *at;

	start_ensure();
	if (start_fallback)
		return classify_line(msg, kc);
	if ((e = memo_find(m, msg, &at)) != NULL)
		return pre_take(&e->pass, kc);
	kern_classify(msg, kc);
	if (at)
		memo_keep(at, msg, kc);
	return kc->strong;
}

/* classify_line, from pre when it was made on msg, else through k's memo. */
static int classify_pre(struct kern_asm *k, struct span msg, const struct kern_pre *pre, struct kclass *kc)
{
	if (!pre || !pre->ok || pre->p != msg.p || pre->n != msg.n)
		return classify_memo(&k->memo, msg, kc);
	return pre_take(pre, kc);
}

struct kern_memo *kern_memo_new(void)
{
	/* its slots are taken by hash, all over: mapped in one call, then
	 * cleared (calloc would clear it a fault a page; prefault.h) */
	struct kern_memo *m = malloc(sizeof(*m));

	if (m) {
		prefault(m, sizeof(*m));
		memset(m, 0, sizeof(*m));
	}
	return m;
}

void kern_memo_free(struct kern_memo *m)
{
	free(m);
}

void kern_pre_make(struct kern_memo *m, struct span msg, struct kern_pre *out)
{
	struct kmemo *e, *at = NULL;
	struct kclass kc;

	out->ok = 0;
	start_ensure();
	if (start_fallback || msg.n > UINT16_MAX)
		goto out;
	if (m && (e = memo_find(m, msg, &at)) != NULL) {
		*out = e->pass;
		goto out;
	}
	kern_classify(msg, &kc);
	if (at)
		*out = *memo_keep(at, msg, &kc);
	else
		kern_pre_fill(&kc, out);
out:
	out->p = msg.p;
	out->n = (uint32_t)msg.n;
}

int kern_asm_pass_probe(struct kern_asm *k, struct span msg, struct kern_probe *out)
{
	struct kclass kc;
	struct kmemo *at;
	int kept;

	start_ensure();
	kept = memo_find(&k->memo, msg, &at) != NULL;
	classify_memo(&k->memo, msg, &kc);
	probe_fill(&kc, out);
	return kept;
}

int kern_asm_push(struct kern_asm *k, const char *source, int64_t line, const struct line_meta *m)
{
	return kern_asm_push_pre(k, source, line, m, NULL);
}

/*
 * Where a syslog prefix stands glued inside a line that has none at its
 * start: a mail client reflowed a log, so a line ends one message and
 * starts the next ("score 3672 or a child Mar 16 21:40:40 t6360003 kernel:
 * Killed process 30502"). Finds the first "Mon DD HH:MM:SS host kernel: "
 * (English month, as a reflowed RFC 3164 line has it, after a blank or the
 * '>' of an HTML tag) after the line's start; *cut is where its stamp begins, *host the host, and the return
 * value the offset of the message after "kernel: ". 0 when there is none.
 */
static size_t glued_syslog_at(struct span msg, size_t *cut, struct span *host)
{
	static const char tag[] = " kernel: ";
	size_t base = 0;
	long at;

	while (base < msg.n && (at = span_find(span_skip(msg, base), tag, sizeof(tag) - 1)) >= 0) {
		size_t k = base + (size_t)at, h = k, t;

		base = k + 1;
		while (h > 0 && msg.p[h - 1] != ' ')
			h--;
		if (h == k || h < 10 || msg.p[h - 1] != ' ')
			continue;
		t = h - 9; /* "HH:MM:SS " */
		if (!(msg.p[t] >= '0' && msg.p[t] <= '9' && msg.p[t + 1] >= '0' && msg.p[t + 1] <= '9' &&
		      msg.p[t + 2] == ':' && msg.p[t + 5] == ':' && msg.p[t + 3] >= '0' && msg.p[t + 3] <= '9' &&
		      msg.p[t + 6] >= '0' && msg.p[t + 6] <= '9' && msg.p[t + 7] >= '0' && msg.p[t + 7] <= '9'))
			continue;
		if (t < 7 || msg.p[t - 1] != ' ')
			continue;
		/* "Mon DD " or "Mon  D " before the clock: an RFC 3164 stamp,
		 * not any word before a time of day. */
		{
			size_t d = t - 1, mo;

			if (!(msg.p[d - 1] >= '0' && msg.p[d - 1] <= '9'))
				continue;
			d--;
			if (msg.p[d - 1] >= '0' && msg.p[d - 1] <= '9')
				d--;
			else if (msg.p[d - 1] == ' ')
				d--;
			if (d < 4 || msg.p[d - 1] != ' ')
				continue;
			mo = d - 4;
			if (!(msg.p[mo] >= 'A' && msg.p[mo] <= 'Z' && msg.p[mo + 1] >= 'a' && msg.p[mo + 1] <= 'z' &&
			      msg.p[mo + 2] >= 'a' && msg.p[mo + 2] <= 'z') ||
			    (mo > 0 && msg.p[mo - 1] != ' ' && msg.p[mo - 1] != '>'))
				continue;
			t = mo;
		}
		*cut = t;
		*host = span_make(msg.p + h, k - h);
		return k + sizeof(tag) - 1;
	}
	return 0;
}

int kern_asm_push_pre(struct kern_asm *k, const char *source, int64_t line, const struct line_meta *m,
		      const struct kern_pre *pre)
{
	struct kclass kc;
	size_t glue;
	int strong;

	/* Lines a program logged are not the kernel's. */
	if (m->tag.n && !SPAN_EQ(m->tag, "kernel")) {
		kern_asm_push_one(k, source, line, m, -1, NULL);
		return KERN_NONE;
	}
	strong = classify_pre(k, m->msg, pre, &kc);
	/* A reflowed paste: a line with no prefix of its own that holds a
	 * whole syslog prefix inside it. The text before is the end of one
	 * message, the text after a message of that prefix's host. Only on
	 * lines that hold a start anchor or while a report is open, outside
	 * a wrap (but for a selection line's rest after its pid: the pieces
	 * go on as before, the selection's rest alone). */
	if ((strong || k->n_open) && m->fmt == PREFIX_BARE && !m->host.n &&
	    !(k->wrap_line && line == k->wrap_line + 1 && !(k->wrap_lead_n && k->wrap_then[0] == '('))) {
		size_t cut, after;
		struct span host;

		if ((after = glued_syslog_at(m->msg, &cut, &host)) > 0) {
			struct line_meta part = *m;
			int rc;

			part.msg = span_make(m->msg.p, cut);
			/* The text before ends the message the line before
			 * began: it goes to that line's host. */
			if (k->last_host >= 0 && line == k->line + 1 && k->hosts[k->last_host].used) {
				const struct host *prev = &k->hosts[k->last_host];

				part.host = span_make(prev->name, prev->name_n);
			}
			rc = kern_asm_push(k, source, line, &part);
			part.host = m->host;
			part.msg = span_skip(m->msg, after);
			part.host = host;
			part.tag = span_make("kernel", 6);
			part.fmt = PREFIX_SYSLOG;
			return kern_asm_push(k, source, line, &part) == KERN_CONSUMED ? KERN_CONSUMED : rc;
		}
	}
	/* Messages glued into one line are pushed one by one. Not with no
	 * start anchor, nor with one but no phrase while nothing is open on
	 * any host (an "oom_score_adj" line outside a report): no row can
	 * take such a line or a piece of it. */
	if (strong && kc.glue && (k->n_open != 0 || kc_outside(&kc)) &&
	    (glue = glued_at(m->msg)) > 0) {
		struct line_meta part = *m;
		int rc;

		part.msg = span_make(m->msg.p, glue);
		rc = kern_asm_push_one(k, source, line, &part, kern_may_start(part.msg), NULL);
		part.msg = span_skip(m->msg, glue);
		return kern_asm_push(k, source, line, &part) == KERN_CONSUMED ? KERN_CONSUMED : rc;
	}
	return kern_asm_push_one(k, source, line, m, strong, &kc);
}

/* "(comm)." alone on the line after a kill record that ended at its pid:
 * the comm of that held kill; 1 when taken. "(comm) total-vm:..." (the
 * record's fields after it on the line) gives the comm too and returns 0,
 * so the line is still read for the fields. */
static int wrapped_comm(struct host *h, int64_t pid, struct span msg)
{
	struct span t = span_trim(msg);
	struct oom_event *ev;
	long fields;

	while (t.n && (t.p[0] == '>' || t.p[0] == '|'))
		t = span_ltrim(span_skip(t, 1));
	fields = SPAN_FIND(t, ") total-vm:");
	if (fields > 1 && t.p[0] == '(' && fields <= KCOMM_MAX + 1 && h->n_kills) {
		ev = &h->kills[h->n_kills - 1].ev;
		if (ev->pid == pid && !ev->comm[0]) {
			EVENT_SET(ev, comm, t.p + 1, (size_t)fields - 1, EV_CUT_COMM);
			ev->cut &= ~(unsigned)EV_CUT_COMM;
		}
		return 0;
	}
	if (SPAN_ENDS(t, "."))
		t.n--;
	if (t.n < 3 || t.n > KCOMM_MAX + 2 || t.p[0] != '(' || t.p[t.n - 1] != ')' || !h->n_kills)
		return 0;
	ev = &h->kills[h->n_kills - 1].ev;
	if (ev->pid != pid || ev->comm[0])
		return 0;
	EVENT_SET(ev, comm, t.p + 1, t.n - 2, EV_CUT_COMM);
	ev->cut &= ~(unsigned)EV_CUT_COMM;
	return 1;
}

/* The bare line after a wrapped lead-in (on_ovz_head, a summary or kill
 * record cut short), read under the lead-in's host and stamp. */
static int push_wrapped(struct kern_asm *k, const char *source, int64_t line, const struct line_meta *m,
			int strong, const struct kclass *kc)
{
	struct line_meta carry = k->wrap_meta;
	struct host *h = &k->hosts[k->wrap_host];
	int64_t pid = k->wrap_pid;

	size_t lead_n = k->wrap_lead_n;
	size_t key_n = k->wrap_key_n;

	k->wrap_line = 0;
	k->wrap_pid = EV_NONE;
	k->wrap_lead_n = 0;
	k->wrap_key_n = 0;
	if (!h->used)
		return kern_asm_push_one(k, source, line, m, strong, kc);
	if (pid != EV_NONE && wrapped_comm(h, pid, m->msg))
		return KERN_CONSUMED;
	carry.host = span_make(h->name, h->name_n);
	carry.tag = span_make("", 0);
	carry.msg = m->msg;
	if (lead_n) {
		/* "...: Killed" / "process N (C) ...", "...: Killed process" /
		 * "N (C) total-vm:...", "...: Kill process N" / "(C) score S
		 * ...": the line whole again, or the line as it is when it does
		 * not go on so. */
		struct span t = span_ltrim(m->msg);
		size_t then = strlen(k->wrap_then);

		while (t.n && (t.p[0] == '>' || t.p[0] == '|'))
			t = span_ltrim(span_skip(t, 1));
		if (t.n > then && (then ? !memcmp(t.p, k->wrap_then, then) : t.p[0] >= '0' && t.p[0] <= '9') &&
		    t.n + lead_n <= sizeof(k->wrap_buf)) {
			memcpy(k->wrap_buf, k->wrap_lead, lead_n);
			memcpy(k->wrap_buf + lead_n, t.p, t.n);
			carry.msg = span_make(k->wrap_buf, t.n + lead_n);
			return kern_asm_push_one(k, source, line, &carry, kern_may_start(carry.msg), NULL);
		}
	}
	if (key_n) {
		/* "... oom_scor" / "e_adj:0": the field's name whole again when
		 * this line starts with the rest of it. */
		struct span t = span_ltrim(m->msg);
		const char *key;
		size_t rest;

		while (t.n && (t.p[0] == '>' || t.p[0] == '|'))
			t = span_ltrim(span_skip(t, 1));
		if (kfield_key_cut(span_make(k->wrap_key, key_n), &key)) {
			rest = strlen(key) - key_n;
			if (t.n >= rest && !memcmp(t.p, key + key_n, rest) && key_n + t.n <= sizeof(k->wrap_buf)) {
				memmove(k->wrap_buf + key_n, t.p, t.n);
				memcpy(k->wrap_buf, k->wrap_key, key_n);
				carry.msg = span_make(k->wrap_buf, key_n + t.n);
				return kern_asm_push_one(k, source, line, &carry, kern_may_start(carry.msg), NULL);
			}
		}
	}
	return kern_asm_push_one(k, source, line, &carry, strong, kc);
}

/* 1 when msg is the kill record ("Killed process N") of the pid that the
 * unnamed host's open report summarised (its oom-kill: line): a record
 * whose first lines a paste left without their host names, ended under
 * the host that names itself. */
static int kill_of_summary(const struct host *anon, struct span msg)
{
	long at = SPAN_FIND(msg, "illed process ");
	int64_t pid = 0;
	size_t i;

	if (at < 0 || !anon->rep.active || !anon->rep.have_summary || anon->rep.ev.pid == EV_NONE)
		return 0;
	for (i = (size_t)at + 14; i < msg.n && msg.p[i] >= '0' && msg.p[i] <= '9' && pid < INT32_MAX; i++)
		pid = pid * 10 + (msg.p[i] - '0');
	return i > (size_t)at + 14 && pid == anon->rep.ev.pid;
}

/* strong: kern_may_start of the message, or -1 to only keep time (a
 * program's line); kc: the message's pass (kern_classify), or NULL when
 * it was not made yet. */
static int kern_asm_push_one(struct kern_asm *k, const char *source, int64_t line,
			     const struct line_meta *m, int strong, const struct kclass *kc)
{
	struct span msg = m->msg;
	struct kclass own;
	struct host *h;
	int rc, start, was_open;

	keep_time(k, line);
	/* A program's line, or an empty message (a syslog prefix whose text a
	 * paste moved onto the next lines): nothing for a report. */
	if (strong < 0 || span_trim(msg).n == 0)
		return KERN_NONE;
	if (k->wrap_line && line == k->wrap_line + 1 && m->fmt == PREFIX_BARE && !m->host.n)
		return push_wrapped(k, source, line, m, strong, kc);
	k->wrap_line = 0;
	if (!strong && k->n_open == 0)
		return KERN_NONE;
	if (!kc) {
		kern_classify(msg, &own);
		kc = &own;
	}
	/* A stack header may open a report whose header was cut off. */
	start = strong || kc_has(kc, cpu_step) || kc_has(kc, pid_step);
	was_open = k->n_open;
	h = host_get(k, m->host);
	/* A report whose first lines had no host prefix (pasted excerpts)
	 * continues under the first host that names itself. */
	if (!host_busy(h) && m->host.n) {
		int ai = bucket_find(k, span_make("", 0), hash_span(span_make("", 0)));
		struct host *anon = ai >= 0 ? &k->hosts[ai] : NULL;

		/* (not kills held alone, their report over, by a task table
		 * row after them: the index hands such a row on only inside
		 * a report, so every path must leave them be) */
		struct span t = span_ltrim(msg);
		int late_row = anon && !anon->rep.active && t.n > 1 && t.p[0] == '[' && task_row(t, SPAN_FIND(t, "]"));

		if (anon && host_busy(anon) && ((!strong && !late_row) || kill_of_summary(anon, msg))) {
			struct span name = m->host;

			h = host_get(k, name);
			memcpy(&h->rep, &anon->rep, sizeof(h->rep));
			memcpy(h->kills, anon->kills, sizeof(h->kills));
			h->n_kills = anon->n_kills;
			for (int i = 0; i < h->n_kills; i++)
				EVENT_SET(&h->kills[i].ev, host, h->name, h->name_n, EV_CUT_OTHER);
			h->alloc = anon->alloc;
			h->last_started = anon->last_started;
			EVENT_SET(&h->rep.ev, host, h->name, h->name_n, EV_CUT_OTHER);
			EVENT_SET(&h->alloc.ev, host, h->name, h->name_n, EV_CUT_OTHER);
			anon->rep.active = 0;
			anon->n_kills = 0;
			anon->alloc.valid = 0;
			held_changed(k);
		}
	}
	if (!start && !host_busy(h))
		return KERN_NONE;
	rc = dispatch(k, h, source, line, m, msg, kc);
	/* Only whether any host is busy matters (n_open != 0): while this
	 * line's host is, no recount of every host on every line. */
	if (host_busy(h))
		k->n_open = k->n_open ? k->n_open : 1;
	else if (was_open)
		count_open(k);
	else
		OOMSCAN_ASSERT(k->n_open == 0); /* a line touches no host but its own */
	return rc ? KERN_CONSUMED : KERN_NONE;
}

/* The smallest line of any event still held, found anew. */
/* The smallest line a host holds (INT64_MAX when none). */
static int64_t host_held_min(const struct host *h)
{
	int64_t min = INT64_MAX;

	if (h->n_kills && h->kills[0].ev.line < min)
		min = h->kills[0].ev.line;
	if (h->alloc.valid && h->alloc.ev.line < min)
		min = h->alloc.ev.line;
	if (h->rep.active && h->rep.have_summary && h->rep.summary_line < min)
		min = h->rep.summary_line;
	return min;
}

/* The smallest line of any event still held, found anew; *at: the host
 * holding it, or -1. */
static int64_t min_held_scan(const struct kern_asm *k, int *at)
{
	int64_t min = INT64_MAX, l;
	int i;

	*at = -1;
	for (i = 0; i < k->n_hosts; i++)
		if ((l = host_held_min(&k->hosts[i])) < min) {
			min = l;
			*at = i;
		}
	return min;
}

/* The smallest line of any event still held; events after it must wait.
 * Found again only after a held event changed, not on every pop. */
static int64_t min_held_line(struct kern_asm *k)
{
	if (k->min_held_stale) {
		k->min_held = min_held_scan(k, &k->min_held_host);
		k->min_held_stale = 0;
	}
#ifdef OOMSCAN_STRICT_INVARIANTS
	{
		int at;

		OOMSCAN_ASSERT(k->min_held == min_held_scan(k, &at));
	}
#endif
	return k->min_held;
}

/*
 * 1 if an event before line is still held. The host that held the earliest
 * line at the last scan is asked first: while it still holds one before
 * line, the answer needs no scan of every host.
 */
static int held_before(struct kern_asm *k, int64_t line)
{
	if (k->min_held_host >= 0 && k->min_held_host < k->n_hosts &&
	    host_held_min(&k->hosts[k->min_held_host]) < line)
		return 1;
	return line > min_held_line(k);
}

int kern_asm_holds_before(struct kern_asm *k, int64_t line)
{
	return k->n_open && !k->release_all && held_before(k, line);
}

/* The smallest line a host still holds back from a flush: held events, and
 * (final flush) its open report. INT64_MAX when it holds nothing. */
static int64_t host_flush_line(const struct host *h, int final)
{
	int64_t min = INT64_MAX;

	if (h->n_kills && h->kills[0].ev.line < min)
		min = h->kills[0].ev.line;
	if (h->alloc.valid && h->alloc.ev.line < min)
		min = h->alloc.ev.line;
	if (final && h->rep.active && h->rep.start_line < min)
		min = h->rep.start_line;
	return min;
}

/*
 * Closes hosts for a pending flush, the one holding the earliest line first
 * (so events leave in line order), while the queues have room for all that
 * one host can release; the rest is closed as the caller pops.
 */
static void flush_step(struct kern_asm *k)
{
	int final = k->flushing == 2;

	while (k->flushing && evq_len(&k->outq) < KOUT_HIGH && noteq_len(&k->noteq) < KNOTE_CAP - 2) {
		int64_t min = INT64_MAX, l;
		int i, best = -1;

		for (i = 0; i < k->n_hosts; i++) {
			l = host_flush_line(&k->hosts[i], final);
			if (l < min) {
				min = l;
				best = i;
			}
		}
		if (best < 0) {
			k->flushing = 0;
			/* Everything is closed: every anchor line left as one
			 * event, one line folded or one incomplete report.
			 * Checked hard in the sanitizer builds the tests run;
			 * a release build shows a break as the ledger's open
			 * count rather than lose the whole report. */
#ifdef OOMSCAN_STRICT_INVARIANTS
			OOMSCAN_ASSERT(!final || k->anchors == k->released + k->folded + k->closed);
#endif
		} else {
			host_close(k, &k->hosts[best], final);
		}
	}
	count_open(k);
	pending_set(k);
}

/*
 * The queue runs full behind an event held for its follow-up lines (a kill
 * waiting for its oom_reaper line in a dense log): the earliest held kill
 * or allocation failure leaves now, before its budget, so the queue neither
 * overflows nor leaves line order. Returns 1 if one was released.
 */
static int release_earliest(struct kern_asm *k, int64_t before)
{
	struct host *best = NULL;
	int64_t min = before;
	int alloc = 0, i;

	for (i = 0; i < k->n_hosts; i++) {
		struct host *h = &k->hosts[i];

		if (h->n_kills && h->kills[0].ev.line < min) {
			min = h->kills[0].ev.line;
			best = h;
			alloc = 0;
		}
		if (h->alloc.valid && h->alloc.ev.line < min) {
			min = h->alloc.ev.line;
			best = h;
			alloc = 1;
		}
	}
	if (!best)
		return 0;
	if (alloc)
		host_release_alloc(k, best);
	else
		release_kill_at(k, best, 0, -1);
	count_open(k);
	return 1;
}

/* 1 if kern_asm_pop's rule, found anew without the caches, leaves every
 * event in the queue: none queued, or the head waits for an earlier held
 * event (and no flush is on). For the invariant and the tests. */
int kern_asm_pop_waits(const struct kern_asm *k)
{
	int at;

	if (!evq_len(&k->outq))
		return 1;
	return evq_len(&k->outq) < KOUT_HIGH && k->n_open && !k->release_all && !k->flushing &&
	       evq_peek_line(&k->outq) > min_held_scan(k, &at);
}

const struct oom_event *kern_asm_peek(struct kern_asm *k)
{
	if (k->flushing)
		flush_step(k);
	if (k->pop_blocked && !k->flushing) {
#ifdef OOMSCAN_STRICT_INVARIANTS
		OOMSCAN_ASSERT(kern_asm_pop_waits(k));
#endif
		return NULL;
	}
	if (!evq_len(&k->outq))
		return NULL;
	/* Events wait for earlier held ones, unless the queue runs full:
	 * then the earliest held event goes first. Only a report whose
	 * oom-kill: summary waits for its kill record lets a later event
	 * pass it. */
	if (kern_asm_holds_before(k, evq_peek_line(&k->outq))) {
		if (evq_len(&k->outq) < KOUT_HIGH) {
			k->pop_blocked = 1;
			pending_set(k);
			return NULL;
		}
		release_earliest(k, evq_peek_line(&k->outq));
	}
	return evq_peek(&k->outq);
}

void kern_asm_drop(struct kern_asm *k)
{
	evq_drop(&k->outq);
	pending_set(k);
}

int kern_asm_pop(struct kern_asm *k, struct oom_event *out)
{
	const struct oom_event *ev = kern_asm_peek(k);

	if (!ev)
		return 0;
	*out = *ev;
	kern_asm_drop(k);
	return 1;
}

int kern_asm_pop_note(struct kern_asm *k, struct oom_note *out)
{
	int rc;

	if (k->flushing)
		flush_step(k);
	rc = noteq_pop(&k->noteq, out);
	pending_set(k);
	return rc;
}

void kern_asm_flush(struct kern_asm *k, int final)
{
	/* A live reader flushes before it saves its cursor: every finished
	 * event must then leave, even past an open report whose oom-kill:
	 * summary waits for its kill record. The end of input keeps line
	 * order instead (hosts close in order). */
	k->release_all = !final;
	k->pop_blocked = 0;
	if (k->flushing < 1 + !!final)
		k->flushing = 1 + !!final;
	flush_step(k);
	pending_set(k);
}
