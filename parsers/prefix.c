/*
 * prefix.c - recognise and strip the per-line prefix of a log line: raw
 * dmesg stamps (with printk caller ids), dmesg -T, dmesg --time-format iso,
 * RFC 3164 syslog (localized month names too), rsyslog RFC 3339, RFC 5424,
 * journalctl short / short-iso / short-precise / short-monotonic / json and
 * /dev/kmsg records with their continuation lines.
 *
 * Trusts nothing in the line: every cursor stays inside the span, no NUL is
 * needed, and a line that matches no known shape comes back as PREFIX_BARE
 * with the whole line as its message. The hot path is hand-written and
 * allocation-free; only lines that begin with '{' go through cJSON.
 *
 * The common line, "Mmm dd hh:mm:ss host kernel: [ 123.456789] msg", takes
 * a short road: a line that starts with the syslog stamp read last (or its
 * minute) skips the probes for other shapes (syslog_fast), and "host
 * kernel: [uptime]" is read in one pass (kernel_head: the host from one
 * SSE2 load, dmesg's fixed-width stamp eight bytes at a time in
 * uptime_fixed, which raw dmesg lines use too) or, when its bytes repeat
 * the last one's, not at all (the host's alone: only the uptime). The
 * short road gives what the general one gives; the plain mode
 * (prefix_set_plain) takes the general road only, with no memory of the
 * last line, so that test_short_road can compare the two.
 *
 * Thread-safety: a struct prefix_parser holds per-source state (the kmsg
 * continuation flag, the scratch buffer the returned spans may point into,
 * and the last syslog stamp, its minute and "host kernel: [uptime]" head
 * with what they gave, so that a line repeating them skips their parse and
 * reads the same), so one parser must be used by one thread at a time. Distinct parsers are
 * independent.
 */
#include "prefix.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PREFIX_AVX2 1 /* prefix_line_plain's pass, when the CPU has AVX2 */
#endif

#include "../core/timefmt.h"

#define PREFIX_MSG_MAX 65536 /* decoded journal / kmsg message cap */
#define PREFIX_FIELD_MAX 256 /* journal host / tag cap */
#define PREFIX_MONTH_MAX 16  /* longest month or weekday word we accept */
#define PREFIX_TOKEN_MAX 256 /* longest host or tag token we accept */
#define PREFIX_KMSG_HDR_MAX 128
#define PREFIX_STAMP_MAX 32  /* longest syslog stamp the last-stamp cache keeps */
#define PREFIX_HEAD_MAX 96   /* longest "host kernel: [uptime]" the same cache keeps */

struct prefix_parser {
	int year_hint;
	int64_t ref_time;
	int prev_kmsg; /* the previous line was a kmsg record or continuation */
	int plain;     /* no short road and no memory of the last stamp / head */
	char host[PREFIX_FIELD_MAX];
	char tag[PREFIX_FIELD_MAX];
	char msg[PREFIX_MSG_MAX];
	char line[PREFIX_MSG_MAX]; /* the line without its ANSI escapes */
	/* The last RFC 3164 stamp read, with the space after it, and the time
	 * it gave: the lines of one report share their second. */
	char stamp[PREFIX_STAMP_MAX];
	size_t stamp_n;       /* 0 = none */
	int stamp_letters;    /* it starts with two ASCII letters (the short road's) */
	int stamp_timed;      /* it gave a time (a known month) */
	int64_t stamp_sec;
	int32_t stamp_nsec;
	/* The minute of the last stamp parsed whole: its first minute_n bytes
	 * (through "HH:MM:", no fraction after the seconds) and the time of
	 * its second 0 in the year hint's year, when it names a time. */
	size_t minute_n;      /* 0 = none */
	int minute_timed;
	int64_t minute_base;
	/* The last "host kernel: [  123.456789]" read after such a stamp,
	 * through its ']', and the host length and uptime it gave. */
	char head[PREFIX_HEAD_MAX];
	size_t head_n;        /* 0 = none */
	size_t head_host;
	int64_t head_usec;
	/* A pipeline's wrapping (wrapped_parse): the depth of the line being
	 * read inside another's wrapping, and the text Docker's json-file
	 * record held (decoded). */
	int depth;
	int64_t label_next; /* the line number grep -n would give the next line, or -1 */
	char inner[PREFIX_MSG_MAX];
};

static const char *const fmt_names[PREFIX_FMT_COUNT] = {
	[PREFIX_BARE] = "bare",
	[PREFIX_DMESG] = "dmesg",
	[PREFIX_DMESG_T] = "dmesg_t",
	[PREFIX_ISO] = "iso",
	[PREFIX_SYSLOG] = "syslog",
	[PREFIX_RFC3339] = "rfc3339",
	[PREFIX_RFC5424] = "rfc5424",
	[PREFIX_JOURNAL_MONO] = "journal_mono",
	[PREFIX_JOURNAL_JSON] = "journal_json",
	[PREFIX_KMSG] = "kmsg",
	[PREFIX_KMSG_CONT] = "kmsg_cont",
	[PREFIX_DMESG_REL] = "dmesg_rel",
	[PREFIX_APACHE] = "apache",
	[PREFIX_PHP] = "php",
	[PREFIX_NGINX] = "nginx",
	[PREFIX_LOGCAT] = "logcat",
};

const char *prefix_fmt_name(enum prefix_fmt fmt)
{
	if ((unsigned)fmt >= PREFIX_FMT_COUNT)
		return "unknown";
	return fmt_names[fmt];
}

struct prefix_parser *prefix_new(int year_hint, int64_t ref_time)
{
	struct prefix_parser *pp = calloc(1, sizeof(*pp));
	time_t now;
	struct tm tm;

	if (!pp)
		return NULL;
	if (year_hint <= 0) {
		/* No hint: the current year is the best guess there is. */
		now = time(NULL);
		year_hint = gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 1970;
	}
	pp->year_hint = year_hint;
	pp->ref_time = ref_time;
	pp->label_next = -1;
	return pp;
}

void prefix_free(struct prefix_parser *pp)
{
	free(pp);
}

void prefix_set_plain(struct prefix_parser *pp, int plain)
{
	pp->plain = plain != 0;
}

/* ---- small cursor helpers ---- */

static inline int is_digit(int c)
{
	return timefmt_is_digit(c);
}

static inline int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The functions on the common line's road (syslog_fast down to the uptime
 * stamp and the message's first token) are inlined into it, so that such a
 * line pays for no call: GCC and clang; elsewhere a plain hint. */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* The 8 bytes at p, in the machine's order (compared, never decoded). */
static inline uint64_t load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* 1 when the n bytes at a and b are equal: two or four overlapping 8-byte
 * loads a side for the 8 to 32 bytes of a stamp or a head, memcmp beyond.
 * Reads nothing outside [a, a + n) and [b, b + n). */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16)
		return ((load8(a) ^ load8(b)) | (load8(a + n - 8) ^ load8(b + n - 8))) == 0;
	if (n > 16 && n <= 32)
		return ((load8(a) ^ load8(b)) | (load8(a + 8) ^ load8(b + 8)) |
			(load8(a + n - 16) ^ load8(b + n - 16)) | (load8(a + n - 8) ^ load8(b + n - 8))) == 0;
	return memcmp(a, b, n) == 0;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Digits eight bytes at a time (little-endian loads: the first byte is the
 * lowest lane). No sum below carries out of its lane or out of 64 bits. */
#define PREFIX_SWAR 1
#define ONES5 0x0000000101010101ull /* one in each of 5 lanes */
#define ONES6 0x0000010101010101ull /* one in each of 6 lanes */

/* 1 when w's six low lanes are ASCII digits (the lanes above are 0): the
 * high nibble is 3 and adding 6 keeps it 3. */
static inline int swar_digits6(uint64_t w)
{
	return (w & (ONES6 * 0xf0)) == ONES6 * 0x30 &&
	       ((w + ONES6 * 6) & (ONES6 * 0xf0)) == ONES6 * 0x30;
}

/* The number eight digit values (0..9, one a lane) spell, the lowest lane
 * the first digit: pairs, then fours, then all eight. */
static inline int64_t swar_value8(uint64_t v)
{
	v = (v * 10 + (v >> 8)) & 0x00ff00ff00ff00ffull;
	v = (v * 100 + (v >> 16)) & 0x0000ffff0000ffffull;
	return (int64_t)((v * 10000 + (v >> 32)) & 0xffffffffull);
}
#endif

/* The digit and field readers are core/timefmt.h's (inline: the hot path). */
#define digits_n timefmt_digits_n
#define digits_upto timefmt_digits_upto
#define fraction timefmt_fraction
#define days_from_civil timefmt_days_from_civil

/* Unix seconds of a UTC calendar time, or INT64_MIN when out of range. */
static int64_t civil_to_unix(int64_t y, int mo, int d, int h, int mi, int sec)
{
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		return INT64_MIN;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
}

/*
 * Maps a month word (English, or a common French, German, Spanish, Italian,
 * Portuguese, Dutch or Scandinavian abbreviation, in UTF-8, or a CJK "N月")
 * to 1..12; 0 when unknown.
 */
static int month_from_word(struct span w)
{
	char b[4];
	size_t i, k = 0;
	int num = 0;

	/* CJK locales: "3月", "12월": a month number and a non-ASCII suffix. */
	for (i = 0; i < w.n && i < 2 && is_digit((unsigned char)w.p[i]); i++)
		num = num * 10 + (w.p[i] - '0');
	if (i > 0)
		return (i < w.n && (unsigned char)w.p[i] >= 0x80 && num >= 1 && num <= 12) ?
			       num : 0;
	for (i = 0; i < w.n && k < 4; i++) {
		unsigned char c = (unsigned char)w.p[i];

		if (is_alpha(c)) {
			b[k++] = (char)(c | 0x20);
		} else if (c == 0xc3 && i + 1 < w.n) {
			/* Latin-1 supplement letters: fold the few that occur. */
			unsigned char c2 = (unsigned char)w.p[++i];

			if (c2 == 0xa9 || c2 == 0x89) /* é É */
				b[k++] = 'e';
			else if (c2 == 0xbb || c2 == 0x9b) /* û Û */
				b[k++] = 'u';
			else if (c2 == 0xa4 || c2 == 0x84) /* ä Ä */
				b[k++] = 'a';
			else
				return 0;
		} else if (c == '.') {
			break;
		} else {
			return 0;
		}
	}
	if (k < 3)
		return 0;
#define M3(a, b_, c) (b[0] == (a) && b[1] == (b_) && b[2] == (c))
	switch (b[0]) {
	case 'a':
		if (M3('a', 'p', 'r') || M3('a', 'v', 'r') || M3('a', 'b', 'r'))
			return 4;
		if (M3('a', 'u', 'g') || M3('a', 'o', 'u') || M3('a', 'g', 'o'))
			return 8;
		break;
	case 'd':
		if (M3('d', 'e', 'c') || M3('d', 'i', 'c') || M3('d', 'e', 'z') ||
		    M3('d', 'e', 's'))
			return 12;
		break;
	case 'e':
		if (M3('e', 'n', 'e'))
			return 1;
		break;
	case 'f':
		if (M3('f', 'e', 'b') || M3('f', 'e', 'v'))
			return 2;
		break;
	case 'g':
		if (M3('g', 'e', 'n'))
			return 1;
		if (M3('g', 'i', 'u'))
			return 6;
		break;
	case 'j':
		if (M3('j', 'a', 'n'))
			return 1;
		if (M3('j', 'u', 'n'))
			return 6;
		if (M3('j', 'u', 'l'))
			return 7;
		if (M3('j', 'u', 'i')) /* juin, juil. */
			return (k >= 4 && b[3] == 'l') ? 7 : (k >= 4 && b[3] == 'n') ? 6 : 0;
		break;
	case 'l':
		if (M3('l', 'u', 'g'))
			return 7;
		break;
	case 'm':
		if (M3('m', 'a', 'r') || M3('m', 'r', 't') || M3('m', 'r', 'z'))
			return 3;
		if (M3('m', 'a', 'y') || M3('m', 'a', 'i') || M3('m', 'a', 'g') ||
		    M3('m', 'e', 'i') || M3('m', 'a', 'j'))
			return 5;
		break;
	case 'n':
		if (M3('n', 'o', 'v'))
			return 11;
		break;
	case 'o':
		if (M3('o', 'c', 't') || M3('o', 'k', 't') || M3('o', 't', 't') ||
		    M3('o', 'u', 't'))
			return 10;
		break;
	case 's':
		if (M3('s', 'e', 'p') || M3('s', 'e', 't'))
			return 9;
		break;
	default:
		break;
	}
#undef M3
	return 0;
}

/* Sets out->time_sec from a date without a year (syslog, journal short).
 * Returns 1 when it set the time, 0 when the date is no date. */
static int set_yearless_time(const struct prefix_parser *pp, struct line_meta *out,
			     int mo, int d, int h, int mi, int sec, int32_t nsec)
{
	int64_t t;

	if (mo == 0)
		return 0;
	t = civil_to_unix(pp->year_hint, mo, d, h, mi, sec);
	if (t == INT64_MIN)
		return 0;
	if (pp->ref_time != 0 && t > pp->ref_time + 86400)
		t = civil_to_unix(pp->year_hint - 1, mo, d, h, mi, sec);
	if (t == INT64_MIN)
		return 0;
	out->time_sec = t;
	out->time_nsec = nsec;
	out->year_assumed = 1;
	return 1;
}

/*
 * Parses "HH:MM:SS" and an optional ".frac" at *i. Returns 0 and advances,
 * or -1.
 */
static int parse_hms(struct span s, size_t *i, int *h, int *mi, int *sec, int32_t *nsec)
{
	int64_t a = digits_n(s, *i, 2), b, c;

	if (a < 0 || *i + 8 > s.n || s.p[*i + 2] != ':' || s.p[*i + 5] != ':')
		return -1;
	b = digits_n(s, *i + 3, 2);
	c = digits_n(s, *i + 6, 2);
	if (b < 0 || c < 0 || a > 23 || b > 59 || c > 60)
		return -1;
	*h = (int)a;
	*mi = (int)b;
	*sec = (int)c;
	*i += 8;
	*nsec = 0;
	if (*i + 1 < s.n && (s.p[*i] == '.' || s.p[*i] == ',') &&
	    is_digit((unsigned char)s.p[*i + 1])) {
		(*i)++;
		*nsec = (int32_t)fraction(s, i, 9);
	}
	return 0;
}

/*
 * Parses an RFC 3339 / ISO 8601 stamp "YYYY-MM-DDTHH:MM:SS[.,frac][Z|+hh:mm|
 * +hhmm|+hh]" at the start of s (core/timefmt.c's reader, year 1900 on).
 * It must be followed by a space or the end. Returns the length consumed
 * (> 0) and sets *sec / *nsec (UTC), or 0. *comma tells whether the
 * fraction used ','.
 */
static size_t parse_rfc3339(struct span s, int64_t *tsec, int32_t *tnsec, int *comma)
{
	int64_t y = digits_n(s, 0, 4);
	size_t i;

	if (y < 1900 || s.n < 19)
		return 0;
	i = timefmt_stamp(s, 0, tsec, tnsec);
	if (!i || (i < s.n && s.p[i] != ' '))
		return 0;
	*comma = s.n > 19 && s.p[19] == ',';
	return i;
}

/*
 * Parses a kernel stamp "[  123.456789]" at the start of s: '[', spaces,
 * digits, '.', digits, ']'. Returns the length or 0. A task-table row
 * "[28438]     0 ..." has no dot and is not a stamp.
 */
/* Seconds with a fraction at the start of s ("123.456789": at most 12
 * digits of seconds, the fraction's first 6 kept): the bytes read, with
 * *usec set, or 0. */
static size_t parse_seconds(struct span s, int64_t *usec)
{
	const char *p = s.p;
	size_t n = s.n, i = 0;
	int64_t sec = 0, frac = 0;
	int k = 0;

	for (; i < n && i < 12 && is_digit((unsigned char)p[i]); i++)
		sec = sec * 10 + (p[i] - '0');
	if (i == 0 || i >= n || p[i] != '.')
		return 0;
	i++;
	if (i >= n || !is_digit((unsigned char)p[i]))
		return 0;
	for (; i < n && is_digit((unsigned char)p[i]); i++)
		if (k < 6) {
			frac = frac * 10 + (p[i] - '0');
			k++;
		}
	for (; k < 6; k++)
		frac *= 10;
	*usec = sec * 1000000 + frac;
	return i;
}

