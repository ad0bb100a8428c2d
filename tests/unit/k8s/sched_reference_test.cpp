// A slow, map-based reference scheduler written straight from the upstream algorithm
// (schedule_one.go: sampling from the round-robin start, filters in order, per-plugin scores,
// normalization, weights, seeded reservoir tie-break), recomputing every node's usage from the
// list of placed pods for every decision. The fast structure-of-arrays simulator (with its
// per-node cache) must produce the same placements and messages on random clusters.
#include "sched_helpers.hpp"

#include "k8s/sched/score.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace corral::k8s;

namespace {

struct RefRng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

std::vector<Placement> reference(const Cluster& c, const SimConfig& cfg, std::uint64_t seed,
                                 int minor) {
    std::vector<std::vector<const Pod*>> on(c.nodes.size());
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < c.nodes.size(); ++i)
        index[c.nodes[i].name] = static_cast<int>(i);
    for (const auto& p : c.bound)
        on[index[p.node_name]].push_back(&p);
    auto usage = [&](int i) {
        std::map<std::string, std::int64_t> u;
        for (const Pod* p : on[i]) {
            for (const auto& [r, v] : p->requests)
                u[c.resources.name(r)] += v;
            u["nz-cpu"] += p->nonzero_cpu;
            u["nz-memory"] += p->nonzero_memory;
        }
        u["count"] = static_cast<std::int64_t>(on[i].size());
        return u;
    };
    auto alloc_of = [&](int i, const std::string& name) {
        for (const auto& [r, v] : c.nodes[i].allocatable)
            if (c.resources.name(r) == name)
                return v;
        return std::int64_t{0};
    };
    std::vector<int> order = node_tree_order(c.nodes);
    std::size_t start = 0;
    RefRng rng{seed};
    int n = static_cast<int>(c.nodes.size());
    std::vector<Placement> out;
    for (const auto& pod : c.pending) {
        Placement pl;
        pl.pod = pod.key();
        const Profile* pp = &cfg.profiles.at(0);
        for (const auto& p : cfg.profiles)
            if (p.scheduler_name == pod.scheduler_name)
                pp = &p;
        const Profile& prof = *pp;
        int to_find = num_feasible_nodes_to_find(prof.percentage, cfg.percentage.value_or(0), n);
        std::vector<int> feasible;
        std::map<std::string, int> hist;
        int processed = 0;
        for (int k = 0; k < n && static_cast<int>(feasible.size()) < to_find; ++k) {
            int i = order[(start + k) % n];
            ++processed;
            const Node& node = c.nodes[i];
            auto u = usage(i);
            std::vector<std::string> why;
            for (const auto& f : prof.filters) {
                if (f == "NodeUnschedulable" && node.unschedulable &&
                    !tolerates_any(pod.tolerations,
                                   {"node.kubernetes.io/unschedulable", "", "NoSchedule"}))
                    why.push_back("node(s) were unschedulable");
                else if (f == "TaintToleration") {
                    for (const auto& t : node.taints)
                        if (t.effect != "PreferNoSchedule" && !tolerates_any(pod.tolerations, t)) {
                            why.push_back(minor >= 34 ? "node(s) had untolerated taint(s)"
                                                      : "node(s) had untolerated taint {" + t.key +
                                                            ": " + t.value + "}");
                            break;
                        }
                } else if (f == "NodeAffinity" && !required_affinity_matches(pod, node))
                    why.push_back("node(s) didn't match Pod's node affinity/selector");
                else if (f == "NodeResourcesFit") {
                    if (u["count"] + 1 > alloc_of(i, "pods"))
                        why.push_back("Too many pods");
                    for (const auto& [r, v] : pod.requests) {
                        const std::string& name = c.resources.name(r);
                        if (v > alloc_of(i, name) - u[name])
                            why.push_back("Insufficient " + name);
                    }
                }
                if (!why.empty())
                    break;
            }
            if (why.empty())
                feasible.push_back(i);
            for (const auto& w : why)
                hist[w]++;
        }
        start = (start + processed) % n;
        if (feasible.empty()) {
            std::vector<std::string> items;
            for (const auto& [r, cnt] : hist)
                items.push_back(std::to_string(cnt) + " " + r);
            std::sort(items.begin(), items.end());
            pl.message = "0/" + std::to_string(n) + " nodes are available:";
            for (std::size_t j = 0; j < items.size(); ++j)
                pl.message += (j ? ", " : " ") + items[j];
            pl.message += ".";
            out.push_back(pl);
            continue;
        }
        int chosen = feasible[0];
        if (feasible.size() > 1) {
            std::vector<std::int64_t> total(feasible.size(), 0);
            for (const auto& sp : prof.scores) {
                std::vector<std::int64_t> s(feasible.size(), 0);
                bool run = true;
                for (std::size_t j = 0; j < feasible.size(); ++j) {
                    int i = feasible[j];
                    auto u = usage(i);
                    auto vectors = [&](const std::vector<ResourceSpec>& specs, bool raw,
                                       std::vector<std::int64_t>& rq, std::vector<std::int64_t>& al,
                                       bool& any) {
                        any = false;
                        for (const auto& spec : specs) {
                            int id = c.resources.find(spec.name);
                            std::int64_t want = id < 0 ? 0 : pod.request(id);
                            std::int64_t have = u[spec.name];
                            if (!raw && spec.name == "cpu")
                                want = pod.nonzero_cpu, have = u["nz-cpu"];
                            if (!raw && spec.name == "memory")
                                want = pod.nonzero_memory, have = u["nz-memory"];
                            any |= want != 0;
                            bool scalar = is_scalar_resource(spec.name);
                            std::int64_t a = alloc_of(i, spec.name);
                            if ((scalar && want == 0) || spec.name == "pods")
                                a = 0;
                            rq.push_back(a ? have + want : 0);
                            al.push_back(a);
                        }
                    };
                    std::vector<std::int64_t> rq, al;
                    bool any;
                    if (sp.name == "NodeResourcesFit") {
                        vectors(prof.fit_resources, false, rq, al, any);
                        s[j] = prof.strategy == Strategy::least_allocated
                                   ? least_allocated(rq, al, prof.fit_resources)
                               : prof.strategy == Strategy::most_allocated
                                   ? most_allocated(rq, al, prof.fit_resources)
                                   : requested_to_capacity_ratio(rq, al, prof.fit_resources,
                                                                 prof.shape);
                    } else if (sp.name == "NodeResourcesBalancedAllocation") {
                        vectors(prof.balanced_resources, true, rq, al, any);
                        if (!any && minor >= 33)
                            run = false;
                        s[j] = balanced_allocation(rq, al);
                    } else if (sp.name == "TaintToleration") {
                        for (const auto& t : c.nodes[i].taints) {
                            if (t.effect != "PreferNoSchedule")
                                continue;
                            bool ok = false;
                            for (const auto& tol : pod.tolerations)
                                ok |= (tol.effect.empty() || tol.effect == "PreferNoSchedule") &&
                                      tolerates(tol, t);
                            s[j] += !ok;
                        }
                    } else if (sp.name == "ImageLocality") {
                        s[j] = image_locality_priority(0, pod.num_containers);
                    } else {
                        run = false;
                    }
                }
                if (!run)
                    continue;
                if (sp.name == "TaintToleration")
                    default_normalize(s, true);
                for (std::size_t j = 0; j < s.size(); ++j)
                    total[j] += s[j] * sp.weight;
            }
            std::int64_t best = total[0];
            std::size_t sel = 0;
            std::uint64_t ties = 1;
            for (std::size_t j = 1; j < total.size(); ++j) {
                if (total[j] > best) {
                    best = total[j];
                    sel = j;
                    ties = 1;
                } else if (total[j] == best) {
                    ++ties;
                    if (rng.next() % ties == 0)
                        sel = j;
                }
            }
            chosen = feasible[sel];
        }
        pl.node = chosen;
        on[chosen].push_back(&pod);
        out.push_back(pl);
    }
    return out;
}

