/*
 * readahead.c - the reader thread of a batch input (see readahead.h).
 *
 * The thread owns the line reader and the slots it fills; the caller owns
 * the slot it was handed until its next call. A ring of RA_SLOTS slots,
 * one mutex and two condition variables: the reader waits while every
 * slot is full and none waits for its index, the caller while its next
 * slot is not ready or another thread is indexing it.
 *
 * A block is published as soon as it is read and indexed by whichever
 * thread comes to it first: the reader indexes the oldest waiting block
 * when no slot is free to read into, the caller indexes the block it is
 * about to scan (or a later one while the reader indexes that). So on a
 * sparse log, where scanning costs less than indexing, both threads
 * index. A slot's state moves only under the mutex; its index is written
 * by the one thread that claimed it (IX_CLAIMED) and read after
 * IX_DONE. Trusts the line reader's bounds (a block is at most
 * LINES_BLOCK_MAX bytes, a line at most LINES_MAX_LINE) and nothing in
 * the bytes.
 */
#include "readahead.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../core/invariant.h"
#include "../core/prefault.h"

#define RA_SLOTS 4     /* slots in flight: 4 x 256 KiB */
#define RA_WAKE 2      /* free slots that wake a waiting reader */
_Static_assert(RA_WAKE <= RA_SLOTS, "a reader waiting for slots is woken");
#define RA_IX_CAP 4096 /* anchored lines indexed per slot; the scanner indexes past them */
#define RA_HINT_RUN 32 /* hits hinted between two looks at the slots */
#define RA_HINT_AHEAD 256 /* hints mapped at once past the last */

/* The slots' buffers, the one the line reader reads into while the thread
 * runs, and the slots' indexes lie in one mapping, aligned and marked for
 * a huge page: on a virtual machine the first touch of each 4 KiB page
 * costs a fault of several microseconds, and these 1.5 MiB would take
 * about 390 of them, which a short input pays in full. */
#define RA_BUF_BYTES (((size_t)LINES_BLOCK_MAX + 1 + 4095) & ~(size_t)4095)
#define RA_IX_BYTES ((size_t)RA_IX_CAP * sizeof(struct pf_hit))
#define RA_ARENA ((RA_SLOTS + 1) * RA_BUF_BYTES + RA_SLOTS * RA_IX_BYTES)
#define RA_HUGE ((size_t)2 << 20)
#define RA_ARENA_HUGE ((RA_ARENA + RA_HUGE - 1) / RA_HUGE * RA_HUGE) /* whole huge pages */

enum { SLOT_BLOCK = RA_BLOCK, SLOT_LINE = RA_LINE, SLOT_END, SLOT_ERROR };
enum { IX_WAITING, IX_CLAIMED, IX_DONE }; /* a slot's index */

struct ra_slot {
	char *buf;     /* LINES_BLOCK_MAX + 1, swapped with the line reader's */
	const char *p; /* the item's bytes, in buf */
	size_t n;
	int kind;
	int cut;
	int ix_state;  /* IX_*, under the mutex */
	struct pf_index ix;
	void *hints;   /* RA_IX_CAP hints, with a hint */
	size_t hints_mapped; /* hints[0, hints_mapped) prefaulted (reader thread) */
	_Atomic size_t hinted; /* hits hinted: only the reader stores it, after the hints */
};

struct readahead {
	struct line_reader *lr;
	const struct prefilter *gate;
	struct ra_hint hint; /* fill NULL: none */
	int flags;   /* RA_F_* */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed; /* filled: a slot or an index is ready */
	struct ra_slot slot[RA_SLOTS];
	int head;    /* the slot the caller takes next */
	int ready;   /* slots filled and not yet taken */
	int held;    /* the caller holds slot[head - 1] */
	int stop;    /* readahead_stop: the reader leaves */
	unsigned long indexed[2]; /* blocks indexed by the reader, by the caller */
	char *map;     /* the mapping (RA_ARENA_HUGE from its first huge page boundary) */
	size_t map_n;
	char *lr_buf;  /* the line reader's own buffer, while it reads into one of the mapping's */
	char err[512];
};

