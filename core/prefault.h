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

#endif
