// notify_kafka target: MinIO's validation (internal/event/target/kafka.go KafkaArgs.Validate,
// internal/config/notify/parse.go, sarama ParseKafkaVersion), env names (parse.go: env + "_" +
// target), renderings and the mc alias resolution (mc cmd/config-*.go, MC_HOST_<alias>).
#include "core/error.hpp"
#include "notify/brokers.hpp"
#include "notify/s3/mc_config.hpp"
#include "notify/s3/target.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace corral::notify;
using corral::EnvLookup;
using corral::Error;

namespace {

KafkaTargetOptions base() {
    KafkaTargetOptions o;
    o.id = "1";
    o.brokers = "localhost:9092,localhost:9093";
    o.topic = "bucketevents";
    return o;
}

} // namespace

TEST_CASE("target: the documented example", "[target]") {
    // docs/bucket/notifications/README.md: notify_kafka:1 brokers="localhost:9092,localhost:9093"
    KafkaTarget t = build_kafka_target(base());
    CHECK(config_kv_line(t) ==
          "notify_kafka:1 enable=on brokers=\"localhost:9092,localhost:9093\" topic=bucketevents");
    CHECK(render_mc(t, "myminio") == "mc admin config set myminio notify_kafka:1 "
                                     "'brokers=\"localhost:9092,localhost:9093\"' "
                                     "topic=bucketevents\n");
    CHECK(render_env(t) == "MINIO_NOTIFY_KAFKA_ENABLE_1=on\n"
                           "MINIO_NOTIFY_KAFKA_BROKERS_1=localhost:9092,localhost:9093\n"
                           "MINIO_NOTIFY_KAFKA_TOPIC_1=bucketevents\n");
    CHECK(kafka_arn("1") == "arn:minio:sqs::1:kafka");
}

TEST_CASE("target: env names carry PRODUCER_ for compression", "[target]") {
    CHECK(kafka_env_name("compression_codec", "a") ==
          "MINIO_NOTIFY_KAFKA_PRODUCER_COMPRESSION_CODEC_a");
    CHECK(kafka_env_name("compression_level", "a") ==
          "MINIO_NOTIFY_KAFKA_PRODUCER_COMPRESSION_LEVEL_a");
    CHECK(kafka_env_name("batch_commit_timeout", "x") ==
          "MINIO_NOTIFY_KAFKA_BATCH_COMMIT_TIMEOUT_x");
    CHECK(kafka_env_name("client_tls_cert", "x") == "MINIO_NOTIFY_KAFKA_CLIENT_TLS_CERT_x");
}

TEST_CASE("target: brokers (MinIO's setting: spaces refused)", "[target]") {
    auto parse = [](const std::string& s) {
        return parse_broker_list(s, "--brokers", BrokerSpaces::refused);
    };
    CHECK(parse("k1:9092") == std::vector<std::string>{"k1:9092"});
    CHECK(parse("[::1]:9092,10.0.0.1:9093").size() == 2);
    std::vector<std::pair<std::string, std::string>> bad = {
        {"", "no brokers given"},
        {"k1", "'k1' has no port"},
        {"kafka://k1:9092", "has a scheme"},
        {"k1:9092, k2:9092", "' k2:9092' contains a space"},
        {"k1:9092,", "empty broker"},
        {"k1:0", "invalid port"},
        {"k1:99999", "invalid port"},
        {"k1:abc", "invalid port"},
        {"-k1:9092", "invalid host name"},
        {"::1:9092", "IPv6"},
    };
    for (const auto& [input, why] : bad) {
        INFO(input);
        CHECK_THROWS_WITH(parse(input), Catch::Contains(why));
    }
}

TEST_CASE("target: MinIO's Validate rules", "[target]") {
    auto o = base();
    SECTION("queue dir must be absolute") {
        o.queue_dir = "var/q";
        CHECK_THROWS_WITH(build_kafka_target(o),
                          Catch::Contains("queueDir path should be absolute"));
    }
    SECTION("batch size > 1 needs a queue dir") {
        o.batch_size = "10";
        CHECK_THROWS_WITH(build_kafka_target(o),
                          Catch::Contains("batch should be enabled only if queue dir is enabled"));
        o.batch_size = "1";
        CHECK_NOTHROW(build_kafka_target(o));
    }
    SECTION("batch commit timeout needs queue dir and batch > 1") {
        o.batch_commit_timeout = "5s";
        o.queue_dir = "/q";
        CHECK_THROWS_WITH(build_kafka_target(o), Catch::Contains("batch size > 1"));
        o.batch_size = "2";
        CHECK_NOTHROW(build_kafka_target(o));
        o.batch_commit_timeout = "5 seconds";
        CHECK_THROWS_WITH(build_kafka_target(o), Catch::Contains("invalid duration"));
    }
    SECTION("sarama versions") {
        for (const char* ok : {"2.2.0", "0.10.2.0", "3.6.1", "0.8.2.0"}) {
            CHECK_NOTHROW(validate_kafka_version(ok));
        }
        for (const char* bad : {"2.2", "0.10.2", "v2.2.0", "2.2.0.1", "", "latest"}) {
            INFO(bad);
            CHECK_THROWS_WITH(validate_kafka_version(bad), Catch::Contains("invalid version"));
        }
    }
    SECTION("numbers") {
        o.queue_limit = "-1";
        CHECK_THROWS_AS(build_kafka_target(o), Error);
        o.queue_limit = "";
        o.batch_size = "4294967296"; // uint32
        CHECK_THROWS_AS(build_kafka_target(o), Error);
        o.batch_size = "";
        o.tls_client_auth = "5";
        CHECK_THROWS_AS(build_kafka_target(o), Error);
    }
}

