/*
 * test_webconfig.c - the --web.config.file subset: good files, bad files
 * (each refused with a message naming the problem), unknown keys, file
 * loading with relative certificate paths, and the bcrypt password check.
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

#include "helpers.h"
#include <crypt.h>

#include "../../exporter/webconfig.h"

static struct webconfig wc;
static char err[512];

static int parse(const char *text)
{
	return webconfig_parse(text, strlen(text), &wc, err, sizeof(err));
}

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(parse(
		"# oomscan web config\n"
		"---\n"
		"tls_server_config:\n"
		"  cert_file: server.crt   # relative to this file\n"
		"  key_file: \"/etc/oomscan/server key.pem\"\n"
		"\n"
		"basic_auth_users:\n"
		"  alice: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n"
		"  'bob smith': '$2b$05$abcdefghijklmnopqrstuuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'\n"
		"  \"c:\\\\d\": \"$2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\"\n"), -1);
	/* A ':' in a user name cannot work with basic auth. */
	assert_non_null(strstr(err, "contains ':'"));

	assert_int_equal(parse(
		"tls_server_config:\r\n"
		"  cert_file: server.crt   # relative to this file\r\n"
		"  key_file: \"/etc/oomscan/server key.pem\"\r\n"
		"basic_auth_users:\n"
		"    alice: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n"
		"    'bob''s': '$2b$05$abcdefghijklmnopqrstuuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'\n"), 0);
	assert_true(wc.tls);
	assert_string_equal(wc.cert_file, "server.crt");
	assert_string_equal(wc.key_file, "/etc/oomscan/server key.pem");
	assert_int_equal(wc.n_users, 2);
	assert_string_equal(wc.users[0].name, "alice");
	assert_string_equal(wc.users[0].hash,
			    "$2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO");
	assert_string_equal(wc.users[1].name, "bob's");
	assert_string_equal(wc.users[1].hash, "$2b$05$abcdefghijklmnopqrstuuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
}

static void test_empty_and_null_sections(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_false(wc.tls);
	assert_int_equal(wc.n_users, 0);
	assert_int_equal(parse("# nothing\n\n"), 0);
	assert_int_equal(parse("basic_auth_users: {}\ntls_server_config:\n"), 0);
	assert_false(wc.tls);
	assert_int_equal(parse("basic_auth_users: null   # off\n"), 0);
}

static void expect_error(const char *text, const char *needle)
{
	assert_int_equal(parse(text), -1);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" lacks \"%s\"", err, needle);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	expect_error("tls_server_config:\n  cert_file: a\n  key_file: b\n  colour: red\n",
		     "line 4: unknown key \"colour\" in tls_server_config");
	expect_error("basic_auth_user:\n  a: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "line 1: unknown key \"basic_auth_user\"");
	expect_error("http_server_config:\n  http2: false\n", "not supported");
	expect_error("tls_server_config:\n  client_ca_file: ca.pem\n",
		     "client_ca_file is not supported");
}

