#!/usr/bin/env bash
# notify (S3 half): signing/XML rates, and the start-up of an offline `notify target` against
# /bin/true (SPEC §0: offline commands must not load libcurl/OpenSSL/libargon2).
#   bash bench/notify-s3/run.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd)
export CORRAL_MODULE_DIR=$build
"$build/bench/notify_s3_bench"
if ldd "$build/corral" | grep -Eq 'libcrypto|libssl|libargon2|libcurl'; then
    echo "FAIL: corral links a network/crypto library"
    exit 1
fi
cmd="$build/corral -q notify target --id 1 --brokers k1:9092 --topic t"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 20 --runs 200 "$cmd" /bin/true 2>/dev/null | grep -E 'Time|±|true|corral' || true
else
    start=$(date +%s%N)
    for _ in $(seq 200); do $cmd >/dev/null; done
    echo "notify target: $(( ($(date +%s%N) - start) / 200000 )) us per run"
fi
