/*
 * test_prefault.c - core/prefault.c: the pages of a range are resident
 * after the call (mincore) and not before, on a kernel that populates
 * (5.14+; else only the rest is checked); no byte changes, at either end of
 * an unaligned range included; an empty range maps nothing. And the
 * queue of core/evqueue.c maps its slots ahead of the deepest so far
 * without changing what they hold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../core/evqueue.h"
#include "../../core/prefault.h"

#define PG 4096

/* Resident pages of the n pages at p. */
static int resident(void *p, int n)
{
	unsigned char v[64];
	int i, r = 0;

	assert_true(n <= 64);
	assert_int_equal(mincore(p, (size_t)n * PG, v), 0);
	for (i = 0; i < n; i++)
		r += v[i] & 1;
	return r;
}

/* 1 when this kernel populates a mapping on request. */
static int kernel_populates(void)
{
#ifdef MADV_POPULATE_WRITE
	char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ok;

	assert_true(m != MAP_FAILED);
	ok = madvise(m, PG, MADV_POPULATE_WRITE) == 0;
	munmap(m, PG);
	return ok;
#else
	return 0;
#endif
}

static void test_maps_the_range(void **state)
{
	char *m = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)state;
	assert_true(m != MAP_FAILED);
	assert_int_equal(resident(m, 16), 0);
	/* pages 2..5: an unaligned range that begins in page 2 and ends in 5 */
	prefault(m + 2 * PG + 100, 3 * PG + 10);
	if (kernel_populates()) {
		assert_int_equal(resident(m, 2), 0);
		assert_int_equal(resident(m + 2 * PG, 4), 4);
		assert_int_equal(resident(m + 6 * PG, 10), 0);
	} else {
		print_message("no MADV_POPULATE_WRITE here: residency not checked\n");
	}
	/* the pages read as zeroes still */
	for (int i = 0; i < 16 * PG; i++)
		assert_int_equal(m[i], 0);
	munmap(m, 16 * PG);
}

static void test_keeps_the_bytes(void **state)
{
	char *m = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	(void)state;
	assert_true(m != MAP_FAILED);
	for (i = 0; i < 8 * PG; i++)
		m[i] = (char)(i * 7 + 1);
	/* a range whose first and last pages hold bytes outside it */
	prefault(m + PG + 1, 5 * PG);
	prefault(m + 3, 0);
	for (i = 0; i < 8 * PG; i++)
		assert_int_equal(m[i], (char)(i * 7 + 1));
	munmap(m, 8 * PG);
}

static void test_empty_maps_nothing(void **state)
{
	char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)state;
	assert_true(m != MAP_FAILED);
	prefault(m + PG + 5, 0);
	assert_int_equal(resident(m, 4), 0);
	munmap(m, 4 * PG);
}

/* The queue maps slots ahead of the deepest one taken, never past its cap,
 * and pushes and pops the same events as before. */
static void test_queue_maps_ahead(void **state)
{
	struct oom_event *slot = mmap(NULL, 64 * sizeof(*slot), PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ev, out;
	struct evqueue q;
	int i;

	(void)state;
	assert_true(slot != MAP_FAILED);
	evq_init(&q, slot, 64);
	assert_int_equal(q.mapped, 0);
	event_init(&ev, EV_OOM_KILL);
	for (i = 0; i < 3; i++) {
		ev.line = i;
		assert_int_equal(evq_push(&q, &ev), 0);
	}
	assert_true(q.mapped >= 3 && q.mapped < 64);
	for (i = 0; i < 3; i++) {
		assert_int_equal(evq_pop(&q, &out), 1);
		assert_int_equal(out.line, i);
	}
	/* as deep as the cap: every slot, and no further */
	for (i = 0; i < 64; i++) {
		ev.line = 100 + i;
		assert_int_equal(evq_push(&q, &ev), 0);
	}
	assert_int_equal(q.mapped, 64);
	assert_int_equal(evq_push(&q, &ev), -1);
	for (i = 0; i < 64; i++) {
		assert_int_equal(evq_pop(&q, &out), 1);
		assert_int_equal(out.line, 100 + i);
	}
	munmap(slot, 64 * sizeof(*slot));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_the_range),
		cmocka_unit_test(test_keeps_the_bytes),
		cmocka_unit_test(test_empty_maps_nothing),
		cmocka_unit_test(test_queue_maps_ahead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
