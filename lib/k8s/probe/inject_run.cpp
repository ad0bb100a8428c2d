#include "k8s/probe/inject_run.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "core/yaml.hpp"
#include "k8s/manifest.hpp"
#include "k8s/manifest_json.hpp"

#include <algorithm>

#include <sys/stat.h>

namespace corral::k8s {

namespace {

InjectOptions options_of(const InjectRequest& r) {
    if (r.files.empty()) {
        throw Error::usage("probe inject needs -f FILE (or -f - for stdin)");
    }
    if (r.containers.empty() == !r.all_containers) {
        throw Error::usage("choose the containers: --container NAME (repeatable) or "
                           "--all-containers");
    }
    if (r.in_place && r.json_output) {
        throw Error::usage("-o json writes the manifests to stdout; it cannot be combined with "
                           "--in-place");
    }
    InjectOptions options;
    options.containers = r.containers;
    options.all_containers = r.all_containers;
    options.overwrite = r.overwrite;
    if (r.remove) {
        if (!r.probe.handler.empty() || r.probe.get_url || r.probe.open_tcp) {
            throw Error::usage("--remove takes only --kind, not a handler");
        }
        options.remove.push_back(requested_kind(r.probe));
    } else {
        options.probes = build_probes(r.probe);
    }
    return options;
}

} // namespace

Json manifests_as_list(const InputFile& text) {
    Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
    DecodedInput decoded = decode_input(text);
    for (const auto& doc : load_yaml_documents(decoded.file)) {
        if (doc.root.IsNull()) {
            continue;
        }
        Json object = yaml_to_json(doc.root);
        if (object.is_object() && object.value("kind", Json("")) == "List" &&
            object.contains("items") && object["items"].is_array()) {
            for (auto& item : object["items"]) {
                list["items"].push_back(std::move(item));
            }
        } else {
            list["items"].push_back(std::move(object));
        }
    }
    return list;
}

namespace {

// The messages of one input, in the order of its changes.
void add_messages(const std::string& name, const InjectResult& r, InjectReport& report) {
    if (r.workloads == 0) {
        report.messages.push_back(
            {false, name + ": no workload (Pod, Deployment, StatefulSet, DaemonSet, Job, "
                           "CronJob, ...) in it; passed through unchanged"});
    }
    for (const auto& c : r.changes) {
        std::string where = name + ":" + std::to_string(c.line) + ": ";
        if (c.action == "kept") {
            report.messages.push_back({true, where + c.object + " container " + c.container +
                                                 " already has a " + c.field +
                                                 "; kept (use --overwrite)"});
        } else if (c.action != "unchanged") {
            report.messages.push_back({false, where + c.action + " " + c.field + " " + c.object +
                                                  " container " + c.container});
        }
    }
}

// Appends one input's manifests to the stream on stdout. Several inputs are joined as one YAML
// stream; a lone input keeps its bytes (JSON, UTF-16) exactly.
void append_output(std::string& out, std::string_view text, TextEncoding encoding, bool several,
                   const std::string& name) {
    if (!several) {
        out.append(text);
        return;
    }
    if (!out.empty()) {
        if (out.back() != '\n') {
            out += '\n';
        }
        out += "---\n";
    }
    if (encoding != TextEncoding::utf8) {
        out += decode_input(InputFile{name, std::string(text)}).file.content;
    } else {
        out.append(text);
    }
}

} // namespace

InjectReport run_inject(const InjectRequest& request) {
    InjectOptions options = options_of(request);
    std::vector<std::string> paths = expand_inputs(request.files);
    if (request.in_place && std::find(paths.begin(), paths.end(), "-") != paths.end()) {
        throw Error::usage("--in-place cannot rewrite stdin");
    }
    // Each input is read (mapped, given back behind the reader), planned and its result written
    // at once: appended to the output, or staged to a temporary file beside it with --in-place.
    // Nothing reaches stdout or replaces a file before every input succeeded (an error drops the
    // output and the staged files); neither the inputs nor a second copy of a result are held.
    InjectReport report;
    AtomicBatch batch;
    Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
    bool matched = false;
    int workloads = 0;
    std::vector<std::string> names;
    const bool several = paths.size() > 1;
    bool json_checked = false; // whether the joined stream's start was checked for JSON
    for (const auto& path : paths) {
        InputView in(path);
        auto r = inject_probes_text(in.name(), in.text(), options,
                                    [&in](std::size_t offset) { in.release_before(offset); });
        matched = matched || r.matched;
        workloads += r.workloads;
        for (const auto& n : r.container_names) {
            if (std::find(names.begin(), names.end(), n) == names.end()) {
                names.push_back(n);
            }
        }
        add_messages(in.name(), r, report);
        std::string_view text = r.changed ? std::string_view(r.text) : in.text();
        if (request.in_place) {
            if (r.changed && text != in.text()) {
                // Every file is staged (written and checked: links, owner) before any is
                // replaced; the mode, owner and group are kept (core/atomic_write.hpp).
                batch.stage(in.name(), text, {true, 0644, true});
                report.rewritten.push_back(in.name());
            }
        } else if (request.json_output) {
            Json objects = manifests_as_list(InputFile{in.name(), std::string(text)});
            for (auto& item : objects["items"]) {
                list["items"].push_back(std::move(item));
            }
        } else if (!several && r.changed && r.encoding == TextEncoding::utf8) {
            report.output = std::move(r.text); // a lone result is the output itself
        } else {
            append_output(report.output, text, r.encoding, several, in.name());
            // kubectl reads a stream that starts with '{' as concatenated JSON: several inputs
            // joined with "---" must read as YAML from the first byte (decided on the first
            // input that is not blank, while the output is still short).
            if (several && !json_checked &&
                report.output.find_first_not_of(" \t\r\n") != std::string::npos) {
                json_checked = true;
                if (looks_like_json(report.output)) {
                    report.output.insert(0, "---\n");
                }
            }
        }
    }
    if (!matched && workloads > 0) {
        throw Error::check((request.all_containers
                                ? std::string("no container can take a probe")
                                : "no container named " + join(request.containers, ", ")) +
                           (names.empty() ? " (no workload containers found)"
                                          : " (containers: " + join(names, ", ") + ")"));
    }
    if (request.json_output) {
        report.output = list.dump(4, ' ', false, Json::error_handler_t::replace) + "\n";
    }
    batch.commit();
    return report;
}

} // namespace corral::k8s
