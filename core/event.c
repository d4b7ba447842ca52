/*
 * event.c - event record helpers: kind names, field setting, time formatting
 * and workload attribution from cgroup paths.
 *
 * Trusts that events were made by event_init (strings NUL-terminated);
 * cgroup paths may hold anything. Thread-safe: the only shared state is the
 * store of long cgroup paths, append-only under a mutex.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "event.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "text.h"

static const char *const kind_names[EV_KIND_COUNT] = {
	[EV_OOM_KILL] = "oom_kill",
	[EV_MEMCG_OOM_KILL] = "memcg_oom_kill",
	[EV_USERSPACE_OOM_KILL] = "userspace_oom_kill",
	[EV_ALLOC_FAILURE] = "alloc_failure",
	[EV_COMMIT_LIMIT] = "commit_limit",
	[EV_RUNTIME_OOM] = "runtime_oom",
	[EV_MEMORY_WARNING] = "memory_warning",
	[EV_OOM_REAP] = "oom_reap",
};

void event_init(struct oom_event *ev, enum ev_kind kind)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->line = EV_NONE;
	ev->time_sec = EV_NONE;
	ev->uptime_usec = EV_NONE;
	ev->pid = EV_NONE;
	ev->uid = EV_NONE;
	ev->trigger_pid = EV_NONE;
	ev->order = EV_NONE;
	ev->total_vm_kb = EV_NONE;
	ev->anon_rss_kb = EV_NONE;
	ev->file_rss_kb = EV_NONE;
	ev->shmem_rss_kb = EV_NONE;
	ev->pgtables_kb = EV_NONE;
	ev->oom_score_adj = EV_NONE;
	ev->score = EV_NONE;
	ev->swap_total_kb = EV_NONE;
	ev->swap_free_kb = EV_NONE;
	ev->memcg_usage_kb = EV_NONE;
	ev->memcg_limit_kb = EV_NONE;
	ev->requested_bytes = EV_NONE;
	ev->errno_code = EV_NONE;
}

const char *event_kind_name(enum ev_kind kind)
{
	if ((unsigned)kind >= EV_KIND_COUNT)
		return "unknown";
	return kind_names[kind];
}

int event_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < EV_KIND_COUNT; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

int event_is_kill(enum ev_kind kind)
{
	return kind == EV_OOM_KILL || kind == EV_MEMCG_OOM_KILL ||
	       kind == EV_USERSPACE_OOM_KILL;
}

/* a + b saturated at the int64 range (sizes from the log may be huge). */
static int64_t add_sat(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN + 1;
	return r;
}

int64_t event_rss_kb(const struct oom_event *ev)
{
	const int64_t parts[3] = { ev->anon_rss_kb, ev->file_rss_kb, ev->shmem_rss_kb };
	int64_t sum = 0;
	int any = 0, i;

	for (i = 0; i < 3; i++) {
		if (parts[i] == EV_NONE)
			continue;
		sum = add_sat(sum, parts[i]);
		any = 1;
	}
	return any ? sum : EV_NONE;
}

int event_set_str(struct oom_event *ev, char *field, unsigned fieldn,
		  const char *s, unsigned long n, unsigned cutbit)
{
	/* NUL is stored as C0 80 and a cut never splits a UTF-8 sequence. */
	int cut = text_copy(field, fieldn, s, n);

	if (cut)
		ev->cut |= cutbit;
	return cut;
}

/* ---- the store of long cgroup paths ---- */

#define MEMCG_SLOTS 4096 /* hash slots (power of two); more than paths fit */

static struct {
	pthread_mutex_t lock;
	size_t used;
	unsigned long full;
	uint32_t slot[MEMCG_SLOTS]; /* offset + 1 of a stored path, 0 = empty */
	char bytes[EV_MEMCG_STORE];
} memcg_store = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The stored copy of s[0..n), stored now if new; NULL when there is no room. */
static const char *memcg_intern(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	const char *out = NULL;
	size_t i, probes;

	/* FNV-1a; the wraparound is the hash, made explicit (64-bit product,
	 * masked) so the integer sanitizer sees no unsigned overflow. */
	for (i = 0; i < n; i++)
		h = (uint32_t)(((uint64_t)(h ^ (unsigned char)s[i]) * 16777619u) & 0xffffffffu);
	pthread_mutex_lock(&memcg_store.lock);
	for (probes = 0; probes < MEMCG_SLOTS; probes++) {
		uint32_t *sl = &memcg_store.slot[(h + probes) & (MEMCG_SLOTS - 1)];
		const char *p;

		if (*sl == 0) {
			char *w = memcg_store.bytes + memcg_store.used;

			if (memcg_store.used + n + 1 > sizeof(memcg_store.bytes))
				break;
			memcpy(w, s, n);
			w[n] = '\0';
			*sl = (uint32_t)memcg_store.used + 1;
			memcg_store.used += n + 1;
			out = w;
			break;
		}
		p = memcg_store.bytes + *sl - 1;
		if (strncmp(p, s, n) == 0 && p[n] == '\0') {
			out = p;
			break;
		}
	}
	if (!out)
		memcg_store.full++;
	pthread_mutex_unlock(&memcg_store.lock);
	return out;
}

