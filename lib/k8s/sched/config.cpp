#include "k8s/sched/config.hpp"

#include "core/error.hpp"
#include "core/yaml.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace corral::k8s {

int parse_kubernetes_version(const std::string& text) {
    std::string t = text;
    if (!t.empty() && t[0] == 'v') {
        t = t.substr(1);
    }
    int major = 0, minor = -1;
    if (std::sscanf(t.c_str(), "%d.%d", &major, &minor) != 2 || major != 1 ||
        !supported_minor(minor)) {
        throw Error::usage("--kubernetes-version: \"" + text +
                           "\" is not supported (choose 1.31, 1.32, 1.33 or 1.34)");
    }
    return minor;
}

SchedulerConfiguration default_scheduler_config() {
    SchedulerConfiguration cfg;
    cfg.file = "<defaults>";
    return cfg;
}

namespace {

PluginSet merge_plugin_set(const PluginSet& def, const PluginSet& custom) {
    // pkg/scheduler/apis/config/v1/default_plugins.go mergePluginSet
    std::set<std::string> disabled_names;
    PluginSet out;
    for (const auto& d : custom.disabled) {
        out.disabled.push_back({d.name, std::nullopt});
        disabled_names.insert(d.name);
    }
    for (const auto& d : def.disabled) {
        out.disabled.push_back({d.name, std::nullopt});
        disabled_names.insert(d.name);
    }
    std::set<std::size_t> replaced;
    if (!disabled_names.count("*")) {
        for (auto plugin : def.enabled) {
            if (disabled_names.count(plugin.name)) {
                continue;
            }
            // The last custom entry of that name wins (map assignment upstream).
            for (std::size_t i = custom.enabled.size(); i-- > 0;) {
                if (custom.enabled[i].name == plugin.name) {
                    plugin = custom.enabled[i];
                    replaced.insert(i);
                    break;
                }
            }
            out.enabled.push_back(plugin);
        }
    }
    for (std::size_t i = 0; i < custom.enabled.size(); ++i) {
        if (!replaced.count(i)) {
            out.enabled.push_back(custom.enabled[i]);
        }
    }
    return out;
}

Json make_default_args(const std::string& plugin) {
    if (plugin == "NodeResourcesFit") {
        return Json{{"scoringStrategy",
                     {{"type", "LeastAllocated"},
                      {"resources", Json::array({{{"name", "cpu"}, {"weight", 1}},
                                                 {{"name", "memory"}, {"weight", 1}}})}}}};
    }
    if (plugin == "NodeResourcesBalancedAllocation") {
        return Json{{"resources", Json::array({{{"name", "cpu"}, {"weight", 1}},
                                               {{"name", "memory"}, {"weight", 1}}})}};
    }
    if (plugin == "PodTopologySpread") {
        return Json{{"defaultingType", "System"}};
    }
    if (plugin == "DefaultPreemption") {
        return Json{{"minCandidateNodesPercentage", 10}, {"minCandidateNodesAbsolute", 100}};
    }
    if (plugin == "InterPodAffinity") {
        return Json{{"hardPodAffinityWeight", 1}};
    }
    if (plugin == "VolumeBinding") {
        return Json{{"bindTimeoutSeconds", 600}};
    }
    if (plugin == "NodeAffinity") {
        return Json::object();
    }
    return Json();
}

// The default args of a plugin (null when it has none), built once per name.
const Json& default_args(const std::string& plugin) {
    static const std::map<std::string, Json, std::less<>> table = [] {
        std::map<std::string, Json, std::less<>> out;
        for (const char* name :
             {"NodeResourcesFit", "NodeResourcesBalancedAllocation", "PodTopologySpread",
              "DefaultPreemption", "InterPodAffinity", "VolumeBinding", "NodeAffinity"}) {
            out.emplace(name, make_default_args(name));
        }
        return out;
    }();
    static const Json none;
    auto it = table.find(plugin);
    return it == table.end() ? none : it->second;
}

// SetDefaults_NodeResourcesFitArgs / BalancedAllocation / PodTopologySpread on given args.
void default_plugin_args(const std::string& plugin, Json& args) {
    if (!args.is_object()) {
        return;
    }
    auto default_resources = [](Json& list) {
        if (!list.is_array() || list.empty()) {
            list = Json::array(
                {{{"name", "cpu"}, {"weight", 1}}, {{"name", "memory"}, {"weight", 1}}});
        }
        for (auto& r : list) {
            if (r.is_object() && (!r.contains("weight") || r["weight"] == 0)) {
                r["weight"] = 1;
            }
        }
    };
    if (plugin == "NodeResourcesFit") {
        if (!args.contains("scoringStrategy") || args["scoringStrategy"].is_null()) {
            args["scoringStrategy"] = default_args(plugin)["scoringStrategy"];
        }
        Json& s = args["scoringStrategy"];
        if (s.is_object()) {
            if (!s.contains("resources") || s["resources"].is_null()) {
                s["resources"] = Json::array();
            }
            default_resources(s["resources"]);
        }
    } else if (plugin == "NodeResourcesBalancedAllocation") {
        if (!args.contains("resources") || args["resources"].is_null()) {
            args["resources"] = Json::array();
        }
        default_resources(args["resources"]);
    } else if (plugin == "PodTopologySpread") {
        if (!args.contains("defaultingType") || args["defaultingType"] == "") {
            args["defaultingType"] = "System";
        }
    }
}

std::vector<PluginRef> make_default_multipoint(int minor) {
    std::vector<PluginRef> out;
    for (const auto& p : plugins_for(minor)) {
        if (p.is_default) {
            PluginRef r{p.name, std::nullopt};
            if (p.default_weight) {
                r.weight = p.default_weight;
            }
            out.push_back(r);
        }
    }
    return out;
}

// getDefaultPlugins' MultiPoint list, built once per version.
const std::vector<PluginRef>& default_multipoint(int minor) {
    static const std::vector<PluginRef> v31 = make_default_multipoint(31),
                                        v32 = make_default_multipoint(32),
                                        v33 = make_default_multipoint(33),
                                        v34 = make_default_multipoint(34);
    return minor == 31 ? v31 : minor == 32 ? v32 : minor == 33 ? v33 : v34;
}

} // namespace

