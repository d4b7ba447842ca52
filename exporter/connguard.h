/*
 * connguard.h - deadlines and a connection cap for the HTTP server that slow
 * clients cannot stretch: a request head must arrive within a fixed time of
 * the connection's start (or of the previous response, on a kept-alive
 * connection), however the bytes trickle in; a request's body and response
 * have their own fixed deadline. At the cap, a new connection closes the
 * oldest one still waiting for its request head, so slow clients cannot keep
 * a scrape out.
 */
#ifndef OOMSCAN_EXPORTER_CONNGUARD_H
#define OOMSCAN_EXPORTER_CONNGUARD_H

#include <stdint.h>

struct connguard_limits {
	int cap;       /* connections doing or awaiting a request, at most */
	int head_ms;   /* first request head complete within this of the connect */
	int idle_ms;   /* the next head within this of the previous response */
	int busy_ms;   /* body read and response written within this */
};

struct connguard;

/*
 * A guard with its watchdog thread (it closes connections past their
 * deadline). Returns NULL when memory or the thread cannot be had.
 */
struct connguard *connguard_new(const struct connguard_limits *lim);

/* Stops the watchdog and frees g; NULL is fine. Call after the daemons stop. */
void connguard_free(struct connguard *g);

/*
 * A new connection (key identifies it, fd is its socket). When the cap is
 * exceeded the oldest connection still waiting for a request head (this one
 * when no other is) is shut down. Returns 1 when this connection was the one
 * closed, 0 otherwise.
 */
int connguard_open(struct connguard *g, const void *key, int fd);

/* The connection's request head is complete: the busy deadline starts. */
void connguard_busy(struct connguard *g, const void *key);

/* The request is answered: the connection awaits the next head. */
void connguard_done(struct connguard *g, const void *key);

/* The connection is closed (before its socket is). */
void connguard_close(struct connguard *g, const void *key);

/* Connections closed at a deadline and closed for room, so far. */
uint64_t connguard_timed_out(const struct connguard *g);
uint64_t connguard_evicted(const struct connguard *g);

#endif
