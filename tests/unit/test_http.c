/*
 * test_http.c - the exporter's HTTP server on 127.0.0.1 with an ephemeral
 * port, fetched with a tiny socket client: every endpoint's status and
 * Content-Type, 404/405, HEAD, gzip, OpenMetrics negotiation, the JSON API's
 * filters and 400s, readiness, basic auth and its reload, the connection
 * cap, TLS (with openssl and curl when installed) and bad listen addresses.
 * Loopback only; every socket has a receive timeout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include <cjson/cJSON.h>
#include <crypt.h>
#include <zlib.h>

#include "../../store/store.h"
#include "../../exporter/http.h"
#include "../../exporter/prom.h"

/* ---- a fake collector: a published store behind a mutex ---- */

static pthread_mutex_t pub_mu = PTHREAD_MUTEX_INITIALIZER;
static struct store *published;
static int is_ready;
static int n_copy, n_copy_recent, n_copy_with_ring; /* calls, under pub_mu */

static void pub_copy(void *arg, struct store *dst)
{
	(void)arg;
	pthread_mutex_lock(&pub_mu);
	n_copy++;
	n_copy_with_ring += dst->recent != NULL;
	store_copy_counters(dst, published);
	pthread_mutex_unlock(&pub_mu);
}

static void pub_copy_recent(void *arg, struct store *dst)
{
	(void)arg;
	pthread_mutex_lock(&pub_mu);
	n_copy_recent++;
	store_copy_recent(dst, published);
	pthread_mutex_unlock(&pub_mu);
}

static int pub_ready(void *arg)
{
	int r;

	(void)arg;
	pthread_mutex_lock(&pub_mu);
	r = is_ready;
	pthread_mutex_unlock(&pub_mu);
	return r;
}

static const struct http_snapshot_source src = { pub_copy, pub_copy_recent, pub_ready, NULL };

static void add_event(enum ev_kind kind, const char *comm, int64_t t, const char *host)
{
	struct oom_event ev;

	event_init(&ev, kind);
	ev.source = "kern.log";
	ev.line = 1;
	snprintf(ev.comm, sizeof(ev.comm), "%s", comm);
	snprintf(ev.host, sizeof(ev.host), "%s", host);
	ev.time_sec = t;
	ev.pid = 42;
	ev.anon_rss_kb = 1000;
	pthread_mutex_lock(&pub_mu);
	store_add_event(published, &ev);
	pthread_mutex_unlock(&pub_mu);
}

/* ---- a tiny HTTP/1.1 client ---- */

struct resp {
	int status;
	char head[8192];
	char *body;
	size_t n;
};

