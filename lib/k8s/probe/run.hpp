// The `corral probe` verbs as functions: a request (what the flags say; std::optional where "not
// given" differs from any value) in, a Report out. commands/probe.cpp binds the flags to these
// structs and prints the result; nothing here prints beyond diagnostics on stderr (core/log).
#pragma once

#include "core/report.hpp"
#include "k8s/probe/inject_run.hpp"
#include "k8s/probe/probe.hpp"

#include <string>
#include <vector>

namespace corral::k8s {

// `probe http|tcp|grpc|exec` (request.handler names the verb) and the OpenShift form
// `corral probe --liveness --get-url URL|--open-tcp PORT|--command ARG` (handler ""): the probe,
// plus a startupProbe with --slow-start. data: {"livenessProbe": {...}, ...}; text: the same as
// YAML blocks. Error::usage with the API server's message for what it would refuse.
Report run_probe_generate(const ProbeOptions& request);

struct ProbeLintRequest {
    std::vector<std::string> files; // -f/--file and positionals; "-" is stdin
    bool strict = false;            // --strict: warnings fail too
};
// `probe lint`: the lint run (core/lint.hpp) as data and text; the one-line summary goes to stderr.
// exit: 3 when an input could not be read, else 1 on errors (or warnings with strict), else 0.
Report run_probe_lint(const ProbeLintRequest& request);

// `probe inject` prints the manifests it edited (InjectReport::output) as they are: see
// inject_run.hpp. The messages of an inject run on stderr: notes (silenced by -q) and warnings.
void log_inject_messages(const InjectReport& report);

} // namespace corral::k8s
