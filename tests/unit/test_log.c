/*
 * test_log.c - structured log lines: log_fields in logfmt (quoting, empty
 * fields left out) and in JSON (one object, fields as keys, integers as
 * numbers, hostile bytes escaped), captured from stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "../../core/log.h"

/* Runs log_fields with stderr sent to a file; returns what it wrote. */
static char *capture(enum log_format fmt, const struct log_field *f, int n)
{
	static char buf[4096];
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t got;

	assert_non_null(tmp);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	log_set_format(fmt);
	log_set_level(LOG_INFO);
	log_fields(LOG_INFO, "oom event", f, n);
	log_fields(LOG_DEBUG, "hidden", f, n); /* below the level: nothing */
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	got = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[got] = '\0';
	fclose(tmp);
	return buf;
}

static const struct log_field fields[] = {
	{ "kind", "oom_kill" },
	{ "comm", "my app" },
	{ "pid", "4242" },
	{ "host", "" },          /* empty: left out */
	{ "pod", NULL },         /* absent: left out */
	{ "detail", "a=\"b\"\n" },
};

static void test_logfmt(void **state)
{
	char *out;

	(void)state;
	out = capture(LOG_FMT_LOGFMT, fields, 6);
	assert_non_null(strstr(out, " level=info msg=\"oom event\" kind=oom_kill comm=\"my app\" pid=4242 detail=\"a=\\\"b\\\"\\u000a\"\n"));
	assert_null(strstr(out, "host="));
	assert_null(strstr(out, "pod="));
	assert_null(strstr(out, "hidden"));
	assert_int_equal(strchr(out, '\n') - out + 1, (long)strlen(out)); /* one line */
}

static void test_json(void **state)
{
	cJSON *j;
	char *out;

	(void)state;
	out = capture(LOG_FMT_JSON, fields, 6);
	j = cJSON_Parse(out);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "level")->valuestring, "info");
	assert_string_equal(cJSON_GetObjectItem(j, "msg")->valuestring, "oom event");
	assert_string_equal(cJSON_GetObjectItem(j, "comm")->valuestring, "my app");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(j, "pid")));
	assert_int_equal(cJSON_GetObjectItem(j, "pid")->valueint, 4242);
	assert_string_equal(cJSON_GetObjectItem(j, "detail")->valuestring, "a=\"b\"\n");
	assert_null(cJSON_GetObjectItem(j, "host"));
	cJSON_Delete(j);
}

/* Fields that do not fit are left out whole; the line still ends. */
static void test_long_fields(void **state)
{
	static char big[1500];
	struct log_field f[3];
	cJSON *j;
	char *out;

	(void)state;
	memset(big, '"', sizeof(big) - 1);
	f[0] = (struct log_field){ "a", big };
	f[1] = (struct log_field){ "b", big };
	f[2] = (struct log_field){ "c", "end" };
	out = capture(LOG_FMT_JSON, f, 3);
	j = cJSON_Parse(out);
	assert_non_null(j);
	assert_null(cJSON_GetObjectItem(j, "a"));
	assert_string_equal(cJSON_GetObjectItem(j, "c")->valuestring, "end");
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logfmt),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_long_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
