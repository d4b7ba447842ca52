/*
 * log.c - leveled diagnostics on stderr.
 *
 * Trusts its callers' format strings; escapes message bytes for logfmt and
 * JSON. Thread-safe: one write(2) per message, settings fixed at start-up.
 */
#include "log.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level g_level = LOG_INFO;
static enum log_format g_format = LOG_FMT_PLAIN;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void log_set_level(enum log_level lvl)
{
	g_level = lvl;
}

void log_set_format(enum log_format fmt)
{
	g_format = fmt;
}

int log_parse_level(const char *s, enum log_level *out)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

int log_parse_format(const char *s, enum log_format *out)
{
	if (strcmp(s, "logfmt") == 0)
		*out = LOG_FMT_LOGFMT;
	else if (strcmp(s, "json") == 0)
		*out = LOG_FMT_JSON;
	else
		return -1;
	return 0;
}

/* Appends msg to buf with quotes and backslashes escaped, control
 * characters as \u00XX, a stored NUL (C0 80) as \u0000 and invalid UTF-8
 * as \ufffd, so JSON logs stay valid whatever a message quotes. */
static size_t put_escaped(char *buf, size_t at, size_t cap, const char *msg)
{
	const unsigned char *s = (const unsigned char *)msg;
	size_t i = 0, n = strlen(msg), len, bad;

	while (i < n && at + 8 < cap) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			buf[at++] = '\\';
			buf[at++] = (char)c;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			at += (size_t)snprintf(buf + at, cap - at, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			buf[at++] = (char)c;
			i++;
		} else if (c == TEXT_NUL0 && s[i + 1] == TEXT_NUL1) {
			at += (size_t)snprintf(buf + at, cap - at, "\\u0000");
			i += 2;
		} else if ((len = text_utf8_len(s + i, n - i, &bad)) != 0) {
			if (at + len + 8 >= cap)
				break;
			memcpy(buf + at, s + i, len);
			at += len;
			i += len;
		} else {
			at += (size_t)snprintf(buf + at, cap - at, "\\ufffd");
			i += bad;
		}
	}
	return at;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	char msg[1024], out[2400], ts[40];
	struct timespec now;
	struct tm tm;
	size_t at = 0;
	va_list ap;
	ssize_t w;

	if (lvl < g_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (g_format == LOG_FMT_PLAIN) {
		char clean[1024];

		/* For a terminal: no control characters or escape sequences. */
		at = (size_t)snprintf(out, sizeof(out), "oomscan: %s%s\n",
				      lvl >= LOG_ERROR ? "error: " : (lvl == LOG_WARN ? "warning: " : ""),
				      text_terminal(clean, sizeof(clean), msg));
	} else {
		clock_gettime(CLOCK_REALTIME, &now);
		gmtime_r(&now.tv_sec, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
		if (g_format == LOG_FMT_JSON)
			at = (size_t)snprintf(out, sizeof(out), "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"msg\":\"",
					      ts, now.tv_nsec / 1000000, level_names[lvl]);
		else
			at = (size_t)snprintf(out, sizeof(out), "ts=%s.%03ldZ level=%s msg=\"",
					      ts, now.tv_nsec / 1000000, level_names[lvl]);
		at = put_escaped(out, at, sizeof(out) - 4, msg);
		out[at++] = '"';
		if (g_format == LOG_FMT_JSON)
			out[at++] = '}';
		out[at++] = '\n';
	}
	if (at > sizeof(out))
		at = sizeof(out);
	w = write(STDERR_FILENO, out, at);
	(void)w;
}

static int is_integer(const char *v)
{
	const char *p = v;

	if (*p == '-')
		p++;
	if (!*p || (*p == '0' && p[1]))
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return p - v < 19;
}

static int needs_quotes(const char *v)
{
	for (; *v; v++)
		if (*v == ' ' || *v == '=' || *v == '"' || (unsigned char)*v < 0x20 ||
		    *v == '\\')
			return 1;
	return 0;
}

/* Appends s, which the caller made sure fits; returns the new length. */
static size_t put_raw(char *buf, size_t at, const char *s)
{
	size_t n = strlen(s);

	memcpy(buf + at, s, n);
	return at + n;
}

/* One field, or nothing when its worst-case escaped size does not fit. */
static size_t put_field(char *buf, size_t at, size_t cap, const char *k, const char *v)
{
	int json = g_format == LOG_FMT_JSON, quote = json ? !is_integer(v) : needs_quotes(v);

	if (strlen(k) + strlen(v) * 6 + 16 > cap - at)
		return at;
	at = put_raw(buf, at, json ? ",\"" : " ");
	at = put_raw(buf, at, k);
	at = put_raw(buf, at, json ? "\":" : "=");
	if (quote)
		at = put_raw(buf, at, "\"");
	at = put_escaped(buf, at, cap, v);
	if (quote)
		at = put_raw(buf, at, "\"");
	return at;
}

void log_fields(enum log_level lvl, const char *msg,
		const struct log_field *f, int n)
{
	char out[2400], ts[40];
	struct timespec now;
	struct tm tm;
	size_t at = 0;
	ssize_t w;
	int i;

	if (lvl < g_level)
		return;
	if (g_format == LOG_FMT_PLAIN) {
		at = (size_t)snprintf(out, sizeof(out), "oomscan: %s", msg);
	} else {
		clock_gettime(CLOCK_REALTIME, &now);
		gmtime_r(&now.tv_sec, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
		at = (size_t)snprintf(out, sizeof(out), g_format == LOG_FMT_JSON ?
				      "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"msg\":\"" :
				      "ts=%s.%03ldZ level=%s msg=\"",
				      ts, now.tv_nsec / 1000000, level_names[lvl]);
		at = put_escaped(out, at, 512, msg);
		out[at++] = '"';
	}
	for (i = 0; i < n; i++) {
		if (f[i].value && f[i].value[0])
			at = put_field(out, at, sizeof(out) - 4, f[i].key, f[i].value);
	}
	if (g_format == LOG_FMT_JSON)
		out[at++] = '}';
	out[at++] = '\n';
	w = write(STDERR_FILENO, out, at);
	(void)w;
}
