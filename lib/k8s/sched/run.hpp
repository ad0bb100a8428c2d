// The `corral sched` verbs as library calls: a request (what the flags say) in, a result (the
// document for -o json|yaml, the text for -o text, the exit code) out. commands/sched.cpp only
// binds flags to these structs and prints the result.
#pragma once

#include "core/io.hpp"
#include "core/output.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/generate.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corral::k8s {

struct SchedResult {
    Json data;        // -o json|yaml
    std::string text; // -o text
    int exit_code = 0;
};

struct ConfigRequest {
    GenerateOptions generate;
    std::optional<int> percentage_of_nodes_to_score;
    std::string kubernetes_version = "1.34";
};
SchedResult run_config(const ConfigRequest& request);

struct LintRequest {
    std::vector<std::string> files; // files, directories, "-" (core/lint_input.hpp)
    std::string kubernetes_version = "1.34";
    bool fix = false;
    bool strict = false; // warnings fail the check too
};
// kube-scheduler's pipeline on one file: strict decode, v1 defaults, validation, framework build.
std::vector<Finding> lint_scheduler_config(const InputFile& input, int minor);
// The shared lint result (core/lint.hpp); the summary line goes to stderr. With `fix`: the one
// configuration migrated to v1.
SchedResult run_lint(const LintRequest& request);

struct SimulateRequest {
    std::string config, compare;
    std::vector<std::string> cluster, pods;
    std::uint64_t seed = 1;
    std::string explain;
    std::string kubernetes_version = "1.34";
};
SchedResult run_simulate(const SimulateRequest& request);

} // namespace corral::k8s
