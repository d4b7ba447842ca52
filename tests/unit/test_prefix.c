/*
 * test_prefix.c - unit tests for the line-prefix parser: a table of
 * real-shaped lines in every supported format with the expected pieces,
 * each parsed flush against a guard page and cut at every byte offset.
 *
 * Single-threaded test program.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#include "../../parsers/prefix.h"

#define NOUP INT64_MIN /* no uptime expected */
#define ANY -2         /* tag_pid / is_kernel not checked */

struct tcase {
	const char *line;
	enum prefix_fmt fmt;
	const char *host;
	const char *tag;
	int64_t pid;
	const char *time; /* RFC 3339 UTC as event_format_time prints it, or NULL */
	int64_t uptime;
	int is_kernel;
	const char *msg;
};

/* Parsed with year_hint 2024 and no ref_time. */
static const struct tcase cases[] = {
	/* raw dmesg */
	{ "[  123.456789] Out of memory: Killed process 28438 (java)",
	  PREFIX_DMESG, "", "", -1, NULL, 123456789, 1,
	  "Out of memory: Killed process 28438 (java)" },
	{ "[  828.600750][ T5241] doxygen invoked oom-killer: gfp_mask=0x140cca",
	  PREFIX_DMESG, "", "", -1, NULL, 828600750, 1,
	  "doxygen invoked oom-killer: gfp_mask=0x140cca" },
	{ "[    1.2][    C3] CPU: 3 PID: 1 Comm: swapper",
	  PREFIX_DMESG, "", "", -1, NULL, 1200000, 1, "CPU: 3 PID: 1 Comm: swapper" },
	{ "[  829.000001] [  pid  ]   uid  tgid total_vm      rss name",
	  PREFIX_DMESG, "", "", -1, NULL, 829000001, 1,
	  "[  pid  ]   uid  tgid total_vm      rss name" },
	{ "[1234567.000000]  dump_stack+0x5c/0x80",
	  PREFIX_DMESG, "", "", -1, NULL, 1234567000000LL, 1, "dump_stack+0x5c/0x80" },
	{ "[    5.000000] Call Trace:",
	  PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "Call Trace:" },
	{ "[    5.000000] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
	  PREFIX_DMESG, "", "", -1, NULL, 5000000, 1,
	  "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)" },
	/* A program's line (dmesg of a /dev/kmsg write, or journalctl -o
	 * short-monotonic without a host): its tag, not the kernel's. */
	{ "[    5.000000] systemd[1]: Started Journal Service.",
	  PREFIX_JOURNAL_MONO, "", "systemd", 1, NULL, 5000000, 0, "Started Journal Service." },
	{ "[    1.000000] <hostname> earlyoom[26328]: sending SIGTERM to process 1",
	  PREFIX_JOURNAL_MONO, "<hostname>", "earlyoom", 26328, NULL, 1000000, 0, "sending SIGTERM to process 1" },
	{ "[   77.749670] systemd-oomd[659]: Marked /system.slice/a.service for killing",
	  PREFIX_JOURNAL_MONO, "", "systemd-oomd", 659, NULL, 77749670, 0, "Marked /system.slice/a.service for killing" },
	{ "<6>[    0.000000] Linux version 6.1.0",
	  PREFIX_DMESG, "", "", -1, NULL, 0, 1, "Linux version 6.1.0" },
	/* dmesg -x, also with -T and -t */
	{ "kern  :warn  : [  123.456789] Out of memory: Killed process 1 (x)",
	  PREFIX_DMESG, "", "", -1, NULL, 123456789, 1, "Out of memory: Killed process 1 (x)" },
	{ "daemon:info  : [    7.000000] systemd[1]: Started x.",
	  PREFIX_DMESG, "", "systemd", 1, NULL, 7000000, 0, "Started x." },
	{ "kern  :err   : [Thu Dec  7 00:05:14 2017] Mem-Info:",
	  PREFIX_DMESG_T, "", "", -1, "2017-12-07T00:05:14Z", NOUP, 1, "Mem-Info:" },
	{ "kern  :info  : Mem-Info:", PREFIX_DMESG, "", "", -1, NULL, NOUP, 1, "Mem-Info:" },
	{ "kernel:warn  : x", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "kernel:warn  : x" },
	/* OpenWrt logread: ctime date with its year, facility.level, no host */
	{ "Fri Aug  7 08:24:06 2026 kern.err kernel: [13579.902481] Out of memory: Killed process 1247 (smartdns)",
	  PREFIX_SYSLOG, "", "kernel", -1, "2026-08-07T08:24:06Z", 13579902481LL, 1,
	  "Out of memory: Killed process 1247 (smartdns)" },
	{ "Sat Jan 25 09:40:15 2020 kern.info kernel: [22042.979908] Mem-Info:",
	  PREFIX_SYSLOG, "", "kernel", -1, "2020-01-25T09:40:15Z", 22042979908LL, 1, "Mem-Info:" },
	{ "Mon Apr 12 18:29:38 2021 daemon.info v2ray[4723]: A unified platform for anti-censorship.",
	  PREFIX_SYSLOG, "", "v2ray", 4723, "2021-04-12T18:29:38Z", NOUP, 0, "A unified platform for anti-censorship." },
	{ "Fri Aug  7 08:24:10 2026 daemon.notice netifd: wan (5103): udhcpc: sending renew",
	  PREFIX_SYSLOG, "", "netifd", -1, "2026-08-07T08:24:10Z", NOUP, 0, "wan (5103): udhcpc: sending renew" },
	/* a host run into the kernel's tag ("MyVM kernel:" pasted as
	 * "MyVMkernel:"): the kernel's line, the host left unknown */
	{ "Dec 20 15:32:34 MyVMkernel: [497806.679485] Killed process 10913 (e2guardian)",
	  PREFIX_SYSLOG, "", "kernel", -1, "2024-12-20T15:32:34Z", 497806679485LL, 1,
	  "Killed process 10913 (e2guardian)" },
	{ "Dec 20 15:32:34 db-01kernel: Out of memory: Killed process 1 (x)",
	  PREFIX_SYSLOG, "", "kernel", -1, "2024-12-20T15:32:34Z", NOUP, 1,
	  "Out of memory: Killed process 1 (x)" },
	/* near misses: a program whose name ends in "kernel" with a pid, one
	 * whose glue is no host name's end, the kernel's tag alone */
	{ "Dec 20 15:32:34 host xkernel[12]: Killed process 1 (x)",
	  PREFIX_SYSLOG, "host", "xkernel", 12, "2024-12-20T15:32:34Z", NOUP, 0,
	  "Killed process 1 (x)" },
	{ "Dec 20 15:32:34 host my-kernel: Killed process 1 (x)",
	  PREFIX_SYSLOG, "host", "my-kernel", -1, "2024-12-20T15:32:34Z", NOUP, 0,
	  "Killed process 1 (x)" },
	/* near misses: no year, no facility.level, not a month */
	{ "Fri Aug  7 08:24:06 kern.err kernel: x", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY,
	  "Fri Aug  7 08:24:06 kern.err kernel: x" },
	{ "Fri Aug  7 08:24:06 2026 kernel: Out of memory", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY,
	  "Fri Aug  7 08:24:06 2026 kernel: Out of memory" },
	{ "Out of memory: Killed process 1 (x) total-vm:1000kB", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY,
	  "Out of memory: Killed process 1 (x) total-vm:1000kB" },
	{ "Fri Xyz  7 08:24:06 2026 kern.err kernel: x", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY,
	  "Fri Xyz  7 08:24:06 2026 kern.err kernel: x" },
	/* dmesg -T */
	{ "[Fri Xyz  7 08:24:06.5 2026] Mem-Info:", PREFIX_DMESG_T, "", "", -1, NULL, NOUP, 1, "Mem-Info:" },
	{ "[Thu Dec  7 00:05:14 2017] Out of memory: Kill process 1234 (mysqld) score 900",
	  PREFIX_DMESG_T, "", "", -1, "2017-12-07T00:05:14Z", NOUP, 1,
	  "Out of memory: Kill process 1234 (mysqld) score 900" },
	{ "[Mon Jan 15 13:45:01 2024] Mem-Info:",
	  PREFIX_DMESG_T, "", "", -1, "2024-01-15T13:45:01Z", NOUP, 1, "Mem-Info:" },
	{ "[jeu. déc.  7 00:05:14 2017] Mem-Info:",
	  PREFIX_DMESG_T, "", "", -1, "2017-12-07T00:05:14Z", NOUP, 1, "Mem-Info:" },
	/* dmesg --time-format iso */
	{ "2023-01-02T10:11:12,123456+00:00 Out of memory: Killed process 1 (x)",
	  PREFIX_ISO, "", "", -1, "2023-01-02T10:11:12.123456Z", NOUP, 1,
	  "Out of memory: Killed process 1 (x)" },
	{ "2023-01-02T12:11:12,000001+02:00 oom-kill:constraint=CONSTRAINT_NONE",
	  PREFIX_ISO, "", "", -1, "2023-01-02T10:11:12.000001Z", NOUP, 1,
	  "oom-kill:constraint=CONSTRAINT_NONE" },
	/* MySQL 5.7: an RFC 3339 stamp not followed by host tag */
	{ "2016-09-12T16:55:09.276663Z 0 [ERROR] InnoDB: mmap(137363456 bytes) failed; errno 12",
	  PREFIX_ISO, "", "", -1, "2016-09-12T16:55:09.276663Z", NOUP, 0,
	  "0 [ERROR] InnoDB: mmap(137363456 bytes) failed; errno 12" },
	/* RFC 3164 syslog */
	{ "Jan  2 10:11:12 myhost kernel: [  123.456789] Out of memory: Killed process 2 (y)",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", 123456789, 1,
	  "Out of memory: Killed process 2 (y)" },
	{ "Dec 31 23:59:59 web-01.example.org kernel: Memory cgroup out of memory: Killed process 3 (z)",
	  PREFIX_SYSLOG, "web-01.example.org", "kernel", -1, "2024-12-31T23:59:59Z", NOUP, 1,
	  "Memory cgroup out of memory: Killed process 3 (z)" },
	{ "<13>Feb 14 08:00:00 box systemd[1]: foo.service: A process of this unit has been killed by the OOM killer.",
	  PREFIX_SYSLOG, "box", "systemd", 1, "2024-02-14T08:00:00Z", NOUP, 0,
	  "foo.service: A process of this unit has been killed by the OOM killer." },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750][ T5241] Mem-Info:",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", 828600750, 1, "Mem-Info:" },
	/* a syslog relay's own words before a record with its priority */
	{ "Received message  <6>Jun  8 11:15:26 LEDE kernel: [  350.003515] Mem-Info:",
	  PREFIX_SYSLOG, "LEDE", "kernel", -1, "2024-06-08T11:15:26Z", 350003515, 1, "Mem-Info:" },
	/* RFC 6587's octet count before a record (a Heroku drain), also after
	 * a collector's receive stamp */
	{ "129 <45>1 2015-10-14T18:00:03.978860+00:00 heroku web.1 - - Error R14 (Memory quota exceeded)",
	  PREFIX_RFC5424, "heroku", "web.1", -1, "2015-10-14T18:00:03.978860Z", NOUP, 0, "Error R14 (Memory quota exceeded)" },
	{ "2015-10-14 17:47:27.564 295 <158>1 2015-10-14T17:46:05.971610+00:00 heroku router - - at=info method=GET",
	  PREFIX_RFC5424, "heroku", "router", -1, "2015-10-14T17:46:05.971610Z", NOUP, 0, "at=info method=GET" },
	/* a number before a '<' that no record follows */
	{ "3 <b>bold</b> items", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY, "3 <b>bold</b> items" },
	/* near misses: no blank before '<', no digit after it, too far in */
	{ "Received message<6>Jun  8 11:15:26 LEDE kernel: Mem-Info:", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY,
	  "Received message<6>Jun  8 11:15:26 LEDE kernel: Mem-Info:" },
	{ "see <b>Jun  8 11:15:26 LEDE kernel: Mem-Info:", PREFIX_BARE, "", "", -1, NULL, NOUP, ANY,
	  "see <b>Jun  8 11:15:26 LEDE kernel: Mem-Info:" },
	{ "the relay said this and much more before it all <6>Jun  8 11:15:26 LEDE kernel: x", PREFIX_BARE, "",
	  "", -1, NULL, NOUP, ANY, "the relay said this and much more before it all <6>Jun  8 11:15:26 LEDE kernel: x" },
	/* what follows the uptime: a caller id after a space, a program's own
	 * "comm[pid]: " (a /dev/kmsg write) after one or two spaces, but no
	 * tag without a pid and none after a third space */
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750] [ T5241] Mem-Info:",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", 828600750, 1, "Mem-Info:" },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750] node[82015]: segfault at 0",
	  PREFIX_SYSLOG, "myhost", "node", 82015, "2024-01-02T10:11:12Z", 828600750, 0, "segfault at 0" },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750][ T1] node[82015]: segfault at 0",
	  PREFIX_SYSLOG, "myhost", "node", 82015, "2024-01-02T10:11:12Z", 828600750, 0, "segfault at 0" },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750]  node[82015]: segfault at 0",
	  PREFIX_SYSLOG, "myhost", "node", 82015, "2024-01-02T10:11:12Z", 828600750, 0, "segfault at 0" },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750]   node[82015]: segfault at 0",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", 828600750, 1,
	  "node[82015]: segfault at 0" },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750] audit: type=1400",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", 828600750, 1, "audit: type=1400" },
	{ "Jan  2 10:11:12 myhost kernel: [  828.600750] [1]: x",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", 828600750, 1, "[1]: x" },
	{ "Jan  2 10:11:12 myhost kernel: [    0.000001] a[0]:",
	  PREFIX_SYSLOG, "myhost", "a", 0, "2024-01-02T10:11:12Z", 1, 0, "" },
	{ "Jan  2 10:11:12 myhost just a message with no tag",
	  PREFIX_SYSLOG, "myhost", "", -1, "2024-01-02T10:11:12Z", NOUP, 0,
	  "just a message with no tag" },
	{ "Mar  3 03:03:03 h postfix/smtpd[4242]: out: of memory",
	  PREFIX_SYSLOG, "h", "postfix/smtpd", 4242, "2024-03-03T03:03:03Z", NOUP, 0,
	  "out: of memory" },
	{ "Apr 10 11:00:00 h (sd-pam)[99]: x",
	  PREFIX_SYSLOG, "h", "(sd-pam)", 99, "2024-04-10T11:00:00Z", NOUP, 0, "x" },
	{ "Jun  1 00:00:00 h user@1000.service:",
	  PREFIX_SYSLOG, "h", "user@1000.service", -1, "2024-06-01T00:00:00Z", NOUP, 0, "" },
	/* journalctl short, localized */
	{ "May 07 01:02:03 node1 earlyoom[1460]: sending SIGTERM to process 4242 \"chrome\"",
	  PREFIX_SYSLOG, "node1", "earlyoom", 1460, "2024-05-07T01:02:03Z", NOUP, 0,
	  "sending SIGTERM to process 4242 \"chrome\"" },
	{ "mars 27 18:46:05 user-G3 earlyoom[1460]: mem avail:    84 of 15930 MiB ( 0.53%)",
	  PREFIX_SYSLOG, "user-G3", "earlyoom", 1460, "2024-03-27T18:46:05Z", NOUP, 0,
	  "mem avail:    84 of 15930 MiB ( 0.53%)" },
	{ "déc. 18 07:00:00 portable kernel: Out of memory: Killed process 5 (q)",
	  PREFIX_SYSLOG, "portable", "kernel", -1, "2024-12-18T07:00:00Z", NOUP, 1,
	  "Out of memory: Killed process 5 (q)" },
	{ "Okt 05 12:00:00 rechner kernel: oom_reaper: reaped process 5 (q)",
	  PREFIX_SYSLOG, "rechner", "kernel", -1, "2024-10-05T12:00:00Z", NOUP, 1,
	  "oom_reaper: reaped process 5 (q)" },
	{ "août 15 09:00:00 pc kernel: x",
	  PREFIX_SYSLOG, "pc", "kernel", -1, "2024-08-15T09:00:00Z", NOUP, 1, "x" },
	{ "Mär 01 09:00:00 pc kernel: x",
	  PREFIX_SYSLOG, "pc", "kernel", -1, "2024-03-01T09:00:00Z", NOUP, 1, "x" },
	{ "dic 24 20:00:00 equipo kernel: x",
	  PREFIX_SYSLOG, "equipo", "kernel", -1, "2024-12-24T20:00:00Z", NOUP, 1, "x" },
	{ "mrt 09 09:00:00 pc kernel: x",
	  PREFIX_SYSLOG, "pc", "kernel", -1, "2024-03-09T09:00:00Z", NOUP, 1, "x" },
	{ "juil. 14 10:00:00 pc kernel: x",
	  PREFIX_SYSLOG, "pc", "kernel", -1, "2024-07-14T10:00:00Z", NOUP, 1, "x" },
	/* Unknown (Russian) month word: still stripped, time unknown. */
	{ "\xd0\xbc\xd0\xb0\xd1\x80 27 18:46:05 hostru earlyoom[1460]: low memory",
	  PREFIX_SYSLOG, "hostru", "earlyoom", 1460, NULL, NOUP, 0, "low memory" },
	{ "maj 02 08:00:00 dator kernel: x",
	  PREFIX_SYSLOG, "dator", "kernel", -1, "2024-05-02T08:00:00Z", NOUP, 1, "x" },
	{ "des 24 20:00:00 maskin kernel: x",
	  PREFIX_SYSLOG, "maskin", "kernel", -1, "2024-12-24T20:00:00Z", NOUP, 1, "x" },
	/* CJK month word starting with a digit */
	{ "3\xe6\x9c\x88 27 18:46:05 zh earlyoom[1460]: low memory",
	  PREFIX_SYSLOG, "zh", "earlyoom", 1460, "2024-03-27T18:46:05Z", NOUP, 0, "low memory" },
	{ "12\xec\x9b\x94 01 08:00:00 ko kernel: x",
	  PREFIX_SYSLOG, "ko", "kernel", -1, "2024-12-01T08:00:00Z", NOUP, 1, "x" },
	{ "[\xe6\x9c\xa8 12\xe6\x9c\x88  7 00:05:14 2017] Mem-Info:",
	  PREFIX_DMESG_T, "", "", -1, "2017-12-07T00:05:14Z", NOUP, 1, "Mem-Info:" },
	{ "[Thu Dec  7 00:05:14 2017] [ T123] Mem-Info:",
	  PREFIX_DMESG_T, "", "", -1, "2017-12-07T00:05:14Z", NOUP, 1, "Mem-Info:" },
	{ "Feb 29 00:00:00 leap kernel: x",
	  PREFIX_SYSLOG, "leap", "kernel", -1, "2024-02-29T00:00:00Z", NOUP, 1, "x" },
	{ "Jan  2 10:11:12 kernel: no host here",
	  PREFIX_SYSLOG, "", "kernel", -1, "2024-01-02T10:11:12Z", NOUP, 1, "no host here" },
	{ "Jan  2 10:11:12 myhost kernel: [28438]     0 28438  5063909 java",
	  PREFIX_SYSLOG, "myhost", "kernel", -1, "2024-01-02T10:11:12Z", NOUP, 1,
	  "[28438]     0 28438  5063909 java" },
	{ "[    5.000000] EXT4-fs (sda1): mounted filesystem",
	  PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "EXT4-fs (sda1): mounted filesystem" },
	{ "[    5.000000] sd 0:0:0:0: [sda] Attached SCSI disk",
	  PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "sd 0:0:0:0: [sda] Attached SCSI disk" },
	{ "<13>2023-01-02T10:11:12Z h app: x",
	  PREFIX_RFC3339, "h", "app", -1, "2023-01-02T10:11:12Z", NOUP, 0, "x" },
	{ "2023-01-02T10:11:12.5Z INFO main: starting",
	  PREFIX_ISO, "", "", -1, "2023-01-02T10:11:12.500000Z", NOUP, 0, "INFO main: starting" },
	{ "2023-13-02T10:11:12Z h app: x",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "2023-13-02T10:11:12Z h app: x" },
	{ "Jan 32 10:11:12 h app: x",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "Jan 32 10:11:12 h app: x" },
	/* journalctl short-precise */
	{ "Jan 02 10:11:12.123456 myhost systemd-oomd[611]: Killed /user.slice due to memory pressure",
	  PREFIX_SYSLOG, "myhost", "systemd-oomd", 611, "2024-01-02T10:11:12.123456Z", NOUP, 0,
	  "Killed /user.slice due to memory pressure" },
	/* journalctl short-full */
	{ "Thu 2023-01-02 10:11:12 UTC host earlyoom[7]: low memory",
	  PREFIX_SYSLOG, "host", "earlyoom", 7, "2023-01-02T10:11:12Z", NOUP, 0, "low memory" },
	{ "Mon 2023-01-02 10:11:12.5 +0100 host kernel: [ 1.5] [ T12] x",
	  PREFIX_SYSLOG, "host", "kernel", -1, "2023-01-02T09:11:12.500000Z", 1500000, 1, "x" },
	{ "Mon 2023-01-02 10:11:12 VERYLONGZONE h a: b", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "Mon 2023-01-02 10:11:12 VERYLONGZONE h a: b" },
	/* rsyslog RFC 3339 and journalctl short-iso */
	{ "2023-01-02T12:11:12+02 host t[1]: m",
	  PREFIX_RFC3339, "host", "t", 1, "2023-01-02T10:11:12Z", NOUP, 0, "m" },
	{ "2023-01-02T10:11:12.123456+00:00 myhost kernel: Out of memory: Killed process 6 (r)",
	  PREFIX_RFC3339, "myhost", "kernel", -1, "2023-01-02T10:11:12.123456Z", NOUP, 1,
	  "Out of memory: Killed process 6 (r)" },
	{ "2023-01-02T10:11:12Z myhost redis-server[31373]: # WARNING overcommit_memory is set to 0!",
	  PREFIX_RFC3339, "myhost", "redis-server", 31373, "2023-01-02T10:11:12Z", NOUP, 0,
	  "# WARNING overcommit_memory is set to 0!" },
	{ "2023-01-02T12:11:12+0200 myhost java[99]: Exception in thread \"main\" java.lang.OutOfMemoryError",
	  PREFIX_RFC3339, "myhost", "java", 99, "2023-01-02T10:11:12Z", NOUP, 0,
	  "Exception in thread \"main\" java.lang.OutOfMemoryError" },
	{ "2023-01-02T05:11:12.5-05:00 h kernel: [  99.000001] x",
	  PREFIX_RFC3339, "h", "kernel", -1, "2023-01-02T10:11:12.500000Z", 99000001, 1, "x" },
	/* RFC 5424 */
	{ "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \xef\xbb\xbf'su root' failed",
	  PREFIX_RFC5424, "mymachine.example.com", "su", -1, "2003-10-11T22:14:15.003000Z", NOUP, 0,
	  "'su root' failed" },
	{ "<165>1 2003-10-11T22:14:15.003000-07:00 host app 1234 MSG [ex@32473 iut=\"3\" s=\"a]b\"][x@1 y=\"z\"] fatal error: out of memory",
	  PREFIX_RFC5424, "host", "app", 1234, "2003-10-12T05:14:15.003000Z", NOUP, 0,
	  "fatal error: out of memory" },
	{ "<0>1 - - kernel - - - Out of memory",
	  PREFIX_RFC5424, "", "kernel", -1, NULL, NOUP, 1, "Out of memory" },
	{ "<14>1 2023-01-02T10:11:12Z h app 5",
	  PREFIX_RFC5424, "h", "app", 5, "2023-01-02T10:11:12Z", NOUP, 0, "" },
	/* A failed RFC 5424 attempt (structured data never closed) leaves
	 * nothing behind. */
	{ "<14>1 2023-01-02T10:11:12Z h app 5 - [sd x=\"1\" nosd",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "1 2023-01-02T10:11:12Z h app 5 - [sd x=\"1\" nosd" },
	/* No structured data at all, the message right after MSGID: Heroku's
	 * log drains (logplex). */
	{ "<14>1 2023-01-02T10:11:12Z h app 5 - nosd",
	  PREFIX_RFC5424, "h", "app", 5, "2023-01-02T10:11:12Z", NOUP, 0, "nosd" },
	/* journalctl short-monotonic */
	{ "[  123.456789] myhost kernel: Out of memory: Killed process 7 (s)",
	  PREFIX_JOURNAL_MONO, "myhost", "kernel", -1, NULL, 123456789, 1,
	  "Out of memory: Killed process 7 (s)" },
	{ "[  124.000000] myhost systemd[1]: user@1000.service: A process of this unit has been killed by the OOM killer.",
	  PREFIX_JOURNAL_MONO, "myhost", "systemd", 1, NULL, 124000000, 0,
	  "user@1000.service: A process of this unit has been killed by the OOM killer." },
	/* journalctl -o json */
	{ "{\"__REALTIME_TIMESTAMP\":\"1672654272123456\",\"__MONOTONIC_TIMESTAMP\":\"123456789\",\"_HOSTNAME\":\"myhost\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"Out of memory: Killed process 8 (t)\"}",
	  PREFIX_JOURNAL_JSON, "myhost", "kernel", -1, "2023-01-02T10:11:12.123456Z", 123456789, 1,
	  "Out of memory: Killed process 8 (t)" },
	{ "{\"__REALTIME_TIMESTAMP\":\"1672654272000000\",\"_HOSTNAME\":\"h\",\"_COMM\":\"app\",\"_PID\":\"77\",\"MESSAGE\":[102,97,116,97,108,10,111,111,109]}",
	  PREFIX_JOURNAL_JSON, "h", "app", 77, "2023-01-02T10:11:12Z", NOUP, 0, "fatal\noom" },
	{ "{\"MESSAGE\": broken", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "{\"MESSAGE\": broken" },
	/* an application's structured log line is not a journal record: its
	 * "msg" is the message */
	{ "{\"level\":\"error\",\"msg\":\"java.lang.OutOfMemoryError: Java heap space\"}",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "java.lang.OutOfMemoryError: Java heap space" },
	/* ... and one with no text key stays whole */
	{ "{\"level\":\"error\",\"error\":\"java.lang.OutOfMemoryError: Java heap space\"}",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "{\"level\":\"error\",\"error\":\"java.lang.OutOfMemoryError: Java heap space\"}" },
	/* /dev/kmsg */
	{ "6,1234,5678901,-;Out of memory: Killed process 9 (u)",
	  PREFIX_KMSG, "", "kernel", -1, NULL, 5678901, 1, "Out of memory: Killed process 9 (u)" },
	{ "4,1235,5678902,c,caller=T12;oom-kill:constraint=CONSTRAINT_MEMCG",
	  PREFIX_KMSG, "", "kernel", -1, NULL, 5678902, 1, "oom-kill:constraint=CONSTRAINT_MEMCG" },
	{ "14,1236,5678903,+;userspace says \\x5cn hi\\x0a",
	  PREFIX_KMSG, "", "", -1, NULL, 5678903, 0, "userspace says \\n hi\n" },
	/* bare lines that must stay bare */
	{ "CPU: 3 PID: 473206 Comm: doxygen Not tainted 6.1.0 #1", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "CPU: 3 PID: 473206 Comm: doxygen Not tainted 6.1.0 #1" },
	{ "Mem-Info:", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "Mem-Info:" },
	{ "Node 0 DMA32 free:12345kB min:1234kB", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "Node 0 DMA32 free:12345kB min:1234kB" },
	{ "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name" },
	{ "[28438]     0 28438  5063909  1234567 12345678        0             0 java",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "[28438]     0 28438  5063909  1234567 12345678        0             0 java" },
	{ "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null)" },
	{ "Out of memory: Killed process 1 (x) total-vm:1kB", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "Out of memory: Killed process 1 (x) total-vm:1kB" },
	/* nginx: the message keeps "[level] PID#TID: " for nginx's rules */
	{ "2018/08/21 12:15:22 [emerg] 6644#0: *1 malloc(4096) failed", PREFIX_NGINX, "", "", -1, "2018-08-21T12:15:22Z", NOUP, 0,
	  "[emerg] 6644#0: *1 malloc(4096) failed" },
	{ "2026/11/30 10:00:00 [emerg] 4711#0: *9 malloc() 18446744073709000000 bytes failed (12: Cannot allocate memory)",
	  PREFIX_NGINX, "", "", -1, "2026-11-30T10:00:00Z", NOUP, 0,
	  "[emerg] 4711#0: *9 malloc() 18446744073709000000 bytes failed (12: Cannot allocate memory)" },
	/* Go's log package: the same date shape, no level group: time only */
	{ "2026/11/30 10:00:00 fatal error: out of memory", PREFIX_BARE, "", "", -1, "2026-11-30T10:00:00Z", NOUP, 0,
	  "2026/11/30 10:00:00 fatal error: out of memory" },
	{ "31373:M 23 Nov 2026 09:28:13.834 # WARNING overcommit_memory is set to 0!",
	  PREFIX_BARE, "", "", -1, "2026-11-23T09:28:13.834000Z", NOUP, 0,
	  "31373:M 23 Nov 2026 09:28:13.834 # WARNING overcommit_memory is set to 0!" },
	{ "2026-11-23 09:28:34.828 UTC [31807] LOG:  server process (PID 1) was terminated by signal 9",
	  PREFIX_BARE, "", "", -1, "2026-11-23T09:28:34.828000Z", NOUP, 0,
	  "2026-11-23 09:28:34.828 UTC [31807] LOG:  server process (PID 1) was terminated by signal 9" },
	{ "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
	  PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space" },
	{ "$ ./a.out", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "$ ./a.out" },
	{ " SUBSYSTEM=memory", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "SUBSYSTEM=memory" },
	{ "[ERROR] nope", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "[ERROR] nope" },
	{ "", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "" },
	/* BOM and CR */
	{ "\xef\xbb\xbf[  5.000000] bom line\r", PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "bom line" },
	{ "Jan  2 10:11:12 crlfhost kernel: Mem-Info:\r",
	  PREFIX_SYSLOG, "crlfhost", "kernel", -1, "2024-01-02T10:11:12Z", NOUP, 1, "Mem-Info:" },
	/* wrapping people and pipelines add: indentation, quote markers, ANSI, #011 */
	{ "    [ 1234.567890] stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0",
	  PREFIX_DMESG, "", "", -1, NULL, 1234567890, 1,
	  "stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0" },
	{ "> > Killed process 4242 (stress) total-vm:1000kB", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "Killed process 4242 (stress) total-vm:1000kB" },
	{ ">>| \t[    5.000000]  active_file:1 inactive_file:2", PREFIX_DMESG, "", "", -1, NULL, 5000000, 1,
	  "active_file:1 inactive_file:2" },
	{ "\t> Jan  2 10:11:12 myhost kernel: Mem-Info:", PREFIX_SYSLOG, "myhost", "kernel", -1,
	  "2024-01-02T10:11:12Z", NOUP, 1, "Mem-Info:" },
	{ "`[  5.000000] Mem-Info:`", PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "Mem-Info:`" },
	{ "\x1b[32m[    5.000000]\x1b[0m \x1b[33moom_reaper: \x1b[0mreaped process 5 (q)",
	  PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "oom_reaper: reaped process 5 (q)" },
	{ "Jan  2 10:11:12 h java[9]: #011at java.util.Arrays.copyOf(Arrays.java:3332)",
	  PREFIX_SYSLOG, "h", "java", 9, "2024-01-02T10:11:12Z", NOUP, 0,
	  "at java.util.Arrays.copyOf(Arrays.java:3332)" },
	/* relays' labels: docker compose, Fabric (its host is kept) */
	{ "db_1         | 2016-12-29T15:17:43.788366Z 0 [Note] InnoDB: mmap(137428992 bytes) failed; errno 12",
	  PREFIX_ISO, "", "", -1, "2016-12-29T15:17:43.788366Z", NOUP, 0,
	  "0 [Note] InnoDB: mmap(137428992 bytes) failed; errno 12" },
	{ "    [beta1redis213] out: 17662:M 28 Aug 12:39:14.595 # Can't save in background: fork: Cannot allocate memory",
	  PREFIX_BARE, "beta1redis213", "", -1, "2024-08-28T12:39:14.595000Z", NOUP, 0,
	  "17662:M 28 Aug 12:39:14.595 # Can't save in background: fork: Cannot allocate memory" },
	{ "[web1] err: Jan  2 10:11:12 kernel: Mem-Info:", PREFIX_SYSLOG, "web1", "kernel", -1,
	  "2024-01-02T10:11:12Z", NOUP, 1, "Mem-Info:" },
	{ "a || b", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "a || b" },
	/* nginx with its date cut off */
	{ "13:51:11 [alert] 845779#0: mmap(MAP_ANON|MAP_SHARED, 524288000) failed (12: Cannot allocate memory)",
	  PREFIX_NGINX, "", "", -1, NULL, NOUP, 0,
	  "[alert] 845779#0: mmap(MAP_ANON|MAP_SHARED, 524288000) failed (12: Cannot allocate memory)" },
	/* dmesg -H / -e / --reltime */
	{ "[  +0.006766] Killed process 4242 (stress) total-vm:1000kB", PREFIX_DMESG_REL, "", "", -1, NULL,
	  NOUP, 1, "Killed process 4242 (stress) total-vm:1000kB" },
	{ "[Dec 3 03:34] Out of memory: Killed process 1 (x)", PREFIX_DMESG_REL, "", "", -1,
	  "2024-12-03T03:34:00Z", NOUP, 1, "Out of memory: Killed process 1 (x)" },
	{ "[Dec  3 03:34:56] Mem-Info:", PREFIX_DMESG_REL, "", "", -1, "2024-12-03T03:34:56Z", NOUP, 1,
	  "Mem-Info:" },
	{ "[Nov30 10:00] Mem-Info:", PREFIX_DMESG_REL, "", "", -1, "2024-11-30T10:00:00Z", NOUP, 1,
	  "Mem-Info:" },
	{ "[Dec 3 3:34] x", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "[Dec 3 3:34] x" },
	/* journalctl -o short-monotonic of the local machine: no host */
	{ "[21161.092614] kernel: stress: page allocation failure: order:0, mode:0x800(GFP_NOWAIT), nodemask=(null)",
	  PREFIX_JOURNAL_MONO, "", "kernel", -1, NULL, 21161092614LL, 1,
	  "stress: page allocation failure: order:0, mode:0x800(GFP_NOWAIT), nodemask=(null)" },
	/* printk level */
	{ "<6>lowmemorykiller: Killing 'com.example.app' (3141), adj 1000,", PREFIX_BARE, "", "", -1, NULL,
	  NOUP, 1, "lowmemorykiller: Killing 'com.example.app' (3141), adj 1000," },
	/* Apache 2.4 and 2.2 */
	{ "[Mon Nov 30 10:00:00.123456 2026] [php:error] [pid 1234] [client 10.0.0.1:5555] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted",
	  PREFIX_APACHE, "", "php", 1234, "2026-11-30T10:00:00.123456Z", NOUP, 0,
	  "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted" },
	{ "[Mon Nov 30 10:00:00.5 2026] [proxy_fcgi:error] [pid 1234:tid 1402] [client 10.0.0.1:5555] AH01071: Got error 'x'",
	  PREFIX_APACHE, "", "", -1, "2026-11-30T10:00:00.500000Z", NOUP, 0, "AH01071: Got error 'x'" },
	{ "[Mon Nov 30 10:00:00 2026] [error] [client 1.2.3.4] PHP Fatal error:  Out of memory",
	  PREFIX_APACHE, "", "", -1, "2026-11-30T10:00:00Z", NOUP, 0, "PHP Fatal error:  Out of memory" },
	/* php-fpm and PHP's error_log */
	{ "[30-Nov-2026 10:00:00] WARNING: [pool www] child 1534 said into stderr: \"PHP Fatal error:  Allowed memory size of 1 bytes exhausted\"",
	  PREFIX_PHP, "", "php-fpm", 1534, "2026-11-30T10:00:00Z", NOUP, 0,
	  "PHP Fatal error:  Allowed memory size of 1 bytes exhausted" },
	{ "[30-Nov-2026 10:00:00] WARNING: [pool www] server reached pm.max_children setting (5)",
	  PREFIX_PHP, "", "php-fpm", -1, "2026-11-30T10:00:00Z", NOUP, 0,
	  "server reached pm.max_children setting (5)" },
	{ "[30-Nov-2026 10:00:00 UTC] PHP Fatal error:  Out of memory", PREFIX_PHP, "", "", -1,
	  "2026-11-30T10:00:00Z", NOUP, 0, "PHP Fatal error:  Out of memory" },
	{ "[30-Nov-2026 10:00:00 Europe/Berlin] PHP Fatal error:  x", PREFIX_PHP, "", "", -1, NULL, NOUP,
	  0, "PHP Fatal error:  x" },
	/* Android logcat threadtime, -v year, time and brief: the PID column is tag_pid */
	{ "11-30 10:00:00.123  1234  1234 I lowmemorykiller: Kill 'com.example.app' (3141), uid 10046, oom_adj 900",
	  PREFIX_LOGCAT, "", "", 1234, "2024-11-30T10:00:00.123000Z", NOUP, 0,
	  "lowmemorykiller: Kill 'com.example.app' (3141), uid 10046, oom_adj 900" },
	{ "10-24 14:24:26.035  1310  3312 I WifiHAL : event received", PREFIX_LOGCAT, "", "", 1310,
	  "2024-10-24T14:24:26.035000Z", NOUP, 0, "WifiHAL: event received" },
	{ "2026-11-30 10:00:00.123  1234  1234 E lmkd    : x", PREFIX_LOGCAT, "", "", 1234,
	  "2026-11-30T10:00:00.123000Z", NOUP, 0, "lmkd: x" },
	{ "11-30 10:00:00.123 I/ActivityManager(  612): Low Memory: No more background processes.",
	  PREFIX_LOGCAT, "", "", 612, "2024-11-30T10:00:00.123000Z", NOUP, 0,
	  "ActivityManager: Low Memory: No more background processes." },
	{ "I/lowmemorykiller( 1234): Killing 'com.example.app' (3141), adj 1000,", PREFIX_LOGCAT, "",
	  "", 1234, NULL, NOUP, 0, "lowmemorykiller: Killing 'com.example.app' (3141), adj 1000," },
	/* A pipeline's wrapping: the line inside is read as a line of its own. */
	{ "2026-11-30T10:00:00.1234567Z [  123.456789] Out of memory: Killed process 6 (r)", PREFIX_DMESG, "", "",
	  -1, "2026-11-30T10:00:00.123456Z", 123456789, 1, "Out of memory: Killed process 6 (r)" },
	{ "2026-11-30T10:00:00.1234567Z fatal error: runtime: out of memory", PREFIX_ISO, "", "", -1,
	  "2026-11-30T10:00:00.123456Z", NOUP, 0, "fatal error: runtime: out of memory" },
	{ "2026-11-30T10:00:00.1234567Z Caused by: java.lang.OutOfMemoryError: Metaspace", PREFIX_ISO, "", "", -1,
	  "2026-11-30T10:00:00.123456Z", NOUP, 0, "Caused by: java.lang.OutOfMemoryError: Metaspace" },
	{ "2026-11-30T10:00:00.1234567Z popen failure: Cannot allocate memory", PREFIX_ISO, "", "", -1,
	  "2026-11-30T10:00:00.123456Z", NOUP, 0, "popen failure: Cannot allocate memory" },
	{ "2026-11-30T10:00:00.123456789Z stderr F memory allocation of 8 bytes failed", PREFIX_ISO, "", "", -1,
	  "2026-11-30T10:00:00.123456Z", NOUP, 0, "memory allocation of 8 bytes failed" },
	{ "2026-11-30T10:00:00.123456789Z stdout F Nov 30 10:00:01 web kernel: [ 5.0] Out of memory: x", PREFIX_SYSLOG,
	  "web", "kernel", -1, "2024-11-30T10:00:01Z", 5000000, 1, "Out of memory: x" },
	{ "{\"log\":\"[  5.000000] Out of memory: Killed process 6 (r)\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-30T10:00:00.5Z\"}",
	  PREFIX_DMESG, "", "", -1, "2026-11-30T10:00:00.500000Z", 5000000, 1, "Out of memory: Killed process 6 (r)" },
	{ "{\"log\":\"fatal error: runtime: out of memory\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-30T10:00:00Z\"}",
	  PREFIX_ISO, "", "", -1, "2026-11-30T10:00:00Z", NOUP, 0, "fatal error: runtime: out of memory" },
	{ "{\"level\":\"error\",\"log\":\"x\"}", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "{\"level\":\"error\",\"log\":\"x\"}" },
	{ "/var/log/syslog:Nov 30 10:00:01 web kernel: Out of memory: x", PREFIX_SYSLOG, "web", "kernel", -1,
	  "2024-11-30T10:00:01Z", NOUP, 1, "Out of memory: x" },
	{ "/var/log/kern.log.1:12:[  5.000000] Out of memory: x", PREFIX_DMESG, "", "", -1, NULL, 5000000, 1,
	  "Out of memory: x" },
	{ "app.log:fatal error: runtime: out of memory", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "fatal error: runtime: out of memory" },
	{ "/usr/bin/ld: final link failed: Memory exhausted", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "/usr/bin/ld: final link failed: Memory exhausted" },
	{ "/usr/lib/go/src/runtime/panic.go:1047 +0x5d", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "/usr/lib/go/src/runtime/panic.go:1047 +0x5d" },
	{ "System.OutOfMemoryException:\tat Foo()", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "System.OutOfMemoryException:\tat Foo()" },
	{ "nginx.service: A process of this unit has been killed by the OOM killer.", PREFIX_BARE, "", "", -1, NULL,
	  NOUP, 0, "nginx.service: A process of this unit has been killed by the OOM killer." },
	{ "41:fatal error: runtime: out of memory", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "fatal error: runtime: out of memory" },
	{ "42: at main.main()", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "at main.main()" },
	{ "1455: The paging file is too small", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "1455: The paging file is too small" },
	{ "     7\t[  5.000000] Out of memory: x", PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "Out of memory: x" },
	{ "12:34:56 not a label", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "12:34:56 not a label" },
	/* a tool's level word before a line with a prefix of its own (YunoHost);
	 * before one without, the word is the message's */
	{ "Warning: Feb 21 18:27:10 java[27585]: OpenJDK 64-Bit Server VM warning: x", PREFIX_SYSLOG, "", "java",
	  27585, "2024-02-21T18:27:10Z", NOUP, 0, "OpenJDK 64-Bit Server VM warning: x" },
	{ "Warning: The service minecraft didn't fully executed the action start", PREFIX_BARE, "", "", -1, NULL,
	  NOUP, 0, "Warning: The service minecraft didn't fully executed the action start" },
	{ "3:348:M 26 Nov 15:27:52.733 # Out Of Memory allocating 29998 bytes!", PREFIX_BARE, "", "", -1,
	  "2024-11-26T15:27:52.733000Z", NOUP, 0, "348:M 26 Nov 15:27:52.733 # Out Of Memory allocating 29998 bytes!" },
	{ "[pod/web-0/app] java.lang.OutOfMemoryError: Java heap space", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "java.lang.OutOfMemoryError: Java heap space" },
	{ "[2026-11-30T10:00:00.123Z] java.lang.OutOfMemoryError: Java heap space", PREFIX_BARE, "", "", -1,
	  "2026-11-30T10:00:00.123000Z", NOUP, 0, "java.lang.OutOfMemoryError: Java heap space" },
	{ "#12 34.56 fatal error: runtime: out of memory", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "fatal error: runtime: out of memory" },
	{ "#12 [build 3/5] RUN npm run build", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "#12 [build 3/5] RUN npm run build" },
	{ "1701338400.123456 web kernel: Out of memory: x", PREFIX_SYSLOG, "web", "kernel", -1,
	  "2023-11-30T10:00:00.123456Z", NOUP, 1, "Out of memory: x" },
	{ "2023-11-30T10:00:00Z {host=\"web\", job=\"varlogs\"} [  5.000000] Out of memory: x", PREFIX_DMESG, "", "",
	  -1, "2023-11-30T10:00:00Z", 5000000, 1, "Out of memory: x" },
	{ "- Nov 30 10:00:01 web kernel: Out of memory: x", PREFIX_SYSLOG, "web", "kernel", -1,
	  "2024-11-30T10:00:01Z", NOUP, 1, "Out of memory: x" },
	{ "12. [  5.000000] Out of memory: x", PREFIX_DMESG, "", "", -1, NULL, 5000000, 1, "Out of memory: x" },
	{ "- fatal error: runtime: out of memory", PREFIX_BARE, "", "", -1, NULL, NOUP, 0,
	  "- fatal error: runtime: out of memory" },
	{ "1.5 GB free", PREFIX_BARE, "", "", -1, NULL, NOUP, 0, "1.5 GB free" },
	{ "Nov 30 10:00:01 web kernel: Killed process 6 (a&amp;b) &lt;x&gt; &#39;y&#39; &#x22;z&#x22; &bogus; &#0; &#300;",
	  PREFIX_SYSLOG, "web", "kernel", -1, "2024-11-30T10:00:01Z", NOUP, 1,
	  "Killed process 6 (a&b) <x> 'y' \"z\" &bogus; &#0; &#300;" },
	{ "{\"@timestamp\":\"2023-11-30T10:00:00Z\",\"host\":{\"name\":\"web\"},\"message\":\"Out of memory: x\"}",
	  PREFIX_ISO, "web", "", -1, "2023-11-30T10:00:00Z", NOUP, 0, "Out of memory: x" },
	{ "{\"level\":\"fatal\",\"pid\":77,\"hostname\":\"api-1\",\"msg\":\"fatal error: runtime: out of memory\"}",
	  PREFIX_BARE, "api-1", "", 77, NULL, NOUP, 0, "fatal error: runtime: out of memory" },
	/* Android Studio's logcat: "PID-TID/package L/tag: msg"; the package is the tag, "?" is none */
	{ "11-11 08:25:25.051 1721-1727/com.translationstudio.androidapp W/System.err: java.lang.OutOfMemoryError: x",
	  PREFIX_LOGCAT, "", "com.translationstudio.androidapp", 1721, "2024-11-11T08:25:25.051000Z", NOUP, 0,
	  "System.err: java.lang.OutOfMemoryError: x" },
	{ "11-16 14:32:45.133 21949-22030/? A/art: art/runtime/runtime.cc:286] Runtime aborting...",
	  PREFIX_LOGCAT, "", "", 21949, "2024-11-16T14:32:45.133000Z", NOUP, 0,
	  "art: art/runtime/runtime.cc:286] Runtime aborting..." },
	/* near misses: no TID after the dash, no level before the tag */
	{ "11-11 08:25:25.051 1721-/com.example W/System.err: x", PREFIX_BARE, "", "", ANY, NULL, NOUP, 0,
	  "11-11 08:25:25.051 1721-/com.example W/System.err: x" },
	{ "11-11 08:25:25.051 1721-1727/com.example System.err: x", PREFIX_BARE, "", "", ANY, NULL, NOUP, 0,
	  "11-11 08:25:25.051 1721-1727/com.example System.err: x" },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Copies n bytes so that the last one is the last byte before the guard
 * page (tests/unit/helpers.h): any over-read crashes the test. */
static struct span place(const char *p, size_t n)
{
	return span_make(th_guard_place(p, n), n);
}

static void assert_span_eq(struct span s, const char *want, const char *what,
			   const char *line)
{
	if (s.n != strlen(want) || memcmp(s.p, want, s.n) != 0) {
		print_error("%s: got '%.*s', want '%s'\n  line: %s\n", what, (int)s.n,
			    s.p, want, line);
		fail();
	}
}

static void check_case(const struct tcase *c, const struct line_meta *m)
{
	struct oom_event ev;
	char buf[64];

	if (m->fmt != c->fmt) {
		print_error("fmt: got %s, want %s\n  line: %s\n", prefix_fmt_name(m->fmt),
			    prefix_fmt_name(c->fmt), c->line);
		fail();
	}
	assert_span_eq(m->host, c->host, "host", c->line);
	assert_span_eq(m->tag, c->tag, "tag", c->line);
	assert_span_eq(m->msg, c->msg, "msg", c->line);
	if (c->pid != ANY && m->tag_pid != c->pid) {
		print_error("tag_pid: got %lld want %lld\n  line: %s\n",
			    (long long)m->tag_pid, (long long)c->pid, c->line);
		fail();
	}
	if (m->uptime_usec != c->uptime) {
		print_error("uptime: got %lld want %lld\n  line: %s\n",
			    (long long)m->uptime_usec, (long long)c->uptime, c->line);
		fail();
	}
	if (c->is_kernel != ANY && m->is_kernel != c->is_kernel) {
		print_error("is_kernel: got %d want %d\n  line: %s\n", m->is_kernel,
			    c->is_kernel, c->line);
		fail();
	}
	event_init(&ev, EV_OOM_KILL);
	line_meta_stamp(m, "t.log", 7, &ev);
	if (!c->time) {
		assert_int_equal(m->time_sec, INT64_MIN);
		assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), -1);
		return;
	}
	assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), 0);
	if (strcmp(buf, c->time) != 0) {
		print_error("time: got %s want %s\n  line: %s\n", buf, c->time, c->line);
		fail();
	}
}

