// Restates upstream's container-scope validation cases as tables: kubernetes
// pkg/apis/core/validation/validation_test.go, release-1.31 to release-1.34 (TestValidatePorts,
// TestValidateContainers "host port not unique" and "invalid lifecycle, ..." cases,
// TestValidateInitContainers, TestValidateEphemeralContainers, TestValidateSleepAction). Upstream
// tests the internal types; these rows go through the v1 defaulting kube-apiserver applies first
// (protocol TCP, httpGet path "/", terminationGracePeriodSeconds 30), which is why the upstream
// cases "protocol required" and "invalid lifecycle, no http path." are valid here. Rows marked
// "derived" restate a rule of validation.go that the upstream tables do not cover.
#include "core/yaml.hpp"
#include "k8s/probe/validation.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::k8s;

namespace {

std::vector<std::string> errors_of(const std::string& spec_yaml, int minor = 34) {
    std::vector<std::string> out;
    for (const auto& e :
         validate_pod_containers(yaml_to_json(YAML::Load(spec_yaml)), "spec", minor)) {
        out.push_back(e.text());
    }
    return out;
}

std::vector<std::string> port_errors(const std::string& ports_yaml) {
    std::vector<std::string> out;
    for (const auto& e : validate_container_ports(yaml_to_json(YAML::Load(ports_yaml)), "field")) {
        out.push_back(e.text());
    }
    return out;
}

struct Row {
    const char* name;
    const char* yaml;
    std::vector<std::string> expected; // empty: valid
};

} // namespace

// validation_test.go TestValidatePorts: successCase and errorCases.
TEST_CASE("TestValidatePorts", "[probe][upstream][ports]") {
    CHECK(port_errors("[{name: abc, containerPort: 80, hostPort: 80, protocol: TCP},"
                      " {name: easy, containerPort: 82, protocol: TCP},"
                      " {name: as, containerPort: 83, protocol: UDP},"
                      " {name: do-re-me, containerPort: 84, protocol: SCTP},"
                      " {containerPort: 85, protocol: TCP}]")
              .empty());
    // nonCanonicalCase
    CHECK(port_errors("[{containerPort: 80, protocol: TCP}]").empty());
    std::vector<Row> rows = {
        {"name > 15 characters",
         "[{name: aaaaaaaaaaaaaaaa, containerPort: 80, protocol: TCP}]",
         {"field[0].name: Invalid value: \"aaaaaaaaaaaaaaaa\": must be no more than 15 bytes"}},
        {"name contains invalid characters",
         "[{name: a.b.c, containerPort: 80, protocol: TCP}]",
         {"field[0].name: Invalid value: \"a.b.c\": must contain only alpha-numeric characters "
          "(a-z, 0-9), and hyphens (-)"}},
        {"name is a number",
         "[{name: '80', containerPort: 80, protocol: TCP}]",
         {"field[0].name: Invalid value: \"80\": must contain at least one letter (a-z)"}},
        {"name not unique",
         "[{name: abc, containerPort: 80, protocol: TCP}, {name: abc, containerPort: 81, "
         "protocol: TCP}]",
         {"field[1].name: Duplicate value: \"abc\""}},
        {"zero container port",
         "[{containerPort: 0, protocol: TCP}]",
         {"field[0].containerPort: Required value"}},
        {"invalid container port",
         "[{containerPort: 65536, protocol: TCP}]",
         {"field[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive"}},
        {"invalid host port",
         "[{containerPort: 80, hostPort: 65536, protocol: TCP}]",
         {"field[0].hostPort: Invalid value: 65536: must be between 1 and 65535, inclusive"}},
        {"invalid protocol case",
         "[{containerPort: 80, protocol: tcp}]",
         {"field[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", "
          "\"UDP\""}},
        {"invalid protocol",
         "[{containerPort: 80, protocol: ICMP}]",
         {"field[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", "
          "\"UDP\""}},
        // "protocol required": SetDefaults_ContainerPort makes it TCP before validation.
        {"protocol required (defaulted to TCP in v1)", "[{name: abc, containerPort: 80}]", {}},
        {"derived: negative host port",
         "[{containerPort: 80, hostPort: -1}]",
         {"field[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"}},
        {"derived: an invalid name is not also a duplicate",
         "[{name: a_b, containerPort: 80}, {name: a_b, containerPort: 81}]",
         {"field[0].name: Invalid value: \"a_b\": must contain only alpha-numeric characters "
          "(a-z, 0-9), and hyphens (-)",
          "field[1].name: Invalid value: \"a_b\": must contain only alpha-numeric characters "
          "(a-z, 0-9), and hyphens (-)"}},
        {"derived: strict decoding of a port",
         "[{containerPort: '80', hostport: 80}]",
         {"field[0].hostport: unknown field \"hostport\" (did you mean \"hostPort\"?)",
          "field[0].containerPort: Invalid type: cannot decode string \"80\" as int32"}},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(port_errors(row.yaml) == row.expected);
    }
}

