// The Kafka hop of `notify verify`: arm a reader at the end of every partition of the topic, let
// the caller PUT/DELETE the probe object, then wait for its event. Arming before the PUT means an
// event produced after arm() returns cannot be missed, whatever partition it lands in.
#pragma once

#include "notify/event_decode.hpp"
#include "notify/kafka/kafka.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace corral::notify {

struct EventWaitResult {
    bool found = false;
    MinioEvent event; // the matching event (when found)
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    double seconds = 0; // from the start of wait_for() to the match (or the timeout)
    std::uint64_t messages_seen = 0;
    std::uint64_t undecodable = 0; // messages on the topic that were not MinIO events
};

class EventWaiter {
public:
    // Connects (Error::remote when the brokers do not answer within config.timeout_seconds or
    // the topic is missing), reads the high watermark of every partition and assigns the reader
    // there (no consumer group, nothing committed).
    EventWaiter(const KafkaConfig& config, const std::string& topic);
    ~EventWaiter();
    EventWaiter(const EventWaiter&) = delete;
    EventWaiter& operator=(const EventWaiter&) = delete;

    // Waits until an event for exactly `bucket` and the decoded `key` whose name matches
    // `event_pattern` (MinIO wildcard, e.g. "s3:ObjectCreated:*"; "" = any) arrives, or until
    // `timeout_seconds` pass (found = false). May be called several times (PUT, then DELETE).
    EventWaitResult wait_for(const std::string& bucket, const std::string& key,
                             const std::string& event_pattern, double timeout_seconds);

    double arm_seconds() const { return m_arm_seconds; } // connect + watermarks + assign
    std::size_t partitions() const { return m_partitions; }

private:
    std::unique_ptr<KafkaConsumer> m_consumer;
    EventDecoder m_decoder;
    double m_arm_seconds = 0;
    std::size_t m_partitions = 0;
};

} // namespace corral::notify
