// kube-scheduler's order for a config file: strict decoding (unknown fields, wrong JSON types),
// then the v1 defaults (pkg/scheduler/apis/config/v1/defaults_test.go TestSchedulerDefaults,
// TestPluginArgsDefaults), then validation of what was defaulted
// (validation/validation_test.go TestValidateKubeSchedulerConfigurationV1,
// validation_pluginargs_test.go TestValidateNodeAffinityArgs, TestValidateVolumeBindingArgs).
#include "k8s/sched/config.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using corral::Json;

namespace {

const std::string kHead =
    "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

std::vector<Finding> lint(const std::string& body, int minor = 34) {
    std::vector<Finding> findings;
    auto cfg = parse_scheduler_config({"c.yaml", kHead + body}, &findings);
    apply_defaults(cfg, minor);
    for (auto& f : validate_config(cfg, minor)) {
        findings.push_back(f);
    }
    return findings;
}

SchedulerConfiguration defaulted(const std::string& body, int minor = 34) {
    auto cfg = parse_scheduler_config({"c.yaml", kHead + body});
    apply_defaults(cfg, minor);
    return cfg;
}

const Json& args_of(const SchedulerConfiguration& cfg, const std::string& plugin) {
    for (const auto& [name, args] : cfg.profiles.at(0).plugin_config) {
        if (name == plugin) {
            return args;
        }
    }
    FAIL("no pluginConfig for " << plugin);
    static const Json none;
    return none;
}

std::string input_error(const std::string& body) {
    try {
        lint(body);
    } catch (const corral::Error& e) {
        CHECK(e.exit_code() == 3);
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("strict decoding: unknown fields are errors, as kube-scheduler's strict codec",
          "[sched][decode]") {
    struct Row {
        const char* name;
        std::string body;
        std::string path;
    };
    // metricsBindAddress/healthzBindAddress were removed from the v1 types (flags only).
    const std::vector<Row> rows{
        {"metricsBindAddress", "metricsBindAddress: 0.0.0.0:10251\n", "metricsBindAddress"},
        {"healthzBindAddress", "healthzBindAddress: 0.0.0.0:10251\n", "healthzBindAddress"},
        {"profile typo", "profiles:\n- schedulerNme: x\n", "profiles[0].schedulerNme"},
        {"typed args",
         "profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args: "
         "{minCandidateNodes: 3}\n",
         "profiles[0].pluginConfig[0].args.minCandidateNodes"},
        {"nested args",
         "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: "
         "{scoringStrategy: {type: MostAllocated, shape: []}}\n",
         "profiles[0].pluginConfig[0].args.scoringStrategy.shape"},
        {"extender", "extenders:\n- urlPrefix: http://x\n  managedResource: []\n",
         "extenders[0].managedResource"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        auto findings = lint(row.body);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].code == "UnknownField");
        CHECK(findings[0].severity == "error");
        CHECK(findings[0].path == row.path);
    }
    // Out-of-tree plugin args are kept raw: nothing to decode strictly.
    CHECK(
        lint("profiles:\n- pluginConfig:\n  - name: MyPlugin\n    args: {anything: 1}\n").size() ==
        1); // the PluginNotFound warning only
    auto dym = lint("parallelizm: 4\n");
    REQUIRE(dym.size() == 1);
    CHECK(dym[0].message.find("did you mean \"parallelism\"?") != std::string::npos);
}

TEST_CASE("strict decoding: wrong JSON types name file:line:col and the field", "[sched][decode]") {
    struct Row {
        const char* name;
        std::string body;
        std::string error;
    };
    const std::string fit = "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n"
                            "      scoringStrategy:\n        type: LeastAllocated\n";
    const std::vector<Row> rows{
        {"resources: 5", fit + "        resources: 5\n",
         "c.yaml:9:20: profiles[0].pluginConfig[0].args.scoringStrategy.resources: must be a list "
         "of v1.ResourceSpec, got the number 5"},
        {"resources: [[1]]", fit + "        resources: [[1]]\n",
         "c.yaml:9:21: profiles[0].pluginConfig[0].args.scoringStrategy.resources[0]: must be an "
         "object (v1.ResourceSpec), got a list"},
        {"weight string", fit + "        resources: [{name: cpu, weight: high}]\n",
         "c.yaml:9:41: profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: must "
         "be an integer (int64), got the string \"high\""},
        {"parallelism", "parallelism: '16'\n",
         "c.yaml:3:14: parallelism: must be an integer (int32), got the string \"16\""},
        {"int32 overflow", "parallelism: 3000000000\n",
         "c.yaml:3:14: parallelism: the number 3000000000 does not fit in int32"},
        {"duration", "leaderElection:\n  renewDeadline: 10\n",
         "c.yaml:4:18: leaderElection.renewDeadline: must be a duration string such as \"10s\", "
         "got the number 10"},
        {"bad duration", "leaderElection:\n  renewDeadline: ten\n",
         "c.yaml:4:18: leaderElection.renewDeadline: time: invalid duration \"ten\""},
        {"profiles object", "profiles: {a: 1}\n",
         "c.yaml:3:11: profiles: must be a list of v1.KubeSchedulerProfile, got an object"},
        {"args list", "profiles:\n- pluginConfig:\n  - name: VolumeBinding\n    args: [1]\n",
         "c.yaml:6:11: profiles[0].pluginConfig[0].args: must be an object "
         "(v1.VolumeBindingArgs), got a list"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(input_error(row.body) == row.error);
    }
}

// defaults_test.go TestSchedulerDefaults "empty config" and TestPluginArgsDefaults.
TEST_CASE("v1 defaults: upstream TestSchedulerDefaults and TestPluginArgsDefaults",
          "[sched][defaults]") {
    SECTION("empty config") {
        auto cfg = defaulted("");
        CHECK(cfg.parallelism == 16);
        CHECK(cfg.leader_elect);
        CHECK(cfg.lease_duration == "15s");
        CHECK(cfg.renew_deadline == "10s");
        CHECK(cfg.retry_period == "2s");
        CHECK(cfg.resource_lock == "leases");
        CHECK(cfg.resource_namespace == "kube-system");
        CHECK(cfg.resource_name == "kube-scheduler");
        CHECK(cfg.burst == 100);
        CHECK(cfg.initial_backoff == 1);
        CHECK(cfg.max_backoff == 10);
        REQUIRE(cfg.profiles.size() == 1);
        CHECK(cfg.profiles[0].scheduler_name == "default-scheduler");
        CHECK(args_of(cfg, "DefaultPreemption") ==
              Json{{"minCandidateNodesPercentage", 10}, {"minCandidateNodesAbsolute", 100}});
        CHECK(args_of(cfg, "InterPodAffinity") == Json{{"hardPodAffinityWeight", 1}});
        CHECK(args_of(cfg, "PodTopologySpread") == Json{{"defaultingType", "System"}});
        CHECK(args_of(cfg, "VolumeBinding") == Json{{"bindTimeoutSeconds", 600}});
        CHECK(args_of(cfg, "NodeResourcesFit")["scoringStrategy"]["type"] == "LeastAllocated");
    }
    SECTION("empty leader election names, zero durations and zero burst take the defaults") {
        auto cfg = defaulted("leaderElection:\n  leaderElect: true\n  resourceLock: ''\n"
                             "  resourceName: ''\n  resourceNamespace: ''\n  renewDeadline: 0s\n"
                             "  leaseDuration: 0s\n  retryPeriod: 0s\nclientConnection:\n"
                             "  burst: 0\n");
        CHECK(cfg.resource_lock == "leases");
        CHECK(cfg.resource_name == "kube-scheduler");
        CHECK(cfg.resource_namespace == "kube-system");
        CHECK(cfg.renew_deadline == "10s");
        CHECK(cfg.lease_duration == "15s");
        CHECK(cfg.retry_period == "2s");
        CHECK(cfg.burst == 100);
        CHECK(validate_config(cfg, 34).empty());
    }
    SECTION("two profiles keep their names (no defaulting), a single nameless one is defaulted") {
        auto two = defaulted("profiles:\n- percentageOfNodesToScore: 10\n- schedulerName: b\n");
        CHECK(two.profiles[0].scheduler_name.empty());
        // An explicit empty name is not nil: validation refuses it.
        auto findings = lint("profiles:\n- schedulerName: ''\n");
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].path == "profiles[0].schedulerName");
    }
    SECTION("NodeResourcesBalancedAllocationArgs with scalar resource: weight 0 becomes 1") {
        auto cfg =
            defaulted("profiles:\n- pluginConfig:\n  - name: NodeResourcesBalancedAllocation\n"
                      "    args: {resources: [{name: scalar.io/scalar1}]}\n");
        CHECK(args_of(cfg, "NodeResourcesBalancedAllocation") ==
              Json{{"resources", Json::array({{{"name", "scalar.io/scalar1"}, {"weight", 1}}})}});
    }
    SECTION("NodeResourcesFitArgs not set resources: cpu and memory, type kept") {
        auto cfg = defaulted("profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n"
                             "    args: {scoringStrategy: {type: MostAllocated}}\n");
        const Json& strategy = args_of(cfg, "NodeResourcesFit")["scoringStrategy"];
        CHECK(strategy["type"] == "MostAllocated");
        CHECK(strategy["resources"] ==
              Json::array({{{"name", "cpu"}, {"weight", 1}}, {{"name", "memory"}, {"weight", 1}}}));
    }
    SECTION("DefaultPreemptionArgs with value keeps it") {
        auto cfg = defaulted("profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n"
                             "    args: {minCandidateNodesPercentage: 50}\n");
        CHECK(args_of(cfg, "DefaultPreemption")["minCandidateNodesPercentage"] == 50);
    }
}

// validation_test.go TestValidateKubeSchedulerConfigurationV1: extender managed resources.
TEST_CASE("validation: extenders' managedResources", "[sched][lint]") {
    auto extender = [](const std::string& resources) {
        return lint("extenders:\n- urlPrefix: http://x\n  managedResources: " + resources + "\n");
    };
    CHECK(extender("[{name: example.com/foo}, {name: example.com/bar}]").empty());
    auto duplicate = extender("[{name: example.com/foo}, {name: example.com/foo}]");
    REQUIRE(duplicate.size() == 1);
    CHECK(duplicate[0].path == "extenders[0].managedResources[1].name");
    CHECK(duplicate[0].message ==
          "Invalid value: \"example.com/foo\": duplicate extender managed resource name");
    auto native = extender("[{name: cpu}, {name: kubernetes.io/foo}]");
    REQUIRE(native.size() == 2);
    CHECK(native[0].path == "extenders[0].managedResources[0].name");
    CHECK(native[0].message == "Invalid value: \"cpu\": is an invalid extended resource name");
    CHECK(native[1].path == "extenders[0].managedResources[1].name");
    auto malformed = extender("[{name: 'foo/bar/baz'}]");
    REQUIRE(malformed.size() == 1);
    CHECK(malformed[0].message.find("a qualified name must consist of") != std::string::npos);
}

// validation_pluginargs_test.go TestValidateNodeAffinityArgs.
TEST_CASE("validation: NodeAffinityArgs addedAffinity (upstream TestValidateNodeAffinityArgs)",
          "[sched][lint]") {
    auto affinity = [](const std::string& added) {
        return lint("profiles:\n- pluginConfig:\n  - name: NodeAffinity\n    args:\n"
                    "      addedAffinity: " +
                    added + "\n");
    };
    const std::string p = "profiles[0].pluginConfig[0].args.addedAffinity.";
    SECTION("valid added affinity") {
        CHECK(affinity(
                  "{requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "
                  "[{matchExpressions: [{key: label-1, operator: In, values: [label-1-val]}]}]}, "
                  "preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: "
                  "{matchFields: [{key: metadata.name, operator: In, values: [node-1]}]}}]}")
                  .empty());
    }
    SECTION("invalid added affinity: matchFields with two values") {
        auto findings = affinity("{preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, "
                                 "preference: {matchFields: [{key: metadata.name, operator: In, "
                                 "values: [node-1, node-2]}]}}]}");
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].path == p + "preferredDuringSchedulingIgnoredDuringExecution[0]"
                                      ".preference.matchFields[0].values");
        CHECK(findings[0].message ==
              "Invalid value: [\"node-1\",\"node-2\"]: must have one element");
    }
    SECTION("invalid label key, operator and values") {
        auto findings = affinity(
            "{requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "
            "[{matchExpressions: "
            "[{key: 'invalid key', operator: In, values: [a]}, {key: zone, operator: Near}, "
            "{key: zone, operator: Exists, values: [a]}, {key: size, operator: Gt, values: "
            "[big]}]}, "
            "{matchFields: [{key: metadata.name, operator: Exists, values: [x]}]}]}}");
        const std::string t =
            p + "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
        REQUIRE(findings.size() == 5);
        CHECK(findings[0].path == t + "[0].matchExpressions[0].key");
        CHECK(findings[1].path == t + "[0].matchExpressions[1].operator");
        CHECK(findings[1].code == "FieldValueNotSupported");
        CHECK(findings[2].path == t + "[0].matchExpressions[2].values");
        CHECK(findings[2].message ==
              "Invalid value: [\"a\"]: values set must be empty for exists and does not exist");
        CHECK(findings[3].path == t + "[0].matchExpressions[3].values[0]");
        CHECK(findings[3].message ==
              "Invalid value: \"big\": for 'Gt', 'Lt' operators, the value must be an integer");
        CHECK(findings[4].path == t + "[1].matchFields[0].operator");
        CHECK(findings[4].message ==
              "Unsupported value: \"Exists\": supported values: \"In\", \"NotIn\"");
    }
}