void apply_defaults(SchedulerConfiguration& cfg, int minor) {
    if (cfg.defaulted) {
        return;
    }
    cfg.defaulted = true;
    if (cfg.profiles.empty()) {
        cfg.profiles.emplace_back();
    }
    // Only a single profile whose schedulerName is absent (nil) gets the default name.
    if (cfg.profiles.size() == 1 && !cfg.profiles[0].scheduler_name_present) {
        cfg.profiles[0].scheduler_name = "default-scheduler";
    }
    for (auto& prof : cfg.profiles) {
        apply_profile_defaults(prof, minor);
    }
}

void apply_profile_defaults(ProfileConfig& prof, int minor) {
    std::array<PluginSet, kPointCount> defaults;
    defaults[static_cast<int>(Point::multi_point)].enabled = default_multipoint(minor);
    prof.user_plugins = prof.plugins;
    for (int k = 0; k < kPointCount; ++k) {
        prof.plugins[k] = merge_plugin_set(defaults[k], prof.plugins[k]);
    }
    // pluginConfig: default args for every enabled plugin that has an Args type.
    std::vector<std::string> enabled;
    for (int k = 0; k < kPointCount; ++k) {
        for (const auto& e : prof.plugins[k].enabled) {
            if (std::find(enabled.begin(), enabled.end(), e.name) == enabled.end()) {
                enabled.push_back(e.name);
            }
        }
    }
    for (auto& [name, args] : prof.plugin_config) {
        if (args.is_null()) {
            args = default_args(name);
        }
        default_plugin_args(name, args);
    }
    for (const auto& name : enabled) {
        bool have = false;
        for (const auto& pc : prof.plugin_config) {
            have |= pc.first == name;
        }
        const Json& args = default_args(name);
        if (!have && !args.is_null()) {
            prof.plugin_config.emplace_back(name, args);
        }
    }
}