static int connect_port(int port)
{
	struct sockaddr_in sa;
	struct timeval tv = { 10, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Reads everything until the server closes; returns the length. */
static size_t read_all(int fd, char **out)
{
	size_t n = 0, cap = 65536;
	char *buf = malloc(cap + 1);
	ssize_t r;

	assert_non_null(buf);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		r = recv(fd, buf + n, cap - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*out = buf;
	return n;
}

static void parse_resp(char *raw, size_t n, struct resp *rs)
{
	char *end = strstr(raw, "\r\n\r\n");
	size_t hn;

	assert_non_null(end);
	hn = (size_t)(end - raw);
	assert_true(hn < sizeof(rs->head));
	memcpy(rs->head, raw, hn);
	rs->head[hn] = '\0';
	assert_int_equal(sscanf(raw, "HTTP/1.1 %d", &rs->status), 1);
	rs->n = n - hn - 4;
	rs->body = malloc(rs->n + 1);
	assert_non_null(rs->body);
	memcpy(rs->body, end + 4, rs->n);
	rs->body[rs->n] = '\0';
}

/* Sends method path with extra header lines ("" or "X: y\r\n..."). */
static void request(int port, const char *method, const char *path,
		    const char *extra, struct resp *rs)
{
	char req[2048];
	char *raw;
	size_t n;
	int fd, k;

	k = snprintf(req, sizeof(req),
		     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
		     method, path, extra);
	fd = connect_port(port);
	assert_int_equal(send(fd, req, (size_t)k, 0), k);
	n = read_all(fd, &raw);
	close(fd);
	memset(rs, 0, sizeof(*rs));
	parse_resp(raw, n, rs);
	free(raw);
}

/* The value of a response header (case-insensitive name), or NULL. */
static const char *header(struct resp *rs, const char *name, char *out, size_t outn)
{
	const char *p = rs->head;
	size_t nl = strlen(name);

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1, *e;

			while (*v == ' ')
				v++;
			e = strstr(v, "\r\n");
			snprintf(out, outn, "%.*s", (int)(e ? (size_t)(e - v) : strlen(v)), v);
			return out;
		}
	}
	return NULL;
}

static void resp_free(struct resp *rs)
{
	free(rs->body);
	rs->body = NULL;
}

/* ---- fixtures ---- */

static struct http_server *srv;
static int port;

static int setup(void **state)
{
	struct http_config cfg = { { "127.0.0.1:0" }, 1, NULL, NULL, 0, "7.7.7", 0 };
	char err[256];

	(void)state;
	published = store_new(0);
	is_ready = 0;
	srv = http_start(&cfg, &src, err, sizeof(err));
	if (!srv)
		fail_msg("http_start: %s", err);
	port = http_port(srv, 0);
	assert_true(port > 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	http_stop(srv);
	srv = NULL;
	store_free(published);
	published = NULL;
	return 0;
}

/* ---- tests ---- */

static void test_metrics_text(void **state)
{
	struct resp rs;
	char v[256];

	(void)state;
	add_event(EV_MEMCG_OOM_KILL, "java", 1700000000, "web1");
	request(port, "GET", "/metrics", "", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(header(&rs, "Content-Type", v, sizeof(v)));
	assert_string_equal(v, "text/plain; version=0.0.4; charset=utf-8");
	assert_null(header(&rs, "Content-Encoding", v, sizeof(v)));
	assert_non_null(strstr(rs.body, "\noomscan_events_total{kind=\"memcg_oom_kill\"} 1\n"));
	assert_non_null(strstr(rs.body, "\noomscan_events_total{kind=\"oom_kill\"} 0\n"));
	assert_non_null(strstr(rs.body, "\nprocess_resident_memory_bytes "));
	assert_non_null(strstr(rs.body, "oomscan_build_info{version=\"7.7.7\""));
	assert_null(strstr(rs.body, "# EOF"));
	resp_free(&rs);

	/* HEAD: the same headers, no body. */
	request(port, "HEAD", "/metrics", "", &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.n, 0);
	assert_non_null(header(&rs, "Content-Type", v, sizeof(v)));
	assert_string_equal(v, "text/plain; version=0.0.4; charset=utf-8");
	resp_free(&rs);
}

static void test_metrics_openmetrics(void **state)
{
	struct resp rs;
	char v[256];

	(void)state;
	request(port, "GET", "/metrics",
		"Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5\r\n",
		&rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(header(&rs, "Content-Type", v, sizeof(v)));
	assert_string_equal(v, "application/openmetrics-text; version=1.0.0; charset=utf-8");
	assert_true(rs.n > 6);
	assert_string_equal(rs.body + rs.n - 6, "# EOF\n");
	assert_non_null(strstr(rs.body, "# TYPE oomscan_events counter\n"));
	resp_free(&rs);
}

static void test_metrics_gzip(void **state)
{
	struct resp rs;
	char v[256];
	char *plain;
	uLongf pn = 1 << 22;
	z_stream z;

	(void)state;
	add_event(EV_OOM_KILL, "postgres", 1700000100, "db1");
	request(port, "GET", "/metrics", "Accept-Encoding: deflate, gzip;q=0.9\r\n", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(header(&rs, "Content-Encoding", v, sizeof(v)));
	assert_string_equal(v, "gzip");
	assert_non_null(header(&rs, "Vary", v, sizeof(v)));
	assert_non_null(strstr(v, "Accept-Encoding"));
	assert_true(rs.n >= 2 && (unsigned char)rs.body[0] == 0x1f &&
		    (unsigned char)rs.body[1] == 0x8b);
	plain = malloc(pn);
	assert_non_null(plain);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 16 + 15), Z_OK);
	z.next_in = (Bytef *)rs.body;
	z.avail_in = (uInt)rs.n;
	z.next_out = (Bytef *)plain;
	z.avail_out = (uInt)pn - 1;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	plain[z.total_out] = '\0';
	inflateEnd(&z);
	assert_non_null(strstr(plain, "\noomscan_process_events_total{kind=\"oom_kill\",comm=\"postgres\"} 1\n"));
	free(plain);
	resp_free(&rs);

	/* q=0 refuses gzip. */
	request(port, "GET", "/metrics", "Accept-Encoding: gzip;q=0\r\n", &rs);
	assert_int_equal(rs.status, 200);
	assert_null(header(&rs, "Content-Encoding", v, sizeof(v)));
	resp_free(&rs);
}

static void test_not_found_and_methods(void **state)
{
	struct resp rs;
	char v[256];

	(void)state;
	request(port, "GET", "/nope", "", &rs);
	assert_int_equal(rs.status, 404);
	resp_free(&rs);
	request(port, "GET", "/metrics/", "", &rs);
	assert_int_equal(rs.status, 404);
	resp_free(&rs);
	request(port, "POST", "/metrics", "Content-Length: 0\r\n", &rs);
	assert_int_equal(rs.status, 405);
	assert_non_null(header(&rs, "Allow", v, sizeof(v)));
	assert_string_equal(v, "GET, HEAD");
	resp_free(&rs);
	request(port, "DELETE", "/api/v1/events", "", &rs);
	assert_int_equal(rs.status, 405);
	resp_free(&rs);
}

/* Reads one response from fd (its head, then Content-Length bytes of
 * body) into rs; the connection stays open. */
static void read_one(int fd, struct resp *rs)
{
	char raw[1 << 16], *end, v[64];
	size_t n = 0, want = 0;
	ssize_t r;

	memset(rs, 0, sizeof(*rs));
	for (;;) {
		end = n ? strstr(raw, "\r\n\r\n") : NULL;
		if (end) {
			parse_resp(raw, n, rs);
			assert_non_null(header(rs, "Content-Length", v, sizeof(v)));
			want = (size_t)(end - raw) + 4 + (size_t)strtoul(v, NULL, 10);
			if (n >= want)
				break;
			resp_free(rs);
		}
		assert_true(n < sizeof(raw) - 1);
		r = recv(fd, raw + n, sizeof(raw) - 1 - n, 0);
		assert_true(r > 0);
		n += (size_t)r;
		raw[n] = '\0';
	}
	assert_int_equal(n, want);
}

/*
 * A scraper's connection is kept: two GETs on one connection are both
 * answered on it, without "Connection: close" (libmicrohttpd closes when
 * the response is queued in the handler's first call). A POST is still
 * refused with 405.
 */
static void test_keep_alive(void **state)
{
	const char *get = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	const char *head = "HEAD /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	struct resp rs;
	char v[64];
	int fd, i;

	(void)state;
	add_event(EV_OOM_KILL, "java", 1700000000, "h1");
	fd = connect_port(port);
	for (i = 0; i < 3; i++) {
		assert_int_equal(send(fd, get, strlen(get), 0), (ssize_t)strlen(get));
		read_one(fd, &rs);
		assert_int_equal(rs.status, 200);
		assert_non_null(strstr(rs.body, "oomscan_events_total"));
		assert_null(header(&rs, "Connection", v, sizeof(v)));
		resp_free(&rs);
	}
	/* a HEAD on the same connection: the head only (no body follows) */
	assert_int_equal(send(fd, head, strlen(head), 0), (ssize_t)strlen(head));
	{
		char raw[4096];
		ssize_t r = recv(fd, raw, sizeof(raw) - 1, 0);

		assert_true(r > 0);
		raw[r] = '\0';
		assert_non_null(strstr(raw, " 200 "));
		assert_null(strstr(raw, "Connection: close"));
	}
	close(fd);
	request(port, "POST", "/metrics", "Content-Length: 5\r\n", &rs);
	assert_int_equal(rs.status, 405);
	resp_free(&rs);
}

static void test_health_and_ready(void **state)
{
	struct resp rs;

	(void)state;
	request(port, "GET", "/-/healthy", "", &rs);
	assert_int_equal(rs.status, 200);
	resp_free(&rs);
	request(port, "GET", "/-/ready", "", &rs);
	assert_int_equal(rs.status, 503);
	resp_free(&rs);
	pthread_mutex_lock(&pub_mu);
	is_ready = 1;
	pthread_mutex_unlock(&pub_mu);
	request(port, "GET", "/-/ready", "", &rs);
	assert_int_equal(rs.status, 200);
	resp_free(&rs);
}

static void test_landing(void **state)
{
	struct resp rs;
	char v[256];
	const char *p;

	(void)state;
	request(port, "GET", "/", "", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(header(&rs, "Content-Type", v, sizeof(v)));
	assert_string_equal(v, "text/html; charset=utf-8");
	assert_non_null(strstr(rs.body, "oomscan 7.7.7"));
	assert_non_null(strstr(rs.body, "href=\"/metrics\""));
	assert_null(strstr(rs.body, "{{"));
	/* The live page reads the JSON API and nothing else. */
	assert_non_null(strstr(rs.body, "/api/v1/events?limit=256"));
	assert_non_null(strstr(rs.body, "/api/v1/summary"));
	/* No URL but the SVG namespace name. */
	for (p = strstr(rs.body, "http"); p; p = strstr(p + 1, "http"))
		if (strncmp(p, "https:", 6) == 0 || strncmp(p, "http:", 5) == 0)
			assert_int_equal(strncmp(p, "http://www.w3.org/2000/svg", 26), 0);
	assert_null(strstr(rs.body, "src="));
	resp_free(&rs);
}

static void test_pretty(void **state)
{
	struct resp rs;

	(void)state;
	request(port, "GET", "/api/v1/events?pretty", "", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body, "{\n\t\"status\":\t\"success\""));
	resp_free(&rs);
	request(port, "GET", "/api/v1/events", "", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body, "{\"status\":\"success\""));
	assert_null(strchr(rs.body, '\n'));
	resp_free(&rs);
}

static cJSON *get_json(const char *path, int want_status)
{
	struct resp rs;
	cJSON *j;
	char v[256];

	request(port, "GET", path, "", &rs);
	if (rs.status != want_status)
		fail_msg("%s: status %d, want %d: %s", path, rs.status, want_status, rs.body);
	assert_non_null(header(&rs, "Content-Type", v, sizeof(v)));
	assert_string_equal(v, "application/json");
	j = cJSON_Parse(rs.body);
	assert_non_null(j);
	resp_free(&rs);
	return j;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* /metrics and /api/v1/summary read a counters snapshot without the ring;
 * only /api/v1/events copies the ring. */
static void test_scrape_skips_ring(void **state)
{
	struct resp rs;
	cJSON *j;
	int i;

	(void)state;
	for (i = 0; i < STORE_RECENT_MAX + 5; i++)
		add_event(EV_OOM_KILL, "java", 1700000000 + i, "web1");
	pthread_mutex_lock(&pub_mu);
	n_copy = n_copy_recent = n_copy_with_ring = 0;
	pthread_mutex_unlock(&pub_mu);
	request(port, "GET", "/metrics", "", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body, "\noomscan_events_total{kind=\"oom_kill\"} 261\n"));
	resp_free(&rs);
	j = get_json("/api/v1/summary", 200);
	cJSON_Delete(j);
	pthread_mutex_lock(&pub_mu);
	assert_int_equal(n_copy, 2);
	assert_int_equal(n_copy_with_ring, 0);
	assert_int_equal(n_copy_recent, 0);
	pthread_mutex_unlock(&pub_mu);
	j = get_json("/api/v1/events?limit=1", 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "data")), 1);
	cJSON_Delete(j);
	pthread_mutex_lock(&pub_mu);
	assert_int_equal(n_copy_recent, 1);
	assert_int_equal(n_copy, 2);
	pthread_mutex_unlock(&pub_mu);
}

