/*
 * webconfig.c - a small, strict reader for the exporter-toolkit web config
 * subset (TLS certificate and key, bcrypt basic-auth users) and the password
 * check.
 *
 * Trusts nothing in the file: lines and the file are capped, every scalar is
 * bounded by its field, anything outside the subset is an error naming the
 * line. Thread-safe: no shared state (crypt_r with a per-call buffer).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "webconfig.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PEM_MAX_BYTES (1024 * 1024)

/* A bcrypt hash of a random password: the cost of an unknown user's check. */
static const char dummy_hash[] =
	"$2b$10$ybXof9BgiBfYHAjVmTSTB.n5CP6J/IMkrx0WNFDTQNgHExmz9nVS.";

enum section { SEC_NONE = 0, SEC_TLS, SEC_USERS };

struct parser {
	struct webconfig *wc;
	char *err;
	size_t errn;
	int lineno;
	enum section sec;
	int child_indent; /* indent of the current section's keys, or -1 */
	int seen_tls, seen_users, seen_content;
	int seen_cert, seen_key;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int k = 0;

	if (!ps->errn)
		return -1;
	if (ps->lineno > 0)
		k = snprintf(ps->err, ps->errn, "line %d: ", ps->lineno);
	if (k < 0 || (size_t)k >= ps->errn)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + k, ps->errn - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

/* Copies a scalar into dst, bounding it. Returns -1 when it does not fit. */
static int put(char *dst, size_t dstn, size_t *at, char c)
{
	if (*at + 1 >= dstn)
		return -1;
	dst[(*at)++] = c;
	dst[*at] = '\0';
	return 0;
}

/*
 * Parses one scalar starting at p[*i] (quoted or plain) into dst. For keys
 * (is_key) a plain scalar ends at ": " or a final ':'; for values at " #" or
 * the end. Returns 0, or -1 with the error set.
 */
static int take_scalar(struct parser *ps, const char *p, size_t n, size_t *i,
		       int is_key, char *dst, size_t dstn)
{
	size_t at = 0;
	char q;

	dst[0] = '\0';
	if (*i >= n)
		return 0;
	q = p[*i];
	if (q == '"' || q == '\'') {
		(*i)++;
		for (;;) {
			char c;

			if (*i >= n)
				return fail(ps, "unterminated quoted string");
			c = p[(*i)++];
			if (c == q) {
				if (q == '\'' && *i < n && p[*i] == '\'') {
					(*i)++;
				} else {
					return 0;
				}
			} else if (c == '\\' && q == '"') {
				if (*i >= n)
					return fail(ps, "unterminated quoted string");
				c = p[(*i)++];
				switch (c) {
				case '\\': case '"': case '/': break;
				case 'n': c = '\n'; break;
				case 't': c = '\t'; break;
				default:
					return fail(ps, "unsupported escape \\%c", c);
				}
			}
			if ((unsigned char)c < 0x20 && c != '\t' && c != '\n')
				return fail(ps, "control character in a string");
			if (put(dst, dstn, &at, c))
				return fail(ps, "value longer than %zu bytes", dstn - 1);
		}
	}
	if (q && strchr("-?:,[]{}#&*!|>%@`", q) && !(q == '-' && *i + 1 < n && p[*i + 1] != ' ')) {
		if (q == '-')
			return fail(ps, "sequences are not supported");
		if (q == '&' || q == '*')
			return fail(ps, "anchors and aliases are not supported");
		if (q == '|' || q == '>')
			return fail(ps, "block scalars are not supported");
		return fail(ps, "unexpected '%c' (flow collections and tags are not supported)", q);
	}
	while (*i < n) {
		char c = p[*i];

		if (is_key && c == ':' && (*i + 1 == n || p[*i + 1] == ' '))
			break;
		if (!is_key && c == '#' && at > 0 && (dst[at - 1] == ' '))
			break;
		if (!is_key && c == ':' && (*i + 1 == n || p[*i + 1] == ' '))
			return fail(ps, "nested mappings are not supported here");
		if ((unsigned char)c < 0x20 && c != '\t')
			return fail(ps, "control character in a value");
		if (put(dst, dstn, &at, c))
			return fail(ps, "value longer than %zu bytes", dstn - 1);
		(*i)++;
	}
	while (at > 0 && (dst[at - 1] == ' ' || dst[at - 1] == '\t'))
		dst[--at] = '\0';
	return 0;
}

/* After a quoted scalar: only blanks and a comment may follow. */
static int rest_blank(struct parser *ps, const char *p, size_t n, size_t i)
{
	int blank = 1;

	for (; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t') {
			blank = 1;
			continue;
		}
		if (p[i] == '#' && blank)
			return 0;
		return fail(ps, "unexpected text after a value");
	}
	return 0;
}

