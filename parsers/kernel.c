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
 * Trusts nothing in the line text: every field is parsed with bounded span
 * cursors, unknown shapes are left alone. Not thread-safe: one kern_asm per
 * thread. Memory is fixed at kern_asm_new.
 */
#include "kernel.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

#define KHOSTS 256          /* hosts tracked at once */
#define KBUCKETS 512        /* hash buckets (power of two) */
#define KOUT_CAP 128        /* finished events waiting to be popped */
#define KNOTE_CAP 64        /* notes waiting to be popped */
#define KHELD 4             /* finished kills held per host for their reaper lines */
#define KOUT_ROOM 16        /* slots kept for what one line can release (eviction and
			     * dispatch: < 2 * (KHELD + 2)) */
#define KOUT_HIGH (KOUT_CAP - 2 * KOUT_ROOM) /* queued events that stop sweeps and
					      * flush steps, and force held events out */
#define KRECENT 8           /* released kill pids remembered per host */
#define HOLD_LINES 4000     /* a held event is released this many lines later */
#define SWEEP_EVERY 1024    /* lines between sweeps for stale held events */

enum kind_hint { HINT_NONE = 0, HINT_GLOBAL, HINT_MEMCG };

struct report {
	int active;           /* header or another report line seen */
	int have_header;
	int have_summary;     /* oom-kill: line seen */
	int hint;             /* enum kind_hint */
	int64_t start_line;
	int64_t summary_line;
	int64_t sel_pid;
	int anchors;          /* anchor lines in the report (header, summary, selection, ...) */
	char header[200];
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
	int last_started;     /* 0 = report, 1 = alloc failure */
	struct report rep;
	struct held kills[KHELD]; /* finished kills waiting for their reaper lines, oldest first */
	int n_kills;
	struct held alloc;    /* allocation failure waiting for CPU / Mem-Info */
	int64_t recent[KRECENT];
	int n_recent;
	/* The last kill of a known kind, for context-less kill records. */
	int last_kind;        /* enum ev_kind or -1 */
	int64_t last_kill_sec;
	int64_t last_kill_usec;
};

struct kern_asm {
	struct host hosts[KHOSTS];
	int16_t bucket[KBUCKETS]; /* host index + 1, 0 = empty; open addressing */
	int n_hosts;
	int n_open;               /* hosts with anything open or held */
	uint64_t clock;
	uint64_t evicted;
	uint64_t dropped;         /* events a full queue refused (a caller that did not pop) */
	uint64_t notes_dropped;   /* notes a full queue refused */
	uint64_t anchors;         /* anchor lines seen (the ledger) */
	uint64_t folded;          /* anchor lines folded into another's event or incomplete report */
	int64_t line;             /* the last line pushed */
	int64_t swept;            /* the line of the last sweep */
	struct oom_event out[KOUT_CAP];
	int n_out;
	struct oom_note notes[KNOTE_CAP];
	int note_head, n_notes;
	int flushing;             /* 0, or 1 + final while a flush closes hosts */
	int release_all;          /* a non-final flush since the last line: no event waits */
};

struct kern_asm *kern_asm_new(void)
{
	struct kern_asm *k = calloc(1, sizeof(*k));

	return k;
}

void kern_asm_free(struct kern_asm *k)
{
	free(k);
}

uint64_t kern_asm_hosts_evicted(const struct kern_asm *k)
{
	return k->evicted;
}

uint64_t kern_asm_dropped(const struct kern_asm *k)
{
	return k->dropped;
}

uint64_t kern_asm_notes_dropped(const struct kern_asm *k)
{
	return k->notes_dropped;
}

void kern_asm_ledger(const struct kern_asm *k, uint64_t *anchors, uint64_t *folded)
{
	*anchors = k->anchors;
	*folded = k->folded;
}

/* ---- small parsing helpers ---- */

/* Parses the integer right after key; EV_NONE when absent. */
static int64_t int_after(struct span s, const char *key, size_t keyn)
{
	int64_t v;

	if (span_int_after(s, key, keyn, &v) < 0)
		return EV_NONE;
	return v;
}
#define INT_AFTER(s, key) int_after((s), (key), sizeof(key) - 1)

