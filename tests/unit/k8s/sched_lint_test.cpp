// Config validation restating pkg/scheduler/apis/config/validation/validation_test.go
// (TestValidateKubeSchedulerConfigurationV1) and validation_pluginargs_test.go, plus the framework
// build rules of runtime/framework.go (plugin existence, queue sort and bind counts).
#include "k8s/sched/config.hpp"

#include "core/error.hpp"
#include "k8s/sched/generate.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using corral::Json;
using corral::to_json;
using corral::to_yaml;

namespace {

const std::string kHead =
    "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

std::vector<Finding> lint(const std::string& body, int minor = 34) {
    std::vector<Finding> findings;
    auto cfg = parse_scheduler_config({"c.yaml", kHead + body}, &findings);
    apply_defaults(cfg, minor);
    for (auto& f : validate_config(cfg, minor))
        findings.push_back(f);
    return findings;
}

std::vector<Finding> errors(const std::string& body, int minor = 34) {
    std::vector<Finding> out;
    for (auto& f : lint(body, minor))
        if (f.severity == "error")
            out.push_back(f);
    return out;
}

bool has(const std::vector<Finding>& fs, const std::string& path, const std::string& message_part) {
    for (const auto& f : fs)
        if (f.path == path && f.message.find(message_part) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE("lint: valid configurations", "[sched][lint]") {
    CHECK(errors("").empty());
    CHECK(errors("profiles:\n- schedulerName: a\n- schedulerName: b\n").empty());
    CHECK(errors("percentageOfNodesToScore: 0\nprofiles:\n- schedulerName: x\n  "
                 "percentageOfNodesToScore: 100\n")
              .empty());
    CHECK(errors("profiles:\n- schedulerName: x\n  pluginConfig:\n  - name: NodeResourcesFit\n    "
                 "args:\n      scoringStrategy:\n"
                 "        type: RequestedToCapacityRatio\n        resources: [{name: "
                 "nvidia.com/gpu, weight: 5}]\n"
                 "        requestedToCapacityRatio:\n          shape: [{utilization: 0, score: 0}, "
                 "{utilization: 100, score: 10}]\n")
              .empty());
    CHECK(
        errors("profiles:\n- plugins:\n    multiPoint:\n      disabled: [{name: '*'}]\n      "
               "enabled: [{name: PrioritySort}, {name: DefaultBinder}, {name: NodeResourcesFit}]\n")
            .empty());
}

// validation_test.go TestValidateKubeSchedulerConfigurationV1 (one SECTION per upstream case)
TEST_CASE("lint: upstream TestValidateKubeSchedulerConfigurationV1", "[sched][lint]") {
    SECTION("bad-parallelism-invalid-value") {
        CHECK(has(errors("parallelism: 0\n"), "parallelism",
                  "Invalid value: 0: should be an integer value greater than zero"));
    }
    SECTION("resourceLock must be leases") {
        CHECK(has(errors("leaderElection:\n  leaderElect: true\n  resourceLock: endpoints\n"),
                  "leaderElection.resourceLock", "resourceLock value must be \"leases\""));
    }
    SECTION("non-positive-lease-duration / lease-duration-smaller-than-renew-deadline") {
        CHECK(has(errors("leaderElection:\n  leaderElect: true\n  leaseDuration: -1s\n"),
                  "leaderElection.leaseDuration", "must be greater than zero"));
        CHECK(has(errors("leaderElection:\n  leaderElect: true\n  leaseDuration: 5s\n"),
                  "leaderElection.leaseDuration",
                  "LeaseDuration must be greater than RenewDeadline"));
    }
    SECTION("bad-percentage-of-nodes-to-score") {
        CHECK(has(errors("percentageOfNodesToScore: 110\n"), "percentageOfNodesToScore",
                  "Invalid value: 110: not in valid range [0-100]"));
        CHECK(has(errors("profiles:\n- schedulerName: x\n  percentageOfNodesToScore: -1\n"),
                  "profiles[0].percentageOfNodesToScore", "not in valid range [0-100]"));
    }
    SECTION("bad-pod-initial-backoff-seconds / bad-pod-max-backoff-seconds") {
        CHECK(has(errors("podInitialBackoffSeconds: 0\n"), "podInitialBackoffSeconds",
                  "must be greater than 0"));
        CHECK(has(errors("podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 3\n"),
                  "podMaxBackoffSeconds",
                  "must be greater than or equal to PodInitialBackoffSeconds"));
    }
    SECTION("scheduler-name-not-set") {
        CHECK(has(errors("profiles:\n- schedulerName: a\n- percentageOfNodesToScore: 10\n"),
                  "profiles[1].schedulerName", "Required value"));
    }
    SECTION("repeated-scheduler-name") {
        CHECK(has(errors("profiles:\n- schedulerName: a\n- schedulerName: a\n"),
                  "profiles[1].schedulerName", "Duplicate value: \"profiles[0].schedulerName\""));
    }
    SECTION("different-queue-sort") {
        CHECK(has(
            errors(
                "profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n   "
                "   enabled: [{name: CustomSort}]\n      disabled: [{name: '*'}]\n"),
            "profiles[1].plugins.queueSort", "queueSort must be the same for all profiles"));
    }
    SECTION("one queue sort plugin") {
        CHECK(has(errors("profiles:\n- plugins:\n    queueSort:\n      enabled: [{name: "
                         "PrioritySort}, {name: PrioritySort}]\n"),
                  "profiles[0].plugins.queueSort.Enabled",
                  "only one queue sort plugin can be enabled"));
    }
    SECTION("extender-negative-weight / only-one-binder") {
        CHECK(has(
            errors(
                "extenders:\n- urlPrefix: http://x\n  prioritizeVerb: prioritize\n  weight: -2\n"),
            "extenders[0].weight", "must have a positive weight applied to it"));
        CHECK(has(errors("extenders:\n- {urlPrefix: http://a, bindVerb: bind}\n- {urlPrefix: "
                         "http://b, bindVerb: bind}\n"),
                  "extenders",
                  "Invalid value: \"found 2 extenders implementing bind\": only one extender can "
                  "implement bind"));
    }
    SECTION("no profiles after defaulting is impossible; empty list is defaulted") {
        CHECK(errors("profiles: []\n").empty());
    }
    SECTION("invalid-plugins in v1 (invalidPluginsByVersion)") {
        CHECK(has(
            errors("profiles:\n- plugins:\n    filter:\n      enabled: [{name: EBSLimits}]\n", 31),
            "profiles[0].plugins.filter.enabled[0]", "was invalid in version"));
    }
    SECTION("duplicated-plugin-config") {
        CHECK(has(errors("profiles:\n- pluginConfig:\n  - {name: NodeAffinity, args: {}}\n  - "
                         "{name: NodeAffinity, args: {}}\n"),
                  "profiles[0].pluginConfig[1]", "Duplicate value: \"NodeAffinity\""));
    }
    SECTION("mismatch-args") {
        CHECK(has(errors("profiles:\n- pluginConfig:\n  - name: NodeAffinity\n    args: {kind: "
                         "InterPodAffinityArgs}\n"),
                  "profiles[0].pluginConfig[0].args", "has to match plugin args"));
    }
}

// validation_pluginargs_test.go (DefaultPreemption, InterPodAffinity, NodeResourcesFit,
// BalancedAllocation, PodTopologySpread, VolumeBinding) and the Fit weight cases of
// least_allocated_test.go / most_allocated_test.go ("resource with negative weight" etc.).
TEST_CASE("lint: upstream plugin args validation", "[sched][lint]") {
    auto args = [](const std::string& plugin, const std::string& a) {
        return errors("profiles:\n- pluginConfig:\n  - name: " + plugin + "\n    args: " + a +
                      "\n");
    };
    const std::string p = "profiles[0].pluginConfig[0].args";
    CHECK(has(args("DefaultPreemption", "{minCandidateNodesPercentage: -1}"),
              p + ".minCandidateNodesPercentage", "not in valid range [0, 100]"));
    CHECK(has(args("DefaultPreemption", "{minCandidateNodesAbsolute: -1}"),
              p + ".minCandidateNodesAbsolute", "not in valid range [0, inf)"));
    // "both zero": one finding on each field
    auto both_zero =
        args("DefaultPreemption", "{minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}");
    CHECK(both_zero.size() == 2);
    CHECK(has(both_zero, p + ".minCandidateNodesPercentage",
              "Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute"));
    CHECK(has(both_zero, p + ".minCandidateNodesAbsolute",
              "Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage"));
    CHECK(has(args("InterPodAffinity", "{hardPodAffinityWeight: -1}"), p + ".hardPodAffinityWeight",
              "not in valid range [0, 100]"));
    CHECK(has(args("InterPodAffinity", "{hardPodAffinityWeight: 101}"),
              p + ".hardPodAffinityWeight", "not in valid range [0, 100]"));
    // Fit weights (least_allocated_test.go: "resource with negative weight", "resource with zero
    // weight" is defaulted to 1 by v1 defaulting, "resource weight larger than MaxNodeScore")
    CHECK(has(args("NodeResourcesFit", "{scoringStrategy: {type: LeastAllocated, resources: "
                                       "[{name: memory, weight: -1}, {name: cpu, weight: 1}]}}"),
              p + ".scoringStrategy.resources[0].weight",
              "resource weight of memory not in valid range (0, 100]"));
    CHECK(has(
        args("NodeResourcesFit",
             "{scoringStrategy: {type: MostAllocated, resources: [{name: memory, weight: 101}]}}"),
        p + ".scoringStrategy.resources[0].weight", "not in valid range (0, 100]"));
    CHECK(args("NodeResourcesFit", "{scoringStrategy: {type: MostAllocated, resources: [{name: "
                                   "memory, weight: 1}, {name: cpu, weight: 0}]}}")
              .empty());
    CHECK(has(args("NodeResourcesFit", "{scoringStrategy: {type: Random}}"),
              p + ".scoringStrategy.type",
              "Unsupported value: \"Random\": supported values: \"LeastAllocated\", "
              "\"MostAllocated\", \"RequestedToCapacityRatio\""));
    CHECK(has(args("NodeResourcesFit", "{scoringStrategy: {type: RequestedToCapacityRatio}}"),
              p + ".scoringStrategy.requestedToCapacityRatio", "Required value"));
    // A requestedToCapacityRatio block beside another type is ignored by 1.31-1.34: a warning.
    auto ignored_ratio = lint("profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: "
                              "{scoringStrategy: {type: MostAllocated, requestedToCapacityRatio: "
                              "{shape: [{utilization: 0, score: 0}]}}}\n");
    REQUIRE(ignored_ratio.size() == 1);
    CHECK(ignored_ratio[0].severity == "warning");
    CHECK(ignored_ratio[0].path == p + ".scoringStrategy.requestedToCapacityRatio");
    CHECK(has(args("NodeResourcesFit", "{ignoredResourceGroups: [example.com/aaa]}"),
              p + ".ignoredResourceGroups[0]", "resource group name can't contain '/'"));
    // validateFunctionShape
    auto shape = [&](const std::string& s) {
        return args("NodeResourcesFit", "{scoringStrategy: {type: RequestedToCapacityRatio, "
                                        "requestedToCapacityRatio: {shape: " +
                                            s + "}}}");
    };
    CHECK(has(shape("[]"), p + ".scoringStrategy.shape", "at least one point must be specified"));
    CHECK(has(shape("[{utilization: 10, score: 1}, {utilization: 10, score: 2}]"),
              p + ".scoringStrategy.shape[1].utilization",
              "Invalid value: 10: values must be sorted in increasing order"));
    CHECK(has(shape("[{utilization: -10, score: 1}, {utilization: 10, score: 2}]"),
              p + ".scoringStrategy.shape[0].utilization", "not in valid range [0, 100]"));
    CHECK(has(shape("[{utilization: 10, score: 11}]"), p + ".scoringStrategy.shape[0].score",
              "not in valid range [0, 10]"));
    CHECK(has(shape("[{utilization: 110, score: 1}]"), p + ".scoringStrategy.shape[0].utilization",
              "not in valid range [0, 100]"));
    // BalancedAllocation
    CHECK(has(args("NodeResourcesBalancedAllocation", "{resources: [{name: cpu, weight: 2}]}"),
              p + ".resources[0].weight", "must be 1"));
    CHECK(has(args("NodeResourcesBalancedAllocation",
                   "{resources: [{name: cpu, weight: 1}, {name: cpu, weight: 1}]}"),
              p + ".resources[1].name", "Duplicate value: \"cpu\""));
    // PodTopologySpread
    CHECK(
        has(args("PodTopologySpread", "{defaultingType: System, defaultConstraints: [{maxSkew: 1, "
                                      "topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}"),
            p + ".defaultingType", "when .defaultConstraints are not empty"));
    CHECK(has(args("PodTopologySpread", "{defaultingType: List, defaultConstraints: [{maxSkew: -1, "
                                        "topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}"),
              p + ".defaultConstraints[0].maxSkew",
              "Invalid value: -1: not in valid range (0, inf)"));
    CHECK(has(args("PodTopologySpread", "{defaultingType: List, defaultConstraints: [{maxSkew: 1, "
                                        "topologyKey: '', whenUnsatisfiable: ScheduleAnyway}]}"),
              p + ".defaultConstraints[0].topologyKey", "can not be empty"));
    CHECK(has(args("PodTopologySpread", "{defaultingType: List, defaultConstraints: [{maxSkew: 1, "
                                        "topologyKey: zone, whenUnsatisfiable: Sometimes}]}"),
              p + ".defaultConstraints[0].whenUnsatisfiable", "Unsupported value"));
    CHECK(has(args("PodTopologySpread",
                   "{defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: zone, "
                   "whenUnsatisfiable: ScheduleAnyway}, {maxSkew: 2, topologyKey: zone, "
                   "whenUnsatisfiable: ScheduleAnyway}]}"),
              p + ".defaultConstraints[1]", "Duplicate value"));
    CHECK(has(args("PodTopologySpread",
                   "{defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: zone, "
                   "whenUnsatisfiable: ScheduleAnyway, labelSelector: {}}]}"),
              p + ".defaultConstraints[0].labelSelector", "Forbidden"));
    CHECK(has(args("PodTopologySpread", "{defaultingType: Other}"), p + ".defaultingType",
              "Unsupported value"));
    CHECK(has(args("VolumeBinding", "{bindTimeoutSeconds: -1}"), p + ".bindTimeoutSeconds",
              "should not be a negative value"));
}

TEST_CASE("lint: framework build rules and plugin existence per version", "[sched][lint]") {
    SECTION("unknown plugin with did-you-mean") {
        auto fs =
            errors("profiles:\n- plugins:\n    score:\n      enabled: [{name: NodeResourceFit}]\n");
        CHECK(has(
            fs, "profiles[0].plugins.score.enabled[0]",
            "ScorePlugin \"NodeResourceFit\" does not exist, did you mean \"NodeResourcesFit\"?"));
    }
    SECTION("removed plugins") {
        CHECK(has(
            errors("profiles:\n- plugins:\n    score:\n      enabled: [{name: SelectorSpread}]\n"),
            "profiles[0].plugins.score.enabled[0]",
            "ScorePlugin \"SelectorSpread\" does not exist: SelectorSpread was removed"));
        CHECK(has(errors("profiles:\n- plugins:\n    score:\n      enabled: [{name: "
                         "NodeResourcesMostAllocated, weight: 1}]\n"),
                  "profiles[0].plugins.score.enabled[0]",
                  "NodeResourcesFit with scoringStrategy.type MostAllocated"));
    }
    SECTION("plugin at an extension point it does not implement") {
        CHECK(has(errors("profiles:\n- plugins:\n    score:\n      enabled: [{name: NodePorts}]\n"),
                  "profiles[0].plugins.score.enabled[0]",
                  "plugin \"NodePorts\" does not extend ScorePlugin plugin"));
    }
    SECTION("volume limit plugins exist until 1.32 only") {
        CHECK(has(
            errors("profiles:\n- plugins:\n    filter:\n      enabled: [{name: AzureDiskLimits}]\n",
                   33),
            "profiles[0].plugins.filter.enabled[0]",
            "FilterPlugin \"AzureDiskLimits\" does not exist"));
    }
    SECTION("disabled '*' without queue sort or bind") {
        auto fs = errors("profiles:\n- plugins:\n    multiPoint:\n      disabled: [{name: '*'}]\n  "
                         "    enabled: [{name: NodeResourcesFit}]\n");
        CHECK(has(fs, "profiles[0].plugins.queueSort",
                  "only one queue sort plugin required for profile with scheduler name "
                  "\"default-scheduler\", but got 0"));
        CHECK(has(fs, "profiles[0].plugins.bind", "at least one bind plugin is needed"));
    }
    SECTION("double registration in MultiPoint") {
        CHECK(has(
            errors("profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: CustomA}]\n"),
            "profiles[0].plugins.multiPoint.enabled[0]",
            "multipoint plugin \"CustomA\" does not exist"));
    }
    SECTION("negative weight is a warning only") {
        auto fs = lint("profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: "
                       "ImageLocality, weight: -1}]\n");
        REQUIRE(fs.size() == 1);
        CHECK(fs[0].severity == "warning");
    }
    SECTION("unknown fields with did-you-mean") {
        CHECK(has(errors("percentageOfNodeToScore: 10\n"), "percentageOfNodeToScore",
                  "did you mean \"percentageOfNodesToScore\"?"));
    }
}

TEST_CASE("lint: removed API versions and --fix migration", "[sched][lint]") {
    const std::string v1beta1 =
        "apiVersion: kubescheduler.config.k8s.io/v1beta1\nkind: "
        "KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n"
        "  plugins:\n    score:\n      enabled:\n      - name: NodeResourcesMostAllocated\n        "
        "weight: 1\n      - name: SelectorSpread\n"
        "      disabled:\n      - name: NodeResourcesLeastAllocated\n  pluginConfig:\n  - name: "
        "NodeResourcesMostAllocated\n    args:\n"
        "      resources:\n      - {name: cpu, weight: 1}\n      - {name: nvidia.com/gpu, weight: "
        "5}\n";
    std::vector<Finding> findings;
    auto cfg = parse_scheduler_config({"old.yaml", v1beta1}, &findings);
    REQUIRE(!findings.empty());
    CHECK(findings[0].code == "RemovedAPIVersion");
    std::vector<std::string> notes;
    Json migrated = migrate_config(cfg.raw, &notes);
    CHECK(migrated["apiVersion"] == "kubescheduler.config.k8s.io/v1");
    CHECK(migrated["profiles"][0]["pluginConfig"][0]["name"] == "NodeResourcesFit");
    CHECK(migrated["profiles"][0]["pluginConfig"][0]["args"]["scoringStrategy"]["type"] ==
          "MostAllocated");
    CHECK(migrated["profiles"][0]["pluginConfig"][0]["args"]["scoringStrategy"]["resources"][1]
                  ["name"] == "nvidia.com/gpu");
    std::vector<Finding> after;
    auto again = parse_scheduler_config({"new.yaml", to_json(migrated)}, &after);
    apply_defaults(again, 34);
    for (auto& f : validate_config(again, 34))
        after.push_back(f);
    for (const auto& f : after)
        CHECK(f.severity != "error");
}

TEST_CASE("lint: configs that are not a KubeSchedulerConfiguration are input errors",
          "[sched][lint]") {
    CHECK_THROWS_WITH(parse_scheduler_config({"p.yaml", "apiVersion: v1\nkind: Policy\n"}),
                      Catch::Contains("expected kind KubeSchedulerConfiguration, got \"Policy\""));
    CHECK_THROWS_WITH(
        parse_scheduler_config(
            {"p.yaml",
             "apiVersion: kubescheduler.config.k8s.io/v2\nkind: KubeSchedulerConfiguration\n"}),
        Catch::Contains("no kind \"KubeSchedulerConfiguration\" is registered"));
    CHECK_THROWS_WITH(parse_scheduler_config({"p.yaml", kHead + "parallelism: many\n"}),
                      Catch::Contains("parallelism: must be an integer"));
}

TEST_CASE("config: every preset passes lint on every supported version", "[sched][config]") {
    for (int minor : {31, 32, 33, 34})
        for (const char* preset : {"default", "binpack", "spread", "gpu-binpack"}) {
            INFO(preset << " 1." << minor);
            GenerateOptions o;
            o.preset = preset;
            Json cfg = generate_scheduler_config(o, minor);
            std::vector<Finding> f;
            auto parsed = parse_scheduler_config({"gen.yaml", to_yaml(cfg)}, &f);
            apply_defaults(parsed, minor);
            for (auto& x : validate_config(parsed, minor))
                f.push_back(x);
            CHECK(f.empty());
            CHECK_NOTHROW(build_sim_config(parsed, minor));
        }
    GenerateOptions bad;
    bad.shape = {"50:11"};
    CHECK_THROWS_WITH(generate_scheduler_config(bad, 34),
                      Catch::Contains("not in valid range [0, 10]"));
    GenerateOptions all;
    all.disable = {"*"};
    all.enable = {"NodeResourcesFit"};
    CHECK_NOTHROW(generate_scheduler_config(all, 34));
}

TEST_CASE("lint: findings with one mechanical fix name it, and making it clears the finding",
          "[sched][lint][fix]") {
    struct Row {
        const char* name;
        std::string body;
        const char* path;
        const char* code;
        const char* fix;
        std::string fixed_body; // the body with the fix made by hand
    };
    const std::string profile = "profiles:\n- schedulerName: s\n";
    const std::vector<Row> rows = {
        {"misspelt field (strict decoding)", profile + "  percentageOfNodesToScor: 5\n",
         "profiles[0].percentageOfNodesToScor", "UnknownField",
         "rename the field to \"percentageOfNodesToScore\"",
         profile + "  percentageOfNodesToScore: 5\n"},
        {"misspelt enabled plugin",
         profile + "  plugins:\n    score:\n      enabled:\n      - name: ImageLocallity\n",
         "profiles[0].plugins.score.enabled[0]", "PluginNotFound", "rename to \"ImageLocality\"",
         profile + "  plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n"},
        {"misspelt disabled plugin",
         profile + "  plugins:\n    score:\n      disabled:\n      - name: TaintTolerations\n",
         "profiles[0].plugins.score.disabled[0]", "PluginNotFound", "rename to \"TaintToleration\"",
         profile + "  plugins:\n    score:\n      disabled:\n      - name: TaintToleration\n"},
        {"misspelt pluginConfig name",
         profile + "  pluginConfig:\n  - name: InterPodAfinity\n    args: {}\n",
         "profiles[0].pluginConfig[0].name", "PluginNotFound", "rename to \"InterPodAffinity\"",
         profile + "  pluginConfig:\n  - name: InterPodAffinity\n    args: {}\n"},
        {"plugin named after its args type",
         profile + "  plugins:\n    filter:\n      enabled:\n      - name: NodeResourcesFitArgs\n",
         "profiles[0].plugins.filter.enabled[0]", "RemovedPlugin", "rename to \"NodeResourcesFit\"",
         profile + "  plugins:\n    filter:\n      enabled:\n      - name: NodeResourcesFit\n"},
        {"removed plugin (lint --fix drops it)",
         profile + "  plugins:\n    score:\n      enabled:\n      - name: SelectorSpread\n",
         "profiles[0].plugins.score.enabled[0]", "RemovedPlugin", "remove SelectorSpread", profile},
        {"removed plugin in a disabled list (lint --fix drops it)",
         profile + "  plugins:\n    score:\n      disabled:\n      - name: SelectorSpread\n",
         "profiles[0].plugins.score.disabled[0]", "PluginNotFound", "remove SelectorSpread",
         profile},
        {"volume limits plugin v1 refuses (validation.go invalidPluginsByVersion)",
         profile + "  plugins:\n    filter:\n      enabled:\n      - name: EBSLimits\n",
         "profiles[0].plugins.filter.enabled[0]", "FieldValueInvalid",
         "remove EBSLimits (NodeVolumeLimits counts the volumes of every CSI driver)", profile},
        {"lock kind (ValidateLeaderElectionConfiguration)",
         "leaderElection:\n  resourceLock: endpointsleases\n", "leaderElection.resourceLock",
         "FieldValueInvalid", "set resourceLock to \"leases\"",
         "leaderElection:\n  resourceLock: leases\n"},
    };
    for (const auto& row : rows) {
        SECTION(row.name) {
            bool found = false;
            for (const auto& f : lint(row.body)) {
                if (f.path == row.path && f.code == row.code) {
                    found = true;
                    REQUIRE(f.fix.has_value());
                    CHECK(*f.fix == row.fix);
                }
            }
            CHECK(found);
            for (const auto& f : lint(row.fixed_body)) {
                INFO(f.path << ": " << f.message);
                CHECK(f.code != row.code);
            }
        }
    }
    SECTION("a removed API version: set it to v1") {
        std::vector<Finding> findings;
        parse_scheduler_config({"old.yaml", "apiVersion: kubescheduler.config.k8s.io/v1beta3\n"
                                            "kind: KubeSchedulerConfiguration\n"},
                               &findings);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].code == "RemovedAPIVersion");
        CHECK(findings[0].fix == "set apiVersion to \"kubescheduler.config.k8s.io/v1\"");
    }
    SECTION("no close spelling, no fix") {
        auto findings = errors(profile + "  plugins:\n    score:\n      enabled:\n"
                                         "      - name: SomethingElseEntirely\n");
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].code == "PluginNotFound");
        CHECK_FALSE(findings[0].fix.has_value());
    }
}
