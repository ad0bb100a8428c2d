#include "k8s/sched/sim.hpp"

#include "core/error.hpp"
#include "k8s/sched/score.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace corral::k8s {

std::vector<int> node_tree_order(const std::vector<Node>& nodes) {
    // GetZoneKey: region + ":\x00:" + zone, "" when both are unset.
    auto label = [](const Node& n, const char* a, const char* b) {
        auto it = n.labels.find(a);
        if (it != n.labels.end()) {
            return it->second;
        }
        it = n.labels.find(b);
        return it != n.labels.end() ? it->second : std::string();
    };
    std::vector<std::string> zones;
    std::map<std::string, std::vector<int>> tree;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        std::string zone = label(nodes[i], "topology.kubernetes.io/zone",
                                 "failure-domain.beta.kubernetes.io/zone");
        std::string region = label(nodes[i], "topology.kubernetes.io/region",
                                   "failure-domain.beta.kubernetes.io/region");
        std::string key =
            zone.empty() && region.empty() ? "" : region + std::string(":\0:", 3) + zone;
        auto& list = tree[key];
        if (list.empty()) {
            zones.push_back(key);
        }
        list.push_back(static_cast<int>(i));
    }
    std::vector<int> out;
    out.reserve(nodes.size());
    for (std::size_t idx = 0; out.size() < nodes.size(); ++idx) {
        for (const auto& z : zones) {
            if (idx < tree[z].size()) {
                out.push_back(tree[z][idx]);
            }
        }
    }
    return out;
}

namespace {

const char* const kHostname = "kubernetes.io/hostname";

struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // rand.Intn(k) == 0 (next() % k == 0, through the table when it covers k)
    bool one_in(std::uint64_t k, const DivisibilityTable& table) {
        return table.divides(k, next());
    }
};

struct Constraint {
    const SpreadConstraint* spec;
    LabelSelector selector;
};

bool ports_conflict(const std::vector<HostPort>& used, const HostPort& want) {
    for (const auto& u : used) {
        if (u.port != want.port || u.protocol != want.protocol) {
            continue;
        }
        if (want.ip == "0.0.0.0" || u.ip == "0.0.0.0" || u.ip == want.ip) {
            return true;
        }
    }
    return false;
}

enum class FilterCode { unschedulable, node_name, taint, affinity, ports, fit, spread, other };

FilterCode filter_code(const std::string& f) {
    if (f == "NodeUnschedulable") {
        return FilterCode::unschedulable;
    }
    if (f == "NodeName") {
        return FilterCode::node_name;
    }
    if (f == "TaintToleration") {
        return FilterCode::taint;
    }
    if (f == "NodeAffinity") {
        return FilterCode::affinity;
    }
    if (f == "NodePorts") {
        return FilterCode::ports;
    }
    if (f == "NodeResourcesFit") {
        return FilterCode::fit;
    }
    if (f == "PodTopologySpread") {
        return FilterCode::spread;
    }
    return FilterCode::other;
}

// Per-pod facts computed once before the node loop.
struct PodPlan {
    std::vector<FilterCode> filters;
    std::vector<std::pair<int, std::int64_t>> fit_checks; // resources the Fit filter compares
    bool needs_affinity = false;
};

// The scheduler state. Resources per node as arrays indexed [resource][node].
class Engine {
public:
    Engine(const Cluster& c, const SimConfig& cfg, const SimOptions& opt)
        : m_cluster(c), m_config(cfg), m_options(opt),
          m_node_count(static_cast<int>(c.nodes.size())),
          m_resource_count(c.resources.size()), m_random{opt.seed},
          m_ties(static_cast<std::uint64_t>(c.nodes.size())) {
        m_order = node_tree_order(c.nodes);
        m_allocatable.assign(m_resource_count, std::vector<std::int64_t>(m_node_count, 0));
        m_requested.assign(m_resource_count, std::vector<std::int64_t>(m_node_count, 0));
        m_nonzero_cpu.assign(m_node_count, 0);
        m_nonzero_memory.assign(m_node_count, 0);
        m_pods.assign(m_node_count, 0);
        m_ports.resize(m_node_count);
        m_pods_on.resize(m_node_count);
        m_hard_taints.assign(m_node_count, 0);
        m_soft_taints.assign(m_node_count, 0);
        m_images.resize(m_node_count);
        m_state.assign(m_node_count, NodeState{});
        m_cache_reasons.resize(m_node_count);
        for (const auto& p : cfg.profiles) {
            m_stride = std::max(m_stride, p.scores.size());
        }
        for (int i = 0; i < m_node_count; ++i) {
            const Node& node = c.nodes[i];
            for (const auto& [r, v] : node.allocatable) {
                if (r < kFirstScalar || is_scalar_resource(c.resources.name(r))) {
                    m_allocatable[r][i] = v;
                }
            }
            for (const auto& t : node.taints) {
                if (t.effect == "PreferNoSchedule") {
                    m_soft_taints[i] = 1;
                } else {
                    m_hard_taints[i] = 1;
                }
            }
            for (const auto& im : node.images) {
                for (const auto& name : im.names) {
                    if (m_images[i].emplace(name, im.size).second) {
                        m_image_nodes[name]++;
                    }
                }
            }
            m_node_index[node.name] = i;
        }
        for (const auto& p : c.bound) {
            add_pod(p, m_node_index.at(p.node_name));
        }
    }

