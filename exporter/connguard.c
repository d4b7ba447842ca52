/*
 * connguard.c - per-connection deadlines and the connection cap of
 * connguard.h.
 *
 * Trusts nothing about clients: deadlines are fixed when a phase starts and
 * never move on activity. A connection is closed with shutdown(2) on its
 * socket, which wakes the server's thread for it; the table entry is removed
 * when the server reports the close, which happens before the socket is
 * closed, so a shut-down descriptor is never a reused one. Thread-safe: one
 * mutex guards the table; the watchdog thread and the server's threads call
 * in.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "connguard.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#define TICK_MS 200

enum phase { PH_HEAD = 0, PH_BUSY, PH_IDLE };

struct slot {
	const void *key; /* NULL: free */
	int fd;
	int closing;     /* shut down, close not yet reported */
	enum phase phase;
	int64_t since_ms;
	int64_t deadline_ms;
};

struct connguard {
	struct connguard_limits lim;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int stop;
	int n_slots;
	struct slot *slots;
	uint64_t timed_out, evicted;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct slot *find(struct connguard *g, const void *key)
{
	int i;

	for (i = 0; i < g->n_slots; i++)
		if (g->slots[i].key == key)
			return &g->slots[i];
	return NULL;
}

static void set_phase(struct connguard *g, struct slot *s, enum phase ph)
{
	int64_t t = now_ms();

	s->phase = ph;
	s->since_ms = t;
	s->deadline_ms = t + (ph == PH_HEAD ? g->lim.head_ms : ph == PH_BUSY ? g->lim.busy_ms
									       : g->lim.idle_ms);
}

static void shut(struct slot *s)
{
	s->closing = 1;
	shutdown(s->fd, SHUT_RDWR);
}

static void *watchdog(void *arg)
{
	struct connguard *g = arg;
	struct timespec ts;
	int i;

	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		int64_t t = now_ms();

		for (i = 0; i < g->n_slots; i++) {
			struct slot *s = &g->slots[i];

			if (s->key && !s->closing && t >= s->deadline_ms) {
				shut(s);
				__atomic_add_fetch(&g->timed_out, 1, __ATOMIC_RELAXED);
			}
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->cv, &g->mu, &ts);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

struct connguard *connguard_new(const struct connguard_limits *lim)
{
	struct connguard *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->lim = *lim;
	/* Room for closed connections whose close is not reported yet. */
	g->n_slots = lim->cap * 2 + 16;
	g->slots = calloc((size_t)g->n_slots, sizeof(*g->slots));
	if (!g->slots)
		goto fail;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	if (pthread_create(&g->thread, NULL, watchdog, g) != 0) {
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		goto fail;
	}
	return g;
fail:
	free(g->slots);
	free(g);
	return NULL;
}

void connguard_free(struct connguard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	free(g->slots);
	free(g);
}

/* The oldest live connection awaiting a request head, or NULL. */
static struct slot *oldest_waiting(struct connguard *g, const struct slot *except)
{
	struct slot *best = NULL;
	int i;

	for (i = 0; i < g->n_slots; i++) {
		struct slot *s = &g->slots[i];

		if (!s->key || s->closing || s == except || s->phase == PH_BUSY)
			continue;
		if (!best || s->since_ms < best->since_ms)
			best = s;
	}
	return best;
}

int connguard_open(struct connguard *g, const void *key, int fd)
{
	struct slot *s, *victim;
	int live = 0, i, self = 0;

	pthread_mutex_lock(&g->mu);
	s = find(g, NULL);
	if (!s) {
		/* Every slot is taken: refuse this one. */
		shutdown(fd, SHUT_RDWR);
		__atomic_add_fetch(&g->evicted, 1, __ATOMIC_RELAXED);
		pthread_mutex_unlock(&g->mu);
		return 1;
	}
	s->key = key;
	s->fd = fd;
	s->closing = 0;
	set_phase(g, s, PH_HEAD);
	for (i = 0; i < g->n_slots; i++)
		if (g->slots[i].key && !g->slots[i].closing)
			live++;
	if (live > g->lim.cap) {
		victim = oldest_waiting(g, s);
		if (!victim) {
			victim = s;
			self = 1;
		}
		shut(victim);
		__atomic_add_fetch(&g->evicted, 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&g->mu);
	return self;
}

static void move_to(struct connguard *g, const void *key, enum phase ph)
{
	struct slot *s;

	pthread_mutex_lock(&g->mu);
	s = find(g, key);
	if (s && key)
		set_phase(g, s, ph);
	pthread_mutex_unlock(&g->mu);
}

void connguard_busy(struct connguard *g, const void *key)
{
	move_to(g, key, PH_BUSY);
}

void connguard_done(struct connguard *g, const void *key)
{
	move_to(g, key, PH_IDLE);
}

void connguard_close(struct connguard *g, const void *key)
{
	struct slot *s;

	pthread_mutex_lock(&g->mu);
	s = key ? find(g, key) : NULL;
	if (s)
		s->key = NULL;
	pthread_mutex_unlock(&g->mu);
}

uint64_t connguard_timed_out(const struct connguard *g)
{
	return __atomic_load_n(&g->timed_out, __ATOMIC_RELAXED);
}

uint64_t connguard_evicted(const struct connguard *g)
{
	return __atomic_load_n(&g->evicted, __ATOMIC_RELAXED);
}
