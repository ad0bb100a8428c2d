// kube-scheduler configuration validation (pkg/scheduler/apis/config/validation/validation.go,
// validation_pluginargs.go) and framework build rules
// (pkg/scheduler/framework/runtime/framework.go), with upstream field paths and wording. Findings
// carry field.ErrorType names as codes.
#include "k8s/sched_config.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace corral::k8s {

namespace {

std::string value_text(const Json& v) {
    if (v.is_string())
        return json_quote(v.get<std::string>());
    if (v.is_null())
        return "null";
    return v.dump();
}

struct Out {
    std::vector<Finding>& list;
    void invalid(const std::string& path, const Json& value, const std::string& detail) {
        list.push_back({path, "FieldValueInvalid", "error",
                        "Invalid value: " + value_text(value) + ": " + detail});
    }
    void required(const std::string& path, const std::string& detail) {
        list.push_back({path, "FieldValueRequired", "error",
                        detail.empty() ? "Required value" : "Required value: " + detail});
    }
    void duplicate(const std::string& path, const Json& value) {
        list.push_back(
            {path, "FieldValueDuplicate", "error", "Duplicate value: " + value_text(value)});
    }
    void forbidden(const std::string& path, const std::string& detail) {
        list.push_back({path, "FieldValueForbidden", "error", "Forbidden: " + detail});
    }
    void not_supported(const std::string& path, const Json& value,
                       const std::vector<std::string>& ok) {
        std::string s = "Unsupported value: " + value_text(value) + ": supported values: ";
        for (std::size_t i = 0; i < ok.size(); ++i)
            s += (i ? ", " : "") + json_quote(ok[i]);
        list.push_back({path, "FieldValueNotSupported", "error", s});
    }
    void error(const std::string& path, const std::string& code, const std::string& msg) {
        list.push_back({path, code, "error", msg});
    }
    void warn(const std::string& path, const std::string& code, const std::string& msg) {
        list.push_back({path, code, "warning", msg});
    }
};

bool is_label_name(const std::string& s) {
    // metav1validation.ValidateLabelName: qualified name (optional DNS prefix '/', name <= 63)
    auto slash = s.find('/');
    std::string name = slash == std::string::npos ? s : s.substr(slash + 1);
    std::string prefix = slash == std::string::npos ? "" : s.substr(0, slash);
    if (slash != std::string::npos && (prefix.empty() || prefix.size() > 253))
        return false;
    for (char c : prefix)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'))
            return false;
    if (name.empty() || name.size() > 63)
        return false;
    if (!std::isalnum(static_cast<unsigned char>(name.front())) ||
        !std::isalnum(static_cast<unsigned char>(name.back())))
        return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            return false;
    return true;
}

void label_name(Out& out, const std::string& path, const std::string& v) {
    if (!is_label_name(v))
        out.invalid(
            path, v,
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            "'123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
}

std::int64_t as_int(const Json& v, std::int64_t fallback = 0) {
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number_float())
        return static_cast<std::int64_t>(v.get<double>());
    return fallback;
}

// o[k] for reading: null when o is not an object or lacks k (const operator[] asserts instead).
const Json& field_of(const Json& o, const char* k) {
    static const Json null_json;
    if (!o.is_object())
        return null_json;
    auto it = o.find(k);
    return it == o.end() ? null_json : *it;
}

void validate_shape(Out& out, const Json& shape, const std::string& path) {
    if (!shape.is_array() || shape.empty()) {
        out.required(path, "at least one point must be specified");
        return;
    }
    for (std::size_t i = 1; i < shape.size(); ++i)
        if (as_int(field_of(shape[i - 1], "utilization")) >=
            as_int(field_of(shape[i], "utilization"))) {
            out.invalid(path + "[" + std::to_string(i) + "].utilization",
                        as_int(field_of(shape[i], "utilization")),
                        "utilization values must be sorted in increasing order");
            break;
        }
    for (std::size_t i = 0; i < shape.size(); ++i) {
        std::int64_t u = as_int(shape[i].value("utilization", Json(0)));
        std::int64_t s = as_int(shape[i].value("score", Json(0)));
        std::string p = path + "[" + std::to_string(i) + "]";
        if (u < 0 || u > 100)
            out.invalid(p + ".utilization", u, "not in valid range [0, 100]");
        if (s < 0 || s > 10)
            out.invalid(p + ".score", s, "not in valid range [0, 10]");
    }
}

void validate_fit_args(Out& out, const std::string& path, const Json& args) {
    if (args.contains("ignoredResources") && args["ignoredResources"].is_array())
        for (std::size_t i = 0; i < args["ignoredResources"].size(); ++i)
            label_name(out, path + ".ignoredResources[" + std::to_string(i) + "]",
                       args["ignoredResources"][i].is_string()
                           ? args["ignoredResources"][i].get<std::string>()
                           : "");
    if (args.contains("ignoredResourceGroups") && args["ignoredResourceGroups"].is_array())
        for (std::size_t i = 0; i < args["ignoredResourceGroups"].size(); ++i) {
            std::string g = args["ignoredResourceGroups"][i].is_string()
                                ? args["ignoredResourceGroups"][i].get<std::string>()
                                : "";
            std::string p = path + ".ignoredResourceGroups[" + std::to_string(i) + "]";
            if (g.find('/') != std::string::npos)
                out.invalid(p, g, "resource group name can't contain '/'");
            label_name(out, p, g);
        }
    std::string sp = path + ".scoringStrategy";
    if (!args.contains("scoringStrategy") || !args["scoringStrategy"].is_object()) {
        out.required(sp, "scoring strategy not specified");
        return;
    }
    const Json& s = args["scoringStrategy"];
    std::string type = s.value("type", std::string());
    static const std::vector<std::string> types{"LeastAllocated", "MostAllocated",
                                                "RequestedToCapacityRatio"};
    if (std::find(types.begin(), types.end(), type) == types.end())
        out.not_supported(sp + ".type", type, types);
    if (s.contains("resources") && s["resources"].is_array())
        for (std::size_t i = 0; i < s["resources"].size(); ++i) {
            const Json& r = s["resources"][i];
            std::int64_t w = as_int(r.value("weight", Json(0)));
            if (w <= 0 || w > 100)
                out.invalid(sp + ".resources[" + std::to_string(i) + "].weight", w,
                            "resource weight of " + r.value("name", std::string()) +
                                " not in valid range (0, 100]");
        }
    bool has_rtc =
        s.contains("requestedToCapacityRatio") && !s["requestedToCapacityRatio"].is_null();
    if (type == "RequestedToCapacityRatio" && !has_rtc)
        out.required(sp + ".requestedToCapacityRatio",
                     "required when type is RequestedToCapacityRatio");
    if (has_rtc && type != "RequestedToCapacityRatio")
        out.forbidden(sp + ".requestedToCapacityRatio",
                      "only allowed when type is RequestedToCapacityRatio");
    if (has_rtc)
        validate_shape(out, s["requestedToCapacityRatio"].value("shape", Json()), sp + ".shape");
}

void validate_balanced_args(Out& out, const std::string& path, const Json& args) {
    std::set<std::string> seen;
    if (!args.contains("resources") || !args["resources"].is_array())
        return;
    for (std::size_t i = 0; i < args["resources"].size(); ++i) {
        const Json& r = args["resources"][i];
        std::string name = r.value("name", std::string());
        std::string p = path + ".resources[" + std::to_string(i) + "]";
        if (seen.count(name))
            out.duplicate(p + ".name", name);
        seen.insert(name);
        std::int64_t w = as_int(r.value("weight", Json(0)));
        if (w != 1)
            out.invalid(p + ".weight", w, "must be 1");
    }
}

void validate_spread_args(Out& out, const std::string& path, const Json& args) {
    std::string dt = args.value("defaultingType", std::string("System"));
    const Json& dc = args.contains("defaultConstraints") ? args["defaultConstraints"] : Json();
    if (dt != "System" && dt != "List")
        out.not_supported(path + ".defaultingType", dt, {"List", "System"});
    if (dt == "System" && dc.is_array() && !dc.empty())
        out.invalid(path + ".defaultingType", dt, "when .defaultConstraints are not empty");
    if (!dc.is_array())
        return;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < dc.size(); ++i) {
        const Json& c = dc[i];
        std::string p = path + ".defaultConstraints[" + std::to_string(i) + "]";
        std::int64_t skew = as_int(c.value("maxSkew", Json(0)));
        if (skew <= 0)
            out.invalid(p + ".maxSkew", skew, "must be greater than zero");
        std::string key = c.value("topologyKey", std::string());
        if (key.empty())
            out.required(p + ".topologyKey", "can not be empty");
        else
            label_name(out, p + ".topologyKey", key);
        std::string wu = c.value("whenUnsatisfiable", std::string());
        if (wu != "DoNotSchedule" && wu != "ScheduleAnyway")
            out.not_supported(p + ".whenUnsatisfiable", wu, {"DoNotSchedule", "ScheduleAnyway"});
        if (seen.count({key, wu}))
            out.duplicate(p, Json("{" + key + ", " + wu + "}"));
        seen.insert({key, wu});
        if (c.contains("labelSelector") && !c["labelSelector"].is_null())
            out.forbidden(p + ".labelSelector",
                          "constraint must not define a selector, as they deduced for each pod");
    }
}