static int is_empty_value(const char *v)
{
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "{}") == 0;
}

static int top_key(struct parser *ps, const char *key, const char *val,
		   int quoted_val)
{
	int *seen;

	if (strcmp(key, "tls_server_config") == 0) {
		ps->sec = SEC_TLS;
		seen = &ps->seen_tls;
	} else if (strcmp(key, "basic_auth_users") == 0) {
		ps->sec = SEC_USERS;
		seen = &ps->seen_users;
	} else if (strcmp(key, "http_server_config") == 0) {
		return fail(ps, "http_server_config is not supported by oomscan");
	} else {
		return fail(ps, "unknown key \"%s\" (expected tls_server_config or basic_auth_users)",
			    key);
	}
	if (*seen)
		return fail(ps, "duplicate key \"%s\"", key);
	*seen = 1;
	if (quoted_val || !is_empty_value(val))
		return fail(ps, "\"%s\" must be a mapping", key);
	ps->child_indent = -1;
	return 0;
}

static int tls_key(struct parser *ps, const char *key, const char *val)
{
	struct webconfig *wc = ps->wc;
	char *dst;
	int *seen;

	if (strcmp(key, "cert_file") == 0) {
		dst = wc->cert_file;
		seen = &ps->seen_cert;
	} else if (strcmp(key, "key_file") == 0) {
		dst = wc->key_file;
		seen = &ps->seen_key;
	} else if (strcmp(key, "client_auth_type") == 0 || strcmp(key, "client_ca_file") == 0 ||
		   strcmp(key, "min_version") == 0 || strcmp(key, "max_version") == 0 ||
		   strcmp(key, "cipher_suites") == 0 || strcmp(key, "curve_preferences") == 0 ||
		   strcmp(key, "prefer_server_cipher_suites") == 0) {
		return fail(ps, "tls_server_config.%s is not supported by oomscan", key);
	} else {
		return fail(ps, "unknown key \"%s\" in tls_server_config (expected cert_file or key_file)",
			    key);
	}
	if (*seen)
		return fail(ps, "duplicate key \"%s\"", key);
	*seen = 1;
	if (val[0] == '\0')
		return fail(ps, "tls_server_config.%s is empty", key);
	/* val was read into a buffer of this size, so it fits. */
	snprintf(dst, WEBCONFIG_PATH_MAX, "%s", val);
	return 0;
}

/*
 * 1 for a well-formed bcrypt hash: "$2a$", "$2b$" or "$2y$", a two-digit
 * cost from 04 to 31, "$", then 53 characters of bcrypt's base64 (22 of
 * salt, 31 of hash). Anything else would make every login fail silently.
 */
static int is_bcrypt(const char *h)
{
	static const char b64[] =
		"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	int cost, i;

	if (strlen(h) != 60 || h[0] != '$' || h[1] != '2' ||
	    (h[2] != 'a' && h[2] != 'b' && h[2] != 'y') || h[3] != '$' ||
	    h[4] < '0' || h[4] > '9' || h[5] < '0' || h[5] > '9' || h[6] != '$')
		return 0;
	cost = (h[4] - '0') * 10 + (h[5] - '0');
	if (cost < 4 || cost > 31)
		return 0;
	for (i = 7; i < 60; i++)
		if (!strchr(b64, h[i]))
			return 0;
	return 1;
}

static int user_key(struct parser *ps, const char *key, const char *val)
{
	struct webconfig *wc = ps->wc;
	struct webconfig_user *u;
	int k;

	if (key[0] == '\0')
		return fail(ps, "empty user name");
	if (strchr(key, ':'))
		return fail(ps, "user name \"%s\" contains ':'", key);
	if (strlen(key) >= WEBCONFIG_NAME_MAX)
		return fail(ps, "user name longer than %d bytes", WEBCONFIG_NAME_MAX - 1);
	for (k = 0; k < wc->n_users; k++)
		if (strcmp(wc->users[k].name, key) == 0)
			return fail(ps, "duplicate user \"%s\"", key);
	if (!is_bcrypt(val))
		return fail(ps, "the password of \"%s\" is not a bcrypt hash "
			    "($2y$, a cost 04-31, $, 53 characters of salt and hash)", key);
	if (strlen(val) >= WEBCONFIG_HASH_MAX)
		return fail(ps, "hash of \"%s\" too long", key);
	if (wc->n_users >= WEBCONFIG_MAX_USERS)
		return fail(ps, "more than %d users", WEBCONFIG_MAX_USERS);
	u = &wc->users[wc->n_users++];
	snprintf(u->name, sizeof(u->name), "%s", key);
	snprintf(u->hash, sizeof(u->hash), "%s", val);
	return 0;
}

