/*
 * evqueue.c - the bounded event queue (line order) and note ring the
 * kernel assembler, the application rules and the scanner share.
 *
 * Trusts its caller for the slot array and its size; the event contents are
 * copied, never read (only ev->line, for the order). Not thread-safe.
 *
 * An event is copied once into a spare slot and stays there until popped.
 * The order is an array of slot numbers with their lines beside them,
 * order[head, head + n): popping moves head, pushing shifts only the later
 * numbers up by one (insertion from the end, so a queue fed in line order
 * costs no shift) and slides the order back to the start of the array only
 * when its end is reached.
 */
#include "evqueue.h"

#include <string.h>

#include "invariant.h"
#include "prefault.h"

#define EVQ_AHEAD 8 /* slots (16 KiB) mapped at once past the deepest so far */

void evq_init(struct evqueue *q, struct oom_event *slot, int cap)
{
	int i;

	OOMSCAN_ASSERT(slot && cap > 0 && cap <= EVQ_MAX);
	q->slot = slot;
	q->cap = cap;
	q->head = 0;
	q->n = 0;
	q->dropped = 0;
	q->mapped = 0;
	for (i = 0; i < cap; i++)
		q->spare[i] = (uint8_t)(cap - 1 - i);
}

int evq_push(struct evqueue *q, const struct oom_event *ev)
{
	int i, s;

	OOMSCAN_ASSERT(q->n >= 0 && q->n <= q->cap && q->head >= 0 && q->head + q->n <= q->cap);
	if (q->n == q->cap) {
		q->dropped++;
		return -1;
	}
	if (q->head + q->n == q->cap) {
		memmove(q->order, q->order + q->head, (size_t)q->n);
		memmove(q->line, q->line + q->head, sizeof(q->line[0]) * (size_t)q->n);
		q->head = 0;
	}
	s = q->spare[q->cap - q->n - 1];
	/* A queue deeper than ever: its next slots are mapped in one call,
	 * not faulted in one page at a time. */
	prefault_ahead(q->slot, sizeof(q->slot[0]), (size_t)q->cap, (size_t)s + 1, EVQ_AHEAD, &q->mapped);
	q->slot[s] = *ev;
	i = q->head + q->n;
	while (i > q->head && q->line[i - 1] > ev->line) {
		q->order[i] = q->order[i - 1];
		q->line[i] = q->line[i - 1];
		i--;
	}
	q->order[i] = (uint8_t)s;
	q->line[i] = ev->line;
	q->n++;
	return 0;
}

int evq_pop(struct evqueue *q, struct oom_event *out)
{
	if (q->n == 0)
		return 0;
	*out = q->slot[q->order[q->head]];
	evq_drop(q);
	return 1;
}

void evq_drop(struct evqueue *q)
{
	int s;

	OOMSCAN_ASSERT(q->n > 0);
	s = q->order[q->head];
	q->n--;
	q->spare[q->cap - q->n - 1] = (uint8_t)s;
	q->head = q->n ? q->head + 1 : 0;
}

void noteq_init(struct noteq *q, struct oom_note *slot, int cap)
{
	OOMSCAN_ASSERT(slot && cap > 0);
	q->slot = slot;
	q->cap = cap;
	q->head = 0;
	q->n = 0;
	q->dropped = 0;
}

struct oom_note *noteq_push_slot(struct noteq *q)
{
	struct oom_note *n;

	OOMSCAN_ASSERT(q->n >= 0 && q->n <= q->cap && q->head >= 0 && q->head < q->cap);
	if (q->n == q->cap) {
		q->dropped++;
		return NULL;
	}
	n = &q->slot[(q->head + q->n) % q->cap];
	q->n++;
	memset(n, 0, sizeof(*n));
	return n;
}

int noteq_push(struct noteq *q, const struct oom_note *n)
{
	struct oom_note *s = noteq_push_slot(q);

	if (!s)
		return -1;
	*s = *n;
	return 0;
}

int noteq_pop(struct noteq *q, struct oom_note *out)
{
	if (q->n == 0)
		return 0;
	*out = q->slot[q->head];
	q->head = (q->head + 1) % q->cap;
	q->n--;
	return 1;
}
