#!/usr/bin/env bash
# corral ocf demo: scaffold an agent from a spec, lint and test it without a cluster, install it.
# Usage: bash demo.sh /path/to/corral   (run from this folder; offline, a few seconds)
set -euo pipefail
corral=${1:?usage: demo.sh /path/to/corral}
work=$(mktemp -d)
chmod 755 "$work" # ocf test runs meta-data as nobody when root
trap 'rm -rf "$work"' EXIT
export OCF_ROOT=${OCF_ROOT:-/usr/lib/ocf}

run() {
    echo "\$ corral $*"
    "$corral" "$@"
    echo
}

run ocf new --from webd.yaml --out "$work"
run ocf lint "$work/webd"
run ocf meta "$work/webd"
run ocf new counter --provider demo --param "step:integer=1" --promotable --notify --out "$work"
run ocf test "$work/counter"
echo "\$ corral ocf lint legacy-meta.xml   # exits 1: errors found"
"$corral" ocf lint legacy-meta.xml || echo "(exit $?)"
echo
mkdir "$work/root"
run ocf install "$work/counter" --provider demo --root "$work/root"