static int parse_line(struct parser *ps, const char *p, size_t n)
{
	char key[WEBCONFIG_NAME_MAX + 8];
	char val[WEBCONFIG_PATH_MAX];
	size_t i = 0;
	int indent, quoted_val;

	while (i < n && p[i] == ' ')
		i++;
	if (i < n && p[i] == '\t')
		return fail(ps, "tabs are not allowed for indentation");
	if (i == n || p[i] == '#')
		return 0;
	indent = (int)i;
	if (indent == 0 && n - i >= 3 && memcmp(p, "---", 3) == 0 &&
	    (n == 3 || p[3] == ' ' || p[3] == '#')) {
		if (ps->seen_content)
			return fail(ps, "only one YAML document is allowed");
		return 0;
	}
	if (p[i] == '%')
		return fail(ps, "YAML directives are not supported");
	ps->seen_content = 1;
	if (take_scalar(ps, p, n, &i, 1, key, sizeof(key)))
		return -1;
	while (i < n && p[i] == ' ')
		i++;
	if (i >= n || p[i] != ':')
		return fail(ps, "expected \"key: value\"");
	i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	quoted_val = i < n && (p[i] == '"' || p[i] == '\'');
	if (i < n && p[i] == '#') {
		val[0] = '\0';
	} else if (i + 2 <= n && memcmp(p + i, "{}", 2) == 0) {
		snprintf(val, sizeof(val), "{}");
		if (rest_blank(ps, p, n, i + 2))
			return -1;
	} else {
		if (take_scalar(ps, p, n, &i, 0, val, sizeof(val)))
			return -1;
		if (quoted_val && rest_blank(ps, p, n, i))
			return -1;
	}

	if (indent == 0)
		return top_key(ps, key, val, quoted_val);
	if (ps->sec == SEC_NONE)
		return fail(ps, "indented key \"%s\" outside a section", key);
	if (ps->child_indent < 0)
		ps->child_indent = indent;
	else if (indent != ps->child_indent)
		return fail(ps, "inconsistent indentation (nested values are not supported)");
	if (!quoted_val && strcmp(val, "{}") == 0)
		return fail(ps, "\"%s\" must be a string", key);
	if (ps->sec == SEC_TLS)
		return tls_key(ps, key, val);
	return user_key(ps, key, val);
}

int webconfig_parse(const char *text, size_t n, struct webconfig *out,
		    char *err, size_t errn)
{
	struct parser ps;
	size_t at = 0;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.wc = out;
	ps.err = err;
	ps.errn = errn;
	ps.child_indent = -1;
	if (errn)
		err[0] = '\0';
	if (n > WEBCONFIG_MAX_BYTES)
		return fail(&ps, "file larger than %d bytes", WEBCONFIG_MAX_BYTES);
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		at = 3;
	while (at < n) {
		const char *nl = memchr(text + at, '\n', n - at);
		size_t raw = nl ? (size_t)(nl - (text + at)) : n - at;
		size_t len = raw;

		ps.lineno++;
		if (len > WEBCONFIG_MAX_LINE)
			return fail(&ps, "line longer than %d bytes", WEBCONFIG_MAX_LINE);
		if (memchr(text + at, '\0', len))
			return fail(&ps, "NUL byte in the file");
		if (len && text[at + len - 1] == '\r')
			len--;
		if (parse_line(&ps, text + at, len))
			return -1;
		at += raw + (nl ? 1 : 0);
	}
	ps.lineno = 0;
	if (ps.seen_cert != ps.seen_key)
		return fail(&ps, "tls_server_config needs both cert_file and key_file");
	out->tls = ps.seen_cert && ps.seen_key;
	return 0;
}

