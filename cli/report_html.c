/*
 * report_html.c - the batch report as one self-contained HTML page
 * (--format html): totals, the diagnosis, a timeline chart by kind and by
 * host, victim RSS against its memcg limit, the per-process and per-workload
 * tables, and one card per kept event with its diagnosis and its line.
 *
 * Inline CSS, JS and SVG only; the page fetches nothing. What is drawn is
 * capped (HIST_BUCKETS bars, --top table rows, --max-events cards, RSS_BARS
 * bars); what is counted is every event. Every string from the input is
 * HTML-escaped and made valid UTF-8 here. Single-threaded.
 */
#include "report.h"
#include "report_int.h"
#include "../core/text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RSS_BARS 40
#define CHART_W 960
#define CHART_H 180
#define LANE_H 18

static const char *const kind_colour[EV_KIND_COUNT] = {
	[EV_OOM_KILL] = "#d62728",         [EV_MEMCG_OOM_KILL] = "#ff7f0e",
	[EV_USERSPACE_OOM_KILL] = "#9467bd", [EV_ALLOC_FAILURE] = "#1f77b4",
	[EV_COMMIT_LIMIT] = "#17becf",     [EV_RUNTIME_OOM] = "#2ca02c",
	[EV_MEMORY_WARNING] = "#bcbd22",   [EV_OOM_REAP] = "#7f7f7f",
};

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static int utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F))
			return 0;
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

/* Writes s HTML-escaped; invalid UTF-8 and control bytes become U+FFFD. */
static void esc(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		int n;

		switch (*s) {
		case '&': fputs("&amp;", f); s++; continue;
		case '<': fputs("&lt;", f); s++; continue;
		case '>': fputs("&gt;", f); s++; continue;
		case '"': fputs("&quot;", f); s++; continue;
		case '\'': fputs("&#39;", f); s++; continue;
		default: break;
		}
		if (*s < 0x20 && *s != '\t') {
			fputs("\xEF\xBF\xBD", f);
			s++;
			continue;
		}
		n = utf8_len(s);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", f);
			s++;
			continue;
		}
		fwrite(s, 1, (size_t)n, f);
		s += n;
	}
}

static const char *kb_text(int64_t kb, char *buf, size_t n)
{
	if (kb == EV_NONE || kb < 0)
		return "-";
	return text_kb(kb, buf, n);
}

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}"
	"header,main{max-width:1100px;margin:auto;padding:0 16px}"
	"h1{font-size:22px;margin:16px 0 4px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd}"
	".tiles{display:flex;flex-wrap:wrap;gap:8px}.tile{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 10px}"
	".tile b{display:block;font-size:20px}.sw{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}"
	"table{border-collapse:collapse;background:#fff;width:100%}td,th{border:1px solid #e3e3e3;padding:3px 6px;text-align:left;font-size:13px}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".card{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;margin:8px 0;padding:8px 12px}"
	".card h3{margin:0 0 4px;font-size:15px}.card .meta{color:#555;font-size:12px}"
	".diag{background:#f4f8ff;border:1px solid #cfe0ff;border-radius:4px;padding:6px 8px;margin:6px 0}"
	".diag .cause{font-weight:600}.remedy{color:#064}"
	"pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:6px;margin:4px 0;font-size:12px}"
	"svg text{font-size:11px;fill:#444}.muted{color:#777}.hidden{display:none}"
	"#filter{padding:4px 8px;width:320px}";

static const char js[] =
	"(function(){var q=document.getElementById('filter'),c=document.querySelectorAll('.card'),"
	"o=document.getElementById('shown');function f(){var v=q.value.toLowerCase(),n=0;"
	"c.forEach(function(e){var m=!v||e.textContent.toLowerCase().indexOf(v)>=0;"
	"e.classList.toggle('hidden',!m);if(m)n++;});o.textContent=n;}"
	"q.addEventListener('input',f);f();"
	"document.querySelectorAll('svg rect[data-t]').forEach(function(r){var t=document.createElementNS("
	"'http://www.w3.org/2000/svg','title');t.textContent=r.getAttribute('data-t');r.appendChild(t);});"
	"document.body.setAttribute('data-ready','1');})();";

