/*
 * prefix.h - recognise and strip the per-line prefix a log line carries
 * (dmesg, dmesg -T, dmesg -H/--reltime, dmesg --time-format iso, RFC 3164
 * syslog, RFC 3339 rsyslog, RFC 5424, journalctl short / short-iso /
 * short-precise / short-monotonic / json, /dev/kmsg records, Apache, php-fpm
 * and nginx error logs, Android logcat) and keep what it tells. Before any
 * prefix, the wrapping people and pipelines add (indentation, mail quote
 * markers, ANSI colours, CRLF) is taken off.
 *
 * Return convention: prefix_new returns NULL on allocation failure;
 * prefix_parse cannot fail and returns nothing (an unknown prefix is
 * PREFIX_BARE); the other functions return their result.
 */
#ifndef OOMSCAN_PARSERS_PREFIX_H
#define OOMSCAN_PARSERS_PREFIX_H

#include <stdint.h>

#include "../core/event.h"
#include "../core/span.h"

enum prefix_fmt {
	PREFIX_BARE = 0,      /* no prefix recognised: the whole line is the message */
	PREFIX_DMESG,         /* [  123.456789] msg, also [ 1.2][ T123] msg and
	                       * dmesg -x "kern  :warn  : [ 1.2] msg" */
	PREFIX_DMESG_T,       /* [Thu Dec  7 00:05:14 2017] msg */
	PREFIX_ISO,           /* 2024-01-02T03:04:05,123456+00:00 msg (dmesg iso,
	                       * is_kernel 1); also an RFC 3339 stamp followed by no
	                       * host/tag shape (MySQL): time kept, is_kernel 0 */
	PREFIX_SYSLOG,        /* Mon DD HH:MM:SS host tag[pid]: msg (also localized
	                       * months, journalctl short-precise and short-full) */
	PREFIX_RFC3339,       /* 2024-01-02T03:04:05.123+00:00 host tag[pid]: msg */
	PREFIX_RFC5424,       /* <pri>1 TIMESTAMP HOST APP PROCID MSGID SD msg */
	PREFIX_JOURNAL_MONO,  /* [  123.456789] host tag[pid]: msg */
	PREFIX_JOURNAL_JSON,  /* {"MESSAGE": ...}; an object with no MESSAGE,
	                       * __CURSOR or __REALTIME_TIMESTAMP stays BARE */
	PREFIX_KMSG,          /* prio,seq,usec,flags;msg */
	PREFIX_KMSG_CONT,     /* " KEY=value" continuation of a kmsg record: not a message */
	PREFIX_DMESG_REL,     /* dmesg -H / -e / --reltime: "[  +0.006766] msg",
	                       * "[Dec 3 03:34] msg", "[Dec 3 03:34:56] msg" */
	PREFIX_APACHE,        /* [Mon Nov 30 10:00:00.123456 2026] [mod:level] [pid N] [client A] msg
	                       * (2.4), [Mon Nov 30 10:00:00 2026] [level] [client A] msg (2.2) */
	PREFIX_PHP,           /* php-fpm "[30-Nov-2026 10:00:00] LEVEL: [pool p] child N said
	                       * into stderr: "msg"", PHP's error_log "[30-Nov-2026 10:00:00 UTC] msg" */
	PREFIX_NGINX,         /* 2026/11/30 10:00:00 [level] PID#TID: msg (the msg keeps
	                       * "[level] PID#TID: ", which nginx's rules read) */
	PREFIX_LOGCAT,        /* Android logcat threadtime "11-30 10:00:00.123  PID  TID L tag: msg",
	                       * time "11-30 10:00:00.123 L/tag( PID): msg", brief "L/tag( PID): msg",
	                       * Android Studio "11-30 10:00:00.123 PID-TID/package L/tag: msg";
	                       * msg is "tag: msg" (scratch); the PID column is tag_pid (the
	                       * logging process's); tag is Studio's package, else empty */
	PREFIX_FMT_COUNT
};

/* What the prefix told about one line. Spans point into the line or into
 * the parser's scratch buffer (journal JSON, #012 escapes) and stay valid
 * until the next prefix_parse call on the same parser. */
struct line_meta {
	enum prefix_fmt fmt;
	struct span host;     /* empty when the prefix names no host */
	struct span tag;      /* program name ("kernel", "redis-server"), may be empty */
	int64_t tag_pid;      /* pid in tag[pid] (logcat: its PID column), or -1 */
	int64_t time_sec;     /* wall clock, Unix seconds UTC, or INT64_MIN */
	int32_t time_nsec;
	int64_t uptime_usec;  /* [123.456789] stamp or kmsg usec, or INT64_MIN */
	int64_t kmsg_seq;     /* kmsg sequence number, or -1 */
	int kmsg_facility;    /* kmsg facility (prio >> 3), or -1 */
	int is_kernel;        /* 1 when the line is known to come from the kernel */
	int year_assumed;     /* time_sec's year was not in the stamp (year_hint) */
	int json_member;      /* 1: a pretty-printed JSON object's text member (see
			       * prefix_json_object) */
	struct span msg;      /* the message with the prefix stripped */
};

struct prefix_parser;

/*
 * year_hint: the year to assume for prefixes that carry none (RFC 3164
 * syslog, journalctl short): typically the year of the file's mtime. A date
 * that would lie more than a day after ref_time (Unix seconds, 0 = none) is
 * taken to be from the year before. Times without a zone are read in UTC.
 * A year_hint <= 0 means the current year. Returns NULL on allocation
 * failure.
 */
struct prefix_parser *prefix_new(int year_hint, int64_t ref_time);
void prefix_free(struct prefix_parser *pp);

