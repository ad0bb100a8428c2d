#include "notify/kafka/kafka.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/module.hpp"
#include "core/strings.hpp"
#include "notify/brokers.hpp"

#include <nlohmann/json.hpp>

namespace corral::notify {

void validate_topic_name(std::string_view topic) {
    if (topic.empty()) {
        throw Error::usage("--topic: empty topic name");
    }
    if (topic == "." || topic == "..") {
        throw Error::usage("--topic: '" + std::string(topic) + "' is not a valid topic name");
    }
    if (topic.size() > 249) {
        throw Error::usage("--topic: topic names are at most 249 characters");
    }
    for (char c : topic) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) {
            throw Error::usage("--topic: '" + std::string(topic) +
                               "' has characters Kafka refuses (allowed: a-z A-Z 0-9 . _ -)");
        }
    }
}

bool is_secret_property(std::string_view name) {
    return name == "sasl.password" || name == "ssl.key.password" || name == "ssl.key.pem" ||
           name == "ssl.keystore.password" || name == "sasl.oauthbearer.client.secret" ||
           name == "sasl.oauthbearer.config";
}

std::vector<std::pair<std::string, std::string>> KafkaConfig::properties() const {
    std::vector<std::pair<std::string, std::string>> p;
    p.emplace_back("bootstrap.servers", brokers);
    p.emplace_back("client.id", client_id);
    bool sasl = !sasl_mechanism.empty();
    p.emplace_back("security.protocol",
                   sasl ? (tls ? "sasl_ssl" : "sasl_plaintext") : (tls ? "ssl" : "plaintext"));
    if (sasl) {
        p.emplace_back("sasl.mechanisms", sasl_mechanism);
        p.emplace_back("sasl.username", sasl_username);
        p.emplace_back("sasl.password", sasl_password);
    }
    if (tls) {
        if (tls_skip_verify) {
            p.emplace_back("enable.ssl.certificate.verification", "false");
            p.emplace_back("ssl.endpoint.identification.algorithm", "none");
        }
        if (!ca_file.empty()) {
            p.emplace_back("ssl.ca.location", ca_file);
        }
        if (!client_cert_file.empty()) {
            p.emplace_back("ssl.certificate.location", client_cert_file);
        }
        if (!client_key_file.empty()) {
            p.emplace_back("ssl.key.location", client_key_file);
        }
    }
    for (const auto& [k, v] : extra) {
        p.emplace_back(k, v);
    }
    return p;
}

namespace {

// An unset and an empty variable both mean "not given".
std::string env_text(const EnvLookup& env, const char* name) {
    return env(name).value_or("");
}

} // namespace