static size_t parse_uptime_stamp(struct span s, int64_t *usec)
{
	size_t i = 1, k;
	int64_t us;

	if (s.n < 4 || s.p[0] != '[')
		return 0;
	while (i < s.n && s.p[i] == ' ')
		i++;
	k = parse_seconds(span_skip(s, i), &us);
	if (!k || i + k >= s.n || s.p[i + k] != ']')
		return 0;
	*usec = us;
	return i + k + 1;
}

/*
 * parse_uptime_stamp for dmesg's own "[%5lu.%06lu]", the short road's: the
 * places are fixed, and eight bytes at a time read them. The seconds are
 * p[1..5], spaces first (their low nibble 0 counts as a leading zero),
 * then at least one digit; the fraction p[7..12]. Returns 14 and sets
 * *usec as parse_uptime_stamp would, or 0 for any other shape (which
 * parse_uptime_stamp then reads, or not).
 */
HOT size_t uptime_fixed(struct span s, int64_t *usec)
{
#ifdef PREFIX_SWAR
	const char *p = s.p;

	if (s.n >= 14 && p[0] == '[' && p[6] == '.' && p[13] == ']') {
		uint64_t x = (load8(p) >> 8) & (ONES5 * 0xff);
		uint64_t f = (load8(p + 6) >> 8) & (ONES6 * 0xff); /* p[7..12], no byte past p[13] */
		uint64_t t = x ^ (ONES5 * ' ');
		uint64_t sp = (~(((t & (ONES5 * 0x7f)) + ONES5 * 0x7f) | t) & (ONES5 * 0x80)) >> 7;
		uint64_t m = sp * 0xff; /* 0xff in each space lane */

		if ((m & (m + 1)) == 0 && m < (1ull << 32) &&
		    swar_digits6(((x + sp * 0x10) << 8) | '0') && swar_digits6(f)) {
			*usec = swar_value8((x & (ONES5 * 0x0f)) << 24) * 1000000 +
				swar_value8((f & (ONES6 * 0x0f)) << 16);
			return 14;
		}
	}
#else
	(void)s;
	(void)usec;
#endif
	return 0;
}


/* Parses a printk caller id "[ T5241]" / "[    C3]"; returns its length or 0. */
static size_t parse_caller_id(struct span s)
{
	size_t i = 1, d;

	if (s.n < 4 || s.p[0] != '[')
		return 0;
	while (i < s.n && s.p[i] == ' ')
		i++;
	if (i >= s.n || (s.p[i] != 'T' && s.p[i] != 'C'))
		return 0;
	i++;
	d = i;
	while (i < s.n && is_digit((unsigned char)s.p[i]) && i - d < 12)
		i++;
	if (i == d || i >= s.n || s.p[i] != ']')
		return 0;
	return i + 1;
}

/* Skips exactly one space, if there is one. */
static struct span skip1(struct span s)
{
	if (s.n && s.p[0] == ' ')
		return span_skip(s, 1);
	return s;
}

#if defined(__SSE2__)
/* Bit i set when byte i of v is a space or a tab. */
static inline unsigned blank_mask16(__m128i v)
{
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
							_mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
}

/* Bit i set when byte i of v is a host name's (host_char_ok): a byte from
 * 0x80 (negative as a signed byte), a letter (either case: with 0x20 set
 * it is a-z), "0-9:", "-." or '_'. */
static inline unsigned host_mask16(__m128i v)
{
	__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i ok = _mm_cmplt_epi8(v, _mm_setzero_si128());

	ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
					    _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1))));
	ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
					    _mm_cmplt_epi8(v, _mm_set1_epi8(':' + 1))));
	ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('-' - 1)),
					    _mm_cmplt_epi8(v, _mm_set1_epi8('.' + 1))));
	ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
	return (unsigned)_mm_movemask_epi8(ok);
}
#endif

/* Length of the token (run of bytes other than space and tab) at the start
 * of s. Eight bytes at a time: a byte equal to ' ' or '\t' is a zero byte
 * of w ^ 0x20.. or w ^ 0x09.., which the zero-byte test flags exactly, so
 * the lowest flagged byte is the first blank (little-endian loads). */
HOT size_t token_len(struct span s)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	size_t i = 0;

#if defined(__SSE2__)
	/* sixteen bytes at a time where there are sixteen (x86-64 has SSE2) */
	for (; i + 16 <= s.n; i += 16) {
		unsigned m = blank_mask16(_mm_loadu_si128((const __m128i *)(const void *)(s.p + i)));

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= s.n; i += 8) {
		uint64_t w, sp, tb, z;

		memcpy(&w, s.p + i, 8);
		sp = w ^ (ones * ' ');
		tb = w ^ (ones * '\t');
		/* a zero byte of sp or tb, exactly and without borrows: the
		 * high bit of (b & 0x7f) + 0x7f, or b, is clear only for 0 */
		z = ~(((sp & ~highs) + (ones * 0x7f)) | sp) & highs;
		z |= ~(((tb & ~highs) + (ones * 0x7f)) | tb) & highs;
		if (z)
			return i + (size_t)(__builtin_ctzll(z) >> 3);
	}
#endif
	while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t')
		i++;
	return i;
}

/* The ASCII bytes of a host name, one bit each: "-.0-9:" in the low word,
 * "A-Z_a-z" in the high one. */
#define HOST_LO ((1ull << '-') | (1ull << '.') | (0x3ffull << '0') | (1ull << ':'))
#define HOST_HI ((0x3ffffffull << ('A' - 64)) | (1ull << ('_' - 64)) | (0x3ffffffull << ('a' - 64)))

/* host_tab[c]: 1 for a letter, digit, "-._:" or any byte of a UTF-8
 * sequence, built from the two words at compile time. */
#define HC(c) ((c) >= 0x80 ? 1 : (int)((((c) < 64 ? HOST_LO : HOST_HI) >> ((c) & 63)) & 1))
#define HC4(c) HC(c), HC((c) + 1), HC((c) + 2), HC((c) + 3)
#define HC16(c) HC4(c), HC4((c) + 4), HC4((c) + 8), HC4((c) + 12)
#define HC64(c) HC16(c), HC16((c) + 16), HC16((c) + 32), HC16((c) + 48)
static const unsigned char host_tab[256] = { HC64(0), HC64(64), HC64(128), HC64(192) };
#undef HC64
#undef HC16
#undef HC4
#undef HC

static inline int host_char_ok(unsigned char c)
{
	return host_tab[c];
}

/* 1 when t (a token) looks like a host name. */
static int host_ok(struct span t)
{
	size_t i;

	if (t.n == 0 || t.n > PREFIX_TOKEN_MAX || t.p[t.n - 1] == ':')
		return 0;
	/* A name a person redacted before pasting: "<hostname>", "<host>". */
	if (t.n > 2 && t.p[0] == '<' && t.p[t.n - 1] == '>' && is_alpha((unsigned char)t.p[1]))
		t = span_make(t.p + 1, t.n - 2);
	for (i = 0; i < t.n; i++)
		if (!host_char_ok((unsigned char)t.p[i]))
			return 0;
	return 1;
}

/*
 * Splits a tag token that ends in ':' ("kernel:", "sshd[12]:", "foo:") into
 * name and pid. Returns 1 and fills *name / *pid when the token is a tag,
 * 0 otherwise. The name is non-empty and has no '[' when a pid is present.
 */
static int split_tag(struct span t, struct span *name, int64_t *pid)
{
	size_t n;
	long lb;
	struct span d;
	int64_t v;

	if (t.n < 2 || t.n > PREFIX_TOKEN_MAX || t.p[t.n - 1] != ':')
		return 0;
	n = t.n - 1;
	*pid = -1;
	*name = span_make(t.p, n);
	if (t.p[n - 1] == ']') {
		lb = span_rfind(span_make(t.p, n - 1), "[", 1);
		if (lb > 0) {
			d = span_make(t.p + lb + 1, n - 1 - (size_t)lb - 1);
			if (d.n > 0 && d.n <= 10 && span_take_i64(&d, &v) == 0 &&
			    d.n == 0 && v >= 0) {
				*pid = v;
				*name = span_make(t.p, (size_t)lb);
			}
		}
	}
	return 1;
}

/*
 * The length of the host in a tag that runs a host name into "kernel"
 * ("MyVMkernel" of "Dec 20 15:32:34 MyVMkernel: [ 1.2] ...", a space lost
 * when the line was retyped or pasted), else 0. The host part is a host
 * name's bytes and ends in a letter or digit.
 */
static size_t glued_kernel_host(struct span name)
{
	size_t i, h;

	if (name.n <= 6 || name.n > 6 + PREFIX_TOKEN_MAX || !SPAN_ENDS(name, "kernel"))
		return 0;
	h = name.n - 6;
	if (!is_alpha(name.p[h - 1]) && !is_digit(name.p[h - 1]))
		return 0;
	for (i = 0; i < h; i++)
		if (!host_char_ok((unsigned char)name.p[i]))
			return 0;
	return h;
}

static void set_tag(struct line_meta *out, struct span name, int64_t pid)
{
	size_t h;

	out->tag = name;
	out->tag_pid = pid;
	if (SPAN_EQ(name, "kernel")) {
		out->is_kernel = 1;
	} else if (pid < 0 && (h = glued_kernel_host(name)) != 0) {
		/* the host is left unknown: where the glue was is a guess */
		out->tag = span_make(name.p + h, 6);
		out->is_kernel = 1;
	}
}

/* set_tag for a name known to be the six bytes "kernel" at p, no pid. */
HOT void set_tag_kernel(struct line_meta *out, const char *p)
{
	out->tag = span_make(p, 6);
	out->tag_pid = -1;
	out->is_kernel = 1;
}

/*
 * A program's line behind a kernel stamp: "tag[pid]: msg" (journalctl -o
 * short-monotonic of the local machine, dmesg of a /dev/kmsg write, either
 * relayed by syslog). The kernel prints "comm[pid]: segfault at ..." in that shape
 * too, but never a line of an OOM report.
 */
HOT int parse_mono_tag(struct span r, struct line_meta *out)
{
	size_t k = token_len(r);
	struct span name;
	int64_t pid;

	/* Only "name[pid]:" passes: what split_tag needs for a pid ("]:" at
	 * the end) is tested first, here where it costs no call. */
	if (k < 4 || r.p[k - 1] != ':' || r.p[k - 2] != ']' ||
	    !split_tag(span_make(r.p, k), &name, &pid) || pid < 0 || name.n == 0)
		return 0;
	out->is_kernel = 0;
	set_tag(out, name, pid);
	out->msg = skip1(span_skip(r, k));
	return 1;
}

HOT void after_kernel_stamp(struct line_meta *out);

/* For kernel lines relayed by syslog: strips "[  123.456789] " (and a
 * caller id) at the start of the message and keeps the uptime. */
static void strip_kernel_stamp(struct line_meta *out)
{
	size_t k;
	int64_t us;

	if (!out->is_kernel || out->msg.n == 0 || out->msg.p[0] != '[')
		return;
	k = parse_uptime_stamp(out->msg, &us);
	if (!k)
		return;
	out->uptime_usec = us;
	out->msg = span_skip(out->msg, k);
	after_kernel_stamp(out);
}

/* The rest of strip_kernel_stamp once the stamp is off: a caller id, the
 * space, and a program's own tag. "[ 1.5] [ T12] msg" as some relays
 * print it has a space before the caller id; one space before a message
 * without it goes too, then the space after either. */
HOT void after_kernel_stamp(struct line_meta *out)
{
	struct span m = out->msg;

	if (m.n && m.p[0] == '[') {
		m = span_skip(m, parse_caller_id(m));
	} else if (m.n > 1 && m.p[0] == ' ') {
		m = span_skip(m, 1);
		if (m.p[0] == '[')
			m = span_skip(m, parse_caller_id(m));
	}
	out->msg = skip1(m);
	parse_mono_tag(out->msg, out);
}

/*
 * After a syslog-like time stamp: "host tag[pid]: msg", "host tag: msg",
 * "tag[pid]: msg" (no host), or "host msg" (no tag). Fills host / tag /
 * msg. strict: only accept "host tag..." when a tag follows (for shapes
 * where the stamp alone does not prove a syslog line).
 * Returns 1 when a host or tag was found.
 */
/*
 * 1 when "host tag:" with no pid reads as a machine and a program: a host
 * in lower case ([a-z0-9.-], as syslog daemons write them), a tag of
 * letters, digits and "_.-" that starts with a letter, and not one of the words
 * that end a message's own lead-in ("fatal error:", "conda environment:",
 * "popen failure:").
 */
static int plain_host_tag(struct span host, struct span tag)
{
	static const char *const words[] = { "error", "warning", "exception", "by", "message", "name", "trace", "environment", "failed", "failure" };
	size_t i;

	for (i = 0; i < host.n; i++)
		if (!((host.p[i] >= 'a' && host.p[i] <= 'z') || is_digit((unsigned char)host.p[i]) || host.p[i] == '.' ||
		      host.p[i] == '-'))
			return 0;
	if (!tag.n || !is_alpha((unsigned char)tag.p[0]))
		return 0;
	for (i = 0; i < tag.n; i++)
		if (!(is_alpha((unsigned char)tag.p[i]) || is_digit((unsigned char)tag.p[i]) || tag.p[i] == '_' ||
		      tag.p[i] == '.' || tag.p[i] == '-'))
			return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (span_eq(tag, words[i], strlen(words[i])))
			return 0;
	return 1;
}

static int parse_host_tag(struct span r, struct line_meta *out, int strict)
{
	struct span t1, t2, name;
	int64_t pid;
	size_t k;

	k = token_len(r);
	t1 = span_make(r.p, k);
	if (k == 0)
		return 0;
	if (split_tag(t1, &name, &pid) && (!strict || pid >= 0 ||
					   SPAN_EQ(name, "kernel") || glued_kernel_host(name))) {
		/* "tag: msg" with no host */
		set_tag(out, name, pid);
		out->msg = skip1(span_skip(r, k));
		strip_kernel_stamp(out);
		return 1;
	}
	if (!host_ok(t1))
		return 0;
	if (k >= r.n || r.p[k] != ' ') {
		if (strict)
			return 0;
		out->host = t1;
		out->msg = span_skip(r, k);
		return 1;
	}
	r = span_skip(r, k + 1);
	k = token_len(r);
	t2 = span_make(r.p, k);
	if (split_tag(t2, &name, &pid)) {
		if (strict) {
			static const char *const levels[] = {
				"INFO", "WARN", "WARNING", "ERROR", "DEBUG",
				"FATAL", "TRACE", "NOTICE", "CRITICAL", "ERR",
			};
			size_t j;

			for (j = 0; j < sizeof(levels) / sizeof(levels[0]); j++)
				if (span_eq(t1, levels[j], strlen(levels[j])))
					return 0;
			/* Without a pid, "fatal error: ...", "Caused by: ...",
			 * "Hardware name: ...": a message's own words after a
			 * CI runner's stamp, not a host and a program. */
			if (pid < 0 && !SPAN_EQ(name, "kernel") && !plain_host_tag(t1, name))
				return 0;
		}
		out->host = t1;
		set_tag(out, name, pid);
		out->msg = skip1(span_skip(r, k));
		strip_kernel_stamp(out);
		return 1;
	}
	if (strict)
		return 0;
	out->host = t1;
	out->msg = r;
	return 1;
}

/* Like parse_host_tag(strict) but for short-monotonic: the tag must be
 * "kernel" or carry a pid, else "[ 1.2] Call Trace:" would lose its words. */
static int parse_mono_host_tag(struct span r, struct line_meta *out)
{
	struct span t1, t2, name;
	int64_t pid;
	size_t k = token_len(r);

	t1 = span_make(r.p, k);
	if (!host_ok(t1) || k >= r.n)
		return 0;
	r = span_skip(r, k + 1);
	k = token_len(r);
	t2 = span_make(r.p, k);
	if (!split_tag(t2, &name, &pid))
		return 0;
	if (pid < 0 && !SPAN_EQ(name, "kernel"))
		return 0;
	out->host = t1;
	set_tag(out, name, pid);
	out->msg = skip1(span_skip(r, k));
	strip_kernel_stamp(out);
	return 1;
}

