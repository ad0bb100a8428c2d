// Probe generation (lib/k8s/probe.*): flags -> v1 Probe, refusals with the API server's message.
#include "core/error.hpp"
#include "k8s/probe/probe.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::k8s;

namespace {

ProbeOptions opts(const char* kind, const char* handler) {
    ProbeOptions o;
    o.kind = kind;
    o.handler = handler;
    return o;
}

std::string refusal(const ProbeOptions& o) {
    try {
        build_probes(o);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("http probe with every field", "[probe]") {
    auto o = opts("liveness", "http");
    o.port = "8080";
    o.path = "/healthz";
    o.host = "127.0.0.1";
    o.scheme = "HTTPS";
    o.headers = {"X-Probe: yes", "User-Agent:"};
    o.initial_delay = "5";
    o.timeout = "2s";
    o.period = "1m";
    o.success_threshold = "1";
    o.failure_threshold = "4";
    o.termination_grace = "30";
    auto probes = build_probes(o);
    REQUIRE(probes.size() == 1);
    CHECK(probes[0].probe.dump() ==
          R"({"httpGet":{"path":"/healthz","port":8080,"host":"127.0.0.1","scheme":"HTTPS",)"
          R"("httpHeaders":[{"name":"X-Probe","value":"yes"},{"name":"User-Agent","value":""}]},)"
          R"("initialDelaySeconds":5,"timeoutSeconds":2,"periodSeconds":60,"successThreshold":1,)"
          R"("failureThreshold":4,"terminationGracePeriodSeconds":30})");
    CHECK(
        probe_yaml("livenessProbe", probes[0].probe) ==
        "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n    host: \"127.0.0.1\"\n"
        "    scheme: HTTPS\n    httpHeaders:\n      - name: X-Probe\n        value: \"yes\"\n"
        "      - name: User-Agent\n        value: \"\"\n  initialDelaySeconds: 5\n"
        "  timeoutSeconds: 2\n  periodSeconds: 60\n  successThreshold: 1\n"
        "  failureThreshold: 4\n  terminationGracePeriodSeconds: 30\n");
}

TEST_CASE("named ports stay strings, numbers become integers", "[probe]") {
    auto o = opts("readiness", "tcp");
    o.port = "postgres";
    CHECK(build_probes(o)[0].probe["tcpSocket"]["port"] == "postgres");
    o.port = "5432";
    CHECK(build_probes(o)[0].probe["tcpSocket"]["port"] == 5432);
}

TEST_CASE("OpenShift spellings", "[probe]") {
    ProbeOptions o;
    o.readiness = true;
    o.get_url = "https://db.local:8443/ready?full=1";
    auto p = build_probes(o)[0];
    CHECK(p.kind == ProbeKind::readiness);
    CHECK(p.probe.dump() == R"({"httpGet":{"path":"/ready?full=1","port":8443,"host":"db.local",)"
                            R"("scheme":"HTTPS"}})");
    ProbeOptions t;
    t.liveness = true;
    t.open_tcp = "3306";
    CHECK(build_probes(t)[0].probe.dump() == R"({"tcpSocket":{"port":3306}})");
    ProbeOptions u;
    u.startup = true;
    u.get_url = "http://:web/";
    CHECK(build_probes(u)[0].probe.dump() == R"({"httpGet":{"path":"/","port":"web"}})");
}

TEST_CASE("slow-start sizes a startupProbe", "[probe]") {
    auto o = opts("liveness", "http");
    o.port = "8080";
    o.slow_start = "5m";
    auto probes = build_probes(o);
    REQUIRE(probes.size() == 2);
    CHECK(probes[1].kind == ProbeKind::startup);
    CHECK(probes[1].probe["periodSeconds"] == 10);
    CHECK(probes[1].probe["failureThreshold"] == 30); // 30 x 10 s = 5 minutes
    o.period = "7";
    o.slow_start = "100s";
    CHECK(build_probes(o)[1].probe["failureThreshold"] == 15); // ceil(100 / 7)
    auto s = opts("startup", "exec");
    s.command = {"cat", "/tmp/ready"};
    s.slow_start = "1h";
    auto only = build_probes(s);
    REQUIRE(only.size() == 1);
    CHECK(only[0].probe["failureThreshold"] == 360);
}

TEST_CASE("refusals carry the API server's field path and message", "[probe]") {
    auto o = opts("liveness", "http");
    o.port = "8080";
    o.success_threshold = "2";
    CHECK(refusal(o) == "livenessProbe.successThreshold: Invalid value: 2: must be 1");
    auto r = opts("readiness", "tcp");
    r.port = "80";
    r.termination_grace = "30";
    CHECK(refusal(r) == "readinessProbe.terminationGracePeriodSeconds: Invalid value: 30: must "
                        "not be set for readinessProbes");
    auto n = opts("startup", "tcp");
    n.port = "abcdefghijklmnop";
    CHECK(refusal(n) == "startupProbe.tcpSocket.port: Invalid value: \"abcdefghijklmnop\": must "
                        "be no more than 15 bytes");
    auto z = opts("liveness", "tcp");
    z.port = "0";
    CHECK(refusal(z) == "livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and "
                        "65535, inclusive");
    auto s = opts("liveness", "http");
    s.port = "80";
    s.scheme = "http";
    CHECK(refusal(s) == "livenessProbe.httpGet.scheme: Unsupported value: \"http\": supported "
                        "values: \"HTTP\", \"HTTPS\"");
    auto h = opts("liveness", "http");
    h.port = "80";
    h.headers = {"X_Bad: 1"};
    CHECK(refusal(h).find("livenessProbe.httpGet.httpHeaders: Invalid value: \"X_Bad\"") == 0);
    auto neg = opts("liveness", "exec");
    neg.command = {"true"};
    neg.period = "-1";
    CHECK(refusal(neg) == "livenessProbe.periodSeconds: Invalid value: -1: must be greater than or "
                          "equal to 0");
    auto e = opts("liveness", "exec");
    CHECK(refusal(e).find("livenessProbe.exec.command: Required value") == 0);
    auto g = opts("liveness", "grpc");
    g.port = "grpc";
    CHECK(refusal(g).find("livenessProbe.grpc.port: Invalid value: \"grpc\"") == 0);
    auto both = opts("liveness", "tcp");
    both.get_url = "http://:80/";
    CHECK(refusal(both).find("may not specify more than 1 handler type") != std::string::npos);
    ProbeOptions nokind;
    nokind.handler = "tcp";
    nokind.port = "80";
    CHECK(refusal(nokind) == "--kind is required (liveness, readiness or startup)");
}

TEST_CASE("durations", "[probe]") {
    CHECK(parse_seconds("90", "--x") == 90);
    CHECK(parse_seconds("90s", "--x") == 90);
    CHECK(parse_seconds("1m30s", "--x") == 90);
    CHECK(parse_seconds("2h", "--x") == 7200);
    CHECK(parse_seconds("-1", "--x") == -1);
    CHECK_THROWS_AS(parse_seconds("1.5s", "--x"), Error);
    CHECK_THROWS_AS(parse_seconds("10ms", "--x"), Error);
    CHECK_THROWS_AS(parse_seconds("", "--x"), Error);
}

TEST_CASE("probe_yaml quotes what YAML 1.1 would misread and follows indentation", "[probe]") {
    Json p = Json::parse(R"({"exec":{"command":["true","on","0755","sh -c 'x'"]}})");
    CHECK(probe_yaml("livenessProbe", p, 4, 4, "\r\n") ==
          "    livenessProbe:\r\n        exec:\r\n            command:\r\n"
          "                - \"true\"\r\n                - \"on\"\r\n"
          "                - \"0755\"\r\n                - sh -c 'x'\r\n");
}
