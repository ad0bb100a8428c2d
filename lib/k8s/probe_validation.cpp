#include "k8s/probe_validation.hpp"

#include "core/error.hpp"

#include <cstdint>

namespace corral::k8s {

namespace {

constexpr long long int32_max = INT32_MAX;
constexpr long long int32_min = INT32_MIN;

std::string go_string(std::string_view s) {
    return json_quote(s);
}

std::string go_value(const Json& v) {
    if (v.is_string()) {
        return go_string(v.get_ref<const std::string&>());
    }
    if (v.is_number_float()) {
        return format_decimal(v.get<double>(), 6);
    }
    return v.dump();
}

std::string_view json_type_name(const Json& v) {
    switch (v.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "bool";
    case Json::value_t::string:
        return "string";
    case Json::value_t::array:
        return "array";
    case Json::value_t::object:
        return "object";
    case Json::value_t::number_float:
        return "number";
    default:
        return "number";
    }
}

struct Checker {
    std::vector<FieldError>& errors;

    void add(FieldErrorType type, std::string path, std::string value, std::string detail) {
        errors.push_back(FieldError{type, std::move(path), std::move(value), std::move(detail)});
    }

    void type_error(const std::string& path, const Json& v, std::string_view want) {
        add(FieldErrorType::type, path, "",
            "cannot decode " + std::string(json_type_name(v)) + " " + go_value(v) + " as " +
                std::string(want));
    }

    // Rejects keys outside `known` (strict decoding, as kubectl apply's default --validate=strict).
    void unknown_fields(const Json& obj, const std::string& path,
                        std::initializer_list<std::string_view> known) {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (auto k : known) {
                ok = ok || it.key() == k;
            }
            if (!ok) {
                std::vector<std::string> names(known.begin(), known.end());
                std::string hint = did_you_mean(it.key(), names);
                add(FieldErrorType::unknown_field, path + "." + it.key(), "",
                    "unknown field \"" + it.key() + "\"" +
                        (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
            }
        }
    }

    // Reads an optional integer field; false (with an error) when present with the wrong type.
    bool integer(const Json& obj, std::string_view key, const std::string& path, long long lo,
                 long long hi, std::string_view type_name, long long& out, bool& present) {
        present = false;
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            return true;
        }
        const Json& v = *it;
        std::string child = path + "." + std::string(key);
        if (!v.is_number_integer()) {
            type_error(child, v, type_name);
            return false;
        }
        long long x = v.is_number_unsigned()
                          ? (v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                                 ? INT64_MAX
                                 : static_cast<long long>(v.get<std::uint64_t>()))
                          : v.get<long long>();
        if (x < lo || x > hi) {
            type_error(child, v, type_name);
            return false;
        }
        out = x;
        present = true;
        return true;
    }

    const Json* object(const Json& obj, std::string_view key, const std::string& path) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            return nullptr;
        }
        if (!it->is_object()) {
            type_error(path + "." + std::string(key), *it, "object");
            return nullptr;
        }
        return &*it;
    }

    // IntOrString decoding then ValidatePortNumOrName (validation.go).
    void port(const Json& obj, const std::string& path, bool numeric_only) {
        std::string child = path + ".port";
        auto it = obj.find("port");
        if (it == obj.end() || it->is_null()) {
            // Zero value of IntOrString / int32 is the integer 0.
            for (auto& m : port_number_errors(0)) {
                add(FieldErrorType::invalid, child, "0", m);
            }
            return;
        }
        const Json& v = *it;
        if (v.is_number_integer()) {
            long long p = 0;
            bool present = false;
            if (!integer(obj, "port", path, int32_min, int32_max, "int32", p, present)) {
                return;
            }
            for (auto& m : port_number_errors(p)) {
                add(FieldErrorType::invalid, child, std::to_string(p), m);
            }
            return;
        }
        if (v.is_string() && !numeric_only) {
            const auto& s = v.get_ref<const std::string&>();
            for (auto& m : port_name_errors(s)) {
                add(FieldErrorType::invalid, child, go_string(s), m);
            }
            return;
        }
        type_error(child, v, numeric_only ? "int32" : "int32 or string (IntOrString)");
    }

