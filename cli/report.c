/*
 * report.c - the batch report: totals by kind, a per-process table, per
 * workload (systemd unit, pod, container) table, a timeline, one block per
 * event, incomplete reports and unrecognised OOM-like lines.
 *
 * Keeps at most max_shown events and a fixed number of notes, so memory stays
 * constant; what is not shown is counted and said. Trusts events from the
 * scanners (NUL-terminated strings) for nothing else: every string from the
 * input passes tc(), which removes control characters and escape sequences
 * before it reaches a terminal. Single-threaded.
 */
#include "report.h"
#include "report_int.h"

#include "../exporter/json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "../core/text.h"

#define HIST_STEPS 10

/* Bucket widths in seconds; each divides the next. */
static const int64_t hist_ladder[HIST_STEPS] = {
	60, 300, 900, 3600, 21600, 86400, 604800, 2419200, 31449600, 3144960000LL,
};

/*
 * The report and its two histograms (about 170 KiB, most of it rarely
 * touched) are mapped, not allocated: the kernel zeroes a page when it is
 * first touched, where calloc, carving them from the heap, would clear
 * them whole, and a first touch costs about 10 us a page on a virtual
 * machine (a twentieth of a short run went to clearing them).
 */
struct report_map {
	struct report r;
	struct hist wall, up;
};

struct report *report_new(int max_shown)
{
	struct report_map *m = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct report *r;

	if (m == MAP_FAILED)
		return NULL;
	r = &m->r;
	r->max_shown = max_shown;
	r->top = 20;
	r->wall = &m->wall;
	r->up = &m->up;
	r->wl = calloc(REPORT_WORKLOADS_MAX, sizeof(*r->wl));
	r->wl_slot = calloc(REPORT_WL_SLOTS, sizeof(*r->wl_slot));
	if (!r->wl || !r->wl_slot)
		goto fail;
	if (max_shown > 0) {
		r->events = calloc((size_t)max_shown, sizeof(*r->events));
		if (!r->events)
			goto fail;
	}
	return r;
fail:
	report_free(r);
	return NULL;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->events);
	free(r->wl);
	free(r->wl_slot);
	/* r is the mapping's first member */
	munmap(r, sizeof(struct report_map));
}

void report_set_top(struct report *r, int top)
{
	r->top = top > 0 ? top : 1;
}

/* ---- histograms ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Widens h until [lo, hi] fits, merging buckets exactly. */
static void hist_fit(struct hist *h, int64_t lo, int64_t hi)
{
	static uint32_t kind[HIST_BUCKETS][EV_KIND_COUNT];
	static uint32_t lane[HIST_BUCKETS][HIST_LANES];
	int step = h->step;
	int64_t w = h->width, t0;
	int i, k;

	while (step < HIST_STEPS - 1 && (floor_div(hi, w) - floor_div(lo, w)) >= HIST_BUCKETS)
		w = hist_ladder[++step];
	t0 = floor_div(lo, w) * w;
	if (w == h->width && t0 == h->t0)
		return;
	memset(kind, 0, sizeof(kind));
	memset(lane, 0, sizeof(lane));
	for (i = 0; i < HIST_BUCKETS; i++) {
		int64_t at = floor_div(h->t0 + (int64_t)i * h->width - t0, w);

		if (at < 0)
			at = 0;
		if (at >= HIST_BUCKETS)
			at = HIST_BUCKETS - 1;
		for (k = 0; k < EV_KIND_COUNT; k++)
			kind[at][k] += h->kind[i][k];
		for (k = 0; k < HIST_LANES; k++)
			lane[at][k] += h->lane[i][k];
	}
	memcpy(h->kind, kind, sizeof(kind));
	memcpy(h->lane, lane, sizeof(lane));
	h->width = w;
	h->step = step;
	h->t0 = t0;
}

static void hist_add(struct hist *h, int64_t t, enum ev_kind kind, int lane)
{
	int64_t at;

	if (h->n == 0) {
		h->step = 0;
		h->width = hist_ladder[0];
		h->t0 = floor_div(t, h->width) * h->width;
		h->min = h->max = t;
	}
	if (t < h->min)
		h->min = t;
	if (t > h->max)
		h->max = t;
	if (t < h->t0 || t >= h->t0 + (int64_t)HIST_BUCKETS * h->width)
		hist_fit(h, h->min, h->max);
	at = floor_div(t - h->t0, h->width);
	/* Past the widest step (a hundred thousand years): the edge buckets. */
	if (at < 0)
		at = 0;
	if (at >= HIST_BUCKETS)
		at = HIST_BUCKETS - 1;
	h->kind[at][kind]++;
	h->lane[at][lane]++;
	h->n++;
}

int report_host_lane(const struct report *r, const char *host)
{
	int i;

	for (i = 0; i < r->n_hosts && i < HIST_LANES - 1; i++)
		if (strcmp(r->hosts[i].name, host) == 0)
			return i;
	return HIST_LANES - 1;
}

/* The hash of a NUL-terminated string, continued from h (the tables'
 * slots only: the rows keep their order of arrival). */
static uint32_t hash_more(uint32_t h, const char *s)
{
	return text_hash(h, s, strlen(s));
}

static uint32_t hash_one(const char *s)
{
	return hash_more(2166136261u, s);
}

/* Counts an event of host; returns its row, or -1 once the rows are full
 * and host has none. The rows are found by their hash in host_slot. */
static int count_host(struct report *r, const char *host)
{
	uint32_t h = hash_one(host), at;
	struct host_row *row;
	int i;

	for (at = h % REPORT_HOST_SLOTS; r->host_slot[at]; at = (at + 1) % REPORT_HOST_SLOTS) {
		i = r->host_slot[at] - 1;
		if (r->hosts[i].hash == h && strcmp(r->hosts[i].name, host) == 0) {
			r->hosts[i].count++;
			return i;
		}
	}
	if (r->n_hosts == REPORT_HOSTS_MAX) {
		r->hosts_other++;
		return -1;
	}
	row = &r->hosts[r->n_hosts];
	text_copy_cstr(row->name, sizeof(row->name), host);
	row->hash = hash_one(row->name);
	row->count = 1;
	/* A name cut to fit has another hash: it is found under it. */
	for (at = row->hash % REPORT_HOST_SLOTS; r->host_slot[at]; at = (at + 1) % REPORT_HOST_SLOTS)
		;
	r->host_slot[at] = (uint8_t)(r->n_hosts + 1);
	return r->n_hosts++;
}

/* ---- workloads: one row per pod, container or unit ---- */

static uint32_t hash_str(const char *a, const char *b)
{
	return hash_more(hash_one(a), b);
}

