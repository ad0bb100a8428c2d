// `kubectl get nodes,pods -A -o yaml` as kube-scheduler's cache sees it: finished pods are not in
// it (scheduler.go newPodInformer lists status.phase!=Succeeded,status.phase!=Failed), terminating
// pods are (the cache drops a pod on its Delete event, not on deletionTimestamp), node conditions
// are not read (NotReady reaches the scheduler as the node lifecycle controller's taints), and a
// pending pod's status.nominatedNodeName is tried first (schedule_one.go evaluateNominatedNode).
#include "sched_helpers.hpp"

#include "core/output.hpp"
#include "k8s/sched/run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace corral::k8s;
using namespace sched_test;

namespace {

std::vector<Placement> place(const std::string& nodes_and_bound, const std::string& pending,
                             int minor = 34) {
    Cluster c = cluster(nodes_and_bound, pending);
    auto cfg = build_sim_config(default_scheduler_config(), minor);
    SimOptions options;
    options.minor = minor;
    return simulate(c, cfg, options).placements;
}

std::string with_status(std::string pod_yaml, const std::string& status) {
    return pod_yaml + "status:\n" + status;
}

} // namespace

TEST_CASE("export: Succeeded and Failed pods hold no resources", "[sched][export]") {
    auto n = node("worker", {{"cpu", "2"}, {"memory", "4Gi"}});
    auto job = pod("job", "worker", {{{"cpu", "2"}}});
    auto want = pod("want", "", {{{"cpu", "1"}}});
    SECTION("Running pod fills the node") {
        auto pl = place(n + with_status(job, "  phase: Running\n"), want);
        CHECK(pl[0].node == -1);
        CHECK(pl[0].message == "0/1 nodes are available: 1 Insufficient cpu.");
    }
    for (const char* phase : {"Succeeded", "Failed"}) {
        SECTION(phase) {
            auto c = cluster(n + with_status(job, std::string("  phase: ") + phase + "\n"), want);
            CHECK(c.bound.empty());
            CHECK(c.terminal_pods == 1);
            CHECK(place(n + with_status(job, std::string("  phase: ") + phase + "\n"), want)[0]
                      .node == 0);
        }
    }
    SECTION("a finished pod in the pending set is not scheduled either") {
        auto c = cluster(n, with_status(pod("done", "", {{}}), "  phase: Succeeded\n") + want);
        REQUIRE(c.pending.size() == 1);
        CHECK(c.pending[0].name == "want");
    }
}

TEST_CASE("export: a terminating pod still holds its resources", "[sched][export]") {
    auto n = node("worker", {{"cpu", "2"}});
    auto terminating = pod("old", "worker", {{{"cpu", "2"}}}, "",
                           "  deletionTimestamp: \"2026-12-04T10:00:00Z\"\n");
    auto pl =
        place(n + with_status(terminating, "  phase: Running\n"), pod("new", "", {{{"cpu", "1"}}}));
    CHECK(pl[0].node == -1);
    CHECK(pl[0].message == "0/1 nodes are available: 1 Insufficient cpu.");
}

TEST_CASE("export: NotReady nodes count through their taints, not their conditions",
          "[sched][export]") {
    const std::string not_ready_status =
        "status:\n  conditions:\n  - {type: Ready, status: "
        "\"False\"}\n  allocatable:\n    cpu: \"1\"\n    pods: \"110\"\n";
    auto bare = "---\napiVersion: v1\nkind: Node\nmetadata: {name: nr}\n" + not_ready_status;
    CHECK(place(bare, pod("p", "", {{}}))[0].node == 0);
    auto tainted = "---\napiVersion: v1\nkind: Node\nmetadata: {name: nr}\nspec:\n  taints:\n"
                   "  - {key: node.kubernetes.io/not-ready, effect: NoExecute}\n" +
                   not_ready_status;
    CHECK(place(tainted, pod("p", "", {{}}), 33)[0].message ==
          "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: "
          "}.");
    auto tolerating = pod("p", "", {{}},
                          "  tolerations:\n  - {key: node.kubernetes.io/not-ready, operator: "
                          "Exists, effect: NoExecute}\n");
    CHECK(place(tainted, tolerating)[0].node == 0);
}

