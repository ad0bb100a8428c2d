// Kubernetes manifests as parsed YAML: which objects carry a pod template, where it is, and the
// containers in it (with their field paths in the API server's form and their source positions).
#pragma once

#include "core/yaml.hpp"
#include "k8s/manifest_tree.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s {

// Map lookup that never inserts and never throws (yaml-cpp's operator[] does one or the other).
YAML::Node map_get(const YAML::Node& map, std::string_view key);
// The key node of `key` in `map` (for its position), or an invalid node.
YAML::Node map_key(const YAML::Node& map, std::string_view key);

// Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
// CronJob.
const std::vector<std::string_view>& workload_kinds();

// Field path from the object root to its PodSpec ("spec", "template.spec",
// "spec.template.spec", "spec.jobTemplate.spec.template.spec"); nullopt for other kinds.
std::optional<std::string_view> pod_spec_path(std::string_view kind);

// Kubernetes long-running workloads (probes expected): not Job/CronJob.
bool long_running_kind(std::string_view kind);

enum class ContainerList { regular, init, ephemeral };
std::string_view container_list_field(ContainerList list); // "containers", ...

struct ContainerRef {
    ContainerList list = ContainerList::regular;
    int index = 0;
    std::string name;              // empty when missing
    YAML::Node node;               // the container mapping (may be a non-map on bad input)
    std::string path;              // "spec.template.spec.containers[0]"
    bool restartable_init = false; // init container with restartPolicy: Always (a sidecar)
};

struct WorkloadRef {
    std::string kind;
    std::string name;       // metadata.name
    std::string namespace_; // metadata.namespace
    std::string spec_path;
    YAML::Node pod_spec; // invalid when the template is absent
    std::vector<ContainerRef> containers;
    std::string restart_policy; // pod spec restartPolicy

    // "Deployment/web" (namespace-qualified when set: "Deployment/prod/web").
    std::string object() const;
};

// The workload in a document root (a mapping), or nullopt when its kind has no pod template.
// Never throws on odd shapes: containers that are not mappings are kept for the linter to report.
std::optional<WorkloadRef> find_workload(const YAML::Node& root);

// Scalar text of a node, empty when not a scalar.
std::string scalar_or_empty(const YAML::Node& node);

// The workload view of a document tree (the counterpart of find_workload for ManifestTree, what
// probe lint and inject read).
struct TreeContainer {
    ContainerList list = ContainerList::regular;
    int index = 0;
    std::string name;
    NodeId node = 0;
    std::string path;
    bool restartable_init = false;
};

struct TreeWorkload {
    std::string kind, name, namespace_, spec_path, restart_policy;
    NodeId pod_spec = 0;
    std::vector<TreeContainer> containers;
    std::string object() const; // as WorkloadRef::object()
};

// False when the object's kind has no pod template; `w.pod_spec` is 0 when the template is absent.
bool find_tree_workload(const ManifestTree& t, NodeId root, TreeWorkload& w);

// A document's root as a Kubernetes object: false for an empty document, Error::input at
// file:line:col for a list or a scalar (lint and inject refuse those alike).
bool document_object_root(const std::string& file, const ManifestDocument& doc, NodeId root);

} // namespace corral::k8s
