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
if [[ -e ${OCF_FUNCTIONS_DIR:-$OCF_ROOT/lib/heartbeat}/ocf-shellfuncs ]]; then
    run ocf test "$work/counter"
else
    # `make demo` installs the build dependencies only; agents source resource-agents' shell library.
    echo "\$ corral ocf test $work/counter   # skipped: needs resource-agents (apt-get install resource-agents)"
    echo
fi
echo "\$ corral ocf lint legacy-meta.xml   # exits 1: errors found"
"$corral" ocf lint legacy-meta.xml || echo "(exit $?)"
echo
mkdir "$work/root"
run ocf install "$work/counter" --provider demo --root "$work/root"
