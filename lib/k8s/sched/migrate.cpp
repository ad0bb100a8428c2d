// `sched lint --fix`: removed API versions (v1beta1/2/3) and removed plugins migrated to
// kubescheduler.config.k8s.io/v1 (the old scoring plugins become NodeResourcesFit scoringStrategy;
// SelectorSpread, NodeLabel, ServiceAffinity and NodePreferAvoidPods are dropped).
#include "k8s/sched/config.hpp"

#include <optional>

namespace corral::k8s {

namespace {

// `j[key]` when `j` is an object and that member a string, else "": a document decoded with
// findings (lint --fix) keeps the fields that failed to decode as they were written.
std::string string_member(const Json& j, const char* key) {
    auto it = j.is_object() ? j.find(key) : j.end();
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const char* const kV1 = "kubescheduler.config.k8s.io/v1";

using Notes = std::vector<std::string>;

void note(Notes* notes, const std::string& text) {
    if (notes) {
        notes->push_back(text);
    }
}

// The scoringStrategy.type that replaced a removed scoring plugin (v1beta2), or "".
std::string replacing_strategy_type(const std::string& plugin) {
    if (plugin == "NodeResourcesLeastAllocated") {
        return "LeastAllocated";
    }
    if (plugin == "NodeResourcesMostAllocated") {
        return "MostAllocated";
    }
    if (plugin == "RequestedToCapacityRatio") {
        return "RequestedToCapacityRatio";
    }
    return "";
}

// Removed plugins with nothing to carry over.
bool is_dropped_plugin(const std::string& plugin) {
    return plugin == "SelectorSpread" || plugin == "NodeLabel" || plugin == "ServiceAffinity" ||
           plugin == "NodePreferAvoidPods";
}

// A pluginConfig entry the migration removes: a removed plugin's (its args move or go).
bool is_dropped_plugin_config(const std::string& plugin) {
    return !replacing_strategy_type(plugin).empty() ||
           (is_dropped_plugin(plugin) && plugin != "NodePreferAvoidPods");
}

// NodeResourcesFit's scoringStrategy for a removed scoring plugin, with the resources and shape of
// the plugin's old args (v1beta1 NodeResourcesMostAllocatedArgs, RequestedToCapacityRatioArgs).
Json scoring_strategy(const Json& profile, const std::string& plugin, const std::string& type) {
    Json strategy = {{"type", type}};
    if (profile.contains("pluginConfig") && profile["pluginConfig"].is_array()) {
        for (const auto& plugin_config : profile["pluginConfig"]) {
            if (string_member(plugin_config, "name") != plugin || !plugin_config.contains("args") ||
                !plugin_config["args"].is_object()) {
                continue;
            }
            const Json& old_args = plugin_config["args"];
            if (old_args.contains("resources")) {
                strategy["resources"] = old_args["resources"];
            }
            if (old_args.contains("shape")) {
                strategy["requestedToCapacityRatio"] = {{"shape", old_args["shape"]}};
            }
        }
    }
    if (type == "RequestedToCapacityRatio" && !strategy.contains("requestedToCapacityRatio")) {
        strategy["requestedToCapacityRatio"] = {
            {"shape", Json::array({{{"utilization", 0}, {"score", 0}},
                                   {{"utilization", 100}, {"score", 10}}})}};
    }
    return strategy;
}

// One enabled or disabled list of one extension point: removed plugins taken out; an enabled
// removed scoring plugin sets `strategy`.
Json migrate_plugin_list(const Json& profile, const std::string& point, const std::string& which,
                         const Json& list, std::optional<Json>& strategy, Notes* notes) {
    Json kept = Json::array();
    for (const auto& plugin : list) {
        std::string name = string_member(plugin, "name");
        std::string type = replacing_strategy_type(name);
        if (!type.empty()) {
            if (which == "enabled") {
                strategy = scoring_strategy(profile, name, type);
                note(notes, name + " -> NodeResourcesFit scoringStrategy " + type);
            } else {
                note(notes, "dropped removed plugin " + name + " from " + point + "." + which);
            }
            continue;
        }
        if (is_dropped_plugin(name)) {
            note(notes,
                 "dropped removed plugin " + name + " from " + point + "." + which +
                     (name == "SelectorSpread" ? " (PodTopologySpread system defaults spread pods)"
                                               : ""));
            continue;
        }
        kept.push_back(plugin);
    }
    return kept;
}

// The plugin sets without what the migration emptied; nullopt when nothing is left.
std::optional<Json> without_empty_sets(const Json& plugins) {
    Json cleaned_plugins = Json::object();
    for (const auto& [point, set] : plugins.items()) {
        if (!set.is_object()) {
            continue;
        }
        Json cleaned_set = Json::object();
        for (const auto& [which, list] : set.items()) {
            if (!(list.is_array() && list.empty())) {
                cleaned_set[which] = list;
            }
        }
        if (!cleaned_set.empty()) {
            cleaned_plugins[point] = cleaned_set;
        }
    }
    if (cleaned_plugins.empty()) {
        return std::nullopt;
    }
    return cleaned_plugins;
}

// profiles[].plugins: returns the scoringStrategy a removed scoring plugin asked for, if any.
std::optional<Json> migrate_plugins(Json& profile, Notes* notes) {
    std::optional<Json> strategy;
    if (!profile.contains("plugins") || !profile["plugins"].is_object()) {
        return strategy;
    }
    for (auto& [point, set] : profile["plugins"].items()) {
        if (!set.is_object()) {
            continue;
        }
        for (const char* which : {"enabled", "disabled"}) {
            if (set.contains(which) && set[which].is_array()) {
                set[which] =
                    migrate_plugin_list(profile, point, which, set[which], strategy, notes);
            }
        }
    }
    if (auto plugins = without_empty_sets(profile["plugins"])) {
        profile["plugins"] = *plugins;
    } else {
        profile.erase("plugins");
    }
    return strategy;
}

// profiles[].pluginConfig: removed plugins' entries dropped, args apiVersion set to v1, and the
// scoringStrategy placed in NodeResourcesFit's args (a new entry when there is none).
void migrate_plugin_config(Json& profile, std::optional<Json> strategy) {
    if (profile.contains("pluginConfig") && profile["pluginConfig"].is_array()) {
        Json kept = Json::array();
        for (auto plugin_config : profile["pluginConfig"]) {
            std::string name = string_member(plugin_config, "name");
            if (is_dropped_plugin_config(name)) {
                continue;
            }
            bool has_args = plugin_config.contains("args") && plugin_config["args"].is_object();
            if (has_args && plugin_config["args"].contains("apiVersion")) {
                plugin_config["args"]["apiVersion"] = kV1;
            }
            if (name == "NodeResourcesFit" && strategy && has_args) {
                plugin_config["args"]["scoringStrategy"] = *strategy;
                strategy.reset();
            }
            kept.push_back(plugin_config);
        }
        profile["pluginConfig"] = kept;
    }
    if (strategy) {
        if (!profile.contains("pluginConfig") || !profile["pluginConfig"].is_array()) {
            profile["pluginConfig"] = Json::array();
        }
        profile["pluginConfig"].push_back(
            {{"name", "NodeResourcesFit"}, {"args", {{"scoringStrategy", *strategy}}}});
    }
}

} // namespace

// The document is the strict-decoded one (decode.cpp): every field has its v1 type.
Json migrate_config(const Json& raw, std::vector<std::string>* notes) {
    Json migrated = raw;
    if (string_member(migrated, "apiVersion") != kV1) {
        note(notes, "apiVersion " + string_member(migrated, "apiVersion") + " -> " + kV1);
        migrated["apiVersion"] = kV1;
    }
    if (!migrated.contains("profiles") || !migrated["profiles"].is_array()) {
        return migrated;
    }
    for (auto& profile : migrated["profiles"]) {
        if (!profile.is_object()) {
            continue;
        }
        std::optional<Json> strategy = migrate_plugins(profile, notes);
        migrate_plugin_config(profile, std::move(strategy));
    }
    return migrated;
}

} // namespace corral::k8s
