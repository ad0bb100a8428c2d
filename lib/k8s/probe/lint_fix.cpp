#include "k8s/probe/lint_fix.hpp"

#include "core/strings.hpp"

#include <algorithm>

namespace corral::k8s {

namespace {

// The last field name of a path: "spec.containers[0].livenessProbe.successThreshold" ->
// "successThreshold" (an index is not a field: "...httpHeaders[0]" -> "httpHeaders").
std::string field_name(std::string_view path) {
    if (!path.empty() && path.back() == ']') {
        path = path.substr(0, path.rfind('['));
    }
    std::size_t dot = path.rfind('.');
    return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `"8080"` (a Go-quoted string value) -> 8080, when it is a plain decimal number.
std::optional<std::string> quoted_digits(std::string_view value) {
    if (value.size() < 3 || value.front() != '"' || value.back() != '"') {
        return std::nullopt;
    }
    std::string_view inner = value.substr(1, value.size() - 2);
    if (!all_digits(inner) || inner.size() > 9) {
        return std::nullopt;
    }
    return std::string(inner);
}

// The text between `before` and the next `after` in `s`, or nothing.
std::optional<std::string> between(std::string_view s, std::string_view before,
                                   std::string_view after) {
    std::size_t start = s.find(before);
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    start += before.size();
    std::size_t end = s.find(after, start);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(s.substr(start, end - start));
}

} // namespace

std::optional<std::string> string_port_fix(std::string_view digits) {
    // Only a number the API server takes as a port (1-65535): anything else has no one fix.
    if (!all_digits(digits) || digits.size() > 5 || std::stol(std::string(digits)) < 1 ||
        std::stol(std::string(digits)) > 65535) {
        return std::nullopt;
    }
    return "set port: " + std::string(digits) + " (a number, without quotes)";
}

std::string startup_window_fix(long long delay, long long initial_delay, long long period) {
    long long needed = period > 0 ? (delay - initial_delay + period - 1) / period : 0;
    return "set startupProbe.failureThreshold: " + std::to_string(std::max(needed, 1LL));
}

std::optional<std::string> field_error_fix(const FieldError& e) {
    std::string field = field_name(e.path);
    switch (e.type) {
    case FieldErrorType::unknown_field:
        // strict decoding: unknown field "perodSeconds" (did you mean "periodSeconds"?)
        if (auto hint = between(e.detail, "(did you mean \"", "\"?)")) {
            return "rename " + field + " to " + *hint;
        }
        return std::nullopt;
    case FieldErrorType::invalid:
        // validation.go validateProbe / validateSuccessThreshold: liveness and startup.
        if (e.detail == "must be 1") {
            return "set " + field + ": 1";
        }
        if (e.detail.starts_with("must not be set for")) {
            return "remove " + field;
        }
        // A quoted number read as an IANA port name ("must contain at least one letter").
        if (field == "port") {
            if (auto digits = quoted_digits(e.value)) {
                return string_port_fix(*digits);
            }
        }
        return std::nullopt;
    case FieldErrorType::not_supported: {
        // Unsupported value: "http": supported values: "HTTP", "HTTPS"
        if (e.value.size() < 3 || e.value.front() != '"') {
            return std::nullopt;
        }
        std::string wanted = upper(e.value);
        if (wanted != e.value && e.detail.find(wanted) != std::string::npos) {
            return "set " + field + ": " + wanted.substr(1, wanted.size() - 2);
        }
        return std::nullopt;
    }
    case FieldErrorType::type:
        // cannot decode string "1" as int32: the number without quotes.
        if (auto text = between(e.detail, "cannot decode string ", " as int")) {
            if (auto digits = quoted_digits(*text)) {
                return "set " + field + ": " + *digits + " (a number, without quotes)";
            }
        }
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

} // namespace corral::k8s
