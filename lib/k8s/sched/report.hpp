// `sched simulate` and `sched lint` results as JSON (SPEC §7 field names) and text.
#pragma once

#include "core/lint.hpp"
#include "core/output.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/sim.hpp"

#include <string>
#include <vector>

namespace corral::k8s {

struct SimRun {
    std::string config_name;
    SimResult result;
    double load_seconds = 0;
};

Json simulate_json(const Cluster& cluster, const SimRun& run);
std::string simulate_text(const Cluster& cluster, const SimRun& run);
// --compare: the first run's document plus "compare" (second run) and "differences".
Json compare_json(const Cluster& cluster, const SimRun& a, const SimRun& b);
std::string compare_text(const Cluster& cluster, const SimRun& a, const SimRun& b);

// `sched lint`: every file, directory (*.yaml, *.yml, *.json below it) or "-" in `args`, parsed,
// defaulted and validated for Kubernetes 1.`minor`, each finding with the line and column of its
// field path; the shared lint input contract (core/lint_input.hpp).
LintRun lint_scheduler_configs(const std::vector<std::string>& args, int minor);

// A resource amount for JSON/text: cpu in millicores, memory/storage in bytes.
std::string format_amount(const std::string& resource, std::int64_t value);

} // namespace corral::k8s
