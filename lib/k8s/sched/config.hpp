// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): parsing, defaulting with the
// default plugin merge, validation and framework-build checks (`sched lint`), migration of removed
// API versions and plugins (`--fix`), and the per-profile plugin lists `sched simulate` runs.
#pragma once

#include "core/io.hpp"
#include "core/lint.hpp"
#include "core/output.hpp"
#include "k8s/sched/config_tree.hpp"
#include "k8s/sched/model.hpp"
#include "k8s/sched/plugins.hpp"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace corral::k8s {

struct PluginRef {
    std::string name;
    std::optional<std::int32_t> weight;
    bool operator==(const PluginRef& o) const { return name == o.name && weight == o.weight; }
};
struct PluginSet {
    std::vector<PluginRef> enabled, disabled;
    bool operator==(const PluginSet& o) const {
        return enabled == o.enabled && disabled == o.disabled;
    }
};
constexpr int kPointCount = static_cast<int>(Point::count);

struct ProfileConfig {
    std::string scheduler_name;
    bool scheduler_name_present = false; // nil vs "" (only nil is defaulted)
    std::optional<std::int32_t> percentage;
    bool plugins_present = false;
    std::array<PluginSet, kPointCount> plugins;
    std::array<PluginSet, kPointCount> user_plugins;         // as written, before the default merge
    std::vector<std::pair<std::string, Json>> plugin_config; // name -> args (null when absent)
};

struct SchedulerConfiguration {
    std::string file;
    std::string api_version = "kubescheduler.config.k8s.io/v1";
    Json raw; // the document as read (for --fix)
    std::int64_t parallelism = 16;
    std::optional<std::int32_t> percentage;
    std::int64_t initial_backoff = 1, max_backoff = 10;
    bool leader_elect = true;
    std::string lease_duration = "15s", renew_deadline = "10s", retry_period = "2s";
    std::string resource_lock = "leases", resource_namespace = "kube-system",
                resource_name = "kube-scheduler";
    std::int64_t burst = 100;
    Json extenders = Json::array();
    std::vector<ProfileConfig> profiles;
    bool defaulted = false;
};

// Findings: {path, code, severity, message}, kube-scheduler's field path and wording.
using corral::Finding;

// Parses one document; kind/apiVersion mistakes and type errors are Error::input (exit 3) naming
// file:line:col and the field path. Unknown fields (strict decoding) and removed API versions
// become findings (collected into `findings` when given). The args of the removed scoring plugins
// are type-checked too when the document has a removed API version or `for_migration` (lint
// --fix carries them into NodeResourcesFit), so their errors point into the user's file.
SchedulerConfiguration parse_scheduler_config(const InputFile& input,
                                              std::vector<Finding>* findings = nullptr,
                                              bool for_migration = false);
// Gets each profile of a ConfigTree whose profiles are read one at a time (ConfigTree::profiles),
// in order, with the item's document and node: the profile is not kept in the configuration.
using ProfileSink = std::function<void(std::size_t index, ProfileConfig&& profile,
                                       const ManifestDocument& doc, NodeId item)>;
// The same from the file's tree (load_config_tree), which then locates the findings' paths. A
// tree whose profiles are split needs `sink`; ProfilesNeedWholeDocument when an error must wait
// for the document read whole (an item that does not read alone).
SchedulerConfiguration parse_scheduler_config(const std::string& name, const ConfigTree& tree,
                                              std::vector<Finding>* findings = nullptr,
                                              bool for_migration = false,
                                              const ProfileSink& sink = nullptr);
// An empty config (all defaults), as `sched simulate` uses without --config.
SchedulerConfiguration default_scheduler_config();

// SetDefaults: one default profile, schedulerName, plugin merge onto getDefaultPlugins.
void apply_defaults(SchedulerConfiguration& cfg, int minor);
// The part of apply_defaults that concerns one profile alone (all but the default profile and
// the single profile's default schedulerName).
void apply_profile_defaults(ProfileConfig& profile, int minor);

// kube-scheduler validation + framework build, in upstream order. Call after apply_defaults.
std::vector<Finding> validate_config(const SchedulerConfiguration& cfg, int minor);

// Removed API versions and plugins migrated to v1 (`sched lint --fix`).
Json migrate_config(const Json& raw, std::vector<std::string>* notes = nullptr);

// ---- what the simulator runs ----
enum class Strategy { least_allocated, most_allocated, requested_to_capacity_ratio };
struct ResourceSpec {
    std::string name;
    std::int64_t weight = 1;
};
struct ShapePoint {
    std::int64_t utilization = 0, score = 0;
};
struct ScorePlugin {
    std::string name;
    std::int64_t weight = 1;
};
struct Profile {
    std::string scheduler_name;
    std::optional<std::int32_t> percentage;
    std::vector<std::string> filters; // expanded Filter list, in order
    std::vector<ScorePlugin> scores;  // expanded Score list, in order, with weights
    Strategy strategy = Strategy::least_allocated;
    std::vector<ResourceSpec> fit_resources{{"cpu", 1}, {"memory", 1}};
    std::vector<ShapePoint> shape;
    std::vector<std::string> ignored_resources, ignored_resource_groups;
    std::vector<ResourceSpec> balanced_resources{{"cpu", 1}, {"memory", 1}};
    bool spread_system_defaulted = true;
    std::vector<SpreadConstraint> spread_defaults; // hostname 3 + zone 5 when System
    std::optional<std::vector<NodeSelectorTerm>> added_required;
    std::vector<PreferredTerm> added_preferred;
};
struct SimConfig {
    std::optional<std::int32_t> percentage; // global; nullopt = 0 (adaptive)
    std::vector<Profile> profiles;
};

// Validates (errors are Error::input naming the first finding) and builds the profiles.
SimConfig build_sim_config(SchedulerConfiguration cfg, int minor);

// Parses "1.34" / "v1.34.2" into the minor; Error::usage outside 1.31-1.34.
int parse_kubernetes_version(const std::string& text);

} // namespace corral::k8s
