/*
 * text.c - UTF-8 validation and the output cleaners of text.h.
 *
 * Trusts nothing in the bytes: every read is bounded by the given length or
 * the terminating NUL. Thread-safe: no state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strchrnul */
#endif
#include "text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "invariant.h"

/* The length of the prefix of s[0, n) without a NUL or C0 byte: the bytes
 * text_copy stores as they are. One pass for both bytes, sixteen at a time
 * where SSE2 is there: most copies are short event fields (a host, a
 * comm), where two calls of memchr cost more than the bytes. */
#if defined(__SSE2__)
/* Bit i set when byte i of v is NUL or C0. */
static unsigned special_bits(__m128i v)
{
	const __m128i zero = _mm_setzero_si128(), c0 = _mm_set1_epi8((char)TEXT_NUL0);

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, zero), _mm_cmpeq_epi8(v, c0)));
}

/* The eight bytes at p (which has eight), as the low half of a vector. */
static __m128i load8(const char *p)
{
	int64_t w;

	memcpy(&w, p, sizeof(w));
	return _mm_cvtsi64_si128(w);
}

/* The four bytes at p (which has four), as the low quarter of a vector. */
static __m128i load4(const char *p)
{
	int32_t w;

	memcpy(&w, p, sizeof(w));
	return _mm_cvtsi32_si128(w);
}

static size_t plain_prefix(const char *s, size_t n)
{
	size_t i = 0;
	unsigned m;

	/* Under sixteen bytes: the first and the last four or eight, which
	 * overlap; the first window's answer is the earlier one. */
	if (n >= 4 && n < 8) {
		if ((m = special_bits(load4(s)) & 0xfu) != 0)
			return (size_t)__builtin_ctz(m);
		m = special_bits(load4(s + n - 4)) & 0xfu;
		return m ? n - 4 + (size_t)__builtin_ctz(m) : n;
	}
	if (n >= 8 && n < 16) {
		if ((m = special_bits(load8(s)) & 0xffu) != 0)
			return (size_t)__builtin_ctz(m);
		m = special_bits(load8(s + n - 8)) & 0xffu;
		return m ? n - 8 + (size_t)__builtin_ctz(m) : n;
	}
	for (; n - i >= 16; i += 16) {
		m = special_bits(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
	/* A tail after whole blocks: the last sixteen bytes, overlapping. */
	if (i && i < n) {
		m = special_bits(_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)));
		m >>= 16 - (n - i); /* the bytes before i were plain */
		return m ? i + (size_t)__builtin_ctz(m) : n;
	}
	for (; i < n; i++)
		if (s[i] == 0 || (unsigned char)s[i] == TEXT_NUL0)
			break;
	return i;
}
#else
static size_t plain_prefix(const char *s, size_t n)
{
	const char *z = memchr(s, 0, n);

	if (z)
		n = (size_t)(z - s);
	z = memchr(s, TEXT_NUL0, n);
	return z ? (size_t)(z - s) : n;
}
#endif

/* memcpy of n bytes; a short field (under sixteen bytes) in two fixed-size
 * copies that overlap, without the call. */
