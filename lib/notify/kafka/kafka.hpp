// Kafka access for `corral notify`: connection settings, broker-list validation, and the abstract
// admin/consumer interfaces. The librdkafka implementation lives in the corral-kafka module
// (lib/notify/kafka/rdkafka_module.cpp), loaded with dlopen() on first use, so that the executable
// never links librdkafka (SPEC §0 start-up). Tests may substitute their own implementations.
#pragma once

#include "core/io.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corral::notify {

struct KafkaConfig {
    std::string brokers; // validated "host:port[,host:port...]"
    std::string client_id = "corral";
    std::string sasl_mechanism; // "" (none), PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
    std::string sasl_username;
    std::string sasl_password; // never from a flag: env or file
    bool tls = false;
    bool tls_skip_verify = false;
    std::string ca_file;
    std::string client_cert_file;
    std::string client_key_file;
    double timeout_seconds = 10;              // connection / metadata / admin calls
    std::map<std::string, std::string> extra; // -X name=value passed to librdkafka as is

    // librdkafka properties for this configuration (security.protocol etc.). The password is
    // included; callers must never print the result without mask_secret_properties().
    std::vector<std::pair<std::string, std::string>> properties() const;
};

// The connection flags every `notify topic|watch|verify` command takes, as the user gave them.
struct KafkaFlags {
    std::string brokers;
    std::string topic;
    std::string sasl; // plain | scram-sha-256 | scram-sha-512
    std::string sasl_username;
    std::string sasl_password_file;
    bool tls = false;
    bool tls_skip_verify = false;
    std::string ca_file;
    std::string client_cert;
    std::string client_key;
    double timeout = 10;
    std::vector<std::string> props; // -X NAME=VALUE
};

// Flags (falling back to CORRAL_KAFKA_BROKERS, CORRAL_KAFKA_TOPIC, CORRAL_KAFKA_SASL_USERNAME and
// CORRAL_KAFKA_SASL_PASSWORD) -> a validated configuration and the topic. Secrets come only from
// the environment or a file: -X refuses secret properties. Error::usage (exit 2) on bad flags.
KafkaConfig resolve_kafka_config(const KafkaFlags& flags, std::string& topic, const EnvLookup& env);

// Kafka topic names: 1-249 characters of [a-zA-Z0-9._-], not "." or "..". Error::usage otherwise.
void validate_topic_name(std::string_view topic);

// librdkafka property names whose values are secrets (refused in -X, masked when printed).
bool is_secret_property(std::string_view name);

struct BrokerInfo {
    std::int32_t id = 0;
    std::string host;
    int port = 0;
};

struct PartitionInfo {
    std::int32_t id = 0;
    std::int32_t leader = -1;
    std::vector<std::int32_t> replicas;
    std::vector<std::int32_t> isrs;
    std::string error; // "" when the broker reports no error
};

struct TopicInfo {
    std::string name;
    std::vector<PartitionInfo> partitions;
    std::string error;
};

struct ClusterMetadata {
    std::vector<BrokerInfo> brokers;
    std::int32_t controller_id = -1; // -1 when unknown
    std::int32_t answered_by = -1;   // broker id that answered
    std::vector<TopicInfo> topics;   // every topic of the cluster (all-topics request)
    double seconds = 0;
};

class KafkaAdmin {
public:
    virtual ~KafkaAdmin() = default;
    // Full metadata list (all topics): unlike a request naming one topic, it never auto-creates.
    // Error::remote when no broker answers within the configured timeout.
    virtual ClusterMetadata metadata() = 0;
    // Admin CreateTopics; Error::remote with the broker's error name and message on refusal.
    virtual void create_topic(const std::string& topic, int partitions, int replication,
                              const std::map<std::string, std::string>& configs) = 0;
    // High/low watermarks of one partition (Error::remote on failure).
    virtual std::pair<std::int64_t, std::int64_t> watermarks(const std::string& topic,
                                                             std::int32_t partition) = 0;
};

// One consumed record; the views stay valid until the next poll() of the consumer.
struct KafkaMessage {
    std::string_view topic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::string_view key;
    std::string_view value;
    std::int64_t timestamp_ms = -1;
};

struct ConsumerOptions {
    std::string group;            // consumer group (subscribe); "" with assign_all_from_end
    bool from_beginning = false;  // auto.offset.reset=earliest when the group has no offset
    int session_timeout_ms = 0;   // 0: librdkafka default (45 s)
    int max_poll_interval_ms = 0; // 0: default (300 s)
    int queue_kbytes = 0;         // queued.max.messages.kbytes unless set with -X; 0: default
};

class KafkaConsumer {
public:
    virtual ~KafkaConsumer() = default;
    // Joins the group and subscribes (offsets committed only through commit()).
    virtual void subscribe(const std::vector<std::string>& topics) = 0;
    // Assigns partitions at explicit offsets, without a group (for verify).
    virtual void assign(const std::string& topic,
                        const std::vector<std::pair<std::int32_t, std::int64_t>>& offsets) = 0;
    // Waits up to timeout_ms and fills `out` with up to `max` messages (cleared first).
    // Consumer errors that are not fatal (partition EOF, transient broker errors) are reported
    // with log::warn and skipped; fatal ones throw Error::remote.
    virtual void poll(std::vector<KafkaMessage>& out, std::size_t max, int timeout_ms) = 0;
    // Records that everything up to and including `offset` of this partition is done.
    virtual void store(std::string_view topic, std::int32_t partition, std::int64_t offset) = 0;
    // Commits stored offsets (sync or async). No-op when nothing new was stored.
    virtual void commit(bool sync) = 0;
    // Number of partitions currently assigned to this member.
    virtual std::size_t assignment_size() = 0;
    // Commits (sync), leaves the group and closes. Idempotent.
    virtual void close() = 0;
    // True from librdkafka's all-brokers-down report until a broker is up again: `notify watch`
    // warns and applies --broker-timeout (issue 15). Consumers without brokers never report it.
    virtual bool brokers_down() { return false; }
};

// How many real brokers a librdkafka statistics document (statistics.interval.ms) shows in
// state UP; the internal and logical (coordinator alias) entries do not count. -1 when the
// document cannot be read.
int brokers_up_in_statistics(std::string_view stats_json);

// Factories from the corral-kafka module. They validate nothing but librdkafka's configuration
// (bad -X values are Error::usage) and do not contact the brokers.
std::unique_ptr<KafkaAdmin> make_kafka_admin(const KafkaConfig& config);
std::unique_ptr<KafkaConsumer> make_kafka_consumer(const KafkaConfig& config,
                                                   const ConsumerOptions& options);

} // namespace corral::notify

// The module's entry points (extern "C" for dlsym; they may throw corral::Error).
extern "C" corral::notify::KafkaAdmin*
corral_kafka_admin_create(const corral::notify::KafkaConfig*);
extern "C" corral::notify::KafkaConsumer*
corral_kafka_consumer_create(const corral::notify::KafkaConfig*,
                             const corral::notify::ConsumerOptions*);
