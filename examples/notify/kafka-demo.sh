#!/bin/bash
# Offline part of `corral notify` on the Kafka side: decode MinIO bucket events as they arrive on a
# Kafka topic (here: saved messages, one per line, as `kcat -C -f '%s\n'` prints them), filter
# them, and run a hook per event. Usage: bash kafka-demo.sh /path/to/corral
set -euo pipefail
corral=${1:-corral}
cd "$(dirname "$0")"
run() {
    echo "\$ corral $*"
    "$corral" "$@"
    echo
}
run notify watch --from-file kafka-events.jsonl
run notify watch --from-file kafka-events.jsonl -o jsonl --event put --prefix 2024/
run -q notify watch --from-file kafka-events.jsonl --event delete \
    --exec 'echo "hook: $CORRAL_EVENT $CORRAL_BUCKET/$CORRAL_KEY (size ${CORRAL_SIZE:-none})"'
echo "# live: corral notify topic check -b kafka1:9092 -t minio-events"
echo "# live: corral notify watch -b kafka1:9092 -t minio-events -g thumbnailer --exec ./thumbnail.sh"
