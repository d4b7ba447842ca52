/*
 * store.c - the aggregation store: event counters by kind, by kind and
 * process name, by kind and workload (systemd unit, pod, container), last
 * event times, the victim RSS histogram, note counters, per-source counters
 * and the ring of recent events.
 *
 * Trusts that events come from event_init (strings NUL-terminated); label
 * values may hold any bytes and are only copied (the exporter escapes them).
 * Not thread-safe: one thread (the collector) writes a store; readers work
 * on copies made under the caller's lock: store_copy_counters for the
 * counters (no ring), store_copy_recent for the ring.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "store.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/prefault.h"
#include "../core/text.h"

/*
 * 1 MiB .. 1 TiB in steps of x1.5 and x4/3 (1, 1.5, 2, 3, 4, 6, ... MiB),
 * then +Inf: fine enough that histogram_quantile lands within a third of a
 * victim's size, and every old x4 bound (1, 4, 16, ... MiB) is still a bound.
 */
const double store_rss_bounds[STORE_RSS_BUCKETS] = {
	1048576.0,             /* 1 MiB */
	1572864.0,             /* 1.5 MiB */
	2097152.0,             /* 2 MiB */
	3145728.0,             /* 3 MiB */
	4194304.0,             /* 4 MiB */
	6291456.0,             /* 6 MiB */
	8388608.0,             /* 8 MiB */
	12582912.0,            /* 12 MiB */
	16777216.0,            /* 16 MiB */
	25165824.0,            /* 24 MiB */
	33554432.0,            /* 32 MiB */
	50331648.0,            /* 48 MiB */
	67108864.0,            /* 64 MiB */
	100663296.0,           /* 96 MiB */
	134217728.0,           /* 128 MiB */
	201326592.0,           /* 192 MiB */
	268435456.0,           /* 256 MiB */
	402653184.0,           /* 384 MiB */
	536870912.0,           /* 512 MiB */
	805306368.0,           /* 768 MiB */
	1073741824.0,          /* 1 GiB */
	1610612736.0,          /* 1.5 GiB */
	2147483648.0,          /* 2 GiB */
	3221225472.0,          /* 3 GiB */
	4294967296.0,          /* 4 GiB */
	6442450944.0,          /* 6 GiB */
	8589934592.0,          /* 8 GiB */
	12884901888.0,         /* 12 GiB */
	17179869184.0,         /* 16 GiB */
	25769803776.0,         /* 24 GiB */
	34359738368.0,         /* 32 GiB */
	51539607552.0,         /* 48 GiB */
	68719476736.0,         /* 64 GiB */
	103079215104.0,        /* 96 GiB */
	137438953472.0,        /* 128 GiB */
	206158430208.0,        /* 192 GiB */
	274877906944.0,        /* 256 GiB */
	412316860416.0,        /* 384 GiB */
	549755813888.0,        /* 512 GiB */
	824633720832.0,        /* 768 GiB */
	1099511627776.0,       /* 1 TiB */
	__builtin_inf(),    /* +Inf */
};

void store_rss_import(struct store *st, const double *bounds,
		      const uint64_t *counts, int n)
{
	int i, j;

	for (i = 0; i < STORE_RSS_BUCKETS; i++) {
		uint64_t c = 0;

		/* Cumulative: the count at the largest old bound <= this one. */
		for (j = 0; j < n; j++) {
			if (bounds[j] <= store_rss_bounds[i] && counts[j] > c)
				c = counts[j];
		}
		st->rss_bucket[i] = c;
	}
}

/* Series slots kept back so that every (kind, type) can always get its
 * __other__ series, whatever the cap. */
#define STORE_RESERVED (EV_KIND_COUNT * WL_TYPE_COUNT)

#define STORE_AHEAD 32 /* series rows (10 KiB) mapped at once as a table grows */

static const char *const wl_names[WL_TYPE_COUNT] = {
	[WL_SYSTEMD_UNIT] = "systemd_unit",
	[WL_POD] = "pod",
	[WL_CONTAINER] = "container",
};