/*
 * The length of the host token r starts with when "kernel: " follows it,
 * else 0. The token ends at a space, then "kernel: ", and all of it is a
 * host's: as host_ok reads it (no "<redacted>" form needed), and no tag
 * (no ':' at its end).
 */
HOT size_t kernel_host_len(struct span r)
{
	size_t h, k;
	unsigned ok = 1;

#if defined(__SSE2__)
	/* a host within the first 16 bytes: its blank and its bytes from one
	 * load */
	__m128i v = r.n >= 16 ? _mm_loadu_si128((const __m128i *)(const void *)r.p) : _mm_setzero_si128();
	unsigned blank = r.n >= 16 ? blank_mask16(v) : 0, lanes;

	if (blank) {
		h = (size_t)__builtin_ctz(blank);
		lanes = (1u << h) - 1;
		ok = (host_mask16(v) & lanes) == lanes;
	} else
#endif
	{
		h = token_len(r);
		for (k = 0; k < h && k <= PREFIX_TOKEN_MAX; k++)
			ok &= host_char_ok((unsigned char)r.p[k]);
	}
	if (!ok || h == 0 || h > PREFIX_TOKEN_MAX || r.n < h + 9 || r.p[h] != ' ' || r.p[h - 1] == ':' ||
	    load8(r.p + h + 1) != load8("kernel: "))
		return 0;
	return h;
}

/*
 * The head of a kernel line relayed by syslog, in one pass: "host kernel: "
 * and, when the message starts with one, the uptime stamp and what follows
 * it (after_kernel_stamp). Returns 1 with out filled as parse_host_tag(r,
 * out, 0) fills it, or 0 with out untouched when r has another shape: the
 * host's bytes are host_ok's (so the token is no tag: it does not end in
 * ':'), the token after it is "kernel:" and a space. A head read through
 * its stamp's ']' is kept for syslog_host_tag.
 */
HOT int kernel_head(struct prefix_parser *pp, struct span r, size_t known, struct line_meta *out)
{
	size_t h = known, k;
	int64_t us;

	/* A known host length comes from the last head, whose bytes through
	 * its '[' r repeats: kernel_host_len's test holds for it. */
	if (!known && !(h = kernel_host_len(r)))
		return 0;
	out->host = span_make(r.p, h);
	set_tag_kernel(out, r.p + h + 1);
	out->msg = span_skip(r, h + 9);
	if (!out->msg.n || out->msg.p[0] != '[')
		return 1;
	k = uptime_fixed(out->msg, &us);
	if (!k)
		k = parse_uptime_stamp(out->msg, &us);
	if (!k)
		return 1;
	out->uptime_usec = us;
	out->msg = span_skip(out->msg, k);
	k += h + 9;
	if (k <= sizeof(pp->head)) {
		/* a fixed-size copy where the line is long enough: no call */
		if (k <= 32 && r.n >= 32)
			memcpy(pp->head, r.p, 32);
		else if (k <= 48 && r.n >= 48)
			memcpy(pp->head, r.p, 48);
		else if (r.n >= sizeof(pp->head))
			memcpy(pp->head, r.p, sizeof(pp->head));
		else
			memcpy(pp->head, r.p, k);
		pp->head_n = k;
		pp->head_host = h;
		pp->head_usec = us;
	}
	after_kernel_stamp(out);
	return 1;
}

/*
 * parse_host_tag (not strict) after an RFC 3164 stamp, with the parser's
 * memory of the last "host kernel: [  123.456789]": a line whose bytes
 * through that ']' are the same reads the same host, tag and uptime (the
 * parse reads no byte past it), and only what follows is parsed. A kernel
 * report's lines share all of it.
 */
HOT void syslog_host_tag(struct prefix_parser *pp, struct span r, struct line_meta *out)
{
	if (pp->plain) {
		parse_host_tag(r, out, 0);
		return;
	}
	/* A head is the host, " kernel: [" and at least 3 bytes more; its
	 * first 8 bytes (the host's) tell most. The same host and tag with
	 * another uptime (the common case of a one-host log) read only that. */
	if (pp->head_n && r.n >= pp->head_host + 10 && load8(r.p) == load8(pp->head)) {
		if (r.n >= pp->head_n && same_bytes(r.p, pp->head, pp->head_n)) {
			out->host = span_make(r.p, pp->head_host);
			set_tag_kernel(out, r.p + pp->head_host + 1);
			out->uptime_usec = pp->head_usec;
			out->msg = span_skip(r, pp->head_n);
			after_kernel_stamp(out);
			return;
		}
		if (same_bytes(r.p, pp->head, pp->head_host + 10)) {
			kernel_head(pp, r, pp->head_host, out);
			return;
		}
	}
	if (!kernel_head(pp, r, 0, out))
		parse_host_tag(r, out, 0);
}

/* ---- format parsers; each returns 1 when it recognised the line ---- */

/*
 * journalctl -o short-full after its weekday word: "YYYY-MM-DD
 * HH:MM:SS[.frac] ZONE host tag[pid]: msg". UTC, GMT and numeric zones are
 * applied; a named local zone (CET, EST) is read as UTC like the zone-less
 * stamps of syslog and dmesg -T.
 */
static int parse_short_full(struct span s, size_t i, struct line_meta *out)
{
	int64_t y = digits_n(s, i, 4), mo, d, t;
	int h, mi, sec, sign;
	int32_t nsec;
	size_t z;
	int64_t off = 0, oh, om;

	if (y < 0 || i + 11 >= s.n || s.p[i + 4] != '-' || s.p[i + 7] != '-' ||
	    s.p[i + 10] != ' ')
		return 0;
	mo = digits_n(s, i + 5, 2);
	d = digits_n(s, i + 8, 2);
	if (mo < 0 || d < 0)
		return 0;
	i += 11;
	if (parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0 || i >= s.n || s.p[i] != ' ')
		return 0;
	i++;
	z = i;
	while (i < s.n && i - z <= 6 && s.p[i] != ' ')
		i++;
	if (i == z || i - z > 6 || i >= s.n)
		return 0;
	if (s.p[z] == '+' || s.p[z] == '-') {
		sign = s.p[z] == '-' ? -1 : 1;
		oh = digits_n(s, z + 1, 2);
		om = i - z == 5 ? digits_n(s, z + 3, 2) : 0;
		if (oh < 0 || oh > 23 || om < 0 || om > 59 || (i - z != 3 && i - z != 5))
			return 0;
		off = sign * (oh * 3600 + om * 60);
	}
	t = civil_to_unix(y, (int)mo, (int)d, h, mi, sec);
	if (t == INT64_MIN)
		return 0;
	out->time_sec = t - off;
	out->time_nsec = nsec;
	out->fmt = PREFIX_SYSLOG;
	out->msg = span_skip(s, i + 1);
	parse_host_tag(out->msg, out, 0);
	return 1;
}

/* Keeps the first n bytes of s (n <= PREFIX_STAMP_MAX) as the last stamp,
 * with a fixed-size copy where the line is long enough: no call. */
static void keep_stamp(struct prefix_parser *pp, struct span s, size_t n)
{
	if (s.n >= sizeof(pp->stamp))
		memcpy(pp->stamp, s.p, sizeof(pp->stamp));
	else
		memcpy(pp->stamp, s.p, n);
	pp->stamp_n = n;
	pp->stamp_letters = is_alpha((unsigned char)s.p[0]) && is_alpha((unsigned char)s.p[1]);
}

/*
 * The index of the space that ends s's stamp when s repeats the parser's
 * last stamp whole (*t = INT64_MIN) or its minute with two other digits of
 * seconds (*t: the time they give), else 0. Reads the parser only.
 */
HOT size_t stamp_repeat(const struct prefix_parser *pp, struct span s, int64_t *t)
{
	size_t m = pp->minute_n;

	/* With a minute kept, the stamp is that minute, two digits and a
	 * space (minute_n + 3 bytes): one compare serves both. */
	assert(!m || pp->stamp_n == m + 3);
	if (m ? s.n <= m + 2 || s.p[m + 2] != ' ' || !same_bytes(s.p, pp->stamp, m) :
		!pp->stamp_n || s.n < pp->stamp_n || !same_bytes(s.p, pp->stamp, pp->stamp_n))
		return 0;
	if (!m || (s.p[m] == pp->stamp[m] && s.p[m + 1] == pp->stamp[m + 1])) {
		*t = INT64_MIN;
		return pp->stamp_n - 1;
	}
	if (!is_digit((unsigned char)s.p[m]) || !is_digit((unsigned char)s.p[m + 1]))
		return 0;
	*t = pp->minute_base + (s.p[m] - '0') * 10 + (s.p[m + 1] - '0');
	if (*t - pp->minute_base > 60 ||
	    (pp->minute_timed && pp->ref_time != 0 && *t > pp->ref_time + 86400))
		return 0;
	return m + 2;
}

/*
 * The stamp of parse_syslog from the parser's memory: the same bytes as the
 * last stamp read, through its closing space, read the same (only they
 * decide the parse); the same minute ("Mmm dd hh:mm:", no fraction) with
 * two digits of seconds and a space reads the same but for the seconds,
 * unless the year guess would change. Sets the time in out and returns the
 * index of the space that ends the stamp, or 0 when s repeats neither.
 */
HOT size_t syslog_cached_stamp(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t m = pp->minute_n, i;
	int64_t t;

	i = stamp_repeat(pp, s, &t);
	if (!i)
		return 0;
	if (t == INT64_MIN) {
		/* the whole stamp repeats */
		if (pp->stamp_timed) {
			out->time_sec = pp->stamp_sec;
			out->time_nsec = pp->stamp_nsec;
			out->year_assumed = 1;
		}
		return i;
	}
	if (pp->minute_timed) {
		out->time_sec = t;
		out->time_nsec = 0;
		out->year_assumed = 1;
	}
	pp->stamp_timed = pp->minute_timed;
	pp->stamp_sec = out->time_sec;
	pp->stamp_nsec = out->time_nsec;
	/* the kept stamp differs in its two digits of seconds only */
	pp->stamp[m] = s.p[m];
	pp->stamp[m + 1] = s.p[m + 1];
	return m + 2;
}

/* What follows a syslog stamp whose closing space is at i. */
HOT void syslog_stamped(struct prefix_parser *pp, struct span s, size_t i, struct line_meta *out)
{
	out->fmt = PREFIX_SYSLOG;
	out->msg = span_skip(s, i + 1);
	syslog_host_tag(pp, out->msg, out);
}

/*
 * A clock a person masked before pasting ("XX:25:23", "xx:xx:xx"): the
 * shape of "HH:MM:SS" with at least one 'X' or 'x' for a digit. The line
 * keeps its host and tag though it gives no time. Returns 0 and advances
 * past the clock, or -1.
 */
static int masked_hms(struct span s, size_t *i)
{
	size_t k, masked = 0;

	if (*i + 8 > s.n)
		return -1;
	for (k = 0; k < 8; k++) {
		unsigned char c = (unsigned char)s.p[*i + k];

		if (k == 2 || k == 5) {
			if (c != ':')
				return -1;
		} else if (c == 'X' || c == 'x') {
			masked++;
		} else if (!is_digit(c)) {
			return -1;
		}
	}
	if (!masked)
		return -1;
	*i += 8;
	return 0;
}

/* "Mon DD HH:MM:SS[.frac] host tag[pid]: msg", month word maybe localized. */
static int parse_syslog(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i = 0, wn;
	int64_t day;
	int h, mi, sec, mo, masked;
	int32_t nsec;
	struct span word;

	if (!pp->plain && (i = syslog_cached_stamp(pp, s, out)) != 0) {
		syslog_stamped(pp, s, i, out);
		return 1;
	}
	while (i < s.n && i <= PREFIX_MONTH_MAX && s.p[i] != ' ') {
		unsigned char c = (unsigned char)s.p[i];

		if (c == ':' || c == '[' || c == ']' || c == '\t')
			return 0;
		i++;
	}
	wn = i;
	if (wn < 2 || wn > PREFIX_MONTH_MAX || i >= s.n)
		return 0;
	word = span_make(s.p, wn);
	while (i < s.n && s.p[i] == ' ' && i - wn < 3)
		i++;
	if (i + 4 < s.n && s.p[i + 4] == '-' && i == wn + 1)
		return parse_short_full(s, i, out);
	day = digits_upto(s, &i, 2);
	if (day < 1 || day > 31 || i >= s.n || s.p[i] != ' ')
		return 0;
	i++;
	/* A masked clock after a real month word: the host and tag are
	 * read, no time is set, and nothing is kept for the next line's
	 * stamp. */
	if (parse_hms(s, &i, &h, &mi, &sec, &nsec) == 0)
		masked = 0;
	else if (masked_hms(s, &i) == 0 && month_from_word(word))
		masked = 1;
	else
		return 0;
	if (i < s.n && s.p[i] != ' ')
		return 0;
	mo = month_from_word(word);
	pp->stamp_timed = !masked && set_yearless_time(pp, out, mo, (int)day, h, mi, sec, nsec);
	pp->stamp_n = 0;
	pp->stamp_letters = 0;
	pp->minute_n = 0;
	if (!masked && i < s.n && i < sizeof(pp->stamp)) {
		keep_stamp(pp, s, i + 1);
		pp->stamp_sec = out->time_sec;
		pp->stamp_nsec = out->time_nsec;
		if (s.p[i - 3] == ':') {
			/* No fraction: the stamp ends in ":SS". */
			pp->minute_n = i - 2;
			pp->minute_base = mo ? civil_to_unix(pp->year_hint, mo, (int)day, h, mi, 0) : INT64_MIN;
			pp->minute_timed = pp->minute_base != INT64_MIN;
		}
	}
	syslog_stamped(pp, s, i, out);
	return 1;
}

static int word_index(struct span w, const char *const *names);

/* "[  +0.006766] msg": dmesg -H / -e / --reltime, the time since the line
 * before. Neither an uptime nor a wall-clock time. */
static int parse_reltime(struct span s, struct line_meta *out)
{
	size_t i = 1;

	while (i < s.n && s.p[i] == ' ' && i < 16)
		i++;
	if (i >= s.n || (s.p[i] != '+' && s.p[i] != '-'))
		return 0;
	i++;
	if (digits_upto(s, &i, 12) < 0 || i >= s.n || s.p[i] != '.')
		return 0;
	i++;
	if (digits_upto(s, &i, 12) < 0 || i >= s.n || s.p[i] != ']')
		return 0;
	out->fmt = PREFIX_DMESG_REL;
	out->is_kernel = 1;
	out->msg = skip1(span_skip(s, i + 1));
	return 1;
}

/* "[Dec 3 03:34] msg", "[Nov30 03:34:56] msg": the minute lines of dmesg
 * -H / -e / --reltime. No year: it comes from the year hint. */
static int parse_dmesg_clock(const struct prefix_parser *pp, struct span s,
			     struct line_meta *out)
{
	size_t i = 1, w;
	int64_t day, h, mi, sec = 0;
	int mo;

	/* strftime's "%b%e": "Dec 3", but "Nov30" for two-digit days */
	w = i;
	while (i < s.n && i - w <= PREFIX_MONTH_MAX && s.p[i] != ' ' &&
	       !is_digit((unsigned char)s.p[i]))
		i++;
	mo = month_from_word(span_make(s.p + w, i - w));
	if (!mo)
		return 0;
	while (i < s.n && s.p[i] == ' ' && i - w < 24)
		i++;
	day = digits_upto(s, &i, 2);
	if (day < 1 || day > 31 || i >= s.n || s.p[i] != ' ')
		return 0;
	i++;
	h = digits_n(s, i, 2);
	mi = digits_n(s, i + 3, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || s.p[i + 2] != ':')
		return 0;
	i += 5;
	if (i < s.n && s.p[i] == ':') {
		sec = digits_n(s, i + 1, 2);
		if (sec < 0 || sec > 60)
			return 0;
		i += 3;
	}
	if (i >= s.n || s.p[i] != ']')
		return 0;
	set_yearless_time(pp, out, mo, (int)day, (int)h, (int)mi, (int)sec, 0);
	out->fmt = PREFIX_DMESG_REL;
	out->is_kernel = 1;
	out->msg = skip1(span_skip(s, i + 1));
	return 1;
}

