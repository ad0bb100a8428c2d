// The API server's probe rules (kubernetes pkg/apis/core/validation/validation.go: validateProbe,
// validateHandler, validateLivenessProbe/ReadinessProbe/StartupProbe; apimachinery
// pkg/util/validation: IsValidPortNum, IsValidPortName, IsHTTPHeaderName), applied after the
// defaulting of pkg/apis/core/v1/defaults.go, with upstream field paths and messages.
#pragma once

#include "core/output.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s {

enum class ProbeKind { liveness, readiness, startup };

// "liveness" -> ProbeKind; throws Error::usage for anything else.
ProbeKind parse_probe_kind(std::string_view name);
std::string_view probe_kind_name(ProbeKind kind);  // "liveness"
std::string_view probe_field_name(ProbeKind kind); // "livenessProbe"

// field.ErrorType of k8s.io/apimachinery/pkg/util/validation/field, plus the decoding failures the
// API server reports before validation (wrong JSON type, unknown field under strict decoding).
enum class FieldErrorType { invalid, required, forbidden, not_supported, type, unknown_field };

struct FieldError {
    FieldErrorType type = FieldErrorType::invalid;
    std::string path;   // "spec.containers[0].livenessProbe.successThreshold"
    std::string value;  // bad value as Go prints it: 2, "8080" (empty when not shown)
    std::string detail; // "must be 1"

    // Go's field.Error.ErrorBody(): "Invalid value: 2: must be 1".
    std::string body() const;
    // Go's field.Error.Error(): "<path>: <body>".
    std::string text() const;
    // Stable lint code: invalid, required, forbidden, not-supported, type, unknown-field.
    std::string_view code() const;
};

// IANA_SVC_NAME rules (RFC 6335), every failed rule reported as upstream does.
std::vector<std::string> port_name_errors(std::string_view name);
// "must be between 1 and 65535, inclusive" or empty.
std::vector<std::string> port_number_errors(long long port);
// "a valid HTTP header must consist of ..." or empty.
std::vector<std::string> http_header_name_errors(std::string_view name);

// Validates one probe object (as decoded from YAML/JSON) the way kube-apiserver does: strict
// decoding (types, unknown fields), defaulting, then validation. `path` is the probe's field path.
std::vector<FieldError> validate_probe(const Json& probe, ProbeKind kind, const std::string& path);

// The probe after the API server's defaulting (timeoutSeconds 1, periodSeconds 10,
// successThreshold 1, failureThreshold 3, httpGet path "/" and scheme HTTP). Input must be valid.
Json default_probe(const Json& probe);

} // namespace corral::k8s