static void count_workload(struct report *r, const struct oom_event *ev)
{
	const char *type, *name;
	char shortid[16], key[128];
	struct wl_row *w = NULL;
	size_t kn;
	uint32_t h, at;
	int64_t rss;

	if (ev->pod_uid[0]) {
		type = "pod";
		name = ev->pod_uid;
	} else if (ev->container_id[0]) {
		type = "container";
		memcpy(shortid, ev->container_id, 12); /* the field holds 72 bytes */
		shortid[12] = '\0';
		name = shortid;
	} else if (ev->systemd_unit[0]) {
		type = "systemd_unit";
		name = ev->systemd_unit;
	} else {
		return;
	}
	kn = strnlen(name, sizeof(key) - 1);
	memcpy(key, name, kn);
	key[kn] = '\0';
	h = hash_str(type, key);
	/* The index stays at most 3/4 full, so a probe always ends. */
	for (at = h % REPORT_WL_SLOTS; r->wl_slot[at]; at = (at + 1) % REPORT_WL_SLOTS) {
		w = &r->wl[r->wl_slot[at] - 1];
		if (w->hash == h && strcmp(w->type, type) == 0 && strcmp(w->name, key) == 0)
			break;
		w = NULL;
	}
	if (!w) {
		if (r->n_wl == REPORT_WORKLOADS_MAX) {
			r->wl_overflow++;
			return;
		}
		/* Rows in order of arrival: a dense log's thousand workloads
		 * fault in the pages they fill, not one page each. */
		w = &r->wl[r->n_wl++];
		text_copy_cstr(w->type, sizeof(w->type), type);
		text_copy_cstr(w->name, sizeof(w->name), key);
		w->hash = h;
		w->max_rss_kb = -1;
		r->wl_slot[at] = (uint16_t)r->n_wl;
	}
	if (!w->extra[0] && ev->pod_uid[0] && ev->container_id[0]) {
		/* "container %.12s" */
		memcpy(w->extra, "container ", 10);
		kn = strnlen(ev->container_id, 12);
		memcpy(w->extra + 10, ev->container_id, kn);
		w->extra[10 + kn] = '\0';
	}
	w->events++;
	w->kinds[ev->kind]++;
	if (event_is_kill(ev->kind))
		w->kills++;
	rss = event_rss_kb(ev);
	if (rss != EV_NONE && rss > w->max_rss_kb)
		w->max_rss_kb = rss;
}

/* ---- diagnosis rows and patterns ---- */

static int diag_group(enum ev_kind k)
{
	if (event_is_kill(k))
		return 0;
	return k == EV_MEMORY_WARNING ? 2 : 1;
}

/* The slot of a diagnosis row's key in diag_slot (small values: no wrap). */
static uint32_t diag_slot_of(uint32_t h, int cause, int group)
{
	return (h ^ (uint32_t)(cause * 37 + group * 11)) % REPORT_DIAG_SLOTS;
}

static void count_diagnosis(struct report *r, const struct oom_event *ev, const struct diagnosis *d)
{
	int g = diag_group(ev->kind), i;
	uint32_t h = hash_one(d->subject), at;
	struct diag_row *row;

	r->by_cause[g][d->cause]++;
	for (at = diag_slot_of(h, d->cause, g); r->diag_slot[at]; at = (at + 1) % REPORT_DIAG_SLOTS) {
		row = &r->diag[r->diag_slot[at] - 1];
		if (row->hash == h && row->cause == d->cause && row->group == g &&
		    strcmp(row->subject, d->subject) == 0) {
			row->count++;
			return;
		}
	}
	if (r->n_diag == REPORT_DIAG_ROWS) {
		r->diag_other[g][d->cause]++;
		return;
	}
	i = r->n_diag++;
	row = &r->diag[i];
	row->cause = (uint8_t)d->cause;
	row->group = (uint8_t)g;
	text_copy_cstr(row->subject, sizeof(row->subject), d->subject);
	row->hash = hash_one(row->subject);
	row->count = 1;
	/* A subject cut to fit has another hash: it is found under it. */
	for (at = diag_slot_of(row->hash, d->cause, g); r->diag_slot[at]; at = (at + 1) % REPORT_DIAG_SLOTS)
		;
	r->diag_slot[at] = (uint8_t)(i + 1);
}

static void count_patterns(struct report *r, const struct oom_event *ev, const struct diagnosis *d)
{
	struct trigger_row *t = NULL;
	int i;

	/* A fork failure after an overcommit warning. */
	if (d->cause == DIAG_FORK_OVERCOMMIT && ev->kind == EV_MEMORY_WARNING && !r->warn_comm[0]) {
		text_copy_cstr(r->warn_comm, sizeof(r->warn_comm), ev->comm[0] ? ev->comm : "a server");
		r->warn_source = ev->source;
		r->warn_line = ev->line;
	} else if (d->cause == DIAG_FORK_OVERCOMMIT && ev->kind == EV_ALLOC_FAILURE && r->warn_comm[0]) {
		if (!r->forks_after_warning)
			r->first_fork_line = ev->line;
		r->forks_after_warning++;
	}
	/* A task that invoked the killer while others died. */
	if (!event_is_kill(ev->kind) || !ev->trigger_comm[0] || ev->trigger_pid == EV_NONE ||
	    ev->pid == EV_NONE || ev->trigger_pid == ev->pid || strcmp(ev->trigger_comm, ev->comm) == 0)
		return;
	for (i = 0; i < r->n_triggers && !t; i++)
		if (r->triggers[i].comm[0] == ev->trigger_comm[0] &&
		    strcmp(r->triggers[i].comm, ev->trigger_comm) == 0)
			t = &r->triggers[i];
	if (!t) {
		if (r->n_triggers == REPORT_TRIGGERS_MAX)
			return;
		t = &r->triggers[r->n_triggers++];
		text_copy_cstr(t->comm, sizeof(t->comm), ev->trigger_comm);
		t->oom_score_adj_min = EV_NONE;
	}
	t->kills_of_others++;
	if (ev->oom_score_adj != EV_NONE &&
	    (t->oom_score_adj_min == EV_NONE || ev->oom_score_adj < t->oom_score_adj_min))
		t->oom_score_adj_min = ev->oom_score_adj;
	for (i = 0; i < t->n_victims; i++)
		if (strcmp(t->victims[i], ev->comm) == 0)
			break;
	if (i == t->n_victims && t->n_victims < 3)
		text_copy_cstr(t->victims[t->n_victims++], sizeof(t->victims[0]), ev->comm[0] ? ev->comm : "?");
}

void report_add_diagnosis(struct report *r, const struct oom_event *ev, const struct diagnosis *d)
{
	count_diagnosis(r, ev, d);
	count_patterns(r, ev, d);
}