/* The text of a "[...]" group at the start of s (without the brackets) and
 * the length through ']' and one space; 0 when s holds no such group. */
static size_t bracket_group(struct span s, struct span *in)
{
	size_t i = 1;

	if (!s.n || s.p[0] != '[')
		return 0;
	while (i < s.n && i <= PREFIX_TOKEN_MAX && s.p[i] != ']' && s.p[i] != '[')
		i++;
	if (i >= s.n || s.p[i] != ']')
		return 0;
	*in = span_make(s.p + 1, i - 1);
	i++;
	if (i < s.n && s.p[i] == ' ')
		i++;
	return i;
}

/*
 * The rest of an Apache error log line after its "[date] ": 2.4 "[mod:level]
 * [pid N(:tid M)] [client A:P] msg", 2.2 "[level] [client A] msg". Returns 1
 * and fills out when the level group is Apache's. The pid names the event's
 * process only for PHP's own module (mod_php runs inside that httpd child)
 * and for the MPMs (httpd's parent, which forks the children); other
 * modules relay messages of other processes (FastCGI).
 */
static int parse_apache_tail(struct span r, struct line_meta *out)
{
	static const char *const levels[] = {
		"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug", NULL,
	};
	struct span g, mod = span_make(r.p, 0), lvl, d;
	size_t k = bracket_group(r, &g);
	long colon;
	int64_t pid = -1, v;

	if (!k)
		return 0;
	colon = span_find(g, ":", 1);
	lvl = g;
	if (colon >= 0) {
		mod = span_make(g.p, (size_t)colon);
		lvl = span_skip(g, (size_t)colon + 1);
	}
	if (word_index(lvl, levels) < 0 && !(SPAN_STARTS(lvl, "trace") && lvl.n == 6))
		return 0;
	r = span_skip(r, k);
	while ((k = bracket_group(r, &g)) != 0) {
		if (SPAN_STARTS(g, "pid ")) {
			d = span_skip(g, 4);
			if (span_take_i64(&d, &v) == 0 && v > 0)
				pid = v;
		} else if (!SPAN_STARTS(g, "client ") && !SPAN_STARTS(g, "remote ")) {
			break;
		}
		r = span_skip(r, k);
	}
	out->fmt = PREFIX_APACHE;
	out->is_kernel = 0;
	if (SPAN_STARTS(mod, "php"))
		set_tag(out, SPAN_LIT("php"), pid);
	else if (SPAN_STARTS(mod, "mpm_"))
		set_tag(out, SPAN_LIT("httpd"), pid);
	out->msg = r;
	return 1;
}

/*
 * "[30-Nov-2026 10:00:00] LEVEL: [pool www] child 1534 said into stderr:
 * "msg"" (php-fpm) and "[30-Nov-2026 10:00:00 UTC] msg" (PHP's error_log).
 * A child's line is that child's: tag php-fpm with its pid, the message
 * inside the quotes. A named zone other than UTC/GMT leaves the time unset.
 */
static int parse_php(struct span s, struct line_meta *out)
{
	static const char *const levels[] = {
		"DEBUG", "NOTICE", "WARNING", "ERROR", "ALERT", NULL,
	};
	size_t i = 1, z;
	int64_t day, y, t, pid;
	int mo, h, mi, sec, zone_ok = 1;
	int32_t nsec;
	struct span r, w;

	day = digits_upto(s, &i, 2);
	if (day < 1 || i + 10 > s.n || s.p[i] != '-' || s.p[i + 4] != '-')
		return 0;
	mo = month_from_word(span_make(s.p + i + 1, 3));
	y = digits_n(s, i + 5, 4);
	if (!mo || y < 0 || i + 9 >= s.n || s.p[i + 9] != ' ')
		return 0;
	i += 10;
	if (parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0 || i >= s.n)
		return 0;
	if (s.p[i] == ' ') {
		z = ++i;
		while (i < s.n && i - z < 40 && s.p[i] != ']' && s.p[i] != ' ')
			i++;
		w = span_make(s.p + z, i - z);
		zone_ok = SPAN_EQ(w, "UTC") || SPAN_EQ(w, "GMT") || SPAN_EQ(w, "Z");
	}
	if (i >= s.n || s.p[i] != ']')
		return 0;
	t = civil_to_unix(y, mo, (int)day, h, mi, sec);
	if (t != INT64_MIN && zone_ok) {
		out->time_sec = t;
		out->time_nsec = nsec;
	}
	out->fmt = PREFIX_PHP;
	r = skip1(span_skip(s, i + 1));
	out->msg = r;
	w = span_make(r.p, token_len(r));
	if (w.n < 2 || w.p[w.n - 1] != ':' || word_index(span_make(w.p, w.n - 1), levels) < 0)
		return 1;
	/* php-fpm's own line */
	set_tag(out, SPAN_LIT("php-fpm"), -1);
	r = skip1(span_skip(r, w.n));
	if (SPAN_STARTS(r, "[pool ") && (z = bracket_group(r, &w)) != 0)
		r = span_skip(r, z);
	out->msg = r;
	if (!SPAN_TAKE(&r, "child ") || span_take_i64(&r, &pid) < 0 || pid <= 0 ||
	    !SPAN_TAKE(&r, " said into std"))
		return 1;
	z = token_len(r);
	r = skip1(span_skip(r, z));
	out->tag_pid = pid;
	if (SPAN_TAKE(&r, "\"") && r.n && r.p[r.n - 1] == '"')
		r.n--;
	out->msg = r;
	return 1;
}

/* 1 when r starts with nginx's "[level] PID#TID: ". */
static int nginx_head(struct span r)
{
	struct span g;
	size_t k = bracket_group(r, &g);
	int64_t v;

	if (!k || g.n < 3 || g.n > 6)
		return 0;
	r = span_skip(r, k);
	return span_take_i64(&r, &v) == 0 && SPAN_TAKE(&r, "#");
}

/*
 * nginx's error log: "2026/11/30 10:00:00 [emerg] 4711#0: msg", or with
 * the date cut off in a paste ("13:51:11 [alert] 845779#0: msg", dated 0:
 * no time kept). The message keeps "[level] PID#TID: ", which nginx's
 * rules read.
 */
static int parse_nginx(struct span s, int dated, struct line_meta *out)
{
	size_t i = dated ? 11 : 0;
	int64_t y, mo, d, t;
	int h, mi, sec;
	int32_t nsec;
	struct span r;

	if (dated && (s.n < 20 || s.p[7] != '/' || s.p[10] != ' '))
		return 0;
	if (parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0)
		return 0;
	r = skip1(span_skip(s, i));
	if (!nginx_head(r))
		return 0;
	if (dated) {
		y = digits_n(s, 0, 4);
		mo = digits_n(s, 5, 2);
		d = digits_n(s, 8, 2);
		t = y < 0 || mo < 0 || d < 0 ? INT64_MIN : civil_to_unix(y, (int)mo, (int)d, h, mi, sec);
		if (t == INT64_MIN)
			return 0;
		out->time_sec = t;
		out->time_nsec = nsec;
	}
	out->fmt = PREFIX_NGINX;
	out->msg = r;
	return 1;
}

/*
 * A logcat message as "tag: msg" in the scratch buffer. The tag names the
 * logger, not the process (no comm), and rules read it like the kernel's
 * own "lowmemorykiller: " prefix. The pid is the logging process's, which
 * is not always the one the message is about (lmkd, ActivityManager): it
 * goes to tag_pid with no tag, for the rules to take only for a failure a
 * program reports of itself (apprules.c).
 */
static void logcat_msg(struct prefix_parser *pp, struct span tag, struct span msg, int64_t pid,
		       struct line_meta *out)
{
	size_t o = 0, n;

	n = tag.n < sizeof(pp->msg) - 2 ? tag.n : sizeof(pp->msg) - 2;
	memcpy(pp->msg, tag.p, n);
	o = n;
	pp->msg[o++] = ':';
	pp->msg[o++] = ' ';
	n = msg.n < sizeof(pp->msg) - o ? msg.n : sizeof(pp->msg) - o;
	memcpy(pp->msg + o, msg.p, n);
	out->fmt = PREFIX_LOGCAT;
	out->tag_pid = pid;
	out->msg = span_make(pp->msg, o + n);
}

/* "L/tag( PID): msg" (logcat brief, and time after its stamp). */
static int parse_logcat_brief(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i = 2, open;
	int64_t pid;
	struct span tag;

	if (s.n < 6 || !strchr("VDIWEFA", s.p[0]) || s.p[1] != '/')
		return 0;
	while (i < s.n && i <= PREFIX_TOKEN_MAX && s.p[i] != '(')
		i++;
	if (i >= s.n || s.p[i] != '(')
		return 0;
	open = i++;
	while (i < s.n && s.p[i] == ' ')
		i++;
	pid = digits_upto(s, &i, 10);
	if (pid < 0 || i + 1 >= s.n || s.p[i] != ')' || s.p[i + 1] != ':')
		return 0;
	tag = span_rtrim(span_make(s.p + 2, open - 2));
	if (!tag.n)
		return 0;
	logcat_msg(pp, tag, skip1(span_skip(s, i + 2)), pid, out);
	return 1;
}

/*
 * Android Studio's logcat (before its 2022 redesign), after the stamp:
 * "PID-TID/package L/tag: msg". The package names the logging process
 * ("?" when Studio could not tell): it becomes the tag, the process name
 * that a program's report of its own failure takes (apprules.c).
 */
static int parse_logcat_studio(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i = 0, p0, k;
	int64_t pid;
	struct span pkg, tag;

	pid = digits_upto(s, &i, 10);
	if (pid < 0 || i >= s.n || s.p[i] != '-')
		return 0;
	i++;
	if (digits_upto(s, &i, 10) < 0 || i >= s.n || s.p[i] != '/')
		return 0;
	p0 = ++i;
	while (i < s.n && i - p0 <= PREFIX_TOKEN_MAX && s.p[i] != ' ')
		i++;
	if (i == p0 || i + 3 >= s.n || s.p[i] != ' ' || !s.p[i + 1] ||
	    !strchr("VDIWEFA", s.p[i + 1]) || s.p[i + 2] != '/')
		return 0;
	pkg = span_make(s.p + p0, i - p0);
	i += 3;
	for (k = i; k < s.n && k - i <= PREFIX_TOKEN_MAX && s.p[k] != ':'; k++)
		;
	if (k >= s.n || s.p[k] != ':')
		return 0;
	tag = span_trim(span_make(s.p + i, k - i));
	if (!tag.n)
		return 0;
	logcat_msg(pp, tag, skip1(span_skip(s, k + 1)), pid, out);
	if (!(pkg.n == 1 && pkg.p[0] == '?'))
		out->tag = pkg;
	return 1;
}

/*
 * Logcat with a stamp: "MM-DD HH:MM:SS.mmm" (or "YYYY-MM-DD ..." with -v
 * year), then threadtime's "  PID  TID L tag: msg", time's "L/tag( PID):
 * msg" or Android Studio's "PID-TID/package L/tag: msg". s starts at the
 * date; ylen is 0 or 5 (the "YYYY-" part).
 */
static int parse_logcat(struct prefix_parser *pp, struct span s, size_t ylen,
			struct line_meta *out)
{
	size_t i = ylen + 6, k;
	int64_t y = ylen ? digits_n(s, 0, 4) : -1, mo = digits_n(s, ylen, 2),
		d = digits_n(s, ylen + 3, 2), pid;
	int h, mi, sec;
	int32_t nsec;
	struct span r, tag;

	if (mo < 1 || mo > 12 || d < 1 || s.n < i + 12 || s.p[ylen + 2] != '-' ||
	    s.p[ylen + 5] != ' ' || parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0 ||
	    i >= s.n || s.p[i] != ' ')
		return 0;
	r = span_ltrim(span_skip(s, i));
	if (!parse_logcat_brief(pp, r, out) && !parse_logcat_studio(pp, r, out)) {
		/* threadtime: PID TID L tag: msg */
		if (span_take_i64(&r, &pid) < 0 || pid < 0)
			return 0;
		r = span_ltrim(r);
		k = token_len(r);
		if (!k || !is_digit((unsigned char)r.p[0]))
			return 0;
		r = span_skip(r, k);
		if (r.n < 4 || r.p[0] != ' ' || !strchr("VDIWEFA", r.p[1]) || r.p[2] != ' ')
			return 0;
		r = span_skip(r, 3);
		for (k = 0; k < r.n && k <= PREFIX_TOKEN_MAX && r.p[k] != ':'; k++)
			;
		if (k >= r.n || r.p[k] != ':')
			return 0;
		tag = span_trim(span_make(r.p, k));
		if (!tag.n)
			return 0;
		logcat_msg(pp, tag, skip1(span_skip(r, k + 1)), pid, out);
	}
	if (ylen) {
		int64_t t = civil_to_unix(y, (int)mo, (int)d, h, mi, sec);

		if (t != INT64_MIN) {
			out->time_sec = t;
			out->time_nsec = nsec;
		}
	} else {
		set_yearless_time(pp, out, (int)mo, (int)d, h, mi, sec, nsec);
	}
	return 1;
}

/* ctime's date: "Www Mmm dd hh:mm:ss[.frac] yyyy". */
struct ctime_date {
	int mo; /* 0: a month word month_from_word does not know */
	int day, h, mi, sec;
	int32_t nsec;
	int64_t year;
};

/*
 * Parses a ctime date at s.p[*i]: the weekday and month words as any
 * locale writes them (up to PREFIX_MONTH_MAX bytes each), the day padded
 * with blanks, the clock with an optional fraction, a four-digit year.
 * Returns 0 with *i past the year, or -1.
 */
static int ctime_date(struct span s, size_t *i, struct ctime_date *d)
{
	size_t k = *i, w = k;
	int64_t day, year;
	int word;

	for (word = 0; word < 2; word++) {
		w = k;
		while (k < s.n && s.p[k] != ' ' && k - w <= PREFIX_MONTH_MAX)
			k++;
		if (k == w || k >= s.n || s.p[k] != ' ')
			return -1;
		if (word == 0)
			k++;
	}
	d->mo = month_from_word(span_make(s.p + w, k - w));
	while (k < s.n && s.p[k] == ' ' && k - w < 24)
		k++;
	day = digits_upto(s, &k, 2);
	if (day < 1 || day > 31 || k >= s.n || s.p[k] != ' ')
		return -1;
	k++;
	if (parse_hms(s, &k, &d->h, &d->mi, &d->sec, &d->nsec) < 0 || k >= s.n || s.p[k] != ' ')
		return -1;
	k++;
	year = digits_n(s, k, 4);
	if (year < 0)
		return -1;
	d->day = (int)day;
	d->year = year;
	*i = k + 4;
	return 0;
}

/* "[Thu Dec  7 00:05:14 2017] msg" (day and month words maybe localized). */
static int parse_dmesg_t(struct span s, struct line_meta *out)
{
	size_t i = 1;
	struct ctime_date d;
	int64_t t;

	if (ctime_date(s, &i, &d) < 0 || i >= s.n || s.p[i] != ']')
		return 0;
	i++;
	if (d.mo) {
		t = civil_to_unix(d.year, d.mo, d.day, d.h, d.mi, d.sec);
		if (t != INT64_MIN) {
			out->time_sec = t;
			out->time_nsec = d.nsec;
		}
	}
	s = span_skip(s, i);
	/* Apache's error log has the same stamp; its level group tells. */
	if (parse_apache_tail(skip1(s), out))
		return 1;
	out->fmt = PREFIX_DMESG_T;
	out->is_kernel = 1;
	i = parse_caller_id(skip1(s));
	if (i)
		s = span_skip(skip1(s), i);
	out->msg = skip1(s);
	return 1;
}

/*
 * OpenWrt's logread: "Www Mmm dd hh:mm:ss yyyy facility.level tag[pid]: msg",
 * the ctime date with its year and no host ("Fri Aug  7 08:24:06 2026
 * kern.err kernel: [13579.902481] Out of memory: ..."). Fails fast on a
 * line that does not open with a three-letter word and a blank.
 */
