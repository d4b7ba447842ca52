/*
 * prom.h - the store as Prometheus metrics: text exposition format 0.0.4
 * (also the node_exporter textfile format, for batch --format prom) and
 * OpenMetrics 1.0.0.
 */
#ifndef OOMSCAN_EXPORTER_PROM_H
#define OOMSCAN_EXPORTER_PROM_H

#include <stddef.h>
#include <stdio.h>

struct store;

#define PROM_CONTENT_TYPE_TEXT "text/plain; version=0.0.4; charset=utf-8"
#define PROM_CONTENT_TYPE_OPENMETRICS \
	"application/openmetrics-text; version=1.0.0; charset=utf-8"

/* Default cap of one rendering (64 MiB); beyond it the output is cut. */
#define PROM_BUF_DEFAULT_MAX ((size_t)64 << 20)

/* A growing, capped output buffer. Zero-initialise; max 0 = default cap. */
struct prom_buf {
	char *p;
	size_t n;
	size_t cap;
	size_t max;
	int toobig; /* something did not fit under max and was left out */
	int oom;    /* an allocation failed */
};

enum prom_format {
	PROM_FMT_TEXT = 0,    /* text 0.0.4 */
	PROM_FMT_OPENMETRICS, /* OpenMetrics 1.0.0, ends with "# EOF" */
};

struct prom_opts {
	enum prom_format format;
	int process_metrics; /* add process_* from /proc/self (serve only) */
	const char *version; /* oomscan_build_info's version label; NULL: build's */
	int have_journal;    /* oomscan_build_info's journal label */
};

/*
 * Appends the metrics of st to b. Returns 0, or -1 when the output was cut
 * (b->toobig) or an allocation failed (b->oom); b then holds whole lines
 * only. Thread-safe (st is only read).
 */
int prom_render(const struct store *st, const struct prom_opts *o,
		struct prom_buf *b);

/* Frees b's memory and zeroes it (max is kept). */
void prom_buf_free(struct prom_buf *b);

/*
 * Writes the metrics of st to f in the text format without process_*
 * metrics (the node_exporter textfile collector's format). Returns 0, or -1
 * on a write or allocation failure.
 */
int prom_write_file(FILE *f, const struct store *st, const char *version);

/*
 * Escapes a label value (backslash, double quote, newline) or, with help
 * set, HELP text (backslash, newline) into b. Returns 0 or -1.
 */
int prom_escape(struct prom_buf *b, const char *s, int help);

/*
 * Picks the format from an Accept header value (NULL: text): OpenMetrics
 * when the client ranks application/openmetrics-text above text/plain.
 */
enum prom_format prom_negotiate(const char *accept);

#endif
