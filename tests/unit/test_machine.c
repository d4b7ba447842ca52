/*
 * test_machine.c - the log machine_log picks under a root directory: none,
 * then kern.log, then messages over it, syslog over both, and a journal
 * directory holding journal files (in a machine-id folder) over all of
 * them when the build reads journals; a root with or without its trailing
 * slash, and a path that does not fit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../collector/machine.h"

static char dir[] = "/tmp/oomscan-test-machine-XXXXXX";

/* dir/rel as a path (static). */
static const char *at(const char *rel)
{
	static char p[400];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return p;
}

static void test_order(void **state)
{
	char got[512], slash[400];

	(void)state;
	assert_int_equal(machine_log(dir, got, sizeof(got)), -1);
	assert_int_equal(mkdir(at("var"), 0755), 0);
	assert_int_equal(mkdir(at("var/log"), 0755), 0);
	assert_int_equal(machine_log(dir, got, sizeof(got)), -1);
	assert_int_equal(mkdir(at("var/log/syslog"), 0755), 0); /* a directory: passed over */
	th_write_file(at("var/log/kern.log"), "x\n");
	assert_int_equal(machine_log(dir, got, sizeof(got)), 0);
	assert_string_equal(got, at("var/log/kern.log"));
	th_write_file(at("var/log/messages"), "x\n");
	assert_int_equal(machine_log(dir, got, sizeof(got)), 0);
	assert_string_equal(got, at("var/log/messages"));
	assert_int_equal(rmdir(at("var/log/syslog")), 0);
	th_write_file(at("var/log/syslog"), "x\n");
	snprintf(slash, sizeof(slash), "%s/", dir);
	assert_int_equal(machine_log(slash, got, sizeof(got)), 0);
	assert_string_equal(got, at("var/log/syslog"));

	/* a journal directory without journal files is passed over */
	assert_int_equal(mkdir(at("var/log/journal"), 0755), 0);
	assert_int_equal(mkdir(at("var/log/journal/0123456789abcdef0123456789abcdef"), 0755), 0);
	assert_int_equal(machine_log(dir, got, sizeof(got)), 0);
	assert_string_equal(got, at("var/log/syslog"));
	th_write_file(at("var/log/journal/0123456789abcdef0123456789abcdef/system.journal"), "x");
	assert_int_equal(machine_log(dir, got, sizeof(got)), 0);
#ifdef OOMSCAN_HAVE_SYSTEMD
	assert_string_equal(got, at("var/log/journal"));
#else
	assert_string_equal(got, at("var/log/syslog"));
#endif
	/* a path that does not fit */
	assert_int_equal(machine_log(dir, got, 20), -1);
}

static int setup(void **state)
{
	(void)state;
	return th_tmpdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	return th_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
