#!/usr/bin/env python3
"""Agents made by `corral ocf new` on a real two-node cluster (issue 13): two network namespaces
joined by a veth pair (192.0.2.1 and 192.0.2.2, TEST-NET-1, which exists only between them), one
corosync 3 + Pacemaker 2.1 in each, each node with its own mount namespace (cluster state, /run,
/dev/shm bind-mounted from a temporary directory), all inside a private PID namespace.

Checks:
- both nodes join one membership and elect one DC;
- failover: a state-file resource leaves node1 when node1 is put in standby (its state file goes
  from node1's /run to node2's), and comes back to neither until asked;
- live migration: an agent made with --migrate (allow-migrate=true) moved with
  crm_resource --move runs migrate_to on the source node and migrate_from on the target node
  (pacemaker-execd's logs), not stop and start.
The test ends every process it started by PID (pacemakerd, then corosync, on each node).

Usage: pacemaker_two_nodes.py CORRAL        (as root; exit 77 = skipped when not root)
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pacemaker_cluster as one

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEM_PATH = one.SYSTEM_PATH
ADDRS = {"node1": "192.0.2.1", "node2": "192.0.2.2"}
check, fail, run, wait_for = one.check, one.fail, one.run, one.wait_for

COROSYNC_CONF = """totem {
    version: 2
    cluster_name: corraltwo
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    token: 1000
}
nodelist {
    node {
        ring0_addr: 192.0.2.1
        name: node1
        nodeid: 1
    }
    node {
        ring0_addr: 192.0.2.2
        name: node2
        nodeid: 2
    }
}
quorum {
    provider: corosync_votequorum
}
logging {
    to_logfile: yes
    logfile: %s
    to_stderr: no
    to_syslog: no
    timestamp: on
}
"""


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--node":
        return node_main(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 3 and sys.argv[1] == "--inner":
        return inner(sys.argv[2], sys.argv[3])
    corral = os.path.abspath(sys.argv[1])
    if os.geteuid() != 0:
        print("skipped: needs root (unshare, veth, corosync)")
        return 77
    for tool in ("corosync", "pacemakerd", "crm_resource", "corosync-keygen", "unshare",
                 "nsenter", "ip"):
        if shutil.which(tool, path=SYSTEM_PATH) is None:
            print(f"FAIL {tool} is not installed (scripts/install-deps installs it)")
            return 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="corral-two-nodes-") as work:
        os.chmod(work, 0o755)
        agents = os.path.join(work, "agents")
        os.mkdir(agents, 0o755)
        for name, flags in (("fo", []), ("mig", ["--migrate"])):
            r = run([corral, "ocf", "new", name, "--provider", "corraltest", "--out", agents]
                    + flags)
            if r.returncode != 0:
                print(f"FAIL ocf new {name}: {r.stderr}")
                return 1
        argv = ["unshare", "--mount", "--net", "--pid", "--fork", "--mount-proc",
                "--propagation", "private", "--kill-child=SIGKILL",
                sys.executable, os.path.abspath(__file__), "--inner", corral, work]
        p = subprocess.Popen(argv)
        try:
            rc = p.wait(timeout=200)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            print("FAIL the two-node test took more than 200 s", flush=True)
            rc = 1
        if rc != 0:
            for log in sorted(glob.glob(os.path.join(work, "node*", "logs", "*"))):
                print(f"--- last lines of {log}")
                with open(log, errors="replace") as f:
                    print("".join(f.readlines()[-30:]))
    print(f"pacemaker_two_nodes: {time.monotonic() - started:.1f} s, exit {rc}")
    return rc


# --- one node: its own mount and network namespaces ---------------------------------------------


def node_main(work, name):
    """Runs in `unshare -m -n`: prepares the node's directories, waits for its veth, starts
    corosync and pacemakerd (env -i), and stops them by PID on SIGTERM."""
    nd = os.path.join(work, name)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    uid = int(subprocess.run(["id", "-u", "hacluster"], capture_output=True, text=True).stdout)
    gid = int(subprocess.run(["id", "-g", "hacluster"], capture_output=True, text=True).stdout)
    root = os.path.join(nd, "root")
    for sub in ("cib", "pengine", "blackbox", "cores"):
        d = os.path.join(root, "var-lib-pacemaker", sub)
        os.makedirs(d)
        os.chown(d, uid, gid)
        os.chmod(d, 0o750)
    os.chown(os.path.join(root, "var-lib-pacemaker"), uid, gid)
    logs = os.path.join(nd, "logs")
    os.makedirs(logs)
    os.chmod(logs, 0o777)
    for d in ("var-log-pacemaker", "var-lib-corosync", "etc-corosync", "run/resource-agents",
              "shm", "resource.d/corraltest"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    os.chown(os.path.join(root, "var-log-pacemaker"), uid, gid)
    os.chmod(os.path.join(root, "shm"), 0o1777)
    for agent in ("fo", "mig"):
        shutil.copy(os.path.join(work, "agents", agent),
                    os.path.join(root, "resource.d", "corraltest", agent))
    for src, dst in (("var-lib-pacemaker", "/var/lib/pacemaker"),
                     ("var-log-pacemaker", "/var/log/pacemaker"),
                     ("var-lib-corosync", "/var/lib/corosync"), ("etc-corosync", "/etc/corosync"),
                     ("run", "/run"), ("shm", "/dev/shm"),
                     ("resource.d", "/usr/lib/ocf/resource.d")):
        if os.path.isdir(dst):
            subprocess.run(["mount", "--bind", os.path.join(root, src), dst], check=True)
    with open("/etc/corosync/corosync.conf", "w") as f:
        f.write(COROSYNC_CONF % os.path.join(logs, "corosync.log"))
    shutil.copy(os.path.join(work, "authkey"), "/etc/corosync/authkey")
    os.chmod("/etc/corosync/authkey", 0o400)
    cib = "/var/lib/pacemaker/cib/cib.xml"
    with open(cib, "w") as f:
        f.write(one.CIB)
    os.chown(cib, uid, gid)
    os.chmod(cib, 0o600)
    with open(os.path.join(nd, "ready"), "w") as f:
        f.write("prepared\n")
    # The controller moves our end of the veth pair into this namespace.
    if not wait_for(lambda: run(["ip", "link", "show", "veth0"]).returncode == 0, 30, 0.1):
        print(f"{name}: no veth0 appeared", flush=True)
        return 1
    subprocess.run(["ip", "addr", "add", ADDRS[name] + "/24", "dev", "veth0"], check=True)
    subprocess.run(["ip", "link", "set", "veth0", "up"], check=True)
    env = ["env", "-i", f"PATH={SYSTEM_PATH}", f"PCMK_logfile={os.path.join(logs, 'pacemaker.log')}"]
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    with open(os.path.join(logs, "corosync.out"), "w") as out:
        corosync = subprocess.Popen(env + ["corosync", "-f"], stdout=out, stderr=subprocess.STDOUT)
    wait_for(lambda: run(["corosync-cfgtool", "-s"], timeout=5).returncode == 0, 20)
    with open(os.path.join(logs, "pacemakerd.out"), "w") as out:
        pacemakerd = subprocess.Popen(env + ["pacemakerd", "-f"], stdout=out,
                                      stderr=subprocess.STDOUT)
    with open(os.path.join(nd, "ready"), "w") as f:
        f.write("started\n")
    while not stop["now"] and pacemakerd.poll() is None:
        time.sleep(0.2)
    for p, grace in ((pacemakerd, 60), (corosync, 20)):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                print(f"{name}: {p.args[-2]} ignored SIGTERM for {grace} s; killed", flush=True)
                p.kill()
                p.wait()
    return 0


# --- the controller: PID 1 of the PID namespace ------------------------------------------------


class Node:
    def __init__(self, work, name):
        self.name = name
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir)
        self.proc = subprocess.Popen(["unshare", "--mount", "--net", "--propagation", "private",
                                      sys.executable, os.path.abspath(__file__), "--node", work,
                                      name])

    def state(self):
        try:
            with open(os.path.join(self.dir, "ready")) as f:
                return f.read().strip()
        except OSError:
            return ""

    def run(self, argv, **kw):
        # The unshare process has exec'd python in the new namespaces: enter them by its PID.
        return run(["nsenter", "-t", str(self.proc.pid), "-m", "-n", "--"] + argv, **kw)

    def executed(self, rid):
        actions = []
        try:
            with open(os.path.join(self.dir, "logs", "pacemaker.log"), errors="replace") as f:
                for line in f:
                    at = line.find(f"executing - rsc:{rid} action:")
                    if at >= 0:
                        actions.append(line[at:].split("action:")[1].split()[0])
        except OSError:
            pass
        return actions

    def run_dir(self):
        return os.path.join(self.dir, "root", "run", "resource-agents")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                fail(f"{self.name}: did not stop within 90 s; killed")
                self.proc.kill()
                self.proc.wait()


def located(node, rid):
    """The node names crm_resource --locate reports for the resource."""
    r = node.run(["crm_resource", "--locate", "-r", rid, "-Q"], timeout=15)
    return sorted(r.stdout.split()) if r.returncode == 0 else None


def one_node(node, rid):
    """The resource's location when it runs on exactly one node, else None."""
    where = located(node, rid)
    return where if where in (["node1"], ["node2"]) else None