// validation_test.go TestValidateContainers "host port not unique"; AccumulateUniqueHostPorts
// keys on protocol/hostIP/hostPort; init containers are checked one by one (they run one at a
// time), so an init container may reuse a regular container's hostPort.
TEST_CASE("TestValidateContainers: hostPort conflicts", "[probe][upstream][ports]") {
    std::vector<Row> rows = {
        {"host port not unique",
         "containers:\n"
         "- {name: abc, image: image, ports: [{containerPort: 80, hostPort: 80, protocol: TCP}]}\n"
         "- {name: def, image: image, ports: [{containerPort: 81, hostPort: 80, protocol: TCP}]}\n",
         {"spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//80\""}},
        {"derived: same hostPort, other protocol",
         "containers:\n"
         "- {name: abc, ports: [{containerPort: 80, hostPort: 80}]}\n"
         "- {name: def, ports: [{containerPort: 81, hostPort: 80, protocol: UDP}]}\n",
         {}},
        {"derived: same hostPort, other hostIP",
         "containers:\n"
         "- {name: abc, ports: [{containerPort: 80, hostPort: 80, hostIP: 10.0.0.1}]}\n"
         "- {name: def, ports: [{containerPort: 81, hostPort: 80, hostIP: 10.0.0.2}]}\n",
         {}},
        {"derived: twice in one container",
         "containers:\n"
         "- {name: abc, ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, "
         "hostPort: 8080}]}\n",
         {"spec.containers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\""}},
        {"derived: hostNetwork defaults hostPort to containerPort",
         "hostNetwork: true\n"
         "containers:\n"
         "- {name: abc, ports: [{containerPort: 80}]}\n"
         "- {name: def, ports: [{containerPort: 80}]}\n",
         {"spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//80\""}},
        {"derived: an init container may reuse a regular container's hostPort",
         "containers:\n"
         "- {name: abc, ports: [{containerPort: 80, hostPort: 80}]}\n"
         "initContainers:\n"
         "- {name: init, ports: [{containerPort: 80, hostPort: 80}]}\n",
         {}},
        {"derived: but not twice within itself",
         "containers: [{name: abc}]\n"
         "initContainers:\n"
         "- {name: init, ports: [{containerPort: 80, hostPort: 80}, {containerPort: 81, hostPort: "
         "80}]}\n",
         {"spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//80\""}},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(errors_of(row.yaml) == row.expected);
    }
}

// validation_test.go TestValidateContainers errorCases "invalid lifecycle, ..." (with upstream's
// expected field paths) and the handler rules of validateHandler.
TEST_CASE("TestValidateContainers: lifecycle", "[probe][upstream][lifecycle]") {
    auto pre_stop = [](const std::string& handler) {
        return "containers:\n- name: life-123\n  image: image\n  lifecycle:\n    preStop: " +
               handler + "\n";
    };
    struct LRow {
        const char* name;
        std::string yaml;
        std::vector<std::string> expected;
    };
    std::vector<LRow> rows = {
        {"invalid lifecycle, no exec command.",
         pre_stop("{exec: {}}"),
         {"spec.containers[0].lifecycle.preStop.exec.command: Required value"}},
        {"invalid lifecycle, no http path. (defaulted to / in v1)",
         pre_stop("{httpGet: {port: 80}}"),
         {}},
        {"invalid lifecycle, no http port.",
         pre_stop("{httpGet: {path: /}}"),
         {"spec.containers[0].lifecycle.preStop.httpGet.port: Invalid value: 0: must be between 1 "
          "and 65535, inclusive"}},
        {"invalid lifecycle, no tcp socket port.",
         pre_stop("{tcpSocket: {}}"),
         {"spec.containers[0].lifecycle.preStop.tcpSocket.port: Invalid value: 0: must be between "
          "1 and 65535, inclusive"}},
        {"invalid lifecycle, zero tcp socket port.",
         pre_stop("{tcpSocket: {port: 0}}"),
         {"spec.containers[0].lifecycle.preStop.tcpSocket.port: Invalid value: 0: must be between "
          "1 and 65535, inclusive"}},
        {"invalid lifecycle, no action.",
         pre_stop("{}"),
         {"spec.containers[0].lifecycle.preStop: Required value: must specify a handler type"}},
        {"derived: more than one handler",
         pre_stop("{exec: {command: [x]}, httpGet: {port: 80}, sleep: {seconds: 1}}"),
         {"spec.containers[0].lifecycle.preStop.httpGet: Forbidden: may not specify more than 1 "
          "handler type",
          "spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 "
          "handler type"}},
        {"derived: lifecycle handlers have no grpc",
         pre_stop("{grpc: {port: 80}}"),
         {"spec.containers[0].lifecycle.preStop.grpc: unknown field \"grpc\"",
          "spec.containers[0].lifecycle.preStop: Required value: must specify a handler type"}},
        {"derived: postStart is checked too, http port name",
         "containers:\n- name: c\n  lifecycle:\n    postStart: {httpGet: {port: Http}}\n",
         {"spec.containers[0].lifecycle.postStart.httpGet.port: Invalid value: \"Http\": must "
          "contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"}},
        {"derived: empty lifecycle is valid", "containers:\n- name: c\n  lifecycle: {}\n", {}},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(errors_of(row.yaml) == row.expected);
    }
}

