// `notify topic check|create`: reports built from the full metadata list (asking for one topic
// could auto-create it) and the admin CreateTopics call.
#pragma once

#include "core/output.hpp"
#include "notify/kafka/kafka.hpp"

#include <map>
#include <string>

namespace corral::notify {

struct TopicReport {
    Json json;
    std::string text;
    int rc = 0; // 0 ok, 1 check failed (missing topic, wrong partition count, leaderless partition)
};

// Checks that `topic` is in the cluster's full metadata list, with `expected_partitions`
// (0: any) and a leader for every partition. Error::remote when no broker answers.
TopicReport topic_check(KafkaAdmin& admin, const std::string& topic, int expected_partitions);

// Creates `topic` (partitions >= 1; replication >= 1 or -1 for the broker default). An existing
// topic is rc 1 ("already exists") unless if_not_exists. Error::remote when the broker refuses.
TopicReport topic_create(KafkaAdmin& admin, const std::string& topic, int partitions,
                         int replication, const std::map<std::string, std::string>& configs,
                         bool if_not_exists);

} // namespace corral::notify
