#include "notify/kafka/topic.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace corral::notify {

namespace {

std::string join_ids(const std::vector<std::int32_t>& ids) {
    std::string s;
    for (auto id : ids) {
        s += (s.empty() ? "" : ",") + std::to_string(id);
    }
    return s.empty() ? "-" : s;
}

const TopicInfo* find_topic(const ClusterMetadata& md, const std::string& topic) {
    for (const auto& t : md.topics) {
        if (t.name == topic) {
            return &t;
        }
    }
    return nullptr;
}

Json brokers_json(const ClusterMetadata& md) {
    Json list = Json::array();
    for (const auto& b : md.brokers) {
        list.push_back(Json{{"id", b.id}, {"host", b.host}, {"port", b.port}});
    }
    return list;
}

std::string brokers_text(const ClusterMetadata& md) {
    std::string s = "brokers: " + std::to_string(md.brokers.size()) + " (";
    for (std::size_t i = 0; i < md.brokers.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(md.brokers[i].id) + "=" + md.brokers[i].host + ":" +
             std::to_string(md.brokers[i].port);
    }
    s += "), controller " + (md.controller_id >= 0 ? std::to_string(md.controller_id) : "unknown");
    s += ", metadata in " + format_decimal(md.seconds, 3) + " s\n";
    return s;
}

Json partitions_json(const TopicInfo& t) {
    Json list = Json::array();
    for (const auto& p : t.partitions) {
        Json j{
            {"partition", p.id}, {"leader", p.leader}, {"replicas", p.replicas}, {"isr", p.isrs}};
        j["error"] = p.error.empty() ? Json(nullptr) : Json(p.error);
        list.push_back(std::move(j));
    }
    return list;
}

std::string partitions_text(const TopicInfo& t) {
    Table table({"PARTITION", "LEADER", "REPLICAS", "ISR", "ERROR"});
    for (const auto& p : t.partitions) {
        table.add_row({std::to_string(p.id), p.leader >= 0 ? std::to_string(p.leader) : "none",
                       join_ids(p.replicas), join_ids(p.isrs), p.error.empty() ? "-" : p.error});
    }
    table.align_right(0);
    return table.render();
}

std::vector<const TopicInfo*> sorted(const ClusterMetadata& md) {
    std::vector<const TopicInfo*> v;
    for (const auto& t : md.topics) {
        v.push_back(&t);
    }
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return v;
}

} // namespace

TopicReport topic_check(KafkaAdmin& admin, const std::string& topic, int expected_partitions) {
    ClusterMetadata md = admin.metadata();
    TopicReport r;
    Json problems = Json::array();
    const TopicInfo* t = find_topic(md, topic);
    r.json["topic"] = topic;
    r.json["exists"] = t != nullptr;
    r.text = brokers_text(md);
    if (t == nullptr) {
        std::vector<std::string> names;
        for (const auto* x : sorted(md)) {
            if (!x->name.starts_with("__")) {
                names.push_back(x->name);
            }
        }
        std::string hint = did_you_mean(topic, names);
        problems.push_back("topic '" + topic + "' is not in the cluster's metadata (" +
                           std::to_string(names.size()) + " topics" +
                           (hint.empty() ? "" : "; did you mean '" + hint + "'?") + ")");
    } else {
        if (!t->error.empty()) {
            problems.push_back("topic error: " + t->error);
        }
        if (expected_partitions > 0 &&
            static_cast<int>(t->partitions.size()) != expected_partitions) {
            problems.push_back("topic has " + std::to_string(t->partitions.size()) +
                               " partitions, expected " + std::to_string(expected_partitions));
        }
        for (const auto& p : t->partitions) {
            if (p.leader < 0) {
                problems.push_back("partition " + std::to_string(p.id) + " has no leader");
            } else if (!p.error.empty()) {
                problems.push_back("partition " + std::to_string(p.id) + ": " + p.error);
            }
        }
        r.text += "topic " + topic + ": " + std::to_string(t->partitions.size()) + " partition" +
                  (t->partitions.size() == 1 ? "" : "s") + "\n" + partitions_text(*t);
    }
    r.rc = problems.empty() ? 0 : 1;
    r.json["ok"] = problems.empty();
    r.json["partition_count"] = t != nullptr ? static_cast<int>(t->partitions.size()) : 0;
    r.json["partitions"] = t != nullptr ? partitions_json(*t) : Json::array();
    r.json["problems"] = problems;
    r.json["brokers"] = brokers_json(md);
    r.json["controller_id"] = md.controller_id;
    r.json["metadata_seconds"] = md.seconds;
    for (const auto& p : problems) {
        r.text += "problem: " + p.get<std::string>() + "\n";
    }
    r.text += problems.empty() ? "ok\n" : "FAILED\n";
    return r;
}

TopicReport topic_create(KafkaAdmin& admin, const std::string& topic, int partitions,
                         int replication, const std::map<std::string, std::string>& configs,
                         bool if_not_exists) {
    if (partitions < 1) {
        throw Error::usage("--partitions must be at least 1");
    }
    if (replication == 0 || replication < -1) {
        throw Error::usage("--replication must be at least 1 (or -1 for the broker default)");
    }
    ClusterMetadata md = admin.metadata();
    TopicReport r;
    r.json["topic"] = topic;
    if (const TopicInfo* t = find_topic(md, topic)) {
        r.json["created"] = false;
        r.json["exists"] = true;
        r.json["partition_count"] = static_cast<int>(t->partitions.size());
        r.json["partitions"] = partitions_json(*t);
        r.text = "topic " + topic + " already exists with " + std::to_string(t->partitions.size()) +
                 " partitions\n";
        r.rc = if_not_exists ? 0 : 1;
        if (!if_not_exists) {
            r.text += "(use --if-not-exists to accept an existing topic)\n";
        }
        return r;
    }
    try {
        admin.create_topic(topic, partitions, replication, configs);
    } catch (const Error& e) {
        bool controller_known = false;
        for (const auto& b : md.brokers) {
            controller_known = controller_known || b.id == md.controller_id;
        }
        if (e.kind() != ErrorKind::remote || controller_known) {
            throw;
        }
        throw Error::remote(e.message() + "; the cluster names controller " +
                            std::to_string(md.controller_id) +
                            ", which is not one of its brokers, so no broker can create topics "
                            "(librdkafka's mock cluster behaves so: it auto-creates topics "
                            "on first use instead)");
    }
    r.json["created"] = true;
    r.json["exists"] = true;
    r.json["partition_count"] = partitions;
    r.json["replication"] = replication;
    r.text =
        "created topic " + topic + " (" + std::to_string(partitions) + " partitions, replication " +
        (replication < 0 ? std::string("broker default") : std::to_string(replication)) + ")\n";
    return r;
}

} // namespace corral::notify
