#!/bin/bash
# corral sched demo: generate configs, lint an old one, and simulate the motivating GPU case.
set -eu
corral=${1:-corral}
run() {
    echo "\$ corral $*"
    "$corral" "$@"
    echo
}
run sched config --preset binpack
run sched lint -f binpack.yaml
echo "\$ corral sched lint -f old-v1beta2.yaml   # exits 1: removed API version and plugins"
"$corral" sched lint -f old-v1beta2.yaml || true
echo
run sched lint -f old-v1beta2.yaml --fix
run sched simulate --config default.yaml --cluster gpu-cluster.yaml --pods gpu-pods.yaml
run sched simulate --config binpack.yaml --cluster gpu-cluster.yaml --pods gpu-pods.yaml
run sched simulate --config default.yaml --compare binpack.yaml --cluster mixed-cluster.yaml --pods mixed-pods.yaml
run sched simulate --cluster mixed-cluster.yaml --pods mixed-pods.yaml --explain shop/worker
