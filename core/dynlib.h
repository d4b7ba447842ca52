/*
 * dynlib.h - a shared library's functions, resolved at first use.
 *
 * serve's HTTP server (libmicrohttpd, and GnuTLS with a dozen libraries
 * behind it) and the journal reader (libsystemd) are opened with dlopen
 * when first needed, so a batch run never maps them: they cost every
 * process start about 16 ms of CPU, more than a 100 MiB log's analysis
 * takes in some of the benchmark rows.
 *
 * Return convention: 0, or -1 with err set to what failed.
 */
#ifndef OOMSCAN_CORE_DYNLIB_H
#define OOMSCAN_CORE_DYNLIB_H

#include <pthread.h>
#include <stddef.h>

/* One library's resolution: done once, its result kept. */
struct dynlib {
	pthread_mutex_t mu;
	int tried, rc;
	char err[512];
};
#define DYNLIB_INIT { PTHREAD_MUTEX_INITIALIZER, 0, 0, "" }

/*
 * The first call opens soname (kept open for the process's life) and
 * resolves names[0..n) into the function pointers slot[0..n) point at (each
 * the address of a pointer typed from the library's header); every call
 * returns that first result. On failure err names the library or the
 * symbol, the loader's reason, and a hint of what to install. Thread-safe.
 */
int dynlib_load(struct dynlib *dl, const char *soname, const char *const *names, void *const *slot, int n,
		char *err, size_t errn);

#endif