// validation_test.go TestValidateSleepAction: the error is on `sleep`, against the pod's
// terminationGracePeriodSeconds (default 30). Zero is valid from 1.33
// (PodLifecycleSleepActionAllowZero beta, on by default); 1.32 refuses it naming the gate, 1.31
// without (the message KEP-4818 quotes).
TEST_CASE("TestValidateSleepAction", "[probe][upstream][lifecycle]") {
    auto pod = [](const std::string& seconds, const std::string& grace) {
        return (grace.empty() ? std::string() : "terminationGracePeriodSeconds: " + grace + "\n") +
               "containers:\n- name: c\n  lifecycle:\n    preStop: {sleep: {seconds: " + seconds +
               "}}\n";
    };
    const std::string path = "spec.containers[0].lifecycle.preStop.sleep: ";
    const std::string zero_on = "must be non-negative and less than terminationGracePeriodSeconds";
    const std::string zero_off =
        "must be greater than 0 and less than terminationGracePeriodSeconds";
    const std::string gate = ". Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero "
                             "sleep.";
    CHECK(errors_of(pod("5", "")).empty());  // valid setting
    CHECK(errors_of(pod("30", "")).empty()); // equal to the default grace
    CHECK(errors_of(pod("-1", "")) ==        // negative seconds
          std::vector<std::string>{path + "Invalid value: -1: " + zero_on + " (30)"});
    CHECK(errors_of(pod("5", "3")) == // longer than gracePeriod
          std::vector<std::string>{path + "Invalid value: 5: " + zero_on + " (3)"});
    CHECK(errors_of(pod("31", "")) == // derived: over the default
          std::vector<std::string>{path + "Invalid value: 31: " + zero_on + " (30)"});
    CHECK(errors_of(pod("0", "")).empty()); // zero, gate enabled (1.33+)
    CHECK(errors_of(pod("0", ""), 32) ==    // zero, gate disabled (1.32)
          std::vector<std::string>{path + "Invalid value: 0: " + zero_off + " (30)" + gate});
    CHECK(errors_of(pod("-1", ""), 32) == // negative, gate disabled
          std::vector<std::string>{path + "Invalid value: -1: " + zero_off + " (30)" + gate});
    CHECK(errors_of(pod("0", ""), 31) == // 1.31: before the gate existed
          std::vector<std::string>{path + "Invalid value: 0: " + zero_off + " (30)"});
}