/* The oldest ready slot at or after the head's offset from whose index
 * nobody has claimed yet, or NULL (under the mutex). */
static struct ra_slot *waiting_slot(struct readahead *ra, int from)
{
	int i;

	for (i = from; i < ra->ready; i++) {
		struct ra_slot *sl = &ra->slot[(ra->head + i) % RA_SLOTS];

		if (sl->ix_state == IX_WAITING)
			return sl;
	}
	return NULL;
}

/* Indexes sl, claimed by this thread (who: 0 reader, 1 caller); the mutex
 * is held on entry and on return, not while indexing. */
static void index_slot(struct readahead *ra, struct ra_slot *sl, int who)
{
	sl->ix_state = IX_CLAIMED;
	pthread_mutex_unlock(&ra->mu);
	prefilter_index(ra->gate, NULL, span_make(sl->p, sl->n), 0, &sl->ix);
	pthread_mutex_lock(&ra->mu);
	sl->ix_state = IX_DONE;
	ra->indexed[who]++;
	pthread_cond_broadcast(&ra->filled);
}

/* The oldest ready block, indexed, with hits left to hint, or NULL
 * (under the mutex). */
static struct ra_slot *unhinted_slot(struct readahead *ra)
{
	int i;

	if (!ra->hint.fill)
		return NULL;
	for (i = 0; i < ra->ready; i++) {
		struct ra_slot *sl = &ra->slot[(ra->head + i) % RA_SLOTS];

		if (sl->kind == SLOT_BLOCK && sl->ix_state == IX_DONE &&
		    atomic_load_explicit(&sl->hinted, memory_order_relaxed) < sl->ix.n)
			return sl;
	}
	return NULL;
}

/* Hints the next RA_HINT_RUN hits of sl, a ready block (the mutex held on
 * entry and on return, not while hinting). The caller may take the block
 * meanwhile: it reads only hints the store of hinted published. */
static void hint_slot(struct readahead *ra, struct ra_slot *sl)
{
	size_t k = atomic_load_explicit(&sl->hinted, memory_order_relaxed);
	size_t end = sl->ix.n - k < RA_HINT_RUN ? sl->ix.n : k + RA_HINT_RUN;
	struct span blk = span_make(sl->p, sl->n);

	pthread_mutex_unlock(&ra->mu);
	prefault_ahead(sl->hints, ra->hint.size, RA_IX_CAP, end, RA_HINT_AHEAD, &sl->hints_mapped);
	for (; k < end; k++)
		ra->hint.fill(ra->hint.arg, blk, k ? sl->ix.hit[k - 1].end + 1 : 0, &sl->ix.hit[k],
			      (char *)sl->hints + k * ra->hint.size);
	atomic_store_explicit(&sl->hinted, end, memory_order_release);
	pthread_mutex_lock(&ra->mu);
}

/* The next free slot for the reader, or NULL when told to stop; while
 * none is free it indexes waiting blocks (unless RA_F_CALLER_INDEXES),
 * else hints the ready ones. */
static struct ra_slot *take_free(struct readahead *ra)
{
	struct ra_slot *sl = NULL, *w;

	pthread_mutex_lock(&ra->mu);
	while (!ra->stop && ra->ready + ra->held == RA_SLOTS) {
		if (!(ra->flags & RA_F_CALLER_INDEXES) && (w = waiting_slot(ra, 0)))
			index_slot(ra, w, 0);
		else if ((w = unhinted_slot(ra)))
			hint_slot(ra, w);
		else
			pthread_cond_wait(&ra->freed, &ra->mu);
	}
	if (!ra->stop) {
		/* the held slot is head - 1, the ready ones head.. */
		sl = &ra->slot[(ra->head + ra->ready) % RA_SLOTS];
	}
	pthread_mutex_unlock(&ra->mu);
	return sl;
}

static void publish(struct readahead *ra, struct ra_slot *sl)
{
	pthread_mutex_lock(&ra->mu);
	sl->ix_state = sl->kind == SLOT_BLOCK && ra->gate ? IX_WAITING : IX_DONE;
	ra->ready++;
	pthread_cond_broadcast(&ra->filled);
	pthread_mutex_unlock(&ra->mu);
}