static void test_bad(void **state)
{
	(void)state;
	expect_error("tls_server_config:\n  cert_file: a\n", "both cert_file and key_file");
	expect_error("tls_server_config:\n  cert_file: a\n  cert_file: b\n  key_file: c\n",
		     "line 3: duplicate key");
	expect_error("basic_auth_users:\n  a: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n  a: $2y$10$D4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "duplicate user");
	expect_error("basic_auth_users:\n  a: plaintext\n", "not a bcrypt hash");
	expect_error("basic_auth_users:\n\ta: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "tabs");
	expect_error("basic_auth_users:\n  - a\n", "sequences");
	expect_error("basic_auth_users: [a, b]\n", "flow collections");
	expect_error("basic_auth_users: {a: b}\n", "line 1");
	expect_error("basic_auth_users:\n  a: \"$2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "unterminated");
	expect_error("basic_auth_users:\n  a: \"$2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\" junk\n", "unexpected text");
	expect_error("basic_auth_users:\n  a: &x $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "anchors");
	expect_error("basic_auth_users:\n  a: |\n", "block scalars");
	expect_error("basic_auth_users:\n  a: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n    b: $2y$10$D4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "indentation");
	expect_error("  a: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "outside a section");
	expect_error("tls_server_config:\n  cert_file:\n    nested: x\n", "line 2");
	expect_error("tls_server_config: x\n", "must be a mapping");
	expect_error("tls_server_config:\ntls_server_config:\n", "duplicate key");
	expect_error("just text\n", "expected \"key: value\"");
	expect_error("basic_auth_users:\n  a: b: c\n", "line 2");
	expect_error("%YAML 1.2\n", "directives");
	expect_error("a: b\n---\nc: d\n", "line 1");
	expect_error("basic_auth_users:\n  \"a\\q\": $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", "escape");
}

static void test_caps(void **state)
{
	char *big;
	size_t n, i;
	int k;

	(void)state;
	/* Too many users. */
	n = (WEBCONFIG_MAX_USERS + 2) * 96 + 32;
	big = malloc(n);
	assert_non_null(big);
	k = snprintf(big, n, "basic_auth_users:\n");
	for (i = 0; i < WEBCONFIG_MAX_USERS + 1; i++)
		k += snprintf(big + k, n - (size_t)k, "  u%zu: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n", i);
	expect_error(big, "more than");
	free(big);

	/* A long line. */
	n = WEBCONFIG_MAX_LINE + 64;
	big = malloc(n);
	assert_non_null(big);
	memset(big, 'a', n - 1);
	big[n - 1] = '\0';
	expect_error(big, "longer than");
	/* A long user name. */
	memcpy(big, "basic_auth_users:\n  ", 20);
	memcpy(big + 220, ": $2y$x\n", 9);
	expect_error(big, "line 2: value longer than");
	free(big);

	/* NUL bytes and sizes: parse honours n and never reads past it. */
	assert_int_equal(webconfig_parse("basic_auth_users: {}\0junk", 26, &wc, err,
					 sizeof(err)), -1);
	assert_int_equal(webconfig_parse("basic_auth_users: {}XXXX", 20, &wc, err,
					 sizeof(err)), 0);
}

static void test_load_resolves_relative(void **state)
{
	char dir[] = "/tmp/oomscan-wc-XXXXXX", path[256], p2[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/web.yml", dir);
	th_write_file(path, "tls_server_config:\n  cert_file: c.pem\n  key_file: k.pem\n");
	/* Missing certificate file: a load error naming it. */
	assert_int_equal(webconfig_load(path, &wc, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "c.pem"));
	snprintf(p2, sizeof(p2), "%s/c.pem", dir);
	th_write_file(p2, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
	snprintf(p2, sizeof(p2), "%s/k.pem", dir);
	th_write_file(p2, "not a pem\n");
	assert_int_equal(webconfig_load(path, &wc, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a PEM"));
	th_write_file(p2, "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n");
	assert_int_equal(webconfig_load(path, &wc, err, sizeof(err)), 0);
	assert_true(wc.tls);
	snprintf(p2, sizeof(p2), "%s/c.pem", dir);
	assert_string_equal(wc.cert_file, p2);
	assert_non_null(strstr(wc.cert_pem, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(wc.key_pem, "BEGIN PRIVATE KEY"));
	webconfig_release(&wc);
	assert_null(wc.cert_pem);

	snprintf(p2, sizeof(p2), "%s/missing.yml", dir);
	assert_int_equal(webconfig_load(p2, &wc, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "missing.yml"));

	/* Parse errors name the file. */
	th_write_file(path, "bogus: 1\n");
	assert_int_equal(webconfig_load(path, &wc, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "web.yml: line 1"));
	assert_int_equal(system("rm -rf /tmp/oomscan-wc-*") == -1, 0);
}

static void test_password(void **state)
{
	char salt[64], hash[WEBCONFIG_HASH_MAX];
	const char *h;

	(void)state;
	assert_non_null(crypt_gensalt_rn("$2b$", 4, NULL, 0, salt, sizeof(salt)));
	h = crypt(("s3cret"), salt);
	assert_non_null(h);
	snprintf(hash, sizeof(hash), "%s", h);
	assert_int_equal(webconfig_check_password(hash, "s3cret"), 1);
	assert_int_equal(webconfig_check_password(hash, "s3cre"), 0);
	assert_int_equal(webconfig_check_password(hash, "s3cret "), 0);
	assert_int_equal(webconfig_check_password(hash, ""), 0);
	assert_int_equal(webconfig_check_password(NULL, "s3cret"), 0);
	/* A malformed hash never matches. */
	assert_int_equal(webconfig_check_password("$2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zOx", "s3cret"), 0);
	assert_int_equal(webconfig_check_password("", ""), 0);

	assert_int_equal(parse("basic_auth_users:\n  alice: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n"), 0);
	assert_int_equal(webconfig_user_hash(&wc, "alice", hash, sizeof(hash)), 1);
	assert_string_equal(hash, "$2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO");
	/* A malformed hash is refused at load, not at every login. */
	expect_error("basic_auth_users:\n  alice: $2y$abc\n", "not a bcrypt hash");
	expect_error("basic_auth_users:\n  alice: $2y$03$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n",
		     "not a bcrypt hash"); /* cost below 4 */
	expect_error("basic_auth_users:\n  alice: $2y$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6z!\n",
		     "not a bcrypt hash");
	expect_error("basic_auth_users:\n  alice: $2x$10$C4ZlBNj9fwFfcFLNIJGlPOTZzEdgGngR4LqeQA1c6KCNbjBP5d6zO\n",
		     "not a bcrypt hash");
	assert_int_equal(webconfig_user_hash(&wc, "bob", hash, sizeof(hash)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_empty_and_null_sections),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_load_resolves_relative),
		cmocka_unit_test(test_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
