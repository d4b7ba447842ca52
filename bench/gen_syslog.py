#!/usr/bin/env python3
"""Generate a large multi-host syslog file with a known number of OOM events.

usage: gen_syslog.py [--size 1G] [--hosts 50] [--seed 1] [--reports-per-mb 2]
                     [--out FILE] [--sidecar FILE]

Writes FILE (default bench/.cache/syslog-<size>-s<seed>.log) of realistic
kernel and daemon lines from many hosts, interleaved line by line the way a
central syslog server receives them. Embedded in it, each on one host but
interleaved with the other hosts' lines:

  * complete kernel OOM kill reports, global and memcg, in 4.19, 5.x and 6.x
    shapes (invoked line, cpuset line (4.x), CPU line, call trace, Mem-Info or
    the memcg block, task table, selection line (4.x) or oom-kill: summary
    (5.x+), the kill record, usually an oom_reaper line);
  * page allocation failures (4.9/4.14 and 5.x/6.x shapes, with call trace
    and Mem-Info);
  * incomplete reports: an "invoked oom-killer" report cut off before its kill
    record, or ending in "Out of memory and no killable processes...".

The sidecar (default FILE with .expected.json) holds the expected counts in
the shape of oomscan's --format json summary: {"events_by_kind": {...},
"incomplete": N}, the file's size and line count, and "event_list": the kind,
host, pid and comm of every event in the order their reports began. The output depends only
on the arguments: the same seed gives the same bytes.
"""
import argparse
import json
import os
import random
import sys
import time

# --------------------------------------------------------------------------
# vocabulary

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

VICTIMS = ["java", "postgres", "mysqld", "python3", "node", "redis-server", "chrome",
           "ruby", "php-fpm7.4", "gunicorn", "elasticsearch", "mongod", "clickhouse-serv",
           "Web Content", "cc1plus", "ld.gold", "kube-apiserver", "prometheus", "celery",
           "runc:[2:INIT]", "(resolved)", "dotnet", "beam.smp", "ffmpeg", "rustc"]
TRIGGERS = ["kworker/u16:3", "kswapd0", "systemd-journal", "bash", "sshd", "containerd-shim",
            "dockerd", "kubelet", "nginx", "snapd"]
SMALL_TASKS = [("systemd", 0, 0), ("systemd-journal", 0, -250), ("systemd-udevd", 0, -1000),
               ("dbus-daemon", 104, -900), ("cron", 0, 0), ("rsyslogd", 0, 0), ("sshd", 0, -1000),
               ("containerd", 0, -999), ("dockerd", 0, -500), ("kubelet", 0, -999),
               ("agetty", 0, 0), ("bash", 1000, 0), ("nginx", 33, 0), ("chronyd", 106, 0),
               ("node_exporter", 65534, 0), ("polkitd", 998, 0), ("unattended-upgr", 0, 0)]

KERNELS = {
    "4": ["4.19.0-17-amd64 #1 Debian 4.19.194-3", "4.15.0-213-generic #224-Ubuntu",
          "4.14.326-245.539.amzn2.x86_64 #1"],
    "5": ["5.4.0-169-generic #187-Ubuntu", "5.10.0-26-amd64 #1 Debian 5.10.197-1",
          "5.15.0-91-generic #101-Ubuntu"],
    "6": ["6.1.0-17-amd64 #1 Debian 6.1.69-1", "6.5.0-1014-aws #14~22.04.1-Ubuntu",
          "6.8.0-31-generic #31-Ubuntu"],
}
HARDWARE = ["QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
            "Amazon EC2 m5.xlarge/, BIOS 1.0 10/16/2017",
            "Google Google Compute Engine/Google Compute Engine, BIOS Google 11/17/2023",
            "Dell Inc. PowerEdge R640/0H28RR, BIOS 2.19.1 06/05/2023",
            "Microsoft Corporation Virtual Machine/Virtual Machine, BIOS Hyper-V UEFI Release v4.1 04/06/2022"]

