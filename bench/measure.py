#!/usr/bin/env python3
"""Measure one benchmark row and print it in the format every bench/*/run.sh shares.

  bench/measure.py --name ROW --target '<=0.3s' [--runs 5] [options] -- CMD... \
      [--peer NAME -- PEER_CMD...]...

CMD and each peer run interleaved (CMD, peer 1, peer 2, CMD, ...) after --warmup (1) unmeasured
runs of CMD; stdout goes to /dev/null (or is parsed, --parse), stderr to /dev/null unless --stderr.
Wall time comes from a monotonic clock, CPU time (user+sys) from wait4()'s rusage of the child
(which includes the children it reaped, so `sh -c 'a | b'` is measured whole). Peak RSS is GNU
time's %M (the command's largest process): the commands run under /usr/bin/time because a child
forked from this Python process keeps Python's ~14 MB in its high-water mark across exec. Prints, for example:

  mesos roles: 0.21 s (target <= 0.3 s; peer jq 6.1 s) PASS  [median of 5 interleaved runs; \
cpu 0.20 s; wall 0.21 s; peak RSS 98 MB]

Target units pick the figure (--metric overrides the time used):
  s, ms       median wall time (with --metric cpu: median CPU time, shown as "s cpu")
  MB          peak RSS over all runs (MiB)
  MB/s        --bytes N / median time;  /s  --items N / median time
  x           with --bytes and a MB-like metric (--metric rss): peak RSS / N ("1.5x the file");
              with --rss-baseline 'CMD ARGS', (peak RSS - that command's peak RSS) / N: the memory
              the input costs above what the program needs for no input at all; otherwise the figure divided by the first peer's (time ratio; for MB/s, /s a rate
              ratio)
  any unit    with --parse REGEX: the median of the number REGEX's first group captures in CMD's
              stdout (for in-process figures such as pods/s)
A command that exits with a code not in --rc (default 0) makes the row MISS (peers: "failed").
If CORRAL_BENCH_TALLY names a file, PASS or MISS is appended to it (bench/run sums them up).
"""
import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

GNU_TIME = "/usr/bin/time"
RSS_FILE = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"corral-measure-{os.getpid()}.rss")
OPS = {"<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">=": lambda a, b: a >= b,
       ">": lambda a, b: a > b}


def parse_target(text):
    m = re.fullmatch(r"\s*(<=|>=|<|>)\s*([0-9.]+)\s*(\S*)\s*", text)
    if not m:
        sys.exit(f"measure.py: --target {text!r}: expected <op><number><unit>, e.g. '<=0.3s'")
    return m.group(1), float(m.group(2)), m.group(3)


def split_commands(argv):
    """['a', '--peer', 'jq', '--', 'jq', '.'] -> [('', ['a']), ('jq', ['jq', '.'])]."""
    commands, current, name, i = [], [], "", 0
    while i < len(argv):
        if argv[i] == "--peer" and i + 2 < len(argv) and argv[i + 2] == "--":
            commands.append((name, current))
            name, current, i = argv[i + 1], [], i + 3
            continue
        current.append(argv[i])
        i += 1
    commands.append((name, current))
    for label, cmd in commands:
        if not cmd:
            sys.exit(f"measure.py: empty command{' for peer ' + label if label else ''}")
    return commands


class Command:
    def __init__(self, name, argv):
        self.name, self.argv = name, argv
        self.wall, self.cpu, self.rss, self.parsed, self.failed = [], [], 0, [], None

    def run(self, args, record):
        stdin = open(args.stdin, "rb") if args.stdin else subprocess.DEVNULL
        stdout = subprocess.PIPE if args.parse and not self.name else subprocess.DEVNULL
        stderr = None if args.stderr else subprocess.DEVNULL
        argv = self.argv
        if os.access(GNU_TIME, os.X_OK):
            argv = [GNU_TIME, "-q", "-f", "%M", "-o", RSS_FILE, "--"] + argv
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr)
        except OSError as e:  # not installed: the row says so instead of a traceback
            self.failed = f"{argv[0]}: {e.strerror}"
            if stdin is not subprocess.DEVNULL:
                stdin.close()
            return
        out = proc.stdout.read() if stdout == subprocess.PIPE else b""
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if stdin is not subprocess.DEVNULL:
            stdin.close()
        if proc.returncode not in args.rc:
            self.failed = f"exit {proc.returncode}"
        if not record:
            return
        self.wall.append(wall)
        self.cpu.append(usage.ru_utime + usage.ru_stime)
        rss_kib = usage.ru_maxrss
        if argv is not self.argv:
            with open(RSS_FILE) as f:
                rss_kib = int(f.read().split()[-1])
        self.rss = max(self.rss, rss_kib * 1024)
        if args.parse and not self.name:
            m = re.search(args.parse, out.decode("utf-8", "replace"))
            if m:
                self.parsed.append(float(m.group(1)))
            else:
                self.failed = f"--parse {args.parse!r} matched nothing"

    def time(self, metric):
        if not self.wall:
            return float("nan")
        return statistics.median(self.cpu if metric == "cpu" else self.wall)

    def figure(self, unit, args, peer=None):
        if args.parse and not self.name:
            return statistics.median(self.parsed) if self.parsed else float("nan")
        t = self.time(args.metric)
        if unit in ("s", "ms"):
            return t * (1000 if unit == "ms" else 1)
        if unit in ("MB", "MiB"):
            return self.rss / 2**20
        if unit == "MB/s":
            return (args.bytes or 0) / 1e6 / t
        if unit.endswith("/s"):
            return (args.items or 0) / t
        if unit == "x":
            if args.bytes and args.metric == "rss":
                return (self.rss - args.baseline_rss) / args.bytes
            if peer is None or peer.failed:
                return float("nan")
            if args.bytes or args.items:  # a rate: higher is better, so corral's over the peer's
                return peer.time(args.metric) / t
            return t / peer.time(args.metric)
        sys.exit(f"measure.py: unit {unit!r} needs --parse (known: s ms MB MB/s /s x)")


