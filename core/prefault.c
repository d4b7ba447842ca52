/*
 * prefault.c - see prefault.h. Trusts the caller's range; reads and writes
 * no memory itself.
 */
#include "prefault.h"

#include <stdint.h>
#include <sys/mman.h>

#define PAGE ((uintptr_t)4096)

void prefault(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	/* every page the range touches: the pages of its first and last
	 * bytes are mapped, and populating a page changes none of its bytes
	 * (another allocation's, at either end, included) */
	uintptr_t a = (uintptr_t)p & ~(PAGE - 1), e = ((uintptr_t)p + n + PAGE - 1) & ~(PAGE - 1);

	if (n)
		(void)madvise((void *)a, (size_t)(e - a), MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}
