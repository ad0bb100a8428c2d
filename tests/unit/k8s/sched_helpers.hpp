// Builders for scheduler tests: the upstream tests' st.MakeNode()/st.MakePod() as YAML text fed
// through the real loader, and a one-plugin profile run through the simulator's --explain path.
#pragma once

#include "k8s/sched/cluster.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/sim.hpp"

#include <map>
#include <string>
#include <vector>

namespace sched_test {

using Res = std::vector<std::pair<std::string, std::string>>;

inline std::string res_yaml(const Res& r, const std::string& indent) {
    std::string out;
    for (const auto& [k, v] : r)
        out += indent + k + ": \"" + v + "\"\n";
    return out;
}

// st.MakeNode().Name(name).Capacity(res); pods defaults to 110 like kubelet when not given.
inline std::string node(const std::string& name, const Res& res, const std::string& extra = "") {
    Res r = res;
    bool has_pods = false;
    for (const auto& [k, v] : r)
        has_pods |= k == "pods";
    if (!has_pods)
        r.push_back({"pods", "110"});
    return "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: " + name + "\n" + extra +
           "status:\n  allocatable:\n" + res_yaml(r, "    ");
}

// st.MakePod().Node(node).Req(c1).Req(c2)...: one container per request map.
inline std::string pod(const std::string& name, const std::string& node_name,
                       const std::vector<Res>& containers, const std::string& spec_extra = "",
                       const std::string& meta_extra = "") {
    std::string s = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n" +
                    meta_extra + "spec:\n";
    if (!node_name.empty())
        s += "  nodeName: " + node_name + "\n";
    s += spec_extra;
    if (containers.empty()) {
        s += "  containers: []\n";
    } else {
        s += "  containers:\n";
        for (std::size_t i = 0; i < containers.size(); ++i) {
            s += "  - name: c" + std::to_string(i) + "\n    image: img\n";
            if (!containers[i].empty())
                s += "    resources:\n      requests:\n" + res_yaml(containers[i], "        ");
        }
    }
    return s;
}

inline corral::k8s::Cluster cluster(const std::string& nodes_and_bound,
                                    const std::string& pending) {
    corral::k8s::Cluster c;
    corral::k8s::load_cluster_file({"cluster.yaml", nodes_and_bound}, c);
    corral::k8s::LoadOptions o;
    o.pods_only = true;
    corral::k8s::load_cluster_file({"pods.yaml", pending}, c, o);
    corral::k8s::finish_cluster(c);
    return c;
}

inline corral::k8s::Profile score_only(const std::string& plugin) {
    corral::k8s::Profile p;
    p.scheduler_name = "default-scheduler";
    p.scores = {{plugin, 1}};
    p.percentage = 100;
    return p;
}

// Normalized scores of the single score plugin for the first pending pod, in node order.
inline std::vector<std::int64_t> scores(const corral::k8s::Cluster& c,
                                        const corral::k8s::Profile& prof, int minor = 34,
                                        bool raw = false) {
    corral::k8s::SimConfig cfg;
    cfg.profiles = {prof};
    corral::k8s::SimOptions opt;
    opt.minor = minor;
    opt.explain_pod = c.pending.at(0).key();
    auto res = corral::k8s::simulate(c, cfg, opt);
    std::vector<std::int64_t> out(c.nodes.size(), -1);
    for (const auto& n : res.explain.at(0).nodes)
        out[n.node] = n.plugins.empty() ? 0 : (raw ? n.plugins[0].raw : n.plugins[0].normalized);
    return out;
}

} // namespace sched_test
