/*
 * anchor_buckets.c - the local search behind the two bucket columns of the
 * scanner's anchors (oom_anchors in parsers/prefilter.c).
 *
 *   build/anchor_buckets LOG... [-- LOG...]...
 *
 * A start in the text is a candidate of a bucket when each of its first
 * four bytes passes that bucket's tables at its position; a false
 * candidate is one where no anchor starts. Each costs a verification (and
 * in the block index a way out of its loop), so the grouping decides the
 * prefilter's speed, never its result. For each kind of table, the nibble
 * tables of SSSE3 and AVX2 (a bucket passes the cross product of its
 * anchors' nibbles; the high nibble of byte 3 open) and the exact byte
 * tables of AVX-512 VBMI (a byte >= 0x80 as its low seven bits), this
 * counts, with the prefilter's own tables for each grouping
 * (prefilter_oom_tables), the false candidates per MiB of each group of logs (groups are
 * separated by "--" and weigh the same whatever their size), summed, for
 * the table's grouping and for the best one a local search (moves and
 * swaps of anchors, from the table's grouping and from a few random ones)
 * finds, and prints the anchors with both columns as the table spells
 * them. Anchors whose first byte is not ASCII stay outside the buckets.
 *
 * A development tool: reads each log whole, trusts nothing in it, and
 * stops with a message when a log cannot be read or holds too many
 * distinct four-byte strings for its table.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../parsers/prefilter.h"

#define GRAM_BITS 23 /* 8 Mi four-byte strings */
#define GRAM_CAP ((size_t)1 << GRAM_BITS)
#define RESTARTS 4

struct gram {
	uint32_t key;  /* four bytes, the first in the low byte */
	float w;       /* its false candidates a MiB, summed over the groups (0: a free slot) */
};

static struct gram *grams; /* hashed while the logs are read, then packed: n_grams */
static size_t n_grams;

static int n_anchors;
static const char *anchor[PREFILTER_MAX_NEEDLES];
static int start_bucket[2][PREFILTER_MAX_NEEDLES]; /* the table's, [0] nibble, [1] exact */

/* 1 when an anchor starts at p (n bytes readable), either case. */
static int anchored(const unsigned char *p, size_t n)
{
	for (int i = 0; i < n_anchors; i++) {
		size_t len = strlen(anchor[i]), j;

		if (len > n)
			continue;
		for (j = 0; j < len && (p[j] | 0x20) == ((unsigned char)anchor[i][j] | 0x20); j++)
			;
		if (j == len)
			return 1;
	}
	return 0;
}

static void gram_add(uint32_t key, float w)
{
	size_t h = (key * 2654435761u) & (GRAM_CAP - 1);

	while (grams[h].w != 0 && grams[h].key != key)
		h = (h + 1) & (GRAM_CAP - 1);
	if (grams[h].w == 0) {
		if (++n_grams > GRAM_CAP / 4 * 3) {
			fprintf(stderr, "anchor_buckets: more than %zu distinct four-byte strings; give fewer logs\n",
				GRAM_CAP / 4 * 3);
			exit(1);
		}
		grams[h].key = key;
	}
	grams[h].w += w;
}

/* Reads path whole into *buf; returns its size, or exits with a message. */
static size_t slurp(const char *path, unsigned char **buf)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 1 << 20, r;
	unsigned char *more;

	if (!f) {
		fprintf(stderr, "anchor_buckets: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	*buf = malloc(cap);
	while (*buf && (r = fread(*buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			more = realloc(*buf, cap *= 2);
			if (!more)
				free(*buf);
			*buf = more;
		}
	}
	if (!*buf || ferror(f)) {
		fprintf(stderr, "anchor_buckets: %s: cannot read it whole\n", path);
		exit(1);
	}
	fclose(f);
	return n;
}

/* Adds one group's logs (paths[0..n-1]) at weight 1 MiB / their bytes. */
static void add_group(char **paths, int n)
{
	double total = 0;
	struct stat st;
	int i;

	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) != 0) {
			fprintf(stderr, "anchor_buckets: %s: %s\n", paths[i], strerror(errno));
			exit(1);
		}
		total += (double)st.st_size;
	}
	for (i = 0; i < n && total > 0; i++) {
		unsigned char *b;
		size_t len = slurp(paths[i], &b), k;

		for (k = 0; k + 4 <= len; k++)
			if (!anchored(b + k, len - k))
				gram_add((uint32_t)b[k] | (uint32_t)b[k + 1] << 8 | (uint32_t)b[k + 2] << 16 |
						 (uint32_t)b[k + 3] << 24,
					 (float)(1048576.0 / total));
		free(b);
	}
}

/* The buckets each byte passes at each position (bit b: bucket b) in the
 * tables of kind 0 (nibble) or 1 (exact) with the grouping g: the
 * prefilter's own tables, so this counts what they pass. */
static void tables(int kind, const int *g, uint8_t pass[4][256])
{
	uint8_t other[4][256];

	if (prefilter_oom_tables(kind ? start_bucket[0] : g, kind ? g : start_bucket[1], kind ? other : pass,
				 kind ? pass : other) < 0) {
		fprintf(stderr, "anchor_buckets: out of memory\n");
		exit(1);
	}
}

/* The false candidates per MiB (summed over the groups) that bucket b of
 * the tables pass lets through. */
