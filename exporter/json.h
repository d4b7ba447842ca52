/*
 * json.h - events and notes as JSON objects (the contract of
 * ../shared/spec/events.md), for --format jsonl/json and the JSON API.
 */
#ifndef OOMSCAN_EXPORTER_JSON_H
#define OOMSCAN_EXPORTER_JSON_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "../core/event.h"

struct diagnosis;
struct store;
struct store_series;
struct store_source;

/* A new cJSON object for the event (absent fields left out); NULL on
 * allocation failure. The caller frees it with cJSON_Delete. */
cJSON *json_event(const struct oom_event *ev);

/* Text that json_event_append writes to: start it zeroed, set n to 0 to
 * reuse it, free it with json_buf_free. err is 1 once an allocation
 * failed; nothing is appended after that. */
struct json_buf {
	char *p; /* not NUL-terminated */
	size_t n, cap;
	int err;
};

/*
 * Appends the event as one JSON object to b: the bytes json_print gives
 * json_event(ev) on one line (valid UTF-8), written from the same field
 * list without a tree or a malloc per event. ev comes from event_init (its
 * string arrays are read whole; what follows a NUL does not change the
 * text) and d from diagnose(ev) (its texts are taken by their len, and as
 * plain when the event's strings were). d is ev's diagnosis, or NULL to
 * make it here. Returns 0, or -1 on allocation failure (b->err).
 */
int json_event_append(struct json_buf *b, const struct oom_event *ev, const struct diagnosis *d);

/* Appends n bytes of s to b as they are (a separator between objects).
 * Returns 0, or -1 on allocation failure (b->err). */
int json_buf_put(struct json_buf *b, const char *s, size_t n);

/* Frees b's text and zeroes it; NULL is fine. */
void json_buf_free(struct json_buf *b);

/* A new cJSON object for a note; NULL on allocation failure. */
cJSON *json_note(const struct oom_note *note);

/*
 * Prints o (formatted or on one line) as valid UTF-8 JSON whatever bytes its
 * strings hold: invalid sequences become U+FFFD, a stored NUL (C0 80)
 * becomes \u0000. The bytes of text_json_fix over cJSON_Print (formatted)
 * or cJSON_PrintUnformatted, in one pass. Returns a malloc'd string (*n its
 * length when n is not NULL), or NULL on allocation failure, a raw item
 * without text or a tree deeper than 64.
 */
char *json_print(const cJSON *o, int formatted, size_t *n);

/* The bytes of cJSON_PrintUnformatted(o), without json_print's UTF-8 fix
 * (the printer's tests hold it to cJSON's own). The caller frees; NULL on
 * allocation failure, a raw item without text or a tree deeper than 64. */
char *json_print_compact(const cJSON *o);

/*
 * The ledger object of a summary: {"anchors", "events", "folded",
 * "incomplete", "unrecognised", "open", "events_dropped", "notes_dropped",
 * "balanced"}; balanced is true when nothing is open and nothing was
 * dropped. Returns NULL on allocation failure.
 */
cJSON *json_ledger(const struct store *st);

/*
 * Adds the summary's counters from the store's metrics table
 * (store/metrics.c) to o: "events_by_kind" and every scalar with a json key
 * ("incomplete", "unrecognised", "reaped", "events_dropped", ...), the same
 * names in /api/v1/summary and --format json. Returns 0, or -1 on
 * allocation failure.
 */
int json_summary_counters(cJSON *o, const struct store *st);

/*
 * The summary's by_process (workload 0: kind, comm) or by_workload
 * (workload 1: kind, type, name, namespace and container when known) rows,
 * each with "events" and, when known, "last_time" and "max_rss_kb". n is
 * clamped to STORE_SERIES_MAX. Returns a new array, or NULL on allocation
 * failure.
 */
cJSON *json_series(const struct store_series *tab, int n, int workload);

/*
 * json_series's array as a raw item: the text json_print(o, 1, ...) gives
 * the array when it is a member at depth (1: of the printed object), made
 * without a node per row and value. For a formatted print only. NULL on
 * allocation failure.
 */
cJSON *json_series_raw(const struct store_series *tab, int n, int workload, int depth);

/* Adds a source's counters of the metrics table ("lines", "bytes",
 * "lines_cut", "records_lost") to o. Returns 0 or -1. */
int json_source_counters(cJSON *o, const struct store_source *s);

#endif
