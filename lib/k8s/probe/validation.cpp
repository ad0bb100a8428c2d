#include "k8s/probe/validation.hpp"

#include "core/error.hpp"
#include "k8s/probe/validation_checker.hpp"

#include <cstdint>

namespace corral::k8s {

using namespace detail;

ProbeKind parse_probe_kind(std::string_view name) {
    if (name == "liveness") {
        return ProbeKind::liveness;
    }
    if (name == "readiness") {
        return ProbeKind::readiness;
    }
    if (name == "startup") {
        return ProbeKind::startup;
    }
    throw Error::usage("--kind must be liveness, readiness or startup, not '" + std::string(name) +
                       "'");
}

std::string_view probe_kind_name(ProbeKind kind) {
    switch (kind) {
    case ProbeKind::liveness:
        return "liveness";
    case ProbeKind::readiness:
        return "readiness";
    case ProbeKind::startup:
        return "startup";
    }
    return "liveness";
}

std::string_view probe_field_name(ProbeKind kind) {
    switch (kind) {
    case ProbeKind::liveness:
        return "livenessProbe";
    case ProbeKind::readiness:
        return "readinessProbe";
    case ProbeKind::startup:
        return "startupProbe";
    }
    return "livenessProbe";
}

std::string FieldError::body() const {
    std::string s;
    switch (type) {
    case FieldErrorType::invalid:
        s = "Invalid value: " + value;
        break;
    case FieldErrorType::not_supported:
        s = "Unsupported value: " + value;
        break;
    case FieldErrorType::required:
        s = "Required value";
        break;
    case FieldErrorType::forbidden:
        s = "Forbidden";
        break;
    case FieldErrorType::duplicate:
        s = "Duplicate value: " + value;
        break;
    case FieldErrorType::type:
        s = "Invalid type";
        break;
    case FieldErrorType::unknown_field:
        return detail; // "unknown field \"x\"", as strict decoding says
    }
    if (!detail.empty()) {
        s += ": " + detail;
    }
    return s;
}

std::string FieldError::text() const {
    return path + ": " + body();
}

std::string_view FieldError::code() const {
    switch (type) {
    case FieldErrorType::invalid:
        return "invalid";
    case FieldErrorType::required:
        return "required";
    case FieldErrorType::forbidden:
        return "forbidden";
    case FieldErrorType::not_supported:
        return "not-supported";
    case FieldErrorType::duplicate:
        return "duplicate";
    case FieldErrorType::type:
        return "type";
    case FieldErrorType::unknown_field:
        return "unknown-field";
    }
    return "invalid";
}

std::vector<std::string> port_name_errors(std::string_view port) {
    std::vector<std::string> errs;
    if (port.size() > 15) {
        errs.emplace_back("must be no more than 15 bytes");
    }
    bool charset = !port.empty();
    bool letter = false;
    for (char c : port) {
        bool lower = c >= 'a' && c <= 'z';
        letter = letter || lower;
        charset = charset && (lower || (c >= '0' && c <= '9') || c == '-');
    }
    if (!charset) {
        errs.emplace_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!letter) {
        errs.emplace_back("must contain at least one letter (a-z)");
    }
    if (port.find("--") != std::string_view::npos) {
        errs.emplace_back("must not contain consecutive hyphens");
    }
    if (!port.empty() && (port.front() == '-' || port.back() == '-')) {
        errs.emplace_back("must not begin or end with a hyphen");
    }
    return errs;
}

std::vector<std::string> port_number_errors(long long port) {
    if (port >= 1 && port <= 65535) {
        return {};
    }
    return {"must be between 1 and 65535, inclusive"};
}

std::vector<std::string> http_header_name_errors(std::string_view name) {
    bool ok = !name.empty();
    for (char c : name) {
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-');
    }
    if (ok) {
        return {};
    }
    return {"a valid HTTP header must consist of alphanumeric characters or '-' (e.g. "
            "'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"};
}

std::vector<FieldError> validate_probe(const Json& probe, ProbeKind kind, const std::string& path) {
    std::vector<FieldError> errors;
    Checker c{errors};
    if (probe.is_null()) {
        return errors;
    }
    if (!probe.is_object()) {
        c.type_error(path, probe, "Probe");
        return errors;
    }
    c.unknown_fields(probe, path,
                     {"exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds",
                      "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold",
                      "terminationGracePeriodSeconds"});

    // validateHandler: exec -> httpGet -> tcpSocket -> grpc.
    HandlerChoice handler(c, probe, path);
    handler("exec", [&](const Json& h, const std::string& p) { c.exec(h, p); });
    handler("httpGet", [&](const Json& h, const std::string& p) { c.http_get(h, p); });
    handler("tcpSocket", [&](const Json& h, const std::string& p) { c.tcp_socket(h, p); });
    handler("grpc", [&](const Json& h, const std::string& p) { c.grpc(h, p); });
    handler.done();

    // SetDefaults_Probe: 0 (or absent) becomes the default; negatives stay and are rejected.
    struct Timing {
        std::string_view key;
        long long fallback;
        long long value = 0;
    };
    Timing timings[] = {{"initialDelaySeconds", 0},
                        {"timeoutSeconds", 1},
                        {"periodSeconds", 10},
                        {"successThreshold", 1},
                        {"failureThreshold", 3}};
    for (auto& t : timings) {
        bool present = false;
        long long v = 0;
        c.integer(probe, t.key, path, int32_min, int32_max, "int32", v, present);
        t.value = v == 0 ? t.fallback : v;
        if (t.value < 0) {
            c.add(FieldErrorType::invalid, path + "." + std::string(t.key), std::to_string(t.value),
                  "must be greater than or equal to 0");
        }
    }
    long long grace = 0;
    bool has_grace = false;
    c.integer(probe, "terminationGracePeriodSeconds", path, INT64_MIN, INT64_MAX, "int64", grace,
              has_grace);
    if (has_grace && grace <= 0) {
        c.add(FieldErrorType::invalid, path + ".terminationGracePeriodSeconds",
              std::to_string(grace), "must be greater than 0");
    }
    long long success = timings[3].value;
    if ((kind == ProbeKind::liveness || kind == ProbeKind::startup) && success != 1) {
        c.add(FieldErrorType::invalid, path + ".successThreshold", std::to_string(success),
              "must be 1");
    }
    if (kind == ProbeKind::readiness && has_grace) {
        c.add(FieldErrorType::invalid, path + ".terminationGracePeriodSeconds",
              std::to_string(grace), "must not be set for readinessProbes");
    }
    return errors;
}

Json default_probe(const Json& probe) {
    Json out = probe;
    auto zero = [&](const char* key, long long fallback) {
        auto it = out.find(key);
        if (it == out.end() || it->is_null() || (it->is_number_integer() && *it == 0)) {
            out[key] = fallback;
        }
    };
    zero("timeoutSeconds", 1);
    zero("periodSeconds", 10);
    zero("successThreshold", 1);
    zero("failureThreshold", 3);
    auto it = out.find("httpGet");
    if (it != out.end() && it->is_object()) {
        Json& h = *it;
        if (!h.contains("path") || h["path"].is_null() || h["path"] == "") {
            h["path"] = "/";
        }
        if (!h.contains("scheme") || h["scheme"].is_null() || h["scheme"] == "") {
            h["scheme"] = "HTTP";
        }
    }
    return out;
}

} // namespace corral::k8s
