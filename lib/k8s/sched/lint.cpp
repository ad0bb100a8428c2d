// kube-scheduler configuration validation after defaulting
// (pkg/scheduler/apis/config/validation/validation.go ValidateKubeSchedulerConfiguration and the
// component-base client/leader-election validators it calls), one function per upstream function,
// with upstream field paths and wording; then the framework build rules (framework.cpp).
#include "k8s/sched/config.hpp"

#include "k8s/sched/decode.hpp"
#include "k8s/sched/validation.hpp"

#include <map>
#include <set>

namespace corral::k8s {

namespace {

std::string indexed(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

// component-base/config/validation ValidateClientConnectionConfiguration
void validate_client_connection(FindingList& out, const SchedulerConfiguration& cfg) {
    if (cfg.burst < 0) {
        out.invalid("clientConnection.burst", cfg.burst, "must be non-negative");
    }
}

// component-base/config/validation ValidateLeaderElectionConfiguration. Empty names and zero
// durations were defaulted before (SetDefaults_KubeSchedulerConfiguration), so only negative
// durations and a non-lease lock remain to refuse.
void validate_leader_election(FindingList& out, const SchedulerConfiguration& cfg) {
    if (!cfg.leader_elect) {
        return;
    }
    double lease = 0, renew = 0, retry = 0;
    parse_go_duration(cfg.lease_duration, lease);
    parse_go_duration(cfg.renew_deadline, renew);
    parse_go_duration(cfg.retry_period, retry);
    if (lease <= 0) {
        out.invalid("leaderElection.leaseDuration", cfg.lease_duration,
                    "must be greater than zero");
    }
    if (renew <= 0) {
        out.invalid("leaderElection.renewDeadline", cfg.renew_deadline,
                    "must be greater than zero");
    }
    if (retry <= 0) {
        out.invalid("leaderElection.retryPeriod", cfg.retry_period, "must be greater than zero");
    }
    if (lease <= renew) {
        out.invalid("leaderElection.leaseDuration", cfg.renew_deadline,
                    "LeaseDuration must be greater than RenewDeadline");
    }
    if (cfg.resource_lock.empty()) {
        out.invalid("leaderElection.resourceLock", cfg.resource_lock, "resourceLock is required");
    }
    if (cfg.resource_namespace.empty()) {
        out.invalid("leaderElection.resourceNamespace", cfg.resource_namespace,
                    "resourceNamespace is required");
    }
    if (cfg.resource_name.empty()) {
        out.invalid("leaderElection.resourceName", cfg.resource_name, "resourceName is required");
    }
    // validation.go: "resourceLock value must be \"leases\"" (endpoints locks were removed).
    if (cfg.resource_lock != "leases") {
        out.invalid("leaderElection.resourceLock", cfg.resource_lock,
                    "resourceLock value must be \"leases\"", "set resourceLock to \"leases\"");
    }
}

// validatePluginSetForInvalidPlugins over every extension point (invalidPluginsByVersion: in-tree
// plugins the v1 API no longer accepts).
void validate_plugin_sets_for_invalid_plugins(FindingList& out, const ProfileConfig& profile,
                                              const std::string& path) {
    static const std::set<std::string> invalid{"AzureDiskLimits", "CinderLimits", "EBSLimits",
                                               "GCEPDLimits"};
    for (int k = 0; k < kPointCount; ++k) {
        const auto& enabled = profile.plugins[k].enabled;
        for (std::size_t e = 0; e < enabled.size(); ++e) {
            if (invalid.count(enabled[e].name)) {
                out.invalid(
                    indexed(path + ".plugins." + point_field(static_cast<Point>(k)) + ".enabled",
                            e),
                    enabled[e].name,
                    "was invalid in version \"kubescheduler.config.k8s.io/v1\" "
                    "(KubeSchedulerConfiguration is version "
                    "\"kubescheduler.config.k8s.io/v1\")",
                    "remove " + enabled[e].name + " (NodeVolumeLimits counts the volumes of " +
                        "every CSI driver)");
            }
        }
    }
}

// validatePluginConfig: plugins the version refuses, then per pluginConfig entry duplicate names,
// args of the wrong kind and the plugin's args validator (validation_pluginargs.go, args.cpp).
void validate_plugin_config(FindingList& out, const ProfileConfig& profile, const std::string& path,
                            int minor) {
    validate_plugin_sets_for_invalid_plugins(out, profile, path);
    std::set<std::string> seen;
    for (std::size_t c = 0; c < profile.plugin_config.size(); ++c) {
        const auto& [name, args] = profile.plugin_config[c];
        std::string config_path = indexed(path + ".pluginConfig", c);
        if (!seen.insert(name).second) {
            out.duplicate(config_path, name);
        }
        if (!has_typed_args(name)) {
            continue;
        }
        std::string args_path = config_path + ".args";
        std::string kind = string_field(args, "kind");
        if (!kind.empty() && kind != name + "Args") {
            out.invalid(args_path, kind, "has to match plugin args");
            continue;
        }
        validate_plugin_args(out, name, args_path, args, minor);
    }
}

// validatePercentageOfNodesToScore (the global field and each profile's).
void validate_percentage_of_nodes_to_score(FindingList& out, const std::string& path,
                                           const std::optional<std::int32_t>& percentage) {
    if (percentage && (*percentage < 0 || *percentage > 100)) {
        out.invalid(path, *percentage, "not in valid range [0-100]");
    }
}

// validateKubeSchedulerProfile
void validate_kube_scheduler_profile(FindingList& out, const ProfileConfig& profile,
                                     const std::string& path, int minor) {
    if (profile.scheduler_name.empty()) {
        out.required(path + ".schedulerName", "");
    }
    validate_percentage_of_nodes_to_score(out, path + ".percentageOfNodesToScore",
                                          profile.percentage);
    validate_plugin_config(out, profile, path, minor);
}

// ValidateKubeSchedulerConfiguration's loop over the profiles: each profile, then the
// schedulerName duplicates.
void validate_profiles(FindingList& out, const SchedulerConfiguration& cfg, int minor) {
    if (cfg.profiles.empty()) {
        out.required("profiles", "");
        return;
    }
    std::map<std::string, std::size_t> names;
    for (std::size_t i = 0; i < cfg.profiles.size(); ++i) {
        const auto& profile = cfg.profiles[i];
        std::string path = indexed("profiles", i);
        validate_kube_scheduler_profile(out, profile, path, minor);
        if (auto it = names.find(profile.scheduler_name); it != names.end()) {
            out.duplicate(path + ".schedulerName",
                          indexed("profiles", it->second) + ".schedulerName");
        }
        names[profile.scheduler_name] = i;
    }
}

// validateCommonQueueSort
void validate_common_queue_sort(FindingList& out, const SchedulerConfiguration& cfg) {
    if (cfg.profiles.empty()) {
        return;
    }
    const int queue_sort = static_cast<int>(Point::queue_sort);
    const PluginSet& canonical = cfg.profiles[0].plugins[queue_sort];
    if (canonical.enabled.size() > 1) {
        out.invalid("profiles[0].plugins.queueSort.Enabled",
                    static_cast<std::int64_t>(canonical.enabled.size()),
                    "only one queue sort plugin can be enabled");
    }
    for (std::size_t i = 1; i < cfg.profiles.size(); ++i) {
        if (!(cfg.profiles[i].plugins[queue_sort] == canonical)) {
            out.invalid(indexed("profiles", i) + ".plugins.queueSort", Json("{...}"),
                        "queueSort must be the same for all profiles");
        }
    }
}

// validateExtendedResourceName: a qualified name outside the kubernetes.io/ namespace with a '/'
// (v1helper.IsExtendedResourceName).
void validate_extended_resource_name(FindingList& out, const std::string& path,
                                     const std::string& name) {
    auto errors = qualified_name_errors(name);
    for (const auto& message : errors) {
        out.invalid(path, name, message);
    }
    if (errors.empty() && !is_extended_resource(name)) {
        out.invalid(path, name, "is an invalid extended resource name");
    }
}

// validateExtenders
void validate_extenders(FindingList& out, const SchedulerConfiguration& cfg) {
    int binders = 0;
    std::set<std::string> managed;
    for (std::size_t i = 0; i < cfg.extenders.size(); ++i) {
        const Json& extender = cfg.extenders[i];
        std::string path = indexed("extenders", i);
        if (!string_field(extender, "prioritizeVerb").empty() &&
            integer_field(extender, "weight", 0) <= 0) {
            out.invalid(path + ".weight", integer_field(extender, "weight", 0),
                        "must have a positive weight applied to it");
        }
        if (!string_field(extender, "bindVerb").empty()) {
            ++binders;
        }
        const Json& resources = field_of(extender, "managedResources");
        for (std::size_t j = 0; resources.is_array() && j < resources.size(); ++j) {
            std::string name = string_field(resources[j], "name");
            std::string name_path = indexed(path + ".managedResources", j) + ".name";
            validate_extended_resource_name(out, name_path, name);
            if (!managed.insert(name).second) {
                out.invalid(name_path, name, "duplicate extender managed resource name");
            }
        }
    }
    if (binders > 1) {
        out.invalid("extenders",
                    "found " + std::to_string(binders) + " extenders implementing bind",
                    "only one extender can implement bind");
    }
}

} // namespace

void validate_config_head(FindingList& out, const SchedulerConfiguration& cfg) {
    validate_client_connection(out, cfg);
    validate_leader_election(out, cfg);
    if (cfg.parallelism <= 0) {
        out.invalid("parallelism", cfg.parallelism, "should be an integer value greater than zero");
    }
}

void validate_profile_at(FindingList& out, const ProfileConfig& profile, std::size_t index,
                         int minor) {
    validate_kube_scheduler_profile(out, profile, indexed("profiles", index), minor);
}

void validate_queue_sort_at(FindingList& out, const PluginSet& canonical,
                            const ProfileConfig& profile, std::size_t index) {
    const int queue_sort = static_cast<int>(Point::queue_sort);
    if (index == 0 && canonical.enabled.size() > 1) {
        out.invalid("profiles[0].plugins.queueSort.Enabled",
                    static_cast<std::int64_t>(canonical.enabled.size()),
                    "only one queue sort plugin can be enabled");
    }
    if (index > 0 && !(profile.plugins[queue_sort] == canonical)) {
        out.invalid(indexed("profiles", index) + ".plugins.queueSort", Json("{...}"),
                    "queueSort must be the same for all profiles");
    }
}

void validate_config_tail(FindingList& out, const SchedulerConfiguration& cfg) {
    validate_percentage_of_nodes_to_score(out, "percentageOfNodesToScore", cfg.percentage);
    if (cfg.initial_backoff <= 0) {
        out.invalid("podInitialBackoffSeconds", cfg.initial_backoff, "must be greater than 0");
    }
    if (cfg.max_backoff < cfg.initial_backoff) {
        out.invalid("podMaxBackoffSeconds", cfg.max_backoff,
                    "must be greater than or equal to PodInitialBackoffSeconds");
    }
    validate_extenders(out, cfg);
}

// ValidateKubeSchedulerConfiguration, then the framework build (framework.cpp).
std::vector<Finding> validate_config(const SchedulerConfiguration& cfg, int minor) {
    std::vector<Finding> findings;
    FindingList out(findings);
    validate_config_head(out, cfg);
    validate_profiles(out, cfg, minor);
    validate_common_queue_sort(out, cfg);
    validate_config_tail(out, cfg);
    validate_framework(out, cfg, minor);
    return findings;
}

} // namespace corral::k8s