TRACE_OOM = ["dump_stack_lvl+0x48/0x70", "dump_header+0x4a/0x211", "oom_kill_process+0xf9/0x190",
             "out_of_memory+0x246/0x590", "__alloc_pages_slowpath.constprop.0+0xc8a/0xe20",
             "__alloc_pages+0x31d/0x350", "alloc_pages_mpol+0x91/0x1f0", "folio_alloc+0x1c/0x60",
             "__filemap_get_folio+0xf0/0x2a0", "filemap_fault+0x14d/0x9e0", "__do_fault+0x36/0x150",
             "do_fault+0x266/0x3e0", "__handle_mm_fault+0x6d9/0xc30", "handle_mm_fault+0x18d/0x380",
             "do_user_addr_fault+0x169/0x6f0", "exc_page_fault+0x7f/0x180",
             "asm_exc_page_fault+0x27/0x30"]
TRACE_MEMCG = ["dump_stack_lvl+0x48/0x70", "dump_header+0x4a/0x211", "oom_kill_process+0xf9/0x190",
               "out_of_memory+0x246/0x590", "mem_cgroup_out_of_memory+0x134/0x150",
               "try_charge_memcg+0x6ad/0x7b0", "charge_memcg+0x39/0xa0",
               "__mem_cgroup_charge+0x2c/0x80", "do_anonymous_page+0x11b/0x460",
               "__handle_mm_fault+0x6d9/0xc30", "handle_mm_fault+0x18d/0x380",
               "do_user_addr_fault+0x169/0x6f0", "exc_page_fault+0x7f/0x180",
               "asm_exc_page_fault+0x27/0x30"]
TRACE_ALLOC = ["dump_stack_lvl+0x48/0x70", "warn_alloc+0x165/0x1e0",
               "__alloc_pages_slowpath.constprop.0+0xcfd/0xe20", "__alloc_pages+0x31d/0x350",
               "__kmalloc_large_node+0x7e/0x150", "__kmalloc_node+0x14e/0x1c0",
               "kvmalloc_node+0x5f/0x120", "xt_alloc_table_info+0x2d/0x60 [x_tables]",
               "do_ipt_set_ctl+0x114/0x480 [ip_tables]", "nf_setsockopt+0x49/0x80",
               "ip_setsockopt+0x3b/0xa0", "__sys_setsockopt+0xc2/0x1a0",
               "__x64_sys_setsockopt+0x20/0x30", "do_syscall_64+0x59/0x90",
               "entry_SYSCALL_64_after_hwframe+0x6e/0xd8"]

GFP_OOM = ["0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)", "0x100cca(GFP_HIGHUSER_MOVABLE)",
           "0xcc0(GFP_KERNEL)", "0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO)"]
GFP_OOM4 = ["0x6200ca(GFP_HIGHUSER_MOVABLE)", "0x6280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)",
            "0x14200ca(GFP_HIGHUSER_MOVABLE)"]
GFP_ALLOC = ["0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO)", "0x820(GFP_ATOMIC)",
             "0x2dc2(GFP_KERNEL|__GFP_HIGHMEM|__GFP_NOWARN|__GFP_ZERO)",
             "0x400dc0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)"]
GFP_ALLOC4 = ["0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)", "0x14040c0(GFP_KERNEL|__GFP_COMP)",
              "0x1080020(GFP_ATOMIC)"]


