// BalancedAllocation, TaintToleration, NodeAffinity normalization and numFeasibleNodesToFind,
// restating kube-scheduler's unit tests (file and case names cited per row).
#include "sched_helpers.hpp"

#include "k8s/sched/score.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using namespace sched_test;

namespace {
std::string n(const std::string& name, const char* mcpu, const char* mem, const Res& extra = {}) {
    Res r{{"cpu", std::string(mcpu) + "m"}, {"memory", mem}};
    for (const auto& e : extra)
        r.push_back(e);
    return node(name, r);
}
// balanced_allocation_test.go pod specs
const std::vector<Res> kCpuAndMemory{{{"cpu", "1000m"}, {"memory", "2000"}},
                                     {{"cpu", "2000m"}, {"memory", "3000"}}};
const std::vector<Res> kCpuOnly{{{"cpu", "1000m"}, {"memory", "0"}},
                                {{"cpu", "2000m"}, {"memory", "0"}}};
const std::vector<Res> kMemoryOnly{{{"cpu", "0"}, {"memory", "2000"}},
                                   {{"cpu", "0"}, {"memory", "3000"}}};
const std::vector<Res> kCpuMemGpu{{{"cpu", "1000m"}, {"memory", "2000"}},
                                  {{"cpu", "2000m"}, {"memory", "3000"}, {"nvidia.com/gpu", "3"}}};

std::vector<std::int64_t>
balanced(const std::vector<std::string>& nodes,
         const std::vector<std::pair<std::string, std::vector<Res>>>& existing,
         const std::vector<Res>& incoming,
         std::vector<ResourceSpec> res = {{"cpu", 1}, {"memory", 1}}, int minor = 34) {
    std::string cl;
    for (const auto& x : nodes)
        cl += x;
    int i = 0;
    for (const auto& [node_name, containers] : existing)
        cl += pod("e" + std::to_string(i++), node_name, containers);
    auto c = cluster(cl, pod("incoming", "", incoming));
    Profile p = score_only("NodeResourcesBalancedAllocation");
    p.balanced_resources = std::move(res);
    return scores(c, p, minor);
}
} // namespace

// balanced_allocation_test.go TestNodeResourcesBalancedAllocation. Kubernetes 1.31-1.34 score
// int64((1-std)*100) of the fractions after placement; newer upstream comments show these values
// in parentheses ("before -> after") next to a later formula, and the rows below use them.
TEST_CASE("BalancedAllocation: upstream TestNodeResourcesBalancedAllocation", "[sched][balanced]") {
    const std::vector<ResourceSpec> gpu3{{"cpu", 1}, {"memory", 1}, {"nvidia.com/gpu", 1}};
    const Res gpu8{{"nvidia.com/gpu", "8"}};
    SECTION("nothing scheduled, nothing requested, skip in PreScore") {
        CHECK(balanced({n("node1", "4000", "10000"), n("node2", "4000", "10000")}, {}, {}) ==
              std::vector<std::int64_t>{0, 0});
        // 1.31/1.32 still scored best-effort pods: both fractions 0, std 0 -> 100.
        CHECK(balanced({n("node1", "4000", "10000"), n("node2", "4000", "10000")}, {}, {},
                       {{"cpu", 1}, {"memory", 1}}, 32) == std::vector<std::int64_t>{100, 100});
    }
    SECTION("nothing scheduled, resources requested, differently sized nodes") {
        CHECK(balanced({n("node1", "4000", "10000"), n("node2", "6000", "10000")}, {},
                       kCpuAndMemory) == std::vector<std::int64_t>{87, 100});
    }
    SECTION("resources requested, pods scheduled with resources") {
        CHECK(balanced({n("node1", "10000", "20000"), n("node2", "10000", "20000")},
                       {{"node1", kCpuOnly}, {"node2", kCpuAndMemory}},
                       kCpuAndMemory) == std::vector<std::int64_t>{82, 95});
    }
    SECTION("resources requested, pods scheduled with resources, differently sized nodes") {
        CHECK(balanced({n("node1", "10000", "20000"), n("node2", "10000", "50000")},
                       {{"node1", kCpuOnly}, {"node2", kCpuAndMemory}},
                       kCpuAndMemory) == std::vector<std::int64_t>{82, 80});
    }
    SECTION("resources requested, pods scheduled with resources, nodes to reach min/max score") {
        CHECK(balanced({n("node1", "3000", "5000"), n("node2", "3000", "5000")},
                       {{"node1", kCpuOnly}}, kMemoryOnly) == std::vector<std::int64_t>{100, 50});
    }
    SECTION("requested resources at node capacity") {
        CHECK(balanced({n("node1", "6000", "10000"), n("node2", "6000", "10000")},
                       {{"node1", kCpuOnly}, {"node2", kCpuAndMemory}},
                       kCpuOnly) == std::vector<std::int64_t>{50, 75});
    }
    SECTION("include scalar resource on a node for balanced resource allocation") {
        CHECK(balanced({n("node1", "3500", "40000", gpu8), n("node2", "3500", "40000", gpu8)},
                       {{"node2", kCpuAndMemory}, {"node1", kCpuMemGpu}},
                       {{{"memory", "0"}, {"nvidia.com/gpu", "1"}}},
                       gpu3) == std::vector<std::int64_t>{70, 65});
    }
    SECTION("node without the scalar resource should skip the scalar resource") {
        CHECK(balanced({n("node1", "3500", "40000", gpu8), n("node2", "3500", "40000")}, {},
                       kCpuAndMemory, gpu3) == std::vector<std::int64_t>{63, 63});
    }
}