/* Copies the 0x-hex right after key, lower-cased, flags stripped. */
static void gfp_after(struct span s, const char *key, size_t keyn, struct oom_event *ev)
{
	long at = span_find(s, key, keyn);
	struct span r;
	uint64_t v;
	char buf[24];
	int n;

	if (at < 0)
		return;
	r = span_skip(s, (size_t)at + keyn);
	if (!SPAN_STARTS(r, "0x") && !SPAN_STARTS(r, "0X"))
		return;
	if (span_take_hex(&r, &v) < 0)
		return;
	n = snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	EVENT_SET(ev, gfp_mask, buf, (unsigned long)n, EV_CUT_OTHER);
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

static void note_push(struct kern_asm *k, enum note_type type, const char *source,
		      int64_t line, const char *host, const char *text, size_t textn,
		      const char *reason)
{
	struct oom_note *n;

	if (k->n_notes == KNOTE_CAP) {
		/* The caller drains notes after every line; count what a
		 * misbehaving caller loses rather than growing. */
		k->notes_dropped++;
		return;
	}
	n = &k->notes[(k->note_head + k->n_notes) % KNOTE_CAP];
	k->n_notes++;
	memset(n, 0, sizeof(*n));
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
	int i;

	if (k->n_out == KOUT_CAP) {
		k->dropped++;
		return;
	}
	i = k->n_out;
	while (i > 0 && k->out[i - 1].line > ev->line) {
		k->out[i] = k->out[i - 1];
		i--;
	}
	k->out[i] = *ev;
	k->n_out++;
}

/* ---- hosts ---- */

static uint32_t hash_span(struct span s)
{
	uint32_t h = 2166136261u;
	size_t i;

	/* FNV-1a; the wraparound is the hash, made explicit (64-bit product,
	 * low 32 bits kept) for -fsanitize=integer. */
	for (i = 0; i < s.n; i++)
		h = (uint32_t)(((uint64_t)(h ^ (unsigned char)s.p[i]) * 16777619u) & 0xffffffffu);
	return h;
}

static int host_busy(const struct host *h)
{
	return h->rep.active || h->n_kills || h->alloc.valid;
}

static void host_release_kill(struct kern_asm *k, struct host *h, int next_kind);
static void host_close(struct kern_asm *k, struct host *h, int final);
static void flush_step(struct kern_asm *k);

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
		if (h->hash == hash && strlen(h->name) == name.n && memcmp(h->name, name.p, name.n) == 0)
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
	memset(h, 0, sizeof(*h));
	h->used = 1;
	h->hash = hash;
	if (name.n >= sizeof(h->name))
		name.n = sizeof(h->name) - 1;
	memcpy(h->name, name.p, name.n);
	h->last_kind = -1;
	h->last_kill_sec = EV_NONE;
	h->last_kill_usec = EV_NONE;
}

/* The state of a host, created (or taken over from the least recently used
 * host) on first use. Host names longer than the buffer are cut. */
static struct host *host_get(struct kern_asm *k, struct span name)
{
	uint32_t hash;
	int idx, i;
	struct host *h;

