#!/bin/bash
# notify watch against kcat on the same topic, in the same run (issue 16 targets: >= 1.0x kcat's
# consume rate in every run, CPU <= 1.5x kcat's).
# usage: bench/notify-kafka/run.sh BUILD_DIR [EVENTS]       (BENCH_RUNS=3 interleaved runs)
# EVENTS MinIO-shaped events (~1.1 KB, default 200,000) go into a 64-partition topic of
# librdkafka's mock cluster (it keeps only ~5 MB per partition: 64 partitions hold 200k events).
# Both consumers read every partition without a consumer group (kcat -C; corral --no-group) so
# that the mock's 3 s group join does not count. Output compared: corral -o jsonl (decoded, one
# line per event) against kcat's raw payloads (one per line), both to /dev/null.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [EVENTS]}" && pwd)
events=${2:-200000}
runs=${BENCH_RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
corral=$build/corral
mock=$build/tests/integration/notify-kafka/notify_kafka_mock
export CORRAL_MODULE_DIR=$build
for tool in "$corral" "$mock"; do
    [ -x "$tool" ] || { echo "missing $tool (build the default targets first)" >&2; exit 2; }
done
command -v kcat >/dev/null || { echo "kcat not installed" >&2; exit 2; }

fifo=$(mktemp -u)
mkfifo "$fifo"
"$mock" --topic bench:64 --produce "bench:$events" > "$fifo" &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null; rm -f "$fifo"' EXIT
exec 3< "$fifo"
read -r line <&3
bootstrap=${line#BOOTSTRAP=}
start=$(date +%s.%N)
read -r ready <&3
echo "produced $events events into a 64-partition mock topic in $(echo "$(date +%s.%N) - $start" | bc) s"

echo "corral printed $("$corral" -q notify watch -b "$bootstrap" -t bench --no-group \
    --from-beginning --max-events "$events" -o jsonl | wc -l) lines for $events events"
corral_cmd=("$corral" -q notify watch -b "$bootstrap" -t bench --no-group --from-beginning
            --max-events "$events" -o jsonl)
kcat_cmd=(kcat -b "$bootstrap" -C -t bench -o beginning -e -q)
python3 "$here/measure.py" --name "notify watch rate vs kcat" --target '>=1.0x' --items "$events" \
    --runs "$runs" -- "${corral_cmd[@]}" --peer kcat -- "${kcat_cmd[@]}"
python3 "$here/measure.py" --name "notify watch CPU vs kcat" --target '<=1.5x' --metric cpu \
    --runs "$runs" -- "${corral_cmd[@]}" --peer kcat -- "${kcat_cmd[@]}"
