/*
 * scan.c - the per-source line pipeline: prefix -> kernel assembler and
 * application rules -> events and notes.
 *
 * A message that holds embedded line breaks (rsyslog "#012", a journal
 * MESSAGE with "\n") is split and each piece handled as a line of its own;
 * so is one kept with its HTML entities ("&nbsp;"), decoded, at each
 * "</div>" or "<br>".
 * systemd's "killed by the OOM killer" notices are held briefly so that a
 * kernel kill record for the same unit, before or after, absorbs them: the
 * kill's own unit, or any unit or slice on its memory cgroup's path (a
 * container's scope, which names no service; the slices above, which
 * systemd reports the same kill for), or with no cgroup known the unit named
 * after the victim's comm; stamped from FOLD_BEFORE seconds before the kill
 * to FOLD_AFTER after, each kind of notice once per unit and kill. A kill
 * another record relays with its pid (kubelet's SystemOOM event, a BPF
 * tracer's line) is held the same way and folds into the kernel's record
 * of that pid (or an earlier relay of it) on the same host in that window.
 *
 * Trusts nothing in the lines. Not thread-safe: one scanner per thread.
 * Memory is fixed at scan_new.
 */
#include "scan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/evqueue.h"
#include "../core/invariant.h"
#include "kernel.h"
#include "prefilter.h"
#include "unwrap.h"

#define OUT_CAP 64       /* events ready to pop */
#define NOTE_CAP 64      /* notes ready to pop */
#define NOTICE_CAP 16    /* systemd notices waiting for a kernel kill */
#define KILLS_CAP 16     /* recent kernel kills, to absorb late notices */
#define NOTICE_HOLD 2000 /* lines a notice waits */
#define FOLD_BEFORE 10   /* a notice stamped up to this many seconds before a kernel kill folds */
#define FOLD_AFTER 90    /* ... or up to this many after: systemd reports a unit's result when
			  * it has stopped, TimeoutStopSec= (90 s by default) after the kill */
#define MARK_TOOK 8      /* notices one kernel kill absorbs (its unit and the slices above) */
#define PIECE_MAX 64     /* pieces one escaped message may split into */
#define OUT_ROOM (OUT_CAP - NOTICE_CAP - 4) /* drain() fills out[] up to this */
#define APP_WINDOW 64    /* lines after an application line that all go to the rules */
#define FMT_SAMPLE 1024  /* every Nth skipped line is parsed for format statistics */
#define CARRY_SPAN SCAN_CARRY_SPAN /* a stamp alone, the message, and one line a paste put between */
#define QP_SPAN 1000     /* lines after a "=3D" (quoted-printable) that are read as such */
#define QP_WAIT 2        /* lines a message cut by a soft line break waits for the rest */
#define QP_MAX 4096      /* bytes of a message joined over soft line breaks */
#define QP_LINE_MAX 200  /* a quoted-printable line: 76 bytes (RFC 2045), quote marks and a log prefix */
#define HTML_MAX 4096    /* bytes of a message with HTML entities decoded */
#define IX_CAP 64        /* anchored lines one pass of the scanner's own index lists (few:
                          * a window of lines that all pass may follow) */

struct kill_mark {
	int64_t pid;      /* the victim's, or EV_NONE */
	char host[64];
	char unit[128];
	char comm[16];
	char cgroup[EV_MEMCG_INLINE]; /* the killed task's memory cgroup ("" unknown) */
	int64_t time_sec;
	int year_assumed;
	/* The notices it absorbed, by unit and kind (NOTICE_*): a second of
	 * one kind for one unit reports another kill. */
	char took[MARK_TOOK][128];
	unsigned char took_kind[MARK_TOOK];
	int n_took;
};

struct scanner {
	struct prefilter *pf;
	/* The line mark: pieces of looks_like_oom's keywords and, when
	 * mark_kern, the literals of the application rows that read kernel
	 * lines and the phrases of the kernel rows that take a line outside a
	 * report. A kernel line without any of them is settled with one pass,
	 * and while nothing is open it is done (skip_quiet). */
	struct prefilter *mark_pf;
	/* The mark for the scanner's own index: mark_pf where the index tests
	 * it with its tables in registers (PREFILTER_SIMD_VBMI), else NULL (push_line
	 * and piece test it only where it can save work). */
	const struct prefilter *own_mark;
	int mark_kern;
	int skip_quiet;
	int no_prefilter;
	int app_window;  /* lines left that bypass the prefilter */
	struct prefix_parser *pp;
	struct kern_asm *k;
	const unsigned *kern_pending; /* kern_asm_pending_word: read after every line */
	const int *app_pending; /* app_asm_pending_word, or no_app: read after every line */
	struct app_asm *a;
	const struct app_rules *rules;
	char *source;
	int64_t line;
	struct scan_stats st;

	struct evqueue outq;    /* events ready to pop, in line order */
	struct oom_event out[OUT_CAP];
	struct noteq noteq;     /* notes ready to pop */
	struct oom_note notes[NOTE_CAP];

	int final;              /* scan_flush(final) ran and no line came since */
	struct oom_event notices[NOTICE_CAP];
	int n_notices;
	struct kill_mark kills[KILLS_CAP];
	int kills_next;
	uint64_t folded;
	uint64_t app_anchors;       /* application events taken (one anchor each) */
	uint64_t unrec_anchors;     /* OOM-like lines no parser took */
	int64_t app_out_max;        /* the last line of an application event queued in out[] */
	struct pf_index ix;     /* scan_block_push's own index of a block */
	struct pf_hit ix_hits[IX_CAP];
	int64_t boot_usec;      /* scan_config's, 0 = no stamping */
	const struct scan_pre *pre; /* what was found out ahead of the line, or NULL */
	struct span blk;            /* the block being pushed (its lines lie in it), or empty */
	/* A prefix alone on its line ("Jun  4 07:41:59 host kernel: " of a
	 * record a paste reflowed onto the lines after it): the host and time
	 * the next CARRY_SPAN lines take when they name neither. */
	int64_t carry_line;     /* its line, 0: none */
	char carry_host[64];
	size_t carry_host_n;
	int64_t carry_time_sec;
	int32_t carry_time_nsec;
	int carry_year_assumed;
	/* A lead-in ("dpkg: unrecoverable fatal error, aborting:"): a bare
	 * line that opens with a program's name and ends in ':', whose next
	 * line is that program's message (lead_prog). */
	int64_t lead_line;      /* its line, 0: none */
	char lead_prog[32];
	size_t lead_prog_n;
	/* Quoted-printable (a mail body kept raw): the last line that held
	 * "=3D" and an anchor; a message its line's soft break ('=' at its
	 * end) cut, waiting for the rest on the next line of its host. */
	int64_t qp_seen;        /* 0: none */
	int64_t qp_held_line;   /* the held message's last line, 0: none held */
	struct line_meta qp_meta; /* the held message's line; host and tag copied below */
	char qp_host[64], qp_tag[64];
	size_t qp_held_n;
	char qp_held[QP_MAX];
	char qp_out[QP_MAX];    /* the message decoded, joined */
	char html_out[HTML_MAX]; /* a message with its HTML entities decoded (html_decode) */
	/* A paste hard-wrapped at a column (unwrap.h): the shape, decided at
	 * the first block (scan_config's unwrap), and the line joined from
	 * its pieces so far, pushed whole when a line does not go on with it.
	 * Every line then goes through the parsers: a keyword may lie across
	 * a break, where the index does not see it. */
	int uw_mode;            /* scan_config's unwrap */
	int uw_decided;
	struct unwrap_shape uw;
	struct prefix_parser *uw_pp; /* its own: the pieces are read before the scanner reads them */
	char *uw_buf;           /* SCAN_MAX_LINE bytes */
	size_t uw_n;
	unsigned uw_lines;      /* the input lines in uw_buf, 0: none held */
	uint64_t uw_bytes;      /* their bytes, newlines counted */
	struct unwrap_prev uw_prev; /* the last of them */
	/* A head unwrap_detect did not find wrapped, at the width
	 * unwrap_guess gives: a line is joined only where the join makes a
	 * message neither piece makes (uw_gains), and only in the head's
	 * bytes (uw_probe_left) until one is joined, then to the end. */
	int uw_probe;
	uint64_t uw_probe_left;
	struct unwrap_widths uw_widths; /* unwrap_guess's */
};

static const int no_app; /* the pending word of a scanner without rules */

static struct prefilter *mark_prefilter(const struct app_rules *rules, int *with_kern, int *with_outside);