int event_set_memcg(struct oom_event *ev, enum ev_memcg which, const char *s, unsigned long n)
{
	char *field = which == EV_TASK_MEMCG ? ev->task_memcg : ev->oom_memcg;
	const char **lng = which == EV_TASK_MEMCG ? &ev->task_memcg_long : &ev->oom_memcg_long;
	unsigned bit = which == EV_TASK_MEMCG ? EV_CUT_TASK_MEMCG : EV_CUT_OOM_MEMCG;

	*lng = NULL;
	if (n >= EV_MEMCG_INLINE && n <= EV_MEMCG_MAX && memchr(s, '\0', n) == NULL)
		*lng = memcg_intern(s, n);
	/* The inline copy is cut; with the whole path stored, nothing is. */
	event_set_str(ev, field, EV_MEMCG_INLINE, s, n, *lng ? 0 : bit);
	return n >= EV_MEMCG_INLINE && !*lng;
}

const char *event_oom_memcg(const struct oom_event *ev)
{
	return ev->oom_memcg_long ? ev->oom_memcg_long : ev->oom_memcg;
}

const char *event_task_memcg(const struct oom_event *ev)
{
	return ev->task_memcg_long ? ev->task_memcg_long : ev->task_memcg;
}

unsigned long event_memcg_store_full(void)
{
	unsigned long n;

	pthread_mutex_lock(&memcg_store.lock);
	n = memcg_store.full;
	pthread_mutex_unlock(&memcg_store.lock);
	return n;
}

/* Writes v (0 <= v < 100) as two digits at p, from a table of 00..99. */
static void put2(char *p, unsigned v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";

	memcpy(p, pairs + 2 * v, 2);
}

/*
 * The stamp of a time in years 1970 to 9999 written directly (the civil
 * date from the day count, as in Howard Hinnant's "chrono-Compatible
 * Low-Level Date Algorithms"): what gmtime_r and strftime give, at a
 * fraction of their cost, since every event written formats its time.
 * Returns 0, or -1 when the time or buffer is outside that case.
 */
static int format_time_fast(int64_t t, int nsec, char *buf, unsigned n)
{
	int64_t days, z, era, doe, yoe, doy, mp, y, sec;
	unsigned m, d;

	if (t < 0 || t >= INT64_C(253402300800) || n < 32 || nsec >= 1000000000)
		return -1;
	days = t / 86400;
	sec = t % 86400;
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	y = yoe + era * 400 + (m <= 2);
	put2(buf, (unsigned)y / 100);
	put2(buf + 2, (unsigned)y % 100);
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '-';
	put2(buf + 8, d);
	buf[10] = 'T';
	put2(buf + 11, (unsigned)(sec / 3600));
	buf[13] = ':';
	put2(buf + 14, (unsigned)(sec / 60 % 60));
	buf[16] = ':';
	put2(buf + 17, (unsigned)(sec % 60));
	if (nsec > 0) {
		unsigned us = (unsigned)(nsec / 1000);

		buf[19] = '.';
		put2(buf + 20, us / 10000);
		put2(buf + 22, us / 100 % 100);
		put2(buf + 24, us % 100);
		memcpy(buf + 26, "Z", 2);
	} else {
		memcpy(buf + 19, "Z", 2);
	}
	return 0;
}

