// Renderings of a validated notify_kafka target: mc command, env lines, Kubernetes env list,
// the admin API's config-kv line, and the §7 JSON; plus reading config-kv lines back.
#include "notify/s3/target.hpp"

#include "core/strings.hpp"

#include <algorithm>
#include <cctype>

namespace corral::notify {
namespace {

// Values written without quotes in mc/config-kv syntax.
bool plain_config_value(const std::string& v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '.' || c == '/' || c == '-';
    });
}

std::string config_value(const std::string& v) {
    return plain_config_value(v) ? v : "\"" + v + "\"";
}

bool plain_env_value(const std::string& v) {
    return std::all_of(v.begin(), v.end(), [](unsigned char c) {
        return std::isalnum(c) ||
               std::string_view("_.,:/@%+=-").find(static_cast<char>(c)) != std::string_view::npos;
    });
}

std::string env_value(const std::string& v) {
    if (plain_env_value(v)) {
        return v;
    }
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\' || c == '$' || c == '`') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

// How a shell line refers to the SASL password without printing it: the file it came from, or
// CORRAL_KAFKA_SASL_PASSWORD with ${VAR:?} so that running the line with the variable unset or
// empty stops instead of configuring an empty password.
std::string password_reference(const KafkaTarget& t) {
    if (t.password_source == SecretSource::file) {
        return "$(cat " + shell_quote(t.password_file) + ")";
    }
    return "${CORRAL_KAFKA_SASL_PASSWORD:?is not set}";
}

} // namespace

std::string render_mc(const KafkaTarget& t, const std::string& alias) {
    std::string out =
        "mc admin config set " + (alias.empty() ? "ALIAS" : alias) + " notify_kafka:" + t.id;
    for (const auto& [key, value] : t.keys) {
        if (key == "enable") {
            continue; // mc admin config set adds enable=on itself (config.SetKVS)
        }
        out += ' ';
        if (is_secret_key(key)) {
            out += "\"" + key + "=\\\"" + password_reference(t) + "\\\"\"";
        } else if (plain_config_value(value)) {
            out += key + "=" + value;
        } else {
            out += shell_quote(key + "=\"" + value + "\"");
        }
    }
    return out + "\n";
}

std::string render_env(const KafkaTarget& t) {
    std::string out;
    for (const auto& [key, value] : t.keys) {
        if (is_secret_key(key)) {
            // Never "***" (no env file can use it) and never the secret: a reference that a
            // shell sourcing the file expands (set -a; . ./minio.env).
            out += "# " + kafka_env_name(key, t.id) +
                   ": expanded when a shell sources this file; elsewhere (docker --env-file, "
                   "systemd EnvironmentFile) put the password in its place\n";
            out += kafka_env_name(key, t.id) + "=\"" + password_reference(t) + "\"\n";
            continue;
        }
        out += kafka_env_name(key, t.id) + "=" + env_value(value) + "\n";
    }
    return out;
}

std::string render_k8s(const KafkaTarget& t, const std::string& secret_name) {
    std::string out = "env:\n";
    for (const auto& [key, value] : t.keys) {
        out += "- name: " + kafka_env_name(key, t.id) + "\n";
        if (is_secret_key(key)) {
            out += "  valueFrom:\n    secretKeyRef:\n      name: " + yaml_scalar(secret_name) +
                   "\n      key: " + key + "\n";
        } else {
            // every value is a string in a container env list: quote what YAML would retype.
            out += "  value: " + yaml_scalar(value) + "\n";
        }
    }
    return out;
}

std::string config_kv_line(const KafkaTarget& t) {
    std::string out = "notify_kafka:" + t.id;
    for (const auto& [key, value] : t.keys) {
        out += " " + key + "=" + config_value(value);
    }
    return out;
}

Json target_json(const KafkaTarget& t) {
    Json j;
    j["id"] = t.id;
    j["arn"] = kafka_arn(t.id);
    Json keys = Json::object();
    Json env = Json::object();
    for (const auto& [key, value] : t.keys) {
        std::string shown = is_secret_key(key) ? "***" : value;
        keys[key] = shown;
        env[kafka_env_name(key, t.id)] = shown;
    }
    j["keys"] = keys;
    j["env"] = env;
    j["restart_required"] = true;
    j["warnings"] = t.warnings;
    return j;
}

std::vector<std::pair<std::string, std::string>> parse_config_kv_line(const std::string& line,
                                                                      std::string& subsys_target) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
            ++i;
        }
    };
    skip_space();
    auto sp = line.find_first_of(" \t", i);
    subsys_target = line.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
    i = sp == std::string::npos ? line.size() : sp;
    while (true) {
        skip_space();
        if (i >= line.size()) {
            break;
        }
        auto eq = line.find('=', i);
        if (eq == std::string::npos) {
            out.emplace_back(line.substr(i), "");
            break;
        }
        std::string key = line.substr(i, eq - i);
        i = eq + 1;
        std::string value;
        if (i < line.size() && line[i] == '"') {
            auto close = line.find('"', i + 1);
            value =
                line.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
            i = close == std::string::npos ? line.size() : close + 1;
        } else {
            auto end = line.find_first_of(" \t", i);
            value = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? line.size() : end;
        }
        out.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

} // namespace corral::notify
