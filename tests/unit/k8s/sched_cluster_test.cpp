// Loading Nodes/Pods (YAML, JSON, kubectl lists) with file:line errors, pod request arithmetic
// (resourcehelper.PodRequests incl. sidecars and overhead), and the NodeResourcesFit filter with
// kube-scheduler's unschedulable message (fit_test.go TestEnoughRequests, FitError.Error()).
#include "sched_helpers.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using namespace sched_test;

namespace {
Cluster load(const std::string& text) {
    Cluster c;
    load_cluster_file({"c.yaml", text}, c);
    finish_cluster(c);
    return c;
}
std::string error_of(const std::string& text) {
    try {
        load(text);
    } catch (const corral::Error& e) {
        CHECK(e.exit_code() == 3);
        return e.what();
    }
    return "";
}
} // namespace

TEST_CASE("cluster: YAML, JSON and kubectl List objects", "[sched][cluster]") {
    auto c = load(node("n1", {{"cpu", "2"}, {"memory", "1Gi"}}) +
                  "---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  "
                  "metadata: {name: a, namespace: x}\n"
                  "  spec: {nodeName: n1, containers: [{name: c, image: i, resources: {requests: "
                  "{cpu: 100m}}}]}\n"
                  "- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec: {containers: "
                  "[{name: c, image: i}]}\n");
    REQUIRE(c.nodes.size() == 1);
    REQUIRE(c.bound.size() == 1);
    REQUIRE(c.pending.size() == 1);
    CHECK(c.bound[0].key() == "x/a");
    CHECK(c.bound[0].request(kCpu) == 100);
    auto j = load(
        R"({"apiVersion":"v1","kind":"NodeList","items":[{"metadata":{"name":"j1"},"status":{"allocatable":{"cpu":"1.5","memory":"1.5Gi","pods":"10"}}}]})");
    REQUIRE(j.nodes.size() == 1);
    CHECK(j.nodes[0].allocatable[0] == std::make_pair(int(kCpu), std::int64_t{1500}));
}

TEST_CASE("cluster: pod requests (PodRequests, non-zero defaults, sidecars, overhead)",
          "[sched][cluster]") {
    auto c = load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  overhead: {cpu: 10m}\n "
                  " initContainers:\n"
                  "  - {name: init, image: i, resources: {requests: {cpu: '2', memory: 1Gi}}}\n"
                  "  - {name: sidecar, image: i, restartPolicy: Always, resources: {requests: "
                  "{cpu: 200m, memory: 100Mi}}}\n"
                  "  containers:\n  - {name: a, image: i, resources: {requests: {cpu: 500m}}}\n  - "
                  "{name: b, image: i, resources: {limits: {memory: 300Mi}}}\n");
    const Pod& p = c.pending.at(0);
    // containers 500m + sidecar 200m = 700m; the plain init container needs 2 -> max 2000m; + 10m
    // overhead
    CHECK(p.request(kCpu) == 2010);
    // memory: 300Mi (limits default requests) + 100Mi = 400Mi vs init 1Gi -> 1Gi
    CHECK(p.request(kMemory) == 1024LL * 1024 * 1024);
    // non-zero: container a lacks memory -> +200Mi: 200+300+100 = 600Mi, still below the init 1Gi
    CHECK(p.nonzero_memory == 1024LL * 1024 * 1024);
    CHECK(p.nonzero_cpu == 2010);
    auto empty = load(pod("e", "", {{}, {}}));
    CHECK(empty.pending[0].nonzero_cpu == 200);
    CHECK(empty.pending[0].nonzero_memory == 2 * 200LL * 1024 * 1024);
    CHECK(empty.pending[0].requests.empty());
}

