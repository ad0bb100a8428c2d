// NodeResourcesFit scoring strategies and BalancedAllocation, restating kube-scheduler's tests in
// pkg/scheduler/framework/plugins/noderesources/ (one row per upstream case, named as upstream).
// Upstream quantities like cpu "4000" are 4000 cores; the ratios are what matter.
#include "sched_helpers.hpp"

#include "k8s/sched/score.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using namespace sched_test;

namespace {

const std::string kExt = "abc.com/xyz"; // extendedRes in the upstream tests

struct Case {
    const char* name;
    std::vector<std::string> nodes;
    std::vector<std::string> existing;
    std::vector<Res> requested; // containers of the incoming pod
    std::vector<ResourceSpec> resources;
    std::vector<std::int64_t> expected;
};

std::vector<std::int64_t> run_fit(const Case& c, Strategy strategy,
                                  std::vector<ShapePoint> shape = {}) {
    std::string cl;
    for (const auto& n : c.nodes)
        cl += n;
    for (const auto& p : c.existing)
        cl += p;
    auto cluster = sched_test::cluster(cl, pod("incoming", "", c.requested));
    Profile prof = score_only("NodeResourcesFit");
    prof.strategy = strategy;
    prof.fit_resources = c.resources;
    prof.shape = std::move(shape);
    return scores(cluster, prof);
}

const std::vector<ResourceSpec> kDefault{{"cpu", 1}, {"memory", 1}};
const std::vector<ResourceSpec> kExtSet{{"cpu", 1}, {"memory", 1}, {kExt, 1}};

Res cm(const char* cpu, const char* mem) {
    return {{"cpu", cpu}, {"memory", mem}};
}

} // namespace

// least_allocated_test.go TestLeastAllocatedScoringStrategy
TEST_CASE("LeastAllocated: upstream TestLeastAllocatedScoringStrategy", "[sched][fit]") {
    std::vector<Case> cases = {
        {"nothing scheduled, nothing requested",
         {node("node1", cm("4000", "10000")), node("node2", cm("4000", "10000"))},
         {},
         {},
         kDefault,
         {100, 100}},
        {"nothing scheduled, resources requested, differently sized nodes",
         {node("node1", cm("4000", "10000")), node("node2", cm("6000", "10000"))},
         {},
         {cm("1000", "2000"), cm("2000", "3000")},
         kDefault,
         {37, 50}},
        {"no resources requested, pods scheduled",
         {node("node1", cm("4000", "10000")), node("node2", cm("4000", "10000"))},
         {pod("e1", "node1", {}), pod("e2", "node1", {}), pod("e3", "node2", {}),
          pod("e4", "node2", {})},
         {},
         kDefault,
         {100, 100}},
        {"no resources requested, pods scheduled with resources",
         {node("node1", cm("10000", "20000")), node("node2", cm("10000", "20000"))},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node1", {cm("3000", "0")}),
          pod("e3", "node2", {cm("3000", "0")}), pod("e4", "node2", {cm("3000", "5000")})},
         {},
         kDefault,
         {70, 57}},
        {"resources requested, pods scheduled with resources",
         {node("node1", cm("10000", "20000")), node("node2", cm("10000", "20000"))},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node2", {cm("3000", "5000")})},
         {cm("1000", "2000"), cm("2000", "3000")},
         kDefault,
         {57, 45}},
        {"resources requested, pods scheduled with resources, differently sized nodes",
         {node("node1", cm("10000", "20000")), node("node2", cm("10000", "50000"))},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node2", {cm("3000", "5000")})},
         {cm("1000", "2000"), cm("2000", "3000")},
         kDefault,
         {57, 60}},
        {"requested resources exceed node capacity",
         {node("node1", cm("4000", "10000")), node("node2", cm("4000", "10000"))},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node2", {cm("3000", "5000")})},
         {cm("3000", "0")},
         kDefault,
         {50, 25}},
        {"zero node resources, pods scheduled with resources",
         {node("node1", {}), node("node2", {})},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node2", {cm("3000", "5000")})},
         {},
         kDefault,
         {0, 0}},
        {"nothing scheduled, resources requested with different weight on CPU and memory, "
         "differently sized nodes",
         {node("node1", cm("4000", "10000")), node("node2", cm("6000", "10000"))},
         {},
         {cm("1000", "2000"), cm("2000", "3000")},
         {{"memory", 2}, {"cpu", 1}},
         {41, 50}},
        {"bypass extended resource if the pod does not request",
         {node("node1", cm("6000", "10000")),
          node("node2", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "4"}})},
         {},
         {cm("1000", "2000"), cm("2000", "3000")},
         kExtSet,
         {50, 50}},
        {"honor extended resource if the pod requests",
         {node("node1", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "4"}}),
          node("node2", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "10"}})},
         {},
         {{{"cpu", "3000"}, {"memory", "5000"}, {kExt, "2"}}},
         kExtSet,
         {50, 60}},
        {"if the node doesn't have a resource",
         {node("node1", cm("6000", "10000")),
          node("node2", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "4"}})},
         {},
         {cm("3000", "4000")},
         {{kExt, 2}, {"cpu", 1}, {"memory", 1}},
         {55, 55}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(run_fit(c, Strategy::least_allocated) == c.expected);
    }
}

