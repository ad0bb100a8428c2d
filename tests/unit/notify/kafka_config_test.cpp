// Broker list and topic validation (lib/notify/kafka/kafka.hpp). Kafka's own rules: topic names
// (clients/src/main/java/org/apache/kafka/common/internals/Topic.java validate: legal chars
// [a-zA-Z0-9._-], max 249, not "." or "..").
#include "core/error.hpp"
#include "core/strings.hpp"
#include "notify/brokers.hpp"
#include "notify/kafka/kafka.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <optional>

using namespace corral::notify;

TEST_CASE("broker lists", "[notify][kafka]") {
    auto validate_brokers = [](const std::string& s) {
        return corral::join(parse_broker_list(s, "--brokers"), ",");
    };
    CHECK(validate_brokers("kafka1:9092") == "kafka1:9092");
    CHECK(validate_brokers("kafka1:9092, kafka2:9093") == "kafka1:9092,kafka2:9093");
    CHECK(validate_brokers("127.0.0.1:1") == "127.0.0.1:1");
    CHECK(validate_brokers("[::1]:9092") == "[::1]:9092");
    CHECK(validate_brokers("my_host.example.com:65535") == "my_host.example.com:65535");
    const char* bad[] = {"",
                         "kafka1",
                         "kafka1:",
                         "kafka1:0",
                         "kafka1:65536",
                         "kafka1:x",
                         "PLAINTEXT://k:9092",
                         "kafka://k:9092",
                         "k:9092,",
                         ",k:9092",
                         "::1:9092",
                         "[::1]",
                         "[::1:9092",
                         "bad host:9092",
                         "-k:9092",
                         "k:9092:1"};
    for (const char* b : bad) {
        INFO(b);
        CHECK_THROWS_AS(validate_brokers(b), corral::Error);
    }
    try {
        validate_brokers("localhost");
        FAIL("no throw");
    } catch (const corral::Error& e) {
        CHECK(e.exit_code() == 2);
        CHECK(std::string(e.what()) ==
              "--brokers: 'localhost' has no port (use HOST:PORT, e.g. localhost:9092)");
    }
}

TEST_CASE("topic names", "[notify][kafka]") {
    validate_topic_name("minio-events");
    validate_topic_name("a.b_c-D9");
    validate_topic_name(std::string(249, 'a'));
    for (std::string bad :
         {std::string(""), std::string("."), std::string(".."), std::string(250, 'a'),
          std::string("a b"), std::string("a/b"), std::string("é")}) {
        INFO(bad);
        CHECK_THROWS_AS(validate_topic_name(bad), corral::Error);
    }
}

TEST_CASE("librdkafka properties from the settings", "[notify][kafka]") {
    KafkaConfig c;
    c.brokers = "k:9092";
    auto find = [](const auto& props, const std::string& name) -> std::string {
        for (const auto& [k, v] : props) {
            if (k == name) {
                return v;
            }
        }
        return "<none>";
    };
    CHECK(find(c.properties(), "security.protocol") == "plaintext");
    c.sasl_mechanism = "SCRAM-SHA-512";
    c.sasl_username = "u";
    c.sasl_password = "p";
    CHECK(find(c.properties(), "security.protocol") == "sasl_plaintext");
    CHECK(find(c.properties(), "sasl.mechanisms") == "SCRAM-SHA-512");
    c.tls = true;
    c.tls_skip_verify = true;
    CHECK(find(c.properties(), "security.protocol") == "sasl_ssl");
    CHECK(find(c.properties(), "enable.ssl.certificate.verification") == "false");
    CHECK(is_secret_property("sasl.password"));
    CHECK_FALSE(is_secret_property("sasl.username"));
}