int event_format_time(const struct oom_event *ev, char *buf, unsigned n)
{
	struct tm tm;
	time_t t;
	size_t len;

	if (ev->time_sec == EV_NONE)
		return -1;
	if (format_time_fast(ev->time_sec, ev->time_nsec, buf, n) == 0)
		return 0;
	t = (time_t)ev->time_sec;
	if (!gmtime_r(&t, &tm))
		return -1;
	len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (len == 0)
		return -1;
	if (ev->time_nsec > 0)
		snprintf(buf + len, n - len, ".%06dZ", ev->time_nsec / 1000);
	else
		snprintf(buf + len, n - len, "Z");
	return 0;
}

/* ---- cgroup attribution ---- */

struct comp {
	const char *p;
	size_t n;
};

/* 1 for the bytes of a container id: 0-9 and a-f. */
static const unsigned char hex_lower[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
};

static int is_hex_id(const char *p, size_t n)
{
	size_t i;

	if (n < 12)
		return 0;
	/* eight bytes a step, one test for all of them */
	for (i = 0; i + 8 <= n; i += 8) {
		const unsigned char *u = (const unsigned char *)p + i;

		if (!(hex_lower[u[0]] & hex_lower[u[1]] & hex_lower[u[2]] & hex_lower[u[3]] &
		      hex_lower[u[4]] & hex_lower[u[5]] & hex_lower[u[6]] & hex_lower[u[7]]))
			return 0;
	}
	for (; i < n; i++)
		if (!hex_lower[(unsigned char)p[i]])
			return 0;
	return 1;
}

/* The literal's length is a constant at every use, so the compare is a few
 * loads rather than a call. */
static inline int has_suffix_n(struct comp c, const char *suf, size_t k)
{
	return c.n >= k && memcmp(c.p + c.n - k, suf, k) == 0;
}

static inline int has_prefix_n(struct comp c, const char *pre, size_t k)
{
	return c.n >= k && memcmp(c.p, pre, k) == 0;
}

#define has_suffix(c, lit) has_suffix_n((c), lit, sizeof(lit) - 1)
#define has_prefix(c, lit) has_prefix_n((c), lit, sizeof(lit) - 1)

/* The first k bytes of lit inside p[0..n), or NULL: memmem's answer
 * without its set-up (the components are short, the needles shorter). */
static const char *find_lit(const char *p, size_t n, const char *lit, size_t k)
{
	const char *q = p, *end = p + n;

	while ((size_t)(end - q) >= k && (q = memchr(q, lit[0], (size_t)(end - q) - k + 1)) != NULL) {
		if (memcmp(q + 1, lit + 1, k - 1) == 0)
			return q;
		q++;
	}
	return NULL;
}

#define FIND_LIT(p, n, lit) find_lit((p), (n), lit, sizeof(lit) - 1)

/* A container id inside one path component, or 0. */
static int container_in(struct comp c, int in_runtime, struct comp *id)
{
	static const struct {
		const char *s;
		size_t n;
	} pre[] = { { "docker-", 7 }, { "cri-containerd-", 15 }, { "crio-conmon-", 12 },
		    { "crio-", 5 },   { "libpod-", 7 },          { "containerd-", 11 } };
	size_t i;

	/* A bare component is an id at the runtimes' full length (64 hex
	 * digits), or at 12+ under a runtime's own parent (/docker/,
	 * /kubepods/...): a hex name elsewhere (a session hash, a build id)
	 * is not a container. */
	if ((c.n == 64 || in_runtime) && is_hex_id(c.p, c.n)) {
		*id = c;
		return 1;
	}
	/* every prefix starts with one of these */
	if (!c.n || (c.p[0] != 'd' && c.p[0] != 'c' && c.p[0] != 'l'))
		return 0;
	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		size_t k = pre[i].n;
		struct comp r;

		if (!has_prefix_n(c, pre[i].s, k))
			continue;
		r.p = c.p + k;
		r.n = c.n - k;
		if (has_suffix(r, ".scope"))
			r.n -= 6;
		if (is_hex_id(r.p, r.n)) {
			*id = r;
			return 1;
		}
	}
	return 0;
}

static void set_pod(struct oom_event *ev, const char *p, size_t n)
{
	char uid[40];
	size_t i;

	if (n >= sizeof(uid))
		n = sizeof(uid) - 1;
	for (i = 0; i < n; i++)
		uid[i] = p[i] == '_' ? '-' : p[i];
	uid[n] = '\0';
	if (!ev->pod_uid[0])
		EVENT_SET(ev, pod_uid, uid, n, EV_CUT_OTHER);
}

