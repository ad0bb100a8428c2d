#!/usr/bin/env bash
# corral mesos roles|offers|agents on a synthetic 110.6 MB GET /master/state (10,000 agents, 500
# frameworks, 200,000 tasks; bench/mesos/gen_state.py), from the file on disk through the CLI, with
# python3 json.load+DRF (bench/mesos/drf.py) and jq as peers in the same, interleaved runs.
# Usage: bench/mesos/run.sh BUILD_DIR       (BENCH_RUNS=5, BENCH_PEER_RUNS=5 by default)
# Targets (issue 16): roles and offers <= 0.3 s, agents -o json <= 0.5 s, peak RSS <= 1.5x the file.
# Times are judged on CPU time (user+sys; the rows say "s cpu"): on a shared 2-core machine the
# wall time measures the other jobs. The wall time is printed in each row's details.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
measure="$here/../measure.py"
corral="$build/corral"
state=${CORRAL_BENCH_STATE:-${TMPDIR:-/tmp}/corral-mesos-bench-state.json}
if [ ! -s "$state" ]; then
    echo "generating $state ..." >&2
    python3 "$here/gen_state.py" "$state"
fi
size=$(stat -c %s "$state")
runs=${BENCH_RUNS:-5}
peer_runs=${BENCH_PEER_RUNS:-5}
printf 'state: %s (%.1f MB)\n' "$state" "$(echo "$size / 1000000" | bc -l)"
peers=(--peer python3 -- python3 "$here/drf.py" "$state")
if command -v jq >/dev/null; then
    peers+=(--peer jq -- jq -c '.frameworks[] | {name, used_resources, offered_resources}' "$state")
else
    echo "jq not installed (apt-get install jq): no jq peer"
fi

"$measure" --name "mesos roles" --target '<=0.3s' --metric cpu --runs "$runs" --peer-runs "$peer_runs" \
    -- "$corral" mesos roles --state "$state" "${peers[@]}"
"$measure" --name "mesos offers" --target '<=0.3s' --metric cpu --runs "$runs" --peer-runs 0 \
    -- "$corral" mesos offers --state "$state"
agents_peer=()
command -v jq >/dev/null && agents_peer=(--peer "jq .slaves" -- jq .slaves "$state")
"$measure" --name "mesos agents -o json" --target '<=0.5s' --metric cpu --runs "$runs" --peer-runs 1 \
    -- "$corral" mesos agents --state "$state" -o json "${agents_peer[@]}"
for cmd in roles offers "agents -o json"; do
    # shellcheck disable=SC2086 # $cmd is two words for agents
    "$measure" --name "mesos $cmd peak RSS" --target '<=1.5x' --metric rss --bytes "$size" \
        --runs 1 -- "$corral" mesos $cmd --state "$state"
done
