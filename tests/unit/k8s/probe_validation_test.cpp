// Restates the upstream probe validation tests as tables: kubernetes
// pkg/apis/core/validation/validation_test.go (TestValidateProbe, TestValidateHandler,
// TestValidateContainers probe cases, init/ephemeral container cases) and
// staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go (TestIsValidPortNum,
// TestIsValidPortName). Each row is one upstream case (or marked "derived" when it restates a
// rule the upstream tests do not cover), checked after defaulting as kube-apiserver does.
#include "core/yaml.hpp"
#include "k8s/probe/validation.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::k8s;

namespace {

Json parse(const std::string& yaml) {
    if (yaml.empty()) {
        return Json::object();
    }
    return yaml_to_json(YAML::Load(yaml));
}

std::vector<std::string> errors_of(const std::string& yaml, ProbeKind kind) {
    std::vector<std::string> out;
    for (const auto& e : validate_probe(parse(yaml), kind, "p")) {
        out.push_back(e.text());
    }
    return out;
}

struct Row {
    const char* name;
    const char* yaml;
    ProbeKind kind;
    std::vector<std::string> expected; // empty: valid
};

void check_rows(const std::vector<Row>& rows) {
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(errors_of(row.yaml, row.kind) == row.expected);
    }
}

constexpr auto L = ProbeKind::liveness;
constexpr auto R = ProbeKind::readiness;
constexpr auto S = ProbeKind::startup;

} // namespace

// validation_test.go TestValidateProbe: each positive field set to 10 is valid (readiness keeps a
// successThreshold of 10; liveness and startup must then report "must be 1").
TEST_CASE("TestValidateProbe: positive fields", "[probe][upstream]") {
    const char* exec = "exec: {command: [echo]}\n";
    for (const char* field : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                              "successThreshold", "failureThreshold"}) {
        std::string yaml = std::string(exec) + field + ": 10\n";
        INFO(field);
        CHECK(errors_of(yaml, R).empty());
        if (std::string(field) == "successThreshold") {
            CHECK(errors_of(yaml, L) ==
                  std::vector<std::string>{"p.successThreshold: Invalid value: 10: must be 1"});
        } else {
            CHECK(errors_of(yaml, L).empty());
        }
    }
}

// validation_test.go TestValidateProbe errorCases: negative fields; a probe without a handler.
TEST_CASE("TestValidateProbe: error cases", "[probe][upstream]") {
    check_rows({
        {"no handler (TimeoutSeconds 10, InitialDelaySeconds 10)",
         "timeoutSeconds: 10\ninitialDelaySeconds: 10\n",
         R,
         {"p: Required value: must specify a handler type"}},
        {"InitialDelaySeconds -10",
         "exec: {command: [echo]}\ninitialDelaySeconds: -10\n",
         R,
         {"p.initialDelaySeconds: Invalid value: -10: must be greater than or equal to 0"}},
        {"TimeoutSeconds -10",
         "exec: {command: [echo]}\ntimeoutSeconds: -10\n",
         R,
         {"p.timeoutSeconds: Invalid value: -10: must be greater than or equal to 0"}},
        {"PeriodSeconds -10",
         "exec: {command: [echo]}\nperiodSeconds: -10\n",
         R,
         {"p.periodSeconds: Invalid value: -10: must be greater than or equal to 0"}},
        {"SuccessThreshold -10",
         "exec: {command: [echo]}\nsuccessThreshold: -10\n",
         R,
         {"p.successThreshold: Invalid value: -10: must be greater than or equal to 0"}},
        {"FailureThreshold -10",
         "exec: {command: [echo]}\nfailureThreshold: -10\n",
         R,
         {"p.failureThreshold: Invalid value: -10: must be greater than or equal to 0"}},
        // Zero is defaulted (SetDefaults_Probe), never rejected: via the API it is valid.
        {"zero timings are defaulted (derived)",
         "exec: {command: [echo]}\ntimeoutSeconds: 0\nperiodSeconds: 0\nsuccessThreshold: 0\n"
         "failureThreshold: 0\n",
         L,
         {}},
        {"no upper bound (derived)",
         "exec: {command: [echo]}\ntimeoutSeconds: 100000\nperiodSeconds: 1\n",
         L,
         {}},
    });
}

