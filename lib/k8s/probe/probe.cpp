#include "k8s/probe/probe.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <charconv>

namespace corral::k8s {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

long long parse_integer(const std::string& text, const std::string& flag) {
    std::string_view s = text;
    long long v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
        throw Error::usage(flag + " must be an integer, not '" + text + "'");
    }
    return v;
}

// IntOrString as the API decodes it from a flag: digits are a number, anything else a name.
Json port_value(const std::string& text, const std::string& flag) {
    std::string_view s = text;
    if (!s.empty() && (all_digits(s) || (s[0] == '-' && all_digits(s.substr(1))))) {
        long long v = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || v > INT32_MAX || v < INT32_MIN) {
            throw Error::usage(flag + " " + text + " is out of range");
        }
        (void)ptr;
        return v;
    }
    return text;
}

struct Url {
    std::string scheme, host, port, path;
};

// oc set probe --get-url: scheme://host:port/path; host may be empty, port a number or a name.
Url parse_get_url(const std::string& url) {
    Url u;
    auto sep = url.find("://");
    if (sep == std::string::npos) {
        throw Error::usage("--get-url must look like http://:8080/healthz, not '" + url + "'");
    }
    std::string scheme = url.substr(0, sep);
    for (auto& c : scheme) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (scheme != "HTTP" && scheme != "HTTPS") {
        throw Error::usage("--get-url scheme must be http or https, not '" + url.substr(0, sep) +
                           "'");
    }
    u.scheme = scheme;
    std::string rest = url.substr(sep + 3);
    auto slash = rest.find_first_of("/?");
    std::string authority = rest.substr(0, slash);
    u.path = slash == std::string::npos ? "/" : rest.substr(slash);
    if (!u.path.empty() && u.path[0] == '?') {
        u.path = "/" + u.path;
    }
    std::string hostport = authority;
    if (!hostport.empty() && hostport[0] == '[') { // IPv6 literal
        auto close = hostport.find(']');
        if (close == std::string::npos) {
            throw Error::usage("--get-url has an unterminated IPv6 address: '" + url + "'");
        }
        u.host = hostport.substr(1, close - 1);
        if (close + 1 < hostport.size() && hostport[close + 1] == ':') {
            u.port = hostport.substr(close + 2);
        }
    } else {
        auto colon = hostport.rfind(':');
        if (colon != std::string::npos) {
            u.host = hostport.substr(0, colon);
            u.port = hostport.substr(colon + 1);
        } else {
            u.host = hostport;
        }
    }
    if (u.port.empty()) {
        u.port = scheme == "HTTPS" ? "443" : "80";
    }
    return u;
}

void add_timing(Json& probe, const char* key, const std::optional<std::string>& value,
                const std::string& flag, bool duration) {
    if (!value) {
        return;
    }
    long long v = duration ? parse_seconds(*value, flag) : parse_integer(*value, flag);
    probe[key] = v;
}

void check(const Json& probe, ProbeKind kind) {
    auto errors = validate_probe(probe, kind, std::string(probe_field_name(kind)));
    if (!errors.empty()) {
        throw Error::usage(errors.front().body()).field(errors.front().path);
    }
}

} // namespace

long long parse_seconds(const std::string& text, const std::string& flag) {
    std::string_view s = text;
    if (s.empty()) {
        throw Error::usage(flag + " needs a value");
    }
    bool negative = false;
    if (s[0] == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    if (all_digits(s)) {
        long long v = parse_integer(std::string(s), flag);
        return negative ? -v : v;
    }
    long long total = 0;
    while (!s.empty()) {
        std::size_t n = 0;
        while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
            ++n;
        }
        if (n == 0 || n == s.size()) {
            throw Error::usage(flag + " must be seconds or a duration like 90s, 5m, 1h30m, not '" +
                               text + "'");
        }
        long long v = parse_integer(std::string(s.substr(0, n)), flag);
        char unit = s[n];
        long long mult = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 0;
        if (mult == 0 || v > INT32_MAX) {
            throw Error::usage(flag + " must be seconds or a duration like 90s, 5m, 1h30m, not '" +
                               text + "'");
        }
        total += v * mult;
        s.remove_prefix(n + 1);
    }
    return negative ? -total : total;
}

ProbeKind requested_kind(const ProbeOptions& o) {
    int flags = int(o.liveness) + int(o.readiness) + int(o.startup);
    if (flags > 1 || (flags == 1 && o.kind)) {
        throw Error::usage("give one probe kind: --kind, --liveness, --readiness or --startup");
    }
    if (o.liveness) {
        return ProbeKind::liveness;
    }
    if (o.readiness) {
        return ProbeKind::readiness;
    }
    if (o.startup) {
        return ProbeKind::startup;
    }
    if (!o.kind) {
        throw Error::usage("--kind is required (liveness, readiness or startup)");
    }
    return parse_probe_kind(*o.kind);
}

