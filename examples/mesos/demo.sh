#!/usr/bin/env bash
# corral mesos on bundled files: a recorded Mesos 0.22 /master/state (6 agents, 5 frameworks,
# one outstanding offer; dcos-ui fixture, Apache-2.0) with completed tasks removed, and the
# /master/roles example of docs/quota.md. Offline, a few seconds.
# Usage: bash demo.sh /path/to/corral
set -euo pipefail
corral=${1:-corral}
cd "$(dirname "$0")"
# The /master/roles example is a public fixture, read in place from shared/data beside the checkout.
shared=${CORRAL_SHARED_DATA:-../../../shared/data}
quote() {
    if [[ $1 =~ ^[A-Za-z0-9_./=,:@+-]+$ ]]; then
        printf ' %s' "$1"
    else
        printf " '%s'" "${1//\'/\'\\\'\'}"
    fi
}
run() {
    printf '$ corral'
    for arg in "$@"; do quote "$arg"; done
    echo
    "$corral" "$@"
    echo
}
run mesos resources 'cpus:4;mem:8192;ports:[31000-31100,31050-32000];cpus(web):1.5015;disks:{sda1,sda2}'
run mesos attributes 'rack:r1;os:centos 7;level:10;ports:[1000-1500]'
echo "\$ corral mesos resources 'cpus:1;cpus:[1-2]'    # rejected exactly as the agent would"
"$corral" mesos resources 'cpus:1;cpus:[1-2]' || echo "(exit $?)"
echo
run mesos agents --state master-state.json
run mesos frameworks --state master-state.json
if [[ -f $shared/mesos/doc-master-roles-quota.json ]]; then
    run mesos roles --state master-state.json --roles "$shared/mesos/doc-master-roles-quota.json"
else
    echo "(no $shared/mesos/doc-master-roles-quota.json: roles without weights and quota)"
    run mesos roles --state master-state.json
fi
run mesos offers --state master-state.json
run mesos fit --state master-state.json --task cpus=2,mem=4096,ports=1 --count 30
echo "\$ corral mesos frameworks --state master-state.json -o json | python3 -c ...  # name, dominant resource, share"
"$corral" mesos frameworks --state master-state.json -o json |
    python3 -c 'import json,sys; [print(f["name"], f["dominant_resource"], f["dominant_share"]) for f in json.load(sys.stdin)["frameworks"]]'
