/*
 * http.c - the exporter's HTTP server on libmicrohttpd: /metrics (text
 * 0.0.4 or OpenMetrics, gzip on request), the JSON API, health and
 * readiness, a landing page; TLS and basic auth from --web.config.file.
 *
 * Trusts nothing in requests: MHD caps the request head
 * (MHD_OPTION_CONNECTION_MEMORY_LIMIT), query values are validated and
 * refused with 400, the number of connections is capped (max_requests) and
 * idle ones time out; connguard gives every request head and every response
 * a deadline that trickled bytes do not move, and at the cap closes the
 * oldest connection still waiting for its head, so slow clients cannot keep
 * a scrape out. Thread-safe: requests run in MHD's threads (one per
 * connection), each reads its own snapshot copy; the users table is swapped
 * under a mutex by http_reload, which the serve loop calls from one thread.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <zlib.h>

#include "../store/store.h"
#include "../core/event.h"
#include "../core/dynlib.h"
#include "../core/log.h"
#include "../core/timefmt.h"
#include "connguard.h"
#include "json.h"
#include "prom.h"
#include "webconfig.h"

/*
 * libmicrohttpd is opened at the first http_start (core/dynlib.h): a batch
 * run never maps it, nor GnuTLS behind it. Every MHD_ call goes through
 * these pointers, typed from microhttpd.h.
 */
#define MHD_FUNCS(X)                                                                               \
	X(add_response_header) X(stop_daemon) X(lookup_connection_value)                           \
	X(create_response_from_buffer) X(start_daemon) X(is_feature_supported) X(free)             \
	X(destroy_response) X(quiesce_daemon) X(queue_response) X(queue_basic_auth_fail_response)  \
	X(get_connection_values) X(get_connection_info) X(basic_auth_get_username_password)

static struct {
#define X(f) __typeof__(&MHD_##f) f;
	MHD_FUNCS(X)
#undef X
} mhd;
static struct dynlib mhd_lib = DYNLIB_INIT;

/* 0 once the functions are resolved, else -1 with err set. */
static int mhd_load(char *err, size_t errn)
{
	static const char *const names[] = {
#define X(f) "MHD_" #f,
		MHD_FUNCS(X)
#undef X
	};
	void *const slot[] = {
#define X(f) &mhd.f,
		MHD_FUNCS(X)
#undef X
	};

	return dynlib_load(&mhd_lib, OOMSCAN_MHD_SONAME, names, slot, (int)(sizeof(names) / sizeof(names[0])), err, errn);
}

#ifndef OOMSCAN_VERSION
#define OOMSCAN_VERSION "unknown"
#endif

#define CONNECTION_TIMEOUT_SEC 30
#define HEAD_DEADLINE_MS 10000   /* first request head, from the connect */
#define IDLE_DEADLINE_MS 30000   /* next head on a kept-alive connection */
#define BUSY_DEADLINE_MS 60000   /* request body and response */
#define CONNECTION_MEMORY_LIMIT (32 * 1024) /* request head cap */
#define EVENTS_DEFAULT_LIMIT 100
#define REALM "oomscan"

struct listener {
	char addr[256];
	int fd;
	int port;
	struct MHD_Daemon *d;
};

struct http_server {
	struct http_snapshot_source src;
	char *telemetry_path;
	char *web_config_file;
	char *version;
	int have_journal;
	int max_requests;

	int n;
	struct listener l[HTTP_MAX_LISTEN];

	/* PEMs the running daemons were started with (NULL: plain HTTP). */
	char *cert_pem;
	char *key_pem;

	struct connguard *guard; /* deadlines and the cap, over every listener */

	pthread_mutex_t mu;   /* guards users */
	struct webconfig *users; /* basic-auth users, or NULL for none */
};

/* The last message MHD logged in this thread (for start-up errors). */
static __thread char mhd_last[256];

