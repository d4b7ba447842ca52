/*
 * test_journal.c - journal files read whole as text (journal_text_*, and
 * through the line reader): real files written by systemd-journal-remote
 * from export-format entries give each entry's lines with the rsyslog
 * prefix, a message's lines each behind it, the same text however small
 * the reads, a directory (and its machine-id folder) the files interleaved
 * by time; serve's reader the same lines one by one, resumed by a cursor
 * in the middle of a message's lines. Skipped without libsystemd in the
 * build or the Debian package systemd-journal-remote. (serve on journal
 * files: e2e journal_remote.sh.)
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../collector/journal.h"
#include "../../collector/lines.h"

static char dir[] = "/tmp/oomscan-test-journal-XXXXXX";
static const char *remote;

static const char *const remotes[] = { "/lib/systemd/systemd-journal-remote",
				       "/usr/lib/systemd/systemd-journal-remote" };

#define T0 1700000000000000ull /* 2023-11-14T22:13:20Z */

/* Appends one export-format entry at usec: the host, the fields (NULL
 * ended, "NAME=value" text), and MESSAGE: with newlines in the binary form
 * (its length first). */
static void put_entry(FILE *f, unsigned long long usec, const char *host, const char *const *fields,
		      const char *msg)
{
	uint64_t n = strlen(msg);
	unsigned char len[8];
	int i;

	fprintf(f, "__REALTIME_TIMESTAMP=%llu\n__MONOTONIC_TIMESTAMP=%llu\n", usec, usec - T0 + 1000000);
	fprintf(f, "_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=%s\n", host);
	for (i = 0; fields[i]; i++)
		fprintf(f, "%s\n", fields[i]);
	if (!strchr(msg, '\n')) {
		fprintf(f, "MESSAGE=%s\n\n", msg);
		return;
	}
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	fputs("MESSAGE\n", f);
	fwrite(len, 1, 8, f);
	fwrite(msg, 1, (size_t)n, f);
	fputs("\n\n", f);
}

static const char *const kernel_fields[] = { "_TRANSPORT=kernel", "SYSLOG_IDENTIFIER=kernel", NULL };
static const char *const java_fields[] = { "_TRANSPORT=stdout", "_SYSTEMD_UNIT=app.service", "SYSLOG_IDENTIFIER=java",
					   "_PID=4242", NULL };
static const char *const comm_fields[] = { "_TRANSPORT=syslog", "_SYSTEMD_UNIT=redis.service", "_COMM=redis-server",
					   NULL };

/* Writes the export text of host's entries (from usec t, 2 s apart) and
 * the journal file path made of it. 0, or -1 when the tool failed. */
static int make_journal(const char *path, const char *host, unsigned long long t)
{
	char exp[300], cmd[900];
	FILE *f;

	snprintf(exp, sizeof(exp), "%s.export", path);
	f = fopen(exp, "wb");
	assert_non_null(f);
	put_entry(f, t, host, kernel_fields, "Memory cgroup out of memory: Killed process 90412 (stress) "
					     "total-vm:1205020kB, anon-rss:1048576kB, file-rss:0kB, shmem-rss:0kB, "
					     "UID:0 pgtables:2100kB oom_score_adj:0");
	put_entry(f, t + 2000000, host, java_fields,
		  "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
		  "\tat Main.grow(Main.java:7)\n\tat Main.main(Main.java:3)\n");
	put_entry(f, t + 4000000, host, comm_fields, "Can't save in background: fork: Cannot allocate memory");
	put_entry(f, t + 6000000, host, kernel_fields, "");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' --output='%s' --split-mode=none '%s' 2>/dev/null", remote, path, exp);
	return system(cmd) == 0 ? 0 : -1;
}

/* The text of make_journal's entries for host from t (what the reader
 * must give, byte for byte). */
static void want_text(char *out, size_t n, const char *host, int sec)
{
	snprintf(out, n,
		 "2023-11-14T22:13:%02d.000000+00:00 %s kernel: Memory cgroup out of memory: Killed process 90412 "
		 "(stress) total-vm:1205020kB, anon-rss:1048576kB, file-rss:0kB, shmem-rss:0kB, UID:0 "
		 "pgtables:2100kB oom_score_adj:0\n"
		 "2023-11-14T22:13:%02d.000000+00:00 %s java[4242]: Exception in thread \"main\" "
		 "java.lang.OutOfMemoryError: Java heap space\n"
		 "2023-11-14T22:13:%02d.000000+00:00 %s java[4242]: \tat Main.grow(Main.java:7)\n"
		 "2023-11-14T22:13:%02d.000000+00:00 %s java[4242]: \tat Main.main(Main.java:3)\n"
		 "2023-11-14T22:13:%02d.000000+00:00 %s redis-server: Can't save in background: fork: Cannot "
		 "allocate memory\n"
		 "2023-11-14T22:13:%02d.000000+00:00 %s kernel: \n",
		 sec, host, sec + 2, host, sec + 2, host, sec + 2, host, sec + 4, host, sec + 6, host);
}

