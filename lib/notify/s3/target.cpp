#include "notify/s3/target.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "notify/brokers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <regex>

namespace corral::notify {
namespace {

template <typename T>
bool parse_unsigned(const std::string& s, T& out) {
    if (s.empty() || s[0] == '+' || s[0] == '-') {
        return false;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

const std::array<const char*, 5> codecs = {"none", "gzip", "snappy", "lz4", "zstd"};

} // namespace

void validate_target_id(const std::string& id) {
    if (id.empty()) {
        throw Error::usage(
            "--id: the target id must not be empty (it becomes arn:minio:sqs::ID:kafka)");
    }
    for (char c : id) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
            throw Error::usage("--id: invalid target id \"" + id +
                               "\": use letters, digits, '_' or '-' (it becomes part of the ARN "
                               "and of MINIO_NOTIFY_KAFKA_*_ID names)");
        }
    }
}

void validate_kafka_version(const std::string& version) {
    // sarama.ParseKafkaVersion: "0.a.b.c" or "a.b.c", at least 5 characters.
    static const std::regex v0(R"(^0\.\d+\.\d+\.\d+$)");
    static const std::regex v1(R"(^\d+\.\d+\.\d+$)");
    bool ok = version.size() >= 5 && std::regex_match(version, version[0] == '0' ? v0 : v1);
    if (!ok) {
        throw Error::usage("--kafka-version: invalid version `" + version +
                           "` (sarama expects e.g. 2.8.0 or 0.10.2.0)");
    }
}

bool parse_go_duration(const std::string& text, double& seconds) {
    // Go time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ or "0".
    std::string s = text;
    double sign = 1;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        sign = s[0] == '-' ? -1 : 1;
        s.erase(0, 1);
    }
    if (s == "0") {
        seconds = 0;
        return true;
    }
    if (s.empty()) {
        return false;
    }
    static const std::regex part(R"(^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))");
    double total = 0;
    std::smatch m;
    while (!s.empty()) {
        if (!std::regex_search(s, m, part)) {
            return false;
        }
        double n = std::stod(m[1].str());
        std::string unit = m[2].str();
        double mult = unit == "ns"   ? 1e-9
                      : unit == "ms" ? 1e-3
                      : unit == "s"  ? 1
                      : unit == "m"  ? 60
                      : unit == "h"  ? 3600
                                     : 1e-6;
        total += n * mult;
        s = m.suffix().str();
    }
    seconds = sign * total;
    return true;
}

std::string sasl_mechanism_key(const std::string& name) {
    std::string n = lower(name);
    if (n == "plain") {
        return "plain";
    }
    if (n == "scram-sha-256" || n == "sha256" || n == "scram-sha256" || n == "sha-256") {
        return "sha256";
    }
    if (n == "scram-sha-512" || n == "sha512" || n == "scram-sha512" || n == "sha-512") {
        return "sha512";
    }
    std::vector<std::string> names = {"plain", "scram-sha-256", "scram-sha-512"};
    std::string hint = did_you_mean(n, names);
    throw Error::usage("--sasl: unknown mechanism \"" + name +
                       "\" (MinIO would silently use PLAIN); use plain, scram-sha-256 or "
                       "scram-sha-512" +
                       (hint.empty() ? "" : "; did you mean " + hint + "?"));
}

bool is_secret_key(const std::string& key) {
    return key == "sasl_password";
}

std::string kafka_arn(const std::string& id) {
    return "arn:minio:sqs::" + id + ":kafka";
}

std::string kafka_env_name(const std::string& key, const std::string& id) {
    std::string k = upper(key);
    if (key == "compression_codec" || key == "compression_level") {
        k = "PRODUCER_" + k;
    }
    return "MINIO_NOTIFY_KAFKA_" + k + "_" + id;
}