__attribute__((format(printf, 2, 0)))
static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	size_t n;

	vsnprintf(mhd_last, sizeof(mhd_last), fmt, ap);
	n = strlen(mhd_last);
	while (n && (mhd_last[n - 1] == '\n' || mhd_last[n - 1] == ' '))
		mhd_last[--n] = '\0';
	/* Refused connections matter to operators: at most one warning a
	 * minute; everything else MHD says (bad TLS clients, ...) is debug. */
	if (strstr(mhd_last, "connection limit")) {
		static time_t last_warn;
		time_t now = time(NULL), prev = __atomic_load_n(&last_warn, __ATOMIC_RELAXED);

		if (now - prev >= 60 &&
		    __atomic_compare_exchange_n(&last_warn, &prev, now, 0,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			log_warn("http: %s (--web.max-requests)", mhd_last);
			return;
		}
	}
	log_debug("http: %s", mhd_last);
}

/* ---- responses ---- */

/* The first c in [p, e), or NULL. */
static const char *find_in(const char *p, const char *e, char c)
{
	for (; p < e; p++)
		if (*p == c)
			return p;
	return NULL;
}

static int accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *p = ae;

	if (!ae)
		return 0;
	while (*p) {
		const char *comma = strchr(p, ',');
		const char *e = comma ? comma : p + strlen(p);
		const char *semi;
		size_t tn;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		semi = find_in(p, e, ';');
		tn = (size_t)((semi ? semi : e) - p);
		while (tn && (p[tn - 1] == ' ' || p[tn - 1] == '\t'))
			tn--;
		if ((tn == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (tn == 6 && strncasecmp(p, "x-gzip", 6) == 0)) {
			const char *q = semi ? strstr(semi, "q=") : NULL;

			if (!q || q >= e || strtod(q + 2, NULL) > 0)
				return 1;
		}
		p = comma ? comma + 1 : e;
	}
	return 0;
}

/* Gzips n bytes of in into a new buffer; returns it (*outn set) or NULL. */
static char *gzip_buf(const char *in, size_t n, size_t *outn)
{
	z_stream z;
	char *out = NULL;
	uLong bound;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	bound = deflateBound(&z, (uLong)n) + 32;
	out = malloc(bound);
	if (!out)
		goto out;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		free(out);
		out = NULL;
		goto out;
	}
	*outn = (size_t)z.total_out;
out:
	deflateEnd(&z);
	return out;
}

/*
 * Queues body (malloc'd, taken over; NULL allowed with n 0) with the status
 * and content type; gzips it when compress is set and the client accepts it.
 */
