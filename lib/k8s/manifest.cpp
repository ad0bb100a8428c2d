#include "k8s/manifest.hpp"

#include "core/error.hpp"

namespace corral::k8s {

YAML::Node map_get(const YAML::Node& map, std::string_view key) {
    if (map.IsMap()) {
        for (const auto& kv : map) {
            if (kv.first.IsScalar() && kv.first.Scalar() == key) {
                return kv.second;
            }
        }
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node map_key(const YAML::Node& map, std::string_view key) {
    if (map.IsMap()) {
        for (const auto& kv : map) {
            if (kv.first.IsScalar() && kv.first.Scalar() == key) {
                return kv.first;
            }
        }
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

const std::vector<std::string_view>& workload_kinds() {
    static const std::vector<std::string_view> kinds = {
        "Pod",        "PodTemplate",           "Deployment", "StatefulSet", "DaemonSet",
        "ReplicaSet", "ReplicationController", "Job",        "CronJob"};
    return kinds;
}

std::optional<std::string_view> pod_spec_path(std::string_view kind) {
    if (kind == "Pod") {
        return "spec";
    }
    if (kind == "PodTemplate") {
        return "template.spec";
    }
    if (kind == "CronJob") {
        return "spec.jobTemplate.spec.template.spec";
    }
    if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
        kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job") {
        return "spec.template.spec";
    }
    return std::nullopt;
}

bool long_running_kind(std::string_view kind) {
    return kind != "Job" && kind != "CronJob";
}

std::string_view container_list_field(ContainerList list) {
    switch (list) {
    case ContainerList::regular:
        return "containers";
    case ContainerList::init:
        return "initContainers";
    case ContainerList::ephemeral:
        return "ephemeralContainers";
    }
    return "containers";
}

std::string scalar_or_empty(const YAML::Node& node) {
    return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

std::string WorkloadRef::object() const {
    std::string s = kind + "/";
    if (!namespace_.empty()) {
        s += namespace_ + "/";
    }
    return s + (name.empty() ? "<unnamed>" : name);
}

std::optional<WorkloadRef> find_workload(const YAML::Node& root) {
    if (!root.IsMap()) {
        return std::nullopt;
    }
    WorkloadRef w;
    w.kind = scalar_or_empty(map_get(root, "kind"));
    auto path = pod_spec_path(w.kind);
    if (!path) {
        return std::nullopt;
    }
    YAML::Node meta = map_get(root, "metadata");
    w.name = scalar_or_empty(map_get(meta, "name"));
    w.namespace_ = scalar_or_empty(map_get(meta, "namespace"));
    w.spec_path = std::string(*path);
    YAML::Node node = root;
    std::string_view rest = *path;
    while (!rest.empty() && node.IsDefined()) {
        auto dot = rest.find('.');
        std::string_view part = rest.substr(0, dot);
        node.reset(map_get(node, part)); // never operator=: it rewrites the shared node
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
    if (!node.IsDefined() || !node.IsMap()) {
        return w;
    }
    w.pod_spec = node;
    w.restart_policy = scalar_or_empty(map_get(node, "restartPolicy"));
    for (auto list : {ContainerList::regular, ContainerList::init, ContainerList::ephemeral}) {
        YAML::Node seq = map_get(node, container_list_field(list));
        if (!seq.IsDefined() || !seq.IsSequence()) {
            continue;
        }
        int i = 0;
        for (const auto& c : seq) {
            ContainerRef ref;
            ref.list = list;
            ref.index = i;
            ref.node.reset(static_cast<const YAML::Node&>(c));
            ref.name = scalar_or_empty(map_get(c, "name"));
            ref.path = w.spec_path + "." + std::string(container_list_field(list)) + "[" +
                       std::to_string(i) + "]";
            ref.restartable_init = list == ContainerList::init &&
                                   scalar_or_empty(map_get(c, "restartPolicy")) == "Always";
            w.containers.push_back(std::move(ref));
            ++i;
        }
    }
    return w;
}

std::string TreeWorkload::object() const {
    std::string s = kind + "/";
    if (!namespace_.empty()) {
        s += namespace_ + "/";
    }
    return s + (name.empty() ? "<unnamed>" : name);
}

bool document_object_root(const std::string& file, const ManifestDocument& doc, NodeId root) {
    const ManifestTree& t = doc.tree;
    if (t.is_null(root)) {
        return false;
    }
    if (!t.is_map(root)) {
        throw Error::input(std::string("document is a ") + (t.is_seq(root) ? "list" : "scalar") +
                           ", not a Kubernetes object")
            .at(file, doc.line_of(root), t[root].column + 1);
    }
    return true;
}

bool find_tree_workload(const ManifestTree& t, NodeId root, TreeWorkload& w) {
    w.kind = std::string(t.scalar(t.get(root, "kind")));
    auto path = pod_spec_path(w.kind);
    if (!path) {
        return false;
    }
    NodeId meta = t.get(root, "metadata");
    w.name = std::string(t.scalar(t.get(meta, "name")));
    w.namespace_ = std::string(t.scalar(t.get(meta, "namespace")));
    w.spec_path = std::string(*path);
    NodeId node = root;
    std::string_view rest = *path;
    while (!rest.empty() && node != 0) {
        auto dot = rest.find('.');
        node = t.get(node, rest.substr(0, dot));
        rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    }
    if (!t.is_map(node)) {
        return true;
    }
    w.pod_spec = node;
    w.restart_policy = std::string(t.scalar(t.get(node, "restartPolicy")));
    for (auto list : {ContainerList::regular, ContainerList::init, ContainerList::ephemeral}) {
        int i = 0;
        for (NodeId c : t.items(t.get(node, container_list_field(list)))) {
            TreeContainer ref;
            ref.list = list;
            ref.index = i;
            ref.node = c;
            ref.name = std::string(t.scalar(t.get(c, "name")));
            ref.path = w.spec_path + "." + std::string(container_list_field(list)) + "[" +
                       std::to_string(i) + "]";
            ref.restartable_init =
                list == ContainerList::init && t.scalar(t.get(c, "restartPolicy")) == "Always";
            w.containers.push_back(std::move(ref));
            ++i;
        }
    }
    return true;
}

} // namespace corral::k8s
