#!/usr/bin/env bash
# corral notify (MinIO side), offline: the Kafka target in the three renderings, then a bucket
# rule added to a saved notification configuration with --dry-run (no server needed).
# Usage: bash demo.sh /path/to/corral   (run from this folder)
set -euo pipefail
corral=${1:-corral}
# The saved GET ?notification= answer is a public fixture, read in place from shared/data beside
# the checkout.
current=${CORRAL_SHARED_DATA:-../../../shared/data}/minio/minio-get-response.xml
run() {
    echo "\$ corral $*"
    "$corral" "$@" 2>&1
    echo
}

echo "# 1. The Kafka target, as an mc command (MinIO's env names and k8s env follow)"
run notify target --id 1 --alias myminio --brokers kafka-1:9092,kafka-2:9092 --topic bucketevents \
    --queue-dir /var/minio/events --compression zstd

export CORRAL_KAFKA_SASL_PASSWORD=demo-only-secret
run -q notify target --id 1 --brokers kafka-1:9093 --topic bucketevents --tls \
    --sasl scram-sha-512 --sasl-username minio --format env
run -q notify target --id 1 --brokers kafka-1:9093 --topic bucketevents --tls \
    --sasl scram-sha-512 --sasl-username minio --format k8s --k8s-secret minio-kafka
unset CORRAL_KAFKA_SASL_PASSWORD

echo "# 2. MinIO's silent trap: an unknown SASL mechanism would mean PLAIN; corral refuses it"
echo "\$ corral notify target --id 1 --brokers kafka-1:9092 --topic t --sasl scram --sasl-username u"
"$corral" notify target --id 1 --brokers kafka-1:9092 --topic t --sasl scram --sasl-username u 2>&1 ||
    echo "(exit $?)"
echo

if [[ -f $current ]]; then
    echo "# 3. The bucket's current rules (saved GET ?notification= answer) and a new rule, dry run"
    run notify event list --current "$current"
    run notify event add --dry-run --current "$current" \
        --arn arn:minio:sqs::1:kafka --event put --suffix .png

    echo "# 4. MinIO would refuse the identical rule; corral says so before writing"
    echo "\$ corral notify event add --dry-run --current $current --arn arn:minio:sqs::1:kafka --event put,delete --prefix photos/ --suffix .jpg"
    "$corral" notify event add --dry-run --current "$current" \
        --arn arn:minio:sqs::1:kafka --event put,delete --prefix photos/ --suffix .jpg 2>&1 || echo "(exit $?)"
else
    echo "# 3.-4. skipped: no $current (the public fixtures folder)"
fi
echo
echo "# 5. Consuming the events: decode saved Kafka messages offline (notify watch --from-file)"
bash kafka-demo.sh "$corral"
