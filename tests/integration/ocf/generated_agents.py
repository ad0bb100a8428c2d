#!/usr/bin/env python3
"""Agents written by `corral ocf new` against the real peers (SPEC §1, §6): shellcheck -s sh -S style
(zero findings), xmllint --dtdvalid ra-api-1.dtd (OCF 1.0) or the OCF 1.1 RNG, Debian's ocf-tester,
crm_resource --validate/--force-* in a private mount namespace, and `corral ocf test`. Also the
daemon agent's behaviour: kill -9 (probe 7, recurring monitor 1), a daemon that ignores TERM, and a
daemon that never becomes healthy.

Usage: generated_agents.py CORRAL
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

DTD = "/usr/share/resource-agents/ra-api-1.dtd"
HERE = os.path.dirname(os.path.abspath(__file__))
RNG11 = os.path.join(HERE, "..", "..", "data", "ocf", "ra-api-1.1.rng")
ENV = dict(os.environ, OCF_ROOT="/usr/lib/ocf")
ENV.pop("__OCF_ACTION", None)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg, flush=True)


def run(argv, timeout=60, env=None, **kw):
    try:
        return subprocess.run(argv, capture_output=True, timeout=timeout, env=env or ENV, **kw)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(argv, -999, e.stdout or b"", b"timed out")


# name -> (corral ocf new flags, params for ocf-tester/crm_resource/ocf test, ocf version)
def agent_table(work):
    conf = os.path.join(work, "web.conf")
    with open(conf, "w") as f:
        f.write("port 8080\n")
    return {
        "stateagent": (["--description", "A state-file agent"], {}, "1.0"),
        "webd": (["--exec", "sleep 1000", "--param", "port:integer=8080", "--param", "config:file,required",
                  "--param", "verbose:boolean=false", "--health-cmd", "test -r \"$OCF_RESKEY_config\"",
                  "--timeout", "start=10", "--timeout", "stop=6"], {"config": conf}, "1.0"),
        "promo": (["--promotable", "--notify"], {}, "1.0"),
        "reloader": (["--ocf-version", "1.1", "--reload", "--param", "level:select(low|high)=low,reloadable",
                      "--param", "name=demo"], {}, "1.1"),
        "unitd": (["--systemd", "demo.service", "--migrate"], {}, "1.0"),
        "userd": (["--exec", "sleep 1000", "--user", "nobody"], {}, "1.0"),
    }


def generate(corral, work, name, flags):
    r = run([corral, "ocf", "new", name, "--provider", "corraltest", "--out", work] + flags)
    if r.returncode != 0:
        fail(f"{name}: ocf new exit {r.returncode}: {r.stderr.decode()}")
        return None
    path = os.path.join(work, name)
    if os.stat(path).st_mode & 0o777 != 0o755:
        fail(f"{name}: mode {oct(os.stat(path).st_mode & 0o777)}, expected 0755")
    return path


def check_static(corral, name, path, version):
    r = run(["shellcheck", "-s", "sh", "-S", "style", path])
    if r.returncode != 0 or r.stdout.strip():
        fail(f"{name}: shellcheck findings:\n{r.stdout.decode()[:2000]}")
    md = run([path, "meta-data"])
    if md.returncode != 0:
        fail(f"{name}: meta-data exit {md.returncode}")
        return
    xml = path + ".xml"
    with open(xml, "wb") as f:
        f.write(md.stdout)
    if version == "1.0":
        r = run(["xmllint", "--noout", "--dtdvalid", DTD, xml])
        if r.returncode != 0:
            fail(f"{name}: xmllint --dtdvalid: {r.stderr.decode()[:1000]}")
        # ocf-tester's own check is DOCTYPE-based.
        r = run(["sh", "-c", f"cd /usr/share/resource-agents && xmllint --noout --valid - < {xml}"])
        if r.returncode != 0:
            fail(f"{name}: xmllint --valid (DOCTYPE): {r.stderr.decode()[:1000]}")
    else:
        r = run(["xmllint", "--noout", "--relaxng", RNG11, xml])
        if r.returncode != 0:
            fail(f"{name}: xmllint --relaxng OCF 1.1: {r.stderr.decode()[:1000]}")
    r = run([corral, "ocf", "lint", "--strict", path])
    if r.returncode != 0:
        fail(f"{name}: corral ocf lint --strict exit {r.returncode}:\n{r.stdout.decode()}")


def fake_systemctl(work, tag):
    """A systemctl stand-in (no systemd in CI) keeping unit state in files."""
    bindir = os.path.join(work, "fakebin-" + tag)
    os.makedirs(bindir, exist_ok=True)
    state = os.path.join(work, "units-" + tag)
    os.makedirs(state, exist_ok=True)
    script = os.path.join(bindir, "systemctl")
    with open(script, "w") as f:
        f.write(f"""#!/bin/sh
