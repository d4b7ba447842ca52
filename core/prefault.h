/*
 * prefault.h - a buffer's first touches paid in one call.
 *
 * The first write to each 4 KiB page of fresh anonymous memory faults, and
 * on a virtual machine each fault is an exit to the hypervisor: about 9 us
 * a page on the 2-core machine of the README's benchmarks, where
 * MADV_POPULATE_WRITE (Linux 5.14) maps the same pages in one call at
 * about 0.4 us a page. For memory the caller is about to fill (a read
 * buffer, a table an input will use whole), not for memory that may stay
 * untouched: a populated page counts in the RSS.
 *
 * Thread-safe; trusts that [p, p + n) is the caller's writable memory.
 */
#ifndef OOMSCAN_CORE_PREFAULT_H
#define OOMSCAN_CORE_PREFAULT_H

#include <stddef.h>

/* Maps in every page of [p, p + n) writable, changing no byte (n 0: none).
 * A hint: where the kernel cannot (older than 5.14, no memory), the pages
 * fault in as they are touched, as without it. */
void prefault(void *p, size_t n);

/*
 * For an array of n elements of size bytes at base whose elements are
 * taken lowest first (a queue's slots, a list filled from its start): the
 * elements below upto are about to be written. When upto passes *mapped
 * (the elements mapped so far), the ones from *mapped to ahead past upto
 * (never past n) are mapped in one call and *mapped moves there. One
 * compare when nothing is to do.
 */
static inline void prefault_ahead(void *base, size_t size, size_t n, size_t upto, size_t ahead,
				  size_t *mapped)
{
	if (upto > *mapped) {
		size_t to = upto + ahead < n ? upto + ahead : n;

		prefault((char *)base + *mapped * size, (to - *mapped) * size);
		*mapped = to;
	}
}

#endif