struct scanner *scan_new(const struct scan_config *cfg, const char *source)
{
	struct scanner *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	evq_init(&s->outq, s->out, OUT_CAP);
	noteq_init(&s->noteq, s->notes, NOTE_CAP);
	s->rules = cfg->rules;
	s->no_prefilter = cfg->no_prefilter;
	s->boot_usec = cfg->boot_usec;
	s->uw_mode = cfg->unwrap;
	s->ix.hit = s->ix_hits;
	s->ix.cap = IX_CAP;
	s->source = strdup(source ? source : "-");
	s->pp = prefix_new(cfg->year_hint, cfg->ref_time);
	s->pf = prefilter_oom_new();
	s->mark_pf = mark_prefilter(cfg->rules, &s->mark_kern, &s->skip_quiet);
	s->own_mark = s->mark_pf && prefilter_simd(s->mark_pf) == PREFILTER_SIMD_VBMI ? s->mark_pf : NULL;
	/* --no-prefilter runs every line through the parsers */
	s->skip_quiet = s->skip_quiet && (!cfg->rules || s->mark_kern) && !cfg->no_prefilter;
	s->k = kern_asm_new();
	if (s->k) {
		kern_asm_publish_early(s->k, cfg->publish_early);
		s->kern_pending = kern_asm_pending_word(s->k);
	}
	s->a = cfg->rules ? app_asm_new(cfg->rules, cfg->process_hint) : NULL;
	s->app_pending = s->a ? app_asm_pending_word(s->a) : &no_app;
	if (!s->source || !s->pp || !s->pf || !s->mark_pf || !s->k || (cfg->rules && !s->a)) {
		scan_free(s);
		return NULL;
	}
	return s;
}

void scan_free(struct scanner *s)
{
	if (!s)
		return;
	prefix_free(s->pp);
	prefilter_free(s->pf);
	prefilter_free(s->mark_pf);
	kern_asm_free(s->k);
	app_asm_free(s->a);
	prefix_free(s->uw_pp);
	free(s->uw_buf);
	free(s->source);
	free(s);
}

const char *scan_source(const struct scanner *s)
{
	return s->source;
}

static void ledger_update(struct scanner *s);

/* The counters other parts keep are summed here, when asked for, not
 * after every line. */
const struct scan_stats *scan_stats(struct scanner *s)
{
	s->st.events_dropped = kern_asm_dropped(s->k) + (s->a ? app_asm_dropped(s->a) : 0) + s->outq.dropped;
	s->st.notes_dropped = kern_asm_notes_dropped(s->k) + kern_asm_amends_dropped(s->k) +
			      s->noteq.dropped;
	ledger_update(s);
	s->st.hosts_evicted = kern_asm_hosts_evicted(s->k);
	return &s->st;
}

void scan_set_line(struct scanner *s, int64_t next_line)
{
	s->line = next_line - 1;
}

/* Every event of a scanner carries its one source, so line order is the
 * whole order. The caller pops after every push; a full queue (never
 * reached in use) counts what it refuses. */
static void out_push(struct scanner *s, const struct oom_event *ev)
{
	evq_push(&s->outq, ev);
}

/* out_push for an event of the application rules (or a notice): it may
 * have to wait for an earlier kernel event (scan_peek). */
static void out_push_app(struct scanner *s, const struct oom_event *ev)
{
	out_push(s, ev);
	if (ev->line > s->app_out_max)
		s->app_out_max = ev->line;
}

static void note_push(struct scanner *s, const struct oom_note *n)
{
	if (noteq_push(&s->noteq, n) < 0)
		return; /* counted in the queue's dropped */
	if (n->type == NOTE_INCOMPLETE)
		s->st.incomplete++;
	else
		s->st.unrecognised++;
}

/* ---- systemd notice folding ---- */

static int same_host(const char *a, const char *b);

static int is_notice(const struct oom_event *ev)
{
	return ev->kind == EV_OOM_KILL && ev->systemd_unit[0] && strcmp(ev->killer, "kernel") == 0 &&
	       ev->pid == EV_NONE;
}

/* The kind of a notice: systemd's "A process of this unit has been
 * killed by the OOM killer." or its "Failed with result 'oom-kill'." */
enum { NOTICE_KILLED = 1, NOTICE_RESULT = 2 };

static int notice_kind(const struct oom_event *ev)
{
	return strstr(ev->detail, "Failed with result") ? NOTICE_RESULT : NOTICE_KILLED;
}

/* Seconds from a to b; when either stamp's year was assumed (RFC 3164
 * syslog next to dmesg -T), whole years between them are not counted. */
static int64_t secs_apart(int64_t a, int ay, int64_t b, int by)
{
	int64_t d = b - a, y, best;

	if (!(ay || by) || llabs(d) < 180 * 86400)
		return d;
	y = (d + (d < 0 ? -1 : 1) * 182 * 86400) / (365 * 86400);
	best = d - y * 365 * 86400;
	if (llabs(d - y * 366 * 86400) < llabs(best))
		best = d - y * 366 * 86400;
	return best;
}

/* 1 when a notice stamped t (year assumed: ty) lies in a kill's window. */
static int in_window(const struct kill_mark *km, int64_t t, int ty)
{
	int64_t d;

	if (km->time_sec == EV_NONE || t == EV_NONE)
		return 1;
	d = secs_apart(km->time_sec, km->year_assumed, t, ty);
	return d >= -FOLD_BEFORE && d <= FOLD_AFTER;
}

/* 1 when unit is one of path's components ("/a.slice/b.scope": a.slice,
 * b.scope). */