static enum MHD_Result respond(struct MHD_Connection *c, unsigned status,
			       const char *ctype, char *body, size_t n,
			       int compress)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	int gz = 0;

	if (compress && n > 0 && accepts_gzip(c)) {
		size_t zn = 0;
		char *z = gzip_buf(body, n, &zn);

		if (z) {
			free(body);
			body = z;
			n = zn;
			gz = 1;
		}
	}
	if (body)
		r = mhd.create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
	else
		r = mhd.create_response_from_buffer(0, (void *)(uintptr_t)"",
						    MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (compress)
		mhd.add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (gz)
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result respond_text(struct MHD_Connection *c, unsigned status,
				    const char *text)
{
	char *body = strdup(text);

	if (!body)
		return MHD_NO;
	return respond(c, status, "text/plain; charset=utf-8", body, strlen(body), 0);
}

static enum MHD_Result find_pretty(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	(void)value;
	if (strcmp(key, "pretty") == 0) {
		*(int *)cls = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* The JSON API answers on one line, or indented with ?pretty (for curl);
 * MHD gives a bare "?pretty" a NULL value, so the keys are walked. */
static enum MHD_Result respond_json(struct MHD_Connection *c, unsigned status,
				    cJSON *root)
{
	int pretty = 0;
	size_t n = 0;
	char *s;

	mhd.get_connection_values(c, MHD_GET_ARGUMENT_KIND, find_pretty, &pretty);
	s = root ? json_print(root, pretty, &n) : NULL;
	cJSON_Delete(root);
	if (!s)
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	return respond(c, status, "application/json", s, n, 1);
}

/* The Prometheus API's error shape. */
static enum MHD_Result respond_bad(struct MHD_Connection *c, const char *msg)
{
	cJSON *root = cJSON_CreateObject();

	if (root) {
		cJSON_AddStringToObject(root, "status", "error");
		cJSON_AddStringToObject(root, "errorType", "bad_data");
		cJSON_AddStringToObject(root, "error", msg);
	}
	return respond_json(c, MHD_HTTP_BAD_REQUEST, root);
}

/* ---- snapshot ---- */

/* The counters of the latest snapshot (no ring), or NULL; store_free it. */
static struct store *snapshot(struct http_server *h)
{
	struct store *st = store_new_ringless(0);

	if (st)
		h->src.copy(h->src.arg, st);
	return st;
}

/* The ring of recent events of the latest snapshot, or NULL; store_free it. */
static struct store *snapshot_recent(struct http_server *h)
{
	struct store *st = store_new(0);

	if (st)
		h->src.copy_recent(h->src.arg, st);
	return st;
}

/* ---- handlers ---- */

static enum MHD_Result serve_metrics(struct http_server *h,
				     struct MHD_Connection *c)
{
	const char *accept = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
							 MHD_HTTP_HEADER_ACCEPT);
	struct prom_opts o = { prom_negotiate(accept), 1, h->version, h->have_journal };
	struct prom_buf b = { 0 };
	struct store *st = snapshot(h);
	enum MHD_Result ret;

	if (!st)
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	if (prom_render(st, &o, &b)) {
		store_free(st);
		log_warn("http: rendering metrics failed (%s)",
			 b.oom ? "out of memory" : "output cap reached");
		prom_buf_free(&b);
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				    "rendering metrics failed\n");
	}
	store_free(st);
	ret = respond(c, MHD_HTTP_OK,
		      o.format == PROM_FMT_OPENMETRICS ? PROM_CONTENT_TYPE_OPENMETRICS
						       : PROM_CONTENT_TYPE_TEXT,
		      b.p, b.n, 1);
	/* b.p was handed over to MHD (or freed by respond). */
	return ret;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The reader is core/timefmt.c's, the one the command line uses. */
int http_parse_time(const char *s, double *out)
{
	int64_t sec;
	int32_t nsec;

	if (timefmt_parse(span_from_cstr(s), &sec, &nsec) < 0)
		return -1;
	*out = (double)sec + nsec / 1e9;
	return 0;
}

struct event_filter {
	int have_since, have_until;
	double since, until;
	int kind; /* -1: any */
	const char *comm;
	const char *host;
	int limit;
};

static int event_matches(const struct oom_event *ev, const struct event_filter *f)
{
	double t;

	if (f->kind >= 0 && (int)ev->kind != f->kind)
		return 0;
	if (f->comm && strcmp(ev->comm, f->comm) != 0)
		return 0;
	if (f->host && strcmp(ev->host, f->host) != 0)
		return 0;
	if (f->have_since || f->have_until) {
		if (ev->time_sec == EV_NONE)
			return 0;
		t = (double)ev->time_sec + ev->time_nsec / 1e9;
		if (f->have_since && t < f->since)
			return 0;
		if (f->have_until && t > f->until)
			return 0;
	}
	return 1;
}

static const char *arg(struct MHD_Connection *c, const char *k)
{
	return mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k);
}

static enum MHD_Result serve_events(struct http_server *h,
				    struct MHD_Connection *c)
{
	struct event_filter f = { 0, 0, 0, 0, -1, NULL, NULL, EVENTS_DEFAULT_LIMIT };
	const char *v;
	struct store *st = NULL;
	cJSON *root = NULL, *data;
	int n, first, i, matched, skip;
	char msg[160];

	if ((v = arg(c, "since")) && (f.have_since = 1, http_parse_time(v, &f.since))) {
		snprintf(msg, sizeof(msg), "invalid since %.80s: want RFC 3339, YYYY-MM-DD or Unix seconds", v);
		return respond_bad(c, msg);
	}
	if ((v = arg(c, "until")) && (f.have_until = 1, http_parse_time(v, &f.until))) {
		snprintf(msg, sizeof(msg), "invalid until %.80s: want RFC 3339, YYYY-MM-DD or Unix seconds", v);
		return respond_bad(c, msg);
	}
	if ((v = arg(c, "kind")) && (f.kind = event_kind_parse(v)) < 0) {
		snprintf(msg, sizeof(msg), "unknown kind %.80s", v);
		return respond_bad(c, msg);
	}
	f.comm = arg(c, "comm");
	f.host = arg(c, "host");
	if ((v = arg(c, "limit"))) {
		if (!all_digits(v) || strlen(v) > 9 || atoi(v) < 1)
			return respond_bad(c, "invalid limit: want a positive integer");
		f.limit = atoi(v);
	}
	if (f.limit > STORE_RECENT_MAX)
		f.limit = STORE_RECENT_MAX;

	st = snapshot_recent(h);
	root = cJSON_CreateObject();
	if (!st || !root || !cJSON_AddStringToObject(root, "status", "success") ||
	    !(data = cJSON_AddArrayToObject(root, "data")))
		goto oom;
	n = store_recent(st, &first);
	/* The newest `limit` matches, oldest first (newest last). */
	matched = 0;
	for (i = 0; i < n; i++)
		matched += event_matches(&st->recent[(first + i) % STORE_RECENT_MAX], &f);
	skip = matched > f.limit ? matched - f.limit : 0;
	for (i = 0; i < n; i++) {
		const struct oom_event *ev = &st->recent[(first + i) % STORE_RECENT_MAX];
		cJSON *o;

		if (!event_matches(ev, &f))
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		o = json_event(ev);
		if (!o)
			goto oom;
		cJSON_AddItemToArray(data, o);
	}
	store_free(st);
	return respond_json(c, MHD_HTTP_OK, root);
oom:
	store_free(st);
	cJSON_Delete(root);
	return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
}

static enum MHD_Result serve_summary(struct http_server *h,
				     struct MHD_Connection *c)
{
	struct store *st = snapshot(h);
	cJSON *root = cJSON_CreateObject(), *data, *o, *arr;
	int i;

	if (!st || !root || !cJSON_AddStringToObject(root, "status", "success") ||
	    !(data = cJSON_AddObjectToObject(root, "data")))
		goto oom;
	if (json_summary_counters(data, st) ||
	    !cJSON_AddItemToObject(data, "ledger", json_ledger(st)) ||
	    !cJSON_AddNumberToObject(data, "recent_total", (double)st->recent_total))
		goto oom;
	if (!(arr = json_series(st->comm, st->n_comm, 0)))
		goto oom;
	cJSON_AddItemToObject(data, "by_process", arr);
	if (!(arr = json_series(st->work, st->n_work, 1)))
		goto oom;
	cJSON_AddItemToObject(data, "by_workload", arr);
	if (!(o = cJSON_AddObjectToObject(data, "label_overflow")))
		goto oom;
	cJSON_AddNumberToObject(o, "process", (double)st->comm_overflow);
	cJSON_AddNumberToObject(o, "workload", (double)st->work_overflow);
	if (!(arr = cJSON_AddArrayToObject(data, "sources")))
		goto oom;
	for (i = 0; i < st->n_sources && i < STORE_SOURCES_MAX; i++) {
		const struct store_source *s = &st->sources[i];

		if (!(o = cJSON_CreateObject()))
			goto oom;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "name", s->name) || json_source_counters(o, s) ||
		    !cJSON_AddBoolToObject(o, "up", s->up != 0))
			goto oom;
	}
	store_free(st);
	return respond_json(c, MHD_HTTP_OK, root);
