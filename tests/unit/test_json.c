/*
 * test_json.c - unit tests for exporter/json.c's compact printer: the same
 * bytes as cJSON_PrintUnformatted on random trees (numbers of every
 * magnitude, integral and not, NaN and infinities, strings with every byte,
 * raw items, nesting) and on an event, and json_print's UTF-8 fix on top.
 *
 * Single-threaded test program.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../exporter/json.h"

static uint64_t rng = 88172645463325252ULL;

/* xorshift64; the bits shifted out are masked off first, so the integer
 * sanitizer's build sees no shift past the type. */
static uint64_t next(void)
{
	rng ^= (rng & (UINT64_MAX >> 13)) << 13;
	rng ^= rng >> 7;
	rng ^= (rng & (UINT64_MAX >> 17)) << 17;
	return rng;
}

static double random_number(void)
{
	static const double fixed[] = {
		0.0, -0.0, 1.0, -1.0, 2147483647.0, 2147483648.0, -2147483648.0,
		-2147483649.0, 999999999999999.0, 1e15, 1e15 + 1, 9007199254740993.0,
		0.1, 1.0 / 3.0, 880211.530118, 1e-7, 1e300, -1e-300, 5e-324,
	};
	uint64_t r = next();
	double d;

	switch (r % 6) {
	case 0:
		return fixed[(r >> 8) % (sizeof(fixed) / sizeof(fixed[0]))];
	case 1:
		return (double)(int64_t)(next() >> (r >> 8) % 64) * ((r & 0x100) ? -1 : 1);
	case 2:
		return (double)(next() % 100000000) / 1000000.0;
	case 3:
		memcpy(&d, &(uint64_t){ next() }, sizeof(d));
		return d; /* any bit pattern: NaN, infinities, subnormals */
	case 4:
		return ldexp((double)(next() % 1000000), (int)(r % 120) - 60);
	default:
		return (double)(int64_t)(next() % 2000000000000000ULL) - 1e15;
	}
}

static void random_string(char *s, size_t cap)
{
	size_t n = next() % cap, i;

	for (i = 0; i < n; i++) {
		s[i] = (char)(next() % 255 + 1); /* every byte but NUL */
		if (next() % 3 == 0)
			s[i] = "ab\"\\\b\f\n\r\t\x01\x1f\x7f \xc3\xa9"[next() % 16];
		if (!s[i])
			s[i] = 'z';
	}
	s[n] = '\0';
}

static cJSON *random_tree(int depth)
{
	char s[64], key[16];
	cJSON *o;
	int i, n;

	switch (next() % (depth > 3 ? 5 : 8)) {
	case 0:
		return cJSON_CreateNumber(random_number());
	case 1:
		random_string(s, sizeof(s));
		return cJSON_CreateString(s);
	case 2:
		return cJSON_CreateBool(next() & 1);
	case 3:
		return cJSON_CreateNull();
	case 4:
		snprintf(s, sizeof(s), "%lld", (long long)(int64_t)next());
		return cJSON_CreateRaw(s);
	case 5:
	case 6:
		o = cJSON_CreateObject();
		n = (int)(next() % 5);
		for (i = 0; i < n; i++) {
			random_string(key, sizeof(key));
			cJSON_AddItemToObject(o, key, random_tree(depth + 1));
		}
		return o;
	default:
		o = cJSON_CreateArray();
		n = (int)(next() % 5);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(o, random_tree(depth + 1));
		return o;
	}
}

/* 20,000 random trees print the same bytes through both printers. */
static void test_compact_as_cjson(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		cJSON *t = random_tree(0);
		char *want = cJSON_PrintUnformatted(t);
		char *got = json_print_compact(t);

		assert_non_null(want);
		assert_non_null(got);
		if (strcmp(want, got) != 0)
			fail_msg("tree %d: cJSON %s, ours %s", i, want, got);
		free(want);
		free(got);
		cJSON_Delete(t);
	}
}

/* An event with every number field and a diagnosis, as the jsonl output
 * writes it, and json_print's fix of a byte that is not UTF-8. */
static void test_event_and_fix(void **state)
{
	struct oom_event ev;
	cJSON *o;
	char *want, *got, *fixed;
	size_t n;

	(void)state;
	event_init(&ev, EV_MEMCG_OOM_KILL);
	ev.line = 12;
	ev.pid = 4242;
	ev.uptime_usec = 880211530118;
	ev.time_sec = 1772619462;
	ev.anon_rss_kb = INT64_C(1) << 54; /* past 2^53: written digit for digit */
	ev.file_rss_kb = 3120;
	snprintf(ev.comm, sizeof(ev.comm), "w\xff\"x");
	snprintf(ev.host, sizeof(ev.host), "node-a");
	o = json_event(&ev);
	assert_non_null(o);
	want = cJSON_PrintUnformatted(o);
	got = json_print_compact(o);
	assert_string_equal(got, want);
	fixed = json_print(o, 0, &n);
	assert_non_null(fixed);
	assert_int_equal(n, strlen(fixed));
	assert_non_null(strstr(fixed, "\"comm\":\"w\xef\xbf\xbd\\\"x\""));
	assert_non_null(strstr(fixed, "\"anon_rss_kb\":18014398509481984"));
	free(want);
	free(got);
	free(fixed);
	cJSON_Delete(o);
}

/* A raw item without text and a tree too deep are errors, not output. */
static void test_errors(void **state)
{
	cJSON *raw = cJSON_CreateRaw("1"), *deep = cJSON_CreateArray(), *a = deep;
	int i;

	(void)state;
	free(raw->valuestring);
	raw->valuestring = NULL;
	assert_null(json_print_compact(raw));
	cJSON_Delete(raw);
	for (i = 0; i < 70; i++) {
		cJSON *b = cJSON_CreateArray();

		cJSON_AddItemToArray(a, b);
		a = b;
	}
	assert_null(json_print_compact(deep));
	cJSON_Delete(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact_as_cjson),
		cmocka_unit_test(test_event_and_fix),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
