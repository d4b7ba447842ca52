/*
 * http.h - the exporter's HTTP server (libmicrohttpd): /metrics, the JSON
 * API (/api/v1/events, /api/v1/summary), /-/healthy, /-/ready and a landing
 * live page, with optional TLS and basic auth from an exporter-toolkit style
 * --web.config.file.
 *
 * The server never touches collector state: every request obtains its own
 * copy of the latest published snapshot: the counters through src->copy
 * (no ring, so a scrape costs the same whatever the ring holds), the ring
 * of recent events through src->copy_recent (/api/v1/events only).
 *
 * Endpoints (GET and HEAD; other methods 405 with Allow; other paths 404;
 * with basic_auth_users every path needs credentials, else 401):
 *   <telemetry path>  text 0.0.4, or OpenMetrics 1.0.0 when Accept prefers
 *                     it; gzip when Accept-Encoding allows it
 *   /api/v1/events    {"status":"success","data":[event...]}: events of the
 *                     recent ring, OLDEST FIRST (newest last), the newest
 *                     `limit` matches. Filters: since, until (RFC 3339 or
 *                     Unix seconds; events without a time never match),
 *                     kind, comm, host (exact), limit (default 100, capped
 *                     at the ring size). A bad value: 400 with
 *                     {"status":"error","errorType":"bad_data","error":...}
 *   /api/v1/summary   totals by kind, by comm, by workload, incomplete,
 *                     unrecognised, label overflow, sources
 *   /-/healthy        200 while the server runs
 *   /-/ready          200 once src->ready says 1, else 503
 *   /                 the live page (exporter/live.html, compiled in): counts by
 *                     kind, sources, a timeline and a table of recent events
 *                     with their diagnosis, refreshed from the JSON API
 *   ?pretty           on the JSON API: indented JSON
 * Beyond max_requests concurrent connections, new ones are closed at once.
 */
#ifndef OOMSCAN_EXPORTER_HTTP_H
#define OOMSCAN_EXPORTER_HTTP_H

#include <stddef.h>

struct store;

/* The one default port oomscan claims in the 9100-9999 exporter range. */
#define HTTP_DEFAULT_PORT 9754
#define HTTP_DEFAULT_LISTEN ":9754"
#define HTTP_DEFAULT_TELEMETRY_PATH "/metrics"
#define HTTP_DEFAULT_MAX_REQUESTS 40
#define HTTP_MAX_LISTEN 8

struct http_snapshot_source {
	/*
	 * Copies the counters of the latest published snapshot into dst (a
	 * caller-allocated counters snapshot, store_new_ringless: no ring):
	 * what /metrics and /api/v1/summary read. Must be thread-safe and must
	 * never wait on the collector for longer than a copy takes.
	 */
	void (*copy)(void *arg, struct store *dst);
	/*
	 * Copies the ring of recent events of the latest published snapshot
	 * (and its recent_total) into dst (a store with a ring, store_new):
	 * only /api/v1/events calls it. Same rules as copy.
	 */
	void (*copy_recent)(void *arg, struct store *dst);
	/* Returns 1 once the sources are open (then /-/ready says 200). */
	int (*ready)(void *arg);
	void *arg;
};

struct http_config {
	/* "host:port", "[v6addr]:port" or ":port" (all addresses); at least
	 * one; n_listen == 0 means HTTP_DEFAULT_LISTEN. */
	const char *listen[HTTP_MAX_LISTEN];
	int n_listen;
	const char *telemetry_path;  /* NULL: HTTP_DEFAULT_TELEMETRY_PATH */
	const char *web_config_file; /* exporter-toolkit YAML, or NULL */
	int max_requests;            /* concurrent connections; <= 0: default */
	const char *version;         /* for build_info and the landing page */
	int have_journal;            /* build has journal support */
};

struct http_server;

/*
 * Starts listening on every address of cfg and serving in MHD's own threads.
 * cfg's strings are copied; src is copied (src->arg must outlive the server).
 * Returns the server, or NULL with a message in err (a bad address, a port in
 * use, an invalid web config file, ...).
 */
struct http_server *http_start(const struct http_config *cfg,
			       const struct http_snapshot_source *src,
			       char *err, size_t errn);

/*
 * Re-reads the web config file (on SIGHUP). Basic-auth users change at once;
 * changed TLS certificate files restart the listeners. When the new file is
 * invalid the old config stays in force and a warning is logged. Returns 0
 * when the new config is in force, -1 when the old one was kept.
 * Call it from one thread at a time (the serve loop).
 */
int http_reload(struct http_server *h);

/*
 * The port actually bound by listener i (useful with port 0), or -1.
 */
int http_port(const struct http_server *h, int i);

/*
 * Parses a query's time with core/timefmt.h's timefmt_parse, the reader of
 * --since/--until: Unix seconds ("1700000000", "1700000000.5"), a date
 * ("2024-03-01", "2024-03-01 10:00") or RFC 3339 ("2024-01-02T03:04:05Z",
 * "...05.123+02:00"), refusing dates that do not exist. Returns 0 with *out
 * set, or -1. Pure; exported for the fuzzer.
 */
int http_parse_time(const char *s, double *out);

/* Stops the listeners, waits for requests in flight and frees h; NULL is fine. */
void http_stop(struct http_server *h);

#endif
