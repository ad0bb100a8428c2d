// Internal to lib/k8s: the strict-decoding checker shared by the probe rules (probe_validation.cpp)
// and the container rules (probe_validation_pod.cpp). Not part of the library's interface.
#pragma once

#include "core/error.hpp"
#include "core/output.hpp"
#include "k8s/probe/validation.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s::detail {

inline constexpr long long int32_max = INT32_MAX;
inline constexpr long long int32_min = INT32_MIN;

inline std::string go_string(std::string_view s) {
    return json_quote(s);
}

inline std::string go_value(const Json& v) {
    if (v.is_string()) {
        return go_string(v.get_ref<const std::string&>());
    }
    if (v.is_number_float()) {
        return format_decimal(v.get<double>(), 6);
    }
    return v.dump();
}

inline std::string_view json_type_name(const Json& v) {
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

// validateHandler (pkg/apis/core/validation/validation.go), shared by Probe and LifecycleHandler:
// the handler fields are tried in order; the first one set is validated and every later one is
// Forbidden. done() adds Required when none is set, unless one was set to something that does
// not decode as an object (that type error is the whole story, as the API server reports it).
class HandlerChoice {
public:
    HandlerChoice(Checker& c, const Json& parent, const std::string& path)
        : m_c(c), m_parent(parent), m_path(path) {}

    template <typename Validate>
    void operator()(std::string_view key, Validate&& validate) {
        auto it = m_parent.find(key);
        if (it != m_parent.end() && !it->is_null() && !it->is_object()) {
            m_decode_failed = true;
        }
        const Json* h = m_c.object(m_parent, key, m_path);
        if (h == nullptr) {
            return;
        }
        std::string hp = m_path + "." + std::string(key);
        if (m_handlers > 0) {
            m_c.add(FieldErrorType::forbidden, hp, "", "may not specify more than 1 handler type");
            return;
        }
        ++m_handlers;
        validate(*h, hp);
    }

    void done() {
        if (m_handlers == 0 && !m_decode_failed) {
            m_c.add(FieldErrorType::required, m_path, "", "must specify a handler type");
        }
    }

private:
    Checker& m_c;
    const Json& m_parent;
    const std::string& m_path;
    int m_handlers = 0;
    bool m_decode_failed = false;
};

} // namespace corral::k8s::detail