void report_add_event(struct report *r, const struct oom_event *ev, const struct diagnosis *given)
{
	const char *host = ev->host[0] ? ev->host : "-";
	struct diagnosis own;
	const struct diagnosis *d = given;
	int row, lane;

	r->total_events++;
	if (r->n_events < r->max_shown)
		r->events[r->n_events++] = *ev;
	if (!d) {
		/* The counts read the cause and subject only. */
		diagnose_subject(ev, &own);
		d = &own;
	}
	report_add_diagnosis(r, ev, d);
	count_workload(r, ev);
	/* The host's lane as report_host_lane gives it, from its row. */
	row = count_host(r, host);
	lane = row >= 0 && row < HIST_LANES - 1 ? row : HIST_LANES - 1;
	if (ev->time_sec != EV_NONE)
		hist_add(r->wall, ev->time_sec, ev->kind, lane);
	else if (ev->uptime_usec != EV_NONE)
		hist_add(r->up, ev->uptime_usec / 1000000, ev->kind, lane);
	else
		r->untimed_events++;
}

/* ---- summaries shared by the text and HTML reports ---- */

void report_diag_phrase(const struct diag_row *row, char *buf, size_t n)
{
	if (row->cause == DIAG_MEMCG_LIMIT && row->subject[0])
		snprintf(buf, n, "memory cgroup limit of %s reached", row->subject);
	else if (row->cause == DIAG_RUNTIME_LIMIT && row->subject[0])
		snprintf(buf, n, "runtime limit %s reached", row->subject);
	else if (row->cause == DIAG_FORK_OVERCOMMIT && row->subject[0] && row->group == 2)
		snprintf(buf, n, "%s warns that a fork may be refused (overcommit off)", row->subject);
	else if (row->cause == DIAG_FORK_OVERCOMMIT && row->subject[0])
		snprintf(buf, n, "fork of %s refused by overcommit", row->subject);
	else
		snprintf(buf, n, "%s", diag_cause_label((enum diag_cause)row->cause));
}

/* What qsort_r hands the comparators below: the rows or events ordered. */
struct sort_ctx {
	const struct report *r;
	const struct oom_event *events;
};

/* qsort_r comparator of diagnosis row indexes. */
static int cmp_diag(const void *a, const void *b, void *ctx)
{
	const struct report *r = ((const struct sort_ctx *)ctx)->r;
	const struct diag_row *x = &r->diag[*(const int *)a];
	const struct diag_row *y = &r->diag[*(const int *)b];

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return *(const int *)a - *(const int *)b;
}

int report_diag_rows(const struct report *r, int group, int *idx, int max)
{
	int all[REPORT_DIAG_ROWS], n = 0, i;

	for (i = 0; i < r->n_diag; i++)
		if (r->diag[i].group == group)
			all[n++] = i;
	qsort_r(all, (size_t)n, sizeof(all[0]), cmp_diag, &(struct sort_ctx){ r, NULL });
	for (i = 0; i < n && i < max; i++)
		idx[i] = all[i];
	return n;
}

static int cmp_cause(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b; /* {count, cause} pairs */

	if (x[0] != y[0])
		return x[0] < y[0] ? 1 : -1;
	return x[1] < y[1] ? -1 : (x[1] > y[1]);
}

int report_diag_line(const struct report *r, int group, int top, char *buf, size_t bufn)
{
	static const char *const noun[3][2] = { { "kill", "kills" }, { "failure", "failures" },
						{ "warning", "warnings" } };
	uint64_t causes[DIAG_CAUSE_COUNT][2], total = 0;
	int idx[REPORT_DIAG_ROWS], n, i, j, c, nc = 0, items = 0;
	size_t at;
	char phrase[192];

	for (c = 0; c < DIAG_CAUSE_COUNT; c++) {
		total += r->by_cause[group][c];
		if (r->by_cause[group][c]) {
			causes[nc][0] = r->by_cause[group][c];
			causes[nc++][1] = (uint64_t)c;
		}
	}
	if (!total)
		return -1;
	qsort(causes, (size_t)nc, sizeof(causes[0]), cmp_cause);
	n = report_diag_rows(r, group, idx, REPORT_DIAG_ROWS);
	snprintf(buf, bufn, "%" PRIu64 " %s:", total, noun[group][total != 1]);
	for (i = 0; i < nc && items < top; i++) {
		int rows[REPORT_DIAG_ROWS], nr = 0;

		c = (int)causes[i][1];
		for (j = 0; j < n; j++)
			if (r->diag[idx[j]].cause == c)
				rows[nr++] = idx[j];
		at = strlen(buf);
		if (nr <= 3 && !r->diag_other[group][c]) {
			/* A few subjects: each its own item. */
			for (j = 0; j < nr && items < top; j++, items++) {
				report_diag_phrase(&r->diag[rows[j]], phrase, sizeof(phrase));
				at = strlen(buf);
				snprintf(buf + at, bufn - at, "%s %s (%" PRIu64 ")", items ? "," : "", phrase,
					 r->diag[rows[j]].count);
			}
			continue;
		}
		/* Many: one item, with the busiest subject. */
		if (r->diag[rows[0]].count == 1)
			snprintf(buf + at, bufn - at, "%s %s (%" PRIu64 ", in %s%d places, none more than once)",
				 items ? "," : "", diag_cause_label((enum diag_cause)c), causes[i][0],
				 r->diag_other[group][c] ? "over " : "", nr);
		else
			snprintf(buf + at, bufn - at, "%s %s (%" PRIu64 " in %s%d places; most in %s: %" PRIu64 ")",
			 items ? "," : "", diag_cause_label((enum diag_cause)c), causes[i][0],
			 r->diag_other[group][c] ? "over " : "", nr, r->diag[rows[0]].subject, r->diag[rows[0]].count);
		items++;
	}
	if (i < nc) {
		uint64_t more = 0;

		for (j = i; j < nc; j++)
			more += causes[j][0];
		at = strlen(buf);
		snprintf(buf + at, bufn - at, ", and %d more cause%s (%" PRIu64 ")", nc - i, nc - i == 1 ? "" : "s", more);
	}
	return 0;
}

