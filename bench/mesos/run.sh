#!/usr/bin/env bash
# Times corral mesos agents|roles|offers on a synthetic ~100 MB /master/state (10,000 agents,
# 500 frameworks, 200,000 tasks) and runs python3 json.load+DRF and jq beside it in the same run.
# Usage: bench/mesos/run.sh BUILD_DIR   (targets: <= 0.5 s and <= 1.5x the file size peak RSS)
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
corral="$build/corral"
state=${CORRAL_BENCH_STATE:-${TMPDIR:-/tmp}/corral-mesos-bench-state.json}
if [ ! -s "$state" ]; then
    echo "generating $state ..." >&2
    python3 "$here/gen_state.py" "$state"
fi
size=$(stat -c %s "$state")
printf 'state: %s (%.1f MB)\n' "$state" "$(echo "$size / 1000000" | bc -l)"

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
if [ ! -x /usr/bin/time ]; then
    echo "GNU time is needed (apt-get install time)" >&2
    exit 1
fi

# measure NAME CMD...: best wall and CPU time of $runs runs and the peak RSS (GNU time), stdout discarded.
measure() {
    local name=$1; shift
    local best="" best_cpu="" rss=0 cpu
    for ((run = 0; run < runs; run++)); do
        /usr/bin/time -o "$timing" -f '%e %M %U %S' "$@" > /dev/null 2> /dev/null || true
        local out t m u s
        read -r t m u s < <(tail -1 "$timing")
        cpu=$(echo "$u + $s" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
        if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu; fi
        if [ "$m" -gt "$rss" ]; then rss=$m; fi
    done
    printf '%-24s %6.2f s wall %6.2f s cpu %8.1f MB peak RSS (%.2fx file)\n' "$name" "$best" \
        "$best_cpu" "$(echo "$rss / 1024" | bc -l)" "$(echo "$rss * 1024 / $size" | bc -l)"
    eval "T_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_')=$best_cpu"
}

runs=3
measure "corral mesos agents" "$corral" mesos agents --state "$state" -o json
measure "corral mesos roles" "$corral" mesos roles --state "$state" -o json
measure "corral mesos offers" "$corral" mesos offers --state "$state" -o json
runs=1 # the peers take seconds each
measure "python3 json.load+DRF" python3 "$here/drf.py" "$state"
if command -v jq > /dev/null; then
    measure "jq frameworks summary" jq -c '.frameworks[] | {name, used_resources, offered_resources}' "$state"
else
    echo "jq not installed (apt-get install jq): skipped"
fi
# Ratios of CPU time (the machine may be shared; wall time then says little).
c=${T_corral_mesos_roles:-0}
[ "$(echo "$c == 0" | bc)" = 1 ] && c=0.01
printf 'cpu ratio python/corral roles: %.1fx\n' "$(echo "$T_python3_json_load_DRF / $c" | bc -l)"
if [ -n "${T_jq_frameworks_summary:-}" ]; then
    printf 'cpu ratio jq/corral roles:     %.1fx\n' "$(echo "$T_jq_frameworks_summary / $c" | bc -l)"
fi
echo "targets: corral <= 0.5 s and <= 1.5x file size peak RSS"
