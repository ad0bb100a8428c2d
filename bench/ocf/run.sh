#!/usr/bin/env bash
# corral ocf figures: `ocf lint` over the heartbeat agents against the shell loop of meta-data |
# xmllint (issue 16 target); lint throughput over every installed agent's saved meta-data against
# xmllint --dtdvalid (the peer of `ocf lint --schema dtd`); `ocf test` against ocf-tester on Dummy.
#   bench/ocf/run.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
corral=$build/corral
here=$(cd "$(dirname "$0")" && pwd)
export OCF_ROOT=/usr/lib/ocf
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

# Issue 16 target: `ocf lint` over resource-agents' heartbeat agents (each run for its meta-data)
# in no more wall time than the shell loop `meta-data | xmllint --noout -`. Five runs of each,
# interleaved (corral, loop, corral, ...), medians of wall and of CPU (user+sys, children
# included: the agents are most of it). The machine may be shared: CPU time is the steadier figure.
heartbeat=$OCF_ROOT/resource.d/heartbeat
agents=$(find "$heartbeat" -maxdepth 1 -type f -perm -u+x | wc -l)
# corral exits 1: awseip, awsvip and ocivip declare action "validate" (SPEC §1).
python3 "$here/../measure.py" --name "ocf lint, $agents heartbeat agents (wall vs the shell loop)" \
    --target '<=1x' --runs "${OCF_BENCH_RUNS:-5}" --rc 0,1 -- "$corral" -q ocf lint "$heartbeat" \
    --peer "meta-data|xmllint loop" -- bash -c \
    'for a in "$1"/*; do OCF_ROOT=/usr/lib/ocf "$a" meta-data | xmllint --noout -; done' loop "$heartbeat"

rate() { awk -v n="$1" -v t0="$2" -v t1="$3" 'BEGIN { printf "%.0f files/s (%.3f s)", n / (t1 - t0), t1 - t0 }'; }

mkdir "$work/xml"
n=0
for a in "$OCF_ROOT"/resource.d/heartbeat/* "$OCF_ROOT"/resource.d/pacemaker/*; do
    [ -x "$a" ] && [ -f "$a" ] || continue
    "$a" meta-data > "$work/xml/$(basename "$(dirname "$a")")-$(basename "$a").xml" 2>/dev/null || continue
    n=$((n + 1))
done
echo "corpus: $n installed agents' meta-data"

t0=$(now); xmllint --noout --dtdvalid /usr/share/resource-agents/ra-api-1.dtd "$work"/xml/*.xml >/dev/null 2>&1 || true; t1=$(now)
echo "xmllint --dtdvalid, one process:      $(rate "$n" "$t0" "$t1")"
t0=$(now); "$corral" ocf lint --schema dtd "$work"/xml/*.xml >/dev/null || true; t1=$(now)
echo "corral ocf lint --schema dtd, one:    $(rate "$n" "$t0" "$t1")"
t0=$(now); "$corral" ocf lint "$work"/xml/*.xml >/dev/null || true; t1=$(now)
echo "corral ocf lint (auto + semantics):   $(rate "$n" "$t0" "$t1")"
t0=$(now); for f in "$work"/xml/*.xml; do xmllint --noout --dtdvalid /usr/share/resource-agents/ra-api-1.dtd "$f" >/dev/null 2>&1 || true; done; t1=$(now)
echo "xmllint --dtdvalid, process per file: $(rate "$n" "$t0" "$t1")"
t0=$(now); for f in "$work"/xml/*.xml; do "$corral" ocf lint --schema dtd "$f" >/dev/null || true; done; t1=$(now)
echo "corral ocf lint, process per file:    $(rate "$n" "$t0" "$t1")"
if [ -x "$build/bench/ocf_lint_bench" ]; then
    "$build/bench/ocf_lint_bench" "$work/xml" 20
fi

cp "$OCF_ROOT/resource.d/heartbeat/Dummy" "$work/Dummy"
cd "$work"
t0=$(now); ocf-tester -n bench "$work/Dummy" >/dev/null 2>&1 || true; t1=$(now)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "ocf-tester on Dummy:      %.2f s\n", b - a }'
# ocf-tester ends with migrate_from, which starts Dummy again: stop it.
OCF_RESOURCE_INSTANCE=bench "$work/Dummy" stop >/dev/null 2>&1 || true
t0=$(now); "$corral" ocf test "$work/Dummy" >/dev/null || true; t1=$(now)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "corral ocf test on Dummy: %.2f s (more steps)\n", b - a }'