/*
 * Only what lies before the tables is cleared: rows past a table's count
 * are never read, and a stale index (idx_rows -1) is rebuilt at the first
 * lookup, as after store_copy_counters. So a store costs what it holds,
 * not its capacity: calloc would clear the whole 0.9 MB (on every scrape's
 * snapshot, once the allocator keeps freed chunks of this size on its
 * heap).
 */
static struct store *store_alloc(int max_labels, int ring)
{
	struct store *st = malloc(sizeof(*st));

	if (!st)
		return NULL;
	memset(st, 0, offsetof(struct store, comm));
	st->idx_rows[0] = st->idx_rows[1] = st->idx_rows[2] = -1;
	st->recent = ring ? calloc(STORE_RECENT_MAX, sizeof(st->recent[0])) : NULL;
	if (ring && !st->recent) {
		free(st);
		return NULL;
	}
	if (max_labels <= 0)
		max_labels = STORE_DEFAULT_MAX_LABELS;
	if (max_labels > STORE_SERIES_MAX)
		max_labels = STORE_SERIES_MAX;
	st->max_labels = max_labels;
	return st;
}

struct store *store_new(int max_labels)
{
	return store_alloc(max_labels, 1);
}

struct store *store_new_ringless(int max_labels)
{
	return store_alloc(max_labels, 0);
}

void store_free(struct store *st)
{
	if (!st)
		return;
	free(st->recent);
	free(st);
}

const char *store_workload_name(enum store_workload t)
{
	if ((unsigned)t >= WL_TYPE_COUNT)
		return "unknown";
	return wl_names[t];
}

/* The label values that tell series of one (kind, type) apart. */
struct series_key {
	const char *host; /* with host_label: the event's host, else "" */
	const char *label;
	const char *ns;  /* pods: the namespace, else "" */
	const char *sub; /* pods: the container name, else "" */
};

/* Copies a label value, cut to the label size; "" stays "". Returns 1 when
 * it was cut. */
static int label_copy(char *dst, const char *src, size_t max)
{
	size_t n = strnlen(src, max);
	int cut = n >= STORE_LABEL_MAX;

	if (cut)
		n = STORE_LABEL_MAX - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return cut;
}

/* The hash of the four label values (text_hash, each with its length),
 * so equal keys hash equal and a lookup compares strings only on a hash
 * match. It places series in the index only, never in a table's order. */
static uint32_t key_hash(const char *label, const char *ns, const char *sub, const char *host)
{
	uint32_t h = 2166136261u;

	h = text_hash(h, label, strlen(label));
	/* most keys have no namespace, container or host label */
	h = ns[0] ? text_hash(h, ns, strlen(ns)) : h ^ 1u;
	h = sub[0] ? text_hash(h, sub, strlen(sub)) : h ^ 2u;
	return host[0] ? text_hash(h, host, strlen(host)) : h ^ 4u;
}

/* strcmp(a, b) == 0, without the call for the empty strings most keys
 * hold (no namespace, container or host label). */
static int str_eq(const char *a, const char *b)
{
	return a[0] == b[0] && (a[0] == '\0' || strcmp(a + 1, b + 1) == 0);
}

static int key_eq(const struct store_series *s, const struct series_key *k, uint32_t h)
{
	return s->key_hash == h && str_eq(s->label, k->label) && str_eq(s->ns, k->ns) &&
	       str_eq(s->sub, k->sub) && str_eq(s->host, k->host);
}

/* Which of the store's tables tab is: its index in idx[]. */
static int table_of(const struct store *st, const struct store_series *tab)
{
	return tab == st->comm ? 0 : tab == st->work ? 1 : 2;
}

/*
 * The first slot of a series in its table's index. The kind is not mixed
 * in: the series of one key (every kind) start at the same slot, so the
 * probe that looks for one kind also sees whether another carries the key
 * (series_find's known).
 */