TEST_CASE("cluster: bad input names file, line and field (exit 3)", "[sched][cluster]") {
    CHECK(error_of(node("n1", {{"cpu", "1.5.5"}})) ==
          "c.yaml:8:10: status.allocatable.cpu: quantities must match the regular expression "
          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    CHECK(error_of(pod("p", "", {{{"cpu", "-1"}}})) ==
          "c.yaml:12:14: spec.containers[0].resources.requests.cpu: must be greater than or equal "
          "to 0");
    CHECK(error_of("apiVersion: v1\nkind: Node\nmetadata: {name: bare}\nstatus: {}\n") ==
          "c.yaml:4:9: status.allocatable: Required value: node \"bare\" has neither "
          "status.allocatable nor status.capacity");
    CHECK(error_of(node("n1", {{"cpu", "1"}}) + node("n1", {{"cpu", "1"}}))
              .find("Duplicate value: node \"n1\"") != std::string::npos);
    CHECK(error_of(node("n1", {{"cpu", "1"}}) + pod("p", "ghost", {})) ==
          "c.yaml:11: spec.nodeName: pod \"default/p\" is bound to node \"ghost\", which is not "
          "among the nodes");
    CHECK(
        error_of(pod("p", "", {}) + pod("p", "", {})).find("Duplicate value: pod \"default/p\"") !=
        std::string::npos);
    // capacity is the API server's default for allocatable
    auto c = load("apiVersion: v1\nkind: Node\nmetadata: {name: cap}\nstatus: {capacity: {cpu: "
                  "'4', pods: '10'}}\n");
    CHECK(c.nodes[0].allocatable.size() == 2);
}

namespace {
std::vector<Placement> place(const std::string& cl, const std::string& pending, int minor = 34) {
    Cluster c = cluster(cl, pending);
    auto cfg = build_sim_config(default_scheduler_config(), minor);
    SimOptions opt;
    opt.minor = minor;
    return simulate(c, cfg, opt).placements;
}
} // namespace

// fit_test.go TestEnoughRequests (filter reasons) rendered through FitError.Error().
TEST_CASE("Fit filter: upstream TestEnoughRequests and the FitError message",
          "[sched][fit-filter]") {
    auto n = node("machine1",
                  {{"cpu", "10m"}, {"memory", "20"}, {"pods", "32"}, {"example.com/aaa", "5"}});
    SECTION("no resources requested always fits") {
        CHECK(place(n, pod("p", "", {{}}))[0].node == 0);
    }
    SECTION("too many resources fails") {
        auto pl = place(n + pod("e", "machine1", {{{"cpu", "10m"}, {"memory", "20"}}}),
                        pod("p", "", {{{"cpu", "1m"}, {"memory", "1"}}}));
        CHECK(pl[0].node == -1);
        CHECK(pl[0].message ==
              "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.");
    }
    SECTION("too many resources fails due to init container cpu") {
        auto p =
            "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: "
            "i, image: i, resources: {requests: {cpu: 3m, memory: 1}}}]\n"
            "  containers: [{name: c, image: i, resources: {requests: {cpu: 1m, memory: 1}}}]\n";
        CHECK(place(n + pod("e", "machine1", {{{"cpu", "8m"}, {"memory", "19"}}}), p)[0].message ==
              "0/1 nodes are available: 1 Insufficient cpu.");
    }
    SECTION("equal edge case") {
        CHECK(place(n + pod("e", "machine1", {{{"cpu", "5m"}, {"memory", "19"}}}),
                    pod("p", "", {{{"cpu", "5m"}, {"memory", "1"}}}))[0]
                  .node == 0);
    }
    SECTION("extended resource capacity enforced") {
        CHECK(place(n, pod("p", "", {{{"example.com/aaa", "10"}}}))[0].message ==
              "0/1 nodes are available: 1 Insufficient example.com/aaa.");
    }
    SECTION("extended resource allocatable enforced for unknown resource") {
        CHECK(place(n, pod("p", "", {{{"example.com/bbb", "1"}}}))[0].message ==
              "0/1 nodes are available: 1 Insufficient example.com/bbb.");
    }
    SECTION("resources + pod count fails") {
        auto small = node("machine1", {{"cpu", "10m"}, {"memory", "20"}, {"pods", "1"}});
        CHECK(
            place(small + pod("e", "machine1", {{{"cpu", "10m"}, {"memory", "20"}}}),
                  pod("p", "", {{{"cpu", "1m"}, {"memory", "1"}}}))[0]
                .message ==
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods.");
    }
}

TEST_CASE("simulate: two nodes with one free GPU each cannot place a 2-GPU pod", "[sched][e2e]") {
    auto g = [](const char* name) {
        return node(name, {{"cpu", "8"}, {"memory", "32Gi"}, {"nvidia.com/gpu", "2"}});
    };
    std::string cl = g("gpu-a") + g("gpu-b") + pod("x", "gpu-a", {{{"nvidia.com/gpu", "1"}}}) +
                     pod("y", "gpu-b", {{{"nvidia.com/gpu", "1"}}});
    auto pl = place(cl, pod("big", "", {{{"nvidia.com/gpu", "2"}}}));
    CHECK(pl[0].node == -1);
    CHECK(pl[0].message == "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.");
    CHECK(pl[0].reasons == std::vector<std::string>{"2 Insufficient nvidia.com/gpu"});
}

TEST_CASE("simulate: taint, affinity, unschedulable and port reasons", "[sched][filters]") {
    std::string taint = node("t", {{"cpu", "1"}});
    taint.replace(taint.find("status:"), 0,
                  "spec:\n  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]\n");
    std::string cordoned = node("u", {{"cpu", "1"}});
    cordoned.replace(cordoned.find("status:"), 0, "spec:\n  unschedulable: true\n");
    auto p = pod("p", "", {{}}, "  nodeSelector: {disk: ssd}\n");
    CHECK(place(taint + cordoned, pod("p", "", {{}}))[0].message ==
          "0/2 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were "
          "unschedulable.");
    CHECK(place(taint + cordoned, pod("p", "", {{}}), 33)[0].message ==
          "0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) "
          "were unschedulable.");
    CHECK(place(node("a", {{"cpu", "1"}}), p)[0].message ==
          "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.");
    std::string hp =
        "  containers: [{name: c, image: i, ports: [{containerPort: 80, hostPort: 8080}]}]\n";
    auto port_pod = [&](const char* name, const char* node_name) {
        return std::string("---\napiVersion: v1\nkind: Pod\nmetadata: {name: ") + name +
               "}\nspec:\n" + (node_name[0] ? std::string("  nodeName: ") + node_name + "\n" : "") +
               hp;
    };
    CHECK(place(node("a", {{"cpu", "1"}}) + port_pod("e", "a"), port_pod("p", ""))[0].message ==
          "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.");
}

// run_simulate streams each file through load_cluster_text with InputView::release_before: the
// offsets it is given only grow within a pass and never pass the end, the result is the one of the
// whole-text reader, and nothing kept points into the text (the test overwrites it afterwards).
// (InputView::release_before takes a smaller offset as the start of a new pass.)
TEST_CASE("cluster: a streamed file is released behind the loader", "[sched][cluster]") {
    std::string list = "apiVersion: v1\nkind: List\nitems:\n";
    for (int i = 0; i < 40; ++i) {
        list += "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p" + std::to_string(i) +
                "\n    namespace: ns" + std::to_string(i % 3) +
                "\n    labels: {app: web}\n  spec:\n    containers:\n    - name: c\n      image: "
                "i\n";
    }
    std::string json = R"({"kind": "List", "items": [)";
    for (int i = 0; i < 40; ++i) {
        json += std::string(i ? "," : "") + "\n{\"kind\": \"Node\", \"metadata\": {\"name\": \"n" +
                std::to_string(i) +
                "\", \"labels\": {\"zone\": \"z\"}}, \"status\": {\"allocatable\": {\"cpu\": "
                "\"2\"}}}";
    }
    json += "\n]}\n";
    std::string stream = node("a", {{"cpu", "1"}}) + "---\n" + node("b", {{"cpu", "2"}});
    for (const std::string* text : {&list, &json, &stream}) {
        std::string owned = *text;
        std::vector<std::size_t> offsets;
        Cluster streamed;
        load_cluster_text("f.yaml", owned, streamed, {},
                          [&](std::size_t offset) { offsets.push_back(offset); });
        Cluster whole;
        load_cluster_file({"f.yaml", *text}, whole);
        REQUIRE_FALSE(offsets.empty());
        // Two passes at most: the UTF-8 check, then the objects.
        std::size_t passes = 1;
        for (std::size_t i = 1; i < offsets.size(); ++i) {
            passes += offsets[i] < offsets[i - 1] ? 1 : 0;
        }
        CHECK(passes <= 2);
        CHECK(offsets.back() <= owned.size());
        CHECK(offsets.back() * 2 > owned.size()); // released as far as the last item
        std::fill(owned.begin(), owned.end(), 'x');
        REQUIRE(streamed.nodes.size() == whole.nodes.size());
        REQUIRE(streamed.pending.size() == whole.pending.size());
        for (std::size_t i = 0; i < whole.nodes.size(); ++i) {
            CHECK(streamed.nodes[i].name == whole.nodes[i].name);
            CHECK(streamed.nodes[i].labels == whole.nodes[i].labels);
            CHECK(streamed.nodes[i].allocatable == whole.nodes[i].allocatable);
            CHECK(streamed.nodes[i].line == whole.nodes[i].line);
        }
        for (std::size_t i = 0; i < whole.pending.size(); ++i) {
            CHECK(streamed.pending[i].key() == whole.pending[i].key());
            CHECK(streamed.pending[i].labels == whole.pending[i].labels);
            CHECK(streamed.pending[i].images == whole.pending[i].images);
            CHECK(streamed.pending[i].line == whole.pending[i].line);
        }
    }
}
