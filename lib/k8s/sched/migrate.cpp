// `sched lint --fix`: removed API versions (v1beta1/2/3) and removed plugins migrated to
// kubescheduler.config.k8s.io/v1 (the old scoring plugins become NodeResourcesFit scoringStrategy;
// SelectorSpread, NodeLabel, ServiceAffinity and NodePreferAvoidPods are dropped).
#include "k8s/sched/config.hpp"

#include <optional>

namespace corral::k8s {

namespace {
const char* const kV1 = "kubescheduler.config.k8s.io/v1";
} // namespace

// The document is the strict-decoded one (sched_decode.cpp): every field has its v1 type.
Json migrate_config(const Json& raw, std::vector<std::string>* notes) {
    Json out = raw;
    auto note = [&](const std::string& n) {
        if (notes) {
            notes->push_back(n);
        }
    };
    if (out.value("apiVersion", std::string()) != kV1) {
        note("apiVersion " + out.value("apiVersion", std::string()) + " -> " + kV1);
        out["apiVersion"] = kV1;
    }
    if (!out.contains("profiles") || !out["profiles"].is_array()) {
        return out;
    }
    for (auto& prof : out["profiles"]) {
        if (!prof.is_object()) {
            continue;
        }
        std::optional<Json> strategy;
        if (prof.contains("plugins") && prof["plugins"].is_object()) {
            for (auto& [point, set] : prof["plugins"].items()) {
                if (!set.is_object()) {
                    continue;
                }
                for (const char* which : {"enabled", "disabled"}) {
                    if (!set.contains(which) || !set[which].is_array()) {
                        continue;
                    }
                    Json kept = Json::array();
                    for (const auto& ref : set[which]) {
                        std::string n = ref.value("name", std::string());
                        std::string type = n == "NodeResourcesLeastAllocated"  ? "LeastAllocated"
                                           : n == "NodeResourcesMostAllocated" ? "MostAllocated"
                                           : n == "RequestedToCapacityRatio"
                                               ? "RequestedToCapacityRatio"
                                               : "";
                        if (!type.empty()) {
                            if (std::string(which) == "enabled") {
                                Json s = {{"type", type}};
                                // Carry the old args over.
                                if (prof.contains("pluginConfig") &&
                                    prof["pluginConfig"].is_array()) {
                                    for (const auto& pc : prof["pluginConfig"]) {
                                        if (pc.value("name", std::string()) == n &&
                                            pc.contains("args") && pc["args"].is_object()) {
                                            if (pc["args"].contains("resources")) {
                                                s["resources"] = pc["args"]["resources"];
                                            }
                                            if (pc["args"].contains("shape")) {
                                                s["requestedToCapacityRatio"] = {
                                                    {"shape", pc["args"]["shape"]}};
                                            }
                                        }
                                    }
                                }
                                if (type == "RequestedToCapacityRatio" &&
                                    !s.contains("requestedToCapacityRatio")) {
                                    s["requestedToCapacityRatio"] = {
                                        {"shape",
                                         Json::array({{{"utilization", 0}, {"score", 0}},
                                                      {{"utilization", 100}, {"score", 10}}})}};
                                }
                                strategy = s;
                                note(n + " -> NodeResourcesFit scoringStrategy " + type);
                            }
                            continue;
                        }
                        if (n == "SelectorSpread" || n == "NodeLabel" || n == "ServiceAffinity" ||
                            n == "NodePreferAvoidPods") {
                            note("dropped removed plugin " + n + " from " + point + "." + which +
                                 (n == "SelectorSpread"
                                      ? " (PodTopologySpread system defaults spread pods)"
                                      : ""));
                            continue;
                        }
                        kept.push_back(ref);
                    }
                    set[which] = kept;
                }
            }
            // Drop what the migration emptied.
            Json plugins = Json::object();
            for (auto& [point, set] : prof["plugins"].items()) {
                if (!set.is_object()) {
                    continue;
                }
                Json cleaned = Json::object();
                for (auto& [which, list] : set.items()) {
                    if (!(list.is_array() && list.empty())) {
                        cleaned[which] = list;
                    }
                }
                if (!cleaned.empty()) {
                    plugins[point] = cleaned;
                }
            }
            if (plugins.empty()) {
                prof.erase("plugins");
            } else {
                prof["plugins"] = plugins;
            }
        }
        if (prof.contains("pluginConfig") && prof["pluginConfig"].is_array()) {
            Json kept = Json::array();
            for (auto pc : prof["pluginConfig"]) {
                std::string n = pc.value("name", std::string());
                if (n == "NodeResourcesLeastAllocated" || n == "NodeResourcesMostAllocated" ||
                    n == "RequestedToCapacityRatio" || n == "SelectorSpread" || n == "NodeLabel" ||
                    n == "ServiceAffinity") {
                    continue;
                }
                if (pc.contains("args") && pc["args"].is_object() &&
                    pc["args"].contains("apiVersion")) {
                    pc["args"]["apiVersion"] = kV1;
                }
                if (n == "NodeResourcesFit" && strategy && pc.contains("args") &&
                    pc["args"].is_object()) {
                    pc["args"]["scoringStrategy"] = *strategy;
                    strategy.reset();
                }
                kept.push_back(pc);
            }
            prof["pluginConfig"] = kept;
        }
        if (strategy) {
            if (!prof.contains("pluginConfig") || !prof["pluginConfig"].is_array()) {
                prof["pluginConfig"] = Json::array();
            }
            prof["pluginConfig"].push_back(
                {{"name", "NodeResourcesFit"}, {"args", {{"scoringStrategy", *strategy}}}});
        }
    }
    return out;
}

} // namespace corral::k8s
