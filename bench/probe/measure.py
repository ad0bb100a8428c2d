#!/usr/bin/env python3
"""Runs the probe benchmark rows (issue 16) and prints one line per row.

usage: measure.py CORRAL DATA_DIR [RUNS] [PEER_RUNS]
Every command reads files on disk (made by gen.py) through the CLI. The rows run interleaved,
RUNS rounds (default 5); each row prints the median wall time, the median CPU time (user+sys),
the median peak RSS, MB/s (input / median wall, and input / median CPU, which the shared
machine's load does not inflate), RSS/input and the target. Peers (python3 yaml.CSafeLoader and
kubectl's client-side parse, `kubectl annotate --local -o name`) run PEER_RUNS times (default 1:
they take 20-60 s each) on the same files; set PEER_RUNS=0 to skip them.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time


def run(cmd: list) -> tuple:
    """(wall s, cpu s, peak RSS bytes) of one child, from wait4's rusage."""
    start = time.monotonic()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: lint findings
        sys.exit(f"{' '.join(cmd)}: exit {code}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024


def size_of(paths: list) -> int:
    total = 0
    for p in paths:
        if os.path.isdir(p):
            total += sum(os.path.getsize(os.path.join(p, f)) for f in os.listdir(p))
        else:
            total += os.path.getsize(p)
    return total


def files_of(paths: list) -> list:
    out = []
    for p in paths:
        out += sorted(os.path.join(p, f) for f in os.listdir(p)) if os.path.isdir(p) else [p]
    return out


def main() -> None:
    corral, data = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    peer_runs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    shapes = [
        ("400 files", ["files"]),
        ("400 files, 10% folded", ["files-folded"]),
        ("one stream 30 MB", ["stream-30.yaml"]),
        ("one stream 120 MB", ["stream-120.yaml"]),
        ("kind: List 30 MB", ["list-30.yaml"]),
        ("kind: List JSON", ["list-30.json"]),
    ]
    rows = []
    for name, rel in shapes:
        paths = [os.path.join(data, r) for r in rel]
        flags = sum((["-f", p] for p in paths), [])
        size = size_of(paths)
        rows.append((f"lint    {name}", [corral, "-q", "probe", "lint", *flags], size))
        rows.append((f"inject  {name}", [corral, "-q", "probe", "inject", "tcp", "--kind",
                                        "liveness", "--port", "8080", "--all-containers",
                                        *flags], size))
    peers = []
    if peer_runs > 0:
        loader = ("import sys, yaml\n"
                  "for f in sys.argv[1:]:\n"
                  "    with open(f, 'rb') as s:\n"
                  "        for _ in yaml.load_all(s, Loader=yaml.CSafeLoader): pass\n")
        for name, rel in shapes:
            if name == "one stream 120 MB":
                continue  # a minute or more each; the 30 MB row shows the rate
            paths = [os.path.join(data, r) for r in rel]
            size = size_of(paths)
            peers.append((f"peer python3 CSafeLoader  {name}",
                          ["python3", "-c", loader, *files_of(paths)], size))
            if shutil.which("kubectl"):
                peers.append((f"peer kubectl parse        {name}",
                              ["kubectl", "annotate", "--local", "-o", "name",
                               *sum((["-f", p] for p in paths), []), "corral-bench=1"], size))
    samples = {name: [] for name, _, _ in rows + peers}
    for r in range(max(runs, peer_runs)):
        for name, cmd, _ in rows if r < runs else []:
            samples[name].append(run(cmd))
        for name, cmd, _ in peers if r < peer_runs else []:
            samples[name].append(run(cmd))
    load = os.getloadavg()
    print(f"probe lint/inject through the CLI, {runs} interleaved runs (peers {peer_runs}); "
          f"{os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"(shared machine: CPU time is the steadier figure)")
    print(f"{'row':44} {'input':>8} {'wall':>7} {'cpu':>7} {'MB/s wall':>9} {'MB/s cpu':>8} "
          f"{'peak RSS':>9} {'RSS/in':>6}  target")
    for name, _, size in rows + peers:
        s = samples[name]
        wall = statistics.median(x[0] for x in s)
        cpu = statistics.median(x[1] for x in s)
        rss = statistics.median(x[2] for x in s)
        mb = size / 1e6
        target = "" if name.startswith("peer") else ">= 50 MB/s, RSS <= 3x input"
        print(f"{name:44} {mb:6.1f}MB {wall:6.2f}s {cpu:6.2f}s {mb / wall:9.1f} {mb / cpu:8.1f} "
              f"{rss / 1e6:7.1f}MB {rss / size:6.2f}  {target}")


if __name__ == "__main__":
    main()