// validation_pluginargs_test.go TestValidateVolumeBindingArgs: with the gate off (the default in
// 1.31-1.34) a shape is refused; the gate was renamed in 1.33.
TEST_CASE("validation: VolumeBinding shape is refused in 1.31-1.34", "[sched][lint]") {
    const std::string body = "profiles:\n- pluginConfig:\n  - name: VolumeBinding\n    args:\n"
                             "      shape: [{utilization: 0, score: 0}, {utilization: 100, "
                             "score: 10}]\n";
    for (int minor : {31, 32, 33, 34}) {
        INFO(minor);
        auto findings = lint(body, minor);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].path == "profiles[0].pluginConfig[0].args.shape");
        CHECK(findings[0].message.find(minor >= 33 ? "feature gate StorageCapacityScoring"
                                                   : "feature gate VolumeCapacityPriority") !=
              std::string::npos);
    }
    CHECK(lint("profiles:\n- pluginConfig:\n  - name: VolumeBinding\n    args: "
               "{bindTimeoutSeconds: 30}\n")
              .empty());
}

// validation_pluginargs_test.go TestValidateDynamicResourcesArgs ("negative filter timeout").
TEST_CASE("validation: DynamicResources filterTimeout", "[sched][lint]") {
    auto dra = [](const std::string& timeout) {
        return lint("profiles:\n- pluginConfig:\n  - name: DynamicResources\n    args: "
                    "{filterTimeout: " +
                    timeout + "}\n");
    };
    CHECK(dra("10s").empty());
    CHECK(dra("0s").empty());
    auto negative = dra("-1s");
    REQUIRE(negative.size() == 1);
    CHECK(negative[0].path == "profiles[0].pluginConfig[0].args.filterTimeout");
    CHECK(negative[0].message == "Invalid value: \"-1s\": must be zero or positive");
}

