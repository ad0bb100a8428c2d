// Decode + jsonl rendering throughput of MinIO events (~1.1 KB), the CPU part of `notify watch`.
// usage: event_decode_bench [EVENTS]
#include "notify/event_decode.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    long n = argc > 1 ? std::atol(argv[1]) : 200000;
    std::string base =
        R"({"EventName":"s3:ObjectCreated:Put","Key":"bench/obj/00000001 a+b.bin","Records":[{"eventVersion":"2.0","eventSource":"minio:s3","awsRegion":"","eventTime":"2026-01-02T03:04:05.678Z","eventName":"s3:ObjectCreated:Put","userIdentity":{"principalId":"minioadmin"},"requestParameters":{"principalId":"minioadmin","region":"","sourceIPAddress":"127.0.0.1"},"responseElements":{"content-length":"0","x-amz-id-2":"dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8","x-amz-request-id":"18A1B2C3D4E5F601","x-minio-deployment-id":"00000000-0000-0000-0000-000000000000","x-minio-origin-endpoint":"http://127.0.0.1:9000"},"s3":{"s3SchemaVersion":"1.0","configurationId":"Config","bucket":{"name":"bench","ownerIdentity":{"principalId":"minioadmin"},"arn":"arn:aws:s3:::bench"},"object":{"key":"obj%2F00000001+a%2Bb.bin","size":1001,"eTag":"430f89010c77aa34fc8760696da62d08","contentType":"application/octet-stream","userMetadata":{"content-type":"application/octet-stream","x-amz-meta-owner":"benchmark-producer","x-amz-meta-purpose":"padding the event to the size MinIO sends with user metadata"},"sequencer":"18A1B2C300000001"}},"source":{"host":"127.0.0.1","port":"","userAgent":"MinIO (linux; amd64) minio-go/v7.0.90 mc/RELEASE.2025-01-01T00-00-00Z"}}]})";
    // The fast path as `notify watch` runs it (decode_into a reused pool), then the tree decoder
    // it defers to for unusual payloads, for comparison.
    corral::notify::EventDecoder decoder;
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<corral::notify::MinioEvent> pool;
        std::vector<corral::notify::MinioEvent> events;
        std::string error;
        std::string out;
        std::size_t bytes = 0;
        auto start = std::chrono::steady_clock::now();
        std::clock_t cpu_start = std::clock();
        for (long i = 0; i < n; ++i) {
            std::size_t count = 0;
            bool ok = false;
            if (pass == 0) {
                ok = decoder.decode_into(base, "", pool, count, error);
            } else {
                events.clear();
                ok = decoder.decode_tree(base, "", events, error);
            }
            if (!ok) {
                std::fprintf(stderr, "decode failed: %s\n", error.c_str());
                return 1;
            }
            corral::notify::append_event_jsonl(out, pass == 0 ? pool[0] : events[0]);
            bytes += base.size();
            if (out.size() > (1 << 20)) {
                out.clear();
            }
        }
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        std::printf("%s: decoded %ld events (%zu bytes each) in %.3f s (CPU %.3f s): %.0f events/s "
                    "and %.0f MB/s of CPU\n",
                    pass == 0 ? "scanner" : "tree decoder", n, base.size(), s, cpu, n / cpu,
                    bytes / cpu / 1e6);
    }
    return 0;
}
