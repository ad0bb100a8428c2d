#!/usr/bin/env python3
"""`corral ocf test` passes on heartbeat/Dummy and heartbeat/anything (with parameters), and fails,
naming the step, on broken variants of a generated agent: monitor always 0, stop returns 1, start
loops forever (bounded by its 3 s meta-data timeout), no DOCTYPE, validate-all unimplemented,
mode 0700. Each variant is also run through ocf-tester where it finishes (it has no timeouts) to
show that both tools reject it.

Usage: test_verdicts.py CORRAL
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ENV = dict(os.environ, OCF_ROOT="/usr/lib/ocf")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg, flush=True)


def corral_test(corral, agent, params=()):
    argv = [corral, "ocf", "test", "-o", "json", agent]
    for p in params:
        argv += ["--param", p]
    t0 = time.monotonic()
    r = subprocess.run(argv, capture_output=True, env=ENV, timeout=120)
    try:
        return r.returncode, json.loads(r.stdout), time.monotonic() - t0
    except ValueError:
        fail(f"{agent}: no JSON (exit {r.returncode}): {r.stderr.decode()[:500]}")
        return r.returncode, None, 0


# variant -> (edit of the agent text, step that must fail, extra check of the message)
def mutate(text, variant):
    if variant == "monitor-always-0":
        return text.replace("agent_monitor() {\n", "agent_monitor() {\n\treturn 0\n", 1)
    if variant == "stop-returns-1":
        return text.replace("agent_stop() {\n", "agent_stop() {\n\treturn 1\n", 1)
    if variant == "start-loops-forever":
        return text.replace("agent_start() {\n", "agent_start() {\n\twhile :; do sleep 1; done\n", 1)
    if variant == "no-doctype":
        return re.sub(r'<!DOCTYPE[^>]*>\n', "", text)
    if variant == "validate-all-unimplemented":
        return text.replace('validate-all) rc="$OCF_SUCCESS" ;;', 'validate-all) exit "$OCF_ERR_UNIMPLEMENTED" ;;', 1)
    return text


VARIANTS = {
    "monitor-always-0": ("monitor before start", "expected 7"),
    "stop-returns-1": ("stop when stopped", "returned 1"),
    "start-loops-forever": ("start", "timed out after 3 s"),
    "no-doctype": ("meta-data schema (OCF 1.0)", "DOCTYPE"),
    "validate-all-unimplemented": ("validate-all", "not implemented"),
    "mode-0700": ("meta-data as nobody", "0700"),
}


def check_variant(corral, work, base_text, variant):
    path = os.path.join(work, variant)
    text = mutate(base_text, variant)
    if variant != "mode-0700" and text == base_text:
        fail(f"{variant}: the mutation did not apply (template changed?)")
        return
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o700 if variant == "mode-0700" else 0o755)
    rc, report, secs = corral_test(corral, path)
    if report is None:
        return
    step, needle = VARIANTS[variant]
    failed = [s for s in report["steps"] if not s["ok"]]
    if rc != 1 or report["passed"]:
        fail(f"{variant}: ocf test exit {rc}, passed={report['passed']}; expected a failure")
    elif not failed or failed[0]["name"] != step or needle not in failed[0]["message"]:
        fail(f"{variant}: first failed step {failed[0] if failed else None}, expected {step!r} mentioning {needle!r}")
    if variant == "start-loops-forever" and secs > 20:
        fail(f"{variant}: ocf test took {secs:.1f}s; the runaway start was not bounded")
    if variant != "start-loops-forever":  # ocf-tester would hang forever on that one
        r = subprocess.run(["ocf-tester", "-n", "v", path], capture_output=True, env=ENV, timeout=60)
        if r.returncode == 0:
            fail(f"{variant}: ocf-tester passed a broken agent?")


def main():
    corral = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="corral-ocf-verdicts-")
    os.chmod(work, 0o755)
    try:
        rc, report, _ = corral_test(corral, "/usr/lib/ocf/resource.d/heartbeat/Dummy")
        if rc != 0 or not report or not report["passed"]:
            fail(f"heartbeat/Dummy: exit {rc}: {report}")
        pidfile = os.path.join(work, "anything.pid")
        rc, report, _ = corral_test(corral, "ocf:heartbeat:anything",
                                    ["binfile=/bin/sleep", "cmdline_options=1000", f"pidfile={pidfile}"])
        if rc != 0 or not report or not report["passed"]:
            fail(f"heartbeat/anything: exit {rc}: {report}")
        elif not any(s["name"] == "monitor after kill -9" and s["rc"] == 1 for s in report["steps"]):
            fail(f"heartbeat/anything: no kill -9 check: {report['steps']}")
        base = os.path.join(work, "base")
        r = subprocess.run([corral, "ocf", "new", "base", "--provider", "t", "--out", work, "--timeout", "start=3",
                            "--timeout", "stop=3", "--timeout", "monitor=3"], capture_output=True)
        if r.returncode != 0:
            fail(f"ocf new: {r.stderr.decode()}")
            return 1
        with open(base) as f:
            base_text = f.read()
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            for j in [pool.submit(check_variant, corral, work, base_text, v) for v in VARIANTS]:
                j.result()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
