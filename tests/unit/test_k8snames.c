/*
 * test_k8snames.c - Kubernetes names from a kubelet log tree: the fixture
 * tests/data/k8s/log (lookups by pod UID with dashes or underscores, by full
 * and short container id, misses, directories that are not pods), and a
 * scratch tree for the cache (a new pod named only after a rescan, which a
 * miss triggers at most every K8S_RESCAN_MIN_SEC; a deleted pod still named).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../collector/k8snames.h"

#define UID "6d5c4b3a-2f1e-4d0c-8b9a-7f6e5d4c3b2a"
#define CID "5c2a1e9f8d7b6a5c4e3d2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"

static struct k8s_names *fixture(void)
{
	char path[512];
	const char *src = getenv("OOMSCAN_SRC");
	struct k8s_names *k;

	snprintf(path, sizeof(path), "%s/tests/data/k8s/log/pods", src ? src : ".");
	k = k8s_names_new(path, 0);
	assert_non_null(k);
	return k;
}

static void test_fixture(void **state)
{
	struct k8s_names *k = fixture();
	struct k8s_identity id;

	(void)state;
	assert_int_equal(k8s_names_scan(k, 1000), 2); /* two pods; two dirs are not */
	assert_int_equal(k8s_names_lookup(k, UID, CID, 1000, &id), 1);
	assert_string_equal(id.namespace_, "shop");
	assert_string_equal(id.pod, "cart-7d4b9");
	assert_string_equal(id.container, "redis");
	/* systemd driver spelling, and the 12-digit short id */
	assert_int_equal(k8s_names_lookup(k, "6d5c4b3a_2f1e_4d0c_8b9a_7f6e5d4c3b2a",
					  "0123456789ab", 1000, &id), 1);
	assert_string_equal(id.pod, "cart-7d4b9");
	assert_string_equal(id.container, "app");
	/* a container id alone names its pod too */
	assert_int_equal(k8s_names_lookup(k, "", CID, 1000, &id), 1);
	assert_string_equal(id.namespace_, "shop");
	assert_string_equal(id.pod, "cart-7d4b9");
	/* a pod without container links: pod known, container not */
	assert_int_equal(k8s_names_lookup(k, "1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6",
					  "aa11bb22cc33", 1000, &id), 1);
	assert_string_equal(id.namespace_, "kube-system");
	assert_string_equal(id.pod, "coredns-5d78c");
	assert_string_equal(id.container, "");
	/* nothing known */
	assert_int_equal(k8s_names_lookup(k, "ffffffff-0000-0000-0000-000000000000", "", 1000, &id), 0);
	assert_int_equal(k8s_names_lookup(k, "", "5c2a1e9f", 1000, &id), 0); /* too short an id */
	assert_int_equal(k8s_names_lookup(k, NULL, NULL, 1000, &id), 0);
	k8s_names_free(k);
}

static void touch_pod(const char *root, const char *dir)
{
	char p[600];

	snprintf(p, sizeof(p), "%s/pods/%s", root, dir);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void test_cache(void **state)
{
	char root[] = "/tmp/oomscan-k8s-XXXXXX", pods[64], cmd[128];
	struct k8s_names *k;
	struct k8s_identity id;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(pods, sizeof(pods), "%s/pods", root);
	assert_int_equal(mkdir(pods, 0755), 0);
	touch_pod(root, "a_one_11111111-1111-1111-1111-111111111111");
	k = k8s_names_new(pods, 60);
	assert_non_null(k);
	assert_int_equal(k8s_names_lookup(k, "11111111-1111-1111-1111-111111111111", "", 100, &id), 1);
	assert_string_equal(id.pod, "one");

	touch_pod(root, "b_two_22222222-2222-2222-2222-222222222222");
	/* A miss right after a scan does not rescan ... */
	assert_int_equal(k8s_names_lookup(k, "22222222-2222-2222-2222-222222222222", "", 102, &id), 0);
	/* ... one K8S_RESCAN_MIN_SEC later it does. */
	assert_int_equal(k8s_names_lookup(k, "22222222-2222-2222-2222-222222222222", "",
					  100 + K8S_RESCAN_MIN_SEC, &id), 1);
	assert_string_equal(id.namespace_, "b");

	/* A deleted pod keeps its name (its kill may be read later). */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/a_one_11111111-1111-1111-1111-111111111111'", pods);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(k8s_names_scan(k, 200), 2);
	assert_int_equal(k8s_names_lookup(k, "11111111-1111-1111-1111-111111111111", "", 200, &id), 1);
	assert_string_equal(id.pod, "one");
	k8s_names_free(k);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_missing_dir(void **state)
{
	struct k8s_names *k = k8s_names_new("/nonexistent/oomscan/pods", 0);
	struct k8s_identity id;

	(void)state;
	assert_non_null(k);
	assert_int_equal(k8s_names_scan(k, 1), -1);
	assert_int_equal(k8s_names_lookup(k, UID, CID, 1, &id), 0);
	k8s_names_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_missing_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
