#include "core/config.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "core/yaml.hpp"

#include <cstdlib>
#include <filesystem>

namespace corral {

const std::vector<ConfigKey>& config_keys() {
    static const std::vector<ConfigKey> keys = {
        {"output", "CORRAL_OUTPUT"},
        {"mesos.master", "CORRAL_MESOS_MASTER"},
        {"mesos.principal", "CORRAL_MESOS_PRINCIPAL"},
        {"mesos.secret-file", "CORRAL_MESOS_SECRET_FILE"},
        {"kafka.brokers", "CORRAL_KAFKA_BROKERS"},
        {"kafka.topic", "CORRAL_KAFKA_TOPIC"},
        {"kafka.tls", "CORRAL_KAFKA_TLS"},
        {"kafka.ca-file", "CORRAL_KAFKA_CA_FILE"},
        {"kafka.sasl", "CORRAL_KAFKA_SASL"},
        {"kafka.sasl-username", "CORRAL_KAFKA_SASL_USERNAME"},
        {"s3.alias", "CORRAL_S3_ALIAS"},
        {"s3.endpoint", "CORRAL_S3_ENDPOINT"},
        {"s3.region", "CORRAL_S3_REGION"},
    };
    return keys;
}

namespace {

// Keys that would hold a secret, and where the secret goes instead.
struct SecretKey {
    std::string_view key;
    std::string_view instead;
};
constexpr SecretKey secret_keys[] = {
    {"mesos.secret", "CORRAL_MESOS_SECRET or mesos.secret-file"},
    {"kafka.sasl-password", "CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file"},
    {"kafka.password", "CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file"},
    {"s3.secret-key", "AWS_SECRET_ACCESS_KEY or an mc alias"},
    {"s3.secret-access-key", "AWS_SECRET_ACCESS_KEY or an mc alias"},
    {"s3.access-key", "AWS_ACCESS_KEY_ID or an mc alias"},
    {"s3.session-token", "AWS_SESSION_TOKEN"},
};

bool secret_word(std::string_view last) {
    return last.find("password") != std::string_view::npos ||
           last.find("token") != std::string_view::npos ||
           (last.find("secret") != std::string_view::npos && last != "secret-file") ||
           last.find("access-key") != std::string_view::npos;
}

[[noreturn]] void fail(const InputFile& in, const YamlDocument& doc, const YAML::Node& node,
                       const std::string& field, const std::string& what) {
    throw Error::input(what).at(in.name, doc.line_of(node), doc.column_of(node)).field(field);
}

void walk(const InputFile& in, const YamlDocument& doc, const YAML::Node& map,
          const std::string& prefix, ConfigFile& out) {
    for (const auto& item : map) {
        const YAML::Node& key_node = item.first;
        const YAML::Node& value = item.second;
        std::string key = prefix + key_node.Scalar();
        std::string last = key_node.Scalar();
        for (const auto& s : secret_keys) {
            if (s.key == key) {
                fail(in, doc, key_node, key,
                     "secrets are never read from the config file; use " + std::string(s.instead));
            }
        }
        if (secret_word(last)) {
            fail(in, doc, key_node, key,
                 "secrets are never read from the config file; use an environment variable or "
                 "a --*-file option");
        }
        if (value.IsMap()) {
            bool is_group = false;
            for (const auto& k : config_keys()) {
                is_group = is_group || k.key.starts_with(key + ".");
            }
            if (is_group) {
                walk(in, doc, value, key + ".", out);
                continue;
            }
        }
        const ConfigKey* known = nullptr;
        for (const auto& k : config_keys()) {
            if (k.key == key) {
                known = &k;
            }
        }
        if (known == nullptr) {
            std::vector<std::string> names;
            for (const auto& k : config_keys()) {
                names.emplace_back(k.key);
            }
            std::string hint = did_you_mean(key, names);
            fail(in, doc, key_node, key,
                 "unknown key" + (hint.empty() ? "" : ", did you mean '" + hint + "'?") +
                     " (see 'man corral', CONFIGURATION)");
        }
        if (value.IsNull()) {
            fail(in, doc, key_node, key, "has no value");
        }
        if (!value.IsScalar()) {
            fail(in, doc, value, key, "expected a single value, not a list or a map");
        }
        std::string text = value.Scalar();
        if (known->key == "kafka.tls") {
            if (!yaml11_bool_word(text) || scalar_was_quoted(value)) {
                fail(in, doc, value, key, "expected true or false, got '" + text + "'");
            }
            text = yaml11_true_word(text) ? "true" : "false";
        }
        out.env_defaults.emplace_back(std::string(known->env), text);
    }
}

} // namespace

std::pair<std::string, bool> config_path(const EnvLookup& env) {
    if (auto p = env("CORRAL_CONFIG"); p && !p->empty()) {
        return {*p, true};
    }
    if (auto x = env("XDG_CONFIG_HOME"); x && !x->empty() && x->front() == '/') {
        return {*x + "/corral/config.yaml", false};
    }
    if (auto h = env("HOME"); h && !h->empty()) {
        return {*h + "/.config/corral/config.yaml", false};
    }
    return {"", false};
}

ConfigFile parse_config(const InputFile& input) {
    ConfigFile out;
    out.path = input.name;
    YamlLoadOptions options;
    auto docs = load_yaml_documents(input, options);
    if (docs.empty()) {
        return out;
    }
    if (docs.size() > 1) {
        throw Error::input("one YAML document expected, found " + std::to_string(docs.size()))
            .at(input.name, docs[1].first_line);
    }
    const YamlDocument& doc = docs.front();
    if (doc.root.IsNull()) {
        return out;
    }
    if (!doc.root.IsMap()) {
        throw Error::input("expected a map of settings (output:, mesos:, kafka:, s3:)")
            .at(input.name, doc.line_of(doc.root), doc.column_of(doc.root));
    }
    walk(input, doc, doc.root, "", out);
    return out;
}

ConfigFile load_config(const EnvLookup& env) {
    auto [path, required] = config_path(env);
    if (path.empty()) {
        return {};
    }
    std::error_code ec;
    if (!required && !std::filesystem::exists(path, ec)) {
        return {};
    }
    if (required && !std::filesystem::exists(path, ec)) {
        throw Error::input("CORRAL_CONFIG names a file that does not exist").at(path);
    }
    return parse_config(read_input(path));
}

void apply_config(const ConfigFile& config, const EnvLookup& env) {
    for (const auto& [name, value] : config.env_defaults) {
        if (!env(name).has_value()) {
            ::setenv(name.c_str(), value.c_str(), 0);
        }
    }
}

} // namespace corral
