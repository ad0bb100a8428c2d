#!/usr/bin/env bash
# Process start-up against /bin/true (issue 16 target: <= 2.5x /bin/true's CPU time).
#   bench/startup/run.sh BUILD_DIR          (BENCH_RUNS=200 by default)
# Each command runs BENCH_RUNS times, interleaved with /bin/true (true, cmd1, cmd2, cmd3, true, ...),
# spawned directly (posix_spawn, no shell, no /usr/bin/time: at ~1 ms a wrapper's own start-up
# would hide the difference) and timed with wait4()'s rusage (CPU: user+sys) and a monotonic
# clock (wall). Rows print medians in bench/measure.py's format. CPU time is the figure: on the
# shared 2-core machine wall time follows the load average, printed by bench/run.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
corral=$build/corral
[ -x "$corral" ] || { echo "missing $corral (build the default targets first)" >&2; exit 2; }
python3 - "$corral" "${BENCH_RUNS:-200}" <<'PY'
import os, statistics, sys, time

corral, runs = sys.argv[1], int(sys.argv[2])
peer = ["/bin/true"]
commands = [("corral --version", [corral, "--version"]),
            ("corral version", [corral, "version"]),
            ("corral mesos resources 'cpus:1'", [corral, "mesos", "resources", "cpus:1"])]
devnull = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]

def run(argv):
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench/startup: {' '.join(argv)} failed")
    return usage.ru_utime + usage.ru_stime, wall

all_argv = [peer] + [argv for _, argv in commands]
for argv in all_argv:  # warm the page cache
    for _ in range(5):
        run(argv)
samples = {tuple(a): ([], []) for a in all_argv}
for _ in range(runs):
    for argv in all_argv:
        cpu, wall = run(argv)
        samples[tuple(argv)][0].append(cpu)
        samples[tuple(argv)][1].append(wall)

def med(argv, i):
    return statistics.median(samples[tuple(argv)][i]) * 1000

true_cpu, true_wall = med(peer, 0), med(peer, 1)
tally = os.environ.get("CORRAL_BENCH_TALLY")
for name, argv in commands:
    cpu, wall = med(argv, 0), med(argv, 1)
    ratio = cpu / true_cpu
    verdict = "PASS" if ratio <= 2.5 else "MISS"
    print(f"start-up {name}: {ratio:.2f} x (target <= 2.5 x; peer /bin/true {true_cpu:.2f} ms cpu) "
          f"{verdict}  [median of {runs} interleaved runs; cpu {cpu:.2f} ms; wall {wall:.2f} ms; "
          f"/bin/true wall {true_wall:.2f} ms]", flush=True)
    if tally:
        with open(tally, "a") as f:
            f.write(f"{verdict} start-up {name}\n")
PY
echo "libraries loaded at start of 'corral --version':"
ldd "$corral" | awk '{print "  " $1}' | sort
