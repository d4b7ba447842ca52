/*
 * prom.c - renders a store snapshot as Prometheus metrics: the text
 * exposition format 0.0.4 (also the node_exporter textfile format) and
 * OpenMetrics 1.0.0, into a growing buffer with a cap. The store's metrics
 * come from its table (store/metrics.c), row by row; only oomscan_build_info
 * and process_* (the exporter's own) are written here.
 *
 * Trusts the snapshot's counts but not its strings: every label value is
 * escaped and invalid UTF-8 bytes are spelled "\xNN", so a process name
 * from a log can never break the exposition. Thread-safe: the store is only
 * read and the buffer is the caller's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "prom.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../store/metrics.h"
#include "../store/store.h"
#include "../core/event.h"
#include "../core/text.h"
#include "procstat.h"

#ifndef OOMSCAN_VERSION
#define OOMSCAN_VERSION "unknown"
#endif
#if __has_include("oomscan_revision.h")
#include "oomscan_revision.h"
#endif
#ifndef OOMSCAN_REVISION
#define OOMSCAN_REVISION "unknown"
#endif
#ifdef OOMSCAN_BUILD_JOURNAL
#define PROM_BUILD_JOURNAL 1
#else
#define PROM_BUILD_JOURNAL 0
#endif

static int buf_reserve(struct prom_buf *b, size_t add)
{
	size_t max = b->max ? b->max : PROM_BUF_DEFAULT_MAX;
	size_t want, ncap;
	char *np;

	if (b->toobig || b->oom)
		return -1;
	if (add > max || b->n > max - add) {
		b->toobig = 1;
		return -1;
	}
	want = b->n + add + 1;
	if (want <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 4096;
	while (ncap < want)
		ncap *= 2;
	if (ncap > max + 1)
		ncap = max + 1;
	np = realloc(b->p, ncap);
	if (!np) {
		b->oom = 1;
		return -1;
	}
	b->p = np;
	b->cap = ncap;
	return 0;
}

static int buf_put(struct prom_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n))
		return -1;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

static int buf_puts(struct prom_buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static int buf_printf(struct prom_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof(tmp)) {
		b->toobig = 1;
		return -1;
	}
	return buf_put(b, tmp, (size_t)k);
}

void prom_buf_free(struct prom_buf *b)
{
	size_t max = b->max;

	free(b->p);
	memset(b, 0, sizeof(*b));
	b->max = max;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* mode 0: label value; 1: text HELP; 2: OpenMetrics HELP. */
static int escape_mode(struct prom_buf *b, const char *s, int mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, run;
	char hex[8];

	while (i < n) {
		run = 0;
		while (i + run < n) {
			unsigned char c = p[i + run];
			size_t l;

			if (c == '\\' || c == '\n' || (c == '"' && mode != 1))
				break;
			l = utf8_len(p + i + run, n - i - run);
			if (!l)
				break;
			run += l;
		}
		if (run && buf_put(b, s + i, run))
			return -1;
		i += run;
		if (i >= n)
			break;
		switch (p[i]) {
		case '\\':
			if (buf_put(b, "\\\\", 2))
				return -1;
			break;
		case '\n':
			if (buf_put(b, "\\n", 2))
				return -1;
			break;
		case '"':
			if (buf_put(b, "\\\"", 2))
				return -1;
			break;
		default:
			/* An invalid UTF-8 byte, spelled as the text "\xNN". */
			snprintf(hex, sizeof(hex), "\\\\x%02x", p[i]);
			if (buf_puts(b, hex))
				return -1;
			break;
		}
		i++;
	}
	return 0;
}

int prom_escape(struct prom_buf *b, const char *s, int help)
{
	return escape_mode(b, s, help ? 1 : 0);
}

/* Formats a double the way Prometheus parses it, shortest round trip. */
static void fmt_double(char *out, size_t n, double v)
{
	if (isnan(v)) {
		snprintf(out, n, "NaN");
	} else if (isinf(v)) {
		snprintf(out, n, v > 0 ? "+Inf" : "-Inf");
	} else if (v >= 0 && v < 1e15 && v == (double)(uint64_t)v && !(v == 0 && signbit(v))) {
		/* a whole number: what %.15g writes for it, without printf */
		char tmp[24], *t = text_u64_back(tmp + sizeof(tmp), (uint64_t)v);
		size_t k = (size_t)(tmp + sizeof(tmp) - t);

		if (k >= n)
			k = n - 1;
		memcpy(out, t, k);
		out[k] = '\0';
	} else {
		snprintf(out, n, "%.15g", v);
		if (strtod(out, NULL) != v)
			snprintf(out, n, "%.17g", v);
	}
}