oom:
	store_free(st);
	cJSON_Delete(root);
	return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
}

/* Appends s to the page with HTML escaping. */
static void html_escape(char *dst, size_t dstn, const char *s)
{
	size_t at = strlen(dst);

	for (; *s && at + 7 < dstn; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: break;
		}
		if (rep) {
			memcpy(dst + at, rep, strlen(rep));
			at += strlen(rep);
		} else {
			dst[at++] = *s;
		}
	}
	dst[at] = '\0';
}

/* serve's page (exporter/live.html, compiled in by cmake/embed.cmake). */
extern const char http_live_page[];
extern const unsigned long http_live_page_len;

/*
 * The page at /: live.html with {{version}} and {{metrics}} (the telemetry
 * path) filled in, HTML-escaped. Other text passes through unchanged.
 */
static enum MHD_Result serve_landing(struct http_server *h,
				     struct MHD_Connection *c)
{
	char path[1024] = "", ver[256] = "";
	const char *p = http_live_page, *end = http_live_page + http_live_page_len;
	size_t n = 0, cap = http_live_page_len + 2 * sizeof(path) + 2 * sizeof(ver);
	char *page;

	html_escape(path, sizeof(path), h->telemetry_path);
	html_escape(ver, sizeof(ver), h->version);
	page = malloc(cap);
	if (!page)
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	while (p < end) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2);
		const char *val = NULL;
		size_t skip = 0;

		if (!open)
			open = end;
		memcpy(page + n, p, (size_t)(open - p));
		n += (size_t)(open - p);
		p = open;
		if (p == end)
			break;
		if ((size_t)(end - p) >= 11 && memcmp(p, "{{version}}", 11) == 0) {
			val = ver;
			skip = 11;
		} else if ((size_t)(end - p) >= 11 && memcmp(p, "{{metrics}}", 11) == 0) {
			val = path;
			skip = 11;
		}
		if (!val) {
			page[n++] = *p++;
			continue;
		}
		/* Each placeholder appears at most twice: cap holds it. */
		if (n + strlen(val) + (size_t)(end - p) > cap)
			break;
		memcpy(page + n, val, strlen(val));
		n += strlen(val);
		p += skip;
	}
	return respond(c, MHD_HTTP_OK, "text/html; charset=utf-8", page, n, 1);
}

