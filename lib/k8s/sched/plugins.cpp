#include "k8s/sched/plugins.hpp"

#include <string_view>
#include <unordered_map>

namespace corral::k8s {

namespace {
constexpr std::uint32_t bit(Point p) {
    return 1u << static_cast<int>(p);
}
using P = Point;
constexpr std::uint32_t kPreEnqueue = bit(P::pre_enqueue), kQueueSort = bit(P::queue_sort),
                        kPreFilter = bit(P::pre_filter), kFilter = bit(P::filter),
                        kPostFilter = bit(P::post_filter), kPreScore = bit(P::pre_score),
                        kScore = bit(P::score), kReserve = bit(P::reserve),
                        kPermit = bit(P::permit), kPreBind = bit(P::pre_bind), kBind = bit(P::bind),
                        kPostBind = bit(P::post_bind);

std::vector<PluginInfo> build(int minor) {
    std::vector<PluginInfo> v = {
        {"SchedulingGates", kPreEnqueue, 0, true},
        {"PrioritySort", kQueueSort, 0, true},
        {"NodeUnschedulable", kFilter, 0, true},
        {"NodeName", kFilter, 0, true},
        {"TaintToleration", kFilter | kPreScore | kScore, 3, true},
        {"NodeAffinity", kPreFilter | kFilter | kPreScore | kScore, 2, true},
        {"NodePorts", kPreFilter | kFilter, 0, true},
        {"NodeResourcesFit", kPreFilter | kFilter | kPreScore | kScore, 1, true},
        {"VolumeRestrictions", kPreFilter | kFilter, 0, true},
        {"NodeVolumeLimits", kPreFilter | kFilter, 0, true},
        {"VolumeBinding", kPreFilter | kFilter | kReserve | kPreBind | kPreScore | kScore, 0, true},
        {"VolumeZone", kPreFilter | kFilter, 0, true},
        {"PodTopologySpread", kPreFilter | kFilter | kPreScore | kScore, 2, true},
        {"InterPodAffinity", kPreFilter | kFilter | kPreScore | kScore, 2, true},
        {"DefaultPreemption", kPostFilter | kPreEnqueue, 0, true},
        {"NodeResourcesBalancedAllocation", kPreScore | kScore, 1, true},
        {"ImageLocality", kScore, 1, true},
        {"DefaultBinder", kBind, 0, true},
        // DynamicResources joins the defaults when its feature gate is on (default on from 1.34).
        {"DynamicResources", kPreEnqueue | kPreFilter | kFilter | kPostFilter | kReserve | kPreBind,
         0, minor >= 34},
    };
    if (minor <= 32) {
        // Deprecated in 1.31 (PR #124500), still registered until the code went (absent in 1.33).
        for (const char* n : {"AzureDiskLimits", "CinderLimits", "EBSLimits", "GCEPDLimits"}) {
            v.push_back({n, kPreFilter | kFilter, 0, false});
        }
    }
    (void)kPermit;
    (void)kPostBind;
    return v;
}
} // namespace

const char* point_field(Point p) {
    static const char* names[] = {"preEnqueue", "queueSort", "preFilter", "filter", "postFilter",
                                  "preScore",   "score",     "reserve",   "permit", "preBind",
                                  "bind",       "postBind",  "multiPoint"};
    return names[static_cast<int>(p)];
}

const char* point_type_name(Point p) {
    static const char* names[] = {"PreEnqueuePlugin", "QueueSortPlugin",  "PreFilterPlugin",
                                  "FilterPlugin",     "PostFilterPlugin", "PreScorePlugin",
                                  "ScorePlugin",      "ReservePlugin",    "PermitPlugin",
                                  "PreBindPlugin",    "BindPlugin",       "PostBindPlugin",
                                  "MultiPoint"};
    return names[static_cast<int>(p)];
}

bool supported_minor(int minor) {
    return minor >= 31 && minor <= 34;
}

const std::vector<PluginInfo>& plugins_for(int minor) {
    static const std::vector<PluginInfo> v31 = build(31), v32 = build(32), v33 = build(33),
                                         v34 = build(34);
    switch (minor) {
    case 31:
        return v31;
    case 32:
        return v32;
    case 33:
        return v33;
    default:
        return v34;
    }
}

const PluginInfo* find_plugin(int minor, const std::string& name) {
    // Looked up for every plugin of every profile (sched lint of 1,000 profiles: ~100k times).
    using Index = std::unordered_map<std::string_view, const PluginInfo*>;
    auto index = [](int m) {
        Index out;
        for (const auto& p : plugins_for(m)) {
            out.emplace(p.name, &p); // the first of a name, as the linear search found it
        }
        return out;
    };
    static const Index v31 = index(31), v32 = index(32), v33 = index(33), v34 = index(34);
    const Index& table = minor == 31 ? v31 : minor == 32 ? v32 : minor == 33 ? v33 : v34;
    auto it = table.find(name);
    return it == table.end() ? nullptr : it->second;
}

const std::vector<std::string>& plugin_names(int minor) {
    auto names = [](int m) {
        std::vector<std::string> out;
        for (const auto& p : plugins_for(m)) {
            out.emplace_back(p.name);
        }
        return out;
    };
    static const std::vector<std::string> v31 = names(31), v32 = names(32), v33 = names(33),
                                          v34 = names(34);
    return minor == 31 ? v31 : minor == 32 ? v32 : minor == 33 ? v33 : v34;
}

const RemovedPlugin* find_removed_plugin(const std::string& name) {
    static const RemovedPlugin removed[] = {
        {"SelectorSpread",
         "SelectorSpread was removed (not allowed in v1, code gone in 1.29); PodTopologySpread "
         "with its system default constraints spreads by hostname and zone instead",
         "remove SelectorSpread", true},
        {"NodeResourcesLeastAllocated",
         "NodeResourcesLeastAllocated was replaced in v1beta2 by NodeResourcesFit with "
         "scoringStrategy.type LeastAllocated",
         "remove NodeResourcesLeastAllocated and set NodeResourcesFit's "
         "args.scoringStrategy.type to LeastAllocated, with its resources",
         true},
        {"NodeResourcesMostAllocated",
         "NodeResourcesMostAllocated was replaced in v1beta2 by NodeResourcesFit with "
         "scoringStrategy.type MostAllocated",
         "remove NodeResourcesMostAllocated and set NodeResourcesFit's "
         "args.scoringStrategy.type to MostAllocated, with its resources",
         true},
        {"RequestedToCapacityRatio",
         "RequestedToCapacityRatio was replaced in v1beta2 by NodeResourcesFit with "
         "scoringStrategy.type RequestedToCapacityRatio",
         "remove RequestedToCapacityRatio and set NodeResourcesFit's args.scoringStrategy.type "
         "to RequestedToCapacityRatio, with its shape and resources",
         true},
        {"NodeLabel", "NodeLabel was removed in v1beta2; use NodeAffinity (addedAffinity)",
         "remove NodeLabel", true},
        {"ServiceAffinity", "ServiceAffinity was removed in v1beta2; use InterPodAffinity",
         "remove ServiceAffinity", true},
        {"NodePreferAvoidPods", "NodePreferAvoidPods was removed in v1beta2",
         "remove NodePreferAvoidPods", true},
        {"NodeResourcesFitArgs",
         "NodeResourcesFitArgs is an args type; the plugin is NodeResourcesFit",
         "rename to \"NodeResourcesFit\"", false},
    };
    for (const auto& r : removed) {
        if (name == r.name) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace corral::k8s
