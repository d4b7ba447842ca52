/*
 * state.c - the resume state of `oomscan serve` as JSON: source cursors and
 * the store's counters, read at start and written atomically
 * (core/atomicfile.h: temporary file, fsync, rename, fsync of the directory).
 *
 * Trusts nothing in the file: every field is type-checked, strings are cut
 * to their buffers, counts are clamped to >= 0 and the table sizes to their
 * caps; an invalid file is reported and ignored. Not thread-safe: the serve
 * loop loads and saves from one thread (it saves a snapshot copy of the store).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../core/atomicfile.h"
#include "../core/span.h"
#include "../store/metrics.h"

#define STATE_VERSION 1

static const char *const src_names[] = {
	[STATE_SRC_KMSG] = "kmsg",
	[STATE_SRC_FILE] = "file",
	[STATE_SRC_JOURNAL] = "journal",
};

struct state_cursor *state_find(struct state *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++) {
		if (strncmp(s->cur[i].name, name, sizeof(s->cur[i].name)) == 0)
			return &s->cur[i];
	}
	return NULL;
}

struct state_cursor *state_cursor(struct state *s, const char *name,
				  enum state_src type)
{
	struct state_cursor *c = state_find(s, name);

	if (c)
		return c;
	if (s->n >= STATE_MAX_CURSORS)
		return NULL;
	c = &s->cur[s->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->type = type;
	return c;
}

/* --- writing ------------------------------------------------------------ */

static int add_num(cJSON *o, const char *k, double v)
{
	return cJSON_AddNumberToObject(o, k, v) ? 0 : -1;
}

/* The ledger as saved: only what is settled. Anchors still open at the save
 * (a report whose kill record is not read yet) are not in it: after a
 * restart their lines lie before the cursor and are not read again, and
 * the kill record that completes the report anchors its event alone. */
static int add_ledger(cJSON *c, const struct store_ledger *l)
{
	cJSON *o = cJSON_AddObjectToObject(c, "ledger");
	uint64_t settled = l->events + l->folded + l->incomplete + l->unrecognised;

	if (!o)
		return -1;
	return add_num(o, "anchors", (double)(l->anchors < settled ? l->anchors : settled)) ||
	       add_num(o, "events", (double)l->events) || add_num(o, "folded", (double)l->folded) ||
	       add_num(o, "incomplete", (double)l->incomplete) ||
	       add_num(o, "unrecognised", (double)l->unrecognised) ? -1 : 0;
}

static cJSON *series_json(const struct store_series *tab, int n, int workload)
{
	cJSON *arr = cJSON_CreateArray();
	cJSON *o;
	int i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o))
			goto fail;
		if (!cJSON_AddStringToObject(o, "kind", event_kind_name(tab[i].kind)) ||
		    (workload && !cJSON_AddStringToObject(o, "type",
				store_workload_name(tab[i].wl_type))) ||
		    !cJSON_AddStringToObject(o, "label", tab[i].label) ||
		    (tab[i].ns[0] && !cJSON_AddStringToObject(o, "namespace", tab[i].ns)) ||
		    (tab[i].sub[0] && !cJSON_AddStringToObject(o, "container", tab[i].sub)) ||
		    (tab[i].host[0] && !cJSON_AddStringToObject(o, "host", tab[i].host)) ||
		    add_num(o, "count", (double)tab[i].count) ||
		    add_num(o, "last_time", (double)tab[i].last_time) ||
		    add_num(o, "max_rss_kb", (double)tab[i].max_rss_kb))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

/* The metrics table's rows with a state key (store/metrics.c): counts by
 * kind as an object of kinds, scalars as numbers. */
static int table_json(cJSON *c, const struct store *st)
{
	size_t i;
	int k;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];
		cJSON *o;

		if (!m->state)
			continue;
		if (m->shape == METRIC_SCALAR) {
			if (add_num(c, m->state, (double)metric_get(m, st, 0)))
				return -1;
		} else if (m->shape == METRIC_BY_KIND) {
			o = cJSON_AddObjectToObject(c, m->state);
			if (!o)
				return -1;
			for (k = 0; k < EV_KIND_COUNT; k++)
				if (add_num(o, event_kind_name(k), (double)metric_get(m, st, k)))
					return -1;
		}
	}
	return 0;
}

/* A source's counters: the table's per-source rows with a state key. */
static int source_counters_json(cJSON *o, const struct store_source *s)
{
	size_t i;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		if (m->state && m->shape == METRIC_BY_SOURCE &&
		    add_num(o, m->state, (double)metric_get(m, s, 0)))
			return -1;
	}
	return 0;
}

