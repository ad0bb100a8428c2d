// The `fix` of a probe lint finding (core/lint.hpp): filled only where one edit of the manifest
// settles it, phrased as the edit ("set successThreshold: 1", "rename perodSeconds to
// periodSeconds"), after the remediation lines kube-linter prints for its probe checks.
#pragma once

#include "k8s/probe/validation.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace corral::k8s {

// For an API-server error: an unknown field with a close known name, successThreshold that must
// be 1, terminationGracePeriodSeconds on a readiness probe, a value that differs from a supported
// one only in case (scheme: http, protocol: tcp), a quoted number where an integer or a port number
// is meant. Nothing for errors with several plausible fixes (two handlers, a negative timing).
std::optional<std::string> field_error_fix(const FieldError& error);

// For the string-port warning: the port written as the number it spells, when that is a valid
// port number (1-65535).
std::optional<std::string> string_port_fix(std::string_view digits);

// For a startup window shorter than another probe's initialDelaySeconds: the failureThreshold
// that covers `delay` seconds (the startup probe's initialDelaySeconds + failureThreshold x
// period).
std::string startup_window_fix(long long delay, long long initial_delay, long long period);

} // namespace corral::k8s