TEST_CASE("target: silent traps become errors or warnings", "[target]") {
    // sasl_mechanism: anything but sha256/sha512 is PLAIN in MinIO (kafka_scram_client_contrib.go)
    CHECK(sasl_mechanism_key("SCRAM-SHA-256") == "sha256");
    CHECK(sasl_mechanism_key("scram-sha-512") == "sha512");
    CHECK(sasl_mechanism_key("sha512") == "sha512");
    CHECK(sasl_mechanism_key("PLAIN") == "plain");
    CHECK_THROWS_WITH(sasl_mechanism_key("scram"), Catch::Contains("silently use PLAIN"));
    auto o = base();
    o.sasl = "scram-sha-256";
    CHECK_THROWS_WITH(build_kafka_target(o), Catch::Contains("--sasl-username"));
    o.sasl_username = "u";
    KafkaTarget t = build_kafka_target(o);
    // no password at hand: still listed (masked / referenced), --apply refuses without it;
    // a loud warning, and the mc line stops ("${VAR:?}") instead of setting an empty password.
    CHECK(target_json(t)["keys"]["sasl_password"] == "***");
    CHECK(render_mc(t, "a").find(
              "\"sasl_password=\\\"${CORRAL_KAFKA_SASL_PASSWORD:?is not set}\\\"\"") !=
          std::string::npos);
    REQUIRE(t.warnings.size() == 1);
    CHECK(t.warnings[0].rfind("no SASL password: CORRAL_KAFKA_SASL_PASSWORD is not set", 0) == 0);
    o.sasl_password_source = SecretSource::env; // CORRAL_KAFKA_SASL_PASSWORD= (empty)
    CHECK(build_kafka_target(o).warnings.at(0).find("is empty") != std::string::npos);
    o.sasl_password_source = SecretSource::none;
    o.compression = "brotli";
    CHECK_THROWS_WITH(build_kafka_target(o), Catch::Contains("silently send uncompressed"));
    o.compression = "gzip";
    o.compression_level = "high";
    CHECK_THROWS_WITH(build_kafka_target(o), Catch::Contains("silently use 0"));
    o.compression_level = "9";
    CHECK_NOTHROW(build_kafka_target(o));
    auto p = base();
    p.tls_skip_verify = true;
    CHECK_THROWS_WITH(build_kafka_target(p), Catch::Contains("needs --tls"));
}

TEST_CASE("target: secrets are masked everywhere", "[target]") {
    auto o = base();
    o.id = "prod";
    o.sasl = "scram-sha-512";
    o.sasl_username = "alice";
    o.sasl_password = "hunter2";
    o.sasl_password_source = SecretSource::env;
    o.tls = true;
    KafkaTarget t = build_kafka_target(o);
    CHECK(render_env(t).find("hunter2") == std::string::npos);
    // env: a reference a sourcing shell expands, never "***" as a value (issue 14)
    CHECK(render_env(t).find("***") == std::string::npos);
    CHECK(render_env(t).find(
              "\nMINIO_NOTIFY_KAFKA_SASL_PASSWORD_prod=\"${CORRAL_KAFKA_SASL_PASSWORD:?is "
              "not set}\"\n") != std::string::npos);
    CHECK(t.warnings.empty());
    CHECK(render_mc(t, "a").find("hunter2") == std::string::npos);
    CHECK(render_mc(t, "a").find("${CORRAL_KAFKA_SASL_PASSWORD:?is not set}") != std::string::npos);
    o.sasl_password_source = SecretSource::file;
    o.sasl_password_file = "/run/secrets/kafka pw";
    KafkaTarget f = build_kafka_target(o);
    CHECK(render_env(f).find("MINIO_NOTIFY_KAFKA_SASL_PASSWORD_prod=\"$(cat '/run/secrets/kafka "
                             "pw')\"\n") != std::string::npos);
    std::string k8s = render_k8s(t, "kafka-creds");
    CHECK(k8s.find("hunter2") == std::string::npos);
    CHECK(k8s.find("secretKeyRef:\n      name: kafka-creds\n      key: sasl_password") !=
          std::string::npos);
    CHECK(k8s.find("value: \"on\"") != std::string::npos);
    CHECK(target_json(t).dump().find("hunter2") == std::string::npos);
    CHECK(target_json(t)["keys"]["sasl_mechanism"] == "sha512");
    // only the admin API body carries it
    CHECK(config_kv_line(t).find("sasl_password=hunter2") != std::string::npos);
}

