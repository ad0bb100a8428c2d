// PodTopologySpread: hard constraints in the filter (skew against the global minimum over
// eligible domains) and the soft-constraint score with its normalization
// (podtopologyspread/filtering.go, scoring.go).
#include "sched_helpers.hpp"

#include "k8s/sched/score.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using namespace sched_test;

namespace {
std::string zoned(const std::string& name, const std::string& zone) {
    std::string s = node(name, {{"cpu", "8"}, {"memory", "16Gi"}});
    std::string meta = "metadata:\n  name: " + name + "\n";
    s.replace(s.find(meta), meta.size(),
              meta + "  labels: {kubernetes.io/hostname: " + name +
                  ", topology.kubernetes.io/zone: " + zone + "}\n");
    return s;
}
std::string web(const std::string& name, const std::string& node_name,
                const std::string& spec = "") {
    return pod(name, node_name, {{{"cpu", "100m"}}}, spec, "  labels: {app: web}\n");
}
} // namespace

TEST_CASE("PodTopologySpread filter: maxSkew against the global minimum", "[sched][spread]") {
    std::string cl =
        zoned("a1", "a") + zoned("a2", "a") + zoned("b1", "b") + web("w1", "a1") + web("w2", "a2");
    const std::string hard =
        "  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: "
        "topology.kubernetes.io/zone\n"
        "    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n";
    Cluster c = cluster(cl, web("new", "", hard) + web("new2", "", hard));
    auto cfg = build_sim_config(default_scheduler_config(), 34);
    auto res = simulate(c, cfg, SimOptions{});
    // zone a has 2, zone b 0: a-nodes give skew 2+1-0 = 3 > 1, so only b1 is feasible.
    CHECK(c.nodes[res.placements[0].node].name == "b1");
    // now a=2, b=1: a-nodes skew 2+1-1 = 2 > 1 again; b1 gives 1+1-1 = 1 <= 1.
    CHECK(c.nodes[res.placements[1].node].name == "b1");
    // A node without the zone label fails with the "missing required label" reason.
    Cluster d = cluster(node("bare", {{"cpu", "1"}}), web("x", "", hard));
    auto r2 = simulate(d, cfg, SimOptions{});
    CHECK(r2.placements[0].message == "0/1 nodes are available: 1 node(s) didn't match pod "
                                      "topology spread constraints (missing required label).");
}

TEST_CASE("PodTopologySpread score: soft constraints prefer the emptier domain",
          "[sched][spread]") {
    std::string cl = zoned("a1", "a") + zoned("b1", "b") + web("w1", "a1") + web("w2", "a1");
    const std::string soft =
        "  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n"
        "    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\n";
    Cluster c = cluster(cl, web("new", "", soft));
    Profile p = score_only("PodTopologySpread");
    p.spread_system_defaulted = true;
    auto raw = scores(c, p, 34, true);
    auto norm = scores(c, p, 34, false);
    // hostname: 2 candidate nodes, weight ln(4); a1 has 2 matches: round(2*1.386 + 0) = 3; b1: 0
    CHECK(raw == std::vector<std::int64_t>{3, 0});
    // normalize: max 3, min 0: a1 100*(3+0-3)/3 = 0, b1 100*(3+0-0)/3 = 100
    CHECK(norm == std::vector<std::int64_t>{0, 100});
}

TEST_CASE("PodTopologySpread NormalizeScore", "[sched][spread]") {
    std::vector<std::int64_t> s{10, 20, 0, 5};
    spread_normalize(s, {false, false, true, false});
    // min 5, max 20 over non-ignored: 100*(25-10)/20 = 75, 100*(25-20)/20 = 25, ignored 0,
    // 100*(25-5)/20 = 100
    CHECK(s == std::vector<std::int64_t>{75, 25, 0, 100});
    std::vector<std::int64_t> z{0, 0};
    spread_normalize(z, {false, false});
    CHECK(z == std::vector<std::int64_t>{100, 100});
}
