/*
 * json.c - events and notes as JSON objects, field names per
 * ../shared/spec/events.md. Absent fields are left out.
 *
 * Trusts that events come from event_init (NUL-terminated strings, a NUL
 * of the input stored as C0 80); string bytes may be anything: cJSON escapes
 * control characters and json_print turns what is not UTF-8 into U+FFFD and
 * a stored NUL into \u0000. Thread-safe: no shared state.
 */
#include "json.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/metrics.h"
#include "../store/store.h"
#include "../core/diagnosis.h"
#include "../core/text.h"

static int add_int(cJSON *o, const char *k, int64_t v)
{
	char raw[24];

	if (v == EV_NONE)
		return 0;
	/* A double holds integers exactly only up to 2^53: larger ones (a
	 * saturated size) are written digit for digit. */
	if (v > (INT64_C(1) << 53) || v < -(INT64_C(1) << 53)) {
		snprintf(raw, sizeof(raw), "%" PRId64, v);
		return cJSON_AddRawToObject(o, k, raw) ? 0 : -1;
	}
	return cJSON_AddNumberToObject(o, k, (double)v) ? 0 : -1;
}

static int add_str(cJSON *o, const char *k, const char *v)
{
	if (!v || !v[0])
		return 0;
	return cJSON_AddStringToObject(o, k, v) ? 0 : -1;
}

/* The event's diagnosis (../shared/spec/events.md): cause, summary,
 * evidence, remedy; always present, "unknown" when nothing settles it. */
static int add_diagnosis(cJSON *o, const struct oom_event *ev)
{
	struct diagnosis d;
	cJSON *g;

	diagnose(ev, &d);
	g = cJSON_AddObjectToObject(o, "diagnosis");
	if (!g)
		return -1;
	if (add_str(g, "cause", diag_cause_name(d.cause)) || add_str(g, "summary", d.summary) ||
	    add_str(g, "evidence", d.evidence) || add_str(g, "remedy", d.remedy))
		return -1;
	return 0;
}

static int add_consumers(cJSON *o, const struct oom_event *ev)
{
	cJSON *arr;
	int i;

	if (ev->n_consumers <= 0)
		return 0;
	arr = cJSON_AddArrayToObject(o, "top_consumers");
	if (!arr)
		return -1;
	for (i = 0; i < ev->n_consumers && i < EV_MAX_CONSUMERS; i++) {
		cJSON *c = cJSON_CreateObject();

		if (!c)
			return -1;
		cJSON_AddItemToArray(arr, c);
		if (add_str(c, "comm", ev->consumers[i].name) || add_int(c, "pid", ev->consumers[i].pid) ||
		    add_int(c, "bytes", ev->consumers[i].bytes))
			return -1;
	}
	return 0;
}