/* ---- auth ---- */

/* Returns 1 when the request may proceed. */
static int authorised(struct http_server *h, struct MHD_Connection *c)
{
	char hash[WEBCONFIG_HASH_MAX];
	char *user, *pass = NULL;
	int need, known = 0, ok;

	pthread_mutex_lock(&h->mu);
	need = h->users && h->users->n_users > 0;
	pthread_mutex_unlock(&h->mu);
	if (!need)
		return 1;
	user = mhd.basic_auth_get_username_password(c, &pass);
	if (!user || !pass) {
		ok = 0;
		goto out;
	}
	pthread_mutex_lock(&h->mu);
	if (h->users)
		known = webconfig_user_hash(h->users, user, hash, sizeof(hash));
	pthread_mutex_unlock(&h->mu);
	ok = webconfig_check_password(known ? hash : NULL, pass);
out:
	if (pass) {
		explicit_bzero(pass, strlen(pass));
		mhd.free(pass);
	}
	if (user)
		mhd.free(user);
	return ok;
}

static enum MHD_Result deny(struct MHD_Connection *c)
{
	static const char msg[] = "Unauthorized\n";
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = mhd.create_response_from_buffer(sizeof(msg) - 1, (void *)(uintptr_t)msg,
					    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	ret = mhd.queue_basic_auth_fail_response(c, REALM, r);
	mhd.destroy_response(r);
	return ret;
}

/* ---- dispatch ---- */

enum route { R_NONE = 0, R_METRICS, R_LANDING, R_HEALTHY, R_READY, R_EVENTS, R_SUMMARY };

static enum route route_of(const struct http_server *h, const char *url)
{
	if (strcmp(url, h->telemetry_path) == 0)
		return R_METRICS;
	if (strcmp(url, "/") == 0)
		return R_LANDING;
	if (strcmp(url, "/-/healthy") == 0)
		return R_HEALTHY;
	if (strcmp(url, "/-/ready") == 0)
		return R_READY;
	if (strcmp(url, "/api/v1/events") == 0)
		return R_EVENTS;
	if (strcmp(url, "/api/v1/summary") == 0)
		return R_SUMMARY;
	return R_NONE;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static char answer_next; /* *con_cls: the head was seen, answer on the next call */
	struct http_server *h = cls;
	enum route rt;
	int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;

