#!/bin/sh
# Benchmarks `sched simulate` and `sched lint` end to end from files on disk (generated once,
# seeded, under $CORRAL_BENCH_DIR or $TMPDIR), beside kubectl's and python's parse of the same
# files, then the library-only simulator (sched_bench). $1: the build dir.
# Env: RUNS (5), BIG=0 skips the 15,000-node / 150,000-pod rows, PEERS=0 skips the peers.
set -eu
build=${1:?usage: run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=${CORRAL_BENCH_DIR:-${TMPDIR:-/tmp}/corral-bench-sched}
cmake --build "$build" --target corral sched_bench >/dev/null
python3 "$here/bench.py" "$build/corral" "$work"
echo "-- library only (no file reading):"
"$build/bench/sched_bench"
