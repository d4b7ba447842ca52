/*
 * timefmt.h - the one reader of written times: the digit and field helpers
 * the log-prefix parser runs on its hot path, the RFC 3339 / ISO 8601
 * stamp reader it shares with the front ends, and timefmt_parse, the time
 * a user writes (`--since`, `--until`, the API's `?since=` / `?until=`).
 *
 * Trusts nothing about the bytes: every reader is bounded by the span and
 * needs no NUL. Everything here is pure and thread-safe.
 *
 * Return conventions: the digit helpers return the value or -1; the stamp
 * reader returns the number of bytes it read (0 = no stamp); timefmt_parse
 * returns 0 with its outputs set, or -1 with them untouched.
 */
#ifndef OOMSCAN_CORE_TIMEFMT_H
#define OOMSCAN_CORE_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "span.h"

static inline int timefmt_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n digits at s[i...]; returns the value or -1. */
static inline int64_t timefmt_digits_n(struct span s, size_t i, size_t n)
{
	int64_t v = 0;
	size_t k;

	if (i + n > s.n)
		return -1;
	for (k = 0; k < n; k++) {
		int c = (unsigned char)s.p[i + k];

		if (!timefmt_is_digit(c))
			return -1;
		v = v * 10 + (c - '0');
	}
	return v;
}

/* Reads 1..maxd digits at *i, advancing *i; returns the value or -1. */
static inline int64_t timefmt_digits_upto(struct span s, size_t *i, size_t maxd)
{
	int64_t v = 0;
	size_t k = 0;

	while (*i < s.n && k < maxd && timefmt_is_digit((unsigned char)s.p[*i])) {
		v = v * 10 + (s.p[*i] - '0');
		(*i)++;
		k++;
	}
	if (k == 0)
		return -1;
	return v;
}

/*
 * Reads a decimal fraction (the digits after '.' or ',') at *i, advancing
 * past all of its digits; returns it scaled to 10^-scale_digits units
 * (digits past scale_digits are read and dropped).
 */
static inline int64_t timefmt_fraction(struct span s, size_t *i, int scale_digits)
{
	int64_t v = 0;
	int k = 0;

	while (*i < s.n && timefmt_is_digit((unsigned char)s.p[*i])) {
		if (k < scale_digits) {
			v = v * 10 + (s.p[*i] - '0');
			k++;
		}
		(*i)++;
	}
	for (; k < scale_digits; k++)
		v *= 10;
	return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static inline int64_t timefmt_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The days month m (1..12) of year y has. */
int timefmt_month_days(int64_t y, int m);

/* What a stamp may leave out or write differently (enum timefmt_flag bits). */
enum timefmt_flag {
	TF_DATE_ALONE = 1 << 0, /* "YYYY-MM-DD" with no time: midnight */
	TF_SPACE_SEP = 1 << 1,  /* a space may stand for the 'T' */
	TF_NO_SECONDS = 1 << 2, /* "HH:MM" without ":SS" */
	TF_REAL_DAY = 1 << 3,   /* refuse a day its month lacks (2024-02-30) */
};

/*
 * Reads a stamp at the start of s:
 *   YYYY-MM-DD[(T|t)HH:MM:SS[(.|,)frac]][Z|z|(+|-)HH[[:]MM]]
 * with what flags allow besides. Hours 00-23, minutes 00-59, seconds
 * 00-60 (a leap second counts as the next second, as in Unix time); a
 * day past 31, or past its month's end with TF_REAL_DAY, is no stamp.
 * The reader stops at the first byte that is not part of the stamp; the
 * caller decides what may follow. Returns the bytes read and sets *sec
 * (Unix seconds, UTC) and *nsec (0..999999999), or returns 0.
 */
size_t timefmt_stamp(struct span s, unsigned flags, int64_t *sec, int32_t *nsec);

/*
 * Reads a time a user wrote, the whole of s:
 *   - Unix seconds: [+|-]digits[.digits] (at most 18 integer digits);
 *   - a date, alone or with a time: "2024-03-01", "2024-03-01 10:00",
 *     "2024-03-01T10:00:00Z", "2024-03-01T10:00:00.25+02:00",
 *     "2024-03-01 10:00:00,5", "2024-03-01T10:00:00-0130"; no zone is UTC.
 * Dates that do not exist (2024-02-30) are refused. Returns 0 with *sec
 * and *nsec (0..999999999; *sec is the floor) set, or -1.
 */
int timefmt_parse(struct span s, int64_t *sec, int32_t *nsec);

#endif