KafkaTarget build_kafka_target(const KafkaTargetOptions& o) {
    for (const auto* v : {&o.id, &o.brokers, &o.topic, &o.sasl_username, &o.client_cert,
                          &o.client_key, &o.queue_dir, &o.comment}) {
        if (find_invalid_utf8(*v) != std::string::npos) {
            throw Error::usage("a flag value is not valid UTF-8 (MinIO's configuration is UTF-8)");
        }
    }
    KafkaTarget t;
    t.id = o.id;
    validate_target_id(o.id);
    auto add = [&](const char* key, std::string value) {
        t.keys.emplace_back(key, std::move(value));
    };
    auto warn = [&](std::string w) { t.warnings.push_back(std::move(w)); };

    add("enable", "on");
    std::vector<std::string> brokers =
        parse_broker_list(o.brokers, "--brokers", BrokerSpaces::refused);
    std::string joined;
    for (const auto& b : brokers) {
        joined += (joined.empty() ? "" : ",") + b;
    }
    add("brokers", joined);
    if (o.topic.empty()) {
        throw Error::usage("--topic: a topic is required (MinIO never creates it; see `corral "
                           "notify topic create`)");
    }
    add("topic", o.topic);

    if (!o.sasl.empty()) {
        std::string mechanism = sasl_mechanism_key(o.sasl);
        if (o.sasl_username.empty()) {
            throw Error::usage("--sasl-username: required with --sasl");
        }
        add("sasl", "on");
        add("sasl_username", o.sasl_username);
        // Always listed: every rendering masks or references it (mc: ${CORRAL_KAFKA_SASL_PASSWORD},
        // k8s: secretKeyRef), so it need not be known here; --apply insists on having it.
        add("sasl_password", o.sasl_password);
        add("sasl_mechanism", mechanism);
        if (o.sasl_password.empty()) {
            warn("no SASL password: CORRAL_KAFKA_SASL_PASSWORD is " +
                 std::string(o.sasl_password_source == SecretSource::none ? "not set" : "empty") +
                 " and no --sasl-password-file; the output refers to the password and does not "
                 "work until it is set");
        }
        if (!o.tls && mechanism == "plain") {
            warn("SASL PLAIN without --tls sends the password in clear text");
        }
    } else if (!o.sasl_username.empty() || o.sasl_password_source != SecretSource::none) {
        throw Error::usage("--sasl-username/--sasl-password-file need --sasl plain|scram-sha-256|"
                           "scram-sha-512 (MinIO ignores credentials while sasl is off)");
    }
    t.password_source = o.sasl_password_source;
    t.password_file = o.sasl_password_file;

    if (o.tls) {
        add("tls", "on");
    }
    if (o.tls_skip_verify) {
        if (!o.tls) {
            throw Error::usage("--tls-skip-verify needs --tls");
        }
        add("tls_skip_verify", "on");
    }
    if (!o.tls_client_auth.empty()) {
        unsigned v = 0;
        // Go tls.ClientAuthType: NoClientCert(0) .. RequireAndVerifyClientCert(4), strconv.Atoi.
        if (!parse_unsigned(o.tls_client_auth, v) || v > 4) {
            throw Error::usage("--tls-client-auth: \"" + o.tls_client_auth +
                               "\" is not a Go tls.ClientAuthType (0-4)");
        }
        add("tls_client_auth", o.tls_client_auth);
    }
    if (o.client_cert.empty() != o.client_key.empty()) {
        throw Error::usage("--client-cert and --client-key go together");
    }
    if (!o.client_cert.empty()) {
        if (!o.tls) {
            throw Error::usage("--client-cert/--client-key need --tls (MinIO loads them only "
                               "when tls=on)");
        }
        add("client_tls_cert", o.client_cert);
        add("client_tls_key", o.client_key);
        for (const auto* p : {&o.client_cert, &o.client_key}) {
            if (p->front() != '/') {
                warn("\"" + *p +
                     "\" is relative: MinIO resolves it against its own working "
                     "directory");
            }
        }
    }

    if (!o.queue_dir.empty()) {
        if (o.queue_dir.front() != '/') {
            // kafka.go Validate
            throw Error::usage("--queue-dir: queueDir path should be absolute");
        }
        add("queue_dir", o.queue_dir);
    }
    if (!o.queue_limit.empty()) {
        std::uint64_t v = 0;
        if (!parse_unsigned(o.queue_limit, v)) {
            throw Error::usage("--queue-limit: \"" + o.queue_limit +
                               "\" is not an unsigned integer");
        }
        if (o.queue_dir.empty()) {
            warn("--queue-limit has no effect without --queue-dir");
        }
        if (v == 0) {
            warn("--queue-limit 0 means MinIO's default of 100000 events");
        }
        add("queue_limit", o.queue_limit);
    }
    if (!o.kafka_version.empty()) {
        validate_kafka_version(o.kafka_version);
        add("version", o.kafka_version);
    }
    std::uint32_t batch = 0;
    if (!o.batch_size.empty()) {
        if (!parse_unsigned(o.batch_size, batch)) {
            throw Error::usage("--batch-size: \"" + o.batch_size +
                               "\" is not an unsigned 32-bit integer");
        }
        if (batch > 1 && o.queue_dir.empty()) {
            throw Error::usage("--batch-size: batch should be enabled only if queue dir is "
                               "enabled");
        }
        add("batch_size", o.batch_size);
    }
    if (!o.batch_commit_timeout.empty()) {
        double seconds = 0;
        if (!parse_go_duration(o.batch_commit_timeout, seconds)) {
            throw Error::usage("--batch-commit-timeout: invalid duration \"" +
                               o.batch_commit_timeout + "\" (Go syntax: 500ms, 5s, 1m)");
        }
        if (seconds > 0 && (o.queue_dir.empty() || batch <= 1)) {
            throw Error::usage("--batch-commit-timeout: batch commit timeout should be set only "
                               "if queue dir is enabled and batch size > 1");
        }
        add("batch_commit_timeout", o.batch_commit_timeout);
    }
    if (!o.compression.empty()) {
        std::string c = lower(o.compression);
        if (std::find(codecs.begin(), codecs.end(), c) == codecs.end()) {
            std::string hint = did_you_mean(c, codecs);
            throw Error::usage("--compression: unknown codec \"" + o.compression +
                               "\" (MinIO would silently send uncompressed); use none, gzip, "
                               "snappy, lz4 or zstd" +
                               (hint.empty() ? "" : "; did you mean " + hint + "?"));
        }
        add("compression_codec", c);
    }
    if (!o.compression_level.empty()) {
        int level = 0;
        auto [p, ec] =
            std::from_chars(o.compression_level.data(),
                            o.compression_level.data() + o.compression_level.size(), level);
        if (ec != std::errc() || p != o.compression_level.data() + o.compression_level.size()) {
            // parse.go ignores the Atoi error and uses 0.
            throw Error::usage("--compression-level: \"" + o.compression_level +
                               "\" is not an integer (MinIO would silently use 0)");
        }
        std::string c = lower(o.compression);
        if (c.empty() || c == "none") {
            warn("--compression-level has no effect without --compression gzip|lz4|zstd");
        } else if (c == "snappy") {
            warn("snappy has no compression levels; --compression-level is ignored");
        }
        add("compression_level", o.compression_level);
    }
    if (!o.comment.empty()) {
        if (o.comment.find_first_of("\"\n") != std::string::npos) {
            throw Error::usage("--comment: must not contain '\"' or a newline");
        }
        add("comment", o.comment);
    }
    return t;
}

} // namespace corral::notify
