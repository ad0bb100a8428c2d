#!/usr/bin/env python3
"""Agents made by `corral ocf new` under a real cluster (issue 13): corosync 3 + Pacemaker 2.1 from
Debian on one node, inside private mount, network and PID namespaces (`unshare -m -n -p`), so the
host's cluster directories, network and processes are untouched.

The cluster: corosync.conf with the knet transport and one node on 127.0.0.1 (expected_votes 1),
an authkey from `corosync-keygen -l`, `corosync -f` and `pacemakerd -f` started with a clean
environment (`env -i`, agents inherit pacemakerd's), and a starting CIB with
stonith-enabled=false, no-quorum-policy=ignore and dc-deadtime=2s (else the first DC election
takes about 22 s). /var/lib/pacemaker, /var/log/pacemaker, /var/lib/corosync, /etc/corosync, /run,
/dev/shm and /usr/lib/ocf/resource.d are bind-mounted from a temporary directory (mode 0755: the
controller reads meta-data as user hacluster, and an agent it cannot reach turns reloads into
restarts).

Checks, each against what Pacemaker records (CIB status, crm_mon, crm_failcount):
- `corral ocf install` puts the agents where `crm_resource --list-agents ocf:corraltest` finds them;
- web (daemon, python3 -m http.server on a reloadable port, a non-reloadable parameter in its
  environment, a deep health check): starts and really serves; kill -9 of the daemon is detected
  by the recurring monitor and recovered (fail-count 1, a new pid that serves); a change of the
  reloadable port is done by reload-agent (no stop) and the daemon then serves on the new port; a
  change of the non-reloadable parameter is a stop + start; `crm_resource --validate` accepts the
  configuration and refuses a bad port; stop ends the daemon; cleanup clears the fail-count;
- state (state-file agent): start creates the state file, stop removes it;
- promo (promotable clone with notify): promoted (monitor 8, promoted mark), notifications reach
  the agent, demoted by target-role=Unpromoted;
- unit (systemd mode): there is no systemd as PID 1 here, so a stand-in `systemctl` on PATH
  (tests/integration/ocf/fake-systemctl) keeps the documented exit statuses of systemctl(1)
  (is-active: 0 active, 3 otherwise; start/stop of a unit that is not loaded: 5) and runs the unit's
  command as a real process. It proves the agent's side with Pacemaker (start, kill -9 detected,
  stop), and that a unit that does not exist is "not running" (monitor 7) and stops with 0 — not
  systemd itself;
- ocf:heartbeat:Dummy from Debian as the control.
The test ends every process it started by PID (pacemakerd, then corosync), then checks that none
of the resources' daemons is left; the PID namespace is the safety net.

Usage: pacemaker_cluster.py CORRAL        (as root; exit 77 = skipped when not root)
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
WEB_PORT = 42420
failures = []
passed = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg, flush=True)


def ok(msg):
    passed.append(msg)
    print("ok", msg, flush=True)


def check(cond, msg, detail=""):
    if cond:
        ok(msg)
    else:
        fail(msg + (": " + detail if detail else ""))
    return cond


def run(argv, timeout=60, check_rc=False, env=None, **kw):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, **kw)
    except subprocess.TimeoutExpired:
        r = subprocess.CompletedProcess(argv, -999, "", "timed out")
    if check_rc and r.returncode != 0:
        fail(f"{' '.join(argv)}: exit {r.returncode}: {r.stderr.strip()}")
    return r


def wait_for(cond, timeout, step=0.25):
    end = time.monotonic() + timeout
    while True:
        value = cond()
        if value or time.monotonic() >= end:
            return value
        time.sleep(step)


# --- outside the namespaces --------------------------------------------------------------------


def generate_agents(corral, agents):
    health = ("python3 -c 'import os, urllib.request as u; "
              "u.urlopen(\"http://127.0.0.1:%s/\" % os.environ[\"OCF_RESKEY_port\"], timeout=2)'")
    table = {
        "web": ["--exec", "python3 -m http.server --bind 127.0.0.1 $OCF_RESKEY_port",
                "--param", f"port:integer={WEB_PORT},reloadable", "--param", "banner=hello",
                "--reload", "--health-cmd", health, "--timeout", "start=20"],
        "state": [],
        "promo": ["--promotable", "--notify"],
        "unit": ["--systemd", "corral-demo.service"],
        "nounit": ["--systemd", "corral-missing.service"],
    }
    for name, flags in table.items():
        r = run([corral, "ocf", "new", name, "--provider", "corraltest", "--out", agents] + flags)
        if r.returncode != 0:
            fail(f"ocf new {name}: exit {r.returncode}: {r.stderr}")
    return list(table)


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--inner":
        return inner(sys.argv[2], sys.argv[3])
    corral = os.path.abspath(sys.argv[1])
    if os.geteuid() != 0:
        print("skipped: needs root (unshare, bind mounts, corosync)")
        return 77
    for tool in ("corosync", "pacemakerd", "cibadmin", "crm_resource", "corosync-keygen",
                 "unshare", "ip"):
        if shutil.which(tool, path=SYSTEM_PATH) is None:
            print(f"FAIL {tool} is not installed (scripts/install-deps installs it)")
            return 1
    started = time.monotonic()
    keep = os.environ.get("CORRAL_TEST_KEEP") == "1"  # keep the logs and state for debugging
    with tempfile.TemporaryDirectory(prefix="corral-cluster-") as work:
        if keep:
            work = tempfile.mkdtemp(prefix="corral-cluster-kept-")
            print(f"keeping {work}")
        os.chmod(work, 0o755)  # hacluster must reach the agents (meta-data for reloads)
        agents = os.path.join(work, "agents")
        os.mkdir(agents, 0o755)
        names = generate_agents(corral, agents)
        # The inner part runs as PID 1 of new mount, network and PID namespaces; if we die,
        # --kill-child ends it, and with it every process in its PID namespace.
        argv = ["unshare", "--mount", "--net", "--pid", "--fork", "--mount-proc",
                "--propagation", "private", "--kill-child=SIGKILL",
                sys.executable, os.path.abspath(__file__), "--inner", corral, work]
        env = dict(os.environ, CORRAL_TEST_AGENTS=" ".join(names))
        p = subprocess.Popen(argv, env=env)
        try:
            rc = p.wait(timeout=270)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            print("FAIL the cluster test took more than 270 s", flush=True)
            rc = 1
        logs = os.path.join(work, "logs")
        if rc != 0 and os.path.isdir(logs):
            for log in sorted(os.listdir(logs)):
                path = os.path.join(logs, log)
                print(f"--- last lines of {log}")
                with open(path, errors="replace") as f:
                    print("".join(f.readlines()[-40:]))
    print(f"pacemaker_cluster: {time.monotonic() - started:.1f} s, exit {rc}")
    return rc


# --- inside the namespaces (PID 1) -------------------------------------------------------------

COROSYNC_CONF = """totem {
    version: 2
    cluster_name: corraltest
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    token: 1000
}
nodelist {
    node {
        ring0_addr: 127.0.0.1
        name: node1
        nodeid: 1
    }
}
quorum {
    provider: corosync_votequorum
    expected_votes: 1
}
logging {
    to_logfile: yes
    logfile: %s
    to_stderr: no
    to_syslog: no
    timestamp: on
}
"""

CIB = """<cib validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith-enabled" name="stonith-enabled" value="false"/>
        <nvpair id="opt-no-quorum-policy" name="no-quorum-policy" value="ignore"/>
        <nvpair id="opt-dc-deadtime" name="dc-deadtime" value="2s"/>
        <nvpair id="opt-recheck" name="cluster-recheck-interval" value="1min"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources/>
    <constraints/>
    <rsc_defaults>
      <meta_attributes id="rsc-defaults">
        <nvpair id="rsc-defaults-stickiness" name="resource-stickiness" value="1"/>
      </meta_attributes>
    </rsc_defaults>
  </configuration>
  <status/>