static void test_table(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	size_t i;

	(void)state;
	assert_non_null(pp);
	assert_true(NCASES >= 40);
	for (i = 0; i < NCASES; i++) {
		const struct tcase *c = &cases[i];
		struct span l = place(c->line, strlen(c->line));

		prefix_parse(pp, l, &m);
		check_case(c, &m);
	}
	prefix_free(pp);
}

/* 1 when s is empty or lies inside [p, p + n). */
static int within(struct span s, const char *p, size_t n)
{
	return s.n == 0 || (s.p >= p && s.p + s.n <= p + n);
}

static void test_every_cut(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	size_t i, k, j;
	volatile unsigned sum = 0;

	(void)state;
	assert_non_null(pp);
	for (i = 0; i < NCASES; i++) {
		size_t n = strlen(cases[i].line);

		for (k = 0; k <= n; k++) {
			struct span l = place(cases[i].line, k);

			prefix_parse(pp, l, &m);
			assert_true((unsigned)m.fmt < PREFIX_FMT_COUNT);
			if (m.fmt != PREFIX_JOURNAL_JSON && m.fmt != PREFIX_KMSG && m.fmt != PREFIX_LOGCAT) {
				/* without ANSI escapes or HTML entities the
				 * line is its own; a JSON record's text is
				 * decoded (Docker's) */
				int esc = memchr(l.p, 0x1b, l.n) != NULL || (l.n && l.p[0] == '{') ||
					  memchr(l.p, '&', l.n) != NULL;

				if (!esc && !within(m.msg, l.p, l.n))
					fail_msg("msg outside the line: %.*s", (int)l.n, l.p);
				assert_true(esc || within(m.host, l.p, l.n));
				assert_true(esc || within(m.tag, l.p, l.n) || SPAN_EQ(m.tag, "kernel") ||
					    SPAN_EQ(m.tag, "php") || SPAN_EQ(m.tag, "php-fpm"));
			}
			assert_true(m.msg.n <= 65536);
			for (j = 0; j < m.msg.n; j++)
				sum += (unsigned char)m.msg.p[j];
			for (j = 0; j < m.host.n; j++)
				sum += (unsigned char)m.host.p[j];
		}
	}
	(void)sum;
	prefix_free(pp);
}