/* At the end of the input: the reader indexes what is still waiting. */
static void index_rest(struct readahead *ra)
{
	struct ra_slot *w;

	if (ra->flags & RA_F_CALLER_INDEXES)
		return;
	pthread_mutex_lock(&ra->mu);
	while (!ra->stop && (w = waiting_slot(ra, 0)))
		index_slot(ra, w, 0);
	pthread_mutex_unlock(&ra->mu);
}

/*
 * The reader: each block of the line reader moves into a slot by trading
 * buffers with it (no copy); a line it hands out alone (over-long, or the
 * last without a newline) is copied into a slot of its own; the end or an
 * error is the last slot.
 */
static void *reader(void *arg)
{
	struct readahead *ra = arg;
	struct ra_slot *sl;
	struct span blk;
	int rc, cut = 0;

	for (;;) {
		rc = lines_next_block(ra->lr, &blk, ra->err, sizeof(ra->err));
		if (rc == 2 && (rc = lines_next(ra->lr, &blk, &cut, ra->err, sizeof(ra->err))) == 1)
			rc = RA_LINE;
		if (!(sl = take_free(ra)))
			return NULL;
		sl->cut = 0;
		atomic_store_explicit(&sl->hinted, 0, memory_order_relaxed);
		if (rc == RA_BLOCK) {
			sl->kind = SLOT_BLOCK;
			sl->buf = lines_swap_buffer(ra->lr, sl->buf);
			sl->p = blk.p;
			sl->n = blk.n;
		} else if (rc == RA_LINE) {
			OOMSCAN_ASSERT(blk.n <= LINES_BLOCK_MAX);
			sl->kind = SLOT_LINE;
			sl->cut = cut;
			memcpy(sl->buf, blk.p, blk.n);
			sl->p = sl->buf;
			sl->n = blk.n;
		} else {
			sl->kind = rc < 0 ? SLOT_ERROR : SLOT_END;
		}
		publish(ra, sl);
		if (sl->kind >= SLOT_END)
			break;
	}
	index_rest(ra);
	return NULL;
}

/* Maps the buffers and indexes (RA_ARENA) and hands them out; the line
 * reader gets one of them. 0, or -1 when there is no memory. */
static int map_buffers(struct readahead *ra)
{
	char *at;
	int i;

	ra->map_n = RA_ARENA_HUGE + RA_HUGE;
	ra->map = mmap(NULL, ra->map_n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ra->map == MAP_FAILED) {
		ra->map = NULL;
		return -1;
	}
	at = ra->map + (RA_HUGE - (uintptr_t)ra->map % RA_HUGE) % RA_HUGE;
	/* a hint: without huge pages the mapping works as well */
	(void)madvise(at, RA_ARENA_HUGE, MADV_HUGEPAGE);
	for (i = 0; i < RA_SLOTS; i++) {
		ra->slot[i].buf = at + (size_t)i * RA_BUF_BYTES;
		ra->slot[i].ix.hit = (struct pf_hit *)(void *)(at + (RA_SLOTS + 1) * RA_BUF_BYTES + (size_t)i * RA_IX_BYTES);
		ra->slot[i].ix.cap = RA_IX_CAP;
	}
	ra->lr_buf = lines_swap_buffer(ra->lr, at + RA_SLOTS * RA_BUF_BYTES);
	return 0;
}

/* Gives the line reader its own buffer back (it may read on after the
 * thread: the bytes it has not handed out move along) and unmaps. */
static void free_slots(struct readahead *ra)
{
	int i;

	if (ra->lr_buf)
		lines_swap_buffer(ra->lr, ra->lr_buf);
	if (ra->map)
		munmap(ra->map, ra->map_n);
	for (i = 0; i < RA_SLOTS; i++)
		free(ra->slot[i].hints);
}

