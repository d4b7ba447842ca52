/*
 * text.h - making untrusted bytes safe for output: valid UTF-8 JSON and
 * terminal text without control characters or escape sequences.
 *
 * Event strings never hold a NUL byte: span_copy and event_set_str store an
 * input NUL as the two bytes C0 80 (never valid UTF-8) and an input C0 byte
 * as C1 (just as invalid), so a NUL inside a line does not end its text and
 * the writers here can print it as \u0000.
 *
 * Return convention: copies return 1 when they cut, 0 when everything fit;
 * text_json_fix returns a malloc'd string or NULL (allocation failure);
 * text_terminal returns dst; text_utf8_len returns a length, 0 for an
 * invalid sequence.
 */
#ifndef OOMSCAN_CORE_TEXT_H
#define OOMSCAN_CORE_TEXT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The two bytes an input NUL is stored as inside event strings. */
#define TEXT_NUL0 0xC0
#define TEXT_NUL1 0x80

/*
 * Copies n bytes of s into dst (size dstn > 0), NUL-terminated, storing NUL
 * as C0 80 and C0 as C1, and never ending inside a UTF-8 sequence or a
 * stored NUL when cut. Returns 1 if cut, 0 if everything fit.
 */
int text_copy(char *dst, size_t dstn, const char *s, size_t n);

/*
 * Length of the UTF-8 sequence at s[0, n) (1 to 4), or 0 when s starts an
 * invalid sequence; then *bad is the length of its maximal subpart (1 to 3),
 * the bytes one U+FFFD replaces.
 */
size_t text_utf8_len(const unsigned char *s, size_t n, size_t *bad);

/*
 * A copy of the JSON text js (n bytes, as cJSON printed it) that is valid
 * UTF-8: each invalid sequence becomes U+FFFD and each stored NUL (C0 80)
 * becomes \u0000. Structure bytes are ASCII, so only string contents change.
 * The JSON writers (exporter/json.c) apply the same fix while they write;
 * their tests hold them to this function.
 * Returns a malloc'd NUL-terminated string (*outn its length), NULL on
 * allocation failure.
 */
char *text_json_fix(const char *js, size_t n, size_t *outn);

/*
 * Copies s into dst (size dstn > 0) for a terminal: control characters (C0,
 * DEL, C1) and escape sequences (CSI, OSC, two-byte ESC) are removed, a tab
 * becomes a space, invalid UTF-8 becomes U+FFFD. Cut on a character
 * boundary when dst is too small. Returns dst.
 */
char *text_terminal(char *dst, size_t dstn, const char *s);

/*
 * vsnprintf(buf, n, fmt, ap), the same bytes and the same cut, for the
 * conversions the diagnosis uses (%s, %.Ns, %ld and %lld as PRId64 gives
 * them, %%) without stdio's cost per call: a diagnosis is made for every
 * event written. Any other conversion hands the whole call to vsnprintf.
 * n > 0.
 */
__attribute__((format(printf, 3, 0)))
void text_vformat(char *buf, size_t n, const char *fmt, va_list ap);

/* The same with the arguments in the call (snprintf's place). */
__attribute__((format(printf, 3, 4)))
void text_format(char *buf, size_t n, const char *fmt, ...);

/* Copies the string s into buf (size n > 0), cut, as snprintf(buf, n,
 * "%s", s) would, without stdio's cost per call. */
void text_copy_cstr(char *buf, size_t n, const char *s);

/* The decimal digits of 00 to 99, two by two. */
extern const char text_digit_pairs[201];

/* Writes u in decimal back to front, ending just before end (room for 20
 * bytes before it), two digits a step; returns its first byte. No NUL. */
static inline char *text_u64_back(char *end, uint64_t u)
{
	char *t = end;

	while (u >= 100) {
		t -= 2;
		memcpy(t, text_digit_pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		t -= 2;
		memcpy(t, text_digit_pairs + 2 * u, 2);
	} else {
		*--t = (char)('0' + u);
	}
	return t;
}

/* Writes v in decimal back to front, ending just before end (room for
 * TEXT_I64_MAX - 1 bytes before it); returns its first byte. INT64_MIN
 * included, no NUL. */
static inline char *text_i64_back(char *end, int64_t v)
{
	/* |v|, INT64_MIN included, without a wrapping negation. */
	char *t = text_u64_back(end, v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v);

	if (v < 0)
		*--t = '-';
	return t;
}

/* Room text_i64 needs: 19 digits, a sign and the NUL, rounded up. */
#define TEXT_I64_MAX 24

/*
 * v in decimal as printf's "%" PRId64 writes it, INT64_MIN included, and a
 * NUL, into out (at least TEXT_I64_MAX bytes). Returns the length written
 * before the NUL.
 */
size_t text_i64(char *out, int64_t v);

/*
 * A hash of the n bytes at s, continued from h (their length mixed in):
 * four bytes a step, the last four overlapping, each a 32x32-bit product
 * (no wraparound for -fsanitize=integer) with its halves folded. For the
 * lookup tables of the output side; not kept anywhere.
 */
static inline uint32_t text_hash(uint32_t h, const char *s, size_t n)
{
	uint64_t x;
	uint32_t v;
	size_t i;

#define TEXT_MIX(v)                                                      \
	(x = (uint64_t)(h ^ (v)) * 0x9e3779b1u,                            \
	 h = (uint32_t)(x >> 32) ^ (uint32_t)(x & 0xffffffffu))
	TEXT_MIX((uint32_t)(n & 0xffffffffu));
	if (n < 4) {
		for (i = 0; i < n; i++)
			TEXT_MIX((unsigned char)s[i]);
		return h;
	}
	for (i = 0; i + 4 < n; i += 4) {
		memcpy(&v, s + i, 4);
		TEXT_MIX(v);
	}
	memcpy(&v, s + n - 4, 4);
	TEXT_MIX(v);
#undef TEXT_MIX
	return h;
}

/* kb as people read it: "512 kB", "1.5 MiB", "2.0 GiB", up to TiB (one
 * decimal past kB). Writes buf (n bytes) and returns it. */
const char *text_kb(int64_t kb, char *buf, size_t n);

#endif
