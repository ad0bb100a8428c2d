// The config file (SPEC §0 "flag > environment variable > config file > default"):
// $CORRAL_CONFIG, else $XDG_CONFIG_HOME/corral/config.yaml, else ~/.config/corral/config.yaml.
// It holds defaults for the connection and output settings that have environment variables, and
// nothing else: each key stands for one variable, and a key applies only when its variable is
// unset, so a flag beats the variable, which beats the file, which beats the built-in default.
//
//     output: json
//     mesos:  {master: http://mesos-master:5050, principal: ops}
//     kafka:  {brokers: "k1:9092,k2:9092", topic: minio-events, tls: true, sasl-username: minio}
//     s3:     {alias: local, endpoint: http://localhost:9000, region: us-east-1}
//
// Secrets (passwords, secret keys) are refused: they come from the environment or --*-file.
// Unknown keys are refused with a did-you-mean. Errors are Error::input naming file:line:col.
#pragma once

#include "core/io.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corral {

struct ConfigKey {
    std::string_view key; // dotted: "kafka.brokers"
    std::string_view env; // the variable it is a default for: "CORRAL_KAFKA_BROKERS"
};
// Every key the file may hold, in the order `man corral` lists them.
const std::vector<ConfigKey>& config_keys();

struct ConfigFile {
    std::string path; // "" when there is no file
    // (variable, value) for every key the file sets, in file order.
    std::vector<std::pair<std::string, std::string>> env_defaults;
};

// Where the config file is: $CORRAL_CONFIG (which must then exist), $XDG_CONFIG_HOME (when set
// and absolute), then $HOME/.config. Returns {path, required}.
std::pair<std::string, bool> config_path(const EnvLookup& env);

// Parses the file's text (named `path` in errors).
ConfigFile parse_config(const InputFile& input);

// Finds and parses the config file; no file at the default places is an empty ConfigFile.
ConfigFile load_config(const EnvLookup& env);

// Sets each variable of `config` that `env` leaves unset (setenv in this process), so every
// reader of the environment sees the file's defaults after the real environment's values.
void apply_config(const ConfigFile& config, const EnvLookup& env);

} // namespace corral
