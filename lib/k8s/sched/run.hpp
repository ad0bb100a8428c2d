// The `corral sched` verbs as functions: a request (what the flags say; std::optional where "not
// given" differs from any value) in, a Report out (core/report.hpp: the document for -o json|yaml,
// the text for -o text, the exit status). commands/sched.cpp binds the flags to these structs and
// prints the Report; nothing here prints results or picks an exit code beyond Report::exit.
#pragma once

#include "core/io.hpp"
#include "core/lint.hpp"
#include "core/report.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corral::k8s {

// The --kubernetes-version every verb takes: "1.34" when not given.
inline constexpr const char* kDefaultKubernetesVersion = "1.34";

struct ConfigRequest {
    std::optional<std::string> preset;         // --preset (default "default")
    std::optional<std::string> scheduler_name; // --scheduler-name (default "default-scheduler")
    std::optional<std::string> strategy;       // --strategy least-allocated|most-allocated|...
    std::vector<std::string> resources;        // --resource NAME=WEIGHT, repeatable
    std::vector<std::string> shape;            // --shape UTIL:SCORE, repeatable
    std::vector<std::string> enable;           // --enable PLUGIN[:WEIGHT], repeatable
    std::vector<std::string> disable;          // --disable PLUGIN|*, repeatable
    std::optional<int> percentage_of_nodes_to_score; // --percentage-of-nodes-to-score
    std::vector<std::string> profiles;               // --profile NAME, repeatable
    bool leader_elect = true;              // --no-leader-elect (kube-scheduler's default is true)
    std::optional<std::string> kubeconfig; // --kubeconfig
    std::optional<std::string> kubernetes_version; // --kubernetes-version
};
// A KubeSchedulerConfiguration (v1) that passes `sched lint`; text is its YAML.
Report run_config(const ConfigRequest& request);

struct LintRequest {
    std::vector<std::string> files; // files, directories, "-" (core/lint_input.hpp)
    std::optional<std::string> kubernetes_version;
    bool fix = false;    // --fix: print the one configuration migrated to v1
    bool strict = false; // --strict: warnings fail the check too
};
// kube-scheduler's pipeline on one file: strict decode, v1 defaults, validation, framework build;
// every finding and error at its position. A block-style config is checked one profile at a time
// unless `whole` (the same findings; the fuzz target compares the two).
std::vector<Finding> lint_scheduler_config(const InputFile& input, int minor, bool whole = false);
// The shared lint result (core/lint.hpp); the summary line goes to stderr. With `fix`: the one
// configuration migrated to v1 (exit 1 when it is still invalid).
Report run_lint(const LintRequest& request);

struct SimulateRequest {
    std::optional<std::string> config;  // --config (default: kube-scheduler's defaults)
    std::optional<std::string> compare; // --compare: a second configuration side by side
    std::vector<std::string> cluster;   // --cluster, repeatable: nodes and bound pods
    std::vector<std::string> pods;      // --pods, repeatable: pending pods in queue order
    std::optional<std::uint64_t> seed;  // --seed (default 1)
    std::optional<std::string> explain; // --explain NS/NAME
    std::optional<std::string> kubernetes_version;
};
// Loads the cluster (for the Kubernetes version asked: it decides which pod fields count), builds
// each configuration, schedules the pending pods and renders the placements.
Report run_simulate(const SimulateRequest& request);

} // namespace corral::k8s
