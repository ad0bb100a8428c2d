#include "k8s/sched/score.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace corral::k8s {

std::int64_t broken_linear(const std::vector<ShapePoint>& shape, std::int64_t p) {
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (p <= shape[i].utilization) {
            if (i == 0) {
                return shape[0].score;
            }
            return shape[i - 1].score + (shape[i].score - shape[i - 1].score) *
                                            (p - shape[i - 1].utilization) /
                                            (shape[i].utilization - shape[i - 1].utilization);
        }
    }
    return shape.empty() ? 0 : shape.back().score;
}

std::int64_t least_requested_score(std::int64_t requested, std::int64_t capacity) {
    if (capacity == 0) {
        return 0;
    }
    if (requested > capacity) {
        return 0;
    }
    return (capacity - requested) * kMaxNodeScore / capacity;
}

std::int64_t most_requested_score(std::int64_t requested, std::int64_t capacity) {
    if (capacity == 0) {
        return 0;
    }
    if (requested > capacity) {
        requested = capacity;
    }
    return requested * kMaxNodeScore / capacity;
}

namespace {
template <typename F>
std::int64_t weighted_floor(const std::vector<std::int64_t>& requested,
                            const std::vector<std::int64_t>& allocatable,
                            const std::vector<ResourceSpec>& resources, F f) {
    std::int64_t node_score = 0, weight_sum = 0;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        if (allocatable[i] == 0) {
            continue;
        }
        node_score += f(requested[i], allocatable[i]) * resources[i].weight;
        weight_sum += resources[i].weight;
    }
    return weight_sum == 0 ? 0 : node_score / weight_sum;
}
} // namespace

std::int64_t least_allocated(const std::vector<std::int64_t>& requested,
                             const std::vector<std::int64_t>& allocatable,
                             const std::vector<ResourceSpec>& resources) {
    return weighted_floor(requested, allocatable, resources, least_requested_score);
}

std::int64_t most_allocated(const std::vector<std::int64_t>& requested,
                            const std::vector<std::int64_t>& allocatable,
                            const std::vector<ResourceSpec>& resources) {
    return weighted_floor(requested, allocatable, resources, most_requested_score);
}

std::int64_t requested_to_capacity_ratio(const std::vector<std::int64_t>& requested,
                                         const std::vector<std::int64_t>& allocatable,
                                         const std::vector<ResourceSpec>& resources,
                                         const std::vector<ShapePoint>& shape) {
    std::vector<ShapePoint> scaled;
    scaled.reserve(shape.size());
    for (const auto& p : shape) {
        scaled.push_back({p.utilization, p.score * (kMaxNodeScore / kMaxCustomPriorityScore)});
    }
    std::int64_t node_score = 0, weight_sum = 0;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        if (allocatable[i] == 0) {
            continue;
        }
        std::int64_t u = requested[i] > allocatable[i] ? 100 : requested[i] * 100 / allocatable[i];
        std::int64_t s = broken_linear(scaled, u);
        if (s > 0) {
            node_score += s * resources[i].weight;
            weight_sum += resources[i].weight;
        }
    }
    if (weight_sum == 0) {
        return 0;
    }
    // math.Round: half away from zero (Least/Most floor instead).
    return static_cast<std::int64_t>(
        std::round(static_cast<double>(node_score) / static_cast<double>(weight_sum)));
}

std::int64_t balanced_allocation(const std::vector<std::int64_t>& requested,
                                 const std::vector<std::int64_t>& allocatable) {
    double fractions[64];
    std::size_t n = 0;
    double total = 0;
    std::vector<double> more;
    for (std::size_t i = 0; i < requested.size(); ++i) {
        if (allocatable[i] == 0) {
            continue;
        }
        double f = static_cast<double>(requested[i]) / static_cast<double>(allocatable[i]);
        if (f > 1) {
            f = 1;
        }
        total += f;
        if (n < 64) {
            fractions[n] = f;
        } else {
            more.push_back(f);
        }
        ++n;
    }
    auto at = [&](std::size_t i) { return i < 64 ? fractions[i] : more[i - 64]; };
    double std_dev = 0;
    if (n == 2) {
        std_dev = std::abs((at(0) - at(1)) / 2);
    } else if (n > 2) {
        double mean = total / static_cast<double>(n);
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += (at(i) - mean) * (at(i) - mean);
        }
        std_dev = std::sqrt(sum / static_cast<double>(n));
    }
    return static_cast<std::int64_t>((1 - std_dev) * static_cast<double>(kMaxNodeScore));
}

void default_normalize(std::vector<std::int64_t>& scores, bool reverse) {
    std::int64_t max = 0;
    for (auto s : scores) {
        max = std::max(max, s);
    }
    if (max == 0) {
        if (reverse) {
            for (auto& s : scores) {
                s = kMaxNodeScore;
            }
        }
        return;
    }
    for (auto& s : scores) {
        s = kMaxNodeScore * s / max;
        if (reverse) {
            s = kMaxNodeScore - s;
        }
    }
}

void spread_normalize(std::vector<std::int64_t>& scores, const std::vector<bool>& ignored) {
    std::int64_t min = std::numeric_limits<std::int64_t>::max(), max = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (ignored[i]) {
            continue;
        }
        min = std::min(min, scores[i]);
        max = std::max(max, scores[i]);
    }
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (ignored[i]) {
            scores[i] = 0;
            continue;
        }
        if (max == 0) {
            scores[i] = kMaxNodeScore;
            continue;
        }
        scores[i] = kMaxNodeScore * (max + min - scores[i]) / max;
    }
}

std::int64_t image_locality_priority(std::int64_t sum, int num_containers) {
    constexpr std::int64_t mb = 1024 * 1024;
    constexpr std::int64_t min_threshold = 23 * mb, max_container_threshold = 1000 * mb;
    std::int64_t max_threshold = max_container_threshold * num_containers;
    if (sum < min_threshold) {
        sum = min_threshold;
    } else if (sum > max_threshold) {
        sum = max_threshold;
    }
    return kMaxNodeScore * (sum - min_threshold) / (max_threshold - min_threshold);
}

std::int32_t num_feasible_nodes_to_find(std::optional<std::int32_t> profile_percentage,
                                        std::int32_t global_percentage,
                                        std::int32_t num_all_nodes) {
    constexpr std::int32_t min_feasible = 100, min_percentage = 5;
    if (num_all_nodes < min_feasible) {
        return num_all_nodes;
    }
    std::int32_t percentage = profile_percentage ? *profile_percentage : global_percentage;
    if (percentage == 0) {
        percentage = 50 - num_all_nodes / 125;
        if (percentage < min_percentage) {
            percentage = min_percentage;
        }
    }
    std::int32_t n =
        static_cast<std::int32_t>(static_cast<std::int64_t>(num_all_nodes) * percentage / 100);
    return n < min_feasible ? min_feasible : n;
}

DivisibilityTable::DivisibilityTable(std::uint64_t max_k) {
    if (max_k < 2) {
        return;
    }
    __extension__ using u128 = unsigned __int128;
    m_lo.resize(max_k + 1);
    m_hi.resize(max_k + 1);
    for (std::uint64_t k = 2; k <= max_k; ++k) {
        u128 c = ~static_cast<u128>(0) / k + 1; // ceil(2^128 / k) for k >= 2
        m_lo[k] = static_cast<std::uint64_t>(c);
        m_hi[k] = static_cast<std::uint64_t>(c >> 64);
    }
}

} // namespace corral::k8s
