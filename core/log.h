/*
 * log.h - leveled diagnostics on stderr, in logfmt or JSON lines.
 *
 * Thread-safe: each message is one write(2); the level and format are set
 * once at start-up, before threads exist.
 *
 * Return convention: the parsers return 0, or -1 for a word they do not
 * know; logging itself returns nothing (a line that cannot be written is
 * lost, not reported).
 */
#ifndef OOMSCAN_CORE_LOG_H
#define OOMSCAN_CORE_LOG_H

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR };
enum log_format { LOG_FMT_LOGFMT = 0, LOG_FMT_JSON, LOG_FMT_PLAIN };

void log_set_level(enum log_level lvl);
void log_set_format(enum log_format fmt);

/* Parses "debug|info|warn|error" / "logfmt|json"; returns 0 or -1. */
int log_parse_level(const char *s, enum log_level *out);
int log_parse_format(const char *s, enum log_format *out);

/*
 * Logs msg (printf-style) at lvl. In logfmt: level=warn msg="...". In plain
 * (the batch CLI's default): "oomscan: msg".
 */
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One field of a structured line: key (a bare word) and its value. */
struct log_field {
	const char *key;
	const char *value; /* NULL or "" leaves the field out */
};

/*
 * Logs msg with fields as separate keys, one write(2): logfmt
 * `ts=... level=info msg="..." key=value ...` (values quoted when they hold a
 * space, '=', '"' or a control byte) or one JSON object (values that are
 * decimal integers unquoted). In plain format: "oomscan: msg key=value ...".
 * A line longer than the internal buffer loses its last fields, never its end.
 */
void log_fields(enum log_level lvl, const char *msg,
		const struct log_field *f, int n);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
