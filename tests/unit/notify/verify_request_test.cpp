// `notify verify` flags as a request: resolution (flag > environment, and so > config file) and
// the Report of a run (the verify logic that used to live in commands/notify_verify.cpp).
#include "core/error.hpp"
#include "notify/verify_request.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace corral;
using namespace corral::notify;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

const std::map<std::string, std::string> k_env = {{"CORRAL_KAFKA_BROKERS", "k1:9092"},
                                                  {"CORRAL_KAFKA_TOPIC", "minio-events"},
                                                  {"AWS_ACCESS_KEY_ID", "minio"},
                                                  {"AWS_SECRET_ACCESS_KEY", "minio-secret"},
                                                  {"HOME", "/nonexistent"}};

} // namespace

TEST_CASE("plan_verify resolves flags over the environment", "[notify][verify]") {
    VerifyRequest r;
    r.connection.endpoint = "http://127.0.0.1:9000";
    r.connection.target = "photos";
    r.connect_timeout = 3;
    VerifyPlan plan = plan_verify(r, env_of(k_env));
    CHECK(plan.kafka.brokers == "k1:9092");
    CHECK(plan.options.topic == "minio-events");
    CHECK(plan.options.bucket == "photos");
    CHECK(plan.options.key.starts_with(".corral-verify/"));
    CHECK(plan.options.timeout_seconds == 30);
    CHECK(plan.kafka.timeout_seconds == 3);

    r.kafka.brokers = "k2:9092";
    r.kafka.topic = "other";
    plan = plan_verify(r, env_of(k_env));
    CHECK(plan.kafka.brokers == "k2:9092");
    CHECK(plan.options.topic == "other");
}

TEST_CASE("plan_verify refuses bad timeouts and bucket names before any network",
          "[notify][verify]") {
    auto kind = [](VerifyRequest r) {
        try {
            plan_verify(r, env_of(k_env));
        } catch (const Error& e) {
            return e.kind();
        }
        return ErrorKind::ok;
    };
    VerifyRequest r;
    r.connection.endpoint = "http://127.0.0.1:9000";
    r.connection.target = "photos";
    r.timeout = 0;
    CHECK(kind(r) == ErrorKind::usage);
    r.timeout = 30;
    r.connect_timeout = 86401;
    CHECK(kind(r) == ErrorKind::usage);
    r.connect_timeout = 10;
    r.connection.target = "a"; // bucket names have 3 to 63 characters
    CHECK(kind(r) != ErrorKind::ok);
}

TEST_CASE("verify_result: exit 0, 1 for a failed hop, 4 when unreachable", "[notify][verify]") {
    VerifyReport report;
    report.bucket = "photos";
    report.topic = "t";
    report.passed = true;
    report.hops = {{"connect", true, 0.1, ""}, {"put", true, 0.2, ""}};
    Report ok = verify_result(report);
    CHECK(ok.exit == 0);
    CHECK(ok.data["passed"] == true);
    CHECK(ok.text.find("verify passed") != std::string::npos);

    report.passed = false;
    report.hops.back().ok = false;
    report.failed_hop = "put";
    report.failure = "AccessDenied";
    CHECK(verify_result(report).exit == 1);
    report.unreachable = true;
    CHECK(verify_result(report).exit == 4);
}