/* A cut prefix falls back to bare or a shorter format, never a wrong one. */
static void test_cut_timestamp(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;

	(void)state;
	prefix_parse(pp, place("[  123.45", 9), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	assert_int_equal(m.uptime_usec, INT64_MIN);
	prefix_parse(pp, place("Jan  2 10:11:1", 14), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	prefix_parse(pp, place("Jan  2 10:11:12", 15), &m);
	assert_int_equal(m.fmt, PREFIX_SYSLOG);
	assert_int_equal(m.msg.n, 0);
	prefix_parse(pp, place("2023-01-02T10:11:12+00:0", 24), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	prefix_free(pp);
}

/* time_year_assumed: set exactly when the stamp had no year of its own. */
static void test_year_assumed(void **state)
{
	static const struct {
		const char *line;
		int assumed;
	} years[] = {
		{ "Jan  2 10:11:12 h kernel: x", 1 },
		{ "[Dec 3 03:34] x", 1 },
		{ "11-30 10:00:00.123  1234  1234 I lmkd: x", 1 },
		{ "[1249] 05 May 14:40:16.963 # WARNING overcommit_memory is set to 0!", 1 },
		{ "2023-01-02T10:11:12Z h kernel: x", 0 },
		{ "[Thu Dec  7 00:05:14 2017] x", 0 },
		{ "2026-11-30 10:00:00.123  1234  1234 I lmkd: x", 0 },
		{ "31373:M 23 Nov 2026 09:28:13.834 # x", 0 },
		{ "[  123.456789] x", 0 },
	};
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	struct oom_event ev;
	size_t i;

	(void)state;
	assert_non_null(pp);
	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		prefix_parse(pp, span_from_cstr(years[i].line), &m);
		event_init(&ev, EV_OOM_KILL);
		line_meta_stamp(&m, "s", 1, &ev);
		if (ev.time_year_assumed != years[i].assumed)
			fail_msg("%s: time_year_assumed %d, want %d", years[i].line,
				 ev.time_year_assumed, years[i].assumed);
	}
	prefix_free(pp);
}

static void test_year_rollover(void **state)
{
	/* ref 2024-01-05T00:00:00Z: a December date belongs to 2023. */
	struct prefix_parser *pp = prefix_new(2024, 1704412800);
	struct line_meta m;
	struct oom_event ev;
	char buf[64];
	const char *l1 = "Dec 31 23:00:00 h kernel: x";
	const char *l2 = "Jan  5 12:00:00 h kernel: x";

	(void)state;
	assert_non_null(pp);
	prefix_parse(pp, span_from_cstr(l1), &m);
	event_init(&ev, EV_OOM_KILL);
	line_meta_stamp(&m, "s", 1, &ev);
	assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2023-12-31T23:00:00Z");
	/* Within a day of ref_time: still this year. */
	prefix_parse(pp, span_from_cstr(l2), &m);
	line_meta_stamp(&m, "s", 2, &ev);
	assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2024-01-05T12:00:00Z");
	prefix_free(pp);
}

/* A host a person elided ("...", "…", "<hostname>") keeps the line's syslog shape (its
 * tag and message) but names no host; a real host, a dotted name and a
 * masked one are kept. */
static void test_host_elided(void **state)
{
	static const struct {
		const char *line, *host;
	} elided[] = {
		{ "Aug 30 06:58:55.050705 ... kernel: oom-kill:constraint=CONSTRAINT_MEMCG,pid=1,uid=0", "" },
		{ "Aug 30 06:58:55 .. kernel: Out of memory: Killed process 1 (a)", "" },
		{ "Aug 30 06:58:55 \xe2\x80\xa6 kernel: Out of memory: Killed process 1 (a)", "" },
		{ "Aug 30 06:58:55 node.example kernel: Out of memory: Killed process 1 (a)", "node.example" },
		{ "Aug 30 06:58:55 xxx kernel: Out of memory: Killed process 1 (a)", "xxx" },
		{ "Aug 30 06:58:55 .x kernel: Out of memory: Killed process 1 (a)", ".x" },
		/* a placeholder in angle brackets, as people redact a host */
		{ "Oct 07 19:16:10 <hostname> kernel: Out of memory: Killed process 1 (a)", "" },
		{ "Aug 30 06:58:55 <a> kernel: Out of memory: Killed process 1 (a)", "" },
		{ "Aug 30 06:58:55 <host> kernel: Out of memory: Killed process 1 (a)", "" },
	};
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	struct oom_event ev;
	size_t i;

	(void)state;
	assert_non_null(pp);
	for (i = 0; i < sizeof(elided) / sizeof(elided[0]); i++) {
		prefix_parse(pp, span_from_cstr(elided[i].line), &m);
		assert_true(m.is_kernel);
		event_init(&ev, EV_OOM_KILL);
		line_meta_stamp(&m, "s", 1, &ev);
		if (strcmp(ev.host, elided[i].host) != 0)
			fail_msg("%s: host '%s', want '%s'", elided[i].line, ev.host, elided[i].host);
	}
	prefix_free(pp);
}

/* A syslog clock a person masked ("Mar 19 XX:25:23 XXXX-ubuntu kernel: ...")
 * keeps the line's host, tag and message with no time, and leaves nothing
 * for the next line's stamp cache; without a month word, or with a clock
 * of other letters, the line is no syslog line. */
static void test_masked_clock(void **state)
{
	static const struct {
		const char *line, *host;
		int syslog;
	} mcases[] = {
		{ "Mar 19 XX:25:23 XXXX-ubuntu kernel: [14761.014012] Out of memory: Killed process 3429 (Fulcrum)",
		  "XXXX-ubuntu", 1 },
		{ "Mar 19 xx:xx:xx host1 kernel: Out of memory: Killed process 1 (a)", "host1", 1 },
		{ "Mar 19 1X:25:23 host1 kernel: Out of memory: Killed process 1 (a)", "host1", 1 },
		/* no month word before it */
		{ "Step 19 XX:25:23 host1 kernel: Out of memory: Killed process 1 (a)", "", 0 },
		/* letters other than X are no mask */
		{ "Mar 19 AB:25:23 host1 kernel: Out of memory: Killed process 1 (a)", "", 0 },
		/* glued to what follows */
		{ "Mar 19 XX:25:23x host1 kernel: Out of memory: Killed process 1 (a)", "", 0 },
	};
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	struct oom_event ev;
	size_t i;

	(void)state;
	assert_non_null(pp);
	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		prefix_parse(pp, span_from_cstr(mcases[i].line), &m);
		if ((m.fmt == PREFIX_SYSLOG) != mcases[i].syslog)
			fail_msg("%s: fmt %s", mcases[i].line, prefix_fmt_name(m.fmt));
		event_init(&ev, EV_OOM_KILL);
		line_meta_stamp(&m, "s", 1, &ev);
		if (strcmp(ev.host, mcases[i].host) != 0)
			fail_msg("%s: host '%s', want '%s'", mcases[i].line, ev.host, mcases[i].host);
		if (mcases[i].syslog) {
			assert_true(m.is_kernel);
			assert_true(m.time_sec == INT64_MIN);
		}
	}
	/* A real stamp after a masked one is read whole, not from a cache. */
	prefix_parse(pp, span_from_cstr("Mar 19 XX:25:23 h kernel: a"), &m);
	prefix_parse(pp, span_from_cstr("Mar 19 10:25:24 h kernel: b"), &m);
	assert_int_equal(m.fmt, PREFIX_SYSLOG);
	assert_true(m.time_sec != INT64_MIN);
	prefix_free(pp);
}

/* Programs' own log stamps: the time is kept, the whole line stays the
 * message (fmt bare), and a zone that cannot be placed gives no time. */
static void test_app_stamps(void **state)
{
	static const struct {
		const char *line, *time;
	} stamps[] = {
		{ "2026-11-23 09:28:34.828 UTC [31807] LOG:  database system is ready", "2026-11-23T09:28:34.828000Z" },
		{ "31373:M 23 Nov 2026 09:28:13.834 # Server initialized", "2026-11-23T09:28:13.834000Z" },
		{ "[1249] 05 May 14:40:16.963 # WARNING overcommit_memory is set to 0!", "2024-05-05T14:40:16.963000Z" },
		{ "2024-01-02 03:04:05,123 ERROR [main] java.lang.OutOfMemoryError", "2024-01-02T03:04:05.123000Z" },
		{ "2024-01-02 03:04:05 +0100 x", "2024-01-02T02:04:05Z" },
		{ "2024-01-02 03:04:05 CET x", NULL },
		{ "13/May/2015 15:05:19 [src/Lua.cpp:4667] WARNING: Script failure [x.lua][not enough memory]",
		  "2015-05-13T15:05:19Z" },
		{ "13/Xyz/2015 15:05:19 x", NULL },
		{ "13/May/15 15:05:19 x", NULL },
		{ "[28438]     0 28438  5063909   119961 java", NULL },
		{ "12345 something", NULL },
		{ "2024-13-02 03:04:05 x", NULL },
		/* A collector's batch stamp, then the program's own: the
		 * program's is the time (the lines of one report agree on it). */
		{ "2020-04-08 13:26:50.0000000 2020-04-08 13:26:59.787 UTC [60765] FATAL:  out of memory",
		  "2020-04-08T13:26:59.787000Z" },
		/* A number after the stamp is the message's, not a stamp. */
		{ "2020-04-08 13:26:50 2020 rows copied, 13:26 left", "2020-04-08T13:26:50Z" },
	};
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	struct oom_event ev;
	char buf[64];
	size_t i;

	(void)state;
	assert_non_null(pp);
	for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		struct span line = span_from_cstr(stamps[i].line);

		prefix_parse(pp, line, &m);
		assert_int_equal(m.fmt, PREFIX_BARE);
		assert_true(m.msg.p == line.p && m.msg.n == line.n);
		event_init(&ev, EV_RUNTIME_OOM);
		line_meta_stamp(&m, "s", 1, &ev);
		if (!stamps[i].time) {
			if (event_format_time(&ev, buf, sizeof(buf)) == 0)
				fail_msg("%s: unexpected time %s", stamps[i].line, buf);
			continue;
		}
		assert_int_equal(event_format_time(&ev, buf, sizeof(buf)), 0);
		assert_string_equal(buf, stamps[i].time);
	}
	prefix_free(pp);
}