    SimResult run() {
        SimResult result;
        auto t0 = std::chrono::steady_clock::now();
        result.placements.reserve(m_cluster.pending.size());
        std::vector<std::size_t> nominated; // queue positions of pods with a nominated node
        for (std::size_t q = 0; q < m_cluster.pending.size(); ++q) {
            if (m_node_index.count(m_cluster.pending[q].nominated_node)) {
                nominated.push_back(q);
            }
        }
        for (std::size_t q = 0; q < m_cluster.pending.size(); ++q) {
            const Pod& pod = m_cluster.pending[q];
            // framework.go RunFilterPluginsWithNominatedPods (addGENominatedPods): pods nominated
            // to a node with a priority >= this pod's are counted on that node while it is
            // filtered. The queue is in priority order, so those are the later pods of equal
            // priority that still wait.
            m_reserved.clear();
            for (std::size_t j : nominated) {
                const Pod& other = m_cluster.pending[j];
                if (j > q && other.priority.value_or(0) >= pod.priority.value_or(0)) {
                    m_reserved.emplace_back(&other, m_node_index.at(other.nominated_node));
                }
            }
            bool explain = !m_options.explain_pod.empty() &&
                           (m_options.explain_pod == pod.key() ||
                            (m_options.explain_pod == pod.name && pod.ns == "default"));
            ExplainResult ex;
            result.placements.push_back(schedule(pod, explain ? &ex : nullptr));
            if (explain) {
                result.explain.push_back(std::move(ex));
            }
        }
        result.schedule_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        result.usage.resize(m_node_count);
        for (int i = 0; i < m_node_count; ++i) {
            result.usage[i].requested.resize(m_resource_count);
            for (int r = 0; r < m_resource_count; ++r) {
                result.usage[i].requested[r] = m_requested[r][i];
            }
            result.usage[i].pods = m_pods[i];
        }
        return result;
    }

private:
    void add_pod(const Pod& p, int i) {
        for (const auto& [r, v] : p.requests) {
            m_requested[r][i] += v;
        }
        m_nonzero_cpu[i] += p.nonzero_cpu;
        m_nonzero_memory[i] += p.nonzero_memory;
        m_pods[i]++;
        m_state[i].version++;
        for (const auto& hp : p.host_ports) {
            m_ports[i].push_back(hp);
        }
        m_pods_on[i].push_back(&p);
    }

    // The exact reverse of the last add_pod(p, i).
    void remove_pod(const Pod& p, int i) {
        for (const auto& [r, v] : p.requests) {
            m_requested[r][i] -= v;
        }
        m_nonzero_cpu[i] -= p.nonzero_cpu;
        m_nonzero_memory[i] -= p.nonzero_memory;
        m_pods[i]--;
        m_state[i].version++;
        m_ports[i].resize(m_ports[i].size() - p.host_ports.size());
        m_pods_on[i].pop_back();
    }

    void reserve_nominated() {
        for (const auto& [other, node] : m_reserved) {
            add_pod(*other, node);
        }
    }
    void release_nominated() {
        for (auto it = m_reserved.rbegin(); it != m_reserved.rend(); ++it) {
            remove_pod(*it->first, it->second);
        }
        m_reserved.clear();
    }

    const Profile* profile_for(const Pod& pod) const {
        for (const auto& p : m_config.profiles) {
            if (p.scheduler_name == pod.scheduler_name) {
                return &p;
            }
        }
        return nullptr;
    }

    bool has(const Profile& p, const char* filter) const {
        return std::find(p.filters.begin(), p.filters.end(), filter) != p.filters.end();
    }

    // helper.DefaultSelector: services selecting the pod, then its controller's selector.
    LabelSelector default_selector(const Pod& pod) const {
        LabelSelector s;
        s.present = true;
        for (const auto& svc : m_cluster.services) {
            if (svc.ns == pod.ns && svc.selector.present && svc.selector.matches(pod.labels)) {
                for (const auto& [k, v] : svc.selector.match_labels) {
                    s.match_labels[k] = v;
                }
            }
        }
        if (!pod.owner_kind.empty()) {
            for (const auto& w : m_cluster.controllers) {
                if (w.kind == pod.owner_kind && w.name == pod.owner_name && w.ns == pod.ns &&
                    w.selector.present) {
                    for (const auto& [k, v] : w.selector.match_labels) {
                        s.match_labels[k] = v;
                    }
                    for (const auto& e : w.selector.match_expressions) {
                        s.match_expressions.push_back(e);
                    }
                }
            }
        }
        if (s.match_labels.empty() && s.match_expressions.empty()) {
            s.present = false;
        }
        return s;
    }

    std::vector<Constraint> constraints(const Pod& pod, const Profile& prof,
                                        const char* action) const {
        std::vector<Constraint> out;
        if (!pod.spread.empty()) {
            for (const auto& c : pod.spread) {
                if (c.when_unsatisfiable == action) {
                    out.push_back({&c, c.selector});
                }
            }
            return out;
        }
        bool any = false;
        for (const auto& c : prof.spread_defaults) {
            any |= c.when_unsatisfiable == action;
        }
        if (!any) {
            return out;
        }
        LabelSelector sel = default_selector(pod);
        if (!sel.present) {
            return out;
        }
        for (const auto& c : prof.spread_defaults) {
            if (c.when_unsatisfiable == action) {
                out.push_back({&c, sel});
            }
        }
        return out;
    }