int report_patterns(const struct report *r, const struct store *st, char (*lines)[512], int max)
{
	int n = 0, i, j;

	/* The same processes killed again and again: one sentence. */
	{
		struct { const char *comm; uint64_t kills; } rep[3];
		int nrep = 0, more = 0;

		for (i = 0; i < st->n_comm; i++) {
			uint64_t kills = 0;
			int first = 1, k, least;

			if (!event_is_kill((enum ev_kind)st->comm[i].kind) || !st->comm[i].label[0] ||
			    strcmp(st->comm[i].label, STORE_OTHER_LABEL) == 0)
				continue;
			for (j = 0; j < st->n_comm; j++) {
				if (strcmp(st->comm[j].label, st->comm[i].label) != 0 ||
				    !event_is_kill((enum ev_kind)st->comm[j].kind))
					continue;
				if (j < i)
					first = 0;
				kills += st->comm[j].count;
			}
			if (!first || kills < 3)
				continue;
			/* Keep the three most killed; replace the least of them. */
			if (nrep < 3) {
				rep[nrep].comm = st->comm[i].label;
				rep[nrep++].kills = kills;
				continue;
			}
			more++;
			for (k = 1, least = 0; k < 3; k++)
				if (rep[k].kills < rep[least].kills)
					least = k;
			if (kills > rep[least].kills) {
				rep[least].comm = st->comm[i].label;
				rep[least].kills = kills;
			}
		}
		if (nrep && n < max) {
			char who[400] = "", tail[48] = "";

			/* Most killed first. */
			for (i = 1; i < nrep; i++)
				for (j = i; j > 0 && rep[j].kills > rep[j - 1].kills; j--) {
					const char *c = rep[j].comm;
					uint64_t k = rep[j].kills;

					rep[j] = rep[j - 1];
					rep[j - 1].comm = c;
					rep[j - 1].kills = k;
				}

			for (i = 0; i < nrep; i++) {
				size_t at = strlen(who);

				snprintf(who + at, sizeof(who) - at, "%s%s %" PRIu64 " times", i ? ", " : "", rep[i].comm,
					 rep[i].kills);
			}
			if (more)
				snprintf(tail, sizeof(tail), ", and %d more", more);
			snprintf(lines[n++], 512, "the same process%s killed again and again (%s%s): whatever restarts %s hits the same limit; change the limit or the memory use, not the restart policy.",
				 nrep + more == 1 ? " was" : "es were", who, tail, nrep + more == 1 ? "it" : "them");
		}
	}
	if (r->forks_after_warning && n < max)
		snprintf(lines[n++], 512, "%s warned that memory overcommit is off (%s:%" PRId64 ") and then %" PRIu64 " fork%s failed (first at line %" PRId64 "): set vm.overcommit_memory=1.",
			 r->warn_comm, r->warn_source ? r->warn_source : "-", r->warn_line, r->forks_after_warning,
			 r->forks_after_warning == 1 ? "" : "s", r->first_fork_line);
	/* The busiest task that invoked the killer, saw others die and was
	 * itself never killed in the input. */
	{
		const struct trigger_row *best = NULL;

		for (i = 0; i < r->n_triggers; i++) {
			const struct trigger_row *t = &r->triggers[i];
			int killed = 0;

			for (j = 0; j < st->n_comm && !killed; j++)
				killed = event_is_kill((enum ev_kind)st->comm[j].kind) &&
					 strcmp(st->comm[j].label, t->comm) == 0;
			if (strspn(t->comm, " \t") == strlen(t->comm))
				continue;
			if (t->kills_of_others >= 2 && !killed && (!best || t->kills_of_others > best->kills_of_others))
				best = t;
		}
		if (best && n < max) {
			char victims[220] = "";

			for (j = 0; j < best->n_victims; j++) {
				size_t at = strlen(victims);

				snprintf(victims + at, sizeof(victims) - at, "%s%s", j ? ", " : "", best->victims[j]);
			}
			snprintf(lines[n++], 512, "%s invoked the OOM killer %" PRIu64 " times and was never killed while others were (%s%s): the killer never takes a process with oom_score_adj=-1000, so check whether %s is protected and its neighbours pay for its memory.",
				 best->comm, best->kills_of_others, victims, best->n_victims == 3 ? ", ..." : "", best->comm);
		}
	}
	return n;
}

/* qsort_r comparator of workload indexes. */
static int cmp_wl(const void *a, const void *b, void *ctx)
{
	const struct report *r = ((const struct sort_ctx *)ctx)->r;
	const struct wl_row *x = &r->wl[*(const int *)a];
	const struct wl_row *y = &r->wl[*(const int *)b];
	int c;

	if (x->events != y->events)
		return x->events < y->events ? 1 : -1;
	c = strcmp(x->type, y->type);
	return c ? c : strcmp(x->name, y->name);
}

int report_workload_rows(const struct report *r, int *idx, int max, uint64_t *rest)
{
	int *all = malloc(sizeof(int) * REPORT_WORKLOADS_MAX), n = 0, i;

	*rest = 0;
	if (!all)
		return 0;
	for (n = 0; n < r->n_wl; n++)
		all[n] = n;
	qsort_r(all, (size_t)n, sizeof(int), cmp_wl, &(struct sort_ctx){ r, NULL });
	for (i = 0; i < n; i++) {
		if (i < max)
			idx[i] = all[i];
		else
			*rest += r->wl[all[i]].events;
	}
	free(all);
	return n;
}

void report_add_note(struct report *r, const struct oom_note *n)
{
	int t = n->type == NOTE_INCOMPLETE ? 0 : 1;

	r->total_notes[t]++;
	if (r->n_notes[t] < NOTES_SHOWN)
		r->notes[t][r->n_notes[t]++] = *n;
}

void report_add_source(struct report *r, const char *path, const struct scan_stats *ss, const char *decoding)
{
	struct src_line *s;

	if (r->n_sources == SOURCES_SHOWN) {
		r->rest_inputs++;
		r->rest.lines += ss->lines;
		r->rest.bytes += ss->bytes;
		r->rest.cut += ss->lines_cut;
		r->rest.joined += ss->lines_joined;
		return;
	}
	s = &r->sources[r->n_sources++];
	snprintf(s->path, sizeof(s->path), "%s", path);
	snprintf(s->decoding, sizeof(s->decoding), "%s", decoding);
	s->lines = ss->lines;
	s->bytes = ss->bytes;
	s->cut = ss->lines_cut;
	s->joined = ss->lines_joined;
	s->wrap_width = ss->unwrap_width;
	s->wrap_cut = ss->unwrap_cut;
	memcpy(s->formats, ss->formats, sizeof(s->formats));
}

void report_set_filtered(struct report *r, uint64_t filtered, uint64_t untimed)
{
	r->filtered = filtered;
	r->untimed = untimed;
}

/* ---- formatting helpers ---- */

static const char *human_kb(int64_t kb, char *buf, size_t n)
{
	if (kb == EV_NONE)
		return "-";
	return text_kb(kb, buf, n);
}

static const char *when(const struct oom_event *ev, char *buf, size_t n)
{
	if (event_format_time(ev, buf, (unsigned)n) == 0)
		return buf;
	if (ev->uptime_usec != EV_NONE) {
		snprintf(buf, n, "uptime %.6fs", (double)ev->uptime_usec / 1e6);
		return buf;
	}
	return "time unknown";
}

static const char *or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

/*
 * s made safe for a terminal (text.h), in one of a few rotating buffers:
 * valid until that many more calls, enough for one fprintf.
 */
static const char *tc(const char *s)
{
	static char ring[8][4200]; /* a cgroup path is up to 4096 bytes */
	static unsigned next;

	return text_terminal(ring[next++ % 8], sizeof(ring[0]), s);
}

static int cmp_rows(const void *a, const void *b)
{
	const struct proc_row *x = a, *y = b;
	uint64_t tx = x->kills + x->failures + x->other, ty = y->kills + y->failures + y->other;

	if (tx != ty)
		return tx < ty ? 1 : -1;
	return strcmp(x->comm, y->comm);
}

