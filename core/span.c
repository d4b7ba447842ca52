/*
 * span.c - the out-of-line span helpers.
 *
 * Trusts nothing in the input bytes; reads only within each span.
 * Thread-safe: no state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "span.h"

#include <limits.h>

#include "text.h"

long span_rfind(struct span s, const char *lit, size_t litn)
{
	size_t i;

	if (litn == 0)
		return (long)s.n;
	if (litn > s.n)
		return -1;
	for (i = s.n - litn + 1; i > 0; i--)
		if (s.p[i - 1] == lit[0] && memcmp(s.p + i - 1, lit, litn) == 0)
			return (long)(i - 1);
	return -1;
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

long span_find_ci(struct span s, const char *lit, size_t litn)
{
	const char *end, *lo_at, *up_at, *q;
	int lo, up;
	size_t j;

	if (litn == 0)
		return 0;
	if (litn > s.n)
		return -1;
	/* Candidates are the next occurrences of the first byte in either
	 * case, found with memchr; each is then compared ignoring case. */
	end = s.p + s.n - litn + 1;
	lo = lower((unsigned char)lit[0]);
	up = (lo >= 'a' && lo <= 'z') ? lo - 32 : lo;
	lo_at = memchr(s.p, lo, (size_t)(end - s.p));
	up_at = up != lo ? memchr(s.p, up, (size_t)(end - s.p)) : NULL;
	while (lo_at || up_at) {
		q = (!up_at || (lo_at && lo_at < up_at)) ? lo_at : up_at;
		for (j = 1; j < litn; j++)
			if (lower((unsigned char)q[j]) != lower((unsigned char)lit[j]))
				break;
		if (j == litn)
			return (long)(q - s.p);
		if (q == lo_at)
			lo_at = q + 1 < end ? memchr(q + 1, lo, (size_t)(end - q - 1)) : NULL;
		else
			up_at = q + 1 < end ? memchr(q + 1, up, (size_t)(end - q - 1)) : NULL;
	}
	return -1;
}

#define I64_TENTH ((uint64_t)INT64_MAX / 10)

int span_take_i64(struct span *s, int64_t *out)
{
	size_t i = 0, safe;
	int neg = 0;
	uint64_t v = 0;

	if (i < s->n && (s->p[i] == '-' || s->p[i] == '+')) {
		neg = s->p[i] == '-';
		i++;
	}
	if (i >= s->n || s->p[i] < '0' || s->p[i] > '9')
		return -1;
	/* Eighteen digits stay below 10^18 < INT64_MAX: no check for them. */
	for (safe = s->n - i > 18 ? i + 18 : s->n; i < safe && s->p[i] >= '0' && s->p[i] <= '9'; i++)
		v = v * 10 + (unsigned)(s->p[i] - '0');
	for (; i < s->n && s->p[i] >= '0' && s->p[i] <= '9'; i++) {
		unsigned d = (unsigned)(s->p[i] - '0');

		/* v * 10 + d > INT64_MAX, without a division per digit:
		 * INT64_MAX is I64_TENTH * 10 + 7. */
		if (v >= I64_TENTH && (v > I64_TENTH || d > 7))
			return -1;
		v = v * 10 + d;
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	s->p += i;
	s->n -= i;
	return 0;
}

int span_take_i64_sat(struct span *s, int64_t *out)
{
	size_t i = 0;
	int neg = 0, over = 0;
	uint64_t v = 0;

	if (i < s->n && (s->p[i] == '-' || s->p[i] == '+')) {
		neg = s->p[i] == '-';
		i++;
	}
	if (i >= s->n || s->p[i] < '0' || s->p[i] > '9')
		return -1;
	for (; i < s->n && s->p[i] >= '0' && s->p[i] <= '9'; i++) {
		unsigned d = (unsigned)(s->p[i] - '0');

		if (over)
			continue;
		/* INT64_MIN's magnitude is one more than INT64_MAX's. */
		if (v > ((uint64_t)INT64_MAX + (uint64_t)neg - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	if (over)
		*out = neg ? INT64_MIN : INT64_MAX;
	else if (neg)
		*out = v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	s->p += i;
	s->n -= i;
	return over;
}

int span_take_hex(struct span *s, uint64_t *out)
{
	size_t i = 0, start;
	uint64_t v = 0;

	if (s->n >= 2 && s->p[0] == '0' && (s->p[1] == 'x' || s->p[1] == 'X'))
		i = 2;
	start = i;
	for (; i < s->n; i++) {
		int d = span_hexval((unsigned char)s->p[i]);

		if (d < 0)
			break;
		if (i - start >= 16)
			return -1;
		v = (v << 4) | (uint64_t)d;
	}
	if (i == start)
		return -1;
	*out = v;
	s->p += i;
	s->n -= i;
	return 0;
}

int span_copy(char *dst, size_t dstn, struct span s)
{
	return text_copy(dst, dstn, s.p, s.n);
}

/* span_find with the key's last byte compared before the call to memcmp:
 * a report line holds a key's first byte often ("anon-rss:", "usage "). */
static long find_key(struct span s, const char *key, size_t keyn)
{
	const char *q = s.p, *end = s.p + s.n;

	if (keyn == 0)
		return 0;
	while ((size_t)(end - q) >= keyn && (q = memchr(q, key[0], (size_t)(end - q) - keyn + 1))) {
		if (q[keyn - 1] == key[keyn - 1] && memcmp(q + 1, key + 1, keyn - 1) == 0)
			return (long)(q - s.p);
		q++;
	}
	return -1;
}

int span_int_after(struct span s, const char *key, size_t keyn, int64_t *out)
{
	long at = find_key(s, key, keyn);
	struct span r;

	if (at < 0)
		return -1;
	r = span_skip(s, (size_t)at + keyn);
	return span_take_i64(&r, out);
}
