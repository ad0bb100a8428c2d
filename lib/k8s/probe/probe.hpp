// Probe generation: command-line style options -> the v1 Probe object(s), validated by the same
// rules as the API server (probe_validation.hpp), and rendered as YAML blocks for printing or
// splicing into manifests.
#pragma once

#include "k8s/probe/validation.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corral::k8s {

// What a user asks for, as typed (strings are parsed and checked by build_probes): the request of
// the generation verbs, bound flag by flag (unset optionals are flags not given).
struct ProbeOptions {
    std::optional<std::string> kind; // liveness|readiness|startup (unset with --liveness etc.)
    bool liveness = false, readiness = false, startup = false; // OpenShift spellings of --kind
    std::string handler; // http|tcp|grpc|exec ("" when implied by --get-url/--open-tcp/--command)
    std::optional<std::string> port, path, scheme, host, service;
    std::vector<std::string> headers;          // "Name: value"; "Name:" is an empty value
    std::vector<std::string> command;          // exec argv: --command ARG (repeatable) ...
    std::vector<std::string> trailing_command; // ... then the words after -- (exec's positionals)
    std::optional<std::string> get_url, open_tcp;
    std::optional<std::string> initial_delay, period, timeout, success_threshold, failure_threshold,
        termination_grace;
    std::optional<std::string> slow_start; // duration covered by a generated startupProbe
};

struct GeneratedProbe {
    ProbeKind kind;
    Json probe; // the Probe object, keys in a stable, conventional order
};

// The requested probe, plus a startupProbe when --slow-start asks for one. Throws Error::usage
// with the API server's message (and field path) for what it would refuse.
std::vector<GeneratedProbe> build_probes(const ProbeOptions& options);

// The probe kind named by the options (--kind or --liveness/--readiness/--startup).
ProbeKind requested_kind(const ProbeOptions& options);

// Seconds from "90", "90s", "5m", "1h30m", "1m30s" (Go duration units s, m, h); Error::usage.
long long parse_seconds(const std::string& text, const std::string& flag);

// A Probe rendered as block YAML under `key:` at `indent` spaces, nested levels `step` spaces
// deeper, lines ending with `eol`. Strings are quoted when YAML 1.1 would misread them.
std::string probe_yaml(std::string_view key, const Json& probe, int indent = 0, int step = 2,
                       std::string_view eol = "\n");

} // namespace corral::k8s
