/*
 * kernel_table.c - the kernel report table: one row per line shape and era
 * of the kernel's OOM reports, allocation failures and commit-limit
 * refusals (formats: ../shared/spec/kernel-formats.md; 2.4 and 2.6 before
 * 2.6.32 from those kernels' mm/oom_kill.c and arch fault handlers).
 *
 * The assembler (kernel.c) takes its dispatch order and its start anchors
 * from here: a line goes to the handler of the first row whose phrase it
 * holds (rows sharing a phrase and role are one dispatch step), and
 * kern_may_start tests the anchors of the KS_START rows. tests/unit/
 * test_kernel.c pushes every example (inside its context) and checks the
 * event against `expect`, and checks that every anchored example passes the
 * scanner's prefilter. Adding a shape is one row here (and a handler only
 * for a new role). kern_role_anchor says which roles' lines are anchors of
 * the ledger, so a new row of an anchor role is counted without more code;
 * the KS_GLUE rows give the places where glued messages are split.
 *
 * Pure constant data; thread-safe.
 */
#include "kernel_int.h"

#define ROW(name, era, anchor, phrase, role, flags, ctx, example, expect) \
	{ name, era, anchor, phrase, role, flags, ctx, example, expect }

#define S KS_START
#define B KS_BOUND
#define O KS_OPEN
#define G KS_GLUE