std::vector<GeneratedProbe> build_probes(const ProbeOptions& options) {
    ProbeOptions o = options;
    o.command.insert(o.command.end(), options.trailing_command.begin(),
                     options.trailing_command.end());
    ProbeKind kind = requested_kind(o);
    std::string handler = o.handler;
    auto imply = [&](const char* h, const char* flag) {
        if (!handler.empty() && handler != h) {
            throw Error::usage(std::string(flag) + " makes a " + h + " probe; it cannot go with " +
                               handler + ": may not specify more than 1 handler type");
        }
        handler = h;
    };
    if (o.get_url) {
        imply("http", "--get-url");
    }
    if (o.open_tcp) {
        imply("tcp", "--open-tcp");
    }
    if (handler.empty() && !o.command.empty()) {
        handler = "exec";
    }
    if (handler.empty()) {
        throw Error::usage("choose a handler: http, tcp, grpc or exec (or --get-url, --open-tcp, "
                           "-- COMMAND)");
    }
    auto refuse = [&](bool given, const char* flag) {
        if (given) {
            throw Error::usage(std::string(flag) + " does not apply to " + handler + " probes");
        }
    };
    refuse(handler != "http" && (o.path || o.scheme || !o.headers.empty()),
           "--path/--scheme/--header");
    refuse(handler != "http" && handler != "tcp" && o.host.has_value(), "--host");
    refuse(handler != "grpc" && o.service.has_value(), "--service");
    refuse(handler != "exec" && !o.command.empty(), "--command");
    refuse(handler == "exec" && o.port.has_value(), "--port");

    Json h = Json::object();
    if (handler == "http") {
        Url u;
        if (o.get_url) {
            if (o.port || o.path || o.scheme || o.host) {
                throw Error::usage("--get-url already gives scheme, host, port and path");
            }
            u = parse_get_url(*o.get_url);
        }
        std::string path = o.get_url ? u.path : o.path.value_or("/");
        h["path"] = path;
        if (o.get_url) {
            h["port"] = port_value(u.port, "--get-url port");
        } else if (o.port) {
            h["port"] = port_value(*o.port, "--port");
        } else {
            throw Error::usage("http probes need --port (a number or a port name) or --get-url");
        }
        std::string host = o.get_url ? u.host : o.host.value_or("");
        if (!host.empty()) {
            h["host"] = host;
        }
        if (o.get_url && u.scheme != "HTTP") {
            h["scheme"] = u.scheme;
        } else if (o.scheme) {
            h["scheme"] = *o.scheme;
        }
        if (!o.headers.empty()) {
            Json list = Json::array();
            for (const auto& line : o.headers) {
                auto colon = line.find(':');
                if (colon == std::string::npos) {
                    throw Error::usage("--header must be 'Name: value' (or 'Name:' for an empty "
                                       "value), not '" +
                                       line + "'");
                }
                Json header;
                // "Name: value": the blanks around the colon belong to neither.
                header["name"] = trim(std::string_view(line).substr(0, colon), " \t");
                header["value"] = trim(std::string_view(line).substr(colon + 1), " \t");
                list.push_back(std::move(header));
            }
            h["httpHeaders"] = std::move(list);
        }
    } else if (handler == "tcp") {
        if (o.open_tcp && o.port) {
            throw Error::usage("--open-tcp already gives the port; drop --port");
        }
        if (o.open_tcp) {
            h["port"] = port_value(*o.open_tcp, "--open-tcp");
        } else if (o.port) {
            h["port"] = port_value(*o.port, "--port");
        } else {
            throw Error::usage("tcp probes need --port (a number or a port name) or --open-tcp");
        }
        if (o.host && !o.host->empty()) {
            h["host"] = *o.host;
        }
    } else if (handler == "grpc") {
        if (!o.port) {
            throw Error::usage("grpc probes need --port (a number)");
        }
        h["port"] = port_value(*o.port, "--port");
        if (h["port"].is_string()) {
            throw Error::usage("Invalid value: \"" + *o.port +
                               "\": grpc probes take a port number (grpc.port is an int32)")
                .field(std::string(probe_field_name(kind)) + ".grpc.port");
        }
        if (o.service) {
            h["service"] = *o.service;
        }
    } else if (handler == "exec") {
        if (o.command.empty()) {
            throw Error::usage(std::string(probe_field_name(kind)) +
                               ".exec.command: Required value (give the command after --)");
        }
        h["command"] = o.command;
    } else {
        throw Error::usage("unknown handler '" + handler + "' (http, tcp, grpc or exec)");
    }

    Json probe = Json::object();
    probe[handler == "http" ? "httpGet" : handler == "tcp" ? "tcpSocket" : handler] = h;
    add_timing(probe, "initialDelaySeconds", o.initial_delay, "--initial-delay", true);
    add_timing(probe, "timeoutSeconds", o.timeout, "--timeout", true);
    add_timing(probe, "periodSeconds", o.period, "--period", true);
    add_timing(probe, "successThreshold", o.success_threshold, "--success-threshold", false);
    add_timing(probe, "failureThreshold", o.failure_threshold, "--failure-threshold", false);
    add_timing(probe, "terminationGracePeriodSeconds", o.termination_grace, "--termination-grace",
               true);

    std::vector<GeneratedProbe> out;
    if (!o.slow_start) {
        check(probe, kind);
        out.push_back({kind, std::move(probe)});
        return out;
    }
    // --slow-start: a startupProbe whose failureThreshold x periodSeconds covers the duration
    // ("failureThreshold 30 x periodSeconds 10 = 5 minutes").
    long long window = parse_seconds(*o.slow_start, "--slow-start");
    if (window <= 0) {
        throw Error::usage("--slow-start must be a positive duration, not '" + *o.slow_start + "'");
    }
    long long period =
        probe.contains("periodSeconds") ? probe["periodSeconds"].get<long long>() : 10;
    if (period <= 0) {
        period = 10;
    }
    Json startup = Json::object();
    startup[probe.begin().key()] = h;
    if (probe.contains("timeoutSeconds")) {
        startup["timeoutSeconds"] = probe["timeoutSeconds"];
    }
    startup["periodSeconds"] = period;
    startup["failureThreshold"] = (window + period - 1) / period;
    if (kind == ProbeKind::startup) {
        // The requested probe is the startup probe: size it, keep the user's other fields.
        for (auto it = probe.begin(); it != probe.end(); ++it) {
            if (!startup.contains(it.key())) {
                startup[it.key()] = it.value();
            }
        }
        if (o.failure_threshold) {
            throw Error::usage("--slow-start computes failureThreshold; drop --failure-threshold");
        }
        check(startup, ProbeKind::startup);
        out.push_back({ProbeKind::startup, std::move(startup)});
        return out;
    }
    check(probe, kind);
    check(startup, ProbeKind::startup);
    out.push_back({kind, std::move(probe)});
    out.push_back({ProbeKind::startup, std::move(startup)});
    return out;
}