static void pod_from(struct oom_event *ev, struct comp c)
{
	struct comp r = c;
	const char *q;

	/* cgroupfs: "pod<uid>"; systemd: "kubepods-<qos>-pod<uid_>.slice".
	 * A "pod" counts at the start or after '-', with more than 30 bytes
	 * after it; the earliest such place is the only one that can have
	 * them. */
	if (has_suffix(r, ".slice"))
		r.n -= 6;
	if (r.n <= 3 + 30)
		return;
	if (has_prefix(r, "pod")) {
		set_pod(ev, r.p + 3, r.n - 3);
		return;
	}
	q = FIND_LIT(r.p, r.n, "-pod");
	if (q && r.n - (size_t)(q + 1 - r.p) > 3 + 30)
		set_pod(ev, q + 4, r.n - (size_t)(q + 1 - r.p) - 3);
}

static void qos_from(struct oom_event *ev, struct comp c)
{
	if (ev->pod_qos[0])
		return;
	if (FIND_LIT(c.p, c.n, "burstable"))
		EVENT_SET(ev, pod_qos, "burstable", 9, EV_CUT_OTHER);
	else if (FIND_LIT(c.p, c.n, "besteffort"))
		EVENT_SET(ev, pod_qos, "besteffort", 10, EV_CUT_OTHER);
}

void event_attribute_cgroup(struct oom_event *ev)
{
	const char *path = ev->task_memcg[0] ? event_task_memcg(ev) : event_oom_memcg(ev);
	struct comp comps[32], id = { 0, 0 }, unit = { 0, 0 }, slice = { 0, 0 };
	size_t nc = 0, i;
	const char *p = path, *end;
	int kube = 0, have_id = 0, lxc = 0, docker = 0;

	if (!path[0])
		return;
	end = path + strlen(path);
	while (p < end && nc < 32) {
		const char *e;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = memchr(p, '/', (size_t)(end - p));
		if (!e)
			e = end;
		comps[nc].p = p;
		comps[nc].n = (size_t)(e - p);
		nc++;
		p = e;
	}
	for (i = 0; i < nc; i++) {
		struct comp c = comps[i];

		/* kind nests the node's tree under "kubelet.slice/kubelet-kubepods..." */
		if (has_prefix(c, "kubepods") || has_prefix(c, "kubelet-kubepods")) {
			kube = 1;
			qos_from(ev, c);
			pod_from(ev, c);
			continue;
		}
		if (kube && (has_prefix(c, "pod") || FIND_LIT(c.p, c.n, "-pod"))) {
			pod_from(ev, c);
			continue;
		}
		if (kube && (c.n == 9 || c.n == 10) && (has_prefix(c, "burstable") || has_prefix(c, "besteffort"))) {
			qos_from(ev, c);
			continue;
		}
		if (c.n == 6 && memcmp(c.p, "docker", 6) == 0) {
			docker = 1;
			continue;
		}
		if (has_prefix(c, "lxc.payload.") && !have_id) {
			id.p = c.p + 12;
			id.n = c.n - 12;
			have_id = lxc = 1;
			continue;
		}
		if ((c.n == 3 && memcmp(c.p, "lxc", 3) == 0) || has_prefix(c, "lxc.payload")) {
			lxc = 1;
			continue;
		}
		if (lxc && !have_id) {
			id = c;
			have_id = 1;
			continue;
		}
		/* Nested containers (kind, Podman in Docker): the innermost
		 * one runs the workload. */
		if (container_in(c, kube || docker, &id)) {
			have_id = 1;
			continue;
		}
		if (has_suffix(c, ".service") || has_suffix(c, ".scope") ||
		    has_suffix(c, ".socket") || has_suffix(c, ".mount") ||
		    has_suffix(c, ".swap"))
			unit = c;
		else if (has_suffix(c, ".slice"))
			slice = c;
	}
	if (kube && !ev->pod_qos[0] && ev->pod_uid[0])
		EVENT_SET(ev, pod_qos, "guaranteed", 10, EV_CUT_OTHER);
	if (have_id && !ev->container_id[0])
		EVENT_SET(ev, container_id, id.p, id.n, EV_CUT_OTHER);
	if (!ev->systemd_unit[0]) {
		if (unit.p)
			EVENT_SET(ev, systemd_unit, unit.p, unit.n, EV_CUT_OTHER);
		else if (slice.p && !kube && !have_id)
			EVENT_SET(ev, systemd_unit, slice.p, slice.n, EV_CUT_OTHER);
	}
}