    int count_matching(int node, const LabelSelector& sel, const std::string& ns) const {
        int n = 0;
        for (const Pod* p : m_pods_on[node]) {
            if (p->ns == ns && !p->terminating && sel.matches(p->labels)) {
                ++n;
            }
        }
        return n;
    }

    static bool labels_have_keys(const Node& node, const std::vector<Constraint>& cs) {
        for (const auto& c : cs) {
            if (!node.labels.count(c.spec->topology_key)) {
                return false;
            }
        }
        return true;
    }

    bool inclusion_ok(const Constraint& c, const Pod& pod, const Node& node) const {
        if (c.spec->node_affinity_policy != "Ignore" && !required_affinity_matches(pod, node)) {
            return false;
        }
        if (c.spec->node_taints_policy == "Honor") {
            for (const auto& t : node.taints) {
                if ((t.effect == "NoSchedule" || t.effect == "NoExecute") &&
                    !tolerates_any(pod.tolerations, t)) {
                    return false;
                }
            }
        }
        return true;
    }

    struct SpreadFilterState {
        std::vector<Constraint> cs;
        std::vector<std::map<std::string, int>> counts; // per constraint: topology value -> matches
        std::vector<int> min_match;
    };

    SpreadFilterState spread_prefilter(const Pod& pod, const Profile& prof) const {
        SpreadFilterState s;
        s.cs = constraints(pod, prof, "DoNotSchedule");
        if (s.cs.empty()) {
            return s;
        }
        s.counts.resize(s.cs.size());
        for (int i = 0; i < m_node_count; ++i) {
            const Node& node = m_cluster.nodes[i];
            if (!labels_have_keys(node, s.cs)) {
                continue;
            }
            for (std::size_t k = 0; k < s.cs.size(); ++k) {
                if (!inclusion_ok(s.cs[k], pod, node)) {
                    continue;
                }
                s.counts[k][node.labels.at(s.cs[k].spec->topology_key)] +=
                    count_matching(i, s.cs[k].selector, pod.ns);
            }
        }
        for (std::size_t k = 0; k < s.cs.size(); ++k) {
            int mn = s.counts[k].empty() ? 0 : INT32_MAX;
            for (const auto& [v, cnt] : s.counts[k]) {
                mn = std::min(mn, cnt);
            }
            auto md = s.cs[k].spec->min_domains;
            if (md && static_cast<int>(s.counts[k].size()) < *md) {
                mn = 0;
            }
            s.min_match.push_back(mn);
        }
        return s;
    }

    std::string taint_reason(const Taint& t) const {
        if (m_options.minor >= 34) {
            return "node(s) had untolerated taint(s)";
        }
        return "node(s) had untolerated taint {" + t.key + ": " + t.value + "}";
    }

    // Pods that schedule identically on an unchanged node share a signature, so filter results
    // and node-local raw scores are reused (SchedulingBasic: every pending pod is alike). Pods
    // whose result depends on other nodes (topology spread) get -1: no caching.
    int signature(const Pod& pod, const Profile& prof, const SpreadFilterState& spread) {
        if (!spread.cs.empty() || !pod.spread.empty() || !m_cluster.services.empty() ||
            !m_cluster.controllers.empty()) {
            return -1;
        }
        std::string key = prof.scheduler_name;
        key += '\x01' + pod.node_name + '\x01';
        for (const auto& [r, v] : pod.requests) {
            key += std::to_string(r) + ":" + std::to_string(v) + ",";
        }
        key += std::to_string(pod.nonzero_cpu) + "," + std::to_string(pod.nonzero_memory) + "\x01";
        for (const auto& t : pod.tolerations) {
            key += t.key + "\x02" + t.op + "\x02" + t.value + "\x02" + t.effect + "\x03";
        }
        for (const auto& [k, v] : pod.node_selector) {
            key += k + "=" + v + "\x02";
        }
        key += '\x01';
        if (pod.required_affinity || !pod.preferred_affinity.empty()) {
            key += "aff:" + pod.key(); // rare: per pod
        }
        for (const auto& hp : pod.host_ports) {
            key += hp.ip + "/" + hp.protocol + "/" + std::to_string(hp.port) + ",";
        }
        key += '\x01';
        for (const auto& im : pod.images) {
            key += im + ",";
        }
        key += std::to_string(pod.num_containers);
        auto [it, fresh] =
            m_signatures.emplace(std::move(key), static_cast<int>(m_signatures.size()));
        return it->second;
    }

    PodPlan pod_plan(const Pod& pod, const Profile& prof) const {
        PodPlan plan;
        for (const auto& f : prof.filters) {
            plan.filters.push_back(filter_code(f));
        }
        plan.needs_affinity =
            !pod.node_selector.empty() || pod.required_affinity || prof.added_required;
        for (const auto& [r, v] : pod.requests) {
            if (r == kPods || v <= 0) {
                continue;
            }
            if (r >= kFirstScalar) {
                const std::string& name = m_cluster.resources.name(r);
                if (!is_scalar_resource(name)) {
                    continue;
                }
                if (is_extended_resource(name) && ignored(prof, name)) {
                    continue;
                }
            }
            plan.fit_checks.emplace_back(r, v);
        }
        return plan;
    }