TEST_CASE("framework: pluginConfig for a plugin that is not enabled or not in-tree warns",
          "[sched][lint]") {
    for (const char* name : {"MyOutOfTreePlugin", "NodeResourcesFitt"}) {
        auto findings =
            lint(std::string("profiles:\n- pluginConfig:\n  - name: ") + name + "\n    args: {}\n");
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].severity == "warning");
        CHECK(findings[0].path == "profiles[0].pluginConfig[0].name");
    }
    auto disabled = lint("profiles:\n- plugins:\n    multiPoint:\n      disabled: [{name: "
                         "InterPodAffinity}]\n  pluginConfig:\n  - name: InterPodAffinity\n"
                         "    args: {hardPodAffinityWeight: 5}\n");
    REQUIRE(disabled.size() == 1);
    CHECK(disabled[0].code == "PluginConfigUnused");
    CHECK(disabled[0].severity == "warning");
}

// validation_pluginargs_test.go TestValidateDefaultPreemptionArgs and
// TestValidateInterPodAffinityArgs, one row per upstream case: the field paths with errors.
TEST_CASE(
    "validation: upstream TestValidateDefaultPreemptionArgs, TestValidateInterPodAffinityArgs",
    "[sched][lint]") {
    struct Row {
        const char* name;
        std::string plugin, args;
        std::vector<std::string> fields;
    };
    const std::vector<Row> rows{
        {"valid args (default)",
         "DefaultPreemption",
         "{minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100}",
         {}},
        {"negative minCandidateNodesPercentage",
         "DefaultPreemption",
         "{minCandidateNodesPercentage: -1, minCandidateNodesAbsolute: 100}",
         {"minCandidateNodesPercentage"}},
        {"too large minCandidateNodesPercentage",
         "DefaultPreemption",
         "{minCandidateNodesPercentage: 900, minCandidateNodesAbsolute: 100}",
         {"minCandidateNodesPercentage"}},
        {"negative minCandidateNodesAbsolute",
         "DefaultPreemption",
         "{minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: -1}",
         {"minCandidateNodesAbsolute"}},
        {"all zero",
         "DefaultPreemption",
         "{minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}",
         {"minCandidateNodesPercentage", "minCandidateNodesAbsolute"}},
        {"both negative",
         "DefaultPreemption",
         "{minCandidateNodesPercentage: -1, minCandidateNodesAbsolute: -1}",
         {"minCandidateNodesPercentage", "minCandidateNodesAbsolute"}},
        {"valid args", "InterPodAffinity", "{hardPodAffinityWeight: 10}", {}},
        {"hardPodAffinityWeight less than min",
         "InterPodAffinity",
         "{hardPodAffinityWeight: -1}",
         {"hardPodAffinityWeight"}},
        {"hardPodAffinityWeight more than max",
         "InterPodAffinity",
         "{hardPodAffinityWeight: 101}",
         {"hardPodAffinityWeight"}},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        auto findings = lint("profiles:\n- pluginConfig:\n  - name: " + row.plugin +
                             "\n    args: " + row.args + "\n");
        std::vector<std::string> fields;
        for (const auto& f : findings) {
            fields.push_back(
                f.path.substr(std::string("profiles[0].pluginConfig[0].args.").size()));
        }
        CHECK(fields == row.fields);
    }
}