static void bucket_label(const struct hist *h, int i, int wall, char *buf, size_t n)
{
	int64_t t = h->t0 + (int64_t)i * h->width;
	time_t tt = (time_t)t;
	struct tm tm;

	if (!wall) {
		snprintf(buf, n, "uptime %" PRId64 "s", t);
		return;
	}
	if (gmtime_r(&tt, &tm))
		strftime(buf, n, h->width >= 86400 ? "%Y-%m-%d" : "%Y-%m-%d %H:%MZ", &tm);
	else
		snprintf(buf, n, "%" PRId64, t);
}

/* Stacked bars by kind, then one lane per host. */
static void write_chart(const struct report *r, FILE *f)
{
	const struct hist *h = r->wall->n ? r->wall : r->up;
	int wall = r->wall->n != 0, lo = HIST_BUCKETS, hi = -1, i, k, lanes;
	uint64_t max = 0;
	double bw;
	char a[48], b[48];

	fprintf(f, "<h2>Timeline</h2>\n");
	if (!h->n) {
		fprintf(f, "<p class=\"muted\">No event has a time or an uptime.</p>\n");
		return;
	}
	for (i = 0; i < HIST_BUCKETS; i++) {
		uint64_t c = 0;

		for (k = 0; k < EV_KIND_COUNT; k++)
			c += h->kind[i][k];
		if (c) {
			if (i < lo)
				lo = i;
			hi = i;
			if (c > max)
				max = c;
		}
	}
	lanes = r->n_hosts < HIST_LANES ? r->n_hosts : HIST_LANES;
	bw = (double)(CHART_W - 130) / (hi - lo + 1);
	fprintf(f, "<svg id=\"timeline\" role=\"img\" aria-label=\"events over time by kind\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		CHART_W, CHART_H + 40 + lanes * LANE_H, CHART_W, CHART_H + 40 + lanes * LANE_H);
	fprintf(f, "<text x=\"0\" y=\"12\">%" PRIu64 "</text><text x=\"0\" y=\"%d\">0</text>\n", max, CHART_H);
	for (i = lo; i <= hi; i++) {
		double y = CHART_H, x = 120 + (i - lo) * bw;

		bucket_label(h, i, wall, a, sizeof(a));
		for (k = 0; k < EV_KIND_COUNT; k++) {
			double ht;

			if (!h->kind[i][k])
				continue;
			ht = (double)h->kind[i][k] * (CHART_H - 16) / (double)max;
			if (ht < 1)
				ht = 1;
			y -= ht;
			fprintf(f, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" data-t=\"%s: %" PRIu32 " %s\"/>",
				x, y, bw > 2 ? bw - 1 : bw, ht, kind_colour[k], a, h->kind[i][k],
				event_kind_name((enum ev_kind)k));
		}
	}
	bucket_label(h, lo, wall, a, sizeof(a));
	bucket_label(h, hi + 1, wall, b, sizeof(b));
	fprintf(f, "\n<text x=\"120\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
		CHART_H + 14, a, CHART_W - 10, CHART_H + 14, b);
	/* Host lanes: one row per host, a mark where it had events. */
	for (k = 0; k < lanes; k++) {
		int y = CHART_H + 30 + k * LANE_H;

		fprintf(f, "<text x=\"0\" y=\"%d\">", y + 11);
		if (k == HIST_LANES - 1 && r->n_hosts > HIST_LANES - 1)
			fprintf(f, "other hosts");
		else
			esc(f, r->hosts[k].name);
		fprintf(f, "</text>");
		for (i = lo; i <= hi; i++)
			if (h->lane[i][k]) {
				bucket_label(h, i, wall, a, sizeof(a));
				fprintf(f, "<rect class=\"lane\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"#555\" fill-opacity=\"%.2f\" data-t=\"",
					120 + (i - lo) * bw, y, bw > 2 ? bw - 1 : bw, LANE_H - 4,
					0.3 + 0.7 * (double)h->lane[i][k] / (double)max);
				if (k == HIST_LANES - 1 && r->n_hosts > HIST_LANES - 1)
					fprintf(f, "other hosts");
				else
					esc(f, r->hosts[k].name);
				fprintf(f, " %s: %" PRIu32 "\"/>", a, h->lane[i][k]);
			}
		fputc('\n', f);
	}
	fprintf(f, "</svg>\n<p>");
	for (k = 0; k < EV_KIND_COUNT; k++)
		fprintf(f, "<span class=\"sw\" style=\"background:%s\"></span>%s &nbsp; ", kind_colour[k],
			event_kind_name((enum ev_kind)k));
	fprintf(f, "<br><span class=\"muted\">%" PRIu64 " events %s in %d bars of %" PRId64 " s each",
		h->n, wall ? "with a time" : "with only an uptime", hi - lo + 1, h->width);
	if (wall && r->up->n)
		fprintf(f, "; %" PRIu64 " with only an uptime are not drawn", r->up->n);
	if (r->untimed_events)
		fprintf(f, "; %" PRIu64 " without any time", r->untimed_events);
	fprintf(f, ".</span></p>\n");
}

/* Victim RSS of the kept kills against the memcg limit when there is one. */
static void write_rss(const struct report *r, FILE *f)
{
	int i, n = 0;
	int64_t scale = 1;
	char b1[32], b2[32];

	for (i = 0; i < r->n_events; i++) {
		const struct oom_event *ev = &r->events[i];
		int64_t rss = event_rss_kb(ev);

		if (!event_is_kill(ev->kind) || rss == EV_NONE)
			continue;
		if (rss > scale)
			scale = rss;
		if (ev->memcg_limit_kb != EV_NONE && ev->memcg_limit_kb > scale)
			scale = ev->memcg_limit_kb;
	}
	fprintf(f, "<h2>Victim RSS</h2>\n<svg id=\"rss\" width=\"%d\" height=\"", CHART_W);
	for (i = 0; i < r->n_events && n < RSS_BARS; i++)
		if (event_is_kill(r->events[i].kind) && event_rss_kb(&r->events[i]) != EV_NONE)
			n++;
	fprintf(f, "%d\">\n", n * 18 + 4);
	n = 0;
	for (i = 0; i < r->n_events && n < RSS_BARS; i++) {
		const struct oom_event *ev = &r->events[i];
		int64_t rss = event_rss_kb(ev);
		double w = 560.0 / (double)scale;

		if (!event_is_kill(ev->kind) || rss == EV_NONE)
			continue;
		fprintf(f, "<text x=\"0\" y=\"%d\">#%d ", n * 18 + 13, i + 1);
		esc(f, ev->comm[0] ? ev->comm : ev->systemd_unit);
		fprintf(f, "</text>");
		if (ev->memcg_limit_kb != EV_NONE)
			fprintf(f, "<rect x=\"200\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"#ffe0b0\" data-t=\"memcg limit %s\"/>",
				n * 18 + 2, (double)ev->memcg_limit_kb * w, kb_text(ev->memcg_limit_kb, b1, sizeof(b1)));
		fprintf(f, "<rect x=\"200\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"%s\" data-t=\"RSS %s\"/>",
			n * 18 + 4, (double)rss * w < 1 ? 1 : (double)rss * w, kind_colour[ev->kind],
			kb_text(rss, b1, sizeof(b1)));
		fprintf(f, "<text x=\"770\" y=\"%d\">%s%s%s</text>\n", n * 18 + 13, kb_text(rss, b1, sizeof(b1)),
			ev->memcg_limit_kb != EV_NONE ? " of limit " : "",
			ev->memcg_limit_kb != EV_NONE ? kb_text(ev->memcg_limit_kb, b2, sizeof(b2)) : "");
		n++;
	}
	fprintf(f, "</svg>\n<p class=\"muted\">Kills in the order of the cards (at most %d drawn); the pale bar is the memory cgroup's limit where the log gives it. RAM is not in the kill record, so global kills are drawn against the largest value.</p>\n",
		RSS_BARS);
}

static void write_processes(const struct report *r, const struct store *st, FILE *f)
{
	struct proc_row *rows = calloc(STORE_SERIES_MAX, sizeof(*rows));
	int n, i;
	uint64_t more = 0;
	char b1[32];

	fprintf(f, "<h2>By process</h2>\n");
	if (!rows)
		return;
	n = report_process_rows(st, rows);
	fprintf(f, "<table id=\"processes\"><tr><th>process</th><th>kills</th><th>failures</th><th>warnings</th><th>largest RSS</th></tr>\n");
	for (i = 0; i < n; i++) {
		if (i >= r->top) {
			more += rows[i].kills + rows[i].failures + rows[i].other;
			continue;
		}
		fprintf(f, "<tr><td>");
		esc(f, rows[i].comm[0] ? rows[i].comm : "(unknown)");
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%s</td></tr>\n",
			rows[i].kills, rows[i].failures, rows[i].other, kb_text(rows[i].max_rss_kb, b1, sizeof(b1)));
	}
	fprintf(f, "</table>\n");
	if (n > r->top)
		fprintf(f, "<p class=\"muted\">and %d more (%" PRIu64 " events)</p>\n", n - r->top, more);
	free(rows);
}