cJSON *json_event(const struct oom_event *ev)
{
	cJSON *o = cJSON_CreateObject();
	char ts[48];
	int err = 0;

	if (!o)
		return NULL;
	err |= add_str(o, "kind", event_kind_name(ev->kind));
	err |= add_str(o, "source", ev->source);
	err |= add_int(o, "line", ev->line);
	err |= add_str(o, "host", ev->host);
	if (event_format_time(ev, ts, sizeof(ts)) == 0) {
		err |= add_str(o, "time", ts);
		if (ev->time_year_assumed)
			err |= cJSON_AddTrueToObject(o, "time_year_assumed") ? 0 : -1;
	}
	if (ev->uptime_usec != EV_NONE)
		err |= cJSON_AddNumberToObject(o, "uptime", (double)ev->uptime_usec / 1e6) ? 0 : -1;
	err |= add_int(o, "pid", ev->pid);
	err |= add_str(o, "comm", ev->comm);
	err |= add_int(o, "uid", ev->uid);
	err |= add_int(o, "trigger_pid", ev->trigger_pid);
	err |= add_str(o, "trigger_comm", ev->trigger_comm);
	err |= add_str(o, "gfp_mask", ev->gfp_mask);
	err |= add_int(o, "order", ev->order);
	err |= add_str(o, "constraint", ev->constraint);
	err |= add_str(o, "oom_memcg", event_oom_memcg(ev));
	err |= add_str(o, "task_memcg", event_task_memcg(ev));
	err |= add_str(o, "container_id", ev->container_id);
	err |= add_str(o, "pod_uid", ev->pod_uid);
	err |= add_str(o, "pod_qos", ev->pod_qos);
	err |= add_str(o, "systemd_unit", ev->systemd_unit);
	err |= add_str(o, "namespace", ev->k8s_namespace);
	err |= add_str(o, "pod", ev->k8s_pod);
	err |= add_str(o, "container", ev->k8s_container);
	err |= add_int(o, "total_vm_kb", ev->total_vm_kb);
	err |= add_int(o, "anon_rss_kb", ev->anon_rss_kb);
	err |= add_int(o, "file_rss_kb", ev->file_rss_kb);
	err |= add_int(o, "shmem_rss_kb", ev->shmem_rss_kb);
	err |= add_int(o, "pgtables_kb", ev->pgtables_kb);
	err |= add_int(o, "oom_score_adj", ev->oom_score_adj);
	err |= add_int(o, "score", ev->score);
	if (event_is_kill(ev->kind) && ev->killer[0] && strcmp(ev->killer, "kernel") == 0)
		err |= cJSON_AddBoolToObject(o, "reaped", ev->reaped) ? 0 : -1;
	err |= add_int(o, "swap_total_kb", ev->swap_total_kb);
	err |= add_int(o, "swap_free_kb", ev->swap_free_kb);
	err |= add_int(o, "memcg_usage_kb", ev->memcg_usage_kb);
	err |= add_int(o, "memcg_limit_kb", ev->memcg_limit_kb);
	err |= add_str(o, "killer", ev->killer);
	err |= add_int(o, "requested_bytes", ev->requested_bytes);
	err |= add_int(o, "errno", ev->errno_code);
	err |= add_str(o, "runtime", ev->runtime);
	err |= add_str(o, "detail", ev->detail);
	err |= add_consumers(o, ev);
	if (ev->cut)
		err |= cJSON_AddBoolToObject(o, "truncated", 1) ? 0 : -1;
	err |= add_diagnosis(o, ev);
	if (err) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *json_note(const struct oom_note *note)
{
	cJSON *o = cJSON_CreateObject();
	int err = 0;

	if (!o)
		return NULL;
	err |= add_str(o, "type", note->type == NOTE_INCOMPLETE ? "incomplete" : "unrecognised");
	err |= add_str(o, "source", note->source);
	err |= add_int(o, "line", note->line);
	err |= add_str(o, "host", note->host);
	err |= add_str(o, "reason", note->reason);
	err |= add_str(o, "text", note->text);
	if (err) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* --- the compact printer ---------------------------------------------------
 *
 * The same bytes as cJSON_PrintUnformatted (a unit test compares them on
 * random trees), without its cost per number: cJSON prints every number that
 * is not an int with "%1.15g" and reads it back with sscanf, which was a
 * quarter of a dense log's analysis in --format json. An integral value
 * below 1e15 prints the same digits either way, so it is written directly;
 * other values take cJSON's own route.
 */

#define JSON_MAX_DEPTH 64 /* our trees are three deep */

struct jbuf {
	char *p;
	size_t n, cap;
	int err;
};

static void jb_put(struct jbuf *b, const char *s, size_t n)
{
	if (b->err)
		return;
	if (b->cap - b->n <= n) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		while (cap - b->n <= n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* A string as cJSON escapes it: the quote, backslash and the five named
 * controls by name, other bytes below 0x20 as \u00xx, the rest as is. */
static void jb_string(struct jbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
	char esc[8];

	jb_put(b, "\"", 1);
	for (; *p; p++) {
		const char *e = NULL;

		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		jb_put(b, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			e = esc;
		}
		jb_put(b, e, strlen(e));
		run = p + 1;
	}
	jb_put(b, (const char *)run, (size_t)(p - run));
	jb_put(b, "\"", 1);
}

/* Writes v in decimal into out (at least 21 bytes); returns its length. */
static int format_i64(char *out, int64_t v)
{
	char tmp[24];
	/* |v|, INT64_MIN included, without a wrapping negation. */
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	int n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = tmp[--n];
	out[len] = '\0';
	return len;
}

/* cJSON's print_number ("%1.15g", read back, else "%1.17g"), with integral
 * values below 1e15 written directly. */
static void jb_number(struct jbuf *b, const cJSON *it)
{
	double d = it->valuedouble, back;
	char num[32];
	int len;

	if (isnan(d) || isinf(d)) {
		len = snprintf(num, sizeof(num), "null");
	} else if (d == 0 && signbit(d)) {
		len = snprintf(num, sizeof(num), "-0");
	} else if (d == trunc(d) && fabs(d) < 1e15) {
		/* What "%1.15g" gives an integer of at most 15 digits. */
		len = format_i64(num, (int64_t)d);
	} else {
		len = snprintf(num, sizeof(num), "%1.15g", d);
		back = strtod(num, NULL);
		if (fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
			len = snprintf(num, sizeof(num), "%1.17g", d);
	}
	jb_put(b, num, (size_t)len);
}

static void jb_item(struct jbuf *b, const cJSON *it, int depth)
{
	const cJSON *c;

	if (depth > JSON_MAX_DEPTH) {
		b->err = 1;
		return;
	}
	switch (it->type & 0xFF) {
	case cJSON_NULL:
		jb_put(b, "null", 4);
		return;
	case cJSON_False:
		jb_put(b, "false", 5);
		return;
	case cJSON_True:
		jb_put(b, "true", 4);
		return;
	case cJSON_Number:
		jb_number(b, it);
		return;
	case cJSON_Raw:
		if (!it->valuestring)
			b->err = 1;
		else
			jb_put(b, it->valuestring, strlen(it->valuestring));
		return;
	case cJSON_String:
		jb_string(b, it->valuestring);
		return;
	case cJSON_Array:
	case cJSON_Object:
		jb_put(b, (it->type & 0xFF) == cJSON_Array ? "[" : "{", 1);
		for (c = it->child; c; c = c->next) {
			if (c != it->child)
				jb_put(b, ",", 1);
			if ((it->type & 0xFF) == cJSON_Object) {
				jb_string(b, c->string);
				jb_put(b, ":", 1);
			}
			jb_item(b, c, depth + 1);
		}
		jb_put(b, (it->type & 0xFF) == cJSON_Array ? "]" : "}", 1);
		return;
	default:
		b->err = 1;
	}
}

char *json_print_compact(const cJSON *o)
{
	struct jbuf b = { NULL, 0, 0, 0 };

	jb_item(&b, o, 0);
	jb_put(&b, "", 1); /* the NUL */
	if (b.err) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

char *json_print(const cJSON *o, int formatted, size_t *n)
{
	char *raw = formatted ? cJSON_Print(o) : json_print_compact(o);
	char *fixed;
	size_t len;

	if (!raw)
		return NULL;
	fixed = text_json_fix(raw, strlen(raw), &len);
	free(raw);
	if (fixed && n)
		*n = len;
	return fixed;
}

int json_write_event_line(FILE *f, const struct oom_event *ev)
{
	cJSON *o = json_event(ev);
	char *s;
	size_t n = 0;
	int rc = -1;

	if (!o)
		return -1;
	s = json_print(o, 0, &n);
	if (!s)
		goto out;
	if (fwrite(s, 1, n, f) == n && fputc('\n', f) != EOF)
		rc = 0;
	free(s);
out:
	cJSON_Delete(o);
	return rc;
}

cJSON *json_ledger(const struct store *st)
{
	const struct store_ledger *l = &st->ledger;
	cJSON *o = cJSON_CreateObject();
	int64_t open = store_ledger_open(l);

	if (!o)
		return NULL;
	if (!cJSON_AddNumberToObject(o, "anchors", (double)l->anchors) ||
	    !cJSON_AddNumberToObject(o, "events", (double)l->events) ||
	    !cJSON_AddNumberToObject(o, "folded", (double)l->folded) ||
	    !cJSON_AddNumberToObject(o, "incomplete", (double)l->incomplete) ||
	    !cJSON_AddNumberToObject(o, "unrecognised", (double)l->unrecognised) ||
	    !cJSON_AddNumberToObject(o, "open", (double)open) ||
	    !cJSON_AddNumberToObject(o, "events_dropped", (double)st->events_dropped) ||
	    !cJSON_AddNumberToObject(o, "notes_dropped", (double)st->notes_dropped) ||
	    !cJSON_AddBoolToObject(o, "balanced",
				   open == 0 && st->events_dropped == 0 && st->notes_dropped == 0)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

int json_summary_counters(cJSON *o, const struct store *st)
{
	size_t i;
	int k;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];
		cJSON *by;

		if (!m->json)
			continue;
		if (m->shape == METRIC_SCALAR) {
			if (!cJSON_AddNumberToObject(o, m->json, (double)metric_get(m, st, 0)))
				return -1;
		} else if (m->shape == METRIC_BY_KIND) {
			if (!(by = cJSON_AddObjectToObject(o, m->json)))
				return -1;
			for (k = 0; k < EV_KIND_COUNT; k++)
				if (!cJSON_AddNumberToObject(by, event_kind_name((enum ev_kind)k),
							     (double)metric_get(m, st, k)))
					return -1;
		}
	}
	return 0;
}

int json_source_counters(cJSON *o, const struct store_source *s)
{
	size_t i;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		if (m->json && m->shape == METRIC_BY_SOURCE &&
		    !cJSON_AddNumberToObject(o, m->json, (double)metric_get(m, s, 0)))
			return -1;
	}
	return 0;
}

/* One row of by_process / by_workload. */
static int series_row(cJSON *o, const struct store_series *s, int workload)
{
	int err = 0;

	err |= add_str(o, "kind", event_kind_name((enum ev_kind)s->kind));
	if (workload) {
		err |= cJSON_AddStringToObject(o, "type",
			store_workload_name((enum store_workload)s->wl_type)) ? 0 : -1;
		err |= cJSON_AddStringToObject(o, "name", s->label) ? 0 : -1;
		err |= add_str(o, "namespace", s->ns);
		err |= add_str(o, "container", s->sub);
	} else {
		err |= cJSON_AddStringToObject(o, "comm", s->label) ? 0 : -1;
	}
	err |= cJSON_AddNumberToObject(o, "events", (double)s->count) ? 0 : -1;
	if (s->last_time > 0)
		err |= cJSON_AddNumberToObject(o, "last_time", (double)s->last_time) ? 0 : -1;
	if (s->max_rss_kb >= 0)
		err |= cJSON_AddNumberToObject(o, "max_rss_kb", (double)s->max_rss_kb) ? 0 : -1;
	return err;
}

cJSON *json_series(const struct store_series *tab, int n, int workload)
{
	cJSON *arr = cJSON_CreateArray();
	int i;

	if (!arr)
		return NULL;
	for (i = 0; i < n && i < STORE_SERIES_MAX; i++) {
		cJSON *o = cJSON_CreateObject();

		if (!o)
			goto fail;
		if (!cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		if (series_row(o, &tab[i], workload))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}
