#!/usr/bin/env bash
# probe lint and probe inject through the CLI (issue 16): >= 50 MB/s and peak RSS <= 3x the input,
# whether the Deployments come as 400 files (~60 MB; and with a folded ">-" scalar in 10 % of
# them), as one multi-document file (30 MB, 120 MB), as one `kind: List` (kubectl get -o yaml) or
# as JSON (kubectl get -o json). Peers on the same files, interleaved: python3 yaml.CSafeLoader
# and kubectl's client-side parse (`kubectl annotate --local -o name`: reads and decodes every
# object, no server). The machine may be shared: rates are input / median CPU time (the wall time
# is printed beside it), and bench/run prints the load average.
# usage: bench/probe/run.sh BUILD_DIR   (a Release/RelWithDebInfo build gives meaningful figures)
#   PROBE_BENCH_DATA   where the generated inputs are kept (default $TMPDIR/corral-probe-bench)
#   PROBE_BENCH_RUNS   runs per row (5); PROBE_BENCH_PEER_RUNS runs per peer (1: 20-60 s each;
#                      0 leaves the peers out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR}
corral="$build/corral"
measure="$here/../measure.py"
data=${PROBE_BENCH_DATA:-${TMPDIR:-/tmp}/corral-probe-bench}
runs=${PROBE_BENCH_RUNS:-5}
peer_runs=${PROBE_BENCH_PEER_RUNS:-1}
python3 "$here/gen.py" "$data" # deterministic; kept between runs

loader='import sys, yaml
for f in sys.argv[1:]:
    with open(f, "rb") as s:
        for _ in yaml.load_all(s, Loader=yaml.CSafeLoader): pass'

row() { # NAME INPUT: lint and inject, their rate against the peers and their peak RSS
    local name=$1 input=$2 bytes files peers=()
    bytes=$(du -sb "$input" | cut -f1)
    if [ -d "$input" ]; then mapfile -t files < <(find "$input" -type f | sort); else files=("$input"); fi
    if ((peer_runs > 0)) && [ "$name" != "stream 120 MB" ]; then
        peers=(--peer csafeloader -- python3 -c "$loader" "${files[@]}")
        if command -v kubectl >/dev/null; then
            peers+=(--peer kubectl-parse -- kubectl annotate --local -o name -f "$input" corral-bench=1)
        fi
    fi
    local inject=(probe inject tcp --kind liveness --port 8080 --all-containers -f "$input")
    python3 "$measure" --name "probe lint, $name" --target '>=50MB/s' --metric cpu \
        --bytes "$bytes" --runs "$runs" --peer-runs "$peer_runs" --rc 0,1 \
        -- "$corral" -q probe lint -f "$input" "${peers[@]}"
    python3 "$measure" --name "probe inject, $name" --target '>=50MB/s' --metric cpu \
        --bytes "$bytes" --runs "$runs" -- "$corral" -q "${inject[@]}"
    python3 "$measure" --name "probe lint RSS, $name" --target '<=3x' --metric rss \
        --bytes "$bytes" --rss-baseline "$corral version" --runs 1 --warmup 0 --rc 0,1 -- "$corral" -q probe lint -f "$input"
    python3 "$measure" --name "probe inject RSS, $name" --target '<=3x' --metric rss \
        --bytes "$bytes" --rss-baseline "$corral version" --runs 1 --warmup 0 -- "$corral" -q "${inject[@]}"
}

row "400 files" "$data/files"
row "400 files, 10% folded" "$data/files-folded"
row "stream 30 MB" "$data/stream-30.yaml"
row "stream 120 MB" "$data/stream-120.yaml"
row "kind: List 30 MB" "$data/list-30.yaml"
row "kubectl -o json List" "$data/list-30.json"
