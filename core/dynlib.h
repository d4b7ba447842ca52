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

#include <stddef.h>

/*
 * Opens soname (kept open for the process's life) and resolves names[0..n)
 * into sym[0..n). On failure err names the library or the symbol and the
 * loader's reason, and a hint of the package to install.
 */
int dynlib_open(const char *soname, const char *const *names, void **sym, int n, char *err, size_t errn);

#endif