// k8s.io/apimachinery/pkg/util/validation validation_test.go TestIsQualifiedName, through
// ValidateLabelName on a PodTopologySpread topologyKey.
TEST_CASE("validation: qualified names (upstream TestIsQualifiedName)", "[sched][lint]") {
    auto topology_key_errors = [](const std::string& key) {
        return lint("profiles:\n- pluginConfig:\n  - name: PodTopologySpread\n    args:\n"
                    "      defaultingType: List\n      defaultConstraints:\n"
                    "      - {maxSkew: 1, whenUnsatisfiable: ScheduleAnyway, topologyKey: '" +
                    key + "'}\n")
            .size();
    };
    const std::vector<std::string> good{"simple",
                                        "now-with-dashes",
                                        "1-starts-with-num",
                                        "1234",
                                        "simple/simple",
                                        "now-with-dashes/simple",
                                        "now-with-dashes/now-with-dashes",
                                        "now.with.dots/simple",
                                        "now-with.dashes-and.dots/simple",
                                        "1-num.2-num/3-num",
                                        "1234/5678",
                                        "1.2.3.4/5678",
                                        "Uppercase_Is_OK_123",
                                        "example.com/Uppercase_Is_OK_123",
                                        "requests.storage-foo",
                                        std::string(63, 'a'),
                                        std::string(253, 'a') + "/" + std::string(63, 'b')};
    for (const auto& name : good) {
        INFO(name);
        CHECK(topology_key_errors(name) == 0);
    }
    const std::vector<std::string> bad{"nospecialchars%^=@",   "cantendwithadash-",
                                       "-cantstartwithadash-", "only/one/slash",
                                       "Example.com/abc",      "example_com/abc",
                                       "example.com/",         "/simple",
                                       std::string(64, 'a'),   std::string(254, 'a') + "/abc"};
    for (const auto& name : bad) {
        INFO(name);
        CHECK(topology_key_errors(name) > 0);
    }
    // A hostile 200,000-character key is refused, not a stack overflow.
    CHECK(topology_key_errors(std::string(200000, 'a') + "-") == 2);
}