struct render {
	struct prom_buf *b;
	int om;
	const char *name; /* the metric whose samples are being written */
};

/*
 * HELP and TYPE of a family. name is the sample name; OpenMetrics names a
 * counter family without its _total suffix.
 */
static void family(struct render *r, const char *name, enum metric_type t,
		   const char *help)
{
	size_t n = strlen(name);

	if (r->om && t == METRIC_COUNTER && n > 6 && strcmp(name + n - 6, "_total") == 0)
		n -= 6;
	buf_puts(r->b, "# HELP ");
	buf_put(r->b, name, n);
	buf_puts(r->b, " ");
	escape_mode(r->b, help, r->om ? 2 : 1);
	buf_puts(r->b, "\n# TYPE ");
	buf_put(r->b, name, n);
	buf_puts(r->b, " ");
	buf_puts(r->b, metric_type_name(t));
	buf_puts(r->b, "\n");
}

/* One label pair; first says whether it opens the braces. */
static void label(struct render *r, int first, const char *k, const char *v)
{
	buf_puts(r->b, first ? "{" : ",");
	buf_puts(r->b, k);
	buf_puts(r->b, "=\"");
	escape_mode(r->b, v, 0);
	buf_puts(r->b, "\"");
}

/* The common sample: written back to front, without printf (a scrape
 * writes hundreds). */
static void sample_u64(struct render *r, int had_labels, uint64_t v)
{
	char num[32], *t;

	num[sizeof(num) - 1] = '\n';
	t = text_u64_back(num + sizeof(num) - 1, v);
	*--t = ' ';
	if (had_labels)
		*--t = '}';
	buf_put(r->b, t, (size_t)(num + sizeof(num) - t));
}

static void sample_f(struct render *r, int had_labels, double v)
{
	char num[64];

	fmt_double(num, sizeof(num), v);
	buf_printf(r->b, "%s %s\n", had_labels ? "}" : "", num);
}

static void simple_f(struct render *r, const char *name, enum metric_type t,
		     const char *help, double v)
{
	family(r, name, t, help);
	buf_puts(r->b, name);
	sample_f(r, 0, v);
}

/* One sample of a store metric (metric_emit_fn); ctx is the render. */
static void emit_sample(void *ctx, const char *suffix, const struct metric_label *l,
			int n, struct metric_value v)
{
	struct render *r = ctx;
	int i;

	buf_puts(r->b, r->name);
	buf_puts(r->b, suffix);
	for (i = 0; i < n; i++)
		label(r, i == 0, l[i].name, l[i].value);
	if (v.is_double)
		sample_f(r, n > 0, v.d);
	else
		sample_u64(r, n > 0, v.u);
}

/* Every metric of the store's table (store/metrics.c), in its order. */
static void render_store(struct render *r, const struct store *st)
{
	size_t i;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		if (!metric_present(m, st))
			continue;
		family(r, m->name, m->type, m->help);
		r->name = m->name;
		metric_samples(m, st, emit_sample, r);
	}
}

static void render_process(struct render *r)
{
	struct procstat ps;

	procstat_read(&ps);
	if (ps.have & PROCSTAT_CPU)
		simple_f(r, "process_cpu_seconds_total", METRIC_COUNTER,
			 "Total user and system CPU time spent in seconds.", ps.cpu_seconds);
	if (ps.have & PROCSTAT_FDS)
		simple_f(r, "process_open_fds", METRIC_GAUGE,
			 "Number of open file descriptors.", ps.open_fds);
	if (ps.have & PROCSTAT_MAX_FDS)
		simple_f(r, "process_max_fds", METRIC_GAUGE,
			 "Maximum number of open file descriptors.", ps.max_fds);
	if (ps.have & PROCSTAT_VSIZE)
		simple_f(r, "process_virtual_memory_bytes", METRIC_GAUGE,
			 "Virtual memory size in bytes.", ps.virtual_bytes);
	if (ps.have & PROCSTAT_RSS)
		simple_f(r, "process_resident_memory_bytes", METRIC_GAUGE,
			 "Resident memory size in bytes.", ps.resident_bytes);
	if (ps.have & PROCSTAT_START)
		simple_f(r, "process_start_time_seconds", METRIC_GAUGE,
			 "Start time of the process since unix epoch in seconds.", ps.start_time);
}

