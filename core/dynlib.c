/*
 * dynlib.c - dlopen and dlsym for the libraries only some modes need.
 *
 * Trusts its callers' symbol names and their types (declared from the
 * library's own header); trusts nothing the loader returns.
 * Thread-safety: callers resolve once (pthread_once) before using the
 * pointers.
 */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

int dynlib_open(const char *soname, const char *const *names, void **sym, int n, char *err, size_t errn)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	const char *why;
	int i;

	if (!h) {
		why = dlerror();
		snprintf(err, errn, "cannot load %s (%s): install the package that ships it", soname,
			 why ? why : "no reason given");
		return -1;
	}
	for (i = 0; i < n; i++) {
		(void)dlerror();
		sym[i] = dlsym(h, names[i]);
		why = dlerror();
		if (!sym[i] || why) {
			snprintf(err, errn, "%s has no %s (%s)", soname, names[i], why ? why : "null symbol");
			return -1;
		}
	}
	return 0;
}