static void test_api_events(void **state)
{
	cJSON *j, *data;

	(void)state;
	add_event(EV_OOM_KILL, "a", 1700000000, "h1");
	add_event(EV_MEMCG_OOM_KILL, "b", 1700000100, "h2");
	add_event(EV_RUNTIME_OOM, "c", EV_NONE, "h1");
	add_event(EV_OOM_KILL, "d", 1700000200, "h1");

	j = get_json("/api/v1/events", 200);
	assert_string_equal(jstr(j, "status"), "success");
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_true(cJSON_IsArray(data));
	assert_int_equal(cJSON_GetArraySize(data), 4);
	/* Oldest first, newest last. */
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "comm"), "a");
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 3), "comm"), "d");
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "kind"), "oom_kill");
	cJSON_Delete(j);

	j = get_json("/api/v1/events?kind=oom_kill&limit=1", 200);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_int_equal(cJSON_GetArraySize(data), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "comm"), "d");
	cJSON_Delete(j);

	j = get_json("/api/v1/events?since=2023-11-14T22:14:00Z&until=1700000150", 200);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_int_equal(cJSON_GetArraySize(data), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "comm"), "b");
	cJSON_Delete(j);

	/* The same instant with an offset. */
	j = get_json("/api/v1/events?since=2023-11-15T00:16:40.000%2B02:00", 200);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_int_equal(cJSON_GetArraySize(data), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "comm"), "d");
	cJSON_Delete(j);

	/* What --since takes: a date alone (it was a 400), a date and HH:MM. */
	j = get_json("/api/v1/events?since=2023-11-14", 200);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_int_equal(cJSON_GetArraySize(data), 3);
	cJSON_Delete(j);
	j = get_json("/api/v1/events?since=2023-11-15", 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "data")), 0);
	cJSON_Delete(j);
	j = get_json("/api/v1/events?since=2023-11-14%2022:14&until=2023-11-14T22:16:00Z", 200);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_int_equal(cJSON_GetArraySize(data), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "comm"), "b");
	cJSON_Delete(j);
	j = get_json("/api/v1/events?since=2023-02-29", 400);
	cJSON_Delete(j);

	j = get_json("/api/v1/events?host=h1&comm=c", 200);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	assert_int_equal(cJSON_GetArraySize(data), 1);
	assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "kind"), "runtime_oom");
	cJSON_Delete(j);

	j = get_json("/api/v1/events?limit=100000", 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "data")), 4);
	cJSON_Delete(j);

	j = get_json("/api/v1/events?since=yesterday", 400);
	assert_string_equal(jstr(j, "status"), "error");
	assert_non_null(strstr(jstr(j, "error"), "since"));
	cJSON_Delete(j);
	j = get_json("/api/v1/events?until=2024-13-01T00:00:00Z", 400);
	cJSON_Delete(j);
	j = get_json("/api/v1/events?kind=bogus", 400);
	assert_non_null(strstr(jstr(j, "error"), "kind"));
	cJSON_Delete(j);
	j = get_json("/api/v1/events?limit=0", 400);
	cJSON_Delete(j);
	j = get_json("/api/v1/events?limit=-3", 400);
	cJSON_Delete(j);
	j = get_json("/api/v1/events?limit=12abc", 400);
	cJSON_Delete(j);
}