static uint32_t slot_of(uint32_t key_hash, unsigned wl)
{
	/* products masked to 32 bits: the wraparound is the mixing */
	uint32_t h = key_hash ^ (uint32_t)(((uint64_t)wl * 0x85EBCA77u) & 0xffffffffu);

	h ^= h >> 15;
	h = (uint32_t)(((uint64_t)h * 0x2C1B3C6Du) & 0xffffffffu);
	h ^= h >> 16;
	return h & (STORE_INDEX_SLOTS - 1);
}

_Static_assert((STORE_INDEX_SLOTS & (STORE_INDEX_SLOTS - 1)) == 0 &&
	       STORE_INDEX_SLOTS >= 2 * STORE_SERIES_MAX && STORE_SERIES_MAX < 65535,
	       "the index: a power of two, at most half full, rows + 1 in 16 bits");

static void index_put(uint16_t *idx, const struct store_series *tab, int row)
{
	uint32_t at = slot_of(tab[row].key_hash, tab[row].wl_type);

	while (idx[at])
		at = (at + 1) & (STORE_INDEX_SLOTS - 1);
	idx[at] = (uint16_t)(row + 1);
}

/* Brings table t's index up to its n rows when it is not. */
static void index_sync(struct store *st, int t, const struct store_series *tab, int n)
{
	int i;

	if (st->idx_rows[t] == n)
		return;
	memset(st->idx[t], 0, sizeof(st->idx[t]));
	for (i = 0; i < n && i < STORE_SERIES_MAX; i++)
		index_put(st->idx[t], tab, i);
	st->idx_rows[t] = n;
}

/* The hash of a key (key_hash of its four values). */
static uint32_t series_key_hash(const struct series_key *k)
{
	return key_hash(k->label, k->ns, k->sub, k->host);
}

/*
 * The series for (kind, wl, key k whose hash is h), or NULL; when known is
 * not NULL, *known is 1 when a series of the table of type wl carries the
 * key (of any kind), else 0. Every series of the key lies on the probe
 * from its slot (linear probing, no row is ever taken out of an index), so
 * one probe answers both.
 */
static struct store_series *series_find(struct store *st, struct store_series *tab, int n,
					unsigned kind, unsigned wl,
					const struct series_key *k, uint32_t h, int *known)
{
	uint32_t at;
	int t = table_of(st, tab), seen = 0;
	struct store_series *found = NULL;

	index_sync(st, t, tab, n);
	for (at = slot_of(h, wl); st->idx[t][at]; at = (at + 1) & (STORE_INDEX_SLOTS - 1)) {
		struct store_series *s = &tab[st->idx[t][at] - 1];

		if (s->wl_type == wl && key_eq(s, k, h)) {
			seen = 1;
			if (s->kind == kind) {
				found = s;
				break;
			}
		}
	}
	if (known)
		*known = seen;
	return found;
}

/* A new series of key k, whose hash is h. */
static struct store_series *series_new(struct store *st, struct store_series *tab, int *n,
				       unsigned kind, unsigned wl,
				       const struct series_key *k, uint32_t h)
{
	int t = table_of(st, tab), cut;
	struct store_series *s;

	if (*n >= STORE_SERIES_MAX)
		return NULL;
	/* rows are only appended: at each STORE_AHEAD-th, the next ones are
	 * mapped in one call, not faulted in a page at a time (prefault.h) */
	if (*n % STORE_AHEAD == 0) {
		int ahead = STORE_SERIES_MAX - *n < STORE_AHEAD ? STORE_SERIES_MAX - *n : STORE_AHEAD;

		prefault(&tab[*n], sizeof(tab[0]) * (size_t)ahead);
	}
	s = &tab[(*n)++];
	memset(s, 0, sizeof(*s));
	s->kind = (uint8_t)kind;
	s->wl_type = (uint8_t)wl;
	cut = label_copy(s->label, k->label, STORE_LABEL_MAX);
	cut |= label_copy(s->ns, k->ns, STORE_LABEL_MAX);
	cut |= label_copy(s->sub, k->sub, STORE_LABEL_MAX);
	cut |= label_copy(s->host, k->host, STORE_LABEL_MAX);
	/* a value cut to fit has another hash: it is found under it */
	s->key_hash = cut ? key_hash(s->label, s->ns, s->sub, s->host) : h;
	s->max_rss_kb = -1;
	if (st->idx_rows[t] == *n - 1) {
		index_put(st->idx[t], tab, *n - 1);
		st->idx_rows[t] = *n;
	}
	return s;
}