static int parse_logread(struct span s, struct line_meta *out)
{
	size_t i = 0, k;
	struct ctime_date d;
	int64_t t;
	struct span r;

	if (s.n < 30 || s.p[3] != ' ' || !is_alpha((unsigned char)s.p[0]) ||
	    !is_alpha((unsigned char)s.p[1]) || !is_alpha((unsigned char)s.p[2]))
		return 0;
	if (ctime_date(s, &i, &d) < 0 || !d.mo || i >= s.n || s.p[i] != ' ')
		return 0;
	i++;
	/* facility.level: letters, one dot, letters */
	for (k = i; k < s.n && (is_alpha((unsigned char)s.p[k]) || s.p[k] == '.'); k++)
		;
	if (k == i || k >= s.n || s.p[k] != ' ' || !memchr(s.p + i, '.', k - i))
		return 0;
	r = span_skip(s, k + 1);
	if (!parse_host_tag(r, out, 0) || out->host.n)
		return 0;
	t = civil_to_unix(d.year, d.mo, d.day, d.h, d.mi, d.sec);
	if (t != INT64_MIN) {
		out->time_sec = t;
		out->time_nsec = d.nsec;
	}
	out->fmt = PREFIX_SYSLOG;
	return 1;
}

/* '[' lines: dmesg stamp (maybe with caller id), journal short-monotonic,
 * or dmesg -T. */
static int parse_bracket(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t k;
	int64_t us;
	struct span r;

	k = pp->plain ? 0 : uptime_fixed(s, &us);
	if (!k)
		k = parse_uptime_stamp(s, &us);
	if (!k) {
		if (s.n > 1 && (is_alpha((unsigned char)s.p[1]) ||
				(unsigned char)s.p[1] >= 0x80))
			return parse_dmesg_t(s, out) || parse_dmesg_clock(pp, s, out);
		if (s.n > 1 && is_digit((unsigned char)s.p[1]))
			return parse_php(s, out);
		return parse_reltime(s, out);
	}
	out->uptime_usec = us;
	r = span_skip(s, k);
	k = parse_caller_id(r);
	if (k) {
		r = skip1(span_skip(r, k));
		out->fmt = PREFIX_DMESG;
		out->is_kernel = 1;
		out->msg = r;
		return 1;
	}
	r = skip1(r);
	if (parse_mono_host_tag(r, out)) {
		out->fmt = PREFIX_JOURNAL_MONO;
		return 1;
	}
	if (parse_mono_tag(r, out)) {
		out->fmt = PREFIX_JOURNAL_MONO;
		return 1;
	}
	if (SPAN_TAKE(&r, "kernel: ")) {
		/* journalctl -o short-monotonic of the local machine: no host */
		out->fmt = PREFIX_JOURNAL_MONO;
		set_tag(out, SPAN_LIT("kernel"), -1);
		out->msg = r;
		return 1;
	}
	out->fmt = PREFIX_DMESG;
	out->is_kernel = 1;
	out->msg = r;
	return 1;
}

/* Unescapes the kernel's "\\xNN" into the scratch buffer when needed (the
 * kernel escapes a backslash itself as \\x5c, so this is exact). */
static struct span kmsg_unescape(struct prefix_parser *pp, struct span m)
{
	size_t i, o = 0;
	int hi, lo;

	if (!m.n || !memchr(m.p, '\\', m.n))
		return m;
	for (i = 0; i < m.n && o < sizeof(pp->msg); i++) {
		if (m.p[i] == '\\' && i + 3 < m.n && m.p[i + 1] == 'x' &&
		    (hi = span_hexval((unsigned char)m.p[i + 2])) >= 0 &&
		    (lo = span_hexval((unsigned char)m.p[i + 3])) >= 0) {
			pp->msg[o++] = (char)(hi << 4 | lo);
			i += 3;
			continue;
		}
		pp->msg[o++] = m.p[i];
	}
	return span_make(pp->msg, o);
}

/* "prio,seq,usec,flags[,fields];text" */
static int parse_kmsg(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i = 0, lim = s.n < PREFIX_KMSG_HDR_MAX ? s.n : PREFIX_KMSG_HDR_MAX;
	int64_t prio, seq, usec;
	struct span h = s;

	if (span_take_i64(&h, &prio) < 0 || prio < 0 || prio > 1023 || !h.n ||
	    h.p[0] != ',')
		return 0;
	h = span_skip(h, 1);
	if (!h.n || !is_digit((unsigned char)h.p[0]) || span_take_i64(&h, &seq) < 0 ||
	    !h.n || h.p[0] != ',')
		return 0;
	h = span_skip(h, 1);
	if (!h.n || !is_digit((unsigned char)h.p[0]) || span_take_i64(&h, &usec) < 0 ||
	    !h.n || h.p[0] != ',')
		return 0;
	h = span_skip(h, 1);
	i = (size_t)(h.p - s.p);
	/* flags and optional fields, up to ';' with no spaces */
	while (i < lim && s.p[i] != ';' && s.p[i] != ' ')
		i++;
	if (i >= lim || s.p[i] != ';')
		return 0;
	out->fmt = PREFIX_KMSG;
	out->kmsg_seq = seq;
	out->uptime_usec = usec;
	out->kmsg_facility = (int)(prio >> 3);
	out->is_kernel = out->kmsg_facility == 0;
	if (out->is_kernel)
		out->tag = SPAN_LIT("kernel");
	out->msg = kmsg_unescape(pp, span_skip(s, i + 1));
	return 1;
}

/* Lines that begin with a digit: kmsg, dmesg iso, RFC 3339 syslog,
 * journal short-iso, or a month word like "3月". */
static void parse_general(struct prefix_parser *pp, struct span s, const char *start,
			  struct line_meta *out);
HOT void meta_bare(struct line_meta *out, struct span line);
HOT struct span strip_lead(struct span s);
HOT struct span msg_trim(struct span m);

/*
 * A line inside a pipeline's wrapping (a CRI or CI stamp, Docker's
 * json-file record, grep's or cat's labels): read as a line of its own,
 * one level deep at most twice. 1 with *out the inner line's reading when
 * it has a known prefix, else 0 (*out undefined).
 */
#define WRAP_DEPTH 2
static int wrapped_parse(struct prefix_parser *pp, struct span inner, const char *start, struct line_meta *out)
{
	if (pp->depth >= WRAP_DEPTH)
		return 0;
	pp->depth++;
	parse_general(pp, inner, start, out);
	pp->depth--;
	return out->fmt != PREFIX_BARE;
}

/*
 * The stream column of a container runtime's log file (CRI:
 * "2026-11-30T10:00:00.123456789Z stderr F msg"; 'P' marks a line the
 * runtime split): its length, or 0.
 */
static size_t cri_stream_len(struct span r)
{
	if (r.n < 9 || (!SPAN_STARTS(r, "stdout ") && !SPAN_STARTS(r, "stderr ")) ||
	    (r.p[7] != 'F' && r.p[7] != 'P') || r.p[8] != ' ')
		return 0;
	return 9;
}

/*
 * The stream labels Grafana Loki's logcli prints between a line's time and
 * its text ("{host=\"web\", job=\"varlogs\"} "): their length, or 0.
 */
static size_t stream_labels_len(struct span r)
{
	size_t i;

	if (r.n < 4 || r.p[0] != '{' || !is_alpha((unsigned char)r.p[1]))
		return 0;
	for (i = 1; i + 1 < r.n && i < 1024; i++)
		if (r.p[i] == '}' && r.p[i + 1] == ' ')
			return memchr(r.p, '=', i) ? i + 2 : 0;
	return 0;
}

/* journalctl -o short-unix: "1701338400.123456 host tag[pid]: msg". */
static int parse_short_unix(struct span s, struct line_meta *out)
{
	size_t i = 0;
	int64_t t = 0, us = 0;

	while (i < 10 && i < s.n && is_digit((unsigned char)s.p[i]))
		t = t * 10 + (s.p[i++] - '0');
	if (i != 10 || i + 8 > s.n || s.p[i] != '.')
		return 0;
	for (i++; i < 17; i++) {
		if (!is_digit((unsigned char)s.p[i]))
			return 0;
		us = us * 10 + (s.p[i] - '0');
	}
	if (s.p[17] != ' ' || !parse_host_tag(span_skip(s, 18), out, 1))
		return 0;
	out->time_sec = t;
	out->time_nsec = (int32_t)(us * 1000);
	out->fmt = PREFIX_SYSLOG;
	return 1;
}

static int parse_digit(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t k;
	int64_t tsec;
	int32_t tnsec;
	int comma;

	if (s.n > 5 && s.p[2] == '-' && s.p[5] == ' ')
		return parse_logcat(pp, s, 0, out);
	if (s.n > 4 && s.p[4] == '/')
		return parse_nginx(s, 1, out);
	if (s.n > 9 && s.p[2] == ':' && s.p[5] == ':' && s.p[8] == ' ')
		return parse_nginx(s, 0, out);
	if (s.n > 4 && s.p[4] == '-') {
		k = parse_rfc3339(s, &tsec, &tnsec, &comma);
		if (!k)
			return s.n > 10 && s.p[10] == ' ' && parse_logcat(pp, s, 5, out);
		out->time_sec = tsec;
		out->time_nsec = tnsec;
		out->msg = skip1(span_skip(s, k));
		if (comma) {
			out->fmt = PREFIX_ISO;
			out->is_kernel = 1;
			return 1;
		}
		if (parse_host_tag(out->msg, out, 1)) {
			out->fmt = PREFIX_RFC3339;
			return 1;
		}
		/* A CI runner's or container runtime's stamp before a line
		 * with a prefix of its own: that line's reading, under this
		 * time when it has none. */
		k = cri_stream_len(out->msg);
		if (!k)
			k = stream_labels_len(out->msg);
		{
			struct line_meta in;
			struct span r = span_skip(out->msg, k);

			if (r.n && wrapped_parse(pp, r, s.p, &in)) {
				if (in.time_sec == INT64_MIN) {
					in.time_sec = tsec;
					in.time_nsec = tnsec;
					in.year_assumed = 0;
				}
				*out = in;
				return 1;
			}
			out->msg = r;
		}
		out->fmt = PREFIX_ISO;
		return 1;
	}
	if (parse_kmsg(pp, s, out))
		return 1;
	if (s.n > 18 && s.p[10] == '.' && parse_short_unix(s, out))
		return 1;
	/* CJK locales: "3月 27 18:46:05 host tag: msg" */
	k = token_len(s);
	if (k > 1 && k <= 8 && (unsigned char)s.p[k - 1] >= 0x80)
		return parse_syslog(pp, s, out);
	return 0;
}

/*
 * RFC 5424 after "<pri>1 ": TIMESTAMP HOST APP PROCID MSGID SD [MSG]. Fields
 * missing at the end of a cut line count as NILVALUE; a message right after
 * MSGID (no SD, as Heroku's log drains send it) is taken too. Writes *out
 * only when the header parsed.
 */
static int parse_rfc5424(struct span s, struct line_meta *out)
{
	size_t k;
	int64_t tsec = INT64_MIN, v;
	int32_t tnsec = 0;
	int comma;
	struct span f[4], d;
	int i;

	if (s.n && s.p[0] == '-' && (s.n == 1 || s.p[1] == ' ')) {
		/* NILVALUE time */
		s = span_skip(s, 2);
	} else {
		k = parse_rfc3339(s, &tsec, &tnsec, &comma);
		if (!k)
			return 0;
		s = span_skip(s, k + 1);
	}
	for (i = 0; i < 4; i++) {
		k = token_len(s);
		if (k > PREFIX_TOKEN_MAX || (k == 0 && s.n))
			return 0;
		f[i] = k ? span_make(s.p, k) : SPAN_LIT("-");
		s = span_skip(s, k);
		if (s.n && !SPAN_TAKE(&s, " "))
			return 0;
	}
	/* structured data: "-" or one or more [id k="v" ...] */
	if (!s.n || SPAN_TAKE(&s, "-")) {
		/* none */
	} else if (s.p[0] == '[') {
		size_t j = 0;
		int inq = 0, depth = 0;

		while (j < s.n) {
			char c = s.p[j];

			if (inq) {
				if (c == '\\')
					j++;
				else if (c == '"')
					inq = 0;
			} else if (c == '"') {
				inq = 1;
			} else if (c == '[') {
				depth = 1;
			} else if (c == ']') {
				depth = 0;
				if (j + 1 >= s.n || s.p[j + 1] != '[') {
					j++;
					break;
				}
			}
			j++;
		}
		if (depth || inq)
			return 0;
		s = span_skip(s, j);
	}
	/* else no structured data at all: Heroku's log drains (logplex) send
	 * "<pri>1 TIME host app PROCID - MSG", the message right after MSGID */
	s = skip1(s);
	SPAN_TAKE(&s, "\xef\xbb\xbf");
	out->time_sec = tsec;
	out->time_nsec = tsec == INT64_MIN ? 0 : tnsec;
	if (!SPAN_EQ(f[0], "-"))
		out->host = f[0];
	if (!SPAN_EQ(f[1], "-"))
		set_tag(out, f[1], -1);
	d = f[2];
	if (!SPAN_EQ(f[2], "-") && span_take_i64(&d, &v) == 0 && d.n == 0 && v >= 0)
		out->tag_pid = v;
	out->fmt = PREFIX_RFC5424;
	out->msg = s;
	strip_kernel_stamp(out);
	return 1;
}

/* "<pri>" then RFC 5424, RFC 3164, RFC 3339 or a raw dmesg -r line. */
static int parse_pri(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i = 1;
	int64_t pri;
	struct span r;

	pri = digits_upto(s, &i, 3);
	if (pri < 0 || pri > 191 || i >= s.n || s.p[i] != '>')
		return 0;
	r = span_skip(s, i + 1);
	if (SPAN_STARTS(r, "1 ") && parse_rfc5424(span_skip(r, 2), out))
		return 1;
	if (!r.n)
		return 0;
	if (r.p[0] == '[') {
		/* dmesg -r: "<6>[    1.2] msg" */
		if (parse_bracket(pp, r, out)) {
			out->kmsg_facility = (int)(pri >> 3);
			return 1;
		}
		return 0;
	}
	if (is_digit((unsigned char)r.p[0]) ? parse_digit(pp, r, out) :
					     parse_syslog(pp, r, out))
		return 1;
	/* Unknown shape after a priority: keep the text without it. */
	out->fmt = PREFIX_BARE;
	out->kmsg_facility = (int)(pri >> 3);
	out->is_kernel = out->kmsg_facility == 0;
	out->msg = r;
	return 1;
}

/* Copies a cJSON string into buf (cap n), returning the span. */
static struct span json_str(const cJSON *it, char *buf, size_t n)
{
	size_t l;

	if (!cJSON_IsString(it) || !it->valuestring)
		return span_make(buf, 0);
	l = strlen(it->valuestring);
	if (l > n)
		l = n;
	memcpy(buf, it->valuestring, l);
	return span_make(buf, l);
}

/* A journal field that holds an integer, as a string or a number. */
static int json_i64(const cJSON *it, int64_t *out)
{
	struct span d;
	int64_t v;

	if (cJSON_IsString(it) && it->valuestring) {
		d = span_from_cstr(it->valuestring);
		if (d.n == 0 || !is_digit((unsigned char)d.p[0]) ||
		    span_take_i64(&d, &v) < 0 || d.n != 0)
			return -1;
		*out = v;
		return 0;
	}
	if (cJSON_IsNumber(it) && it->valuedouble >= 0 && it->valuedouble < 9.2e18) {
		*out = (int64_t)it->valuedouble;
		return 0;
	}
	return -1;
}

/*
 * A log shipper's or structured logger's JSON record: Docker's json-file
 * ({"log":"text\n","stream":"stderr","time":"RFC 3339"}; "log" counts
 * only with "time" or "stream"), Elastic's and GELF's "message", zap's,
 * logrus's, pino's and bunyan's "msg". The text is read as a line of its
 * own (its prefix, if any), under the record's time ("time",
 * "@timestamp", "timestamp", "ts" as RFC 3339) and host ("host", ECS's
 * host.name, "hostname") and pid ("pid") when it names none. 1, or 0
 * when the object is no such record.
 */
static struct span strip_ansi(struct prefix_parser *pp, struct span s);