std::string random_cluster(std::mt19937& gen, int nodes, int bound, int pending,
                           std::string& pods_out) {
    std::string cl;
    auto pick = [&](int n) { return static_cast<int>(gen() % static_cast<unsigned>(n)); };
    const char* zones[] = {"a", "b", "c"};
    for (int i = 0; i < nodes; ++i) {
        std::string name = "n" + std::to_string(i);
        std::string extra =
            "  labels: {topology.kubernetes.io/zone: " + std::string(zones[pick(3)]) +
            ", disk: " + (pick(2) ? "ssd" : "hdd") + "}\n";
        std::string s = sched_test::node(name, {{"cpu", std::to_string(2 + pick(15))},
                                                {"memory", std::to_string(4 + pick(60)) + "Gi"},
                                                {"pods", std::to_string(5 + pick(30))},
                                                {"nvidia.com/gpu", std::to_string(pick(3))}});
        std::string meta = "metadata:\n  name: " + name + "\n";
        s.replace(s.find(meta), meta.size(), meta + extra);
        if (pick(5) == 0)
            s.replace(s.find("status:"), 0,
                      std::string("spec:\n  taints: [{key: team, value: ml, effect: ") +
                          (pick(2) ? "NoSchedule" : "PreferNoSchedule") + "}]\n");
        cl += s;
    }
    auto containers = [&]() {
        std::vector<sched_test::Res> cs;
        int k = 1 + pick(2);
        for (int j = 0; j < k; ++j) {
            sched_test::Res r;
            if (pick(4))
                r.push_back({"cpu", std::to_string(50 + pick(1500)) + "m"});
            if (pick(4))
                r.push_back({"memory", std::to_string(64 + pick(4000)) + "Mi"});
            if (pick(6) == 0)
                r.push_back({"nvidia.com/gpu", std::to_string(1 + pick(2))});
            cs.push_back(r);
        }
        return cs;
    };
    for (int i = 0; i < bound; ++i)
        cl += sched_test::pod("b" + std::to_string(i), "n" + std::to_string(pick(nodes)),
                              containers());
    for (int i = 0; i < pending; ++i) {
        std::string spec;
        if (pick(4) == 0)
            spec += "  tolerations: [{key: team, operator: Equal, value: ml}]\n";
        if (pick(6) == 0)
            spec += "  nodeSelector: {disk: ssd}\n";
        pods_out += sched_test::pod("p" + std::to_string(i), "", containers(), spec);
    }
    return cl;
}

} // namespace