int report_process_rows(const struct store *st, struct proc_row *rows)
{
	int n = 0, i, j;

	for (i = 0; i < st->n_comm; i++) {
		const struct store_series *s = &st->comm[i];

		if (s->kind == EV_OOM_REAP)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(rows[j].comm, s->label) == 0)
				break;
		if (j == n) {
			memset(&rows[n], 0, sizeof(rows[n]));
			snprintf(rows[n].comm, sizeof(rows[n].comm), "%s", s->label);
			rows[n].max_rss_kb = -1;
			n++;
		}
		if (event_is_kill((enum ev_kind)s->kind))
			rows[j].kills += s->count;
		else if (s->kind == EV_MEMORY_WARNING)
			rows[j].other += s->count;
		else
			rows[j].failures += s->count;
		if (s->max_rss_kb > rows[j].max_rss_kb)
			rows[j].max_rss_kb = s->max_rss_kb;
	}
	qsort(rows, (size_t)n, sizeof(*rows), cmp_rows);
	return n;
}

static void write_processes(const struct store *st, int top, FILE *f)
{
	struct proc_row *rows = calloc(STORE_SERIES_MAX, sizeof(*rows));
	int n, i;
	char b1[32];

	if (!rows)
		return;
	n = report_process_rows(st, rows);
	fprintf(f, "\nBy process\n  %-24s %7s %9s %9s  %s\n", "process", "kills", "failures", "warnings",
		"largest RSS");
	for (i = 0; i < n && i < top; i++)
		fprintf(f, "  %-24s %7" PRIu64 " %9" PRIu64 " %9" PRIu64 "  %s\n", rows[i].comm[0] ? tc(rows[i].comm) : "(unknown)",
			rows[i].kills, rows[i].failures, rows[i].other,
			human_kb(rows[i].max_rss_kb < 0 ? EV_NONE : rows[i].max_rss_kb, b1, sizeof(b1)));
	if (n > top) {
		uint64_t more = 0;

		for (i = top; i < n; i++)
			more += rows[i].kills + rows[i].failures + rows[i].other;
		fprintf(f, "  and %d more (%" PRIu64 " event%s)\n", n - top, more, more == 1 ? "" : "s");
	}
	if (n == 0)
		fprintf(f, "  (none)\n");
	free(rows);
}

/* One row per workload (a pod and its container are one row), top N. */
static void write_workloads(const struct report *r, FILE *f)
{
	int *idx = malloc(sizeof(int) * (size_t)r->top), n, i, k;
	uint64_t more = 0;
	char b1[32];

	fprintf(f, "\nBy workload\n");
	if (r->n_wl == 0 || !idx) {
		fprintf(f, "  (no event named a systemd unit, pod or container)\n");
		free(idx);
		return;
	}
	n = report_workload_rows(r, idx, r->top, &more);
	fprintf(f, "  %-13s %-44s %7s %7s  %-12s %s\n", "type", "name", "events", "kills", "largest RSS", "kinds");
	for (i = 0; i < n && i < r->top; i++) {
		const struct wl_row *w = &r->wl[idx[i]];
		int first = 1;

		fprintf(f, "  %-13s %-44s %7" PRIu64 " %7" PRIu64 "  %-12s ", w->type, tc(w->name), w->events, w->kills,
			human_kb(w->max_rss_kb < 0 ? EV_NONE : w->max_rss_kb, b1, sizeof(b1)));
		for (k = 0; k < EV_KIND_COUNT; k++)
			if (w->kinds[k]) {
				fprintf(f, "%s%s %" PRIu64, first ? "" : ", ", event_kind_name((enum ev_kind)k), w->kinds[k]);
				first = 0;
			}
		if (w->extra[0])
			fprintf(f, " (%s)", w->extra);
		fputc('\n', f);
	}
	if (n > r->top)
		fprintf(f, "  and %d more (%" PRIu64 " event%s)\n", n - r->top, more, more == 1 ? "" : "s");
	if (r->wl_overflow)
		fprintf(f, "  %" PRIu64 " more events of workloads past the table's %d rows\n", r->wl_overflow,
			REPORT_WORKLOADS_MAX);
	free(idx);
}

/* The diagnosis of the whole input: one line per group, then patterns. */
static void write_diagnosis(const struct report *r, const struct store *st, FILE *f)
{
	char line[4096], safe[4096], pat[8][512];
	int g, n, i, any = 0;

	for (g = 0; g < 3; g++) {
		if (report_diag_line(r, g, r->top, line, sizeof(line)) < 0)
			continue;
		if (!any)
			fprintf(f, "\nDiagnosis\n");
		any = 1;
		fprintf(f, "  %s\n", text_terminal(safe, sizeof(safe), line));
	}
	n = report_patterns(r, st, pat, 8);
	for (i = 0; i < n; i++)
		fprintf(f, "  pattern: %s\n", tc(pat[i]));
}