    // Runs the filters on node i; returns true or appends the failure reasons.
    bool filter(const Pod& pod, const Profile& prof, const PodPlan& plan, int i,
                const SpreadFilterState& spread, std::vector<std::string>& reasons) const {
        const Node& node = m_cluster.nodes[i];
        for (FilterCode f : plan.filters) {
            if (f == FilterCode::unschedulable) {
                if (node.unschedulable &&
                    !tolerates_any(pod.tolerations,
                                   Taint{"node.kubernetes.io/unschedulable", "", "NoSchedule"})) {
                    reasons.push_back("node(s) were unschedulable");
                    return false;
                }
            } else if (f == FilterCode::node_name) {
                if (!pod.node_name.empty() && pod.node_name != node.name) {
                    reasons.push_back("node(s) didn't match the requested node name");
                    return false;
                }
            } else if (f == FilterCode::taint) {
                if (m_hard_taints[i]) {
                    for (const auto& t : node.taints) {
                        if ((t.effect == "NoSchedule" || t.effect == "NoExecute") &&
                            !tolerates_any(pod.tolerations, t)) {
                            reasons.push_back(taint_reason(t));
                            return false;
                        }
                    }
                }
            } else if (f == FilterCode::affinity) {
                if (!plan.needs_affinity) {
                    continue;
                }
                if (prof.added_required) {
                    bool ok = false;
                    for (const auto& term : *prof.added_required) {
                        ok |= term_matches(term, node);
                    }
                    if (!ok) {
                        reasons.push_back("node(s) didn't match scheduler-enforced node affinity");
                        return false;
                    }
                }
                if (!required_affinity_matches(pod, node)) {
                    reasons.push_back("node(s) didn't match Pod's node affinity/selector");
                    return false;
                }
            } else if (f == FilterCode::ports) {
                for (const auto& hp : pod.host_ports) {
                    if (ports_conflict(m_ports[i], hp)) {
                        reasons.push_back(
                            "node(s) didn't have free ports for the requested pod ports");
                        return false;
                    }
                }
            } else if (f == FilterCode::fit) {
                bool ok = m_pods[i] + 1 <= m_allocatable[kPods][i];
                for (const auto& [r, v] : plan.fit_checks) {
                    ok &= v <= m_allocatable[r][i] - m_requested[r][i];
                }
                if (!ok) {
                    // Upstream order: pods, then cpu, memory, ephemeral-storage, scalars.
                    if (m_pods[i] + 1 > m_allocatable[kPods][i]) {
                        reasons.push_back("Too many pods");
                    }
                    for (const auto& [r, v] : plan.fit_checks) {
                        if (v > m_allocatable[r][i] - m_requested[r][i]) {
                            reasons.push_back("Insufficient " + m_cluster.resources.name(r));
                        }
                    }
                    return false;
                }
            } else if (f == FilterCode::spread) {
                for (std::size_t k = 0; k < spread.cs.size(); ++k) {
                    auto it = node.labels.find(spread.cs[k].spec->topology_key);
                    if (it == node.labels.end()) {
                        reasons.push_back("node(s) didn't match pod topology spread constraints "
                                          "(missing required label)");
                        return false;
                    }
                    int self = spread.cs[k].selector.matches(pod.labels) ? 1 : 0;
                    auto cit = spread.counts[k].find(it->second);
                    int match = cit == spread.counts[k].end() ? 0 : cit->second;
                    if (match + self - spread.min_match[k] > spread.cs[k].spec->max_skew) {
                        reasons.push_back("node(s) didn't match pod topology spread constraints");
                        return false;
                    }
                }
            }
            // Other filters (volumes, inter-pod affinity, DRA) have nothing to act on offline.
        }
        return true;
    }

    static bool ignored(const Profile& prof, const std::string& name) {
        if (std::find(prof.ignored_resources.begin(), prof.ignored_resources.end(), name) !=
            prof.ignored_resources.end()) {
            return true;
        }
        if (prof.ignored_resource_groups.empty()) {
            return false;
        }
        std::string group = name.substr(0, name.find('/'));
        return std::find(prof.ignored_resource_groups.begin(), prof.ignored_resource_groups.end(),
                         group) != prof.ignored_resource_groups.end();
    }

    // calculateResourceAllocatableRequest for one configured resource on node i.
    void alloc_request(bool scalar, int id, std::int64_t pod_req, bool use_requested, int i,
                       std::int64_t& alloc, std::int64_t& req) const {
        alloc = 0;
        req = 0;
        if (id < 0) {
            return;
        }
        if (pod_req == 0 && scalar) {
            return;
        }
        if (id == kCpu) {
            alloc = m_allocatable[kCpu][i];
            req = (use_requested ? m_requested[kCpu][i] : m_nonzero_cpu[i]) + pod_req;
        } else if (id == kMemory) {
            alloc = m_allocatable[kMemory][i];
            req = (use_requested ? m_requested[kMemory][i] : m_nonzero_memory[i]) + pod_req;
        } else if (id == kEphemeralStorage) {
            alloc = m_allocatable[id][i];
            req = m_requested[id][i] + pod_req;
        } else if (scalar && m_allocatable[id][i] != 0) {
            alloc = m_allocatable[id][i];
            req = m_requested[id][i] + pod_req;
        }
    }

    struct ResourcePlan {
        std::vector<int> ids;
        std::vector<bool> scalar;
        std::vector<std::int64_t> pod_req;
        std::vector<std::int64_t> req, alloc; // scratch
    };