namespace {

corral::EnvLookup fake_env(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

// The message of the usage error resolve_kafka_config throws ("" when it accepts the flags).
std::string refusal(const KafkaFlags& f, const corral::EnvLookup& env) {
    std::string topic;
    try {
        resolve_kafka_config(f, topic, env);
        return "";
    } catch (const corral::Error& e) {
        CHECK(e.exit_code() == 2);
        return e.what();
    }
}

} // namespace

TEST_CASE("connection flags resolve with the environment as the fallback", "[notify][kafka]") {
    KafkaFlags f;
    std::string topic;
    auto env = fake_env({{"CORRAL_KAFKA_BROKERS", "k1:9092, k2:9092"},
                         {"CORRAL_KAFKA_TOPIC", "events"},
                         {"CORRAL_KAFKA_SASL_USERNAME", "minio"},
                         {"CORRAL_KAFKA_SASL_PASSWORD", "s3cret"}});
    KafkaConfig c = resolve_kafka_config(f, topic, env);
    CHECK(c.brokers == "k1:9092,k2:9092");
    CHECK(topic == "events");
    CHECK(c.sasl_mechanism.empty()); // a password in the environment alone turns nothing on
    CHECK(c.sasl_password.empty());

    f.brokers = "flag:1";
    f.topic = "other";
    f.sasl = "scram-sha-256";
    f.timeout = 2.5;
    f.props = {"fetch.wait.max.ms=5"};
    c = resolve_kafka_config(f, topic, env);
    CHECK(c.brokers == "flag:1"); // flags win over the environment
    CHECK(topic == "other");
    CHECK(c.sasl_mechanism == "SCRAM-SHA-256");
    CHECK(c.sasl_username == "minio");
    CHECK(c.sasl_password == "s3cret");
    CHECK(c.timeout_seconds == 2.5);
    CHECK(c.extra.at("fetch.wait.max.ms") == "5");
}

TEST_CASE("bad connection flags are usage errors naming the flag", "[notify][kafka]") {
    auto none = fake_env({});
    KafkaFlags ok;
    ok.brokers = "k:9092";
    ok.topic = "t";
    CHECK(refusal(ok, none).empty());

    KafkaFlags f = ok;
    f.brokers.clear();
    CHECK(refusal(f, none) == "--brokers is required (or set CORRAL_KAFKA_BROKERS)");
    CHECK(refusal(f, fake_env({{"CORRAL_KAFKA_BROKERS", ""}})) ==
          "--brokers is required (or set CORRAL_KAFKA_BROKERS)");
    CHECK(refusal(f, fake_env({{"CORRAL_KAFKA_BROKERS", "k"}})).find("CORRAL_KAFKA_BROKERS") == 0);
    f = ok;
    f.topic.clear();
    CHECK(refusal(f, none) == "--topic is required (or set CORRAL_KAFKA_TOPIC)");
    f = ok;
    f.sasl = "plain";
    CHECK(refusal(f, none) == "--sasl needs --sasl-username (or CORRAL_KAFKA_SASL_USERNAME)");
    f.sasl_username = "u";
    CHECK(refusal(f, none).find("--sasl needs a password") == 0);
    f = ok;
    f.sasl_username = "u";
    CHECK(refusal(f, none) == "--sasl-username/--sasl-password-file need --sasl MECHANISM");
    f = ok;
    f.ca_file = "/etc/ssl/ca.pem";
    CHECK(refusal(f, none).find("need --tls") != std::string::npos);
    f.tls = true;
    f.client_cert = "c.pem";
    CHECK(refusal(f, none) == "--client-cert and --client-key go together");
    f = ok;
    f.timeout = 0;
    CHECK(refusal(f, none).find("--timeout") == 0);
    // Secrets never come from flag values, and the brokers only from --brokers.
    for (const char* prop :
         {"sasl.password=x", "ssl.key.password=x", "bootstrap.servers=k:1", "=x", "novalue"}) {
        INFO(prop);
        f = ok;
        f.props = {prop};
        CHECK_FALSE(refusal(f, none).empty());
    }
}
