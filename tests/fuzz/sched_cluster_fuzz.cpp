// libFuzzer target: Node/Pod loading for `sched simulate` (YAML/JSON, Lists, quantities) and a
// simulation of what loaded. Must never crash, hang or allocate without bound; bad input is
// corral::Error only.
#include "core/error.hpp"
#include "k8s/quantity.hpp"
#include "k8s/sched/cluster.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/sim.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)corral::k8s::parse_quantity(text.substr(0, 64));
    try {
        corral::k8s::Cluster cluster;
        corral::k8s::load_cluster_file({"fuzz.yaml", text}, cluster);
        corral::k8s::finish_cluster(cluster);
        if (cluster.nodes.size() * (cluster.pending.size() + cluster.bound.size()) < 200000) {
            auto cfg = corral::k8s::build_sim_config(corral::k8s::default_scheduler_config(), 34);
            (void)corral::k8s::simulate(cluster, cfg, corral::k8s::SimOptions{});
        }
    } catch (const corral::Error&) {
    }
    return 0;
}