/*
 * Parses one line (no trailing newline). First the wrapping is taken off:
 * a UTF-8 BOM, trailing CR, ANSI escape sequences and HTML entities
 * anywhere, and leading spaces, tabs, mail quote markers ('>', '|', any
 * mix and depth) and markdown backticks; then the prefix is read, and a
 * pipeline's wrapping around the line (a CI or CRI stamp, a JSON record,
 * grep's and cat's labels, ...) with it, the line inside read as a line. The message never starts
 * with a space, a tab or rsyslog's "#011". Always succeeds: an unknown
 * prefix yields PREFIX_BARE with msg = the unwrapped line.
 * The message may still hold embedded line breaks (rsyslog's "#012", a
 * journal MESSAGE with "\n"); the scanner splits those.
 */
void prefix_parse(struct prefix_parser *pp, struct span line, struct line_meta *out);

/*
 * For a line prefix_parse read as a pretty-printed JSON object's text
 * member (m->json_member): the object's other members on the lines around
 * it within blk (the bytes the line lies in, whole lines), up to the
 * object's braces and at most PREFIX_OBJECT_LINES lines each way, fill
 * what the text left unnamed: the host (journald's _HOSTNAME, "hostname",
 * "host"), the wall-clock time (__REALTIME_TIMESTAMP, an RFC 3339 "time",
 * "@timestamp" or "timestamp"), the uptime (_SOURCE_MONOTONIC_TIMESTAMP,
 * __MONOTONIC_TIMESTAMP, dmesg --json's number "time"), the program
 * (_TRANSPORT or SYSLOG_IDENTIFIER "kernel" makes it the kernel's;
 * SYSLOG_IDENTIFIER) and its pid (_PID, SYSLOG_PID). Spans point into
 * blk. A line not inside blk is left as it is.
 */
#define PREFIX_OBJECT_LINES 48
void prefix_json_object(struct span blk, struct span line, struct line_meta *m);

/* An HTML entity at the start of s, as a web page's source keeps the text
 * (&lt; &gt; &amp; &quot; &apos; &#39; &nbsp;, &#NN; and &#xHH; below 128):
 * its length, with its byte in *out, or 0. */
size_t prefix_html_entity(struct span s, char *out);

/* 1 when s is empty or lies inside pp's own buffers (a message prefix_parse
 * decoded or copied: journal JSON, kmsg escapes, a JSON record's text, a
 * line without its ANSI escapes or HTML entities), else 0. For checks. */
int prefix_owns(const struct prefix_parser *pp, struct span s);

/*
 * 1 when line holds none of the bytes that ask for a closer look: ESC
 * (0x1b, which starts an ANSI escape), '\n' and '#' (an embedded line
 * break, "\n" or rsyslog's "#012"), '\\' (an escape that decoding may
 * turn into text: kmsg "\\x20", JSON "\\n") and '&' (an HTML entity),
 * else 0. One pass; reads only
 * within line. Such a line may go to prefix_parse_no_esc, its message is
 * its own bytes, and the part of its message that lies within it holds no
 * embedded break.
 */
int prefix_line_plain(struct span line);

/*
 * When prefix_parse would read the plain line (prefix_line_plain) as a
 * syslog line of the kernel's (PREFIX_SYSLOG, is_kernel) without changing
 * the parser but for what it remembers to go faster: the offset after its
 * "kernel: " (the message lies in the rest); else 0, and only prefix_parse
 * can tell. A cheap look: it knows lines that repeat the minute of the last
 * stamp parsed.
 */
size_t prefix_kernel_line(const struct prefix_parser *pp, struct span line);

/*
 * Where a line's kernel message likely lies, from the line alone (another
 * thread may look ahead with it): after a syslog stamp, a host, "kernel: "
 * and an uptime, trimmed; an empty span when the line has no such head. A
 * guess: prefix_parse decides (and may decode the message elsewhere).
 */
struct span prefix_kernel_msg(struct span line);

/*
 * prefix_parse for a line the caller knows holds no ESC byte (0x1b, which
 * starts an ANSI escape): the same result without the search for one.
 */
void prefix_parse_no_esc(struct prefix_parser *pp, struct span line, struct line_meta *out);

/*
 * plain = 1: every line takes the general road, without the short road for
 * the common syslog kernel line and without the memory of the last stamp
 * and head; plain = 0 (the default) turns them back on. The results are the
 * same either way: the switch is for tests that compare the two.
 */
void prefix_set_plain(struct prefix_parser *pp, int plain);

/*
 * Takes leading spaces, tabs and rsyslog "#011" escapes off a message (or a
 * piece of one split at "#012"). Returns the rest; never reads outside m.
 */
struct span prefix_msg_trim(struct span m);

/*
 * Quoted-printable (RFC 2045) as a mail body still in it shows a message:
 * each "=XX" (two upper-case hex digits) becomes byte 0xXX; any other '='
 * stays. Writes at most cap bytes to out and returns how many it wrote;
 * *cut is set to 1 when in did not fit whole (out then holds its start).
 * The caller decides that the text is quoted-printable (a "=3D" seen near
 * it) and joins soft line breaks (a line that ends in '=').
 */
size_t prefix_qp_decode(struct span in, char *out, size_t cap, int *cut);

/* Copies host, time and uptime of a line into an event, with source and line. */
void line_meta_stamp(const struct line_meta *m, const char *source, int64_t line,
		     struct oom_event *ev);

/* The name of a format ("syslog", "kmsg", ...). */
const char *prefix_fmt_name(enum prefix_fmt fmt);

#endif
