/*
 * invariant.h - OOMSCAN_ASSERT, an assert() that stays on in release
 * builds.
 *
 * The default build type (RelWithDebInfo) defines NDEBUG, which turns the
 * standard assert() into nothing. A broken invariant of a bounded buffer
 * (a queue count past its cap, a span past its end) must not go on
 * silently in production, so the cheap checks use
 * this macro instead: it prints the file, line and condition to standard
 * error and aborts, whatever NDEBUG says. Keep it to O(1) checks. A check
 * whose break the output already shows (the kernel ledger at the end of
 * input: its open count) aborts only under OOMSCAN_STRICT_INVARIANTS, which
 * the sanitizer builds define.
 *
 * Thread-safe (it only writes to standard error and aborts).
 */
#ifndef OOMSCAN_CORE_INVARIANT_H
#define OOMSCAN_CORE_INVARIANT_H

/* Prints "file:line: invariant failed: cond" and aborts; never returns. */
_Noreturn void oomscan_invariant_failed(const char *file, int line, const char *cond);

#define OOMSCAN_ASSERT(cond)                                                  \
	((cond) ? (void)0 : oomscan_invariant_failed(__FILE__, __LINE__, #cond))

#endif
