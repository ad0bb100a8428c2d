// In-tree kube-scheduler plugins per Kubernetes minor version: which extension points each one
// implements (from the `var _ framework.XPlugin` assertions) and the default MultiPoint list
// (pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace corral::k8s {

// Extension points in the order of config.Plugins' fields.
enum class Point : int {
    pre_enqueue,
    queue_sort,
    pre_filter,
    filter,
    post_filter,
    pre_score,
    score,
    reserve,
    permit,
    pre_bind,
    bind,
    post_bind,
    multi_point,
    count
};
const char* point_field(Point p);     // "queueSort"
const char* point_type_name(Point p); // "QueueSortPlugin"

struct PluginInfo {
    const char* name;
    std::uint32_t points; // bit per Point
    int default_weight;   // in the default MultiPoint list (0: none / not a default)
    bool is_default;
    bool implements(Point p) const { return points & (1u << static_cast<int>(p)); }
};

// Supported versions: 31..34 (minor of 1.x).
bool supported_minor(int minor);
const std::vector<PluginInfo>& plugins_for(int minor);
const PluginInfo* find_plugin(int minor, const std::string& name);
const std::vector<std::string>& plugin_names(int minor);

// Plugins that were removed or replaced, with the replacement advice and, when there is one
// mechanical change, the fix (Finding::fix; nullptr when there is none).
struct RemovedPlugin {
    const char* name;
    const char* advice;
    const char* fix;
    bool migrated; // sched lint --fix (migrate_config) makes the fix
};
const RemovedPlugin* find_removed_plugin(const std::string& name);

} // namespace corral::k8s
