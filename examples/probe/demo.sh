#!/usr/bin/env bash
# corral probe demo: generate probes, splice them into a commented multi-document manifest
# without touching any other byte, and lint the result as the API server would.
# usage: bash demo.sh /path/to/corral   (offline, a few seconds)
set -euo pipefail
corral=${1:-corral}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {
    echo "\$ corral $*"
    "$corral" "$@"
    echo
}

run probe http --kind liveness --port 8080 --path /healthz --slow-start 5m
run probe --readiness --get-url http://:8080/ready -o json
run probe exec --kind startup -- pg_isready -U postgres
echo "\$ corral probe tcp --kind liveness --port 8080 --success-threshold 2   # refused like the API server"
"$corral" probe tcp --kind liveness --port 8080 --success-threshold 2 || echo "(exit $?)"
echo

cp app.yaml "$tmp/app.yaml"
cp app.yaml "$tmp/original.yaml"
cd "$tmp"
echo "\$ corral probe lint -f app.yaml   # before"
"$corral" probe lint -f app.yaml || true
echo

echo "\$ corral probe inject http --kind readiness --port http --path /ready -f app.yaml --container api --in-place"
"$corral" probe inject http --kind readiness --port http --path /ready -f app.yaml --container api --in-place
echo "\$ corral probe inject http --kind liveness --port http --path /healthz --slow-start 2m -f app.yaml --container api --in-place"
"$corral" probe inject http --kind liveness --port http --path /healthz --slow-start 2m \
    -f app.yaml --container api --in-place
echo "\$ corral probe inject tcp --kind readiness --port pg -f app.yaml --container postgres --in-place"
"$corral" probe inject tcp --kind readiness --port pg -f app.yaml --container postgres --in-place
echo
echo "\$ diff original.yaml app.yaml   # only added lines"
diff original.yaml app.yaml || true
echo

echo "\$ corral probe inject ... (same command again: nothing changes)"
cp app.yaml before.yaml
"$corral" -q probe inject tcp --kind readiness --port pg -f app.yaml --container postgres --in-place
cmp before.yaml app.yaml && echo "identical"
echo

echo "\$ corral probe lint -f app.yaml -o json | head -20   # after"
"$corral" -o json probe lint -f app.yaml | head -20 || true
