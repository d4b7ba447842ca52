#!/usr/bin/env python3
# bench/genlog.py - copied from the project's shared tools (tools/genlog.py): a syslog
# kern.log of many interleaved hosts with OOM reports at a chosen density, and
# its truth file. tests/e2e/ledger.sh and bench/compare.sh compare oomscan to it.
"""Generate a realistic syslog-style kern.log with embedded OOM events and a truth file.

usage: genlog.py OUT.log SIZE_MB [--rate EVENTS_PER_100K_LINES] [--seed N] [--hosts N]
Writes OUT.log and OUT.log.truth.json (counts per kind and per victim comm).
"""
import json, random, sys, argparse

ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("mb", type=float)
ap.add_argument("--rate", type=float, default=5.0, help="OOM events per 100k lines")
ap.add_argument("--seed", type=int, default=7); ap.add_argument("--hosts", type=int, default=1)
a = ap.parse_args()
R = random.Random(a.seed)

NOISE = [
 "audit: type=1400 audit({t}:{n}): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.lxd.daemon\" name=\"/proc/{n}/mounts\" pid={n} comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0",
 "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=10.{a}.{b}.{c} DST=10.0.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID={n} DF PROTO=TCP SPT={p} DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0",
 "EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.",
 "usb 1-1: new high-speed USB device number {a} using xhci_hcd",
 "e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
 "IPv6: ADDRCONF(NETDEV_CHANGE): veth{h}: link becomes ready",
 "docker0: port {a}(veth{h}) entered forwarding state",
 "br-{h}: port 1(veth{h}) entered disabled state",
 "device veth{h} left promiscuous mode",
 "nf_conntrack: nf_conntrack: table full, dropping packet",
 "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.",
 "systemd-journald[{a}]: Data hash table of /var/log/journal/{h}/system.journal has a fill level at 75.0 ({n} of {n} items, 25165824 file size, 279 bytes per hash table item), suggesting rotation.",
 "perf: interrupt took too long ({n} > {n}), lowering kernel.perf_event_max_sample_rate to {n}",
 "sd 2:0:0:0: [sda] Write cache: enabled, read cache: enabled, doesn't support DPO or FUA",
 "cgroup: fork rejected by pids controller in /system.slice/cron.service",
 "kauditd_printk_skb: {a} callbacks suppressed",
 "NFS: server nfs01 not responding, still trying",
 "INFO: task kworker/u8:{a}:{n} blocked for more than 120 seconds.",
 "traps: python3[{n}] general protection fault ip:7f3a{h} sp:7ffd{h} error:0 in libc.so.6[7f3a{h}+195000]",
 "{comm}[{n}]: segfault at 0 ip 000055d1{h} sp 00007ffc{h} error 4 in {comm}[55d1{h}+2000]",
 "oom_score_adj for pid {n} set to -1000 by systemd",
 "process '{comm}' (pid {n}) has oom_score_adj of 1000",
 "Memory cgroup stats for /kubepods/pod{h}: (null)",
]
COMMS = ["java","postgres","python3","node","chrome","mysqld","redis-server","stress-ng","dotnet","ruby","php-fpm","nginx","clickhouse-server","elasticsearch","hydrus_client"]

def rnd_hex(n=8): return "".join(R.choice("0123456789abcdef") for _ in range(n))

def noise():
    s = R.choice(NOISE)
    return s.format(t=R.randint(1600000000,1800000000), n=R.randint(1,99999), a=R.randint(1,254), b=R.randint(0,254), c=R.randint(1,254), p=R.randint(1024,65535), h=rnd_hex(), comm=R.choice(COMMS))