	/* A GET or HEAD is answered on the call after the head's: libmicrohttpd
	 * (0.9.75) closes a connection whose response was queued in the first
	 * call, and a scraper that keeps its connection would reconnect (a TCP
	 * handshake and a thread) every time. Anything else is refused at once,
	 * and closed: a body it may be sending is not read. A body sent with a
	 * GET is read and dropped (the body deadline bounds it). */
	if (get && !*con_cls) {
		/* The head is complete: the body and response deadline starts. */
		connguard_busy(h->guard, c);
		*con_cls = &answer_next;
		return MHD_YES;
	}
	if (get && *upload_data_size) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!get)
		connguard_busy(h->guard, c);
	if (!authorised(h, c))
		return deny(c);
	rt = route_of(h, url);
	if (rt == R_NONE)
		return respond_text(c, MHD_HTTP_NOT_FOUND, "404 page not found\n");
	if (!get)
		return respond_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
				    "405 method not allowed\n");
	switch (rt) {
	case R_METRICS:
		return serve_metrics(h, c);
	case R_LANDING:
		return serve_landing(h, c);
	case R_HEALTHY:
		return respond_text(c, MHD_HTTP_OK, "OK\n");
	case R_READY:
		if (h->src.ready && !h->src.ready(h->src.arg))
			return respond_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "Not ready\n");
		return respond_text(c, MHD_HTTP_OK, "OK\n");
	case R_EVENTS:
		return serve_events(h, c);
	case R_SUMMARY:
		return serve_summary(h, c);
	case R_NONE:
		break;
	}
	return MHD_NO;
}

/* ---- listeners ---- */

/* Splits "host:port", "[v6]:port" or ":port". Returns 0 or -1. */
static int split_addr(const char *addr, char *host, size_t hostn, char *port,
		      size_t portn)
{
	const char *colon;
	size_t hl;

	if (addr[0] == '[') {
		const char *rb = strchr(addr, ']');

		if (!rb || rb[1] != ':')
			return -1;
		hl = (size_t)(rb - addr - 1);
		if (hl >= hostn)
			return -1;
		memcpy(host, addr + 1, hl);
		host[hl] = '\0';
		colon = rb + 1;
	} else {
		colon = strrchr(addr, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - addr);
		if (hl >= hostn || memchr(addr, ':', hl))
			return -1;
		memcpy(host, addr, hl);
		host[hl] = '\0';
	}
	if (!all_digits(colon + 1) || strlen(colon + 1) > 5 || atoi(colon + 1) > 65535 ||
	    strlen(colon + 1) >= portn)
		return -1;
	snprintf(port, portn, "%s", colon + 1);
	return 0;
}

static int bind_one(const struct sockaddr *sa, socklen_t len, int dual)
{
	int fd, one = 1, zero = 0;

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sa->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, dual ? &zero : &one, sizeof(int));
	if (bind(fd, sa, len) < 0 || listen(fd, 128) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Opens the listening socket for addr; returns the fd or -1 (err set). */
static int open_listener(const char *addr, char *err, size_t errn)
{
	char host[256], port[8];
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, rc, e = 0;

	if (split_addr(addr, host, sizeof(host), port, sizeof(port))) {
		snprintf(err, errn, "invalid listen address \"%s\": want host:port or :port", addr);
		return -1;
	}
	if (host[0] == '\0') {
		struct sockaddr_in6 s6;
		struct sockaddr_in s4;

		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_addr = in6addr_any;
		s6.sin6_port = htons((uint16_t)atoi(port));
		fd = bind_one((struct sockaddr *)&s6, sizeof(s6), 1);
		if (fd >= 0)
			return fd;
		memset(&s4, 0, sizeof(s4));
		s4.sin_family = AF_INET;
		s4.sin_addr.s_addr = htonl(INADDR_ANY);
		s4.sin_port = htons((uint16_t)atoi(port));
		fd = bind_one((struct sockaddr *)&s4, sizeof(s4), 0);
		if (fd < 0)
			snprintf(err, errn, "listen on %s: %s", addr, strerror(errno));
		return fd;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		snprintf(err, errn, "listen address %s: %s", addr, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = bind_one(ai->ai_addr, ai->ai_addrlen, 0);
		if (fd >= 0)
			break;
		e = errno;
	}
	freeaddrinfo(res);
	if (fd < 0)
		snprintf(err, errn, "listen on %s: %s", addr, strerror(e ? e : EADDRNOTAVAIL));
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return -1;
}

static void notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			      enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *h = cls;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		connguard_close(h->guard, c);
		return;
	}
	ci = mhd.get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci && connguard_open(h->guard, c, ci->connect_fd))
		log_debug("http: connection refused: %d connections, none waiting for a request head",
			  h->max_requests);
}

static void notify_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			     enum MHD_RequestTerminationCode toe)
{
	struct http_server *h = cls;

	connguard_done(h->guard, c);
}