/* Reads jt to its end in reads of step bytes; the text, NUL ended. */
static size_t read_all(struct journal_text *jt, char *out, size_t cap, size_t step)
{
	char err[256];
	size_t got = 0;
	ssize_t r;

	while ((r = journal_text_read(jt, out + got, step < cap - got ? step : cap - got, err, sizeof(err))) > 0)
		got += (size_t)r;
	assert_int_equal(r, 0);
	out[got] = '\0';
	return got;
}

static int have_tools(void)
{
	if (!remote) {
		print_message("skipped: systemd-journal-remote (Debian package) is not installed\n");
		return 0;
	}
#ifndef OOMSCAN_HAVE_SYSTEMD
	print_message("skipped: built without libsystemd\n");
	return 0;
#else
	return 1;
#endif
}

/* One file: every entry's lines with their prefix, in reads of any size
 * (the prefix, a message and a line cut anywhere between two reads). */
static void test_file_text(void **state)
{
	static const size_t steps[] = { 1, 2, 3, 7, 64, 100, 4096 };
	char path[300], want[2048], got[4096], err[256];
	struct journal_text *jt;
	size_t i;
	int fd;

	(void)state;
	if (!have_tools())
		skip();
	snprintf(path, sizeof(path), "%s/a.journal", dir);
	assert_int_equal(make_journal(path, "node1", T0), 0);
	want_text(want, sizeof(want), "node1", 20);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		assert_true(fd >= 0);
		jt = journal_text_open(fd, 0, err, sizeof(err));
		assert_non_null(jt);
		read_all(jt, got, sizeof(got) - 1, steps[i]);
		assert_string_equal(got, want);
		journal_text_free(jt);
		close(fd);
	}
}

/* A directory: journal_dir_holds sees files in it and in a machine-id
 * folder, not in other folders; two hosts' files come out interleaved
 * by time, as journalctl -D gives them. */
static void test_directory(void **state)
{
	char d[300], sub[400], p[500], a[2048], b[2048], got[8192], err[256];
	const char *tail;
	struct journal_text *jt;
	int fd;

	(void)state;
	if (!have_tools())
		skip();
	snprintf(d, sizeof(d), "%s/var", dir);
	assert_int_equal(mkdir(d, 0755), 0);
	assert_false(journal_dir_holds(d));
	snprintf(sub, sizeof(sub), "%s/notes", d);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(p, sizeof(p), "%s/x.journal", sub);
	th_write_file(p, "not here\n");
	assert_false(journal_dir_holds(d)); /* (not a machine id) */
	snprintf(sub, sizeof(sub), "%s/0123456789abcdef0123456789abcdef", d);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(p, sizeof(p), "%s/system.journal", sub);
	assert_int_equal(make_journal(p, "node1", T0), 0);
	snprintf(p, sizeof(p), "%s/remote-node2.journal", sub);
	assert_int_equal(make_journal(p, "node2", T0 + 1000000), 0);
	snprintf(p, sizeof(p), "%s/system.journal.export", sub);
	unlink(p);
	snprintf(p, sizeof(p), "%s/remote-node2.journal.export", sub);
	unlink(p);
	assert_true(journal_dir_holds(d));
	assert_true(journal_dir_holds(sub));

	fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	jt = journal_text_open(fd, 1, err, sizeof(err));
	assert_non_null(jt);
	read_all(jt, got, sizeof(got) - 1, 333);
	journal_text_free(jt);
	close(fd);
	/* node1's entries at :20 :22 :24 :26, node2's at :21 :23 :25 :27 */
	want_text(a, sizeof(a), "node1", 20);
	want_text(b, sizeof(b), "node2", 21);
	assert_int_equal(strlen(got), strlen(a) + strlen(b));
	assert_non_null(strstr(got, "22:13:20.000000+00:00 node1 kernel: Memory cgroup out of memory"));
	assert_true(strstr(got, "22:13:21.000000+00:00 node2 kernel:") > strstr(got, "22:13:20.000000+00:00 node1"));
	assert_true(strstr(got, "22:13:22.000000+00:00 node1 java") > strstr(got, "22:13:21.000000+00:00 node2"));
	tail = "2023-11-14T22:13:27.000000+00:00 node2 kernel: \n";
	assert_string_equal(got + strlen(got) - strlen(tail), tail);
}

/* Through the line reader: a journal file and a directory give the same
 * lines by lines and by blocks, say "journal", and cannot seek; a
 * directory without journal files and a journal file on standard input
 * are refused with what to do. */
