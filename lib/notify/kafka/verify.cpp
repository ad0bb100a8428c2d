#include "notify/kafka/verify.hpp"

#include "core/error.hpp"
#include "notify/kafka/watch.hpp"

#include <chrono>

namespace corral::notify {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

} // namespace

EventWaiter::EventWaiter(const KafkaConfig& config, const std::string& topic) {
    auto start = Clock::now();
    auto admin = make_kafka_admin(config);
    ClusterMetadata md = admin->metadata();
    const TopicInfo* info = nullptr;
    for (const auto& t : md.topics) {
        if (t.name == topic) {
            info = &t;
        }
    }
    if (info == nullptr) {
        throw Error::remote("topic '" + topic + "' does not exist on " + config.brokers);
    }
    std::vector<std::pair<std::int32_t, std::int64_t>> offsets;
    for (const auto& p : info->partitions) {
        offsets.emplace_back(p.id, admin->watermarks(topic, p.id).second);
    }
    m_partitions = offsets.size();
    m_consumer = make_kafka_consumer(config, ConsumerOptions{});
    m_consumer->assign(topic, offsets);
    m_arm_seconds = since(start);
}

EventWaiter::~EventWaiter() = default;

EventWaitResult EventWaiter::wait_for(const std::string& bucket, const std::string& key,
                                      const std::string& event_pattern, double timeout_seconds) {
    EventWaitResult r;
    auto start = Clock::now();
    std::vector<KafkaMessage> batch;
    std::vector<MinioEvent> events;
    std::string error;
    while (since(start) < timeout_seconds) {
        if (stop_signal().load() != 0) {
            throw Error(ErrorKind::interrupted, "interrupted while waiting for the event");
        }
        double left = timeout_seconds - since(start);
        int wait_ms = static_cast<int>(std::min(left, 0.2) * 1000) + 1;
        m_consumer->poll(batch, 1000, wait_ms);
        for (const auto& m : batch) {
            ++r.messages_seen;
            events.clear();
            if (!m_decoder.decode(m.value, m.key, events, error)) {
                ++r.undecodable;
                continue;
            }
            for (auto& e : events) {
                if (e.bucket == bucket && e.key == key &&
                    (event_pattern.empty() || wildcard_match(event_pattern, e.event))) {
                    r.found = true;
                    r.event = std::move(e);
                    r.partition = m.partition;
                    r.offset = m.offset;
                    r.seconds = since(start);
                    return r;
                }
            }
        }
    }
    r.seconds = since(start);
    return r;
}

} // namespace corral::notify
