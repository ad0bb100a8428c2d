// Broker list and topic validation (lib/notify/kafka.hpp). Kafka's own rules: topic names
// (clients/src/main/java/org/apache/kafka/common/internals/Topic.java validate: legal chars
// [a-zA-Z0-9._-], max 249, not "." or "..").
#include "core/error.hpp"
#include "notify/kafka.hpp"

#include <catch2/catch.hpp>

using namespace corral::notify;

TEST_CASE("broker lists", "[notify][kafka]") {
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
