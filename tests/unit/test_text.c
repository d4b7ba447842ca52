/*
 * test_text.c - safe output: NUL kept inside event strings, JSON that is
 * valid UTF-8 whatever the input bytes, terminal text without control
 * characters or escape sequences; text_vformat against vsnprintf and
 * text_kb against "%.1f".
 */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../core/event.h"
#include "../../core/span.h"
#include "../../core/text.h"
#include "../../exporter/json.h"
#include "helpers.h"

/* 1 when s[0, n) is valid UTF-8 (the strict definition, no overlongs,
 * surrogates or code points past U+10FFFF). */
static int valid_utf8(const char *s, size_t n)
{
	size_t i = 0, bad;

	while (i < n) {
		size_t len = text_utf8_len((const unsigned char *)s + i, n - i, &bad);

		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

static void test_utf8_len(void **state)
{
	size_t bad;

	(void)state;
	assert_int_equal(text_utf8_len((const unsigned char *)"a", 1, &bad), 1);
	assert_int_equal(text_utf8_len((const unsigned char *)"\xC3\xA9", 2, &bad), 2);
	assert_int_equal(text_utf8_len((const unsigned char *)"\xE2\x82\xAC", 3, &bad), 3);
	assert_int_equal(text_utf8_len((const unsigned char *)"\xF0\x9F\x98\x80", 4, &bad), 4);
	/* overlong, surrogate, past U+10FFFF, lone continuation, cut short */
	assert_int_equal(text_utf8_len((const unsigned char *)"\xC0\xAF", 2, &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(text_utf8_len((const unsigned char *)"\xED\xA0\x80", 3, &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(text_utf8_len((const unsigned char *)"\xF4\x90\x80\x80", 4, &bad), 0);
	assert_int_equal(text_utf8_len((const unsigned char *)"\x80", 1, &bad), 0);
	assert_int_equal(text_utf8_len((const unsigned char *)"\xE2\x82x", 3, &bad), 0);
	assert_int_equal(bad, 2); /* one U+FFFD for the maximal subpart */
	assert_int_equal(text_utf8_len((const unsigned char *)"\xF0\x9F\x98", 3, &bad), 0);
	assert_int_equal(bad, 3);
}

static void test_copy_keeps_nul(void **state)
{
	char d[16];

	(void)state;
	assert_int_equal(span_copy(d, sizeof(d), span_make("a\0b\xC0z", 5)), 0);
	assert_memory_equal(d, "a\xC0\x80" "b\xC1z", 7);
	assert_int_equal(d[6], '\0');
	/* A cut never splits a stored NUL or a UTF-8 sequence. */
	assert_int_equal(span_copy(d, 3, span_make("a\0b", 3)), 1);
	assert_string_equal(d, "a");
	assert_int_equal(span_copy(d, 4, span_make("ab\xE2\x82\xAC", 5)), 1);
	assert_string_equal(d, "ab");
	/* Invalid bytes at the cut stay (they print as U+FFFD). */
	assert_int_equal(span_copy(d, 4, span_make("ab\xFF\xFF", 4)), 1);
	assert_string_equal(d, "ab\xFF");
}

static void test_json_fix(void **state)
{
	const char *in = "{\"a\":\"x\xC0\x80y\xFF\xE2\x82\xAC\xED\xA0\x80\xF0\x9F\"}";
	size_t n = 0;
	char *out = text_json_fix(in, strlen(in), &n);

	(void)state;
	assert_non_null(out);
	assert_string_equal(out, "{\"a\":\"x\\u0000y\xEF\xBF\xBD\xE2\x82\xAC"
				 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"}");
	assert_int_equal(n, strlen(out));
	free(out);
}

static void test_event_json_every_byte(void **state)
{
	struct oom_event ev;
	char line[256];
	size_t n = 0;
	cJSON *o;
	char *s;
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		line[i] = (char)i;
	event_init(&ev, EV_OOM_KILL);
	EVENT_SET(&ev, detail, line, 255, EV_CUT_DETAIL);
	EVENT_SET(&ev, comm, "nu\0ll\x1b[31m", 10, EV_CUT_COMM);
	o = json_event(&ev);
	assert_non_null(o);
	s = json_print(o, 0, &n);
	cJSON_Delete(o);
	assert_non_null(s);
	assert_true(valid_utf8(s, n));
	assert_non_null(strstr(s, "\"comm\":\"nu\\u0000ll\\u001b[31m\""));
	assert_non_null(strstr(s, "\"detail\":\"\\u0000\\u0001"));
	/* The text round-trips through a strict parser. */
	o = cJSON_Parse(s);
	assert_non_null(o);
	cJSON_Delete(o);
	free(s);
}

static void test_terminal(void **state)
{
	char d[64];

	(void)state;
	assert_string_equal(text_terminal(d, sizeof(d), "a\x1b[31mred\x1b[0m b"), "ared b");
	assert_string_equal(text_terminal(d, sizeof(d), "t\x1b]0;title\x07x"), "tx");
	assert_string_equal(text_terminal(d, sizeof(d), "c\r\n\x7f\tz"), "c z");
	assert_string_equal(text_terminal(d, sizeof(d), "n\xC0\x80u\xC2\x9B" "1m\xFF"),
			    "nu1m\xEF\xBF\xBD");
	assert_string_equal(text_terminal(d, sizeof(d), "caf\xC3\xA9"), "caf\xC3\xA9");
	assert_string_equal(text_terminal(d, 6, "ab\xE2\x82\xAC"), "ab\xE2\x82\xAC");
	assert_string_equal(text_terminal(d, 5, "ab\xE2\x82\xAC"), "ab");
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void)
{
	return th_rand64(&rng);
}


/* Both formatters into buffers of every size from 1 to 64 (the cut), on
 * the conversions the diagnosis uses and on one it does not (%x, which
 * text_vformat hands to vsnprintf). */
static void test_vformat_as_vsnprintf(void **state)
{
	static const char *const words[] = { "", "a", "kernel", "pod 5f1e-\xc3\xa9", "%s", "0123456789abcdef0123" };
	static const int64_t nums[] = { 0, 7, -1, 1455, INT64_MAX, INT64_MIN, -4096 };
	char want[80], got[80];
	int i;
	size_t n;

	(void)state;
	for (i = 0; i < 2000; i++) {
		const char *a = words[next() % 6], *b = words[next() % 6];
		int64_t x = nums[next() % 7];
		long long y = (long long)(int64_t)next();

		for (n = 1; n <= 64; n++) {
			memset(want, 'X', sizeof(want));
			memset(got, 'X', sizeof(got));
			switch (i % 4) {
			case 0:
				snprintf(want, n, "The limit of %s (pid %" PRId64 ") is %.12s; 100%% sure.", a, x, b);
				text_format(got, n, "The limit of %s (pid %" PRId64 ") is %.12s; 100%% sure.", a, x, b);
				break;
			case 1:
				snprintf(want, n, "%s%lld%s", a, y, b);
				text_format(got, n, "%s%lld%s", a, y, b);
				break;
			case 2:
				snprintf(want, n, "%.3s|%.0s|%s", a, b, a);
				text_format(got, n, "%.3s|%.0s|%s", a, b, a);
				break;
			default:
				snprintf(want, n, "%s %x", a, (unsigned)x);
				text_format(got, n, "%s %x", a, (unsigned)x);
			}
			if (memcmp(want, got, sizeof(want)) != 0)
				fail_msg("case %d size %zu: vsnprintf '%s', ours '%s'", i % 4, n, want, got);
		}
	}
}

/* text_copy as it was written first, one byte at a time: the reference its
 * faster form (one copy of the plain prefix) must equal. */
static int copy_bytewise(char *dst, size_t dstn, const char *s, size_t n)
{
	size_t i, o = 0, lead, want;
	int cut = 0;

	for (i = 0; i < n; i++) {
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
		lead = o;
		while (lead > 0 && o - lead < 3 && ((unsigned char)dst[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0) {
			unsigned char l = (unsigned char)dst[lead - 1];

			want = l >= 0xF5 ? 0 : l >= 0xF0 ? 4 : l >= 0xE0 ? 3 : l >= 0xC2 ? 2 : 0;
			if (want && o - (lead - 1) < want)
				o = lead - 1;
		}
	}
	dst[o] = '\0';
	return cut;
}

/* text_copy gives the bytes and the cut of the bytewise copy for inputs of
 * plain bytes, NULs, C0s and UTF-8 pieces, at every buffer size. Every
 * other input has its special bytes rare, so a NUL or C0 also stands
 * late in each window the search reads (4, 8, 16 bytes and the tail). The
 * input is a heap block of exactly its length: a sanitizer build sees any
 * read past it. */
static void test_copy_as_bytewise(void **state)
{
	static const unsigned char alpha[] = { 'a', 'z', 0, 0xC0, 0x80, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xC3, 0xFF };
	char *in, want[96], got[96];
	size_t n, dstn, k;
	int i;

	(void)state;
	for (i = 0; i < 6000; i++) {
		unsigned odds = i % 2 ? 4 : 40;

		n = (size_t)(next() % 80);
		in = malloc(n ? n : 1);
		assert_non_null(in);
		for (k = 0; k < n; k++)
			in[k] = (char)(next() % odds ? 'a' + (int)(next() % 26) : alpha[next() % sizeof(alpha)]);
		for (dstn = 1; dstn <= sizeof(want); dstn++) {
			int cw, cg;

			memset(want, 'X', sizeof(want));
			memset(got, 'X', sizeof(got));
			cw = copy_bytewise(want, dstn, in, n);
			cg = text_copy(got, dstn, in, n);
			assert_int_equal(cg, cw);
			assert_memory_equal(got, want, sizeof(want));
		}
		free(in);
	}
	/* No bytes at all, and no source. */
	assert_int_equal(text_copy(got, 4, NULL, 0), 0);
	assert_string_equal(got, "");
}

/* text_kb's integer rounding gives what "%.1f" gives, ties included. */
static void test_kb_as_printf(void **state)
{
	static const char *const unit[] = { "kB", "MiB", "GiB", "TiB" };
	char want[64], got[64];
	int i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		int64_t kb;
		double v;
		int u = 0;

		switch (i % 4) {
		case 0:
			kb = (int64_t)(next() % 4096);
			break;
		case 1:
			kb = (int64_t)(next() % (UINT64_C(1) << (next() % 63)));
			break;
		case 2: /* around the ties of each unit: x.x5 */
			kb = (int64_t)((next() % 100000) * 1024 + 51 + next() % 3) << (10 * (next() % 3));
			break;
		default:
			kb = -(int64_t)(next() % 100000);
		}
		v = (double)kb;
		while (v >= 1024.0 && u < 3) {
			v /= 1024.0;
			u++;
		}
		if (u == 0)
			snprintf(want, sizeof(want), "%" PRId64 " kB", kb);
		else
			snprintf(want, sizeof(want), "%.1f %s", v, unit[u]);
		text_kb(kb, got, sizeof(got));
		if (strcmp(want, got) != 0)
			fail_msg("kb %" PRId64 ": printf '%s', ours '%s'", kb, want, got);
	}
	assert_string_equal(text_kb(1536, got, 4), "1.5");
	assert_string_equal(text_kb(-5, got, 4), "-5 ");
	assert_string_equal(text_kb(INT64_MIN, got, sizeof(got)), "-9223372036854775808 kB");
}

/* text_i64 writes what "%" PRId64 writes: every power of ten and its
 * neighbours, both signs, the extremes, and random values of every width. */
static void test_i64_as_printf(void **state)
{
	char want[TEXT_I64_MAX], got[TEXT_I64_MAX];
	int64_t vals[8], p = 1;
	size_t len;
	int i, j, k;

	(void)state;
	for (i = 0; i < 200000; i++) {
		int n = 0;

		if (i < 19) {
			vals[n++] = p - 1;
			vals[n++] = p;
			vals[n++] = p + 1;
			vals[n++] = -p;
			vals[n++] = -p + 1;
			if (i < 18)
				p *= 10;
		} else if (i == 19) {
			vals[n++] = INT64_MAX;
			vals[n++] = INT64_MIN;
			vals[n++] = INT64_MIN + 1;
			vals[n++] = INT64_MIN + 2;
		} else {
			/* a random width, so short numbers are as common as long */
			uint64_t u = next() & ((UINT64_C(1) << (next() % 64)) - 1);

			vals[n++] = (int64_t)u;
			vals[n++] = -(int64_t)(u >> 1);
		}
		for (j = 0; j < n; j++) {
			memset(got, 'x', sizeof(got));
			snprintf(want, sizeof(want), "%" PRId64, vals[j]);
			len = text_i64(got, vals[j]);
			assert_int_equal(len, strlen(want));
			for (k = 0; k <= (int)len; k++)
				if (got[k] != want[k])
					fail_msg("%s: ours '%.*s'", want, (int)len, got);
		}
	}
}

/* text_u64_back writes what "%" PRIu64 writes, past INT64_MAX too: the
 * top of the range and random values of every width. */
static void test_u64_back_as_printf(void **state)
{
	static const uint64_t edge[] = { 0, 9, 10, 99, 100, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1,
					 UINT64_MAX - 1, UINT64_MAX };
	char want[32], buf[32], *t;
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		uint64_t u = i < (int)(sizeof(edge) / sizeof(edge[0])) ? edge[i] :
			     next() & (UINT64_MAX >> (next() % 64));

		snprintf(want, sizeof(want), "%" PRIu64, u);
		t = text_u64_back(buf + sizeof(buf), u);
		assert_int_equal((size_t)(buf + sizeof(buf) - t), strlen(want));
		assert_memory_equal(t, want, strlen(want));
	}
}

/* text_copy_cstr cuts as snprintf "%s" cuts. */
static void test_copy_cstr_as_printf(void **state)
{
	char src[40], want[sizeof(src)], got[sizeof(src)];
	size_t len, n;

	(void)state;
	for (len = 0; len < sizeof(src); len++) {
		memset(src, 'a' + (int)(len % 26), len);
		src[len] = '\0';
		for (n = 1; n <= sizeof(got); n++) {
			memset(got, 'x', sizeof(got));
			snprintf(want, n, "%s", src);
			text_copy_cstr(got, n, src);
			assert_string_equal(got, want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_copy_keeps_nul),
		cmocka_unit_test(test_copy_as_bytewise),
		cmocka_unit_test(test_json_fix),
		cmocka_unit_test(test_event_json_every_byte),
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_vformat_as_vsnprintf),
		cmocka_unit_test(test_kb_as_printf),
		cmocka_unit_test(test_i64_as_printf),
		cmocka_unit_test(test_u64_back_as_printf),
		cmocka_unit_test(test_copy_cstr_as_printf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