def hexid(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


class Host:
    def __init__(self, rng, i, start):
        self.name = "%s-%02d" % (["web", "db", "k8s-node", "build", "cache", "ip-10-0-3"][i % 6], i)
        self.style = "rfc3339" if i % 5 == 4 else "bsd"
        self.stamps = i % 3 != 2  # kernel lines carry [uptime] stamps
        self.boot = start - rng.randint(3600, 90 * 86400)
        self.next_pid = rng.randint(2000, 400000)
        self.major = "456"[i % 3]
        self.kernel = rng.choice(KERNELS[self.major])
        self.hw = rng.choice(HARDWARE)
        self.cpus = rng.choice([2, 4, 8, 16, 32])
        self.report = None  # the lines still to print of this host's open report
        self.sshd = rng.randint(600, 2000)

    def pid(self, rng):
        self.next_pid += rng.randint(1, 400)
        if self.next_pid > 4194000:
            self.next_pid = 3000
        return self.next_pid


# --------------------------------------------------------------------------
# kernel report builders: each returns a list of message strings (no prefix)

def cpu_line(rng, h, pid, comm):
    uid = "UID: %d " % rng.choice([0, 1000]) if h.kernel.startswith("6.8") else ""
    return "CPU: %d %sPID: %d Comm: %s Not tainted %s" % (rng.randrange(h.cpus), uid, pid, comm, h.kernel)


def trace(rng, frames, six):
    out = ["Call Trace:"]
    if six:
        out.append(" <TASK>")
    k = rng.randint(max(4, len(frames) - 6), len(frames))
    out += [" " + f for f in frames[:k]]
    if six:
        out += ["RIP: 0033:0x7f%010x" % rng.getrandbits(40),
                "Code: Unable to access opcode bytes at 0x7f%010x." % rng.getrandbits(40),
                "RSP: 002b:00007ffd%08x EFLAGS: 00010206" % rng.getrandbits(32),
                "RAX: %016x RBX: %016x RCX: %016x" % (rng.getrandbits(48), rng.getrandbits(16), rng.getrandbits(48)),
                " </TASK>"]
    return out


def mem_info(rng, h, swap_total, swap_free):
    free = rng.randint(20000, 60000)
    out = ["Mem-Info:",
           "active_anon:%d inactive_anon:%d isolated_anon:0" % (rng.randint(10**5, 4 * 10**6), rng.randint(10**5, 4 * 10**6)),
           " active_file:%d inactive_file:%d isolated_file:0" % (rng.randint(0, 500), rng.randint(0, 900)),
           " unevictable:%d dirty:%d writeback:%d" % (rng.randint(0, 4000), rng.randint(0, 90), rng.randint(0, 30)),
           " slab_reclaimable:%d slab_unreclaimable:%d" % (rng.randint(10**4, 2 * 10**5), rng.randint(10**4, 10**5)),
           " mapped:%d shmem:%d pagetables:%d" % (rng.randint(1000, 9000), rng.randint(1000, 40000), rng.randint(5000, 40000)),
           " free:%d free_pcp:%d free_cma:0" % (free, rng.randint(0, 300))]
    out.append("Node 0 active_anon:%dkB inactive_anon:%dkB active_file:%dkB inactive_file:%dkB unevictable:%dkB "
               "isolated(anon):0kB isolated(file):0kB mapped:%dkB dirty:%dkB writeback:0kB shmem:%dkB "
               "shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: %dkB writeback_tmp:0kB kernel_stack:%dkB "
               "pagetables:%dkB all_unreclaimable? %s"
               % tuple([rng.randint(10**5, 10**7) for _ in range(9)] + [rng.randint(5000, 20000), rng.randint(10**4, 10**5),
                                                                        rng.choice(["no", "yes"])]))
    for zone, present in (("DMA", 15992), ("DMA32", 3129212), ("Normal", 13631488)):
        z = rng.randint(13000, 70000)
        out.append("Node 0 %s free:%dkB min:%dkB low:%dkB high:%dkB reserved_highatomic:0KB active_anon:%dkB "
                   "inactive_anon:%dkB active_file:0kB inactive_file:%dkB unevictable:0kB writepending:0kB "
                   "present:%dkB managed:%dkB mlocked:0kB bounce:0kB free_pcp:%dkB local_pcp:0kB free_cma:0kB"
                   % (zone, z, z // 5, z // 4, z // 3, rng.randint(0, 10**6), rng.randint(0, 10**6),
                      rng.randint(0, 900), present, present - rng.randint(100, 90000), rng.randint(0, 900)))
        out.append("lowmem_reserve[]: 0 %d %d %d %d" % ((rng.randint(1000, 3200),) + (rng.randint(3200, 16000),) * 3))
    for zone in ("DMA", "DMA32", "Normal"):
        parts = ["%d*%dkB (%s)" % (rng.randint(0, 900), 4 << k, rng.choice(["U", "UM", "UME", "ME", "E"]))
                 for k in range(11)]
        out.append("Node 0 %s: %s = %dkB" % (zone, " ".join(parts), rng.randint(13000, 70000)))
    out += ["Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB",
            "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB",
            "%d total pagecache pages" % rng.randint(10**4, 10**5),
            "%d pages in swap cache" % rng.randint(0, 30000),
            "Free swap  = %dkB" % swap_free,
            "Total swap = %dkB" % swap_total,
            "%d pages RAM" % rng.randint(10**6, 10**7),
            "0 pages HighMem/MovableOnly",
            "%d pages reserved" % rng.randint(50000, 200000),
            "0 pages hwpoisoned"]
    return out


def task_table(rng, h, victim_pid, victim, victim_uid, victim_vm, victim_rss, victim_adj):
    """dump_tasks() in the host kernel's shape: 4.14, 4.15, 4.19-6.7 or 6.8+."""
    k = h.kernel
    if k.startswith("4.14"):
        out = ["[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name"]
    elif k.startswith("4.15"):
        out = ["[ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"]
    elif k.startswith("6.8"):
        out = ["Tasks state (memory values in pages):",
               "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name"]
    else:
        out = ["Tasks state (memory values in pages):",
               "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"]
    rows = []
    for _ in range(rng.randint(8, 40)):
        comm, uid, adj = rng.choice(SMALL_TASKS)
        rows.append((h.pid(rng) - rng.randint(1000, 1800), uid, comm, rng.randint(2000, 400000),
                     rng.randint(0, 20000), adj))
    rows.append((victim_pid, victim_uid, victim, victim_vm // 4, victim_rss // 4, victim_adj))
    rows.sort()
    for pid, uid, comm, vm, rss, adj in rows:
        swap = rng.randint(0, 9000)
        pgt = rng.randint(1, 900) * 4096
        if k.startswith("4.14"):
            out.append("[%5d] %5d %5d %8d %8d %7d %7d %8d         %5d %s"
                       % (pid, uid, pid, vm, rss, pgt // 4096, 4, swap, adj, comm))
        elif k.startswith("4.15"):
            out.append("[%5d] %5d %5d %8d %8d %14d %8d         %5d %s" % (pid, uid, pid, vm, rss, pgt, swap, adj, comm))
        elif k.startswith("6.8"):
            anon = rss * 9 // 10
            out.append("[%7d] %5d %5d %8d %8d %8d %8d %9d %14d %8d         %5d %s"
                       % (pid, uid, pid, vm, rss, anon, rss - anon, 0, pgt, swap, adj, comm))
        else:
            out.append("[%7d] %5d %5d %8d %8d %8d %8d         %5d %s" % (pid, uid, pid, vm, rss, pgt, swap, adj, comm))
    return out


def memcg_path(rng):
    r = rng.random()
    if r < 0.4:
        return "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s_%s_%s_%s_%s.slice/cri-containerd-%s.scope" % (
            hexid(rng, 8), hexid(rng, 4), hexid(rng, 4), hexid(rng, 4), hexid(rng, 12), hexid(rng, 64))
    if r < 0.7:
        return "/docker/%s" % hexid(rng, 64)
    if r < 0.85:
        return "/system.slice/%s.service" % rng.choice(["postgresql@15-main", "elasticsearch", "gitlab-runner", "mongod"])
    return "/user.slice/user-1000.slice/session-%d.scope" % rng.randint(1, 900)


def kill_report(rng, h, memcg, complete=True, no_killable=False):
    """A kernel OOM kill report. Returns (lines, event), event None when the
    report is incomplete, else {"kind", "pid", "comm"} of the kill."""
    six = h.major == "6"
    victim = rng.choice(VICTIMS)
    vpid = h.pid(rng)
    vuid = rng.choice([0, 999, 1000, 33, 70])
    adj = rng.choice([0, 0, 0, 200, 300, 900, 1000, -998])
    if memcg:
        trig, tpid = victim, vpid
    else:
        trig = rng.choice(TRIGGERS + [victim])
        tpid = vpid if trig == victim else h.pid(rng)
    vm = rng.randint(200000, 40000000)
    anon = rng.randint(50000, min(vm, 20000000))
    fil = rng.randint(0, 30000)
    shm = rng.choice([0, 0, rng.randint(0, 9000)])
    order = 0 if rng.random() < 0.9 else rng.randint(1, 3)
    path = memcg_path(rng) if memcg else None
    out = []
    if h.major == "4":
        # 4.13 to 4.17 print a double space before order.
        sep = "  " if h.kernel[:4] in ("4.14", "4.15") else " "
        out.append("%s invoked oom-killer: gfp_mask=%s, nodemask=(null),%sorder=%d, oom_score_adj=%d"
                   % (trig, rng.choice(GFP_OOM4), sep, order, rng.choice([0, -999, 1000])))
        out.append("%s cpuset=%s mems_allowed=0" % (trig, path.rsplit("/", 1)[1] if memcg else "/"))
    else:
        out.append("%s invoked oom-killer: gfp_mask=%s, order=%d, oom_score_adj=%d"
                   % (trig, rng.choice(GFP_OOM), order, rng.choice([0, -999, 1000])))
    out.append(cpu_line(rng, h, tpid, trig))
    out.append("Hardware name: " + h.hw)
    out += trace(rng, TRACE_MEMCG if memcg else TRACE_OOM, six)
    limit = rng.choice([524288, 1048576, 2097152, 4194304, 8388608])
    swap_total = rng.choice([0, 2097148, 8388604])
    swap_free = rng.randint(0, swap_total) if swap_total else 0
    if memcg:
        if h.major == "4":
            out.append("Task in %s killed as a result of limit of %s" % (path, path))
            out.append("memory: usage %dkB, limit %dkB, failcnt %d" % (limit, limit, rng.randint(1, 10**6)))
            out.append("memory+swap: usage %dkB, limit 9007199254740988kB, failcnt 0" % limit)
            out.append("kmem: usage %dkB, limit 9007199254740988kB, failcnt 0" % rng.randint(1000, 90000))
            out.append("Memory cgroup stats for %s: cache:%dKB rss:%dKB rss_huge:0KB shmem:0KB mapped_file:%dKB "
                       "dirty:0KB writeback:0KB swap:0KB inactive_anon:%dKB active_anon:%dKB inactive_file:0KB "
                       "active_file:0KB unevictable:0KB" % (path, rng.randint(0, 900), limit - 900,
                                                          rng.randint(0, 900), limit // 2, limit // 2))
        else:
            out.append("memory: usage %dkB, limit %dkB, failcnt %d" % (limit, limit, rng.randint(1, 10**6)))
            out.append("swap: usage %dkB, limit 9007199254740988kB, failcnt 0" % rng.randint(0, 4096))
            out.append("Memory cgroup stats for %s:" % path)
            for key in ("anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu",
                        "sock", "vmalloc", "shmem", "file_mapped", "file_dirty", "file_writeback",
                        "swapcached", "anon_thp", "inactive_anon", "active_anon", "inactive_file",
                        "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable",
                        "pgfault", "pgmajfault", "workingset_refault_anon", "oom_kill"):
                out.append("%s %d" % (key, rng.randint(0, limit * 1024)))
    else:
        out += mem_info(rng, h, swap_total, swap_free)
    out += task_table(rng, h, vpid, victim, vuid, vm, anon + fil, adj)
    if not complete:
        # Cut: the rest of the report never reached the log.
        return out[: rng.randint(1, len(out))], None
    if no_killable:
        out.append("Out of memory and no killable processes...")
        return out, None
    prefix = "Memory cgroup out of memory" if memcg else "Out of memory"
    if h.major == "4":
        killed = vpid
        if not memcg and rng.random() < 0.15:
            killed = h.pid(rng)  # a child was sacrificed
        out.append("%s: Kill process %d (%s) score %d or sacrifice child" % (prefix, vpid, victim, rng.randint(1, 1000)))
        out.append("Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:%dkB"
                   % (killed, victim, vm, anon, fil, shm))
    else:
        killed = vpid
        if memcg:
            out.append("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=%s,mems_allowed=0,oom_memcg=%s,"
                       "task_memcg=%s,task=%s,pid=%d,uid=%d" % (path.rsplit("/", 1)[1], path, path, victim, vpid, vuid))
        else:
            tm = rng.choice(["/user.slice/user-1000.slice/session-3.scope", "/system.slice/%s.service" % victim.split()[0],
                             "/"])
            out.append("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                       "task_memcg=%s,task=%s,pid=%d,uid=%d" % (tm, victim, vpid, vuid))
        out.append("%s: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:%dkB, "
                   "UID:%d pgtables:%dkB oom_score_adj:%d" % (prefix, vpid, victim, vm, anon, fil, shm, vuid,
                                                               rng.randint(100, 90000), adj))
    if rng.random() < 0.8:
        out.append("oom_reaper: reaped process %d (%s), now anon-rss:0kB, file-rss:0kB, shmem-rss:%dkB"
                   % (killed, victim, shm))
    return out, {"kind": "memcg_oom_kill" if memcg else "oom_kill", "pid": killed, "comm": victim}


def alloc_failure(rng, h):
    """A page allocation failure report. Returns (lines, event)."""
    comm = rng.choice(TRIGGERS + ["iptables-restor", "java", "qemu-system-x86", "nvidia-smi"])
    pid = h.pid(rng)
    order = rng.choice([0, 1, 2, 3, 4, 4, 5, 9])
    out = []
    if h.major == "4":
        out.append("%s: page allocation failure: order:%d, mode:%s, nodemask=(null)"
                   % (comm, order, rng.choice(GFP_ALLOC4)))
        out.append("%s cpuset=/ mems_allowed=0" % comm)
    else:
        out.append("%s: page allocation failure: order:%d, mode:%s, nodemask=(null),cpuset=/,mems_allowed=0"
                   % (comm, order, rng.choice(GFP_ALLOC)))
    out.append(cpu_line(rng, h, pid, comm))
    out.append("Hardware name: " + h.hw)
    out += trace(rng, TRACE_ALLOC, False)
    out += mem_info(rng, h, 0, 0)
    return out, {"kind": "alloc_failure", "pid": pid, "comm": comm}


# --------------------------------------------------------------------------
# background lines: (tag, message)

def noise(rng, h, now):
    r = rng.random()
    if r < 0.30:
        return "kernel", rng.choice(KERNEL_NOISE)(rng)
    if r < 0.42:
        u = rng.choice(["deploy", "admin", "ci", "backup"])
        return "sshd[%d]" % h.pid(rng), rng.choice([
            "Accepted publickey for %s from 10.%d.%d.%d port %d ssh2: ED25519 SHA256:%s" % (
                u, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254), rng.randint(30000, 65000), hexid(rng, 43)),
            "pam_unix(sshd:session): session opened for user %s(uid=1000) by (uid=0)" % u,
            "Disconnected from user %s 10.0.%d.%d port %d" % (u, rng.randint(0, 255), rng.randint(1, 254), rng.randint(30000, 65000)),
            "Invalid user %s from 198.51.100.%d port %d" % (rng.choice(["admin", "oracle", "test", "ubuntu"]), rng.randint(1, 254), rng.randint(30000, 65000)),
            "Received disconnect from 203.0.113.%d port %d:11: Bye Bye [preauth]" % (rng.randint(1, 254), rng.randint(30000, 65000))])
    if r < 0.52:
        return "CRON[%d]" % h.pid(rng), "(%s) CMD (%s)" % (rng.choice(["root", "www-data", "postgres"]), rng.choice([
            "   cd / && run-parts --report /etc/cron.hourly", "/usr/lib/sysstat/debian-sa1 1 1",
            "test -x /usr/sbin/logrotate && /usr/sbin/logrotate /etc/logrotate.conf",
            "/usr/local/bin/backup.sh --incremental >/dev/null 2>&1"]))
    if r < 0.68:
        return "systemd[1]", rng.choice([
            "Started Session %d of User deploy." % rng.randint(1, 9999),
            "Starting Daily apt download activities...",
            "logrotate.service: Deactivated successfully.",
            "Finished Rotate log files.",
            "Started docker-%s.scope - libcontainer container %s." % ((hexid(rng, 12),) * 2),
            "run-containerd-runc-k8s.io-%s-runc.%s.mount: Deactivated successfully." % (hexid(rng, 64), hexid(rng, 6)),
            "Starting Cleanup of Temporary Directories...",
            "sysstat-collect.service: Deactivated successfully.",
            "Reloading The nginx HTTP and reverse proxy server..."])
    if r < 0.80:
        ts = time.strftime("%m%d %H:%M:%S", time.gmtime(now))
        return "kubelet[%d]" % (h.sshd + 200), rng.choice([
            'I%s.%06d    %d kubelet.go:2434] "SyncLoop (PLEG): event for pod" pod="default/web-%s" event={"ID":"%s","Type":"ContainerStarted"}' % (
                ts, rng.randint(0, 999999), h.sshd + 200, hexid(rng, 5), hexid(rng, 32)),
            'I%s.%06d    %d prober.go:107] "Probe failed" probeType="Readiness" pod="monitoring/grafana-%s" containerName="grafana"' % (
                ts, rng.randint(0, 999999), h.sshd + 200, hexid(rng, 5)),
            'W%s.%06d    %d eviction_manager.go:349] "Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"' % (
                ts, rng.randint(0, 999999), h.sshd + 200)])
    if r < 0.90:
        return "dockerd[%d]" % (h.sshd + 77), 'time="%s.%09dZ" level=%s msg="%s"' % (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)), rng.randint(0, 999999999),
            rng.choice(["info", "info", "warning"]), rng.choice([
                "ignoring event", "Container %s failed to exit within 10 seconds of signal 15 - using the force" % hexid(rng, 64),
                "shim disconnected", "Health check for container %s error: context deadline exceeded" % hexid(rng, 12)]))
    if r < 0.97:
        return "postfix/smtpd[%d]" % h.pid(rng), rng.choice([
            "connect from unknown[203.0.113.%d]" % rng.randint(1, 254),
            "disconnect from unknown[203.0.113.%d] ehlo=1 mail=1 rcpt=0/1 data=0 commands=2/4" % rng.randint(1, 254),
            "NOQUEUE: reject: RCPT from unknown[198.51.100.%d]: 554 5.7.1 Relay access denied" % rng.randint(1, 254)])
    # rare near-misses: memory words, no OOM event
    return rng.choice([
        ("systemd-journald[%d]" % (h.sshd - 300), "Under memory pressure, flushing caches."),
        ("sudo", "   admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/grep -c Out of memory /var/log/kern.log"),
        ("redis-server[%d]" % (h.sshd + 11), "# Server initialized"),
        ("kernel", "Memory: %dK/%dK available (14336K kernel code, 2405K rwdata, 9332K rodata, 2988K init, 4868K bss)"
         % (rng.randint(10**6, 10**7), 16776740)),
    ])


KERNEL_NOISE = [
    lambda rng: "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:%02x:%02x:%02x:52:54:00:12:35:02:08:00 SRC=203.0.113.%d DST=10.0.0.%d "
                "LEN=60 TOS=0x00 PREC=0x00 TTL=%d ID=%d DF PROTO=TCP SPT=%d DPT=%d WINDOW=64240 RES=0x00 SYN URGP=0" % (
                    rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randint(1, 254), rng.randint(1, 254),
                    rng.randint(40, 64), rng.randint(1, 65535), rng.randint(1024, 65535), rng.choice([22, 23, 3389, 5432, 6379])),
    lambda rng: 'audit: type=1400 audit(%d.%03d:%d): apparmor="DENIED" operation="open" profile="snap.lxd.daemon" '
                'name="/proc/%d/mounts" pid=%d comm="lxd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0' % (
                    rng.randint(1700000000, 1720000000), rng.randrange(1000), rng.randint(1, 99999), rng.randint(1, 99999),
                    rng.randint(1, 99999)),
    lambda rng: "IPv6: ADDRCONF(NETDEV_CHANGE): veth%s: link becomes ready" % hexid(rng, 7),
    lambda rng: "docker0: port %d(veth%s) entered %s state" % (rng.randint(1, 40), hexid(rng, 7),
                                                              rng.choice(["blocking", "forwarding", "disabled"])),
    lambda rng: "TCP: request_sock_TCP: Possible SYN flooding on port %d. Sending cookies.  Check SNMP counters." % rng.choice([80, 443]),
    lambda rng: "nf_conntrack: nf_conntrack: table full, dropping packet",
    lambda rng: "EXT4-fs (nvme0n1p%d): mounted filesystem with ordered data mode. Quota mode: none." % rng.randint(1, 4),
    lambda rng: "perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate to %d" % (
        rng.randint(2500, 9000), 2500, rng.randint(20000, 80000)),
    lambda rng: "cni0: port %d(veth%s) entered forwarding state" % (rng.randint(1, 60), hexid(rng, 8)),
    lambda rng: "traps: %s[%d] general protection fault ip:%x sp:%x error:0 in libc.so.6[%x+195000]" % (
        rng.choice(["php-fpm7.4", "python3", "node"]), rng.randint(1000, 99999), rng.getrandbits(44),
        rng.getrandbits(44), rng.getrandbits(44)),
]


# --------------------------------------------------------------------------

def parse_size(s):
    s = s.strip().upper().rstrip("B").rstrip("I")
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(s[-1:], 1)
    return int(float(s[:-1] if s[-1:] in "KMG" else s) * mult)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="1G", help="approximate output size: 1G, 20M, 5M, 300K (default 1G)")
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reports-per-mb", type=float, default=2.0,
                    help="kernel reports (kills, failures, incomplete) per MiB of output")
    ap.add_argument("--out")
    ap.add_argument("--sidecar")
    a = ap.parse_args()
    size = parse_size(a.size)
    if size <= 0 or a.hosts < 1:
        ap.error("--size and --hosts must be positive")
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache",
                                "syslog-%s-s%d.log" % (a.size, a.seed))
    sidecar = a.sidecar or (out[:-4] if out.endswith(".log") else out) + ".expected.json"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)

    rng = random.Random(a.seed)
    start = 1709510400  # 2024-03-04T00:00:00Z
    hosts = [Host(rng, i, start) for i in range(a.hosts)]

    # The plan: which report starts after how many bytes.
    n_reports = max(1, int(round(size / (1 << 20) * a.reports_per_mb)))
    plan = []
    for _ in range(n_reports):
        r = rng.random()
        kind = ("oom_kill" if r < 0.38 else "memcg_oom_kill" if r < 0.76 else
                "alloc_failure" if r < 0.90 else "cut" if r < 0.96 else "no_killable")
        plan.append((rng.randint(0, int(size * 0.97)), kind))
    plan.sort()

    counts = {"oom_kill": 0, "memcg_oom_kill": 0, "alloc_failure": 0}
    incomplete = 0
    events = []  # every complete event: kind, pid, comm, host
    active = []  # hosts with an open report
    now = float(start)
    written = lines = 0
    buf = []
    bufbytes = 0
    last_sec = None
    bsd = ""
    f = open(out, "w", encoding="utf-8", newline="\n")

    def emit(h, tag, msg, kernel):
        nonlocal written, lines, bufbytes, last_sec, bsd
        sec = int(now)
        if h.style == "bsd":
            if sec != last_sec:
                t = time.gmtime(sec)
                bsd = "%s %2d %02d:%02d:%02d" % (MONTHS[t.tm_mon - 1], t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
                last_sec = sec
            pre = bsd
        else:
            pre = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)) + ".%06d+00:00" % int((now - sec) * 1e6)
        if kernel and h.stamps:
            up = now - h.boot
            msg = "[%5d.%06d] %s" % (int(up), int((up - int(up)) * 1e6), msg)
        line = "%s %s %s: %s\n" % (pre, h.name, tag, msg)
        buf.append(line)
        bufbytes += len(line)
        lines += 1
        if bufbytes > 1 << 20:
            f.write("".join(buf))
            buf.clear()
            written += bufbytes
            bufbytes = 0

    pi = 0
    while written + bufbytes < size or active or pi < len(plan):
        now += rng.random() * 0.02
        total = written + bufbytes
        while pi < len(plan) and plan[pi][0] <= total:
            idle = [h for h in hosts if h.report is None]
            if not idle:
                break
            h = rng.choice(idle)
            kind = plan[pi][1]
            if kind == "alloc_failure":
                rep, ev = alloc_failure(rng, h)
            elif kind == "cut":
                rep, ev = kill_report(rng, h, rng.random() < 0.5, complete=False)
            elif kind == "no_killable":
                rep, ev = kill_report(rng, h, rng.random() < 0.5, no_killable=True)
            else:
                rep, ev = kill_report(rng, h, kind == "memcg_oom_kill")
            if ev:
                counts[ev["kind"]] += 1
                ev["host"] = h.name
                events.append(ev)
            else:
                incomplete += 1
            h.report = rep
            h.pos = 0
            active.append(h)
            pi += 1
        if active and (rng.random() < 0.35 or total >= size):
            h = rng.choice(active)
            n = rng.randint(1, 6)
            for msg in h.report[h.pos:h.pos + n]:
                emit(h, "kernel", msg, True)
            h.pos += n
            if h.pos >= len(h.report):
                h.report = None
                active.remove(h)
            continue
        h = hosts[int(rng.random() ** 1.5 * len(hosts))]  # some hosts are chattier
        if h.report is not None:
            continue
        tag, msg = noise(rng, h, now)
        emit(h, tag, msg, tag == "kernel")

    if buf:
        f.write("".join(buf))
        written += bufbytes
    f.close()
    assert pi == len(plan), "not every planned report was placed"
    side = {
        "generator": "bench/gen_syslog.py",
        "args": {"size": a.size, "hosts": a.hosts, "seed": a.seed, "reports_per_mb": a.reports_per_mb},
        "bytes": written,
        "lines": lines,
        "events_by_kind": counts,
        "events": sum(counts.values()),
        "incomplete": incomplete,
        "event_list": events,
    }
    with open(sidecar, "w") as sf:
        json.dump(side, sf, indent=2)
        sf.write("\n")
    print("%s: %d bytes, %d lines, %d events %s, %d incomplete; expected counts in %s"
          % (out, written, lines, side["events"], json.dumps(counts), incomplete, sidecar), file=sys.stderr)


if __name__ == "__main__":
    main()
