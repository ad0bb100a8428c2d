#!/bin/sh
# Benchmarks `sched simulate` on the scheduler_perf SchedulingBasic shape. $1: the build dir.
set -eu
build=${1:?usage: run.sh BUILD_DIR}
cmake --build "$build" --target sched_bench >/dev/null
"$build/bench/sched_bench"
