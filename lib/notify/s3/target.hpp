// The MinIO Kafka notification target (notify_kafka sub-system): every key, validated as MinIO
// validates it (internal/event/target/kafka.go Validate, internal/config/notify/parse.go), with its
// silent traps turned into errors or warnings, rendered as an mc command, MINIO_NOTIFY_KAFKA_* env
// lines, a Kubernetes env list, or the set-config-kv line of the admin API.
#pragma once

#include "core/output.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corral::notify {

// Where the SASL password came from: the mc rendering refers to it instead of printing it.
enum class SecretSource { none, env, file };

struct KafkaTargetOptions {
    std::string id;
    std::string brokers; // "h:p[,h:p...]"
    std::string topic;
    std::string sasl; // "" (off) | plain | scram-sha-256 | scram-sha-512 (aliases accepted)
    std::string sasl_username;
    std::string sasl_password;
    SecretSource sasl_password_source = SecretSource::none;
    std::string sasl_password_file; // for the mc rendering
    bool tls = false;
    bool tls_skip_verify = false;
    std::string tls_client_auth; // 0..4 (Go tls.ClientAuthType)
    std::string client_cert;
    std::string client_key;
    std::string queue_dir;
    std::string queue_limit;
    std::string batch_size;
    std::string batch_commit_timeout; // Go duration
    std::string compression;          // none|gzip|snappy|lz4|zstd
    std::string compression_level;
    std::string kafka_version;
    std::string comment;
};

struct KafkaTarget {
    std::string id;
    std::vector<std::pair<std::string, std::string>> keys; // MinIO key -> value, secrets included
    std::vector<std::string> warnings;
    SecretSource password_source = SecretSource::none;
    std::string password_file;
};

// Validates and builds the target. Error::usage for bad flag values (with MinIO's wording when
// MinIO has one), warnings for settings MinIO accepts but that do not do what one expects.
KafkaTarget build_kafka_target(const KafkaTargetOptions& options);

// MinIO's rules, exposed for tests.
void validate_target_id(const std::string& id);
void validate_kafka_version(const std::string& version); // sarama.ParseKafkaVersion
bool parse_go_duration(const std::string& text, double& seconds);
// plain | sha256 | sha512 from the names users type (SCRAM-SHA-256, scram-sha-512, sha256 ...).
std::string sasl_mechanism_key(const std::string& name);

bool is_secret_key(const std::string& key);
std::string kafka_arn(const std::string& id);
// MINIO_NOTIFY_KAFKA_<KEY>_<ID>; compression keys carry PRODUCER_.
std::string kafka_env_name(const std::string& key, const std::string& id);

// `mc admin config set ALIAS notify_kafka:ID k=v ...` (secrets referenced, never printed; an
// unset CORRAL_KAFKA_SASL_PASSWORD stops the line instead of setting an empty password).
std::string render_mc(const KafkaTarget& target, const std::string& alias);
// NAME=value lines; the password as a reference ("${CORRAL_KAFKA_SASL_PASSWORD:?is not set}"
// or "$(cat FILE)") that a shell sourcing the lines expands, never as a value.
std::string render_env(const KafkaTarget& target);
// A Kubernetes container `env:` list; secrets as secretKeyRef to `secret_name`.
std::string render_k8s(const KafkaTarget& target, const std::string& secret_name);
// The set-config-kv body line (clear text; includes the secret).
std::string config_kv_line(const KafkaTarget& target);
// §7 JSON: {"id","arn","keys","env"} with secrets masked.
Json target_json(const KafkaTarget& target);

// Parses a get-config-kv answer ("notify_kafka:1 k=v k=\"v w\" ...") into key/values.
std::vector<std::pair<std::string, std::string>> parse_config_kv_line(const std::string& line,
                                                                      std::string& subsys_target);

} // namespace corral::notify