static void test_api_summary(void **state)
{
	cJSON *j, *data, *ev, *by_comm;
	struct store_source *s;

	(void)state;
	add_event(EV_OOM_KILL, "a", 1700000000, "h1");
	add_event(EV_OOM_KILL, "a", 1700000001, "h1");
	add_event(EV_ALLOC_FAILURE, "b", 1700000002, "h1");
	pthread_mutex_lock(&pub_mu);
	published->incomplete = 5;
	s = store_source(published, "/var/log/kern.log");
	s->lines = 77;
	s->up = 1;
	pthread_mutex_unlock(&pub_mu);

	j = get_json("/api/v1/summary", 200);
	assert_string_equal(jstr(j, "status"), "success");
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	/* The names of --format json's summary (events_by_kind, by_process, events). */
	assert_null(cJSON_GetObjectItemCaseSensitive(data, "by_comm"));
	ev = cJSON_GetObjectItemCaseSensitive(data, "events_by_kind");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(ev, "oom_kill")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(ev, "alloc_failure")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(ev, "oom_reap")->valueint, 0);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(data, "incomplete")->valueint, 5);
	by_comm = cJSON_GetObjectItemCaseSensitive(data, "by_process");
	assert_int_equal(cJSON_GetArraySize(by_comm), 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(by_comm, 0), "comm"), "a");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(by_comm, 0),
							  "events")->valueint, 2);
	assert_string_equal(jstr(cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(data, "sources"), 0), "name"), "/var/log/kern.log");
	cJSON_Delete(j);
}

