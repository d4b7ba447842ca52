/*
 * invariant.c - what a failed OOMSCAN_ASSERT does: one line on standard
 * error, then abort() (a core dump or the sanitizer's report shows where).
 *
 * Trusts its arguments (string literals from the macro). Thread-safe.
 */
#include "invariant.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void oomscan_invariant_failed(const char *file, int line, const char *cond)
{
	fprintf(stderr, "oomscan: %s:%d: invariant failed: %s\n", file, line, cond);
	fflush(stderr);
	abort();
}