int prom_render(const struct store *st, const struct prom_opts *o,
		struct prom_buf *b)
{
	struct render r = { b, o && o->format == PROM_FMT_OPENMETRICS, NULL };
	const char *version = o && o->version ? o->version : OOMSCAN_VERSION;
	size_t start = b->n;

	render_store(&r, st);

	family(&r, "oomscan_build_info", METRIC_GAUGE,
	       "A metric with a constant '1' value labelled by the oomscan version and build features.");
	buf_puts(b, "oomscan_build_info");
	label(&r, 1, "version", version);
	label(&r, 0, "revision", OOMSCAN_REVISION);
	label(&r, 0, "journal", o && o->have_journal ? "true" : "false");
	sample_u64(&r, 1, 1);

	if (o && o->process_metrics)
		render_process(&r);
	if (r.om)
		buf_puts(b, "# EOF\n");

	if (b->toobig || b->oom) {
		/* Keep whole lines only. */
		while (b->n > start && b->p[b->n - 1] != '\n')
			b->n--;
		if (b->p)
			b->p[b->n] = '\0';
		return -1;
	}
	return 0;
}

int prom_write_file(FILE *f, const struct store *st, const char *version)
{
	struct prom_opts o = { PROM_FMT_TEXT, 0, version, PROM_BUILD_JOURNAL };
	struct prom_buf b = { 0 };
	int rc = -1;

	if (prom_render(st, &o, &b))
		goto out;
	if (b.n && fwrite(b.p, 1, b.n, f) != b.n)
		goto out;
	rc = 0;
out:
	prom_buf_free(&b);
	return rc;
}

/* The first c in [p, e), or NULL. */
static const char *find_in(const char *p, const char *e, char c)
{
	for (; p < e; p++)
		if (*p == c)
			return p;
	return NULL;
}

/* The q value of one media range's parameters ("; q=0.5; version=..."). */
static double media_q(const char *params, size_t n)
{
	const char *p = params, *end = params + n;
	double q = 1.0;

	while (p < end) {
		const char *semi = find_in(p, end, ';');
		const char *e = semi ? semi : end;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (e - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			char tmp[16];
			size_t l = (size_t)(e - p - 2);

			if (l >= sizeof(tmp))
				l = sizeof(tmp) - 1;
			memcpy(tmp, p + 2, l);
			tmp[l] = '\0';
			q = strtod(tmp, NULL);
			if (!(q >= 0 && q <= 1))
				q = 0;
		}
		p = semi ? semi + 1 : end;
	}
	return q;
}

enum prom_format prom_negotiate(const char *accept)
{
	double q_om = -1, q_text = -1;
	const char *p = accept;

	if (!accept)
		return PROM_FMT_TEXT;
	while (*p) {
		const char *comma = strchr(p, ',');
		const char *e = comma ? comma : p + strlen(p);
		const char *semi, *te;
		size_t tn;
		double q;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		semi = find_in(p, e, ';');
		te = semi ? semi : e;
		while (te > p && (te[-1] == ' ' || te[-1] == '\t'))
			te--;
		tn = (size_t)(te - p);
		q = semi ? media_q(semi + 1, (size_t)(e - semi - 1)) : 1.0;
		if (tn == 28 && strncasecmp(p, "application/openmetrics-text", tn) == 0) {
			if (q > q_om)
				q_om = q;
		} else if ((tn == 10 && strncasecmp(p, "text/plain", tn) == 0) ||
			   (tn == 6 && strncasecmp(p, "text/*", tn) == 0) ||
			   (tn == 3 && strncmp(p, "*/*", tn) == 0)) {
			if (q > q_text)
				q_text = q;
		}
		p = comma ? comma + 1 : e;
	}
	return q_om > 0 && q_om >= q_text ? PROM_FMT_OPENMETRICS : PROM_FMT_TEXT;
}