S={state}
cmd=$1; shift
q=0
[ "$1" = --quiet ] && {{ q=1; shift; }}
[ "$1" = --no-block ] && shift
say() {{ [ "$q" = 1 ] || echo "$1"; }}
case $cmd in
is-active) if [ -f "$S/$1" ]; then say active; else say inactive; exit 3; fi ;;
is-failed) exit 1 ;;
start) touch "$S/$1" ;;
stop) [ -f "$S/$1" ] || {{ echo "Failed to stop $1: Unit $1 not loaded." >&2; exit 5; }}; rm -f "$S/$1" ;;
reset-failed) exit 0 ;;
*) exit 1 ;;
esac
""")
    os.chmod(script, 0o755)
    return dict(ENV, PATH=bindir + ":" + ENV.get("PATH", "/usr/bin:/bin"))


def check_ocf_tester(name, path, params, env=None):
    argv = ["ocf-tester", "-n", "corraltest"]
    for k, v in params.items():
        argv += ["-o", f"{k}={v}"]
    r = run(argv + [path], timeout=120, env=env)
    if r.returncode != 0 or b"passed all tests" not in r.stdout:
        fail(f"{name}: ocf-tester exit {r.returncode}:\n{r.stdout.decode()[-2000:]}{r.stderr.decode()[-500:]}")


def check_corral_test(corral, name, path, params, env=None):
    argv = [corral, "ocf", "test", "--strict", "-o", "json", path]
    for k, v in params.items():
        argv += ["--param", f"{k}={v}"]
    r = run(argv, timeout=120, env=env)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        fail(f"{name}: ocf test printed no JSON (exit {r.returncode}): {r.stderr.decode()[:500]}")
        return None
    if r.returncode != 0 or not report["passed"]:
        bad = [s for s in report["steps"] if not s["ok"]]
        fail(f"{name}: corral ocf test failed: {bad}")
    return report


def check_crm_resource(work, agents):
    """crm_resource only looks in /usr/lib/ocf/resource.d: bind a private copy over it."""
    rd = os.path.join(work, "resource.d")
    shutil.copytree("/usr/lib/ocf/resource.d", rd, symlinks=True)
    os.makedirs(os.path.join(rd, "corraltest"), exist_ok=True)
    script = ["set -u", f"mount --bind {rd} /usr/lib/ocf/resource.d || exit 99"]
    for name, (path, params) in agents.items():
        shutil.copy2(path, os.path.join(rd, "corraltest", name))
        opts = " ".join(f"--option {k}={v}" for k, v in params.items())
        base = f"crm_resource --class ocf --provider corraltest --agent {name} {opts}"
        for op, want in (("--validate", 0), ("--force-check", 7), ("--force-start", 0),
                         ("--force-check", 0), ("--force-stop", 0), ("--force-check", 7)):
            script.append(f"{base} {op} >/dev/null 2>&1; echo \"{name} {op} $? {want}\"")
    r = run(["unshare", "-m", "sh", "-c", "\n".join(script)], timeout=120)
    if r.returncode == 99:
        fail(f"crm_resource: cannot bind-mount in a private namespace: {r.stderr.decode()}")
        return
    seen = 0
    for line in r.stdout.decode().splitlines():
        name, op, got, want = line.split()
        seen += 1
        if got != want:
            fail(f"{name}: crm_resource {op} returned {got}, expected {want}")
    if seen != 6 * len(agents):
        fail(f"crm_resource: {seen} results, expected {6 * len(agents)}: {r.stderr.decode()[:500]}")


def agent_call(path, action, env_extra, timeout=30):
    env = dict(ENV, OCF_RESOURCE_INSTANCE="behaviour", **env_extra)
    t0 = time.monotonic()
    r = run([path, action], env=env, timeout=timeout)
    return r.returncode, time.monotonic() - t0, r.stderr.decode()


def check_daemon_behaviour(corral, work):
    tmp = os.path.join(work, "behaviour")
    os.makedirs(tmp)
    os.chmod(tmp, 0o755)
    # A daemon that ignores TERM: stop must escalate to KILL within its stop timeout.
    stubborn = os.path.join(tmp, "stubborn.sh")
    with open(stubborn, "w") as f:
        f.write("#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.2; done\n")
    os.chmod(stubborn, 0o755)
    p = generate(corral, tmp, "stubborn", ["--exec", stubborn, "--timeout", "stop=6"])
    env = {"HA_RSCTMP": tmp, "OCF_RESKEY_CRM_meta_timeout": "6000"}
    rc, _, err = agent_call(p, "start", env)
    if rc != 0:
        fail(f"stubborn: start returned {rc}: {err}")
    rc, secs, err = agent_call(p, "stop", env, timeout=20)
    if rc != 0 or secs > 6:
        fail(f"stubborn: stop returned {rc} after {secs:.1f}s (stop timeout 6s): {err}")
    rc, _, _ = agent_call(p, "monitor", dict(env, OCF_RESKEY_CRM_meta_interval="10000"))
    if rc != 7:
        fail(f"stubborn: monitor after stop returned {rc}, expected 7")
    # A daemon that never becomes healthy: start fails within its start timeout.
    p = generate(corral, tmp, "sick", ["--exec", "sleep 1000", "--health-cmd", "false", "--timeout", "start=4"])
    env = {"HA_RSCTMP": tmp, "OCF_RESKEY_CRM_meta_timeout": "4000"}
    rc, secs, err = agent_call(p, "start", env, timeout=20)
    if rc == 0 or secs > 4:
        fail(f"sick: start returned {rc} after {secs:.1f}s (start timeout 4s)")
    if "not healthy" not in err:
        fail(f"sick: start gave no exit reason: {err[-300:]}")
    rc, _, _ = agent_call(p, "monitor", dict(env, OCF_RESKEY_CRM_meta_interval="10000"))
    if rc != 7:
        fail(f"sick: the failed start left the daemon running (monitor {rc})")


def main():
    corral = os.path.abspath(sys.argv[1])
    for tool in ("shellcheck", "xmllint", "ocf-tester", "crm_resource", "unshare"):
        if not shutil.which(tool):
            fail(f"peer {tool} is not installed")
            return 1
    work = tempfile.mkdtemp(prefix="corral-ocf-gen-")
    os.chmod(work, 0o755)  # ocf-tester and ocf test run meta-data as nobody
    try:
        table = agent_table(work)
        paths = {}
        for name, (flags, params, version) in table.items():
            path = generate(corral, work, name, flags)
            if path:
                paths[name] = path
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            jobs = []
            for name, path in paths.items():
                flags, params, version = table[name]
                jobs.append(pool.submit(check_static, corral, name, path, version))
                systemd = name == "unitd"
                if version == "1.0":
                    env = fake_systemctl(work, "tester") if systemd else None
                    jobs.append(pool.submit(check_ocf_tester, name, path, params, env))
                env = fake_systemctl(work, "corral") if systemd else None
                jobs.append(pool.submit(check_corral_test, corral, name, path, params, env))
            jobs.append(pool.submit(check_daemon_behaviour, corral, work))
            for j in jobs:
                j.result()
        # The daemon agent's crash check, as `corral ocf test` reports it.
        report = check_corral_test(corral, "webd", paths["webd"], table["webd"][1])
        if report:
            steps = {s["name"]: s for s in report["steps"]}
            for step, want in (("probe after kill -9", 7), ("monitor after kill -9", 1), ("monitor depth 10", 0)):
                if step not in steps or steps[step]["rc"] != want:
                    fail(f"webd: step {step!r}: {steps.get(step)}, expected rc {want}")
        with open(paths["unitd"]) as f:
            text = f.read()
        for needle in ('systemctl is-active --quiet "$SYSTEMD_UNIT"', "SYSTEMD_UNIT='demo.service'",
                       'ocf_run systemctl stop "$SYSTEMD_UNIT"'):
            if needle not in text:
                fail(f"unitd: agent text lacks {needle!r}")
        check_crm_resource(work, {n: (paths[n], table[n][1]) for n in ("stateagent", "webd", "promo", "reloader", "userd")})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
