/*
 * k8snames.h - Kubernetes names for pod UIDs and container ids, read from a
 * node's log directories (no container runtime socket):
 *   <pods>/<namespace>_<pod>_<uid>/<container>/          (kubelet, 1.14+)
 *   <containers>/<pod>_<namespace>_<container>-<id>.log  (symlinks)
 * where <containers> is the directory "containers" beside <pods>
 * (/var/log/containers for /var/log/pods).
 *
 * The tables are a cache: a lookup that misses rescans the directories, at
 * most once per K8S_RESCAN_MIN_SEC, and they are rescanned at least every
 * refresh interval; names of pods that are gone stay until the table is
 * full, so a kill read after its pod was deleted is still named.
 *
 * Return convention: k8s_names_new returns NULL on allocation failure;
 * k8s_names_lookup returns 1 when anything is known, 0 when nothing is;
 * k8s_names_scan returns a count, or -1 when the directory cannot be read.
 */
#ifndef OOMSCAN_COLLECTOR_K8SNAMES_H
#define OOMSCAN_COLLECTOR_K8SNAMES_H

#include <stdint.h>

#define K8S_MAX_PODS 4096
#define K8S_MAX_CONTAINERS 16384
#define K8S_RESCAN_MIN_SEC 5
#define K8S_DEFAULT_REFRESH_SEC 60

struct k8s_names;

struct k8s_identity {
	char namespace_[64];
	char pod[128];
	char container[64];
};

/*
 * A cache over pods_dir (not read yet). refresh_sec <= 0 selects the
 * default. Returns NULL on allocation failure.
 */
struct k8s_names *k8s_names_new(const char *pods_dir, int refresh_sec);
void k8s_names_free(struct k8s_names *k);

/*
 * Names for a pod UID (dashes or underscores) and/or a container id (full
 * or a prefix of 12+ hex digits); either may be "" or NULL. now is Unix
 * seconds (for the rescan clock). Returns 1 with *out filled as far as known
 * (the pod from the UID, else from the container; the container name from
 * the id), 0 when nothing is known. Not thread-safe.
 */
int k8s_names_lookup(struct k8s_names *k, const char *pod_uid,
		     const char *container_id, int64_t now,
		     struct k8s_identity *out);

/* Rescans now. Returns the number of pods in the table, or -1 when the pods
 * directory cannot be read. */
int k8s_names_scan(struct k8s_names *k, int64_t now);

#endif
