/*
 * report.c - the batch report: totals by kind, a per-process table, per
 * workload (systemd unit, pod, container) table, a timeline, one block per
 * event, incomplete reports and unrecognised OOM-like lines.
 *
 * Keeps at most max_shown events and a fixed number of notes, so memory stays
 * constant; what is not shown is counted and said. Trusts events from the
 * scanners (NUL-terminated strings). Single-threaded.
 */
#include "report.h"

#include "../exporter/json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define NOTES_SHOWN 50
#define SOURCES_SHOWN 64

struct src_line {
	char path[256];
	uint64_t lines, bytes, cut;
	uint64_t formats[PREFIX_FMT_COUNT];
};

struct report {
	int max_shown;
	int n_events;
	uint64_t total_events;
	struct oom_event *events;
	struct oom_note notes[2][NOTES_SHOWN];
	int n_notes[2];
	uint64_t total_notes[2];
	struct src_line sources[SOURCES_SHOWN];
	int n_sources;
	uint64_t more_sources;
	uint64_t filtered, untimed;
};

struct report *report_new(int max_shown)
{
	struct report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->max_shown = max_shown;
	if (max_shown > 0) {
		r->events = calloc((size_t)max_shown, sizeof(*r->events));
		if (!r->events) {
			free(r);
			return NULL;
		}
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->events);
	free(r);
}

void report_add_event(struct report *r, const struct oom_event *ev)
{
	r->total_events++;
	if (r->n_events < r->max_shown)
		r->events[r->n_events++] = *ev;
}

void report_add_note(struct report *r, const struct oom_note *n)
{
	int t = n->type == NOTE_INCOMPLETE ? 0 : 1;

	r->total_notes[t]++;
	if (r->n_notes[t] < NOTES_SHOWN)
		r->notes[t][r->n_notes[t]++] = *n;
}