namespace {

void emit(std::string& out, const Json& v, int indent, int step, std::string_view eol);

std::string scalar_text(const Json& v) {
    if (v.is_string()) {
        return yaml_scalar(v.get_ref<const std::string&>());
    }
    if (v.is_null()) {
        return "null";
    }
    return v.dump();
}

bool is_empty_collection(const Json& v) {
    return (v.is_object() || v.is_array()) && v.empty();
}

void emit_value_after_key(std::string& out, const Json& v, int indent, int step,
                          std::string_view eol) {
    if (is_empty_collection(v)) {
        out += v.is_object() ? " {}" : " []";
        out += eol;
    } else if (v.is_object() || v.is_array()) {
        out += eol;
        emit(out, v, indent + step, step, eol);
    } else {
        out += " " + scalar_text(v);
        out += eol;
    }
}

void emit(std::string& out, const Json& v, int indent, int step, std::string_view eol) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            out += pad + yaml_scalar(it.key()) + ":";
            emit_value_after_key(out, it.value(), indent, step, eol);
        }
    } else if (v.is_array()) {
        for (const auto& item : v) {
            if (item.is_object() && !item.empty()) {
                // "- name: x" then the other keys aligned under the first.
                std::string inner;
                emit(inner, item, indent + 2, step, eol);
                out += pad + "- " + inner.substr(static_cast<std::size_t>(indent) + 2);
            } else if (item.is_array() && !item.empty()) {
                out += pad + "-" + std::string(eol);
                emit(out, item, indent + step, step, eol);
            } else {
                out += pad + "- " +
                       (is_empty_collection(item) ? (item.is_object() ? "{}" : "[]")
                                                  : scalar_text(item));
                out += eol;
            }
        }
    } else {
        out += pad + scalar_text(v);
        out += eol;
    }
}

} // namespace

std::string probe_yaml(std::string_view key, const Json& probe, int indent, int step,
                       std::string_view eol) {
    std::string out(static_cast<std::size_t>(indent), ' ');
    out += std::string(key) + ":";
    emit_value_after_key(out, probe, indent, step, eol);
    return out;
}

} // namespace corral::k8s
