#include "core/config.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace corral;

namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) {
            return std::nullopt;
        }
        return it->second;
    };
}

std::string error_of(const std::string& text) {
    try {
        parse_config({"config.yaml", text});
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::input);
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("config keys become environment defaults", "[config]") {
    ConfigFile c =
        parse_config({"config.yaml", "output: json\n"
                                     "mesos:\n  master: http://m:5050\n"
                                     "kafka: {brokers: 'k1:9092', tls: yes, sasl: plain}\n"
                                     "s3:\n  alias: local\n"});
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(c.env_defaults == Pairs{{"CORRAL_OUTPUT", "json"},
                                  {"CORRAL_MESOS_MASTER", "http://m:5050"},
                                  {"CORRAL_KAFKA_BROKERS", "k1:9092"},
                                  {"CORRAL_KAFKA_TLS", "true"},
                                  {"CORRAL_KAFKA_SASL", "plain"},
                                  {"CORRAL_S3_ALIAS", "local"}});
    CHECK(parse_config({"c", ""}).env_defaults.empty());
    CHECK(parse_config({"c", "# nothing yet\n"}).env_defaults.empty());
    // Every key names a variable, once.
    std::map<std::string_view, int> seen;
    for (const auto& k : config_keys()) {
        CHECK(k.env.starts_with("CORRAL_"));
        CHECK(++seen[k.env] == 1);
    }
}

TEST_CASE("config errors name file, line, column and key", "[config]") {
    struct Row {
        const char* text;
        const char* error;
    };
    for (const Row& r : {
             Row{"mesos:\n  mastr: x\n",
                 "config.yaml:2:3: mesos.mastr: unknown key, did you mean 'mesos.master'? (see "
                 "'man corral', CONFIGURATION)"},
             Row{"outptu: json\n", "config.yaml:1:1: outptu: unknown key, did you mean 'output'? "
                                   "(see 'man corral', CONFIGURATION)"},
             Row{"kafka:\n  sasl-password: hunter2\n",
                 "config.yaml:2:3: kafka.sasl-password: secrets are never read from the config "
                 "file; use CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file"},
             Row{"s3: {secret-key: x}\n",
                 "config.yaml:1:6: s3.secret-key: secrets are never read from the config file; "
                 "use AWS_SECRET_ACCESS_KEY or an mc alias"},
             Row{"mesos:\n  secret: x\n",
                 "config.yaml:2:3: mesos.secret: secrets are never read from the config file; use "
                 "CORRAL_MESOS_SECRET or mesos.secret-file"},
             Row{"kafka:\n  api-token: x\n",
                 "config.yaml:2:3: kafka.api-token: secrets are never read from the config file; "
                 "use an environment variable or a --*-file option"},
             Row{"kafka:\n  tls: maybe\n",
                 "config.yaml:2:8: kafka.tls: expected true or false, got 'maybe'"},
             Row{"kafka:\n  brokers: [a, b]\n",
                 "config.yaml:2:12: kafka.brokers: expected a single value, not a list or a map"},
             Row{"output:\n", "config.yaml:1:1: output: has no value"},
             Row{"- output\n",
                 "config.yaml:1:1: expected a map of settings (output:, mesos:, kafka:, s3:)"},
         }) {
        INFO(r.text);
        CHECK(error_of(r.text) == r.error);
    }
}

TEST_CASE("config file location: CORRAL_CONFIG, XDG_CONFIG_HOME, HOME", "[config]") {
    using P = std::pair<std::string, bool>;
    CHECK(config_path(fake_env({{"CORRAL_CONFIG", "/etc/c.yaml"}, {"HOME", "/h"}})) ==
          P{"/etc/c.yaml", true});
    CHECK(config_path(fake_env({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})) ==
          P{"/x/corral/config.yaml", false});
    // A relative XDG_CONFIG_HOME is invalid (XDG Base Directory spec) and ignored.
    CHECK(config_path(fake_env({{"XDG_CONFIG_HOME", "x"}, {"HOME", "/h"}})) ==
          P{"/h/.config/corral/config.yaml", false});
    CHECK(config_path(fake_env({})) == P{"", false});
    CHECK(load_config(fake_env({{"HOME", "/nonexistent-home"}})).env_defaults.empty());
    CHECK_THROWS_AS(load_config(fake_env({{"CORRAL_CONFIG", "/nonexistent/c.yaml"}})), Error);
}

TEST_CASE("precedence: environment beats config, config beats default", "[config]") {
    ::unsetenv("CORRAL_TEST_PRECEDENCE_A");
    ::setenv("CORRAL_TEST_PRECEDENCE_B", "from-env", 1);
    ConfigFile c;
    c.env_defaults = {{"CORRAL_TEST_PRECEDENCE_A", "from-config"},
                      {"CORRAL_TEST_PRECEDENCE_B", "from-config"}};
    apply_config(c, process_env());
    CHECK(std::string(std::getenv("CORRAL_TEST_PRECEDENCE_A")) == "from-config");
    CHECK(std::string(std::getenv("CORRAL_TEST_PRECEDENCE_B")) == "from-env");
}