static void write_block(const struct oom_event *ev, int idx, FILE *f)
{
	char t[64], b1[32], b2[32], b3[32], b4[32], b5[32];

	fprintf(f, "\n#%d %s  %s:%" PRId64 "  host %s  %s\n", idx, event_kind_name(ev->kind),
		tc(or_dash(ev->source)), ev->line, tc(or_dash(ev->host)), when(ev, t, sizeof(t)));
	if (event_is_kill(ev->kind) || ev->kind == EV_OOM_REAP)
		fprintf(f, "   victim   %s", tc(or_dash(ev->comm)));
	else
		fprintf(f, "   process  %s", tc(or_dash(ev->comm)));
	if (ev->pid != EV_NONE)
		fprintf(f, " (pid %" PRId64 ")", ev->pid);
	if (ev->uid != EV_NONE)
		fprintf(f, " uid %" PRId64, ev->uid);
	if (ev->oom_score_adj != EV_NONE)
		fprintf(f, " oom_score_adj %" PRId64, ev->oom_score_adj);
	if (ev->score != EV_NONE)
		fprintf(f, " score %" PRId64, ev->score);
	if (ev->killer[0] && event_is_kill(ev->kind))
		fprintf(f, "  killed by %s", tc(ev->killer));
	fputc('\n', f);
	if (ev->trigger_comm[0] || ev->trigger_pid != EV_NONE) {
		fprintf(f, "   trigger  %s", tc(or_dash(ev->trigger_comm)));
		if (ev->trigger_pid != EV_NONE)
			fprintf(f, " (pid %" PRId64 ")", ev->trigger_pid);
		if (event_is_kill(ev->kind) && ev->gfp_mask[0])
			fprintf(f, " gfp_mask %s", tc(ev->gfp_mask));
		if (event_is_kill(ev->kind) && ev->order != EV_NONE)
			fprintf(f, " order %" PRId64 "%s", ev->order, ev->order == -1 ? " (sysrq)" : "");
		fputc('\n', f);
	}
	if (ev->constraint[0] || ev->task_memcg[0] || ev->oom_memcg[0] || ev->systemd_unit[0] ||
	    ev->container_id[0] || ev->pod_uid[0]) {
		fprintf(f, "   where   ");
		if (ev->constraint[0])
			fprintf(f, " %s", tc(ev->constraint));
		if (ev->oom_memcg[0])
			fprintf(f, " oom_memcg %s", tc(event_oom_memcg(ev)));
		if (ev->task_memcg[0])
			fprintf(f, " task_memcg %s", tc(event_task_memcg(ev)));
		if (ev->systemd_unit[0])
			fprintf(f, " unit %s", tc(ev->systemd_unit));
		if (ev->pod_uid[0])
			fprintf(f, " pod %s%s%s", tc(ev->pod_uid), ev->pod_qos[0] ? " qos " : "", tc(ev->pod_qos));
		if (ev->container_id[0])
			fprintf(f, " container %.12s", tc(ev->container_id));
		fputc('\n', f);
	}
	if (ev->total_vm_kb != EV_NONE || ev->anon_rss_kb != EV_NONE)
		fprintf(f, "   sizes    total-vm %s, anon-rss %s, file-rss %s, shmem-rss %s, pgtables %s%s\n",
			human_kb(ev->total_vm_kb, b1, sizeof(b1)), human_kb(ev->anon_rss_kb, b2, sizeof(b2)),
			human_kb(ev->file_rss_kb, b3, sizeof(b3)), human_kb(ev->shmem_rss_kb, b4, sizeof(b4)),
			human_kb(ev->pgtables_kb, b5, sizeof(b5)), ev->kind == EV_OOM_REAP ? " (after reaping)" : "");
	if (ev->memcg_usage_kb != EV_NONE)
		fprintf(f, "   memcg    usage %s of limit %s\n", human_kb(ev->memcg_usage_kb, b1, sizeof(b1)),
			human_kb(ev->memcg_limit_kb, b2, sizeof(b2)));
	if (ev->swap_total_kb != EV_NONE || ev->swap_free_kb != EV_NONE)
		fprintf(f, "   swap     total %s, free %s%s\n", human_kb(ev->swap_total_kb, b1, sizeof(b1)),
			human_kb(ev->swap_free_kb, b2, sizeof(b2)),
			ev->swap_total_kb == 0 ? " (no swap)" :
			(ev->swap_free_kb == 0 ? " (swap exhausted)" : ""));
	if (!event_is_kill(ev->kind) && (ev->requested_bytes != EV_NONE || ev->errno_code != EV_NONE ||
					 ev->gfp_mask[0] || ev->order != EV_NONE || ev->runtime[0])) {
		fprintf(f, "   request ");
		if (ev->requested_bytes != EV_NONE)
			fprintf(f, " %" PRId64 " bytes", ev->requested_bytes);
		if (ev->order != EV_NONE)
			fprintf(f, " order %" PRId64, ev->order);
		if (ev->gfp_mask[0])
			fprintf(f, " gfp_mask %s", tc(ev->gfp_mask));
		if (ev->errno_code != EV_NONE)
			fprintf(f, " errno %" PRId64, ev->errno_code);
		if (ev->runtime[0])
			fprintf(f, " (%s)", tc(ev->runtime));
		fputc('\n', f);
	}
	if (event_is_kill(ev->kind) && strcmp(ev->killer, "kernel") == 0 && ev->pid != EV_NONE)
		fprintf(f, "   reaped   %s\n", ev->reaped ? "yes (oom_reaper freed its memory)" : "no reaper line");
	if (ev->n_consumers > 0) {
		int i;

		fprintf(f, "   top      ");
		for (i = 0; i < ev->n_consumers && i < EV_MAX_CONSUMERS; i++)
			fprintf(f, "%s%s (%" PRId64 ") %s", i ? ", " : "", tc(ev->consumers[i].name), ev->consumers[i].pid,
				human_kb(ev->consumers[i].bytes == EV_NONE ? EV_NONE : ev->consumers[i].bytes / 1024,
					 b1, sizeof(b1)));
		fputc('\n', f);
	}
	if (ev->detail[0])
		fprintf(f, "   text     %s\n", tc(ev->detail));
	{
		struct diagnosis d;

		diagnose(ev, &d);
		fprintf(f, "   cause    %s: %s\n", diag_cause_name(d.cause), tc(d.summary));
		fprintf(f, "   evidence %s\n", tc(d.evidence));
		fprintf(f, "   remedy   %s\n", tc(d.remedy));
	}
}

/* qsort_r comparator of event indexes by time. */
static int cmp_time(const void *a, const void *b, void *ctx)
{
	const struct oom_event *sort_events = ((const struct sort_ctx *)ctx)->events;
	int x = *(const int *)a, y = *(const int *)b;
	int64_t tx = sort_events[x].time_sec, ty = sort_events[y].time_sec;

	if ((tx == EV_NONE) != (ty == EV_NONE))
		return tx == EV_NONE ? 1 : -1;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	if (sort_events[x].time_nsec != sort_events[y].time_nsec)
		return sort_events[x].time_nsec < sort_events[y].time_nsec ? -1 : 1;
	return x < y ? -1 : (x > y);
}

/* Events listed one per timeline row up to this many; past it, grouped. */
static int timeline_rows(const struct report *r)
{
	return r->top > 50 ? r->top : 50;
}

struct tgroup {
	int64_t start;
	uint64_t n;
	uint64_t kind[EV_KIND_COUNT];
};

static int cmp_tgroup_n(const void *a, const void *b)
{
	const struct tgroup *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->start < y->start ? -1 : (x->start > y->start);
}

static int cmp_tgroup_t(const void *a, const void *b)
{
	const struct tgroup *x = a, *y = b;

	return x->start < y->start ? -1 : (x->start > y->start);
}

/* Groups of one histogram by hour, day or its own width; returns the count. */
static int make_groups(const struct hist *h, int rows, struct tgroup *g, int64_t *unit)
{
	int n = 0, i, k, hours = 0;
	int64_t last = INT64_MIN;

	*unit = h->width <= 3600 ? 3600 : (h->width <= 86400 ? 86400 : h->width);
	if (*unit == 3600) {
		for (i = 0; i < HIST_BUCKETS; i++) {
			int64_t t = h->t0 + (int64_t)i * h->width, key = floor_div(t, 3600);
			uint64_t c = 0;

			for (k = 0; k < EV_KIND_COUNT; k++)
				c += h->kind[i][k];
			if (c && key != last) {
				hours++;
				last = key;
			}
		}
		if (hours > rows)
			*unit = 86400;
	}
	last = INT64_MIN;
	for (i = 0; i < HIST_BUCKETS; i++) {
		int64_t t = h->t0 + (int64_t)i * h->width, key = floor_div(t, *unit) * *unit;
		uint64_t c = 0;

		for (k = 0; k < EV_KIND_COUNT; k++)
			c += h->kind[i][k];
		if (!c)
			continue;
		if (key != last) {
			memset(&g[n], 0, sizeof(g[n]));
			g[n++].start = key;
			last = key;
		}
		g[n - 1].n += c;
		for (k = 0; k < EV_KIND_COUNT; k++)
			g[n - 1].kind[k] += h->kind[i][k];
	}
	return n;
}

