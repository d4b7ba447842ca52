/*
 * atomicfile.c - the one atomic file writer (see atomicfile.h).
 *
 * Trusts the caller's path only as a name: what it is (missing, a regular
 * file, a link, anything else) is looked at with lstat/stat before the
 * temporary file is made. The temporary name comes from mkstemp, so a
 * stale or planted file of the same name is never opened. Not
 * thread-safe per struct atomic_file.
 */
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release(struct atomic_file *af)
{
	free(af->path);
	free(af->tmp);
	free(af->dir);
	af->path = af->tmp = af->dir = NULL;
	af->fd = -1;
	af->fp = NULL;
}

/* The name to replace: path itself, or the target of the link it is. */
static char *target_of(const char *path, char *err, size_t errn)
{
	struct stat sb;
	char *t;

	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return strdup(path);
	t = realpath(path, NULL);
	if (!t) {
		snprintf(err, errn, "%s: a symbolic link whose target cannot be resolved (%s); "
			 "it is written through to an existing file only", path, strerror(errno));
		return NULL;
	}
	if (stat(t, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errn, "%s: a symbolic link to %s, which is not a regular file", path, t);
		free(t);
		return NULL;
	}
	return t;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	d = strndup(path, (size_t)(slash - path));
	return d;
}

int atomic_open(struct atomic_file *af, const char *path, mode_t mode, unsigned flags,
		char *err, size_t errn)
{
	memset(af, 0, sizeof(*af));
	af->fd = -1;
	err[0] = '\0';
	af->path = target_of(path, err, errn);
	if (!af->path)
		goto fail;
	af->dir = dir_of(af->path);
	if (!af->dir || asprintf(&af->tmp, "%s.tmp.XXXXXX", af->path) < 0) {
		af->tmp = NULL;
		goto fail;
	}
	af->fd = mkostemp(af->tmp, O_CLOEXEC);
	if (af->fd < 0 && errno == ENOENT && (flags & AF_MKDIR) && mkdir(af->dir, 0755) == 0) {
		memcpy(af->tmp + strlen(af->tmp) - 6, "XXXXXX", 6);
		af->fd = mkostemp(af->tmp, O_CLOEXEC);
	}
	if (af->fd < 0) {
		snprintf(err, errn, "%s: cannot create a temporary file beside it: %s", af->path,
			 strerror(errno));
		free(af->tmp);
		af->tmp = NULL;
		goto fail;
	}
	if (fchmod(af->fd, mode) != 0) {
		snprintf(err, errn, "%s: %s", af->tmp, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	if (!err[0])
		snprintf(err, errn, "%s: out of memory", path);
	atomic_abort(af);
	return -1;
}

FILE *atomic_stream(struct atomic_file *af)
{
	if (!af->fp && af->fd >= 0)
		af->fp = fdopen(af->fd, "w");
	return af->fp;
}

/* Closes the stream or descriptor; 0, or -1 with errno. */
static int close_tmp(struct atomic_file *af)
{
	int rc = 0;

	if (af->fp) {
		rc = fclose(af->fp);
		af->fp = NULL;
		af->fd = -1;
	} else if (af->fd >= 0) {
		rc = close(af->fd);
		af->fd = -1;
	}
	return rc;
}

int atomic_commit(struct atomic_file *af, char *err, size_t errn)
{
	int dfd = -1, ret = -1;

	if (af->fp && (fflush(af->fp) != 0 || ferror(af->fp))) {
		snprintf(err, errn, "%s: %s", af->tmp, strerror(errno ? errno : EIO));
		goto out;
	}
	if (fsync(af->fp ? fileno(af->fp) : af->fd) != 0) {
		snprintf(err, errn, "%s: %s", af->tmp, strerror(errno));
		goto out;
	}
	if (close_tmp(af) != 0) {
		snprintf(err, errn, "%s: %s", af->tmp, strerror(errno));
		goto out;
	}
	if (rename(af->tmp, af->path) != 0) {
		snprintf(err, errn, "rename to %s: %s", af->path, strerror(errno));
		goto out;
	}
	free(af->tmp);
	af->tmp = NULL;
	dfd = open(af->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0) {
		snprintf(err, errn, "%s: %s", af->dir, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (dfd >= 0)
		close(dfd);
	atomic_abort(af);
	return ret;
}

void atomic_abort(struct atomic_file *af)
{
	close_tmp(af);
	if (af->tmp)
		unlink(af->tmp);
	release(af);
}

/* Writes all of data; 0, or -1 with errno. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int atomic_write(const char *path, const void *data, size_t n, mode_t mode, unsigned flags,
		 char *err, size_t errn)
{
	struct atomic_file af;

	if (atomic_open(&af, path, mode, flags, err, errn) < 0)
		return -1;
	if (write_all(af.fd, data, n) != 0) {
		snprintf(err, errn, "%s: %s", af.tmp, strerror(errno));
		atomic_abort(&af);
		return -1;
	}
	return atomic_commit(&af, err, errn);
}