static void write_workloads(const struct report *r, FILE *f)
{
	int *idx = malloc(sizeof(int) * (size_t)r->top), n, i, k;
	uint64_t more = 0;
	char b1[32];

	fprintf(f, "<h2>By workload</h2>\n");
	if (!idx || r->n_wl == 0) {
		fprintf(f, "<p class=\"muted\">No event named a systemd unit, pod or container.</p>\n");
		free(idx);
		return;
	}
	n = report_workload_rows(r, idx, r->top, &more);
	fprintf(f, "<table id=\"workloads\"><tr><th>type</th><th>name</th><th>events</th><th>kills</th><th>largest RSS</th><th>kinds</th></tr>\n");
	for (i = 0; i < n && i < r->top; i++) {
		const struct wl_row *w = &r->wl[idx[i]];

		fprintf(f, "<tr><td>%s</td><td>", w->type);
		esc(f, w->name);
		if (w->extra[0]) {
			fprintf(f, " <span class=\"muted\">");
			esc(f, w->extra);
			fprintf(f, "</span>");
		}
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%s</td><td>",
			w->events, w->kills, kb_text(w->max_rss_kb, b1, sizeof(b1)));
		for (k = 0; k < EV_KIND_COUNT; k++)
			if (w->kinds[k])
				fprintf(f, "%s %" PRIu64 " ", event_kind_name((enum ev_kind)k), w->kinds[k]);
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
	if (n > r->top)
		fprintf(f, "<p class=\"muted\">and %d more (%" PRIu64 " events)</p>\n", n - r->top, more);
	free(idx);
}

