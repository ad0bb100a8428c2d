// The `corral ocf` verbs as functions: a request (what the flags say; std::optional where "not
// given" differs from any value) in, a Report out. commands/ocf.cpp binds the flags to these
// structs and prints the Report; nothing here prints a result or picks an exit code beyond
// Report::exit (`ocf new` is in ocf/new_agent.hpp).
#pragma once

#include "core/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corral::ocf {

// Seconds an agent's meta-data action may take when --timeout is not given.
inline constexpr double default_metadata_timeout = 20;

struct MetaRequest {
    std::string agent;             // agent, meta-data XML file, provider:agent, or "-"
    std::optional<double> timeout; // --timeout (default_metadata_timeout)
    bool xml = false;              // -o xml: the meta-data unchanged, as the text
};
// The normalized model (SPEC §7 `ocf meta`); with `xml`, Report::text is the agent's XML as is.
Report run_meta(const MetaRequest& request);

struct LintRequest {
    std::vector<std::string> inputs;   // positionals and -f: agents, *.xml, dirs, provider:agent, -
    std::optional<std::string> schema; // --schema auto|dtd|1.0|1.1 (default auto)
    std::optional<double> timeout;     // --timeout per meta-data action
    bool strict = false;               // warnings fail the check too
};
// The lint result shared with probe and sched lint (core/lint.hpp), with its one-line summary as
// Report::summary (stderr, after the result). Report::exit: 3 when an input could not be read, else
// 1 on errors (or warnings with strict).
Report run_lint(const LintRequest& request);

struct TestRequest {
    std::string agent;               // agent executable or provider:agent
    std::vector<std::string> params; // --param NAME=VALUE, repeatable
    std::optional<double> timeout;   // --timeout for every action (default: its meta-data's)
    bool strict = false;             // tolerated deviations fail too
};
// Runs the test sequence (ocf/tester.hpp); Report::exit is 1 when a step failed. SIGINT/SIGTERM
// end it with Error(ErrorKind::interrupted) after the agent's stop.
Report run_test(const TestRequest& request);

struct InstallRequest {
    std::string agent;
    std::string provider;
    std::optional<std::string> root; // --root (default $OCF_ROOT, else /usr/lib/ocf)
    bool force = false;              // replace an installed agent of the same name
};
// Installs the agent (ocf/install.hpp); warns on the log when user hacluster cannot reach it.
Report run_install(const InstallRequest& request);

} // namespace corral::ocf
