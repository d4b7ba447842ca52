/*
 * k8snames.c - pod UID and container id to namespace, pod and container
 * names, from the kubelet's log directories (see k8snames.h).
 *
 * Trusts nothing in the directory names: a name that does not split into
 * the expected parts, or does not fit its field, is skipped. The tables are
 * capped (K8S_MAX_PODS, K8S_MAX_CONTAINERS); when full, a rescan keeps the
 * entries it saw and drops those it did not. Not thread-safe: the collector
 * thread owns a cache.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "k8snames.h"

#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct k8s_pod {
	char uid[40]; /* with dashes */
	char ns[64];
	char name[128];
	int seen;     /* in the last scan */
};

struct k8s_container {
	char id[72];  /* full id */
	char uid[40]; /* its pod, when known from the pods tree */
	char ns[64];
	char pod[128];
	char name[64];
	int seen;
};

struct k8s_names {
	char pods_dir[PATH_MAX];
	char containers_dir[PATH_MAX];
	int refresh_sec;
	int64_t last_scan;
	int scanned;
	int n_pods, n_containers;
	struct k8s_pod *pods;
	struct k8s_container *containers;
};

struct k8s_names *k8s_names_new(const char *pods_dir, int refresh_sec)
{
	struct k8s_names *k = calloc(1, sizeof(*k));
	const char *slash;
	size_t n = strlen(pods_dir);

	if (!k)
		return NULL;
	k->pods = calloc(K8S_MAX_PODS, sizeof(*k->pods));
	k->containers = calloc(K8S_MAX_CONTAINERS, sizeof(*k->containers));
	if (!k->pods || !k->containers || n >= sizeof(k->pods_dir) - 16) {
		k8s_names_free(k);
		return NULL;
	}
	while (n > 1 && pods_dir[n - 1] == '/')
		n--;
	memcpy(k->pods_dir, pods_dir, n);
	k->pods_dir[n] = '\0';
	slash = strrchr(k->pods_dir, '/');
	if (slash)
		snprintf(k->containers_dir, sizeof(k->containers_dir), "%.*s/containers",
			 (int)(slash - k->pods_dir), k->pods_dir);
	else
		snprintf(k->containers_dir, sizeof(k->containers_dir), "containers");
	k->refresh_sec = refresh_sec > 0 ? refresh_sec : K8S_DEFAULT_REFRESH_SEC;
	return k;
}

void k8s_names_free(struct k8s_names *k)
{
	if (!k)
		return;
	free(k->pods);
	free(k->containers);
	free(k);
}

/* Copies [p, p+n) into dst (size m); 0, or -1 when it is empty or too long. */
static int put(char *dst, size_t m, const char *p, size_t n)
{
	if (n == 0 || n >= m)
		return -1;
	memcpy(dst, p, n);
	dst[n] = '\0';
	return 0;
}

/* The UID with dashes (the systemd cgroup driver writes underscores). */
static void norm_uid(char *dst, size_t m, const char *uid)
{
	size_t i;

	for (i = 0; uid[i] && i + 1 < m; i++)
		dst[i] = uid[i] == '_' ? '-' : uid[i];
	dst[i] = '\0';
}

static struct k8s_pod *pod_find(struct k8s_names *k, const char *uid)
{
	int i;

	for (i = 0; i < k->n_pods; i++)
		if (strcmp(k->pods[i].uid, uid) == 0)
			return &k->pods[i];
	return NULL;
}

/* A slot for a new entry: a free one, else one the last scan did not see. */
static void *slot(void *tab, size_t size, int *n, int max, size_t seen_off)
{
	char *t = tab;
	int i;

	if (*n < max)
		return t + size * (size_t)(*n)++;
	for (i = 0; i < max; i++) {
		if (!*(int *)(t + size * (size_t)i + seen_off))
			return t + size * (size_t)i;
	}
	return NULL;
}

/* "<namespace>_<pod>_<uid>": namespaces and pod names hold no '_'. */
static void scan_pod_dir(struct k8s_names *k, const char *name)
{
	const char *a = strchr(name, '_'), *b = a ? strchr(a + 1, '_') : NULL;
	struct k8s_pod p, *s;

	memset(&p, 0, sizeof(p));
	if (!a || !b || strchr(b + 1, '_') ||
	    put(p.ns, sizeof(p.ns), name, (size_t)(a - name)) ||
	    put(p.name, sizeof(p.name), a + 1, (size_t)(b - a - 1)) ||
	    put(p.uid, sizeof(p.uid), b + 1, strlen(b + 1)))
		return;
	p.seen = 1;
	s = pod_find(k, p.uid);
	if (!s)
		s = slot(k->pods, sizeof(*s), &k->n_pods, K8S_MAX_PODS,
			 offsetof(struct k8s_pod, seen));
	if (s)
		*s = p;
}

