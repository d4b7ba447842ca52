/*
 * test_timefmt.c - core/timefmt.c: the times users write (dates alone,
 * HH:MM, seconds, fractions, zones, Unix seconds), the dates that do not
 * exist, the stamp reader's stops, and what it leaves to its caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../core/timefmt.h"

#define T0301 1709251200LL /* 2024-03-01T00:00:00Z */

/* timefmt_parse on a C string; the seconds, or INT64_MIN when refused. */
static int64_t parse(const char *s, int32_t *nsec)
{
	int64_t sec = 12345;
	int32_t ns = 77;

	if (timefmt_parse(span_from_cstr(s), &sec, &ns) < 0) {
		/* Outputs untouched on failure. */
		assert_int_equal(sec, 12345);
		assert_int_equal(ns, 77);
		return INT64_MIN;
	}
	if (nsec)
		*nsec = ns;
	assert_true(ns >= 0 && ns < 1000000000);
	return sec;
}

static void test_accepted_forms(void **state)
{
	int32_t ns = -1;

	(void)state;
	assert_int_equal(parse("2024-03-01", NULL), T0301);
	assert_int_equal(parse("2024-03-01T10:00:00Z", NULL), T0301 + 36000);
	assert_int_equal(parse("2024-03-01t10:00:00z", NULL), T0301 + 36000);
	assert_int_equal(parse("2024-03-01 10:00:00", NULL), T0301 + 36000);
	assert_int_equal(parse("2024-03-01 10:00", NULL), T0301 + 36000);
	assert_int_equal(parse("2024-03-01T10:00", NULL), T0301 + 36000);
	assert_int_equal(parse("2024-03-01T10:00:00+02:00", NULL), T0301 + 36000 - 7200);
	assert_int_equal(parse("2024-03-01T10:00:00-0130", NULL), T0301 + 36000 + 5400);
	assert_int_equal(parse("2024-03-01T10:00:00+02", NULL), T0301 + 36000 - 7200);
	assert_int_equal(parse("2024-03-01T10:00:00.25Z", &ns), T0301 + 36000);
	assert_int_equal(ns, 250000000);
	assert_int_equal(parse("2024-03-01 10:00:00,5", &ns), T0301 + 36000);
	assert_int_equal(ns, 500000000);
	/* Digits past nanoseconds are read and dropped. */
	assert_int_equal(parse("2024-03-01T10:00:00.1234567891234Z", &ns), T0301 + 36000);
	assert_int_equal(ns, 123456789);
	/* An offset across midnight moves the day. */
	assert_int_equal(parse("2024-03-01T00:30:00+01:00", NULL), T0301 - 1800);
	/* Leap day; a leap second counts as the next second. */
	assert_int_equal(parse("2024-02-29", NULL), T0301 - 86400);
	assert_int_equal(parse("2016-12-31T23:59:60Z", NULL), 1483228800LL);
	assert_int_equal(parse("2000-02-29", NULL), 951782400LL);
	assert_int_equal(parse("1970-01-01T00:00:00Z", NULL), 0);
}

static void test_unix_seconds(void **state)
{
	int32_t ns = -1;

	(void)state;
	assert_int_equal(parse("1700000000", NULL), 1700000000LL);
	assert_int_equal(parse("0", NULL), 0);
	assert_int_equal(parse("+5", NULL), 5);
	assert_int_equal(parse("1700000000.5", &ns), 1700000000LL);
	assert_int_equal(ns, 500000000);
	assert_int_equal(parse("1700000000.", &ns), 1700000000LL);
	assert_int_equal(ns, 0);
	/* The floor: -1.25 is -2 plus 0.75. */
	assert_int_equal(parse("-1.25", &ns), -2);
	assert_int_equal(ns, 750000000);
	assert_int_equal(parse("999999999999999999", NULL), 999999999999999999LL);
	assert_int_equal(parse("9999999999999999999", NULL), INT64_MIN); /* overflow */
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"", " ", "-", ".", ".5", "yesterday", "1e5", "1.2.3", "12abc", " 5",
		"2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01",
		"2024-00-10", "2024-03-00", "2024-03-32", "2024-3-1", "24-03-01",
		"2024-03-01T", "2024-03-01T10", "2024-03-01T10:0", "2024-03-01T24:00:00Z",
		"2024-03-01T10:60:00Z", "2024-03-01T10:00:61Z", "2024-03-01T10:00:00.Z",
		"2024-03-01T10:00:00+24:00", "2024-03-01T10:00:00+02:60", "2024-03-01T10:00:00+2",
		"2024-03-01T10:00:00+02:0", "2024-03-01T10:00:00Zjunk", "2024-03-01T10:00:00 ",
		"2024-03-01 ", "2024-03-01  10:00", "2024-03-01T10:00:00+02:00x", "2024-03-01x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], NULL) != INT64_MIN)
			fail_msg("accepted '%s'", bad[i]);
	}
}

/* The reader needs no NUL: a span cut inside a longer string reads only
 * its bytes. */
static void test_span_bound(void **state)
{
	const char *s = "2024-03-01T10:00:00Z and more";
	int64_t sec;
	int32_t ns;

	(void)state;
	assert_int_equal(timefmt_parse(span_make(s, 10), &sec, &ns), 0);
	assert_int_equal(sec, T0301);
	assert_int_equal(timefmt_parse(span_make(s, 20), &sec, &ns), 0);
	assert_int_equal(sec, T0301 + 36000);
	assert_int_equal(timefmt_parse(span_make(s, 21), &sec, &ns), -1);
	assert_int_equal(timefmt_parse(span_make(s, 9), &sec, &ns), -1);
}

/* The stamp reader (the log prefix's): T and seconds required without
 * flags, stops where the stamp ends, days up to 31 unless TF_REAL_DAY. */
static void test_stamp(void **state)
{
	int64_t sec = 0;
	int32_t ns = 0;

	(void)state;
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01T10:00:00Z host"), 0, &sec, &ns), 20);
	assert_int_equal(sec, T0301 + 36000);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01T10:00:00.5+0200 x"), 0, &sec, &ns), 26);
	assert_int_equal(ns, 500000000);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01 10:00:00 x"), 0, &sec, &ns), 0);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01 10:00:00 x"), TF_SPACE_SEP, &sec, &ns), 19);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01T10:00 x"), 0, &sec, &ns), 0);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01 x"), 0, &sec, &ns), 0);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-03-01 x"), TF_DATE_ALONE | TF_SPACE_SEP, &sec, &ns), 10);
	/* 2024-02-30 reads as March 1 in a log, not as a user's date. */
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-02-30T00:00:00Z"), 0, &sec, &ns), 20);
	assert_int_equal(sec, T0301);
	assert_int_equal(timefmt_stamp(SPAN_LIT("2024-02-30T00:00:00Z"), TF_REAL_DAY, &sec, &ns), 0);
	assert_int_equal(timefmt_month_days(2024, 2), 29);
	assert_int_equal(timefmt_month_days(2100, 2), 28);
	assert_int_equal(timefmt_month_days(2000, 2), 29);
	assert_int_equal(timefmt_month_days(2023, 12), 31);
	assert_int_equal(timefmt_month_days(2023, 13), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_unix_seconds),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_span_bound),
		cmocka_unit_test(test_stamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