static int parse_docker_json(struct prefix_parser *pp, const cJSON *root, const char *start, struct line_meta *out)
{
	static const char *const time_keys[] = { "time", "@timestamp", "timestamp", "ts" };
	const cJSON *t = NULL, *text_it = cJSON_GetObjectItemCaseSensitive(root, "log"), *h, *pid;
	struct span text, stamp, host = span_make(start, 0);
	int64_t tsec = INT64_MIN, v;
	int32_t tnsec = 0;
	int comma;
	size_t i;

	for (i = 0; i < sizeof(time_keys) / sizeof(time_keys[0]) && !cJSON_IsString(t); i++)
		t = cJSON_GetObjectItemCaseSensitive(root, time_keys[i]);
	if (!cJSON_IsString(text_it) ||
	    (!cJSON_IsString(t) && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "stream")))) {
		text_it = cJSON_GetObjectItemCaseSensitive(root, "message");
		if (!cJSON_IsString(text_it))
			text_it = cJSON_GetObjectItemCaseSensitive(root, "msg");
		if (!cJSON_IsString(text_it))
			return 0;
	}
	text = json_str(text_it, pp->inner, sizeof(pp->inner));
	while (text.n && (text.p[text.n - 1] == '\n' || text.p[text.n - 1] == '\r'))
		text.n--;
	if (cJSON_IsString(t) && t->valuestring) {
		stamp = span_from_cstr(t->valuestring);
		if (!parse_rfc3339(stamp, &tsec, &tnsec, &comma))
			tsec = INT64_MIN;
	}
	h = cJSON_GetObjectItemCaseSensitive(root, "host");
	if (cJSON_IsObject(h))
		h = cJSON_GetObjectItemCaseSensitive(h, "name");
	if (!cJSON_IsString(h))
		h = cJSON_GetObjectItemCaseSensitive(root, "hostname");
	if (cJSON_IsString(h))
		host = json_str(h, pp->host, sizeof(pp->host));
	if (!host_ok(host))
		host = span_make(start, 0);
	/* (the escapes a colour terminal's text keeps, as Docker keeps them) */
	text = strip_ansi(pp, text);
	if (!wrapped_parse(pp, strip_lead(text), start, out)) {
		meta_bare(out, msg_trim(strip_lead(text)));
		out->fmt = tsec != INT64_MIN ? PREFIX_ISO : PREFIX_BARE;
	}
	if (out->time_sec == INT64_MIN && tsec != INT64_MIN) {
		out->time_sec = tsec;
		out->time_nsec = tnsec;
		out->year_assumed = 0;
	}
	if (!out->host.n)
		out->host = host;
	pid = cJSON_GetObjectItemCaseSensitive(root, "pid");
	if (out->tag_pid < 0 && json_i64(pid, &v) == 0 && v > 0)
		out->tag_pid = v;
	return 1;
}

/*
 * journalctl -o json: one object per line. An object that carries none of
 * MESSAGE, __CURSOR and __REALTIME_TIMESTAMP is an application's own JSON
 * log line, not a journal record: that stays PREFIX_BARE.
 */
static int parse_json(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	cJSON *root, *it, *e;
	int64_t v;
	size_t o = 0;
	int ok = 0;

	root = cJSON_ParseWithLength(s.p, s.n);
	if (!cJSON_IsObject(root))
		goto out;
	it = cJSON_GetObjectItemCaseSensitive(root, "MESSAGE");
	if (!it && !cJSON_GetObjectItemCaseSensitive(root, "__CURSOR") &&
	    !cJSON_GetObjectItemCaseSensitive(root, "__REALTIME_TIMESTAMP")) {
		ok = parse_docker_json(pp, root, s.p, out);
		goto out;
	}
	out->fmt = PREFIX_JOURNAL_JSON;
	if (cJSON_IsArray(it)) {
		cJSON_ArrayForEach(e, it) {
			if (o >= sizeof(pp->msg))
				break;
			if (cJSON_IsNumber(e) && e->valuedouble >= 0 && e->valuedouble <= 255)
				pp->msg[o++] = (char)(unsigned char)e->valueint;
		}
		out->msg = span_make(pp->msg, o);
	} else {
		out->msg = json_str(it, pp->msg, sizeof(pp->msg));
	}
	out->host = json_str(cJSON_GetObjectItemCaseSensitive(root, "_HOSTNAME"),
			     pp->host, sizeof(pp->host));
	if (json_i64(cJSON_GetObjectItemCaseSensitive(root, "__REALTIME_TIMESTAMP"), &v) == 0 &&
	    v >= 0) {
		out->time_sec = v / 1000000;
		out->time_nsec = (int32_t)(v % 1000000) * 1000;
	}
	if (json_i64(cJSON_GetObjectItemCaseSensitive(root, "_SOURCE_MONOTONIC_TIMESTAMP"),
		     &v) == 0 ||
	    json_i64(cJSON_GetObjectItemCaseSensitive(root, "__MONOTONIC_TIMESTAMP"), &v) == 0)
		out->uptime_usec = v;
	it = cJSON_GetObjectItemCaseSensitive(root, "_TRANSPORT");
	if (cJSON_IsString(it) && it->valuestring && strcmp(it->valuestring, "kernel") == 0) {
		out->is_kernel = 1;
		out->tag = SPAN_LIT("kernel");
	} else {
		it = cJSON_GetObjectItemCaseSensitive(root, "SYSLOG_IDENTIFIER");
		if (!cJSON_IsString(it))
			it = cJSON_GetObjectItemCaseSensitive(root, "_COMM");
		out->tag = json_str(it, pp->tag, sizeof(pp->tag));
		if (SPAN_EQ(out->tag, "kernel"))
			out->is_kernel = 1;
	}
	if (json_i64(cJSON_GetObjectItemCaseSensitive(root, "_PID"), &v) == 0 ||
	    json_i64(cJSON_GetObjectItemCaseSensitive(root, "SYSLOG_PID"), &v) == 0)
		out->tag_pid = v;
	ok = 1;
out:
	cJSON_Delete(root);
	return ok;
}

/*
 * One member of a pretty-printed JSON object on a line of its own, whose
 * value is the log text: dmesg --json's "msg": "...", journalctl -o
 * json-pretty's "MESSAGE" : "...", an ECS record's or a Kubernetes event's
 * "message": "...". The string (nothing but a ',' may follow it) is decoded
 * and read as a line of its own, as parse_docker_json reads its text. The
 * object's other members (a time, a host) stand on lines of their own:
 * prefix_json_object reads them. 1, or 0 when the line is no such member.
 */
static int object_member(struct span l, struct span *key, struct span *val);

static int parse_json_member(struct prefix_parser *pp, struct span s, const char *start, struct line_meta *out)
{
	static const char *const keys[] = { "msg", "message", "MESSAGE" };
	struct span key, val, text;
	const char *end = NULL;
	size_t k;
	cJSON *str;
	int ok = 0;

	if (!object_member(s, &key, &val) || val.p[-1] != '"')
		return 0;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (span_eq(key, keys[k], strlen(keys[k])))
			break;
	if (k == sizeof(keys) / sizeof(keys[0]))
		return 0;
	/* the string, quotes and all, and nothing after it */
	str = cJSON_ParseWithLengthOpts(val.p - 1, val.n + 2, &end, 0);
	if (!cJSON_IsString(str) || end != val.p + val.n + 1)
		goto out;
	text = json_str(str, pp->inner, sizeof(pp->inner));
	while (text.n && (text.p[text.n - 1] == '\n' || text.p[text.n - 1] == '\r'))
		text.n--;
	text = strip_ansi(pp, text);
	if (!wrapped_parse(pp, strip_lead(text), start, out))
		meta_bare(out, msg_trim(strip_lead(text)));
	out->json_member = 1;
	ok = 1;
out:
	cJSON_Delete(str);
	return ok;
}

/* One line of a pretty-printed object as `"key" : value`: key and value
 * (a string's bytes without its quotes, escapes and all; a number's or a
 * word's up to the ','). 0 when the line is no such member. */
static int object_member(struct span l, struct span *key, struct span *val)
{
	size_t i, k;

	l = span_rtrim(strip_lead(l));
	if (l.n && l.p[l.n - 1] == ',')
		l = span_rtrim(span_make(l.p, l.n - 1));
	if (l.n < 4 || l.p[0] != '"')
		return 0;
	for (i = 1; i < l.n && i < 40 && l.p[i] != '"'; i++)
		;
	if (i >= l.n || l.p[i] != '"')
		return 0;
	*key = span_make(l.p + 1, i - 1);
	for (i++; i < l.n && l.p[i] == ' '; i++)
		;
	if (i >= l.n || l.p[i] != ':')
		return 0;
	for (i++; i < l.n && l.p[i] == ' '; i++)
		;
	if (i >= l.n)
		return 0;
	if (l.p[i] != '"') {
		*val = span_make(l.p + i, l.n - i);
		return 1;
	}
	k = l.n - 1;
	if (k <= i || l.p[k] != '"')
		return 0;
	*val = span_make(l.p + i + 1, k - i - 1);
	return 1;
}

/* A member's value as a whole number of at most 19 digits (a string's
 * or a number's), or -1. */
static int64_t member_i64(struct span v)
{
	int64_t x;

	if (!v.n || v.n > 19 || !is_digit((unsigned char)v.p[0]) || span_take_i64(&v, &x) < 0 || v.n)
		return -1;
	return x;
}

/* Takes what one member tells into m where m has nothing yet. */
static void object_take(struct span key, struct span v, struct line_meta *m)
{
	int64_t x;
	int32_t ns;
	int comma;

	if (SPAN_EQ(key, "_HOSTNAME") || SPAN_EQ(key, "hostname") || SPAN_EQ(key, "host")) {
		if (!m->host.n && host_ok(v))
			m->host = v;
	} else if (SPAN_EQ(key, "__REALTIME_TIMESTAMP")) {
		if (m->time_sec == INT64_MIN && (x = member_i64(v)) >= 0) {
			m->time_sec = x / 1000000;
			m->time_nsec = (int32_t)(x % 1000000) * 1000;
			m->year_assumed = 0;
		}
	} else if (SPAN_EQ(key, "_SOURCE_MONOTONIC_TIMESTAMP") || SPAN_EQ(key, "__MONOTONIC_TIMESTAMP")) {
		/* (the source's stamp comes first where both are there) */
		if ((x = member_i64(v)) >= 0 &&
		    (m->uptime_usec == INT64_MIN || SPAN_EQ(key, "_SOURCE_MONOTONIC_TIMESTAMP")))
			m->uptime_usec = x;
	} else if (SPAN_EQ(key, "time") || SPAN_EQ(key, "@timestamp") || SPAN_EQ(key, "timestamp")) {
		if (SPAN_EQ(key, "time") && parse_seconds(v, &x) == v.n) {
			/* dmesg --json: seconds since boot */
			if (m->uptime_usec == INT64_MIN)
				m->uptime_usec = x;
		} else if (m->time_sec == INT64_MIN && parse_rfc3339(v, &x, &ns, &comma)) {
			m->time_sec = x;
			m->time_nsec = ns;
			m->year_assumed = 0;
		}
	} else if (SPAN_EQ(key, "_TRANSPORT") || SPAN_EQ(key, "SYSLOG_IDENTIFIER")) {
		if (SPAN_EQ(v, "kernel")) {
			m->is_kernel = 1;
			m->tag = SPAN_LIT("kernel");
		} else if (SPAN_EQ(key, "SYSLOG_IDENTIFIER") && !m->tag.n && !memchr(v.p, '\\', v.n)) {
			m->tag = v;
		}
	} else if (SPAN_EQ(key, "_PID") || SPAN_EQ(key, "SYSLOG_PID")) {
		if (m->tag_pid < 0 && (x = member_i64(v)) > 0)
			m->tag_pid = x;
	}
}

/* 1 for a line that opens an object ('{' last) or closes one ('}' first). */
static int object_edge(struct span l, int open)
{
	l = span_rtrim(strip_lead(l));
	return l.n && (open ? l.p[l.n - 1] == '{' : l.p[0] == '}');
}

void prefix_json_object(struct span blk, struct span line, struct line_meta *m)
{
	const char *b, *e, *p, *q;
	struct span key, val, l;
	int k;

	/* (no bytes: blk.p may be NULL, which takes no offset) */
	if (!m->json_member || !blk.n || line.p < blk.p || line.p + line.n > blk.p + blk.n)
		return;
	b = blk.p;
	e = blk.p + blk.n;
	/* back to the '{' line */
	p = line.p;
	for (k = 0; k < PREFIX_OBJECT_LINES && p > b; k++) {
		q = p - 1; /* the newline before the line at p */
		while (q > b && q[-1] != '\n')
			q--;
		l = span_make(q, (size_t)(p - 1 - q));
		if (object_edge(l, 1) || object_edge(l, 0))
			break;
		if (object_member(l, &key, &val))
			object_take(key, val, m);
		p = q;
	}
	/* on to the '}' line */
	p = line.p + line.n;
	for (k = 0; k < PREFIX_OBJECT_LINES && p < e; k++) {
		p++; /* the newline after the line before */
		q = memchr(p, '\n', (size_t)(e - p));
		if (!q)
			q = e;
		l = span_make(p, (size_t)(q - p));
		if (object_edge(l, 0) || object_edge(l, 1))
			break;
		if (object_member(l, &key, &val))
			object_take(key, val, m);
		p = q;
	}
}

/* Index of w in names (NULL-terminated), or -1. */
static int word_index(struct span w, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (span_eq(w, names[i], strlen(names[i])))
			return i;
	return -1;
}

/*
 * dmesg -x (--decode): "kern  :warn  : [  123.456789] msg", also with -T or
 * -t after the decoded facility and level. Both words must be syslog names.
 */
static int parse_dmesg_decoded(struct prefix_parser *pp, struct span s,
			       struct line_meta *out)
{
	static const char *const facilities[] = {
		"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
		"uucp", "cron", "authpriv", "ftp", "res0", "res1", "res2", "res3",
		"local0", "local1", "local2", "local3", "local4", "local5", "local6",
		"local7", NULL,
	};
	static const char *const levels[] = {
		"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug", NULL,
	};
	size_t i = 0, w;
	int fac;
	struct span r;

	while (i < s.n && i < 8 && (is_alpha((unsigned char)s.p[i]) ||
				    is_digit((unsigned char)s.p[i])))
		i++;
	fac = word_index(span_make(s.p, i), facilities);
	while (i < s.n && s.p[i] == ' ' && i < 10)
		i++;
	if (fac < 0 || i >= s.n || s.p[i] != ':')
		return 0;
	w = ++i;
	while (i < s.n && i - w < 6 && is_alpha((unsigned char)s.p[i]))
		i++;
	if (word_index(span_make(s.p + w, i - w), levels) < 0)
		return 0;
	while (i < s.n && s.p[i] == ' ' && i - w < 8)
		i++;
	if (i >= s.n || s.p[i] != ':')
		return 0;
	r = skip1(span_skip(s, i + 1));
	if (!(r.n && r.p[0] == '[' && parse_bracket(pp, r, out)) || out->fmt == PREFIX_JOURNAL_MONO) {
		/* dmesg's own stamp, then the program's tag if it wrote one */
		if (out->fmt != PREFIX_JOURNAL_MONO)
			out->msg = r;
		out->fmt = PREFIX_DMESG;
	}
	out->kmsg_facility = fac;
	out->is_kernel = fac == 0;
	return 1;
}

/* " KEY=value" after a kmsg record. */
static int parse_kmsg_cont(struct span s, struct line_meta *out)
{
	size_t k;
	struct span t = span_skip(s, 1);

	k = token_len(t);
	if (k == 0 || !memchr(t.p, '=', k))
		return 0;
	out->fmt = PREFIX_KMSG_CONT;
	out->is_kernel = 1;
	out->msg = span_make(s.p + s.n, 0);
	return 1;
}