static void write_groups(const struct hist *h, int rows, int wall, FILE *f)
{
	struct tgroup *g = calloc(HIST_BUCKETS, sizeof(*g));
	int64_t unit;
	int n, i, k;
	uint64_t more = 0;

	if (!g)
		return;
	n = make_groups(h, rows, g, &unit);
	fprintf(f, "\nTimeline (%" PRIu64 " events %s by %s%s)\n", h->n, wall ? "with a time," : "with only an uptime,",
		unit == 3600 ? "hour" : unit == 86400 ? "day" : "period",
		n > rows ? "; the busiest periods" : "");
	if (n > rows) {
		qsort(g, (size_t)n, sizeof(*g), cmp_tgroup_n);
		for (i = rows; i < n; i++)
			more += g[i].n;
		qsort(g, (size_t)rows, sizeof(*g), cmp_tgroup_t);
	}
	for (i = 0; i < n && i < rows; i++) {
		char t[48];
		time_t tt = (time_t)g[i].start;
		struct tm tm;
		int first = 1;

		if (!wall)
			snprintf(t, sizeof(t), "uptime %" PRId64 "s", g[i].start);
		else if (gmtime_r(&tt, &tm))
			strftime(t, sizeof(t), unit == 3600 ? "%Y-%m-%d %H:00Z" : "%Y-%m-%d", &tm);
		else
			snprintf(t, sizeof(t), "%" PRId64, g[i].start);
		fprintf(f, "  %-22s %8" PRIu64 "  ", t, g[i].n);
		for (k = 0; k < EV_KIND_COUNT; k++)
			if (g[i].kind[k]) {
				fprintf(f, "%s%s %" PRIu64, first ? "" : ", ", event_kind_name((enum ev_kind)k), g[i].kind[k]);
				first = 0;
			}
		fputc('\n', f);
	}
	if (n > rows)
		fprintf(f, "  and %d more (%" PRIu64 " event%s)\n", n - rows, more, more == 1 ? "" : "s");
	free(g);
}

static void write_grouped_timeline(const struct report *r, FILE *f)
{
	if (r->wall->n)
		write_groups(r->wall, timeline_rows(r), 1, f);
	if (r->up->n)
		write_groups(r->up, timeline_rows(r), 0, f);
	if (r->untimed_events)
		fprintf(f, "  %" PRIu64 " events without a time or uptime\n", r->untimed_events);
}

uint64_t report_lines(const struct report *r)
{
	uint64_t lines = r->rest.lines;
	int i;

	for (i = 0; i < r->n_sources; i++)
		lines += r->sources[i].lines;
	return lines;
}

int report_write_text(const struct report *r, const struct store *st, FILE *f)
{
	uint64_t total = 0, inputs = (uint64_t)r->n_sources + r->rest_inputs;
	int i, k;
	char t[64];

	for (k = 0; k < EV_KIND_COUNT; k++)
		total += st->events[k];
	fprintf(f, "oomscan %s: %" PRIu64 " input%s, %" PRIu64 " lines, %" PRIu64 " event%s\n", OOMSCAN_VERSION,
		inputs, inputs == 1 ? "" : "s", report_lines(r), total, total == 1 ? "" : "s");
	for (i = 0; i < r->n_sources; i++) {
		const struct src_line *s = &r->sources[i];
		int best = 0, fmt;

		for (fmt = 1; fmt < PREFIX_FMT_COUNT; fmt++)
			if (s->formats[fmt] > s->formats[best])
				best = fmt;
		fprintf(f, "  %s%s%s%s: %" PRIu64 " lines, mostly %s", tc(s->path), *s->decoding ? " (" : "",
			s->decoding, *s->decoding ? ")" : "", s->lines, prefix_fmt_name((enum prefix_fmt)best));
		if (s->cut)
			fprintf(f, ", %" PRIu64 " over-long lines cut", s->cut);
		if (s->wrap_width)
			fprintf(f, ", hard-wrapped at column %d (%s): %" PRIu64 " line%s joined to the line before",
				s->wrap_width, s->wrap_cut ? "a terminal's cut" : "a mail client's break", s->joined,
				s->joined == 1 ? "" : "s");
		fputc('\n', f);
	}
	if (r->rest_inputs) {
		fprintf(f, "  and %" PRIu64 " more input%s, not listed: %" PRIu64 " lines", r->rest_inputs,
			r->rest_inputs == 1 ? "" : "s", r->rest.lines);
		if (r->rest.cut)
			fprintf(f, ", %" PRIu64 " over-long lines cut", r->rest.cut);
		if (r->rest.joined)
			fprintf(f, ", %" PRIu64 " lines joined to a hard-wrapped line before", r->rest.joined);
		fputc('\n', f);
	}
	if (r->filtered)
		fprintf(f, "  %" PRIu64 " events left out by the filters%s\n", r->filtered,
			r->untimed ? " (some had no wall-clock time to compare)" : "");

	fprintf(f, "\nEvents by kind\n");
	for (k = 0; k < EV_KIND_COUNT; k++)
		if (st->events[k])
			fprintf(f, "  %-20s %8" PRIu64 "\n", event_kind_name((enum ev_kind)k), st->events[k]);
	if (total == 0)
		fprintf(f, "  (no out-of-memory events found)\n");
	fprintf(f, "  %-20s %8" PRIu64 "\n", "incomplete reports", st->incomplete);
	fprintf(f, "  %-20s %8" PRIu64 "\n", "unrecognised lines", st->unrecognised);
	if (st->events_dropped || st->notes_dropped)
		fprintf(f, "  %-20s %8" PRIu64 "\n  %-20s %8" PRIu64 "\n", "events dropped",
			st->events_dropped, "notes dropped", st->notes_dropped);
	if (st->hosts_evicted)
		fprintf(f, "  %-20s %8" PRIu64 "  (their open reports count as incomplete)\n",
			"hosts evicted", st->hosts_evicted);
	fprintf(f, "  ledger: %" PRIu64 " anchor lines = %" PRIu64 " events + %" PRIu64
		" folded + %" PRIu64 " incomplete + %" PRIu64 " unrecognised%s\n",
		st->ledger.anchors, st->ledger.events, st->ledger.folded, st->ledger.incomplete,
		st->ledger.unrecognised, store_ledger_open(&st->ledger) ? " (does not balance)" : "");

	write_diagnosis(r, st, f);
	write_processes(st, r->top, f);
	write_workloads(r, f);

	if (r->total_events > (uint64_t)timeline_rows(r))
		write_grouped_timeline(r, f);
	if (r->n_events) {
		int *order = malloc(sizeof(*order) * (size_t)r->n_events);

		/* By wall-clock time; events without one keep their input
		 * order after the others, since they cannot be placed. */
		for (i = 0; i < r->n_events; i++)
			if (order)
				order[i] = i;
		if (order)
			qsort_r(order, (size_t)r->n_events, sizeof(*order), cmp_time,
				&(struct sort_ctx){ r, r->events });
		if (r->total_events > (uint64_t)timeline_rows(r)) {
			i = r->n_events; /* grouped above instead */
		} else {
			fprintf(f, "\nTimeline (#: the event block below)\n");
			i = 0;
		}
		for (; i < r->n_events; i++) {
			int at = order ? order[i] : i;
			const struct oom_event *ev = &r->events[at];

			fprintf(f, "  #%-4d %-28s %-16.16s %-19s %s", at + 1, when(ev, t, sizeof(t)), tc(or_dash(ev->host)),
				event_kind_name(ev->kind), tc(ev->comm[0] ? ev->comm : or_dash(ev->systemd_unit)));
			if (ev->pid != EV_NONE)
				fprintf(f, " (%" PRId64 ")", ev->pid);
			fputc('\n', f);
		}
		free(order);
		fprintf(f, "\nEvents\n");
		for (i = 0; i < r->n_events; i++)
			write_block(&r->events[i], i + 1, f);
		if (r->total_events > (uint64_t)r->n_events)
			fprintf(f, "\n... %" PRIu64 " more events not shown (--max-events, or --format jsonl for all)\n",
				r->total_events - (uint64_t)r->n_events);
	}
	for (k = 0; k < 2; k++) {
		if (!r->total_notes[k])
			continue;
		fprintf(f, "\n%s (%" PRIu64 ")\n", k == 0 ? "Incomplete reports" : "Unrecognised OOM-like lines",
			r->total_notes[k]);
		for (i = 0; i < r->n_notes[k]; i++) {
			const struct oom_note *n = &r->notes[k][i];

			fprintf(f, "  %s:%" PRId64 " host %s: %s\n      %s\n", tc(or_dash(n->source)), n->line, tc(or_dash(n->host)),
				tc(n->reason), tc(n->text));
		}
		if (r->total_notes[k] > (uint64_t)r->n_notes[k])
			fprintf(f, "  ... %" PRIu64 " more\n", r->total_notes[k] - (uint64_t)r->n_notes[k]);
	}
	return ferror(f) ? -1 : 0;
}