namespace {

std::vector<ResourceSpec> parse_resources(const Json& list) {
    std::vector<ResourceSpec> out;
    if (!list.is_array()) {
        return out;
    }
    for (const auto& r : list) {
        ResourceSpec s;
        s.name = r.value("name", std::string());
        s.weight =
            r.contains("weight") && r["weight"].is_number() ? r["weight"].get<std::int64_t>() : 1;
        if (s.weight == 0) {
            s.weight = 1;
        }
        out.push_back(s);
    }
    return out;
}

std::vector<PluginRef> expand_point(const ProfileConfig& prof, Point point, int minor) {
    int k = static_cast<int>(point);
    std::vector<PluginRef> own = prof.plugins[k].enabled;
    std::set<std::string> disabled;
    bool all = false;
    for (const auto& d : prof.plugins[k].disabled) {
        disabled.insert(d.name);
        all |= d.name == "*";
    }
    if (all) {
        return own;
    }
    std::vector<std::string> overrides;
    std::vector<PluginRef> multi;
    for (const auto& ref : prof.plugins[static_cast<int>(Point::multi_point)].enabled) {
        const PluginInfo* info = find_plugin(minor, ref.name);
        if (!info || !info->implements(point) || disabled.count(ref.name)) {
            continue;
        }
        bool in_own = false;
        for (const auto& o : own) {
            in_own |= o.name == ref.name;
        }
        if (in_own) {
            overrides.push_back(ref.name);
            continue;
        }
        multi.push_back(ref);
    }
    std::vector<PluginRef> result;
    auto is_override = [&](const std::string& n) {
        return std::find(overrides.begin(), overrides.end(), n) != overrides.end();
    };
    for (const auto& o : own) {
        if (is_override(o.name)) {
            result.push_back(o);
        }
    }
    for (const auto& m : multi) {
        result.push_back(m);
    }
    for (const auto& o : own) {
        if (!is_override(o.name)) {
            result.push_back(o);
        }
    }
    return result;
}

} // namespace