def oom_block(kind):
    """Return (lines, truth_event)."""
    victim = R.choice(COMMS); trig = R.choice(COMMS + [victim]*3)
    vpid = R.randint(100, 4000000); tpid = R.randint(100, 4000000)
    anon = R.randint(100000, 60000000); filer = R.randint(0, 100000); shm = R.randint(0, 50000)
    tvm = anon + filer + R.randint(0, 10000000); adj = R.choice([0,0,0,200,900,1000,-998]); uid = R.choice([0,1000,999,70,33])
    L = []
    if kind == "page_alloc_failure":
        order = R.choice([0,1,2,3,4,5])
        L.append(f"{trig}: page allocation failure: order:{order}, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0")
        L.append(f"CPU: {R.randint(0,63)} PID: {tpid} Comm: {trig} Not tainted 5.15.0-91-generic #101-Ubuntu")
        L.append("Hardware name: Supermicro SYS-2029P-C1R/X11DPi-N, BIOS 3.4 11/27/2020")
        L.append("Call Trace:")
        for f in ["dump_stack_lvl+0x4a/0x63","warn_alloc+0x138/0x160","__alloc_pages_slowpath.constprop.0+0xa2f/0xa40","__alloc_pages+0x30e/0x330","kmalloc_large_node+0x45/0xb0"]:
            L.append(" " + f)
        return L, {"kind":"alloc_failure","comm":trig,"pid":tpid,"order":order}
    memcg = None
    if kind == "memcg_v2":
        pod = f"{rnd_hex(8)}-{rnd_hex(4)}-{rnd_hex(4)}-{rnd_hex(4)}-{rnd_hex(12)}"; cid = rnd_hex(64)
        memcg = f"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{pod.replace('-','_')}.slice/cri-containerd-{cid}.scope"
        trig = victim
    elif kind == "memcg_v1":
        memcg = f"/docker/{rnd_hex(64)}"; trig = victim
    gfp = "0xcc0(GFP_KERNEL)" if memcg else "0x100cca(GFP_HIGHUSER_MOVABLE)"
    L.append(f"{trig} invoked oom-killer: gfp_mask={gfp}, order=0, oom_score_adj={adj}")
    L.append(f"CPU: {R.randint(0,63)} PID: {tpid} Comm: {trig} Not tainted 5.15.0-91-generic #101-Ubuntu")
    L.append("Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.15.0-1 04/01/2014")
    L.append("Call Trace:"); L.append(" <TASK>")
    for f in ["dump_stack_lvl+0x4a/0x63","dump_header+0x4a/0x1f4","oom_kill_process.cold+0xb/0x10","out_of_memory+0x106/0x2e0","__alloc_pages_slowpath.constprop.0+0x97a/0xa40","__alloc_pages+0x30e/0x330","alloc_pages_vma+0x9d/0x380","do_anonymous_page+0xed/0x3f0","__handle_mm_fault+0x7c9/0x930","handle_mm_fault+0xd8/0x2c0","do_user_addr_fault+0x1c9/0x670","exc_page_fault+0x77/0x170","asm_exc_page_fault+0x27/0x30"]:
        L.append("  " + f)
    L.append("RIP: 0033:0x7f1c2d4b5a2e"); L.append(" </TASK>")
    if memcg:
        L.append(f"memory: usage {anon+filer}kB, limit {anon+filer}kB, failcnt {R.randint(1,9999)}")
        L.append("swap: usage 0kB, limit 0kB, failcnt 0")
        L.append(f"Memory cgroup stats for {memcg}:")
        L.append(f"anon {anon*1024}"); L.append(f"file {filer*1024}"); L.append("kernel_stack 49152")
    else:
        L.append("Mem-Info:")
        L.append(f"active_anon:{R.randint(0,9999)} inactive_anon:{anon//4} isolated_anon:0")
        L.append(" active_file:123 inactive_file:456 isolated_file:0")
        L.append(" free:12345 free_pcp:67 free_cma:0")
        L.append("Node 0 DMA free:13312kB min:64kB low:80kB high:96kB reserved_highatomic:0KB active_anon:0kB inactive_anon:0kB")
        L.append("lowmem_reserve[]: 0 2951 7919 7919 7919")
        L.append("Node 0 DMA: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 1*1024kB (U) 2*2048kB (M) 3*4096kB (M) = 13312kB")
        L.append("1234 total pagecache pages"); L.append("0 pages in swap cache")
        L.append("Free swap  = 0kB"); L.append("Total swap = 0kB"); L.append("2097022 pages RAM")
    L.append("Tasks state (memory values in pages):")
    L.append("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name")
    for _ in range(R.randint(3, 30)):
        c = R.choice(COMMS); p = R.randint(100,4000000)
        L.append(f"[{p:>7}] {R.choice([0,1000]):>5} {p:>5} {R.randint(1000,9999999):>8} {R.randint(10,999999):>8} {R.randint(1,99999)*4096:>14} {0:>8} {R.choice([0,-1000,1000]):>13} {c}")
    L.append(f"[{vpid:>7}] {uid:>5} {vpid:>5} {tvm//4:>8} {anon//4:>8} {R.randint(1,99999)*4096:>14} {0:>8} {adj:>13} {victim}")
    if memcg:
        L.append(f"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg={memcg},task_memcg={memcg},task={victim},pid={vpid},uid={uid}")
        L.append(f"Memory cgroup out of memory: Killed process {vpid} ({victim}) total-vm:{tvm}kB, anon-rss:{anon}kB, file-rss:{filer}kB, shmem-rss:{shm}kB, UID:{uid} pgtables:{R.randint(100,99999)}kB oom_score_adj:{adj}")
    else:
        L.append(f"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-{uid}.slice/session-3.scope,task={victim},pid={vpid},uid={uid}")
        L.append(f"Out of memory: Killed process {vpid} ({victim}) total-vm:{tvm}kB, anon-rss:{anon}kB, file-rss:{filer}kB, shmem-rss:{shm}kB, UID:{uid} pgtables:{R.randint(100,99999)}kB oom_score_adj:{adj}")
    reap = R.random() < 0.7
    if reap:
        L.append(f"oom_reaper: reaped process {vpid} ({victim}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB")
    ev = {"kind": "memcg_oom_kill" if memcg else "oom_kill", "comm": victim, "pid": vpid, "trigger": trig, "memcg": memcg, "anon_rss_kb": anon}
    return L, ev, reap