static void field(FILE *f, const char *name, const char *value)
{
	if (!value || !value[0])
		return;
	fprintf(f, "<b>%s</b> ", name);
	esc(f, value);
	fprintf(f, " &nbsp; ");
}

static void write_card(const struct oom_event *ev, int idx, FILE *f)
{
	struct diagnosis d;
	char t[64], b1[32], b2[32], num[32];

	diagnose(ev, &d);
	fprintf(f, "<section class=\"card\" id=\"ev-%d\" style=\"border-left-color:%s\" data-kind=\"%s\" data-cause=\"%s\"",
		idx, kind_colour[ev->kind], event_kind_name(ev->kind), diag_cause_name(d.cause));
	if (ev->pid != EV_NONE)
		fprintf(f, " data-pid=\"%" PRId64 "\"", ev->pid);
	fprintf(f, " data-comm=\"");
	esc(f, ev->comm);
	fprintf(f, "\">\n<h3>#%d %s: <span class=\"comm\">", idx, event_kind_name(ev->kind));
	esc(f, ev->comm[0] ? ev->comm : (ev->systemd_unit[0] ? ev->systemd_unit : "-"));
	fprintf(f, "</span>");
	if (ev->pid != EV_NONE)
		fprintf(f, " <span class=\"pid\">pid %" PRId64 "</span>", ev->pid);
	fprintf(f, "</h3>\n<div class=\"meta\">");
	if (event_format_time(ev, t, sizeof(t)) == 0)
		field(f, "time", t);
	else if (ev->uptime_usec != EV_NONE) {
		snprintf(t, sizeof(t), "%.6f s", (double)ev->uptime_usec / 1e6);
		field(f, "uptime", t);
	}
	field(f, "host", ev->host);
	field(f, "killer", event_is_kill(ev->kind) ? ev->killer : "");
	field(f, "trigger", ev->trigger_comm);
	field(f, "constraint", ev->constraint);
	field(f, "cgroup", ev->oom_memcg[0] ? event_oom_memcg(ev) : event_task_memcg(ev));
	field(f, "unit", ev->systemd_unit);
	field(f, "pod", ev->pod_uid);
	if (event_rss_kb(ev) != EV_NONE)
		field(f, "RSS", kb_text(event_rss_kb(ev), b1, sizeof(b1)));
	if (ev->memcg_usage_kb != EV_NONE) {
		char u[80];

		snprintf(u, sizeof(u), "%s of %s", kb_text(ev->memcg_usage_kb, b1, sizeof(b1)),
			 kb_text(ev->memcg_limit_kb, b2, sizeof(b2)));
		field(f, "memcg", u);
	}
	if (ev->swap_total_kb != EV_NONE) {
		char u[80];

		snprintf(u, sizeof(u), "%s total, %s free", kb_text(ev->swap_total_kb, b1, sizeof(b1)),
			 kb_text(ev->swap_free_kb, b2, sizeof(b2)));
		field(f, "swap", u);
	}
	if (ev->oom_score_adj != EV_NONE) {
		snprintf(num, sizeof(num), "%" PRId64, ev->oom_score_adj);
		field(f, "oom_score_adj", num);
	}
	if (ev->order != EV_NONE) {
		snprintf(num, sizeof(num), "%" PRId64, ev->order);
		field(f, "order", num);
	}
	field(f, "gfp_mask", ev->gfp_mask);
	if (ev->requested_bytes != EV_NONE) {
		snprintf(num, sizeof(num), "%" PRId64, ev->requested_bytes);
		field(f, "requested bytes", num);
	}
	if (ev->errno_code != EV_NONE) {
		snprintf(num, sizeof(num), "%" PRId64, ev->errno_code);
		field(f, "errno", num);
	}
	field(f, "runtime", ev->runtime);
	fprintf(f, "</div>\n<div class=\"diag\"><span class=\"cause\">%s</span>: <span class=\"summary\">",
		diag_cause_name(d.cause));
	esc(f, d.summary);
	fprintf(f, "</span><br><b>evidence</b> <span class=\"evidence\">");
	esc(f, d.evidence);
	fprintf(f, "</span><br><b>remedy</b> <span class=\"remedy\">");
	esc(f, d.remedy);
	fprintf(f, "</span></div>\n<div class=\"muted\">");
	esc(f, ev->source ? ev->source : "-");
	if (ev->line != EV_NONE)
		fprintf(f, ":%" PRId64, ev->line);
	fprintf(f, "</div><pre class=\"line\">");
	esc(f, ev->detail);
	fprintf(f, "%s</pre>\n</section>\n", ev->cut & EV_CUT_DETAIL ? " [cut]" : "");
}