/*
 * The series for (kind, wl, key): existing, new while the caps allow, else
 * the __other__ series of (kind, wl) with *overflow counted.
 */
static struct store_series *series_get(struct store *st, struct store_series *tab,
				       int *n, int *n_labels, unsigned kind,
				       unsigned wl, const struct series_key *k,
				       uint64_t *overflow)
{
	const struct series_key other = { k->host, STORE_OTHER_LABEL, "", "" };
	struct store_series *s;
	uint32_t h = series_key_hash(k);
	int known;

	/* One hash and one probe for the series and whether its key is
	 * known. */
	s = series_find(st, tab, *n, kind, wl, k, h, &known);
	if (s)
		return s;
	if (*n < STORE_SERIES_MAX - STORE_RESERVED) {
		if (known || *n_labels < st->max_labels) {
			s = series_new(st, tab, n, kind, wl, k, h);
			if (s) {
				if (!known)
					(*n_labels)++;
				return s;
			}
		}
	}
	(*overflow)++;
	h = series_key_hash(&other);
	s = series_find(st, tab, *n, kind, wl, &other, h, NULL);
	if (s)
		return s;
	return series_new(st, tab, n, kind, wl, &other, h);
}

static void series_count(struct store_series *s, int64_t t, int64_t rss_kb)
{
	if (!s)
		return;
	s->count++;
	if (t > s->last_time)
		s->last_time = t;
	if (rss_kb != EV_NONE && rss_kb > s->max_rss_kb)
		s->max_rss_kb = rss_kb;
}

/* The short (12 hex digit) id, as docker ps shows it: a full 64-digit id
 * does not fit a label and adds nothing. */
static void short_id(char *dst, const char *id)
{
	size_t n = strnlen(id, 12);

	memcpy(dst, id, n);
	dst[n] = '\0';
}

