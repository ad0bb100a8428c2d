// Plain structs for the scheduler simulator: Nodes and Pods reduced to what the implemented
// plugins read. Resources are interned to small integer ids (cpu, memory, ephemeral-storage and
// pods are fixed; extended resources follow) so the simulator can keep them in arrays.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace corral::k8s {

enum ResourceId : int { kCpu = 0, kMemory = 1, kEphemeralStorage = 2, kPods = 3, kFirstScalar = 4 };

class ResourceTable {
public:
    ResourceTable();
    int intern(const std::string& name);
    int find(const std::string& name) const; // -1 when unknown
    const std::string& name(int id) const { return m_names[id]; }
    int size() const { return static_cast<int>(m_names.size()); }

private:
    std::vector<std::string> m_names;
    std::unordered_map<std::string, int> m_index;
};

// True for names kube-scheduler treats as scalar resources (extended, hugepages-, attachable-).
bool is_scalar_resource(const std::string& name);
// v1helper.IsExtendedResourceName: not in kubernetes.io/ namespace, has a '/'.
bool is_extended_resource(const std::string& name);

using Labels = std::map<std::string, std::string>;
using ResourceAmounts =
    std::vector<std::pair<int, std::int64_t>>; // sparse (id, amount), amount != 0

struct Taint {
    std::string key, value, effect;
};
struct Toleration {
    std::string key, op, value, effect; // op "" means Equal
};
bool tolerates(const Toleration& t, const Taint& taint);
bool tolerates_any(const std::vector<Toleration>& ts, const Taint& taint);

struct SelectorRequirement {
    std::string key, op; // In NotIn Exists DoesNotExist Gt Lt
    std::vector<std::string> values;
};
struct NodeSelectorTerm {
    std::vector<SelectorRequirement> match_expressions, match_fields;
};
struct PreferredTerm {
    std::int32_t weight = 0;
    NodeSelectorTerm term;
};
// metav1.LabelSelector; `present == false` is a nil selector (matches nothing when converted).
struct LabelSelector {
    bool present = false;
    Labels match_labels;
    std::vector<SelectorRequirement> match_expressions;
    bool matches(const Labels& labels) const;
};

struct SpreadConstraint {
    std::int32_t max_skew = 1;
    std::string topology_key;
    std::string when_unsatisfiable; // DoNotSchedule | ScheduleAnyway
    LabelSelector selector;
    std::optional<std::int32_t> min_domains;
    std::vector<std::string> match_label_keys;
    std::string node_affinity_policy = "Honor"; // Honor | Ignore
    std::string node_taints_policy = "Ignore";
};

struct HostPort {
    std::string ip = "0.0.0.0";
    std::string protocol = "TCP";
    std::int32_t port = 0;
};

struct Node {
    std::string name;
    Labels labels;
    std::vector<Taint> taints;
    bool unschedulable = false;
    ResourceAmounts allocatable;
    struct Image {
        std::vector<std::string> names;
        std::int64_t size = 0;
    };
    std::vector<Image> images;
    std::shared_ptr<const std::string> file; // shared by the objects of one file
    int line = 0;
};

struct Pod {
    std::string ns = "default", name;
    std::string scheduler_name = "default-scheduler";
    std::string node_name;
    std::string priority_class;
    std::optional<std::int32_t> priority;
    Labels labels;
    ResourceAmounts requests;        // PodRequests without defaults (Fit filter, Balanced)
    std::int64_t nonzero_cpu = 0;    // with 100m per container lacking a cpu request
    std::int64_t nonzero_memory = 0; // with 200Mi per container lacking a memory request
    std::map<std::string, std::string> node_selector;
    std::optional<std::vector<NodeSelectorTerm>> required_affinity;
    std::vector<PreferredTerm> preferred_affinity;
    std::vector<Toleration> tolerations;
    std::vector<SpreadConstraint> spread;
    std::vector<HostPort> host_ports;
    std::vector<std::string> images; // init containers then containers
    int num_containers = 0;          // init + regular
    bool has_pod_affinity = false;
    // metadata.deletionTimestamp: the scheduler cache keeps the pod, so it holds its resources and
    // ports; PodTopologySpread skips it when counting (podtopologyspread/common.go).
    bool terminating = false;
    // status.nominatedNodeName: schedule_one.go evaluateNominatedNode tries this node first.
    std::string nominated_node;
    std::string owner_kind, owner_name;
    std::shared_ptr<const std::string> file; // shared by the objects of one file
    int line = 0;
    std::string key() const { return ns + "/" + name; }
    std::int64_t request(int id) const {
        for (const auto& [r, v] : requests)
            if (r == id)
                return v;
        return 0;
    }
};

// Objects that feed PodTopologySpread's system-default selector and priority resolution.
struct Workload {
    std::string kind, ns, name;
    LabelSelector selector;
};

struct Cluster {
    ResourceTable resources;
    std::vector<Node> nodes;
    std::vector<Pod> bound;   // spec.nodeName set
    std::vector<Pod> pending; // to schedule, in queue order after sort_queue()
    std::vector<Workload> services, controllers;
    std::map<std::string, std::int32_t> priority_classes;
    std::optional<std::int32_t> global_default_priority;
    // Pods in phase Succeeded or Failed that were read and left out (kube-scheduler never sees
    // them: its informer lists pods with status.phase!=Succeeded,status.phase!=Failed).
    int terminal_pods = 0;
    // The file name objects of `name` share (one string per file, not one per object).
    std::shared_ptr<const std::string> file_name(const std::string& name) {
        if (!m_file || *m_file != name) {
            m_file = std::make_shared<const std::string>(name);
        }
        return m_file;
    }

private:
    std::shared_ptr<const std::string> m_file;
};

// Node selector term semantics (component-helpers nodeaffinity): requirements ANDed, a term with
// nothing in it matches nothing.
bool term_matches(const NodeSelectorTerm& term, const Node& node);
bool required_affinity_matches(const Pod& pod, const Node& node);

} // namespace corral::k8s
