/*
 * timefmt.c - the RFC 3339 / ISO 8601 stamp reader and the reader of the
 * times users write (command line and API), over spans.
 *
 * Trusts nothing: bounded by the span, no NUL needed, no locale, no time
 * zone database (a stamp without a zone is UTC). Pure and thread-safe.
 */
#include "timefmt.h"

int timefmt_month_days(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && leap);
}

/* "HH:MM[:SS[(.|,)frac]]" at *i; 0 and advances, or -1. */
static int read_clock(struct span s, size_t *i, unsigned flags, int64_t *secs, int32_t *nsec)
{
	int64_t h = timefmt_digits_n(s, *i, 2), mi, sec = 0;
	size_t k = *i + 5;

	if (h < 0 || h > 23 || k > s.n || s.p[*i + 2] != ':')
		return -1;
	mi = timefmt_digits_n(s, *i + 3, 2);
	if (mi < 0 || mi > 59)
		return -1;
	*nsec = 0;
	if (k < s.n && s.p[k] == ':') {
		sec = timefmt_digits_n(s, k + 1, 2);
		if (sec < 0 || sec > 60)
			return -1;
		k += 3;
		if (k + 1 < s.n && (s.p[k] == '.' || s.p[k] == ',') &&
		    timefmt_is_digit((unsigned char)s.p[k + 1])) {
			k++;
			*nsec = (int32_t)timefmt_fraction(s, &k, 9);
		}
	} else if (!(flags & TF_NO_SECONDS)) {
		return -1;
	}
	*secs = h * 3600 + mi * 60 + sec;
	*i = k;
	return 0;
}

/* "Z" or "(+|-)HH[[:]MM]" at *i, in seconds east of UTC; 0 and advances
 * (nothing there: offset 0), or -1 for a zone that does not read. */
static int read_zone(struct span s, size_t *i, int64_t *east)
{
	size_t k = *i;
	int64_t oh, om = 0;
	int sign;

	*east = 0;
	if (k >= s.n)
		return 0;
	if (s.p[k] == 'Z' || s.p[k] == 'z') {
		*i = k + 1;
		return 0;
	}
	if (s.p[k] != '+' && s.p[k] != '-')
		return 0;
	sign = s.p[k] == '-' ? -1 : 1;
	oh = timefmt_digits_n(s, k + 1, 2);
	if (oh < 0 || oh > 23)
		return -1;
	k += 3;
	if (k < s.n && s.p[k] == ':') {
		om = timefmt_digits_n(s, k + 1, 2);
		k += 3;
	} else if (k < s.n && timefmt_is_digit((unsigned char)s.p[k])) {
		om = timefmt_digits_n(s, k, 2);
		k += 2;
	}
	if (om < 0 || om > 59)
		return -1;
	*east = sign * (oh * 3600 + om * 60);
	*i = k;
	return 0;
}

size_t timefmt_stamp(struct span s, unsigned flags, int64_t *sec, int32_t *nsec)
{
	int64_t y = timefmt_digits_n(s, 0, 4), mo, d, clock = 0, east;
	int32_t ns = 0;
	size_t i = 10;

	if (y < 0 || s.n < 10 || s.p[4] != '-' || s.p[7] != '-')
		return 0;
	mo = timefmt_digits_n(s, 5, 2);
	d = timefmt_digits_n(s, 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	if ((flags & TF_REAL_DAY) && d > timefmt_month_days(y, (int)mo))
		return 0;
	if (i < s.n && (s.p[i] == 'T' || s.p[i] == 't' ||
			(s.p[i] == ' ' && (flags & TF_SPACE_SEP) && i + 1 < s.n &&
			 timefmt_is_digit((unsigned char)s.p[i + 1])))) {
		i++;
		if (read_clock(s, &i, flags, &clock, &ns) < 0)
			return 0;
	} else if (!(flags & TF_DATE_ALONE)) {
		return 0;
	}
	if (read_zone(s, &i, &east) < 0)
		return 0;
	/* local = UTC + offset, so UTC = local - offset */
	*sec = timefmt_days_from_civil(y, (int)mo, (int)d) * 86400 + clock - east;
	*nsec = ns;
	return i;
}

/* "[+|-]digits[.digits]", the whole of s. */
static int read_unix(struct span s, int64_t *sec, int32_t *nsec)
{
	size_t i = 0, start;
	int64_t v, frac = 0;
	int neg = 0;

	if (s.n && (s.p[0] == '+' || s.p[0] == '-')) {
		neg = s.p[0] == '-';
		i = 1;
	}
	start = i;
	v = timefmt_digits_upto(s, &i, 18);
	if (v < 0 || (i < s.n && timefmt_is_digit((unsigned char)s.p[i])))
		return -1;
	if (i < s.n && s.p[i] == '.') {
		i++;
		frac = timefmt_fraction(s, &i, 9);
	}
	if (i != s.n || i == start)
		return -1;
	if (neg && frac) {
		/* -1.25 is 2 seconds before 0 plus 0.75 */
		*sec = -v - 1;
		*nsec = (int32_t)(1000000000 - frac);
	} else {
		*sec = neg ? -v : v;
		*nsec = (int32_t)frac;
	}
	return 0;
}

int timefmt_parse(struct span s, int64_t *sec, int32_t *nsec)
{
	int64_t t;
	int32_t ns;
	size_t n;

	if (s.n >= 5 && s.p[4] == '-') {
		n = timefmt_stamp(s, TF_DATE_ALONE | TF_SPACE_SEP | TF_NO_SECONDS | TF_REAL_DAY, &t, &ns);
		if (!n || n != s.n)
			return -1;
		*sec = t;
		*nsec = ns;
		return 0;
	}
	return read_unix(s, sec, nsec);
}
