// probe lint (lib/k8s/probe_lint.*): API-server errors on every workload kind, with paths and
// lines, plus best-practice warnings.
#include "core/error.hpp"
#include "k8s/probe/lint.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace corral;
using namespace corral::k8s;

namespace {

LintReport lint(const std::string& text, bool strict = false) {
    LintReport report;
    LintOptions options;
    options.strict = strict;
    lint_manifest(InputFile{"m.yaml", text}, options, report);
    return report;
}

std::string container_yaml(int indent) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    return pad + "containers:\n" + pad + "- name: app\n" + pad + "  image: app:1\n" + pad +
           "  livenessProbe:\n" + pad + "    tcpSocket: {port: 80}\n" + pad +
           "    successThreshold: 2\n";
}

} // namespace

TEST_CASE("field paths per workload kind", "[lint]") {
    struct Row {
        const char* kind;
        std::string prefix; // YAML above the pod spec's fields
        int indent;
        const char* path;
    };
    std::vector<Row> rows = {
        {"Pod", "spec:\n", 2, "spec.containers[0].livenessProbe.successThreshold"},
        {"PodTemplate", "template:\n  spec:\n", 4,
         "template.spec.containers[0].livenessProbe.successThreshold"},
        {"Deployment", "spec:\n  template:\n    spec:\n", 6,
         "spec.template.spec.containers[0].livenessProbe.successThreshold"},
        {"StatefulSet", "spec:\n  template:\n    spec:\n", 6,
         "spec.template.spec.containers[0].livenessProbe.successThreshold"},
        {"DaemonSet", "spec:\n  template:\n    spec:\n", 6,
         "spec.template.spec.containers[0].livenessProbe.successThreshold"},
        {"ReplicaSet", "spec:\n  template:\n    spec:\n", 6,
         "spec.template.spec.containers[0].livenessProbe.successThreshold"},
        {"ReplicationController", "spec:\n  template:\n    spec:\n", 6,
         "spec.template.spec.containers[0].livenessProbe.successThreshold"},
        {"Job", "spec:\n  template:\n    spec:\n", 6,
         "spec.template.spec.containers[0].livenessProbe.successThreshold"},
        {"CronJob", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n", 10,
         "spec.jobTemplate.spec.template.spec.containers[0].livenessProbe.successThreshold"},
    };
    for (const auto& row : rows) {
        INFO(row.kind);
        std::string text = "kind: " + std::string(row.kind) + "\nmetadata:\n  name: x\n" +
                           row.prefix + container_yaml(row.indent);
        auto r = lint(text);
        REQUIRE(r.errors == 1);
        const LintFinding* f = nullptr;
        for (const auto& x : r.findings) {
            if (x.severity == "error") {
                f = &x;
            }
        }
        REQUIRE(f != nullptr);
        CHECK(f->path == row.path);
        CHECK(f->message == "Invalid value: 2: must be 1");
        CHECK(f->code == "invalid");
        CHECK(f->object == std::string(row.kind) + "/x");
        CHECK(f->container == "app");
        // successThreshold is the last line of the document.
        int lines = 0;
        for (char c : text) {
            lines += c == '\n';
        }
        CHECK(f->line == lines);
    }
}

TEST_CASE("init containers need restartPolicy Always, ephemeral never", "[lint]") {
    auto r = lint("kind: Pod\nspec:\n  initContainers:\n  - name: side\n    restartPolicy: Always\n"
                  "    image: x\n    readinessProbe: {tcpSocket: {port: 1}}\n"
                  "  - name: init\n    image: x\n    startupProbe: {tcpSocket: {port: 1}}\n"
                  "  containers:\n  - name: app\n    image: x\n"
                  "  ephemeralContainers:\n  - name: dbg\n    image: x\n"
                  "    livenessProbe: {exec: {command: [x]}}\n");
    std::vector<std::string> errors;
    for (const auto& f : r.findings) {
        if (f.severity == "error") {
            errors.push_back(f.path + ": " + f.message + " @" + std::to_string(f.line));
        }
    }
    CHECK(errors == std::vector<std::string>{
                        "spec.initContainers[1].startupProbe: Forbidden: may not be set for init "
                        "containers without restartPolicy=Always @10",
                        "spec.ephemeralContainers[0].livenessProbe: Forbidden: cannot be set for "
                        "an Ephemeral Container @17"});
}

TEST_CASE("best-practice warnings", "[lint]") {
    auto codes = [](const LintReport& r) {
        std::vector<std::string> out;
        for (const auto& f : r.findings) {
            out.push_back(f.code);
        }
        return out;
    };
    // Identical liveness and readiness; port not declared; quoted numeric port.
    auto r = lint("kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
                  "      - name: app\n        image: x\n        ports: [{containerPort: 8080}]\n"
                  "        livenessProbe: {httpGet: {path: /h, port: 8080}}\n"
                  "        readinessProbe: {httpGet: {path: /h, port: 8080}, periodSeconds: 5}\n"
                  "        startupProbe: {tcpSocket: {port: 9090}}\n");
    CHECK(codes(r) == std::vector<std::string>{"identical-probes", "probe-port"});
    CHECK(r.errors == 0);
    auto s = lint("kind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n"
                  "    ports: [{containerPort: 80, name: http}]\n"
                  "    readinessProbe: {tcpSocket: {port: \"80\"}}\n"
                  "    livenessProbe: {httpGet: {port: http}, initialDelaySeconds: 120}\n");
    CHECK(codes(s) == std::vector<std::string>{"invalid", "string-port", "startup-window"});
    // Jobs are not long-running: no missing-probe warnings.
    auto j = lint("kind: Job\nspec:\n  template:\n    spec:\n      containers:\n"
                  "      - name: app\n        image: x\n");
    CHECK(j.findings.empty());
    auto p = lint("kind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n");
    CHECK(codes(p) == std::vector<std::string>{"missing-readiness", "missing-liveness"});
    auto d = lint("kind: Pod\nspec:\n  containers:\n  - name: app\n"
                  "    image: gcr.io/distroless/static\n"
                  "    readinessProbe: {exec: {command: [cat, /tmp/ok]}}\n"
                  "    livenessProbe: {exec: {command: [ls]}}\n");
    CHECK(codes(d) == std::vector<std::string>{"exec-distroless", "exec-distroless"});
    auto w = lint("kind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n"
                  "    ports: [{containerPort: 80}]\n"
                  "    readinessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 200}\n"
                  "    livenessProbe: {exec: {command: [ls]}}\n"
                  "    startupProbe: {tcpSocket: {port: 80}}\n");
    CHECK(codes(w) == std::vector<std::string>{"startup-window"});
}