void validate_preemption_args(Out& out, const std::string& path, const Json& args) {
    std::int64_t pct = as_int(args.value("minCandidateNodesPercentage", Json(10)));
    std::int64_t abs = as_int(args.value("minCandidateNodesAbsolute", Json(100)));
    if (pct < 0 || pct > 100)
        out.invalid(path + ".minCandidateNodesPercentage", pct, "not in valid range [0, 100]");
    if (abs < 0)
        out.invalid(path + ".minCandidateNodesAbsolute", abs, "not in valid range [0, inf)");
    if (pct == 0 && abs == 0)
        out.invalid(path, Json("minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0"),
                    "cannot both be zero");
}

void validate_interpod_args(Out& out, const std::string& path, const Json& args) {
    std::int64_t w = as_int(args.value("hardPodAffinityWeight", Json(1)));
    if (w < 0 || w > 100)
        out.invalid(path + ".hardPodAffinityWeight", w, "not in valid range [0, 100]");
}

void validate_volume_binding_args(Out& out, const std::string& path, const Json& args) {
    std::int64_t t = as_int(args.value("bindTimeoutSeconds", Json(600)));
    if (t < 0)
        out.invalid(path + ".bindTimeoutSeconds", t,
                    "invalid BindTimeoutSeconds, should not be a negative value");
}