// requested_to_capacity_ratio_test.go TestRequestedToCapacityRatioScoringStrategy (shape 0:10,
// 100:0)
TEST_CASE("RequestedToCapacityRatio: upstream TestRequestedToCapacityRatioScoringStrategy",
          "[sched][fit]") {
    std::vector<ShapePoint> shape{{0, 10}, {100, 0}};
    std::vector<Case> cases = {
        {"nothing scheduled, nothing requested (default - least requested nodes have priority)",
         {node("node1", cm("4000", "10000")), node("node2", cm("4000", "10000"))},
         {pod("e1", "node1", {}), pod("e2", "node1", {})},
         {},
         kDefault,
         {100, 100}},
        {"nothing scheduled, resources requested, differently sized nodes (default - least "
         "requested nodes have priority)",
         {node("node1", cm("4000", "10000")), node("node2", cm("6000", "10000"))},
         {pod("e1", "node1", {}), pod("e2", "node1", {})},
         {cm("1000", "2000"), cm("2000", "3000")},
         kDefault,
         {38, 50}},
        {"no resources requested, pods scheduled with resources (default - least requested nodes "
         "have priority)",
         {node("node1", cm("4000", "10000")), node("node2", cm("6000", "10000"))},
         {pod("e1", "node1", {cm("3000", "5000")}), pod("e2", "node2", {cm("3000", "5000")})},
         {},
         kDefault,
         {38, 50}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(run_fit(c, Strategy::requested_to_capacity_ratio, shape) == c.expected);
    }
}

// requested_to_capacity_ratio_test.go TestResourceBinPackingSingleExtended (shape 0:0, 100:1)
TEST_CASE("RequestedToCapacityRatio: upstream TestResourceBinPackingSingleExtended",
          "[sched][fit]") {
    auto n1 = node("node1", {{"cpu", "4"}, {"memory", "10000Mi"}, {"intel.com/foo", "8"}});
    auto n2 = node("node2", {{"cpu", "4"}, {"memory", "10000Mi"}, {"intel.com/foo", "4"}});
    std::vector<ResourceSpec> res{{"intel.com/foo", 1}};
    std::vector<ShapePoint> shape{{0, 0}, {100, 1}};
    std::vector<Case> cases = {
        {"nothing scheduled, nothing requested", {n1, n2}, {}, {}, res, {0, 0}},
        {"resources requested, pods scheduled with less resources",
         {n1, n2},
         {},
         {{{"intel.com/foo", "2"}}},
         res,
         {2, 5}},
        {"resources requested, pods scheduled with resources, on node with existing pod running",
         {n1, n2},
         {pod("e1", "node2", {{{"intel.com/foo", "2"}}})},
         {{{"intel.com/foo", "2"}}},
         res,
         {2, 10}},
        {"resources requested, pods scheduled with more resources",
         {n1, n2},
         {},
         {{{"intel.com/foo", "4"}}},
         res,
         {5, 10}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(run_fit(c, Strategy::requested_to_capacity_ratio, shape) == c.expected);
    }
}

// requested_to_capacity_ratio_test.go TestResourceBinPackingMultipleExtended (foo:3, bar:5)
TEST_CASE("RequestedToCapacityRatio: upstream TestResourceBinPackingMultipleExtended",
          "[sched][fit]") {
    auto n1 =
        node("node1",
             {{"cpu", "4"}, {"memory", "10000Mi"}, {"intel.com/foo", "8"}, {"intel.com/bar", "4"}});
    auto n2 =
        node("node2",
             {{"cpu", "4"}, {"memory", "10000Mi"}, {"intel.com/foo", "4"}, {"intel.com/bar", "8"}});
    std::vector<ResourceSpec> res{{"intel.com/foo", 3}, {"intel.com/bar", 5}};
    std::vector<ShapePoint> shape{{0, 0}, {100, 1}};
    Res pod1{{"intel.com/foo", "2"}, {"intel.com/bar", "2"}},
        pod2{{"intel.com/foo", "4"}, {"intel.com/bar", "2"}};
    std::vector<Case> cases = {
        {"nothing scheduled, nothing requested", {n1, n2}, {}, {}, res, {0, 0}},
        {"resources requested, pods scheduled with less resources",
         {n1, n2},
         {},
         {pod1},
         res,
         {4, 3}},
        {"resources requested, pods scheduled with resources, on node with existing pod running",
         {n1, n2},
         {pod("e1", "node2", {pod2})},
         {pod1},
         res,
         {4, 7}},
        {"resources requested, pods scheduled with more resources",
         {n1, n2},
         {},
         {pod2},
         res,
         {5, 5}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(run_fit(c, Strategy::requested_to_capacity_ratio, shape) == c.expected);
    }
}

// requested_to_capacity_ratio_test.go TestBrokenLinearFunction (points used unscaled)
TEST_CASE("BrokenLinearFunction: upstream TestBrokenLinearFunction", "[sched][fit]") {
    struct A {
        std::int64_t p, expected;
    };
    struct T {
        std::vector<ShapePoint> points;
        std::vector<A> asserts;
    };
    std::vector<T> tests = {
        {{{10, 1}, {90, 9}},
         {{-10, 1},
          {0, 1},
          {9, 1},
          {10, 1},
          {15, 1},
          {19, 1},
          {20, 2},
          {89, 8},
          {90, 9},
          {99, 9},
          {100, 9},
          {110, 9}}},
        {{{0, 2}, {40, 10}, {100, 0}},
         {{-10, 2}, {0, 2}, {20, 6}, {30, 8}, {40, 10}, {70, 5}, {100, 0}, {110, 0}}},
        {{{0, 2}, {40, 2}, {100, 2}},
         {{-10, 2}, {0, 2}, {20, 2}, {30, 2}, {40, 2}, {70, 2}, {100, 2}, {110, 2}}},
    };
    for (std::size_t i = 0; i < tests.size(); ++i)
        for (const auto& a : tests[i].asserts) {
            INFO("case_" << i << " p=" << a.p);
            CHECK(broken_linear(tests[i].points, a.p) == a.expected);
        }
}

// SPEC trap: the same input floors under LeastAllocated (37) and rounds under RTC (38).
TEST_CASE("Least floors while RequestedToCapacityRatio rounds", "[sched][fit]") {
    std::vector<std::int64_t> req{3000, 5000}, alloc{4000, 10000};
    CHECK(least_allocated(req, alloc, kDefault) == 37);
    CHECK(requested_to_capacity_ratio(req, alloc, kDefault, {{0, 10}, {100, 0}}) == 38);
}

// most_allocated_test.go TestMostAllocatedScoringStrategy
TEST_CASE("MostAllocated: upstream TestMostAllocatedScoringStrategy", "[sched][fit]") {
    std::vector<Case> cases = {
        {"nothing scheduled, nothing requested",
         {node("node1", cm("4000", "10000")), node("node2", cm("4000", "10000"))},
         {},
         {},
         kDefault,
         {0, 0}},
        {"nothing scheduled, resources requested, differently sized nodes",
         {node("node1", cm("4000", "10000")), node("node2", cm("6000", "10000"))},
         {},
         {cm("1000", "2000"), cm("2000", "3000")},
         kDefault,
         {62, 50}},
        {"no resources requested, pods scheduled with resources",
         {node("node1", cm("10000", "20000")), node("node2", cm("10000", "20000"))},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node1", {cm("3000", "0")}),
          pod("e3", "node2", {cm("3000", "0")}), pod("e4", "node2", {cm("3000", "5000")})},
         {},
         kDefault,
         {30, 42}},
        {"resources requested, pods scheduled with resources",
         {node("node1", cm("10000", "20000")), node("node2", cm("10000", "20000"))},
         {pod("e1", "node1", {cm("3000", "0")}), pod("e2", "node2", {cm("3000", "5000")})},
         {cm("1000", "2000"), cm("2000", "3000")},
         kDefault,
         {42, 55}},
        {"resources requested equal node capacity",
         {node("node1", cm("5000", "10000")), node("node2", cm("10000", "9000"))},
         {},
         {cm("2000", "4000"), cm("3000", "5000")},
         kDefault,
         {95, 75}},
        {"nothing scheduled, resources requested, differently sized nodes (memory weight 2)",
         {node("node1", cm("4000", "10000")), node("node2", cm("6000", "10000"))},
         {},
         {cm("1000", "2000"), cm("2000", "3000")},
         {{"memory", 2}, {"cpu", 1}},
         {58, 50}},
        {"no resources requested, pods scheduled, nonzero request for resource",
         {node("node1", cm("250m", "1000Mi")), node("node2", cm("250m", "1000Mi"))},
         {pod("e1", "node1", {{}}), pod("e2", "node1", {{}})},
         {{}},
         kDefault,
         {80, 30}},
        {"bypass extended resource if the pod does not request",
         {node("node1", cm("6000", "10000")),
          node("node2", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "4"}})},
         {},
         {cm("1000", "2000"), cm("2000", "3000")},
         kExtSet,
         {50, 50}},
        {"honor extended resource if the pod request",
         {node("node1", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "4"}}),
          node("node2", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "10"}})},
         {},
         {{{"cpu", "3000"}, {"memory", "5000"}, {kExt, "2"}}},
         kExtSet,
         {50, 40}},
        {"if the node doesn't have a resource",
         {node("node1", cm("6000", "10000")),
          node("node2", {{"cpu", "6000"}, {"memory", "10000"}, {kExt, "4"}})},
         {},
         {cm("3000", "4000")},
         {{kExt, 2}, {"cpu", 1}, {"memory", 1}},
         {45, 45}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(run_fit(c, Strategy::most_allocated) == c.expected);
    }
}
