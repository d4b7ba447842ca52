/*
 * webconfig.h - the exporter-toolkit --web.config.file subset oomscan reads:
 *
 *   tls_server_config:
 *     cert_file: server.crt      # relative paths: to the file's directory
 *     key_file: server.key
 *   basic_auth_users:
 *     alice: $2y$10$...          # bcrypt hashes
 *
 * Anything else (another key, a sequence, an anchor, a flow collection other
 * than {}) is refused with a message naming the line.
 */
#ifndef OOMSCAN_EXPORTER_WEBCONFIG_H
#define OOMSCAN_EXPORTER_WEBCONFIG_H

#include <stddef.h>

#define WEBCONFIG_MAX_BYTES (64 * 1024) /* the file's size cap */
#define WEBCONFIG_MAX_LINE 4096
#define WEBCONFIG_MAX_USERS 64
#define WEBCONFIG_NAME_MAX 128
#define WEBCONFIG_HASH_MAX 128
#define WEBCONFIG_PATH_MAX 4096

struct webconfig_user {
	char name[WEBCONFIG_NAME_MAX];
	char hash[WEBCONFIG_HASH_MAX];
};

struct webconfig {
	int tls; /* tls_server_config given: cert_file and key_file both set */
	char cert_file[WEBCONFIG_PATH_MAX];
	char key_file[WEBCONFIG_PATH_MAX];
	char *cert_pem; /* file contents, NUL-terminated (webconfig_load only) */
	char *key_pem;
	int n_users;
	struct webconfig_user users[WEBCONFIG_MAX_USERS];
};

/*
 * Parses the YAML text (n bytes, need not be NUL-terminated) into *out, which
 * is zeroed first; relative file names are left as written. Returns 0, or -1
 * with a message in err ("line 3: unknown key \"foo\" in tls_server_config").
 * Pure and thread-safe; never reads past text + n.
 */
int webconfig_parse(const char *text, size_t n, struct webconfig *out,
		    char *err, size_t errn);

/*
 * Reads and parses the file at path, resolves cert_file and key_file
 * against the file's directory and reads them into cert_pem and key_pem.
 * Returns 0, or -1 with a message in err; on failure *out holds nothing to
 * free. Free a loaded config with webconfig_release.
 */
int webconfig_load(const char *path, struct webconfig *out, char *err,
		   size_t errn);

/* Frees cert_pem and key_pem; the struct itself stays the caller's. */
void webconfig_release(struct webconfig *wc);

/*
 * Looks up user; copies its hash into hash (size hashn). Returns 1 when the
 * user exists, 0 otherwise.
 */
int webconfig_user_hash(const struct webconfig *wc, const char *user,
			char *hash, size_t hashn);

/*
 * Checks pass against a crypt(3) hash (bcrypt $2y$/$2b$/$2a$, or any other
 * scheme libcrypt knows) with a constant-time comparison of the result.
 * hash NULL runs a dummy hash of similar cost and fails, so an unknown user
 * costs as much as a wrong password. Returns 1 on a match, 0 otherwise.
 * Thread-safe (crypt_r).
 */
int webconfig_check_password(const char *hash, const char *pass);

#endif