MON = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"]
target = int(a.mb * 1024 * 1024)
hosts = [f"node{i:02d}" for i in range(a.hosts)]
ts = 100.0; wall = 0
written = 0; lines = 0
truth = {"events": 0, "by_kind": {}, "by_comm": {}, "reaped": 0, "lines": 0}
p_event = a.rate / 100000.0
with open(a.out, "w") as f:
    buf = []
    while written < target:
        host = R.choice(hosts)
        ts += R.random() * 0.5; wall = int(ts)
        day = 1 + (wall // 86400) % 28; hh = (wall // 3600) % 24; mm = (wall // 60) % 60; ss = wall % 60
        pre = f"Nov {day:>2} {hh:02d}:{mm:02d}:{ss:02d} {host} kernel: "
        if R.random() < p_event:
            kind = R.choice(["global","global","memcg_v2","memcg_v1","page_alloc_failure"])
            out = oom_block(kind)
            L, ev = out[0], out[1]
            for l in L:
                s = f"{pre}[{ts:12.6f}] {l}\n"; buf.append(s); written += len(s); lines += 1
            if len(out) > 2 and out[2]: truth["reaped"] += 1
            truth["events"] += 1
            truth["by_kind"][ev["kind"]] = truth["by_kind"].get(ev["kind"], 0) + 1
            truth["by_comm"][ev["comm"]] = truth["by_comm"].get(ev["comm"], 0) + 1
        else:
            s = f"{pre}[{ts:12.6f}] {noise()}\n"; buf.append(s); written += len(s); lines += 1
        if len(buf) > 10000:
            f.write("".join(buf)); buf = []
    f.write("".join(buf))
truth["lines"] = lines; truth["bytes"] = written
json.dump(truth, open(a.out + ".truth.json", "w"), indent=1)
print(json.dumps({k: truth[k] for k in ("events","by_kind","reaped","lines","bytes")}))