static void test_line_reader(void **state)
{
	char path[300], want[2048], got[4096], err[512], dec[64];
	struct line_reader *lr;
	struct span line, blk;
	size_t n = 0;
	int cut, rc;

	(void)state;
	if (!have_tools())
		skip();
	snprintf(path, sizeof(path), "%s/b.journal", dir);
	assert_int_equal(make_journal(path, "node3", T0), 0);
	want_text(want, sizeof(want), "node3", 20);

	lr = lines_open(path, err, sizeof(err));
	assert_non_null(lr);
	while ((rc = lines_next(lr, &line, &cut, err, sizeof(err))) == 1) {
		assert_false(cut);
		memcpy(got + n, line.p, line.n);
		n += line.n;
		got[n++] = '\n';
	}
	assert_int_equal(rc, 0);
	got[n] = '\0';
	assert_string_equal(got, want);
	assert_string_equal(lines_decoding(lr, dec, sizeof(dec)), "journal");
	assert_int_equal(lines_compressed(lr), 1);
	assert_int_equal(lines_seek(lr, 10), -1);
	lines_close(lr);

	lr = lines_open(path, err, sizeof(err));
	assert_non_null(lr);
	n = 0;
	while ((rc = lines_next_block(lr, &blk, err, sizeof(err))) == 1) {
		memcpy(got + n, blk.p, blk.n);
		n += blk.n;
	}
	assert_int_equal(rc, 0);
	got[n] = '\0';
	assert_string_equal(got, want);
	lines_close(lr);

	/* dir holds b.journal itself: read as a directory too */
	lr = lines_open(dir, err, sizeof(err));
	assert_non_null(lr);
	assert_string_equal(lines_decoding(lr, dec, sizeof(dec)), "journal");
	lines_close(lr);
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_null(lines_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, "is a directory (and holds no journal files)"));
}

/* Every line journal_next hands out from jr, each ended by '\n', into out
 * (max lines; -1 for all). */
static size_t live_lines(struct journal *jr, char *out, size_t cap, int max)
{
	struct span line;
	size_t got = 0;
	int cut, k = 0;

	while ((max < 0 || k < max) && journal_next(jr, &line, &cut) == 1) {
		assert_false(cut);
		assert_true(got + line.n + 1 < cap);
		memcpy(out + got, line.p, line.n);
		got += line.n;
		out[got++] = '\n';
		k++;
	}
	out[got] = '\0';
	return got;
}

/* serve's reader (journal_open/journal_next): the same lines as the text
 * reader, a message's lines one by one behind its prefix, the kernel's
 * with their host; a cursor saved in the middle of a message's lines
 * resumes at the next of them, one saved after them at the next entry. */
static void test_live_lines(void **state)
{
	const char *const all[] = { "*" };
	char d[300], p[400], want[2048], got[4096], cur[512], err[256];
	struct journal *jr;
	size_t n;

	(void)state;
	if (!have_tools())
		skip();
	snprintf(d, sizeof(d), "%s/live", dir);
	assert_int_equal(mkdir(d, 0755), 0);
	snprintf(p, sizeof(p), "%s/system.journal", d);
	assert_int_equal(make_journal(p, "node4", T0), 0);
	want_text(want, sizeof(want), "node4", 20);

	jr = journal_open(d, all, 1, NULL, err, sizeof(err));
	assert_non_null(jr);
	live_lines(jr, got, sizeof(got), -1);
	assert_string_equal(got, want);
	journal_close(jr);

	/* two lines out: the kernel's and the Java message's first */
	jr = journal_open(d, all, 1, NULL, err, sizeof(err));
	assert_non_null(jr);
	n = live_lines(jr, got, sizeof(got), 2);
	assert_int_equal(journal_cursor(jr, cur, sizeof(cur)), 0);
	assert_non_null(strstr(cur, " +1"));
	journal_close(jr);
	jr = journal_open(d, all, 1, cur, err, sizeof(err));
	assert_non_null(jr);
	live_lines(jr, got + n, sizeof(got) - n, 2);
	assert_true(strncmp(got, want, strlen(got)) == 0);
	assert_non_null(strstr(got, "java[4242]: \tat Main.main(Main.java:3)\n"));
	/* the message's last line out: the cursor is the entry's own */
	assert_int_equal(journal_cursor(jr, cur, sizeof(cur)), 0);
	assert_null(strstr(cur, " +"));
	journal_close(jr);
	n = strlen(got);
	jr = journal_open(d, all, 1, cur, err, sizeof(err));
	assert_non_null(jr);
	live_lines(jr, got + n, sizeof(got) - n, -1);
	assert_string_equal(got, want);
	journal_close(jr);

	/* without units: the kernel's entries only */
	jr = journal_open(d, NULL, 0, NULL, err, sizeof(err));
	assert_non_null(jr);
	live_lines(jr, got, sizeof(got), -1);
	assert_non_null(strstr(got, "node4 kernel: Memory cgroup out of memory"));
	assert_null(strstr(got, "java"));
	journal_close(jr);
}

static int setup(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(remotes) / sizeof(remotes[0]); i++)
		if (access(remotes[i], X_OK) == 0)
			remote = remotes[i];
	return th_tmpdir(dir);
}

static int teardown(void **state)
{
	(void)state;
	return th_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_text),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_line_reader),
		cmocka_unit_test(test_live_lines),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
