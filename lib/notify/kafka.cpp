#include "notify/kafka.hpp"

#include "core/error.hpp"
#include "core/module.hpp"

#include <charconv>

namespace corral::notify {

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

bool valid_hostname(std::string_view h) {
    if (h.empty() || h.size() > 253 || h.front() == '-' || h.front() == '.' || h.back() == '-') {
        return false;
    }
    for (char c : h) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return h.find("..") == std::string_view::npos;
}

bool valid_ipv6(std::string_view h) {
    if (h.size() < 2) {
        return false;
    }
    for (char c : h) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                  c == ':' || c == '.' || c == '%';
        if (!ok) {
            return false;
        }
    }
    return h.find(':') != std::string_view::npos;
}

} // namespace

std::string validate_brokers(std::string_view brokers, std::string_view flag) {
    std::string f(flag);
    if (trim(brokers).empty()) {
        throw Error::usage(f + ": no brokers given (use HOST:PORT[,HOST:PORT...] or set "
                               "CORRAL_KAFKA_BROKERS)");
    }
    std::string out;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = brokers.find(',', start);
        std::string entry = trim(brokers.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        auto bad = [&](const std::string& why) {
            return Error::usage(f + ": '" + entry + "' " + why);
        };
        if (entry.empty()) {
            throw Error::usage(f + ": empty broker in '" + std::string(brokers) + "'");
        }
        if (entry.find("://") != std::string::npos) {
            throw bad("has a scheme; give HOST:PORT only (security is set with --tls/--sasl)");
        }
        std::string host;
        std::string port;
        if (entry.front() == '[') {
            std::size_t close = entry.find(']');
            if (close == std::string::npos) {
                throw bad("has an unclosed '[' (IPv6 is written [ADDR]:PORT)");
            }
            host = entry.substr(1, close - 1);
            if (!valid_ipv6(host)) {
                throw bad("is not a valid IPv6 address");
            }
            if (close + 1 >= entry.size() || entry[close + 1] != ':') {
                throw bad("has no port (use [ADDR]:PORT, e.g. [::1]:9092)");
            }
            port = entry.substr(close + 2);
        } else {
            std::size_t colon = entry.rfind(':');
            if (colon == std::string::npos) {
                throw bad("has no port (use HOST:PORT, e.g. " + entry + ":9092)");
            }
            if (entry.find(':') != colon) {
                throw bad("looks like an IPv6 address; write it as [ADDR]:PORT");
            }
            host = entry.substr(0, colon);
            port = entry.substr(colon + 1);
            if (!valid_hostname(host)) {
                throw bad("has an invalid host name '" + host + "'");
            }
        }
        int p = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
        if (port.empty()) {
            throw bad("has no port (use HOST:PORT, e.g. " + host + ":9092)");
        }
        if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535) {
            throw bad("has an invalid port '" + port + "' (expected 1-65535)");
        }
        if (!out.empty()) {
            out += ',';
        }
        out += entry;
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

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
