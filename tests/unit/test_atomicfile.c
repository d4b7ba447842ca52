/*
 * test_atomicfile.c - core/atomicfile.c: a new file and a replaced one
 * with their mode, nothing left on failure or abort, the directory made
 * on request, and symbolic links: written through to an existing regular
 * file (the link stays a link), refused when dangling or pointing at a
 * directory (the link untouched).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../core/atomicfile.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/oomscan-atomic-XXXXXX");
	return th_tmpdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	return th_rmtree(dir);
}

static void at(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

/* The whole file, or "" when it cannot be read. */
static const char *slurp(const char *p)
{
	static char buf[256];
	FILE *f = fopen(p, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static void test_new_and_replace(void **state)
{
	char p[300], err[256];
	struct atomic_file af;
	struct stat sb;

	(void)state;
	at(p, sizeof(p), "out.txt");
	assert_int_equal(atomic_write(p, "one\n", 4, 0600, 0, err, sizeof(err)), 0);
	assert_string_equal(slurp(p), "one\n");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Through a stream, and the mode given wins over the old file's. */
	assert_int_equal(atomic_open(&af, p, 0644, 0, err, sizeof(err)), 0);
	assert_string_equal(slurp(p), "one\n"); /* untouched until the commit */
	assert_true(fprintf(atomic_stream(&af), "two\n") > 0);
	assert_int_equal(atomic_commit(&af, err, sizeof(err)), 0);
	assert_string_equal(slurp(p), "two\n");
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	/* An abort keeps the old file and leaves nothing. */
	assert_int_equal(atomic_open(&af, p, 0644, 0, err, sizeof(err)), 0);
	assert_true(fprintf(atomic_stream(&af), "three\n") > 0);
	atomic_abort(&af);
	assert_string_equal(slurp(p), "two\n");
	assert_int_equal(th_temps_in(dir), 0);
}

static void test_directories(void **state)
{
	char p[300], err[256];

	(void)state;
	at(p, sizeof(p), "sub/x.txt");
	err[0] = '\0';
	assert_int_equal(atomic_write(p, "a", 1, 0600, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sub/x.txt"));
	assert_int_equal(atomic_write(p, "a", 1, 0600, AF_MKDIR, err, sizeof(err)), 0);
	assert_string_equal(slurp(p), "a");
	/* A name that is a directory: the rename fails, nothing is left. */
	at(p, sizeof(p), "sub");
	assert_int_equal(atomic_write(p, "b", 1, 0600, 0, err, sizeof(err)), -1);
	assert_int_equal(th_temps_in(dir), 0);
	/* A relative name writes in the working directory. */
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(atomic_write("rel.txt", "r", 1, 0600, 0, err, sizeof(err)), 0);
	at(p, sizeof(p), "rel.txt");
	assert_string_equal(slurp(p), "r");
}

static void test_links(void **state)
{
	char target[300], link[300], dangling[300], dlink[300], err[256];
	char buf[300];
	struct stat sb;
	ssize_t n;

	(void)state;
	at(target, sizeof(target), "real.prom");
	at(link, sizeof(link), "link.prom");
	assert_int_equal(atomic_write(target, "old\n", 4, 0644, 0, err, sizeof(err)), 0);
	assert_int_equal(symlink("real.prom", link), 0);
	/* Written through: the target has the new text, the link stays. */
	assert_int_equal(atomic_write(link, "new\n", 4, 0644, 0, err, sizeof(err)), 0);
	assert_string_equal(slurp(target), "new\n");
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	n = readlink(link, buf, sizeof(buf) - 1);
	assert_int_equal(n, 9);

	/* A dangling link is refused and left as it was. */
	at(dangling, sizeof(dangling), "gone.prom");
	assert_int_equal(symlink("nowhere/missing", dangling), 0);
	err[0] = '\0';
	assert_int_equal(atomic_write(dangling, "x", 1, 0644, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "symbolic link"));
	assert_int_equal(lstat(dangling, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));

	/* A link to a directory is refused too. */
	at(dlink, sizeof(dlink), "dir.link");
	assert_int_equal(symlink(".", dlink), 0);
	assert_int_equal(atomic_write(dlink, "x", 1, 0644, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(lstat(dlink, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(th_temps_in(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
