#!/usr/bin/env bash
# probe lint and probe inject through the CLI (issue 16): >= 50 MB/s and peak RSS <= 3x the input,
# whether the Deployments come as 400 files (62 MB, and with a folded ">-" scalar in 10 % of
# them), as one multi-document file (30 MB, 120 MB), as one `kind: List` (kubectl get -o yaml) or
# as JSON (kubectl get -o json); peers on the same files: python3 CSafeLoader, kubectl's
# client-side parse.
# usage: bench/probe/run.sh BUILD_DIR   (a Release/RelWithDebInfo build gives meaningful figures)
#   PROBE_BENCH_DATA (default BUILD_DIR/bench-data/probe): where the generated inputs are kept
#   PROBE_BENCH_RUNS (5), PROBE_BENCH_PEER_RUNS (1; 0 skips the peers)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR}
data=${PROBE_BENCH_DATA:-$build/bench-data/probe}
ninja -C "$build" corral >/dev/null
python3 "$here/gen.py" "$data" # deterministic; kept between runs
python3 "$here/measure.py" "$build/corral" "$data" "${PROBE_BENCH_RUNS:-5}" \
    "${PROBE_BENCH_PEER_RUNS:-1}"
