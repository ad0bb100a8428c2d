// The container scope of kube-apiserver's ValidatePodSpec (kubernetes
// pkg/apis/core/validation/validation.go, release-1.31 to release-1.34): ports, lifecycle
// handlers, what init and ephemeral containers may not set, and hostPort conflicts. Field paths
// and messages are upstream's; the upstream test cases are restated in
// tests/unit/k8s/probe_validation_pod_test.cpp.
#include "k8s/probe/validation.hpp"
#include "k8s/probe/validation_checker.hpp"

#include <array>
#include <set>

namespace corral::k8s {

using namespace detail;

namespace {

// pkg/apis/core/v1/defaults.go SetDefaults_PodSpec: terminationGracePeriodSeconds 30.
constexpr long long default_grace_period = 30;

bool set(const Json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it != obj.end() && !it->is_null();
}

std::string index_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

// One ContainerPort after decoding and SetDefaults_ContainerPort (protocol "" -> TCP) and, under
// hostNetwork, defaultHostNetworkPorts (hostPort 0 -> containerPort).
struct Port {
    std::string name, protocol = "TCP", host_ip;
    long long container_port = 0, host_port = 0;
    bool decoded = true;
};

std::vector<Port> decode_ports(const Json& ports, bool host_network) {
    std::vector<Port> out;
    if (!ports.is_array()) {
        return out;
    }
    for (const Json& p : ports) {
        Port port;
        if (!p.is_object()) {
            port.decoded = false;
            out.push_back(port);
            continue;
        }
        auto str = [&](const char* key, std::string& into) {
            auto it = p.find(key);
            if (it != p.end() && it->is_string()) {
                into = it->get<std::string>();
            }
        };
        auto num = [&](const char* key, long long& into) {
            auto it = p.find(key);
            if (it != p.end() && it->is_number_integer()) {
                into = it->get<long long>();
            }
        };
        str("name", port.name);
        str("protocol", port.protocol);
        str("hostIP", port.host_ip);
        if (port.protocol.empty()) {
            port.protocol = "TCP";
        }
        num("containerPort", port.container_port);
        num("hostPort", port.host_port);
        if (host_network && port.host_port == 0) {
            port.host_port = port.container_port;
        }
        out.push_back(port);
    }
    return out;
}

// AccumulateUniqueHostPorts: "<protocol>/<hostIP>/<hostPort>" must be unique among `containers`
// (all regular containers together; each init container on its own).
void host_port_conflicts(const std::vector<std::pair<const Json*, std::string>>& containers,
                         bool host_network, std::vector<FieldError>& errors) {
    std::set<std::string> seen;
    for (const auto& [container, path] : containers) {
        auto it = container->find("ports");
        if (it == container->end()) {
            continue;
        }
        std::vector<Port> ports = decode_ports(*it, host_network);
        for (std::size_t i = 0; i < ports.size(); ++i) {
            if (!ports[i].decoded || ports[i].host_port == 0) {
                continue;
            }
            std::string key = ports[i].protocol + "/" + ports[i].host_ip + "/" +
                              std::to_string(ports[i].host_port);
            if (!seen.insert(key).second) {
                errors.push_back(FieldError{FieldErrorType::duplicate,
                                            index_path(path + ".ports", i) + ".hostPort",
                                            go_string(key), ""});
            }
        }
    }
}

// validateHandler over a LifecycleHandler (exec, httpGet, tcpSocket, sleep; no grpc).
void lifecycle_handler(Checker& c, const Json& handler, long long grace, const std::string& path,
                       int minor) {
    if (!handler.is_object()) {
        c.type_error(path, handler, "LifecycleHandler");
        return;
    }
    c.unknown_fields(handler, path, {"exec", "httpGet", "tcpSocket", "sleep"});
    HandlerChoice one(c, handler, path);
    one("exec", [&](const Json& h, const std::string& p) { c.exec(h, p); });
    one("httpGet", [&](const Json& h, const std::string& p) { c.http_get(h, p); });
    one("tcpSocket", [&](const Json& h, const std::string& p) { c.tcp_socket(h, p); });
    one("sleep", [&](const Json& h, const std::string& p) {
        // validateSleepAction: the error is on `sleep` itself, not on `sleep.seconds`.
        c.unknown_fields(h, p, {"seconds"});
        long long seconds = 0;
        bool present = false;
        if (!c.integer(h, "seconds", p, INT64_MIN, INT64_MAX, "int64", seconds, present)) {
            return;
        }
        bool zero_ok = minor >= 33;
        if (zero_ok && (seconds < 0 || seconds > grace)) {
            c.add(FieldErrorType::invalid, p, std::to_string(seconds),
                  "must be non-negative and less than terminationGracePeriodSeconds (" +
                      std::to_string(grace) + ")");
        } else if (!zero_ok && (seconds <= 0 || seconds > grace)) {
            // 1.32 names the (alpha, off) feature gate; 1.31 predates it (KEP-4818).
            c.add(FieldErrorType::invalid, p, std::to_string(seconds),
                  "must be greater than 0 and less than terminationGracePeriodSeconds (" +
                      std::to_string(grace) + ")" +
                      (minor >= 32 ? ". Enable AllowPodLifecycleSleepActionZeroValue feature gate "
                                     "for zero sleep."
                                   : ""));
        }
    });
    one.done();
}

// The probe paths of one container, in the order of the Container struct.
constexpr std::array<ProbeKind, 3> probe_kinds = {ProbeKind::liveness, ProbeKind::readiness,
                                                  ProbeKind::startup};

void probes(const Json& container, const std::string& path, std::vector<FieldError>& errors) {
    for (ProbeKind kind : probe_kinds) {
        std::string field(probe_field_name(kind));
        if (set(container, field)) {
            auto e = validate_probe(container.at(field), kind, path + "." + field);
            errors.insert(errors.end(), e.begin(), e.end());
        }
    }
}

void append(std::vector<FieldError>& to, std::vector<FieldError> from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

} // namespace

std::vector<FieldError> validate_container_ports(const Json& ports, const std::string& path) {
    std::vector<FieldError> errors;
    Checker c{errors};
    if (ports.is_null()) {
        return errors;
    }
    if (!ports.is_array()) {
        c.type_error(path, ports, "[]ContainerPort");
        return errors;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const Json& p = ports[i];
        std::string ip = index_path(path, i);
        if (!p.is_object()) {
            c.type_error(ip, p, "ContainerPort");
            continue;
        }
        c.unknown_fields(p, ip, {"name", "hostPort", "containerPort", "protocol", "hostIP"});
        std::string name;
        if (c.string_field(p, "name", ip, name) && !name.empty()) {
            auto msgs = port_name_errors(name);
            for (const auto& m : msgs) {
                c.add(FieldErrorType::invalid, ip + ".name", go_string(name), m);
            }
            if (msgs.empty() && !names.insert(name).second) {
                c.add(FieldErrorType::duplicate, ip + ".name", go_string(name), "");
            }
        }
        long long container_port = 0;
        bool present = false;
        if (c.integer(p, "containerPort", ip, int32_min, int32_max, "int32", container_port,
                      present)) {
            if (container_port == 0) {
                c.add(FieldErrorType::required, ip + ".containerPort", "", "");
            }
            for (const auto& m : port_number_errors(container_port == 0 ? 1 : container_port)) {
                c.add(FieldErrorType::invalid, ip + ".containerPort",
                      std::to_string(container_port), m);
            }
        }
        long long host_port = 0;
        if (c.integer(p, "hostPort", ip, int32_min, int32_max, "int32", host_port, present) &&
            host_port != 0) {
            for (const auto& m : port_number_errors(host_port)) {
                c.add(FieldErrorType::invalid, ip + ".hostPort", std::to_string(host_port), m);
            }
        }
        std::string protocol;
        c.string_field(p, "protocol", ip, protocol);
        std::string host_ip;
        c.string_field(p, "hostIP", ip, host_ip);
        // SetDefaults_ContainerPort turns "" into TCP, so "Required" never shows through v1.
        if (!protocol.empty() && protocol != "TCP" && protocol != "UDP" && protocol != "SCTP") {
            c.add(FieldErrorType::not_supported, ip + ".protocol", go_string(protocol),
                  "supported values: \"SCTP\", \"TCP\", \"UDP\"");
        }
    }
    return errors;
}

std::vector<FieldError> validate_lifecycle(const Json& lifecycle, long long grace_period,
                                           const std::string& path, int minor) {
    std::vector<FieldError> errors;
    Checker c{errors};
    if (lifecycle.is_null()) {
        return errors;
    }
    if (!lifecycle.is_object()) {
        c.type_error(path, lifecycle, "Lifecycle");
        return errors;
    }
    // stopSignal (1.33+, ContainerStopSignals) is known to strict decoding; corral does not check
    // its value.
    c.unknown_fields(lifecycle, path, {"postStart", "preStop", "stopSignal"});
    for (const char* key : {"postStart", "preStop"}) {
        if (set(lifecycle, key)) {
            lifecycle_handler(c, lifecycle.at(key), grace_period, path + "." + key, minor);
        }
    }
    return errors;
}

std::vector<FieldError> validate_pod_containers(const Json& pod_spec, const std::string& spec_path,
                                                int minor) {
    std::vector<FieldError> errors;
    if (!pod_spec.is_object()) {
        return errors;
    }
    long long grace = default_grace_period;
    auto g = pod_spec.find("terminationGracePeriodSeconds");
    if (g != pod_spec.end() && g->is_number_integer()) {
        grace = g->get<long long>();
    }
    bool host_network = pod_spec.value("hostNetwork", Json(false)).is_boolean() &&
                        pod_spec.value("hostNetwork", Json(false)).get<bool>();
    auto list = [&](const char* field) {
        std::vector<std::pair<const Json*, std::string>> out;
        auto it = pod_spec.find(field);
        if (it != pod_spec.end() && it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) {
                if ((*it)[i].is_object()) {
                    out.emplace_back(&(*it)[i], index_path(spec_path + "." + field, i));
                }
            }
        }
        return out;
    };
    auto ports_of = [&](const Json& container, const std::string& path) {
        if (set(container, "ports")) {
            append(errors, validate_container_ports(container.at("ports"), path + ".ports"));
        }
    };

