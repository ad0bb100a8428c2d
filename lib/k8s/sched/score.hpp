// kube-scheduler's score arithmetic as pure functions (pkg/scheduler/framework/plugins/...),
// shared by the fast simulator, the reference path and the table tests.
#pragma once

#include "k8s/sched/config.hpp"

#include <cstdint>
#include <vector>

namespace corral::k8s {

constexpr std::int64_t kMaxNodeScore = 100;
constexpr std::int64_t kMaxCustomPriorityScore = 10;

// helper.BuildBrokenLinearFunction over (utilization, score) points; integer truncation.
std::int64_t broken_linear(const std::vector<ShapePoint>& shape, std::int64_t p);

// noderesources: per-resource scores and the weighted combinations. `requested` and `allocatable`
// are per configured resource; an allocatable of 0 marks a skipped resource.
std::int64_t least_requested_score(std::int64_t requested, std::int64_t capacity);
std::int64_t most_requested_score(std::int64_t requested, std::int64_t capacity);
std::int64_t least_allocated(const std::vector<std::int64_t>& requested,
                             const std::vector<std::int64_t>& allocatable,
                             const std::vector<ResourceSpec>& resources);
std::int64_t most_allocated(const std::vector<std::int64_t>& requested,
                            const std::vector<std::int64_t>& allocatable,
                            const std::vector<ResourceSpec>& resources);
// `shape` as configured (scores 0..10); scaled x10 inside.
std::int64_t requested_to_capacity_ratio(const std::vector<std::int64_t>& requested,
                                         const std::vector<std::int64_t>& allocatable,
                                         const std::vector<ResourceSpec>& resources,
                                         const std::vector<ShapePoint>& shape);
std::int64_t balanced_allocation(const std::vector<std::int64_t>& requested,
                                 const std::vector<std::int64_t>& allocatable);

// helper.DefaultNormalizeScore(MaxNodeScore, reverse, scores).
void default_normalize(std::vector<std::int64_t>& scores, bool reverse);
// PodTopologySpread NormalizeScore; ignored[i] nodes end at 0.
void spread_normalize(std::vector<std::int64_t>& scores, const std::vector<bool>& ignored);

// ImageLocality calculatePriority.
std::int64_t image_locality_priority(std::int64_t sum_scores, int num_containers);

// selectHost's reservoir sampling draws rand.Intn(k) == 0 for k = 2, 3, ... ties: one 64-bit
// division per tied node, the simulator's hottest instruction when thousands of nodes tie. This
// answers `x % k == 0` exactly without dividing (Lemire, Kaser, Kurz, "Faster remainder by direct
// computation", 2019: x is divisible by k iff x * c mod 2^128 < c, c = ceil(2^128 / k)), from a
// table built once for k = 2 .. max_k; other k divide as before.
class DivisibilityTable {
public:
    explicit DivisibilityTable(std::uint64_t max_k = 0);
    bool divides(std::uint64_t k, std::uint64_t x) const {
        if (k < 2 || k >= m_lo.size()) {
            return x % k == 0;
        }
        // c * x mod 2^128, c = hi:lo
        __extension__ using u128 = unsigned __int128;
        u128 product = static_cast<u128>(m_lo[k]) * x;
        product += static_cast<u128>(m_hi[k] * x) << 64;
        u128 c = (static_cast<u128>(m_hi[k]) << 64) | m_lo[k];
        return product < c;
    }

private:
    std::vector<std::uint64_t> m_lo, m_hi;
};

// schedule_one.go numFeasibleNodesToFind.
std::int32_t num_feasible_nodes_to_find(std::optional<std::int32_t> profile_percentage,
                                        std::int32_t global_percentage, std::int32_t num_all_nodes);

} // namespace corral::k8s
