/*
 * fuzz_decomp.c - libFuzzer target: arbitrary bytes as a compressed input.
 * Recognition and decoding (xz, zstd, bzip2) must never crash, leak or read
 * outside the bytes, whatever the stream holds; the bytes are handed to the
 * decoder in pieces whose size the input's length picks. What a stream
 * decodes to is capped (a small stream may expand without end).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../collector/decomp.h"

#define FUZZ_OUT_MAX (16u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *p;
	size_t n, at, chunk;
};

static ssize_t mem_raw(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->n - m->at;

	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->at, k);
	m->at += k;
	return (ssize_t)k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[64 * 1024];
	struct mem m = { data, size, 0, 1 + size % 251 };
	enum decomp_kind k = decomp_sniff(data, size);
	struct decomp *d;
	size_t total = 0;
	char err[256];
	ssize_t r;

	(void)decomp_journal_file(data, size);
	if (k == DECOMP_NONE || !decomp_built(k))
		return 0;
	d = decomp_new(k, mem_raw, &m, NULL, 0, err, sizeof(err));
	if (!d)
		return 0;
	while (total < FUZZ_OUT_MAX && (r = decomp_read(d, out, sizeof(out), err, sizeof(err))) > 0)
		total += (size_t)r;
	decomp_free(d);
	return 0;
}
