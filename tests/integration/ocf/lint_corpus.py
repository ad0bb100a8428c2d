#!/usr/bin/env python3
"""`corral ocf lint --schema dtd` must give xmllint --dtdvalid's verdict on every installed agent
(heartbeat + pacemaker), `--schema 1.1` xmllint --relaxng ra-api-1.1.rng's, and `corral ocf lint`/`ocf meta` must never crash on any of them.

Usage: lint_corpus.py CORRAL
"""
import concurrent.futures
import glob
import json
import os
import subprocess
import sys
import tempfile

DTD = "/usr/share/resource-agents/ra-api-1.dtd"
ROOT = "/usr/lib/ocf"


def agents():
    out = []
    for provider in ("heartbeat", "pacemaker"):
        for path in sorted(glob.glob(f"{ROOT}/resource.d/{provider}/*")):
            if os.path.isfile(path) and os.access(path, os.X_OK) and not os.path.basename(path).startswith("."):
                out.append(path)
    return out


def check(corral, agent, tmp):
    env = dict(os.environ, OCF_ROOT=ROOT)
    md = subprocess.run([agent, "meta-data"], env=env, capture_output=True, timeout=30)
    if md.returncode != 0:
        return f"{agent}: meta-data failed rc={md.returncode}"
    xml = os.path.join(tmp, os.path.basename(os.path.dirname(agent)) + "-" + os.path.basename(agent) + ".xml")
    with open(xml, "wb") as f:
        f.write(md.stdout)
    ref = subprocess.run(["xmllint", "--noout", "--dtdvalid", DTD, xml], capture_output=True)
    want = ref.returncode == 0
    problems = []
    ours = subprocess.run([corral, "ocf", "lint", "--schema", "dtd", xml], capture_output=True, env=env)
    if ours.returncode not in (0, 1):
        problems.append(f"lint --schema dtd exit {ours.returncode}: {ours.stderr.decode()[:300]}")
    elif (ours.returncode == 0) != want:
        problems.append(f"DTD verdict differs: xmllint {'valid' if want else 'invalid'}, corral "
                        f"{'valid' if ours.returncode == 0 else 'invalid'}\n{ref.stderr.decode()[:800]}\n{ours.stdout.decode()[:800]}")
    rng = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "ocf", "ra-api-1.1.rng")
    ref11 = subprocess.run(["xmllint", "--noout", "--relaxng", rng, xml], capture_output=True)
    ours11 = subprocess.run([corral, "ocf", "lint", "--schema", "1.1", xml], capture_output=True, env=env)
    if ours11.returncode not in (0, 1) or (ours11.returncode == 0) != (ref11.returncode == 0):
        problems.append(f"OCF 1.1 verdict differs: xmllint --relaxng rc={ref11.returncode}, corral rc={ours11.returncode}\n"
                        f"{ref11.stderr.decode()[:500]}\n{ours11.stdout.decode()[:500]}")
    # The default mode runs the agent itself; any exit other than 0/1 (or a signal) is a crash.
    for argv in (["ocf", "lint", agent], ["ocf", "meta", "-o", "json", agent]):
        r = subprocess.run([corral] + argv, capture_output=True, env=env, timeout=60)
        if r.returncode not in (0, 1):
            problems.append(f"corral {' '.join(argv)}: exit {r.returncode}: {r.stderr.decode()[:300]}")
    return (agent, want, problems)


def main():
    corral = sys.argv[1]
    found = agents()
    if len(found) < 150:
        print(f"FAIL: expected the 154 installed agents, found {len(found)} (resource-agents and pacemaker installed?)")
        return 1
    failures = []
    valid = 0
    with tempfile.TemporaryDirectory(prefix="corral-ocf-corpus-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for result in pool.map(lambda a: check(corral, a, tmp), found):
                if isinstance(result, str):
                    failures.append(result)
                    continue
                agent, want, problems = result
                valid += want
                failures += [f"{agent}: {p}" for p in problems]
    # One process over both provider directories: every agent reported, none crashing the run.
    r = subprocess.run([corral, "-o", "json", "ocf", "lint", f"{ROOT}/resource.d/heartbeat",
                        f"{ROOT}/resource.d/pacemaker"], capture_output=True, env=dict(os.environ, OCF_ROOT=ROOT),
                       timeout=120)
    try:
        reports = json.loads(r.stdout)["files"]
    except (ValueError, KeyError):
        reports = []
    if r.returncode not in (0, 1) or len(reports) != len(found):
        failures.append(f"ocf lint over the directories: exit {r.returncode}, {len(reports)} reports for "
                        f"{len(found)} agents: {r.stderr.decode()[:500]}")
    print(f"{len(found)} agents, {valid} DTD-valid per xmllint")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