/* ---- basic auth and reload ---- */

static void make_hash(const char *pass, char *out, size_t n)
{
	char salt[64];
	const char *h;

	assert_non_null(crypt_gensalt_rn("$2y$", 4, NULL, 0, salt, sizeof(salt)));
	h = crypt(pass, salt);
	assert_non_null(h);
	snprintf(out, n, "%s", h);
}

/* base64 of "user:pass" for an Authorization header line. */
static void auth_line(const char *up, char *out, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len = strlen(up), i, k;

	k = (size_t)snprintf(out, n, "Authorization: Basic ");
	for (i = 0; i < len; i += 3) {
		unsigned v = (unsigned char)up[i] << 16;

		if (i + 1 < len)
			v |= (unsigned char)up[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)up[i + 2];
		out[k++] = b64[(v >> 18) & 63];
		out[k++] = b64[(v >> 12) & 63];
		out[k++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		out[k++] = i + 2 < len ? b64[v & 63] : '=';
	}
	snprintf(out + k, n - k, "\r\n");
}

static int status_as(int p, const char *up)
{
	char line[256];
	struct resp rs;
	int st;

	line[0] = '\0';
	if (up)
		auth_line(up, line, sizeof(line));
	request(p, "GET", "/metrics", line, &rs);
	st = rs.status;
	if (st == 401) {
		char v[256];

		assert_non_null(header(&rs, "WWW-Authenticate", v, sizeof(v)));
		assert_non_null(strstr(v, "Basic"));
	}
	resp_free(&rs);
	return st;
}

static void test_basic_auth_and_reload(void **state)
{
	char dir[] = "/tmp/oomscan-http-XXXXXX", path[256], text[512], h1[128], h2[128];
	struct http_config cfg = { { "127.0.0.1:0" }, 1, "/m", NULL, 0, "1", 0 };
	struct http_server *h;
	char err[256];
	int p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/web.yml", dir);
	make_hash("alicepw", h1, sizeof(h1));
	make_hash("bobpw", h2, sizeof(h2));
	snprintf(text, sizeof(text), "basic_auth_users:\n  alice: %s\n", h1);
	th_write_file(path, text);
	cfg.web_config_file = path;
	h = http_start(&cfg, &src, err, sizeof(err));
	if (!h)
		fail_msg("http_start: %s", err);
	p = http_port(h, 0);

	/* The telemetry path is configurable. */
	assert_int_equal(status_as(p, "alice:alicepw"), 404);
	{
		char line[256];
		struct resp rs;

		auth_line("alice:alicepw", line, sizeof(line));
		request(p, "GET", "/m", line, &rs);
		assert_int_equal(rs.status, 200);
		resp_free(&rs);
		request(p, "GET", "/m", "", &rs);
		assert_int_equal(rs.status, 401);
		resp_free(&rs);
		request(p, "GET", "/-/healthy", "Authorization: Basic !!!\r\n", &rs);
		assert_int_equal(rs.status, 401);
		resp_free(&rs);
	}
	cfg.telemetry_path = NULL;
	assert_int_equal(status_as(p, NULL), 401);
	assert_int_equal(status_as(p, "alice:wrong"), 401);
	assert_int_equal(status_as(p, "mallory:alicepw"), 401);

	/* Reload: bob replaces alice. */
	snprintf(text, sizeof(text), "basic_auth_users:\n  bob: '%s'\n", h2);
	th_write_file(path, text);
	assert_int_equal(http_reload(h), 0);
	assert_int_equal(status_as(p, "alice:alicepw"), 401);
	assert_int_equal(status_as(p, "bob:wrong"), 401);

	/* An invalid file keeps the old config. */
	th_write_file(path, "basic_auth_users:\n  carol: plaintext\n");
	assert_int_equal(http_reload(h), -1);
	th_write_file(path, "nonsense: [\n");
	assert_int_equal(http_reload(h), -1);
	unlink(path);
	assert_int_equal(http_reload(h), -1);
	{
		char line[256];
		struct resp rs;

		auth_line("bob:bobpw", line, sizeof(line));
		request(p, "GET", "/m", line, &rs);
		assert_int_equal(rs.status, 200);
		resp_free(&rs);
	}

	/* Removing every user turns auth off. */
	th_write_file(path, "# no users\n");
	assert_int_equal(http_reload(h), 0);
	{
		struct resp rs;

		request(p, "GET", "/m", "", &rs);
		assert_int_equal(rs.status, 200);
		resp_free(&rs);
	}
	http_stop(h);

	/* A bad web config file at start is an error naming it. */
	th_write_file(path, "tls_server_config:\n  cert_file: x\n");
	cfg.telemetry_path = NULL;
	assert_null(http_start(&cfg, &src, err, sizeof(err)));
	assert_non_null(strstr(err, "web.yml"));
	unlink(path);
	rmdir(dir);
}

/* ---- connection cap ---- */

static void test_connection_cap(void **state)
{
	struct http_config cfg = { { "127.0.0.1:0" }, 1, NULL, NULL, 2, "1", 0 };
	struct http_server *h;
	char err[256], buf[64];
	const char *req = "GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	int a, b, c, p, i, ok = 0;
	ssize_t r;

	(void)state;
	h = http_start(&cfg, &src, err, sizeof(err));
	assert_non_null(h);
	p = http_port(h, 0);
	/* Two idle connections fill the cap; MHD accepts them in order. */
	a = connect_port(p);
	b = connect_port(p);
	usleep(100 * 1000);
	c = connect_port(p);
	r = send(c, req, strlen(req), MSG_NOSIGNAL);
	r = recv(c, buf, sizeof(buf) - 1, 0);
	/* The third is served: the oldest connection still waiting for its
	 * request head made room for it, and was closed unanswered. */
	assert_true(r > 12);
	buf[r] = '\0';
	assert_non_null(strstr(buf, " 200 "));
	r = recv(a, buf, sizeof(buf) - 1, 0);
	assert_true(r <= 0);
	close(c);
	close(a);
	close(b);
	/* Once the two are gone, requests are served again (bounded retries). */
	for (i = 0; i < 50 && !ok; i++) {
		struct resp rs;
		char *raw;
		size_t n;
		int fd = connect_port(p);

		if (send(fd, req, strlen(req), MSG_NOSIGNAL) > 0) {
			n = read_all(fd, &raw);
			if (n > 0) {
				memset(&rs, 0, sizeof(rs));
				parse_resp(raw, n, &rs);
				ok = rs.status == 200;
				resp_free(&rs);
			}
			free(raw);
		}
		close(fd);
		if (!ok)
			usleep(100000);
	}
	assert_true(ok);
	http_stop(h);
}

/* ---- listen addresses ---- */

static void test_listen_addresses(void **state)
{
	struct http_config cfg = { { "127.0.0.1:0", "[::1]:0" }, 2, NULL, NULL, 0, "1", 0 };
	struct http_server *h, *h2;
	char err[256], addr[64];
	struct resp rs;

	(void)state;
	h = http_start(&cfg, &src, err, sizeof(err));
	if (!h) {
		/* No IPv6 loopback here: one address is enough. */
		cfg.n_listen = 1;
		h = http_start(&cfg, &src, err, sizeof(err));
	}
	assert_non_null(h);
	assert_true(http_port(h, 0) > 0);
	assert_int_equal(http_port(h, 8), -1);
	request(http_port(h, 0), "GET", "/-/healthy", "", &rs);
	assert_int_equal(rs.status, 200);
	resp_free(&rs);

	/* The port in use. */
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", http_port(h, 0));
	cfg.listen[0] = addr;
	cfg.n_listen = 1;
	h2 = http_start(&cfg, &src, err, sizeof(err));
	assert_null(h2);
	assert_non_null(strstr(err, addr));
	http_stop(h);

	cfg.listen[0] = "127.0.0.1";
	assert_null(http_start(&cfg, &src, err, sizeof(err)));
	assert_non_null(strstr(err, "invalid listen address"));
	cfg.listen[0] = "127.0.0.1:99999";
	assert_null(http_start(&cfg, &src, err, sizeof(err)));
	cfg.listen[0] = "[::1:80";
	assert_null(http_start(&cfg, &src, err, sizeof(err)));
	cfg.listen[0] = "127.0.0.1:0";
	cfg.telemetry_path = "metrics";
	assert_null(http_start(&cfg, &src, err, sizeof(err)));
	http_stop(NULL);
}

/* ---- TLS ---- */

static void test_tls(void **state)
{
	char dir[] = "/tmp/oomscan-tls-XXXXXX", path[256], cmd[1024], out[256];
	struct http_config cfg = { { "127.0.0.1:0" }, 1, NULL, NULL, 0, "1", 0 };
	struct http_server *h;
	char err[256];
	FILE *p;
	size_t n;

	(void)state;
	if (system("command -v openssl >/dev/null 2>&1 && command -v curl >/dev/null 2>&1")) {
		skip();
		return;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
		 "-keyout %s/k.pem -out %s/c.pem >/dev/null 2>&1", dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/web.yml", dir);
	th_write_file(path, "tls_server_config:\n  cert_file: c.pem\n  key_file: k.pem\n");
	cfg.web_config_file = path;
	h = http_start(&cfg, &src, err, sizeof(err));
	if (!h)
		fail_msg("http_start: %s", err);
	snprintf(cmd, sizeof(cmd),
		 "curl -sk --max-time 10 -o /dev/null -w '%%{http_code} %%{content_type}' "
		 "https://127.0.0.1:%d/metrics", http_port(h, 0));
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	assert_string_equal(out, "200 text/plain; version=0.0.4; charset=utf-8");

	/* Plain HTTP on the TLS port gets no HTTP response. */
	snprintf(cmd, sizeof(cmd),
		 "curl -s --max-time 10 -o /dev/null -w '%%{http_code}' "
		 "http://127.0.0.1:%d/metrics", http_port(h, 0));
	p = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	assert_string_not_equal(out, "200");

	/* Reload to plain HTTP (TLS removed): listeners restart on the same port. */
	th_write_file(path, "basic_auth_users: {}\n");
	assert_int_equal(http_reload(h), 0);
	{
		struct resp rs;

		request(http_port(h, 0), "GET", "/-/healthy", "", &rs);
		assert_int_equal(rs.status, 200);
		resp_free(&rs);
	}
	http_stop(h);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_metrics_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scrape_skips_ring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metrics_openmetrics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metrics_gzip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found_and_methods, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_alive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_health_and_ready, setup, teardown),
		cmocka_unit_test_setup_teardown(test_landing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pretty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_basic_auth_and_reload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connection_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tls, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