</cib>
"""


def bind(src, dst):
    os.makedirs(src, exist_ok=True)
    if not os.path.isdir(dst):
        return False
    subprocess.run(["mount", "--bind", src, dst], check=True)
    return True


def setup_namespace(work):
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    root = os.path.join(work, "root")
    hacluster = subprocess.run(["id", "-u", "hacluster"], capture_output=True, text=True)
    haclient = subprocess.run(["id", "-g", "hacluster"], capture_output=True, text=True)
    uid, gid = int(hacluster.stdout), int(haclient.stdout)
    # Pacemaker's state directories, owned as the package makes them.
    for sub in ("cib", "pengine", "blackbox", "cores"):
        d = os.path.join(root, "var-lib-pacemaker", sub)
        os.makedirs(d)
        os.chown(d, uid, gid)
        os.chmod(d, 0o750)
    os.chown(os.path.join(root, "var-lib-pacemaker"), uid, gid)
    logs = os.path.join(work, "logs")
    os.makedirs(logs)
    os.chmod(logs, 0o777)
    os.makedirs(os.path.join(root, "var-log-pacemaker"))
    os.chown(os.path.join(root, "var-log-pacemaker"), uid, gid)
    os.makedirs(os.path.join(root, "shm"))
    os.chmod(os.path.join(root, "shm"), 0o1777)
    os.makedirs(os.path.join(root, "run", "resource-agents"))
    # resource.d: Debian's heartbeat and pacemaker agents (the control) plus what we install.
    rd = os.path.join(root, "resource.d")
    os.makedirs(rd)
    for provider in ("heartbeat", "pacemaker"):
        shutil.copytree(os.path.join("/usr/lib/ocf/resource.d", provider),
                        os.path.join(rd, provider), symlinks=True)
    for d in ("run", "shm", "resource.d", "etc-corosync", "var-lib-corosync"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
        os.chmod(os.path.join(root, d), 0o755 if d != "shm" else 0o1777)
    bind(os.path.join(root, "var-lib-pacemaker"), "/var/lib/pacemaker")
    bind(os.path.join(root, "var-log-pacemaker"), "/var/log/pacemaker")
    bind(os.path.join(root, "var-lib-corosync"), "/var/lib/corosync")
    bind(os.path.join(root, "etc-corosync"), "/etc/corosync")
    bind(os.path.join(root, "run"), "/run")  # /run/resource-agents, /run/crm, sockets
    bind(os.path.join(root, "shm"), "/dev/shm")  # libqb's IPC ring buffers
    bind(rd, "/usr/lib/ocf/resource.d")
    # The stand-in systemctl and its one unit.
    fakebin = os.path.join(root, "fakebin")
    os.makedirs(fakebin)
    shutil.copy(os.path.join(HERE, "fake-systemctl"), os.path.join(fakebin, "systemctl"))
    os.chmod(os.path.join(fakebin, "systemctl"), 0o755)
    units = os.path.join(root, "units")
    os.makedirs(units)
    with open(os.path.join(units, "corral-demo.service"), "w") as f:
        f.write("sleep 43210\n")
    with open("/etc/corosync/corosync.conf", "w") as f:
        f.write(COROSYNC_CONF % os.path.join(logs, "corosync.log"))
    subprocess.run(["corosync-keygen", "-l", "-k", "/etc/corosync/authkey"], check=True,
                   capture_output=True)
    cib = "/var/lib/pacemaker/cib/cib.xml"
    with open(cib, "w") as f:
        f.write(CIB)
    os.chown(cib, uid, gid)
    os.chmod(cib, 0o600)
    return fakebin, units, logs


class Cluster:
    def __init__(self, work):
        self.fakebin, self.units, self.logs = setup_namespace(work)
        self.env = {"PATH": f"{self.fakebin}:{SYSTEM_PATH}",
                    "FAKE_SYSTEMCTL_UNITS": self.units,
                    "PCMK_logfile": os.path.join(self.logs, "pacemaker.log")}
        self.procs = []

    def start(self):
        corosync_out = open(os.path.join(self.logs, "corosync.out"), "w")
        self.corosync = subprocess.Popen(["env", "-i"] + [f"{k}={v}" for k, v in self.env.items()]
                                         + ["corosync", "-f"], stdout=corosync_out,
                                         stderr=subprocess.STDOUT)
        self.procs.append(self.corosync)
        up = wait_for(lambda: run(["corosync-cfgtool", "-s"], timeout=5).returncode == 0, 20)
        if not check(up, "corosync 3 (knet, 127.0.0.1) runs"):
            return False
        pcmk_out = open(os.path.join(self.logs, "pacemakerd.out"), "w")
        self.pacemakerd = subprocess.Popen(["env", "-i"] + [f"{k}={v}" for k, v in self.env.items()]
                                           + ["pacemakerd", "-f"], stdout=pcmk_out,
                                           stderr=subprocess.STDOUT)
        self.procs.append(self.pacemakerd)
        t0 = time.monotonic()
        dc = wait_for(lambda: "Current DC: node1" in run(["crm_mon", "-1"], timeout=10).stdout, 60,
                      0.5)
        return check(dc, f"pacemaker elects node1 as DC ({time.monotonic() - t0:.1f} s)")

    def stop(self):
        # By PID: pacemakerd first (it stops the resources and its daemons), then corosync.
        for p, grace in ((getattr(self, "pacemakerd", None), 60), (getattr(self, "corosync", None), 20)):
            if p is None or p.poll() is not None:
                continue
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                fail(f"{p.args[-2]} ignored SIGTERM for {grace} s; killed")
                p.kill()
                p.wait()

    def status(self):
        r = run(["crm_mon", "-1", "--output-as=xml"], timeout=15)
        try:
            return ET.fromstring(r.stdout)
        except ET.ParseError:
            return None

    def resource(self, rid):
        """(role, active, failed) of a primitive or clone instance in crm_mon."""
        st = self.status()
        if st is None:
            return None
        for res in st.iter("resource"):
            if res.get("id") == rid:
                return res.get("role"), res.get("active") == "true", res.get("failed") == "true"
        return None

    def last_op(self, rid):
        """(operation, call-id, rc) of the resource's lrm_rsc_op *_last_0 in the CIB status."""
        r = run(["cibadmin", "-Q", "-o", "status"], timeout=15)
        try:
            root = ET.fromstring(r.stdout)
        except ET.ParseError:
            return None
        for rsc in root.iter("lrm_resource"):
            if rsc.get("id") != rid:
                continue
            for op in rsc.iter("lrm_rsc_op"):
                if op.get("id") == f"{rid}_last_0":
                    return op.get("operation"), int(op.get("call-id")), op.get("rc-code")
        return None

    def executed(self, rid):
        """The actions pacemaker-execd ran for the resource, in order, from pacemaker.log (the CIB
        records a successful reload-agent as the resource's start, so only the log tells)."""
        actions = []
        try:
            with open(os.path.join(self.logs, "pacemaker.log"), errors="replace") as f:
                for line in f:
                    at = line.find(f"executing - rsc:{rid} action:")
                    if at >= 0:
                        actions.append(line[at:].split("action:")[1].split()[0])
        except OSError:
            pass
        return actions

    def settled(self, rid):
        """The resource's last operation has completed with success (not pending)."""
        last = self.last_op(rid)
        return last is not None and last[1] >= 0 and last[2] == "0"

    def failcount(self, rid):
        r = run(["crm_failcount", "--query", "-r", rid, "-N", "node1"], timeout=15)
        for word in r.stdout.split():
            if word.startswith("value="):
                v = word[len("value="):]
                return 0 if v in ("(null)", "") else int(v) if v.isdigit() else v
        return None