/*
 * The time stamp a program's own log line starts with, for lines that have
 * no syslog-style prefix; the whole line stays the message (its pid and
 * level are the application rules' business). Shapes:
 *   "YYYY-MM-DD HH:MM:SS[.,frac][ UTC| GMT| Z| +hh[:mm]]"  PostgreSQL, log4j, Python
 *   "YYYY/MM/DD HH:MM:SS"                                   nginx, Go's log package
 *   "PID:R DD Mon YYYY HH:MM:SS.mmm"                        Redis 3+
 *   "[PID] DD Mon HH:MM:SS.mmm"                             Redis 2 (no year)
 *   "DD/Mon/YYYY HH:MM:SS"                                  ntopng, nProbe
 * A named zone other than UTC/GMT leaves the time unknown rather than wrong.
 * Sets out->time_sec / time_nsec only; returns 1 when a stamp was read.
 */
static int parse_app_stamp(const struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i = 0;
	int64_t y, mo, d, t, pid;
	int h, mi, sec, yearless = 0;
	int32_t nsec;

	if (s.n >= 19 && (s.p[4] == '-' || s.p[4] == '/') && s.p[7] == s.p[4] && s.p[10] == ' ') {
		/* "YYYY-MM-DD HH:MM:SS" or "YYYY/MM/DD HH:MM:SS" */
		y = digits_n(s, 0, 4);
		mo = digits_n(s, 5, 2);
		d = digits_n(s, 8, 2);
		i = 11;
		if (y < 0 || mo < 0 || d < 0 || parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0)
			return 0;
		t = civil_to_unix(y, (int)mo, (int)d, h, mi, sec);
		if (t == INT64_MIN)
			return 0;
		/* A collector's stamp in front of the program's own
		 * ("2020-04-08 13:26:50.0000000 2020-04-08 13:26:59.787 UTC"):
		 * the collector rounds to its batch, the program's is the
		 * event's, and the lines of one report agree on it. */
		if (i + 20 <= s.n && s.p[i] == ' ' && s.p[i + 5] == s.p[4] && is_digit((unsigned char)s.p[i + 1]) &&
		    parse_app_stamp(pp, span_skip(s, i + 1), out))
			return 1;
		if (i + 1 < s.n && s.p[i] == ' ' && (s.p[i + 1] == '+' || s.p[i + 1] == '-') &&
		    i + 4 <= s.n && is_digit((unsigned char)s.p[i + 2])) {
			/* "+hh", "+hhmm", "+hh:mm" */
			int64_t oh = digits_n(s, i + 2, 2), om = 0;
			size_t j = i + 4;

			if (oh < 0)
				return 0;
			if (j < s.n && s.p[j] == ':')
				j++;
			if (digits_n(s, j, 2) >= 0)
				om = digits_n(s, j, 2);
			t -= (s.p[i + 1] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
		} else if (i + 1 < s.n && s.p[i] == ' ' && is_alpha((unsigned char)s.p[i + 1])) {
			struct span z = skip1(span_skip(s, i));

			z.n = token_len(z);
			/* "UTC", "GMT", "Z" are zones; a level word ("INFO") is not. */
			if (!SPAN_EQ(z, "UTC") && !SPAN_EQ(z, "GMT") && !SPAN_EQ(z, "Z") &&
			    z.n >= 3 && z.n <= 5) {
				int upper = 1;

				for (size_t k = 0; k < z.n; k++)
					upper &= z.p[k] >= 'A' && z.p[k] <= 'Z';
				/* "CET", "EST", "CEST": a zone we cannot place. */
				if (upper && !SPAN_EQ(z, "INFO") && !SPAN_EQ(z, "WARN") && !SPAN_EQ(z, "ERROR") &&
				    !SPAN_EQ(z, "DEBUG") && !SPAN_EQ(z, "FATAL") && !SPAN_EQ(z, "TRACE"))
					return 0;
			}
		}
		out->time_sec = t;
		out->time_nsec = nsec;
		return 1;
	}
	/* ntopng's trace: "DD/Mon/YYYY HH:MM:SS [file.cpp:N] LEVEL: ..." */
	if (s.n >= 20 && s.p[2] == '/' && s.p[6] == '/' && s.p[11] == ' ') {
		d = digits_n(s, 0, 2);
		mo = month_from_word(span_make(s.p + 3, 3));
		y = digits_n(s, 7, 4);
		i = 12;
		if (d < 0 || mo == 0 || y < 0 || parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0)
			return 0;
		t = civil_to_unix(y, (int)mo, (int)d, h, mi, sec);
		if (t == INT64_MIN)
			return 0;
		out->time_sec = t;
		out->time_nsec = nsec;
		return 1;
	}
	/* Redis: "PID:R " or "[PID] " then "DD Mon [YYYY ]HH:MM:SS.mmm" */
	if (s.n && s.p[0] == '[')
		i = 1;
	pid = digits_upto(s, &i, 10);
	if (pid < 0 || i >= s.n)
		return 0;
	if (s.p[0] == '[') {
		if (s.p[i] != ']')
			return 0;
		i++;
	} else {
		if (s.p[i] != ':' || i + 2 >= s.n || !is_alpha((unsigned char)s.p[i + 1]))
			return 0;
		i += 2;
	}
	if (i >= s.n || s.p[i] != ' ')
		return 0;
	i++;
	d = digits_upto(s, &i, 2);
	if (d < 0 || i + 5 > s.n || s.p[i] != ' ')
		return 0;
	mo = month_from_word(span_make(s.p + i + 1, 3));
	i += 5;
	if (mo == 0 || i >= s.n || s.p[i - 1] != ' ')
		return 0;
	y = digits_n(s, i, 4);
	if (y >= 0 && i + 4 < s.n && s.p[i + 4] == ' ')
		i += 5;
	else
		yearless = 1;
	if (parse_hms(s, &i, &h, &mi, &sec, &nsec) < 0)
		return 0;
	if (yearless) {
		set_yearless_time(pp, out, (int)mo, (int)d, h, mi, sec, nsec);
		return out->time_sec != INT64_MIN;
	}
	t = civil_to_unix(y, (int)mo, (int)d, h, mi, sec);
	if (t == INT64_MIN)
		return 0;
	out->time_sec = t;
	out->time_nsec = nsec;
	return 1;
}

/* A bare line: the whole line is the message, nothing else is known. */
HOT void meta_bare(struct line_meta *out, struct span line)
{
	out->fmt = PREFIX_BARE;
	out->host = span_make(line.p, 0);
	out->tag = span_make(line.p, 0);
	out->tag_pid = -1;
	out->time_sec = INT64_MIN;
	out->time_nsec = 0;
	out->uptime_usec = INT64_MIN;
	out->kmsg_seq = -1;
	out->kmsg_facility = -1;
	out->is_kernel = 0;
	out->year_assumed = 0;
	out->json_member = 0;
	out->msg = line;
}

size_t prefix_html_entity(struct span s, char *out)
{
	static const struct {
		const char *name;
		char c;
	} names[] = { { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&quot;", '"' },
		      { "&apos;", '\'' }, { "&nbsp;", ' ' } };
	size_t i, k;
	unsigned v = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		k = strlen(names[i].name);
		if (s.n >= k && memcmp(s.p, names[i].name, k) == 0) {
			*out = names[i].c;
			return k;
		}
	}
	if (s.n < 4 || s.p[1] != '#')
		return 0;
	if (s.p[2] == 'x' || s.p[2] == 'X') {
		for (k = 3; k < s.n && k < 6 && isxdigit((unsigned char)s.p[k]); k++)
			v = v * 16 + (unsigned)(is_digit((unsigned char)s.p[k]) ? s.p[k] - '0' : (s.p[k] | 0x20) - 'a' + 10);
		if (k == 3)
			return 0;
	} else {
		for (k = 2; k < s.n && k < 5 && is_digit((unsigned char)s.p[k]); k++)
			v = v * 10 + (unsigned)(s.p[k] - '0');
		if (k == 2)
			return 0;
	}
	if (k >= s.n || s.p[k] != ';' || v == 0 || v >= 128)
		return 0;
	*out = (char)v;
	return k + 1;
}

/*
 * Copies the line without its ANSI escape sequences (CSI "ESC [ params
 * final", OSC "ESC ] text BEL" or "... ESC \\", and two-byte "ESC x") and
 * with its HTML entities decoded (prefix_html_entity) into the scratch line
 * buffer, when it has any.
 */
static struct span strip_ansi(struct prefix_parser *pp, struct span s)
{
	size_t i, o = 0, k;
	const char *a;
	char c;

	if (!memchr(s.p, 0x1b, s.n)) {
		/* no ESC: a copy only for an entity */
		for (a = memchr(s.p, '&', s.n); a && !prefix_html_entity(span_make(a, (size_t)(s.p + s.n - a)), &c);
		     a = memchr(a + 1, '&', (size_t)(s.p + s.n - a - 1)))
			;
		if (!a)
			return s;
	}
	for (i = 0; i < s.n && o < sizeof(pp->line); i++) {
		if (s.p[i] == '&' && (k = prefix_html_entity(span_skip(s, i), &pp->line[o])) != 0) {
			o++;
			i += k - 1;
			continue;
		}
		if (s.p[i] != 0x1b) {
			pp->line[o++] = s.p[i];
			continue;
		}
		if (i + 1 < s.n && s.p[i + 1] == '[') {
			i += 2;
			while (i < s.n && (unsigned char)s.p[i] >= 0x20 &&
			       (unsigned char)s.p[i] <= 0x3f)
				i++;
			/* i is at the final byte (or the end), skipped by the loop */
		} else if (i + 1 < s.n && s.p[i + 1] == ']') {
			/* OSC (a window title): up to BEL or ESC \ */
			for (i += 2; i < s.n && s.p[i] != 0x07; i++)
				if (s.p[i] == 0x1b && i + 1 < s.n && s.p[i + 1] == '\\') {
					i++;
					break;
				}
		} else if (i + 1 < s.n) {
			i++;
		}
	}
	return span_make(pp->line, o);
}

/* Leading wrapping: spaces, tabs, mail quote markers ('>', '|', any mix and
 * depth) and markdown backticks. */
HOT struct span strip_lead(struct span s)
{
	size_t i = 0;

	while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t' || s.p[i] == '>' || s.p[i] == '|' ||
			   s.p[i] == '`'))
		i++;
	return span_skip(s, i);
}

/*
 * A relay's label in front of a program's own line: docker compose's
 * "service_1  | " and Fabric's "[host] out: " / "[host] err: " (the host is
 * kept in *host). Returns the rest, or s when there is no label.
 */
static struct span strip_relay(struct span s, struct span *host)
{
	size_t i = 0, k;
	struct span g;

	if (s.n && s.p[0] == '[') {
		k = bracket_group(s, &g);
		if (!k || !g.n || !host_ok(g) || !(SPAN_STARTS(span_skip(s, k), "out: ") ||
						    SPAN_STARTS(span_skip(s, k), "err: ")))
			return s;
		*host = g;
		return span_skip(s, k + 5);
	}
	while (i < s.n && i < PREFIX_TOKEN_MAX &&
	       (is_alpha((unsigned char)s.p[i]) || is_digit((unsigned char)s.p[i]) ||
		s.p[i] == '_' || s.p[i] == '-' || s.p[i] == '.'))
		i++;
	k = i;
	while (i < s.n && s.p[i] == ' ')
		i++;
	if (k == 0 || i == k || i + 1 >= s.n || s.p[i] != '|' || s.p[i + 1] != ' ')
		return s;
	return span_skip(s, i + 2);
}

/*
 * "Received message  <6>Jun  8 11:15:26 LEDE kernel: ...": a syslog relay's
 * own words (its debug log of the packets it received) before a record
 * with its priority; also RFC 6587's octet count before a record sent over
 * TCP ("129 <45>1 2015-10-14T18:00:03.978860+00:00 heroku web.1 - - ...", a
 * Heroku log drain's body), maybe after a collector's own receive stamp.
 * The record from its '<' on (a blank before it, within RELAY_WORDS_MAX
 * bytes), when parse_pri takes it and it names a host or a time. 1, or 0
 * (out may hold a failed attempt's fields).
 */
#define RELAY_WORDS_MAX 48
static int parse_relayed_pri(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	const char *lt = memchr(s.p, '<', s.n < RELAY_WORDS_MAX ? s.n : RELAY_WORDS_MAX);

	if (!lt || lt == s.p || lt[-1] != ' ')
		return 0;
	s = span_skip(s, (size_t)(lt - s.p));
	if (s.n < 4 || !is_digit((unsigned char)s.p[1]))
		return 0;
	return parse_pri(pp, s, out) && (out->host.n || out->time_sec != INT64_MIN);
}

/*
 * The short road, taken before any other probe: a line that starts with the
 * stamp syslog_cached_stamp remembers, whose first two bytes are letters.
 * The general road would find no relay label in front of such a line (the
 * stamp's word and day leave no "name | " shape), send it to parse_syslog
 * (a letter not followed by '/') and read the stamp from the same memory:
 * this only skips the probes in between. Returns 1 when it parsed the
 * line (out from meta_bare on), 0 when the general road must.
 */
HOT int syslog_fast(struct prefix_parser *pp, struct span s, struct line_meta *out)
{
	size_t i;

	/* The stamp's first two bytes are letters; syslog_cached_stamp only
	 * takes a line that repeats at least its first 11. */
	if (pp->plain || !pp->stamp_letters)
		return 0;
	meta_bare(out, s);
	i = syslog_cached_stamp(pp, s, out);
	if (!i)
		return 0;
	syslog_stamped(pp, s, i, out);
	return 1;
}

/* 1 when s holds "]:", the end of a "name[pid]:" tag. */
static int has_tag_end(struct span s)
{
	const char *p = s.p, *e = s.p + s.n;

	while ((p = memchr(p, ']', (size_t)(e - p))) != NULL && p + 1 < e) {
		if (p[1] == ':')
			return 1;
		p++;
	}
	return 0;
}

/*
 * A plain line that syslog_fast parses and kernel_head reads as the
 * kernel's, whichever of syslog_host_tag's roads gets there (a head it
 * repeats passed kernel_host_len too), with no program's tag behind the
 * uptime (after_kernel_stamp, on a scratch meta): parse_line would change
 * no more than its caches (the stamp's seconds, the last head), and
 * prev_kmsg stays 0.
 */
size_t prefix_kernel_line(const struct prefix_parser *pp, struct span line)
{
	struct line_meta m;
	struct span s;
	size_t i, h, k;
	int64_t t, us;

	if (pp->plain || !pp->stamp_letters || pp->prev_kmsg)
		return 0;
	s = strip_lead(line);
	i = stamp_repeat(pp, s, &t);
	if (!i)
		return 0;
	s = span_skip(s, i + 1);
	h = kernel_host_len(s);
	if (!h)
		return 0;
	/* kernel_head's uptime, then a program's own tag behind it
	 * ("[ 5.1] systemd-journald[16438]: ...") makes it the program's;
	 * the tag ends in "]:" (parse_mono_tag), so without one it is not. */
	m.is_kernel = 1;
	m.msg = span_skip(s, h + 9);
	if (m.msg.n && m.msg.p[0] == '[' && has_tag_end(m.msg) &&
	    ((k = uptime_fixed(m.msg, &us)) != 0 || (k = parse_uptime_stamp(m.msg, &us)) != 0)) {
		m.msg = span_skip(m.msg, k);
		after_kernel_stamp(&m);
		if (!m.is_kernel)
			return 0;
	}
	return (size_t)(s.p - line.p) + h + 9;
}

HOT struct span msg_trim(struct span m)
{
	for (;;) {
		if (m.n && (m.p[0] == ' ' || m.p[0] == '\t'))
			m = span_skip(m, 1);
		else if (!m.n || m.p[0] != '#' || !SPAN_TAKE(&m, "#011"))
			return m;
	}
}

struct span prefix_kernel_msg(struct span line)
{
	struct line_meta m;
	struct span s;
	const char *k, *sp;
	size_t h = 0, u;
	int64_t us;

