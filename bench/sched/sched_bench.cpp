// scheduler_perf "SchedulingBasic" shape for `sched simulate`: 5,000 nodes (4 cpu, 32Gi, 110
// pods), 1,000 bound pods, 10,000 pending pods requesting 100m/500Mi; prints pods/s and peak
// RSS. Also times percentageOfNodesToScore 100 and a 150,000-pod run for memory.
// Usage: sched_bench [nodes] [bound] [pending]
#include "k8s/sched/config.hpp"
#include "k8s/sched/model.hpp"
#include "k8s/sched/sim.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

using namespace corral::k8s;

namespace {

// The synthetic generator: nodes spread over 3 zones like scheduler_perf's node template.
Cluster generate(int nodes, int bound, int pending) {
    Cluster c;
    c.nodes.reserve(nodes);
    for (int i = 0; i < nodes; ++i) {
        Node n;
        n.name = "node-" + std::to_string(i);
        n.labels = {{"kubernetes.io/hostname", n.name},
                    {"topology.kubernetes.io/zone", "zone-" + std::to_string(i % 3)}};
        n.allocatable = {{kCpu, 4000}, {kMemory, 32LL << 30}, {kPods, 110}};
        c.nodes.push_back(std::move(n));
    }
    auto make_pod = [](const std::string& name) {
        Pod p;
        p.name = name;
        p.requests = {{kCpu, 100}, {kMemory, 500LL << 20}};
        p.nonzero_cpu = 100;
        p.nonzero_memory = 500LL << 20;
        p.images = {"registry.k8s.io/pause:3.10"};
        p.num_containers = 1;
        p.priority = 0;
        return p;
    };
    c.bound.reserve(bound);
    for (int i = 0; i < bound; ++i) {
        Pod p = make_pod("bound-" + std::to_string(i));
        p.node_name = c.nodes[i % nodes].name;
        c.bound.push_back(std::move(p));
    }
    c.pending.reserve(pending);
    for (int i = 0; i < pending; ++i)
        c.pending.push_back(make_pod("pending-" + std::to_string(i)));
    return c;
}

double peak_rss_mb() {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double run(const Cluster& c, std::optional<int> pct, const char* label) {
    SchedulerConfiguration cfg = default_scheduler_config();
    cfg.percentage = pct;
    SimConfig sim = build_sim_config(cfg, 34);
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    SimResult r = simulate(c, sim, SimOptions{});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::size_t placed = 0;
    for (const auto& p : r.placements)
        placed += p.node >= 0;
    double rate = static_cast<double>(c.pending.size()) / secs;
    // On a shared machine wall time includes waiting for a core; CPU time is the one-core figure.
    std::printf("%-52s %7zu pods %7zu placed  wall %7.3f s (%8.0f pods/s)  cpu %7.3f s (%8.0f "
                "pods/s)  peak RSS %6.1f MB\n",
                label, c.pending.size(), placed, secs, rate, cpu,
                static_cast<double>(c.pending.size()) / cpu, peak_rss_mb());
    return rate;
}

} // namespace

int main(int argc, char** argv) {
    int nodes = argc > 1 ? std::atoi(argv[1]) : 5000;
    int bound = argc > 2 ? std::atoi(argv[2]) : 1000;
    int pending = argc > 3 ? std::atoi(argv[3]) : 10000;
    bool big = argc <= 1;
    {
        Cluster c = generate(nodes, bound, pending);
        run(c, std::nullopt, "SchedulingBasic, adaptive sampling (target 50k)");
        run(c, 100, "SchedulingBasic, percentageOfNodesToScore 100 (10k)");
    }
    if (big) {
        Cluster c = generate(nodes, bound, 150000);
        run(c, std::nullopt, "5000 nodes, 150000 pods (RSS target 300 MB)");
    }
    std::printf("kube-scheduler CI floor for SchedulingBasic 5000Nodes_10000Pods: 680 pods/s\n");
    return 0;
}
