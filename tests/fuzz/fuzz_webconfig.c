/*
 * fuzz_webconfig.c - libFuzzer target for the --web.config.file parser:
 * any bytes must parse or be refused with a message, never crash or read
 * past the input, and a parsed config must be self-consistent.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../exporter/webconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct webconfig wc;
	char err[256];
	int i;

	if (webconfig_parse((const char *)data, size, &wc, err, sizeof(err)) == 0) {
		assert(wc.n_users >= 0 && wc.n_users <= WEBCONFIG_MAX_USERS);
		assert(!wc.tls || (wc.cert_file[0] && wc.key_file[0]));
		for (i = 0; i < wc.n_users; i++) {
			assert(wc.users[i].name[0] && !strchr(wc.users[i].name, ':'));
			assert(strncmp(wc.users[i].hash, "$2", 2) == 0);
		}
	} else {
		assert(err[0] != '\0');
	}
	return 0;
}