static void copy_plain(char *dst, const char *s, size_t n)
{
	if (n >= 8 && n <= 16) {
		memcpy(dst, s, 8);
		memcpy(dst + n - 8, s + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(dst, s, 4);
		memcpy(dst + n - 4, s + n - 4, 4);
	} else {
		memcpy(dst, s, n);
	}
}

int text_copy(char *dst, size_t dstn, const char *s, size_t n)
{
	size_t i, o;
	int cut = 0;

	OOMSCAN_ASSERT(dst && dstn > 0);
	/* The bytes stored as they are go in one copy, up to the room left
	 * for them; the loop takes the rest (a NUL, a C0, the cut). */
	o = n ? plain_prefix(s, n < dstn - 1 ? n : dstn - 1) : 0;
	if (o)
		copy_plain(dst, s, o);
	for (i = o; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t need = c == 0 ? 2 : 1;

		if (o + need > dstn - 1) {
			cut = 1;
			break;
		}
		if (c == 0) {
			dst[o++] = (char)TEXT_NUL0;
			dst[o++] = (char)TEXT_NUL1;
		} else {
			dst[o++] = (char)(c == TEXT_NUL0 ? 0xC1 : c);
		}
	}
	if (cut) {
		/* Do not end inside a UTF-8 sequence: back off to its lead byte
		 * and drop the sequence when it has fewer bytes than it needs. */
		size_t lead = o, want;
		unsigned char l;

		while (lead > 0 && o - lead < 3 && ((unsigned char)dst[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0) {
			l = (unsigned char)dst[lead - 1];
			want = l >= 0xF5 ? 0 : l >= 0xF0 ? 4 : l >= 0xE0 ? 3 : l >= 0xC2 ? 2 : 0;
			if (want && o - (lead - 1) < want)
				o = lead - 1;
		}
	}
	dst[o] = '\0';
	return cut;
}

size_t text_utf8_len(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len, i;

	*bad = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

char *text_json_fix(const char *js, size_t n, size_t *outn)
{
	const unsigned char *s = (const unsigned char *)js;
	char *out;
	size_t i = 0, o = 0;

	/* Worst case: each byte becomes the 3 bytes of U+FFFD, or C0 80 the
	 * 6 bytes of \u0000. */
	if (n > (((size_t)-1) - 1) / 3)
		return NULL;
	out = malloc(3 * n + 1);
	if (!out)
		return NULL;
	while (i < n) {
		size_t bad, len;

		if (s[i] < 0x80) {
			out[o++] = (char)s[i++];
			continue;
		}
		if (s[i] == TEXT_NUL0 && i + 1 < n && s[i + 1] == TEXT_NUL1) {
			memcpy(out + o, "\\u0000", 6);
			o += 6;
			i += 2;
			continue;
		}
		len = text_utf8_len(s + i, n - i, &bad);
		if (len) {
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += bad;
		}
	}
	out[o] = '\0';
	*outn = o;
	return out;
}

/* Bytes of the escape sequence starting with ESC at s[0] (NUL-terminated). */
static size_t escape_len(const unsigned char *s)
{
	size_t i = 1;

	if (s[1] == '[') { /* CSI: parameters, intermediates, one final byte */
		i = 2;
		while (s[i] >= 0x20 && s[i] <= 0x3F)
			i++;
		if (s[i] >= 0x40 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (s[1] == ']' || s[1] == 'P' || s[1] == '_' || s[1] == '^') {
		/* OSC, DCS, APC, PM: up to BEL or ST (ESC \). */
		for (i = 2; s[i]; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1B && s[i + 1] == '\\')
				return i + 2;
		}
		return i;
	}
	if (s[1] >= 0x20 && s[1] <= 0x7E)
		return 2;
	return 1;
}

char *text_terminal(char *dst, size_t dstn, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0, n = strlen(str);

	while (i < n) {
		unsigned char c = s[i];
		size_t bad, len, k;
		const char *add;

		if (c == 0x1B) {
			i += escape_len(s + i);
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			i++;
			if (c != '\t')
				continue;
			add = " ";
			len = 1;
		} else if (c < 0x80) {
			add = (const char *)s + i;
			len = 1;
			i++;
		} else if (c == TEXT_NUL0 && s[i + 1] == TEXT_NUL1) {
			i += 2; /* a stored NUL: a control character */
			continue;
		} else if ((len = text_utf8_len(s + i, n - i, &bad)) != 0) {
			/* C1 controls (U+0080..U+009F) are dropped. */
			if (len == 2 && c == 0xC2 && s[i + 1] < 0xA0) {
				i += 2;
				continue;
			}
			add = (const char *)s + i;
			i += len;
		} else {
			i += bad;
			add = "\xEF\xBF\xBD";
			len = 3;
		}
		if (o + len > dstn - 1)
			break;
		for (k = 0; k < len; k++)
			dst[o++] = add[k];
	}
	dst[o] = '\0';
	return dst;
}

void text_format(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vformat(buf, n, fmt, ap);
	va_end(ap);
}

void text_vformat(char *buf, size_t n, const char *format, va_list ap)
{
	const char *fmt = format;
	size_t o = 0;
	va_list again;

	va_copy(again, ap);
	for (; *fmt; fmt++) {
		char num[24], *t = num + sizeof(num);
		const char *v;
		size_t len, prec = (size_t)-1;
		int64_t x;
		uint64_t u;

		if (*fmt != '%') {
			/* The literal text up to the next conversion, whole. */
			v = fmt;
			len = (size_t)(strchrnul(fmt, '%') - fmt);
			fmt += len - 1;
			goto copy;
		}
		fmt++;
		if (*fmt == '%') {
			if (o + 1 < n)
				buf[o++] = '%';
			continue;
		}
		if (*fmt == '.') {
			for (prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (size_t)(*fmt - '0');
		}
		if (*fmt == 's') {
			v = va_arg(ap, const char *);
			len = strnlen(v, prec);
		} else if (fmt[0] == 'l' && fmt[1] == 'd' && prec == (size_t)-1) {
			x = va_arg(ap, long);
			fmt++;
			goto number;
		} else if (fmt[0] == 'l' && fmt[1] == 'l' && fmt[2] == 'd' && prec == (size_t)-1) {
			x = va_arg(ap, long long);
			fmt += 2;
			goto number;
		} else {
			vsnprintf(buf, n, format, again);
			goto out;
		}
		goto copy;
number:
		/* |x|, INT64_MIN included, without a wrapping negation. */
		u = x < 0 ? (uint64_t)(-(x + 1)) + 1 : (uint64_t)x;
		do {
			*--t = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (x < 0)
			*--t = '-';
		v = t;
		len = (size_t)(num + sizeof(num) - t);
copy:
		if (len > n - 1 - o)
			len = n - 1 - o;
		memcpy(buf + o, v, len);
		o += len;
	}
	buf[o] = '\0';
out:
	va_end(again);
}

const char text_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t text_i64(char *out, int64_t v)
{
	static const uint64_t pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
		10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
	};
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	/* The number of digits from the bits (log10(2) ~ 1233 / 4096) and one
	 * compare, so the digits are written straight to their places. */
	int bits = 64 - __builtin_clzll(u | 1), digits = (bits * 1233) >> 12;
	size_t len;

	digits += u >= pow10[digits];
	len = (size_t)(v < 0) + (size_t)(digits ? digits : 1);
	out[len] = '\0';
	text_i64_back(out + len, v);
	return len;
}

/* Writes v in decimal at the end of t (t points past the last digit);
 * returns the first digit. */
static char *digits_before(char *t, uint64_t v)
{
	do {
		*--t = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return t;
}

void text_copy_cstr(char *buf, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len > n - 1)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

const char *text_kb(int64_t kb, char *buf, size_t n)
{
	static const char *const unit[] = { "kB", "MiB", "GiB", "TiB" };
	double v = (double)kb;
	int u = 0;

	if (kb >= 0 && kb < (INT64_C(1) << 53)) {
		/* v is kb exactly, and so is each v / 1024: the unit from the
		 * bits, as the loop below finds it */
		u = kb >= (INT64_C(1) << 30) ? 3 : kb >= (INT64_C(1) << 20) ? 2 : kb >= 1024 ? 1 : 0;
	} else {
		while (v >= 1024.0 && u < 3) {
			v /= 1024.0;
			u++;
		}
	}
	if (u == 0) {
		char num[TEXT_I64_MAX + 3];
		size_t len = text_i64(num, kb);

		memcpy(num + len, " kB", 4);
		text_copy_cstr(buf, n, num);
	} else if (kb < (INT64_C(1) << 53)) {
		/* v is kb / 2^(10u) exactly, so "%.1f" is kb * 10 / 2^(10u)
		 * rounded to the nearest integer, a tie to the even one, with
		 * the point before its last digit. */
		uint64_t q = (uint64_t)kb * 10, d = UINT64_C(1) << (10 * u);
		uint64_t t = q / d, r = q % d;
		char tmp[40], *p = tmp + sizeof(tmp);

		if (2 * r > d || (2 * r == d && (t & 1)))
			t++;
		*--p = '\0';
		p -= 3; /* MiB, GiB, TiB */
		memcpy(p, unit[u], 3);
		*--p = ' ';
		*--p = (char)('0' + t % 10);
		*--p = '.';
		p = digits_before(p, t / 10);
		text_copy_cstr(buf, n, p);
	} else {
		snprintf(buf, n, "%.1f %s", v, unit[u]);
	}
	return buf;
}
