// `corral notify watch` as a request: the flags as data, checked and turned into the options of
// the watch loop (lib/notify/kafka/watch.hpp) and the consumer, plus the pre-flight that finds the
// topic's partitions. commands/notify_kafka.cpp binds the flags and runs the loop.
#pragma once

#include "notify/kafka/kafka.hpp"
#include "notify/kafka/watch.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace corral::notify {

struct WatchRequest {
    KafkaFlags kafka;
    std::string group; // --group (default corral-notify-TOPIC)
    std::vector<std::string> events;
    std::string bucket;
    std::string prefix;
    std::string suffix;
    std::string exec;
    double exec_timeout = 0;
    std::string on_error = "retry";
    bool from_beginning = false;
    bool no_group = false;
    std::uint64_t max_events = 0;
    double session_timeout = 0;
    double idle_timeout = 0;
    double broker_timeout = 0; // 0: keep waiting for the brokers
    std::vector<std::string> from_files;
};

// The loop's options (Error::usage on negative timeouts, an unknown --on-error or event name, and
// Kafka flags given with --from-file).
WatchOptions watch_options(const WatchRequest& request, bool jsonl);

// The consumer's options for `topic` (Error::usage for --no-group with --group, or a session
// timeout under a second).
ConsumerOptions consumer_options(const WatchRequest& request, const std::string& topic);

// queued.max.messages.kbytes for `notify watch` on a topic of `partitions` partitions (issue 16).
// librdkafka's default lets 64 MB of fetched messages wait in the local queue (the limit covers
// all partitions forwarded to one queue) and fetches up to 50 MB at once: every response lands
// in freshly faulted pages, which cost `notify watch` more CPU than decoding did. Printing keeps
// 64 KB per partition (~60 MinIO events), 2-16 MB in all; an --exec hook handles a few events a
// second, so 1 MB is plenty.
int watch_queue_kbytes(std::size_t partitions, bool exec);

// Pre-flight, before any consumer exists: the topic must be in the cluster's full metadata list
// (asking for the topic alone could auto-create it). Returns its partitions with librdkafka's
// logical start offsets (-2 beginning with --from-beginning, else -1 end). Error::remote when the
// brokers do not answer or the topic does not exist.
std::vector<std::pair<std::int32_t, std::int64_t>> watch_preflight(KafkaAdmin& admin,
                                                                   const std::string& topic,
                                                                   const std::string& brokers,
                                                                   bool from_beginning);

} // namespace corral::notify
