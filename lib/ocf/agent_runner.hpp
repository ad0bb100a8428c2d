// Running an agent action the way a cluster would (environment, timeout, unprivileged user).
#pragma once

#include "core/process.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corral::ocf {

// OCF_ROOT for agents: $OCF_ROOT, else /usr/lib/ocf.
std::string ocf_root();

struct AgentCall {
    std::string agent;                         // path to the executable
    std::string action;                        // "meta-data", "start", ...
    std::map<std::string, std::string> params; // name -> value, exported as OCF_RESKEY_name
    std::map<std::string, std::string> extra_env;
    double timeout_seconds = 20;
    std::optional<double> interval_seconds; // sets OCF_RESKEY_CRM_meta_interval (ms)
    std::optional<int> check_level;         // OCF_CHECK_LEVEL
    bool as_nobody = false;                 // run as user nobody when we are root
    // OCF_RESOURCE_INSTANCE (nullopt: unset). For meta-data, crm_resource --show-metadata passes
    // the agent's name: agent_metadata_xml does the same.
    std::optional<std::string> instance = std::string("corral-test");
    // Kill the action's process group once it has exited: nothing an action like meta-data
    // forks may outlive it (issue 15). Never for start, whose daemon stays in that group.
    bool kill_group_after = false;
    const std::atomic<int>* cancel = nullptr; // see ProcessSpec::cancel
};

ProcessResult run_agent(const AgentCall& call);

// Checks that `path` names an executable regular file: Error::input otherwise (exit 3).
void require_agent_executable(const std::string& path);

// When an agent's stderr shows that it could not source the resource-agents shell library
// ($OCF_ROOT/lib/heartbeat/ocf-shellfuncs) and that file is missing: a sentence naming it.
std::string missing_library_hint(const std::string& agent_stderr);

// The first directory on the way to `path` that user `uid`/`gid` cannot search (x permission),
// with its mode, e.g. "/root (mode 0700)"; "" when every one can be searched.
std::string unsearchable_directory(const std::string& path, uid_t uid, gid_t gid);

// Runs `agent meta-data` (20 s bound) and returns its stdout; Error::input when it fails.
std::string agent_metadata_xml(const std::string& agent, double timeout_seconds = 20);

} // namespace corral::ocf

namespace corral::ocf {

// "ocf:heartbeat:Dummy" or "heartbeat:Dummy" -> $OCF_ROOT/resource.d/heartbeat/Dummy when no
// such file exists as given; anything else is returned unchanged.
std::string resolve_agent(const std::string& arg);

struct MetadataSource {
    std::string name; // as shown in findings
    std::string xml;
    bool from_agent = false;
};

// An agent (executable: runs meta-data), a saved XML file (*.xml, or text starting with '<'), or
// "-" for stdin. A non-executable file that is not XML is Error::input.
MetadataSource load_metadata_source(const std::string& arg, double timeout_seconds = 20);

// Expands directory arguments to the agents (executables) and *.xml files directly inside them,
// sorted, skipping dot files (resource.d/heartbeat/.ocf-shellfuncs); other arguments stay.
std::vector<std::string> expand_agent_inputs(const std::vector<std::string>& args);

} // namespace corral::ocf
