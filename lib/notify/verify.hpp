// `corral notify verify`: the end-to-end check of a MinIO -> Kafka notification path. Hops:
// connect (bucket exists, topic armed), put (probe object), event-put (its s3:ObjectCreated event
// arrives), delete (always attempted once the put succeeded), event-delete (its s3:ObjectRemoved
// event arrives; optional). The orchestration runs over two small interfaces so that it can be
// tested with fakes; S3Client and EventWaiter provide the real ones.
#pragma once

#include "core/error.hpp"
#include "core/output.hpp"
#include "notify/kafka/kafka.hpp"
#include "notify/kafka/verify.hpp"
#include "notify/s3/client.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corral::notify {

// The S3 side of the probe.
class VerifyStore {
public:
    virtual ~VerifyStore() = default;
    // "" when the bucket exists and is reachable, else a detail ("bucket photos does not exist");
    // Error::remote when the endpoint is unreachable or refuses (403).
    virtual std::string check_bucket(const std::string& bucket) = 0;
    virtual std::string put(const std::string& bucket, const std::string& key,
                            const std::string& data) = 0; // returns the ETag
    virtual void remove(const std::string& bucket, const std::string& key) = 0;
    virtual std::string describe() const = 0; // "http://127.0.0.1:9000 (alias myminio)"
};

// The Kafka side of the probe.
class VerifyEvents {
public:
    virtual ~VerifyEvents() = default;
    // Connects and arms at the end of every partition; Error::remote when unreachable.
    virtual std::size_t arm() = 0; // returns the number of partitions
    virtual EventWaitResult wait_for(const std::string& bucket, const std::string& key,
                                     const std::string& event_pattern, double timeout_seconds) = 0;
};

struct VerifyOptions {
    std::string bucket;
    std::string topic;
    std::string key;
    double timeout_seconds = 30; // per event hop
    bool skip_delete_event = false;
};

struct VerifyHop {
    std::string name; // connect | put | event-put | delete | event-delete
    bool ok = false;
    double seconds = 0;
    std::string detail;
};

struct VerifyReport {
    std::string bucket;
    std::string topic;
    std::string key;
    bool passed = false;
    std::vector<VerifyHop> hops; // the hops that ran, in order
    // Set when !passed: the first failed hop, and whether it was a remote failure at connect
    // (exit 4) rather than a failed check (exit 1).
    std::string failed_hop;
    std::string failure;
    bool unreachable = false;
    bool interrupted = false; // SIGINT/SIGTERM stopped a hop (exit 130); the object was removed
};

VerifyReport run_verify(VerifyStore& store, VerifyEvents& events, const VerifyOptions& options);

// The default probe key: PREFIX + "<host>-<pid>-<unix-ms>" (PREFIX ends with '/', added if not).
std::string make_probe_key(const std::string& prefix);

Json verify_to_json(const VerifyReport& report);
std::string verify_to_text(const VerifyReport& report);
// The one-line error to exit with when !passed (interrupted: exit 130; Error::remote for
// unreachable; else check).
Error verify_error(const VerifyReport& report);

// Real implementations.
std::unique_ptr<VerifyStore> make_s3_verify_store(S3Endpoint endpoint);
std::unique_ptr<VerifyEvents> make_kafka_verify_events(KafkaConfig config, std::string topic);

} // namespace corral::notify
