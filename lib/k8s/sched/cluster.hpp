// Loading Nodes and Pods for `sched simulate` from YAML or JSON (single objects, multi-document
// streams, kubectl `List` objects). Invalid input is Error::input with file:line:col and the
// field path, as the API server would name it.
#pragma once

#include "core/io.hpp"
#include "k8s/sched/model.hpp"

#include <vector>

namespace corral::k8s {

struct LoadOptions {
    bool pods_only = false; // --pods: every Pod is pending, other kinds are refused
    int minor = 34; // pod-level spec.resources (PodLevelResources) count from 1.34 (beta, on)
    // Read every file through yaml-cpp, not the fast YAML and JSON readers (tests compare them).
    bool yaml_cpp_only = false;
};

// Adds the objects of `input` to `cluster`.
void load_cluster_file(const InputFile& input, Cluster& cluster, const LoadOptions& options = {});

// Checks cross-object rules (duplicate names, pods bound to unknown nodes), resolves priorities
// and sorts the pending queue (PrioritySort: priority descending, then input order).
void finish_cluster(Cluster& cluster);

} // namespace corral::k8s
