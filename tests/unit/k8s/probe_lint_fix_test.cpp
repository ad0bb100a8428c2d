// The fix of probe lint findings (lib/k8s/probe/lint_fix.*): one row per API-server error shape
// (kubernetes pkg/apis/core/validation/validation.go validateProbe, validateHTTPGetAction,
// validateContainerPorts, strict decoding), with the fix or none when there is no single edit.
#include "k8s/probe/lint_fix.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;

TEST_CASE("field_error_fix: one mechanical edit, or none", "[lint-fix]") {
    const std::string probe = "spec.containers[0].livenessProbe";
    struct Row {
        const char* name;
        FieldError error;
        std::optional<std::string> fix;
    };
    std::vector<Row> rows = {
        {"successThreshold must be 1 (liveness, startup)",
         {FieldErrorType::invalid, probe + ".successThreshold", "2", "must be 1"},
         "set successThreshold: 1"},
        {"terminationGracePeriodSeconds on a readiness probe",
         {FieldErrorType::invalid,
          "spec.containers[0].readinessProbe.terminationGracePeriodSeconds", "10",
          "must not be set for readinessProbes"},
         "remove terminationGracePeriodSeconds"},
        {"unknown field with a close name",
         {FieldErrorType::unknown_field, probe + ".perodSeconds", "",
          "unknown field \"perodSeconds\" (did you mean \"periodSeconds\"?)"},
         "rename perodSeconds to periodSeconds"},
        {"unknown field with no close name",
         {FieldErrorType::unknown_field, probe + ".bogus", "", "unknown field \"bogus\""},
         std::nullopt},
        {"scheme in lower case",
         {FieldErrorType::not_supported, probe + ".httpGet.scheme", "\"http\"",
          "supported values: \"HTTP\", \"HTTPS\""},
         "set scheme: HTTP"},
        {"protocol in lower case",
         {FieldErrorType::not_supported, "spec.containers[0].ports[0].protocol", "\"tcp\"",
          "supported values: \"SCTP\", \"TCP\", \"UDP\""},
         "set protocol: TCP"},
        {"scheme that is no supported value in any case",
         {FieldErrorType::not_supported, probe + ".httpGet.scheme", "\"ftp\"",
          "supported values: \"HTTP\", \"HTTPS\""},
         std::nullopt},
        {"quoted number read as a port name",
         {FieldErrorType::invalid, probe + ".httpGet.port", "\"8080\"",
          "must contain at least one letter (a-z)"},
         "set port: 8080 (a number, without quotes)"},
        {"quoted number out of the port range",
         {FieldErrorType::invalid, probe + ".httpGet.port", "\"70000\"",
          "must contain at least one letter (a-z)"},
         std::nullopt},
        {"port name with a bad character: renaming it is not one edit",
         {FieldErrorType::invalid, probe + ".httpGet.port", "\"http_port\"",
          "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"},
         std::nullopt},
        {"integer field given as a quoted number",
         {FieldErrorType::type, probe + ".timeoutSeconds", "",
          "cannot decode string \"1\" as int32"},
         "set timeoutSeconds: 1 (a number, without quotes)"},
        {"integer field given as a word",
         {FieldErrorType::type, probe + ".timeoutSeconds", "",
          "cannot decode string \"one\" as int32"},
         std::nullopt},
        {"negative timing: 0 (the default) or a positive value",
         {FieldErrorType::invalid, probe + ".periodSeconds", "-1",
          "must be greater than or equal to 0"},
         std::nullopt},
        {"two handlers: which one was meant is not mechanical",
         {FieldErrorType::forbidden, probe + ".tcpSocket", "",
          "may not specify more than 1 handler type"},
         std::nullopt},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(field_error_fix(row.error) == row.fix);
    }
}

TEST_CASE("string_port_fix and startup_window_fix", "[lint-fix]") {
    CHECK(string_port_fix("8080") == "set port: 8080 (a number, without quotes)");
    CHECK(string_port_fix("0") == std::nullopt);
    CHECK(string_port_fix("65536") == std::nullopt);
    // A startupProbe with period 10 must allow 120 s: 12 failures (none before initialDelay 0).
    CHECK(startup_window_fix(120, 0, 10) == "set startupProbe.failureThreshold: 12");
    CHECK(startup_window_fix(125, 0, 10) == "set startupProbe.failureThreshold: 13");
    CHECK(startup_window_fix(120, 30, 10) == "set startupProbe.failureThreshold: 9");
}
