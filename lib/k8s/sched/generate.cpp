#include "k8s/sched/generate.hpp"

#include "core/error.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/plugins.hpp"

#include <cstdlib>

namespace corral::k8s {

namespace {

std::int64_t parse_number(const std::string& s, const std::string& flag) {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || !end || *end) {
        throw Error::usage(flag + ": \"" + s + "\" is not an integer");
    }
    return v;
}

Json resource(const std::string& name, std::int64_t w) {
    return {{"name", name}, {"weight", w}};
}

} // namespace

Json generate_scheduler_config(const GenerateOptions& o, int minor) {
    std::string strategy = "LeastAllocated";
    Json resources = Json::array({resource("cpu", 1), resource("memory", 1)});
    Json shape = Json::array();
    Json multi_enabled = Json::array(), multi_disabled = Json::array();
    Json extra_config = Json::array();
    if (o.preset == "binpack") {
        strategy = "MostAllocated";
        multi_enabled.push_back({{"name", "NodeResourcesFit"}, {"weight", 5}});
    } else if (o.preset == "gpu-binpack") {
        strategy = "RequestedToCapacityRatio";
        resources =
            Json::array({resource("nvidia.com/gpu", 5), resource("cpu", 1), resource("memory", 1)});
        shape = Json::array(
            {{{"utilization", 0}, {"score", 0}}, {{"utilization", 100}, {"score", 10}}});
        multi_enabled.push_back({{"name", "NodeResourcesFit"}, {"weight", 5}});
    } else if (o.preset == "spread") {
        multi_enabled.push_back({{"name", "PodTopologySpread"}, {"weight", 5}});
        extra_config.push_back(
            {{"name", "PodTopologySpread"},
             {"args",
              {{"defaultingType", "List"},
               {"defaultConstraints", Json::array({{{"maxSkew", 1},
                                                    {"topologyKey", "kubernetes.io/hostname"},
                                                    {"whenUnsatisfiable", "ScheduleAnyway"}},
                                                   {{"maxSkew", 1},
                                                    {"topologyKey", "topology.kubernetes.io/zone"},
                                                    {"whenUnsatisfiable", "ScheduleAnyway"}}})}}}});
    } else if (o.preset != "default") {
        throw Error::usage("--preset: \"" + o.preset +
                           "\" is not one of default, binpack, spread, gpu-binpack");
    }
    if (!o.strategy.empty()) {
        if (o.strategy == "least-allocated") {
            strategy = "LeastAllocated";
        } else if (o.strategy == "most-allocated") {
            strategy = "MostAllocated";
        } else if (o.strategy == "requested-to-capacity-ratio") {
            strategy = "RequestedToCapacityRatio";
        } else {
            throw Error::usage(
                "--strategy: \"" + o.strategy +
                "\" is not one of least-allocated, most-allocated, requested-to-capacity-ratio");
        }
    }
    if (!o.resources.empty()) {
        resources = Json::array();
        for (const auto& r : o.resources) {
            auto eq = r.find('=');
            std::string name = r.substr(0, eq);
            std::int64_t w =
                eq == std::string::npos ? 1 : parse_number(r.substr(eq + 1), "--resource");
            if (name.empty()) {
                throw Error::usage("--resource: expected NAME=WEIGHT, got \"" + r + "\"");
            }
            if (w <= 0 || w > 100) {
                throw Error::usage("--resource " + r + ": resource weight of " + name +
                                   " not in valid range (0, 100]");
            }
            resources.push_back(resource(name, w));
        }
    }
    if (!o.shape.empty()) {
        if (o.strategy.empty()) {
            strategy = "RequestedToCapacityRatio";
        }
        if (strategy != "RequestedToCapacityRatio") {
            throw Error::usage("--shape needs --strategy requested-to-capacity-ratio");
        }
        shape = Json::array();
        for (const auto& s : o.shape) {
            auto colon = s.find(':');
            if (colon == std::string::npos) {
                throw Error::usage("--shape: expected UTIL:SCORE, got \"" + s + "\"");
            }
            shape.push_back({{"utilization", parse_number(s.substr(0, colon), "--shape")},
                             {"score", parse_number(s.substr(colon + 1), "--shape")}});
        }
    }
    if (strategy == "RequestedToCapacityRatio" && shape.empty()) {
        shape = Json::array(
            {{{"utilization", 0}, {"score", 0}}, {{"utilization", 100}, {"score", 10}}});
    }
    for (const auto& e : o.enable) {
        auto colon = e.find(':');
        std::string name = e.substr(0, colon);
        Json ref = {{"name", name}};
        if (colon != std::string::npos) {
            ref["weight"] = parse_number(e.substr(colon + 1), "--enable");
        }
        bool replaced = false;
        for (auto& m : multi_enabled) {
            if (m["name"] == name) {
                m = ref;
                replaced = true;
            }
        }
        if (!replaced) {
            multi_enabled.push_back(ref);
        }
    }
    for (const auto& d : o.disable) {
        multi_disabled.push_back({{"name", d}});
    }

    Json cfg;
    cfg["apiVersion"] = "kubescheduler.config.k8s.io/v1";
    cfg["kind"] = "KubeSchedulerConfiguration";
    if (!o.kubeconfig.empty()) {
        cfg["clientConnection"] = {{"kubeconfig", o.kubeconfig}};
    }
    cfg["leaderElection"] = {{"leaderElect", o.leader_elect}};
    if (o.percentage) {
        cfg["percentageOfNodesToScore"] = *o.percentage;
    }
    std::vector<std::string> names = o.profiles;
    if (names.empty()) {
        names.push_back(o.scheduler_name.empty() ? "default-scheduler" : o.scheduler_name);
    } else if (!o.scheduler_name.empty()) {
        names.insert(names.begin(), o.scheduler_name);
    }
    Json profiles = Json::array();
    for (const auto& name : names) {
        Json p;
        p["schedulerName"] = name;
        Json plugins = Json::object();
        Json mp = Json::object();
        if (!multi_enabled.empty()) {
            mp["enabled"] = multi_enabled;
        }
        if (!multi_disabled.empty()) {
            mp["disabled"] = multi_disabled;
        }
        if (!mp.empty()) {
            plugins["multiPoint"] = mp;
        }
        // With '*' disabled, the profile still needs its queue sort and binder.
        bool all_disabled = false;
        for (const auto& d : o.disable) {
            all_disabled |= d == "*";
        }
        if (all_disabled) {
            bool has_sort = false, has_bind = false;
            for (const auto& m : multi_enabled) {
                has_sort |= m["name"] == "PrioritySort";
                has_bind |= m["name"] == "DefaultBinder";
            }
            if (!has_sort) {
                plugins["multiPoint"]["enabled"].push_back({{"name", "PrioritySort"}});
            }
            if (!has_bind) {
                plugins["multiPoint"]["enabled"].push_back({{"name", "DefaultBinder"}});
            }
        }
        if (!plugins.empty()) {
            p["plugins"] = plugins;
        }
        Json fit_strategy = {{"type", strategy}, {"resources", resources}};
        if (strategy == "RequestedToCapacityRatio") {
            fit_strategy["requestedToCapacityRatio"] = {{"shape", shape}};
        }
        Json pc = Json::array(
            {{{"name", "NodeResourcesFit"}, {"args", {{"scoringStrategy", fit_strategy}}}}});
        for (const auto& e : extra_config) {
            pc.push_back(e);
        }
        p["pluginConfig"] = pc;
        profiles.push_back(p);
    }
    cfg["profiles"] = profiles;

    // The promise of `sched config`: what it prints passes `sched lint`.
    InputFile in{"<generated>", to_json(cfg)};
    std::vector<Finding> findings;
    SchedulerConfiguration parsed = parse_scheduler_config(in, &findings);
    apply_defaults(parsed, minor);
    for (const auto& f : validate_config(parsed, minor)) {
        findings.push_back(f);
    }
    for (const auto& f : findings) {
        if (f.severity == "error") {
            throw Error::usage("the flags give an invalid configuration: " + f.path + ": " +
                               f.message);
        }
    }
    return cfg;
}

} // namespace corral::k8s