static void test_kmsg_continuation(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;

	(void)state;
	prefix_parse(pp, span_from_cstr(" SUBSYSTEM=memory"), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	prefix_parse(pp, span_from_cstr("6,1,2,-;hello"), &m);
	assert_int_equal(m.fmt, PREFIX_KMSG);
	assert_int_equal(m.kmsg_seq, 1);
	assert_int_equal(m.kmsg_facility, 0);
	prefix_parse(pp, span_from_cstr(" SUBSYSTEM=memory"), &m);
	assert_int_equal(m.fmt, PREFIX_KMSG_CONT);
	assert_int_equal(m.msg.n, 0);
	prefix_parse(pp, span_from_cstr(" DEVICE=+memory:1"), &m);
	assert_int_equal(m.fmt, PREFIX_KMSG_CONT);
	prefix_parse(pp, span_from_cstr("Mem-Info:"), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	prefix_parse(pp, span_from_cstr(" SUBSYSTEM=memory"), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	/* user-space facility */
	prefix_parse(pp, span_from_cstr("30,7,9,-;systemd[1]: hi"), &m);
	assert_int_equal(m.fmt, PREFIX_KMSG);
	assert_int_equal(m.kmsg_facility, 3);
	assert_int_equal(m.is_kernel, 0);
	prefix_free(pp);
}

static void test_json_edge(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	static char big[200000];
	size_t n;

	(void)state;
	/* A message longer than the scratch cap is cut to it. */
	n = (size_t)snprintf(big, sizeof(big), "{\"MESSAGE\":\"");
	memset(big + n, 'a', 100000);
	n += 100000;
	n += (size_t)snprintf(big + n, sizeof(big) - n, "\",\"_PID\":12}");
	prefix_parse(pp, span_make(big, n), &m);
	assert_int_equal(m.fmt, PREFIX_JOURNAL_JSON);
	assert_int_equal(m.msg.n, 65536);
	assert_int_equal(m.tag_pid, 12);
	assert_int_equal(m.time_sec, INT64_MIN);
	/* An object without journal fields is an application's JSON line. */
	prefix_parse(pp, span_from_cstr("{}"), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	assert_int_equal(m.msg.n, 2);
	prefix_parse(pp, span_from_cstr("[1,2]"), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	prefix_parse(pp, span_from_cstr("{\"__CURSOR\":\"s=1\",\"_PID\":\"-3\"}"), &m);
	assert_int_equal(m.fmt, PREFIX_JOURNAL_JSON);
	assert_int_equal(m.msg.n, 0);
	assert_int_equal(m.tag_pid, -1);
	/* Numbers as JSON numbers, MESSAGE bytes out of range skipped. */
	prefix_parse(pp, span_from_cstr("{\"MESSAGE\":[104,300,105,-1],\"__REALTIME_TIMESTAMP\":1000001,\"SYSLOG_PID\":9}"), &m);
	assert_int_equal(m.fmt, PREFIX_JOURNAL_JSON);
	assert_int_equal(m.msg.n, 2);
	assert_memory_equal(m.msg.p, "hi", 2);
	assert_int_equal(m.time_sec, 1);
	assert_int_equal(m.time_nsec, 1000);
	assert_int_equal(m.tag_pid, 9);
	prefix_parse(pp, span_from_cstr("{\"MESSAGE\":null,\"_SOURCE_MONOTONIC_TIMESTAMP\":\"5\"}"), &m);
	assert_int_equal(m.fmt, PREFIX_JOURNAL_JSON);
	assert_int_equal(m.uptime_usec, 5);
	prefix_free(pp);
}

/* A pretty-printed JSON object's text member on a line of its own
 * (dmesg --json, journalctl -o json-pretty): its string, decoded, read
 * as a line of its own; anything else on the line declines it. */
static void test_json_member(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;

	(void)state;
	prefix_parse(pp, span_from_cstr("         \"msg\": \"Out of memory: Killed process 7 (a \\\"b\\\")\""), &m);
	assert_int_equal(m.fmt, PREFIX_BARE);
	assert_true(SPAN_EQ(m.msg, "Out of memory: Killed process 7 (a \"b\")"));
	prefix_parse(pp, span_from_cstr("\t\"MESSAGE\" : \"oom_reaper: reaped process 7 (a)\","), &m);
	assert_true(SPAN_EQ(m.msg, "oom_reaper: reaped process 7 (a)"));
	/* the text's own prefix is read as a line's */
	prefix_parse(pp, span_from_cstr("  \"message\": \"Mar  3 10:00:00 web-1 kernel: [  12.5] oom_reaper: x\\n\" ,"),
		     &m);
	assert_int_equal(m.fmt, PREFIX_SYSLOG);
	assert_true(SPAN_EQ(m.host, "web-1"));
	assert_true(SPAN_EQ(m.tag, "kernel"));
	assert_true(SPAN_EQ(m.msg, "oom_reaper: x"));
	/* another member, more on the line, a cut string, no string: as it stands */
	prefix_parse(pp, span_from_cstr("\"name\": \"Out of memory\","), &m);
	assert_true(SPAN_EQ(m.msg, "\"name\": \"Out of memory\","));
	prefix_parse(pp, span_from_cstr("\"msg\": \"a\", \"pri\": 3"), &m);
	assert_true(SPAN_EQ(m.msg, "\"msg\": \"a\", \"pri\": 3"));
	prefix_parse(pp, span_from_cstr("\"msg\": \"a\",,"), &m);
	assert_true(SPAN_EQ(m.msg, "\"msg\": \"a\",,"));
	prefix_parse(pp, span_from_cstr("\"msg\": \"Out of memory: Kil"), &m);
	assert_true(SPAN_EQ(m.msg, "\"msg\": \"Out of memory: Kil"));
	prefix_parse(pp, span_from_cstr("\"msg\": 12"), &m);
	assert_true(SPAN_EQ(m.msg, "\"msg\": 12"));
	prefix_parse(pp, span_from_cstr("\"msg\": \"bad \\q escape\""), &m);
	assert_true(SPAN_EQ(m.msg, "\"msg\": \"bad \\q escape\""));
	prefix_free(pp);
}

/* Parses the line of blk that holds needle and reads its object around it. */
static void member_in(struct prefix_parser *pp, const char *blk, const char *needle, struct line_meta *m)
{
	const char *p = strstr(blk, needle), *b, *e;

	assert_non_null(p);
	for (b = p; b > blk && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	prefix_parse(pp, span_make(b, (size_t)(e - b)), m);
	prefix_json_object(span_from_cstr(blk), span_make(b, (size_t)(e - b)), m);
}

/* The members around a text member: the object's host, times and program,
 * from its braces' lines at most, the text's own first. */
static void test_json_object(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	static const char journal[] = "{\n"
				      "\t\"__REALTIME_TIMESTAMP\" : \"1712661631552101\",\n"
				      "\t\"__MONOTONIC_TIMESTAMP\" : \"73301552109\",\n"
				      "\t\"_TRANSPORT\" : \"kernel\",\n"
				      "\t\"_HOSTNAME\" : \"dockhost\",\n"
				      "\t\"MESSAGE\" : \"Out of memory: Killed process 7 (a)\",\n"
				      "\t\"_SOURCE_MONOTONIC_TIMESTAMP\" : \"73301552101\",\n"
				      "\t\"_PID\" : \"0\"\n"
				      "}\n"
				      "{\n"
				      "\t\"_HOSTNAME\" : \"other\",\n"
				      "\t\"SYSLOG_IDENTIFIER\" : \"redis-server\",\n"
				      "\t\"_PID\" : \"812\",\n"
				      "\t\"MESSAGE\" : \"Can't save in background: fork: Cannot allocate memory\"\n"
				      "}\n";
	static const char dmesg[] = "      },{\n"
				    "         \"pri\": 3,\n"
				    "         \"time\":  5123.4567,\n"
				    "         \"msg\": \"oom_reaper: reaped process 7 (a)\"\n"
				    "      },{\n"
				    "         \"time\":  9.000001,\n";
	static const char own[] = "{\n  \"host\": \"elsewhere\",\n  \"time\": \"2026-11-30T10:00:00Z\",\n"
				  "  \"message\": \"Mar  3 10:00:00 web-1 kernel: oom_reaper: x\"\n}\n";

	(void)state;
	member_in(pp, journal, "Out of memory", &m);
	assert_true(SPAN_EQ(m.msg, "Out of memory: Killed process 7 (a)"));
	assert_true(SPAN_EQ(m.host, "dockhost"));
	assert_int_equal(m.time_sec, 1712661631);
	assert_int_equal(m.time_nsec, 552101000);
	assert_int_equal(m.uptime_usec, 73301552101); /* the source's stamp, after the text */
	assert_int_equal(m.is_kernel, 1);
	assert_true(SPAN_EQ(m.tag, "kernel"));
	assert_int_equal(m.tag_pid, -1); /* _PID 0 names nothing */
	/* the next object's members only */
	member_in(pp, journal, "Can't save", &m);
	assert_true(SPAN_EQ(m.host, "other"));
	assert_true(SPAN_EQ(m.tag, "redis-server"));
	assert_int_equal(m.tag_pid, 812);
	assert_int_equal(m.time_sec, INT64_MIN);
	assert_int_equal(m.uptime_usec, INT64_MIN);
	/* dmesg --json: seconds since boot, within the object's braces */
	member_in(pp, dmesg, "oom_reaper", &m);
	assert_int_equal(m.uptime_usec, 5123456700);
	assert_int_equal(m.host.n, 0);
	/* what the text names stays; what it leaves comes from the object */
	member_in(pp, own, "oom_reaper", &m);
	assert_true(SPAN_EQ(m.host, "web-1"));
	assert_int_equal(m.fmt, PREFIX_SYSLOG);
	assert_int_equal(m.time_sec, 1709460000);
	/* a line not a member, or not inside the bytes given: as it stands */
	prefix_parse(pp, span_from_cstr("Out of memory: Killed process 7 (a)"), &m);
	prefix_json_object(span_from_cstr(journal), span_from_cstr("Out of memory: Killed process 7 (a)"), &m);
	assert_int_equal(m.host.n, 0);
	prefix_parse(pp, span_from_cstr("\"msg\": \"x\""), &m);
	assert_int_equal(m.json_member, 1);
	prefix_json_object(span_from_cstr(journal), span_from_cstr("\"msg\": \"x\""), &m);
	assert_int_equal(m.host.n, 0);
	prefix_free(pp);
}

/* 1 when two parses of the same bytes told the same. */
static int meta_same(const struct line_meta *a, const struct line_meta *b)
{
	return a->fmt == b->fmt && a->host.n == b->host.n && !memcmp(a->host.p, b->host.p, a->host.n) &&
	       a->tag.n == b->tag.n && !memcmp(a->tag.p, b->tag.p, a->tag.n) && a->tag_pid == b->tag_pid &&
	       a->time_sec == b->time_sec && a->time_nsec == b->time_nsec &&
	       a->uptime_usec == b->uptime_usec && a->kmsg_seq == b->kmsg_seq &&
	       a->kmsg_facility == b->kmsg_facility && a->is_kernel == b->is_kernel &&
	       a->year_assumed == b->year_assumed && a->msg.n == b->msg.n &&
	       !memcmp(a->msg.p, b->msg.p, a->msg.n);
}

/* The parser keeps the last syslog stamp, its minute and the last "host
 * kernel: [uptime]" it read: every case parses the same after any other
 * case (or itself, but for a kmsg record's continuation) as on a fresh
 * parser, with and without a reference time: a stamp or head one byte
 * off, another second of the minute (60, not 61), a fraction, a month it
 * does not know, a second past the reference time's year guess, a
 * program's tag after the uptime or a tag with a pid. */
static void test_stamp_cache(void **state)
{
	static const char *const extra[] = {
		"Nov  1 00:01:48 node31 kernel: [  108.359100] Mem-Info:",
		"Nov  1 00:01:48 node07 sshd[12]: Accepted key",
		"Nov  1 00:01:49 node31 kernel: Free swap  = 0kB",
		"Nov  1 00:01:48 ",
		"Nov  1 00:01:48",
		"Nox  1 00:01:48 node31 kernel: Free swap  = 0kB",
		"Nox  1 00:01:48 node32 kernel: x",
		"Nov  1 00:01:48.5 node31 kernel: x",
		"Nov  1 00:01:48 node31 kernel: [  108.359100] node[82015]: segfault at 0",
		"Nov  1 00:01:48 node31 kernel: [  108.359100] [ T12] CPU: 3 PID: 1 Comm: x",
		"Nov  1 00:01:48 node31 kernel: [  108.359100]",
		"Nov  1 00:01:48 node31 kernel: [  108.359100]  dump_stack+0x5c/0x80",
		"Nov  1 00:01:48 node31 kernel: [  108.3591]x",
		"Nov  1 00:01:48 node3 kernel: [  108.359100] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel:  [  108.359100] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel[7]: [  108.359100] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [abc] Mem-Info:",
		"<4>Nov  1 00:01:48 node31 kernel: [  108.359100] Mem-Info:",
		"Nov  1 00:01:49 node31 kernel: [  108.359100] Mem-Info:",
		"Nov  1 00:01:07 node32 kernel: x",
		"Nov  1 00:01:60 node32 kernel: x",
		"Nov  1 00:01:61 node32 kernel: x",
		"Nov  1 00:01:4 node32 kernel: x",
		"Nov  1 00:01:48,25 node32 kernel: x",
		"Nov  1 00:02:48 node32 kernel: x",
		"Nox  1 00:01:07 node32 kernel: x",
		"Dec 31 23:59:20 node32 kernel: x",
		"Dec 31 23:59:40 node32 kernel: x",
		"Dec 31 23:59:30 node32 kernel: x",
		/* the short road: a stamp read after "<pri>" whose word is no
		 * month of a direct line ("a/b" is logcat's shape there), a
		 * relay-like word, a tab after the tag, odd uptime stamps */
		"<4>a/b 12 10:11:12 node31 kernel: x",
		"a/b 12 10:11:12 node31 kernel: x",
		"<4>ab 12 10:11:12 node31 kernel: x",
		"ab 12 10:11:12 node31 kernel: x",
		"<4>a_1 12 10:11:12 | x",
		"a_1 12 10:11:12 | x",
		"Nov  1 00:01:48 node31 kernel:\t[  108.359100] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [1234567.000000] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [ 1 23.123456] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [     .123456] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [  108.35910x] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [99999.999999] Mem-Info:",
		"Nov  1 00:01:48 node31 kernel: [    0.000000]",
		"Nov  1 00:01:48 <node31> kernel: [  108.359100] Mem-Info:",
		"Nov  1 00:01:48 node31: kernel: [  108.359100] Mem-Info:",
		"Nov  1 00:01:48 nöde31 kernel: [  108.359100] Mem-Info:",
	};
	/* 2024-12-30T23:59:30Z: "Dec 31 23:59:30" is the last second of 2024
	 * the year guess keeps; the seconds after it go to 2023. */
	const int64_t refs[] = { 0, 1735603170 };
	const char *lines[NCASES + sizeof(extra) / sizeof(extra[0])];
	size_t n = 0, i, j, r;

	(void)state;
	for (i = 0; i < NCASES; i++)
		lines[n++] = cases[i].line;
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		lines[n++] = extra[i];
	for (r = 0; r < 2; r++)
	for (i = 0; i < n; i++) {
		struct prefix_parser *fresh = prefix_new(2024, refs[r]);
		struct line_meta want;

		assert_non_null(fresh);
		/* the general road with no memory at all */
		prefix_set_plain(fresh, 1);
		prefix_parse(fresh, span_from_cstr(lines[i]), &want);
		for (j = 0; j < n; j++) {
			struct prefix_parser *pp = prefix_new(2024, refs[r]);
			struct line_meta before, got;

			assert_non_null(pp);
			prefix_parse(pp, span_from_cstr(lines[j]), &before);
			prefix_parse(pp, span_from_cstr(lines[i]), &got);
			/* A kmsg record before a line changes it on purpose
			 * (its continuation lines), and so does grep -n's
			 * label "41:" before "42: x" (the next number's
			 * label, one blank and all). */
			if (before.fmt != PREFIX_KMSG && before.fmt != PREFIX_KMSG_CONT &&
			    !(strncmp(lines[j], "41:", 3) == 0 && strncmp(lines[i], "42: ", 4) == 0) && !meta_same(&want, &got))
				fail_msg("\"%s\" after \"%s\" parsed differently", lines[i], lines[j]);
			prefix_free(pp);
		}
		prefix_free(fresh);
	}
}

/* Appends a random piece of the table to buf (cap n, NUL-terminated):
 * three times in four one of its first `clean` entries (the common shape),
 * else any. */
static void pick(char *buf, size_t n, const char *const *tab, size_t k, size_t clean, uint64_t *rng)
{
	size_t l = strlen(buf);
	uint64_t r = th_rand64(rng);

	snprintf(buf + l, n - l, "%s", tab[(r & 3) ? (r >> 2) % clean : (r >> 2) % k]);
}

#define PICK(buf, tab, clean, rng) \
	pick((buf), sizeof(buf), (tab), sizeof(tab) / sizeof((tab)[0]), (clean), (rng))

/* Appends an uptime stamp: dmesg's "[%5lu.%06lu]" with random values,
 * often one byte off, or another width. */
static void pick_uptime(char *buf, size_t n, uint64_t *rng)
{
	static const char odd[] = " .]x[0:-+\t";
	size_t l = strlen(buf), w;
	uint64_t r = th_rand64(rng);
	unsigned long sec = (unsigned long)(th_rand64(rng) % 100000), us = (unsigned long)(th_rand64(rng) % 1000000);

	if (r % 4 == 0)
		sec = (unsigned long)(th_rand64(rng) % 300);
	if (r % 8 == 1)
		snprintf(buf + l, n - l, "[%lu.%lu]", sec * 1000 + 7, us);
	else
		snprintf(buf + l, n - l, "[%5lu.%06lu]", sec, us);
	w = strlen(buf + l);
	if (r % 3 == 0) /* one byte of it something else */
		buf[l + 1 + (size_t)(th_rand64(rng) % (w - 1))] = odd[th_rand64(rng) % (sizeof(odd) - 1)];
}

/*
 * The short road (a line repeating the last syslog stamp or its minute,
 * "host kernel: [uptime]" read in one pass or from the last head, a dmesg
 * stamp read eight bytes at a time) against
 * the general road without any memory (prefix_set_plain): random lines
 * built from pieces of the common shape, each piece often slightly wrong,
 * in random order so that stamps, minutes and heads repeat or do not, all
 * fields compared. Each line sits flush against the guard page.
 */
/* Parses l with both roads into a and b: 1 when they agree, in every field
 * and (without ANSI escapes, which each copies to its own scratch) in
 * where the spans point, even empty ones. A third parser, fed the same
 * lines, takes those without an ESC byte through prefix_parse_no_esc,
 * which must give what prefix_parse gives. */
static int roads_agree(struct prefix_parser *fast, struct prefix_parser *plain, struct prefix_parser *no_esc,
		       struct span l, struct line_meta *a, struct line_meta *b)
{
	struct line_meta c;
	int esc = memchr(l.p, 0x1b, l.n) != NULL;

	prefix_parse(fast, l, a);
	prefix_parse(plain, l, b);
	if (esc)
		prefix_parse(no_esc, l, &c);
	else
		prefix_parse_no_esc(no_esc, l, &c);
	if (!meta_same(a, b) || !meta_same(a, &c))
		return 0;
	return esc || (a->msg.p == b->msg.p && a->host.p == b->host.p && a->tag.p == b->tag.p &&
		       a->msg.p == c.msg.p && a->host.p == c.host.p && a->tag.p == c.tag.p);
}

static void test_short_road(void **state)
{
	static const char *const pre[] = {
		"", "  ", "> ", ">> ", "\t", "\x1b[1m", "`", "<4>", "<13>",
		"svc_1  | ", "[h1] out: ", "\xef\xbb\xbf", " ",
	};
	static const char *const month[] = { "Nov", "Dec", "Jan", "Nox", "a/b", "ab", "M\xc3\xa4r", "nov" };
	static const char *const day[] = { " 1", "01", "31", " 0", "32", "1", "  1" };
	static const char *const clock[] = {
		" 00:01:07", " 00:01:48", " 00:01:49", " 00:01:59", " 00:01:60", " 00:01:61",
		" 00:02:00", " 23:59:30", " 23:59:40", " 24:00:00", " 00:60:00", " 00:01:4", " 00:01:48.5",
		" 00:01:48,25", " 0:01:48",
	};
	static const char *const host[] = {
		"node31", "node07", "node3", "n", "<hostname>", "node:", "a|b", "",
		"host-1.example.com", ("n\xc3\xb6" "de"), "HOST_9", "h\x01x",
		"hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh",
	};
	static const char *const tag[] = {
		" kernel: ", " kernel:  ", " kernel:\t", " kernel:",
		" kernel[7]: ", " sshd[12]: ", " kernel ", " foo: ", " kern: ", "  kernel: ", " Kernel: ",
	};
	static const char *const tail[] = {
		" Mem-Info:", "  dump_stack+0x5c/0x80", " [ T12] CPU: 3", "[    C3] x", " node[82015]: segfault at 0",
		"", " ", " [  pid  ] x", "]x", " #011x", " a[1]: b", " [1]: x", "\tx", " audit: type=1400",
		" systemd-journald[35]: Data hash table", " x[-1]: y", " [12345678901]: z",
	};
	static const char *const post[] = { "", "\r", "\r\n", " ", "\x1b[0m" };
	const int64_t refs[] = { 0, 1735603170 };
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	size_t r, i;

	(void)state;
	for (r = 0; r < 2; r++) {
		struct prefix_parser *fast = prefix_new(2024, refs[r]), *plain = prefix_new(2024, refs[r]);
		struct prefix_parser *no_esc = prefix_new(2024, refs[r]);
		unsigned shorts = 0, dmesgs = 0;

		assert_non_null(fast);
		assert_non_null(plain);
		assert_non_null(no_esc);
		prefix_set_plain(plain, 1);
		for (i = 0; i < 40000; i++) {
			char buf[512] = "";
			struct line_meta a, b;
			struct span l;
			uint64_t c = th_rand64(&rng);

			PICK(buf, pre, 1, &rng);
			if (c % 5 == 3) {
				/* raw dmesg, or a program's line behind the stamp */
				pick_uptime(buf, sizeof(buf), &rng);
				PICK(buf, tail, 6, &rng);
				PICK(buf, post, 1, &rng);
				goto parse;
			}
			PICK(buf, month, 2, &rng);
			PICK(buf, day, 2, &rng);
			PICK(buf, clock, 4, &rng);
			if (c % 16 != 0)
				strcat(buf, " ");
			PICK(buf, host, 3, &rng);
			PICK(buf, tag, 1, &rng);
			if (c % 8 != 1)
				pick_uptime(buf, sizeof(buf), &rng);
			PICK(buf, tail, 6, &rng);
			PICK(buf, post, 1, &rng);
parse:
			if (c % 32 == 2) /* cut anywhere */
				buf[th_rand64(&rng) % (strlen(buf) + 1)] = 0;
			l = place(buf, strlen(buf));
			if (!roads_agree(fast, plain, no_esc, l, &a, &b))
				fail_msg("short road differs on \"%s\" (line %zu, ref %zu): %s/%s host '%.*s'/'%.*s' msg '%.*s'/'%.*s'",
					 buf, i, r, prefix_fmt_name(a.fmt), prefix_fmt_name(b.fmt),
					 (int)a.host.n, a.host.p, (int)b.host.n, b.host.p, (int)a.msg.n, a.msg.p,
					 (int)b.msg.n, b.msg.p);
			shorts += a.fmt == PREFIX_SYSLOG && a.uptime_usec != INT64_MIN;
			dmesgs += a.fmt == PREFIX_DMESG && a.uptime_usec != INT64_MIN;
		}
		/* every byte in a host, at its start, inside and at its end,
		 * in hosts shorter and longer than sixteen bytes */
		for (i = 0; i < 256 * 6; i++) {
			static const char *const around[][2] = {
				{ "", "ode31" }, { "no", "de31" }, { "node31", "" },
				{ "", "ode31-host-name.example" }, { "node31-host-name.e", "xample" },
				{ "node31-host-name.example", "" },
			};
			char buf[256];
			struct line_meta a, b;
			struct span l;

			snprintf(buf, sizeof(buf), "Nov  1 00:01:48 %s%c%s kernel: [  108.359100] Mem-Info:",
				 around[i / 256][0], (char)(i % 256 ? i % 256 : 'x'), around[i / 256][1]);
			prefix_parse(fast, span_from_cstr("Nov  1 00:01:48 h kernel: x"), &a);
			prefix_parse_no_esc(no_esc, span_from_cstr("Nov  1 00:01:48 h kernel: x"), &a);
			l = place(buf, strlen(buf));
			if (!roads_agree(fast, plain, no_esc, l, &a, &b))
				fail_msg("short road differs on host byte 0x%02zx in \"%s\"", i % 256, buf);
		}
		/* the common shape came up often enough to take every road */
		if (shorts < 5000 || dmesgs < 2000)
			fail_msg("only %u syslog and %u dmesg lines with an uptime", shorts, dmesgs);
		prefix_free(fast);
		prefix_free(plain);
		prefix_free(no_esc);
	}
}

/*
 * prefix_line_plain against the four searches it stands for: every length
 * up to 100 (its one pass reads 32 bytes at a time, the last block
 * overlapping), each of its bytes and near misses (the same low nibble, or
 * 0x80 on) at every offset, each line flush against the guard page.
 */
static void test_line_plain(void **state)
{
	static const unsigned char probe[] = { 0x1b, '\n', '#', '\\', 0x1a, 0x1c, 0x0b, '"', '3', 0x9b, 0x8a,
					       0xa3, 0xdc, 0x5d, 'L', 'l', '|', ',', 0xff, 0 };
	char buf[128];
	size_t n, at, k;

	(void)state;
	for (n = 0; n <= 100; n++) {
		memset(buf, 'a', n);
		assert_int_equal(prefix_line_plain(place(buf, n)), 1);
		for (at = 0; at < n; at++)
			for (k = 0; k < sizeof(probe); k++) {
				struct span l;
				int want;

				memset(buf, (int)"kernel: [ 1.5] oom"[(n + at) % 18], n);
				buf[at] = (char)probe[k];
				l = place(buf, n);
				want = !memchr(l.p, 0x1b, n) && !memchr(l.p, '\n', n) && !memchr(l.p, '#', n) &&
				       !memchr(l.p, '\\', n);
				if (prefix_line_plain(l) != want)
					fail_msg("prefix_line_plain: byte 0x%02x at %zu of %zu", probe[k], at, n);
			}
	}
}

static int spans_same(struct span a, struct span b)
{
	return span_eq(a, b.p, b.n);
}

/* 1 when a and b read the same (their spans by content). */
static int same_meta(const struct line_meta *a, const struct line_meta *b)
{
	return a->fmt == b->fmt && spans_same(a->host, b->host) && spans_same(a->tag, b->tag) &&
	       a->tag_pid == b->tag_pid && a->time_sec == b->time_sec && a->time_nsec == b->time_nsec &&
	       a->uptime_usec == b->uptime_usec && a->kmsg_seq == b->kmsg_seq &&
	       a->kmsg_facility == b->kmsg_facility && a->is_kernel == b->is_kernel &&
	       a->year_assumed == b->year_assumed && spans_same(a->msg, b->msg);
}

/*
 * prefix_kernel_line on random streams of syslog, kmsg, dmesg and
 * journal lines from a few hosts over minutes that roll over, a year's end
 * among them: a line it takes reads as a kernel syslog line, and a parser
 * that skips some of the lines it takes reads every other line as a
 * parser that reads them all.
 */
static void test_kernel_line(void **state)
{
	static const char *const stamps[] = { "Dec 31 23:59:", "Jan  1 00:00:", "Jan  1 00:01:", "Jan  1 00:02:" };
	static const char *const heads[] = {
		"node1 kernel: [  100.000001] ", "node2 kernel: [  100.000002] ", "node1 kernel: ",
		"node-3.example kernel: [ 7.5] ", "node1 cron[12]: ", "node2 kernel[0]: ", "node1 kernel:",
		"node1 kern: ", "<host> kernel: ", "node2  kernel: ", "a:b kernel: ", "node1: kernel: ",
		/* a program's line behind the kernel's stamp: the program's */
		"node1 kernel: [  100.000001] systemd-journald[16438]: ", "node2 kernel: [ 5.5] [ T12] java[7]: ",
	};
	static const char *const msgs[] = { "oom_score_adj for pid 7 set to -1000", "Out of memory: Killed process 7 (a)",
					    "x", "" };
	static const char *const other[] = {
		"6,100,5000,-;Out of memory", " SUBSYSTEM=memory", "[  5.000000] oom", "  > Jan  1 00:00:01 node1 kernel: x",
		"2024-01-01T00:00:01+00:00 node1 kernel: y", "\xef\xbb\xbfJan  1 00:00:01 node1 kernel: z",
		"Jan  1 00:00:01 node1 kernel: w\r", "Jan  1 00:00:01.5 node1 kernel: v",
	};
	uint64_t rng = 0x2545f4914f6cdd1dull;
	char lines[200][160];
	int round, i, taken = 0;

	(void)state;
	for (round = 0; round < 400; round++) {
		struct prefix_parser *all = prefix_new(2024, 0), *some = prefix_new(2024, 0);
		int n = 1 + (int)(th_rand64(&rng) % 200), st = 0;

		assert_non_null(all);
		assert_non_null(some);
		for (i = 0; i < n; i++) {
			uint64_t x = th_rand64(&rng);

			if (x % 7 == 0) {
				snprintf(lines[i], sizeof(lines[i]), "%s", other[(x >> 8) % (sizeof(other) / sizeof(other[0]))]);
				continue;
			}
			if (x % 5 == 0 && st < 3)
				st++;
			snprintf(lines[i], sizeof(lines[i]), "%s%02d %s%s", stamps[st], (int)((x >> 8) % 60),
				 heads[(x >> 16) % (sizeof(heads) / sizeof(heads[0]))],
				 msgs[(x >> 24) % (sizeof(msgs) / sizeof(msgs[0]))]);
		}
		for (i = 0; i < n; i++) {
			struct span l = span_from_cstr(lines[i]);
			struct line_meta a, b;
			size_t quick = prefix_kernel_line(all, l);

			prefix_parse(all, l, &a);
			if (quick) {
				taken++;
				if (a.fmt != PREFIX_SYSLOG || !a.is_kernel)
					fail_msg("taken, but fmt %d is_kernel %d: %s", (int)a.fmt, a.is_kernel, lines[i]);
				/* the message lies after the "kernel: " the offset follows */
				if (quick < 8 || quick > l.n || memcmp(l.p + quick - 8, "kernel: ", 8) != 0 ||
				    a.msg.p < l.p + quick || a.msg.p + a.msg.n > l.p + l.n)
					fail_msg("offset %zu, message outside the rest: %s", quick, lines[i]);
			}
			if (prefix_kernel_line(some, l) && th_rand64(&rng) % 2)
				continue;
			prefix_parse(some, l, &b);
			if (!same_meta(&a, &b))
				fail_msg("line %d reads otherwise after skipped lines: %s", i, lines[i]);
		}
		prefix_free(all);
		prefix_free(some);
	}
	/* the look takes most kernel lines of a minute seen before */
	assert_true(taken > 10000);
}

/* prefix_kernel_msg, the guess another thread makes from the line
 * alone, finds the very span prefix_parse gives as the message (trimmed at
 * its end) on the kernel syslog heads a relay writes, "#" in the message
 * too; on other lines it may guess anything within the line, or nothing. */
static void test_kernel_msg_guess(void **state)
{
	static const char *const stamps[] = { "Jan  1 00:00:01 ", "Dec 31 23:59:59 ", "Jan  1 00:00:01.500 " };
	static const char *const heads[] = { "node1 kernel: [  100.000001] ", "node1 kernel: ",
					     "node-3.example kernel: [ 7.5] ", "node2 kernel: [ 5.5] [ T12] ",
					     "a-very-long-host-name-over-sixteen kernel: [12345.678901] " };
	static const char *const msgs[] = { "oom_score_adj for pid 7 set to -1000", "  out_of_memory+0x1/0x2",
					    "\tMem-Info:", "Out of memory: Killed process 7 (a)  ", "x",
					    "CPU: 2 PID: 7 Comm: w Not tainted 5.15.0-91-generic #101-Ubuntu" };
	static const char *const other[] = { "Jan  1 00:00:01 node1 cron[12]: x", "6,100,5000,-;Out of memory",
					     "Jan  1 00:00:01 node1 kernel: a\\x20b", "node1 kernel: y",
					     "Jan  1 00:00:01 node1 kernel: [  100.000001] java[7]: z", "" };
	char line[256];
	int guessed = 0;

	(void)state;
	for (size_t a = 0; a < sizeof(stamps) / sizeof(stamps[0]); a++)
		for (size_t b = 0; b < sizeof(heads) / sizeof(heads[0]); b++)
			for (size_t c = 0; c < sizeof(msgs) / sizeof(msgs[0]); c++)
				for (int lead = 0; lead < 2; lead++) {
					struct prefix_parser *pp = prefix_new(2024, 0);
					struct line_meta m;
					struct span l, g, want;

					assert_non_null(pp);
					snprintf(line, sizeof(line), "%s%s%s%s", lead ? "> " : "", stamps[a], heads[b],
						 msgs[c]);
					l = span_from_cstr(line);
					prefix_parse(pp, l, &m);
					assert_true(m.fmt == PREFIX_SYSLOG && m.is_kernel);
					want = span_rtrim(m.msg);
					g = prefix_kernel_msg(l);
					if (g.p != want.p || g.n != want.n)
						fail_msg("guessed '%.*s', the parse reads '%.*s': %s", (int)g.n, g.p,
							 (int)want.n, want.p, line);
					guessed++;
					prefix_free(pp);
				}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		struct span l = span_from_cstr(other[i]), g = prefix_kernel_msg(l);

		assert_true(g.p >= l.p && g.p + g.n <= l.p + l.n);
	}
	/* no kernel head: no guess */
	assert_int_equal(prefix_kernel_msg(span_from_cstr(other[0])).n, 0);
	assert_int_equal(prefix_kernel_msg(span_from_cstr(other[3])).n, 0);
	assert_int_equal(guessed, 180);
}

static void test_stamp(void **state)
{
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	struct oom_event ev;
	char line[300];

	(void)state;
	memset(line, 0, sizeof(line));
	memcpy(line, "Jan  2 10:11:12 ", 16);
	memset(line + 16, 'h', 100);
	memcpy(line + 116, " kernel: [  1.5] x", 18);
	prefix_parse(pp, span_make(line, 134), &m);
	assert_int_equal(m.fmt, PREFIX_SYSLOG);
	assert_int_equal(m.host.n, 100);
	event_init(&ev, EV_OOM_KILL);
	line_meta_stamp(&m, "src", 42, &ev);
	assert_string_equal(ev.source, "src");
	assert_int_equal(ev.line, 42);
	assert_int_equal(strlen(ev.host), sizeof(ev.host) - 1);
	assert_true(ev.cut & EV_CUT_OTHER);
	assert_int_equal(ev.uptime_usec, 1500000);
	assert_int_not_equal(ev.time_sec, EV_NONE);

	prefix_parse(pp, span_from_cstr("Mem-Info:"), &m);
	line_meta_stamp(&m, "src", 43, &ev);
	assert_string_equal(ev.host, "");
	assert_int_equal(ev.time_sec, EV_NONE);
	assert_int_equal(ev.uptime_usec, EV_NONE);
	prefix_free(pp);
}

/* Quoted-printable: "=XX" with upper-case hex becomes its byte; a '=' that
 * starts no such pair (lower case, one digit, the line's end) stays; out
 * is never overrun. */
static void test_qp_decode(void **state)
{
	static const struct {
		const char *in, *out;
	} c[] = {
		{ "constraint=3DCONSTRAINT_NONE,pid=3D1713", "constraint=CONSTRAINT_NONE,pid=1713" },
		{ "=E2=80=A6", "\xe2\x80\xa6" },
		{ "oom_score_adj=", "oom_score_adj=" },
		{ "render=3d x=4", "render=3d x=4" },
		{ "a=3", "a=3" },
		{ "==3D=", "===" },
		{ "", "" },
	};
	char out[64];
	size_t i, n;
	int cut;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		n = prefix_qp_decode(span_from_cstr(c[i].in), out, sizeof(out), &cut);
		assert_int_equal(cut, 0);
		assert_int_equal(n, strlen(c[i].out));
		assert_memory_equal(out, c[i].out, n);
	}
	n = prefix_qp_decode(span_from_cstr("ab=3Dcd"), out, 3, &cut);
	assert_int_equal(cut, 1);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "ab=", 3);
}

static void test_fmt_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < PREFIX_FMT_COUNT; i++)
		assert_non_null(prefix_fmt_name((enum prefix_fmt)i));
	assert_string_equal(prefix_fmt_name(PREFIX_SYSLOG), "syslog");
	assert_string_equal(prefix_fmt_name(PREFIX_KMSG), "kmsg");
	assert_string_equal(prefix_fmt_name(PREFIX_FMT_COUNT), "unknown");
	prefix_free(NULL);
}

/* Every line of the sample files parses and keeps its message in bounds. */
static void test_samples(void **state)
{
	static const char *const files[] = {
		"tests/data/prefix/dmesg.log", "tests/data/prefix/syslog.log",
		"tests/data/prefix/journal.log", "tests/data/prefix/kmsg.log",
		"tests/data/prefix/bare.log",
	};
	static const enum prefix_fmt want_first[] = {
		PREFIX_DMESG, PREFIX_SYSLOG, PREFIX_JOURNAL_MONO, PREFIX_KMSG, PREFIX_BARE,
	};
	struct prefix_parser *pp = prefix_new(2024, 0);
	struct line_meta m;
	char buf[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "r");
		int first = 1;

		assert_non_null(f);
		while (fgets(buf, sizeof(buf), f)) {
			struct span l = span_make(buf, strcspn(buf, "\n"));

			prefix_parse(pp, l, &m);
			if (first)
				assert_int_equal(m.fmt, want_first[i]);
			first = 0;
			/* (a JSON record's text is decoded) */
			if (m.fmt != PREFIX_JOURNAL_JSON && m.fmt != PREFIX_KMSG && l.p[0] != '{')
				assert_true(within(m.msg, l.p, l.n));
		}
		fclose(f);
	}
	prefix_free(pp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_cut),
		cmocka_unit_test(test_cut_timestamp),
		cmocka_unit_test(test_year_rollover),
		cmocka_unit_test(test_host_elided),
		cmocka_unit_test(test_masked_clock),
		cmocka_unit_test(test_year_assumed),
		cmocka_unit_test(test_app_stamps),
		cmocka_unit_test(test_kmsg_continuation),
		cmocka_unit_test(test_json_edge),
		cmocka_unit_test(test_json_member),
		cmocka_unit_test(test_json_object),
		cmocka_unit_test(test_stamp),
		cmocka_unit_test(test_stamp_cache),
		cmocka_unit_test(test_short_road),
		cmocka_unit_test(test_line_plain),
		cmocka_unit_test(test_kernel_line),
		cmocka_unit_test(test_kernel_msg_guess),
		cmocka_unit_test(test_fmt_names),
		cmocka_unit_test(test_qp_decode),
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, th_guard_setup, th_guard_teardown);
}