    ResourcePlan plan(const Pod& pod, const std::vector<ResourceSpec>& specs,
                      bool use_requested) const {
        ResourcePlan p;
        for (const auto& s : specs) {
            int id = m_cluster.resources.find(s.name);
            p.ids.push_back(id);
            p.scalar.push_back(id >= kFirstScalar && is_scalar_resource(s.name));
            std::int64_t v = 0;
            if (!use_requested && id == kCpu) {
                v = pod.nonzero_cpu;
            } else if (!use_requested && id == kMemory) {
                v = pod.nonzero_memory;
            } else if (id >= 0) {
                v = pod.request(id);
            }
            p.pod_req.push_back(v);
        }
        p.req.resize(specs.size());
        p.alloc.resize(specs.size());
        return p;
    }

    Placement schedule(const Pod& pod, ExplainResult* ex) {
        Placement pl;
        pl.pod = pod.key();
        const Profile* prof = profile_for(pod);
        if (!prof) {
            pl.message = "no profile for schedulerName \"" + pod.scheduler_name +
                         "\"; kube-scheduler ignores this pod";
            pl.reasons.push_back(pl.message);
            return pl;
        }
        if (ex) {
            ex->pod = pod.key();
        }
        if (m_node_count == 0) {
            pl.message = "0/0 nodes are available: no nodes available to schedule pods";
            pl.reasons.push_back("no nodes available to schedule pods");
            return pl;
        }
        reserve_nominated();
        SpreadFilterState spread;
        if (has(*prof, "PodTopologySpread") &&
            (!pod.spread.empty() || !m_cluster.services.empty() ||
             !m_cluster.controllers.empty())) {
            spread = spread_prefilter(pod, *prof);
        }
        std::int32_t to_find = num_feasible_nodes_to_find(
            prof->percentage, m_config.percentage.value_or(0), m_node_count);
        if (prof->scores.empty()) {
            to_find = 1;
        }
        m_feasible.clear();
        std::vector<std::string> reasons;
        std::map<std::string, int> histogram;
        int processed = 0;
        PodPlan plan = pod_plan(pod, *prof);
        int sig = signature(pod, *prof, spread);
        // schedule_one.go findNodesThatFitPod: a pod with status.nominatedNodeName is filtered on
        // that node alone first; if it passes, it is the only feasible node (no scoring, and
        // nextStartNodeIndex does not move). A missing node or a failed filter falls through to
        // the full search.
        if (!pod.nominated_node.empty()) {
            auto it = m_node_index.find(pod.nominated_node);
            if (it != m_node_index.end()) {
                reasons.clear();
                if (filter(pod, *prof, plan, it->second, spread, reasons)) {
                    if (ex) {
                        ex->feasible = {it->second};
                        ex->note = "the nominated node passes the filters: kube-scheduler assigns "
                                   "it without scoring";
                    }
                    release_nominated();
                    pl.node = it->second;
                    add_pod(pod, it->second);
                    return pl;
                }
            }
        }
        std::size_t idx = m_next_start;
        for (int k = 0; k < m_node_count && static_cast<std::int32_t>(m_feasible.size()) < to_find;
             ++k) {
            int i = m_order[idx];
            if (++idx == static_cast<std::size_t>(m_node_count)) {
                idx = 0;
            }
            ++processed;
            bool pass;
            if (fresh(i, sig)) {
                pass = m_state[i].pass;
                if (!pass) {
                    for (const auto& r : m_cache_reasons[i]) {
                        histogram[r]++;
                    }
                }
            } else {
                reasons.clear();
                pass = filter(pod, *prof, plan, i, spread, reasons);
                if (!pass) {
                    for (const auto& r : reasons) {
                        histogram[r]++;
                    }
                }
                if (sig >= 0) {
                    NodeState& st = m_state[i];
                    st.signature = sig;
                    st.cache_version = st.version;
                    st.pass = pass;
                    st.raw_ok = 0;
                    m_cache_reasons[i] = reasons;
                }
            }
            if (pass) {
                m_feasible.push_back(i);
            }
        }
        m_next_start = (m_next_start + processed) % m_node_count;
        release_nominated(); // scoring sees the snapshot without them
        if (m_feasible.empty()) {
            std::vector<std::string> items;
            for (const auto& [r, cnt] : histogram) {
                items.push_back(std::to_string(cnt) + " " + r);
            }
            std::sort(items.begin(), items.end());
            pl.reasons = items;
            pl.message = "0/" + std::to_string(m_node_count) + " nodes are available:";
            std::string joined;
            for (std::size_t j = 0; j < items.size(); ++j) {
                joined += (j ? ", " : "") + items[j];
            }
            if (!joined.empty()) {
                pl.message += " " + joined + ".";
            }
            if (ex) {
                ex->note = "no feasible node";
            }
            return pl;
        }
        int chosen;
        if (m_feasible.size() == 1) {
            chosen = m_feasible[0];
            if (ex) {
                ex->feasible = m_feasible;
                ex->note = "only one feasible node: kube-scheduler skips scoring";
            }
        } else {
            score(pod, *prof, ex, sig);
            // selectHost: reservoir sampling among the nodes tied at the maximum.
            std::int64_t best = m_totals[0];
            std::size_t sel = 0;
            std::uint64_t ties = 1;
            for (std::size_t j = 1; j < m_feasible.size(); ++j) {
                if (m_totals[j] > best) {
                    best = m_totals[j];
                    sel = j;
                    ties = 1;
                } else if (m_totals[j] == best) {
                    ++ties;
                    if (m_random.one_in(ties, m_ties)) {
                        sel = j;
                    }
                }
            }
            chosen = m_feasible[sel];
        }
        pl.node = chosen;
        add_pod(pod, chosen);
        return pl;
    }

