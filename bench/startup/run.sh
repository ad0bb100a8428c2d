#!/usr/bin/env bash
# Process start-up of offline commands against /bin/true (target: <= 3 ms median; SPEC §0).
set -euo pipefail
build=$1
corral=$build/corral
runs=${BENCH_RUNS:-200}
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 20 --runs "$runs" --style basic --export-json "$build/bench-startup.json" \
        "/bin/true" "$corral --version" "$corral version" "$corral completion bash" \
        "$corral probe http --kind liveness --port 8080" >/dev/null
    python3 - "$build/bench-startup.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
print(f"{'command':40} {'median ms':>10} {'mean ms':>10}")
for r in data["results"]:
    print(f"{r['command'].split('/')[-1]:40} {r['median']*1000:10.2f} {r['mean']*1000:10.2f}")
PY
else
    echo "hyperfine missing (scripts/install-deps)"; exit 1
fi
echo "libraries loaded at start of 'corral --version':"
ldd "$corral" | awk '{print "  " $1}' | sort
