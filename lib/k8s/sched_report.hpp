// `sched simulate` and `sched lint` results as JSON (SPEC §7 field names) and text.
#pragma once

#include "core/output.hpp"
#include "k8s/sched_config.hpp"
#include "k8s/sched_sim.hpp"

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

Json lint_json(const std::string& file, const std::vector<Finding>& findings);
std::string lint_text(const std::string& file, const std::vector<Finding>& findings);

// A resource amount for JSON/text: cpu in millicores, memory/storage in bytes.
std::string format_amount(const std::string& resource, std::int64_t value);

} // namespace corral::k8s
