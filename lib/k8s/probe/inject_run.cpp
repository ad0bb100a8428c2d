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

InjectReport run_inject(const InjectRequest& request) {
    InjectOptions options = options_of(request);
    std::vector<std::string> paths = expand_inputs(request.files);
    if (request.in_place && std::find(paths.begin(), paths.end(), "-") != paths.end()) {
        throw Error::usage("--in-place cannot rewrite stdin");
    }
    // Every input is planned before anything is written: one refusal leaves all files as they were.
    std::vector<std::pair<InputFile, InjectResult>> results;
    bool matched = false;
    int workloads = 0;
    std::vector<std::string> names;
    for (const auto& path : paths) {
        InputFile in = read_input(path);
        auto r = inject_probes(in, options);
        matched = matched || r.matched;
        workloads += r.workloads;
        for (const auto& n : r.container_names) {
            if (std::find(names.begin(), names.end(), n) == names.end()) {
                names.push_back(n);
            }
        }
        results.emplace_back(std::move(in), std::move(r));
    }
    if (!matched && workloads > 0) {
        throw Error::check((request.all_containers
                                ? std::string("no container can take a probe")
                                : "no container named " + join(request.containers, ", ")) +
                           (names.empty() ? " (no workload containers found)"
                                          : " (containers: " + join(names, ", ") + ")"));
    }
    InjectReport report;
    AtomicBatch batch;
    Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
    for (auto& [in, r] : results) {
        if (r.workloads == 0) {
            report.messages.push_back(
                {false, in.name + ": no workload (Pod, Deployment, StatefulSet, DaemonSet, Job, "
                                  "CronJob, ...) in it; passed through unchanged"});
        }
        for (const auto& c : r.changes) {
            std::string where = in.name + ":" + std::to_string(c.line) + ": ";
            if (c.action == "kept") {
                report.messages.push_back({true, where + c.object + " container " + c.container +
                                                     " already has a " + c.field +
                                                     "; kept (use --overwrite)"});
            } else if (c.action != "unchanged") {
                report.messages.push_back({false, where + c.action + " " + c.field + " " +
                                                      c.object + " container " + c.container});
            }
        }
        if (request.in_place) {
            if (r.text != in.content) {
                // Every file is staged (written and checked: links, owner) before any is
                // replaced; the mode, owner and group are kept (core/atomic_write.hpp).
                batch.stage(in.name, r.text, {true, 0644, true});
                report.rewritten.push_back(in.name);
            }
        } else if (request.json_output) {
            Json objects = manifests_as_list(InputFile{in.name, r.text});
            for (auto& item : objects["items"]) {
                list["items"].push_back(std::move(item));
            }
        } else {
            std::string& out = report.output;
            if (!out.empty() && results.size() > 1) {
                if (out.back() != '\n') {
                    out += '\n';
                }
                out += "---\n";
            }
            // Several inputs are joined as one YAML stream; a lone input keeps its bytes (JSON,
            // UTF-16) exactly.
            out += results.size() > 1 && r.encoding != TextEncoding::utf8
                       ? decode_input(InputFile{in.name, r.text}).file.content
                       : r.text;
        }
    }
    // kubectl reads a stream that starts with '{' as concatenated JSON: several inputs joined
    // with "---" must read as YAML from the first byte.
    if (!request.in_place && !request.json_output && results.size() > 1 &&
        looks_like_json(report.output)) {
        report.output = "---\n" + report.output;
    }
    if (request.json_output) {
        report.output = list.dump(4, ' ', false, Json::error_handler_t::replace) + "\n";
    }
    batch.commit();
    return report;
}

} // namespace corral::k8s
