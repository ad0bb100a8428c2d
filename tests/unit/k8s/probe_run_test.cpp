// The probe verbs as functions (lib/k8s/probe/run.*): what `corral probe ...` prints and exits
// with, from the request the flags fill.
#include "core/error.hpp"
#include "k8s/probe/run.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::k8s;

namespace {

std::string usage_error(const ProbeOptions& request) {
    try {
        run_probe_generate(request);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        return e.what();
    }
    return "";
}

std::string data_file(const char* name) {
    return std::string(CORRAL_TEST_DATA) + "/probe/" + name;
}

} // namespace

TEST_CASE("run_probe_generate: the probe as data and as YAML, with --slow-start", "[run]") {
    ProbeOptions request;
    request.handler = "http";
    request.kind = "liveness";
    request.port = "8080";
    request.slow_start = "2m";
    Report report = run_probe_generate(request);
    CHECK(report.exit == 0);
    REQUIRE(report.data.size() == 2);
    CHECK(report.data.begin().key() == "livenessProbe");
    CHECK(report.data["livenessProbe"]["httpGet"]["port"] == 8080);
    CHECK(report.data["startupProbe"]["failureThreshold"] == 12); // 12 x 10 s covers 2 minutes
    CHECK(report.text == probe_yaml("livenessProbe", report.data["livenessProbe"]) +
                             probe_yaml("startupProbe", report.data["startupProbe"]));
}

TEST_CASE("run_probe_generate: exec argv is --command then the words after --", "[run]") {
    ProbeOptions request;
    request.handler = "exec";
    request.liveness = true;
    request.command = {"sh"};
    request.trailing_command = {"-c", "test -f /tmp/ok"};
    Report report = run_probe_generate(request);
    CHECK(report.data["livenessProbe"]["exec"]["command"] ==
          Json::array({"sh", "-c", "test -f /tmp/ok"}));
}

TEST_CASE("run_probe_generate: the group form needs --get-url, --open-tcp or a command", "[run]") {
    ProbeOptions request;
    request.readiness = true;
    CHECK(usage_error(request) == "choose a command: http, tcp, grpc, exec, inject or lint (or "
                                  "--get-url/--open-tcp); see corral probe --help");
    request.open_tcp = "3306";
    CHECK(run_probe_generate(request).data["readinessProbe"]["tcpSocket"]["port"] == 3306);
    request.kind = "liveness"; // and --readiness: two kinds
    CHECK(usage_error(request) ==
          "give one probe kind: --kind, --liveness, --readiness or --startup");
}

TEST_CASE("run_probe_lint: one shape for any number of files, exit by the worst finding", "[run]") {
    // The report carries what the chosen format prints (data for -o json, text for -o text).
    ProbeLintRequest request;
    request.files = {data_file("bad-probes.yaml")};
    output_settings().format = Format::text;
    Report text = run_probe_lint(request);
    CHECK(text.data.empty());
    CHECK(text.text.find("bad-probes.yaml:") != std::string::npos);
    output_settings().format = Format::json;
    Report one = run_probe_lint(request);
    CHECK(one.exit == 1);
    REQUIRE(one.data["files"].size() == 1);
    CHECK(one.data["errors"].get<int>() > 0);
    CHECK(one.text.empty());

    request.files.push_back(data_file("deployment.yaml"));
    Report two = run_probe_lint(request);
    CHECK(two.data["files"].size() == 2);
    CHECK(two.data["errors"] == one.data["errors"]);

    request.files = {data_file("deployment.yaml")};
    Report clean = run_probe_lint(request);
    CHECK(clean.data["errors"] == 0);
    CHECK(clean.data["warnings"].get<int>() > 0); // best practice only: exit 0 ...
    CHECK(clean.exit == 0);
    request.strict = true;
    CHECK(run_probe_lint(request).exit == 1); // ... unless --strict

    request.files = {data_file("no-such-file.yaml"), data_file("deployment.yaml")};
    Report missing = run_probe_lint(request);
    CHECK(missing.exit == 3); // reported as an "input" finding; the other file is still linted
    CHECK(missing.data["files"].size() == 2);
    CHECK(missing.data["files"][0]["findings"][0]["code"] == "input");
    output_settings().format = Format::text;
}
