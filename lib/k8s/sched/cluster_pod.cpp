// Pods for `sched simulate`: what the implemented plugins read, and the requests as
// resourcehelper.PodRequests computes them.
#include "k8s/sched/cluster_reader.hpp"

#include <algorithm>
#include <map>

namespace corral::k8s::cluster_detail {

namespace {

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

void pod_requests(const Reader& r, NodeId spec, Pod& pod, ResourceTable& table, int minor) {
    constexpr std::int64_t kDefaultCpu = 100, kDefaultMemory = 200LL * 1024 * 1024;
    RequestSum raw, nz;
    RequestSum restartable_raw, restartable_nz, init_raw, init_nz;
    auto container_reqs = [&](NodeId c, const std::string& p, std::map<int, std::int64_t>& rq,
                              std::map<int, std::int64_t>& nzr) {
        NodeId res = r.child(c, "resources");
        NodeId requests = r.child(res, "requests");
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
    auto images_and_ports = [&](NodeId c, const std::string& p) {
        pod.images.push_back(r.str(r.child(c, "image"), p + ".image"));
        pod.num_containers++;
        NodeId ports = r.child(c, "ports");
        r.require_seq(ports, p + ".ports");
        r.each_item(ports, [&](std::size_t j, NodeId port) {
            std::string pp = idx(p + ".ports", j);
            NodeId hp = r.child(port, "hostPort");
            if (!r.present(hp)) {
                return;
            }
            HostPort h;
            h.port = static_cast<std::int32_t>(r.integer(hp, pp + ".hostPort"));
            if (h.port <= 0) {
                return;
            }
            std::string proto = r.str(r.child(port, "protocol"), pp + ".protocol");
            if (!proto.empty()) {
                h.protocol = proto;
            }
            std::string ip = r.str(r.child(port, "hostIP"), pp + ".hostIP");
            if (!ip.empty()) {
                h.ip = ip;
            }
            pod.host_ports.push_back(h);
        });
    };
    NodeId inits = r.child(spec, "initContainers");
    r.require_seq(inits, "spec.initContainers");
    r.each_item(inits, [&](std::size_t i, NodeId c) {
        std::string p = idx("spec.initContainers", i);
        std::map<int, std::int64_t> rq, nzr;
        container_reqs(c, p, rq, nzr);
        images_and_ports(c, p);
        bool restartable = r.view(r.child(c, "restartPolicy"), p + ".restartPolicy") == "Always";
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
    });
    NodeId containers = r.child(spec, "containers");
    r.require_seq(containers, "spec.containers");
    r.each_item(containers, [&](std::size_t i, NodeId c) {
        std::string p = idx("spec.containers", i);
        std::map<int, std::int64_t> rq, nzr;
        container_reqs(c, p, rq, nzr);
        images_and_ports(c, p);
        raw.add(rq);
        nz.add(nzr);
    });
    // Sidecars were added before regular containers upstream; sums commute, so order is moot.
    raw.max_with(init_raw.sum);
    nz.max_with(init_nz.sum);
    // Pod-level requests (PodLevelResources) override cpu/memory when set.
    NodeId pod_res = r.child(r.child(spec, "resources"), "requests");
    if (minor >= 34 && r.t.is_map(pod_res)) {
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

const std::string kNodeAffinityRequired =
    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";
const std::string kNodeAffinityPreferred =
    "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution";

void load_affinity(const Reader& r, NodeId spec, Pod& pod) {
    NodeId aff = r.child(spec, "affinity");
    NodeId na = r.child(aff, "nodeAffinity");
    NodeId req = r.child(na, "requiredDuringSchedulingIgnoredDuringExecution");
    if (r.present(req)) {
        std::string p = kNodeAffinityRequired + ".nodeSelectorTerms";
        NodeId terms = r.child(req, "nodeSelectorTerms");
        r.require_seq(terms, p);
        std::vector<NodeSelectorTerm> out;
        r.each_item(terms,
                    [&](std::size_t i, NodeId term) { out.push_back(r.term(term, idx(p, i))); });
        pod.required_affinity = std::move(out);
    }
    NodeId pref = r.child(na, "preferredDuringSchedulingIgnoredDuringExecution");
    r.require_seq(pref, kNodeAffinityPreferred);
    r.each_item(pref, [&](std::size_t i, NodeId item) {
        std::string p = idx(kNodeAffinityPreferred, i);
        PreferredTerm t;
        t.weight = static_cast<std::int32_t>(r.integer(r.child(item, "weight"), p + ".weight"));
        if (t.weight < 1 || t.weight > 100) {
            r.fail(r.child(item, "weight"), p + ".weight",
                   "Invalid value: " + std::to_string(t.weight) + ": must be in the range 1-100");
        }
        t.term = r.term(r.child(item, "preference"), p + ".preference");
        pod.preferred_affinity.push_back(std::move(t));
    });
    pod.has_pod_affinity =
        r.present(r.child(aff, "podAffinity")) || r.present(r.child(aff, "podAntiAffinity"));
}

SpreadConstraint spread_constraint(const Reader& r, NodeId item, const std::string& p,
                                   const Pod& pod) {
    SpreadConstraint c;
    c.max_skew = static_cast<std::int32_t>(r.integer(r.child(item, "maxSkew"), p + ".maxSkew"));
    if (c.max_skew <= 0) {
        r.fail(r.child(item, "maxSkew"), p + ".maxSkew",
               "Invalid value: " + std::to_string(c.max_skew) + ": must be greater than zero");
    }
    c.topology_key = r.str(r.child(item, "topologyKey"), p + ".topologyKey");
    if (c.topology_key.empty()) {
        r.fail(item, p + ".topologyKey", "Required value: can not be empty");
    }
    c.when_unsatisfiable = r.str(r.child(item, "whenUnsatisfiable"), p + ".whenUnsatisfiable");
    if (c.when_unsatisfiable != "DoNotSchedule" && c.when_unsatisfiable != "ScheduleAnyway") {
        r.fail(r.child(item, "whenUnsatisfiable"), p + ".whenUnsatisfiable",
               "Unsupported value: \"" + c.when_unsatisfiable +
                   "\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"");
    }
    c.selector = r.label_selector(r.child(item, "labelSelector"), p + ".labelSelector");
    NodeId md = r.child(item, "minDomains");
    if (r.present(md)) {
        c.min_domains = static_cast<std::int32_t>(r.integer(md, p + ".minDomains"));
    }
    c.match_label_keys = r.strings(r.child(item, "matchLabelKeys"), p + ".matchLabelKeys");
    std::string nap = r.str(r.child(item, "nodeAffinityPolicy"), p + ".nodeAffinityPolicy");
    if (!nap.empty()) {
        c.node_affinity_policy = nap;
    }
    std::string ntp = r.str(r.child(item, "nodeTaintsPolicy"), p + ".nodeTaintsPolicy");
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
    return c;
}

} // namespace

void load_pod(const Reader& r, NodeId obj, Cluster& cluster, bool pending_only, int minor) {
    Pod pod;
    NodeId meta = r.child(obj, "metadata");
    pod.name = r.str(r.child(meta, "name"), "metadata.name");
    if (pod.name.empty()) {
        r.fail(meta != 0 ? meta : obj, "metadata.name", "Required value: name is required");
    }
    std::string_view ns = r.view(r.child(meta, "namespace"), "metadata.namespace");
    if (!ns.empty()) {
        pod.ns = ns;
    }
    pod.labels = r.string_map(r.child(meta, "labels"), "metadata.labels");
    NodeId status = r.child(obj, "status");
    r.require_map(status, "status");
    // pkg/scheduler/scheduler.go newPodInformer: the scheduler's pod informer lists with the field
    // selector status.phase!=Succeeded,status.phase!=Failed, so finished pods never reach the
    // cache (they hold no resources, ports or spread counts) nor the queue.
    std::string_view phase = r.view(r.child(status, "phase"), "status.phase");
    if (phase == "Succeeded" || phase == "Failed") {
        ++cluster.terminal_pods;
        return;
    }
    pod.nominated_node = r.str(r.child(status, "nominatedNodeName"), "status.nominatedNodeName");
    pod.terminating = r.present(r.child(meta, "deletionTimestamp"));
    NodeId owners = r.child(meta, "ownerReferences");
    r.each_item(owners, [&](std::size_t i, NodeId owner) {
        if (r.boolean(r.child(owner, "controller"),
                      idx("metadata.ownerReferences", i) + ".controller")) {
            pod.owner_kind = r.str(r.child(owner, "kind"), "kind");
            pod.owner_name = r.str(r.child(owner, "name"), "name");
        }
    });
    NodeId spec = r.child(obj, "spec");
    if (!r.t.is_map(spec)) {
        r.fail(obj, "spec", "Required value: a Pod needs a spec");
    }
    std::string_view sn = r.view(r.child(spec, "schedulerName"), "spec.schedulerName");
    if (!sn.empty()) {
        pod.scheduler_name = sn;
    }
    pod.node_name = r.str(r.child(spec, "nodeName"), "spec.nodeName");
    pod.priority_class = r.str(r.child(spec, "priorityClassName"), "spec.priorityClassName");
    NodeId prio = r.child(spec, "priority");
    if (r.present(prio)) {
        pod.priority = static_cast<std::int32_t>(r.integer(prio, "spec.priority"));
    }
    pod.node_selector = r.string_map(r.child(spec, "nodeSelector"), "spec.nodeSelector");
    load_affinity(r, spec, pod);
    NodeId tols = r.child(spec, "tolerations");
    r.require_seq(tols, "spec.tolerations");
    r.each_item(tols, [&](std::size_t i, NodeId tol) {
        std::string p = idx("spec.tolerations", i);
        Toleration t{r.str(r.child(tol, "key"), p + ".key"),
                     r.str(r.child(tol, "operator"), p + ".operator"),
                     r.str(r.child(tol, "value"), p + ".value"),
                     r.str(r.child(tol, "effect"), p + ".effect")};
        pod.tolerations.push_back(std::move(t));
    });
    NodeId tsc = r.child(spec, "topologySpreadConstraints");
    r.require_seq(tsc, "spec.topologySpreadConstraints");
    r.each_item(tsc, [&](std::size_t i, NodeId item) {
        pod.spread.push_back(
            spread_constraint(r, item, idx("spec.topologySpreadConstraints", i), pod));
    });
    pod_requests(r, spec, pod, cluster.resources, minor);
    pod.file = cluster.file_name(r.file);
    pod.line = r.line_of(obj);
    if (pending_only || pod.node_name.empty()) {
        cluster.pending.push_back(std::move(pod));
    } else {
        cluster.bound.push_back(std::move(pod));
    }
}

} // namespace corral::k8s::cluster_detail
