#!/usr/bin/env python3
"""End-to-end benchmark of `corral sched simulate` / `sched lint` from files on disk, beside
peers measured in the same run: kubectl's client-side parse of the same files (`kubectl label
--local -f ... -o name` decodes every object without a server) and python3 yaml.CSafeLoader (or
json.load for JSON). Each command runs RUNS times, interleaved with the others of its row; the
figures are medians of wall and CPU time (user+sys of the child, from wait4) and the largest
peak RSS. The machine may be shared: CPU time is the figure to compare, and the load average
is printed.

  bench.py CORRAL WORKDIR   (env: RUNS=5, PEER_RUNS=RUNS, BIG_PEER_RUNS=1, BIG=1, PEERS=1)
"""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = int(os.environ.get("RUNS", "5"))
PEER_RUNS = int(os.environ.get("PEER_RUNS", str(RUNS)))
BIG_PEER_RUNS = int(os.environ.get("BIG_PEER_RUNS", "1"))
PEERS = os.environ.get("PEERS", "1") == "1"


def run_once(argv):
    """(wall s, cpu s, peak RSS MB, stdout) of one run."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit("failed (%d): %s" % (proc.returncode, " ".join(argv)))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out


def measure(row, commands):
    """commands: [(label, argv, runs)]; runs are interleaved. Returns {label: [samples]}."""
    samples = {label: [] for label, _, _ in commands}
    for i in range(max(runs for _, _, runs in commands)):
        for label, argv, runs in commands:
            if i < runs:
                samples[label].append(run_once(argv))
    return samples


def report(row, target, samples, size_mb):
    print("-- %s  [target: %s]" % (row, target))
    for label, runs in samples.items():
        wall = statistics.median(s[0] for s in runs)
        cpu = statistics.median(s[1] for s in runs)
        rss = max(s[2] for s in runs)
        print("   %-44s wall %7.3f s  cpu %7.3f s  peak RSS %7.1f MB (%.1fx input)  n=%d"
              % (label, wall, cpu, rss, rss / size_mb, len(runs)))


def generate(workdir, name, nodes, bound, pending, as_json):
    out = os.path.join(workdir, name)
    ext = "json" if as_json else "yaml"
    files = [os.path.join(out, "cluster." + ext), os.path.join(out, "pending." + ext)]
    if not all(os.path.exists(f) for f in files):
        cmd = [sys.executable, os.path.join(HERE, "gen_cluster.py"), out, str(nodes), str(bound),
               str(pending)] + (["--json"] if as_json else [])
        subprocess.check_call(cmd)
    return files


def peers(files, as_json, runs):
    if not PEERS:
        return []
    out = []
    kubectl = ["kubectl", "label", "--local", "-o", "name"]
    for f in files:
        kubectl += ["-f", f]
    if subprocess.call(["sh", "-c", "command -v kubectl"], stdout=subprocess.DEVNULL) == 0:
        out.append(("kubectl label --local (parse only)", kubectl + ["bench=1"], runs))
    loader = ("import json,sys\nfor f in sys.argv[1:]: json.load(open(f))" if as_json else
              "import yaml,sys\nfor f in sys.argv[1:]:\n"
              "    for _ in yaml.load_all(open(f), Loader=yaml.CSafeLoader): pass")
    out.append(("python3 " + ("json.load" if as_json else "yaml CSafeLoader"),
                [sys.executable, "-c", loader] + files, runs))
    return out


def simulate_rows(corral, workdir, name, shape, target, big):
    for as_json in (False, True):
        files = generate(workdir, name, *shape, as_json)
        size = sum(os.path.getsize(f) for f in files) / 1e6
        row = "sched simulate %d nodes + %d bound, %d pending, %s (%.1f MB)" % (
            *shape, "JSON List" if as_json else "YAML", size)
        cmd = [corral, "sched", "simulate", "--cluster", files[0], "--pods", files[1]]
        commands = [("corral sched simulate", cmd, RUNS)]
        commands += peers(files, as_json, BIG_PEER_RUNS if big else PEER_RUNS)
        report(row, target, measure(row, commands), size)


def scoring_row(corral, workdir):
    files = generate(workdir, "basic", 5000, 1000, 10000, False)
    config = os.path.join(workdir, "score-all.yaml")
    with open(config, "w") as f:
        f.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                "percentageOfNodesToScore: 100\n")
    cmd = [corral, "sched", "simulate", "--config", config, "--cluster", files[0], "--pods",
           files[1], "-o", "json"]
    rates, cpu_rates, loads = [], [], []
    for _ in range(RUNS):
        wall, cpu, _, out = run_once(cmd)
        stats = json.loads(out)["stats"]
        rates.append(stats["pods_per_second"])
        loads.append(stats["load_seconds"])
        # The CLI reports wall time per phase; on a loaded machine the CPU time of the
        # scheduling part is estimated as the process's CPU time in the phase's share of wall.
        share = stats["schedule_seconds"] / max(wall, 1e-9)
        cpu_rates.append(stats["pods"] / max(cpu * share, 1e-9))
    print("-- sched simulate percentageOfNodesToScore 100, 5000 nodes / 10000 pending  "
          "[target: >= 10,000 pods/s in the scheduling part]")
    print("   scheduling part, median of %d: %8.0f pods/s wall, ~%.0f pods/s of CPU time;"
          " load part %.3f s wall" % (RUNS, statistics.median(rates), statistics.median(cpu_rates),
                                      statistics.median(loads)))


def lint_row(corral, workdir):
    config = os.path.join(workdir, "lint-1mb.yaml")
    if not os.path.exists(config):
        subprocess.check_call([sys.executable, os.path.join(HERE, "gen_config.py"), config])
    size = os.path.getsize(config) / 1e6
    samples = measure("lint", [("corral sched lint", [corral, "sched", "lint", config], RUNS)])
    report("sched lint of a %.1f MB KubeSchedulerConfiguration" % size,
           "<= 50 ms, <= 3x the input in memory", samples, size)


def main():
    corral, workdir = sys.argv[1], sys.argv[2]
    os.makedirs(workdir, exist_ok=True)
    print("load average %s on %d CPUs; RUNS=%d; CPU time = user+sys of the child"
          % (" ".join("%.2f" % x for x in os.getloadavg()), os.cpu_count(), RUNS))
    simulate_rows(corral, workdir, "basic", (5000, 1000, 10000), "<= 0.5 s, <= 150 MB", False)
    scoring_row(corral, workdir)
    lint_row(corral, workdir)
    if os.environ.get("BIG", "1") == "1":
        simulate_rows(corral, workdir, "big", (15000, 0, 150000), "<= 5 s, <= 500 MB", True)
    print("load average at the end: %s" % " ".join("%.2f" % x for x in os.getloadavg()))


if __name__ == "__main__":
    main()