TEST_CASE("target: config-kv lines read back", "[target]") {
    std::string target;
    auto kv = parse_config_kv_line(
        "notify_kafka:1 enable=on brokers=\"a:1,b:2\" comment=\"two words\" topic=t", target);
    CHECK(target == "notify_kafka:1");
    REQUIRE(kv.size() == 4);
    CHECK(kv[1] == std::pair<std::string, std::string>{"brokers", "a:1,b:2"});
    CHECK(kv[2].second == "two words");
}

TEST_CASE("mc: MC_HOST_<alias> and config.json", "[mc]") {
    auto a = parse_mc_host_url("https://AK:S%2FK@minio.local:9000", "MC_HOST_x");
    CHECK(a.url == "https://minio.local:9000");
    CHECK(a.credentials.access_key == "AK");
    CHECK(a.credentials.secret_key == "S/K");
    auto t = parse_mc_host_url("http://AK:SK:TOKEN@127.0.0.1:9000/", "MC_HOST_x");
    CHECK(t.credentials.session_token == "TOKEN");
    CHECK(t.url == "http://127.0.0.1:9000");
    CHECK_THROWS_AS(parse_mc_host_url("127.0.0.1:9000", "MC_HOST_x"), Error);

    const char* v10 = R"({"version":"10","aliases":{"local":{"url":"http://localhost:9000",
        "accessKey":"minioadmin","secretKey":"minioadmin","api":"s3v4","path":"auto"}}})";
    auto l = alias_from_mc_config(v10, "local", "config.json");
    REQUIRE(l);
    CHECK(l->url == "http://localhost:9000");
    CHECK(l->credentials.secret_key == "minioadmin");
    CHECK_FALSE(alias_from_mc_config(v10, "play", "config.json"));
    const char* v9 = R"({"version":"9","hosts":{"old":{"url":"https://s3.example:443",
        "accessKey":"a","secretKey":"b","api":"S3v4","lookup":"auto"}}})";
    CHECK(alias_from_mc_config(v9, "old", "config.json")->url == "https://s3.example:443");
    const char* v2 = R"({"version":"10","aliases":{"gcs":{"url":"https://storage.googleapis.com",
        "accessKey":"a","secretKey":"b","api":"S3v2"}}})";
    CHECK_THROWS_WITH(alias_from_mc_config(v2, "gcs", "c.json"), Catch::Contains("S3v4 only"));
}

TEST_CASE("mc: connection precedence", "[mc]") {
    std::map<std::string, std::string> vars = {
        {"MC_HOST_x", "http://AK:SK@127.0.0.1:9000"},
        {"AWS_ACCESS_KEY_ID", "aws-ak"},
        {"AWS_SECRET_ACCESS_KEY", "aws-sk"},
        {"MINIO_ROOT_USER", "root"},
        {"MINIO_ROOT_PASSWORD", "rootpw"},
    };
    EnvLookup env = [&](const std::string& n) -> std::optional<std::string> {
        auto it = vars.find(n);
        if (it == vars.end()) {
            return std::nullopt;
        }
        return it->second;
    };
    ConnectionOptions o;
    o.target = "x/photos";
    auto r = resolve_connection(o, env, true);
    CHECK(r.endpoint.url == "http://127.0.0.1:9000");
    CHECK(r.endpoint.credentials.access_key == "AK");
    CHECK(r.endpoint.region == "us-east-1");
    CHECK(r.bucket == "photos");

    ConnectionOptions e;
    e.endpoint = "http://127.0.0.1:9000";
    e.bucket = "photos";
    r = resolve_connection(e, env, true);
    CHECK(r.endpoint.credentials.access_key == "aws-ak"); // AWS_* before MINIO_ROOT_*
    vars.erase("AWS_ACCESS_KEY_ID");
    r = resolve_connection(e, env, true);
    CHECK(r.endpoint.credentials.access_key == "root");
    e.region = "eu-west-1";
    CHECK(resolve_connection(e, env, true).endpoint.region == "eu-west-1");

    ConnectionOptions unknown;
    unknown.target = "nope/b";
    CHECK_THROWS_WITH(resolve_connection(unknown, env, true), Catch::Contains("unknown mc alias"));
    ConnectionOptions no_slash;
    no_slash.target = "photos";
    CHECK_THROWS_AS(resolve_connection(no_slash, env, true), Error);
    ConnectionOptions bad_bucket;
    bad_bucket.target = "x/ab";
    CHECK_THROWS_WITH(resolve_connection(bad_bucket, env, true), Catch::Contains("3 to 63"));
}
