/*
 * span.h - (pointer, length) views over input bytes and the cursor helpers
 * the hand-written parsers use on the hot path.
 *
 * Trusts nothing about the bytes: no helper reads past p + n, and none needs
 * a terminating NUL. All helpers are pure and thread-safe.
 *
 * Return convention: finders return an offset or -1; the take/parse helpers
 * return 0 and advance the cursor, or -1 leaving it where it was
 * (span_take_i64_sat: 1 for a saturated value); predicates return 1 or 0,
 * and copies return 1 when they cut, 0 when everything fit.
 */
#ifndef OOMSCAN_CORE_SPAN_H
#define OOMSCAN_CORE_SPAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct span {
	const char *p;
	size_t n;
};

#define SPAN_LIT(s) ((struct span){ (s), sizeof(s) - 1 })

static inline struct span span_make(const char *p, size_t n)
{
	return (struct span){ p, n };
}

static inline struct span span_from_cstr(const char *s)
{
	return (struct span){ s, strlen(s) };
}

/* Drops the first k bytes (k is clamped to the length). */
static inline struct span span_skip(struct span s, size_t k)
{
	if (k > s.n)
		k = s.n;
	if (!k) /* p may be NULL */
		return s;
	return (struct span){ s.p + k, s.n - k };
}

/* Returns 1 if s begins with the lit bytes. */
static inline int span_starts(struct span s, const char *lit, size_t litn)
{
	return s.n >= litn && memcmp(s.p, lit, litn) == 0;
}
#define SPAN_STARTS(s, lit) span_starts((s), (lit), sizeof(lit) - 1)

static inline int span_ends(struct span s, const char *lit, size_t litn)
{
	return s.n >= litn && memcmp(s.p + s.n - litn, lit, litn) == 0;
}
#define SPAN_ENDS(s, lit) span_ends((s), (lit), sizeof(lit) - 1)

/* Offset of the first occurrence of lit in s, or -1. */
static inline long span_find(struct span s, const char *lit, size_t litn)
{
	const char *q, *end;

	if (litn == 0)
		return 0;
	if (s.n < litn) /* an empty span may have no bytes at all (p NULL) */
		return -1;
	q = s.p;
	end = s.p + s.n;
	/* Log lines are short: a memchr for the first byte and a compare
	 * beat memmem's set-up cost. */
	while ((size_t)(end - q) >= litn && (q = memchr(q, lit[0], (size_t)(end - q) - litn + 1))) {
		if (memcmp(q + 1, lit + 1, litn - 1) == 0)
			return (long)(q - s.p);
		q++;
	}
	return -1;
}
#define SPAN_FIND(s, lit) span_find((s), (lit), sizeof(lit) - 1)

/* Offset of the last occurrence of lit in s, or -1. */
long span_rfind(struct span s, const char *lit, size_t litn);

/* Offset of the first occurrence of lit, ignoring ASCII case, or -1. */
long span_find_ci(struct span s, const char *lit, size_t litn);

static inline struct span span_ltrim(struct span s)
{
	while (s.n && (*s.p == ' ' || *s.p == '\t')) {
		s.p++;
		s.n--;
	}
	return s;
}

static inline struct span span_rtrim(struct span s)
{
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' ||
		       s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\n'))
		s.n--;
	return s;
}

static inline struct span span_trim(struct span s)
{
	return span_rtrim(span_ltrim(s));
}

static inline int span_eq(struct span s, const char *lit, size_t litn)
{
	return s.n == litn && memcmp(s.p, lit, litn) == 0;
}
#define SPAN_EQ(s, lit) span_eq((s), (lit), sizeof(lit) - 1)

/*
 * Parses an optionally signed decimal integer at the start of *s and advances
 * *s past it. Returns 0 on success, -1 when no digit is there or the value
 * overflows int64 (then *s is unchanged).
 */
int span_take_i64(struct span *s, int64_t *out);

/*
 * Like span_take_i64, but a value that does not fit is kept: all its digits
 * are consumed and *out saturates at INT64_MAX (INT64_MIN when negative).
 * Returns 0 for an exact value, 1 for a saturated one, -1 when no digit is
 * there (then *s is unchanged). For fields whose overflow must not lose the
 * line they are read from (spec: "numbers never drop an event").
 */
int span_take_i64_sat(struct span *s, int64_t *out);

/* The value of a hexadecimal digit, or -1. */
static inline int span_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses a 0x-prefixed or bare hexadecimal number; same contract. */
int span_take_hex(struct span *s, uint64_t *out);

/*
 * Consumes lit if *s starts with it. Returns 1 if it did, 0 otherwise.
 */
static inline int span_take_lit(struct span *s, const char *lit, size_t litn)
{
	if (!span_starts(*s, lit, litn))
		return 0;
	s->p += litn;
	s->n -= litn;
	return 1;
}
#define SPAN_TAKE(s, lit) span_take_lit((s), (lit), sizeof(lit) - 1)

/* Copies s into dst (size dstn > 0) NUL-terminated, a NUL byte stored as
 * C0 80 (text.h); returns 1 if cut. */
int span_copy(char *dst, size_t dstn, struct span s);

/*
 * Finds "key" in s and parses the integer right after it. Returns 0 and sets
 * *out, or -1 when the key is absent or no number follows.
 */
int span_int_after(struct span s, const char *key, size_t keyn, int64_t *out);
#define SPAN_INT_AFTER(s, key, out) span_int_after((s), (key), sizeof(key) - 1, (out))

#endif
