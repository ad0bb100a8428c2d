// The framework build kube-scheduler runs after validation (pkg/scheduler/framework/runtime/
// framework.go NewFramework, profile.NewMap): every enabled plugin exists and implements the
// extension point it is listed at, no plugin twice at one point, exactly one QueueSort and at least
// one Bind after MultiPoint expansion. Plus warnings for what kube-scheduler accepts but ignores or
// inverts: negative score weights, pluginConfig for plugins that are not enabled (kept as raw
// args upstream), disabled names that do not exist.
#include "k8s/sched/validation.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <set>

namespace corral::k8s {

namespace {

std::string suggestion(const std::string& name, const std::vector<std::string>& candidates) {
    std::string match = did_you_mean(name, candidates);
    return match.empty() ? "" : ", did you mean " + json_quote(match) + "?";
}

// One profile through NewFramework: the plugin lists per extension point, then (when they are
// sound) the QueueSort/Bind counts after MultiPoint expansion and the unused pluginConfig.
class ProfileFramework {
public:
    ProfileFramework(FindingList& out, const ProfileConfig& profile, std::size_t index, int minor)
        : m_out(out), m_profile(profile), m_index(index), m_minor(minor),
          m_plugin_names(plugin_names(minor)),
          m_path("profiles[" + std::to_string(index) + "].plugins") {}

    void check() {
        for (int k = 0; k < kPointCount; ++k) {
            check_extension_point(static_cast<Point>(k));
        }
        check_multi_point_duplicates();
        check_score_weights();
        if (m_plugin_errors) {
            return; // kube-scheduler stops at the first; the counts below would only repeat it
        }
        check_queue_sort_and_bind();
        check_unused_plugin_config();
    }

private:
    FindingList& m_out;
    const ProfileConfig& m_profile;
    std::size_t m_index;
    int m_minor;
    const std::vector<std::string>& m_plugin_names;
    std::string m_path;
    bool m_plugin_errors = false;
    std::array<std::vector<std::string>, kPointCount> m_registered; // per point, in order

    // The entry as the user wrote it (the merged list has the defaults first): the n-th
    // occurrence of a name in the merged list is the n-th in the user's list.
    std::string entry_path(int point, const std::string& name, std::size_t merged_index) const {
        const auto& written = m_profile.user_plugins[point].enabled;
        const auto& merged = m_profile.plugins[point].enabled;
        std::string prefix = m_path + "." + point_field(static_cast<Point>(point)) + ".enabled[";
        std::size_t nth = 0;
        for (std::size_t m = 0; m < merged_index && m < merged.size(); ++m) {
            nth += merged[m].name == name;
        }
        std::size_t seen = 0;
        for (std::size_t u = 0; u < written.size(); ++u) {
            if (written[u].name != name) {
                continue;
            }
            if (seen == nth) {
                return prefix + std::to_string(u) + "]";
            }
            ++seen;
        }
        return prefix + std::to_string(merged_index) + "]";
    }

    // runtime.NewFramework: "<point> plugin %q does not exist" (removed plugins get advice).
    const PluginInfo* existing(const std::string& name, const std::string& path, Point point) {
        if (const PluginInfo* info = find_plugin(m_minor, name)) {
            return info;
        }
        m_plugin_errors = true;
        std::string message = std::string(point == Point::multi_point ? "multipoint plugin"
                                                                      : point_type_name(point)) +
                              " " + json_quote(name) + " does not exist";
        if (const RemovedPlugin* removed = find_removed_plugin(name)) {
            std::optional<std::string> fix;
            if (removed->fix != nullptr) {
                fix = removed->fix;
            }
            m_out.error(path, "RemovedPlugin",
                        message + ": " + removed->advice +
                            (removed->migrated ? " (sched lint --fix migrates it)" : ""),
                        fix);
        } else {
            m_out.error(path, "PluginNotFound", message + suggestion(name, m_plugin_names),
                        rename_fix(name, m_plugin_names));
        }
        return nullptr;
    }

    // A removed plugin in a disabled list is dropped by lint --fix (migrate_config); a misspelt
    // one gets the close spelling.
    std::optional<std::string> disabled_fix(const std::string& name) const {
        if (const RemovedPlugin* removed = find_removed_plugin(name);
            removed && removed->migrated) {
            return "remove " + name;
        }
        return rename_fix(name, m_plugin_names);
    }

    // updatePluginList: the plugin must implement the point, once per point.
    void check_extension_point(Point point) {
        const int k = static_cast<int>(point);
        const auto& set = m_profile.plugins[k];
        for (std::size_t e = 0; e < set.enabled.size(); ++e) {
            const auto& ref = set.enabled[e];
            std::string path = entry_path(k, ref.name, e);
            const PluginInfo* info = existing(ref.name, path, point);
            if (!info || point == Point::multi_point) {
                continue;
            }
            if (!info->implements(point)) {
                m_plugin_errors = true;
                m_out.error(path, "PluginWrongExtensionPoint",
                            "plugin " + json_quote(ref.name) + " does not extend " +
                                point_type_name(point) + " plugin");
                continue;
            }
            auto& registered = m_registered[k];
            if (std::find(registered.begin(), registered.end(), ref.name) != registered.end()) {
                m_plugin_errors = true;
                m_out.error(path, "PluginDuplicate",
                            "plugin " + json_quote(ref.name) + " already registered as " +
                                json_quote(point_type_name(point)));
                continue;
            }
            registered.push_back(ref.name);
        }
        for (std::size_t d = 0; d < set.disabled.size(); ++d) {
            const std::string& name = set.disabled[d].name;
            if (name == "*" || find_plugin(m_minor, name)) {
                continue;
            }
            m_out.warn(m_path + "." + point_field(point) + ".disabled[" + std::to_string(d) + "]",
                       "PluginNotFound",
                       "disabled plugin " + json_quote(name) + " does not exist" +
                           suggestion(name, m_plugin_names),
                       disabled_fix(name));
        }
    }