// validation_test.go TestValidateHandler (probe handlers).
TEST_CASE("TestValidateHandler", "[probe][upstream]") {
    check_rows({
        {"exec echo", "exec: {command: [echo]}", L, {}},
        {"httpGet path / port 1 host ''",
         "httpGet: {path: /, port: 1, host: '', scheme: HTTP}",
         L,
         {}},
        {"httpGet port 65535 host",
         "httpGet: {path: /foo, port: 65535, host: host, scheme: HTTP}",
         L,
         {}},
        {"httpGet named port", "httpGet: {path: /, port: port, host: '', scheme: HTTP}", L, {}},
        {"httpGet header Host",
         "httpGet: {path: /, port: port, host: '', scheme: HTTP, httpHeaders: [{name: Host, "
         "value: foo.example.com}]}",
         L,
         {}},
        {"httpGet repeated header names",
         "httpGet: {path: /, port: port, host: '', scheme: HTTP, httpHeaders: [{name: "
         "X-Forwarded-For, value: 1.2.3.4}, {name: X-Forwarded-For, value: 5.6.7.8}]}",
         L,
         {}},
        {"empty handler", "", L, {"p: Required value: must specify a handler type"}},
        {"exec without command", "exec: {command: []}", L, {"p.exec.command: Required value"}},
        {"httpGet path '' port 0 (path defaulted)",
         "httpGet: {path: '', port: 0, host: ''}",
         L,
         {"p.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
        {"httpGet port 65536",
         "httpGet: {path: /foo, port: 65536, host: host}",
         L,
         {"p.httpGet.port: Invalid value: 65536: must be between 1 and 65535, inclusive"}},
        {"httpGet port '' (empty name)",
         "httpGet: {path: '', port: '', host: ''}",
         L,
         {"p.httpGet.port: Invalid value: \"\": must contain only alpha-numeric characters (a-z, "
          "0-9), and hyphens (-)",
          "p.httpGet.port: Invalid value: \"\": must contain at least one letter (a-z)"}},
        {"header name with colon",
         "httpGet: {path: /, port: port, host: '', scheme: HTTP, httpHeaders: [{name: 'Host:', "
         "value: foo.example.com}]}",
         L,
         {"p.httpGet.httpHeaders: Invalid value: \"Host:\": a valid HTTP header must consist of "
          "alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is "
          "'[-A-Za-z0-9]+')"}},
        {"header name with underscore",
         "httpGet: {path: /, port: port, host: '', scheme: HTTP, httpHeaders: [{name: "
         "X_Forwarded_For, value: foo.example.com}]}",
         L,
         {"p.httpGet.httpHeaders: Invalid value: \"X_Forwarded_For\": a valid HTTP header must "
          "consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for "
          "validation is '[-A-Za-z0-9]+')"}},
        {"scheme http is not HTTP (derived)",
         "httpGet: {port: 80, scheme: http}",
         L,
         {"p.httpGet.scheme: Unsupported value: \"http\": supported values: \"HTTP\", \"HTTPS\""}},
        {"scheme HTTPS", "httpGet: {port: 443, scheme: HTTPS}", L, {}},
        {"httpGet without port (zero IntOrString)",
         "httpGet: {path: /}",
         L,
         {"p.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
        {"tcpSocket port 8080", "tcpSocket: {port: 8080}", L, {}},
        {"tcpSocket port 0",
         "tcpSocket: {port: 0}",
         L,
         {"p.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
        {"tcpSocket quoted \"8080\" is a name without letters (derived)",
         "tcpSocket: {port: \"8080\"}",
         L,
         {"p.tcpSocket.port: Invalid value: \"8080\": must contain at least one letter (a-z)"}},
        {"tcpSocket upper-case name (derived)",
         "tcpSocket: {port: HTTP}",
         L,
         {"p.tcpSocket.port: Invalid value: \"HTTP\": must contain only alpha-numeric characters "
          "(a-z, 0-9), and hyphens (-)",
          "p.tcpSocket.port: Invalid value: \"HTTP\": must contain at least one letter (a-z)"}},
        {"grpc port (derived)", "grpc: {port: 9090, service: health}", L, {}},
        {"grpc port 0 (derived)",
         "grpc: {port: 0}",
         L,
         {"p.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
        {"grpc named port is not decodable (derived)",
         "grpc: {port: grpc}",
         L,
         {"p.grpc.port: Invalid type: cannot decode string \"grpc\" as int32"}},
        {"two handlers: exec wins, httpGet forbidden",
         "exec: {command: [echo]}\nhttpGet: {port: 80}\n",
         L,
         {"p.httpGet: Forbidden: may not specify more than 1 handler type"}},
        {"three handlers: httpGet wins (order exec, httpGet, tcpSocket, grpc)",
         "grpc: {port: 1}\ntcpSocket: {port: 1}\nhttpGet: {port: 1}\n",
         L,
         {"p.tcpSocket: Forbidden: may not specify more than 1 handler type",
          "p.grpc: Forbidden: may not specify more than 1 handler type"}},
    });
}

// validation_test.go TestValidateContainers: probe cases in the golden error order.
TEST_CASE("TestValidateContainers: probe cases", "[probe][upstream]") {
    const char* all_minus_one = "exec: {command: [echo]}\ninitialDelaySeconds: -1\n"
                                "timeoutSeconds: -1\nperiodSeconds: -1\nsuccessThreshold: -1\n"
                                "failureThreshold: -1\nterminationGracePeriodSeconds: -1\n";
    check_rows({
        {"invalid liveness probe, all fields -1",
         all_minus_one,
         L,
         {"p.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.successThreshold: Invalid value: -1: must be greater than or equal to 0",
          "p.failureThreshold: Invalid value: -1: must be greater than or equal to 0",
          "p.terminationGracePeriodSeconds: Invalid value: -1: must be greater than 0",
          "p.successThreshold: Invalid value: -1: must be 1"}},
        {"invalid readiness probe, all fields -1",
         all_minus_one,
         R,
         {"p.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.successThreshold: Invalid value: -1: must be greater than or equal to 0",
          "p.failureThreshold: Invalid value: -1: must be greater than or equal to 0",
          "p.terminationGracePeriodSeconds: Invalid value: -1: must be greater than 0",
          "p.terminationGracePeriodSeconds: Invalid value: -1: must not be set for "
          "readinessProbes"}},
        {"invalid startup probe, all fields -1",
         all_minus_one,
         S,
         {"p.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
          "p.successThreshold: Invalid value: -1: must be greater than or equal to 0",
          "p.failureThreshold: Invalid value: -1: must be greater than or equal to 0",
          "p.terminationGracePeriodSeconds: Invalid value: -1: must be greater than 0",
          "p.successThreshold: Invalid value: -1: must be 1"}},
        {"liveness successThreshold 2",
         "tcpSocket: {port: 80}\nsuccessThreshold: 2\n",
         L,
         {"p.successThreshold: Invalid value: 2: must be 1"}},
        {"startup successThreshold 2",
         "tcpSocket: {port: 80}\nsuccessThreshold: 2\n",
         S,
         {"p.successThreshold: Invalid value: 2: must be 1"}},
        {"readiness successThreshold 3 is fine",
         "tcpSocket: {port: 80}\nsuccessThreshold: 3\n",
         R,
         {}},
        {"readiness terminationGracePeriodSeconds",
         "tcpSocket: {port: 80}\nterminationGracePeriodSeconds: 10\n",
         R,
         {"p.terminationGracePeriodSeconds: Invalid value: 10: must not be set for "
          "readinessProbes"}},
        {"liveness terminationGracePeriodSeconds 10",
         "tcpSocket: {port: 80}\nterminationGracePeriodSeconds: 10\n",
         L,
         {}},
        {"liveness terminationGracePeriodSeconds 0",
         "tcpSocket: {port: 80}\nterminationGracePeriodSeconds: 0\n",
         L,
         {"p.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"}},
        {"omitted successThreshold defaults to 1", "tcpSocket: {port: 80}", S, {}},
    });
}

TEST_CASE("strict decoding: types and unknown fields", "[probe]") {
    check_rows({
        {"periodSeconds \"10\"",
         "tcpSocket: {port: 80}\nperiodSeconds: \"10\"\n",
         L,
         {"p.periodSeconds: Invalid type: cannot decode string \"10\" as int32"}},
        {"timeoutSeconds 1.5",
         "tcpSocket: {port: 80}\ntimeoutSeconds: 1.5\n",
         L,
         {"p.timeoutSeconds: Invalid type: cannot decode number 1.5 as int32"}},
        {"port true",
         "tcpSocket: {port: true}",
         L,
         {"p.tcpSocket.port: Invalid type: cannot decode bool true as int32 or string "
          "(IntOrString)"}},
        {"typo perodSeconds",
         "tcpSocket: {port: 80}\nperodSeconds: 5\n",
         L,
         {"p.perodSeconds: unknown field \"perodSeconds\" (did you mean \"periodSeconds\"?)"}},
        {"int32 overflow",
         "tcpSocket: {port: 80}\nperiodSeconds: 2147483648\n",
         L,
         {"p.periodSeconds: Invalid type: cannot decode number 2147483648 as int32"}},
    });
}

// apimachinery validation_test.go TestIsValidPortNum.
TEST_CASE("TestIsValidPortNum", "[probe][upstream]") {
    for (long long good : {1, 2, 1000, 16384, 32768, 65535}) {
        INFO(good);
        CHECK(port_number_errors(good).empty());
    }
    for (long long bad : {0, -1, 65536, 100000}) {
        INFO(bad);
        CHECK(port_number_errors(bad) ==
              std::vector<std::string>{"must be between 1 and 65535, inclusive"});
    }
}

// apimachinery validation_test.go TestIsValidPortName (every failing rule is reported).
TEST_CASE("TestIsValidPortName", "[probe][upstream]") {
    for (const char* good :
         {"telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"}) {
        INFO(good);
        CHECK(port_name_errors(good).empty());
    }
    const std::string charset =
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    const std::string letter = "must contain at least one letter (a-z)";
    const std::string toolong = "must be no more than 15 bytes";
    struct Bad {
        std::string name;
        std::vector<std::string> errors;
    };
    std::vector<Bad> bad = {
        {"longerthan15characters", {toolong}},
        {"", {charset, letter}},
        {std::string(16, 'a'), {toolong}},
        {"12345", {letter}},
        {"1-2-3-4", {letter}},
        {"-begin", {"must not begin or end with a hyphen"}},
        {"end-", {"must not begin or end with a hyphen"}},
        {"two--hyphens", {"must not contain consecutive hyphens"}},
        {"1-2", {letter}},
        {"whois++", {charset}},
        {"Http", {charset}}, // derived: upper case
    };
    for (const auto& b : bad) {
        INFO(b.name);
        CHECK(port_name_errors(b.name) == b.errors);
    }
}

TEST_CASE("IsHTTPHeaderName", "[probe][upstream]") {
    for (const char* good : {"Host", "X-Forwarded-For", "x-a-1", "A"}) {
        CHECK(http_header_name_errors(good).empty());
    }
    for (const char* bad : {"", "Host:", "X_Forwarded_For", "a b", "é"}) {
        CHECK(http_header_name_errors(bad).size() == 1);
    }
}

TEST_CASE("default_probe applies SetDefaults_Probe and SetDefaults_HTTPGetAction", "[probe]") {
    Json d = default_probe(parse("httpGet: {port: 80}\nperiodSeconds: 0\n"));
    CHECK(d["timeoutSeconds"] == 1);
    CHECK(d["periodSeconds"] == 10);
    CHECK(d["successThreshold"] == 1);
    CHECK(d["failureThreshold"] == 3);
    CHECK(d["httpGet"]["path"] == "/");
    CHECK(d["httpGet"]["scheme"] == "HTTP");
    CHECK_FALSE(d.contains("initialDelaySeconds"));
}