def primitive(rid, agent, params=None, monitor="2s", provider="corraltest", meta=None):
    params = params or {}
    inst = "".join(f'<nvpair id="{rid}-ia-{k}" name="{k}" value="{v}"/>' for k, v in params.items())
    metas = "".join(f'<nvpair id="{rid}-ma-{k}" name="{k}" value="{v}"/>'
                    for k, v in (meta or {}).items())
    return (f'<primitive id="{rid}" class="ocf" provider="{provider}" type="{agent}">'
            f'<instance_attributes id="{rid}-ia">{inst}</instance_attributes>'
            f'<meta_attributes id="{rid}-ma">{metas}</meta_attributes>'
            f'<operations><op id="{rid}-monitor" name="monitor" interval="{monitor}" timeout="20s"/>'
            f'</operations></primitive>')


def create(xml):
    return run(["cibadmin", "--create", "-o", "resources", "--xml-text", xml], check_rc=True)


def serves(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def environ_of(pid):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return dict(e.split(b"=", 1) for e in f.read().split(b"\0") if b"=" in e)
    except OSError:
        return {}


def test_web(c):
    create(primitive("web", "web", {"banner": "hello"}))
    pidfile = "/run/resource-agents/web-web.pid"
    up = wait_for(lambda: serves(WEB_PORT) and c.resource("web") == ("Started", True, False), 30)
    check(up, "web: started by Pacemaker, the daemon serves on its port", str(c.resource("web")))
    pid = read_pid(pidfile)
    check(pid is not None and environ_of(pid).get(b"OCF_RESKEY_banner") == b"hello",
          "web: the daemon has its parameters in its environment")
    # kill -9: the recurring monitor (2 s) fails, Pacemaker recovers (fail-count 1).
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
    t0 = time.monotonic()
    recovered = wait_for(lambda: c.failcount("web") == 1 and read_pid(pidfile) not in (None, pid)
                         and serves(WEB_PORT) and c.settled("web"), 30)
    check(recovered, f"web: kill -9 detected and recovered ({time.monotonic() - t0:.1f} s, "
          "fail-count 1, a new daemon serves)", f"fail-count {c.failcount('web')}")
    # A reloadable parameter: reload-agent applies it, no stop/start by Pacemaker.
    done = len(c.executed("web"))
    old_pid = read_pid(pidfile)
    run(["crm_resource", "-r", "web", "-p", "port", "-v", str(WEB_PORT + 1)], check_rc=True)
    reloaded = wait_for(lambda: "reload-agent" in c.executed("web")[done:]
                        and c.settled("web") and serves(WEB_PORT + 1), 30)
    since = [a for a in c.executed("web")[done:] if a != "monitor"]
    check(reloaded and since == ["reload-agent"], "web: a reloadable parameter change is a "
          "reload-agent (no stop/start by Pacemaker) and the daemon then serves on the new port",
          f"actions since the change: {since}, new port serves: {serves(WEB_PORT + 1)}")
    check(not serves(WEB_PORT), "web: after the reload nothing serves on the old port")
    new_pid = read_pid(pidfile)
    check(new_pid not in (None, old_pid) and pid_alive(new_pid),
          "web: reload-agent restarted the daemon (its command line uses the port)")
    monitors = c.executed("web").count("monitor")
    # Two more recurring monitors (2 s) with the new port; Pacemaker cleared the fail-count
    # because the parameters changed.
    wait_for(lambda: c.executed("web").count("monitor") >= monitors + 2, 10)
    check(c.resource("web") == ("Started", True, False) and c.failcount("web") == 0,
          "web: the monitors after the reload pass",
          f"{c.resource('web')}, fail-count {c.failcount('web')}")
    # A parameter that is not reloadable: stop + start.
    done = len(c.executed("web"))
    run(["crm_resource", "-r", "web", "-p", "banner", "-v", "bonjour"], check_rc=True)

    def restarted():
        p = read_pid(pidfile)
        return ("start" in c.executed("web")[done:] and c.settled("web") and p is not None
                and environ_of(p).get(b"OCF_RESKEY_banner") == b"bonjour" and serves(WEB_PORT + 1))
    ok_restart = wait_for(restarted, 30)
    since = [a for a in c.executed("web")[done:] if a != "monitor"]
    check(ok_restart and since == ["stop", "start"], "web: a non-reloadable parameter change is a "
          "restart (stop, start) and the new daemon has the new value", f"actions: {since}")
    # crm_resource --validate runs the agent's validate-all with the configuration.
    r = run(["crm_resource", "--validate", "-r", "web"])
    check(r.returncode == 0, "web: crm_resource --validate accepts the configuration",
          f"exit {r.returncode}: {r.stdout} {r.stderr}")
    r = run(["crm_resource", "--validate", "--class", "ocf", "--provider", "corraltest",
             "--agent", "web", "--option", "port=http"])
    check(r.returncode != 0, "web: crm_resource --validate refuses port=http",
          f"exit {r.returncode}: {r.stdout}")


def test_state(c):
    create(primitive("state", "state"))
    path = "/run/resource-agents/state-state.state"
    check(wait_for(lambda: c.resource("state") == ("Started", True, False) and os.path.exists(path),
                   20), "state: started; its state file exists", str(c.resource("state")))


def test_promo(c):
    clone = ('<clone id="promo-clone">'
             '<meta_attributes id="promo-clone-ma">'
             '<nvpair id="promo-clone-promotable" name="promotable" value="true"/>'
             '<nvpair id="promo-clone-notify" name="notify" value="true"/>'
             '<nvpair id="promo-clone-max" name="clone-max" value="1"/>'
             '<nvpair id="promo-clone-pmax" name="promoted-max" value="1"/>'
             '</meta_attributes>'
             '<primitive id="promo" class="ocf" provider="corraltest" type="promo">'
             '<operations>'
             '<op id="promo-mon-p" name="monitor" interval="3s" role="Promoted" timeout="20s"/>'
             '<op id="promo-mon-u" name="monitor" interval="4s" role="Unpromoted" timeout="20s"/>'
             '</operations></primitive></clone>')
    create(clone)
    def marks():
        return glob.glob("/run/resource-agents/promo-*.promoted")
    promoted = wait_for(lambda: (c.resource("promo") or ("",))[0] in ("Promoted", "Master")
                        and marks(), 40)
    check(promoted, "promo: started and promoted (the agent's promotion score)",
          f"{c.resource('promo')}, marks {marks()}, {os.listdir('/run/resource-agents')}")
    log = os.path.join(c.logs, "pacemaker.log")

    def notified():
        try:
            with open(log, errors="replace") as f:
                text = f.read()
        except OSError:
            return False
        return "notify pre-promote" in text and "notify post-promote" in text
    check(wait_for(notified, 10), "promo: the agent is notified before and after the promotion")
    run(["crm_resource", "-r", "promo-clone", "--meta", "-p", "target-role", "-v", "Unpromoted"],
        check_rc=True)
    demoted = wait_for(lambda: (c.resource("promo") or ("",))[0] in ("Unpromoted", "Slave")
                       and not marks(), 30)
    check(demoted, "promo: target-role=Unpromoted demotes it (mark removed, still running)",
          str(c.resource("promo")))


def test_systemd(c):
    create(primitive("unit", "unit"))

    def unit_pid():
        return read_pid("/run/fake-systemd/corral-demo.service.pid")
    check(wait_for(lambda: c.resource("unit") == ("Started", True, False) and unit_pid(), 20),
          "unit (systemd mode): started through systemctl start", str(c.resource("unit")))
    pid = unit_pid()
    if pid:
        os.kill(pid, signal.SIGKILL)
    check(wait_for(lambda: c.failcount("unit") == 1 and unit_pid() not in (None, pid)
                   and pid_alive(unit_pid()), 30),
          "unit (systemd mode): the unit's process killed -9 is detected and recovered",
          f"fail-count {c.failcount('unit')}")
    # A unit that does not exist: probes find it not running, a stop succeeds (no fencing).
    create(primitive("nounit", "nounit", meta={"target-role": "Stopped"}))
    agent_env = dict(os.environ, PATH=c.env["PATH"], FAKE_SYSTEMCTL_UNITS=c.units)
    r = run(["crm_resource", "-r", "nounit", "--force-check"], env=agent_env)
    check(r.returncode == 7, "nounit (systemd mode): monitor of a unit that does not exist is 7",
          f"exit {r.returncode}: {r.stdout} {r.stderr}")
    r = run(["crm_resource", "-r", "nounit", "--force-stop"], env=agent_env)
    check(r.returncode == 0, "nounit (systemd mode): stop of a unit that does not exist is 0",
          f"exit {r.returncode}: {r.stdout} {r.stderr}")
    check(c.resource("nounit") is not None and c.resource("nounit")[2] is False,
          "nounit: its probe is no failure in the cluster", str(c.resource("nounit")))


def inner(corral, work):
    cluster = None
    try:
        cluster = Cluster(work)
        names = os.environ.get("CORRAL_TEST_AGENTS", "").split()
        agents = os.path.join(work, "agents")
        for name in names:
            r = run([corral, "ocf", "install", os.path.join(agents, name), "--provider",
                     "corraltest"], env=dict(os.environ, OCF_ROOT="/usr/lib/ocf"))
            check(r.returncode == 0, f"ocf install {name} into the cluster's resource.d",
                  r.stderr)
        if not cluster.start():
            return 1
        listed = run(["crm_resource", "--list-agents", "ocf:corraltest"]).stdout.split()
        check(sorted(listed) == sorted(names), "crm_resource --list-agents ocf:corraltest lists "
              "the installed agents", f"{listed}")
        meta = run(["crm_resource", "--show-metadata", "ocf:corraltest:web"])
        check(meta.returncode == 0 and 'reloadable="1"' in meta.stdout,
              "crm_resource --show-metadata reads web's meta-data (port reloadable)")
        create(primitive("control", "Dummy", provider="heartbeat", monitor="5s"))
        check(wait_for(lambda: cluster.resource("control") == ("Started", True, False), 20),
              "control: ocf:heartbeat:Dummy starts", str(cluster.resource("control")))
        for test in (test_web, test_state, test_promo, test_systemd):
            t0 = time.monotonic()
            try:
                test(cluster)
            except Exception as e:  # one broken step must not hide the others' results
                fail(f"{test.__name__}: {type(e).__name__}: {e}")
            print(f"   {test.__name__}: {time.monotonic() - t0:.1f} s", flush=True)
        # Stop everything through the cluster, then check what is left.
        for rid in ("web", "state", "unit", "control"):
            run(["crm_resource", "-r", rid, "--meta", "-p", "target-role", "-v", "Stopped"])
        run(["crm_resource", "-r", "promo-clone", "--meta", "-p", "target-role", "-v", "Stopped"])

        def all_stopped():
            return all(cluster.resource(r) in (None, ("Stopped", False, False))
                       for r in ("web", "state", "unit", "control", "promo"))
        check(wait_for(all_stopped, 40), "every resource stops (target-role=Stopped)")
        check(not serves(WEB_PORT + 1), "web: stop ended the daemon")
        check(not os.path.exists("/run/resource-agents/state-state.state"),
              "state: stop removed the state file")
        check(read_pid("/run/fake-systemd/corral-demo.service.pid") is None,
              "unit: stop stopped the unit")
        run(["crm_resource", "--cleanup", "-r", "web"], check_rc=True)
        run(["crm_resource", "--cleanup", "-r", "unit"], check_rc=True)
        check(wait_for(lambda: cluster.failcount("web") == 0 and cluster.failcount("unit") == 0,
                       15), "crm_resource --cleanup clears the fail-counts",
              f"web {cluster.failcount('web')}, unit {cluster.failcount('unit')}")
    except Exception as e:
        fail(f"cluster test: {type(e).__name__}: {e}")
    finally:
        if cluster is not None:
            cluster.stop()
    left = [p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]
    leftovers = []
    for p in left:
        try:
            with open(f"/proc/{p}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue  # dead, waiting for PID 1 (us) to reap it
            with open(f"/proc/{p}/cmdline", "rb") as f:
                leftovers.append(f"{p}: " + f.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
    check(not leftovers, "no process is left once pacemakerd and corosync have stopped",
          "; ".join(leftovers))
    print(f"{len(passed)} passed, {len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    # The cluster tools live in /usr/sbin, which a non-login PATH may lack.
    os.environ["PATH"] = os.environ.get("PATH", "") + ":" + SYSTEM_PATH
    sys.exit(main())