KafkaConfig resolve_kafka_config(const KafkaFlags& flags, std::string& topic,
                                 const EnvLookup& env) {
    // Defaults from the environment (and so from the config file, core/config.hpp).
    KafkaFlags f = flags;
    if (!f.tls) {
        f.tls = env_text(env, "CORRAL_KAFKA_TLS") == "true";
    }
    if (f.tls && f.ca_file.empty()) {
        f.ca_file = env_text(env, "CORRAL_KAFKA_CA_FILE");
    }
    if (f.sasl.empty()) {
        f.sasl = env_text(env, "CORRAL_KAFKA_SASL");
        if (!f.sasl.empty() && f.sasl != "plain" && f.sasl != "scram-sha-256" &&
            f.sasl != "scram-sha-512") {
            throw Error::usage("CORRAL_KAFKA_SASL: \"" + f.sasl +
                               "\" is not one of plain, scram-sha-256, scram-sha-512");
        }
    }
    KafkaConfig c;
    if (!f.brokers.empty()) {
        c.brokers = join(parse_broker_list(f.brokers, "--brokers"), ",");
    } else if (std::string from_env = env_text(env, "CORRAL_KAFKA_BROKERS"); !from_env.empty()) {
        c.brokers = join(parse_broker_list(from_env, "CORRAL_KAFKA_BROKERS"), ",");
    } else {
        throw Error::usage("--brokers is required (or set CORRAL_KAFKA_BROKERS)");
    }
    topic = f.topic.empty() ? env_text(env, "CORRAL_KAFKA_TOPIC") : f.topic;
    if (topic.empty()) {
        throw Error::usage("--topic is required (or set CORRAL_KAFKA_TOPIC)");
    }
    validate_topic_name(topic);
    if (!(f.timeout > 0) || f.timeout > 86400) {
        throw Error::usage("--timeout must be between 0 and 86400 seconds");
    }
    c.timeout_seconds = f.timeout;
    if (!f.sasl.empty()) {
        c.sasl_mechanism = f.sasl == "plain"           ? "PLAIN"
                           : f.sasl == "scram-sha-256" ? "SCRAM-SHA-256"
                                                       : "SCRAM-SHA-512";
        c.sasl_username =
            f.sasl_username.empty() ? env_text(env, "CORRAL_KAFKA_SASL_USERNAME") : f.sasl_username;
        if (c.sasl_username.empty()) {
            throw Error::usage("--sasl needs --sasl-username (or CORRAL_KAFKA_SASL_USERNAME)");
        }
        if (!f.sasl_password_file.empty()) {
            c.sasl_password = read_secret_file(f.sasl_password_file);
        } else {
            c.sasl_password = env_text(env, "CORRAL_KAFKA_SASL_PASSWORD");
        }
        if (c.sasl_password.empty()) {
            throw Error::usage("--sasl needs a password: set CORRAL_KAFKA_SASL_PASSWORD or use "
                               "--sasl-password-file");
        }
    } else if (!f.sasl_username.empty() || !f.sasl_password_file.empty()) {
        throw Error::usage("--sasl-username/--sasl-password-file need --sasl MECHANISM");
    }
    if ((f.tls_skip_verify || !f.ca_file.empty() || !f.client_cert.empty() ||
         !f.client_key.empty()) &&
        !f.tls) {
        throw Error::usage(
            "--tls-skip-verify, --ca-file, --client-cert and --client-key need --tls");
    }
    if (f.client_cert.empty() != f.client_key.empty()) {
        throw Error::usage("--client-cert and --client-key go together");
    }
    c.tls = f.tls;
    c.tls_skip_verify = f.tls_skip_verify;
    c.ca_file = f.ca_file;
    c.client_cert_file = f.client_cert;
    c.client_key_file = f.client_key;
    for (const auto& p : f.props) {
        std::size_t eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw Error::usage("-X '" + p + "': expected NAME=VALUE");
        }
        std::string name = p.substr(0, eq);
        if (is_secret_property(name)) {
            throw Error::usage("-X " + name +
                               ": secrets are never accepted as flag values (use "
                               "CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file)");
        }
        if (name == "bootstrap.servers" || name == "metadata.broker.list") {
            throw Error::usage("-X " + name + ": use --brokers");
        }
        c.extra[name] = p.substr(eq + 1);
    }
    return c;
}

int brokers_up_in_statistics(std::string_view stats_json) {
    // librdkafka STATISTICS.md: "brokers" maps "name" -> {"source": "learned"|"configured"|
    // "internal"|"logical", "state": "INIT"|"DOWN"|"CONNECT"|...|"UP", ...}.
    nlohmann::json doc = nlohmann::json::parse(stats_json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return -1;
    }
    auto brokers = doc.find("brokers");
    if (brokers == doc.end() || !brokers->is_object()) {
        return -1;
    }
    int up = 0;
    for (const auto& [name, b] : brokers->items()) {
        if (!b.is_object()) {
            continue;
        }
        std::string source = b.value("source", "");
        if (source != "internal" && source != "logical" && b.value("state", "") == "UP") {
            ++up;
        }
    }
    return up;
}

std::unique_ptr<KafkaAdmin> make_kafka_admin(const KafkaConfig& config) {
    auto* create =
        module_function<KafkaAdmin*(const KafkaConfig*)>("kafka", "corral_kafka_admin_create");
    return std::unique_ptr<KafkaAdmin>(create(&config));
}

std::unique_ptr<KafkaConsumer> make_kafka_consumer(const KafkaConfig& config,
                                                   const ConsumerOptions& options) {
    auto* create = module_function<KafkaConsumer*(const KafkaConfig*, const ConsumerOptions*)>(
        "kafka", "corral_kafka_consumer_create");
    return std::unique_ptr<KafkaConsumer>(create(&config, &options));
}

} // namespace corral::notify