TEST_CASE("export: status.nominatedNodeName is evaluated first", "[sched][export]") {
    // LeastAllocated prefers the empty node a; the nominated node b still fits, so it is chosen
    // without scoring.
    auto nodes = node("a", {{"cpu", "4"}, {"memory", "8Gi"}}) +
                 node("b", {{"cpu", "4"}, {"memory", "8Gi"}}) +
                 pod("busy", "b", {{{"cpu", "2"}, {"memory", "4Gi"}}});
    auto plain = pod("p", "", {{{"cpu", "1"}}});
    CHECK(place(nodes, plain)[0].node == 0);
    CHECK(place(nodes, with_status(plain, "  nominatedNodeName: b\n"))[0].node == 1);
    SECTION("a nominated node that no longer fits falls back to the full search") {
        auto big = pod("p", "", {{{"cpu", "3"}}});
        CHECK(place(nodes, with_status(big, "  nominatedNodeName: b\n"))[0].node == 0);
    }
    SECTION("a nominated node that is gone falls back too") {
        CHECK(place(nodes, with_status(plain, "  nominatedNodeName: gone\n"))[0].node == 0);
    }
}

TEST_CASE("export: a nominated pod of equal priority keeps its room on the node while others are "
          "filtered",
          "[sched][export]") {
    // addGENominatedPods: "later" (nominated to b, still waiting) reserves 3 cpu on b, so
    // "first" (queued before it, same priority) does not fit on b and goes to a; later still
    // lands on b as nominated.
    auto nodes = node("a", {{"cpu", "1"}}) + node("b", {{"cpu", "4"}});
    auto first = pod("first", "", {{{"cpu", "2"}}});
    auto later = with_status(pod("later", "", {{{"cpu", "3"}}}), "  nominatedNodeName: b\n");
    auto pl = place(nodes, first + later);
    REQUIRE(pl.size() == 2);
    CHECK(pl[0].pod == "default/first");
    CHECK(pl[0].node == -1);
    CHECK(pl[0].message == "0/2 nodes are available: 2 Insufficient cpu.");
    CHECK(pl[1].node == 1);
    SECTION("a lower-priority nominated pod reserves nothing") {
        auto low = with_status(pod("later", "", {{{"cpu", "3"}}}, "  priority: -1\n"),
                               "  nominatedNodeName: b\n");
        auto placed = place(nodes, first + low);
        CHECK(placed[0].node == 1);
        CHECK(placed[1].node == -1);
    }
}

TEST_CASE("export: --kubernetes-version reaches the cluster loader", "[sched][export]") {
    // Pod-level spec.resources (PodLevelResources) count from 1.34 only.
    auto n = node("worker", {{"cpu", "2"}});
    auto pod_level = pod("p", "", {{}}, "  resources:\n    requests:\n      cpu: \"3\"\n");
    corral::k8s::LoadOptions options;
    for (int minor : {33, 34}) {
        Cluster c;
        options.minor = minor;
        options.pods_only = true;
        load_cluster_file({"pods.yaml", pod_level}, c, options);
        CHECK(c.pending.at(0).request(kCpu) == (minor == 34 ? 3000 : 0));
    }
}

TEST_CASE("run_simulate: --kubernetes-version decides whether pod-level requests count",
          "[sched][export]") {
    auto dir = std::filesystem::temp_directory_path() / "corral-sched-run-test";
    std::filesystem::create_directories(dir);
    auto write = [&](const char* name, const std::string& text) {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    };
    SimulateRequest request;
    request.cluster = {write("cluster.yaml", node("worker", {{"cpu", "2"}}))};
    request.pods = {
        write("pods.yaml", pod("p", "", {{}}, "  resources:\n    requests:\n      cpu: \"3\"\n"))};
    request.kubernetes_version = "1.33";
    // run_simulate builds only the format printed (as lint_report does): JSON, then text.
    corral::output_settings().format = corral::Format::json;
    auto before = run_simulate(request);
    CHECK(before.data["placements"][0]["node"] == "worker");
    CHECK(before.text.empty());
    request.kubernetes_version = "1.34";
    auto after = run_simulate(request);
    CHECK(after.data["placements"][0]["node"].is_null());
    corral::output_settings().format = corral::Format::text;
    auto after_text = run_simulate(request);
    CHECK(after_text.text.find("Insufficient cpu") != std::string::npos);
    CHECK(after_text.data.empty());
    std::filesystem::remove_all(dir);
}
