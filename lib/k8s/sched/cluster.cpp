#include "k8s/sched/cluster.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/yaml.hpp"
#include "k8s/quantity.hpp"

#include <algorithm>
#include <set>

namespace corral::k8s {

namespace {

// Walks one document with file/line context for errors.
struct Reader {
    const std::string& file;
    const YamlDocument& doc;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& path,
                           const std::string& message) const {
        Error e = Error::input(message);
        if (at && at.Mark().line >= 0) {
            e.at(file, doc.line_of(at), doc.column_of(at));
        } else {
            e.at(file, doc.first_line);
        }
        if (!path.empty()) {
            e.field(path);
        }
        throw e;
    }
    YAML::Node child(const YAML::Node& n, const char* key) const {
        if (!n || !n.IsMap()) {
            return YAML::Node(YAML::NodeType::Undefined);
        }
        return n[key];
    }
    std::string str(const YAML::Node& n, const std::string& path) const {
        if (!n || n.IsNull()) {
            return "";
        }
        if (!n.IsScalar()) {
            fail(n, path, "must be a string");
        }
        return n.Scalar();
    }
    std::int64_t integer(const YAML::Node& n, const std::string& path) const {
        std::string s = str(n, path);
        try {
            std::size_t used = 0;
            long long v = std::stoll(s, &used, 10);
            if (used == s.size()) {
                return v;
            }
        } catch (...) {
        }
        fail(n, path, "must be an integer, got \"" + s + "\"");
    }
    bool boolean(const YAML::Node& n, const std::string& path) const {
        std::string s = str(n, path);
        if (s == "true" || s == "True" || s == "TRUE") {
            return true;
        }
        if (s == "false" || s == "False" || s == "FALSE" || s.empty()) {
            return false;
        }
        fail(n, path, "must be a boolean, got \"" + s + "\"");
    }
    void require_map(const YAML::Node& n, const std::string& path) const {
        if (n && !n.IsNull() && !n.IsMap()) {
            fail(n, path, "must be an object");
        }
    }
    void require_seq(const YAML::Node& n, const std::string& path) const {
        if (n && !n.IsNull() && !n.IsSequence()) {
            fail(n, path, "must be a list");
        }
    }
    Labels string_map(const YAML::Node& n, const std::string& path) const {
        Labels out;
        require_map(n, path);
        if (!n || !n.IsMap()) {
            return out;
        }
        for (const auto& kv : n) {
            std::string k = kv.first.Scalar();
            out[k] = str(kv.second, path + "." + k);
        }
        return out;
    }
    std::vector<std::string> strings(const YAML::Node& n, const std::string& path) const {
        std::vector<std::string> out;
        require_seq(n, path);
        if (!n || !n.IsSequence()) {
            return out;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            out.push_back(str(n[i], path + "[" + std::to_string(i) + "]"));
        }
        return out;
    }
    // A resource list; cpu becomes millicores, everything else Value() (both round up).
    ResourceAmounts resources(const YAML::Node& n, const std::string& path, ResourceTable& table,
                              bool allow_zero_entries = false) const {
        ResourceAmounts out;
        require_map(n, path);
        if (!n || !n.IsMap()) {
            return out;
        }
        for (const auto& kv : n) {
            std::string name = kv.first.Scalar();
            std::string p = path + "." + name;
            if (!kv.second.IsScalar()) {
                fail(kv.second, p, "must be a quantity");
            }
            std::string error;
            auto q = parse_quantity(kv.second.Scalar(), &error);
            if (!q) {
                fail(kv.second, p, error);
            }
            if (q->negative()) {
                fail(kv.second, p, "must be greater than or equal to 0");
            }
            std::int64_t v = name == "cpu" ? q->milli_value() : q->value();
            int id = table.intern(name);
            if (v == 0 && !allow_zero_entries) {
                continue;
            }
            bool merged = false;
            for (auto& [r, amount] : out) {
                if (r == id) {
                    amount = v;
                    merged = true;
                }
            }
            if (!merged) {
                out.emplace_back(id, v);
            }
        }
        return out;
    }
    std::vector<SelectorRequirement> requirements(const YAML::Node& n,
                                                  const std::string& path) const {
        std::vector<SelectorRequirement> out;
        require_seq(n, path);
        if (!n || !n.IsSequence()) {
            return out;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            std::string p = path + "[" + std::to_string(i) + "]";
            SelectorRequirement r;
            r.key = str(child(n[i], "key"), p + ".key");
            r.op = str(child(n[i], "operator"), p + ".operator");
            static const std::set<std::string> ops{"In",           "NotIn", "Exists",
                                                   "DoesNotExist", "Gt",    "Lt"};
            if (!ops.count(r.op)) {
                fail(child(n[i], "operator"), p + ".operator",
                     "Unsupported value: \"" + r.op + "\"");
            }
            r.values = strings(child(n[i], "values"), p + ".values");
            out.push_back(std::move(r));
        }
        return out;
    }
    LabelSelector label_selector(const YAML::Node& n, const std::string& path) const {
        LabelSelector s;
        if (!n || n.IsNull()) {
            return s;
        }
        require_map(n, path);
        s.present = true;
        s.match_labels = string_map(child(n, "matchLabels"), path + ".matchLabels");
        s.match_expressions =
            requirements(child(n, "matchExpressions"), path + ".matchExpressions");
        return s;
    }
    NodeSelectorTerm term(const YAML::Node& n, const std::string& path) const {
        NodeSelectorTerm t;
        t.match_expressions =
            requirements(child(n, "matchExpressions"), path + ".matchExpressions");
        t.match_fields = requirements(child(n, "matchFields"), path + ".matchFields");
        return t;
    }
};

std::string idx(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

void load_node(const Reader& r, const YAML::Node& obj, Cluster& cluster) {
    Node node;
    YAML::Node meta = r.child(obj, "metadata");
    node.name = r.str(r.child(meta, "name"), "metadata.name");
    if (node.name.empty()) {
        r.fail(meta ? meta : obj, "metadata.name", "Required value: name is required");
    }
    node.labels = r.string_map(r.child(meta, "labels"), "metadata.labels");
    YAML::Node spec = r.child(obj, "spec");
    node.unschedulable = r.boolean(r.child(spec, "unschedulable"), "spec.unschedulable");
    YAML::Node taints = r.child(spec, "taints");
    r.require_seq(taints, "spec.taints");
    if (taints && taints.IsSequence()) {
        for (std::size_t i = 0; i < taints.size(); ++i) {
            std::string p = idx("spec.taints", i);
            Taint t{r.str(r.child(taints[i], "key"), p + ".key"),
                    r.str(r.child(taints[i], "value"), p + ".value"),
                    r.str(r.child(taints[i], "effect"), p + ".effect")};
            if (t.effect != "NoSchedule" && t.effect != "PreferNoSchedule" &&
                t.effect != "NoExecute") {
                r.fail(r.child(taints[i], "effect"), p + ".effect",
                       "Unsupported value: \"" + t.effect +
                           "\": supported values: \"NoExecute\", \"NoSchedule\", "
                           "\"PreferNoSchedule\"");
            }
            node.taints.push_back(std::move(t));
        }
    }
    YAML::Node status = r.child(obj, "status");
    YAML::Node alloc = r.child(status, "allocatable");
    if (!alloc || alloc.IsNull()) {
        // The API server defaults status.allocatable to status.capacity.
        YAML::Node capacity = r.child(status, "capacity");
        if (!capacity || capacity.IsNull()) {
            r.fail(status ? status : obj, "status.allocatable",
                   "Required value: node \"" + node.name +
                       "\" has neither status.allocatable nor status.capacity");
        }
        node.allocatable = r.resources(capacity, "status.capacity", cluster.resources);
    } else {
        node.allocatable = r.resources(alloc, "status.allocatable", cluster.resources);
    }
    YAML::Node images = r.child(status, "images");
    r.require_seq(images, "status.images");
    if (images && images.IsSequence()) {
        for (std::size_t i = 0; i < images.size(); ++i) {
            std::string p = idx("status.images", i);
            Node::Image im;
            im.names = r.strings(r.child(images[i], "names"), p + ".names");
            im.size = r.integer(r.child(images[i], "sizeBytes"), p + ".sizeBytes");
            node.images.push_back(std::move(im));
        }
    }
    node.file = r.file;
    node.line = r.doc.line_of(obj);
    cluster.nodes.push_back(std::move(node));
}

// resourcehelper.PodRequests, once without and once with the non-zero defaults.
struct RequestSum {
    std::map<int, std::int64_t> sum;
    void add(const std::map<int, std::int64_t>& o) {
        for (const auto& [k, v] : o) {
            sum[k] += v;
        }
    }
    void max_with(const std::map<int, std::int64_t>& o) {
        for (const auto& [k, v] : o) {
            sum[k] = std::max(sum[k], v);
        }
    }
};

void pod_requests(const Reader& r, const YAML::Node& spec, Pod& pod, ResourceTable& table,
                  int minor) {
    constexpr std::int64_t kDefaultCpu = 100, kDefaultMemory = 200LL * 1024 * 1024;
    RequestSum raw, nz;
    RequestSum restartable_raw, restartable_nz, init_raw, init_nz;
    auto container_reqs = [&](const YAML::Node& c, const std::string& p,
                              std::map<int, std::int64_t>& rq, std::map<int, std::int64_t>& nzr) {
        YAML::Node res = r.child(c, "resources");
        YAML::Node requests = r.child(res, "requests");
        auto list = r.resources(requests, p + ".resources.requests", table, true);
        bool has_cpu = false, has_mem = false;
        for (const auto& [id, v] : list) {
            rq[id] += v;
            nzr[id] += v;
            has_cpu |= id == kCpu;
            has_mem |= id == kMemory;
        }
        // Limits without requests default the requests (API server SetDefaults_Pod).
        auto limits = r.resources(r.child(res, "limits"), p + ".resources.limits", table, true);
        for (const auto& [id, v] : limits) {
            bool present = false;
            for (const auto& [rid, rv] : list) {
                present |= rid == id;
            }
            if (present) {
                continue;
            }
            rq[id] += v;
            nzr[id] += v;
            has_cpu |= id == kCpu;
            has_mem |= id == kMemory;
        }
        if (!has_cpu) {
            nzr[kCpu] += kDefaultCpu;
        }
        if (!has_mem) {
            nzr[kMemory] += kDefaultMemory;
        }
    };
    auto images_and_ports = [&](const YAML::Node& c, const std::string& p) {
        pod.images.push_back(r.str(r.child(c, "image"), p + ".image"));
        pod.num_containers++;
        YAML::Node ports = r.child(c, "ports");
        r.require_seq(ports, p + ".ports");
        if (ports && ports.IsSequence()) {
            for (std::size_t j = 0; j < ports.size(); ++j) {
                std::string pp = idx(p + ".ports", j);
                YAML::Node hp = r.child(ports[j], "hostPort");
                if (!hp || hp.IsNull()) {
                    continue;
                }
                HostPort h;
                h.port = static_cast<std::int32_t>(r.integer(hp, pp + ".hostPort"));
                if (h.port <= 0) {
                    continue;
                }
                std::string proto = r.str(r.child(ports[j], "protocol"), pp + ".protocol");
                if (!proto.empty()) {
                    h.protocol = proto;
                }
                std::string ip = r.str(r.child(ports[j], "hostIP"), pp + ".hostIP");
                if (!ip.empty()) {
                    h.ip = ip;
                }
                pod.host_ports.push_back(h);
            }
        }
    };
    YAML::Node inits = r.child(spec, "initContainers");
    r.require_seq(inits, "spec.initContainers");
    if (inits && inits.IsSequence()) {
        for (std::size_t i = 0; i < inits.size(); ++i) {
            std::string p = idx("spec.initContainers", i);
            std::map<int, std::int64_t> rq, nzr;
            container_reqs(inits[i], p, rq, nzr);
            images_and_ports(inits[i], p);
            bool restartable =
                r.str(r.child(inits[i], "restartPolicy"), p + ".restartPolicy") == "Always";
            if (restartable) {
                raw.add(rq);
                nz.add(nzr);
                restartable_raw.add(rq);
                restartable_nz.add(nzr);
                init_raw.max_with(restartable_raw.sum);
                init_nz.max_with(restartable_nz.sum);
            } else {
                RequestSum t1, t2;
                t1.add(rq);
                t1.add(restartable_raw.sum);
                t2.add(nzr);
                t2.add(restartable_nz.sum);
                init_raw.max_with(t1.sum);
                init_nz.max_with(t2.sum);
            }
        }
    }
    YAML::Node containers = r.child(spec, "containers");
    r.require_seq(containers, "spec.containers");
    if (containers && containers.IsSequence()) {
        for (std::size_t i = 0; i < containers.size(); ++i) {
            std::string p = idx("spec.containers", i);
            std::map<int, std::int64_t> rq, nzr;
            container_reqs(containers[i], p, rq, nzr);
            images_and_ports(containers[i], p);
            raw.add(rq);
            nz.add(nzr);
        }
    }
    // Sidecars were added before regular containers upstream; sums commute, so order is moot.
    raw.max_with(init_raw.sum);
    nz.max_with(init_nz.sum);
    // Pod-level requests (PodLevelResources) override cpu/memory when set.
    YAML::Node pod_res = r.child(r.child(spec, "resources"), "requests");
    if (minor >= 34 && pod_res && pod_res.IsMap()) {
        auto list = r.resources(pod_res, "spec.resources.requests", table, true);
        for (const auto& [id, v] : list) {
            if (id == kCpu || id == kMemory) {
                raw.sum[id] = v;
                nz.sum[id] = v;
            }
        }
    }
    auto overhead = r.resources(r.child(spec, "overhead"), "spec.overhead", table);
    for (const auto& [id, v] : overhead) {
        raw.sum[id] += v;
        nz.sum[id] += v;
    }
    for (const auto& [id, v] : raw.sum) {
        if (v != 0) {
            pod.requests.emplace_back(id, v);
        }
    }
    pod.nonzero_cpu = nz.sum[kCpu];
    pod.nonzero_memory = nz.sum[kMemory];
}

void load_pod(const Reader& r, const YAML::Node& obj, Cluster& cluster, bool pending_only,
              int minor) {
    Pod pod;
    YAML::Node meta = r.child(obj, "metadata");
    pod.name = r.str(r.child(meta, "name"), "metadata.name");
    if (pod.name.empty()) {
        r.fail(meta ? meta : obj, "metadata.name", "Required value: name is required");
    }
    std::string ns = r.str(r.child(meta, "namespace"), "metadata.namespace");
    if (!ns.empty()) {
        pod.ns = ns;
    }
    pod.labels = r.string_map(r.child(meta, "labels"), "metadata.labels");
    YAML::Node status = r.child(obj, "status");
    r.require_map(status, "status");
    // pkg/scheduler/scheduler.go newPodInformer: the scheduler's pod informer lists with the field
    // selector status.phase!=Succeeded,status.phase!=Failed, so finished pods never reach the
    // cache (they hold no resources, ports or spread counts) nor the queue.
    std::string phase = r.str(r.child(status, "phase"), "status.phase");
    if (phase == "Succeeded" || phase == "Failed") {
        ++cluster.terminal_pods;
        return;
    }
    pod.nominated_node = r.str(r.child(status, "nominatedNodeName"), "status.nominatedNodeName");
    pod.terminating =
        r.child(meta, "deletionTimestamp") && !r.child(meta, "deletionTimestamp").IsNull();
    YAML::Node owners = r.child(meta, "ownerReferences");
    if (owners && owners.IsSequence()) {
        for (std::size_t i = 0; i < owners.size(); ++i) {
            if (r.boolean(r.child(owners[i], "controller"),
                          idx("metadata.ownerReferences", i) + ".controller")) {
                pod.owner_kind = r.str(r.child(owners[i], "kind"), "kind");
                pod.owner_name = r.str(r.child(owners[i], "name"), "name");
            }
        }
    }
    YAML::Node spec = r.child(obj, "spec");
    if (!spec || !spec.IsMap()) {
        r.fail(obj, "spec", "Required value: a Pod needs a spec");
    }
    std::string sn = r.str(r.child(spec, "schedulerName"), "spec.schedulerName");
    if (!sn.empty()) {
        pod.scheduler_name = sn;
    }
    pod.node_name = r.str(r.child(spec, "nodeName"), "spec.nodeName");
    pod.priority_class = r.str(r.child(spec, "priorityClassName"), "spec.priorityClassName");
    YAML::Node prio = r.child(spec, "priority");
    if (prio && !prio.IsNull()) {
        pod.priority = static_cast<std::int32_t>(r.integer(prio, "spec.priority"));
    }
    pod.node_selector = r.string_map(r.child(spec, "nodeSelector"), "spec.nodeSelector");
    YAML::Node aff = r.child(spec, "affinity");
    YAML::Node na = r.child(aff, "nodeAffinity");
    YAML::Node req = r.child(na, "requiredDuringSchedulingIgnoredDuringExecution");
    if (req && !req.IsNull()) {
        std::string p = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
                        "nodeSelectorTerms";
        YAML::Node terms = r.child(req, "nodeSelectorTerms");
        r.require_seq(terms, p);
        std::vector<NodeSelectorTerm> out;
        if (terms && terms.IsSequence()) {
            for (std::size_t i = 0; i < terms.size(); ++i) {
                out.push_back(r.term(terms[i], idx(p, i)));
            }
        }
        pod.required_affinity = std::move(out);
    }
    YAML::Node pref = r.child(na, "preferredDuringSchedulingIgnoredDuringExecution");
    r.require_seq(pref,
                  "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution");
    if (pref && pref.IsSequence()) {
        for (std::size_t i = 0; i < pref.size(); ++i) {
            std::string p = idx(
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution", i);
            PreferredTerm t;
            t.weight =
                static_cast<std::int32_t>(r.integer(r.child(pref[i], "weight"), p + ".weight"));
            if (t.weight < 1 || t.weight > 100) {
                r.fail(r.child(pref[i], "weight"), p + ".weight",
                       "Invalid value: " + std::to_string(t.weight) +
                           ": must be in the range 1-100");
            }
            t.term = r.term(r.child(pref[i], "preference"), p + ".preference");
            pod.preferred_affinity.push_back(std::move(t));
        }
    }
    pod.has_pod_affinity =
        (r.child(aff, "podAffinity") && !r.child(aff, "podAffinity").IsNull()) ||
        (r.child(aff, "podAntiAffinity") && !r.child(aff, "podAntiAffinity").IsNull());
    YAML::Node tols = r.child(spec, "tolerations");
    r.require_seq(tols, "spec.tolerations");
    if (tols && tols.IsSequence()) {
        for (std::size_t i = 0; i < tols.size(); ++i) {
            std::string p = idx("spec.tolerations", i);
            Toleration t{r.str(r.child(tols[i], "key"), p + ".key"),
                         r.str(r.child(tols[i], "operator"), p + ".operator"),
                         r.str(r.child(tols[i], "value"), p + ".value"),
                         r.str(r.child(tols[i], "effect"), p + ".effect")};
            pod.tolerations.push_back(std::move(t));
        }
    }
    YAML::Node tsc = r.child(spec, "topologySpreadConstraints");
    r.require_seq(tsc, "spec.topologySpreadConstraints");
    if (tsc && tsc.IsSequence()) {
        for (std::size_t i = 0; i < tsc.size(); ++i) {
            std::string p = idx("spec.topologySpreadConstraints", i);
            SpreadConstraint c;
            c.max_skew =
                static_cast<std::int32_t>(r.integer(r.child(tsc[i], "maxSkew"), p + ".maxSkew"));
            if (c.max_skew <= 0) {
                r.fail(r.child(tsc[i], "maxSkew"), p + ".maxSkew",
                       "Invalid value: " + std::to_string(c.max_skew) +
                           ": must be greater than zero");
            }
            c.topology_key = r.str(r.child(tsc[i], "topologyKey"), p + ".topologyKey");
            if (c.topology_key.empty()) {
                r.fail(tsc[i], p + ".topologyKey", "Required value: can not be empty");
            }
            c.when_unsatisfiable =
                r.str(r.child(tsc[i], "whenUnsatisfiable"), p + ".whenUnsatisfiable");
            if (c.when_unsatisfiable != "DoNotSchedule" &&
                c.when_unsatisfiable != "ScheduleAnyway") {
                r.fail(r.child(tsc[i], "whenUnsatisfiable"), p + ".whenUnsatisfiable",
                       "Unsupported value: \"" + c.when_unsatisfiable +
                           "\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
            }
            c.selector = r.label_selector(r.child(tsc[i], "labelSelector"), p + ".labelSelector");
            YAML::Node md = r.child(tsc[i], "minDomains");
            if (md && !md.IsNull()) {
                c.min_domains = static_cast<std::int32_t>(r.integer(md, p + ".minDomains"));
            }
            c.match_label_keys =
                r.strings(r.child(tsc[i], "matchLabelKeys"), p + ".matchLabelKeys");
            std::string nap =
                r.str(r.child(tsc[i], "nodeAffinityPolicy"), p + ".nodeAffinityPolicy");
            if (!nap.empty()) {
                c.node_affinity_policy = nap;
            }
            std::string ntp = r.str(r.child(tsc[i], "nodeTaintsPolicy"), p + ".nodeTaintsPolicy");
            if (!ntp.empty()) {
                c.node_taints_policy = ntp;
            }
            // matchLabelKeys are ANDed into the selector with the pod's own values.
            for (const auto& k : c.match_label_keys) {
                auto it = pod.labels.find(k);
                if (it != pod.labels.end() && c.selector.present) {
                    c.selector.match_expressions.push_back({k, "In", {it->second}});
                }
            }
            pod.spread.push_back(std::move(c));
        }
    }
    pod_requests(r, spec, pod, cluster.resources, minor);
    pod.file = r.file;
    pod.line = r.doc.line_of(obj);
    if (pending_only || pod.node_name.empty()) {
        cluster.pending.push_back(std::move(pod));
    } else {
        cluster.bound.push_back(std::move(pod));
    }
}

void load_workload(const Reader& r, const YAML::Node& obj, const std::string& kind,
                   Cluster& cluster) {
    Workload w;
    w.kind = kind;
    YAML::Node meta = r.child(obj, "metadata");
    w.name = r.str(r.child(meta, "name"), "metadata.name");
    w.ns = r.str(r.child(meta, "namespace"), "metadata.namespace");
    if (w.ns.empty()) {
        w.ns = "default";
    }
    YAML::Node sel = r.child(r.child(obj, "spec"), "selector");
    if (kind == "Service" || kind == "ReplicationController") {
        w.selector.present = sel && sel.IsMap() && sel.size() > 0;
        w.selector.match_labels = r.string_map(sel, "spec.selector");
    } else {
        w.selector = r.label_selector(sel, "spec.selector");
    }
    (kind == "Service" ? cluster.services : cluster.controllers).push_back(std::move(w));
}

void load_object(const Reader& r, const YAML::Node& obj, Cluster& cluster,
                 const LoadOptions& options, int depth) {
    if (!obj || obj.IsNull()) {
        return;
    }
    if (!obj.IsMap()) {
        r.fail(obj, "", "expected a Kubernetes object (a mapping with kind)");
    }
    std::string kind = r.str(r.child(obj, "kind"), "kind");
    if (kind.empty()) {
        r.fail(obj, "kind", "Required value: object has no kind");
    }
    if (kind == "List" || (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0)) {
        if (depth > 0) {
            r.fail(obj, "items", "nested lists are not supported");
        }
        YAML::Node items = r.child(obj, "items");
        r.require_seq(items, "items");
        if (items && items.IsSequence()) {
            for (std::size_t i = 0; i < items.size(); ++i) {
                YAML::Node item = items[i];
                // kubectl's typed lists (PodList) omit kind on items.
                if (item.IsMap() && !item["kind"] && kind != "List") {
                    item["kind"] = kind.substr(0, kind.size() - 4);
                }
                load_object(r, item, cluster, options, depth + 1);
            }
        }
        return;
    }
    if (kind == "Pod") {
        return load_pod(r, obj, cluster, options.pods_only, options.minor);
    }
    if (options.pods_only) {
        r.fail(r.child(obj, "kind"), "kind", "--pods takes Pod objects, got " + kind);
    }
    if (kind == "Node") {
        return load_node(r, obj, cluster);
    }
    if (kind == "Service" || kind == "ReplicaSet" || kind == "StatefulSet" ||
        kind == "ReplicationController") {
        return load_workload(r, obj, kind, cluster);
    }
    if (kind == "PriorityClass") {
        std::string name = r.str(r.child(r.child(obj, "metadata"), "name"), "metadata.name");
        auto v = static_cast<std::int32_t>(r.integer(r.child(obj, "value"), "value"));
        cluster.priority_classes[name] = v;
        if (r.boolean(r.child(obj, "globalDefault"), "globalDefault")) {
            cluster.global_default_priority = v;
        }
        return;
    }
    log::warn(
        "{}:{}: ignoring {} (sched simulate reads Node, Pod, Service, ReplicaSet, StatefulSet, "
        "ReplicationController and PriorityClass)",
        r.file, r.doc.line_of(obj), kind);
}

} // namespace

void load_cluster_file(const InputFile& input, Cluster& cluster, const LoadOptions& options) {
    require_utf8(input);
    auto docs = load_yaml_documents(input);
    for (const auto& doc : docs) {
        Reader r{input.name, doc};
        try {
            load_object(r, doc.root, cluster, options, 0);
        } catch (const YAML::Exception& e) {
            // yaml-cpp refuses some shapes (e.g. scalars where maps are expected) by throwing.
            throw Error::input(std::string("unexpected structure: ") + e.what())
                .at(input.name, doc.first_line);
        }
    }
}

void finish_cluster(Cluster& cluster) {
    std::map<std::string, const Node*> by_name;
    for (const auto& n : cluster.nodes) {
        auto [it, fresh] = by_name.emplace(n.name, &n);
        if (!fresh) {
            throw Error::input("Duplicate value: node \"" + n.name + "\" also defined at " +
                               it->second->file + ":" + std::to_string(it->second->line))
                .at(n.file, n.line)
                .field("metadata.name");
        }
    }
    std::map<std::string, const Pod*> pods;
    auto check_dup = [&](const Pod& p) {
        auto [it, fresh] = pods.emplace(p.key(), &p);
        if (!fresh) {
            throw Error::input("Duplicate value: pod \"" + p.key() + "\" also defined at " +
                               it->second->file + ":" + std::to_string(it->second->line))
                .at(p.file, p.line)
                .field("metadata.name");
        }
    };
    for (const auto& p : cluster.bound) {
        check_dup(p);
        if (!by_name.count(p.node_name)) {
            throw Error::input("pod \"" + p.key() + "\" is bound to node \"" + p.node_name +
                               "\", which is not among the nodes")
                .at(p.file, p.line)
                .field("spec.nodeName");
        }
    }
    for (const auto& p : cluster.pending) {
        check_dup(p);
    }
    auto resolve = [&](Pod& p) {
        if (p.priority) {
            return;
        }
        if (!p.priority_class.empty()) {
            auto it = cluster.priority_classes.find(p.priority_class);
            if (it != cluster.priority_classes.end()) {
                p.priority = it->second;
                return;
            }
            if (p.priority_class == "system-node-critical") {
                p.priority = 2000001000;
            } else if (p.priority_class == "system-cluster-critical") {
                p.priority = 2000000000;
            } else {
                log::warn("pod {}: priorityClassName \"{}\" not found; using priority 0", p.key(),
                          p.priority_class);
            }
            if (p.priority) {
                return;
            }
        }
        p.priority = cluster.global_default_priority.value_or(0);
    };
    for (auto& p : cluster.bound) {
        resolve(p);
    }
    for (auto& p : cluster.pending) {
        resolve(p);
    }
    std::stable_sort(cluster.pending.begin(), cluster.pending.end(),
                     [](const Pod& a, const Pod& b) { return *a.priority > *b.priority; });
}

} // namespace corral::k8s