struct readahead *readahead_start(struct line_reader *lr, const struct prefilter *gate,
				  const struct ra_hint *hint, int flags, char *err, size_t errn)
{
	struct readahead *ra = calloc(1, sizeof(*ra));
	int i, inited = 0;

	if (!ra)
		goto nomem;
	ra->lr = lr;
	ra->gate = gate;
	ra->flags = flags;
	if (hint && gate)
		ra->hint = *hint;
	if (map_buffers(ra) < 0)
		goto nomem;
	for (i = 0; i < RA_SLOTS; i++)
		if (ra->hint.fill && !(ra->slot[i].hints = malloc(RA_IX_CAP * ra->hint.size)))
			goto nomem;
	if (pthread_mutex_init(&ra->mu, NULL) != 0)
		goto nomem;
	inited++;
	if (pthread_cond_init(&ra->filled, NULL) != 0)
		goto fail;
	inited++;
	if (pthread_cond_init(&ra->freed, NULL) != 0)
		goto fail;
	inited++;
	if (pthread_create(&ra->th, NULL, reader, ra) != 0) {
		snprintf(err, errn, "cannot start the reader thread");
		goto fail;
	}
	return ra;
nomem:
	snprintf(err, errn, "out of memory");
fail:
	if (ra) {
		if (inited > 2)
			pthread_cond_destroy(&ra->freed);
		if (inited > 1)
			pthread_cond_destroy(&ra->filled);
		if (inited > 0)
			pthread_mutex_destroy(&ra->mu);
		free_slots(ra);
		free(ra);
	}
	return NULL;
}

/* Waits (under the mutex) until the head slot is ready and indexed,
 * indexing it, or while the reader indexes it a later block, itself. */
static struct ra_slot *head_ready(struct readahead *ra)
{
	for (;;) {
		struct ra_slot *sl = &ra->slot[ra->head], *w;

		if (ra->ready && sl->ix_state == IX_DONE)
			return sl;
		if (ra->ready && sl->ix_state == IX_WAITING)
			index_slot(ra, sl, 1);
		else if (ra->ready && (w = waiting_slot(ra, 1)))
			index_slot(ra, w, 1);
		else
			pthread_cond_wait(&ra->filled, &ra->mu);
	}
}

int readahead_next(struct readahead *ra, struct ra_item *it, char *err, size_t errn)
{
	struct ra_slot *sl;
	int kind;

	pthread_mutex_lock(&ra->mu);
	if (ra->held) {
		ra->held = 0;
		/* a waiting reader is woken for two free slots, not for
		 * each: half the wake-ups (it waits only with none free) */
		if (RA_SLOTS - ra->ready >= RA_WAKE)
			pthread_cond_signal(&ra->freed);
	}
	sl = head_ready(ra);
	kind = sl->kind;
	if (kind == SLOT_BLOCK || kind == SLOT_LINE) {
		ra->head = (ra->head + 1) % RA_SLOTS;
		ra->ready--;
		ra->held = 1;
	}
	pthread_mutex_unlock(&ra->mu);
	/* The end and the error slots stay: every later call sees them. */
	if (kind == SLOT_END)
		return 0;
	if (kind == SLOT_ERROR) {
		snprintf(err, errn, "%s", ra->err);
		return -1;
	}
	it->text = span_make(sl->p, sl->n);
	it->ix = kind == SLOT_BLOCK && ra->gate ? &sl->ix : NULL;
	it->cut = sl->cut;
	it->hints = it->ix && ra->hint.fill ? sl->hints : NULL;
	it->hinted = it->hints ? &sl->hinted : NULL;
	return kind;
}

void readahead_counts(struct readahead *ra, unsigned long *by_reader, unsigned long *by_caller)
{
	pthread_mutex_lock(&ra->mu);
	*by_reader = ra->indexed[0];
	*by_caller = ra->indexed[1];
	pthread_mutex_unlock(&ra->mu);
}

void readahead_stop(struct readahead *ra)
{
	if (!ra)
		return;
	pthread_mutex_lock(&ra->mu);
	ra->stop = 1;
	pthread_cond_broadcast(&ra->freed);
	pthread_mutex_unlock(&ra->mu);
	pthread_join(ra->th, NULL);
	pthread_cond_destroy(&ra->freed);
	pthread_cond_destroy(&ra->filled);
	pthread_mutex_destroy(&ra->mu);
	free_slots(ra);
	free(ra);
}