void store_add_event(struct store *st, const struct oom_event *ev)
{
	char label[STORE_LABEL_MAX], host[STORE_LABEL_MAX] = "";
	unsigned kind = (unsigned)ev->kind;
	int64_t t = ev->time_sec != EV_NONE ? ev->time_sec : 0;
	int64_t rss_kb;
	int i;

	if (kind >= EV_KIND_COUNT)
		return;
	st->events[kind]++;
	if (t > 0 && (double)t + ev->time_nsec / 1e9 > st->last_event_time[kind])
		st->last_event_time[kind] = (double)t + ev->time_nsec / 1e9;
	if (ev->reaped && event_is_kill(ev->kind))
		st->reaped++; /* an oom_reap event alone is no kill */

	rss_kb = event_rss_kb(ev);
	if (event_is_kill(ev->kind) && rss_kb != EV_NONE && rss_kb >= 0) {
		double bytes = (double)rss_kb * 1024.0;

		/* The bounds ascend: every bucket from the first one that
		 * holds bytes up to +Inf counts it, found from the top. */
		for (i = STORE_RSS_BUCKETS - 1; i >= 0 && bytes <= store_rss_bounds[i]; i--)
			st->rss_bucket[i]++;
		st->rss_count++;
		st->rss_sum_bytes += bytes;
	}

	if (st->host_label) {
		label_copy(host, ev->host, sizeof(ev->host));
		{
			struct series_key k = { "", host, "", "" };

			series_count(series_get(st, st->hosts, &st->n_hosts,
						&st->n_host_labels, kind, 0, &k,
						&st->host_overflow),
				     t, rss_kb);
		}
	}
	if (ev->comm[0]) {
		struct series_key k = { host, label, "", "" };

		label_copy(label, ev->comm, sizeof(ev->comm));
		series_count(series_get(st, st->comm, &st->n_comm,
					&st->n_comm_labels, kind, 0, &k, &st->comm_overflow),
			     t, rss_kb);
	}
	if (ev->systemd_unit[0]) {
		struct series_key k = { host, label, "", "" };

		label_copy(label, ev->systemd_unit, sizeof(ev->systemd_unit));
		series_count(series_get(st, st->work, &st->n_work,
					&st->n_work_labels[WL_SYSTEMD_UNIT], kind,
					WL_SYSTEMD_UNIT, &k, &st->work_overflow),
			     t, rss_kb);
	}
	/* One pod or container series per event, never both: a pod's
	 * container is a label of the pod's series, so sum() counts a kill
	 * once. */
	if (ev->pod_uid[0] || ev->k8s_pod[0]) {
		char ns[STORE_LABEL_MAX], sub[STORE_LABEL_MAX];
		struct series_key k = { host, label, ns, sub };

		if (ev->k8s_pod[0])
			label_copy(label, ev->k8s_pod, sizeof(ev->k8s_pod));
		else
			label_copy(label, ev->pod_uid, sizeof(ev->pod_uid));
		label_copy(ns, ev->k8s_namespace, sizeof(ev->k8s_namespace));
		if (ev->k8s_container[0])
			label_copy(sub, ev->k8s_container, sizeof(ev->k8s_container));
		else
			short_id(sub, ev->container_id);
		series_count(series_get(st, st->work, &st->n_work,
					&st->n_work_labels[WL_POD], kind, WL_POD,
					&k, &st->work_overflow),
			     t, rss_kb);
	} else if (ev->container_id[0]) {
		struct series_key k = { host, label, "", "" };

		short_id(label, ev->container_id);
		series_count(series_get(st, st->work, &st->n_work,
					&st->n_work_labels[WL_CONTAINER], kind,
					WL_CONTAINER, &k, &st->work_overflow),
			     t, rss_kb);
	}

	if (st->recent)
		st->recent[st->recent_total % STORE_RECENT_MAX] = *ev;
	st->recent_total++;
}

void store_restore_series(struct store *st, int table, const struct store_series *in)
{
	const struct series_key k = { in->host, in->label, in->ns, in->sub };
	const struct series_key other = { in->host, STORE_OTHER_LABEL, "", "" };
	struct store_series *tab, *s;
	int *n, *n_labels;
	uint64_t *overflow, ignored = 0;

	if (in->kind >= EV_KIND_COUNT || (table == 1 && in->wl_type >= WL_TYPE_COUNT) ||
	    (table != 1 && in->wl_type != 0) || (!in->label[0] && table != 2))
		return;
	if (table == 0) {
		tab = st->comm;
		n = &st->n_comm;
		n_labels = &st->n_comm_labels;
		overflow = &st->comm_overflow;
	} else if (table == 1) {
		tab = st->work;
		n = &st->n_work;
		n_labels = &st->n_work_labels[in->wl_type];
		overflow = &st->work_overflow;
	} else {
		tab = st->hosts;
		n = &st->n_hosts;
		n_labels = &st->n_host_labels;
		overflow = &st->host_overflow;
	}
	if (strcmp(in->label, STORE_OTHER_LABEL) == 0) {
		uint32_t h = series_key_hash(&other);

		s = series_find(st, tab, *n, in->kind, in->wl_type, &other, h, NULL);
		if (!s)
			s = series_new(st, tab, n, in->kind, in->wl_type, &other, h);
	} else {
		s = series_get(st, tab, n, n_labels, in->kind, in->wl_type, &k, &ignored);
	}
	if (!s)
		return;
	/* Past the cap the series' events join __other__ and are counted as
	 * overflow, as they would have been when first counted. */
	if (ignored)
		*overflow = in->count > UINT64_MAX - *overflow ? UINT64_MAX : *overflow + in->count;
	s->count = in->count > UINT64_MAX - s->count ? UINT64_MAX : s->count + in->count;
	if (in->last_time > s->last_time)
		s->last_time = in->last_time;
	if (in->max_rss_kb > s->max_rss_kb)
		s->max_rss_kb = in->max_rss_kb;
}