static cJSON *counters_json(const struct store *st)
{
	cJSON *c = cJSON_CreateObject();
	cJSON *lt, *rss, *b, *srcs, *o, *arr;
	int i;

	if (!c)
		return NULL;
	if (table_json(c, st))
		goto fail;
	lt = cJSON_AddObjectToObject(c, "last_event_time");
	if (!lt)
		goto fail;
	for (i = 0; i < EV_KIND_COUNT; i++) {
		if (add_num(lt, event_kind_name(i), st->last_event_time[i]))
			goto fail;
	}
	if (add_num(c, "comm_overflow", (double)st->comm_overflow) ||
	    add_num(c, "work_overflow", (double)st->work_overflow) ||
	    add_ledger(c, &st->ledger))
		goto fail;
	rss = cJSON_AddObjectToObject(c, "rss");
	if (!rss)
		goto fail;
	b = cJSON_AddArrayToObject(rss, "buckets");
	if (!b)
		goto fail;
	for (i = 0; i < STORE_RSS_BUCKETS; i++) {
		o = cJSON_CreateNumber((double)st->rss_bucket[i]);
		if (!o || !cJSON_AddItemToArray(b, o))
			goto fail;
	}
	if (add_num(rss, "count", (double)st->rss_count) ||
	    add_num(rss, "sum_bytes", st->rss_sum_bytes))
		goto fail;
	arr = series_json(st->comm, st->n_comm, 0);
	if (!arr || !cJSON_AddItemToObject(c, "comm", arr)) {
		cJSON_Delete(arr);
		goto fail;
	}
	arr = series_json(st->work, st->n_work, 1);
	if (!arr || !cJSON_AddItemToObject(c, "workload", arr)) {
		cJSON_Delete(arr);
		goto fail;
	}
	if (st->n_hosts) {
		arr = series_json(st->hosts, st->n_hosts, 0);
		if (!arr || !cJSON_AddItemToObject(c, "hosts", arr) ||
		    add_num(c, "host_overflow", (double)st->host_overflow)) {
			cJSON_Delete(arr);
			goto fail;
		}
	}
	srcs = cJSON_AddArrayToObject(c, "sources");
	if (!srcs)
		goto fail;
	for (i = 0; i < st->n_sources; i++) {
		const struct store_source *s = &st->sources[i];

		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(srcs, o))
			goto fail;
		if (!cJSON_AddStringToObject(o, "name", s->name) ||
		    source_counters_json(o, s))
			goto fail;
	}
	return c;
fail:
	cJSON_Delete(c);
	return NULL;
}

static int cursor_json(cJSON *arr, const struct state_cursor *c)
{
	cJSON *o = cJSON_CreateObject();
	char num[32], hex[2 * FOLLOW_FP_LEN + 1];
	size_t i, fpl;

	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return -1;
	}
	if (!cJSON_AddStringToObject(o, "name", c->name) ||
	    !cJSON_AddStringToObject(o, "type", src_names[c->type]))
		return -1;
	switch (c->type) {
	case STATE_SRC_KMSG:
		if (!cJSON_AddStringToObject(o, "boot_id", c->boot_id) ||
		    add_num(o, "next_seq", (double)c->next_seq))
			return -1;
		break;
	case STATE_SRC_FILE:
		/* dev and inode can exceed 2^53: strings. */
		snprintf(num, sizeof(num), "%" PRIu64, c->pos.dev);
		if (!cJSON_AddStringToObject(o, "device", num))
			return -1;
		snprintf(num, sizeof(num), "%" PRIu64, c->pos.ino);
		if (!cJSON_AddStringToObject(o, "inode", num))
			return -1;
		fpl = c->pos.fp_len > FOLLOW_FP_LEN ? FOLLOW_FP_LEN : c->pos.fp_len;
		for (i = 0; i < fpl; i++)
			snprintf(hex + 2 * i, 3, "%02x", c->pos.fp[i]);
		hex[2 * fpl] = '\0';
		if (add_num(o, "offset", (double)c->pos.offset) ||
		    add_num(o, "line", (double)c->pos.line) ||
		    !cJSON_AddStringToObject(o, "fingerprint", hex))
			return -1;
		if (c->size > 0 && (add_num(o, "size", (double)c->size) || add_num(o, "mtime", (double)c->mtime)))
			return -1;
		break;
	case STATE_SRC_JOURNAL:
		if (!cJSON_AddStringToObject(o, "cursor", c->journal))
			return -1;
		break;
	}
	return 0;
}