/* The summary's "diagnosis": events by cause, the group lines, patterns. */
static int add_diagnosis_summary(cJSON *o, const struct report *r, const struct store *st)
{
	cJSON *d = cJSON_AddObjectToObject(o, "diagnosis"), *by, *lines, *pats;
	char line[4096], pat[8][512];
	int g, c, n, i;

	if (!d || !(by = cJSON_AddObjectToObject(d, "by_cause")) ||
	    !(lines = cJSON_AddArrayToObject(d, "lines")) || !(pats = cJSON_AddArrayToObject(d, "patterns")))
		return -1;
	for (c = 0; c < DIAG_CAUSE_COUNT; c++) {
		uint64_t sum = r->by_cause[0][c] + r->by_cause[1][c] + r->by_cause[2][c];

		if (sum && !cJSON_AddNumberToObject(by, diag_cause_name((enum diag_cause)c), (double)sum))
			return -1;
	}
	for (g = 0; g < 3; g++)
		if (report_diag_line(r, g, r->top, line, sizeof(line)) == 0 &&
		    !cJSON_AddItemToArray(lines, cJSON_CreateString(line)))
			return -1;
	n = report_patterns(r, st, pat, 8);
	for (i = 0; i < n; i++)
		if (!cJSON_AddItemToArray(pats, cJSON_CreateString(pat[i])))
			return -1;
	return 0;
}

cJSON *report_summary_json(const struct report *r, const struct store *st)
{
	cJSON *o = cJSON_CreateObject(), *procs, *work, *notes, *srcs, *rest;
	int i, k;

	if (!o)
		return NULL;
	/* The counters and tables under the names of /api/v1/summary. */
	if (json_summary_counters(o, st) ||
	    !cJSON_AddNumberToObject(o, "filtered_out", (double)r->filtered) ||
	    !cJSON_AddItemToObject(o, "ledger", json_ledger(st)) ||
	    add_diagnosis_summary(o, r, st) < 0)
		goto fail;
	/* The tables as their printed text (the summary is printed formatted,
	 * at depth 0): no node per row and value. */
	if (!(procs = json_series_raw(st->comm, st->n_comm, 0, 1)))
		goto fail;
	cJSON_AddItemToObject(o, "by_process", procs);
	if (!(work = json_series_raw(st->work, st->n_work, 1, 1)))
		goto fail;
	cJSON_AddItemToObject(o, "by_workload", work);
	notes = cJSON_AddArrayToObject(o, "notes");
	srcs = cJSON_AddArrayToObject(o, "sources");
	if (!notes || !srcs)
		goto fail;
	for (k = 0; k < 2; k++)
		for (i = 0; i < r->n_notes[k]; i++) {
			cJSON *n = json_note(&r->notes[k][i]);

			if (!n)
				goto fail;
			cJSON_AddItemToArray(notes, n);
		}
	for (i = 0; i < r->n_sources; i++) {
		cJSON *s = cJSON_CreateObject();

		if (!s)
			goto fail;
		cJSON_AddItemToArray(srcs, s);
		if (!cJSON_AddStringToObject(s, "name", r->sources[i].path) ||
		    !cJSON_AddStringToObject(s, "decoding", r->sources[i].decoding) ||
		    !cJSON_AddNumberToObject(s, "lines", (double)r->sources[i].lines) ||
		    !cJSON_AddNumberToObject(s, "bytes", (double)r->sources[i].bytes) ||
		    !cJSON_AddNumberToObject(s, "lines_cut", (double)r->sources[i].cut) ||
		    !cJSON_AddNumberToObject(s, "lines_joined", (double)r->sources[i].joined) ||
		    !cJSON_AddNumberToObject(s, "wrap_width", (double)r->sources[i].wrap_width))
			goto fail;
	}
	/* The inputs past the listed ones, summed: every line is in one or
	 * the other. */
	if (!(rest = cJSON_AddObjectToObject(o, "sources_not_listed")) ||
	    !cJSON_AddNumberToObject(rest, "inputs", (double)r->rest_inputs) ||
	    !cJSON_AddNumberToObject(rest, "lines", (double)r->rest.lines) ||
	    !cJSON_AddNumberToObject(rest, "bytes", (double)r->rest.bytes) ||
	    !cJSON_AddNumberToObject(rest, "lines_cut", (double)r->rest.cut) ||
	    !cJSON_AddNumberToObject(rest, "lines_joined", (double)r->rest.joined))
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}