void store_add_note(struct store *st, const struct oom_note *note)
{
	if (note->type == NOTE_INCOMPLETE)
		st->incomplete++;
	else
		st->unrecognised++;
}

struct store_source *store_source(struct store *st, const char *name)
{
	char cut[sizeof(st->sources[0].name)];
	struct store_source *src;
	int i;

	snprintf(cut, sizeof(cut), "%s", name);
	for (i = 0; i < st->n_sources; i++) {
		if (strcmp(st->sources[i].name, cut) == 0)
			return &st->sources[i];
	}
	if (st->n_sources >= STORE_SOURCES_MAX - 1) {
		/* the table is full: the shared row, made once */
		if (st->n_sources == STORE_SOURCES_MAX)
			return &st->sources[STORE_SOURCES_MAX - 1];
		snprintf(cut, sizeof(cut), "%s", STORE_OTHER_LABEL);
	}
	src = &st->sources[st->n_sources++];
	memset(src, 0, sizeof(*src));
	memcpy(src->name, cut, sizeof(cut));
	if (st->n_sources == STORE_SOURCES_MAX) {
		src->shared = 1;
		src->up = 1;
	}
	return src;
}

/* The used rows of a table, within its bounds. */
static size_t rows(int n)
{
	return (size_t)(n < 0 ? 0 : n > STORE_SERIES_MAX ? STORE_SERIES_MAX : n);
}

void store_copy_counters(struct store *dst, const struct store *src)
{
	struct oom_event *ring = dst->recent;

	if (dst == src)
		return;
	memcpy(dst, src, offsetof(struct store, comm));
	dst->recent = ring;
	memcpy(dst->comm, src->comm, rows(src->n_comm) * sizeof(src->comm[0]));
	memcpy(dst->work, src->work, rows(src->n_work) * sizeof(src->work[0]));
	memcpy(dst->hosts, src->hosts, rows(src->n_hosts) * sizeof(src->hosts[0]));
	/* dst's index is of its old rows: rebuilt at its next lookup. */
	dst->idx_rows[0] = dst->idx_rows[1] = dst->idx_rows[2] = -1;
}

void store_copy_recent(struct store *dst, const struct store *src)
{
	assert(dst->recent && src->recent);
	if (dst == src)
		return;
	memcpy(dst->recent, src->recent, STORE_RECENT_MAX * sizeof(src->recent[0]));
	dst->recent_total = src->recent_total;
}

void store_copy(struct store *dst, const struct store *src)
{
	store_copy_counters(dst, src);
	if (dst->recent && src->recent)
		store_copy_recent(dst, src);
}

void store_publish(struct store *dst, struct store *src)
{
	uint64_t from = dst->recent_total, i;

	assert(dst->recent && src->recent);
	if (dst == src)
		return;
	if (src->recent_changed && src->recent_changed - 1 < from)
		from = src->recent_changed - 1;
	src->recent_changed = 0;
	if (from > src->recent_total || src->recent_total - from >= STORE_RECENT_MAX) {
		store_copy(dst, src);
		return;
	}
	for (i = from; i < src->recent_total; i++)
		dst->recent[i % STORE_RECENT_MAX] = src->recent[i % STORE_RECENT_MAX];
	store_copy_counters(dst, src);
}

int store_recent(const struct store *st, int *first)
{
	if (!st->recent) {
		*first = 0;
		return 0;
	}
	if (st->recent_total <= STORE_RECENT_MAX) {
		*first = 0;
		return (int)st->recent_total;
	}
	*first = (int)(st->recent_total % STORE_RECENT_MAX);
	return STORE_RECENT_MAX;
}