def fmt(value):
    if value != value:
        return "n/a"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def peer_figure(peer, unit, args):
    if peer.failed:
        return f"failed ({peer.failed})"
    if unit == "x" or args.parse:  # show the peer's plain time beside a ratio or parsed figure
        return f"{fmt(peer.time(args.metric))} s"
    cpu = " cpu" if args.metric == "cpu" and unit in ("s", "ms") else ""
    return f"{fmt(peer.figure(unit, args))} {unit}{cpu}"


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("usage: bench/measure.py --name ROW --target '<=0.3s' [--runs 5] -- CMD... "
                 "[--peer NAME -- CMD...]...")
    cut = argv.index("--")
    p = argparse.ArgumentParser(prog="bench/measure.py")
    p.add_argument("--name", required=True)
    p.add_argument("--target", required=True, help="<op><number><unit>, e.g. '<=0.3s', '>=50MB/s'")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--peer-runs", type=int, help="runs of each peer (default --runs)")
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--metric", choices=["wall", "cpu", "rss"], default="wall")
    p.add_argument("--bytes", type=int, help="input size, for MB/s and 'x the file' targets")
    p.add_argument("--rss-baseline", metavar="'CMD ARGS'",
                   help="with --bytes and --metric rss: subtract this command's peak RSS first")
    p.add_argument("--items", type=int, help="item count, for <thing>/s targets")
    p.add_argument("--parse", help="regex whose group 1 in CMD's stdout is the figure")
    p.add_argument("--stdin", help="file fed to every command's stdin")
    p.add_argument("--stderr", action="store_true", help="let the commands' stderr through")
    p.add_argument("--rc", default="0", help="accepted exit codes, comma-separated (default 0)")
    args = p.parse_args(argv[:cut])
    args.rc = {int(c) for c in args.rc.split(",")}
    op, value, unit = parse_target(args.target)
    args.baseline_rss = 0
    if args.rss_baseline:
        base = Command("baseline", shlex.split(args.rss_baseline))
        base.run(args, record=True)
        if base.failed:
            sys.exit(f"measure.py: --rss-baseline {args.rss_baseline!r}: {base.failed}")
        args.baseline_rss = base.rss
    commands = [Command(name, cmd) for name, cmd in split_commands(argv[cut + 1:])]
    main_cmd, peers = commands[0], commands[1:]
    peer_runs = args.runs if args.peer_runs is None else args.peer_runs

    for _ in range(args.warmup):  # the command only: it also brings the inputs into the cache
        main_cmd.run(args, record=False)
    for i in range(max(args.runs, peer_runs)):
        for cmd in commands:
            if i < (peer_runs if cmd.name else args.runs) and not cmd.failed:
                cmd.run(args, record=True)

    figure = main_cmd.figure(unit, args, peers[0] if peers else None)
    ok = main_cmd.failed is None and figure == figure and OPS[op](figure, value)
    shown_unit = f" {unit}" if unit else ""
    if args.metric == "cpu" and unit in ("s", "ms") and not args.parse:
        shown_unit += " cpu"  # the figure and the peers' are CPU time, not wall
    parts = [f"target {op} {fmt(value) if value < 100 else f'{value:g}'}{shown_unit}"]
    if unit == "x" and args.bytes and args.metric == "rss":
        parts[0] += " the input"
        if args.baseline_rss:
            parts[0] += f" above {fmt(args.baseline_rss / 2**20)} MB for no input"
    parts += [f"peer {peer.name} {peer_figure(peer, unit, args)}" for peer in peers]
    details = [f"median of {args.runs} interleaved runs" if peers else f"median of {args.runs} runs"]
    if main_cmd.wall:
        details += [f"cpu {fmt(main_cmd.time('cpu'))} s", f"wall {fmt(main_cmd.time('wall'))} s",
                    f"peak RSS {fmt(main_cmd.rss / 2**20)} MB"]
        details += [f"{peer.name} cpu {fmt(peer.time('cpu'))} s, {fmt(peer.rss / 2**20)} MB"
                    for peer in peers if peer.wall and not peer.failed]
    if main_cmd.failed:
        details.append(f"command failed: {main_cmd.failed}")
    verdict = "PASS" if ok else "MISS"
    print(f"{args.name}: {fmt(figure)}{shown_unit} ({'; '.join(parts)}) {verdict}  "
          f"[{'; '.join(details)}]", flush=True)
    tally = os.environ.get("CORRAL_BENCH_TALLY")
    if tally:
        with open(tally, "a") as f:
            f.write(f"{verdict} {args.name}\n")
    return 0


def cleanup():
    try:
        os.unlink(RSS_FILE)
    except FileNotFoundError:
        pass


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup()
