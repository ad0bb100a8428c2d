#!/usr/bin/env bash
# sched simulate and sched lint end to end from files on disk, generated once (seeded) under
# $CORRAL_BENCH_DIR (default $TMPDIR/corral-bench-sched): scheduler_perf's SchedulingBasic shape
# as kubectl writes it (-o yaml streams, -o yaml Lists, -o json Lists), beside kubectl's
# client-side parse of the same files (`kubectl label --local -o name`: no server, every object
# decoded) and python3's (yaml CSafeLoader, json.load). Times are CPU time (the machine is
# shared; bench/run prints the load average). Then the library-only simulator (sched_bench).
#   bench/sched/run.sh BUILD_DIR      env: RUNS (5), BIG=0 skips the 15,000-node rows
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
measure="python3 $here/../measure.py"
corral="$build/corral"
work=${CORRAL_BENCH_DIR:-${TMPDIR:-/tmp}/corral-bench-sched}
runs=${RUNS:-5}
cmake --build "$build" --target corral sched_bench >/dev/null

gen() { # DIR NODES BOUND PENDING [--json|--yaml-list]
    local ext=yaml
    case "${5:-}" in --json) ext=json ;; --yaml-list) ext=list.yaml ;; esac
    if [ ! -s "$work/$1/pending.$ext" ]; then
        python3 "$here/gen_cluster.py" "$work/$1" "$2" "$3" "$4" ${5:-}
    fi
    cluster="$work/$1/cluster.$ext" pending="$work/$1/pending.$ext"
    bytes=$(($(stat -c %s "$cluster") + $(stat -c %s "$pending")))
}

peers=()
set_peers() { # json|yaml
    peers=()
    if command -v kubectl >/dev/null; then
        peers+=(--peer "kubectl parse" -- kubectl label --local -o name -f "$cluster" -f "$pending" bench=1)
    fi
    if [ "$1" = json ]; then
        peers+=(--peer "python3 json.load" -- python3 -c \
            'import json,sys
for f in sys.argv[1:]: json.load(open(f))' "$cluster" "$pending")
    else
        peers+=(--peer "python3 CSafeLoader" -- python3 -c \
            'import yaml,sys
for f in sys.argv[1:]:
    for _ in yaml.load_all(open(f), Loader=yaml.CSafeLoader): pass' "$cluster" "$pending")
    fi
}

simulate_rows() { # LABEL TIME_TARGET RSS_TARGET PEER_RUNS GEN_ARGS...
    local label=$1 time_target=$2 rss_target=$3 peer_runs=$4 kind
    shift 4
    for format in "" --yaml-list --json; do
        gen "$@" $format
        case $format in --json) kind="JSON List" ;; --yaml-list) kind="YAML List" ;; *) kind="YAML" ;; esac
        set_peers "$([ "$format" = --json ] && echo json || echo yaml)"
        local mb=$(echo "scale=1; $bytes / 1000000" | bc)
        $measure --name "sched simulate $label, $kind $mb MB (cpu)" --target "$time_target" \
            --metric cpu --runs "$runs" --peer-runs "$peer_runs" \
            -- "$corral" sched simulate --cluster "$cluster" --pods "$pending" "${peers[@]}"
        $measure --name "sched simulate $label, $kind peak RSS" --target "$rss_target" \
            --metric rss --runs 1 --warmup 0 \
            -- "$corral" sched simulate --cluster "$cluster" --pods "$pending"
        $measure --name "sched simulate $label, $kind RSS over the input" --target "<=3x" \
            --metric rss --bytes "$bytes" --rss-baseline "$corral version" --runs 1 --warmup 0 \
            -- "$corral" sched simulate --cluster "$cluster" --pods "$pending"
    done
}

simulate_rows "5,000 nodes + 1,000 bound, 10,000 pending" "<=0.5s" "<=150MB" "$runs" basic 5000 1000 10000

gen basic 5000 1000 10000
config="$work/score-all.yaml"
printf 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 100\n' >"$config"
# Pods per CPU second of the whole run (loading included: a lower bound of the scheduling
# part's rate; the CLI reports the phases in wall time only, which a shared machine stretches).
$measure --name "sched simulate percentageOfNodesToScore 100, 10,000 pods per CPU second" \
    --target ">=10000/s" --metric cpu --items 10000 --runs "$runs" \
    -- "$corral" sched simulate --config "$config" --cluster "$cluster" --pods "$pending"

lint="$work/lint-1mb.yaml"
[ -s "$lint" ] || python3 "$here/gen_config.py" "$lint"
lint_bytes=$(stat -c %s "$lint")
$measure --name "sched lint, 1 MB config (cpu)" --target "<=50ms" --metric cpu --runs "$runs" \
    -- "$corral" sched lint "$lint"
$measure --name "sched lint, 1 MB config peak RSS" --target "<=3x" --metric rss --bytes "$lint_bytes" \
    --rss-baseline "$corral version" --runs 1 --warmup 0 -- "$corral" sched lint "$lint"

if [ "${BIG:-1}" = 1 ]; then
    # The peers take a minute of CPU each on these files: one run.
    simulate_rows "15,000 nodes, 150,000 pending" "<=5s" "<=500MB" 1 big 15000 0 150000
fi

echo "library only (no file reading):"
"$build/bench/sched_bench"