int store_amend_reaped(struct store *st, const struct oom_amend *a)
{
	int first, n, i;

	n = store_recent(st, &first);
	for (i = n - 1; i >= 0; i--) {
		struct oom_event *ev = &st->recent[(first + i) % STORE_RECENT_MAX];
		uint64_t number = st->recent_total - (uint64_t)n + (uint64_t)i;

		if (!event_is_kill(ev->kind) || ev->pid != a->pid ||
		    strcmp(ev->host, a->host) != 0)
			continue;
		if (!ev->reaped) {
			ev->reaped = 1;
			st->reaped++;
			if (!st->recent_changed || number + 1 < st->recent_changed)
				st->recent_changed = number + 1;
		}
		return 1;
	}
	return 0;
}

/* --- counters the readers add ---------------------------------------------- */

#define ADD(dst, v) ((dst) += (v), (v) != 0)

int store_add_counts(struct store *st, struct store_source *src, const struct store_counts *c)
{
	int n = 0;

	n += ADD(st->events_dropped, c->events_dropped);
	n += ADD(st->notes_dropped, c->notes_dropped);
	n += ADD(st->hosts_evicted, c->hosts_evicted);
	n += ADD(st->ledger.anchors, c->ledger.anchors);
	n += ADD(st->ledger.events, c->ledger.events);
	n += ADD(st->ledger.folded, c->ledger.folded);
	n += ADD(st->ledger.incomplete, c->ledger.incomplete);
	n += ADD(st->ledger.unrecognised, c->ledger.unrecognised);
	if (src) {
		n += ADD(src->lines, c->lines);
		n += ADD(src->bytes, c->bytes);
		n += ADD(src->lines_cut, c->lines_cut);
	}
	return n > 0;
}

#undef ADD

void store_source_health(struct store_source *src, int up, uint64_t records_lost)
{
	src->up = src->shared ? src->up && up : up;
	src->records_lost = records_lost;
}

void store_mark_seen(struct store *st, enum ev_kind kind, double now)
{
	if ((unsigned)kind >= EV_KIND_COUNT)
		return;
	if (now > st->last_event_time[kind])
		st->last_event_time[kind] = now;
}

void store_set_labels(struct store *st, int max_labels, int host_label)
{
	if (max_labels > 0)
		st->max_labels = max_labels > STORE_SERIES_MAX ? STORE_SERIES_MAX : max_labels;
	st->host_label = host_label;
}

void store_count_state_write_error(struct store *st)
{
	st->state_write_errors++;
}

/*
 * The state was written with the old x4 buckets (1 MiB .. 1 TiB, +Inf): its
 * counts are the first STORE_RSS_LEGACY_BUCKETS; spread them over today's
 * bounds.
 */
static void rss_import_legacy(struct store *st, const uint64_t *legacy)
{
	double bounds[STORE_RSS_LEGACY_BUCKETS];
	int i;

	for (i = 0; i < STORE_RSS_LEGACY_BUCKETS; i++)
		bounds[i] = i < STORE_RSS_LEGACY_BUCKETS - 1 ?
			    1048576.0 * (double)(1ULL << (2 * i)) : __builtin_inf();
	store_rss_import(st, bounds, legacy, STORE_RSS_LEGACY_BUCKETS);
}

void store_restore(struct store *st, const struct store_restored *r)
{
	int i;

	for (i = 0; i < EV_KIND_COUNT; i++)
		st->last_event_time[i] = r->last_event_time[i] > 0 ? r->last_event_time[i] : 0;
	st->comm_overflow = r->comm_overflow;
	st->work_overflow = r->work_overflow;
	st->host_overflow = r->host_overflow;
	st->ledger = r->ledger;
	if (r->n_rss_buckets == STORE_RSS_LEGACY_BUCKETS)
		rss_import_legacy(st, r->rss_bucket);
	else
		memcpy(st->rss_bucket, r->rss_bucket, sizeof(st->rss_bucket));
	st->rss_count = r->rss_count;
	st->rss_sum_bytes = r->rss_sum_bytes > 0 ? r->rss_sum_bytes : 0;
}