    bool string_field(const Json& obj, std::string_view key, const std::string& path,
                      std::string& out) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            return false;
        }
        if (!it->is_string()) {
            type_error(path + "." + std::string(key), *it, "string");
            return false;
        }
        out = it->get<std::string>();
        return true;
    }

    void exec(const Json& h, const std::string& path) {
        unknown_fields(h, path, {"command"});
        auto it = h.find("command");
        std::size_t n = 0;
        if (it != h.end() && !it->is_null()) {
            if (!it->is_array()) {
                type_error(path + ".command", *it, "[]string");
                return;
            }
            for (std::size_t i = 0; i < it->size(); ++i) {
                if (!(*it)[i].is_string()) {
                    type_error(path + ".command[" + std::to_string(i) + "]", (*it)[i], "string");
                }
            }
            n = it->size();
        }
        if (n == 0) {
            add(FieldErrorType::required, path + ".command", "", "");
        }
    }

    void http_get(const Json& h, const std::string& path) {
        unknown_fields(h, path, {"path", "port", "host", "scheme", "httpHeaders"});
        std::string p = "/";
        std::string value;
        if (string_field(h, "path", path, value) && !value.empty()) {
            p = value;
        }
        port(h, path, false);
        std::string host;
        string_field(h, "host", path, host);
        std::string scheme = "HTTP";
        if (string_field(h, "scheme", path, value) && !value.empty()) {
            scheme = value;
        }
        if (scheme != "HTTP" && scheme != "HTTPS") {
            add(FieldErrorType::not_supported, path + ".scheme", go_string(scheme),
                "supported values: \"HTTP\", \"HTTPS\"");
        }
        auto it = h.find("httpHeaders");
        if (it == h.end() || it->is_null()) {
            return;
        }
        if (!it->is_array()) {
            type_error(path + ".httpHeaders", *it, "[]HTTPHeader");
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const Json& header = (*it)[i];
            std::string hp = path + ".httpHeaders[" + std::to_string(i) + "]";
            if (!header.is_object()) {
                type_error(hp, header, "HTTPHeader");
                continue;
            }
            unknown_fields(header, hp, {"name", "value"});
            std::string name;
            string_field(header, "name", hp, name);
            string_field(header, "value", hp, value);
            // Upstream reports header errors on the list, not the item.
            for (auto& m : http_header_name_errors(name)) {
                add(FieldErrorType::invalid, path + ".httpHeaders", go_string(name), m);
            }
        }
    }

    void tcp_socket(const Json& h, const std::string& path) {
        unknown_fields(h, path, {"port", "host"});
        port(h, path, false);
        std::string host;
        string_field(h, "host", path, host);
    }

    void grpc(const Json& h, const std::string& path) {
        unknown_fields(h, path, {"port", "service"});
        port(h, path, true);
        std::string service;
        string_field(h, "service", path, service);
    }
};

} // namespace

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

    // validateHandler: exec -> httpGet -> tcpSocket -> grpc; the first is validated, the others
    // are Forbidden; none is Required.
    int handlers = 0;
    auto handler = [&](std::string_view key, auto&& validate) {
        const Json* h = c.object(probe, key, path);
        if (h == nullptr) {
            return;
        }
        std::string hp = path + "." + std::string(key);
        if (handlers > 0) {
            c.add(FieldErrorType::forbidden, hp, "", "may not specify more than 1 handler type");
            return;
        }
        ++handlers;
        validate(*h, hp);
    };
    handler("exec", [&](const Json& h, const std::string& p) { c.exec(h, p); });
    handler("httpGet", [&](const Json& h, const std::string& p) { c.http_get(h, p); });
    handler("tcpSocket", [&](const Json& h, const std::string& p) { c.tcp_socket(h, p); });
    handler("grpc", [&](const Json& h, const std::string& p) { c.grpc(h, p); });
    if (handlers == 0) {
        bool decode_failed = false;
        for (auto k : {"exec", "httpGet", "tcpSocket", "grpc"}) {
            auto it = probe.find(k);
            decode_failed = decode_failed || (it != probe.end() && !it->is_null());
        }
        if (!decode_failed) {
            c.add(FieldErrorType::required, path, "", "must specify a handler type");
        }
    }

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
