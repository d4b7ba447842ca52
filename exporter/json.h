/*
 * json.h - events and notes as JSON objects (the contract of
 * ../shared/spec/events.md), for --format jsonl/json and the JSON API.
 */
#ifndef OOMSCAN_EXPORTER_JSON_H
#define OOMSCAN_EXPORTER_JSON_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "../core/event.h"

struct store;

/* A new cJSON object for the event (absent fields left out); NULL on
 * allocation failure. The caller frees it with cJSON_Delete. */
cJSON *json_event(const struct oom_event *ev);

/* A new cJSON object for a note; NULL on allocation failure. */
cJSON *json_note(const struct oom_note *note);

/* Writes the event as one JSON line to f. Returns 0, or -1 on failure. */
int json_write_event_line(FILE *f, const struct oom_event *ev);

/*
 * The ledger object of a summary: {"anchors", "events", "folded",
 * "incomplete", "unrecognised", "open", "events_dropped", "notes_dropped",
 * "balanced"}; balanced is true when nothing is open and nothing was
 * dropped. Returns NULL on allocation failure.
 */
cJSON *json_ledger(const struct store *st);

#endif