SimConfig build_sim_config(SchedulerConfiguration cfg, int minor) {
    apply_defaults(cfg, minor);
    auto findings = validate_config(cfg, minor);
    for (const auto& f : findings) {
        if (f.severity == "error") {
            throw Error::input(f.message + " (run sched lint for all findings)")
                .at(cfg.file)
                .field(f.path);
        }
    }
    SimConfig sim;
    sim.percentage = cfg.percentage;
    for (const auto& prof : cfg.profiles) {
        Profile p;
        p.scheduler_name = prof.scheduler_name;
        p.percentage = prof.percentage;
        for (const auto& ref : expand_point(prof, Point::filter, minor)) {
            p.filters.push_back(ref.name);
        }
        // getScoreWeights: score-point weights first, then MultiPoint; 0 or unset means 1.
        std::vector<PluginRef> weight_src = prof.plugins[static_cast<int>(Point::score)].enabled;
        for (const auto& r : prof.plugins[static_cast<int>(Point::multi_point)].enabled) {
            weight_src.push_back(r);
        }
        for (const auto& ref : expand_point(prof, Point::score, minor)) {
            ScorePlugin sp{ref.name, 1};
            for (const auto& w : weight_src) {
                if (w.name == ref.name) {
                    sp.weight = w.weight.value_or(0) == 0 ? 1 : *w.weight;
                    break;
                }
            }
            p.scores.push_back(sp);
        }
        for (const auto& [name, args] : prof.plugin_config) {
            if (!args.is_object()) {
                continue;
            }
            if (name == "NodeResourcesFit") {
                const Json& s = args["scoringStrategy"];
                std::string type = s.value("type", std::string("LeastAllocated"));
                p.strategy = type == "MostAllocated" ? Strategy::most_allocated
                             : type == "RequestedToCapacityRatio"
                                 ? Strategy::requested_to_capacity_ratio
                                 : Strategy::least_allocated;
                p.fit_resources = parse_resources(s.value("resources", Json::array()));
                if (s.contains("requestedToCapacityRatio") &&
                    s["requestedToCapacityRatio"].is_object()) {
                    for (const auto& pt :
                         s["requestedToCapacityRatio"].value("shape", Json::array())) {
                        p.shape.push_back({pt.value("utilization", std::int64_t{0}),
                                           pt.value("score", std::int64_t{0})});
                    }
                }
                if (args.contains("ignoredResources")) {
                    for (const auto& r : args["ignoredResources"]) {
                        p.ignored_resources.push_back(r.get<std::string>());
                    }
                }
                if (args.contains("ignoredResourceGroups")) {
                    for (const auto& r : args["ignoredResourceGroups"]) {
                        p.ignored_resource_groups.push_back(r.get<std::string>());
                    }
                }
            } else if (name == "NodeResourcesBalancedAllocation") {
                p.balanced_resources = parse_resources(args.value("resources", Json::array()));
            } else if (name == "PodTopologySpread") {
                p.spread_system_defaulted =
                    args.value("defaultingType", std::string("System")) == "System";
                if (!p.spread_system_defaulted && args.contains("defaultConstraints")) {
                    for (const auto& c : args["defaultConstraints"]) {
                        SpreadConstraint sc;
                        sc.max_skew = static_cast<std::int32_t>(c.value("maxSkew", 1));
                        sc.topology_key = c.value("topologyKey", std::string());
                        sc.when_unsatisfiable = c.value("whenUnsatisfiable", std::string());
                        p.spread_defaults.push_back(sc);
                    }
                }
            } else if (name == "NodeAffinity" && args.contains("addedAffinity")) {
                const Json& aa = args["addedAffinity"];
                auto reqs = [](const Json& list) {
                    std::vector<SelectorRequirement> out;
                    if (!list.is_array()) {
                        return out;
                    }
                    for (const auto& r : list) {
                        SelectorRequirement q{
                            r.value("key", std::string()), r.value("operator", std::string()), {}};
                        if (r.contains("values")) {
                            for (const auto& v : r["values"]) {
                                q.values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
                            }
                        }
                        out.push_back(q);
                    }
                    return out;
                };
                auto term = [&](const Json& t) {
                    NodeSelectorTerm nt;
                    nt.match_expressions = reqs(t.value("matchExpressions", Json()));
                    nt.match_fields = reqs(t.value("matchFields", Json()));
                    return nt;
                };
                const Json& req =
                    aa.value("requiredDuringSchedulingIgnoredDuringExecution", Json());
                if (req.is_object()) {
                    std::vector<NodeSelectorTerm> terms;
                    for (const auto& t : req.value("nodeSelectorTerms", Json::array())) {
                        terms.push_back(term(t));
                    }
                    p.added_required = terms;
                }
                for (const auto& t :
                     aa.value("preferredDuringSchedulingIgnoredDuringExecution", Json::array())) {
                    p.added_preferred.push_back({static_cast<std::int32_t>(t.value("weight", 0)),
                                                 term(t.value("preference", Json()))});
                }
            }
        }
        if (p.spread_system_defaulted) {
            SpreadConstraint host, zone;
            host.max_skew = 3;
            host.topology_key = "kubernetes.io/hostname";
            host.when_unsatisfiable = "ScheduleAnyway";
            zone.max_skew = 5;
            zone.topology_key = "topology.kubernetes.io/zone";
            zone.when_unsatisfiable = "ScheduleAnyway";
            p.spread_defaults = {host, zone};
        }
        sim.profiles.push_back(std::move(p));
    }
    return sim;
}

} // namespace corral::k8s