static char *state_render(const struct state *s, const struct store *st)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr, *c;
	char *out = NULL;
	int i;

	if (!root)
		return NULL;
	if (add_num(root, "version", STATE_VERSION))
		goto out;
	arr = cJSON_AddArrayToObject(root, "sources");
	if (!arr)
		goto out;
	for (i = 0; i < s->n; i++) {
		if (cursor_json(arr, &s->cur[i]))
			goto out;
	}
	c = counters_json(st);
	if (!c || !cJSON_AddItemToObject(root, "counters", c)) {
		cJSON_Delete(c);
		goto out;
	}
	out = cJSON_PrintUnformatted(root);
out:
	cJSON_Delete(root);
	return out;
}

int state_save(const char *path, const struct state *s, const struct store *st,
	       char *err, size_t errn)
{
	char *text = state_render(s, st);
	struct atomic_file af;
	FILE *f;
	int ret = -1;

	if (!text) {
		snprintf(err, errn, "out of memory rendering the state");
		return -1;
	}
	if (atomic_open(&af, path, 0600, AF_MKDIR, err, errn) < 0)
		goto out;
	f = atomic_stream(&af);
	if (!f || fputs(text, f) < 0 || fputc('\n', f) == EOF) {
		snprintf(err, errn, "%s: %s", af.tmp, strerror(errno));
		atomic_abort(&af);
		goto out;
	}
	ret = atomic_commit(&af, err, errn);
out:
	cJSON_free(text);
	return ret;
}

/* --- reading ------------------------------------------------------------ */

static double get_num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble)
		return 0;
	return v->valuedouble;
}

/* A count from a JSON number: >= 0, at most 9.2e18; NaN is 0. The range
 * is checked before the conversion, which is undefined outside it. */
static uint64_t count_of(double d)
{
	if (!(d > 0))
		return 0;
	if (d >= 9.2e18)
		return (uint64_t)9.2e18;
	return (uint64_t)d;
}

static uint64_t get_count(const cJSON *o, const char *k)
{
	return count_of(get_num(o, k));
}

static void get_ledger(const cJSON *c, struct store_ledger *l)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(c, "ledger");

	memset(l, 0, sizeof(*l));
	if (!cJSON_IsObject(o))
		return;
	l->anchors = get_count(o, "anchors");
	l->events = get_count(o, "events");
	l->folded = get_count(o, "folded");
	l->incomplete = get_count(o, "incomplete");
	l->unrecognised = get_count(o, "unrecognised");
}

static int64_t get_i64(const cJSON *o, const char *k)
{
	double d = get_num(o, k);

	if (d >= 9.2e18)
		return (int64_t)9.2e18;
	if (d <= -9.2e18)
		return (int64_t)-9.2e18;
	return (int64_t)d;
}

static const char *get_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* Why the cursor of o is refused, into err; returns -1. */
static int bad_cursor(char *err, size_t errn, const char *name, const char *why)
{
	snprintf(err, errn, "source \"%.200s\": %s", name ? name : "", why);
	return -1;
}

/* A JSON number field that is present must be a whole number >= 0. */
static int non_negative(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return !v || (cJSON_IsNumber(v) && v->valuedouble >= 0);
}

