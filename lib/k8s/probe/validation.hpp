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
enum class FieldErrorType {
    invalid,
    required,
    forbidden,
    not_supported,
    duplicate,
    type,
    unknown_field
};

struct FieldError {
    FieldErrorType type = FieldErrorType::invalid;
    std::string path;   // "spec.containers[0].livenessProbe.successThreshold"
    std::string value;  // bad value as Go prints it: 2, "8080" (empty when not shown)
    std::string detail; // "must be 1"

    // Go's field.Error.ErrorBody(): "Invalid value: 2: must be 1".
    std::string body() const;
    // Go's field.Error.Error(): "<path>: <body>".
    std::string text() const;
    // Stable lint code: invalid, required, forbidden, not-supported, duplicate, type,
    // unknown-field.
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

// ValidatePodSpec's container scope (kubernetes pkg/apis/core/validation/validation.go:
// validateContainers, validateInitContainers, validateEphemeralContainers, validateContainerPorts,
// validateLifecycle, validateHandler, validateSleepAction, AccumulateUniqueHostPorts), after the v1
// defaulting that matters to it (protocol TCP, hostPort = containerPort under hostNetwork,
// terminationGracePeriodSeconds 30, httpGet path "/" and scheme HTTP). `pod_spec` is the decoded
// pod spec, `spec_path` its field path ("spec.template.spec"). Errors come in upstream's order:
// regular containers (ports, lifecycle, probes; then hostPort conflicts across them), init
// containers (ports, hostPort conflicts within each, then lifecycle and probes, Forbidden unless
// restartPolicy: Always), ephemeral containers (ports, then ports/probes/lifecycle Forbidden).
// `minor` is the Kubernetes minor version: sleep.seconds 0 is valid from 1.33
// (PodLifecycleSleepActionAllowZero on by default), refused before (1.32 names the gate).
std::vector<FieldError> validate_pod_containers(const Json& pod_spec, const std::string& spec_path,
                                                int minor = 34);

// validateContainerPorts for one container's `ports` (after defaulting).
std::vector<FieldError> validate_container_ports(const Json& ports, const std::string& path);

// validateLifecycle: postStart and preStop handlers; `grace_period` is the pod's
// terminationGracePeriodSeconds after defaulting.
std::vector<FieldError> validate_lifecycle(const Json& lifecycle, long long grace_period,
                                           const std::string& path, int minor = 34);

} // namespace corral::k8s