/* Starts a daemon on an open listening socket with the given TLS PEMs. */
static struct MHD_Daemon *daemon_start(struct http_server *h, int fd,
				       const char *cert, const char *key)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	/* connguard keeps max_requests live; MHD's own limit leaves room for
	 * connections connguard has closed and MHD has not reaped yet. */
	unsigned limit = (unsigned)h->max_requests * 2 + 16;

	mhd_last[0] = '\0';
	if (cert && key)
		return mhd.start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, handle, h,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
			MHD_OPTION_LISTEN_SOCKET, fd,
			MHD_OPTION_CONNECTION_LIMIT, limit,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_SEC,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
			MHD_OPTION_NOTIFY_CONNECTION, notify_connection, h,
			MHD_OPTION_NOTIFY_COMPLETED, notify_completed, h,
			MHD_OPTION_HTTPS_MEM_CERT, cert,
			MHD_OPTION_HTTPS_MEM_KEY, key,
			MHD_OPTION_END);
	return mhd.start_daemon(flags, 0, NULL, NULL, handle, h,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_SEC,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, h,
		MHD_OPTION_NOTIFY_COMPLETED, notify_completed, h,
		MHD_OPTION_END);
}

static void server_free(struct http_server *h)
{
	int i;

	for (i = 0; i < h->n; i++) {
		if (h->l[i].d)
			mhd.stop_daemon(h->l[i].d); /* closes the listening socket */
		else if (h->l[i].fd >= 0)
			close(h->l[i].fd);
	}
	connguard_free(h->guard); /* after the daemons: no more callbacks */
	if (h->users) {
		webconfig_release(h->users);
		free(h->users);
	}
	if (h->key_pem)
		explicit_bzero(h->key_pem, strlen(h->key_pem));
	free(h->cert_pem);
	free(h->key_pem);
	free(h->telemetry_path);
	free(h->web_config_file);
	free(h->version);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

/* Loads the web config file into a new struct; NULL with err on failure. */
static struct webconfig *load_config(const char *path, char *err, size_t errn)
{
	struct webconfig *wc = calloc(1, sizeof(*wc));

	if (!wc) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	if (webconfig_load(path, wc, err, errn)) {
		free(wc);
		return NULL;
	}
	return wc;
}

struct http_server *http_start(const struct http_config *cfg,
			       const struct http_snapshot_source *src,
			       char *err, size_t errn)
{
	struct http_server *h;
	const char *tp = cfg->telemetry_path ? cfg->telemetry_path : HTTP_DEFAULT_TELEMETRY_PATH;
	int i, n = cfg->n_listen > 0 ? cfg->n_listen : 1;

	if (errn)
		err[0] = '\0';
	if (!src || !src->copy || !src->copy_recent) {
		snprintf(err, errn, "no snapshot source");
		return NULL;
	}
	if (n > HTTP_MAX_LISTEN) {
		snprintf(err, errn, "more than %d listen addresses", HTTP_MAX_LISTEN);
		return NULL;
	}
	if (tp[0] != '/') {
		snprintf(err, errn, "telemetry path \"%s\" must start with /", tp);
		return NULL;
	}
	if (mhd_load(err, errn))
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&h->mu, NULL);
	h->src = *src;
	h->have_journal = cfg->have_journal;
	h->max_requests = cfg->max_requests > 0 ? cfg->max_requests : HTTP_DEFAULT_MAX_REQUESTS;
	h->telemetry_path = strdup(tp);
	h->version = strdup(cfg->version ? cfg->version : OOMSCAN_VERSION);
	h->web_config_file = cfg->web_config_file ? strdup(cfg->web_config_file) : NULL;
	{
		struct connguard_limits lim = { h->max_requests, HEAD_DEADLINE_MS,
						IDLE_DEADLINE_MS, BUSY_DEADLINE_MS };

		h->guard = connguard_new(&lim);
	}
	if (!h->telemetry_path || !h->version || !h->guard ||
	    (cfg->web_config_file && !h->web_config_file)) {
		snprintf(err, errn, "out of memory");
		goto fail;
	}
	if (h->web_config_file) {
		h->users = load_config(h->web_config_file, err, errn);
		if (!h->users)
			goto fail;
		if (h->users->tls && !mhd.is_feature_supported(MHD_FEATURE_TLS)) {
			snprintf(err, errn, "%s: TLS requested but libmicrohttpd lacks TLS support",
				 h->web_config_file);
			goto fail;
		}
		h->cert_pem = h->users->cert_pem;
		h->key_pem = h->users->key_pem;
		h->users->cert_pem = NULL;
		h->users->key_pem = NULL;
	}
	for (i = 0; i < n; i++) {
		struct listener *l = &h->l[i];
		const char *addr = cfg->n_listen > 0 ? cfg->listen[i] : HTTP_DEFAULT_LISTEN;

		l->fd = -1;
		h->n = i + 1;
		if (!addr) {
			snprintf(err, errn, "listen address %d missing", i);
			goto fail;
		}
		snprintf(l->addr, sizeof(l->addr), "%s", addr);
		l->fd = open_listener(addr, err, errn);
		if (l->fd < 0)
			goto fail;
		l->port = bound_port(l->fd);
		l->d = daemon_start(h, l->fd, h->cert_pem, h->key_pem);
		if (!l->d) {
			snprintf(err, errn, "cannot serve on %s%s%s", addr,
				 mhd_last[0] ? ": " : "", mhd_last);
			goto fail;
		}
		log_info("http: listening on %s (port %d%s)", addr, l->port,
			 h->cert_pem ? ", TLS" : "");
	}
	return h;
fail:
	server_free(h);
	return NULL;
}

