#!/usr/bin/env python3
"""corral mesos against fake masters (fake_master.py) replaying recorded responses.

Usage: test_master.py CORRAL SCENARIO   (SCENARIO "all" runs every scenario)
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_master  # noqa: E402

CORRAL = None


def run(args, env=None, timeout=60):
    e = dict(os.environ)
    e.pop("CORRAL_MESOS_MASTER", None)
    e.update(env or {})
    t0 = time.monotonic()
    p = subprocess.run([CORRAL] + args, capture_output=True, text=True, env=e, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def url(port):
    return "http://127.0.0.1:%d" % port


def every_command_v0():
    port, cfg = fake_master.start("leader")
    for cmd in ("agents", "frameworks", "roles", "offers"):
        rc, out, err, _ = run(["mesos", cmd, "--master", url(port), "-o", "json"])
        check(rc == 0, "%s rc=%d %s" % (cmd, rc, err))
        json.loads(out)
    rc, out, err, _ = run(["mesos", "fit", "--master", url(port), "--task", "cpus=1,mem=128", "-o", "json"])
    check(rc == 0, "fit rc=%d %s" % (rc, err))
    paths = [r["path"] for r in cfg["requests"]]
    check("/master/state" in paths and "/master/roles" in paths, paths)


def float_drift():
    port, _ = fake_master.start("leader")
    rc, out, err, _ = run(["mesos", "offers", "--master", url(port), "-o", "json"])
    check(rc == 0, err)
    offers = json.loads(out)["offers"]
    check(len(offers) == 1 and offers[0]["framework"] == "Storm!!!", offers)
    check('"cpus": 8.4,' in out, out)  # recorded as 8.39999999999847
    rc, out, err, _ = run(["mesos", "frameworks", "--master", url(port), "-o", "json"])
    storm = [f for f in json.loads(out)["frameworks"] if f["name"] == "Storm!!!"][0]
    check(json.dumps(storm["offered"]["cpus"]) == "8.4", storm)  # recorded 8.40000000000185


def env_master():
    port, _ = fake_master.start("leader")
    rc, out, err, _ = run(["mesos", "agents"], env={"CORRAL_MESOS_MASTER": url(port)})
    check(rc == 0 and "srv3.hw.ca1.mesosphere.com" in out, err)


def v1_api():
    port, cfg = fake_master.start("leader")
    rc, out, err, _ = run(["mesos", "roles", "--master", url(port), "--api", "v1", "-o", "json"])
    check(rc == 0, err)
    roles = {r["name"]: r for r in json.loads(out)["roles"]}
    check("slave_public" in roles and roles["role1"]["weight"] == 2.5, roles.keys())
    check(roles["dev"]["quota"]["limit"]["cpus"] == 2, roles["dev"])
    posts = [r for r in cfg["requests"] if r["method"] == "POST"]
    check(posts and all(r["content_type"] == "application/json" for r in posts), posts)
    check(all(r["path"] == "/api/v1" for r in posts), posts)


def leader_redirect():
    leader, lcfg = fake_master.start("leader")
    follower, fcfg = fake_master.start("follower", leader=leader)
    for api in ("v0", "v1"):
        rc, out, err, _ = run(["mesos", "agents", "--master", url(follower), "--api", api, "-o", "json"])
        check(rc == 0, "%s: %s" % (api, err))
        check(json.loads(out)["agents"], out)
    check(len(fcfg["requests"]) >= 2 and len(lcfg["requests"]) >= 2, (fcfg, lcfg))
    # roles makes two calls: the second goes straight to the leader.
    before = len(fcfg["requests"])
    rc, out, err, _ = run(["mesos", "roles", "--master", url(follower)])
    check(rc == 0, err)
    check(len(fcfg["requests"]) == before + 1, fcfg["requests"][before:])


def basic_auth():
    port, cfg = fake_master.start("leader", auth="ops:s3cret")
    rc, out, err, _ = run(["mesos", "agents", "--master", url(port)])
    check(rc == 4 and "401" in err, (rc, err))
    rc, out, err, _ = run(["mesos", "agents", "--master", url(port), "--principal", "ops"],
                          env={"CORRAL_MESOS_SECRET": "wrong"})
    check(rc == 4 and "401" in err and "ops" in err, (rc, err))
    rc, out, err, _ = run(["mesos", "agents", "--master", url(port), "--principal", "ops"],
                          env={"CORRAL_MESOS_SECRET": "s3cret"})
    check(rc == 0, err)
    check("s3cret" not in out + err, "secret leaked")
    secret = os.path.join(os.environ.get("TMPDIR", "/tmp"), "corral-mesos-secret-%d" % os.getpid())
    with open(secret, "w") as f:
        f.write("s3cret\n")
    try:
        rc, out, err, _ = run(["mesos", "roles", "--master", url(port), "--api", "v1",
                               "--principal", "ops", "--secret-file", secret])
        check(rc == 0, err)
    finally:
        os.unlink(secret)


def redirect_credentials():
    """Issue 15: the secret goes only to the origin given, never to where a redirect points."""
    leader, lcfg = fake_master.start("leader", auth="ops:s3cret")
    follower, fcfg = fake_master.start("follower", leader=leader)
    rc, out, err, _ = run(["mesos", "agents", "--master", url(follower), "--principal", "ops"],
                          env={"CORRAL_MESOS_SECRET": "s3cret"})
    check(rc == 4, (rc, err))
    check("were not sent" in err and "point --master at the leader" in err, err)
    check(fcfg["requests"][0]["authorization"] is not None, fcfg["requests"])
    check(lcfg["requests"] and all(r["authorization"] is None for r in lcfg["requests"]),
          lcfg["requests"])
    check("s3cret" not in out + err, "secret leaked")
    # Credentials inside the URL: refused before any request, never echoed.
    before = len(lcfg["requests"])
    for args, env in ((["--master", "http://ops:s3cret@127.0.0.1:%d" % leader], {}),
                      ([], {"CORRAL_MESOS_MASTER": "http://ops:s3cret@127.0.0.1:%d" % leader})):
        rc, out, err, _ = run(["mesos", "agents"] + args, env=env)
        check(rc == 2 and "credentials inside the URL" in err, (rc, err))
        check("s3cret" not in out + err, "secret echoed: " + err)
    check(len(lcfg["requests"]) == before, lcfg["requests"][before:])


def https_redirect():
    """Issue 15: an https master that redirects to plain http is refused (exit 4, the hop named)
    unless --insecure-redirect is given, and the secret never goes to another scheme or port.
    The https master uses a throwaway certificate made here with openssl."""
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix="corral-mesos-tls-")
    try:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", key, "-out", cert], capture_output=True, text=True)
        check(r.returncode == 0, r.stderr)
        leader, lcfg = fake_master.start("leader", auth="ops:s3cret")
        follower, fcfg = fake_master.start("follower", leader=leader, leader_scheme="http",
                                           tls=(cert, key))
        https = "https://127.0.0.1:%d" % follower
        env = {"CORRAL_MESOS_SECRET": "s3cret"}
        # The https master itself answers with our CA: proves the TLS set-up before the refusal.
        rc, out, err, _ = run(["mesos", "agents", "--master", https, "--ca-file", cert,
                               "--principal", "ops"], env=env)
        hop = "http://127.0.0.1:%d/master/state" % leader
        check(rc == 4, (rc, err))
        check("redirected to " + hop in err and "refusing to follow https to plain http" in err
              and "--insecure-redirect" in err, err)
        check(len(fcfg["requests"]) == 1 and fcfg["requests"][0]["authorization"] is not None,
              fcfg["requests"])
        check(lcfg["requests"] == [], lcfg["requests"])
        check("s3cret" not in out + err, "secret leaked")
        # Opt-in: the redirect is followed, without the credentials (another scheme and port).
        rc, out, err, _ = run(["mesos", "agents", "--master", https, "--ca-file", cert,
                               "--principal", "ops", "--insecure-redirect"], env=env)
        check(rc == 4 and "were not sent" in err and "401" in err, (rc, err))
        check(lcfg["requests"] and all(r["authorization"] is None for r in lcfg["requests"]),
              lcfg["requests"])
        check("s3cret" not in out + err, "secret leaked")
        # Without the CA the https master is not trusted at all (nothing followed).
        before = len(fcfg["requests"])
        rc, out, err, _ = run(["mesos", "agents", "--master", https, "--timeout", "5"])
        check(rc == 4, (rc, err))
        check(len(fcfg["requests"]) == before, fcfg["requests"][before:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def secret_file_checks():
    """Issue 15: a FIFO as --secret-file is refused at once; world-writable files too."""
    port, cfg = fake_master.start("leader", auth="ops:s3cret")
    tmp = os.environ.get("TMPDIR", "/tmp")
    fifo = os.path.join(tmp, "corral-mesos-fifo-%d" % os.getpid())
    os.mkfifo(fifo)
    try:
        rc, out, err, took = run(["mesos", "agents", "--master", url(port), "--principal", "ops",
                                  "--secret-file", fifo, "--timeout", "2"], timeout=20)
        check(rc == 3 and "FIFO" in err, (rc, err))
        check(took < 2, "blocked %.1f s" % took)
        rc, out, err, took = run(["mesos", "agents", "--state", fifo], timeout=20)
        check(rc == 3 and "FIFO" in err and took < 2, (rc, err, took))
    finally:
        os.unlink(fifo)
    secret = os.path.join(tmp, "corral-mesos-ww-%d" % os.getpid())
    with open(secret, "w") as f:
        f.write("s3cret\nignored second line\n")
    try:
        os.chmod(secret, 0o666)
        rc, out, err, _ = run(["mesos", "agents", "--master", url(port), "--principal", "ops",
                               "--secret-file", secret])
        check(rc == 3 and "world-writable" in err, (rc, err))
        os.chmod(secret, 0o600)
        rc, out, err, _ = run(["mesos", "agents", "--master", url(port), "--principal", "ops",
                               "--secret-file", secret])
        check(rc == 0 and err == "", (rc, err))  # first line only, no warning at 0600
    finally:
        os.unlink(secret)


def never_answers():
    port, _ = fake_master.start("hang")
    rc, out, err, took = run(["mesos", "agents", "--master", url(port), "--timeout", "1.5"])
    check(rc == 4, (rc, err))
    check(took < 1.5 + 2.5, "took %.1f s" % took)  # bounded by --timeout (plus process start)
    check("timed out" in err or "timeout" in err.lower(), err)


def truncated_json():
    port, _ = fake_master.start("truncated")
    rc, out, err, _ = run(["mesos", "agents", "--master", url(port)])
    check(rc == 3 and "truncated JSON" in err, (rc, err))
    check(out == "", out)


def html_from_proxy():
    port, _ = fake_master.start("html")
    rc, out, err, _ = run(["mesos", "frameworks", "--master", url(port)])
    check(rc == 3 and "HTML" in err, (rc, err))


def unreachable():
    port, _ = fake_master.start("leader")
    # A port nothing listens on: bind and close.
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead = s.getsockname()[1]
    s.close()
    rc, out, err, _ = run(["mesos", "agents", "--master", url(dead), "--timeout", "3"])
    check(rc == 4, (rc, err))


SCENARIOS = {f.__name__: f for f in (every_command_v0, float_drift, env_master, v1_api,
                                      leader_redirect, basic_auth, redirect_credentials,
                                      https_redirect, secret_file_checks, never_answers, truncated_json,
                                      html_from_proxy, unreachable)}


def main():
    global CORRAL
    CORRAL = sys.argv[1]
    names = list(SCENARIOS) if sys.argv[2] == "all" else [sys.argv[2]]
    # The recorded states are public fixtures read in place from CORRAL_SHARED_DATA; without them
    # the scenarios that replay one are skipped (exit 77 = ctest SKIP_RETURN_CODE).
    needs_shared = [n for n in names if n not in ("never_answers", "html_from_proxy", "unreachable")]
    if needs_shared and not os.path.isdir(fake_master.SHARED):
        print(f"SKIPPED: {', '.join(needs_shared)} replay public fixtures from {fake_master.SHARED}, "
              "which is absent (configure with -DCORRAL_SHARED_DATA=DIR)")
        sys.exit(77)
    for name in names:
        SCENARIOS[name]()
        print("ok", name)


if __name__ == "__main__":
    main()
