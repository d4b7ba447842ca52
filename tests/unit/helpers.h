/*
 * helpers.h - what several unit tests share (one copy instead of one per
 * test file): a guard page to place input flush against, temporary
 * directories, writing a small file, counting the temporary files an
 * atomic write may leave, a small random number generator.
 *
 * Include after <cmocka.h> (the helpers assert). Every helper is static
 * inline, so a test that uses none pays nothing and gets no warning.
 * Single-threaded, like the tests.
 */
#ifndef OOMSCAN_TESTS_UNIT_HELPERS_H
#define OOMSCAN_TESTS_UNIT_HELPERS_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- guard page (picohttpparser's test idea) ---- */

struct th_guard {
	char *base;   /* two pages, the second PROT_NONE */
	size_t page;
};

/* The test's one guard area. */
static inline struct th_guard *th_guard_area(void)
{
	static struct th_guard g;

	return &g;
}

/* cmocka group setup: maps the two pages. 0, or -1. */
static inline int th_guard_setup(void **state)
{
	struct th_guard *g = th_guard_area();

	(void)state;
	g->page = (size_t)sysconf(_SC_PAGESIZE);
	g->base = mmap(NULL, 2 * g->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->base == MAP_FAILED)
		return -1;
	if (mprotect(g->base + g->page, g->page, PROT_NONE) < 0)
		return -1;
	return 0;
}

static inline int th_guard_teardown(void **state)
{
	struct th_guard *g = th_guard_area();

	(void)state;
	munmap(g->base, 2 * g->page);
	return 0;
}

/* Copies n bytes so that the last one sits right before the guard page:
 * any read past them crashes the test. */
static inline const char *th_guard_place(const char *s, size_t n)
{
	struct th_guard *g = th_guard_area();
	char *dst;

	assert_true(n <= g->page);
	dst = g->base + g->page - n;
	memcpy(dst, s, n);
	return dst;
}

/* ---- files ---- */

/* Makes a fresh directory from a mkdtemp template ("/tmp/x-XXXXXX",
 * changed in place). 0, or -1. */
static inline int th_tmpdir(char *tmpl)
{
	return mkdtemp(tmpl) ? 0 : -1;
}

/* Removes a directory tree made by th_tmpdir. 0, or -1. */
static inline int th_rmtree(const char *dir)
{
	char cmd[512];

	if (strncmp(dir, "/tmp/", 5) != 0 || strchr(dir, '\''))
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to path, replacing it. */
static inline void th_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Writes n bytes to path, replacing it. */
static inline void th_write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* ---- random numbers ---- */

/* xorshift64 over *state (not 0); the bits a left shift would push out
 * are masked off first, so the integer sanitizer's build sees none. */
static inline uint64_t th_rand64(uint64_t *state)
{
	uint64_t r = *state;

	r ^= (r & (UINT64_MAX >> 13)) << 13;
	r ^= r >> 7;
	r ^= (r & (UINT64_MAX >> 17)) << 17;
	return *state = r;
}

/* The temporary files ("NAME.tmp.XXXXXX") in directory dir. */
static inline int th_temps_in(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(dh);
	while ((e = readdir(dh)) != NULL)
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(dh);
	return n;
}

#endif