def inner(corral, work):
    subprocess.run(["corosync-keygen", "-l", "-k", os.path.join(work, "authkey")], check=True,
                   capture_output=True)
    nodes = [Node(work, "node1"), Node(work, "node2")]
    try:
        if not wait_for(lambda: all(n.state() == "prepared" for n in nodes), 30, 0.1):
            fail("the nodes did not prepare their namespaces")
            return 1
        subprocess.run(["ip", "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b"],
                       check=True)
        for n, end in zip(nodes, ("veth-a", "veth-b")):
            subprocess.run(["ip", "link", "set", end, "netns", str(n.proc.pid), "name", "veth0"],
                           check=True)
        if not wait_for(lambda: all(n.state() == "started" for n in nodes), 30, 0.1):
            fail("the nodes did not start corosync and pacemakerd")
            return 1
        n1, n2 = nodes
        t0 = time.monotonic()

        def both_online():
            out = n1.run(["crm_mon", "-1"], timeout=10).stdout
            return "Online: [ node1 node2 ]" in out and "Current DC: node" in out
        check(wait_for(both_online, 60, 0.5),
              f"two nodes over a veth pair join one cluster ({time.monotonic() - t0:.1f} s)",
              n1.run(["crm_mon", "-1"]).stdout)
        # Failover on standby.
        n1.run(["cibadmin", "--create", "-o", "resources", "--xml-text",
                one.primitive("fo", "fo", monitor="3s")], check_rc=True)
        on = wait_for(lambda: one_node(n1, "fo"), 30)
        first = on[0] if on else None
        check(first is not None, f"fo: started on {first}")
        if first is not None:
            src = n1 if first == "node1" else n2
            dst = n2 if src is n1 else n1
            state = lambda n: glob.glob(os.path.join(n.run_dir(), "fo-*.state"))
            check(bool(state(src)) and not state(dst), f"fo: its state file is on {src.name} only")
            n1.run(["crm_attribute", "--node", src.name, "--name", "standby", "--update", "on"],
                   check_rc=True)
            moved = wait_for(lambda: located(n1, "fo") == [dst.name] and state(dst)
                             and not state(src), 30)
            check(moved, f"fo: {src.name} in standby: it fails over to {dst.name} (stop there, "
                  "start here)", f"located {located(n1, 'fo')}")
            check(src.executed("fo")[-1:] == ["stop"] and "start" in dst.executed("fo"),
                  "fo: pacemaker-execd ran stop on the standby node, start on the other",
                  f"{src.executed('fo')} / {dst.executed('fo')}")
            n1.run(["crm_attribute", "--node", src.name, "--name", "standby", "--update", "off"],
                   check_rc=True)
        # Live migration of an agent made with --migrate.
        n1.run(["cibadmin", "--create", "-o", "resources", "--xml-text",
                one.primitive("mig", "mig", monitor="3s", meta={"allow-migrate": "true"})],
               check_rc=True)
        on = wait_for(lambda: one_node(n1, "mig"), 30)
        if check(on is not None, f"mig: started on {on[0] if on else None}"):
            src = n1 if on == ["node1"] else n2
            dst = n2 if src is n1 else n1
            before_src, before_dst = len(src.executed("mig")), len(dst.executed("mig"))
            n1.run(["crm_resource", "--move", "-r", "mig", "-N", dst.name], check_rc=True)
            moved = wait_for(lambda: located(n1, "mig") == [dst.name]
                             and "migrate_from" in dst.executed("mig")[before_dst:], 30)
            src_ops = [a for a in src.executed("mig")[before_src:] if a != "monitor"]
            dst_ops = [a for a in dst.executed("mig")[before_dst:] if a != "monitor"]
            check(moved and src_ops[:1] == ["migrate_to"] and dst_ops[:1] == ["migrate_from"]
                  and "start" not in dst_ops,
                  f"mig: --move live-migrates it (migrate_to on {src.name}, migrate_from on "
                  f"{dst.name}, no start)", f"{src.name}: {src_ops}, {dst.name}: {dst_ops}")
            n1.run(["crm_resource", "--clear", "-r", "mig"])
        for rid in ("fo", "mig"):
            n1.run(["crm_resource", "-r", rid, "--meta", "-p", "target-role", "-v", "Stopped"])
        check(wait_for(lambda: located(n1, "fo") == [] and located(n1, "mig") == [], 30),
              "both resources stop")
    except Exception as e:
        fail(f"two-node test: {type(e).__name__}: {e}")
    finally:
        for n in reversed(nodes):
            n.stop()
    left = []
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == os.getpid():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
            with open(f"/proc/{p}/cmdline", "rb") as f:
                left.append(f"{p}: " + f.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
    check(not left, "no process is left once both nodes have stopped", "; ".join(left))
    print(f"{len(one.passed)} passed, {len(one.failures)} failed", flush=True)
    return 1 if one.failures else 0


if __name__ == "__main__":
    # The cluster tools live in /usr/sbin, which a non-login PATH may lack.
    os.environ["PATH"] = os.environ.get("PATH", "") + ":" + SYSTEM_PATH
    sys.exit(main())
