// `ocf new` as a request -> result: merges a YAML spec (--from) with the flags, checks the whole
// spec, writes the agent. commands/ocf.cpp only binds the flags to a NewRequest and prints.
#pragma once

#include "core/report.hpp"
#include "ocf/agent_spec.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corral::ocf {

// The flags of `ocf new`; an unset field leaves the YAML spec's value (or the default) alone.
struct NewRequest {
    std::optional<std::string> name;
    std::optional<std::string> provider;
    std::optional<std::string> exec;
    std::optional<std::string> pidfile;
    std::optional<std::string> user;
    std::optional<std::string> health_cmd;
    std::optional<std::string> systemd;
    std::optional<std::string> ocf_version;
    std::optional<std::string> description;
    bool promotable = false; // flags only switch features on: a spec's true stays true
    bool notify = false;
    bool reload = false;
    bool migrate = false;
    std::vector<std::string> params;   // appended after the spec's parameters
    std::vector<std::string> timeouts; // ACTION=SECONDS, override the spec's
    std::optional<std::string> from;   // --from: YAML spec; unset: flags only
    std::optional<std::string> out;    // --out (default "."), created (with parents) when missing
    bool force = false;
    bool quiet = false; // -q: no "next steps" in the text output
};

// The merged, finalized spec. Errors in the spec file are Error::input naming the file; errors
// in flags are Error::usage.
AgentSpec build_agent_spec(const NewRequest& request);

// Builds the spec, creates --out when needed, writes the agent (mode 0755, atomically; an existing
// file needs force) and describes the next steps: Report::data has "path" (the agent written),
// "name", "provider", "mode", "ocf_version", "install_path", "test", "install" and "pcs".
Report run_new(const NewRequest& request);

} // namespace corral::ocf