const struct kern_shape kern_shapes[] = {
	/* ---- the header that opens a report ---- */
	ROW("header-2.6.32", "2.6.16-2.6.35", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0",
	    "trigger_comm=java;gfp_mask=0x201da;order=0"),
	ROW("header-2.6.36", "2.6.36-3.4, RHEL 6", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "httpd invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
	    "trigger_comm=httpd;gfp_mask=0x201da;order=0"),
	ROW("header-3.10", "3.10-4.4, RHEL 7", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "kworker/u8:2 invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0",
	    "trigger_comm=kworker/u8:2;gfp_mask=0x280da;order=0"),
	ROW("header-4.9", "4.9-4.20", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "Web Content invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), "
	    "nodemask=0, order=0, oom_score_adj=0",
	    "trigger_comm=Web Content;gfp_mask=0x24201ca;order=0"),
	ROW("header-4.14", "~4.13-4.17", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "runc:[2:INIT] invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null),  order=0, "
	    "oom_score_adj=-998",
	    "trigger_comm=runc:[2:INIT];gfp_mask=0x14000c0;order=0"),
	ROW("header-5.0", "5.0+", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "stress invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
	    "trigger_comm=stress;gfp_mask=0x100cca;order=0"),
	ROW("header-sysrq", "2.6.36+", "oom", " invoked oom-killer:", KR_HEADER, S, KX_REPORT,
	    "kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0",
	    "trigger_comm=kworker/0:2;gfp_mask=0xcc0;order=-1"),
	ROW("header-cut", "any (a pasted header cut after its phrase)", "oom", " invoked oom-killer", KR_HEADER, S,
	    KX_REPORT, "mem_on_node0 invoked oom-killer", "trigger_comm=mem_on_node0;gfp_mask=;order=null"),
	ROW("header-2.6-bare", "2.6.11-2.6.15", "oom", "oom-killer: gfp_mask=", KR_HEADER_BARE, S | B,
	    KX_REPORT, "oom-killer: gfp_mask=0xd0, order=0",
	    "trigger_comm=;gfp_mask=0xd0;order=0"),

	/* ---- kill records (the line a kill is anchored on) ---- */
	ROW("kill-2.4", "2.4, 2.6.0-2.6.15", "illed process", "Killed process ", KR_KILL, S | B | G, KX_NONE,
	    "Out of Memory: Killed process 475 (identd).",
	    "kind=oom_kill;pid=475;comm=identd;total_vm_kb=null"),
	ROW("kill-2.4-saved", "2.4.0", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Out of Memory: Killed process 1312 (netscape), saved process 1288 (X).",
	    "kind=oom_kill;pid=1312;comm=netscape"),
	ROW("kill-2.6.16", "2.6.16-2.6.24", "illed process", "Killed process ", KR_KILL, S | B | G, KX_NONE,
	    "Out of memory: Killed process 8812 (mysqld).",
	    "kind=oom_kill;pid=8812;comm=mysqld"),
	ROW("kill-2.6.16-cpuset", "2.6.16-2.6.24", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "No available memory in cpuset: Killed process 679783 (ncks).",
	    "kind=oom_kill;pid=679783;comm=ncks;constraint=CONSTRAINT_CPUSET"),
	ROW("kill-2.6.16-mpol", "2.6.16-2.6.24", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "No available memory (MPOL_BIND): Killed process 1267 (rc).",
	    "kind=oom_kill;pid=1267;comm=rc;constraint=CONSTRAINT_MEMORY_POLICY"),
	ROW("kill-cut-comm", "any (a record cut inside the comm, in a report)", "illed process", "Killed process ",
	    KR_KILL, S | B, KX_SELECT, "Killed process 62769 (",
	    "kind=oom_kill;pid=62769;comm="),
	ROW("kill-2.4-wrapped", "2.4 (the comm wrapped onto the next line)", "illed process", "Killed process ",
	    KR_KILL, S | B, KX_NONE, "Out of Memory: Killed process 11300",
	    "kind=oom_kill;pid=11300;comm="),
	ROW("kill-2.6.32", "2.6.25-2.6.32", "illed process", "Killed process ", KR_KILL, S | B | G, KX_NONE,
	    "Killed process 1205 (rsyslogd)",
	    "kind=oom_kill;pid=1205;comm=rsyslogd"),
	ROW("kill-2.6.35-vsz", "2.6.33-2.6.35", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Killed process 2592 (mysqld) vsz:1298432kB, anon-rss:1004312kB, file-rss:120kB",
	    "kind=oom_kill;pid=2592;comm=mysqld;total_vm_kb=1298432;anon_rss_kb=1004312;file_rss_kb=120"),
	ROW("kill-rhel6", "RHEL 6 (2.6.32-xxx.el6)", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Killed process 2874, UID 27, (mysqld) total-vm:3016944kB, anon-rss:1923988kB, file-rss:92kB",
	    "kind=oom_kill;pid=2874;comm=mysqld;uid=27;total_vm_kb=3016944;anon_rss_kb=1923988"),
	ROW("kill-2.6.36", "2.6.36-4.4", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Killed process 4242 (java) total-vm:5120000kB, anon-rss:4000000kB, file-rss:1024kB",
	    "kind=oom_kill;pid=4242;comm=java;total_vm_kb=5120000;anon_rss_kb=4000000;file_rss_kb=1024;"
	    "shmem_rss_kb=null"),
	ROW("kill-4.5-shmem", "4.5-5.0, RHEL 7.6", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Killed process 9901 (chrome) total-vm:2400000kB, anon-rss:800000kB, file-rss:0kB, shmem-rss:4096kB",
	    "kind=oom_kill;pid=9901;comm=chrome;shmem_rss_kb=4096"),
	ROW("kill-rhel7.9", "RHEL 7.9 (3.10.0-1160)", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Killed process 18203 (python3), UID 1000, total-vm:7649760kB, anon-rss:7384044kB, "
	    "file-rss:0kB, shmem-rss:0kB",
	    "kind=oom_kill;pid=18203;comm=python3;uid=1000;anon_rss_kb=7384044"),
	ROW("kill-5.1", "5.1-5.3", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Out of memory: Killed process 3121 (node) total-vm:1840000kB, anon-rss:1500000kB, "
	    "file-rss:0kB, shmem-rss:0kB",
	    "kind=oom_kill;pid=3121;comm=node;anon_rss_kb=1500000"),
	ROW("kill-5.4", "5.4+", "illed process", "Killed process ", KR_KILL, S | B, KX_NONE,
	    "Out of memory: Killed process 12207 (Web Content) total-vm:26445528kB, anon-rss:13644836kB, "
	    "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:29428kB oom_score_adj:167",
	    "kind=oom_kill;pid=12207;comm=Web Content;uid=1000;pgtables_kb=29428;oom_score_adj=167"),
	ROW("kill-memcg-5.4", "5.1+ (memcg)", "illed process", "Killed process ", KR_KILL, S | B | G, KX_NONE,
	    "Memory cgroup out of memory: Killed process 23793 (leaker) total-vm:2623712kB, anon-rss:506500kB, "
	    "file-rss:1268kB, shmem-rss:0kB, UID:0 pgtables:1092kB oom_score_adj:0",
	    "kind=memcg_oom_kill;pid=23793;comm=leaker;constraint=CONSTRAINT_MEMCG;anon_rss_kb=506500"),
	ROW("kill-allocating-task", "5.1+ (oom_kill_allocating_task)", "illed process", "Killed process ",
	    KR_KILL, S | B, KX_NONE,
	    "Out of memory (oom_kill_allocating_task): Killed process 771 (dd) total-vm:9000kB, "
	    "anon-rss:100kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:44kB oom_score_adj:0",
	    "kind=oom_kill;pid=771;comm=dd"),
	ROW("kill-overflow", "any (a field past int64)", "illed process", "Killed process ", KR_KILL, S | B,
	    KX_NONE,
	    "Out of memory: Killed process 4242 (stress) total-vm:99999999999999999999999kB, anon-rss:900kB, "
	    "file-rss:0kB, shmem-rss:0kB",
	    "kind=oom_kill;pid=4242;comm=stress;total_vm_kb=null;anon_rss_kb=900"),
	ROW("kill-pid-overflow", "any (a pid past 2^32)", "illed process", "Killed process ", KR_KILL, S | B,
	    KX_NONE,
	    "Out of memory: Killed process 99999999999 (stress) total-vm:1000kB, anon-rss:900kB, "
	    "file-rss:0kB, shmem-rss:0kB",
	    "kind=oom_kill;pid=null;comm=stress;anon_rss_kb=900"),
	/* OpenVZ and Virtuozzo kernels (user beancounters): the kill record
	 * of their own oom_kill_task, lower-case, total rss and swap; behind
	 * "Out of memory in UB <id>: " (RHEL 6 based 042stab) or bare
	 * (2.6.18 and 2.6.32 based). "OOM killed process <comm> (pid=N, ve=N)
	 * exited, free=N." is the victim's exit, no kill. */
	ROW("kill-openvz-ub", "OpenVZ/Virtuozzo 2.6.32 (042stab)", "illed process", "killed process ",
	    KR_OVZ_KILL, S | B, KX_NONE,
	    "Out of memory in UB 317592: OOM killed process 2946 (npm) score 0 vm:1506164kB, "
	    "rss:237752kB, swap:120052kB",
	    "kind=oom_kill;pid=2946;comm=npm;score=0;total_vm_kb=1506164;anon_rss_kb=null"),
	ROW("kill-openvz", "OpenVZ 2.6.18, 2.6.32", "illed process", "killed process ", KR_OVZ_KILL, S | B,
	    KX_NONE, "OOM killed process 659 (java) vm:4973220kB, rss:2066504kB, swap:0kB",
	    "kind=oom_kill;pid=659;comm=java;score=null;total_vm_kb=4973220"),
	ROW("kill-openvz-wrapped", "OpenVZ (the record wrapped after \"OOM\")", "illed process",
	    "killed process ", KR_OVZ_KILL, S | B, KX_NONE,
	    "killed process 21738 (php-cgi) score 0 vm:281988kB, rss:17004kB, swap:0kB",
	    "kind=oom_kill;pid=21738;comm=php-cgi;score=0;total_vm_kb=281988"),
	ROW("openvz-ub-head", "OpenVZ (a record wrapped after \"OOM\")", "ut of memory", "Out of memory in UB ",
	    KR_OVZ_HEAD, S | B, KX_NONE, "Out of memory in UB 1234: OOM", "none"),
	ROW("openvz-exited", "OpenVZ", "illed process", ") exited, free=", KR_KNOWN, S, KX_NONE,
	    "OOM killed process java (pid=659, ve=101) exited, free=12345.", "none"),
	ROW("vm-killing-2.4", "2.4, 2.6 arch fault handlers", "vm: killing", "VM: killing process ",
	    KR_VM_KILL, S | B, KX_NONE,
	    "VM: killing process cc1plus",
	    "kind=oom_kill;pid=null;comm=cc1plus"),

	/* ---- summary and reaper ---- */
	ROW("summary-5.0", "5.0+", "oom", "oom-kill:constraint=", KR_SUMMARY, S | B, KX_NONE,
	    "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/leaker,"
	    "task_memcg=/leaker,task=leaker,pid=23793,uid=0",
	    "kind=memcg_oom_kill;pid=23793;comm=leaker;uid=0;constraint=CONSTRAINT_MEMCG;oom_memcg=/leaker;"
	    "task_memcg=/leaker"),
	ROW("summary-5.0-global", "5.0+", "oom", "oom-kill:constraint=", KR_SUMMARY, S | B, KX_NONE,
	    "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
	    "task_memcg=/user.slice/user-1000.slice/session-2.scope,task=stress,pid=4242,uid=1000",
	    "kind=oom_kill;pid=4242;comm=stress;constraint=CONSTRAINT_NONE;oom_memcg=;"
	    "task_memcg=/user.slice/user-1000.slice/session-2.scope"),
	ROW("reaper-4.6", "4.6+", "oom", "oom_reaper: reaped process ", KR_REAPER, S | B, KX_NONE,
	    "oom_reaper: reaped process 4242 (stress), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
	    "kind=oom_reap;pid=4242;comm=stress;reaped=1"),

	/* ---- kernel OOM lines that carry nothing kept (before the selection
	 * row: "Kill process N (C) sharing same memory" holds its phrase) ---- */
	ROW("reaper-unable", "4.6+", "oom", "oom_reaper: ", KR_KNOWN, S | B, KX_NONE,
	    "oom_reaper: unable to reap pid:4242 (stress)", "none"),
	ROW("reaper-start", "4.6+", "oom", "Unable to start OOM reaper", KR_KNOWN, S | B, KX_NONE,
	    "Unable to start OOM reaper -12. Continuing regardless", "none"),
	ROW("mm-pinned", "4.9+", "oom", " has mm pinned by ", KR_KNOWN, S, KX_NONE,
	    "oom killer 4242 (stress) has mm pinned by 4243 (stress)", "none"),
	ROW("sharing-memory", "2.6.36-4.x", "ill process", " sharing same memory", KR_KNOWN, S, KX_NONE,
	    "Kill process 4243 (stress) sharing same memory", "none"),
	ROW("oom-group", "4.19+", "oom", "due to memory.oom.group", KR_OOM_GROUP, S, KX_NONE,
	    "Tasks in /kubepods/pod1 are going to be killed due to memory.oom.group set", "none"),
	ROW("would-have-killed", "RHEL 6", "illed process", "Would have killed process", KR_KNOWN, S | B, KX_NONE,
	    "Would have killed process 4242 (stress). But continuing instead.", "none"),
	ROW("vm-fault-oom", "5.x+", "oom", "Huh VM_FAULT_OOM", KR_KNOWN, S | B, KX_NONE,
	    "Huh VM_FAULT_OOM leaked out to the #PF handler. Retrying PF", "none"),
	ROW("sysrq-oom", "2.6+", "oom", "SysRq : Manual OOM", KR_KNOWN, S | B, KX_NONE,
	    "SysRq : Manual OOM execution", "none"),

	/* ---- selection lines (before 5.1; the killed pid may differ) ---- */
	ROW("select-2.6.16", "2.6.16-2.6.24", "ill process", "ill process ", KR_SELECT, S, KX_REPORT,
	    "Out of Memory: Kill process 4242 (stress) score 912 and children.",
	    "kind=oom_kill;score=912"),
	ROW("select-2.6.25", "2.6.25-2.6.35", "ill process", "ill process ", KR_SELECT, S, KX_REPORT,
	    "Out of memory: kill process 1205 (rsyslogd) score 12345 or a child",
	    "kind=oom_kill;score=12345"),
	ROW("select-2.6.36", "2.6.36-5.0", "ill process", "ill process ", KR_SELECT, S, KX_REPORT,
	    "Out of memory: Kill process 4242 (stress) score 912 or sacrifice child",
	    "kind=oom_kill;score=912"),
	ROW("select-memcg", "2.6.36-5.0 (memcg)", "ill process", "ill process ", KR_SELECT, S, KX_REPORT,
	    "Memory cgroup out of memory: Kill process 4242 (stress) score 1000 or sacrifice child",
	    "kind=memcg_oom_kill;score=1000;constraint=CONSTRAINT_MEMCG"),

	/* ---- allocation failures and commit-limit refusals ---- */
	ROW("alloc-2.6.32", "2.6.32-2.6.37", "failure", ": page allocation failure", KR_ALLOC, S, KX_NONE,
	    "swapper: page allocation failure. order:1, mode:0x20",
	    "kind=alloc_failure;comm=swapper;order=1;gfp_mask=0x20"),
	ROW("alloc-3.x", "3.1-4.4, RHEL 7", "failure", ": page allocation failure", KR_ALLOC, S, KX_NONE,
	    "java: page allocation failure: order:4, mode:0x10c0d0",
	    "kind=alloc_failure;comm=java;order=4;gfp_mask=0x10c0d0"),
	ROW("alloc-4.14", "4.9-4.20", "failure", ": page allocation failure", KR_ALLOC, S, KX_NONE,
	    "Web Content: page allocation failure: order:0, mode:0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null)",
	    "kind=alloc_failure;comm=Web Content;order=0;gfp_mask=0x14200ca"),
	ROW("alloc-5.0", "5.0+", "failure", ": page allocation failure", KR_ALLOC, S, KX_NONE,
	    "kworker/u16:3: page allocation failure: order:4, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), "
	    "nodemask=(null),cpuset=/,mems_allowed=0",
	    "kind=alloc_failure;comm=kworker/u16:3;order=4;gfp_mask=0x40dc0"),
	ROW("vmemmap-alloc", "4.x+", "failure", ": vmemmap alloc failure", KR_ALLOC, S, KX_NONE,
	    "kworker/0:1: vmemmap alloc failure: order:9, mode:0x24000c0(GFP_KERNEL), nodemask=(null)",
	    "kind=alloc_failure;comm=kworker/0:1;order=9;gfp_mask=0x24000c0"),
	ROW("vmalloc-error", "5.15+", "vmalloc error", ": vmalloc error: ", KR_ALLOC, S, KX_NONE,
	    "insmod: vmalloc error: size 1073741824, vm_struct allocation failed, "
	    "mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0",
	    "kind=alloc_failure;comm=insmod;requested_bytes=1073741824;gfp_mask=0xdc0"),
	ROW("vmalloc-failure", "3.10-5.4", "failure", ": vmalloc: allocation failure", KR_ALLOC, S, KX_NONE,
	    "modprobe: vmalloc: allocation failure: 4294967296 bytes, mode:0x24000c2",
	    "kind=alloc_failure;comm=modprobe;requested_bytes=4294967296;gfp_mask=0x24000c2"),
	ROW("vmalloc-failure-3.x", "3.1-3.x", "failure", "vmalloc: allocation failure", KR_ALLOC_PRE, S | B,
	    KX_NONE, "vmalloc: allocation failure: 37798136 bytes", "none"),
	/* slab_out_of_memory (mm/slub.c): a slab allocation failed. Right
	 * after the page allocation failure of the same allocation (its
	 * Mem-Info just ended) it folds into that one; alone (a memcg's kmem
	 * limit, or warn_alloc ratelimited) it is a failure of its own, with
	 * no task named. */
	ROW("slub-2.6", "2.6.22-4.4", "SLUB: Unable", "SLUB: Unable to allocate memory on node", KR_SLUB, S | B,
	    KX_NONE, "SLUB: Unable to allocate memory on node -1 (gfp=0x20)",
	    "kind=alloc_failure;comm=;gfp_mask=0x20;order=null"),
	ROW("slub-4.5", "4.5+", "SLUB: Unable", "SLUB: Unable to allocate memory on node", KR_SLUB, S | B,
	    KX_NONE, "SLUB: Unable to allocate memory on node -1, gfp=0xa20(GFP_ATOMIC)",
	    "kind=alloc_failure;comm=;gfp_mask=0xa20;order=null"),
	ROW("alloc-2.4", "2.4, 2.6.0-2.6.12", "-order alloc", "-order allocation failed", KR_ALLOC_BARE, S,
	    KX_NONE,
	    "__alloc_pages: 3-order allocation failed (gfp=0x20/0)",
	    "kind=alloc_failure;comm=;order=3;gfp_mask=0x20"),
	ROW("vm-enough-memory", "4.x+ (overcommit_memory=2)", "__vm_enough", "__vm_enough_memory: ",
	    KR_VM_ENOUGH, S | B, KX_NONE,
	    "__vm_enough_memory: pid: 1234, comm: stress, bytes: 1073741824 not enough memory for the allocation",
	    "kind=commit_limit;pid=1234;comm=stress;requested_bytes=1073741824"),
	ROW("vm-enough-memory-wrapped", "4.x+ (a pasted line cut before its end)", "__vm_enough",
	    "__vm_enough_memory: ", KR_VM_ENOUGH, S | B, KX_NONE,
	    "__vm_enough_memory: pid: 1137, comm: a.out, bytes: 1073741824,",
	    "kind=commit_limit;pid=1137;comm=a.out;requested_bytes=1073741824"),

	/* ---- reports that end without a kill ---- */
	ROW("no-killable", "2.6+", "ut of memory", "Out of memory and no killable processes", KR_NO_KILLABLE,
	    S | B, KX_NONE, "Out of memory and no killable processes...", "none"),
	ROW("victim-exiting", "5.15+", "oom", "is already exiting. Skip killing", KR_EXITING, S,
	    KX_SELECT, "Out of memory: OOM victim 4242 (stress) is already exiting. Skip killing the task",
	    "none"),
	ROW("victim-exiting-alone", "5.15+ (no report open)", "oom", "is already exiting. Skip killing",
	    KR_KNOWN, S, KX_NONE,
	    "Out of memory: OOM victim 4243 (stress) is already exiting. Skip killing the task", "none"),
	ROW("panic-on-oom", "2.6.36+", "ut of memory", "not syncing: Out of memory", KR_PANIC, S, KX_NONE,
	    "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled", "none"),
	ROW("panic-deadlocked", "4.19+", "deadlocked", "System is deadlocked on memory", KR_PANIC, S,
	    KX_NONE, "Kernel panic - not syncing: System is deadlocked on memory", "none"),

	/* ---- the rest of a kill record a mail client wrapped (read only
	 * within three lines of the record, into fields it lacks) ---- */
	ROW("kill-wrapped-rss", "any (pasted)", "mem", "-rss:", KR_KILL_CONT, 0, KX_KILL,
	    "total-vm:957964kB, anon-rss:640kB, file-rss:46496kB, shmem-rss:0kB,",
	    "kind=oom_kill;pid=1;total_vm_kb=957964;anon_rss_kb=640;shmem_rss_kb=0"),
	ROW("kill-wrapped-uid", "5.4+ (pasted)", "oom_", "oom_score_adj:", KR_KILL_CONT, 0, KX_KILL,
	    "UID:7 pgtables:1512kB oom_score_adj:-17", "kind=oom_kill;pid=1;uid=7;oom_score_adj=-17"),

	ROW("summary-wrapped-head", "5.0+ (pasted: the summary's fields on the next lines)", "oom", "oom-kill:",
	    KR_SUMMARY, S | B, KX_NONE, "oom-kill:", "kind=oom_kill;pid=null;constraint="),
	ROW("summary-wrapped-constraint", "5.0+ (pasted)", "", "constraint=", KR_SUMMARY_CONT,
	    O | B | KS_NOANCHOR, KX_SUMMARY_HEAD,
	    "constraint=CONSTRAINT_NONE, nodemask=(null), cpuset=/, mems_allowed=0,",
	    "kind=oom_kill;constraint=CONSTRAINT_NONE"),
	ROW("summary-wrapped-global", "5.0+ (pasted)", "oom", "global_oom", KR_SUMMARY_CONT, O | B,
	    KX_SUMMARY_MID, "global_oom,", "kind=oom_kill;constraint=CONSTRAINT_NONE;pid=null"),
	ROW("summary-wrapped-memcg", "5.0+ (pasted: cut before task_memcg=)", "memcg", "task_memcg=",
	    KR_SUMMARY_CONT, O | B, KX_SUMMARY_CUT,
	    "task_memcg=/system.slice/mysql.service,task=mysqld,pid=1234,uid=27",
	    "kind=oom_kill;pid=1234;comm=mysqld;uid=27;task_memcg=/system.slice/mysql.service"),
	ROW("summary-wrapped-oom-memcg", "5.0+ (pasted: cut before oom_memcg=)", "", "oom_memcg=",
	    KR_SUMMARY_CONT, O | B | KS_NOANCHOR, KX_SUMMARY_OOM,
	    "oom_memcg=/kubepods.slice/kubepods-pod1.slice,task=ray::IDLE,pid=5460,uid=0",
	    "kind=memcg_oom_kill;pid=5460;comm=ray::IDLE;uid=0;oom_memcg=/kubepods.slice/kubepods-pod1.slice"),
	ROW("summary-wrapped-task", "5.0+ (pasted: cut before task=)", "", "task=", KR_SUMMARY_CONT,
	    O | B | KS_NOANCHOR, KX_SUMMARY_TASK, "task=python3, pid=5460, uid=1000",
	    "kind=oom_kill;pid=5460;comm=python3;uid=1000;task_memcg=/user.slice/user-1000.slice/session-11.scope"),
	ROW("summary-wrapped-path", "5.0+ (pasted: cut inside the task_memcg path)", "", ",task=",
	    KR_SUMMARY_CONT, O | KS_NOANCHOR, KX_SUMMARY_PATH, "vice,task=mysqld,pid=1234,uid=27",
	    "kind=oom_kill;pid=1234;comm=mysqld;task_memcg=/system.slice/mysql.service"),

	ROW("header-wrapped", "4.9+ (pasted)", "(gfp_", "gfp_mask=", KR_HEADER_CONT, O | B, KX_HEADER,
	    "gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0,",
	    "kind=oom_kill;trigger_comm=ctx;gfp_mask=0x140dca;order=0"),
	ROW("header-wrapped-order", "4.9+ (pasted)", "oom", "order=", KR_HEADER_CONT, O | B, KX_HEADER_ORDER,
	    "order=0, oom_score_adj=0", "kind=oom_kill;trigger_comm=ctx;gfp_mask=0x140dca;order=0"),
	ROW("kill-wrapped-head", "any (pasted: the record wrapped after 'Killed')", "", "Killed",
	    KR_KILL_HEAD, O | B | KS_NOANCHOR, KX_REPORT, "Killed", "kind=oom_kill;pid=1"),
	/* "...Out of memory: Killed process" and its pid on the next line: in
	 * or out of a report (the lead-in says what it is); alone, nothing. */
	ROW("kill-wrapped-process", "any (pasted: the record wrapped after 'Killed process')", "illed process",
	    "Killed process", KR_KILL_HEAD, B, KX_NONE, "Memory cgroup out of memory: Killed process", "none"),
	/* "...Out of memory: Kill process" and "N (C) score S or sacrifice
	 * child" on the next line: a selection line (before 5.1) wrapped right
	 * after its phrase; the lead-in must be the kernel's. Alone, nothing. */
	ROW("select-wrapped-process", "2.6.25-5.0 (pasted: the selection wrapped after 'Kill process')", "ill process",
	    "ill process", KR_KILL_HEAD, 0, KX_NONE, "Out of memory: Kill process", "none"),
	ROW("alloc-wrapped", "4.9+ (pasted)", "(gfp_", "mode:0x", KR_ALLOC_CONT, O | B, KX_ALLOC_CUT,
	    "mode:0x14210d2(GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE),",
	    "kind=alloc_failure;comm=ctx;gfp_mask=0x14210d2;order=0"),

	/* ---- lines inside a report: stack header, memcg block, Mem-Info ---- */
	ROW("cpu-2.6.32", "2.6.32-3.4 (x86)", "pid:", "Pid: ", KR_CPU, B, KX_REPORT,
	    "Pid: 1205, comm: rsyslogd Not tainted 2.6.32-431.el6.x86_64 #1",
	    "trigger_pid=1205;trigger_comm=rsyslogd"),
	ROW("cpu-3.10", "3.10-6.10", "cpu:", "CPU: ", KR_CPU, B, KX_REPORT,
	    "CPU: 3 PID: 23790 Comm: Web Content Tainted: G        W  5.10.0 #1",
	    "trigger_pid=23790;trigger_comm=Web Content"),
	ROW("cpu-6.11-uid", "6.11+", "cpu:", "CPU: ", KR_CPU, B, KX_REPORT,
	    "CPU: 10 UID: 1000 PID: 20957 Comm: systemd Not tainted 6.13.1-arch1-1 #1",
	    "trigger_pid=20957;trigger_comm=systemd"),
	ROW("cpu-alloc", "3.10+ (after a failure)", "cpu:", "CPU: ", KR_CPU, B, KX_ALLOC,
	    "CPU: 1 PID: 880 Comm: ctx Not tainted 5.15.0 #1",
	    "kind=alloc_failure;pid=880;comm=ctx"),
	ROW("task-in-memcg", "2.6.32-4.20", "result of limit", " killed as a result of limit of ", KR_TASK_IN, S,
	    KX_REPORT,
	    "Task in /kubepods/burstable/pod1/abc killed as a result of limit of /kubepods/burstable/pod1",
	    "kind=memcg_oom_kill;task_memcg=/kubepods/burstable/pod1/abc;oom_memcg=/kubepods/burstable/pod1"),
	ROW("memcg-limit-reached", "4.x", "memory limit", "Memory limit reached of cgroup ", KR_MEMCG_AT, O | B,
	    KX_REPORT, "Memory limit reached of cgroup /leaker",
	    "kind=memcg_oom_kill;oom_memcg=/leaker"),
	ROW("memcg-usage", "2.6.32+", "memory: usage", "memory: usage ", KR_MEMCG_USAGE, O | B, KX_REPORT,
	    "memory: usage 524288kB, limit 524288kB, failcnt 112",
	    "kind=memcg_oom_kill;memcg_usage_kb=524288;memcg_limit_kb=524288"),
	ROW("swap-free", "2.6.32+", "swap", "Free swap ", KR_SWAP_FREE, O | B, KX_REPORT,
	    "Free swap  = 0kB", "swap_free_kb=0"),
	ROW("swap-total", "2.6.32+", "swap", "Total swap ", KR_SWAP_TOTAL, O | B, KX_REPORT,
	    "Total swap = 2097148kB", "swap_total_kb=2097148"),
	ROW("mem-info", "2.6.32+", "", "Mem-Info:", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Mem-Info:", "kind=oom_kill;pid=1"),
	ROW("memcg-swap-v1", "2.6.32+ (cgroup v1)", "", "memory+swap: usage", KR_FILLER, O | B | KS_NOANCHOR,
	    KX_REPORT, "memory+swap: usage 524288kB, limit 9007199254740988kB, failcnt 0",
	    "kind=oom_kill;memcg_usage_kb=null"),
	ROW("memcg-kmem", "3.8+ (cgroup v1)", "", "kmem: usage", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "kmem: usage 0kB, limit 9007199254740988kB, failcnt 0", "kind=oom_kill;pid=1"),
	ROW("memcg-swap-v2", "5.3+ (cgroup v2)", "", "swap: usage", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "swap: usage 0kB, limit 0kB, failcnt 0", "kind=oom_kill;swap_total_kb=null"),
	ROW("memcg-stats", "3.10+", "", "Memory cgroup stats for ", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Memory cgroup stats for /leaker:", "kind=oom_kill;pid=1"),
	ROW("tasks-state", "4.19+", "", "Tasks state (memory values", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Tasks state (memory values in pages):", "kind=oom_kill;pid=1"),
	ROW("task-table-header", "2.6.32+", "", " oom_score_adj name", KR_FILLER, O | KS_NOANCHOR, KX_REPORT,
	    "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
	    "kind=oom_kill;pid=1"),
	ROW("task-table-header-2.6.32", "2.6.32-2.6.35", "", " oom_adj name", KR_FILLER, O | KS_NOANCHOR, KX_REPORT,
	    "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name", "kind=oom_kill;pid=1"),
	ROW("task-table-row", "2.6.32+", "", "] ", KR_FILLER, O | KS_NOANCHOR, KX_REPORT,
	    "[  23793]     0 23793   655928   126942  1118208        0             0 leaker",
	    "kind=oom_kill;pid=1"),
	ROW("mems-allowed", "2.6.32-4.20", "mems_allowed", " mems_allowed=", KR_FILLER, O, KX_REPORT,
	    "java cpuset=/ mems_allowed=0", "kind=oom_kill;pid=1"),
	ROW("pages-ram", "2.6.32+", "", " pages RAM", KR_FILLER, O | KS_NOANCHOR, KX_REPORT,
	    "4194174 pages RAM", "kind=oom_kill;pid=1"),
	ROW("active-anon", "2.6.32+", "", "active_anon:", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "active_anon:1826584 inactive_anon:79410 isolated_anon:0", "kind=oom_kill;pid=1"),
	ROW("unreclaimable-slab", "4.15+", "", "Unreclaimable slab info", KR_FILLER, O | B | KS_NOANCHOR,
	    KX_REPORT, "Unreclaimable slab info:", "kind=oom_kill;pid=1"),
	ROW("compaction-disabled", "2.6.36+", "", "COMPACTION is disabled", KR_FILLER, O | B | KS_NOANCHOR,
	    KX_REPORT, "COMPACTION is disabled!!!", "kind=oom_kill;pid=1"),
	ROW("node-zone", "2.6.32+", "", "Node ", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Node 0 DMA32 free:44732kB min:44996kB low:56244kB high:67492kB", "kind=oom_kill;pid=1"),
	ROW("lowmem-reserve", "2.6.32+", "", "lowmem_reserve[]:", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "lowmem_reserve[]: 0 2991 15833 15833", "kind=oom_kill;pid=1"),
	ROW("pagecache", "2.6.32+", "", " total pagecache pages", KR_FILLER, O | KS_NOANCHOR, KX_REPORT,
	    "60520 total pagecache pages", "kind=oom_kill;pid=1"),
	ROW("swap-cache", "2.6.32-5.x", "", "Swap cache stats:", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Swap cache stats: add 0, delete 0, find 0/0", "kind=oom_kill;pid=1"),
	ROW("hardware-name", "3.10+", "", "Hardware name: ", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.13.0 04/01/2014", "kind=oom_kill;pid=1"),
	ROW("call-trace", "2.6.32+", "", "Call Trace:", KR_FILLER, O | B | KS_NOANCHOR, KX_REPORT,
	    "Call Trace:", "kind=oom_kill;pid=1"),
	ROW("warn-alloc-suppressed", "4.x+", "warn_alloc", "warn_alloc: ", KR_FILLER, O | B, KX_REPORT,
	    "warn_alloc: 3 callbacks suppressed", "kind=oom_kill;pid=1"),
};

const size_t kern_nshapes = sizeof(kern_shapes) / sizeof(kern_shapes[0]);

const unsigned char kern_role_anchor[KR_COUNT] = {
	[KR_HEADER] = 1,      [KR_HEADER_BARE] = 1, [KR_KILL] = 1,        [KR_VM_KILL] = 1,
	[KR_OVZ_KILL] = 1,
	[KR_SUMMARY] = 1,     [KR_REAPER] = 1,      [KR_SELECT] = 1,      [KR_ALLOC] = 1,
	[KR_ALLOC_BARE] = 1,  [KR_SLUB] = 1,        [KR_VM_ENOUGH] = 1,   [KR_NO_KILLABLE] = 1, [KR_EXITING] = 1,
	[KR_PANIC] = 1,
};