/* Reads a whole file of at most max bytes into a NUL-terminated buffer. */
static char *read_all(const char *path, size_t max, size_t *len, char *err,
		      size_t errn)
{
	char *buf = NULL;
	size_t n = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errn, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(max + 2);
	if (!buf) {
		snprintf(err, errn, "%s: out of memory", path);
		goto out;
	}
	for (;;) {
		r = read(fd, buf + n, max + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errn, "%s: %s", path, strerror(errno));
			free(buf);
			buf = NULL;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			snprintf(err, errn, "%s: larger than %zu bytes", path, max);
			free(buf);
			buf = NULL;
			goto out;
		}
	}
	buf[n] = '\0';
	*len = n;
out:
	close(fd);
	return buf;
}

/* Resolves name against dir (the config file's directory) into dst. */
static int resolve(char *dst, size_t dstn, const char *dir, const char *name)
{
	int k;

	if (name[0] == '/' || dir[0] == '\0')
		k = snprintf(dst, dstn, "%s", name);
	else
		k = snprintf(dst, dstn, "%s/%s", dir, name);
	return (k < 0 || (size_t)k >= dstn) ? -1 : 0;
}

int webconfig_load(const char *path, struct webconfig *out, char *err,
		   size_t errn)
{
	char dir[WEBCONFIG_PATH_MAX], full[WEBCONFIG_PATH_MAX];
	char perr[256];
	const char *slash;
	char *text;
	size_t len = 0, pl;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	text = read_all(path, WEBCONFIG_MAX_BYTES, &len, err, errn);
	if (!text)
		return -1;
	if (webconfig_parse(text, len, out, perr, sizeof(perr))) {
		snprintf(err, errn, "%s: %s", path, perr);
		goto out;
	}
	if (!out->tls) {
		rc = 0;
		goto out;
	}
	slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 0, path);
	if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	if (resolve(full, sizeof(full), dir, out->cert_file)) {
		snprintf(err, errn, "%s: cert_file path too long", path);
		goto out;
	}
	snprintf(out->cert_file, sizeof(out->cert_file), "%s", full);
	if (resolve(full, sizeof(full), dir, out->key_file)) {
		snprintf(err, errn, "%s: key_file path too long", path);
		goto out;
	}
	snprintf(out->key_file, sizeof(out->key_file), "%s", full);
	out->cert_pem = read_all(out->cert_file, PEM_MAX_BYTES, &pl, err, errn);
	if (!out->cert_pem)
		goto out;
	out->key_pem = read_all(out->key_file, PEM_MAX_BYTES, &pl, err, errn);
	if (!out->key_pem)
		goto out;
	if (!strstr(out->cert_pem, "-----BEGIN ")) {
		snprintf(err, errn, "%s: not a PEM file", out->cert_file);
		goto out;
	}
	if (!strstr(out->key_pem, "-----BEGIN ")) {
		snprintf(err, errn, "%s: not a PEM file", out->key_file);
		goto out;
	}
	rc = 0;
out:
	if (rc)
		webconfig_release(out);
	free(text);
	return rc;
}

void webconfig_release(struct webconfig *wc)
{
	if (!wc)
		return;
	if (wc->key_pem)
		explicit_bzero(wc->key_pem, strlen(wc->key_pem));
	free(wc->cert_pem);
	free(wc->key_pem);
	wc->cert_pem = NULL;
	wc->key_pem = NULL;
}

int webconfig_user_hash(const struct webconfig *wc, const char *user,
			char *hash, size_t hashn)
{
	int k;

	for (k = 0; k < wc->n_users; k++) {
		if (strcmp(wc->users[k].name, user) == 0) {
			snprintf(hash, hashn, "%s", wc->users[k].hash);
			return 1;
		}
	}
	return 0;
}

int webconfig_check_password(const char *hash, const char *pass)
{
	struct crypt_data *cd;
	const char *setting = hash ? hash : dummy_hash;
	const char *res;
	size_t hn, rn, k;
	unsigned char diff = 0;
	int ok = 0;

	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return 0;
	res = crypt_r(pass, setting, cd);
	if (!res || res[0] == '*')
		goto out;
	hn = strlen(setting);
	rn = strlen(res);
	diff = (unsigned char)(hn != rn);
	for (k = 0; k < hn; k++)
		diff |= (unsigned char)(setting[k] ^ (k < rn ? res[k] : 0));
	ok = hash != NULL && diff == 0;
out:
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}
