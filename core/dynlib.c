/*
 * dynlib.c - dlopen and dlsym for the libraries only some modes need.
 *
 * Trusts its callers' symbol names and the types of the pointers they hand
 * in (declared from the library's own header); trusts nothing the loader
 * returns. Thread-safe: each library is resolved once, under its lock.
 */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static int resolve(struct dynlib *dl, const char *soname, const char *const *names, void *const *slot, int n)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL), *sym;
	const char *why;
	int i;

	if (!h) {
		why = dlerror();
		snprintf(dl->err, sizeof(dl->err), "cannot load %s (%s): install the package that ships it",
			 soname, why ? why : "no reason given");
		return -1;
	}
	for (i = 0; i < n; i++) {
		(void)dlerror();
		sym = dlsym(h, names[i]);
		why = dlerror();
		if (!sym || why) {
			snprintf(dl->err, sizeof(dl->err), "%s has no %s (%s)", soname, names[i],
				 why ? why : "null symbol");
			return -1;
		}
		/* a function pointer from dlsym's object pointer (POSIX) */
		memcpy(slot[i], &sym, sizeof(sym));
	}
	return 0;
}

int dynlib_load(struct dynlib *dl, const char *soname, const char *const *names, void *const *slot, int n,
		char *err, size_t errn)
{
	int rc;

	pthread_mutex_lock(&dl->mu);
	if (!dl->tried) {
		dl->tried = 1;
		dl->rc = resolve(dl, soname, names, slot, n);
	}
	rc = dl->rc;
	pthread_mutex_unlock(&dl->mu);
	if (rc)
		snprintf(err, errn, "%s", dl->err);
	return rc;
}