/* "<pod>_<namespace>_<container>-<id>.log" in the containers directory. */
static void scan_container_link(struct k8s_names *k, const char *name)
{
	size_t n = strlen(name);
	const char *a = strchr(name, '_'), *b = a ? strchr(a + 1, '_') : NULL, *dash;
	struct k8s_container c, *s;
	int i;

	if (n < 4 || strcmp(name + n - 4, ".log") != 0 || !a || !b)
		return;
	n -= 4;
	dash = memrchr(b + 1, '-', (size_t)(name + n - b - 1));
	if (!dash)
		return;
	memset(&c, 0, sizeof(c));
	if (put(c.pod, sizeof(c.pod), name, (size_t)(a - name)) ||
	    put(c.ns, sizeof(c.ns), a + 1, (size_t)(b - a - 1)) ||
	    put(c.name, sizeof(c.name), b + 1, (size_t)(dash - b - 1)) ||
	    put(c.id, sizeof(c.id), dash + 1, (size_t)(name + n - dash - 1)))
		return;
	for (i = 0; i < k->n_pods; i++) {
		if (strcmp(k->pods[i].ns, c.ns) == 0 && strcmp(k->pods[i].name, c.pod) == 0) {
			memcpy(c.uid, k->pods[i].uid, sizeof(c.uid));
			break;
		}
	}
	c.seen = 1;
	s = NULL;
	for (i = 0; i < k->n_containers; i++) {
		if (strcmp(k->containers[i].id, c.id) == 0) {
			s = &k->containers[i];
			break;
		}
	}
	if (!s)
		s = slot(k->containers, sizeof(*s), &k->n_containers, K8S_MAX_CONTAINERS,
			 offsetof(struct k8s_container, seen));
	if (s)
		*s = c;
}

int k8s_names_scan(struct k8s_names *k, int64_t now)
{
	struct dirent *de;
	DIR *d;
	int i;

	k->last_scan = now;
	k->scanned = 1;
	d = opendir(k->pods_dir);
	if (!d)
		return -1;
	for (i = 0; i < k->n_pods; i++)
		k->pods[i].seen = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.')
			scan_pod_dir(k, de->d_name);
	}
	closedir(d);
	d = opendir(k->containers_dir);
	if (d) {
		for (i = 0; i < k->n_containers; i++)
			k->containers[i].seen = 0;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] != '.')
				scan_container_link(k, de->d_name);
		}
		closedir(d);
	}
	return k->n_pods;
}

/* The container whose full id starts with id (12+ hex digits), or NULL. */
static const struct k8s_container *container_find(const struct k8s_names *k,
						  const char *id)
{
	size_t n = strlen(id);
	int i;

	if (n < 12)
		return NULL;
	for (i = 0; i < k->n_containers; i++) {
		if (strncmp(k->containers[i].id, id, n) == 0)
			return &k->containers[i];
	}
	return NULL;
}

static int lookup(struct k8s_names *k, const char *uid, const char *cid,
		  struct k8s_identity *out)
{
	const struct k8s_container *c = cid[0] ? container_find(k, cid) : NULL;
	const struct k8s_pod *p = uid[0] ? pod_find(k, uid) : NULL;

	memset(out, 0, sizeof(*out));
	if (p) {
		snprintf(out->namespace_, sizeof(out->namespace_), "%s", p->ns);
		snprintf(out->pod, sizeof(out->pod), "%s", p->name);
	} else if (c) {
		snprintf(out->namespace_, sizeof(out->namespace_), "%s", c->ns);
		snprintf(out->pod, sizeof(out->pod), "%s", c->pod);
	}
	if (c)
		snprintf(out->container, sizeof(out->container), "%s", c->name);
	/* Known as far as asked: a miss on either part asks for a rescan. */
	return (!uid[0] || p || c) && (!cid[0] || c) ? 1 : (p || c) ? 2 : 0;
}

int k8s_names_lookup(struct k8s_names *k, const char *pod_uid,
		     const char *container_id, int64_t now,
		     struct k8s_identity *out)
{
	char uid[40];
	int r;

	norm_uid(uid, sizeof(uid), pod_uid ? pod_uid : "");
	if (!container_id)
		container_id = "";
	if (!uid[0] && !container_id[0])
		return 0;
	if (!k->scanned || now - k->last_scan >= k->refresh_sec)
		k8s_names_scan(k, now);
	r = lookup(k, uid, container_id, out);
	if (r != 1 && now - k->last_scan >= K8S_RESCAN_MIN_SEC) {
		k8s_names_scan(k, now);
		r = lookup(k, uid, container_id, out);
	}
	return r ? 1 : 0;
}