namespace {
std::string tainted(const std::string& name,
                    const std::vector<std::array<const char*, 3>>& taints) {
    std::string extra;
    if (!taints.empty()) {
        extra = "spec:\n  taints:\n";
        for (const auto& t : taints)
            extra +=
                std::string("  - {key: ") + t[0] + ", value: " + t[1] + ", effect: " + t[2] + "}\n";
    }
    std::string s = node(name, {{"cpu", "4"}, {"memory", "4Gi"}});
    return s.replace(s.find("status:"), 0, extra);
}
std::string tolerating(const std::vector<std::array<const char*, 3>>& tols) {
    std::string extra;
    if (!tols.empty()) {
        extra = "  tolerations:\n";
        for (const auto& t : tols)
            extra += std::string("  - {key: ") + t[0] + ", operator: Equal, value: " + t[1] +
                     ", effect: " + t[2] + "}\n";
    }
    return pod("incoming", "", {{}}, extra);
}
std::vector<std::int64_t> taint_scores(const std::vector<std::string>& nodes,
                                       const std::string& incoming) {
    std::string cl;
    for (const auto& x : nodes)
        cl += x;
    return scores(cluster(cl, incoming), score_only("TaintToleration"));
}
} // namespace

// taint_toleration_test.go TestTaintTolerationScore
TEST_CASE("TaintToleration score: upstream TestTaintTolerationScore", "[sched][taint]") {
    const char* P = "PreferNoSchedule";
    const char* N = "NoSchedule";
    SECTION("node with taints tolerated by the pod, gets a higher score than those node with "
            "intolerable taints") {
        CHECK(taint_scores(
                  {tainted("nodeA", {{"foo", "bar", P}}), tainted("nodeB", {{"foo", "blah", P}})},
                  tolerating({{"foo", "bar", P}})) == std::vector<std::int64_t>{100, 0});
    }
    SECTION("the nodes that all of their taints are tolerated by the pod, get the same score, no "
            "matter how many tolerable taints a node has") {
        CHECK(taint_scores({tainted("nodeA", {}), tainted("nodeB", {{"cpu-type", "arm64", P}}),
                            tainted("nodeC", {{"cpu-type", "arm64", P}, {"disk-type", "ssd", P}})},
                           tolerating({{"cpu-type", "arm64", P}, {"disk-type", "ssd", P}})) ==
              std::vector<std::int64_t>{100, 100, 100});
    }
    SECTION("the more intolerable taints a node has, the lower score it gets.") {
        CHECK(taint_scores({tainted("nodeA", {}), tainted("nodeB", {{"cpu-type", "arm64", P}}),
                            tainted("nodeC", {{"cpu-type", "arm64", P}, {"disk-type", "ssd", P}})},
                           tolerating({{"foo", "bar", P}})) ==
              std::vector<std::int64_t>{100, 50, 0});
    }
    SECTION("only taints and tolerations that have effect PreferNoSchedule are checked by "
            "prioritize function") {
        CHECK(taint_scores({tainted("nodeA", {{"cpu-type", "arm64", N}}),
                            tainted("nodeB", {{"cpu-type", "arm64", P}}),
                            tainted("nodeC", {{"cpu-type", "arm64", P}, {"disk-type", "ssd", P}})},
                           tolerating({{"cpu-type", "arm64", N}, {"disk-type", "ssd", P}})) ==
              std::vector<std::int64_t>{100, 0, 0});
    }
    SECTION("Default behaviour No taints and tolerations") {
        CHECK(taint_scores({tainted("nodeA", {}), tainted("nodeB", {})}, tolerating({})) ==
              std::vector<std::int64_t>{100, 100});
    }
}