// validation_test.go TestValidateInitContainers / validateInitContainers: lifecycle and probes
// are Forbidden unless restartPolicy: Always; then they are validated like a regular container's.
TEST_CASE("TestValidateInitContainers: lifecycle and probes", "[probe][upstream][init]") {
    const std::string forbidden =
        ": Forbidden: may not be set for init containers without restartPolicy=Always";
    CHECK(errors_of("containers: [{name: app}]\n"
                    "initContainers:\n"
                    "- name: init\n"
                    "  lifecycle: {preStop: {exec: {command: [x]}}}\n"
                    "  livenessProbe: {exec: {command: [x]}}\n"
                    "  readinessProbe: {exec: {command: [x]}}\n"
                    "  startupProbe: {exec: {command: [x]}}\n") ==
          std::vector<std::string>{"spec.initContainers[0].lifecycle" + forbidden,
                                   "spec.initContainers[0].livenessProbe" + forbidden,
                                   "spec.initContainers[0].readinessProbe" + forbidden,
                                   "spec.initContainers[0].startupProbe" + forbidden});
    // A sidecar (restartPolicy: Always) is validated, not refused.
    CHECK(
        errors_of("containers: [{name: app}]\n"
                  "initContainers:\n"
                  "- name: sidecar\n"
                  "  restartPolicy: Always\n"
                  "  lifecycle: {preStop: {exec: {}}}\n"
                  "  livenessProbe: {exec: {command: [x]}, successThreshold: 2}\n") ==
        std::vector<std::string>{
            "spec.initContainers[0].lifecycle.preStop.exec.command: Required value",
            "spec.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"});
    // Ports are validated for init containers as for any container (validateContainerCommon).
    CHECK(errors_of("containers: [{name: app}]\n"
                    "initContainers: [{name: init, ports: [{containerPort: 70000}]}]\n") ==
          std::vector<std::string>{"spec.initContainers[0].ports[0].containerPort: Invalid value: "
                                   "70000: must be between 1 and 65535, inclusive"});
}

// validation_test.go TestValidateEphemeralContainers "Container uses disallowed field: Lifecycle",
// "... Ports", "... LivenessProbe" and siblings: validateFieldAllowList, in the field order of
// EphemeralContainerCommon.
TEST_CASE("TestValidateEphemeralContainers: disallowed fields", "[probe][upstream][ephemeral]") {
    const std::string forbidden = ": Forbidden: cannot be set for an Ephemeral Container";
    CHECK(errors_of("containers: [{name: app}]\n"
                    "ephemeralContainers:\n"
                    "- name: debugger\n"
                    "  lifecycle: {preStop: {exec: {command: [x]}}}\n"
                    "  startupProbe: {exec: {command: [x]}}\n"
                    "  readinessProbe: {exec: {command: [x]}}\n"
                    "  livenessProbe: {exec: {command: [x]}}\n"
                    "  ports: [{name: port, containerPort: 8000, protocol: TCP}]\n") ==
          std::vector<std::string>{"spec.ephemeralContainers[0].ports" + forbidden,
                                   "spec.ephemeralContainers[0].livenessProbe" + forbidden,
                                   "spec.ephemeralContainers[0].readinessProbe" + forbidden,
                                   "spec.ephemeralContainers[0].startupProbe" + forbidden,
                                   "spec.ephemeralContainers[0].lifecycle" + forbidden});
    // validateContainerCommon still validates the ports before refusing them.
    CHECK(errors_of("containers: [{name: app}]\n"
                    "ephemeralContainers: [{name: d, ports: [{containerPort: 0}]}]\n") ==
          std::vector<std::string>{"spec.ephemeralContainers[0].ports[0].containerPort: Required "
                                   "value",
                                   "spec.ephemeralContainers[0].ports" + forbidden});
}

// ValidatePodSpec order: regular containers (ports, lifecycle, probes) and their hostPort
// conflicts come before init containers.
TEST_CASE("validate_pod_containers: upstream order", "[probe][upstream]") {
    CHECK(errors_of("containers:\n"
                    "- name: a\n"
                    "  ports: [{containerPort: 80, hostPort: 80, protocol: udp}]\n"
                    "  livenessProbe: {tcpSocket: {port: 0}}\n"
                    "  lifecycle: {postStart: {}}\n"
                    "- name: b\n"
                    "  ports: [{containerPort: 80, hostPort: 80, protocol: udp}]\n"
                    "initContainers: [{name: i, lifecycle: {}}]\n") ==
          std::vector<std::string>{
              "spec.containers[0].ports[0].protocol: Unsupported value: \"udp\": supported "
              "values: \"SCTP\", \"TCP\", \"UDP\"",
              "spec.containers[0].lifecycle.postStart: Required value: must specify a handler type",
              "spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between "
              "1 and 65535, inclusive",
              "spec.containers[1].ports[0].protocol: Unsupported value: \"udp\": supported "
              "values: \"SCTP\", \"TCP\", \"UDP\"",
              "spec.containers[1].ports[0].hostPort: Duplicate value: \"udp//80\"",
              "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers "
              "without restartPolicy=Always"});
}
