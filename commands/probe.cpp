// corral probe: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/k8s.
#include "k8s/probe.hpp"
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "k8s/probe_inject.hpp"
#include "k8s/probe_lint.hpp"

#include <CLI/CLI.hpp>

#include <map>

#include <sys/stat.h>

namespace corral::cli {

namespace {

// Generation flags live on the `probe` group so that they complete at `corral probe --<TAB>` and
// reach every handler verb and `probe inject` through CLI11's fallthrough.
struct GenerationArgs {
    std::string kind;
    bool liveness = false, readiness = false, startup = false;
    std::vector<std::string> headers, command, positional_command;
    std::map<std::string, std::string> values;
    std::map<std::string, CLI::Option*> options;

    std::optional<std::string> get(const std::string& name) const {
        auto it = options.find(name);
        if (it == options.end() || it->second->count() == 0) {
            return std::nullopt;
        }
        return values.at(name);
    }

    k8s::ProbeOptions to_options(const std::string& handler) const {
        k8s::ProbeOptions o;
        o.kind = kind;
        o.liveness = liveness;
        o.readiness = readiness;
        o.startup = startup;
        o.handler = handler;
        o.port = get("port");
        o.path = get("path");
        o.scheme = get("scheme");
        o.host = get("host");
        o.service = get("service");
        o.headers = headers;
        o.command = command;
        o.command.insert(o.command.end(), positional_command.begin(), positional_command.end());
        o.get_url = get("get-url");
        o.open_tcp = get("open-tcp");
        o.initial_delay = get("initial-delay");
        o.period = get("period");
        o.timeout = get("timeout");
        o.success_threshold = get("success-threshold");
        o.failure_threshold = get("failure-threshold");
        o.termination_grace = get("termination-grace");
        o.slow_start = get("slow-start");
        return o;
    }
};

void add_generation_flags(CLI::App& group, GenerationArgs& a) {
    const std::string g = "Probe (http|tcp|grpc|exec and inject)";
    group.add_option("--kind", a.kind, "Probe kind.")
        ->check(CLI::IsMember({"liveness", "readiness", "startup"}))
        ->group(g);
    group.add_flag("--liveness", a.liveness, "Same as --kind liveness (OpenShift spelling)")
        ->group(g);
    group.add_flag("--readiness", a.readiness, "Same as --kind readiness")->group(g);
    group.add_flag("--startup", a.startup, "Same as --kind startup")->group(g);
    auto value = [&](const std::string& name, const std::string& type, const std::string& help) {
        a.values[name];
        a.options[name] =
            group.add_option("--" + name, a.values[name], help)->type_name(type)->group(g);
    };
    value("port", "PORT", "Port number (1-65535) or IANA port name of the container");
    value("path", "PATH", "HTTP path (default /)");
    value("scheme", "{HTTP,HTTPS}", "HTTP scheme (exactly HTTP or HTTPS)");
    value("host", "HOST", "Host to connect to (default: the pod IP)");
    group.add_option("--header", a.headers, "HTTP header 'Name: value' ('Name:' sends it empty)")
        ->type_name("HEADER")
        ->group(g);
    value("service", "NAME", "gRPC health service name");
    group.add_option("--command", a.command, "Exec probe argv (or give it after --)")
        ->type_name("ARG")
        ->group(g);
    value("get-url", "URL", "HTTP probe from a URL: http://[host]:port/path (OpenShift)");
    value("open-tcp", "PORT", "TCP probe on PORT (OpenShift)");
    value("initial-delay", "SECONDS", "initialDelaySeconds (also 30s, 2m)");
    value("period", "SECONDS", "periodSeconds (default 10)");
    value("timeout", "SECONDS", "timeoutSeconds (default 1)");
    value("success-threshold", "N", "successThreshold (must be 1 for liveness and startup)");
    value("failure-threshold", "N", "failureThreshold (default 3)");
    value("termination-grace", "SECONDS",
          "Probe-level terminationGracePeriodSeconds (not for readiness)");
    value("slow-start", "DURATION",
          "Also emit a startupProbe whose failureThreshold x periodSeconds covers DURATION");
}

int print_probes(Context& ctx, const std::vector<k8s::GeneratedProbe>& probes) {
    ctx.format("text,json,yaml");
    Json out = Json::object();
    std::string text;
    for (const auto& p : probes) {
        std::string field(k8s::probe_field_name(p.kind));
        out[field] = p.probe;
        text += k8s::probe_yaml(field, p.probe);
    }
    print_result(out, text);
    return 0;
}

struct InjectArgs {
    std::vector<std::string> files;
    std::vector<std::string> containers;
    bool all_containers = false;
    bool in_place = false;
    bool overwrite = false;
    bool remove = false;
};

int run_inject(Context& /*ctx*/, const GenerationArgs& gen, const InjectArgs& a,
               const std::string& handler) {
    if (a.files.empty()) {
        throw Error::usage("probe inject needs -f FILE (or -f - for stdin)");
    }
    if (a.containers.empty() == !a.all_containers) {
        throw Error::usage("choose the containers: --container NAME (repeatable) or "
                           "--all-containers");
    }
    k8s::InjectOptions options;
    options.containers = a.containers;
    options.all_containers = a.all_containers;
    options.overwrite = a.overwrite;
    k8s::ProbeOptions po = gen.to_options(handler);
    if (a.remove) {
        if (!handler.empty() || po.get_url || po.open_tcp) {
            throw Error::usage("--remove takes only --kind, not a handler");
        }
        options.remove.push_back(k8s::requested_kind(po));
    } else {
        options.probes = k8s::build_probes(po);
    }
    std::vector<std::string> paths = expand_inputs(a.files);
    if (a.in_place) {
        for (const auto& p : paths) {
            if (p == "-") {
                throw Error::usage("--in-place cannot rewrite stdin");
            }
        }
    }
    std::vector<std::pair<InputFile, k8s::InjectResult>> results;
    bool matched = false;
    std::vector<std::string> names;
    for (const auto& path : paths) {
        InputFile in = read_input(path);
        auto r = k8s::inject_probes(in, options);
        matched = matched || r.matched;
        for (const auto& n : r.container_names) {
            if (std::find(names.begin(), names.end(), n) == names.end()) {
                names.push_back(n);
            }
        }
        results.emplace_back(std::move(in), std::move(r));
    }
    if (!matched) {
        std::string list;
        for (const auto& n : names) {
            list += (list.empty() ? "" : ", ") + n;
        }
        std::string wanted;
        for (const auto& n : a.containers) {
            wanted += (wanted.empty() ? "" : ", ") + n;
        }
        throw Error::check(
            (a.all_containers ? std::string("no container can take a probe")
                              : "no container named " + wanted) +
            (names.empty() ? " (no workload containers found)" : " (containers: " + list + ")"));
    }
    std::string combined;
    AtomicBatch batch;
    for (auto& [in, r] : results) {
        for (const auto& c : r.changes) {
            if (c.action == "kept") {
                log::warn("{}:{}: {} container {} already has a {}; kept (use --overwrite)",
                          in.name, c.line, c.object, c.container, c.field);
            } else if (c.action != "unchanged") {
                log::info("{}:{}: {} {} {} container {}", in.name, c.line, c.action, c.field,
                          c.object, c.container);
            }
        }
        if (a.in_place) {
            if (r.text != in.content) {
                // Every file is staged (and checked) before any is replaced.
                batch.stage(in.name, r.text, {true, 0644, true});
            }
        } else {
            if (!combined.empty() && results.size() > 1) {
                if (combined.back() != '\n') {
                    combined += '\n';
                }
                combined += "---\n";
            }
            combined += r.text;
        }
    }
    if (a.in_place) {
        batch.commit();
    } else {
        write_stdout(combined);
    }
    return 0;
}

} // namespace

void add_probe_commands(CLI::App& group_app, Context& ctx) {
    auto* group = &group_app;
    auto gen = std::make_shared<GenerationArgs>();
    add_generation_flags(*group, *gen);
    group->footer(
        "\nExamples:\n"
        "  corral probe http --kind liveness --port 8080 --path /healthz\n"
        "  corral probe --readiness --get-url http://:8080/ready -o json\n"
        "  corral probe inject tcp --kind readiness --port 5432 -f db.yaml --all-containers\n"
        "  corral probe lint -f k8s/");

    auto dispatch = std::make_shared<std::vector<std::pair<CLI::App*, std::function<int()>>>>();

    for (const char* handler : {"http", "tcp", "grpc", "exec"}) {
        std::string h = handler;
        std::string help = h == "http"   ? "Print an httpGet probe"
                           : h == "tcp"  ? "Print a tcpSocket probe"
                           : h == "grpc" ? "Print a gRPC probe"
                                         : "Print an exec probe (command after --)";
        auto* sub = group->add_subcommand(h, help);
        if (h == "exec") {
            sub->add_option("command", gen->positional_command, "Command and arguments")
                ->type_name("ARG");
        }
        std::function<int()> fn = [&ctx, gen, h] {
            return print_probes(ctx, k8s::build_probes(gen->to_options(h)));
        };
        on_run(*sub, ctx, fn);
        dispatch->emplace_back(sub, fn);
    }

    // inject [http|tcp|grpc|exec]
    auto inject_args = std::make_shared<InjectArgs>();
    auto* inject = group->add_subcommand(
        "inject", "Add a probe to containers of manifests, changing nothing else (byte for byte)");
    inject->require_subcommand(0, 1);
    inject->add_option("-f,--file", inject_args->files, "Manifest file, directory or - (stdin)")
        ->type_name("FILE");
    inject->add_option("--container", inject_args->containers, "Container name (repeatable)")
        ->type_name("NAME");
    inject->add_flag("--all-containers", inject_args->all_containers,
                     "All containers (and sidecar init containers)");
    inject->add_flag("--in-place", inject_args->in_place, "Rewrite the files (atomically)");
    inject->add_flag("--overwrite", inject_args->overwrite,
                     "Replace an existing probe of that kind");
    inject->add_flag("--remove", inject_args->remove, "Remove the probe of that kind");
    inject->footer(
        "\nThe probe flags (--kind, --port, --path, timings, --slow-start, ...) are those of\n"
        "`corral probe` and may come before or after the verb.\n"
        "\nExamples:\n"
        "  corral probe inject http --kind liveness --port 8080 --path /healthz \\\n"
        "      -f deploy.yaml --container app --in-place\n"
        "  corral probe inject --remove --kind readiness -f deploy.yaml --all-containers");
    auto inject_dispatch =
        std::make_shared<std::vector<std::pair<CLI::App*, std::function<int()>>>>();
    for (const char* handler : {"http", "tcp", "grpc", "exec"}) {
        std::string h = handler;
        auto* sub =
            inject->add_subcommand(h, h == "http"   ? "Inject an httpGet probe"
                                      : h == "tcp"  ? "Inject a tcpSocket probe"
                                      : h == "grpc" ? "Inject a gRPC probe"
                                                    : "Inject an exec probe (command after --)");
        if (h == "exec") {
            sub->add_option("command", gen->positional_command, "Command and arguments")
                ->type_name("ARG");
        }
        std::function<int()> fn = [&ctx, gen, inject_args, h] {
            return run_inject(ctx, *gen, *inject_args, h);
        };
        on_run(*sub, ctx, fn);
        inject_dispatch->emplace_back(sub, fn);
    }
    std::function<int()> inject_fn = [&ctx, gen, inject_args, inject_dispatch] {
        for (auto& [sub, fn] : *inject_dispatch) {
            if (sub->parsed()) {
                return fn();
            }
        }
        return run_inject(ctx, *gen, *inject_args, "");
    };
    on_run(*inject, ctx, inject_fn);
    dispatch->emplace_back(inject, inject_fn);

    // lint
    auto lint_files = std::make_shared<std::vector<std::string>>();
    auto strict = std::make_shared<bool>(false);
    auto* lint = group->add_subcommand(
        "lint", "Check probes as the API server does, plus best-practice warnings");
    lint->add_option("-f,--file,files", *lint_files, "Manifest files, directories or - (stdin)")
        ->type_name("FILE");
    lint->add_flag("--strict", *strict, "Fail on warnings too; report kinds corral cannot check");
    std::function<int()> lint_fn = [&ctx, lint_files, strict] {
        ctx.format("text,json,yaml");
        if (lint_files->empty()) {
            throw Error::usage("probe lint needs -f FILE (or -f - for stdin)");
        }
        k8s::LintReport report;
        k8s::LintOptions options;
        options.strict = *strict;
        for (const auto& path : expand_inputs(*lint_files)) {
            k8s::lint_manifest(read_input(path), options, report);
        }
        print_result(report.to_json(), report.to_text());
        log::info("{} error{}, {} warning{} in {} object{}", report.errors,
                  report.errors == 1 ? "" : "s", report.warnings, report.warnings == 1 ? "" : "s",
                  report.objects, report.objects == 1 ? "" : "s");
        return report.errors > 0 || (*strict && report.warnings > 0) ? 1 : 0;
    };
    on_run(*lint, ctx, lint_fn);
    dispatch->emplace_back(lint, lint_fn);

    on_run(*group, ctx, [&ctx, gen, dispatch] {
        for (auto& [sub, fn] : *dispatch) {
            if (sub->parsed()) {
                return fn();
            }
        }
        // `corral probe --liveness --get-url http://:8080/healthz` (OpenShift style).
        k8s::ProbeOptions o = gen->to_options("");
        if (!o.get_url && !o.open_tcp && o.command.empty()) {
            throw Error::usage("choose a command: http, tcp, grpc, exec, inject or lint (or "
                               "--get-url/--open-tcp); see corral probe --help");
        }
        return print_probes(ctx, k8s::build_probes(gen->to_options("")));
    });
}

} // namespace corral::cli