static int on_path(const char *path, const char *unit)
{
	size_t n = strlen(unit);
	const char *p = path;

	if (!n)
		return 0;
	while ((p = strstr(p, unit)) != NULL) {
		if (p > path && p[-1] == '/' && (p[n] == '/' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/* 1 when a kill whose memory cgroup is unknown killed the main program of
 * unit: the unit's name before its type is the comm ("iscsid.service",
 * iscsid; a comm of 15 bytes, the kernel's most, may be cut), the comm is
 * that name and a daemon's "d" ("mysql.service", mysqld; "ssh.service",
 * sshd), or the name is the comm and a few more letters
 * ("postgresql.service", postgres: a comm of five bytes or more). */
static int unit_of_comm(const char *unit, const char *comm)
{
	const char *dot = strrchr(unit, '.');
	size_t n = dot ? (size_t)(dot - unit) : strlen(unit), c = strlen(comm), k;

	if (!c)
		return 0;
	if (c == n + 1 && comm[n] == 'd' && memcmp(unit, comm, n) == 0)
		return 1;
	if (c > n || memcmp(unit, comm, c) != 0)
		return 0;
	if (n == c || c == 15)
		return 1;
	if (c < 5 || n - c > 3)
		return 0;
	for (k = c; k < n; k++)
		if (unit[k] < 'a' || unit[k] > 'z')
			return 0;
	return 1;
}

/* 1 when the kill km holds the unit a notice names: its unit, a unit or
 * slice on its cgroup's path, or (no cgroup known) the unit of its comm. */
static int holds_unit(const struct kill_mark *km, const char *unit)
{
	if (km->unit[0] && strcmp(km->unit, unit) == 0)
		return 1;
	if (km->cgroup[0])
		return on_path(km->cgroup, unit);
	return unit_of_comm(unit, km->comm);
}

/* 1 when km already absorbed a notice of this kind for this unit. */
static int took_already(const struct kill_mark *km, const struct oom_event *notice)
{
	int i, kind = notice_kind(notice);

	for (i = 0; i < km->n_took; i++)
		if (km->took_kind[i] == kind && strcmp(km->took[i], notice->systemd_unit) == 0)
			return 1;
	return 0;
}

/*
 * A notice folds into a kernel kill of the same host (or a paste that
 * names a host on one side only: a journal excerpt next to dmesg) whose
 * victim the unit holds, stamped from FOLD_BEFORE seconds before it to
 * FOLD_AFTER after, unless that kill already took a notice of its kind
 * for the unit (then it reports another kill).
 */
static int kill_matches(const struct kill_mark *km, const struct oom_event *notice)
{
	return (km->unit[0] || km->cgroup[0] || km->comm[0]) && same_host(km->host, notice->host) &&
	       in_window(km, notice->time_sec, notice->time_year_assumed) &&
	       holds_unit(km, notice->systemd_unit) && !took_already(km, notice);
}

/* Copies string src into dst of n bytes, cut to fit (as snprintf "%s"). */
static void copy_str(char *dst, size_t n, const char *src)
{
	size_t k = strnlen(src, n - 1);

	memcpy(dst, src, k);
	dst[k] = '\0';
}

/* A kill another record relays with its victim's pid: kubelet's "System
 * OOM encountered, victim process: X, pid: N", a BPF tracer's "OOM kill
 * of PID N" (an application row whose killer is the kernel). */
static int is_relay(const struct oom_event *ev)
{
	return event_is_kill(ev->kind) && strcmp(ev->killer, "kernel") == 0 && ev->pid != EV_NONE;
}

static int same_host(const char *a, const char *b)
{
	return strcmp(a, b) == 0 || !a[0] || !b[0];
}

/* 1 when the kill km (the kernel's record, or a relay of it) is the one a
 * relay reports: the same pid, on the same host, in the window (a listing
 * that repeats a relay is the same kill too). */
static int relay_matches(const struct kill_mark *km, const struct oom_event *relay)
{
	return km->pid != EV_NONE && km->pid == relay->pid && same_host(km->host, relay->host) &&
	       in_window(km, relay->time_sec, relay->time_year_assumed);
}

/* 1 when a notice or a relay belongs to the kill km. */
static int mark_takes(const struct kill_mark *km, const struct oom_event *ev)
{
	return is_notice(ev) ? kill_matches(km, ev) : relay_matches(km, ev);
}

/* Records that km absorbed notice. */
static void took_add(struct kill_mark *km, const struct oom_event *notice)
{
	if (km->n_took == MARK_TOOK)
		return;
	copy_str(km->took[km->n_took], sizeof(km->took[0]), notice->systemd_unit);
	km->took_kind[km->n_took++] = (unsigned char)notice_kind(notice);
}


/* Remembers the kill ev (the kernel's record, or a relay that went out
 * alone); the notices and relays waiting for it fold into it, a relay's
 * trigger filling the record's when it has none (a BPF tracer names it). */
static void remember_kernel_kill(struct scanner *s, struct oom_event *ev)
{
	struct kill_mark *km = &s->kills[s->kills_next];
	int i;

	s->kills_next = (s->kills_next + 1) % KILLS_CAP;
	km->pid = ev->pid;
	copy_str(km->host, sizeof(km->host), ev->host);
	copy_str(km->unit, sizeof(km->unit), ev->systemd_unit);
	copy_str(km->cgroup, sizeof(km->cgroup), event_task_memcg(ev));
	copy_str(km->comm, sizeof(km->comm), ev->comm);
	km->time_sec = ev->time_sec;
	km->year_assumed = ev->time_year_assumed;
	km->n_took = 0;
	/* Notices and relays already waiting for this kill fold into it. */
	for (i = 0; i < s->n_notices;) {
		if (mark_takes(km, &s->notices[i])) {
			const struct oom_event *n = &s->notices[i];

			s->folded++;
			if (is_notice(n)) {
				took_add(km, n);
			} else if (ev->trigger_pid == EV_NONE && n->trigger_pid != EV_NONE) {
				ev->trigger_pid = n->trigger_pid;
				memcpy(ev->trigger_comm, n->trigger_comm, sizeof(ev->trigger_comm));
			}
			s->notices[i] = s->notices[--s->n_notices];
		} else {
			i++;
		}
	}
}

/* Releases the held notices and relays whose wait is over (all: every
 * one), in line order. A relay that goes out stays a mark: a later listing
 * of its pid is the same kill. */
static void release_notices(struct scanner *s, int all)
{
	for (;;) {
		struct oom_event ev;
		int i, first = -1;

		for (i = 0; i < s->n_notices; i++)
			if ((all || s->line - s->notices[i].line > NOTICE_HOLD) &&
			    (first < 0 || s->notices[i].line < s->notices[first].line))
				first = i;
		if (first < 0)
			return;
		ev = s->notices[first];
		memmove(&s->notices[first], &s->notices[first + 1],
			(size_t)(s->n_notices - first - 1) * sizeof(s->notices[0]));
		s->n_notices--;
		out_push_app(s, &ev);
		if (!is_notice(&ev))
			remember_kernel_kill(s, &ev);
	}
}

/* How far a notice's stamp lies from a kill's (0 when either has none). */
static int64_t mark_dist(const struct kill_mark *km, const struct oom_event *notice)
{
	if (km->time_sec == EV_NONE || notice->time_sec == EV_NONE)
		return 0;
	return llabs(secs_apart(km->time_sec, km->year_assumed, notice->time_sec, notice->time_year_assumed));
}

/* 1 when two relays' stamps (either may have none) lie within a kill's
 * window of each other. */
static int held_near(const struct oom_event *a, const struct oom_event *b)
{
	if (a->time_sec == EV_NONE || b->time_sec == EV_NONE)
		return 1;
	return llabs(secs_apart(a->time_sec, a->time_year_assumed, b->time_sec, b->time_year_assumed)) <=
	       FOLD_AFTER;
}

static void take_app_event(struct scanner *s, const struct oom_event *ev)
{
	int i, best = -1;

	/* An application event counts as one anchor (its merged lines are
	 * the rule table's business). */
	s->app_anchors++;
	if (!is_notice(ev) && !is_relay(ev)) {
		out_push_app(s, ev);
		return;
	}
	/* the kill nearest in time takes it */
	for (i = 0; i < KILLS_CAP; i++)
		if (mark_takes(&s->kills[i], ev) &&
		    (best < 0 || mark_dist(&s->kills[i], ev) < mark_dist(&s->kills[best], ev)))
			best = i;
	if (best >= 0) {
		s->folded++;
		if (is_notice(ev))
			took_add(&s->kills[best], ev);
		return;
	}
	/* a relay repeated while the first still waits (a listing printed twice) */
	for (i = 0; is_relay(ev) && i < s->n_notices; i++)
		if (is_relay(&s->notices[i]) && s->notices[i].pid == ev->pid &&
		    same_host(s->notices[i].host, ev->host) && held_near(&s->notices[i], ev)) {
			s->folded++;
			return;
		}
	if (s->n_notices == NOTICE_CAP)
		release_notices(s, 1);
	s->notices[s->n_notices++] = *ev;
}

static void ledger_update(struct scanner *s)
{
	uint64_t ka, kf;

	kern_asm_ledger(s->k, &ka, &kf);
	s->st.anchors = ka + s->app_anchors + s->unrec_anchors;
	s->st.folded = kf + s->folded;
}

/* Moves what the assemblers finished into the scanner's queues, in order,
 * and releases the notices whose wait is over. */
static void drain_all(struct scanner *s, unsigned kern_pending, int app_pending)
{
	const struct oom_event *ke;
	struct oom_event ev;
	struct oom_note n;
	int room, popped = 0;

	/* Take only what fits (a flush can release more than the queues
	 * hold); scan_pop and scan_pop_note come back for the rest. An event
	 * goes from the kernel's queue straight into ours. */
	if (kern_pending & KERN_PENDING_EVENTS)
		while (evq_len(&s->outq) < OUT_ROOM && (ke = kern_asm_peek(s->k)) != NULL) {
			if (event_is_kill(ke->kind)) {
				struct oom_event kill = *ke;

				remember_kernel_kill(s, &kill);
				out_push(s, &kill);
			} else {
				out_push(s, ke);
			}
			kern_asm_drop(s->k);
			popped = 1;
		}
	/* releasing a held event may have queued notes too */
	if (popped)
		kern_pending = kern_asm_pending(s->k);
	if (kern_pending & KERN_PENDING_NOTES)
		while (noteq_len(&s->noteq) < NOTE_CAP && kern_asm_pop_note(s->k, &n))
			note_push(s, &n);
	while ((room = evq_len(&s->outq) < OUT_ROOM) && app_pending && app_asm_pop(s->a, &ev))
		take_app_event(s, &ev);
	/* At the end of the input, notices go once every kernel kill that
	 * could absorb them has been seen. */
	if (s->final && room) {
		release_notices(s, 1);
		return;
	}
	if (s->n_notices)
		release_notices(s, 0);
}

/* drain_all when it has something to do: the common line leaves nothing
 * in the assemblers and no notice waits. */
static void drain(struct scanner *s)
{
	unsigned kp = *s->kern_pending;
	int ap = *s->app_pending != 0;

	if (kp || ap || s->final || s->n_notices)
		drain_all(s, kp, ap);
}

/* ---- unrecognised OOM-like text ---- */

/* What the block index already knows of a line. */
enum {
	LINE_ANCHORED = 1, /* it holds an anchor of the line gate */
	LINE_NO_KW = 2,    /* it holds none of the line mark's needles (and no escape that
	                    * could make one) */
	LINE_KW = 4,       /* it may hold one: the index tested the line mark */
};

static const char *const oom_kw[] = { "oom-kill", "oom_reaper", "Killed process", "Kill process",
				       "invoked oom", "ut of memory", "allocation failure",
				       "alloc failure", "emory cgroup out of" };
#define N_OOM_KW (sizeof(oom_kw) / sizeof(oom_kw[0]))

/* What the line mark looks for in their place: a piece of each (a line
 * without the piece holds no keyword), chosen so that the mark's first
 * four bytes rarely start a word of common lines ("oom_score_adj" begins
 * like "oom_reaper", "process" ends "Kill process", every report's "Memory
 * cgroup stats" holds "y cgroup"): fewer candidates to verify. */
static const char *const oom_kw_mark[N_OOM_KW] = { "m-kill", "_reaper", "lled process", "ll process",
						   "ked oom", "t of memory", "cation failu",
						   "oc failure", "p out of" };

#define MARK_MAX PREFILTER_MAX_NEEDLES /* the mark's needles */
_Static_assert(N_OOM_KW < MARK_MAX, "the mark fits one prefilter");

/* A rough guess of how rare byte c is in log text (either case): spaces
 * and the commonest letters least. */
static int byte_rarity(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if (c == ' ')
		return 0;
	if (c >= 'a' && c <= 'z')
		return strchr("etaoinshrdlu", c) ? 1 : 2;
	return c >= '0' && c <= '9' ? 2 : 3;
}

/* Where in text the mark's needle for it starts: the prefilter tests a
 * needle's first four bytes before comparing it whole, so the needle
 * starts at the rarest four bytes (the earliest of equals) that leave it
 * twelve bytes or the whole text, and runs to the end of text (cut there
 * later). A needle that starts inside the text lets more lines through,
 * never fewer. */
static const char *rare_start(const char *text)
{
	size_t n = strlen(text), o, best = 0;
	int best_score = -1;

	for (o = 0; n >= 4 && o + (n < 12 ? n : 12) <= n; o++) {
		int score = byte_rarity((unsigned char)text[o]) + byte_rarity((unsigned char)text[o + 1]) +
			    byte_rarity((unsigned char)text[o + 2]) + byte_rarity((unsigned char)text[o + 3]);

		if (score > best_score) {
			best_score = score;
			best = o;
		}
	}
	return text + best;
}

/* Adds a needle for text (rare_start's piece of it, cut to the
 * prefilter's longest needle: a cut needle lets more lines through, never
 * fewer), unless a needle of the mark stands in text already (a line that
 * holds text holds that needle). */
static void mark_add(char (*buf)[PREFILTER_MAX_LEN + 1], const char **nd, int *n, const char *text)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcasestr(text, nd[i]))
			return;
	snprintf(buf[*n], sizeof(buf[*n]), "%.*s", PREFILTER_MAX_LEN, rare_start(text));
	nd[*n] = buf[*n];
	(*n)++;
}

/* The line mark's prefilter: oom_kw's pieces; the literals of the rows
 * that read kernel lines, when the rules give them (*with_kern = 1); and
 * the phrases a kernel line needs to be anything outside an open report
 * (*with_outside = 1). The cut copies are this call's own: scanners are
 * made on several threads at once (-j), and compile copies the needles. */
static struct prefilter *mark_prefilter(const struct app_rules *rules, int *with_kern, int *with_outside)
{
	char buf[MARK_MAX][PREFILTER_MAX_LEN + 1];
	const char *nd[MARK_MAX], *lit[MARK_MAX];
	int i, n = 0, nk, no;

	for (i = 0; i < (int)N_OOM_KW; i++) {
		OOMSCAN_ASSERT(strstr(oom_kw[i], oom_kw_mark[i]) != NULL);
		mark_add(buf, nd, &n, oom_kw_mark[i]);
	}
	nk = rules ? app_rules_kernel_literals(rules, lit, MARK_MAX - n) : -1;
	*with_kern = nk >= 0;
	for (i = 0; i < nk; i++)
		mark_add(buf, nd, &n, lit[i]);
	no = kern_outside_phrases(lit, MARK_MAX);
	*with_outside = no >= 0 && no <= MARK_MAX - n;
	for (i = 0; *with_outside && i < no; i++)
		mark_add(buf, nd, &n, lit[i]);
	return prefilter_new(nd, n);
}

/* 1 if msg may hold a needle of the line mark: no when the block index
 * found none in the line (LINE_NO_KW), else one pass, made once per piece
 * (*known: -1 before it, then its answer). */
static int marked(const struct scanner *s, struct span msg, int flags, int *known)
{
	if (flags & LINE_NO_KW)
		return 0;
	if (*known < 0)
		*known = prefilter_any(s->mark_pf, msg);
	return *known;
}

/* msg, which the line mark let through, names an OOM keyword outside a
 * stack frame. */
static int looks_like_oom(struct span msg)
{
	const char *const *kw = oom_kw;
	size_t i;

	for (i = 0; i < N_OOM_KW; i++)
		if (span_find(msg, kw[i], strlen(kw[i])) >= 0)
			break;
	if (i == N_OOM_KW)
		return 0;
	/* Stack frames (out_of_memory+0x25c/0x26f) name OOM functions. */
	if (SPAN_FIND(msg, "+0x") >= 0)
		return 0;
	return 1;
}


/* msg: a message or a piece of one, trimmed at its start (prefix_msg_trim)
 * and not empty once trimmed at its end. */
static void piece(struct scanner *s, struct line_meta *m, struct span msg, int flags)
{
	int krc = KERN_NONE, arc = APP_NONE, known = -1;

	m->msg = msg;
	/* A kernel line without the mark's needles, while no application
	 * incident is open and its host has nothing open: no kernel row can
	 * take it (kern_asm_may_pass), nor an application row (their kernel
	 * literals), and it names no OOM keyword. It is done, as if it held no
	 * anchor. */
	if (m->is_kernel && s->skip_quiet && app_asm_idle(s->a) && kern_asm_may_pass(s->k, m->host) &&
	    !marked(s, msg, flags, &known)) {
		kern_asm_pass(s->k, s->line);
		return;
	}
	krc = kern_asm_push_pre(s->k, s->source, s->line, m, s->pre ? &s->pre->kern : NULL);
	/* app_asm_push runs its own literal prefilter first; it also needs
	 * the lines of an incident it is merging. A kernel line the mark
	 * settles needs no second pass for the rows that read kernel lines. */
	if (krc == KERN_NONE && s->a) {
		unsigned hint = 0;

		if (m->is_kernel && s->mark_kern && !marked(s, msg, flags, &known))
			hint = APP_HINT_NO_KERNEL_LITERAL;
		arc = app_asm_push_hint(s->a, s->source, s->line, m, hint);
	}
	if (arc != APP_NONE)
		s->app_window = APP_WINDOW;
	if (krc == KERN_NONE && arc == APP_NONE && (m->tag.n == 0 || m->is_kernel) &&
	    marked(s, msg, flags, &known) && looks_like_oom(msg)) {
		struct oom_note n;

		memset(&n, 0, sizeof(n));
		s->unrec_anchors++;
		n.type = NOTE_UNRECOGNISED;
		n.source = s->source;
		n.line = s->line;
		span_copy(n.host, sizeof(n.host), m->host);
		span_copy(n.text, sizeof(n.text), msg);
		snprintf(n.reason, sizeof(n.reason), "matches no known OOM shape");
		note_push(s, &n);
	}
}

/* The pieces of a message split at its embedded line breaks ("\n",
 * rsyslog's "#012"), each trimmed; empty ones are left out (and so is a
 * piece of nothing but the prefix, "host kernel: " of a message split over
 * lines: it tells nothing, the prefilter would skip it too, and it must
 * not move an open report to its host either). */
static void split_pieces(struct scanner *s, struct line_meta *m, struct span msg, int flags)
{
	const char *p = msg.p, *end = msg.p + msg.n;

	for (int i = 0; p <= end && i < PIECE_MAX; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *esc = memmem(p, (size_t)(end - p), "#012", 4);
		const char *e = end;
		size_t skip = 0;

		if (nl && (!esc || nl < esc)) {
			e = nl;
			skip = 1;
		} else if (esc) {
			e = esc;
			skip = 4;
		}
		if (e > p || !skip) {
			/* a piece may start with rsyslog's "#011" or spaces */
			struct span pc = prefix_msg_trim(span_make(p, (size_t)(e - p)));

			if (span_rtrim(pc).n)
				piece(s, m, pc, flags);
		}
		if (!skip)
			break;
		p = e + skip;
	}
}

/* 1 when msg lies within raw. */
static int within(struct span raw, struct span msg)
{
	uintptr_t r = (uintptr_t)raw.p, m = (uintptr_t)msg.p;

	return m >= r && m - r <= raw.n && msg.n <= raw.n - (m - r);
}

/* ---- a prefix alone on its line ---- */

/* 1 when line's last byte but blanks (spaces, tabs, CR) is c. */
static int tail_is(struct span line, char c)
{
	line = span_rtrim(line);
	return line.n && line.p[line.n - 1] == c;
}

/* 1 when line (blanks aside) ends as a prefix alone or a lead-in may:
 * in ':', or in a kernel stamp "[  123.456789]" (carry_take). */
static inline int carry_tail(struct span line)
{
	size_t i;

	line = span_rtrim(line);
	if (!line.n)
		return 0;
	if (line.p[line.n - 1] == ':')
		return 1;
	if (line.p[line.n - 1] != ']')
		return 0;
	for (i = line.n - 1; i > 0 && (isdigit((unsigned char)line.p[i - 1]) || line.p[i - 1] == '.' ||
				       line.p[i - 1] == ' '); i--)
		;
	return i > 0 && line.p[i - 1] == '[' && i + 1 < line.n;
}

/* A line that ends in ':' (or ']', below) and whose prefix left no
 * message (m: its parse) is a prefix alone on its line: its host and time
 * wait for the lines after it. A line holds a prefix alone only so: every
 * prefix with a host or a wall-clock time ends in its tag's ':' (a stamp
 * alone, "[123.4]", names neither), or in the kernel's "[uptime]" after it
 * (a wrap at a column moves a record with no blank in its first 200 bytes,
 * such as an oom-kill: summary, whole onto the next line). The test is the
 * same whether the line was shown to the scanner or skipped (carry_probe),
 * so the prefilter loses nothing. */
static void carry_take(struct scanner *s, const struct line_meta *m, struct span raw, int64_t line)
{
	if (span_rtrim(m->msg).n || !carry_tail(raw) || (tail_is(raw, ']') && m->uptime_usec == INT64_MIN) ||
	    (!m->host.n && m->time_sec == INT64_MIN))
		return;
	s->carry_line = line;
	s->carry_host_n = m->host.n < sizeof(s->carry_host) ? m->host.n : 0;
	memcpy(s->carry_host, m->host.p, s->carry_host_n);
	s->carry_time_sec = m->time_sec;
	s->carry_time_nsec = m->time_nsec;
	s->carry_year_assumed = m->year_assumed;
}

/* Words that open a line as a program's name would but name none. */
static int lead_word_generic(struct span w)
{
	static const char *const words[] = { "error", "warning", "warn", "fatal", "note", "info", "debug",
					     "hint", "notice", "panic", "caused", "reason", "details", "exception",
					     "message", "output", "stderr", "stdout", "see", "log", "e", "w" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (w.n == strlen(words[i]) && !strncasecmp(w.p, words[i], w.n))
			return 1;
	return 0;
}

/* 1 for a line that names no program: bare, or behind a stamp alone (a CI
 * runner's or container runtime's, RFC 3339 with no host or tag). */
static int untagged(const struct line_meta *m)
{
	return (m->fmt == PREFIX_BARE || m->fmt == PREFIX_ISO) && !m->tag.n && !m->is_kernel;
}

/* A bare message (m: its line's parse, msg non-empty, its line ends in
 * ':') that reads "prog: text:", prog a lower-case program name (letters,
 * digits, '.', '_', '+', '-'; not a generic word such as "error"), is a
 * lead-in: the line right after it is prog's (dpkg's "unrecoverable fatal
 * error, aborting:" over " fork failed: ..."). The next line's indent is
 * not asked for: a paste's indenting or quoting (a tab, "> ") cannot be
 * told from the program's own. Any other line ends the lead-in. */
static void lead_take(struct scanner *s, const struct line_meta *m, struct span msg, int64_t line)
{
	size_t i = 0;

	s->lead_line = 0;
	if (!untagged(m) || !msg.n || msg.p[0] < 'a' || msg.p[0] > 'z')
		return;
	while (i < msg.n && i < sizeof(s->lead_prog) &&
	       (isalnum((unsigned char)msg.p[i]) || msg.p[i] == '.' || msg.p[i] == '_' || msg.p[i] == '+' ||
		msg.p[i] == '-'))
		i++;
	/* "prog: " then text, then the ':' that ends the line */
	if (i >= sizeof(s->lead_prog) || i + 3 > msg.n || msg.p[i] != ':' || msg.p[i + 1] != ' ' ||
	    msg.p[msg.n - 1] != ':' || !span_rtrim(span_make(msg.p + i + 2, msg.n - i - 3)).n ||
	    lead_word_generic(span_make(msg.p, i)))
		return;
	memcpy(s->lead_prog, msg.p, i);
	s->lead_prog_n = i;
	s->lead_line = line;
}

/* The line right after a lead-in, naming no program (untagged), is the
 * lead-in's program's. */
static void lead_apply(const struct scanner *s, struct line_meta *m)
{
	if (!s->lead_line || s->line - s->lead_line != 1 || !untagged(m))
		return;
	m->tag = span_make(s->lead_prog, s->lead_prog_n);
}

/* A line the prefilter skips: only one that ends in ':' or ']' may be a prefix
 * alone or a lead-in. */
static void carry_probe(struct scanner *s, struct span raw, int64_t line)
{
	struct line_meta m;

	if (!carry_tail(raw))
		return;
	prefix_parse(s->pp, raw, &m);
	carry_take(s, &m, raw, line);
	lead_take(s, &m, span_rtrim(m.msg), line);
}

/* A line within CARRY_SPAN lines after a prefix alone, naming no host and
 * no time of its own (bare, or behind a stamp alone), takes the prefix's. */
static void carry_apply(const struct scanner *s, struct line_meta *m)
{
	if (!s->carry_line || s->line - s->carry_line > CARRY_SPAN || m->host.n || m->time_sec != INT64_MIN)
		return;
	m->host = span_make(s->carry_host, s->carry_host_n);
	m->time_sec = s->carry_time_sec;
	m->time_nsec = s->carry_time_nsec;
	m->year_assumed = s->carry_year_assumed;
}

/* The lines among the CARRY_SPAN before offset at of blk, from offset from
 * on (both line starts, from <= at), that end in ':', blanks aside,
 * newest first: the lines that may be a prefix alone or a lead-in. Made
 * by the reader thread for each hit (the bytes are in its cache), by the
 * scanner where no hint is there. */
static void colon_lines(struct span blk, size_t from, size_t at, struct scan_colons *c)
{
	size_t e = at, b;
	int k;

	c->n = 0;
	if (e > from && blk.p[e - 1] == '\n')
		e--;
	for (k = 0; k < CARRY_SPAN && e > from; k++) {
		const char *nl = memrchr(blk.p + from, '\n', e - from);

		b = nl ? (size_t)(nl - blk.p) + 1 : from;
		if (carry_tail(span_make(blk.p + b, e - b))) {
			c->at[c->n].start = (uint32_t)b;
			c->at[c->n].end = (uint32_t)e;
			c->at[c->n++].back = (uint8_t)k;
		}
		if (!nl)
			break;
		e = (size_t)(nl - blk.p);
	}
}

/* The lines of c within the stretch the block index skipped (from offset
 * from of blk on; its last line is the scanner's current one) to
 * carry_probe, oldest first: the lines after may take their prefix. */
static void carry_colons(struct scanner *s, struct span blk, size_t from, const struct scan_colons *c)
{
	int k;

	for (k = c->n - 1; k >= 0; k--)
		if (c->at[k].start >= from)
			carry_probe(s, span_make(blk.p + c->at[k].start, c->at[k].end - c->at[k].start),
				    s->line - c->at[k].back);
}

/* ---- quoted-printable ---- */

/* 1 while the lines read are quoted-printable: within QP_SPAN lines of a
 * line that held "=3D" (an encoded '=') and an anchor. Lines that hold no
 * anchor tell nothing, so the prefilter's choice changes nothing. */
static int qp_active(const struct scanner *s)
{
	return s->qp_seen && s->line - s->qp_seen <= QP_SPAN;
}

/* Notes the evidence in raw (flags: the block index's, LINE_*); a line
 * longer than a quoted-printable one holds none. */
static void qp_evidence(struct scanner *s, struct span raw, int flags)
{
	if (raw.n <= QP_LINE_MAX && SPAN_FIND(raw, "=3D") >= 0 && ((flags & LINE_ANCHORED) || prefilter_any(s->pf, raw)))
		s->qp_seen = s->line;
}

/* Copies span src into buf of n bytes (cut) and points *dst at the copy. */
static void qp_keep(struct span *dst, char *buf, size_t n)
{
	size_t k = dst->n < n ? dst->n : n;

	memcpy(buf, dst->p, k);
	*dst = span_make(buf, k);
}

static void message(struct scanner *s, struct line_meta *m, struct span msg, int plain, struct span raw,
		    int flags);

/* The held message goes on alone, its soft break kept as the '=' it may
 * have been. */
static void qp_release(struct scanner *s)
{
	struct line_meta m = s->qp_meta;
	size_t n = s->qp_held_n;

	s->qp_held_line = 0;
	memcpy(s->qp_out, s->qp_held, n);
	if (n < QP_MAX)
		s->qp_out[n++] = '=';
	message(s, &m, span_make(s->qp_out, n), 0, span_make(NULL, 0), 0);
}

/*
 * While the lines are quoted-printable: decodes the message (*m, *msg),
 * joined to the message held for it (a line without a host, or of the
 * held one's, continues it; another host's line goes on by itself). A
 * message that ends in a soft break is held: returns 0 (nothing to do
 * now), else 1 with *m and *msg the decoded message (in qp_out).
 */
static int qp_step(struct scanner *s, struct line_meta *m, struct span *msg)
{
	size_t n = 0, k;
	int cut, join = s->qp_held_line != 0;

	if (join && m->host.n && !(m->host.n == s->qp_meta.host.n &&
				   memcmp(m->host.p, s->qp_meta.host.p, m->host.n) == 0))
		join = 0;
	if (!join && !memchr(msg->p, '=', msg->n))
		return 1;
	if (join) {
		n = s->qp_held_n;
		memcpy(s->qp_out, s->qp_held, n);
	}
	k = prefix_qp_decode(*msg, s->qp_out + n, QP_MAX - n, &cut);
	n += k;
	if (join) {
		*m = s->qp_meta;
		s->qp_held_line = 0;
	}
	*msg = span_make(s->qp_out, n);
	if (cut || n == 0 || s->qp_out[n - 1] != '=')
		return 1;
	/* a soft break: hold the message for the rest */
	if (!join) {
		s->qp_meta = *m;
		qp_keep(&s->qp_meta.host, s->qp_host, sizeof(s->qp_host));
		qp_keep(&s->qp_meta.tag, s->qp_tag, sizeof(s->qp_tag));
	}
	s->qp_held_n = n - 1;
	memcpy(s->qp_held, s->qp_out, n - 1);
	s->qp_held_line = s->line;
	return 0;
}

/*
 * A page's text kept with its HTML entities: an editor's highlighted block
 * pasted as markup ("&lt;span>Aug&nbsp;15&nbsp;12:09:03&nbsp;host&nbsp;kernel:
 * ..."), every former line closed by "</div>". The prefix parser has
 * decoded one level of entities; a page's source of such markup holds a
 * second ("&amp;nbsp;"). Decodes msg into out (at most cap bytes): each
 * entity (prefix_html_entity) becomes its character, and each "</div>" or
 * "<br>" ("<br/>", "<br />") a line break. Returns the length written.
 */
static size_t html_decode(struct span msg, char *out, size_t cap)
{
	static const struct {
		const char *tag;
		size_t n;
	} brk[] = { { "</div>", 6 }, { "<br>", 4 }, { "<br/>", 5 }, { "<br />", 6 } };
	size_t i = 0, o = 0, j;

	while (i < msg.n && o < cap) {
		char c = msg.p[i++];

		if (c == '&' && (j = prefix_html_entity(span_skip(msg, i - 1), &c)) != 0)
			i += j - 1;
		out[o++] = c;
		if (c != '>')
			continue;
		for (j = 0; j < sizeof(brk) / sizeof(brk[0]); j++)
			if (o >= brk[j].n && memcmp(out + o - brk[j].n, brk[j].tag, brk[j].n) == 0) {
				o -= brk[j].n;
				out[o++] = '\n';
				break;
			}
	}
	return o;
}

/* A message (m: its line's parse, msg trimmed at both ends; raw its line,
 * or an empty span for a message the scanner decoded) to the pieces. */
static void message(struct scanner *s, struct line_meta *m, struct span msg, int plain, struct span raw,
		    int flags)
{
	/* (the prefix parser decoded the entities of a line that had any:
	 * !plain; the markup's tags are left) */
	if (!plain && msg.n <= sizeof(s->html_out) && memchr(msg.p, '<', msg.n) &&
	    (SPAN_FIND(msg, "</div>") >= 0 || SPAN_FIND(msg, "<br") >= 0 || SPAN_FIND(msg, "&nbsp;") >= 0)) {
		size_t n = html_decode(msg, s->html_out, sizeof(s->html_out));

		/* what the index found in the line's own bytes does not hold
		 * for the decoded text */
		split_pieces(s, m, span_make(s->html_out, n), flags & ~(LINE_NO_KW | LINE_KW));
		return;
	}
	if ((!plain || !within(raw, msg)) && (memchr(msg.p, '\n', msg.n) || SPAN_FIND(msg, "#012") >= 0))
		split_pieces(s, m, msg, flags);
	else if (msg.n)
		piece(s, m, msg, flags);
}

/* A line; flags: what the block index found in it (LINE_*). */
static int push_line(struct scanner *s, struct span raw, int cut, int flags)
{
	struct line_meta m;
	struct span msg;
	size_t at;
	int plain;

	s->final = 0;
	s->line++;
	s->st.lines++;
	s->st.bytes += raw.n + 1;
	if (cut)
		s->st.lines_cut++;
	if (s->qp_held_line && s->line - s->qp_held_line > QP_WAIT)
		qp_release(s);
	/* Most lines hold no anchor: nothing downstream can use them. The
	 * kernel assembler needs only anchored lines (and the line after a
	 * message it saw wrapped); an application incident being merged sees
	 * every line for a short window. */
	if (s->app_window > 0) {
		s->app_window--;
	} else if (!s->no_prefilter && !(flags & LINE_ANCHORED) && !s->qp_held_line &&
		   !(qp_active(s) && tail_is(raw, '=')) && !prefilter_any(s->pf, raw) &&
		   kern_asm_wrap_line(s->k) != s->line - 1) {
		if (s->st.lines % FMT_SAMPLE == 1) {
			prefix_parse(s->pp, raw, &m);
			s->st.formats[m.fmt < PREFIX_FMT_COUNT ? m.fmt : PREFIX_BARE]++;
		}
		carry_probe(s, raw, s->line);
		if (s->n_notices)
			release_notices(s, 0);
		return evq_len(&s->outq);
	}
	/* The message is cut from the line, but escapes (kmsg "\\xNN", JSON,
	 * ANSI, HTML entities) are decoded into it: a keyword could appear
	 * there only. A plain line has none. */
	plain = (s->pre && s->pre->plain) || prefix_line_plain(raw);
	if (!plain && (flags & LINE_NO_KW) &&
	    (memchr(raw.p, '\\', raw.n) || memchr(raw.p, 0x1b, raw.n) || memchr(raw.p, '&', raw.n)))
		flags &= ~LINE_NO_KW;
	qp_evidence(s, raw, flags);
	/* A kernel syslog line without the mark's needles, while neither
	 * assembler has anything open, needs no parse: piece() would pass it.
	 * Only its form is counted. The mark is tested last, on the text
	 * after "kernel: " (the message's), unless the index did. (While a
	 * host is busy its report's lines come here: the parse then tells
	 * piece() the host.) */
	if (plain && !(flags & LINE_KW) && s->skip_quiet && !qp_active(s) && kern_asm_idle(s->k) && app_asm_idle(s->a) &&
	    (at = prefix_kernel_line(s->pp, raw)) > 0 && span_rtrim(span_skip(raw, at)).n &&
	    ((flags & LINE_NO_KW) || !prefilter_any(s->mark_pf, span_skip(raw, at)))) {
		s->st.formats[PREFIX_SYSLOG]++;
		kern_asm_pass(s->k, s->line);
		goto out;
	}
	if (plain)
		prefix_parse_no_esc(s->pp, raw, &m);
	else
		prefix_parse(s->pp, raw, &m);
	s->st.formats[m.fmt < PREFIX_FMT_COUNT ? m.fmt : PREFIX_BARE]++;
	if (m.fmt == PREFIX_KMSG_CONT)
		goto out;
	if (m.fmt == PREFIX_KMSG && m.kmsg_facility > 0)
		m.is_kernel = 0;
	/* a pretty-printed object's text: its host and times stand on the
	 * lines around it */
	if (m.json_member)
		prefix_json_object(s->blk, raw, &m);
	/* The message starts trimmed (prefix_parse's contract). Embedded line
	 * breaks: "\n" (journal) or rsyslog's "#012"; none in a plain line's
	 * own bytes (a message decoded into scratch is searched). */
	msg = span_rtrim(m.msg);
	if (!msg.n) {
		carry_take(s, &m, raw, s->line);
	} else {
		carry_apply(s, &m);
		lead_apply(s, &m);
		if (tail_is(raw, ':'))
			lead_take(s, &m, msg, s->line);
	}
	if (qp_active(s) && !qp_step(s, &m, &msg))
		goto out;
	message(s, &m, msg, plain, raw, flags);
out:
	drain(s);
	return evq_len(&s->outq) + noteq_len(&s->noteq) + kern_asm_amends_ready(s->k);
}

/* Sets the event's wall-clock time from its uptime and the boot time when
 * it has an uptime and no time of its own. */
static void stamp(int64_t boot_usec, struct oom_event *ev)
{
	int64_t t;

	if (boot_usec <= 0 || ev->time_sec != EV_NONE || ev->uptime_usec == EV_NONE ||
	    ev->uptime_usec < 0)
		return;
	t = boot_usec + ev->uptime_usec;
	ev->time_sec = t / 1000000;
	ev->time_nsec = (int32_t)(t % 1000000) * 1000;
}

/* ---- hard-wrapped pastes ---- */

/*
 * Decides at the first block whether the input was hard-wrapped (head: its
 * bytes; none for an input that starts with a line too long for a block).
 * A wrapped input then sends every line through the parsers. A scanner
 * without the memory for it goes on unwrapped.
 */
static void uw_decide(struct scanner *s, struct span head)
{
	s->uw_decided = 1;
	if (!s->uw_mode)
		return;
	if (!(s->uw_pp = prefix_new(0, 0)) || !(s->uw_buf = malloc(SCAN_MAX_LINE)))
		return;
	if (s->uw_mode > 0) {
		s->uw.width = s->uw_mode;
		s->uw.cut = 0;
	} else if (!unwrap_detect(s->uw_pp, head, &s->uw)) {
		if (unwrap_guess(head, &s->uw_widths)) {
			s->uw_probe = 1;
			s->uw_probe_left = head.n < UNWRAP_HEAD_BYTES ? head.n : UNWRAP_HEAD_BYTES;
			return;
		}
		/* (most inputs: what the joins would need goes back) */
		prefix_free(s->uw_pp);
		free(s->uw_buf);
		s->uw_pp = NULL;
		s->uw_buf = NULL;
		return;
	}
	s->no_prefilter = 1;
	s->skip_quiet = 0;
	s->st.unwrap_width = s->uw.width;
	s->st.unwrap_cut = s->uw.cut;
}

/* The held line goes on, as the lines it was joined from: their count
 * and bytes, its events at the first of them. */
static void uw_release(struct scanner *s)
{
	unsigned k = s->uw_lines;

	if (!k)
		return;
	s->uw_lines = 0;
	push_line(s, span_make(s->uw_buf, s->uw_n), 0, 0);
	s->line += k - 1;
	s->st.lines += k - 1;
	s->st.bytes += s->uw_bytes - (s->uw_n + 1);
	s->st.lines_joined += k - 1;
}

/* A line of a hard-wrapped input: joined to the held one when it goes on
 * with it, else the held one goes on and this one is held. */
static void uw_push(struct scanner *s, struct span raw, int cut)
{
	struct span rest;
	int space;

	if (s->uw_lines && !cut && unwrap_joins(s->uw_pp, &s->uw, s->uw_prev, raw, &rest, &space) &&
	    s->uw_n + 1 + rest.n <= SCAN_MAX_LINE) {
		if (space)
			s->uw_buf[s->uw_n++] = ' ';
		memcpy(s->uw_buf + s->uw_n, rest.p, rest.n);
		s->uw_n += rest.n;
		s->uw_lines++;
		s->uw_bytes += raw.n + 1;
		s->uw_prev = unwrap_prev_of(raw);
		return;
	}
	uw_release(s);
	if (cut || !span_rtrim(raw).n) {
		push_line(s, raw, cut, 0);
		return;
	}
	/* (its trailing blanks go: a piece joins after one space) */
	s->uw_n = span_rtrim(raw).n;
	memcpy(s->uw_buf, raw.p, s->uw_n);
	s->uw_lines = 1;
	s->uw_bytes = raw.n + 1;
	s->uw_prev = unwrap_prev_of(raw);
}

/* Writes rest after the held line (after a space: space), which keeps its
 * length uw_n (the caller has made sure it fits). */
static void uw_put(struct scanner *s, struct span rest, int space)
{
	if (space)
		s->uw_buf[s->uw_n] = ' ';
	memcpy(s->uw_buf + s->uw_n + (space != 0), rest.p, rest.n);
}

/*
 * 1 when the held line (uw_buf, uw_n bytes, its trailing blanks gone)
 * joined to rest (space: with a space between) makes a message that
 * neither piece makes: the application row that would take the joined
 * line reads it across the break (app_asm_reads_across), or a kernel
 * row's phrase lies across it (kern_phrase_across). The joined line is
 * written after the held one, whose length stays uw_n.
 */
static int uw_gains(struct scanner *s, struct span rest, int space)
{
	size_t a = s->uw_n, b = a + (space != 0), from, to;
	struct span j;
	struct line_meta m;

	uw_put(s, rest, space);
	j = span_make(s->uw_buf, b + rest.n);
	prefix_parse(s->uw_pp, j, &m);
	/* (a message decoded elsewhere has no offsets to tell the break by) */
	if (!within(j, m.msg) || m.msg.p > s->uw_buf + a)
		return 0;
	from = a - (size_t)(m.msg.p - s->uw_buf);
	to = from + (b - a);
	if (m.fmt == PREFIX_KMSG && m.kmsg_facility > 0)
		m.is_kernel = 0;
	if (app_asm_reads_across(s->a, m.msg, m.is_kernel, from, to))
		return 1;
	return (m.is_kernel || !m.tag.n) && kern_phrase_across(m.msg, from, to);
}

/*
 * A line of the head of an input unwrap_guess gave a width for (the block
 * b at its line): pushed as it stands, or, when joined to the line after
 * it in the block that continues it (unwrap_joins; its pieces may start at
 * the margin under an indented line) it makes a message (uw_gains),
 * joined to it and to the lines after that continue it, and pushed joined
 * (uw_release).
 */
static void uw_probe_line(struct scanner *s, struct scan_block *b)
{
	const struct span blk = b->blk;
	const char *nl = memchr(blk.p + b->pos, '\n', blk.n - b->pos);
	size_t end = nl ? (size_t)(nl - blk.p) : blk.n, q = nl ? end + 1 : blk.n, used;
	struct span raw = span_make(blk.p + b->pos, end - b->pos), next, rest;
	struct unwrap_prev prev;
	struct unwrap_shape u = { 0, 0, 0, 1 };
	unsigned k = 1;
	int space, width = 0;

	if (raw.n > SCAN_MAX_LINE) {
		push_line(s, span_make(raw.p, SCAN_MAX_LINE), 1, 0);
		goto out;
	}
	s->uw_n = span_rtrim(raw).n;
	prev = unwrap_prev_of(raw);
	while (s->uw_n && q < blk.n) {
		const char *nl2 = memchr(blk.p + q, '\n', blk.n - q);
		size_t e2 = nl2 ? (size_t)(nl2 - blk.p) : blk.n;

		next = span_make(blk.p + q, e2 - q);
		/* (the narrowest width the head allows that prev fits) */
		u.width = unwrap_width_from(&s->uw_widths, prev.cols);
		if (next.n > SCAN_MAX_LINE || !u.width || !unwrap_joins(s->uw_pp, &u, prev, next, &rest, &space) ||
		    s->uw_n + 1 + rest.n > SCAN_MAX_LINE)
			break;
		if (k == 1) {
			memcpy(s->uw_buf, raw.p, s->uw_n);
			if (!uw_gains(s, rest, space))
				break;
			s->uw_bytes = raw.n + 1;
			width = u.width;
		} else {
			/* (the rest of a line a join showed wrapped goes on by
			 * its shape) */
			uw_put(s, rest, space);
		}
		s->uw_n += (space != 0) + rest.n;
		s->uw_bytes += next.n + 1;
		prev = unwrap_prev_of(next);
		k++;
		q = nl2 ? e2 + 1 : blk.n;
	}
	if (k == 1) {
		push_line(s, raw, 0, 0);
	} else {
		s->uw_lines = k;
		/* (the width is that of the first join) */
		if (s->uw_probe_left != UINT64_MAX)
			s->st.unwrap_width = width;
		s->uw_probe_left = UINT64_MAX;
		uw_release(s);
	}
out:
	used = q - b->pos;
	b->pos = q;
	b->lines += k;
	if (s->uw_probe_left != UINT64_MAX) {
		s->uw_probe_left = used < s->uw_probe_left ? s->uw_probe_left - used : 0;
		s->uw_probe = s->uw_probe_left > 0;
	}
}

int scan_push(struct scanner *s, struct span raw, int cut)
{
	if (!s->uw_decided)
		uw_decide(s, span_make(NULL, 0));
	if (s->uw.width && !s->uw_probe) {
		uw_push(s, raw, cut);
		return evq_len(&s->outq);
	}
	return push_line(s, raw, cut, 0);
}

struct oom_event *scan_peek(struct scanner *s)
{
	struct oom_event *ev;

	if (!evq_len(&s->outq))
		drain(s);
	ev = evq_head(&s->outq);
	/* Events leave in input order: one of the application rules (none
	 * lies past app_out_max) waits while the kernel assembler holds an
	 * earlier one, unless the queue runs half full (scan_block_push then
	 * stops for the caller to pop) or the input ended. */
	if (ev && ev->line <= s->app_out_max && !s->final && evq_len(&s->outq) < OUT_CAP / 2 &&
	    kern_asm_holds_before(s->k, ev->line))
		return NULL;
	/* stamping again changes nothing: the event then has a time */
	if (ev)
		stamp(s->boot_usec, ev);
	return ev;
}

void scan_drop(struct scanner *s)
{
	evq_drop(&s->outq);
	s->st.events++;
}

int scan_pop(struct scanner *s, struct oom_event *out)
{
	struct oom_event *ev = scan_peek(s);

	if (!ev)
		return 0;
	*out = *ev;
	scan_drop(s);
	return 1;
}

int scan_pop_amend(struct scanner *s, struct oom_amend *out)
{
	return kern_asm_pop_amend(s->k, out);
}

int scan_pop_note(struct scanner *s, struct oom_note *out)
{
	if (!noteq_len(&s->noteq))
		drain(s);
	return noteq_pop(&s->noteq, out);
}

void scan_flush(struct scanner *s, int final)
{
	uw_release(s);
	if (s->qp_held_line)
		qp_release(s);
	kern_asm_flush(s->k, final);
	if (s->a)
		app_asm_flush(s->a, final);
	if (final)
		s->final = 1;
	drain(s);
	/* A live reader saves its cursor after this: systemd notices still
	 * waiting for a kernel kill leave now rather than be lost. */
	if (!final)
		release_notices(s, 1);
}

void scan_pre_fill(void *memo, struct span blk, size_t from, const struct pf_hit *hit, void *out)
{
	struct scan_pre *pre = out;
	struct span line = span_make(blk.p + hit->start, hit->end - hit->start);

	/* The reader has the bytes before the hit in its cache; the
	 * scanner's thread would fetch them from the other core's. Only the
	 * lines after the previous hit's can be skipped on the way to it. */
	colon_lines(blk, from, hit->start, &pre->colon);
	pre->plain = prefix_line_plain(line);
	kern_pre_make(memo, prefix_kernel_msg(line), &pre->kern);
}

void scan_block_init(struct scan_block *b, struct span blk, const struct pf_index *ix)
{
	memset(b, 0, sizeof(*b));
	b->blk = blk;
	b->ix = ix;
}

const struct prefilter *scan_line_gate(const struct scanner *s)
{
	return s->no_prefilter ? NULL : s->pf;
}

const struct prefilter *scan_line_mark(const struct scanner *s)
{
	return s->mark_pf;
}

/* Counts n lines (and their bytes) that hold no anchor; every
 * FMT_SAMPLE-th skipped stretch has its first line parsed for the
 * format statistics. */
static void skip_lines(struct scanner *s, struct span skipped, uint64_t n)
{
	if (s->st.lines == 0 || s->st.lines % FMT_SAMPLE == 0) {
		struct line_meta m;
		const char *e = memchr(skipped.p, '\n', skipped.n);

		prefix_parse(s->pp, span_make(skipped.p, e ? (size_t)(e - skipped.p) : skipped.n), &m);
		s->st.formats[m.fmt < PREFIX_FMT_COUNT ? m.fmt : PREFIX_BARE]++;
	}
	s->line += (int64_t)n;
	s->st.lines += n;
	s->st.bytes += skipped.n;
}

/* Anchored lines a few hits ahead are fetched into this thread's cache
 * while it scans the lines before: the block was read and indexed on the
 * reader's thread, so each anchored line is otherwise a cache miss on
 * this one, paid in full. Three cache lines cover most lines. */
#define PREFETCH_HITS 4
static void prefetch_ahead(const struct scan_block *b, const struct pf_index *ix)
{
	size_t k = b->next + PREFETCH_HITS;

	if (k < ix->n) {
		const char *p = b->blk.p + ix->hit[k].start;

		__builtin_prefetch(p);
		__builtin_prefetch(p + 64);
		__builtin_prefetch(p + 128);
	}
}

/* The next line start at or after b->pos that holds an anchor (b->blk.n
 * when none), with the newlines before it from the block's start; indexes
 * the rest itself when the index stops short. */
static size_t next_anchored(struct scanner *s, struct scan_block *b, uint64_t *lines)
{
	for (;;) {
		const struct pf_index *ix = b->ix;

		if (ix && ix->from <= b->pos) {
			while (b->next < ix->n && ix->hit[b->next].start < b->pos)
				b->next++;
			if (b->next < ix->n) {
				prefetch_ahead(b, ix);
				*lines = b->ix_base + ix->hit[b->next].lines;
				return ix->hit[b->next].start;
			}
			if (ix->end >= b->blk.n) {
				*lines = b->ix_base + ix->end_lines;
				return b->blk.n;
			}
		}
		/* No index, or it ends before here: index from here into
		 * the scanner's own (own_mark). */
		prefilter_index(s->pf, s->own_mark, b->blk, b->pos, &s->ix);
		b->ix = &s->ix;
		b->next = 0;
		b->ix_base = b->lines;
	}
}

/* 1 when the reader thread's hint for the hit b->next is there: its own
 * index is the block's (not the scanner's, made past the reader's cap) and
 * it has hinted that far. */
static int hinted(const struct scan_block *b, const struct scanner *s)
{
	return b->pre && b->ix != &s->ix && b->next < atomic_load_explicit(b->pre_n, memory_order_acquire);
}

/* 1 when a queue runs half full: scan_block_push stops for the caller to
 * pop. */
static int half_full(struct scanner *s)
{
	return evq_len(&s->outq) >= OUT_CAP / 2 || noteq_len(&s->noteq) >= NOTE_CAP / 2 ||
	       kern_asm_amends_ready(s->k) >= NOTE_CAP / 2;
}

int scan_block_push(struct scanner *s, struct scan_block *b)
{
	const struct span blk = b->blk;

	s->final = 0;
	if (!s->uw_decided)
		uw_decide(s, blk);
	if (s->uw_probe) {
		s->blk = blk;
		while (b->pos < blk.n && s->uw_probe) {
			uw_probe_line(s, b);
			if (half_full(s)) {
				s->blk = span_make(NULL, 0);
				return 1;
			}
		}
	} else if (s->uw.width) {
		while (b->pos < blk.n) {
			const char *nl = memchr(blk.p + b->pos, '\n', blk.n - b->pos);
			size_t end = nl ? (size_t)(nl - blk.p) : blk.n;

			if (end - b->pos > SCAN_MAX_LINE)
				uw_push(s, span_make(blk.p + b->pos, SCAN_MAX_LINE), 1);
			else
				uw_push(s, span_make(blk.p + b->pos, end - b->pos), 0);
			b->pos = nl ? end + 1 : blk.n;
			b->lines++;
			if (half_full(s))
				return 1;
		}
		return 0;
	}
	s->blk = blk;
	while (b->pos < blk.n) {
		const char *nl;
		size_t end;
		int flags = 0;

		/* (the line after a wrapped kernel message goes in whole) */
		if (s->app_window == 0 && s->n_notices == 0 && !s->no_prefilter && !qp_active(s) &&
		    kern_asm_wrap_line(s->k) != s->line) {
			uint64_t lines;
			size_t at = next_anchored(s, b, &lines);

			if (at > b->pos) {
				skip_lines(s, span_make(blk.p + b->pos, at - b->pos), lines - b->lines);
				if (at < blk.n && hinted(b, s)) {
					carry_colons(s, blk, b->pos, &b->pre[b->next].colon);
				} else {
					struct scan_colons c;

					colon_lines(blk, b->pos, at, &c);
					carry_colons(s, blk, b->pos, &c);
				}
			}
			b->pos = at;
			b->lines = lines;
			if (at == blk.n)
				break;
			/* no second pass over this line where the index
			 * tested the mark (the scanner's own, with own_mark);
			 * else push_line and piece test it where they must */
			flags = LINE_ANCHORED | (!b->ix->mark_tested ? 0 :
						 b->ix->hit[b->next].marked ? LINE_KW : LINE_NO_KW);
		}
		if (flags & LINE_ANCHORED) {
			/* the index found the line's end */
			end = b->ix->hit[b->next].end;
			nl = end < blk.n ? blk.p + end : NULL;
		} else {
			nl = memchr(blk.p + b->pos, '\n', blk.n - b->pos);
			end = nl ? (size_t)(nl - blk.p) : blk.n;
		}
		if (end - b->pos > SCAN_MAX_LINE)
			push_line(s, span_make(blk.p + b->pos, SCAN_MAX_LINE), 1, 0);
		else if (!(flags & LINE_ANCHORED) || !hinted(b, s))
			push_line(s, span_make(blk.p + b->pos, end - b->pos), 0, flags);
		else {
			s->pre = &b->pre[b->next];
			push_line(s, span_make(blk.p + b->pos, end - b->pos), 0, flags);
			s->pre = NULL;
		}
		b->pos = nl ? end + 1 : blk.n;
		b->lines++;
		if (half_full(s)) {
			s->blk = span_make(NULL, 0);
			return 1;
		}
	}
	s->blk = span_make(NULL, 0);
	return 0;
}