int report_write_html(const struct report *r, const struct store *st, FILE *f)
{
	uint64_t total = 0, inputs = (uint64_t)r->n_sources + r->rest_inputs;
	char line[4096], pat[8][512];
	int k, i, n;

	for (k = 0; k < EV_KIND_COUNT; k++)
		total += st->events[k];
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>oomscan report: %" PRIu64 " events</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n",
		total, css);
	fprintf(f, "<h1>Out-of-memory report</h1>\n<p class=\"muted\">oomscan %s: %" PRIu64 " input%s, %" PRIu64 " lines, <span id=\"total\">%" PRIu64 "</span> events. ",
		OOMSCAN_VERSION, inputs, inputs == 1 ? "" : "s", report_lines(r), total);
	for (i = 0; i < r->n_sources; i++) {
		esc(f, r->sources[i].path);
		fprintf(f, " (%s%s%" PRIu64 " lines)%s", r->sources[i].decoding, *r->sources[i].decoding ? ", " : "",
			r->sources[i].lines, i + 1 < r->n_sources ? ", " : "");
	}
	if (r->rest_inputs)
		fprintf(f, " and %" PRIu64 " more (%" PRIu64 " lines)", r->rest_inputs, r->rest.lines);
	if (r->filtered)
		fprintf(f, "; %" PRIu64 " events left out by the filters", r->filtered);
	fprintf(f, "</p>\n<div class=\"tiles\" id=\"kinds\">");
	for (k = 0; k < EV_KIND_COUNT; k++)
		if (st->events[k])
			fprintf(f, "<div class=\"tile\" data-kind=\"%s\"><b>%" PRIu64 "</b><span class=\"sw\" style=\"background:%s\"></span>%s</div>",
				event_kind_name((enum ev_kind)k), st->events[k], kind_colour[k],
				event_kind_name((enum ev_kind)k));
	fprintf(f, "<div class=\"tile\"><b>%" PRIu64 "</b>incomplete reports</div><div class=\"tile\"><b>%" PRIu64 "</b>unrecognised lines</div></div>\n</header>\n<main>\n",
		st->incomplete, st->unrecognised);

	fprintf(f, "<h2>Diagnosis</h2>\n<ul id=\"diagnosis\">\n");
	for (k = 0; k < 3; k++)
		if (report_diag_line(r, k, r->top, line, sizeof(line)) == 0) {
			fprintf(f, "<li>");
			esc(f, line);
			fprintf(f, "</li>\n");
		}
	n = report_patterns(r, st, pat, 8);
	for (i = 0; i < n; i++) {
		fprintf(f, "<li class=\"pattern\"><b>pattern</b>: ");
		esc(f, pat[i]);
		fprintf(f, "</li>\n");
	}
	if (!total)
		fprintf(f, "<li>No out-of-memory events found.</li>\n");
	fprintf(f, "</ul>\n");

	write_chart(r, f);
	write_rss(r, f);
	write_processes(r, st, f);
	write_workloads(r, f);

	fprintf(f, "<h2>Events</h2>\n<p><input id=\"filter\" type=\"search\" placeholder=\"filter: text, kind, cause, host...\"> "
		"<span id=\"shown\">%d</span> of %d cards shown", r->n_events, r->n_events);
	if (r->total_events > (uint64_t)r->n_events)
		fprintf(f, "; %" PRIu64 " more events are counted above but have no card (--max-events, or --format jsonl for all)",
			r->total_events - (uint64_t)r->n_events);
	fprintf(f, ".</p>\n<div id=\"events\">\n");
	for (i = 0; i < r->n_events; i++)
		write_card(&r->events[i], i + 1, f);
	fprintf(f, "</div>\n");
	for (k = 0; k < 2; k++) {
		if (!r->total_notes[k])
			continue;
		fprintf(f, "<h2>%s (%" PRIu64 ")</h2>\n<ul>\n", k == 0 ? "Incomplete reports" : "Unrecognised OOM-like lines",
			r->total_notes[k]);
		for (i = 0; i < r->n_notes[k]; i++) {
			const struct oom_note *no = &r->notes[k][i];

			fprintf(f, "<li>");
			esc(f, no->source);
			fprintf(f, ":%" PRId64 " ", no->line);
			esc(f, no->reason);
			fprintf(f, "<pre>");
			esc(f, no->text);
			fprintf(f, "</pre></li>\n");
		}
		fprintf(f, "</ul>\n");
	}
	fprintf(f, "</main>\n<script>%s</script>\n</body>\n</html>\n", js);
	return ferror(f) ? -1 : 0;
}
