#!/bin/bash
# notify watch throughput against kcat on the same topic in the same run (issue 7 targets:
# >= 200,000 events/s and >= 0.8x kcat's consume rate).
# usage: bench/notify-kafka/run.sh BUILD_DIR [EVENTS]
# 200,000 MinIO-shaped events (~1.1 KB) go into a 64-partition topic of librdkafka's mock cluster
# (it keeps only ~5 MB per partition: 64 partitions hold 200k events). Both consumers read every
# partition without a consumer group (kcat -C; corral --no-group) so that the mock's 3 s group
# join does not count; a group run (what `notify watch` does by default) is timed too.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [EVENTS]}" && pwd)
events=${2:-200000}
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

time_it() { # prints seconds
    local t0 t1
    t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc
}

cpu=/tmp/corral-bench-cpu.$$
kcat_s=$(time_it /usr/bin/time -o "$cpu.kcat" -f "%U s user + %S s sys" sh -c "kcat -b '$bootstrap' -C -t bench -o beginning -e -q | wc -l > /tmp/corral-bench-kcat.$$")
kcat_n=$(cat /tmp/corral-bench-kcat.$$)
corral_s=$(time_it sh -c "'$corral' -q notify watch -b '$bootstrap' -t bench --no-group --from-beginning --max-events $events -o jsonl | wc -l > /tmp/corral-bench-corral.$$")
corral_n=$(cat /tmp/corral-bench-corral.$$)
# the same with output to /dev/null, as in the issue's command line
null_s=$(time_it /usr/bin/time -o "$cpu.corral" -f "%U s user + %S s sys" sh -c "'$corral' -q notify watch -b '$bootstrap' -t bench --no-group --from-beginning --max-events $events -o jsonl >/dev/null")
group_s=$(time_it sh -c "'$corral' -q notify watch -b '$bootstrap' -t bench -g bench-$$ --session-timeout 10 --from-beginning --max-events $events -o jsonl >/dev/null")
kcat_cpu=$(tail -1 "$cpu.kcat")
corral_cpu=$(tail -1 "$cpu.corral")
rm -f /tmp/corral-bench-kcat.$$ /tmp/corral-bench-corral.$$ "$cpu.kcat" "$cpu.corral"

rate() { echo "scale=0; $1 / $2" | bc; }
kcat_rate=$(rate "$kcat_n" "$kcat_s")
corral_rate=$(rate "$events" "$null_s")
echo "kcat -C -e -o beginning:            $kcat_n messages in ${kcat_s} s = $kcat_rate msg/s (CPU, with wc: $kcat_cpu)"
echo "corral notify watch --no-group | wc: $corral_n events in ${corral_s} s"
echo "corral notify watch --no-group >/dev/null: $events events in ${null_s} s = $corral_rate events/s (CPU: $corral_cpu)"
echo "corral notify watch (group, incl. the mock's 3 s join) >/dev/null: ${group_s} s"
ratio=$(echo "scale=2; $corral_rate / $kcat_rate" | bc)
echo "ratio corral/kcat: $ratio (target >= 0.8); rate target >= 200000 events/s"
ok=1
[ "$corral_n" -eq "$events" ] || { echo "FAIL: corral printed $corral_n lines, expected $events"; ok=0; }
[ "$(echo "$corral_rate >= 200000" | bc)" = 1 ] || { echo "MISS: below 200,000 events/s"; ok=0; }
[ "$(echo "$ratio >= 0.8" | bc)" = 1 ] || { echo "MISS: below 0.8x kcat"; ok=0; }
[ $ok = 1 ] && echo "targets met"
exit 0