    enum class ScoreCode { fit, balanced, taint, affinity, spread, image, other };
    static ScoreCode score_code(const std::string& n) {
        if (n == "NodeResourcesFit") {
            return ScoreCode::fit;
        }
        if (n == "NodeResourcesBalancedAllocation") {
            return ScoreCode::balanced;
        }
        if (n == "TaintToleration") {
            return ScoreCode::taint;
        }
        if (n == "NodeAffinity") {
            return ScoreCode::affinity;
        }
        if (n == "PodTopologySpread") {
            return ScoreCode::spread;
        }
        if (n == "ImageLocality") {
            return ScoreCode::image;
        }
        return ScoreCode::other;
    }

    // Everything a node-local raw score needs from the pod, computed once per pod.
    struct ScorePlan {
        std::vector<ScoreCode> codes;
        std::vector<bool> skip;
        ResourcePlan fit, balanced;
        std::vector<const Toleration*> soft_tolerations;
        std::int64_t image_constant = 0;
    };

    ScorePlan score_plan(const Pod& pod, const Profile& prof) const {
        ScorePlan sp;
        sp.fit = plan(pod, prof.fit_resources, false);
        sp.balanced = plan(pod, prof.balanced_resources, true);
        for (const auto& t : pod.tolerations) {
            if (t.effect.empty() || t.effect == "PreferNoSchedule") {
                sp.soft_tolerations.push_back(&t);
            }
        }
        sp.image_constant = image_locality_priority(0, pod.num_containers);
        for (const auto& p : prof.scores) {
            ScoreCode c = score_code(p.name);
            bool skip = false;
            if (c == ScoreCode::balanced) {
                skip = m_options.minor >= 33 &&
                       std::all_of(sp.balanced.pod_req.begin(), sp.balanced.pod_req.end(),
                                   [](std::int64_t v) { return v == 0; });
            } else if (c == ScoreCode::affinity) {
                skip = pod.preferred_affinity.empty() && prof.added_preferred.empty();
            } else if (c == ScoreCode::other) {
                skip = true; // InterPodAffinity, VolumeBinding: PreScore skips offline
            }
            sp.codes.push_back(c);
            sp.skip.push_back(skip);
        }
        return sp;
    }