// node_affinity_test.go TestNodeAffinityPriority
TEST_CASE("NodeAffinity score: upstream TestNodeAffinityPriority", "[sched][affinity]") {
    auto mk = [](const std::string& name, const std::string& labels) {
        std::string s = node(name, {{"cpu", "4"}, {"memory", "4Gi"}});
        std::string meta = "metadata:\n  name: " + name + "\n";
        if (!labels.empty())
            s.replace(s.find(meta), meta.size(), meta + "  labels: " + labels + "\n");
        return s;
    };
    std::string label1 = mk("node1", "{foo: bar}"), label2 = mk("node2", "{key: value}"),
                label3 = mk("node3", "{az: az1}"),
                label5 = mk("node5", "{foo: bar, key: value, az: az1}");
    auto run = [](const std::vector<std::string>& nodes, const std::string& affinity) {
        std::string cl;
        for (const auto& x : nodes)
            cl += x;
        std::string spec = affinity.empty() ? ""
                                            : "  affinity:\n    nodeAffinity:\n      "
                                              "preferredDuringSchedulingIgnoredDuringExecution:\n" +
                                                  affinity;
        return scores(cluster(cl, pod("incoming", "", {{}}, spec)), score_only("NodeAffinity"));
    };
    const std::string affinity1 = "      - weight: 2\n        preference: {matchExpressions: "
                                  "[{key: foo, operator: In, values: [bar]}]}\n";
    const std::string affinity2 =
        affinity1 + "      - weight: 4\n        preference: {matchExpressions: [{key: key, "
                    "operator: In, values: [value]}]}\n"
                    "      - weight: 5\n        preference: {matchExpressions: [{key: foo, "
                    "operator: In, values: [bar]}, {key: key, operator: In, values: [value]}, "
                    "{key: az, operator: In, values: [az1]}]}\n";
    SECTION("all nodes are same priority as NodeAffinity is nil") {
        CHECK(run({label1, label2, label3}, "") == std::vector<std::int64_t>{0, 0, 0});
    }
    SECTION("no node matches preferred scheduling requirements in NodeAffinity of pod so all "
            "nodes' priority is zero") {
        CHECK(run({mk("node1", "{foo: x}"), mk("node2", "{key: x}"), label3}, affinity1) ==
              std::vector<std::int64_t>{0, 0, 0});
    }
    SECTION("only node1 matches the preferred scheduling requirements of pod") {
        CHECK(run({label1, label2, label3}, affinity1) == std::vector<std::int64_t>{100, 0, 0});
    }
    SECTION("all nodes matches the preferred scheduling requirements of pod but with different "
            "priorities") {
        CHECK(run({label1, label5, label2}, affinity2) == std::vector<std::int64_t>{18, 100, 36});
    }
}

