/*
 * test_evqueue.c - the bounded queues of core/evqueue.c: line order with
 * equal lines in push order, the cap and its drop count, pops that empty
 * the queue, a queue that wraps past the end of its slots, a full queue
 * fed events that go ahead of all the others, the note ring.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../core/evqueue.h"

static struct oom_event ev_at(int64_t line, int tag)
{
	struct oom_event ev;

	event_init(&ev, EV_OOM_KILL);
	ev.line = line;
	ev.pid = tag;
	return ev;
}

static void test_line_order(void **state)
{
	struct oom_event slot[8], out;
	struct evqueue q;
	static const int64_t lines[] = { 5, 3, 9, 3, 1, 5 };
	static const int64_t want_line[] = { 1, 3, 3, 5, 5, 9 };
	static const int64_t want_tag[] = { 4, 1, 3, 0, 5, 2 };
	size_t i;

	(void)state;
	evq_init(&q, slot, 8);
	assert_null(evq_peek(&q));
	for (i = 0; i < 6; i++) {
		struct oom_event ev = ev_at(lines[i], (int)i);

		assert_int_equal(evq_push(&q, &ev), 0);
	}
	assert_int_equal(evq_len(&q), 6);
	assert_int_equal(evq_peek(&q)->line, 1);
	for (i = 0; i < 6; i++) {
		assert_int_equal(evq_pop(&q, &out), 1);
		assert_int_equal(out.line, want_line[i]);
		assert_int_equal(out.pid, want_tag[i]); /* equal lines: push order */
	}
	assert_int_equal(evq_pop(&q, &out), 0);
	assert_int_equal(evq_len(&q), 0);
	assert_int_equal(q.dropped, 0);
}

static void test_cap_drops(void **state)
{
	struct oom_event slot[3], out;
	struct evqueue q;
	int i;

	(void)state;
	evq_init(&q, slot, 3);
	for (i = 0; i < 5; i++) {
		struct oom_event ev = ev_at(10 - i, i);

		assert_int_equal(evq_push(&q, &ev), i < 3 ? 0 : -1);
	}
	assert_int_equal(evq_len(&q), 3);
	assert_int_equal(q.dropped, 2);
	/* The refused events are gone; the queued ones keep their order. */
	assert_int_equal(evq_pop(&q, &out), 1);
	assert_int_equal(out.line, 8);
	/* One slot free again: a push fits, the next one does not. */
	out = ev_at(1, 9);
	assert_int_equal(evq_push(&q, &out), 0);
	assert_int_equal(evq_push(&q, &out), -1);
	assert_int_equal(q.dropped, 3);
	assert_int_equal(evq_peek(&q)->line, 1);
}

/* Pops move the head; pushes past the end of the slots slide the queue
 * back, and the order holds across many rounds. */
static void test_wraps(void **state)
{
	struct oom_event slot[4], out;
	struct evqueue q;
	int64_t next = 1, expect = 1;
	int round;

	(void)state;
	evq_init(&q, slot, 4);
	for (round = 0; round < 100; round++) {
		struct oom_event a = ev_at(next + 1, 0), b = ev_at(next, 0);

		assert_int_equal(evq_push(&q, &a), 0);
		assert_int_equal(evq_push(&q, &b), 0);
		next += 2;
		while (evq_len(&q) > 1) {
			assert_int_equal(evq_pop(&q, &out), 1);
			assert_int_equal(out.line, expect);
			expect++;
		}
		assert_true(q.head + q.n <= q.cap);
	}
	assert_int_equal(q.dropped, 0);
}

/* A full queue of EVQ_MAX fed pushes that go ahead of every queued event
 * and pops in between: each event comes out whole (its slot was not taken
 * by another) and in line order. */
static void test_ahead_full(void **state)
{
	static struct oom_event slot[EVQ_MAX];
	struct oom_event ev, out;
	struct evqueue q;
	int64_t line = 1000000, last;
	int i, round;

	(void)state;
	evq_init(&q, slot, EVQ_MAX);
	for (round = 0; round < 5; round++) {
		while (evq_len(&q) < EVQ_MAX) {
			ev = ev_at(line, (int)(line * 3));
			snprintf(ev.comm, sizeof(ev.comm), "c%lld", (long long)line);
			assert_int_equal(evq_push(&q, &ev), 0);
			line--;
		}
		ev = ev_at(line, 0);
		assert_int_equal(evq_push(&q, &ev), -1);
		assert_int_equal(evq_peek_line(&q), line + 1);
		last = 0;
		for (i = 0; i < EVQ_MAX / 2 + round; i++) {
			char want[32];

			assert_int_equal(evq_pop(&q, &out), 1);
			assert_true(out.line > last);
			last = out.line;
			assert_int_equal(out.pid, out.line * 3);
			snprintf(want, sizeof(want), "c%lld", (long long)out.line);
			assert_string_equal(out.comm, want);
		}
	}
	assert_int_equal(q.dropped, 5);
}

static void test_notes_fifo(void **state)
{
	struct oom_note slot[3], n, out;
	struct noteq q;
	struct oom_note *p;
	int i;

	(void)state;
	noteq_init(&q, slot, 3);
	for (i = 0; i < 7; i++) {
		memset(&n, 0, sizeof(n));
		n.line = i;
		if (i < 3) {
			assert_int_equal(noteq_push(&q, &n), 0);
		} else if (i == 3) {
			assert_int_equal(noteq_push(&q, &n), -1);
			assert_int_equal(noteq_pop(&q, &out), 1);
			assert_int_equal(out.line, 0);
			p = noteq_push_slot(&q);
			assert_non_null(p);
			assert_int_equal(p->line, 0); /* zeroed */
			p->line = 3;
		} else {
			assert_null(noteq_push_slot(&q));
		}
	}
	assert_int_equal(q.dropped, 4);
	for (i = 1; i <= 3; i++) {
		assert_int_equal(noteq_pop(&q, &out), 1);
		assert_int_equal(out.line, i);
	}
	assert_int_equal(noteq_pop(&q, &out), 0);
	assert_int_equal(noteq_len(&q), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_order),
		cmocka_unit_test(test_cap_drops),
		cmocka_unit_test(test_wraps),
		cmocka_unit_test(test_ahead_full),
		cmocka_unit_test(test_notes_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
