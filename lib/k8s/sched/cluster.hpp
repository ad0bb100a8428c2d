// Loading Nodes and Pods for `sched simulate` from YAML or JSON (single objects, multi-document
// streams, kubectl `List` objects). Invalid input is Error::input with file:line:col and the
// field path, as the API server would name it.
#pragma once

#include "core/io.hpp"
#include "k8s/manifest_tree.hpp"
#include "k8s/sched/model.hpp"

#include <string>
#include <string_view>
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
// The same over a view of a file (a mapped InputView): `release`, when given, is called with
// offsets the loader has gone past (InputView::release_before), so that a streamed file is not
// held whole. Nothing the cluster keeps points into `text`.
void load_cluster_text(const std::string& name, std::string_view text, Cluster& cluster,
                       const LoadOptions& options = {}, const TextRelease& release = {});

// Checks cross-object rules (duplicate names, pods bound to unknown nodes), resolves priorities
// and sorts the pending queue (PrioritySort: priority descending, then input order).
void finish_cluster(Cluster& cluster);

} // namespace corral::k8s