void report_add_source(struct report *r, const char *path, const struct scan_stats *ss)
{
	struct src_line *s;

	if (r->n_sources == SOURCES_SHOWN) {
		r->more_sources++;
		return;
	}
	s = &r->sources[r->n_sources++];
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->lines = ss->lines;
	s->bytes = ss->bytes;
	s->cut = ss->lines_cut;
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
	static const char *const unit[] = { "kB", "MiB", "GiB", "TiB" };
	double v = (double)kb;
	int u = 0;

	if (kb == EV_NONE)
		return "-";
	while (v >= 1024.0 && u < 3) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%" PRId64 " kB", kb);
	else
		snprintf(buf, n, "%.1f %s", v, unit[u]);
	return buf;
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

struct proc_row {
	char comm[STORE_LABEL_MAX];
	uint64_t kills, failures, other;
	int64_t max_rss_kb;
};

static int cmp_rows(const void *a, const void *b)
{
	const struct proc_row *x = a, *y = b;
	uint64_t tx = x->kills + x->failures + x->other, ty = y->kills + y->failures + y->other;

	if (tx != ty)
		return tx < ty ? 1 : -1;
	return strcmp(x->comm, y->comm);
}

static void write_processes(const struct store *st, FILE *f)
{
	struct proc_row *rows = calloc(STORE_SERIES_MAX, sizeof(*rows));
	int n = 0, i, j;
	char b1[32];

	if (!rows)
		return;
	for (i = 0; i < st->n_comm; i++) {
		const struct store_series *s = &st->comm[i];

		if (s->kind == EV_OOM_REAP)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(rows[j].comm, s->label) == 0)
				break;
		if (j == n) {
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
	fprintf(f, "\nBy process\n  %-24s %7s %9s %9s  %s\n", "process", "kills", "failures", "warnings",
		"largest RSS");
	for (i = 0; i < n; i++)
		fprintf(f, "  %-24s %7" PRIu64 " %9" PRIu64 " %9" PRIu64 "  %s\n", rows[i].comm[0] ? rows[i].comm : "(unknown)",
			rows[i].kills, rows[i].failures, rows[i].other,
			human_kb(rows[i].max_rss_kb < 0 ? EV_NONE : rows[i].max_rss_kb, b1, sizeof(b1)));
	if (n == 0)
		fprintf(f, "  (none)\n");
	free(rows);
}

static void write_workloads(const struct store *st, FILE *f)
{
	int i;

	fprintf(f, "\nBy workload\n");
	if (st->n_work == 0) {
		fprintf(f, "  (no event named a systemd unit, pod or container)\n");
		return;
	}
	fprintf(f, "  %-13s %-44s %-19s %s\n", "type", "name", "kind", "events");
	for (i = 0; i < st->n_work; i++) {
		const struct store_series *s = &st->work[i];

		if (s->count == 0)
			continue;
		fprintf(f, "  %-13s %-44s %-19s %" PRIu64 "\n", store_workload_name((enum store_workload)s->wl_type),
			s->label, event_kind_name((enum ev_kind)s->kind), s->count);
	}
}

static void write_block(const struct oom_event *ev, int idx, FILE *f)
{
	char t[64], b1[32], b2[32], b3[32], b4[32], b5[32];

	fprintf(f, "\n#%d %s  %s:%" PRId64 "  host %s  %s\n", idx, event_kind_name(ev->kind),
		or_dash(ev->source), ev->line, or_dash(ev->host), when(ev, t, sizeof(t)));
	if (event_is_kill(ev->kind) || ev->kind == EV_OOM_REAP)
		fprintf(f, "   victim   %s", or_dash(ev->comm));
	else
		fprintf(f, "   process  %s", or_dash(ev->comm));
	if (ev->pid != EV_NONE)
		fprintf(f, " (pid %" PRId64 ")", ev->pid);
	if (ev->uid != EV_NONE)
		fprintf(f, " uid %" PRId64, ev->uid);
	if (ev->oom_score_adj != EV_NONE)
		fprintf(f, " oom_score_adj %" PRId64, ev->oom_score_adj);
	if (ev->score != EV_NONE)
		fprintf(f, " score %" PRId64, ev->score);
	if (ev->killer[0] && event_is_kill(ev->kind))
		fprintf(f, "  killed by %s", ev->killer);
	fputc('\n', f);
	if (ev->trigger_comm[0] || ev->trigger_pid != EV_NONE) {
		fprintf(f, "   trigger  %s", or_dash(ev->trigger_comm));
		if (ev->trigger_pid != EV_NONE)
			fprintf(f, " (pid %" PRId64 ")", ev->trigger_pid);
		if (event_is_kill(ev->kind) && ev->gfp_mask[0])
			fprintf(f, " gfp_mask %s", ev->gfp_mask);
		if (event_is_kill(ev->kind) && ev->order != EV_NONE)
			fprintf(f, " order %" PRId64 "%s", ev->order, ev->order == -1 ? " (sysrq)" : "");
		fputc('\n', f);
	}
	if (ev->constraint[0] || ev->task_memcg[0] || ev->oom_memcg[0] || ev->systemd_unit[0] ||
	    ev->container_id[0] || ev->pod_uid[0]) {
		fprintf(f, "   where   ");
		if (ev->constraint[0])
			fprintf(f, " %s", ev->constraint);
		if (ev->oom_memcg[0])
			fprintf(f, " oom_memcg %s", ev->oom_memcg);
		if (ev->task_memcg[0])
			fprintf(f, " task_memcg %s", ev->task_memcg);
		if (ev->systemd_unit[0])
			fprintf(f, " unit %s", ev->systemd_unit);
		if (ev->pod_uid[0])
			fprintf(f, " pod %s%s%s", ev->pod_uid, ev->pod_qos[0] ? " qos " : "", ev->pod_qos);
		if (ev->container_id[0])
			fprintf(f, " container %.12s", ev->container_id);
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
			fprintf(f, " gfp_mask %s", ev->gfp_mask);
		if (ev->errno_code != EV_NONE)
			fprintf(f, " errno %" PRId64, ev->errno_code);
		if (ev->runtime[0])
			fprintf(f, " (%s)", ev->runtime);
		fputc('\n', f);
	}
	if (event_is_kill(ev->kind) && strcmp(ev->killer, "kernel") == 0 && ev->pid != EV_NONE)
		fprintf(f, "   reaped   %s\n", ev->reaped ? "yes (oom_reaper freed its memory)" : "no reaper line");
	if (ev->n_consumers > 0) {
		int i;

		fprintf(f, "   top      ");
		for (i = 0; i < ev->n_consumers && i < EV_MAX_CONSUMERS; i++)
			fprintf(f, "%s%s (%" PRId64 ") %s", i ? ", " : "", ev->consumers[i].name, ev->consumers[i].pid,
				human_kb(ev->consumers[i].bytes == EV_NONE ? EV_NONE : ev->consumers[i].bytes / 1024,
					 b1, sizeof(b1)));
		fputc('\n', f);
	}
	if (ev->detail[0])
		fprintf(f, "   text     %s\n", ev->detail);
}

/* qsort has no context argument: the events being ordered. */
static const struct oom_event *sort_events;

static int cmp_time(const void *a, const void *b)
{
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

int report_write_text(const struct report *r, const struct store *st, FILE *f)
{
	uint64_t lines = 0, total = 0;
	int i, k;
	char t[64];

	for (i = 0; i < r->n_sources; i++)
		lines += r->sources[i].lines;
	for (k = 0; k < EV_KIND_COUNT; k++)
		total += st->events[k];
	fprintf(f, "oomscan %s: %d input%s, %" PRIu64 " lines, %" PRIu64 " event%s\n", OOMSCAN_VERSION,
		r->n_sources, r->n_sources == 1 ? "" : "s", lines, total, total == 1 ? "" : "s");
	for (i = 0; i < r->n_sources; i++) {
		const struct src_line *s = &r->sources[i];
		int best = 0, fmt;

		for (fmt = 1; fmt < PREFIX_FMT_COUNT; fmt++)
			if (s->formats[fmt] > s->formats[best])
				best = fmt;
		fprintf(f, "  %s: %" PRIu64 " lines, mostly %s", s->path, s->lines,
			prefix_fmt_name((enum prefix_fmt)best));
		if (s->cut)
			fprintf(f, ", %" PRIu64 " over-long lines cut", s->cut);
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

	write_processes(st, f);
	write_workloads(st, f);

	if (r->n_events) {
		int *order = malloc(sizeof(*order) * (size_t)r->n_events);

		/* By wall-clock time; events without one keep their input
		 * order after the others, since they cannot be placed. */
		for (i = 0; i < r->n_events; i++)
			if (order)
				order[i] = i;
		if (order) {
			sort_events = r->events;
			qsort(order, (size_t)r->n_events, sizeof(*order), cmp_time);
		}
		fprintf(f, "\nTimeline (#: the event block below)\n");
		for (i = 0; i < r->n_events; i++) {
			int at = order ? order[i] : i;
			const struct oom_event *ev = &r->events[at];

			fprintf(f, "  #%-4d %-28s %-16.16s %-19s %s", at + 1, when(ev, t, sizeof(t)), or_dash(ev->host),
				event_kind_name(ev->kind), ev->comm[0] ? ev->comm : or_dash(ev->systemd_unit));
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

			fprintf(f, "  %s:%" PRId64 " host %s: %s\n      %s\n", or_dash(n->source), n->line, or_dash(n->host),
				n->reason, n->text);
		}
		if (r->total_notes[k] > (uint64_t)r->n_notes[k])
			fprintf(f, "  ... %" PRIu64 " more\n", r->total_notes[k] - (uint64_t)r->n_notes[k]);
	}
	return ferror(f) ? -1 : 0;
}

cJSON *report_summary_json(const struct report *r, const struct store *st)
{
	cJSON *o = cJSON_CreateObject(), *kinds, *procs, *work, *notes, *srcs;
	int i, k;

	if (!o)
		return NULL;
	kinds = cJSON_AddObjectToObject(o, "events_by_kind");
	procs = cJSON_AddArrayToObject(o, "by_process");
	work = cJSON_AddArrayToObject(o, "by_workload");
	notes = cJSON_AddArrayToObject(o, "notes");
	srcs = cJSON_AddArrayToObject(o, "sources");
	if (!kinds || !procs || !work || !notes || !srcs)
		goto fail;
	for (k = 0; k < EV_KIND_COUNT; k++)
		cJSON_AddNumberToObject(kinds, event_kind_name((enum ev_kind)k), (double)st->events[k]);
	cJSON_AddNumberToObject(o, "incomplete", (double)st->incomplete);
	cJSON_AddNumberToObject(o, "unrecognised", (double)st->unrecognised);
	cJSON_AddNumberToObject(o, "filtered_out", (double)r->filtered);
	for (i = 0; i < st->n_comm; i++) {
		cJSON *p = cJSON_CreateObject();

		if (!p)
			goto fail;
		cJSON_AddItemToArray(procs, p);
		cJSON_AddStringToObject(p, "comm", st->comm[i].label);
		cJSON_AddStringToObject(p, "kind", event_kind_name((enum ev_kind)st->comm[i].kind));
		cJSON_AddNumberToObject(p, "events", (double)st->comm[i].count);
		if (st->comm[i].max_rss_kb >= 0)
			cJSON_AddNumberToObject(p, "max_rss_kb", (double)st->comm[i].max_rss_kb);
	}
	for (i = 0; i < st->n_work; i++) {
		cJSON *p;

		if (!st->work[i].count)
			continue;
		p = cJSON_CreateObject();
		if (!p)
			goto fail;
		cJSON_AddItemToArray(work, p);
		cJSON_AddStringToObject(p, "type", store_workload_name((enum store_workload)st->work[i].wl_type));
		cJSON_AddStringToObject(p, "name", st->work[i].label);
		if (st->work[i].ns[0])
			cJSON_AddStringToObject(p, "namespace", st->work[i].ns);
		if (st->work[i].sub[0])
			cJSON_AddStringToObject(p, "container", st->work[i].sub);
		cJSON_AddStringToObject(p, "kind", event_kind_name((enum ev_kind)st->work[i].kind));
		cJSON_AddNumberToObject(p, "events", (double)st->work[i].count);
	}
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
		cJSON_AddStringToObject(s, "source", r->sources[i].path);
		cJSON_AddNumberToObject(s, "lines", (double)r->sources[i].lines);
		cJSON_AddNumberToObject(s, "bytes", (double)r->sources[i].bytes);
		cJSON_AddNumberToObject(s, "lines_cut", (double)r->sources[i].cut);
	}
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}
