// Reading a KubeSchedulerConfiguration file: one document, kind and apiVersion first (a Policy or
// an unknown version is not a config at all), then the strict decode against the v1 types
// (decode.cpp), then the fields `sched lint` and `sched simulate` use, read from the decoded
// document, whose types are already checked.
#include "k8s/sched/config.hpp"

#include "core/error.hpp"
#include "k8s/sched/decode.hpp"

#include <set>

namespace corral::k8s {

namespace {

const char* const kV1 = "kubescheduler.config.k8s.io/v1";

// Readers of the decoded document: a field is absent or of its declared type.
const Json& member(const Json& object, const char* key) {
    static const Json absent;
    if (!object.is_object()) {
        return absent;
    }
    auto it = object.find(key);
    return it == object.end() ? absent : *it;
}

std::string text_of(const Json& object, const char* key, std::string fallback = "") {
    const Json& value = member(object, key);
    return value.is_string() ? value.get<std::string>() : fallback;
}

std::optional<std::int64_t> integer_of(const Json& object, const char* key) {
    const Json& value = member(object, key);
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    return std::nullopt;
}

PluginSet read_plugin_set(const Json& set) {
    PluginSet out;
    for (const char* which : {"enabled", "disabled"}) {
        for (const auto& entry : member(set, which)) {
            PluginRef ref;
            ref.name = text_of(entry, "name");
            if (auto weight = integer_of(entry, "weight")) {
                ref.weight = static_cast<std::int32_t>(*weight);
            }
            (std::string(which) == "enabled" ? out.enabled : out.disabled).push_back(ref);
        }
    }
    return out;
}

// The profile's fields; with `take`, the pluginConfig args are moved out of `profile` (a profile
// read alone, whose decoded document is not kept) instead of copied.
ProfileConfig read_profile(const Json& profile, Json* take = nullptr) {
    ProfileConfig out;
    out.scheduler_name = text_of(profile, "schedulerName");
    out.scheduler_name_present = member(profile, "schedulerName").is_string();
    if (auto percentage = integer_of(profile, "percentageOfNodesToScore")) {
        out.percentage = static_cast<std::int32_t>(*percentage);
    }
    const Json& plugins = member(profile, "plugins");
    if (plugins.is_object()) {
        out.plugins_present = true;
        for (int k = 0; k < kPointCount; ++k) {
            out.plugins[k] = read_plugin_set(member(plugins, point_field(static_cast<Point>(k))));
        }
    }
    if (take != nullptr) {
        auto entries = take->find("pluginConfig");
        if (entries == take->end() || !entries->is_array()) {
            return out;
        }
        for (auto& entry : *entries) {
            auto args = entry.find("args");
            out.plugin_config.emplace_back(text_of(entry, "name"),
                                           args == entry.end() ? Json() : std::move(*args));
        }
        return out;
    }
    for (const auto& entry : member(profile, "pluginConfig")) {
        out.plugin_config.emplace_back(text_of(entry, "name"), member(entry, "args"));
    }
    return out;
}

void read_leader_election(const Json& election, SchedulerConfiguration& cfg) {
    if (member(election, "leaderElect").is_boolean()) {
        cfg.leader_elect = member(election, "leaderElect").get<bool>();
    }
    // SetDefaults_KubeSchedulerConfiguration and RecommendedDefaultLeaderElectionConfiguration:
    // an empty lock, namespace or name and a zero duration take the defaults before validation.
    auto duration = [&](const char* key, std::string& target) {
        std::string text = text_of(election, key);
        double seconds = 0;
        if (!text.empty() && parse_go_duration(text, seconds) && seconds != 0) {
            target = text;
        }
    };
    duration("leaseDuration", cfg.lease_duration);
    duration("renewDeadline", cfg.renew_deadline);
    duration("retryPeriod", cfg.retry_period);
    auto text = [&](const char* key, std::string& target) {
        std::string value = text_of(election, key);
        if (!value.empty()) {
            target = value;
        }
    };
    text("resourceLock", cfg.resource_lock);
    text("resourceName", cfg.resource_name);
    text("resourceNamespace", cfg.resource_namespace);
}

[[noreturn]] void refuse(const std::string& name, const ConfigTree& tree, const char* key,
                         const std::string& message) {
    const ManifestDocument& doc = tree.doc;
    NodeId node = doc.tree.get(doc.tree.root, key);
    Error error = Error::input(message);
    if (node != 0) {
        error.at(name, doc.line_of(node), doc.tree[node].column + 1);
    } else {
        error.at(name, doc.first_line);
    }
    throw error.field(key);
}

std::string removed_in(const std::string& api_version) {
    if (api_version.ends_with("v1beta1")) {
        return "1.23";
    }
    if (api_version.ends_with("v1beta2")) {
        return "1.28";
    }
    if (api_version.ends_with("v1beta3")) {
        return "1.29";
    }
    return "1.21";
}

} // namespace

namespace {

SchedulerConfiguration parse_config_document(const std::string& name, const ConfigTree& tree,
                                             std::vector<Finding>* findings, bool for_migration,
                                             const ProfileSink& sink);

} // namespace

SchedulerConfiguration parse_scheduler_config(const InputFile& input,
                                              std::vector<Finding>* findings, bool for_migration) {
    ConfigTree tree = load_config_tree(input);
    return parse_scheduler_config(input.name, tree, findings, for_migration);
}

SchedulerConfiguration parse_scheduler_config(const std::string& name, const ConfigTree& tree,
                                              std::vector<Finding>* findings, bool for_migration,
                                              const ProfileSink& sink) {
    if (tree.profiles.empty()) {
        return parse_config_document(name, tree, findings, for_migration, sink);
    }
    // The whole document would have failed on an item that does not read alone before anything
    // else: an error is reported as it is only when the items not yet read all read alone.
    std::size_t read = 0;
    auto counted = [&](std::size_t index, ProfileConfig&& profile, const ManifestDocument& doc,
                       NodeId item) {
        read = index + 1;
        sink(index, std::move(profile), doc, item);
    };
    try {
        return parse_config_document(name, tree, findings, for_migration, counted);
    } catch (const Error&) {
        if (!profiles_read_alone(tree, read)) {
            throw ProfilesNeedWholeDocument{};
        }
        throw;
    }
}

namespace {

SchedulerConfiguration parse_config_document(const std::string& name, const ConfigTree& tree,
                                             std::vector<Finding>* findings, bool for_migration,
                                             const ProfileSink& sink) {
    if (!tree.found) {
        throw Error::input("empty configuration").at(name);
    }
    const ManifestDocument& doc = tree.doc;
    const ManifestTree& t = doc.tree;
    if (!t.is_map(t.root)) {
        throw Error::input("expected a KubeSchedulerConfiguration object").at(name, doc.first_line);
    }
    auto scalar_of = [&](const char* key) {
        NodeId node = t.get(t.root, key);
        if (t.is_null(node)) {
            return std::string();
        }
        Json value = t.to_json(node);
        if (!value.is_string()) {
            refuse(name, tree, key, "must be a string, got " + value.dump());
        }
        return value.get<std::string>();
    };
    std::string kind = scalar_of("kind");
    if (kind != "KubeSchedulerConfiguration") {
        std::string message =
            kind.empty() ? "Required value: expected kind KubeSchedulerConfiguration"
                         : "expected kind KubeSchedulerConfiguration, got " + json_quote(kind);
        if (kind == "Policy") {
            message +=
                " (scheduler Policy was removed in 1.23; write a KubeSchedulerConfiguration)";
        }
        refuse(name, tree, "kind", message);
    }
    if (tree.extra_line != 0) {
        throw Error::input("expected one KubeSchedulerConfiguration document, found more")
            .at(name, tree.extra_line);
    }
    SchedulerConfiguration cfg;
    cfg.file = name;
    cfg.api_version = scalar_of("apiVersion");
    static const std::set<std::string> removed{
        "kubescheduler.config.k8s.io/v1beta1", "kubescheduler.config.k8s.io/v1beta2",
        "kubescheduler.config.k8s.io/v1beta3", "kubescheduler.config.k8s.io/v1alpha1",
        "kubescheduler.config.k8s.io/v1alpha2"};
    if (cfg.api_version != kV1) {
        if (!removed.count(cfg.api_version)) {
            refuse(name, tree, "apiVersion",
                   "no kind \"KubeSchedulerConfiguration\" is registered for version " +
                       json_quote(cfg.api_version));
        }
        if (findings) {
            Finding finding{"apiVersion", "RemovedAPIVersion", "error",
                            json_quote(cfg.api_version) + " was removed in Kubernetes " +
                                removed_in(cfg.api_version) + "; use " + json_quote(kV1) +
                                " (sched lint --fix prints the migrated config)"};
            finding.fix = "set apiVersion to " + json_quote(kV1);
            findings->push_back(std::move(finding));
        }
    }
    const bool removed_plugin_args = for_migration || cfg.api_version != kV1;
    std::function<void()> at_profiles;
    if (!tree.profiles.empty()) {
        at_profiles = [&] {
            for_each_profile(
                tree, [&](std::size_t i, const ManifestDocument& item_doc, NodeId item) {
                    Json profile = strict_decode_profile(name, item_doc, item,
                                                         "profiles[" + std::to_string(i) + "]",
                                                         findings, removed_plugin_args);
                    sink(i, read_profile(profile, &profile), item_doc, item);
                });
        };
    }
    cfg.raw = strict_decode_scheduler_config(name, doc, t.root, findings, removed_plugin_args,
                                             at_profiles)
                  .document;
    const Json& j = cfg.raw;
    if (auto parallelism = integer_of(j, "parallelism")) {
        cfg.parallelism = *parallelism;
    }
    if (auto percentage = integer_of(j, "percentageOfNodesToScore")) {
        cfg.percentage = static_cast<std::int32_t>(*percentage);
    }
    if (auto initial = integer_of(j, "podInitialBackoffSeconds")) {
        cfg.initial_backoff = *initial;
    }
    if (auto maximum = integer_of(j, "podMaxBackoffSeconds")) {
        cfg.max_backoff = *maximum;
    }
    read_leader_election(member(j, "leaderElection"), cfg);
    if (auto burst = integer_of(member(j, "clientConnection"), "burst"); burst && *burst != 0) {
        cfg.burst = *burst; // 0 takes the default 100
    }
    if (member(j, "extenders").is_array()) {
        cfg.extenders = member(j, "extenders");
    }
    for (const auto& profile : member(j, "profiles")) {
        cfg.profiles.push_back(read_profile(profile));
    }
    return cfg;
}

} // namespace

} // namespace corral::k8s