// helper/normalize_score_test.go TestDefaultNormalizeScore
TEST_CASE("DefaultNormalizeScore", "[sched][normalize]") {
    struct C {
        bool reverse;
        std::vector<std::int64_t> in, want;
    };
    std::vector<C> cases = {
        {false, {10, 20, 30, 40, 50}, {20, 40, 60, 80, 100}},
        {true, {10, 20, 30, 40, 50}, {80, 60, 40, 20, 0}},
        {false, {0, 0, 0}, {0, 0, 0}},
        {true, {0, 0, 0}, {100, 100, 100}},
        {false, {3, 7, 11}, {27, 63, 100}},
    };
    for (auto c : cases) {
        default_normalize(c.in, c.reverse);
        CHECK(c.in == c.want);
    }
}

// schedule_one_test.go TestNumFeasibleNodesToFind
TEST_CASE("numFeasibleNodesToFind: upstream TestNumFeasibleNodesToFind", "[sched][sampling]") {
    struct C {
        const char* name;
        std::optional<std::int32_t> global, profile;
        std::int32_t nodes, want;
    };
    std::vector<C> cases = {
        {"not set percentageOfNodesToScore and nodes number not more than 50", {}, {}, 10, 10},
        {"set profile percentageOfNodesToScore and nodes number not more than 50", {}, 40, 10, 10},
        {"not set percentageOfNodesToScore and nodes number more than 50", {}, {}, 1000, 420},
        {"set profile percentageOfNodesToScore and nodes number more than 50", {}, 40, 1000, 400},
        {"set global and profile percentageOfNodesToScore and nodes number more than 50", 100, 40,
         1000, 400},
        {"set global percentageOfNodesToScore and nodes number more than 50", 40, {}, 1000, 400},
        {"not set profile percentageOfNodesToScore and nodes number more than 50*125",
         {},
         {},
         6000,
         300},
        {"set profile percentageOfNodesToScore and nodes number more than 50*125",
         {},
         40,
         6000,
         2400},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(num_feasible_nodes_to_find(c.profile, c.global.value_or(0), c.nodes) == c.want);
    }
    CHECK(num_feasible_nodes_to_find({}, 0, 5000) == 500); // SchedulingBasic shape
}

// selectHost's rand.Intn(k) == 0 without dividing: the table must answer x % k == 0 for every x,
// at the edges of its range (k = 2, powers of two, its largest k) and past it.
TEST_CASE("DivisibilityTable agrees with x % k == 0", "[sched][score]") {
    DivisibilityTable table(5000);
    std::uint64_t state = 0x12345678;
    auto next = [&] { // splitmix64, as the simulator's Rng
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    int divisible = 0;
    for (std::uint64_t k : {1ULL, 2ULL, 3ULL, 4ULL, 7ULL, 64ULL, 1000ULL, 4096ULL, 4999ULL, 5000ULL,
                            5001ULL, 1ULL << 40}) {
        std::vector<std::uint64_t> xs = {
            0, 1, k - 1, k, k + 1, 2 * k, ~0ULL, ~0ULL - 1, (~0ULL / k) * k, (~0ULL / k) * k - 1};
        for (int n = 0; n < 20000; ++n) {
            xs.push_back(next());
            xs.push_back(next() / k * k); // divisible ones too
        }
        for (std::uint64_t x : xs) {
            INFO("k " << k << " x " << x);
            REQUIRE(table.divides(k, x) == (x % k == 0));
            divisible += x % k == 0;
        }
    }
    CHECK(divisible > 12 * 20000); // the divisible half was exercised
    for (std::uint64_t k = 2; k <= 5000; ++k) {
        std::uint64_t x = next();
        REQUIRE(table.divides(k, x) == (x % k == 0));
        REQUIRE(table.divides(k, x / k * k));
    }
}