static double bucket_cost(uint8_t pass[4][256], int b)
{
	unsigned bit = 1u << b;
	double c = 0;
	size_t h;

	for (h = 0; h < n_grams; h++) {
		uint32_t k = grams[h].key;

		if (pass[0][k & 0xff] & pass[1][(k >> 8) & 0xff] & pass[2][(k >> 16) & 0xff] & pass[3][k >> 24] & bit)
			c += grams[h].w;
	}
	return c;
}

static double cost(int kind, const int *g, double *per)
{
	uint8_t pass[4][256];
	double t = 0;

	tables(kind, g, pass);
	for (int b = 0; b < 8; b++)
		t += per[b] = bucket_cost(pass, b);
	return t;
}

/* Improves g in place by single moves and swaps while one helps; returns
 * its cost. Only the two buckets a step touches are counted again. */
static double descend(int kind, int *g)
{
	double per[8], t = cost(kind, g, per);
	uint8_t pass[4][256];

	for (;;) {
		double best = t, pb1 = 0, pb2 = 0;
		int bi = -1, bj = -1, bt = -1;

		for (int i = 0; i < n_anchors; i++) {
			if (g[i] < 0)
				continue;
			for (int to = 0; to < 8; to++) {
				int from = g[i];
				double c1, c2;

				if (to == from)
					continue;
				g[i] = to;
				tables(kind, g, pass);
				c1 = bucket_cost(pass, from);
				c2 = bucket_cost(pass, to);
				g[i] = from;
				if (t - per[from] - per[to] + c1 + c2 < best - 1e-9) {
					best = t - per[from] - per[to] + c1 + c2;
					bi = i, bj = -1, bt = to, pb1 = c1, pb2 = c2;
				}
			}
			for (int j = i + 1; j < n_anchors; j++) {
				int a = g[i], b = g[j];
				double c1, c2;

				if (g[j] < 0 || a == b)
					continue;
				g[i] = b, g[j] = a;
				tables(kind, g, pass);
				c1 = bucket_cost(pass, a);
				c2 = bucket_cost(pass, b);
				g[i] = a, g[j] = b;
				if (t - per[a] - per[b] + c1 + c2 < best - 1e-9) {
					best = t - per[a] - per[b] + c1 + c2;
					bi = i, bj = j, bt = -1, pb1 = c1, pb2 = c2;
				}
			}
		}
		if (bi < 0)
			return t;
		if (bj >= 0) {
			int a = g[bi], b = g[bj];

			g[bi] = b, g[bj] = a;
			per[a] = pb1, per[b] = pb2;
		} else {
			int from = g[bi];

			g[bi] = bt;
			per[from] = pb1, per[bt] = pb2;
		}
		t = best;
	}
}

int main(int argc, char **argv)
{
	int best[2][PREFILTER_MAX_NEEDLES], g[PREFILTER_MAX_NEEDLES], kind, i, first = 1;
	double start_cost[2], best_cost[2], per[8];

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fprintf(stderr, "usage: anchor_buckets LOG... [-- LOG...]...\n");
		return 2;
	}
	grams = calloc(GRAM_CAP, sizeof(*grams));
	if (!grams) {
		fprintf(stderr, "anchor_buckets: out of memory\n");
		return 1;
	}
	n_anchors = prefilter_oom_count();
	for (i = 0; i < n_anchors; i++) {
		anchor[i] = prefilter_oom_anchor(i);
		start_bucket[0][i] = prefilter_oom_bucket(i, 0);
		start_bucket[1][i] = prefilter_oom_bucket(i, 1);
	}
	for (i = 1; i <= argc; i++)
		if (i == argc || strcmp(argv[i], "--") == 0) {
			if (i > first)
				add_group(argv + first, i - first);
			first = i + 1;
		}
	/* pack the used slots */
	for (size_t h = 0, k = 0; h < GRAM_CAP; h++)
		if (grams[h].w != 0)
			grams[k++] = grams[h];
	srand(1);
	for (kind = 0; kind < 2; kind++) {
		memcpy(best[kind], start_bucket[kind], sizeof(best[kind]));
		start_cost[kind] = cost(kind, best[kind], per);
		best_cost[kind] = descend(kind, best[kind]);
		for (int r = 0; r < RESTARTS; r++) {
			double c;

			for (i = 0; i < n_anchors; i++)
				g[i] = start_bucket[kind][i] < 0 ? -1 : rand() % 8;
			c = descend(kind, g);
			if (c < best_cost[kind]) {
				best_cost[kind] = c;
				memcpy(best[kind], g, sizeof(g));
			}
		}
		printf("%s tables: %.1f false candidates a MiB with the table's grouping, %.1f with the one below\n",
		       kind ? "exact" : "nibble", start_cost[kind], best_cost[kind]);
	}
	for (i = 0; i < n_anchors; i++) {
		printf("\t{ \"");
		for (const unsigned char *c = (const unsigned char *)anchor[i]; *c; c++) {
			if (*c >= 0x80)
				printf("\\x%02x", *c);
			else if (*c == '\\' || *c == '"')
				printf("\\%c", *c);
			else
				putchar(*c);
		}
		printf("\", %d, %d },\n", best[0][i], best[1][i]);
	}
	return 0;
}