    // Raw (pre-normalization) score of one node-local plugin on node i.
    std::int64_t raw_score(const Pod& pod, const Profile& prof, ScorePlan& sp, ScoreCode c,
                           int i) const {
        switch (c) {
        case ScoreCode::fit: {
            ResourcePlan& p = sp.fit;
            for (std::size_t k = 0; k < p.ids.size(); ++k) {
                alloc_request(p.scalar[k], p.ids[k], p.pod_req[k], false, i, p.alloc[k], p.req[k]);
            }
            switch (prof.strategy) {
            case Strategy::least_allocated:
                return least_allocated(p.req, p.alloc, prof.fit_resources);
            case Strategy::most_allocated:
                return most_allocated(p.req, p.alloc, prof.fit_resources);
            case Strategy::requested_to_capacity_ratio:
                return requested_to_capacity_ratio(p.req, p.alloc, prof.fit_resources, prof.shape);
            }
            return 0;
        }
        case ScoreCode::balanced: {
            ResourcePlan& p = sp.balanced;
            for (std::size_t k = 0; k < p.ids.size(); ++k) {
                alloc_request(p.scalar[k], p.ids[k], p.pod_req[k], true, i, p.alloc[k], p.req[k]);
            }
            return balanced_allocation(p.req, p.alloc);
        }
        case ScoreCode::taint: {
            if (!m_soft_taints[i]) {
                return 0;
            }
            std::int64_t n = 0;
            for (const auto& t : m_cluster.nodes[i].taints) {
                if (t.effect != "PreferNoSchedule") {
                    continue;
                }
                bool ok = false;
                for (const auto* tol : sp.soft_tolerations) {
                    ok |= tolerates(*tol, t);
                }
                if (!ok) {
                    ++n;
                }
            }
            return n;
        }
        case ScoreCode::affinity: {
            const Node& node = m_cluster.nodes[i];
            std::int64_t sum = 0;
            for (const auto& t : prof.added_preferred) {
                if (t.weight != 0 && term_matches(t.term, node)) {
                    sum += t.weight;
                }
            }
            for (const auto& t : pod.preferred_affinity) {
                if (t.weight != 0 && term_matches(t.term, node)) {
                    sum += t.weight;
                }
            }
            return sum;
        }
        case ScoreCode::image: {
            if (m_images[i].empty()) {
                return sp.image_constant;
            }
            std::int64_t sum = 0;
            for (const auto& image : pod.images) {
                std::string name = image;
                auto colon = name.rfind(':');
                auto slash = name.rfind('/');
                if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
                    name += ":latest";
                }
                auto it = m_images[i].find(name);
                if (it == m_images[i].end()) {
                    continue;
                }
                double spread =
                    static_cast<double>(m_image_nodes.at(name)) / static_cast<double>(m_node_count);
                sum += static_cast<std::int64_t>(static_cast<double>(it->second) * spread);
            }
            return image_locality_priority(sum, pod.num_containers);
        }
        default:
            return 0;
        }
    }

    void score(const Pod& pod, const Profile& prof, ExplainResult* ex, int sig) {
        std::size_t f = m_feasible.size();
        std::size_t np = prof.scores.size();
        m_totals.assign(f, 0);
        if (ex) {
            ex->feasible = m_feasible;
            ex->nodes.resize(f);
            for (std::size_t j = 0; j < f; ++j) {
                ex->nodes[j].node = m_feasible[j];
            }
        }
        ScorePlan sp = score_plan(pod, prof);
        // Raw scores per (plugin, feasible node); node-local ones come from the per-node cache
        // when neither the node nor the pod's scheduling signature changed.
        // Plugins whose raw score is their final score (no NormalizeScore: NodeResourcesFit,
        // NodeResourcesBalancedAllocation, ImageLocality) go straight into the totals, weighted;
        // the others keep a column of raw scores for normalizing. Integer sums: the order of the
        // additions does not change them. --explain keeps every column (it prints them).
        std::vector<std::size_t> local; // node-local plugins that run for this pod
        m_direct.assign(np, 0);
        for (std::size_t q = 0; q < np; ++q) {
            if (!sp.skip[q] && sp.codes[q] != ScoreCode::spread &&
                sp.codes[q] != ScoreCode::other) {
                local.push_back(q);
                m_direct[q] = ex == nullptr && (sp.codes[q] == ScoreCode::fit ||
                                                sp.codes[q] == ScoreCode::balanced ||
                                                sp.codes[q] == ScoreCode::image);
            }
        }
        std::size_t nl = local.size();
        // The direct plugins (index, weight) and the kept columns, as flat lists for the loop.
        m_direct_plugins.clear();
        m_column_plugins.clear();
        for (std::size_t q : local) {
            if (m_direct[q]) {
                m_direct_plugins.emplace_back(q, prof.scores[q].weight);
            } else {
                m_column_plugins.push_back(q);
            }
        }
        auto keep = [&](std::size_t j, const std::int64_t* values) {
            std::int64_t total = 0;
            for (const auto& [q, weight] : m_direct_plugins) {
                total += values[q] * weight;
            }
            m_totals[j] += total;
            for (std::size_t q : m_column_plugins) {
                m_raw[q * f + j] = values[q];
            }
        };
        m_raw.resize(np * f);
        if (m_cache_raw.size() < m_stride * static_cast<std::size_t>(m_node_count)) {
            m_cache_raw.resize(m_stride * static_cast<std::size_t>(m_node_count));
        }
        // Cache rows are [node][plugin] so a cached node is one contiguous read.
        for (std::size_t j = 0; j < f; ++j) {
            int i = m_feasible[j];
            // One stride for every profile, so rows of different profiles never overlap.
            std::int64_t* row = &m_cache_raw[static_cast<std::size_t>(i) * m_stride];
            bool cached = m_state[i].raw_ok && fresh(i, sig);
            if (!cached) {
                for (std::size_t l = 0; l < nl; ++l) {
                    std::size_t q = local[l];
                    row[q] = raw_score(pod, prof, sp, sp.codes[q], i);
                }
            }
            keep(j, row);
            if (cached) {
                continue;
            }
            if (fresh(i, sig)) {
                m_state[i].raw_ok = 1;
            }
        }
        std::vector<std::int64_t>& s = m_scratch;
        std::vector<std::int64_t> raw;
        for (std::size_t q = 0; q < np; ++q) {
            const auto& plugin = prof.scores[q];
            ScoreCode c = sp.codes[q];
            bool skipped = sp.skip[q], normalized = false;
            if (m_direct[q]) {
                continue; // in the totals already
            }
            if (!skipped) {
                if (c == ScoreCode::spread) {
                    s.assign(f, 0);
                    skipped = !spread_score(pod, prof, s, raw);
                    normalized = !skipped;
                } else {
                    s.assign(m_raw.begin() + static_cast<std::ptrdiff_t>(q * f),
                             m_raw.begin() + static_cast<std::ptrdiff_t>((q + 1) * f));
                    if (c == ScoreCode::taint || c == ScoreCode::affinity) {
                        if (ex) {
                            raw = s;
                        }
                        default_normalize(s, c == ScoreCode::taint);
                        normalized = true;
                    }
                }
            }
            if (skipped) {
                if (ex) {
                    ex->skipped.push_back(plugin.name);
                }
                continue;
            }
            for (std::size_t j = 0; j < f; ++j) {
                m_totals[j] += s[j] * plugin.weight;
            }
            if (ex) {
                for (std::size_t j = 0; j < f; ++j) {
                    PluginScoreDetail d{plugin.name, normalized ? raw[j] : s[j], s[j],
                                        plugin.weight, s[j] * plugin.weight};
                    ex->nodes[j].plugins.push_back(d);
                    ex->nodes[j].total += d.weighted;
                }
            }
        }
    }

    bool spread_score(const Pod& pod, const Profile& prof, std::vector<std::int64_t>& s,
                      std::vector<std::int64_t>& raw) {
        auto cs = constraints(pod, prof, "ScheduleAnyway");
        if (cs.empty()) {
            return false;
        }
        bool require_all = !pod.spread.empty() || !prof.spread_system_defaulted;
        std::size_t f = m_feasible.size();
        std::vector<bool> ignored(f, false);
        std::vector<std::set<std::string>> values(cs.size());
        std::size_t n_ignored = 0;
        for (std::size_t j = 0; j < f; ++j) {
            const Node& node = m_cluster.nodes[m_feasible[j]];
            if (require_all && !labels_have_keys(node, cs)) {
                ignored[j] = true;
                ++n_ignored;
                continue;
            }
            for (std::size_t k = 0; k < cs.size(); ++k) {
                if (cs[k].spec->topology_key == kHostname) {
                    continue;
                }
                auto it = node.labels.find(cs[k].spec->topology_key);
                values[k].insert(it == node.labels.end() ? "" : it->second);
            }
        }
        std::vector<double> weight(cs.size());
        for (std::size_t k = 0; k < cs.size(); ++k) {
            std::size_t size =
                cs[k].spec->topology_key == kHostname ? f - n_ignored : values[k].size();
            weight[k] = std::log(static_cast<double>(size + 2));
        }
        // Pod counts per topology pair over all nodes that qualify.
        std::vector<std::map<std::string, std::int64_t>> pair_counts(cs.size());
        for (int i = 0; i < m_node_count; ++i) {
            const Node& node = m_cluster.nodes[i];
            if (require_all && !labels_have_keys(node, cs)) {
                continue;
            }
            for (std::size_t k = 0; k < cs.size(); ++k) {
                if (cs[k].spec->topology_key == kHostname) {
                    continue;
                }
                if (!inclusion_ok(cs[k], pod, node)) {
                    continue;
                }
                auto it = node.labels.find(cs[k].spec->topology_key);
                std::string v = it == node.labels.end() ? "" : it->second;
                if (!values[k].count(v)) {
                    continue;
                }
                pair_counts[k][v] += count_matching(i, cs[k].selector, pod.ns);
            }
        }
        for (std::size_t j = 0; j < f; ++j) {
            if (ignored[j]) {
                continue;
            }
            int i = m_feasible[j];
            const Node& node = m_cluster.nodes[i];
            double total = 0;
            for (std::size_t k = 0; k < cs.size(); ++k) {
                auto it = node.labels.find(cs[k].spec->topology_key);
                if (it == node.labels.end()) {
                    continue;
                }
                std::int64_t cnt = cs[k].spec->topology_key == kHostname
                                       ? count_matching(i, cs[k].selector, pod.ns)
                                       : pair_counts[k][it->second];
                total += static_cast<double>(cnt) * weight[k] +
                         static_cast<double>(cs[k].spec->max_skew - 1);
            }
            s[j] = static_cast<std::int64_t>(std::round(total));
        }
        raw = s;
        spread_normalize(s, ignored);
        return true;
    }

    const Cluster& m_cluster;
    const SimConfig& m_config;
    SimOptions m_options;
    int m_node_count, m_resource_count;
    std::vector<int> m_order;
    std::vector<std::vector<std::int64_t>> m_allocatable, m_requested;
    std::vector<std::int64_t> m_nonzero_cpu, m_nonzero_memory;
    std::vector<std::int64_t> m_pods;
    std::vector<std::vector<HostPort>> m_ports;
    std::vector<std::vector<const Pod*>> m_pods_on;
    std::vector<std::pair<const Pod*, int>> m_reserved; // nominated pods counted while filtering
    std::vector<std::uint8_t> m_hard_taints, m_soft_taints;
    std::vector<std::unordered_map<std::string, std::int64_t>> m_images;
    std::unordered_map<std::string, int> m_image_nodes;
    std::unordered_map<std::string, int> m_node_index;
    std::size_t m_next_start = 0;
    Rng m_random;
    DivisibilityTable m_ties; // selectHost's ties, up to one per node
    std::vector<int> m_feasible;
    std::vector<std::int64_t> m_totals, m_scratch, m_raw;
    std::vector<char> m_direct; // per score plugin: summed into m_totals while scoring
    std::vector<std::pair<std::size_t, std::int64_t>> m_direct_plugins; // (plugin, weight)
    std::vector<std::size_t> m_column_plugins;
    // Per-node cache keyed by (pod signature, node version).
    std::unordered_map<std::string, int> m_signatures;
    // Per node, in one record (the filter and score loops visit nodes in tree order, which is not
    // index order: one cache line per node instead of five arrays' worth). `version` counts the
    // node's changes; the filter verdict and the cached raw scores hold for the pod signature
    // `signature` at `cache_version`.
    struct NodeState {
        std::uint64_t version = 0;
        std::uint64_t cache_version = 0;
        int signature = -1;
        std::uint8_t pass = 0, raw_ok = 0;
    };
    std::vector<NodeState> m_state;
    bool fresh(int i, int sig) const {
        const NodeState& st = m_state[i];
        return sig >= 0 && st.signature == sig && st.cache_version == st.version;
    }
    std::vector<std::vector<std::string>> m_cache_reasons;
    std::vector<std::int64_t> m_cache_raw;
    std::size_t m_stride = 0; // max score plugins over profiles
};

} // namespace

SimResult simulate(const Cluster& cluster, const SimConfig& config, const SimOptions& options) {
    Engine e(cluster, config, options);
    return e.run();
}

} // namespace corral::k8s