double go_duration(const std::string& s, bool& ok);

} // namespace

std::vector<Finding> validate_config_unchecked(const SchedulerConfiguration& cfg, int minor);

std::vector<Finding> validate_config(const SchedulerConfiguration& cfg, int minor) {
    try {
        return validate_config_unchecked(cfg, minor);
    } catch (const nlohmann::json::exception&) {
        // Args of the wrong shape (a list where an object belongs): kube-scheduler's strict decoder
        // refuses the file, so do we.
        throw Error::input("plugin args have the wrong structure (objects, lists and numbers where "
                           "kube-scheduler expects them)")
            .at(cfg.file);
    }
}

std::vector<Finding> validate_config_unchecked(const SchedulerConfiguration& cfg, int minor) {
    std::vector<Finding> list;
    Out out{list};
    // component-base: clientConnection, leaderElection
    if (cfg.burst < 0)
        out.invalid("clientConnection.burst", cfg.burst, "must be non-negative");
    if (cfg.leader_elect) {
        bool ok1, ok2, ok3;
        double lease = go_duration(cfg.lease_duration, ok1),
               renew = go_duration(cfg.renew_deadline, ok2),
               retry = go_duration(cfg.retry_period, ok3);
        if (!ok1 || lease <= 0)
            out.invalid("leaderElection.leaseDuration", cfg.lease_duration,
                        "must be greater than zero");
        if (!ok2 || renew <= 0)
            out.invalid("leaderElection.renewDeadline", cfg.renew_deadline,
                        "must be greater than zero");
        if (!ok3 || retry <= 0)
            out.invalid("leaderElection.retryPeriod", cfg.retry_period,
                        "must be greater than zero");
        if (ok1 && ok2 && lease <= renew)
            out.invalid("leaderElection.leaseDuration", cfg.renew_deadline,
                        "LeaseDuration must be greater than RenewDeadline");
        if (cfg.resource_lock.empty())
            out.invalid("leaderElection.resourceLock", cfg.resource_lock,
                        "resourceLock is required");
        if (cfg.resource_namespace.empty())
            out.invalid("leaderElection.resourceNamespace", cfg.resource_namespace,
                        "resourceNamespace is required");
        if (cfg.resource_name.empty())
            out.invalid("leaderElection.resourceName", cfg.resource_name,
                        "resourceName is required");
        if (cfg.resource_lock != "leases")
            out.invalid("leaderElection.resourceLock", cfg.resource_lock,
                        "resourceLock value must be \"leases\"");
    }
    if (cfg.parallelism <= 0)
        out.invalid("parallelism", cfg.parallelism, "should be an integer value greater than zero");
    if (cfg.profiles.empty()) {
        out.required("profiles", "");
    } else {
        std::map<std::string, std::size_t> names;
        for (std::size_t i = 0; i < cfg.profiles.size(); ++i) {
            const auto& prof = cfg.profiles[i];
            std::string path = "profiles[" + std::to_string(i) + "]";
            if (prof.scheduler_name.empty())
                out.required(path + ".schedulerName", "");
            if (prof.percentage && (*prof.percentage < 0 || *prof.percentage > 100))
                out.invalid(path + ".percentageOfNodesToScore", *prof.percentage,
                            "not in valid range [0-100]");
            // invalidPluginsByVersion (v1)
            for (int k = 0; k < kPointCount; ++k)
                for (std::size_t e = 0; e < prof.plugins[k].enabled.size(); ++e) {
                    const std::string& n = prof.plugins[k].enabled[e].name;
                    if (n == "AzureDiskLimits" || n == "CinderLimits" || n == "EBSLimits" ||
                        n == "GCEPDLimits")
                        out.invalid(path + ".plugins." + point_field(static_cast<Point>(k)) +
                                        ".enabled[" + std::to_string(e) + "]",
                                    n,
                                    "was invalid in version \"kubescheduler.config.k8s.io/v1\" "
                                    "(KubeSchedulerConfiguration is version "
                                    "\"kubescheduler.config.k8s.io/v1\")");
                }
            std::set<std::string> seen;
            for (std::size_t c = 0; c < prof.plugin_config.size(); ++c) {
                const auto& [name, args] = prof.plugin_config[c];
                std::string cp = path + ".pluginConfig[" + std::to_string(c) + "]";
                if (seen.count(name))
                    out.duplicate(cp, name);
                seen.insert(name);
                std::string ap = cp + ".args";
                if (!args.is_object() && !args.is_null()) {
                    out.invalid(ap, args, "has to match plugin args");
                    continue;
                }
                if (args.is_object() && args.contains("kind") && args["kind"].is_string() &&
                    args["kind"].get<std::string>() != name + "Args") {
                    out.invalid(ap, args["kind"], "has to match plugin args");
                    continue;
                }
                // Upstream keys the Fit validator as "NodeResourcesFitArgs" (never matches), so
                // kube-scheduler only rejects bad Fit args when it builds the plugin; same rules.
                if (name == "NodeResourcesFit")
                    validate_fit_args(out, ap, args);
                else if (name == "NodeResourcesBalancedAllocation")
                    validate_balanced_args(out, ap, args);
                else if (name == "PodTopologySpread")
                    validate_spread_args(out, ap, args);
                else if (name == "DefaultPreemption")
                    validate_preemption_args(out, ap, args);
                else if (name == "InterPodAffinity")
                    validate_interpod_args(out, ap, args);
                else if (name == "VolumeBinding")
                    validate_volume_binding_args(out, ap, args);
            }
            if (auto it = names.find(prof.scheduler_name); it != names.end())
                out.duplicate(path + ".schedulerName",
                              "profiles[" + std::to_string(it->second) + "].schedulerName");
            names[prof.scheduler_name] = i;
        }
        // validateCommonQueueSort
        const PluginSet& canon = cfg.profiles[0].plugins[static_cast<int>(Point::queue_sort)];
        if (canon.enabled.size() > 1)
            out.invalid("profiles[0].plugins.queueSort.Enabled",
                        static_cast<std::int64_t>(canon.enabled.size()),
                        "only one queue sort plugin can be enabled");
        for (std::size_t i = 1; i < cfg.profiles.size(); ++i)
            if (!(cfg.profiles[i].plugins[static_cast<int>(Point::queue_sort)] == canon))
                out.invalid("profiles[" + std::to_string(i) + "].plugins.queueSort", Json("{...}"),
                            "queueSort must be the same for all profiles");
    }
    if (cfg.percentage && (*cfg.percentage < 0 || *cfg.percentage > 100))
        out.invalid("percentageOfNodesToScore", *cfg.percentage, "not in valid range [0-100]");
    if (cfg.initial_backoff <= 0)
        out.invalid("podInitialBackoffSeconds", cfg.initial_backoff, "must be greater than 0");
    if (cfg.max_backoff < cfg.initial_backoff)
        out.invalid("podMaxBackoffSeconds", cfg.max_backoff,
                    "must be greater than or equal to PodInitialBackoffSeconds");
    // extenders
    int binders = 0;
    for (std::size_t i = 0; i < cfg.extenders.size(); ++i) {
        const Json& e = cfg.extenders[i];
        std::string p = "extenders[" + std::to_string(i) + "]";
        if (e.value("prioritizeVerb", std::string()) != "" &&
            as_int(e.value("weight", Json(0))) <= 0)
            out.invalid(p + ".weight", as_int(e.value("weight", Json(0))),
                        "must have a positive weight applied to it");
        if (e.value("bindVerb", std::string()) != "")
            ++binders;
    }
    if (binders > 1)
        out.invalid("extenders", Json(std::to_string(binders) + " extenders"),
                    "found 2 extenders implementing bind");

    // ---- framework build (NewFramework), per profile ----
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
            for (std::size_t u = 0; u < list.size(); ++u)
                if (list[u].name == name) {
                    // the n-th occurrence in the merged list maps to the n-th in the user's list
                    std::size_t nth = 0;
                    const auto& merged = prof.plugins[k].enabled;
                    for (std::size_t m = 0; m < merged_index && m < merged.size(); ++m)
                        nth += merged[m].name == name;
                    if (seen == nth)
                        return path + "." + point_field(static_cast<Point>(k)) + "." + which + "[" +
                               std::to_string(u) + "]";
                    ++seen;
                }
            return path + "." + point_field(static_cast<Point>(k)) + "." + which + "[" +
                   std::to_string(merged_index) + "]";
        };
        auto check_exists = [&](const std::string& name, const std::string& p,
                                Point point) -> const PluginInfo* {
            if (const PluginInfo* info = find_plugin(minor, name))
                return info;
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
                if (!info)
                    continue;
                if (point == Point::multi_point)
                    continue;
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
                if (n == "*" || find_plugin(minor, n))
                    continue;
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
        for (int k : {static_cast<int>(Point::score), static_cast<int>(Point::multi_point)})
            for (std::size_t e = 0; e < prof.plugins[k].enabled.size(); ++e) {
                const auto& ref = prof.plugins[k].enabled[e];
                const PluginInfo* info = find_plugin(minor, ref.name);
                if (!info || !info->implements(Point::score) || !ref.weight)
                    continue;
                std::string p = entry_path(k, ref.name, e) + ".weight";
                if (*ref.weight < 0)
                    out.warn(
                        p, "NegativeWeight",
                        "weight " + std::to_string(*ref.weight) + " of " + ref.name +
                            " is accepted by kube-scheduler but inverts the plugin's preference");
            }
        if (plugin_errors)
            continue;
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
            if (all_disabled)
                return out_list;
            std::vector<std::string> overrides, multi;
            for (const auto& ref : prof.plugins[static_cast<int>(Point::multi_point)].enabled) {
                const PluginInfo* info = find_plugin(minor, ref.name);
                if (!info || !info->implements(point) || disabled.count(ref.name))
                    continue;
                if (std::find(out_list.begin(), out_list.end(), ref.name) != out_list.end()) {
                    overrides.push_back(ref.name);
                    continue;
                }
                if (std::find(multi.begin(), multi.end(), ref.name) == multi.end())
                    multi.push_back(ref.name);
            }
            std::vector<std::string> result;
            for (const auto& n : out_list)
                if (std::find(overrides.begin(), overrides.end(), n) != overrides.end())
                    result.push_back(n);
            for (const auto& n : multi)
                result.push_back(n);
            for (const auto& n : out_list)
                if (std::find(overrides.begin(), overrides.end(), n) == overrides.end())
                    result.push_back(n);
            return result;
        };
        auto qs = expanded(Point::queue_sort);
        if (qs.size() != 1)
            out.error(path + ".queueSort", "QueueSortCount",
                      "only one queue sort plugin required for profile with scheduler name " +
                          json_quote(prof.scheduler_name) + ", but got " +
                          std::to_string(qs.size()));
        if (expanded(Point::bind).empty())
            out.error(path + ".bind", "BindMissing",
                      "at least one bind plugin is needed for profile with scheduler name " +
                          json_quote(prof.scheduler_name));
        // pluginConfig for plugins that are not enabled anywhere
        std::set<std::string> enabled_any;
        for (int k = 0; k < kPointCount; ++k)
            for (const auto& e : prof.plugins[k].enabled)
                enabled_any.insert(e.name);
        for (std::size_t c = 0; c < prof.plugin_config.size(); ++c) {
            const auto& name = prof.plugin_config[c].first;
            if (enabled_any.count(name))
                continue;
            std::string p =
                "profiles[" + std::to_string(i) + "].pluginConfig[" + std::to_string(c) + "].name";
            if (!find_plugin(minor, name)) {
                std::string dym = did_you_mean(name, names);
                out.error(p, "PluginNotFound",
                          "pluginConfig for unknown plugin " + json_quote(name) +
                              (dym.empty() ? "" : ", did you mean " + json_quote(dym) + "?"));
            } else {
                out.warn(p, "PluginConfigUnused",
                         "pluginConfig for " + json_quote(name) +
                             ", which is not enabled in this profile");
            }
        }
    }
    return list;
}

namespace {
double go_duration(const std::string& s, bool& ok) {
    ok = false;
    if (s.empty())
        return 0;
    double total = 0;
    std::size_t i = 0;
    bool neg = false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        ++i;
    }
    if (s.substr(i) == "0") {
        ok = true;
        return 0;
    }
    if (i >= s.size())
        return 0;
    while (i < s.size()) {
        std::size_t start = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
            ++i;
        if (start == i)
            return 0;
        double n = std::atof(s.substr(start, i - start).c_str());
        std::size_t us = i;
        while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.')
            ++i;
        std::string unit = s.substr(us, i - us);
        double mult = unit == "ns"                            ? 1e-9
                      : (unit == "us" || unit == "\xC2\xB5s") ? 1e-6
                      : unit == "ms"                          ? 1e-3
                      : unit == "s"                           ? 1
                      : unit == "m"                           ? 60
                      : unit == "h"                           ? 3600
                                                              : -1;
        if (mult < 0)
            return 0;
        total += n * mult;
    }
    ok = true;
    return neg ? -total : total;
}
} // namespace

} // namespace corral::k8s
