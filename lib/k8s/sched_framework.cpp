// The framework build kube-scheduler runs after validation (pkg/scheduler/framework/runtime/
// framework.go NewFramework, profile.NewMap): every enabled plugin exists and implements the
// extension point it is listed at, no plugin twice at one point, exactly one QueueSort and at least
// one Bind after MultiPoint expansion. Plus warnings for what kube-scheduler accepts but ignores or
// inverts: negative score weights, pluginConfig for plugins that are not enabled (kept as raw
// args upstream), disabled names that do not exist.
#include "k8s/sched_validation.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <set>

namespace corral::k8s {

void validate_framework(FindingList& out, const SchedulerConfiguration& cfg, int minor) {
    auto names = plugin_names(minor);
    for (std::size_t i = 0; i < cfg.profiles.size(); ++i) {
        const auto& prof = cfg.profiles[i];
        std::string path = "profiles[" + std::to_string(i) + "].plugins";
        bool plugin_errors = false;
        // Paths name the entry as the user wrote it (the merged list has defaults first).
        auto entry_path = [&](int k, const std::string& name, std::size_t merged_index,
                              const char* which = "enabled") {
            const auto& list = std::string(which) == "enabled" ? prof.user_plugins[k].enabled
                                                               : prof.user_plugins[k].disabled;
            std::size_t seen = 0;
            for (std::size_t u = 0; u < list.size(); ++u) {
                if (list[u].name == name) {
                    // the n-th occurrence in the merged list maps to the n-th in the user's list
                    std::size_t nth = 0;
                    const auto& merged = prof.plugins[k].enabled;
                    for (std::size_t m = 0; m < merged_index && m < merged.size(); ++m) {
                        nth += merged[m].name == name;
                    }
                    if (seen == nth) {
                        return path + "." + point_field(static_cast<Point>(k)) + "." + which + "[" +
                               std::to_string(u) + "]";
                    }
                    ++seen;
                }
            }
            return path + "." + point_field(static_cast<Point>(k)) + "." + which + "[" +
                   std::to_string(merged_index) + "]";
        };
        auto check_exists = [&](const std::string& name, const std::string& p,
                                Point point) -> const PluginInfo* {
            if (const PluginInfo* info = find_plugin(minor, name)) {
                return info;
            }
            plugin_errors = true;
            std::string msg = std::string(point == Point::multi_point ? "multipoint plugin"
                                                                      : point_type_name(point)) +
                              " " + json_quote(name) + " does not exist";
            if (const RemovedPlugin* r = find_removed_plugin(name)) {
                out.error(p, "RemovedPlugin",
                          msg + ": " + r->advice + " (sched lint --fix migrates it)");
            } else {
                std::string dym = did_you_mean(name, names);
                out.error(p, "PluginNotFound",
                          msg + (dym.empty() ? "" : ", did you mean " + json_quote(dym) + "?"));
            }
            return nullptr;
        };
        std::array<std::vector<std::string>, kPointCount> lists;
        for (int k = 0; k < kPointCount; ++k) {
            Point point = static_cast<Point>(k);
            const auto& set = prof.plugins[k];
            for (std::size_t e = 0; e < set.enabled.size(); ++e) {
                const auto& ref = set.enabled[e];
                std::string p = entry_path(k, ref.name, e);
                const PluginInfo* info = check_exists(ref.name, p, point);
                if (!info) {
                    continue;
                }
                if (point == Point::multi_point) {
                    continue;
                }
                if (!info->implements(point)) {
                    plugin_errors = true;
                    out.error(p, "PluginWrongExtensionPoint",
                              "plugin " + json_quote(ref.name) + " does not extend " +
                                  point_type_name(point) + " plugin");
                    continue;
                }
                if (std::find(lists[k].begin(), lists[k].end(), ref.name) != lists[k].end()) {
                    plugin_errors = true;
                    out.error(p, "PluginDuplicate",
                              "plugin " + json_quote(ref.name) + " already registered as " +
                                  json_quote(point_type_name(point)));
                    continue;
                }
                lists[k].push_back(ref.name);
            }
            for (std::size_t d = 0; d < set.disabled.size(); ++d) {
                const std::string& n = set.disabled[d].name;
                if (n == "*" || find_plugin(minor, n)) {
                    continue;
                }
                std::string p =
                    path + "." + point_field(point) + ".disabled[" + std::to_string(d) + "]";
                std::string dym = did_you_mean(n, names);
                out.warn(p, "PluginNotFound",
                         "disabled plugin " + json_quote(n) + " does not exist" +
                             (dym.empty() ? "" : ", did you mean " + json_quote(dym) + "?"));
            }
        }
        // MultiPoint duplicates
        std::set<std::string> mp;
        for (std::size_t e = 0;
             e < prof.plugins[static_cast<int>(Point::multi_point)].enabled.size(); ++e) {
            const auto& n = prof.plugins[static_cast<int>(Point::multi_point)].enabled[e].name;
            if (mp.count(n) && find_plugin(minor, n)) {
                plugin_errors = true;
                out.error(entry_path(static_cast<int>(Point::multi_point), n, e), "PluginDuplicate",
                          "plugin " + json_quote(n) + " already registered as \"MultiPoint\"");
            }
            mp.insert(n);
        }
        // weights
        for (int k : {static_cast<int>(Point::score), static_cast<int>(Point::multi_point)}) {
            for (std::size_t e = 0; e < prof.plugins[k].enabled.size(); ++e) {
                const auto& ref = prof.plugins[k].enabled[e];
                const PluginInfo* info = find_plugin(minor, ref.name);
                if (!info || !info->implements(Point::score) || !ref.weight) {
                    continue;
                }
                std::string p = entry_path(k, ref.name, e) + ".weight";
                if (*ref.weight < 0) {
                    out.warn(
                        p, "NegativeWeight",
                        "weight " + std::to_string(*ref.weight) + " of " + ref.name +
                            " is accepted by kube-scheduler but inverts the plugin's preference");
                }
            }
        }
        if (plugin_errors) {
            continue;
        }
        // Expanded lists: count queue sort / bind after MultiPoint expansion.
        auto expanded = [&](Point point) {
            int k = static_cast<int>(point);
            std::vector<std::string> out_list = lists[k];
            const auto& set = prof.plugins[k];
            bool all_disabled = false;
            std::set<std::string> disabled;
            for (const auto& d : set.disabled) {
                disabled.insert(d.name);
                all_disabled |= d.name == "*";
            }
            if (all_disabled) {
                return out_list;
            }
            std::vector<std::string> overrides, multi;
            for (const auto& ref : prof.plugins[static_cast<int>(Point::multi_point)].enabled) {
                const PluginInfo* info = find_plugin(minor, ref.name);
                if (!info || !info->implements(point) || disabled.count(ref.name)) {
                    continue;
                }
                if (std::find(out_list.begin(), out_list.end(), ref.name) != out_list.end()) {
                    overrides.push_back(ref.name);
                    continue;
                }
                if (std::find(multi.begin(), multi.end(), ref.name) == multi.end()) {
                    multi.push_back(ref.name);
                }
            }
            std::vector<std::string> result;
            for (const auto& n : out_list) {
                if (std::find(overrides.begin(), overrides.end(), n) != overrides.end()) {
                    result.push_back(n);
                }
            }
            for (const auto& n : multi) {
                result.push_back(n);
            }
            for (const auto& n : out_list) {
                if (std::find(overrides.begin(), overrides.end(), n) == overrides.end()) {
                    result.push_back(n);
                }
            }
            return result;
        };
        auto qs = expanded(Point::queue_sort);
        if (qs.size() != 1) {
            out.error(path + ".queueSort", "QueueSortCount",
                      "only one queue sort plugin required for profile with scheduler name " +
                          json_quote(prof.scheduler_name) + ", but got " +
                          std::to_string(qs.size()));
        }
        if (expanded(Point::bind).empty()) {
            out.error(path + ".bind", "BindMissing",
                      "at least one bind plugin is needed for profile with scheduler name " +
                          json_quote(prof.scheduler_name));
        }
        // pluginConfig for plugins that are not enabled anywhere
        std::set<std::string> enabled_any;
        for (int k = 0; k < kPointCount; ++k) {
            for (const auto& e : prof.plugins[k].enabled) {
                enabled_any.insert(e.name);
            }
        }
        for (std::size_t c = 0; c < prof.plugin_config.size(); ++c) {
            const auto& name = prof.plugin_config[c].first;
            if (enabled_any.count(name)) {
                continue;
            }
            std::string p =
                "profiles[" + std::to_string(i) + "].pluginConfig[" + std::to_string(c) + "].name";
            // NewFramework keeps pluginConfig by name without checking it against the enabled
            // plugins or the registry, so both cases start; the args are simply never read.
            if (!find_plugin(minor, name)) {
                std::string dym = did_you_mean(name, names);
                out.warn(p, "PluginNotFound",
                         "pluginConfig for " + json_quote(name) +
                             ", which is not an in-tree plugin; kube-scheduler ignores it" +
                             (dym.empty() ? "" : ", did you mean " + json_quote(dym) + "?"));
            } else {
                out.warn(p, "PluginConfigUnused",
                         "pluginConfig for " + json_quote(name) +
                             ", which is not enabled in this profile");
            }
        }
    }
}

} // namespace corral::k8s
