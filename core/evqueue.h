/*
 * evqueue.h - the bounded queues the parsers hand their output through: a
 * queue of events kept in line order, and a first-in first-out ring of
 * notes. The caller owns the slots (an array in its own struct, so memory
 * stays fixed at its _new); the queue never allocates.
 *
 * Return convention: push returns 0 when the item was queued and -1 when
 * the queue was full (the item is dropped and counted in `dropped`); pop
 * returns 1 when it copied an item out and 0 when the queue was empty.
 *
 * Not thread-safe: a queue belongs to the one object that embeds it.
 */
#ifndef OOMSCAN_CORE_EVQUEUE_H
#define OOMSCAN_CORE_EVQUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* The most slots one event queue has. */
#define EVQ_MAX 128

/*
 * Events ordered by line: an event goes after every queued event whose
 * line is not greater than its own (equal lines keep their push order).
 * Popping takes the earliest. An event stays in the slot it was copied
 * into; only its slot number moves in the order, so an event pushed ahead
 * of many others costs no copying of theirs.
 */
struct evqueue {
	struct oom_event *slot; /* cap slots, owned by the caller */
	int cap;
	int head;               /* index in order[] of the first queued event */
	int n;                  /* events queued */
	uint64_t dropped;       /* events refused because the queue was full */
	uint8_t order[EVQ_MAX]; /* order[head, head + n): slot numbers in line order */
	int64_t line[EVQ_MAX];  /* line[i]: the line of slot order[i] */
	uint8_t spare[EVQ_MAX]; /* spare[0, cap - n): slot numbers not in use */
	size_t mapped;          /* slot[0, mapped) prefaulted: slots are taken lowest first */
};

/* Sets q up over slot[0, cap); 0 < cap <= EVQ_MAX. */
void evq_init(struct evqueue *q, struct oom_event *slot, int cap);

/* Queues a copy of ev in line order; 0, or -1 when full (counted). */
int evq_push(struct evqueue *q, const struct oom_event *ev);

/* Copies the earliest event to *out and removes it; 1, or 0 when empty. */
int evq_pop(struct evqueue *q, struct oom_event *out);

/* Removes the earliest event (evq_peek's) without copying it; the queue
 * must not be empty. */
void evq_drop(struct evqueue *q);

/* The earliest event, or NULL when the queue is empty. */
static inline const struct oom_event *evq_peek(const struct evqueue *q)
{
	return q->n ? &q->slot[q->order[q->head]] : NULL;
}

/* The earliest event, for its owner to change in place (the slots are
 * its own), or NULL when the queue is empty. */
static inline struct oom_event *evq_head(struct evqueue *q)
{
	return q->n ? &q->slot[q->order[q->head]] : NULL;
}

/* The line of the earliest event; the queue must not be empty. */
static inline int64_t evq_peek_line(const struct evqueue *q)
{
	return q->line[q->head];
}

static inline int evq_len(const struct evqueue *q)
{
	return q->n;
}

/* Notes in push order. */
struct noteq {
	struct oom_note *slot; /* cap slots, owned by the caller */
	int cap;
	int head;
	int n;
	uint64_t dropped;      /* notes refused because the ring was full */
};

/* Sets q up over slot[0, cap); cap > 0. */
void noteq_init(struct noteq *q, struct oom_note *slot, int cap);

/*
 * The slot the next note goes into, zeroed and counted as queued, or NULL
 * when the ring is full (counted in dropped). The caller fills it in.
 */
struct oom_note *noteq_push_slot(struct noteq *q);

/* Queues a copy of n; 0, or -1 when full (counted). */
int noteq_push(struct noteq *q, const struct oom_note *n);

/* Copies the oldest note to *out and removes it; 1, or 0 when empty. */
int noteq_pop(struct noteq *q, struct oom_note *out);

static inline int noteq_len(const struct noteq *q)
{
	return q->n;
}

#endif