    void check_multi_point_duplicates() {
        const int k = static_cast<int>(Point::multi_point);
        std::set<std::string> seen;
        const auto& enabled = m_profile.plugins[k].enabled;
        for (std::size_t e = 0; e < enabled.size(); ++e) {
            const auto& name = enabled[e].name;
            if (!seen.insert(name).second && find_plugin(m_minor, name)) {
                m_plugin_errors = true;
                m_out.error(entry_path(k, name, e), "PluginDuplicate",
                            "plugin " + json_quote(name) + " already registered as \"MultiPoint\"");
            }
        }
    }

    // getScoreWeights accepts negative weights (only the sum is bounded): a warning.
    void check_score_weights() {
        for (int k : {static_cast<int>(Point::score), static_cast<int>(Point::multi_point)}) {
            const auto& enabled = m_profile.plugins[k].enabled;
            for (std::size_t e = 0; e < enabled.size(); ++e) {
                const auto& ref = enabled[e];
                const PluginInfo* info = find_plugin(m_minor, ref.name);
                if (!info || !info->implements(Point::score) || !ref.weight || *ref.weight >= 0) {
                    continue;
                }
                m_out.warn(entry_path(k, ref.name, e) + ".weight", "NegativeWeight",
                           "weight " + std::to_string(*ref.weight) + " of " + ref.name +
                               " is accepted by kube-scheduler but inverts the plugin's "
                               "preference");
            }
        }
    }

    // expandMultiPointPlugins: the point's own plugins that MultiPoint also names come first,
    // then MultiPoint's other plugins for the point, then the point's remaining own plugins.
    std::vector<std::string> expanded(Point point) const {
        const int k = static_cast<int>(point);
        const std::vector<std::string>& own = m_registered[k];
        std::set<std::string> disabled;
        for (const auto& ref : m_profile.plugins[k].disabled) {
            if (ref.name == "*") {
                return own;
            }
            disabled.insert(ref.name);
        }
        auto contains = [](const std::vector<std::string>& list, const std::string& name) {
            return std::find(list.begin(), list.end(), name) != list.end();
        };
        std::vector<std::string> overrides, from_multi_point;
        for (const auto& ref : m_profile.plugins[static_cast<int>(Point::multi_point)].enabled) {
            const PluginInfo* info = find_plugin(m_minor, ref.name);
            if (!info || !info->implements(point) || disabled.count(ref.name)) {
                continue;
            }
            if (contains(own, ref.name)) {
                overrides.push_back(ref.name);
            } else if (!contains(from_multi_point, ref.name)) {
                from_multi_point.push_back(ref.name);
            }
        }
        std::vector<std::string> result;
        for (const auto& name : own) {
            if (contains(overrides, name)) {
                result.push_back(name);
            }
        }
        result.insert(result.end(), from_multi_point.begin(), from_multi_point.end());
        for (const auto& name : own) {
            if (!contains(overrides, name)) {
                result.push_back(name);
            }
        }
        return result;
    }

    void check_queue_sort_and_bind() {
        auto queue_sort = expanded(Point::queue_sort);
        if (queue_sort.size() != 1) {
            m_out.error(m_path + ".queueSort", "QueueSortCount",
                        "only one queue sort plugin required for profile with scheduler name " +
                            json_quote(m_profile.scheduler_name) + ", but got " +
                            std::to_string(queue_sort.size()));
        }
        if (expanded(Point::bind).empty()) {
            m_out.error(m_path + ".bind", "BindMissing",
                        "at least one bind plugin is needed for profile with scheduler name " +
                            json_quote(m_profile.scheduler_name));
        }
    }

    // NewFramework keeps pluginConfig by name without checking it against the enabled plugins
    // or the registry, so both cases start; the args are simply never read.
    void check_unused_plugin_config() {
        std::set<std::string> enabled;
        for (int k = 0; k < kPointCount; ++k) {
            for (const auto& ref : m_profile.plugins[k].enabled) {
                enabled.insert(ref.name);
            }
        }
        for (std::size_t c = 0; c < m_profile.plugin_config.size(); ++c) {
            const auto& name = m_profile.plugin_config[c].first;
            if (enabled.count(name)) {
                continue;
            }
            std::string path = "profiles[" + std::to_string(m_index) + "].pluginConfig[" +
                               std::to_string(c) + "].name";
            if (!find_plugin(m_minor, name)) {
                m_out.warn(path, "PluginNotFound",
                           "pluginConfig for " + json_quote(name) +
                               ", which is not an in-tree plugin; kube-scheduler ignores it" +
                               suggestion(name, m_plugin_names),
                           rename_fix(name, m_plugin_names));
            } else {
                m_out.warn(path, "PluginConfigUnused",
                           "pluginConfig for " + json_quote(name) +
                               ", which is not enabled in this profile");
            }
        }
    }
};

} // namespace

void validate_profile_framework(FindingList& out, const ProfileConfig& profile, std::size_t index,
                                int minor) {
    ProfileFramework(out, profile, index, minor).check();
}

void validate_framework(FindingList& out, const SchedulerConfiguration& cfg, int minor) {
    for (std::size_t i = 0; i < cfg.profiles.size(); ++i) {
        validate_profile_framework(out, cfg.profiles[i], i, minor);
    }
}

} // namespace corral::k8s
