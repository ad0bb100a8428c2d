#!/usr/bin/env bash
# probe lint throughput (issue 4: >= 50 MB/s on one core over 10,000 Deployments).
# usage: bench/probe/run.sh BUILD_DIR   (a Release/RelWithDebInfo build gives meaningful figures)
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
ninja -C "$build" probe_lint_bench >/dev/null
taskset -c 0 "$build/bench/probe_lint_bench" 10000 3 2>/dev/null || "$build/bench/probe_lint_bench" 10000 3
