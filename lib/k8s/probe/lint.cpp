#include "k8s/probe/lint.hpp"

#include "core/error.hpp"
#include "core/lint_input.hpp"
#include "core/yaml.hpp"
#include "k8s/manifest.hpp"
#include "k8s/manifest_json.hpp"
#include "k8s/manifest_tree.hpp"
#include "k8s/probe/lint_fix.hpp"
#include "k8s/probe/validation.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace corral::k8s {

namespace {

constexpr std::array<ProbeKind, 3> all_kinds = {ProbeKind::liveness, ProbeKind::readiness,
                                                ProbeKind::startup};

// Built-in kinds without a pod template: nothing to check, never reported.
bool known_kind_without_pods(std::string_view kind) {
    static const std::array<std::string_view, 34> kinds = {
        "Service",
        "ConfigMap",
        "Secret",
        "Namespace",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "ClusterRole",
        "ClusterRoleBinding",
        "Ingress",
        "IngressClass",
        "NetworkPolicy",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "StorageClass",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "LimitRange",
        "ResourceQuota",
        "Endpoints",
        "EndpointSlice",
        "CustomResourceDefinition",
        "PriorityClass",
        "RuntimeClass",
        "Lease",
        "Event",
        "Node",
        "APIService",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "CSIDriver",
        "VolumeAttachment",
    };
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// Walks "a.b[2].c" below `base_path` from `base` and returns the line of the deepest node found
// (the key's line for mapping entries).
int line_of_path(const ManifestDocument& doc, NodeId base, int base_line,
                 const std::string& base_path, const std::string& path) {
    const ManifestTree& t = doc.tree;
    if (path.compare(0, base_path.size(), base_path) != 0) {
        return base_line;
    }
    std::string_view rest = std::string_view(path).substr(base_path.size());
    NodeId node = base;
    int line = base_line;
    while (!rest.empty()) {
        if (rest[0] == '.') {
            rest.remove_prefix(1);
            std::size_t end = rest.find_first_of(".[");
            std::string_view key = rest.substr(0, end);
            NodeId k = t.key(node, key);
            if (k == 0) {
                return line;
            }
            line = doc.line_of(k);
            node = t[k].next;
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        } else if (rest[0] == '[') {
            std::size_t close = rest.find(']');
            auto items = t.items(node);
            if (close == std::string_view::npos || items.empty()) {
                return line;
            }
            std::size_t index = std::stoul(std::string(rest.substr(1, close - 1)));
            if (index >= items.size()) {
                return line;
            }
            node = items[index];
            line = doc.line_of(node);
            rest.remove_prefix(close + 1);
        } else {
            return line;
        }
    }
    return line;
}

struct PortInfo {
    bool any = false;
    std::vector<long long> tcp_numbers;
    std::vector<std::string> tcp_names;
};

PortInfo container_ports(const ManifestTree& t, NodeId container) {
    PortInfo info;
    for (NodeId p : t.items(t.get(container, "ports"))) {
        info.any = true;
        std::string protocol(t.scalar(t.get(p, "protocol")));
        if (!protocol.empty() && protocol != "TCP") {
            continue;
        }
        Json number = t.to_json(t.get(p, "containerPort"), 1000);
        if (number.is_number_integer()) {
            info.tcp_numbers.push_back(number.get<long long>());
        }
        std::string name(t.scalar(t.get(p, "name")));
        if (!name.empty()) {
            info.tcp_names.push_back(name);
        }
    }
    return info;
}

const Json* probe_handler(const Json& probe, std::string& type) {
    for (const char* h : {"exec", "httpGet", "tcpSocket", "grpc"}) {
        auto it = probe.find(h);
        if (it != probe.end() && it->is_object()) {
            type = h;
            return &*it;
        }
    }
    return nullptr;
}

// kube-score "Pod Probes Identical": the same handler, compared whole after the API server's
// defaulting (httpGet path, port, host, scheme and headers; tcpSocket host and port; grpc port and
// service; exec argv). Timings may differ: they do not change what is checked.
bool same_check(const Json& a, const Json& b) {
    std::string ta;
    std::string tb;
    if (probe_handler(a, ta) == nullptr || probe_handler(b, tb) == nullptr || ta != tb) {
        return false;
    }
    return default_probe(a)[ta] == default_probe(b)[tb];
}

long long timing(const Json& probe, const char* key, long long fallback) {
    auto it = probe.find(key);
    if (it == probe.end() || !it->is_number_integer() || *it == 0) {
        return fallback;
    }
    return it->get<long long>();
}

bool looks_distroless(const std::string& image) {
    for (std::string_view marker :
         {"distroless", "cgr.dev/chainguard/", "/scratch", "chainguard/static"}) {
        if (image.find(marker) != std::string::npos) {
            return true;
        }
    }
    return image == "scratch";
}

struct Linter {
    const std::string& name;
    std::string_view content;
    const LintOptions& options;
    LintReport& report;
    const ManifestDocument* doc = nullptr;
    // Columns from the line table of the document's text (a stream's table would be 8 bytes a
    // line of the whole file): built once per text, so a List read as one text shares one.
    std::optional<TextColumns> columns{};
    std::size_t columns_offset = 0;
    std::size_t columns_size = 0;
    std::string object{};
    std::vector<FieldError> pod_errors{}; // of the workload being linted

    void add(int line, const std::string& container, const std::string& path, std::string code,
             Severity severity, std::string message, std::optional<std::string> fix = {}) {
        LintFinding f;
        f.path = path;
        f.code = std::move(code);
        f.severity = severity;
        f.message = std::move(message);
        f.file = name;
        f.line = line;
        f.col = column_of(line);
        f.object = object;
        f.container = container;
        f.fix = std::move(fix);
        report.add(std::move(f));
    }

    int column_of(int line) {
        if (line < doc->first_line) {
            return 0;
        }
        if (line == doc->first_line) {
            // A document may start inside its first line ("--- {...}"): that line is read whole.
            std::size_t begin = doc->offset == 0 ? 0 : content.rfind('\n', doc->offset - 1);
            begin = begin == std::string_view::npos || doc->offset == 0 ? 0 : begin + 1;
            std::size_t end = content.find('\n', doc->offset);
            end = end == std::string_view::npos ? content.size() : end + 1;
            return TextColumns(content.substr(begin, end - begin)).first_on(1);
        }
        if (!columns || columns_offset != doc->offset || columns_size != doc->text.size()) {
            columns.emplace(doc->text);
            columns_offset = doc->offset;
            columns_size = doc->text.size();
        }
        return columns->first_on(line - doc->first_line + 1);
    }

    void add_field_error(int line, const std::string& container, const FieldError& e) {
        add(line, container, e.path, std::string(e.code()), Severity::error, e.body(),
            field_error_fix(e));
    }

    void lint_container(const TreeWorkload& w, const TreeContainer& c) {
        const ManifestTree& t = doc->tree;
        NodeId node = c.node;
        int cline = doc->line_of(node);
        if (!t.is_map(node)) {
            add_field_error(
                cline, c.name,
                FieldError{FieldErrorType::type, c.path, "", "a container must be a mapping"});
            return;
        }
        if (c.name.empty()) {
            add_field_error(cline, c.name,
                            FieldError{FieldErrorType::required, c.path + ".name", "", ""});
        }
        // The API server's errors for this container (validate_pod_containers, in upstream order).
        auto inside = [](const std::string& path, const std::string& prefix) {
            return path.compare(0, prefix.size(), prefix) == 0 &&
                   (path.size() == prefix.size() || path[prefix.size()] == '.' ||
                    path[prefix.size()] == '[');
        };
        for (const auto& e : pod_errors) {
            if (inside(e.path, c.path)) {
                add_field_error(line_of_path(*doc, node, cline, c.path, e.path), c.name, e);
            }
        }
        bool probes_allowed = c.list == ContainerList::regular || c.restartable_init;
        std::array<Json, 3> probes;
        std::array<int, 3> lines{};
        std::array<bool, 3> valid{};
        for (std::size_t k = 0; k < all_kinds.size(); ++k) {
            std::string_view field = probe_field_name(all_kinds[k]);
            NodeId key = t.key(node, field);
            if (key == 0) {
                continue;
            }
            NodeId value = t[key].next;
            std::string path = c.path + "." + std::string(field);
            lines[k] = doc->line_of(key);
            if (t.is_null(value) || !probes_allowed) {
                continue; // `livenessProbe:` with no value is nil; Forbidden ones are reported
            }
            probes[k] = t.to_json(value, 100000);
            valid[k] = std::none_of(pod_errors.begin(), pod_errors.end(),
                                    [&](const FieldError& e) { return inside(e.path, path); });
            string_port_warning(c, value, path);
        }
        if (c.list == ContainerList::ephemeral) {
            return;
        }
        best_practice(w, c, probes, lines, valid);
    }

    void string_port_warning(const TreeContainer& c, NodeId probe, const std::string& path) {
        for (const char* h : {"httpGet", "tcpSocket", "grpc"}) {
            const ManifestTree& t = doc->tree;
            NodeId port = t.get(t.get(probe, h), "port");
            if (t.is_scalar(port) && t[port].quoted &&
                resolve_plain_scalar(t[port].text) == ScalarType::integer) {
                std::string text(t[port].text);
                add(doc->line_of(port), c.name, path + "." + h + ".port", "string-port", "warning",
                    "port \"" + text +
                        "\" is a string, so the API server reads it as a "
                        "port name; write " +
                        text + " without quotes",
                    string_port_fix(text));
            }
        }
    }

    void best_practice(const TreeWorkload& w, const TreeContainer& c, const std::array<Json, 3>& p,
                       const std::array<int, 3>& lines, const std::array<bool, 3>& valid) {
        const std::size_t L = 0, R = 1, S = 2;
        int cline = doc->line_of(c.node);
        bool long_running =
            long_running_kind(w.kind) &&
            !(w.kind == "Pod" && (w.restart_policy == "Never" || w.restart_policy == "OnFailure"));
        if (long_running && c.list == ContainerList::regular) {
            if (p[R].is_null()) {
                add(cline, c.name, c.path, "missing-readiness", "warning",
                    "container \"" + c.name +
                        "\" has no readinessProbe: it receives traffic as "
                        "soon as it starts");
            }
            if (p[L].is_null()) {
                add(cline, c.name, c.path, "missing-liveness", "warning",
                    "container \"" + c.name +
                        "\" has no livenessProbe: a hung process is never "
                        "restarted");
            }
        }
        if (valid[L] && valid[R] && !p[L].is_null() && !p[R].is_null() && same_check(p[L], p[R])) {
            add(lines[L], c.name, c.path + ".livenessProbe", "identical-probes", "warning",
                "livenessProbe and readinessProbe make the same check: a slow dependency then "
                "restarts the container instead of taking it out of rotation");
        }
        PortInfo ports = container_ports(doc->tree, c.node);
        for (std::size_t k = 0; k < 3; ++k) {
            if (!valid[k] || p[k].is_null()) {
                continue;
            }
            std::string type;
            const Json* h = probe_handler(p[k], type);
            if (h == nullptr) {
                continue;
            }
            std::string field(probe_field_name(all_kinds[k]));
            if (type == "exec") {
                std::string image(doc->tree.scalar(doc->tree.get(c.node, "image")));
                if (looks_distroless(image)) {
                    add(lines[k], c.name, c.path + "." + field + ".exec", "exec-distroless",
                        "warning",
                        "image \"" + image +
                            "\" looks distroless (no shell or tools); corral "
                            "cannot check that \"" +
                            (*h)["command"][0].get<std::string>() + "\" exists in it");
                }
                continue;
            }
            const Json& port = (*h)["port"];
            bool found = port.is_number_integer()
                             ? std::count(ports.tcp_numbers.begin(), ports.tcp_numbers.end(),
                                          port.get<long long>()) > 0
                             : std::count(ports.tcp_names.begin(), ports.tcp_names.end(),
                                          port.get<std::string>()) > 0;
            if (!found) {
                std::string shown =
                    port.is_string() ? "\"" + port.get<std::string>() + "\"" : port.dump();
                add(lines[k], c.name, c.path + "." + field + "." + type + ".port", "probe-port",
                    "warning",
                    "port " + shown + " is not among the container's TCP ports" +
                        (ports.any ? "" : " (it declares none)"));
            }
        }
        // Startup window (initialDelay + failureThreshold x period) shorter than the start-up
        // time the other probes' initialDelaySeconds assume.
        if (valid[S] && !p[S].is_null()) {
            long long window =
                timing(p[S], "initialDelaySeconds", 0) +
                timing(p[S], "failureThreshold", 3) * timing(p[S], "periodSeconds", 10);
            for (std::size_t k : {L, R}) {
                if (!valid[k] || p[k].is_null()) {
                    continue;
                }
                long long delay = timing(p[k], "initialDelaySeconds", 0);
                if (delay > window) {
                    add(lines[S], c.name, c.path + ".startupProbe", "startup-window", "warning",
                        "startupProbe allows " + std::to_string(window) + "s to start, but " +
                            std::string(probe_field_name(all_kinds[k])) + " waits " +
                            std::to_string(delay) +
                            "s (initialDelaySeconds): raise failureThreshold to cover it",
                        startup_window_fix(delay, timing(p[S], "initialDelaySeconds", 0),
                                           timing(p[S], "periodSeconds", 10)));
                }
            }
        } else if (valid[L] && !p[L].is_null() && p[S].is_null()) {
            long long delay = timing(p[L], "initialDelaySeconds", 0);
            long long window =
                timing(p[L], "failureThreshold", 3) * timing(p[L], "periodSeconds", 10);
            if (delay >= 60) {
                add(lines[L], c.name, c.path + ".livenessProbe.initialDelaySeconds",
                    "startup-window", "warning",
                    "livenessProbe waits " + std::to_string(delay) +
                        "s before its first check; a startupProbe (corral probe --slow-start " +
                        std::to_string(delay) +
                        "s) protects slow starts without delaying "
                        "the detection of hangs (" +
                        std::to_string(window) + "s later)");
            }
        }
    }

    void lint_workload(const TreeWorkload& w, NodeId root) {
        if (w.pod_spec == 0) {
            add(doc->line_of(root), "", w.spec_path + ".containers", "required", "error",
                "Required value");
            return;
        }
        bool has_regular = false;
        for (const auto& c : w.containers) {
            has_regular = has_regular || c.list == ContainerList::regular;
        }
        if (!has_regular) {
            add(doc->line_of(w.pod_spec), "", w.spec_path + ".containers", "required", "error",
                "Required value");
        }
        pod_errors = validate_pod_containers(doc->tree.to_json(w.pod_spec), w.spec_path);
        for (const auto& c : w.containers) {
            lint_container(w, c);
        }
    }

    // One object of the stream: a document's root (item -1), or an item of a List.
    void lint_stream_object(const ManifestDocument& d, NodeId root, int item) {
        doc = &d;
        if (item < 0) {
            if (!document_object_root(name, d, root)) {
                return;
            }
        }
        lint_object(root);
    }

    void lint_object(NodeId root) {
        const ManifestTree& t = doc->tree;
        TreeWorkload w;
        if (!find_tree_workload(t, root, w)) {
            std::string kind(t.scalar(t.get(root, "kind")));
            object = kind + "/" + std::string(t.scalar(t.get(t.get(root, "metadata"), "name")));
            if (options.strict && !known_kind_without_pods(kind)) {
                add(doc->line_of(root), "", "kind", "unknown-kind", "warning",
                    kind.empty() ? "object has no kind; not checked"
                                 : "corral does not know where " + kind +
                                       " keeps its containers; not checked");
            }
            return;
        }
        object = w.object();
        ++report.objects;
        lint_workload(w, root);
    }
};

} // namespace

void LintReport::add(LintFinding finding) {
    (finding.severity == Severity::error ? errors : warnings) += 1;
    findings.push_back(std::move(finding));
}

LintFile LintReport::to_lint_file(const std::string& file) const& {
    return LintReport(*this).to_lint_file(file);
}

LintFile LintReport::to_lint_file(const std::string& file) && {
    LintFile out{file, Json::object(), {}};
    out.fields["objects"] = objects;
    out.findings.reserve(findings.size());
    for (auto& f : findings) {
        std::string object = std::move(f.object);
        std::string container = std::move(f.container);
        Finding common = std::move(static_cast<Finding&>(f));
        common.extra = {{"object", std::move(object)}, {"container", std::move(container)}};
        out.findings.push_back(std::move(common));
    }
    std::vector<LintFinding>().swap(findings);
    return out;
}

void lint_manifest_text(const std::string& name, std::string_view text, const LintOptions& options,
                        LintReport& report, const TextRelease& release) {
    // UTF-16 with a byte-order mark, or a UTF-8 one, is decoded as kubectl reads it; plain UTF-8
    // is read where it lies (a mapped file is never copied).
    auto b0 = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
    if (b0 == 0xEF || b0 == 0xFF || b0 == 0xFE) {
        DecodedInput decoded = decode_input(InputFile{name, std::string(text)});
        if (decoded.encoding != TextEncoding::utf8) {
            lint_manifest_text(name, decoded.file.content, options, report);
            return;
        }
    }
    LintReport local; // findings of a file are kept only when all of it could be read
    Linter linter{name, text, options, local};
    for_each_manifest_object(
        name, text,
        [&](const ManifestDocument& doc, NodeId root, int item) {
            linter.lint_stream_object(doc, root, item);
        },
        release);
    for (auto& f : local.findings) {
        report.add(std::move(f));
    }
    report.objects += local.objects;
}

void lint_manifest(const InputFile& raw, const LintOptions& options, LintReport& report) {
    lint_manifest_text(raw.name, raw.content, options, report);
}

} // namespace corral::k8s

namespace corral::k8s {

LintRun lint_manifests(const std::vector<std::string>& args, const LintOptions& options) {
    auto inputs = collect_lint_inputs(args, LintInputOptions{}, "probe lint");
    int objects = 0;
    Json unread;
    unread["objects"] = 0;
    LintRun run = run_lint(
        inputs,
        [&](const std::string& path) {
            InputView input(path); // mapped, not copied: 100 MB streams are read in place
            require_lint_content(input.name(), input.text());
            LintReport report;
            lint_manifest_text(input.name(), input.text(), options, report,
                               [&input](std::size_t offset) { input.release_before(offset); });
            objects += report.objects;
            return std::move(report).to_lint_file(input.name());
        },
        unread);
    run.totals["objects"] = objects;
    return run;
}

} // namespace corral::k8s