// identical-probes compares the whole handler after defaulting (kube-score "Pod Probes
// Identical"): headers, host, scheme and gRPC count; an omitted path equals "/".
TEST_CASE("identical-probes compares whole handlers", "[lint]") {
    auto identical = [](const std::string& liveness, const std::string& readiness) {
        LintReport r = lint("kind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n"
                            "    ports: [{containerPort: 80}, {containerPort: 9090}]\n"
                            "    livenessProbe: " +
                            liveness + "\n    readinessProbe: " + readiness + "\n");
        return std::any_of(r.findings.begin(), r.findings.end(),
                           [](const LintFinding& f) { return f.code == "identical-probes"; });
    };
    struct Row {
        const char* name;
        const char* liveness;
        const char* readiness;
        bool same;
    };
    std::vector<Row> rows = {
        {"header value differs", "{httpGet: {port: 80, httpHeaders: [{name: X, value: a}]}}",
         "{httpGet: {port: 80, httpHeaders: [{name: X, value: b}]}}", false},
        {"same headers", "{httpGet: {port: 80, httpHeaders: [{name: X, value: a}]}}",
         "{httpGet: {port: 80, httpHeaders: [{name: X, value: a}]}, periodSeconds: 3}", true},
        {"scheme differs", "{httpGet: {port: 80, scheme: HTTPS}}", "{httpGet: {port: 80}}", false},
        {"defaulted path and scheme", "{httpGet: {port: 80, path: /, scheme: HTTP}}",
         "{httpGet: {port: 80}}", true},
        {"identical grpc", "{grpc: {port: 9090}}", "{grpc: {port: 9090}}", true},
        {"grpc service differs", "{grpc: {port: 9090, service: a}}", "{grpc: {port: 9090}}", false},
        {"tcp host differs", "{tcpSocket: {port: 80, host: a}}", "{tcpSocket: {port: 80}}", false},
        {"same exec", "{exec: {command: [ok]}}", "{exec: {command: [ok]}}", true},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(identical(row.liveness, row.readiness) == row.same);
    }
}

TEST_CASE("unknown kinds are skipped unless --strict, bad documents are input errors", "[lint]") {
    CHECK(lint("kind: Rollout\nspec: {}\n").findings.empty());
    CHECK(lint("kind: Service\nspec: {}\n", true).findings.empty());
    auto r = lint("kind: Rollout\nmetadata: {name: r}\nspec: {}\n", true);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].code == "unknown-kind");
    CHECK(r.warnings == 1);
    CHECK_THROWS_AS(lint("- a\n- b\n"), Error);
    CHECK_THROWS_AS(lint("kind: Pod\nkind: Pod\n"), Error);
    // kind: List items are linted.
    auto l = lint("kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - name: a\n"
                  "      image: x\n      livenessProbe: {}\n");
    CHECK(l.errors == 1);
}

TEST_CASE("container without a name and missing containers", "[lint]") {
    auto r = lint(
        "kind: Pod\nspec:\n  containers:\n  - image: x\n    readinessProbe: {tcpSocket: "
        "{port: 1}}\n    livenessProbe: {tcpSocket: {port: 1}}\n    ports: [{containerPort: 1}]\n");
    REQUIRE(r.errors == 1);
    CHECK(r.findings[0].path == "spec.containers[0].name");
    CHECK(r.findings[0].message == "Required value");
    auto m = lint("kind: Deployment\nspec:\n  template:\n    spec: {}\n");
    REQUIRE(m.errors == 1);
    CHECK(m.findings[0].path == "spec.template.spec.containers");
}

TEST_CASE("JSON shape (SPEC §7)", "[lint]") {
    auto r =
        lint("kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n"
             "    livenessProbe: {tcpSocket: {port: 0}}\n");
    LintRun run;
    run.add(r.to_lint_file("m.yaml"));
    Json j = run.to_json();
    CHECK(j["errors"] == 1);
    CHECK(j["warnings"] == 1); // missing-readiness (an invalid probe gets no port check)
    CHECK(j["files"][0]["objects"] == 1);
    const Json& f = j["files"][0]["findings"][0];
    std::vector<std::string> keys;
    for (auto it = f.begin(); it != f.end(); ++it) {
        keys.push_back(it.key());
    }
    CHECK(keys == std::vector<std::string>{"file", "line", "col", "path", "code", "severity",
                                           "message", "object", "container"});
    CHECK(f["object"] == "Pod/p");
    CHECK(f["container"] == "a");
    // The finding is about livenessProbe.tcpSocket.port, reported on the line of livenessProbe
    // (flow style), at the column of its key.
    CHECK(f["line"] == 7);
    CHECK(f["col"] == 5);
}
