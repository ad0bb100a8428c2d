// What `ocf new` generates: the agent's name, mode and parameters, from flags or a YAML spec.
#pragma once

#include "core/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corral::ocf {

// Parameter types of `--param name:TYPE`. string/integer/boolean map to the same meta-data type;
// path (absolute), file (absolute, exists: 5, readable: 4), binary (found on PATH: 5) are
// strings in meta-data with a validate-all check; select(a|b) is select in OCF 1.1, string in 1.0.
struct ParamSpec {
    std::string name;
    std::string type = "string";
    std::optional<std::string> default_value;
    bool required = false;
    bool unique = false;
    bool reloadable = false;
    std::vector<std::string> options; // select
    std::string description;          // shortdesc; generated from the name when empty
};

// Parses 'name[:type][=default][,required][,unique][,reloadable]'. Throws Error of `kind`
// naming the offending part.
ParamSpec parse_param_spec(const std::string& text, ErrorKind kind = ErrorKind::usage);

struct AgentSpec {
    std::string name;
    std::string provider;
    std::string description; // shortdesc
    std::string longdesc;
    std::string agent_version = "1.0";
    std::string exec;    // daemon command (daemon mode)
    std::string pidfile; // default pid file (daemon mode)
    std::string user;    // run the daemon as
    std::string systemd; // unit (systemd mode)
    std::string health_cmd;
    bool promotable = false;
    bool notify = false;
    bool reload = false;
    bool migrate = false;
    std::string ocf_version; // "1.0" | "1.1"; empty: 1.0, or 1.1 when a 1.1 feature asks for it
    std::map<std::string, int> timeouts; // action -> seconds
    std::vector<ParamSpec> params;

    std::string mode() const {
        return !exec.empty() ? "daemon" : !systemd.empty() ? "systemd" : "state";
    }
};

// Actions whose timeout --timeout may set.
const std::vector<std::string>& timeout_actions();

// Parses 'ACTION=SECONDS'.
std::pair<std::string, int> parse_timeout_spec(const std::string& text,
                                               ErrorKind kind = ErrorKind::usage);

// Checks the whole spec (names, duplicates, types, defaults, absolute pid file, 1.1 features)
// and fills derived fields (ocf_version). Errors are of `kind`, located at `where` when given.
void finalize_spec(AgentSpec& spec, ErrorKind kind = ErrorKind::usage);

// Reads a YAML spec (same fields as the flags); errors are Error::input with file:line:col.
AgentSpec load_agent_spec(const std::string& path);

bool is_shell_identifier(const std::string& s);

} // namespace corral::ocf