TEST_CASE("strict decoding: the removed scoring plugins' args have their v1beta1 types where "
          "lint --fix carries them over",
          "[sched][decode]") {
    const std::string body = "profiles:\n"
                             "- schedulerName: s\n"
                             "  pluginConfig:\n"
                             "  - name: NodeResourcesMostAllocated\n"
                             "    args:\n"
                             "      resources: 5\n";
    const std::string wrong = "c.yaml:8:18: profiles[0].pluginConfig[0].args.resources: must be a "
                              "list of v1.ResourceSpec, got the number 5";
    SECTION("v1: kube-scheduler keeps a pluginConfig of a plugin that does not exist as raw args") {
        CHECK(input_error(body).empty());
    }
    SECTION("v1, read for the migration: the error names the line in the user's file") {
        CHECK_THROWS_WITH(parse_scheduler_config({"c.yaml", kHead + body}, nullptr, true), wrong);
    }
    SECTION("a removed API version (what --fix migrates): typed in lint too") {
        std::string head = "apiVersion: kubescheduler.config.k8s.io/v1beta1\n"
                           "kind: KubeSchedulerConfiguration\n";
        CHECK_THROWS_WITH(parse_scheduler_config({"c.yaml", head + body}), wrong);
    }
    SECTION("RequestedToCapacityRatio's shape is a list of UtilizationShapePoint") {
        std::string shape = "profiles:\n"
                            "- schedulerName: s\n"
                            "  pluginConfig:\n"
                            "  - name: RequestedToCapacityRatio\n"
                            "    args:\n"
                            "      shape: [{utilization: x}]\n";
        CHECK_THROWS_WITH(parse_scheduler_config({"c.yaml", kHead + shape}, nullptr, true),
                          "c.yaml:8:29: profiles[0].pluginConfig[0].args.shape[0].utilization: "
                          "must be an integer (int32), got the string \"x\"");
    }
}
