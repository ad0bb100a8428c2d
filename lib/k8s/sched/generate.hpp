// `sched config`: a KubeSchedulerConfiguration (v1) from a preset and flags.
#pragma once

#include "core/output.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corral::k8s {

struct GenerateOptions {
    std::string preset = "default"; // default | binpack | spread | gpu-binpack
    std::string scheduler_name;
    std::string strategy; // least-allocated | most-allocated | requested-to-capacity-ratio
    std::vector<std::string> resources; // NAME=WEIGHT
    std::vector<std::string> shape;     // UTIL:SCORE
    std::vector<std::string> enable;    // PLUGIN[:WEIGHT]
    std::vector<std::string> disable;   // PLUGIN | *
    std::optional<int> percentage;
    std::vector<std::string> profiles;
    bool leader_elect = true; // kube-scheduler's default (v1 RecommendedDefaultLeaderElection)
    std::string kubeconfig;
};

// Error::usage for malformed flags; the result always passes validate_config.
Json generate_scheduler_config(const GenerateOptions& options, int minor);

} // namespace corral::k8s