    // validateContainers
    auto regular = list("containers");
    for (const auto& [container, path] : regular) {
        ports_of(*container, path);
        if (set(*container, "lifecycle")) {
            append(errors, validate_lifecycle(container->at("lifecycle"), grace,
                                              path + ".lifecycle", minor));
        }
        probes(*container, path, errors);
    }
    host_port_conflicts(regular, host_network, errors);

    // validateInitContainers
    for (const auto& [container, path] : list("initContainers")) {
        ports_of(*container, path);
        host_port_conflicts({{container, path}}, host_network, errors);
        bool restart_always = container->value("restartPolicy", Json("")) == "Always";
        if (restart_always) {
            if (set(*container, "lifecycle")) {
                append(errors, validate_lifecycle(container->at("lifecycle"), grace,
                                                  path + ".lifecycle", minor));
            }
            probes(*container, path, errors);
            continue;
        }
        for (const char* field : {"lifecycle", "livenessProbe", "readinessProbe", "startupProbe"}) {
            if (set(*container, field)) {
                errors.push_back(
                    FieldError{FieldErrorType::forbidden, path + "." + field, "",
                               "may not be set for init containers without restartPolicy=Always"});
            }
        }
    }

    // validateEphemeralContainers: validateContainerCommon, then validateFieldAllowList in the
    // order of EphemeralContainerCommon's fields.
    for (const auto& [container, path] : list("ephemeralContainers")) {
        ports_of(*container, path);
        for (const char* field :
             {"ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"}) {
            if (set(*container, field)) {
                errors.push_back(FieldError{FieldErrorType::forbidden, path + "." + field, "",
                                            "cannot be set for an Ephemeral Container"});
            }
        }
    }
    return errors;
}

} // namespace corral::k8s
