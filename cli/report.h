/*
 * report.h - the batch report: the text a person reads in a terminal, and
 * the summary object of --format json.
 */
#ifndef OOMSCAN_CLI_REPORT_H
#define OOMSCAN_CLI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "../store/store.h"
#include "../core/event.h"
#include "../parsers/scan.h"

struct diagnosis;

struct report;

/* max_shown: events kept for the timeline and event blocks (the rest are
 * only counted). Returns NULL on allocation failure. */
struct report *report_new(int max_shown);
void report_free(struct report *r);

/* Rows of each table in the text and HTML reports (default 20). */
void report_set_top(struct report *r, int top);

/* Counts ev; d is its diagnosis (its cause and subject are read), or NULL
 * to find those here. */
void report_add_event(struct report *r, const struct oom_event *ev, const struct diagnosis *d);

/* Counts only what the JSON summary reads of ev (report_summary_json: the
 * diagnosis counts and patterns), not the text and HTML reports' tables of
 * workloads, hosts and times. */
void report_add_diagnosis(struct report *r, const struct oom_event *ev, const struct diagnosis *d);
void report_add_note(struct report *r, const struct oom_note *n);
void report_add_source(struct report *r, const char *path, const struct scan_stats *ss, const char *decoding);
void report_set_filtered(struct report *r, uint64_t filtered, uint64_t untimed);

/* Writes the text report. Returns 0, or -1 on a write error. */
int report_write_text(const struct report *r, const struct store *st, FILE *f);

/*
 * Writes the HTML report: one self-contained page (inline CSS, JS and SVG;
 * nothing fetched). Returns 0, or -1 on a write error.
 */
int report_write_html(const struct report *r, const struct store *st, FILE *f);

/* The summary object of --format json, for json_print formatted (its
 * tables are raw text printed so); NULL on allocation failure. */
cJSON *report_summary_json(const struct report *r, const struct store *st);

#endif
