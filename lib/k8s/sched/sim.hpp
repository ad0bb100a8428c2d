// Offline kube-scheduler: schedules pending pods one by one with the configured filter and score
// plugins (schedule_one.go), node sampling with the round-robin start, and a seeded reservoir
// tie-break. Nodes are kept as a structure of arrays; tests/unit/k8s keeps a slow, map-based
// reference scheduler to compare placements against.
#pragma once

#include "k8s/sched/config.hpp"
#include "k8s/sched/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace corral::k8s {

struct SimOptions {
    int minor = 34;
    std::uint64_t seed = 1;
    std::string explain_pod; // "ns/name" or "name" (default namespace)
};

struct PluginScoreDetail {
    std::string plugin;
    std::int64_t raw = 0, normalized = 0, weight = 1, weighted = 0;
};
struct NodeScoreDetail {
    int node = -1;
    std::vector<PluginScoreDetail> plugins;
    std::int64_t total = 0;
};
struct ExplainResult {
    std::string pod;
    std::vector<int> feasible;
    std::vector<NodeScoreDetail> nodes;
    std::vector<std::string> skipped; // score plugins that PreScore skipped
    std::string note;
};

struct Placement {
    std::string pod;
    int node = -1;
    std::vector<std::string> reasons; // "2 Insufficient nvidia.com/gpu", sorted as upstream
    std::string message;              // "0/2 nodes are available: 2 Insufficient nvidia.com/gpu."
};

struct NodeUsage {
    std::vector<std::int64_t> requested; // per resource id
    int pods = 0;
};

struct SimResult {
    std::vector<Placement> placements;
    std::vector<NodeUsage> usage; // per node, after scheduling
    std::vector<ExplainResult> explain;
    double schedule_seconds = 0;
};

SimResult simulate(const Cluster& cluster, const SimConfig& config, const SimOptions& options);

// The snapshot's node order (nodeTree.list(): zones round-robin, insertion order within a zone).
std::vector<int> node_tree_order(const std::vector<Node>& nodes);

} // namespace corral::k8s