TEST_CASE("fast simulator matches the slow reference scheduler", "[sched][reference]") {
    struct Variant {
        const char* name;
        std::string config;
        int nodes;
    };
    const std::string head =
        "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
    std::vector<Variant> variants = {
        {"defaults, 40 nodes (all scored)", "", 40},
        {"defaults, 300 nodes (adaptive sampling, round-robin start)", "", 300},
        {"MostAllocated, 150 nodes, 30%",
         "percentageOfNodesToScore: 30\nprofiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n   "
         " args: {scoringStrategy: {type: MostAllocated}}\n",
         150},
        {"GPU RequestedToCapacityRatio, 60 nodes",
         "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      "
         "scoringStrategy:\n        type: RequestedToCapacityRatio\n"
         "        resources: [{name: nvidia.com/gpu, weight: 5}, {name: cpu, weight: 1}, {name: "
         "memory, weight: 1}]\n"
         "        requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}, {utilization: "
         "100, score: 10}]}\n",
         60},
        {"two profiles with different plugin lists, 80 nodes",
         "profiles:\n- schedulerName: default-scheduler\n- schedulerName: packer\n  plugins:\n    "
         "multiPoint:\n"
         "      disabled: [{name: NodeResourcesBalancedAllocation}, {name: ImageLocality}]\n  "
         "pluginConfig:\n"
         "  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: MostAllocated}}\n",
         80},
    };
    for (const auto& v : variants) {
        for (int minor : {32, 34}) {
            INFO(v.name << " minor " << minor);
            std::mt19937 gen(static_cast<unsigned>(v.nodes * 7 + minor));
            std::string pods;
            std::string cl =
                random_cluster(gen, v.nodes, v.nodes, std::min(v.nodes * 3, 160), pods);
            Cluster c = sched_test::cluster(cl, pods);
            SchedulerConfiguration cfg = parse_scheduler_config({"c.yaml", head + v.config});
            SimConfig sim = build_sim_config(cfg, minor);
            SimOptions opt;
            opt.minor = minor;
            opt.seed = 7;
            auto fast = simulate(c, sim, opt).placements;
            auto slow = reference(c, sim, 7, minor);
            REQUIRE(fast.size() == slow.size());
            std::size_t placed = 0;
            for (std::size_t i = 0; i < fast.size(); ++i) {
                INFO(fast[i].pod);
                CHECK(fast[i].node == slow[i].node);
                CHECK(fast[i].message == slow[i].message);
                placed += fast[i].node >= 0;
            }
            CHECK(placed > 0);
        }
    }
}