	if (name.n >= sizeof(k->hosts[0].name))
		name.n = sizeof(k->hosts[0].name) - 1;
	hash = hash_span(name);
	idx = bucket_find(k, name, hash);
	if (idx >= 0) {
		h = &k->hosts[idx];
		h->last_use = ++k->clock;
		return h;
	}
	if (k->n_hosts < KHOSTS) {
		idx = k->n_hosts++;
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
	h->last_use = ++k->clock;
	rebuild_buckets(k);
	return h;
}

static void count_open(struct kern_asm *k)
{
	int i, n = 0;

	for (i = 0; i < k->n_hosts; i++)
		n += host_busy(&k->hosts[i]);
	k->n_open = n;
}

/* ---- finishing events ---- */

static void remember_kill(struct host *h, const struct oom_event *ev)
{
	if (h->n_recent == KRECENT) {
		memmove(h->recent, h->recent + 1, sizeof(h->recent[0]) * (KRECENT - 1));
		h->n_recent--;
	}
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
	h->n_kills--;
	memmove(&h->kills[i], &h->kills[i + 1], sizeof(h->kills[0]) * (size_t)(h->n_kills - i));
}

/* Releases every held kill of the host. */
static void host_release_kill(struct kern_asm *k, struct host *h, int next_kind)
{
	while (h->n_kills)
		release_kill_at(k, h, 0, next_kind);
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
	if (h->n_kills == KHELD)
		release_kill_at(k, h, 0, kind_unknown ? -1 : (int)ev->kind);
	h->kills[h->n_kills].ev = *ev;
	h->kills[h->n_kills].kind_unknown = kind_unknown;
	h->n_kills++;
}

static void host_release_alloc(struct kern_asm *k, struct host *h)
{
	if (!h->alloc.valid)
		return;
	out_push(k, &h->alloc.ev);
	h->alloc.valid = 0;
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
	} else if (r->have_header) {
		note_push(k, NOTE_INCOMPLETE, r->ev.source, r->start_line, h->name,
			  r->header, strlen(r->header), reason);
	} else if (r->anchors) {
		/* A selection line whose kill record never came. */
		note_push(k, NOTE_INCOMPLETE, r->ev.source, r->start_line, h->name,
			  r->header, strlen(r->header), reason);
	}
	/* One anchor became the kill or the note; the others fold into it. */
	if (r->anchors > 1)
		k->folded += (uint64_t)(r->anchors - 1);
	r->active = 0;
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
			 int64_t line, const struct line_meta *m, int header)
{
	struct report *r = &h->rep;

	report_close(k, h, "cut off: a new report began");
	memset(r, 0, sizeof(*r));
	r->active = 1;
	r->have_header = header;
	r->start_line = line;
	r->sel_pid = EV_NONE;
	event_init(&r->ev, EV_OOM_KILL);
	line_meta_stamp(m, source, line, &r->ev);
	EVENT_SET(&r->ev, killer, "kernel", 6, EV_CUT_OTHER);
	EVENT_SET(&r->ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
	h->last_started = 0;
}

static struct report *report_ensure(struct kern_asm *k, struct host *h, const char *source,
				    int64_t line, const struct line_meta *m)
{
	if (!h->rep.active)
		report_start(k, h, source, line, m, 0);
	return &h->rep;
}

/* "<comm> invoked oom-killer: gfp_mask=..., order=N, oom_score_adj=N" */
static void on_header(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		      const struct line_meta *m, struct span msg, long at)
{
	struct report *r;
	struct span rest = span_skip(msg, (size_t)at);

	/* An allocation failure's Mem-Info is over once an OOM begins. */
	host_release_alloc(k, h);
	report_start(k, h, source, line, m, 1);
	r = &h->rep;
	r->anchors = 1;
	span_copy(r->header, sizeof(r->header), msg);
	EVENT_SET(&r->ev, trigger_comm, msg.p, (unsigned long)at, EV_CUT_OTHER);
	GFP_AFTER(rest, "gfp_mask=", &r->ev);
	r->ev.order = INT_AFTER(rest, "order=");
}

/* "CPU: 3 PID: 23793 Comm: leaker ...", "CPU: 10 UID: 1000 PID: 20957 Comm: x",
 * "Pid: 1205, comm: rsyslogd ..." */
static int on_cpu_line(struct host *h, struct span msg)
{
	int64_t pid = EV_NONE;
	struct span comm = { NULL, 0 };
	struct oom_event *ev;
	long at;

	if (SPAN_STARTS(msg, "CPU: ")) {
		pid = INT_AFTER(msg, " PID: ");
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
		pid = INT_AFTER(msg, "Pid: ");
		comm = field_after(msg, ", comm: ", 8, ' ');
	}
	if (pid == EV_NONE)
		return 0;
	if (h->last_started == 1 && h->alloc.valid) {
		ev = &h->alloc.ev;
		if (ev->pid == EV_NONE) {
			ev->pid = pid;
			if (!ev->comm[0] && comm.n)
				EVENT_SET(ev, comm, comm.p, comm.n, EV_CUT_COMM);
		}
		return 1;
	}
	if (h->rep.active && h->rep.ev.trigger_pid == EV_NONE) {
		ev = &h->rep.ev;
		ev->trigger_pid = pid;
		if (!ev->trigger_comm[0] && comm.n)
			EVENT_SET(ev, trigger_comm, comm.p, comm.n, EV_CUT_OTHER);
		return 1;
	}
	return 0;
}

/* "oom-kill:constraint=C,nodemask=N,[cpuset=..,mems_allowed=..,]
 *  oom_memcg=P|global_oom,task_memcg=P,task=COMM,pid=N,uid=N" */
static void on_summary(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		       const struct line_meta *m, struct span msg)
{
	struct report *r;
	struct span v;
	long at, tat;

	if (h->rep.active && h->rep.have_summary)
		report_close(k, h, "");
	r = report_ensure(k, h, source, line, m);
	r->anchors++;
	r->have_summary = 1;
	r->summary_line = line;
	line_meta_stamp(m, source, line, &r->ev);
	EVENT_SET(&r->ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
	v = field_after(msg, "constraint=", 11, ',');
	if (v.n)
		EVENT_SET(&r->ev, constraint, v.p, v.n, EV_CUT_OTHER);
	if (SPAN_EQ(v, "CONSTRAINT_MEMCG"))
		r->hint = HINT_MEMCG;
	else if (r->hint == HINT_NONE)
		r->hint = HINT_GLOBAL;
	at = SPAN_FIND(msg, ",oom_memcg=");
	tat = SPAN_FIND(msg, ",task_memcg=");
	if (at >= 0 && tat > at)
		EVENT_SET(&r->ev, oom_memcg, msg.p + at + 11, (unsigned long)(tat - at - 11), EV_CUT_OOM_MEMCG);
	if (tat >= 0) {
		struct span rest = span_skip(msg, (size_t)tat + 12);
		long e = SPAN_FIND(rest, ",task=");

		if (e >= 0) {
			struct span comm = span_skip(rest, (size_t)e + 6);
			long pe = span_rfind(comm, ",pid=", 5);

			EVENT_SET(&r->ev, task_memcg, rest.p, (unsigned long)e, EV_CUT_TASK_MEMCG);
			if (pe >= 0) {
				struct span tail = span_skip(comm, (size_t)pe);

				EVENT_SET(&r->ev, comm, comm.p, (unsigned long)pe, EV_CUT_COMM);
				r->ev.pid = INT_AFTER(tail, ",pid=");
				r->ev.uid = INT_AFTER(tail, ",uid=");
			}
		}
	}
}

/* "[Memory cgroup ]out of memory: Kill process N (C) score S or sacrifice child" */
static void on_selection(struct kern_asm *k, struct host *h, const char *source, int64_t line,
			 const struct line_meta *m, struct span msg, long at)
{
	struct report *r;
	struct span rest = span_skip(msg, (size_t)at);
	int memcg = SPAN_FIND(span_make(msg.p, (size_t)at), "emory cgroup") >= 0;

	/* A selection line after a finished selection without kill record
	 * starts a new report (no header seen). */
	if (h->rep.active && h->rep.sel_pid != EV_NONE)
		report_close(k, h, "cut off: no kill record followed");
	r = report_ensure(k, h, source, line, m);
	r->anchors++;
	if (!r->have_header)
		span_copy(r->header, sizeof(r->header), msg);
	r->sel_pid = INT_AFTER(rest, "ill process ");
	r->ev.score = INT_AFTER(rest, ") score ");
	if (memcg)
		r->hint = HINT_MEMCG;
	else if (r->hint == HINT_NONE)
		r->hint = HINT_GLOBAL;
}

/* Parses the pid, comm and sizes of a "Killed process" record. */
static int parse_kill_record(struct span rec, struct oom_event *ev)
{
	struct span r = rec, comm;
	int64_t pid, v;
	long e;

	if (!SPAN_TAKE(&r, "Killed process "))
		return -1;
	if (span_take_i64(&r, &pid) < 0)
		return -1;
	ev->pid = pid;
	if (SPAN_TAKE(&r, ", UID ")) {
		/* RHEL 6: "Killed process N, UID U, (comm) total-vm:..." */
		if (span_take_i64(&r, &v) == 0)
			ev->uid = v;
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
	if (e < 0) {
		struct span t = span_rtrim(r);

		if (SPAN_ENDS(t, ")."))
			e = (long)t.n - 2;
		else if (SPAN_ENDS(t, ")"))
			e = (long)t.n - 1;
		else
			e = span_rfind(t, ")", 1);
	}
	if (e < 0)
		return -1;
	comm.n = (size_t)e;
	EVENT_SET(ev, comm, comm.p, comm.n, EV_CUT_COMM);
	r = span_skip(r, (size_t)e);
	if ((v = INT_AFTER(r, "), UID ")) != EV_NONE)
		ev->uid = v;
	if ((v = INT_AFTER(r, "total-vm:")) != EV_NONE)
		ev->total_vm_kb = v;
	else if ((v = INT_AFTER(r, "vsz:")) != EV_NONE)
		ev->total_vm_kb = v;
	ev->anon_rss_kb = INT_AFTER(r, "anon-rss:");
	ev->file_rss_kb = INT_AFTER(r, "file-rss:");
	ev->shmem_rss_kb = INT_AFTER(r, "shmem-rss:");
	if ((v = INT_AFTER(r, "UID:")) != EV_NONE)
		ev->uid = v;
	ev->pgtables_kb = INT_AFTER(r, "pgtables:");
	ev->oom_score_adj = INT_AFTER(r, "oom_score_adj:");
	return 0;
}

/* "[<prefix>: ]Killed process N (C) ..." */
static int on_kill(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		   const struct line_meta *m, struct span msg, long at)
{
	struct report *r;
	struct oom_event ev;
	struct span prefix = span_make(msg.p, (size_t)at);
	int context, kind;

	event_init(&ev, EV_OOM_KILL);
	if (parse_kill_record(span_skip(msg, (size_t)at), &ev) < 0)
		return 0;
	context = h->rep.active || at > 0;
	r = report_ensure(k, h, source, line, m);
	if (SPAN_FIND(prefix, "emory cgroup") >= 0)
		r->hint = HINT_MEMCG;
	else if (at > 0 && r->hint == HINT_NONE)
		r->hint = HINT_GLOBAL;

	/* The victim is the killed pid; the report's other fields stay. */
	r->ev.pid = ev.pid;
	memcpy(r->ev.comm, ev.comm, sizeof(ev.comm));
	r->ev.cut |= ev.cut;
	if (ev.uid != EV_NONE)
		r->ev.uid = ev.uid;
	r->ev.total_vm_kb = ev.total_vm_kb;
	r->ev.anon_rss_kb = ev.anon_rss_kb;
	r->ev.file_rss_kb = ev.file_rss_kb;
	r->ev.shmem_rss_kb = ev.shmem_rss_kb;
	r->ev.pgtables_kb = ev.pgtables_kb;
	r->ev.oom_score_adj = ev.oom_score_adj;
	line_meta_stamp(m, source, line, &r->ev);
	EVENT_SET(&r->ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
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
	r->active = 0;
	return 1;
}

/* "oom_reaper: reaped process N (C), now anon-rss:NkB, file-rss:NkB, shmem-rss:NkB".
 * Returns 1 when the line named a pid (an anchor), else 0. */
static int on_reaper(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		      const struct line_meta *m, struct span msg)
{
	struct oom_event ev;
	struct span r = span_skip(msg, sizeof("oom_reaper: reaped process ") - 1);
	int64_t pid;
	long e;
	int i;

	if (span_take_i64(&r, &pid) < 0)
		return 0;
	for (i = 0; i < h->n_kills; i++)
		if (h->kills[i].ev.pid == pid) {
			h->kills[i].ev.reaped = 1;
			release_kill_at(k, h, i, -1);
			k->folded++;
			return 1;
		}
	for (i = 0; i < h->n_recent; i++)
		if (h->recent[i] == pid) {
			k->folded++;
			return 1; /* its kill was already released */
		}
	event_init(&ev, EV_OOM_REAP);
	line_meta_stamp(m, source, line, &ev);
	EVENT_SET(&ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
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
	out_push(k, &ev);
	return 1;
}

/* warn_alloc(): "<comm>: page allocation failure: order:N, mode:0x..(..)",
 * "<comm>: vmemmap alloc failure: order:9, mode:...", "<comm>: vmalloc error:
 * size N, ...", "<comm>: vmalloc: allocation failure: N bytes, mode:...";
 * 2.6.3x "page allocation failure. order:N, mode:0x..". */
static void on_alloc_failure(struct kern_asm *k, struct host *h, const char *source, int64_t line,
			     const struct line_meta *m, struct span msg, long at)
{
	struct oom_event *ev = &h->alloc.ev;
	struct span rest = span_skip(msg, (size_t)at);
	int64_t v;

	host_release_alloc(k, h);
	event_init(ev, EV_ALLOC_FAILURE);
	line_meta_stamp(m, source, line, ev);
	EVENT_SET(ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
	EVENT_SET(ev, killer, "", 0, 0);
	EVENT_SET(ev, runtime, "kernel", 6, EV_CUT_OTHER);
	if (at >= 2)
		EVENT_SET(ev, comm, msg.p, (unsigned long)(at - 2), EV_CUT_COMM);
	ev->order = INT_AFTER(rest, "order:");
	if (ev->order == EV_NONE) /* 5.15+ "vmalloc error: size N, page order N, ..." */
		ev->order = INT_AFTER(rest, "page order ");
	GFP_AFTER(rest, "mode:", ev);
	if ((v = INT_AFTER(rest, "error: size ")) != EV_NONE)
		ev->requested_bytes = v;
	else if ((v = INT_AFTER(rest, "allocation failure: ")) != EV_NONE)
		ev->requested_bytes = v;
	else if ((v = INT_AFTER(rest, " of ")) != EV_NONE && SPAN_FIND(rest, "allocated ") >= 0)
		ev->requested_bytes = v;
	if (span_copy(ev->detail, sizeof(ev->detail), msg))
		ev->cut |= EV_CUT_DETAIL;
	h->alloc.valid = 1;
	h->last_started = 1;
}

/* "__vm_enough_memory: pid: N, comm: C, bytes: B not enough memory for the allocation" */
static void on_vm_enough(struct kern_asm *k, struct host *h, const char *source, int64_t line,
			 const struct line_meta *m, struct span msg)
{
	struct oom_event ev;
	struct span comm = field_after(msg, "comm: ", 6, ',');

	event_init(&ev, EV_COMMIT_LIMIT);
	line_meta_stamp(m, source, line, &ev);
	EVENT_SET(&ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
	EVENT_SET(&ev, runtime, "linux", 5, EV_CUT_OTHER);
	ev.pid = INT_AFTER(msg, "pid: ");
	if (comm.n)
		EVENT_SET(&ev, comm, comm.p, comm.n, EV_CUT_COMM);
	ev.requested_bytes = INT_AFTER(msg, "bytes: ");
	span_copy(ev.detail, sizeof(ev.detail), msg);
	out_push(k, &ev);
}

/* ---- dispatch ---- */

/* Every line that can start or anchor an event holds one of these. */
static const char *const start_needles[] = {
	"oom", "ill process", "illed process", "failure", "vmalloc error",
	"__vm_enough", "emory cgroup", "ut of memory",
};
static struct prefilter *start_pf;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;

static void start_init(void)
{
	start_pf = prefilter_new(start_needles, (int)(sizeof(start_needles) / sizeof(start_needles[0])));
}

int kern_may_start(struct span msg)
{
	pthread_once(&start_once, start_init);
	if (!start_pf)
		return SPAN_FIND(msg, "oom") >= 0 || SPAN_FIND(msg, "ill process") >= 0 ||
		       SPAN_FIND(msg, "illed process") >= 0 || SPAN_FIND(msg, "failure") >= 0 ||
		       SPAN_FIND(msg, "vmalloc error") >= 0 || SPAN_FIND(msg, "__vm_enough") >= 0 ||
		       SPAN_FIND(msg, "emory cgroup") >= 0 || SPAN_FIND(msg, "ut of memory") >= 0;
	/* The needles match either case; the dispatcher checks exact text. */
	return prefilter_any(start_pf, msg);
}

/* Lines that belong to an open report but carry nothing we keep. */
static int report_filler(struct span msg)
{
	return msg.n == 0 || msg.p[0] == ' ' || msg.p[0] == '[' || msg.p[0] == '<' ||
	       SPAN_STARTS(msg, "Hardware name:") || SPAN_STARTS(msg, "Call Trace") ||
	       SPAN_STARTS(msg, "Mem-Info") || SPAN_STARTS(msg, "Node ") ||
	       SPAN_STARTS(msg, "lowmem_reserve") || SPAN_STARTS(msg, "active_anon:") ||
	       SPAN_STARTS(msg, "Tasks state") || SPAN_STARTS(msg, "Memory cgroup stats") ||
	       SPAN_STARTS(msg, "RIP:") || SPAN_STARTS(msg, "RSP:") || SPAN_STARTS(msg, "Code:") ||
	       (msg.n > 4 && msg.p[0] == 'R' && msg.p[3] == ':') || SPAN_STARTS(msg, "memory+swap:") || SPAN_STARTS(msg, "kmem:") ||
	       SPAN_STARTS(msg, "swap: usage") || SPAN_FIND(msg, " pages ") >= 0 ||
	       SPAN_FIND(msg, "total pagecache pages") >= 0 || SPAN_FIND(msg, "+0x") >= 0 ||
	       SPAN_FIND(msg, " mems_allowed=") >= 0 || SPAN_STARTS(msg, "Swap cache") ||
	       SPAN_STARTS(msg, "COMPACTION is disabled") || SPAN_STARTS(msg, "Unreclaimable slab") ||
	       SPAN_STARTS(msg, "warn_alloc:") || SPAN_STARTS(msg, "SysRq") ||
	       SPAN_FIND(msg, "oom_score_adj name") >= 0;
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
			if (k->n_out >= KOUT_HIGH) {
				done = 0;
				break;
			}
			release_kill_at(k, h, 0, -1);
		}
		if (done && h->alloc.valid && k->line - h->alloc.ev.line > HOLD_LINES) {
			if (k->n_out >= KOUT_HIGH)
				done = 0;
			else
				host_release_alloc(k, h);
		}
	}
	count_open(k);
	return done;
}

static int dispatch(struct kern_asm *k, struct host *h, const char *source, int64_t line,
		    const struct line_meta *m, struct span msg)
{
	long at;
	int64_t v;

	if ((at = SPAN_FIND(msg, " invoked oom-killer:")) > 0) {
		k->anchors++;
		on_header(k, h, source, line, m, msg, at);
		return 1;
	}
	if ((at = SPAN_FIND(msg, "Killed process ")) >= 0 &&
	    (at == 0 || (at >= 2 && msg.p[at - 2] == ':'))) {
		if (on_kill(k, h, source, line, m, msg, at)) {
			k->anchors++;
			return 1;
		}
	}
	if (SPAN_STARTS(msg, "oom-kill:")) {
		k->anchors++;
		on_summary(k, h, source, line, m, msg);
		return 1;
	}
	if (SPAN_STARTS(msg, "oom_reaper: reaped process ")) {
		k->anchors += (uint64_t)on_reaper(k, h, source, line, m, msg);
		return 1;
	}
	if (SPAN_STARTS(msg, "oom_reaper:") || SPAN_FIND(msg, "has mm pinned by") >= 0 ||
	    SPAN_FIND(msg, "sharing same memory") >= 0 || SPAN_FIND(msg, "due to memory.oom.group") >= 0 ||
	    SPAN_STARTS(msg, "Would have killed process") || SPAN_STARTS(msg, "Huh VM_FAULT_OOM") ||
	    SPAN_STARTS(msg, "SysRq : Manual OOM") || SPAN_STARTS(msg, "Unable to start OOM reaper"))
		return 1;
	if ((at = SPAN_FIND(msg, "ill process ")) >= 1 &&
	    (msg.p[at - 1] == 'K' || msg.p[at - 1] == 'k') && SPAN_FIND(msg, ") score ") >= 0) {
		k->anchors++;
		on_selection(k, h, source, line, m, msg, at - 1);
		return 1;
	}
	if ((at = SPAN_FIND(msg, ": page allocation failure")) > 0 ||
	    (at = SPAN_FIND(msg, ": vmemmap alloc failure")) > 0 ||
	    (at = SPAN_FIND(msg, ": vmalloc error: ")) > 0 ||
	    (at = SPAN_FIND(msg, ": vmalloc: allocation failure")) > 0) {
		k->anchors++;
		on_alloc_failure(k, h, source, line, m, msg, at + 2);
		return 1;
	}
	if (SPAN_STARTS(msg, "__vm_enough_memory:") && SPAN_FIND(msg, "not enough memory") >= 0) {
		k->anchors++;
		on_vm_enough(k, h, source, line, m, msg);
		return 1;
	}
	if (SPAN_STARTS(msg, "Out of memory and no killable processes")) {
		k->anchors++;
		if (h->rep.active) {
			h->rep.anchors++;
			report_close(k, h, "no killable processes");
		} else
			note_push(k, NOTE_INCOMPLETE, source, line, h->name, msg.p, msg.n,
				  "no killable processes");
		return 1;
	}
	if ((at = SPAN_FIND(msg, "is already exiting. Skip killing")) >= 0) {
		if (h->rep.active) {
			k->anchors++;
			h->rep.anchors++;
		}
		report_close(k, h, "victim already exiting");
		return 1;
	}
	if (SPAN_FIND(msg, "not syncing: Out of memory") >= 0 ||
	    SPAN_FIND(msg, "System is deadlocked on memory") >= 0) {
		k->anchors++;
		if (h->rep.active && h->rep.have_header) {
			h->rep.anchors++;
			report_close(k, h, "panic_on_oom");
		} else
			note_push(k, NOTE_INCOMPLETE, source, line, h->name, msg.p, msg.n,
				  "panic_on_oom");
		return 1;
	}
	/* Continuation lines: only inside an open report or failure. */
	if (SPAN_STARTS(msg, "CPU: ") || SPAN_STARTS(msg, "Pid: "))
		return on_cpu_line(h, msg);
	if (!h->rep.active && !h->alloc.valid)
		return 0;
	if (h->rep.active && (at = SPAN_FIND(msg, "Task in ")) >= 0 &&
	    SPAN_FIND(msg, " killed as a result of limit of ") > at) {
		struct span rest = span_skip(msg, (size_t)at + 8);
		long e = SPAN_FIND(rest, " killed as a result of limit of ");

		EVENT_SET(&h->rep.ev, task_memcg, rest.p, (unsigned long)e, EV_CUT_TASK_MEMCG);
		rest = span_skip(rest, (size_t)e + 32);
		EVENT_SET(&h->rep.ev, oom_memcg, rest.p, span_rtrim(rest).n, EV_CUT_OOM_MEMCG);
		h->rep.hint = HINT_MEMCG;
		return 1;
	}
	if (h->rep.active && SPAN_STARTS(msg, "Memory limit reached of cgroup ")) {
		struct span rest = span_rtrim(span_skip(msg, 31));

		EVENT_SET(&h->rep.ev, oom_memcg, rest.p, rest.n, EV_CUT_OOM_MEMCG);
		h->rep.hint = HINT_MEMCG;
		return 1;
	}
	if (h->rep.active && SPAN_STARTS(msg, "memory: usage ")) {
		h->rep.ev.memcg_usage_kb = INT_AFTER(msg, "usage ");
		h->rep.ev.memcg_limit_kb = INT_AFTER(msg, "limit ");
		h->rep.hint = HINT_MEMCG;
		return 1;
	}
	if (SPAN_STARTS(msg, "Free swap") || SPAN_STARTS(msg, "Total swap")) {
		struct oom_event *ev = (h->last_started == 1 && h->alloc.valid) ? &h->alloc.ev
			: (h->rep.active ? &h->rep.ev : NULL);

		if (!ev)
			return 1;
		v = INT_AFTER(msg, "= ");
		if (msg.p[0] == 'F')
			ev->swap_free_kb = v;
		else
			ev->swap_total_kb = v;
		/* "Total swap" ends show_mem(): an allocation failure is complete. */
		if (msg.p[0] == 'T' && ev == &h->alloc.ev)
			host_release_alloc(k, h);
		return 1;
	}
	return report_filler(msg);
}

int kern_asm_push(struct kern_asm *k, const char *source, int64_t line, const struct line_meta *m)
{
	struct span msg = m->msg;
	struct host *h;
	int rc, strong, start;

	k->line = line;
	k->release_all = 0;
	if (k->flushing)
		flush_step(k);
	if (k->n_open && line - k->swept >= SWEEP_EVERY && sweep(k))
		k->swept = line;
	/* Lines a program logged are not the kernel's. */
	if (m->tag.n && !SPAN_EQ(m->tag, "kernel"))
		return KERN_NONE;
	strong = kern_may_start(msg);
	start = strong || SPAN_STARTS(msg, "CPU: ") || SPAN_STARTS(msg, "Pid: ");
	if (!start && k->n_open == 0)
		return KERN_NONE;
	h = host_get(k, m->host);
	/* A report whose first lines had no host prefix (pasted excerpts)
	 * continues under the first host that names itself. */
	if (!host_busy(h) && m->host.n) {
		int ai = bucket_find(k, span_make("", 0), hash_span(span_make("", 0)));
		struct host *anon = ai >= 0 ? &k->hosts[ai] : NULL;

		if (anon && host_busy(anon) && !strong) {
			struct span name = m->host;

			h = host_get(k, name);
			memcpy(&h->rep, &anon->rep, sizeof(h->rep));
			memcpy(h->kills, anon->kills, sizeof(h->kills));
			h->n_kills = anon->n_kills;
			for (int i = 0; i < h->n_kills; i++)
				EVENT_SET(&h->kills[i].ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
			h->alloc = anon->alloc;
			h->last_started = anon->last_started;
			EVENT_SET(&h->rep.ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
			EVENT_SET(&h->alloc.ev, host, h->name, strlen(h->name), EV_CUT_OTHER);
			anon->rep.active = 0;
			anon->n_kills = 0;
			anon->alloc.valid = 0;
		}
	}
	if (!start && !host_busy(h))
		return KERN_NONE;
	rc = dispatch(k, h, source, line, m, msg);
	count_open(k);
	return rc ? KERN_CONSUMED : KERN_NONE;
}

/* The smallest line of any event still held; events after it must wait. */
static int64_t min_held_line(const struct kern_asm *k)
{
	int64_t min = INT64_MAX;
	int i;

	for (i = 0; i < k->n_hosts; i++) {
		const struct host *h = &k->hosts[i];

		if (h->n_kills && h->kills[0].ev.line < min)
			min = h->kills[0].ev.line;
		if (h->alloc.valid && h->alloc.ev.line < min)
			min = h->alloc.ev.line;
		if (h->rep.active && h->rep.have_summary && h->rep.summary_line < min)
			min = h->rep.summary_line;
	}
	return min;
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

	while (k->flushing && k->n_out < KOUT_HIGH && k->n_notes < KNOTE_CAP - 2) {
		int64_t min = INT64_MAX, l;
		int i, best = -1;

		for (i = 0; i < k->n_hosts; i++) {
			l = host_flush_line(&k->hosts[i], final);
			if (l < min) {
				min = l;
				best = i;
			}
		}
		if (best < 0)
			k->flushing = 0;
		else
			host_close(k, &k->hosts[best], final);
	}
	count_open(k);
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

int kern_asm_pop(struct kern_asm *k, struct oom_event *out)
{
	if (k->flushing)
		flush_step(k);
	if (k->n_out == 0)
		return 0;
	/* Events wait for earlier held ones, unless the queue runs full:
	 * then the earliest held event goes first. Only a report whose
	 * oom-kill: summary waits for its kill record lets a later event
	 * pass it. */
	if (k->n_open && !k->release_all && k->out[0].line > min_held_line(k)) {
		if (k->n_out < KOUT_HIGH)
			return 0;
		release_earliest(k, k->out[0].line);
	}
	*out = k->out[0];
	k->n_out--;
	memmove(k->out, k->out + 1, sizeof(k->out[0]) * (size_t)k->n_out);
	return 1;
}

int kern_asm_pop_note(struct kern_asm *k, struct oom_note *out)
{
	if (k->flushing)
		flush_step(k);
	if (k->n_notes == 0)
		return 0;
	*out = k->notes[k->note_head];
	k->note_head = (k->note_head + 1) % KNOTE_CAP;
	k->n_notes--;
	return 1;
}

void kern_asm_flush(struct kern_asm *k, int final)
{
	/* A live reader flushes before it saves its cursor: every finished
	 * event must then leave, even past an open report whose oom-kill:
	 * summary waits for its kill record. The end of input keeps line
	 * order instead (hosts close in order). */
	k->release_all = !final;
	if (k->flushing < 1 + !!final)
		k->flushing = 1 + !!final;
	flush_step(k);
}
