#!/usr/bin/env python3
"""What corral leaves behind when an agent misbehaves or the user interrupts it (issue 15):
- Ctrl-C (a real SIGINT, then a SIGTERM) during `corral ocf test` while the agent's start runs:
  corral runs the agent's stop, kills the agent's process group, removes its corral-ocf-test-*
  directory and exits 130; no process of the agent survives.
- A child forked in the background by an agent's `meta-data` does not survive `corral ocf lint`,
  `corral ocf meta` or `corral ocf test` (the action's process group is killed once it exits).

Usage: process_hygiene.py CORRAL
"""
import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg, flush=True)


def processes_with(marker):
    """PIDs whose command line contains `marker` (a unique number in the test's sleep)."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmd and "process_hygiene" not in cmd:
            found.append((int(d), cmd.strip()))
    return found


def wait_for(cond, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def kill_leftovers(marker):
    for pid, _ in processes_with(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def interrupt_case(corral, work, sig, marker):
    name = f"slowstart{marker}"
    # A daemon that never becomes healthy: start keeps polling (3/4 of its 20 s timeout).
    r = subprocess.run([corral, "ocf", "new", name, "--provider", "corraltest", "--out", work,
                        "--exec", f"sleep {marker}", "--health-cmd", "false",
                        "--timeout", "start=20"], capture_output=True, timeout=30)
    if r.returncode != 0:
        fail(f"{name}: ocf new: {r.stderr.decode()}")
        return
    agent = os.path.join(work, name)
    # A private TMPDIR: other tests running in parallel make corral-ocf-test-* directories too.
    tmpdir = os.path.join(work, f"tmp-{sig.name}")
    os.mkdir(tmpdir, 0o755)
    pattern = os.path.join(tmpdir, "corral-ocf-test-*")
    env = dict(os.environ, OCF_ROOT="/usr/lib/ocf", TMPDIR=tmpdir)
    p = subprocess.Popen([corral, "ocf", "test", agent], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    try:
        if not wait_for(lambda: processes_with(f"sleep {marker}"), 20):
            fail(f"{name}: the daemon never started")
            p.kill()
            p.communicate()
            return
        started = time.monotonic()
        p.send_signal(sig)
        out, err = p.communicate(timeout=30)
        took = time.monotonic() - started
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        fail(f"{name}: corral did not exit within 30 s of {sig.name}")
        kill_leftovers(marker)
        return
    err = err.decode()
    if p.returncode != 130:
        fail(f"{name}: {sig.name}: exit {p.returncode}, expected 130; stderr: {err}")
    if f"interrupted by {sig.name}" not in err or "ran the agent's stop" not in err:
        fail(f"{name}: {sig.name}: stderr does not say what was cleaned up: {err!r}")
    if took > 10:
        fail(f"{name}: {sig.name}: exit took {took:.1f} s")
    left = processes_with(f"sleep {marker}") + processes_with(agent)
    if left:
        fail(f"{name}: {sig.name}: processes survived: {left}")
        kill_leftovers(marker)
    if glob.glob(pattern):
        fail(f"{name}: {sig.name}: temporary directories left: {glob.glob(pattern)}")
    print(f"ok {name}: {sig.name} -> exit {p.returncode} in {took:.2f} s: {err.strip()}",
          flush=True)


def forking_metadata_case(corral, work, marker):
    agent = os.path.join(work, "forker")
    with open(agent, "w") as f:
        f.write(f"""#!/bin/sh
# meta-data leaves a background child behind, its output detached from our pipes
if [ "$1" = meta-data ]; then
    sleep {marker} </dev/null >/dev/null 2>&1 &
    cat <<'END'
<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="forker" version="1.0">
<version>1.0</version>
<longdesc lang="en">Forks in meta-data.</longdesc>
<shortdesc lang="en">Forker</shortdesc>
<parameters/>
<actions>
<action name="start" timeout="20s" />
<action name="stop" timeout="20s" />
<action name="monitor" timeout="20s" interval="10s" depth="0" />
<action name="meta-data" timeout="5s" />
<action name="validate-all" timeout="20s" />
</actions>
</resource-agent>
END
    exit 0
fi
exit 3
""")
    os.chmod(agent, 0o755)
    for verb in (["ocf", "lint"], ["ocf", "meta"], ["ocf", "test"]):
        r = subprocess.run([corral] + verb + [agent], capture_output=True, timeout=30)
        if r.returncode not in (0, 1):  # ocf test fails (start is not implemented): fine
            fail(f"{' '.join(verb)} forker: exit {r.returncode}: {r.stderr.decode()}")
        time.sleep(0.2)
        left = processes_with(f"sleep {marker}")
        if left:
            fail(f"{' '.join(verb)}: the child forked by meta-data survived: {left}")
            kill_leftovers(marker)
        else:
            print(f"ok {' '.join(verb)}: no child of meta-data survived", flush=True)


def main():
    corral = sys.argv[1]
    base = 40000 + os.getpid() % 9000  # unique sleep durations mark this run's processes
    with tempfile.TemporaryDirectory(prefix="corral-hygiene-") as work:
        os.chmod(work, 0o755)
        interrupt_case(corral, work, signal.SIGINT, base)
        interrupt_case(corral, work, signal.SIGTERM, base + 1)
        forking_metadata_case(corral, work, base + 2)
    print(f"process_hygiene: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