	s = strip_lead(line);
	/* the classic stamp ("Mmm dd hh:mm:ss "), else the token before the
	 * first " kernel: " within a stamp and a host's reach */
	if (s.n > 16 && s.p[15] == ' ' && (h = kernel_host_len(span_skip(s, 16))) != 0) {
		s = span_skip(s, 16);
	} else {
		k = memmem(s.p, s.n < PREFIX_STAMP_MAX + PREFIX_TOKEN_MAX + 9 ? s.n : PREFIX_STAMP_MAX + PREFIX_TOKEN_MAX + 9,
			   " kernel: ", 9);
		if (!k || !(sp = memrchr(s.p, ' ', (size_t)(k - s.p))))
			return span_make(line.p, 0);
		s = span_skip(s, (size_t)(sp + 1 - s.p));
		if (!(h = kernel_host_len(s)))
			return span_make(line.p, 0);
	}
	m.is_kernel = 1;
	m.msg = span_skip(s, h + 9);
	if (m.msg.n && m.msg.p[0] == '[' &&
	    ((u = uptime_fixed(m.msg, &us)) != 0 || (u = parse_uptime_stamp(m.msg, &us)) != 0)) {
		m.msg = span_skip(m.msg, u);
		after_kernel_stamp(&m);
	}
	return span_rtrim(msg_trim(m.msg));
}

static int qp_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t prefix_qp_decode(struct span in, char *out, size_t cap, int *cut)
{
	size_t i = 0, o = 0;

	*cut = 0;
	while (i < in.n) {
		int hi = -1, lo = -1;
		char c = in.p[i];

		if (c == '=' && i + 2 < in.n && (hi = qp_hex((unsigned char)in.p[i + 1])) >= 0 &&
		    (lo = qp_hex((unsigned char)in.p[i + 2])) >= 0) {
			c = (char)(hi << 4 | lo);
			i += 3;
		} else {
			i++;
		}
		if (o == cap) {
			*cut = 1;
			break;
		}
		out[o++] = c;
	}
	return o;
}

struct span prefix_msg_trim(struct span m)
{
	return msg_trim(m);
}

/*
 * The label a tool puts before each line it prints, when nothing else at
 * the line's start was read: grep -n's and cat -n's line numbers ("12:"
 * before anything but one blank or a clock's minutes, "12-" before a byte
 * that is neither a digit nor a blank, "12\t"), grep
 * -H's file name ("/var/log/syslog:", "kern.log.1:", with its line number),
 * kubectl logs --prefix's "[pod/name/container] " (label_take also takes
 * Jenkins' "[RFC 3339] " and BuildKit's "#12 34.56 "). Its length, 0 for
 * none; *strict = 1 when the rest must have a known prefix of its own (a
 * file name could be a program's "name: " lead: "/usr/bin/ld: ...").
 */
#define LABEL_MAX 200

/* 1 for a log file's path as grep -H names it: under a "log" or "logs"
 * directory, or named syslog*, messages*, *.log*, *.txt, *.out. */
static int logfile_name(struct span t)
{
	const char *b = t.p, *e = t.p + t.n;
	struct span base;

	if (span_find(t, "/log/", 5) >= 0 || span_find(t, "/logs/", 6) >= 0)
		return 1;
	for (const char *q = t.p; q < e; q++)
		if (*q == '/')
			b = q + 1;
	base = span_make(b, (size_t)(e - b));
	return SPAN_STARTS(base, "syslog") || SPAN_STARTS(base, "messages") || span_find(base, ".log", 4) >= 0 ||
	       (base.n > 4 && (memcmp(e - 4, ".txt", 4) == 0 || memcmp(e - 4, ".out", 4) == 0));
}

static size_t label_len(struct prefix_parser *pp, struct span s, int *strict, int64_t *line_no)
{
	size_t i = 0, k;
	int64_t num = 0;
	int path = 0;

	*strict = 0;
	while (i < s.n && i < 10 && is_digit((unsigned char)s.p[i]))
		num = num * 10 + (s.p[i++] - '0');
	*line_no = num;
	if (i && i < 10 && i < s.n) {
		if (s.p[i] == '\t')
			return i + 1;
		/* "1. " a numbered list's, before a line with a prefix */
		if (i <= 3 && s.p[i] == '.' && i + 1 < s.n && s.p[i + 1] == ' ') {
			*strict = 1;
			return i + 2;
		}
		/* one blank after it: a count or code in prose ("1455: ..."),
		 * unless the line before had the number before this one; more:
		 * the line's own indentation */
		if (i + 1 >= s.n || (s.p[i + 1] == ' ' && num != pp->label_next &&
				     (i + 2 >= s.n || (s.p[i + 2] != ' ' && s.p[i + 2] != '\t'))))
			return 0;
		if (s.p[i] == '-' && !is_digit((unsigned char)s.p[i + 1]))
			return i + 1;
		/* "12:" before a line, but not a clock's "12:34" */
		if (s.p[i] == ':' && !(i <= 2 && i + 3 <= s.n && is_digit((unsigned char)s.p[i + 1]) &&
				       is_digit((unsigned char)s.p[i + 2]) &&
				       (i + 3 == s.n || s.p[i + 3] == ':' || s.p[i + 3] == ' ' || s.p[i + 3] == '.')))
			return i + 1;
		return 0;
	}
	/* a list's bullet before a line with a prefix of its own */
	if (s.n > 2 && (s.p[0] == '-' || s.p[0] == '*') && s.p[1] == ' ') {
		*strict = 1;
		return 2;
	}
	if (SPAN_STARTS(s, "\xe2\x80\xa2 ")) {
		*strict = 1;
		return 4;
	}
	/* a tool's level word before a line with a prefix of its own
	 * (YunoHost's "Warning: Feb 21 18:27:10 java[27585]: ...") */
	if (s.n > 8 && memchr("WIEND", s.p[0] & ~0x20, 5)) {
		static const char *const levels[] = { "Warning: ", "WARNING: ", "Info: ", "INFO: ",
						      "Error: ",   "ERROR: ",   "Notice: ", "NOTICE: ",
						      "Debug: ",   "DEBUG: " };

		for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++)
			if (span_starts(s, levels[k], strlen(levels[k]))) {
				*strict = 1;
				return strlen(levels[k]);
			}
	}
	if (SPAN_STARTS(s, "[pod/")) {
		for (i = 5; i < s.n && i < LABEL_MAX && s.p[i] != ']' && s.p[i] != ' '; i++)
			;
		return i + 1 < s.n && s.p[i] == ']' && s.p[i + 1] == ' ' ? i + 2 : 0;
	}
	for (i = 0; i < s.n && i < LABEL_MAX && s.p[i] != ':' && s.p[i] != ' ' && s.p[i] != '\t'; i++)
		path |= s.p[i] == '/' || s.p[i] == '.';
	if (!path || i == 0 || i >= s.n || s.p[i] != ':')
		return 0;
	/* grep -Hn: "file:12:" */
	for (k = i + 1; k < s.n && k < i + 11 && is_digit((unsigned char)s.p[k]); k++)
		;
	if (k > i + 1 && (k >= s.n || s.p[k] == ' ' || s.p[k] == ')')) {
		/* "main.go:12 +0x1d": a source location; a log file's
		 * name before a line that starts with a number */
		return logfile_name(span_make(s.p, i)) ? i + 1 : 0;
	}
	/* "file:12:" unless "12:M " is Redis's pid and role */
	k = k > i + 1 && s.p[k] == ':' && !(k + 2 < s.n && memchr("MSCX", s.p[k + 1], 4) && s.p[k + 2] == ' ') ? k + 1
															     : i + 1;
	/* a log file's name is a label whatever follows (an indented
	 * line); another path, only before a line with a prefix of its own */
	if (logfile_name(span_make(s.p, i)))
		return k;
	/* grep writes the line right after its label; a program's lead
	 * has a blank after its colon ("/usr/bin/ld: cannot ...") */
	*strict = k >= s.n || s.p[k] == ' ' || s.p[k] == '\t';
	return k;
}

/* Takes a tool's label off s (label_len) and reads the rest as the line
 * when it may: 1 with *out that reading, else 0 (*out untouched). */
static int label_take(struct prefix_parser *pp, struct span s, const char *start, struct line_meta *out)
{
	struct line_meta in;
	int strict;
	int64_t num, tsec = INT64_MIN;
	size_t k = label_len(pp, s, &strict, &num);
	int32_t tnsec = 0;

	/* Jenkins' timestamper: "[2026-11-30T10:00:00.123Z] " */
	if (!k && s.n > 20 && s.p[0] == '[' && is_digit((unsigned char)s.p[1]) && s.p[5] == '-' &&
	    (k = timefmt_stamp(span_skip(s, 1), 0, &tsec, &tnsec)) != 0) {
		k = k + 2 < s.n && s.p[k + 1] == ']' && s.p[k + 2] == ' ' ? k + 3 : 0;
		strict = 0;
	}
	/* BuildKit's progress output: "#12 34.56 " (step, seconds) */
	if (!k && s.n > 4 && s.p[0] == '#' && is_digit((unsigned char)s.p[1])) {
		size_t i = 1;

		while (i < s.n && i < 8 && is_digit((unsigned char)s.p[i]))
			i++;
		if (i + 1 < s.n && s.p[i] == ' ' && is_digit((unsigned char)s.p[i + 1])) {
			for (i++; i < s.n && i < 24 && (is_digit((unsigned char)s.p[i]) || s.p[i] == '.'); i++)
				;
			k = i < s.n && s.p[i] == ' ' && s.p[i - 1] != '.' ? i + 1 : 0;
			strict = 0;
		}
	}
	if (!k || pp->depth >= WRAP_DEPTH)
		return 0;
	/* a line number: the next line's is expected after it */
	pp->label_next = num ? num + 1 : -1;
	if (!wrapped_parse(pp, span_skip(s, k), start, &in) && strict)
		return 0;
	if (in.time_sec == INT64_MIN && tsec != INT64_MIN) {
		in.time_sec = tsec;
		in.time_nsec = tnsec;
		in.year_assumed = 0;
	}
	*out = in;
	return 1;
}

/*
 * prefix_parse after the short road declined: s is the line without its
 * ANSI escapes and leading wrapping, start where the caller's line began.
 * Kept out of prefix_parse (GCC, clang) so that the short road does not
 * pay for its frame.
 */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void parse_general(struct prefix_parser *pp, struct span s, const char *start,
			  struct line_meta *out)
{
	struct span relay_host = span_make(start, 0);
	unsigned char c;
	int ok = 0;

	s = strip_lead(strip_relay(s, &relay_host));
	meta_bare(out, s);
	if (s.n == 0)
		return;

	c = (unsigned char)s.p[0];
	if (c == '[')
		ok = parse_bracket(pp, s, out);
	else if (is_digit(c))
		ok = parse_digit(pp, s, out);
	else if (is_alpha(c) && s.n > 1 && s.p[1] == '/')
		ok = parse_logcat_brief(pp, s, out);
	else if (is_alpha(c) || c >= 0x80)
		ok = parse_syslog(pp, s, out) ||
		     (c >= 'a' && c <= 'u' && parse_dmesg_decoded(pp, s, out)) || parse_logread(s, out);
	else if (c == '<')
		ok = parse_pri(pp, s, out);
	else if (c == '{')
		ok = parse_json(pp, s, out);
	else if (c == '"')
		ok = parse_json_member(pp, s, start, out);
	if (!ok && (is_alpha(c) || is_digit(c)))
		ok = parse_relayed_pri(pp, s, out);
	if (!ok) {
		/* A failed attempt may have set fields: reset them. */
		meta_bare(out, s);
		if (c == '[' || is_digit(c))
			ok = parse_app_stamp(pp, s, out);
	}
	if (!ok && label_take(pp, s, start, out))
		return;
	out->msg = msg_trim(out->msg);
	if (!out->host.n)
		out->host = relay_host;
}

#ifdef PREFIX_AVX2
/* The five bytes of prefix_line_plain by their low nibble: lane x holds
 * the one whose low nibble is x, or else x ^ 1, which no byte with low
 * nibble x equals (the shuffle gives 0 for a byte from 0x80 on, which 0
 * never equals). */
#define PLAIN_LUT                                                                                    \
	_mm256_setr_epi8(1, 0, 3, '#', 5, 4, '&', 6, 9, 8, '\n', 0x1b, '\\', 12, 15, 14, 1, 0, 3, '#', 5, 4, \
			 '&', 6, 9, 8, '\n', 0x1b, '\\', 12, 15, 14)

/* prefix_line_plain for n >= 32: 32 bytes at a time, the last block
 * overlapping the one before. */
__attribute__((target("avx2"))) static int plain_avx2(const char *p, size_t n)
{
	const __m256i lut = PLAIN_LUT;
	__m256i any = _mm256_setzero_si256(), v;
	size_t i;

	for (i = 0; i + 32 < n; i += 32) {
		v = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
		any = _mm256_or_si256(any, _mm256_cmpeq_epi8(_mm256_shuffle_epi8(lut, v), v));
	}
	v = _mm256_loadu_si256((const __m256i *)(const void *)(p + n - 32));
	any = _mm256_or_si256(any, _mm256_cmpeq_epi8(_mm256_shuffle_epi8(lut, v), v));
	return _mm256_testz_si256(any, any);
}
#endif

int prefix_line_plain(struct span line)
{
#ifdef PREFIX_AVX2
	if (line.n >= 32 && __builtin_cpu_supports("avx2"))
		return plain_avx2(line.p, line.n);
#endif
	return !memchr(line.p, 0x1b, line.n) && !memchr(line.p, '\n', line.n) && !memchr(line.p, '#', line.n) &&
	       !memchr(line.p, '\\', line.n) && !memchr(line.p, '&', line.n);
}

/* prefix_parse; esc = 0 when the caller knows the line holds no ESC byte. */
HOT void parse_line(struct prefix_parser *pp, struct span line, int esc, struct line_meta *out)
{
	const char *start = line.p;
	struct span s;

	SPAN_TAKE(&line, "\xef\xbb\xbf");
	while (line.n && (line.p[line.n - 1] == '\r' || line.p[line.n - 1] == '\n'))
		line.n--;
	if (line.n == 0 || (line.p[0] == ' ' && pp->prev_kmsg)) {
		meta_bare(out, line);
		if (line.n == 0 || parse_kmsg_cont(line, out))
			goto out;
	}
	s = strip_lead(esc ? strip_ansi(pp, line) : line);
	out->json_member = 0;
	if (syslog_fast(pp, s, out)) {
		out->msg = msg_trim(out->msg);
		if (!out->host.n)
			out->host = span_make(start, 0);
	} else {
		parse_general(pp, s, start, out);
	}
out:
	pp->prev_kmsg = out->fmt == PREFIX_KMSG || out->fmt == PREFIX_KMSG_CONT;
}

int prefix_owns(const struct prefix_parser *pp, struct span s)
{
	const char *b = (const char *)pp, *e = (const char *)(pp + 1);

	return s.n == 0 || (s.p >= b && s.p + s.n <= e);
}

void prefix_parse(struct prefix_parser *pp, struct span line, struct line_meta *out)
{
	parse_line(pp, line, 1, out);
}

void prefix_parse_no_esc(struct prefix_parser *pp, struct span line, struct line_meta *out)
{
	assert(!memchr(line.p, 0x1b, line.n));
	parse_line(pp, line, 0, out);
}

/*
 * 1 when a line's host is a person's elision, not a machine: "...", "..",
 * "…" in its place ("Aug 30 06:58:55.050705 ... kernel: oom-kill:..."), or a
 * placeholder in angle brackets ("<hostname>", "<host>"). The line keeps its
 * syslog shape; the event names no host. No host name starts with a dot or
 * '<', so one byte settles the common case.
 */
static int host_elided(struct span h)
{
	size_t i;

	if (h.n == 3 && memcmp(h.p, "\xe2\x80\xa6", 3) == 0)
		return 1;
	if (h.n >= 3 && h.p[0] == '<' && h.p[h.n - 1] == '>')
		return 1;
	if (!h.n || h.p[0] != '.')
		return 0;
	for (i = 1; i < h.n && h.p[i] == '.'; i++)
		;
	return i == h.n;
}

void line_meta_stamp(const struct line_meta *m, const char *source, int64_t line,
		     struct oom_event *ev)
{
	ev->source = source;
	ev->line = line;
	if (!host_elided(m->host))
		EVENT_SET(ev, host, m->host.p, m->host.n, EV_CUT_OTHER);
	ev->time_sec = m->time_sec == INT64_MIN ? EV_NONE : m->time_sec;
	ev->time_nsec = m->time_sec == INT64_MIN ? 0 : m->time_nsec;
	ev->time_year_assumed = m->time_sec != INT64_MIN && m->year_assumed;
	ev->uptime_usec = m->uptime_usec == INT64_MIN ? EV_NONE : m->uptime_usec;
}