static int parse_cursor(const cJSON *o, struct state_cursor *c, char *err, size_t errn)
{
	const char *name = get_str(o, "name");
	const char *type = get_str(o, "type");
	const char *v;
	size_t i, n;

	memset(c, 0, sizeof(*c));
	if (!name || !type || !name[0])
		return bad_cursor(err, errn, name, "no name or type");
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (strcmp(type, "kmsg") == 0) {
		c->type = STATE_SRC_KMSG;
		v = get_str(o, "boot_id");
		snprintf(c->boot_id, sizeof(c->boot_id), "%s", v ? v : "");
		if (!non_negative(o, "next_seq"))
			return bad_cursor(err, errn, name, "negative or invalid next_seq");
		c->next_seq = get_i64(o, "next_seq");
	} else if (strcmp(type, "file") == 0) {
		c->type = STATE_SRC_FILE;
		v = get_str(o, "device");
		c->pos.dev = v ? strtoull(v, NULL, 10) : 0;
		v = get_str(o, "inode");
		c->pos.ino = v ? strtoull(v, NULL, 10) : 0;
		/* A negative offset cannot be a position that was read to;
		 * reading from 0 instead would count the file twice. */
		if (!non_negative(o, "offset"))
			return bad_cursor(err, errn, name, "negative or invalid offset");
		c->pos.offset = get_i64(o, "offset");
		c->pos.line = get_i64(o, "line");
		if (!non_negative(o, "size") || !non_negative(o, "mtime"))
			return bad_cursor(err, errn, name, "negative or invalid size or mtime");
		c->size = get_i64(o, "size");
		c->mtime = get_i64(o, "mtime");
		if (c->pos.line < 1)
			c->pos.line = 1;
		v = get_str(o, "fingerprint");
		n = v ? strlen(v) / 2 : 0;
		if (n > FOLLOW_FP_LEN)
			n = FOLLOW_FP_LEN;
		for (i = 0; i < n; i++) {
			int hi = span_hexval((unsigned char)v[2 * i]);
			int lo = span_hexval((unsigned char)v[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return bad_cursor(err, errn, name, "fingerprint is not hexadecimal");
			c->pos.fp[i] = (unsigned char)(hi << 4 | lo);
		}
		c->pos.fp_len = n;
	} else if (strcmp(type, "journal") == 0) {
		c->type = STATE_SRC_JOURNAL;
		v = get_str(o, "cursor");
		snprintf(c->journal, sizeof(c->journal), "%s", v ? v : "");
	} else {
		return bad_cursor(err, errn, name, "unknown source type");
	}
	return 0;
}

static int parse_series(const cJSON *arr, struct store *st, int workload)
{
	const cJSON *o;
	const char *kind, *label, *type;
	struct store_series in;
	int k, t;

	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return -1;
	/* Every entry goes through the store's caps: at most max_labels
	 * values, the rest counted under __other__ and as overflow. */
	cJSON_ArrayForEach(o, arr) {
		kind = get_str(o, "kind");
		label = get_str(o, "label");
		k = kind ? event_kind_parse(kind) : -1;
		/* workload 2: the hosts table, where "" is a host unnamed. */
		if (k < 0 || !label || (!label[0] && workload != 2))
			continue;
		t = 0;
		if (workload == 1) {
			type = get_str(o, "type");
			for (t = 0; t < WL_TYPE_COUNT; t++) {
				if (type && strcmp(type, store_workload_name(t)) == 0)
					break;
			}
			if (t == WL_TYPE_COUNT)
				continue;
		}
		memset(&in, 0, sizeof(in));
		in.kind = (uint8_t)k;
		in.wl_type = (uint8_t)t;
		snprintf(in.label, sizeof(in.label), "%s", label);
		{
			const char *host = get_str(o, "host");

			snprintf(in.host, sizeof(in.host), "%s", host ? host : "");
		}
		if (workload == 1 && t == WL_POD) {
			const char *ns = get_str(o, "namespace"), *sub = get_str(o, "container");

			snprintf(in.ns, sizeof(in.ns), "%s", ns ? ns : "");
			snprintf(in.sub, sizeof(in.sub), "%s", sub ? sub : "");
		}
		in.count = get_count(o, "count");
		in.last_time = get_i64(o, "last_time");
		in.max_rss_kb = get_i64(o, "max_rss_kb");
		if (in.max_rss_kb < -1)
			in.max_rss_kb = -1;
		store_restore_series(st, workload, &in);
	}
	return 0;
}

/* Reads the metrics table's rows with a state key (see table_json); base is
 * the store, or a source for the per-source rows. */
static void table_read(const cJSON *c, void *base, enum metric_shape shape)
{
	size_t i;
	int k;

	for (i = 0; i < store_metrics_n; i++) {
		const struct metric_def *m = &store_metrics[i];

		if (!m->state || m->shape != shape)
			continue;
		if (shape == METRIC_BY_KIND) {
			const cJSON *o = cJSON_GetObjectItemCaseSensitive(c, m->state);

			for (k = 0; k < EV_KIND_COUNT; k++)
				metric_set(m, base, k, get_count(o, event_kind_name(k)));
		} else {
			metric_set(m, base, 0, get_count(c, m->state));
		}
	}
}

static int parse_counters(const cJSON *c, struct store *st)
{
	const cJSON *lt = cJSON_GetObjectItemCaseSensitive(c, "last_event_time");
	const cJSON *rss = cJSON_GetObjectItemCaseSensitive(c, "rss");
	const cJSON *srcs = cJSON_GetObjectItemCaseSensitive(c, "sources");
	const cJSON *b, *o;
	struct store_restored r;
	struct store_source *src;
	const char *name;
	int i;

	if (!cJSON_IsObject(c))
		return -1;
	table_read(c, st, METRIC_BY_KIND);
	table_read(c, st, METRIC_SCALAR);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < EV_KIND_COUNT; i++)
		r.last_event_time[i] = get_num(lt, event_kind_name(i));
	r.comm_overflow = get_count(c, "comm_overflow");
	r.work_overflow = get_count(c, "work_overflow");
	r.host_overflow = get_count(c, "host_overflow");
	get_ledger(c, &r.ledger);
	b = cJSON_GetObjectItemCaseSensitive(rss, "buckets");
	if (cJSON_IsArray(b)) {
		cJSON_ArrayForEach(o, b) {
			if (r.n_rss_buckets >= STORE_RSS_BUCKETS)
				break;
			r.rss_bucket[r.n_rss_buckets++] = cJSON_IsNumber(o) ? count_of(o->valuedouble) : 0;
		}
	}
	r.rss_count = get_count(rss, "count");
	r.rss_sum_bytes = get_num(rss, "sum_bytes");
	store_restore(st, &r);
	if (parse_series(cJSON_GetObjectItemCaseSensitive(c, "comm"), st, 0) ||
	    parse_series(cJSON_GetObjectItemCaseSensitive(c, "hosts"), st, 2) ||
	    parse_series(cJSON_GetObjectItemCaseSensitive(c, "workload"), st, 1))
		return -1;
	if (cJSON_IsArray(srcs)) {
		cJSON_ArrayForEach(o, srcs) {
			name = get_str(o, "name");
			if (!name || !name[0])
				continue;
			src = store_source(st, name);
			if (!src)
				break;
			table_read(o, src, METRIC_BY_SOURCE);
		}
	}
	return 0;
}

int state_parse(const char *text, size_t n, struct state *s, struct store *st,
		char *err, size_t errn)
{
	struct store *tmp = NULL;
	cJSON *root;
	const cJSON *srcs, *o, *c;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	root = cJSON_ParseWithLength(text, n);
	if (!root || !cJSON_IsObject(root)) {
		snprintf(err, errn, "not a JSON object");
		goto out;
	}
	if (get_num(root, "version") != STATE_VERSION) {
		snprintf(err, errn, "unknown state version");
		goto out;
	}
	srcs = cJSON_GetObjectItemCaseSensitive(root, "sources");
	if (srcs && !cJSON_IsArray(srcs)) {
		snprintf(err, errn, "\"sources\" is not an array");
		goto out;
	}
	cJSON_ArrayForEach(o, srcs) {
		if (s->n >= STATE_MAX_CURSORS)
			break;
		if (parse_cursor(o, &s->cur[s->n], err, errn) < 0)
			goto out;
		if (!state_find(s, s->cur[s->n].name))
			s->n++;
	}
	/* Counters go to a scratch store first: all or nothing. */
	tmp = store_new_ringless(0);
	if (!tmp) {
		snprintf(err, errn, "out of memory");
		goto out;
	}
	store_set_labels(tmp, st->max_labels, tmp->host_label);
	c = cJSON_GetObjectItemCaseSensitive(root, "counters");
	if (c && parse_counters(c, tmp)) {
		snprintf(err, errn, "invalid \"counters\"");
		goto out;
	}
	store_copy_counters(st, tmp);
	ret = 0;
out:
	if (ret)
		memset(s, 0, sizeof(*s));
	store_free(tmp);
	cJSON_Delete(root);
	return ret;
}

int state_load(const char *path, struct state *s, struct store *st,
	       char *err, size_t errn)
{
	struct stat sb;
	char *text = NULL;
	ssize_t r;
	size_t got = 0;
	int fd, ret = -1;

	memset(s, 0, sizeof(*s));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errn, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > STATE_MAX_BYTES) {
		snprintf(err, errn, "%s: not a regular file of at most %d bytes",
			 path, STATE_MAX_BYTES);
		goto out;
	}
	text = malloc((size_t)sb.st_size + 1);
	if (!text) {
		snprintf(err, errn, "out of memory");
		goto out;
	}
	while (got < (size_t)sb.st_size) {
		r = read(fd, text + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errn, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (state_parse(text, got, s, st, err, errn) == 0) {
		ret = 0;
	} else {
		char why[160];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errn, "%s: %s", path, why);
	}
out:
	free(text);
	close(fd);
	return ret;
}