static int str_differs(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Restarts every listener with new PEMs; on failure restores the old ones. */
static int restart_listeners(struct http_server *h, const char *cert,
			     const char *key)
{
	int i;

	for (i = 0; i < h->n; i++) {
		struct listener *l = &h->l[i];
		struct MHD_Daemon *nd;
		MHD_socket fd;

		if (!l->d)
			continue;
		fd = mhd.quiesce_daemon(l->d);
		if (fd == MHD_INVALID_SOCKET) {
			log_warn("http: cannot quiesce the listener on %s", l->addr);
			return -1;
		}
		nd = daemon_start(h, fd, cert, key);
		if (!nd) {
			log_warn("http: new TLS settings rejected on %s%s%s", l->addr,
				 mhd_last[0] ? ": " : "", mhd_last);
			nd = daemon_start(h, fd, h->cert_pem, h->key_pem);
			mhd.stop_daemon(l->d);
			l->d = nd;
			if (!nd) {
				log_error("http: listener on %s lost", l->addr);
				close(fd);
			}
			return -1;
		}
		mhd.stop_daemon(l->d);
		l->d = nd;
	}
	return 0;
}

int http_reload(struct http_server *h)
{
	struct webconfig *nw, *old;
	char err[512];

	if (!h || !h->web_config_file)
		return 0;
	nw = load_config(h->web_config_file, err, sizeof(err));
	if (!nw) {
		log_warn("http: web config not reloaded, keeping the old one: %s", err);
		return -1;
	}
	if (str_differs(nw->cert_pem, h->cert_pem) || str_differs(nw->key_pem, h->key_pem)) {
		if (nw->tls && !mhd.is_feature_supported(MHD_FEATURE_TLS)) {
			log_warn("http: web config not reloaded: no TLS support in libmicrohttpd");
			goto keep_old;
		}
		if (restart_listeners(h, nw->cert_pem, nw->key_pem))
			goto keep_old;
		if (h->key_pem)
			explicit_bzero(h->key_pem, strlen(h->key_pem));
		free(h->cert_pem);
		free(h->key_pem);
		h->cert_pem = nw->cert_pem;
		h->key_pem = nw->key_pem;
		nw->cert_pem = NULL;
		nw->key_pem = NULL;
	}
	webconfig_release(nw);
	pthread_mutex_lock(&h->mu);
	old = h->users;
	h->users = nw;
	pthread_mutex_unlock(&h->mu);
	if (old) {
		webconfig_release(old);
		free(old);
	}
	log_info("http: web config reloaded from %s", h->web_config_file);
	return 0;
keep_old:
	webconfig_release(nw);
	free(nw);
	return -1;
}

int http_port(const struct http_server *h, int i)
{
	if (!h || i < 0 || i >= h->n)
		return -1;
	return h->l[i].port;
}

void http_stop(struct http_server *h)
{
	if (h)
		server_free(h);
}
